//! `rapport sync [--dry-run] [--json]` and `rapport sync status [--json]`.

use super::args::{SyncArgs, SyncCommand};
use super::{Context, output, print_json};
use crate::i18n::{t, tr};
use crate::store::SyncKind;
use crate::sync::dav::Dav;
use crate::sync::engine::{self, Options, Report};
use crate::text::sanitize_line;
use serde_json::json;

/// Runs `rapport sync …`.
pub(super) fn run(args: &SyncArgs, ctx: &Context) -> anyhow::Result<()> {
    match &args.command {
        Some(SyncCommand::Status { json }) => status(*json, ctx),
        Some(SyncCommand::Notes { json }) => notes(*json, ctx),
        Some(SyncCommand::Assign { note, contact }) => assign(note, contact, ctx),
        None => sync(args.dry_run, args.json, ctx),
    }
}

/// One sync: pull, merge, push; the summary line (or the report as JSON).
fn sync(dry_run: bool, json: bool, ctx: &Context) -> anyhow::Result<()> {
    let (settings, password) = ctx.config.sync.settings_and_password()?;
    let mut store = ctx.open_store()?;
    let dav = Dav::connect(&settings, &password)?;
    let options = Options {
        dry_run,
        clock: ctx.clock,
    };
    let report = engine::run(&mut store, &dav, &settings, options)?;
    if json {
        return print_json(&report);
    }
    output::emit(&format!("{}\n", report.line()))?;
    for line in detail_lines(&report) {
        eprintln!("{line}");
    }
    let waiting = store.unassigned_journal_count()?;
    if waiting > 0 {
        eprintln!("{}", tr("sync.notes_need_contact", &[("n", &waiting)]));
    }
    Ok(())
}

/// One line for each record that had a conflict or could not be taken.
fn detail_lines(report: &Report) -> Vec<String> {
    report
        .details
        .iter()
        .filter(|d| d.action == "failed" || (d.action == "merged" && d.message.is_some()))
        .map(|d| {
            let what = sanitize_line(d.summary.as_deref().unwrap_or(&d.uid));
            let message = sanitize_line(d.message.as_deref().unwrap_or_default());
            let key = if d.action == "failed" {
                "sync.record_failed"
            } else {
                "sync.record_conflict"
            };
            tr(
                key,
                &[
                    ("kind", &t(record_word(d.kind))),
                    ("record", &what),
                    ("message", &message),
                ],
            )
        })
        .collect()
}

/// The last sync, the collections and what waits to be sent.
fn status(json: bool, ctx: &Context) -> anyhow::Result<()> {
    let store = ctx.open_store()?;
    let configured = ctx.config.sync.is_configured();
    let last = store.last_sync()?;
    let kinds = [SyncKind::Contact, SyncKind::Entry, SyncKind::Promise];
    let mut rows = Vec::new();
    for kind in kinds {
        let collection = store.sync_collection(kind)?;
        let pending = store.pending_sync(kind)?;
        rows.push((kind, collection, pending));
    }
    let conflicts = store.sync_conflicts(None)?;
    let waiting = store.unassigned_journal_count()?;
    if json {
        let kinds: serde_json::Map<String, serde_json::Value> = rows
            .iter()
            .map(|(kind, collection, pending)| {
                let value = json!({
                    "collection": collection.as_ref().map(|c| &c.href),
                    "sync_token": collection.as_ref().is_some_and(|c| c.sync_token.is_some()),
                    "listed_at": collection.as_ref().and_then(|c| c.listing.listed_at.as_ref()).map(crate::store::format_instant),
                    "skips_unchanged": collection.as_ref().is_some_and(|c| c.listing.tracks == Some(true)),
                    "new": pending.new, "changed": pending.changed, "deleted": pending.deleted,
                });
                (kind.as_str().to_string(), value)
            })
            .collect();
        return print_json(&json!({
            "configured": configured,
            "last_sync": last.as_ref().map(|l| json!({"at": crate::store::format_instant(&l.at), "summary": l.summary})),
            "kinds": kinds,
            "conflicts": conflicts.len(),
            "conflict_history": conflicts.iter().map(|c| json!({
                "kind": c.kind.as_str(), "uid": c.uid, "id": c.local, "field": c.conflict.field,
                "local": c.conflict.local, "remote": c.conflict.remote,
                "at": crate::store::format_instant(&c.at),
            })).collect::<Vec<_>>(),
            "notes_need_contact": waiting,
        }));
    }
    let mut out = String::new();
    if !configured {
        out.push_str(&format!("{}\n", t("sync.not_configured")));
    }
    out.push_str(&match &last {
        Some(l) => tr(
            "sync.status_last",
            &[
                ("at", &l.at.format("%Y-%m-%d %H:%M")),
                ("summary", &l.summary),
            ],
        ),
        None => t("sync.status_never").to_string(),
    });
    out.push('\n');
    for (kind, collection, pending) in &rows {
        let href = collection.as_ref().map_or_else(
            || t("sync.status_no_collection").to_string(),
            |c| sanitize_line(&c.href),
        );
        out.push_str(&tr(
            "sync.status_kind",
            &[
                ("kind", &t(kind_key(*kind))),
                ("collection", &href),
                ("new", &pending.new),
                ("changed", &pending.changed),
                ("deleted", &pending.deleted),
            ],
        ));
        out.push('\n');
    }
    if !conflicts.is_empty() {
        let n = conflicts.len();
        out.push_str(&format!("{}\n", tr("sync.status_conflicts", &[("n", &n)])));
        for c in conflicts.iter().rev().take(CONFLICTS_SHOWN) {
            out.push_str(&conflict_line(&store, c));
            out.push('\n');
        }
    }
    if waiting > 0 {
        out.push_str(&format!(
            "{}\n",
            tr("sync.notes_need_contact", &[("n", &waiting)])
        ));
    }
    output::emit(&out)?;
    Ok(())
}

