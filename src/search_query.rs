//! What a search query means, as pure text work: the query is parsed into folded terms (never passed on
//! as FTS syntax), each term matches anywhere inside the folded text (`vertrag` finds
//! "Rahmenvertrag"), and the full-text index is only asked for trigrams, each quoted, to narrow the
//! candidates before [`Query::matches`] decides.
//!
//! Forms: words (all must match), `"a phrase"`, `a OR b`, exclusion `-Messe` (or `NOT Messe`), and a
//! trailing `*` (`vertrau*`), which changes nothing since every word already matches inside words.

use crate::text::search_fold;

/// A parsed query: every group must match (by any of its alternatives), no exclusion may.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Alternatives joined by `OR`; the groups are joined by AND. Each text is [`search_fold`]ed.
    pub groups: Vec<Vec<String>>,
    /// Folded texts that must not occur.
    pub excluded: Vec<String>,
}

/// One piece of the query as typed.
enum Piece {
    Text(String),
    Or,
    Not,
}

/// Splits the query into words and quoted phrases; an unclosed quote runs to the end.
fn pieces(query: &str) -> Vec<(bool, Piece)> {
    let mut out = Vec::new();
    let mut chars = query.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut negated = false;
        if c == '-' {
            chars.next();
            negated = chars.peek().is_some_and(|n| !n.is_whitespace());
            if !negated {
                continue;
            }
        }
        let mut text = String::new();
        let quoted = chars.peek() == Some(&'"');
        if quoted {
            chars.next();
            for c in chars.by_ref() {
                if c == '"' {
                    break;
                }
                text.push(c);
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                text.push(c);
                chars.next();
            }
        }
        let piece = match text.as_str() {
            "OR" if !quoted && !negated => Piece::Or,
            "NOT" if !quoted && !negated => Piece::Not,
            "AND" if !quoted && !negated => continue,
            _ => Piece::Text(text),
        };
        out.push((negated, piece));
    }
    out
}

/// A word's folded text without the `*` that asks for a prefix.
fn term(text: &str) -> String {
    search_fold(text.trim_end_matches('*'))
}

impl Query {
    /// Parses what the user typed; nothing in it is syntax for the database.
    pub fn parse(query: &str) -> Query {
        let mut parsed = Query::default();
        let mut or_next = false;
        let mut not_next = false;
        for (negated, piece) in pieces(query) {
            match piece {
                Piece::Or => or_next = !parsed.groups.is_empty(),
                Piece::Not => not_next = true,
                Piece::Text(text) => {
                    let folded = term(&text);
                    if folded.is_empty() {
                        continue;
                    }
                    if negated || not_next {
                        parsed.excluded.push(folded);
                    } else if or_next {
                        if let Some(last) = parsed.groups.last_mut() {
                            last.push(folded);
                        }
                    } else {
                        parsed.groups.push(vec![folded]);
                    }
                    or_next = false;
                    not_next = false;
                }
            }
        }
        parsed
    }

    /// True when nothing is asked for (only exclusions, or nothing at all).
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Whether a [`search_fold`]ed text satisfies the query.
    pub fn matches(&self, folded: &str) -> bool {
        !self.groups.is_empty()
            && self
                .groups
                .iter()
                .all(|group| group.iter().any(|t| occurs(folded, t)))
            && !self.excluded.iter().any(|t| occurs(folded, t))
    }

    /// The words to mark in a result: each word of every term asked for.
    pub fn highlight_terms(&self) -> Vec<String> {
        let mut words: Vec<String> = self
            .groups
            .iter()
            .flatten()
            .flat_map(|t| t.split(' '))
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        words.sort();
        words.dedup();
        words
    }

