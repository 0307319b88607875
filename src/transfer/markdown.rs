//! Markdown export: the whole journal, readable anywhere, and a one-page briefing for the next meeting
//! with one contact. Export only. User text is cleaned of control characters and escaped where it
//! would otherwise change the document's structure (headings, quotes, lists, tables, code).

use crate::domain::model::{AddressForm, Contact, Id, Owner};
use crate::domain::pillars::PillarScores;
use crate::domain::rules::CadenceDefaults;
use crate::i18n::{t, tr};
use crate::insight::ContactHealth;
use crate::report::Hidden;
use crate::store::{EntryCursor, EntryRow, PromiseRow, Store};
use chrono::NaiveDate;
use std::fmt::Write as _;
use std::io::Write;

/// How many entries the journal export reads at a time.
const PAGE: usize = 256;

/// The whole journal as Markdown: a section per day, newest first, each entry with time, kind, contacts,
/// mood, title and body; streamed page by page (never all entries in memory).
///
/// # Errors
///
/// A store or write error.
pub fn journal(store: &Store, out: &mut impl Write) -> anyhow::Result<()> {
    writeln!(out, "# {}", t("markdown.journal_title"))?;
    let mut cursor: Option<EntryCursor> = None;
    let mut day: Option<NaiveDate> = None;
    loop {
        let page = store.entries_page(None, cursor, PAGE)?;
        for row in &page {
            let on = row.entry.occurred_at.date_naive();
            if day != Some(on) {
                writeln!(out, "\n## {}", day_heading(on))?;
                day = Some(on);
            }
            write_entry(out, row, &row.entry.occurred_at.format("%H:%M").to_string())?;
        }
        match page.last() {
            Some(last) if page.len() == PAGE => {
                cursor = Some(EntryCursor {
                    ts: last.entry.occurred_at.timestamp(),
                    id: last.entry.id,
                });
            }
            _ => break,
        }
    }
    if day.is_none() {
        writeln!(out, "\n{}", t("markdown.no_entries"))?;
    }
    Ok(())
}

/// A briefing for the next meeting with one contact: etiquette (Du/Sie, salutation, company, role),
/// interests, personal notes, open promises both ways, pillar scores with inputs, status and reasons,
/// and the last 5 entries.
///
/// # Errors
///
/// A store error (an unknown contact is `StoreError::NotFound`) or a write error.
pub fn briefing(
    store: &Store,
    contact: Id,
    defaults: &CadenceDefaults,
    today: NaiveDate,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    briefing_without(store, contact, defaults, today, &Hidden::default(), out)
}

/// The briefing of [`briefing`] with every entry and promise `hidden` names left out (the MCP server
/// names no private contact).
///
/// # Errors
///
/// A store error or a write error.
pub fn briefing_without(
    store: &Store,
    contact: Id,
    defaults: &CadenceDefaults,
    today: NaiveDate,
    hidden: &Hidden,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let mut health = crate::insight::contact_health(store, contact, defaults, today)?;
    hidden.unname_promises(store, today, std::slice::from_mut(&mut health))?;
    let c = &health.contact;
    writeln!(
        out,
        "# {}",
        heading(&tr(
            "markdown.briefing_title",
            &[("name", &inline(&c.name))]
        ))
    )?;
    writeln!(
        out,
        "\n{}",
        tr("markdown.as_of", &[("date", &day_heading(today))])
    )?;
    write_etiquette(out, c, today)?;
    write_interests(out, c)?;
    writeln!(out, "\n## {}", t("markdown.notes"))?;
    if !write_block(out, c.notes.as_deref().unwrap_or_default())? {
        writeln!(out, "\n{}", t("markdown.nothing"))?;
    }
    let mut promises = store.promises(Some(contact), true)?;
    promises.retain(|p| !hidden.promise(&p.promise));
    write_promises(out, &promises, today)?;
    write_pillars(
        out,
        &crate::insight::pillar_scores(store, c, defaults, today)?,
    )?;
    write_status(out, &health, today)?;
    write_last_entries(out, &last_entries(store, contact, hidden)?)?;
    Ok(())
}

