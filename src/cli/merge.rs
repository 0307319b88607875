//! `rapport contact duplicates` and `rapport contact merge`.

use super::{Context, UsageError, output, print_json};
use crate::display::{contact_label, duplicate_reasons, merge_summary};
use crate::domain::duplicates::{Duplicate, Person, Reason, find};
use crate::i18n::{t, tr};
use serde::Serialize;
use std::collections::HashMap;

/// One contact of a pair in `contact duplicates --json`.
#[derive(Debug, Serialize)]
struct JsonContact<'a> {
    id: i64,
    name: &'a str,
    company: Option<&'a str>,
}

/// One reason in `contact duplicates --json`.
#[derive(Debug, Serialize)]
struct JsonReason<'a> {
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<&'a str>,
}

/// One pair in `contact duplicates --json`.
#[derive(Debug, Serialize)]
struct JsonPair<'a> {
    first: JsonContact<'a>,
    second: JsonContact<'a>,
    score: u32,
    reasons: Vec<JsonReason<'a>>,
    because: String,
}

fn json_reason(reason: &Reason) -> JsonReason<'_> {
    let (kind, value) = match reason {
        Reason::Profile => ("profile", None),
        Reason::Email(v) => ("email", Some(v.as_str())),
        Reason::Phone(v) => ("phone", Some(v.as_str())),
        Reason::NameAndCompany => ("name_and_company", None),
        Reason::Name => ("name", None),
    };
    JsonReason { kind, value }
}

/// "#1 Dr. Jürgen Müller (Ankerwerk GmbH) ~ #2 Jürgen Müller (Ankerwerk GmbH): same name and company"
fn pair_line(pair: &Duplicate, people: &HashMap<i64, &Person>) -> String {
    let label = |id: i64| {
        people.get(&id).map_or_else(
            || format!("#{id}"),
            |p| contact_label(id, &p.name, p.company.as_deref()),
        )
    };
    tr(
        "duplicates.pair",
        &[
            ("first", &label(pair.first)),
            ("second", &label(pair.second)),
            ("reasons", &duplicate_reasons(&pair.reasons)),
        ],
    )
}

/// Runs `contact duplicates`: the likely pairs, most likely first, each with its reasons.
pub fn duplicates(json: bool, ctx: &Context) -> anyhow::Result<()> {
    let store = ctx.open_store()?;
    let people = store.duplicate_people()?;
    let pairs = find(&people);
    let by_id: HashMap<i64, &Person> = people.iter().map(|p| (p.id, p)).collect();
    if json {
        let contact = |id: i64| JsonContact {
            id,
            name: by_id.get(&id).map_or("", |p| p.name.as_str()),
            company: by_id.get(&id).and_then(|p| p.company.as_deref()),
        };
        let out: Vec<JsonPair<'_>> = pairs
            .iter()
            .map(|pair| JsonPair {
                first: contact(pair.first),
                second: contact(pair.second),
                score: pair.score(),
                reasons: pair.reasons.iter().map(json_reason).collect(),
                because: duplicate_reasons(&pair.reasons),
            })
            .collect();
        return print_json(&out);
    }
    if pairs.is_empty() {
        let n = people.len();
        output::emit(&format!("{}\n", tr("duplicates.none", &[("n", &n)])))?;
        return Ok(());
    }
    let mut text: String = pairs
        .iter()
        .map(|pair| pair_line(pair, &by_id) + "\n")
        .collect();
    text.push_str(t("duplicates.hint"));
    text.push('\n');
    output::emit(&text)?;
    Ok(())
}

/// The import summary's line about contacts it created (ids above `last_known`) that look like
/// another contact, one the journal had or one the same file made (a card that shares an address
/// with another but not the name): "1 new contact looks like an existing one: Dr. Jürgen Müller ~ Jürgen Müller
/// (same name and company); see `rapport contact duplicates`". `None` when there are none.
pub fn import_note(people: &[Person], last_known: i64) -> Option<String> {
    const SHOWN: usize = 5;
    let by_id: HashMap<i64, &Person> = people.iter().map(|p| (p.id, p)).collect();
    let pairs: Vec<Duplicate> = find(people)
        .into_iter()
        .filter(|d| d.second > last_known)
        .collect();
    let mut new: Vec<i64> = pairs.iter().map(|d| d.second).collect();
    new.sort_unstable();
    new.dedup();
    let n = new.len();
    if n == 0 {
        return None;
    }
    let name = |id: &i64| {
        by_id
            .get(id)
            .map_or_else(String::new, |p| crate::text::sanitize_line(&p.name))
    };
    let mut list: Vec<String> = pairs
        .iter()
        .take(SHOWN)
        .map(|d| {
            tr(
                "duplicates.import_pair",
                &[
                    ("new", &name(&d.second)),
                    ("old", &name(&d.first)),
                    ("reasons", &duplicate_reasons(&d.reasons)),
                ],
            )
        })
        .collect();
    if pairs.len() > SHOWN {
        list.push("…".into());
    }
    Some(tr(
        "duplicates.import",
        &[("n", &n), ("list", &list.join(", "))],
    ))
}

/// Runs `contact merge`: shows what the result will be, asks (unless `--yes`), then merges `other`
/// into `keep` in one transaction.
pub fn merge(keep: &str, other: &str, yes: bool, ctx: &Context) -> anyhow::Result<()> {
    let mut store = ctx.open_store()?;
    let kept = ctx.resolve(&store, keep)?;
    let gone = ctx.resolve(&store, other)?;
    if kept.id == gone.id {
        return Err(UsageError(t("merge.same_contact").to_string()).into());
    }
    let merged = store.merge_preview(kept.id, gone.id)?;
    let keep_label = contact_label(kept.id, &kept.name, kept.company.as_deref());
    let other_label = contact_label(gone.id, &gone.name, gone.company.as_deref());
    let entries = store.entry_count(Some(gone.id))?;
    let promises = store.promises(Some(gone.id), false)?.len();
    let new_tags = merged.contact.tags.len().saturating_sub(kept.tags.len());
    let lines = merge_summary(
        &merged,
        new_tags,
        (&keep_label, &other_label),
        (entries, promises),
    );
    output::emit(&(lines.join("\n") + "\n"))?;
    let names: [(&str, &dyn std::fmt::Display); 2] =
        [("keep", &keep_label), ("other", &other_label)];
    super::confirm(
        yes,
        &tr("merge.ask", &names),
        tr("merge.needs_yes", &names),
        t("merge.cancelled"),
    )?;
    let counts = store.merge_contacts(kept.id, gone.id)?;
    output::emit(&format!(
        "{}\n",
        tr(
            "merge.done",
            &[
                ("keep", &keep_label),
                ("other", &other_label),
                ("entries", &counts.entries),
                ("promises", &counts.promises),
                ("rows", &counts.card_rows),
            ]
        )
    ))?;
    Ok(())
}
