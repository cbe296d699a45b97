//! The results page's data as the caller may see it, in three parts that callers take as
//! they need: the ranking rows ([`load`]), the charts drawn from them ([`charts`]; the PNG
//! download draws only the one it serves), and the opinions ([`build`] adds them).

mod ranking;

use crate::domain::access::RoundAccess;
use crate::domain::account::Role;
use crate::domain::round::{RoundSpec, TargetKind};
use crate::domain::tally::{low_turnout, tally_round, RoundResult, Tally};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ssr::charts;
use crate::ssr::results::opinions_for;
use crate::ssr::round_def::{load_def, RoundDef};
use crate::ssr::tallies::{running_counts, turnout_series};
use crate::ssr::AppState;
use crate::views::auth::UserView;
use crate::views::results::{Chart, Filter, IndicatorRow, RankRow, Rates, ResultsPage, RuleView};
use rand::seq::SliceRandom;

fn rates(t: &Tally) -> Rates {
    Rates::from(t)
}

/// The flag rule of each kind present, as the page states it.
fn rules(spec: &RoundSpec) -> Vec<RuleView> {
    let kinds = spec.kinds_present();
    let kinds = if kinds.is_empty() { vec![TargetKind::Body] } else { kinds };
    kinds
        .into_iter()
        .map(|kind| {
            let r = spec.rules_of(kind);
            let exact = r.flag_threshold.to_string();
            RuleView {
                kind,
                threshold: r.flag_threshold.as_f64(),
                fraction: exact.contains('/').then_some(exact),
                min_satisfaction: r.min_satisfaction.map(|m| m.as_f64()),
                quorum: r.quorum,
            }
        })
        .collect()
}

/// A round's results as the caller may see them, before charts and opinions.
pub struct Loaded {
    /// The round's definition.
    pub def: RoundDef,
    /// What the caller may see.
    pub access: RoundAccess,
    /// The tally (closed rounds only).
    pub result: Option<RoundResult>,
    /// The ranking (empty while open), filtered and ordered.
    pub rows: Vec<RankRow>,
    /// The page around them (no charts, no opinions yet).
    pub page: ResultsPage,
}

