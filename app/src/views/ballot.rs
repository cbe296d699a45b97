//! The evaluator's sheet: what `/v/<code>` shows. The same [`BallotPage`] comes from a
//! plain form post (no JavaScript) and from the server functions, so both show the same states.

use crate::domain::ballot::{AnswerInput, Refusal};
use serde::{Deserialize, Serialize};

/// One target on the sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SheetTarget {
    /// Key.
    pub key: String,
    /// Name shown.
    pub name: String,
    /// Leading body (`true`) or cadre.
    pub body: bool,
    /// A cadre's post (职务), shown beside the name.
    pub position: Option<String>,
}

/// One item on the sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SheetItem {
    /// Key.
    pub key: String,
    /// Question.
    pub title: String,
    /// The required overall item (of the kinds it applies to).
    pub overall: bool,
    /// Rates leading bodies.
    pub body: bool,
    /// Rates leading cadres.
    pub cadre: bool,
}

/// A code's sheet: what to rate and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SheetView {
    /// The code, printed form (it is in the page's address anyway).
    pub code: String,
    /// The round's title.
    pub title: String,
    /// The code's category name.
    pub category: String,
    /// Scale options of bodies (and of cadres without a scale of their own): (key, label).
    pub options: Vec<(String, String)>,
    /// The cadres' own scale, when they have one.
    pub cadre_options: Vec<(String, String)>,
    /// Items, in order.
    pub items: Vec<SheetItem>,
    /// Targets in the code's scope, in order.
    pub targets: Vec<SheetTarget>,
}

/// The state of the ballot page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(clippy::large_enum_variant)] // one value per page view; boxing buys nothing here
pub enum BallotPage {
    /// The sheet, possibly with answers given so far, an error, or the review panel.
    Sheet {
        /// What to rate.
        sheet: SheetView,
        /// Answers given so far.
        answers: Vec<AnswerInput>,
        /// Opinion so far.
        opinion: String,
        /// The receipt this page will submit with (made when the page was rendered).
        receipt: String,
        /// What is wrong with the last attempt.
        error: Option<String>,
        /// Show the review panel: the blank (target name, item title) pairs.
        review: Option<Vec<(String, String)>>,
    },
    /// Counted.
    Done {
        /// The receipt to keep.
        receipt: String,
    },
    /// The code cannot be used (unknown, used, round closed, too many attempts).
    Refused {
        /// What is wrong and what to do.
        message: String,
        /// The code was used already (the page may check a receipt it kept).
        used: bool,
        /// Why (the server answers a form post with the matching HTTP status).
        refusal: Refusal,
    },
}

/// The page state a plain form post computed; the page shows it instead of a fresh sheet.
#[derive(Debug, Clone)]
pub struct PostedBallot(pub BallotPage);

impl SheetView {
    /// The items of a target of this kind, in order.
    pub fn items_of(&self, target: &SheetTarget) -> impl Iterator<Item = &SheetItem> + '_ {
        let body = target.body;
        self.items.iter().filter(move |i| if body { i.body } else { i.cadre })
    }

    /// The options a target of this kind is rated with.
    pub fn options_of(&self, target: &SheetTarget) -> &[(String, String)] {
        if target.body || self.cadre_options.is_empty() {
            &self.options
        } else {
            &self.cadre_options
        }
    }

    /// How many answers the whole sheet has.
    pub fn total(&self) -> usize {
        self.targets.iter().map(|t| self.items_of(t).count()).sum()
    }
}
