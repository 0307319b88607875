//! Reading the values and parameters of kept card rows: URI schemes, lists, addresses, dates, and
//! the `TYPE` words of a row's parameters.

use crate::transfer::vcard::unescape_split;

/// Types that say nothing a reader needs (every phone is for voice, every email on the internet).
const QUIET_TYPES: &[&str] = &[
    "pref",
    "voice",
    "internet",
    "x400",
    "dom",
    "intl",
    "postal",
    "parcel",
    "uri",
    "text/plain",
];

/// The value without its URI scheme (`mailto:`, `tel:`), any case.
pub(super) fn without_scheme(value: &str, scheme: &str) -> String {
    let value = value.trim();
    match value.get(..scheme.len()) {
        Some(head) if head.eq_ignore_ascii_case(scheme) => value[scheme.len()..].to_string(),
        _ => value.to_string(),
    }
}

/// `xmpp:anna@example.org` → ("xmpp", "anna@example.org"); a handle without a scheme stays whole.
pub(super) fn impp(value: &str) -> (Option<String>, String) {
    match value.split_once(':') {
        Some((scheme, handle))
            if !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            let handle = handle.trim_start_matches("//").to_string();
            (Some(scheme.to_lowercase()), handle)
        }
        _ => (None, value.to_string()),
    }
}

/// A comma-separated list (NICKNAME) as one line.
pub(super) fn list(value: &str) -> String {
    unescape_split(value, Some(','))
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// ADR's seven parts unescaped: post box, extended, street, locality, region, code, country.
pub(super) fn address_parts(value: &str) -> Vec<String> {
    let mut parts = unescape_split(value, Some(';'));
    parts.resize(7, String::new());
    parts.iter().map(|p| p.trim().to_string()).collect()
}

/// ADR's seven parts (post box, extended, street, locality, region, code, country) as the lines of
/// an address: the street part's own line breaks kept, then "code locality, region", then country.
pub(super) fn address_lines(value: &str) -> Vec<String> {
    let parts = address_parts(value);
    let mut lines: Vec<String> = parts[..3]
        .iter()
        .flat_map(|p| p.lines().map(str::to_string).collect::<Vec<_>>())
        .collect();
    let place = [parts[5].trim(), parts[3].trim()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let place = match (place.is_empty(), parts[4].trim()) {
        (_, "") => place,
        (true, region) => region.to_string(),
        (false, region) => format!("{place}, {region}"),
    };
    lines.push(place);
    lines.push(parts[6].clone());
    lines
}

/// A date the local way when it is one (`2001-05-06`, `20010506`, `--0506`); other text as written.
pub(super) fn date_text(value: &str) -> String {
    let value = value.trim();
    let digits: String = value.chars().filter(char::is_ascii_digit).collect();
    if let Some(md) = value.strip_prefix("--") {
        let md: String = md.chars().filter(char::is_ascii_digit).collect();
        let day = chrono::NaiveDate::parse_from_str(&format!("2000{md}"), "%Y%m%d");
        return day.map_or_else(|_| value.to_string(), crate::display::day_month);
    }
    let day_part = value.split('T').next().unwrap_or(value);
    match chrono::NaiveDate::parse_from_str(&digits, "%Y%m%d") {
        Ok(day) if day_part.chars().filter(char::is_ascii_digit).count() == 8 => {
            crate::display::date(day)
        }
        _ => value.to_string(),
    }
}

/// The parameters of a row: `TYPE=home,fax;PREF=1`, `type=WORK;type=pref`, or vCard 2.1's bare
/// `HOME;VOICE` (each a type).
pub(super) struct Params(Vec<(String, String)>);

impl Params {
    pub(super) fn parse(params: &str) -> Params {
        Params(crate::transfer::vcard::parameters(params))
    }

    pub(super) fn get(&self, key: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }

    /// The types that say something, lower-case, each once: `["home", "fax"]`.
    pub(super) fn types(&self) -> Vec<String> {
        let mut words: Vec<String> = Vec::new();
        for (key, value) in &self.0 {
            let word = value.to_lowercase();
            if key == "TYPE" && !QUIET_TYPES.contains(&word.as_str()) && !words.contains(&word) {
                words.push(word);
            }
        }
        words
    }
}
