//! Anonymity rule 5 as one test of its principle, not one case per surface: two rounds
//! that differ only in what nobody may see publish the same bytes on every surface.
//!
//! Random rounds (categories and weights, headcount or weighted basis, disclosure_min,
//! codes for the whole round or for one unit) are made twice from one seed. The twin
//! differs only in ballots no one may see:
//! - whole sheets (answers and opinion) exchanged between two categories that are hidden
//!   for every target the sheets rate (a hidden cell), and
//! - every answer about a target rated by fewer than `disclosure_min` ballots.
//!
//! Both are closed and published; then the results JSON, CSV and XLSX, the chart PNGs, the
//! results page, the print report and the Word report, each target's history, the
//! opinions, the indicators of coached voting, the hall screen and the 公示 page are read
//! for both and compared once round ids, nonces, times and the audit chain's head are
//! masked.

use crate::helpers::ballots::{cast, issue};
use crate::helpers::{spawn_app, TestApp};
use app::domain::account::Role;
use app::domain::disclosure::disclosed;
use rand::{rngs::StdRng, Rng, SeedableRng};
use serde_json::{json, Value};

const CATEGORIES: [&str; 3] = ["masses", "two_reps_one_member", "subordinate_heads"];
/// (key, unit): two units, the first with a cadre.
const TARGETS: [(&str, &str); 3] = [("jyj", "jyj"), ("jyj-li", "jyj"), ("wjw", "wjw")];
const OPTIONS: [&str; 4] = ["satisfied", "basically_satisfied", "dissatisfied", "dont_know"];

/// One sheet: (target, item, option) answers and an opinion.
#[derive(Clone, Debug)]
struct Sheet {
    answers: Vec<(usize, &'static str, &'static str)>,
    opinion: Option<String>,
}

/// Codes of one category for one scope (`None`: the whole round), and their sheets.
#[derive(Clone, Debug)]
struct Batch {
    category: usize,
    unit: Option<&'static str>,
    sheets: Vec<Sheet>,
}

impl Batch {
    fn scope(&self) -> Vec<usize> {
        (0..TARGETS.len()).filter(|t| self.unit.is_none_or(|u| TARGETS[*t].1 == u)).collect()
    }
}

struct Plan {
    body: Value,
    batches: Vec<Batch>,
    disclosure_min: u32,
}

fn sheet(rng: &mut StdRng, scope: &[usize], n: usize) -> Sheet {
    let mut answers = Vec::new();
    for &t in scope {
        answers.push((t, "overall", OPTIONS[rng.gen_range(0..4)]));
        if rng.gen_bool(0.7) {
            answers.push((t, "four_winds", OPTIONS[rng.gen_range(0..4)]));
        }
    }
    let opinion = rng.gen_bool(0.3).then(|| format!("意见{n}"));
    Sheet { answers, opinion }
}

fn plan(seed: u64) -> Plan {
    let mut rng = StdRng::seed_from_u64(seed);
    let cats = rng.gen_range(2..=3);
    let categories: Vec<Value> = (0..cats)
        .map(|c| json!({"key": CATEGORIES[c], "name": format!("类别{c}"), "weight": if c == 0 { rng.gen_range(1..4) } else { rng.gen_range(0..4) }}))
        .collect();
    let disclosure_min = rng.gen_range(3..=5);
    let basis = if rng.gen_bool(0.5) { "weighted" } else { "headcount" };
    let body = json!({
        "title": "差分",
        "flag_basis": basis,
        "disclosure_min": disclosure_min,
        "categories": categories,
        "items": [{"key": "overall", "title": "总体评价", "overall": true}, {"key": "four_winds", "title": "反对“四风”"}],
        "targets": [
            {"key": "jyj", "name": "区教育局领导班子", "kind": "body"},
            {"key": "jyj-li", "name": "李明", "kind": "cadre", "parent": "jyj", "position": "局长"},
            {"key": "wjw", "name": "区卫生健康局领导班子", "kind": "body"}
        ]
    });
    let mut batches = Vec::new();
    let mut n = 0;
    for category in 0..cats {
        for unit in [None, Some("jyj"), Some("wjw")] {
            let count = if unit.is_none() { rng.gen_range(0..=3) } else { rng.gen_range(0..=6) };
            let mut b = Batch { category, unit, sheets: Vec::new() };
            let scope = b.scope();
            for _ in 0..count {
                n += 1;
                b.sheets.push(sheet(&mut rng, &scope, n));
            }
            batches.push(b);
        }
    }
    Plan { body, batches, disclosure_min }
}

