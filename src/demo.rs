//! The demo journal behind `rapport demo`: a realistic, deterministic two-year history of a business
//! person in Germany, written through the public store API so that every derived view (neglect list,
//! flags, pillar scores, search) has something to show.
//!
//! Every contact row in [`PEOPLE`] scripts its own home-screen state: `last` sets when it was last
//! touched (and so whether it is overdue or due soon), and its [`Story`] adds a flag pattern. Random
//! variety comes from a small seeded PRNG, so the same `now` always yields the same journal.

use crate::domain::model::{
    AddressForm, CardProperty, Contact, Entry, Id, Initiative, Kind, Owner, PromiseStatus, Signals,
    Tier,
};
use crate::domain::rules;
use crate::store::{NewPromise, Result, Store};
use AddressForm::{Du, Sie};
use Birthday::{On, Soon, Unknown};
use Lang::{De, En};
use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate, NaiveTime, TimeDelta, Weekday};
use std::collections::HashMap;

/// What `populate` wrote, so `rapport demo` can say so on its status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoCounts {
    /// Contacts added (including the archived one).
    pub contacts: usize,
    /// Journal entries added (touches and notes).
    pub entries: usize,
    /// Promises added (open, kept and broken).
    pub promises: usize,
}

/// Fills an empty store with a realistic demo journal as of `now`: a few dozen contacts, a few hundred
/// entries over two years, some overdue, some open promises. Deterministic for a given `now`.
pub fn populate(store: &mut Store, now: DateTime<FixedOffset>) -> Result<DemoCounts> {
    let today = now.date_naive();
    let offset = *now.offset();
    let created_days: Vec<NaiveDate> = PEOPLE
        .iter()
        .map(|p| workday_on_or_before(days_before(today, p.since)))
        .collect();
    let drafts = plan_drafts(&created_days, today, offset);
    let ids = add_contacts(store, &created_days, today, offset)?;
    add_cards(store, &ids)?;
    let with_promises = add_entries(store, &drafts, &ids)?;
    let promise_count = close_promises(store, with_promises)?;
    Ok(DemoCounts {
        contacts: PEOPLE.len(),
        entries: drafts.len(),
        promises: promise_count,
    })
}

/// Every entry of the demo as planned, oldest first: each person's own touches, with others invited
/// along and the flags kept to each story's script.
fn plan_drafts(created_days: &[NaiveDate], today: NaiveDate, offset: FixedOffset) -> Vec<Draft> {
    let mut rng = SplitMix64(SEED);
    let mut own_touch_days: Vec<Vec<NaiveDate>> = Vec::with_capacity(PEOPLE.len());
    let mut drafts = Vec::new();
    for (index, &created) in created_days.iter().enumerate() {
        let (touch_days, person_drafts) = plan_person(index, created, today, offset, &mut rng);
        own_touch_days.push(touch_days);
        drafts.extend(person_drafts);
    }
    invite_others(&mut drafts, created_days, &own_touch_days, &mut rng);
    drafts.sort_by_key(|d| d.at);
    keep_flags_to_the_script(&mut drafts);
    drafts
}

/// Adds every demo contact, created on its day in `created_days`; returns their ids in PEOPLE order.
fn add_contacts(
    store: &mut Store,
    created_days: &[NaiveDate],
    today: NaiveDate,
    offset: FixedOffset,
) -> Result<Vec<Id>> {
    let mut ids = Vec::with_capacity(PEOPLE.len());
    for (index, person) in PEOPLE.iter().enumerate() {
        let minute = 8 * 60 + 30 + u64::try_from(index).unwrap_or(0);
        let created_at = at_local(created_days[index], minute, offset);
        ids.push(store.add_contact(&person.contact(today, created_at))?);
    }
    Ok(ids)
}

/// A kept card row as (name, parameters, value).
type CardRow = (&'static str, &'static str, &'static str);

/// Address-card details of a few demo contacts (name, then rows as a vCard would give them), so the
/// contact page shows its card section: a second phone, a postal address, a website.
#[rustfmt::skip]
const CARDS: &[(&str, &[CardRow])] = &[
    ("Jürgen Müller", &[
        ("TEL", "TYPE=cell", "+49 171 5538-220"),
        ("ADR", "TYPE=work", ";;Hedelfinger Straße 55;Stuttgart;;70327;Deutschland"),
        ("URL", "TYPE=work", "https://www.bauer-antriebe.de"),
    ]),
    ("Käthe Böhm", &[
        ("TEL", "TYPE=work,fax", "+49 711 4893-399"),
        ("item1.URL", "", "https://www.bauer-antriebe.de/qualitaet"),
        ("item1.X-ABLABEL", "", "_$!<HomePage>!$_"),
    ]),
    ("Sören Weiß", &[
        ("EMAIL", "TYPE=home", "soeren@weiss-kiel.de"),
        ("TEL", "TYPE=cell", "+49 170 2231-877"),
        ("ADR", "TYPE=work", ";;Am Sandtorkai 50;Hamburg;;20457;Deutschland"),
        ("X-SOCIALPROFILE", "TYPE=linkedin", "https://www.linkedin.com/in/soeren-weiss"),
    ]),
];

/// Keeps the [`CARDS`] rows with their contacts (`ids` in PEOPLE order).
fn add_cards(store: &mut Store, ids: &[Id]) -> Result<()> {
    for (name, rows) in CARDS {
        let Some(index) = PEOPLE.iter().position(|p| p.name == *name) else {
            continue;
        };
        let rows: Vec<CardProperty> = rows
            .iter()
            .map(|(name, params, value)| CardProperty {
                name: (*name).to_string(),
                params: (*params).to_string(),
                value: (*value).to_string(),
            })
            .collect();
        store.set_card_properties(ids[index], &rows)?;
    }
    Ok(())
}

/// Writes every draft as an entry with its promises (all open yet) for the contacts `ids`; returns
/// the entries that got promises, with their drafts.
fn add_entries<'a>(
    store: &mut Store,
    drafts: &'a [Draft],
    ids: &[Id],
) -> Result<Vec<(Id, &'a Draft)>> {
    let mut with_promises = Vec::new();
    for draft in drafts {
        let (title, body) = draft.render();
        let entry = Entry {
            id: 0,
            occurred_at: draft.at,
            kind: draft.kind,
            title,
            body,
            contacts: draft.people.iter().map(|&p| ids[p]).collect(),
            mood: draft.mood,
            initiative: draft.initiative,
            signals: draft.signals(),
        };
        let promises: Vec<NewPromise> = draft
            .promises
            .iter()
            .map(|p| NewPromise {
                owner: p.owner,
                text: p.text.to_string(),
                due: Some(p.due),
            })
            .collect();
        let entry_id = store.add_entry(&entry, &promises)?;
        if !promises.is_empty() {
            with_promises.push((entry_id, draft));
        }
    }
    Ok(with_promises)
}

/// Closes the promises their drafts planned closed, at the entry's time of day on the closing day;
/// returns how many promises the entries `with_promises` hold in all.
fn close_promises(store: &mut Store, with_promises: Vec<(Id, &Draft)>) -> Result<usize> {
    // add_entry does not return promise ids: find them by entry, in the order they were written.
    let mut written: HashMap<Id, Vec<Id>> = HashMap::new();
    for row in store.promises(None, false)? {
        if let Some(entry) = row.promise.entry {
            written.entry(entry).or_default().push(row.promise.id);
        }
    }
    let mut promise_count = 0;
    for (entry_id, draft) in with_promises {
        let mut promise_ids = written.remove(&entry_id).unwrap_or_default();
        promise_ids.sort_unstable();
        promise_count += promise_ids.len();
        for (promise_id, planned) in promise_ids.into_iter().zip(&draft.promises) {
            if let Some((status, on)) = planned.closed {
                let after = TimeDelta::days((on - draft.at.date_naive()).num_days());
                let closed_at = draft.at.checked_add_signed(after).unwrap_or(draft.at);
                store.set_promise_status(promise_id, status, &closed_at)?;
            }
        }
    }
    Ok(promise_count)
}

/// Fixed seed: the journal depends only on `now`.
const SEED: u64 = 0x5241_5050_4f52_5421;

/// A tiny deterministic PRNG (splitmix64); good enough for demo variety, no dependency needed.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }

    /// An index in `0..len` (0 when `len` is 0).
    fn index(&mut self, len: usize) -> usize {
        usize::try_from(self.below(len as u64)).unwrap_or(0)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// A random element; None only for an empty slice.
    fn pick<T: Copy>(&mut self, items: &[T]) -> Option<T> {
        items.get(self.index(items.len())).copied()
    }

    /// A value drawn by weight.
    fn weighted<T: Copy>(&mut self, table: &[(T, u64)]) -> Option<T> {
        let mut roll = self.below(table.iter().map(|(_, w)| w).sum());
        for &(value, weight) in table {
            if roll < weight {
                return Some(value);
            }
            roll -= weight;
        }
        None
    }
}

