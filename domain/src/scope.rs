//! A code's scope in its one stored form (DOMAIN.md, Anonymity rule 9).
//!
//! A code's scope is copied onto every ballot cast with it, so how a scope was typed must
//! leave no trace on the ballot: `["a","b"]`, `["b","a"]` and `["a","b","a"]` are one
//! scope and are stored alike. The canonical form is:
//! - `None` (SQL `NULL`, the whole round) when the keys name every target of the round —
//!   typed as a list or not. In a draft round a later target is then covered too, as by
//!   any whole-round code;
//! - otherwise the sorted (by code point), distinct keys as a compact JSON array of
//!   strings: `["a","b"]`.
//!
//! A unit's scope (`unit: KEY` without targets) is the keys of that unit's body and
//! cadres, so it is stored exactly like the same set typed as targets (and as `None` when
//! the unit is the whole round); the unit itself is kept apart, on the code's `unit`.
//!
//! The canonical form is made once, when codes are issued; a ballot copies its code's
//! stored string as it is. Migration 000013 rewrote the scopes stored before by the same
//! rule.

use std::collections::BTreeSet;

/// The stored form of a scope naming `keys` in a round whose target keys are `round`:
/// `None` (the whole round) when `keys` name every target of the round, else the sorted,
/// distinct keys as a JSON array (`["a","b"]`).
pub fn canonical<'a>(round: impl IntoIterator<Item = &'a str>, keys: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let keys: BTreeSet<&str> = keys.into_iter().collect();
    if round.into_iter().all(|k| keys.contains(k)) {
        return None;
    }
    Some(json_array(keys))
}

/// A compact JSON array of strings, escaped as `serde_json` does (so that the readers'
/// `serde_json` reads it back, and it equals what `serde_json::to_string` would write).
fn json_array<'a>(keys: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::from("[");
    for (i, key) in keys.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('"');
        for c in key.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\u{8}' => out.push_str("\\b"),
                '\u{c}' => out.push_str("\\f"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
                c => out.push(c),
            }
        }
        out.push('"');
    }
    out.push(']');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ROUND: [&str; 4] = ["jyj", "jyj-zhang", "wjw", "甲局"];

    fn of(keys: &[&str]) -> Option<String> {
        canonical(ROUND, keys.iter().copied())
    }

    #[test]
    fn the_order_and_repetition_of_keys_do_not_change_the_stored_scope() {
        assert_eq!(of(&["jyj", "wjw"]), Some(r#"["jyj","wjw"]"#.to_owned()));
        assert_eq!(of(&["wjw", "jyj"]), of(&["jyj", "wjw"]));
        assert_eq!(of(&["jyj", "wjw", "jyj"]), of(&["jyj", "wjw"]));
    }

    #[test]
    fn a_scope_naming_every_target_of_the_round_is_the_whole_round() {
        assert_eq!(of(&["甲局", "wjw", "jyj-zhang", "jyj"]), None);
        assert_eq!(of(&["wjw", "jyj", "甲局", "jyj-zhang", "wjw"]), None);
        assert_eq!(canonical(["a"], ["a", "a"]), None);
    }

    #[test]
    fn keys_are_sorted_by_code_point_and_written_unescaped_outside_control_characters() {
        assert_eq!(of(&["甲局", "jyj-zhang"]), Some(r#"["jyj-zhang","甲局"]"#.to_owned()));
        assert_eq!(canonical(ROUND, ["a\"b\\c\n\u{1}"]), Some(r#"["a\"b\\c\n\u0001"]"#.to_owned()));
    }

    #[test]
    fn an_empty_scope_stays_empty_unless_the_round_has_no_target() {
        assert_eq!(of(&[]), Some("[]".to_owned()));
        assert_eq!(canonical([], []), None);
    }

    fn key() -> impl Strategy<Value = String> {
        prop_oneof![4 => "[a-z0-9_-]{1,8}", 1 => "[甲乙丙丁局]{1,3}", 1 => any::<String>()]
    }

    proptest! {
        #[test]
        fn any_permutation_or_duplication_of_a_key_list_gives_the_same_string(
            (keys, shuffled) in prop::collection::vec(key(), 0..8)
                .prop_flat_map(|k| {
                    let doubled: Vec<String> = k.iter().chain(k.iter().step_by(2)).cloned().collect();
                    (Just(k), Just(doubled).prop_shuffle())
                }),
            round in prop::collection::vec(key(), 1..6),
        ) {
            let round: Vec<&str> = round.iter().map(String::as_str).collect();
            let a = canonical(round.iter().copied(), keys.iter().map(String::as_str));
            let b = canonical(round.iter().copied(), shuffled.iter().map(String::as_str));
            prop_assert_eq!(a, b);
        }

        #[test]
        fn the_stored_string_is_what_serde_json_writes_for_the_sorted_distinct_keys(keys in prop::collection::vec(key(), 0..8)) {
            let mut sorted = keys.clone();
            sorted.sort();
            sorted.dedup();
            let round = ["a key no list holds \u{0}"];
            let stored = canonical(round, keys.iter().map(String::as_str)).expect("a partial scope");
            prop_assert_eq!(&stored, &serde_json::to_string(&sorted).expect("json"));
            prop_assert_eq!(serde_json::from_str::<Vec<String>>(&stored).expect("reads back"), sorted);
        }
    }
}
