//! Search over entries (title, body, and the names, companies and roles of their contacts), contacts
//! and promises. What a query means is [`crate::search_query`]; the `entries_search` trigram index
//! (migration 0008) narrows the candidates, and the folded text decides.

use super::entries::EntryRow;
use super::promises::PromiseRow;
use super::{Result, Store};
use crate::domain::model::{Id, Kind};
use crate::search_query::{Query, index_text};
use crate::snippet::{opening, snippet};
use crate::text::search_fold;
use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, params};

/// One search result: the entry and a short excerpt with the matches marked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    /// The entry.
    pub row: EntryRow,
    /// An excerpt of the body (or title) with the snippet markers around matches.
    pub snippet: String,
}

/// A contact whose name, company, role, email, notes or interests match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactHit {
    /// The contact.
    pub id: Id,
    /// Their name.
    pub name: String,
    /// Their company, if any.
    pub company: Option<String>,
    /// Their role, if any.
    pub role: Option<String>,
    /// The first field that matched, shortened, with the snippet markers around matches.
    pub snippet: String,
}

/// What narrows a search besides its words.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SearchFilter {
    /// Only entries (and promises and the contact) of this contact.
    pub contact: Option<Id>,
    /// Only entries of this kind.
    pub kind: Option<Kind>,
    /// Only entries at or after this instant (Unix seconds).
    pub since_ts: Option<i64>,
    /// Only entries before this instant (Unix seconds).
    pub until_ts: Option<i64>,
    /// Most relevant first (BM25) instead of newest first.
    pub rank: bool,
}

impl SearchFilter {
    /// True when the filter narrows entries only (kind or dates): then contacts and promises are
    /// not searched.
    fn entries_only(&self) -> bool {
        self.kind.is_some() || self.since_ts.is_some() || self.until_ts.is_some()
    }
}

/// The three result groups of a search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchResults {
    /// Matching contacts, by name.
    pub contacts: Vec<ContactHit>,
    /// Matching promises: open ones by due date, then closed ones newest first.
    pub promises: Vec<PromiseRow>,
    /// Matching entries, newest (or most relevant) first.
    pub entries: Vec<SearchHit>,
}

/// Registers rapport's search functions on a connection: `rapport_fold(text)` ([`search_fold`]) and
/// `rapport_trigrams(folded)` ([`index_text`]) for the indexes and their triggers, and
/// `rapport_match(folded, query)` ([`Query::matches`]).
pub(super) fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8
        | FunctionFlags::SQLITE_DETERMINISTIC
        | FunctionFlags::SQLITE_INNOCUOUS;
    conn.create_scalar_function("rapport_fold", 1, flags, |ctx| {
        let text: Option<String> = ctx.get(0)?;
        Ok(search_fold(text.as_deref().unwrap_or("")))
    })?;
    conn.create_scalar_function("rapport_trigrams", 1, flags, |ctx| {
        let folded: Option<String> = ctx.get(0)?;
        Ok(index_text(folded.as_deref().unwrap_or("")))
    })?;
    conn.create_scalar_function("rapport_match", 2, flags, |ctx| {
        let folded: Option<String> = ctx.get(0)?;
        let query = ctx.get_or_create_aux(1, |v| -> rusqlite::Result<Query> {
            Ok(Query::parse(v.as_str().unwrap_or("")))
        })?;
        Ok(query.matches(folded.as_deref().unwrap_or("")))
    })
}

/// Words in a result's excerpt.
const SNIPPET_WORDS: usize = 14;

/// How many of the highest-id matches are read first when searching the whole journal (each is
/// checked against its folded text, so fewer than the index alone could afford).
const NEWEST_WINDOW: usize = 100;

/// How many of the newest entries a query of only one- or two-character words reads (trigrams
/// cannot narrow those): the rest of the journal is found through matching contacts.
const SHORT_QUERY_SCAN: usize = 20_000;

/// How many of the newest matches `--rank` orders by relevance.
const RANK_POOL: usize = 2_000;

/// The entry conditions of a [`SearchFilter`]; parameters ?3 to ?6.
const FILTER_SQL: &str = "(?3 IS NULL OR e.kind = ?3)
    AND (?4 IS NULL OR e.occurred_ts >= ?4) AND (?5 IS NULL OR e.occurred_ts < ?5)
    AND (?6 IS NULL OR EXISTS (SELECT 1 FROM entry_contacts f
                                WHERE f.entry_id = e.id AND f.contact_id = ?6))";

/// The condition that the folded text of entry `e` matches the query in ?2.
const VERIFY_SQL: &str =
    "rapport_match((SELECT t.folded FROM entry_search_text t WHERE t.id = e.id), ?2)";