/// Which language I write a partner's entries in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    De,
    En,
}

impl Lang {
    fn texts(self) -> &'static Texts {
        match self {
            Lang::De => &GERMAN,
            Lang::En => &ENGLISH,
        }
    }
}

/// When a partner's birthday is.
#[derive(Debug, Clone, Copy)]
enum Birthday {
    Unknown,
    On(i32, u32, u32),
    /// `in_days` after `now` (so that one birthday is always coming up), born in `year` (a leap year).
    Soon {
        year: i32,
        in_days: u64,
    },
}

/// The flag pattern a contact's recent history is scripted to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Story {
    /// Nothing special beyond the last-touch date.
    Steady,
    /// Their last rated touches go 1, 0, -1, -2, after a promise of mine was broken.
    MoodFalling,
    /// My last four touches were all on my initiative.
    OneSided,
    /// At the last touch I promised something that is now past due and still open.
    OwesFollowUp,
    /// Snoozed until this many days after `now`.
    Snoozed(u64),
    /// No longer active; archived.
    Archived,
}

impl Story {
    /// How many of the newest own touches are scripted (and so stay solo and untouched by fix-ups).
    fn tail_len(self) -> usize {
        match self {
            Story::MoodFalling => FALLING_MOODS.len(),
            Story::OneSided => 4,
            Story::OwesFollowUp => 1,
            Story::Steady | Story::Snoozed(_) | Story::Archived => 0,
        }
    }
}

/// One demo contact and the shape of its history. Empty strings mean "not recorded".
struct Person {
    name: &'static str,
    company: &'static str,
    role: &'static str,
    email: &'static str,
    phone: &'static str,
    form: Option<AddressForm>,
    /// How I address them; also how entries refer to them.
    salutation: &'static str,
    lang: Lang,
    birthday: Birthday,
    /// Days before `now` we met (never later than `since`).
    met: u64,
    notes: &'static str,
    tags: &'static [&'static str],
    tier: Option<Tier>,
    cadence: Option<u32>,
    /// Days before `now` the contact was added to the journal.
    since: u64,
    /// Days before `now` of the last own touch.
    last: u64,
    /// Mean days between own touches.
    gap: u64,
    story: Story,
}

impl Person {
    fn contact(&self, today: NaiveDate, created_at: DateTime<FixedOffset>) -> Contact {
        let optional = |s: &str| (!s.is_empty()).then(|| s.to_string());
        Contact {
            id: 0,
            name: self.name.to_string(),
            company: optional(self.company),
            role: optional(self.role),
            email: optional(self.email),
            phone: optional(self.phone),
            address_form: self.form,
            salutation: optional(self.salutation),
            birthday: match self.birthday {
                Birthday::Unknown => None,
                Birthday::On(year, month, day) => NaiveDate::from_ymd_opt(year, month, day),
                Birthday::Soon { year, in_days } => days_after(today, in_days).with_year(year),
            },
            met_on: Some(days_before(today, self.met.max(self.since))),
            notes: optional(self.notes),
            tags: self.tags.iter().map(|t| t.to_string()).collect(),
            tier: self.tier,
            cadence_days: self.cadence,
            snoozed_until: match self.story {
                Story::Snoozed(days) => Some(days_after(today, days)),
                _ => None,
            },
            archived: self.story == Story::Archived,
            private: false,
            created_at,
        }
    }
}

const BAUER: &str = "Bauer Antriebstechnik GmbH";
const NORDLICHT: &str = "Nordlicht Logistik AG";
const RHEINWERK: &str = "Rheinwerk Energie AG";
const KESSLER: &str = "Heinrich Kessler KG";
const KOLIBRI: &str = "Kolibri Robotics GmbH";
const PRIVATBANK: &str = "Hanseatische Privatbank AG";
const ALPENBLICK: &str = "Alpenblick Kunststoffe GmbH";
const LORENZ: &str = "Lorenz & Söhne Präzisionsteile GmbH";

