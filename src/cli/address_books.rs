//! `rapport import` of address books beyond a single vCard file: a folder of `.vcf` files (khard,
//! vdirsyncer, Outlook's one file per contact) and the CSV exports of Google Contacts and Outlook; and
//! which format a file is when `--format` is not given.

use super::args::{ImportArgs, ImportFormat};
use super::transfer::{
    cannot_read, csv_failed, import_cards, nameless_note, nameless_rows, open_import, vcard_failed,
};
use super::{Context, UsageError};
use crate::i18n::tr;
use crate::transfer::csv_contacts::{self, CsvKind};
use crate::transfer::lines::Counted;
use crate::transfer::{charset, vcard};
use std::cell::{Cell, RefCell};
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// The format to read: `--format` when given; else vCard for a folder and a `.vcf`/`.vcard` file,
/// jrnl for a `.txt`/`.journal` file, the export a `.csv` file's header names (LinkedIn, Google
/// Contacts, Outlook), and rapport's JSON for anything else.
pub(super) fn format_of(args: &ImportArgs) -> anyhow::Result<ImportFormat> {
    if let Some(format) = args.format {
        return Ok(format);
    }
    if args.file.is_dir() {
        return Ok(ImportFormat::Vcard);
    }
    let extension = args
        .file
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match extension.as_deref() {
        Some("csv") => {}
        Some("vcf" | "vcard") => return Ok(ImportFormat::Vcard),
        Some("txt" | "journal") => return Ok(ImportFormat::Jrnl),
        _ => return Ok(ImportFormat::Json),
    }
    let shown = args.file.display().to_string();
    let (file, _) = open_import(&args.file, &shown)?;
    let text = charset::utf8_stream(BufReader::new(file)).map_err(|e| cannot_read(e, &shown))?;
    match csv_contacts::csv_kind(text).map_err(|e| csv_failed(e, &shown))? {
        Some(CsvKind::Linkedin) => Ok(ImportFormat::Linkedin),
        Some(CsvKind::Google) => Ok(ImportFormat::Google),
        Some(CsvKind::Outlook) => Ok(ImportFormat::Outlook),
        None => Err(UsageError(tr("import.csv_unknown", &[("path", &shown)])).into()),
    }
}

/// Imports a Google Contacts or Outlook CSV export like an address book: one transaction, the same
/// matching; rows without a name are counted with their lines.
pub(super) fn import_csv(
    format: ImportFormat,
    args: &ImportArgs,
    ctx: &Context,
) -> anyhow::Result<String> {
    let shown = args.file.display().to_string();
    let (file, size) = open_import(&args.file, &shown)?;
    let (file, read) = Counted::new(file);
    let text = charset::utf8_stream(BufReader::new(file)).map_err(|e| cannot_read(e, &shown))?;
    let rows = match format {
        ImportFormat::Outlook => csv_contacts::outlook(text),
        _ => csv_contacts::google(text),
    }
    .map_err(|e| csv_failed(e, &shown))?;
    let nameless = rows.nameless();
    let cards = rows.map(|card| card.map_err(|e| csv_failed(e, &shown)));
    let summary = import_cards(cards, (size, &read), args.dry_run, None, ctx)?;
    let nameless = nameless.borrow();
    if nameless.is_empty() {
        return Ok(summary);
    }
    let lines: Vec<usize> = nameless.iter().take(10).map(|n| n.line).collect();
    Ok(format!(
        "{summary}\n{}",
        nameless_rows(nameless.len(), &lines)
    ))
}

/// The `.vcf` and `.vcard` files (in any case) directly in `folder`, by name, with their sizes.
/// Subfolders are not read: vdirsyncer keeps each address book in a folder of its own, so reading
/// them too would fuse several address books into one. Hidden files (editors' and sync tools'
/// temporary copies) are passed over.
fn vcard_files(folder: &Path) -> std::io::Result<Vec<(PathBuf, u64)>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(folder)? {
        let path = entry?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let hidden = name.as_deref().is_none_or(|n| n.starts_with('.'));
        let vcard = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("vcf") || e.eq_ignore_ascii_case("vcard"));
        if hidden || !vcard {
            continue;
        }
        let metadata = std::fs::metadata(&path)?;
        if metadata.is_file() {
            files.push((path, metadata.len()));
        }
    }
    files.sort();
    Ok(files)
}

/// Imports every vCard file of a folder as one address book: one transaction, the same matching as
/// one file; a broken file refuses the whole import, named with its line.
pub(super) fn import_folder(args: &ImportArgs, ctx: &Context) -> anyhow::Result<String> {
    let shown = args.file.display().to_string();
    let files = vcard_files(&args.file).map_err(|e| cannot_read(e, &shown))?;
    if files.is_empty() {
        anyhow::bail!(tr("import.no_vcard_files", &[("path", &shown)]));
    }
    let count = files.len();
    let size = files.iter().map(|(_, size)| *size).sum::<u64>();
    let read = Rc::new(Cell::new(0));
    let nameless = RefCell::new(Vec::new());
    let mut paths = files.into_iter();
    let mut current: Option<(String, vcard::CardReader<_>)> = None;
    let cards = std::iter::from_fn(|| {
        loop {
            if let Some((shown, reader)) = &mut current {
                match reader.next() {
                    Some(card) => return Some(card.map_err(|e| vcard_failed(e, shown))),
                    None => current = None,
                }
            }
            let (path, _) = paths.next()?;
            let shown = path.display().to_string();
            let file = match std::fs::File::open(&path) {
                Ok(file) => Counted::adding_to(file, Rc::clone(&read)),
                Err(e) => return Some(Err(cannot_read(e, &shown))),
            };
            let text = match charset::utf8_stream(BufReader::new(file)) {
                Ok(text) => text,
                Err(e) => return Some(Err(cannot_read(e, &shown))),
            };
            let reader = vcard::CardReader::new(text);
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            nameless
                .borrow_mut()
                .push((name.unwrap_or_default(), reader.nameless()));
            current = Some((shown, reader));
        }
    });
    let size = usize::try_from(size).unwrap_or(usize::MAX);
    let summary = import_cards(cards, (size, &read), args.dry_run, None, ctx)?;
    let files = tr("import.files_read", &[("n", &count)]);
    let mut out = format!("{files}: {summary}");
    let with_nameless = nameless.borrow();
    let notes = with_nameless
        .iter()
        .filter_map(|(file, cards)| Some((file, nameless_note(&cards.borrow())?)));
    for (shown, (file, note)) in notes.enumerate() {
        if shown == FILES_SHOWN {
            out.push_str("\n…");
            break;
        }
        let file = crate::text::sanitize_line(file);
        out.push('\n');
        out.push_str(&tr(
            "import.nameless_files",
            &[("file", &file), ("note", &note)],
        ));
    }
    Ok(out)
}

/// Files with nameless cards named in a folder import's summary.
const FILES_SHOWN: usize = 10;
