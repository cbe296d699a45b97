//! The results page's data and charts, as the caller may see them. Shared by the page's
//! server function and the PNG chart download.

use crate::domain::lifecycle::Status;
use crate::domain::tally::{low_turnout, tally_round, Tally};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::server_fns::auth::UserView;
use crate::server_fns::results::{Chart, RankRow, Rates, ResultsPage};
use crate::ssr::charts;
use crate::ssr::results::{opinions_for, running_counts, turnout_series};
use crate::ssr::steering::{round_access, SteeringError};
use crate::ssr::AppState;
use rand::seq::SliceRandom;

fn rates(t: &Tally) -> Rates {
    Rates {
        valid: t.valid,
        counts: t.counts.clone(),
        satisfaction: t.satisfaction_rate,
        dissatisfaction: t.dissatisfaction_rate,
        score: t.score,
    }
}

/// Maps a steering-layer refusal onto the page's error.
pub fn page_error(e: SteeringError) -> AppError {
    match e {
        SteeringError::NotFound => AppError::NotFound,
        SteeringError::Forbidden(_) => AppError::Forbidden,
        SteeringError::Db(e) => e.into(),
        other => AppError::Conflict(other.to_string()),
    }
}

/// Builds the results page of round `id` for `user`.
pub async fn build(state: &AppState, user: &UserView, id: i32, locale: Locale) -> Result<ResultsPage, AppError> {
    let zh = locale == Locale::Zh;
    let def = crate::ssr::ballots::load_def(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let access = round_access(&state.db, &user.username, user.role, &def.round).await.map_err(page_error)?;
    let admin = user.role == crate::domain::account::Role::Admin;
    let closed = !matches!(def.round.status, Status::Draft | Status::Open);
    if closed && !access.results {
        return Err(AppError::Forbidden);
    }
    // Viewers see published results only; live turnout is for admins and steering.
    let spec = def.spec();
    // A steering member sees the turnout of the codes that cover an assigned target.
    let partial = access.targets != crate::ssr::steering::Targets::All;
    let turnout = crate::ssr::codes::summary_for(&state.db, id, spec, &access.targets).await?;
    let issued: u64 = turnout.iter().map(|c| u64::try_from(c.issued - c.revoked).unwrap_or(0)).sum();
    let counts = running_counts(&state.db, &def).await?;
    let ballots = if partial { turnout.iter().map(|c| u64::try_from(c.used).unwrap_or(0)).sum() } else { counts.ballots() };
    let (mut rows, mut shown, mut charts) = (Vec::new(), Vec::new(), Vec::new());
    if closed {
        let r = tally_round(spec, &counts);
        let flags = crate::ssr::steering::flags_of(&state.db, id).await?;
        let before = match def.round.parent_id {
            Some(p) => match crate::ssr::ballots::load_def(&state.db, p).await? {
                Some(pdef) => {
                    let pc = running_counts(&state.db, &pdef).await?;
                    let pr = tally_round(pdef.spec(), &pc);
                    pr.targets
                        .iter()
                        .map(|tr| (pdef.spec().targets[tr.target].key.clone(), (tr.status, rates(&tr.overall))))
                        .collect::<std::collections::HashMap<_, _>>()
                }
                None => Default::default(),
            },
            None => Default::default(),
        };
        rows = r
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
        let labels: Vec<String> = spec.scale.iter().map(|o| o.label.clone()).collect();
        let bars: Vec<(String, Vec<u64>)> = rows.iter().map(|r| (r.name.clone(), r.overall.counts.clone())).collect();
        charts.push(Chart {
            key: "bars".into(),
            title: (if zh { "总体评价构成（按得分排序）" } else { "Overall rating by target (ranked)" }).to_owned(),
            svg: charts::stacked_bars(&bars, &labels),
        });
        let cells: Vec<Vec<Option<f64>>> = rows.iter().map(|r| r.items.iter().map(|(_, x)| x.satisfaction).collect()).collect();
        let names: Vec<String> = rows.iter().map(|r| r.name.clone()).collect();
        let items: Vec<String> = spec.items.iter().map(|i| i.title.clone()).collect();
        charts.push(Chart {
            key: "heatmap".into(),
            title: (if zh { "各项目满意率" } else { "Satisfaction by item" }).to_owned(),
            svg: charts::heat_map(&names, &items, &cells),
        });
        // The categories broken out for at least one shown target, in the round's order;
        // a cell hidden for a target (rule 5) is drawn as no bar.
        let cat_names: Vec<String> = spec
            .categories
            .iter()
            .map(|c| c.name.clone())
            .filter(|n| rows.iter().any(|r| r.categories.iter().any(|(x, _)| x == n)))
            .collect();
        if !cat_names.is_empty() {
            let rates: Vec<Vec<Option<f64>>> = rows
                .iter()
                .map(|r| {
                    cat_names
                        .iter()
                        .map(|n| r.categories.iter().find(|(x, _)| x == n).and_then(|(_, x)| x.satisfaction))
                        .collect()
                })
                .collect();
            charts.push(Chart {
                key: "categories".into(),
                title: (if zh {
                    "各类别总体满意率（人数达到公开下限的类别）"
                } else {
                    "Overall satisfaction by category (categories at or over the disclosure minimum)"
                })
                .to_owned(),
                svg: charts::category_breakdown(&names, &cat_names, &rates),
            });
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
        if !pairs.is_empty() {
            let (b, a) = if zh { ("重新测评前", "重新测评后") } else { ("before", "after") };
            charts.push(Chart {
                key: "before_after".into(),
                title: (if zh { "重新测评前后对比（满意率 / 不满意率）" } else { "Before and after re-evaluation (satisfaction / dissatisfaction)" }).to_owned(),
                svg: charts::before_after(&pairs, b, a),
            });
        }
        if access.opinions {
            let mut all = opinions_for(&state.db, &def, &r, &access.targets).await?;
            all.shuffle(&mut rand::thread_rng());
            shown = all;
        }
    }
    // Ballots over time are the whole round's: not for a caller who sees part of it.
    let series = if partial { Vec::new() } else { turnout_series(&state.db, id).await? };
    if !series.is_empty() {
        let title = if zh { "累计投票（北京时间）" } else { "Ballots over time (Beijing time)" };
        charts.push(Chart { key: "turnout".into(), title: title.to_owned(), svg: charts::turnout_over_time(&series, title) });
    }
    let beijing = time::OffsetDateTime::now_utc().to_offset(time::macros::offset!(+8));
    let generated = beijing.format(time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]")).unwrap_or_default();
    Ok(ResultsPage {
        generated,
        charts,
        id,
        parent_id: def.round.parent_id,
        title: spec.title.clone(),
        status: def.round.status,
        turnout,
        low_turnout: low_turnout(ballots, issued),
        ballots,
        options: spec.scale.iter().map(|o| o.label.clone()).collect(),
        threshold: spec.flag_threshold,
        rows,
        opinions_shown: access.opinions,
        opinions: shown,
        admin,
        partial,
    })
}
