//! `/rounds/:id/import`: preview of an uploaded target list, with per-row errors; nothing
//! is saved until the admin confirms.

use crate::components::guard::AdminOnly;
use crate::domain::round::TargetKind;
use crate::i18n::use_texts;
use crate::server_fns::rounds::import_preview;
use crate::views::forms::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The import preview page.
#[component]
pub fn ImportPage() -> impl IntoView {
    let t = use_texts();
    let r = t.rounds;
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i32>().ok()).unwrap_or(0);
    let preview = Resource::new(id, import_preview);
    view! {
        <Title text=r.import_title/>
        <AdminOnly>
            <section class="card">
                <h1>{r.import_title}</h1>
                <Suspense fallback=move || view! { <p class="muted">{t.loading}</p> }>
                    {move || Suspend::new(async move {
                        let back = format!("/rounds/{}", id());
                        match preview.await {
                            Ok(Some(p)) if !p.errors.is_empty() => view! {
                                <p class="alert" role="alert">{r.import_errors}</p>
                                <table class="table">
                                    <thead><tr><th>{r.row}</th><th>{t.error_title}</th></tr></thead>
                                    <tbody>
                                        {p.errors.into_iter().map(|(row, msg)| view! { <tr><td>{row}</td><td>{msg}</td></tr> }).collect_view()}
                                    </tbody>
                                </table>
                                <p><a href=back>{r.back_to_round}</a></p>
                            }.into_any(),
                            Ok(Some(p)) if !p.targets.is_empty() => view! {
                                <table class="table">
                                    <thead><tr><th>{r.col_name}</th><th>{r.col_kind}</th><th>{t.editor.col_position}</th><th>{r.col_parent}</th><th>{r.col_key}</th></tr></thead>
                                    <tbody>
                                        {p.targets.iter().map(|x| view! {
                                            <tr>
                                                <td>{x.name.clone()}</td>
                                                <td>{match x.kind { TargetKind::Body => r.kind_body, TargetKind::Cadre => r.kind_cadre }}</td>
                                                <td>{x.position.clone().unwrap_or_default()}</td>
                                                <td>{x.parent.clone().unwrap_or_default()}</td>
                                                <td><code>{x.key.clone()}</code></td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                                <form method="post" action=paths::at(paths::TARGETS_IMPORT, id())>
                                    <button type="submit" class="primary">{r.import_confirm}" ("{p.targets.len()}")"</button>
                                </form>
                                <p><a href=back>{r.back_to_round}</a></p>
                            }.into_any(),
                            Ok(_) => view! { <p class="muted">{r.import_none}</p><p><a href=back>{r.back_to_round}</a></p> }.into_any(),
                            Err(_) => view! { <p class="alert">{t.error_body}</p> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
        </AdminOnly>
    }
}
