//! An entry as a VJOURNAL on a CalDAV server and as [`Fields`]: DTSTART (UTC, with the offset it was
//! recorded in as `X-RAPPORT-TZ`, so it round-trips exactly), SUMMARY (title), DESCRIPTION (body, as
//! typed), CATEGORIES (the kind first), one ATTENDEE per contact (CN, `mailto:` email, the contact's
//! UID as `X-RAPPORT-CONTACT`), `X-RAPPORT-MOOD`, `X-RAPPORT-INITIATIVE`, `X-RAPPORT-SIGNALS`. What
//! rapport has no field for (other categories, other apps' properties, a DTSTART in a time zone) is
//! kept and written back unchanged.

use super::fields::{ContactHint, ContactLabel, Fields, MappingError, join_list, list, put, text};
use super::ical::{
    Component, Property, begin_record, date_time_of, end_record, fold_into, hint_of, names_contact,
    only, param, push_attendee, read_calendar, text_of, text_value, timezones_field, utc_stamp,
};
use crate::clock::Clock;
use crate::domain::model::{Entry, Id, Initiative, Kind, Signals};
use crate::transfer::vcard::unescape_split;
use chrono::{DateTime, FixedOffset, TimeZone, Utc};

/// How a field holds `occurred_at`: RFC 3339 to the second, with the offset.
const AT: &str = "%Y-%m-%dT%H:%M:%S%:z";

/// A VJOURNAL read from a server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteJournal {
    /// Its UID.
    pub uid: String,
    /// Its fields; `contacts` holds the UIDs of the contacts rapport wrote.
    pub fields: Fields,
    /// Who else it names, for the engine to match: one hint per ATTENDEE without a contact UID, and
    /// the SUMMARY as a name when it names no contact of rapport's.
    pub hints: Vec<ContactHint>,
}

/// The signals as a field holds them: `trust=1;sympathy=-1` (recorded ones, in pillar order).
fn signals_text(signals: &Signals) -> Option<String> {
    let named = [
        ("trust", signals.trust),
        ("sympathy", signals.sympathy),
        ("competence", signals.competence),
        ("longterm", signals.longterm),
    ];
    let parts: Vec<String> = named
        .iter()
        .filter_map(|(name, value)| value.map(|v| format!("{name}={v}")))
        .collect();
    (!parts.is_empty()).then(|| parts.join(";"))
}

/// Reads [`signals_text`]; `None` for anything else.
fn signals_of(value: &str) -> Option<Signals> {
    let mut signals = Signals::default();
    for part in value.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (name, number) = part.split_once('=')?;
        let number: i8 = number
            .trim()
            .parse()
            .ok()
            .filter(|n| (-1..=1).contains(n))?;
        let slot = match name.trim().to_ascii_lowercase().as_str() {
            "trust" => &mut signals.trust,
            "sympathy" => &mut signals.sympathy,
            "competence" => &mut signals.competence,
            "longterm" => &mut signals.longterm,
            _ => return None,
        };
        *slot = Some(number);
    }
    Some(signals)
}

/// The fields of an entry: `occurred_at`, `kind`, `title`, `body`, `contacts` (their sync UIDs, in the
/// entry's order), `mood`, `initiative`, `signals`.
pub fn entry_fields(entry: &Entry, contact_uids: &[&str]) -> Fields {
    let mut fields = Fields::new();
    put(
        &mut fields,
        "occurred_at",
        Some(entry.occurred_at.format(AT).to_string()),
    );
    put(&mut fields, "kind", Some(entry.kind.as_str()));
    put(&mut fields, "title", entry.title.as_deref());
    put(&mut fields, "body", Some(entry.body.as_str()));
    put(&mut fields, "contacts", join_list(contact_uids));
    put(&mut fields, "mood", entry.mood.map(|m| m.to_string()));
    put(
        &mut fields,
        "initiative",
        entry.initiative.map(|i| i.as_str()),
    );
    put(&mut fields, "signals", signals_text(&entry.signals));
    fields
}

/// The entry `fields` describe (id 0) with `contacts`, the ids the engine resolved its UIDs to.
///
/// # Errors
///
/// [`MappingError::Invalid`] for a value rapport cannot read.
pub fn entry_from_fields(fields: &Fields, contacts: Vec<Id>) -> Result<Entry, MappingError> {
    let word = |key: &str| text(fields, key).unwrap_or_default();
    let invalid = |key: &str| MappingError::invalid(key, word(key));
    let occurred_at =
        DateTime::parse_from_str(word("occurred_at"), AT).map_err(|_| invalid("occurred_at"))?;
    let mood = text(fields, "mood")
        .map(|m| {
            m.parse()
                .ok()
                .filter(|m| (-2..=2).contains(m))
                .ok_or_else(|| invalid("mood"))
        })
        .transpose()?;
    Ok(Entry {
        id: 0,
        occurred_at,
        kind: word("kind").parse().map_err(|_| invalid("kind"))?,
        title: text(fields, "title").map(str::to_string),
        body: word("body").to_string(),
        contacts,
        mood,
        initiative: text(fields, "initiative")
            .map(|i| i.parse::<Initiative>().map_err(|_| invalid("initiative")))
            .transpose()?,
        signals: signals_of(word("signals")).ok_or_else(|| invalid("signals"))?,
    })
}

