//! `rapport inbox …` (the proposals found in the user's own mail and calendar) and `rapport contact
//! query` (the address book for mail clients).

use super::args::{InboxArgs, InboxCommand};
use super::output::{Cell, Table};
use super::{Context, UsageError, output, parse_id, print_json};
use crate::domain::model::Id;
use crate::i18n::{t, tr};
use crate::inbox::{NewPerson, Proposal};
use crate::store::{PersonRow, ProposalRow, SavedProposals, SeenMark, Store, source_word};
use crate::text::sanitize_line;
use serde_json::json;
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

/// The most of a piped message that is read: its headers come first, the rest is passed over.
const PIPED_LIMIT: u64 = 1 << 20;

/// What the scan's rules need to know about the journal.
pub struct Known<'a> {
    /// The journal, for what earlier scans have read ([`Store::inbox_seen`], [`Store::inbox_mbox_offset`]).
    pub store: &'a Store,
    /// Every email of every contact, with the contacts that have it.
    pub emails: &'a HashMap<String, Vec<Id>>,
    /// The senders never to propose: `ignore` of [inbox] and those of `inbox ignore-sender`.
    pub ignore: &'a [String],
    /// Today, for "past events only" and the 90 days of frequent correspondents.
    pub today: chrono::NaiveDate,
}

/// What reading the sources found.
#[derive(Debug, Default)]
pub struct Found {
    /// The touches to propose.
    pub proposals: Vec<Proposal>,
    /// What was read, so that the next scan skips it.
    pub seen: Vec<SeenMark>,
    /// Messages or files that could not be read (broken, huge or binary).
    pub skipped: usize,
    /// Frequent correspondents who are no contact.
    pub new_people: Vec<NewPerson>,
}

