-- rapport schema, version 13: the private inbox. Touches found in the user's own mail and calendar wait
-- here as proposals until the user accepts (an entry is written) or ignores them; what was read is
-- remembered, so that a rescan reads only what is new and never proposes a message twice.
CREATE TABLE inbox_proposals (
    id          INTEGER PRIMARY KEY,
    key         TEXT    NOT NULL UNIQUE,  -- stable: contacts + day + thread root (see src/inbox/rules.rs)
    kind        TEXT    NOT NULL CHECK (kind IN ('email', 'meeting')),
    occurred_at TEXT    NOT NULL,         -- RFC 3339 with the sender's offset
    title       TEXT,
    initiative  TEXT    CHECK (initiative IN ('me', 'them', 'mutual')),
    source      TEXT    NOT NULL CHECK (source IN ('maildir', 'mbox', 'calendar', 'piped')),
    state       TEXT    NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'accepted', 'ignored')),
    entry_id    INTEGER REFERENCES entries (id) ON DELETE SET NULL
);
CREATE INDEX inbox_proposals_state ON inbox_proposals (state, occurred_at);

CREATE TABLE inbox_proposal_contacts (
    proposal_id INTEGER NOT NULL REFERENCES inbox_proposals (id) ON DELETE CASCADE,
    contact_id  INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    PRIMARY KEY (proposal_id, contact_id)
) WITHOUT ROWID;
CREATE INDEX inbox_proposal_contacts_contact ON inbox_proposal_contacts (contact_id);

-- A proposal about nobody (its last contact was forgotten or merged away) goes with its title.
CREATE TRIGGER inbox_proposal_orphaned AFTER DELETE ON inbox_proposal_contacts
WHEN NOT EXISTS (SELECT 1 FROM inbox_proposal_contacts WHERE proposal_id = old.proposal_id)
BEGIN
    DELETE FROM inbox_proposals WHERE id = old.proposal_id;
END;

-- What was read: Maildir file names (the unique part before ":2,"), message ids of piped mails, event
-- UIDs, and per mbox file (origin: its path) the offset read up to.
CREATE TABLE inbox_seen (
    source   TEXT    NOT NULL CHECK (source IN ('maildir', 'mbox', 'calendar', 'piped')),
    origin   TEXT    NOT NULL,
    position INTEGER,
    PRIMARY KEY (source, origin)
) WITHOUT ROWID;

-- Senders the user never wants proposed: globs on lower-cased addresses ("noreply@*").
CREATE TABLE inbox_ignored_senders (
    pattern TEXT PRIMARY KEY
) WITHOUT ROWID;