/// The moment a DTSTART names: a UTC value (`…Z`) at the wall time of `offset` (the `X-RAPPORT-TZ`
/// it was recorded in) or else of `clock`'s zone; a value in a zone rapport knows (`TZID=Europe/
/// Berlin`) in that zone; a floating one, or one in a zone rapport cannot resolve, as a wall time in
/// `offset` or else in `clock`'s zone; a DATE as midnight.
fn start_at(
    line: &Property,
    offset: Option<FixedOffset>,
    clock: Clock,
) -> Option<DateTime<FixedOffset>> {
    let value = line.value.trim();
    let at = date_time_of(value)?;
    if value.ends_with(['Z', 'z']) {
        let instant = at.and_utc();
        return Some(match offset {
            Some(offset) => instant.with_timezone(&offset),
            None => clock.local(instant),
        });
    }
    let zone = param(line, "TZID").filter(|tzid| crate::clock::knows_zone(tzid));
    match (zone, offset) {
        (None, Some(offset)) => offset.from_local_datetime(&at).single(),
        (zone, _) => clock.place_zoned(at, zone).ok(),
    }
}

/// The VJOURNAL text of an entry for the server, from its fields (kept lines written back as read),
/// stamped `stamp`; `contacts` are the labels of the UIDs in `contacts`. The engine best keeps as base
/// what [`read_vjournal`] reads from this text.
pub fn vjournal_text(
    uid: &str,
    fields: &Fields,
    contacts: &[ContactLabel<'_>],
    stamp: DateTime<Utc>,
) -> String {
    let mut out = String::new();
    let stamp = utc_stamp(stamp);
    begin_record(&mut out, "VJOURNAL", uid, fields, &stamp);
    let mut line = |l: String| fold_into(&mut out, &l);
    if let Ok(at) = DateTime::parse_from_str(text(fields, "occurred_at").unwrap_or_default(), AT) {
        // Kept while it still names the entry's moment (read in the entry's own offset).
        let kept = text(fields, "start_line").filter(|l| {
            Property::read(l).and_then(|p| start_at(&p, Some(*at.offset()), Clock::fixed(at)))
                == Some(at)
        });
        match kept {
            Some(kept) => line(kept.to_string()),
            None => line(format!("DTSTART:{}", utc_stamp(at.with_timezone(&Utc)))),
        }
        line(format!("X-RAPPORT-TZ:{}", at.format("%:z")));
    }
    for (key, name) in [("title", "SUMMARY"), ("body", "DESCRIPTION")] {
        if let Some(value) = text(fields, key) {
            line(format!("{name}:{}", text_value(value)));
        }
    }
    line(format!(
        "CATEGORIES:{}",
        text_value(text(fields, "kind").unwrap_or("note"))
    ));
    for (key, name) in [
        ("mood", "X-RAPPORT-MOOD"),
        ("initiative", "X-RAPPORT-INITIATIVE"),
        ("signals", "X-RAPPORT-SIGNALS"),
    ] {
        if let Some(value) = text(fields, key) {
            line(format!("{name}:{}", text_value(value)));
        }
    }
    let written = write_attendees(&mut out, fields, contacts);
    for kept in text(fields, "extra")
        .into_iter()
        .flat_map(|e| e.split('\n'))
    {
        if !written.iter().any(|c| names_contact(kept, c)) {
            fold_into(&mut out, kept);
        }
    }
    end_record(&mut out, "VJOURNAL");
    out
}

/// One ATTENDEE per contact UID of the fields, labelled from `contacts`; returns the labels written.
fn write_attendees<'a>(
    out: &mut String,
    fields: &Fields,
    contacts: &[ContactLabel<'a>],
) -> Vec<ContactLabel<'a>> {
    let mut written = Vec::new();
    for uid in list(fields, "contacts") {
        match contacts.iter().find(|c| c.uid == uid) {
            Some(label) => {
                push_attendee(out, label);
                written.push(*label);
            }
            None => push_attendee(
                out,
                &ContactLabel {
                    uid,
                    name: "",
                    email: None,
                },
            ),
        }
    }
    written
}

/// Reads a server's VJOURNAL (one in the calendar object) into fields and the hints of who it names.
///
/// # Errors
///
/// [`MappingError`] for a text the parser refuses, not exactly one VJOURNAL, no UID, no readable
/// DTSTART, or an X-RAPPORT value that is not valid.
pub fn read_vjournal(text: &str, clock: Clock) -> Result<RemoteJournal, MappingError> {
    let calendar = read_calendar(text)?;
    let journal = only(&calendar, "VJOURNAL")?;
    let mut read = Journal::new(clock);
    put(&mut read.fields, "timezones", timezones_field(&calendar));
    for property in &journal.properties {
        read.property(property)?;
    }
    read.extra
        .extend(journal.components.iter().flat_map(Component::lines));
    read.finish()
}

