//! The organization department's round pages, driven as a browser without JavaScript would.

use crate::helpers::{spawn_app, TestApp};
use app::domain::account::Role;

async fn text(res: reqwest::Response) -> String {
    res.text().await.expect("body").replace("<!>", "")
}

async fn post_form(app: &TestApp, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
    app.client.post(format!("{}{path}", app.address)).form(form).send().await.expect("request")
}

fn location(res: &reqwest::Response) -> String {
    res.headers()["location"].to_str().expect("ascii").to_owned()
}

async fn new_round(app: &TestApp, title: &str) -> String {
    let res = post_form(app, "/rounds/new", &[("title", title), ("description", ""), ("scale", "default")]).await;
    assert_eq!(res.status(), 303);
    let to = location(&res);
    assert!(to.starts_with("/rounds/") && to.ends_with("?saved=1"), "{to}");
    to.trim_end_matches("?saved=1").to_owned()
}

async fn import(app: &TestApp, page: &str, rows: &str) -> reqwest::Response {
    let form = reqwest::multipart::Form::new().text("text", rows.to_owned());
    app.client.post(format!("{}{page}/targets/preview", app.address)).multipart(form).send().await.expect("request")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_builds_a_round_from_the_pages_and_prints_codes() {
    // Arrange
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;

    // Act: create, import targets (preview, then confirm), open, issue codes.
    let page = new_round(&app, "街道作风测评").await;
    let html = text(app.get(&page).await).await;
    assert!(html.contains("街道作风测评") && html.contains("群众代表") && html.contains("总体评价"));

    let res = import(&app, &page, "名称,类型,所属班子\n区教育局领导班子,班子\n张建国,干部,区教育局领导班子").await;
    assert_eq!(location(&res), format!("{page}/import"));
    let preview = text(app.get(&format!("{page}/import")).await).await;
    assert!(preview.contains("张建国") && preview.contains("确认导入"), "{preview}");
    assert_eq!(app.count("round_targets").await, 0, "nothing saved before confirming");
    let res = post_form(&app, &format!("{page}/targets/import"), &[]).await;
    assert_eq!(location(&res), format!("{page}?saved=1"));
    assert_eq!(app.count("round_targets").await, 2);

    let res = post_form(&app, &format!("{page}/lifecycle"), &[("action", "open")]).await;
    assert_eq!(location(&res), format!("{page}?saved=1"));
    let res = post_form(&app, &format!("{page}/codes"), &[("category", "masses"), ("count", "30")]).await;

    // Assert: the slip sheet shows every code once, with its QR code, and a CSV download.
    assert_eq!(res.status(), 200);
    let sheet = res.text().await.expect("body");
    assert_eq!(sheet.matches("data-code").count(), 30);
    assert_eq!(sheet.matches("data:image/png;base64,").count(), 30);
    assert!(sheet.contains("download=\"codes-round-") && sheet.contains("data:text/csv"));
    assert!(sheet.contains("街道作风测评") && sheet.contains("群众代表"));
    assert_eq!(app.count("codes").await, 30);
    let round_page = text(app.get(&page).await).await;
    assert!(round_page.contains("进行中"), "{round_page}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_import_lists_every_bad_row_and_saves_nothing() {
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let page = new_round(&app, "导入错误").await;
    import(&app, &page, "区民政局领导班子,班子\n李四,部门\n王五,干部").await;
    let preview = text(app.get(&format!("{page}/import")).await).await;
    assert!(preview.contains("类型“部门”无法识别"), "{preview}");
    assert!(preview.contains("领导干部须填写所属班子"));
    assert!(!preview.contains("确认导入"));
    post_form(&app, &format!("{page}/targets/import"), &[]).await;
    assert_eq!(app.count("round_targets").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_round_without_targets_cannot_open_and_says_why() {
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let page = new_round(&app, "空轮次").await;
    let res = post_form(&app, &format!("{page}/lifecycle"), &[("action", "open")]).await;
    let to = location(&res);
    assert!(to.starts_with(&format!("{page}?error=")), "{to}");
    let html = app.page(&to).await;
    assert!(html.contains("测评轮次尚不能开始") && html.contains("targets"), "{html}");
    assert!(html.contains("草稿"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forms_message_is_shown_once_and_gone_on_the_next_page() {
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let page = new_round(&app, "一次").await;
    let res = post_form(&app, &format!("{page}/lifecycle"), &[("action", "open")]).await;
    assert!(app.page(&location(&res)).await.contains("测评轮次尚不能开始"), "shown after the post");
    let again = app.page(&page).await;
    assert!(!again.contains("测评轮次尚不能开始") && again.contains("草稿"), "{again}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_with_a_bad_threshold_are_refused_with_the_field_named() {
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let page = new_round(&app, "阈值").await;
    let form = [
        ("title", "阈值"),
        ("description", ""),
        ("flag_threshold", "1.5"),
        ("flag_basis", "weighted"),
        ("quorum", "3"),
        ("disclosure_min", "5"),
        ("min_satisfaction", ""),
        ("scale", "keep"),
    ];
    let res = post_form(&app, &format!("{page}/settings"), &form).await;
    let html = text(app.get(&location(&res)).await).await;
    assert!(html.contains("flag_threshold: 须大于 0 且小于 1"), "{html}");
    let id: i32 = page.trim_start_matches("/rounds/").parse().expect("id");
    let round = app::ssr::rounds::load(&app.db, id).await.expect("load").expect("round");
    assert_eq!(round.spec.flag_threshold, app::domain::round::Threshold::HALF, "nothing saved");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn visitors_and_other_roles_cannot_use_the_round_forms() {
    let app = spawn_app().await;
    let res = post_form(&app, "/rounds/new", &[("title", "x")]).await;
    assert_eq!(location(&res), "/login");
    app.sign_in_as("duban", Role::Steering).await;
    let res = post_form(&app, "/rounds/new", &[("title", "x")]).await;
    assert_eq!(location(&res), "/login");
    assert_eq!(app.count("rounds").await, 0);
    let page = text(app.get("/rounds").await).await;
    assert!(!page.contains("新建测评轮次"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_page_shows_the_admins_actions_and_an_intact_chain() {
    // Tamper detection itself is tested on the chain (audit.rs) and the CLI (cli.rs).
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    new_round(&app, "审计").await;
    let html = text(app.get("/audit").await).await;
    assert!(html.contains("审计链完整") && html.contains("round.create") && html.contains("zuzhibu"), "{html}");

    // Tampered with behind the server's back, the page says where the chain breaks.
    // (A timeout, so that a render that never finishes fails here instead of stalling CI.)
    use sea_orm::ConnectionTrait;
    app.db.execute_unprepared("UPDATE audit_log SET actor = 'x' WHERE id = 1").await.expect("tamper");
    let again = tokio::time::timeout(std::time::Duration::from_secs(60), async { text(app.get("/audit").await).await })
        .await
        .expect("the audit page rendered");
    assert!(!again.contains("审计链完整") && again.contains("审计链在第 1 条处断裂"), "{again}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_custom_scale_is_saved_and_a_one_sided_scale_is_refused() {
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let page = new_round(&app, "自定义等次").await;
    let id: i32 = page.trim_start_matches("/rounds/").parse().expect("id");
    let form = [
        ("label", "好"),
        ("key", "good"),
        ("points", "90"),
        ("polarity", "positive"),
        ("label", "差"),
        ("key", "bad"),
        ("points", "10"),
        ("polarity", "negative"),
        ("label", "说不清"),
        ("key", ""),
        ("points", ""),
        ("polarity", "abstain"),
        ("label", ""),
        ("key", ""),
        ("points", ""),
        ("polarity", "positive"),
    ];
    let res = post_form(&app, &format!("{page}/scale"), &form).await;
    assert_eq!(location(&res), format!("{page}?saved=1"));
    let round = app::ssr::rounds::load(&app.db, id).await.expect("load").expect("round");
    let keys: Vec<&str> = round.spec.scale.iter().map(|o| o.key.as_str()).collect();
    assert_eq!(keys, ["good", "bad", "o3"]);
    assert_eq!(round.spec.scale[0].points, Some(90));

    let one_sided = [("label", "好"), ("key", "good"), ("points", "90"), ("polarity", "positive")];
    let res = post_form(&app, &format!("{page}/scale"), &one_sided).await;
    let html = text(app.get(&location(&res)).await).await;
    assert!(html.contains("评价等次须至少包含一个肯定等次和一个否定等次"), "{html}");
    let round = app::ssr::rounds::load(&app.db, id).await.expect("load").expect("round");
    assert_eq!(round.spec.scale.len(), 3, "nothing saved");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removing_a_body_removes_its_cadres_too() {
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let page = new_round(&app, "删除对象").await;
    import(&app, &page, "甲局领导班子,班子\n乙局领导班子,班子\n张三,干部,甲局领导班子").await;
    post_form(&app, &format!("{page}/targets/import"), &[]).await;
    assert_eq!(app.count("round_targets").await, 3);
    let res = post_form(&app, &format!("{page}/targets/remove"), &[("target", "甲局领导班子")]).await;
    assert_eq!(location(&res), format!("{page}?saved=1"));
    let id: i32 = page.trim_start_matches("/rounds/").parse().expect("id");
    let round = app::ssr::rounds::load(&app.db, id).await.expect("load").expect("round");
    let names: Vec<&str> = round.spec.targets.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["乙局领导班子"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn categories_and_items_are_edited_row_by_row() {
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let page = new_round(&app, "类别与项目").await;
    let id: i32 = page.trim_start_matches("/rounds/").parse().expect("id");
    let cats = [
        ("name", "群众代表"),
        ("key", "masses"),
        ("weight", "3"),
        ("name", "企业代表"),
        ("key", ""),
        ("weight", "1.5"),
        ("name", ""),
        ("key", ""),
        ("weight", "1"),
    ];
    let res = post_form(&app, &format!("{page}/categories"), &cats).await;
    assert_eq!(location(&res), format!("{page}?saved=1"));
    let items = [("title", "总体评价"), ("key", "overall"), ("title", "廉洁自律"), ("key", ""), ("overall", "0")];
    let res = post_form(&app, &format!("{page}/items"), &items).await;
    assert_eq!(location(&res), format!("{page}?saved=1"));
    let round = app::ssr::rounds::load(&app.db, id).await.expect("load").expect("round");
    let cats: Vec<(&str, f64)> = round.spec.categories.iter().map(|c| (c.key.as_str(), c.weight)).collect();
    assert_eq!(cats, [("masses", 3.0), ("c2", 1.5)]);
    let items: Vec<(&str, bool)> = round.spec.items.iter().map(|i| (i.key.as_str(), i.overall)).collect();
    assert_eq!(items, [("overall", true), ("i2", false)]);

    let bad = [("name", "群众代表"), ("key", "masses"), ("weight", "很多")];
    let res = post_form(&app, &format!("{page}/categories"), &bad).await;
    let html = text(app.get(&location(&res)).await).await;
    assert!(html.contains("categories[0].weight：“很多”不是有效的数字"), "{html}");
    let none_overall = [("title", "总体评价"), ("key", "overall")];
    let res = post_form(&app, &format!("{page}/items"), &none_overall).await;
    let html = text(app.get(&location(&res)).await).await;
    assert!(html.contains("须有且只有一个总体评价项目"), "{html}");
}
