//! `rapport export` and `rapport import`.

use super::args::{ExportArgs, ImportArgs};
use super::{Context, output};
use crate::i18n::tr;
use crate::transfer::json;
use anyhow::Context as _;
use std::io::{BufWriter, Write};

/// Runs `export`: to `--output` (written to a temporary file first, then renamed) or stdout.
pub fn export(args: &ExportArgs, ctx: &Context) -> anyhow::Result<()> {
    let store = ctx.open_store()?;
    let contact = args
        .contact
        .as_deref()
        .map(|c| ctx.resolve(&store, c))
        .transpose()?
        .map(|c| c.id);
    match &args.output {
        Some(path) => {
            let tmp = path.with_extension("rapport-tmp");
            let result = (|| -> anyhow::Result<()> {
                let file = std::fs::File::create(&tmp)?;
                let mut out = BufWriter::new(file);
                json::export(&store, contact, &ctx.now(), &mut out)?;
                out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
                std::fs::rename(&tmp, path)?;
                Ok(())
            })();
            if result.is_err() {
                let _ = std::fs::remove_file(&tmp);
            }
            result.with_context(|| tr("error.cannot_write", &[("path", &path.display())]))
        }
        None => {
            let stdout = std::io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            json::export(&store, contact, &ctx.now(), &mut out)?;
            out.flush()?;
            Ok(())
        }
    }
}

/// Runs `import`: parses and checks the whole file first, then writes it in one transaction.
pub fn import(args: &ImportArgs, ctx: &Context) -> anyhow::Result<()> {
    let shown = args.file.display().to_string();
    let text =
        std::fs::read(&args.file).with_context(|| tr("error.cannot_read", &[("path", &shown)]))?;
    let text = String::from_utf8(text).map_err(|e| {
        anyhow::anyhow!(tr(
            "error.not_utf8",
            &[("path", &shown), ("offset", &e.utf8_error().valid_up_to())]
        ))
    })?;
    let batch = json::parse(&text)
        .and_then(json::Document::into_batch)
        .map_err(|e| anyhow::anyhow!("{shown}: {e}"))?;
    let mut store = ctx.open_store()?;
    let counts = store
        .import(
            &batch.contacts,
            &batch.entries,
            &batch.promises,
            args.dry_run,
            |_| {},
        )
        .with_context(|| shown.clone())?;
    let key = if args.dry_run {
        "import.dry_run"
    } else {
        "import.done"
    };
    output::emit(&format!(
        "{}\n",
        tr(
            key,
            &[
                ("contacts", &counts.contacts),
                ("entries", &counts.entries),
                ("links", &counts.links),
                ("promises", &counts.promises)
            ]
        )
    ))?;
    Ok(())
}