/// Loads round `id`'s turnout and, once closed, its ranking, for `user`, within `filter`.
pub async fn load(state: &AppState, user: &UserView, id: i32, filter: &Filter) -> Result<Loaded, AppError> {
    let def = load_def(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let access = crate::ssr::access::round_access(&state.db, user, &def.round).await?;
    access.require_results(def.round.status).map_err(crate::ssr::steering_error::SteeringError::from)?;
    let spec = def.spec();
    // A steering member sees the turnout of the codes that cover an assigned target.
    let partial = access.targets.is_partial();
    let turnout = crate::ssr::codes::summary_for(&state.db, id, spec, &access.targets).await?;
    let (issued, used) = turnout.totals();
    let counts = running_counts(&state.db, &def).await?;
    let ballots = if partial { used } else { counts.ballots() };
    let (mut rows, mut result, mut grouped) = (Vec::new(), None, false);
    if def.round.status.is_closed() {
        let r = tally_round(spec, &counts);
        (rows, grouped) = ranking::order(ranking::rows(state, &def, &access, &r, filter).await?, &def, filter);
        result = Some(r);
    }
    let unit_choices: Vec<(String, String)> = turnout.units.iter().map(|u| (u.unit.clone(), u.name.clone())).collect();
    let units = if unit_choices.len() > 1 {
        turnout.units.into_iter().filter(|u| filter.unit.as_deref().is_none_or(|f| f == u.unit)).collect()
    } else {
        Vec::new()
    };
    let beijing = time::OffsetDateTime::now_utc().to_offset(time::macros::offset!(+8));
    let generated = beijing.format(time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]")).unwrap_or_default();
    let page = ResultsPage {
        generated,
        charts: Vec::new(),
        id,
        parent_id: def.round.parent_id,
        title: spec.title.clone(),
        status: def.round.status,
        turnout: turnout.categories,
        units,
        unit_choices: if unit_choices.len() > 1 { unit_choices } else { Vec::new() },
        filter: filter.clone(),
        grouped,
        low_turnout: low_turnout(ballots, issued),
        ballots,
        rules: rules(spec),
        rows: Vec::new(),
        opinions_shown: access.opinions,
        opinions: Vec::new(),
        admin: user.role == crate::domain::account::Role::Admin,
        partial,
        ledgers: Vec::new(),
        indicators: None,
    };
    Ok(Loaded { def, access, result, rows, page })
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
        // Each kind on its own scale and items: bodies as `bars`/`heatmap`, cadres as
        // `bars_cadre`/`heatmap_cadre`, each titled with its kind when both are shown.
        let both = rows.iter().any(|r| r.body) && rows.iter().any(|r| !r.body);
        for kind in [TargetKind::Body, TargetKind::Cadre] {
            let of_kind: Vec<&RankRow> = rows.iter().filter(|r| r.body == (kind == TargetKind::Body)).collect();
            if of_kind.is_empty() {
                continue;
            }
            let suffix = if kind == TargetKind::Cadre { "_cadre" } else { "" };
            let title = |base: &str| if both { format!("{base} · {}", t.kind_name(kind)) } else { base.to_owned() };
            let (bars_key, heat_key) = (format!("bars{suffix}"), format!("heatmap{suffix}"));
            if wanted(&bars_key) {
                let labels: Vec<String> = spec.scale_of(kind).iter().map(|o| o.label.clone()).collect();
                let bars: Vec<(String, Vec<u64>)> = of_kind.iter().map(|r| (r.name.clone(), r.overall.counts.clone())).collect();
                push(&bars_key, &title(t.chart_bars), charts::stacked_bars(&bars, &labels));
            }
            if wanted(&heat_key) {
                let names: Vec<String> = of_kind.iter().map(|r| r.name.clone()).collect();
                let cells: Vec<Vec<Option<f64>>> = of_kind.iter().map(|r| r.items.iter().map(|(_, x)| x.satisfaction).collect()).collect();
                let items: Vec<String> = spec.items.iter().filter(|i| i.applies_to.covers(kind)).map(|i| i.title.clone()).collect();
                push(&heat_key, &title(t.chart_heatmap), charts::heat_map(&names, &items, &cells));
            }
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
pub async fn build(state: &AppState, user: &UserView, id: i32, filter: &Filter, locale: Locale) -> Result<ResultsPage, AppError> {
    let loaded = load(state, user, id, filter).await?;
    let charts = charts(state, &loaded, locale, None).await?;
    let mut opinions = Vec::new();
    if let (true, Some(r)) = (loaded.access.opinions, &loaded.result) {
        opinions = opinions_for(&state.db, &loaded.def, r, &loaded.access.targets).await?;
        opinions.shuffle(&mut rand::thread_rng());
    }
    let ledgers = if matches!(user.role, Role::Admin | Role::Steering) && loaded.def.round.status.is_closed() {
        let spec = loaded.def.spec();
        let order: Vec<&str> = spec.targets.iter().map(|t| t.key.as_str()).collect();
        let parent = |k: &str| spec.targets.iter().find(|t| t.key == k).and_then(|t| t.parent.as_deref());
        let shown = |k: &str| loaded.rows.iter().any(|r| r.key == k) && loaded.access.targets.shows(k, parent(k));
        crate::ssr::ledger::ledgers_for(&state.db, id, &order, shown).await?
    } else {
        Vec::new()
    };
    Ok(ResultsPage { charts, opinions, ledgers, rows: loaded.rows, ..loaded.page })
}

/// One chart of round `id` for `user` (the PNG download), without the rest of the page.
pub async fn chart(
    state: &AppState,
    user: &UserView,
    id: i32,
    key: &str,
    filter: &Filter,
    locale: Locale,
) -> Result<Option<Chart>, AppError> {
    let loaded = load(state, user, id, filter).await?;
    Ok(charts(state, &loaded, locale, Some(key)).await?.into_iter().next())
}

/// The indicators panel of round `id` (the caller has checked that it is an admin's and
/// the round is closed): the round, then each disclosed category by name.
pub async fn indicators(state: &AppState, id: i32) -> Result<Vec<IndicatorRow>, AppError> {
    let def = load_def(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let ind = crate::ssr::indicators::of_round(&state.db, &def).await?;
    let spec = def.spec();
    let mut rows = vec![IndicatorRow { name: None, counts: ind.round, gaps: None, look_closer: false }];
    rows.extend(ind.categories.into_iter().map(|c| IndicatorRow {
        name: spec.categories.get(c.category).map(|x| x.name.clone()),
        counts: c.counts,
        gaps: Some((c.straight_lined_gap_ppm, c.identical_gap_ppm)),
        look_closer: c.look_closer,
    }));
    Ok(rows)
}