/// The twin of `plan`'s sheets: the same codes, differing only in what nobody may see.
/// Returns the sheets and how many changes were made.
fn twin(p: &Plan, seed: u64) -> (Vec<Batch>, usize) {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x5eed);
    let cats = p.body["categories"].as_array().map_or(0, Vec::len);
    // Ballots per category that rated each target, and what rule 5 then shows.
    let mut rated = vec![vec![0u64; cats]; TARGETS.len()];
    for b in &p.batches {
        for t in b.scope() {
            rated[t][b.category] += b.sheets.len() as u64;
        }
    }
    let shown: Vec<Vec<bool>> = rated.iter().map(|r| disclosed(r, p.disclosure_min)).collect();
    let under: Vec<bool> = rated.iter().map(|r| r.iter().sum::<u64>() < u64::from(p.disclosure_min)).collect();
    let mut out = p.batches.clone();
    let mut changes = 0;
    // Answers about a target under the minimum: anything at all.
    for b in &mut out {
        for s in &mut b.sheets {
            for a in &mut s.answers {
                if under[a.0] {
                    let o = OPTIONS[rng.gen_range(0..4)];
                    changes += usize::from(o != a.2);
                    a.2 = o;
                }
            }
        }
    }
    // Whole sheets exchanged between two categories hidden for every target of the scope.
    for i in 0..out.len() {
        for j in 0..out.len() {
            let (x, y) = (&out[i], &out[j]);
            if x.unit != y.unit || x.category >= y.category || x.sheets.is_empty() || y.sheets.is_empty() {
                continue;
            }
            if x.scope().iter().any(|&t| shown[t][x.category] || shown[t][y.category]) {
                continue;
            }
            let (a, b) = (rng.gen_range(0..x.sheets.len()), rng.gen_range(0..y.sheets.len()));
            let sa = out[i].sheets[a].clone();
            out[i].sheets[a] = std::mem::replace(&mut out[j].sheets[b], sa);
            changes += 1;
        }
    }
    (out, changes)
}

/// Makes, fills, closes and publishes a round of `body` with `batches`; returns its id.
async fn run(app: &TestApp, body: &Value, batches: &[Batch]) -> i64 {
    let res = app.post_json("/rounds", body).await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap_or_default());
    let id = res.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
    let mut codes = Vec::new();
    for b in batches {
        if b.sheets.is_empty() {
            continue;
        }
        let mut req = json!({"category": CATEGORIES[b.category], "count": b.sheets.len()});
        if let Some(u) = b.unit {
            req["unit"] = json!(u);
        }
        codes.push(issue(app, id, req).await);
    }
    assert_eq!(app.post_json(&format!("/rounds/{id}/open"), &json!({})).await.status(), 200);
    for (b, codes) in batches.iter().filter(|b| !b.sheets.is_empty()).zip(codes) {
        for (s, code) in b.sheets.iter().zip(codes) {
            let answers: Vec<Value> = s.answers.iter().map(|(t, i, o)| json!({"target": TARGETS[*t].0, "item": i, "option": o})).collect();
            let mut ballot = json!({"code": code, "answers": answers});
            if let Some(o) = &s.opinion {
                ballot["opinion"] = json!(o);
            }
            let res = cast(app, &ballot).await;
            assert_eq!(res.status(), 201, "{}", res.text().await.unwrap_or_default());
        }
    }
    for step in ["close", "publish"] {
        assert_eq!(app.post_json(&format!("/rounds/{id}/{step}"), &json!({})).await.status(), 200, "{step}");
    }
    id
}

/// `text` with round `id`'s number, nonces, times and tokens masked.
fn masked(text: &str, id: i64) -> String {
    let mut s = text.to_owned();
    for (from, to) in
        [(format!("/rounds/{id}/"), "/rounds/ID/"), (format!("/rounds/{id}\""), "/rounds/ID\""), (format!("round-{id}-"), "round-ID-")]
    {
        s = s.replace(&from, to);
    }
    for marker in ["nonce=\"", "crossorigin=\"", "csrf\" value=\"", "/flags/", "alt=\"公示页二维码\" src=\""] {
        s = mask_after(&s, marker, '"');
    }
    s = s.replace(&format!("（第 {id} 轮）"), "（第 ID 轮）");
    s = mask_hex(&s);
    s = sorted_opinions(&s);
    s = mask_after(&s, "/public/", '"');
    mask_times(&s)
}

