//! Rules on retention (LGPD art. 15–16; UFDPar art. 37–38): every field has a
//! retention, resting on a code of a retention table the institution follows
//! (`politica.tabelas_temporalidade`: the Arquivo Nacional's TTDDs or its own,
//! Lei 8.159/1991 art. 9) whose periods it follows; a missing code is an erro
//! where the institution's own rule makes it mandatory (UFDPar art. 38 §1).

use super::registry as r;
use super::{CheckContext, FieldPath, Severity, Sink};
use crate::catalog::TtddEntry;
use crate::model::{Period, Process, Retention};

pub(crate) fn check(ctx: &CheckContext, p: &Process, sink: &mut Sink) {
    if let Some(retention) = &p.retention {
        check_one(ctx, retention, FieldPath::root("retencao"), sink);
    }
    // One cause, one finding: the process without a retention of its own, and
    // the fields that have none either, listed inside.
    let mut without = Vec::new();
    for field in &p.fields {
        let path = FieldPath::root("campos").item(field.id.as_str());
        match &field.retention {
            Some(own) => check_one(ctx, own, path.key("retencao"), sink),
            None if p.retention.is_none() => without.push(field.id.as_str()),
            None => {}
        }
    }
    if !without.is_empty() {
        sink.push(
            &r::NO_RETENTION,
            Some(FieldPath::root("retencao")),
            format!(
                "{} campo(s) sem prazo de retenção, nem próprio nem do processo: {}. Defina a retenção do processo (vale para todos os campos) ou a de cada campo",
                without.len(),
                without.join(", ")
            ),
        );
    }
}

fn check_one(ctx: &CheckContext, retention: &Retention, path: FieldPath, sink: &mut Sink) {
    if retention.ttdd.is_none()
        && retention.current_phase.is_none()
        && retention.intermediate_phase.is_none()
        && retention.total_years.is_none()
    {
        sink.push(
            &r::RETENTION_ONLY_TEXT,
            Some(path.key("fase_corrente")),
            "a retenção não diz por quanto tempo: dê o prazo da fase corrente (Anos(n) ou Evento(\"…\")) ou o código da tabela de temporalidade; um texto só não é prazo".to_owned(),
        );
    }
    let policy = &ctx.institution.policy;
    let Some(code) = &retention.ttdd else {
        let (severity, why) = match &policy.ttdd_code_required_by {
            Some(rule) => (
                Severity::Error,
                format!("a regra da instituição ({rule}) exige o código"),
            ),
            None => (
                Severity::Warning,
                "é o código que liga o prazo à tabela aprovada (Lei 8.159/1991 art. 9º)".to_owned(),
            ),
        };
        sink.push_as(
            &r::RETENTION_NO_TTDD,
            severity,
            Some(path.key("ttdd")),
            format!(
                "a retenção não cita o código da tabela de temporalidade; {why}. Em uso, {}",
                policy.tables_in_use()
            ),
        );
        return;
    };
    let entry = ctx.catalogs.ttdd.get(code.as_str());
    let Some(entry) = entry.filter(|e| policy.follows(e.table)) else {
        let known_elsewhere = entry.map_or(String::new(), |e| {
            format!(
                " (ele é da {}, que a instituição não segue: politica.tabelas_temporalidade)",
                e.table.label()
            )
        });
        sink.push(
            &r::UNKNOWN_TTDD,
            Some(path.key("ttdd")),
            format!(
                "o código \"{code}\" não existe n{}{known_elsewhere}. Confira o código ou acrescente a tabela em catalogos/",
                policy.tables_in_use()
            ),
        );
        return;
    };
    if entry.is_heading() {
        sink.push(
            &r::TTDD_HEADING,
            Some(path.key("ttdd")),
            format!(
                "o código {code} ({}) é uma classe da tabela e não define prazo; use uma subclasse",
                entry.name
            ),
        );
        return;
    }
    diverges(
        entry,
        "fase corrente",
        retention.current_phase.as_ref(),
        entry.current_phase.as_ref(),
        path.key("fase_corrente"),
        sink,
    );
    diverges(
        entry,
        "fase intermediária",
        retention.intermediate_phase.as_ref(),
        entry.intermediate_phase.as_ref(),
        path.key("fase_intermediaria"),
        sink,
    );
}

