//! The results page's data: ranking, per-target items and categories, opinions, turnout.

use crate::domain::round::TargetKind;
use crate::error::AppError;
use crate::views::results::ResultsPageView;
use leptos::prelude::*;

/// The results of a round as the caller may see them (admin: all; steering: assigned
/// targets; viewer: scope). While open: turnout only. `print` for the A4 report page.
/// Reading results and opinions is audited. `indicators` (admins, closed rounds) adds the
/// indicators of coached voting, a pass over every ballot (so only when asked for).
#[server(prefix = "/sfn", endpoint = "round_results")]
pub async fn round_results(
    id: i32,
    print: bool,
    unit: Option<String>,
    kind: Option<TargetKind>,
    indicators: bool,
) -> Result<ResultsPageView, AppError> {
    let filter = crate::views::results::Filter { unit, kind };
    use crate::domain::account::Role;
    use crate::ssr::audit;
    let (state, user) = crate::ssr::auth::require_role(&[Role::Admin, Role::Steering, Role::Viewer]).await?;
    let mut page = crate::ssr::results_page::build(&state, &user, id, &filter, crate::i18n::detect_locale()).await?;
    if indicators && user.role == Role::Admin && page.status.is_closed() {
        page.indicators = Some(crate::ssr::results_page::indicators(&state, id).await?);
        audit::record(&state.db, &user.username, "indicators.read", &format!("round:{id}"), serde_json::json!({ "view": "page" })).await?;
    }
    if !page.rows.is_empty() {
        let view = if print { "print" } else { "page" };
        audit::record(&state.db, &user.username, "results.read", &format!("round:{id}"), serde_json::json!({ "view": view })).await?;
    }
    if page.opinions_shown && !page.opinions.is_empty() {
        let detail = serde_json::json!({ "count": page.opinions.len() });
        audit::record(&state.db, &user.username, "opinions.read", &format!("round:{id}"), detail).await?;
    }
    Ok(page)
}
