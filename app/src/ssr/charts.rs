//! Charts of the results, drawn on the server with plotters as SVG (inline in the page).
//! Text is written as SVG `<text>` in a CJK-capable font stack, so Chinese names render
//! in any browser that has a Chinese font (every phone and office PC in China does).

mod trend;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
pub use trend::{trend, TrendPoint};

/// Fonts for chart text: the system's Chinese fonts first.
const FONT: &str = "PingFang SC, Noto Sans CJK SC, Microsoft YaHei, sans-serif";

/// Colours of the scale options, from most positive to abstain.
fn option_colour(i: usize, n: usize) -> RGBColor {
    const C: [RGBColor; 6] = [
        RGBColor(30, 123, 52),
        RGBColor(120, 180, 90),
        RGBColor(240, 180, 60),
        RGBColor(200, 60, 50),
        RGBColor(166, 27, 27),
        RGBColor(190, 190, 190),
    ];
    if i + 1 == n {
        return C[5]; // the last option is the abstain one in every preset
    }
    C[i.min(4)]
}

/// A 100 % stacked bar per target: the share of each option of its overall item.
/// `rows`: (target name, counts per option in scale order); `labels`: the options.
pub fn stacked_bars(rows: &[(String, Vec<u64>)], labels: &[String]) -> String {
    let (w, row_h, left, top) = (720u32, 30u32, 230i32, 40i32);
    let h = top as u32 + row_h * rows.len().max(1) as u32 + 30;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let text = |size: f64| TextStyle::from((FONT, size).into_font()).color(&BLACK);
        // Legend.
        let mut x = left;
        for (i, l) in labels.iter().enumerate() {
            let _ = root.draw(&Rectangle::new([(x, 10), (x + 14, 24)], option_colour(i, labels.len()).filled()));
            let _ = root.draw(&Text::new(l.clone(), (x + 18, 11), text(13.0)));
            x += 22 + 14 * l.chars().count() as i32 + 16;
        }
        let width = (w as i32 - left - 20) as f64;
        for (r, (name, counts)) in rows.iter().enumerate() {
            let y = top + r as i32 * row_h as i32;
            let style = text(14.0).pos(Pos::new(HPos::Right, VPos::Center));
            let _ = root.draw(&Text::new(name.clone(), (left - 8, y + row_h as i32 / 2 - 2), style));
            let total: u64 = counts.iter().sum();
            let mut x0 = left as f64;
            for (i, n) in counts.iter().enumerate() {
                if total == 0 || *n == 0 {
                    continue;
                }
                let x1 = x0 + width * (*n as f64) / (total as f64);
                let _ = root.draw(&Rectangle::new(
                    [(x0.round() as i32, y + 3), (x1.round() as i32, y + row_h as i32 - 5)],
                    option_colour(i, counts.len()).filled(),
                ));
                x0 = x1;
            }
            if total == 0 {
                let _ = root.draw(&Text::new("—".to_owned(), (left + 4, y + 8), text(13.0)));
            }
        }
        let _ = root.present();
    }
    svg
}

/// How a chart shows its numbers: written in each cell or beside each bar (the page), or
/// left to the tables beside it, with a colour key (the Word report: thousands of labels
/// cost seconds to rasterize there, and would be too small to read on A4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbers<'a> {
    /// Every cell and bar carries its percentage.
    InCells,
    /// No percentages; a heat map gets a key of 0 %, 50 % and 100 % after this caption.
    Key(&'a str),
}

/// The colour of a satisfaction rate: green high, red low, grey when there is none.
fn rate_colour(rate: Option<f64>) -> RGBColor {
    match rate {
        None => RGBColor(230, 230, 230),
        Some(r) => {
            let r = r.clamp(0.0, 1.0);
            RGBColor((200.0 * (1.0 - r) + 30.0 * r) as u8, (60.0 * (1.0 - r) + 140.0 * r) as u8, (50.0 * (1.0 - r) + 60.0 * r) as u8)
        }
    }
}

