//! `minping demo`: a realistic campaign of a district — twelve units, each a leading body
//! and three to six cadres with their posts, rated on one sheet with two scales (the preset
//! "年度考核：班子 + 干部") by the four evaluator categories. This year's round is open with
//! codes issued per unit × category; the two years before are closed with ballots, so that
//! every unit and cadre has a history (and last year's round has flags). Last year's round
//! is published, its flags carry a rectification ledger, and its 公示 page has a link.

use app::domain::ballot::AnswerInput;
use app::domain::lifecycle::Transition;
use app::domain::plan::PlanLine;
use app::domain::round::{annual_preset, RoundSpec, TargetKind, TargetSpec};
use app::ssr::ballots::{BallotService, Submission};
use app::ssr::codes::{self, Batch, CodeKey};
use app::ssr::rounds;
use rand::{rngs::StdRng, Rng, SeedableRng};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, PaginatorTrait, Set};
use std::sync::Arc;

const ACTOR: &str = "demo";

/// A unit: its key, its body's name, its cadres (name, post).
type Unit = (&'static str, &'static str, &'static [(&'static str, &'static str)]);

/// The units. Two 王伟 in different units.
const UNITS: [Unit; 12] = [
    ("jyj", "区教育局领导班子", &[("张建国", "局长"), ("刘芳", "副局长"), ("王伟", "副局长"), ("赵敏", "纪检监察组组长")]),
    ("wjw", "区卫生健康委员会领导班子", &[("李晓梅", "主任"), ("孙立新", "副主任"), ("周静", "副主任")]),
    (
        "mzj",
        "区民政局领导班子",
        &[("吴海涛", "局长"), ("郑丽", "副局长"), ("冯军", "副局长"), ("陈晨", "副局长"), ("褚明", "纪检监察组组长")],
    ),
    ("zjj", "区住房和城乡建设局领导班子", &[("王志强", "局长"), ("蒋涛", "副局长"), ("沈玉兰", "副局长"), ("韩冰", "总工程师")]),
    ("scjgj", "区市场监督管理局领导班子", &[("杨帆", "局长"), ("朱琳", "副局长"), ("秦刚", "副局长")]),
    ("rsj", "区人力资源和社会保障局领导班子", &[("许静", "局长"), ("何平", "副局长"), ("吕娜", "副局长"), ("施展", "副局长")]),
    ("sthj", "区生态环境分局领导班子", &[("张弛", "局长"), ("孔燕", "副局长"), ("曹亮", "副局长")]),
    ("xfj", "区信访局领导班子", &[("陈红", "局长"), ("严磊", "副局长"), ("华英", "副局长")]),
    (
        "czj",
        "区财政局领导班子",
        &[("金鑫", "局长"), ("魏巍", "副局长"), ("陶然", "副局长"), ("姜涛", "副局长"), ("戚薇", "总会计师"), ("谢晖", "纪检监察组组长")],
    ),
    ("nyj", "区农业农村局领导班子", &[("邹勇", "局长"), ("喻红", "副局长"), ("柏松", "副局长")]),
    ("jtj", "区交通运输局领导班子", &[("水清", "局长"), ("窦文", "副局长"), ("王伟", "副局长"), ("章程", "副局长")]),
    ("sfj", "区司法局领导班子", &[("云飞", "局长"), ("苏婷", "副局长"), ("潘越", "副局长")]),
];

/// The campaign's definition for `year`: every unit's body and cadres, keyed by the
/// department's own codes (`jyj`, `jyj-01`, …).
pub fn demo_spec(year: i32) -> RoundSpec {
    let mut spec = annual_preset(
        &format!("{year} 年度新城区领导班子和领导干部民主测评"),
        "对区直单位领导班子和领导干部开展年度民主测评：一张测评表，班子和干部各按其评价等次和测评项目。多数不满意的班子、不称职超过三分之一的干部，及时补课。",
    );
    spec.quorum = 5;
    for (key, body, cadres) in UNITS {
        spec.targets.push(TargetSpec { key: key.into(), name: body.into(), kind: TargetKind::Body, parent: None, position: None });
        for (i, (name, post)) in cadres.iter().enumerate() {
            spec.targets.push(TargetSpec {
                key: format!("{key}-{:02}", i + 1),
                name: (*name).into(),
                kind: TargetKind::Cadre,
                parent: Some(key.into()),
                position: Some((*post).into()),
            });
        }
    }
    spec
}

/// Codes per unit and category: masses, two reps one member, heads of subordinate units,
/// service clients.
fn plan(counts: [i64; 4]) -> Vec<PlanLine> {
    let categories = ["masses", "two_reps_one_member", "subordinate_heads", "service_clients"];
    UNITS
        .iter()
        .flat_map(|(unit, _, _)| {
            categories.iter().zip(counts).map(|(c, n)| PlanLine { unit: (*unit).into(), category: (*c).into(), count: n })
        })
        .collect()
}

/// How well a target does in a year, 0 (badly) to 1: mostly well; last year the petitions
/// bureau's body and one housing cadre did badly (flagged), two years ago the finance bureau.
fn standing(year: i32, key: &str) -> f64 {
    match (year, key) {
        (2025, "xfj") | (2025, "zjj-02") => 0.12,
        (2024, "czj") | (2024, "xfj") => 0.35,
        _ => 0.75 + (key.bytes().map(u32::from).sum::<u32>() % 20) as f64 / 100.0,
    }
}

/// An answer for a target of `standing`, on a scale whose last positive option is at
/// `negative - 1`, its negative option at `negative`, "don't know" after it.
fn pick(rng: &mut StdRng, standing: f64, negative: usize) -> usize {
    let x: f64 = rng.gen();
    if x < 0.04 {
        negative + 1
    } else if x > standing + 0.04 {
        negative
    } else {
        ((x / (standing + 0.04)) * negative as f64) as usize % negative
    }
}

/// Casts ballots with most of a past round's codes, each rating its unit's sheet.
async fn vote(db: &DatabaseConnection, key: &CodeKey, spec: &RoundSpec, year: i32, batches: &[Batch]) -> anyhow::Result<usize> {
    let service = Arc::new(BallotService::new(db.clone(), u32::MAX, std::time::Duration::from_secs(1)));
    let mut rng = StdRng::seed_from_u64(year as u64);
    let mut tasks = tokio::task::JoinSet::new();
    let mut cast = 0;
    for b in batches {
        let unit: Vec<&TargetSpec> = spec.targets.iter().filter(|t| t.unit() == b.unit).collect();
        for code in &b.codes {
            if !rng.gen_bool(0.85) {
                continue;
            }
            let mut answers = Vec::new();
            for t in &unit {
                let scale = spec.scale_of(t.kind);
                let negative = scale.iter().position(|o| o.polarity == app::domain::round::Polarity::Negative).unwrap_or(0);
                for item in spec.items.iter().filter(|i| i.applies_to.covers(t.kind)) {
                    if !item.overall && rng.gen_bool(0.1) {
                        continue;
                    }
                    let option = scale[pick(&mut rng, standing(year, &t.key), negative)].key.clone();
                    answers.push(AnswerInput { target: t.key.clone(), item: item.key.clone(), option });
                }
            }
            let opinion = rng.gen_bool(0.08).then(|| "希望进一步改进作风，多听取基层意见。".to_owned());
            let (service, db, key, code) = (service.clone(), db.clone(), key.clone(), code.to_string());
            tasks.spawn(async move {
                let sub = Submission { code: &code, answers: &answers, opinion, receipt: None };
                service.cast(&db, &key, std::net::IpAddr::from([127, 0, 0, 1]), sub).await
            });
            cast += 1;
        }
    }
    while let Some(done) = tasks.join_next().await {
        done?.map_err(|e| anyhow::anyhow!("a demo ballot was refused: {e:?}"))?;
    }
    Ok(cast)
}

/// A closed round of `year`, with ballots; its closing date set to 20 December of that year.
async fn past_round(db: &DatabaseConnection, key: &CodeKey, year: i32) -> anyhow::Result<(i32, usize)> {
    let round = rounds::create(db, ACTOR, &demo_spec(year), None).await?;
    let lines = plan([12, 4, 5, 6]);
    let batches = codes::plan(db, key, ACTOR, round.id, |spec| app::domain::plan::check(spec, &lines)).await?;
    rounds::transition(db, ACTOR, round.id, Transition::Open).await?;
    let cast = vote(db, key, &round.spec, year, &batches).await?;
    rounds::transition(db, ACTOR, round.id, Transition::Close).await?;
    let closed =
        time::Date::from_calendar_date(year, time::Month::December, 20)?.with_hms(17, 0, 0)?.assume_offset(time::macros::offset!(+8));
    app::ssr::db::entities::round::ActiveModel { id: Set(round.id), closed_at: Set(Some(closed)), ..Default::default() }.update(db).await?;
    Ok((round.id, cast))
}

/// The rectification of last year's round `id`: published, a ledger on each flag (one
/// measure done, one in progress), and the 公示 page's link → its path.
async fn rectification(db: &DatabaseConnection, id: i32) -> anyhow::Result<String> {
    use app::ssr::db::entities::target_flag;
    use app::ssr::ledger;
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
    rounds::transition(db, ACTOR, id, Transition::Publish).await?;
    let admin = app::views::auth::UserView { username: ACTOR.to_owned(), role: app::domain::account::Role::Admin };
    let today = ledger::today();
    let flags =
        target_flag::Entity::find().filter(target_flag::Column::RoundId.eq(id)).order_by_asc(target_flag::Column::Id).all(db).await?;
    for f in flags {
        let problem = ledger::add_problem(db, &admin, f.id, "群众反映办事效率不高、窗口服务态度生硬", "opinion").await?;
        let due = |days: i64| (today + time::Duration::days(days)).to_string();
        ledger::add_measure(db, &admin, problem, "推行“一窗受理、限时办结”，公开办事指南和时限", "办公室主任", &due(30)).await?;
        ledger::add_measure(db, &admin, problem, "开展窗口服务礼仪培训，建立群众评价回访制度", "分管副职", &due(60)).await?;
        let ledger = ledger::ledger_of(db, &admin, f.id).await?;
        let ids: Vec<i32> = ledger.problems.iter().flat_map(|p| p.measures.iter().map(|m| m.id)).collect();
        ledger::set_status(db, &admin, ids[0], "done", Some("已制定并公开办事指南 12 项，办结时限平均缩短 2 天")).await?;
        ledger::set_status(db, &admin, ids[1], "doing", None).await?;
        let finding = ledger::add_problem(db, &admin, f.id, "班子议事决策程序不够规范", "finding").await?;
        ledger::add_measure(db, &admin, finding, "修订班子议事规则，重大事项集体研究", "主要负责同志", &due(45)).await?;
    }
    let token = app::ssr::links::make(db, ACTOR, id, app::ssr::links::LinkKind::Public).await?.unwrap_or_default();
    Ok(format!("/public/{token}"))
}

/// Loads the demo on a database without rounds; returns what was made, or `None`.
pub async fn load(db: &DatabaseConnection, key: &CodeKey) -> anyhow::Result<Option<String>> {
    if app::ssr::db::entities::round::Entity::find().count(db).await? > 0 {
        return Ok(None);
    }
    let spec = demo_spec(2026);
    let cadres = spec.targets.iter().filter(|t| t.kind == TargetKind::Cadre).count();
    let round = rounds::create(db, ACTOR, &spec, None).await?;
    let lines = plan([20, 6, 8, 10]);
    let batches = codes::plan(db, key, ACTOR, round.id, |spec| app::domain::plan::check(spec, &lines)).await?;
    rounds::transition(db, ACTOR, round.id, Transition::Open).await?;
    let issued: usize = batches.iter().map(|b| b.codes.len()).sum();
    let mut report = vec![
        format!("Demo round #{} (open): {}", round.id, round.spec.title),
        format!("  {} units, {cadres} cadres; {issued} codes in {} batches (unit × category), for example:", UNITS.len(), batches.len()),
    ];
    for b in batches.iter().take(4) {
        report.push(format!(
            "    {} ({} · {})",
            b.codes.first().map(ToString::to_string).unwrap_or_default(),
            b.unit_name,
            b.category_name
        ));
    }
    for year in [2025, 2024] {
        let (id, cast) = past_round(db, key, year).await?;
        report.push(format!("Demo round #{id} (closed): {year}, {cast} ballots — every target's history starts there"));
        if year == 2025 {
            let public = rectification(db, id).await?;
            report.push(format!("  published, with a rectification ledger on each flag; its 公示 page: {public}"));
        }
    }
    Ok(Some(report.join("\n")))
}
