//! Importing targets from the round page: the list is read into a preview kept in the
//! session, and nothing is saved until the admin confirms it.

use super::back_with_error;
use super::rounds::{load, save};
use crate::routes::signed::{Admins, Signed};
use app::domain::import::{file as import, targets_from_rows};
use app::i18n::{errors as m, problems};
use app::ssr::AppState;
use app::views::forms::import_list;
use app::views::rounds::{PendingImport, IMPORT_KEY};
use axum::{
    extract::{Multipart, Path, State},
    response::{IntoResponse, Redirect, Response},
};

/// `POST /rounds/{id}/targets/preview` (multipart: `text` and/or `file`): reads the list,
/// keeps the result in the session and shows the preview page. Nothing is saved yet.
pub async fn preview(State(state): State<AppState>, admin: Signed<Admins>, Path(id): Path<String>, mut form: Multipart) -> Response {
    let l = admin.locale;
    let (id, spec) = match load(&state, &admin, &id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let page = format!("/rounds/{id}");
    let mut rows = Vec::new();
    let mut files = 0;
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => return back_with_error(&page, m::UPLOAD_FAILED.text(l)),
        };
        let name = field.name().unwrap_or_default().to_owned();
        let Ok(bytes) = field.bytes().await else { return back_with_error(&page, m::UPLOAD_FAILED.text(l)) };
        if name == import_list::file && !bytes.is_empty() {
            files += 1;
            if files > 1 {
                return back_with_error(&page, m::ONE_FILE.text(l));
            }
        }
        let parsed = match name.as_str() {
            n if n == import_list::text => import::rows_from_text(&String::from_utf8_lossy(&bytes)),
            n if n == import_list::file && !bytes.is_empty() => import::rows_from_file(&bytes),
            _ => Ok(Vec::new()),
        };
        match parsed {
            Ok(r) => rows.extend(r),
            Err(e) => {
                tracing::debug!(error.cause = %e, "an uploaded target list could not be read");
                return back_with_error(&page, &super::unread_list(&e, l));
            }
        }
    }
    let pending = match targets_from_rows(&rows, &spec.targets) {
        Ok(targets) => PendingImport { round_id: id, targets, errors: Vec::new() },
        Err(errors) => PendingImport {
            round_id: id,
            targets: Vec::new(),
            errors: errors.into_iter().map(|e| (e.row, problems::row_problem(&e.problem, l))).collect(),
        },
    };
    if let Err(e) = admin.session.insert(IMPORT_KEY, pending).await {
        tracing::error!(error.cause = %e, "storing the import preview failed");
        return back_with_error(&page, app::i18n::texts(l).error_body);
    }
    Redirect::to(&format!("/rounds/{id}/import")).into_response()
}

/// `POST /rounds/{id}/targets/import`: appends the previewed targets.
pub async fn confirm(State(state): State<AppState>, admin: Signed<Admins>, Path(id): Path<String>) -> Response {
    let (id, mut spec) = match load(&state, &admin, &id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let pending: Option<PendingImport> = admin.session.remove(IMPORT_KEY).await.ok().flatten();
    match pending.filter(|p| p.round_id == id && p.errors.is_empty()) {
        Some(p) => {
            spec.targets.extend(p.targets);
            save(&state, &admin, id, spec).await
        }
        None => Redirect::to(&format!("/rounds/{id}")).into_response(),
    }
}
