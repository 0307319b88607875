//! The command line's grammar (SPEC §5), declared with clap.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// rapport — a terminal journal for the business relationships you want to keep.
#[derive(Debug, Parser)]
#[command(name = "rapport", version, about, long_about = None, disable_help_subcommand = true)]
pub struct Cli {
    /// Database file (default: $RAPPORT_DB, else the data directory; see `rapport paths`)
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// What to do; without a command the full-screen journal opens
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Every command.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the journal in weekly-review mode
    Review,
    /// Open the journal on a generated demo database (your data is untouched)
    Demo,
    /// Add, list, show, edit, archive contacts
    #[command(subcommand)]
    Contact(ContactCommand),
    /// List, show, edit and merge companies
    #[command(subcommand)]
    Company(CompanyCommand),
    /// Write a journal entry about one or more contacts; prints the new entry's id
    Log(LogArgs),
    /// List promises, mark them kept or broken, edit, reopen or delete them
    #[command(subcommand)]
    Promise(PromiseCommand),
    /// Show, edit or delete one entry
    #[command(subcommand)]
    Entry(EntryCommand),
    /// Who needs attention, most urgent first
    Due(DueArgs),
    /// Search contacts, promises and entries (parts of words too), newest first
    Search(SearchArgs),
    /// The newest entries: of the whole journal, or of one contact
    Entries(EntriesArgs),
    /// Write the journal to a file or stdout
    Export(ExportArgs),
    /// Read a file into the journal
    Import(ImportArgs),
    /// Erase a contact and everything only about them, for good (GDPR erasure)
    Forget {
        /// Id, name, or unique name prefix
        name: String,
        /// Do not ask first
        #[arg(long)]
        yes: bool,
    },
    /// Encrypt the database with a passphrase (asked on the terminal, or from $RAPPORT_PASSPHRASE_FILE or passphrase_command)
    Encrypt {
        /// Do not ask first
        #[arg(long)]
        yes: bool,
    },
    /// Turn an encrypted database back into a plain one
    Decrypt,
    /// Sync contacts, promises and (with entries = true) entries with the DAV server of [sync]
    Sync(SyncArgs),
    /// Touches found in your mail and calendar, waiting to be confirmed
    Inbox(InboxArgs),
    /// Answer an assistant over the Model Context Protocol on stdin/stdout (read-only unless --allow-write)
    Mcp {
        /// Let the assistant log entries and mark promises kept or broken
        #[arg(long)]
        allow_write: bool,
    },
    /// Write a consistent copy of the database (while the app may be running)
    Backup {
        /// Where to write it (default: backups/ beside the database)
        file: Option<PathBuf>,
    },
    /// Show where the database and the config live
    Paths,
    /// Print a shell completion script
    Completions {
        /// bash, zsh, fish, elvish or powershell
        shell: clap_complete::Shell,
    },
}

/// `rapport contact …`
#[derive(Debug, Subcommand)]
pub enum ContactCommand {
    /// Add a contact; prints its id
    Add {
        /// Full name
        name: String,
        #[command(flatten)]
        fields: ContactFields,
    },
    /// List contacts
    List {
        /// Machine-readable output
        #[arg(long)]
        json: bool,
        /// Include archived contacts
        #[arg(long)]
        archived: bool,
    },
    /// Show everything about one contact
    Show {
        /// Id (12 or #12), name, or unique name prefix
        name: String,
        /// Machine-readable output
        #[arg(long)]
        json: bool,
    },
    /// Change a contact's fields (an empty value clears a field)
    Edit {
        /// Id (12 or #12), name, or unique name prefix
        name: String,
        /// New name
        #[arg(long = "name", value_name = "NAME")]
        new_name: Option<String>,
        #[command(flatten)]
        fields: ContactFields,
    },
    /// Archive a contact: kept, but never due
    Archive {
        /// Id, name, or unique name prefix
        name: String,
    },
    /// Bring an archived contact back
    Unarchive {
        /// Id, name, or unique name prefix
        name: String,
    },
    /// List pairs of contacts that are likely one person, most likely first
    Duplicates {
        /// Machine-readable output
        #[arg(long)]
        json: bool,
    },
    /// Every email of the contacts matching STRING, for mutt's query_command and aerc's address-book-cmd
    Query {
        /// Part of a name, company or email
        query: String,
    },
    /// Merge OTHER into KEEP: entries, promises, tags, notes, emails and phones move; OTHER is deleted
    Merge {
        /// The contact that stays: id, name, or unique name prefix
        keep: String,
        /// The contact merged into it and deleted
        other: String,
        /// Do not ask first
        #[arg(long)]
        yes: bool,
    },
}

