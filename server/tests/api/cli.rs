//! The `minping` command line, run as a real process.

use std::io::Write;
use std::process::{Command, Stdio};

fn minping(db_url: &str, data_dir: &std::path::Path, args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_minping"))
        .args(args)
        .env("DATABASE_URL", db_url)
        .env("MINPING_DATA_DIR", data_dir)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run minping");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write stdin");
    child.wait_with_output().expect("minping finished")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_create_reads_the_password_from_stdin_and_stores_an_argon2id_hash() {
    // Arrange
    let db = crate::helpers::TestDb::new().await;
    let dir = tempfile::tempdir().expect("dir");

    // Act
    let out = minping(
        &db.url,
        dir.path(),
        &["admin", "create", "--username", "dubanzu1", "--password-stdin", "--role", "steering"],
        "a long enough password\n",
    );

    // Assert
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("dubanzu1"));
    use app::ssr::db::entities::user;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let row = user::Entity::find().filter(user::Column::Username.eq("dubanzu1")).one(&db.db).await.expect("query");
    let row = row.expect("the account exists");
    assert_eq!(row.role, "steering");
    assert!(row.password_hash.starts_with("$argon2id$"));
    assert!(app::ssr::password::verify("a long enough password", &row.password_hash));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_create_refuses_a_short_password_and_a_taken_name_and_stores_nothing_new() {
    let db = crate::helpers::TestDb::new().await;
    let dir = tempfile::tempdir().expect("dir");
    let args = ["admin", "create", "--username", "zuzhibu", "--password-stdin"];
    let short = minping(&db.url, dir.path(), &args, "short\n");
    assert_eq!(short.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&short.stderr).contains("10 to 256"));
    assert!(minping(&db.url, dir.path(), &args, "long enough password").status.success());
    let again = minping(&db.url, dir.path(), &args, "long enough password");
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already taken"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrate_brings_an_empty_database_up_to_date() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}/fresh.db?mode=rwc", dir.path().display());
    let out = minping(&url, dir.path(), &["migrate"], "");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("up to date"));
    assert!(dir.path().join("fresh.db").exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_verify_exits_non_zero_on_a_tampered_row() {
    use sea_orm::ConnectionTrait;
    // Arrange: the demo writes audit entries.
    let db = crate::helpers::TestDb::new().await;
    let dir = tempfile::tempdir().expect("dir");
    let demo = minping(&db.url, dir.path(), &["demo"], "");
    assert!(demo.status.success(), "{}", String::from_utf8_lossy(&demo.stderr));

    // Act + Assert
    let ok = minping(&db.url, dir.path(), &["audit", "verify"], "");
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    assert!(String::from_utf8_lossy(&ok.stdout).contains("entries verified"));
    db.db.execute_unprepared("UPDATE audit_log SET detail = '{}' WHERE id = 2").await.expect("tamper");
    let bad = minping(&db.url, dir.path(), &["audit", "verify"], "");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("broken at entry 2"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_loads_a_campaign_of_twelve_units_two_past_years_and_last_years_ledger_once() {
    use app::domain::round::TargetKind;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let db = crate::helpers::TestDb::new().await;
    let dir = tempfile::tempdir().expect("dir");
    let first = minping(&db.url, dir.path(), &["demo"], "");
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let rounds = app::ssr::db::entities::round::Entity::find().all(&db.db).await.expect("rounds");
    let status: Vec<&str> = rounds.iter().map(|r| r.status.as_str()).collect();
    assert_eq!(status, ["open", "published", "closed"]);
    // This year's round: 12 units, each a body and 3 to 6 cadres, two scales, one sheet.
    let round = app::ssr::rounds::load(&db.db, rounds[0].id).await.expect("load").expect("round");
    let spec = &round.spec;
    let bodies: Vec<_> = spec.targets.iter().filter(|t| t.kind == TargetKind::Body).collect();
    assert_eq!(bodies.len(), 12);
    for b in &bodies {
        let n = spec.targets.iter().filter(|t| t.parent.as_deref() == Some(b.key.as_str())).count();
        assert!((3..=6).contains(&n), "{}: {n} cadres", b.name);
    }
    assert!(spec.cadre_scale.is_some() && spec.scale_of(TargetKind::Body) != spec.scale_of(TargetKind::Cadre));
    assert_eq!(spec.categories.len(), 4);
    // Codes per unit × category, each batch scoped to its unit.
    let codes = app::ssr::db::entities::code::Entity::find()
        .filter(app::ssr::db::entities::code::Column::RoundId.eq(rounds[0].id))
        .all(&db.db)
        .await
        .expect("codes");
    assert_eq!(codes.len(), 12 * (20 + 6 + 8 + 10));
    assert!(codes.iter().all(|c| c.unit.is_some()));
    // The years before are closed with ballots and their closing dates, so history shows.
    for r in &rounds[1..] {
        assert!(r.closed_at.is_some_and(|t| t.year() < 2026), "{:?}", r.closed_at);
        let ballots = app::ssr::db::entities::ballot::Entity::find()
            .filter(app::ssr::db::entities::ballot::Column::RoundId.eq(r.id))
            .all(&db.db)
            .await
            .expect("ballots");
        assert!(ballots.len() > 200, "{} ballots", ballots.len());
    }
    // Last year's flags carry a ledger (3 measures each) and its 公示 page has a link.
    let flags = app::ssr::db::entities::target_flag::Entity::find()
        .filter(app::ssr::db::entities::target_flag::Column::RoundId.eq(rounds[1].id))
        .all(&db.db)
        .await
        .expect("flags");
    assert!(!flags.is_empty(), "last year's round has flags");
    let measures = sea_orm::PaginatorTrait::count(app::ssr::db::entities::measure::Entity::find(), &db.db).await.expect("count");
    assert_eq!(measures, 3 * flags.len() as u64);
    let token = app::ssr::links::token_of(&db.db, rounds[1].id, app::ssr::links::LinkKind::Public).await.expect("query").expect("a link");
    assert!(String::from_utf8_lossy(&first.stdout).contains(&format!("/public/{token}")), "the demo prints the 公示 page");
    let second = minping(&db.url, dir.path(), &["demo"], "");
    assert!(String::from_utf8_lossy(&second.stdout).contains("no demo loaded"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recount_confirms_the_running_tallies_finds_tampering_and_repairs_it() {
    use sea_orm::ConnectionTrait;
    // Arrange: 12 ballots through the API, the round closed
    let app = crate::helpers::spawn_app().await;
    let (id, codes) = crate::helpers::ballots::open_round_with_codes(&app, 12).await;
    for code in &codes {
        assert_eq!(crate::helpers::ballots::cast(&app, &crate::helpers::ballots::ballot(code)).await.status(), 201);
    }
    crate::sealing::close_and_wait_for_the_seal(&app, id).await;
    let before: serde_json::Value = app.get_api(&format!("/rounds/{id}/results")).await.json().await.expect("json");
    let dir = tempfile::tempdir().expect("dir");
    let url = &app.test_db.url;
    let round = id.to_string();

    // Act + Assert: they agree
    let out = minping(url, dir.path(), &["recount", "--round", &round], "");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("12 ballots; the running tallies agree"));

    // A counter changed behind the server's back is found…
    app.db.execute_unprepared("UPDATE tallies SET n = n + 5 WHERE n > 0").await.expect("tamper");
    let out = minping(url, dir.path(), &["recount"], "");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("DIFFER"));

    // …and repaired from the ballots: the results are what they were.
    let out = minping(url, dir.path(), &["recount", "--round", &round, "--repair"], "");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let after: serde_json::Value = app.get_api(&format!("/rounds/{id}/results")).await.json().await.expect("json");
    assert_eq!(after, before);
    assert!(minping(url, dir.path(), &["recount"], "").status.success());
    // The repair is in the audit log, as the command line's, and the chain holds.
    let log: serde_json::Value = app.get_api("/audit").await.json().await.expect("json");
    let repair = log["entries"].as_array().expect("entries").iter().find(|e| e["action"] == "round.recount_repair").cloned();
    let repair = repair.expect("the repair is audited");
    assert_eq!(repair["actor"], "cli");
    assert_eq!(repair["object"], format!("round:{id}"));
    assert!(app::ssr::audit::verify(&app.db).await.is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn backup_under_load_holds_every_ballot_acknowledged_before_it_began() {
    use crate::helpers::ballots::{ballot, cast, open_round_with_codes};
    // Arrange: 40 ballots acknowledged, then 160 more pouring in while the backup runs.
    let app = crate::helpers::spawn_app().await;
    let (_, codes) = open_round_with_codes(&app, 200).await;
    for code in &codes[..40] {
        assert_eq!(cast(&app, &ballot(code)).await.status(), 201);
    }
    let url = app.test_db.url.clone();
    let dir = tempfile::tempdir().expect("dir");
    let copy = dir.path().join("backup").join("minping-copy.db");
    let load = {
        let (app_addr, rest) = (app.address.clone(), codes[40..].to_vec());
        tokio::spawn(async move {
            let c = reqwest::Client::new();
            for code in rest {
                let res = c.post(format!("{app_addr}/api/v1/ballots")).json(&ballot(&code)).send().await.expect("request");
                assert_eq!(res.status(), 201);
            }
        })
    };

    // Act
    let out = tokio::task::spawn_blocking({
        let (url, data, target) = (url.clone(), dir.path().to_owned(), copy.to_str().expect("utf-8").to_owned());
        move || minping(&url, &data, &["backup", &target], "")
    })
    .await
    .expect("backup ran");
    load.await.expect("load");

    // Assert
    if url.starts_with("postgres") {
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("pg_dump"), "{}", String::from_utf8_lossy(&out.stderr));
        return;
    }
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("integrity check: ok"));
    let db = app::ssr::db::connect(&format!("sqlite://{}?mode=rw", copy.display()), None).await.expect("the copy opens");
    let n = |sql: &'static str| {
        let db = db.clone();
        async move {
            use sea_orm::ConnectionTrait;
            let row = db.query_one(sea_orm::Statement::from_string(db.get_database_backend(), sql)).await.expect("query").expect("row");
            row.try_get_by_index::<i64>(0).expect("count")
        }
    };
    let ballots = n("SELECT COUNT(*) FROM ballots").await;
    assert!((40..=200).contains(&ballots), "{ballots} ballots in the copy");
    assert_eq!(n("SELECT COUNT(*) FROM receipts").await, ballots, "every ballot of the copy has its receipt");
    assert_eq!(n("SELECT COUNT(*) FROM codes WHERE state = 'used'").await, ballots, "no code used without its ballot");
    // A second backup to the same file is refused: a backup never overwrites.
    let again = minping(&url, dir.path(), &["backup", copy.to_str().expect("utf-8")], "");
    assert!(!again.status.success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_minping_log_format_json_every_log_line_is_a_json_object() {
    let db = crate::helpers::TestDb::new().await;
    let dir = tempfile::tempdir().expect("dir");
    let run = |format: &str, data: &std::path::Path| {
        Command::new(env!("CARGO_BIN_EXE_minping"))
            .arg("migrate")
            .env("DATABASE_URL", &db.url)
            .env("MINPING_DATA_DIR", data)
            .env_remove("MINPING_SECRET")
            .env("RUST_LOG", "info")
            .env("MINPING_LOG_FORMAT", format)
            .output()
            .expect("run minping")
    };
    // A fresh data directory: the new secret is logged (its path, never its value).
    let out = run("json", &dir.path().join("a"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(!lines.is_empty(), "something is logged");
    for line in &lines {
        let v: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
        assert!(v["level"].is_string() && v["timestamp"].is_string(), "{line}");
    }
    assert!(lines.iter().any(|l| l.contains("generated a new server secret")), "{stderr}");
    let secret = std::fs::read_to_string(dir.path().join("a").join("secret")).expect("the secret");
    assert!(!stderr.contains(secret.trim()), "the secret itself is never logged");
    // Plain text otherwise.
    let out = run("", &dir.path().join("b"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.lines().filter(|l| !l.trim().is_empty()).all(|l| !l.trim_start().starts_with('{')), "{stderr}");
}

/// `minping doctor` with `data` as the data directory, no secret in the environment.
fn doctor(db_url: &str, data: &std::path::Path, as_nobody: bool) -> (bool, String) {
    let bin = env!("CARGO_BIN_EXE_minping");
    let mut cmd = if as_nobody {
        // Root writes anywhere: a read-only directory is only read-only to another user.
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", bin]);
        c
    } else {
        Command::new(bin)
    };
    let out = cmd
        .arg("doctor")
        .env("DATABASE_URL", db_url)
        .env("MINPING_DATA_DIR", data)
        .env_remove("MINPING_SECRET")
        .env("RUST_LOG", "error")
        .output()
        .expect("run minping doctor");
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn doctor_passes_a_sound_deployment_and_names_a_missing_secret_and_a_read_only_data_directory() {
    use std::os::unix::fs::PermissionsExt;
    let db = crate::helpers::TestDb::new().await;
    let dir = tempfile::tempdir().expect("dir");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let data = dir.path().join("data");
    std::fs::create_dir(&data).expect("mkdir");

    // No secret yet: a clear failure that says how to get one, and nothing created.
    let (ok, text) = doctor(&db.url, &data, false);
    assert!(!ok, "{text}");
    assert!(text.contains("FAIL  secret: MINPING_SECRET is unset") && text.contains("fix: start `minping serve` once"), "{text}");
    assert!(!data.join("secret").exists(), "the doctor creates nothing");
    assert!(text.contains("ok    database: connected") && text.contains("ok    migrations: all"), "{text}");

    // A secret readable by everyone is a failure too; mode 600 passes.
    std::fs::write(data.join("secret"), "f".repeat(64)).expect("secret");
    std::fs::set_permissions(data.join("secret"), std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let (ok, text) = doctor(&db.url, &data, false);
    assert!(!ok && text.contains("can be read by every user") && text.contains("chmod 600"), "{text}");
    std::fs::set_permissions(data.join("secret"), std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let (ok, text) = doctor(&db.url, &data, false);
    assert!(ok, "a sound deployment passes: {text}");
    assert!(text.contains("minping doctor: no problem found"), "{text}");

    // A data directory the service's user cannot write to.
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).expect("mkdir");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    let as_nobody = running_as_root();
    let (ok, text) = doctor(&db.url, &locked, as_nobody);
    assert!(!ok, "{text}");
    assert!(text.contains("FAIL  data directory:") && text.contains("is not writable") && text.contains("chown minping:minping"), "{text}");
}

/// Whether this test runs as root (then a read-only directory is checked as `nobody`).
fn running_as_root() -> bool {
    std::process::Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0").unwrap_or(false)
}
