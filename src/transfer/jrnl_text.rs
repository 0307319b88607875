//! jrnl's plain-text journal: one header line per entry, `[2026-11-20 14:30] Title`, followed by the
//! body up to the next header (older jrnl wrote `2026-11-20 14:30 Title` without brackets). The parser
//! scans the text once, line by line, and slices titles and bodies out of it, so a 44 MB journal with
//! 100,000 entries reads in a fraction of a second.

use super::jrnl::{JrnlEntry, JrnlError, UnreadHeaders, syntax};
use super::jrnl_header::{header_of, unread_stamp};
use super::jrnl_slug::tags_of;
use super::jrnl_time::TimeFormats;
use super::lines::{Line, LineError, Lines, MAX_LINE_BYTES};
use chrono::NaiveDateTime;
use std::io::BufRead;

/// An entry whose header has been read and whose body is still being read.
struct Pending {
    line: usize,
    at: NaiveDateTime,
    rest: String,
    body: String,
}

impl Pending {
    /// Adds a line of the body; a body over the size limit is refused at the entry's header.
    fn push(&mut self, raw: &str) -> Result<(), JrnlError> {
        if self.body.len() + raw.len() >= MAX_LINE_BYTES {
            return Err(LineError::RecordTooLarge { line: self.line }.into());
        }
        self.body.push_str(raw);
        self.body.push('\n');
        Ok(())
    }

    fn finish(self) -> JrnlEntry {
        let (header, starred) = strip_star(self.rest.trim());
        let body = clean_body(&self.body);
        let (title, body) = if body.is_empty() {
            // A one-line entry: the first sentence is the title, as jrnl splits what you type.
            let (title, rest) = split_sentence(header);
            (title.to_string(), rest.to_string())
        } else {
            // The body is on the following lines: the header line is the title, as jrnl reads its
            // files (so "Meeting at Rheindata GmbH & Co. KG" stays whole).
            (header.to_string(), body)
        };
        let tags = tags_of(&title, &body);
        JrnlEntry {
            at: self.at,
            title,
            body,
            tags,
            starred,
            line: self.line,
        }
    }
}

/// Removes jrnl's star marker (" *" at the end of the header line).
fn strip_star(header: &str) -> (&str, bool) {
    if header == "*" {
        return ("", true);
    }
    match header.strip_suffix('*') {
        Some(rest) if rest.ends_with([' ', '\t']) => (rest.trim_end(), true),
        _ => (header, false),
    }
}

/// A body without blank lines at its ends or trailing spaces, with `\n` line ends.
pub(super) fn clean_body(body: &str) -> String {
    let mut body = body.trim_end();
    while let Some(end) = body.find('\n') {
        if body[..end].trim().is_empty() {
            body = &body[end + 1..];
        } else {
            break;
        }
    }
    if body.trim().is_empty() {
        return String::new();
    }
    if body.contains('\r') {
        body.replace("\r\n", "\n")
    } else {
        body.to_string()
    }
}

/// Sentence terminals after which jrnl ends a title when a space follows.
const TERMINALS: &[char] = &[
    '.', '!', '?', '\u{2026}', '\u{203C}', '\u{203D}', '\u{2047}', '\u{2048}', '\u{2049}',
    '\u{22EF}', '\u{FE52}', '\u{FE57}',
];
/// Full-width terminals that end a sentence without a following space (Chinese, Japanese).
const WIDE_TERMINALS: &[char] = &['\u{FF01}', '\u{FF0E}', '\u{FF1F}', '\u{FF61}', '\u{3002}'];

/// Splits off the first sentence: up to a terminal (with an optional closing quote and brackets)
/// followed by a space or the end of the line.
fn split_sentence(text: &str) -> (&str, &str) {
    for (i, c) in text.char_indices() {
        let mut end = i + c.len_utf8();
        if WIDE_TERMINALS.contains(&c) {
            return (text[..end].trim_end(), text[end..].trim());
        }
        if !TERMINALS.contains(&c) {
            continue;
        }
        let mut after = text[end..].chars().peekable();
        if let Some(q) = after.next_if(|q| matches!(q, '\'' | '"' | '\u{2019}' | '\u{201D}')) {
            end += q.len_utf8();
        }
        while let Some(b) = after.next_if(|b| matches!(b, ']' | ')')) {
            end += b.len_utf8();
        }
        if after.peek().is_none_or(|n| n.is_whitespace()) {
            return (&text[..end], text[end..].trim());
        }
    }
    (text, "")
}

