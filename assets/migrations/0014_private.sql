-- rapport schema, version 14: a contact can be marked private. A private contact is never named or
-- returned by the MCP server (src/mcp/); everywhere else it is an ordinary contact.
ALTER TABLE contacts ADD COLUMN private INTEGER NOT NULL DEFAULT 0 CHECK (private IN (0, 1));
-- Few contacts are private: the server reads their ids through this small partial index.
CREATE INDEX contacts_private ON contacts (id) WHERE private = 1;

-- The mark travels with the contact's other fields (X-RAPPORT-PRIVATE), so changing it is an edit.
DROP TRIGGER sync_contact_update;
CREATE TRIGGER sync_contact_update
AFTER UPDATE OF name, company, role, email, phone, address_form, salutation, birthday, met_on, notes,
                tier, cadence_days, snoozed_until, archived, private ON contacts BEGIN
    UPDATE sync_records SET dirty = 1, version = version + 1 WHERE contact_id = new.id;
END;