/// The demo contacts: tier A partners first, then B, C, ambient, untiered and the archived one.
#[rustfmt::skip]
const PEOPLE: &[Person] = &[
    Person { name: "Jürgen Müller", company: BAUER, role: "Leiter Einkauf",
        email: "j.mueller@bauer-antriebe.de", phone: "+49 711 4893-220",
        form: Some(Sie), salutation: "Herr Müller", lang: De, birthday: On(1966, 3, 14), met: 4100,
        notes: "Zwei Kinder, Tochter studiert in Delft. Fragt gern nach Segeltipps für die Ostsee.",
        tags: &["Segeln", "Wein"], tier: Some(Tier::A), cadence: None,
        since: 730, last: 41, gap: 45, story: Story::Steady },
    Person { name: "Käthe Böhm", company: BAUER, role: "Leiterin Qualitätsmanagement",
        email: "k.boehm@bauer-antriebe.de", phone: "+49 711 4893-310",
        form: Some(Sie), salutation: "Frau Dr. Böhm", lang: De, birthday: Soon { year: 1972, in_days: 3 }, met: 2900,
        notes: "Promoviert in Werkstoffkunde. Singt im Kirchenchor, Abonnement an der Staatsoper.",
        tags: &["Oper", "Kochen"], tier: Some(Tier::A), cadence: Some(21),
        since: 700, last: 9, gap: 50, story: Story::Steady },
    Person { name: "Sören Weiß", company: NORDLICHT, role: "Vorstand Operations",
        email: "soeren.weiss@nordlicht-logistik.de", phone: "+49 40 3221-1000",
        form: Some(Du), salutation: "Sören", lang: De, birthday: On(1975, 8, 2), met: 5200,
        notes: "Kennen uns aus dem Studium in Kiel. Segelt jeden Sommer in Dänemark, HSV-Dauerkarte.",
        tags: &["Segeln", "Fußball"], tier: Some(Tier::A), cadence: None,
        since: 730, last: 52, gap: 45, story: Story::Steady },
    Person { name: "Annegret Weber", company: RHEINWERK, role: "Bereichsleiterin Beschaffung",
        email: "a.weber@rheinwerk-energie.de", phone: "+49 221 5570-410",
        form: Some(Sie), salutation: "Frau Dr. Weber", lang: De, birthday: On(1970, 6, 21), met: 3000,
        notes: "Sehr strukturiert, mag keine Überraschungen. Zwei Söhne im Teenageralter. Wandert jedes Jahr in den Dolomiten.",
        tags: &["Bergsteigen", "Jazz"], tier: Some(Tier::A), cadence: None,
        since: 730, last: 6, gap: 42, story: Story::MoodFalling },
    Person { name: "Matthias Lang", company: "Technische Hochschule Neckartal", role: "Institutsleiter Produktionstechnik",
        email: "lang@th-neckartal.de", phone: "+49 7121 271-4400",
        form: Some(Sie), salutation: "Herr Professor Lang", lang: De, birthday: On(1961, 1, 9), met: 3600,
        notes: "Legt Wert auf den Titel. Großer Wagner-Fan, fährt jedes Jahr nach Bayreuth.",
        tags: &["Oper", "Wein"], tier: Some(Tier::A), cadence: Some(30),
        since: 650, last: 20, gap: 55, story: Story::Steady },
    Person { name: "Heike Kessler", company: KESSLER, role: "Geschäftsführende Gesellschafterin",
        email: "heike.kessler@kessler-kg.de", phone: "+49 521 9640-0",
        form: Some(Sie), salutation: "Frau Kessler", lang: De, birthday: On(1969, 5, 5), met: 6000,
        notes: "Führt das Familienunternehmen in dritter Generation. Isst vegetarisch, hat zwei Pferde.",
        tags: &["Reiten", "Kochen"], tier: Some(Tier::A), cadence: None,
        since: 730, last: 37, gap: 45, story: Story::Steady },
    Person { name: "Łukasz Wiśniewski", company: "Polmetal Sp. z o.o.", role: "Sales Director DACH",
        email: "lukasz.wisniewski@polmetal.pl", phone: "+48 71 344 20 15",
        form: Some(Du), salutation: "Łukasz", lang: De, birthday: On(1983, 7, 18), met: 1500,
        notes: "Spricht sehr gut Deutsch, hat in Dresden studiert. Frisch verheiratet.",
        tags: &["Fußball", "Startups"], tier: Some(Tier::A), cadence: None,
        since: 600, last: 8, gap: 36, story: Story::OneSided },
    Person { name: "Chloé Dubois", company: "Dubois Ingénierie SAS", role: "Directrice générale",
        email: "c.dubois@dubois-ingenierie.fr", phone: "+33 4 78 92 15 40",
        form: Some(Sie), salutation: "Madame Dubois", lang: En, birthday: On(1978, 10, 3), met: 1300,
        notes: "Spricht lieber Englisch als Deutsch. Die Familie hat ein Weingut im Beaujolais.",
        tags: &["Tennis", "Jazz"], tier: Some(Tier::A), cadence: Some(21),
        since: 540, last: 19, gap: 46, story: Story::Steady },
    Person { name: "Tobias Hartmann", company: KOLIBRI, role: "Gründer und CEO",
        email: "tobias@kolibri-robotics.de", phone: "+49 30 8892 4410",
        form: Some(Du), salutation: "Tobias", lang: De, birthday: On(1988, 2, 29), met: 900,
        notes: "Gründet zum zweiten Mal. Immer in Eile: lieber kurze Nachrichten als lange Mails.",
        tags: &["Startups", "Bergsteigen"], tier: Some(Tier::A), cadence: Some(10),
        since: 420, last: 4, gap: 32, story: Story::Steady },
    Person { name: "Priya Sharma", company: "Brightwater Consulting Ltd", role: "Partner, Supply Chain Practice",
        email: "priya.sharma@brightwater-consulting.co.uk", phone: "+44 20 7946 0321",
        form: None, salutation: "Priya", lang: En, birthday: On(1984, 12, 12), met: 1000,
        notes: "Lebt in London, zwei kleine Kinder. Vegetarierin, läuft Halbmarathons.",
        tags: &["Startups", "Yoga"], tier: Some(Tier::B), cadence: None,
        since: 700, last: 26, gap: 60, story: Story::Steady },
    Person { name: "Siobhán O'Brien", company: "Shannon MedTech Ltd", role: "Head of Procurement",
        email: "siobhan.obrien@shannon-medtech.ie", phone: "+353 91 555 782",
        form: None, salutation: "Siobhán", lang: En, birthday: On(1980, 4, 17), met: 1200,
        notes: "Aus Galway. Spielt Geige in einer Session-Band, großer Rugby-Fan.",
        tags: &["Jazz", "Rugby"], tier: Some(Tier::B), cadence: None,
        since: 650, last: 12, gap: 60, story: Story::OwesFollowUp },
    Person { name: "渡辺 大輔", company: "Kōyō Seiki Europe GmbH", role: "Managing Director Europe",
        email: "d.watanabe@koyo-seiki.eu", phone: "+49 211 1309-550",
        form: Some(Sie), salutation: "Mr Watanabe", lang: En, birthday: On(1971, 9, 8), met: 1800,
        notes: "Seit fünf Jahren in Düsseldorf. Visitenkarten mit beiden Händen überreichen. Sammelt Jazz-Platten.",
        tags: &["Golf", "Jazz"], tier: Some(Tier::B), cadence: None,
        since: 730, last: 44, gap: 65, story: Story::Steady },
    Person { name: "Monika Schäfer", company: NORDLICHT, role: "Leiterin Einkauf",
        email: "monika.schaefer@nordlicht-logistik.de", phone: "+49 40 3221-1450",
        form: Some(Sie), salutation: "Frau Schäfer", lang: De, birthday: Unknown, met: 1400,
        notes: "Sehr direkt. Erwartet Unterlagen immer einen Tag vorab.",
        tags: &["Kochen"], tier: Some(Tier::B), cadence: None,
        since: 700, last: 18, gap: 65, story: Story::Steady },
    Person { name: "Florian Brandt", company: "Brandt Legal Rechtsanwaltsgesellschaft mbH", role: "Rechtsanwalt, Vertragsrecht",
        email: "f.brandt@brandt-legal.de", phone: "+49 711 2205-18",
        form: Some(Du), salutation: "Florian", lang: De, birthday: On(1979, 11, 2), met: 2500,
        notes: "Schulfreund meines Bruders. VfB-Fan, lädt jedes Jahr zu einem Heimspiel ein.",
        tags: &["Fußball", "Wein"], tier: Some(Tier::B), cadence: None,
        since: 730, last: 25, gap: 65, story: Story::Steady },
    Person { name: "Andreas Krüger", company: PRIVATBANK, role: "Firmenkundenbetreuer",
        email: "andreas.krueger@hanseatische-privatbank.de", phone: "+49 40 3690-2214",
        form: Some(Sie), salutation: "Herr Krüger", lang: De, birthday: Unknown, met: 2200,
        notes: "Wechselt vielleicht bald intern ins Auslandsgeschäft.",
        tags: &["Golf"], tier: Some(Tier::B), cadence: None,
        since: 730, last: 64, gap: 75, story: Story::Steady },
    Person { name: "Petra Yilmaz", company: "Wirtschaftsförderung Region Neckartal GmbH", role: "Referentin Innovationsförderung",
        email: "p.yilmaz@wf-neckartal.de", phone: "+49 7121 9320-14",
        form: Some(Sie), salutation: "Frau Yilmaz", lang: De, birthday: On(1986, 6, 30), met: 800,
        notes: "Kennt jedes Förderprogramm. Tanzt Salsa, kocht gern türkisch für Gäste.",
        tags: &["Startups", "Kochen"], tier: Some(Tier::B), cadence: None,
        since: 560, last: 15, gap: 55, story: Story::OwesFollowUp },
    Person { name: "Günther Schröder", company: ALPENBLICK, role: "Geschäftsführer",
        email: "g.schroeder@alpenblick-kunststoffe.de", phone: "+49 8031 4077-0",
        form: Some(Sie), salutation: "Herr Schröder", lang: De, birthday: On(1959, 1, 25), met: 5000,
        notes: "Nach einer Hüft-OP in der Reha; möchte erst danach wieder angerufen werden. War früher Bergführer.",
        tags: &["Bergsteigen", "Wein"], tier: Some(Tier::B), cadence: None,
        since: 730, last: 45, gap: 60, story: Story::Snoozed(10) },
    Person { name: "Stefanie Wagner", company: ALPENBLICK, role: "Leiterin Einkauf",
        email: "s.wagner@alpenblick-kunststoffe.de", phone: "+49 8031 4077-120",
        form: Some(Du), salutation: "Steffi", lang: De, birthday: On(1985, 9, 14), met: 1100,
        notes: "Bester Draht ins Haus, solange Herr Schröder ausfällt. Fährt Ski, kocht leidenschaftlich.",
        tags: &["Kochen", "Bergsteigen"], tier: Some(Tier::B), cadence: None,
        since: 600, last: 22, gap: 55, story: Story::Steady },
    Person { name: "Felix Neumann", company: RHEINWERK, role: "Leiter Technik",
        email: "f.neumann@rheinwerk-energie.de", phone: "+49 221 5570-620",
        form: Some(Sie), salutation: "Herr Dr. Neumann", lang: De, birthday: Unknown, met: 1000,
        notes: "Technisch brillant, wenig Small Talk. Spielt Saxophon in einer Bigband.",
        tags: &["Jazz"], tier: Some(Tier::B), cadence: None,
        since: 500, last: 13, gap: 70, story: Story::Steady },
    Person { name: "Jana Hoffmann", company: "Messe Nordwest GmbH", role: "Projektleiterin Industriemessen",
        email: "jana.hoffmann@messe-nordwest.de", phone: "+49 511 8907-332",
        form: Some(Du), salutation: "Jana", lang: De, birthday: On(1990, 4, 4), met: 700,
        notes: "Organisiert die Zuliefererhalle. Geht gern in Jazzclubs.",
        tags: &["Jazz", "Kochen"], tier: Some(Tier::B), cadence: None,
        since: 650, last: 50, gap: 70, story: Story::Steady },
    Person { name: "Marco Rossi", company: LORENZ, role: "Vertriebsleiter Südeuropa",
        email: "m.rossi@lorenz-soehne.de", phone: "+49 7031 6620-41",
        form: Some(Du), salutation: "Marco", lang: De, birthday: On(1977, 12, 24), met: 1600,
        notes: "Halb Italiener, halb Schwabe. Kocht für Kunden, schwärmt vom Piemont.",
        tags: &["Kochen", "Wein", "Fußball"], tier: Some(Tier::B), cadence: None,
        since: 700, last: 10, gap: 60, story: Story::Steady },
    Person { name: "Ingrid Fuchs", company: KESSLER, role: "Kaufmännische Leiterin, Prokuristin",
        email: "i.fuchs@kessler-kg.de", phone: "+49 521 9640-210",
        form: Some(Sie), salutation: "Frau Fuchs", lang: De, birthday: Unknown, met: 3000,
        notes: "Zahlenmensch. Geht in etwa zwei Jahren in Rente.",
        tags: &["Oper"], tier: Some(Tier::B), cadence: None,
        since: 730, last: 20, gap: 75, story: Story::Steady },
    Person { name: "Björn Lorenz", company: LORENZ, role: "Geschäftsführer",
        email: "b.lorenz@lorenz-soehne.de", phone: "",
        form: Some(Du), salutation: "Björn", lang: De, birthday: On(1973, 10, 10), met: 2800,
        notes: "Übernimmt den Betrieb vom Vater. Segelt auf dem Bodensee.",
        tags: &["Segeln"], tier: Some(Tier::C), cadence: None,
        since: 730, last: 50, gap: 100, story: Story::Steady },
    Person { name: "Ursula Köhler", company: "Zuliefererverband Südwest e. V.", role: "Geschäftsführerin",
        email: "koehler@zv-suedwest.de", phone: "+49 711 6629-300",
        form: Some(Sie), salutation: "Frau Köhler", lang: De, birthday: Unknown, met: 3500,
        notes: "Vergibt die Vortragsplätze auf der Jahrestagung.",
        tags: &["Oper", "Wein"], tier: Some(Tier::C), cadence: None,
        since: 730, last: 85, gap: 110, story: Story::Steady },
    Person { name: "Oliver Bennett", company: "Thames Valley Components Ltd", role: "Sales Director",
        email: "oliver.bennett@tvcomponents.co.uk", phone: "+44 118 496 0732",
        form: None, salutation: "Oliver", lang: En, birthday: Unknown, met: 1300,
        notes: "Trifft man jedes Jahr auf der Hannover Messe. Trinkt Ale, spielt Golf.",
        tags: &["Golf"], tier: Some(Tier::C), cadence: None,
        since: 730, last: 120, gap: 110, story: Story::Steady },
    Person { name: "Maximilian Graf", company: KOLIBRI, role: "CTO",
        email: "max@kolibri-robotics.de", phone: "",
        form: Some(Du), salutation: "Max", lang: De, birthday: Unknown, met: 800,
        notes: "Hat bei Professor Lang promoviert.",
        tags: &["Startups"], tier: Some(Tier::C), cadence: None,
        since: 420, last: 30, gap: 100, story: Story::Steady },
    Person { name: "Renate Zimmermann", company: PRIVATBANK, role: "Leiterin Private Banking",
        email: "r.zimmermann@hanseatische-privatbank.de", phone: "+49 40 3690-2300",
        form: Some(Sie), salutation: "Frau Zimmermann", lang: De, birthday: On(1964, 7, 7), met: 2000,
        notes: "Trinkt keinen Kaffee, nur grünen Tee. Ist gerade Großmutter geworden.",
        tags: &["Oper", "Golf"], tier: Some(Tier::C), cadence: None,
        since: 700, last: 60, gap: 100, story: Story::Steady },
    Person { name: "Klaus Richter", company: "Richter Management Consulting GmbH", role: "Unternehmensberater",
        email: "kr@richter-mc.de", phone: "+49 89 2155-880",
        form: Some(Sie), salutation: "Herr Dr. Richter", lang: De, birthday: On(1958, 3, 3), met: 4500,
        notes: "Alter Hase im Maschinenbau, vermittelt gern. Freut sich, wenn man seinen Rat annimmt.",
        tags: &["Wein", "Jazz"], tier: Some(Tier::C), cadence: Some(60),
        since: 730, last: 40, gap: 80, story: Story::Steady },
    Person { name: "Aylin Demir", company: "Greenloop GmbH", role: "Gründerin und Geschäftsführerin",
        email: "aylin@greenloop.io", phone: "",
        form: Some(Du), salutation: "Aylin", lang: De, birthday: On(1992, 5, 19), met: 400,
        notes: "Kreislaufwirtschaft für Kunststoffe. Sucht Pilotkunden und Business Angels.",
        tags: &["Startups", "Kochen"], tier: Some(Tier::C), cadence: None,
        since: 380, last: 40, gap: 90, story: Story::Steady },
    Person { name: "Hans-Peter Vogel", company: "Vogel Elektrotechnik GmbH & Co. KG", role: "Inhaber",
        email: "hp.vogel@vogel-elektro.de", phone: "+49 7151 3021-0",
        form: Some(Sie), salutation: "Herr Vogel", lang: De, birthday: On(1962, 8, 28), met: 5500,
        notes: "Eigenwillig, aber loyal. Ruft lieber an als zu mailen.",
        tags: &["Fußball"], tier: Some(Tier::C), cadence: None,
        since: 730, last: 70, gap: 110, story: Story::Steady },
    Person { name: "Sabine Krause", company: "Krause Executive Search GmbH", role: "Personalberaterin",
        email: "s.krause@krause-search.de", phone: "+49 69 7104-225",
        form: Some(Sie), salutation: "Frau Krause", lang: De, birthday: Unknown, met: 1900,
        notes: "Kennt jeden Einkaufsleiter in Süddeutschland.",
        tags: &["Wein", "Bergsteigen"], tier: Some(Tier::C), cadence: None,
        since: 730, last: 100, gap: 110, story: Story::Steady },
    Person { name: "Lena Marquardt", company: "Wirtschaftsmagazin Südwest", role: "Redakteurin Mittelstand",
        email: "l.marquardt@wirtschaft-suedwest.de", phone: "",
        form: Some(Sie), salutation: "Frau Marquardt", lang: De, birthday: Unknown, met: 900,
        notes: "Hat über unser Firmenjubiläum geschrieben: fair und gut recherchiert.",
        tags: &["Jazz"], tier: Some(Tier::Ambient), cadence: None,
        since: 650, last: 150, gap: 170, story: Story::Steady },
    Person { name: "Wolfgang Beck", company: "Beck Beratung GmbH", role: "Beirat, ehemaliger Geschäftsführer",
        email: "wolfgang.beck@beck-beratung.de", phone: "",
        form: Some(Du), salutation: "Wolfgang", lang: De, birthday: On(1950, 2, 11), met: 8000,
        notes: "Mein erster Chef und Mentor. Im Ruhestand, sitzt noch in zwei Beiräten.",
        tags: &["Segeln", "Bergsteigen"], tier: Some(Tier::Ambient), cadence: None,
        since: 730, last: 90, gap: 160, story: Story::Steady },
    Person { name: "Nina Albrecht", company: "Albrecht Sensorik GmbH", role: "Vertriebsingenieurin",
        email: "n.albrecht@albrecht-sensorik.de", phone: "+49 761 4570-88",
        form: Some(Sie), salutation: "Frau Albrecht", lang: De, birthday: Unknown, met: 21,
        notes: "Auf einer Fachtagung kennengelernt. Interesse an einer Kooperation bei Sensorik für Antriebe.",
        tags: &["Segeln"], tier: None, cadence: None,
        since: 21, last: 9, gap: 12, story: Story::Steady },
    Person { name: "Kai Ostermann", company: NORDLICHT, role: "IT-Leiter",
        email: "kai.ostermann@nordlicht-logistik.de", phone: "+49 40 3221-1700",
        form: Some(Du), salutation: "Kai", lang: De, birthday: Unknown, met: 150,
        notes: "Treibt die Digitalisierung der Lagerprozesse. Spielt online Schach.",
        tags: &["Startups"], tier: None, cadence: Some(45),
        since: 150, last: 30, gap: 40, story: Story::Steady },
    Person { name: "Dieter Hahn", company: KESSLER, role: "Ehemaliger Geschäftsführer",
        email: "", phone: "+49 521 9640-0",
        form: Some(Sie), salutation: "Herr Hahn", lang: De, birthday: On(1954, 10, 1), met: 7000,
        notes: "Seit dem Sommer im Ruhestand. Privat gelegentlich auf ein Glas Wein.",
        tags: &["Wein", "Segeln"], tier: Some(Tier::B), cadence: None,
        since: 730, last: 380, gap: 70, story: Story::Archived },
];

