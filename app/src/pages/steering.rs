//! Steering and viewer pages: the steering member's home (assigned targets, latest
//! status, notices), the viewer's rounds, one flag with its make-up lessons
//! (`/flags/:id`), and the admin's groups page (`/groups`). Changes are plain form posts.

use crate::components::{flash::Flash, guard::AdminOnly, guard::SignedIn};
use crate::domain::reevaluation::FlagState;
use crate::i18n::use_texts;
use crate::server_fns::steering::{get_flag, load_groups_admin, load_steering_home, viewer_rounds};
use crate::views::forms::{group, key, lesson, paths, reevaluate, scope, username};
use crate::views::steering::{FlagView, OverdueMeasure};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

fn state_badge(s: FlagState) -> impl IntoView {
    let st = use_texts().steering;
    view! { <span class=format!("flag flag-state flag-{}", s.as_str()) data-flag=s.as_str()>{st.state(s)}</span> }
}

/// The steering home's data, loaded once per page: loading it marks the notices seen, so
/// it must not run again when the page's outer suspense renders its children twice.
pub fn steering_home_resource() -> Resource<Result<crate::views::steering::SteeringHome, crate::error::AppError>> {
    Resource::new(|| (), |_| load_steering_home())
}

/// A steering member's home: groups, targets and their latest status, notices, rounds.
#[component]
pub fn SteeringHomeView(
    /// From [`steering_home_resource`], created by the page outside its suspense.
    home: Resource<Result<crate::views::steering::SteeringHome, crate::error::AppError>>,
) -> impl IntoView {
    let t = use_texts();
    let st = t.steering;
    view! {
        <Suspense fallback=move || view! { <p class="muted">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match home.await {
                    Ok(h) => view! {
                        <section class="card" data-testid="steering-home">
                            <h2>{st.my_groups}</h2>
                            <p>{if h.groups.is_empty() { st.none.to_owned() } else { h.groups.join("、") }}</p>
                            <h2>{st.notices}</h2>
                            {if h.notices.is_empty() {
                                view! { <p class="muted">{st.no_notices}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="notices" data-testid="notices">
                                        {h.notices.into_iter().map(|n| view! {
                                            <li class:new=n.new>
                                                <span class="muted small">{n.at}" "</span>
                                                {n.new.then(|| view! { <span class="badge">{st.new_badge}</span>" " })}
                                                <a href=format!("/rounds/{}/results", n.round_id)>{n.text}</a>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        </section>
                        <section class="card">
                            <h2>{st.overdue_measures}</h2>
                            <p class="muted small">{st.overdue_measures_help}</p>
                            {overdue_table(h.overdue)}
                        </section>
                        <section class="card">
                            <h2>{st.my_targets}</h2>
                            {if h.targets.is_empty() {
                                view! { <p class="muted">{st.no_targets}</p> }.into_any()
                            } else {
                                view! {
                                    <table class="table" data-testid="my-targets">
                                        <thead><tr><th>{t.results.col_target}</th><th>{st.latest}</th></tr></thead>
                                        <tbody>
                                            {h.targets.into_iter().map(|x| view! {
                                                <tr data-key=x.key.clone()>
                                                    <td>{x.name}</td>
                                                    <td>{match x.latest {
                                                        Some(f) => view! {
                                                            <a href=format!("/flags/{}", f.id)>{state_badge(f.status)}</a>
                                                            <span class="muted small">{format!(" {} · {}", f.name, f.flagged_on)}</span>
                                                        }.into_any(),
                                                        None => view! { <span class="muted">{st.no_flag}</span> }.into_any(),
                                                    }}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                }.into_any()
                            }}
                        </section>
                        <section class="card">
                            <h2>{st.rounds_title}</h2>
                            <ul>
                                {h.rounds.into_iter().map(|(id, title)| view! {
                                    <li><a href=format!("/rounds/{id}/results")>{title}</a></li>
                                }).collect_view()}
                            </ul>
                        </section>
                    }.into_any(),
                    Err(_) => view! { <p class="alert">{t.error_body}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A viewer's home: published rounds in scope.
#[component]
pub fn ViewerHomeView() -> impl IntoView {
    let t = use_texts();
    let rounds = Resource::new(|| (), |_| viewer_rounds());
    view! {
        <Suspense fallback=move || view! { <p class="muted">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match rounds.await {
                    Ok(list) => view! {
                        <section class="card">
                            <h2>{t.steering.rounds_title}</h2>
                            {list.is_empty().then(|| view! { <p class="muted">{t.steering.no_flags}</p> })}
                            <ul data-testid="viewer-rounds">
                                {list.into_iter().map(|(id, title)| view! {
                                    <li><a href=format!("/rounds/{id}/results")>{title}</a></li>
                                }).collect_view()}
                            </ul>
                        </section>
                    }.into_any(),
                    Err(_) => view! { <p class="alert">{t.error_body}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/flags/:id`: a flagged target's make-up lessons and its re-evaluation.
#[component]
pub fn FlagPage() -> impl IntoView {
    let t = use_texts();
    let st = t.steering;
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i32>().ok()).unwrap_or(0);
    let detail = Resource::new(id, get_flag);
    view! {
        <Title text=st.flag_title/>
        <SignedIn>
            <Suspense fallback=move || view! { <p class="muted">{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match detail.await {
                        Ok(d) => {
                            let f = d.flag.clone();
                            let open = crate::components::ledger::open_count(&d.problems);
                            let ledger = view! {
                                <crate::pages::ledger::LedgerSection flag_id=f.id problems=d.problems.clone() opinions=d.opinions.clone()/>
                            };
                            view! {
                                <section class="card" data-testid="flag">
                                    <p class="crumbs"><a href=format!("/rounds/{}/results", f.round_id)>{d.round_title.clone()}</a></p>
                                    <h1>{f.name.clone()}" "{state_badge(f.status)}</h1>
                                    <p class="muted">{format!("{}：{}", st.flagged_on, f.flagged_on)}</p>
                                    {f.lessons_done.clone().map(|d| view! { <p class="notice" data-testid="lessons-done">{format!("{}：{d}", st.lessons_done_on)}</p> })}
                                    {f.child_round_id.map(|c| view! {
                                        <p>{st.child_round}": "<a href=format!("/rounds/{c}/results")>{format!("#{c} · {}", st.open_results)}</a></p>
                                    })}
                                    <Flash/>
                                </section>
                                <section class="card">
                                    <h2>{st.lessons}</h2>
                                    {if d.lessons.is_empty() {
                                        view! { <p class="muted">{st.no_lessons}</p> }.into_any()
                                    } else {
                                        view! {
                                            <ol class="lessons" data-testid="lessons">
                                                {d.lessons.into_iter().map(|l| view! {
                                                    <li><strong>{l.taken_on}</strong>" "{l.text}<span class="muted small">{format!(" — {}", l.author)}</span></li>
                                                }).collect_view()}
                                            </ol>
                                        }.into_any()
                                    }}
                                    {d.can_act.then(|| view! {
                                        <form method="post" action=paths::at(paths::FLAG_LESSON, f.id) class="stack">
                                            <label>{st.lesson_date}<input type="date" name=lesson::date required/></label>
                                            <label>{st.lesson_text}<textarea name=lesson::text rows="3" maxlength="4000" required></textarea></label>
                                            <button type="submit" class="button">{st.add_lesson}</button>
                                        </form>
                                        {f.lessons_done.is_none().then(|| view! {
                                            <form method="post" action=paths::at(paths::FLAG_DONE, f.id) class="inline">
                                                <button type="submit" class="button">{st.mark_done}</button>
                                            </form>
                                        })}
                                    })}
                                </section>
                                {ledger}
                                {d.can_act.then(|| view! {
                                    <section class="card">
                                        <h2>{st.reevaluate}</h2>
                                        <p class="muted">{st.reevaluate_help}</p>
                                        <form method="post" action=paths::at(paths::REEVALUATE, f.round_id) data-testid="reevaluate-form">
                                            <input type="hidden" name=reevaluate::target value=f.key.clone()/>
                                            <input type="hidden" name=reevaluate::from value=format!("/flags/{}", f.id)/>
                                            {crate::components::ledger::confirm_box(open)}
                                            <button type="submit" class="button primary">{st.reevaluate}</button>
                                        </form>
                                    </section>
                                })}
                            }.into_any()
                        }
                        Err(crate::error::AppError::NotFound) | Err(crate::error::AppError::Forbidden) => view! {
                            <crate::pages::not_found::NotFoundPage/>
                        }.into_any(),
                        Err(_) => view! { <p class="alert">{t.error_body}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </SignedIn>
    }
}

fn flag_list(flags: Vec<FlagView>, empty: &'static str) -> impl IntoView {
    if flags.is_empty() {
        return view! { <p class="muted">{empty}</p> }.into_any();
    }
    view! {
        <ul class="flags">
            {flags.into_iter().map(|f| view! {
                <li>
                    <a href=format!("/flags/{}", f.id)>{f.name}</a>" "{state_badge(f.status)}
                    <span class="muted small">{format!(" #{} · {}", f.round_id, f.flagged_on)}</span>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// Overdue ledger measures: target (to its flag), problem, measure, owner, deadline.
fn overdue_table(list: Vec<OverdueMeasure>) -> impl IntoView {
    let st = use_texts().steering;
    if list.is_empty() {
        return view! { <p class="muted">{st.no_overdue_measures}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="overdue-measures">
                <thead><tr>
                    <th>{use_texts().results.col_target}</th><th>{st.col_problem}</th><th>{st.col_measure}</th>
                    <th>{st.col_owner}</th><th>{st.col_deadline}</th>
                </tr></thead>
                <tbody>
                    {list.into_iter().map(|m| view! {
                        <tr>
                            <td><a href=format!("/flags/{}", m.flag_id)>{m.target}</a></td>
                            <td>{m.problem}</td><td>{m.text}</td><td>{m.owner}</td><td>{m.deadline}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// `/groups`: steering groups, members, assigned targets, viewer scopes, flags (admin).
#[component]
pub fn GroupsPage() -> impl IntoView {
    let t = use_texts();
    let st = t.steering;
    let data = Resource::new(|| (), |_| load_groups_admin());
    view! {
        <Title text=st.groups_title/>
        <AdminOnly>
            <Suspense fallback=move || view! { <p class="muted">{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => view! {
                            <section class="card">
                                <h1>{st.groups_title}</h1>
                                <Flash/>
                                <form method="post" action=paths::GROUPS class="inline-form">
                                    <label>{st.group_name}<input name=group::name required maxlength="100"/></label>
                                    <button type="submit" class="button primary">{st.new_group}</button>
                                </form>
                            </section>
                            {d.groups.is_empty().then(|| view! { <section class="card"><p class="muted">{st.no_groups}</p></section> })}
                            {d.groups.into_iter().map(|g| view! {
                                <section class="card" data-group=g.name.clone()>
                                    <h2>{g.name.clone()}</h2>
                                    <h3>{st.members}</h3>
                                    <ul>
                                        {g.members.iter().map(|m| view! {
                                            <li>{m.clone()}" "
                                                <form method="post" action=paths::at(paths::GROUP_MEMBER_REMOVE, g.id) class="inline">
                                                    <input type="hidden" name=username::username value=m.clone()/>
                                                    <button type="submit" class="link-button">{st.remove}</button>
                                                </form>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                    <form method="post" action=paths::at(paths::GROUP_MEMBER_ADD, g.id) class="inline-form">
                                        <label>{st.username}<input name=username::username required/></label>
                                        <button type="submit" class="button">{st.add_member}</button>
                                    </form>
                                    <h3>{st.targets}</h3>
                                    <ul>
                                        {g.targets.iter().map(|x| view! {
                                            <li>{format!("{}（{}）", x.name, x.key)}" "
                                                <form method="post" action=paths::at(paths::GROUP_TARGET_REMOVE, g.id) class="inline">
                                                    <input type="hidden" name=key::key value=x.key.clone()/>
                                                    <button type="submit" class="link-button">{st.remove}</button>
                                                </form>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                    <form method="post" action=paths::at(paths::GROUP_TARGET_ADD, g.id) class="inline-form">
                                        <label>{st.target_key}<input name=key::key required/></label>
                                        <button type="submit" class="button">{st.assign}</button>
                                    </form>
                                </section>
                            }).collect_view()}
                            <section class="card">
                                <h2>{st.scopes_title}</h2>
                                <p class="muted small">{st.scopes_help}</p>
                                <ul>
                                    {d.scopes.into_iter().map(|s| view! {
                                        <li>
                                            {format!("{} → {}", s.username, s.round_id.map_or_else(|| s.target_key.clone().unwrap_or_default(), |r| format!("#{r}")))}" "
                                            <form method="post" action=paths::at(paths::SCOPE_REMOVE, s.id) class="inline">
                                                <button type="submit" class="link-button">{st.remove}</button>
                                            </form>
                                        </li>
                                    }).collect_view()}
                                </ul>
                                <form method="post" action=paths::SCOPES class="inline-form">
                                    <label>{st.username}<input name=scope::username required/></label>
                                    <label>{st.round_number}<input name=scope::round_id inputmode="numeric"/></label>
                                    <label>{st.unit_key}<input name=scope::target_key/></label>
                                    <button type="submit" class="button">{st.grant}</button>
                                </form>
                            </section>
                            <section class="card">
                                <h2>{st.overdue_title}</h2>
                                <p class="muted small">{st.overdue_help.replace("{n}", &d.overdue_days.to_string())}</p>
                                <div data-testid="overdue">{flag_list(d.overdue, st.no_flags)}</div>
                                <h2>{st.overdue_measures}</h2>
                                <p class="muted small">{st.overdue_measures_help}</p>
                                <h3>{st.overdue_per_group}</h3>
                                <ul data-testid="overdue-per-group">
                                    {d.overdue_measures.per_group.into_iter().map(|(g, n)| view! {
                                        <li data-group=g.clone()>{g.clone()}" "<strong>{n}</strong></li>
                                    }).collect_view()}
                                </ul>
                                {overdue_table(d.overdue_measures.measures)}
                                <h2>{st.flags_title}</h2>
                                {flag_list(d.flags, st.no_flags)}
                            </section>
                        }.into_any(),
                        Err(_) => view! { <p class="alert">{t.error_body}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </AdminOnly>
    }
}
