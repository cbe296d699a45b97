//! The body of the report, section by section, from the results page's data only: what
//! the caller may see there is what the document holds (RULES.md A5 and A6 apply as on
//! the page — hidden categories are absent, opinions come shuffled).

use super::{Doc, Input, ReportError};
use app::domain::ledger::MeasureStatus;
use app::domain::round::{FlagBasis, Polarity, TargetKind};
use app::domain::tally::FlagStatus;
use app::i18n::texts;
use app::views::results::{RankRow, Rates, RuleView};

pub use app::i18n::results::{pct, score};

fn rates_cells(r: &Rates) -> [String; 4] {
    [r.valid.to_string(), pct(r.satisfaction), pct(r.dissatisfaction), score(r.score)]
}

/// Every section, in the order of the document.
pub fn all(doc: &mut Doc, input: &Input) -> Result<(), ReportError> {
    method(doc, input);
    turnout(doc, input);
    ranking(doc, input);
    charts(doc, input)?;
    targets(doc, input);
    flags(doc, input);
    opinions(doc, input);
    Ok(())
}

/// The rule as the results page states it, then the quorum.
fn rule_text(input: &Input, r: &RuleView, kinds: usize) -> String {
    let mut text = app::i18n::results::rule_text(input.locale, r.kind, r.threshold, r.fraction.as_deref(), r.min_satisfaction, kinds);
    text.push_str(if input.locale == app::i18n::Locale::En { ". " } else { "。" });
    text.push_str(&texts(input.locale).report.quorum.replace("{q}", &r.quorum.to_string()));
    text
}

fn method(doc: &mut Doc, input: &Input) {
    let (t, spec, page) = (texts(input.locale), &input.spec, &input.page);
    let (r, rt) = (t.report, t.results);
    let sep = if input.locale == app::i18n::Locale::En { ", " } else { "、" };
    doc.heading(r.h_method);
    let names: Vec<&str> = spec.categories.iter().map(|c| c.name.as_str()).collect();
    let issued: i64 = page.turnout.iter().map(|c| c.issued).sum();
    doc.para(
        &r.method_who
            .replace("{n}", &names.len().to_string())
            .replace("{names}", &names.join(sep))
            .replace("{issued}", &issued.to_string())
            .replace("{ballots}", &page.ballots.to_string()),
    );
    doc.para(r.method_anonymous);
    let kinds = spec.kinds_present();
    let kinds = if kinds.is_empty() { vec![TargetKind::Body] } else { kinds };
    for kind in &kinds {
        let scale = spec.scale_of(*kind);
        let list = |p: Polarity| {
            let of: Vec<&str> = scale.iter().filter(|o| o.polarity == p).map(|o| o.label.as_str()).collect();
            if of.is_empty() {
                r.none.to_owned()
            } else {
                of.join(sep)
            }
        };
        let options: Vec<String> =
            scale.iter().map(|o| o.points.map_or_else(|| o.label.clone(), |p| format!("{}（{p}）", o.label))).collect();
        doc.para(
            &r.method_scale
                .replace("{k}", rt.kind_name(*kind))
                .replace("{options}", &options.join(sep))
                .replace("{pos}", &list(Polarity::Positive))
                .replace("{neg}", &list(Polarity::Negative))
                .replace("{abs}", &list(Polarity::Abstain)),
        );
    }
    doc.para(r.method_rates);
    match spec.flag_basis {
        FlagBasis::Headcount => doc.para(r.basis_headcount),
        FlagBasis::Weighted => {
            let w: Vec<String> = spec.categories.iter().map(|c| format!("{} {}", c.name, c.weight)).collect();
            doc.para(&r.basis_weighted.replace("{weights}", &w.join(sep)));
        }
    }
    for rule in &page.rules {
        doc.para(&rule_text(input, rule, page.rules.len()));
    }
    doc.para(&r.disclosure.replace("{n}", &spec.disclosure_min.to_string()));
}

fn share(used: i64, issued: i64) -> String {
    if issued <= 0 {
        return "—".to_owned();
    }
    format!("{:.1}%", used as f64 * 100.0 / issued as f64)
}

