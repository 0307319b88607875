//! The entry and contact forms, drawn in a box over the current screen. Errors stand beside their field.

use super::centered;
use super::widgets::mood_label;
use crate::domain::model::{AddressForm, Kind};
use crate::i18n::t;
use crate::text::{Align, fit, sanitize_line, width};
use crate::tui::app::App;
use crate::tui::contact_form::{self, ContactForm};
use crate::tui::entry_form::{EntryForm, Field};
use crate::tui::input::LineInput;
use crate::tui::promise_form::{PromiseField, PromiseForm};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

const LABEL: usize = 14;

/// The narrowest a text field gets to leave room for its hint.
const MIN_ROOM: usize = 16;

/// The box of a form: centred, below the header, leaving the status line and footer visible.
fn form_area(frame: &mut Frame, area: Rect, width: u16, height: u16) -> Rect {
    let room = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(3),
        ..area
    };
    centered(frame, room, width, height)
}

/// A field's label in its column: strong while the field has the keys, else dim.
fn label_span(app: &App, label: &str, focused: bool) -> Span<'static> {
    Span::styled(
        fit(label, LABEL, Align::Left),
        if focused {
            app.theme.strong()
        } else {
            app.theme.dim()
        },
    )
}

/// A text field line: label, value (with the cursor when focused), and an error or hint after it.
pub(super) fn text_line<'a>(
    app: &App,
    label: &str,
    input: &LineInput,
    focused: bool,
    error: Option<&str>,
    hint: &str,
    width: usize,
) -> (Line<'a>, Option<u16>) {
    // The focused field leaves room for its hint beside it, down to a usable minimum. (An error
    // keeps the field wide: it is shown in full in the status line too.)
    let beside = if error.is_none() && focused && !hint.is_empty() {
        crate::text::width(hint) + 1
    } else {
        0
    };
    let room = width
        .saturating_sub(LABEL + 1 + beside)
        .clamp(MIN_ROOM, 48)
        .min(width.saturating_sub(LABEL + 1).max(8));
    let (shown, cursor) = if focused {
        input.view(room)
    } else {
        (input.head(room), 0)
    };
    let value_style = if focused {
        app.theme.selected(true)
    } else {
        Style::new()
    };
    let (shown, value_style) = match input.placeholder() {
        Some(placeholder) if input.text().is_empty() => {
            (placeholder.to_string(), value_style.patch(app.theme.dim()))
        }
        _ => (shown, value_style),
    };
    let pad = " ".repeat(room.saturating_sub(crate::text::width(&shown)));
    let mut spans = vec![
        label_span(app, label, focused),
        Span::styled(format!("{shown}{pad}"), value_style),
    ];
    if let Some(e) = error {
        spans.push(Span::styled(
            format!(" ✗ {}", sanitize_line(e)),
            app.theme.error(),
        ));
    } else if focused && !hint.is_empty() {
        spans.push(Span::styled(format!(" {hint}"), app.theme.dim()));
    }
    (
        Line::from(spans),
        focused.then(|| u16::try_from(LABEL + cursor).unwrap_or(0)),
    )
}

/// A choice line: label, the options with the current one marked.
fn choice_line<'a>(
    app: &App,
    label: &str,
    options: &[(String, bool)],
    focused: bool,
    hint: &str,
) -> Line<'a> {
    let mut spans = vec![label_span(app, label, focused)];
    for (text, chosen) in options {
        let style = match (*chosen, focused) {
            (true, true) => app.theme.selected(true),
            (true, false) => app.theme.strong(),
            _ => app.theme.dim(),
        };
        let shown = if *chosen {
            format!("[{text}]")
        } else {
            format!(" {text} ")
        };
        spans.push(Span::styled(shown, style));
    }
    if focused {
        spans.push(Span::styled(format!("  {hint}"), app.theme.dim()));
    }
    Line::from(spans)
}

