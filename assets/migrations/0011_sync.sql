-- rapport schema, version 11: two-way sync with CardDAV/CalDAV servers.
--
-- One row per record the server knows (or is about to learn of): its stable UID, the local record it
-- is (NULL once deleted here: a tombstone, so that the server copy is deleted too), where it lives on
-- the server and its ETag, and `base`, the record's fields (JSON) as both sides last agreed on them.
-- A local record without a row is new. `dirty` says the local record changed since that agreement and
-- `version` counts those changes: the triggers below set and bump them in the same transaction as
-- the change, so no write path can forget, and the sync resets `dirty` only when `version` is still
-- the one it sent. `detached`: the server deleted the record while it had a history here, so it was
-- kept (archived) and has no server copy; a later local edit sends it again as a new one.
CREATE TABLE sync_records (
    id          INTEGER PRIMARY KEY,
    kind        TEXT    NOT NULL CHECK (kind IN ('contact', 'promise', 'entry')),
    uid         TEXT    NOT NULL CHECK (length(uid) > 0),
    contact_id  INTEGER CHECK (contact_id IS NULL OR kind = 'contact'),
    promise_id  INTEGER CHECK (promise_id IS NULL OR kind = 'promise'),
    entry_id    INTEGER CHECK (entry_id IS NULL OR kind = 'entry'),
    href        TEXT,
    etag        TEXT,
    base        TEXT,
    dirty       INTEGER NOT NULL DEFAULT 1 CHECK (dirty IN (0, 1)),
    version     INTEGER NOT NULL DEFAULT 0,
    detached    INTEGER NOT NULL DEFAULT 0 CHECK (detached IN (0, 1)),
    UNIQUE (kind, uid)
);
-- One row per local record (NULLs, the tombstones, are not compared), and the triggers' lookups.
CREATE UNIQUE INDEX sync_records_contact ON sync_records (contact_id);
CREATE UNIQUE INDEX sync_records_promise ON sync_records (promise_id);
CREATE UNIQUE INDEX sync_records_entry ON sync_records (entry_id);

-- Each synced collection: its href on the server and the last sync token (RFC 6578) it gave.
CREATE TABLE sync_collections (
    kind       TEXT PRIMARY KEY CHECK (kind IN ('contact', 'promise', 'entry')),
    href       TEXT NOT NULL,
    sync_token TEXT
) WITHOUT ROWID;

-- A record's history of conflicts: a field both sides changed differently keeps the local value, and
-- the remote one is kept here. Deleting the local record deletes its history (and so `forget` leaves
-- nothing of the person here).
CREATE TABLE sync_conflicts (
    id           INTEGER PRIMARY KEY,
    kind         TEXT    NOT NULL CHECK (kind IN ('contact', 'promise', 'entry')),
    uid          TEXT    NOT NULL,
    local_id     INTEGER,
    field        TEXT    NOT NULL,
    local_value  TEXT,
    remote_value TEXT,
    at           TEXT    NOT NULL
);
CREATE INDEX sync_conflicts_record ON sync_conflicts (kind, local_id);

-- Journals written on another device that name no contact, kept as read until the user assigns them.
CREATE TABLE sync_unassigned (
    uid     TEXT PRIMARY KEY,
    href    TEXT NOT NULL,
    etag    TEXT,
    text    TEXT NOT NULL,
    summary TEXT,
    at      TEXT NOT NULL
) WITHOUT ROWID;

-- Change tracking. Only records that already have a sync row are marked, by an index lookup; new
-- contacts, entries and promises have none (they are found as new), so inserting them fires nothing.

-- Contacts: their own fields (not the touch summary, created_at, company_id or introduced_by, which
-- are not synced), tags, kept card rows. A company rename rewrites its people's company text, so it
-- arrives here as a contact update.
CREATE TRIGGER sync_contact_update
AFTER UPDATE OF name, company, role, email, phone, address_form, salutation, birthday, met_on, notes,
                tier, cadence_days, snoozed_until, archived ON contacts BEGIN
    UPDATE sync_records SET dirty = 1, version = version + 1 WHERE contact_id = new.id;
END;
-- The name and email of a contact are written into its promises and entries (CONTACT, ATTENDEE).
CREATE TRIGGER sync_contact_named
AFTER UPDATE OF name, email ON contacts
WHEN old.name IS NOT new.name OR old.email IS NOT new.email BEGIN
    UPDATE sync_records SET dirty = 1, version = version + 1
     WHERE promise_id IN (SELECT id FROM promises WHERE contact_id = new.id);
    UPDATE sync_records SET dirty = 1, version = version + 1
     WHERE entry_id IN (SELECT entry_id FROM entry_contacts WHERE contact_id = new.id);
