//! What every printed document of the routes shares (slips, paper sheets, the hall
//! screen, the 公示 page, the reconciliation sheet): escaping, QR codes, the public base
//! URL and a batch of codes. Below all of them, so that none imports another.

use crate::routes::HttpConfig;
use app::domain::code::Code;
use axum::http::{header, HeaderMap};
use qrcode::{Color, EcLevel, QrCode};

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A QR code of `url` as a 1-bit PNG, one pixel per module and a quiet zone of four
/// (the page scales it up with `image-rendering: pixelated`).
pub fn qr_png(url: &str) -> Option<Vec<u8>> {
    let qr = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    let (w, quiet) = (qr.width(), 4);
    let side = w + 2 * quiet;
    let colors = qr.to_colors();
    let stride = side.div_ceil(8);
    let mut data = vec![0xFFu8; stride * side];
    for y in 0..w {
        for x in 0..w {
            if colors[y * w + x] == Color::Dark {
                let (px, py) = (x + quiet, y + quiet);
                data[py * stride + px / 8] &= !(0x80 >> (px % 8));
            }
        }
    }
    let mut out = Vec::new();
    let side = u32::try_from(side).ok()?;
    let mut enc = png::Encoder::new(&mut out, side, side);
    enc.set_color(png::ColorType::Grayscale);
    enc.set_depth(png::BitDepth::One);
    let mut writer = enc.write_header().ok()?;
    writer.write_image_data(&data).ok()?;
    writer.finish().ok()?;
    Some(out)
}

/// One batch on the sheet.
pub struct SheetBatch<'a> {
    /// The batch number.
    pub batch: i32,
    /// The unit's name, for a batch of a unit.
    pub unit: Option<&'a str>,
    /// The category's name.
    pub category: &'a str,
    /// The codes.
    pub codes: &'a [Code],
    /// The target keys the codes rate (`None`: the whole round), for paper sheets.
    pub scope: Option<Vec<String>>,
}

/// The public base URL for ballot links: `MINPING_PUBLIC_URL`, else this request's host.
pub fn base_url(cfg: &HttpConfig, headers: &HeaderMap) -> String {
    cfg.public_url.clone().unwrap_or_else(|| {
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1:3000");
        let scheme = if cfg.secure_cookies { "https" } else { "http" };
        format!("{scheme}://{host}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_for_html() {
        assert_eq!(esc(r#"<script>alert("x")</script>&'"#), "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;");
    }

    #[test]
    fn a_qr_code_is_a_small_png_that_decodes_to_its_modules() {
        let url = "http://127.0.0.1:3000/v/ABCDEFGHJKMN";
        let png_bytes = qr_png(url).expect("png");
        assert!(png_bytes.starts_with(b"\x89PNG"));
        assert!(png_bytes.len() < 400, "{} bytes", png_bytes.len());
        let decoder = png::Decoder::new(std::io::Cursor::new(&png_bytes));
        let reader = decoder.read_info().expect("header");
        let qr = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).expect("qr");
        assert_eq!(reader.info().width as usize, qr.width() + 8);
    }
}
