//! LinkedIn's `Connections.csv` from "Get a copy of your data": one row per connection, read into
//! [`Connection`]s and turned into address-book cards with [`to_card`].
//!
//! Real exports open with a note ("Notes:", a quoted paragraph, a blank line) before the header, carry a
//! UTF-8 BOM, use CRLF and quote fields that hold commas; most email addresses are empty because LinkedIn
//! hides them. Everything before the header line is skipped.

pub use super::csv_rows::CsvError as LinkedinError;
use super::csv_rows::{CsvRows, Nameless, field, fields_of, text_record};
use super::lines::{Line, Lines, until_error};
use super::vcard::Card;
use chrono::NaiveDate;
use std::io::BufRead;

/// One connection from LinkedIn's data export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    /// "First Name" (may be empty when only the last name is given).
    pub first_name: String,
    /// "Last Name" (may be empty when only the first name is given).
    pub last_name: String,
    /// Their profile address.
    pub url: Option<String>,
    /// "Email Address"; usually empty, LinkedIn only exports it when the person allows it.
    pub email: Option<String>,
    /// Their current company.
    pub company: Option<String>,
    /// Their current position.
    pub position: Option<String>,
    /// When we connected.
    pub connected_on: Option<NaiveDate>,
    /// 1-based line in the file where the row starts (the note lines before the header count).
    pub line: usize,
}

/// The columns the exports have had, by header name (matched case-insensitively, in any order). Only
/// [`REQUIRED`] ones are in every layout: exports until 2021 have no `URL`.
const COLUMNS: [&str; 7] = [
    "first name",
    "last name",
    "url",
    "email address",
    "company",
    "position",
    "connected on",
];

/// The columns of [`COLUMNS`] every layout has: the names and the day we connected.
const REQUIRED: [usize; 3] = [0, 1, 6];

/// Where each of [`COLUMNS`] sits in the rows, `None` for one this layout does not have.
type ColumnIndex = [Option<usize>; 7];

/// Whether `fields` is the header of a `Connections.csv` export.
pub(crate) fn is_header(fields: &[String]) -> bool {
    header_columns(fields).is_some()
}

/// The column positions when `fields` is the header: each name of [`COLUMNS`] at most once, the
/// [`REQUIRED`] ones present. Unknown extra columns are allowed (and ignored), so a future export with
/// one more column still reads.
fn header_columns(fields: &[String]) -> Option<ColumnIndex> {
    let mut index: ColumnIndex = [None; 7];
    for (position, field) in fields.iter().enumerate() {
        let lower = field.to_lowercase();
        if let Some(column) = COLUMNS.iter().position(|c| *c == lower)
            && index[column].replace(position).is_some()
        {
            return None;
        }
    }
    REQUIRED
        .iter()
        .all(|&c| index[c].is_some())
        .then_some(index)
}

/// Bytes before the header beyond which a file is not a LinkedIn export (real ones have three note
/// lines).
const MAX_BEFORE_HEADER: u64 = 1 << 20;

/// Finds the header line: its 1-based number and the column positions; the stream is left after it.
fn find_header<R: BufRead>(lines: &mut Lines<R>) -> Result<(usize, ColumnIndex), LinkedinError> {
    let no_header = || LinkedinError::Syntax {
        line: 1,
        message: "no LinkedIn header (expected \"First Name,Last Name,URL,Email Address,\
                  Company,Position,Connected On\" or the same without URL)"
            .into(),
    };
    while let Some(Line {
        number,
        offset,
        bytes,
    }) = lines.next_line()?
    {
        let line =
            std::str::from_utf8(bytes).map_err(|_| LinkedinError::NotUtf8 { line: number })?;
        // Cheap filter first: only lines naming the first column are parsed as CSV.
        if line.to_lowercase().contains("first name")
            && let Some(index) = header_columns(&fields_of(line.trim_end_matches('\r')))
        {
            return Ok((number, index));
        }
        if offset > MAX_BEFORE_HEADER {
            return Err(no_header());
        }
    }
    Err(no_header())
}