/// Reading mail and calendars and applying the matching rules: the inbox core (`src/inbox/`) behind one
/// seam, so that the commands here stay the same whatever reads the sources.
pub trait Reader {
    /// Reads what is new in the configured sources and proposes touches.
    fn scan(&self, known: &Known<'_>) -> anyhow::Result<Found>;
    /// Reads one message (its bytes as a mail client piped them) and proposes its touch.
    fn piped(&self, message: &[u8], known: &Known<'_>) -> anyhow::Result<Found>;
}

/// The reader of this build: the inbox core on the `[inbox]` sources. A scan without sources says
/// how to name them; a piped message needs none.
fn core_reader(ctx: &Context, scanning: bool) -> anyhow::Result<Box<dyn Reader>> {
    if scanning && !ctx.config.inbox.has_sources() {
        return Err(UsageError(t("inbox.no_sources").to_string()).into());
    }
    Ok(Box::new(super::inbox_reader::CoreReader {
        settings: ctx.config.inbox.clone(),
        clock: ctx.clock,
    }))
}

/// Runs `rapport inbox …`.
pub(super) fn run(args: InboxArgs, ctx: &Context) -> anyhow::Result<()> {
    match args.command {
        None => list(args.json, ctx),
        Some(InboxCommand::Scan) => scan(core_reader(ctx, true)?.as_ref(), ctx),
        Some(InboxCommand::Add { eml }) => add(core_reader(ctx, false)?.as_ref(), &eml, ctx),
        Some(InboxCommand::Accept { ids, all }) => accept(&ids, all, ctx),
        Some(InboxCommand::Ignore { ids }) => ignore(&ids, ctx),
        Some(InboxCommand::IgnoreSender { address }) => ignore_sender(&address, ctx),
        Some(InboxCommand::People { json }) => people(json, ctx),
        Some(InboxCommand::AddPerson { email }) => add_person(&email, ctx),
    }
}

/// Reads the sources through `reader`, saves the proposals and what was read, prints the counts.
pub fn scan(reader: &dyn Reader, ctx: &Context) -> anyhow::Result<()> {
    let mut store = ctx.open_store()?;
    let found = with_known(&store, ctx, |known| reader.scan(known))?;
    save_and_report(&mut store, &found, ctx)
}

/// Proposes the touch of one message from a file or stdin (`-`).
pub fn add(reader: &dyn Reader, file: &Path, ctx: &Context) -> anyhow::Result<()> {
    let message = read_message(file)?;
    let mut store = ctx.open_store()?;
    let found = with_known(&store, ctx, |known| reader.piped(&message, known))?;
    save_and_report(&mut store, &found, ctx)
}

fn with_known(
    store: &Store,
    ctx: &Context,
    read: impl FnOnce(&Known<'_>) -> anyhow::Result<Found>,
) -> anyhow::Result<Found> {
    let emails = store.email_contacts()?;
    let ignore = store.ignored_senders()?;
    read(&Known {
        store,
        emails: &emails,
        ignore: &ignore,
        today: ctx.today(),
    })
}

/// The first [`PIPED_LIMIT`] bytes of a message; the rest is read and dropped, so that the mail client
/// piping it is not cut off.
fn read_message(file: &Path) -> anyhow::Result<Vec<u8>> {
    let shown = || sanitize_line(&file.display().to_string());
    let mut input: Box<dyn Read> = if file.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(file).map_err(|e| {
            anyhow::anyhow!(tr("inbox.unreadable", &[("path", &shown()), ("error", &e)]))
        })?)
    };
    let mut message = Vec::new();
    let read = (&mut input)
        .take(PIPED_LIMIT)
        .read_to_end(&mut message)
        .and_then(|_| std::io::copy(&mut input, &mut std::io::sink()));
    read.map_err(|e| {
        anyhow::anyhow!(tr("inbox.unreadable", &[("path", &shown()), ("error", &e)]))
    })?;
    Ok(message)
}

fn save_and_report(store: &mut Store, found: &Found, ctx: &Context) -> anyhow::Result<()> {
    let since = ctx.today() - chrono::Duration::days(crate::inbox::rules::NEW_PERSON_DAYS);
    let saved: SavedProposals =
        store.save_scan(&found.proposals, &found.new_people, &found.seen, since)?;
    let open = store.open_proposal_count()?;
    let mut out = tr(
        "inbox.scanned",
        &[
            ("new", &saved.new),
            ("known", &saved.known),
            ("ignored", &saved.ignored),
            ("skipped", &found.skipped),
        ],
    );
    out.push('\n');
    out.push_str(&tr("inbox.to_confirm", &[("n", &open)]));
    out.push('\n');
    // The most frequent correspondents first, at most a screenful; the rest as a count.
    let people = store.open_people(ctx.today())?;
    for person in people.iter().take(NEW_PEOPLE_SHOWN) {
        let name = person.name.as_deref().unwrap_or_default();
        out.push_str(&sanitize_line(&tr(
            "inbox.new_person",
            &[
                ("name", &name),
                ("email", &person.email),
                ("n", &person.threads),
            ],
        )));
        out.push('\n');
    }
    if people.len() > NEW_PEOPLE_SHOWN {
        let more = people.len() - NEW_PEOPLE_SHOWN;
        out.push_str(&tr("inbox.more_new_people", &[("n", &more)]));
        out.push('\n');
    }
    if !people.is_empty() {
        out.push_str(t("inbox.people_hint"));
        out.push('\n');
    }
    output::emit(&out)?;
    Ok(())
}

/// How many frequent correspondents a scan names; the rest are counted.
const NEW_PEOPLE_SHOWN: usize = 10;

/// Lists the open proposals (oldest first), as a table or as the JSON array of the README.
fn list(json: bool, ctx: &Context) -> anyhow::Result<()> {
    let store = ctx.open_store()?;
    let rows = store.open_proposals()?;
    if json {
        return print_json(&rows.iter().map(proposal_json).collect::<Vec<_>>());
    }
    let people = store.open_people(ctx.today())?;
    if rows.is_empty() && people.is_empty() {
        output::emit(&format!("{}\n", t("inbox.empty")))?;
        return Ok(());
    }
    if !rows.is_empty() {
        output::emit(&proposal_table(&rows).render(&ctx.painter))?;
    }
    if !people.is_empty() {
        let heading = ctx
            .painter
            .paint(t("inbox.new_people"), output::Tone::Strong);
        output::emit(&format!("\n{heading}\n"))?;
        output::emit(&people_table(&people).render(&ctx.painter))?;
    }
    Ok(())
}

/// The open proposals as a table.
fn proposal_table(rows: &[ProposalRow]) -> Table {
    let mut table = Table::new(&[
        t("column.id"),
        t("column.when"),
        t("column.kind"),
        t("column.contact"),
        t("column.title"),
    ]);
    for row in rows {
        let names: Vec<&str> = row.contacts.iter().map(|(_, n)| n.as_str()).collect();
        table.row(vec![
            format!("#{}", row.id).into(),
            row.occurred_at.format("%Y-%m-%d %H:%M").to_string().into(),
            Cell::new(crate::display::kind_word(row.kind)),
            names.join(", ").into(),
            row.title.clone().unwrap_or_default().into(),
        ]);
    }
    table
}

/// The people proposed as new contacts as a table.
fn people_table(people: &[PersonRow]) -> Table {
    let mut table = Table::new(&[
        t("column.email"),
        t("column.name"),
        t("column.threads"),
        t("column.last_seen"),
    ]);
    for person in people {
        table.row(vec![
            person.email.clone().into(),
            person.name.clone().unwrap_or_default().into(),
            person.threads.to_string().into(),
            person.last_seen.format("%Y-%m-%d").to_string().into(),
        ]);
    }
    table
}

/// `rapport inbox people [--json]`: the frequent correspondents who are no contact.
fn people(json: bool, ctx: &Context) -> anyhow::Result<()> {
    let people = ctx.open_store()?.open_people(ctx.today())?;
    if json {
        let list: Vec<serde_json::Value> = people
            .iter()
            .map(|p| {
                json!({
                    "email": p.email,
                    "name": p.name,
                    "threads": p.threads,
                    "last_seen": crate::store::format_instant(&p.last_seen),
                })
            })
            .collect();
        return print_json(&list);
    }
    if people.is_empty() {
        output::emit(&format!("{}\n", t("inbox.no_people")))?;
        return Ok(());
    }
    output::emit(&people_table(&people).render(&ctx.painter))?;
    Ok(())
}

/// `rapport inbox add-person EMAIL`: the contact, with the touches the scans kept proposed.
fn add_person(email: &str, ctx: &Context) -> anyhow::Result<()> {
    let mut store = ctx.open_store()?;
    let added = store.add_person(email, ctx.now())?;
    let (contact, _) = store.contact(added.contact)?;
    output::emit(&format!(
        "{}\n",
        sanitize_line(&tr(
            "inbox.person_added",
            &[
                ("name", &contact.name),
                ("email", &contact.email.unwrap_or_default()),
                ("id", &added.contact),
                ("n", &added.proposed),
            ]
        ))
    ))?;
    Ok(())
}

fn proposal_json(row: &ProposalRow) -> serde_json::Value {
    json!({
        "id": row.id,
        "contacts": row.contacts.iter().map(|(id, name)| json!({"id": id, "name": name})).collect::<Vec<_>>(),
        "kind": row.kind.as_str(),
        "occurred_at": crate::store::format_instant(&row.occurred_at),
        "title": row.title,
        "initiative": row.initiative.map(|i| i.as_str()),
        "source": source_word(row.source),
    })
}

fn ids(texts: &[String]) -> anyhow::Result<Vec<Id>> {
    texts.iter().map(|text| parse_id(text)).collect()
}

/// Accepts the proposals named (or all): each becomes an entry, in one transaction.
fn accept(texts: &[String], all: bool, ctx: &Context) -> anyhow::Result<()> {
    let ids = ids(texts)?;
    let mut store = ctx.open_store()?;
    let entries = if all {
        store.accept_all_proposals()?
    } else {
        store.accept_proposals(&ids)?
    };
    let list: Vec<String> = entries.iter().map(|id| format!("#{id}")).collect();
    output::emit(&format!(
        "{}\n",
        tr(
            "inbox.accepted",
            &[("n", &entries.len()), ("entries", &list.join(", "))]
        )
    ))?;
    Ok(())
}

/// Ignores the proposals named.
fn ignore(texts: &[String], ctx: &Context) -> anyhow::Result<()> {
    let ids = ids(texts)?;
    ctx.open_store()?.ignore_proposals(&ids)?;
    output::emit(&format!("{}\n", tr("inbox.ignored", &[("n", &ids.len())])))?;
    Ok(())
}

/// Never proposes touches with this address again; hides the open ones.
fn ignore_sender(address: &str, ctx: &Context) -> anyhow::Result<()> {
    let pattern = address.trim();
    if pattern.is_empty() {
        return Err(UsageError(t("inbox.empty_sender").to_string()).into());
    }
    let hidden = ctx.open_store()?.ignore_sender(pattern)?;
    output::emit(&format!(
        "{}\n",
        sanitize_line(&tr(
            "inbox.sender_ignored",
            &[("pattern", &pattern.to_lowercase()), ("n", &hidden)]
        ))
    ))?;
    Ok(())
}

/// `rapport contact query STRING`: a first line of free text, then `email<TAB>name<TAB>company` for
/// every email of each contact that matches, as mutt's `query_command` and aerc's `address-book-cmd` read.
pub(super) fn query(text: &str, ctx: &Context) -> anyhow::Result<()> {
    let lines = ctx.open_store()?.address_book(text)?;
    let mut out = tr("inbox.query_found", &[("n", &lines.len())]);
    out.push('\n');
    for line in &lines {
        let company = line.company.as_deref().unwrap_or_default();
        let fields = [line.email.as_str(), line.name.as_str(), company];
        let fields: Vec<String> = fields.iter().map(|f| sanitize_line(f)).collect();
        out.push_str(&fields.join("\t"));
        out.push('\n');
    }
    output::emit(&out)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{Contact, Initiative, Kind};
    use crate::inbox::Source;
    use std::cell::RefCell;

    /// Proposes one touch with contact 1 for whatever it reads, and keeps what it was given.
    #[derive(Default)]
    struct Fake {
        piped: RefCell<Vec<usize>>,
        ignore: RefCell<Vec<String>>,
    }

    impl Fake {
        fn found(&self, known: &Known<'_>, source: Source) -> Found {
            *self.ignore.borrow_mut() = known.ignore.to_vec();
            let contacts = known.emails["anna@example.org"].clone();
            let at = chrono::DateTime::parse_from_rfc3339("2026-11-20T10:00:00+01:00").unwrap();
            Found {
                proposals: vec![Proposal {
                    key: "k".into(),
                    contacts,
                    kind: Kind::Email,
                    occurred_at: at,
                    title: Some("Angebot".into()),
                    initiative: Initiative::Me,
                    source,
                    origins: vec!["1.x.host".into()],
                }],
                seen: vec![SeenMark {
                    source,
                    origin: "1.x.host".into(),
                    position: None,
                }],
                skipped: 1,
                new_people: Vec::new(),
            }
        }
    }

    impl Reader for Fake {
        fn scan(&self, known: &Known<'_>) -> anyhow::Result<Found> {
            Ok(self.found(known, Source::Maildir))
        }
        fn piped(&self, message: &[u8], known: &Known<'_>) -> anyhow::Result<Found> {
            self.piped.borrow_mut().push(message.len());
            Ok(self.found(known, Source::Piped))
        }
    }

    fn context(dir: &Path) -> Context {
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-27T10:00:00+01:00").unwrap();
        Context {
            paths: crate::paths::Paths {
                database: dir.join("rapport.db"),
                config: dir.join("config.toml"),
            },
            config: crate::config::Config::default(),
            clock: crate::clock::Clock::fixed(now),
            painter: super::super::output::Painter::detect(false, None),
        }
    }

    #[test]
    fn a_rescan_and_a_piped_copy_propose_the_message_once() {
        let dir = tempfile::tempdir().unwrap();
        let ctx = context(dir.path());
        let mut store = ctx.open_store().unwrap();
        let mut anna = Contact::new("Anna", ctx.now());
        anna.email = Some("Anna@Example.org".into());
        store.add_contact(&anna).unwrap();
        store.ignore_sender("noreply@*").unwrap();
        drop(store);
        let fake = Fake::default();
        scan(&fake, &ctx).unwrap();
        scan(&fake, &ctx).unwrap();
        assert_eq!(*fake.ignore.borrow(), ["noreply@*"]);
        // A message bigger than the limit: its head is read, the rest passed over.
        let file = dir.path().join("big.eml");
        std::fs::write(&file, vec![b'x'; 3 << 20]).unwrap();
        add(&fake, &file, &ctx).unwrap();
        assert_eq!(*fake.piped.borrow(), [1 << 20]);
        let store = ctx.open_store().unwrap();
        assert_eq!(store.open_proposals().unwrap().len(), 1);
        assert!(store.inbox_has_seen(Source::Maildir, "1.x.host").unwrap());
        assert!(store.inbox_has_seen(Source::Piped, "1.x.host").unwrap());
        let missing = add(&fake, &dir.path().join("none.eml"), &ctx).unwrap_err();
        assert!(missing.to_string().contains("none.eml"), "{missing}");
    }
}
