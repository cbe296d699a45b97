//! The rectification ledgers beside the numbers (admins and steering members): for each
//! shown flagged target — and, on a re-evaluation, the parent round's flag it re-evaluates
//! — its problems and measures with their status; the XLSX export of the round's ledger.

use crate::components::ledger::LedgerTable;
use crate::i18n::use_texts;
use crate::views::results::ResultsPageView;
use leptos::prelude::*;

/// The ledgers of `page`; nothing when it has none.
#[component]
pub fn Ledgers(page: ResultsPageView, report: bool) -> impl IntoView {
    let (t, st) = (use_texts().ledger, use_texts().steering);
    (!page.ledgers.is_empty()).then(|| {
        let id = page.id;
        view! {
            <section class="card" aria-labelledby="ledgers" data-testid="ledgers">
                <h2 id="ledgers">{t.ledger_title}</h2>
                {(!report).then(|| view! {
                    <p><a class="button-link" href=format!("/api/v1/rounds/{id}/ledger.xlsx") rel="external" download>{t.export_xlsx}</a></p>
                })}
                {page.ledgers.into_iter().map(|l| {
                    let f = l.flag;
                    let from = (f.round_id != id).then(|| format!(" · #{}", f.round_id));
                    view! {
                        <h3 data-ledger-of=f.key.clone()>
                            <a href=format!("/flags/{}", f.id)>{f.name.clone()}</a>" "
                            <span class=format!("flag flag-state flag-{}", f.status.as_str())>{st.state(f.status)}</span>
                            <span class="muted small">{format!(" {}：{}{}", st.flagged_on, f.flagged_on, from.unwrap_or_default())}</span>
                        </h3>
                        <LedgerTable problems=l.problems/>
                    }
                }).collect_view()}
            </section>
        }
    })
}
