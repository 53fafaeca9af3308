//! Rules on a process's identity and completeness: format version, file name, item
//! ids, owner, data subjects, sections left unfilled, security
//! measures and access classification.

use std::collections::BTreeSet;

use super::registry as r;
use super::{CheckContext, FieldPath, Sink};
use crate::model::{FORMAT_VERSION, ItemId, Process, Section};

pub(crate) fn check(ctx: &CheckContext, p: &Process, file_stem: Option<&str>, sink: &mut Sink) {
    if p.format_version > FORMAT_VERSION {
        sink.push(
            &r::FORMAT_VERSION,
            Some(FieldPath::root("versao_formato")),
            format!(
                "o arquivo usa a versão de formato {}, e este programa conhece até a {}; atualize o inventario",
                p.format_version, FORMAT_VERSION
            ),
        );
    }
    if let Some(stem) = file_stem
        && stem != p.id.as_str()
    {
        sink.push(
            &r::FILE_NAME,
            Some(FieldPath::root("id")),
            format!(
                "o arquivo se chama {stem}.ron mas o id do processo é \"{}\"; renomeie o arquivo para {}.ron ou corrija o id",
                p.id, p.id
            ),
        );
    }
    duplicates(sink, "campos", p.fields.iter().map(|f| &f.id));
    duplicates(sink, "finalidades", p.purposes.iter().map(|f| &f.id));
    duplicates(
        sink,
        "operadores",
        p.operators.items().iter().map(|o| &o.id),
    );
    duplicates(
        sink,
        "compartilhamentos",
        p.sharing.items().iter().map(|s| &s.id),
    );
    duplicates(
        sink,
        "transferencias_internacionais",
        p.transfers.items().iter().map(|t| &t.id),
    );
    duplicates(
        sink,
        "contratos_ti",
        p.it_contracts.items().iter().map(|c| &c.id),
    );

    if p.owner.as_ref().is_none_or(|o| o.name.trim().is_empty()) {
        sink.push(
            &r::NO_OWNER,
            Some(FieldPath::root("dono")),
            "o processo não tem dono do processo: é ele quem identifica finalidades, base legal e proporcionalidade (UFDPar art. 10 §1º)".to_owned(),
        );
    }
    if p.subjects.is_empty() {
        sink.push(
            &r::NO_SUBJECTS,
            Some(FieldPath::root("titulares")),
            "informe ao menos uma categoria de titulares".to_owned(),
        );
    }
    unfilled(sink, "operadores", "operadores", &p.operators);
    unfilled(sink, "compartilhamentos", "compartilhamento", &p.sharing);
    unfilled(
        sink,
        "transferencias_internacionais",
        "transferência internacional",
        &p.transfers,
    );
    unfilled(sink, "contratos_ti", "contratos de TI", &p.it_contracts);

    if p.security_measures.is_empty() {
        sink.push(
            &r::NO_SECURITY,
            Some(FieldPath::root("medidas_seguranca")),
            "nenhuma medida de segurança registrada".to_owned(),
        );
    }
    access_classification(ctx, p, sink);
}

fn duplicates<'a>(sink: &mut Sink, key: &str, ids: impl Iterator<Item = &'a ItemId>) {
    let mut seen = BTreeSet::new();
    for id in ids {
        if !seen.insert(id) {
            sink.push(
                &r::DUPLICATE_ITEM,
                Some(FieldPath::root(key).item(id.as_str())),
                format!("o id \"{id}\" aparece mais de uma vez em {key}"),
            );
        }
    }
}

fn unfilled<T>(sink: &mut Sink, key: &str, label: &str, section: &Section<T>) {
    if section.is_not_filled() {
        sink.push(
            &r::SECTION_NOT_FILLED,
            Some(FieldPath::root(key)),
            format!(
                "a seção de {label} não foi preenchida; se não houver, marque \"não se aplica\""
            ),
        );
    }
}

fn access_classification(ctx: &CheckContext, p: &Process, sink: &mut Sink) {
    let levels = &ctx.institution.policy.access_levels;
    if levels.is_empty() {
        return;
    }
    match &p.access_classification {
        None => sink.push(
            &r::NO_ACCESS_LEVEL,
            Some(FieldPath::root("classificacao_acesso")),
            format!(
                "o processo não tem classificação de acesso e é tratado como não classificado; níveis da instituição: {}",
                levels.join(", ")
            ),
        ),
        Some(level) if !levels.contains(level) => sink.push(
            &r::UNKNOWN_ACCESS_LEVEL,
            Some(FieldPath::root("classificacao_acesso")),
            format!(
                "\"{level}\" não é um nível de acesso da instituição; use um destes: {}",
                levels.join(", ")
            ),
        ),
        Some(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Section;
    use crate::rules::test_support::*;

    #[test]
    fn clean_process_has_no_identity_findings() {
        assert_clean(&complete_process());
    }

    #[test]
    fn file_name_must_match_id() {
        let p = complete_process();
        let found = rules_fired_in_file(&p, "outro-nome");
        assert!(found.contains(&"arquivo-nome-diferente-do-id"));
    }

    #[test]
    fn missing_owner_is_an_error() {
        let mut p = complete_process();
        p.owner = None;
        assert_fires(&p, "sem-dono");
    }

    #[test]
    fn duplicate_field_ids_are_reported() {
        let mut p = complete_process();
        let copy = p.fields[0].clone();
        p.fields.push(copy);
        assert_fires(&p, "id-item-duplicado");
    }

    #[test]
    fn unfilled_section_differs_from_not_applicable() {
        let mut p = complete_process();
        p.transfers = Section::NotApplicable;
        assert_not_fires(&p, "secao-nao-preenchida");
        p.transfers = Section::NotFilled;
        assert_fires(&p, "secao-nao-preenchida");
    }

    #[test]
    fn subjects_and_security_measures_are_expected() {
        let mut p = complete_process();
        p.subjects.clear();
        p.security_measures.clear();
        assert_fires(&p, "sem-titulares");
        assert_fires(&p, "sem-medidas-seguranca");
    }

    #[test]
    fn access_level_must_be_one_of_the_institution() {
        let mut inst = institution();
        inst.policy.access_levels = vec!["OSTENSIVO".into(), "RESTRITO".into()];
        let mut p = complete_process();
        assert!(rules_fired_with(&inst, &p).contains(&"sem-classificacao-acesso"));
        p.access_classification = Some("SECRETO".into());
        assert!(rules_fired_with(&inst, &p).contains(&"classificacao-acesso-desconhecida"));
        p.access_classification = Some("RESTRITO".into());
        let fired = rules_fired_with(&inst, &p);
        assert!(
            !fired.iter().any(|r| r.contains("classificacao")),
            "{fired:?}"
        );
    }

    #[test]
    fn newer_format_version_is_refused() {
        let mut p = complete_process();
        p.format_version = 99;
        assert_fires(&p, "versao-formato");
    }
}
