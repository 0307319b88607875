//! jrnl's `jrnl --export json` file, read as a stream: `{"tags": {...}, "entries": [{"title", "body",
//! "date", "time", "tags", "starred"}]}`. Each entry is handed on as soon as it is read, so the file is
//! never held in memory; an entry over the size limit is refused at its line.

use super::jrnl::{JrnlEntry, JrnlError, clean_body, syntax, tags_of};
use super::lines::{LineError, MAX_LINE_BYTES, read_keeping_error};
use chrono::{NaiveDate, NaiveTime};
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::cell::RefCell;
use std::collections::HashSet;
use std::io::Read;
use std::rc::Rc;

#[derive(Deserialize)]
struct ExportEntry {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    time: Option<String>,
    #[serde(default)]
    tags: Option<Vec<String>>,
    #[serde(default)]
    starred: Option<bool>,
}

/// Tags of an exported entry: the listed `@tags` in the order they appear in the text (jrnl lists them
/// in no particular order), then listed ones the text does not show. `#topics` are not people and are
/// left out. Without a list, the tags are read from the text.
pub(super) fn export_tags(listed: Option<Vec<String>>, title: &str, body: &str) -> Vec<String> {
    let found = tags_of(title, body);
    let Some(listed) = listed else {
        return found;
    };
    let mut wanted = Vec::new();
    let mut wanted_set = HashSet::new();
    for tag in listed {
        let tag = tag.trim();
        let tag = match tag.strip_prefix('@') {
            Some(rest) => rest,
            None if tag.starts_with(char::is_alphanumeric) => tag,
            None => continue,
        };
        let tag = tag.to_lowercase();
        if !tag.is_empty() && wanted_set.insert(tag.clone()) {
            wanted.push(tag);
        }
    }
    let mut tags: Vec<String> = found
        .into_iter()
        .filter(|t| wanted_set.contains(t))
        .collect();
    let placed: HashSet<String> = tags.iter().cloned().collect();
    tags.extend(wanted.into_iter().filter(|t| !placed.contains(t)));
    tags
}

/// One exported entry as a journal entry: `number` counts from 1, `line` is where it starts.
fn entry_from(e: ExportEntry, number: usize, line: usize) -> Result<JrnlEntry, JrnlError> {
    let date = e
        .date
        .as_deref()
        .ok_or_else(|| syntax(line, format!("entry {} has no date", number)))?;
    let date = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").map_err(|_| {
        syntax(
            line,
            format!(
                "date '{}' is not a valid YYYY-MM-DD date",
                crate::text::sanitize_line(date)
            ),
        )
    })?;
    let time = match e.time.as_deref().map(str::trim) {
        None | Some("") => NaiveTime::MIN,
        Some(time) => NaiveTime::parse_from_str(time, "%H:%M")
            .or_else(|_| NaiveTime::parse_from_str(time, "%H:%M:%S"))
            .map_err(|_| {
                syntax(
                    line,
                    format!(
                        "time '{}' is not a valid HH:MM time",
                        crate::text::sanitize_line(time)
                    ),
                )
            })?,
    };
    let title = e.title.as_deref().unwrap_or_default().trim().to_string();
    let body = clean_body(e.body.as_deref().unwrap_or_default());
    let tags = export_tags(e.tags, &title, &body);
    Ok(JrnlEntry {
        at: date.and_time(time),
        title,
        body,
        tags,
        starred: e.starred.unwrap_or(false),
        line,
    })
}

/// Where the parser is in the file: the line, the line where the current entry began, and how much
/// has been read since (to refuse an entry over the size limit before it fills the memory).
#[derive(Default)]
struct Position {
    line: usize,
    /// The next byte that is neither space nor ',' starts an entry.
    marking: bool,
    entry_line: usize,
    since_mark: u64,
    /// Why reading stopped, once it has (serde keeps only an error's text).
    stopped: Option<LineError>,
}

/// The file as serde_json reads it (a byte at a time), tracked in a [`Position`].
struct Tracked<R> {
    inner: R,
    position: Rc<RefCell<Position>>,
}

