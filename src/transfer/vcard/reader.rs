//! The card-by-card reader of a vCard file.

use super::super::lines::{Line, LineError, Lines, MAX_LINE_BYTES, until_error};
use super::card::{CardBuilder, Nameless};
use super::read::{Logical, Property, Unfold};
use super::{Card, VcardError, excerpt, syntax};
use std::cell::RefCell;
use std::io::BufRead;
use std::rc::Rc;

/// Bytes of one card as read (skipped photos included) beyond which the file is refused.
pub(super) const MAX_CARD_BYTES: usize = 16 * MAX_LINE_BYTES;

/// Reads the cards of a vCard file (2.1, 3.0 or 4.0) one at a time, as the file is read, holding one
/// card in memory. A card's values are decoded once it has ended, each in its `CHARSET`, else as
/// UTF-8, else in the legacy code page of the card (see [`super::charset::decode_value`]); a UTF-16
/// file is turned into UTF-8 before (see [`super::charset::utf8_stream`]). A line that glues the next
/// card to the end of one (`END:VCARDBEGIN:VCARD`, files joined with `cat`) is read as two. A card
/// without a name is skipped and kept in [`CardReader::nameless`]. Refuses, with the line, a file
/// without any `BEGIN:VCARD`, an `END:VCARD` without BEGIN, a card without END (a truncated file),
/// binary data, a content line that is not `NAME:VALUE`, a card in an unknown or wrong character set
/// (with its name), invalid `X-RAPPORT-` values, lines and cards over the size limits, and megabytes
/// of text outside any card.
pub struct CardReader<R> {
    lines: Lines<R>,
    unfold: Unfold,
    open: Option<CardBuilder>,
    /// Bytes read since the open card began (its text kept, and all of it).
    card_kept: usize,
    card_read: usize,
    /// Bytes read outside any card since the last one ended.
    outside: usize,
    seen_begin: bool,
    failed: bool,
    /// The rest of a line that glued the next card's `BEGIN:VCARD` to an `END:VCARD`.
    rest: Option<(usize, Vec<u8>)>,
    /// Cards skipped for having no name.
    nameless: Rc<RefCell<Vec<Nameless>>>,
}

impl<R: BufRead> CardReader<R> {
    /// Cards from `reader`.
    pub fn new(reader: R) -> CardReader<R> {
        CardReader {
            lines: Lines::new(reader),
            unfold: Unfold::default(),
            open: None,
            card_kept: 0,
            card_read: 0,
            outside: 0,
            seen_begin: false,
            failed: false,
            rest: None,
            nameless: Rc::default(),
        }
    }

    /// The cards skipped so far for having no name, filled in as the reader goes.
    pub fn nameless(&self) -> Rc<RefCell<Vec<Nameless>>> {
        Rc::clone(&self.nameless)
    }

    fn next_card(&mut self) -> Result<Option<Card>, VcardError> {
        loop {
            if let Some((number, rest)) = self.rest.take() {
                if let Some(card) = self.physical(number, &rest)? {
                    return Ok(Some(card));
                }
                continue;
            }
            let Some(Line { number, bytes, .. }) = self.lines.next_line()? else {
                if let Some(logical) = self.unfold.finish()
                    && let Some(card) = self.logical(logical)?
                {
                    return Ok(Some(card));
                }
                return self.end().map(|()| None);
            };
            if bytes.contains(&0) {
                return Err(syntax(
                    number,
                    "binary data (a NUL byte); this is not a vCard text file",
                ));
            }
            if self.open.is_some() {
                self.card_read += bytes.len() + 1;
            } else {
                self.outside += bytes.len() + 1;
            }
            let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
            let bytes = without_bom(bytes).to_vec();
            let first = match glued(&bytes) {
                Some(at) => {
                    self.rest = Some((number, without_bom(&bytes[at..]).to_vec()));
                    &bytes[..at]
                }
                None => &bytes[..],
            };
            if let Some(card) = self.physical(number, first)? {
                return Ok(Some(card));
            }
        }
    }

