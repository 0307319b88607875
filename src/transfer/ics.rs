//! Calendar export (RFC 5545): open promises and the next due touches as to-dos (VTODO), so that a
//! calendar or task app can remind you of them. Export only; nothing is read back from calendars.

use crate::domain::model::{Contact, Id, Owner, Tier};
use crate::domain::rules::CadenceDefaults;
use crate::i18n::tr;
use crate::insight::{self, ContactHealth};
use crate::store::{PromiseRow, Store, StoreError};
use crate::sync::ical::{fold_into, text_value};
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use std::collections::HashMap;

/// Writes an iCalendar: a VTODO for each open promise (mine and theirs) with its due date, and one for
/// each active, non-ambient contact's next due touch. `contact` narrows both to one contact.
///
/// # Errors
///
/// Whatever the store reports (an unknown `contact` is [`StoreError::NotFound`]).
pub fn export(
    store: &Store,
    defaults: &CadenceDefaults,
    now: DateTime<FixedOffset>,
    contact: Option<Id>,
) -> Result<String, StoreError> {
    let today = now.date_naive();
    let stamp = now.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ").to_string();
    let (contacts, touches) = scope(store, defaults, today, contact)?;

    let mut cal = Calendar::default();
    cal.line("BEGIN:VCALENDAR");
    cal.line("VERSION:2.0");
    cal.line("PRODID:-//rapport//rapport//EN");
    cal.line("CALSCALE:GREGORIAN");
    cal.line("X-WR-CALNAME:rapport");
    for row in store.promises(contact, true)? {
        cal.todo(&promise_todo(&row, &contacts, &stamp));
    }
    for health in touches.iter().filter(|h| is_due_touch(h)) {
        cal.todo(&touch_todo(health, today, &stamp));
    }
    cal.line("END:VCALENDAR");
    Ok(cal.out)
}

/// The contacts by id and their health: just `contact`, or every active one.
fn scope(
    store: &Store,
    defaults: &CadenceDefaults,
    today: NaiveDate,
    contact: Option<Id>,
) -> Result<(HashMap<Id, Contact>, Vec<ContactHealth>), StoreError> {
    Ok(match contact {
        Some(id) => {
            let health = insight::contact_health(store, id, defaults, today)?;
            let contacts = HashMap::from([(id, health.contact.clone())]);
            (contacts, vec![health])
        }
        None => {
            let contacts = store
                .contacts(true, false)?
                .into_iter()
                .map(|(c, _)| (c.id, c))
                .collect();
            (
                contacts,
                insight::neglect_list(store, defaults, today, true)?,
            )
        }
    })
}

/// The to-do of an open promise: whose it is and what, due when promised, with the contact's company.
fn promise_todo<'a>(row: &PromiseRow, contacts: &HashMap<Id, Contact>, stamp: &'a str) -> Todo<'a> {
    let p = &row.promise;
    let key = match p.owner {
        Owner::Me => "ics.promise_mine",
        Owner::Them => "ics.promise_theirs",
    };
    let summary = tr(
        key,
        &[
            ("name", &one_line(&row.contact_name)),
            ("text", &one_line(&p.text)),
        ],
    );
    let description = contacts
        .get(&p.contact)
        .map(company_line)
        .unwrap_or_default();
    Todo {
        uid: format!("promise-{}@rapport", p.id),
        stamp,
        summary,
        due: p.due,
        description,
    }
}

/// The to-do of a contact's next touch: due on its due date, described by company and the reasons
/// (or the rhythm when no flag explains it).
fn touch_todo<'a>(health: &ContactHealth, today: NaiveDate, stamp: &'a str) -> Todo<'a> {
    let c = &health.contact;
    let mut lines: Vec<String> = Vec::new();
    let company = company_line(c);
    if !company.is_empty() {
        lines.push(company);
    }
    let reasons = crate::display::reasons(health, today);
    if reasons.is_empty() {
        lines.push(crate::display::rhythm(&health.health, today));
    } else {
        lines.extend(reasons);
    }
    Todo {
        uid: format!("touch-{}@rapport", c.id),
        stamp,
        summary: tr("ics.touch", &[("name", &one_line(&c.name))]),
        due: health.health.due_on,
        description: lines.join("\n"),
    }
}

