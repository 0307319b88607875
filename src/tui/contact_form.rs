//! The contact form: add a contact (`a`) or edit one (`e`).

use super::cycle;
use super::input::{LineInput, text_area, text_area_key};
use crate::clock::Clock;
use crate::domain::dates::{birthday_text, parse_birthday, parse_duration_days, parse_since};
use crate::domain::model::{AddressForm, Contact, Tier};
use crate::i18n::{t, tr};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui_textarea::TextArea;

/// The fields, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// Name (required).
    Name,
    /// Company.
    Company,
    /// Role.
    Role,
    /// Du / Sie.
    AddressForm,
    /// Salutation.
    Salutation,
    /// Email.
    Email,
    /// Phone.
    Phone,
    /// Tier.
    Tier,
    /// Cadence override.
    Cadence,
    /// Interests, comma-separated.
    Tags,
    /// Birthday.
    Birthday,
    /// Relationship since.
    MetOn,
    /// Private: kept from assistants (yes / no).
    Private,
    /// Personal notes.
    Notes,
}

/// Every field in Tab order.
pub const FIELDS: &[Field] = &[
    Field::Name,
    Field::Company,
    Field::Role,
    Field::AddressForm,
    Field::Salutation,
    Field::Email,
    Field::Phone,
    Field::Tier,
    Field::Cadence,
    Field::Tags,
    Field::Birthday,
    Field::MetOn,
    Field::Private,
    Field::Notes,
];

impl Field {
    /// Catalogue key of the label.
    pub fn label_key(self) -> &'static str {
        match self {
            Field::Name => "contact_form.name",
            Field::Company => "contact_form.company",
            Field::Role => "contact_form.role",
            Field::AddressForm => "contact_form.address_form",
            Field::Salutation => "contact_form.salutation",
            Field::Email => "contact_form.email",
            Field::Phone => "contact_form.phone",
            Field::Tier => "contact_form.tier",
            Field::Cadence => "contact_form.cadence",
            Field::Tags => "contact_form.tags",
            Field::Birthday => "contact_form.birthday",
            Field::MetOn => "contact_form.met_on",
            Field::Private => "contact_form.private",
            Field::Notes => "contact_form.notes",
        }
    }
}

/// The form's state: the contact being edited and a text field per text value.
pub struct ContactForm {
    /// The original (id 0 for a new contact).
    pub original: Contact,
    /// Text fields by field (all but the notes).
    pub inputs: Vec<(Field, LineInput)>,
    /// Personal notes, several lines.
    pub notes: TextArea<'static>,
    /// Du / Sie.
    pub address_form: Option<AddressForm>,
    /// Tier.
    pub tier: Option<Tier>,
    /// Kept from assistants.
    pub private: bool,
    /// Focused field.
    pub focus: Field,
    /// Problems found on save.
    pub errors: Vec<(Field, String)>,
    /// Changed since opened.
    pub dirty: bool,
}

impl ContactForm {
    /// The form for `contact` (a blank one with id 0 to add).
    pub fn new(contact: Contact) -> ContactForm {
        let day = |d: Option<chrono::NaiveDate>| {
            d.map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default()
        };
        let text = |s: &Option<String>| s.clone().unwrap_or_default();
        let inputs = vec![
            (Field::Name, LineInput::new(&contact.name)),
            (Field::Company, LineInput::new(&text(&contact.company))),
            (Field::Role, LineInput::new(&text(&contact.role))),
            (
                Field::Salutation,
                LineInput::new(&text(&contact.salutation)),
            ),
            (Field::Email, LineInput::new(&text(&contact.email))),
            (Field::Phone, LineInput::new(&text(&contact.phone))),
            (
                Field::Cadence,
                LineInput::new(
                    &contact
                        .cadence_days
                        .map(|c| c.to_string())
                        .unwrap_or_default(),
                ),
            ),
            (Field::Tags, LineInput::new(&contact.tags.join(", "))),
            (
                Field::Birthday,
                LineInput::new(&contact.birthday.map(birthday_text).unwrap_or_default()),
            ),
            (Field::MetOn, LineInput::new(&day(contact.met_on))),
        ];
        ContactForm {
            notes: text_area(&text(&contact.notes), ""),
            address_form: contact.address_form,
            tier: contact.tier,
            private: contact.private,
            original: contact,
            inputs,
            focus: Field::Name,
            errors: Vec::new(),
            dirty: false,
        }
    }