/// Item × target heat map of satisfaction rates (green high, red low, grey no data).
/// `cells[t][i]`: the satisfaction rate of item `i` of target `t`.
pub fn heat_map(targets: &[String], items: &[String], cells: &[Vec<Option<f64>>], numbers: Numbers) -> String {
    let (cell_w, cell_h, left, top) = (96i32, 28i32, 230i32, 60i32);
    let w = (left + cell_w * items.len().max(1) as i32 + 20) as u32;
    let h = (top + cell_h * targets.len().max(1) as i32 + 10) as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let text = |size: f64| TextStyle::from((FONT, size).into_font()).color(&BLACK);
        if let Numbers::Key(caption) = numbers {
            let _ = root.draw(&Text::new(caption.to_owned(), (8, 11), text(13.0)));
            let x0 = 8 + 14 * caption.chars().count() as i32 + 8;
            for (k, (rate, label)) in [(0.0, "0%"), (0.5, "50%"), (1.0, "100%")].into_iter().enumerate() {
                let x = x0 + k as i32 * 70;
                let _ = root.draw(&Rectangle::new([(x, 10), (x + 14, 24)], rate_colour(Some(rate)).filled()));
                let _ = root.draw(&Text::new(label.to_owned(), (x + 18, 11), text(13.0)));
            }
        }
        for (i, item) in items.iter().enumerate() {
            let short: String = item.chars().take(7).collect();
            let style = text(12.0).pos(Pos::new(HPos::Center, VPos::Bottom));
            let _ = root.draw(&Text::new(short, (left + i as i32 * cell_w + cell_w / 2, top - 8), style));
        }
        for (t, name) in targets.iter().enumerate() {
            let y = top + t as i32 * cell_h;
            let style = text(14.0).pos(Pos::new(HPos::Right, VPos::Center));
            let _ = root.draw(&Text::new(name.clone(), (left - 8, y + cell_h / 2), style));
            for i in 0..items.len() {
                let x = left + i as i32 * cell_w;
                let rate = cells.get(t).and_then(|r| r.get(i)).copied().flatten();
                let _ = root.draw(&Rectangle::new([(x + 1, y + 1), (x + cell_w - 1, y + cell_h - 1)], rate_colour(rate).filled()));
                if numbers != Numbers::InCells {
                    continue;
                }
                let label = rate.map_or_else(|| "—".to_owned(), |r| format!("{:.1}%", r * 100.0));
                let style = TextStyle::from((FONT, 12.0).into_font()).color(&WHITE).pos(Pos::new(HPos::Center, VPos::Center));
                let _ = root.draw(&Text::new(label, (x + cell_w / 2, y + cell_h / 2), style));
            }
        }
        let _ = root.present();
    }
    svg
}

/// Overall satisfaction of each target by evaluator category (disclosed categories only):
/// one small bar per category and target. `rates[t][c]`: satisfaction rate, `None`
/// when that category gave no valid answer. With [`Numbers::Key`] the bars carry no
/// percentages.
pub fn category_breakdown(targets: &[String], categories: &[String], rates: &[Vec<Option<f64>>], numbers: Numbers) -> String {
    let (bar_h, gap, left, top) = (12i32, 10i32, 230i32, 40i32);
    let group_h = bar_h * categories.len().max(1) as i32 + gap;
    let w = 720u32;
    let h = (top + group_h * targets.len().max(1) as i32 + 10) as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let text = |size: f64| TextStyle::from((FONT, size).into_font()).color(&BLACK);
        const C: [RGBColor; 4] = [RGBColor(26, 86, 196), RGBColor(166, 27, 27), RGBColor(30, 123, 52), RGBColor(138, 75, 0)];
        let mut x = left;
        for (i, c) in categories.iter().enumerate() {
            let _ = root.draw(&Rectangle::new([(x, 10), (x + 14, 24)], C[i % 4].filled()));
            let _ = root.draw(&Text::new(c.clone(), (x + 18, 11), text(13.0)));
            x += 40 + 14 * c.chars().count() as i32;
        }
        let width = (w as i32 - left - 70) as f64;
        for (t, name) in targets.iter().enumerate() {
            let y = top + t as i32 * group_h;
            let style = text(14.0).pos(Pos::new(HPos::Right, VPos::Center));
            let _ = root.draw(&Text::new(name.clone(), (left - 8, y + (group_h - gap) / 2), style));
            for c in 0..categories.len() {
                let yc = y + c as i32 * bar_h;
                let rate = rates.get(t).and_then(|r| r.get(c)).copied().flatten();
                if let Some(r) = rate {
                    let x1 = left + (width * r.clamp(0.0, 1.0)).round() as i32;
                    let _ = root.draw(&Rectangle::new([(left, yc + 1), (x1.max(left + 1), yc + bar_h - 1)], C[c % 4].filled()));
                    if numbers == Numbers::InCells {
                        let _ = root.draw(&Text::new(format!("{:.1}%", r * 100.0), (x1 + 4, yc), text(11.0)));
                    }
                }
            }
        }
        let _ = root.present();
    }
    svg
}

