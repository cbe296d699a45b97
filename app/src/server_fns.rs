//! Server functions, one file per resource. Each has an explicit endpoint under `/sfn/`
//! (the JSON API owns `/api/`).

pub mod accounts;
pub mod audit;
pub mod auth;
pub mod ballot;
pub mod flash;
pub mod history;
pub mod results;
pub mod rounds;
pub mod steering;
