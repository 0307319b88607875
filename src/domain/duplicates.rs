//! Which contacts are likely the same person: the same LinkedIn profile, email or phone number, or the
//! same name (folded, without honorifics) at the same company or with no company on one side. Pure
//! rules over what the store reads in one query; most likely pairs first.

use crate::domain::model::Id;
use crate::text::fold;
use std::collections::HashMap;

/// What the rules need to know of one contact.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Person {
    /// Store id.
    pub id: Id,
    /// Display name.
    pub name: String,
    /// Company, if any.
    pub company: Option<String>,
    /// Every email: the contact's own and the kept `EMAIL` rows, as written.
    pub emails: Vec<String>,
    /// Every phone number: the contact's own and the kept `TEL` rows, as written.
    pub phones: Vec<String>,
    /// Keys of the LinkedIn profiles the contact names (see `store::profile_key`).
    pub profiles: Vec<String>,
}

/// Why two contacts look like one person, strongest first.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reason {
    /// The same LinkedIn profile.
    Profile,
    /// The same email address (as the first contact writes it).
    Email(String),
    /// The same phone number (as the first contact writes it).
    Phone(String),
    /// The same name and the same company.
    NameAndCompany,
    /// The same name; at most one of them has a company.
    Name,
}

impl Reason {
    /// How strongly the reason alone speaks for one person (higher is stronger).
    fn weight(&self) -> u32 {
        match self {
            Reason::Profile => 100,
            Reason::Email(_) => 90,
            Reason::Phone(_) => 70,
            Reason::NameAndCompany => 60,
            Reason::Name => 40,
        }
    }
}

/// Two contacts that look like one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The contact with the lower id.
    pub first: Id,
    /// The other one.
    pub second: Id,
    /// Every reason found, strongest first.
    pub reasons: Vec<Reason>,
}

impl Duplicate {
    /// How likely the pair is one person: the strongest reason, plus a little for each further one.
    pub fn score(&self) -> u32 {
        let best = self.reasons.first().map_or(0, Reason::weight);
        best + 5 * u32::try_from(self.reasons.len().saturating_sub(1)).unwrap_or(0)
    }
}

/// Words before or after a name that say nothing about who it is: titles and forms of address.
const HONORIFICS: &[&str] = &[
    "dr",
    "prof",
    "professor",
    "herr",
    "frau",
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "sir",
    "dame",
    "madame",
    "mme",
    "monsieur",
    "dipl",
    "ing",
    "dipl-ing",
    "mag",
    "phd",
    "md",
    "mba",
    "jr",
    "sr",
];

/// The name as matching sees it: [`fold`]ed, honorifics and titles (`Dr.`, `Prof.`, `Herr`) left out,
/// punctuation at word ends dropped, one space between words. "Prof. Dr. Jürgen Müller" →
/// "jurgen muller".
pub fn name_key(name: &str) -> String {
    let folded = fold(name);
    folded
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|word| !word.is_empty())
        .filter(|word| !HONORIFICS.contains(&word.trim_end_matches('.')) && !is_degree(word))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Joined titles like "dr.-ing" or "dr.rer.nat": every part an honorific or a short abbreviation.
fn is_degree(word: &str) -> bool {
    word.contains('.')
        && word.split(['.', '-']).filter(|p| !p.is_empty()).all(|p| {
            HONORIFICS.contains(&p)
                || matches!(p, "rer" | "nat" | "med" | "phil" | "oec" | "h" | "c")
        })
}

/// Legal forms that do not tell two companies apart ("Ankerwerk GmbH" and "Ankerwerk").
const LEGAL_FORMS: &[&str] = &[
    "gmbh", "ag", "se", "kg", "ohg", "ug", "co", "ltd", "inc", "llc", "plc", "ab", "sa", "sas",
    "bv", "nv", "oy", "as", "spa", "srl", "corp", "gbr", "ev", "kgaa", "mbh",
];

/// The company as matching sees it: folded, punctuation and legal forms left out; `""` for none.
pub fn company_key(company: Option<&str>) -> String {
    fold(company.unwrap_or_default())
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty() && !LEGAL_FORMS.contains(word))
        .collect::<Vec<_>>()
        .join(" ")
}

