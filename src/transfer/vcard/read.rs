//! Content lines: unfolding physical lines into logical ones, and a logical line's name, parameters,
//! transfer encoding and value.

use super::super::charset::{Undecodable, decode_quoted_printable, decode_value};
use super::super::lines::{LineError, MAX_LINE_BYTES};
use super::VcardError;
use super::values::unescape_parameter;

/// One content line after unfolding, with the physical line it starts on; bytes, decoded per card
/// once its character set is known.
pub(super) struct Logical {
    pub(super) line: usize,
    pub(super) text: Vec<u8>,
    /// Binary data too large to keep: only the head and ':' are left.
    pub(super) dropped: bool,
}

/// The name and parameters of a content line: everything before the first `:` outside quotes.
pub(crate) fn head(text: &[u8]) -> Option<(&[u8], &[u8])> {
    let mut quoted = false;
    for (i, b) in text.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b':' if !quoted => return Some((&text[..i], &text[i + 1..])),
            _ => {}
        }
    }
    None
}

pub(super) fn head_has(text: &[u8], word: &str) -> bool {
    head(text).is_some_and(|(h, _)| {
        h.to_ascii_uppercase()
            .windows(word.len())
            .any(|w| w == word.as_bytes())
    })
}

pub(super) fn is_base64_head(text: &[u8]) -> bool {
    head(text).is_some_and(|(h, _)| {
        h.split(|b| *b == b';').skip(1).any(|p| {
            let p = p.trim_ascii().to_ascii_uppercase();
            matches!(&p[..], b"ENCODING=B" | b"ENCODING=BASE64" | b"BASE64")
        })
    })
}

/// Joins physical lines into logical ones as they are read: CRLF or LF; a line starting with a space
/// or tab continues the previous one (the one whitespace removed); a quoted-printable value ending in
/// `=` continues on the next line as is; base64 data of vCard 2.1 may continue on unindented lines
/// until a blank line. Every value is kept, but binary data (a base64 photo) larger than
/// [`MAX_LINE_BYTES`] is dropped as it comes and its line marked [`Logical::dropped`], so that a
/// huge photo takes no memory.
#[derive(Default)]
pub(super) struct Unfold {
    current: Option<Logical>,
    /// The current line's value is being dropped (only its head and ':' are kept).
    dropping: bool,
    /// While dropping: the last piece of the value ended in '='.
    ends_in_equals: bool,
}

impl Unfold {
    /// Takes the next physical line; returns the logical line it completes, if any.
    pub(super) fn push(
        &mut self,
        line: usize,
        physical: &[u8],
    ) -> Result<Option<Logical>, VcardError> {
        if let Some(current) = &mut self.current {
            let ends_in_equals = if self.dropping {
                self.ends_in_equals
            } else {
                current.text.ends_with(b"=")
            };
            let more = if ends_in_equals
                && head_has(&current.text, "QUOTED-PRINTABLE")
                && !physical.trim_ascii().eq_ignore_ascii_case(b"END:VCARD")
            {
                if !self.dropping {
                    current.text.pop();
                }
                Some(physical)
            } else if physical.starts_with(b" ") || physical.starts_with(b"\t") {
                Some(&physical[1..])
            } else if !physical.is_empty()
                && physical
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || b"+/= \t".contains(b))
                && is_base64_head(&current.text)
            {
                Some(physical.trim_ascii())
            } else {
                None
            };
            if let Some(more) = more {
                if self.dropping {
                    self.ends_in_equals = more.ends_with(b"=");
                } else if current.text.len() + more.len() > MAX_LINE_BYTES {
                    let Some((h, _)) =
                        head(&current.text).filter(|_| is_base64_head(&current.text))
                    else {
                        return Err(LineError::TooLong { line: current.line }.into());
                    };
                    let keep = h.len() + 1;
                    current.text.truncate(keep);
                    current.dropped = true;
                    self.dropping = true;
                    self.ends_in_equals = false;
                } else {
                    current.text.extend_from_slice(more);
                }
                return Ok(None);
            }
        }
        let done = self.current.take();
        if !physical.trim_ascii().is_empty() {
            let text = physical
                .strip_prefix(b" ")
                .or_else(|| physical.strip_prefix(b"\t"))
                .unwrap_or(physical)
                .to_vec();
            self.start(line, text);
        }
        Ok(done)
    }

    fn start(&mut self, line: usize, text: Vec<u8>) {
        self.dropping = false;
        self.current = Some(Logical {
            line,
            text,
            dropped: false,
        });
    }

    /// The logical line still open at the end of the file.
    pub(super) fn finish(&mut self) -> Option<Logical> {
        self.current.take()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Encoding {
    Plain,
    QuotedPrintable,
    Base64,
}

/// A parsed content line: `group.NAME;PARAM=VALUE:value`.
pub(super) struct Property {
    pub(super) line: usize,
    /// Upper case, group removed.
    pub(super) name: String,
    /// Group and name as written, the name upper case (`item1.URL`).
    pub(super) qualified: String,
    /// The parameters as written, without the first `;`.
    pub(super) written_params: String,
    /// Upper-case keys; `TYPE` lists split into one entry per type; vCard 2.1 bare parameters
    /// (`WORK`, `PREF`, `QUOTED-PRINTABLE`) become `TYPE` or `ENCODING` entries.
    pub(super) params: Vec<(String, String)>,
    /// Still encoded and escaped, in the card's character set.
    pub(super) value: Vec<u8>,
}

/// A property name (with its group) as vCard allows it: characters a name may not have (`X-GOOGLE
/// TALK`, `X-messaging/xmpp-All`, as some writers use) become `-`; `None` when a part is empty.
fn valid_name(written: &str) -> Option<String> {
    let words: Vec<String> = written
        .split('.')
        .map(|word| {
            word.chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '_' {
                        c
                    } else {
                        '-'
                    }
                })
                .collect()
        })
        .collect();
    words.iter().all(|w| !w.is_empty()).then(|| words.join("."))
}

