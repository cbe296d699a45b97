//! The indicators undo nothing the results hide (RULES.md A5, A10): a category hidden for
//! a target its sheets rate is not broken out, and answers about a target that publishes
//! no number change nothing.

use super::*;
use crate::tally::{CategoryCounts, RoundCounts};
use proptest::prelude::*;

/// The scopes of the codes: targets 0 and 1 (one unit), target 2 (another), all three.
const SCOPES: [&[u32]; 3] = [&[0, 1], &[2], &[0, 1, 2]];

/// A sheet: category, scope (index into `SCOPES`), answers.
type Sheet = (usize, usize, Vec<Answer>);

/// The counts the tally would keep of `sheets` (only who rated what matters here).
fn counts(sheets: &[Sheet]) -> RoundCounts {
    let mut categories = vec![CategoryCounts { ballots: 0, in_scope: vec![0; 3], answers: Vec::new() }; 3];
    for (c, scope, _) in sheets {
        categories[*c].ballots += 1;
        for &t in SCOPES[*scope] {
            categories[*c].in_scope[t as usize] += 1;
        }
    }
    RoundCounts { categories }
}

fn of(sheets: &[Sheet], disclosure_min: u32) -> Indicators {
    let mut acc = Accumulator::disclosing(3, Disclosure::of(&counts(sheets), disclosure_min));
    for (c, _, answers) in sheets {
        acc.add(*c, answers);
    }
    acc.finish(disclosure_min)
}

/// `n` sheets of category `c` on scope `scope`, every answer at option `o`.
fn many(n: usize, c: usize, scope: usize, o: u16) -> Vec<Sheet> {
    vec![(c, scope, SCOPES[scope].iter().flat_map(|&t| [(t, 0, o), (t, 1, o)]).collect()); n]
}

#[test]
fn a_category_hidden_for_a_target_its_sheets_rate_is_not_broken_out() {
    // Ten masses rate everything; 2 representatives and 3 heads rate the first unit, where
    // (k = 3) the representatives are hidden and the heads go with them; 5 more
    // representatives rate the second unit. In the round each category has ≥ 3 sheets,
    // which alone would break all three out and show the first unit's hidden cell.
    let mut sheets = many(10, 0, 2, 1);
    sheets.extend(many(2, 1, 0, 0));
    sheets.extend(many(5, 1, 1, 2));
    sheets.extend(many(3, 2, 0, 0));
    let ind = of(&sheets, 3);
    assert_eq!(ind.categories.iter().map(|c| c.category).collect::<Vec<_>>(), [0]);
    assert_eq!(ind.round, Counts { ballots: 20, straight_lined: 20, identical: 20 });
    // Told nothing of the results, the same sheets break every category out.
    let plain = indicators(3, sheets.iter().map(|(c, _, a)| (*c, a.as_slice())), 3);
    assert_eq!(plain.categories.len(), 3);
}

#[test]
fn answers_about_a_target_that_publishes_no_number_are_left_out_of_every_sheet() {
    // Target 2 is rated by two sheets only (k = 3): its answers count nowhere, so the two
    // sheets (straight-lined on targets 0 and 1, different on target 2) are identical.
    let mut sheets = many(6, 0, 0, 1);
    sheets.extend(many(2, 0, 2, 0));
    sheets[7].2.retain(|a| a.0 != 2);
    sheets[7].2.extend([(2, 0, 1), (2, 1, 2)]);
    let ind = of(&sheets, 3);
    assert_eq!(ind.round, Counts { ballots: 8, straight_lined: 8, identical: 8 });
}

proptest! {
    #[test]
    fn two_rounds_that_differ_only_in_what_nobody_may_see_have_the_same_indicators(
        sheets in prop::collection::vec((0usize..3, 0usize..3, prop::collection::vec(0u16..3, 6)), 0..40),
        swaps in prop::collection::vec((0usize..40, 0usize..40), 0..20),
        noise in prop::collection::vec(0u16..3, 240),
        disclosure_min in 1u32..6,
    ) {
        let sheets: Vec<Sheet> = sheets
            .into_iter()
            .map(|(c, s, o)| (c, s, SCOPES[s].iter().enumerate().flat_map(|(i, &t)| [(t, 0, o[2 * i]), (t, 1, o[2 * i + 1])]).collect()))
            .collect();
        let d = Disclosure::of(&counts(&sheets), disclosure_min);
        let hidden = |scope: usize, c: usize| SCOPES[scope].iter().all(|&t| !d.shown(t, c));
        // The twin: sheets exchanged between categories hidden on their whole scope, and
        // anything at all answered about a target that publishes no number.
        let mut twin = sheets.clone();
        for (i, j) in swaps {
            let (i, j) = (i % twin.len().max(1), j % twin.len().max(1));
            if twin.is_empty() || twin[i].1 != twin[j].1 {
                continue;
            }
            let (ci, cj, scope) = (twin[i].0, twin[j].0, twin[i].1);
            if hidden(scope, ci) && hidden(scope, cj) {
                twin[i].0 = cj;
                twin[j].0 = ci;
            }
        }
        let mut noise = noise.into_iter().cycle();
        for (_, _, answers) in &mut twin {
            for a in answers.iter_mut().filter(|a| !d.published(a.0)) {
                a.2 = noise.next().unwrap_or(0);
            }
        }
        prop_assert_eq!(of(&sheets, disclosure_min), of(&twin, disclosure_min));
    }
}