/// Ballots per five-minute bucket, cumulative: (bucket start, Unix seconds; ballots).
pub fn turnout_over_time(points: &[(i64, u64)], caption: &str) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (720, 260)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let mut cumulative = Vec::with_capacity(points.len());
        let mut sum = 0;
        for (t, n) in points {
            sum += n;
            cumulative.push((*t, sum));
        }
        let (x0, x1) = match (cumulative.first(), cumulative.last()) {
            (Some(a), Some(b)) if b.0 > a.0 => (a.0, b.0),
            (Some(a), _) => (a.0 - 300, a.0 + 300),
            _ => (0, 1),
        };
        let chart = ChartBuilder::on(&root)
            .caption(caption, (FONT, 15.0))
            .margin(10)
            .x_label_area_size(30)
            .y_label_area_size(50)
            .build_cartesian_2d(x0..x1, 0u64..sum.max(1));
        if let Ok(mut chart) = chart {
            let fmt = |t: &i64| {
                let secs = t.rem_euclid(86_400);
                format!("{:02}:{:02}", (secs / 3600 + 8) % 24, secs % 3600 / 60)
                // Beijing time
            };
            let _ = chart.configure_mesh().x_labels(6).x_label_formatter(&fmt).label_style((FONT, 12.0)).draw();
            let _ = chart.draw_series(LineSeries::new(cumulative.iter().copied(), RGBColor(166, 27, 27).stroke_width(2)));
        }
        let _ = root.present();
    }
    svg
}

/// One target before and after its re-evaluation: (satisfaction, dissatisfaction).
#[derive(Debug, Clone, PartialEq)]
pub struct BeforeAfter {
    /// Target name.
    pub name: String,
    /// Rates in the parent round.
    pub before: (Option<f64>, Option<f64>),
    /// Rates in the re-evaluation round.
    pub after: (Option<f64>, Option<f64>),
}

/// Parent vs child per re-evaluated target: for each, a "before" and an "after" bar,
/// each split into satisfaction (green) and dissatisfaction (red) with the percentages.
pub fn before_after(rows: &[BeforeAfter], before: &str, after: &str) -> String {
    let (bar_h, gap, left, top) = (18i32, 14i32, 230i32, 40i32);
    let group_h = bar_h * 2 + gap;
    let w = 720u32;
    let h = (top + group_h * rows.len().max(1) as i32 + 10) as u32;
    let (green, red) = (RGBColor(30, 123, 52), RGBColor(200, 60, 50));
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let text = |size: f64| TextStyle::from((FONT, size).into_font()).color(&BLACK);
        let white = |size: f64| TextStyle::from((FONT, size).into_font()).color(&WHITE);
        let width = (w as i32 - left - 20) as f64;
        for (t, r) in rows.iter().enumerate() {
            let y = top + t as i32 * group_h;
            let style = text(14.0).pos(Pos::new(HPos::Right, VPos::Center));
            let _ = root.draw(&Text::new(r.name.clone(), (left - 8, y + bar_h / 2), style));
            for (k, (label, (sat, dis))) in [(before, r.before), (after, r.after)].into_iter().enumerate() {
                let yb = y + k as i32 * bar_h;
                let tag = text(11.0).pos(Pos::new(HPos::Right, VPos::Center));
                let _ = root.draw(&Text::new(label.to_owned(), (left - 8, yb + bar_h / 2 + if k == 0 { 14 } else { 0 }), tag));
                let (Some(s), Some(d)) = (sat, dis) else {
                    let _ = root.draw(&Text::new("—".to_owned(), (left + 4, yb + 2), text(12.0)));
                    continue;
                };
                let xs = left + (width * s.clamp(0.0, 1.0)).round() as i32;
                let xd = xs + (width * d.clamp(0.0, 1.0)).round() as i32;
                let _ = root.draw(&Rectangle::new([(left, yb + 1), (xs.max(left + 1), yb + bar_h - 2)], green.filled()));
                let _ = root.draw(&Rectangle::new([(xs, yb + 1), (xd.max(xs + 1), yb + bar_h - 2)], red.filled()));
                if xs - left > 44 {
                    let _ = root.draw(&Text::new(format!("{:.1}%", s * 100.0), (left + 4, yb + 3), white(11.0)));
                }
                if xd - xs > 44 {
                    let _ = root.draw(&Text::new(format!("{:.1}%", d * 100.0), (xs + 4, yb + 3), white(11.0)));
                }
            }
        }
        let _ = root.present();
    }
    svg
}

