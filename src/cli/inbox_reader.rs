//! The inbox core wired to the commands: reads the `[inbox]` sources with `src/inbox/` (headers
//! only), skipping what earlier scans read, and hands messages and meetings to the rules.

use super::inbox::{Found, Known, Reader};
use crate::clock::Clock;
use crate::i18n::tr;
use crate::inbox::rules::{Proposer, Setting};
use crate::inbox::settings::{InboxSection, home_dir};
use crate::inbox::{Found as Item, SkipReason, Source, calendar, mail, maildir, mbox};
use crate::store::SeenMark;
use crate::text::sanitize_line;
use std::path::Path;

/// Reads the configured Maildirs, mbox files and calendars.
pub(super) struct CoreReader {
    /// `[inbox]` of the config.
    pub settings: InboxSection,
    /// Now (meetings after it are not proposed) and the zone meeting times are shown in.
    pub clock: Clock,
}

/// A scan in progress: the rules, and what was read.
struct Reading<'a> {
    proposer: Proposer<'a>,
    found: Found,
    /// Puts a mail's date on the user's clock: the day and time of the touch are theirs, not the
    /// sender's.
    clock: Clock,
}

impl Reading<'_> {
    /// Takes one item a source handed over: a message goes to the rules, and is remembered as read
    /// (an mbox file is remembered by its offset instead); a skipped one is counted, and remembered
    /// unless it could not be opened (then the next scan tries again).
    fn take(&mut self, source: Source, item: Item) {
        match item {
            Item::Message(mut message) => {
                message.date = message.date.map(|d| self.clock.local(d.to_utc()));
                self.proposer.add_message(&message);
                if source != Source::Mbox {
                    self.mark(source, message.origin);
                }
            }
            Item::Skipped(skipped) => {
                self.found.skipped += 1;
                if source != Source::Mbox && skipped.reason != SkipReason::Io {
                    self.mark(source, skipped.origin);
                }
            }
        }
    }

    fn mark(&mut self, source: Source, origin: String) {
        self.found.seen.push(SeenMark {
            source,
            origin,
            position: None,
        });
    }

    fn finish(mut self) -> Found {
        let (proposals, people) = self.proposer.finish();
        self.found.proposals = proposals;
        self.found.new_people = people;
        self.found
    }
}

impl CoreReader {
    /// The rules' setting: my addresses, every ignore pattern, the address book, today.
    fn reading<'a>(&self, known: &'a Known<'_>) -> Reading<'a> {
        let mut ignore = known.ignore.to_vec();
        ignore.extend(self.settings.ignore.iter().map(|p| p.to_lowercase()));
        Reading {
            proposer: Proposer::new(Setting {
                me: self.settings.my_addresses().into_iter().collect(),
                ignore,
                book: known.emails,
                today: known.today,
            }),
            found: Found::default(),
            clock: self.clock,
        }
    }
}

/// One line for a source that cannot be read.
fn unreadable(path: &Path, error: impl std::fmt::Display) -> anyhow::Error {
    anyhow::anyhow!(tr(
        "inbox.unreadable",
        &[
            ("path", &sanitize_line(&path.display().to_string())),
            ("error", &error)
        ]
    ))
}

impl Reader for CoreReader {
    fn scan(&self, known: &Known<'_>) -> anyhow::Result<Found> {
        let home = home_dir();
        let mut reading = self.reading(known);
        let seen_mail = known.store.inbox_seen(Source::Maildir)?;
        for dir in self.settings.maildir_paths(home.as_deref()) {
            maildir::scan(
                &dir,
                |name| seen_mail.contains(name),
                |item| reading.take(Source::Maildir, item),
            )
            .map_err(|e| unreadable(&dir, e))?;
        }
        for path in self.settings.mbox_paths(home.as_deref()) {
            let shown = path.display().to_string();
            let from = known.store.inbox_mbox_offset(&shown)?;
            let end = mbox::scan(&path, from, |item| reading.take(Source::Mbox, item))
                .map_err(|e| unreadable(&path, e))?;
            reading.found.seen.push(SeenMark {
                source: Source::Mbox,
                origin: shown,
                position: Some(end),
            });
        }
        let seen_events = known.store.inbox_seen(Source::Calendar)?;
        for path in self.settings.calendar_paths(home.as_deref()) {
            let file = std::fs::File::open(&path).map_err(|e| unreadable(&path, e))?;
            let mut meetings = Vec::new();
            let skipped = calendar::scan(std::io::BufReader::new(file), self.clock, |meeting| {
                if !seen_events.contains(&meeting.origin) {
                    meetings.push(meeting);
                }
            })
            .map_err(|e| unreadable(&path, e))?;
            reading.found.skipped += skipped;
            for meeting in meetings {
                reading.proposer.add_meeting(&meeting);
                reading.mark(Source::Calendar, meeting.origin);
            }
        }
        Ok(reading.finish())
    }

    fn piped(&self, message: &[u8], known: &Known<'_>) -> anyhow::Result<Found> {
        let mut reading = self.reading(known);
        match mail::read_piped(message) {
            Ok(message) => {
                if !known.store.inbox_has_seen(Source::Piped, &message.origin)? {
                    reading.take(Source::Piped, Item::Message(Box::new(message)));
                }
            }
            // Broken, huge or binary: counted; nothing to remember it by.
            Err(_) => reading.found.skipped += 1,
        }
        Ok(reading.finish())
    }
}
