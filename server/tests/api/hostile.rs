//! Hostile input (DOMAIN.md "Hostile input", issue 31): every upload is bounded before it
//! is parsed; past a bound it gets a clear message, nothing is stored, and the process
//! keeps serving.

use crate::helpers::{spawn_app, TestApp};
use app::domain::account::Role;
use serde_json::{json, Value};

/// A 2 KB workbook whose first sheet holds one cell in A1 and one in XFD1048576: a
/// reader that builds the sheet's range first allocates 17 billion cells.
fn dimension_bomb() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "名称").expect("A1");
    sheet.write_string(1_048_575, 16_383, "区教育局领导班子").expect("XFD1048576");
    book.save_to_buffer().expect("xlsx")
}

async fn upload(app: &TestApp, path: &str, bytes: Vec<u8>) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(bytes).file_name("名单.xlsx");
    let form = reqwest::multipart::Form::new().part("file", part);
    app.client.post(format!("{}{path}", app.address)).multipart(form).send().await.expect("request")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spreadsheet_that_claims_a_million_rows_is_refused_by_name_and_the_server_keeps_serving() {
    // Arrange
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let res = app.post_json("/rounds", &json!({"title": "上传"})).await;
    let id = res.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
    let bomb = dimension_bomb();
    assert!(bomb.len() < 8_000, "a small file: {} bytes", bomb.len());

    // Act: the target list and the plan of codes, the two uploads that read spreadsheets.
    let preview = upload(&app, &format!("/rounds/{id}/targets/preview"), bomb.clone()).await;
    let preview_status = preview.status();
    let shown = app.page(&format!("/rounds/{id}")).await;
    let plan = upload(&app, &format!("/rounds/{id}/codes/plan"), bomb).await;
    let plan_status = plan.status();
    let plan_page = plan.text().await.unwrap_or_default();

    // Assert: a message in the user's language, nothing stored, and the server still up.
    assert_eq!(preview_status, 303, "back to the round page with a message");
    assert!(shown.contains("该文件超过 10000 行"), "{shown}");
    let plan_said = plan_page.contains("该文件超过 10000 行") || app.page(&format!("/rounds/{id}")).await.contains("该文件超过 10000 行");
    assert!(plan_status.is_success() || plan_status.is_redirection(), "{plan_status}");
    assert!(plan_said, "the plan's form names the bound: {plan_page}");
    assert_eq!(app.count("codes").await, 0);
    let round: Value = app.get_api(&format!("/rounds/{id}")).await.json().await.expect("the server still answers");
    assert_eq!(round["targets"].as_array().map(Vec::len), Some(0), "no target was stored");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_of_two_files_is_refused_by_name_and_nothing_is_stored() {
    // Arrange: two small CSV target lists in one form (a hand-made request; the page's
    // form has one file field).
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let res = app.post_json("/rounds", &json!({"title": "上传"})).await;
    let id = res.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
    let two = |first: &str, second: &str| {
        let part = |text: &str| reqwest::multipart::Part::bytes(text.as_bytes().to_vec()).file_name("名单.csv");
        reqwest::multipart::Form::new().part("file", part(first)).part("file", part(second))
    };

    // Act: the target list, then the plan of codes.
    let url = format!("{}/rounds/{id}/targets/preview", app.address);
    let preview =
        app.client.post(url).multipart(two("名称\n区教育局领导班子\n", "名称\n区卫生健康局领导班子\n")).send().await.expect("request");
    let preview_status = preview.status();
    let shown = app.page(&format!("/rounds/{id}")).await;
    let url = format!("{}/rounds/{id}/codes/plan", app.address);
    let plan = app.client.post(url).multipart(two("单位,类别,人数\n", "单位,类别,人数\n")).send().await.expect("request");
    let plan_status = plan.status();
    let plan_page = plan.text().await.unwrap_or_default();

    // Assert: the sentence, nothing stored.
    assert_eq!(preview_status, 303);
    assert!(shown.contains("请一次只上传一个文件"), "{shown}");
    assert!(plan_status.is_success() || plan_status.is_redirection(), "{plan_status}");
    let plan_said = plan_page.contains("请一次只上传一个文件") || app.page(&format!("/rounds/{id}")).await.contains("请一次只上传一个文件");
    assert!(plan_said, "{plan_page}");
    assert!(!app.page(&format!("/rounds/{id}/import")).await.contains("区卫生健康局领导班子"), "no preview was kept");
    assert_eq!(app.count("codes").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_return_address_from_a_url_stays_on_this_site_and_never_ends_a_handler() {
    let app = spawn_app().await;
    for (path, to) in [
        ("/lang/zh?next=/%09/evil.example", "/"),
        ("/lang/en?next=/%0A", "/"),
        ("/text/large?next=/%0A", "/"),
        ("/text/normal?next=//evil.example", "/"),
        ("/lang/zh?next=/%5Cevil.example", "/"),
        ("/lang/xx?next=/%0D%0ASet-Cookie:%20a=b", "/"),
        ("/lang/en?next=/rounds/3/results%3Funit%3Djia", "/rounds/3/results?unit=jia"),
        ("/lang/zh?next=/targets/%E7%94%B2%E5%B1%80", "/targets/%E7%94%B2%E5%B1%80"),
    ] {
        let res = app.get(path).await;
        assert!(res.status().is_redirection(), "{path}: {}", res.status());
        assert_eq!(res.headers()["location"].to_str().expect("ascii"), to, "{path}");
    }
    assert!(!crate::helpers::captured_logs().contains("panicked"), "no handler panicked");
}

/// A closed round of five ballots, the first with `opinion`; returns its id.
async fn closed_with_opinion(app: &TestApp, opinion: &str) -> i64 {
    use crate::helpers::ballots::{ballot, cast, open_round_with_codes};
    let (id, codes) = open_round_with_codes(app, 5).await;
    for (i, code) in codes.iter().enumerate() {
        let mut b = ballot(code);
        if i == 0 {
            b["opinion"] = json!(opinion);
        }
        assert_eq!(cast(app, &b).await.status(), 201);
    }
    assert_eq!(app.post_json(&format!("/rounds/{id}/close"), &json!({})).await.status(), 200);
    id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_opinion_holding_a_control_character_leaves_the_word_report_readable() {
    // Arrange: five ballots, one opinion with U+000B (a vertical tab a phone can send).
    let app = spawn_app().await;
    let id = closed_with_opinion(&app, "窗口\u{b}办事慢\u{1}").await;

    // Act
    let res = app.get_api(&format!("/rounds/{id}/report.docx")).await;

    // Assert: XML 1.0 forbids U+000B and U+0001; the report holds the opinion without them.
    assert_eq!(res.status(), 200);
    let bytes = res.bytes().await.expect("docx");
    let text = docx_rs::read_docx(&bytes).expect("a DOCX that reads back").json();
    assert!(text.contains("窗口办事慢"), "the opinion is there");
    assert!(!text.contains("\\u000b") && !text.contains("\\u0001"), "no control character in the document");

    // The XLSX export carries them in Excel's own escape (`_x000B_`), which XML allows:
    // the workbook reads back with the opinion whole.
    use calamine::Reader;
    let bytes = app.get_api(&format!("/rounds/{id}/opinions.xlsx")).await.bytes().await.expect("xlsx");
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec())).expect("a workbook that reads back");
    let sheet = book.worksheet_range_at(0).expect("a sheet").expect("its cells");
    assert!(sheet.rows().flatten().any(|c| c.to_string().contains("办事慢")), "the opinion is in the workbook");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_control_character_in_an_opinion_never_reaches_a_page() {
    // Arrange: five ballots, one opinion with U+000B, U+0001 and DEL; closed.
    let app = spawn_app().await;
    let id = closed_with_opinion(&app, "窗口\u{b}办事慢\u{1}\u{7f}").await;

    // Act: the results page and the print report, which show the opinions.
    for page in ["results", "report"] {
        let res = app.get(&format!("/rounds/{id}/{page}")).await;
        assert_eq!(res.status(), 200);
        let html = res.bytes().await.expect("html");

        // Assert: the opinion is there, and no byte HTML cannot carry.
        assert!(String::from_utf8_lossy(&html).contains("窗口办事慢"), "{page} shows the opinion");
        let bad: Vec<u8> = html.iter().copied().filter(|&b| (b < 0x20 && !b"\t\n\x0c\r".contains(&b)) || b == 0x7f).collect();
        assert!(bad.is_empty(), "{page} holds control bytes {bad:?}");
    }
}

/// Signs in as `username` from `addr` (behind a trusted proxy) → (status, error code,
/// message, Retry-After).
async fn sign_in_from(app: &TestApp, addr: &str, username: &str, password: &str) -> (u16, String, String, Option<String>) {
    let res = crate::helpers::client()
        .post(format!("{}/api/v1/session", app.address))
        .header("x-forwarded-for", addr)
        .json(&json!({ "username": username, "password": password }))
        .send()
        .await
        .expect("request");
    let status = res.status().as_u16();
    let retry = res.headers().get("retry-after").and_then(|v| v.to_str().ok()).map(str::to_owned);
    if status == 200 {
        return (status, String::new(), String::new(), retry);
    }
    let (code, message) = crate::helpers::error_of(res).await;
    (status, code, message, retry)
}

async fn behind_a_proxy() -> TestApp {
    crate::helpers::spawn_app_with(|s| crate::helpers::Settings { trust_proxy: true, login_per_minute: 1000, ..s }).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typos_for_admin_from_anywhere_never_keep_the_admin_out_of_their_own_address() {
    // Arrange
    let app = behind_a_proxy().await;
    app.create_account("admin", Role::Admin).await;

    // Act: ten wrong passwords for admin from a phone in the hall.
    let typos: Vec<u16> = {
        let mut out = Vec::new();
        for _ in 0..10 {
            out.push(sign_in_from(&app, "198.51.100.7", "admin", "wrong password").await.0);
        }
        out
    };

    // Assert: five are free, then that phone waits; the department's own PC signs in.
    assert_eq!(typos[..6], [401; 6], "{typos:?}");
    assert!(typos[6..].iter().all(|s| *s == 429), "{typos:?}");
    let (status, code, _, retry) = sign_in_from(&app, "198.51.100.7", "admin", crate::helpers::PASSWORD).await;
    assert_eq!((status, code.as_str()), (429, "rate_limited"), "the typing phone waits even with the right password");
    assert!(retry.is_some());
    assert_eq!(sign_in_from(&app, "203.0.113.20", "admin", crate::helpers::PASSWORD).await.0, 200, "the admin's own PC");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_answers_alike_for_an_existing_and_an_unknown_name() {
    let app = behind_a_proxy().await;
    app.create_account("admin", Role::Admin).await;
    let mut existing = Vec::new();
    let mut unknown = Vec::new();
    for _ in 0..9 {
        existing.push(sign_in_from(&app, "198.51.100.1", "admin", "wrong password").await);
        unknown.push(sign_in_from(&app, "198.51.100.2", "nobody-here", "wrong password").await);
    }
    assert_eq!(existing, unknown, "words, status and wait are the same");
    assert!(existing.iter().any(|r| r.0 == 429), "and both were slowed: {existing:?}");
}

/// Posts to `path` over a raw connection, as a hostile client may: with `declared`, a
/// Content-Length of that many bytes and nothing sent yet; without, `body` in 64 KiB
/// chunks. Returns the answer's status code, or `None` when the server closed the
/// connection before an answer could be read (it stopped reading a body past its bound).
async fn raw_post(app: &TestApp, path: &str, declared: Option<usize>, body: &[u8]) -> Option<u16> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let host = app.address.trim_start_matches("http://");
    let mut conn = tokio::net::TcpStream::connect(host).await.expect("connect");
    let length = match declared {
        Some(n) => format!("Content-Length: {n}"),
        None => "Transfer-Encoding: chunked".to_owned(),
    };
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\n{length}\r\nConnection: close\r\n\r\n"
    );
    conn.write_all(head.as_bytes()).await.expect("head");
    if declared.is_none() {
        for chunk in body.chunks(64 * 1024) {
            let sent = async {
                conn.write_all(format!("{:x}\r\n", chunk.len()).as_bytes()).await?;
                conn.write_all(chunk).await?;
                conn.write_all(b"\r\n").await
            };
            if sent.await.is_err() {
                break;
            }
        }
        let _ = conn.write_all(b"0\r\n\r\n").await;
    }
    let mut answer = vec![0u8; 64];
    let n = conn.read(&mut answer).await.ok()?;
    String::from_utf8_lossy(&answer[..n]).split(' ').nth(1).and_then(|s| s.parse().ok())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_door_refuses_a_body_past_its_bound() {
    let app = spawn_app().await;
    let big = "a=".to_owned() + &"x".repeat(2 * 1024 * 1024);
    for path in ["/sfn/submit_ballot", "/sfn/get_flag", "/api/v1/ballots", "/api/v1/rounds", "/v", "/login", "/rounds/new"] {
        // A declared length past the bound: refused before a byte of the body is read.
        assert_eq!(raw_post(&app, path, Some(big.len()), b"").await, Some(413), "{path}");
        // A chunked body: read up to the bound, then refused.
        let chunked = raw_post(&app, path, None, big.as_bytes()).await;
        assert!(matches!(chunked, Some(413) | None), "{path}, chunked: {chunked:?}");
    }
    // Chunked bodies within the bound still arrive whole.
    assert_eq!(raw_post(&app, "/login", None, b"username=nobody&password=wrong").await, Some(303), "a sign-in form, chunked");
    assert_eq!(app.get_api("/session").await.status(), 401, "the server still serves");
}