/// The items of each opinions list in sorted order (they are shown shuffled).
fn sorted_opinions(s: &str) -> String {
    let marker = "class=\"opinions\">";
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find(marker) {
        out.push_str(&rest[..i + marker.len()]);
        rest = &rest[i + marker.len()..];
        let end = rest.find("</ul>").unwrap_or(rest.len());
        let mut items: Vec<&str> = rest[..end].split_inclusive("</li>").collect();
        items.sort_unstable();
        out.push_str(&items.concat());
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Masks every run of 64 hex digits (the audit chain's head, which moves with each read).
fn mask_hex(s: &str) -> String {
    let (mut out, mut run) = (String::new(), String::new());
    for c in s.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_hexdigit() {
            run.push(c);
            continue;
        }
        out.push_str(if run.len() == 64 { "<hex>" } else { &run });
        run.clear();
        out.push(c);
    }
    out.pop();
    out
}

/// Masks what follows each `marker` up to `end`.
fn mask_after(s: &str, marker: &str, end: char) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find(marker) {
        out.push_str(&rest[..i + marker.len()]);
        rest = &rest[i + marker.len()..];
        let j = rest.find(end).unwrap_or(rest.len());
        out.push('…');
        rest = &rest[j..];
    }
    out.push_str(rest);
    out
}

/// Masks every `dddd-dd-dd` date and `dd:dd` time (rounds made a moment apart).
fn mask_times(s: &str) -> String {
    let shape = |w: &[char], pat: &str| {
        w.len() == pat.len() && w.iter().zip(pat.chars()).all(|(c, p)| if p == 'd' { c.is_ascii_digit() } else { *c == p })
    };
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if let Some(pat) =
            ["dddd-dd-dd", "dd:dd:dd", "dd:dd"].into_iter().find(|p| chars.len() >= i + p.len() && shape(&chars[i..i + p.len()], p))
        {
            out.push('#');
            i += pat.len();
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// The results JSON without what names the round itself.
fn results_json(mut v: Value) -> Value {
    for k in ["id", "title", "opens_at", "closes_at"] {
        v["round"].as_object_mut().map(|o| o.remove(k));
    }
    for t in v["targets"].as_array_mut().into_iter().flatten() {
        t.as_object_mut().map(|o| o.remove("flag_id"));
    }
    v
}

async fn bytes(app: &TestApp, path: &str) -> Vec<u8> {
    let res = app.client.get(format!("{}{path}", app.address)).header("accept", "text/html").send().await.expect("request");
    assert_eq!(res.status(), 200, "{path}");
    res.bytes().await.expect("body").to_vec()
}

fn xlsx_cells(data: Vec<u8>) -> Vec<(String, Vec<Vec<String>>)> {
    use calamine::Reader;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(data)).expect("a workbook");
    let names = book.sheet_names().to_vec();
    names
        .into_iter()
        .map(|n| {
            let range = book.worksheet_range(&n).expect("a sheet");
            (n, range.rows().map(|r| r.iter().map(ToString::to_string).collect()).collect())
        })
        .collect()
}

/// Every surface of round `id` as published, masked; (surface, content).
async fn surfaces(app: &TestApp, id: i64) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let json: Value = app.get_api(&format!("/rounds/{id}/results")).await.json().await.expect("results");
    out.push(("results".into(), serde_json::to_string_pretty(&results_json(json)).expect("json")));
    let csv = String::from_utf8(bytes(app, &format!("/api/v1/rounds/{id}/results.csv")).await).expect("utf-8");
    out.push(("results.csv".into(), csv));
    out.push(("results.xlsx".into(), format!("{:?}", xlsx_cells(bytes(app, &format!("/api/v1/rounds/{id}/results.xlsx")).await))));
    for chart in ["bars", "bars_cadre", "categories", "heatmap", "heatmap_cadre"] {
        let res = app.client.get(format!("{}/api/v1/rounds/{id}/charts/{chart}.png", app.address)).send().await.expect("chart");
        let status = res.status().as_u16();
        let png = res.bytes().await.expect("png");
        out.push((format!("{chart}.png"), format!("{status} {:x?}", xxh(&png))));
    }
    for page in ["results", "report"] {
        let html = String::from_utf8(bytes(app, &format!("/rounds/{id}/{page}")).await).expect("utf-8");
        out.push((format!("/rounds/ID/{page}"), masked(&html, id)));
    }
    // The Word report as docx-rs reads it back: its paragraphs, tables and pictures.
    let docx = bytes(app, &format!("/api/v1/rounds/{id}/report.docx")).await;
    out.push(("report.docx".into(), docx_text(&docx)));
    let opinions = String::from_utf8(bytes(app, &format!("/api/v1/rounds/{id}/opinions.csv")).await).expect("utf-8");
    let mut lines: Vec<&str> = opinions.lines().collect();
    lines.sort_unstable();
    out.push(("opinions.csv".into(), lines.join("\n")));
    let indicators: Value = app.get_api(&format!("/rounds/{id}/indicators")).await.json().await.expect("indicators");
    out.push(("indicators".into(), serde_json::to_string_pretty(&indicators).expect("json")));
    let res = app.post_json(&format!("/rounds/{id}/hall-link"), &json!({})).await;
    assert_eq!(res.status(), 201);
    let url = res.json::<Value>().await.expect("json")["url"].as_str().expect("url").to_owned();
    let token = url.rsplit('/').next().expect("token");
    let hall: Value = app.get_api(&format!("/hall/{token}")).await.json().await.expect("hall");
    out.push(("hall".into(), serde_json::to_string_pretty(&hall).expect("json")));
    let res = app.post_json(&format!("/rounds/{id}/public-link"), &json!({})).await;
    assert_eq!(res.status(), 201);
    let url = res.json::<Value>().await.expect("json")["url"].as_str().expect("url").to_owned();
    let path = url.find("/public/").map_or(url.as_str(), |i| &url[i..]).to_owned();
    let notice = String::from_utf8(bytes(app, &path).await).expect("utf-8");
    out.push(("公示".into(), masked(&notice, id)));
    out.into_iter().map(|(k, v)| (k, masked(&v, id))).collect()
}

/// A DOCX as docx-rs reads it back: every text run in order, the opinions (numbered in
/// their shuffled order) without their numbers and sorted, and every picture's bytes.
fn docx_text(docx: &[u8]) -> String {
    fn walk(v: &Value, texts: &mut Vec<String>) {
        match v {
            Value::Object(o) => {
                if o.get("type").and_then(Value::as_str) == Some("text") {
                    if let Some(t) = o.get("data").and_then(|d| d["text"].as_str()) {
                        texts.push(t.to_owned());
                    }
                }
                o.values().for_each(|x| walk(x, texts));
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, texts)),
            _ => {}
        }
    }
    let parsed: Value = serde_json::from_str(&docx_rs::read_docx(docx).expect("a DOCX that reads back").json()).expect("json");
    let mut texts = Vec::new();
    walk(&parsed["document"], &mut texts);
    let numbered = |t: &str| t.split_once(". ").filter(|(n, _)| n.chars().all(|c| c.is_ascii_digit())).map(|(_, rest)| rest.to_owned());
    let mut opinions: Vec<String> =
        texts.iter().filter(|t| t.contains("意见") && numbered(t).is_some()).filter_map(|t| numbered(t)).collect();
    opinions.sort_unstable();
    texts.retain(|t| !(t.contains("意见") && numbered(t).is_some()));
    // The package lists its pictures in no fixed order: compare them as a set.
    let mut pictures: Vec<(usize, u64)> = parsed["images"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i.get(2).and_then(Value::as_str))
        .map(|b64| xxh(b64.as_bytes()))
        .collect();
    pictures.sort_unstable();
    format!("{}\n{}\n{pictures:?}", texts.join("\n"), opinions.join("\n"))
}

