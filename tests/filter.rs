//! The filters and the sort the sidebar applies (`caixin_sidebar::filter`), through the public API:
//! sort names, each criterion of `Filter::matches` at its edges, their combination, the order of
//! `apply`, the search text, and the section chips' counts.

use caixin_sidebar::filter::{searchable, section_counts, Filter, Sort};
use caixin_sidebar::Article;

fn article(title: &str, section: Option<&str>, authors: &[&str], published: Option<&str>) -> Article {
    Article {
        title: Some(title.into()),
        section: section.map(Into::into),
        authors: authors.iter().map(|a| a.to_string()).collect(),
        published: published.map(Into::into),
        ..Article::default()
    }
}

/// A CX Tech-like list: two sections twice, one article without a section or date.
fn page() -> Vec<Article> {
    vec![
        article("Tesla cuts prices", Some("Business & Tech"), &["Ding Yi"], Some("2020-11-26T13:16:00+08:00")),
        article("Panda cub named", Some("Trending Stories"), &["Heather Mowbray"], Some("2020-11-25T17:37:00+08:00")),
        article("Undated note", None, &[], None),
        article("Huawei sells Honor", Some("Business & Tech"), &["Qu Hui", "Ding Yi"], Some("2020-11-27T16:18:00+08:00")),
        article("Snow in Beijing", Some("Trending Stories"), &["Carol Yuan"], Some("2020-11-26T08:00:00+08:00")),
    ]
}

fn only(f: Filter) -> Vec<usize> {
    f.apply(&page())
}

#[test]
fn sort_names() {
    assert_eq!(Sort::parse("newest"), Sort::Newest);
    assert_eq!(Sort::parse("oldest"), Sort::Oldest);
    for other in ["", "page", "Newest", "OLDEST", " newest", "random"] {
        assert_eq!(Sort::parse(other), Sort::PageOrder, "{other:?}");
    }
    assert_eq!(Sort::default(), Sort::PageOrder);
}

#[test]
fn no_criterion_matches_everything_in_page_order() {
    let f = Filter::default();
    assert!(page().iter().all(|a| f.matches(a)));
    assert!(f.matches(&Article::default()), "even an article with nothing in it");
    assert_eq!(only(f), [0, 1, 2, 3, 4]);
}

#[test]
fn sections_are_multi_select_and_empty_means_no_section() {
    let sections = |s: &[&str]| Filter { sections: s.iter().map(|x| x.to_string()).collect(), ..Filter::default() };
    assert_eq!(only(sections(&["Business & Tech"])), [0, 3]);
    assert_eq!(only(sections(&["Trending Stories", "Business & Tech"])), [0, 1, 3, 4]);
    assert_eq!(only(sections(&[""])), [2]);
    assert_eq!(only(sections(&["", "Trending Stories"])), [1, 2, 4]);
    assert_eq!(only(sections(&["business & tech"])), Vec::<usize>::new(), "section names are exact");
    assert!(!sections(&["World"]).matches(&page()[0]));
}

#[test]
fn author_is_a_trimmed_case_insensitive_part_of_a_name_or_the_byline() {
    let author = |s: &str| Filter { author: s.into(), ..Filter::default() };
    assert_eq!(only(author("ding")), [0, 3]);
    assert_eq!(only(author("  DING YI ")), [0, 3]);
    assert_eq!(only(author("qu hui")), [3]);
    assert_eq!(only(author("nobody")), Vec::<usize>::new());
    // Blank: no criterion, so an article without authors still matches.
    assert_eq!(only(author("   ")), [0, 1, 2, 3, 4]);
    let by_line = Article { byline: Some("By Wang Xiaoqing".into()), ..Article::default() };
    assert!(author("xiaoqing").matches(&by_line), "the byline as shown counts too");
    assert!(!author("xiaoqing").matches(&Article::default()));
}

#[test]
fn date_bounds_are_inclusive_days_in_beijing_time() {
    let range = |from: Option<&str>, to: Option<&str>| Filter { from: from.map(Into::into), to: to.map(Into::into), ..Filter::default() };
    assert_eq!(only(range(Some("2020-11-26"), Some("2020-11-26"))), [0, 4], "both ends of one day");
    assert_eq!(only(range(Some("2020-11-26"), None)), [0, 3, 4]);
    assert_eq!(only(range(None, Some("2020-11-26"))), [0, 1, 4]);
    assert_eq!(only(range(Some("2020-11-27"), None)), [3], "from the newest day");
    assert_eq!(only(range(None, Some("2020-11-25"))), [1], "up to the oldest day");
    assert_eq!(only(range(Some("2020-11-28"), None)), Vec::<usize>::new());
    assert_eq!(only(range(None, Some("2020-11-24"))), Vec::<usize>::new());
    assert_eq!(only(range(Some("2020-11-27"), Some("2020-11-25"))), Vec::<usize>::new(), "an empty range");
    // The day is the Beijing date as written, not the UTC one (08:00 +08:00 is the day before in UTC).
    assert!(range(Some("2020-11-26"), Some("2020-11-26")).matches(&page()[4]));
}

