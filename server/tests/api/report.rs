//! The DOCX report (RULES.md A11), checked for real: the document the API writes is
//! converted to PDF by LibreOffice (headless) and read back with pdftotext — its page count
//! is sane, it holds every target's name and the numbers of the results API, the audit
//! chain's head in the footer, the follow-up of a flag, and a warning naming the character
//! SimSun cannot show. Closed rounds only; the same callers as the results; audited.

use crate::helpers::ballots::cast;
use crate::helpers::{error_of, spawn_app, TestApp};
use app::domain::account::Role;
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;

/// The annual sheet of one unit, its second cadre named with a character outside GBK.
async fn closed_sheet(app: &TestApp) -> i64 {
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let mut body = crate::two_kinds::sheet_body("2026 年度考核");
    body["targets"][2]["name"] = json!("李𠮷");
    let res = app.post_json("/rounds", &body).await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap_or_default());
    let id = res.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
    let codes = crate::helpers::ballots::issue(app, id, json!({"category": "masses", "count": 6})).await;
    assert_eq!(app.post_json(&format!("/rounds/{id}/open"), &json!({})).await.status(), 200);
    let res = app.get_api(&format!("/rounds/{id}/report.docx")).await;
    assert_eq!(res.status(), 409, "no report while the round is open");
    assert_eq!(error_of(res).await.0, "round_not_closed");
    // The body: 4 of 6 差 (flagged above one half); 李𠮷: 3 of 6 不称职 (above one third).
    for (i, code) in codes.iter().enumerate() {
        let sheet = json!({"code": code, "answers": [
            {"target": "jia", "item": "body_overall", "option": if i < 4 { "poor" } else { "good" }},
            {"target": "jia", "item": "results", "option": "fair"},
            {"target": "jia-01", "item": "cadre_overall", "option": if i < 2 { "incompetent" } else { "excellent" }},
            {"target": "jia-02", "item": "cadre_overall", "option": if i < 3 { "incompetent" } else { "competent" }}
        ], "opinion": if i == 0 { "建议公开办事流程" } else { "" }});
        assert_eq!(cast(app, &sheet).await.status(), 201);
    }
    assert_eq!(app.post_json(&format!("/rounds/{id}/close"), &json!({})).await.status(), 200);
    id
}

/// Runs a tool of the report check; a missing tool fails with what to install.
fn run(cmd: &mut Command, what: &str) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{what} could not run ({e}): scripts/setup.sh installs libreoffice-writer-nogui and poppler-utils"));
    assert!(out.status.success(), "{what} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The PDF of a DOCX (LibreOffice, own profile) and its page count and text.
fn pdf_of(docx: &[u8], dir: &Path) -> (u32, String) {
    let file = dir.join("report.docx");
    std::fs::write(&file, docx).expect("write the docx");
    let profile = format!("-env:UserInstallation=file://{}", dir.join("lo-profile").display());
    run(Command::new("soffice").args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"]).arg(dir).arg(&file), "soffice");
    let pdf = dir.join("report.pdf");
    let info = run(Command::new("pdfinfo").arg(&pdf), "pdfinfo");
    let pages = info.lines().find_map(|l| l.strip_prefix("Pages:")).and_then(|p| p.trim().parse().ok()).expect("a page count");
    (pages, run(Command::new("pdftotext").arg(&pdf).arg("-"), "pdftotext"))
}

fn pct(x: &Value) -> String {
    format!("{:.1}%", x.as_f64().expect("a rate") * 100.0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_opens_in_libreoffice_with_every_target_the_apis_numbers_and_the_audit_head() {
    // Arrange: a closed round, a problem with a measure in the body's ledger.
    let app = spawn_app().await;
    let id = closed_sheet(&app).await;
    let (flag, _) = crate::helpers::steering::flag_of(&app, id, "jia").await;
    let res = app.post_json(&format!("/flags/{flag}/problems"), &json!({"title": "窗口办事慢", "source": "opinion"})).await;
    assert_eq!(res.status(), 201);
    let problem = res.json::<Value>().await.expect("json")["problems"][0]["id"].as_i64().expect("problem id");
    let measure = json!({"text": "推行一窗通办", "owner": "局办公室", "deadline": "2099-12-31"});
    assert_eq!(app.post_json(&format!("/problems/{problem}/measures"), &measure).await.status(), 201);
    let results: Value = app.get_api(&format!("/rounds/{id}/results")).await.json().await.expect("json");

    // Act
    let res = app.get_api(&format!("/rounds/{id}/report.docx")).await;

    // Assert: a Word document, the character SimSun lacks named in a header.
    assert_eq!(res.status(), 200);
    let header = |name: &str| res.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert!(header("content-type").contains("wordprocessingml"), "{}", header("content-type"));
    assert_eq!(header("x-minping-unrenderable"), "U+20BB7");
    let docx = res.bytes().await.expect("bytes");
    let read = docx_rs::read_docx(&docx).expect("docx-rs reads it back");
    let styles = serde_json::to_string(&read.styles).expect("styles as json");
    assert!(styles.contains("宋体") && styles.contains("Times New Roman"), "the default fonts are named: {styles}");

    let dir = tempfile::tempdir().expect("tempdir");
    let (pages, text) = pdf_of(&docx, dir.path());
    assert!((3..=20).contains(&pages), "{pages} pages");
    let flat: String = text.split_whitespace().collect();
    for t in results["targets"].as_array().expect("targets") {
        let name: String = t["name"].as_str().expect("name").split_whitespace().collect();
        assert!(flat.contains(&name), "{name} is missing from the report");
        let overall = &t["overall"];
        assert!(flat.contains(&pct(&overall["satisfaction_rate"])), "{name}: {}", pct(&overall["satisfaction_rate"]));
        assert!(flat.contains(&pct(&overall["dissatisfaction_rate"])), "{name}: {}", pct(&overall["dissatisfaction_rate"]));
    }
    for expected in ["民主测评报告", "2026年度考核", "33.3%（1/3）", "推行一窗通办", "建议公开办事流程", "无法显示", "U+20BB7", "第1页"]
    {
        assert!(flat.contains(expected), "{expected} is missing from the report");
    }
    let audit: Value = app.get_api("/audit").await.json().await.expect("json");
    let entries = audit["entries"].as_array().expect("entries");
    let export = entries.iter().find(|e| e["action"] == "report.export").expect("the export is audited");
    let head = export["hash"].as_str().expect("hash");
    assert!(flat.contains(head), "the footer names the audit head {head}");
    assert_eq!(flat.matches(head).count(), pages as usize, "the head is in every page's footer");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_steering_member_gets_no_report_before_publication_and_a_stranger_none_at_all() {
    let app = spawn_app().await;
    let id = closed_sheet(&app).await;
    let duda = crate::helpers::steering::member(&app, "duda", Role::Steering).await;
    crate::helpers::steering::group(&app, "第一督导组", &["duda"], &["jia"]).await;
    let res = crate::helpers::steering::get(&duda, &app, &format!("/rounds/{id}/report.docx")).await;
    assert_eq!(res.status(), 403, "not before the results are published");
    let res = reqwest::Client::new().get(format!("{}/api/v1/rounds/{id}/report.docx", app.address)).send().await.expect("request");
    assert_eq!(res.status(), 401);
    let res = app.get_api("/rounds/999999/report.docx").await;
    assert_eq!(res.status(), 404);
    let res = app.get_api(&format!("/rounds/{id}/report.docx?unit=nowhere")).await;
    assert_eq!(error_of(res).await.0, "unknown_unit");
}
