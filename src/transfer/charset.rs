//! Character sets of address books: UTF-16 files turned into UTF-8 as they are read, and a vCard
//! value's bytes as text: in the `CHARSET` it names (every encoding of the WHATWG Encoding Standard,
//! by encoding_rs), else UTF-8, else the legacy code page its card is guessed to be in.

use encoding_rs::{Encoding, UTF_8};
use std::borrow::Cow;
use std::io::{BufRead, Read};

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

/// A value's bytes whose character set is not known: the card names none, or one encoding_rs does not
/// know, and they are not UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undecodable {
    /// The label the card gave, as written.
    pub charset: String,
}

/// The legacy code page a card's bytes that are not UTF-8 and name no charset are most likely in
/// (Windows-1251 for Cyrillic, 1253 for Greek, 1255 for Hebrew, 1252 for Western …), guessed by the
/// detector browsers use for unlabelled pages.
pub(crate) fn guess_legacy(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Deny)
}

/// The encoding a `CHARSET` label names (every WHATWG label: `windows-1251`, `ISO-8859-7`, `cp1255`,
/// `latin1` …); `Err` for a label encoding_rs does not know.
pub(crate) fn named(label: &str) -> Result<&'static Encoding, Undecodable> {
    Encoding::for_label_no_replacement(label.trim().as_bytes())
        .filter(|e| *e != encoding_rs::UTF_16LE && *e != encoding_rs::UTF_16BE)
        .ok_or_else(|| Undecodable {
            charset: label.to_string(),
        })
}

/// True when bytes that are not valid UTF-8 still look like UTF-8 text with a few stray legacy bytes:
/// as many well-formed multi-byte sequences as bytes that are not, or one of three or four bytes
/// (legacy text hardly ever forms those by chance).
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut good, mut bad, mut long) = (0usize, 0usize, false);
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c.len_utf8() > 1 {
                good += 1;
                long |= c.len_utf8() > 2;
            }
        }
        bad += chunk.invalid().len();
    }
    long || good >= bad
}

/// A value's bytes as text: UTF-8 when they are (labels of files re-saved as UTF-8 are often stale,
/// and legacy text is hardly ever valid UTF-8 by chance); else in the `charset` the value names (a
/// `UTF-8` label and one that names no character set count as none); else UTF-8 where they are and `legacy` for the bytes that are not
/// when the value is [`mostly_utf8`]; else all in `legacy`.
pub(crate) fn decode_value(
    bytes: &[u8],
    charset: Option<&str>,
    legacy: &'static Encoding,
) -> Result<String, Undecodable> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_string());
    }
    // A label that names no character set (`CHARSET=blabla`) says nothing: the bytes are read as
    // unlabelled ones.
    if let Some((label, encoding)) = charset.and_then(|l| named(l).ok().map(|e| (l, e)))
        && encoding != UTF_8
    {
        return encoding
            .decode_without_bom_handling_and_without_replacement(bytes)
            .map(Cow::into_owned)
            .ok_or_else(|| Undecodable {
                charset: label.to_string(),
            });
    }
    if !mostly_utf8(bytes) {
        return Ok(legacy.decode_without_bom_handling(bytes).0.into_owned());
    }
    let mut text = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        text.push_str(&legacy.decode_without_bom_handling(chunk.invalid()).0);
    }
    Ok(text)
}

/// Adds the bytes of an unlabelled value that are not UTF-8 to `out`, the sample [`guess_legacy`] reads:
/// all of a value in a legacy code page, only the stray bytes of one that is [`mostly_utf8`].
pub(crate) fn collect_legacy(bytes: &[u8], out: &mut Vec<u8>) {
    if std::str::from_utf8(bytes).is_ok() {
        return;
    }
    if !mostly_utf8(bytes) {
        out.extend_from_slice(bytes);
        out.push(b' ');
        return;
    }
    for chunk in bytes.utf8_chunks() {
        out.extend_from_slice(chunk.invalid());
        out.push(b' ');
    }
}

/// Undoes quoted-printable (soft line breaks are already joined): `=XX` becomes the byte; a trailing
/// `=` is a soft break with nothing after it; any other `=` and all other bytes stay as they are.
pub(crate) fn decode_quoted_printable(raw: &[u8]) -> Vec<u8> {
    fn hex(b: Option<&u8>) -> Option<u8> {
        char::from(*b?)
            .to_digit(16)
            .and_then(|d| u8::try_from(d).ok())
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'=' {
            if let Some((high, low)) = hex(raw.get(i + 1)).zip(hex(raw.get(i + 2))) {
                out.push(high * 16 + low);
                i += 3;
                continue;
            }
            if i + 1 == raw.len() {
                break;
            }
        }
        out.push(raw[i]);
        i += 1;
    }
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

    fn value(raw: &str, charset: Option<&str>) -> Result<String, Undecodable> {
        decode_value(
            &decode_quoted_printable(raw.as_bytes()),
            charset,
            encoding_rs::WINDOWS_1252,
        )
    }

    #[test]
    fn quoted_printable_in_the_named_charset() {
        let ok = |raw, charset| value(raw, charset).expect("decodes");
        assert_eq!(
            ok("Gr=FC=DFe =80 =E2=82=AC=", Some("windows-1252")),
            "Grüße € â‚¬"
        );
        assert_eq!(ok("Gr=C3=BC=C3=9Fe =3D =ZZ", Some("UTF-8")), "Grüße = =ZZ");
        assert_eq!(ok("=A4uro", Some("ISO-8859-15")), "€uro");
        assert_eq!(ok("M=FCller", None), "Müller");
        assert_eq!(ok("M=C3=BCller", None), "Müller");
        assert_eq!(ok("Grüß=20dich", Some("latin1")), "Grüß dich");
        assert_eq!(ok("=C2=E0=F1=FF", Some("cp1251")), "Вася");
        assert_eq!(ok("=E1=E2=E3", Some("ISO-8859-7")), "αβγ");
        assert_eq!(ok("plain", Some("x-unknown")), "plain");
        // A label that names no character set reads as none: the card's legacy code page.
        assert_eq!(
            ok("=F0", Some("x-unknown")),
            value("=F0", None).expect("decodes")
        );
        // Bytes that are not valid in the named charset.
        assert!(value("=82=A0=FF", Some("Shift_JIS")).is_err());
    }

    #[test]
    fn utf8_stays_utf8_around_stray_bytes() {
        let ok = |bytes: &[u8]| decode_value(bytes, None, encoding_rs::WINDOWS_1251).expect("text");
        let korean = ["최유림 caf".as_bytes(), b"\xe9"].concat();
        assert_eq!(
            decode_value(&korean, None, encoding_rs::WINDOWS_1252),
            Ok("최유림 café".to_string())
        );
        assert_eq!(ok(b"\xd0\xf3\xf1\xfc \xc2\xb3"), "Русь Ві");
        let mut sample = Vec::new();
        collect_legacy("Grüße".as_bytes(), &mut sample);
        assert!(sample.is_empty());
        collect_legacy(b"\xc2\xb3\xea\xf2\xee\xf0", &mut sample);
        assert_eq!(sample, b"\xc2\xb3\xea\xf2\xee\xf0 ");
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