/// The contact's last 5 entries that `hidden` does not hide.
fn last_entries(store: &Store, contact: Id, hidden: &Hidden) -> anyhow::Result<Vec<EntryRow>> {
    const SHOWN: usize = 5;
    if hidden.contacts.is_empty() {
        return Ok(store.entries_page(Some(contact), None, SHOWN)?);
    }
    let mut kept = Vec::new();
    let mut before = None;
    loop {
        let page = store.entries_page(Some(contact), before, PAGE)?;
        let full = page.len() == PAGE;
        before = page.last().map(|r| EntryCursor {
            ts: r.entry.occurred_at.timestamp(),
            id: r.entry.id,
        });
        kept.extend(page.into_iter().filter(|r| !hidden.entry(&r.entry)));
        if kept.len() >= SHOWN || !full {
            kept.truncate(SHOWN);
            return Ok(kept);
        }
    }
}

/// Etiquette: how to address them and where they stand, as a list of labelled facts.
fn write_etiquette(out: &mut impl Write, c: &Contact, today: NaiveDate) -> std::io::Result<()> {
    writeln!(out, "\n## {}\n", t("markdown.etiquette"))?;
    let facts = etiquette_facts(c, today);
    if facts.is_empty() {
        writeln!(out, "{}", t("markdown.nothing"))?;
    }
    for (label, value) in facts {
        writeln!(out, "- **{label}:** {value}")?;
    }
    Ok(())
}

/// The etiquette facts a contact has: form of address, salutation, company, role, birthday, when met.
fn etiquette_facts(c: &Contact, today: NaiveDate) -> Vec<(&'static str, String)> {
    let mut facts: Vec<(&str, String)> = Vec::new();
    if let Some(form) = c.address_form {
        let word = match form {
            AddressForm::Du => t("markdown.address_du"),
            AddressForm::Sie => t("markdown.address_sie"),
        };
        facts.push((t("markdown.address_form"), word.to_string()));
    }
    let optional = [
        ("markdown.salutation", c.salutation.as_deref()),
        ("markdown.company", c.company.as_deref()),
        ("markdown.role", c.role.as_deref()),
    ];
    for (key, value) in optional {
        if let Some(value) = value.map(inline).filter(|v| !v.is_empty()) {
            facts.push((t(key), value));
        }
    }
    if let Some(birthday) = c.birthday {
        let next = crate::domain::rules::next_birthday(birthday, today)
            .map(|d| format!(" ({})", crate::display::relative_day(d, today)))
            .unwrap_or_default();
        facts.push((
            t("markdown.birthday"),
            format!("{}{next}", crate::display::day_month(birthday)),
        ));
    }
    if let Some(met) = c.met_on {
        facts.push((t("markdown.met_on"), crate::display::date(met)));
    }
    facts
}

/// The contact's tags as a list of interests.
fn write_interests(out: &mut impl Write, c: &Contact) -> std::io::Result<()> {
    writeln!(out, "\n## {}\n", t("markdown.interests"))?;
    let interests: Vec<String> = c
        .tags
        .iter()
        .map(|tag| inline(tag))
        .filter(|tag| !tag.is_empty())
        .collect();
    if interests.is_empty() {
        writeln!(out, "{}", t("markdown.nothing"))?;
    }
    for tag in interests {
        writeln!(out, "- {}", line_start(&tag))?;
    }
    Ok(())
}

/// Open promises, both ways: mine first, then theirs, each with its due date.
fn write_promises(
    out: &mut impl Write,
    promises: &[PromiseRow],
    today: NaiveDate,
) -> std::io::Result<()> {
    writeln!(out, "\n## {}", t("markdown.open_promises"))?;
    if promises.is_empty() {
        writeln!(out, "\n{}", t("markdown.no_open_promises"))?;
    }
    for (owner, key) in [
        (Owner::Me, "markdown.my_promises"),
        (Owner::Them, "markdown.their_promises"),
    ] {
        let mine: Vec<_> = promises
            .iter()
            .filter(|r| r.promise.owner == owner)
            .collect();
        if mine.is_empty() {
            continue;
        }
        writeln!(out, "\n### {}\n", t(key))?;
        for row in mine {
            let p = &row.promise;
            let due = promise_due(p.due, today);
            writeln!(out, "- {} — {due}", line_start(&one_line(&p.text)))?;
        }
    }
    Ok(())
}

