//! The results page's data: ranking, per-target items and categories, opinions, turnout.

use crate::domain::lifecycle::Status;
use crate::domain::round::CategoryTurnout;
use crate::domain::tally::FlagStatus;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Rates and score of one tally, for display (`None` when nothing is valid).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rates {
    /// Valid answers.
    pub valid: u64,
    /// Answers per option, in scale order.
    pub counts: Vec<u64>,
    /// Satisfaction rate.
    pub satisfaction: Option<f64>,
    /// Dissatisfaction rate.
    pub dissatisfaction: Option<f64>,
    /// Score (0–100).
    pub score: Option<f64>,
}

/// One line of the ranking, with its detail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankRow {
    /// 1-based rank by score (targets without valid answers last).
    pub rank: usize,
    /// Target name.
    pub name: String,
    /// Leading body (`true`) or cadre.
    pub body: bool,
    /// Flag status.
    pub status: FlagStatus,
    /// The overall item on the round's basis.
    pub overall: Rates,
    /// Every item: (title, rates).
    pub items: Vec<(String, Rates)>,
    /// Disclosed categories: (name, overall rates, headcount).
    pub categories: Vec<(String, Rates)>,
}

/// The results page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultsPage {
    /// Round id.
    pub id: i32,
    /// Title.
    pub title: String,
    /// Lifecycle status.
    pub status: Status,
    /// Codes and ballots per category.
    pub turnout: Vec<CategoryTurnout>,
    /// Ballots / codes issued below one half.
    pub low_turnout: bool,
    /// Ballots cast.
    pub ballots: u64,
    /// Scale labels, in order.
    pub options: Vec<String>,
    /// The flag rule in words' numbers: threshold, optional minimum satisfaction.
    pub threshold: f64,
    /// Ranking (empty while the round is open).
    pub rows: Vec<RankRow>,
    /// Opinions in random order, with the category name when it is disclosed.
    pub opinions: Vec<(Option<String>, String)>,
    /// Charts drawn on the server: (title, SVG).
    pub charts: Vec<(String, String)>,
    /// When these results were read (Beijing time, `YYYY-MM-DD HH:MM`).
    pub generated: String,
}

/// The results of a round (admin). While open: turnout only.
#[server(prefix = "/sfn", endpoint = "round_results")]
pub async fn round_results(id: i32) -> Result<ResultsPage, AppError> {
    use crate::domain::account::Role;
    use crate::domain::tally::{low_turnout, Tally};
    use crate::ssr::charts;
    use crate::ssr::results::{opinions, running_counts, turnout_series};
    use rand::seq::SliceRandom;
    let (state, _) = crate::ssr::auth::require_role(&[Role::Admin]).await?;
    let def = crate::ssr::ballots::load_def(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let spec = def.spec();
    let turnout = crate::ssr::codes::summary(&state.db, id).await?;
    let issued: u64 = turnout.iter().map(|c| u64::try_from(c.issued - c.revoked).unwrap_or(0)).sum();
    let closed = !matches!(def.round.status, Status::Draft | Status::Open);
    let counts = running_counts(&state.db, &def).await?;
    let ballots = counts.ballots();
    let rates = |t: &Tally| Rates {
        valid: t.valid,
        counts: t.counts.clone(),
        satisfaction: t.satisfaction_rate,
        dissatisfaction: t.dissatisfaction_rate,
        score: t.score,
    };
    let (mut rows, mut shown, mut charts) = (Vec::new(), Vec::new(), Vec::new());
    if closed {
        let r = crate::domain::tally::tally_round(spec, &counts);
        rows = r
            .targets
            .iter()
            .map(|tr| RankRow {
                rank: 0,
                name: spec.targets[tr.target].name.clone(),
                body: spec.targets[tr.target].kind == crate::domain::round::TargetKind::Body,
                status: tr.status,
                overall: rates(&tr.overall),
                items: spec.items.iter().zip(&tr.items).map(|(i, t)| (i.title.clone(), rates(t))).collect(),
                categories: tr.categories.iter().map(|(c, t)| (spec.categories[*c].name.clone(), rates(t))).collect(),
            })
            .collect();
        rows.sort_by(|a, b| b.overall.score.unwrap_or(-1.0).total_cmp(&a.overall.score.unwrap_or(-1.0)));
        for (i, row) in rows.iter_mut().enumerate() {
            row.rank = i + 1;
        }
        let zh = crate::i18n::detect_locale() == crate::i18n::Locale::Zh;
        let labels: Vec<String> = spec.scale.iter().map(|o| o.label.clone()).collect();
        let bars: Vec<(String, Vec<u64>)> = rows.iter().map(|r| (r.name.clone(), r.overall.counts.clone())).collect();
        charts.push((
            (if zh { "总体评价构成（按得分排序）" } else { "Overall rating by target (ranked)" }).to_owned(),
            charts::stacked_bars(&bars, &labels),
        ));
        let cells: Vec<Vec<Option<f64>>> = rows.iter().map(|r| r.items.iter().map(|(_, x)| x.satisfaction).collect()).collect();
        let names: Vec<String> = rows.iter().map(|r| r.name.clone()).collect();
        let items: Vec<String> = spec.items.iter().map(|i| i.title.clone()).collect();
        charts.push((
            (if zh { "各项目满意率" } else { "Satisfaction by item" }).to_owned(),
            charts::heat_map(&names, &items, &cells),
        ));
        let cat_names: Vec<String> = rows.first().map(|r| r.categories.iter().map(|(n, _)| n.clone()).collect()).unwrap_or_default();
        if !cat_names.is_empty() {
            let rates: Vec<Vec<Option<f64>>> = rows.iter().map(|r| r.categories.iter().map(|(_, x)| x.satisfaction).collect()).collect();
            charts.push((
                (if zh { "各类别总体满意率（人数达到公开下限的类别）" } else { "Overall satisfaction by category (categories at or over the disclosure minimum)" }).to_owned(),
                charts::category_breakdown(&names, &cat_names, &rates),
            ));
        }
        let mut all = opinions(&state.db, &def, &r.disclosed).await?;
        all.shuffle(&mut rand::thread_rng());
        shown = all;
    }
    let series = turnout_series(&state.db, id).await?;
    if !series.is_empty() {
        let zh = crate::i18n::detect_locale() == crate::i18n::Locale::Zh;
        let title = if zh { "累计投票（北京时间）" } else { "Ballots over time (Beijing time)" };
        charts.push((title.to_owned(), crate::ssr::charts::turnout_over_time(&series, title)));
    }
    let beijing = time::OffsetDateTime::now_utc().to_offset(time::macros::offset!(+8));
    let generated = beijing.format(time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]")).unwrap_or_default();
    Ok(ResultsPage {
        generated,
        charts,
        id,
        title: spec.title.clone(),
        status: def.round.status,
        turnout,
        low_turnout: low_turnout(ballots, issued),
        ballots,
        options: spec.scale.iter().map(|o| o.label.clone()).collect(),
        threshold: spec.flag_threshold,
        rows,
        opinions: shown,
    })
}
