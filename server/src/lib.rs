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
        Command::Recount { round, repair } => {
            let db = startup::connect_and_migrate(&settings).await?;
            let ids: Vec<i32> = match round {
                Some(id) => vec![id],
                None => app::ssr::rounds::list(&db).await?.into_iter().map(|r| r.id).collect(),
            };
            let mut differ = 0;
            for id in ids {
                let Some(def) = app::ssr::ballots::load_def(&db, id).await? else { anyhow::bail!("there is no round {id}") };
                let started = std::time::Instant::now();
                let recounted = app::ssr::results::recount(&db, &def).await?;
                let took = started.elapsed().as_secs_f64();
                let running = app::ssr::results::running_counts(&db, &def).await?;
                let n = recounted.ballots();
                if running == recounted {
                    println!("round {id}: {n} ballots; the running tallies agree with the recount ({took:.2} s)");
                } else if repair {
                    app::ssr::results::replace_running(&db, &def, &recounted).await?;
                    println!("round {id}: {n} ballots; running tallies rewritten from the recount ({took:.2} s)");
                } else {
                    differ += 1;
                    println!("round {id}: {n} ballots; the running tallies DIFFER from the recount ({took:.2} s)");
                }
            }
            anyhow::ensure!(differ == 0, "{differ} round(s) differ from their recount: run with --repair to rewrite their tallies");
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
