//! Address books exported as CSV by Google Contacts and Outlook, read by their header names into
//! address-book cards (imported like vCards, with the same matching). What each column means is in
//! [`super::google_csv`] and [`super::outlook_csv`]; this module reads the rows and builds the cards.
//!
//! Every non-empty column lands somewhere: in a field (name, company, role, email, phone, birthday,
//! notes, tags), in a vCard property kept with the contact (`N`, `ORG` with the department, all
//! `EMAIL`/`TEL` with their `TYPE`, `ADR`, `URL`, `NICKNAME`, `RELATED`, `ANNIVERSARY`, `IMPP`), or,
//! when vCard has no home for it, in an `X-GOOGLE-…`/`X-OUTLOOK-…` property named after the column
//! (upper case, every run of other characters a `-`: "Billing Information" → `X-OUTLOOK-BILLING-INFORMATION`).
//! A label that is not a plain vCard type ("Büro", "Google Voice") groups the property with an Apple
//! `X-ABLABEL` (`item1.TEL` + `item1.X-ABLABEL:Google Voice`), as Apple Contacts writes it.

use super::charset::guess_legacy;
use super::csv_card::Person;
use super::csv_rows::{CsvError, CsvRows, fields_of, text_record};
use super::lines::{Lines, until_error};
use super::vcard::{Card, Nameless};
use crate::i18n::tr;
use std::cell::RefCell;
use std::io::BufRead;
use std::rc::Rc;

/// A part of a person's name (the components of vCard's `N`, and the whole name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NamePart {
    /// The name as a whole (Google's old "Name").
    Full,
    /// Family name.
    Family,
    /// Given name.
    Given,
    /// Middle names.
    Additional,
    /// Honorific prefix ("Dr.").
    Prefix,
    /// Honorific suffix ("Jr.").
    Suffix,
}

/// Things a person has several of, each with a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    /// `EMAIL`.
    Email,
    /// `TEL`.
    Phone,
    /// `ADR`.
    Address,
    /// `URL`.
    Website,
    /// `RELATED` (a name).
    Relation,
    /// `ANNIVERSARY` or Apple's `X-ABDATE`.
    Event,
    /// `IMPP`.
    Im,
    /// A field of the user's own, kept as an `X-` property with its label.
    Custom,
}

/// Which part of a labelled thing a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    /// Its label ("Work", "* Home": the star marks the preferred one).
    Label,
    /// Its value (Google puts several in one, separated by ` ::: `).
    Value,
    /// The IM service ("Skype").
    Service,
    /// A whole address as one text.
    Formatted,
    /// One of the seven components of `ADR`, by position (PO box, extended, street, city, region,
    /// postal code, country).
    Address(usize),
}

/// What one column of an export holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Column {
    /// A part of the name.
    Name(NamePart),
    /// A nickname.
    Nickname,
    /// The company.
    Company,
    /// The department (kept as the second component of `ORG`).
    Department,
    /// The job title (the role).
    Title,
    /// The birthday.
    Birthday,
    /// Notes.
    Notes,
    /// Google's labels, Outlook's categories: the tags.
    Tags,
    /// A photo's address.
    Photo,
    /// A part of the `n`th thing of a kind; `label` is the column's own when its name says it
    /// (Outlook's "Mobile Phone").
    Slot {
        /// What it is.
        kind: Kind,
        /// Which of them (columns with the same kind and number belong together).
        n: u32,
        /// Which part.
        part: Part,
        /// The label the column name gives.
        label: Option<&'static str>,
    },
    /// A property of its own: this vCard name ("X-PHONETIC-FIRST-NAME").
    Property(&'static str),
    /// A column no vCard property is for: kept as this `X-` name.
    Other(String),
}

