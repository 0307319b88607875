//! Full-text search over entry titles and bodies (FTS5, diacritics-insensitive, prefix queries).

use super::entries::EntryRow;
use super::{Result, Store, StoreError};
use crate::domain::model::Id;
use crate::snippet::{opening, query_terms, snippet};
use rusqlite::params;

/// One search result: the entry and a short excerpt with the matches marked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    /// The entry.
    pub row: EntryRow,
    /// An excerpt of the body (or title) with the snippet markers around matches.
    pub snippet: String,
}

/// Turns free text into a safe FTS5 query: each word quoted (so `-`, `"`, `NEAR(` or `AND` are just
/// words), a trailing `*` kept as a prefix query.
pub fn quote_query(query: &str) -> String {
    query
        .split_whitespace()
        .filter_map(|word| {
            let (stem, prefix) = match word.strip_suffix('*') {
                Some(stem) => (stem, true),
                None => (word, false),
            };
            let stem = stem.replace('"', "\"\"");
            (!stem.trim_matches('*').is_empty())
                .then(|| format!("\"{stem}\"{}", if prefix { "*" } else { "" }))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

impl Store {
    /// Entries matching `query`, newest first. The query may use FTS5 syntax (`vertrau*`, `"exact
    /// phrase"`, `OR`); text that is not valid syntax is searched word by word instead.
    pub fn search(&self, query: &str, contact: Option<Id>, limit: usize) -> Result<Vec<SearchHit>> {
        if query.trim().is_empty() {
            return Ok(Vec::new());
        }
        match self.search_fts(query, contact, limit) {
            Err(StoreError::Sqlite(e)) if is_query_error(&e) => {
                let quoted = quote_query(query);
                if quoted.is_empty() {
                    return Ok(Vec::new());
                }
                self.search_fts(&quoted, contact, limit)
            }
            other => other,
        }
    }

    fn search_fts(
        &self,
        fts_query: &str,
        contact: Option<Id>,
        limit: usize,
    ) -> Result<Vec<SearchHit>> {
        let ids = match contact {
            Some(contact) => self.newest_matches_of(fts_query, contact, limit)?,
            None => self.newest_matches(fts_query, limit, NEWEST_WINDOW)?,
        };
        let terms = query_terms(fts_query);
        let mut hits = Vec::with_capacity(ids.len());
        for id in ids {
            let row = self.entry(id)?;
            let snippet = snippet(&row.entry.body, &terms, SNIPPET_WORDS)
                .or_else(|| {
                    row.entry
                        .title
                        .as_deref()
                        .and_then(|t| snippet(t, &terms, SNIPPET_WORDS))
                })
                .unwrap_or_else(|| opening(&row.entry.body, SNIPPET_WORDS));
            hits.push(SearchHit { row, snippet });
        }
        Ok(hits)
    }
}

/// Words in a result's excerpt.
const SNIPPET_WORDS: usize = 14;

/// How many of the highest-id matches are read first when searching the whole journal.
const NEWEST_WINDOW: usize = 1000;

impl Store {
    /// The ids of the newest `limit` matches, newest first, without ordering every match by date.
    ///
    /// Entries are mostly written in the order they happen, so the matches with the highest ids (which
    /// the full-text index hands out cheaply, newest id first) are nearly the newest by date. Of the
    /// `window` highest-id matches, the `limit`-th newest date is a floor: the answer lies among
    /// matches at or after it. Those with a lower id (entries written later about earlier days, or
    /// dated ahead) are found through the date index, checking only entries in that date range that
    /// the window did not cover. With fewer than `window` matches, all of them are simply ordered.
    fn newest_matches(&self, fts_query: &str, limit: usize, window: usize) -> Result<Vec<Id>> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        // The floor needs `limit` matches from the window.
        let window = window.max(limit);
        let mut stmt = self.conn.prepare_cached(
            "SELECT m.rowid, e.occurred_ts
               FROM (SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?1
                      ORDER BY rowid DESC LIMIT +?2) m
               JOIN entries e INDEXED BY entries_id_ts ON e.id = m.rowid",
        )?;
        let window_sql = i64::try_from(window).unwrap_or(i64::MAX);
        let mut found: Vec<(i64, Id)> = stmt
            .query_map(params![fts_query, window_sql], |r| {
                Ok((r.get(1)?, r.get(0)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let newest_first = |found: &mut Vec<(i64, Id)>| {
            found.sort_unstable_by(|a, b| b.cmp(a));
            found.truncate(limit);
        };
        if found.len() == window {
            let lowest_id = found.iter().map(|(_, id)| *id).min().unwrap_or(Id::MIN);
            newest_first(&mut found);
            let floor = found.last().map_or(i64::MIN, |(ts, _)| *ts);
            let mut later = self.conn.prepare_cached(
                "SELECT e.occurred_ts, e.id FROM entries e INDEXED BY entries_occurred
                  WHERE e.occurred_ts >= ?2 AND e.id < ?3
                    AND EXISTS (SELECT 1 FROM entries_fts
                                 WHERE entries_fts MATCH ?1 AND entries_fts.rowid = e.id)",
            )?;
            let missed = later
                .query_map(params![fts_query, floor, lowest_id], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?
                .collect::<rusqlite::Result<Vec<(i64, Id)>>>()?;
            found.extend(missed);
        }
        newest_first(&mut found);
        Ok(found.into_iter().map(|(_, id)| id).collect())
    }

    /// The ids of one contact's newest `limit` matches, newest first: that contact's matches are few
    /// enough to order by date directly.
    fn newest_matches_of(&self, fts_query: &str, contact: Id, limit: usize) -> Result<Vec<Id>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM entries INDEXED BY entries_id_ts
              WHERE id IN (SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?1)
                AND id IN (SELECT entry_id FROM entry_contacts WHERE contact_id = ?2)
              ORDER BY occurred_ts DESC, id DESC LIMIT +?3",
        )?;
        let ids = stmt
            .query_map(params![fts_query, contact, limit], |r| r.get::<_, Id>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(ids)
    }
}

fn is_query_error(e: &rusqlite::Error) -> bool {
    let text = e.to_string();
    text.contains("fts5: syntax error")
        || text.contains("unterminated string")
        || text.contains("no such column")
        || text.contains("unknown special query")
        || text.contains("fts5:")
}

#[cfg(test)]
mod tests {
    use super::{Id, Store, quote_query};
    use crate::domain::model::{Contact, Entry, Kind, Signals};

    /// Entries written in a shuffled order of dates (some far back, some ahead), every third one
    /// about "alpha": the windowed search must give exactly what ordering every match gives.
    #[test]
    fn newest_matches_equal_ordering_every_match_whatever_the_window() {
        let start = chrono::DateTime::parse_from_rfc3339("2020-01-01T09:00:00+01:00").unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let anna = store.add_contact(&Contact::new("Anna", start)).unwrap();
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut expected: Vec<(i64, Id)> = Vec::new();
        for n in 0..300u32 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            // Mostly moving forward, sometimes backdated or dated ahead, with same-second ties.
            let day = match seed % 10 {
                0 => i64::try_from(seed % 400).unwrap(),
                1 => 400 + i64::try_from(seed % 50).unwrap(),
                _ => i64::from(n),
            };
            let at = start + chrono::Duration::days(day);
            let body = if n % 3 == 0 { "alpha beta" } else { "gamma" };
            let entry = Entry {
                id: 0,
                occurred_at: at,
                kind: Kind::Note,
                title: None,
                body: body.into(),
                contacts: vec![anna],
                mood: None,
                initiative: None,
                signals: Signals::default(),
            };
            let id = store.add_entry(&entry, &[]).unwrap();
            if n % 3 == 0 {
                expected.push((at.timestamp(), id));
            }
        }
        expected.sort_unstable_by(|a, b| b.cmp(a));
        for limit in [0, 1, 5, 20, 100, 500] {
            let want: Vec<Id> = expected.iter().take(limit).map(|(_, id)| *id).collect();
            for window in [1, 2, 7, 20, 64, 99, 100, 101, 1000] {
                let got = store.newest_matches("alpha", limit, window).unwrap();
                assert_eq!(got, want, "limit {limit}, window {window}");
            }
        }
    }

    #[test]
    fn quoting_neutralises_syntax() {
        assert_eq!(quote_query("vertrau*"), "\"vertrau\"*");
        assert_eq!(quote_query("a \"b"), "\"a\" \"\"\"b\"");
        assert_eq!(quote_query("NEAR( - AND"), "\"NEAR(\" \"-\" \"AND\"");
        assert_eq!(quote_query("*"), "");
    }
}
