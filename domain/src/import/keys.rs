//! Keys of imported targets that came without a 编码 (RULES.md R5): derived from the name
//! and the body's key, so that the same list in another order, next year, gives the same
//! keys — never from the row number.

use crate::round::MAX_KEY;

/// The characters a key may hold (RULES.md R2): letters (Chinese included), digits, `_`, `-`.
pub fn is_key_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

/// Whether `raw` is a usable key.
pub fn is_key(raw: &str) -> bool {
    !raw.is_empty() && raw.chars().count() <= MAX_KEY && raw.chars().all(is_key_char)
}

/// 64-bit FNV-1a: a fixed, documented hash so that a shortened key is the same on every
/// machine and in every release.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// The key of a target named `name`, in the unit `body` for a cadre: the name's letters
/// and digits (other characters become `-`), after the body's key for a cadre; shortened
/// with a hash of the whole when longer than a key may be.
pub fn derived(name: &str, body: Option<&str>) -> String {
    let clean: String = name.trim().chars().map(|c| if is_key_char(c) { c } else { '-' }).collect();
    let clean = clean.trim_matches('-');
    let whole = match body {
        Some(b) => format!("{b}-{clean}"),
        None => clean.to_owned(),
    };
    if whole.chars().count() <= MAX_KEY && !clean.is_empty() {
        return whole;
    }
    let head: String = whole.chars().take(MAX_KEY - 9).collect();
    format!("{head}-{:08x}", fnv1a(&whole) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_derived_key_is_the_name_and_for_a_cadre_the_body_key_before_it() {
        assert_eq!(derived("区教育局领导班子", None), "区教育局领导班子");
        assert_eq!(derived("王伟", Some("jyj")), "jyj-王伟");
        assert_eq!(derived("区卫健委（疾控）领导班子", None), "区卫健委-疾控-领导班子");
    }

    #[test]
    fn a_long_or_symbol_only_name_gets_a_short_stable_key() {
        let long = "很".repeat(80);
        let k = derived(&long, Some("jyj"));
        assert!(is_key(&k), "{k}");
        assert_eq!(k, derived(&long, Some("jyj")));
        assert_ne!(k, derived(&"很".repeat(81), Some("jyj")));
        assert!(is_key(&derived("（）", None)));
    }
}
