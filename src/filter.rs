//! Filtering and sorting the article list: what the sidebar shows and the "filtered" export scope.
//! Pure functions over `&[Article]`; returns indices so the caller keeps one copy of the data.

use crate::model::Article;

/// The order of the list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    /// As on the page.
    #[default]
    PageOrder,
    /// Newest first (undated last).
    Newest,
    /// Oldest first (undated last).
    Oldest,
}

impl Sort {
    /// `newest`, `oldest`; anything else is page order.
    pub fn parse(s: &str) -> Sort {
        match s {
            "newest" => Sort::Newest,
            "oldest" => Sort::Oldest,
            _ => Sort::PageOrder,
        }
    }
}

/// What the sidebar's filters ask for; the default shows everything in page order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Show only these sections (none selected: all). `""` selects articles without a section.
    pub sections: Vec<String>,
    /// Words that must all appear (case-insensitive) in title, summary, body, byline or authors.
    pub text: String,
    /// Substring of one of the authors (case-insensitive).
    pub author: String,
    /// Inclusive `YYYY-MM-DD` lower bound on the (Beijing) publication date, else the URL's day.
    pub from: Option<String>,
    /// Inclusive upper bound, as `from`.
    pub to: Option<String>,
    /// Only what is free to read: articles the site does not mark as paid.
    pub free_only: bool,
    /// Only these articles, by their `key` (the sidebar's "New" filter:
    /// what was not on the page at the last visit). `None`: no such limit.
    pub only_keys: Option<std::collections::HashSet<String>>,
    /// The order of the result.
    pub sort: Sort,
}

impl Filter {
    /// Does the article pass every filter?
    pub fn matches(&self, a: &Article) -> bool {
        self.matches_with(a, None)
    }

    /// `matches`, with the article's `searchable` text computed beforehand (the sidebar keeps
    /// them, so a keystroke does not lower-case every article again).
    pub fn matches_with(&self, a: &Article, haystack: Option<&str>) -> bool {
        if self.free_only && a.paywalled {
            return false;
        }
        if let Some(keys) = &self.only_keys {
            if !a.key.as_ref().is_some_and(|k| keys.contains(k)) {
                return false;
            }
        }
        if !self.sections.is_empty() && !self.sections.iter().any(|s| a.section.as_deref().unwrap_or("") == s) {
            return false;
        }
        if !self.author.trim().is_empty() {
            let needle = self.author.trim().to_lowercase();
            let hay = a.authors.iter().chain(a.byline.iter());
            if !hay.into_iter().any(|n| n.to_lowercase().contains(&needle)) {
                return false;
            }
        }
        // A blank bound is no bound: it neither limits the dates nor hides the undated articles.
        let from = self.from.as_deref().filter(|f| !f.is_empty());
        let to = self.to.as_deref().filter(|t| !t.is_empty());
        if from.is_some() || to.is_some() {
            let Some(day) = when(a).and_then(|p| p.get(..10)) else { return false };
            if from.is_some_and(|f| day < f) || to.is_some_and(|t| day > t) {
                return false;
            }
        }
        let words: Vec<String> = self.text.split_whitespace().map(str::to_lowercase).collect();
        if !words.is_empty() {
            let owned;
            let hay = match haystack {
                Some(h) => h,
                None => {
                    owned = searchable(a);
                    &owned
                }
            };
            if !words.iter().all(|w| hay.contains(w.as_str())) {
                return false;
            }
        }
        true
    }

    /// Indices of the matching articles, in the chosen order.
    pub fn apply(&self, articles: &[Article]) -> Vec<usize> {
        self.apply_with(articles, &[])
    }

    /// `apply` with precomputed `searchable` texts (one per article, or none).
    pub fn apply_with(&self, articles: &[Article], haystacks: &[String]) -> Vec<usize> {
        let mut idx: Vec<usize> =
            (0..articles.len()).filter(|&i| self.matches_with(&articles[i], haystacks.get(i).map(String::as_str))).collect();
        let key = |i: usize| when(&articles[i]);
        // Undated articles go last either way; ties keep page order (stable sort, through the
        // crate's one sort: `extract::sort_indices`).
        let newest = match self.sort {
            Sort::PageOrder => return idx,
            Sort::Newest => true,
            Sort::Oldest => false,
        };
        crate::extract::sort_indices(&mut idx, &|a, b| match (key(a), key(b)) {
            (Some(x), Some(y)) if newest => y.cmp(x),
            (Some(x), Some(y)) => x.cmp(y),
            (x, y) => y.is_some().cmp(&x.is_some()),
        });
        idx
    }
}

/// When an article appeared, for sorting and the date filter: its publication time, else the
/// day its URL names (a list entry that shows no date).
pub fn when(a: &Article) -> Option<&str> {
    a.published.as_deref().or(a.url_date.as_deref())
}

/// Lower-cased text the search box looks through.
pub fn searchable(a: &Article) -> String {
    let mut s = String::new();
    for part in a.title.iter().chain(a.summary.iter()).chain(a.byline.iter()).chain(a.authors.iter()).chain(a.body.iter()) {
        s.push_str(&part.to_lowercase());
        s.push('\n');
    }
    s
}

