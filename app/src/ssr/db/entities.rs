//! sea-orm entities, one module per table.

pub mod audit_entry;
pub mod category;
pub mod code;
pub mod item;
pub mod round;
pub mod scale_option;
pub mod session;
pub mod target;
pub mod user;
