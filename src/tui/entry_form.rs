//! The entry form: who, what kind, when, title, mood, initiative, signals, promises, body.
//! `n` opens it with the cursor in the body, so "type, Ctrl-S" writes an entry.

use super::cycle;
use super::fuzzy;
use super::input::{LineInput, text_area, text_area_key};
use crate::clock::Clock;
use crate::domain::dates::{self, Direction};
use crate::domain::model::{Entry, Id, Initiative, Kind, Owner, Signals};
use crate::i18n::t;
use crate::store::NewPromise;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui_textarea::TextArea;

/// The fields, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// Who it was with.
    Contacts,
    /// Meeting, call, ...
    Kind,
    /// When it happened.
    When,
    /// One-line title.
    Title,
    /// Their mood.
    Mood,
    /// Who took the initiative.
    Initiative,
    /// Pillar signals.
    Signals,
    /// My promise.
    MyPromise,
    /// Its due date.
    MyDue,
    /// Their promise.
    TheirPromise,
    /// Its due date.
    TheirDue,
    /// The text.
    Body,
}

const NEW_FIELDS: &[Field] = &[
    Field::Contacts,
    Field::Kind,
    Field::When,
    Field::Title,
    Field::Mood,
    Field::Initiative,
    Field::Signals,
    Field::MyPromise,
    Field::MyDue,
    Field::TheirPromise,
    Field::TheirDue,
    Field::Body,
];
const EDIT_FIELDS: &[Field] = &[
    Field::Contacts,
    Field::Kind,
    Field::When,
    Field::Title,
    Field::Mood,
    Field::Initiative,
    Field::Signals,
    Field::Body,
];

/// A contact the picker can offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Store id.
    pub id: Id,
    /// Name.
    pub name: String,
    /// Company, for telling namesakes apart.
    pub company: Option<String>,
}

/// The form's state.
pub struct EntryForm {
    /// The entry being edited (None for a new one).
    pub editing: Option<Id>,
    /// Chosen contacts.
    pub contacts: Vec<Candidate>,
    /// Names of contacts to create on save.
    pub new_contacts: Vec<String>,
    /// The picker's text.
    pub picker: LineInput,
    /// Every contact the picker can offer.
    pub candidates: Vec<Candidate>,
    /// Indices into `candidates` matching the picker text, best first (at most a handful shown).
    pub matches: Vec<usize>,
    /// Highlighted suggestion (index into `matches`, or `matches.len()` for "create").
    pub suggestion: usize,
    /// Kind.
    pub kind: Kind,
    /// When, as typed.
    pub when: LineInput,
    /// Title.
    pub title: LineInput,
    /// Mood.
    pub mood: Option<i8>,
    /// `-` was the last key in the mood field: the digit after it is negative ("-2").
    mood_minus: bool,
    /// Initiative.
    pub initiative: Option<Initiative>,
    /// Signals.
    pub signals: Signals,
    /// Which signal ←/→ selects (0 trust … 3 long-term).
    pub signal_cursor: usize,
    /// My promise text.
    pub my_promise: LineInput,
    /// Its due date as typed.
    pub my_due: LineInput,
    /// Their promise.
    pub their_promise: LineInput,
    /// Its due date as typed.
    pub their_due: LineInput,
    /// The body.
    pub body: TextArea<'static>,
    /// The focused field.
    pub focus: Field,
    /// Problems found on save, shown beside their fields.
    pub errors: Vec<(Field, String)>,
    /// Changed since opened.
    pub dirty: bool,
    /// The inbox proposal this new entry is made from (see `proposal_form.rs`): saving accepts it.
    pub proposal: Option<Id>,
}

/// What a successful check produces: everything the store needs to write.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    /// The entry (its id is the edited one, or 0).
    pub entry: Entry,
    /// Contacts to create first.
    pub new_contacts: Vec<String>,
    /// Promises to write with a new entry.
    pub promises: Vec<NewPromise>,
    /// The inbox proposal it is made from, accepted with it.
    pub proposal: Option<Id>,
}

/// The contacts `names` as the picker offers them (with their company), else by name alone.
pub(super) fn chosen(names: &[(Id, String)], candidates: &[Candidate]) -> Vec<Candidate> {
    names
        .iter()
        .map(|(id, name)| {
            candidates
                .iter()
                .find(|c| c.id == *id)
                .cloned()
                .unwrap_or(Candidate {
                    id: *id,
                    name: name.clone(),
                    company: None,
                })
        })
        .collect()
}