/// Moods of the mood-falling contact's newest rated touches, newest first.
const FALLING_MOODS: [i8; 6] = [-2, -1, 0, 1, 2, 1];

/// The promise of mine to the mood-falling contact that I broke.
const BROKEN_PROMISE: &str = "Liefertermin für die Ersatzteile verbindlich bestätigen";

const KIND_WEIGHTS: &[(Kind, u64)] = &[
    (Kind::Meeting, 26),
    (Kind::Call, 24),
    (Kind::Video, 16),
    (Kind::Email, 16),
    (Kind::Message, 10),
    (Kind::Event, 8),
];

/// How I chase someone who does not call back.
const CHASING_KINDS: &[Kind] = &[Kind::Email, Kind::Call, Kind::Message];

const MOOD_WEIGHTS: &[(i8, u64)] = &[(2, 18), (1, 42), (0, 28), (-1, 9), (-2, 3)];

const WRITTEN_INITIATIVE: &[(Option<Initiative>, u64)] = &[
    (Some(Initiative::Me), 50),
    (Some(Initiative::Them), 40),
    (None, 10),
];
const SPOKEN_INITIATIVE: &[(Option<Initiative>, u64)] = &[
    (Some(Initiative::Me), 40),
    (Some(Initiative::Them), 28),
    (Some(Initiative::Mutual), 22),
    (None, 10),
];
const EVENT_INITIATIVE: &[(Option<Initiative>, u64)] =
    &[(Some(Initiative::Mutual), 50), (None, 50)];

