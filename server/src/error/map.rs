//! Every refusal of the layers below as the JSON API answers it: one `From<In<E>>` per
//! error type, and nowhere else. The sentences come from `i18n::errors` in the caller's
//! language; the form handlers of the pages use the same mapping and show its message.

use super::ApiError;
use app::domain::access::Denied;
use app::domain::account::AccountError;
use app::domain::ballot::Refusal;
use app::domain::ledger::Wrong;
use app::domain::reevaluation::Refusal as Reeval;
use app::domain::round::Violation;
use app::error::AppError;
use app::i18n::errors::{self as m};
use app::i18n::{problems, texts, Locale};
use app::ssr::accounts::{CreateAccountError, ManageError};
use app::ssr::auth::LoginError;
use app::ssr::ballots::CastError;
use app::ssr::codes::{CodeServiceError, PlanRefusal};
use app::ssr::results::ResultsError;
use app::ssr::rounds::RoundError;
use app::ssr::steering_error::{InvalidInput, SteeringError};
use axum::http::StatusCode;

/// An error of a layer below, with the language to say it in.
pub struct In<E>(pub E, pub Locale);

/// `result.or_api(locale)?`: a result of a layer below, its error as the API says it.
pub trait OrApi<T> {
    /// The result with its error mapped.
    fn or_api(self, locale: Locale) -> Result<T, ApiError>;
}

impl<T, E> OrApi<T> for Result<T, E>
where
    ApiError: From<In<E>>,
{
    fn or_api(self, locale: Locale) -> Result<T, ApiError> {
        self.map_err(|e| ApiError::from(In(e, locale)))
    }
}

fn internal(cause: &dyn std::fmt::Display, what: &str, locale: Locale) -> ApiError {
    tracing::error!(error.cause = %cause, "{what} failed");
    ApiError::internal(locale)
}

fn fields(v: Vec<Violation>, locale: Locale) -> Vec<(String, String)> {
    v.into_iter().map(|v| (v.field, problems::problem(&v.problem, locale))).collect()
}

/// 404 for a round (also for one outside the caller's view: its id is not confirmed).
pub fn round_not_found(locale: Locale) -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "round_not_found", m::ROUND_NOT_FOUND, locale)
}

impl From<In<RoundError>> for ApiError {
    fn from(In(e, l): In<RoundError>) -> Self {
        match e {
            RoundError::Invalid(v) => ApiError::validation("invalid_round", m::INVALID_ROUND.text(l), fields(v, l)),
            RoundError::NotFound => round_not_found(l),
            RoundError::WrongState(w) => ApiError::with(
                StatusCode::CONFLICT,
                "wrong_state",
                m::WRONG_STATE,
                l,
                &[("from", w.from.as_str()), ("action", w.transition.as_str())],
            ),
            RoundError::NotEditable(s) => ApiError::with(StatusCode::CONFLICT, "not_editable", m::NOT_EDITABLE, l, &[("from", s.as_str())]),
            RoundError::NotReady(v) => {
                ApiError { status: StatusCode::CONFLICT, ..ApiError::validation("round_not_ready", m::NOT_READY.text(l), fields(v, l)) }
            }
            RoundError::Db(e) => internal(&e, "a round operation", l),
        }
    }
}

impl From<In<sea_orm::DbErr>> for ApiError {
    fn from(In(e, l): In<sea_orm::DbErr>) -> Self {
        internal(&e, "a database operation", l)
    }
}

impl From<In<CodeServiceError>> for ApiError {
    fn from(In(e, l): In<CodeServiceError>) -> Self {
        let unprocessable = |code, msg: m::Message, field: &str, key: &str| {
            let text = msg.fill(l, &[("key", key)]);
            ApiError { status: StatusCode::UNPROCESSABLE_ENTITY, code, message: text.clone(), fields: vec![(field.to_owned(), text)] }
        };
        match e {
            CodeServiceError::RoundNotFound => round_not_found(l),
            CodeServiceError::WrongState(s) => {
                ApiError::with(StatusCode::CONFLICT, "wrong_state", m::CODES_WRONG_STATE, l, &[("from", s.as_str())])
            }
            CodeServiceError::UnknownCategory(k) => unprocessable("unknown_category", m::UNKNOWN_CATEGORY, "category", &k),
            CodeServiceError::UnknownTarget(k) => unprocessable("unknown_target", m::UNKNOWN_TARGET, "targets", &k),
            CodeServiceError::BadCount => unprocessable("invalid_count", m::BAD_COUNT, "count", ""),
            CodeServiceError::NothingToReissue(b) => {
                ApiError::with(StatusCode::CONFLICT, "nothing_to_reissue", m::NOTHING_TO_REISSUE, l, &[("batch", &b.to_string())])
            }
            CodeServiceError::UnknownUnit(k) => unprocessable("unknown_unit", m::UNKNOWN_UNIT, "unit", &k),
            CodeServiceError::OutsideUnit(k) => unprocessable("outside_unit", m::OUTSIDE_UNIT, "targets", &k),
            CodeServiceError::Db(e) => internal(&e, "a code operation", l),
        }
    }
}

