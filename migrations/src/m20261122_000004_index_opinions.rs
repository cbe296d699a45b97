//! A partial index of the ballots that carry an opinion: the results page lists opinions
//! without reading every ballot of the round (most carry none).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // The same statement on SQLite and PostgreSQL.
        m.get_connection()
            .execute_unprepared("CREATE INDEX IF NOT EXISTS ballots_opinions ON ballots (round_id) WHERE opinion IS NOT NULL")
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection().execute_unprepared("DROP INDEX IF EXISTS ballots_opinions").await?;
        Ok(())
    }
}
