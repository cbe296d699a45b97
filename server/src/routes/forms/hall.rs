//! `POST /rounds/{id}/hall-link` and `POST /rounds/{id}/public-link` (admin): make (or
//! make anew) or withdraw the round's hall screen link or 公示 page link, then back to the
//! round page with a notice.

use super::{back_with_error, back_with_notice, id_of, said, Form};
use crate::routes::signed::{Admins, Signed};
use app::i18n::texts;
use app::ssr::links::{self, LinkKind};
use app::ssr::AppState;
use app::views::forms::LinkForm;
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
};

/// `LinkForm` for the hall screen: `action=make` or `action=withdraw`.
pub async fn hall_link(state: State<AppState>, admin: Signed<Admins>, id: Path<String>, f: Form<LinkForm>) -> Response {
    let h = texts(admin.locale).hall;
    link(state, admin, id, f, LinkKind::Hall, (h.made, h.withdrawn)).await
}

/// `LinkForm` for the 公示 page: `action=make` or `action=withdraw`.
pub async fn public_link(state: State<AppState>, admin: Signed<Admins>, id: Path<String>, f: Form<LinkForm>) -> Response {
    let t = texts(admin.locale).ledger;
    link(state, admin, id, f, LinkKind::Public, (t.link_made, t.link_withdrawn)).await
}

async fn link(
    State(state): State<AppState>,
    admin: Signed<Admins>,
    Path(id): Path<String>,
    Form(f): Form<LinkForm>,
    kind: LinkKind,
    (made, withdrawn): (&'static str, &'static str),
) -> Response {
    let Some(id) = id_of(&id) else { return Redirect::to("/rounds").into_response() };
    let (page, actor) = (format!("/rounds/{id}"), admin.user.username.as_str());
    let done = match f.action.as_str() {
        "make" => links::make(&state.db, actor, id, kind).await.map(|r| r.map(|_| made)),
        "withdraw" => links::withdraw(&state.db, actor, id, kind).await.map(|r| r.map(|_| withdrawn)),
        _ => return Redirect::to(&page).into_response(),
    };
    match done {
        Ok(Some(notice)) => back_with_notice(&page, notice),
        Ok(None) => Redirect::to("/rounds").into_response(),
        Err(e) => back_with_error(&page, &said(e, admin.locale)),
    }
}
