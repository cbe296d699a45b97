//! Form posts of the server-rendered pages (they work without JavaScript). Each form's
//! path and fields are declared once, in `app::views::forms`, and decoded here into that
//! struct; each answers with a redirect (303) back to a page, carrying `?saved=1`, or a
//! notice or an error in the session (`keep_flash` in `middleware.rs`), never a sentence
//! in the URL. Who may post is the one extractor of `routes/signed.rs`.

pub mod accounts;
pub mod ballot;
pub mod hall;
pub mod import;
pub mod ledger;
pub mod plan;
pub mod rounds;
pub mod session;
pub mod steering;

use crate::error::map::In;
use crate::error::ApiError;
use app::i18n::Locale;
use app::views::flash::FlashMessage;
use axum::response::{IntoResponse, Redirect, Response};
/// Decodes a form, repeated fields (table rows, checked boxes) into `Vec<String>`.
pub use axum_extra::extract::Form;

/// Back to `path` with an error message, kept in the session for that page (the URL
/// says only `?error=1`).
pub fn back_with_error(path: &str, message: &str) -> Response {
    with_flash(&format!("{path}?error=1"), FlashMessage::alert(message))
}

/// Back to `path` with a notice, kept in the session for that page.
pub fn back_with_notice(path: &str, message: &str) -> Response {
    with_flash(&format!("{path}?notice=1"), FlashMessage::notice(message))
}

/// Back to `path`, saying that it was saved.
pub fn saved(path: &str) -> Response {
    Redirect::to(&format!("{path}?saved=1")).into_response()
}

fn with_flash(to: &str, message: FlashMessage) -> Response {
    let mut res = Redirect::to(to).into_response();
    res.extensions_mut().insert(message);
    res
}

/// The sentence of a refusal of a layer below: the same words as the API says.
pub fn said<E>(e: E, locale: Locale) -> String
where
    ApiError: From<In<E>>,
{
    ApiError::from(In(e, locale)).message
}

/// Back to `page` with the refusal's sentence, or to `page` saved.
pub fn outcome<T, E>(page: &str, r: Result<T, E>, locale: Locale) -> Response
where
    ApiError: From<In<E>>,
{
    match r {
        Ok(_) => saved(page),
        Err(e) => back_with_error(page, &said(e, locale)),
    }
}

/// An id from a path; anything else is no such object.
pub fn id_of(raw: &str) -> Option<i32> {
    raw.parse().ok().filter(|id| *id > 0)
}

/// What the clerk reads when an uploaded list cannot be taken: past one of its bounds, or
/// not a CSV or XLSX file at all. Nothing of it was stored.
pub fn unread_list(e: &app::domain::import::file::ImportError, locale: Locale) -> String {
    use app::domain::import::file::ImportError;
    match e {
        ImportError::TooLarge(bound) => app::i18n::problems::list_too_large(*bound, locale),
        ImportError::Unreadable(_) => app::i18n::problems::unreadable_list(locale),
    }
}
