//! The non-interactive commands. Each handler writes its result to stdout and nothing else;
//! errors travel up as one line for `main` to print.

mod address_books;
pub mod args;
mod companies;
mod contact_show;
mod contacts;
mod due;
mod entry;
pub mod inbox;
mod inbox_reader;
mod journal;
mod jrnl_summary;
mod jrnl_tags;
mod merge;
pub mod passphrase;

mod privacy;
mod search;
mod sync;

pub mod output;
mod transfer;

use crate::clock::Clock;
use crate::config::Config;
use crate::domain::dates::Direction;
use crate::domain::model::{Contact, Owner};
use crate::i18n::tr;
use crate::paths::Paths;
use crate::store::Store;
use args::{Cli, Command};
use chrono::{DateTime, FixedOffset, NaiveDate};
use clap::{CommandFactory, FromArgMatches};
use output::Painter;
use std::ffi::OsString;

/// A mistake in how a command was called (exit code 2), as opposed to a failure while running it.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// A promise given on the `log` command line, with the `--due` that followed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PromiseArg {
    /// `--promise` (me) or `--their-promise` (them).
    pub owner: Owner,
    /// The text.
    pub text: String,
    /// The raw `--due` value that followed it.
    pub due: Option<String>,
}

/// The command line's grammar with its help in the catalogue's language: every command's `about` from
/// `cli.<path>.about`, every argument's help from `cli.<path>.arg.<id>`, else `cli.arg.<id>`.
pub fn localized_command() -> clap::Command {
    fn localize(cmd: clap::Command, path: &str) -> clap::Command {
        let mut cmd = cmd;
        if let Some(about) = crate::i18n::lookup(&format!("{path}.about")) {
            cmd = cmd.about(about);
        }
        let (options, arguments) = (
            crate::i18n::t("cli.options"),
            crate::i18n::t("cli.arguments"),
        );
        let path_owned = path.to_string();
        // Every argument gets the heading in the catalogue's words (clap's own are English only).
        let mut order = 0;
        cmd = cmd.mut_args(move |arg| {
            // Under a named heading clap would sort arguments by name: keep the declared order.
            order += 1;
            let id = arg.get_id().to_string();
            let help = crate::i18n::lookup(&format!("{path_owned}.arg.{id}"))
                .or_else(|| crate::i18n::lookup(&format!("cli.arg.{id}")));
            let heading = if arg.is_positional() {
                arguments
            } else {
                options
            };
            let arg = arg.help_heading(heading).display_order(order);
            match help {
                Some(text) => arg.help(text),
                None => arg,
            }
        });
        let template = format!(
            "{{about-with-newline}}\n{}: {{usage}}\n\n{{all-args}}{{after-help}}",
            crate::i18n::t("cli.usage")
        );
        cmd = cmd
            .subcommand_help_heading(crate::i18n::t("cli.commands"))
            .help_template(template);
        let names: Vec<String> = cmd
            .get_subcommands()
            .map(|s| s.get_name().to_string())
            .collect();
        for name in names {
            let sub_path = format!("{path}.{name}");
            cmd = cmd.mut_subcommand(&name, |sub| localize(sub, &sub_path));
        }
        cmd
    }
    let mut cmd = Cli::command();
    // Built first, so that clap's generated --help and --version are there to be translated too.
    cmd.build();
    localize(cmd, "cli")
}

/// Parses the command line. Besides the clap result it pairs each `--due` with the promise before it.
pub fn parse(
    args: impl IntoIterator<Item = OsString>,
) -> Result<(Cli, Vec<PromiseArg>), clap::Error> {
    // Parse with the plain grammar (cheap); only help and errors need the translated one.
    let args: Vec<OsString> = args.into_iter().collect();
    let matches = match Cli::command().try_get_matches_from(&args) {
        Ok(matches) => matches,
        Err(_) => localized_command().try_get_matches_from(&args)?,
    };
    let cli = Cli::from_arg_matches(&matches)?;
    let mut promises = Vec::new();
    if let Some(log) = matches.subcommand_matches("log") {
        let mut items: Vec<(usize, Option<Owner>, String)> = Vec::new();
        for (id, owner) in [
            ("promises", Some(Owner::Me)),
            ("their_promises", Some(Owner::Them)),
            ("dues", None),
        ] {
            if let (Some(indices), Some(values)) = (log.indices_of(id), log.get_many::<String>(id))
            {
                items.extend(indices.zip(values).map(|(i, v)| (i, owner, v.clone())));
            }
        }
        items.sort_by_key(|(i, _, _)| *i);
        for (_, owner, value) in items {
            match owner {
                Some(owner) => promises.push(PromiseArg {
                    owner,
                    text: value,
                    due: None,
                }),
                None => match promises.last_mut() {
                    Some(last) if last.due.is_none() => last.due = Some(value),
                    _ => {
                        return Err(Cli::command().error(
                            clap::error::ErrorKind::ArgumentConflict,
                            crate::i18n::t("error.due_without_promise"),
                        ));
                    }
                },
            }
        }
    }
    Ok((cli, promises))
}

