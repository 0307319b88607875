//! Full-text search over entry titles and bodies (FTS5, diacritics-insensitive, prefix queries).

use super::entries::{EntryRow, load_rows};
use super::{Result, Store, StoreError};
use crate::domain::model::Id;
use rusqlite::params;

/// Marks the start of a matched term in a snippet (a private-use character, never in user text).
pub const MATCH_START: char = '\u{E000}';
/// Marks the end of a matched term in a snippet.
pub const MATCH_END: char = '\u{E001}';

/// One search result: the entry and a short excerpt with the matches marked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    /// The entry.
    pub row: EntryRow,
    /// An excerpt of the body (or title) with [`MATCH_START`]/[`MATCH_END`] around matches.
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
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        // Find the newest matches first, then compute snippets only for them.
        let mut stmt = self.conn.prepare_cached(
            "WITH top AS (
                 SELECT e.id FROM entries_fts JOIN entries e ON e.id = entries_fts.rowid
                  WHERE entries_fts MATCH ?1
                    AND (?2 IS NULL OR e.id IN (SELECT entry_id FROM entry_contacts WHERE contact_id = ?2))
                  ORDER BY e.occurred_ts DESC, e.id DESC LIMIT ?3)
             SELECT e.id, e.occurred_at, e.kind, e.title, e.body, e.mood, e.initiative,
                    e.signal_trust, e.signal_sympathy, e.signal_competence, e.signal_longterm,
                    snippet(entries_fts, 1, ?4, ?5, '…', 12), snippet(entries_fts, 0, ?4, ?5, '…', 12)
               FROM entries_fts JOIN entries e ON e.id = entries_fts.rowid
              WHERE entries_fts MATCH ?1 AND entries_fts.rowid IN (SELECT id FROM top)
              ORDER BY e.occurred_ts DESC, e.id DESC",
        )?;
        let mut raws = Vec::new();
        let mut snippets = Vec::new();
        let mut rows = stmt.query(params![
            fts_query,
            contact,
            limit,
            MATCH_START.to_string(),
            MATCH_END.to_string()
        ])?;
        while let Some(row) = rows.next()? {
            raws.push(super::entries::entry_from_row(row)?);
            let body: String = row.get::<_, Option<String>>(11)?.unwrap_or_default();
            let title: String = row.get::<_, Option<String>>(12)?.unwrap_or_default();
            snippets.push(
                if body.contains(MATCH_START) || !title.contains(MATCH_START) {
                    body
                } else {
                    title
                },
            );
        }
        drop(rows);
        let entries = load_rows(&self.conn, raws)?;
        Ok(entries
            .into_iter()
            .zip(snippets)
            .map(|(row, snippet)| SearchHit { row, snippet })
            .collect())
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
    use super::quote_query;

    #[test]
    fn quoting_neutralises_syntax() {
        assert_eq!(quote_query("vertrau*"), "\"vertrau\"*");
        assert_eq!(quote_query("a \"b"), "\"a\" \"\"\"b\"");
        assert_eq!(quote_query("NEAR( - AND"), "\"NEAR(\" \"-\" \"AND\"");
        assert_eq!(quote_query("*"), "");
    }
}
