//! `rapport export` and `rapport import`.

use super::UsageError;
use super::address_books;
use super::args::{ExportArgs, ExportFormat, ImportArgs, ImportFormat};
use super::jrnl_tags::{Named, TagResolver};
use super::{Context, output};
use crate::domain::model::{Entry, Kind, Signals};
use crate::i18n::{t, tr};
use crate::store::ForeignEntry;
use crate::transfer::contact_import::{ContactImport, CurrentJobs, JobChange};
use crate::transfer::csv_rows::CsvError;
use crate::transfer::jrnl_time::{ConfigError, TimeFormats};
use crate::transfer::lines::{Counted, LineError};
use crate::transfer::{charset, ics, jrnl, json, linkedin, markdown, vcard};
use anyhow::Context as _;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::io::{BufReader, BufWriter, IsTerminal, Read, Write};

/// Runs `export`: to `--output` (a private file, written to a temporary file first, then renamed) or
/// stdout.
pub fn export(args: &ExportArgs, ctx: &Context) -> anyhow::Result<()> {
    let store = ctx.open_store()?;
    let contact = ctx.contact_filter(&store, args.contact.as_deref())?;
    let defaults = ctx.config.cadence_defaults();
    let write = |out: &mut dyn Write| -> anyhow::Result<()> {
        let mut out = out;
        match args.format {
            ExportFormat::Json => json::export(&store, contact, &ctx.now(), &mut out),
            ExportFormat::Markdown => match contact {
                Some(id) => markdown::briefing(&store, id, &defaults, ctx.today(), &mut out),
                None => markdown::journal(&store, &mut out),
            },
            ExportFormat::Ics => {
                out.write_all(ics::export(&store, &defaults, ctx.now(), contact)?.as_bytes())?;
                Ok(())
            }
            ExportFormat::Vcard => {
                let contacts = store.contacts_to_export(contact)?;
                let cards = store.all_card_properties()?;
                out.write_all(vcard::export(&contacts, &cards).as_bytes())?;
                Ok(())
            }
        }
    };
    match &args.output {
        // Private like a backup, and renamed into place, so a failed export never leaves half a file.
        Some(path) => crate::store::write_private_file(path, write)
            .with_context(|| tr("error.cannot_write", &[("path", &path.display())])),
        None => {
            let stdout = std::io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            write(&mut out)?;
            out.flush()?;
            Ok(())
        }
    }
}

/// Runs `import`: every format is checked whole and written in one transaction, so a refused file
/// changes nothing. Every format is read as a stream and written as it is read, with a progress bar
/// by bytes read.
pub fn import(args: &ImportArgs, ctx: &Context) -> anyhow::Result<()> {
    let shown = args.file.display().to_string();
    let summary = match address_books::format_of(args)? {
        ImportFormat::Json => import_json(&args.file, &shown, (args.dry_run, args.merge), ctx)?,
        ImportFormat::Vcard if args.file.is_dir() => address_books::import_folder(args, ctx)?,
        ImportFormat::Vcard => {
            let (file, size) = open_import(&args.file, &shown)?;
            let (file, read) = Counted::new(file);
            let text = charset::utf8_stream(BufReader::new(file))
                .with_context(|| tr("error.cannot_read", &[("path", &shown)]))?;
            let reader = vcard::CardReader::new(text);
            let nameless = reader.nameless();
            let cards = reader.map(|card| card.map_err(|e| vcard_failed(e, &shown)));
            let summary = import_cards(cards, (size, &read), args.dry_run, None, ctx)?;
            with_nameless(summary, &nameless.borrow())
        }
        ImportFormat::Linkedin => {
            let (mut file, size) = open_import(&args.file, &shown)?;
            let jobs = linkedin_jobs(&mut file, &shown)?;
            let (file, read) = Counted::new(file);
            let failed = |e| csv_failed(e, &shown);
            let mut rows = linkedin::connections(BufReader::new(file)).map_err(failed)?;
            let cards = rows
                .by_ref()
                .map(|row| row.map(|c| linkedin::to_card(&c)).map_err(failed));
            let summary = import_cards(cards, (size, &read), args.dry_run, Some(jobs), ctx)?;
            match rows.nameless() {
                (0, _) => summary,
                (n, lines) => format!("{summary}\n{}", nameless_rows(n, &lines)),
            }
        }
        format @ (ImportFormat::Google | ImportFormat::Outlook) => {
            address_books::import_csv(format, args, ctx)?
        }
        ImportFormat::Jrnl => import_jrnl(&shown, args, ctx)?,
    };
    output::emit(&format!("{summary}\n"))?;
    Ok(())
}

