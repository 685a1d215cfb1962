#![no_main]
// The check lives in src/lib.rs so that tests/fuzz_corpus.rs replays the corpus through it on stable.
libfuzzer_sys::fuzz_target!(|data: &[u8]| caixin_sidebar_fuzz::dates(data));
