//! The results page's data as the caller may see it, in three parts that callers take as
//! they need: the ranking rows ([`load`]), the charts drawn from them ([`charts`]; the PNG
//! download draws only the one it serves), and the opinions ([`build`] adds them).

use crate::domain::access::RoundAccess;
use crate::domain::tally::{low_turnout, tally_round, RoundResult, Tally};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ssr::charts;
use crate::ssr::results::opinions_for;
use crate::ssr::round_def::{load_def, RoundDef};
use crate::ssr::tallies::{running_counts, turnout_series};
use crate::ssr::AppState;
use crate::views::auth::UserView;
use crate::views::results::{Chart, RankRow, Rates, ResultsPage};
use rand::seq::SliceRandom;
use std::collections::HashMap;

fn rates(t: &Tally) -> Rates {
    Rates {
        valid: t.valid,
        counts: t.counts.clone(),
        satisfaction: t.satisfaction_rate,
        dissatisfaction: t.dissatisfaction_rate,
        score: t.score,
    }
}

/// A round's results as the caller may see them, before charts and opinions.
pub struct Loaded {
    /// The round's definition.
    pub def: RoundDef,
    /// What the caller may see.
    pub access: RoundAccess,
    /// The tally (closed rounds only).
    pub result: Option<RoundResult>,
    /// The ranking (empty while open).
    pub rows: Vec<RankRow>,
    /// The page around them (no charts, no opinions yet).
    pub page: ResultsPage,
}