/// A promise's due date in words, marked when overdue; or that it has none.
fn promise_due(due: Option<NaiveDate>, today: NaiveDate) -> String {
    let Some(due) = due else {
        return t("markdown.no_due").to_string();
    };
    let mut text = tr(
        "markdown.due",
        &[
            ("date", &crate::display::date(due)),
            ("when", &crate::display::relative_day(due, today)),
        ],
    );
    if due < today {
        let _ = write!(text, ", **{}**", t("status.overdue"));
    }
    text
}

/// Pillar scores as a table, always with what produced them.
fn write_pillars(out: &mut impl Write, scores: &PillarScores) -> std::io::Result<()> {
    writeln!(out, "\n## {}\n", t("markdown.pillars"))?;
    writeln!(
        out,
        "| {} | {} | {} |",
        cell(t("markdown.pillar")),
        cell(t("markdown.score")),
        cell(t("markdown.inputs"))
    )?;
    writeln!(out, "|---|---:|---|")?;
    for (key, score) in [
        ("pillar.trust", &scores.trust),
        ("pillar.sympathy", &scores.sympathy),
        ("pillar.competence", &scores.competence),
        ("pillar.longterm", &scores.longterm),
    ] {
        writeln!(
            out,
            "| {} | {} | {} |",
            cell(t(key)),
            score
                .score
                .map_or_else(|| "–".to_string(), |s| s.to_string()),
            cell(&crate::display::score_inputs(score, " · "))
        )?;
    }
    Ok(())
}

/// Status, last and next touch, cadence, and the reasons in words.
fn write_status(
    out: &mut impl Write,
    health: &ContactHealth,
    today: NaiveDate,
) -> std::io::Result<()> {
    writeln!(out, "\n## {}\n", t("markdown.status"))?;
    let h = &health.health;
    let status = if health.contact.archived {
        t("status.archived")
    } else {
        crate::display::status_word(h.status)
    };
    writeln!(out, "- **{}:** {status}", t("markdown.status"))?;
    let last = h
        .last_touch
        .map_or_else(|| t("time.never").to_string(), |d| dated(d, today));
    writeln!(out, "- **{}:** {last}", t("markdown.last_touch"))?;
    if let Some(due) = h.due_on {
        writeln!(
            out,
            "- **{}:** {}",
            t("markdown.next_touch"),
            dated(due, today)
        )?;
    }
    let cadence = h.cadence_days.map_or_else(
        || t("status.ambient").to_string(),
        |n| tr("contact.cadence_days", &[("n", &n)]),
    );
    writeln!(out, "- **{}:** {cadence}", t("markdown.cadence"))?;
    let reasons = crate::display::reasons(health, today);
    if !reasons.is_empty() {
        writeln!(out, "\n### {}\n", t("markdown.why"))?;
        for reason in reasons {
            writeln!(out, "- {}", line_start(&one_line(&reason)))?;
        }
    }
    Ok(())
}

/// The last entries, each with its date and time.
fn write_last_entries(out: &mut impl Write, recent: &[EntryRow]) -> std::io::Result<()> {
    writeln!(out, "\n## {}", t("markdown.last_entries"))?;
    if recent.is_empty() {
        writeln!(out, "\n{}", t("markdown.no_entries"))?;
    }
    for row in recent {
        write_entry(out, row, &crate::display::date_time(&row.entry.occurred_at))?;
    }
    Ok(())
}

/// One entry: a heading with `when`, kind and title, then who it was with and their mood, then the body.
fn write_entry(out: &mut impl Write, row: &EntryRow, when: &str) -> std::io::Result<()> {
    let e = &row.entry;
    let mut title = format!("{when} · {}", crate::display::kind_word(e.kind));
    if let Some(t) = e.title.as_deref().map(inline).filter(|t| !t.is_empty()) {
        title.push_str(" · ");
        title.push_str(&t);
    }
    writeln!(out, "\n### {}", heading(&title))?;
    let names: Vec<String> = row
        .contact_names
        .iter()
        .map(|(_, name)| inline(name))
        .collect();
    let mut facts = format!("*{}:* {}", t("markdown.with"), names.join(", "));
    if e.mood.is_some() {
        let _ = write!(
            facts,
            " · *{}:* {}",
            t("markdown.mood"),
            crate::display::mood(e.mood)
        );
    }
    writeln!(out, "\n{facts}")?;
    write_block(out, &e.body)?;
    Ok(())
}

