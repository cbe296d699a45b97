//! Sealing's storage step gets a bit of its own in `rounds.seal_step` (RULES.md A8): 16,
//! set once PostgreSQL's VACUUM or SQLite's WAL truncation ran after the four rewrites
//! (1 ballots, 2 codes, 4 receipts, 8 turnout and tallies); 31 once a round is sealed.
//!
//! The bit fits the existing integer column, so nothing changes in the schema, and rounds
//! sealed before (15) are left without it on purpose: nothing recorded whether their
//! storage step ran before a stop, so the next start runs it once for all of them.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // The older code knows 15 as sealed: the storage bit is cleared.
        m.get_connection().execute_unprepared("UPDATE rounds SET seal_step = seal_step & 15").await?;
        Ok(())
    }
}