/// Everything a command needs besides its arguments: where the files are, the settings, the moment
/// the command started (read once), and how to paint output.
pub struct Context {
    /// File locations.
    pub paths: Paths,
    /// Settings.
    pub config: Config,
    /// The current moment, read once at start (or from `RAPPORT_NOW`).
    pub clock: Clock,
    /// Colour decision for stdout.
    pub painter: Painter,
}

impl Context {
    /// Today's date in the local offset.
    pub fn today(&self) -> NaiveDate {
        self.clock.today()
    }

    /// The moment the command started.
    pub fn now(&self) -> DateTime<FixedOffset> {
        self.clock.now
    }

    /// Opens the database.
    pub fn open_store(&self) -> anyhow::Result<Store> {
        self.open_store_asking(true)
    }

    /// Opens the database, asking for a passphrase on the terminal only when `terminal` is true;
    /// what it has to say about the files goes to stderr.
    pub fn open_store_asking(&self, terminal: bool) -> anyhow::Result<Store> {
        let store = open_store_asking(&self.paths.database, &self.config, terminal)?;
        if store.finished_erasure() {
            eprintln!("rapport: {}", crate::i18n::t("forget.finished"));
        }
        for warning in loose_permission_warnings(&store) {
            eprintln!("rapport: {warning}");
        }
        Ok(store)
    }

    /// Parses a date the user gave; `direction` says where weekday names point.
    pub fn date(&self, text: &str, direction: Direction) -> anyhow::Result<NaiveDate> {
        self.clock
            .date(text, direction)
            .map_err(|e| UsageError(e.to_string()).into())
    }

    /// Parses when an entry happened: date-only forms mean noon, or now when that is today; a moment
    /// in the future is refused.
    pub fn entry_instant(&self, text: &str) -> anyhow::Result<DateTime<FixedOffset>> {
        self.clock
            .entry_instant(text)
            .map_err(|e| UsageError(e).into())
    }

    /// The id of the contact a `--contact NAME` option names, when it is given.
    pub fn contact_filter(
        &self,
        store: &Store,
        name: Option<&str>,
    ) -> anyhow::Result<Option<crate::domain::model::Id>> {
        Ok(name
            .map(|n| self.resolve(store, n))
            .transpose()?
            .map(|c| c.id))
    }

    /// Resolves a contact argument, failing with the candidates when it is ambiguous.
    pub fn resolve(&self, store: &Store, query: &str) -> anyhow::Result<Contact> {
        crate::report::resolve_contact(
            store,
            query,
            &std::collections::HashSet::new(),
            "error.unknown_contact",
        )
    }
}

/// Opens the database at `path`, asking for the passphrase (as `passphrase_command`, the passphrase
/// file or the terminal give it) when the file is encrypted. The app uses it to open the journal again
/// after a conversion.
pub fn open_store_at(path: &std::path::Path, config: &Config) -> anyhow::Result<Store> {
    open_store_asking(path, config, true)
}

/// Opens the database at `path`; the passphrase of an encrypted one is asked for on the terminal
/// only when `terminal` is true (else it comes from the file or the command, or the opening fails).
pub fn open_store_asking(
    path: &std::path::Path,
    config: &Config,
    terminal: bool,
) -> anyhow::Result<Store> {
    Ok(match Store::open(path) {
        // An encrypted file reads as "not a database" without its passphrase.
        Err(crate::store::StoreError::NotADatabase { .. })
            if crate::store::looks_encrypted(path) =>
        {
            let prompt = tr("passphrase.prompt", &[("path", &path.display())]);
            let prompt = terminal.then_some(prompt.as_str());
            Store::open_encrypted(path, &passphrase::obtain_from(config, prompt)?)?
        }
        other => other?,
    })
}

/// One line for each file of the database (and the passphrase file of an encrypted one) that others
/// may read, with the command that fixes it.
pub fn loose_permission_warnings(store: &Store) -> Vec<String> {
    let mut loose = store.loose_permissions();
    // The passphrase file of an encrypted journal is as secret as the journal.
    if let Some(file) = std::env::var_os("RAPPORT_PASSPHRASE_FILE").filter(|_| store.is_encrypted())
    {
        let file = std::path::PathBuf::from(file);
        if let Some(mode) = crate::store::loose_mode(&file) {
            loose.push((file, mode));
        }
    }
    loose
        .into_iter()
        .map(|(path, mode)| {
            let fix = if path.is_dir() { "700" } else { "600" };
            tr(
                "privacy.loose",
                &[
                    ("path", &path.display()),
                    ("mode", &format!("{mode:o}")),
                    ("fix", &fix),
                ],
            )
        })
        .collect()
}

