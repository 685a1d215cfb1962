//! The page's own statements first, then reading, then nothing: how the fields of the page's own
//! article (its people, publication time, section, contacts and tags) are chosen when several
//! places of the page speak of them.
//!
//! Every reader that finds such a value makes a [`Claim`] with its [`Source`], ranked:
//!
//! 1. [`Source::Structured`] — structured data: JSON-LD (`NewsArticle`…), `article:*` meta;
//! 2. [`Source::SiteField`] — a field the site keeps for the value, declared by its adapter
//!    (`SiteRules::stated`): caixin.com's hidden `#author_baidu`, `#pubtime_baidu`,
//!    `#editor_baidu`; `meta author`; Caixin Global's inline `entity.tagNames`;
//! 3. [`Source::Labelled`] — a labelled line of the site's article markup: the byline line
//!    (`文｜…`, `By …`), the date line (`发布于 …`, `Published: …`), the editors line;
//! 4. [`Source::Heuristic`] — what a generic reader made of the layout: the dominant text's
//!    header, another mention of the article on the page, the channel its address names.
//!
//! [`settle`] takes, per field, the value of the highest source that speaks. A lower source that
//! disagrees loses, and `warnings` says so in one sentence naming the field and both values'
//! sources. People pass `person::is_person` in every layer; a byline that only a heuristic read,
//! and that does not read as names, leaves the field empty (and says so). Contacts are weighed
//! per role: the site's editor field names the editor, the staff line still names the layout
//! editor.

use super::{byline, dates, person};
use crate::model::{Article, Contact, Translation};

/// Where a value comes from, weakest first: a higher source wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    /// What a generic reader made of the layout.
    Heuristic,
    /// A labelled line of the site's article markup.
    Labelled,
    /// A field the site keeps for the value.
    SiteField,
    /// Structured data (JSON-LD, `article:*` meta).
    Structured,
}

/// One place of the page stating one field.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim<T> {
    pub source: Source,
    /// Where, for the reader: "the site's author field", "the byline line".
    pub from: &'static str,
    pub value: T,
}

/// People stated by one place.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct People {
    /// The line as the page has it.
    pub byline: Option<String>,
    /// The people in it (each a person by `person::is_person`).
    pub names: Vec<String>,
    /// The line shows on the page (a hidden field's text is not a byline as shown).
    pub shown: bool,
    /// Part of the line read as neither a name nor a known word.
    pub doubtful: bool,
}

/// A time stated by one place.
#[derive(Debug, Clone, PartialEq)]
pub struct Time {
    /// RFC 3339, or a full date.
    pub rfc3339: String,
    /// The text it was read from.
    pub text: Option<String>,
    /// The text shows on the page.
    pub shown: bool,
}

/// Every statement about the page's own article, from every source.
#[derive(Debug, Clone, Default)]
pub struct Claims {
    pub people: Vec<Claim<People>>,
    pub published: Vec<Claim<Time>>,
    /// When the article was last updated (`更新于 …`, `dateModified`, `article:modified_time`).
    pub updated: Vec<Claim<Time>>,
    pub section: Vec<Claim<String>>,
    pub contacts: Vec<Claim<Vec<Contact>>>,
    pub tags: Vec<Claim<Vec<String>>>,
    /// The same article in another language (caixin.com's `英文报道` box).
    pub translations: Vec<Claim<Vec<Translation>>>,
}

impl Claims {
    /// A byline line: its people, read by `byline::read` (`credits`: the site's own words).
    pub fn byline(&mut self, source: Source, from: &'static str, line: &str, shown: bool, credits: &[&str]) {
        let r = byline::read(line, credits);
        if r.names.is_empty() && !r.doubtful {
            return;
        }
        let value = People { byline: crate::extract::text::non_empty(line), names: r.names, shown, doubtful: r.doubtful };
        self.people.push(Claim { source, from, value });
    }