    /// An FTS5 query for the trigram indexes that every match satisfies (maybe others too): for
    /// each group that can narrow, the [`trigrams`] of each alternative, each quoted. A term without
    /// trigrams (`KI`, `渡辺`, `c++`) cannot narrow, nor can a group with such an alternative; None
    /// when no group can: then the caller reads the texts instead.
    pub fn trigram_filter(&self) -> Option<String> {
        let mut groups = Vec::new();
        for group in &self.groups {
            let alternatives: Option<Vec<String>> = group
                .iter()
                .map(|t| {
                    let grams = trigrams(t);
                    (!grams.is_empty()).then(|| {
                        let quoted: Vec<String> = grams
                            .iter()
                            .map(|g| format!("\"{}\"", g.replace('"', "\"\"")))
                            .collect();
                        format!("({})", quoted.join(" AND "))
                    })
                })
                .collect();
            if let Some(alternatives) = alternatives {
                groups.push(format!("({})", alternatives.join(" OR ")));
            }
        }
        (!groups.is_empty()).then(|| groups.join(" AND "))
    }
}

/// Whether a folded term occurs in a folded text. Terms of three characters or more, and any
/// term in a script written without spaces (CJK), match anywhere; a shorter term in other scripts
/// (`KI`, `a`) only as a whole word, or every text would match a single letter.
pub fn occurs(folded: &str, term: &str) -> bool {
    if term.chars().count() >= 3 || term.chars().any(is_unspaced_script) {
        return folded.contains(term);
    }
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    folded.match_indices(term).any(|(at, _)| {
        !word(folded[..at].chars().next_back()) && !word(folded[at + term.len()..].chars().next())
    })
}

/// Scripts written without spaces between words: Han, kana, Hangul, Thai and their kin.
fn is_unspaced_script(c: char) -> bool {
    matches!(u32::from(c), 0x0e00..=0x0eff | 0x1100..=0x11ff | 0x2e80..=0x9fff | 0xa960..=0xa97f
        | 0xac00..=0xd7ff | 0xf900..=0xfaff | 0xff66..=0xff9f | 0x20000..=0x3ffff)
}

/// Whether the index's `ascii` tokenizer keeps a character in a token: anything not ASCII, and ASCII
/// letters and digits. Trigrams are made of these only, so each is one token.
fn token_char(c: char) -> bool {
    !c.is_ascii() || c.is_ascii_alphanumeric()
}

/// Every three consecutive [`token_char`]s of a folded text (a space or ASCII punctuation starts
/// over), in order, repeats included.
fn windows(folded: &str) -> impl Iterator<Item = [char; 3]> + '_ {
    let mut window: [char; 3] = ['\0'; 3];
    let mut run = 0usize;
    folded.chars().filter_map(move |c| {
        if !token_char(c) {
            run = 0;
            return None;
        }
        window = [window[1], window[2], c];
        run += 1;
        (run >= 3).then_some(window)
    })
}

/// The distinct trigrams of a folded text (a query term), in the order they first occur.
pub fn trigrams(folded: &str) -> Vec<String> {
    let mut seen: Vec<[char; 3]> = Vec::new();
    for window in windows(folded) {
        if !seen.contains(&window) {
            seen.push(window);
        }
    }
    seen.iter().map(|w| w.iter().collect()).collect()
}

