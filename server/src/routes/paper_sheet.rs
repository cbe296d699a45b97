//! The paper 测评表: the answer to issuing codes when the admin chose paper sheets. Like
//! the slips, the only place the plain codes appear. After the cover (what was issued),
//! each code prints on a sheet of its own, A4 portrait: the round, unit and category, the
//! code in large type and as a QR code (of its ballot URL, which the clerk's entry page
//! scans), the instructions, every target of the code's scope as a table — its kind's
//! items as rows, its kind's options as columns, a box in each cell — and lines for the
//! opinion. A unit's sheet of a body and 8 cadres × 6 items fits two pages.

use crate::routes::print::{esc, qr_png, SheetBatch};
use app::domain::ballot::targets_in_scope;
use app::domain::round::{RoundSpec, TargetKind, TargetSpec};
use app::i18n::{texts, Locale};
use base64::Engine;

/// The targets of a batch's scope, in the round's order.
fn scope_of<'a>(spec: &'a RoundSpec, b: &SheetBatch<'_>) -> Vec<&'a TargetSpec> {
    targets_in_scope(spec, b.scope.as_deref()).into_iter().map(|(_, t)| t).collect()
}

/// One target's table: items of its kind as rows, options of its kind's scale as columns.
fn target_table(spec: &RoundSpec, t: &TargetSpec, l: Locale) -> String {
    let p = texts(l).paper;
    let options = spec.scale_of(t.kind);
    let head: String = options.iter().map(|o| format!(r#"<th scope="col" class="opt">{}</th>"#, esc(&o.label))).collect();
    let boxes: String = options.iter().map(|_| r#"<td class="opt"><span class="box"></span></td>"#).collect();
    let rows: String = spec
        .items
        .iter()
        .enumerate()
        .filter(|(i, _)| spec.applies(*i, t.kind))
        .map(|(_, it)| {
            let must = if it.overall { format!(r#" <span class="must">{}</span>"#, esc(p.required)) } else { String::new() };
            format!(r#"<tr><th scope="row">{}{must}</th>{boxes}</tr>"#, esc(&it.title))
        })
        .collect();
    let name = match (&t.position, t.kind) {
        (Some(pos), TargetKind::Cadre) if !pos.is_empty() => format!("{}（{}）", t.name, pos),
        _ => t.name.clone(),
    };
    format!(
        r#"<table class="target" data-target="{key}"><caption>{name}</caption><thead><tr><th scope="col">{item}</th>{head}</tr></thead><tbody>{rows}</tbody></table>"#,
        key = esc(&t.key),
        name = esc(&name),
        item = esc(p.col_item),
    )
}

/// The page of paper sheets for `batches` of the round `spec` (cover first).
pub fn paper_sheet(l: Locale, id: i32, spec: &RoundSpec, base: &str, batches: &[SheetBatch<'_>], cover: &str) -> String {
    let p = texts(l).paper;
    let b64 = base64::engine::general_purpose::STANDARD;
    let mut sheets = String::new();
    for b in batches {
        let unit = b.unit.unwrap_or(texts(l).codes.unit_all);
        let tables: String = scope_of(spec, b).into_iter().map(|t| target_table(spec, t, l)).collect();
        for code in b.codes {
            let url = format!("{base}/v/{}", code.canonical());
            let qr = qr_png(&url).map(|png| b64.encode(png)).unwrap_or_default();
            sheets.push_str(&format!(
                r#"<article class="ballot" data-code="{code}"><header><div><h2>{title}</h2><p>{kind} · {unit} · {category}</p></div><div class="code"><img class="qr" alt="{code_label} {code}" src="data:image/png;base64,{qr}"><p><span class="label">{code_label}</span><br><span class="c">{code}</span></p></div></header><p class="how">{how}</p>{tables}<section class="opinion"><h3>{opinion}</h3><div class="line"></div><div class="line"></div><div class="line"></div></section><p class="foot">{foot}</p></article>"#,
                title = esc(&spec.title),
                kind = esc(p.sheet_title),
                unit = esc(unit),
                category = esc(b.category),
                code_label = esc(p.code_label),
                how = esc(p.instructions),
                opinion = esc(p.opinion),
                foot = esc(p.sheet_foot),
            ));
        }
    }
    format!(
        r#"<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{sheet_title} · {title}</title><style>{css}</style></head><body>
<nav class="bar" aria-label="{sheet_title}"><p class="warn" role="alert">{once}</p><p><button class="btn" onclick="window.print()">{print}</button> <a href="/rounds/{id}">{back}</a></p></nav>
<main>{cover}{sheets}</main></body></html>"#,
        lang = l.tag(),
        sheet_title = esc(p.sheet_title),
        title = esc(&spec.title),
        css = CSS,
        once = esc(texts(l).rounds.codes_once),
        print = esc(p.print),
        back = esc(p.back),
    )
}

/// A4 portrait; every code begins a page; a target's table never splits.
const CSS: &str = r#"
@page { size: A4; margin: 10mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: #000; font-size: 3.4mm; }
.bar { padding: 12px 16px; background: #fff7e6; border-bottom: 1px solid #f0c36d; }
.warn { font-weight: 700; color: #8a4b00; margin: 0 0 8px; }
.btn { display: inline-block; padding: 8px 14px; border: 1px solid #a61b1b; border-radius: 6px; color: #a61b1b; background: #fff; font: inherit; cursor: pointer; }
.cover { width: 190mm; margin: 0 auto; padding: 6mm 0; }
.cover table { border-collapse: collapse; width: 100%; }
.cover th, .cover td { border: 0.3mm solid #999; padding: 1.5mm 2mm; text-align: left; }
.ballot { break-before: page; width: 190mm; margin: 0 auto; }
.ballot header { display: flex; justify-content: space-between; align-items: flex-start; border-bottom: 0.5mm solid #000; padding-bottom: 2mm; }
.ballot h2 { font-size: 5.5mm; margin: 0 0 1mm; }
.ballot header p { margin: 0; }
.code { display: flex; gap: 2mm; align-items: center; text-align: right; }
.qr { width: 22mm; height: 22mm; image-rendering: pixelated; image-rendering: crisp-edges; }
.label { font-size: 3mm; }
.c { font-family: "DejaVu Sans Mono", monospace; font-size: 5mm; font-weight: 700; letter-spacing: 0.3mm; }
.how { margin: 2mm 0; font-size: 3.2mm; }
table.target { border-collapse: collapse; width: 100%; margin: 0 0 1.8mm; break-inside: avoid; }
caption { text-align: left; font-weight: 700; font-size: 3.6mm; padding: 0.4mm 0; }
.target th, .target td { border: 0.3mm solid #000; padding: 0.3mm 1.2mm; font-weight: 400; text-align: left; height: 5.2mm; line-height: 1.2; }
.target thead th { background: #eee; font-size: 3.2mm; }
.target .opt { width: 17mm; text-align: center; }
.box { display: inline-block; width: 4mm; height: 4mm; border: 0.35mm solid #000; vertical-align: middle; }
.must { font-size: 2.8mm; border: 0.25mm solid #000; padding: 0 0.6mm; }
.opinion { break-inside: avoid; }
.opinion h3 { font-size: 3.8mm; margin: 2mm 0 1mm; }
.line { border-bottom: 0.3mm solid #000; height: 7mm; }
.foot { font-size: 2.8mm; margin: 2mm 0 0; }
@media print { .bar { display: none; } }
"#;
