//! `/rounds/new`: start a draft with a title and a scale, or the preset "年度考核：班子 +
//! 干部"; categories and items come pre-filled and are edited on the round page.

use crate::components::{flash::Flash, guard::AdminOnly};
use crate::i18n::use_texts;
use crate::views::forms::{new_round, paths};
use leptos::prelude::*;
use leptos_meta::Title;

/// The form that creates a draft round (a plain HTML form: works without JavaScript).
#[component]
pub fn NewRoundPage() -> impl IntoView {
    let t = use_texts();
    let r = t.rounds;
    view! {
        <Title text=r.new_round/>
        <AdminOnly>
            <section class="card narrow">
                <h1>{r.new_round}</h1>
                <Flash/>
                <form method="post" action=paths::ROUND_NEW class="form">
                    <label for="title">{r.field_title}</label>
                    <input id="title" name=new_round::title type="text" required maxlength="200"/>
                    <label for="description">{r.field_description}</label>
                    <textarea id="description" name=new_round::description rows="3" maxlength="4000"></textarea>
                    <fieldset>
                        <legend>{r.field_scale}</legend>
                        <label class="choice"><input type="radio" name=new_round::scale value="default" checked/>{r.scale_default}</label>
                        <label class="choice"><input type="radio" name=new_round::scale value="cadre"/>{r.scale_cadre}</label>
                        <label class="choice"><input type="radio" name=new_round::scale value="annual"/>{t.editor.scale_annual}</label>
                    </fieldset>
                    <button type="submit" class="primary">{r.create}</button>
                </form>
            </section>
        </AdminOnly>
    }
}
