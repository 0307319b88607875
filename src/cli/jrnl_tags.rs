//! Which contact a jrnl `@tag` names: a known contact whose name slugs to it, a contact the import
//! creates (`--create-contacts`), or nobody. Tags that slug to one person name one contact
//! (`@jürgen_müller`, `@jurgen_muller`, `@juergen_mueller`), and each tag is resolved once.

use crate::domain::model::{Id, name_problem};
use crate::transfer::jrnl;
use std::collections::HashMap;

/// What a tag names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Named {
    /// A contact in the journal.
    Contact(Id),
    /// Several contacts in the journal: nobody for sure.
    Several,
    /// The contact the import creates under this name.
    New(String),
    /// Nobody (without `--create-contacts`, or a tag that cannot name a contact: `@1`).
    Nobody,
}

/// Resolves tags for one import.
pub struct TagResolver {
    /// Contacts by every key their name is found under; `None` when two contacts share the key.
    by_key: HashMap<String, Option<Id>>,
    /// Names of the contacts the import creates, by every key their tags and names are found under.
    created: HashMap<String, String>,
    /// Tags resolved so far (not those naming nobody, so that a file full of different unknown tags
    /// takes no more memory).
    seen: HashMap<String, Named>,
    create: bool,
}

impl TagResolver {
    /// A resolver for the journal's contacts; `create` makes unknown tags new contacts.
    pub fn new(store: &crate::store::Store, create: bool) -> anyhow::Result<TagResolver> {
        let mut by_key: HashMap<String, Option<Id>> = HashMap::new();
        for (contact, _) in store.contacts(true, false)? {
            for key in jrnl::slug_keys(&contact.name) {
                by_key
                    .entry(key)
                    .and_modify(|v| *v = None)
                    .or_insert(Some(contact.id));
            }
        }
        Ok(TagResolver {
            by_key,
            created: HashMap::new(),
            seen: HashMap::new(),
            create,
        })
    }

    /// What `tag` (lower case, without '@') names.
    pub fn named(&mut self, tag: &str) -> Named {
        if let Some(named) = self.seen.get(tag) {
            return named.clone();
        }
        let keys = lookup_keys(tag);
        let named = match keys.iter().find_map(|k| self.by_key.get(k).copied()) {
            Some(Some(id)) => {
                // The tag's other spellings name the same person from now on.
                for key in keys {
                    self.by_key.entry(key).or_insert(Some(id));
                }
                Named::Contact(id)
            }
            Some(None) => Named::Several,
            // A tag whose name would read as a contact id (`@1`, `@#2`) names nobody: no contact
            // can bear that name.
            None if self.create && name_problem(&name_from_tag(tag)).is_none() => {
                Named::New(self.new_name(tag, keys))
            }
            None => return Named::Nobody,
        };
        self.seen.insert(tag.to_string(), named.clone());
        named
    }

    /// The name of the contact created for `tag`: the one an earlier tag for the same person made,
    /// else a new name from the tag.
    fn new_name(&mut self, tag: &str, keys: [String; 3]) -> String {
        if let Some(name) = keys.iter().find_map(|k| self.created.get(k)) {
            return name.clone();
        }
        let name = name_from_tag(tag);
        for key in jrnl::slug_keys(&name).into_iter().chain(keys) {
            self.created.entry(key).or_insert_with(|| name.clone());
        }
        name
    }
}

/// The keys a tag is looked up under: folded (`@Jürgen_Müller` → `jurgen_muller`), slugged as rapport
/// slugs names (`juergen_mueller`), and as written (for letters neither rule changes).
fn lookup_keys(tag: &str) -> [String; 3] {
    [jrnl::folded_slug(tag), jrnl::slug(tag), tag.to_string()]
}

/// A contact's name from a jrnl tag: `anna_schmidt` → "Anna Schmidt".
fn name_from_tag(tag: &str) -> String {
    tag.split(['_', '-', '.'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}
