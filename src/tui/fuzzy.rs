//! Fuzzy, diacritics-insensitive matching for the contact list filter and the contact picker.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

/// Indices of `haystacks` that match `query`, best first (ties keep their order). An empty query keeps all.
pub fn rank<'a>(query: &str, haystacks: impl IntoIterator<Item = &'a str>) -> Vec<usize> {
    let pattern = Pattern::parse(query.trim(), CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let mut scored: Vec<(usize, u32)> = haystacks
        .into_iter()
        .enumerate()
        .filter_map(|(i, text)| {
            pattern
                .score(Utf32Str::new(text, &mut buf), &mut matcher)
                .map(|s| (i, s))
        })
        .collect();
    if !query.trim().is_empty() {
        scored.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    }
    scored.into_iter().map(|(i, _)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::rank;

    #[test]
    fn folds_diacritics_and_ranks_best_first() {
        let names = ["Anna Schmidt", "Jürgen Müller", "Mia Müll", "Søren Weiß"];
        assert_eq!(rank("muller", names), vec![1]);
        let mut both = rank("mull", names);
        both.sort_unstable();
        assert_eq!(both, vec![1, 2]);
        assert_eq!(rank("soren", names), vec![3]);
        assert_eq!(rank("", names), vec![0, 1, 2, 3]);
        assert!(rank("zzz", names).is_empty());
    }
}
