//! Pure domain types and rules: no I/O, compiles to WebAssembly.

pub mod account;
pub mod ballot;
pub mod code;
pub mod disclosure;
pub mod import;
pub mod lifecycle;
pub mod reevaluation;
pub mod round;
pub mod tally;
