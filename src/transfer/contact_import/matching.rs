//! The rules that decide whether a card and a contact are one person, and how names and emails
//! compare.

use super::{Card, email_key, profile_key};
use crate::domain::duplicates::name_key;
use crate::domain::model::{CardProperty, Contact};
use crate::text::fold;

/// A kept EMAIL row (`item1.EMAIL` too) has this [`email_key`].
pub(super) fn has_email_row(rows: &[CardProperty], key: &str) -> bool {
    rows.iter().any(|p| {
        p.base_name() == "EMAIL" && email_key(Some(&p.plain_value())).as_deref() == Some(key)
    })
}
/// The card has an email and the contact has the same one (ignoring case).
pub(super) fn same_email_as(card: &Card, contact: &Contact) -> bool {
    let email = trimmed(card.email.as_deref());
    let other = trimmed(contact.email.as_deref());
    !email.is_empty() && !other.is_empty() && same_email(email, other)
}

/// The same folded name and company (no company on either side counts as the same), unless both have
/// emails or LinkedIn profiles and they differ (namesakes at one company).
pub(super) fn same_person_by_name(card: &Card, contact: &Contact) -> bool {
    let email = trimmed(card.email.as_deref());
    let other = trimmed(contact.email.as_deref());
    let emails_differ = !email.is_empty() && !other.is_empty() && !same_email(email, other);
    let profiles_differ = match (
        profile_key(card.notes.as_deref()),
        profile_key(contact.notes.as_deref()),
    ) {
        (Some(a), Some(b)) => a != b,
        _ => false,
    };
    !emails_differ
        && !profiles_differ
        && same_folded(card.name.trim(), contact.name.trim())
        && same_folded(
            trimmed(card.company.as_deref()),
            trimmed(contact.company.as_deref()),
        )
}

pub(super) fn trimmed(value: Option<&str>) -> &str {
    value.map_or("", str::trim)
}

pub(super) fn same_email(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

/// The characters of one character's [`fold`], mostly without an allocation.
enum Folded {
    Ascii(Option<char>),
    Latin(std::str::Chars<'static>),
    Other(std::vec::IntoIter<char>),
}

impl Iterator for Folded {
    type Item = char;
    fn next(&mut self) -> Option<char> {
        match self {
            Folded::Ascii(c) => c.take(),
            Folded::Latin(chars) => chars.next(),
            Folded::Other(chars) => chars.next(),
        }
    }
}

/// [`fold`] of each character from U+0080 to U+024F (the accented letters of European names), computed
/// once, so that comparing such names allocates nothing.
fn folded_latin(c: char) -> Option<&'static str> {
    const FIRST: u32 = 0x80;
    const END: u32 = 0x250;
    static TABLE: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let code = u32::from(c);
    if !(FIRST..END).contains(&code) {
        return None;
    }
    let table = TABLE.get_or_init(|| {
        (FIRST..END)
            .map(|u| {
                char::from_u32(u).map_or_else(String::new, |c| fold(c.encode_utf8(&mut [0; 4])))
            })
            .collect()
    });
    table
        .get(usize::try_from(code - FIRST).ok()?)
        .map(String::as_str)
}

/// `fold(a) == fold(b)`, stopping at the first difference, so that planning an import of thousands of
/// cards against thousands of contacts does not fold every name for every card. Folding works one
/// character at a time (decompose, drop marks, lower-case), so folding each character alone is the same.
pub(super) fn same_folded(a: &str, b: &str) -> bool {
    fn chars(text: &str) -> impl Iterator<Item = char> + '_ {
        text.chars().flat_map(|c| {
            if c.is_ascii() {
                Folded::Ascii(Some(c.to_ascii_lowercase()))
            } else if let Some(folded) = folded_latin(c) {
                Folded::Latin(folded.chars())
            } else {
                let folded: Vec<char> = fold(c.encode_utf8(&mut [0; 4])).chars().collect();
                Folded::Other(folded.into_iter())
            }
        })
    }
    chars(a).eq(chars(b))
}

/// Whether a card and a contact that share an email can be one person by their names: the same
/// [`name_key`] (folded, without honorifics), or one name only the email or company it was derived
/// from (a card without a name), or the words of one name among the other's, an initial standing
/// for a word ("J. Doe" and "John Q. Doe"; "Anna Schmidt" and "Anna Schmidt-Weber"). Two people
/// who share an address ("Only N" and "Test X-Mobil") are not.
pub(super) fn compatible_names(card: &Card, contact: &Contact) -> bool {
    let derived = |name: &str, email: Option<&str>, company: Option<&str>| {
        [email, company]
            .into_iter()
            .any(|v| same_folded(trimmed(v), name.trim()))
    };
    let (a, b) = (name_key(&card.name), name_key(&contact.name));
    a == b
        || derived(&card.name, card.email.as_deref(), card.company.as_deref())
        || derived(
            &contact.name,
            contact.email.as_deref(),
            contact.company.as_deref(),
        )
        || words_within(&a, &b)
        || words_within(&b, &a)
}

/// Every word of the name key `few` matches its own word of `many`: the same word, or an initial
/// of it. Words are split at spaces and hyphens; an empty key says nothing and fits any name.
fn words_within(few: &str, many: &str) -> bool {
    let words = |key: &str| -> Vec<String> {
        key.split([' ', '-'])
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let (few, mut many) = (words(few), words(many));
    let initial = |short: &str, word: &str| short.chars().count() == 1 && word.starts_with(short);
    // Exact matches first, so that an initial does not take another word's match.
    let mut rest = Vec::new();
    for word in few {
        match many.iter().position(|w| *w == word) {
            Some(at) => {
                many.remove(at);
            }
            None => rest.push(word),
        }
    }
    rest.iter().all(|word| {
        let at = many
            .iter()
            .position(|w| initial(word, w) || initial(w, word));
        at.map(|at| many.remove(at)).is_some()
    })
}