    /// Handles one physical line; returns the card it completes.
    fn physical(&mut self, number: usize, bytes: &[u8]) -> Result<Option<Card>, VcardError> {
        let done = self.unfold.push(number, bytes)?;
        if let Some(card) = &self.open
            && self.card_read > MAX_CARD_BYTES
        {
            return Err(LineError::RecordTooLarge { line: card.line }.into());
        }
        if self.outside > MAX_LINE_BYTES {
            return Err(VcardError::NoCard { line: number });
        }
        match done {
            Some(logical) => self.logical(logical),
            None => Ok(None),
        }
    }

    /// Handles one logical line; returns the card it completes.
    fn logical(&mut self, logical: Logical) -> Result<Option<Card>, VcardError> {
        let Some(property) = Property::read(&logical) else {
            if self.open.is_some() {
                return Err(syntax(
                    logical.line,
                    format!(
                        "expected NAME:VALUE, found '{}'",
                        excerpt(&String::from_utf8_lossy(&logical.text))
                    ),
                ));
            }
            return Ok(None);
        };
        let is_vcard = property.value.trim_ascii().eq_ignore_ascii_case(b"VCARD");
        match property.name.as_str() {
            "BEGIN" if is_vcard => {
                if let Some(card) = &self.open {
                    return Err(syntax(
                        card.line,
                        format!(
                            "the card has no END:VCARD before the next BEGIN:VCARD on line {}",
                            property.line
                        ),
                    ));
                }
                self.seen_begin = true;
                self.open = Some(CardBuilder::new(property.line));
                (self.card_kept, self.card_read, self.outside) = (0, 0, 0);
                Ok(None)
            }
            "END" if is_vcard => {
                let Some(card) = self.open.take() else {
                    return Err(syntax(property.line, "END:VCARD without BEGIN:VCARD"));
                };
                match card.finish()? {
                    Ok(card) => Ok(Some(card)),
                    Err(nameless) => {
                        self.nameless.borrow_mut().push(nameless);
                        Ok(None)
                    }
                }
            }
            _ => {
                if let Some(card) = self.open.as_mut() {
                    self.card_kept += logical.text.len();
                    if self.card_kept > MAX_LINE_BYTES {
                        return Err(LineError::RecordTooLarge { line: card.line }.into());
                    }
                    if !logical.dropped {
                        card.push(property);
                    }
                }
                Ok(None)
            }
        }
    }

    fn end(&mut self) -> Result<(), VcardError> {
        if let Some(card) = &self.open {
            return Err(syntax(
                card.line,
                "the card has no END:VCARD; the file may be truncated",
            ));
        }
        if !self.seen_begin {
            return Err(syntax(1, "no BEGIN:VCARD found; this is not a vCard file"));
        }
        Ok(())
    }
}

impl<R: BufRead> Iterator for CardReader<R> {
    type Item = Result<Card, VcardError>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut failed = self.failed;
        let next = until_error(&mut failed, || self.next_card());
        self.failed = failed;
        next
    }
}

/// Reads every card of a vCard text (see [`CardReader`]).
pub fn parse(text: &str) -> Result<Vec<Card>, VcardError> {
    parse_bytes(text.as_bytes())
}

/// Reads every card of a vCard file's bytes (see [`CardReader`]).
pub fn parse_bytes(bytes: &[u8]) -> Result<Vec<Card>, VcardError> {
    CardReader::new(bytes).collect()
}

/// The line without a UTF-8 byte order mark at its start (files joined with `cat` have one on any line).
pub(super) fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes)
}

/// Where the next card starts in a line that glues it to the end of the previous one
/// (`END:VCARDBEGIN:VCARD`, from files joined with `cat` without a final line end).
pub(super) fn glued(line: &[u8]) -> Option<usize> {
    const END: &[u8] = b"END:VCARD";
    let rest = without_bom(line.get(END.len()..)?);
    (line[..END.len()].eq_ignore_ascii_case(END)
        && rest.len() >= 6
        && rest[..6].eq_ignore_ascii_case(b"BEGIN:"))
    .then_some(END.len())
}
