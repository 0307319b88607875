//! The inbox's sources and rules on generated mail: a Maildir (isync names in cur/ and new/) and an
//! mbox with encoded names, replies, CC lists, newsletters and malformed messages, and an ICS file
//! with recurring, cancelled, all-day and future events. `RAPPORT_INBOX_MESSAGES` sets the size of
//! the large Maildir scanned for time (default 2,000; the README figure is 100,000).

mod common;

use chrono::{DateTime, FixedOffset, NaiveDate};
use rapport::clock::Clock;
use rapport::domain::model::{Id, Initiative, Kind};
use rapport::inbox::rules::{Proposer, Setting};
use rapport::inbox::{Found, Message, SkipReason, calendar, maildir, mbox};
use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::Path;

const ANNA: &str = "anna@example.org";

/// One generated mail: headers, then a short body.
fn mail(from: &str, to: &str, extra: &str, date: &str, subject: &str, id: &str) -> String {
    format!(
        "Return-Path: <x@y>\r\nFrom: {from}\r\nTo: {to}\r\n{extra}Date: {date}\r\nSubject: {subject}\r\n\
         Message-ID: <{id}>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello,\r\nsee below.\r\n"
    )
}

/// The messages of the fixture, in delivery order: (folder, text).
fn messages() -> Vec<(&'static str, Vec<u8>)> {
    let d = "Mon, 2 Dec 2024";
    let mut all = vec![
        // A thread of three on one day: I wrote first to Björn (encoded name), he replied twice.
        (
            "cur",
            mail(
                "Anna Schmidt <anna@example.org>",
                "=?UTF-8?B?QmrDtnJuIE3DvGxsZXI=?= <Bjoern@Firma.de>",
                "",
                &format!("{d} 09:00:00 +0100"),
                "Angebot",
                "t1@example.org",
            ),
        ),
        (
            "cur",
            mail(
                "=?ISO-8859-1?Q?Bj=F6rn_M=FCller?= <bjoern@firma.de>",
                ANNA,
                "In-Reply-To: <t1@example.org>\r\nReferences: <t1@example.org>\r\n",
                &format!("{d} 10:00:00 +0100"),
                "Re: Angebot",
                "t2@firma.de",
            ),
        ),
        (
            "new",
            mail(
                "bjoern@firma.de",
                ANNA,
                "In-Reply-To: <t2@firma.de>\r\nReferences: <t1@example.org> <t2@firma.de>\r\n",
                &format!("{d} 11:00:00 +0100"),
                "AW: Re: Angebot",
                "t3@firma.de",
            ),
        ),
        // Carla wrote first, to me with Dora in CC: one proposal about both.
        (
            "cur",
            mail(
                "Carla <carla@kunde.de>",
                ANNA,
                "Cc: Dora <dora@kunde.de>, Someone Else <else@kunde.de>\r\n",
                &format!("{d} 08:00:00 +0100"),
                "Termin",
                "c1@kunde.de",
            ),
        ),
        (
            "cur",
            mail(
                ANNA,
                "carla@kunde.de",
                "Cc: dora@kunde.de\r\nIn-Reply-To: <c1@kunde.de>\r\n",
                &format!("{d} 12:00:00 +0100"),
                "Re: Termin",
                "c2@example.org",
            ),
        ),
        // A newsletter and a noreply notification to me.
        (
            "cur",
            mail(
                "News <info@newsletter.shop.de>",
                ANNA,
                "",
                &format!("{d} 07:00:00 +0100"),
                "Angebote",
                "n1@shop.de",
            ),
        ),
        (
            "new",
            mail(
                "noreply@bank.de",
                ANNA,
                "",
                &format!("{d} 07:30:00 +0100"),
                "Kontoauszug",
                "n2@bank.de",
            ),
        ),
        // Malformed: no Date (the file name's time is used), a broken encoded word.
        (
            "cur",
            b"From: carla@kunde.de\r\nTo: anna@example.org\r\nSubject: ohne Datum\r\n\r\nbody\r\n"
                .to_vec()
                .into_iter()
                .map(char::from)
                .collect(),
        ),
        (
            "cur",
            mail(
                "=?UTF-8?B?broken?= <dora@kunde.de>",
                ANNA,
                "",
                "Tue, 3 Dec 2024 09:00:00 +0100",
                "=?UTF-8?Q?Gr=C3=BC=?=",
                "b1@kunde.de",
            ),
        ),
    ]
    .into_iter()
    .map(|(folder, text)| (folder, text.into_bytes()))
    .collect::<Vec<_>>();
    // Binary garbage and a 5 MB header.
    all.push(("cur", (0..4096u32).map(|i| (i * 7 % 256) as u8).collect()));
    let mut huge = b"From: carla@kunde.de\r\nX-Junk: ".to_vec();
    huge.extend(std::iter::repeat_n(b'a', 5 << 20));
    huge.extend(b"\r\n\r\nbody\r\n");
    all.push(("new", huge));
    all
}

