//! The sentences of the domain's refusals: a round definition's problems, a bad row of a
//! target list, a wrong ballot and why a ballot was refused.

use crate::{pick, Locale};
use domain::ballot::{BallotProblem, Refusal, OPINION_MAX};
use domain::import::RowProblem;
use domain::plan::{PlanProblem, MAX_PLAN_CODES};
use domain::round::{Problem, RoundSpec, TargetKind, MAX_KEY, MAX_NAME};

/// What is wrong with one field of a round definition.
pub fn problem(p: &Problem, locale: Locale) -> String {
    let (zh, en): (String, String) = match p {
        Problem::Required => ("不能为空".into(), "is required".into()),
        Problem::TooLong(n) => (format!("不能超过 {n} 个字符"), format!("must be at most {n} characters")),
        Problem::BadKey => ("只能包含字母、数字、下划线和短横线".into(), "may contain only letters, digits, '_' and '-'".into()),
        Problem::Duplicate(k) => (format!("键“{k}”重复"), format!("the key '{k}' appears more than once")),
        Problem::OverallCount(n) => {
            (format!("须有且只有一个总体评价项目（现有 {n} 个）"), format!("exactly one item must be the overall item (found {n})"))
        }
        Problem::NegativeWeight => ("权重不能为负数".into(), "a weight cannot be negative".into()),
        Problem::AllWeightsZero => ("权重不能全部为零".into(), "the weights cannot all be zero".into()),
        Problem::OutsideUnitInterval => ("须大于 0 且小于 1".into(), "must be greater than 0 and less than 1".into()),
        Problem::AtLeast(n) => (format!("不能小于 {n}"), format!("must be at least {n}")),
        Problem::ScaleNeedsBothSides => {
            ("评价等次须至少包含一个肯定等次和一个否定等次".into(), "the scale needs at least one positive and one negative option".into())
        }
        Problem::PointsMismatch => (
            "肯定和否定等次须有分值，“不了解”类等次不能有分值".into(),
            "positive and negative options need points; abstain options have none".into(),
        ),
        Problem::UnknownParent(k) => (format!("所属班子“{k}”不存在"), format!("the parent body '{k}' does not exist")),
        Problem::BodyWithParent => ("领导班子不能有所属班子".into(), "a leading body cannot have a parent".into()),
        Problem::TooManyOptions(n) => (format!("评价等次最多 {n} 个"), format!("a scale has at most {n} options")),
        Problem::OverallForKind(kind, n) => {
            let (zh, en) = match kind {
                TargetKind::Body => ("领导班子", "leading bodies"),
                TargetKind::Cadre => ("领导干部", "leading cadres"),
            };
            (
                format!("适用于{zh}的总体评价项目须有且只有一个（现有 {n} 个）"),
                format!("exactly one overall item must apply to {en} (found {n})"),
            )
        }
        Problem::BadPosition => (
            format!("职务只适用于领导干部，且不能超过 {MAX_NAME} 个字符"),
            format!("only a cadre has a position, of at most {MAX_NAME} characters"),
        ),
        Problem::InThePast => ("该时间已经过去，请填写以后的时间".into(), "this time has already passed: choose a later one".into()),
        Problem::ClosesBeforeOpens => ("结束时间须晚于开始时间".into(), "the closing time must be after the opening time".into()),
    };
    pick(locale, zh, en)
}