/// Events where I meet partners (titles of `event` entries).
const EVENTS: &[&str] = &[
    "Hannover Messe",
    "IHK-Jahresempfang",
    "Unternehmerfrühstück",
    "Logistik-Kongress Hamburg",
    "VDI-Regionaltreffen",
    "Empfang der Wirtschaftsförderung",
    "Innovationstag an der Hochschule",
];

/// My own notes about a partner (title, body); notes are always German, they are for me.
const NOTES: &[(&str, &str)] = &[
    (
        "Nachgedanke",
        "Ich sollte {who} öfter von mir aus anrufen, nicht nur wenn es um Aufträge geht. Beim nächsten Mal nach der Familie fragen.",
    ),
    (
        "Vorbereitung",
        "Für das nächste Gespräch mit {who}: Zahlen aus dem letzten Quartal, zwei Referenzen, die offenen Punkte aus dem Angebot. Vorher die Notizen vom letzten Mal lesen.",
    ),
    (
        "Idee",
        "{who} könnte gut zu einem Kontakt aus meinem Netzwerk passen. Vorher fragen, ob eine Vorstellung willkommen ist.",
    ),
    (
        "Beobachtung",
        "Bei {company} laufen Entscheidungen inzwischen über den Einkauf, nicht mehr über die Technik. Ich muss dort breiter vernetzt sein.",
    ),
    (
        "Selbstkritik",
        "Im Gespräch mit {who} zu viel geredet und zu wenig gefragt. Nächstes Mal erst zuhören, dann das Angebot.",
    ),
];

/// Everything written into a partner's entries, in one language. Placeholders: {who}, {company}, {tag}.
struct Texts {
    /// (title, body) of what a touch was about, when it went badly.
    tense_topics: &'static [(&'static str, &'static str)],
    /// (title, body) of what a touch was about otherwise.
    topics: &'static [(&'static str, &'static str)],
    meeting: &'static [&'static str],
    call: &'static [&'static str],
    video: &'static [&'static str],
    email: &'static [&'static str],
    message: &'static [&'static str],
    event: &'static [&'static str],
    /// Small talk about a shared interest (in good spoken conversations).
    asides: &'static [&'static str],
    /// How they seemed, by mood -2..=2.
    moods: [&'static [&'static str]; 5],
    reply_prefix: &'static str,
    my_promises: &'static [&'static str],
    their_promises: &'static [&'static str],
}

impl Texts {
    fn openings(&self, kind: Kind) -> &'static [&'static str] {
        match kind {
            Kind::Meeting => self.meeting,
            Kind::Call => self.call,
            Kind::Video => self.video,
            Kind::Email => self.email,
            Kind::Message => self.message,
            Kind::Event => self.event,
            Kind::Note => &[],
        }
    }
}

const GERMAN: Texts = Texts {
    tense_topics: &[
        (
            "Preisverhandlung",
            "Zähe Preisverhandlung. Der Einkauf will fünf Prozent Nachlass; wir haben uns vorläufig auf längere Zahlungsziele statt Rabatt verständigt. Endgültig entschieden wird nach der Budgetrunde.",
        ),
        (
            "Neue Organisation",
            "{who} erzählt von der Umstrukturierung bei {company}: Der Einkauf wird zentralisiert, wer künftig entscheidet, ist offen. Wir sollten früh mit der neuen Leitung sprechen.",
        ),
        (
            "Marktlage",
            "Zur Marktlage: Auftragseingang schwächer, Energiepreise hoch. {company} verschiebt Investitionen ins nächste Jahr.",
        ),
        (
            "Lieferverzug",
            "Die Ersatzteile kamen wieder zu spät, ihre Linie stand zwei Tage. {who} erwartet eine verbindliche Zusage, sonst geht der nächste Auftrag an den Wettbewerb.",
        ),
        (
            "Reklamation Maßabweichung",
            "Reklamation wegen Maßabweichungen bei der letzten Charge. {company} will bis Monatsende einen 8D-Report und fragt, ob auf uns noch Verlass ist.",
        ),
    ],
    topics: &[
        (
            "Angebot Wartungsvertrag",
            "Wir sind das Angebot für den Wartungsvertrag Position für Position durchgegangen. {who} wünscht sich kürzere Reaktionszeiten, dafür wäre eine längere Laufzeit drin.",
        ),
        (
            "Rahmenvertrag",
            "Verlängerung des Rahmenvertrags besprochen. Drei Jahre Laufzeit sind denkbar, wenn wir bei der Preisgleitklausel entgegenkommen. Der Entwurf geht vorher durch ihre Rechtsabteilung.",
        ),
        (
            "Nachbereitung Messe",
            "Rückblick auf die Messe: Der Stand war gut besucht, die Leads aus dem Ausland aber dünn. {who} überlegt, nächstes Jahr einen Gemeinschaftsstand mit uns zu machen.",
        ),
        (
            "Förderantrag Digitalisierung",
            "Es ging um den Förderantrag für das Digitalisierungsprojekt. Die Frist ist knapp und die Projektbeschreibung noch zu vage. Ich habe angeboten, den Entwurf gegenzulesen.",
        ),
        (
            "Lieferkette",
            "Die Lieferkette bei Elektronikkomponenten ist weiter angespannt. {company} sucht einen zweiten Lieferanten in Osteuropa und fragt nach unseren Erfahrungen.",
        ),
        (
            "Reklamation aufgearbeitet",
            "Die Reklamation aus dem Frühjahr ist abgeschlossen. Offen angesprochen, was schiefgelaufen ist und was wir geändert haben. Mein Eindruck: Das Vertrauen ist wieder da.",
        ),
        (
            "Kickoff Pilotprojekt",
            "Kickoff für das Pilotprojekt. Der Zeitplan steht, die Schnittstellen sind noch unklar. Nächster Termin in zwei Wochen zusammen mit der IT.",
        ),
        (
            "Jahresgespräch",
            "Jahresgespräch: Volumen leicht gestiegen, Marge unter Druck. {who} lobt unsere Zuverlässigkeit, wünscht sich aber mehr Ideen von unserer Seite.",
        ),
        (
            "Empfehlung",
            "{who} hat uns bei einem Bekannten in der Branche empfohlen. Ausführlich bedankt und gefragt, wie ich mich revanchieren kann.",
        ),
        (
            "Nachfolge",
            "Vertrauliches Gespräch über die Nachfolge bei {company}. In zwei Jahren soll die nächste Generation übernehmen; {who} möchte, dass unsere Zusammenarbeit das überdauert.",
        ),
        (
            "Referenzbesuch",
            "Referenzbesuch abgestimmt: {who} ist bereit, Interessenten durch die Fertigung zu führen. Das ist ein großer Vertrauensbeweis.",
        ),
    ],
    meeting: &[
        "Termin bei {company} vor Ort.",
        "Mittagessen in der Nähe ihres Büros.",
        "Besuch bei uns im Haus, mit Werksführung.",
    ],
    call: &[
        "Kurzes Telefonat.",
        "Längeres Telefonat, fast eine Stunde.",
        "Rückruf auf meine Nachricht.",
    ],
    video: &[
        "Teams-Call, knapp 45 Minuten.",
        "Videocall mit geteiltem Bildschirm.",
    ],
    email: &["Ausführliche Mail.", "Mailwechsel über mehrere Tage."],
    message: &[
        "Kurze Nachricht über LinkedIn.",
        "Ein paar Nachrichten hin und her.",
    ],
    event: &[
        "Am Rande der Veranstaltung ins Gespräch gekommen.",
        "In der Kaffeepause länger unterhalten.",
        "Beim Get-together danach noch lange zusammengestanden.",
    ],
    asides: &[
        "Zum Schluss noch über {tag} geplaudert.",
        "Small Talk über {tag}; da kennt sich {who} richtig aus.",
        "Beim Thema {tag} ist {who} richtig aufgeblüht.",
    ],
    moods: [
        &[
            "Die Stimmung war frostig; {who} ließ deutlich spüren, wie unzufrieden sie sind.",
            "Deutlich verstimmt: {who} hat offen über einen Lieferantenwechsel gesprochen.",
        ],
        &[
            "{who} wirkte angespannt und kurz angebunden.",
            "Etwas gereizt, kaum Raum für Small Talk.",
        ],
        &[
            "Sachlich und freundlich, ohne große Emotionen.",
            "Neutral; {who} war mit den Gedanken woanders.",
        ],
        &[
            "Gute Atmosphäre, {who} war offen und gesprächsbereit.",
            "Angenehmes Gespräch, {who} hat viel Persönliches erzählt.",
        ],
        &[
            "Sehr herzlich: {who} hat sich ausdrücklich für unsere Unterstützung bedankt.",
            "Ausgezeichnete Stimmung, wir haben viel gelacht.",
        ],
    ],
    reply_prefix: "AW: ",
    my_promises: &[
        "Überarbeitetes Angebot schicken",
        "Kontakt zu einem möglichen Pilotkunden herstellen",
        "Referenzliste aus dem Automotive-Bereich schicken",
        "Entwurf des Rahmenvertrags überarbeiten",
        "Artikel zum Lieferkettengesetz weiterleiten",
        "Weinempfehlung aus der Pfalz schicken",
        "Projektbeschreibung für den Förderantrag gegenlesen",
        "Termin für eine Werksführung vorschlagen",
    ],
    their_promises: &[
        "Bedarfsplanung für das nächste Quartal schicken",
        "Rückmeldung zum Angebot geben",
        "Termin mit der Geschäftsführung vorschlagen",
        "Unterlagen zum Förderantrag schicken",
        "Einladung zur Hausmesse schicken",
        "Zeichnungen für die Sonderanfertigung schicken",
    ],
};