    /// The text field of `field`, if it is a text field.
    pub fn input(&self, field: Field) -> Option<&LineInput> {
        self.inputs
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, i)| i)
    }

    fn value(&self, field: Field) -> Option<String> {
        self.input(field)
            .map(LineInput::value)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    }

    /// Moves focus forwards (1) or backwards (-1), wrapping.
    pub fn cycle_focus(&mut self, step: isize) {
        let at = FIELDS.iter().position(|f| *f == self.focus).unwrap_or(0);
        self.focus = FIELDS[(at + FIELDS.len()).saturating_add_signed(step) % FIELDS.len()];
    }

    /// Handles a key the keymap left to the focused field.
    pub fn handle_key(&mut self, key: &KeyEvent) {
        let step = match key.code {
            KeyCode::Left => -1,
            KeyCode::Right | KeyCode::Char(' ') => 1,
            _ => 0,
        };
        let changed = match self.focus {
            Field::AddressForm => {
                let options = [None, Some(AddressForm::Du), Some(AddressForm::Sie)];
                self.address_form = cycle(&options, self.address_form, step);
                step != 0
            }
            Field::Tier => {
                let options = [
                    None,
                    Some(Tier::A),
                    Some(Tier::B),
                    Some(Tier::C),
                    Some(Tier::Ambient),
                ];
                self.tier = cycle(&options, self.tier, step);
                step != 0
            }
            Field::Private => {
                self.private = cycle(&[false, true], self.private, step);
                step != 0
            }
            Field::Notes => text_area_key(&mut self.notes, key),
            focus => self
                .inputs
                .iter_mut()
                .find(|(f, _)| *f == focus)
                .is_some_and(|(_, i)| i.handle(key)),
        };
        if changed {
            self.dirty = true;
            self.errors.retain(|(f, _)| *f != self.focus);
        }
    }

    /// The notes as one text.
    pub fn notes_text(&self) -> String {
        self.notes.lines().join("\n")
    }

    /// Replaces the notes (after the external editor).
    pub fn set_notes(&mut self, text: &str) {
        let text = crate::text::normalize_line_endings(text);
        let text = text.trim_end_matches('\n');
        if text != self.notes_text() {
            self.dirty = true;
        }
        self.notes = text_area(text, "");
    }

    /// Pasted text goes to the focused text field.
    pub fn paste(&mut self, text: &str) {
        let focus = self.focus;
        if focus == Field::Notes {
            self.notes
                .insert_str(crate::text::normalize_line_endings(text));
            self.dirty = true;
            return;
        }
        if let Some((_, input)) = self.inputs.iter_mut().find(|(f, _)| *f == focus) {
            input.paste(text);
            self.dirty = true;
        }
    }

    /// Checks the fields; returns the contact to save, or records errors beside the fields.
    pub fn check(&mut self, clock: &Clock) -> Option<Contact> {
        self.errors.clear();
        let mut c = self.original.clone();
        match self.value(Field::Name) {
            Some(name) => match crate::domain::model::name_problem(&name) {
                Some(key) => {
                    let shown = crate::text::sanitize_line(&name);
                    self.errors
                        .push((Field::Name, tr(key, &[("name", &shown)])));
                }
                None => c.name = name,
            },
            None => self
                .errors
                .push((Field::Name, t("error.empty_name").to_string())),
        }
        c.company = self.value(Field::Company);
        c.role = self.value(Field::Role);
        c.salutation = self.value(Field::Salutation);
        c.email = self.value(Field::Email);
        c.phone = self.value(Field::Phone);
        c.address_form = self.address_form;
        c.tier = self.tier;
        c.private = self.private;
        let notes = self.notes_text();
        c.notes = Some(notes.trim_end().to_string()).filter(|n| !n.trim().is_empty());
        c.tags = self
            .value(Field::Tags)
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect();
        c.cadence_days = match self.value(Field::Cadence) {
            None => None,
            Some(text) => match parse_duration_days(&text) {
                Ok(days) => Some(days),
                Err(e) => {
                    self.errors.push((Field::Cadence, e.to_string()));
                    None
                }
            },
        };
        for (field, slot) in [
            (Field::Birthday, &mut c.birthday),
            (Field::MetOn, &mut c.met_on),
        ] {
            *slot = match self
                .inputs
                .iter()
                .find(|(f, _)| *f == field)
                .map(|(_, i)| i.value().to_string())
            {
                Some(text) if !text.is_empty() => match if field == Field::Birthday {
                    parse_birthday(&text, clock.today())
                } else {
                    parse_since(&text, clock.today())
                } {
                    Ok(d) => Some(d),
                    Err(e) => {
                        self.errors.push((field, e.to_string()));
                        None
                    }
                },
                _ => None,
            };
        }
        if let Some((field, _)) = self.errors.first() {
            self.focus = *field;
            return None;
        }
        Some(c)
    }

    /// The error recorded for a field, if any.
    pub fn error(&self, field: Field) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, e)| e.as_str())
    }
}