impl Store {
    /// Entries matching `query` (see [`crate::search_query`]), newest first; `contact` narrows to one
    /// contact's entries.
    pub fn search(&self, query: &str, contact: Option<Id>, limit: usize) -> Result<Vec<SearchHit>> {
        let filter = SearchFilter {
            contact,
            ..SearchFilter::default()
        };
        self.search_entries(query, &filter, limit)
    }

    /// Contacts, promises and entries matching `query`, each group at most `limit` long.
    pub fn search_all(
        &self,
        query: &str,
        filter: &SearchFilter,
        limit: usize,
    ) -> Result<SearchResults> {
        let parsed = Query::parse(query);
        if parsed.is_empty() {
            return Ok(SearchResults::default());
        }
        let (contacts, promises) = if filter.entries_only() {
            (Vec::new(), Vec::new())
        } else {
            (
                self.search_contacts(&parsed, query, filter.contact, limit)?,
                self.search_promises(query, filter.contact, limit)?,
            )
        };
        Ok(SearchResults {
            contacts,
            promises,
            entries: self.search_entries(query, filter, limit)?,
        })
    }

    /// Entries matching `query` under `filter`, newest (or, with `rank`, most relevant) first.
    pub fn search_entries(
        &self,
        query: &str,
        filter: &SearchFilter,
        limit: usize,
    ) -> Result<Vec<SearchHit>> {
        let parsed = Query::parse(query);
        if parsed.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let ids = if filter.rank {
            let pool = self.matching_entries(&parsed, query, filter, RANK_POOL.max(limit))?;
            let mut ranked = self.rank(&parsed, &pool)?;
            ranked.truncate(limit);
            ranked
        } else {
            self.matching_entries(&parsed, query, filter, limit)?
        };
        let terms = parsed.highlight_terms();
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

    /// The ids of the newest `limit` matching entries, newest first.
    fn matching_entries(
        &self,
        parsed: &Query,
        query: &str,
        filter: &SearchFilter,
        limit: usize,
    ) -> Result<Vec<Id>> {
        match parsed.trigram_filter() {
            Some(fts) if filter.contact.is_some() => {
                self.newest_matches_of(&fts, query, filter, limit)
            }
            Some(fts) => self.newest_matches(&fts, query, filter, limit, NEWEST_WINDOW),
            None => self.short_query_matches(parsed, query, filter, limit),
        }
    }
}

impl Store {
    /// The ids of the newest `limit` matches, newest first, without ordering every match by date.
    ///
    /// Entries are mostly written in the order they happen, so the matches with the highest ids (which
    /// the full-text index hands out cheaply, newest id first) are nearly the newest by date. Of the
    /// `window` highest-id matches, the `limit`-th newest date is a floor: the answer lies among
    /// matches at or after it. Those with a lower id (entries written later about earlier days, or
    /// dated ahead) are found through the date index, checking only entries in that date range that
    /// the window did not cover. With fewer than `window` matches, all of them are simply ordered.
    fn newest_matches(
        &self,
        fts: &str,
        query: &str,
        filter: &SearchFilter,
        limit: usize,
        window: usize,
    ) -> Result<Vec<Id>> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        // The floor needs `limit` matches from the window.
        let window = window.max(limit);
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT e.id, e.occurred_ts
               FROM entries_search m CROSS JOIN entries e ON e.id = m.rowid
              WHERE entries_search MATCH ?1 AND {FILTER_SQL} AND {VERIFY_SQL}
              ORDER BY m.rowid DESC LIMIT +?7"
        ))?;
        let window_sql = i64::try_from(window).unwrap_or(i64::MAX);
        let kind = filter.kind.map(Kind::as_str);
        let (since, until, contact) = (filter.since_ts, filter.until_ts, filter.contact);
        let mut found: Vec<(i64, Id)> = stmt
            .query_map(
                params![fts, query, kind, since, until, contact, window_sql],
                |r| Ok((r.get(1)?, r.get(0)?)),
            )?
            .collect::<rusqlite::Result<_>>()?;
        let newest_first = |found: &mut Vec<(i64, Id)>| {
            found.sort_unstable_by(|a, b| b.cmp(a));
            found.truncate(limit);
        };
        if found.len() == window {
            let lowest_id = found.iter().map(|(_, id)| *id).min().unwrap_or(Id::MIN);
            newest_first(&mut found);
            let floor = found.last().map_or(i64::MIN, |(ts, _)| *ts);
            let mut later = self.conn.prepare_cached(&format!(
                "SELECT e.occurred_ts, e.id FROM entries e INDEXED BY entries_occurred
                  WHERE e.occurred_ts >= ?7 AND e.id < ?8 AND {FILTER_SQL}
                    AND EXISTS (SELECT 1 FROM entries_search
                                 WHERE entries_search MATCH ?1 AND entries_search.rowid = e.id)
                    AND {VERIFY_SQL}"
            ))?;
            let missed = later
                .query_map(
                    params![fts, query, kind, since, until, contact, floor, lowest_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?
                .collect::<rusqlite::Result<Vec<(i64, Id)>>>()?;
            found.extend(missed);
        }
        newest_first(&mut found);
        Ok(found.into_iter().map(|(_, id)| id).collect())
    }

    /// The ids of one contact's newest `limit` matches, newest first: that contact's entries are few
    /// enough to order by date directly.
    fn newest_matches_of(
        &self,
        fts: &str,
        query: &str,
        filter: &SearchFilter,
        limit: usize,
    ) -> Result<Vec<Id>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT e.id FROM entry_contacts ec INDEXED BY entry_contacts_history
               JOIN entries e ON e.id = ec.entry_id
              WHERE ec.contact_id = ?6 AND {FILTER_SQL}
                AND e.id IN (SELECT rowid FROM entries_search WHERE entries_search MATCH ?1)
                AND {VERIFY_SQL}
              ORDER BY ec.occurred_ts DESC, ec.entry_id DESC LIMIT +?7"
        ))?;
        let kind = filter.kind.map(Kind::as_str);
        let ids = stmt
            .query_map(
                params![
                    fts,
                    query,
                    kind,
                    filter.since_ts,
                    filter.until_ts,
                    filter.contact,
                    limit
                ],
                |r| r.get::<_, Id>(0),
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(ids)
    }

    /// Matches of a query with a word too short for trigrams (`渡辺`, `KI`): the newest
    /// [`SHORT_QUERY_SCAN`] entries are read, and, further back, the entries of the contacts whose
    /// name, company or role matches.
    fn short_query_matches(
        &self,
        parsed: &Query,
        query: &str,
        filter: &SearchFilter,
        limit: usize,
    ) -> Result<Vec<Id>> {
        let kind = filter.kind.map(Kind::as_str);
        let (since, until, contact) = (filter.since_ts, filter.until_ts, filter.contact);
        let as_sql = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT e.occurred_ts, e.id
               FROM (SELECT id FROM entries INDEXED BY entries_occurred
                      ORDER BY occurred_ts DESC, id DESC LIMIT +?1) s
               JOIN entries e ON e.id = s.id
              WHERE {FILTER_SQL} AND {VERIFY_SQL}
              LIMIT +?7"
        ))?;
        let mut found: Vec<(i64, Id)> = stmt
            .query_map(
                params![
                    as_sql(SHORT_QUERY_SCAN),
                    query,
                    kind,
                    since,
                    until,
                    contact,
                    as_sql(limit)
                ],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?
            .collect::<rusqlite::Result<_>>()?;
        let people = self.search_contacts(parsed, query, contact, 50)?;
        let mut of_person = self.conn.prepare_cached(&format!(
            "SELECT e.occurred_ts, e.id FROM entry_contacts ec INDEXED BY entry_contacts_history
               JOIN entries e ON e.id = ec.entry_id
              WHERE ec.contact_id = ?1 AND {FILTER_SQL} AND {VERIFY_SQL}
              ORDER BY ec.occurred_ts DESC, ec.entry_id DESC LIMIT +?7"
        ))?;
        for person in people {
            let rows = of_person
                .query_map(
                    params![person.id, query, kind, since, until, contact, as_sql(limit)],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?
                .collect::<rusqlite::Result<Vec<(i64, Id)>>>()?;
            found.extend(rows);
        }
        found.sort_unstable_by(|a, b| b.cmp(a));
        found.dedup();
        found.truncate(limit);
        Ok(found.into_iter().map(|(_, id)| id).collect())
    }

    /// Orders matching entries by BM25 over their folded text (term counts inside words), the newer
    /// first among equals.
    fn rank(&self, parsed: &Query, ids: &[Id]) -> Result<Vec<Id>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT folded FROM entry_search_text WHERE id = ?1")?;
        let mut texts = Vec::with_capacity(ids.len());
        for id in ids {
            texts.push(stmt.query_row([id], |r| r.get::<_, String>(0))?);
        }
        let total: f64 = self
            .conn
            .query_row("SELECT n FROM entry_total", [], |r| r.get::<_, i64>(0))?
            as f64;
        let scores = bm25(&parsed.highlight_terms(), &texts, total.max(1.0));
        let mut order: Vec<usize> = (0..ids.len()).collect();
        // `ids` are newest first: a stable sort keeps that among equal scores.
        order.sort_by(|a, b| scores[*b].total_cmp(&scores[*a]));
        Ok(order.into_iter().map(|i| ids[i]).collect())
    }

    /// Contacts whose name, company, role, email, notes or interests match, by name.
    fn search_contacts(
        &self,
        parsed: &Query,
        query: &str,
        contact: Option<Id>,
        limit: usize,
    ) -> Result<Vec<ContactHit>> {
        let fts = parsed.trigram_filter();
        let (from, narrowed) = indexed("contacts_search", "c", fts.is_some());
        let sql = format!(
            "SELECT c.id, c.name, c.company, c.role, c.email, c.notes,
                    (SELECT group_concat(t.tag, ', ') FROM contact_tags t WHERE t.contact_id = c.id)
               FROM {from}
              WHERE {} AND {narrowed}
                AND rapport_match((SELECT t.folded FROM contact_search_text t WHERE t.id = c.id), ?2)
              ORDER BY c.name_fold, c.id LIMIT +?3",
            super::one_contact_or_all("c.id", 1, contact)
        );
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let terms = parsed.highlight_terms();
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![contact, query, limit, fts], |r| {
            let fields: Vec<Option<String>> =
                (1..7).map(|i| r.get(i)).collect::<rusqlite::Result<_>>()?;
            Ok((r.get::<_, Id>(0)?, fields))
        })?;
        let mut hits = Vec::new();
        for row in rows {
            let (id, fields) = row?;
            let snippet = fields
                .iter()
                .flatten()
                .find_map(|f| snippet(f, &terms, SNIPPET_WORDS))
                .unwrap_or_default();
            let mut fields = fields.into_iter();
            hits.push(ContactHit {
                id,
                name: fields.next().flatten().unwrap_or_default(),
                company: fields.next().flatten(),
                role: fields.next().flatten(),
                snippet,
            });
        }
        Ok(hits)
    }
}

