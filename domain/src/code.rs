//! Invitation codes (测评码): 60 random bits written as 12 Crockford base-32 characters in
//! groups, `XXXX-XXXX-XXXX`. The alphabet has no I, L, O or U, and reading is forgiving:
//! any case, dashes and spaces optional, `O` read as `0`, `I`/`L` read as `1`.

use std::fmt;

/// The 32 symbols, in value order.
pub const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Symbols in a code.
pub const LEN: usize = 12;
/// Random bits in a code.
pub const BITS: u32 = 60;

/// A well-formed code, held in its canonical form (12 upper-case symbols, no dashes).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Code(String);

/// Why a typed code could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// Not 12 symbols once dashes and spaces are removed.
    #[error("a code has 12 letters and digits")]
    WrongLength,
    /// A character outside the alphabet.
    #[error("'{0}' cannot appear in a code")]
    BadCharacter(char),
}

fn value_of(c: char) -> Option<u8> {
    let c = match c.to_ascii_uppercase() {
        'O' => '0',
        'I' | 'L' => '1',
        other => other,
    };
    ALPHABET.iter().position(|&a| a as char == c).map(|p| p as u8)
}

impl Code {
    /// The code of the low 60 bits of `bits` (the caller supplies the randomness).
    pub fn from_bits(bits: u64) -> Self {
        let s = (0..LEN).rev().map(|i| ALPHABET[((bits >> (5 * i)) & 31) as usize] as char).collect();
        Code(s)
    }

    /// Reads a typed or scanned code forgivingly.
    pub fn parse(raw: &str) -> Result<Self, CodeError> {
        let mut out = String::with_capacity(LEN);
        for c in raw.chars().filter(|c| !matches!(c, '-' | ' ' | '\u{2010}'..='\u{2015}' | '\t')) {
            let v = value_of(c).ok_or(CodeError::BadCharacter(c))?;
            if out.len() == LEN {
                return Err(CodeError::WrongLength);
            }
            out.push(ALPHABET[v as usize] as char);
        }
        if out.len() != LEN {
            return Err(CodeError::WrongLength);
        }
        Ok(Code(out))
    }

    /// The canonical form that is hashed: 12 symbols, no dashes.
    pub fn canonical(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Code {
    /// The printed form, `XXXX-XXXX-XXXX`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}-{}", &self.0[0..4], &self.0[4..8], &self.0[8..12])
    }
}

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Codes are credentials: never in debug output or logs.
        f.write_str("Code(***)")
    }
}

/// Where a code stands: it records that it was used, never when (RULES.md A2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeState {
    /// Issued, not used yet.
    Unused,
    /// A ballot was cast with it.
    Used,
    /// Withdrawn before it was used.
    Revoked,
}

impl CodeState {
    /// The stable key stored.
    pub fn as_str(self) -> &'static str {
        match self {
            CodeState::Unused => "unused",
            CodeState::Used => "used",
            CodeState::Revoked => "revoked",
        }
    }

    /// Reads a stored key.
    pub fn parse(raw: &str) -> Option<Self> {
        [CodeState::Unused, CodeState::Used, CodeState::Revoked].into_iter().find(|s| s.as_str() == raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_carries_sixty_bits_in_three_groups_of_four() {
        assert!(BITS >= 60 && 5 * LEN as u32 == BITS);
        let code = Code::from_bits(u64::MAX);
        assert_eq!(code.to_string(), "ZZZZ-ZZZZ-ZZZZ");
        assert_eq!(Code::from_bits(0).to_string(), "0000-0000-0000");
        assert_eq!(Code::from_bits(1 << 59).canonical(), "G00000000000");
    }

    #[test]
    fn the_alphabet_has_no_look_alike_letters() {
        for c in ['I', 'L', 'O', 'U'] {
            assert!(!ALPHABET.contains(&(c as u8)));
        }
        let mut sorted = ALPHABET.to_vec();
        sorted.dedup();
        assert_eq!(sorted.len(), 32);
    }

    #[test]
    fn codes_are_read_forgivingly() {
        let code = Code::from_bits(0x0ABC_DEF0_1234_5678);
        let printed = code.to_string();
        assert_eq!(Code::parse(&printed), Ok(code.clone()));
        assert_eq!(Code::parse(&printed.to_lowercase()), Ok(code.clone()));
        assert_eq!(Code::parse(&printed.replace('-', "")), Ok(code.clone()));
        assert_eq!(Code::parse(&printed.replace('-', " ")), Ok(code.clone()));
        assert_eq!(Code::parse(" ab1o-IL00-0000 ").map(|c| c.to_string()), Ok("AB10-1100-0000".into()));
    }

    #[test]
    fn malformed_codes_are_refused() {
        assert_eq!(Code::parse("ABCD-EFGH"), Err(CodeError::WrongLength));
        assert_eq!(Code::parse("ABCD-EFGH-JKMN-P"), Err(CodeError::WrongLength));
        assert_eq!(Code::parse("ABCD-EFGH-JKM!"), Err(CodeError::BadCharacter('!')));
        assert_eq!(Code::parse("ABCD-EFGH-JKMU"), Err(CodeError::BadCharacter('U')));
        assert_eq!(format!("{:?}", Code::from_bits(5)), "Code(***)");
    }

    #[test]
    fn every_value_round_trips() {
        for bits in [0u64, 1, 31, 32, 12345, (1 << 60) - 1] {
            let c = Code::from_bits(bits);
            assert_eq!(Code::parse(&c.to_string()), Ok(c));
        }
    }
}
