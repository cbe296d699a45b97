//! `ApiError`: the JSON error of the HTTP API, `{"error": {"code", "message"}}`. Which
//! status and code each refusal of the layers below gets is decided in one place, [`map`].

pub mod map;

use app::i18n::errors::{self as messages, Message};
use app::i18n::Locale;
use axum::{
    extract::{rejection::JsonRejection, FromRequest, FromRequestParts, Request},
    http::{header, request::Parts, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde::de::DeserializeOwned;
use serde_json::json;

/// An API error: status, stable snake_case code and a sentence in the caller's language.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable, machine-readable code.
    pub code: &'static str,
    /// Human sentence.
    pub message: String,
    /// Field-level details (JSON path, message), for validation errors.
    pub fields: Vec<(String, String)>,
}

impl ApiError {
    /// An error with a message from the catalogue.
    pub fn new(status: StatusCode, code: &'static str, message: Message, locale: Locale) -> Self {
        Self { status, code, message: message.text(locale).to_owned(), fields: Vec::new() }
    }

    /// An error with a message from the catalogue, its `{placeholders}` filled in.
    pub fn with(status: StatusCode, code: &'static str, message: Message, locale: Locale, vars: &[(&str, &str)]) -> Self {
        Self { status, code, message: message.fill(locale, vars), fields: Vec::new() }
    }

    /// 404 `not_found`.
    pub fn not_found(locale: Locale) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", messages::NOT_FOUND, locale)
    }

    /// 401 `unauthorized`.
    pub fn unauthorized(locale: Locale) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", messages::UNAUTHORIZED, locale)
    }

    /// 500 `internal`; the cause must already be logged.
    pub fn internal(locale: Locale) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", messages::INTERNAL, locale)
    }

    /// 422 with one message per field; the sentence lists them after `intro`.
    pub fn validation(code: &'static str, intro: &str, fields: Vec<(String, String)>) -> Self {
        let list = fields.iter().map(|(f, m)| format!("{f}: {m}")).collect::<Vec<_>>().join("; ");
        Self { status: StatusCode::UNPROCESSABLE_ENTITY, code, message: format!("{intro}{list}"), fields }
    }

    fn from_json_rejection(rej: JsonRejection, locale: Locale) -> Self {
        match rej {
            JsonRejection::MissingJsonContentType(_) => {
                Self::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", messages::WRONG_CONTENT_TYPE, locale)
            }
            JsonRejection::BytesRejection(b) if b.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Self::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", messages::PAYLOAD_TOO_LARGE, locale)
            }
            other => Self {
                status: StatusCode::BAD_REQUEST,
                code: "invalid_json",
                message: format!("{}{}", messages::INVALID_JSON.text(locale), other.body_text()),
                fields: Vec::new(),
            },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut error = json!({ "code": self.code, "message": self.message });
        if !self.fields.is_empty() {
            error["fields"] = self.fields.iter().map(|(field, message)| json!({ "field": field, "message": message })).collect();
        }
        let body = json!({ "error": error });
        (self.status, Json(body)).into_response()
    }
}

/// The caller's language, from the `lang` cookie or `Accept-Language`.
pub fn locale_of(headers: &HeaderMap) -> Locale {
    let h = |name| headers.get(name).and_then(|v| v.to_str().ok());
    Locale::negotiate(h(header::COOKIE), h(header::ACCEPT_LANGUAGE))
}

/// Extractor for the caller's [`Locale`].
#[derive(Debug, Clone, Copy)]
pub struct ReqLocale(pub Locale);

impl<S: Send + Sync> FromRequestParts<S> for ReqLocale {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(ReqLocale(locale_of(&parts.headers)))
    }
}

/// `Json<T>` whose rejections use the API error shape, in the caller's language.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let locale = locale_of(req.headers());
        match Json::<T>::from_request(req, state).await {
            Ok(Json(value)) => Ok(ApiJson(value)),
            Err(rej) => Err(ApiError::from_json_rejection(rej, locale)),
        }
    }
}

/// The error body of every API error (for the OpenAPI document).
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// `error` of [`ErrorBody`].
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable snake_case code, e.g. `round_not_found`.
    pub code: String,
    /// A sentence in the caller's language.
    pub message: String,
    /// Field-level problems of a validation error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<FieldDetail>>,
}

/// One field's problem.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct FieldDetail {
    /// JSON path of the field.
    pub field: String,
    /// What is wrong.
    pub message: String,
}
