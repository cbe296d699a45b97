//! The 测评报告 as a Word document (`GET /api/v1/rounds/{id}/report.docx`): the results
//! page's data as the caller may see it — cover, method, turnout, ranking, charts,
//! per-target details of disclosed cells, flags and their follow-up, opinions in random
//! order — written with docx-rs. Every page's footer carries the audit chain's head and
//! the generation time. Text is set in 宋体 (SimSun, headings 黑体) as WPS and Word name
//! them; a character SimSun cannot show is listed at the top of the document and returned
//! to the caller, never dropped silently.

mod sections;

use app::domain::round::RoundSpec;
use app::i18n::{texts, Locale};
use app::views::results::ResultsPageView;
use docx_rs::{
    AlignmentType, Docx, Footer, PageMargin, PageNum, Paragraph, Pic, Run, RunFonts, Table, TableCell, TableCellMargins, TableLayoutType,
    TableRow, WidthType,
};
use std::collections::BTreeMap;

/// What the report is written from.
pub struct Input {
    /// The results page as the caller may see it (closed round, charts and opinions in).
    pub page: ResultsPageView,
    /// The round's definition (scales, rules, categories).
    pub spec: RoundSpec,
    /// Who organized the round (`MINPING_ORGANIZER`), when configured.
    pub organizer: Option<String>,
    /// The audit chain's head when the report was written.
    pub audit_head: String,
    /// The language of the document.
    pub locale: Locale,
}

/// `text` without the characters XML 1.0 cannot carry (the controls other than tab, line
/// feed and carriage return; U+FFFE and U+FFFF): Word refuses a document holding one, and
/// an opinion may hold anything a phone can type (DOMAIN.md "Hostile input").
pub fn xml_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let forbidden = |c: char| (c < '\u{20}' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}');
    if text.chars().any(forbidden) {
        std::borrow::Cow::Owned(text.chars().filter(|c| !forbidden(*c)).collect())
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// A character that SimSun cannot show, and the first text it occurs in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unrenderable {
    /// The character.
    pub ch: char,
    /// The first text (a name, an opinion…) that holds it.
    pub in_text: String,
}

/// The written document.
pub struct Output {
    /// The DOCX file.
    pub docx: Vec<u8>,
    /// The characters the document's font cannot show, in code point order.
    pub unrenderable: Vec<Unrenderable>,
}

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A chart could not be rasterized.
    #[error("drawing the chart '{0}' failed: {1}")]
    Chart(String, String),
    /// The package could not be written.
    #[error("packing the document failed: {0}")]
    Pack(String),
}

/// Body font (宋体) and heading font (黑体), by the names Word and WPS know.
const BODY_FONT: &str = "宋体";
const HEADING_FONT: &str = "黑体";
const LATIN_FONT: &str = "Times New Roman";
/// A4 in twips, and its margins (2.54 cm top and bottom, 3.17 cm left and right).
const A4: (u32, u32) = (11_906, 16_838);
const MARGIN: (i32, i32) = (1_440, 1_800);
/// The text area in EMU (1 twip = 635 EMU), for the charts; height with room for a caption.
const TEXT_WIDTH_EMU: u64 = (11_906 - 2 * 1_800) * 635;
const TEXT_HEIGHT_EMU: u64 = (16_838 - 2 * 1_440 - 1_600) * 635;
/// Largest chart image in pixels: the text area at about 200 dpi.
pub(crate) const CHART_MAX_PX: (u32, u32) = (1_240, 1_700);

/// Whether SimSun shows `c`: every character of GBK, and of CJK Extension A (U+3400–U+4DBF,
/// which SimSun also carries). Extension B and beyond, private use and emoji are not.
pub fn simsun_shows(c: char) -> bool {
    if c.is_ascii() || ('\u{3400}'..='\u{4dbf}').contains(&c) {
        return true;
    }
    // GBK maps the private use area to its user-defined codes; no font shows them alike.
    if ('\u{e000}'..='\u{f8ff}').contains(&c) {
        return false;
    }
    let mut buf = [0u8; 4];
    let (_, _, had_errors) = encoding_rs::GBK.encode(c.encode_utf8(&mut buf));
    !had_errors
}

/// A block of the document's body.
pub(crate) enum Block {
    Para(Box<Paragraph>),
    Table(Box<Table>),
}

/// The document being written: its blocks, and the characters its font cannot show.
pub(crate) struct Doc {
    blocks: Vec<Block>,
    missing: BTreeMap<char, String>,
}

