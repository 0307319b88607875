//! jrnl's `@tags`, read from entries, and the slugs that tie them to contacts.

use std::collections::HashSet;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;

/// Characters a tag may contain after its '@'.
fn is_tag_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.')
}

/// Characters after which an '@' starts a tag (besides whitespace and the start of the text), so that
/// "(@anna)" is a tag and "anna@example.com" is not.
fn opens_tag(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '(' | '[' | '{' | '"' | '\'' | '„' | '“' | '‚' | '‘' | '«' | '/'
        )
}

/// Adds the `@tags` of `text` to `tags` (lower-case, without '@', each once).
fn collect_tags(text: &str, tags: &mut Vec<String>, seen: &mut HashSet<String>) {
    let mut from = 0;
    while let Some(found) = text[from..].find('@') {
        let at = from + found;
        from = at + 1;
        // '@' is ASCII, so `at` and `at + 1` are character boundaries.
        if text[..at]
            .chars()
            .next_back()
            .is_some_and(|p| !opens_tag(p))
        {
            continue;
        }
        let rest = &text[at + 1..];
        let len = rest
            .char_indices()
            .find(|(_, c)| !is_tag_char(*c))
            .map_or(rest.len(), |(i, _)| i);
        from = at + 1 + len;
        let tag = rest[..len].trim_end_matches('.');
        if tag.chars().any(char::is_alphanumeric) {
            let tag = tag.to_lowercase();
            if seen.insert(tag.clone()) {
                tags.push(tag);
            }
        }
    }
}

/// The `@tags` of an entry, title first (see [`collect_tags`]).
pub(super) fn tags_of(title: &str, body: &str) -> Vec<String> {
    let mut tags = Vec::new();
    let mut seen = HashSet::new();
    collect_tags(title, &mut tags, &mut seen);
    collect_tags(body, &mut tags, &mut seen);
    tags
}

/// Letters written as two ASCII letters in names (German convention) or with no decomposition; the
/// same table `gen_dataset.py` uses.
const TRANSLIT: &[(char, &str)] = &[
    ('ä', "ae"),
    ('ö', "oe"),
    ('ü', "ue"),
    ('ß', "ss"),
    ('ı', "i"),
    ('ł', "l"),
    ('ø', "o"),
    ('æ', "ae"),
    ('œ', "oe"),
    ('ð', "d"),
    ('þ', "th"),
    ('đ', "d"),
];

/// Appends `c` to a slug being built: word characters as they are, anything else as one '_' between
/// words.
fn push_slug_char(out: &mut String, gap: &mut bool, c: char) {
    if c.is_alphanumeric() {
        if *gap && !out.is_empty() {
            out.push('_');
        }
        *gap = false;
        out.push(c);
    } else if c != '\'' {
        *gap = true;
    }
}

/// A contact's jrnl tag as `gen_dataset.py` writes it: lower case, German umlauts as "ae", "oe", "ue",
/// "ß" as "ss", other accents dropped, apostrophes removed, words joined by '_'
/// ("Jürgen Müller" → `juergen_mueller`, "Ciarán O'Brien" → `ciaran_obrien`). Letters without an ASCII
/// form (Chinese, Japanese, Korean) are kept, so "陈静" → `陈静`. See [`tag_matches`] for the lookup,
/// which also accepts the plain folded form (`jurgen_muller`).
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut gap = false;
    for c in name.nfc().flat_map(char::to_lowercase) {
        if let Some((_, ascii)) = TRANSLIT.iter().find(|(k, _)| *k == c) {
            for a in ascii.chars() {
                push_slug_char(&mut out, &mut gap, a);
            }
            continue;
        }
        for d in std::iter::once(c).nfkd() {
            if canonical_combining_class(d) == 0 {
                push_slug_char(&mut out, &mut gap, d.to_ascii_lowercase());
            }
        }
    }
    out.nfc().collect()
}

/// The folded name ([`crate::text::fold`]: no case, no accents, "ü" → "u") with '_' between words:
/// "Jürgen Müller" → `jurgen_muller`, "佐藤 健" → `佐藤_健`. Also normalises a tag for comparison, so
/// "@Jürgen-Müller" and "@jurgen.muller" give the same key.
pub fn folded_slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut gap = false;
    for c in crate::text::fold(name).chars() {
        push_slug_char(&mut out, &mut gap, c);
    }
    out.nfc().collect()
}

/// The keys under which a contact is found from a tag: [`slug`] and [`folded_slug`] (one entry when
/// they are the same). Build a map from these to contacts, look tags up with [`folded_slug`].
pub fn slug_keys(name: &str) -> Vec<String> {
    let mut keys = vec![slug(name)];
    let folded = folded_slug(name);
    if folded != keys[0] {
        keys.push(folded);
    }
    keys.retain(|k| !k.is_empty());
    keys
}

