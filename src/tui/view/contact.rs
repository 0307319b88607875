//! A contact's page: profile and etiquette, pillar scores, open promises, history.

use super::home::timeline;
use super::widgets::{mood_label, promise_line, status_span};
use crate::display::{flag_word, relative_day};
use crate::domain::model::{AddressForm, Contact};
use crate::domain::pillars::PillarScore;
use crate::i18n::{t, tr};
use crate::text::{Align, fit, sanitize_block, sanitize_line};
use crate::tui::app::{App, ContactPage};
use crate::tui::screen::contact::Lower;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

/// The regions of the contact page.
pub struct ContactAreas {
    /// Profile card.
    pub profile: Rect,
    /// Pillars and promises.
    pub pillars: Rect,
    /// History list (with border).
    pub history: Rect,
}

/// Profile and pillars side by side on top, history below.
pub fn areas(body: Rect) -> ContactAreas {
    let top = (body.height / 2)
        .clamp(8, 15)
        .min(body.height.saturating_sub(4));
    let [upper, history] =
        Layout::vertical([Constraint::Length(top), Constraint::Fill(1)]).areas(body);
    let [profile, pillars] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(upper);
    ContactAreas {
        profile,
        pillars,
        history,
    }
}

fn gauge(score: Option<u8>, width: usize) -> String {
    match score {
        Some(s) => {
            let filled = usize::from(s) * width / 100;
            format!(
                "{}{} {s:>3}",
                "█".repeat(filled),
                "░".repeat(width - filled)
            )
        }
        None => format!("{}   –", "░".repeat(width)),
    }
}

/// Draws the page.
pub fn render(app: &App, page: &ContactPage, frame: &mut Frame, body: Rect) {
    let a = areas(body);
    render_profile(app, page, frame, a.profile);
    let right = pillars_and_promises(app, page, a.pillars);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", t("contact.pillars_and_promises")));
    frame.render_widget(
        Paragraph::new(right).block(block.border_style(app.theme.border(false))),
        a.pillars,
    );
    match page.lower {
        Lower::Charts => charts(app, &page.relationship, frame, a.history),
        Lower::Card => super::contact_card::render(app, page, frame, a.history),
        Lower::History => timeline(
            app,
            &page.timeline,
            t("contact.history"),
            true,
            frame,
            a.history,
        ),
    }
}

/// A fact's label on the profile, dimmed, in a column of 11.
fn label(app: &App, key: &str) -> Span<'static> {
    Span::styled(fit(t(key), 11, Align::Left), app.theme.dim())
}

/// The profile card: the facts that are known, one a line, then the notes over the room left.
fn render_profile(app: &App, page: &ContactPage, frame: &mut Frame, area: Rect) {
    let c = &page.health.contact;
    let mut lines = etiquette_lines(app, c);
    lines.extend(care_lines(app, page));
    lines.extend(introduction_lines(app, page));
    lines.extend(detail_lines(app, c, app.clock.today()));
    if let Some(notes) = c.notes.as_deref().filter(|n| !n.trim().is_empty()) {
        let inner = area.inner(ratatui::layout::Margin::new(1, 1));
        let room = usize::from(inner.height).saturating_sub(lines.len());
        lines.extend(notes_lines(
            label(app, "field.notes"),
            notes,
            inner.width,
            room,
        ));
    }
    let archived = if c.archived {
        format!(" [{}]", t("status.archived"))
    } else {
        String::new()
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(
            format!(" #{} {}{archived} ", c.id, sanitize_line(&c.name)),
            app.theme.strong(),
        ))
        .border_style(app.theme.border(false));
    let block = match card_hint(app, page) {
        Some(hint) => block.title_bottom(hint),
        None => block,
    };
    // One line per fact, cut at the edge (a wrapped line would push the etiquette out of a small box);
    // only the notes, last, wrap.
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// Who introduced them and whom they introduced, each when there is someone.
fn introduction_lines(app: &App, page: &ContactPage) -> Vec<Line<'static>> {
    let named = |(_, name): &(crate::domain::model::Id, String)| sanitize_line(name);
    let mut lines = Vec::new();
    if let Some(by) = &page.introduced_by {
        lines.push(Line::from(vec![
            label(app, "field.introducer"),
            Span::raw(named(by)),
        ]));
    }
    if !page.introduced.is_empty() {
        let names: Vec<String> = page.introduced.iter().map(named).collect();
        lines.push(Line::from(vec![
            label(app, "field.introduced"),
            Span::raw(names.join(", ")),
        ]));
    }
    lines
}

