//! Minping's rules and types (docs/RULES.md): rounds and their lifecycle, the tally engine,
//! disclosure, ballots, codes, access, re-evaluation. Pure: no I/O, no web framework, no
//! sentences (those live in the `i18n` crate); compiles to WebAssembly. Nothing in the
//! workspace is below it.

pub mod access;
pub mod account;
pub mod ballot;
pub mod code;
pub mod disclosure;
pub mod hall;
pub mod import;
pub mod indicators;
pub mod ledger;
pub mod lifecycle;
pub mod locale;
pub mod notice;
pub mod plan;
pub mod redirect;
pub mod reevaluation;
pub mod round;
pub mod schedule;
pub mod scope;
pub mod tally;