/// An email as matching sees it: without `mailto:`, vCard escapes and spaces, lower-cased; `None`
/// when it is not an address.
pub fn email_key(email: &str) -> Option<String> {
    let email = email.trim();
    let email = match email.get(..7) {
        Some(scheme) if scheme.eq_ignore_ascii_case("mailto:") => &email[7..],
        _ => email,
    };
    let key: String = email
        .chars()
        .filter(|c| *c != '\\' && !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    key.contains('@').then_some(key)
}

/// A phone number as matching sees it: its digits, and whether it starts with a country code (`+`
/// or `00`); `None` for fewer than six digits (extensions, short codes).
pub fn phone_key(phone: &str) -> Option<(bool, String)> {
    let phone = phone.trim();
    let phone = match phone.get(..4) {
        Some(scheme) if scheme.eq_ignore_ascii_case("tel:") => &phone[4..],
        _ => phone,
    };
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let international = phone.trim_start().starts_with('+');
    let (international, digits) = match digits.strip_prefix("00") {
        Some(rest) if !international => (true, rest.to_string()),
        _ => (international, digits),
    };
    (digits.len() >= 6).then_some((international, digits))
}

/// The same number: the same digits written the same way, or one international and the other national
/// (`0171 …` and `+49 171 …`: the national digits without their `0` follow a 1–3 digit country code).
pub fn same_phone(a: &(bool, String), b: &(bool, String)) -> bool {
    match (a, b) {
        ((x, a), (y, b)) if x == y => a == b,
        ((true, intl), (false, national)) | ((false, national), (true, intl)) => national
            .strip_prefix('0')
            .and_then(|rest| intl.strip_suffix(rest))
            .is_some_and(|code| (1..=3).contains(&code.len())),
        _ => false,
    }
}

/// The last digits of a number, which a national and an international spelling share.
fn phone_bucket(key: &(bool, String)) -> String {
    let digits = &key.1;
    digits[digits.len().saturating_sub(6)..].to_string()
}

/// Every pair of `people` that likely is one person, most likely first (then by id).
pub fn find(people: &[Person]) -> Vec<Duplicate> {
    let mut pairs: HashMap<(Id, Id), Vec<Reason>> = HashMap::new();
    let mut add = |first: &Person, second: &Person, reason: Reason| {
        let reasons = pairs.entry((first.id, second.id)).or_default();
        let kind = std::mem::discriminant(&reason);
        if !reasons.iter().any(|r| std::mem::discriminant(r) == kind) {
            reasons.push(reason);
        }
    };
    let profiles = buckets(people, |p| p.profiles.clone());
    for_pairs(people, &profiles, |x, y| add(x, y, Reason::Profile));
    let emails = buckets(people, |p| {
        p.emails.iter().filter_map(|e| email_key(e)).collect()
    });
    for_pairs(people, &emails, |x, y| {
        add(x, y, Reason::Email(shared_email(x, y)));
    });
    let phones = buckets(people, |p| {
        p.phones
            .iter()
            .filter_map(|t| phone_key(t))
            .map(|k| phone_bucket(&k))
            .collect()
    });
    for_pairs(people, &phones, |x, y| {
        if let Some(shown) = shared_phone(x, y) {
            add(x, y, Reason::Phone(shown));
        }
    });
    let names = buckets(people, |p| {
        Some(name_key(&p.name))
            .filter(|k| !k.is_empty())
            .into_iter()
            .collect()
    });
    for_pairs(people, &names, |x, y| {
        if let Some(reason) = name_reason(x, y) {
            add(x, y, reason);
        }
    });
    ranked(pairs)
}

/// Why two people of the same [`name_key`] are likely one: the same company, or a company on one
/// side only; `None` for different companies or different LinkedIn profiles (namesakes).
fn name_reason(x: &Person, y: &Person) -> Option<Reason> {
    if !x.profiles.is_empty() && !y.profiles.is_empty() && !shares(&x.profiles, &y.profiles) {
        return None;
    }
    let (cx, cy) = (
        company_key(x.company.as_deref()),
        company_key(y.company.as_deref()),
    );
    if cx == cy && !cx.is_empty() {
        Some(Reason::NameAndCompany)
    } else if cx.is_empty() || cy.is_empty() {
        Some(Reason::Name)
    } else {
        None
    }
}

/// The pairs, most likely first, then by id.
fn ranked(pairs: HashMap<(Id, Id), Vec<Reason>>) -> Vec<Duplicate> {
    let mut found: Vec<Duplicate> = pairs
        .into_iter()
        .map(|((first, second), mut reasons)| {
            reasons.sort();
            Duplicate {
                first,
                second,
                reasons,
            }
        })
        .collect();
    found.sort_by(|x, y| {
        y.score()
            .cmp(&x.score())
            .then(x.first.cmp(&y.first))
            .then(x.second.cmp(&y.second))
    });
    found
}

/// Indices of `people` by each key `keys` gives them (a person once per key).
fn buckets(
    people: &[Person],
    keys: impl Fn(&Person) -> Vec<String>,
) -> HashMap<String, Vec<usize>> {
    let mut map: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, person) in people.iter().enumerate() {
        let mut own = keys(person);
        own.sort_unstable();
        own.dedup();
        for key in own {
            map.entry(key).or_default().push(i);
        }
    }
    map
}

