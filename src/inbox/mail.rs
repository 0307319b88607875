//! One message's header block -> [`Message`]: the block is read up to the first empty line (never
//! the body), refused when larger than [`MAX_HEADER_BYTES`] or binary, and decoded by `mail-parser`
//! (RFC 2047 encoded words, charsets, RFC 5322 addresses and dates). Nothing a file holds panics.

use super::{Address, Found, Message, SkipReason, Skipped, Source};
use chrono::{DateTime, FixedOffset, NaiveDate};
use mail_parser::{HeaderValue, MessageParser};
use std::io::{self, Read};

/// The largest header block read; real ones are a few kilobytes, a spam or broken file may hold
/// megabytes of headers, which are skipped and counted.
pub const MAX_HEADER_BYTES: usize = 256 << 10;

/// How much is read at a time while looking for the end of the header block.
const CHUNK: usize = 8 << 10;

/// Reads the header block of a message from `reader` into `block` (cleared first): everything up
/// to and including the first empty line, or the whole text when it has none.
///
/// # Errors
///
/// [`SkipReason::Oversize`] past [`MAX_HEADER_BYTES`], [`SkipReason::Binary`] for NUL bytes or
/// mostly control characters, [`SkipReason::Io`] when reading fails.
pub fn read_header_block(reader: &mut impl Read, block: &mut Vec<u8>) -> Result<(), SkipReason> {
    block.clear();
    let mut searched = 0;
    loop {
        let start = block.len();
        block.resize(start + CHUNK, 0);
        let read = match reader.read(&mut block[start..]) {
            Ok(read) => read,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => 0,
            Err(_) => return Err(SkipReason::Io),
        };
        block.truncate(start + read);
        if let Some(end) = header_end(block, searched) {
            block.truncate(end);
            break;
        }
        if block.len() > MAX_HEADER_BYTES {
            return Err(SkipReason::Oversize);
        }
        if read == 0 {
            break;
        }
        searched = block.len().saturating_sub(2);
    }
    if block.len() > MAX_HEADER_BYTES {
        return Err(SkipReason::Oversize);
    }
    check_text(block)
}

/// The end (exclusive) of the header block in `bytes`: just after the first empty line, searched
/// from `from` on.
pub fn header_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(offset) = bytes.get(i..)?.iter().position(|b| *b == b'\n') {
        let at = i + offset;
        match bytes.get(at + 1..) {
            Some([b'\n', ..]) => return Some(at + 2),
            Some([b'\r', b'\n', ..]) => return Some(at + 3),
            _ => i = at + 1,
        }
    }
    None
}

/// Refuses a header block that is not text: a NUL byte, or more than one control character in 16.
pub fn check_text(block: &[u8]) -> Result<(), SkipReason> {
    let control = block
        .iter()
        .filter(|b| b.is_ascii_control() && !matches!(b, b'\t' | b'\r' | b'\n'))
        .count();
    if block.contains(&0) || control * 16 > block.len() {
        return Err(SkipReason::Binary);
    }
    Ok(())
}

/// Reads a whole message's header block from `reader` and parses it: a [`Found::Message`], or a
/// [`Found::Skipped`] naming `origin` and why.
pub fn read_message(
    reader: &mut impl Read,
    block: &mut Vec<u8>,
    source: Source,
    origin: String,
) -> Found {
    let parsed = read_header_block(reader, block)
        .and_then(|()| parse_headers(block, source, origin.clone()).ok_or(SkipReason::Unreadable));
    match parsed {
        Ok(message) => Found::Message(Box::new(message)),
        Err(reason) => Found::Skipped(Skipped { origin, reason }),
    }
}

/// Parses a header block; `None` when it holds no `From` address (not a mail, or broken beyond use).
pub fn parse_headers(block: &[u8], source: Source, origin: String) -> Option<Message> {
    let parsed = MessageParser::new().parse_headers(block)?;
    let from = addresses(parsed.from());
    if from.is_empty() {
        return None;
    }
    let ids = |value: &HeaderValue<'_>| -> Vec<String> {
        match value {
            HeaderValue::Text(text) => message_ids(text),
            HeaderValue::TextList(list) => list.iter().flat_map(|t| message_ids(t)).collect(),
            _ => Vec::new(),
        }
    };
    Some(Message {
        message_id: parsed.message_id().and_then(|id| message_ids(id).pop()),
        in_reply_to: ids(parsed.in_reply_to()).into_iter().next(),
        references: ids(parsed.references()),
        from,
        to: addresses(parsed.to()),
        cc: addresses(parsed.cc()),
        date: parsed.date().and_then(date_time),
        subject: parsed
            .subject()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
        source,
        origin,
    })
}

/// The ids of a `Message-ID`-style text: angle brackets and spaces removed, empty ones left out.
fn message_ids(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == ',')
        .map(|id| id.trim_matches(|c| c == '<' || c == '>'))
        .filter(|id| !id.is_empty())
        .map(str::to_string)
        .collect()
}

/// Every address of a header (groups flattened), lower-cased; entries without `@` left out.
fn addresses(header: Option<&mail_parser::Address<'_>>) -> Vec<Address> {
    let Some(header) = header else {
        return Vec::new();
    };
    header
        .iter()
        .filter_map(|addr| {
            let email = addr.address()?.trim().to_lowercase();
            let name = addr
                .name()
                .map(|n| n.trim().trim_matches('"').trim().to_string())
                .filter(|n| !n.is_empty() && !n.eq_ignore_ascii_case(&email));
            email.contains('@').then_some(Address { email, name })
        })
        .collect()
}

/// A header date as chrono reads it; `None` for an impossible one.
fn date_time(date: &mail_parser::DateTime) -> Option<DateTime<FixedOffset>> {
    let seconds = i32::from(date.tz_hour) * 3600 + i32::from(date.tz_minute) * 60;
    let offset = FixedOffset::east_opt(if date.tz_before_gmt {
        -seconds
    } else {
        seconds
    })?;
    let day = NaiveDate::from_ymd_opt(i32::from(date.year), date.month.into(), date.day.into())?;
    let time = day.and_hms_opt(date.hour.into(), date.minute.into(), date.second.into())?;
    time.and_local_timezone(offset).single()
}

/// One message given whole (a mail client's pipe): its header block parsed, the origin
/// `eml:<message-id>` (or `eml:<hash of the header block>` without an id).
///
/// # Errors
///
/// Why it could not be read.
pub fn read_piped(bytes: &[u8]) -> Result<Message, SkipReason> {
    let mut block = Vec::new();
    read_header_block(&mut &bytes[..], &mut block)?;
    let mut message =
        parse_headers(&block, Source::Piped, String::new()).ok_or(SkipReason::Unreadable)?;
    message.origin = match &message.message_id {
        Some(id) => format!("eml:{id}"),
        None => format!("eml:{:016x}", super::rules::stable_hash(&[&block])),
    };
    Ok(message)
}