#[test]
fn a_date_range_hides_undated_articles_but_a_blank_bound_is_no_range() {
    let undated = &page()[2];
    assert!(!Filter { from: Some("2020-01-01".into()), ..Filter::default() }.matches(undated));
    assert!(!Filter { to: Some("2030-01-01".into()), ..Filter::default() }.matches(undated));
    let blank = Filter { from: Some(String::new()), to: Some(String::new()), ..Filter::default() };
    assert_eq!(only(blank), [0, 1, 2, 3, 4]);
    assert_eq!(only(Filter { from: Some(String::new()), to: Some("2020-11-25".into()), ..Filter::default() }), [1]);
    assert_eq!(only(Filter { from: Some("2020-11-27".into()), to: Some(String::new()), ..Filter::default() }), [3]);
}

#[test]
fn every_search_word_must_appear_somewhere() {
    let text = |s: &str| Filter { text: s.into(), ..Filter::default() };
    assert_eq!(only(text("TESLA")), [0]);
    assert_eq!(only(text("tesla  prices")), [0], "words in any order, any spacing");
    assert_eq!(only(text("tesla honor")), Vec::<usize>::new(), "all words, not any");
    assert_eq!(only(text("ding")), [0, 3], "authors are searched");
    assert_eq!(only(text("cub")), [1], "parts of words match");
    assert_eq!(only(text(" \t ")), [0, 1, 2, 3, 4], "blank search: no criterion");
    let full = Article {
        summary: Some("Shares rose in Hong Kong".into()),
        byline: Some("By Qu Hui".into()),
        body: vec!["First paragraph.".into(), "Second one, about Shenzhen.".into()],
        ..Article::default()
    };
    for word in ["hong", "qu", "shenzhen", "paragraph"] {
        assert!(text(word).matches(&full), "{word}");
    }
}

#[test]
fn criteria_combine_with_and() {
    let f = Filter {
        sections: vec!["Business & Tech".into()],
        author: "ding".into(),
        text: "huawei".into(),
        from: Some("2020-11-27".into()),
        to: Some("2020-11-27".into()),
        sort: Sort::Newest,
        ..Filter::default()
    };
    assert_eq!(only(f.clone()), [3]);
    assert_eq!(only(Filter { text: "tesla".into(), ..f.clone() }), Vec::<usize>::new());
    assert_eq!(only(Filter { author: "mowbray".into(), ..f.clone() }), Vec::<usize>::new());
    assert_eq!(only(Filter { sections: vec!["Trending Stories".into()], ..f }), Vec::<usize>::new());
}

#[test]
fn a_precomputed_haystack_is_the_one_searched() {
    let a = &page()[0];
    let f = Filter { text: "sidebar".into(), ..Filter::default() };
    assert!(!f.matches(a));
    assert!(f.matches_with(a, Some("kept by the sidebar\n")), "the text given is searched, not the article");
    assert!(!Filter { text: "tesla".into(), ..Filter::default() }.matches_with(a, Some("")));
    let hay: Vec<String> = page().iter().map(searchable).collect();
    for text in ["", "ding", "panda cub", "undated", "nothing"] {
        let f = Filter { text: text.into(), ..Filter::default() };
        assert_eq!(f.apply_with(&page(), &hay), f.apply(&page()), "{text:?}");
    }
    assert_eq!(Filter { text: "panda".into(), ..Filter::default() }.apply_with(&page(), &hay[..1]), [1], "missing haystacks are computed");
}

#[test]
fn sorting_by_date_keeps_undated_last_and_ties_in_page_order() {
    let sort = |s: Sort| only(Filter { sort: s, ..Filter::default() });
    assert_eq!(sort(Sort::PageOrder), [0, 1, 2, 3, 4]);
    assert_eq!(sort(Sort::Newest), [3, 0, 4, 1, 2]);
    assert_eq!(sort(Sort::Oldest), [1, 4, 0, 3, 2]);
    let mut list = page();
    list.insert(0, article("Also undated", None, &[], None));
    list.push(article("Same time as Huawei", None, &[], Some("2020-11-27T16:18:00+08:00")));
    assert_eq!(Filter { sort: Sort::Newest, ..Filter::default() }.apply(&list), [4, 6, 1, 5, 2, 0, 3]);
    assert_eq!(Filter { sort: Sort::Oldest, ..Filter::default() }.apply(&list), [2, 5, 1, 4, 6, 0, 3]);
    // Sorting applies to what the filter kept.
    assert_eq!(only(Filter { sections: vec!["Trending Stories".into()], sort: Sort::Newest, ..Filter::default() }), [4, 1]);
}

#[test]
fn search_text_is_every_field_lower_cased_one_per_line() {
    let a = Article {
        title: Some("Tesla Cuts".into()),
        summary: Some("Model Y".into()),
        byline: Some("By Ding Yi".into()),
        authors: vec!["Ding Yi".into()],
        body: vec!["ÉLAN Paragraph".into(), "Two".into()],
        section: Some("Business".into()),
        ..Article::default()
    };
    assert_eq!(searchable(&a), "tesla cuts\nmodel y\nby ding yi\nding yi\nélan paragraph\ntwo\n");
    assert_eq!(searchable(&Article::default()), "");
}

#[test]
fn section_counts_follow_first_appearance() {
    assert_eq!(section_counts(&page()), [(Some("Business & Tech".to_string()), 2), (Some("Trending Stories".to_string()), 2), (None, 1)]);
    let one = section_counts(&[article("x", Some("World"), &[], None)]);
    assert_eq!(one, [(Some("World".to_string()), 1)]);
    assert_eq!(section_counts(&[]), []);
    let mut many = page();
    many.extend(page());
    assert_eq!(section_counts(&many).iter().map(|(_, n)| n).collect::<Vec<_>>(), [&4, &4, &2]);
}
