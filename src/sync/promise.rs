//! A promise as a VTODO on a CalDAV server and as [`Fields`]: SUMMARY, DUE, STATUS (NEEDS-ACTION,
//! COMPLETED, CANCELLED for open, kept, broken; another app's IN-PROCESS is open and kept while the
//! promise is), COMPLETED, the contact as `CONTACT` and `ATTENDEE`
//! with `X-RAPPORT-CONTACT`, the entry as `RELATED-TO;RELTYPE=X-RAPPORT-ENTRY`, the owner as
//! `X-RAPPORT-OWNER`. What rapport has no field for (PRIORITY, alarms, other apps' X- properties,
//! time zones, a DUE with a time) is kept in fields of its own and written back unchanged.

use super::fields::{ContactHint, ContactLabel, Fields, MappingError, put, text};
use super::ical::{
    Component, begin_record, date_of, date_time_of, end_record, fold_into, hint_of, names_contact,
    only, param, read_calendar, text_of, text_value, timezones_field, utc_stamp,
};
use crate::domain::model::{Id, Owner, Promise, PromiseStatus};
use chrono::{DateTime, NaiveDate, Utc};

/// The RELATED-TO relation type that links a promise to the entry it came from (another app's
/// RELATED-TO, a parent task, is kept as read).
pub const ENTRY_RELATION: &str = "X-RAPPORT-ENTRY";

/// A VTODO read from a server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteTodo {
    /// Its UID.
    pub uid: String,
    /// Its fields; `contact` is missing when the VTODO names its contact only by the hint.
    pub fields: Fields,
    /// What the VTODO says about its contact (ATTENDEE email and CN, CONTACT text, UID), for the engine
    /// to resolve when `contact` is missing.
    pub hint: ContactHint,
}

/// The fields of a promise: `text`, `due` (`YYYY-MM-DD`), `status`, `closed_at` (UTC, as iCalendar
/// writes it), `owner`, `contact` (the contact's sync UID) and `entry` (the entry's sync UID).
pub fn promise_fields(promise: &Promise, contact_uid: &str, entry_uid: Option<&str>) -> Fields {
    let mut fields = Fields::new();
    put(&mut fields, "text", Some(promise.text.as_str()));
    put(
        &mut fields,
        "due",
        promise.due.map(|d| d.format("%Y-%m-%d").to_string()),
    );
    put(&mut fields, "status", Some(promise.status.as_str()));
    put(
        &mut fields,
        "closed_at",
        promise
            .closed_at
            .map(|at| utc_stamp(at.with_timezone(&Utc))),
    );
    put(&mut fields, "owner", Some(promise.owner.as_str()));
    put(&mut fields, "contact", Some(contact_uid));
    put(&mut fields, "entry", entry_uid);
    fields
}

/// The promise `fields` describe (id 0), made to or by `contact`, from `entry`.
///
/// # Errors
///
/// [`MappingError::Invalid`] for a value rapport cannot read, or an empty text.
pub fn promise_from_fields(
    fields: &Fields,
    contact: Id,
    entry: Option<Id>,
) -> Result<Promise, MappingError> {
    let word = |key: &str| text(fields, key).unwrap_or_default();
    let invalid = |key: &str| MappingError::invalid(key, word(key));
    let promise_text = word("text");
    if promise_text.trim().is_empty() {
        return Err(invalid("text"));
    }
    let due = text(fields, "due")
        .map(|v| NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| invalid("due")))
        .transpose()?;
    let closed_at = text(fields, "closed_at")
        .map(|v| date_time_of(v).ok_or_else(|| invalid("closed_at")))
        .transpose()?
        .map(|at| at.and_utc().fixed_offset());
    Ok(Promise {
        id: 0,
        contact,
        entry,
        owner: word("owner").parse().map_err(|_| invalid("owner"))?,
        text: promise_text.to_string(),
        due,
        status: word("status").parse().map_err(|_| invalid("status"))?,
        closed_at,
    })
}

