//! Every form of the pages, in one place: where it posts ([`paths`]) and what it sends (a
//! typed struct per form, and a module of its field names for the page's inputs). The
//! pages write `action=paths::at(paths::ROUND_SETTINGS, id)` and `name=settings::title`;
//! the server routes the same path and decodes the same struct — one way to handle a
//! form, nothing copied by hand (docs/ARCHITECTURE.md, "A form").
//!
//! Repeated fields (the rows of a table, checked boxes) are `Vec<String>`; the server
//! decodes them with `axum_extra::extract::Form` (serde_html_form).

use serde::{Deserialize, Serialize};

/// The form paths; `{id}` stands for a round, group, scope or flag id ([`at`]).
pub mod paths {
    /// Sign in.
    pub const LOGIN: &str = "/login";
    /// Sign out.
    pub const LOGOUT: &str = "/logout";
    /// Type a code.
    pub const VOTE: &str = "/v";
    /// A code's sheet (`{code}`).
    pub const BALLOT: &str = "/v/{code}";
    /// A clerk types (or scans) a paper sheet's code (`VoteForm`).
    pub const ENTRY: &str = "/entry";
    /// A paper sheet, entered by a clerk (the sheet's fields, as `BALLOT`).
    pub const ENTRY_SHEET: &str = "/entry/{code}";
    /// A new round.
    pub const ROUND_NEW: &str = "/rounds/new";
    /// A draft's settings.
    pub const ROUND_SETTINGS: &str = "/rounds/{id}/settings";
    /// A draft's evaluator categories.
    pub const ROUND_CATEGORIES: &str = "/rounds/{id}/categories";
    /// A draft's items.
    pub const ROUND_ITEMS: &str = "/rounds/{id}/items";
    /// A draft's scale.
    pub const ROUND_SCALE: &str = "/rounds/{id}/scale";
    /// Remove targets from a draft.
    pub const TARGETS_REMOVE: &str = "/rounds/{id}/targets/remove";
    /// Read a target list (multipart: `text` and/or `file`) into a preview.
    pub const TARGETS_PREVIEW: &str = "/rounds/{id}/targets/preview";
    /// Append the previewed targets.
    pub const TARGETS_IMPORT: &str = "/rounds/{id}/targets/import";
    /// Open, close, publish or archive.
    pub const ROUND_LIFECYCLE: &str = "/rounds/{id}/lifecycle";
    /// Copy a round as a new draft.
    pub const ROUND_COPY: &str = "/rounds/{id}/copy";
    /// Issue codes (answers with the slip sheet).
    pub const CODES_ISSUE: &str = "/rounds/{id}/codes";
    /// Revoke unused codes.
    pub const CODES_REVOKE: &str = "/rounds/{id}/codes/revoke";
    /// Revoke (and maybe reissue) a batch.
    pub const CODES_BATCH: &str = "/rounds/{id}/codes/batch";
    /// Issue a plan of codes per unit × category.
    pub const CODES_PLAN: &str = "/rounds/{id}/codes/plan";
    /// Re-evaluate flagged targets.
    pub const REEVALUATE: &str = "/rounds/{id}/reevaluate";
    /// Make (`action=make`) or withdraw (`action=withdraw`) the round's hall screen link.
    pub const HALL_LINK: &str = "/rounds/{id}/hall-link";
    /// Make (`action=make`) or withdraw (`action=withdraw`) the round's 公示 page link.
    pub const PUBLIC_LINK: &str = "/rounds/{id}/public-link";
    /// The printable reconciliation sheet (清点表) of a round (a page, not a form).
    pub const RECONCILIATION: &str = "/rounds/{id}/reconciliation";
    /// A new steering group.
    pub const GROUPS: &str = "/groups";
    /// Add a member to group `{id}`.
    pub const GROUP_MEMBER_ADD: &str = "/groups/{id}/members";
    /// Remove a member from group `{id}`.
    pub const GROUP_MEMBER_REMOVE: &str = "/groups/{id}/members/remove";
    /// Assign a target key to group `{id}`.
    pub const GROUP_TARGET_ADD: &str = "/groups/{id}/targets";
    /// Unassign a target key from group `{id}`.
    pub const GROUP_TARGET_REMOVE: &str = "/groups/{id}/targets/remove";
    /// Grant a viewer a scope.
    pub const SCOPES: &str = "/scopes";
    /// Remove scope `{id}`.
    pub const SCOPE_REMOVE: &str = "/scopes/{id}/remove";
    /// Record a lesson step on flag `{id}`.
    pub const FLAG_LESSON: &str = "/flags/{id}/lessons";
    /// Mark the lessons of flag `{id}` done.
    pub const FLAG_DONE: &str = "/flags/{id}/done";
    /// Record a problem in the ledger of flag `{id}`.
    pub const FLAG_PROBLEM: &str = "/flags/{id}/problems";
    /// Add a measure to problem `{id}`.
    pub const PROBLEM_MEASURE: &str = "/problems/{id}/measures";
    /// Set the status of measure `{id}`.
    pub const MEASURE_STATUS: &str = "/measures/{id}/status";
    /// A new account.
    pub const ACCOUNTS: &str = "/accounts";
    /// Disable an account.
    pub const ACCOUNT_DISABLE: &str = "/accounts/disable";
    /// Enable an account.
    pub const ACCOUNT_ENABLE: &str = "/accounts/enable";
    /// Reset an account's password.
    pub const ACCOUNT_RESET: &str = "/accounts/reset-password";

