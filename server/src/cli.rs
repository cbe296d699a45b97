//! The command line (see API.md, "Command line").

use app::domain::account::Role;
use clap::{Parser, Subcommand, ValueEnum};

/// Minping (民评): anonymous democratic appraisal rounds.
#[derive(Debug, Parser)]
#[command(name = "minping", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Migrate the database if needed, then serve pages and API.
    Serve,
    /// Apply pending migrations and exit.
    Migrate,
    /// Check this deployment (secret, data directory, database, migrations, clock, disk,
    /// fonts, site) and say what to fix; changes nothing. Exits non-zero on a problem.
    Doctor,
    /// Fill an empty database with a realistic demo round (zh-CN names) and its codes.
    Demo,
    /// Count rounds again from their stored ballots and compare with the running tallies.
    Recount {
        /// The round to recount (default: every round).
        #[arg(long)]
        round: Option<i32>,
        /// Rewrite the running tallies from the recount where they differ.
        #[arg(long)]
        repair: bool,
    },
    /// Seal closed rounds (anonymity rule 8): rewrite their ballots, codes, receipts and
    /// counts so that nothing stored orders or joins them. `serve` does this by itself
    /// when a round closes; this command finishes it by hand and prints how long it took.
    Seal {
        /// The round to seal (default: every closed round not sealed yet).
        #[arg(long)]
        round: Option<i32>,
    },
    /// Write a consistent copy of the SQLite database while the server runs, and check it.
    Backup {
        /// Where to write the copy (a new file).
        path: std::path::PathBuf,
    },
    /// The audit log.
    Audit {
        /// The audit action.
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Submit realistic ballots to a running server with C concurrent clients and report
    /// ballots/s, latency percentiles and errors; checks the server's count at the end.
    Loadtest {
        /// Server base URL (repeat to spread the clients over several servers).
        #[arg(long = "url", required = true)]
        urls: Vec<String>,
        /// An admin account: creates the round with --setup and reads the final count.
        #[arg(long)]
        username: String,
        /// Read the admin's password from standard input.
        #[arg(long, required = true)]
        password_stdin: bool,
        /// Create an open round with this many codes and use them.
        #[arg(long, conflicts_with_all = ["round", "codes"])]
        setup: Option<usize>,
        /// Bodies of the created round (each with one cadre).
        #[arg(long, default_value_t = 5)]
        targets: usize,
        /// An existing open round (with --codes).
        #[arg(long, requires = "codes")]
        round: Option<i32>,
        /// A file of that round's unused codes, one per line.
        #[arg(long)]
        codes: Option<std::path::PathBuf>,
        /// Concurrent clients.
        #[arg(long, short = 'c', default_value_t = 16)]
        concurrency: usize,
        /// Stop after this many ballots (default: every code).
        #[arg(long, short = 'n')]
        count: Option<usize>,
        /// Stop after this many seconds.
        #[arg(long)]
        duration: Option<u64>,
        /// Exit non-zero on any error or when the server's count differs.
        #[arg(long)]
        strict: bool,
        /// No progress bar.
        #[arg(long)]
        no_progress: bool,
        /// Append the receipt of every acknowledged ballot to this file.
        #[arg(long)]
        receipts: Option<std::path::PathBuf>,
        /// Retry a ballot whose request failed in transport for up to this many seconds.
        #[arg(long, default_value_t = 60)]
        retry_secs: u64,
    },
    /// Manage accounts.
    Admin {
        /// The account action.
        #[command(subcommand)]
        command: AdminCommand,
    },
}

/// Audit log actions.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the hash chain; exit 0 when intact.
    Verify,
}

/// Account actions.
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an account; the password is read from standard input.
    Create {
        /// The new account's username.
        #[arg(long)]
        username: String,
        /// Read the password from standard input (the only way: it never shows in `ps`).
        #[arg(long, required = true)]
        password_stdin: bool,
        /// The account's role.
        #[arg(long, value_enum, default_value_t = RoleArg::Admin)]
        role: RoleArg,
    },
}

/// A role on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    /// Organization department.
    Admin,
    /// Steering group member.
    Steering,
    /// Observer.
    Viewer,
    /// Clerk (录入员): enters paper ballots only.
    Clerk,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Self {
        match r {
            RoleArg::Admin => Role::Admin,
            RoleArg::Steering => Role::Steering,
            RoleArg::Viewer => Role::Viewer,
            RoleArg::Clerk => Role::Clerk,
        }
    }
}
