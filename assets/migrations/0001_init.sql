-- rapport schema, version 1.
-- Instants are stored twice: `*_at` keeps the RFC 3339 text with the offset it was recorded in (what the
-- user sees and what export writes), `*_ts` holds Unix seconds for ordering across offsets.

CREATE TABLE contacts (
    id             INTEGER PRIMARY KEY,
    name           TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    name_fold      TEXT    NOT NULL,          -- lower-cased, diacritics removed: prefix lookup
    company        TEXT,
    role           TEXT,
    email          TEXT,
    phone          TEXT,
    address_form   TEXT    CHECK (address_form IN ('du', 'sie')),
    salutation     TEXT,
    birthday       TEXT,                      -- YYYY-MM-DD
    met_on         TEXT,                      -- YYYY-MM-DD
    notes          TEXT,
    tier           TEXT    CHECK (tier IN ('A', 'B', 'C', 'ambient')),
    cadence_days   INTEGER CHECK (cadence_days > 0),
    snoozed_until  TEXT,                      -- YYYY-MM-DD
    archived       INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at     TEXT    NOT NULL,
    -- Maintained summary of the contact's touches, rewritten in the same transaction as every write
    -- that changes them, so that the neglect list never scans the journal.
    last_touch_at  TEXT,
    last_touch_ts  INTEGER,
    recent_moods   TEXT    NOT NULL DEFAULT '',  -- moods of the latest 6 rated touches, newest first
    recent_initiatives TEXT NOT NULL DEFAULT ''  -- initiative of the latest 4 touches that record one
);
CREATE INDEX contacts_name_fold ON contacts (name_fold);

CREATE TABLE contact_tags (
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    tag        TEXT    NOT NULL,
    PRIMARY KEY (contact_id, position)
) WITHOUT ROWID;
CREATE INDEX contact_tags_tag ON contact_tags (tag);

CREATE TABLE entries (
    id               INTEGER PRIMARY KEY,
    occurred_at      TEXT    NOT NULL,
    occurred_ts      INTEGER NOT NULL,
    kind             TEXT    NOT NULL CHECK (kind IN ('meeting', 'call', 'video', 'email', 'message', 'event', 'note')),
    title            TEXT,
    body             TEXT    NOT NULL DEFAULT '',
    mood             INTEGER CHECK (mood BETWEEN -2 AND 2),
    initiative       TEXT    CHECK (initiative IN ('me', 'them', 'mutual')),
    signal_trust      INTEGER CHECK (signal_trust BETWEEN -1 AND 1),
    signal_sympathy   INTEGER CHECK (signal_sympathy BETWEEN -1 AND 1),
    signal_competence INTEGER CHECK (signal_competence BETWEEN -1 AND 1),
    signal_longterm   INTEGER CHECK (signal_longterm BETWEEN -1 AND 1)
);
CREATE INDEX entries_occurred ON entries (occurred_ts DESC, id DESC);

-- Which contacts an entry is about. occurred_ts and is_touch are copied from the entry (kept in step by
-- the triggers below) so that one contact's history and last touch are index range scans.
CREATE TABLE entry_contacts (
    entry_id    INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    contact_id  INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    occurred_ts INTEGER NOT NULL,
    is_touch    INTEGER NOT NULL,
    PRIMARY KEY (entry_id, contact_id)
) WITHOUT ROWID;
CREATE INDEX entry_contacts_history ON entry_contacts (contact_id, occurred_ts DESC, entry_id DESC);
CREATE INDEX entry_contacts_touches ON entry_contacts (contact_id, is_touch, occurred_ts DESC, entry_id DESC);

CREATE TRIGGER entries_time_kind_follow AFTER UPDATE OF occurred_ts, kind ON entries BEGIN
    UPDATE entry_contacts
       SET occurred_ts = new.occurred_ts, is_touch = (new.kind <> 'note')
     WHERE entry_id = new.id;
END;

CREATE TABLE promises (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    entry_id   INTEGER REFERENCES entries (id) ON DELETE SET NULL,
    owner      TEXT    NOT NULL CHECK (owner IN ('me', 'them')),
    text       TEXT    NOT NULL CHECK (length(trim(text)) > 0),
    due        TEXT,                           -- YYYY-MM-DD
    status     TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'kept', 'broken')),
    closed_at  TEXT
);
CREATE INDEX promises_contact ON promises (contact_id, status, due);
CREATE INDEX promises_open_due ON promises (status, owner, due);
CREATE INDEX promises_entry ON promises (entry_id);

-- Full-text index over entry titles and bodies; external content, kept in sync by triggers.
CREATE VIRTUAL TABLE entries_fts USING fts5 (
    title, body,
    content = 'entries', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN
    INSERT INTO entries_fts (rowid, title, body) VALUES (new.id, coalesce(new.title, ''), new.body);
END;
CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN
    INSERT INTO entries_fts (entries_fts, rowid, title, body)
    VALUES ('delete', old.id, coalesce(old.title, ''), old.body);
END;
CREATE TRIGGER entries_fts_update AFTER UPDATE OF title, body ON entries BEGIN
    INSERT INTO entries_fts (entries_fts, rowid, title, body)
    VALUES ('delete', old.id, coalesce(old.title, ''), old.body);
    INSERT INTO entries_fts (rowid, title, body) VALUES (new.id, coalesce(new.title, ''), new.body);
END;

-- Small key/value facts about this journal (last review date, ...).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
