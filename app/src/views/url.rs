//! Building links: one way to percent-encode a path segment or query value (keys and
//! usernames may be Chinese), by the `percent-encoding` crate.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but the unreserved characters of RFC 3986 (`A–Z a–z 0–9 - _ . ~`).
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// Percent-encodes a path segment or query value.
pub fn encode(s: &str) -> String {
    utf8_percent_encode(s, COMPONENT).to_string()
}

#[cfg(test)]
mod tests {
    use super::encode;

    #[test]
    fn a_chinese_key_with_reserved_characters_becomes_one_safe_segment() {
        assert_eq!(encode("张 a&b/c?d=e"), "%E5%BC%A0%20a%26b%2Fc%3Fd%3De");
    }

    #[test]
    fn unreserved_characters_are_left_as_they_are() {
        assert_eq!(encode("Ab-0_9.~"), "Ab-0_9.~");
    }
}