/// A VJOURNAL as it is being read.
struct Journal {
    clock: Clock,
    fields: Fields,
    uid: Option<String>,
    start: Option<Property>,
    offset: Option<FixedOffset>,
    contacts: Vec<String>,
    hints: Vec<ContactHint>,
    extra: Vec<String>,
}

impl Journal {
    /// Nothing read yet; `clock` places times that name no offset of rapport's.
    fn new(clock: Clock) -> Journal {
        Journal {
            clock,
            fields: Fields::default(),
            uid: None,
            start: None,
            offset: None,
            contacts: Vec::new(),
            hints: Vec::new(),
            extra: Vec::new(),
        }
    }

    /// Takes one property of the VJOURNAL.
    fn property(&mut self, property: &Property) -> Result<(), MappingError> {
        let value = property.value.as_str();
        let invalid = || MappingError::invalid(&property.name, value);
        let fields = &mut self.fields;
        match property.name.as_str() {
            "UID" if self.uid.is_none() => self.uid = Some(text_of(property).trim().to_string()),
            "DTSTART" if self.start.is_none() => {
                self.start = Some(property.clone());
                let ours = property.params.is_empty() && value.ends_with('Z');
                if !ours {
                    put(fields, "start_line", Some(property.line()));
                }
            }
            "X-RAPPORT-TZ" => self.offset = Some(value.trim().parse().map_err(|_| invalid())?),
            "SUMMARY" if !fields.contains_key("title") => {
                put(fields, "title", Some(text_of(property)))
            }
            "DESCRIPTION" if !fields.contains_key("body") => {
                put(fields, "body", Some(text_of(property)))
            }
            "CATEGORIES" => self.categories(property),
            "X-RAPPORT-MOOD" => {
                let mood: i8 = value.trim().parse().map_err(|_| invalid())?;
                (-2..=2).contains(&mood).then_some(()).ok_or_else(invalid)?;
                put(fields, "mood", Some(mood.to_string()));
            }
            "X-RAPPORT-INITIATIVE" => {
                let initiative: Initiative = value.parse().map_err(|_| invalid())?;
                put(fields, "initiative", Some(initiative.as_str()));
            }
            "X-RAPPORT-SIGNALS" => {
                let signals = signals_of(&text_of(property)).ok_or_else(invalid)?;
                put(fields, "signals", signals_text(&signals));
            }
            "CREATED" if !fields.contains_key("created") => put(fields, "created", Some(value)),
            "DTSTAMP" | "LAST-MODIFIED" => {}
            "ATTENDEE" if param(property, "X-RAPPORT-CONTACT").is_some() => {
                let uid = param(property, "X-RAPPORT-CONTACT").unwrap_or_default();
                self.contacts.push(uid.to_string());
            }
            name => {
                if name == "ATTENDEE" {
                    self.hints.push(hint_of(property));
                }
                self.extra.push(property.line());
            }
        }
        Ok(())
    }

    /// The kind from the first category that is one, the other categories kept as a line of their own.
    fn categories(&mut self, property: &Property) {
        let value = property.value.as_str();
        let mut rest = Vec::new();
        for item in unescape_split(value, Some(',')) {
            match item.parse::<Kind>() {
                Ok(kind) if !self.fields.contains_key("kind") => {
                    put(&mut self.fields, "kind", Some(kind.as_str()));
                }
                _ => rest.push(text_value(&item)),
            }
        }
        if !rest.is_empty() {
            let mut kept = property.clone();
            kept.value = rest.join(",");
            self.extra.push(kept.line());
        }
    }

    /// The read VJOURNAL with its defaults (a journal without a kind is a note; one without an
    /// `X-RAPPORT-TZ` was not written by rapport: its time is placed here, see [`start_at`]); one without a readable DTSTART is an error, as an entry needs
    /// its time.
    fn finish(mut self) -> Result<RemoteJournal, MappingError> {
        let uid = self
            .uid
            .filter(|u| !u.is_empty())
            .ok_or(MappingError::NoUid { kind: "VJOURNAL" })?;
        let start = self
            .start
            .ok_or_else(|| MappingError::invalid("DTSTART", ""))?;
        let at = start_at(&start, self.offset, self.clock)
            .ok_or_else(|| MappingError::invalid("DTSTART", &start.value))?;
        let fields = &mut self.fields;
        put(fields, "occurred_at", Some(at.format(AT).to_string()));
        fields
            .entry("kind".into())
            .or_insert_with(|| Kind::Note.as_str().into());
        put(fields, "contacts", join_list(&self.contacts));
        put(fields, "extra", join_list(&self.extra));
        if self.contacts.is_empty()
            && let Some(title) = text(fields, "title")
        {
            self.hints.push(ContactHint {
                names: vec![title.to_string()],
                ..ContactHint::default()
            });
        }
        Ok(RemoteJournal {
            uid,
            fields: self.fields,
            hints: self.hints,
        })
    }
}

#[cfg(test)]
#[path = "entry_tests.rs"]
mod tests;
