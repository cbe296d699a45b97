//! The clerk's pages: `/entry` (scan a paper sheet's QR code with the camera, or type its
//! code) and `/entry/<code>` (the sheet, entered with the keyboard, reviewed in full against
//! the paper, then entered — the same island as the phone's sheet, in paper mode). Both
//! work without JavaScript (a plain form; the entry sheet then posts to `/entry/<code>`).

use crate::components::guard::ClerkOnly;
use crate::i18n::use_texts;
use crate::pages::ballot::BallotView;
use crate::server_fns::ballot::open_paper;
use crate::views::forms::{paths, vote};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Shows the scan button where the browser can read QR codes from the camera
/// (`BarcodeDetector`), and opens the entry sheet of the first code it sees: the QR code
/// holds the ballot URL `…/v/<code>`; anything else read is taken as the code itself.
const SCAN: &str = "(function(){var b=document.getElementById('scan'),s=document.getElementById('scan-stop'),\
v=document.getElementById('scan-video'),n=document.getElementById('scan-none');if(!b)return;\
if(!('BarcodeDetector' in window)||!navigator.mediaDevices){n.hidden=false;return}b.hidden=false;var st=null;\
function stop(){if(st){st.getTracks().forEach(function(t){t.stop()});st=null}v.hidden=true;s.hidden=true;b.hidden=false}\
s.addEventListener('click',stop);b.addEventListener('click',function(){var d=new BarcodeDetector({formats:['qr_code']});\
navigator.mediaDevices.getUserMedia({video:{facingMode:'environment'}}).then(function(m){st=m;v.srcObject=m;v.hidden=false;\
s.hidden=false;b.hidden=true;v.play();(function look(){if(!st)return;d.detect(v).then(function(r){if(r.length){\
var raw=r[0].rawValue,m2=raw.match(/[/]v[/]([^/?#]+)/),c=m2?decodeURIComponent(m2[1]):raw.trim();stop();\
location.href='/entry/'+encodeURIComponent(c)}else{setTimeout(look,250)}}).catch(function(){setTimeout(look,500)})})()})\
.catch(function(){stop();n.hidden=false})})})();";

/// `/entry`: the code of a paper sheet, scanned or typed.
#[component]
pub fn EntryPage() -> impl IntoView {
    let t = use_texts();
    let (bt, p) = (t.ballot, t.paper);
    let q = use_query_map();
    let malformed = move || q.read().get("error").is_some();
    view! {
        <Title text=p.entry_title/>
        <ClerkOnly>
            <section class="card narrow">
                <h1>{p.entry_title}</h1>
                <p class="muted">{p.entry_intro}</p>
                <Show when=malformed>
                    <p class="alert" role="alert">{bt.code_malformed}</p>
                </Show>
                <form method="post" action=paths::ENTRY class="form">
                    <label for="code">{bt.code_label}</label>
                    <input id="code" name=vote::code type="text" class="code-input" autocomplete="off" autocapitalize="characters"
                        spellcheck="false" placeholder="XXXX-XXXX-XXXX" maxlength="64" required autofocus/>
                    <button type="submit" class="primary big">{p.entry_start}</button>
                </form>
                <div class="scan">
                    <button type="button" id="scan" class="button secondary" hidden>{p.entry_scan}</button>
                    <button type="button" id="scan-stop" class="button secondary" hidden>{p.entry_scan_stop}</button>
                    <video id="scan-video" class="scan-video" hidden playsinline muted></video>
                    <p id="scan-none" class="muted small" hidden>{p.entry_scan_unavailable}</p>
                </div>
                <p class="muted small">{p.entry_keys}</p>
            </section>
            <script nonce=leptos::nonce::use_nonce() inner_html=SCAN></script>
        </ClerkOnly>
    }
}

/// `/entry/<code>`: the paper sheet of a code, for a clerk.
#[component]
pub fn EntrySheetPage() -> impl IntoView {
    let t = use_texts();
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let page = Resource::new(code, open_paper);
    view! {
        <Title text=t.paper.entry_title/>
        <ClerkOnly>
            <Suspense fallback=move || view! { <p class="muted">{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) => view! { <BallotView initial=p locale=crate::i18n::use_locale() code=code() paper=true/> }.into_any(),
                        Err(_) => view! { <p class="alert" role="alert">{t.error_body}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </ClerkOnly>
    }
}