/// Parses "27 Nov 2026" (LinkedIn's form since 2019, also with the full month name), "2026-11-27", or
/// the US form of 2018 exports, month first with the time of day: "1/8/18, 6:14 PM" (also "1/8/2018").
fn parse_date(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value, "%d %b %Y")
        .or_else(|_| NaiveDate::parse_from_str(value, "%d %B %Y"))
        .or_else(|_| NaiveDate::parse_from_str(value, "%Y-%m-%d"))
        .ok()
        .or_else(|| parse_us_date(value))
}

/// "1/8/18, 6:14 PM": month/day/year (two or four digits), then optionally a time of day.
fn parse_us_date(value: &str) -> Option<NaiveDate> {
    let (date, time) = value.split_once(',').unwrap_or((value, ""));
    let time = time.trim();
    let time_ok = time.is_empty()
        || ["%I:%M %p", "%I:%M:%S %p", "%H:%M", "%H:%M:%S"]
            .iter()
            .any(|f| chrono::NaiveTime::parse_from_str(time, f).is_ok());
    let mut parts = date.trim().split('/');
    let (month, day, year) = (parts.next()?, parts.next()?, parts.next()?);
    let number = |s: &str| {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let year = match (year.len(), number(year)?) {
        (2, y) => 2000 + i32::try_from(y).ok()?,
        (4, y) => i32::try_from(y).ok()?,
        _ => return None,
    };
    if !time_ok || parts.next().is_some() {
        return None;
    }
    NaiveDate::from_ymd_opt(year, number(month)?, number(day)?)
}

/// The connections of a `Connections.csv` export of any layout, read one row at a time as the file is
/// read. Rows with neither a first nor a last name (or a name that reads as a contact id, `#2`) are
/// skipped and counted ([`Connections::nameless`]);
/// a missing header, a date that cannot be read or bytes that are not UTF-8 are an error naming the line.
pub struct Connections<R> {
    rows: CsvRows<R>,
    columns: ColumnIndex,
    nameless: Nameless,
    failed: bool,
}

/// Starts reading a `Connections.csv` export: everything up to the header line is read and skipped
/// now (an error when there is no header in the first megabyte).
pub fn connections<R: BufRead>(reader: R) -> Result<Connections<R>, LinkedinError> {
    let mut lines = Lines::new(reader);
    let (header_line, columns) = find_header(&mut lines)?;
    Ok(Connections {
        rows: CsvRows::new(lines.into_inner(), header_line),
        columns,
        nameless: Nameless::default(),
        failed: false,
    })
}

impl<R: BufRead> Connections<R> {
    /// How many rows without a name were skipped so far, and the lines of the first of them.
    pub fn nameless(&self) -> (usize, Vec<usize>) {
        (self.nameless.count, self.nameless.lines.clone())
    }

    /// The next connection with a name; `None` at the end.
    fn next_connection(&mut self) -> Result<Option<Connection>, LinkedinError> {
        while let Some((line, record)) = self.rows.next_row()? {
            let record = text_record(record, line)?;
            match connection(&record, self.columns, line)? {
                Some(connection) => return Ok(Some(connection)),
                None => self.nameless.add(line),
            }
        }
        Ok(None)
    }
}

impl<R: BufRead> Iterator for Connections<R> {
    type Item = Result<Connection, LinkedinError>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut failed = self.failed;
        let next = until_error(&mut failed, || self.next_connection());
        self.failed = failed;
        next
    }
}

/// The connection in one row, `None` when it has no name that can name a contact: neither a first
/// nor a last name, or one that reads as a contact id (`1`, `#2`) or shows nothing.
fn connection(
    record: &csv::StringRecord,
    columns: ColumnIndex,
    line: usize,
) -> Result<Option<Connection>, LinkedinError> {
    let [
        first_name,
        last_name,
        url,
        email,
        company,
        position,
        connected_on,
    ] = columns.map(|c| field(record, c));
    let name = full_name(
        first_name.as_deref().unwrap_or_default(),
        last_name.as_deref().unwrap_or_default(),
    );
    if crate::domain::model::name_problem(&name).is_some() {
        return Ok(None);
    }
    let connected_on = match connected_on {
        None => None,
        Some(value) => Some(parse_date(&value).ok_or_else(|| LinkedinError::Syntax {
            line,
            message: format!(
                "\"Connected On\" '{}' is not a date like \"27 Nov 2026\" or \"1/8/18, 6:14 PM\"",
                crate::text::sanitize_line(&value)
            ),
        })?),
    };
    Ok(Some(Connection {
        first_name: first_name.unwrap_or_default(),
        last_name: last_name.unwrap_or_default(),
        url,
        email,
        company,
        position,
        connected_on,
        line,
    }))
}

