//! The acceptance corpus of issue 13: every vCard and jrnl file of the public test suites under
//! tests/fixtures/corpus/ is imported with the real binary into an empty HOME. A file either imports,
//! with as many contacts or entries as an independent count of the file says, or is refused with one
//! line on stderr, exit 1 and nothing written. The files expected to be refused are named in
//! [`REFUSED`] with the reason; nothing else may be refused.

mod common;

use common::Sandbox;
use std::path::{Path, PathBuf};

/// Files rapport refuses: the file, a part of the one line it must print, and why. Reasons that begin
/// with "defect" are shortcomings of rapport's readers, reported in issue 13: when one is mended, the
/// file imports, this test says so, and its row goes.
const REFUSED: &[(&str, &str, &str)] = &[
    (
        "vcard/calcard/056.vcf",
        "no END:VCARD",
        "a card without END:VCARD (calcard's test of a cut-off card)",
    ),
    (
        "vcard/evolution-data-server/vcard-7.vcf",
        "END:VCARD without BEGIN:VCARD",
        "broken on purpose: END without BEGIN",
    ),
    (
        "vcard/evolution-data-server/vcard-8.vcf",
        "no END:VCARD",
        "broken on purpose: no END:VCARD",
    ),
    (
        "vcard/evolution-data-server/vcard-9.vcf",
        "expected NAME:VALUE",
        "broken on purpose: cut off in a property name",
    ),
    (
        "vcard/folkerkinzel/Cropped_2_1.vcf",
        "expected NAME:VALUE",
        "broken on purpose: cut off inside a quoted-printable value",
    ),
    (
        "vcard/folkerkinzel/Empty.vcf",
        "no BEGIN:VCARD",
        "an empty file (a byte order mark)",
    ),
    (
        "jrnl/basic_encrypted.journal",
        "encrypted",
        "encrypted by jrnl 2",
    ),
    ("jrnl/encrypted.journal", "encrypted", "encrypted by jrnl 2"),
    (
        "jrnl/encrypted_v3.journal",
        "encrypted",
        "encrypted by jrnl 4 (`JRNLv3` header)",
    ),
    (
        "jrnl/encrypted_v3_legacy_header.journal",
        "encrypted",
        "encrypted by jrnl 4 (`JRNLv3` header, older salt notation)",
    ),
    (
        "jrnl/encrypted_jrnl-1-9-5.journal",
        "run `jrnl --decrypt` first",
        "encrypted by jrnl 1 (AES, bare bytes without a signature): binary data, refused with the \
         advice to decrypt",
    ),
    (
        "jrnl/unreadabledates.journal",
        "not a jrnl journal",
        "no entry has a date (jrnl's test of unreadable dates)",
    ),
];

/// Files of which rapport reads fewer contacts or entries than the independent count says: the file,
/// how many fewer, and why.
const FEWER: &[(&str, usize, &str)] = &[(
    "vcard/calcard/rfc.vcf",
    2,
    "RFC 6350's examples of one person as two devices hold him: the card that is only \
         jdoe@example.com joins the first card with that address (a name derived from the email \
         fits any), the second \"J. Doe\" the first (the same name); \"John Doe\" without an \
         email stays apart (the name alone differs)",
)];

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus")
}

/// Every file under `corpus/SUB`, sorted, as paths relative to the corpus (`vcard/calcard/001.vcf`).
fn files(sub: &str) -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("corpus folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let mut found = Vec::new();
    walk(&corpus().join(sub), &mut found);
    let mut names: Vec<String> = found
        .iter()
        .map(|p| {
            let rel = p.strip_prefix(corpus()).expect("inside the corpus");
            rel.to_string_lossy().replace('\\', "/")
        })
        .collect();
    names.sort();
    names
}

/// What one import did.
struct Run {
    file: String,
    code: i32,
    stdout: String,
    stderr: String,
}

fn import(s: &Sandbox, file: &str, args: &[&str]) -> Run {
    let path = corpus().join(file);
    let path = path.to_str().expect("UTF-8 path");
    let (code, stdout, stderr) = s.run(&[&["import", path][..], args].concat());
    Run {
        file: file.to_string(),
        code,
        stdout,
        stderr,
    }
}

/// The numbers in `text` right before `word` (`"created 3 contacts"`, "contact" → 3), summed.
fn number_before(text: &str, word: &str) -> Option<usize> {
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .windows(2)
        .filter(|w| w[1].trim_end_matches([',', ';']).starts_with(word))
        .filter_map(|w| w[0].parse::<usize>().ok())
        .reduce(|a, b| a + b)
}