/// How new a LinkedIn export's jobs are: its newest `Connected On`, read in a first pass over a
/// regular file, which is then rewound. A pipe cannot be read twice and is not dated.
fn linkedin_jobs(file: &mut std::fs::File, shown: &str) -> anyhow::Result<CurrentJobs> {
    use std::io::Seek;
    if !file.metadata().is_ok_and(|m| m.is_file()) {
        return Ok(CurrentJobs::default());
    }
    let as_of = linkedin::newest_connection(BufReader::new(&mut *file))
        .map_err(|e| csv_failed(e, shown))?;
    file.rewind().map_err(|e| cannot_read(e, shown))?;
    Ok(CurrentJobs { as_of })
}

/// A vCard file's error as one line naming the file.
pub(super) fn vcard_failed(e: vcard::VcardError, shown: &str) -> anyhow::Error {
    match e {
        vcard::VcardError::Read(LineError::Io(e)) => cannot_read(e, shown),
        e => anyhow::anyhow!("{shown}: {e}"),
    }
}

/// A CSV file's error as one line naming the file (and the line, for bytes that are not UTF-8).
pub(super) fn csv_failed(e: CsvError, shown: &str) -> anyhow::Error {
    match e {
        CsvError::Read(LineError::Io(e)) => cannot_read(e, shown),
        CsvError::NotUtf8 { line } => anyhow::anyhow!(tr(
            "error.not_utf8_line",
            &[("path", &shown), ("line", &line)]
        )),
        e => anyhow::anyhow!("{shown}: {e}"),
    }
}

/// The summary of a vCard import, with the cards skipped for having no name on a line of its own:
/// "skipped 1 card without a name (line 7: only a phone number)", the first ten named.
fn with_nameless(summary: String, nameless: &[vcard::Nameless]) -> String {
    match nameless_note(nameless) {
        Some(note) => format!("{summary}\n{note}"),
        None => summary,
    }
}

/// "skipped 1 card without a name (line 7: only a phone number)", the first ten named; `None` when
/// no card was skipped.
pub(super) fn nameless_note(nameless: &[vcard::Nameless]) -> Option<String> {
    const SHOWN: usize = 10;
    if nameless.is_empty() {
        return None;
    }
    let mut lines: Vec<String> = nameless
        .iter()
        .take(SHOWN)
        .map(|card| {
            let key = if card.phone {
                "import.nameless_phone"
            } else {
                "import.nameless_empty"
            };
            tr(key, &[("line", &card.line)])
        })
        .collect();
    if nameless.len() > SHOWN {
        lines.push("…".to_string());
    }
    let n = nameless.len();
    let lines = tr(
        "import.row_lines",
        &[("n", &n), ("list", &lines.join(", "))],
    );
    Some(tr("import.nameless_cards", &[("n", &n), ("lines", &lines)]))
}

/// Opens a file to import, with its size for the progress bar (0 when it has none, as a pipe).
pub(super) fn open_import(
    path: &std::path::Path,
    shown: &str,
) -> anyhow::Result<(std::fs::File, usize)> {
    let file =
        std::fs::File::open(path).with_context(|| tr("error.cannot_read", &[("path", &shown)]))?;
    let size = file.metadata().map_or(0, |m| m.len());
    Ok((file, usize::try_from(size).unwrap_or(usize::MAX)))
}

