//! The tools: each answers with the record the matching `--json` command prints (structured content)
//! and a short text, and leaves out every private contact.

use super::args::{
    self, AttentionArgs, ContactArgs, LogEntryArgs, MarkPromiseArgs, Outcome, PromisesArgs,
    SearchArgs,
};
use super::{Journal, Request, failed, refused};
use crate::domain::dates::Direction;
use crate::domain::model::{Id, Owner, PromiseStatus};
use crate::i18n::tr;
use crate::insight;
use crate::report::Hidden;
use crate::report::{self, log::LogRequest};
use crate::store::{SearchFilter, SearchResults};
use crate::text::sanitize_line;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{CallToolResult, ContentBlock};
use rmcp::{ErrorData, tool, tool_router};
use serde_json::{Value, json};

/// A result with `structured` as its structured content and `text` for the reader.
fn answer(text: String, structured: Value) -> CallToolResult {
    let mut result = CallToolResult::success(vec![ContentBlock::text(text)]);
    result.structured_content = Some(structured);
    result
}

#[tool_router(vis = "pub(crate)")]
impl Journal {
    /// The `due` list.
    #[tool(
        description = "Who needs attention: the contacts whose next touch is overdue or due soon, or who carry a warning (an overdue promise, a relationship cooling down, a single thread at a company), most urgent first, with the reasons in words. The structured result is {\"due\": [...]}, the rows of `rapport due --json`."
    )]
    pub fn who_needs_attention(
        &self,
        Parameters(a): Parameters<AttentionArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        let as_of = args::capped_opt("as_of", a.as_of.as_deref(), args::MAX_DATE)?;
        let limit = args::limit(a.limit, usize::MAX)?;
        self.with(|r| {
            let today = match as_of {
                Some(text) => r.clock.date(text, Direction::Future).map_err(refused)?,
                None => r.clock.today(),
            };
            let mut list = insight::neglect_list(r.store, &self.defaults, today, false)
                .map_err(|e| failed(e.into()))?;
            r.visible(today, &mut list)?;
            list.truncate(limit);
            let mut text = if list.is_empty() {
                crate::i18n::t("mcp.due_none").to_string()
            } else {
                tr("mcp.due_count", &[("n", &list.len())])
            };
            for c in &list {
                text.push_str(&format!(
                    "\n- #{} {}: {}",
                    c.contact.id,
                    sanitize_line(&c.contact.name),
                    sanitize_line(&crate::display::reasons(c, today).join("; "))
                ));
            }
            Ok(answer(text, json!({"due": report::due_records(&list)})))
        })
    }

    /// The Markdown briefing.
    #[tool(
        description = "Brief me on one contact before meeting them: a Markdown briefing with how to address them (etiquette), their interests, personal notes, open and broken promises both ways, the four pillar scores (trust, sympathy, competence, long-term) with their inputs, status, and the last entries. The same text as `rapport export --format markdown --contact …`."
    )]
    pub fn briefing(
        &self,
        Parameters(a): Parameters<ContactArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        self.with(|r| {
            let contact = args::contact(r.store, &a.contact, &r.hidden.contacts)?;
            let text = briefing_text(r, contact.id, &self.defaults)?;
            Ok(CallToolResult::success(vec![ContentBlock::text(text)]))
        })
    }

    /// Full-text search.
    #[tool(
        description = "Search the journal's contacts, promises and entries for words (parts of words match too). Results come with their ids and snippets, newest first; use an entry's or promise's id with the other tools. The structured result is the document of `rapport search --json --groups`: {\"contacts\": [...], \"promises\": [...], \"entries\": [...]}."
    )]
    pub fn search(
        &self,
        Parameters(a): Parameters<SearchArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        let query = args::capped("query", &a.query, args::MAX_QUERY)?;
        if query.trim().is_empty() {
            return Err(refused(crate::i18n::t("mcp.empty_query")));
        }
        let limit = args::limit(a.limit, 20)?;
        self.with(|r| {
            let contact = args::contact_filter(r.store, a.contact.as_deref(), &r.hidden.contacts)?;
            let filter = SearchFilter {
                contact,
                ..SearchFilter::default()
            };
            let results = visible_search(r, query, &filter, limit).map_err(|e| failed(e.into()))?;
            Ok(answer(search_text(&results), report::search_json(&results)))
        })
    }

    /// `contact show --json`.
    #[tool(
        description = "One contact whole: profile, status, cadence and flags, pillar scores with inputs, all promises, entry count, address card details and who introduced whom. The structured result is the document of `rapport contact show --json`."
    )]
    pub fn contact(
        &self,
        Parameters(a): Parameters<ContactArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        self.with(|r| {
            let contact = args::contact(r.store, &a.contact, &r.hidden.contacts)?;
            let today = r.clock.today();
            let health = insight::contact_health(r.store, contact.id, &self.defaults, today)
                .map_err(|e| failed(e.into()))?;
            let scores = insight::pillar_scores(r.store, &health.contact, &self.defaults, today)
                .map_err(|e| failed(e.into()))?;
            let mut document =
                report::contact::document(r.store, &health.contact, &health.health, &scores)
                    .map_err(failed)?;
            without_hidden_people(&mut document, &r.hidden);
            let text = tr(
                "mcp.contact_shown",
                &[
                    ("id", &contact.id),
                    ("name", &sanitize_line(&contact.name)),
                    ("status", &health.health.status.as_str()),
                ],
            );
            Ok(answer(text, document))
        })
    }

    /// Open promises, overdue first.
    #[tool(
        description = "The open promises, both mine and theirs, overdue first (by due date, undated last); optionally of one contact. The structured result is {\"promises\": [...]}, the rows of `rapport promise list --open --json`."
    )]
    pub fn promises(
        &self,
        Parameters(a): Parameters<PromisesArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        self.with(|r| {
            let contact = args::contact_filter(r.store, a.contact.as_deref(), &r.hidden.contacts)?;
            let mut rows = r
                .store
                .promises(contact, true)
                .map_err(|e| failed(e.into()))?;
            rows.retain(|row| !r.hidden.promise(&row.promise));
            let mut text = if rows.is_empty() {
                crate::i18n::t("mcp.promises_none").to_string()
            } else {
                tr("mcp.promises_count", &[("n", &rows.len())])
            };
            for row in &rows {
                let due = row.promise.due.map(crate::store::format_day);
                text.push_str(&format!(
                    "\n- #{} {} ({}{}): {}",
                    row.promise.id,
                    sanitize_line(&row.contact_name),
                    row.promise.owner.as_str(),
                    due.map(|d| format!(", due {d}")).unwrap_or_default(),
                    sanitize_line(&row.promise.text)
                ));
            }
            let records: Vec<Value> = rows.iter().map(report::promise_json).collect();
            Ok(answer(text, json!({"promises": records})))
        })
    }

    /// `rapport log`.
    #[tool(
        description = "Write a journal entry about a conversation or meeting with one or more contacts, with the promises made (mine and theirs) and their due dates. Only when the server runs with --allow-write. Returns the entry as written, with its id (as `rapport entry show --json`)."
    )]
    pub fn log_entry(
        &self,
        Parameters(a): Parameters<LogEntryArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        self.writable()?;
        let request = log_request(&a)?;
        self.with(|r| {
            let contacts = args::contacts(r.store, &a.contacts, &r.hidden.contacts)?;
            let request = LogRequest {
                contacts,
                ..request
            };
            let (entry, promises) = report::log::entry_of(request, &r.clock).map_err(refused)?;
            let store = &mut *r.store;
            let written = store
                .add_entry(&entry, &promises)
                .and_then(|id| Ok((store.entry(id)?, store.entry_promises(id)?)))
                .map_err(|e| failed(e.into()))?;
            let text = tr(
                "mcp.logged",
                &[("id", &written.0.entry.id), ("n", &written.1.len())],
            );
            Ok(answer(text, report::entry_json(&written.0, &written.1)))
        })
    }

    /// `rapport promise done|broken`.
    #[tool(
        description = "Mark a promise kept or broken (by its id from `promises` or `search`). Only when the server runs with --allow-write. Returns the promise as it now stands."
    )]
    pub fn mark_promise(
        &self,
        Parameters(a): Parameters<MarkPromiseArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        self.writable()?;
        let id = args::promise_id(&a.id)?;
        let status = match a.status {
            Outcome::Kept => PromiseStatus::Kept,
            Outcome::Broken => PromiseStatus::Broken,
        };
        self.with(|r| {
            let unknown = || refused(tr("mcp.unknown_promise", &[("id", &id)]));
            let row = r.store.promise(id).map_err(|_| unknown())?;
            if r.hidden.promise(&row.promise) {
                return Err(unknown());
            }
            let now = r.clock.now;
            r.store
                .set_promise_status(id, status, &now)
                .map_err(|e| failed(e.into()))?;
            let row = r.store.promise(id).map_err(|e| failed(e.into()))?;
            let text = tr(
                "mcp.marked",
                &[("id", &id), ("status", &row.promise.status.as_str())],
            );
            Ok(answer(text, report::promise_json(&row)))
        })
    }
}