/// Reads jrnl's plain-text journal. The file must start (after blank lines) with an entry header;
/// a header whose date does not exist is an error at its line.
pub fn parse_text(text: &str) -> Result<Vec<JrnlEntry>, JrnlError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut entries = Vec::new();
    read_text(Lines::new(text.as_bytes()), &TimeFormats::default(), |e| {
        entries.push(e);
        Ok::<(), JrnlError>(())
    })?;
    Ok(entries)
}

/// Reads the plain-text journal line by line, handing each entry to `each` when the next header (or
/// the end) shows that it is complete. Gives the lines that look like headers but were kept as text.
pub(super) fn read_text<R: BufRead, E: From<JrnlError>>(
    mut lines: Lines<R>,
    formats: &TimeFormats,
    mut each: impl FnMut(JrnlEntry) -> Result<(), E>,
) -> Result<UnreadHeaders, E> {
    let mut style = None;
    let mut pending: Option<Pending> = None;
    let mut unread = UnreadHeaders::default();
    while let Some(Line {
        number,
        offset,
        bytes,
    }) = lines.next_line().map_err(JrnlError::from)?
    {
        let raw = std::str::from_utf8(bytes)
            .map_err(|e| JrnlError::NotUtf8(offset + e.valid_up_to() as u64))?;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(header) = header_of(line, formats, style) {
            let Some(at) = header.at else {
                let stamp = crate::text::sanitize_line(header.stamp);
                return Err(
                    syntax(number, format!("'{stamp}' is not a valid date and time")).into(),
                );
            };
            style = Some(header.style);
            let next = Pending {
                line: number,
                at,
                rest: header.rest.to_string(),
                body: String::new(),
            };
            if let Some(done) = pending.replace(next) {
                each(done.finish())?;
            }
        } else if let (Some(entry), Some(style)) = (pending.as_mut(), style) {
            if let Some(stamp) = unread_stamp(line, style) {
                unread.add(number, &crate::text::sanitize_line(stamp));
            }
            entry.push(raw)?;
        } else if !line.trim().is_empty() {
            return Err(syntax(
                number,
                "not a jrnl journal: expected an entry header like \"[2026-11-20 14:30] Title\"",
            )
            .into());
        }
    }
    if let Some(done) = pending {
        each(done.finish())?;
    }
    Ok(unread)
}