/// A promise line: its text and its due date side by side.
fn promise_line<'a>(
    app: &App,
    label: &str,
    (text, text_focused, text_error): (&LineInput, bool, Option<&str>),
    (due, due_focused, due_error): (&LineInput, bool, Option<&str>),
    width: usize,
) -> (Line<'a>, Option<u16>) {
    let due_room = 14;
    let hint = if due_focused && text_error.or(due_error).is_none() {
        crate::text::width(t("form.due_hint")) + 1
    } else {
        0
    };
    let text_room = width
        .saturating_sub(LABEL + due_room + 8 + hint)
        .clamp(MIN_ROOM, 48)
        .min(width.saturating_sub(LABEL + due_room + 8).max(8));
    let field = |input: &LineInput, room: usize, focused: bool| {
        let (shown, cursor) = if focused {
            input.view(room)
        } else {
            (input.head(room), 0)
        };
        let pad = " ".repeat(room.saturating_sub(crate::text::width(&shown)));
        let style = if focused {
            app.theme.selected(true)
        } else {
            Style::new()
        };
        (Span::styled(format!("{shown}{pad}"), style), cursor)
    };
    let (text_span, text_cursor) = field(text, text_room, text_focused);
    let (due_span, due_cursor) = field(due, due_room, due_focused);
    let mut spans = vec![
        label_span(app, label, text_focused || due_focused),
        text_span,
        Span::styled(format!(" {} ", t("form.due")), app.theme.dim()),
        due_span,
    ];
    if let Some(e) = text_error.or(due_error) {
        spans.push(Span::styled(
            format!(" ✗ {}", sanitize_line(e)),
            app.theme.error(),
        ));
    } else if due_focused {
        spans.push(Span::styled(
            format!(" {}", t("form.due_hint")),
            app.theme.dim(),
        ));
    }
    let cursor = if text_focused {
        Some(LABEL + text_cursor)
    } else if due_focused {
        Some(LABEL + text_room + width_of(&format!(" {} ", t("form.due"))) + due_cursor)
    } else {
        None
    };
    (
        Line::from(spans),
        cursor.map(|c| u16::try_from(c).unwrap_or(0)),
    )
}

/// When a focused field's line is wider than the form, its hint (the last span) moves to a line of
/// its own below the field, so that it is read whole instead of cut at the edge.
fn hint_below<'a>(line: &mut Line<'a>, w: usize) -> Option<Line<'a>> {
    if line.width() <= w || line.spans.len() < 2 {
        return None;
    }
    let hint = line.spans.pop()?;
    let text = crate::text::truncate_width(hint.content.trim(), w.saturating_sub(LABEL));
    Some(Line::from(vec![
        Span::raw(" ".repeat(LABEL)),
        Span::styled(text, hint.style),
    ]))
}

/// Adds a field's row; when `hinted` (focused, no error) and too wide, its hint goes below it.
fn push_row<'a>(rows: &mut Vec<Row<'a>>, (field, mut line, col): Row<'a>, hinted: bool, w: usize) {
    let below = if hinted {
        hint_below(&mut line, w)
    } else {
        None
    };
    rows.push((field, line, col));
    rows.extend(below.map(|l| (field, l, None)));
}

fn width_of(text: &str) -> usize {
    crate::text::width(text)
}

/// The pillar signals of an entry, the selected one marked, the hint after them when focused.
fn signals_line<'a>(app: &App, form: &EntryForm) -> Line<'a> {
    let focus = form.focus;
    let mut spans = vec![label_span(app, t("form.signals"), focus == Field::Signals)];
    for (i, (key, value)) in [
        ("pillar.trust", form.signals.trust),
        ("pillar.sympathy", form.signals.sympathy),
        ("pillar.competence", form.signals.competence),
        ("pillar.longterm", form.signals.longterm),
    ]
    .iter()
    .enumerate()
    {
        let v = mood_label(*value);
        let selected = focus == Field::Signals && form.signal_cursor == i;
        let style = if selected {
            app.theme.selected(true)
        } else {
            app.theme.text()
        };
        spans.push(Span::styled(format!("{} {v}", t(key)), style));
        spans.push(Span::raw("  "));
    }
    if focus == Field::Signals {
        spans.push(Span::styled(t("form.signals_hint"), app.theme.dim()));
    }
    Line::from(spans)
}

