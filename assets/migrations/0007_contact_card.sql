-- rapport schema, version 7: the parts of a contact's address card that rapport has no field of its
-- own for (postal addresses, further emails and phones with their types, URLs, nicknames, photos, the
-- structured name, other apps' X- properties), kept as read so that an export gives the whole card back.
-- A rowid table, not WITHOUT ROWID: a value may be a photo of many kilobytes.
CREATE TABLE contact_properties (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    name       TEXT    NOT NULL,            -- group and name as written, the name upper-case: "item1.URL"
    params     TEXT    NOT NULL DEFAULT '', -- parameters as written, without the first ';': "TYPE=home"
    value      TEXT    NOT NULL,            -- the value in vCard escaping, decoded to UTF-8
    UNIQUE (contact_id, position)
);
