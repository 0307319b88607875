//! Picking the contact to merge into the one whose page is open: type to narrow the list (the same
//! fuzzy matching as the entry form's contact picker), ↑/↓ to choose, Enter to see what the merge
//! gives and answer.

use super::entry_form::Candidate;
use super::fuzzy;
use super::input::LineInput;
use crate::domain::model::Id;
use crossterm::event::{KeyCode, KeyEvent};

/// How many matches the picker shows.
pub const SHOWN: usize = 6;

/// The merge picker's state.
pub struct MergePicker {
    /// The contact that stays.
    pub keep: Candidate,
    /// What is typed.
    pub input: LineInput,
    /// Every other contact.
    pub candidates: Vec<Candidate>,
    /// Indices into `candidates` matching the text, best first (at most [`SHOWN`]).
    pub matches: Vec<usize>,
    /// The highlighted match (index into `matches`).
    pub selected: usize,
}

impl MergePicker {
    /// A picker for merging one of `candidates` (all contacts; `keep` itself is left out) into `keep`.
    pub fn new(keep: Candidate, candidates: Vec<Candidate>) -> MergePicker {
        let candidates: Vec<Candidate> =
            candidates.into_iter().filter(|c| c.id != keep.id).collect();
        let mut picker = MergePicker {
            keep,
            input: LineInput::default(),
            candidates,
            matches: Vec::new(),
            selected: 0,
        };
        picker.refresh();
        picker
    }

    fn refresh(&mut self) {
        let texts: Vec<String> = self
            .candidates
            .iter()
            .map(|c| format!("{} {}", c.name, c.company.as_deref().unwrap_or_default()))
            .collect();
        self.matches = fuzzy::rank(self.input.value(), texts.iter().map(String::as_str));
        self.matches.truncate(SHOWN);
        self.selected = 0;
    }

    /// The highlighted contact, if any matches.
    pub fn chosen(&self) -> Option<Id> {
        self.matches
            .get(self.selected)
            .map(|i| self.candidates[*i].id)
    }

    /// Handles a key the keymap left to the picker: ↑/↓ choose, everything else edits the text.
    pub fn handle_key(&mut self, key: &KeyEvent) {
        let n = self.matches.len();
        match key.code {
            KeyCode::Down if n > 0 => self.selected = (self.selected + 1) % n,
            KeyCode::Up if n > 0 => self.selected = (self.selected + n - 1) % n,
            _ => {
                if self.input.handle(key) {
                    self.refresh();
                }
            }
        }
    }

    /// Pasted text narrows the list like typed text.
    pub fn paste(&mut self, text: &str) {
        self.input.paste(text);
        self.refresh();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn candidate(id: Id, name: &str, company: Option<&str>) -> Candidate {
        Candidate {
            id,
            name: name.into(),
            company: company.map(str::to_string),
        }
    }

    #[test]
    fn typing_narrows_and_arrows_choose_without_the_kept_contact() {
        let keep = candidate(1, "Dr. Jürgen Müller", Some("Ankerwerk GmbH"));
        let all = vec![
            keep.clone(),
            candidate(2, "Jürgen Müller", Some("Ankerwerk GmbH")),
            candidate(3, "Anna Weber", None),
            candidate(4, "Jürgen Mueller-Lang", None),
        ];
        let mut picker = MergePicker::new(keep, all);
        assert_eq!(
            picker.candidates.len(),
            3,
            "the kept contact is not offered"
        );
        for c in "jurgen".chars() {
            picker.handle_key(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        assert_eq!(picker.matches.len(), 2);
        assert_eq!(picker.chosen(), Some(2));
        picker.handle_key(&KeyEvent::new(KeyCode::Down, KeyModifiers::NONE));
        assert_eq!(picker.chosen(), Some(4));
        picker.handle_key(&KeyEvent::new(KeyCode::Down, KeyModifiers::NONE));
        assert_eq!(picker.chosen(), Some(2), "wraps around");
        picker.paste("zzz");
        assert_eq!(picker.chosen(), None);
    }
}
