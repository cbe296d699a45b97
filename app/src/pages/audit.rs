//! `/audit`: the hash-chained audit log, newest first, with the chain's state.

use crate::components::guard::AdminOnly;
use crate::i18n::use_texts;
use crate::server_fns::audit::audit_log;
use leptos::prelude::*;
use leptos_meta::Title;

/// The audit log page (admin).
#[component]
pub fn AuditPage() -> impl IntoView {
    let t = use_texts();
    let r = t.rounds;
    let log = Resource::new(|| (), |_| audit_log());
    view! {
        <Title text=r.audit_title/>
        <AdminOnly>
            <section class="card">
                <h1>{r.audit_title}</h1>
                <Suspense fallback=move || view! { <p class="muted">{t.loading}</p> }>
                    {move || Suspend::new(async move {
                        match log.await {
                            Ok(v) => view! {
                                {match v.broken_at {
                                    None => view! { <p class="notice" role="status">{r.audit_intact}</p> }.into_any(),
                                    Some(id) => view! { <p class="alert" role="alert">{r.audit_broken.replace("{id}", &id.to_string())}</p> }.into_any(),
                                }}
                                <table class="table">
                                    <thead><tr><th>"#"</th><th>{r.col_time}</th><th>{r.col_actor}</th><th>{r.col_action}</th><th>{r.col_object}</th></tr></thead>
                                    <tbody>
                                        {v.rows.into_iter().map(|e| view! {
                                            <tr title=e.detail>
                                                <td>{e.id}</td><td>{e.at}</td><td>{e.actor}</td><td><code>{e.action}</code></td><td>{e.object}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any(),
                            Err(_) => view! { <p class="alert">{t.error_body}</p> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
        </AdminOnly>
    }
}