impl Doc {
    /// A run of `text`, noting what SimSun cannot show.
    fn run(&mut self, text: &str) -> Run {
        let text = xml_safe(text);
        for c in text.chars().filter(|c| !simsun_shows(*c)) {
            self.missing.entry(c).or_insert_with(|| text.chars().take(60).collect());
        }
        Run::new().add_text(text)
    }

    pub(crate) fn heading(&mut self, text: &str) {
        let run = self.run(text).bold().size(32).fonts(RunFonts::new().east_asia(HEADING_FONT).ascii(LATIN_FONT).hi_ansi(LATIN_FONT));
        self.blocks.push(Block::Para(Box::new(Paragraph::new().add_run(run))));
    }

    pub(crate) fn subheading(&mut self, text: &str) {
        let run = self.run(text).bold().size(26).fonts(RunFonts::new().east_asia(HEADING_FONT).ascii(LATIN_FONT).hi_ansi(LATIN_FONT));
        self.blocks.push(Block::Para(Box::new(Paragraph::new().add_run(run))));
    }

    pub(crate) fn para(&mut self, text: &str) {
        let run = self.run(text);
        self.blocks.push(Block::Para(Box::new(Paragraph::new().add_run(run))));
    }

    /// A table with a bold head row; numbers are right-aligned by the caller's `right`.
    /// Columns are as wide as their texts need ([`column_widths`]), so that numbers never
    /// wrap while long names may.
    pub(crate) fn table(&mut self, head: &[&str], rows: &[Vec<String>], right: &[bool]) {
        let widths = column_widths(head, rows, (TEXT_WIDTH_EMU / 635) as usize);
        let cell = |doc: &mut Doc, text: &str, bold: bool, right: bool, width: usize| {
            let run = if bold { doc.run(text).bold() } else { doc.run(text) };
            let p = Paragraph::new().add_run(run.size(16));
            let p = if right { p.align(AlignmentType::Right) } else { p };
            TableCell::new().add_paragraph(p).width(width, WidthType::Dxa)
        };
        let mut out = vec![TableRow::new(head.iter().zip(&widths).map(|(h, w)| cell(self, h, true, false, *w)).collect())];
        for row in rows {
            let cells = row
                .iter()
                .zip(&widths)
                .enumerate()
                .map(|(i, (t, w))| cell(self, t, false, right.get(i).copied().unwrap_or(false), *w))
                .collect();
            out.push(TableRow::new(cells));
        }
        let margins = TableCellMargins::new().margin(0, CELL_MARGIN, 0, CELL_MARGIN);
        self.blocks.push(Block::Table(Box::new(Table::new(out).set_grid(widths).margins(margins).layout(TableLayoutType::Fixed))));
    }

    /// A PNG image scaled to fit the text area, keeping its proportions.
    pub(crate) fn image(&mut self, png: Vec<u8>) {
        let (w, h) = png_size(&png);
        let (w_emu, h_emu) = (u64::from(w) * 9_525, u64::from(h) * 9_525);
        let scale = (TEXT_WIDTH_EMU as f64 / w_emu.max(1) as f64).min(TEXT_HEIGHT_EMU as f64 / h_emu.max(1) as f64).min(1.0);
        let size = ((w_emu as f64 * scale) as u32, (h_emu as f64 * scale) as u32);
        let pic = Pic::new_with_dimensions(png, w, h).size(size.0, size.1);
        self.blocks.push(Block::Para(Box::new(Paragraph::new().add_run(Run::new().add_image(pic)).align(AlignmentType::Center))));
    }
}

/// A table cell's left and right margin, in twips.
const CELL_MARGIN: usize = 60;

/// Twips a line of `text` takes in the 8-point table font, on the wide side so that the
/// substitute fonts of WPS or LibreOffice fit too: a CJK (wide) character or `%` the
/// font's size, 160; any other 110.
fn text_twips(text: &str) -> usize {
    text.chars().map(|c| if (c as u32) >= 0x2E80 || c == '%' { 160 } else { 110 }).sum()
}

/// The narrowest a cell of `text` can be without breaking a number or a Latin word: its
/// longest run of characters that are neither CJK nor spaces (a CJK text breaks anywhere).
fn unbreakable_twips(text: &str) -> usize {
    text.split(|c: char| c.is_whitespace() || (c as u32) >= 0x2E80).map(text_twips).max().unwrap_or(0).max(160)
}

