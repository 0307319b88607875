//! Scans an mbox file from a byte offset: messages start at a `From ` line at the start of the file
//! or after an empty line; each one's header block is handed on and its body skipped line by line
//! without being kept, so memory stays that of one header block. The end offset returned is where
//! the next scan starts.

use super::mail::{MAX_HEADER_BYTES, parse_headers};
use super::{Found, SkipReason, Skipped, Source};
use chrono::{DateTime, FixedOffset, NaiveDateTime};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Seek, SeekFrom};
use std::path::Path;

/// Scans the mbox at `path` from byte `from` (0 for the first scan; an offset past the end, after
/// the file was rewritten shorter, starts again at 0) and hands each message to `found`, its origin
/// `mbox:<path>:<offset of its From line>`. Returns the offset of the file's end, where the next
/// scan starts.
///
/// # Errors
///
/// When the file cannot be opened or read.
pub fn scan(path: &Path, from: u64, mut found: impl FnMut(Found)) -> io::Result<u64> {
    let mut file = File::open(path)?;
    let length = file.metadata()?.len();
    let mut at = if from > length { 0 } else { from };
    file.seek(SeekFrom::Start(at))?;
    let mut reader = BufReader::with_capacity(64 << 10, file);
    let shown = path.display().to_string();
    let mut line = Vec::new();
    let mut block = Vec::new();
    // (origin, date of the From line, header block still open, oversize)
    let mut current: Option<Open> = None;
    let mut after_blank = true;
    loop {
        let (read, whole) = next_line(&mut reader, &mut line, MAX_HEADER_BYTES)?;
        if read == 0 {
            break;
        }
        let start = at;
        at += read as u64;
        let blank = line == b"\n" || line == b"\r\n";
        if after_blank && line.starts_with(b"From ") {
            if let Some(open) = current.take() {
                found(open.finish(&block));
            }
            block.clear();
            current = Some(Open {
                origin: format!("mbox:{shown}:{start}"),
                date: from_line_date(&line),
                in_headers: true,
                oversize: false,
            });
        } else if let Some(open) = current.as_mut().filter(|o| o.in_headers) {
            if blank {
                open.in_headers = false;
            } else if !whole || block.len() + line.len() > MAX_HEADER_BYTES {
                open.oversize = true;
                block.clear();
            } else if !open.oversize {
                block.extend_from_slice(&line);
            }
        }
        after_blank = blank;
    }
    if let Some(open) = current.take() {
        found(open.finish(&block));
    }
    Ok(at)
}

/// A message whose `From ` line was read.
struct Open {
    origin: String,
    date: Option<DateTime<FixedOffset>>,
    in_headers: bool,
    oversize: bool,
}

impl Open {
    fn finish(self, block: &[u8]) -> Found {
        let skip = |reason| {
            Found::Skipped(Skipped {
                origin: self.origin.clone(),
                reason,
            })
        };
        if self.oversize {
            return skip(SkipReason::Oversize);
        }
        if let Err(reason) = super::mail::check_text(block) {
            return skip(reason);
        }
        match parse_headers(block, Source::Mbox, self.origin.clone()) {
            Some(mut message) => {
                message.date = message.date.or(self.date);
                Found::Message(Box::new(message))
            }
            None => skip(SkipReason::Unreadable),
        }
    }
}

/// Reads one line (with its `\n`) into `line`, keeping at most `cap` bytes of it; the rest of a
/// longer line is read and dropped. Returns the bytes read and whether the line was kept whole.
pub(crate) fn next_line(
    reader: &mut impl BufRead,
    line: &mut Vec<u8>,
    cap: usize,
) -> io::Result<(usize, bool)> {
    line.clear();
    let mut read = 0;
    loop {
        let buffer = match reader.fill_buf() {
            Ok(buffer) => buffer,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buffer.is_empty() {
            return Ok((read, line.len() == read));
        }
        let (take, done) = match buffer.iter().position(|b| *b == b'\n') {
            Some(at) => (at + 1, true),
            None => (buffer.len(), false),
        };
        let room = cap.saturating_sub(line.len()).min(take);
        line.extend_from_slice(&buffer[..room]);
        reader.consume(take);
        read += take;
        if done {
            return Ok((read, line.len() == read));
        }
    }
}

/// The date of an mbox `From sender Mon Dec  2 10:00:00 2024` line, read as UTC.
fn from_line_date(line: &[u8]) -> Option<DateTime<FixedOffset>> {
    let text = std::str::from_utf8(line).ok()?.trim_end();
    let rest = text.strip_prefix("From ")?.trim_start();
    let date = rest.split_once(char::is_whitespace)?.1;
    let words: Vec<&str> = date.split_whitespace().collect();
    let date = NaiveDateTime::parse_from_str(&words.join(" "), "%a %b %d %H:%M:%S %Y").ok()?;
    Some(date.and_utc().fixed_offset())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_from_line_gives_a_date() {
        let date = from_line_date(b"From anna@example.org Mon Dec  2 10:00:00 2024\n");
        assert_eq!(
            date.map(|d| d.to_rfc3339()).as_deref(),
            Some("2024-12-02T10:00:00+00:00")
        );
        assert_eq!(from_line_date(b"From nobody\n"), None);
    }

    #[test]
    fn a_long_line_is_cut_and_read_past() {
        let text = format!("{}\nnext\n", "x".repeat(100));
        let mut reader = io::Cursor::new(text.into_bytes());
        let mut line = Vec::new();
        assert_eq!(
            next_line(&mut reader, &mut line, 10).expect("read"),
            (101, false)
        );
        assert_eq!(line.len(), 10);
        assert_eq!(
            next_line(&mut reader, &mut line, 10).expect("read"),
            (5, true)
        );
        assert_eq!(line, b"next\n");
        assert_eq!(
            next_line(&mut reader, &mut line, 10).expect("read"),
            (0, true)
        );
    }
}
