//! The charts drawn from the ranking rows — overall bars and item heat map per kind, the
//! categories, before and after re-evaluation — for the page (one chart each, numbers in
//! the cells) and for the Word report (pages of rows that stay legible on A4, colour
//! only: the report's tables beside them carry every number).

use crate::domain::round::{RoundSpec, TargetKind};
use crate::i18n::Locale;
use crate::ssr::charts::{self, Numbers};
use crate::views::results::{Chart, RankRow};

/// How the row charts are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChartStyle {
    /// Percentages in each cell and bar (else a colour key).
    pub numbers: bool,
    /// At most this many rows (targets) in one chart; more are drawn as parts.
    pub rows_per_chart: usize,
}

impl ChartStyle {
    /// The results page: every row in one chart, with its numbers.
    pub const PAGE: Self = Self { numbers: true, rows_per_chart: usize::MAX };
    /// The Word report: 40 rows a chart (about 5 mm a row once it fits the A4 text
    /// area), colour only.
    pub const REPORT: Self = Self { numbers: false, rows_per_chart: 40 };
}

/// `rows` in parts of at most `n`, each with its caption suffix (`（2/9）`; none when the
/// rows fit in one part).
fn parts<'a, T>(rows: &'a [T], n: usize, part: &'a str) -> impl Iterator<Item = (String, &'a [T])> + 'a {
    let n = n.max(1);
    let k = rows.len().div_ceil(n);
    rows.chunks(n).enumerate().map(move |(i, c)| {
        let suffix = if k > 1 { part.replace("{i}", &(i + 1).to_string()).replace("{n}", &k.to_string()) } else { String::new() };
        (suffix, c)
    })
}

/// The charts of `rows` (those whose key `wanted` takes), in `locale` and `style`.
pub fn draw(spec: &RoundSpec, rows: &[RankRow], locale: Locale, style: ChartStyle, wanted: &dyn Fn(&str) -> bool) -> Vec<Chart> {
    let t = crate::i18n::texts(locale).results;
    let numbers = if style.numbers { Numbers::InCells } else { Numbers::Key(t.chart_key) };
    let mut out = Vec::new();
    if rows.is_empty() {
        return out;
    }
    let mut push = |key: &str, title: String, svg: String| out.push(Chart { key: key.into(), title, svg });
    // Each kind on its own scale and items: bodies as `bars`/`heatmap`, cadres as
    // `bars_cadre`/`heatmap_cadre`, each titled with its kind when both are shown.
    let both = rows.iter().any(|r| r.body) && rows.iter().any(|r| !r.body);
    for kind in [TargetKind::Body, TargetKind::Cadre] {
        let of_kind: Vec<&RankRow> = rows.iter().filter(|r| r.body == (kind == TargetKind::Body)).collect();
        if of_kind.is_empty() {
            continue;
        }
        let suffix = if kind == TargetKind::Cadre { "_cadre" } else { "" };
        let title = |base: &str, part: &str| if both { format!("{base} · {}{part}", t.kind_name(kind)) } else { format!("{base}{part}") };
        let (bars_key, heat_key) = (format!("bars{suffix}"), format!("heatmap{suffix}"));
        if wanted(&bars_key) {
            let labels: Vec<String> = spec.scale_of(kind).iter().map(|o| o.label.clone()).collect();
            for (part, of_part) in parts(&of_kind, style.rows_per_chart, t.chart_part) {
                let bars: Vec<(String, Vec<u64>)> = of_part.iter().map(|r| (r.name.clone(), r.overall.counts.clone())).collect();
                push(&bars_key, title(t.chart_bars, &part), charts::stacked_bars(&bars, &labels));
            }
        }
        if wanted(&heat_key) {
            let items: Vec<String> = spec.items.iter().filter(|i| i.applies_to.covers(kind)).map(|i| i.title.clone()).collect();
            for (part, of_part) in parts(&of_kind, style.rows_per_chart, t.chart_part) {
                let names: Vec<String> = of_part.iter().map(|r| r.name.clone()).collect();
                let cells: Vec<Vec<Option<f64>>> = of_part.iter().map(|r| r.items.iter().map(|(_, x)| x.satisfaction).collect()).collect();
                push(&heat_key, title(t.chart_heatmap, &part), charts::heat_map(&names, &items, &cells, numbers));
            }
        }
    }
    // The categories broken out for at least one shown target, in the round's order;
    // a cell hidden for a target (RULES.md A5) is drawn as no bar.
    let cat_names: Vec<String> =
        spec.categories.iter().map(|c| c.name.clone()).filter(|n| rows.iter().any(|r| r.categories.iter().any(|(x, _)| x == n))).collect();
    if wanted("categories") && !cat_names.is_empty() {
        let cell = |r: &RankRow, n: &String| r.categories.iter().find(|(x, _)| x == n).and_then(|(_, x)| x.satisfaction);
        // A target takes a bar per category: as many targets as fit the rows' height.
        let per_chart = style.rows_per_chart.saturating_mul(30) / (12 * cat_names.len() + 10);
        for (part, of_part) in parts(rows, per_chart, t.chart_part) {
            let names: Vec<String> = of_part.iter().map(|r| r.name.clone()).collect();
            let rates: Vec<Vec<Option<f64>>> = of_part.iter().map(|r| cat_names.iter().map(|n| cell(r, n)).collect()).collect();
            push("categories", format!("{}{part}", t.chart_categories), charts::category_breakdown(&names, &cat_names, &rates, numbers));
        }
    }
    let pairs: Vec<charts::BeforeAfter> = rows
        .iter()
        .filter_map(|r| {
            r.before.as_ref().map(|(_, b)| charts::BeforeAfter {
                name: r.name.clone(),
                before: (b.satisfaction, b.dissatisfaction),
                after: (r.overall.satisfaction, r.overall.dissatisfaction),
            })
        })
        .collect();
    if wanted("before_after") && !pairs.is_empty() {
        for (part, of_part) in parts(&pairs, style.rows_per_chart, t.chart_part) {
            push("before_after", format!("{}{part}", t.chart_before_after), charts::before_after(of_part, t.chart_before, t.chart_after));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_cut_into_captioned_parts_only_when_they_do_not_fit_one() {
        let rows: Vec<u32> = (0..85).collect();
        let cut: Vec<(String, usize)> = parts(&rows, 40, "（{i}/{n}）").map(|(s, c)| (s, c.len())).collect();
        assert_eq!(cut, [("（1/3）".to_owned(), 40), ("（2/3）".to_owned(), 40), ("（3/3）".to_owned(), 5)]);
        let whole: Vec<(String, usize)> = parts(&rows, usize::MAX, "（{i}/{n}）").map(|(s, c)| (s, c.len())).collect();
        assert_eq!(whole, [(String::new(), 85)]);
    }
}