/// Years stated for a phase that the table sets differently.
fn diverges(
    entry: &TtddEntry,
    label: &str,
    stated: Option<&Period>,
    table: Option<&Period>,
    path: FieldPath,
    sink: &mut Sink,
) {
    if let (Some(Period::Years(ours)), Some(Period::Years(theirs))) = (stated, table)
        && ours != theirs
    {
        sink.push(
            &r::RETENTION_DIVERGES,
            Some(path),
            format!(
                "a {label} informada é de {ours} ano(s), mas a tabela ({} {}, {}) prevê {theirs} ano(s)",
                entry.code,
                entry.name,
                entry.table.legal_source()
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::model::*;
    use crate::rules::Severity;
    use crate::rules::test_support::*;

    #[test]
    fn field_without_any_retention_is_an_error() {
        let mut p = complete_process();
        assert_not_fires(&p, "sem-retencao");
        p.retention = None;
        assert_fires(&p, "sem-retencao");
        p.fields[0].retention = Some(Retention {
            ttdd: Some(TtddCode::from("023.11")),
            ..Retention::default()
        });
        let found = messages(&p, "sem-retencao");
        assert_eq!(found.len(), 1, "one cause, one finding: {found:?}");
        assert!(
            !found[0].contains(p.fields[0].id.as_str()),
            "only the fields without one are listed: {found:?}"
        );
        // Three fields without retention: still one finding, naming the three.
        p.fields[0].retention = None;
        p.fields.push(field("email", "email", "art7-ii"));
        p.fields.push(field("telefone", "telefone", "art7-ii"));
        let found = messages(&p, "sem-retencao");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains("email") && found[0].contains("telefone"),
            "{found:?}"
        );
    }

    #[test]
    fn a_retention_given_only_as_a_sentence_is_an_error() {
        let mut p = complete_process();
        assert_not_fires(&p, "retencao-sem-prazo");
        p.retention = Some(Retention {
            justification: Some("pelo tempo necessário".into()),
            ..Retention::default()
        });
        assert_fires(&p, "retencao-sem-prazo");
    }

    #[test]
    fn ttdd_code_must_exist_and_set_a_period() {
        let mut p = complete_process();
        if let Some(r) = p.retention.as_mut() {
            r.ttdd = Some(TtddCode::from("999.99"));
        }
        assert_fires(&p, "ttdd-desconhecido");
        if let Some(r) = p.retention.as_mut() {
            r.ttdd = Some(TtddCode::from("020"));
        }
        assert_fires(&p, "ttdd-classe-sem-prazo");
        if let Some(r) = p.retention.as_mut() {
            r.ttdd = None;
        }
        assert_fires(&p, "retencao-sem-ttdd");
    }

    #[test]
    fn stated_years_must_follow_the_table() {
        let mut p = complete_process();
        p.retention = Some(Retention {
            ttdd: Some(TtddCode::from("023.11")),
            current_phase: Some(Period::Years(2)),
            intermediate_phase: Some(Period::Years(95)),
            ..Retention::default()
        });
        let found = messages(&p, "retencao-diverge-ttdd");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("prevê 5 ano(s)"));
    }

    #[test]
    fn the_institution_names_its_tables_and_can_make_the_code_mandatory() {
        let mut p = complete_process();
        if let Some(r) = p.retention.as_mut() {
            r.ttdd = None;
        }
        let found = |inst: &Institution, p: &Process, rule: &str| {
            check(inst, p, p.id.as_str())
                .into_iter()
                .filter(|f| f.rule == rule)
                .map(|f| (f.severity, f.message))
                .collect::<Vec<_>>()
        };
        let mut inst = institution();
        let default = found(&inst, &p, "retencao-sem-ttdd");
        assert_eq!(default[0].0, Severity::Warning);
        inst.policy.ttdd_code_required_by = Some("UFDPar art. 38 §1º".into());
        let required = found(&inst, &p, "retencao-sem-ttdd");
        assert_eq!(required[0].0, Severity::Error);
        assert!(
            required[0].1.contains("(UFDPar art. 38 §1º) exige"),
            "{}",
            required[0].1
        );

        // A court that follows only its own table: an AN code is not one of its.
        inst.policy.retention_tables = vec![RetentionTableSetting {
            table: RetentionTable::Local,
            name: Some("Tabela de Temporalidade do TJPI".into()),
            source: Some("Resolução TJPI nº 12/2020".into()),
        }];
        if let Some(r) = p.retention.as_mut() {
            r.ttdd = Some(TtddCode::from("023.11"));
        }
        let unknown = found(&inst, &p, "ttdd-desconhecido");
        assert_eq!(unknown.len(), 1);
        let message = &unknown[0].1;
        assert!(
            message.contains("Tabela de Temporalidade do TJPI (Resolução TJPI nº 12/2020)"),
            "{message}"
        );
        assert!(message.contains("que a instituição não segue"), "{message}");
        assert!(!message.contains("Arquivo Nacional"), "{message}");
        inst.policy.retention_tables.push(RetentionTableSetting {
            table: RetentionTable::SupportActivities,
            name: None,
            source: None,
        });
        assert!(found(&inst, &p, "ttdd-desconhecido").is_empty());
    }
}