/// Writes the fixture as a Maildir with isync-style names; returns the directory's file names.
fn write_maildir(dir: &Path, messages: &[(&str, Vec<u8>)], first: usize) -> Vec<String> {
    for sub in ["cur", "new", "tmp"] {
        fs::create_dir_all(dir.join(sub)).expect("maildir folders");
    }
    let mut names = Vec::new();
    for (i, (folder, text)) in messages.iter().enumerate() {
        let n = first + i;
        let flags = if *folder == "cur" { ":2,S" } else { "" };
        let name = format!(
            "{}.{}_{}.host,U={}{flags}",
            1_733_130_000 + n,
            12_345 + n,
            n,
            n
        );
        fs::write(dir.join(folder).join(&name), text).expect("a mail file");
        names.push(name);
    }
    names
}

/// The address book of the fixture: Björn 1, Carla 2, Dora 3.
fn book() -> HashMap<String, Vec<Id>> {
    [
        ("bjoern@firma.de", 1),
        ("carla@kunde.de", 2),
        ("dora@kunde.de", 3),
    ]
    .into_iter()
    .map(|(email, id)| (email.to_string(), vec![id]))
    .collect()
}

fn setting(book: &HashMap<String, Vec<Id>>) -> Setting<'_> {
    Setting {
        me: HashSet::from([ANNA.to_string()]),
        ignore: vec!["noreply@*".into(), "*@newsletter.*".into()],
        book,
        today: NaiveDate::from_ymd_opt(2024, 12, 10).expect("a date"),
    }
}

fn scan_all(dir: &Path, seen: &HashSet<String>) -> (Vec<Message>, Vec<(String, SkipReason)>) {
    let (mut read, mut skipped) = (Vec::new(), Vec::new());
    maildir::scan(
        dir,
        |name| seen.contains(name),
        |found| match found {
            Found::Message(m) => read.push(*m),
            Found::Skipped(s) => skipped.push((s.origin, s.reason)),
        },
    )
    .expect("a maildir");
    (read, skipped)
}

#[test]
fn a_maildir_is_read_decoded_and_grouped_into_one_touch_per_day_and_thread() {
    let home = tempfile::tempdir().expect("a temp dir");
    let dir = home.path().join("INBOX");
    write_maildir(&dir, &messages(), 0);
    let (read, skipped) = scan_all(&dir, &HashSet::new());
    assert_eq!(read.len(), 9, "{skipped:?}");
    let reasons: HashSet<SkipReason> = skipped.iter().map(|(_, r)| *r).collect();
    assert_eq!(
        reasons,
        HashSet::from([SkipReason::Binary, SkipReason::Oversize])
    );
    let reply = read
        .iter()
        .find(|m| m.message_id.as_deref() == Some("t2@firma.de"))
        .expect("t2");
    assert_eq!(reply.from[0].name.as_deref(), Some("Björn Müller"));
    assert_eq!(reply.references, ["t1@example.org"]);
    let first = read
        .iter()
        .find(|m| m.message_id.as_deref() == Some("t1@example.org"))
        .expect("t1");
    assert_eq!(first.to[0].email, "bjoern@firma.de");
    assert_eq!(first.to[0].name.as_deref(), Some("Björn Müller"));
    let undated = read
        .iter()
        .find(|m| m.subject.as_deref() == Some("ohne Datum"))
        .expect("undated");
    assert!(
        undated.date.is_some(),
        "the file name's delivery time stands in"
    );

    let book = book();
    let mut proposer = Proposer::new(setting(&book));
    read.iter().for_each(|m| proposer.add_message(m));
    assert_eq!(proposer.left.ignored, 2);
    let (proposals, _) = proposer.finish();
    let summary: Vec<(Vec<Id>, Option<&str>, Initiative, usize)> = proposals
        .iter()
        .map(|p| {
            (
                p.contacts.clone(),
                p.title.as_deref(),
                p.initiative,
                p.origins.len(),
            )
        })
        .collect();
    assert!(
        summary.contains(&(vec![1], Some("Angebot"), Initiative::Me, 3)),
        "{summary:?}"
    );
    assert!(
        summary.contains(&(vec![2, 3], Some("Termin"), Initiative::Them, 2)),
        "{summary:?}"
    );
    assert!(
        summary
            .iter()
            .any(|(c, t, ..)| c == &vec![3] && t.is_some_and(|t| t.contains("Gr")))
    );
    assert!(proposals.iter().all(|p| p.kind == Kind::Email));
    assert_eq!(proposals.len(), 4, "{summary:?}");
}