/// What is wrong with one row of a target list.
pub fn row_problem(p: &RowProblem, locale: Locale) -> String {
    let (zh, en): (String, String) = match p {
        RowProblem::NoName => ("名称为空".into(), "the name is empty".into()),
        RowProblem::NameTooLong => (format!("名称超过 {MAX_NAME} 个字符"), format!("the name is longer than {MAX_NAME} characters")),
        RowProblem::UnknownKind(k) => (format!("类型“{k}”无法识别，应为“班子”或“干部”"), format!("unknown kind '{k}': use body or cadre")),
        RowProblem::NoParent => ("领导干部须填写所属班子".into(), "a cadre needs a parent body".into()),
        RowProblem::UnknownParent(p) => (format!("所属班子“{p}”不存在"), format!("the parent body '{p}' does not exist")),
        RowProblem::DuplicateName(n) => (format!("“{n}”已存在"), format!("'{n}' already exists")),
        RowProblem::BadHeader => (
            "表头应包含“名称”列，可选：类型、所属班子、职务、编码（或 name, kind, parent, position, key）".into(),
            "the header needs a name column; optional: kind, parent, position, key (or 名称, 类型, 所属班子, 职务, 编码)".into(),
        ),
        RowProblem::UnknownColumn(c) => (
            format!("无法识别的列“{c}”：可用的列为 名称、类型、所属班子、职务、编码"),
            format!("unknown column '{c}': the columns are name, kind, parent, position, key"),
        ),
        RowProblem::BadKey(k) => (
            format!("编码“{k}”只能包含字母、数字、下划线和短横线，最多 {MAX_KEY} 个字符"),
            format!("the key '{k}' may contain only letters, digits, '_' and '-', at most {MAX_KEY} characters"),
        ),
        RowProblem::DuplicateKey(k) => (format!("编码“{k}”已被使用"), format!("the key '{k}' is already used")),
        RowProblem::BadPosition => (
            format!("职务只能填写在领导干部行，且不能超过 {MAX_NAME} 个字符"),
            format!("a position is for cadre rows only, at most {MAX_NAME} characters"),
        ),
    };
    pick(locale, zh, en)
}

/// What is wrong with a submitted sheet, naming targets and items as the sheet shows them.
pub fn ballot_problem(p: &BallotProblem, locale: Locale, spec: &RoundSpec) -> String {
    let name = |key: &str| spec.targets.iter().find(|t| t.key == key).map_or(key.to_owned(), |t| t.name.clone());
    let item = |key: &str| spec.items.iter().find(|i| i.key == key).map_or(key.to_owned(), |i| i.title.clone());
    let (zh, en) = match p {
        BallotProblem::UnknownTarget(k) => (format!("测评对象“{k}”不在本轮测评中"), format!("'{k}' is not a target of this round")),
        BallotProblem::OutOfScope(k) => {
            (format!("“{}”不在本测评码的测评范围内", name(k)), format!("'{}' is not covered by this code", name(k)))
        }
        BallotProblem::UnknownItem(k) => (format!("测评项目“{k}”不存在"), format!("'{k}' is not an item of this round")),
        BallotProblem::UnknownOption { target, item: i, option } => (
            format!("“{}”的“{}”选了不存在的等次“{option}”", name(target), item(i)),
            format!("'{option}' is not a choice for '{}' of '{}'", item(i), name(target)),
        ),
        BallotProblem::NotApplicable { target, item: i } => {
            (format!("“{}”不适用测评项目“{}”", name(target), item(i)), format!("'{}' is not an item for '{}'", item(i), name(target)))
        }
        BallotProblem::Duplicate { target, item: i } => {
            (format!("“{}”的“{}”有两个答案", name(target), item(i)), format!("'{}' of '{}' was answered twice", item(i), name(target)))
        }
        BallotProblem::MissingOverall(k) => {
            (format!("请对“{}”作出总体评价（必答）", name(k)), format!("Please give an overall rating for '{}' (required)", name(k)))
        }
        BallotProblem::OpinionTooLong(n) => (
            format!("意见建议最多 {OPINION_MAX} 字，现有 {n} 字，请删减"),
            format!("The opinion may have at most {OPINION_MAX} characters; it has {n}. Please shorten it"),
        ),
    };
    pick(locale, zh, en)
}

/// Why a ballot (or a code's sheet) was refused and what to do, in the evaluator's language.
pub fn refusal(r: &Refusal, locale: Locale, spec: Option<&RoundSpec>) -> String {
    let (zh, en): (String, String) = match r {
        Refusal::UnknownCode => (
            "测评码无效或已作废。请核对纸条上的测评码后重新输入。".into(),
            "This code is not valid or has been withdrawn. Check the code on your slip and type it again.".into(),
        ),
        Refusal::CodeUsed => (
            "该测评码已经使用过：每个测评码只能提交一次。".into(),
            "This code has already been used: each code can be submitted once.".into(),
        ),
        Refusal::RoundNotOpen => (
            "本轮测评现在不接受提交（尚未开始或已经结束）。".into(),
            "This round is not taking ballots now (it has not started or has ended).".into(),
        ),
        Refusal::Invalid(p) => {
            return match spec {
                Some(spec) => ballot_problem(p, locale, spec),
                None => p.to_string(),
            }
        }
        Refusal::BadReceipt => {
            ("回执号无法使用，请刷新页面后重新提交。".into(), "The receipt cannot be used; reload the page and submit again.".into())
        }
        Refusal::OtherRound => (
            "该测评码不属于本轮测评，请核对测评表是否属于本轮。未保存任何内容。".into(),
            "This code belongs to another round: check that the sheet is of this round. Nothing was stored.".into(),
        ),
        Refusal::RateLimited { minutes } => {
            (format!("尝试次数过多，请 {minutes} 分钟后再试。"), format!("Too many attempts. Please wait {minutes} minutes and try again."))
        }
        Refusal::Unavailable => (
            "服务器暂时无法保存，您的答卷尚未提交，请稍后再试。".into(),
            "The server could not save your ballot just now; nothing was stored. Please try again in a moment.".into(),
        ),
    };
    pick(locale, zh, en)
}