/// Sections in first-appearance order with their counts; `None` is "no section".
pub fn section_counts(articles: &[Article]) -> Vec<(Option<String>, usize)> {
    let mut out: Vec<(Option<String>, usize)> = Vec::new();
    for a in articles {
        match out.iter_mut().find(|(s, _)| *s == a.section) {
            Some(entry) => entry.1 += 1,
            None => out.push((a.section.clone(), 1)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(title: &str, section: Option<&str>, author: &str, date: Option<&str>) -> Article {
        Article {
            title: Some(title.into()),
            section: section.map(Into::into),
            authors: vec![author.into()],
            published: date.map(Into::into),
            ..Article::default()
        }
    }

    fn sample() -> Vec<Article> {
        vec![
            art("Tesla chargers", Some("Business & Tech"), "Ding Yi", Some("2020-11-26T13:16:00+08:00")),
            art("Panda cub named", Some("Trending Stories"), "Heather Mowbray", Some("2020-11-25T17:37:00+08:00")),
            art("Undated note", None, "Carol Yuan", None),
            art("Huawei share", Some("World"), "Ding Yi", Some("2020-11-27T16:18:00+08:00")),
        ]
    }

    #[test]
    fn sections_text_author_and_dates() {
        let a = sample();
        assert_eq!(Filter { sections: vec!["World".into(), "Trending Stories".into()], ..Filter::default() }.apply(&a), [1, 3]);
        assert_eq!(Filter { sections: vec!["".into()], ..Filter::default() }.apply(&a), [2]);
        assert_eq!(Filter { text: "TESLA charg".into(), ..Filter::default() }.apply(&a), [0]);
        assert_eq!(Filter { author: "ding".into(), ..Filter::default() }.apply(&a), [0, 3]);
        assert_eq!(Filter { from: Some("2020-11-26".into()), to: Some("2020-11-26".into()), ..Filter::default() }.apply(&a), [0]);
    }

    #[test]
    fn precomputed_haystacks_give_the_same_result() {
        let a = sample();
        let hay: Vec<String> = a.iter().map(searchable).collect();
        for text in ["", "ding", "panda cub", "nothing"] {
            let f = Filter { text: text.into(), ..Filter::default() };
            assert_eq!(f.apply_with(&a, &hay), f.apply(&a), "{text}");
        }
    }

    #[test]
    fn sorting_keeps_undated_last() {
        let a = sample();
        assert_eq!(Filter { sort: Sort::Newest, ..Filter::default() }.apply(&a), [3, 0, 1, 2]);
        assert_eq!(Filter { sort: Sort::Oldest, ..Filter::default() }.apply(&a), [1, 0, 3, 2]);
        assert_eq!(Filter::default().apply(&a), [0, 1, 2, 3]);
    }

    #[test]
    fn an_entry_without_a_visible_date_sorts_and_filters_by_its_url_day() {
        let mut a = sample();
        a.push(Article { title: Some("Ticker item".into()), url_date: Some("2020-11-26".into()), ..Article::default() });
        assert_eq!(Filter { from: Some("2020-11-26".into()), to: Some("2020-11-26".into()), ..Filter::default() }.apply(&a), [0, 4]);
        // A bare day sorts before the times of that day (newest first puts it after them).
        assert_eq!(Filter { sort: Sort::Newest, ..Filter::default() }.apply(&a), [3, 0, 4, 1, 2]);
        // A shown time wins over the URL's day.
        a[4].published = Some("2020-11-28T09:00:00+08:00".into());
        assert_eq!(Filter { sort: Sort::Newest, ..Filter::default() }.apply(&a)[0], 4);
    }

    #[test]
    fn free_only_and_only_these_articles() {
        let mut a = sample();
        a[0].paywalled = true;
        assert_eq!(Filter { free_only: true, ..Filter::default() }.apply(&a), [1, 2, 3]);
        a[1].url = Some("https://www.caixinglobal.com/2020-11-25/panda-cub-named-101632900.html".into());
        a[3].url = Some("http://www.caixinglobal.com/2020-11-27/huawei-101632863.html?cxapp_link=true".into());
        for x in &mut a {
            x.key = x.url.as_deref().and_then(crate::article_key);
        }
        let keys = ["www.caixinglobal.com/2020-11-27/huawei-101632863.html".to_string()].into_iter().collect();
        // By the key the extractor sets (it ignores the scheme and the query: the same article
        // whichever way it is linked).
        assert_eq!(Filter { only_keys: Some(keys), ..Filter::default() }.apply(&a), [3]);
        assert!(Filter { only_keys: Some(Default::default()), ..Filter::default() }.apply(&a).is_empty());
    }

    #[test]
    fn section_counts_in_page_order() {
        let c = section_counts(&sample());
        assert_eq!(c[0], (Some("Business & Tech".into()), 1));
        assert_eq!(c[2], (None, 1));
    }
}
