//! Plain domain types: what a contact, an entry and a promise are. No SQL, no terminal.

use chrono::{DateTime, FixedOffset, NaiveDate};
use std::fmt;
use std::str::FromStr;

/// Row id of a contact, entry or promise in the store.
pub type Id = i64;

/// A value that is not one of the words a field accepts; carries the field and the text for the message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{value}' is not a valid {field} (expected {expected})")]
pub struct InvalidValue {
    /// Which field was being parsed.
    pub field: &'static str,
    /// What the user gave (control characters removed).
    pub value: String,
    /// The accepted words, for the message.
    pub expected: &'static str,
}

impl InvalidValue {
    fn new(field: &'static str, value: &str, expected: &'static str) -> Self {
        Self {
            field,
            value: crate::text::sanitize_line(value),
            expected,
        }
    }
}

/// Declares a closed vocabulary enum that reads and writes its canonical lower-case words.
macro_rules! word_enum {
    ($(#[$meta:meta])* $name:ident, $field:literal, { $($variant:ident => $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in declaration order (for pickers and help text).
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The canonical word stored in the database and the JSON format.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }

        impl FromStr for $name {
            type Err = InvalidValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                // The words are ASCII, so comparing without case needs no lower-cased copy.
                let word = s.trim();
                $(if word.eq_ignore_ascii_case($word) { return Ok($name::$variant); })+
                Err(InvalidValue::new($field, s, concat!($($word, " "),+)))
            }
        }
    };
}

word_enum!(
    /// What kind of contact an entry records; every kind but `note` is a touch.
    Kind, "kind", {
        Meeting => "meeting", Call => "call", Video => "video", Email => "email",
        Message => "message", Event => "event", Note => "note",
    }
);

impl Kind {
    /// A note is my own thought, not contact with the partner, so it does not count as a touch.
    pub fn is_touch(self) -> bool {
        self != Kind::Note
    }
}

word_enum!(
    /// Who took the initiative for a touch; feeds the `one_sided` flag.
    Initiative, "initiative", { Me => "me", Them => "them", Mutual => "mutual" }
);

word_enum!(
    /// Who made a promise: `me` promised them, or `them` promised me.
    Owner, "owner", { Me => "me", Them => "them" }
);

word_enum!(
    /// Where a promise stands.
    PromiseStatus, "status", { Open => "open", Kept => "kept", Broken => "broken" }
);

word_enum!(
    /// How to address a partner in German: informal or formal.
    AddressForm, "address form", { Du => "du", Sie => "sie" }
);

/// How important a relationship is; sets the default cadence. `ambient` contacts are never due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tier {
    /// Key partners (default cadence 14 days).
    A,
    /// Regular partners (30 days).
    B,
    /// Occasional partners (90 days).
    C,
    /// People to remember but not to chase.
    Ambient,
}

impl Tier {
    /// Every tier, in order.
    pub const ALL: &'static [Tier] = &[Tier::A, Tier::B, Tier::C, Tier::Ambient];

    /// The canonical spelling stored in the database and the JSON format.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::A => "A",
            Tier::B => "B",
            Tier::C => "C",
            Tier::Ambient => "ambient",
        }
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Tier {
    type Err = InvalidValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let word = s.trim();
        [Tier::A, Tier::B, Tier::C, Tier::Ambient]
            .into_iter()
            .find(|tier| word.eq_ignore_ascii_case(tier.as_str()))
            .ok_or_else(|| InvalidValue::new("tier", s, "A B C ambient"))
    }
}

/// Pillar signals of one entry: each -1, 0 or +1 when recorded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Signals {
    /// Trust: promises, advice, solving their problems.
    pub trust: Option<i8>,
    /// Sympathy: appreciation, shared interests.
    pub sympathy: Option<i8>,
    /// Competence: reading moods and signals, knowing the market.
    pub competence: Option<i8>,
    /// Long-term: commitment to the relationship.
    pub longterm: Option<i8>,
}

impl Signals {
    /// True when no signal is recorded (the JSON format then writes `null`).
    pub fn is_empty(&self) -> bool {
        self.trust.is_none()
            && self.sympathy.is_none()
            && self.competence.is_none()
            && self.longterm.is_none()
    }
}

/// The id a contact argument names by number (`12`, `#12`), the way `rapport log 12` reads it.
pub fn contact_id_in(query: &str) -> Option<Id> {
    let query = query.trim();
    query.strip_prefix('#').unwrap_or(query).parse::<Id>().ok()
}

/// Why `name` cannot name a contact, as a catalogue key (its text takes the name as `{name}`): empty,
/// made only of invisible characters, or read as an id by every command that takes a contact.
pub fn name_problem(name: &str) -> Option<&'static str> {
    let name = name.trim();
    if name.is_empty() {
        Some("error.empty_name")
    } else if name.chars().all(crate::text::is_invisible) {
        Some("error.invisible_name")
    } else if contact_id_in(name).is_some() {
        Some("error.id_like_name")
    } else {
        None
    }
}

