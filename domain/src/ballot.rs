//! Ballots: receipts and the validation of a submitted sheet against its round.
//! Pure: no I/O; the same rules run on the server and in the browser.

use crate::code::ALPHABET;
use crate::round::{RoundSpec, TargetSpec};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;

/// Longest opinion, in characters.
pub const OPINION_MAX: usize = 2000;
/// Symbols in a receipt.
pub const RECEIPT_LEN: usize = 10;
/// Random bits in a receipt.
pub const RECEIPT_BITS: u32 = 50;

/// A receipt (回执): 50 random bits as 10 Crockford symbols, printed `XXXXX-XXXXX`.
/// Its value is the receipt row's primary key; it points at no ballot and no code.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Receipt(u64);

impl Receipt {
    /// The receipt of the low 50 bits of `bits` (the caller supplies the randomness).
    pub fn from_bits(bits: u64) -> Self {
        Receipt(bits & ((1 << RECEIPT_BITS) - 1))
    }

    /// The stored value.
    pub fn value(self) -> i64 {
        self.0 as i64
    }

    /// Reads a typed receipt forgivingly (any case, dashes and spaces optional).
    pub fn parse(raw: &str) -> Option<Self> {
        let mut v: u64 = 0;
        let mut n = 0;
        for c in raw.chars().filter(|c| !matches!(c, '-' | ' ' | '\t')) {
            let c = match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                other => other,
            };
            let d = ALPHABET.iter().position(|&a| a as char == c)? as u64;
            n += 1;
            if n > RECEIPT_LEN {
                return None;
            }
            v = (v << 5) | d;
        }
        (n == RECEIPT_LEN).then_some(Receipt(v))
    }
}

impl fmt::Display for Receipt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s: String = (0..RECEIPT_LEN).rev().map(|i| ALPHABET[((self.0 >> (5 * i)) & 31) as usize] as char).collect();
        write!(f, "{}-{}", &s[..5], &s[5..])
    }
}

impl fmt::Debug for Receipt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Receipt(***)")
    }
}

/// A ballot as the API takes it (`POST /api/v1/ballots`), decoded straight from the
/// request body; unknown fields are refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BallotRequest {
    /// The code, `XXXX-XXXX-XXXX` (any case, dashes optional).
    pub code: String,
    /// One answer per (target, item) given; blanks are left out.
    pub answers: Vec<AnswerInput>,
    /// Optional opinion, at most 2,000 characters.
    #[serde(default)]
    pub opinion: Option<String>,
    /// Optional receipt made by the client (`XXXXX-XXXXX`), so that a retry can confirm itself.
    #[serde(default)]
    pub receipt: Option<String>,
}

/// One answer as submitted: keys of a target, an item and a scale option.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerInput {
    /// Target key.
    pub target: String,
    /// Item key.
    pub item: String,
    /// Scale option key.
    pub option: String,
}

/// One validated answer, as positions in the round's lists of targets, items and options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Answer {
    /// Position in `RoundSpec::targets`.
    pub target: usize,
    /// Position in `RoundSpec::items`.
    pub item: usize,
    /// Position in `RoundSpec::scale`.
    pub option: usize,
}

/// What is wrong with a submitted sheet (the first problem found).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum BallotProblem {
    /// A target key the round does not have.
    #[error("unknown target '{0}'")]
    UnknownTarget(String),
    /// A target of the round that the code does not cover.
    #[error("target '{0}' is outside this code's scope")]
    OutOfScope(String),
    /// An item key the round does not have.
    #[error("unknown item '{0}'")]
    UnknownItem(String),
    /// An option outside the round's scale.
    #[error("'{option}' is not on the scale (target '{target}', item '{item}')")]
    UnknownOption {
        /// Target key.
        target: String,
        /// Item key.
        item: String,
        /// The option given.
        option: String,
    },
    /// Two answers for one (target, item).
    #[error("two answers for target '{target}', item '{item}'")]
    Duplicate {
        /// Target key.
        target: String,
        /// Item key.
        item: String,
    },
    /// The overall item of a target in scope is blank.
    #[error("the overall item is required for target '{0}'")]
    MissingOverall(String),
    /// The opinion is longer than [`OPINION_MAX`] (its length).
    #[error("the opinion has {0} characters; at most 2000 are allowed")]
    OpinionTooLong(usize),
}

/// Why a ballot (or a code's sheet) was refused, as the evaluator and the API see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Refusal {
    /// Malformed, unknown or revoked code.
    UnknownCode,
    /// The code was used already.
    CodeUsed,
    /// The round is not open.
    RoundNotOpen,
    /// Something in the sheet is wrong.
    Invalid(BallotProblem),
    /// The receipt sent along is malformed or taken.
    BadReceipt,
    /// Too many failed code attempts from this address.
    RateLimited {
        /// Minutes to wait.
        minutes: u64,
    },
    /// The server could not store it; nothing was stored.
    Unavailable,
}

