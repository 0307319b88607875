//! The summary of a jrnl import: what it wrote, each count in words and only when it is not zero, and
//! the lines that looked like entry headers but were kept as text.

use crate::i18n::tr;
use crate::store::ForeignCounts;
use crate::transfer::jrnl::UnreadHeaders;

/// "imported 3 entries, created 1 contact; 2 already there; skipped 1 entry that names no known
/// contact", with a line about unread headers below when there were any.
pub(super) fn summary(
    counts: &ForeignCounts,
    skipped: usize,
    unread: &UnreadHeaders,
    dry_run: bool,
) -> String {
    let [done, created, nobody] = if dry_run {
        [
            "import.jrnl_dry_run",
            "import.jrnl_would_create",
            "import.jrnl_would_skip",
        ]
    } else {
        [
            "import.jrnl_done",
            "import.jrnl_created",
            "import.jrnl_nobody",
        ]
    };
    let mut head = tr(done, &[("entries", &counts.entries)]);
    if counts.contacts > 0 {
        head = format!("{head}, {}", tr(created, &[("n", &counts.contacts)]));
    }
    let mut parts = vec![head];
    for (key, n) in [
        ("import.jrnl_already", counts.duplicates),
        (nobody, skipped),
    ] {
        if n > 0 {
            parts.push(tr(key, &[("n", &n)]));
        }
    }
    let mut summary = parts.join("; ");
    if dry_run {
        summary = format!("{summary} {}", tr("import.jrnl_dry_run_note", &[]));
    }
    match unread_note(unread) {
        Some(note) => format!("{summary}\n{note}"),
        None => summary,
    }
}

/// "1 line looks like an entry header but …, kept as text of the entry before (line 5: [18/07/2019
/// 14:23])"; `None` when every header was read.
fn unread_note(unread: &UnreadHeaders) -> Option<String> {
    if unread.count == 0 {
        return None;
    }
    let mut lines: Vec<String> = unread
        .first
        .iter()
        .map(|(line, stamp)| tr("import.unread_header", &[("line", line), ("stamp", stamp)]))
        .collect();
    if unread.count > unread.first.len() {
        lines.push("…".to_string());
    }
    Some(tr(
        "import.unread_headers",
        &[("n", &unread.count), ("lines", &lines.join(", "))],
    ))
}
