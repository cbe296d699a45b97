//! `/accounts` (admin): every account with its role and state; create an account, disable
//! or enable one, reset a password. Plain form posts (`server/src/routes/account_forms.rs`);
//! a new one-time password comes back through the session and is shown once.

use crate::components::{flash::Flash, guard::AdminOnly};
use crate::domain::account::Role;
use crate::i18n::use_texts;
use crate::server_fns::accounts::load_accounts_admin;
use crate::views::accounts::{AccountRow, OneTimePassword};
use crate::views::forms::{account, paths, username};
use leptos::prelude::*;
use leptos_meta::Title;

/// `HH:MM UTC` of an RFC 3339 time in UTC (`2026-05-01T08:30:00Z`); anything else as is.
pub fn lock_time(rfc3339: &str) -> String {
    match (rfc3339.get(10..11), rfc3339.get(11..16)) {
        (Some("T"), Some(hm)) if rfc3339.ends_with('Z') => format!("{hm} UTC"),
        _ => rfc3339.to_owned(),
    }
}

fn one_time_box(o: OneTimePassword) -> impl IntoView {
    let at = use_texts().accounts;
    let said = if o.reset { at.password_reset } else { at.password_created };
    view! {
        <div class="notice" role="status" data-testid="one-time-password" data-username=o.username.clone()>
            <p>{said.replace("{username}", &o.username)}</p>
            <p><code class="one-time-password" data-testid="password">{o.password}</code></p>
            <p class="small">{at.password_once}</p>
        </div>
    }
}

fn state_of(a: &AccountRow) -> impl IntoView {
    let at = use_texts().accounts;
    let enabled = view! { <span class="badge" data-state=if a.disabled { "disabled" } else { "enabled" }>{if a.disabled { at.disabled } else { at.enabled }}</span> };
    let locked = a.locked_until.clone().map(|until| {
        let (before, after) = at.locked_until.split_once("{time}").unwrap_or((at.locked_until, ""));
        view! { " "<span class="badge" data-state="locked">{before}<time datetime=until.clone()>{lock_time(&until)}</time>{after}</span> }
    });
    view! { {enabled}{locked} }
}

fn row(a: AccountRow, mine: bool) -> impl IntoView {
    let t = use_texts();
    let at = t.accounts;
    let state = state_of(&a);
    let (action, label) = if a.disabled { ("/accounts/enable", at.enable) } else { ("/accounts/disable", at.disable) };
    view! {
        <tr data-username=a.username.clone()>
            <td>{a.username.clone()}{mine.then_some(at.you)}</td>
            <td>{t.role(a.role)}</td>
            <td>{state}</td>
            <td>
                <form method="post" action=action class="inline">
                    <input type="hidden" name=username::username value=a.username.clone()/>
                    <button type="submit" class="link-button">{label}</button>
                </form>
                // Resetting one's own password would end this very session, and the new
                // password with it: another admin does that.
                {(!mine).then(|| view! {
                    " "
                    <form method="post" action=paths::ACCOUNT_RESET class="inline">
                        <input type="hidden" name=username::username value=a.username.clone()/>
                        <button type="submit" class="link-button">{at.reset_password}</button>
                    </form>
                })}
            </td>
        </tr>
    }
}

/// The accounts page (admin).
#[component]
pub fn AccountsPage() -> impl IntoView {
    let t = use_texts();
    let at = t.accounts;
    // Created once, outside the guard's suspense: loading takes the one-time password out
    // of the session, so it must not run twice for one page.
    let data = Resource::new(|| (), |_| load_accounts_admin());
    // The page may hold a password: no copy in any cache or the back-forward history.
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    }
    view! {
        <Title text=at.title/>
        <AdminOnly>
            <Suspense fallback=move || view! { <p class="muted">{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => {
                            let me = d.me.clone();
                            view! {
                                <section class="card">
                                    <h1>{at.title}</h1>
                                    <Flash/>
                                    {d.one_time.map(one_time_box)}
                                    <p class="muted small">{at.intro}</p>
                                    <h2>{at.new_account}</h2>
                                    <form method="post" action=paths::ACCOUNTS class="inline-form" data-testid="new-account">
                                        <label>{at.username}<input name=account::username required maxlength="64" autocomplete="off"/></label>
                                        <label>{at.role}
                                            <select name=account::role>
                                                {Role::ALL.into_iter().map(|r| view! {
                                                    <option value=r.as_str() selected={r == Role::Steering}>{t.role(r)}</option>
                                                }).collect_view()}
                                            </select>
                                        </label>
                                        <button type="submit" class="button primary">{at.create}</button>
                                    </form>
                                </section>
                                <section class="card">
                                    <div class="table-wrap">
                                        <table class="table" data-testid="accounts">
                                            <thead><tr><th>{at.col_username}</th><th>{at.col_role}</th><th>{at.col_state}</th><th>{at.col_actions}</th></tr></thead>
                                            <tbody>
                                                {d.accounts.into_iter().map(|a| { let mine = a.username == me; row(a, mine) }).collect_view()}
                                            </tbody>
                                        </table>
                                    </div>
                                </section>
                            }.into_any()
                        }
                        Err(_) => view! { <p class="alert">{t.error_body}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </AdminOnly>
    }
}

#[cfg(test)]
mod tests {
    use super::lock_time;

    #[test]
    fn a_lockout_shows_its_end_as_hours_and_minutes_utc() {
        assert_eq!(lock_time("2026-05-01T08:30:59Z"), "08:30 UTC");
        assert_eq!(lock_time("2026-05-01T08:30:59.123Z"), "08:30 UTC");
        assert_eq!(lock_time("soon"), "soon");
        assert_eq!(lock_time("2026-05-01T08:30:59+08:00"), "2026-05-01T08:30:59+08:00");
    }
}