/// The number after `word` ("imported 3 entries" → 3), the first time it comes.
fn number_after(text: &str, word: &str) -> Option<usize> {
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .windows(2)
        .find(|w| w[0] == word)
        .and_then(|w| w[1].parse().ok())
}

/// How many contacts and entries the journal holds, from its JSON export.
fn held(s: &Sandbox) -> (usize, usize) {
    let data = common::export_data(&s.ok(&["export"]));
    let len = |key: &str| data[key].as_array().map_or(0, Vec::len);
    (len("contacts"), len("entries"))
}

/// Checks a refusal: exit 1, one line on stderr, no panic, nothing written. `None` when the file was
/// not refused.
fn refused(s: &Sandbox, run: &Run) -> Option<String> {
    if run.code == 0 {
        return None;
    }
    let lines: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(
        !run.stderr.contains("panicked"),
        "{}: panic: {}",
        run.file,
        run.stderr
    );
    assert_eq!(
        run.code, 1,
        "{}: exit {}: {}",
        run.file, run.code, run.stderr
    );
    assert_eq!(
        lines.len(),
        1,
        "{}: not one line: {:?}",
        run.file,
        run.stderr
    );
    assert_eq!(held(s), (0, 0), "{}: half-imported", run.file);
    let path = corpus().join(&run.file);
    let path = path.to_string_lossy();
    assert!(
        lines[0].contains(path.as_ref()),
        "{}: the line does not name the file: {}",
        run.file,
        lines[0]
    );
    Some(lines[0].replace(path.as_ref(), "FILE"))
}

