//! `POST /rounds/{id}/hall-link` (admin): make (or make anew) or withdraw the round's hall
//! screen link, then back to the round page with a notice.

use super::{back_with_error, back_with_notice, id_of, said, Form};
use crate::routes::signed::{Admins, Signed};
use app::i18n::texts;
use app::ssr::links::{self, LinkKind};
use app::ssr::AppState;
use app::views::forms::HallLinkForm;
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
};

/// `HallLinkForm`: `action=make` or `action=withdraw`.
pub async fn hall_link(
    State(state): State<AppState>,
    admin: Signed<Admins>,
    Path(id): Path<String>,
    Form(f): Form<HallLinkForm>,
) -> Response {
    let Some(id) = id_of(&id) else { return Redirect::to("/rounds").into_response() };
    let (page, h, actor) = (format!("/rounds/{id}"), texts(admin.locale).hall, admin.user.username.as_str());
    let done = match f.action.as_str() {
        "make" => links::make(&state.db, actor, id, LinkKind::Hall).await.map(|r| r.map(|_| h.made)),
        "withdraw" => links::withdraw(&state.db, actor, id, LinkKind::Hall).await.map(|r| r.map(|_| h.withdrawn)),
        _ => return Redirect::to(&page).into_response(),
    };
    match done {
        Ok(Some(notice)) => back_with_notice(&page, notice),
        Ok(None) => Redirect::to("/rounds").into_response(),
        Err(e) => back_with_error(&page, &said(e, admin.locale)),
    }
}
