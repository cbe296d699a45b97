//! Conversions of internal failures into [`AppError`]: the one place that logs them.

use crate::error::AppError;
use sea_orm::{DbErr, SqlErr};

impl From<DbErr> for AppError {
    fn from(err: DbErr) -> Self {
        match err {
            DbErr::RecordNotFound(_) => AppError::NotFound,
            ref e if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                AppError::Conflict("already exists".into())
            }
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