/// What the trigram indexes are given for a folded text: its distinct trigrams (see [`trigrams`]),
/// separated by spaces, each a token of the `ascii` tokenizer. Repeated and cross-word trigrams are
/// left out, so the index writes about half the tokens of the text.
pub fn index_text(folded: &str) -> String {
    let mut all: Vec<[char; 3]> = windows(folded).collect();
    all.sort_unstable();
    all.dedup();
    let mut out = String::with_capacity(all.len() * 4);
    for window in all {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(window);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::Query;
    use crate::text::search_fold;

    fn q(groups: &[&[&str]], excluded: &[&str]) -> Query {
        Query {
            groups: groups
                .iter()
                .map(|g| g.iter().map(|s| s.to_string()).collect())
                .collect(),
            excluded: excluded.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn query_forms_parse_into_folded_terms() {
        let cases: &[(&str, Query)] = &[
            ("Weiß", q(&[&["weiss"]], &[])),
            ("vertrau*", q(&[&["vertrau"]], &[])),
            ("\"letzte Lieferung\"", q(&[&["letzte lieferung"]], &[])),
            ("Angebot OR Offerte", q(&[&["angebot", "offerte"]], &[])),
            ("Messe -Stand", q(&[&["messe"]], &["stand"])),
            ("Messe NOT Stand", q(&[&["messe"]], &["stand"])),
            ("a AND b", q(&[&["a"], &["b"]], &[])),
            ("-\"gar nicht\" x", q(&[&["x"]], &["gar nicht"])),
            ("OR x", q(&[&["x"]], &[])),
            ("\"offen", q(&[&["offen"]], &[])),
            ("- x -", q(&[&["x"]], &[])),
            ("*", q(&[], &[])),
            ("\"\"", q(&[], &[])),
            ("NEAR(a b)", q(&[&["near(a"], &["b)"]], &[])),
            ("title:Angebot", q(&[&["title:angebot"]], &[])),
            ("^Müller", q(&[&["^muller"]], &[])),
        ];
        for (input, expected) in cases {
            assert_eq!(&Query::parse(input), expected, "{input}");
        }
    }

    #[test]
    fn matching_follows_each_form() {
        let text = search_fold(
            "Rahmenvertrag mit Herrn Müller: die letzte Lieferung kam zu spät. Vertrauensaufbau.",
        );
        for (query, expected) in [
            ("vertrag", true),
            ("aufbau", true),
            ("Mueller", true),
            ("muller", true),
            ("\"letzte Lieferung\"", true),
            ("\"Lieferung letzte\"", false),
            ("Messe OR Lieferung", true),
            ("Messe OR Stand", false),
            ("Lieferung -Messe", true),
            ("Lieferung -spät", false),
            ("vertrau*", true),
            ("-Messe", false),
            ("", false),
            ("die", true),
            ("zu", true),
            ("u", false),
            ("ta", false),
        ] {
            assert_eq!(Query::parse(query).matches(&text), expected, "{query}");
        }
    }

    #[test]
    fn trigram_filter_quotes_every_gram() {
        assert_eq!(
            Query::parse("weiß").trigram_filter().as_deref(),
            Some("((\"wei\" AND \"eis\" AND \"iss\"))")
        );
        assert_eq!(
            Query::parse("abc OR xyz").trigram_filter().as_deref(),
            Some("((\"abc\") OR (\"xyz\"))")
        );
        // A group that cannot narrow is left to the check of the text; the others still narrow.
        assert_eq!(
            Query::parse("\"letzte Lieferung\" KI")
                .trigram_filter()
                .as_deref(),
            Some(concat!(
                "((\"let\" AND \"etz\" AND \"tzt\" AND \"zte\" AND \"lie\" AND \"ief\" AND ",
                "\"efe\" AND \"fer\" AND \"eru\" AND \"run\" AND \"ung\"))"
            ))
        );
        assert_eq!(Query::parse("abc OR x\"yz").trigram_filter(), None);
        assert_eq!(Query::parse("渡辺").trigram_filter(), None);
        assert_eq!(
            Query::parse("渡辺さん").trigram_filter().as_deref(),
            Some("((\"渡辺さ\" AND \"辺さん\"))")
        );
        assert_eq!(Query::parse("ab").trigram_filter(), None);
        assert_eq!(Query::parse("-abc").trigram_filter(), None);
    }

    #[test]
    fn index_text_holds_each_trigram_of_each_word_once() {
        assert_eq!(super::index_text("abcd abc, x-y ☕☕☕"), "abc bcd ☕☕☕");
        assert_eq!(super::index_text("ab"), "");
        assert_eq!(super::index_text("müller"), "ler lle mül üll");
        let folded = search_fold("Der Rahmenvertrag, der Vertrag");
        let grams = super::trigrams(&folded);
        assert!(grams.contains(&"rag".to_string()));
        assert_eq!(grams.iter().filter(|g| *g == "der").count(), 1);
    }
}
