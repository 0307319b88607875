//! Character sets of address books: a line's bytes as text (UTF-8, else Windows-1252 as old Outlook
//! versions write it), UTF-16 files turned into UTF-8 as they are read, and the charsets a vCard
//! property may name for its quoted-printable value.

use std::borrow::Cow;
use std::io::{BufRead, Read};

/// A line's bytes as text: UTF-8 when they are, else Windows-1252. Decided line by line, so that a
/// Latin-1 file imports with its umlauts instead of replacement characters, while reading the file
/// as a stream.
pub fn decode_line(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => Cow::Owned(windows_1252(bytes)),
    }
}

/// The stream as UTF-8 when it starts with a UTF-16 byte order mark (transcoded as it is read),
/// else as it is.
pub fn utf8_stream<'a>(mut inner: impl BufRead + 'a) -> std::io::Result<Box<dyn BufRead + 'a>> {
    let start = inner.fill_buf()?;
    let little = match start {
        [0xff, 0xfe, ..] => true,
        [0xfe, 0xff, ..] => false,
        _ => return Ok(Box::new(inner)),
    };
    inner.consume(2);
    Ok(Box::new(std::io::BufReader::new(Utf16Reader {
        inner,
        little,
        out: Vec::new(),
        at: 0,
    })))
}

/// UTF-16 in, UTF-8 out; unpaired surrogates become U+FFFD.
struct Utf16Reader<R> {
    inner: R,
    little: bool,
    /// Transcoded bytes not yet handed out.
    out: Vec<u8>,
    at: usize,
}

impl<R: BufRead> Utf16Reader<R> {
    /// Transcodes the next chunk into `out`; false at the end of the stream.
    fn refill(&mut self) -> std::io::Result<bool> {
        let chunk = self.inner.fill_buf()?;
        if chunk.is_empty() {
            return Ok(false);
        }
        let mut bytes = chunk[..chunk.len() & !1].to_vec();
        self.inner.consume(bytes.len());
        // Whole code units, and a high surrogate together with the unit after it.
        while bytes.len() % 2 == 1 || bytes.is_empty() || self.ends_in_high_surrogate(&bytes) {
            let mut one = [0u8; 1];
            if self.inner.read(&mut one)? == 0 {
                break;
            }
            bytes.push(one[0]);
        }
        let units = bytes.chunks_exact(2).map(|pair| self.unit(pair));
        let mut text: String = char::decode_utf16(units)
            .map(|c| c.unwrap_or('\u{fffd}'))
            .collect();
        if bytes.len() % 2 == 1 {
            text.push('\u{fffd}');
        }
        self.out = text.into_bytes();
        self.at = 0;
        Ok(true)
    }

    fn unit(&self, pair: &[u8]) -> u16 {
        if self.little {
            u16::from_le_bytes([pair[0], pair[1]])
        } else {
            u16::from_be_bytes([pair[0], pair[1]])
        }
    }

    fn ends_in_high_surrogate(&self, bytes: &[u8]) -> bool {
        bytes.len() >= 2 && (0xd800..0xdc00).contains(&self.unit(&bytes[bytes.len() - 2..]))
    }
}

impl<R: BufRead> Read for Utf16Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.out.len() {
            if !self.refill()? {
                return Ok(0);
            }
        }
        let n = buf.len().min(self.out.len() - self.at);
        buf[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// Windows-1252, by hand. Files labelled ISO-8859-1 are read the same way (as the WHATWG Encoding
/// Standard does): real files with that label use 0x80–0x9F for `€`, `„` and friends, never for the C1
/// controls Latin-1 puts there. The five bytes 1252 leaves undefined map to those controls.
pub(crate) fn windows_1252(bytes: &[u8]) -> String {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9f => HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

/// ISO-8859-15 (Latin-9): Latin-1 with eight letters replaced, the euro sign among them.
fn latin_9(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0xa4 => '€',
            0xa6 => 'Š',
            0xa8 => 'š',
            0xb4 => 'Ž',
            0xb8 => 'ž',
            0xbc => 'Œ',
            0xbd => 'œ',
            0xbe => 'Ÿ',
            _ => char::from(b),
        })
        .collect()
}

