//! The phone's own storage of a half-filled sheet (hydrated phone pages only; a clerk's
//! entry of paper sheets keeps nothing on the device).

use crate::domain::ballot::AnswerInput;

/// What the phone keeps between reloads (in `localStorage`, never sent unasked).
#[derive(Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Draft {
    pub answers: Vec<AnswerInput>,
    pub opinion: String,
    pub receipt: String,
}

mod store {
    use super::Draft;
    use crate::views::forms::answer_of;

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok()?
    }

    fn key(code: &str) -> String {
        format!("minping-ballot:{code}")
    }

    pub fn load(code: &str) -> Option<Draft> {
        serde_json::from_str(&storage()?.get_item(&key(code)).ok()??).ok()
    }

    pub fn save(code: &str, draft: &Draft) {
        if let (Some(s), Ok(text)) = (storage(), serde_json::to_string(draft)) {
            let _ = s.set_item(&key(code), &text);
        }
    }

    /// What the evaluator tapped and typed before the WebAssembly arrived.
    pub fn in_page() -> (Vec<crate::domain::ballot::AnswerInput>, String) {
        use wasm_bindgen::JsCast;
        let mut answers = Vec::new();
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return (answers, String::new()) };
        if let Ok(list) = doc.query_selector_all("#ballot-form input[type=radio]:checked") {
            for i in 0..list.length() {
                let Some(input) = list.item(i).and_then(|n| n.dyn_into::<web_sys::HtmlInputElement>().ok()) else { continue };
                if let Some((target, item)) = answer_of(&input.name()) {
                    answers.push(crate::domain::ballot::AnswerInput {
                        target: target.to_owned(),
                        item: item.to_owned(),
                        option: input.value(),
                    });
                }
            }
        }
        let opinion = doc
            .get_element_by_id("opinion")
            .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
            .map(|t| t.value())
            .unwrap_or_default();
        (answers, opinion)
    }
}

pub use store::{in_page, load, save};
