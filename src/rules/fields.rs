//! Rules on each personal-data field (UFDPar art. 34 §1–§4): it serves a purpose
//! the process has, says how it is obtained and what is done with it; and every
//! catalog id the process uses exists.

use super::registry as r;
use super::{CheckContext, FieldPath, Sink};
use crate::catalog::{Catalog, Entry};
use crate::model::Process;

pub(crate) fn check(ctx: &CheckContext, p: &Process, sink: &mut Sink) {
    if p.fields.is_empty() {
        sink.push(
            &r::NO_FIELDS,
            Some(FieldPath::root("campos")),
            "o processo não lista nenhum campo de dados pessoais".to_owned(),
        );
    }
    for field in &p.fields {
        let path = FieldPath::root("campos").item(field.id.as_str());
        if field.purposes.is_empty() {
            sink.push(
                &r::FIELD_NO_PURPOSE,
                Some(path.key("finalidades")),
                format!(
                    "o campo \"{}\" não diz para que finalidade é tratado",
                    field.id
                ),
            );
        }
        for purpose in &field.purposes {
            if p.purpose(purpose).is_none() {
                sink.push(
                    &r::FIELD_UNKNOWN_PURPOSE,
                    Some(path.key("finalidades")),
                    format!(
                        "o campo \"{}\" cita a finalidade \"{purpose}\", que não está em finalidades",
                        field.id
                    ),
                );
            }
        }
        if field.operations.is_empty() {
            sink.push(
                &r::FIELD_NO_OPERATIONS,
                Some(path.key("operacoes")),
                format!(
                    "o campo \"{}\" não lista as operações de tratamento (coleta, armazenamento, utilização…)",
                    field.id
                ),
            );
        }
        if field.source.is_none() {
            sink.push(
                &r::FIELD_NO_SOURCE,
                Some(path.key("fonte")),
                format!("o campo \"{}\" não diz como o dado é obtido", field.id),
            );
        }
    }
    catalog_references(ctx, p, sink);
}

fn unknown<T: Entry>(sink: &mut Sink, catalog: &Catalog<T>, file: &str, id: &str, path: FieldPath) {
    if !catalog.contains(id) {
        sink.push(
            &r::UNKNOWN_CATALOG_ID,
            Some(path),
            format!(
                "\"{id}\" não existe no catálogo {file}; escolha um id do catálogo ou acrescente-o em catalogos/{file}"
            ),
        );
    }
}

