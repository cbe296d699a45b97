//! The ballot pages as a phone without JavaScript sees them: plain HTML forms.

use crate::helpers::ballots::{ballot, cast, open_round_with_codes};
use crate::helpers::{spawn_app, TestApp};

async fn post_form(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    app.client.post(format!("{}{path}", app.address)).header("accept", "text/html").form(fields).send().await.expect("request")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_typed_code_leads_to_its_sheet_in_canonical_form() {
    let app = spawn_app().await;
    let (_, codes) = open_round_with_codes(&app, 1).await;
    let typed = codes[0].to_lowercase().replace('-', " ");
    let res = post_form(&app, "/v", &[("code", &typed)]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], format!("/v/{}", codes[0]).as_str());
    let res = post_form(&app, "/v", &[("code", "abc")]).await;
    assert_eq!(res.headers()["location"], "/v?error=malformed");
    let page = app.get("/v?error=malformed").await.text().await.expect("html");
    assert!(page.contains("测评码为 12 位字母和数字"), "{page}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sheet_is_a_plain_form_with_every_target_item_and_option() {
    let app = spawn_app().await;
    let (_, codes) = open_round_with_codes(&app, 1).await;
    let res = app.get(&format!("/v/{}", codes[0])).await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.expect("html");
    assert!(html.contains(&format!(r#"action="/v/{}""#, codes[0])), "posts to itself");
    for name in ["区教育局领导班子", "区卫生健康局领导班子", "张建国", "总体评价", "满意", "基本满意", "不满意", "不了解", "群众代表"]
    {
        assert!(html.contains(name), "{name} missing");
    }
    assert!(html.contains(r#"name="a:jyj:overall""#));
    assert!(html.contains("已答 0 / 6 项"), "progress indicator");
    assert!(html.contains("必答"));
    assert!(html.contains(r#"name="receipt""#));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_javascript_a_ballot_goes_through_review_to_its_receipt_and_only_once() {
    // Arrange
    let app = spawn_app().await;
    let (_, codes) = open_round_with_codes(&app, 1).await;
    let path = format!("/v/{}", codes[0]);
    let mut fields = vec![
        ("receipt", "K7K7K-M8M8M"),
        ("a:jyj:overall", "satisfied"),
        ("a:wjw:overall", "basically_satisfied"),
        ("opinion", "建议多听群众意见"),
    ];

    // Act 1: a required overall item is missing → the sheet again, with the reason
    let res = post_form(&app, &path, &fields).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.expect("html");
    assert!(html.contains("请对“张建国”作出总体评价"), "{html}");
    assert!(html.contains("建议多听群众意见"), "the opinion is kept");
    assert_eq!(app.count("ballots").await, 0);

    // Act 2: complete, but with blank optional items → the review lists them
    fields.push(("a:jyj-zhang:overall", "dont_know"));
    let res = post_form(&app, &path, &fields).await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.expect("html");
    assert!(html.contains("提交前请确认"));
    assert!(html.contains("区教育局领导班子 — 反对“四风”"), "{html}");
    assert_eq!(app.count("ballots").await, 0);

    // Act 3: confirmed → counted, with the page's receipt
    fields.push(("confirm", "1"));
    let res = post_form(&app, &path, &fields).await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.expect("html");
    assert!(html.contains("提交成功") && html.contains("K7K7K-M8M8M"), "{html}");
    assert_eq!(app.count("ballots").await, 1);

    // Act 4: the same post again (a double tap, a reload) → still the receipt, one ballot
    let html = post_form(&app, &path, &fields).await.text().await.expect("html");
    assert!(html.contains("K7K7K-M8M8M"));
    assert_eq!(app.count("ballots").await, 1);

    // Act 5: another page of the same code (another receipt) → refused as used
    let other: Vec<_> = fields.iter().map(|(k, v)| (*k, if *k == "receipt" { "AAAAA-BBBBB" } else { *v })).collect();
    let res = post_form(&app, &path, &other).await;
    assert_eq!(res.status(), 409);
    assert!(res.text().await.expect("html").contains("该测评码已经使用过"));
    let html = app.get(&path).await.text().await.expect("html");
    assert!(html.contains("该测评码已经使用过"));

    // The receipt page confirms it, and says nothing else.
    let html = app.get("/receipt?r=k7k7k-m8m8m").await.text().await.expect("html");
    assert!(html.contains("该回执对应的测评票已计入"));
    let html = app.get("/receipt?r=ZZZZZ-ZZZZZ").await.text().await.expect("html");
    assert!(html.contains("没有找到这个回执号"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_code_and_a_closed_round_get_clear_pages() {
    let app = spawn_app().await;
    let (id, codes) = open_round_with_codes(&app, 2).await;
    let html = app.get("/v/ZZZZ-ZZZZ-ZZZZ").await.text().await.expect("html");
    assert!(html.contains("测评码无效或已作废"));
    assert_eq!(cast(&app, &ballot(&codes[1])).await.status(), 201);
    app.post_json(&format!("/rounds/{id}/close"), &serde_json::json!({})).await;
    let html = app.get(&format!("/v/{}", codes[0])).await.text().await.expect("html");
    assert!(html.contains("本轮测评现在不接受提交"), "{html}");
    let english = app
        .client
        .get(format!("{}/v/ZZZZ-ZZZZ-ZZZZ", app.address))
        .header("accept-language", "en")
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("html");
    assert!(english.contains("not valid or has been withdrawn"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_are_compressed_and_assets_are_served_precompressed() {
    // Arrange: a site folder with a front-end bundle
    let site = tempfile::tempdir().expect("dir");
    std::fs::create_dir_all(site.path().join("pkg")).expect("pkg");
    let js = "export function hydrate() { return 'minping'; }\n".repeat(500);
    std::fs::write(site.path().join("pkg/minping.js"), &js).expect("js");
    let root = site.path().display().to_string();
    let app = crate::helpers::spawn_app_with(|mut s| {
        s.site_root = root;
        s
    })
    .await;
    let raw = reqwest::Client::new(); // built without decompression: bodies arrive as sent
    let get = |path: &str, enc: &'static str| raw.get(format!("{}{path}", app.address)).header("accept-encoding", enc).send();

    // Act + Assert: the page comes compressed
    let page = get("/v", "br").await.expect("request");
    assert_eq!(page.headers()["content-encoding"], "br");

    // The precompressed copy appears shortly after start and is what is sent.
    let br = site.path().join("pkg/minping.js.br");
    for _ in 0..100 {
        if br.exists() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let res = get("/pkg/minping.js", "gzip, br").await.expect("request");
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-encoding"], "br");
    let body = res.bytes().await.expect("body");
    assert_eq!(body.as_ref(), std::fs::read(&br).expect("br").as_slice());
    assert!(body.len() < js.len() / 20, "{} bytes", body.len());
    let plain = get("/pkg/minping.js", "identity").await.expect("request");
    assert_eq!(plain.text().await.expect("text"), js);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_many_wrong_codes_get_a_wait_page() {
    let app = crate::helpers::spawn_app_with(|mut s| {
        s.code_failures = 2;
        s
    })
    .await;
    let (_, codes) = open_round_with_codes(&app, 1).await;
    for _ in 0..2 {
        let html = app.get("/v/ZZZZ-ZZZZ-ZZZZ").await.text().await.expect("html");
        assert!(html.contains("测评码无效或已作废"));
    }
    let html = app.get("/v/ZZZZ-ZZZZ-ZZZZ").await.text().await.expect("html");
    assert!(html.contains("尝试次数过多，请 1 分钟后再试"), "{html}");
    let res = post_form(&app, "/v/ZZZZ-ZZZZ-ZZZY", &[("a:jyj:overall", "satisfied")]).await;
    assert_eq!(res.status(), 429, "a wrong code's form post waits too");
    assert!(res.text().await.expect("html").contains("尝试次数过多"));
    // A valid code from this address opens its sheet: only failures are slowed.
    let html = app.get(&format!("/v/{}", codes[0])).await.text().await.expect("html");
    assert!(!html.contains("尝试次数过多"), "{html}");
    assert!(html.contains("检查并提交"), "the sheet is shown");
    assert_eq!(app.count("ballots").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn large_text_is_kept_on_the_device_and_the_server_renders_the_page_in_it() {
    let app = spawn_app().await;
    let c = crate::helpers::client();
    let res = c.get(format!("{}/text/large?next=/v", app.address)).send().await.expect("request");
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/v");
    let cookie = res.headers()["set-cookie"].to_str().expect("cookie").to_owned();
    assert!(cookie.starts_with("minping_text=large; Path=/; Max-Age=31536000"), "{cookie}");
    let html = c.get(format!("{}/v", app.address)).send().await.expect("request").text().await.expect("html");
    assert!(html.contains(r#"data-text="large""#), "the page arrives in large text");
    assert!(html.contains(r#"data-testid="text-normal""#), "with the way back");
    let res = c.get(format!("{}/text/normal?next=//evil.example", app.address)).send().await.expect("request");
    assert_eq!(res.headers()["location"], "/", "only paths of this site");
    let html = c.get(format!("{}/v", app.address)).send().await.expect("request").text().await.expect("html");
    assert!(html.contains(r#"data-text="normal""#));
}