/// A line of a form's head: the field it belongs to, the line, and the cursor column when the field
/// has the keys.
type Row<'a> = (Field, Line<'a>, Option<u16>);

/// The head of the entry form: one line per field (promises with their due dates), with the cursor
/// column of the focused text field.
fn entry_rows<'a>(app: &App, form: &EntryForm, w: usize) -> Vec<Row<'a>> {
    let mut rows = vec![contacts_row(app, form, w)];
    let kinds: Vec<(String, bool)> = Kind::ALL
        .iter()
        .map(|k| (crate::display::kind_short(*k).to_string(), *k == form.kind))
        .collect();
    let kind = (t("form.kind"), kinds.as_slice(), t("form.choice_hint"));
    push_choice(&mut rows, app, form.focus, Field::Kind, kind, w);
    push_text_rows(&mut rows, app, form, w);
    let moods: Vec<(String, bool)> = (-2..=2)
        .map(|m| (mood_label(Some(m)), form.mood == Some(m)))
        .collect();
    let mood = (t("form.mood"), moods.as_slice(), t("form.mood_hint"));
    push_choice(&mut rows, app, form.focus, Field::Mood, mood, w);
    let initiatives: Vec<(String, bool)> = crate::domain::model::Initiative::ALL
        .iter()
        .map(|i| {
            (
                crate::display::initiative_word(*i).to_string(),
                form.initiative == Some(*i),
            )
        })
        .collect();
    let initiative = (
        t("form.initiative"),
        initiatives.as_slice(),
        t("form.initiative_hint"),
    );
    push_choice(&mut rows, app, form.focus, Field::Initiative, initiative, w);
    let line = signals_line(app, form);
    let hinted = form.focus == Field::Signals;
    push_row(&mut rows, (Field::Signals, line, None), hinted, w);
    if form.editing.is_none() {
        push_promise_rows(&mut rows, app, form, w);
    }
    rows
}

/// The contacts line: a chip per chosen contact (new ones marked), then the picker's text while it
/// has the keys.
fn contacts_row<'a>(app: &App, form: &EntryForm, w: usize) -> Row<'a> {
    let focused = form.focus == Field::Contacts;
    let mut spans = vec![label_span(app, t("form.contacts"), focused)];
    let mut used = LABEL;
    for c in &form.contacts {
        let chip = format!("{} ", sanitize_line(&c.name));
        used += width(&chip);
        spans.push(Span::styled(chip, app.theme.strong()));
    }
    for name in &form.new_contacts {
        let chip = format!("{} ({}) ", sanitize_line(name), t("form.new_contact"));
        used += width(&chip);
        spans.push(Span::styled(chip, app.theme.warn()));
    }
    let mut cursor = None;
    if focused {
        let (shown, c) = form.picker.view(w.saturating_sub(used + 1).max(4));
        cursor = Some(u16::try_from(used + c).unwrap_or(0));
        spans.push(Span::styled(shown, app.theme.selected(true)));
        if form.picker.is_blank() {
            spans.push(Span::styled(
                format!(" {}", t("form.contacts_hint")),
                app.theme.dim(),
            ));
        }
    }
    if let Some(e) = form.error(Field::Contacts) {
        spans.push(Span::styled(format!(" ✗ {e}"), app.theme.error()));
    }
    (Field::Contacts, Line::from(spans), cursor)
}

