//! The server side of the evaluator's pages (`/v/<code>`): the state the page shows —
//! the sheet, its review, the receipt, or why the code cannot be used — for a fresh code or
//! a submission. Shared by the page's server functions and the plain form post, so both
//! paths show exactly the same states.

use crate::domain::ballot::AnswerInput;
use crate::domain::ballot::{blanks, validate, Receipt, Refusal};
use crate::domain::round::TargetKind;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ssr::ballots::{receipt_counted, CastError, Sheet};
use crate::ssr::{AppState, ClientAddr};
use crate::views::ballot::{BallotPage, SheetItem, SheetTarget, SheetView};
use leptos::prelude::*;
use rand::{rngs::OsRng, RngCore};
use std::net::IpAddr;

/// Who fills in the sheet: the evaluator on a phone, or a clerk entering a paper sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `/v/<code>`.
    Phone,
    /// `/entry/<code>`: counted as paper; a used code is refused with the clerk's sentence;
    /// every submission is reviewed in full before it is cast.
    Paper,
}

/// Who is asking, in which language.
pub struct Ctx {
    /// Application state.
    pub state: AppState,
    /// Client address.
    pub addr: IpAddr,
    /// Language.
    pub locale: Locale,
}

impl Ctx {
    /// From inside a server function or a rendering page.
    pub async fn get() -> Result<Self, AppError> {
        let state = crate::ssr::state()?;
        let parts = use_context::<axum::http::request::Parts>().ok_or(AppError::Internal)?;
        let addr = parts.extensions.get::<ClientAddr>().map_or(IpAddr::from([127, 0, 0, 1]), |a| a.0);
        let header = |name| parts.headers.get(name).and_then(|v| v.to_str().ok());
        let locale = Locale::negotiate(header(axum::http::header::COOKIE), header(axum::http::header::ACCEPT_LANGUAGE));
        Ok(Self { state, addr, locale })
    }
}

fn labels(scale: &[crate::domain::round::ScaleOption]) -> Vec<(String, String)> {
    scale.iter().map(|o| (o.key.clone(), o.label.clone())).collect()
}

fn view_of(sheet: &Sheet, code: &str) -> SheetView {
    let spec = sheet.def.spec();
    let category = sheet
        .def
        .category_pos
        .get(&sheet.code.category_id)
        .and_then(|p| spec.categories.get(*p))
        .map(|c| c.name.clone())
        .unwrap_or_default();
    SheetView {
        code: crate::domain::code::Code::parse(code).map(|c| c.to_string()).unwrap_or_default(),
        title: spec.title.clone(),
        category,
        options: labels(&spec.scale),
        cadre_options: spec.cadre_scale.as_deref().map(labels).unwrap_or_default(),
        items: spec
            .items
            .iter()
            .map(|i| SheetItem {
                key: i.key.clone(),
                title: i.title.clone(),
                overall: i.overall,
                body: i.applies_to.covers(TargetKind::Body),
                cadre: i.applies_to.covers(TargetKind::Cadre),
            })
            .collect(),
        targets: crate::domain::ballot::targets_in_scope(spec, sheet.code.scope.as_deref())
            .into_iter()
            .map(|(_, t)| SheetTarget {
                key: t.key.clone(),
                name: t.name.clone(),
                body: t.kind == TargetKind::Body,
                position: t.position.clone(),
            })
            .collect(),
    }
}

fn refused(ctx: &Ctx, e: &CastError, mode: Mode) -> BallotPage {
    let r = e.refusal();
    let message = match (mode, e) {
        (Mode::Paper, CastError::CodeUsed) => crate::i18n::errors::PAPER_CODE_USED.text(ctx.locale).to_owned(),
        _ => crate::i18n::problems::refusal(&r, ctx.locale, None),
    };
    BallotPage::Refused { message, used: r == Refusal::CodeUsed, refusal: r }
}

fn fresh_receipt() -> String {
    Receipt::from_bits(OsRng.next_u64()).to_string()
}

/// The fresh sheet of a code.
pub async fn open(ctx: &Ctx, code: &str, mode: Mode) -> BallotPage {
    let svc = &ctx.state.ballots;
    let sheet = match svc.open(&ctx.state.db, &ctx.state.code_key, ctx.addr, code).await {
        Ok(s) => s,
        Err(e) => return refused(ctx, &e, mode),
    };
    if let Err(e) = svc.ensure_open(&ctx.state.db, &sheet).await {
        return refused(ctx, &e, mode);
    }
    BallotPage::Sheet {
        sheet: view_of(&sheet, code),
        answers: Vec::new(),
        opinion: String::new(),
        receipt: fresh_receipt(),
        error: None,
        review: None,
    }
}

