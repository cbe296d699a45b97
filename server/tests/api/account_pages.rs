//! The accounts page (`/accounts`) and its form posts, driven as a browser without
//! JavaScript would: admins only; a one-time password shown once, never in a URL;
//! refusals in the admin's language; disable, enable and reset.

use crate::helpers::{client, spawn_app, TestApp, PASSWORD};
use app::domain::account::Role;
use app::error::AppError;
use app::ssr::db::entities::{audit_entry, user};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, Set};

/// Page text without Leptos's hydration markers.
async fn text(res: reqwest::Response) -> String {
    res.text().await.expect("body").replace("<!>", "")
}

async fn page(c: &reqwest::Client, app: &TestApp, path: &str, lang: &str) -> reqwest::Response {
    c.get(format!("{}{path}", app.address)).header("accept", "text/html").header("accept-language", lang).send().await.expect("request")
}

async fn post_form(c: &reqwest::Client, app: &TestApp, path: &str, form: &[(&str, &str)], lang: &str) -> reqwest::Response {
    c.post(format!("{}{path}", app.address)).header("accept-language", lang).form(form).send().await.expect("request")
}

fn location(res: &reqwest::Response) -> String {
    assert_eq!(res.status(), 303, "a form post answers with a redirect");
    res.headers()["location"].to_str().expect("ascii").to_owned()
}

/// The alert that the page a refused form post leads back to shows (the message travels
/// in the session, never in the URL: the redirect says only `?error=1`).
async fn alert_after(app: &TestApp, c: &reqwest::Client, res: &reqwest::Response) -> String {
    let to = location(res);
    assert_eq!(to, "/accounts?error=1", "a refusal leads back to the page");
    let html = text(c.get(format!("{}{to}", app.address)).header("accept", "text/html").send().await.expect("page")).await;
    let tag = html.find("role=\"alert\"").unwrap_or_else(|| panic!("no alert: {html}"));
    let start = tag + html[tag..].find('>').expect("tag end") + 1;
    let end = html[start..].find('<').expect("text end");
    html[start..start + end].to_owned()
}

/// The table row of `username` on the accounts page.
fn row<'a>(html: &'a str, username: &str) -> &'a str {
    let start = html.find(&format!("<tr data-username=\"{username}\"")).unwrap_or_else(|| panic!("no row for {username}: {html}"));
    let end = html[start..].find("</tr>").expect("row end");
    &html[start..start + end]
}

/// The one-time password shown on the page, if any.
fn shown_password(html: &str) -> Option<String> {
    let tag = html.find("data-testid=\"password\"")?;
    let start = tag + html[tag..].find('>')? + 1;
    let end = html[start..].find('<')?;
    Some(html[start..start + end].to_owned())
}

async fn sign_in(app: &TestApp, c: &reqwest::Client, username: &str, password: &str) -> u16 {
    c.post(format!("{}/api/v1/session", app.address))
        .json(&serde_json::json!({"username": username, "password": password}))
        .send()
        .await
        .expect("request")
        .status()
        .as_u16()
}

async fn signed_in_client(app: &TestApp, username: &str, role: Role) -> reqwest::Client {
    app.create_account(username, role).await;
    let c = client();
    assert_eq!(sign_in(app, &c, username, PASSWORD).await, 200);
    c
}

async fn session_status(app: &TestApp, c: &reqwest::Client) -> u16 {
    c.get(format!("{}/api/v1/session", app.address)).send().await.expect("request").status().as_u16()
}