/// Loads round `id`'s turnout and, once closed, its ranking, for `user`.
pub async fn load(state: &AppState, user: &UserView, id: i32) -> Result<Loaded, AppError> {
    let def = load_def(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let access = crate::ssr::access::round_access(&state.db, user, &def.round).await?;
    access.require_results(def.round.status).map_err(crate::ssr::steering_error::SteeringError::from)?;
    let spec = def.spec();
    // A steering member sees the turnout of the codes that cover an assigned target.
    let partial = access.targets.is_partial();
    let turnout = crate::ssr::codes::summary_for(&state.db, id, spec, &access.targets).await?;
    let issued: u64 = turnout.iter().map(|c| u64::try_from(c.issued - c.revoked).unwrap_or(0)).sum();
    let counts = running_counts(&state.db, &def).await?;
    let ballots = if partial { turnout.iter().map(|c| u64::try_from(c.used).unwrap_or(0)).sum() } else { counts.ballots() };
    let (mut rows, mut result) = (Vec::new(), None);
    if def.round.status.is_closed() {
        let r = tally_round(spec, &counts);
        rows = ranking(state, &def, &access, &r).await?;
        result = Some(r);
    }
    let beijing = time::OffsetDateTime::now_utc().to_offset(time::macros::offset!(+8));
    let generated = beijing.format(time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]")).unwrap_or_default();
    let page = ResultsPage {
        generated,
        charts: Vec::new(),
        id,
        parent_id: def.round.parent_id,
        title: spec.title.clone(),
        status: def.round.status,
        turnout,
        low_turnout: low_turnout(ballots, issued),
        ballots,
        options: spec.scale.iter().map(|o| o.label.clone()).collect(),
        threshold: spec.flag_threshold,
        rows: Vec::new(),
        opinions_shown: access.opinions,
        opinions: Vec::new(),
        admin: user.role == crate::domain::account::Role::Admin,
        partial,
    };
    Ok(Loaded { def, access, result, rows, page })
}

/// The ranking rows of a closed round, with each flag and, for a re-evaluation, the
/// parent's numbers.
async fn ranking(state: &AppState, def: &RoundDef, access: &RoundAccess, r: &RoundResult) -> Result<Vec<RankRow>, AppError> {
    let spec = def.spec();
    let flags = crate::ssr::flags::flags_of(&state.db, def.round.id).await?;
    let mut before = HashMap::new();
    if let Some(pdef) = match def.round.parent_id {
        Some(p) => load_def(&state.db, p).await?,
        None => None,
    } {
        let pr = tally_round(pdef.spec(), &running_counts(&state.db, &pdef).await?);
        for tr in &pr.targets {
            before.insert(pdef.spec().targets[tr.target].key.clone(), (tr.status, rates(&tr.overall)));
        }
    }
    let mut rows: Vec<RankRow> = r
        .targets
        .iter()
        .filter(|tr| {
            let t = &spec.targets[tr.target];
            access.targets.shows(&t.key, t.parent.as_deref())
        })
        .map(|tr| {
            let t = &spec.targets[tr.target];
            let flag = flags.get(&t.key);
            RankRow {
                rank: 0,
                key: t.key.clone(),
                name: t.name.clone(),
                body: t.kind == crate::domain::round::TargetKind::Body,
                status: tr.status,
                overall: rates(&tr.overall),
                items: spec.items.iter().zip(&tr.items).map(|(i, t)| (i.title.clone(), rates(t))).collect(),
                categories: tr.categories.iter().map(|(c, t)| (spec.categories[*c].name.clone(), rates(t))).collect(),
                flag: flag.map(|f| (f.status, f.id)),
                child_round_id: flag.and_then(|f| f.child_round_id),
                before: before.get(&t.key).cloned(),
            }
        })
        .collect();
    rows.sort_by(|a, b| b.overall.score.unwrap_or(-1.0).total_cmp(&a.overall.score.unwrap_or(-1.0)));
    for (i, row) in rows.iter_mut().enumerate() {
        row.rank = i + 1;
    }
    Ok(rows)
}

/// The charts of the page (only the one named `only`, when given), in `locale`.
pub async fn charts(state: &AppState, loaded: &Loaded, locale: Locale, only: Option<&str>) -> Result<Vec<Chart>, AppError> {
    let t = crate::i18n::texts(locale).results;
    let wanted = |key: &str| only.is_none_or(|o| o == key);
    let (spec, rows) = (loaded.def.spec(), &loaded.rows);
    let names: Vec<String> = rows.iter().map(|r| r.name.clone()).collect();
    let mut out = Vec::new();
    let mut push = |key: &str, title: &str, svg: String| out.push(Chart { key: key.into(), title: title.to_owned(), svg });
    if !rows.is_empty() {
        if wanted("bars") {
            let labels: Vec<String> = spec.scale.iter().map(|o| o.label.clone()).collect();
            let bars: Vec<(String, Vec<u64>)> = rows.iter().map(|r| (r.name.clone(), r.overall.counts.clone())).collect();
            push("bars", t.chart_bars, charts::stacked_bars(&bars, &labels));
        }
        if wanted("heatmap") {
            let cells: Vec<Vec<Option<f64>>> = rows.iter().map(|r| r.items.iter().map(|(_, x)| x.satisfaction).collect()).collect();
            let items: Vec<String> = spec.items.iter().map(|i| i.title.clone()).collect();
            push("heatmap", t.chart_heatmap, charts::heat_map(&names, &items, &cells));
        }
        // The categories broken out for at least one shown target, in the round's order;
        // a cell hidden for a target (RULES.md A5) is drawn as no bar.
        let cat_names: Vec<String> = spec
            .categories
            .iter()
            .map(|c| c.name.clone())
            .filter(|n| rows.iter().any(|r| r.categories.iter().any(|(x, _)| x == n)))
            .collect();
        if wanted("categories") && !cat_names.is_empty() {
            let cell = |r: &RankRow, n: &String| r.categories.iter().find(|(x, _)| x == n).and_then(|(_, x)| x.satisfaction);
            let rates: Vec<Vec<Option<f64>>> = rows.iter().map(|r| cat_names.iter().map(|n| cell(r, n)).collect()).collect();
            push("categories", t.chart_categories, charts::category_breakdown(&names, &cat_names, &rates));
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
            push("before_after", t.chart_before_after, charts::before_after(&pairs, t.chart_before, t.chart_after));
        }
    }
    // Ballots over time are the whole round's: not for a caller who sees part of it.
    if wanted("turnout") && !loaded.access.targets.is_partial() {
        let series = turnout_series(&state.db, loaded.def.round.id).await?;
        if !series.is_empty() {
            push("turnout", t.chart_turnout, charts::turnout_over_time(&series, t.chart_turnout));
        }
    }
    Ok(out)
}

/// The whole results page of round `id` for `user`: rows, charts and, where the caller may
/// read them, the opinions in random order.
pub async fn build(state: &AppState, user: &UserView, id: i32, locale: Locale) -> Result<ResultsPage, AppError> {
    let loaded = load(state, user, id).await?;
    let charts = charts(state, &loaded, locale, None).await?;
    let mut opinions = Vec::new();
    if let (true, Some(r)) = (loaded.access.opinions, &loaded.result) {
        opinions = opinions_for(&state.db, &loaded.def, r, &loaded.access.targets).await?;
        opinions.shuffle(&mut rand::thread_rng());
    }
    Ok(ResultsPage { charts, opinions, rows: loaded.rows, ..loaded.page })
}

/// One chart of round `id` for `user` (the PNG download), without the rest of the page.
pub async fn chart(state: &AppState, user: &UserView, id: i32, key: &str, locale: Locale) -> Result<Option<Chart>, AppError> {
    let loaded = load(state, user, id).await?;
    Ok(charts(state, &loaded, locale, Some(key)).await?.into_iter().next())
}