fn catalog_references(ctx: &CheckContext, p: &Process, sink: &mut Sink) {
    let c = ctx.catalogs;
    for (i, source) in p.sources.iter().enumerate() {
        unknown(
            sink,
            &c.sources,
            "fontes.ron",
            source.as_str(),
            FieldPath::root("fontes").index(i),
        );
    }
    for purpose in &p.purposes {
        if let Some(basis) = &purpose.legal_basis {
            let path = FieldPath::root("finalidades")
                .item(purpose.id.as_str())
                .key("base_legal");
            unknown(
                sink,
                &c.legal_bases,
                "bases-legais.ron",
                basis.as_str(),
                path,
            );
        }
    }
    for subject in &p.subjects {
        let path = FieldPath::root("titulares").item(subject.group.as_str());
        unknown(
            sink,
            &c.subject_groups,
            "titulares.ron",
            subject.group.as_str(),
            path,
        );
    }
    for field in &p.fields {
        let path = FieldPath::root("campos").item(field.id.as_str());
        unknown(
            sink,
            &c.field_kinds,
            "campos.ron",
            field.kind.as_str(),
            path.key("campo"),
        );
        // A kind of the inventory's own catalog whose category is unknown: its
        // sensitivity (LGPD art. 5 II) cannot be told.
        if field.category.is_none()
            && let Some(kind) = c.field_kinds.get(field.kind.as_str())
            && !c.categories.contains(&kind.category)
        {
            sink.push(
                &r::FIELD_KIND_UNKNOWN_CATEGORY,
                Some(path.key("campo")),
                format!(
                    "o tipo de campo \"{}\" aponta para a categoria \"{}\", que não existe em categorias.ron: não se sabe se o dado é sensível; corrija a categoria em catalogos/campos.ron ou dê a categoria do campo",
                    kind.id, kind.category
                ),
            );
        }
        if let Some(category) = &field.category {
            unknown(
                sink,
                &c.categories,
                "categorias.ron",
                category.as_str(),
                path.key("categoria"),
            );
        }
        if let Some(source) = &field.source {
            unknown(
                sink,
                &c.sources,
                "fontes.ron",
                source.as_str(),
                path.key("fonte"),
            );
        }
        if let Some(basis) = &field.legal_basis {
            unknown(
                sink,
                &c.legal_bases,
                "bases-legais.ron",
                basis.as_str(),
                path.key("base_legal"),
            );
        }
        for operation in &field.operations {
            unknown(
                sink,
                &c.operations,
                "operacoes.ron",
                operation.as_str(),
                path.key("operacoes"),
            );
        }
    }
    for measure in &p.security_measures {
        // A measure is named by its type (its identity key in `keys`), as its row is.
        let path = FieldPath::root("medidas_seguranca")
            .item(measure.kind.as_str())
            .key("tipo");
        unknown(
            sink,
            &c.measure_types,
            "medidas-seguranca.ron",
            measure.kind.as_str(),
            path,
        );
    }
    for sharing in p.sharing.items() {
        if let Some(exception) = &sharing.private_exception {
            let path = FieldPath::root("compartilhamentos")
                .item(sharing.id.as_str())
                .key("excecao_privado");
            unknown(
                sink,
                &c.private_exceptions,
                "excecoes-compartilhamento.ron",
                exception.as_str(),
                path,
            );
        }
    }
    for transfer in p.transfers.items() {
        if let Some(safeguard) = &transfer.safeguard {
            let path = FieldPath::root("transferencias_internacionais")
                .item(transfer.id.as_str())
                .key("salvaguarda");
            unknown(
                sink,
                &c.safeguards,
                "salvaguardas.ron",
                safeguard.as_str(),
                path,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::*;
    use crate::rules::test_support::*;

    #[test]
    fn a_local_field_kind_with_an_unknown_category_is_an_error() {
        let (catalogs, errors) = crate::catalog::Catalogs::with_extensions(
            catalogs(),
            &[(
                "campos.ron".to_owned(),
                "[(id: \"cartao-ru\", nome: \"Cartão do RU\", categoria: \"9.9.9\", fonte: \"local\")]"
                    .to_owned(),
            )],
        );
        assert!(errors.is_empty(), "{errors:?}");
        let inst = institution();
        let ctx = crate::rules::CheckContext {
            catalogs: &catalogs,
            institution: &inst,
            today: today(),
            ripds: &[],
        };
        let mut p = complete_process();
        let fired = |p: &Process| -> Vec<&'static str> {
            crate::rules::check_process(&ctx, p, None)
                .into_iter()
                .map(|f| f.rule)
                .collect()
        };
        assert!(!fired(&p).contains(&"campo-categoria-desconhecida"));
        p.fields.push(field("cartao", "cartao-ru", "art7-ii"));
        assert!(fired(&p).contains(&"campo-categoria-desconhecida"));
    }

    #[test]
    fn field_needs_a_purpose_the_process_has() {
        let mut p = complete_process();
        p.fields[0].purposes = vec![id("inexistente")];
        assert_fires(&p, "campo-finalidade-desconhecida");
        p.fields[0].purposes.clear();
        assert_fires(&p, "campo-sem-finalidade");
    }

    #[test]
    fn field_should_say_source_and_operations() {
        let mut p = complete_process();
        p.fields[1].source = None;
        p.fields[1].operations.clear();
        assert_fires(&p, "campo-sem-fonte");
        assert_fires(&p, "campo-sem-operacoes");
    }

    #[test]
    fn process_without_fields_is_an_error() {
        let mut p = complete_process();
        p.fields.clear();
        assert_fires(&p, "sem-campos");
    }

    #[test]
    fn unknown_catalog_ids_are_reported_with_their_catalog() {
        let mut p = complete_process();
        p.fields[0].kind = FieldKindId::from("cpff");
        p.fields[1].operations.push(OperationId::from("vender"));
        p.subjects[0].group = SubjectGroupId::from("alunos");
        let found = messages(&p, "catalogo-desconhecido");
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].contains("titulares.ron"));
        assert!(found[1].starts_with("campos[nome].campo") && found[1].contains("campos.ron"));
        assert!(found[2].contains("operacoes.ron"));
    }
}
