//! sea-orm entities, one module per table.

pub mod audit_entry;
pub mod ballot;
pub mod category;
pub mod code;
pub mod item;
pub mod receipt;
pub mod round;
pub mod scale_option;
pub mod session;
pub mod tally;
pub mod tally_scope;
pub mod target;
pub mod turnout;
pub mod user;
