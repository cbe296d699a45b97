//! What is new for steering members: a round published, a target flagged, a re-evaluation
//! decided. A notice keeps its kind, round and target key; the sentence is made when it is
//! read, in the reader's language (`i18n::notices`).

use crate::domain::notice::NoticeKind;
use crate::domain::round::Round;
use crate::ssr::db::entities::notice;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, QueryOrder, QuerySelect, Set};
use time::OffsetDateTime;

/// Records a notice (inside the transaction of what it tells about).
pub async fn notify<C: ConnectionTrait>(db: &C, kind: NoticeKind, round_id: i32, key: Option<&str>) -> Result<(), DbErr> {
    notice::ActiveModel {
        at: Set(OffsetDateTime::now_utc()),
        kind: Set(kind.as_str().to_owned()),
        round_id: Set(round_id),
        target_key: Set(key.map(str::to_owned)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Notes a round's publication for the steering members.
pub async fn on_published<C: ConnectionTrait>(db: &C, round: &Round) -> Result<(), DbErr> {
    notify(db, NoticeKind::Published, round.id, None).await
}

/// The newest notices, newest first (at most `limit`).
pub async fn newest<C: ConnectionTrait>(db: &C, limit: u64) -> Result<Vec<notice::Model>, DbErr> {
    notice::Entity::find().order_by_desc(notice::Column::Id).limit(limit).all(db).await
}
