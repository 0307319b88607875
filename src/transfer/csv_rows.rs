//! CSV files of other tools (LinkedIn, Google Contacts, Outlook) read row by row as the file is read,
//! with the file line each row starts on, a ceiling on a row's size, and bytes that are not UTF-8
//! named by their line.

use super::lines::{LineError, MAX_LINE_BYTES};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::BufRead;
use std::rc::Rc;

/// What is wrong with a CSV file, with the line it is on.
#[derive(Debug, thiserror::Error)]
pub enum CsvError {
    /// No header, a malformed row or a date that is not a date.
    #[error("line {line}: {message}")]
    Syntax {
        /// 1-based line in the file.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// Bytes that are not UTF-8 text (a file saved by a spreadsheet in its own encoding).
    #[error("line {line}: not UTF-8 text")]
    NotUtf8 {
        /// 1-based line of the first bad byte.
        line: usize,
    },
    /// The file could not be read, or a line or row is over the size limit.
    #[error(transparent)]
    Read(#[from] LineError),
}

/// Reads one line of CSV into trimmed fields (BOM and surrounding quotes removed).
pub(crate) fn fields_of(line: &str) -> Vec<String> {
    let line = line.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(line.as_bytes());
    reader
        .records()
        .next()
        .and_then(Result::ok)
        .map(|r| {
            r.iter()
                .map(|f| {
                    let f = f.trim_start_matches('\u{feff}').trim();
                    // ` "Company" ` keeps its quotes in CSV; a header name never contains one.
                    f.trim_matches('"').trim().to_string()
                })
                .collect()
        })
        .unwrap_or_default()
}

/// What the csv reader has been given so far: the line ends in it (to turn the reader's byte offsets
/// into file lines; its own line count is off with CRLF, counting a record from the `\n` of the
/// previous line ending) and where the current record began (to refuse a row over the size limit
/// before it fills the memory).
struct Track {
    /// Bytes handed to the csv reader.
    offset: u64,
    /// Offsets of `\r` and `\n` not yet counted, in order.
    ends: VecDeque<(u64, u8)>,
    /// The file line at the first uncounted byte.
    line: usize,
    /// Where the record being read began.
    record_start: u64,
    /// The row over the limit, once there was one.
    over: Option<LineError>,
}

impl Track {
    /// The 1-based file line of the record starting at `byte` (offsets must not go backwards).
    fn line_at(&mut self, byte: u64) -> usize {
        while let Some(&(at, end)) = self.ends.front() {
            if at >= byte {
                break;
            }
            self.line += usize::from(end == b'\n');
            self.ends.pop_front();
        }
        // A record "starts" at the line ending before it; its first field is after it.
        let mut next = byte;
        while let Some(&(at, end)) = self.ends.front() {
            if at != next {
                break;
            }
            self.line += usize::from(end == b'\n');
            self.ends.pop_front();
            next += 1;
        }
        self.line
    }
}

/// The rest of the file after the header, as the csv reader reads it, tracked by [`Track`].
struct Tracked<R> {
    inner: R,
    track: Rc<RefCell<Track>>,
}

impl<R: std::io::Read> std::io::Read for Tracked<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut track = self.track.borrow_mut();
        let start = track.offset;
        for (i, b) in buf[..n].iter().enumerate() {
            if matches!(b, b'\r' | b'\n') {
                track.ends.push_back((start + i as u64, *b));
            }
        }
        track.offset += n as u64;
        if track.offset - track.record_start > MAX_LINE_BYTES as u64 {
            let record_start = track.record_start;
            let one_line = !track
                .ends
                .iter()
                .any(|(at, end)| *at > record_start && *end == b'\n');
            let line = track.line_at(record_start);
            track.over = Some(if one_line {
                LineError::TooLong { line }
            } else {
                LineError::RecordTooLarge { line }
            });
            return Err(std::io::Error::other("row over the size limit"));
        }
        Ok(n)
    }
}

/// The trimmed text of a column, `None` when the layout has no such column or the row leaves it empty.
pub(crate) fn field(record: &csv::StringRecord, position: Option<usize>) -> Option<String> {
    record
        .get(position?)
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

/// The row as text, or the file line of its first byte that is not UTF-8 (the row starts on `line`;
/// only quoted fields hold line breaks).
pub(crate) fn text_record(
    bytes: &csv::ByteRecord,
    line: usize,
) -> Result<csv::StringRecord, CsvError> {
    csv::StringRecord::from_byte_record(bytes.clone()).map_err(|e| {
        let bad = e.utf8_error();
        let newlines = |b: &[u8]| b.iter().filter(|&&c| c == b'\n').count();
        let before: usize = bytes.iter().take(bad.field()).map(newlines).sum();
        let within = bytes
            .get(bad.field())
            .map_or(0, |f| newlines(&f[..bad.valid_up_to().min(f.len())]));
        CsvError::NotUtf8 {
            line: line + before + within,
        }
    })
}

/// Rows without a name that were skipped: how many, and the lines of the first [`Nameless::SHOWN`].
#[derive(Debug, Default)]
pub(crate) struct Nameless {
    /// How many.
    pub(crate) count: usize,
    /// The lines of the first of them.
    pub(crate) lines: Vec<usize>,
}

impl Nameless {
    const SHOWN: usize = 5;

    /// Counts the row on `line`.
    pub(crate) fn add(&mut self, line: usize) {
        self.count += 1;
        if self.lines.len() < Self::SHOWN {
            self.lines.push(line);
        }
    }
}

/// The rows of a CSV file after its header line, one at a time as the file is read, each with the
/// file line it starts on.
pub(crate) struct CsvRows<R> {
    reader: csv::Reader<Tracked<R>>,
    track: Rc<RefCell<Track>>,
    record: csv::ByteRecord,
}

impl<R: BufRead> CsvRows<R> {
    /// The rows of `rest`, the file after its header on line `header_line`.
    pub(crate) fn new(rest: R, header_line: usize) -> CsvRows<R> {
        let track = Rc::new(RefCell::new(Track {
            offset: 0,
            ends: VecDeque::new(),
            line: header_line + 1,
            record_start: 0,
            over: None,
        }));
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(Tracked {
                inner: rest,
                track: Rc::clone(&track),
            });
        CsvRows {
            reader,
            track,
            record: csv::ByteRecord::new(),
        }
    }

    /// The next row as bytes and the line it starts on; `None` at the end.
    pub(crate) fn next_row(&mut self) -> Result<Option<(usize, &csv::ByteRecord)>, CsvError> {
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => return Ok(None),
            Ok(true) => {}
            Err(e) => {
                let mut track = self.track.borrow_mut();
                if let Some(over) = track.over.take() {
                    return Err(over.into());
                }
                let line = e.position().map_or(track.line, |p| track.line_at(p.byte()));
                return Err(CsvError::Syntax {
                    line,
                    message: e.to_string(),
                });
            }
        }
        let mut track = self.track.borrow_mut();
        track.record_start = self.reader.position().byte();
        let line = track.line;
        let line = self
            .record
            .position()
            .map_or(line, |p| track.line_at(p.byte()));
        Ok(Some((line, &self.record)))
    }
}