/// Why a typed code could not be read.
pub fn code_error(e: &domain::code::CodeError, locale: Locale) -> String {
    use domain::code::CodeError;
    match e {
        CodeError::WrongLength => pick(locale, "测评码由 12 位字母和数字组成".to_owned(), "a code has 12 letters and digits".to_owned()),
        CodeError::BadCharacter(c) => pick(locale, format!("测评码中不能有“{c}”"), format!("'{c}' cannot appear in a code")),
    }
}

/// Why an uploaded target list could not be read at all (its rows are checked one by one
/// by [`row_problem`]).
pub fn unreadable_list(locale: Locale) -> String {
    pick(
        locale,
        "无法读取该文件：请上传 CSV（UTF-8 或 GBK）或 XLSX 文件，或直接粘贴名单。".to_owned(),
        "This file cannot be read: upload a CSV (UTF-8 or GBK) or XLSX file, or paste the list.".to_owned(),
    )
}

/// Why an uploaded list was refused unread: past one of its bounds (nothing was stored).
pub fn list_too_large(bound: domain::import::Bound, locale: Locale) -> String {
    use domain::import::{Bound, MAX_CELLS, MAX_COLUMNS, MAX_ROWS, MAX_UNPACKED};
    let (zh, en) = match bound {
        Bound::Rows => (format!("该文件超过 {MAX_ROWS} 行"), format!("this file has more than {MAX_ROWS} rows")),
        Bound::Columns => (format!("该文件超过 {MAX_COLUMNS} 列"), format!("this file has more than {MAX_COLUMNS} columns")),
        Bound::Cells => (format!("该文件超过 {MAX_CELLS} 个非空单元格"), format!("this file has more than {MAX_CELLS} non-empty cells")),
        Bound::Unpacked => {
            let mb = MAX_UNPACKED / (1024 * 1024);
            (format!("该文件解压后超过 {mb} MB"), format!("this file unpacks to more than {mb} MB"))
        }
    };
    pick(
        locale,
        format!("{zh}，未读取，也未保存任何内容。请只上传名单本身。"),
        format!("{en}: it was not read and nothing was saved. Upload the list alone."),
    )
}

/// What is wrong with one line of a plan of codes.
pub fn plan_problem(p: &PlanProblem, locale: Locale) -> String {
    let (zh, en): (String, String) = match p {
        PlanProblem::UnknownUnit(u) => (
            format!("单位“{u}”不是本轮的领导班子（填单位编码或班子名称）"),
            format!("'{u}' is not a leading body of this round (give its key or name)"),
        ),
        PlanProblem::UnknownCategory(c) => (format!("类别“{c}”不存在"), format!("the category '{c}' does not exist")),
        PlanProblem::BadCount(n) => (
            format!("份数“{n}”应为 1 到 {MAX_PLAN_CODES} 之间的整数"),
            format!("the count '{n}' must be a whole number from 1 to {MAX_PLAN_CODES}"),
        ),
        PlanProblem::Duplicate => ("同一单位和类别出现了两次".into(), "the same unit and category appear twice".into()),
        PlanProblem::Empty => ("发放计划为空".into(), "the plan is empty".into()),
        PlanProblem::TooMany => {
            (format!("一次最多发放 {MAX_PLAN_CODES} 个测评码"), format!("one plan issues at most {MAX_PLAN_CODES} codes"))
        }
        PlanProblem::UnknownColumn(c) => (
            format!("无法识别的列“{c}”：可用的列为 单位编码、类别、份数"),
            format!("unknown column '{c}': the columns are unit, category, count"),
        ),
    };
    pick(locale, zh, en)
}
