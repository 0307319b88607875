//! Formats rapport reads and writes. JSON (version 1) is the full, lossless backup format.

pub mod charset;
pub mod contact_import;
pub mod csv_card;
pub mod csv_contacts;
pub mod csv_rows;
pub mod google_csv;
pub mod ics;
pub mod jrnl;
mod jrnl_header;
pub mod jrnl_json;
pub mod jrnl_slug;
pub mod jrnl_text;
pub mod jrnl_time;
pub mod json;
pub mod lines;
pub mod linkedin;
pub mod markdown;
pub mod outlook_csv;
pub mod vcard;

/// serde_json's description of an error without its " at line L column C" tail, which the formats
/// report in their own words.
pub(crate) fn serde_message(e: &serde_json::Error) -> String {
    let message = e.to_string();
    match message.split_once(" at line ") {
        Some((head, _)) => head.to_string(),
        None => message,
    }
}