impl<R: Read> Read for Tracked<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = read_keeping_error(&mut self.inner, buf, |e| {
            self.position.borrow_mut().stopped = Some(LineError::Io(e));
        })?;
        let mut p = self.position.borrow_mut();
        for b in &buf[..n] {
            if p.marking && !b.is_ascii_whitespace() && *b != b',' {
                (p.entry_line, p.marking) = (p.line, false);
            }
            p.line += usize::from(*b == b'\n');
        }
        p.since_mark += n as u64;
        if p.since_mark > MAX_LINE_BYTES as u64 {
            p.stopped = Some(LineError::RecordTooLarge { line: p.entry_line });
            return Err(std::io::Error::other("entry over the size limit"));
        }
        Ok(n)
    }
}

/// Why the callback or a record stopped the parser.
enum Stop<E> {
    File(JrnlError),
    Each(E),
}

/// The state of one read while serde walks the document.
struct Reading<'a, F, E> {
    each: &'a mut F,
    position: Rc<RefCell<Position>>,
    stop: Option<Stop<E>>,
    entries: usize,
}

impl<'de, F, E> DeserializeSeed<'de> for &mut Reading<'_, F, E>
where
    F: FnMut(JrnlEntry) -> Result<(), E>,
{
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, F, E> Visitor<'de> for &mut Reading<'_, F, E>
where
    F: FnMut(JrnlEntry) -> Result<(), E>,
{
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a jrnl export object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = false;
        while let Some(key) = map.next_key::<String>()? {
            if key == "entries" {
                map.next_value_seed(Entries(&mut *self))?;
                seen = true;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        if seen {
            Ok(())
        } else {
            Err(de::Error::missing_field("entries"))
        }
    }
}

/// The `entries` array, element by element.
struct Entries<'r, 'a, F, E>(&'r mut Reading<'a, F, E>);

impl<'de, F, E> DeserializeSeed<'de> for Entries<'_, '_, F, E>
where
    F: FnMut(JrnlEntry) -> Result<(), E>,
{
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, F, E> Visitor<'de> for Entries<'_, '_, F, E>
where
    F: FnMut(JrnlEntry) -> Result<(), E>,
{
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an array of entries")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let reading = self.0;
        loop {
            {
                let mut p = reading.position.borrow_mut();
                (p.marking, p.since_mark) = (true, 0);
            }
            let Some(e) = seq.next_element::<ExportEntry>()? else {
                return Ok(());
            };
            reading.entries += 1;
            let line = reading.position.borrow().entry_line;
            let stop = match entry_from(e, reading.entries, line) {
                Ok(entry) => (reading.each)(entry).err().map(Stop::Each),
                Err(e) => Some(Stop::File(e)),
            };
            if stop.is_some() {
                reading.stop = stop;
                return Err(de::Error::custom("stopped"));
            }
        }
    }
}

fn json_error(e: &serde_json::Error, skipped_lines: usize) -> JrnlError {
    let message = super::serde_message(e);
    syntax(
        e.line().max(1) + skipped_lines,
        format!("not a jrnl JSON export: {message}"),
    )
}

/// Reads `jrnl --export json` from `reader` (which starts after `skipped_lines` blank lines), handing
/// each entry to `each` as soon as it is read. Unknown fields are ignored; an entry without a valid date
/// is an error at its line.
pub fn read_json<R: Read, E: From<JrnlError>>(
    reader: R,
    skipped_lines: usize,
    mut each: impl FnMut(JrnlEntry) -> Result<(), E>,
) -> Result<(), E> {
    let position = Rc::new(RefCell::new(Position {
        line: 1 + skipped_lines,
        entry_line: 1 + skipped_lines,
        ..Position::default()
    }));
    let tracked = Tracked {
        inner: reader,
        position: Rc::clone(&position),
    };
    let mut reading = Reading {
        each: &mut each,
        position: Rc::clone(&position),
        stop: None,
        entries: 0,
    };
    let mut de = serde_json::Deserializer::from_reader(tracked);
    let parsed = DeserializeSeed::deserialize(&mut reading, &mut de).and_then(|()| de.end());
    let Err(e) = parsed else {
        return Ok(());
    };
    if let Some(stopped) = position.borrow_mut().stopped.take() {
        return Err(JrnlError::from(stopped).into());
    }
    Err(match reading.stop.take() {
        Some(Stop::Each(e)) => e,
        Some(Stop::File(e)) => e.into(),
        None => json_error(&e, skipped_lines).into(),
    })
}
