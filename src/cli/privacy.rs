//! `rapport forget` and `rapport backup`.

use super::{Context, UsageError, output};
use crate::i18n::{t, tr};
use crate::text::sanitize_line;
use std::path::PathBuf;

/// Runs `forget`: asks first (unless `--yes`), then erases the contact physically.
pub fn forget(name: &str, yes: bool, ctx: &Context) -> anyhow::Result<()> {
    let mut store = ctx.open_store()?;
    let contact = ctx.resolve(&store, name)?;
    let shown = format!("#{} {}", contact.id, sanitize_line(&contact.name));
    super::confirm(
        yes,
        &tr("forget.ask", &[("name", &shown)]),
        tr("forget.needs_yes", &[("name", &shown)]),
        t("forget.cancelled"),
    )?;
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
    forget_in_backups(&store, &contact, &shown, yes)
}

/// After `forget`: says which of rapport's own backups still hold the person and offers to rewrite them
/// without them (`--yes` does it); a backup that cannot be read is named, never skipped silently.
fn forget_in_backups(
    store: &crate::store::Store,
    contact: &crate::domain::model::Contact,
    shown: &str,
    yes: bool,
) -> anyhow::Result<()> {
    let mut holding = Vec::new();
    for path in store.own_backups() {
        match store.backup_holds(&path, contact.id, &contact.name) {
            Ok(true) => holding.push(path),
            Ok(false) => {}
            Err(e) => eprintln!(
                "rapport: {}",
                sanitize_line(&tr(
                    "forget.backup_unreadable",
                    &[("path", &path.display()), ("error", &e)]
                ))
            ),
        }
    }
    if holding.is_empty() {
        return Ok(());
    }
    let n = holding.len();
    let files: Vec<String> = holding.iter().map(|p| p.display().to_string()).collect();
    let found = tr(
        "forget.backups_found",
        &[("n", &n), ("name", &shown), ("files", &files.join(", "))],
    );
    output::emit(&format!("{}\n", sanitize_line(&found)))?;
    let question = tr("forget.backups_ask", &[("n", &n), ("name", &shown)]);
    if !(yes || super::agrees(&question)?) {
        output::emit(&format!("{}\n", t("forget.backups_kept")))?;
        return Ok(());
    }
    for path in &holding {
        store.forget_in_backup(path, contact.id)?;
    }
    output::emit(&format!(
        "{}\n",
        tr("forget.backups_rewritten", &[("n", &n), ("name", &shown)])
    ))?;
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

/// Replaces the database file with a converted copy and removes the old one's log files.
fn replace_database(converted: &std::path::Path, database: &std::path::Path) -> anyhow::Result<()> {
    std::fs::rename(converted, database)?;
    for suffix in ["-wal", "-shm"] {
        let mut log = database.as_os_str().to_owned();
        log.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(log));
    }
    Ok(())
}

fn converted_path(database: &std::path::Path) -> PathBuf {
    let mut path = database.as_os_str().to_owned();
    path.push(".converting");
    PathBuf::from(path)
}

/// Runs `encrypt`: asks for a new passphrase (twice on a terminal) and rewrites the file encrypted.
pub fn encrypt(ctx: &Context) -> anyhow::Result<()> {
    let database = ctx.paths.database.clone();
    if crate::store::looks_encrypted(&database) {
        anyhow::bail!(tr("encrypt.already", &[("path", &database.display())]));
    }
    let mut store = ctx.open_store()?;
    let passphrase = super::passphrase::obtain(&ctx.config, t("encrypt.new_passphrase"))?;
    if std::env::var_os("RAPPORT_PASSPHRASE_FILE").is_none()
        && ctx.config.passphrase_command.trim().is_empty()
    {
        let again = super::passphrase::obtain(&ctx.config, t("encrypt.repeat_passphrase"))?;
        if again != passphrase {
            return Err(UsageError(t("encrypt.mismatch").to_string()).into());
        }
    }
    if passphrase.is_empty() {
        return Err(UsageError(t("encrypt.empty").to_string()).into());
    }
    let converted = converted_path(&database);
    store.export_encrypted(&converted, &passphrase)?;
    drop(store);
    replace_database(&converted, &database)?;
    output::emit(&format!(
        "{}\n",
        tr("encrypt.done", &[("path", &database.display())])
    ))?;
    Ok(())
}

/// Runs `decrypt`: opens the encrypted file with its passphrase and rewrites it plain.
pub fn decrypt(ctx: &Context) -> anyhow::Result<()> {
    let database = ctx.paths.database.clone();
    if !crate::store::looks_encrypted(&database) {
        anyhow::bail!(tr(
            "decrypt.not_encrypted",
            &[("path", &database.display())]
        ));
    }
    let mut store = ctx.open_store()?;
    let converted = converted_path(&database);
    store.export_decrypted(&converted)?;
    drop(store);
    replace_database(&converted, &database)?;
    output::emit(&format!(
        "{}\n",
        tr("decrypt.done", &[("path", &database.display())])
    ))?;
    Ok(())
}
