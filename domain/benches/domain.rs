//! Criterion micro-benchmarks of the pure domain code on the hot paths: ballot
//! validation and encoding (every submission) and the tally of a round (every results
//! read). `cargo bench -p minping-domain` (or `make bench`); figures in docs/BENCHMARKS.md.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use domain::ballot::{encode_answers, validate, AnswerInput};
use domain::round::{default_categories, default_items, default_scale, FlagBasis, RoundSpec, TargetKind, TargetSpec};
use domain::tally::{tally_round, RoundCounts};

/// The benchmark round of issue 5: 25 bodies and 25 cadres, 6 items, 4 categories.
fn spec(basis: FlagBasis) -> RoundSpec {
    let mut targets = Vec::new();
    for i in 0..25 {
        targets.push(TargetSpec {
            key: format!("b{i}"),
            name: format!("第{}单位领导班子", i + 1),
            kind: TargetKind::Body,
            parent: None,
            position: None,
        });
        targets.push(TargetSpec {
            key: format!("c{i}"),
            name: format!("干部{i:02}"),
            kind: TargetKind::Cadre,
            parent: Some(format!("b{i}")),
            position: None,
        });
    }
    let mut items = default_items();
    items.truncate(6);
    RoundSpec { flag_basis: basis, scale: default_scale(), categories: default_categories(), items, targets, ..RoundSpec::titled("基准") }
}

fn full_sheet(spec: &RoundSpec) -> Vec<AnswerInput> {
    let mut out = Vec::new();
    for (t, target) in spec.targets.iter().enumerate() {
        for (i, item) in spec.items.iter().enumerate() {
            let o = &spec.scale[(t + i) % spec.scale.len()];
            out.push(AnswerInput { target: target.key.clone(), item: item.key.clone(), option: o.key.clone() });
        }
    }
    out
}

fn ballot(c: &mut Criterion) {
    let spec = spec(FlagBasis::Headcount);
    let sheet = full_sheet(&spec);
    c.bench_function("validate a full sheet (50 targets × 6 items)", |b| {
        b.iter(|| validate(black_box(&spec), None, black_box(&sheet), Some("希望进一步改进窗口服务。")).expect("valid"))
    });
    let answers = validate(&spec, None, &sheet, None).expect("valid");
    let all: Vec<usize> = (0..spec.targets.len()).collect();
    c.bench_function("encode a full sheet for storage", |b| b.iter(|| encode_answers(black_box(&spec), &all, black_box(&answers))));
}

fn tally(c: &mut Criterion) {
    for basis in [FlagBasis::Headcount, FlagBasis::Weighted] {
        let spec = spec(basis);
        let sheet = full_sheet(&spec);
        let answers = validate(&spec, None, &sheet, None).expect("valid");
        let mut counts = RoundCounts::zero(&spec);
        for k in 0..1000 {
            counts.add(k % 4, 0..spec.targets.len(), answers.iter().copied());
        }
        c.bench_function(&format!("tally a round of 50 targets × 6 items × 4 categories ({basis:?})"), |b| {
            b.iter(|| tally_round(black_box(&spec), black_box(&counts)))
        });
    }
}

/// Indicators of coached voting (RULES.md A10) over 1,000,000 sheets of 50 answers, a
/// tenth of them one coached sheet, the rest varied: the pure pass of `GET …/indicators`.
fn indicators(c: &mut Criterion) {
    use domain::indicators::{Accumulator, Answer};
    let sheets: Vec<(usize, Vec<Answer>)> = (0..1_000_000u64)
        .map(|n| {
            let coached = n % 10 == 0;
            let mut x = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
            let answers = (0..50u32)
                .map(|slot| {
                    x ^= x >> 29;
                    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
                    (slot / 5, slot % 5, if coached { 0 } else { (x % 4) as u16 })
                })
                .collect();
            ((n % 4) as usize, answers)
        })
        .collect();
    let mut group = c.benchmark_group("indicators");
    group.sample_size(10);
    group.bench_function("indicators of 1,000,000 sheets × 50 answers, 4 categories", |b| {
        b.iter(|| {
            let mut acc = Accumulator::new(4);
            for (cat, answers) in &sheets {
                acc.add(*cat, answers);
            }
            black_box(acc.finish(5))
        })
    });
    group.finish();
}

criterion_group!(benches, ballot, tally, indicators);
criterion_main!(benches);
