//! The entry and contact forms, drawn in a box over the current screen. Errors stand beside their field.

use super::centered;
use crate::domain::model::{AddressForm, Kind};
use crate::i18n::t;
use crate::text::{sanitize_line, width};
use crate::tui::app::App;
use crate::tui::contact_form::{self, ContactForm};
use crate::tui::entry_form::{EntryForm, Field};
use crate::tui::input::LineInput;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

const LABEL: usize = 14;

/// A text field line: label, value (with the cursor when focused), and an error or hint after it.
fn text_line<'a>(
    app: &App,
    label: &str,
    input: &LineInput,
    focused: bool,
    error: Option<&str>,
    hint: &str,
    width: usize,
) -> (Line<'a>, Option<u16>) {
    let room = width.saturating_sub(LABEL + 1).clamp(8, 48);
    let (shown, cursor) = input.view(room);
    let value_style = if focused {
        app.theme.selected(true)
    } else {
        Style::new()
    };
    let pad = " ".repeat(room.saturating_sub(crate::text::width(&shown)));
    let mut spans = vec![
        Span::styled(
            format!("{label:<LABEL$}"),
            if focused {
                app.theme.strong()
            } else {
                app.theme.dim()
            },
        ),
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
    let mut spans = vec![Span::styled(
        format!("{label:<LABEL$}"),
        if focused {
            app.theme.strong()
        } else {
            app.theme.dim()
        },
    )];
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

/// Draws the entry form.
pub fn entry(app: &App, form: &EntryForm, frame: &mut Frame, area: Rect) {
    let rect = centered(frame, area, 96, area.height.saturating_sub(2));
    let title = if form.editing.is_some() {
        t("form.edit_entry")
    } else {
        t("form.new_entry")
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {title} "))
        .border_style(app.theme.border(true));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let w = usize::from(inner.width);
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor: Option<(u16, u16)> = None;
    let focus = form.focus;

    // Contacts: chips, then the picker text.
    let mut spans = vec![Span::styled(
        format!("{:<LABEL$}", t("form.contacts")),
        if focus == Field::Contacts {
            app.theme.strong()
        } else {
            app.theme.dim()
        },
    )];
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
    if focus == Field::Contacts {
        let (shown, c) = form.picker.view(w.saturating_sub(used + 1).max(4));
        cursor = Some((u16::try_from(used + c).unwrap_or(0), 0));
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
    lines.push(Line::from(spans));
    let suggestions_at = lines.len();

    let kinds: Vec<(String, bool)> = Kind::ALL
        .iter()
        .map(|k| (k.as_str().to_string(), *k == form.kind))
        .collect();
    lines.push(choice_line(
        app,
        t("form.kind"),
        &kinds,
        focus == Field::Kind,
        t("form.choice_hint"),
    ));
    let fields: [(Field, &str, &LineInput, &str); 2] = [
        (Field::When, t("form.when"), &form.when, t("form.when_hint")),
        (Field::Title, t("form.title"), &form.title, ""),
    ];
    for (field, label, input, hint) in fields {
        let (line, col) = text_line(
            app,
            label,
            input,
            focus == field,
            form.error(field),
            hint,
            w,
        );
        if let Some(col) = col {
            cursor = Some((col, u16::try_from(lines.len()).unwrap_or(0)));
        }
        lines.push(line);
    }
    let moods: Vec<(String, bool)> = (-2..=2)
        .map(|m| {
            (
                if m > 0 {
                    format!("+{m}")
                } else {
                    m.to_string()
                },
                form.mood == Some(m),
            )
        })
        .collect();
    lines.push(choice_line(
        app,
        t("form.mood"),
        &moods,
        focus == Field::Mood,
        t("form.mood_hint"),
    ));
    let initiatives: Vec<(String, bool)> = crate::domain::model::Initiative::ALL
        .iter()
        .map(|i| (i.as_str().to_string(), form.initiative == Some(*i)))
        .collect();
    lines.push(choice_line(
        app,
        t("form.initiative"),
        &initiatives,
        focus == Field::Initiative,
        t("form.initiative_hint"),
    ));
    let signals = [
        ("pillar.trust", form.signals.trust),
        ("pillar.sympathy", form.signals.sympathy),
        ("pillar.competence", form.signals.competence),
        ("pillar.longterm", form.signals.longterm),
    ];
    let mut spans = vec![Span::styled(
        format!("{:<LABEL$}", t("form.signals")),
        if focus == Field::Signals {
            app.theme.strong()
        } else {
            app.theme.dim()
        },
    )];
    for (i, (key, value)) in signals.iter().enumerate() {
        let v = value.map_or_else(
            || "·".to_string(),
            |v| {
                if v > 0 {
                    format!("+{v}")
                } else {
                    v.to_string()
                }
            },
        );
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
    lines.push(Line::from(spans));
    if form.editing.is_none() {
        let promise_fields: [(Field, &str, &LineInput, &str); 4] = [
            (Field::MyPromise, t("form.my_promise"), &form.my_promise, ""),
            (
                Field::MyDue,
                t("form.due"),
                &form.my_due,
                t("form.due_hint"),
            ),
            (
                Field::TheirPromise,
                t("form.their_promise"),
                &form.their_promise,
                "",
            ),
            (
                Field::TheirDue,
                t("form.due"),
                &form.their_due,
                t("form.due_hint"),
            ),
        ];
        for (field, label, input, hint) in promise_fields {
            let (line, col) = text_line(
                app,
                label,
                input,
                focus == field,
                form.error(field),
                hint,
                w,
            );
            if let Some(col) = col {
                cursor = Some((col, u16::try_from(lines.len()).unwrap_or(0)));
            }
            lines.push(line);
        }
    }
    let head_height = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let [head, body] =
        Layout::vertical([Constraint::Length(head_height), Constraint::Fill(1)]).areas(inner);
    frame.render_widget(Paragraph::new(lines), head);
    let body_block = Block::default()
        .borders(Borders::TOP)
        .title(format!(" {} ", t("form.body")))
        .border_style(app.theme.border(focus == Field::Body));
    let body_inner = body_block.inner(body);
    frame.render_widget(body_block, body);
    frame.render_widget(&form.body, body_inner);
    if focus == Field::Body {
        let screen = form.body.screen_cursor();
        let (row, col) = (screen.row, screen.col);
        frame.set_cursor_position(Position {
            x: body_inner.x
                + u16::try_from(col)
                    .unwrap_or(0)
                    .min(body_inner.width.saturating_sub(1)),
            y: body_inner.y
                + u16::try_from(row)
                    .unwrap_or(0)
                    .min(body_inner.height.saturating_sub(1)),
        });
    } else if let Some((x, y)) = cursor {
        frame.set_cursor_position(Position {
            x: head.x + x,
            y: head.y + y,
        });
    }
    // The picker's suggestions float below the contacts line.
    if focus == Field::Contacts && (!form.matches.is_empty() || form.offers_create()) {
        let mut options: Vec<String> = form
            .matches
            .iter()
            .map(|i| {
                let c = &form.candidates[*i];
                match c.company.as_deref().filter(|s| !s.is_empty()) {
                    Some(company) => {
                        format!("{} · {}", sanitize_line(&c.name), sanitize_line(company))
                    }
                    None => sanitize_line(&c.name),
                }
            })
            .collect();
        if form.offers_create() {
            options.push(format!(
                "+ {} \"{}\"",
                t("form.create_contact"),
                sanitize_line(form.picker.value())
            ));
        }
        let height = u16::try_from(options.len()).unwrap_or(0) + 2;
        let width = options
            .iter()
            .map(|o| width(o))
            .max()
            .unwrap_or(10)
            .min(w.saturating_sub(LABEL))
            + 4;
        let popup = Rect {
            x: inner.x + u16::try_from(LABEL).unwrap_or(0),
            y: inner.y + u16::try_from(suggestions_at).unwrap_or(1),
            width: u16::try_from(width).unwrap_or(20).min(
                inner
                    .width
                    .saturating_sub(u16::try_from(LABEL).unwrap_or(0)),
            ),
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
}

/// Draws the contact form.
pub fn contact(app: &App, form: &ContactForm, frame: &mut Frame, area: Rect) {
    let height = u16::try_from(contact_form::FIELDS.len()).unwrap_or(13) + 2;
    let rect = centered(frame, area, 84, height);
    let title = if form.original.id == 0 {
        t("form.new_contact_title")
    } else {
        t("form.edit_contact")
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {title} "))
        .border_style(app.theme.border(true));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let w = usize::from(inner.width);
    let mut lines = Vec::new();
    let mut cursor = None;
    for field in contact_form::FIELDS {
        let focused = form.focus == *field;
        let label = t(field.label_key());
        match field {
            contact_form::Field::AddressForm => {
                let options = [
                    (None, "–"),
                    (Some(AddressForm::Du), "Du"),
                    (Some(AddressForm::Sie), "Sie"),
                ]
                .iter()
                .map(|(v, s)| ((*s).to_string(), form.address_form == *v))
                .collect::<Vec<_>>();
                lines.push(choice_line(
                    app,
                    label,
                    &options,
                    focused,
                    t("form.choice_hint"),
                ));
            }
            contact_form::Field::Tier => {
                let mut options = vec![("–".to_string(), form.tier.is_none())];
                options.extend(
                    crate::domain::model::Tier::ALL
                        .iter()
                        .map(|tier| (tier.to_string(), form.tier == Some(*tier))),
                );
                lines.push(choice_line(
                    app,
                    label,
                    &options,
                    focused,
                    t("form.choice_hint"),
                ));
            }
            _ => {
                let empty = LineInput::default();
                let input = form.input(*field).unwrap_or(&empty);
                let hint = match field {
                    contact_form::Field::Cadence => t("form.cadence_hint"),
                    contact_form::Field::Tags => t("form.tags_hint"),
                    contact_form::Field::Birthday | contact_form::Field::MetOn => {
                        t("form.date_hint")
                    }
                    _ => "",
                };
                let (line, col) =
                    text_line(app, label, input, focused, form.error(*field), hint, w);
                if let Some(col) = col {
                    cursor = Some((col, u16::try_from(lines.len()).unwrap_or(0)));
                }
                lines.push(line);
            }
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some((x, y)) = cursor {
        frame.set_cursor_position(Position {
            x: inner.x + x,
            y: inner.y + y,
        });
    }
}
