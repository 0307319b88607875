//! The three-way merge of a record's [`Fields`]: the base (what both sides agreed on at the last sync),
//! the local and the remote state. Pure.

use super::fields::Fields;
use std::collections::BTreeSet;

/// A field both sides changed to different values: the local value was kept, the remote one is
/// reported and kept in the record's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The field's name.
    pub field: String,
    /// The local value (kept); `None` when the local side removed it.
    pub local: Option<String>,
    /// The remote value (not taken); `None` when the remote side removed it.
    pub remote: Option<String>,
}

/// The result of [`merge`]: the merged fields and the conflicts, in field order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Merged {
    /// What both sides hold after the sync.
    pub fields: Fields,
    /// Fields changed on both sides to different values.
    pub conflicts: Vec<Conflict>,
}

/// The fields that hold a list of rows (the kept card lines, other apps' lines, interests, an
/// entry's contacts): changed on both sides, they are merged row by row (see [`merge_rows`]).
const ROW_FIELDS: [&str; 4] = ["card", "contacts", "extra", "tags"];

/// Merges `local` and `remote` over `base`, field by field: a field changed on one side only (a
/// removal too) takes that side's value; changed on both sides to the same value is no conflict;
/// changed on both sides to different values keeps the local value and yields a [`Conflict`] — but a
/// list of rows changed on both sides is merged row by row. Without a base (the first sync of a record matched by UID or email) every field that
/// differs counts as changed on both sides, and a field only one side has is taken from that side.
pub fn merge(base: Option<&Fields>, local: &Fields, remote: &Fields) -> Merged {
    let mut merged = Merged::default();
    let keys: BTreeSet<&String> = local
        .keys()
        .chain(remote.keys())
        .chain(base.into_iter().flat_map(Fields::keys))
        .collect();
    for key in keys {
        let (l, r) = (local.get(key), remote.get(key));
        let value = if l == r {
            l
        } else {
            match base.map(|b| b.get(key)) {
                Some(b) if b == l => r,
                Some(b) if b == r => l,
                Some(b) if ROW_FIELDS.contains(&key.as_str()) => {
                    let (rows, conflict) = merge_rows(key, b, l, r);
                    merged.conflicts.extend(conflict);
                    if let Some(rows) = rows {
                        merged.fields.insert(key.clone(), rows);
                    }
                    continue;
                }
                None if l.is_none() => r,
                None if r.is_none() => l,
                _ => {
                    merged.conflicts.push(Conflict {
                        field: key.clone(),
                        local: l.cloned(),
                        remote: r.cloned(),
                    });
                    l
                }
            }
        };
        if let Some(value) = value {
            merged.fields.insert(key.clone(), value.clone());
        }
    }
    merged
}

/// A list field's rows changed on both sides: the local rows without those the remote side removed,
/// then the rows it added. Where both sides replaced rows of one property (both changed the photo),
/// the local rows stay and the remote ones are the conflict.
fn merge_rows(
    key: &str,
    base: Option<&String>,
    local: Option<&String>,
    remote: Option<&String>,
) -> (Option<String>, Option<Conflict>) {
    let (base, local, remote) = (rows(base), rows(local), rows(remote));
    let (local_gone, remote_gone) = (missing(&base, &local), missing(&base, &remote));
    let (local_new, mut remote_new) = (missing(&local, &base), missing(&remote, &base));
    // Content lines clash by property; an interest or a contact's UID only with itself.
    let lines = matches!(key, "card" | "extra");
    let name = |row: &str| -> String { if lines { property(row) } else { row }.to_string() };
    let replaced = |gone: &[&str], new: &[&str], property: &str| {
        gone.iter().any(|r| name(r) == property) && new.iter().any(|r| name(r) == property)
    };
    let mut clashing: Vec<String> = Vec::new();
    for row in &local_new {
        let property = name(row);
        if !clashing.contains(&property)
            && replaced(&local_gone, &local_new, &property)
            && replaced(&remote_gone, &remote_new, &property)
        {
            clashing.push(property);
        }
    }
    let kept: Vec<&str> = local_new
        .iter()
        .copied()
        .filter(|r| clashing.contains(&name(r)))
        .collect();
    let lost: Vec<&str> = remote_new
        .iter()
        .copied()
        .filter(|r| clashing.contains(&name(r)))
        .collect();
    remote_new.retain(|r| !clashing.contains(&name(r)));
    let mut merged: Vec<&str> = local
        .into_iter()
        .filter(|r| !remote_gone.contains(r))
        .collect();
    for row in remote_new {
        if !merged.contains(&row) {
            merged.push(row);
        }
    }
    let conflict = (!lost.is_empty()).then(|| Conflict {
        field: key.to_string(),
        local: Some(kept.join("\n")),
        remote: Some(lost.join("\n")),
    });
    (super::fields::join_list(&merged), conflict)
}