/// `rapport sync [status]`
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SyncArgs {
    /// What else to do than sync
    #[command(subcommand)]
    pub command: Option<SyncCommand>,
    /// Check and count, change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Machine-readable output
    #[arg(long)]
    pub json: bool,
}

/// `rapport sync status`
#[derive(Debug, Subcommand)]
pub enum SyncCommand {
    /// The last sync, the collections and the changes waiting to be sent
    Status {
        /// Machine-readable output
        #[arg(long)]
        json: bool,
    },
    /// Notes from other devices that name no contact here
    Notes {
        /// Machine-readable output
        #[arg(long)]
        json: bool,
    },
    /// Make a note from another device an entry about a contact
    Assign {
        /// The note: its id from `sync notes` (a unique beginning is enough)
        note: String,
        /// Id, name, or unique name prefix
        contact: String,
    },
}

/// `rapport inbox [--json]` and its subcommands
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct InboxArgs {
    /// What else to do than list the proposals
    #[command(subcommand)]
    pub command: Option<InboxCommand>,
    /// Machine-readable output
    #[arg(long)]
    pub json: bool,
}

/// `rapport inbox …`
#[derive(Debug, Subcommand)]
pub enum InboxCommand {
    /// Read new mail and past meetings from the sources of [inbox] and propose touches
    Scan,
    /// Accept proposals: each becomes an entry
    Accept {
        /// Proposal ids (12 or #12)
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        ids: Vec<String>,
        /// Accept every open proposal
        #[arg(long)]
        all: bool,
    },
    /// Ignore proposals: they are never proposed again
    Ignore {
        /// Proposal ids (12 or #12)
        #[arg(required = true)]
        ids: Vec<String>,
    },
    /// List the frequent correspondents who are no contact (3 threads or more in 90 days)
    People {
        /// Machine-readable output
        #[arg(long)]
        json: bool,
    },
    /// Add a frequent correspondent as a contact and propose the touches with them
    AddPerson {
        /// Their address, as `inbox people` lists it
        email: String,
    },
    /// Never propose touches with this address (a glob: noreply@*, *@newsletter.*)
    IgnoreSender {
        /// The address or pattern
        address: String,
    },
    /// Propose the touch of one message (for a mail client's pipe)
    Add {
        /// The message file; `-` reads it from stdin
        #[arg(long, value_name = "FILE")]
        eml: PathBuf,
    },
}

/// `rapport company …`
#[derive(Debug, Subcommand)]
pub enum CompanyCommand {
    /// List companies with how many people work there
    List {
        /// Machine-readable output
        #[arg(long)]
        json: bool,
    },
    /// Show a company: its people and their status, the last touch, open promises, recent entries
    Show {
        /// Id, name, or a unique part of the name
        name: String,
        /// Machine-readable output
        #[arg(long)]
        json: bool,
    },
    /// Change a company's name, website, notes, tags or key-account mark (an empty value clears)
    Edit {
        /// Id, name, or a unique part of the name
        name: String,
        /// New name (its people's company follows)
        #[arg(long = "name", value_name = "NAME")]
        new_name: Option<String>,
        /// Web address
        #[arg(long)]
        website: Option<String>,
        /// Notes about the account
        #[arg(long, value_name = "TEXT")]
        notes: Option<String>,
        /// Tag (repeat for several; replaces the list)
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// Mark as key account: yes or no
        #[arg(long, value_name = "yes|no")]
        key_account: Option<String>,
    },
    /// Merge OTHER into KEEP: its people, tags and notes move; OTHER is deleted
    Merge {
        /// The company that stays
        keep: String,
        /// The company merged into it and deleted
        other: String,
        /// Do not ask first
        #[arg(long)]
        yes: bool,
    },
}

