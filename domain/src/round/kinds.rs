//! One sheet, two kinds (RULES.md R4): which scale, which items and which flag rule a
//! target's kind has in a round.

use super::{RoundSpec, ScaleOption, TargetKind, Threshold};

/// The flag rule of one kind of target, the round's defaults filled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// Flag when dissatisfaction is strictly greater than this.
    pub flag_threshold: Threshold,
    /// Fewest valid overall answers.
    pub quorum: u32,
    /// Also flag below this satisfaction.
    pub min_satisfaction: Option<Threshold>,
}

impl RoundSpec {
    /// The scale targets of `kind` are rated on.
    pub fn scale_of(&self, kind: TargetKind) -> &[ScaleOption] {
        match (kind, &self.cadre_scale) {
            (TargetKind::Cadre, Some(s)) => s,
            _ => &self.scale,
        }
    }

    /// Whether item `i` rates targets of `kind`.
    pub fn applies(&self, i: usize, kind: TargetKind) -> bool {
        self.items.get(i).is_some_and(|it| it.applies_to.covers(kind))
    }

    /// The position of the overall item of `kind`.
    pub fn overall_of(&self, kind: TargetKind) -> Option<usize> {
        self.items.iter().position(|it| it.overall && it.applies_to.covers(kind))
    }

    /// The flag rule of `kind`.
    pub fn rules_of(&self, kind: TargetKind) -> Rules {
        let own = match kind {
            TargetKind::Cadre => self.rules_by_kind.cadre.as_ref(),
            TargetKind::Body => None,
        };
        Rules {
            flag_threshold: own.and_then(|r| r.flag_threshold).unwrap_or(self.flag_threshold),
            quorum: own.and_then(|r| r.quorum).unwrap_or(self.quorum),
            min_satisfaction: own.and_then(|r| r.min_satisfaction).or(self.min_satisfaction),
        }
    }

    /// The kinds of the round's targets, bodies first.
    pub fn kinds_present(&self) -> Vec<TargetKind> {
        [TargetKind::Body, TargetKind::Cadre].into_iter().filter(|k| self.targets.iter().any(|t| t.kind == *k)).collect()
    }
}

impl RoundSpec {
    /// The round's units, in target order: each body (key, name), and the unit of a cadre
    /// whose body is not in the round (a re-evaluation), named by its key.
    pub fn units(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for t in &self.targets {
            let unit = t.unit();
            if !out.iter().any(|(k, _)| k == unit) {
                let name = if t.kind == TargetKind::Body { t.name.clone() } else { self.name_of(unit).unwrap_or(unit).to_owned() };
                out.push((unit.to_owned(), name));
            }
        }
        out
    }

    /// The keys of a unit's targets: the body and its cadres.
    pub fn unit_keys(&self, unit: &str) -> Vec<String> {
        self.targets.iter().filter(|t| t.unit() == unit).map(|t| t.key.clone()).collect()
    }

    /// The name of the target `key`.
    pub fn name_of(&self, key: &str) -> Option<&str> {
        self.targets.iter().find(|t| t.key == key).map(|t| t.name.as_str())
    }
}
