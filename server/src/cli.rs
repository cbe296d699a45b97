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
    /// The audit log.
    Audit {
        /// The audit action.
        #[command(subcommand)]
        command: AuditCommand,
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
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Self {
        match r {
            RoleArg::Admin => Role::Admin,
            RoleArg::Steering => Role::Steering,
            RoleArg::Viewer => Role::Viewer,
        }
    }
}
