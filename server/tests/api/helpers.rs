//! `spawn_app()` and the fresh database behind each test, and the fixtures every test
//! file shares (`rounds`, `ballots`, `steering`): a test file imports from here, never
//! from a sibling test file.

pub mod ballots;
pub mod rounds;
pub mod steering;

use app::domain::account::Role;
use rand::{distributions::Alphanumeric, Rng};
use sea_orm::{ConnectionTrait, DatabaseConnection};
pub use server::config::{Secret, Settings};
use server::startup::Application;
use tempfile::TempDir;

/// A password that meets the policy, used for test accounts.
pub const PASSWORD: &str = "correct horse battery";

/// A fresh, migrated database: a SQLite file in a temp dir, or a PostgreSQL schema
/// (dropped when the test ends; `scripts/test.sh` sweeps leftovers of killed runs).
pub struct TestDb {
    /// The URL a `minping` process would use to reach this database.
    pub url: String,
    /// A connection to it.
    pub db: DatabaseConnection,
    _dir: TempDir,
    pg: Option<(String, String)>,
}

fn pg_url() -> Option<String> {
    // MINPING_TEST_DATABASE_URL first: changing DATABASE_URL makes cargo rebuild sqlx users.
    std::env::var("MINPING_TEST_DATABASE_URL").or_else(|_| std::env::var("DATABASE_URL")).ok().filter(|u| u.starts_with("postgres"))
}

impl TestDb {
    /// Creates and migrates a fresh database.
    pub async fn new() -> Self {
        Self::migrated(None).await
    }

    /// Creates a fresh database migrated to the first `n` migrations only (an older
    /// release's schema), for tests of a migration.
    pub async fn new_at(n: u32) -> Self {
        Self::migrated(Some(n)).await
    }

    async fn migrated(steps: Option<u32>) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        if let Some(base) = pg_url() {
            let admin = app::ssr::db::connect(&base, None).await.expect("PostgreSQL reachable");
            let suffix: String = rand::thread_rng().sample_iter(&Alphanumeric).take(16).map(|c| (c as char).to_ascii_lowercase()).collect();
            let schema = format!("test_{suffix}");
            admin.execute_unprepared(&format!("CREATE SCHEMA \"{schema}\"")).await.expect("create schema");
            server::startup::migrate(&base, Some(&schema), steps).await.expect("migrations");
            let db = app::ssr::db::connect(&base, Some(&schema)).await.expect("connect to schema");
            let sep = if base.contains('?') { '&' } else { '?' };
            let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
            Self { url, db, _dir: dir, pg: Some((base, schema)) }
        } else {
            let url = format!("sqlite://{}/minping.db?mode=rwc", dir.path().display());
            server::startup::migrate(&url, None, steps).await.expect("migrations");
            let db = app::ssr::db::connect(&url, None).await.expect("open SQLite");
            Self { url, db, _dir: dir, pg: None }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((base, schema)) = self.pg.take() {
            // Drop runs outside async context: use a short-lived runtime on another thread.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
                rt.block_on(async {
                    let admin = app::ssr::db::connect(&base, None).await.ok()?;
                    admin.execute_unprepared(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE")).await.ok()
                })
            })
            .join();
        }
    }
}

/// A running application and a client with a cookie jar that does not follow redirects.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub address: String,
    /// The application's database.
    pub db: DatabaseConnection,
    /// Cookie-keeping client.
    pub client: reqwest::Client,
    /// The database (dropped with the app).
    pub test_db: std::sync::Arc<TestDb>,
    /// `http://127.0.0.1:PORT/metrics`, when the settings turned metrics on.
    pub metrics: Option<String>,
    /// The application's ballot path (a test may hold its turns).
    pub ballots: std::sync::Arc<app::ssr::ballots::BallotService>,
}

/// Settings for a test server on a free port.
pub fn test_settings(db_url: &str) -> Settings {
    Settings {
        database_url: db_url.to_owned(),
        addr: "127.0.0.1:0".parse().expect("address"),
        data_dir: std::env::temp_dir(),
        secret: Secret(vec![7; 32]),
        site_root: "target/site".to_owned(),
        public_url: None,
        secure_cookies: false,
        login_per_minute: 1000,
        code_failures: 20,
        header_timeout: std::time::Duration::from_secs(10),
        request_timeout: std::time::Duration::from_secs(30),
        trust_proxy: false,
        reeval_days: 30,
        metrics_addr: None,
    }
}

/// A client like a browser's: cookies kept, redirects not followed.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().expect("client")
}

/// Starts the real application on a fresh database.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|s| s).await
}

/// Starts the real application with adjusted settings on a fresh database.
pub async fn spawn_app_with(adjust: impl FnOnce(Settings) -> Settings) -> TestApp {
    log_buffer();
    let test_db = std::sync::Arc::new(TestDb::new().await);
    let settings = adjust(test_settings(&test_db.url));
    spawn_on(test_db, settings).await
}

