//! Text helpers shared by the store, the CLI and the app: folding for matching, and making stored text
//! safe to show on a terminal.

use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;
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
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'ø' => 'o',
            'ł' => 'l',
            'đ' => 'd',
            'ı' => 'i',
            'æ' => 'a',
            'œ' => 'o',
            other => other,
        })
        .collect()
}

/// A visible stand-in for a control character: `^[` for ESC, `^@` for NUL, `\u{9b}` style for C1.
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

/// Makes one line of stored text safe for a terminal: every control character, newlines and tabs
/// included, becomes visible (`^[`), so nothing from the database can move the cursor or change colours.
pub fn sanitize_line(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            if c == '\t' {
                out.push(' ');
            } else {
                escape_control(c, &mut out);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Like [`sanitize_line`] but keeps line breaks and tabs: for multi-line bodies.
pub fn sanitize_block(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\t' => out.push(c),
            '\r' => {}
            c if c.is_control() => escape_control(c, &mut out),
            c => out.push(c),
        }
    }
    out
}

/// Shortens text to at most `max` display columns, ending with `…` when cut.
pub fn truncate_width(text: &str, max: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    if text.len() <= max || width(text) <= max {
        return text.to_string();
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
    fn truncate_respects_width() {
        assert_eq!(truncate_width("Müller GmbH", 20), "Müller GmbH");
        assert_eq!(truncate_width("Müller GmbH & Co. KG", 10), "Müller Gm…");
        assert_eq!(truncate_width("日本語テキスト", 7), "日本語…");
    }
}
