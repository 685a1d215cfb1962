//! The sidebar's strings: every key the Rust UI (`Msg` in src/wasm/ui/i18n.rs), the JS glue and
//! the manifests ask for exists in both `_locales/en` and `_locales/zh_CN`, with a non-empty
//! message, and the English fallback the Rust UI shows is the English locale's text.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

/// The Rust UI's message list and its English fallback, compiled natively here: the module
/// depends on std and serde_json only. (The rest of the UI is wasm-only.)
#[path = "../src/wasm/ui/i18n.rs"]
#[allow(dead_code)]
mod i18n;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{ROOT}/{path}")).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn messages(locale: &str) -> Map<String, Value> {
    let text = read(&format!("extension/_locales/{locale}/messages.json"));
    match serde_json::from_str(&text).unwrap_or_else(|e| panic!("{locale}: {e}")) {
        Value::Object(m) => m,
        other => panic!("{locale}: not an object: {other}"),
    }
}

fn message<'a>(m: &'a Map<String, Value>, key: &str) -> &'a str {
    m.get(key).and_then(|v| v["message"].as_str()).unwrap_or("")
}

/// Keys the JS glue asks for: `t('key'` in sidebar.js.
fn js_keys() -> BTreeSet<String> {
    let js = read("extension/sidebar.js");
    let re = regex_lite::Regex::new(r#"\bt\('([A-Za-z_]+)'"#).unwrap();
    re.captures_iter(&js).map(|c| c[1].to_string()).collect()
}

/// Keys the manifests name: `__MSG_key__` anywhere in their JSON strings.
fn manifest_keys() -> BTreeSet<String> {
    fn walk(v: &Value, out: &mut BTreeSet<String>) {
        match v {
            Value::String(s) => {
                if let Some(k) = s.strip_prefix("__MSG_").and_then(|k| k.strip_suffix("__")) {
                    out.insert(k.to_string());
                }
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            Value::Object(o) => o.values().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    for m in ["manifest.json", "manifest.chrome.json", "manifest.firefox.json"] {
        walk(&serde_json::from_str(&read(&format!("extension/{m}"))).unwrap(), &mut out);
    }
    out
}

#[test]
fn every_used_string_exists_in_english_and_chinese() {
    let rust: BTreeSet<String> = i18n::Msg::ALL.iter().map(|m| m.key().to_string()).collect();
    assert_eq!(rust.len(), i18n::Msg::ALL.len(), "one key per message");
    let (js, manifests) = (js_keys(), manifest_keys());
    assert!(rust.len() > 30 && js.len() >= 3 && manifests.len() >= 3, "{rust:?} {js:?} {manifests:?}");
    for locale in ["en", "zh_CN"] {
        let m = messages(locale);
        for key in rust.iter().chain(&js).chain(&manifests) {
            assert!(!message(&m, key).is_empty(), "{locale}: no message for {key}");
        }
    }
    let (en, zh) = (messages("en"), messages("zh_CN"));
    assert_eq!(en.keys().collect::<BTreeSet<_>>(), zh.keys().collect::<BTreeSet<_>>(), "the two locales hold the same keys");
}

/// The `{name}` slots the Rust UI fills in a message (`i18n::fill`): the same in both languages,
/// so no number goes missing in one of them.
#[test]
fn both_languages_have_the_same_slots() {
    let re = regex_lite::Regex::new(r"\{[a-z]+\}").unwrap();
    let slots = |s: &str| re.find_iter(s).map(|m| m.as_str().to_string()).collect::<BTreeSet<_>>();
    let (en, zh) = (messages("en"), messages("zh_CN"));
    let mut with_slots = 0;
    for key in en.keys() {
        assert_eq!(slots(message(&en, key)), slots(message(&zh, key)), "{key}");
        with_slots += usize::from(!slots(message(&en, key)).is_empty());
    }
    assert!(with_slots >= 10, "{with_slots}");
    assert_eq!(i18n::fill("{done} / {total} fetched", &[("done", "3"), ("total", "20")]), "3 / 20 fetched");
}

#[test]
fn the_english_fallback_is_the_english_locale() {
    let en = messages("en");
    for &m in i18n::Msg::ALL {
        assert_eq!(i18n::english(m), message(&en, m.key()), "{m:?}");
    }
    assert_eq!(i18n::english(i18n::Msg::Rescan), "Rescan");
    // The interface language, set as <html lang> of the sidebar page.
    assert_eq!(i18n::english(i18n::Msg::Lang), "en");
    assert_eq!(message(&messages("zh_CN"), "lang"), "zh-CN");
}
