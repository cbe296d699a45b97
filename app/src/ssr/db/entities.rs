//! sea-orm entities, one module per table.

pub mod audit_entry;
pub mod ballot;
pub mod category;
pub mod code;
pub mod group_member;
pub mod group_target;
pub mod item;
pub mod lesson;
pub mod measure;
pub mod notice;
pub mod paper_count;
pub mod problem;
pub mod receipt;
pub mod round;
pub mod round_link;
pub mod scale_option;
pub mod session;
pub mod steering_group;
pub mod tally;
pub mod tally_scope;
pub mod target;
pub mod target_flag;
pub mod turnout;
pub mod user;
pub mod viewer_scope;
