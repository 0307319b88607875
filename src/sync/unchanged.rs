//! Skipping the listing of a collection that has not changed. Asking a server "what changed since
//! this token" costs it time in proportion to the collection: Radicale takes about a second on
//! 18,000 tasks. Its collection's DAV:getlastmodified (the newest member's file time) takes a tenth
//! of that, so a sync that finds it where it was before the last listing need not list again.
//!
//! The rules keep this safe on any server:
//! - A last modification counts only when it was settled: a whole second older than the server's
//!   clock at the same answer, so that a change after the listing moves it, even within that second.
//! - It is trusted only after the server was seen to move it when the collection changed, and never
//!   again once a listing found changes it had not moved for since a settled value.
//! - A listing an hour old is repeated whatever the collection says.
//!
//! A skipped listing only delays taking in a change; it never loses one: the sync token stays where
//! it was, and every write carries `If-Match`, so a record changed on the server unseen is refused and
//! merged, not overwritten.

use super::dav::Stamp;
use crate::store::ListingMark;
use chrono::{DateTime, FixedOffset, TimeDelta};

/// How old the last listing may be before a sync lists the collection again, moved or not.
pub const LISTING_TRUSTED_FOR: TimeDelta = TimeDelta::hours(1);

/// True when the collection need not be listed: the server has been seen to move its last
/// modification with changes, it is where it was before the last listing and was settled then, and
/// that listing is less than [`LISTING_TRUSTED_FOR`] old.
pub fn unchanged(mark: &ListingMark, stamp: Option<&Stamp>, now: DateTime<FixedOffset>) -> bool {
    let Some(stamp) = stamp else {
        return false;
    };
    let recent = mark
        .listed_at
        .is_some_and(|at| at <= now && now - at < LISTING_TRUSTED_FOR);
    mark.tracks == Some(true) && mark.settled && mark.modified == Some(stamp.modified) && recent
}

/// What one listing of a collection shows about its last modification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Listing<'a> {
    /// The collection's last modification, told just before the listing.
    pub stamp: Option<&'a Stamp>,
    /// The listing was by sync token (only the changes since the last one), not in full.
    pub by_token: bool,
    /// It named a changed or deleted member.
    pub changed: bool,
    /// When it was made.
    pub at: DateTime<FixedOffset>,
}

