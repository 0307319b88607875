-- rapport schema, version 4: my open promises by contact and due date, in one index the neglect list
-- can count from without reading the promises themselves (it grew with every promise ever made).
CREATE INDEX promises_mine_open ON promises (owner, status, contact_id, due);