fn turnout(doc: &mut Doc, input: &Input) {
    let (t, page) = (texts(input.locale), &input.page);
    let rt = t.results;
    doc.heading(t.report.h_turnout);
    if page.low_turnout {
        doc.para(rt.low_turnout);
    }
    let rows: Vec<Vec<String>> =
        page.turnout.iter().map(|c| vec![c.name.clone(), c.issued.to_string(), c.used.to_string(), share(c.used, c.issued)]).collect();
    doc.table(&[rt.col_category, rt.col_issued, rt.col_used, rt.col_turnout], &rows, &[false, true, true, true]);
    if !page.units.is_empty() {
        doc.subheading(rt.units);
        let rows: Vec<Vec<String>> = page
            .units
            .iter()
            .map(|u| {
                let mut share = share(u.used, u.issued);
                if app::domain::tally::low_turnout(u.used.max(0) as u64, u.issued.max(0) as u64) {
                    share = format!("{share} {}", rt.low_unit);
                }
                vec![u.name.clone(), u.issued.to_string(), u.used.to_string(), share]
            })
            .collect();
        doc.table(&[rt.col_unit, rt.col_issued, rt.col_used, rt.col_turnout], &rows, &[false, true, true, true]);
    }
}

fn status_text(input: &Input, s: FlagStatus) -> &'static str {
    let rt = texts(input.locale).results;
    match s {
        FlagStatus::Flagged => rt.flagged,
        FlagStatus::Ok => rt.ok,
        FlagStatus::InsufficientResponses => rt.insufficient,
    }
}

fn ranking(doc: &mut Doc, input: &Input) {
    let rt = texts(input.locale).results;
    doc.heading(texts(input.locale).report.h_ranking);
    let rows: Vec<Vec<String>> = input
        .page
        .rows
        .iter()
        .map(|r| {
            let mut row = vec![
                r.rank.to_string(),
                r.name.clone(),
                rt.kind_name(if r.body { TargetKind::Body } else { TargetKind::Cadre }).to_owned(),
                if r.body { String::new() } else { r.unit_name.clone() },
                r.position.clone().unwrap_or_default(),
            ];
            row.extend(rates_cells(&r.overall));
            row.push(status_text(input, r.status).to_owned());
            row
        })
        .collect();
    let head = [
        rt.col_rank,
        rt.col_target,
        rt.xlsx_kind,
        rt.col_unit,
        rt.col_position,
        rt.col_valid,
        rt.col_satisfaction,
        rt.col_dissatisfaction,
        rt.col_score,
        rt.col_status,
    ];
    let right = [true, false, false, false, false, true, true, true, true, false];
    doc.table(&head, &rows, &right);
}

fn charts(doc: &mut Doc, input: &Input) -> Result<(), ReportError> {
    // The report draws the row charts for A4 (pages of 40 rows, colour only: the tables
    // carry the numbers); the ballots over time are the page's own chart.
    use app::ssr::results_page::{row_charts, ChartStyle};
    let mut list = row_charts(&input.spec, &input.page.rows, input.locale, ChartStyle::REPORT, &|_| true);
    list.extend(input.page.charts.iter().filter(|c| c.key == "turnout").cloned());
    if list.is_empty() {
        return Ok(());
    }
    doc.heading(texts(input.locale).report.h_charts);
    // Rasterizing is most of the report's time: the charts go to one thread per core,
    // each drawn at most a page's worth of pixels (about 200 dpi on the A4 text area).
    let started = std::time::Instant::now();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, list.len());
    let mut pngs: Vec<(usize, Result<Vec<u8>, String>)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(chart) = list.get(i) else { return done };
                        done.push((i, app::ssr::charts::png_within(&chart.svg, super::CHART_MAX_PX.0, super::CHART_MAX_PX.1)));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|_| vec![(usize::MAX, Err("the drawing thread panicked".to_owned()))]))
            .collect()
    });
    pngs.sort_by_key(|(i, _)| *i);
    tracing::info!(charts = pngs.len(), threads, drawn_ms = started.elapsed().as_millis() as u64, "drew the report's charts");
    for (i, png) in pngs {
        let key = list.get(i).map_or("?", |c| c.key.as_str());
        let png = png.map_err(|e| ReportError::Chart(key.to_owned(), e))?;
        doc.subheading(&list[i].title);
        doc.image(png);
    }
    Ok(())
}

