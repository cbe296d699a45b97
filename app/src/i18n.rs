//! The locale of the page being rendered, and its texts. The sentences themselves are in
//! the `i18n` crate (re-exported here): this module only connects them to Leptos.

pub use ::i18n::*;
#[cfg(not(feature = "ssr"))]
use leptos::prelude::document;
use leptos::prelude::use_context;

/// The locale of the page being rendered (provided by `<App/>`).
pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_default()
}

/// The texts of a locale, outside a page (HTTP handlers).
pub fn use_texts_for(locale: Locale) -> &'static Texts {
    ::i18n::texts(locale)
}

/// The texts of the page being rendered.
pub fn use_texts() -> &'static Texts {
    ::i18n::texts(use_locale())
}

/// Decides the locale at the root of the page: from the request on the server, from
/// `<html lang>` (which the server wrote) in the browser.
pub fn detect_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        use_context::<axum::http::request::Parts>()
            .map(|parts| {
                let header = |name| parts.headers.get(name).and_then(|v| v.to_str().ok());
                Locale::negotiate(header(axum::http::header::COOKIE), header(axum::http::header::ACCEPT_LANGUAGE))
            })
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document().document_element().and_then(|el| el.get_attribute("lang")).and_then(|l| Locale::parse(&l)).unwrap_or_default()
    }
}
