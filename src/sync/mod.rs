//! Two-way sync with CardDAV/CalDAV servers (issue 15): contacts as vCards, promises as VTODOs and
//! (opt-in) entries as VJOURNALs. The mapping between records and server texts and the three-way merge
//! are pure ([`fields`], [`merge`], [`contact`], [`promise`], [`entry`], [`ical`]); the transport is
//! [`dav`] over libdav with [`discover`] and [`report`]; [`settings`] reads `[sync]`; [`engine`] runs
//! one sync over the kinds of [`records`], skipping
//! the listing of a collection that has not changed ([`unchanged`]).

pub mod bulk;
pub mod contact;
pub mod dav;
pub mod discover;
pub mod engine;
pub mod entry;
pub mod error;
pub mod fields;
pub mod ical;
pub mod merge;
pub mod notes;
pub mod promise;
pub mod records;
pub mod report;
pub mod settings;
pub mod unchanged;
