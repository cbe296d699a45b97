//! The languages Minping speaks, and how a request chooses one. The sentences themselves
//! live in the `i18n` crate.

use serde::{Deserialize, Serialize};

/// Name of the cookie that remembers the chosen language.
pub const LANG_COOKIE: &str = "lang";

/// A supported interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Locale {
    /// Simplified Chinese, the default.
    #[default]
    Zh,
    /// English.
    En,
}

impl Locale {
    /// Every locale, in switcher order.
    pub const ALL: [Locale; 2] = [Locale::Zh, Locale::En];

    /// The BCP 47 tag written into `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::Zh => "zh-CN",
            Locale::En => "en",
        }
    }

    /// The short code used in the cookie and the switcher URL (`zh`, `en`).
    pub fn code(self) -> &'static str {
        match self {
            Locale::Zh => "zh",
            Locale::En => "en",
        }
    }

    /// Reads a cookie code or a language tag (`en`, `en-US`, `zh-Hans-CN`...).
    pub fn parse(raw: &str) -> Option<Self> {
        let primary = raw.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "zh" => Some(Locale::Zh),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// Picks the best supported language from an `Accept-Language` header, honouring q-values.
    pub fn from_accept_language(header: &str) -> Option<Self> {
        let mut best: Option<(f32, Locale)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or_default();
            let q = pieces.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
            if let Some(locale) = Locale::parse(tag) {
                if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                    best = Some((q, locale));
                }
            }
        }
        best.map(|(_, l)| l)
    }

    /// Chooses the locale for a request: the cookie wins, then `Accept-Language`, then zh-CN.
    pub fn negotiate(cookie_header: Option<&str>, accept_language: Option<&str>) -> Self {
        let from_cookie = cookie_header.and_then(|h| {
            h.split(';').find_map(|kv| {
                let (k, v) = kv.trim().split_once('=')?;
                (k == LANG_COOKIE).then(|| Locale::parse(v)).flatten()
            })
        });
        from_cookie.or_else(|| accept_language.and_then(Locale::from_accept_language)).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_wins_over_accept_language() {
        assert_eq!(Locale::negotiate(Some("a=1; lang=en"), Some("zh-CN")), Locale::En);
        assert_eq!(Locale::negotiate(Some("lang=zh"), Some("en-US")), Locale::Zh);
    }

    #[test]
    fn accept_language_honours_q_values_and_defaults_to_chinese() {
        assert_eq!(Locale::negotiate(None, Some("en-US,en;q=0.9")), Locale::En);
        assert_eq!(Locale::negotiate(None, Some("fr;q=1, zh;q=0.5, en;q=0.8")), Locale::En);
        assert_eq!(Locale::negotiate(None, Some("zh-Hans-CN;q=0.9, en;q=0.1")), Locale::Zh);
        assert_eq!(Locale::negotiate(None, Some("fr, de")), Locale::Zh);
        assert_eq!(Locale::negotiate(Some("lang=xx"), None), Locale::Zh);
    }
}