/// Runs one non-interactive command.
pub fn run(command: Command, promises: Vec<PromiseArg>, ctx: &Context) -> anyhow::Result<()> {
    match command {
        Command::Contact(c) => contacts::run(c, ctx),
        Command::Company(c) => companies::run(c, ctx),
        Command::Log(args) => journal::log(args, promises, ctx),
        Command::Promise(p) => journal::promise(p, ctx),
        Command::Entry(e) => entry::run(e, ctx),
        Command::Due(args) => due::run(&args, ctx),
        Command::Search(args) => search::search(&args, ctx),
        Command::Entries(args) => journal::entries(&args, ctx),
        Command::Export(args) => transfer::export(&args, ctx),
        Command::Import(args) => transfer::import(&args, ctx),
        Command::Forget { name, yes } => privacy::forget(&name, yes, ctx),
        Command::Backup { file } => privacy::backup(file, ctx),
        Command::Sync(args) => sync::run(&args, ctx),
        Command::Inbox(args) => inbox::run(args, ctx),
        Command::Mcp { allow_write } => crate::mcp::serve(ctx, allow_write),
        Command::Encrypt { yes } => privacy::encrypt(yes, ctx),
        Command::Decrypt => privacy::decrypt(ctx),
        Command::Paths => {
            output::emit(&format!(
                "database  {}\nconfig    {}\n",
                ctx.paths.database.display(),
                ctx.paths.config.display()
            ))?;
            Ok(())
        }
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut localized_command(), "rapport", &mut script);
            output::emit(&String::from_utf8_lossy(&script))?;
            Ok(())
        }
        Command::Review | Command::Demo => unreachable_command(),
    }
}

/// `review` and `demo` open the full-screen app; `main` runs them, never this function.
fn unreachable_command() -> anyhow::Result<()> {
    anyhow::bail!("this command opens the full-screen journal")
}

/// Asks `question` on the terminal before something that cannot be undone; `yes` (from `--yes`)
/// skips it. Without a terminal it refuses with `needs_yes`; any answer but yes cancels with `cancelled`.
fn confirm(yes: bool, question: &str, needs_yes: String, cancelled: &str) -> anyhow::Result<()> {
    use std::io::IsTerminal;
    if yes {
        return Ok(());
    }
    if !std::io::stdin().is_terminal() {
        return Err(UsageError(needs_yes).into());
    }
    if agrees(question)? {
        Ok(())
    } else {
        anyhow::bail!(cancelled.to_string())
    }
}

/// Asks `question` on the terminal and reads the answer: true for yes. Without a terminal, no.
fn agrees(question: &str) -> anyhow::Result<bool> {
    use std::io::{BufRead, IsTerminal, Write};
    if !std::io::stdin().is_terminal() {
        return Ok(false);
    }
    let mut err = std::io::stderr();
    write!(err, "{question} ")?;
    err.flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(
        answer.trim().to_lowercase().as_str(),
        "y" | "yes" | "j" | "ja"
    ))
}

/// Reads an id as the user typed it: `12` or `#12`.
/// Reads an id as typed: `12` or `#12`.
pub fn parse_id(text: &str) -> anyhow::Result<crate::domain::model::Id> {
    text.trim().trim_start_matches('#').parse().map_err(|_| {
        UsageError(tr(
            "error.bad_id",
            &[("text", &crate::text::sanitize_line(text))],
        ))
        .into()
    })
}

/// Writes JSON to stdout with a trailing newline.
fn print_json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    output::emit(&text)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    /// Every command and every argument has its help in the catalogues (so German help is complete).
    #[test]
    fn every_command_and_argument_has_a_catalogue_text() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            if crate::i18n::lookup(&format!("{path}.about")).is_none() {
                missing.push(format!("{path}.about"));
            }
            for arg in cmd.get_arguments() {
                let id = arg.get_id().to_string();
                if crate::i18n::lookup(&format!("{path}.arg.{id}")).is_none()
                    && crate::i18n::lookup(&format!("cli.arg.{id}")).is_none()
                {
                    missing.push(format!("{path}.arg.{id}"));
                }
            }
            for sub in cmd.get_subcommands() {
                walk(sub, &format!("{path}.{}", sub.get_name()), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&super::localized_command(), "cli", &mut missing);
        assert!(missing.is_empty(), "missing help texts: {missing:?}");
    }
}
