//! A JavaScript string into Rust with one copy by the browser's `TextEncoder.encodeInto`, written
//! straight into the wasm memory.
//!
//! wasm-bindgen passes a `&str` argument by copying it in a JavaScript loop, one UTF-16 unit at a
//! time while they are ASCII, and only then hands the rest to `encodeInto`. A page that is ASCII
//! for most of its length (the generated 2,000-story page: all but its last 41 characters) goes
//! through that loop almost whole, and in a panel that has just opened the loop starts
//! unoptimised: the loop alone over those 1.9 MB took 22–46 ms on its first call in a fresh Node
//! process and 10–17 ms after, `encodeInto` 2–6 ms (BENCHMARKS.md, "Where extraction's time goes
//! in a panel that has just opened").

use js_sys::{JsString, Uint8Array};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    /// `encoder.encodeInto(source, destination)`: `{read, written}` (read in UTF-16 units).
    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(this: &TextEncoder, source: &JsString, destination: &Uint8Array) -> EncodeIntoResult;

    type EncodeIntoResult;
    #[wasm_bindgen(method, getter)]
    fn read(this: &EncodeIntoResult) -> u32;
    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodeIntoResult) -> u32;
}

/// `s` as UTF-8 (lone surrogates as U+FFFD, as `TextEncoder` and wasm-bindgen's own copy do).
pub(crate) fn utf8(s: &JsString) -> String {
    let units = s.length();
    let encoder = TextEncoder::new();
    // ASCII needs one byte per unit: that much first; what is left after the first non-fitting
    // character takes at most three bytes per unit.
    let mut buf = vec![0u8; units as usize];
    let (mut read, mut written) = (0u32, 0usize);
    let mut source = s.clone();
    loop {
        // SAFETY: the view covers `buf[written..]`, which lives through the call; nothing
        // allocates in the wasm memory while the view exists (memory growth would detach it).
        let view = unsafe { Uint8Array::view_mut_raw(buf.as_mut_ptr().add(written), buf.len() - written) };
        let r = encoder.encode_into(&source, &view);
        drop(view);
        read += r.read();
        written += r.written() as usize;
        if read >= units {
            break;
        }
        buf.resize(written + (units - read) as usize * 3, 0);
        source = s.slice(read, units);
    }
    buf.truncate(written);
    // TextEncoder writes UTF-8 only: the check never fails (and is cheap next to the copy).
    String::from_utf8(buf).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}
