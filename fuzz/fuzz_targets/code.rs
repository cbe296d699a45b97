//! Typed or scanned codes and receipts: reading never panics, and whatever is read back
//! prints in the canonical form and reads back to itself.
#![no_main]

use domain::ballot::Receipt;
use domain::code::{Code, ALPHABET, LEN};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() >= 8 {
        let bits = u64::from_le_bytes(data[..8].try_into().expect("8 bytes"));
        let code = Code::from_bits(bits);
        assert_eq!(Code::parse(&code.to_string()).as_ref(), Ok(&code));
        let r = Receipt::from_bits(bits);
        assert_eq!(Receipt::parse(&r.to_string()), Some(r));
    }
    let raw = String::from_utf8_lossy(data);
    match Code::parse(&raw) {
        Ok(code) => {
            let canonical = code.canonical();
            assert_eq!(canonical.len(), LEN);
            assert!(canonical.bytes().all(|b| ALPHABET.contains(&b)));
            let printed = code.to_string();
            assert_eq!(Code::parse(&printed).as_ref(), Ok(&code));
            assert_eq!(Code::parse(&printed.to_lowercase()).as_ref(), Ok(&code));
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
    if let Some(r) = Receipt::parse(&raw) {
        assert_eq!(Receipt::parse(&r.to_string()), Some(r));
    }
});
