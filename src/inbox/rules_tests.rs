use super::*;
use crate::inbox::Address;

#[test]
fn globs_match_addresses() {
    for (pattern, address, matches) in [
        ("noreply@*", "noreply@bank.de", true),
        ("noreply@*", "anna@noreply.de", false),
        ("*@newsletter.*", "info@newsletter.shop.de", true),
        ("*@newsletter.*", "newsletter@shop.de", false),
        ("NoReply@*", "noreply@x.de", true),
        ("a?c@x.de", "abc@x.de", true),
        ("*", "anyone@x.de", true),
    ] {
        assert_eq!(glob_match(pattern, address), matches, "{pattern} {address}");
    }
}

#[test]
fn subjects_lose_their_prefixes() {
    for (subject, normal) in [
        ("Re: AW: Fwd: Angebot", "angebot"),
        ("WG:  Angebot   2025", "angebot 2025"),
        ("Re[2]: Termin", "termin"),
        ("Agenda: Q1", "agenda: q1"),
    ] {
        assert_eq!(normalised_subject(subject), normal, "{subject}");
    }
}

fn message(from: &str, to: &[&str], at: &str, subject: &str, reply: bool) -> Message {
    let address = |e: &str| Address {
        email: e.to_string(),
        name: None,
    };
    Message {
        message_id: (!reply).then(|| normalised_subject(subject)),
        in_reply_to: reply.then(|| normalised_subject(subject)),
        references: Vec::new(),
        from: vec![address(from)],
        to: to.iter().map(|e| address(e)).collect(),
        cc: Vec::new(),
        date: Some(at.parse().expect("a date")),
        subject: Some(subject.to_string()),
        source: Source::Maildir,
        origin: format!("{from}{at}{subject}"),
    }
}

fn run(messages: &[Message]) -> (Vec<Proposal>, Vec<NewPerson>) {
    let book = HashMap::from([
        ("c@x.de".to_string(), vec![7]),
        ("d@x.de".to_string(), vec![8]),
    ]);
    let mut proposer = Proposer::new(Setting {
        me: HashSet::from(["me@x.de".to_string()]),
        ignore: vec!["noreply@*".to_string()],
        book: &book,
        today: NaiveDate::from_ymd_opt(2024, 12, 10).expect("a date"),
    });
    messages.iter().for_each(|m| proposer.add_message(m));
    proposer.finish()
}

#[test]
fn one_touch_per_day_and_thread_with_who_wrote_first() {
    let day1 = "2024-12-02T09:00:00+01:00";
    let later = "2024-12-02T17:00:00+01:00";
    let day2 = "2024-12-03T09:00:00+01:00";
    type Touches = Vec<(Vec<Id>, Initiative)>;
    let cases: Vec<(&str, Vec<Message>, Touches)> = vec![
        (
            "they wrote first",
            vec![
                message("me@x.de", &["c@x.de"], later, "Re: A", true),
                message("c@x.de", &["me@x.de"], day1, "A", false),
            ],
            vec![(vec![7], Initiative::Them)],
        ),
        (
            "I wrote first",
            vec![
                message("c@x.de", &["me@x.de"], later, "Re: A", true),
                message("me@x.de", &["c@x.de"], day1, "A", false),
            ],
            vec![(vec![7], Initiative::Me)],
        ),
        (
            "two days, two touches",
            vec![
                message("c@x.de", &["me@x.de"], day1, "A", false),
                message("c@x.de", &["me@x.de"], day2, "Re: A", true),
            ],
            vec![(vec![7], Initiative::Them), (vec![7], Initiative::Them)],
        ),
        (
            "two threads, two touches",
            vec![
                message("c@x.de", &["me@x.de"], day1, "A", false),
                message("c@x.de", &["me@x.de"], later, "B", false),
            ],
            vec![(vec![7], Initiative::Them), (vec![7], Initiative::Them)],
        ),
        (
            "a mail to two contacts names both",
            vec![message("me@x.de", &["c@x.de", "d@x.de"], day1, "A", false)],
            vec![(vec![7, 8], Initiative::Me)],
        ),
        (
            "an ignored sender",
            vec![message("noreply@x.de", &["c@x.de"], day1, "A", false)],
            vec![],
        ),
        (
            "tomorrow is not yet",
            vec![message(
                "c@x.de",
                &["me@x.de"],
                "2024-12-11T09:00:00+01:00",
                "A",
                false,
            )],
            vec![],
        ),
    ];
    for (case, messages, expected) in cases {
        let (proposals, _) = run(&messages);
        let got: Vec<_> = proposals
            .iter()
            .map(|p| (p.contacts.clone(), p.initiative))
            .collect();
        assert_eq!(got, expected, "{case}");
    }
    let twice = run(&[message("c@x.de", &["me@x.de"], day1, "A", false)]).0;
    let again = run(&[message("c@x.de", &["me@x.de"], day1, "A", false)]).0;
    assert_eq!(twice[0].key, again[0].key, "the key is stable");
}

#[test]
fn frequent_correspondents_who_are_no_contacts() {
    let at = |day: u32| format!("2024-12-0{day}T09:00:00+01:00");
    let mut messages = Vec::new();
    for day in 1..=3 {
        messages.push(message(
            "me@x.de",
            &["new@y.de"],
            &at(day),
            &format!("T{day}"),
            false,
        ));
        messages.push(message(
            "news@y.de",
            &["me@x.de"],
            &at(day),
            &format!("N{day}"),
            false,
        ));
        messages.push(message(
            "other@y.de",
            &["me@x.de"],
            &at(day),
            &format!("R{day}"),
            day < 3,
        ));
    }
    messages.push(message("me@x.de", &["new@y.de"], &at(4), "T1", false));
    messages.push(message(
        "me@x.de",
        &["old@y.de"],
        "2024-08-01T09:00:00+01:00",
        "O1",
        false,
    ));
    let people = run(&messages).1;
    let got: Vec<(&str, usize)> = people
        .iter()
        .filter(|p| p.threads >= NEW_PERSON_THREADS)
        .map(|p| (p.email.as_str(), p.threads))
        .collect();
    assert_eq!(
        got,
        [("new@y.de", 3)],
        "a reply to me counts, a newsletter does not"
    );
}
