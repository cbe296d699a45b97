//! The results page's data as the caller may see it, in three parts that callers take as
//! they need: the ranking rows ([`load`]), the charts drawn from them ([`charts`]; the PNG
//! download draws only the one it serves), and the opinions ([`build`] adds them).

mod ranking;
mod row_charts;

pub use row_charts::{draw as row_charts, ChartStyle};

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
use crate::views::results::{Chart, Filter, IndicatorRow, RankRow, Rates, ResultsPageView, RuleView};
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
    pub page: ResultsPageView,
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
    let page = ResultsPageView {
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
    let mut out = row_charts(loaded.def.spec(), &loaded.rows, locale, ChartStyle::PAGE, &wanted);
    // Ballots over time are the whole round's: not for a caller who sees part of it.
    if wanted("turnout") && !loaded.access.targets.is_partial() {
        let series = turnout_series(&state.db, loaded.def.round.id).await?;
        if !series.is_empty() {
            let svg = charts::turnout_over_time(&series, t.chart_turnout);
            out.push(Chart { key: "turnout".into(), title: t.chart_turnout.to_owned(), svg });
        }
    }
    Ok(out)
}

/// The whole results page of round `id` for `user`: rows, charts and, where the caller may
/// read them, the opinions in random order.
pub async fn build(state: &AppState, user: &UserView, id: i32, filter: &Filter, locale: Locale) -> Result<ResultsPageView, AppError> {
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
    Ok(ResultsPageView { charts, opinions, ledgers, rows: loaded.rows, ..loaded.page })
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
