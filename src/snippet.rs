//! Short excerpts around the words a search matched, with the matches marked. Pure text work, done for
//! the few results shown, so the database never has to evaluate a query twice.

use crate::search_query::occurs;
use crate::text::search_fold;

/// Marks the start of a matched word in a snippet (a private-use character, never in user text).
pub const MATCH_START: char = '\u{E000}';
/// Marks the end of a matched word in a snippet.
pub const MATCH_END: char = '\u{E001}';

fn matches(word: &str, terms: &[String]) -> bool {
    let folded = search_fold(word);
    terms.iter().any(|t| occurs(&folded, t))
}

/// About `words` words of `text` around its first match, the words that contain a term (folded, as
/// from [`crate::search_query::Query::highlight_terms`]) marked; None when nothing matches.
pub fn snippet(text: &str, terms: &[String], words: usize) -> Option<String> {
    // Word spans as byte ranges.
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    let hits: Vec<bool> = spans
        .iter()
        .map(|&(a, b)| matches(&text[a..b], terms))
        .collect();
    let first = hits.iter().position(|h| *h)?;
    let from = first.saturating_sub(3);
    let to = (from + words).min(spans.len());
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    let mut cursor = spans[from].0;
    for index in from..to {
        let (a, b) = spans[index];
        out.push_str(&text[cursor..a]);
        if hits[index] {
            out.push(MATCH_START);
            out.push_str(&text[a..b]);
            out.push(MATCH_END);
        } else {
            out.push_str(&text[a..b]);
        }
        cursor = b;
    }
    if to < spans.len() {
        out.push('…');
    } else {
        out.push_str(&text[cursor..]);
    }
    Some(out.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The start of a text, about `words` words (for results whose match is not in the body).
pub fn opening(text: &str, words: usize) -> String {
    let all: Vec<&str> = text.split_whitespace().collect();
    let mut out = all
        .iter()
        .take(words)
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    if all.len() > words {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(s: &str) -> String {
        s.replace(MATCH_START, "[").replace(MATCH_END, "]")
    }

    #[test]
    fn snippets_mark_whole_words_that_contain_a_term() {
        let terms = crate::search_query::Query::parse("Mueller vertrau*").highlight_terms();
        let text =
            "Gestern mit Herrn Müller gesprochen. Es ging um Vertrauen, Vertrag und die Müllerei.";
        assert_eq!(
            mark(&snippet(text, &terms, 8).unwrap()),
            "Gestern mit Herrn [Müller] gesprochen. Es ging um…"
        );
        assert_eq!(
            mark(&snippet("Über Vertrauen", &terms, 8).unwrap()),
            "Über [Vertrauen]"
        );
        assert!(snippet("nichts davon", &terms, 8).is_none());
        let long = "a b c d e f Müller g h i j k l";
        assert_eq!(
            mark(&snippet(long, &terms, 5).unwrap()),
            "…d e f [Müller] g…"
        );
    }

    #[test]
    fn opening_cuts_long_texts() {
        assert_eq!(opening("eins zwei drei", 2), "eins zwei…");
        assert_eq!(opening("eins", 2), "eins");
    }
}
