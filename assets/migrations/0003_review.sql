-- rapport schema, version 3: the weekly review remembers whom it handled and for which flags, so that
-- a contact handled in a review comes back only when a new flag appears.
CREATE TABLE review_handled (
    contact_id INTEGER PRIMARY KEY REFERENCES contacts (id) ON DELETE CASCADE,
    flags      TEXT NOT NULL,          -- the flags it carried when handled, comma-separated
    handled_on TEXT NOT NULL           -- YYYY-MM-DD
) WITHOUT ROWID;
