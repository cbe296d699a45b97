//! The rules a round definition meets before anything is stored (RULES.md R2): what is
//! wrong, field by field, and what opening still needs.

use super::{AppliesTo, Lineage, Polarity, RoundSpec, ScaleOption, TargetKind, Threshold};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// What is wrong with one field of a definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Problem {
    /// Empty where a value is needed.
    Required,
    /// Longer than the limit (characters).
    TooLong(usize),
    /// Keys use letters, digits, `_` and `-` only.
    BadKey,
    /// The key appears more than once.
    Duplicate(String),
    /// Not exactly one overall item (how many there are).
    OverallCount(usize),
    /// A weight below zero.
    NegativeWeight,
    /// Every weight is zero.
    AllWeightsZero,
    /// Outside the open interval (0, 1).
    OutsideUnitInterval,
    /// A number that must be at least this.
    AtLeast(u32),
    /// The scale needs a positive and a negative option.
    ScaleNeedsBothSides,
    /// A positive or negative option without points, or an abstain option with points.
    PointsMismatch,
    /// A cadre's parent is not a body of this round.
    UnknownParent(String),
    /// A body cannot have a parent.
    BodyWithParent,
    /// More scale options than allowed (the limit).
    TooManyOptions(usize),
    /// Not exactly one overall item for this kind of target (how many there are).
    OverallForKind(TargetKind, usize),
    /// A position (职务) longer than the limit, or given to a body.
    BadPosition,
    /// A scheduled time that has already passed.
    InThePast,
    /// A closing time at or before the opening time.
    ClosesBeforeOpens,
}

/// A problem and the field (JSON path) it is in, e.g. `targets[3].key`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Violation {
    /// JSON path of the field.
    pub field: String,
    /// What is wrong.
    pub problem: Problem,
}

/// Longest title.
pub const MAX_TITLE: usize = 200;
/// Longest name, label or item title.
pub const MAX_NAME: usize = 200;
/// Most options on a scale (a ballot stores each answer as one symbol).
pub const MAX_SCALE_OPTIONS: usize = 32;
/// Longest key.
pub const MAX_KEY: usize = 64;
/// Longest description.
pub const MAX_DESCRIPTION: usize = 4000;

fn check_text(out: &mut Vec<Violation>, field: String, value: &str, max: usize) {
    if value.trim().is_empty() {
        out.push(Violation { field, problem: Problem::Required });
    } else if value.chars().count() > max {
        out.push(Violation { field, problem: Problem::TooLong(max) });
    }
}

fn check_keys<'a>(out: &mut Vec<Violation>, list: &str, keys: impl Iterator<Item = &'a str>) {
    let mut seen = HashSet::new();
    for (i, key) in keys.enumerate() {
        let field = format!("{list}[{i}].key");
        if key.is_empty() {
            out.push(Violation { field, problem: Problem::Required });
        } else if key.chars().count() > MAX_KEY {
            out.push(Violation { field, problem: Problem::TooLong(MAX_KEY) });
        } else if !key.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-') {
            out.push(Violation { field, problem: Problem::BadKey });
        } else if !seen.insert(key) {
            out.push(Violation { field, problem: Problem::Duplicate(key.to_owned()) });
        }
    }
}

impl RoundSpec {
    /// Every rule a stored definition meets. Targets, categories and items may be empty
    /// in a draft; [`RoundSpec::readiness`] says what opening needs.
    pub fn validate(&self) -> Result<(), Vec<Violation>> {
        self.validate_in(Lineage::Own)
    }

    /// [`RoundSpec::validate`] for a round of the given lineage: a re-evaluation round may
    /// rate a cadre without its body, and the cadre keeps its body's key as its unit (so
    /// that the steering group of the body still sees it).
    pub fn validate_in(&self, lineage: Lineage) -> Result<(), Vec<Violation>> {
        let mut out = Vec::new();
        check_text(&mut out, "title".into(), &self.title, MAX_TITLE);
        if self.description.chars().count() > MAX_DESCRIPTION {
            out.push(Violation { field: "description".into(), problem: Problem::TooLong(MAX_DESCRIPTION) });
        }
        let proper = |field: &str, t: Option<Threshold>, out: &mut Vec<Violation>| {
            if t.is_some_and(|t| !t.is_proper()) {
                out.push(Violation { field: field.into(), problem: Problem::OutsideUnitInterval });
            }
        };
        proper("flag_threshold", Some(self.flag_threshold), &mut out);
        proper("min_satisfaction", self.min_satisfaction, &mut out);
        if let Some(c) = &self.rules_by_kind.cadre {
            proper("rules_by_kind.cadre.flag_threshold", c.flag_threshold, &mut out);
            proper("rules_by_kind.cadre.min_satisfaction", c.min_satisfaction, &mut out);
            if c.quorum == Some(0) {
                out.push(Violation { field: "rules_by_kind.cadre.quorum".into(), problem: Problem::AtLeast(1) });
            }
        }
        if self.quorum < 1 {
            out.push(Violation { field: "quorum".into(), problem: Problem::AtLeast(1) });
        }
        if self.disclosure_min < 1 {
            out.push(Violation { field: "disclosure_min".into(), problem: Problem::AtLeast(1) });
        }
        validate_scale(&mut out, "scale", &self.scale);
        if let Some(cadre) = &self.cadre_scale {
            validate_scale(&mut out, "cadre_scale", cadre);
        }
        check_keys(&mut out, "categories", self.categories.iter().map(|c| c.key.as_str()));
        for (i, c) in self.categories.iter().enumerate() {
            check_text(&mut out, format!("categories[{i}].name"), &c.name, MAX_NAME);
            if c.weight < 0.0 || !c.weight.is_finite() {
                out.push(Violation { field: format!("categories[{i}].weight"), problem: Problem::NegativeWeight });
            }
        }
        if !self.categories.is_empty() && self.categories.iter().all(|c| c.weight == 0.0) {
            out.push(Violation { field: "categories".into(), problem: Problem::AllWeightsZero });
        }
        check_keys(&mut out, "items", self.items.iter().map(|c| c.key.as_str()));
        for (i, item) in self.items.iter().enumerate() {
            check_text(&mut out, format!("items[{i}].title"), &item.title, MAX_NAME);
        }
        if !self.items.is_empty() {
            out.extend(self.overall_problems(false));
        }
        self.validate_targets(&mut out, lineage);
        if out.is_empty() {
            Ok(())
        } else {
            Err(out)
        }
    }