fn body_area(text: &str) -> TextArea<'static> {
    text_area(text, t("form.body_placeholder"))
}

impl EntryForm {
    /// A new entry about `contact` (if any), kind meeting, time now, focus in the body.
    pub fn new(
        contact: Option<Candidate>,
        candidates: Vec<Candidate>,
        template: bool,
    ) -> EntryForm {
        let body = if template {
            [
                t("template.trust"),
                t("template.sympathy"),
                t("template.competence"),
                t("template.longterm"),
            ]
            .iter()
            .map(|p| format!("{p} "))
            .collect::<Vec<_>>()
            .join("\n")
        } else {
            String::new()
        };
        let focus = if contact.is_some() {
            Field::Body
        } else {
            Field::Contacts
        };
        let mut form = EntryForm {
            editing: None,
            contacts: contact.into_iter().collect(),
            new_contacts: Vec::new(),
            picker: LineInput::default(),
            candidates,
            matches: Vec::new(),
            suggestion: 0,
            kind: Kind::Meeting,
            when: LineInput::default().with_placeholder(t("form.now")),
            title: LineInput::default(),
            mood: None,
            mood_minus: false,
            initiative: None,
            signals: Signals::default(),
            signal_cursor: 0,
            my_promise: LineInput::default(),
            my_due: LineInput::default(),
            their_promise: LineInput::default(),
            their_due: LineInput::default(),
            body: body_area(&body),
            focus,
            errors: Vec::new(),
            dirty: false,
            proposal: None,
        };
        if template {
            form.body.move_cursor(ratatui_textarea::CursorMove::Top);
            form.body.move_cursor(ratatui_textarea::CursorMove::End);
        }
        form.refresh_matches();
        form
    }

    /// The form filled from an existing entry.
    pub fn edit(entry: &Entry, names: &[(Id, String)], candidates: Vec<Candidate>) -> EntryForm {
        let chosen = chosen(names, &candidates);
        let mut form = EntryForm::new(None, candidates, false);
        form.editing = Some(entry.id);
        form.contacts = chosen;
        form.kind = entry.kind;
        form.when = LineInput::new(&entry.occurred_at.format("%Y-%m-%d %H:%M").to_string())
            .with_placeholder(t("form.now"));
        form.title = LineInput::new(entry.title.as_deref().unwrap_or_default());
        form.mood = entry.mood;
        form.initiative = entry.initiative;
        form.signals = entry.signals;
        form.body = body_area(&entry.body);
        form.focus = Field::Body;
        form.refresh_matches();
        form
    }