/// Parameters in vCard 4.0's form: the bare parameters of vCard 2.1 (`WORK;VOICE`) become one
/// `TYPE` list with the card's `TYPE` values, where the first of them stood (`TYPE=work,voice`); a
/// bare encoding (`BASE64`) an `ENCODING`; parameters without bare ones stay as written.
pub(super) fn with_types(params: &str) -> String {
    let parts: Vec<&str> = split_unquoted(params, ';')
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.iter().all(|p| p.contains('=')) {
        return params.to_string();
    }
    let (mut types, mut out, mut at) = (Vec::new(), Vec::new(), None);
    for param in parts {
        match param.split_once('=') {
            Some((key, values)) if key.trim().eq_ignore_ascii_case("TYPE") => {
                types.push(values.trim().to_string());
            }
            Some(_) => {
                out.push(param.to_string());
                continue;
            }
            None if matches!(
                param.to_ascii_uppercase().as_str(),
                "BASE64" | "8BIT" | "7BIT"
            ) =>
            {
                out.push(format!("ENCODING={param}"));
                continue;
            }
            None => types.push(param.to_ascii_lowercase()),
        }
        at.get_or_insert(out.len());
    }
    if let Some(at) = at {
        out.insert(at, format!("TYPE={}", types.join(",")));
    }
    out.join(";")
}