/// The VTODO text of a promise for the server, from its fields (kept lines written back as read),
/// stamped `stamp`. The engine best keeps as base what [`read_vtodo`] reads from this text.
pub fn vtodo_text(
    uid: &str,
    fields: &Fields,
    contact: &ContactLabel<'_>,
    stamp: DateTime<Utc>,
) -> String {
    let mut out = String::new();
    let stamp = utc_stamp(stamp);
    begin_record(&mut out, "VTODO", uid, fields, &stamp);
    let mut line = |l: String| fold_into(&mut out, &l);
    line(format!(
        "SUMMARY:{}",
        text_value(text(fields, "text").unwrap_or_default())
    ));
    if let Some(due) = text(fields, "due") {
        let kept = text(fields, "due_line").filter(|l| {
            let value = l.rsplit_once(':').map(|(_, v)| v).unwrap_or_default();
            date_of(value)
                .map(|d| d.format("%Y-%m-%d").to_string())
                .as_deref()
                == Some(due)
        });
        match kept {
            Some(kept) => line(kept.to_string()),
            None => line(format!("DUE;VALUE=DATE:{}", due.replace('-', ""))),
        }
    }
    let status = text(fields, "status").unwrap_or("open");
    let closed = text(fields, "closed_at");
    match status {
        "kept" => {
            line("STATUS:COMPLETED".into());
            line("PERCENT-COMPLETE:100".into());
            if let Some(at) = closed {
                line(format!("COMPLETED:{at}"));
            }
        }
        "broken" => {
            line("STATUS:CANCELLED".into());
            if let Some(at) = closed {
                line(format!("X-RAPPORT-CLOSED:{at}"));
            }
        }
        _ => match text(fields, "status_line") {
            Some(kept) => line(kept.to_string()),
            None => line("STATUS:NEEDS-ACTION".into()),
        },
    }
    write_links(&mut out, fields, contact);
    for kept in text(fields, "extra")
        .into_iter()
        .flat_map(|e| e.split('\n'))
    {
        let percent = kept.starts_with("PERCENT-COMPLETE") && status == "kept";
        if !percent && !names_contact(kept, contact) {
            fold_into(&mut out, kept);
        }
    }
    end_record(&mut out, "VTODO");
    out
}

/// The contact (CONTACT, ATTENDEE, X-RAPPORT-CONTACT), the entry and the owner of a VTODO.
fn write_links(out: &mut String, fields: &Fields, contact: &ContactLabel<'_>) {
    fold_into(out, &format!("CONTACT:{}", text_value(contact.name)));
    if contact.email.is_some() {
        super::ical::push_attendee(out, contact);
    }
    if let Some(uid) = text(fields, "contact") {
        fold_into(out, &format!("X-RAPPORT-CONTACT:{}", text_value(uid)));
    }
    if let Some(uid) = text(fields, "entry") {
        fold_into(
            out,
            &format!("RELATED-TO;RELTYPE={ENTRY_RELATION}:{}", text_value(uid)),
        );
    }
    let owner = text(fields, "owner").unwrap_or(Owner::Me.as_str());
    fold_into(out, &format!("X-RAPPORT-OWNER:{}", text_value(owner)));
}