/// Adds a choice's row: `(label, options, hint)`, the hint below when the field has the keys and the
/// line is too wide.
fn push_choice<'a>(
    rows: &mut Vec<Row<'a>>,
    app: &App,
    focus: Field,
    field: Field,
    (label, options, hint): (&str, &[(String, bool)], &str),
    w: usize,
) {
    let line = choice_line(app, label, options, focus == field, hint);
    push_row(rows, (field, line, None), focus == field, w);
}

/// Adds the When and Title rows. What the typed time resolves to stands beside When, focused or
/// not; while nothing is typed in it, the focused field shows what may be typed instead.
fn push_text_rows<'a>(rows: &mut Vec<Row<'a>>, app: &App, form: &EntryForm, w: usize) {
    let focus = form.focus;
    let when_hint = match form.when_preview(&app.clock) {
        Some(_) if focus == Field::When && form.when.is_blank() => t("form.when_hint").to_string(),
        Some(preview) => preview,
        None => t("form.when_hint").to_string(),
    };
    for (field, label, input, hint) in [
        (Field::When, t("form.when"), &form.when, when_hint.as_str()),
        (Field::Title, t("form.title"), &form.title, ""),
    ] {
        let (mut line, col) = text_line(
            app,
            label,
            input,
            focus == field,
            form.error(field),
            hint,
            w,
        );
        if field == Field::When && focus != field && form.error(field).is_none() {
            // Unfocused, the resolved time follows the value closely, so that it fits at 80 columns.
            if let Some(value) = line.spans.get_mut(1) {
                value.content = value.content.trim_end().to_string().into();
            }
            line.spans
                .push(Span::styled(format!("  {hint}"), app.theme.dim()));
        }
        let hinted = focus == field && form.error(field).is_none() && !hint.is_empty();
        push_row(rows, (field, line, col), hinted, w);
    }
}

/// Adds a row per promise of a new entry: mine, then theirs, each with its due date.
fn push_promise_rows<'a>(rows: &mut Vec<Row<'a>>, app: &App, form: &EntryForm, w: usize) {
    let focus = form.focus;
    for (label, text_field, text, due_field, due) in [
        (
            t("form.my_promise"),
            Field::MyPromise,
            &form.my_promise,
            Field::MyDue,
            &form.my_due,
        ),
        (
            t("form.their_promise"),
            Field::TheirPromise,
            &form.their_promise,
            Field::TheirDue,
            &form.their_due,
        ),
    ] {
        let (line, col) = promise_line(
            app,
            label,
            (text, focus == text_field, form.error(text_field)),
            (due, focus == due_field, form.error(due_field)),
            w,
        );
        let field = if focus == due_field {
            due_field
        } else {
            text_field
        };
        let hinted =
            focus == due_field && form.error(text_field).or(form.error(due_field)).is_none();
        push_row(rows, (field, line, col), hinted, w);
    }
}

/// A form's box with `title`, `width` × `height` in `area`, drawn; returns the room inside it.
pub(super) fn form_box(
    app: &App,
    frame: &mut Frame,
    area: Rect,
    (width, height): (u16, u16),
    title: &str,
) -> Rect {
    let rect = form_area(frame, area, width, height);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {title} "))
        .border_style(app.theme.border(true));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    inner
}

/// The lines of a form's head and where the cursor stands among them (column, line), if anywhere.
fn lines_and_cursor<'a>(
    rows: impl IntoIterator<Item = (Line<'a>, Option<u16>)>,
) -> (Vec<Line<'a>>, Option<(u16, u16)>) {
    let mut cursor = None;
    let mut lines = Vec::new();
    for (index, (line, col)) in rows.into_iter().enumerate() {
        if let Some(col) = col {
            cursor = Some((col, u16::try_from(index).unwrap_or(0)));
        }
        lines.push(line);
    }
    (lines, cursor)
}

