//! `GET /api/v1/openapi.json`: the OpenAPI 3 document, generated from the handlers and
//! types themselves (utoipa), so it cannot drift from the code.

use super::{accounts, audit, ballots, codes, results, rounds, session, steering};
use crate::error::{ErrorBody, ErrorDetail, FieldDetail};
use app::domain::account::Role;
use app::domain::lifecycle::Status;
use app::domain::round::{
    CategorySpec, CategoryTurnout, FlagBasis, ItemSpec, Polarity, Round, RoundSpec, ScaleOption, TargetKind, TargetSpec,
};
use app::server_fns::auth::UserView;
use app::ssr::codes::IssueRequest;
use axum::Json;
use utoipa::OpenApi;

/// The document.
#[derive(OpenApi)]
#[openapi(
    info(title = "Minping API", description = "Anonymous democratic appraisal rounds (民评).", version = "1"),
    paths(
        session::create, session::show, session::destroy,
        rounds::create, rounds::list, rounds::show, rounds::update, rounds::copy, rounds::transition,
        codes::issue, codes::revoke, codes::summary,
        audit::recent,
        ballots::cast, ballots::receipt,
        results::show,
        steering::reevaluate, steering::flag, steering::add_lesson, steering::lessons_done,
        steering::groups, steering::create_group, steering::add_member, steering::remove_member,
        steering::add_target, steering::remove_target, steering::add_scope,
        accounts::list, accounts::create, accounts::set_state, accounts::reset_password,
    ),
    components(schemas(
        ErrorBody, ErrorDetail, FieldDetail, UserView, Role, session::Credentials,
        RoundSpec, Round, ScaleOption, Polarity, CategorySpec, ItemSpec, TargetSpec, TargetKind, FlagBasis, Status,
        rounds::RoundListItem, IssueRequest, codes::IssuedCodes, codes::RevokeRequest, codes::Revoked, codes::Summary,
        CategoryTurnout, ballots::BallotRequest, app::domain::ballot::AnswerInput, ballots::BallotReceipt, ballots::ReceiptStatus,
        app::ssr::results::ResultsView, app::ssr::results::TargetView, app::ssr::results::TallyView,
        app::ssr::results::CategoryView, app::ssr::results::TurnoutView, app::domain::tally::FlagStatus,
        app::ssr::results::BeforeView, app::domain::reevaluation::FlagState,
        steering::ReevaluateBody, steering::FlagBody, steering::LessonBody, steering::GroupBody, steering::Created,
        steering::MemberBody, steering::TargetBody, steering::ScopeBody,
        app::ssr::accounts::AccountView, accounts::NewAccount, accounts::OneTimePassword,
        app::ssr::steering::FlagView, app::ssr::steering::LessonView, app::ssr::steering::GroupView, app::ssr::steering::AssignedTarget,
    ))
)]
pub struct ApiDoc;

/// `GET /api/v1/openapi.json`.
pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
