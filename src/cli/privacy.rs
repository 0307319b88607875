//! `rapport forget` and `rapport backup`.

use super::{Context, UsageError, output};
use crate::i18n::{t, tr};
use crate::store::Store;
use crate::text::sanitize_line;
use std::path::PathBuf;

/// Runs `forget`: asks first (unless `--yes`), then erases the contact physically.
pub fn forget(name: &str, yes: bool, ctx: &Context) -> anyhow::Result<()> {
    let mut store = ctx.open_store()?;
    let contact = ctx.resolve(&store, name)?;
    // Whom it erases, so that a name typed as an id or a near namesake is caught before the answer.
    let entries = store.entry_count(Some(contact.id))?;
    let company = contact
        .company
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| format!("{}, ", sanitize_line(c)))
        .unwrap_or_default();
    let shown = format!("#{} {}", contact.id, sanitize_line(&contact.name));
    let whom = format!(
        "{shown} ({company}{})",
        tr("forget.entries", &[("n", &entries)])
    );
    super::confirm(
        yes,
        &tr("forget.ask", &[("name", &whom)]),
        tr("forget.needs_yes", &[("name", &whom)]),
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

/// Runs `encrypt`: asks for a new passphrase (twice on a terminal) and rewrites the file encrypted;
/// then deals with older unencrypted backups in `backups/` (also when the journal is encrypted already).
pub fn encrypt(yes: bool, ctx: &Context) -> anyhow::Result<()> {
    let database = ctx.paths.database.clone();
    if crate::store::looks_encrypted(&database) {
        let store = ctx.open_store()?;
        if store.plaintext_backups().is_empty() {
            anyhow::bail!(tr("encrypt.already", &[("path", &database.display())]));
        }
        return plaintext_backups(&store, yes);
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
    plaintext_backups(&Store::open_encrypted(&database, &passphrase)?, yes)
}

/// Reports unencrypted backups beside an encrypted journal and encrypts (`--yes`, or `e`) or removes
/// (`r`) them; without a terminal and `--yes` it only says how.
fn plaintext_backups(store: &Store, yes: bool) -> anyhow::Result<()> {
    use std::io::{BufRead, IsTerminal, Write};
    let found = store.plaintext_backups();
    let Some(dir) = found.first().and_then(|p| p.parent()) else {
        return Ok(());
    };
    let args = [
        ("n", &found.len() as &dyn std::fmt::Display),
        ("dir", &dir.display()),
    ];
    let (encrypt, remove) = (t("encrypt.answer_encrypt"), t("encrypt.answer_remove"));
    let answer = if yes {
        encrypt.to_string()
    } else if std::io::stdin().is_terminal() {
        let mut err = std::io::stderr();
        write!(err, "{} ", tr("encrypt.backups_ask", &args))?;
        err.flush()?;
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        line.trim().to_lowercase()
    } else {
        eprintln!("rapport: {}", tr("encrypt.backups_found", &args));
        return Ok(());
    };
    let done = if answer == encrypt {
        for backup in &found {
            store.encrypt_backup(backup)?;
        }
        "encrypt.backups_encrypted"
    } else if answer == remove {
        found.iter().for_each(|b| Store::remove_backup(b));
        "encrypt.backups_removed"
    } else {
        "encrypt.backups_kept"
    };
    output::emit(&format!("{}\n", tr(done, &args)))?;
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