/// The newest `Connected On` of an export (no export is older than it), reading every row; `None`
/// when no row has one.
pub fn newest_connection<R: BufRead>(reader: R) -> Result<Option<NaiveDate>, LinkedinError> {
    let mut newest = None;
    for connection in connections(reader)? {
        newest = newest.max(connection?.connected_on);
    }
    Ok(newest)
}

/// Parses a whole `Connections.csv` export (see [`connections`]).
pub fn parse(text: &str) -> Result<Vec<Connection>, LinkedinError> {
    connections(text.as_bytes())?.collect()
}

/// "First Last", either part possibly empty.
fn full_name(first: &str, last: &str) -> String {
    format!("{} {}", first.trim(), last.trim())
        .trim()
        .to_string()
}

/// The address-book card a connection becomes (imported like a vCard, with the same matching):
/// name "First Last", company, role from the position, email, the relationship starting on the day
/// we connected, and the profile address in the notes.
pub fn to_card(c: &Connection) -> Card {
    Card {
        name: full_name(&c.first_name, &c.last_name),
        company: c.company.clone(),
        role: c.position.clone(),
        email: c.email.clone(),
        phone: None,
        birthday: None,
        tags: Vec::new(),
        notes: c.url.as_ref().map(|url| format!("LinkedIn: {url}")),
        address_form: None,
        salutation: None,
        tier: None,
        cadence_days: None,
        met_on: c.connected_on,
        archived: false,
        private: false,
        snoozed_until: None,
        properties: Vec::new(),
        line: c.line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const CONNECTIONS: &str = include_str!("../../tests/fixtures/linkedin/Connections.csv");
    const BAD_DATE: &str = include_str!("../../tests/fixtures/linkedin/bad_date.csv");
    const NO_HEADER: &str = include_str!("../../tests/fixtures/linkedin/no_header.csv");

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    fn some(s: &str) -> Option<String> {
        Some(s.to_string())
    }

    fn syntax_line(result: Result<Vec<Connection>, LinkedinError>) -> (usize, String) {
        match result {
            Err(LinkedinError::Syntax { line, message }) => (line, message),
            Err(other) => panic!("expected a syntax error, got {other}"),
            Ok(c) => panic!("expected an error, got {} connections", c.len()),
        }
    }

    #[test]
    fn export_parses_all_named_rows() {
        let all = parse(CONNECTIONS).expect("fixture parses");
        // 2,000 rows, 7 without a name (see make_connections.py).
        assert_eq!(all.len(), 2000 - 7);
        assert_eq!(all.iter().filter(|c| c.email.is_some()).count(), 3 + 185);
        assert!(
            all.iter()
                .all(|c| c.connected_on.is_some() || c.first_name == "Sven 🌍")
        );
        let last = all.last().expect("rows");
        assert_eq!(
            last,
            &Connection {
                first_name: "Kateřina".into(),
                last_name: "Kowalski".into(),
                url: some("https://www.linkedin.com/in/katerina-kowalski-2000"),
                email: None,
                company: some("Nordlicht GmbH"),
                position: some("Geschäftsführerin"),
                connected_on: day(2020, 6, 5),
                line: 2005,
            }
        );
    }

    #[test]
    fn export_edge_rows_read_exactly() {
        let all = parse(CONNECTIONS).expect("fixture parses");
        assert_eq!(
            all[0],
            Connection {
                first_name: "Anna".into(),
                last_name: "Müller".into(),
                url: some("https://www.linkedin.com/in/anna-mueller-4711"),
                email: some("anna.mueller@example.de"),
                company: some("Müller, Schmidt & Partner"),
                position: some("Geschäftsführerin"),
                connected_on: day(2026, 11, 27),
                line: 5,
            }
        );
        assert_eq!(all[1].position.as_deref(), Some("Head of Sales, DACH"));
        assert_eq!(all[1].email, None);
        assert_eq!(all[1].connected_on, day(2024, 1, 3));
        assert_eq!(all[2].last_name, "Öztürk-Becker 🚀");
        assert_eq!(all[2].company.as_deref(), Some("Brightwave \"Labs\" Ltd"));
        assert_eq!(
            (all[3].first_name.as_str(), all[3].last_name.as_str()),
            ("静", "陈")
        );
        assert_eq!(all[3].position, None);
        assert_eq!(all[3].connected_on, day(2026, 11, 27), "ISO date");
        // Rows 5 and 6 have no name and are skipped; row 7 has a line break in its position.
        assert_eq!(all[4].first_name, "Małgorzata");
        assert_eq!(all[4].line, 11);
        assert_eq!(
            all[4].position.as_deref(),
            Some("Leiterin Personal\r\nStandort Köln")
        );
        assert_eq!(
            all[5],
            Connection {
                first_name: "Piotr".into(),
                last_name: "Nowak".into(),
                url: some("https://www.linkedin.com/in/piotr-nowak"),
                email: None,
                company: some("Nordlicht GmbH"),
                position: some("Einkaufsleiter"),
                connected_on: day(2018, 3, 1),
                line: 13,
            }
        );
        assert_eq!(all[6].first_name, "Sven 🌍");
        assert_eq!((all[6].company.clone(), all[6].connected_on), (None, None));
        assert_eq!(
            (all[7].first_name.as_str(), all[7].last_name.as_str()),
            ("", "Cher")
        );
        assert_eq!(all[8].last_name, "O'Brien");
        assert_eq!(all[8].connected_on, day(2024, 2, 29));
        assert_eq!(
            all[9].company.as_deref(),
            Some("Müller-Lüdenscheidt GmbH & Co. KG")
        );
    }

    #[test]
    fn connection_becomes_card() {
        let all = parse(CONNECTIONS).expect("fixture parses");
        let anna = to_card(&all[0]);
        assert_eq!(anna.name, "Anna Müller");
        assert_eq!(anna.company.as_deref(), Some("Müller, Schmidt & Partner"));
        assert_eq!(anna.role.as_deref(), Some("Geschäftsführerin"));
        assert_eq!(anna.email.as_deref(), Some("anna.mueller@example.de"));
        assert_eq!(anna.met_on, day(2026, 11, 27));
        assert_eq!(
            anna.notes.as_deref(),
            Some("LinkedIn: https://www.linkedin.com/in/anna-mueller-4711")
        );
        assert!(anna.tags.is_empty());
        let cher = to_card(&all[7]);
        assert_eq!(cher.name, "Cher");
        assert_eq!((cher.notes, cher.email), (None, None));
        assert_eq!(to_card(&all[6]).name, "Sven 🌍 Lindqvist");
    }

    #[test]
    fn errors_name_the_line() {
        let (line, message) = syntax_line(parse(BAD_DATE));
        assert_eq!(line, 8, "{message}");
        assert!(message.contains("31 Foo 2026"), "{message}");
        let (line, message) = syntax_line(parse(NO_HEADER));
        assert_eq!(line, 1);
        assert!(message.contains("First Name"), "{message}");
        assert_eq!(syntax_line(parse("")).0, 1);
        assert_eq!(
            LinkedinError::Syntax {
                line: 3,
                message: "x".into()
            }
            .to_string(),
            "line 3: x"
        );
    }

    #[test]
    fn header_is_found_by_name_in_any_order_and_case() {
        let text = "\u{feff} \"connected on\" , FIRST NAME,Last Name,Position,Company,Email Address,URL,Extra\n\
                    27 Nov 2026,Anna,Weber,CEO,,,,x\n";
        let all = parse(text).expect("parses");
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].first_name, "Anna");
        assert_eq!(all[0].last_name, "Weber");
        assert_eq!(all[0].position.as_deref(), Some("CEO"));
        assert_eq!(all[0].connected_on, day(2026, 11, 27));
        assert_eq!(all[0].line, 2);
        // A header with a column missing is not the header.
        assert_eq!(syntax_line(parse("First Name,Last Name\nA,B\n")).0, 1);
        // Short rows: missing fields are empty.
        let short =
            parse("First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAnna\n")
                .expect("parses");
        assert_eq!(short[0].first_name, "Anna");
        assert_eq!(short[0].connected_on, None);
        // Dates: full month names and single-digit days too.
        assert_eq!(parse_date("5 November 2026"), day(2026, 11, 5));
        assert_eq!(parse_date("2026-02-30"), None);
    }

    const LAYOUT_2018: &str = include_str!("../../tests/fixtures/linkedin/Connections_2018.csv");
    const LAYOUT_2021: &str = include_str!("../../tests/fixtures/linkedin/Connections_2021.csv");
    const BLANK_ROWS: &str = include_str!("../../tests/fixtures/linkedin/blank_rows.csv");

    #[test]
    fn exports_without_a_url_column_read_by_header_name() {
        let old = parse(LAYOUT_2018).expect("the 2018 layout parses");
        assert_eq!(old.len(), 3);
        assert_eq!(
            old[0],
            Connection {
                first_name: "Anjula".into(),
                last_name: "Batra".into(),
                url: None,
                email: None,
                company: some("Kestrel Ltd"),
                position: some("Sales Manager"),
                connected_on: day(2018, 1, 8),
                line: 2,
            }
        );
        assert_eq!(old[1].email.as_deref(), Some("juergen@weiss.example"));
        assert_eq!(old[1].company.as_deref(), Some("Weiß Consulting, GmbH"));
        assert_eq!(old[1].connected_on, day(2017, 12, 31));
        assert_eq!(old[2].connected_on, day(2018, 10, 3));
        let newer = parse(LAYOUT_2021).expect("the 2021 layout parses");
        assert_eq!(newer.len(), 3);
        assert_eq!(newer[0].connected_on, day(2018, 1, 8));
        assert_eq!((newer[0].url.clone(), newer[0].line), (None, 5));
        assert_eq!(newer[1].email.as_deref(), Some("soeren@gross.example"));
        assert_eq!(newer[2].position.as_deref(), Some("Leiter Personal, DACH"));
        assert_eq!(newer[2].line, 8);
    }

    #[test]
    fn both_date_styles_read() {
        for (text, expected) in [
            ("1/8/18, 6:14 PM", day(2018, 1, 8)),
            ("12/31/17, 11:02 AM", day(2017, 12, 31)),
            ("10/3/2018", day(2018, 10, 3)),
            ("1/8/18", day(2018, 1, 8)),
            ("08 Jan 2018", day(2018, 1, 8)),
            ("1/8/18, 25:14 PM", None),
            ("13/8/18, 6:14 PM", None),
            ("1/8/18, lunch", None),
            ("1/8", None),
        ] {
            assert_eq!(parse_date(text), expected, "{text}");
        }
    }

    #[test]
    fn rows_without_a_name_are_counted_with_their_lines() {
        let mut rows = connections(BLANK_ROWS.as_bytes()).expect("header");
        let named: Vec<Connection> = rows.by_ref().collect::<Result<_, _>>().expect("parses");
        assert_eq!(named.len(), 2);
        assert_eq!(rows.nameless(), (3, vec![6, 8, 9]));
    }

    #[test]
    fn bytes_that_are_not_utf8_name_their_line() {
        let text = b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n\
                     Anna,Weber,,,,,27 Nov 2026\r\nBen,Kahn,,,\"Kahn\r\nLogistik\",CFO,\r\n\
                     Carla,Vogt,,,Vogt KG,\"Leiterin\r\nEinkauf M\xfcnchen\",1 Dec 2026\r\n";
        let failure = connections(&text[..])
            .expect("header")
            .collect::<Result<Vec<_>, _>>();
        assert!(
            matches!(failure, Err(LinkedinError::NotUtf8 { line: 6 })),
            "{failure:?}"
        );
        let before = b"Notes:\r\n\"Gr\xfc\xdfe\"\r\nFirst Name,Last Name,Connected On\r\n";
        assert!(matches!(
            connections(&before[..]).map(|_| ()),
            Err(LinkedinError::NotUtf8 { line: 2 })
        ));
    }

    proptest! {
        #[test]
        fn parse_never_panics(text in "\\PC*") {
            let _ = parse(&text);
        }

        #[test]
        fn parse_never_panics_after_a_header(rows in "([a-zA-Zäö\" ,\r\n]{0,12}(27 Nov 2026|2026-13-01|)?){0,8}") {
            let text = format!("First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n{rows}");
            let _ = parse(&text);
        }
    }
}
