//! Account services: creating accounts and the first administrator.

use crate::domain::account::{AccountError, Password, Role, Username};
use crate::ssr::db::entities::user;
use crate::ssr::password;
use rand::{rngs::OsRng, Rng};
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
pub async fn create_account(
    db: &DatabaseConnection,
    username: &str,
    password: &str,
    role: Role,
) -> Result<user::Model, CreateAccountError> {
    let username = Username::parse(username)?;
    let password = Password::parse(password)?;
    let phc = tokio::task::spawn_blocking(move || password::hash(password.expose()))
        .await
        .map_err(anyhow::Error::from)??;
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
    row.insert(db).await.map_err(|e: DbErr| match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => {
            CreateAccountError::UsernameTaken(username.as_str().to_owned())
        }
        _ => CreateAccountError::Unexpected(anyhow::Error::from(e).context("inserting an account")),
    })
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

/// A 16-character password from an alphabet without look-alike characters (about 90 bits).
pub fn random_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut rng = OsRng;
    (0..16).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect()
}