    /// `path` with its `{id}` filled in.
    pub fn at(path: &str, id: i32) -> String {
        path.replace("{id}", &id.to_string())
    }
}

macro_rules! form {
    ($(#[$m:meta])* $name:ident, $fields:ident { $($(#[$fm:meta])* $f:ident: $t:ty),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        #[serde(default)]
        pub struct $name {
            $($(#[$fm])* pub $f: $t,)*
        }

        #[doc = concat!("The field names of [`", stringify!($name), "`], for the page's inputs.")]
        #[allow(non_upper_case_globals)]
        pub mod $fields {
            $(#[doc = concat!("`", stringify!($f), "`")] pub const $f: &str = stringify!($f);)*
        }
    };
}

form!(
    /// Sign in.
    LoginForm, login { username: String, password: String }
);
form!(
    /// A code typed at `/v`.
    VoteForm, vote { code: String }
);
form!(
    /// A new round: a title, a description and a preset (`default`, `cadre` or `annual`:
    /// "年度考核：班子 + 干部", a body and its cadres on one sheet).
    NewRoundForm, new_round { title: String, description: String, scale: String }
);
form!(
    /// A draft's settings; numbers as typed (the server says which one is not a number).
    SettingsForm, settings {
        title: String,
        description: String,
        flag_threshold: String,
        flag_basis: String,
        quorum: String,
        disclosure_min: String,
        min_satisfaction: String,
        /// `default`, `body` or `cadre` replaces the scale; anything else keeps it.
        scale: String,
        /// The cadres' own rule; empty fields fall back to the round's.
        cadre_flag_threshold: String,
        cadre_quorum: String,
        cadre_min_satisfaction: String,
        /// `same` (cadres use the round's scale) or `cadre` (the 优秀/称职 scale) replaces the
        /// cadres' scale; anything else keeps it.
        cadre_scale: String,
        /// The schedule as a `datetime-local` field gives it (`2026-12-03T08:30`), in
        /// China Standard Time; empty: by hand.
        opens_at: String,
        closes_at: String,
    }
);
form!(
    /// The rows of a scale table: the round's (`kind` empty or `body`) or the cadres' own (`cadre`).
    ScaleForm, scale { kind: String, label: Vec<String>, key: Vec<String>, points: Vec<String>, polarity: Vec<String> }
);
form!(
    /// The rows of the categories table.
    CategoriesForm, categories { name: Vec<String>, key: Vec<String>, weight: Vec<String> }
);
form!(
    /// The rows of the items table: which kind each rates, and the positions of the overall
    /// items (one per kind).
    ItemsForm, items { title: Vec<String>, key: Vec<String>, applies_to: Vec<String>, overall: Vec<String> }
);
form!(
    /// Checked target keys (to remove, to issue codes for, to re-evaluate).
    TargetsForm, targets { target: Vec<String> }
);
form!(
    /// A lifecycle move: `open`, `close`, `publish` or `archive`.
    LifecycleForm, lifecycle { action: String }
);
form!(
    /// A round link's move (hall screen or 公示 page): `make` (or make anew) or `withdraw`.
    LinkForm, link { action: String }
);
form!(
    /// Codes to issue: a category, how many, and optionally the unit or targets they cover.
    /// `format`: `paper` answers with a paper 测评表 per code, anything else with slips.
    IssueForm, issue { category: String, count: String, unit: String, target: Vec<String>, format: String }
);
form!(
    /// Codes to revoke, one per line.
    RevokeForm, revoke { codes: String }
);
form!(
    /// A batch to revoke (a lost sheet), and whether to issue the same again at once.
    BatchForm, batch { batch: String, reissue: String, format: String }
);
form!(
    /// A plan of codes (multipart: pasted `text` and/or an uploaded `file`, CSV or XLSX, of
    /// 单位编码, 类别, 份数; or the `unit`/`category`/`count` rows of the plan table).
    PlanForm, plan { text: String, file: String, unit: Vec<String>, category: Vec<String>, count: Vec<String>, format: String }
);
form!(
    /// Targets to re-evaluate, and the page to go back to (a flag's page, for steering).
    /// `confirm` (`yes`): re-evaluate although measures of their ledgers are not done.
    ReevaluateForm, reevaluate { target: Vec<String>, from: String, confirm: String }
);
form!(
    /// A steering group's name.
    GroupForm, group { name: String }
);
form!(
    /// An account named on a form (group member, account action).
    UsernameForm, username { username: String }
);
form!(
    /// A target key (group assignment).
    KeyForm, key { key: String }
);
form!(
    /// A viewer scope: a round number or a unit key.
    ScopeForm, scope { username: String, round_id: String, target_key: String }
);
form!(
    /// A make-up lesson step.
    LessonForm, lesson { date: String, text: String }
);
form!(
    /// A ledger problem: its title as typed, or (when that is empty) the picked opinion's
    /// text; `source` is `finding` or `opinion`.
    ProblemForm, problem { title: String, opinion: String, source: String }
);
form!(
    /// A measure of a ledger problem; `from` is the flag page to go back to.
    MeasureForm, measure { text: String, owner: String, deadline: String, from: String }
);
form!(
    /// A measure's new status (`todo`, `doing`, `done`) and evidence; `from` as above.
    StatusForm, measure_status { status: String, evidence: String, from: String }
);
form!(
    /// A new account.
    AccountForm, account { username: String, role: String }
);
form!(
    /// A target list to read into a preview (multipart: pasted `text` and/or an uploaded
    /// `file`, CSV or XLSX).
    ImportListForm, import_list { text: String, file: String }
);
form!(
    /// The hidden fields of the ballot sheet (its answers are [`answer_field`]s).
    BallotForm, ballot { receipt: String, opinion: String, confirm: String }
);

/// The field of the answer to (target, item) on the ballot sheet.
pub fn answer_field(target: &str, item: &str) -> String {
    format!("a:{target}:{item}")
}

/// Reads an [`answer_field`] name back: (target key, item key).
pub fn answer_of(field: &str) -> Option<(&str, &str)> {
    field.strip_prefix("a:")?.split_once(':')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_field_reads_back_to_its_target_and_item() {
        assert_eq!(answer_of(&answer_field("jyj-zhang", "overall")), Some(("jyj-zhang", "overall")));
        assert_eq!(answer_of("opinion"), None);
        assert_eq!(paths::at(paths::ROUND_SETTINGS, 7), "/rounds/7/settings");
        assert_eq!(settings::flag_threshold, "flag_threshold");
    }
}
