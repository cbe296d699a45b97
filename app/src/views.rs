//! The data that pages show and the server fills: plain, serializable types shared by
//! `pages`, `server_fns` and `ssr`, compiled for the browser and the server alike. Below
//! the server layers and above only `domain`, so that `ssr` never imports from
//! `server_fns` (docs/ARCHITECTURE.md).

pub mod accounts;
pub mod audit;
pub mod auth;
pub mod ballot;
pub mod flash;
pub mod forms;
pub mod history;
pub mod results;
pub mod rounds;
pub mod schedule;
pub mod steering;
pub mod url;
