//! The pure rules of the inbox: which addresses are whose, which mails belong to one thread, and
//! what is proposed. One proposal per day and thread (or meeting occurrence) naming every contact
//! in it: a mail to two contacts is one entry about both, as the journal records a meeting with two
//! people, so each contact gets one touch per day and thread. Nothing here reads a file, the clock
//! or the database: `today` and the address book are given.

use super::{Address, Meeting, Message, NewPerson, PersonTouch, Proposal, Source};
use crate::domain::model::{Id, Initiative, Kind};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap, HashSet};

/// How far back a correspondent's threads count towards a new contact.
pub const NEW_PERSON_DAYS: i64 = 90;

/// How many threads in [`NEW_PERSON_DAYS`] make someone a frequent correspondent.
pub const NEW_PERSON_THREADS: usize = 3;

/// How many days of threads with one correspondent are kept (the newest), to propose once they are
/// added as a contact.
pub const PERSON_TOUCHES: usize = 20;

/// A stable 64-bit FNV-1a hash of `parts` (each followed by a 0xff byte, which UTF-8 never holds):
/// the same on every machine and release, for proposal keys and origins.
pub fn stable_hash(parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.iter().chain(&[0xff]) {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// True when `address` matches the glob `pattern` (`*` any run, `?` one character), without case.
pub fn glob_match(pattern: &str, address: &str) -> bool {
    let pattern: Vec<char> = pattern.trim().to_lowercase().chars().collect();
    let text: Vec<char> = address.to_lowercase().chars().collect();
    let (mut p, mut t, mut star, mut mark) = (0, 0, None, 0);
    while t < text.len() {
        match pattern.get(p) {
            Some('*') => {
                star = Some(p);
                mark = t;
                p += 1;
            }
            Some(c) if *c == '?' || *c == text[t] => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some(s) => {
                    p = s + 1;
                    mark += 1;
                    t = mark;
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|c| *c == '*')
}

/// A subject without its reply and forward prefixes (`Re:`, `AW:`, `Fwd:`, `WG:`, `Fw:`, `SV:`,
/// also `Re[2]:`), lower case, spaces collapsed: the thread of a mail without references.
pub fn normalised_subject(subject: &str) -> String {
    let mut rest = subject.trim();
    while let Some((head, tail)) = rest.split_once(':') {
        let word = head
            .trim()
            .trim_end_matches(|c: char| c == ']' || c == ')' || c.is_ascii_digit());
        let word = word.trim_end_matches(['[', '(']).trim().to_lowercase();
        if !["re", "aw", "fwd", "fw", "wg", "sv", "antw", "tr"].contains(&word.as_str()) {
            break;
        }
        rest = tail.trim_start();
    }
    rest.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The thread a message belongs to: the root of its References, else what it replies to, else its
/// own Message-ID (so its replies find it), else its normalised subject.
pub fn thread_root(message: &Message) -> String {
    let id = message
        .references
        .first()
        .or(message.in_reply_to.as_ref())
        .or(message.message_id.as_ref());
    match (id, &message.subject) {
        (Some(id), _) => format!("id:{id}"),
        (None, Some(subject)) => format!("subject:{}", normalised_subject(subject)),
        (None, None) => format!("origin:{}", message.origin),
    }
}

/// What the rules are given besides the messages: who I am, whom to ignore, who is whom, and today.
#[derive(Debug, Clone)]
pub struct Setting<'a> {
    /// My addresses, lower case.
    pub me: HashSet<String>,
    /// Address globs never proposed.
    pub ignore: Vec<String>,
    /// Every email of every contact (lower case) -> the contacts that have it.
    pub book: &'a HashMap<String, Vec<Id>>,
    /// Nothing after today is proposed.
    pub today: NaiveDate,
}

impl Setting<'_> {
    /// True for an address that is one of the ignore globs.
    pub fn is_ignored(&self, email: &str) -> bool {
        self.ignore.iter().any(|pattern| glob_match(pattern, email))
    }
}

/// One day's thread (or meeting) as far as it was read.
#[derive(Debug, Clone)]
struct Group {
    contacts: BTreeSet<Id>,
    first: DateTime<FixedOffset>,
    mine: bool,
    title: Option<String>,
    kind: Kind,
    source: Source,
    origins: Vec<String>,
}

/// A correspondent who is no contact, as far as read.
#[derive(Debug, Clone, Default)]
struct Person {
    name: Option<String>,
    threads: HashSet<u64>,
    /// The newest days of threads with them, by day and thread root.
    touches: HashMap<(NaiveDate, String), Group>,
}

impl Person {
    /// Merges one message into its day's thread with this person, keeping the newest days only.
    fn touch(&mut self, at: (NaiveDate, String), new: Group) {
        join(&mut self.touches, at, new);
        if self.touches.len() > 2 * PERSON_TOUCHES {
            let mut days: Vec<(NaiveDate, String)> = self.touches.keys().cloned().collect();
            days.sort_unstable();
            for old in &days[..days.len() - PERSON_TOUCHES] {
                self.touches.remove(old);
            }
        }
    }
}

/// Merges `new` (one message or meeting) into its day's thread in `groups`.
fn join(groups: &mut HashMap<(NaiveDate, String), Group>, at: (NaiveDate, String), new: Group) {
    match groups.entry(at) {
        Entry::Vacant(slot) => {
            slot.insert(new);
        }
        Entry::Occupied(mut slot) => {
            let group = slot.get_mut();
            if new.first < group.first {
                (group.first, group.mine, group.title) = (new.first, new.mine, new.title);
            }
            group.contacts.extend(new.contacts);
            group.origins.extend(new.origins);
        }
    }
}

/// The proposal of one day's thread: its key is the day and the thread root.
fn proposal(day: NaiveDate, root: &str, group: Group) -> Proposal {
    let day_text = day.to_string();
    let key = stable_hash(&[day_text.as_bytes(), root.as_bytes()]);
    Proposal {
        key: format!("{key:016x}"),
        contacts: group.contacts.into_iter().collect(),
        kind: group.kind,
        occurred_at: group.first,
        title: group.title,
        initiative: if group.mine {
            Initiative::Me
        } else {
            Initiative::Them
        },
        source: group.source,
        origins: group.origins,
    }
}

/// What the scan has not made a proposal of, counted for the user.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Left {
    /// Messages without a date.
    pub undated: usize,
    /// Messages or meetings dated after today.
    pub future: usize,
    /// Messages from an ignored sender.
    pub ignored: usize,
    /// Messages and meetings that name no contact.
    pub unmatched: usize,
}

/// Gathers messages and meetings one at a time (none is kept, only one small group per day and
/// thread) and yields the proposals and frequent correspondents at the end.
#[derive(Debug)]
pub struct Proposer<'a> {
    setting: Setting<'a>,
    groups: HashMap<(NaiveDate, String), Group>,
    people: HashMap<String, Person>,
    /// What was read but proposes nothing.
    pub left: Left,
}

impl<'a> Proposer<'a> {
    /// An empty proposer for `setting`.
    pub fn new(setting: Setting<'a>) -> Self {
        Proposer {
            setting,
            groups: HashMap::new(),
            people: HashMap::new(),
            left: Left::default(),
        }
    }

    /// Adds one message: its contacts join its day's thread; its initiative is mine when it is the
    /// first of the thread that day and I wrote it.
    pub fn add_message(&mut self, message: &Message) {
        let Some(date) = message.date else {
            self.left.undated += 1;
            return;
        };
        if date.date_naive() > self.setting.today {
            self.left.future += 1;
            return;
        }
        if message
            .from
            .iter()
            .any(|a| self.setting.is_ignored(&a.email))
        {
            self.left.ignored += 1;
            return;
        }
        let root = thread_root(message);
        let mine = message
            .from
            .iter()
            .any(|a| self.setting.me.contains(&a.email));
        self.count_people(message, &root, mine, date);
        let everyone = message.from.iter().chain(&message.to).chain(&message.cc);
        let contacts = self.contacts_of(everyone);
        if contacts.is_empty() {
            self.left.unmatched += 1;
            return;
        }
        let title = message.subject.clone();
        let group = Group {
            contacts,
            first: date,
            mine,
            title,
            kind: Kind::Email,
            source: message.source,
            origins: vec![message.origin.clone()],
        };
        self.join((date.date_naive(), root), group);
    }

    /// Adds one meeting occurrence: one proposal of its own, my initiative when I organised it.
    pub fn add_meeting(&mut self, meeting: &Meeting) {
        if meeting.start.date_naive() > self.setting.today {
            self.left.future += 1;
            return;
        }
        let contacts = self.contacts_of(meeting.organizer.iter().chain(&meeting.attendees));
        if contacts.is_empty() {
            self.left.unmatched += 1;
            return;
        }
        let mine = meeting
            .organizer
            .as_ref()
            .is_some_and(|o| self.setting.me.contains(&o.email));
        let root = format!("event:{}", meeting.origin);
        let title = meeting.summary.clone();
        let source = Source::Calendar;
        let group = Group {
            contacts,
            first: meeting.start,
            mine,
            title,
            kind: Kind::Meeting,
            source,
            origins: vec![meeting.origin.clone()],
        };
        self.join((meeting.start.date_naive(), root), group);
    }

    /// The contacts named by `addresses`, leaving out mine and ignored ones.
    fn contacts_of<'m>(&self, addresses: impl Iterator<Item = &'m Address>) -> BTreeSet<Id> {
        addresses
            .filter(|a| !self.setting.me.contains(&a.email) && !self.setting.is_ignored(&a.email))
            .filter_map(|a| self.setting.book.get(&a.email))
            .flatten()
            .copied()
            .collect()
    }

    /// Merges `new` (one message or meeting) into its day's thread.
    fn join(&mut self, at: (NaiveDate, String), new: Group) {
        join(&mut self.groups, at, new);
    }

    /// Counts the thread for each non-contact I wrote to, and for each who replied to me.
    fn count_people(
        &mut self,
        message: &Message,
        root: &str,
        mine: bool,
        at: DateTime<FixedOffset>,
    ) {
        let day = at.date_naive();
        if day < self.setting.today - Duration::days(NEW_PERSON_DAYS) {
            return;
        }
        let to_me = message
            .to
            .iter()
            .chain(&message.cc)
            .any(|a| self.setting.me.contains(&a.email));
        let reply = message.in_reply_to.is_some() || !message.references.is_empty();
        let people: Vec<&Address> = if mine {
            message.to.iter().chain(&message.cc).collect()
        } else if to_me && reply {
            message.from.iter().collect()
        } else {
            return;
        };
        let thread = stable_hash(&[root.as_bytes()]);
        for address in people {
            let email = &address.email;
            if self.setting.me.contains(email)
                || self.setting.is_ignored(email)
                || self.setting.book.contains_key(email)
            {
                continue;
            }
            let person = self.people.entry(email.clone()).or_default();
            person.threads.insert(thread);
            let touch = Group {
                contacts: BTreeSet::new(),
                first: at,
                mine,
                title: message.subject.clone(),
                kind: Kind::Email,
                source: message.source,
                origins: Vec::new(),
            };
            person.touch((day, root.to_string()), touch);
            if address.name.is_some() {
                person.name.clone_from(&address.name);
            }
        }
    }

    /// The proposals, oldest first, and the correspondents who are no contact, most threads first.
    pub fn finish(self) -> (Vec<Proposal>, Vec<NewPerson>) {
        let mut proposals: Vec<Proposal> = self
            .groups
            .into_iter()
            .map(|((day, root), group)| proposal(day, &root, group))
            .collect();
        proposals.sort_by(|a, b| (a.occurred_at, &a.key).cmp(&(b.occurred_at, &b.key)));
        let mut people: Vec<NewPerson> = self
            .people
            .into_iter()
            .map(|(email, p)| {
                let mut touches: Vec<PersonTouch> = p
                    .touches
                    .into_iter()
                    .map(|((day, root), group)| PersonTouch {
                        thread: format!("{:016x}", stable_hash(&[root.as_bytes()])),
                        proposal: proposal(day, &root, group),
                    })
                    .collect();
                touches.sort_by_key(|t| std::cmp::Reverse(t.proposal.occurred_at));
                touches.truncate(PERSON_TOUCHES);
                NewPerson {
                    email,
                    name: p.name,
                    threads: p.threads.len(),
                    touches,
                }
            })
            .collect();
        people.sort_by(|a, b| {
            b.threads
                .cmp(&a.threads)
                .then_with(|| a.email.cmp(&b.email))
        });
        (proposals, people)
    }
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
