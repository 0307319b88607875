//! vCard import and export (SPEC §5, `--format vcard`): reads vCard 2.1, 3.0 and 4.0 as Apple Contacts,
//! Google Contacts and Outlook write them, card by card as the file is read, and writes vCard 4.0.
//! Content lines, parameters and escapes are in [`read`] and [`values`], what a card says in [`card`],
//! the card-by-card reader in [`reader`], the export in [`write`]. Character sets are in
//! [`super::charset`]; what an import does with each card is in [`super::contact_import`]. Pure: no SQL,
//! no clock.

mod card;
mod read;
mod reader;
mod values;
mod write;

pub(crate) use card::without_plain;
pub use card::{Nameless, card_to_contact};
pub use read::parameters;
pub(crate) use read::{head, row_from_line, split_unquoted};
pub use reader::{CardReader, parse, parse_bytes};
pub use values::{regroup, single_line, unescape, unescape_split};
pub use write::escape;
pub(crate) use write::{card_text, row_line};
pub use write::{export, format_date};

use super::lines::{LineError, MAX_LINE_BYTES};
use crate::domain::model::{AddressForm, CardProperty, Tier};
use crate::i18n::tr;
use chrono::NaiveDate;

/// The year given to birthdays that come without one (`--0412`, Apple's `X-APPLE-OMIT-YEAR`). 1904 is a
/// leap year, so 29 February survives; export writes such birthdays back without a year (`--MMDD`).
pub const NO_YEAR: i32 = crate::domain::dates::NO_YEAR;

/// One contact as read from a vCard.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Card {
    /// FN, else built from N, else the company, else the first email; never blank.
    pub name: String,
    /// The first component of ORG.
    pub company: Option<String>,
    /// TITLE (ROLE when there is no TITLE).
    pub role: Option<String>,
    /// The preferred EMAIL, else the first.
    pub email: Option<String>,
    /// The preferred TEL, else the first.
    pub phone: Option<String>,
    /// BDAY; a birthday without a year gets [`NO_YEAR`].
    pub birthday: Option<NaiveDate>,
    /// CATEGORIES, in order, without duplicates.
    pub tags: Vec<String>,
    /// NOTE (further emails and phones are in [`Card::properties`]).
    pub notes: Option<String>,
    /// `X-RAPPORT-ADDRESS-FORM`, written by rapport's own export.
    pub address_form: Option<AddressForm>,
    /// `X-RAPPORT-SALUTATION`.
    pub salutation: Option<String>,
    /// `X-RAPPORT-TIER`.
    pub tier: Option<Tier>,
    /// `X-RAPPORT-CADENCE-DAYS`.
    pub cadence_days: Option<u32>,
    /// `X-RAPPORT-MET-ON`.
    pub met_on: Option<NaiveDate>,
    /// `X-RAPPORT-ARCHIVED:TRUE`.
    pub archived: bool,
    /// `X-RAPPORT-PRIVATE:TRUE` (`1` is read too): kept from assistants.
    pub private: bool,
    /// `X-RAPPORT-SNOOZED-UNTIL`.
    pub snoozed_until: Option<NaiveDate>,
    /// The properties rapport has no field for, kept as read for an export to give back: every
    /// EMAIL and TEL (the preferred one too), N unless it says no more than the name, ORG with
    /// units, UID, ADR, URL, PHOTO, a BDAY that is not a date … everything but VERSION, PRODID, REV,
    /// FN, TITLE, ROLE, NOTE, CATEGORIES, a BDAY that is a date and rapport's own `X-RAPPORT-`.
    /// Values are decoded (their `CHARSET` and quoted-printable parameters dropped); base64 data
    /// is kept as read.
    pub properties: Vec<CardProperty>,
    /// 1-based line of the card's `BEGIN:VCARD`, for messages about it.
    pub line: usize,
}

/// What is wrong with a file, with the line.
#[derive(Debug, thiserror::Error)]
pub enum VcardError {
    /// The file is not a readable vCard at this line.
    #[error("line {line}: {message}")]
    Syntax {
        /// 1-based physical line.
        line: usize,
        /// What is wrong, for the user.
        message: String,
    },
    /// The file could not be read, or a line or card is over the size limit.
    #[error(transparent)]
    Read(#[from] LineError),
    /// A card with bytes in a character set that is unknown, or not valid in the one it names.
    #[error("{}", tr("import.card_undecodable", &[("line", line), ("name", name), ("charset", charset)]))]
    Undecodable {
        /// 1-based line of the card's `BEGIN:VCARD`.
        line: usize,
        /// The card's name as far as it can be read.
        name: String,
        /// The character set, as the card names it (or the guessed one).
        charset: String,
    },
    /// Megabytes of text without a card: not a vCard file.
    #[error("{}", tr("import.no_card", &[("line", line), ("limit", &(MAX_LINE_BYTES >> 20))]))]
    NoCard {
        /// 1-based line where the limit was reached.
        line: usize,
    },
}

fn syntax(line: usize, message: impl Into<String>) -> VcardError {
    VcardError::Syntax {
        line,
        message: message.into(),
    }
}

/// The start of a line for an error message, safe for the terminal.
fn excerpt(text: &str) -> String {
    let clean = crate::text::sanitize_line(text);
    if clean.chars().count() > 40 {
        format!("{}…", clean.chars().take(40).collect::<String>())
    } else {
        clean
    }
}

#[cfg(test)]
mod kept_tests;
#[cfg(test)]
mod round_trip_tests;
#[cfg(test)]
pub(crate) mod tests;
