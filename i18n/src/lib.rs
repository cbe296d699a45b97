//! Every sentence Minping shows or sends, in zh-CN (the default) and English (RULES.md:
//! "every sentence lives in `i18n/`").
//!
//! Each language is one `const` [`Texts`]: a missing text is a compile error, and no
//! translation machinery ships to the phone (the ballot page has a tight size budget).
//! Sentences with parts (a refusal naming a target, an error naming a field) are
//! functions of the domain's values: [`problems`], [`errors`], [`notices`].

pub mod accounts;
pub mod ballot;
pub mod codes;
pub mod editor;
pub mod errors;
pub mod hall;
pub mod history;
pub mod ledger;
pub mod notices;
pub mod paper;
pub mod problems;
pub mod report;
pub mod results;
pub mod rounds;
pub mod schedule;
pub mod steering;

use domain::account::Role;
pub use domain::locale::{Locale, LANG_COOKIE};

/// The texts of a locale.
pub fn texts(locale: Locale) -> &'static Texts {
    match locale {
        Locale::Zh => &ZH,
        Locale::En => &EN,
    }
}

/// The mark beside the application's name (the first character of 民评, in every language).
pub const BRAND_MARK: &str = "民";

/// A language's name in itself, for the switcher.
pub fn native_name(locale: Locale) -> &'static str {
    match locale {
        Locale::Zh => "中文",
        Locale::En => "English",
    }
}

/// The sentence of `locale` out of a (Chinese, English) pair.
pub fn pick<T>(locale: Locale, zh: T, en: T) -> T {
    match locale {
        Locale::Zh => zh,
        Locale::En => en,
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
    pub login_error_throttled: &'static str,
    pub login_error_disabled: &'static str,
    pub login_error_cross_origin: &'static str,
    pub signed_out: &'static str,
    pub home_title: &'static str,
    pub home_welcome: &'static str,
    pub home_role_admin: &'static str,
    pub home_role_steering: &'static str,
    pub home_role_viewer: &'static str,
    pub home_role_clerk: &'static str,
    pub role_admin: &'static str,
    pub role_steering: &'static str,
    pub role_viewer: &'static str,
    pub role_clerk: &'static str,
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
    /// Texts of a target's history page.
    pub history: &'static history::HistoryTexts,
    /// Texts of the DOCX report.
    pub report: &'static report::ReportTexts,
    /// Texts of the two-kind parts of the round editor.
    pub editor: &'static editor::EditorTexts,
    /// Texts of a round's schedule.
    pub schedule: &'static schedule::ScheduleTexts,
    /// Texts of the hall screen.
    pub hall: &'static hall::HallTexts,
    /// Texts of paper sheets: reconciliation, print, entry.
    pub paper: &'static paper::PaperTexts,
    /// Texts of codes per unit.
    pub codes: &'static codes::CodeTexts,
    /// Texts of steering groups, flags and re-evaluation.
    pub steering: &'static steering::SteeringTexts,
    /// Texts of the rectification ledger and its public notice.
    pub ledger: &'static ledger::LedgerTexts,
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
            Role::Clerk => self.role_clerk,
        }
    }

    /// What a role can do here, for the home page.
    pub fn role_summary(&self, role: Role) -> &'static str {
        match role {
            Role::Admin => self.home_role_admin,
            Role::Steering => self.home_role_steering,
            Role::Viewer => self.home_role_viewer,
            Role::Clerk => self.home_role_clerk,
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
    login_error_throttled: "尝试次数过多，请 {minutes} 分钟后再试。",
    login_error_disabled: "该账户已停用，请联系组织部。",
    login_error_cross_origin: "请求来自其他网站，已被拒绝。请直接在本站登录。",
    signed_out: "您已安全退出。",
    home_title: "工作台",
    home_welcome: "欢迎使用民评。",
    home_role_admin: "您可以设置测评轮次、发放测评码、查看和导出结果、管理账户。",
    home_role_steering: "您可以查看分配给本督导组的测评对象结果，并在整改后发起重新测评。",
    home_role_viewer: "您可以查看授权范围内已发布的测评结果。",
    home_role_clerk: "您可以录入纸质测评表（不能进行其他操作）。",
    role_admin: "组织部管理员",
    role_steering: "督导组成员",
    role_viewer: "观察员",
    role_clerk: "录入员",
    not_found_title: "页面不存在",
    not_found_body: "您访问的页面不存在或已被移除。",
    error_title: "出错了",
    error_body: "服务器暂时无法处理您的请求，请稍后再试。",
    back_home: "返回首页",
    loading: "加载中…",
    rounds: &rounds::ZH,
    ballot: &ballot::ZH,
    results: &results::ZH,
    history: &history::ZH,
    report: &report::ZH,
    editor: &editor::ZH,
    schedule: &schedule::ZH,
    hall: &hall::ZH,
    paper: &paper::ZH,
    codes: &codes::ZH,
    steering: &steering::ZH,
    ledger: &ledger::ZH,
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
    login_error_throttled: "Too many attempts. Try again in {minutes} minutes.",
    login_error_disabled: "This account is disabled. Please contact the organization department.",
    login_error_cross_origin: "The request came from another site and was refused. Sign in on this site.",
    signed_out: "You have signed out.",
    home_title: "Dashboard",
    home_welcome: "Welcome to Minping.",
    home_role_admin: "You can set up appraisal rounds, issue codes, read and export results, and manage accounts.",
    home_role_steering:
        "You can read the results of the targets assigned to your steering group and trigger re-evaluation after make-up lessons.",
    home_role_viewer: "You can read published results within your scope.",
    home_role_clerk: "You can enter paper ballots (and nothing else).",
    role_admin: "Organization department (admin)",
    role_steering: "Steering group member",
    role_viewer: "Observer",
    role_clerk: "Clerk",
    not_found_title: "Page not found",
    not_found_body: "The page you asked for does not exist or was removed.",
    error_title: "Something went wrong",
    error_body: "The server could not handle your request just now. Please try again later.",
    back_home: "Back to the home page",
    loading: "Loading…",
    rounds: &rounds::EN,
    ballot: &ballot::EN,
    results: &results::EN,
    history: &history::EN,
    report: &report::EN,
    editor: &editor::EN,
    schedule: &schedule::EN,
    hall: &hall::EN,
    paper: &paper::EN,
    codes: &codes::EN,
    steering: &steering::EN,
    ledger: &ledger::EN,
    accounts: &accounts::EN,
};