/// One product's CSV export: how its columns are read.
pub(crate) struct Product {
    /// Its name, for messages ("Google Contacts").
    pub name: &'static str,
    /// What a column holds, by its header name.
    pub column: fn(&str) -> Column,
    /// Whether a header is this product's.
    pub is_header: fn(&[String]) -> bool,
    /// The start of a header, for the message when there is none.
    pub expected: &'static str,
    /// Separates the tags in one value (`" ::: "` for Google, `;` for Outlook).
    pub tag_separator: &'static str,
    /// Whether rows that are not UTF-8 are read in the legacy code page they look like (Outlook
    /// writes the Windows code page of the machine); otherwise they are refused with their line.
    pub legacy: bool,
    /// Values the product writes into empty columns ("0/0/00" for no date, "Normal", "False"), by
    /// header and value.
    pub placeholder: fn(&str, &str) -> bool,
}

/// The `X-` name of a column no vCard property is for: `prefix` and the header in upper case, every
/// run of other characters than letters and digits a `-`.
pub(crate) fn x_name(prefix: &str, header: &str) -> String {
    let mut name = String::from(prefix);
    let mut dash = false;
    for c in header.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !name.ends_with('-') {
                name.push('-');
            }
            name.push(c.to_ascii_uppercase());
            dash = false;
        } else {
            dash = true;
        }
    }
    name
}

/// The cards of a Google Contacts or Outlook CSV export, read one row at a time as the file is read.
/// Blank rows are passed over; rows with nothing to name them by are skipped and kept in
/// [`ContactRows::nameless`]; a malformed row, or one that is not UTF-8 in a product that writes UTF-8,
/// is an error naming its line.
pub struct ContactRows<R> {
    rows: CsvRows<R>,
    columns: Vec<(String, Column)>,
    product: &'static Product,
    nameless: Rc<RefCell<Vec<Nameless>>>,
    failed: bool,
}

/// Bytes before the header beyond which a file is not an export of the product.
const MAX_HEADER_SEARCH: u64 = 1 << 20;

/// The header's fields, decoded as UTF-8 or else the legacy code page it looks like.
fn header_fields(bytes: &[u8]) -> Vec<String> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => guess_legacy(bytes)
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    };
    fields_of(text.trim_end_matches('\r'))
}

/// Starts reading an export of `product`: its header is the first line that is one (blank lines
/// before it are passed over).
pub(crate) fn contact_rows<R: BufRead>(
    reader: R,
    product: &'static Product,
) -> Result<ContactRows<R>, CsvError> {
    let mut lines = Lines::new(reader);
    let no_header = || CsvError::Syntax {
        line: 1,
        message: tr(
            "import.csv_no_header",
            &[("product", &product.name), ("expected", &product.expected)],
        ),
    };
    let (line, fields) = loop {
        let Some(line) = lines.next_line()? else {
            return Err(no_header());
        };
        let fields = header_fields(line.bytes);
        if (product.is_header)(&fields) {
            break (line.number, fields);
        }
        if line.offset > MAX_HEADER_SEARCH || fields.iter().any(|f| !f.is_empty()) {
            return Err(no_header());
        }
    };
    let columns = fields
        .into_iter()
        .map(|header| {
            let column = (product.column)(&header);
            (header, column)
        })
        .collect();
    Ok(ContactRows {
        rows: CsvRows::new(lines.into_inner(), line),
        columns,
        product,
        nameless: Rc::default(),
        failed: false,
    })
}

impl<R: BufRead> ContactRows<R> {
    /// The rows skipped so far for having nothing to name them by.
    pub fn nameless(&self) -> Rc<RefCell<Vec<Nameless>>> {
        Rc::clone(&self.nameless)
    }

    /// The row's fields as text: UTF-8, else (for a product that writes its code page) the legacy
    /// code page the row looks like.
    fn text(&self, bytes: &csv::ByteRecord, line: usize) -> Result<csv::StringRecord, CsvError> {
        match text_record(bytes, line) {
            Err(CsvError::NotUtf8 { .. }) if self.product.legacy => {
                let all: Vec<u8> = bytes.iter().flatten().copied().collect();
                let encoding = guess_legacy(&all);
                Ok(bytes
                    .iter()
                    .map(|f| encoding.decode_without_bom_handling(f).0.into_owned())
                    .collect())
            }
            other => other,
        }
    }