const ENGLISH: Texts = Texts {
    tense_topics: &[
        (
            "Pricing discussion",
            "Tough pricing discussion. Procurement pushes for five percent; we agreed to look at payment terms instead of a discount.",
        ),
        (
            "Supply chain update",
            "Their supply chain for control units is still fragile. {company} is qualifying a second source and asked what we have learned.",
        ),
        (
            "Delivery delays",
            "The last two deliveries were late and {who} had to explain it to their own management. They expect a firm recovery plan.",
        ),
    ],
    topics: &[
        (
            "Quarterly review",
            "Went through the quarterly numbers together. Volumes are up, margins under pressure. {who} suggested a joint roadmap session in spring.",
        ),
        (
            "Entering the German market",
            "{who} wants to understand how purchasing decisions are made at German Mittelstand firms. I explained the role of the Einkauf and offered two introductions.",
        ),
        (
            "Framework agreement",
            "Discussed the framework agreement for next year. A three-year term looks feasible if we accept the price adjustment clause. Their legal team reviews the draft first.",
        ),
        (
            "Trade fair debrief",
            "Debrief after the trade fair. Good traffic on the stand, few qualified leads. {who} is considering a shared stand with us next year.",
        ),
        (
            "Catch-up",
            "General catch-up. {who} has a new team and a bigger budget, but also more pressure from headquarters.",
        ),
    ],
    meeting: &["Meeting at their office.", "Lunch near their office."],
    call: &["Short call.", "Long call, almost an hour."],
    video: &[
        "Video call, about 45 minutes.",
        "Teams call with screen sharing.",
    ],
    email: &["Long email.", "Email thread over several days."],
    message: &["A few messages on LinkedIn.", "Quick exchange of messages."],
    event: &[
        "Caught up on the sidelines.",
        "Talked over coffee during the break.",
    ],
    asides: &[
        "Some small talk about {tag} at the end.",
        "We got talking about {tag}; {who} knows a lot about it.",
    ],
    moods: [
        &["Frosty. {who} made it very clear how unhappy they are."],
        &["{who} seemed tense and short on time."],
        &["Businesslike and friendly, nothing more."],
        &["Good atmosphere, {who} was open and relaxed."],
        &["Very warm; {who} thanked us explicitly for the support."],
    ],
    reply_prefix: "Re: ",
    my_promises: &[
        "Send the revised quote",
        "Introduce them to our logistics partner",
        "Share our supplier qualification checklist",
        "Send the draft framework agreement",
    ],
    their_promises: &[
        "Send the forecast for next quarter",
        "Confirm the pilot budget",
        "Send the signed NDA",
        "Introduce me to their new head of operations",
    ],
};

/// A promise as planned: what, by whom, due when, and whether and when it was closed.
struct PlannedPromise {
    owner: Owner,
    text: &'static str,
    due: NaiveDate,
    closed: Option<(PromiseStatus, NaiveDate)>,
}

/// An entry as planned, before its text is rendered (the text depends on the final mood).
struct Draft {
    at: DateTime<FixedOffset>,
    kind: Kind,
    /// Indexes into PEOPLE; the first is the one it is about (and who holds its promises).
    people: Vec<usize>,
    mood: Option<i8>,
    initiative: Option<Initiative>,
    /// Index of the one pillar signal recorded (trust, sympathy, competence, long-term).
    signal: Option<u64>,
    promises: Vec<PlannedPromise>,
    /// Part of a story's scripted tail: stays solo.
    scripted: bool,
    /// Seed for the choice of words.
    seed: u64,
}

impl Draft {
    fn render(&self) -> (Option<String>, String) {
        let person = &PEOPLE[self.people[0]];
        let texts = person.lang.texts();
        let mut rng = SplitMix64(self.seed);
        let (title, sentences) = if self.kind == Kind::Note {
            let (title, body) = rng.pick(NOTES).unwrap_or(("Notiz", ""));
            (Some(title.to_string()), vec![body])
        } else {
            let tense = self.mood.is_some_and(|m| m < 0);
            let topics = if tense {
                texts.tense_topics
            } else {
                texts.topics
            };
            let (topic, about) = rng.pick(topics).unwrap_or(("", ""));
            let title = match self.kind {
                Kind::Email => Some(format!("{}{topic}", texts.reply_prefix)),
                Kind::Message => None,
                Kind::Event => rng.pick(EVENTS).map(str::to_string),
                _ => Some(topic.to_string()),
            };
            let mut sentences: Vec<&str> =
                rng.pick(texts.openings(self.kind)).into_iter().collect();
            sentences.push(about);
            let spoken = !matches!(self.kind, Kind::Email | Kind::Message);
            if spoken && !tense && !person.tags.is_empty() && rng.chance(40) {
                sentences.extend(rng.pick(texts.asides));
            }
            if let Some(mood) = self.mood {
                let index = usize::try_from(mood + 2).unwrap_or(2).min(4);
                sentences.extend(rng.pick(texts.moods[index]));
            }
            (title, sentences)
        };
        let tag = rng.pick(person.tags).unwrap_or_default();
        let body = sentences
            .join(" ")
            .replace("{who}", person.salutation)
            .replace("{company}", person.company)
            .replace("{tag}", tag);
        (title, body)
    }

    /// The recorded signal points the way the partner's mood went.
    fn signals(&self) -> Signals {
        let value = Some(if self.mood.is_some_and(|m| m < 0) {
            -1
        } else {
            1
        });
        let mut signals = Signals::default();
        match self.signal {
            Some(0) => signals.trust = value,
            Some(1) => signals.sympathy = value,
            Some(2) => signals.competence = value,
            Some(_) => signals.longterm = value,
            None => {}
        }
        signals
    }
}

