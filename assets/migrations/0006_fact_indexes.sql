-- rapport schema, version 6: the pillar scores read a contact's promises and the facts of its entries
-- (day, kind, mood, signals) from these indexes alone, not from the rows with their texts, which the
-- app (reading without memory-mapping) would otherwise fetch page by scattered page.
CREATE INDEX promises_facts ON promises (contact_id, owner, due, status, closed_at);
CREATE INDEX entries_facts ON entries (id, occurred_at, kind, mood, signal_trust, signal_sympathy,
                                       signal_competence, signal_longterm);