/// Company and role, then how to address them (Du or Sie, and the salutation); each when known.
fn etiquette_lines(app: &App, c: &Contact) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let role: Vec<String> = [c.company.as_deref(), c.role.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .map(sanitize_line)
        .collect();
    if !role.is_empty() {
        lines.push(Line::from(vec![
            label(app, "field.company"),
            Span::raw(role.join(" · ")),
        ]));
    }
    let form = c
        .address_form
        .map(|f| if f == AddressForm::Du { "Du" } else { "Sie" });
    let address: Vec<String> = [
        form.map(str::to_string),
        c.salutation.as_deref().map(sanitize_line),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !address.is_empty() {
        lines.push(Line::from(vec![
            label(app, "field.address"),
            Span::styled(address.join(" · "), app.theme.strong()),
        ]));
    }
    lines
}

/// Status and last touch, tier and cadence with the next due day, and the flags when any.
fn care_lines(app: &App, page: &ContactPage) -> Vec<Line<'static>> {
    let (c, h) = (&page.health.contact, &page.health.health);
    let today = app.clock.today();
    let last = h
        .last_touch
        .map_or_else(|| t("time.never").to_string(), |d| relative_day(d, today));
    let mut lines = vec![Line::from(vec![
        label(app, "field.status"),
        status_span(app, h),
        Span::raw(format!(" · {} {last}", t("contact.last_touch"))),
    ])];
    let cadence = h.cadence_days.map_or_else(
        || t("status.ambient").to_string(),
        |d| tr("contact.cadence_days", &[("n", &d)]),
    );
    let tier = c.tier.map_or_else(|| "–".to_string(), |t| t.to_string());
    let due = h
        .due_on
        .map(|d| format!(" · {} {}", t("contact.due"), relative_day(d, today)))
        .unwrap_or_default();
    lines.push(Line::from(vec![
        label(app, "field.tier"),
        Span::raw(format!("{tier} · {cadence}{due}")),
    ]));
    if c.private {
        lines.push(Line::from(vec![
            label(app, "field.private"),
            Span::styled(t("contact.private"), app.theme.dim()),
        ]));
    }
    if !h.flags.is_empty() {
        let flags = h
            .flags
            .iter()
            .map(|f| flag_word(*f))
            .collect::<Vec<_>>()
            .join(", ");
        lines.push(Line::from(vec![
            label(app, "field.flags"),
            Span::styled(flags, app.theme.warn()),
        ]));
    }
    lines
}

/// Interests, e-mail, phone and birthday (with how far off the next one is); each when known.
fn detail_lines(app: &App, c: &Contact, today: chrono::NaiveDate) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if !c.tags.is_empty() {
        lines.push(Line::from(vec![
            label(app, "field.interests"),
            Span::raw(sanitize_line(&c.tags.join(", "))),
        ]));
    }
    for (key, value) in [("field.email", &c.email), ("field.phone", &c.phone)] {
        if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
            lines.push(Line::from(vec![
                label(app, key),
                Span::raw(sanitize_line(v)),
            ]));
        }
    }
    if let Some(b) = c.birthday {
        let next = crate::domain::rules::next_birthday(b, today)
            .map(|n| relative_day(n, today))
            .unwrap_or_default();
        lines.push(Line::from(vec![
            label(app, "field.birthday"),
            Span::raw(format!("{} ({next})", crate::display::day_month(b))),
        ]));
    }
    lines
}

