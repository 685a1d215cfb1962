//! The sidebar's strings. Each is a [`Msg`]; its text comes from the extension's `_locales` through
//! the host's `t(key)`. When the host has none (the wasm UI tests, a key missing from a locale) the
//! English text is `extension/_locales/en/messages.json` itself, embedded at build time and parsed
//! once: one source for the English text, never a copy to keep in step.
//!
//! This file depends on `std` and `serde_json` only: `tests/locales.rs` compiles it natively to
//! check every key against both locale files.

use std::sync::OnceLock;

use serde_json::Value;

const EN_JSON: &str = include_str!("../../../extension/_locales/en/messages.json");

/// Declares `Msg`, its keys in `messages.json`, and `Msg::ALL`, from one list.
macro_rules! messages {
    ($($variant:ident = $key:literal,)*) => {
        /// A string of the sidebar's interface.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Msg {
            $($variant,)*
        }

        impl Msg {
            /// Every message the Rust UI can show (`tests/locales.rs` checks each in both locales).
            #[allow(dead_code)]
            pub const ALL: &'static [Msg] = &[$(Msg::$variant,)*];

            /// Its key in `_locales/*/messages.json`.
            pub fn key(self) -> &'static str {
                match self {
                    $(Msg::$variant => $key,)*
                }
            }
        }
    };
}

messages! {
    Lang = "lang",
    Rescan = "rescan",
    Search = "search",
    Author = "author",
    From = "from",
    To = "to",
    SortLabel = "sortLabel",
    SortPage = "sortPage",
    SortNewest = "sortNewest",
    SortOldest = "sortOldest",
    Sections = "sections",
    AllSections = "allSections",
    NoSection = "noSection",
    ArticleList = "articleList",
    Articles = "articles",
    Shown = "shown",
    Scanned = "scanned",
    Read = "read",
    Open = "open",
    EnglishVersion = "englishVersion",
    ChineseVersion = "chineseVersion",
    ExportFormat = "exportFormat",
    ExportScope = "exportScope",
    Download = "download",
    Copy = "copy",
    Copied = "copied",
    ScopeAll = "scopeAll",
    ScopeFiltered = "scopeFiltered",
    Paywalled = "paywalled",
    NoMatch = "noMatch",
    KindListing = "kind_listing",
    KindArticle = "kind_article",
    KindUnknown = "kind_unknown",
    Clear = "clear",
    Warnings = "warnings",
    ViewLabel = "viewLabel",
    ViewPage = "viewPage",
    ViewCollection = "viewCollection",
    ShowLabel = "showLabel",
    OnlyNew = "onlyNew",
    FreeOnly = "freeOnly",
    BadgeNew = "badgeNew",
    BadgeFull = "badgeFull",
    BadgePartial = "badgePartial",
    BadgeFailed = "badgeFailed",
    FetchFull = "fetchFull",
    AddToCollection = "addToCollection",
    RemoveFromCollection = "removeFromCollection",
    Remove = "remove",
    ClearCollection = "clearCollection",
    ConfirmClear = "confirmClear",
    ConfirmYes = "confirmYes",
    ConfirmNo = "confirmNo",
    CollectionMeta = "collectionMeta",
    CollectionEmpty = "collectionEmpty",
    Added = "added",
    Removed = "removed",
    Cleared = "cleared",
    CollectionFull = "collectionFull",
    CannotSave = "cannotSave",
    FetchProgressLabel = "fetchProgressLabel",
    FetchProgress = "fetchProgress",
    FetchFailures = "fetchFailures",
    FetchWaiting = "fetchWaiting",
    FetchFinished = "fetchFinished",
    FetchStopped = "fetchStopped",
    FetchStoppedWait = "fetchStoppedWait",
    FetchCancelled = "fetchCancelled",
    FetchNothing = "fetchNothing",
    Cancel = "cancel",
    RetryFailed = "retryFailed",
    WhyStatus = "whyStatus",
    WhyNoArticle = "whyNoArticle",
    WhyOffSite = "whyOffSite",
    WhyBusy = "whyBusy",
    WhyNetwork = "whyNetwork",
    WhyTimedOut = "whyTimedOut",
    WhyStopped = "whyStopped",
    WhyNotHttps = "whyNotHttps",
    WhyUserInfo = "whyUserInfo",
    WhyPort = "whyPort",
    WhyRedirected = "whyRedirected",
    WhyBadAddress = "whyBadAddress",
    WhyTooLarge = "whyTooLarge",
    PrivateNote = "privateNote",
    NewerNote = "newerNote",
    Unreadable = "unreadable",
}

/// `text` with each `{name}` replaced by its value: the messages that hold numbers
/// ("{done} / {total} fetched") leave the order of words to each language.
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = text.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// The English text of `msg` (the key itself if `messages.json` lacks it, which
/// `tests/locales.rs` rules out).
pub fn english(msg: Msg) -> &'static str {
    static EN: OnceLock<Value> = OnceLock::new();
    let en = EN.get_or_init(|| serde_json::from_str(EN_JSON).unwrap_or(Value::Null));
    en[msg.key()]["message"].as_str().unwrap_or(msg.key())
}
