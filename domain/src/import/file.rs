//! Reading a target list from pasted text, a CSV file (UTF-8 or GBK, as Excel saves it
//! in China) or an XLSX workbook (first sheet) into rows of cells.

use calamine::{Data, Reader, Xlsx};
use std::io::Cursor;

/// Why a file could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Not a readable CSV or XLSX file.
    #[error("the file could not be read as CSV or XLSX: {0}")]
    Unreadable(String),
}

/// Rows of pasted text: CSV, with Chinese commas accepted as separators.
pub fn rows_from_text(text: &str) -> Result<Vec<Vec<String>>, ImportError> {
    rows_from_csv(&text.replace('，', ","))
}

/// Rows of a CSV document.
pub fn rows_from_csv(text: &str) -> Result<Vec<Vec<String>>, ImportError> {
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.map(|rec| rec.iter().map(str::to_owned).collect()).map_err(|e| ImportError::Unreadable(e.to_string())))
        .collect()
}

/// Rows of an uploaded file: XLSX by its signature, else CSV in UTF-8 or GBK.
pub fn rows_from_file(bytes: &[u8]) -> Result<Vec<Vec<String>>, ImportError> {
    if bytes.starts_with(b"PK\x03\x04") {
        let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| ImportError::Unreadable(e.to_string()))?;
        let range = book
            .worksheet_range_at(0)
            .ok_or_else(|| ImportError::Unreadable("the workbook has no sheet".into()))?
            .map_err(|e| ImportError::Unreadable(e.to_string()))?;
        return Ok(range
            .rows()
            .map(|row| {
                row.iter()
                    .map(|c| match c {
                        Data::Empty => String::new(),
                        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
                        other => other.to_string(),
                    })
                    .collect()
            })
            .collect());
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_owned(),
        Err(_) => encoding_rs::GBK.decode(bytes).0.into_owned(),
    };
    rows_from_csv(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_in_utf8_with_bom_quotes_and_chinese_commas_is_read() {
        let rows = rows_from_file("\u{feff}名称,类型\n\"甲, 乙\",班子\n".as_bytes()).expect("csv");
        assert_eq!(rows, vec![vec!["名称", "类型"], vec!["甲, 乙", "班子"]]);
        assert_eq!(rows_from_text("张三，干部，甲").expect("text"), vec![vec!["张三", "干部", "甲"]]);
    }

    #[test]
    fn csv_saved_as_gbk_is_read() {
        let (gbk, _, _) = encoding_rs::GBK.encode("区教育局领导班子,班子\n");
        let rows = rows_from_file(&gbk).expect("gbk csv");
        assert_eq!(rows, vec![vec!["区教育局领导班子", "班子"]]);
    }

    #[test]
    fn the_first_sheet_of_an_xlsx_workbook_is_read() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (r, row) in
            [["名称", "类型", "所属班子"], ["区教育局领导班子", "班子", ""], ["张建国", "干部", "区教育局领导班子"]].iter().enumerate()
        {
            for (c, cell) in row.iter().enumerate() {
                if !cell.is_empty() {
                    sheet.write_string(r as u32, c as u16, *cell).expect("write cell");
                }
            }
        }
        sheet.write_number(3, 0, 42.0).expect("write number");
        let bytes = book.save_to_buffer().expect("xlsx");
        let rows = rows_from_file(&bytes).expect("xlsx rows");
        assert_eq!(rows[2], vec!["张建国", "干部", "区教育局领导班子"]);
        assert_eq!(rows[1][0], "区教育局领导班子");
        assert_eq!(rows[3][0], "42");
    }

    #[test]
    fn a_broken_xlsx_is_an_error_not_a_panic() {
        assert!(rows_from_file(b"PK\x03\x04not really a zip").is_err());
    }
}
