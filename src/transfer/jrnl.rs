//! jrnl's journals: its plain-text journal file and its `jrnl --export json` file, read into
//! [`JrnlEntry`]s. The plain text is read in [`super::jrnl_text`], the export in [`super::jrnl_json`],
//! header times in [`super::jrnl_time`]; [`super::jrnl_slug`] holds the `@tags` and the slugs that tie
//! them to contacts.

use super::jrnl_time::TimeFormats;
use super::lines::{LineError, Lines, MAX_LINE_BYTES};
use chrono::NaiveDateTime;
use std::io::BufRead;

pub(super) use super::jrnl_slug::tags_of;
pub use super::jrnl_slug::{folded_slug, slug, slug_keys, tag_matches};
pub(super) use super::jrnl_text::clean_body;
pub use super::jrnl_text::parse_text;

/// One jrnl entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JrnlEntry {
    /// When it was written (jrnl keeps no time zone).
    pub at: NaiveDateTime,
    /// The first sentence, or the whole header line when the body follows on later lines.
    pub title: String,
    /// Everything after the title, without blank lines at either end.
    pub body: String,
    /// `@tags` in title and body: without '@', lower-case, in order of appearance, each once.
    pub tags: Vec<String>,
    /// Starred in jrnl (a trailing " *" after the title).
    pub starred: bool,
    /// 1-based line of the entry's header (of its object in a JSON export).
    pub line: usize,
}

/// What is wrong with a journal file, with the line it is on.
#[derive(Debug, thiserror::Error)]
pub enum JrnlError {
    /// Not a journal, a date that does not exist, or malformed JSON.
    #[error("line {line}: {message}")]
    Syntax {
        /// 1-based line in the file.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A journal jrnl has encrypted.
    #[error("this journal is encrypted: run `jrnl --decrypt` first")]
    Encrypted,
    /// A plain-text journal that is not UTF-8 text; the offset of the first bad byte.
    #[error("not UTF-8 text (byte {0})")]
    NotUtf8(u64),
    /// A file that starts with binary data, as a journal jrnl 1 encrypted does (bare AES bytes, no
    /// marker); the offset of the first byte that is not text.
    #[error("binary data, not text (byte {0})")]
    Binary(u64),
    /// The file could not be read, or a line or entry is over the size limit.
    #[error(transparent)]
    Read(#[from] LineError),
}

/// Lines shaped like an entry header whose stamp is in no format rapport knows: kept as text of the
/// entry before them, and named in the import's summary so that they do not vanish silently.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnreadHeaders {
    /// How many there were.
    pub count: usize,
    /// The first [`UnreadHeaders::SHOWN`]: their line and their stamp as written.
    pub first: Vec<(usize, String)>,
}

impl UnreadHeaders {
    /// How many are named.
    pub const SHOWN: usize = 5;