/// More contacts than this sharing one key (an office's `info@` address, a switchboard number) say
/// nothing about any two of them being one person; such a key pairs no one (and cannot make the
/// pairs grow with the square of a large address book).
const CROWD: usize = 50;

/// Calls `f` for each pair of people that share a bucket (of at most [`CROWD`]), the one with the
/// lower id first.
fn for_pairs<'p>(
    people: &'p [Person],
    buckets: &HashMap<String, Vec<usize>>,
    mut f: impl FnMut(&'p Person, &'p Person),
) {
    for members in buckets.values().filter(|m| m.len() <= CROWD) {
        for (n, &a) in members.iter().enumerate() {
            for &b in &members[n + 1..] {
                let (x, y) = (&people[a], &people[b]);
                if x.id < y.id { f(x, y) } else { f(y, x) }
            }
        }
    }
}

fn shares(a: &[String], b: &[String]) -> bool {
    a.iter().any(|x| b.contains(x))
}

/// The first email of `first` that `second` has too, as `first` writes it.
fn shared_email(first: &Person, second: &Person) -> String {
    let theirs: Vec<String> = second.emails.iter().filter_map(|e| email_key(e)).collect();
    first
        .emails
        .iter()
        .find(|e| email_key(e).is_some_and(|k| theirs.contains(&k)))
        .map_or_else(String::new, |e| e.trim().to_string())
}

