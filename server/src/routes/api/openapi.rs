//! `GET /api/v1/openapi.json`: the OpenAPI 3 document, generated from the handlers and
//! types themselves (utoipa), so it cannot drift from the code.

use super::{
    accounts, audit, ballots, codes, hall, history, indicators, ledger, ledger_xlsx, opinions, paper, public_link, report, results, rounds,
    session, steering,
};
use crate::error::{ErrorBody, ErrorDetail, FieldDetail};
use app::domain::account::Role;
use app::domain::lifecycle::Status;
use app::domain::round::{
    AppliesTo, CategorySpec, CategoryTurnout, FlagBasis, ItemSpec, KindRules, Polarity, Round, RoundSpec, RulesByKind, ScaleOption,
    TargetKind, TargetSpec, Threshold,
};
use app::ssr::codes::IssueRequest;
use app::views::auth::UserView;
use axum::Json;
use utoipa::OpenApi;

/// The document.
#[derive(OpenApi)]
#[openapi(
    info(title = "Minping API", description = "Anonymous democratic appraisal rounds (民评).", version = "1"),
    paths(
        session::create, session::show, session::destroy,
        rounds::create, rounds::list, rounds::show, rounds::update, rounds::copy, rounds::transition,
        codes::issue, codes::plan, codes::revoke, codes::summary,
        audit::recent,
        ballots::cast, ballots::receipt, paper::cast, paper::reconciliation, paper::reconciliation_xlsx,
        hall::make, hall::withdraw, hall::counts, public_link::make, public_link::withdraw,
        results::show, results::csv, results::xlsx, opinions::csv, opinions::xlsx, indicators::show, results::chart_png, report::docx, history::history,
        steering::reevaluate, steering::flag, steering::add_lesson, steering::lessons_done,
        steering::groups, steering::create_group, steering::add_member, steering::remove_member,
        steering::add_target, steering::remove_target, steering::add_scope,
        ledger::problems, ledger::add_problem, ledger::add_measure, ledger::set_status, ledger_xlsx::xlsx,
        accounts::list, accounts::create, accounts::set_state, accounts::reset_password,
    ),
    components(schemas(
        ErrorBody, ErrorDetail, FieldDetail, UserView, Role, session::Credentials,
        RoundSpec, Round, ScaleOption, Polarity, CategorySpec, ItemSpec, TargetSpec, TargetKind, FlagBasis, Status,
        rounds::RoundListItem, IssueRequest, codes::IssuedCodes, codes::RevokeRequest, codes::Revoked, codes::Summary,
        codes::UnitCounts, codes::PlanIssued, codes::BatchCodes, app::ssr::codes::PlanRequest, app::domain::plan::PlanLine,
        AppliesTo, KindRules, RulesByKind, Threshold, app::ssr::results::TurnoutCell,
        history::HistoryView, history::HistoryRoundView,
        CategoryTurnout, app::domain::ballot::BallotRequest, app::domain::ballot::AnswerInput, ballots::BallotReceipt, ballots::ReceiptStatus,
        app::ssr::reconciliation::Reconciliation, app::ssr::reconciliation::ReconciliationRow, hall::HallLink, hall::HallCountsView, public_link::PublicLink, indicators::IndicatorsView, indicators::IndicatorCounts, indicators::CategoryIndicatorsView,
        app::ssr::results::ResultsView, app::ssr::results::TargetView, app::ssr::results::TallyView,
        app::ssr::results::CategoryView, app::ssr::results::TurnoutView, app::domain::tally::FlagStatus,
        app::ssr::results::BeforeView, app::domain::reevaluation::FlagState,
        steering::ReevaluateBody, steering::FlagBody, steering::LessonBody, steering::GroupBody, steering::Created,
        steering::MemberBody, steering::TargetBody, steering::ScopeBody,
        app::ssr::accounts::AccountView, accounts::NewAccount, accounts::OneTimePassword,
        app::views::steering::FlagView, app::views::steering::LessonView, app::views::steering::GroupView, app::views::steering::AssignedTarget,
        ledger::ProblemBody, ledger::MeasureBody, ledger::StatusBody, app::views::steering::LedgerView, app::views::steering::ProblemView,
        app::views::steering::MeasureView, app::domain::ledger::ProblemSource, app::domain::ledger::MeasureStatus,
    )),
    modifiers(&CommonErrors)
)]
pub struct ApiDoc;

/// The error answers every operation can give besides its own: a body that is not JSON of
/// the operation's shape (400), too large (413) or of another type (415); and, except for
/// the public operations (signing in, ballots, receipts), not signed in (401) or a role
/// that may not (403). All in the `ErrorBody` shape.
struct CommonErrors;

impl utoipa::Modify for CommonErrors {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
        let error = |description: &str| {
            ResponseBuilder::new()
                .description(description)
                .content("application/json", ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build())
                .build()
        };
        for (path, item) in doc.paths.paths.iter_mut() {
            let public =
                matches!(path.as_str(), "/api/v1/session" | "/api/v1/ballots" | "/api/v1/receipts/{receipt}" | "/api/v1/hall/{token}");
            for op in [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch].into_iter().flatten() {
                let has_body = op.request_body.is_some();
                let responses = &mut op.responses.responses;
                let mut add = |code: &str, description: &str| {
                    responses.entry(code.to_owned()).or_insert_with(|| error(description).into());
                };
                if has_body {
                    add("400", "bad_request: the body is not JSON of this operation's shape");
                    add("413", "payload_too_large: the body is over 64 KiB");
                    add("415", "unsupported_media_type: the body is not application/json");
                }
                if !public {
                    add("401", "unauthorized: not signed in");
                    add("403", "forbidden: the caller's role may not do this");
                }
            }
        }
    }
}

/// `GET /api/v1/openapi.json`.
pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
