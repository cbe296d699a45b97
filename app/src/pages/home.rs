//! `/`: the signed-in home page; visitors are sent to `/login`.

use crate::context::use_user;
use crate::i18n::use_texts;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

/// The dashboard of the signed-in account.
#[component]
pub fn HomePage() -> impl IntoView {
    let t = use_texts();
    let user = use_user();
    // Created here, once: the steering view inside the suspense below may be rendered
    // more than once on the server, and loading it marks the notices seen. For other
    // roles it answers "forbidden" at once and is never shown.
    let steering = crate::pages::steering::steering_home_resource();
    view! {
        <Title text=t.home_title/>
        {
                match user {
                    Ok(Some(u)) => {
                        view! {
                            <section class="card">
                                <h1>{t.home_title}</h1>
                                <p>{t.home_welcome}</p>
                                <p>
                                    <span class="muted">{t.signed_in_as}" "</span>
                                    <strong>{u.username.clone()}</strong>
                                    " · "
                                    {t.role(u.role)}
                                </p>
                                <p>{t.role_summary(u.role)}</p>
                                {(u.role == crate::domain::account::Role::Clerk).then(|| view! {
                                    <p><a href="/entry" class="button primary big" data-testid="entry-start">{t.paper.entry_nav}</a></p>
                                })}
                                {(u.role == crate::domain::account::Role::Admin).then(|| view! {
                                    <p><a href="/rounds">{t.rounds.nav_rounds}</a>" · "<a href="/groups">{t.steering.nav_groups}</a></p>
                                })}
                            </section>
                            {match u.role {
                                crate::domain::account::Role::Steering => view! { <crate::pages::steering::SteeringHomeView home=steering/> }.into_any(),
                                crate::domain::account::Role::Viewer => view! { <crate::pages::steering::ViewerHomeView/> }.into_any(),
                                crate::domain::account::Role::Admin | crate::domain::account::Role::Clerk => ().into_any(),
                            }}
                        }
                            .into_any()
                    }
                    Ok(None) => view! { <Redirect path="/login"/> }.into_any(),
                    Err(_) => view! { <p class="alert">{t.error_body}</p> }.into_any(),
                }
        }
    }
}
