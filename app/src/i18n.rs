//! Interface texts in zh-CN (the default) and English.
//!
//! Each language is one `const` [`Texts`]: a missing text is a compile error, and no
//! translation machinery ships to the phone (the ballot page has a tight size budget).
//! The locale comes from the `lang` cookie (set by the switcher), else the browser's
//! `Accept-Language`, else zh-CN. The server writes it into `<html lang>`, and the
//! browser reads it back from there when it hydrates, so both always agree.

pub mod accounts;
pub mod ballot;
pub mod results;
pub mod steering;
pub mod rounds;

use crate::domain::account::Role;
use leptos::prelude::*;
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
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok()))
                .unwrap_or(1.0);
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
        from_cookie
            .or_else(|| accept_language.and_then(Locale::from_accept_language))
            .unwrap_or_default()
    }

    /// This locale's texts.
    pub fn texts(self) -> &'static Texts {
        match self {
            Locale::Zh => &ZH,
            Locale::En => &EN,
        }
    }
}

/// The locale of the page being rendered (provided by `<App/>`).
pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_default()
}

/// The texts of a locale, outside a page (HTTP handlers).
pub fn use_texts_for(locale: Locale) -> &'static Texts {
    locale.texts()
}

/// The texts of the page being rendered.
pub fn use_texts() -> &'static Texts {
    use_locale().texts()
}

/// Decides the locale at the root of the page: from the request on the server, from
/// `<html lang>` (which the server wrote) in the browser.
pub fn detect_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        use_context::<axum::http::request::Parts>()
            .map(|parts| {
                let header = |name| parts.headers.get(name).and_then(|v| v.to_str().ok());
                Locale::negotiate(header(axum::http::header::COOKIE), header(axum::http::header::ACCEPT_LANGUAGE))
            })
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|el| el.get_attribute("lang"))
            .and_then(|l| Locale::parse(&l))
            .unwrap_or_default()
    }
}

/// Every text of the interface, one field per message.
pub struct Texts {
    pub app_name: &'static str,
    pub tagline: &'static str,
    pub nav_home: &'static str,
    pub nav_main: &'static str,
    pub sign_in: &'static str,
    pub sign_out: &'static str,
    pub signed_in_as: &'static str,
    pub language: &'static str,
    pub username: &'static str,
    pub password: &'static str,
    pub login_title: &'static str,
    pub login_intro: &'static str,
    pub login_evaluator_hint: &'static str,
    pub login_error_invalid: &'static str,
    pub login_error_empty: &'static str,
    /// `{minutes}` is replaced by the wait.
    pub login_error_locked: &'static str,
    /// `{minutes}` is replaced by the wait.
    pub login_error_throttled: &'static str,
    pub login_error_disabled: &'static str,
    pub login_error_cross_origin: &'static str,
    pub signed_out: &'static str,
    pub home_title: &'static str,
    pub home_welcome: &'static str,
    pub home_role_admin: &'static str,
    pub home_role_steering: &'static str,
    pub home_role_viewer: &'static str,
    pub role_admin: &'static str,
    pub role_steering: &'static str,
    pub role_viewer: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub error_title: &'static str,
    pub error_body: &'static str,
    pub back_home: &'static str,
    pub loading: &'static str,
    /// Texts of the round pages.
    pub rounds: &'static rounds::RoundTexts,
    /// Texts of the evaluator's pages.
    pub ballot: &'static ballot::BallotTexts,
    /// Texts of the results page.
    pub results: &'static results::ResultsTexts,
    /// Texts of steering groups, flags and re-evaluation.
    pub steering: &'static steering::SteeringTexts,
    /// Texts of the accounts page.
    pub accounts: &'static accounts::AccountTexts,
}

impl Texts {
    /// The display name of a role.
    pub fn role(&self, role: Role) -> &'static str {
        match role {
            Role::Admin => self.role_admin,
            Role::Steering => self.role_steering,
            Role::Viewer => self.role_viewer,
        }
    }

    /// What a role can do here, for the home page.
    pub fn role_summary(&self, role: Role) -> &'static str {
        match role {
            Role::Admin => self.home_role_admin,
            Role::Steering => self.home_role_steering,
            Role::Viewer => self.home_role_viewer,
        }
    }
}

