//! Which names an email may join, and which LinkedIn file may change a job.

use super::*;

/// A contact of the journal with this name, email and company.
fn known(name: &str, email: &str, company: &str) -> Contact {
    Contact {
        email: s(email).filter(|e| !e.is_empty()),
        company: s(company).filter(|c| !c.is_empty()),
        ..Contact::new(name, created())
    }
}

#[test]
fn an_email_matches_only_a_compatible_name() {
    let with_email = |name: &str, email: &str| Card {
        email: s(email),
        ..card(name, 1)
    };
    // (known contact, card, what the card does): Update(1) for the known contact (or Skip(1) when
    // the card adds nothing), Create for a second person.
    let cases: &[(Contact, Card, Plan)] = &[
        // calcard 009: two other people who share Test X-Mobil's address.
        (
            known("Test X-Mobil", "test-x@email.com", ""),
            with_email("Only N", "test-x@email.com"),
            Plan::Create,
        ),
        (
            known("Test X-Mobil", "test-x@email.com", ""),
            with_email("Only FN", "TEST-X@email.com"),
            Plan::Create,
        ),
        // The same name after folding and dropping honorifics.
        (
            known("Jürgen Müller", "jm@anker.example", ""),
            with_email("Dr. Jurgen MULLER", "jm@anker.example"),
            Plan::Update(1),
        ),
        // One name's words within the other's, initials standing for a word.
        (
            known("John Doe", "jdoe@example.com", ""),
            with_email("J. Doe", "jdoe@example.com"),
            Plan::Update(1),
        ),
        (
            known("Doe", "jdoe@example.com", ""),
            with_email("John Q. Doe", "jdoe@example.com"),
            Plan::Update(1),
        ),
        (
            known("John Doe", "jdoe@example.com", ""),
            with_email("Jane Doe", "jdoe@example.com"),
            Plan::Create,
        ),
        // A name that is only the card's email (or company) says nothing against the person.
        (
            known("John Doe", "jdoe@example.com", ""),
            with_email("jdoe@example.com", "jdoe@example.com"),
            Plan::Update(1),
        ),
        (
            known("info@anker.example", "info@anker.example", ""),
            with_email("Jürgen Müller", "info@anker.example"),
            Plan::Update(1),
        ),
        (
            known("Ankerwerk", "info@anker.example", "Ankerwerk"),
            with_email("Jürgen Müller", "info@anker.example"),
            Plan::Update(1),
        ),
        // A woman who took her husband's name: same address, another family name. Two contacts,
        // and the import's note names the pair: an address alone does not tell a new name from a
        // shared mailbox (a family's, an assistant's), and a wrong fusion loses a person's name
        // while a pair too many is one `contact merge` away.
        (
            known("Anna Schmidt", "anna@familie.example", ""),
            with_email("Anna Weber", "anna@familie.example"),
            Plan::Create,
        ),
        // A double name keeps the old one: its words contain the other's.
        (
            known("Anna Schmidt", "anna@familie.example", ""),
            with_email("Anna Schmidt-Weber", "anna@familie.example"),
            Plan::Update(1),
        ),
    ];
    for (contact, card, plan) in cases {
        let (_, _, plans) = import_all(std::slice::from_ref(contact), std::slice::from_ref(card));
        let got = plans.iter().map(|p| match p {
            Plan::Skip(id) => Plan::Update(*id),
            other => *other,
        });
        assert_eq!(
            got.collect::<Vec<_>>(),
            [*plan],
            "{} ~ {}",
            contact.name,
            card.name
        );
    }
}

#[test]
fn a_profile_matches_whatever_the_name() {
    let linkedin = |name: &str, company: &str| Card {
        company: s(company),
        notes: s("LinkedIn: https://www.linkedin.com/in/anna-weber"),
        ..card(name, 1)
    };
    let (book, _, _) = import_all(&[], &[linkedin("Anna Schmidt", "Kestrel Ltd")]);
    let mut import = ContactImport::new(1, created()).with_current_jobs(CurrentJobs::default());
    let mut book = book;
    let married = linkedin("Anna Weber", "Brightwave Ltd");
    assert_eq!(import.card(&mut book, &married).unwrap(), Plan::Update(1));
    assert_eq!(book.contacts.len(), 1);
    assert_eq!(book.contacts[0].company.as_deref(), Some("Brightwave Ltd"));
}

#[test]
fn an_older_linkedin_file_brings_no_old_job() {
    use crate::transfer::linkedin;
    let before = include_str!("../../../../tests/fixtures/linkedin/job_before.csv");
    let after = include_str!("../../../../tests/fixtures/linkedin/job_after.csv");
    let import = |book: &mut Book, text: &str| {
        let jobs = CurrentJobs {
            as_of: linkedin::newest_connection(text.as_bytes()).unwrap(),
        };
        let last = Id::try_from(book.contacts.len()).unwrap();
        let mut import = ContactImport::new(last, created()).with_current_jobs(jobs);
        for c in linkedin::parse(text).unwrap() {
            import.card(book, &linkedin::to_card(&c)).unwrap();
        }
        import.job_changes().0
    };
    let anjula = |book: &Book| book.contacts[0].company.clone();
    // Older, then newer: the job changes.
    let mut book = Book::default();
    import(&mut book, before);
    assert_eq!(import(&mut book, after), 1);
    assert_eq!(anjula(&book).as_deref(), Some("Brightwave Ltd"));
    assert_eq!(import(&mut book, before), 0, "the older file again");
    assert_eq!(anjula(&book).as_deref(), Some("Brightwave Ltd"));
    // Newer, then older: it stays.
    let mut book = Book::default();
    import(&mut book, after);
    assert_eq!(import(&mut book, before), 0);
    assert_eq!(anjula(&book).as_deref(), Some("Brightwave Ltd"));
    // A file of the same newest day may: two exports without a connection between them cannot be
    // told apart, and the one imported later is the likelier newer.
    let same_day = after.replace("Brightwave Ltd,Head of Sales", "Kestrel Ltd,CEO");
    assert_eq!(import(&mut book, &same_day), 1);
}