/// Draws the entry form. On a short terminal the body keeps at least three lines: the head then
/// shows the essential fields, the focused one and any with an error.
pub fn entry(app: &App, form: &EntryForm, frame: &mut Frame, area: Rect) {
    let title = if form.editing.is_some() {
        t("form.edit_entry")
    } else {
        t("form.new_entry")
    };
    let inner = form_box(app, frame, area, (96, area.height), title);
    let w = usize::from(inner.width);
    let mut rows = entry_rows(app, form, w);
    let room = usize::from(inner.height.saturating_sub(4));
    if rows.len() > room {
        keep_needed_rows(form, &mut rows, room);
    }
    let suggestions_at = rows
        .iter()
        .position(|(f, _, _)| *f == Field::Contacts)
        .map_or(1, |p| p + 1);
    let (lines, cursor) = lines_and_cursor(rows.into_iter().map(|(_, line, col)| (line, col)));
    let head_height = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let [head, body] =
        Layout::vertical([Constraint::Length(head_height), Constraint::Fill(1)]).areas(inner);
    frame.render_widget(Paragraph::new(lines), head);
    let body_block = Block::default()
        .borders(Borders::TOP)
        .title(format!(" {} ", t("form.body")))
        .border_style(app.theme.border(form.focus == Field::Body));
    let body_inner = body_block.inner(body);
    frame.render_widget(body_block, body);
    frame.render_widget(&form.body, body_inner);
    if form.focus == Field::Body {
        text_area_cursor(frame, &form.body, body_inner);
    } else if let Some((x, y)) = cursor {
        frame.set_cursor_position(Position {
            x: head.x + x,
            y: head.y + y,
        });
    }
    // The picker's suggestions float below the contacts line.
    if form.focus == Field::Contacts && (!form.matches.is_empty() || form.offers_create()) {
        render_suggestions(app, form, frame, inner, suggestions_at);
    }
}

/// Leaves the `room` rows a short terminal has for the essential fields, the focused one and any
/// with an error.
fn keep_needed_rows(form: &EntryForm, rows: &mut Vec<Row<'_>>, room: usize) {
    let essential = [Field::Contacts, Field::When, Field::Mood];
    let promise_focus = match form.focus {
        Field::MyDue => Field::MyPromise,
        Field::TheirDue => Field::TheirPromise,
        other => other,
    };
    rows.retain(|(f, _, _)| {
        essential.contains(f) || *f == promise_focus || *f == form.focus || form.error(*f).is_some()
    });
    rows.truncate(room.max(1));
}

/// A contact a picker offers: "Jürgen Müller · Ankerwerk GmbH", made safe.
pub(super) fn candidate_label(c: &crate::tui::entry_form::Candidate) -> String {
    match c.company.as_deref().filter(|s| !s.is_empty()) {
        Some(company) => format!("{} · {}", sanitize_line(&c.name), sanitize_line(company)),
        None => sanitize_line(&c.name),
    }
}

/// The contacts the picker offers (with their companies), then creating one by the typed name.
fn suggestions(form: &EntryForm) -> Vec<String> {
    let mut options: Vec<String> = form
        .matches
        .iter()
        .map(|i| candidate_label(&form.candidates[*i]))
        .collect();
    if form.offers_create() {
        options.push(format!(
            "+ {} \"{}\"",
            t("form.create_contact"),
            sanitize_line(form.picker.value())
        ));
    }
    options
}

