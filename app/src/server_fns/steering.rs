//! Reading steering groups, flags and a steering member's home (changes go through form
//! posts and the JSON API). Every function checks the caller's role on the server.

use crate::error::AppError;
use crate::views::steering::{FlagDetail, GroupsAdmin, SteeringHome};
use leptos::prelude::*;

/// A steering member's home page: groups, targets with their latest status, published
/// rounds, notices (marked seen by this visit).
#[server(prefix = "/sfn", endpoint = "steering_home")]
pub async fn load_steering_home() -> Result<SteeringHome, AppError> {
    use crate::domain::account::Role;
    let (state, user) = crate::ssr::auth::require_role(&[Role::Steering]).await?;
    Ok(crate::ssr::steering_home::home(&state.db, &user.username, crate::i18n::detect_locale()).await?)
}

/// A viewer's home page: the published rounds in scope.
#[server(prefix = "/sfn", endpoint = "viewer_rounds")]
pub async fn viewer_rounds() -> Result<Vec<(i32, String)>, AppError> {
    use crate::domain::account::Role;
    let (state, user) = crate::ssr::auth::require_role(&[Role::Viewer]).await?;
    let list = crate::ssr::access::visible_rounds(&state.db, &user).await?;
    Ok(list.into_iter().map(|(id, title, _)| (id, title)).collect())
}

/// One flag with its lessons and ledger (admin; steering members of the target). The
/// ledger's picker shows the target's opinions: reading them is audited, as on the
/// results page (`opinions.read`, with `"view": "flag"` and the flag).
#[server(prefix = "/sfn", endpoint = "get_flag")]
pub async fn get_flag(id: i32) -> Result<FlagDetail, AppError> {
    use crate::domain::account::Role;
    let (state, user) = crate::ssr::auth::require_role(&[Role::Admin, Role::Steering]).await?;
    let detail = crate::ssr::flags::flag_detail(&state.db, &user, id).await?;
    let (problems, opinions) = crate::ssr::ledger::flag_ledger(&state.db, &detail.flag).await?;
    if !opinions.is_empty() {
        let object = format!("round:{}", detail.flag.round_id);
        let what = serde_json::json!({ "view": "flag", "flag": id, "count": opinions.len() });
        crate::ssr::audit::record(&state.db, &user.username, "opinions.read", &object, what).await?;
    }
    Ok(FlagDetail { problems, opinions, ..detail })
}

/// The admin's page of groups, viewer scopes, flags and overdue re-evaluations.
#[server(prefix = "/sfn", endpoint = "groups_admin")]
pub async fn load_groups_admin() -> Result<GroupsAdmin, AppError> {
    use crate::domain::account::Role;
    let (state, _) = crate::ssr::auth::require_role(&[Role::Admin]).await?;
    let days = state.reeval_days;
    Ok(GroupsAdmin {
        groups: crate::ssr::groups::groups(&state.db).await?,
        scopes: crate::ssr::groups::scopes(&state.db).await?,
        flags: crate::ssr::flags::all_flags(&state.db).await?,
        overdue: crate::ssr::flags::overdue(&state.db, days).await?,
        overdue_days: days,
        overdue_measures: crate::ssr::ledger::overdue_by_group(&state.db, crate::ssr::ledger::today()).await?,
    })
}
