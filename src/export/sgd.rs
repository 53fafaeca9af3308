//! The SGD workbook (`sgd::Workbook`) written as an `.xlsx` file in the
//! template's look — dark-blue section bars, labels on the left, merged value
//! cells — through rust_xlsxwriter, or as Markdown for a SEI attachment or a
//! committee review.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook as Xlsx, Worksheet};

use super::ExportError;
use crate::export::public::markdown_escape;
use crate::sgd::{LISTING_HEADERS, LISTING_SHEET, Section, Workbook};

/// Value columns right of the label column.
const WIDTH: u16 = 5;
/// Width of the label column and of each value column, in characters.
const LABEL_WIDTH: usize = 48;
const VALUE_WIDTH: usize = 24;
/// Height of one line of text, in points.
const LINE_HEIGHT: f64 = 15.0;

/// Lines `text` takes wrapped in `width` characters (spreadsheets do not grow
/// a row for wrapped text on their own, and never for merged cells).
fn lines(text: &str, width: usize) -> usize {
    // Proportional and bold fonts fit fewer characters than the column's width.
    let width = width * 4 / 5;
    text.lines()
        .map(|l| l.chars().count().div_ceil(width.max(1)).max(1))
        .sum::<usize>()
        .max(1)
}

/// The row height for a label and its cells (the last cell spans to the end).
fn row_height(label: &str, cells: &[String]) -> f64 {
    let mut needed = lines(label, LABEL_WIDTH);
    for (n, text) in cells.iter().enumerate() {
        let span = if n + 1 == cells.len() {
            WIDTH as usize - n
        } else {
            1
        };
        needed = needed.max(lines(text, VALUE_WIDTH * span));
    }
    LINE_HEIGHT * needed as f64
}

struct Styles {
    bar: Format,
    header: Format,
    label: Format,
    value: Format,
}

fn styles() -> Styles {
    let dark = Color::RGB(0x1F_3864);
    let medium = Color::RGB(0xB4_C6E7);
    Styles {
        bar: Format::new()
            .set_bold()
            .set_font_color(Color::White)
            .set_background_color(dark)
            .set_align(FormatAlign::Center)
            .set_text_wrap()
            .set_border(FormatBorder::Thin),
        header: Format::new()
            .set_bold()
            .set_font_color(Color::White)
            .set_background_color(dark)
            .set_text_wrap()
            .set_border(FormatBorder::Thin),
        label: Format::new()
            .set_background_color(medium)
            .set_align(FormatAlign::Right)
            .set_text_wrap()
            .set_border(FormatBorder::Thin),
        value: Format::new()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin),
    }
}

/// Printed (or saved as PDF for the SEI process) landscape, one page wide.
fn printable(sheet: &mut Worksheet) {
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
}

fn failed(e: rust_xlsxwriter::XlsxError) -> ExportError {
    ExportError::Spreadsheet(e.to_string())
}

/// Writes `text` from `first` to the last value column, merged when it spans.
fn span(
    sheet: &mut Worksheet,
    row: u32,
    first: u16,
    last: u16,
    text: &str,
    format: &Format,
) -> Result<(), ExportError> {
    if last > first {
        sheet
            .merge_range(row, first, row, last, text, format)
            .map_err(failed)?;
    } else {
        sheet
            .write_string_with_format(row, first, text, format)
            .map_err(failed)?;
    }
    Ok(())
}

/// Cells in columns 1…, the last one stretched to the last value column.
fn cells(
    sheet: &mut Worksheet,
    row: u32,
    texts: &[String],
    format: &Format,
) -> Result<(), ExportError> {
    for (n, text) in texts.iter().enumerate() {
        let col = n as u16 + 1;
        let last = if n + 1 == texts.len() { WIDTH } else { col };
        span(sheet, row, col, last, text, format)?;
    }
    Ok(())
}

fn section(
    sheet: &mut Worksheet,
    row: &mut u32,
    s: &Section,
    st: &Styles,
) -> Result<(), ExportError> {
    if s.is_single_value() {
        span(sheet, *row, 0, WIDTH, &s.title, &st.bar)?;
        let height =
            LINE_HEIGHT * lines(&s.title, LABEL_WIDTH + VALUE_WIDTH * WIDTH as usize) as f64;
        sheet.set_row_height(*row, height).map_err(failed)?;
    } else {
        sheet
            .write_string_with_format(*row, 0, &s.title, &st.header)
            .map_err(failed)?;
        cells(sheet, *row, &s.headers, &st.header)?;
        sheet
            .set_row_height(*row, row_height(&s.title, &s.headers))
            .map_err(failed)?;
    }
    *row += 1;
    for r in &s.rows {
        sheet
            .write_string_with_format(*row, 0, &r.label, &st.label)
            .map_err(failed)?;
        cells(sheet, *row, &r.cells, &st.value)?;
        sheet
            .set_row_height(*row, row_height(&r.label, &r.cells))
            .map_err(failed)?;
        *row += 1;
    }
    Ok(())
}