#[cfg(test)]
mod tests {
    use super::super::jrnl::parse;
    use super::super::jrnl::tests::{at, error_line};
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn text_variants_read() {
        // Older jrnl: no brackets; seconds; CRLF; BOM; a star on an entry with a body.
        let text = "\u{feff}2026-11-20 14:30 Erstes Treffen. *\r\nMit @Anna.\r\n\r\n\
                    2026-11-21 09:00:30 Zweites\r\n[2026-11-22 10:00] bleibt Text\r\n";
        let entries = parse(text).expect("parses");
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].title, "Erstes Treffen.");
        assert!(entries[0].starred);
        assert_eq!(entries[0].body, "Mit @Anna.");
        assert_eq!(entries[0].tags, ["anna"]);
        assert_eq!(
            entries[1].at,
            at("2026-11-21 09:00") + chrono::Duration::seconds(30)
        );
        assert_eq!(entries[1].title, "Zweites");
        assert_eq!(entries[1].body, "[2026-11-22 10:00] bleibt Text");
        assert_eq!(entries[1].line, 4);
        // A bracketed journal keeps an unbracketed date at a line start as text.
        let entries =
            parse("[2026-11-20 14:30] Call\n2026-11-21 10:00 next call agreed\n").expect("parses");
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].body, "2026-11-21 10:00 next call agreed");
        // "[date]x" is not a header; a star without a space is part of the title.
        let entries = parse("[2026-11-20 14:30] Rating 5*\n[2026-11-20 14:30]x\n").expect("parses");
        assert_eq!(
            (entries[0].title.as_str(), entries[0].starred),
            ("Rating 5*", false)
        );
        assert_eq!(entries[0].body, "[2026-11-20 14:30]x");
        let entries = parse("[2026-11-20 14:30] *\n[2026-11-20 14:31]\n").expect("parses");
        assert_eq!((entries[0].title.as_str(), entries[0].starred), ("", true));
        assert_eq!((entries[1].title.as_str(), entries[1].starred), ("", false));
    }

    #[test]
    fn other_time_formats_and_encrypted_journals() {
        let text = "[2026-11-20 02:30:00 PM] Über Ärger. Mehr\n[20.11.2026 14:31] zweiter\n\
                    [2026-11-20 02:32 pm]\n[Überschrift, keine Zeit] bleibt Text\n";
        let entries = parse(text).expect("parses");
        let times: Vec<String> = entries.iter().map(|e| e.at.to_string()).collect();
        assert_eq!(
            times,
            [
                "2026-11-20 14:30:00",
                "2026-11-20 14:31:00",
                "2026-11-20 14:32:00"
            ]
        );
        assert_eq!(
            (entries[0].title.as_str(), entries[0].body.as_str()),
            ("Über Ärger.", "Mehr")
        );
        assert_eq!(entries[2].body, "[Überschrift, keine Zeit] bleibt Text");
        assert_eq!(error_line(parse("[2026-11-20 13:30:00 PM] x")).0, 1);
        assert!(matches!(
            parse(&format!(
                "\n  gAAAAABnPx0c8yJ4kX-_{}==\n",
                "yG0m3Zq3rT".repeat(10)
            )),
            Err(JrnlError::Encrypted)
        ));
        // jrnl 4 writes its magic prefix, a binary header length and a Base64 header first.
        assert!(matches!(
            parse("JRNLv3 0eyJzYWx0IjoiQldrLUU0YWZvQnB6VGx2SThkbENYQT09In0=gAAAAABq"),
            Err(JrnlError::Encrypted)
        ));
        // A journal that merely starts with such a word is a journal's error, not an encrypted one.
        assert!(matches!(
            parse("gAAAAAB hello"),
            Err(JrnlError::Syntax { .. })
        ));
    }

    #[test]
    fn titles_end_at_the_first_sentence() {
        for (line, title, body) in [
            ("Hello world. Rest here", "Hello world.", "Rest here"),
            ("Really?! Yes", "Really?!", "Yes"),
            (
                "Er sagte „gut.“ Dann ging er",
                "Er sagte „gut.“ Dann ging er",
                "",
            ),
            (
                "She said \"fine.\" Then left",
                "She said \"fine.\"",
                "Then left",
            ),
            ("(Ende.) Neu", "(Ende.)", "Neu"),
            ("Version 2.5 ist da", "Version 2.5 ist da", ""),
            ("Ende.", "Ende.", ""),
            ("会议结束。下次再谈", "会议结束。", "下次再谈"),
            ("Mal sehen… vielleicht", "Mal sehen…", "vielleicht"),
        ] {
            let entries = parse(&format!("[2026-11-20 14:30] {line}")).expect("parses");
            assert_eq!(entries[0].title, title, "{line}");
            assert_eq!(entries[0].body, body, "{line}");
        }
    }

    proptest! {
        #[test]
        fn text_parse_never_panics_on_journal_like_input(
            text in "(\\[?20[0-9]{2}-[01][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9](:[0-9]{2})?( [AaPp][Mm])?\\]?|\\[[0-3][0-9]\\.[01][0-9]\\.20[0-9]{2} [0-2][0-9]:[0-5][0-9]\\]|[ \\t\\r\\n@.!?*\"')\\]a-zäß陈🌻]){0,40}"
        ) {
            if let Ok(entries) = parse_text(&text) {
                for e in entries {
                    prop_assert!(!e.body.starts_with('\n'));
                    prop_assert!(e.tags.iter().all(|t| !t.is_empty() && !t.ends_with('.')));
                }
            }
        }
    }
}