    fn next_card(&mut self) -> Result<Option<Card>, CsvError> {
        loop {
            let Some((line, bytes)) = self.rows.next_row()? else {
                return Ok(None);
            };
            let bytes = bytes.clone();
            let record = self.text(&bytes, line)?;
            let mut person = Person::default();
            let mut blank = true;
            for ((header, column), value) in self.columns.iter().zip(record.iter()) {
                let value = value.trim();
                if value.is_empty() || (self.product.placeholder)(header, value) {
                    continue;
                }
                blank = false;
                let value = value.replace("\r\n", "\n");
                person.add(column, value, self.product.tag_separator);
            }
            if blank {
                continue;
            }
            match person.into_card(line) {
                Ok(card) => return Ok(Some(card)),
                Err(nameless) => self.nameless.borrow_mut().push(nameless),
            }
        }
    }
}

impl<R: BufRead> Iterator for ContactRows<R> {
    type Item = Result<Card, CsvError>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut failed = self.failed;
        let next = until_error(&mut failed, || self.next_card());
        self.failed = failed;
        next
    }
}

/// The kinds of CSV file an import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvKind {
    /// LinkedIn's `Connections.csv`.
    Linkedin,
    /// Google Contacts' export.
    Google,
    /// Outlook's export.
    Outlook,
}

/// Which export a CSV file is, by its header: the first line that is a LinkedIn, Google or Outlook
/// header within the first megabyte (LinkedIn writes note lines before it); `None` when there is none.
pub fn csv_kind<R: BufRead>(reader: R) -> Result<Option<CsvKind>, CsvError> {
    let mut lines = Lines::new(reader);
    while let Some(line) = lines.next_line()? {
        let fields = header_fields(line.bytes);
        if super::linkedin::is_header(&fields) {
            return Ok(Some(CsvKind::Linkedin));
        }
        if super::google_csv::is_header(&fields) {
            return Ok(Some(CsvKind::Google));
        }
        if super::outlook_csv::is_header(&fields) {
            return Ok(Some(CsvKind::Outlook));
        }
        if line.offset > MAX_HEADER_SEARCH {
            break;
        }
    }
    Ok(None)
}

/// Starts reading a Google Contacts CSV export (see [`ContactRows`]).
pub fn google<R: BufRead>(reader: R) -> Result<ContactRows<R>, CsvError> {
    contact_rows(reader, &super::google_csv::GOOGLE)
}

/// Starts reading an Outlook CSV export (see [`ContactRows`]).
pub fn outlook<R: BufRead>(reader: R) -> Result<ContactRows<R>, CsvError> {
    contact_rows(reader, &super::outlook_csv::OUTLOOK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_without_a_vcard_home_get_x_names() {
        assert_eq!(
            x_name("X-OUTLOOK-", "Billing Information"),
            "X-OUTLOOK-BILLING-INFORMATION"
        );
        assert_eq!(x_name("X-OUTLOOK-", "User 1"), "X-OUTLOOK-USER-1");
        assert_eq!(
            x_name("X-GOOGLE-", " Organization 1 - Symbol "),
            "X-GOOGLE-ORGANIZATION-1-SYMBOL"
        );
    }

    #[test]
    fn a_csv_file_is_known_by_its_header() {
        let kind = |text: &str| csv_kind(text.as_bytes()).expect("reads");
        assert_eq!(
            kind(
                "Notes:\n\"x\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            ),
            Some(CsvKind::Linkedin)
        );
        assert_eq!(
            kind(
                "\u{feff}First Name,Middle Name,Last Name,Labels,E-mail 1 - Label,E-mail 1 - Value\n"
            ),
            Some(CsvKind::Google)
        );
        assert_eq!(
            kind(
                "Name,Given Name,Family Name,Group Membership,E-mail 1 - Type,E-mail 1 - Value\r\n"
            ),
            Some(CsvKind::Google)
        );
        assert_eq!(
            kind("\"Title\",\"First Name\",\"Last Name\",\"E-mail Address\",\"Mobile Phone\"\r\n"),
            Some(CsvKind::Outlook)
        );
        assert_eq!(kind("Datum,Betrag\n1,2\n"), None);
        assert_eq!(kind(""), None);
    }
}