/// The picker's suggestions in a box over the form, `at` lines below its top, the chosen one marked.
fn render_suggestions(app: &App, form: &EntryForm, frame: &mut Frame, inner: Rect, at: usize) {
    let options = suggestions(form);
    let height = u16::try_from(options.len()).unwrap_or(0) + 2;
    let width = options
        .iter()
        .map(|o| width(o))
        .max()
        .unwrap_or(10)
        .min(usize::from(inner.width).saturating_sub(LABEL))
        + 4;
    let label = u16::try_from(LABEL).unwrap_or(0);
    let popup = Rect {
        x: inner.x + label,
        y: inner.y + u16::try_from(at).unwrap_or(1),
        width: u16::try_from(width)
            .unwrap_or(20)
            .min(inner.width.saturating_sub(label)),
        height: height.min(inner.height.saturating_sub(1)),
    };
    frame.render_widget(Clear, popup);
    let lines: Vec<Line> = options
        .into_iter()
        .enumerate()
        .map(|(i, o)| {
            let style = if i == form.suggestion {
                app.theme.selected(true)
            } else {
                app.theme.text()
            };
            Line::from(Span::styled(o, style))
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL)),
        popup,
    );
}

/// Draws the contact form.
pub fn contact(app: &App, form: &ContactForm, frame: &mut Frame, area: Rect) {
    // One line per field, then the notes in a box of their own that takes the room that is left.
    let fields = u16::try_from(contact_form::FIELDS.len()).unwrap_or(14) - 1;
    let title = if form.original.id == 0 {
        t("form.new_contact_title")
    } else {
        t("form.edit_contact")
    };
    let size = (96, fields + 2 + NOTES_LINES + 2);
    let inner = form_box(app, frame, area, size, title);
    // Every field gets a line when there is room; on a short terminal the notes keep three lines
    // while they have the keys (two otherwise) and the fields scroll.
    let least = if form.focus == contact_form::Field::Notes {
        3
    } else {
        2
    };
    let notes_height = inner
        .height
        .saturating_sub(fields)
        .max(least)
        .min(inner.height);
    let [head, notes] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(notes_height)]).areas(inner);
    let w = usize::from(inner.width);
    let (lines, cursor) = lines_and_cursor(
        contact_form::FIELDS
            .iter()
            .filter(|f| **f != contact_form::Field::Notes)
            .map(|field| contact_field_line(app, form, *field, w)),
    );
    // On a short terminal the fields scroll so that the focused one is drawn.
    let focused_row = contact_form::FIELDS
        .iter()
        .filter(|f| **f != contact_form::Field::Notes)
        .position(|f| *f == form.focus)
        .and_then(|row| u16::try_from(row).ok())
        .unwrap_or(0);
    let scroll = (focused_row + 1).saturating_sub(head.height);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), head);
    if let Some((x, y)) = cursor {
        frame.set_cursor_position(Position {
            x: head.x + x,
            y: head.y + y - scroll,
        });
    }
    contact_notes(app, form, frame, notes);
}

/// One field of the contact form: a choice for the address form and the tier, else a text field
/// with its hint; with the cursor column when it has the keys.
fn contact_field_line<'a>(
    app: &App,
    form: &ContactForm,
    field: contact_form::Field,
    w: usize,
) -> (Line<'a>, Option<u16>) {
    let focused = form.focus == field;
    let label = t(field.label_key());
    let options = match field {
        contact_form::Field::AddressForm => [
            (None, "–"),
            (Some(AddressForm::Du), "Du"),
            (Some(AddressForm::Sie), "Sie"),
        ]
        .iter()
        .map(|(v, s)| ((*s).to_string(), form.address_form == *v))
        .collect::<Vec<_>>(),
        contact_form::Field::Tier => {
            let mut options = vec![("–".to_string(), form.tier.is_none())];
            options.extend(
                crate::domain::model::Tier::ALL
                    .iter()
                    .map(|tier| (tier.to_string(), form.tier == Some(*tier))),
            );
            options
        }
        contact_form::Field::Private => {
            // The choice says what the mark means, also when it does not have the keys.
            let options = [(false, t("help.no")), (true, t("help.yes"))]
                .iter()
                .map(|(v, s)| ((*s).to_string(), form.private == *v))
                .collect::<Vec<_>>();
            let hint = format!(
                "{} · {}",
                t("contact_form.private_hint"),
                t("form.choice_hint")
            );
            let mut line = choice_line(app, label, &options, focused, &hint);
            if !focused {
                let note = format!("  {}", t("contact_form.private_hint"));
                line.spans.push(Span::styled(note, app.theme.dim()));
            }
            return (line, None);
        }
        _ => {
            let empty = LineInput::default();
            let input = form.input(field).unwrap_or(&empty);
            let hint = match field {
                contact_form::Field::Cadence => t("form.cadence_hint"),
                contact_form::Field::Tags => t("form.tags_hint"),
                contact_form::Field::Birthday | contact_form::Field::MetOn => t("form.date_hint"),
                _ => "",
            };
            return text_line(app, label, input, focused, form.error(field), hint, w);
        }
    };
    let hint = t("form.choice_hint");
    (choice_line(app, label, &options, focused, hint), None)
}

