//! One article per URL: when an article appears several times on a page (a ticker, a headline
//! list, the full story), each field takes the best value from any appearance.

use std::collections::HashMap;

use crate::extract::Candidate;
use crate::model::Article;

/// Merges candidates that share an article URL: the first position wins; for each field the
/// richest role (main > story > teaser) wins, and the others fill what it lacks.
pub fn merge(mut candidates: Vec<Candidate>) -> Vec<Article> {
    candidates.sort_by_key(|c| c.order);
    let mut out: Vec<Article> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for c in candidates {
        match c.key.as_ref().and_then(|k| at.get(k)) {
            Some(&i) => {
                let existing = std::mem::take(&mut out[i]);
                out[i] = if c.article.role > existing.role { fill(c.article, existing) } else { fill(existing, c.article) };
            }
            None => {
                if let Some(k) = c.key {
                    at.insert(k, out.len());
                }
                out.push(c.article);
            }
        }
    }
    out
}

/// `a` with every missing field taken from `b`.
fn fill(mut a: Article, b: Article) -> Article {
    macro_rules! opt {
        ($($f:ident),*) => { $( if a.$f.is_none() { a.$f = b.$f; } )* };
    }
    macro_rules! list {
        ($($f:ident),*) => { $( if a.$f.is_empty() { a.$f = b.$f; } )* };
    }
    opt!(id, url, title, section, byline, published, published_text, summary, trending, full_story_url);
    list!(authors, body, images, related, contacts, tags);
    a.paywalled |= b.paywalled;
    a
}