END;
CREATE TRIGGER sync_contact_tag_insert AFTER INSERT ON contact_tags BEGIN
    UPDATE sync_records SET dirty = 1, version = version + 1 WHERE contact_id = new.contact_id;
END;
CREATE TRIGGER sync_contact_tag_update AFTER UPDATE ON contact_tags BEGIN
    UPDATE sync_records SET dirty = 1, version = version + 1
     WHERE contact_id IN (old.contact_id, new.contact_id);
END;
CREATE TRIGGER sync_contact_tag_delete AFTER DELETE ON contact_tags BEGIN
    UPDATE sync_records SET dirty = 1, version = version + 1 WHERE contact_id = old.contact_id;
END;
CREATE TRIGGER sync_contact_card_insert AFTER INSERT ON contact_properties BEGIN
    UPDATE sync_records SET dirty = 1, version = version + 1 WHERE contact_id = new.contact_id;
END;
CREATE TRIGGER sync_contact_card_update AFTER UPDATE ON contact_properties BEGIN
    UPDATE sync_records SET dirty = 1, version = version + 1
     WHERE contact_id IN (old.contact_id, new.contact_id);
END;
CREATE TRIGGER sync_contact_card_delete AFTER DELETE ON contact_properties BEGIN
    UPDATE sync_records SET dirty = 1, version = version + 1 WHERE contact_id = old.contact_id;
END;
-- A deleted contact (also merged away or forgotten) leaves a tombstone without its fields; one the
-- server has no copy of leaves nothing. Its conflict history goes with it.
CREATE TRIGGER sync_contact_delete AFTER DELETE ON contacts BEGIN
    DELETE FROM sync_conflicts WHERE kind = 'contact' AND local_id = old.id;
    DELETE FROM sync_records WHERE contact_id = old.id AND href IS NULL;
    UPDATE sync_records SET contact_id = NULL, base = NULL, dirty = 1, version = version + 1
     WHERE contact_id = old.id;
END;

-- Promises: every column is synced (the contact by its UID, the entry by its UID).
CREATE TRIGGER sync_promise_update
AFTER UPDATE OF contact_id, entry_id, owner, text, due, status, closed_at ON promises BEGIN
    UPDATE sync_records SET dirty = 1, version = version + 1 WHERE promise_id = new.id;
END;
CREATE TRIGGER sync_promise_delete AFTER DELETE ON promises BEGIN
    DELETE FROM sync_conflicts WHERE kind = 'promise' AND local_id = old.id;
    DELETE FROM sync_records WHERE promise_id = old.id AND href IS NULL;
    UPDATE sync_records SET promise_id = NULL, base = NULL, dirty = 1, version = version + 1
     WHERE promise_id = old.id;
END;

-- Entries: their fields (occurred_ts follows occurred_at) and their contacts. Relinking deletes and
-- inserts links, a contact merge moves them, a deleted contact's links go by cascade.
CREATE TRIGGER sync_entry_update
AFTER UPDATE OF occurred_at, kind, title, body, mood, initiative, signal_trust, signal_sympathy,
                signal_competence, signal_longterm ON entries BEGIN
    UPDATE sync_records SET dirty = 1, version = version + 1 WHERE entry_id = new.id;
END;
CREATE TRIGGER sync_entry_link_insert AFTER INSERT ON entry_contacts BEGIN
    UPDATE sync_records SET dirty = 1, version = version + 1 WHERE entry_id = new.entry_id;
END;
CREATE TRIGGER sync_entry_link_update AFTER UPDATE OF entry_id, contact_id, position ON entry_contacts BEGIN
    UPDATE sync_records SET dirty = 1, version = version + 1
     WHERE entry_id IN (old.entry_id, new.entry_id);
END;
CREATE TRIGGER sync_entry_link_delete AFTER DELETE ON entry_contacts BEGIN
    UPDATE sync_records SET dirty = 1, version = version + 1 WHERE entry_id = old.entry_id;
END;
CREATE TRIGGER sync_entry_delete AFTER DELETE ON entries BEGIN
    DELETE FROM sync_conflicts WHERE kind = 'entry' AND local_id = old.id;
    DELETE FROM sync_records WHERE entry_id = old.id AND href IS NULL;
    UPDATE sync_records SET entry_id = NULL, base = NULL, dirty = 1, version = version + 1
     WHERE entry_id = old.id;
END;