/// The mark to keep after a listing: its time, the last modification told before it and whether
/// that was settled (a whole second older than the server's clock, so a change after the listing
/// must move it), and what the listing showed of whether the server moves it with changes.
pub fn after_listing(before: &ListingMark, listing: &Listing) -> ListingMark {
    let modified = listing.stamp.map(|s| s.modified);
    let mut tracks = before.tracks;
    // Only a listing by token names exactly what changed since the last one. A value that moved
    // with changes shows the server moves it; one that stayed shows it does not, but only when the
    // value before was settled (else the changes may share its second).
    if listing.by_token && listing.changed && before.modified.is_some() && modified.is_some() {
        let moved = modified != before.modified;
        tracks = match (before.tracks, moved) {
            (Some(false), _) => Some(false),
            (_, true) => Some(true),
            (_, false) if before.settled => Some(false),
            (known, false) => known,
        };
    }
    ListingMark {
        modified,
        settled: listing
            .stamp
            .is_some_and(|s| s.said_at.is_some_and(|said| s.modified < said)),
        tracks,
        listed_at: Some(listing.at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(&format!("2026-11-30T{text}+00:00")).unwrap()
    }

    fn stamp(modified: &str, said_at: &str) -> Stamp {
        Stamp {
            modified: at(modified),
            said_at: Some(at(said_at)),
        }
    }

    /// A settled mark (a second older than the server's clock when it was told).
    fn mark(modified: Option<&str>, tracks: Option<bool>) -> ListingMark {
        ListingMark {
            modified: modified.map(at),
            settled: modified.is_some(),
            tracks,
            listed_at: Some(at("10:00:05")),
        }
    }

    fn unsettled(modified: &str, tracks: Option<bool>) -> ListingMark {
        ListingMark {
            settled: false,
            ..mark(Some(modified), tracks)
        }
    }

    #[test]
    fn a_collection_is_skipped_only_when_everything_says_it_has_not_changed() {
        let trusted = mark(Some("10:00:00"), Some(true));
        let same = stamp("10:00:00", "10:30:00");
        let skip = |mark: &ListingMark, stamp: Option<Stamp>, now: &str| {
            unchanged(mark, stamp.as_ref(), at(now))
        };
        assert!(
            skip(&trusted, Some(same), "10:30:00"),
            "not moved, trusted, recent"
        );
        assert!(
            skip(&trusted, Some(same), "10:59:05"),
            "listed 59 minutes ago"
        );
        let moved = stamp("10:20:00", "10:30:00");
        assert!(!skip(&trusted, Some(moved), "10:30:00"), "moved");
        let back = stamp("09:59:59", "10:30:00");
        assert!(!skip(&trusted, Some(back), "10:30:00"), "moved back");
        assert!(
            !skip(&trusted, None, "10:30:00"),
            "the server no longer tells"
        );
        assert!(
            !skip(&trusted, Some(same), "11:00:05"),
            "listed an hour ago"
        );
        assert!(
            !skip(&trusted, Some(same), "09:00:00"),
            "listed in the future"
        );
        let unknown = mark(Some("10:00:00"), None);
        assert!(
            !skip(&unknown, Some(same), "10:30:00"),
            "not known to track"
        );
        let untracked = mark(Some("10:00:00"), Some(false));
        assert!(
            !skip(&untracked, Some(same), "10:30:00"),
            "seen not to track"
        );
        let early = unsettled("10:00:00", Some(true));
        assert!(
            !skip(&early, Some(same), "10:30:00"),
            "told in its own second"
        );
        let untold = mark(None, Some(true));
        assert!(!skip(&untold, Some(same), "10:30:00"), "not told before");
        let never = ListingMark::default();
        assert!(!skip(&never, Some(same), "10:30:00"), "never listed");
    }

    #[test]
    fn a_listing_learns_whether_the_server_moves_the_mark_with_changes() {
        let learnt = |before: &ListingMark, stamp: Stamp, by_token: bool, changed: bool| {
            let listing = Listing {
                stamp: Some(&stamp),
                by_token,
                changed,
                at: at("10:20:01"),
            };
            let after = after_listing(before, &listing);
            assert_eq!(after.listed_at, Some(at("10:20:01")));
            after.tracks
        };
        let kept = mark(Some("10:00:00"), None);
        let moved = stamp("10:10:00", "10:20:00");
        let still = stamp("10:00:00", "10:20:00");
        assert_eq!(
            learnt(&kept, moved, true, true),
            Some(true),
            "changes, moved"
        );
        assert_eq!(
            learnt(&kept, still, true, true),
            Some(false),
            "changes, stayed"
        );
        assert_eq!(learnt(&kept, moved, true, false), None, "no changes");
        assert_eq!(learnt(&kept, still, false, true), None, "a full listing");
        let untold = mark(None, None);
        assert_eq!(learnt(&untold, moved, true, true), None, "not told before");
        let early = unsettled("10:00:00", None);
        assert_eq!(
            learnt(&early, moved, true, true),
            Some(true),
            "unsettled, moved"
        );
        assert_eq!(learnt(&early, still, true, true), None, "unsettled, stayed");
        let untracked = mark(Some("10:00:00"), Some(false));
        assert_eq!(
            learnt(&untracked, moved, true, true),
            Some(false),
            "never again"
        );
        let trusted = mark(Some("10:00:00"), Some(true));
        assert_eq!(
            learnt(&trusted, still, true, true),
            Some(false),
            "trust lost"
        );
        assert_eq!(
            learnt(&trusted, moved, true, true),
            Some(true),
            "trust kept"
        );
        let early = unsettled("10:00:00", Some(true));
        assert_eq!(
            learnt(&early, still, true, true),
            Some(true),
            "unsettled: kept"
        );
    }

    #[test]
    fn a_mark_is_settled_only_when_a_change_after_the_listing_must_move_it() {
        let settled = |modified: &str, said_at: Option<&str>| {
            let stamp = Stamp {
                modified: at(modified),
                said_at: said_at.map(at),
            };
            let listing = Listing {
                stamp: Some(&stamp),
                by_token: true,
                changed: false,
                at: at("10:00:03"),
            };
            let after = after_listing(&ListingMark::default(), &listing);
            assert_eq!(after.modified, Some(at(modified)));
            after.settled
        };
        assert!(settled("10:00:00", Some("10:00:01")), "a second older");
        assert!(
            !settled("10:00:00", Some("10:00:00")),
            "in the answer's second"
        );
        assert!(
            !settled("10:00:02", Some("10:00:00")),
            "after the server's clock"
        );
        assert!(!settled("10:00:00", None), "no clock in the answer");
        let listing = Listing {
            stamp: None,
            by_token: true,
            changed: true,
            at: at("10:00:03"),
        };
        let trusted = mark(Some("09:00:00"), Some(true));
        let after = after_listing(&trusted, &listing);
        assert_eq!(
            (after.modified, after.settled),
            (None, false),
            "no longer told"
        );
    }
}