/// Starts another application process (in-process) on an existing database.
pub async fn spawn_on(test_db: std::sync::Arc<TestDb>, settings: Settings) -> TestApp {
    let app = Application::build_with_db(settings, test_db.db.clone()).await.expect("build app");
    let address = format!("http://127.0.0.1:{}", app.port());
    let metrics = app.metrics_addr().map(|a| format!("http://{a}/metrics"));
    let ballots = app.ballots();
    tokio::spawn(app.run_until_stopped());
    TestApp { address, db: test_db.db.clone(), client: client(), test_db, metrics, ballots }
}

impl TestApp {
    /// Creates an account directly through the account service.
    pub async fn create_account(&self, username: &str, role: Role) {
        app::ssr::accounts::create_account(&self.db, username, PASSWORD, role).await.expect("create account");
    }

    /// `POST /api/v1/session` with a JSON body.
    pub async fn post_session(&self, username: &str, password: &str) -> reqwest::Response {
        self.client
            .post(format!("{}/api/v1/session", self.address))
            .json(&serde_json::json!({ "username": username, "password": password }))
            .send()
            .await
            .expect("request")
    }

    /// `GET /api/v1/session`.
    pub async fn get_session(&self) -> reqwest::Response {
        self.client.get(format!("{}/api/v1/session", self.address)).send().await.expect("request")
    }

    /// Signs in a new account of `role` on this client.
    pub async fn sign_in_as(&self, username: &str, role: Role) {
        self.create_account(username, role).await;
        assert_eq!(self.post_session(username, PASSWORD).await.status(), 200);
    }

    /// `POST` JSON to an API path (`/api/v1` is prepended).
    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> reqwest::Response {
        self.client.post(format!("{}/api/v1{path}", self.address)).json(body).send().await.expect("request")
    }

    /// `GET` an API path (`/api/v1` is prepended).
    pub async fn get_api(&self, path: &str) -> reqwest::Response {
        self.client.get(format!("{}/api/v1{path}", self.address)).send().await.expect("request")
    }

    /// `GET` a page or path, accepting HTML as a browser does.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .header("accept", "text/html,application/xhtml+xml,*/*;q=0.8")
            .send()
            .await
            .expect("request")
    }

    /// `GET` a page that must answer 200, and its HTML (Leptos's `<!>` markers stripped).
    /// Any other answer fails with its status, its `Location` and the errors and warnings
    /// logged so far, so that a rare failure says why.
    pub async fn page(&self, path: &str) -> String {
        let res = self.get(path).await;
        let (status, location) = (res.status(), res.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_owned));
        let html = res.text().await.expect("body");
        if status != 200 {
            let logs = captured_logs();
            let problems: Vec<&str> = logs.lines().filter(|l| l.contains("ERROR") || l.contains("WARN")).collect();
            let tail = problems[problems.len().saturating_sub(20)..].join("\n");
            panic!("GET {path} answered {status} (location {location:?}) with {} bytes; errors and warnings logged:\n{tail}", html.len());
        }
        html.replace("<!>", "")
    }

    /// Number of rows in a table.
    pub async fn count(&self, table: &str) -> i64 {
        let row = self
            .db
            .query_one(sea_orm::Statement::from_string(self.db.get_database_backend(), format!("SELECT COUNT(*) AS n FROM {table}")))
            .await
            .expect("count query")
            .expect("a row");
        row.try_get::<i64>("", "n").expect("count")
    }
}

/// The session cookie's value from a response, if it set one.
pub fn session_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("minping_session="))
        .map(str::to_owned)
}

/// Reads an API error body: `(code, message)`.
pub async fn error_of(res: reqwest::Response) -> (String, String) {
    let body: serde_json::Value = res.json().await.expect("JSON error body");
    let code = body["error"]["code"].as_str().expect("error.code").to_owned();
    let message = body["error"]["message"].as_str().expect("error.message").to_owned();
    (code, message)
}

/// Everything the application logs in this test process (at debug level), for the tests
/// that read the real log output. Installed by `spawn_app*` before the first server starts.
pub fn captured_logs() -> String {
    String::from_utf8_lossy(&log_buffer().lock().unwrap_or_else(|e| e.into_inner())).into_owned()
}

fn log_buffer() -> &'static std::sync::Arc<std::sync::Mutex<Vec<u8>>> {
    static BUF: std::sync::OnceLock<std::sync::Arc<std::sync::Mutex<Vec<u8>>>> = std::sync::OnceLock::new();
    BUF.get_or_init(|| {
        let buf = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let writer = LogWriter(buf.clone());
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(
                "debug,sqlx=info,sea_orm=info,hyper=info,hyper_util=info,h2=info,reqwest=info",
            ))
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .try_init();
        buf
    })
}

#[derive(Clone)]
struct LogWriter(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for LogWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).extend_from_slice(data);
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Percent-encodes a query-string value (the app's own encoder).
pub fn percent(s: &str) -> String {
    app::views::url::encode(s)
}
