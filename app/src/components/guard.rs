//! Page guards: admins only, or any signed-in account; visitors go to the sign-in page.

use crate::context::use_user;
use crate::domain::account::Role;
use crate::i18n::use_texts;
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// Renders `children` for a signed-in admin; redirects visitors to `/login` and tells
/// other roles that the page is not theirs (the server functions check again).
#[component]
pub fn AdminOnly(children: ChildrenFn) -> impl IntoView {
    gate_roles(&[Role::Admin], children)
}

/// Renders `children` for a clerk or an admin (the paper entry pages).
#[component]
pub fn ClerkOnly(children: ChildrenFn) -> impl IntoView {
    gate_roles(&[Role::Clerk, Role::Admin], children)
}

/// Renders `children` for any signed-in account; visitors go to `/login`. What each
/// role sees is decided by the server functions the children call.
#[component]
pub fn SignedIn(children: ChildrenFn) -> impl IntoView {
    gate_roles(&[Role::Admin, Role::Steering, Role::Viewer, Role::Clerk], children)
}

fn gate_roles(roles: &'static [Role], children: ChildrenFn) -> impl IntoView {
    let t = use_texts();
    match use_user() {
        Ok(Some(u)) if roles.contains(&u.role) => children().into_any(),
        Ok(Some(_)) => view! { <p class="alert">{t.not_found_body}</p> }.into_any(),
        Ok(None) => view! { <Redirect path="/login"/> }.into_any(),
        Err(_) => view! { <p class="alert">{t.error_body}</p> }.into_any(),
    }
}