/// A short fingerprint of a file (enough to tell two apart).
fn xxh(b: &[u8]) -> (usize, u64) {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    b.hash(&mut h);
    (b.len(), h.finish())
}

/// Each target's history entry of round `id`, without the round's own id and times.
async fn history(app: &TestApp, id: i64) -> Vec<Value> {
    let mut out = Vec::new();
    for (key, _) in TARGETS {
        let h: Value = app.get_api(&format!("/targets/{key}/history")).await.json().await.expect("history");
        let mut entry = h["rounds"].as_array().expect("rounds").iter().find(|r| r["round_id"] == id).cloned().unwrap_or(Value::Null);
        for k in ["round_id", "title", "closed_at"] {
            entry.as_object_mut().map(|o| o.remove(k));
        }
        out.push(json!({"key": key, "entry": entry}));
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_rounds_that_differ_only_in_what_nobody_may_see_publish_the_same_bytes_on_every_surface() {
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    // Seeds from MINPING_DIFFERENCE_SEEDS (to replay one), else four random ones whose
    // twins differ in something (a seed whose round hides nothing proves nothing).
    let seeds: Vec<u64> = match std::env::var("MINPING_DIFFERENCE_SEEDS") {
        Ok(s) => s.split(',').filter_map(|x| x.trim().parse().ok()).collect(),
        Err(_) => {
            let mut rng = rand::thread_rng();
            (0..1000).map(|_| rng.gen::<u64>()).filter(|s| twin(&plan(*s), *s).1 > 0).take(4).collect()
        }
    };
    let mut changed = 0;
    for seed in seeds {
        let p = plan(seed);
        let (other, changes) = twin(&p, seed);
        changed += changes;
        let a = run(&app, &p.body, &p.batches).await;
        let b = run(&app, &p.body, &other).await;
        let (sa, sb) = (surfaces(&app, a).await, surfaces(&app, b).await);
        for ((name, x), (_, y)) in sa.iter().zip(&sb) {
            if x != y {
                if let Ok(dir) = std::env::var("MINPING_DIFFERENCE_DUMP") {
                    let _ = std::fs::write(format!("{dir}/a.txt"), x);
                    let _ = std::fs::write(format!("{dir}/b.txt"), y);
                }
                let at = x.chars().zip(y.chars()).take_while(|(p, q)| p == q).count();
                let near = |s: &str| s.chars().skip(at.saturating_sub(300)).take(600).collect::<String>();
                panic!("seed {seed}: {name} differs ({changes} hidden changes)\n--- A\n{}\n--- B\n{}", near(x), near(y));
            }
        }
        assert_eq!(history(&app, a).await, history(&app, b).await, "seed {seed}: history differs");
    }
    assert!(changed > 0, "the twins differed in nothing: the test would prove nothing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_steering_member_receives_no_document_that_names_a_target_outside_its_scope() {
    // Arrange: round (jyj, wjw, jyj-zhang) published; duda's group follows wjw only.
    use crate::helpers::steering::{closed_round_with_wjw_flagged, group, member};
    let app = spawn_app().await;
    let id = closed_round_with_wjw_flagged(&app).await;
    assert_eq!(app.post_json(&format!("/rounds/{id}/publish"), &json!({})).await.status(), 200);
    let duda = member(&app, "duda", Role::Steering).await;
    group(&app, "第一督导组", &["duda"], &["wjw"]).await;
    let outside = ["jyj", "区教育局", "张建国"];

    // Act + Assert: every results-shaped document, as text (XLSX as its cells, DOCX as
    // its XML; PNG charts carry their labels as pixels and are drawn from the same rows).
    let get = |path: String| {
        let duda = duda.clone();
        let url = format!("{}{path}", app.address);
        async move {
            let res = duda.get(url).header("accept", "text/html").send().await.expect("request");
            assert_eq!(res.status(), 200, "{path}");
            res.bytes().await.expect("body").to_vec()
        }
    };
    let results: Value = serde_json::from_slice(&get(format!("/api/v1/rounds/{id}/results")).await).expect("json");
    let keys: Vec<&str> = results["round"]["targets"].as_array().expect("round.targets").iter().filter_map(|t| t["key"].as_str()).collect();
    assert_eq!(keys, ["wjw"], "the round definition names only the scope");
    let mut docs = vec![("results".to_owned(), results.to_string())];
    for path in ["results.csv", "opinions.csv"] {
        docs.push((path.to_owned(), String::from_utf8(get(format!("/api/v1/rounds/{id}/{path}")).await).expect("utf-8")));
    }
    docs.push(("results.xlsx".into(), format!("{:?}", xlsx_cells(get(format!("/api/v1/rounds/{id}/results.xlsx")).await))));
    for page in ["results", "report"] {
        docs.push((page.to_owned(), String::from_utf8(get(format!("/rounds/{id}/{page}")).await).expect("utf-8")));
    }
    let docx = get(format!("/api/v1/rounds/{id}/report.docx")).await;
    let parsed = docx_rs::read_docx(&docx).expect("a DOCX the writer can read back");
    docs.push(("report.docx".into(), parsed.json()));
    let history = String::from_utf8(get("/api/v1/targets/wjw/history".into()).await).expect("utf-8");
    docs.push(("history".into(), history));
    for (name, text) in &docs {
        for word in outside {
            assert!(!text.contains(word), "{name} names {word}, outside the member's scope");
        }
    }
}