/// The lines of a vCard file as text: UTF-16 with its byte order mark, else UTF-8 (bytes that are not
/// UTF-8 do not matter for counting cards and names), unfolded, `END:VCARDBEGIN:VCARD` split.
fn vcard_lines(bytes: &[u8]) -> Vec<String> {
    let text = match bytes {
        [0xff, 0xfe, rest @ ..] => {
            let units: Vec<u16> = rest
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        _ => String::from_utf8_lossy(bytes).into_owned(),
    };
    let mut lines: Vec<String> = Vec::new();
    for line in text.lines() {
        match (line.strip_prefix([' ', '\t']), lines.last_mut()) {
            (Some(rest), Some(last)) => last.push_str(rest),
            _ => lines.push(line.to_string()),
        }
    }
    lines
        .iter()
        .flat_map(|l| {
            let upper = l.to_uppercase();
            match upper.find("END:VCARDBEGIN:VCARD") {
                Some(at) => vec![l[..at + 9].to_string(), l[at + 9..].to_string()],
                None => vec![l.clone()],
            }
        })
        .collect()
}

/// (cards, cards without FN, N, NICKNAME, ORG or EMAIL) — counted from the text, not by rapport's reader.
fn count_cards(bytes: &[u8]) -> (usize, usize) {
    let (mut cards, mut nameless, mut named) = (0, 0, false);
    for line in vcard_lines(bytes) {
        let line = line.trim_start_matches('\u{feff}').trim();
        let upper = line.to_uppercase();
        if upper == "BEGIN:VCARD" {
            cards += 1;
            named = false;
        } else if upper == "END:VCARD" && !named {
            nameless += 1;
        }
        let Some((head, value)) = line.split_once(':') else {
            continue;
        };
        let name = head.split(';').next().unwrap_or_default();
        let name = name.rsplit('.').next().unwrap_or_default().to_uppercase();
        let has_text = value.chars().any(|c| !matches!(c, ';' | ',' | ' ' | '\t'));
        if ["FN", "N", "NICKNAME", "ORG", "EMAIL"].contains(&name.as_str()) && has_text {
            named = true;
        }
    }
    (cards, nameless)
}

fn fewer(file: &str) -> usize {
    FEWER.iter().find(|m| m.0 == file).map_or(0, |m| m.1)
}

/// The expected refusal of a file: (a part of its line, why).
fn refusal(file: &str) -> Option<(&'static str, &'static str)> {
    REFUSED.iter().find(|r| r.0 == file).map(|r| (r.1, r.2))
}

/// The outcome of a refused import against the table: Ok when it was expected with that line.
fn judge_refusal(file: &str, line: &str) -> Result<String, String> {
    match refusal(file) {
        Some((part, why)) if line.contains(part) => Ok(format!("{file}: refused ({why}): {line}")),
        Some((part, _)) => Err(format!("{file}: refused without '{part}': {line}")),
        None => Err(format!("{file}: refused: {line}")),
    }
}

/// One vCard file: its outcome as one line for the summary, or a failure.
fn check_vcard(file: &str) -> Result<String, String> {
    let s = Sandbox::new();
    let run = import(&s, file, &["--format", "vcard"]);
    if let Some(line) = refused(&s, &run) {
        return judge_refusal(file, &line);
    }
    if let Some((_, why)) = refusal(file) {
        return Err(format!("{file}: imported, but expected refused ({why})"));
    }
    let (cards, nameless) = count_cards(&std::fs::read(corpus().join(file)).expect("read"));
    let summary = format!("{}{}", run.stdout, run.stderr);
    let created = number_before(&summary, "contact").unwrap_or(0);
    let skipped = number_before(&summary, "card").unwrap_or(0);
    let expected = cards.saturating_sub(nameless + fewer(file));
    let (contacts, entries) = held(&s);
    if (created, skipped, contacts, entries) != (expected, nameless, expected, 0) {
        return Err(format!(
            "{file}: {cards} cards, {nameless} nameless, {} fewer: expected {expected} contacts, \
             got created {created}, skipped {skipped}, held {contacts}: {}",
            fewer(file),
            summary.trim()
        ));
    }
    Ok(format!("{file}: {contacts} contacts, {nameless} skipped"))
}

/// Runs `check` on every file under `corpus/SUB` (at least `least` of them), prints what each did,
/// and fails with every file that did not do what it should.
fn check_all(sub: &str, least: usize, check: fn(&str) -> Result<String, String>) {
    let files = files(sub);
    assert!(
        files.len() >= least,
        "the corpus has {} {sub} files",
        files.len()
    );
    let (mut failures, mut report) = (Vec::new(), Vec::new());
    for file in &files {
        match check(file) {
            Ok(line) => report.push(line),
            Err(line) => failures.push(line),
        }
    }
    eprintln!("{}", report.join("\n"));
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_vcard_of_the_corpus_imports_or_is_refused_with_one_line() {
    check_all("vcard", 90, check_vcard);
}

/// True for a jrnl entry header: `[DATE TIME] ` (jrnl 2 and later) or, in a journal of jrnl 1,
/// `DATE TIME ` without brackets, with DATE `YYYY-MM-DD`, `YYYY-MM` or `DD.MM.YYYY` and TIME `H:MM`, `HH:MM` or
/// `HH:MM:SS`, with or without AM/PM — recognised by shape, not by rapport's parser.
fn is_jrnl_header(line: &str, bracketed: bool) -> bool {
    let stamp = if bracketed {
        match line.strip_prefix('[').and_then(|l| l.split_once(']')) {
            Some((inner, _)) => inner,
            None => return false,
        }
    } else {
        line
    };
    let mut parts = stamp.split(' ');
    let (Some(date), Some(time)) = (parts.next(), parts.next()) else {
        return false;
    };
    let shape = |s: &str| -> String {
        s.chars()
            .map(|c| if c.is_ascii_digit() { '9' } else { c })
            .collect()
    };
    // jrnl also reads a date without its day (`2019-07`) in a bracketed header.
    let date_ok = ["9999-99-99", "99.99.9999"].contains(&shape(date).as_str())
        || (bracketed && shape(date) == "9999-99");
    let time_ok = ["99:99", "9:99", "99:99:99"].contains(&shape(time).as_str());
    let rest_ok = !bracketed || parts.all(|p| ["AM", "PM"].contains(&p.to_uppercase().as_str()));
    date_ok && time_ok && rest_ok
}

/// The entries of a journal, counted by their headers; a journal whose first line has no bracket is
/// one of jrnl 1, whose headers have none.
fn count_entries(text: &str) -> usize {
    let bracketed = text.trim_start().starts_with('[');
    text.lines()
        .filter(|l| is_jrnl_header(l, bracketed))
        .count()
}

/// One jrnl journal: its outcome, or a failure.
fn check_jrnl(file: &str) -> Result<String, String> {
    let s = Sandbox::new();
    let run = import(&s, file, &["--format", "jrnl", "--create-contacts"]);
    if let Some(line) = refused(&s, &run) {
        return judge_refusal(file, &line);
    }
    if let Some((_, why)) = refusal(file) {
        return Err(format!("{file}: imported, but expected refused ({why})"));
    }
    let text = std::fs::read_to_string(corpus().join(file)).map_err(|e| format!("{file}: {e}"))?;
    let headers = count_entries(&text);
    let summary = format!("{}{}", run.stdout, run.stderr);
    let imported = number_after(&summary, "imported").unwrap_or(0);
    let skipped = number_after(&summary, "skipped").unwrap_or(0);
    let already = number_before(&summary, "already").unwrap_or(0);
    let (_, entries) = held(&s);
    let expected = headers.saturating_sub(fewer(file));
    if imported + skipped + already != expected || entries != imported {
        return Err(format!(
            "{file}: {headers} entries in the file; imported {imported}, skipped {skipped}, \
             already {already}, held {entries}: {}",
            summary.trim()
        ));
    }
    Ok(format!(
        "{file}: {imported} entries, {skipped} naming nobody"
    ))
}

#[test]
fn every_jrnl_journal_of_the_corpus_imports_or_is_refused_with_one_line() {
    check_all("jrnl", 15, check_jrnl);
}

#[test]
fn the_tables_name_only_files_of_the_corpus() {
    let all = [files("vcard"), files("jrnl")].concat();
    for name in REFUSED.iter().map(|r| r.0).chain(FEWER.iter().map(|m| m.0)) {
        assert!(all.iter().any(|f| f == name), "{name} is not in the corpus");
    }
}

/// The Python that has `vobject` (.ci/run installs it into target/ci-venv and names it in
/// `RAPPORT_VOBJECT_PYTHON`), when it is here.
fn vobject_python() -> Option<PathBuf> {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ci-venv/bin/python");
    let python = std::env::var_os("RAPPORT_VOBJECT_PYTHON")
        .map(PathBuf::from)
        .unwrap_or(venv);
    let works = std::process::Command::new(&python)
        .args(["-c", "import vobject"])
        .output()
        .is_ok_and(|out| out.status.success());
    works.then_some(python)
}

/// How one card file fared in the round trip.
enum RoundTrip {
    Same,
    Differs(String),
    Unreadable(String),
}

/// Imports `file`, exports the contacts as vCard and lets the script compare both with vobject.
fn round_trip(python: &Path, file: &str) -> RoundTrip {
    let s = Sandbox::new();
    let run = import(&s, file, &["--format", "vcard"]);
    if run.code != 0 {
        return RoundTrip::Unreadable(format!("refused by rapport: {}", run.stderr.trim()));
    }
    let exported = s.path("export.vcf");
    let exported = exported.to_str().expect("UTF-8 path");
    s.ok(&["export", "--format", "vcard", "--output", exported]);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/vcard_roundtrip.py");
    let out = std::process::Command::new(python)
        .arg(script)
        .arg(corpus().join(file))
        .arg(exported)
        .output()
        .expect("python runs");
    let text = String::from_utf8_lossy(&out.stdout).trim().to_string();
    match out.status.code() {
        Some(0) => RoundTrip::Same,
        Some(1) => RoundTrip::Differs(text),
        Some(2) => RoundTrip::Unreadable(text),
        _ => panic!(
            "{file}: the comparison failed: {text} {}",
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

#[test]
fn every_card_comes_back_whole_through_a_vcard_round_trip() {
    let Some(python) = vobject_python() else {
        common::cannot_run(
            "no Python with vobject: python3 -m venv target/ci-venv && target/ci-venv/bin/pip \
             install -r tests/tools/requirements.txt (or set RAPPORT_VOBJECT_PYTHON)",
        );
        return;
    };
    let (mut differences, mut compared, mut unreadable) = (Vec::new(), 0, Vec::new());
    for file in files("vcard") {
        match round_trip(&python, &file) {
            RoundTrip::Same => compared += 1,
            RoundTrip::Differs(lines) => {
                compared += 1;
                differences.extend(lines.lines().map(|l| format!("{file}: {l}")));
            }
            RoundTrip::Unreadable(why) => unreadable.push(format!("{file}: {why}")),
        }
    }
    eprintln!(
        "compared {compared} files; not compared:\n{}",
        unreadable.join("\n")
    );
    assert!(compared >= 50, "only {compared} files compared");
    assert!(
        differences.is_empty(),
        "{} differences:\n{}",
        differences.len(),
        differences.join("\n")
    );
}