/// The system's fonts, loaded once (setup installs Noto Sans CJK for Chinese text).
fn fonts() -> std::sync::Arc<resvg::usvg::fontdb::Database> {
    static DB: std::sync::OnceLock<std::sync::Arc<resvg::usvg::fontdb::Database>> = std::sync::OnceLock::new();
    DB.get_or_init(|| {
        let mut db = resvg::usvg::fontdb::Database::new();
        db.load_system_fonts();
        db.set_sans_serif_family("Noto Sans CJK SC");
        keep_chart_font_in_memory(&mut db);
        std::sync::Arc::new(db)
    })
    .clone()
}

/// Reads the file of the face chart text is set in into memory, once. fontdb opens and maps
/// a font file anew each time a glyph is shaped or outlined, and the CJK collection is a
/// 20 MB file: a report's charts read it thousands of times (docs/BENCHMARKS.md, "The Word
/// report"). Costs the file's size in memory once the first chart is rasterized.
fn keep_chart_font_in_memory(db: &mut resvg::usvg::fontdb::Database) {
    use resvg::usvg::fontdb::{Family, Query, Source};
    let query = Query { families: &[Family::Name("PingFang SC"), Family::Name("Noto Sans CJK SC"), Family::SansSerif], ..Query::default() };
    let Some(path) = db.query(&query).and_then(|id| match db.face_source(id) {
        Some((Source::File(path), _)) => Some(path),
        _ => None,
    }) else {
        return;
    };
    let Ok(data) = std::fs::read(&path) else { return };
    let from_file: Vec<_> = db.faces().filter(|f| matches!(&f.source, Source::File(p) if *p == path)).map(|f| f.id).collect();
    for id in from_file {
        db.remove_face(id);
    }
    db.load_font_source(Source::Binary(std::sync::Arc::new(data)));
}

/// Whether a font with Chinese glyphs (a CJK family) is available for PNG charts.
pub fn has_cjk_font() -> bool {
    fonts().faces().any(|f| f.families.iter().any(|(name, _)| name.contains("CJK")))
}

/// Rasterizes a chart's SVG to PNG at twice its size (for print and slides).
pub fn png(svg: &str) -> Result<Vec<u8>, String> {
    png_within(svg, u32::MAX, u32::MAX)
}

