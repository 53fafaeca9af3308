//! A RIPD report (`ripd_report::Report`) written as a Word document, through
//! docx-rs, for the SEI process. Kept apart from `ripd_report` because packing a
//! DOCX goes through `std::io` (a zip archive written to a seekable buffer).

use crate::ripd_report::{Block, Report};

/// The report as a Word document (DOCX, through docx-rs), for the SEI process:
/// title and section headings as heading styles (so the navigation pane and a
/// table of contents find them), each table with its caption above it.
pub fn docx(report: &Report) -> Result<Vec<u8>, String> {
    use docx_rs::{Docx, Paragraph, Run, Style, StyleType, Table, TableCell, TableRow, WidthType};
    let text = |t: &str| Paragraph::new().add_run(Run::new().add_text(t));
    let bold = |t: &str| Paragraph::new().add_run(Run::new().add_text(t).bold());
    let mut doc = Docx::new()
        .add_style(
            Style::new("Heading1", StyleType::Paragraph)
                .name("Heading 1")
                .size(32)
                .bold()
                .outline_lvl(0),
        )
        .add_style(
            Style::new("Heading2", StyleType::Paragraph)
                .name("Heading 2")
                .size(26)
                .bold()
                .outline_lvl(1),
        )
        .add_paragraph(text(&report.title).style("Heading1"));
    for section in &report.sections {
        doc = doc.add_paragraph(text(&section.heading).style("Heading2"));
        for block in &section.blocks {
            doc = match block {
                Block::Paragraph(t) => doc.add_paragraph(text(t)),
                Block::Item(label, value) => doc.add_paragraph(
                    Paragraph::new()
                        .add_run(Run::new().add_text(format!("{label}: ")).bold())
                        .add_run(Run::new().add_text(value.clone())),
                ),
                Block::Table {
                    caption,
                    headers,
                    rows,
                } => {
                    let doc = doc.add_paragraph(bold(caption));
                    if rows.is_empty() {
                        doc.add_paragraph(text("(nenhum)"))
                    } else {
                        let mut table_rows = vec![TableRow::new(
                            headers
                                .iter()
                                .map(|h| TableCell::new().add_paragraph(bold(h)))
                                .collect(),
                        )];
                        table_rows.extend(rows.iter().map(|row| {
                            TableRow::new(
                                row.iter()
                                    .map(|c| TableCell::new().add_paragraph(text(c)))
                                    .collect(),
                            )
                        }));
                        doc.add_table(Table::new(table_rows).width(5000, WidthType::Pct))
                    }
                }
            };
        }
    }
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut out)
        .map_err(|e| format!("não foi possível montar o DOCX: {e}"))?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalogs;
    use crate::ripd_report::build;

    #[test]
    fn the_docx_is_a_zip_with_the_document_and_its_text() {
        let catalogs = Catalogs::embedded().unwrap();
        let bytes = docx(&build(&crate::synthetic::full_ripd(), &catalogs)).unwrap();
        assert_eq!(&bytes[..2], b"PK", "a DOCX is a zip archive");
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("word/document.xml"));
    }
}
