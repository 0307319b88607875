//! A one-line text field: the editing keys people expect from a shell prompt.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};
use unicode_width::UnicodeWidthChar;

/// Text and a cursor (in characters).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    text: String,
    cursor: usize,
    placeholder: Option<&'static str>,
}

impl LineInput {
    /// A field holding `text`, the cursor at its end.
    pub fn new(text: &str) -> LineInput {
        let text: String = text.chars().filter(|c| !c.is_control()).collect();
        LineInput {
            cursor: text.chars().count(),
            text,
            placeholder: None,
        }
    }

    /// The same field, showing `placeholder` dimmed while it is empty (the value used when nothing
    /// is typed, e.g. "now").
    pub fn with_placeholder(mut self, placeholder: &'static str) -> LineInput {
        self.placeholder = Some(placeholder);
        self
    }

    /// What an empty field shows.
    pub fn placeholder(&self) -> Option<&'static str> {
        self.placeholder
    }

    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text without surrounding blanks.
    pub fn value(&self) -> &str {
        self.text.trim()
    }

    /// True when only blanks.
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// Replaces the text.
    pub fn set(&mut self, text: &str) {
        let placeholder = self.placeholder;
        *self = LineInput::new(text);
        self.placeholder = placeholder;
    }

    fn byte_index(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// Applies an editing key; returns true when the text changed. Keys it does not know are ignored.
    pub fn handle(&mut self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let len = self.text.chars().count();
        match key.code {
            KeyCode::Char('w') if ctrl => self.delete_word_before(),
            KeyCode::Char('u') if ctrl => self.delete_range(0, self.cursor),
            KeyCode::Char('k') if ctrl => self.delete_range(self.cursor, len),
            KeyCode::Char('a') if ctrl => self.move_to(0),
            KeyCode::Char('e') if ctrl => self.move_to(len),
            KeyCode::Char(c) if !ctrl && !c.is_control() => {
                self.insert(c);
                true
            }
            KeyCode::Backspace if self.cursor > 0 => {
                self.delete_range(self.cursor - 1, self.cursor)
            }
            KeyCode::Delete if self.cursor < len => self.delete_range(self.cursor, self.cursor + 1),
            KeyCode::Left => self.move_to(self.cursor.saturating_sub(1)),
            KeyCode::Right => self.move_to((self.cursor + 1).min(len)),
            KeyCode::Home => self.move_to(0),
            KeyCode::End => self.move_to(len),
            _ => false,
        }
    }

    /// Puts the cursor at character `at`; the text does not change, so this returns false.
    fn move_to(&mut self, at: usize) -> bool {
        self.cursor = at;
        false
    }

    /// Inserts `c` at the cursor and moves past it.
    fn insert(&mut self, c: char) {
        let at = self.byte_index(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
    }

    /// Deletes the characters `start..end`; the cursor stays on the same text (at `start` when it was
    /// inside them). True when any went.
    fn delete_range(&mut self, start: usize, end: usize) -> bool {
        let (a, b) = (self.byte_index(start), self.byte_index(end));
        self.text.replace_range(a..b, "");
        if self.cursor > start {
            self.cursor = start.max(self.cursor.saturating_sub(end - start));
        }
        a < b
    }

    /// Ctrl-W: deletes the word before the cursor and the blanks after it.
    fn delete_word_before(&mut self) -> bool {
        let before: Vec<char> = self.text.chars().take(self.cursor).collect();
        let mut start = before.len();
        while start > 0 && before[start - 1] == ' ' {
            start -= 1;
        }
        while start > 0 && before[start - 1] != ' ' {
            start -= 1;
        }
        self.delete_range(start, self.cursor)
    }

    /// Inserts pasted text (line breaks, also a terminal's CR, become spaces).
    pub fn paste(&mut self, text: &str) {
        for c in crate::text::normalize_line_endings(text).chars() {
            let c = if c == '\n' || c == '\t' { ' ' } else { c };
            if !c.is_control() {
                self.insert(c);
            }
        }
    }

    /// What to draw in `width` columns: the visible slice of the text and the cursor's column in it.
    pub fn view(&self, width: usize) -> (String, usize) {
        self.view_at(width, self.cursor)
    }

    /// The start of the text, as an unfocused field shows it.
    pub fn head(&self, width: usize) -> String {
        self.view_at(width, 0).0
    }

    fn view_at(&self, width: usize, cursor: usize) -> (String, usize) {
        let chars: Vec<char> = self.text.chars().collect();
        let col_of = |range: &[char]| range.iter().map(|c| c.width().unwrap_or(0)).sum::<usize>();
        let mut start = 0;
        while start < cursor && col_of(&chars[start..cursor]) >= width.max(1) {
            start += 1;
        }
        let mut shown = String::new();
        let mut used = 0;
        for c in &chars[start..] {
            let w = c.width().unwrap_or(0);
            if used + w > width {
                break;
            }
            used += w;
            shown.push(*c);
        }
        (shown, col_of(&chars[start..cursor]))
    }
}

/// A multi-line text field holding `text`, wrapping at words, the cursor at its end.
pub fn text_area(text: &str, placeholder: &str) -> TextArea<'static> {
    let mut area = TextArea::new(text.split('\n').map(str::to_string).collect());
    area.set_wrap_mode(WrapMode::WordOrGlyph);
    area.set_placeholder_text(placeholder.to_string());
    area.move_cursor(CursorMove::Bottom);
    area.move_cursor(CursorMove::End);
    area
}