impl Store {
    /// Every contact's interests, joined by spaces (for the contact list's filter).
    pub fn contact_interests(&self) -> Result<std::collections::HashMap<Id, String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT contact_id, group_concat(tag, ' ') FROM contact_tags GROUP BY contact_id",
        )?;
        let map = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(map)
    }
}

/// The FROM clause and condition that narrow `alias`'s table to the candidates of a trigram index
/// (its MATCH query in ?4), or read the whole table when the query has no trigrams (?4 is NULL).
pub(super) fn indexed(index: &str, alias: &str, narrow: bool) -> (String, String) {
    let table = match index {
        "contacts_search" => "contacts",
        _ => "promises",
    };
    if narrow {
        (
            format!("{index} s CROSS JOIN {table} {alias} ON {alias}.id = s.rowid"),
            format!("{index} MATCH ?4"),
        )
    } else {
        (format!("{table} {alias}"), "?4 IS NULL".to_string())
    }
}

/// BM25 (k1 1.2, b 0.75) of each folded text for the terms, counting occurrences inside words;
/// `total` is the number of entries in the journal.
fn bm25(terms: &[String], texts: &[String], total: f64) -> Vec<f64> {
    let lengths: Vec<f64> = texts.iter().map(|t| t.chars().count() as f64).collect();
    let average = (lengths.iter().sum::<f64>() / lengths.len().max(1) as f64).max(1.0);
    let mut scores = vec![0.0; texts.len()];
    for term in terms {
        let counts: Vec<f64> = texts
            .iter()
            .map(|t| t.matches(term.as_str()).count() as f64)
            .collect();
        let containing = counts.iter().filter(|c| **c > 0.0).count() as f64;
        let idf = ((total - containing + 0.5) / (containing + 0.5) + 1.0).ln();
        for (i, tf) in counts.iter().enumerate() {
            let norm = 1.2 * (0.25 + 0.75 * lengths[i] / average);
            scores[i] += idf * tf * 2.2 / (tf + norm);
        }
    }
    scores
}

#[cfg(test)]
mod tests {
    use super::{Id, SearchFilter, Store};
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
                let got = store
                    .newest_matches(
                        "(\"alp\" AND \"lph\" AND \"pha\")",
                        "alpha",
                        &SearchFilter::default(),
                        limit,
                        window,
                    )
                    .unwrap();
                assert_eq!(got, want, "limit {limit}, window {window}");
            }
        }
    }
}
