//! `minping demo`: a realistic round of a district — eight bureaus' leading bodies and a
//! few cadres, the four evaluator categories — opened, with codes issued.

use app::domain::lifecycle::Transition;
use app::domain::round::{default_categories, default_items, default_scale, RoundSpec, TargetKind, TargetSpec};
use app::ssr::codes::{self, CodeKey, IssueRequest};
use app::ssr::rounds;
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};

const ACTOR: &str = "demo";

const BUREAUS: [(&str, &str, Option<&str>); 8] = [
    ("education", "区教育局领导班子", Some("张建国")),
    ("health", "区卫生健康局领导班子", Some("李晓梅")),
    ("civil_affairs", "区民政局领导班子", None),
    ("housing", "区住房和城乡建设局领导班子", Some("王志强")),
    ("market", "区市场监督管理局领导班子", None),
    ("human_resources", "区人力资源和社会保障局领导班子", None),
    ("ecology", "区生态环境分局领导班子", None),
    ("petitions", "区信访局领导班子", Some("陈红")),
];

/// The demo round's definition.
pub fn demo_spec() -> RoundSpec {
    let mut targets = Vec::new();
    for (key, name, cadre) in BUREAUS {
        targets.push(TargetSpec { key: key.into(), name: name.into(), kind: TargetKind::Body, parent: None });
        if let Some(person) = cadre {
            targets.push(TargetSpec {
                key: format!("{key}-head"),
                name: format!("{person}（{}主要负责人）", name.trim_end_matches("领导班子")),
                kind: TargetKind::Cadre,
                parent: Some(key.into()),
            });
        }
    }
    RoundSpec {
        title: "2026 年度新城区机关作风民主测评".into(),
        description: "对区直机关领导班子和领导干部开展群众满意度测评。多数群众不满意的，及时补课。".into(),
        flag_threshold: 0.5,
        flag_basis: Default::default(),
        quorum: 5,
        disclosure_min: 5,
        min_satisfaction: None,
        scale: default_scale(),
        categories: default_categories(),
        items: default_items(),
        targets,
    }
}

/// Loads the demo on a database without rounds; returns what was made, or `None`.
pub async fn load(db: &DatabaseConnection, key: &CodeKey) -> anyhow::Result<Option<String>> {
    if app::ssr::db::entities::round::Entity::find().count(db).await? > 0 {
        return Ok(None);
    }
    let round = rounds::create(db, ACTOR, &demo_spec(), None).await?;
    let mut lines = vec![format!("Demo round #{}: {}", round.id, round.spec.title)];
    for (category, count) in [("masses", 40), ("two_reps_one_member", 12), ("subordinate_heads", 16), ("service_clients", 20)] {
        let req = IssueRequest { category: category.into(), count, targets: None };
        let issued = codes::issue(db, key, ACTOR, round.id, &req).await?;
        let first = issued.first().map(ToString::to_string).unwrap_or_default();
        lines.push(format!("  {count:>3} codes for {category}, e.g. {first}"));
    }
    rounds::transition(db, ACTOR, round.id, Transition::Open).await?;
    lines.push("The round is open.".into());
    Ok(Some(lines.join("\n")))
}
