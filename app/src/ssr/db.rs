//! Database connections and the sea-orm entities.

pub mod entities;

use anyhow::Context;
use sea_orm::{ConnectOptions, Database, DatabaseConnection, SqlxSqliteConnector};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::{str::FromStr, time::Duration};

/// Which database a URL selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite file (the default).
    Sqlite,
    /// PostgreSQL server (several `minping serve` processes may share it).
    Postgres,
}

impl Backend {
    /// The backend a `DATABASE_URL` names.
    pub fn of(url: &str) -> anyhow::Result<Self> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            anyhow::bail!("DATABASE_URL must start with sqlite: or postgres:// (got '{}')", redact(url))
        }
    }
}

/// SQLite as Minping uses it: WAL, `synchronous=FULL` (a commit is on disk), foreign keys,
/// `secure_delete`, and a 10 s busy timeout.
fn sqlite_options(url: &str) -> anyhow::Result<SqliteConnectOptions> {
    Ok(SqliteConnectOptions::from_str(url)
        .with_context(|| format!("reading the SQLite URL '{url}'"))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        // Freed content is overwritten with zeros, so a deleted or moved row leaves no
        // copy behind in the file (anonymity rule 8; see `ssr::seal`).
        .pragma("secure_delete", "on")
        .busy_timeout(Duration::from_secs(10)))
}

/// SQLite's pool: a connection that comes back still inside a transaction is closed, not
/// reused. After a failed statement (a full disk: `SQLITE_FULL`) SQLite may have rolled
/// the transaction back itself or kept it open, and sqlx's own rollback on drop can then
/// fail; its count of open transactions stays at one, so the next `begin` on that
/// connection would issue a `SAVEPOINT` and its `commit` a `RELEASE` — inside a
/// transaction that never commits, or after one SQLite already ended. Either way a 201
/// would be sent for a ballot that is not stored (found by `scripts/fault-test.sh`:
/// thousands of acknowledged ballots gone after three seconds of a full disk). Closing
/// the connection rolls back whatever it held; the pool opens a fresh one.
fn sqlite_pool() -> SqlitePoolOptions {
    SqlitePoolOptions::new().after_release(|conn, _| {
        Box::pin(async move {
            use sqlx::Connection;
            // A transaction dropped without commit queues its rollback on the connection's
            // worker; a ping waits for it, so that only a count the rollback could not
            // bring back to zero closes the connection.
            conn.ping().await?;
            if conn.is_in_transaction() {
                tracing::warn!("a database connection came back inside a transaction: closed");
                return Ok(false);
            }
            Ok(true)
        })
    })
}

/// Connects to the database. SQLite gets WAL, `synchronous=FULL` (an acknowledged write is
/// on disk), foreign keys and a busy timeout; its folder is created when missing.
/// `schema` (PostgreSQL only) sets the search path, which tests use for isolation.
pub async fn connect(url: &str, schema: Option<&str>) -> anyhow::Result<DatabaseConnection> {
    open(url, schema, Size::Pool).await
}

/// One connection, for applying migrations. On SQLite a schema change made on one pooled
/// connection was, now and then, not yet seen by the next statement on another ("no such
/// column" right after adding it); one connection runs every step in order on one schema.
pub async fn connect_one(url: &str, schema: Option<&str>) -> anyhow::Result<DatabaseConnection> {
    open(url, schema, Size::One).await
}

#[derive(Clone, Copy)]
enum Size {
    Pool,
    One,
}

async fn open(url: &str, schema: Option<&str>, size: Size) -> anyhow::Result<DatabaseConnection> {
    match Backend::of(url)? {
        Backend::Sqlite => {
            let opts = sqlite_options(url)?;
            if let Some(dir) = opts.get_filename().parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).with_context(|| format!("creating the database folder {}", dir.display()))?;
            }
            let pool = sqlite_pool()
                .max_connections(match size {
                    Size::Pool => 8,
                    Size::One => 1,
                })
                .connect_with(opts)
                .await
                .with_context(|| format!("opening the SQLite database '{url}'"))?;
            Ok(SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
        }
        Backend::Postgres => {
            let mut opts = ConnectOptions::new(url.to_owned());
            let max = match size {
                Size::Pool => 16,
                Size::One => 1,
            };
            opts.max_connections(max).min_connections(1).connect_timeout(Duration::from_secs(10)).sqlx_logging(false);
            if let Some(schema) = schema {
                opts.set_schema_search_path(schema.to_owned());
            }
            Database::connect(opts).await.with_context(|| format!("connecting to PostgreSQL at '{}'", redact(url)))
        }
    }
}

