//! Two-way sync with CardDAV/CalDAV servers (issue 15): contacts as vCards, promises as VTODOs and
//! entries as VJOURNALs. The mapping between records and server texts and the three-way merge are pure
//! ([`fields`], [`merge`], [`contact`], [`promise`], [`entry`], [`ical`]).

pub mod contact;
pub mod entry;
pub mod fields;
pub mod ical;
pub mod merge;
pub mod promise;