fn target_title(input: &Input, r: &RankRow) -> String {
    let rt = texts(input.locale).results;
    let kind = rt.kind_name(if r.body { TargetKind::Body } else { TargetKind::Cadre });
    let mut parts = vec![kind.to_owned()];
    if !r.body {
        parts.push(r.unit_name.clone());
    }
    parts.extend(r.position.clone());
    format!("{}（{}）", r.name, parts.join(" · "))
}

fn targets(doc: &mut Doc, input: &Input) {
    let rt = texts(input.locale).results;
    doc.heading(texts(input.locale).report.h_targets);
    doc.para(rt.categories_hidden);
    let head = [rt.items, rt.col_valid, rt.col_satisfaction, rt.col_dissatisfaction, rt.col_score];
    let right = [false, true, true, true, true];
    for r in &input.page.rows {
        doc.subheading(&target_title(input, r));
        let rows: Vec<Vec<String>> =
            r.items.iter().map(|(title, x)| std::iter::once(title.clone()).chain(rates_cells(x)).collect()).collect();
        doc.table(&head, &rows, &right);
        if !r.categories.is_empty() {
            let rows: Vec<Vec<String>> =
                r.categories.iter().map(|(name, x)| std::iter::once(name.clone()).chain(rates_cells(x)).collect()).collect();
            let mut cat_head = head;
            cat_head[0] = rt.categories;
            doc.table(&cat_head, &rows, &right);
        }
    }
}

fn flags(doc: &mut Doc, input: &Input) {
    let t = texts(input.locale);
    let (r, rt) = (t.report, t.results);
    doc.heading(r.h_flags);
    let flagged: Vec<&RankRow> = input.page.rows.iter().filter(|x| x.status == FlagStatus::Flagged).collect();
    if flagged.is_empty() {
        doc.para(r.no_flags);
        return;
    }
    let rows: Vec<Vec<String>> = flagged
        .iter()
        .map(|x| {
            let state = x.flag.map(|(s, _)| t.steering.state(s).to_owned()).unwrap_or_default();
            let follow = match input.page.ledgers.iter().find(|l| l.flag.key == x.key && l.flag.round_id == input.page.id) {
                Some(l) if !l.problems.is_empty() => {
                    let measures: Vec<_> = l.problems.iter().flat_map(|p| &p.measures).collect();
                    r.ledger_line
                        .replace("{p}", &l.problems.len().to_string())
                        .replace("{m}", &measures.len().to_string())
                        .replace("{d}", &measures.iter().filter(|m| m.status == MeasureStatus::Done).count().to_string())
                        .replace("{o}", &measures.iter().filter(|m| m.overdue).count().to_string())
                }
                _ => r.no_ledger.to_owned(),
            };
            vec![target_title(input, x), pct(x.overall.dissatisfaction), state, follow]
        })
        .collect();
    doc.table(&[rt.col_target, rt.col_dissatisfaction, r.col_state, r.col_follow_up], &rows, &[false, true, false, false]);
    for l in input.page.ledgers.iter().filter(|l| l.flag.round_id == input.page.id && !l.problems.is_empty()) {
        doc.subheading(&l.flag.name);
        for p in &l.problems {
            doc.para(&format!("■ {}", p.title));
            for m in &p.measures {
                let status = t.ledger.measure_status(m.status);
                doc.para(&format!("    · {}（{} · {} · {status}）", m.text, m.owner, m.deadline));
            }
        }
    }
}

fn opinions(doc: &mut Doc, input: &Input) {
    let (t, page) = (texts(input.locale), &input.page);
    if !page.opinions_shown {
        return;
    }
    doc.heading(t.report.h_opinions);
    if page.opinions.is_empty() {
        doc.para(t.results.no_opinions);
    }
    for (i, (category, text)) in page.opinions.iter().enumerate() {
        match category {
            Some(c) => doc.para(&format!("{}. [{c}] {text}", i + 1)),
            None => doc.para(&format!("{}. {text}", i + 1)),
        }
    }
}