/// On the profile's lower border, how many details the address card has and how to see them, while
/// the lower half shows something else.
fn card_hint(app: &App, page: &ContactPage) -> Option<Line<'static>> {
    let n = page.card.details.len();
    (n > 0 && page.lower != Lower::Card).then(|| {
        Line::from(Span::styled(
            format!(" {} ", tr("card.hint", &[("n", &n)])),
            app.theme.dim(),
        ))
    })
}

/// The right-hand box: a gauge per pillar (with its inputs where there is room), then the open
/// promises.
fn pillars_and_promises(app: &App, page: &ContactPage, area: Rect) -> Vec<Line<'static>> {
    let today = app.clock.today();
    let mut right = Vec::new();
    // The bar takes what the name, the score (" 100") and the trend (" +12") leave.
    let name_width = crate::display::pillar_name_width() + 1;
    let inner_width = usize::from(area.width.saturating_sub(2));
    let gauge_width = inner_width.saturating_sub(name_width + 4 + 4).clamp(3, 24);
    let (now, before) = (&page.relationship.scores, &page.relationship.scores_before);
    for (key, score, earlier) in [
        ("pillar.trust", &now.trust, &before.trust),
        ("pillar.sympathy", &now.sympathy, &before.sympathy),
        ("pillar.competence", &now.competence, &before.competence),
        ("pillar.longterm", &now.longterm, &before.longterm),
    ] {
        let [gauge_line, inputs] =
            pillar_lines(app, key, score, earlier.score, (name_width, gauge_width));
        right.push(gauge_line);
        // On a small screen the gauges come first; their inputs only where there is room.
        if area.height >= 12 {
            right.push(inputs);
        }
    }
    right.push(Line::raw(""));
    if page.promises.is_empty() {
        right.push(Line::from(Span::styled(
            t("contact.no_open_promises"),
            app.theme.dim(),
        )));
    }
    for p in &page.promises {
        right.push(promise_line(app, p, today, "", inner_width));
    }
    right
}

/// The notes, last on the profile, wrapped over the `room` lines left in the box (at least one); the
/// last shown line ends in "…" when they need more.
fn notes_lines(label: Span<'static>, notes: &str, width: u16, room: usize) -> Vec<Line<'static>> {
    let text_width = usize::from(width).saturating_sub(11);
    let text = sanitize_block(notes).replace('\n', " / ");
    let mut wrapped = crate::text::wrap(&text, text_width);
    if wrapped.len() > room.max(1) {
        wrapped.truncate(room.max(1));
        if let Some(last) = wrapped.last_mut() {
            *last = fit(&format!("{last} …"), text_width, Align::Left);
        }
    }
    let mut label = Some(label);
    wrapped
        .into_iter()
        .map(|part| {
            let lead = label.take().unwrap_or_else(|| Span::raw(" ".repeat(11)));
            Line::from(vec![lead, Span::raw(part)])
        })
        .collect()
}

/// Shades for the touch calendar: none, one, two, three or more touches a day.
const HEAT: [&str; 4] = ["·", "░", "▒", "█"];

/// The calendar heatmap of touches (53 weeks, a row per weekday) beside the monthly mood line.
fn charts(app: &App, relationship: &crate::insight::Relationship, frame: &mut Frame, area: Rect) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", t("contact.charts")))
        .border_style(app.theme.border(true));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let weeks = &relationship.calendar;
    let calendar_width = u16::try_from(weeks.len()).unwrap_or(53) + 4;
    let [left, right] = Layout::horizontal([
        Constraint::Length(calendar_width.min(inner.width)),
        Constraint::Fill(1),
    ])
    .areas(inner);
    let shown = usize::from(left.width.saturating_sub(4));
    let first = weeks.len().saturating_sub(shown);
    frame.render_widget(Paragraph::new(calendar_lines(app, &weeks[first..])), left);
    let mood_lines = mood_line_lines(app, &relationship.mood_line, app.clock.today());
    frame.render_widget(Paragraph::new(mood_lines), right);
}

