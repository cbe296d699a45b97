//! The evaluator's sheet: what `/v/<code>` shows, and casting from the hydrated page.
//! The same [`BallotPage`] comes from a plain form post (no JavaScript) and from these
//! server functions, so both paths show exactly the same states.

use crate::domain::ballot::AnswerInput;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One target on the sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SheetTarget {
    /// Key.
    pub key: String,
    /// Name shown.
    pub name: String,
    /// Leading body (`true`) or cadre.
    pub body: bool,
}

/// One item on the sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SheetItem {
    /// Key.
    pub key: String,
    /// Question.
    pub title: String,
    /// The required overall item.
    pub overall: bool,
}

/// A code's sheet: what to rate and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SheetView {
    /// The code, printed form (it is in the page's address anyway).
    pub code: String,
    /// The round's title.
    pub title: String,
    /// The code's category name.
    pub category: String,
    /// Scale options: (key, label).
    pub options: Vec<(String, String)>,
    /// Items, in order.
    pub items: Vec<SheetItem>,
    /// Targets in the code's scope, in order.
    pub targets: Vec<SheetTarget>,
}

/// The state of the ballot page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(clippy::large_enum_variant)] // one value per page view; boxing buys nothing here
pub enum BallotPage {
    /// The sheet, possibly with answers given so far, an error, or the review panel.
    Sheet {
        /// What to rate.
        sheet: SheetView,
        /// Answers given so far.
        answers: Vec<AnswerInput>,
        /// Opinion so far.
        opinion: String,
        /// The receipt this page will submit with (made when the page was rendered).
        receipt: String,
        /// What is wrong with the last attempt.
        error: Option<String>,
        /// Show the review panel: the blank (target name, item title) pairs.
        review: Option<Vec<(String, String)>>,
    },
    /// Counted.
    Done {
        /// The receipt to keep.
        receipt: String,
    },
    /// The code cannot be used (unknown, used, round closed, too many attempts).
    Refused {
        /// What is wrong and what to do.
        message: String,
        /// The code was used already (the page may check a receipt it kept).
        used: bool,
        /// The HTTP status of the refusal (404, 409, 429).
        status: u16,
    },
}

/// The page state a plain form post computed; the page shows it instead of a fresh sheet.
#[derive(Debug, Clone)]
pub struct PostedBallot(pub BallotPage);

/// The sheet of a code (`/v/<code>`), or why it cannot be used.
#[server(prefix = "/sfn", endpoint = "open_ballot")]
pub async fn open_ballot(code: String) -> Result<BallotPage, AppError> {
    if let Some(PostedBallot(page)) = use_context::<PostedBallot>() {
        return Ok(page);
    }
    let ctx = server::Ctx::get().await?;
    Ok(server::open(&ctx, &code).await)
}

/// Casts (or, with blanks and `confirm == false`, reviews) a ballot from the hydrated page.
#[server(prefix = "/sfn", endpoint = "submit_ballot")]
pub async fn submit_ballot(
    code: String,
    answers: Vec<AnswerInput>,
    opinion: String,
    receipt: String,
    confirm: bool,
) -> Result<BallotPage, AppError> {
    let ctx = server::Ctx::get().await?;
    Ok(server::submit(&ctx, &code, answers, opinion, &receipt, confirm).await)
}

/// Whether a receipt was counted: `None` when malformed.
#[server(prefix = "/sfn", endpoint = "check_receipt")]
pub async fn check_receipt(receipt: String) -> Result<Option<bool>, AppError> {
    use crate::domain::ballot::Receipt;
    let Some(r) = Receipt::parse(&receipt) else { return Ok(None) };
    let state = crate::ssr::state()?;
    Ok(Some(crate::ssr::ballots::receipt_counted(&state.db, r).await.map_err(|e| {
        tracing::error!(error.cause = %e, "receipt check failed");
        AppError::Internal
    })?))
}