/// The optional fields of `contact add` and `contact edit`.
#[derive(Debug, Args, Default)]
pub struct ContactFields {
    /// Company
    #[arg(long)]
    pub company: Option<String>,
    /// Role or position
    #[arg(long)]
    pub role: Option<String>,
    /// Email address
    #[arg(long)]
    pub email: Option<String>,
    /// Phone number
    #[arg(long)]
    pub phone: Option<String>,
    /// Shared interest (repeat for several; on edit, replaces the list)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Importance: A, B, C or ambient (never due)
    #[arg(long, value_name = "A|B|C|ambient")]
    pub tier: Option<String>,
    /// Keep-in-touch cadence: 14, 14d, 2w, 3m, 1y (`default` on edit: back to the tier's)
    #[arg(long, value_name = "DUR")]
    pub cadence: Option<String>,
    /// du or sie
    #[arg(long, value_name = "du|sie")]
    pub address_form: Option<String>,
    /// How to greet them, e.g. "Frau Dr. Weber"
    #[arg(long)]
    pub salutation: Option<String>,
    /// Birthday: a date, or day and month without a year (14.07., --07-14)
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub birthday: Option<String>,
    /// Relationship since: a date, a month (2019-03, März 2019) or a year
    #[arg(long, value_name = "DATE")]
    pub met_on: Option<String>,
    /// Personal notes: family, preferences
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Who introduced them: id, name or unique name prefix of another contact (empty: nobody)
    #[arg(long, value_name = "NAME")]
    pub introduced_by: Option<String>,
    /// Private, never named or returned to assistants (the MCP server): yes or no
    #[arg(long, value_name = "yes|no")]
    pub private: Option<String>,
}

/// `rapport log …`
#[derive(Debug, Args)]
pub struct LogArgs {
    /// Contact(s), comma-separated: ids, names or unique prefixes
    pub contacts: String,
    /// meeting, call, video, email, message, event or note
    #[arg(long, default_value = "meeting")]
    pub kind: String,
    /// When it happened (default: now): 2026-11-20 14:30, yesterday, friday, 3d ago, gestern …
    #[arg(long, value_name = "DATE")]
    pub at: Option<String>,
    /// One-line title
    #[arg(long)]
    pub title: Option<String>,
    /// The partner's mood, -2 to +2
    #[arg(long, allow_negative_numbers = true, value_parser = clap::value_parser!(i8).range(-2..=2))]
    pub mood: Option<i8>,
    /// Who took the initiative: me, them or mutual
    #[arg(long, value_name = "me|them|mutual")]
    pub initiative: Option<String>,
    /// Something I promised (repeatable; a following --due sets its due date)
    #[arg(long = "promise", value_name = "TEXT")]
    pub promises: Vec<String>,
    /// Something they promised (repeatable; a following --due sets its due date)
    #[arg(long = "their-promise", value_name = "TEXT")]
    pub their_promises: Vec<String>,
    /// Due date of the promise before it: 2026-12-01, friday, in 2w, morgen …
    #[arg(long = "due", value_name = "DATE")]
    pub dues: Vec<String>,
    /// Pillar signals, e.g. trust=+1,sympathy=-1 (trust, sympathy, competence, longterm)
    #[arg(long, value_name = "LIST")]
    pub signals: Option<String>,
    /// The text; `-` reads it from stdin
    pub body: Option<String>,
}

/// `rapport promise …`
#[derive(Debug, Subcommand)]
pub enum PromiseCommand {
    /// List promises, open and overdue first
    List {
        /// Only open promises
        #[arg(long)]
        open: bool,
        /// Only promises to or from this contact
        #[arg(long, value_name = "NAME")]
        contact: Option<String>,
        /// Machine-readable output
        #[arg(long)]
        json: bool,
    },
    /// Mark a promise kept
    Done {
        /// Promise id
        id: String,
    },
    /// Mark a promise broken
    Broken {
        /// Promise id
        id: String,
    },
    /// Change a promise's text or due date (only what is given)
    Edit {
        /// Promise id
        id: String,
        /// New text
        #[arg(long)]
        text: Option<String>,
        /// New due date: 2026-12-01, friday, in 2w, morgen … (an empty value clears it)
        #[arg(long, value_name = "DATE")]
        due: Option<String>,
    },
    /// Open a kept or broken promise again
    Reopen {
        /// Promise id
        id: String,
    },
    /// Delete a promise for good (asks first)
    Delete {
        /// Promise id
        id: String,
        /// Do not ask first
        #[arg(long)]
        yes: bool,
    },
}

/// `rapport entry …`
#[derive(Debug, Subcommand)]
pub enum EntryCommand {
    /// Show one entry with its promises
    Show {
        /// Entry id (12 or #12)
        id: String,
        /// Machine-readable output
        #[arg(long)]
        json: bool,
    },
    /// Change an entry: only the options given change
    Edit(EntryEditArgs),
    /// Delete an entry for good (asks first)
    Delete {
        /// Entry id (12 or #12)
        id: String,
        /// Delete the entry's promises too
        #[arg(long, conflicts_with = "keep_promises")]
        with_promises: bool,
        /// Keep the entry's promises (detached from it)
        #[arg(long)]
        keep_promises: bool,
        /// Do not ask first
        #[arg(long)]
        yes: bool,
    },
}

