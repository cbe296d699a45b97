//! The running tallies of a round (kept by each ballot's transaction) read back into
//! [`RoundCounts`], a full recount from the stored ballots that must agree with them
//! (RULES.md T5), and the repair that rewrites them from a recount.

use crate::domain::tally::RoundCounts;
use crate::ssr::db::entities::{tally, tally_scope, turnout};
use crate::ssr::round_def::RoundDef;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use std::collections::{BTreeMap, HashMap};

/// Width of a turnout bucket, in seconds (RULES.md A3: turnout is counted per category and
/// five-minute bucket).
pub const BUCKET_SECONDS: i64 = 300;

fn positions(ids: &[i32]) -> HashMap<i32, usize> {
    ids.iter().enumerate().map(|(p, id)| (*id, p)).collect()
}

/// The round's counts as the ballots' transactions kept them (no ballot is read).
pub async fn running_counts<C: ConnectionTrait>(db: &C, def: &RoundDef) -> Result<RoundCounts, DbErr> {
    let spec = def.spec();
    let mut counts = RoundCounts::zero(spec);
    let (t_pos, i_pos, o_pos) = (positions(&def.target_ids), positions(&def.item_ids), def.option_positions());
    let id = def.round.id;
    // One row per category × target, its cells packed as `item,option,n;…`: a campaign of
    // 360 targets has some 40,000 cells, and each row the driver hands over costs more
    // than the text of thirty cells (docs/BENCHMARKS.md, "A campaign of sixty units").
    let backend = db.get_database_backend();
    let (concat, param) = match backend {
        sea_orm::DatabaseBackend::Postgres => ("string_agg(item_id || ',' || option_id || ',' || n, ';')", "$1"),
        _ => ("group_concat(item_id || ',' || option_id || ',' || n, ';')", "?"),
    };
    let sql =
        format!("SELECT category_id, target_id, {concat} AS cells FROM tallies WHERE round_id = {param} GROUP BY category_id, target_id");
    let rows = db.query_all(sea_orm::Statement::from_sql_and_values(backend, &sql, [id.into()])).await?;
    for row in rows {
        let (category, target, cells): (i32, i32, String) = (row.try_get_by_index(0)?, row.try_get_by_index(1)?, row.try_get_by_index(2)?);
        let (Some(c), Some(t)) = (def.category_pos.get(&category), t_pos.get(&target)) else { continue };
        for cell in cells.split(';') {
            let mut parts = cell.split(',').map(|p| p.parse::<i64>().ok());
            let (Some(Some(item)), Some(Some(option)), Some(Some(n))) = (parts.next(), parts.next(), parts.next()) else {
                return Err(DbErr::Custom(format!("a tally cell reads '{cell}'")));
            };
            let (Some(i), Some(o)) =
                (i32::try_from(item).ok().and_then(|x| i_pos.get(&x)), i32::try_from(option).ok().and_then(|x| o_pos.get(&x)))
            else {
                continue;
            };
            counts.categories[*c].answers[*t][*i][*o] += u64::try_from(n).unwrap_or(0);
        }
    }
    for r in tally_scope::Entity::find().filter(tally_scope::Column::RoundId.eq(id)).all(db).await? {
        if let (Some(c), Some(t)) = (def.category_pos.get(&r.category_id), t_pos.get(&r.target_id)) {
            counts.categories[*c].in_scope[*t] += r.n as u64;
        }
    }
    for r in turnout::Entity::find().filter(turnout::Column::RoundId.eq(id)).all(db).await? {
        if let Some(c) = def.category_pos.get(&r.category_id) {
            counts.categories[*c].ballots += r.n as u64;
        }
    }
    Ok(counts)
}

/// Counts the round again from its stored ballots (`stored_ballots`: packed ranges read
/// side by side, each part counted on its own, the parts merged).
pub async fn recount(db: &sea_orm::DatabaseConnection, def: &RoundDef) -> Result<RoundCounts, DbErr> {
    let spec = def.spec();
    let parts = crate::ssr::stored_ballots::fold(
        db,
        def,
        || RoundCounts::zero(spec),
        |counts: &mut RoundCounts, b| counts.add(b.category, b.in_scope.iter().copied(), b.answers()),
    )
    .await?;
    let mut total = RoundCounts::zero(spec);
    for part in &parts {
        total.merge(part);
    }
    Ok(total)
}