/// The server side of the ballot pages, shared with the plain form handler.
#[cfg(feature = "ssr")]
pub mod server {
    use super::*;
    use crate::domain::ballot::{blanks, validate, Receipt, Refusal};
    use crate::domain::round::TargetKind;
    use crate::i18n::Locale;
    use crate::ssr::ballots::{receipt_counted, CastError, Sheet};
    use crate::ssr::{AppState, ClientAddr};
    use rand::{rngs::OsRng, RngCore};
    use std::net::IpAddr;

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
            let locale =
                Locale::negotiate(header(axum::http::header::COOKIE), header(axum::http::header::ACCEPT_LANGUAGE));
            Ok(Self { state, addr, locale })
        }
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
            options: spec.scale.iter().map(|o| (o.key.clone(), o.label.clone())).collect(),
            items: spec.items.iter().map(|i| SheetItem { key: i.key.clone(), title: i.title.clone(), overall: i.overall }).collect(),
            targets: crate::domain::ballot::targets_in_scope(spec, sheet.code.scope.as_deref())
                .into_iter()
                .map(|(_, t)| SheetTarget { key: t.key.clone(), name: t.name.clone(), body: t.kind == TargetKind::Body })
                .collect(),
        }
    }

    fn refused(ctx: &Ctx, e: &CastError) -> BallotPage {
        let r = e.refusal();
        BallotPage::Refused { message: r.message(ctx.locale, None), used: r == Refusal::CodeUsed, status: r.status() }
    }

    fn fresh_receipt() -> String {
        Receipt::from_bits(OsRng.next_u64()).to_string()
    }

    /// The fresh sheet of a code.
    pub async fn open(ctx: &Ctx, code: &str) -> BallotPage {
        let svc = &ctx.state.ballots;
        let sheet = match svc.open(&ctx.state.db, &ctx.state.code_key, ctx.addr, code).await {
            Ok(s) => s,
            Err(e) => return refused(ctx, &e),
        };
        if let Err(e) = svc.ensure_open(&ctx.state.db, &sheet).await {
            return refused(ctx, &e);
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

    /// A submission: the review panel when items are blank and `confirm` is false, the
    /// sheet again with the reason when something is wrong, else the receipt.
    pub async fn submit(
        ctx: &Ctx,
        code: &str,
        answers: Vec<AnswerInput>,
        opinion: String,
        receipt: &str,
        confirm: bool,
    ) -> BallotPage {
        let svc = &ctx.state.ballots;
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
                return already_counted().await.unwrap_or_else(|| refused(ctx, &CastError::CodeUsed));
            }
            Err(e) => return refused(ctx, &e),
        };
        let spec = sheet.def.spec();
        let scope = sheet.code.scope.as_deref();
        let again = |error: Option<String>, review: Option<Vec<(String, String)>>, answers: Vec<AnswerInput>, opinion: String| {
            BallotPage::Sheet {
                sheet: view_of(&sheet, code),
                answers,
                opinion,
                receipt: kept.map_or_else(fresh_receipt, |r| r.to_string()),
                error,
                review,
            }
        };
        let opinion_opt = Some(opinion.clone()).filter(|o| !o.trim().is_empty());
        let valid = match validate(spec, scope, &answers, opinion_opt.as_deref()) {
            Ok(v) => v,
            Err(p) => return again(Some(Refusal::Invalid(p).message(ctx.locale, Some(spec))), None, answers, opinion),
        };
        if !confirm {
            let open_blanks = blanks(spec, scope, &valid);
            if !open_blanks.is_empty() {
                let named = open_blanks
                    .into_iter()
                    .map(|(t, i)| (spec.targets[t].name.clone(), spec.items[i].title.clone()))
                    .collect();
                return again(None, Some(named), answers, opinion);
            }
        }
        // The sheet is open and the answers are valid: only the round's state is left to check.
        let cast = match svc.ensure_open(db, &sheet).await {
            Ok(()) => svc.cast_opened(ctx.addr, &sheet, &valid, opinion_opt, kept).await,
            Err(e) => Err(e),
        };
        match cast {
            Ok(r) => BallotPage::Done { receipt: r.to_string() },
            Err(CastError::CodeUsed) => already_counted().await.unwrap_or_else(|| refused(ctx, &CastError::CodeUsed)),
            Err(CastError::BadReceipt) => {
                // Someone holds this receipt already: a fresh one, and the evaluator tries again.
                let msg = Refusal::BadReceipt.message(ctx.locale, None);
                BallotPage::Sheet {
                    sheet: view_of(&sheet, code),
                    answers,
                    opinion,
                    receipt: fresh_receipt(),
                    error: Some(msg),
                    review: None,
                }
            }
            Err(CastError::Db(e)) => again(Some(CastError::Db(e).refusal().message(ctx.locale, None)), None, answers, opinion),
            Err(e) => refused(ctx, &e),
        }
    }
}