/// Writes free text as Markdown paragraphs (a blank line before each), keeping the writer's line breaks
/// and escaping line starts. Returns false when there was nothing to write.
fn write_block(out: &mut impl Write, text: &str) -> std::io::Result<bool> {
    fn flush(paragraph: &mut Vec<String>, out: &mut impl Write) -> std::io::Result<bool> {
        if paragraph.is_empty() {
            return Ok(false);
        }
        // Two trailing spaces make a hard line break, so the text keeps its lines.
        writeln!(out, "\n{}", paragraph.join("  \n"))?;
        paragraph.clear();
        Ok(true)
    }
    let clean = crate::text::sanitize_block(text);
    let mut paragraph: Vec<String> = Vec::new();
    let mut wrote = false;
    for line in clean.lines() {
        let line = line.trim();
        if line.is_empty() {
            wrote |= flush(&mut paragraph, out)?;
        } else {
            paragraph.push(line_start(line));
        }
    }
    wrote |= flush(&mut paragraph, out)?;
    Ok(wrote)
}

/// Escapes the first character of a line of user text when Markdown would read it as structure: a
/// heading, quote, list item, thematic break, setext underline, table row, code fence, HTML block or
/// link definition. Leading whitespace (an indented code block) is dropped.
fn line_start(line: &str) -> String {
    let line = line.trim_start();
    match line.chars().next() {
        Some('#' | '>' | '-' | '*' | '+' | '=' | '|' | '`' | '~' | '_' | '<' | '[') => {
            format!("\\{line}")
        }
        Some('0'..='9') => {
            let digits = line.bytes().take_while(u8::is_ascii_digit).count();
            match line.as_bytes().get(digits) {
                Some(b'.' | b')') => format!("{}\\{}", &line[..digits], &line[digits..]),
                _ => line.to_string(),
            }
        }
        _ => line.to_string(),
    }
}

/// Heading text: a trailing run of `#` would be read as the heading's closing sequence.
fn heading(text: &str) -> String {
    let body = text.trim_end_matches('#');
    if body.len() == text.len() {
        text.to_string()
    } else {
        format!("{body}\\{}", &text[body.len()..])
    }
}

/// A table cell: one line, with `|` escaped.
fn cell(text: &str) -> String {
    one_line(text).replace('|', "\\|")
}

/// A name, title or other one-line field: [`one_line`] with every character that Markdown reads as
/// inline syntax (emphasis, code, links, HTML, escapes) escaped, so it shows as written.
fn inline(text: &str) -> String {
    let line = one_line(text);
    let mut out = String::with_capacity(line.len() + 8);
    for c in line.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '~') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// One line of user text, control characters made visible, without surrounding spaces.
fn one_line(text: &str) -> String {
    crate::text::sanitize_line(text).trim().to_string()
}

/// "2026-11-20 (7 days ago)".
fn dated(day: NaiveDate, today: NaiveDate) -> String {
    format!(
        "{} ({})",
        crate::display::date(day),
        crate::display::relative_day(day, today)
    )
}

