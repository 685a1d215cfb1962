//! The sidebar's strings: every key the Rust UI (`STRINGS` in src/wasm/ui.rs) and the JS glue ask
//! for exists in both `_locales/en` and `_locales/zh_CN`, with a non-empty message.

use std::collections::BTreeSet;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn keys(locale: &str) -> serde_json::Map<String, serde_json::Value> {
    let text = std::fs::read_to_string(format!("{ROOT}/extension/_locales/{locale}/messages.json")).unwrap();
    serde_json::from_str::<serde_json::Value>(&text).unwrap().as_object().unwrap().clone()
}

/// Keys the code uses: `("key", "English")` pairs in ui.rs, `t('key'` / `getMessage('key'` in JS,
/// `__MSG_key__` in the manifests.
fn used() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let ui = std::fs::read_to_string(format!("{ROOT}/src/wasm/ui.rs")).unwrap();
    let table = &ui[ui.find("const STRINGS").unwrap()..];
    let table = &table[..table.find("];").unwrap()];
    let re = regex_lite::Regex::new(r#"\("([A-Za-z_]+)", ""#).unwrap();
    out.extend(re.captures_iter(table).map(|c| c[1].to_string()));
    let js = std::fs::read_to_string(format!("{ROOT}/extension/sidebar.js")).unwrap();
    let re = regex_lite::Regex::new(r#"\bt\('([A-Za-z_]+)'"#).unwrap();
    out.extend(re.captures_iter(&js).map(|c| c[1].to_string()));
    for m in ["manifest.json", "manifest.firefox.json"] {
        let text = std::fs::read_to_string(format!("{ROOT}/extension/{m}")).unwrap();
        let re = regex_lite::Regex::new(r"__MSG_([A-Za-z_]+)__").unwrap();
        out.extend(re.captures_iter(&text).map(|c| c[1].to_string()));
    }
    out
}

#[test]
fn every_used_string_exists_in_english_and_chinese() {
    let used = used();
    assert!(used.len() > 25, "{used:?}");
    for locale in ["en", "zh_CN"] {
        let k = keys(locale);
        for key in &used {
            let msg = k.get(key).and_then(|v| v["message"].as_str()).unwrap_or("");
            assert!(!msg.is_empty(), "{locale}: no message for {key}");
        }
    }
    let en: BTreeSet<String> = keys("en").keys().cloned().collect();
    let zh: BTreeSet<String> = keys("zh_CN").keys().cloned().collect();
    assert_eq!(en, zh, "the two locales hold the same keys");
}