    pub(super) fn add(&mut self, line: usize, stamp: &str) {
        self.count += 1;
        if self.first.len() < Self::SHOWN {
            self.first.push((line, stamp.to_string()));
        }
    }
}

/// A syntax error at `line`.
pub(super) fn syntax(line: usize, message: impl Into<String>) -> JrnlError {
    JrnlError::Syntax {
        line,
        message: message.into(),
    }
}

/// Reads a journal in either form: a JSON export when the first non-blank character is `{`, else the
/// plain-text journal.
pub fn parse(text: &str) -> Result<Vec<JrnlEntry>, JrnlError> {
    let mut entries = Vec::new();
    read_entries(text.as_bytes(), &TimeFormats::default(), |e| {
        entries.push(e);
        Ok::<(), JrnlError>(())
    })?;
    Ok(entries)
}

/// Reads a journal in either form from `reader` as a stream, handing each entry to `each` as soon as
/// it is complete, so that the file is never held in memory. Headers are read in `formats`; an
/// encrypted journal is refused, and so is binary data (which a journal jrnl 1 encrypted is). Gives
/// the lines that look like headers but were kept as text.
pub fn read_entries<R: BufRead, E: From<JrnlError>>(
    mut reader: R,
    formats: &TimeFormats,
    each: impl FnMut(JrnlEntry) -> Result<(), E>,
) -> Result<UnreadHeaders, E> {
    let (lines, bytes, first) = skip_blank(&mut reader)?;
    if first == Some(b'{') {
        return super::jrnl_json::read_json(reader, lines, each).map(|()| UnreadHeaders::default());
    }
    let start = reader
        .fill_buf()
        .map_err(|e| JrnlError::from(LineError::Io(e)))?;
    if is_encrypted(start) {
        Err(JrnlError::Encrypted.into())
    } else if let Some(at) = binary_at(start) {
        Err(JrnlError::Binary(bytes + at as u64).into())
    } else {
        super::jrnl_text::read_text(Lines::after(reader, lines, bytes), formats, each)
    }
}

/// Where the start of a file shows binary data: a control character other than white space among its
/// first 64 bytes, or a first byte that cannot begin UTF-8 text. A journal in another encoding (one
/// Latin-1 letter in a title) is text and is not caught here.
fn binary_at(start: &[u8]) -> Option<usize> {
    let start = &start[..start.len().min(64)];
    let control = start
        .iter()
        .position(|b| b.is_ascii_control() && !b.is_ascii_whitespace());
    let invalid_first = std::str::from_utf8(start)
        .err()
        .filter(|e| e.valid_up_to() == 0 && e.error_len().is_some())
        .map(|_| 0);
    invalid_first.or(control)
}

/// True when the text starts like a journal jrnl has encrypted: jrnl 4's magic prefix `JRNLv3`, or
/// (since jrnl 2) a line that is one Fernet token in URL-safe Base64, which begins with `gAAAAA` and
/// is at least 100 characters long.
fn is_encrypted(start: &[u8]) -> bool {
    let start = start.trim_ascii_start();
    if start.starts_with(b"JRNLv3") {
        return true;
    }
    let end = start
        .iter()
        .position(u8::is_ascii_whitespace)
        .unwrap_or(start.len());
    let (token, after) = start.split_at(end);
    token.len() >= 100
        && token.starts_with(b"gAAAAA")
        && token
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'='))
        && after.first().is_none_or(|b| matches!(b, b'\n' | b'\r'))
}

