-- rapport schema, version 6: the pillar scores read a contact's promises and the facts of its entries
-- (day, touch or not, mood, signals) from one index range each, not from the rows with their texts,
-- which the app (reading without memory-mapping) would otherwise fetch page by scattered page.
CREATE INDEX promises_facts ON promises (contact_id, owner, due, status, closed_at);

-- The entry facts are copied into entry_contacts like occurred_ts and is_touch, kept in step by the
-- code that links an entry and by the trigger below. `day` is the date the entry's time was written
-- with (the first ten characters of occurred_at).
ALTER TABLE entry_contacts ADD COLUMN day TEXT NOT NULL DEFAULT '';
ALTER TABLE entry_contacts ADD COLUMN mood INTEGER;
ALTER TABLE entry_contacts ADD COLUMN signal_trust INTEGER;
ALTER TABLE entry_contacts ADD COLUMN signal_sympathy INTEGER;
ALTER TABLE entry_contacts ADD COLUMN signal_competence INTEGER;
ALTER TABLE entry_contacts ADD COLUMN signal_longterm INTEGER;
UPDATE entry_contacts
   SET (day, mood, signal_trust, signal_sympathy, signal_competence, signal_longterm) =
       (SELECT substr(e.occurred_at, 1, 10), e.mood, e.signal_trust, e.signal_sympathy,
               e.signal_competence, e.signal_longterm
          FROM entries e WHERE e.id = entry_contacts.entry_id);
CREATE INDEX entry_contacts_facts ON entry_contacts (contact_id, occurred_ts, entry_id, day, is_touch,
    mood, signal_trust, signal_sympathy, signal_competence, signal_longterm);

CREATE TRIGGER entries_facts_follow
AFTER UPDATE OF occurred_at, mood, signal_trust, signal_sympathy, signal_competence, signal_longterm
ON entries BEGIN
    UPDATE entry_contacts
       SET day = substr(new.occurred_at, 1, 10), mood = new.mood, signal_trust = new.signal_trust,
           signal_sympathy = new.signal_sympathy, signal_competence = new.signal_competence,
           signal_longterm = new.signal_longterm
     WHERE entry_id = new.id;
END;