/// "skipped 3 rows without a name (lines 6, 8, 9)": `lines` are the first of the `n` rows.
pub(super) fn nameless_rows(n: usize, lines: &[usize]) -> String {
    let mut list = lines
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    if n > lines.len() {
        list.push_str(", …");
    }
    let lines = tr("import.row_lines", &[("n", &n), ("list", &list)]);
    tr("import.nameless_rows", &[("n", &n), ("lines", &lines)])
}

/// "2 new jobs: Anjula Batra now Head of Sales at Brightwave Ltd; …", `None` when there were none.
fn job_changes(import: &ContactImport) -> Option<String> {
    let (n, first) = import.job_changes();
    if n == 0 {
        return None;
    }
    let one = |c: &JobChange| {
        let [name, role, company] = [Some(&c.name), c.role.as_ref(), c.company.as_ref()].map(|v| {
            v.map(|v| crate::text::sanitize_line(v).trim().to_string())
                .filter(|v| !v.is_empty())
        });
        let name = name.unwrap_or_default();
        match (role, company) {
            (Some(role), Some(company)) => tr(
                "import.job_change",
                &[("name", &name), ("role", &role), ("company", &company)],
            ),
            (Some(role), None) => tr(
                "import.job_change_role",
                &[("name", &name), ("role", &role)],
            ),
            (None, company) => tr(
                "import.job_change_company",
                &[("name", &name), ("company", &company.unwrap_or_default())],
            ),
        }
    };
    let mut list = first.iter().map(one).collect::<Vec<_>>().join("; ");
    if n > first.len() {
        list.push_str("; …");
    }
    Some(tr("import.job_changes", &[("n", &n), ("list", &list)]))
}

pub(super) fn cannot_read(e: std::io::Error, shown: &str) -> anyhow::Error {
    anyhow::Error::new(e).context(tr("error.cannot_read", &[("path", &shown)]))
}

fn progress_bar(label: &str, total: usize) -> output::Progress {
    output::Progress::new(label, total, std::io::stderr().is_terminal())
}

/// Streams a rapport export into the journal: the file is read once, record by record, with a
/// progress bar by bytes read.
fn import_json(
    path: &std::path::Path,
    shown: &str,
    (dry_run, merge): (bool, bool),
    ctx: &Context,
) -> anyhow::Result<String> {
    let file =
        std::fs::File::open(path).with_context(|| tr("error.cannot_read", &[("path", &shown)]))?;
    let size = file.metadata().map_or(0, |m| m.len());
    let mut store = ctx.open_store()?;
    let mut bar = progress_bar(
        t("import.progress"),
        usize::try_from(size).unwrap_or(usize::MAX),
    )
    .in_bytes();
    let counts = json::import_into(file, &mut store, (dry_run, merge), |read| {
        bar.update(usize::try_from(read).unwrap_or(usize::MAX));
    });
    bar.finish();
    let counts = counts.map_err(|e| match e {
        json::ImportError::Format(e) => anyhow::anyhow!("{shown}: {e}"),
        json::ImportError::Store(e) => anyhow::Error::new(e).context(shown.to_string()),
        json::ImportError::Read(e) => {
            anyhow::Error::new(e).context(tr("error.cannot_read", &[("path", &shown)]))
        }
        json::ImportError::NotUtf8(offset) => anyhow::anyhow!(tr(
            "error.not_utf8",
            &[("path", &shown), ("offset", &offset)]
        )),
        // The same export twice would double the journal: into one that holds data only with --merge.
        json::ImportError::NotEmpty => {
            UsageError(tr("import.not_empty", &[("path", &shown)])).into()
        }
    })?;
    let key = match (dry_run, merge) {
        (true, false) => "import.dry_run",
        (false, false) => "import.done",
        (true, true) => "import.merged_dry_run",
        (false, true) => "import.merged",
    };
    Ok(tr(
        key,
        &[
            ("contacts", &counts.contacts),
            ("entries", &counts.entries),
            ("links", &counts.links),
            ("promises", &counts.promises),
            ("already", &counts.already),
        ],
    ))
}