/// The widths of a table's columns in twips, within `total`: each as wide as its longest
/// cell, its head on at most two lines, and no column over 1,400 (a longer name wraps);
/// what is left over is shared out in proportion. A table that needs more than `total`
/// keeps every number whole: each column gets what its unbreakable words need, and only
/// the columns of text that may wrap share what is left.
fn column_widths(head: &[&str], rows: &[Vec<String>], total: usize) -> Vec<usize> {
    let pad = 2 * CELL_MARGIN + 20;
    let cells = |i: usize| rows.iter().filter_map(move |r| r.get(i));
    let need: Vec<usize> = head
        .iter()
        .enumerate()
        .map(|(i, h)| cells(i).map(|t| text_twips(t)).max().unwrap_or(0).max(text_twips(h).div_ceil(2)).clamp(300, 1_400) + pad)
        .collect();
    let sum = need.iter().sum::<usize>().max(1);
    if sum <= total {
        return need.iter().map(|n| n * total / sum).collect();
    }
    let min: Vec<usize> = head
        .iter()
        .enumerate()
        .map(|(i, h)| (cells(i).map(|t| unbreakable_twips(t)).chain([unbreakable_twips(h)]).max().unwrap_or(0) + pad).min(need[i]))
        .collect();
    let floor = min.iter().sum::<usize>();
    if floor >= total {
        return min.iter().map(|m| m * total / floor.max(1)).collect();
    }
    let slack: usize = need.iter().zip(&min).map(|(n, m)| n - m).sum::<usize>().max(1);
    need.iter().zip(&min).map(|(n, m)| m + (n - m) * (total - floor) / slack).collect()
}

/// A PNG's width and height in pixels, from its IHDR chunk (0 × 0 if it is not a PNG).
fn png_size(png: &[u8]) -> (u32, u32) {
    let at = |i: usize| png.get(i..i + 4).and_then(|b| <[u8; 4]>::try_from(b).ok()).map_or(0, u32::from_be_bytes);
    (at(16), at(20))
}

