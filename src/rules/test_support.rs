//! Test helpers: a process that passes every rule, and short ways to ask which
//! rules fire when one thing about it changes.

use std::sync::OnceLock;

use chrono::NaiveDate;

use super::{CheckContext, Finding, check_process};
use crate::catalog::Catalogs;
use crate::model::*;

pub fn catalogs() -> &'static Catalogs {
    static CATALOGS: OnceLock<Catalogs> = OnceLock::new();
    CATALOGS.get_or_init(|| Catalogs::embedded().expect("shipped catalogs parse"))
}

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 1).expect("valid date")
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

pub fn id(text: &str) -> ItemId {
    ItemId::parse(text).expect("valid id")
}

pub fn institution() -> Institution {
    let mut inst = Institution::template("Universidade Federal do Delta do Parnaíba");
    inst.dpo.name = "Encarregada".into();
    inst.dpo.email = Some("encarregado@ufdpar.edu.br".into());
    inst.rights_channel = Some("Fala.BR, assunto Proteção de Dados".into());
    inst
}

pub fn field(field_id: &str, kind: &str, basis: &str) -> DataField {
    DataField {
        source: Some(SourceId::from("informado-titular")),
        purposes: vec![id("registro")],
        operations: vec![
            OperationId::from("coleta"),
            OperationId::from("armazenamento"),
        ],
        legal_basis: Some(LegalBasisId::from(basis)),
        ..DataField::new(id(field_id), FieldKindId::from(kind))
    }
}

/// A process that passes every rule.
pub fn complete_process() -> Process {
    let mut p = Process::new(
        ProcessId::parse("matricula").expect("valid id"),
        "Matrícula de discentes",
        date(2025, 1, 10),
    );
    p.owner = Some(Owner {
        name: "Coordenadora de Registro Acadêmico".into(),
        ..Owner::default()
    });
    p.operators = Section::NotApplicable;
    p.purposes = vec![Purpose {
        id: id("registro"),
        description: "Registro acadêmico do discente".into(),
        legal_basis: Some(LegalBasisId::from("art7-iii")),
        legal_provision: Some("Lei 9.394/1996 (LDB)".into()),
        results_for_subject: None,
        benefits: None,
    }];
    p.subjects = vec![SubjectGroup {
        group: SubjectGroupId::from("discentes"),
        description: None,
    }];
    p.children = Some(Answer::No);
    p.adolescents = Some(Answer::No);
    p.elderly = Some(Answer::No);
    p.other_vulnerable = Some(Answer::No);
    p.fields = vec![
        field("nome", "nome-completo", "art7-iii"),
        field("cpf", "cpf", "art7-ii"),
    ];
    p.retention = Some(Retention {
        ttdd: Some(TtddCode::from("125.43")),
        current_phase: Some(Period::Event(
            "enquanto o aluno mantiver o vínculo com a instituição".into(),
        )),
        total_years: Some(100),
        ..Retention::default()
    });
    p.sharing = Section::NotApplicable;
    p.transfers = Section::NotApplicable;
    p.it_contracts = Section::NotApplicable;
    p.security_measures = vec![SecurityMeasure {
        kind: MeasureTypeId::from("controle-acesso-logico"),
        controls: "Perfis de acesso no SIGAA".into(),
    }];
    p.ripd_facts = RipdFacts {
        new_technology: Some(Answer::No),
        tracking_or_profiling: Some(Answer::No),
        automated_decisions: Some(Answer::No),
        administrative_reform: Some(Answer::No),
        public_area_surveillance: Some(Answer::No),
    };
    p.last_review = Some(Review {
        date: date(2026, 3, 1),
        minutes: "Ata 3/2026".into(),
        approved_by: "Comitê Gestor".into(),
    });
    p
}

/// Every rule on a process, read from the file `stem`.ron. Each finding's path
/// must lead, through the keys' description, to a row the terminal application
/// shows (`keys::locate`): since every rule is fired by some test, this checks
/// every rule's paths.
pub fn check(inst: &Institution, p: &Process, stem: &str) -> Vec<Finding> {
    let ctx = CheckContext {
        catalogs: catalogs(),
        institution: inst,
        today: today(),
        ripds: &[],
    };
    let findings = check_process(&ctx, p, Some(stem));
    let tree = crate::semantic::to_tree(p);
    for finding in &findings {
        if let Some(path) = &finding.location.field
            && let Err(why) = crate::keys::locate(crate::keys::PROCESS, &tree, path)
        {
            panic!("{}: the path {path} leads nowhere: {why:?}", finding.rule);
        }
    }
    findings
}

pub fn rules_fired_with(inst: &Institution, p: &Process) -> Vec<&'static str> {
    check(inst, p, p.id.as_str())
        .into_iter()
        .map(|f| f.rule)
        .collect()
}

pub fn rules_fired_in_file(p: &Process, stem: &str) -> Vec<&'static str> {
    check(&institution(), p, stem)
        .into_iter()
        .map(|f| f.rule)
        .collect()
}

pub fn rules_fired(p: &Process) -> Vec<&'static str> {
    rules_fired_with(&institution(), p)
}

pub fn assert_fires(p: &Process, rule: &str) {
    let fired = rules_fired(p);
    assert!(fired.contains(&rule), "expected {rule}, got {fired:?}");
}

pub fn assert_not_fires(p: &Process, rule: &str) {
    let fired = rules_fired(p);
    assert!(!fired.contains(&rule), "{rule} should not fire: {fired:?}");
}

pub fn assert_clean(p: &Process) {
    assert_eq!(rules_fired(p), Vec::<&str>::new());
}

/// The messages of the findings of one rule.
pub fn messages(p: &Process, rule: &str) -> Vec<String> {
    check(&institution(), p, p.id.as_str())
        .into_iter()
        .filter(|f| f.rule == rule)
        .map(|f| format!("{} | {}", f.location.field.unwrap_or_default(), f.message))
        .collect()
}
