//! Settings, read once from the environment (see API.md and README.md).

use anyhow::Context;
use std::{net::SocketAddr, path::PathBuf, time::Duration};

/// Everything the server needs to know about its deployment.
#[derive(Clone)]
pub struct Settings {
    /// `DATABASE_URL`: `sqlite://…` (default `sqlite://data/minping.db?mode=rwc`) or `postgres://…`.
    pub database_url: String,
    /// `MINPING_ADDR` (or `LEPTOS_SITE_ADDR` under cargo-leptos): where to listen.
    pub addr: SocketAddr,
    /// `MINPING_DATA_DIR` (default `data`): where the generated secret is kept.
    pub data_dir: PathBuf,
    /// `MINPING_SECRET` or the contents of `data/secret`: key for code hashes.
    pub secret: Secret,
    /// `LEPTOS_SITE_ROOT` (default `target/site`): compiled WebAssembly, CSS and assets.
    pub site_root: String,
    /// `MINPING_PUBLIC_URL`: the address users type, when behind a reverse proxy.
    pub public_url: Option<String>,
    /// Cookies get `Secure` when `MINPING_PUBLIC_URL` is https or `MINPING_SECURE_COOKIES=1`.
    pub secure_cookies: bool,
    /// `MINPING_LOGIN_PER_MINUTE` (default 30): sign-in attempts a minute from one address.
    pub login_per_minute: u32,
    /// `MINPING_TRUST_PROXY=1`: take the client address from `X-Forwarded-For`.
    pub trust_proxy: bool,
    /// `MINPING_CODE_FAILURES` (default 20): failed code attempts (unknown or revoked codes)
    /// one address may make at once; after that, one more every 30 seconds.
    pub code_failures: u32,
    /// `MINPING_HEADER_TIMEOUT_SECS` (default 10): time a client has to send a request's
    /// headers; a connection that trickles them (slow-loris) is closed.
    pub header_timeout: Duration,
    /// `MINPING_REQUEST_TIMEOUT_SECS` (default 30): time a request may take in all,
    /// reading its body included; beyond it the answer is `408`.
    pub request_timeout: Duration,
    /// `MINPING_REEVAL_DAYS` (default 30): a flagged target with no re-evaluation after
    /// this many days is listed as overdue.
    pub reeval_days: i64,
    /// `MINPING_METRICS_ADDR` (off when unset): where `/metrics` is served, apart from the site.
    pub metrics_addr: Option<SocketAddr>,
}

/// `DATABASE_URL` when unset.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/minping.db?mode=rwc";
/// `MINPING_DATA_DIR` when unset.
pub const DEFAULT_DATA_DIR: &str = "data";
/// `LEPTOS_SITE_ROOT` when unset.
pub const DEFAULT_SITE_ROOT: &str = "target/site";

/// The server secret. Its bytes never appear in `Debug` output.
#[derive(Clone)]
pub struct Secret(pub Vec<u8>);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// An environment variable, `None` when unset or blank.
pub(crate) fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn flag(name: &str) -> bool {
    var(name).is_some_and(|v| matches!(v.trim(), "1" | "true" | "yes" | "on"))
}

impl Settings {
    /// Reads the settings; generates and stores the secret on first start when unset.
    pub fn from_env() -> anyhow::Result<Self> {
        let database_url = var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        let addr_text = var("MINPING_ADDR").or_else(|| var("LEPTOS_SITE_ADDR")).unwrap_or_else(|| "127.0.0.1:3000".to_owned());
        let addr = addr_text.parse().with_context(|| format!("MINPING_ADDR must be host:port, like 127.0.0.1:3000 (got '{addr_text}')"))?;
        let data_dir = PathBuf::from(var("MINPING_DATA_DIR").unwrap_or_else(|| DEFAULT_DATA_DIR.to_owned()));
        let secret = match var("MINPING_SECRET") {
            Some(s) => Secret(s.into_bytes()),
            None => load_or_create_secret(&data_dir)?,
        };
        let public_url = var("MINPING_PUBLIC_URL").map(|u| u.trim_end_matches('/').to_owned());
        let secure_cookies = flag("MINPING_SECURE_COOKIES") || public_url.as_deref().is_some_and(|u| u.starts_with("https://"));
        let login_per_minute = match var("MINPING_LOGIN_PER_MINUTE") {
            Some(v) => v.parse().context("MINPING_LOGIN_PER_MINUTE must be a whole number")?,
            None => 30,
        };
        let code_failures = match var("MINPING_CODE_FAILURES") {
            Some(v) => v.parse().context("MINPING_CODE_FAILURES must be a whole number")?,
            None => 20,
        };
        let reeval_days = match var("MINPING_REEVAL_DAYS") {
            Some(v) => v.trim().parse::<i64>().ok().filter(|d| *d >= 0).context("MINPING_REEVAL_DAYS must be a whole number of days")?,
            None => 30,
        };
        let secs = |name: &str, default: u64| -> anyhow::Result<Duration> {
            match var(name) {
                Some(v) => match v.trim().parse::<u64>() {
                    Ok(n) if n > 0 => Ok(Duration::from_secs(n)),
                    _ => anyhow::bail!("{name} must be a whole number of seconds above 0 (got '{v}')"),
                },
                None => Ok(Duration::from_secs(default)),
            }
        };
        let metrics_addr = match var("MINPING_METRICS_ADDR") {
            Some(a) => {
                Some(a.trim().parse().with_context(|| format!("MINPING_METRICS_ADDR must be host:port, like 127.0.0.1:9464 (got '{a}')"))?)
            }
            None => None,
        };
        Ok(Self {
            metrics_addr,
            header_timeout: secs("MINPING_HEADER_TIMEOUT_SECS", 10)?,
            request_timeout: secs("MINPING_REQUEST_TIMEOUT_SECS", 30)?,
            code_failures,
            reeval_days,
            database_url,
            addr,
            data_dir,
            secret,
            site_root: var("LEPTOS_SITE_ROOT").unwrap_or_else(|| DEFAULT_SITE_ROOT.to_owned()),
            public_url,
            secure_cookies,
            login_per_minute,
            trust_proxy: flag("MINPING_TRUST_PROXY"),
        })
    }
}

fn load_or_create_secret(dir: &std::path::Path) -> anyhow::Result<Secret> {
    let path = dir.join("secret");
    if let Ok(text) = std::fs::read_to_string(&path) {
        let text = text.trim();
        anyhow::ensure!(text.len() >= 32, "{} is too short: delete it to generate a new one", path.display());
        return Ok(Secret(text.as_bytes().to_vec()));
    }
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let bytes: [u8; 32] = rand::random();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    write_private(&path, &hex).with_context(|| format!("writing {}", path.display()))?;
    tracing::info!(path = %path.display(), "generated a new server secret");
    Ok(Secret(hex.into_bytes()))
}

#[cfg(unix)]
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    f.write_all(text.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}