    /// Exactly one overall item for each kind of target present (for bodies, when there
    /// are no targets yet), and never two for one kind. With `opening`, a missing one is
    /// reported the way opening reports it.
    fn overall_problems(&self, opening: bool) -> Vec<Violation> {
        let mut out = Vec::new();
        let present = self.kinds_present();
        let one_list = self.items.iter().all(|i| i.applies_to == AppliesTo::Both);
        for kind in [TargetKind::Body, TargetKind::Cadre] {
            let n = self.items.iter().filter(|i| i.overall && i.applies_to.covers(kind)).count();
            let needed = present.contains(&kind) || (present.is_empty() && kind == TargetKind::Body);
            if (needed && n != 1) || n > 1 {
                let shown = if opening && n == 0 { 0 } else { n };
                let problem = if one_list { Problem::OverallCount(shown) } else { Problem::OverallForKind(kind, shown) };
                out.push(Violation { field: "items".into(), problem });
                if one_list {
                    break;
                }
            }
        }
        out
    }

    fn validate_targets(&self, out: &mut Vec<Violation>, lineage: Lineage) {
        check_keys(out, "targets", self.targets.iter().map(|t| t.key.as_str()));
        let bodies: HashSet<&str> = self.targets.iter().filter(|t| t.kind == TargetKind::Body).map(|t| t.key.as_str()).collect();
        let keys: HashSet<&str> = self.targets.iter().map(|t| t.key.as_str()).collect();
        // In a re-evaluation round a cadre's body may be absent (not re-evaluated), never
        // another cadre.
        let absent_body_allowed = |p: &str| lineage == Lineage::Reevaluation && !keys.contains(p);
        for (i, t) in self.targets.iter().enumerate() {
            check_text(out, format!("targets[{i}].name"), &t.name, MAX_NAME);
            if t.position.as_ref().is_some_and(|p| p.chars().count() > MAX_NAME || t.kind == TargetKind::Body) {
                out.push(Violation { field: format!("targets[{i}].position"), problem: Problem::BadPosition });
            }
            match (t.kind, t.parent.as_deref().filter(|p| !p.is_empty())) {
                (TargetKind::Body, Some(_)) => {
                    out.push(Violation { field: format!("targets[{i}].parent"), problem: Problem::BodyWithParent })
                }
                (TargetKind::Cadre, Some(p)) if !bodies.contains(p) && !absent_body_allowed(p) => {
                    out.push(Violation { field: format!("targets[{i}].parent"), problem: Problem::UnknownParent(p.to_owned()) })
                }
                _ => {}
            }
        }
    }

    /// What is still missing before the round can open (empty when it can).
    pub fn readiness(&self) -> Vec<Violation> {
        let mut out = Vec::new();
        for (field, empty) in
            [("targets", self.targets.is_empty()), ("categories", self.categories.is_empty()), ("items", self.items.is_empty())]
        {
            if empty {
                out.push(Violation { field: field.into(), problem: Problem::Required });
            }
        }
        if !self.items.is_empty() {
            out.extend(self.overall_problems(true));
        }
        out
    }
}

fn validate_scale(out: &mut Vec<Violation>, field: &str, scale: &[ScaleOption]) {
    if scale.len() > MAX_SCALE_OPTIONS {
        out.push(Violation { field: field.into(), problem: Problem::TooManyOptions(MAX_SCALE_OPTIONS) });
    }
    check_keys(out, field, scale.iter().map(|o| o.key.as_str()));
    for (i, o) in scale.iter().enumerate() {
        check_text(out, format!("{field}[{i}].label"), &o.label, MAX_NAME);
        if o.points.is_some() == (o.polarity == Polarity::Abstain) {
            out.push(Violation { field: format!("{field}[{i}].points"), problem: Problem::PointsMismatch });
        }
    }
    let has = |p| scale.iter().any(|o| o.polarity == p);
    if !(has(Polarity::Positive) && has(Polarity::Negative)) {
        out.push(Violation { field: field.into(), problem: Problem::ScaleNeedsBothSides });
    }
}