/// Adds or updates contacts from an address book as its cards are read, matching people already in
/// the journal (and people named twice in the file) so that importing it again changes nothing. All
/// in one transaction; `size` and `read` (the file's size and the bytes read so far) drive the bar.
/// With `current_jobs` (LinkedIn) a person found by their profile gets the file's company and role
/// unless theirs came from a newer export, and the summary names them.
pub(super) fn import_cards(
    cards: impl Iterator<Item = anyhow::Result<vcard::Card>>,
    (size, read): (usize, &Cell<u64>),
    dry_run: bool,
    current_jobs: Option<CurrentJobs>,
    ctx: &Context,
) -> anyhow::Result<String> {
    let mut store = ctx.open_store()?;
    let mut session = store.begin_address_book_import()?;
    let mut import = ContactImport::new(session.last_known(), ctx.now());
    if let Some(jobs) = current_jobs {
        import = import.with_current_jobs(jobs);
    }
    let mut bar = progress_bar(t("import.progress"), size).in_bytes();
    let apply = || -> anyhow::Result<()> {
        for card in cards {
            import.card(&mut session, &card?)?;
            bar.update(usize::try_from(read.get()).unwrap_or(usize::MAX));
        }
        Ok(())
    };
    let applied = apply();
    bar.finish();
    applied?;
    let counts = import.counts();
    let lookalikes = if counts.created > 0 {
        super::merge::import_note(&session.duplicate_people()?, session.last_known())
    } else {
        None
    };
    session.finish(dry_run)?;
    let key = if dry_run {
        "import.contacts_dry_run"
    } else {
        "import.contacts_done"
    };
    let summary = tr(
        key,
        &[
            ("created", &counts.created),
            ("updated", &counts.updated),
            ("skipped", &counts.skipped),
        ],
    );
    Ok([Some(summary), job_changes(&import), lookalikes]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("\n"))
}

/// The first 20 unknown tags (in order) with how often each came, and whether there were more: kept
/// to that, so that a file full of different tags takes no more memory.
#[derive(Default)]
struct UnknownTags {
    first: BTreeMap<String, usize>,
    more: bool,
}

impl UnknownTags {
    const SHOWN: usize = 20;

    fn add(&mut self, tag: &str) {
        *self.first.entry(tag.to_string()).or_default() += 1;
        if self.first.len() > Self::SHOWN {
            // Twenty tags sort before it: it can never be among the first twenty.
            self.first.pop_last();
            self.more = true;
        }
    }

    /// Says which tags matched nobody, on stderr; after `--create-contacts` (`created`) they are the
    /// tags that cannot name a contact (`@1`).
    fn report(&self, created: bool) {
        if self.first.is_empty() {
            return;
        }
        let list = self
            .first
            .iter()
            .map(|(tag, n)| format!("@{tag} ({n})"))
            .collect::<Vec<_>>()
            .join(", ");
        let more = if self.more { ", …" } else { "" };
        eprintln!(
            "rapport: {}",
            tr(
                if created {
                    "import.unnamable_tags"
                } else {
                    "import.unknown_tags"
                },
                &[("tags", &format!("{list}{more}"))]
            )
        );
    }
}

