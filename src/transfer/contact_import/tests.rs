use super::matching::{compatible_names, has_email_row, same_email, same_folded, trimmed};
use super::*;
use crate::domain::model::{CardProperty, Contact, Id, Tier};
use crate::text::fold;
use crate::transfer::vcard::parse;
use crate::transfer::vcard::tests::{card, created, export_without_cards, full_contact, s, tags};
use proptest::prelude::*;

mod names;

/// The contact a card describes: the same email (case-insensitive), else the same folded name and
/// company (no company on either side counts as the same) unless both have emails and they differ.
fn matching<'a>(card: &Card, existing: &'a [Contact]) -> Option<&'a Contact> {
    let email = trimmed(card.email.as_deref());
    if !email.is_empty()
        && let Some(found) = existing.iter().find(|c| {
            let other = trimmed(c.email.as_deref());
            !other.is_empty() && same_email(email, other) && compatible_names(card, c)
        })
    {
        return Some(found);
    }
    let name = card.name.trim();
    let company = trimmed(card.company.as_deref());
    existing.iter().find(|c| {
        let other = trimmed(c.email.as_deref());
        let emails_differ = !email.is_empty() && !other.is_empty() && !same_email(email, other);
        !emails_differ
            && same_folded(name, c.name.trim())
            && same_folded(company, trimmed(c.company.as_deref()))
    })
}

/// Decides what importing `card` does: match by email first, then by name and company; a match becomes
/// an update when [`merge`] would change the contact, else a skip.
fn plan(card: &Card, existing: &[Contact]) -> Plan {
    match matching(card, existing) {
        None => Plan::Create,
        Some(found) => {
            let mut copy = found.clone();
            if merge(card, &mut copy) {
                Plan::Update(found.id)
            } else {
                Plan::Skip(found.id)
            }
        }
    }
}

fn existing() -> Vec<Contact> {
    let mut anna = Contact::new("Anna Schmidt", created());
    anna.id = 1;
    anna.email = s("Anna.Schmidt@Beispiel-AG.example");
    anna.company = s("Beispiel AG");
    let mut juergen = Contact::new("Jürgen Müller", created());
    juergen.id = 2;
    juergen.company = s("Müller & Söhne");
    juergen.tags = tags(&["Segeln"]);
    let mut solo = Contact::new("Ödön Horváth", created());
    solo.id = 3;
    solo.notes = s("Schreibt Stücke.");
    vec![anna, juergen, solo]
}

#[test]
fn plan_matches_by_email_then_name_and_company() {
    let contacts = existing();
    // Email, case and spaces ignored; the name may differ.
    let by_email = Card {
        email: s("  anna.schmidt@beispiel-ag.example "),
        phone: s("+49 1"),
        ..card("A. Schmidt", 1)
    };
    assert_eq!(plan(&by_email, &contacts), Plan::Update(1));
    // Name and company, folded.
    let by_name = Card {
        company: s("MÜLLER & SÖHNE"),
        tags: tags(&["segeln", "Tee"]),
        ..card("jurgen muller", 1)
    };
    assert_eq!(plan(&by_name, &contacts), Plan::Update(2));
    // No company on either side matches; a company on one side only does not.
    assert_eq!(plan(&card("Odon Horvath", 1), &contacts), Plan::Skip(3));
    let other_company = Card {
        company: s("Burgtheater"),
        ..card("Ödön Horváth", 1)
    };
    assert_eq!(plan(&other_company, &contacts), Plan::Create);
    assert_eq!(
        plan(&card("Jürgen Müller", 1), &contacts),
        Plan::Create,
        "company missing on the card"
    );
    assert_eq!(plan(&card("Niemand", 1), &contacts), Plan::Create);
    // Same name and company but a different email is another person.
    let namesake = Card {
        email: s("anna@elsewhere.example"),
        company: s("Beispiel AG"),
        ..card("Anna Schmidt", 1)
    };
    assert_eq!(plan(&namesake, &contacts), Plan::Create);
}