    /// A list of names (JSON-LD authors, a comma list): each must be a person.
    pub fn names(&mut self, source: Source, from: &'static str, names: Vec<String>, line: Option<String>, credits: &[&str]) {
        let doubtful = names.iter().any(|n| !person::is_person(person::clean(n), credits) && !person::is_function_word(n, credits));
        let names = person::people(names, credits);
        if names.is_empty() && !doubtful {
            return;
        }
        self.people.push(Claim { source, from, value: People { byline: line, names, shown: false, doubtful } });
    }

    /// A time from a text (`url_date` fills a year the text does not show).
    pub fn time(&mut self, source: Source, from: &'static str, text: &str, shown: bool, url_date: Option<dates::UrlDate>) {
        if let Some(rfc3339) = dates::parse(text, url_date) {
            self.published.push(Claim { source, from, value: Time { rfc3339, text: crate::extract::text::non_empty(text), shown } });
        }
    }

    /// A section by its canonical name.
    pub fn section(&mut self, source: Source, from: &'static str, name: Option<String>) {
        if let Some(value) = name.filter(|n| !n.is_empty()) {
            self.section.push(Claim { source, from, value });
        }
    }

    /// Contacts (each a person).
    pub fn contacts(&mut self, source: Source, from: &'static str, contacts: Vec<Contact>, credits: &[&str]) {
        let value: Vec<Contact> = contacts
            .into_iter()
            .filter_map(|mut c| {
                c.name = person::clean(&c.name).to_string();
                person::is_person(&c.name, credits).then_some(c)
            })
            .collect();
        if !value.is_empty() {
            self.contacts.push(Claim { source, from, value });
        }
    }

    /// Tags.
    pub fn tags(&mut self, source: Source, from: &'static str, tags: Vec<String>) {
        if !tags.is_empty() {
            self.tags.push(Claim { source, from, value: tags });
        }
    }

    /// What an article as one reader read it states, each field at `source`. Only fields that
    /// `than` (what was read before) does not hold are taken, when given: the values another
    /// mention of the article on the page added.
    pub fn read_from(&mut self, a: &Article, source: Source, than: Option<&Article>, credits: &[&str]) {
        let new = |has: bool, had: Option<bool>| has && !had.unwrap_or(false);
        if new(!a.authors.is_empty() || a.byline.is_some(), than.map(|t| !t.authors.is_empty() || t.byline.is_some())) {
            match &a.byline {
                Some(b) => {
                    let r = byline::read(b, credits);
                    // The reader may have split the names already (a JSON-LD list).
                    let names = if r.names.is_empty() { person::people(a.authors.clone(), credits) } else { r.names };
                    let value = People { byline: Some(b.clone()), names, shown: true, doubtful: r.doubtful };
                    self.people.push(Claim { source, from: FROM_BYLINE, value });
                }
                None => self.names(source, FROM_BYLINE, a.authors.clone(), None, credits),
            }
        }
        if let Some(p) = a.published.as_ref().filter(|_| new(true, than.map(|t| t.published.is_some()))) {
            let value = Time { rfc3339: p.clone(), text: a.published_text.clone(), shown: a.published_text.is_some() };
            self.published.push(Claim { source, from: FROM_DATE_LINE, value });
        }
        if new(a.section.is_some(), than.map(|t| t.section.is_some())) {
            self.section(source, FROM_SECTION, a.section.clone());
        }
        let roles_before: Vec<&str> = than.map(|t| t.contacts.iter().map(|c| c.role.as_str()).collect()).unwrap_or_default();
        let contacts: Vec<Contact> = a.contacts.iter().filter(|c| !roles_before.contains(&c.role.as_str())).cloned().collect();
        self.contacts(source, FROM_CONTACTS, contacts, credits);
        let tags: Vec<String> = a.tags.iter().filter(|t| than.is_none_or(|b| !b.tags.contains(t))).cloned().collect();
        self.tags(source, FROM_TAGS, tags);
    }