/// Walks back from a person's last touch to when they were added, one touch every `gap` days or so;
/// returns the days of their own touches (newest first) and the drafts (touches and a few notes).
fn plan_person(
    index: usize,
    created: NaiveDate,
    today: NaiveDate,
    offset: FixedOffset,
    rng: &mut SplitMix64,
) -> (Vec<NaiveDate>, Vec<Draft>) {
    let person = &PEOPLE[index];
    let mut touch_days = Vec::new();
    let mut drafts = Vec::new();
    let mut days_ago = person.last;
    loop {
        let day = workday_on_or_before(days_before(today, days_ago));
        if day <= created {
            break;
        }
        let draft = plan_touch(index, touch_days.len(), day, today, offset, rng);
        if rng.chance(7) {
            drafts.push(Draft {
                at: at_local(day, 17 * 60 + 15 * rng.below(4), offset),
                kind: Kind::Note,
                people: vec![index],
                mood: None,
                initiative: None,
                signal: None,
                promises: Vec::new(),
                scripted: false,
                seed: rng.next(),
            });
        }
        drafts.push(draft);
        touch_days.push(day);
        days_ago += (person.gap * 6 / 10 + rng.below(person.gap * 8 / 10 + 1)).max(1);
    }
    (touch_days, drafts)
}

/// One touch of a person: the `nth` newest of their own, on `day`.
fn plan_touch(
    index: usize,
    nth: usize,
    day: NaiveDate,
    today: NaiveDate,
    offset: FixedOffset,
    rng: &mut SplitMix64,
) -> Draft {
    let person = &PEOPLE[index];
    let scripted = nth < person.story.tail_len();
    // The story this touch is scripted to show; free touches follow none.
    let story = scripted.then_some(person.story);
    let kind = plan_kind(story, rng);
    let mood = plan_mood(story, nth, rng);
    let initiative = plan_initiative(story, kind, rng);
    let promises = plan_touch_promises(index, nth, scripted, kind, (day, today), rng);
    let minute = plan_minute(kind, rng);
    Draft {
        at: at_local(day, minute, offset),
        kind,
        people: vec![index],
        mood,
        initiative,
        signal: rng.chance(25).then(|| rng.below(4)),
        promises,
        scripted,
        seed: rng.next(),
    }
}

/// The kind of a touch: a one-sided story chases by writing, everything else by the usual weights.
fn plan_kind(story: Option<Story>, rng: &mut SplitMix64) -> Kind {
    if story == Some(Story::OneSided) {
        rng.pick(CHASING_KINDS)
    } else {
        rng.weighted(KIND_WEIGHTS)
    }
    .unwrap_or(Kind::Meeting)
}

/// The mood of a touch: a falling story follows its script, others mostly have one by the usual weights.
fn plan_mood(story: Option<Story>, nth: usize, rng: &mut SplitMix64) -> Option<i8> {
    if story == Some(Story::MoodFalling) {
        FALLING_MOODS.get(nth).copied()
    } else if rng.chance(85) {
        rng.weighted(MOOD_WEIGHTS)
    } else {
        None
    }
}

/// Who took the initiative: always me in a one-sided story, otherwise by weights fitting the kind.
fn plan_initiative(story: Option<Story>, kind: Kind, rng: &mut SplitMix64) -> Option<Initiative> {
    if story == Some(Story::OneSided) {
        return Some(Initiative::Me);
    }
    let table = match kind {
        Kind::Email | Kind::Message => WRITTEN_INITIATIVE,
        Kind::Event => EVENT_INITIATIVE,
        _ => SPOKEN_INITIATIVE,
    };
    rng.weighted(table).flatten()
}

/// The promises made at a touch on `day` (with `today`): scripted ones where the story needs them,
/// now and then one for a free touch.
fn plan_touch_promises(
    index: usize,
    nth: usize,
    scripted: bool,
    kind: Kind,
    (day, today): (NaiveDate, NaiveDate),
    rng: &mut SplitMix64,
) -> Vec<PlannedPromise> {
    let person = &PEOPLE[index];
    let texts = person.lang.texts();
    match person.story {
        Story::OwesFollowUp if nth == 0 => vec![PlannedPromise {
            owner: Owner::Me,
            text: rng.pick(texts.my_promises).unwrap_or_default(),
            due: days_before(today, (person.last / 3).max(1)),
            closed: None,
        }],
        Story::MoodFalling if nth == 3 => {
            let due = workday_on_or_before(days_after(day, 14));
            vec![PlannedPromise {
                owner: Owner::Me,
                text: BROKEN_PROMISE,
                due,
                closed: Some((
                    PromiseStatus::Broken,
                    closing_day(days_after(due, 3), day, today),
                )),
            }]
        }
        _ if !scripted => {
            let recent = (today - day).num_days() <= 45;
            free_promise_owner(index, nth, kind, recent, rng)
                .map(|owner| plan_promise(owner, texts, day, today, rng))
                .into_iter()
                .collect()
        }
        _ => Vec::new(),
    }
}

/// Who owes a promise from a free touch, if anyone: a `recent` latest touch always leaves one (mine and
/// theirs in turn, so that some are open both ways); other conversations now and then.
fn free_promise_owner(
    index: usize,
    nth: usize,
    kind: Kind,
    recent: bool,
    rng: &mut SplitMix64,
) -> Option<Owner> {
    if nth == 0 && recent {
        Some(if index.is_multiple_of(2) {
            Owner::Me
        } else {
            Owner::Them
        })
    } else if matches!(kind, Kind::Meeting | Kind::Call | Kind::Video | Kind::Email)
        && rng.chance(if recent { 40 } else { 15 })
    {
        Some(if rng.chance(50) {
            Owner::Me
        } else {
            Owner::Them
        })
    } else {
        None
    }
}

/// The minute of the day a touch of `kind` happens: within the kind's usual hours, on its usual step.
fn plan_minute(kind: Kind, rng: &mut SplitMix64) -> u64 {
    let (first_hour, hours, minute_step) = match kind {
        Kind::Meeting => (9, 7, 30),
        Kind::Call => (8, 10, 15),
        Kind::Video => (9, 8, 15),
        Kind::Email | Kind::Message => (8, 10, 5),
        Kind::Event | Kind::Note => (10, 8, 30),
    };
    first_hour * 60 + rng.below(hours * 60 / minute_step) * minute_step
}

/// A promise made at a touch on `day`: mine are always kept once due, theirs all but a few recent ones.
fn plan_promise(
    owner: Owner,
    texts: &Texts,
    day: NaiveDate,
    today: NaiveDate,
    rng: &mut SplitMix64,
) -> PlannedPromise {
    let text = match owner {
        Owner::Me => rng.pick(texts.my_promises),
        Owner::Them => rng.pick(texts.their_promises),
    }
    .unwrap_or_default();
    let due = workday_on_or_before(days_after(day, 7 + rng.below(24)));
    let closed = if due >= today {
        None
    } else {
        match owner {
            Owner::Me => Some(days_before(due, rng.below(4))),
            // Theirs: kept, a little late at times; a few recent ones are still outstanding.
            Owner::Them if (today - due).num_days() > 45 || rng.chance(70) => {
                Some(days_after(due, rng.below(6)))
            }
            Owner::Them => None,
        }
        .map(|on| (PromiseStatus::Kept, closing_day(on, day, today)))
    };
    PlannedPromise {
        owner,
        text,
        due,
        closed,
    }
}

/// A closing day on a workday after the entry and before today.
fn closing_day(wanted: NaiveDate, entry_day: NaiveDate, today: NaiveDate) -> NaiveDate {
    workday_on_or_before(wanted)
        .min(days_before(today, 1))
        .max(days_after(entry_day, 1))
}

/// Brings colleagues to meetings and video calls and other partners to events: up to two more people
/// who already existed and whose own scripted history has not started yet (so their state stays as
/// scripted).
fn invite_others(
    drafts: &mut [Draft],
    created_days: &[NaiveDate],
    own_touch_days: &[Vec<NaiveDate>],
    rng: &mut SplitMix64,
) {
    let until: Vec<Option<NaiveDate>> = PEOPLE
        .iter()
        .zip(own_touch_days)
        .map(|(person, days)| days.get(person.story.tail_len()).copied())
        .collect();
    for draft in drafts.iter_mut() {
        let event = draft.kind == Kind::Event;
        if draft.scripted
            || !matches!(draft.kind, Kind::Meeting | Kind::Video | Kind::Event)
            || !rng.chance(if event { 50 } else { 30 })
        {
            continue;
        }
        let host = draft.people[0];
        let day = draft.at.date_naive();
        let mut candidates: Vec<usize> = (0..PEOPLE.len())
            .filter(|&other| {
                other != host
                    && (event || PEOPLE[other].company == PEOPLE[host].company)
                    && created_days[other] < day
                    && until[other].is_some_and(|until| day < until)
            })
            .collect();
        let wanted = if rng.chance(30) { 2 } else { 1 };
        for _ in 0..wanted {
            if !candidates.is_empty() {
                draft
                    .people
                    .push(candidates.remove(rng.index(candidates.len())));
            }
        }
    }
}

