//! Keyboard-first entry of a paper sheet (the clerk's `/entry/<code>`): the sheet's rows
//! (one per target × item) in order and a cursor on one of them. A digit 1–n answers the
//! cursor's row with its n-th option and moves on, Enter jumps to the next target's first
//! row, Backspace goes back a row; after the last row the cursor rests on the submit
//! button. Pure here; the page binds it to `keydown` once hydrated.

/// One row of the sheet: a target's item and the option keys of the target's scale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The target's key.
    pub target: String,
    /// The item's key.
    pub item: String,
    /// Option keys, in the scale's order (digit 1 is the first).
    pub options: Vec<String>,
}

/// What a key does at the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Move {
    /// Answer row `row` with option `option`; the cursor goes to `next`.
    Answer { row: usize, option: String, next: usize },
    /// The cursor goes to `row` (`rows.len()`: the submit button).
    Go(usize),
    /// Not ours: the browser does what it does (typing, tabbing, pressing a button).
    Pass,
}

/// The move of `key` (a `KeyboardEvent.key`) with the cursor on `cursor`.
pub fn on_key(rows: &[Row], cursor: usize, key: &str) -> Move {
    let end = rows.len();
    match key {
        "Backspace" if cursor > 0 => Move::Go(cursor - 1),
        "Enter" if cursor < end => {
            let target = &rows[cursor].target;
            Move::Go(rows.iter().enumerate().skip(cursor).find(|(_, r)| &r.target != target).map_or(end, |(i, _)| i))
        }
        k if cursor < end => match k.parse::<usize>() {
            Ok(n) if (1..=rows[cursor].options.len()).contains(&n) => {
                Move::Answer { row: cursor, option: rows[cursor].options[n - 1].clone(), next: cursor + 1 }
            }
            _ => Move::Pass,
        },
        _ => Move::Pass,
    }
}

/// Puts the focus on row `n` of the sheet (its chosen option, else its first), or on the
/// submit button past the last row.
pub fn focus_row(n: usize) {
    #[cfg(feature = "hydrate")]
    {
        let row = format!("#ballot-form [data-row=\"{n}\"]");
        for sel in [format!("{row} input:checked"), format!("{row} input"), "#ballot-form .submit-bar button".to_owned()] {
            if focus_selector(&sel) {
                return;
            }
        }
    }
    let _ = n;
}

/// Focuses the first element matching `sel`; whether there was one.
#[cfg(feature = "hydrate")]
pub fn focus_selector(sel: &str) -> bool {
    use wasm_bindgen::JsCast;
    let el = web_sys::window().and_then(|w| w.document()).and_then(|d| d.query_selector(sel).ok().flatten());
    match el.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        Some(e) => e.focus().is_ok(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<Row> {
        let row =
            |t: &str, i: &str, n: usize| Row { target: t.into(), item: i.into(), options: (1..=n).map(|k| format!("o{k}")).collect() };
        vec![row("body", "overall", 4), row("body", "results", 4), row("cadre", "overall", 5), row("cadre", "virtue", 5)]
    }

    #[test]
    fn a_digit_answers_the_row_with_its_option_and_moves_on() {
        let r = rows();
        assert_eq!(on_key(&r, 0, "2"), Move::Answer { row: 0, option: "o2".into(), next: 1 });
        assert_eq!(on_key(&r, 2, "5"), Move::Answer { row: 2, option: "o5".into(), next: 3 });
        assert_eq!(on_key(&r, 0, "5"), Move::Pass, "a body's scale has 4 options");
        assert_eq!(on_key(&r, 0, "0"), Move::Pass);
        assert_eq!(on_key(&r, 4, "1"), Move::Pass, "on the submit button digits do nothing");
    }

    #[test]
    fn enter_goes_to_the_next_target_and_backspace_back_a_row() {
        let r = rows();
        assert_eq!(on_key(&r, 0, "Enter"), Move::Go(2));
        assert_eq!(on_key(&r, 1, "Enter"), Move::Go(2));
        assert_eq!(on_key(&r, 2, "Enter"), Move::Go(4), "after the last target: the submit button");
        assert_eq!(on_key(&r, 4, "Enter"), Move::Pass, "Enter on the button presses it");
        assert_eq!(on_key(&r, 3, "Backspace"), Move::Go(2));
        assert_eq!(on_key(&r, 0, "Backspace"), Move::Pass);
        assert_eq!(on_key(&r, 1, "Tab"), Move::Pass);
    }

    #[test]
    fn a_whole_sheet_takes_one_key_per_answer() {
        let r = rows();
        let (mut cursor, mut keys) = (0, 0);
        while cursor < r.len() {
            keys += 1;
            match on_key(&r, cursor, "1") {
                Move::Answer { next, .. } => cursor = next,
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(keys, r.len());
    }
}
