//! The sentences of refusals and errors: the JSON API's messages, and the reasons the
//! forms of the pages give back. Which HTTP status and API code goes with each is decided
//! in one place, `server/src/error/map.rs`; here is only what is said.

use crate::Locale;
use domain::lifecycle::Status;
use domain::reevaluation::Refusal;

/// One message in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Message {
    zh: &'static str,
    en: &'static str,
}

impl Message {
    /// The sentence in `locale`.
    pub fn text(self, locale: Locale) -> &'static str {
        crate::pick(locale, self.zh, self.en)
    }

    /// The sentence in `locale` with its `{placeholders}` filled in.
    pub fn fill(self, locale: Locale, vars: &[(&str, &str)]) -> String {
        let mut text = self.text(locale).to_owned();
        for (k, v) in vars {
            text = text.replace(&format!("{{{k}}}"), v);
        }
        text
    }
}

macro_rules! messages {
    ($($name:ident: $zh:literal, $en:literal;)*) => {
        $(
            #[doc = $en]
            pub const $name: Message = Message { zh: $zh, en: $en };
        )*
    };
}

messages! {
    NOT_FOUND: "请求的资源不存在。", "The requested resource does not exist.";
    METHOD_NOT_ALLOWED: "该地址不支持此请求方法。", "This address does not accept that request method.";
    UNAUTHORIZED: "请先登录。", "Please sign in first.";
    FORBIDDEN: "您没有权限执行此操作。", "You are not allowed to do this.";
    INVALID_JSON: "请求内容不是有效的 JSON：", "The request body is not valid JSON: ";
    WRONG_CONTENT_TYPE: "请求须使用 Content-Type: application/json。", "The request must use Content-Type: application/json.";
    PAYLOAD_TOO_LARGE: "请求内容过大（上限 64 KiB）。", "The request body is too large (the limit is 64 KiB).";
    MISSING_CREDENTIALS: "请输入用户名和密码。", "Please give a username and a password.";
    INVALID_CREDENTIALS: "用户名或密码不正确。", "The username or password is wrong.";
    ACCOUNT_DISABLED: "该账户已停用。", "This account is disabled.";
    RATE_LIMITED: "尝试次数过多，请 {minutes} 分钟后再试。", "Too many attempts. Try again in {minutes} minutes.";
    CROSS_ORIGIN: "拒绝来自其他网站的修改请求。", "A state-changing request from another site was refused.";
    INTERNAL: "服务器内部错误，请稍后再试。", "Internal server error. Please try again later.";
    TIMEOUT: "请求超时，请重试。", "The request took too long. Please try again.";
    ROUND_NOT_FOUND: "测评轮次不存在。", "No such round.";
    INVALID_ROUND: "测评轮次设置有误：", "The round definition has problems: ";
    WRONG_STATE: "当前状态（{from}）下不能执行“{action}”。", "A round in state '{from}' cannot '{action}'.";
    NOT_EDITABLE: "只有草稿状态的测评轮次可以修改（当前为 {from}）。", "Only a draft round can be edited (this one is '{from}').";
    NOT_READY: "测评轮次尚不能开始：", "The round cannot open yet: ";
    NOT_CLOSED: "测评轮次尚未结束（当前为 {from}），结果在结束后才能查看；进行中只显示参与情况。", "Results are shown once the round is closed (it is '{from}'); while open, only turnout is shown.";
    CODES_WRONG_STATE: "只能为草稿或进行中的测评轮次发放测评码（当前为 {from}）。", "Codes can be issued only for a draft or open round (this one is '{from}').";
    UNKNOWN_CATEGORY: "测评主体类别“{key}”不存在。", "The category '{key}' does not exist in this round.";
    UNKNOWN_TARGET: "测评对象“{key}”不存在。", "The target '{key}' does not exist in this round.";
    BAD_COUNT: "count：数量须在 1 到 100000 之间。", "count: the number of codes must be between 1 and 100000.";
    UNKNOWN_UNIT: "单位“{key}”不是本轮的领导班子。", "The unit '{key}' is not a leading body of this round.";
    OUTSIDE_UNIT: "测评对象“{key}”不属于所选单位。", "The target '{key}' does not belong to the chosen unit.";
    INVALID_PLAN: "发放计划有误，未发放任何测评码：", "The plan has problems; no code was issued: ";
    BAD_KIND: "kind 须为 body 或 cadre。", "kind must be body or cadre.";
    NOTHING_TO_REISSUE: "第 {batch} 批没有未使用的测评码，无需重新发放。", "Batch {batch} has no unused code left to reissue.";
    PLAN_ONE_SOURCE: "请只用一种方式填写发放计划：表格、粘贴或上传文件。", "Fill in the plan one way only: the table, pasted text or an uploaded file.";
    BAD_BATCH: "请给出要作废的测评码或批次号。", "Give the codes or the batch number to revoke.";
    NO_SUCH_TARGET: "没有该代码的测评对象。", "There is no target with that key.";
    BAD_CODE: "测评码格式不正确：", "A code is malformed: ";
    NOT_A_NUMBER: "{label}：“{value}”不是有效的数字", "{label}: '{value}' is not a number";
    PAPER_CODE_USED: "这张测评表的测评码已经使用过（已用手机提交，或已录入过），不能再录入。未保存任何内容。", "This sheet's code has been used already (cast by phone, or entered before), so it cannot be entered. Nothing was stored.";
    BAD_TIME: "{label}：“{value}”不是有效的日期和时间", "{label}: '{value}' is not a date and time";
    BAD_THRESHOLD: "{label}：“{value}”应为小数（如 0.5）或分数（如 1/3）", "{label}: '{value}' must be a decimal (such as 0.5) or a fraction (such as 1/3)";
    UPLOAD_FAILED: "文件上传失败，请重试。", "The upload failed. Please try again.";
    ONE_FILE: "请一次只上传一个文件。未保存任何内容。", "Upload one file at a time. Nothing was stored.";
    NOT_PUBLISHED: "结果发布后才能查看。", "Results can be read once they are published.";
    HALL_LINK_GONE: "此大屏链接不存在或已被撤回。", "This hall link does not exist or has been withdrawn.";
    ROLE_MAY_NOT: "您的角色无权进行此操作。", "Your role may not do that.";
    GROUP_TAKEN: "已有同名的督导组。", "A steering group of that name exists.";
    GROUP_NAME: "督导组名称不能为空，且不超过 100 个字。", "The group name must be 1 to 100 characters.";
    NO_STEERING_ACCOUNT: "没有该用户名的督导账号。", "There is no steering account with that username.";
    NO_VIEWER_ACCOUNT: "没有该用户名的观察员账号。", "There is no viewer account with that username.";
    NO_SUCH_TARGET_KEY: "任何测评轮次中都没有该代码的测评对象。", "No round has a target with that key.";
    NO_SUCH_ROUND: "没有该编号的测评轮次。", "There is no round with that number.";
    SCOPE_EITHER: "请填写测评轮次编号或单位代码（二选一）。", "Give either a round number or a unit key.";
    LESSON_TEXT: "请填写整改措施（不超过 4000 字）。", "Describe the step taken (up to 4,000 characters).";
    BAD_DATE: "日期格式应为 YYYY-MM-DD。", "The date must be YYYY-MM-DD.";
    NO_LESSONS_YET: "请先记录至少一项整改措施。", "Record at least one step first.";
    LEDGER_TITLE: "请填写问题（不超过 200 字）。", "Give the problem a title (up to 200 characters).";
    LEDGER_SOURCE: "问题来源只能是“群众意见”或“督导发现”。", "A problem comes from an opinion or from the steering group's own finding.";
    LEDGER_MEASURE: "请填写整改措施（不超过 2000 字）。", "Describe the measure (up to 2,000 characters).";
    LEDGER_OWNER: "请填写责任人（不超过 64 个字）。", "Name who is responsible (up to 64 characters).";
    LEDGER_DEADLINE: "整改时限应为 YYYY-MM-DD，且不早于标记需补课的日期。", "The deadline must be YYYY-MM-DD and not before the day the target was flagged.";
    LEDGER_STATUS: "整改状态只能是未开始、整改中或已完成。", "The status must be not started, in progress or done.";
    LEDGER_EVIDENCE: "佐证材料说明不超过 4000 字。", "The evidence note may be up to 4,000 characters.";
    STEERING_NOT_FOUND: "找不到该对象。", "Not found.";
    REEVAL_NOT_CLOSED: "只有已结束的测评轮次才能重新测评（当前为 {from}）。", "Only a closed round can be re-evaluated (this one is '{from}').";
    REEVAL_NO_TARGETS: "请至少选择一个需补课的测评对象。", "Choose at least one flagged target.";
    REEVAL_UNKNOWN: "本轮没有代码为“{key}”的测评对象。", "This round has no target '{key}'.";
    REEVAL_NOT_ASSIGNED: "测评对象“{key}”不由您所在的督导组负责。", "Target '{key}' is not assigned to your steering group.";
    REEVAL_NOT_FLAGGED: "测评对象“{key}”在本轮未被标记为需补课，无需重新测评。", "Target '{key}' is not flagged in this round.";
    REEVAL_PENDING: "测评对象“{key}”已在重新测评中。", "Target '{key}' is already being re-evaluated.";
    REEVAL_MEASURES_OPEN: "整改台账中尚有 {n} 项措施未完成。确认仍要发起重新测评，请勾选确认后再提交。", "{n} measures of the rectification ledger are not done yet. To re-evaluate anyway, tick the confirmation and submit again.";
}

