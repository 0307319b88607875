//! Text helpers shared by the store, the CLI and the app: folding for matching, and making stored text
//! safe to show on a terminal.

use std::borrow::Cow;
use unicode_normalization::char::is_combining_mark;

/// Line breaks as the store keeps them: CRLF (Windows files, some editors) and a lone CR (what a
/// terminal sends for Enter in pasted text, old Mac files) become LF. Borrows when there is no CR.
pub fn normalize_line_endings(text: &str) -> Cow<'_, str> {
    if !text.contains('\r') {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
}

/// Lower-cases and removes diacritics ("Müller" → "muller", "Ødegaard" → "odegaard") so that names can
/// be matched the way users type them.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, &mut out);
    }
    out
}

/// [`fold`] of one character: its canonical decomposition without the combining marks, lower-cased,
/// with the letters that have no decomposition ("ø", "ł") written plain. ASCII takes a short path.
fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    unicode_normalization::char::decompose_canonical(c, |d| {
        if is_combining_mark(d) {
            return;
        }
        for lower in d.to_lowercase() {
            out.push(match lower {
                'ø' => 'o',
                'ł' => 'l',
                'đ' => 'd',
                'ı' => 'i',
                'æ' => 'a',
                'œ' => 'o',
                other => other,
            });
        }
    });
}

/// The German spellings search treats as one: applied to [`fold`]ed text, left to right, longest
/// first. `ß` is written `ss`; `ae`, `oe`, `ue` (how "ä", "ö", "ü" are typed without umlauts) become the
/// plain vowel that [`fold`] leaves of "ä", "ö", "ü", so `Mueller`, `muller` and "Müller" fold alike.
const SEARCH_SPELLINGS: &[(&str, &str)] = &[("ß", "ss"), ("ae", "a"), ("oe", "o"), ("ue", "u")];

/// The folding of search: [`fold`] (case, accents) and then [`SEARCH_SPELLINGS`], with every run of
/// white space one space. Index and query go through it alike, so `weiss`, `Weiss` and `WEIß` all
/// find "Weiß" and `Mueller` finds "Müller". Scripts without case (CJK) and emoji stay as they are.
pub fn search_fold(text: &str) -> String {
    let folded = fold(text);
    let mut out = String::with_capacity(folded.len());
    let mut rest = folded.as_str();
    let mut space = false;
    while let Some(c) = rest.chars().next() {
        if c.is_whitespace() {
            space = true;
            rest = &rest[c.len_utf8()..];
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        match SEARCH_SPELLINGS
            .iter()
            .find(|(from, _)| rest.starts_with(from))
        {
            Some((from, to)) => {
                out.push_str(to);
                rest = &rest[from.len()..];
            }
            None => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}

/// A visible stand-in for a control character: `^[` for ESC, `^@` for NUL, `\u{9b}` style for C1 and
/// the hidden format characters.
fn escape_control(c: char, out: &mut String) {
    let code = u32::from(c);
    if code < 0x20 {
        out.push('^');
        out.push(char::from_u32(code + 0x40).unwrap_or('?'));
    } else if code == 0x7f {
        out.push_str("^?");
    } else {
        out.push_str(&format!("\\u{{{code:x}}}"));
    }
}

/// Format characters that draw nothing yet change what a terminal shows around them: bidi embeddings,
/// overrides, isolates and marks (text shown backwards, spoofed names), zero-width spaces, word
/// joiners, the byte-order mark, and the line and paragraph separators. The zero-width joiner and
/// non-joiner are judged by [`joiner_kept`].
fn is_hidden_format(c: char) -> bool {
    matches!(
        c,
        '\u{200b}'
            | '\u{200e}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206f}'
            | '\u{feff}'
            | '\u{061c}'
            | '\u{180e}'
    )
}

/// Characters a name may not consist of alone: controls, spaces, the hidden format characters, the
/// joiners, and fillers that draw as blank (soft hyphen, Hangul fillers, tags, variation selectors).
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || c.is_whitespace()
        || is_hidden_format(c)
        || matches!(
            c,
            '\u{200c}'
                | '\u{200d}'
                | '\u{00ad}'
                | '\u{034f}'
                | '\u{115f}'
                | '\u{1160}'
                | '\u{3164}'
                | '\u{ffa0}'
                | '\u{fe00}'..='\u{fe0f}'
                | '\u{e0000}'..='\u{e007f}'
        )
}

/// A zero-width joiner or non-joiner stays where it does its work: between two emoji (👩‍💻) or two
/// letters of a script that needs it (Persian, Devanagari); anywhere else it only hides something.
fn joiner_kept(before: Option<char>, after: Option<char>) -> bool {
    let pictographic = |c: char| {
        matches!(c, '\u{2300}'..='\u{23ff}' | '\u{2600}'..='\u{27bf}' | '\u{fe0f}')
            || u32::from(c) >= 0x1_f000
    };
    let letter = |c: char| u32::from(c) > 0x036f && (c.is_alphabetic() || is_combining_mark(c));
    let joinable = |c: Option<char>| c.is_some_and(|c| pictographic(c) || letter(c));
    joinable(before) && joinable(after)
}

fn needs_care(c: char) -> bool {
    c.is_control() || is_hidden_format(c) || matches!(c, '\u{200c}' | '\u{200d}')
}

/// The one sanitiser behind [`sanitize_line`] and [`sanitize_block`]: `keep_lines` keeps line breaks
/// and tabs (and drops carriage returns); otherwise a tab is a space and a line break is shown.
fn sanitize(text: &str, keep_lines: bool) -> String {
    if !text.chars().any(needs_care) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut before = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' if keep_lines => out.push(c),
            '\r' if keep_lines => {}
            '\t' => out.push(' '),
            '\u{200c}' | '\u{200d}' if joiner_kept(before, chars.peek().copied()) => out.push(c),
            c if needs_care(c) => escape_control(c, &mut out),
            c => out.push(c),
        }
        before = Some(c);
    }
    out
}

