//! A return address as a URL carries it (`/lang/zh?next=…`): whatever the bytes, no panic,
//! and an accepted one is a path of this site that becomes a `Location` header as is.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let raw = String::from_utf8_lossy(data);
    if let Some(p) = domain::redirect::local_path(&raw) {
        assert!(p.starts_with('/') && !p.starts_with("//") && !p.contains('\\'), "{p:?} leaves the site");
        assert!(p.bytes().all(|b| b.is_ascii_graphic()), "{p:?} holds a byte a browser may drop");
        assert!(http::HeaderValue::from_str(&p).is_ok(), "{p:?} cannot be a header");
        assert!(p.parse::<http::Uri>().is_ok_and(|u| u.host().is_none()), "{p:?} names a host");
    }
});