/// The first number of `first` that is also one of `second`'s, as `first` writes it.
fn shared_phone(first: &Person, second: &Person) -> Option<String> {
    let theirs: Vec<(bool, String)> = second.phones.iter().filter_map(|t| phone_key(t)).collect();
    first
        .phones
        .iter()
        .find(|t| phone_key(t).is_some_and(|k| theirs.iter().any(|o| same_phone(&k, o))))
        .map(|t| t.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: Id, name: &str, company: &str) -> Person {
        Person {
            id,
            name: name.into(),
            company: (!company.is_empty()).then(|| company.to_string()),
            ..Person::default()
        }
    }

    #[test]
    fn name_keys_fold_case_accents_and_honorifics() {
        for (name, key) in [
            ("Dr. Jürgen Müller", "jurgen muller"),
            ("Jürgen Müller", "jurgen muller"),
            ("Prof. Dr. Claudia Weber", "claudia weber"),
            ("PROF DR CLAUDIA WEBER", "claudia weber"),
            ("Herr Dipl.-Ing. Ödön  Horváth", "odon horvath"),
            ("Dr.-Ing. Anna Weber", "anna weber"),
            ("Anna Weber, PhD", "anna weber"),
            ("Mr. John Doe Jr.", "john doe"),
            ("Drake Proft", "drake proft"),
            ("陈静", "陈静"),
        ] {
            assert_eq!(name_key(name), key, "{name}");
        }
    }

    #[test]
    fn company_keys_ignore_legal_forms_and_punctuation() {
        for (company, key) in [
            (Some("Ankerwerk GmbH"), "ankerwerk"),
            (Some("ANKERWERK"), "ankerwerk"),
            (Some("Müller & Söhne GmbH & Co. KG"), "muller sohne"),
            (Some("Kestrel Ltd."), "kestrel"),
            (None, ""),
        ] {
            assert_eq!(company_key(company), key, "{company:?}");
        }
    }

    #[test]
    fn emails_and_phones_compare_by_their_plain_value() {
        assert_eq!(
            email_key("MAILTO:Anna@Example.ORG ").as_deref(),
            Some("anna@example.org")
        );
        assert_eq!(email_key("not an address"), None);
        let cases: &[(&str, &str, bool)] = &[
            ("+49 171 2345678", "0049 (171) 234-5678", true),
            ("+49 171 2345678", "0171 2345678", true),
            ("tel:+49-171-2345678", "+49 171 2345678", true),
            ("0171 2345678", "0171/2345678", true),
            ("+49 171 2345678", "+43 171 2345678", false),
            ("+49 171 2345678", "0172 2345678", false),
            ("+1 555 0100 200", "0555 0100 200", true),
            ("0171 2345678", "171 2345678", false),
            ("-12", "-12", false),
        ];
        for (a, b, same) in cases {
            let same_key = match (phone_key(a), phone_key(b)) {
                (Some(x), Some(y)) => same_phone(&x, &y),
                _ => false,
            };
            assert_eq!(same_key, *same, "{a} ~ {b}");
        }
    }

    #[test]
    fn pairs_are_found_for_each_reason_and_ranked() {
        let with = |mut p: Person, f: &dyn Fn(&mut Person)| {
            f(&mut p);
            p
        };
        let people = vec![
            person(1, "Dr. Jürgen Müller", "Ankerwerk GmbH"),
            person(2, "Jürgen Müller", "Ankerwerk GmbH"),
            // Namesakes at different companies are two people.
            person(3, "Anna Weber", "Beispiel AG"),
            person(4, "Anna Weber", "Nordlicht AB"),
            // No company on one side.
            person(5, "Ödön Horváth", ""),
            person(6, "Odon Horvath", "Burgtheater"),
            with(person(7, "A. Schmidt", ""), &|p| {
                p.emails = vec!["anna@x.example".into()];
            }),
            with(person(8, "Anna Schmidt", "Beispiel AG"), &|p| {
                p.emails = vec!["info@y.example".into(), "ANNA@X.example".into()];
            }),
            with(person(9, "Kim", ""), &|p| {
                p.phones = vec!["+49 171 2345678".into()]
            }),
            with(person(10, "Kim Park", ""), &|p| {
                p.phones = vec!["0171 2345678".into()]
            }),
            with(person(11, "Anjula Batra", "Kestrel"), &|p| {
                p.profiles = vec!["in/anjula".into()];
            }),
            with(person(12, "Anjula B.", "Brightwave"), &|p| {
                p.profiles = vec!["in/anjula".into()];
            }),
            // The same name but two different profiles: two people.
            with(person(13, "Sam Lee", ""), &|p| {
                p.profiles = vec!["in/sam-1".into()]
            }),
            with(person(14, "Sam Lee", ""), &|p| {
                p.profiles = vec!["in/sam-2".into()]
            }),
        ];
        let found = find(&people);
        let summary: Vec<(Id, Id, Vec<Reason>)> = found
            .iter()
            .map(|d| (d.first, d.second, d.reasons.clone()))
            .collect();
        assert_eq!(
            summary,
            vec![
                (11, 12, vec![Reason::Profile]),
                (7, 8, vec![Reason::Email("anna@x.example".into())]),
                (9, 10, vec![Reason::Phone("+49 171 2345678".into())]),
                (1, 2, vec![Reason::NameAndCompany]),
                (5, 6, vec![Reason::Name]),
            ]
        );
        // Reversed input gives the same answer.
        let mut reversed = people.clone();
        reversed.reverse();
        assert_eq!(find(&reversed), found);
    }

    #[test]
    fn a_key_shared_by_a_crowd_pairs_no_one() {
        let office: Vec<Person> = (0..=CROWD)
            .map(|i| Person {
                emails: vec!["info@ankerwerk.example".into()],
                ..person(i64::try_from(i).unwrap(), &format!("Person {i}"), "")
            })
            .collect();
        assert!(find(&office).is_empty());
        assert_eq!(find(&office[..CROWD]).len(), CROWD * (CROWD - 1) / 2);
    }

    #[test]
    fn several_reasons_rank_a_pair_higher() {
        let mut a = person(1, "Anna Weber", "Beispiel AG");
        let mut b = person(2, "Anna Weber", "Beispiel");
        a.phones = vec!["+49 30 123456".into()];
        b.phones = vec!["030 123456".into()];
        let found = find(&[a, b, person(3, "Anna Weber", "")]);
        assert_eq!(
            found[0].reasons,
            [
                Reason::Phone("+49 30 123456".into()),
                Reason::NameAndCompany
            ]
        );
        assert_eq!((found[0].first, found[0].second), (1, 2));
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].score() > found[1].score());
    }
}
