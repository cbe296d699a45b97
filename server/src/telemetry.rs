//! Logging: `RUST_LOG` filters, to standard error as plain text, or as one JSON object a
//! line with `MINPING_LOG_FORMAT=json` (for a log collector; journald keeps either).

use tracing_subscriber::{fmt, EnvFilter};

/// Whether `MINPING_LOG_FORMAT` asks for JSON lines.
pub fn json_logs() -> bool {
    std::env::var("MINPING_LOG_FORMAT").is_ok_and(|f| f.trim().eq_ignore_ascii_case("json"))
}

/// Installs the global subscriber once; later calls (tests) do nothing.
pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,sea_orm_migration=warn"));
    let builder = fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = if json_logs() { builder.json().flatten_event(true).with_current_span(true).try_init() } else { builder.try_init() };
}

/// Paths whose rest is a secret: a ballot code (`/v/<code>`, `/entry/<code>`), a link token (`/hall/<token>`
/// and its API twin, `/public/<token>`).
const SECRET_PREFIXES: [&str; 5] = ["/v/", "/entry/", "/hall/", "/api/v1/hall/", "/public/"];

/// The path as it may appear in logs: the code in a ballot URL and the token of a link
/// that needs no account are removed.
pub fn redact_path(path: &str) -> String {
    for prefix in SECRET_PREFIXES {
        if let Some(rest) = path.strip_prefix(prefix) {
            if !rest.is_empty() {
                return format!("{prefix}<redacted>");
            }
        }
    }
    path.to_owned()
}

#[cfg(test)]
mod tests {
    use super::redact_path;

    #[test]
    fn ballot_codes_never_reach_the_log() {
        assert_eq!(redact_path("/v/ABCD-EFGH-JKMN"), "/v/<redacted>");
        assert_eq!(redact_path("/v/abcd/extra"), "/v/<redacted>");
        assert_eq!(redact_path("/v"), "/v");
        assert_eq!(redact_path("/entry/ABCD-EFGH-JKMN"), "/entry/<redacted>");
        assert_eq!(redact_path("/entry"), "/entry");
        assert_eq!(redact_path("/login"), "/login");
    }

    #[test]
    fn hall_link_tokens_never_reach_the_log() {
        assert_eq!(redact_path("/hall/abcdefghjkmnpqrstuvwxyzABCDEFGH"), "/hall/<redacted>");
        assert_eq!(redact_path("/api/v1/hall/abcdefghjkmnpqrstuvwxyzABCDEFGH"), "/api/v1/hall/<redacted>");
        assert_eq!(redact_path("/api/v1/rounds/3/hall-link"), "/api/v1/rounds/3/hall-link");
    }

    #[test]
    fn public_notice_tokens_never_reach_the_log() {
        assert_eq!(redact_path("/public/abcdefghjkmnpqrstuvwxyzABCDEFGH"), "/public/<redacted>");
        assert_eq!(redact_path("/public/abcdefghjkmnpqrstuvwxyzABCDEFGH/qr.png"), "/public/<redacted>");
        assert_eq!(redact_path("/api/v1/rounds/3/public-link"), "/api/v1/rounds/3/public-link");
    }
}
