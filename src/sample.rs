//! A generated live-layout page of any size, for benchmarks and the sidebar's stress tests.
//! Deterministic: the same `n` gives the same bytes.

/// A CX Tech-style page with `n` stories (headline list + full stories, ~2.5 KB per story).
pub fn live_page(n: usize) -> String {
    const SECTIONS: [&str; 5] = ["Business &amp; Tech", "Trending Stories", "World", "Politics &amp; Law", "Economy"];
    const AUTHORS: [&str; 6] = ["Ding Yi", "By Heather Mowbray", "Qu Hui and Ding Yi", "By Bloomberg", "Carol Yuan", "By Anniek Bao"];
    let mut s = String::with_capacity(n * 2600 + 2000);
    s.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>CX Tech - Caixin Global (generated)</title>\n");
    s.push_str("<link rel=\"canonical\" href=\"https://www.caixinglobal.com/live/\"></head><body>\n<div class=\"list\">\n");
    for i in 0..n {
        let id = 101_000_000 + i;
        let day = 1 + (i / 40) % 28;
        let month = 1 + (i / 1120) % 12;
        let (hour, minute) = (1 + (i % 12), (i * 7) % 60);
        let ampm = if i % 2 == 0 { "AM" } else { "PM" };
        let section = SECTIONS[i % SECTIONS.len()];
        let author = AUTHORS[i % AUTHORS.len()];
        let url = format!("https://www.caixinglobal.com/2020-{month:02}-{day:02}/generated-story-number-{i}-{id}.html");
        s.push_str(&format!(
            "<div class=\"item\"><h2><a href=\"{url}\">Generated Story {i}: Chinese Firms Weigh Costs of Expansion</a></h2>\n\
             <p class=\"info\">{author} / Nov {day:02}, 2020 {hour:02}:{minute:02} {ampm} / <a href=\"/section-{}/\">{section}</a></p>\n\
             <div class=\"text\">\n<p>Paragraph one of story {i}: the company reported revenue of {} million yuan in the third quarter, up {}% year-on-year, according to its filing.</p>\n\
             <p>Paragraph two: analysts said the results reflected stronger demand for online services and a recovery in advertising, while costs for research rose.</p>\n\
             <p>Paragraph three: the firm expects growth to continue next year as it expands into smaller cities and overseas markets, its chief executive said.</p>\n\
             <p>Contact reporter Ding Yi (dingyi@caixin.example)</p>\n\
             <p>Related: <a href=\"https://www.caixinglobal.com/2020-10-10/related-{id}.html\">Earlier Coverage of Story {i}</a></p>\n</div></div>\n",
            i % SECTIONS.len(),
            100 + i,
            i % 90
        ));
    }
    s.push_str("</div>\n<div class=\"footer\"><p>Copyright © Caixin Global.</p></div></body></html>\n");
    s
}