#[test]
fn a_rescan_with_the_seen_set_reads_only_new_files() {
    let home = tempfile::tempdir().expect("a temp dir");
    let dir = home.path().join("INBOX");
    let all = messages();
    write_maildir(&dir, &all[..5], 0);
    let mut seen = HashSet::new();
    let (first, _) = scan_all(&dir, &seen);
    assert_eq!(first.len(), 5);
    seen.extend(first.iter().map(|m| m.origin.clone()));
    // The mail client sets flags and moves new/ to cur/: still seen.
    for entry in fs::read_dir(dir.join("new")).expect("new/").flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        fs::rename(entry.path(), dir.join("cur").join(format!("{name}:2,RS"))).expect("moved");
    }
    write_maildir(&dir, &all[5..7], 100);
    let (second, _) = scan_all(&dir, &seen);
    let subjects: Vec<_> = second.iter().filter_map(|m| m.subject.as_deref()).collect();
    assert_eq!(subjects.len(), 2, "{subjects:?}");
    assert!(subjects.contains(&"Angebote") && subjects.contains(&"Kontoauszug"));
}

#[test]
fn an_mbox_is_read_from_its_offset() {
    let home = tempfile::tempdir().expect("a temp dir");
    let path = home.path().join("mbox");
    let write = |messages: &[(&str, Vec<u8>)]| {
        let mut text = Vec::new();
        for (_, message) in messages {
            text.extend(b"From anna@example.org Mon Dec  2 10:00:00 2024\n");
            text.extend(message);
            text.extend(b"\n");
        }
        text
    };
    let all = messages();
    let mut text = write(&all[..4]);
    fs::write(&path, &text).expect("an mbox");
    let mut read = Vec::new();
    let end = mbox::scan(&path, 0, |f| read.push(f)).expect("scanned");
    assert_eq!(end, text.len() as u64);
    assert_eq!(read.len(), 4);
    text.extend(write(&all[7..]));
    fs::write(&path, &text).expect("an mbox");
    let mut more = Vec::new();
    let end = mbox::scan(&path, end, |f| more.push(f)).expect("scanned");
    assert_eq!(end, text.len() as u64);
    let messages: Vec<_> = more
        .iter()
        .filter_map(|f| match f {
            Found::Message(m) => Some(m),
            _ => None,
        })
        .collect();
    let skipped: Vec<_> = more
        .iter()
        .filter_map(|f| match f {
            Found::Skipped(s) => Some(s.reason),
            _ => None,
        })
        .collect();
    assert_eq!(messages.len(), 2, "{more:?}");
    assert!(
        messages
            .iter()
            .all(|m| m.date.is_some() && m.origin.starts_with("mbox:"))
    );
    assert!(skipped.contains(&SkipReason::Oversize), "{skipped:?}");
}

const ICS: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n\
BEGIN:VEVENT\r\nUID:weekly\r\nDTSTART;TZID=Europe/Berlin:20241104T100000\r\nRRULE:FREQ=WEEKLY;BYDAY=MO\r\n\
EXDATE;TZID=Europe/Berlin:20241111T100000\r\nSUMMARY:Jour fixe\r\nORGANIZER;CN=Anna:mailto:anna@example.org\r\n\
ATTENDEE;CN=\"Müller, Björn\":mailto:Bjoern@firma.de\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:weekly\r\nRECURRENCE-ID;TZID=Europe/Berlin:20241118T100000\r\n\
DTSTART;TZID=Europe/Berlin:20241119T150000\r\nSUMMARY:Jour fixe (moved)\r\nATTENDEE:mailto:bjoern@firma.de\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:cancelled\r\nDTSTART:20241105T090000Z\r\nSTATUS:CANCELLED\r\nATTENDEE:mailto:carla@kunde.de\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:allday\r\nDTSTART;VALUE=DATE:20241120\r\nSUMMARY:Workshop\r\nORGANIZER:mailto:carla@kunde.de\r\n\
ATTENDEE:mailto:dora@kunde.de\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:future\r\nDTSTART:20250105T090000Z\r\nATTENDEE:mailto:carla@kunde.de\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:alone\r\nDTSTART:20241105T090000Z\r\nSUMMARY:Focus time\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nSUMMARY:no uid\r\nDTSTART:20241105T090000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