/// "Friday, 2026-11-27": the heading of a day.
fn day_heading(day: NaiveDate) -> String {
    let weekday = crate::display::weekday_name(day);
    tr(
        "markdown.day",
        &[("weekday", &weekday), ("date", &crate::display::date(day))],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::fixture::{now, store as demo};
    use crate::domain::model::{Entry, Kind, Signals};

    fn render(f: impl FnOnce(&mut Vec<u8>) -> anyhow::Result<()>) -> String {
        let mut out = Vec::new();
        f(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn briefing_has_etiquette_interests_promises_pillars_and_entries() {
        let store = demo();
        let today = now().date_naive();
        // A contact with an open promise of mine.
        let promise = store
            .promises(None, true)
            .unwrap()
            .into_iter()
            .find(|r| r.promise.owner == Owner::Me)
            .expect("the demo has an open promise of mine");
        let (contact, _) = store.contact(promise.promise.contact).unwrap();
        let text =
            render(|out| briefing(&store, contact.id, &CadenceDefaults::default(), today, out));
        assert!(text.starts_with(&format!("# Briefing: {}\n", contact.name)));
        assert!(
            text.contains(contact.salutation.as_deref().unwrap()),
            "{text}"
        );
        assert!(!contact.tags.is_empty());
        for tag in &contact.tags {
            assert!(text.contains(&format!("- {tag}\n")), "{tag}");
        }
        assert!(text.contains(&promise.promise.text), "{text}");
        assert!(text.contains("\n## Last entries\n"), "{text}");
        assert!(text.contains("| Trust | "), "{text}");
        assert!(text.contains("on time "), "{text}");
        let entries = text.split("\n## Last entries\n").nth(1).unwrap();
        assert_eq!(entries.matches("\n### ").count(), 5, "{entries}");
    }

    #[test]
    fn briefing_of_a_du_contact_names_the_form_of_address() {
        let store = demo();
        let (contact, _) = store
            .contacts(false, true)
            .unwrap()
            .into_iter()
            .find(|(c, _)| c.name == "Sören Weiß")
            .unwrap();
        let text = render(|out| {
            briefing(
                &store,
                contact.id,
                &CadenceDefaults::default(),
                now().date_naive(),
                out,
            )
        });
        assert!(
            text.contains("- **Form of address:** du (informal)\n"),
            "{text}"
        );
        assert!(text.contains("- **Salutation:** Sören\n"), "{text}");
        assert!(
            text.contains("- **Company:** Nordlicht Logistik AG\n"),
            "{text}"
        );
        assert!(text.contains("Segelt jeden Sommer in Dänemark"), "{text}");
    }

    #[test]
    fn journal_starts_with_the_newest_day_and_escapes_structure() {
        let mut store = demo();
        let (id, _) = {
            let (c, _) = store
                .contacts(false, false)
                .unwrap()
                .into_iter()
                .next()
                .unwrap();
            (c.id, c.name)
        };
        let newest = now() + chrono::Duration::days(1);
        store
            .add_entry(
                &Entry {
                    id: 0,
                    occurred_at: newest,
                    kind: Kind::Call,
                    title: Some("Status | Plan ##".into()),
                    body: "Agenda:\n# not a heading\n> not a quote\n- not a list\n1. not a list\
                           \n\u{1b}[31mred\n\n    indented\n<div>\n"
                        .into(),
                    contacts: vec![id],
                    mood: Some(1),
                    initiative: None,
                    signals: Signals::default(),
                },
                &[],
            )
            .unwrap();
        let text = render(|out| journal(&store, out));
        let first_day = text
            .lines()
            .find(|l| l.starts_with("## "))
            .expect("a day heading");
        assert_eq!(first_day, "## Saturday, 2026-11-28");
        assert!(text.starts_with("# Journal\n\n## Saturday, 2026-11-28\n\n### 10:00 · Call · "));
        assert!(
            text.contains("### 10:00 · Call · Status | Plan \\##\n"),
            "{text}"
        );
        assert!(text.contains("*Mood:* +1"), "{text}");
        assert!(
            text.contains(
                "Agenda:  \n\\# not a heading  \n\\> not a quote  \n\\- not a list  \n1\\. not a list  \n^[[31mred\n\nindented  \n\\<div>\n"
            ),
            "{text}"
        );
        assert!(!text.contains('\u{1b}'));
        // Days come newest first, each once.
        let days: Vec<&str> = text.lines().filter(|l| l.starts_with("## ")).collect();
        let mut seen = std::collections::HashSet::new();
        assert!(days.iter().all(|d| seen.insert(*d)), "a day appears twice");
        assert!(days.len() > 100);
        let entries = text.lines().filter(|l| l.starts_with("### ")).count();
        assert_eq!(
            i64::try_from(entries).unwrap(),
            store.entry_count(None).unwrap()
        );
    }

    #[test]
    fn journal_pages_through_more_entries_than_a_page() {
        // The demo holds more than one page; the count check above proves every page was read.
        let store = demo();
        assert!(store.entry_count(None).unwrap() > i64::try_from(PAGE).unwrap());
    }

    #[test]
    fn the_briefing_title_shows_control_characters_in_the_name_visibly() {
        let mut store = Store::open_in_memory().unwrap();
        let name = "Eve\u{1b}]52;c;ZXZpbA==\u{7}\u{202e}Mallory\u{1b}[2J";
        let id = store
            .add_contact(&crate::domain::model::Contact::new(name, now()))
            .unwrap();
        let today = now().date_naive();
        let text = render(|out| briefing(&store, id, &CadenceDefaults::default(), today, out));
        let title = text.lines().next().unwrap();
        assert_eq!(
            title,
            "# Briefing: Eve^\\[\\]52;c;ZXZpbA==^G\\\\u{202e}Mallory^\\[\\[2J"
        );
        assert!(!text.contains(['\u{1b}', '\u{7}', '\u{202e}']), "{text}");
    }

    #[test]
    fn names_and_titles_are_escaped_like_bodies() {
        let mut store = Store::open_in_memory().unwrap();
        let name = "Anna *Star* <img src=x onerror=alert(1)>";
        let id = store
            .add_contact(&crate::domain::model::Contact {
                company: Some("_Acme_ `Ltd` [x](javascript:alert(1))".into()),
                role: Some("**Chief** \\ Officer".into()),
                tags: vec!["- <b>tag</b>".into()],
                ..crate::domain::model::Contact::new(name, now())
            })
            .unwrap();
        store
            .add_entry(
                &Entry {
                    id: 0,
                    occurred_at: now(),
                    kind: Kind::Call,
                    title: Some("**Big** <b>deal</b> [link](http://x) ##".into()),
                    body: "*emphasis* stays text".into(),
                    contacts: vec![id],
                    mood: None,
                    initiative: None,
                    signals: Signals::default(),
                },
                &[],
            )
            .unwrap();
        let today = now().date_naive();
        let text = render(|out| briefing(&store, id, &CadenceDefaults::default(), today, out));
        let escaped_name = "Anna \\*Star\\* \\<img src=x onerror=alert(1)\\>";
        assert!(
            text.starts_with(&format!("# Briefing: {escaped_name}\n")),
            "{text}"
        );
        for line in [
            "- **Company:** \\_Acme\\_ \\`Ltd\\` \\[x\\](javascript:alert(1))\n",
            "- **Role:** \\*\\*Chief\\*\\* \\\\ Officer\n",
            "- \\- \\<b\\>tag\\</b\\>\n",
        ] {
            assert!(text.contains(line), "{line}\n{text}");
        }
        let journal = render(|out| journal(&store, out));
        assert!(
            journal.contains(&format!("*With:* {escaped_name}\n")),
            "{journal}"
        );
        let title =
            "### 10:00 · Call · \\*\\*Big\\*\\* \\<b\\>deal\\</b\\> \\[link\\](http://x) \\##\n";
        assert!(journal.contains(title), "{journal}");
        assert!(
            text.contains(&title[title.find("Call").unwrap_or(0)..]),
            "{text}"
        );
        assert!(
            !journal.contains("<b>") && !text.contains(" <img"),
            "{journal}"
        );
    }

    #[test]
    fn line_starts_are_escaped_only_where_they_matter() {
        for (input, expected) in [
            ("# h", "\\# h"),
            ("#hashtag", "\\#hashtag"),
            ("> q", "\\> q"),
            ("- l", "\\- l"),
            ("* l", "\\* l"),
            ("+ l", "\\+ l"),
            ("---", "\\---"),
            ("===", "\\==="),
            ("| a | b |", "\\| a | b |"),
            ("```rust", "\\```rust"),
            ("12. item", "12\\. item"),
            ("3) item", "3\\) item"),
            ("2026 was good", "2026 was good"),
            ("   # indented", "\\# indented"),
            ("Müller & Söhne", "Müller & Söhne"),
        ] {
            assert_eq!(line_start(input), expected, "{input}");
        }
        assert_eq!(heading("Issue ##"), "Issue \\##");
        assert_eq!(heading("C# talk"), "C# talk");
        assert_eq!(cell("a | b"), "a \\| b");
    }
}