/// A list field's rows.
fn rows(value: Option<&String>) -> Vec<&str> {
    value.map_or_else(Vec::new, |v| v.split('\n').collect())
}

/// The rows of `of` that `other` lacks, in order.
fn missing<'a>(of: &[&'a str], other: &[&str]) -> Vec<&'a str> {
    of.iter().filter(|r| !other.contains(r)).copied().collect()
}

/// A content line's property name for [`merge_rows`]: `PHOTO` of `item1.PHOTO;ENCODING=b:…`.
fn property(row: &str) -> &str {
    let name = row.split([';', ':']).next().unwrap_or(row);
    name.rsplit('.').next().unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Fields {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect()
    }

    fn conflict(field: &str, local: Option<&str>, remote: Option<&str>) -> Conflict {
        Conflict {
            field: field.into(),
            local: local.map(Into::into),
            remote: remote.map(Into::into),
        }
    }

    /// (what the case shows, base, local, remote, merged, conflicts)
    type Case<'a> = (
        &'a str,
        Option<&'a [(&'a str, &'a str)]>,
        &'a [(&'a str, &'a str)],
        &'a [(&'a str, &'a str)],
        &'a [(&'a str, &'a str)],
        Vec<Conflict>,
    );

    /// Merges each case and compares with what it should give.
    fn check(cases: Vec<Case>) {
        for (what, base, local, remote, want, conflicts) in cases {
            let base = base.map(fields);
            let merged = merge(base.as_ref(), &fields(local), &fields(remote));
            assert_eq!(merged.fields, fields(want), "{what}");
            assert_eq!(merged.conflicts, conflicts, "{what}");
        }
    }

    #[test]
    fn one_sided_and_same_changes_merge_and_different_ones_conflict() {
        let cases: Vec<Case> = vec![
            (
                "nothing changed",
                Some(&[("a", "1")]),
                &[("a", "1")],
                &[("a", "1")],
                &[("a", "1")],
                vec![],
            ),
            (
                "local only",
                Some(&[("a", "1")]),
                &[("a", "2")],
                &[("a", "1")],
                &[("a", "2")],
                vec![],
            ),
            (
                "remote only",
                Some(&[("a", "1")]),
                &[("a", "1")],
                &[("a", "3")],
                &[("a", "3")],
                vec![],
            ),
            (
                "each side a different field",
                Some(&[("a", "1"), ("b", "1")]),
                &[("a", "2"), ("b", "1")],
                &[("a", "1"), ("b", "3")],
                &[("a", "2"), ("b", "3")],
                vec![],
            ),
            (
                "both the same",
                Some(&[("a", "1")]),
                &[("a", "2")],
                &[("a", "2")],
                &[("a", "2")],
                vec![],
            ),
            (
                "both different: local wins",
                Some(&[("a", "1")]),
                &[("a", "2")],
                &[("a", "3")],
                &[("a", "2")],
                vec![conflict("a", Some("2"), Some("3"))],
            ),
            (
                "removed locally",
                Some(&[("a", "1")]),
                &[],
                &[("a", "1")],
                &[],
                vec![],
            ),
            (
                "removed remotely",
                Some(&[("a", "1")]),
                &[("a", "1")],
                &[],
                &[],
                vec![],
            ),
            (
                "added remotely",
                Some(&[]),
                &[],
                &[("a", "1")],
                &[("a", "1")],
                vec![],
            ),
            (
                "added locally",
                Some(&[]),
                &[("a", "1")],
                &[],
                &[("a", "1")],
                vec![],
            ),
        ];
        check(cases);
    }

    #[test]
    fn removals_records_without_a_base_and_lists() {
        let cases: Vec<Case> = vec![
            (
                "removed on both sides",
                Some(&[("a", "1")]),
                &[],
                &[],
                &[],
                vec![],
            ),
            (
                "removed locally, changed remotely",
                Some(&[("a", "1")]),
                &[],
                &[("a", "3")],
                &[],
                vec![conflict("a", None, Some("3"))],
            ),
            (
                "changed locally, removed remotely",
                Some(&[("a", "1")]),
                &[("a", "2")],
                &[],
                &[("a", "2")],
                vec![conflict("a", Some("2"), None)],
            ),
            (
                "no base: differing field is a conflict, one-sided fields are taken",
                None,
                &[("a", "2"), ("b", "x"), ("c", "same")],
                &[("a", "3"), ("d", "y"), ("c", "same")],
                &[("a", "2"), ("b", "x"), ("c", "same"), ("d", "y")],
                vec![conflict("a", Some("2"), Some("3"))],
            ),
            (
                "a list is one field: one side's change is taken whole",
                Some(&[("tags", "a\nb")]),
                &[("tags", "a\nb")],
                &[("tags", "b\na\nc")],
                &[("tags", "b\na\nc")],
                vec![],
            ),
            (
                "a list changed on both sides is merged row by row",
                Some(&[("tags", "a\nb")]),
                &[("tags", "a\nx")],
                &[("tags", "y\na\nb")],
                &[("tags", "a\nx\ny")],
                vec![],
            ),
        ];
        check(cases);
    }

    #[test]
    fn card_rows_changed_on_both_sides_are_merged_by_property() {
        let cases: Vec<Case> = vec![
            (
                "a photo from the phone and an email from rapport",
                Some(&[("card", "ADR:;;Hauptstr. 1;Köln")]),
                &[("card", "ADR:;;Hauptstr. 1;Köln\nEMAIL;TYPE=home:a@b.de")],
                &[(
                    "card",
                    "ADR:;;Hauptstr. 1;Köln\nPHOTO;ENCODING=b;TYPE=JPEG:AAA",
                )],
                &[(
                    "card",
                    "ADR:;;Hauptstr. 1;Köln\nEMAIL;TYPE=home:a@b.de\nPHOTO;ENCODING=b;TYPE=JPEG:AAA",
                )],
                vec![],
            ),
            (
                "the same property changed on both sides: local wins, the remote row is reported",
                Some(&[("card", "PHOTO;ENCODING=b;TYPE=JPEG:AAA")]),
                &[("card", "item1.PHOTO:BBB\nNOTE:x")],
                &[("card", "PHOTO:CCC")],
                &[("card", "item1.PHOTO:BBB\nNOTE:x")],
                vec![conflict("card", Some("item1.PHOTO:BBB"), Some("PHOTO:CCC"))],
            ),
            (
                "removed here, changed on the phone: the changed row stays",
                Some(&[("card", "ADR:;;Alt 1\nURL:x")]),
                &[("card", "URL:x\nNOTE:n")],
                &[("card", "ADR:;;Neu 2\nURL:x")],
                &[("card", "URL:x\nNOTE:n\nADR:;;Neu 2")],
                vec![],
            ),
            (
                "other apps' lines of a task merge the same way",
                Some(&[("extra", "PRIORITY:1")]),
                &[("extra", "PRIORITY:1\nX-A:1")],
                &[("extra", "PRIORITY:5")],
                &[("extra", "X-A:1\nPRIORITY:5")],
                vec![],
            ),
        ];
        check(cases);
    }

    #[test]
    fn merging_is_stable() {
        // Merging the result again with itself as base changes nothing and finds no conflict.
        let base = fields(&[("a", "1"), ("b", "1")]);
        let merged = merge(
            Some(&base),
            &fields(&[("a", "2")]),
            &fields(&[("a", "1"), ("b", "1"), ("c", "3")]),
        );
        let again = merge(Some(&merged.fields), &merged.fields, &merged.fields);
        assert_eq!(again.fields, merged.fields);
        assert!(again.conflicts.is_empty());
    }
}
