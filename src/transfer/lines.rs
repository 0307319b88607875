//! Reading other people's files as a stream: one line at a time with a ceiling on its length, and a
//! count of the bytes read for the progress bar. So an import holds one line (or one record) in memory
//! however large the file, and endless input (`/dev/urandom`, a file without line ends) stops with a
//! clear message instead of filling the memory.

use crate::i18n::tr;
use std::cell::Cell;
use std::io::{BufRead, Read};
use std::rc::Rc;

/// The longest line (and the largest record: a card, a row, an entry) an import reads: 4 MiB. Real
/// lines are far shorter; binary data skipped while reading (base64 photos) does not count.
pub const MAX_LINE_BYTES: usize = 4 << 20;

/// [`MAX_LINE_BYTES`] in MB, for messages.
const LIMIT_MB: usize = MAX_LINE_BYTES >> 20;

/// Why a stream stopped before its end.
#[derive(Debug, thiserror::Error)]
pub enum LineError {
    /// The file could not be read.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// A line longer than [`MAX_LINE_BYTES`].
    #[error("{}", tr("import.line_too_long", &[("line", line), ("limit", &LIMIT_MB)]))]
    TooLong {
        /// 1-based line.
        line: usize,
    },
    /// A record (starting on this line) larger than [`MAX_LINE_BYTES`].
    #[error("{}", tr("import.record_too_large", &[("line", line), ("limit", &LIMIT_MB)]))]
    RecordTooLarge {
        /// 1-based line where the record starts.
        line: usize,
    },
}

/// One line of a stream.
pub struct Line<'a> {
    /// 1-based line number.
    pub number: usize,
    /// The byte offset in the stream where the line starts.
    pub offset: u64,
    /// The line without its `\n` (a `\r` before it is kept).
    pub bytes: &'a [u8],
}

/// A byte stream cut into lines of at most [`MAX_LINE_BYTES`].
pub struct Lines<R> {
    inner: R,
    /// The current line, `\n` removed (a `\r` before it is kept).
    buf: Vec<u8>,
    /// 1-based number of the current line.
    line: usize,
    /// Bytes consumed before the current line.
    offset: u64,
    /// Bytes consumed through the current line.
    consumed: u64,
}

impl<R: BufRead> Lines<R> {
    /// Lines of `inner`, numbered from 1.
    pub fn new(inner: R) -> Lines<R> {
        Lines::after(inner, 0, 0)
    }

    /// Lines of `inner`, which starts after `lines` lines and `bytes` bytes already read.
    pub fn after(inner: R, lines: usize, bytes: u64) -> Lines<R> {
        Lines {
            inner,
            buf: Vec::new(),
            line: lines,
            offset: bytes,
            consumed: bytes,
        }
    }

    /// The next line; `None` at the end of the stream.
    pub fn next_line(&mut self) -> Result<Option<Line<'_>>, LineError> {
        self.buf.clear();
        self.offset = self.consumed;
        let mut ended = false;
        loop {
            let chunk = match self.inner.fill_buf() {
                Ok(chunk) => chunk,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e.into()),
            };
            if chunk.is_empty() {
                break;
            }
            let (take, found) = match chunk.iter().position(|b| *b == b'\n') {
                Some(at) => (at + 1, true),
                None => (chunk.len(), false),
            };
            if self.buf.len() + take > MAX_LINE_BYTES + 1 {
                return Err(LineError::TooLong {
                    line: self.line + 1,
                });
            }
            self.buf.extend_from_slice(&chunk[..take]);
            self.inner.consume(take);
            self.consumed += take as u64;
            if found {
                ended = true;
                break;
            }
        }
        if self.buf.is_empty() && !ended {
            return Ok(None);
        }
        if ended {
            self.buf.pop();
        }
        self.line += 1;
        Ok(Some(Line {
            number: self.line,
            offset: self.offset,
            bytes: &self.buf,
        }))
    }

    /// The rest of the stream, after the last line returned.
    pub fn into_inner(self) -> R {
        self.inner
    }
}

/// Reads from `inner`. A failure other than an interruption is handed to `keep` (a parser such as
/// serde keeps only an error's text) and comes back as an error with the same text.
pub fn read_keeping_error(
    inner: &mut impl Read,
    buf: &mut [u8],
    keep: impl FnOnce(std::io::Error),
) -> std::io::Result<usize> {
    match inner.read(buf) {
        Ok(n) => Ok(n),
        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => Err(e),
        Err(e) => {
            let text = e.to_string();
            keep(e);
            Err(std::io::Error::other(text))
        }
    }
}

/// One step of a reader that yields records until the first error, then nothing: `next` is the
/// step's outcome, `failed` whether an error was yielded before.
pub fn until_error<T, E>(
    failed: &mut bool,
    next: impl FnOnce() -> Result<Option<T>, E>,
) -> Option<Result<T, E>> {
    if *failed {
        return None;
    }
    let next = next();
    *failed = next.is_err();
    next.transpose()
}

/// A reader that counts the bytes read through it, for a progress bar by bytes.
pub struct Counted<R> {
    inner: R,
    read: Rc<Cell<u64>>,
}

impl<R: Read> Counted<R> {
    /// `inner`, and the counter the progress bar reads.
    pub fn new(inner: R) -> (Counted<R>, Rc<Cell<u64>>) {
        let read = Rc::new(Cell::new(0));
        (
            Counted {
                inner,
                read: Rc::clone(&read),
            },
            read,
        )
    }

    /// `inner`, adding what is read to `read` (one counter for several files).
    pub fn adding_to(inner: R, read: Rc<Cell<u64>>) -> Counted<R> {
        Counted { inner, read }
    }
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &[u8]) -> Result<Vec<(usize, Vec<u8>)>, LineError> {
        let mut lines = Lines::new(std::io::BufReader::with_capacity(3, text));
        let mut out = Vec::new();
        while let Some(line) = lines.next_line()? {
            out.push((line.number, line.bytes.to_vec()));
        }
        Ok(out)
    }

    #[test]
    fn lines_keep_cr_and_count_from_one() {
        let lines = all(b"ab\r\n\ncd").expect("reads");
        assert_eq!(
            lines,
            vec![(1, b"ab\r".to_vec()), (2, Vec::new()), (3, b"cd".to_vec())]
        );
        assert!(all(b"").expect("reads").is_empty());
        assert_eq!(all(b"x\n").expect("reads"), vec![(1, b"x".to_vec())]);
    }

    #[test]
    fn an_overlong_line_stops_at_the_limit() {
        let mut text = b"short\n".to_vec();
        text.extend(std::iter::repeat_n(b'x', MAX_LINE_BYTES));
        text.extend_from_slice(b"\nafter\n");
        assert_eq!(all(&text).expect("exactly the limit").len(), 3);
        text.insert(10, b'y');
        match all(&text) {
            Err(LineError::TooLong { line }) => assert_eq!(line, 2),
            other => panic!("{:?}", other.map(|l| l.len())),
        }
        // Endless input without a line end ends after the limit.
        let endless = std::io::repeat(b'z');
        let mut lines = Lines::new(std::io::BufReader::new(endless));
        assert!(matches!(
            lines.next_line().map(|l| l.map(|l| l.number)),
            Err(LineError::TooLong { line: 1 })
        ));
    }
}