#[test]
fn plan_skips_what_changes_nothing() {
    let contacts = existing();
    let same = Card {
        email: s("anna.schmidt@beispiel-ag.example"),
        company: s("Beispiel AG"),
        ..card("Anna Schmidt", 1)
    };
    assert_eq!(plan(&same, &contacts), Plan::Skip(1));
    // A note already contained and a tag already there (in another case) change nothing.
    let contained = Card {
        company: s("Müller & Söhne"),
        tags: tags(&["SEGELN"]),
        ..card("Jürgen Müller", 1)
    };
    assert_eq!(plan(&contained, &contacts), Plan::Skip(2));
    // An import of our own export is a skip for every contact.
    let mut exported = contacts.clone();
    exported.push(Contact {
        id: 4,
        ..full_contact()
    });
    for card in parse(&export_without_cards(&exported)).unwrap() {
        assert!(matches!(plan(&card, &exported), Plan::Skip(_)), "{card:?}");
    }
}

#[test]
fn merge_fills_gaps_and_appends_notes() {
    let mut contact = existing().remove(2);
    contact.company = s("");
    let incoming = Card {
        company: s("Burgtheater"),
        role: s("Autor"),
        tags: tags(&["Theater"]),
        notes: s("Mag Wien."),
        tier: Some(Tier::B),
        ..card("Ödön Horváth", 1)
    };
    assert!(merge(&incoming, &mut contact));
    assert_eq!(contact.company.as_deref(), Some("Burgtheater"));
    assert_eq!(contact.role.as_deref(), Some("Autor"));
    assert_eq!(contact.tags, tags(&["Theater"]));
    assert_eq!(contact.tier, Some(Tier::B));
    assert_eq!(
        contact.notes.as_deref(),
        Some("Schreibt Stücke.\n\nMag Wien.")
    );
    assert!(
        !merge(&incoming, &mut contact),
        "a second merge changes nothing"
    );
    let conflicting = Card {
        role: s("Dramatiker"),
        tier: Some(Tier::A),
        ..card("Ödön Horváth", 1)
    };
    assert!(!merge(&conflicting, &mut contact));
    assert_eq!(contact.role.as_deref(), Some("Autor"));
    assert_eq!(contact.tier, Some(Tier::B));
    let created_contact = card_to_contact(&incoming, created());
    assert_eq!(created_contact.name, "Ödön Horváth");
    assert_eq!(created_contact.company.as_deref(), Some("Burgtheater"));
    assert_eq!(created_contact.created_at, created());
}

/// Contacts in a list, counting how often one is read.
#[derive(Default)]
struct Book {
    contacts: Vec<Contact>,
    cards: std::collections::HashMap<Id, Vec<CardProperty>>,
    last_known: Id,
    loads: usize,
}

impl ContactBook for Book {
    type Error = std::convert::Infallible;

    fn load(&mut self, id: Id) -> Result<Contact, Self::Error> {
        self.loads += 1;
        Ok(self.contacts[usize::try_from(id - 1).unwrap()].clone())
    }

    fn with_email(&mut self, email: &str) -> Result<Vec<Id>, Self::Error> {
        let mut found: Vec<&Contact> = self
            .contacts
            .iter()
            .filter(|c| {
                email_key(c.email.as_deref()).as_deref() == Some(email)
                    || self
                        .cards
                        .get(&c.id)
                        .is_some_and(|rows| has_email_row(rows, email))
            })
            .collect();
        found.sort_by_key(|c| {
            let new = c.id > self.last_known;
            (new, if new { String::new() } else { fold(&c.name) }, c.id)
        });
        Ok(found.iter().map(|c| c.id).collect())
    }

    fn with_name(
        &mut self,
        name: &str,
        company: &str,
        without_email: bool,
    ) -> Result<Vec<Id>, Self::Error> {
        Ok(self
            .contacts
            .iter()
            .filter(|c| {
                fold(c.name.trim()) == name
                    && fold(trimmed(c.company.as_deref())) == company
                    && (!without_email || email_key(c.email.as_deref()).is_none())
            })
            .map(|c| c.id)
            .collect())
    }

    fn with_profile(&mut self, profile: &str) -> Result<Vec<Id>, Self::Error> {
        Ok(self
            .contacts
            .iter()
            .filter(|c| profile_key(c.notes.as_deref()).as_deref() == Some(profile))
            .map(|c| c.id)
            .collect())
    }