/// Lines the contact form gives the notes when the terminal has room.
const NOTES_LINES: u16 = 6;

fn contact_notes(app: &App, form: &ContactForm, frame: &mut Frame, area: Rect) {
    let focused = form.focus == contact_form::Field::Notes;
    let title = if focused {
        format!(" {} · {} ", t("contact_form.notes"), t("form.notes_hint"))
    } else {
        format!(" {} ", t("contact_form.notes"))
    };
    let block = Block::default()
        .borders(Borders::TOP)
        .title(title)
        .border_style(app.theme.border(focused));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if focused {
        frame.render_widget(&form.notes, inner);
        text_area_cursor(frame, &form.notes, inner);
    } else {
        // Unfocused, the notes read from their start.
        let text = crate::text::sanitize_block(&form.notes_text());
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), inner);
    }
}

/// Puts the terminal cursor where a multi-line field drawn in `inner` has it.
fn text_area_cursor(frame: &mut Frame, text: &ratatui_textarea::TextArea, inner: Rect) {
    let screen = text.screen_cursor();
    let at = |value: usize, room: u16| {
        u16::try_from(value)
            .unwrap_or(0)
            .min(room.saturating_sub(1))
    };
    frame.set_cursor_position(Position {
        x: inner.x + at(screen.col, inner.width),
        y: inner.y + at(screen.row, inner.height),
    });
}

/// Draws the snooze question of the review: until when.
pub fn snooze(app: &App, input: &LineInput, frame: &mut Frame, area: Rect) {
    let inner = form_box(app, frame, area, (72, 4), t("review.snooze_title"));
    let (line, col) = text_line(
        app,
        t("review.snooze_prompt"),
        input,
        true,
        None,
        "",
        usize::from(inner.width).min(LABEL + 20),
    );
    let hint = Line::from(Span::styled(t("review.snooze_hint"), app.theme.dim()));
    frame.render_widget(Paragraph::new(vec![line, hint]), inner);
    if let Some(col) = col {
        frame.set_cursor_position(Position {
            x: inner.x + col,
            y: inner.y,
        });
    }
}

/// Draws the promise form: its text and due date.
pub fn promise(app: &App, form: &PromiseForm, frame: &mut Frame, area: Rect) {
    let inner = form_box(app, frame, area, (80, 5), t("form.edit_promise"));
    let width = usize::from(inner.width);
    let error = |field| {
        form.error
            .as_ref()
            .filter(|(f, _)| *f == field)
            .map(|(_, e)| e.as_str())
    };
    let fields = [
        (PromiseField::Text, t("form.promise_text"), &form.text, ""),
        (
            PromiseField::Due,
            t("form.due"),
            &form.due,
            t("form.due_hint"),
        ),
    ];
    let (lines, cursor) =
        lines_and_cursor(fields.into_iter().map(|(field, label, input, hint)| {
            let focused = form.focus == field;
            text_line(app, label, input, focused, error(field), hint, width)
        }));
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some((col, row)) = cursor {
        frame.set_cursor_position(Position {
            x: inner.x + col,
            y: inner.y + row,
        });
    }
}
