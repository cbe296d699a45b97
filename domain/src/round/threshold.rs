//! Exact thresholds (RULES.md T3): a fraction `num/den` taken from a decimal (`0.5`,
//! `0.333333`) or a fraction (`"1/3"`), and compared on integers — a rate of 1 in 3 is not
//! strictly greater than a threshold of `1/3`, whatever a float would say.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A threshold strictly between 0 and 1 (checked by the round's rules), held exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Threshold {
    num: u64,
    den: u64,
}

/// Why a threshold could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a threshold is a decimal such as 0.5 or a fraction such as 1/3")]
pub struct BadThreshold;

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

impl Threshold {
    /// `num/den`, reduced; `None` when `den` is 0.
    pub fn fraction(num: u64, den: u64) -> Option<Self> {
        (den > 0).then(|| {
            let g = gcd(num, den);
            Threshold { num: num / g, den: den / g }
        })
    }

    /// One half, the default ("most people are dissatisfied").
    pub const HALF: Threshold = Threshold { num: 1, den: 2 };

    /// Reads `0.5`, `.5`, `1/3` or ` 2 / 3 ` (a decimal with at most 12 places, or a
    /// fraction of whole numbers).
    pub fn parse(raw: &str) -> Result<Self, BadThreshold> {
        let s = raw.trim();
        let whole = |t: &str| -> Result<u64, BadThreshold> {
            let t = t.trim();
            if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
                return Err(BadThreshold);
            }
            t.parse().map_err(|_| BadThreshold)
        };
        if let Some((n, d)) = s.split_once('/') {
            return Threshold::fraction(whole(n)?, whole(d)?).ok_or(BadThreshold);
        }
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        if frac.len() > 12 || (int.is_empty() && frac.is_empty()) {
            return Err(BadThreshold);
        }
        let int = if int.is_empty() { 0 } else { whole(int)? };
        let frac_v = if frac.is_empty() { 0 } else { whole(frac)? };
        let den = 10u64.pow(frac.len() as u32);
        let num = int.checked_mul(den).and_then(|v| v.checked_add(frac_v)).ok_or(BadThreshold)?;
        Threshold::fraction(num, den).ok_or(BadThreshold)
    }

    /// Reads a JSON-style number (its shortest decimal form).
    pub fn from_f64(x: f64) -> Result<Self, BadThreshold> {
        if !x.is_finite() || x < 0.0 {
            return Err(BadThreshold);
        }
        Threshold::parse(&format!("{x}"))
    }

    /// Numerator and denominator, reduced.
    pub fn parts(self) -> (u64, u64) {
        (self.num, self.den)
    }

    /// Strictly between 0 and 1.
    pub fn is_proper(self) -> bool {
        self.num > 0 && self.num < self.den
    }

    /// The value as a float, for display and for weighted rates (which are floats anyway).
    pub fn as_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }

    /// Whether `part / whole` is strictly greater than the threshold: `part·den > num·whole`.
    pub fn exceeded_by(self, part: u64, whole: u64) -> bool {
        u128::from(part) * u128::from(self.den) > u128::from(self.num) * u128::from(whole)
    }

    /// Whether `part / whole` is strictly below the threshold.
    pub fn above(self, part: u64, whole: u64) -> bool {
        u128::from(part) * u128::from(self.den) < u128::from(self.num) * u128::from(whole)
    }

    /// Whether the value has a finite decimal form (its denominator is 2^a·5^b).
    fn is_decimal(self) -> bool {
        let mut d = self.den;
        for p in [2, 5] {
            while d.is_multiple_of(p) {
                d /= p;
            }
        }
        d == 1
    }
}

impl std::str::FromStr for Threshold {
    type Err = BadThreshold;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Threshold::parse(s)
    }
}

impl fmt::Display for Threshold {
    /// A decimal when it has one (`0.5`), else the fraction (`1/3`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_decimal() {
            write!(f, "{}", self.as_f64())
        } else {
            write!(f, "{}/{}", self.num, self.den)
        }
    }
}

impl Serialize for Threshold {
    /// A JSON number when the value is a decimal, else the fraction as a string ("1/3").
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.is_decimal() {
            s.serialize_f64(self.as_f64())
        } else {
            s.serialize_str(&format!("{}/{}", self.num, self.den))
        }
    }
}

impl<'de> Deserialize<'de> for Threshold {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Number(f64),
            Text(String),
        }
        match Raw::deserialize(d)? {
            Raw::Number(x) => Threshold::from_f64(x),
            Raw::Text(t) => Threshold::parse(&t),
        }
        .map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Threshold {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Type};
        OneOfBuilder::new()
            .item(ObjectBuilder::new().schema_type(Type::Number).description(Some("a decimal, e.g. 0.5")))
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .pattern(Some(r"^\s*\d+\s*/\s*\d+\s*$|^\s*\d*\.?\d+\s*$"))
                    .description(Some("a fraction, e.g. \"1/3\"")),
            )
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Threshold {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_and_fractions_read_exactly() {
        assert_eq!(Threshold::parse("0.5"), Ok(Threshold::HALF));
        assert_eq!(Threshold::parse("1/2"), Ok(Threshold::HALF));
        assert_eq!(Threshold::parse(" 2 / 6 ").map(Threshold::parts), Ok((1, 3)));
        assert_eq!(Threshold::parse(".25").map(Threshold::parts), Ok((1, 4)));
        assert_eq!(Threshold::parse("0.333333").map(Threshold::parts), Ok((333_333, 1_000_000)));
        for bad in ["", "a", "1/0", "-0.5", "0.5.1", "1/3/4", "0x1"] {
            assert_eq!(Threshold::parse(bad), Err(BadThreshold), "{bad}");
        }
    }

    #[test]
    fn one_of_three_is_not_strictly_more_than_a_third_but_two_of_five_is() {
        let third = Threshold::parse("1/3").expect("1/3");
        assert!(!third.exceeded_by(1, 3));
        assert!(!third.exceeded_by(2, 6));
        assert!(third.exceeded_by(2, 5));
        // A threshold held in millionths gets this wrong: 1 of 3 exceeds 0.333333.
        assert!(Threshold::parse("0.333333").expect("decimal").exceeded_by(1, 3));
    }

    #[test]
    fn json_takes_numbers_and_fraction_strings_and_gives_back_what_it_took() {
        let t: Threshold = serde_json::from_str("\"1/3\"").expect("fraction");
        assert_eq!(serde_json::to_string(&t).expect("json"), "\"1/3\"");
        let h: Threshold = serde_json::from_str("0.5").expect("number");
        assert_eq!(serde_json::to_string(&h).expect("json"), "0.5");
        let p: Threshold = serde_json::from_str("0.6").expect("number");
        assert_eq!(p.parts(), (3, 5));
        assert!(serde_json::from_str::<Threshold>("\"half\"").is_err());
    }
}
