-- rapport schema, version 10: closed promises newest first, in one index, so that a search whose
-- words many promises contain reads the newest closed ones and stops at its limit instead of ordering
-- every match.
CREATE INDEX promises_closed ON promises (closed_at) WHERE closed_at IS NOT NULL;
