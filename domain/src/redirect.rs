//! Return addresses taken from a URL (`/lang/zh?next=…`, `/text/large?next=…`): a path of
//! this site or nothing (DOMAIN.md "Hostile input"). Pure, so that the fuzz stage runs it.

/// `raw` (as decoded from a query) if it is a path of this site, parsed and normalised;
/// else `None`. Browsers drop tabs and line breaks from an address, so `/\t/evil.example`
/// would go to another host: any control character or white space is refused, as are a
/// second leading slash and backslashes, and what is left must parse as a path and query
/// (so that no header built from it can fail).
pub fn local_path(raw: &str) -> Option<String> {
    if !raw.starts_with('/') || raw.starts_with("//") || raw.contains('\\') || raw.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return None;
    }
    // Names in paths may be Chinese (a target's key): their UTF-8 bytes are percent-encoded.
    let mut ascii = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii() {
            ascii.push(c);
        } else {
            let mut buf = [0u8; 4];
            c.encode_utf8(&mut buf).bytes().for_each(|b| ascii.push_str(&format!("%{b:02X}")));
        }
    }
    let parsed: http::uri::PathAndQuery = ascii.parse().ok()?;
    (parsed.path().starts_with('/') && !parsed.path().starts_with("//")).then(|| parsed.as_str().to_owned())
}

#[cfg(test)]
mod tests {
    use super::local_path;
    use proptest::prelude::*;

    #[test]
    fn a_return_path_is_a_path_of_this_site_or_nothing() {
        assert_eq!(local_path("/rounds/3/results?unit=jia").as_deref(), Some("/rounds/3/results?unit=jia"));
        assert_eq!(local_path("/targets/甲局").as_deref(), Some("/targets/%E7%94%B2%E5%B1%80"));
        for hostile in [
            "/\t/evil.example",
            "/\n",
            "/\r\n/x",
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "",
            "/ /x",
            "/\u{3000}/x",
            "rounds",
        ] {
            assert_eq!(local_path(hostile), None, "{hostile:?}");
        }
    }

    proptest! {
        #[test]
        fn no_return_path_leaves_the_site_or_fails_to_become_a_header(
            raw in prop_oneof![
                any::<String>(),
                prop::collection::vec(prop::sample::select(vec!['/', '\\', '\t', '\n', '\r', 'a', '%', ':', '?', '#', ' ', '.', '@', '\u{3000}']), 0..12)
                    .prop_map(|c| c.into_iter().collect::<String>()),
            ]
        ) {
            if let Some(p) = local_path(&raw) {
                prop_assert!(p.starts_with('/') && !p.starts_with("//"));
                prop_assert!(http::HeaderValue::from_str(&p).is_ok());
            }
        }
    }
}
