//! `AppError`: the one error type of server functions, shared by browser and server.

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

/// A field that failed validation, with a message for the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The form field or JSON path.
    pub field: String,
    /// What is wrong, in the user's language.
    pub message: String,
}

/// Every error a server function can return. Internal causes are logged on the server
/// and never sent: the browser only learns that something went wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AppError {
    /// Nothing with that id, or nothing the caller may know exists.
    #[error("not found")]
    NotFound,
    /// Not signed in.
    #[error("sign-in required")]
    Unauthorized,
    /// Signed in, but the role does not allow it.
    #[error("forbidden")]
    Forbidden,
    /// The input is wrong; each field says why.
    #[error("invalid input")]
    Validation(Vec<FieldError>),
    /// The request conflicts with the current state.
    #[error("{0}")]
    Conflict(String),
    /// A server fault; details are in the server log only.
    #[error("internal error")]
    Internal,
    /// The server function machinery failed (network, decoding).
    #[error("request failed: {0}")]
    ServerFn(String),
}

impl AppError {
    /// The HTTP status this error maps to.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::Validation(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::Internal | AppError::ServerFn(_) => 500,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::ServerFn(value.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_has_the_status_the_api_promises() {
        assert_eq!(AppError::NotFound.status_code(), 404);
        assert_eq!(AppError::Unauthorized.status_code(), 401);
        assert_eq!(AppError::Forbidden.status_code(), 403);
        assert_eq!(AppError::Validation(vec![]).status_code(), 422);
        assert_eq!(AppError::Conflict("x".into()).status_code(), 409);
        assert_eq!(AppError::Internal.status_code(), 500);
    }
}
