-- rapport schema, version 15: the inbox's new people. Frequent correspondents who are no contact,
-- proposed as new contacts. A scan adds up, per address, the days of threads it read with them (the
-- newest few, bounded), so that threads found across several scans count, and so that once the user
-- adds them as a contact those touches are proposed. Proposal keys are a thread's day and root
-- (src/inbox/rules.rs): keys made by schema 13 also hashed the contacts.
CREATE TABLE inbox_people (
    email      TEXT    PRIMARY KEY,       -- lower case
    name       TEXT,                      -- the display name the headers gave most recently
    threads    INTEGER NOT NULL DEFAULT 0, -- threads with them in the 90 days before the last scan
    last_seen  TEXT    NOT NULL,          -- RFC 3339: their newest touch read
    state      TEXT    NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'added', 'ignored')),
    contact_id INTEGER REFERENCES contacts (id) ON DELETE CASCADE  -- forgetting them forgets this
) WITHOUT ROWID;
CREATE INDEX inbox_people_open ON inbox_people (state, threads);

-- The newest days of threads with each of them: a proposal waiting for its contact.
CREATE TABLE inbox_person_touches (
    email       TEXT    NOT NULL REFERENCES inbox_people (email) ON DELETE CASCADE,
    key         TEXT    NOT NULL,         -- the proposal key: day + thread root
    thread      TEXT    NOT NULL,         -- a hash of the thread root: what counts their threads
    occurred_at TEXT    NOT NULL,
    title       TEXT,
    initiative  TEXT    CHECK (initiative IN ('me', 'them', 'mutual')),
    source      TEXT    NOT NULL CHECK (source IN ('maildir', 'mbox', 'calendar', 'piped')),
    PRIMARY KEY (email, key)
) WITHOUT ROWID;
