//! What every page and component reads from the render's context: the signed-in account,
//! the message a form post left, and the large-text cookie's name. Apart from the route
//! table (`app.rs`), so that components and pages never import the routes that import
//! them.

use crate::error::AppError;
use crate::views::auth::UserView;
use leptos::prelude::*;

/// The cookie that keeps the large-text mode on the device (`large` or `normal`).
pub const TEXT_COOKIE: &str = "minping_text";

/// The signed-in account of a page request, looked up once before the page renders (the
/// server's `page_user` middleware puts it in the request's extensions) and shared
/// through context as a plain value. Not a resource: one resource awaited by two
/// `<Suspense>`s (the header's and the page guard's) left a few responses under load
/// without their second half until the request timed out (leptos-rs/leptos#4851).
#[derive(Clone, Debug)]
pub struct PageUser(pub Result<Option<UserView>, AppError>);

/// The signed-in account of this page (see [`PageUser`]).
pub fn use_user() -> Result<Option<UserView>, AppError> {
    use_context::<PageUser>().map_or(Err(AppError::Internal), |u| u.0)
}

/// This request's [`PageUser`], from the request the server renders.
pub(crate) fn page_user() -> PageUser {
    #[cfg(feature = "ssr")]
    {
        // The server walking the routes at start renders with an empty URL and a mock request:
        // nothing to look up and nothing to report.
        let url = use_context::<leptos_router::location::RequestUrl>();
        if url.as_ref().is_none_or(|u| u.as_ref().is_empty()) {
            return PageUser(Ok(None));
        }
        use_context::<axum::http::request::Parts>().and_then(|parts| parts.extensions.get::<PageUser>().cloned()).unwrap_or_else(|| {
            tracing::error!("a page rendered without the page_user middleware");
            PageUser(Err(AppError::Internal))
        })
    }
    #[cfg(not(feature = "ssr"))]
    {
        PageUser(Ok(None))
    }
}

/// The message the last form post left in the session, taken out once per page (here, at
/// the root, because a component inside a suspense may be rendered more than once).
#[derive(Clone, Copy)]
pub struct FlashResource(pub Resource<Result<Option<crate::views::flash::FlashMessage>, AppError>>);