#[test]
fn past_meetings_come_from_an_ics_file() {
    let now: DateTime<FixedOffset> = "2024-11-26T12:00:00+01:00".parse().expect("a time");
    let mut meetings = Vec::new();
    let skipped =
        calendar::scan(ICS.as_bytes(), Clock::fixed(now), |m| meetings.push(m)).expect("read");
    assert_eq!(skipped, 1, "the event without UID");
    let starts: Vec<String> = meetings
        .iter()
        .map(|m| format!("{} {}", m.uid, m.start.format("%m-%d %H:%M")))
        .collect();
    assert_eq!(
        starts,
        [
            "weekly 11-04 10:00",
            "weekly 11-19 15:00",
            "weekly 11-25 10:00",
            "allday 11-20 00:00"
        ],
        "weekly without the EXDATE, the moved one in place, nothing cancelled, future or alone"
    );
    assert_eq!(meetings[0].attendees[0].email, "bjoern@firma.de");
    assert_eq!(
        meetings[0].attendees[0].name.as_deref(),
        Some("Müller, Björn")
    );
    let book = book();
    let mut proposer = Proposer::new(Setting {
        today: now.date_naive(),
        ..setting(&book)
    });
    meetings.iter().for_each(|m| proposer.add_meeting(m));
    let (proposals, _) = proposer.finish();
    let initiative: Vec<(Vec<Id>, Initiative)> = proposals
        .iter()
        .map(|p| (p.contacts.clone(), p.initiative))
        .collect();
    assert_eq!(
        initiative,
        [
            (vec![1], Initiative::Me),
            (vec![1], Initiative::Them),
            (vec![2, 3], Initiative::Them),
            (vec![1], Initiative::Me)
        ]
    );
    assert!(proposals.iter().all(|p| p.kind == Kind::Meeting));
}

/// Meetings of summer read in winter: each at the offset its zone had on its day.
#[test]
fn meetings_keep_the_time_their_zone_names() {
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n\
BEGIN:VEVENT\r\nUID:berlin\r\nDTSTART;TZID=Europe/Berlin:20240701T100000\r\nATTENDEE:mailto:bjoern@firma.de\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:utc\r\nDTSTART:20240702T080000Z\r\nATTENDEE:mailto:bjoern@firma.de\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:york\r\nDTSTART;TZID=America/New_York:20240703T090000\r\nATTENDEE:mailto:bjoern@firma.de\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:floating\r\nDTSTART:20240704T090000\r\nATTENDEE:mailto:bjoern@firma.de\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";
    let now: DateTime<FixedOffset> = "2024-11-26T12:00:00+01:00".parse().expect("a time");
    let mut meetings = Vec::new();
    calendar::scan(ics.as_bytes(), Clock::fixed(now), |m| meetings.push(m)).expect("read");
    let starts: Vec<String> = meetings.iter().map(|m| m.start.to_rfc3339()).collect();
    assert_eq!(
        starts,
        [
            "2024-07-01T10:00:00+02:00",
            "2024-07-02T09:00:00+01:00",
            "2024-07-03T09:00:00-04:00",
            "2024-07-04T09:00:00+01:00"
        ]
    );
}

#[test]
fn a_large_maildir_is_scanned_in_bounded_time() {
    let count = common::count("RAPPORT_INBOX_MESSAGES", 2_000);
    let home = tempfile::tempdir().expect("a temp dir");
    let dir = home.path().join("INBOX");
    for sub in ["cur", "new"] {
        fs::create_dir_all(dir.join(sub)).expect("folders");
    }
    let padding = format!("X-Spam: {}\r\n", "x".repeat(600));
    for n in 0..count {
        let text = mail(
            &format!("Person {} <p{}@kunde{}.de>", n % 3000, n % 3000, n % 7),
            ANNA,
            &padding,
            &format!("Mon, {} Nov 2024 10:{:02}:00 +0100", 1 + n % 28, n % 60),
            &format!("Thread {}", n % 5000),
            &format!("m{n}@kunde.de"),
        );
        fs::write(
            dir.join("cur")
                .join(format!("{}.{n}_1.host,U={n}:2,S", 1_733_000_000 + n)),
            text,
        )
        .expect("a mail");
    }
    let book: HashMap<String, Vec<Id>> = (0..2000)
        .map(|i| (format!("p{i}@kunde{}.de", i % 7), vec![i as Id]))
        .collect();
    let started = std::time::Instant::now();
    let mut proposer = Proposer::new(setting(&book));
    maildir::scan(
        &dir,
        |_| false,
        |found| {
            if let Found::Message(m) = found {
                proposer.add_message(&m);
            }
        },
    )
    .expect("scanned");
    let (proposals, _) = proposer.finish();
    let took = started.elapsed();
    println!(
        "{count} messages scanned in {took:?}: {} proposals",
        proposals.len()
    );
    assert!(!proposals.is_empty());
}
