//! The `rapport` binary: parse the command line, set up the context, run, and turn any error into one
//! line on stderr with exit code 1 (runtime) or 2 (usage).

use rapport::cli::{self, Context, UsageError, output::Painter};
use rapport::{config::Config, i18n, paths};
use std::io::IsTerminal;
use std::process::ExitCode;

fn main() -> ExitCode {
    // The language first (from the config, else the locale), so that help and errors use it.
    let env = |name: &str| std::env::var(name).ok();
    let config = paths::resolve(None, env).map(|p| Config::load(&p.config));
    let configured = match &config {
        Ok(Ok(c)) => c.language.clone(),
        _ => String::new(),
    };
    i18n::init(i18n::choose_language(&configured, env));
    let (args, promises) = match cli::parse(std::env::args_os()) {
        Ok(parsed) => parsed,
        Err(e) => return clap_exit(&e),
    };
    match run(args, promises) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let usage = e.downcast_ref::<UsageError>().is_some();
            let message = one_line(&e);
            eprintln!("rapport: {}", rapport::text::sanitize_line(&message));
            ExitCode::from(if usage { 2 } else { 1 })
        }
    }
}

/// True when stdout was closed by the reader (`rapport export | head`): not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .is_some_and(|j| j.io_error_kind() == Some(BrokenPipe))
    })
}

/// The error and its causes joined with ": ", skipping a cause its parent already quoted.
fn one_line(e: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if !message.contains(&text) {
            if !message.is_empty() {
                message.push_str(": ");
            }
            message.push_str(&text);
        }
    }
    message.replace(['\n', '\r'], " ")
}

/// Help and version go to stdout with exit 0; real usage errors print their first line, exit 2.
fn clap_exit(e: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            ExitCode::SUCCESS
        }
        _ => {
            // clap's message is its first paragraph ("… not provided:" may list names on the next
            // lines); the usage and tips after it are left out, so the error stays one line.
            let rendered = e.render().to_string();
            let message: Vec<&str> = rendered
                .lines()
                .skip_while(|l| l.trim().is_empty())
                .take_while(|l| !l.trim().is_empty())
                .map(str::trim)
                .collect();
            let message = message.join(" ");
            let message = message.strip_prefix("error: ").unwrap_or(&message);
            let message = if message.is_empty() {
                "invalid arguments"
            } else {
                message
            };
            eprintln!(
                "rapport: {} (see rapport --help)",
                rapport::text::sanitize_line(message)
            );
            ExitCode::from(2)
        }
    }
}

fn run(args: cli::args::Cli, promises: Vec<cli::PromiseArg>) -> anyhow::Result<()> {
    let env = |name: &str| std::env::var(name).ok();
    let paths = paths::resolve(args.db.clone(), env)?;
    let config = Config::load(&paths.config)?;
    let clock = rapport::clock::Clock::from_env().map_err(|e| anyhow::anyhow!(e))?;
    let painter = Painter::detect(std::io::stdout().is_terminal(), env("NO_COLOR"));
    let ctx = Context {
        paths,
        config,
        clock,
        painter,
    };
    let colour = env("NO_COLOR").is_none_or(|v| v.is_empty());
    match args.command {
        None | Some(cli::args::Command::Review) => {
            let review = matches!(args.command, Some(cli::args::Command::Review));
            let store = ctx.open_store()?;
            let launch = rapport::tui::Launch {
                review,
                ..rapport::tui::Launch::default()
            };
            rapport::tui::run(store, ctx.config, ctx.clock, colour, launch)
        }
        Some(cli::args::Command::Demo) => run_demo(ctx, colour),
        Some(command) => cli::run(command, promises, &ctx),
    }
}

/// `rapport demo`: the app on a freshly generated journal held in memory only, so that nothing is
/// left behind however the process ends (a temporary file stayed when the terminal was closed).
fn run_demo(ctx: Context, colour: bool) -> anyhow::Result<()> {
    let mut store = rapport::store::Store::open_in_memory()?;
    rapport::demo::populate(&mut store, ctx.clock.now)?;
    let launch = rapport::tui::Launch {
        label: Some(i18n::t("demo.label").to_string()),
        greeting: Some(i18n::t("demo.welcome").to_string()),
        review: false,
    };
    rapport::tui::run(store, ctx.config, ctx.clock, colour, launch)
}
