//! Reusable view pieces.

pub mod flash;
pub mod guard;
pub mod header;
pub mod ledger;
