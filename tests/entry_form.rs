//! The entry form without a terminal: pasted and edited text, and the checks of the When field.

use chrono::DateTime;
use rapport::clock::Clock;
use rapport::tui::entry_form::{Candidate, EntryForm, Field};

/// 04:49 on a Friday morning, the moment of the report in issue 11.
fn clock() -> Clock {
    Clock::fixed(DateTime::parse_from_rfc3339("2026-11-27T04:49:00+01:00").unwrap())
}

fn form() -> EntryForm {
    let anna = Candidate {
        id: 1,
        name: "Anna Weber".into(),
        company: None,
    };
    EntryForm::new(Some(anna.clone()), vec![anna], false)
}

#[test]
fn pasted_cr_line_breaks_become_lines_of_the_body() {
    let mut form = form();
    assert_eq!(form.focus, Field::Body);
    form.paste("first\rsecond\r\nthird");
    assert_eq!(form.body_text(), "first\nsecond\nthird");
    assert_eq!(form.body.lines().len(), 3);
    form.set_body("from the editor\r\nwith CRLF\r\n");
    assert_eq!(form.body_text(), "from the editor\nwith CRLF");
    // In a one-line field a pasted line break is a space, not a glued word.
    form.focus = Field::Title;
    form.paste("Kick\roff");
    assert_eq!(form.title.value(), "Kick off");
}

#[test]
fn the_when_field_refuses_a_time_in_the_future() {
    let mut form = form();
    form.when.set("heute 09:15");
    assert!(form.check(&clock()).is_none());
    let message = form.error(Field::When).expect("an error beside When");
    assert!(message.contains("04:49"), "says when now is: {message}");
    assert!(message.contains("promise"), "suggests a promise: {message}");
    assert_eq!(form.focus, Field::When);

    for ok in [
        "heute 04:49",
        "heute 04:52",
        "heute 04:00",
        "gestern 22:00",
        "now",
        "today",
    ] {
        form.when.set(ok);
        let checked = form.check(&clock());
        assert!(checked.is_some(), "{ok}: {:?}", form.error(Field::When));
    }
    for refused in ["heute 04:55", "morgen", "tomorrow 08:00", "2026-12-01"] {
        form.when.set(refused);
        assert!(form.check(&clock()).is_none(), "{refused}");
    }
}
