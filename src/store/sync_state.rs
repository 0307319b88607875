//! Where each kind of record syncs and how the last run went: the collection, its sync token and
//! the mark that lets a sync skip listing it (`crate::sync::unchanged`), and the last finished sync.

use super::sync::SyncKind;
use super::{Result, Store, format_instant, parse_instant};
use chrono::{DateTime, FixedOffset};
use rusqlite::{OptionalExtension, params};

/// A synced collection on the server and the sync token it last gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectionState {
    /// The collection's href.
    pub href: String,
    /// The RFC 6578 sync token of the last listing, when the server gives them.
    pub sync_token: Option<String>,
    /// What tells the next sync whether the collection changed since that listing.
    pub listing: ListingMark,
}

/// A collection's last modification as the server told it before the last listing, whether the
/// server was seen to move it with changes, and when the listing was: what lets a sync skip listing
/// a collection that has not changed (`crate::sync::unchanged`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListingMark {
    /// DAV:getlastmodified before the last listing, when the server told it.
    pub modified: Option<DateTime<FixedOffset>>,
    /// It was a whole second older than the server's clock: a change after the listing moves it.
    pub settled: bool,
    /// The server moved it with every change seen (true), failed to once (false), or not known.
    pub tracks: Option<bool>,
    /// When the collection was last listed (in full or by token).
    pub listed_at: Option<DateTime<FixedOffset>>,
}

/// The last finished sync.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastSync {
    /// When it finished.
    pub at: DateTime<FixedOffset>,
    /// What it did, as the engine summarised it (JSON).
    pub summary: String,
}

/// The `meta` keys of the last sync.
const LAST_SYNC_AT: &str = "sync_last_at";
const LAST_SYNC_SUMMARY: &str = "sync_last_summary";

impl Store {
    /// The collection a kind syncs with, when it was found before.
    pub fn sync_collection(&self, kind: SyncKind) -> Result<Option<CollectionState>> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT href, sync_token, modified, modified_settled, modified_tracks, listed_at
                 FROM sync_collections WHERE kind = ?1",
            )?
            .query_row([kind.as_str()], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, bool>(3)?,
                    r.get::<_, Option<bool>>(4)?,
                    r.get::<_, Option<String>>(5)?,
                ))
            })
            .optional()?;
        let Some((href, sync_token, modified, settled, tracks, listed_at)) = row else {
            return Ok(None);
        };
        let instant = |text: Option<String>| text.as_deref().map(parse_instant).transpose();
        Ok(Some(CollectionState {
            href,
            sync_token,
            listing: ListingMark {
                modified: instant(modified)?,
                settled,
                tracks,
                listed_at: instant(listed_at)?,
            },
        }))
    }

    /// Remembers the collection of a kind and its latest sync token.
    pub fn set_sync_collection(&mut self, kind: SyncKind, state: &CollectionState) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO sync_collections
                   (kind, href, sync_token, modified, modified_settled, modified_tracks, listed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (kind) DO UPDATE SET href = excluded.href, sync_token = excluded.sync_token,
                   modified = excluded.modified, modified_settled = excluded.modified_settled,
                   modified_tracks = excluded.modified_tracks, listed_at = excluded.listed_at",
            )?
            .execute(params![
                kind.as_str(),
                state.href,
                state.sync_token,
                state.listing.modified.as_ref().map(format_instant),
                state.listing.settled,
                state.listing.tracks,
                state.listing.listed_at.as_ref().map(format_instant),
            ])?;
        Ok(())
    }

    /// The last finished sync, when there was one.
    pub fn last_sync(&self) -> Result<Option<LastSync>> {
        let (Some(at), Some(summary)) = (self.meta(LAST_SYNC_AT)?, self.meta(LAST_SYNC_SUMMARY)?)
        else {
            return Ok(None);
        };
        Ok(Some(LastSync {
            at: parse_instant(&at)?,
            summary,
        }))
    }

    /// Records a finished sync.
    pub fn set_last_sync(&mut self, last: &LastSync) -> Result<()> {
        let tx = self.write_transaction()?;
        super::set_meta(&tx, LAST_SYNC_AT, &format_instant(&last.at))?;
        super::set_meta(&tx, LAST_SYNC_SUMMARY, &last.summary)?;
        tx.commit()?;
        Ok(())
    }
}