/// The touch calendar: a row per weekday, a column per week, shaded by the touches that day.
fn calendar_lines(app: &App, weeks: &[[Option<u16>; 7]]) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(Span::styled(
        t("contact.calendar"),
        app.theme.strong(),
    ))];
    for (day, label) in [
        "weekday.mon",
        "weekday.tue",
        "weekday.wed",
        "weekday.thu",
        "weekday.fri",
        "weekday.sat",
        "weekday.sun",
    ]
    .iter()
    .enumerate()
    {
        let mut spans = vec![Span::styled(
            fit(
                &t(label).chars().take(2).collect::<String>(),
                4,
                Align::Left,
            ),
            app.theme.dim(),
        )];
        for week in weeks {
            let (symbol, style) = match week[day] {
                None => (" ", app.theme.dim()),
                Some(0) => (HEAT[0], app.theme.dim()),
                Some(n) => (HEAT[usize::from(n).min(3)], app.theme.good()),
            };
            spans.push(Span::styled(symbol, style));
        }
        lines.push(Line::from(spans));
    }
    lines
}

/// The mood line: one column per month, a row per mood from +2 down to -2, the months below.
fn mood_line_lines(
    app: &App,
    mood_line: &[Option<f64>],
    today: chrono::NaiveDate,
) -> Vec<Line<'static>> {
    let months = crate::domain::charts::last_twelve_months(today);
    let mut lines = vec![Line::from(Span::styled(
        format!(" {}", t("contact.mood_line")),
        app.theme.strong(),
    ))];
    for level in (-2..=2).rev() {
        let mut spans = vec![Span::styled(
            format!(" {:>2} ", mood_label(Some(level))),
            app.theme.dim(),
        )];
        for mean in mood_line {
            #[allow(clippy::cast_possible_truncation)]
            let cell = match mean {
                Some(m) if m.round() as i8 == level => Span::styled(
                    " ● ",
                    if level < 0 {
                        app.theme.alarm()
                    } else {
                        app.theme.good()
                    },
                ),
                _ if level == 0 => Span::styled(" · ", app.theme.dim()),
                _ => Span::raw("   "),
            };
            spans.push(cell);
        }
        lines.push(Line::from(spans));
    }
    let mut labels = vec![Span::raw("    ")];
    for month in &months {
        labels.push(Span::styled(
            format!("{:^3}", month.format("%m")),
            app.theme.dim(),
        ));
    }
    lines.push(Line::from(labels));
    lines
}

/// The change against 90 days ago: " +5", " −3", " ±0", or nothing when either score is missing.
fn trend(now: Option<u8>, before: Option<u8>) -> String {
    match (now, before) {
        (Some(n), Some(b)) => match i16::from(n) - i16::from(b) {
            0 => " ±0".to_string(),
            d if d > 0 => format!(" +{d}"),
            d => format!(" {d}"),
        },
        _ => String::new(),
    }
}

/// Two lines per pillar: the gauge, then the inputs that produced it.
fn pillar_lines<'a>(
    app: &App,
    key: &str,
    score: &PillarScore,
    before: Option<u8>,
    (name_width, gauge_width): (usize, usize),
) -> [Line<'a>; 2] {
    let inputs = crate::display::score_inputs(score, ", ");
    let style = match score.score {
        Some(s) if s < 40 => app.theme.alarm(),
        Some(s) if s < 70 => app.theme.warn(),
        Some(_) => app.theme.good(),
        None => app.theme.dim(),
    };
    [
        Line::from(vec![
            Span::styled(fit(t(key), name_width, Align::Left), app.theme.strong()),
            Span::styled(gauge(score.score, gauge_width), style),
            Span::styled(trend(score.score, before), app.theme.dim()),
        ]),
        Line::from(Span::styled(format!("  {inputs}"), app.theme.dim())),
    ]
}
