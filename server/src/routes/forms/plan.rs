//! Reading the plan form (multipart): the grid of counts per unit × category, a pasted
//! table, or an uploaded CSV/XLSX file — one of the three (RULES.md C5) — into rows of
//! 单位编码, 类别, 份数 for `domain::plan::from_rows`; and the sentence naming every wrong
//! line.

use app::domain::import::file as import;
use app::domain::plan::PlanError;
use app::i18n::{errors as m, problems, texts, Locale};
use app::views::forms::plan;
use axum::extract::Multipart;

/// The rows of the one source filled in and whether paper sheets were asked for (`format`
/// `paper`), or the sentence saying what is wrong with the form.
pub async fn rows_of(mut form: Multipart, l: Locale) -> Result<(Vec<Vec<String>>, bool), String> {
    let (mut units, mut categories, mut counts) = (Vec::new(), Vec::new(), Vec::new());
    let mut paper = false;
    let (mut text, mut file) = (Vec::new(), Vec::new());
    let mut files = 0;
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => return Err(m::UPLOAD_FAILED.text(l).to_owned()),
        };
        let name = field.name().unwrap_or_default().to_owned();
        let bytes = field.bytes().await.map_err(|_| m::UPLOAD_FAILED.text(l).to_owned())?;
        let value = || String::from_utf8_lossy(&bytes).trim().to_owned();
        match name.as_str() {
            n if n == plan::unit => units.push(value()),
            n if n == plan::category => categories.push(value()),
            n if n == plan::count => counts.push(value()),
            n if n == plan::format => paper = value() == "paper",
            n if n == plan::text && !value().is_empty() => {
                text = import::rows_from_text(&value()).map_err(|e| super::unread_list(&e, l))?;
            }
            n if n == plan::file && !bytes.is_empty() => {
                files += 1;
                if files > 1 {
                    return Err(m::ONE_FILE.text(l).to_owned());
                }
                file = import::rows_from_file(&bytes).map_err(|e| super::unread_list(&e, l))?;
            }
            _ => {}
        }
    }
    let grid: Vec<Vec<String>> =
        units.into_iter().zip(categories).zip(counts).filter(|(_, n)| !n.is_empty() && n != "0").map(|((u, c), n)| vec![u, c, n]).collect();
    let filled: Vec<Vec<Vec<String>>> = [grid, text, file].into_iter().filter(|r| !r.is_empty()).collect();
    match filled.len() {
        0 => Err(said(&[PlanError { line: 0, problem: app::domain::plan::PlanProblem::Empty }], l)),
        1 => Ok((filled.into_iter().next().unwrap_or_default(), paper)),
        _ => Err(m::PLAN_ONE_SOURCE.text(l).to_owned()),
    }
}

/// Every wrong line, in one sentence: "第 2 行：…；第 5 行：…".
pub fn said(errors: &[PlanError], l: Locale) -> String {
    let c = texts(l).codes;
    let lines: Vec<String> = errors
        .iter()
        .map(|e| {
            let at = if e.line == 0 { c.whole_plan.to_owned() } else { c.line.replace("{n}", &e.line.to_string()) };
            format!("{at}: {}", problems::plan_problem(&e.problem, l))
        })
        .collect();
    format!("{} {}", c.plan_errors, lines.join("; "))
}
