//! A RIPD report's blocks written as Markdown or as a self-contained, accessible
//! HTML page (pt-BR, headings in order, tables with caption and header scope).

use super::{Block, Report};

fn md_cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The report as Markdown.
pub fn markdown(report: &Report) -> String {
    let mut out = format!("# {}\n", report.title);
    for section in &report.sections {
        out.push_str(&format!("\n## {}\n\n", section.heading));
        for block in &section.blocks {
            match block {
                Block::Paragraph(text) => out.push_str(&format!("{text}\n\n")),
                Block::Item(label, value) => out.push_str(&format!("- **{label}:** {value}\n")),
                Block::Table {
                    caption,
                    headers,
                    rows,
                } => {
                    out.push_str(&format!("\n*{caption}*\n\n"));
                    if rows.is_empty() {
                        out.push_str("(nenhum)\n\n");
                        continue;
                    }
                    out.push_str(&format!(
                        "| {} |\n|{}\n",
                        headers
                            .iter()
                            .map(|h| md_cell(h))
                            .collect::<Vec<_>>()
                            .join(" | "),
                        "---|".repeat(headers.len())
                    ));
                    for row in rows {
                        out.push_str(&format!(
                            "| {} |\n",
                            row.iter()
                                .map(|c| md_cell(c))
                                .collect::<Vec<_>>()
                                .join(" | ")
                        ));
                    }
                    out.push('\n');
                }
            }
        }
    }
    out
}

fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The report as a self-contained HTML page (pt-BR, headings in order, tables
/// with caption and header scope).
pub fn html(report: &Report) -> String {
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"pt-BR\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>body{{font-family:sans-serif;max-width:60rem;margin:auto;padding:1rem;color:#111}}table{{border-collapse:collapse;margin:1rem 0}}th,td{{border:1px solid #555;padding:.3rem;text-align:left;vertical-align:top}}caption{{font-weight:bold;text-align:left}}</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n",
        esc(&report.title),
        esc(&report.title)
    );
    for section in &report.sections {
        out.push_str(&format!("<section>\n<h2>{}</h2>\n", esc(&section.heading)));
        let mut in_list = false;
        for block in &section.blocks {
            if !matches!(block, Block::Item(..)) && in_list {
                out.push_str("</dl>\n");
                in_list = false;
            }
            match block {
                Block::Paragraph(text) => out.push_str(&format!("<p>{}</p>\n", esc(text))),
                Block::Item(label, value) => {
                    if !in_list {
                        out.push_str("<dl>\n");
                        in_list = true;
                    }
                    out.push_str(&format!("<dt>{}</dt><dd>{}</dd>\n", esc(label), esc(value)));
                }
                Block::Table {
                    caption,
                    headers,
                    rows,
                } => {
                    out.push_str(&format!(
                        "<table>\n<caption>{}</caption>\n<thead><tr>",
                        esc(caption)
                    ));
                    for h in headers {
                        out.push_str(&format!("<th scope=\"col\">{}</th>", esc(h)));
                    }
                    out.push_str("</tr></thead>\n<tbody>\n");
                    if rows.is_empty() {
                        out.push_str(&format!(
                            "<tr><td colspan=\"{}\">nenhum</td></tr>\n",
                            headers.len()
                        ));
                    }
                    for row in rows {
                        out.push_str("<tr>");
                        for (i, cell) in row.iter().enumerate() {
                            if i == 0 {
                                out.push_str(&format!("<th scope=\"row\">{}</th>", esc(cell)));
                            } else {
                                out.push_str(&format!("<td>{}</td>", esc(cell)));
                            }
                        }
                        out.push_str("</tr>\n");
                    }
                    out.push_str("</tbody>\n</table>\n");
                }
            }
        }
        if in_list {
            out.push_str("</dl>\n");
        }
        out.push_str("</section>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}