/// `rapport sync notes`: the notes from other devices that wait for a contact.
fn notes(json: bool, ctx: &Context) -> anyhow::Result<()> {
    let store = ctx.open_store()?;
    let waiting = crate::sync::notes::waiting(&store, ctx.clock)?;
    if json {
        let list: Vec<_> = waiting
            .iter()
            .map(|n| json!({"uid": n.uid, "fields": n.fields}))
            .collect();
        return print_json(&list);
    }
    if waiting.is_empty() {
        eprintln!("{}", t("sync.no_notes"));
        return Ok(());
    }
    let mut out = String::new();
    for note in &waiting {
        let field = |k: &str| note.fields.get(k).map(String::as_str).unwrap_or_default();
        let when = field("occurred_at")
            .get(..10)
            .unwrap_or_default()
            .to_string();
        let first = field("body").lines().next().unwrap_or_default().to_string();
        out.push_str(&format!(
            "{}  {when}  {}\n    {}\n",
            sanitize_line(note.uid.get(..8).unwrap_or(&note.uid)),
            sanitize_line(field("title")),
            sanitize_line(&first)
        ));
    }
    output::emit(&out)?;
    Ok(())
}

/// `rapport sync assign NOTE CONTACT`: the note becomes an entry about the contact.
fn assign(note: &str, contact: &str, ctx: &Context) -> anyhow::Result<()> {
    let mut store = ctx.open_store()?;
    let contact = ctx.resolve(&store, contact)?;
    let id = crate::sync::notes::assign(&mut store, note, contact.id, ctx.clock)?;
    output::emit(&format!("{id}\n"))?;
    Ok(())
}

/// How many of the newest conflicts `sync status` lists.
const CONFLICTS_SHOWN: usize = 10;

/// "2026-11-30 contact Anna Müller · phone: kept +49 222, the server had +49 111".
fn conflict_line(store: &crate::store::Store, c: &crate::store::SyncConflict) -> String {
    let record = match (c.kind, c.local) {
        (SyncKind::Contact, Some(id)) => store.contact(id).map(|(c, _)| c.name).ok(),
        (SyncKind::Promise, Some(id)) => store.promise(id).map(|p| p.promise.text).ok(),
        (SyncKind::Entry, Some(id)) => store.entry(id).ok().and_then(|e| e.entry.title),
        _ => None,
    }
    .unwrap_or_else(|| c.uid.clone());
    let none = || "–".to_string();
    tr(
        "sync.status_conflict",
        &[
            ("at", &c.at.format("%Y-%m-%d")),
            ("kind", &t(record_word(c.kind.as_str()))),
            ("record", &sanitize_line(&record)),
            ("field", &engine::field_label(&c.conflict.field)),
            (
                "local",
                &sanitize_line(&c.conflict.local.clone().unwrap_or_else(none)),
            ),
            (
                "remote",
                &sanitize_line(&c.conflict.remote.clone().unwrap_or_else(none)),
            ),
        ],
    )
}

/// The catalogue key of the word for one record of a kind (`contact`, `promise`, `entry`).
fn record_word(kind: &str) -> &'static str {
    match kind {
        "contact" => "sync.record_contact",
        "promise" => "sync.record_promise",
        _ => "sync.record_entry",
    }
}

/// The catalogue key of a kind's name.
fn kind_key(kind: SyncKind) -> &'static str {
    match kind {
        SyncKind::Contact => "sync.addressbook",
        SyncKind::Entry => "sync.journal",
        SyncKind::Promise => "sync.tasks",
    }
}
