//! A ballot's answers as stored: one symbol per (target, item) slot of the ballot's scope —
//! the targets its code covers, in the round's order (`i * items + item` for the i-th
//! target in scope) — the option's position on the target's scale, or `.` when blank.
//! Compact (a unit's sheet of a body and 8 cadres × 11 items is 99 bytes, whatever the size
//! of the campaign) and cheap to recount.
//!
//! Ballots stored before units existed span every target of the round (`target * items +
//! item`); [`decode_answers`] reads both, told apart by length (they coincide when the
//! scope is the whole round).

use super::Answer;
use crate::round::RoundSpec;

/// Symbols of the stored answer string: the option's position on the scale.
const SLOT_SYMBOLS: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
/// The symbol of a blank slot.
const BLANK: u8 = b'.';

/// The stored form of `answers` of a ballot whose scope is `scope` (target positions in
/// the round's order; answers outside it cannot come from a validated ballot and are left
/// out).
pub fn encode_answers(spec: &RoundSpec, scope: &[usize], answers: &[Answer]) -> String {
    let items = spec.items.len();
    let mut slots = vec![BLANK; scope.len() * items];
    for a in answers {
        let Ok(i) = scope.binary_search(&a.target) else { continue };
        if let (Some(slot), Some(sym)) = (slots.get_mut(i * items + a.item), SLOT_SYMBOLS.get(a.option)) {
            *slot = *sym;
        }
    }
    String::from_utf8(slots).unwrap_or_default()
}

/// The answers of a stored string of a ballot whose scope is `scope` in a round of
/// `targets` targets and `items` items (see [`encode_answers`]; a string spanning every
/// target, as older releases wrote, is read as such). Unknown symbols are skipped.
pub fn decode_answers<'a>(items: usize, targets: usize, scope: &'a [usize], stored: &'a str) -> impl Iterator<Item = Answer> + 'a {
    let items = items.max(1);
    let whole_round = stored.len() == targets * items && scope.len() != targets;
    stored.bytes().enumerate().filter(|(_, b)| *b != BLANK).filter_map(move |(slot, b)| {
        let option = SLOT_SYMBOLS.iter().position(|s| *s == b)?;
        let target = if whole_round { slot / items } else { *scope.get(slot / items)? };
        Some(Answer { target, item: slot % items, option })
    })
}