/// True for the contacts whose next touch belongs in the calendar: active, not ambient, with a due date.
fn is_due_touch(health: &ContactHealth) -> bool {
    let c = &health.contact;
    !c.archived && c.tier != Some(Tier::Ambient) && health.health.due_on.is_some()
}

/// "Company · Role", as far as known.
fn company_line(c: &Contact) -> String {
    let parts: Vec<String> = [c.company.as_deref(), c.role.as_deref()]
        .into_iter()
        .flatten()
        .map(one_line)
        .filter(|s| !s.is_empty())
        .collect();
    parts.join(" · ")
}

/// One line of user text: line breaks and tabs become spaces, other control characters go.
fn one_line(text: &str) -> String {
    let spaced: String = text
        .chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect();
    spaced
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// One to-do, ready to write.
struct Todo<'a> {
    uid: String,
    stamp: &'a str,
    summary: String,
    due: Option<NaiveDate>,
    description: String,
}

/// The calendar text being written, one folded content line at a time.
#[derive(Default)]
struct Calendar {
    out: String,
}

impl Calendar {
    fn line(&mut self, line: &str) {
        fold_into(&mut self.out, line);
    }

    fn todo(&mut self, todo: &Todo<'_>) {
        self.line("BEGIN:VTODO");
        self.line(&format!("UID:{}", text_value(&todo.uid)));
        self.line(&format!("DTSTAMP:{}", todo.stamp));
        self.line(&format!("SUMMARY:{}", text_value(&todo.summary)));
        if let Some(due) = todo.due {
            self.line(&format!("DUE;VALUE=DATE:{}", due.format("%Y%m%d")));
        }
        self.line("STATUS:NEEDS-ACTION");
        if !todo.description.is_empty() {
            self.line(&format!("DESCRIPTION:{}", text_value(&todo.description)));
        }
        self.line("END:VTODO");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::fixture::{now, store as demo};
    use crate::domain::model::{Entry, Kind, Signals};
    use crate::store::NewPromise;

    fn parse(text: &str) -> ical::parser::ical::component::IcalCalendar {
        let mut parser = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
        let calendar = parser.next().expect("one calendar").expect("parses");
        assert!(parser.next().is_none(), "exactly one calendar");
        calendar
    }

    fn property<'a>(todo: &'a ical::parser::ical::component::IcalTodo, name: &str) -> &'a str {
        todo.properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.as_deref())
            .unwrap_or_else(|| panic!("{name} missing"))
    }

    /// Undoes the TEXT escapes (the ical crate hands values over raw).
    fn unescape(value: &str) -> String {
        let mut out = String::new();
        let mut chars = value.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n' | 'N') => out.push('\n'),
                    Some(other) => out.push(other),
                    None => out.push('\\'),
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    fn assert_lines_are_well_formed(text: &str) {
        assert!(text.ends_with("\r\n"));
        let bytes = text.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' {
                assert!(i > 0 && bytes[i - 1] == b'\r', "bare LF at byte {i}");
            }
            if b == b'\r' {
                assert_eq!(bytes.get(i + 1), Some(&b'\n'), "bare CR at byte {i}");
            }
        }
        let body = &bytes[..bytes.len() - 2];
        for line in body.split(|&b| b == b'\n') {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            assert!(
                line.len() <= crate::sync::ical::MAX_LINE,
                "{} octets: {line:?}",
                line.len()
            );
            assert!(
                std::str::from_utf8(line).is_ok(),
                "a fold split a UTF-8 character: {line:?}"
            );
        }
    }

    #[test]
    fn demo_export_has_a_todo_per_open_promise_and_due_contact() {
        let store = demo();
        let text = export(&store, &CadenceDefaults::default(), now(), None).unwrap();
        assert_lines_are_well_formed(&text);
        let calendar = parse(&text);
        let open = store.promises(None, true).unwrap().len();
        let active = store
            .contacts(false, false)
            .unwrap()
            .iter()
            .filter(|(c, _)| c.tier != Some(Tier::Ambient))
            .count();
        assert!(open > 0 && active > 0);
        assert_eq!(calendar.todos.len(), open + active);
        let value = |name: &str| {
            calendar
                .properties
                .iter()
                .find(|p| p.name == name)
                .and_then(|p| p.value.clone())
        };
        assert_eq!(value("VERSION").as_deref(), Some("2.0"));
        assert_eq!(value("PRODID").as_deref(), Some("-//rapport//rapport//EN"));
        assert_eq!(value("CALSCALE").as_deref(), Some("GREGORIAN"));
        let mut uids = std::collections::HashSet::new();
        for todo in &calendar.todos {
            assert!(uids.insert(property(todo, "UID").to_string()));
            assert_eq!(property(todo, "DTSTAMP"), "20261127T090000Z");
            assert_eq!(property(todo, "STATUS"), "NEEDS-ACTION");
        }
        // Every active, non-ambient contact's touch is there, with its due date.
        let touch = calendar
            .todos
            .iter()
            .find(|t| {
                property(t, "UID").starts_with("touch-")
                    && property(t, "SUMMARY").contains("Jürgen Müller")
            })
            .expect("a touch for Jürgen Müller");
        assert!(unescape(property(touch, "DESCRIPTION")).contains("Bauer Antriebstechnik GmbH"));
    }

    #[test]
    fn a_promise_round_trips_with_umlauts_commas_and_folding() {
        let mut store = demo();
        let (id, name) = {
            let (c, _) = store
                .contacts(false, false)
                .unwrap()
                .into_iter()
                .find(|(c, _)| c.name == "Käthe Böhm")
                .unwrap();
            (c.id, c.name)
        };
        let text = "Angebot für die Überarbeitung der Rahmenverträge schicken, mit Preisstaffel; \
                    Rückfragen an Frau Dr. Böhm \\ Qualität (Prüfberichte für Öl- und Gasventile)";
        let due = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        store
            .add_entry(
                &Entry {
                    id: 0,
                    occurred_at: now(),
                    kind: Kind::Call,
                    title: None,
                    body: String::new(),
                    contacts: vec![id],
                    mood: None,
                    initiative: None,
                    signals: Signals::default(),
                },
                &[NewPromise {
                    owner: Owner::Me,
                    text: format!("{text}\u{7}\n"),
                    due: Some(due),
                }],
            )
            .unwrap();
        let promise = store
            .promises(Some(id), true)
            .unwrap()
            .into_iter()
            .find(|r| r.promise.text.starts_with("Angebot für die"))
            .unwrap()
            .promise;

        let out = export(&store, &CadenceDefaults::default(), now(), Some(id)).unwrap();
        assert_lines_are_well_formed(&out);
        assert!(out.contains("\r\n "), "the long summary is folded");
        let calendar = parse(&out);
        let open = store.promises(Some(id), true).unwrap().len();
        assert_eq!(calendar.todos.len(), open + 1);
        let todo = calendar
            .todos
            .iter()
            .find(|t| property(t, "UID") == format!("promise-{}@rapport", promise.id))
            .expect("the promise's to-do");
        assert_eq!(
            unescape(property(todo, "SUMMARY")),
            tr("ics.promise_mine", &[("name", &name), ("text", &text)])
        );
        assert!(property(todo, "SUMMARY").contains("schicken\\, mit Preisstaffel\\; Rück"));
        let due_property = todo.properties.iter().find(|p| p.name == "DUE").unwrap();
        assert_eq!(due_property.value.as_deref(), Some("20261204"));
        let params = due_property.params.clone().unwrap_or_default();
        assert!(
            params
                .iter()
                .any(|(k, v)| k == "VALUE" && v == &["DATE".to_string()])
        );
        assert!(
            unescape(property(todo, "DESCRIPTION")).contains("Bauer Antriebstechnik GmbH"),
            "the description names the company"
        );
    }

    #[test]
    fn one_line_cleans_user_text() {
        assert_eq!(
            one_line(" Angebot\r\n schicken\t\u{7} "),
            "Angebot schicken"
        );
    }

    #[test]
    fn an_ambient_or_archived_contact_has_no_touch() {
        let store = demo();
        for (c, _) in store.contacts(true, false).unwrap() {
            if c.archived || c.tier == Some(Tier::Ambient) {
                let out = export(&store, &CadenceDefaults::default(), now(), Some(c.id)).unwrap();
                assert!(!out.contains(&format!("UID:touch-{}@rapport", c.id)));
            }
        }
    }
}