    /// Adds another set of claims.
    pub fn extend(&mut self, o: Claims) {
        self.people.extend(o.people);
        self.published.extend(o.published);
        self.updated.extend(o.updated);
        self.section.extend(o.section);
        self.contacts.extend(o.contacts);
        self.tags.extend(o.tags);
        self.translations.extend(o.translations);
    }
}

const FROM_BYLINE: &str = "the byline";
const FROM_DATE_LINE: &str = "the date line";
const FROM_SECTION: &str = "the section label";
const FROM_CONTACTS: &str = "the staff line";
const FROM_TAGS: &str = "the labels shown with it";

/// Every source, highest first.
const RANKS: [Source; 4] = [Source::Structured, Source::SiteField, Source::Labelled, Source::Heuristic];

/// The claims of one field, highest source first (the order given among equals). Four passes
/// rather than a sort: a stable sort per claim type would add some 25 KB to the wasm.
fn ranked<T>(claims: &[Claim<T>]) -> Vec<&Claim<T>> {
    RANKS.iter().flat_map(|r| claims.iter().filter(move |c| c.source == *r)).collect()
}

/// The sentence for a lower source that disagrees.
fn overruled(label: &str, field: &str, kept: (&str, &str), lost: (&str, &str)) -> String {
    format!("{label}: {field} “{}” from {} kept over “{}” from {}", kept.0, kept.1, lost.0, lost.1)
}

fn same_people(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().all(|x| b.contains(x))
}

/// Two times agree at the precision both have: the same day for a date, the same minute for two
/// times (a hidden field may add the seconds).
fn same_time(a: &str, b: &str) -> bool {
    let (da, db) = (a.split('T').next().unwrap_or(a), b.split('T').next().unwrap_or(b));
    if da != db {
        return false;
    }
    match (a.split_once('T'), b.split_once('T')) {
        (Some((_, ta)), Some((_, tb))) => ta.get(..5) == tb.get(..5),
        _ => true,
    }
}

/// Sets the people, publication and update times, section, contacts, tags and translations of `a`
/// (the page's own article) from `claims`, by rank (module comment). `label` names the article in
/// warnings.
pub fn settle(a: &mut Article, claims: &Claims, label: &str, warnings: &mut Vec<String>) {
    settle_people(a, claims, label, warnings);
    settle_time(a, claims, label, warnings);
    settle_updated(a, claims, label, warnings);
    // Translations: the highest that speaks (one box on the page today).
    a.translations = ranked(&claims.translations).first().map(|c| c.value.clone()).unwrap_or_default();
    // Section and tags: the highest that speaks.
    let sections = ranked(&claims.section);
    a.section = sections.first().map(|c| c.value.clone());
    if let (Some(top), Some(other)) = (sections.first(), sections.iter().find(|c| c.value != sections[0].value)) {
        warnings.push(overruled(label, "section", (&top.value, top.from), (&other.value, other.from)));
    }
    let tags = ranked(&claims.tags);
    a.tags = tags.first().map(|c| c.value.clone()).unwrap_or_default();
    if let (Some(top), Some(other)) = (tags.first(), tags.iter().find(|c| !same_people(&c.value, &tags[0].value))) {
        warnings.push(overruled(label, "tags", (&top.value.join(", "), top.from), (&other.value.join(", "), other.from)));
    }
    settle_contacts(a, claims, label, warnings);
}