/// Decodes bytes in the charset a property names; without one, UTF-8 when valid, else Windows-1252.
fn decode_charset(bytes: &[u8], charset: Option<&str>) -> String {
    let label = charset.map(|c| c.trim().to_ascii_uppercase().replace('_', "-"));
    match label.as_deref() {
        Some("UTF-8" | "UTF8") => String::from_utf8_lossy(bytes).into_owned(),
        Some(
            "ISO-8859-1" | "ISO8859-1" | "LATIN1" | "LATIN-1" | "WINDOWS-1252" | "WINDOWS1252"
            | "CP1252" | "US-ASCII" | "ASCII",
        ) => windows_1252(bytes),
        Some("ISO-8859-15" | "ISO8859-15" | "LATIN-9" | "LATIN9") => latin_9(bytes),
        _ => match std::str::from_utf8(bytes) {
            Ok(text) => text.to_string(),
            Err(_) => windows_1252(bytes),
        },
    }
}

/// Decodes a quoted-printable value (soft line breaks are already joined). `=XX` bytes are decoded in
/// `charset`; characters that are already non-ASCII in the text pass through unchanged.
pub(crate) fn decode_quoted_printable(raw: &str, charset: Option<&str>) -> String {
    fn hex(b: u8) -> Option<u8> {
        char::from(b)
            .to_digit(16)
            .and_then(|d| u8::try_from(d).ok())
    }
    let bytes = raw.as_bytes();
    let mut out = String::with_capacity(raw.len());
    let mut pending: Vec<u8> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'=' {
            let pair = (bytes.get(i + 1).copied().and_then(hex))
                .zip(bytes.get(i + 2).copied().and_then(hex));
            if let Some((high, low)) = pair {
                pending.push(high * 16 + low);
                i += 3;
            } else {
                // A trailing `=` is a soft break with nothing after it; any other is taken literally.
                if i + 1 < bytes.len() {
                    pending.push(b);
                }
                i += 1;
            }
        } else if b.is_ascii() {
            pending.push(b);
            i += 1;
        } else {
            out.push_str(&decode_charset(&pending, charset));
            pending.clear();
            let c = raw[i..].chars().next().unwrap_or('\u{fffd}');
            out.push(c);
            i += c.len_utf8().max(1);
        }
    }
    out.push_str(&decode_charset(&pending, charset));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through_stream(bytes: &[u8]) -> String {
        let mut out = String::new();
        utf8_stream(std::io::BufReader::with_capacity(3, bytes))
            .expect("stream")
            .read_to_string(&mut out)
            .expect("UTF-8");
        out
    }

    #[test]
    fn quoted_printable_in_the_named_charset() {
        assert_eq!(
            decode_quoted_printable("Gr=FC=DFe =80 =E2=82=AC=", Some("windows-1252")),
            "Grüße € â‚¬"
        );
        assert_eq!(
            decode_quoted_printable("Gr=C3=BC=C3=9Fe =3D =ZZ", Some("UTF-8")),
            "Grüße = =ZZ"
        );
        assert_eq!(
            decode_quoted_printable("=A4uro", Some("ISO-8859-15")),
            "€uro"
        );
        assert_eq!(decode_quoted_printable("M=FCller", None), "Müller");
        assert_eq!(decode_quoted_printable("M=C3=BCller", None), "Müller");
        assert_eq!(
            decode_quoted_printable("Grüß=20dich", Some("latin1")),
            "Grüß dich"
        );
    }

    #[test]
    fn lines_are_utf8_else_windows_1252() {
        assert_eq!(decode_line("Müller".as_bytes()), "Müller");
        assert_eq!(decode_line(b"M\xfcller \x80"), "Müller €");
        assert_eq!(through_stream("Müller\n".as_bytes()), "Müller\n");
    }

    #[test]
    fn utf16_files_become_utf8_as_they_are_read() {
        assert_eq!(through_stream(b"\xff\xfeM\x00\xfc\x00"), "Mü");
        assert_eq!(through_stream(b"\xfe\xff\x00M\x00\xfc"), "Mü");
        // A character outside the BMP (a surrogate pair) across the small buffer, an odd last byte.
        let mut bytes = vec![0xff, 0xfe];
        for unit in "a🤝\n".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(through_stream(&bytes), "a🤝\n");
        bytes.push(b'x');
        assert_eq!(through_stream(&bytes), "a🤝\n\u{fffd}");
        // An unpaired surrogate.
        assert_eq!(through_stream(b"\xff\xfe\x00\xd8A\x00"), "\u{fffd}A");
    }
}