/// `rapport entry edit …`: the options of `log`, each optional; an empty value clears a field.
#[derive(Debug, Args)]
pub struct EntryEditArgs {
    /// Entry id (12 or #12)
    pub id: String,
    /// New contact(s), comma-separated: ids, names or unique prefixes (replaces the list)
    #[arg(long, value_name = "NAMES")]
    pub contacts: Option<String>,
    /// meeting, call, video, email, message, event or note
    #[arg(long)]
    pub kind: Option<String>,
    /// When it happened: 2026-11-20 14:30, yesterday, friday, 3d ago, gestern …
    #[arg(long, value_name = "DATE")]
    pub at: Option<String>,
    /// One-line title (an empty value clears it)
    #[arg(long)]
    pub title: Option<String>,
    /// The partner's mood, -2 to +2 (an empty value clears it)
    #[arg(long, allow_negative_numbers = true)]
    pub mood: Option<String>,
    /// Who took the initiative: me, them or mutual (an empty value clears it)
    #[arg(long, value_name = "me|them|mutual")]
    pub initiative: Option<String>,
    /// Pillar signals to set, e.g. trust=+1,sympathy=-1 (an empty value clears all)
    #[arg(long, value_name = "LIST")]
    pub signals: Option<String>,
    /// The new text; `-` reads it from stdin
    pub body: Option<String>,
}

/// `rapport due …`
#[derive(Debug, Args)]
pub struct DueArgs {
    /// Machine-readable output
    #[arg(long)]
    pub json: bool,
    /// Evaluate as if today were DATE ("who will be overdue by next Friday")
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Include contacts that need nothing
    #[arg(long)]
    pub all: bool,
}

/// `rapport search …`
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to find, also inside words; "quotes" a phrase, OR between alternatives, -word excludes
    pub query: String,
    /// Only entries and promises of this contact
    #[arg(long, value_name = "NAME")]
    pub contact: Option<String>,
    /// Only entries of this kind: meeting, call, video, email, message, event or note
    #[arg(long)]
    pub kind: Option<String>,
    /// Only entries on or after this day: 2026-03-01, 3 weeks ago, März …
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only entries on or before this day
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Most relevant first (BM25) instead of newest first
    #[arg(long)]
    pub rank: bool,
    /// How many results
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Machine-readable output: the matching entries, as an array
    #[arg(long)]
    pub json: bool,
    /// With --json: contacts, promises and entries as one object {"contacts", "promises", "entries"}
    #[arg(long, requires = "json")]
    pub groups: bool,
}

/// `rapport entries …`
#[derive(Debug, Args)]
pub struct EntriesArgs {
    /// Only entries about this contact
    #[arg(long, value_name = "NAME")]
    pub contact: Option<String>,
    /// How many entries
    #[arg(long, short = 'n', default_value_t = 20)]
    pub limit: usize,
    /// Machine-readable output
    #[arg(long)]
    pub json: bool,
}

/// Export formats.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ExportFormat {
    /// The full, lossless backup format
    Json,
    /// The journal (or, with --contact, a briefing for the next meeting)
    Markdown,
    /// Contacts as vCard 4.0
    Vcard,
    /// Open promises and next touches as calendar to-dos (RFC 5545)
    Ics,
}

/// `rapport export …`
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Output format
    #[arg(long, value_enum, default_value = "json")]
    pub format: ExportFormat,
    /// Only this contact and what is about them
    #[arg(long, value_name = "NAME")]
    pub contact: Option<String>,
    /// Write to FILE instead of stdout
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Import formats.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ImportFormat {
    /// rapport's own export
    Json,
    /// vCard 3.0/4.0 (Apple, Google, Outlook)
    Vcard,
    /// LinkedIn's Connections.csv
    Linkedin,
    /// Google Contacts' CSV export
    Google,
    /// Outlook's CSV export
    Outlook,
    /// jrnl's journal (plain text or its JSON export)
    Jrnl,
}

/// `rapport import …`
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file to read (a folder of .vcf files for vcard)
    pub file: PathBuf,
    /// Input format (default: json; vcard for a folder; for a .csv file the export its header is)
    #[arg(long, value_enum)]
    pub format: Option<ImportFormat>,
    /// Check and count, change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// jrnl: create contacts for tags that match none
    #[arg(long)]
    pub create_contacts: bool,
    /// json: add to a journal that holds data, skipping what it already holds
    #[arg(long)]
    pub merge: bool,
    /// jrnl: its config file (jrnl.yaml), for the timeformat the journal's dates are written in
    #[arg(long, value_name = "FILE")]
    pub jrnl_config: Option<PathBuf>,
}
