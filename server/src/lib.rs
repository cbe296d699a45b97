//! Minping's server: configuration, startup, the HTTP routes and the command line.

pub mod assets;
pub mod cli;
pub mod config;
pub mod demo;
pub mod doctor;
pub mod error;
pub mod exporter;
pub mod loadtest;
pub mod middleware;
pub mod report;
pub mod routes;
pub mod site;
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
    if let Command::Loadtest {
        urls,
        username,
        setup,
        targets,
        round,
        codes,
        concurrency,
        count,
        duration,
        strict,
        no_progress,
        receipts,
        retry_secs,
        ..
    } = cli.command
    {
        let mut password = String::new();
        std::io::stdin().read_to_string(&mut password)?;
        let plan = loadtest::Plan {
            urls,
            username,
            password: password.trim_end_matches(['\r', '\n']).to_owned(),
            round,
            codes_file: codes,
            setup,
            targets,
            concurrency,
            count,
            duration: duration.map(std::time::Duration::from_secs),
            progress: !no_progress,
            receipts,
            retry_for: std::time::Duration::from_secs(retry_secs),
        };
        let report = loadtest::run(plan).await?;
        print!("{}", report.render(concurrency));
        if strict {
            anyhow::ensure!(report.errors.is_empty(), "{} requests failed", report.errors.values().sum::<u64>());
            anyhow::ensure!(report.count_matches(), "the server counted a different number of ballots than the 201s received");
        }
        return Ok(());
    }
    if let Command::Doctor = cli.command {
        // Before the settings are read: reading them would create a missing secret.
        let (text, ok) = doctor::render(&doctor::run().await);
        print!("{text}");
        anyhow::ensure!(ok, "this deployment has problems: see the FAIL lines above");
        return Ok(());
    }
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
                let Some(def) = app::ssr::round_def::load_def(&db, id).await? else { anyhow::bail!("there is no round {id}") };
                let started = std::time::Instant::now();
                let recounted = app::ssr::tallies::recount(&db, &def).await?;
                let took = started.elapsed().as_secs_f64();
                let running = app::ssr::tallies::running_counts(&db, &def).await?;
                let n = recounted.ballots();
                if running == recounted {
                    println!("round {id}: {n} ballots; the running tallies agree with the recount ({took:.2} s)");
                } else if repair {
                    app::ssr::tallies::replace_running(&db, "cli", &def, &recounted).await?;
                    println!("round {id}: {n} ballots; running tallies rewritten from the recount ({took:.2} s)");
                } else {
                    differ += 1;
                    println!("round {id}: {n} ballots; the running tallies DIFFER from the recount ({took:.2} s)");
                }
            }
            anyhow::ensure!(differ == 0, "{differ} round(s) differ from their recount: run with --repair to rewrite their tallies");
            Ok(())
        }
        Command::Seal { round } => {
            let db = startup::connect_and_migrate(&settings).await?;
            match round {
                Some(id) => match app::ssr::seal::seal(&db, id).await? {
                    Some(t) => println!(
                        "round {id}: sealed in {:.2} s — ballots {:.2} s, codes/receipts/counts {:.2} s, storage {:.2} s",
                        t.total.as_secs_f64(),
                        t.ballots.as_secs_f64(),
                        t.others.as_secs_f64(),
                        t.storage.as_secs_f64()
                    ),
                    None => println!("round {id}: nothing to seal (no such round, not closed yet, or sealed already)"),
                },
                None => println!("{} closed round(s) sealed", app::ssr::seal::sweep(&db).await?),
            }
            Ok(())
        }
        Command::Backup { path } => {
            let db = app::ssr::db::connect(&settings.database_url, None).await?;
            let bytes = app::ssr::db::backup(&db, &path).await?;
            println!("Backup written to {} ({bytes} bytes); integrity check: ok.", path.display());
            Ok(())
        }
        Command::Audit { command: AuditCommand::Verify } => {
            let db = startup::connect_and_migrate(&settings).await?;
            let n = app::ssr::audit::verify(&db).await?;
            println!("Audit chain intact: {n} entries verified.");
            Ok(())
        }
        Command::Loadtest { .. } | Command::Doctor => unreachable!("handled above"),
        Command::Admin { command: AdminCommand::Create { username, role, .. } } => {
            let mut password = String::new();
            std::io::stdin().read_to_string(&mut password)?;
            let db = startup::connect_and_migrate(&settings).await?;
            let account = app::ssr::accounts::create_account_by(&db, "cli", &username, &password, role.into()).await?;
            println!("Created account '{}' with role {}.", account.username, account.role);
            Ok(())
        }
    }
}