/// What was filled in on a sheet.
pub struct Filled {
    /// The answers given.
    pub answers: Vec<AnswerInput>,
    /// The opinion as typed.
    pub opinion: String,
    /// The page's receipt, as the page holds it.
    pub receipt: String,
    /// The evaluator confirmed the review.
    pub confirm: bool,
}

/// A submission: the review panel when items are blank (in [`Mode::Paper`]: always) and
/// `confirm` is false, the sheet again with the reason when something is wrong, else the
/// receipt.
pub async fn submit(ctx: &Ctx, code: &str, filled: Filled, mode: Mode) -> BallotPage {
    let Filled { answers, opinion, receipt, confirm } = filled;
    let receipt = receipt.as_str();
    let svc = &ctx.state.ballots;
    // The same turn as the API's: one limit for every door (`BALLOTS_IN_FLIGHT`).
    let _turn = svc.turn().await;
    let db = &ctx.state.db;
    let kept = Receipt::parse(receipt);
    // A retry of a ballot that was counted (lost answer, double tap, reload of the
    // result page): the code is used and this page's own receipt is counted.
    let already_counted = || async {
        match kept {
            Some(r) => receipt_counted(db, r).await.unwrap_or(false).then(|| BallotPage::Done { receipt: r.to_string() }),
            None => None,
        }
    };
    let sheet = match svc.open(db, &ctx.state.code_key, ctx.addr, code).await {
        Ok(s) => s,
        Err(CastError::CodeUsed) => {
            return already_counted().await.unwrap_or_else(|| refused(ctx, &CastError::CodeUsed, mode));
        }
        Err(e) => return refused(ctx, &e, mode),
    };
    let spec = sheet.def.spec();
    let scope = sheet.code.scope.as_deref();
    let again =
        |error: Option<String>, review: Option<Vec<(String, String)>>, answers: Vec<AnswerInput>, opinion: String| BallotPage::Sheet {
            sheet: view_of(&sheet, code),
            answers,
            opinion,
            receipt: kept.map_or_else(fresh_receipt, |r| r.to_string()),
            error,
            review,
        };
    let opinion_opt = Some(opinion.clone()).filter(|o| !o.trim().is_empty());
    let valid = match validate(spec, scope, &answers, opinion_opt.as_deref()) {
        Ok(v) => v,
        Err(p) => return again(Some(crate::i18n::problems::refusal(&Refusal::Invalid(p), ctx.locale, Some(spec))), None, answers, opinion),
    };
    if !confirm {
        let open_blanks = blanks(spec, scope, &valid);
        if !open_blanks.is_empty() || mode == Mode::Paper {
            let named = open_blanks.into_iter().map(|(t, i)| (spec.targets[t].name.clone(), spec.items[i].title.clone())).collect();
            return again(None, Some(named), answers, opinion);
        }
    }
    // The sheet is open and the answers are valid: only the round's state is left to check.
    let cast = match svc.ensure_open(db, &sheet).await {
        Ok(()) => svc.cast_opened(ctx.addr, &sheet, &valid, opinion_opt, kept, mode == Mode::Paper).await,
        Err(e) => Err(e),
    };
    match cast {
        Ok(r) => BallotPage::Done { receipt: r.to_string() },
        Err(CastError::CodeUsed) => already_counted().await.unwrap_or_else(|| refused(ctx, &CastError::CodeUsed, mode)),
        Err(CastError::BadReceipt) => {
            // Someone holds this receipt already: a fresh one, and the evaluator tries again.
            let msg = crate::i18n::problems::refusal(&Refusal::BadReceipt, ctx.locale, None);
            BallotPage::Sheet { sheet: view_of(&sheet, code), answers, opinion, receipt: fresh_receipt(), error: Some(msg), review: None }
        }
        Err(CastError::Db(e)) => {
            let r = CastError::Db(e).refusal();
            again(Some(crate::i18n::problems::refusal(&r, ctx.locale, None)), None, answers, opinion)
        }
        Err(e) => refused(ctx, &e, mode),
    }
}