    fn create(&mut self, contact: &Contact) -> Result<Id, Self::Error> {
        let id = Id::try_from(self.contacts.len()).unwrap() + 1;
        self.contacts.push(Contact {
            id,
            ..contact.clone()
        });
        Ok(id)
    }

    fn update(&mut self, contact: &Contact) -> Result<(), Self::Error> {
        self.contacts[usize::try_from(contact.id - 1).unwrap()] = contact.clone();
        Ok(())
    }

    fn card(&mut self, id: Id) -> Result<Vec<CardProperty>, Self::Error> {
        Ok(self.cards.get(&id).cloned().unwrap_or_default())
    }

    fn set_card(&mut self, id: Id, properties: &[CardProperty]) -> Result<(), Self::Error> {
        self.cards.insert(id, properties.to_vec());
        Ok(())
    }
}

/// Imports `cards` into a book holding `existing` (ids 1, 2, …, in the order given, which must
/// be by folded name as the journal gives them).
fn import_all(existing: &[Contact], cards: &[Card]) -> (Book, ContactImport, Vec<Plan>) {
    let mut book = Book::default();
    for c in existing {
        book.create(c).unwrap();
    }
    book.last_known = Id::try_from(existing.len()).unwrap();
    let mut import = ContactImport::new(book.last_known, created());
    let plans = cards
        .iter()
        .map(|card| import.card(&mut book, card).unwrap())
        .collect();
    (book, import, plans)
}

/// The same import as the list scan it replaces: every card planned against every contact.
fn import_by_scan(existing: &[Contact], cards: &[Card]) -> (Vec<Contact>, Vec<Plan>) {
    let mut all: Vec<Contact> = existing.to_vec();
    for (i, c) in all.iter_mut().enumerate() {
        c.id = Id::try_from(i).unwrap() + 1;
    }
    let mut plans = Vec::new();
    for card in cards {
        let plan = plan(card, &all);
        match plan {
            Plan::Create => {
                let id = Id::try_from(all.len()).unwrap() + 1;
                all.push(Contact {
                    id,
                    ..card_to_contact(card, created())
                });
            }
            Plan::Update(id) => {
                merge(card, &mut all[usize::try_from(id - 1).unwrap()]);
            }
            Plan::Skip(_) => {}
        }
        plans.push(plan);
    }
    (all, plans)
}

#[test]
fn work_per_card_stays_flat() {
    let people = |n: usize| -> Vec<Card> {
        (0..n)
            .map(|i| Card {
                email: (i % 3 != 0).then(|| format!("p{i}@x.example")),
                company: s(&format!("Firma {}", i % 7)),
                ..card(&format!("Person {i}"), 1)
            })
            .collect()
    };
    for n in [300, 1200] {
        // A new file, then the same file again (every card matches), then the names without
        // emails (matched by name and company).
        let cards = people(n);
        let (book, import, _) = import_all(&[], &cards);
        assert_eq!(import.counts().created, n);
        let (_, again, plans) = import_all(&book.contacts, &cards);
        assert!(plans.iter().all(|p| matches!(p, Plan::Skip(_))));
        let by_name: Vec<Card> = cards
            .iter()
            .map(|c| Card {
                email: None,
                ..c.clone()
            })
            .collect();
        let (_, named, _) = import_all(&book.contacts, &by_name);
        for (what, compared) in [
            ("new", import.compared()),
            ("again", again.compared()),
            ("by name", named.compared()),
        ] {
            assert!(
                compared <= n,
                "{what}: {compared} contacts read for {n} cards"
            );
        }
    }
}

#[test]
fn profile_key_ignores_scheme_host_query_case_and_trailing_slash() {
    for notes in [
        "LinkedIn: https://www.linkedin.com/in/Anjula-Batra/",
        "Met at the fair.\n\nlinkedin:   http://de.linkedin.com/in/anjula-batra?trk=x",
    ] {
        assert_eq!(
            profile_key(Some(notes)).as_deref(),
            Some("in/anjula-batra"),
            "{notes}"
        );
    }
    for notes in [
        "",
        "Knows https://www.linkedin.com/in/someone",
        "LinkedIn:  ",
    ] {
        assert_eq!(profile_key(Some(notes)), None, "{notes}");
    }
}