impl From<In<PlanRefusal>> for ApiError {
    fn from(In(e, l): In<PlanRefusal>) -> Self {
        match e {
            PlanRefusal::Lines(errors) => {
                let fields = errors
                    .iter()
                    .map(|e| {
                        let field = if e.line == 0 { "plan".to_owned() } else { format!("plan[{}]", e.line - 1) };
                        (field, problems::plan_problem(&e.problem, l))
                    })
                    .collect();
                ApiError::validation("invalid_plan", m::INVALID_PLAN.text(l), fields)
            }
            PlanRefusal::Service(e) => ApiError::from(In(e, l)),
        }
    }
}

/// The HTTP status and API code of a refused ballot (API.md, "Ballots").
pub fn refusal_status(r: &Refusal) -> (StatusCode, &'static str) {
    match r {
        Refusal::UnknownCode => (StatusCode::NOT_FOUND, "unknown_code"),
        Refusal::CodeUsed => (StatusCode::CONFLICT, "code_used"),
        Refusal::RoundNotOpen => (StatusCode::CONFLICT, "round_not_open"),
        Refusal::Invalid(_) | Refusal::BadReceipt => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_ballot"),
        Refusal::OtherRound => (StatusCode::UNPROCESSABLE_ENTITY, "code_of_another_round"),
        Refusal::RateLimited { .. } => (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
        Refusal::Unavailable => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
    }
}

/// A refused ballot, in the words of the sheet it was cast on (`spec`) when known.
pub fn refusal(r: &Refusal, l: Locale, spec: Option<&app::domain::round::RoundSpec>) -> ApiError {
    let (status, code) = refusal_status(r);
    let message = problems::refusal(r, l, spec);
    let fields = if matches!(r, Refusal::Invalid(_)) { vec![("answers".to_owned(), message.clone())] } else { Vec::new() };
    ApiError { status, code, message, fields }
}

impl From<In<CastError>> for ApiError {
    fn from(In(e, l): In<CastError>) -> Self {
        refusal(&e.refusal(), l, None)
    }
}

impl From<In<Denied>> for ApiError {
    fn from(In(e, l): In<Denied>) -> Self {
        match e {
            Denied::NotFound => round_not_found(l),
            Denied::NotPublished => ApiError::new(StatusCode::FORBIDDEN, "forbidden", m::NOT_PUBLISHED, l),
        }
    }
}

impl From<In<SteeringError>> for ApiError {
    fn from(In(e, l): In<SteeringError>) -> Self {
        let invalid = |msg: m::Message| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", msg, l);
        match e {
            SteeringError::NotFound => ApiError::new(StatusCode::NOT_FOUND, "not_found", m::STEERING_NOT_FOUND, l),
            SteeringError::RoundNotFound => round_not_found(l),
            SteeringError::NotPublished => ApiError::from(In(Denied::NotPublished, l)),
            SteeringError::Invalid(i) => invalid(match i {
                InvalidInput::GroupName => m::GROUP_NAME,
                InvalidInput::SteeringAccount => m::NO_STEERING_ACCOUNT,
                InvalidInput::ViewerAccount => m::NO_VIEWER_ACCOUNT,
                InvalidInput::TargetKey => m::NO_SUCH_TARGET_KEY,
                InvalidInput::Round => m::NO_SUCH_ROUND,
                InvalidInput::Scope => m::SCOPE_EITHER,
                InvalidInput::LessonText => m::LESSON_TEXT,
                InvalidInput::Date => m::BAD_DATE,
                InvalidInput::NoLessons => m::NO_LESSONS_YET,
                InvalidInput::Ledger(w) => match w {
                    Wrong::Title => m::LEDGER_TITLE,
                    Wrong::Source => m::LEDGER_SOURCE,
                    Wrong::Measure => m::LEDGER_MEASURE,
                    Wrong::Owner => m::LEDGER_OWNER,
                    Wrong::Deadline => m::LEDGER_DEADLINE,
                    Wrong::Status => m::LEDGER_STATUS,
                    Wrong::Evidence => m::LEDGER_EVIDENCE,
                },
            }),
            SteeringError::Duplicate => ApiError::new(StatusCode::CONFLICT, "duplicate", m::GROUP_TAKEN, l),
            SteeringError::Refused(r) => {
                let (status, code) = match &r {
                    Reeval::NotClosed(_) => (StatusCode::CONFLICT, "round_not_closed"),
                    Reeval::NoTargets | Reeval::Unknown(_) => (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed"),
                    Reeval::NotAssigned(_) => (StatusCode::FORBIDDEN, "not_assigned"),
                    Reeval::NotFlagged(_) => (StatusCode::CONFLICT, "not_flagged"),
                    Reeval::Pending(_) => (StatusCode::CONFLICT, "reevaluation_pending"),
                    Reeval::MeasuresOpen(_) => (StatusCode::CONFLICT, "measures_open"),
                };
                ApiError { status, code, message: m::reevaluation(&r, l), fields: Vec::new() }
            }
            SteeringError::Db(e) => internal(&e, "a steering operation", l),
        }
    }
}

impl From<In<ResultsError>> for ApiError {
    fn from(In(e, l): In<ResultsError>) -> Self {
        match e {
            ResultsError::NotFound => round_not_found(l),
            ResultsError::NotClosed(s) => {
                ApiError::with(StatusCode::CONFLICT, "round_not_closed", m::NOT_CLOSED, l, &[("from", s.as_str())])
            }
            ResultsError::Db(e) => internal(&e, "reading results", l),
        }
    }
}

impl From<In<ManageError>> for ApiError {
    fn from(In(e, l): In<ManageError>) -> Self {
        let t = texts(l).accounts;
        let says = |status, code, text: &str| ApiError { status, code, message: text.to_owned(), fields: Vec::new() };
        match e {
            ManageError::NotFound => says(StatusCode::NOT_FOUND, "account_not_found", t.err_not_found),
            ManageError::LastAdmin => says(StatusCode::CONFLICT, "last_admin", t.err_last_admin),
            ManageError::Unexpected(cause) => internal(&format!("{cause:#}"), "an account operation", l),
        }
    }
}

impl From<In<CreateAccountError>> for ApiError {
    fn from(In(e, l): In<CreateAccountError>) -> Self {
        let t = texts(l).accounts;
        match e {
            CreateAccountError::Invalid(AccountError::UnknownRole(_)) => {
                ApiError::validation("invalid_account", "", vec![("role".into(), t.err_role.to_owned())])
            }
            CreateAccountError::Invalid(_) => {
                ApiError::validation("invalid_account", "", vec![("username".into(), t.err_username.to_owned())])
            }
            CreateAccountError::UsernameTaken(u) => ApiError {
                status: StatusCode::CONFLICT,
                code: "username_taken",
                message: t.err_taken.replace("{username}", &u),
                fields: Vec::new(),
            },
            CreateAccountError::Unexpected(cause) => internal(&format!("{cause:#}"), "creating an account", l),
        }
    }
}

impl From<In<LoginError>> for ApiError {
    fn from(In(e, l): In<LoginError>) -> Self {
        let minutes =
            |msg: m::Message, code, n: i64| ApiError::with(StatusCode::TOO_MANY_REQUESTS, code, msg, l, &[("minutes", &n.to_string())]);
        match e {
            LoginError::Empty => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "missing_credentials", m::MISSING_CREDENTIALS, l),
            LoginError::InvalidCredentials => ApiError::new(StatusCode::UNAUTHORIZED, "invalid_credentials", m::INVALID_CREDENTIALS, l),
            LoginError::Throttled(n) => minutes(m::RATE_LIMITED, "rate_limited", n),
            LoginError::Disabled => ApiError::new(StatusCode::FORBIDDEN, "account_disabled", m::ACCOUNT_DISABLED, l),
            LoginError::Unexpected(cause) => internal(&format!("{cause:#}"), "a sign-in", l),
        }
    }
}

impl From<In<AppError>> for ApiError {
    fn from(In(e, l): In<AppError>) -> Self {
        match e {
            AppError::NotFound => ApiError::not_found(l),
            AppError::Unauthorized => ApiError::unauthorized(l),
            AppError::Forbidden => ApiError::new(StatusCode::FORBIDDEN, "forbidden", m::FORBIDDEN, l),
            AppError::Validation(fields) => {
                ApiError::validation("validation_failed", "", fields.into_iter().map(|f| (f.field, f.message)).collect())
            }
            AppError::Conflict(message) => ApiError { status: StatusCode::CONFLICT, code: "conflict", message, fields: Vec::new() },
            AppError::Internal | AppError::ServerFn(_) => ApiError::internal(l),
        }
    }
}
