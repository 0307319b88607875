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
    store.encrypt_in_place(&passphrase)?;
    drop(store);
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
    store.decrypt_in_place()?;
    drop(store);
    output::emit(&format!(
        "{}\n",
        tr("decrypt.done", &[("path", &database.display())])
    ))?;
    Ok(())
}