fn settle_people(a: &mut Article, claims: &Claims, label: &str, warnings: &mut Vec<String>) {
    let people = ranked(&claims.people);
    // A heuristic's line that does not read as names is no value.
    let usable = |c: &Claim<People>| {
        let rejected = c.source == Source::Heuristic && c.value.doubtful;
        !c.value.names.is_empty() && !rejected
    };
    let Some(top) = people.iter().copied().find(|c| usable(c)) else {
        a.authors.clear();
        a.byline = None;
        if let Some(c) = people.first() {
            let line = c.value.byline.clone().unwrap_or_else(|| c.value.names.join(", "));
            warnings.push(format!("{label}: authors left empty: “{line}” from {} does not read as names", c.from));
        }
        return;
    };
    a.authors = top.value.names.clone();
    // The line as shown: the highest shown line that names the same people, else the field's.
    let agreeing_shown =
        people.iter().copied().find(|c| c.value.shown && c.value.byline.is_some() && same_people(&c.value.names, &top.value.names));
    a.byline = agreeing_shown.or(Some(top)).and_then(|c| c.value.byline.clone()).or_else(|| Some(top.value.names.join(", ")));
    if let Some(other) = people.iter().filter(|c| usable(c)).find(|c| !same_people(&c.value.names, &top.value.names)) {
        warnings.push(overruled(label, "authors", (&top.value.names.join(", "), top.from), (&other.value.names.join(", "), other.from)));
    }
}

fn settle_time(a: &mut Article, claims: &Claims, label: &str, warnings: &mut Vec<String>) {
    let times = ranked(&claims.published);
    let Some(top) = times.first() else {
        a.published = None;
        return;
    };
    a.published = Some(top.value.rfc3339.clone());
    // The text as shown: the highest shown text that names the same time, else the field's.
    let shown = times.iter().find(|c| c.value.shown && c.value.text.is_some() && same_time(&c.value.rfc3339, &top.value.rfc3339));
    a.published_text = shown.or(Some(top)).and_then(|c| c.value.text.clone());
    if let Some(other) = times.iter().find(|c| !same_time(&c.value.rfc3339, &top.value.rfc3339)) {
        let text = |c: &Claim<Time>| c.value.text.clone().unwrap_or_else(|| c.value.rfc3339.clone());
        warnings.push(overruled(label, "publication time", (&text(top), top.from), (&text(other), other.from)));
    }
}

/// The update time: only what the page states (none read from the layout), the highest source.
fn settle_updated(a: &mut Article, claims: &Claims, label: &str, warnings: &mut Vec<String>) {
    let times = ranked(&claims.updated);
    a.updated = times.first().map(|c| c.value.rfc3339.clone());
    if let (Some(top), Some(other)) = (times.first(), times.iter().find(|c| !same_time(&c.value.rfc3339, &times[0].value.rfc3339))) {
        let text = |c: &Claim<Time>| c.value.text.clone().unwrap_or_else(|| c.value.rfc3339.clone());
        warnings.push(overruled(label, "update time", (&text(top), top.from), (&text(other), other.from)));
    }
}

