//! Database migrations for Minping. They run on SQLite and PostgreSQL alike and are
//! applied by `minping migrate` and at the start of `minping serve`.
//! Never edit a migration that has been released: add a new one.

pub use sea_orm_migration::prelude::*;

mod m20261122_000001_create_accounts;
mod m20261122_000002_create_rounds_codes_audit;
mod m20261122_000003_create_ballots;
mod m20261122_000004_index_opinions;
mod m20261122_000005_steering;
mod m20261201_000006_seal_rounds;
mod m20261201_000007_notice_kinds;
mod m20261202_000008_two_kinds;
mod m20261202_000009_schedule;
mod m20261202_000010_paper_counts;
mod m20261202_000011_round_links;
mod m20261202_000012_ledger;
mod m20261207_000013_canonical_scopes;
mod m20261207_000014_seal_storage;

/// The ordered list of every migration.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_create_accounts::Migration),
            Box::new(m20261122_000002_create_rounds_codes_audit::Migration),
            Box::new(m20261122_000003_create_ballots::Migration),
            Box::new(m20261122_000004_index_opinions::Migration),
            Box::new(m20261122_000005_steering::Migration),
            Box::new(m20261201_000006_seal_rounds::Migration),
            Box::new(m20261201_000007_notice_kinds::Migration),
            Box::new(m20261202_000008_two_kinds::Migration),
            Box::new(m20261202_000009_schedule::Migration),
            Box::new(m20261202_000010_paper_counts::Migration),
            Box::new(m20261202_000011_round_links::Migration),
            Box::new(m20261202_000012_ledger::Migration),
            Box::new(m20261207_000013_canonical_scopes::Migration),
            Box::new(m20261207_000014_seal_storage::Migration),
        ]
    }
}