/// Reads a server's VTODO (one in the calendar object) into fields and a contact hint.
///
/// # Errors
///
/// [`MappingError`] for a text the parser refuses, not exactly one VTODO, no UID, or a value rapport
/// needs and cannot read (DUE, COMPLETED, X-RAPPORT-OWNER).
pub fn read_vtodo(text: &str) -> Result<RemoteTodo, MappingError> {
    let calendar = read_calendar(text)?;
    let todo = only(&calendar, "VTODO")?;
    let mut fields = Fields::new();
    put(&mut fields, "timezones", timezones_field(&calendar));
    let mut hint = ContactHint::default();
    let mut extra = Vec::new();
    let mut contacts = Vec::new();
    let mut uid = None;
    for property in &todo.properties {
        let value = property.value.as_str();
        let invalid = || MappingError::invalid(&property.name, value);
        let first = !fields.contains_key(&field_of(&property.name));
        match property.name.as_str() {
            "UID" if uid.is_none() => uid = Some(text_of(property).trim().to_string()),
            "SUMMARY" if first => put(&mut fields, "text", Some(text_of(property))),
            "DUE" if first => {
                let due = date_of(value).ok_or_else(invalid)?;
                put(&mut fields, "due", Some(due.format("%Y-%m-%d").to_string()));
                if !(param(property, "VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE"))
                    && value.len() == 8)
                {
                    put(&mut fields, "due_line", Some(property.line()));
                }
            }
            "STATUS" if first => {
                put(&mut fields, "status", status_of(value));
                // IN-PROCESS (being worked on) is open to rapport; kept to be written back.
                if status_of(value) == Some(PromiseStatus::Open.as_str())
                    && !value.trim().eq_ignore_ascii_case("NEEDS-ACTION")
                {
                    put(&mut fields, "status_line", Some(property.line()));
                }
            }
            "COMPLETED" | "X-RAPPORT-CLOSED" => {
                let at = date_time_of(value).ok_or_else(invalid)?;
                put(&mut fields, "closed_at", Some(utc_stamp(at.and_utc())));
            }
            "PERCENT-COMPLETE" if value.trim() == "100" => {}
            "X-RAPPORT-CONTACT" if first => {
                let contact = text_of(property).trim().to_string();
                hint.uid = Some(contact.clone());
                put(&mut fields, "contact", Some(contact));
            }
            "RELATED-TO" if first && param(property, "RELTYPE") == Some(ENTRY_RELATION) => {
                put(
                    &mut fields,
                    "entry",
                    Some(text_of(property).trim().to_string()),
                );
            }
            "X-RAPPORT-OWNER" => {
                let owner: Owner = text_of(property).parse().map_err(|_| invalid())?;
                put(&mut fields, "owner", Some(owner.as_str()));
            }
            "CREATED" if first => put(&mut fields, "created", Some(value)),
            "DTSTAMP" | "LAST-MODIFIED" => {}
            "ATTENDEE" if param(property, "X-RAPPORT-CONTACT").is_some() => {}
            name => {
                if name == "ATTENDEE" || name == "CONTACT" {
                    let more = hint_of(property);
                    hint.emails.extend(more.emails);
                    hint.names.extend(more.names);
                }
                if name == "CONTACT" {
                    contacts.push(property.line());
                } else {
                    extra.push(property.line());
                }
            }
        }
    }
    // rapport writes the CONTACT of a task it knows the contact of; another app's is kept.
    if !fields.contains_key("contact") {
        extra.extend(contacts);
    }
    extra.extend(todo.components.iter().flat_map(Component::lines));
    finish(fields, uid, extra, hint)
}

/// The field a VTODO property is read into (to take only the first of a repeated one).
fn field_of(property: &str) -> String {
    match property {
        "SUMMARY" => "text",
        "X-RAPPORT-CONTACT" => "contact",
        "RELATED-TO" => "entry",
        other => return other.to_ascii_lowercase(),
    }
    .to_string()
}

/// A VTODO STATUS as a promise status: COMPLETED is kept, CANCELLED broken, anything else open.
fn status_of(value: &str) -> Option<&'static str> {
    Some(match value.trim().to_ascii_uppercase().as_str() {
        "COMPLETED" => PromiseStatus::Kept.as_str(),
        "CANCELLED" => PromiseStatus::Broken.as_str(),
        _ => PromiseStatus::Open.as_str(),
    })
}

/// The read VTODO with its defaults: a task without X-RAPPORT-OWNER is mine; one with a COMPLETED
/// time and no STATUS is kept.
fn finish(
    mut fields: Fields,
    uid: Option<String>,
    extra: Vec<String>,
    hint: ContactHint,
) -> Result<RemoteTodo, MappingError> {
    let uid = uid
        .filter(|u| !u.is_empty())
        .ok_or(MappingError::NoUid { kind: "VTODO" })?;
    if !fields.contains_key("status") {
        let kept = fields.contains_key("closed_at");
        put(
            &mut fields,
            "status",
            status_of(if kept { "COMPLETED" } else { "" }),
        );
    }
    fields
        .entry("owner".into())
        .or_insert_with(|| Owner::Me.as_str().into());
    put(&mut fields, "extra", super::fields::join_list(&extra));
    Ok(RemoteTodo { uid, fields, hint })
}

#[cfg(test)]
#[path = "promise_tests.rs"]
mod tests;
