//! One component per route.

pub mod accounts;
pub mod audit;
pub mod ballot;
pub mod entry;
pub mod history;
pub mod home;
pub mod ledger;
pub mod login;
pub mod not_found;
pub mod results;
pub mod round;
pub mod round_import;
pub mod round_new;
pub mod rounds;
pub mod steering;