/// Ballots per five-minute bucket over all categories, oldest first.
pub async fn turnout_series<C: ConnectionTrait>(db: &C, round_id: i32) -> Result<Vec<(i64, u64)>, DbErr> {
    let mut by_bucket: BTreeMap<i64, u64> = BTreeMap::new();
    for r in turnout::Entity::find().filter(turnout::Column::RoundId.eq(round_id)).all(db).await? {
        *by_bucket.entry(r.bucket).or_default() += r.n as u64;
    }
    Ok(by_bucket.into_iter().collect())
}

/// Rewrites the running tallies of a round from `counts` (a recount): `tallies` and
/// `tally_scopes` are replaced; `turnout` keeps its buckets, and a category whose total
/// differs gets the difference in its latest bucket (the time of those ballots is unknown).
/// The repair is audited as `actor`'s, in the same transaction.
pub async fn replace_running(db: &sea_orm::DatabaseConnection, actor: &str, def: &RoundDef, counts: &RoundCounts) -> Result<(), DbErr> {
    use sea_orm::{ActiveValue::Set, QueryOrder};
    let id = def.round.id;
    let cat_ids = def.category_ids();
    let (_turn, tx) = crate::ssr::db::begin_write(db).await?;
    tally::Entity::delete_many().filter(tally::Column::RoundId.eq(id)).exec(&tx).await?;
    tally_scope::Entity::delete_many().filter(tally_scope::Column::RoundId.eq(id)).exec(&tx).await?;
    let mut rows = Vec::new();
    let mut scopes = Vec::new();
    for (c, cc) in counts.categories.iter().enumerate() {
        for (t, per_item) in cc.answers.iter().enumerate() {
            if cc.in_scope[t] > 0 {
                scopes.push(tally_scope::ActiveModel {
                    round_id: Set(id),
                    category_id: Set(cat_ids[c]),
                    target_id: Set(def.target_ids[t]),
                    n: Set(cc.in_scope[t] as i64),
                });
            }
            for (i, per_option) in per_item.iter().enumerate() {
                for (o, n) in per_option.iter().enumerate() {
                    if *n > 0 {
                        rows.push(tally::ActiveModel {
                            round_id: Set(id),
                            category_id: Set(cat_ids[c]),
                            target_id: Set(def.target_ids[t]),
                            item_id: Set(def.item_ids[i]),
                            option_id: Set(def.option_id(t, o)),
                            n: Set(*n as i64),
                        });
                    }
                }
            }
        }
    }
    for chunk in rows.chunks(1000) {
        tally::Entity::insert_many(chunk.to_vec()).exec_without_returning(&tx).await?;
    }
    for chunk in scopes.chunks(1000) {
        tally_scope::Entity::insert_many(chunk.to_vec()).exec_without_returning(&tx).await?;
    }
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    for (c, cc) in counts.categories.iter().enumerate() {
        let buckets = turnout::Entity::find()
            .filter(turnout::Column::RoundId.eq(id))
            .filter(turnout::Column::CategoryId.eq(cat_ids[c]))
            .order_by_desc(turnout::Column::Bucket)
            .all(&tx)
            .await?;
        let have: i64 = buckets.iter().map(|b| b.n).sum();
        let diff = cc.ballots as i64 - have;
        if diff == 0 {
            continue;
        }
        match buckets.first() {
            Some(latest) => {
                let mut m: turnout::ActiveModel = latest.clone().into();
                m.n = Set((latest.n + diff).max(0));
                sea_orm::ActiveModelTrait::update(m, &tx).await?;
            }
            None => {
                turnout::Entity::insert(turnout::ActiveModel {
                    round_id: Set(id),
                    category_id: Set(cat_ids[c]),
                    bucket: Set(now / BUCKET_SECONDS * BUCKET_SECONDS),
                    n: Set(diff.max(0)),
                })
                .exec_without_returning(&tx)
                .await?;
            }
        }
    }
    let detail = serde_json::json!({ "ballots": counts.ballots() });
    crate::ssr::audit::append(&tx, actor, "round.recount_repair", &format!("round:{id}"), detail).await?;
    tx.commit().await
}
