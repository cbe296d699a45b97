//! Account services: creating accounts and the first administrator.

use crate::domain::account::{AccountError, Password, Role, Username};
use crate::ssr::db::entities::user;
use crate::ssr::password;
use sea_orm::{ActiveModelTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, Set, SqlErr};
use time::OffsetDateTime;

/// Why an account could not be created.
#[derive(Debug, thiserror::Error)]
pub enum CreateAccountError {
    /// A field breaks the account rules.
    #[error(transparent)]
    Invalid(#[from] AccountError),
    /// The username is taken.
    #[error("the username '{0}' is already taken")]
    UsernameTaken(String),
    /// The database or the hasher failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// Creates an account after checking every field; the password is hashed with argon2id.
/// Not audited: for the first admin and for tests; people and the command line use
/// [`create_account_by`].
pub async fn create_account(
    db: &DatabaseConnection,
    username: &str,
    password: &str,
    role: Role,
) -> Result<user::Model, CreateAccountError> {
    insert(db, None, username, password, role).await
}

/// Creates an account like [`create_account`] and records `account.create` by `actor` in
/// the audit log, in the same transaction (no account without its entry).
pub async fn create_account_by(
    db: &DatabaseConnection,
    actor: &str,
    username: &str,
    password: &str,
    role: Role,
) -> Result<user::Model, CreateAccountError> {
    insert(db, Some(actor), username, password, role).await
}

async fn insert(
    db: &DatabaseConnection,
    actor: Option<&str>,
    username: &str,
    password: &str,
    role: Role,
) -> Result<user::Model, CreateAccountError> {
    let username = Username::parse(username)?;
    let password = Password::parse(password)?;
    let phc = tokio::task::spawn_blocking(move || password::hash(password.expose())).await.map_err(anyhow::Error::from)??;
    let now = OffsetDateTime::now_utc();
    let row = user::ActiveModel {
        username: Set(username.as_str().to_owned()),
        password_hash: Set(phc),
        role: Set(role.as_str().to_owned()),
        disabled: Set(false),
        failed_logins: Set(0),
        locked_until: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    let unexpected = |e: DbErr| CreateAccountError::Unexpected(anyhow::Error::from(e).context("inserting an account"));
    let (_turn, tx) = crate::ssr::db::begin_write(db).await.map_err(unexpected)?;
    let account = row.insert(&tx).await.map_err(|e: DbErr| match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => CreateAccountError::UsernameTaken(username.as_str().to_owned()),
        _ => unexpected(e),
    })?;
    if let Some(actor) = actor {
        let detail = serde_json::json!({ "username": account.username, "role": account.role });
        crate::ssr::audit::append(&tx, actor, "account.create", &format!("user:{}", account.id), detail).await.map_err(unexpected)?;
    }
    tx.commit().await.map_err(unexpected)?;
    Ok(account)
}

/// On an empty database, creates the account `admin` with a random password and returns
/// that password (to be shown once). Returns `None` when any account exists.
pub async fn ensure_first_admin(db: &DatabaseConnection) -> Result<Option<String>, CreateAccountError> {
    let count = user::Entity::find().count(db).await.map_err(anyhow::Error::from)?;
    if count > 0 {
        return Ok(None);
    }
    let pw = random_password();
    create_account(db, "admin", &pw, Role::Admin).await?;
    Ok(Some(pw))
}

pub use crate::ssr::password::random_password;

/// Why an account change was refused.
#[derive(Debug, thiserror::Error)]
pub enum ManageError {
    /// No such account.
    #[error("no such account")]
    NotFound,
    /// It would leave no enabled admin.
    #[error("the last admin cannot be disabled")]
    LastAdmin,
    /// The database or the hasher failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl From<DbErr> for ManageError {
    fn from(e: DbErr) -> Self {
        ManageError::Unexpected(e.into())
    }
}

/// An account as the admin's list shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct AccountView {
    /// Username.
    pub username: String,
    /// `admin`, `steering` or `viewer`.
    pub role: String,
    /// Disabled accounts cannot sign in; their sessions end.
    pub disabled: bool,
    /// Locked after failed sign-ins until this time (RFC 3339), if locked now.
    pub locked_until: Option<String>,
}

/// Every account, by username.
pub async fn list(db: &DatabaseConnection) -> Result<Vec<AccountView>, DbErr> {
    use sea_orm::QueryOrder;
    let now = OffsetDateTime::now_utc();
    Ok(user::Entity::find()
        .order_by_asc(user::Column::Username)
        .all(db)
        .await?
        .into_iter()
        .map(|u| AccountView {
            username: u.username,
            role: u.role,
            disabled: u.disabled,
            locked_until: u.locked_until.filter(|t| *t > now).and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok()),
        })
        .collect())
}

async fn find(db: &DatabaseConnection, username: &str) -> Result<user::Model, ManageError> {
    use sea_orm::{ColumnTrait, QueryFilter};
    user::Entity::find().filter(user::Column::Username.eq(username.trim())).one(db).await?.ok_or(ManageError::NotFound)
}

/// Disables (or enables) an account; a disabled account's sessions stop working at once
/// (every request re-reads the account). The last enabled admin cannot be disabled.
pub async fn set_disabled(db: &DatabaseConnection, actor: &str, username: &str, disabled: bool) -> Result<(), ManageError> {
    use sea_orm::{ActiveModelTrait, ColumnTrait, IntoActiveModel, QueryFilter};
    let (_turn, tx) = crate::ssr::db::begin_write(db).await?;
    let account = find(db, username).await?;
    if disabled && account.role == Role::Admin.as_str() && !account.disabled {
        let admins = user::Entity::find()
            .filter(user::Column::Role.eq(Role::Admin.as_str()))
            .filter(user::Column::Disabled.eq(false))
            .count(&tx)
            .await?;
        if admins <= 1 {
            return Err(ManageError::LastAdmin);
        }
    }
    let id = account.id;
    let mut row = account.into_active_model();
    row.disabled = Set(disabled);
    row.updated_at = Set(OffsetDateTime::now_utc());
    row.update(&tx).await?;
    let action = if disabled { "account.disable" } else { "account.enable" };
    crate::ssr::audit::append(&tx, actor, action, &format!("user:{id}"), serde_json::json!({ "username": username.trim() })).await?;
    tx.commit().await?;
    Ok(())
}

/// Gives an account a new random password (returned, to be handed over once), clears its
/// lockout, and ends its sessions.
pub async fn reset_password(db: &DatabaseConnection, actor: &str, username: &str) -> Result<String, ManageError> {
    use sea_orm::{ActiveModelTrait, ColumnTrait, IntoActiveModel, QueryFilter};
    let account = find(db, username).await?;
    let pw = random_password();
    let plain = pw.clone();
    let phc = tokio::task::spawn_blocking(move || password::hash(&plain)).await.map_err(anyhow::Error::from)??;
    let (_turn, tx) = crate::ssr::db::begin_write(db).await?;
    let id = account.id;
    let mut row = account.into_active_model();
    row.password_hash = Set(phc);
    row.failed_logins = Set(0);
    row.locked_until = Set(None);
    row.updated_at = Set(OffsetDateTime::now_utc());
    row.update(&tx).await?;
    crate::ssr::db::entities::session::Entity::delete_many()
        .filter(crate::ssr::db::entities::session::Column::UserId.eq(id))
        .exec(&tx)
        .await?;
    crate::ssr::audit::append(&tx, actor, "account.reset_password", &format!("user:{id}"), serde_json::json!({})).await?;
    tx.commit().await?;
    Ok(pw)
}