/// The targets a code covers, in the round's order: all of them when `scope` is `None`.
pub fn targets_in_scope<'a>(spec: &'a RoundSpec, scope: Option<&[String]>) -> Vec<(usize, &'a TargetSpec)> {
    spec.targets.iter().enumerate().filter(|(_, t)| scope.is_none_or(|s| s.contains(&t.key))).collect()
}

/// Checks a submitted sheet and returns its answers as positions, sorted.
/// Blank answers are simply absent; the overall item is required for every target in scope.
pub fn validate(
    spec: &RoundSpec,
    scope: Option<&[String]>,
    answers: &[AnswerInput],
    opinion: Option<&str>,
) -> Result<Vec<Answer>, BallotProblem> {
    if let Some(o) = opinion {
        let n = o.chars().count();
        if n > OPINION_MAX {
            return Err(BallotProblem::OpinionTooLong(n));
        }
    }
    let in_scope: HashSet<usize> = targets_in_scope(spec, scope).into_iter().map(|(i, _)| i).collect();
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(answers.len());
    for a in answers {
        let t = spec.targets.iter().position(|t| t.key == a.target).ok_or_else(|| BallotProblem::UnknownTarget(a.target.clone()))?;
        if !in_scope.contains(&t) {
            return Err(BallotProblem::OutOfScope(a.target.clone()));
        }
        let i = spec.items.iter().position(|i| i.key == a.item).ok_or_else(|| BallotProblem::UnknownItem(a.item.clone()))?;
        let o = spec.scale.iter().position(|o| o.key == a.option).ok_or_else(|| BallotProblem::UnknownOption {
            target: a.target.clone(),
            item: a.item.clone(),
            option: a.option.clone(),
        })?;
        if !seen.insert((t, i)) {
            return Err(BallotProblem::Duplicate { target: a.target.clone(), item: a.item.clone() });
        }
        out.push(Answer { target: t, item: i, option: o });
    }
    if let Some(overall) = spec.items.iter().position(|i| i.overall) {
        let mut missing: Vec<usize> = in_scope.iter().copied().filter(|t| !seen.contains(&(*t, overall))).collect();
        missing.sort_unstable();
        if let Some(t) = missing.first() {
            return Err(BallotProblem::MissingOverall(spec.targets[*t].key.clone()));
        }
    }
    out.sort_unstable();
    Ok(out)
}

/// Symbols of the stored answer string: the option's position on the scale.
const SLOT_SYMBOLS: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
/// The symbol of a blank (or out-of-scope) slot.
const BLANK: u8 = b'.';

/// A ballot's answers as stored: one symbol per (target, item) slot of the round, in the
/// round's order (`target * items + item`): the option's position, or `.` when blank.
/// Compact (a 50 × 6 sheet is 300 bytes) and cheap to recount.
pub fn encode_answers(spec: &RoundSpec, answers: &[Answer]) -> String {
    let items = spec.items.len();
    let mut slots = vec![BLANK; spec.targets.len() * items];
    for a in answers {
        if let (Some(slot), Some(sym)) = (slots.get_mut(a.target * items + a.item), SLOT_SYMBOLS.get(a.option)) {
            *slot = *sym;
        }
    }
    String::from_utf8(slots).unwrap_or_default()
}

/// The answers of a stored answer string (see [`encode_answers`]); unknown symbols are skipped.
pub fn decode_answers(items: usize, stored: &str) -> impl Iterator<Item = Answer> + '_ {
    stored.bytes().enumerate().filter(|(_, b)| *b != BLANK).filter_map(move |(slot, b)| {
        let option = SLOT_SYMBOLS.iter().position(|s| *s == b)?;
        Some(Answer { target: slot / items.max(1), item: slot % items.max(1), option })
    })
}

