//! The key tables of `schemas/README.md`, written from the descriptions: a test
//! fails when the README's tables differ from what this module writes, and
//! `INVENTARIO_ATUALIZAR_README=1 cargo test` rewrites them.

use super::{Field, Kind, Sgd, walk};

/// The marker lines around a generated table in the README.
pub fn markers(document: &str) -> (String, String) {
    (
        format!("<!-- chaves de {document}: gerado a partir de src/keys; não edite -->"),
        format!("<!-- fim das chaves de {document} -->"),
    )
}

/// How a kind reads in the table.
fn kind_text(field: &Field) -> String {
    let choices = |list: &[super::Choice]| {
        list.iter()
            .map(|(disk, _)| format!("`{disk}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match field.kind {
        Kind::Text => "texto".into(),
        Kind::LongText => "texto longo".into(),
        Kind::TextList => "lista de textos".into(),
        Kind::Number => "número".into(),
        Kind::Date => "data `\"AAAA-MM-DD\"`".into(),
        Kind::Answer => "`Sim` ou `Nao`".into(),
        Kind::Choice(list) => format!("um de {}", choices(list)),
        Kind::ChoiceList(list) => format!("lista de {}", choices(list)),
        Kind::Catalog(file) => format!("id de `{}`", file.file_name()),
        Kind::CatalogList(file) => format!("ids de `{}`", file.file_name()),
        Kind::FieldRefs => "ids de `campos`".into(),
        Kind::PurposeRefs => "ids de `finalidades`".into(),
        Kind::PurposeRef => "id de `finalidades`".into(),
        Kind::Period => "`Anos(n)` ou `Evento(\"…\")`".into(),
        Kind::AccessLevel => "um dos `niveis_acesso` da instituição".into(),
        Kind::Struct(_) => "estrutura".into(),
        Kind::List(_, id) => format!("lista, cada item identificado por `{id}`"),
        Kind::Section(_, id) => format!(
            "seção `NaoPreenchido`, `NaoSeAplica` ou `Lista([...])`, cada item identificado por `{id}`"
        ),
    }
}

fn sgd_text(sgd: Sgd) -> String {
    match sgd {
        Sgd::Absent => "—".into(),
        Sgd::Row(number, label) => format!("{number} {label}"),
        Sgd::Column(header) => format!("coluna \"{header}\""),
    }
}

/// The Markdown table of every key of a document, nested keys by their dotted path.
pub fn table(root: &'static [Field]) -> String {
    let mut out = String::from(
        "| chave | rótulo | conteúdo | obrigatória | modelo SGD | visibilidade |\n|---|---|---|---|---|---|\n",
    );
    for (path, field) in walk(root) {
        let mut content = kind_text(field);
        if !field.note.is_empty() {
            content.push_str(" — ");
            content.push_str(field.note);
        }
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} |\n",
            path.join("."),
            field.label,
            content.replace('|', "\\|"),
            if field.required { "sim" } else { "não" },
            sgd_text(field.sgd),
            field.visibility.label(),
        ));
    }
    out
}

/// The README with each generated table replaced by what the descriptions say now;
/// `None` when a marker is missing.
pub fn regenerate(readme: &str) -> Option<String> {
    let mut text = readme.to_owned();
    for (document, root) in [
        ("inventario.ron", super::INSTITUTION),
        ("processos/<id>.ron", super::PROCESS),
        ("ripd/<id>.ron", super::RIPD),
    ] {
        let (start, end) = markers(document);
        let from = text.find(&start)? + start.len();
        let to = from + text[from..].find(&end)?;
        text.replace_range(from..to, &format!("\n{}", table(root)));
    }
    Some(text)
}
