-- rapport schema, version 16: a sync with nothing to do asks little. It skips the listing of a
-- collection that has not changed: a server like Radicale takes about a second to answer "what
-- changed since this token" on 18,000 records, but tells a collection's last modification
-- (DAV:getlastmodified) in a tenth of that. A sync keeps what the collection said before its last
-- listing, and lists again only when that moved, when the server was never seen to move it with a
-- change, or when the last listing is an hour old (src/sync/unchanged.rs).
ALTER TABLE sync_collections ADD COLUMN modified TEXT;         -- RFC 3339, UTC: getlastmodified before the last listing
ALTER TABLE sync_collections ADD COLUMN modified_settled INTEGER NOT NULL DEFAULT 0; -- 1: it was a second older than the server's clock
ALTER TABLE sync_collections ADD COLUMN modified_tracks INTEGER; -- 1: it moved with every change seen; 0: it did not once; NULL: not known
ALTER TABLE sync_collections ADD COLUMN listed_at TEXT;        -- RFC 3339: when the collection was last listed in full or by token

-- What a sync with nothing to send still asks on every run, without reading every sync row: the
-- records changed here, and the tombstones (a row of one kind has only its own local column).
CREATE INDEX sync_records_dirty ON sync_records (kind, id) WHERE dirty = 1;
CREATE INDEX sync_records_tombstones ON sync_records (kind, id)
    WHERE contact_id IS NULL AND promise_id IS NULL AND entry_id IS NULL;
