//! Reading a target list from pasted text, a CSV file (UTF-8 or GBK, as Excel saves it
//! in China) or an XLSX workbook (first sheet) into rows of cells.

use calamine::{Data, Reader, Xlsx};
use std::collections::BTreeMap;
use std::io::{Cursor, Read};

pub use super::{Bound, MAX_CELLS, MAX_COLUMNS, MAX_ROWS, MAX_UNPACKED};

/// Why a file could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Not a readable CSV or XLSX file.
    #[error("the file could not be read as CSV or XLSX: {0}")]
    Unreadable(String),
    /// Past one of the bounds, found before the file was read any further.
    #[error("the file is larger than allowed: {0:?}")]
    TooLarge(Bound),
}

/// Rows of pasted text: CSV, with Chinese commas accepted as separators.
pub fn rows_from_text(text: &str) -> Result<Vec<Vec<String>>, ImportError> {
    rows_from_csv(&text.replace('，', ","))
}

/// Rows of a CSV document, at most [`MAX_ROWS`] of at most [`MAX_COLUMNS`] cells.
pub fn rows_from_csv(text: &str) -> Result<Vec<Vec<String>>, ImportError> {
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| ImportError::Unreadable(e.to_string()))?;
        if rows.len() >= MAX_ROWS as usize {
            return Err(ImportError::TooLarge(Bound::Rows));
        }
        if record.len() > MAX_COLUMNS as usize {
            return Err(ImportError::TooLarge(Bound::Columns));
        }
        rows.push(record.iter().map(str::to_owned).collect());
    }
    Ok(rows)
}

/// Rows of an uploaded file: XLSX by its signature, else CSV in UTF-8 or GBK.
pub fn rows_from_file(bytes: &[u8]) -> Result<Vec<Vec<String>>, ImportError> {
    if bytes.starts_with(b"PK\x03\x04") {
        return rows_from_xlsx(bytes);
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_owned(),
        Err(_) => encoding_rs::GBK.decode(bytes).0.into_owned(),
    };
    rows_from_csv(&text)
}

/// Unpacks every part of the archive into nothing, counting: more than [`MAX_UNPACKED`]
/// bytes in all is refused, whatever the parts' headers claim.
fn check_unpacked(bytes: &[u8]) -> Result<(), ImportError> {
    let unreadable = |e: zip::result::ZipError| ImportError::Unreadable(e.to_string());
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(unreadable)?;
    let mut left = MAX_UNPACKED;
    for i in 0..zip.len() {
        let part = zip.by_index(i).map_err(unreadable)?;
        let read = std::io::copy(&mut part.take(left + 1), &mut std::io::sink()).map_err(|e| ImportError::Unreadable(e.to_string()))?;
        left = left.checked_sub(read).ok_or(ImportError::TooLarge(Bound::Unpacked))?;
    }
    Ok(())
}

/// The first sheet's cells, one at a time: no range is built before the bounds are known
/// (a sheet with one cell in A1 and one in XFD1048576 would otherwise allocate 17 billion).
fn rows_from_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, ImportError> {
    check_unpacked(bytes)?;
    let unreadable = |e: calamine::XlsxError| ImportError::Unreadable(e.to_string());
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
    let name = book.sheet_names().first().cloned().ok_or_else(|| ImportError::Unreadable("the workbook has no sheet".into()))?;
    let mut reader = book.worksheet_cells_reader(&name).map_err(unreadable)?;
    let mut cells: BTreeMap<(u32, u32), String> = BTreeMap::new();
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        let (row, col) = cell.get_position();
        if row >= MAX_ROWS {
            return Err(ImportError::TooLarge(Bound::Rows));
        }
        if col >= MAX_COLUMNS {
            return Err(ImportError::TooLarge(Bound::Columns));
        }
        let text = match Data::from(cell.get_value().clone()) {
            Data::Empty => continue,
            Data::Float(f) if f.fract() == 0.0 => format!("{}", f as i64),
            other => other.to_string(),
        };
        if cells.len() >= MAX_CELLS {
            return Err(ImportError::TooLarge(Bound::Cells));
        }
        cells.insert((row, col), text);
    }
    // As the sheet's used range: from its first used row and column to its last.
    let Some(first_row) = cells.keys().map(|k| k.0).min() else { return Ok(Vec::new()) };
    let last_row = cells.keys().map(|k| k.0).max().unwrap_or(first_row);
    let first_col = cells.keys().map(|k| k.1).min().unwrap_or(0);
    let last_col = cells.keys().map(|k| k.1).max().unwrap_or(first_col);
    Ok((first_row..=last_row).map(|r| (first_col..=last_col).map(|c| cells.get(&(r, c)).cloned().unwrap_or_default()).collect()).collect())
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

    #[test]
    fn a_sheet_with_a_cell_in_xfd1048576_is_refused_by_its_bounds_before_a_range_is_built() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "名称").expect("A1");
        sheet.write_string(1_048_575, 16_383, "x").expect("XFD1048576");
        let bytes = book.save_to_buffer().expect("xlsx");
        assert!(bytes.len() < 8_000, "a small file: {} bytes", bytes.len());
        assert!(matches!(rows_from_file(&bytes), Err(ImportError::TooLarge(Bound::Rows))));
        let mut book = rust_xlsxwriter::Workbook::new();
        book.add_worksheet().write_string(3, 200, "x").expect("GS4");
        let bytes = book.save_to_buffer().expect("xlsx");
        assert!(matches!(rows_from_file(&bytes), Err(ImportError::TooLarge(Bound::Columns))));
    }

    #[test]
    fn a_workbook_that_unpacks_past_the_bound_is_refused_before_it_is_parsed() {
        // One long string repeated: compresses about a thousandfold.
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        let long = "甲".repeat(10_000);
        for r in 0..1_200 {
            sheet.write_string(r, 0, format!("{r}{long}")).expect("cell");
        }
        let bytes = book.save_to_buffer().expect("xlsx");
        assert!(matches!(rows_from_file(&bytes), Err(ImportError::TooLarge(Bound::Unpacked))), "{} bytes", bytes.len());
    }

    #[test]
    fn csv_past_the_row_or_column_bound_is_refused() {
        let rows = "a\n".repeat(MAX_ROWS as usize + 1);
        assert!(matches!(rows_from_csv(&rows), Err(ImportError::TooLarge(Bound::Rows))));
        assert_eq!(rows_from_csv(&"a\n".repeat(MAX_ROWS as usize)).expect("at the bound").len(), MAX_ROWS as usize);
        let wide = vec!["x"; MAX_COLUMNS as usize + 1].join(",");
        assert!(matches!(rows_from_csv(&wide), Err(ImportError::TooLarge(Bound::Columns))));
    }

    #[test]
    fn an_xlsx_keeps_its_used_range_as_before() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(2, 1, "名称").expect("B3");
        sheet.write_string(4, 2, "张三").expect("C5");
        let bytes = book.save_to_buffer().expect("xlsx");
        let rows = rows_from_file(&bytes).expect("rows");
        assert_eq!(rows, vec![vec!["名称", ""], vec!["", ""], vec!["", "张三"]]);
    }
}