/// The body of the answer to a request whose handler panicked (no request locale is known
/// any more: both languages).
pub const PANIC_BODY: &str = r#"{"error":{"code":"internal","message":"Internal server error / 服务器内部错误"}}"#;

/// Why a re-evaluation request was refused.
pub fn reevaluation(r: &Refusal, locale: Locale) -> String {
    let key = |m: Message, k: &str| m.fill(locale, &[("key", k)]);
    match r {
        Refusal::NotClosed(st) => REEVAL_NOT_CLOSED.fill(locale, &[("from", status(*st))]),
        Refusal::NoTargets => REEVAL_NO_TARGETS.text(locale).to_owned(),
        Refusal::Unknown(k) => key(REEVAL_UNKNOWN, k),
        Refusal::NotAssigned(k) => key(REEVAL_NOT_ASSIGNED, k),
        Refusal::NotFlagged(k) => key(REEVAL_NOT_FLAGGED, k),
        Refusal::Pending(k) => key(REEVAL_PENDING, k),
        Refusal::MeasuresOpen(n) => REEVAL_MEASURES_OPEN.fill(locale, &[("n", &n.to_string())]),
    }
}

/// A round status as messages name it (its stable key).
pub fn status(s: Status) -> &'static str {
    s.as_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_follow_the_locale_and_fill_their_placeholders() {
        assert_eq!(UNAUTHORIZED.text(Locale::Zh), "请先登录。");
        assert_eq!(UNAUTHORIZED.text(Locale::En), "Please sign in first.");
        assert_eq!(
            NOT_CLOSED.fill(Locale::En, &[("from", "open")]),
            "Results are shown once the round is closed (it is 'open'); while open, only turnout is shown."
        );
        assert_eq!(reevaluation(&Refusal::Pending("wjw".into()), Locale::Zh), "测评对象“wjw”已在重新测评中。");
    }
}