/// The words of a `log_entry` call, sizes checked, contacts not yet resolved.
fn log_request(a: &LogEntryArgs) -> Result<LogRequest, ErrorData> {
    use args::{MAX_BODY, MAX_DATE, MAX_TITLE, capped, capped_opt};
    let owned = |t: Option<&str>| t.map(str::to_string);
    let mut promises = Vec::new();
    for (owner, text, due, field) in [
        (Owner::Me, &a.my_promise, &a.my_promise_due, "my_promise"),
        (
            Owner::Them,
            &a.their_promise,
            &a.their_promise_due,
            "their_promise",
        ),
    ] {
        let due = capped_opt(&format!("{field}_due"), due.as_deref(), MAX_DATE)?;
        match capped_opt(field, text.as_deref(), MAX_BODY)? {
            Some(text) => promises.push((owner, text.to_string(), owned(due))),
            None if due.is_some() => {
                return Err(refused(crate::i18n::t("error.due_without_promise")));
            }
            None => {}
        }
    }
    Ok(LogRequest {
        contacts: Vec::new(),
        kind: owned(capped_opt("kind", a.kind.as_deref(), MAX_TITLE)?),
        when: owned(capped_opt("when", a.when.as_deref(), MAX_DATE)?),
        title: owned(capped_opt("title", a.title.as_deref(), MAX_TITLE)?),
        body: capped("body", &a.body, MAX_BODY)?.to_string(),
        mood: a.mood,
        initiative: owned(capped_opt(
            "initiative",
            a.initiative.as_deref(),
            MAX_TITLE,
        )?),
        signals: crate::domain::model::Signals::default(),
        promises,
    })
}