/// Rasterizes a chart's SVG to PNG at twice its size, or smaller so that it fits in
/// `max_width` × `max_height` pixels (a page of a document: a chart of 360 targets would
/// otherwise be tens of millions of pixels that the page shrinks anyway).
pub fn png_within(svg: &str, max_width: u32, max_height: u32) -> Result<Vec<u8>, String> {
    let opt = resvg::usvg::Options { fontdb: fonts(), ..Default::default() };
    let tree = resvg::usvg::Tree::from_str(svg, &opt).map_err(|e| e.to_string())?;
    let (w, h) = (tree.size().width(), tree.size().height());
    let scale = 2.0_f32.min(max_width as f32 / w).min(max_height as f32 / h);
    let size = tree.size().to_int_size().scale_by(scale).ok_or("empty chart")?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height()).ok_or("empty chart")?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(&tree, resvg::tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_are_svg_with_the_chinese_labels_in_them() {
        let labels = vec!["满意".to_owned(), "基本满意".to_owned(), "不满意".to_owned(), "不了解".to_owned()];
        let svg = stacked_bars(&[("区教育局领导班子".into(), vec![5, 3, 1, 1]), ("张建国".into(), vec![0, 0, 0, 0])], &labels);
        assert!(svg.starts_with("<svg"), "{}", &svg[..60.min(svg.len())]);
        for l in labels.iter().chain([&"区教育局领导班子".to_owned(), &"张建国".to_owned()]) {
            assert!(svg.contains(l.as_str()), "{l} missing");
        }
        let heat =
            heat_map(&["区教育局领导班子".into()], &["总体评价".into(), "反对“四风”".into()], &[vec![Some(0.8), None]], Numbers::InCells);
        assert!(heat.contains("总体评价") && heat.contains("80.0%") && heat.contains("—"));
        let cats = category_breakdown(
            &["区教育局领导班子".into()],
            &["群众代表".into(), "服务对象".into()],
            &[vec![Some(0.5), None]],
            Numbers::InCells,
        );
        assert!(cats.contains("群众代表") && cats.contains("服务对象") && cats.contains("50.0%"));
        // Drawn for the report: the colour key instead of a percentage in each cell or bar.
        let plain = heat_map(&["区教育局领导班子".into()], &["总体评价".into()], &[vec![Some(0.8)]], Numbers::Key("满意率："));
        assert!(plain.contains("满意率：") && plain.contains("100%") && !plain.contains("80.0%"));
        let plain = category_breakdown(&["区教育局领导班子".into()], &["群众代表".into()], &[vec![Some(0.5)]], Numbers::Key(""));
        assert!(plain.contains("群众代表") && !plain.contains("50.0%"));
        let ba = before_after(
            &[BeforeAfter { name: "区教育局领导班子".into(), before: (Some(0.3), Some(0.7)), after: (Some(0.8), Some(0.2)) }],
            "重新测评前",
            "重新测评后",
        );
        assert!(ba.contains("重新测评前") && ba.contains("重新测评后") && ba.contains("80.0%") && ba.contains("70.0%"));
        let line = turnout_over_time(&[(1_700_000_000, 3), (1_700_000_300, 5)], "累计投票");
        assert!(line.contains("累计投票") && (line.contains("<polyline") || line.contains("<path")));
    }
}

#[cfg(test)]
mod png_tests {
    use super::*;

    #[test]
    fn a_chart_rasterizes_to_a_png_twice_its_size() {
        let svg = stacked_bars(&[("区教育局领导班子".into(), vec![5, 3, 1, 1])], &["满意".to_owned(), "不满意".to_owned()]);
        let png = png(&svg).expect("rasterized");
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        // IHDR: width and height, big-endian, at bytes 16..24.
        let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
        assert_eq!(w, 1440);
    }

    #[test]
    fn the_chart_font_is_read_into_memory_once_rather_than_mapped_per_glyph() {
        use resvg::usvg::fontdb::{Family, Query, Source};
        if std::path::Path::new("/usr/share/fonts/opentype/noto").exists() {
            let db = fonts();
            let id = db.query(&Query { families: &[Family::Name("Noto Sans CJK SC")], ..Query::default() }).expect("Noto Sans CJK SC");
            assert!(matches!(db.face_source(id), Some((Source::Binary(_), _))), "the face is still read from its file");
        }
    }

    #[test]
    fn chinese_text_has_a_font_when_setup_installed_one() {
        // scripts/setup.sh installs fonts-noto-cjk; without it Chinese would be boxes.
        if std::path::Path::new("/usr/share/fonts/opentype/noto").exists() {
            assert!(has_cjk_font(), "Noto Sans CJK is installed but not found");
        }
    }
}
