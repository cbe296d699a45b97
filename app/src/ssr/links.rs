//! A round's links that need no account: an unguessable token per round and kind, made
//! and withdrawn by an admin (each audited), looked up by whoever holds the link. Making a
//! new link replaces the old one, which then stops working, as a withdrawn one does.

use crate::ssr::audit;
use crate::ssr::db::entities::{round, round_link};
use rand::{rngs::OsRng, Rng};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set};
use serde_json::json;

/// What a link opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// The hall screen (大屏) at `/hall/<token>`.
    Hall,
    /// The rectification notice (公示) at `/public/<token>`.
    Public,
}

impl LinkKind {
    /// The stored name (and the audit action's middle part).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Hall => "hall",
            Self::Public => "public",
        }
    }
}

/// Characters of a token: letters and digits without look-alikes.
const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// Characters per token: 32 of 54, about 184 bits — not to be guessed, nor enumerated.
pub const TOKEN_LEN: usize = 32;

fn new_token() -> String {
    let mut rng = OsRng;
    (0..TOKEN_LEN).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect()
}

/// Whether `token` could be a token at all (checked before any query).
pub fn well_formed(token: &str) -> bool {
    token.len() == TOKEN_LEN && token.bytes().all(|b| ALPHABET.contains(&b))
}

/// Makes (or remakes) the `kind` link of round `round_id`; `None` when there is no such round.
pub async fn make(db: &DatabaseConnection, actor: &str, round_id: i32, kind: LinkKind) -> Result<Option<String>, DbErr> {
    let (_turn, tx) = crate::ssr::db::begin_write(db).await?;
    if round::Entity::find_by_id(round_id).one(&tx).await?.is_none() {
        return Ok(None);
    }
    round_link::Entity::delete_many()
        .filter(round_link::Column::RoundId.eq(round_id))
        .filter(round_link::Column::Kind.eq(kind.as_str()))
        .exec(&tx)
        .await?;
    let token = new_token();
    round_link::Entity::insert(round_link::ActiveModel {
        round_id: Set(round_id),
        kind: Set(kind.as_str().to_owned()),
        token: Set(token.clone()),
        created_at: Set(time::OffsetDateTime::now_utc()),
    })
    .exec_without_returning(&tx)
    .await?;
    audit::append(&tx, actor, &format!("{}_link.create", kind.as_str()), &format!("round:{round_id}"), json!({})).await?;
    tx.commit().await?;
    Ok(Some(token))
}

/// Withdraws the `kind` link of round `round_id`; `None` when there is no such round,
/// `Some(false)` when it had none.
pub async fn withdraw(db: &DatabaseConnection, actor: &str, round_id: i32, kind: LinkKind) -> Result<Option<bool>, DbErr> {
    let (_turn, tx) = crate::ssr::db::begin_write(db).await?;
    if round::Entity::find_by_id(round_id).one(&tx).await?.is_none() {
        return Ok(None);
    }
    let gone = round_link::Entity::delete_many()
        .filter(round_link::Column::RoundId.eq(round_id))
        .filter(round_link::Column::Kind.eq(kind.as_str()))
        .exec(&tx)
        .await?
        .rows_affected
        > 0;
    if gone {
        audit::append(&tx, actor, &format!("{}_link.withdraw", kind.as_str()), &format!("round:{round_id}"), json!({})).await?;
    }
    tx.commit().await?;
    Ok(Some(gone))
}

/// The live `kind` token of round `round_id`, if any (for the round page).
pub async fn token_of<C: ConnectionTrait>(db: &C, round_id: i32, kind: LinkKind) -> Result<Option<String>, DbErr> {
    Ok(round_link::Entity::find_by_id((round_id, kind.as_str().to_owned())).one(db).await?.map(|l| l.token))
}

/// The round that the live `kind` link `token` opens, if any.
pub async fn round_of<C: ConnectionTrait>(db: &C, token: &str, kind: LinkKind) -> Result<Option<i32>, DbErr> {
    if !well_formed(token) {
        return Ok(None);
    }
    Ok(round_link::Entity::find()
        .filter(round_link::Column::Token.eq(token))
        .filter(round_link::Column::Kind.eq(kind.as_str()))
        .one(db)
        .await?
        .map(|l| l.round_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_distinct_and_well_formed() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert!(well_formed(&a) && well_formed(&b));
        assert!(!well_formed("short"));
        assert!(!well_formed(&format!("{}0", &a[..TOKEN_LEN - 1])), "0 is not in the alphabet");
    }
}