/// The entry a jrnl entry becomes, linked to the contacts its tags name (new ones with
/// `--create-contacts`); `None` when it names nobody.
fn foreign_entry(
    e: jrnl::JrnlEntry,
    tags: &mut TagResolver,
    unknown: &mut UnknownTags,
    ctx: &Context,
) -> anyhow::Result<Option<ForeignEntry>> {
    let mut contacts = Vec::new();
    let mut new_contacts = Vec::new();
    for tag in &e.tags {
        match tags.named(tag) {
            Named::Contact(id) if !contacts.contains(&id) => contacts.push(id),
            Named::New(name) if !new_contacts.contains(&name) => new_contacts.push(name),
            Named::Nobody => unknown.add(tag),
            Named::Contact(_) | Named::New(_) | Named::Several => {}
        }
    }
    if contacts.is_empty() && new_contacts.is_empty() {
        return Ok(None);
    }
    let occurred_at = ctx
        .clock
        .place_forward(e.at)
        .map_err(|m| anyhow::anyhow!("line {}: {m}", e.line))?;
    let title = (!e.title.trim().is_empty()).then(|| e.title.trim().to_string());
    Ok(Some(ForeignEntry {
        entry: Entry {
            id: 0,
            occurred_at,
            kind: Kind::Note,
            title,
            body: e.body,
            contacts,
            mood: None,
            initiative: None,
            signals: Signals::default(),
        },
        new_contacts,
    }))
}

/// The time formats of the journal's headers: the common ones, and the `timeformat` of the user's
/// jrnl config when `--jrnl-config` names it.
fn jrnl_formats(config: Option<&std::path::Path>) -> anyhow::Result<TimeFormats> {
    let Some(path) = config else {
        return Ok(TimeFormats::default());
    };
    let shown = path.display().to_string();
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(1 << 20).read_to_string(&mut text))
        .map_err(|e| cannot_read(e, &shown))?;
    TimeFormats::from_config(&text).map_err(|ConfigError::BadFormat(format)| {
        anyhow::anyhow!(tr(
            "error.jrnl_timeformat",
            &[("path", &shown), ("format", &format)]
        ))
    })
}

/// Reads a jrnl journal as a stream and writes its entries as they come, in one transaction, with a
/// progress bar by bytes read.
fn import_jrnl(shown: &str, args: &ImportArgs, ctx: &Context) -> anyhow::Result<String> {
    let formats = jrnl_formats(args.jrnl_config.as_deref())?;
    let (file, size) = open_import(&args.file, shown)?;
    let (file, read) = Counted::new(file);
    let mut store = ctx.open_store()?;
    let mut tags = TagResolver::new(&store, args.create_contacts)?;
    let mut session = store.begin_foreign_import(ctx.now())?;
    let mut unknown = UnknownTags::default();
    let mut skipped = 0usize;
    let mut bar = progress_bar(t("import.progress"), size).in_bytes();
    let read_all = jrnl::read_entries(BufReader::new(file), &formats, |e| -> anyhow::Result<()> {
        match foreign_entry(e, &mut tags, &mut unknown, ctx)? {
            Some(item) => session.entry(&item)?,
            None => skipped += 1,
        }
        bar.update(usize::try_from(read.get()).unwrap_or(usize::MAX));
        Ok(())
    });
    bar.finish();
    let unread = read_all.map_err(|e| match e.downcast::<jrnl::JrnlError>() {
        Ok(jrnl::JrnlError::Read(LineError::Io(e))) => cannot_read(e, shown),
        Ok(jrnl::JrnlError::Encrypted) => {
            anyhow::anyhow!(tr("error.jrnl_encrypted", &[("path", &shown)]))
        }
        Ok(jrnl::JrnlError::Binary(offset)) => anyhow::anyhow!(tr(
            "error.jrnl_binary",
            &[("path", &shown), ("offset", &offset)]
        )),
        Ok(jrnl::JrnlError::NotUtf8(offset)) => anyhow::anyhow!(tr(
            "error.not_utf8",
            &[("path", &shown), ("offset", &offset)]
        )),
        Ok(e) => anyhow::anyhow!("{shown}: {e}"),
        Err(e) if e.downcast_ref::<crate::store::StoreError>().is_some() => e,
        Err(e) => anyhow::anyhow!("{shown}: {e}"),
    })?;
    let counts = session.finish(args.dry_run)?;
    unknown.report(args.create_contacts);
    Ok(super::jrnl_summary::summary(
        &counts,
        skipped,
        &unread,
        args.dry_run,
    ))
}
