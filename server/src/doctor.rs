//! `minping doctor`: checks a deployment as the service would run it — the secret, the
//! data directory, the database and its migrations, the clock, disk space, the chart
//! fonts and the site — and says for each problem what to do. Exits non-zero on any
//! failure; a warning alone does not. It changes nothing: no secret is created, no
//! migration applied.

use crate::config::{var, DEFAULT_DATABASE_URL, DEFAULT_DATA_DIR, DEFAULT_SITE_ROOT};
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
use std::path::{Path, PathBuf};

/// Free space below which the data directory's disk is a warning (ballots, backups, WAL).
const LOW_DISK_BYTES: u64 = 1 << 30;

/// How one check came out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Fine: what was found.
    Ok(String),
    /// Works, but worth attention: what, and what to do.
    Warn(String, String),
    /// Will not work: what, and what to do.
    Fail(String, String),
}

/// The secret: set in the environment, or a file in the data directory that only its
/// owner may read.
pub fn secret(data_dir: &Path) -> Outcome {
    if let Some(s) = var("MINPING_SECRET") {
        return if s.trim().len() >= 32 {
            Outcome::Ok("secret: MINPING_SECRET is set".into())
        } else {
            Outcome::Fail("secret: MINPING_SECRET is shorter than 32 characters".into(), "set it to 32 or more random characters".into())
        };
    }
    let path = data_dir.join("secret");
    let Ok(meta) = std::fs::metadata(&path) else {
        return Outcome::Fail(
            format!("secret: MINPING_SECRET is unset and {} does not exist", path.display()),
            "start `minping serve` once with this data directory (it creates the secret), or set MINPING_SECRET in /etc/minping/minping.env; keep the same secret for the life of the rounds".into(),
        );
    };
    let short = std::fs::read_to_string(&path).map_or(true, |t| t.trim().len() < 32);
    if short {
        return Outcome::Fail(format!("secret: {} is unreadable or too short", path.display()), "restore it from your backup".into());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o007 != 0 {
            return Outcome::Fail(
                format!("secret: {} can be read by every user (mode {mode:o})", path.display()),
                format!("chmod 600 {}", path.display()),
            );
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    Outcome::Ok(format!("secret: {} (readable by its owner only)", path.display()))
}

/// The data directory: exists (or can be created) and takes a new file.
pub fn data_dir(dir: &Path) -> Outcome {
    let fix = format!("create it and give it to the service's user: mkdir -p {0} && chown minping:minping {0}", dir.display());
    if !dir.is_dir() {
        return Outcome::Fail(format!("data directory: {} does not exist", dir.display()), fix);
    }
    let probe = dir.join(format!(".minping-doctor-{}", std::process::id()));
    match std::fs::write(&probe, b"ok") {
        Ok(()) => {
            let _ = std::fs::remove_file(&probe);
            Outcome::Ok(format!("data directory: {} is writable", dir.display()))
        }
        Err(e) => Outcome::Fail(format!("data directory: {} is not writable ({e})", dir.display()), fix),
    }
}

/// Free space on the data directory's disk.
pub fn disk(dir: &Path) -> Outcome {
    match fs4::available_space(dir) {
        Ok(free) if free < LOW_DISK_BYTES => Outcome::Warn(
            format!("disk: only {} MiB free under {}", free >> 20, dir.display()),
            "free space or move the data directory: a round of a million ballots takes about 400 MiB".into(),
        ),
        Ok(free) => Outcome::Ok(format!("disk: {} GiB free under {}", free >> 30, dir.display())),
        Err(e) => Outcome::Warn(format!("disk: free space of {} unknown ({e})", dir.display()), "check it with df".into()),
    }
}

/// The clock: a plausible year, and on PostgreSQL within a minute of the database's.
async fn clock(db: &sea_orm::DatabaseConnection) -> Outcome {
    let now = time::OffsetDateTime::now_utc();
    if now.year() < 2025 {
        return Outcome::Fail(
            format!("clock: the system clock reads {now}"),
            "set the time (timedatectl, or an NTP server on the intranet)".into(),
        );
    }
    if db.get_database_backend() == DatabaseBackend::Postgres {
        let sql = Statement::from_string(DatabaseBackend::Postgres, "SELECT extract(epoch FROM now())::float8 AS t".to_owned());
        if let Ok(Some(row)) = db.query_one(sql).await {
            if let Ok(t) = row.try_get::<f64>("", "t") {
                let skew = (t - now.unix_timestamp() as f64).abs();
                if skew > 60.0 {
                    return Outcome::Warn(
                        format!("clock: this host and the database differ by {skew:.0} s"),
                        "synchronize both clocks (NTP): schedules and audit times depend on them".into(),
                    );
                }
            }
        }
    }
    Outcome::Ok(format!("clock: {}", now.to_offset(time::macros::offset!(+8)).date()))
}

/// The database: reachable, its migrations current (none pending, none unknown).
async fn database(url: &str) -> (Vec<Outcome>, Option<sea_orm::DatabaseConnection>) {
    let shown = app::ssr::db::redact(url);
    let db = match tokio::time::timeout(std::time::Duration::from_secs(10), app::ssr::db::connect_one(url, None)).await {
        Ok(Ok(db)) => db,
        Ok(Err(e)) => {
            let fix =
                "check DATABASE_URL, that the server runs and that this user may connect (and, for SQLite, write the file's directory)";
            return (vec![Outcome::Fail(format!("database: cannot connect to {shown} ({e:#})"), fix.into())], None);
        }
        Err(_) => {
            return (
                vec![Outcome::Fail(format!("database: {shown} did not answer within 10 s"), "check the network and the server".into())],
                None,
            )
        }
    };
    let mut out = vec![Outcome::Ok(format!("database: connected to {shown}"))];
    let known: Vec<String> = Migrator::migrations().iter().map(|m| m.name().to_owned()).collect();
    match (Migrator::get_applied_migrations(&db).await, Migrator::get_pending_migrations(&db).await) {
        (Ok(applied), Ok(pending)) => {
            let unknown: Vec<String> = applied.iter().map(|m| m.name().to_owned()).filter(|n| !known.contains(n)).collect();
            if !unknown.is_empty() {
                out.push(Outcome::Fail(
                    format!("migrations: the database has {} this binary does not know ({})", unknown.len(), unknown.join(", ")),
                    "the database is from a newer Minping: install that version again, or restore a backup made for this one".into(),
                ));
            } else if pending.is_empty() {
                out.push(Outcome::Ok(format!("migrations: all {} applied", known.len())));
            } else {
                out.push(Outcome::Warn(
                    format!("migrations: {} of {} pending", pending.len(), known.len()),
                    "run `minping migrate` (the service does before it starts)".into(),
                ));
            }
        }
        (Err(e), _) | (_, Err(e)) => out.push(Outcome::Fail(format!("migrations: cannot be read ({e})"), "run `minping migrate`".into())),
    }
    (out, Some(db))
}

/// Every check, in order.
pub async fn run() -> Vec<Outcome> {
    let url = var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
    let dir = PathBuf::from(var("MINPING_DATA_DIR").unwrap_or_else(|| DEFAULT_DATA_DIR.to_owned()));
    let mut out = vec![secret(&dir), data_dir(&dir)];
    if dir.is_dir() {
        out.push(disk(&dir));
    }
    let (checks, db) = database(&url).await;
    out.extend(checks);
    if let Some(db) = db {
        out.push(clock(&db).await);
        let _ = db.close().await;
    }
    out.push(if app::ssr::charts::has_cjk_font() {
        Outcome::Ok("fonts: a CJK font for the charts' Chinese labels".into())
    } else {
        Outcome::Warn(
            "fonts: no CJK font: PNG charts and the Word report's charts will show boxes for Chinese".into(),
            "install fonts-noto-cjk".into(),
        )
    });
    let site_root = var("LEPTOS_SITE_ROOT").unwrap_or_else(|| DEFAULT_SITE_ROOT.to_owned());
    out.push(if Path::new(&site_root).join("pkg").is_dir() {
        Outcome::Ok(format!("site: on disk in {site_root}"))
    } else if crate::site::embedded() {
        Outcome::Ok("site: built into the binary".into())
    } else {
        Outcome::Warn(
            "site: none on disk and none built in: pages work without their WebAssembly and CSS".into(),
            "use a release package, or run make build".into(),
        )
    });
    out
}

/// The report, one line a check (and a `fix:` line under each problem); `true` when no
/// check failed.
pub fn render(outcomes: &[Outcome]) -> (String, bool) {
    let mut text = String::new();
    for o in outcomes {
        match o {
            Outcome::Ok(what) => text.push_str(&format!("ok    {what}\n")),
            Outcome::Warn(what, fix) => text.push_str(&format!("WARN  {what}\n      fix: {fix}\n")),
            Outcome::Fail(what, fix) => text.push_str(&format!("FAIL  {what}\n      fix: {fix}\n")),
        }
    }
    let failed = outcomes.iter().filter(|o| matches!(o, Outcome::Fail(..))).count();
    text.push_str(&match failed {
        0 => "minping doctor: no problem found\n".to_owned(),
        n => format!("minping doctor: {n} problem(s) to fix\n"),
    });
    (text, failed == 0)
}
