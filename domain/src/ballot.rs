//! Ballots: receipts and the validation of a submitted sheet against its round.
//! Pure: no I/O; the same rules run on the server and in the browser.

use crate::code::ALPHABET;
use crate::round::{RoundSpec, TargetSpec};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;

mod stored;
pub use stored::{decode_answers, encode_answers};

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
    /// Position on the scale of the target's kind ([`RoundSpec::scale_of`]).
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
    /// An item that does not rate this target's kind (a cadre item for a body, say).
    #[error("item '{item}' does not apply to target '{target}'")]
    NotApplicable {
        /// Target key.
        target: String,
        /// Item key.
        item: String,
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
    /// A paper sheet entered for one round carries a code of another.
    OtherRound,
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

/// Checks a submitted sheet and returns its answers as positions, sorted. Each target is
/// answered on its kind's scale and items (R4); blank answers are simply absent; the
/// overall item of its kind is required for every target in scope.
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
        let kind = spec.targets[t].kind;
        if !spec.applies(i, kind) {
            return Err(BallotProblem::NotApplicable { target: a.target.clone(), item: a.item.clone() });
        }
        let o = spec.scale_of(kind).iter().position(|o| o.key == a.option).ok_or_else(|| BallotProblem::UnknownOption {
            target: a.target.clone(),
            item: a.item.clone(),
            option: a.option.clone(),
        })?;
        if !seen.insert((t, i)) {
            return Err(BallotProblem::Duplicate { target: a.target.clone(), item: a.item.clone() });
        }
        out.push(Answer { target: t, item: i, option: o });
    }
    let mut missing: Vec<usize> = in_scope
        .iter()
        .copied()
        .filter(|t| spec.overall_of(spec.targets[*t].kind).is_some_and(|overall| !seen.contains(&(*t, overall))))
        .collect();
    missing.sort_unstable();
    if let Some(t) = missing.first() {
        return Err(BallotProblem::MissingOverall(spec.targets[*t].key.clone()));
    }
    out.sort_unstable();
    Ok(out)
}

/// The (target, item) pairs in scope that the answers leave blank, in sheet order (only
/// the items of each target's kind).
pub fn blanks(spec: &RoundSpec, scope: Option<&[String]>, answers: &[Answer]) -> Vec<(usize, usize)> {
    let given: HashSet<(usize, usize)> = answers.iter().map(|a| (a.target, a.item)).collect();
    targets_in_scope(spec, scope)
        .into_iter()
        .flat_map(|(t, target)| (0..spec.items.len()).filter(move |i| spec.applies(*i, target.kind)).map(move |i| (t, i)))
        .filter(|p| !given.contains(p))
        .collect()
}

#[cfg(test)]
mod tests;
