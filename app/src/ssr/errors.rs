//! Conversions of internal failures into [`AppError`]: the one place that logs them.

use crate::error::AppError;
use sea_orm::{DbErr, SqlErr};

impl From<DbErr> for AppError {
    fn from(err: DbErr) -> Self {
        match err {
            DbErr::RecordNotFound(_) => AppError::NotFound,
            ref e if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => AppError::Conflict("already exists".into()),
            other => {
                tracing::error!(error.cause = %other, "database operation failed");
                AppError::Internal
            }
        }
    }
}

impl From<anyhow::Error> for AppError {
    fn from(err: anyhow::Error) -> Self {
        tracing::error!(error.cause = format!("{err:#}"), "internal operation failed");
        AppError::Internal
    }
}

impl From<tokio::task::JoinError> for AppError {
    fn from(err: tokio::task::JoinError) -> Self {
        tracing::error!(error.cause = %err, "background task failed");
        AppError::Internal
    }
}

impl From<crate::ssr::steering_error::SteeringError> for AppError {
    fn from(err: crate::ssr::steering_error::SteeringError) -> Self {
        use crate::ssr::steering_error::SteeringError as E;
        match err {
            E::NotFound | E::RoundNotFound => AppError::NotFound,
            E::NotPublished => AppError::Forbidden,
            E::Db(e) => e.into(),
            other => AppError::Conflict(other.to_string()),
        }
    }
}

impl From<crate::ssr::rounds::RoundError> for AppError {
    fn from(err: crate::ssr::rounds::RoundError) -> Self {
        use crate::ssr::rounds::RoundError as E;
        match err {
            E::NotFound => AppError::NotFound,
            E::Db(e) => e.into(),
            other => AppError::Conflict(other.to_string()),
        }
    }
}
