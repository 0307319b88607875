-- rapport schema, version 2: a narrow index from entry id to time, so that ordering the matches of a
-- full-text search by date reads this index instead of the wide entries table.
CREATE INDEX entries_id_ts ON entries (id, occurred_ts);
