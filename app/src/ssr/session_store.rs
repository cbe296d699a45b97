//! A tower-sessions store in the database, so that sessions survive a restart and are
//! shared by every server process on one PostgreSQL.

use crate::ssr::db::entities::session;
use async_trait::async_trait;
use sea_orm::{sea_query::Expr, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use time::OffsetDateTime;
use tower_sessions::{
    session::{Id, Record},
    session_store::{self, ExpiredDeletion},
    SessionStore,
};

/// Stores sessions in the `sessions` table.
#[derive(Clone, Debug)]
pub struct DbSessionStore {
    db: DatabaseConnection,
}

impl DbSessionStore {
    /// A store on this database.
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn backend(e: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

/// The record's signed-in account (a column of its own, so that an account's sessions can
/// be ended together) and its data, as stored.
fn columns(record: &Record) -> session_store::Result<(Option<i32>, String)> {
    let data = serde_json::to_string(&record.data).map_err(|e| session_store::Error::Encode(e.to_string()))?;
    let user_id = record.data.get("user.id").and_then(|v| v.as_i64()).and_then(|v| i32::try_from(v).ok());
    Ok((user_id, data))
}

fn to_row(record: &Record) -> session_store::Result<session::ActiveModel> {
    let (user_id, data) = columns(record)?;
    Ok(session::ActiveModel { id: Set(record.id.to_string()), user_id: Set(user_id), data: Set(data), expires_at: Set(record.expiry_date) })
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // Ids are 128 random bits; a collision is retried rather than overwritten.
        loop {
            let row = to_row(record)?;
            match session::Entity::insert(row).exec_without_returning(&self.db).await {
                Ok(_) => return Ok(()),
                Err(e) if matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))) => {
                    record.id = Id::default();
                }
                Err(e) => return Err(backend(e)),
            }
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        // tower-sessions calls `save` only for a session it loaded from this store (a new
        // or renewed id goes to `create`), so the row is only updated, never inserted: a
        // session deleted meanwhile (signed out, its password reset, its account disabled)
        // stays deleted instead of being written back by a request that loaded it before.
        // A save that SQLite answers "database is locked" is tried again twice: a failed
        // save turns the page into an empty 500 (tower-sessions), which no reader should see
        // for a lock that is gone a moment later.
        let mut tries = 0;
        loop {
            let (user_id, data) = columns(record)?;
            let saved = session::Entity::update_many()
                .col_expr(session::Column::UserId, Expr::value(user_id))
                .col_expr(session::Column::Data, Expr::value(data))
                .col_expr(session::Column::ExpiresAt, Expr::value(record.expiry_date))
                .filter(session::Column::Id.eq(record.id.to_string()))
                .exec(&self.db)
                .await;
            match saved {
                Ok(done) => {
                    if done.rows_affected == 0 {
                        tracing::info!("a session ended while a request held it; it is not written back");
                    }
                    return Ok(());
                }
                Err(e) if tries < 2 && e.to_string().contains("database is locked") => {
                    tries += 1;
                    tracing::warn!(error.cause = %e, tries, "saving a session: the database was locked, trying again");
                    tokio::time::sleep(std::time::Duration::from_millis(50 * tries)).await;
                }
                Err(e) => return Err(backend(e)),
            }
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let Some(row) = session::Entity::find_by_id(id.to_string()).one(&self.db).await.map_err(backend)? else {
            return Ok(None);
        };
        if row.expires_at <= OffsetDateTime::now_utc() {
            return Ok(None);
        }
        let data = serde_json::from_str(&row.data).map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok(Some(Record { id: *id, data, expiry_date: row.expires_at }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        session::Entity::delete_by_id(id.to_string()).exec(&self.db).await.map_err(backend)?;
        Ok(())
    }
}

#[async_trait]
impl ExpiredDeletion for DbSessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        session::Entity::delete_many()
            .filter(session::Column::ExpiresAt.lt(OffsetDateTime::now_utc()))
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }
}
