//! `rapport forget` and `rapport backup`.

use super::{Context, UsageError, output};
use crate::i18n::{t, tr};
use crate::text::sanitize_line;
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

/// Runs `forget`: asks first (unless `--yes`), then erases the contact physically.
pub fn forget(name: &str, yes: bool, ctx: &Context) -> anyhow::Result<()> {
    let mut store = ctx.open_store()?;
    let contact = ctx.resolve(&store, name)?;
    let shown = format!("#{} {}", contact.id, sanitize_line(&contact.name));
    if !yes {
        if !std::io::stdin().is_terminal() {
            return Err(UsageError(tr("forget.needs_yes", &[("name", &shown)])).into());
        }
        let mut err = std::io::stderr();
        write!(err, "{} ", tr("forget.ask", &[("name", &shown)]))?;
        err.flush()?;
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if !matches!(
            answer.trim().to_lowercase().as_str(),
            "y" | "yes" | "j" | "ja"
        ) {
            anyhow::bail!(t("forget.cancelled"));
        }
    }
    let gone = store.forget_contact(contact.id)?;
    output::emit(&format!(
        "{}\n",
        tr(
            "forget.done",
            &[
                ("name", &shown),
                ("entries", &gone.entries),
                ("promises", &gone.promises)
            ]
        )
    ))?;
    if !gone.log_cleared {
        eprintln!("rapport: {}", t("forget.log_busy"));
    }
    Ok(())
}

/// Runs `backup`: a consistent copy, to FILE or to backups/ beside the database; prints its path.
pub fn backup(file: Option<PathBuf>, ctx: &Context) -> anyhow::Result<()> {
    let store = ctx.open_store()?;
    let target = file.unwrap_or_else(|| {
        store.default_backup_path(&ctx.now().format("%Y-%m-%d-%H%M%S").to_string())
    });
    store.backup_to(&target)?;
    output::emit(&format!("{}\n", target.display()))?;
    Ok(())
}