/// Keys for a multi-line field: the text area's own, except `Ctrl-U`, which deletes to the start of
/// the line as in a shell (the text area would undo the last edit instead). True when text changed.
pub fn text_area_key(area: &mut TextArea<'static>, key: &KeyEvent) -> bool {
    if key.code == KeyCode::Char('u') && key.modifiers.contains(KeyModifiers::CONTROL) {
        return area.delete_line_by_head();
    }
    area.input(*key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(input: &mut LineInput, code: KeyCode) {
        input.handle(&KeyEvent::new(code, KeyModifiers::NONE));
    }

    #[test]
    fn edits_like_a_prompt() {
        let mut i = LineInput::new("Müller");
        press(&mut i, KeyCode::Backspace);
        press(&mut i, KeyCode::Home);
        press(&mut i, KeyCode::Char('H'));
        assert_eq!(i.text(), "HMülle");
        i.handle(&KeyEvent::new(KeyCode::Char('e'), KeyModifiers::CONTROL));
        i.paste(" und\nKo");
        assert_eq!(i.text(), "HMülle und Ko");
        i.paste("\rGmbH");
        assert_eq!(
            i.text(),
            "HMülle und Ko GmbH",
            "a pasted CR is a line break, not nothing"
        );
        i.handle(&KeyEvent::new(KeyCode::Char('w'), KeyModifiers::CONTROL));
        assert_eq!(i.text(), "HMülle und Ko ");
    }

    #[test]
    fn deleting_keys_keep_the_cursor_on_its_text() {
        let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
        let mut i = LineInput::new("eins zwei drei");
        press(&mut i, KeyCode::Left);
        press(&mut i, KeyCode::Left);
        assert!(i.handle(&ctrl('k')), "Ctrl-K deletes to the end");
        assert_eq!(i.view(40), ("eins zwei dr".to_string(), 12));
        assert!(!i.handle(&ctrl('k')), "nothing after the cursor");
        press(&mut i, KeyCode::Home);
        press(&mut i, KeyCode::Delete);
        assert_eq!(i.view(40), ("ins zwei dr".to_string(), 0));
        assert!(!i.handle(&ctrl('u')), "nothing before the cursor");
        press(&mut i, KeyCode::End);
        assert!(i.handle(&ctrl('w')));
        assert_eq!(i.view(40), ("ins zwei ".to_string(), 9));
        press(&mut i, KeyCode::Left);
        assert!(i.handle(&ctrl('u')), "Ctrl-U deletes to the start");
        assert_eq!(i.view(40), (" ".to_string(), 0));
        press(&mut i, KeyCode::Backspace);
        assert_eq!(i.text(), " ", "Backspace at the start deletes nothing");
    }

    #[test]
    fn view_scrolls_to_keep_the_cursor_visible() {
        let i = LineInput::new("abcdefghij");
        assert_eq!(i.view(5), ("ghij".to_string(), 4));
        let mut j = LineInput::new("abcdefghij");
        press(&mut j, KeyCode::Home);
        assert_eq!(j.view(5), ("abcde".to_string(), 0));
    }
}
