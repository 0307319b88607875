-- rapport schema, version 8: search that finds what people type. An FTS5 index over the trigrams of the
-- search-folded text of each entry (title, body, and the names, companies and roles of the contacts it
-- is about), so that `weiss` finds "Weiß", `Mueller` "Müller" and `vertrag` "Rahmenvertrag".
-- rapport_fold() is rapport's folding (src/text.rs search_fold) and rapport_trigrams() gives the
-- distinct trigrams of a folded text as words (src/search_query.rs index_text); both are registered on
-- every connection. The indexes are contentless (the text is in `entries` and `contacts`) and keep no
-- positions (detail=none): they only narrow the candidates, and the folded text decides. This replaces
-- the word index of version 1.
DROP TRIGGER entries_fts_insert;
DROP TRIGGER entries_fts_delete;
DROP TRIGGER entries_fts_update;
DROP TABLE entries_fts;

-- What the index holds for an entry, folded.
CREATE VIEW entry_search_text (id, folded) AS
SELECT e.id,
       rapport_fold(coalesce(e.title, '') || ' ' || e.body || ' ' ||
           coalesce((SELECT group_concat(c.name || ' ' || coalesce(c.company, '') || ' ' || coalesce(c.role, ''), ' ')
                       FROM entry_contacts ec JOIN contacts c ON c.id = ec.contact_id
                      WHERE ec.entry_id = e.id), ''))
  FROM entries e;

CREATE VIRTUAL TABLE entries_search USING fts5 (
    trigrams,
    content = '', contentless_delete = 1, detail = none,
    tokenize = 'ascii'
);
INSERT INTO entries_search (rowid, trigrams) SELECT id, rapport_trigrams(folded) FROM entry_search_text;

CREATE TRIGGER entries_search_insert AFTER INSERT ON entries BEGIN
    INSERT INTO entries_search (rowid, trigrams) SELECT id, rapport_trigrams(folded) FROM entry_search_text WHERE id = new.id;
END;
CREATE TRIGGER entries_search_delete AFTER DELETE ON entries BEGIN
    DELETE FROM entries_search WHERE rowid = old.id;
END;
CREATE TRIGGER entries_search_update AFTER UPDATE OF title, body ON entries BEGIN
    DELETE FROM entries_search WHERE rowid = old.id;
    INSERT INTO entries_search (rowid, trigrams) SELECT id, rapport_trigrams(folded) FROM entry_search_text WHERE id = new.id;
END;
-- The people of an entry are part of its text.
CREATE TRIGGER entries_search_people_insert AFTER INSERT ON entry_contacts BEGIN
    DELETE FROM entries_search WHERE rowid = new.entry_id;
    INSERT INTO entries_search (rowid, trigrams) SELECT id, rapport_trigrams(folded) FROM entry_search_text WHERE id = new.entry_id;
END;
CREATE TRIGGER entries_search_people_delete AFTER DELETE ON entry_contacts BEGIN
    DELETE FROM entries_search WHERE rowid = old.entry_id;
    INSERT INTO entries_search (rowid, trigrams) SELECT id, rapport_trigrams(folded) FROM entry_search_text WHERE id = old.entry_id;
END;
-- A contact renamed (or with a new company or role): its entries are indexed again.
CREATE TRIGGER entries_search_contact_update AFTER UPDATE OF name, company, role ON contacts BEGIN
    DELETE FROM entries_search
     WHERE rowid IN (SELECT entry_id FROM entry_contacts WHERE contact_id = new.id);
    INSERT INTO entries_search (rowid, trigrams)
    SELECT t.id, rapport_trigrams(t.folded) FROM entry_search_text t
     WHERE t.id IN (SELECT entry_id FROM entry_contacts WHERE contact_id = new.id);
END;