/// One property of a contact's address card that rapport has no field of its own for (an address, a
/// further email with its type, a URL, a photo, the structured name, another app's `X-` property),
/// kept as read so that exporting the contact gives the whole card back.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CardProperty {
    /// Group and name as written, the name upper-case: `ADR`, `item1.URL`, `X-SOCIALPROFILE`.
    pub name: String,
    /// The parameters as written, without the first `;` (`TYPE=home;PREF=1`); empty when none.
    pub params: String,
    /// The value in vCard escaping (`\,` `\;` `\n` kept), decoded to UTF-8.
    pub value: String,
}

/// A business partner and everything rapport knows about how to treat them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// Store id.
    pub id: Id,
    /// Display name; required, not unique.
    pub name: String,
    /// Company they work for.
    pub company: Option<String>,
    /// Their role or position.
    pub role: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// Du or Sie.
    pub address_form: Option<AddressForm>,
    /// How to greet them ("Frau Dr. Weber").
    pub salutation: Option<String>,
    /// Birthday (the year may be a placeholder).
    pub birthday: Option<NaiveDate>,
    /// When the relationship began.
    pub met_on: Option<NaiveDate>,
    /// Personal details: family, preferences.
    pub notes: Option<String>,
    /// Shared interests, in the order given.
    pub tags: Vec<String>,
    /// Importance tier.
    pub tier: Option<Tier>,
    /// Keep-in-touch cadence override in days.
    pub cadence_days: Option<u32>,
    /// Not due before this date.
    pub snoozed_until: Option<NaiveDate>,
    /// Archived contacts are kept but never due.
    pub archived: bool,
    /// Private: the user keeps this person from assistants, so the MCP server never names or returns them.
    pub private: bool,
    /// When the contact was added.
    pub created_at: DateTime<FixedOffset>,
}

impl Contact {
    /// A contact with only a name, added at `created_at`; every other field empty.
    pub fn new(name: &str, created_at: DateTime<FixedOffset>) -> Contact {
        Contact {
            id: 0,
            name: name.trim().to_string(),
            company: None,
            role: None,
            email: None,
            phone: None,
            address_form: None,
            salutation: None,
            birthday: None,
            met_on: None,
            notes: None,
            tags: Vec::new(),
            tier: None,
            cadence_days: None,
            snoozed_until: None,
            archived: false,
            private: false,
            created_at,
        }
    }
}

/// The maintained summary of a contact's touches that the neglect rules need.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TouchSummary {
    /// The latest touch, as recorded.
    pub last_touch: Option<DateTime<FixedOffset>>,
    /// Moods of the latest rated touches, newest first (at most 6).
    pub recent_moods: Vec<i8>,
    /// Initiatives of the latest touches that record one, newest first (at most 4).
    pub recent_initiatives: Vec<Initiative>,
}

/// One journal entry: what happened, with whom, and how it went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Store id.
    pub id: Id,
    /// When it happened, with the offset it was recorded in.
    pub occurred_at: DateTime<FixedOffset>,
    /// Meeting, call, ...
    pub kind: Kind,
    /// Optional one-line title.
    pub title: Option<String>,
    /// Free text, any length.
    pub body: String,
    /// The contacts it is about, in the order given.
    pub contacts: Vec<Id>,
    /// The partner's mood, -2..=2.
    pub mood: Option<i8>,
    /// Who took the initiative.
    pub initiative: Option<Initiative>,
    /// Pillar signals.
    pub signals: Signals,
}

/// A promise made by me or by them, with its due date and outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Promise {
    /// Store id.
    pub id: Id,
    /// The contact it was made to or by.
    pub contact: Id,
    /// The entry it came from.
    pub entry: Option<Id>,
    /// Who promised.
    pub owner: Owner,
    /// What was promised.
    pub text: String,
    /// When it is due.
    pub due: Option<NaiveDate>,
    /// Open, kept or broken.
    pub status: PromiseStatus,
    /// When it was marked kept or broken.
    pub closed_at: Option<DateTime<FixedOffset>>,
}

/// A company people work at: a record of its own that contacts link to by their company text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Company {
    /// Store id.
    pub id: Id,
    /// Its name; unique when folded (case, accents and spaces do not count).
    pub name: String,
    /// Its web address.
    pub website: Option<String>,
    /// Free notes about the account.
    pub notes: Option<String>,
    /// Tags, in the order given.
    pub tags: Vec<String>,
    /// A key account: the review warns when it hangs on a single contact.
    pub key_account: bool,
}
