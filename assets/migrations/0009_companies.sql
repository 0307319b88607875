-- rapport schema: companies as records, and who introduced whom.
-- A contact keeps its company text (what every view and matcher reads) and links to the company of
-- that name: the store keeps both in step on every write. `name_fold` is the name folded as
-- crate::store::company_fold does (case, accents, spaces), so "ANKERWERK gmbh" and "Ankerwerk GmbH"
-- are one company.
CREATE TABLE companies (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    name_fold   TEXT    NOT NULL UNIQUE,
    website     TEXT,
    notes       TEXT,
    key_account INTEGER NOT NULL DEFAULT 0 CHECK (key_account IN (0, 1))
);

CREATE TABLE company_tags (
    company_id INTEGER NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    tag        TEXT    NOT NULL,
    PRIMARY KEY (company_id, position)
) WITHOUT ROWID;

ALTER TABLE contacts ADD COLUMN company_id INTEGER REFERENCES companies (id) ON DELETE SET NULL;
ALTER TABLE contacts ADD COLUMN introduced_by INTEGER REFERENCES contacts (id) ON DELETE SET NULL;
CREATE INDEX contacts_company ON contacts (company_id);
CREATE INDEX contacts_introduced_by ON contacts (introduced_by);

-- Existing company texts become companies: the first contact's spelling names each one. The fold
-- function is defined by rapport on its own connection; no table, index or trigger uses it.
INSERT OR IGNORE INTO companies (name, name_fold)
SELECT trim(company), rapport_company_fold(company) FROM contacts
 WHERE rapport_company_fold(company) <> '' ORDER BY id;
UPDATE contacts
   SET company_id = (SELECT id FROM companies WHERE name_fold = rapport_company_fold(contacts.company))
 WHERE company IS NOT NULL;