    /// The fields in Tab order (promises only for new entries).
    pub fn fields(&self) -> &'static [Field] {
        if self.editing.is_some() {
            EDIT_FIELDS
        } else {
            NEW_FIELDS
        }
    }

    /// Moves focus forwards (1) or backwards (-1), wrapping.
    pub fn cycle_focus(&mut self, step: isize) {
        let fields = self.fields();
        let at = fields.iter().position(|f| *f == self.focus).unwrap_or(0);
        let len = fields.len();
        let next = (at + len).saturating_add_signed(step) % len;
        self.focus = fields[next];
    }

    pub(super) fn refresh_matches(&mut self) {
        let chosen: Vec<Id> = self.contacts.iter().map(|c| c.id).collect();
        let texts: Vec<String> = self
            .candidates
            .iter()
            .map(|c| format!("{} {}", c.name, c.company.as_deref().unwrap_or_default()))
            .collect();
        self.matches = if self.picker.is_blank() {
            Vec::new()
        } else {
            fuzzy::rank(self.picker.value(), texts.iter().map(String::as_str))
                .into_iter()
                .filter(|i| !chosen.contains(&self.candidates[*i].id))
                .take(6)
                .collect()
        };
        self.suggestion = 0;
    }

    /// True when the picker offers to create a contact named as typed.
    pub fn offers_create(&self) -> bool {
        let typed = crate::text::fold(self.picker.value());
        !self.picker.is_blank()
            && !self
                .new_contacts
                .iter()
                .any(|n| crate::text::fold(n) == typed)
            && !self
                .matches
                .iter()
                .any(|i| crate::text::fold(&self.candidates[*i].name) == typed)
    }

    /// Handles a key that the keymap left to the focused field.
    pub fn handle_key(&mut self, key: &KeyEvent) {
        let changed = match self.focus {
            Field::Contacts => self.picker_key(key),
            Field::Kind => {
                let step = match key.code {
                    KeyCode::Left => -1,
                    KeyCode::Right | KeyCode::Char(' ') => 1,
                    KeyCode::Char(c) => {
                        return self.kind_by_letter(c);
                    }
                    _ => 0,
                };
                self.kind = cycle(Kind::ALL, self.kind, step);
                step != 0
            }
            Field::Mood => self.mood_key(key),
            Field::Initiative => {
                let options = [
                    None,
                    Some(Initiative::Me),
                    Some(Initiative::Them),
                    Some(Initiative::Mutual),
                ];
                let step = match key.code {
                    KeyCode::Left => -1,
                    KeyCode::Right | KeyCode::Char(' ') => 1,
                    KeyCode::Char('m') => return self.set_initiative(Some(Initiative::Me)),
                    KeyCode::Char('t') => return self.set_initiative(Some(Initiative::Them)),
                    KeyCode::Char('b' | 'u') => {
                        return self.set_initiative(Some(Initiative::Mutual));
                    }
                    KeyCode::Backspace | KeyCode::Delete => return self.set_initiative(None),
                    _ => 0,
                };
                self.initiative = cycle(&options, self.initiative, step);
                step != 0
            }
            Field::Signals => self.signal_key(key),
            Field::When => self.when.handle(key),
            Field::Title => self.title.handle(key),
            Field::MyPromise => self.my_promise.handle(key),
            Field::MyDue => self.my_due.handle(key),
            Field::TheirPromise => self.their_promise.handle(key),
            Field::TheirDue => self.their_due.handle(key),
            Field::Body => text_area_key(&mut self.body, key),
        };
        if changed {
            self.dirty = true;
            self.errors.retain(|(f, _)| *f != self.focus);
        }
    }

    /// Pasted text goes to the focused text field.
    pub fn paste(&mut self, text: &str) {
        let text = &*crate::text::normalize_line_endings(text);
        match self.focus {
            Field::Body => {
                self.body.insert_str(text);
            }
            Field::Contacts => {
                self.picker.paste(text);
                self.refresh_matches();
            }
            Field::When => self.when.paste(text),
            Field::Title => self.title.paste(text),
            Field::MyPromise => self.my_promise.paste(text),
            Field::MyDue => self.my_due.paste(text),
            Field::TheirPromise => self.their_promise.paste(text),
            Field::TheirDue => self.their_due.paste(text),
            _ => return,
        }
        self.dirty = true;
    }

    fn set_initiative(&mut self, value: Option<Initiative>) {
        self.initiative = value;
        self.dirty = true;
    }

    fn kind_by_letter(&mut self, c: char) {
        // Repeated letters cycle through the kinds that start with it (m: meeting, message).
        let starts: Vec<Kind> = Kind::ALL
            .iter()
            .copied()
            .filter(|k| k.as_str().starts_with(c))
            .collect();
        if let Some(first) = starts.first() {
            let at = starts.iter().position(|k| *k == self.kind);
            self.kind = at.map_or(*first, |i| starts[(i + 1) % starts.len()]);
            self.dirty = true;
        }
    }

    /// `-1`, `-2`, `2`, `+1` type the value they read as; `-` alone is -1, `--` -2; ←/→ step.
    fn mood_key(&mut self, key: &KeyEvent) -> bool {
        let minus = std::mem::take(&mut self.mood_minus);
        let new = match key.code {
            KeyCode::Char('-') => {
                self.mood_minus = !minus;
                Some(if minus { -2 } else { -1 })
            }
            KeyCode::Char('+') => Some(1),
            KeyCode::Char(c @ '0'..='2') => {
                let value = i8::try_from(c.to_digit(10).unwrap_or(0)).unwrap_or(0);
                Some(if minus { -value } else { value })
            }
            KeyCode::Left => Some(self.mood.map_or(-1, |m| (m - 1).max(-2))),
            KeyCode::Right => Some(self.mood.map_or(1, |m| (m + 1).min(2))),
            KeyCode::Backspace | KeyCode::Delete => None,
            _ => return false,
        };
        let changed = new != self.mood;
        self.mood = new;
        changed
    }

    fn signal_key(&mut self, key: &KeyEvent) -> bool {
        let slot = match self.signal_cursor {
            0 => &mut self.signals.trust,
            1 => &mut self.signals.sympathy,
            2 => &mut self.signals.competence,
            _ => &mut self.signals.longterm,
        };
        match key.code {
            KeyCode::Left => {
                self.signal_cursor = self.signal_cursor.saturating_sub(1);
                false
            }
            KeyCode::Right => {
                self.signal_cursor = (self.signal_cursor + 1).min(3);
                false
            }
            KeyCode::Char('+') => {
                *slot = Some(1);
                true
            }
            KeyCode::Char('-') => {
                *slot = Some(-1);
                true
            }
            KeyCode::Char('0') => {
                *slot = Some(0);
                true
            }
            KeyCode::Char(' ') => {
                *slot = match *slot {
                    None => Some(1),
                    Some(1) => Some(-1),
                    Some(-1) => Some(0),
                    _ => None,
                };
                true
            }
            KeyCode::Backspace | KeyCode::Delete => {
                *slot = None;
                true
            }
            _ => false,
        }
    }

    fn picker_key(&mut self, key: &KeyEvent) -> bool {
        let options = self.matches.len() + usize::from(self.offers_create());
        match key.code {
            KeyCode::Down => {
                if options > 0 {
                    self.suggestion = (self.suggestion + 1) % options;
                }
                false
            }
            KeyCode::Up => {
                if options > 0 {
                    self.suggestion = (self.suggestion + options - 1) % options;
                }
                false
            }
            KeyCode::Enter if self.picker.is_blank() => {
                self.focus = Field::Body;
                false
            }
            KeyCode::Enter => {
                if let Some(index) = self.matches.get(self.suggestion) {
                    self.contacts.push(self.candidates[*index].clone());
                } else if self.offers_create() {
                    self.new_contacts.push(self.picker.value().to_string());
                } else {
                    return false;
                }
                self.picker.set("");
                self.refresh_matches();
                true
            }
            KeyCode::Backspace if self.picker.text().is_empty() => {
                if self.new_contacts.pop().is_none() {
                    self.contacts.pop();
                }
                true
            }
            _ => {
                let changed = self.picker.handle(key);
                if changed {
                    self.refresh_matches();
                }
                false
            }
        }
    }

    /// Esc in the name picker with text in it clears the text (and its suggestions) instead of
    /// closing the form. True when it did.
    pub fn close_picker(&mut self) -> bool {
        if self.focus != Field::Contacts || self.picker.text().is_empty() {
            return false;
        }
        self.picker.set("");
        self.refresh_matches();
        true
    }

    /// The moment the When field means, read by `resolve`; now while nothing is typed (its
    /// placeholder says so).
    fn when_instant(
        &self,
        clock: &Clock,
        resolve: impl FnOnce(&str) -> Result<chrono::DateTime<chrono::FixedOffset>, String>,
    ) -> Result<chrono::DateTime<chrono::FixedOffset>, String> {
        if self.when.is_blank() {
            Ok(clock.now)
        } else {
            resolve(self.when.value())
        }
    }

    /// What the When field resolves to ("→ Fri 27.11.2026 10:00"), shown beside it as one types.
    pub fn when_preview(&self, clock: &Clock) -> Option<String> {
        // Also a time in the future, so that one sees what was typed before saving refuses it.
        let at = self.when_instant(clock, |text| clock.instant(text)).ok()?;
        let weekday = crate::display::weekday_name(at.date_naive());
        Some(format!("→ {weekday} {}", crate::display::date_time(&at)))
    }

    /// The body's text.
    pub fn body_text(&self) -> String {
        self.body.lines().join("\n")
    }

    /// Replaces the body (after the external editor).
    pub fn set_body(&mut self, text: &str) {
        let text = crate::text::normalize_line_endings(text);
        let text = text.trim_end_matches('\n');
        if text != self.body_text() {
            self.dirty = true;
        }
        self.body = body_area(text);
    }

    /// Checks every field; on success returns what to write, else records the errors beside the fields.
    pub fn check(&mut self, clock: &Clock) -> Option<Checked> {
        self.errors.clear();
        let today = clock.today();
        if self.contacts.is_empty() && self.new_contacts.is_empty() {
            self.errors
                .push((Field::Contacts, t("form.error.no_contact").to_string()));
        }
        let occurred_at = match self.when_instant(clock, |text| clock.entry_instant(text)) {
            Ok(t) => Some(t),
            Err(e) => {
                self.errors.push((Field::When, e));
                None
            }
        };
        let promises = self.check_promises(today);
        if !self.errors.is_empty() {
            if let Some((field, _)) = self.errors.first() {
                self.focus = *field;
            }
            return None;
        }
        let occurred_at = occurred_at?;
        let title = self.title.value();
        Some(Checked {
            entry: Entry {
                id: self.editing.unwrap_or(0),
                occurred_at,
                kind: self.kind,
                title: (!title.is_empty()).then(|| title.to_string()),
                body: self.body_text().trim_end().to_string(),
                contacts: self.contacts.iter().map(|c| c.id).collect(),
                mood: self.mood,
                initiative: self.initiative,
                signals: self.signals,
            },
            new_contacts: self.new_contacts.clone(),
            promises,
            proposal: self.proposal,
        })
    }

    /// The promises typed into a new entry (none when editing one); a due date that does not parse, or
    /// a due date without a text, is recorded as an error beside its field.
    fn check_promises(&mut self, today: chrono::NaiveDate) -> Vec<NewPromise> {
        let mut promises = Vec::new();
        if self.editing.is_some() {
            return promises;
        }
        for (owner, text, due, text_field, due_field) in [
            (
                Owner::Me,
                &self.my_promise,
                &self.my_due,
                Field::MyPromise,
                Field::MyDue,
            ),
            (
                Owner::Them,
                &self.their_promise,
                &self.their_due,
                Field::TheirPromise,
                Field::TheirDue,
            ),
        ] {
            let due_date = if due.is_blank() {
                None
            } else {
                match dates::parse_date(due.value(), today, Direction::Future) {
                    Ok(d) => Some(d),
                    Err(e) => {
                        self.errors.push((due_field, e.to_string()));
                        None
                    }
                }
            };
            if text.is_blank() {
                if !due.is_blank() {
                    self.errors
                        .push((text_field, t("form.error.promise_text").to_string()));
                }
            } else {
                promises.push(NewPromise {
                    owner,
                    text: text.value().to_string(),
                    due: due_date,
                });
            }
        }
        promises
    }

    /// The error recorded for a field, if any.
    pub fn error(&self, field: Field) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, e)| e.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clock() -> Clock {
        Clock::fixed(
            chrono::DateTime::parse_from_rfc3339("2026-11-27T10:00:00+01:00")
                .unwrap_or_else(|e| panic!("{e}")),
        )
    }

    #[test]
    fn promises_are_checked_with_their_due_dates() {
        let mut form = EntryForm::new(None, Vec::new(), false);
        form.new_contacts.push("Anna Weber".into());
        form.my_promise.set("send the offer");
        form.my_due.set("2026-12-04");
        form.their_due.set("2026-12-01");
        assert!(form.check(&clock()).is_none(), "a due date without a text");
        assert!(form.error(Field::TheirPromise).is_some());
        assert_eq!(form.focus, Field::TheirPromise);

        form.their_promise.set("sign");
        let checked = form
            .check(&clock())
            .unwrap_or_else(|| panic!("{:?}", form.errors));
        let promises: Vec<_> = checked
            .promises
            .iter()
            .map(|p| (p.owner, p.text.as_str(), p.due.map(|d| d.to_string())))
            .collect();
        assert_eq!(
            promises,
            [
                (Owner::Me, "send the offer", Some("2026-12-04".to_string())),
                (Owner::Them, "sign", Some("2026-12-01".to_string())),
            ]
        );

        form.editing = Some(7);
        let checked = form
            .check(&clock())
            .unwrap_or_else(|| panic!("{:?}", form.errors));
        assert!(
            checked.promises.is_empty(),
            "an edited entry keeps its promises"
        );
    }
}
