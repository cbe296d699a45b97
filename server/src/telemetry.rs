//! Logging: `RUST_LOG` filters, plain text to standard error.

use tracing_subscriber::{fmt, EnvFilter};

/// Installs the global subscriber once; later calls (tests) do nothing.
pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,sea_orm_migration=warn"));
    let _ = fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}

/// The path as it may appear in logs: the code in a ballot URL (`/v/<code>`) is removed.
pub fn redact_path(path: &str) -> String {
    match path.strip_prefix("/v/") {
        Some(rest) if !rest.is_empty() => "/v/<redacted>".to_owned(),
        _ => path.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact_path;

    #[test]
    fn ballot_codes_never_reach_the_log() {
        assert_eq!(redact_path("/v/ABCD-EFGH-JKMN"), "/v/<redacted>");
        assert_eq!(redact_path("/v/abcd/extra"), "/v/<redacted>");
        assert_eq!(redact_path("/v"), "/v");
        assert_eq!(redact_path("/login"), "/login");
    }
}
