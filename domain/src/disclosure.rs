//! Which evaluator categories of a target may be broken out (RULES.md A5, and
//! A6 for opinions). Pure, and the only place that decides it: the tally engine
//! calls it for every target, and every surface (page, API, charts, CSV, XLSX, print
//! report, opinions) shows the cells it returns and no others.
//!
//! Per cell: a category is shown for a target only when at least `disclosure_min`
//! ballots of that category rated that target. Complementary suppression: if the hidden
//! categories then hold between 1 and `disclosure_min − 1` ballots together, the smallest
//! shown category is hidden as well, until the hidden ones hold none or at least
//! `disclosure_min` — otherwise "total minus shown" would give the hidden small group.

use std::cmp::Reverse;

/// For one target: `ballots[c]` = ballots of category `c` that rated it; returns whether
/// each category is shown. Hidden categories still count in the target's totals.
pub fn disclosed(ballots: &[u64], disclosure_min: u32) -> Vec<bool> {
    let k = u64::from(disclosure_min.max(1));
    let mut shown: Vec<bool> = ballots.iter().map(|&n| n >= k).collect();
    let mut hidden: u64 = ballots.iter().zip(&shown).filter(|(_, s)| !**s).map(|(n, _)| n).sum();
    while hidden > 0 && hidden < k {
        // The smallest shown category; of equals, the last (a stable, documented choice).
        let Some(c) = (0..ballots.len()).filter(|&c| shown[c]).min_by_key(|&c| (ballots[c], Reverse(c))) else {
            break;
        };
        shown[c] = false;
        hidden += ballots[c];
    }
    shown
}

/// Whether a target rated by `rated[c]` ballots of each category publishes any number at
/// all: only when at least `disclosure_min` ballots (at least one) rated it in all. Below,
/// its tallies are blank and no category is shown (RULES.md A5).
pub fn published(rated: &[u64], disclosure_min: u32) -> bool {
    rated.iter().sum::<u64>() >= u64::from(disclosure_min.max(1))
}

/// Whether an opinion may name its category: only when that category is shown for every
/// target its ballot rated (`shown[t][c]` for the targets `rated`). A ballot that rated
/// nothing visible names no category.
pub fn opinion_names_category(shown: &[Vec<bool>], category: usize, rated: impl IntoIterator<Item = usize>) -> bool {
    let mut any = false;
    for t in rated {
        any = true;
        if !shown.get(t).and_then(|s| s.get(category)).copied().unwrap_or(false) {
            return false;
        }
    }
    any
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_category_under_the_minimum_is_hidden_and_takes_the_smallest_shown_one_with_it() {
        // masses 40, reps 3 (k = 5): reps alone would be total − masses = 3 → masses hidden too.
        assert_eq!(disclosed(&[40, 3], 5), vec![false, false]);
        // masses 40, heads 12, reps 3: the smaller shown one (heads) goes; hidden = 15 ≥ 5.
        assert_eq!(disclosed(&[40, 12, 3], 5), vec![true, false, false]);
        // two small ones that together reach the minimum protect each other.
        assert_eq!(disclosed(&[40, 3, 2], 5), vec![true, false, false]);
        // nothing small: everything at or over the minimum is shown.
        assert_eq!(disclosed(&[5, 9, 0], 5), vec![true, true, false]);
    }

    #[test]
    fn of_equal_shown_categories_the_last_is_hidden_first() {
        assert_eq!(disclosed(&[7, 7, 1], 5), vec![true, false, false]);
    }

    #[test]
    fn opinions_name_a_category_only_if_it_is_shown_for_every_rated_target() {
        let shown = vec![vec![true, false], vec![true, true]];
        assert!(opinion_names_category(&shown, 0, [0, 1]));
        assert!(!opinion_names_category(&shown, 1, [0, 1]));
        assert!(opinion_names_category(&shown, 1, [1]));
        assert!(!opinion_names_category(&shown, 0, []));
    }

    proptest! {
        #[test]
        fn no_shown_cell_is_under_the_minimum_and_hidden_cells_hold_none_or_enough(
            ballots in prop::collection::vec(0u64..30, 0..7),
            k in 1u32..12,
        ) {
            let shown = disclosed(&ballots, k);
            prop_assert_eq!(shown.len(), ballots.len());
            for (n, s) in ballots.iter().zip(&shown) {
                if *s { prop_assert!(*n >= u64::from(k)); }
            }
            let hidden: u64 = ballots.iter().zip(&shown).filter(|(_, s)| !**s).map(|(n, _)| n).sum();
            let any_shown = shown.iter().any(|s| *s);
            // Either the hidden ones hold none or at least k, or nothing is shown at all
            // (then the total is the only number, and it names no category).
            prop_assert!(hidden == 0 || hidden >= u64::from(k) || !any_shown, "{:?} k={} → {:?}", ballots, k, shown);
        }

        #[test]
        fn disclosure_hides_the_fewest_categories_needed(ballots in prop::collection::vec(0u64..30, 0..7), k in 1u32..12) {
            // Every category at or over k that is hidden was hidden to protect a small group.
            let shown = disclosed(&ballots, k);
            let small: u64 = ballots.iter().filter(|n| **n < u64::from(k)).sum();
            if small == 0 {
                for (n, s) in ballots.iter().zip(&shown) {
                    prop_assert_eq!(*s, *n >= u64::from(k));
                }
            }
        }
    }
}