async fn is_disabled(app: &TestApp, username: &str) -> bool {
    user::Entity::find().filter(user::Column::Username.eq(username)).one(&app.db).await.expect("query").expect("account").disabled
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_accounts_page_lists_every_account_for_admins_and_no_one_else() {
    // Arrange: an admin, a steering member and a viewer, each signed in on a client.
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let steering = signed_in_client(&app, "duban1", Role::Steering).await;
    let viewer = signed_in_client(&app, "guancha1", Role::Viewer).await;

    // Act
    let res = page(&app.client, &app, "/accounts", "zh-CN").await;

    // Assert: every account with its role label and state; never cached.
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let html = text(res).await;
    assert!(html.contains("data-testid=\"accounts\""), "{html}");
    assert!(html.contains(r#"<a href="/accounts">账号管理</a>"#), "nav link for admins: {html}");
    let admin_row = row(&html, "zuzhibu");
    assert!(
        admin_row.contains("组织部管理员") && admin_row.contains("（本人）") && admin_row.contains("data-state=\"enabled\""),
        "{admin_row}"
    );
    assert!(!admin_row.contains("/accounts/reset-password"), "no reset of one's own password: {admin_row}");
    let steering_row = row(&html, "duban1");
    assert!(steering_row.contains("督导组成员") && steering_row.contains("正常"), "{steering_row}");
    assert!(steering_row.contains("action=\"/accounts/disable\"") && steering_row.contains("action=\"/accounts/reset-password\""));
    assert!(row(&html, "guancha1").contains("观察员"));
    assert!(!html.contains("password_hash") && !html.contains("$argon2"), "no hashes on the page");
    // English on request.
    let en = text(page(&app.client, &app, "/accounts", "en").await).await;
    assert!(en.contains("<h1>Accounts</h1>") && row(&en, "duban1").contains("Steering group member"), "{en}");
    assert!(row(&en, "duban1").contains("Enabled") && row(&en, "duban1").contains("Reset password"));

    // Nobody else sees the list or the nav link, nor may post its forms.
    for c in [&steering, &viewer] {
        let html = text(page(c, &app, "/accounts", "zh-CN").await).await;
        assert!(!html.contains("data-testid=\"accounts\"") && !html.contains("zuzhibu") && !html.contains("guancha1\""), "{html}");
        assert!(html.contains("您访问的页面不存在或已被移除。"), "{html}");
        assert!(!html.contains("href=\"/accounts\""), "no nav link for other roles");
    }
    let anonymous = client();
    let res = page(&anonymous, &app, "/accounts", "zh-CN").await;
    assert!(res.status().is_redirection(), "{}", res.status());
    assert_eq!(res.headers()["location"], "/login");
    let users = user::Entity::find().count(&app.db).await.expect("count");
    for c in [&steering, &viewer, &anonymous] {
        let res = post_form(c, &app, "/accounts", &[("username", "eindringling"), ("role", "admin")], "zh-CN").await;
        assert_eq!(location(&res), "/login");
        let res = post_form(c, &app, "/accounts/disable", &[("username", "zuzhibu")], "zh-CN").await;
        assert_eq!(location(&res), "/login");
        let res = post_form(c, &app, "/accounts/reset-password", &[("username", "zuzhibu")], "zh-CN").await;
        assert_eq!(location(&res), "/login");
        // The page's server function refuses them too.
        let res = c
            .post(format!("{}/sfn/accounts_admin", app.address))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .send()
            .await
            .expect("request");
        assert!(!res.status().is_success());
        let err: AppError = serde_json::from_str(&res.text().await.expect("body")).expect("an AppError");
        assert!(matches!(err, AppError::Forbidden | AppError::Unauthorized), "{err:?}");
    }
    assert_eq!(user::Entity::find().count(&app.db).await.expect("count"), users, "no account created");
    assert!(!is_disabled(&app, "zuzhibu").await);
    assert_eq!(sign_in(&app, &client(), "zuzhibu", PASSWORD).await, 200, "the admin's password is unchanged");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_account_gets_a_one_time_password_shown_once_and_never_in_a_url() {
    // Arrange
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;

    // Act: create through the form, then follow the redirect as a browser would.
    let res = post_form(&app.client, &app, "/accounts", &[("username", "duban7"), ("role", "steering")], "zh-CN").await;
    let to = location(&res);
    let html = text(page(&app.client, &app, &to, "zh-CN").await).await;

    // Assert: the password is on the page once, works, and is in no URL.
    assert_eq!(to, "/accounts?saved=1");
    let password = shown_password(&html).unwrap_or_else(|| panic!("no one-time password: {html}"));
    assert_eq!(password.len(), 16, "{password}");
    assert!(!to.contains(&password));
    assert!(html.contains("账号 duban7 已创建，一次性密码："), "{html}");
    assert!(row(&html, "duban7").contains("督导组成员"));
    let member = client();
    assert_eq!(sign_in(&app, &member, "duban7", &password).await, 200);
    let again = text(page(&app.client, &app, "/accounts", "zh-CN").await).await;
    assert!(!again.contains(&password) && !again.contains("data-testid=\"one-time-password\""), "shown once: {again}");
    assert!(row(&again, "duban7").contains("督导组成员"));
    let created = audit_entry::Entity::find().filter(audit_entry::Column::Action.eq("account.create")).all(&app.db).await.expect("audit");
    assert_eq!(created.len(), 1);
    assert_eq!(created[0].actor, "zuzhibu");
    assert!(created[0].detail.contains("duban7") && created[0].detail.contains("steering") && !created[0].detail.contains(&password));
    assert!(app::ssr::audit::verify(&app.db).await.is_ok(), "the audit chain still verifies");

    // Refusals come back as messages, in Chinese or English; nothing is created.
    let res = post_form(&app.client, &app, "/accounts", &[("username", "duban7"), ("role", "viewer")], "zh-CN").await;
    assert_eq!(alert_after(&app, &app.client, &res).await, "用户名“duban7”已被使用。");
    let res = post_form(&app.client, &app, "/accounts", &[("username", "x"), ("role", "viewer")], "zh-CN").await;
    assert_eq!(alert_after(&app, &app.client, &res).await, "用户名须为 3 至 64 个字符，只能包含字母、数字和“.”“_”“-”。");
    let res = post_form(&app.client, &app, "/accounts", &[("username", "someone"), ("role", "root")], "en").await;
    assert_eq!(alert_after(&app, &app.client, &res).await, "Choose a valid role.");
    assert_eq!(user::Entity::find().count(&app.db).await.expect("count"), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_last_admin_cannot_be_disabled_and_the_refusal_speaks_the_admins_language() {
    // Arrange
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;

    // Act + Assert
    let zh = post_form(&app.client, &app, "/accounts/disable", &[("username", "zuzhibu")], "zh-CN").await;
    assert_eq!(alert_after(&app, &app.client, &zh).await, "不能停用最后一个启用的管理员账号。");
    let en = post_form(&app.client, &app, "/accounts/disable", &[("username", "zuzhibu")], "en-US,en;q=0.9").await;
    assert_eq!(alert_after(&app, &app.client, &en).await, "The last enabled admin account cannot be disabled.");
    assert!(!is_disabled(&app, "zuzhibu").await);
    assert_eq!(session_status(&app, &app.client).await, 200, "still signed in");
    // Other refusals: an unknown account, one's own password.
    let res = post_form(&app.client, &app, "/accounts/disable", &[("username", "nobody")], "zh-CN").await;
    assert_eq!(alert_after(&app, &app.client, &res).await, "没有该用户名的账号。");
    let res = post_form(&app.client, &app, "/accounts/reset-password", &[("username", "nobody")], "en").await;
    assert_eq!(alert_after(&app, &app.client, &res).await, "There is no account with that username.");
    let res = post_form(&app.client, &app, "/accounts/reset-password", &[("username", "zuzhibu")], "zh-CN").await;
    assert_eq!(alert_after(&app, &app.client, &res).await, "不能在此重置自己的密码，请由另一位管理员重置。");
    assert_eq!(sign_in(&app, &client(), "zuzhibu", PASSWORD).await, 200, "password unchanged");
    // With a second admin, the first may be disabled (and is signed out by it).
    app.create_account("zuzhibu2", Role::Admin).await;
    let res = post_form(&app.client, &app, "/accounts/disable", &[("username", "zuzhibu")], "zh-CN").await;
    assert_eq!(location(&res), "/accounts?saved=1");
    assert!(is_disabled(&app, "zuzhibu").await);
    assert_eq!(session_status(&app, &app.client).await, 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_disables_enables_and_resets_an_account_from_the_page() {
    // Arrange: a steering member signed in on two devices.
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let member = signed_in_client(&app, "duban", Role::Steering).await;

    // Disable: the member's session ends, signing in is refused, the page says so.
    let res = post_form(&app.client, &app, "/accounts/disable", &[("username", "duban")], "zh-CN").await;
    assert_eq!(location(&res), "/accounts?saved=1");
    assert_eq!(session_status(&app, &member).await, 401);
    assert_ne!(sign_in(&app, &client(), "duban", PASSWORD).await, 200);
    let html = text(page(&app.client, &app, "/accounts?saved=1", "zh-CN").await).await;
    let r = row(&html, "duban");
    assert!(r.contains("data-state=\"disabled\"") && r.contains("已停用") && r.contains("action=\"/accounts/enable\""), "{r}");
    assert!(html.contains("已保存。"));

    // Enable: signing in works again.
    let res = post_form(&app.client, &app, "/accounts/enable", &[("username", "duban")], "zh-CN").await;
    assert_eq!(location(&res), "/accounts?saved=1");
    assert_eq!(sign_in(&app, &member, "duban", PASSWORD).await, 200);
    let html = text(page(&app.client, &app, "/accounts", "zh-CN").await).await;
    assert!(row(&html, "duban").contains("data-state=\"enabled\""));

    // Reset: a new password shown once; the old one and the open session stop working.
    let res = post_form(&app.client, &app, "/accounts/reset-password", &[("username", "duban")], "zh-CN").await;
    let to = location(&res);
    assert_eq!(to, "/accounts?saved=1");
    let html = text(page(&app.client, &app, &to, "zh-CN").await).await;
    let password = shown_password(&html).unwrap_or_else(|| panic!("no one-time password: {html}"));
    assert!(!to.contains(&password));
    assert!(html.contains("账号 duban 的密码已重置，新的一次性密码："), "{html}");
    assert_ne!(password, PASSWORD);
    assert_eq!(session_status(&app, &member).await, 401, "the reset ends the account's sessions");
    assert_eq!(sign_in(&app, &client(), "duban", PASSWORD).await, 401, "the old password stops working");
    assert_eq!(sign_in(&app, &client(), "duban", &password).await, 200, "the new one works");
    let again = text(page(&app.client, &app, "/accounts", "zh-CN").await).await;
    assert!(!again.contains(&password) && shown_password(&again).is_none(), "shown once");

    // Every change is in the audit log.
    let actions: Vec<String> = audit_entry::Entity::find()
        .filter(audit_entry::Column::Actor.eq("zuzhibu"))
        .filter(audit_entry::Column::Action.starts_with("account."))
        .order_by_asc(audit_entry::Column::Id)
        .all(&app.db)
        .await
        .expect("audit")
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, ["account.disable", "account.enable", "account.reset_password"]);

    // A locked account says until when.
    let mut locked = user::Entity::find()
        .filter(user::Column::Username.eq("duban"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("account")
        .into_active_model();
    locked.locked_until = Set(Some(time::OffsetDateTime::now_utc() + time::Duration::minutes(15)));
    locked.update(&app.db).await.expect("lock");
    let html = text(page(&app.client, &app, "/accounts", "zh-CN").await).await;
    let r = row(&html, "duban");
    assert!(r.contains("data-state=\"locked\"") && r.contains("锁定至") && r.contains(" UTC</time>"), "{r}");
}