/// True when a jrnl tag (with or without '@') names the contact called `name`: the tag, folded and
/// with '_' between words, equals the name's [`slug`] or its [`folded_slug`].
pub fn tag_matches(tag: &str, name: &str) -> bool {
    let key = folded_slug(tag.trim_start_matches('@'));
    !key.is_empty() && slug_keys(name).contains(&key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn tags_follow_the_rules() {
        let tags = |text: &str| tags_of(text, "");
        assert_eq!(tags("mit @Anna, @ben. und @carl"), ["anna", "ben", "carl"]);
        assert_eq!(
            tags("@dr.weber... @anna-lena_schmidt!"),
            ["dr.weber", "anna-lena_schmidt"]
        );
        assert_eq!(tags("mail anna@example.com or x@y"), Vec::<String>::new());
        assert_eq!(
            tags("(@anna) „@Jürgen“ @ÖZTÜRK"),
            ["anna", "jürgen", "öztürk"]
        );
        assert_eq!(tags("@ @. @- @_ @@anna"), Vec::<String>::new());
        assert_eq!(tags("@anna @ANNA @Anna"), ["anna"]);
        assert_eq!(tags_of("@b in title", "@a and @b in body"), ["b", "a"]);
    }

    #[test]
    fn slugs_agree_with_the_data_generator() {
        assert_eq!(slug("Jürgen Müller"), "juergen_mueller");
        assert_eq!(folded_slug("Jürgen Müller"), "jurgen_muller");
        assert!(tag_matches("jurgen_muller", "Jürgen Müller"));
        assert!(tag_matches("@juergen_mueller", "Jürgen Müller"));
        assert!(tag_matches("jürgen-müller", "Jürgen Müller"));
        assert!(!tag_matches("jurgen", "Jürgen Müller"));
        // (name, slug) pairs from gen_dataset.py's contacts.jsonl (20 contacts, seed 42), plus names
        // from its lists that exercise the other rules.
        for (name, expected) in [
            ("Sören Voigt", "soeren_voigt"),
            ("Dörte Engel", "doerte_engel"),
            ("Clara Schäfer", "clara_schaefer"),
            ("Gösta Winkler", "goesta_winkler"),
            ("Małgorzata Kowalski", "malgorzata_kowalski"),
            ("Sigríður Johansson", "sigridur_johansson"),
            ("Wolfgang Kühn", "wolfgang_kuehn"),
            ("Nuno Martínez", "nuno_martinez"),
            ("Lukas Zimmermann", "lukas_zimmermann"),
            ("Arjun Patel", "arjun_patel"),
            ("Paul Schubert", "paul_schubert"),
            ("Siobhán O'Brien", "siobhan_obrien"),
            ("Ayşe Yılmaz", "ayse_yilmaz"),
            ("Søren Ødegaard", "soren_odegaard"),
            (
                "Jörgen Müller-Lüdenscheidt",
                "joergen_mueller_luedenscheidt",
            ),
            ("Zoë von Bülow", "zoe_von_buelow"),
            ("Rüdiger Weiß", "ruediger_weiss"),
            ("Thảo Nguyễn", "thao_nguyen"),
            ("Kateřina Dvořák", "katerina_dvorak"),
            ("Anna 🌻 Großkopf", "anna_grosskopf"),
            ("Íñigo Conceição", "inigo_conceicao"),
        ] {
            assert_eq!(slug(name), expected, "{name}");
            assert!(tag_matches(expected, name), "{name}");
        }
        // CJK names have no rule: the tag must be the folded name.
        assert_eq!(slug("陈静"), "陈静");
        assert_eq!(slug("佐藤 健"), "佐藤_健");
        assert!(tag_matches("@陈静", "陈静"));
        assert!(tag_matches("김민준", "김민준"));
        assert!(!tag_matches("chen_jing", "陈静"));
        assert_eq!(slug_keys("Anna Weber"), ["anna_weber"]);
        assert_eq!(slug_keys("Groß"), ["gross", "groß"]);
        assert_eq!(slug_keys("🌻"), Vec::<String>::new());
        assert!(!tag_matches("", "🌻"));
        // Decomposed input (as macOS may write it) gives the same slug.
        assert_eq!(slug("Mu\u{308}ller"), "mueller");
    }

    proptest! {
        #[test]
        fn slugs_never_panic(name in "\\PC*") {
            let s = slug(&name);
            prop_assert!(!s.starts_with('_') && !s.ends_with('_') && !s.contains("__"));
            let _ = tag_matches(&name, &name);
        }
    }
}