-- Contacts (name, company, role, email, notes, interests) and promises (text and contact's name) are
-- searched the same way, each with its own index.
CREATE VIEW contact_search_text (id, folded) AS
SELECT c.id,
       rapport_fold(c.name || ' ' || coalesce(c.company, '') || ' ' || coalesce(c.role, '') || ' ' ||
           coalesce(c.email, '') || ' ' || coalesce(c.notes, '') || ' ' ||
           coalesce((SELECT group_concat(t.tag, ' ') FROM contact_tags t WHERE t.contact_id = c.id), ''))
  FROM contacts c;
CREATE VIRTUAL TABLE contacts_search USING fts5 (
    trigrams,
    content = '', contentless_delete = 1, detail = none,
    tokenize = 'ascii'
);
INSERT INTO contacts_search (rowid, trigrams) SELECT id, rapport_trigrams(folded) FROM contact_search_text;

CREATE VIEW promise_search_text (id, folded) AS
SELECT p.id, rapport_fold(p.text || ' ' || c.name)
  FROM promises p JOIN contacts c ON c.id = p.contact_id;
CREATE VIRTUAL TABLE promises_search USING fts5 (
    trigrams,
    content = '', contentless_delete = 1, detail = none,
    tokenize = 'ascii'
);
INSERT INTO promises_search (rowid, trigrams) SELECT id, rapport_trigrams(folded) FROM promise_search_text;

CREATE TRIGGER contacts_search_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO contacts_search (rowid, trigrams) SELECT id, rapport_trigrams(folded) FROM contact_search_text WHERE id = new.id;
END;
CREATE TRIGGER contacts_search_delete AFTER DELETE ON contacts BEGIN
    DELETE FROM contacts_search WHERE rowid = old.id;
END;
CREATE TRIGGER contacts_search_update AFTER UPDATE OF name, company, role, email, notes ON contacts BEGIN
    DELETE FROM contacts_search WHERE rowid = new.id;
    INSERT INTO contacts_search (rowid, trigrams) SELECT id, rapport_trigrams(folded) FROM contact_search_text WHERE id = new.id;
END;
CREATE TRIGGER contacts_search_tag_insert AFTER INSERT ON contact_tags BEGIN
    DELETE FROM contacts_search WHERE rowid = new.contact_id;
    INSERT INTO contacts_search (rowid, trigrams)
    SELECT id, rapport_trigrams(folded) FROM contact_search_text WHERE id = new.contact_id;
END;
CREATE TRIGGER contacts_search_tag_delete AFTER DELETE ON contact_tags BEGIN
    DELETE FROM contacts_search WHERE rowid = old.contact_id;
    INSERT INTO contacts_search (rowid, trigrams)
    SELECT id, rapport_trigrams(folded) FROM contact_search_text WHERE id = old.contact_id;
END;
CREATE TRIGGER promises_search_insert AFTER INSERT ON promises BEGIN
    INSERT INTO promises_search (rowid, trigrams) SELECT id, rapport_trigrams(folded) FROM promise_search_text WHERE id = new.id;
END;
CREATE TRIGGER promises_search_delete AFTER DELETE ON promises BEGIN
    DELETE FROM promises_search WHERE rowid = old.id;
END;
CREATE TRIGGER promises_search_update AFTER UPDATE OF text, contact_id ON promises BEGIN
    DELETE FROM promises_search WHERE rowid = new.id;
    INSERT INTO promises_search (rowid, trigrams) SELECT id, rapport_trigrams(folded) FROM promise_search_text WHERE id = new.id;
END;
CREATE TRIGGER promises_search_contact_update AFTER UPDATE OF name ON contacts BEGIN
    DELETE FROM promises_search WHERE rowid IN (SELECT id FROM promises WHERE contact_id = new.id);
    INSERT INTO promises_search (rowid, trigrams)
    SELECT t.id, rapport_trigrams(t.folded) FROM promise_search_text t
     WHERE t.id IN (SELECT id FROM promises WHERE contact_id = new.id);
END;