/// The (target, item) pairs in scope that the answers leave blank, in sheet order.
pub fn blanks(spec: &RoundSpec, scope: Option<&[String]>, answers: &[Answer]) -> Vec<(usize, usize)> {
    let given: HashSet<(usize, usize)> = answers.iter().map(|a| (a.target, a.item)).collect();
    targets_in_scope(spec, scope)
        .into_iter()
        .flat_map(|(t, _)| (0..spec.items.len()).map(move |i| (t, i)))
        .filter(|p| !given.contains(p))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::round::{default_categories, default_items, default_scale, TargetKind};

    fn spec() -> RoundSpec {
        let mut s: RoundSpec = serde_json::from_str(r#"{"title":"t"}"#).unwrap();
        s.scale = default_scale();
        s.categories = default_categories();
        s.items = default_items();
        for (k, n) in [("a", "甲局"), ("b", "乙局")] {
            s.targets.push(TargetSpec { key: k.into(), name: n.into(), kind: TargetKind::Body, parent: None });
        }
        s
    }

    fn ans(t: &str, i: &str, o: &str) -> AnswerInput {
        AnswerInput { target: t.into(), item: i.into(), option: o.into() }
    }

    fn overall_key(s: &RoundSpec) -> String {
        s.items.iter().find(|i| i.overall).unwrap().key.clone()
    }

    #[test]
    fn receipts_print_in_two_groups_and_read_back_forgivingly() {
        let r = Receipt::from_bits(0x3_FFFF_FFFF_FFFF);
        assert_eq!(r.to_string(), "ZZZZZ-ZZZZZ");
        let r = Receipt::from_bits(0x1234_5678_9ABC);
        let printed = r.to_string();
        assert_eq!(printed.len(), 11);
        assert_eq!(Receipt::parse(&printed), Some(r));
        assert_eq!(Receipt::parse(&printed.to_lowercase().replace('-', "")), Some(r));
        assert_eq!(Receipt::parse("ABCDE-FGH"), None);
        assert_eq!(Receipt::parse("ABCDE-FGHJKM"), None);
        assert_eq!(Receipt::parse("ABCDE-FGHJ!"), None);
        assert_eq!(format!("{r:?}"), "Receipt(***)");
        assert!(Receipt::from_bits(u64::MAX).value() < 1 << RECEIPT_BITS);
    }

    #[test]
    fn a_complete_sheet_is_accepted_and_sorted() {
        let s = spec();
        let o = overall_key(&s);
        let got = validate(&s, None, &[ans("b", &o, "dissatisfied"), ans("a", &o, "satisfied")], Some("好")).unwrap();
        let oi = s.items.iter().position(|i| i.overall).unwrap();
        assert_eq!(got, vec![Answer { target: 0, item: oi, option: 0 }, Answer { target: 1, item: oi, option: 2 }]);
    }

    #[test]
    fn each_kind_of_bad_answer_is_named() {
        let s = spec();
        let o = overall_key(&s);
        let ok = || vec![ans("a", &o, "satisfied"), ans("b", &o, "satisfied")];
        let with = |extra: AnswerInput| {
            let mut v = ok();
            v.push(extra);
            validate(&s, None, &v, None)
        };
        assert_eq!(with(ans("zz", &o, "satisfied")), Err(BallotProblem::UnknownTarget("zz".into())));
        assert_eq!(with(ans("a", "nope", "satisfied")), Err(BallotProblem::UnknownItem("nope".into())));
        assert!(matches!(with(ans("a", &o, "great")), Err(BallotProblem::UnknownOption { .. })));
        assert!(matches!(with(ans("a", &o, "satisfied")), Err(BallotProblem::Duplicate { .. })));
        assert_eq!(validate(&s, None, &ok()[..1], None), Err(BallotProblem::MissingOverall("b".into())));
        let scope = vec!["a".to_owned()];
        assert_eq!(validate(&s, Some(&scope), &ok(), None), Err(BallotProblem::OutOfScope("b".into())));
        assert!(validate(&s, Some(&scope), &ok()[..1], None).is_ok());
        let long = "意".repeat(OPINION_MAX + 1);
        assert_eq!(validate(&s, None, &ok(), Some(&long)), Err(BallotProblem::OpinionTooLong(OPINION_MAX + 1)));
        assert!(validate(&s, None, &ok(), Some(&"意".repeat(OPINION_MAX))).is_ok());
    }

    #[test]
    fn stored_answers_decode_to_what_was_encoded() {
        let s = spec();
        let o = overall_key(&s);
        let answers =
            validate(&s, None, &[ans("b", &o, "dont_know"), ans("a", "four_winds", "dissatisfied"), ans("a", &o, "satisfied")], None)
                .unwrap();
        let stored = encode_answers(&s, &answers);
        assert_eq!(stored.len(), s.targets.len() * s.items.len());
        assert_eq!(stored.matches('.').count(), stored.len() - 3);
        let mut back: Vec<Answer> = decode_answers(s.items.len(), &stored).collect();
        back.sort_unstable();
        assert_eq!(back, answers);
    }

    #[test]
    fn blanks_list_the_unanswered_pairs_in_scope() {
        let s = spec();
        let o = overall_key(&s);
        let got = validate(&s, None, &[ans("a", &o, "satisfied"), ans("b", &o, "satisfied")], None).unwrap();
        assert_eq!(blanks(&s, None, &got).len(), 2 * s.items.len() - 2);
        let scope = vec!["b".to_owned()];
        let got = validate(&s, Some(&scope), &[ans("b", &o, "satisfied")], None).unwrap();
        assert!(blanks(&s, Some(&scope), &got).iter().all(|(t, _)| *t == 1));
    }
}
