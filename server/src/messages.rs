//! The human sentences of API errors, in zh-CN and English.

use app::i18n::Locale;

/// One API error message in both languages.
#[derive(Debug, Clone, Copy)]
pub struct Message {
    zh: &'static str,
    en: &'static str,
}

impl Message {
    /// The sentence in `locale`.
    pub fn text(self, locale: Locale) -> &'static str {
        match locale {
            Locale::Zh => self.zh,
            Locale::En => self.en,
        }
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
    ACCOUNT_LOCKED: "该账户登录失败次数过多，已暂时锁定，请 {minutes} 分钟后再试。", "Too many failed sign-ins: this account is locked. Try again in {minutes} minutes.";
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
    CODES_WRONG_STATE: "只能为草稿或进行中的测评轮次发放测评码（当前为 {from}）。", "Codes can be issued only for a draft or open round (this one is '{from}').";
    UNKNOWN_CATEGORY: "测评主体类别“{key}”不存在。", "The category '{key}' does not exist in this round.";
    UNKNOWN_TARGET: "测评对象“{key}”不存在。", "The target '{key}' does not exist in this round.";
    BAD_COUNT: "count：数量须在 1 到 100000 之间。", "count: the number of codes must be between 1 and 100000.";
    BAD_CODE: "测评码格式不正确：", "A code is malformed: ";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_follow_the_locale() {
        assert_eq!(UNAUTHORIZED.text(Locale::Zh), "请先登录。");
        assert_eq!(UNAUTHORIZED.text(Locale::En), "Please sign in first.");
    }
}
