-- rapport schema, version 5: the number of entries, kept by triggers, so that the app does not count a
-- million rows each time it starts.
CREATE TABLE entry_total (n INTEGER NOT NULL);
INSERT INTO entry_total (n) SELECT count(*) FROM entries;
CREATE TRIGGER entry_total_insert AFTER INSERT ON entries BEGIN
    UPDATE entry_total SET n = n + 1;
END;
CREATE TRIGGER entry_total_delete AFTER DELETE ON entries BEGIN
    UPDATE entry_total SET n = n - 1;
END;