/// The workbook as an `.xlsx` file: `Listagem geral` first, then one tab per
/// process.
pub fn xlsx(book: &Workbook) -> Result<Vec<u8>, ExportError> {
    let st = styles();
    let mut xlsx = Xlsx::new();
    let listing = xlsx.add_worksheet();
    listing.set_name(LISTING_SHEET).map_err(failed)?;
    printable(listing);
    listing.set_column_width(0, 16).map_err(failed)?;
    for col in 1..=6 {
        listing
            .set_column_width(col, if col == 5 { 60 } else { 22 })
            .map_err(failed)?;
    }
    let mut row = 0;
    for (title, band) in [
        ("Controlador", &book.listing.controller),
        ("Encarregado", &book.listing.dpo),
    ] {
        listing
            .merge_range(row, 0, row + 1, 0, title, &st.header)
            .map_err(failed)?;
        for (n, (label, value)) in band.iter().enumerate() {
            let r = row + (n / 3) as u32;
            let col = 1 + 2 * (n % 3) as u16;
            listing
                .write_string_with_format(r, col, *label, &st.label)
                .map_err(failed)?;
            listing
                .write_string_with_format(r, col + 1, value, &st.value)
                .map_err(failed)?;
        }
        row += 2;
    }
    row += 1;
    for (col, header) in LISTING_HEADERS.iter().enumerate() {
        listing
            .write_string_with_format(row, col as u16, *header, &st.header)
            .map_err(failed)?;
    }
    for values in &book.listing.rows {
        row += 1;
        for (col, value) in values.iter().enumerate() {
            listing
                .write_string_with_format(row, col as u16, value, &st.value)
                .map_err(failed)?;
        }
    }
    for s in &book.sheets {
        let sheet = xlsx.add_worksheet();
        sheet.set_name(&s.name).map_err(failed)?;
        printable(sheet);
        sheet
            .set_column_width(0, LABEL_WIDTH as f64)
            .map_err(failed)?;
        for col in 1..=WIDTH {
            sheet
                .set_column_width(col, VALUE_WIDTH as f64)
                .map_err(failed)?;
        }
        let mut row = 0;
        for part in &s.sections {
            section(sheet, &mut row, part, &st)?;
        }
    }
    xlsx.save_to_buffer().map_err(failed)
}

fn md_row(cells: &[String]) -> String {
    let cells: Vec<String> = cells.iter().map(|c| markdown_escape(c.clone())).collect();
    format!("| {} |\n", cells.join(" | "))
}

/// The workbook as Markdown: the listing, then each process's sections as tables.
pub fn markdown(book: &Workbook) -> String {
    let mut out =
        String::from("# Inventário de dados pessoais — modelo SGD\n\n## Listagem geral\n\n");
    for (title, band) in [
        ("Controlador", &book.listing.controller),
        ("Encarregado", &book.listing.dpo),
    ] {
        let parts: Vec<String> = band
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(l, v)| format!("{l} {}", markdown_escape(v.clone())))
            .collect();
        out.push_str(&format!("- **{title}:** {}\n", parts.join("; ")));
    }
    out.push('\n');
    let headers: Vec<String> = LISTING_HEADERS.iter().map(|h| h.to_string()).collect();
    out.push_str(&md_row(&headers));
    out.push_str(&format!("|{}\n", "---|".repeat(headers.len())));
    for row in &book.listing.rows {
        out.push_str(&md_row(row));
    }
    for sheet in &book.sheets {
        let title = sheet
            .sections
            .first()
            .and_then(|s| s.rows.first())
            .and_then(|r| r.cells.first())
            .cloned()
            .unwrap_or_default();
        out.push_str(&format!(
            "\n## {} ({})\n",
            markdown_escape(title),
            sheet.process_id
        ));
        for s in &sheet.sections {
            out.push_str(&format!("\n### {}\n\n", markdown_escape(s.title.clone())));
            if s.rows.is_empty() {
                continue;
            }
            let mut headers = vec![String::new()];
            if s.is_single_value() {
                headers.push(String::new());
            } else {
                headers.extend(s.headers.iter().cloned());
            }
            out.push_str(&md_row(&headers));
            out.push_str(&format!("|{}\n", "---|".repeat(headers.len())));
            for r in &s.rows {
                let mut cells = vec![r.label.clone()];
                cells.extend(r.cells.iter().cloned());
                out.push_str(&md_row(&cells));
            }
        }
    }
    out
}