/// Random moods and initiatives can trip `mood_falling` or `one_sided` for contacts whose story does
/// not call for it; nudges the newest entries until only the scripted contacts carry those flags.
/// Only ever raises moods and turns `me` into `them`, so it ends.
fn keep_flags_to_the_script(drafts: &mut [Draft]) {
    loop {
        let mut changed = false;
        for (index, person) in PEOPLE.iter().enumerate() {
            let touches: Vec<usize> = (0..drafts.len())
                .rev()
                .filter(|&i| drafts[i].kind.is_touch() && drafts[i].people.contains(&index))
                .collect();
            if person.story != Story::MoodFalling {
                let rated: Vec<usize> = touches
                    .iter()
                    .copied()
                    .filter(|&i| drafts[i].mood.is_some())
                    .take(6)
                    .collect();
                let moods: Vec<i8> = rated.iter().filter_map(|&i| drafts[i].mood).collect();
                if rules::mood_falling(&moods)
                    && let Some(&lowest) = rated.iter().take(3).min_by_key(|&&i| drafts[i].mood)
                {
                    drafts[lowest].mood = drafts[lowest].mood.map(|m| (m + 1).min(2));
                    changed = true;
                }
            }
            if person.story != Story::OneSided {
                let recorded: Vec<usize> = touches
                    .iter()
                    .copied()
                    .filter(|&i| drafts[i].initiative.is_some())
                    .take(4)
                    .collect();
                let initiatives: Vec<Initiative> = recorded
                    .iter()
                    .filter_map(|&i| drafts[i].initiative)
                    .collect();
                if rules::one_sided(&initiatives)
                    && let Some(&newest) = recorded.first()
                {
                    drafts[newest].initiative = Some(Initiative::Them);
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
}

/// `minutes` after midnight of `day`, local time in `offset`.
fn at_local(day: NaiveDate, minutes: u64, offset: FixedOffset) -> DateTime<FixedOffset> {
    let minutes = TimeDelta::minutes(i64::try_from(minutes).unwrap_or(0));
    let local = day.and_time(NaiveTime::MIN) + minutes;
    let utc = local - TimeDelta::seconds(i64::from(offset.local_minus_utc()));
    DateTime::from_naive_utc_and_offset(utc, offset)
}

fn days_before(day: NaiveDate, n: u64) -> NaiveDate {
    day.checked_sub_days(Days::new(n)).unwrap_or(day)
}

fn days_after(day: NaiveDate, n: u64) -> NaiveDate {
    day.checked_add_days(Days::new(n)).unwrap_or(day)
}

/// Office work happens on weekdays: a weekend day becomes the Friday before.
fn workday_on_or_before(day: NaiveDate) -> NaiveDate {
    match day.weekday() {
        Weekday::Sat => days_before(day, 1),
        Weekday::Sun => days_before(day, 2),
        _ => day,
    }
}

/// The demo journal at a fixed moment, for the unit tests of the modules that read a journal.
#[cfg(test)]
pub(crate) mod fixture {
    use super::{DemoCounts, populate};
    use crate::store::Store;
    use chrono::{DateTime, FixedOffset};

    /// The moment the fixture is generated at (a Friday).
    pub fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-27T10:00:00+01:00").unwrap()
    }

    /// An in-memory store with the demo journal, and what was written.
    pub fn store_with_counts() -> (Store, DemoCounts) {
        let mut store = Store::open_in_memory().unwrap();
        let counts = populate(&mut store, now()).unwrap();
        (store, counts)
    }

    /// An in-memory store with the demo journal.
    pub fn store() -> Store {
        store_with_counts().0
    }
}

#[cfg(test)]
mod tests {
    use super::fixture::{now, store_with_counts as demo_store};
    use super::*;
    use crate::domain::rules::{CadenceDefaults, Flag, Status};
    use crate::insight::neglect_list;
    use chrono::Timelike;

    fn export(store: &Store) -> String {
        let mut out = Vec::new();
        crate::transfer::json::export(store, None, &now(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn demo_counts_match_the_store_and_the_brief() {
        let (store, counts) = demo_store();
        assert!((30..=42).contains(&counts.contacts), "{counts:?}");
        assert!((300..=400).contains(&counts.entries), "{counts:?}");
        assert_eq!(store.contact_count().unwrap(), counts.contacts as i64);
        assert_eq!(store.entry_count(None).unwrap(), counts.entries as i64);
        let promises = store.promises(None, false).unwrap();
        assert_eq!(promises.len(), counts.promises);
        let open = |owner| {
            promises
                .iter()
                .filter(|p| p.promise.owner == owner && p.promise.status == PromiseStatus::Open)
                .count()
        };
        assert!(open(Owner::Me) >= 3 && open(Owner::Them) >= 3, "{counts:?}");
        let broken = promises
            .iter()
            .filter(|p| p.promise.status == PromiseStatus::Broken)
            .count();
        assert_eq!(broken, 1);
        let kept = promises
            .iter()
            .filter(|p| p.promise.status == PromiseStatus::Kept)
            .count();
        assert!(kept > promises.len() / 2, "{kept} of {}", promises.len());
    }

    #[test]
    fn demo_home_screen_shows_every_status_and_flag() {
        let (store, _) = demo_store();
        let today = now().date_naive();
        let list = neglect_list(&store, &CadenceDefaults::default(), today, true).unwrap();
        let with_status = |s| list.iter().filter(|c| c.health.status == s).count();
        assert!(with_status(Status::Overdue) >= 4);
        assert!(with_status(Status::DueSoon) >= 2);
        assert_eq!(with_status(Status::Snoozed), 1);
        assert!(with_status(Status::Ambient) >= 2);
        let with_flag = |f| list.iter().filter(|c| c.health.flags.contains(&f)).count();
        assert_eq!(with_flag(Flag::PromiseOverdue), 2);
        assert_eq!(with_flag(Flag::MoodFalling), 1);
        assert_eq!(with_flag(Flag::OneSided), 1);
        assert!(with_flag(Flag::BirthdaySoon) >= 1);
        let overdue_a = list
            .iter()
            .filter(|c| c.contact.tier == Some(Tier::A) && c.health.status == Status::Overdue)
            .filter_map(|c| c.health.last_touch)
            .map(|t| (today - t).num_days())
            .collect::<Vec<_>>();
        assert!(overdue_a.len() >= 3 && overdue_a.iter().all(|d| (30..=60).contains(d)));
        let all = store.contacts(true, false).unwrap();
        assert_eq!(all.iter().filter(|(c, _)| c.archived).count(), 1);
    }

    #[test]
    fn demo_entries_are_plausible() {
        let (store, _) = demo_store();
        let doc: serde_json::Value = serde_json::from_str(&export(&store)).unwrap();
        let created: HashMap<i64, DateTime<FixedOffset>> = doc["contacts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                let at = DateTime::parse_from_rfc3339(c["created_at"].as_str().unwrap()).unwrap();
                (c["id"].as_i64().unwrap(), at)
            })
            .collect();
        let mut shared = 0;
        for e in doc["entries"].as_array().unwrap() {
            let at = DateTime::parse_from_rfc3339(e["occurred_at"].as_str().unwrap()).unwrap();
            assert!(at < now() && (now() - at).num_days() <= 731, "{e}");
            assert_eq!(at.offset(), now().offset());
            assert!((8..=18).contains(&at.hour()), "{e}");
            assert!(!matches!(at.weekday(), Weekday::Sat | Weekday::Sun), "{e}");
            let contacts = e["contacts"].as_array().unwrap();
            assert!((1..=3).contains(&contacts.len()));
            shared += usize::from(contacts.len() > 1);
            for c in contacts {
                assert!(created[&c.as_i64().unwrap()] < at, "{e}");
            }
            assert!(
                e["body"].as_str().unwrap().matches(". ").count() >= 1,
                "{e}"
            );
            assert!(!e["body"].as_str().unwrap().contains('{'), "{e}");
        }
        assert!(shared >= 10, "{shared} shared entries");
        for p in doc["promises"].as_array().unwrap() {
            if let Some(closed) = p["closed_at"].as_str() {
                assert!(DateTime::parse_from_rfc3339(closed).unwrap() < now());
            }
        }
    }

    #[test]
    fn demo_is_deterministic_and_sound() {
        let (first, _) = demo_store();
        let (second, _) = demo_store();
        assert_eq!(export(&first), export(&second));
        assert!(first.check_integrity().unwrap().is_empty());
    }
}