/// The ballot writer's own connections: one on SQLite (whose writes take turns anyway),
/// four on PostgreSQL. Kept apart from the request pool so that the writer never queues
/// behind hundreds of requests waiting for a connection (measured effect:
/// docs/ARCHITECTURE.md, "Ballot write path").
pub async fn connect_writer(url: &str) -> anyhow::Result<DatabaseConnection> {
    match Backend::of(url)? {
        Backend::Sqlite => {
            let pool = sqlite_pool()
                .max_connections(1)
                .connect_with(sqlite_options(url)?)
                .await
                .with_context(|| format!("opening the SQLite database '{url}' for the ballot writer"))?;
            Ok(SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
        }
        Backend::Postgres => {
            let mut opts = ConnectOptions::new(url.to_owned());
            opts.max_connections(4).min_connections(1).connect_timeout(Duration::from_secs(10)).sqlx_logging(false);
            Database::connect(opts).await.with_context(|| format!("connecting the ballot writer to PostgreSQL at '{}'", redact(url)))
        }
    }
}

/// Begins a write transaction. On SQLite it holds the write lock from its first statement
/// (a transaction that reads first and then writes cannot be upgraded while another
/// connection writes: SQLite answers that with an immediate "database is locked" instead
/// of waiting for its busy timeout), and the write transactions of this process take turns.
/// Returns the turn (held until dropped, after the transaction) and the transaction.
pub async fn begin_write(
    db: &DatabaseConnection,
) -> Result<(Option<tokio::sync::MutexGuard<'static, ()>>, sea_orm::DatabaseTransaction), sea_orm::DbErr> {
    use sea_orm::{ConnectionTrait, TransactionTrait};
    static SQLITE_WRITER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    let turn = match db.get_database_backend() {
        sea_orm::DatabaseBackend::Sqlite => Some(SQLITE_WRITER.lock().await),
        _ => None,
    };
    let tx = db.begin().await?;
    if turn.is_some() {
        // Take SQLite's write lock now, as `BEGIN IMMEDIATE` would (sea-orm cannot say
        // that): a statement that may write, on no rows. Waiting for the lock goes through
        // the busy timeout; a transaction that read first could not be upgraded later
        // while another connection (a session save, say) was writing.
        tx.execute_unprepared("UPDATE rounds SET id = id WHERE 0").await?;
    }
    Ok((turn, tx))
}

/// The database's own code for an error (PostgreSQL's SQLSTATE, SQLite's result code).
fn error_code(e: &sea_orm::DbErr) -> Option<String> {
    use sea_orm::{DbErr, RuntimeErr};
    match e {
        DbErr::Exec(RuntimeErr::SqlxError(sqlx::Error::Database(d)))
        | DbErr::Query(RuntimeErr::SqlxError(sqlx::Error::Database(d)))
        | DbErr::Conn(RuntimeErr::SqlxError(sqlx::Error::Database(d))) => d.code().map(|c| c.into_owned()),
        _ => None,
    }
}

/// Worth one more try: PostgreSQL `40P01` (deadlock) or `40001` (serialization failure),
/// SQLite `SQLITE_BUSY` (5, 517 `BUSY_SNAPSHOT`) or `SQLITE_LOCKED` (6).
pub fn is_retryable(e: &sea_orm::DbErr) -> bool {
    matches!(error_code(e).as_deref(), Some("40P01" | "40001" | "5" | "517" | "6"))
}

/// Hides a password in a database URL for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..s + 3], user, &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Writes a consistent copy of a SQLite database to `path` while the server runs
/// (`VACUUM INTO`: one read transaction, so every write committed before it began is in
/// the copy and none after), then checks the copy with `PRAGMA integrity_check`. Returns
/// the copy's size in bytes. PostgreSQL is refused: use `pg_dump` there.
pub async fn backup(db: &DatabaseConnection, path: &std::path::Path) -> anyhow::Result<u64> {
    use sea_orm::ConnectionTrait;
    anyhow::ensure!(
        db.get_database_backend() == sea_orm::DatabaseBackend::Sqlite,
        "minping backup copies SQLite databases; for PostgreSQL use pg_dump (see README.md, 'Backup and restore')"
    );
    anyhow::ensure!(!path.exists(), "{} exists already: choose a new file (a backup never overwrites)", path.display());
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let target = path.to_str().context("the backup path is not valid UTF-8")?.replace('\'', "''");
    db.execute_unprepared(&format!("VACUUM INTO '{target}'")).await.context("writing the copy")?;
    let copy = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(SqliteConnectOptions::new().filename(path).read_only(true))
        .await
        .context("opening the copy")?;
    let verdict: (String,) = sqlx::query_as("PRAGMA integrity_check").fetch_one(&copy).await.context("checking the copy")?;
    copy.close().await;
    anyhow::ensure!(verdict.0 == "ok", "the copy fails the integrity check: {}", verdict.0);
    Ok(std::fs::metadata(path)?.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_select_the_backend() {
        assert_eq!(Backend::of("sqlite://data/minping.db?mode=rwc").ok(), Some(Backend::Sqlite));
        assert_eq!(Backend::of("postgres://u@h/db").ok(), Some(Backend::Postgres));
        assert!(Backend::of("mysql://h/db").is_err());
    }

    #[test]
    fn passwords_in_urls_are_redacted() {
        assert_eq!(redact("postgres://u:secret@h:5432/db"), "postgres://u:***@h:5432/db");
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
    }
}