/// Simplified Chinese.
pub const ZH: Texts = Texts {
    app_name: "民评",
    tagline: "民主测评与满意度测评",
    nav_home: "首页",
    nav_main: "主导航",
    sign_in: "登录",
    sign_out: "退出登录",
    signed_in_as: "当前用户",
    language: "语言",
    username: "用户名",
    password: "密码",
    login_title: "登录",
    login_intro: "组织部、督导组和观察员请使用账户登录。",
    login_evaluator_hint: "参加测评的同志无需登录，请扫描测评码或打开测评链接。",
    login_error_invalid: "用户名或密码不正确，请重新输入。",
    login_error_empty: "请输入用户名和密码。",
    login_error_locked: "该账户登录失败次数过多，已暂时锁定，请 {minutes} 分钟后再试。",
    login_error_throttled: "尝试次数过多，请 {minutes} 分钟后再试。",
    login_error_disabled: "该账户已停用，请联系组织部。",
    login_error_cross_origin: "请求来自其他网站，已被拒绝。请直接在本站登录。",
    signed_out: "您已安全退出。",
    home_title: "工作台",
    home_welcome: "欢迎使用民评。",
    home_role_admin: "您可以设置测评轮次、发放测评码、查看和导出结果、管理账户。",
    home_role_steering: "您可以查看分配给本督导组的测评对象结果，并在整改后发起重新测评。",
    home_role_viewer: "您可以查看授权范围内已发布的测评结果。",
    role_admin: "组织部管理员",
    role_steering: "督导组成员",
    role_viewer: "观察员",
    not_found_title: "页面不存在",
    not_found_body: "您访问的页面不存在或已被移除。",
    error_title: "出错了",
    error_body: "服务器暂时无法处理您的请求，请稍后再试。",
    back_home: "返回首页",
    loading: "加载中…",
    rounds: &rounds::ZH,
    ballot: &ballot::ZH,
    results: &results::ZH,
    steering: &steering::ZH,
    accounts: &accounts::ZH,
};

/// English.
pub const EN: Texts = Texts {
    app_name: "Minping",
    tagline: "Democratic appraisal and satisfaction surveys",
    nav_home: "Home",
    nav_main: "Main navigation",
    sign_in: "Sign in",
    sign_out: "Sign out",
    signed_in_as: "Signed in as",
    language: "Language",
    username: "Username",
    password: "Password",
    login_title: "Sign in",
    login_intro: "Organization department, steering groups and observers sign in with their account.",
    login_evaluator_hint: "Evaluators need no account: scan your code or open your ballot link.",
    login_error_invalid: "The username or password is wrong. Please try again.",
    login_error_empty: "Please enter your username and password.",
    login_error_locked: "Too many failed sign-ins: this account is locked. Try again in {minutes} minutes.",
    login_error_throttled: "Too many attempts. Try again in {minutes} minutes.",
    login_error_disabled: "This account is disabled. Please contact the organization department.",
    login_error_cross_origin: "The request came from another site and was refused. Sign in on this site.",
    signed_out: "You have signed out.",
    home_title: "Dashboard",
    home_welcome: "Welcome to Minping.",
    home_role_admin: "You can set up appraisal rounds, issue codes, read and export results, and manage accounts.",
    home_role_steering: "You can read the results of the targets assigned to your steering group and trigger re-evaluation after make-up lessons.",
    home_role_viewer: "You can read published results within your scope.",
    role_admin: "Organization department (admin)",
    role_steering: "Steering group member",
    role_viewer: "Observer",
    not_found_title: "Page not found",
    not_found_body: "The page you asked for does not exist or was removed.",
    error_title: "Something went wrong",
    error_body: "The server could not handle your request just now. Please try again later.",
    back_home: "Back to the home page",
    loading: "Loading…",
    rounds: &rounds::EN,
    ballot: &ballot::EN,
    results: &results::EN,
    steering: &steering::EN,
    accounts: &accounts::EN,
};

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