/// Writes the report.
pub fn write(input: &Input) -> Result<Output, ReportError> {
    let t = texts(input.locale);
    let r = t.report;
    let page = &input.page;
    let started = std::time::Instant::now();
    let mut doc = Doc { blocks: Vec::new(), missing: BTreeMap::new() };
    sections::all(&mut doc, input)?;
    let drawn = started.elapsed();

    // The cover, then the warning (once the whole text is known), then the body.
    let mut cover = Doc { blocks: Vec::new(), missing: BTreeMap::new() };
    let centered = |d: &mut Doc, text: &str, size: usize, bold: bool| {
        let run = d.run(text).size(size);
        let run = if bold { run.bold().fonts(RunFonts::new().east_asia(HEADING_FONT)) } else { run };
        d.blocks.push(Block::Para(Box::new(Paragraph::new().add_run(run).align(AlignmentType::Center))));
    };
    for _ in 0..6 {
        cover.blocks.push(Block::Para(Box::new(Paragraph::new())));
    }
    centered(&mut cover, r.title, 52, true);
    centered(&mut cover, &page.title, 36, true);
    cover.blocks.push(Block::Para(Box::new(Paragraph::new())));
    centered(&mut cover, &r.round.replace("{title}", &page.title).replace("{id}", &page.id.to_string()), 24, false);
    if let Some(o) = input.organizer.as_deref().filter(|o| !o.trim().is_empty()) {
        centered(&mut cover, &r.organizer.replace("{o}", o), 24, false);
    }
    centered(&mut cover, &r.generated.replace("{t}", &page.generated), 24, false);
    for (c, text) in std::mem::take(&mut cover.missing) {
        doc.missing.entry(c).or_insert(text);
    }
    let unrenderable: Vec<Unrenderable> = doc.missing.iter().map(|(c, s)| Unrenderable { ch: *c, in_text: s.clone() }).collect();
    if !unrenderable.is_empty() {
        let list: Vec<String> = unrenderable.iter().map(|u| format!("“{}”（U+{:04X}，{}）", u.ch, u.ch as u32, u.in_text)).collect();
        let text = r.unrenderable.replace("{n}", &unrenderable.len().to_string()).replace("{list}", &list.join("；"));
        let run = Run::new().add_text(text).bold().color("C00000");
        cover.blocks.push(Block::Para(Box::new(Paragraph::new().add_run(run))));
    }

    let footer_text = r.footer.replace("{head}", &input.audit_head).replace("{t}", &page.generated);
    let (before, after) = r.page.split_once("{p}").unwrap_or(("", ""));
    let footer = Footer::new()
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text(footer_text).size(16)).align(AlignmentType::Center))
        .add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text(before).size(16))
                .add_page_num(PageNum::new())
                .add_run(Run::new().add_text(after).size(16))
                .align(AlignmentType::Center),
        );
    let fonts = RunFonts::new().east_asia(BODY_FONT).ascii(LATIN_FONT).hi_ansi(LATIN_FONT).cs(LATIN_FONT);
    let mut docx = Docx::new()
        .page_size(A4.0, A4.1)
        .page_margin(PageMargin::new().top(MARGIN.0).bottom(MARGIN.0).left(MARGIN.1).right(MARGIN.1))
        .default_fonts(fonts)
        .default_size(21)
        .footer(footer);
    cover.blocks.push(Block::Para(Box::new(Paragraph::new().page_break_before(true))));
    for block in cover.blocks.into_iter().chain(doc.blocks) {
        docx = match block {
            Block::Para(p) => docx.add_paragraph(*p),
            Block::Table(t) => docx.add_table(*t),
        };
    }
    let mut out = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut out).map_err(|e| ReportError::Pack(e.to_string()))?;
    tracing::info!(
        targets = page.rows.len(),
        sections_ms = drawn.as_millis() as u64,
        packed_ms = (started.elapsed() - drawn).as_millis() as u64,
        bytes = out.get_ref().len(),
        "wrote a report"
    );
    Ok(Output { docx: out.into_inner(), unrenderable })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simsun_shows_gbk_and_extension_a_but_not_extension_b_or_emoji() {
        for c in ['王', '伟', '镕', '÷', '·', '“', '䶮', 'a', '1'] {
            assert!(simsun_shows(c), "{c}");
        }
        for c in ['𠮷', '😀', '\u{e000}'] {
            assert!(!simsun_shows(c), "{c}");
        }
    }

    #[test]
    fn numbers_get_the_width_they_need_and_long_names_wrap_instead() {
        // The ranking table of the report: ten columns on the A4 text width.
        let head = ["名次", "测评对象", "类型", "单位", "职务", "有效票", "满意率", "不满意率", "得分", "结论"];
        let row = [
            "44",
            "区农业农村局领导班子（试点）",
            "领导干部",
            "区农业农村局领导班子",
            "副局长",
            "125",
            "100.0%",
            "41.7%",
            "100.0",
            "需补课",
        ];
        let rows = vec![row.iter().map(|t| (*t).to_owned()).collect::<Vec<String>>()];
        let w = column_widths(&head, &rows, 8_306);
        assert!(w.iter().sum::<usize>() <= 8_306, "{w:?}");
        for (col, text) in [(0, "44"), (5, "125"), (6, "100.0%"), (7, "41.7%"), (8, "100.0"), (9, "需补课")] {
            assert!(w[col] >= text_twips(text) + 2 * CELL_MARGIN, "column {col} wraps '{text}': {w:?}");
        }
        assert!(w[1] < text_twips(row[1]), "the long name wraps: {w:?}");
        // Every number column is as wide as it asks, however narrow the page.
        let narrow = column_widths(&head, &rows, 6_000);
        assert!(narrow.iter().sum::<usize>() <= 6_000, "{narrow:?}");
        for col in [0, 5, 6, 7, 8] {
            assert!(narrow[col] >= text_twips(row[col]) + 2 * CELL_MARGIN, "column {col} wraps '{}': {narrow:?}", row[col]);
        }
    }

    #[test]
    fn text_for_the_report_loses_only_what_xml_cannot_carry() {
        assert_eq!(xml_safe("意见\u{b}建议\u{0}\u{1f}\u{fffe}"), "意见建议");
        assert_eq!(xml_safe("一\t二\n三\r"), "一\t二\n三\r");
        assert!(matches!(xml_safe("整改"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn a_png_size_is_read_from_its_header() {
        let mut png = vec![137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, b'I', b'H', b'D', b'R'];
        png.extend_from_slice(&640u32.to_be_bytes());
        png.extend_from_slice(&480u32.to_be_bytes());
        assert_eq!(png_size(&png), (640, 480));
        assert_eq!(png_size(b"GIF89a"), (0, 0));
    }
}
