//! Server-side only: services and persistence, each module one job (docs/ARCHITECTURE.md).
//! Dependencies point one way — `ballots`, `results` → `round_def`, `tallies`, `access` →
//! `domain`; `rounds` → `flags` → `tallies` — and `scripts/check-layers.py` checks that no
//! module here imports another in a circle.

pub mod access;
pub mod accounts;
pub mod audit;
pub mod auth;
pub mod ballot_page;
pub mod ballots;
pub mod charts;
pub mod codes;
pub mod csp;
pub mod db;
pub mod errors;
pub mod flags;
pub mod groups;
pub mod hall;
pub mod history;
pub mod indicators;
pub mod ledger;
pub mod links;
pub mod notices;
pub mod password;
pub mod public_notice;
pub mod reconciliation;
pub mod reevaluation;
pub mod results;
pub mod results_page;
pub mod round_def;
pub mod rounds;
pub mod schedule;
pub mod seal;
pub mod session_store;
pub mod state;
pub mod steering_error;
pub mod steering_home;
pub mod stored_ballots;
pub mod tallies;
pub mod throttle;

pub use state::{state, AppState, ClientAddr};