#[test]
fn a_profile_finds_its_person_first_and_brings_a_new_job_only_from_linkedin() {
    let linkedin = |company: &str, role: &str, url: &str| Card {
        company: s(company),
        role: s(role),
        notes: Some(format!("LinkedIn: https://www.linkedin.com/in/{url}")),
        ..card("Anjula Batra", 1)
    };
    let first = [
        linkedin("Kestrel Ltd", "Sales Manager", "anjula"),
        linkedin("Kestrel Ltd", "Sales Manager", "anjula-2"),
    ];
    let (book, import, _) = import_all(&[], &first);
    assert_eq!(import.counts().created, 2, "namesakes with two profiles");
    let moved = [linkedin("Brightwave Ltd", "Head of Sales", "anjula/")];
    let mut again = ContactImport::new(2, created()).with_current_jobs(CurrentJobs::default());
    let mut book = book;
    assert_eq!(again.card(&mut book, &moved[0]).unwrap(), Plan::Update(1));
    let (n, changes) = again.job_changes();
    assert_eq!(n, 1);
    assert_eq!(
        changes[0],
        JobChange {
            name: "Anjula Batra".into(),
            company: s("Brightwave Ltd"),
            role: s("Head of Sales"),
        }
    );
    assert_eq!(book.contacts[1].company.as_deref(), Some("Kestrel Ltd"));
    // A vCard naming the profile finds the person but only fills what is empty.
    let (vcard_book, vcard, plans) = import_all(&book.contacts, &first[..1]);
    assert_eq!(plans, [Plan::Skip(1)]);
    assert_eq!(vcard.job_changes().0, 0);
    assert_eq!(
        vcard_book.contacts[0].company.as_deref(),
        Some("Brightwave Ltd")
    );
}

proptest! {
    #[test]
    fn index_decides_as_the_scan_did(
        existing in proptest::collection::vec((0..4usize, 0..3usize, 0..4usize), 0..8),
        cards in proptest::collection::vec((0..4usize, 0..3usize, 0..4usize, 0..3usize), 0..16),
    ) {
        const NAMES: [&str; 4] = ["Anna Müller", "anna muller", "Ben", "Ödön"];
        const COMPANIES: [&str; 3] = ["", "Beispiel AG", "BEISPIEL ag"];
        const EMAILS: [&str; 4] = ["", "a@x.example", "A@X.example", "b@x.example"];
        let contact = |(n, c, e): (usize, usize, usize)| Contact {
            company: s(COMPANIES[c]).filter(|c| !c.is_empty()),
            email: s(EMAILS[e]).filter(|e| !e.is_empty()),
            ..Contact::new(NAMES[n], created())
        };
        let mut existing: Vec<Contact> = existing.into_iter().map(contact).collect();
        existing.sort_by_key(|c| fold(&c.name));
        let cards: Vec<Card> = cards
            .into_iter()
            .map(|(n, c, e, t)| Card {
                company: s(COMPANIES[c]).filter(|c| !c.is_empty()),
                email: s(EMAILS[e]).filter(|e| !e.is_empty()),
                tags: tags(&["Tee", "Jazz", "tee"][..t]),
                ..card(NAMES[n], 1)
            })
            .collect();
        let (book, _, plans) = import_all(&existing, &cards);
        let (expected, expected_plans) = import_by_scan(&existing, &cards);
        prop_assert_eq!(plans, expected_plans);
        prop_assert_eq!(book.contacts, expected);
    }

    #[test]
    fn same_folded_agrees_with_fold(a in "\\PC{0,12}", b in "[aouAOUäöüÄÖÜßøØłŁæÆœ\u{308}\u{80}-\u{24f}İ ]{0,6}") {
        use unicode_normalization::UnicodeNormalization;
        for other in [b.clone(), a.to_uppercase(), a.nfd().collect(), a.nfc().collect(), format!("{a}x")] {
            prop_assert_eq!(same_folded(&a, &other), fold(&a) == fold(&other), "{:?} {:?}", a, other);
        }
        prop_assert_eq!(same_folded(&b, &b.to_lowercase()), fold(&b) == fold(&b.to_lowercase()));
    }

}