/// Skips a byte order mark and the blank lines at the start: the lines and bytes skipped, and the
/// first byte that is not white space. Megabytes of white space are not a journal.
fn skip_blank(reader: &mut impl BufRead) -> Result<(usize, u64, Option<u8>), JrnlError> {
    let (mut lines, mut bytes) = (0, 0u64);
    if reader
        .fill_buf()
        .map_err(LineError::Io)?
        .starts_with("\u{feff}".as_bytes())
    {
        reader.consume(3);
        bytes += 3;
    }
    loop {
        let buf = reader.fill_buf().map_err(LineError::Io)?;
        let content = buf.iter().position(|b| !b.is_ascii_whitespace());
        let blank = match content {
            Some(at) => buf[..at]
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |n| n + 1),
            None => buf.len(),
        };
        let first = content.map(|at| buf[at]);
        lines += buf[..blank].iter().filter(|b| **b == b'\n').count();
        reader.consume(blank);
        bytes += blank as u64;
        if first.is_some() || blank == 0 {
            return Ok((lines, bytes, first));
        }
        if bytes > MAX_LINE_BYTES as u64 {
            return Err(syntax(
                lines + 1,
                "not a jrnl journal: expected an entry header like \"[2026-11-20 14:30] Title\"",
            ));
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// JSON export (read in [`super::jrnl_json`])

/// Reads `jrnl --export json` (see [`super::jrnl_json::read_json`]).
pub fn parse_json(text: &str) -> Result<Vec<JrnlEntry>, JrnlError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut entries = Vec::new();
    super::jrnl_json::read_json(text.as_bytes(), 0, |e| {
        entries.push(e);
        Ok::<(), JrnlError>(())
    })?;
    Ok(entries)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use proptest::prelude::*;

    const JOURNAL: &str = include_str!("../../tests/fixtures/jrnl/journal.txt");
    const EXPORT: &str = include_str!("../../tests/fixtures/jrnl/export.json");
    const BAD: &str = include_str!("../../tests/fixtures/jrnl/bad.txt");

    pub(crate) fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("test date")
    }

    pub(crate) fn entry(
        line: usize,
        when: &str,
        title: &str,
        body: &str,
        tags: &[&str],
        starred: bool,
    ) -> JrnlEntry {
        JrnlEntry {
            at: at(when),
            title: title.into(),
            body: body.into(),
            tags: tags.iter().map(|t| (*t).to_string()).collect(),
            starred,
            line,
        }
    }

    /// The entries of journal.txt and export.json, with the lines of journal.txt.
    fn expected() -> Vec<JrnlEntry> {
        [expected_to_mid_october(), expected_from_late_october()].concat()
    }

    /// The entries from 2 to 15 October (lines 1 to 23 of journal.txt).
    fn expected_to_mid_october() -> Vec<JrnlEntry> {
        vec![
            entry(
                1,
                "2026-10-02 09:15",
                "Kennenlernen auf der Messe in Köln",
                "Erstes Gespräch mit @juergen_mueller am Stand von Müller, Schmidt & Partner. Er leitet \
                 den Einkauf\nund hat Interesse an unserem Pilotprojekt.\n\nNächster Schritt: Angebot \
                 bis Freitag schicken. @Anna_Weber war auch dabei.",
                &["juergen_mueller", "anna_weber"],
                false,
            ),
            entry(
                7,
                "2026-10-05 14:30",
                "Call with @anna_weber about the pilot.",
                "She wants the numbers by the end of the month.\nSend the deck to \
                 anna.weber@example.com (an address, not a tag).",
                &["anna_weber"],
                true,
            ),
            entry(
                11,
                "2026-10-09 18:00",
                "Abendessen mit @soeren_voigt und @unbekannt",
                "[not a date] text that only looks like a header.\n[2026-10-09] is not a header \
                 either, it has no time.\n\nZweiter Absatz: Sören segelt gern ⛵, das nächste Mal \
                 nach Kiel einladen.\n\nDritter Absatz, wieder @soeren_voigt (derselbe Tag zählt \
                 einmal).",
                &["soeren_voigt", "unbekannt"],
                false,
            ),
            entry(
                19,
                "2026-10-12 08:05",
                "Kurze Notiz ohne Text",
                "",
                &[],
                false,
            ),
            entry(
                21,
                "2026-10-14 11:00",
                "Did @paul_schubert sign?",
                "Not yet, he needs approval from @chen_jing.",
                &["paul_schubert", "chen_jing"],
                false,
            ),
            entry(
                23,
                "2026-10-15 16:45",
                "Vertrag mit Rheindata GmbH & Co. KG besprochen",
                "Frau Dr. Weber (@dr_weber) fragt nach Referenzen. @anna_weber, @juergen_mueller.\n\
                 → Follow-up 2026-10-31: Referenzliste schicken (offen)",
                &["dr_weber", "anna_weber", "juergen_mueller"],
                false,
            ),
        ]
    }

    /// The entries from 20 October to 20 November (lines 27 to 46 of journal.txt).
    fn expected_from_late_october() -> Vec<JrnlEntry> {
        vec![
            entry(
                27,
                "2026-10-20 10:00",
                "Quarterly review with @olivia_taylor and @arjun_patel",
                "Numbers beat expectations, revenue up 12 %.\n    - pilot extended to Q2\n    - \
                 pricing unchanged\n\nOlivia asked about an intro to @Hannah_Seidel.",
                &["olivia_taylor", "arjun_patel", "hannah_seidel"],
                false,
            ),
            entry(
                34,
                "2026-10-23 12:30",
                "Mittagessen mit @陈静 und @jürgen-müller",
                "Sie wechselt im Januar nach Shanghai. Kontakt halten!",
                &["陈静", "jürgen-müller"],
                false,
            ),
            entry(
                37,
                "2026-10-28 09:00",
                "Lunch at Café Glück.",
                "Good vibe overall!",
                &[],
                true,
            ),
            entry(
                39,
                "2026-11-02 07:30",
                "Notiz: @wolfgang_kuehn hat Geburtstag am 14.11.",
                "Karte schicken – er mag Whisky 🥃.",
                &["wolfgang_kuehn"],
                false,
            ),
            entry(
                42,
                "2026-11-05 15:00",
                "Messe-Nachbereitung",
                "Liste der Leads an @mia_bergmann und @Clara_Schaefer geschickt.\nNiemand aus dem \
                 Vertrieb (@vertrieb-team) war dabei.",
                &["mia_bergmann", "clara_schaefer", "vertrieb-team"],
                false,
            ),
            entry(
                46,
                "2026-11-20 14:30",
                "Title sentence.",
                "Body text on the same line with @nadine_scholz.",
                &["nadine_scholz"],
                false,
            ),
        ]
    }

    pub(crate) fn error_line<T: std::fmt::Debug>(result: Result<T, JrnlError>) -> (usize, String) {
        match result {
            Err(JrnlError::Syntax { line, message }) => (line, message),
            Err(other) => panic!("expected a syntax error, got {other}"),
            Ok(v) => panic!("expected an error, got {v:?}"),
        }
    }

    #[test]
    fn text_journal_reads_exactly() {
        let entries = parse_text(JOURNAL).expect("fixture parses");
        let expected = expected();
        assert_eq!(entries.len(), expected.len());
        for (got, want) in entries.iter().zip(&expected) {
            assert_eq!(got, want, "entry at line {}", want.line);
        }
        assert_eq!(parse(JOURNAL).expect("parses"), entries);
    }

    #[test]
    fn json_export_reads_exactly_and_equals_the_text() {
        let entries = parse_json(EXPORT).expect("fixture parses");
        let lines: Vec<usize> = entries.iter().map(|e| e.line).collect();
        assert_eq!(lines, [22, 33, 43, 54, 62, 73, 85, 97, 108, 116, 126, 138]);
        let mut expected = expected();
        for (e, line) in expected.iter_mut().zip(lines) {
            e.line = line;
        }
        assert_eq!(entries, expected);
        assert_eq!(parse(EXPORT).expect("parses"), entries);
    }

    #[test]
    fn errors_name_the_line() {
        let (line, message) = error_line(parse_text(BAD));
        assert_eq!(line, 6);
        assert!(message.contains("2026-13-40 09:00"), "{message}");
        let (line, message) = error_line(parse("\n\nLiebes Tagebuch,\n[2026-11-20 14:30] x\n"));
        assert_eq!(line, 3);
        assert!(message.contains("[2026-11-20 14:30]"), "{message}");
        assert_eq!(error_line(parse("[2026-02-29 10:00] kein Schaltjahr")).0, 1);
        assert_eq!(error_line(parse("[2026-11-20 24:00] x")).0, 1);
        assert_eq!(
            JrnlError::Syntax {
                line: 4,
                message: "x".into()
            }
            .to_string(),
            "line 4: x"
        );
        // JSON: syntax errors at serde's line, bad values at their entry's line.
        assert_eq!(
            error_line(parse("{\n  \"entries\": [\n    {,}\n  ]\n}")).0,
            3
        );
        assert_eq!(error_line(parse("{\"tags\": {}}")).0, 1);
        let bad_date = "{\"tags\": {},\n \"entries\": [\n  {\"title\": \"a\", \"date\": \"2026-11-20\"},\n  \
                        {\"title\": \"b\", \"date\": \"2026-13-40\", \"time\": \"10:00\"}\n ]\n}";
        let (line, message) = error_line(parse(bad_date));
        assert_eq!(line, 4);
        assert!(message.contains("2026-13-40"), "{message}");
        let bad_time = "{\"entries\": [{\"date\": \"2026-11-20\", \"time\": \"25:00\"}]}";
        assert_eq!(error_line(parse(bad_time)).0, 1);
        assert_eq!(
            error_line(parse("{\"entries\": [{\"title\": \"no date\"}]}")).0,
            1
        );
    }

    #[test]
    fn empty_and_blank_journals_have_no_entries() {
        assert_eq!(parse("").expect("empty"), []);
        assert_eq!(parse("\n  \r\n\n").expect("blank"), []);
        assert_eq!(
            parse("{\"tags\": {}, \"entries\": []}").expect("empty export"),
            []
        );
    }

    #[test]
    fn export_tags_keep_listed_people_in_text_order() {
        use crate::transfer::jrnl_json::export_tags;
        assert_eq!(
            export_tags(
                Some(vec![
                    "@c".into(),
                    "#topic".into(),
                    "@A".into(),
                    "@x".into(),
                    "@a".into()
                ]),
                "with @a",
                "and @c and @b"
            ),
            ["a", "c", "x"]
        );
        assert_eq!(export_tags(None, "with @a", "and @b"), ["a", "b"]);
        // Unknown fields are ignored; missing time is midnight; missing title and body are empty.
        let entries = parse_json(
            "{\"version\": 3, \"entries\": [{\"date\": \"2026-11-20\", \"uuid\": \"x\", \
             \"creator\": {\"os\": \"y\"}, \"tags\": [\"@anna\"]}]}",
        )
        .expect("parses");
        assert_eq!(
            entries[0],
            entry(1, "2026-11-20 00:00", "", "", &["anna"], false)
        );
    }

    #[test]
    fn entry_lines_follow_the_entries_array_only() {
        let text = |third: &str| {
            format!(
                "\n{{\"tags\": {{\"x\": [1,\n2]}},\n\"entries\": [\n{{\"a\": \"[{{,\\\"\", \"date\": \"2026-11-20\"}},\n\n \
                 {{\"date\": \"2026-11-21\"}},\n{{\"b\": [{{}}], \"date\": \"{third}\"}}\n],\n\"more\": [{{}}]}}"
            )
        };
        let lines: Vec<usize> = parse(&text("2026-11-22"))
            .expect("parses")
            .iter()
            .map(|e| e.line)
            .collect();
        assert_eq!(lines, [5, 7, 8]);
        assert_eq!(error_line(parse(&text("x"))).0, 8);
        assert_eq!(parse("{\"entries\": []}").expect("parses"), []);
    }

    #[test]
    fn binary_files_are_told_from_text_in_another_encoding() {
        let read = |bytes: &[u8]| {
            read_entries(bytes, &TimeFormats::default(), |_| Ok::<(), JrnlError>(()))
        };
        assert!(matches!(
            read(b"\xc3\x73\xd3\x3a\x9d"),
            Err(JrnlError::Binary(0))
        ));
        assert!(matches!(
            read(b"\n\n[2026\x00\x01"),
            Err(JrnlError::Binary(7))
        ));
        // One Latin-1 letter: text, refused at its byte.
        assert!(matches!(
            read(b"[2026-11-20 14:30] M\xfcller\n"),
            Err(JrnlError::NotUtf8(20))
        ));
        let unread = read(b"[2026-11-20 14:30] a\n[20/11/2026 14:31] b\n").expect("reads");
        assert_eq!(
            unread,
            UnreadHeaders {
                count: 1,
                first: vec![(2, "[20/11/2026 14:31]".to_string())]
            }
        );
    }

    proptest! {
        #[test]
        fn parse_never_panics(text in "\\PC*") {
            let _ = parse(&text);
            let _ = parse_text(&text);
            let _ = parse_json(&text);
        }

        #[test]
        fn json_parse_never_panics_on_export_like_input(
            text in "\\{(\"entries\"|\"tags\"|\"date\"|\"2026-11-20\"|\"14:30\"|[\\[\\]{},: \\n\"@a\\\\]){0,40}"
        ) {
            let _ = parse(&text);
        }
    }
}
