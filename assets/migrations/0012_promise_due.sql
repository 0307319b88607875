-- rapport schema, version 12: open promises by due date across owners, in one index, so that a
-- search whose words many promises contain reads the open ones in due order and stops at its limit.
CREATE INDEX promises_status_due ON promises (status, due);
