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
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        // The newest matches: each match's date comes from the narrow (id, occurred_ts) index.
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM entries INDEXED BY entries_id_ts
              WHERE id IN (SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?1)
                AND (?2 IS NULL OR id IN (SELECT entry_id FROM entry_contacts WHERE contact_id = ?2))
              ORDER BY occurred_ts DESC, id DESC LIMIT ?3",
        )?;
        let ids = stmt
            .query_map(params![fts_query, contact, limit], |r| r.get::<_, Id>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        drop(stmt);
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