/// Per role: the highest source naming a role names its people.
fn settle_contacts(a: &mut Article, claims: &Claims, label: &str, warnings: &mut Vec<String>) {
    let mut out: Vec<Contact> = Vec::new();
    let mut by: Vec<(&str, &Claim<Vec<Contact>>)> = Vec::new();
    for claim in ranked(&claims.contacts) {
        let mut roles: Vec<&str> = claim.value.iter().map(|c| c.role.as_str()).collect();
        roles.dedup();
        for role in roles {
            let theirs: Vec<&Contact> = claim.value.iter().filter(|c| c.role == role).collect();
            match by.iter().find(|(r, _)| *r == role) {
                None => {
                    by.push((role, claim));
                    out.extend(theirs.into_iter().cloned());
                }
                Some((_, winner)) => {
                    let kept: Vec<&Contact> = out.iter().filter(|c| c.role == role).collect();
                    let names = |v: &[&Contact]| v.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ");
                    let same = kept.len() == theirs.len() && theirs.iter().all(|t| kept.iter().any(|k| k.name == t.name));
                    if !same {
                        warnings.push(overruled(label, role, (&names(&kept), winner.from), (&names(&theirs), claim.from)));
                    }
                    // The same people: an address the winner lacks is taken.
                    for t in theirs {
                        if let Some(k) = out.iter_mut().find(|k| k.role == role && k.name == t.name && k.email.is_none()) {
                            k.email.clone_from(&t.email);
                        }
                    }
                }
            }
        }
    }
    a.contacts = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(role: &str, name: &str) -> Contact {
        Contact { role: role.into(), name: name.into(), email: None }
    }

    #[test]
    fn the_highest_source_wins_and_a_lower_one_that_disagrees_is_reported() {
        let mut c = Claims::default();
        c.byline(Source::Labelled, "the info line", "文｜财新 王小青 发自香港 发布于", true, &["财新"]);
        c.names(Source::SiteField, "the site's author field", vec!["王小青".into(), "李四".into()], Some("作者：王小青,李四".into()), &[]);
        c.time(Source::Labelled, "the info line", "2026年03月11日 19:08", true, None);
        c.time(Source::SiteField, "the site's time field", "2026-03-11 19:08:33", false, None);
        c.section(Source::Heuristic, "the channel", Some("金融".into()));
        let mut a = Article::default();
        let mut w = Vec::new();
        settle(&mut a, &c, "article 1", &mut w);
        assert_eq!(a.authors, ["王小青", "李四"]);
        assert_eq!(a.byline.as_deref(), Some("作者：王小青,李四"), "the shown line names other people");
        assert_eq!(a.published.as_deref(), Some("2026-03-11T19:08:33+08:00"));
        assert_eq!(a.published_text.as_deref(), Some("2026年03月11日 19:08"), "the shown text of the same time");
        assert_eq!(a.section.as_deref(), Some("金融"));
        assert_eq!(w, ["article 1: authors “王小青, 李四” from the site's author field kept over “王小青” from the info line"]);
    }

    #[test]
    fn a_doubtful_heuristic_alone_leaves_the_field_empty() {
        let mut c = Claims::default();
        c.byline(Source::Heuristic, "the text's header", "来源于 《财新周刊》 本期封面 深度调查报道", true, &[]);
        let mut a = Article { byline: Some("x".into()), authors: vec!["x".into()], ..Article::default() };
        let mut w = Vec::new();
        settle(&mut a, &c, "article 1", &mut w);
        assert!(a.authors.is_empty() && a.byline.is_none());
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("authors left empty"), "{w:?}");
        // Known words only (a label and a publication): nobody is claimed, nothing to say.
        let mut c = Claims::default();
        c.byline(Source::Heuristic, "the text's header", "来源于 《财新周刊》", true, &[]);
        assert!(c.people.is_empty());
    }

    #[test]
    fn times_agree_at_the_precision_both_have() {
        assert!(same_time("2026-03-11T19:08:33+08:00", "2026-03-11T19:08:00+08:00"));
        assert!(same_time("2026-03-11", "2026-03-11T19:08:00+08:00"));
        assert!(!same_time("2026-03-09", "2026-03-07T18:02:11+08:00"));
        assert!(!same_time("2026-03-11T19:09:00+08:00", "2026-03-11T19:08:00+08:00"));
    }

    #[test]
    fn contacts_are_weighed_per_role() {
        let mut c = Claims::default();
        c.contacts(Source::SiteField, "the site's editor field", vec![contact("editor", "李箐")], &[]);
        c.contacts(
            Source::Labelled,
            "the staff line",
            vec![contact("editor", "李箐"), contact("layout editor", "李东昊(ZN028)"), contact("photo editor", "发布于")],
            &[],
        );
        let mut a = Article::default();
        let mut w = Vec::new();
        settle(&mut a, &c, "article 1", &mut w);
        let got: Vec<(&str, &str)> = a.contacts.iter().map(|c| (c.role.as_str(), c.name.as_str())).collect();
        assert_eq!(got, [("editor", "李箐"), ("layout editor", "李东昊")]);
        assert!(w.is_empty(), "{w:?}");
        c.contacts(Source::Heuristic, "another line", vec![contact("editor", "王五")], &[]);
        settle(&mut a, &c, "article 1", &mut w);
        assert_eq!(w, ["article 1: editor “李箐” from the site's editor field kept over “王五” from another line"]);
    }
}