/// The Markdown briefing of `contact` with entries involving hidden contacts left out.
pub(crate) fn briefing_text(
    r: &Request<'_>,
    contact: Id,
    defaults: &crate::domain::rules::CadenceDefaults,
) -> Result<String, ErrorData> {
    let mut out = Vec::new();
    crate::transfer::markdown::briefing_without(
        r.store,
        contact,
        defaults,
        r.clock.today(),
        &r.hidden,
        &mut out,
    )
    .map_err(failed)?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// Search results without the hidden contacts, entries and promises.
/// Up to `limit` hits per group once the hidden ones are left out: while a group came back full
/// and lost hits to private contacts, the search asks for more (four times as many each time, up to
/// the whole group).
fn visible_search(
    r: &Request<'_>,
    query: &str,
    filter: &SearchFilter,
    limit: usize,
) -> Result<SearchResults, crate::store::StoreError> {
    let mut asked = limit;
    loop {
        let mut results = r.store.search_all(query, filter, asked)?;
        let full = [
            results.contacts.len(),
            results.promises.len(),
            results.entries.len(),
        ]
        .map(|n| n >= asked);
        without_hidden(&mut results, &r.hidden);
        let short = [
            results.contacts.len(),
            results.promises.len(),
            results.entries.len(),
        ]
        .map(|n| n < limit);
        if !(0..3).any(|g| full[g] && short[g]) {
            results.contacts.truncate(limit);
            results.promises.truncate(limit);
            results.entries.truncate(limit);
            return Ok(results);
        }
        asked = asked.saturating_mul(4);
    }
}

fn without_hidden(results: &mut SearchResults, hidden: &Hidden) {
    results.contacts.retain(|h| !hidden.contact(h.id));
    results.promises.retain(|p| !hidden.promise(&p.promise));
    results.entries.retain(|h| !hidden.entry(&h.row.entry));
}

/// A `contact show` document without hidden people in its introductions and without the promises
/// made in hidden entries.
fn without_hidden_people(document: &mut Value, hidden: &Hidden) {
    let is_hidden = |person: &Value| person["id"].as_i64().is_some_and(|id| hidden.contact(id));
    if let Some(list) = document["promises"].as_array_mut() {
        list.retain(|p| {
            !p["entry"]
                .as_i64()
                .is_some_and(|e| hidden.entries.contains(&e))
        });
    }
    if is_hidden(&document["introduced_by"]) {
        document["introduced_by"] = Value::Null;
    }
    if let Some(list) = document["introduced"].as_array_mut() {
        list.retain(|p| !is_hidden(p));
    }
}

/// "2 contacts, 1 promise, 5 entries match." and a line for each result with its id and snippet.
fn search_text(results: &SearchResults) -> String {
    let mut text = tr(
        "mcp.search_count",
        &[
            ("contacts", &results.contacts.len()),
            ("promises", &results.promises.len()),
            ("entries", &results.entries.len()),
        ],
    );
    let plain = |marked: &str| sanitize_line(&report::plain_and_matches(marked).0);
    for h in &results.contacts {
        text.push_str(&format!(
            "\n- contact #{} {}: {}",
            h.id,
            sanitize_line(&h.name),
            plain(&h.snippet)
        ));
    }
    for p in &results.promises {
        text.push_str(&format!(
            "\n- promise #{} {}: {}",
            p.promise.id,
            sanitize_line(&p.contact_name),
            sanitize_line(&p.promise.text)
        ));
    }
    for h in &results.entries {
        let e = &h.row.entry;
        text.push_str(&format!(
            "\n- entry #{} {} {}: {}",
            e.id,
            crate::store::format_day(e.occurred_at.date_naive()),
            sanitize_line(&crate::display::contact_names(&h.row)),
            plain(&h.snippet)
        ));
    }
    text
}