/// Splits on `separator` outside double quotes.
pub(crate) fn split_unquoted(text: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut quoted = false;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '"' {
            quoted = !quoted;
        } else if c == separator && !quoted {
            parts.push(&text[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&text[start..]);
    parts
}

/// The parameters of a content line as (upper-case key, value) pairs: each TYPE value a pair of its
/// own (a quoted list, `TYPE="work,voice"`, too), other values with RFC 6868's escapes undone, and
/// vCard 2.1's bare words as TYPE values (as ENCODING for an encoding).
pub fn parameters(written: &str) -> Vec<(String, String)> {
    let mut params = Vec::new();
    for segment in split_unquoted(written, ';') {
        let segment = segment.trim();
        if segment.is_empty() {
            continue;
        }
        match segment.split_once('=') {
            Some((key, values)) => {
                let key = key.trim().to_ascii_uppercase();
                let values = values.trim();
                if key == "TYPE" {
                    for v in values.split(',') {
                        let v = v.trim().trim_matches('"').trim();
                        if !v.is_empty() {
                            params.push((key.clone(), v.to_string()));
                        }
                    }
                } else {
                    params.push((key, unescape_parameter(values.trim_matches('"'))));
                }
            }
            None => {
                let key = match segment.to_ascii_uppercase().as_str() {
                    "QUOTED-PRINTABLE" | "BASE64" | "8BIT" | "7BIT" => "ENCODING",
                    _ => "TYPE",
                };
                params.push((key.to_string(), segment.to_string()));
            }
        }
    }
    params
}

impl Property {
    pub(super) fn read(logical: &Logical) -> Option<Property> {
        let (head, value) = head(&logical.text)?;
        let head = String::from_utf8_lossy(head);
        let mut segments = split_unquoted(&head, ';').into_iter();
        let qualified = valid_name(segments.next()?.trim())?;
        let name = qualified.rsplit('.').next()?;
        let group = &qualified[..qualified.len() - name.len()];
        let written_params = head
            .split_once(';')
            .map_or(String::new(), |(_, p)| p.trim().to_string());
        let params = parameters(&written_params);
        Some(Property {
            line: logical.line,
            name: name.to_ascii_uppercase(),
            qualified: format!("{group}{}", name.to_ascii_uppercase()),
            written_params,
            params,
            value: value.to_vec(),
        })
    }

    pub(super) fn param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub(super) fn has_type(&self, word: &str) -> bool {
        self.params
            .iter()
            .any(|(k, v)| k == "TYPE" && v.eq_ignore_ascii_case(word))
    }

    pub(super) fn encoding(&self) -> Encoding {
        match self
            .param("ENCODING")
            .map(str::to_ascii_uppercase)
            .as_deref()
        {
            Some("QUOTED-PRINTABLE") => Encoding::QuotedPrintable,
            Some("B" | "BASE64") => Encoding::Base64,
            _ => Encoding::Plain,
        }
    }

    /// The value's bytes with its transfer encoding undone.
    pub(super) fn bytes(&self) -> std::borrow::Cow<'_, [u8]> {
        match self.encoding() {
            Encoding::QuotedPrintable => decode_quoted_printable(&self.value).into(),
            _ => (&self.value[..]).into(),
        }
    }

    /// The value as text (escapes still in place): in its `CHARSET`, else as
    /// [`super::charset::decode_value`] decides with the card's `legacy` code page; line ends
    /// become `\n`.
    pub(super) fn decoded(
        &self,
        legacy: &'static encoding_rs::Encoding,
    ) -> Result<String, Undecodable> {
        let text = decode_value(&self.bytes(), self.param("CHARSET"), legacy)?;
        Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
    }

    /// The written parameters without those a decoded value no longer needs (`CHARSET`,
    /// `ENCODING=QUOTED-PRINTABLE`, a bare `QUOTED-PRINTABLE`), in vCard 4.0's form (see
    /// [`with_types`]).
    pub(super) fn kept_params(&self) -> String {
        let kept = split_unquoted(&self.written_params, ';')
            .into_iter()
            .filter(|p| {
                let p = p.trim().to_ascii_uppercase();
                !(p.is_empty()
                    || p.starts_with("CHARSET=")
                    || p == "ENCODING=QUOTED-PRINTABLE"
                    || p == "QUOTED-PRINTABLE")
            })
            .collect::<Vec<_>>()
            .join(";");
        with_types(&kept)
    }

    /// Lower is more preferred: `PREF=1` (4.0), `TYPE=pref` (3.0) and a bare `PREF` (2.1) first.
    pub(super) fn preference(&self) -> u8 {
        if let Some(pref) = self.param("PREF").and_then(|p| p.trim().parse::<u8>().ok()) {
            return pref.clamp(1, 100);
        }
        if self.has_type("PREF") { 1 } else { 101 }
    }
}

/// A kept card row from its content line as [`super::write::row_line`] writes it; `None` for a line
/// without `:` or a name.
pub(crate) fn row_from_line(line: &str) -> Option<crate::domain::model::CardProperty> {
    let (head, value) = head(line.as_bytes())?;
    let head = std::str::from_utf8(head).ok()?;
    let value = std::str::from_utf8(value).ok()?;
    let (name, params) = head.split_once(';').unwrap_or((head, ""));
    let name = valid_name(name.trim())?;
    Some(crate::domain::model::CardProperty {
        name,
        params: params.to_string(),
        value: value.to_string(),
    })
}
