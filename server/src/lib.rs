//! Minping's server: configuration, startup, the HTTP routes and the command line.

pub mod assets;
pub mod cli;
pub mod config;
pub mod demo;
pub mod error;
pub mod messages;
pub mod middleware;
pub mod routes;
pub mod startup;
pub mod telemetry;

use cli::{AdminCommand, AuditCommand, Cli, Command};
use std::io::Read;
use std::process::ExitCode;

/// Runs one command of the command line and returns the process exit code.
pub async fn run(cli: Cli) -> ExitCode {
    telemetry::init();
    match execute(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("minping: {err:#}");
            ExitCode::from(2)
        }
    }
}

async fn execute(cli: Cli) -> anyhow::Result<()> {
    let settings = config::Settings::from_env()?;
    match cli.command {
        Command::Serve => {
            let app = startup::Application::build(settings).await?;
            app.announce_first_admin().await?;
            app.run_until_stopped().await
        }
        Command::Migrate => {
            startup::connect_and_migrate(&settings).await?;
            println!("Database is up to date ({}).", app::ssr::db::redact(&settings.database_url));
            Ok(())
        }
        Command::Demo => {
            let db = startup::connect_and_migrate(&settings).await?;
            let key = app::ssr::codes::CodeKey::new(&settings.secret.0);
            match demo::load(&db, &key).await? {
                Some(report) => println!("{report}"),
                None => println!("The database already holds rounds: no demo loaded."),
            }
            Ok(())
        }
        Command::Audit { command: AuditCommand::Verify } => {
            let db = startup::connect_and_migrate(&settings).await?;
            let n = app::ssr::audit::verify(&db).await?;
            println!("Audit chain intact: {n} entries verified.");
            Ok(())
        }
        Command::Admin { command: AdminCommand::Create { username, role, .. } } => {
            let mut password = String::new();
            std::io::stdin().read_to_string(&mut password)?;
            let db = startup::connect_and_migrate(&settings).await?;
            let account = app::ssr::accounts::create_account(&db, &username, &password, role.into()).await?;
            println!("Created account '{}' with role {}.", account.username, account.role);
            Ok(())
        }
    }
}
