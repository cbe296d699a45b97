//! Server-side only: application state, persistence, passwords, sessions and the
//! account services that the HTTP layer and server functions call.

pub mod accounts;
pub mod audit;
pub mod ballots;
pub mod charts;
pub mod codes;
pub mod csp;
pub mod results;
pub mod results_page;
pub mod rounds;
pub mod seal;
pub mod steering;
pub mod auth;
pub mod db;
pub mod errors;
pub mod password;
pub mod session_store;
pub mod state;

pub use state::{state, AppState, ClientAddr};