/// Makes one line of stored text safe for a terminal: every control character, newlines and tabs
/// included, becomes visible (`^[`), so nothing from the database can move the cursor or change colours;
/// bidi controls, zero-width characters and line separators show as `\u{202e}`, so no text hides or
/// reverses what follows it.
pub fn sanitize_line(text: &str) -> String {
    sanitize(text, false)
}

/// Like [`sanitize_line`] but keeps line breaks and tabs: for multi-line bodies.
pub fn sanitize_block(text: &str) -> String {
    sanitize(text, true)
}

/// Shortens text to at most `max` display columns, ending with `…` when cut.
pub fn truncate_width(text: &str, max: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    if text.len() <= max || width(text) <= max {
        return text.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut width = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if width + w + 1 > max {
            break;
        }
        width += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// Display width in terminal columns.
pub fn width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// Breaks text into lines of at most `max` display columns, at spaces; a word longer than a line is
/// broken inside. Runs of spaces at a break are dropped.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthChar;
    let max = max.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let needed = width(word) + usize::from(!line.is_empty());
        if width(&line) + needed <= max {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // A word wider than a line: as much as fits on each.
        for c in word.chars() {
            if width(&line) + c.width().unwrap_or(0) > max {
                lines.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Joins whole items with `separator` as far as they fit in `max` columns; the items left out are
/// counted (" +2"), so a list never ends in a cut word or a dangling separator. An item too wide on
/// its own is cut with `…` only when it is the first.
pub fn join_whole(items: &[String], separator: &str, max: usize) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        let rest = items.len() - i - 1;
        let more = if rest > 0 {
            width(&format!(" +{rest}"))
        } else {
            0
        };
        let sep = if i == 0 { "" } else { separator };
        if width(&out) + width(sep) + width(item) + more <= max {
            out.push_str(sep);
            out.push_str(item);
            continue;
        }
        let left = items.len() - i;
        if i == 0 {
            let tail = if rest > 0 {
                format!(" +{rest}")
            } else {
                String::new()
            };
            return format!(
                "{}{tail}",
                truncate_width(item, max.saturating_sub(width(&tail)))
            );
        }
        out.push_str(&format!(" +{left}"));
        return out;
    }
    out
}

/// The display width of the widest text: a column that holds them all (labels in any language).
pub fn column_width<'a>(texts: impl IntoIterator<Item = &'a str>) -> usize {
    texts.into_iter().map(width).max().unwrap_or(0)
}

/// Which side [`fit`] pads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text first, spaces after it.
    Left,
    /// Spaces first, text after them (numbers).
    Right,
}

/// Text made exactly `columns` display columns wide: cut with `…` when longer, filled with spaces
/// when shorter. Columns, not characters, so that wide (CJK) and combining characters line up; the
/// one helper for every aligned column on the terminal.
pub fn fit(text: &str, columns: usize, align: Align) -> String {
    let cut = truncate_width(text, columns);
    let fill = " ".repeat(columns.saturating_sub(width(&cut)));
    match align {
        Align::Left => format!("{cut}{fill}"),
        Align::Right => format!("{fill}{cut}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_removes_case_and_diacritics() {
        for (input, expected) in [
            ("Müller", "muller"),
            ("MÜLLER", "muller"),
            ("Ødegaard", "odegaard"),
            ("Łukasz Wiśniewski", "lukasz wisniewski"),
            ("Zoë", "zoe"),
            ("Nguyễn", "nguyen"),
            ("Straße", "straße"),
        ] {
            assert_eq!(fold(input), expected, "{input}");
        }
    }

    /// Each pair folds alike for search, whichever side is typed and whichever is stored.
    #[test]
    fn search_fold_makes_german_spellings_equivalent_both_ways() {
        let same: &[(&str, &str)] = &[
            ("weiss", "Weiß"),
            ("Weiss", "Weiß"),
            ("WEIß", "Weiß"),
            ("WEISS", "weiß"),
            ("Mueller", "Müller"),
            ("muller", "Müller"),
            ("MÜLLER", "mueller"),
            ("Koehler", "Köhler"),
            ("Kohler", "Köhler"),
            ("Schaefer", "Schäfer"),
            ("Strasse", "Straße"),
            ("Gruesse", "Grüße"),
            ("Sören", "Soeren"),
            ("Sören", "soren"),
            ("Ødegaard", "odegaard"),
            ("Zoë", "zoe"),
            ("Renée", "Rene\u{301}e"),
            ("渡辺", "渡辺"),
            ("Café ☕", "cafe ☕"),
            ("👩\u{200d}💻 Team", "👩\u{200d}💻 team"),
            ("letzte\n  Lieferung", "Letzte Lieferung"),
        ];
        for (a, b) in same {
            assert_eq!(search_fold(a), search_fold(b), "{a:?} vs {b:?}");
            assert_eq!(search_fold(b), search_fold(a), "{b:?} vs {a:?}");
        }
        let different: &[(&str, &str)] = &[
            ("Weiß", "weis"),
            ("Müller", "miller"),
            ("渡辺", "渡邉"),
            ("☕", "🍵"),
            ("Straße", "strase"),
        ];
        for (a, b) in different {
            assert_ne!(search_fold(a), search_fold(b), "{a:?} vs {b:?}");
        }
        for (input, expected) in [
            ("Weiß", "weiss"),
            ("Müller", "muller"),
            ("Mueller", "muller"),
            ("  Rahmen\tVertrag ", "rahmen vertrag"),
            ("渡辺 大輔", "渡辺 大輔"),
            ("Ärger", "arger"),
            ("Aerger", "arger"),
        ] {
            assert_eq!(search_fold(input), expected, "{input:?}");
        }
    }

    #[test]
    fn line_endings_become_lf() {
        for (input, expected) in [
            ("one\r\ntwo", "one\ntwo"),
            ("one\rtwo", "one\ntwo"),
            ("one\ntwo", "one\ntwo"),
            ("a\r\r\nb", "a\n\nb"),
            ("a\n\rb", "a\n\nb"),
            ("end\r", "end\n"),
            ("\r\n\r\n", "\n\n"),
            ("", ""),
        ] {
            assert_eq!(normalize_line_endings(input), expected, "{input:?}");
        }
        assert!(matches!(
            normalize_line_endings("plain\n"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn sanitize_makes_controls_visible() {
        assert_eq!(sanitize_line("a\u{1b}[31mb"), "a^[[31mb");
        assert_eq!(sanitize_line("x\ny\0"), "x^Jy^@");
        assert_eq!(sanitize_line("\u{9b}2J"), "\\u{9b}2J");
        assert_eq!(sanitize_block("one\r\ntwo\u{7}"), "one\ntwo^G");
    }

    #[test]
    fn sanitize_shows_bidi_controls_invisible_characters_and_separators() {
        for (input, expected) in [
            ("abc\u{202e}fed", "abc\\u{202e}fed"),
            (
                "\u{202a}\u{202b}\u{202c}\u{202d}",
                "\\u{202a}\\u{202b}\\u{202c}\\u{202d}",
            ),
            (
                "a\u{2066}b\u{2067}c\u{2068}d\u{2069}",
                "a\\u{2066}b\\u{2067}c\\u{2068}d\\u{2069}",
            ),
            ("An\u{200b}na", "An\\u{200b}na"),
            ("\u{feff}Anna\u{2060}", "\\u{feff}Anna\\u{2060}"),
            ("\u{200d}Anna\u{200c}", "\\u{200d}Anna\\u{200c}"),
            ("line\u{2028}para\u{2029}", "line\\u{2028}para\\u{2029}"),
            ("\u{200e}x\u{200f}", "\\u{200e}x\\u{200f}"),
        ] {
            assert_eq!(sanitize_line(input), expected, "{input:?}");
            assert_eq!(sanitize_block(input), expected, "{input:?}");
        }
        // Joiners inside an emoji sequence or a word of a script that needs them stay.
        for kept in ["👩\u{200d}💻", "می\u{200c}خواهم", "क्\u{200d}ष"] {
            assert_eq!(sanitize_line(kept), kept);
        }
    }

    #[test]
    fn fit_pads_and_cuts_by_display_columns() {
        let cases: &[(&str, usize, Align, &str)] = &[
            ("Anna", 6, Align::Left, "Anna  "),
            ("Anna", 6, Align::Right, "  Anna"),
            // Wide characters take two columns each.
            ("渡辺 大輔", 12, Align::Left, "渡辺 大輔   "),
            ("渡辺 大輔", 6, Align::Left, "渡辺 …"),
            ("日本語", 4, Align::Left, "日… "),
            // Combining marks take no column: "é" written as e + U+0301.
            ("Rene\u{301}e", 7, Align::Left, "Rene\u{301}e  "),
            ("Zoe\u{308}", 5, Align::Right, "  Zoe\u{308}"),
            ("Müller GmbH & Co. KG", 10, Align::Left, "Müller Gm…"),
            ("x", 0, Align::Left, ""),
            ("", 3, Align::Left, "   "),
        ];
        for (text, columns, align, expected) in cases {
            let got = fit(text, *columns, *align);
            assert_eq!(got, *expected, "{text:?} {columns} {align:?}");
            assert_eq!(width(&got), *columns, "{text:?} {columns}");
        }
    }

    #[test]
    fn wrap_breaks_at_spaces_by_display_width() {
        let cases: &[(&str, usize, &[&str])] = &[
            ("one two three", 7, &["one two", "three"]),
            ("one two three", 80, &["one two three"]),
            (
                "Lieferkettensorgfaltspflichtengesetz gilt",
                12,
                &["Lieferketten", "sorgfaltspfl", "ichtengesetz", "gilt"],
            ),
            ("渡辺 大輔 さん", 5, &["渡辺", "大輔", "さん"]),
            ("", 10, &[""]),
            ("a  b", 10, &["a b"]),
        ];
        for (text, max, expected) in cases {
            assert_eq!(wrap(text, *max), *expected, "{text:?} {max}");
        }
    }

    #[test]
    fn join_whole_keeps_items_whole_and_counts_the_rest() {
        let items: Vec<String> = ["Angebot Wartungsvertrag", "Selbstkritik", "Rahmenvertrag"]
            .map(String::from)
            .to_vec();
        let cases: &[(usize, &str)] = &[
            (80, "Angebot Wartungsvertrag, Selbstkritik, Rahmenvertrag"),
            (40, "Angebot Wartungsvertrag, Selbstkritik +1"),
            (30, "Angebot Wartungsvertrag +2"),
            (12, "Angebot … +2"),
        ];
        for (max, expected) in cases {
            let got = join_whole(&items, ", ", *max);
            assert_eq!(got, *expected, "{max}");
            assert!(width(&got) <= *max || *max < 5, "{max}: {got}");
        }
    }

    #[test]
    fn truncate_respects_width() {
        assert_eq!(truncate_width("Müller GmbH", 20), "Müller GmbH");
        assert_eq!(truncate_width("Müller GmbH & Co. KG", 10), "Müller Gm…");
        assert_eq!(truncate_width("日本語テキスト", 7), "日本語…");
    }
}
