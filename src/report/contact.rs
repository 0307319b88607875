//! `contact show --json`: one contact whole, built once for the command line and the MCP server.

use crate::card_details::{CardDetails, DetailKind, card_details};
use crate::domain::dates::birthday_text;
use crate::domain::model::{CardProperty, Contact, Id};
use crate::domain::pillars::{PillarScore, PillarScores};
use crate::domain::rules::Health;
use crate::store::Store;
use crate::transfer::json::{ContactRecord, contact_record, promise_record};
use serde_json::{Value, json};

/// The document `contact show --json` prints: the contact's record, status, pillar scores with their
/// inputs, all promises, the entry count, the address card's details and the relations.
///
/// # Errors
///
/// A store error.
pub fn document(
    store: &Store,
    contact: &Contact,
    health: &Health,
    scores: &PillarScores,
) -> anyhow::Result<Value> {
    let promises = store.promises(Some(contact.id), false)?;
    let rows = store.card_properties(contact.id)?;
    let card = card_details(contact, &rows);
    let mut shown = json!({
        "contact": view_record(contact),
        "status": health.status.as_str(),
        "last_touch": health.last_touch.map(crate::store::format_day),
        "cadence_days": health.cadence_days,
        "due_on": health.due_on.map(crate::store::format_day),
        "days_overdue": health.days_overdue,
        "flags": health.flags.iter().map(|f| f.as_str()).collect::<Vec<_>>(),
        "pillars": {
            "trust": pillar_json(&scores.trust),
            "sympathy": pillar_json(&scores.sympathy),
            "competence": pillar_json(&scores.competence),
            "longterm": pillar_json(&scores.longterm),
        },
        "promises": promises.iter().map(|p| promise_record(&p.promise)).collect::<Vec<_>>(),
        "entry_count": store.entry_count(Some(contact.id))?,
    });
    if let Some(object) = shown.as_object_mut() {
        object.extend(card_json(contact, &card, &rows));
        object.extend(relations_json(store, contact.id)?);
    }
    Ok(shown)
}

/// A contact as the JSON views show it (`contact show --json`, `contact list --json`): the backup's
/// record, but a birthday without a year as `--MM-DD` (ISO 8601's and vCard's form) instead of the
/// placeholder year it is stored with, which only the backup keeps (to be read back exactly).
pub fn view_record(c: &Contact) -> ContactRecord {
    ContactRecord {
        birthday: c.birthday.map(birthday_text),
        ..contact_record(c)
    }
}

/// The card's details for scripts: a list per kind (`emails` and `phones` start with the contact's
/// own, `"primary": true`), each with the card's `types` as written and the shown `label`; addresses
/// with their parts; `photo`; and the kept rows as read in `card`.
fn card_json(
    contact: &Contact,
    card: &CardDetails,
    rows: &[CardProperty],
) -> serde_json::Map<String, serde_json::Value> {
    let mut out = serde_json::Map::new();
    for kind in DetailKind::ALL {
        let primary = match kind {
            DetailKind::Email => contact.email.as_deref(),
            DetailKind::Phone => contact.phone.as_deref(),
            _ => None,
        };
        let mut list: Vec<_> = primary
            .filter(|v| !v.is_empty())
            .map(|v| json!({"value": v, "types": [], "label": null, "primary": true}))
            .into_iter()
            .collect();
        for d in card.of(kind) {
            let mut item = json!({"value": d.lines.join("\n"), "types": d.types, "label": d.label});
            if kind == DetailKind::Address {
                const PARTS: [&str; 7] = [
                    "po_box",
                    "extended",
                    "street",
                    "locality",
                    "region",
                    "postal_code",
                    "country",
                ];
                item["lines"] = json!(d.lines);
                for (key, part) in PARTS.iter().zip(&d.parts) {
                    item[*key] = json!(part);
                }
            } else if matches!(kind, DetailKind::Email | DetailKind::Phone) {
                item["primary"] = json!(false);
            }
            list.push(item);
        }
        out.insert(kind.as_str().to_string(), json!(list));
    }
    out.insert("photo".into(), json!(card.photo));
    let kept: Vec<_> = rows
        .iter()
        .map(|r| json!({"name": r.name, "params": r.params, "value": r.value}))
        .collect();
    out.insert("card".into(), json!(kept));
    out
}

fn pillar_json(score: &PillarScore) -> serde_json::Value {
    let inputs: serde_json::Map<_, _> = score
        .inputs
        .iter()
        .map(|(k, v)| {
            let key = k.rsplit('.').next().unwrap_or(k).to_string();
            (key, serde_json::Value::from(v.clone()))
        })
        .collect();
    json!({"score": score.score, "inputs": inputs})
}

/// `contact show --json`'s relations: `company_id`, `introduced_by` ({id, name} or null) and
/// `introduced` (a list of them).
fn relations_json(
    store: &Store,
    contact: Id,
) -> anyhow::Result<serde_json::Map<String, serde_json::Value>> {
    let person = |(id, name): (Id, String)| json!({"id": id, "name": name});
    let mut out = serde_json::Map::new();
    out.insert(
        "company_id".into(),
        json!(store.company_of(contact)?.map(|c| c.id)),
    );
    out.insert(
        "introduced_by".into(),
        json!(store.introduced_by(contact)?.map(person)),
    );
    let introduced: Vec<_> = store.introduced(contact)?.into_iter().map(person).collect();
    out.insert("introduced".into(), json!(introduced));
    Ok(out)
}
