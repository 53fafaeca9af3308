//! Documents with every key filled, each struct written out in full (no
//! `..Default`), so that a key the model gains breaks these until it is filled
//! here too: the description test (`keys`) and the publication test walk them.

use super::{base_date, item};
use crate::model::*;

/// Fills every optional key of a process with a value, each struct written out in
/// full (no `..Default`), so that a key the model gains breaks this function until
/// it is filled here too: the description test (`keys`) walks the result.
pub fn fill_every_key(p: &mut Process) {
    let text = |s: &str| Some(s.to_owned());
    let retention = Retention {
        ttdd: Some(TtddCode::from("023.11")),
        current_phase: Some(Period::Years(5)),
        intermediate_phase: Some(Period::Event("até a homologação".to_owned())),
        destination: Some(FinalDestination::PermanentKeeping),
        total_years: Some(100),
        justification: text("Tabela de temporalidade"),
        end_causes: EndCause::ALL.to_vec(),
        keep_exception: Some(KeepException::LegalObligation),
    };
    p.description = text("Descrição");
    p.unit = text("Unidade");
    p.owner = Some(Owner {
        name: "Dona".to_owned(),
        position: text("Coordenadora"),
        email: text("dona@exemplo.edu.br"),
        login: text("dona"),
    });
    p.operators = Section::Items(vec![Operator {
        id: item("operador"),
        name: "Operador".to_owned(),
        address: text("Rua A"),
        cep: text("64000-000"),
        phone: text("86 0000-0000"),
        email: text("op@exemplo.com.br"),
        phases: Phase::ALL.to_vec(),
        nature: Some(crate::model::LegalNature::Private),
    }]);
    p.joint_controllers = vec![crate::model::JointController {
        name: "Outro órgão".to_owned(),
        role: text("Define os critérios de seleção"),
    }];
    p.operator_for = Some(crate::model::OperatorFor {
        controller: "INEP".to_owned(),
        instrument: text("Termo de cooperação"),
    });
    p.outside_general_rules = Some(crate::model::OutsideGeneralRules {
        regime: crate::model::SpecialRegime::PublicSafety,
        law: "Lei 13.675/2018".to_owned(),
    });
    p.received_from = vec![crate::model::ReceivedData {
        body: "Ministério da Educação".to_owned(),
        instrument: text("Portaria MEC 1/2026"),
        level: Some(crate::model::SharingLevel::Restricted),
    }];
    p.rights_channel = text("Fala.BR, assunto LGPD");
    p.data_flow = text("Fluxo");
    p.reach = Reach::ALL.to_vec();
    p.sources = vec![SourceId::from("informado-titular")];
    for purpose in &mut p.purposes {
        purpose.results_for_subject = text("Resultados");
        purpose.benefits = text("Benefícios");
    }
    p.frequency = text("Mensal");
    p.subject_count = Some(10);
    for subject in &mut p.subjects {
        subject.description = text("Descrição do grupo");
    }
    p.children = Some(Answer::Yes);
    p.adolescents = Some(Answer::Yes);
    p.children_or_adolescents = Some(Answer::Yes);
    p.elderly = Some(Answer::No);
    p.other_vulnerable = Some(Answer::No);
    p.best_interest = text("Atende ao melhor interesse da criança");
    let purpose = p.purposes[0].id.clone();
    if let Some(field) = p.fields.first_mut() {
        *field = DataField {
            id: field.id.clone(),
            kind: field.kind.clone(),
            description: text("Campo"),
            category: Some(CategoryId::from("7.1.1")),
            source: Some(SourceId::from("informado-titular")),
            purposes: vec![purpose.clone()],
            operations: vec![OperationId::from("coleta")],
            legal_basis: Some(LegalBasisId::from("art7-iii")),
            retention: Some(retention.clone()),
            storage: Some(StorageMedium::Paper),
            system: text("SIGAA"),
        };
    }
    let field = p.fields[0].id.clone();
    p.retention = Some(retention);
    p.consent = Some(Consent {
        how_obtained: text("Formulário"),
        revocation_channel: text("E-mail"),
        informs_sharing: Some(Answer::Yes),
        parental_consent: Some(Answer::Yes),
    });
    p.sharing = Section::Items(vec![Sharing {
        id: item("destinatario"),
        recipient: "Empresa".to_owned(),
        kind: RecipientKind::Private,
        fields: vec![field.clone()],
        purpose: text("Finalidade"),
        process_purpose: Some(purpose),
        instrument: text("Contrato"),
        private_exception: Some(PrivateSharingExceptionId::from("execucao-descentralizada")),
        level: Some(crate::model::SharingLevel::Specific),
        reported_to_anpd: Some(Answer::Yes),
    }]);
    p.transfers = Section::Items(vec![Transfer {
        id: item("nuvem"),
        organization: "Nuvem".to_owned(),
        country: "Estados Unidos".to_owned(),
        fields: vec![field],
        safeguard: Some(SafeguardId::from("art33-ii-a")),
        mode: Some(crate::model::TransferMode::Storage),
    }]);
    p.it_contracts = Section::Items(vec![ItContract {
        id: item("contrato"),
        number: "Contrato nº 1/2026".to_owned(),
        procurement: text("23000.000001/2026-01"),
        object: text("Sistema"),
        manager_email: text("gestor@exemplo.edu.br"),
    }]);
    p.access_classification = text("OSTENSIVO");
    p.ripd_facts = RipdFacts {
        new_technology: Some(Answer::No),
        tracking_or_profiling: Some(Answer::No),
        automated_decisions: Some(Answer::No),
        administrative_reform: Some(Answer::No),
        public_area_surveillance: Some(Answer::No),
    };
    p.ripd = Some(RipdRecord {
        reference: "RIPD 1".to_owned(),
        date: p.updated,
    });
    p.last_review = Some(Review {
        date: p.updated,
        minutes: "Ata 1/2026".to_owned(),
        approved_by: "Comitê".to_owned(),
    });
    p.notes = text("Observações");
    p.archived = Some(p.updated);
}

/// An institution with every key filled (see `fill_every_key`).
pub fn full_institution() -> Institution {
    let text = |s: &str| Some(s.to_owned());
    Institution {
        format_version: crate::model::FORMAT_VERSION,
        controller: Agent {
            name: "Universidade".to_owned(),
            cnpj: text("00.000.000/0001-00"),
            address: text("Rua B"),
            cep: text("64000-000"),
            phone: text("86 0000-0000"),
            email: text("reitoria@exemplo.edu.br"),
        },
        dpo: DataProtectionOfficer {
            name: "Encarregada".to_owned(),
            address: text("Rua B"),
            cep: text("64000-000"),
            phone: text("86 0000-0001"),
            email: text("encarregado@exemplo.edu.br"),
            designation_act: text("Portaria 1/2026"),
        },
        committee: vec![CommitteeMember {
            name: "Membro".to_owned(),
            role: text("Presidente"),
            email: text("membro@exemplo.edu.br"),
        }],
        rights_channel: text("Fala.BR (falabr.cgu.gov.br), assunto Proteção de Dados"),
        policy: PolicySettings {
            process_review_months: 12,
            ripd_review_months: Some(6),
            policy_review_months: Some(24),
            retention_tables: vec![crate::model::RetentionTableSetting {
                table: crate::model::RetentionTable::Local,
                name: Some("Tabela própria".to_owned()),
                source: Some("Resolução 1/2026".to_owned()),
            }],
            ttdd_code_required_by: Some("UFDPar art. 38 §1º".to_owned()),
            ripd_triggers: TriggerSet::ALL.to_vec(),
            large_scale_threshold: 10_000,
            access_levels: vec!["OSTENSIVO".to_owned(), "RESTRITO".to_owned()],
            accepted_safeguards: vec![crate::model::SafeguardId::from("art33-i")],
            parental_consent: Some(crate::model::ParentalConsentRule {
                scope: crate::model::MinorsInScope::ChildrenAndAdolescents,
                source: "UFDPar art. 24".to_owned(),
            }),
        },
        policy_revision: Some(crate::model::Review {
            date: chrono::NaiveDate::from_ymd_opt(2025, 3, 11).unwrap_or_default(),
            minutes: "Ata 2/2025".to_owned(),
            approved_by: "Comitê".to_owned(),
        }),
    }
}

/// A RIPD with every key filled (see `fill_every_key`).
pub fn full_ripd() -> crate::model::Ripd {
    use crate::model::ripd::*;
    let text = |s: &str| Some(s.to_owned());
    let day = base_date();
    let signed = || Signatory {
        name: "Fulana".to_owned(),
        registration: text("123"),
        place: text("Parnaíba"),
        date: Some(day),
    };
    let part = || Prefilled {
        from_inventory: "Do inventário".to_owned(),
        addition: text("Complemento"),
    };
    let id = ProcessId::parse("processo-00001").unwrap_or_else(|_| panic!("synthetic id"));
    Ripd {
        format_version: crate::model::FORMAT_VERSION,
        id: id.clone(),
        title: "Relatório".to_owned(),
        processes: vec![id],
        number: text("RIPD 1/2026"),
        sei: text("23000.000001/2026-01"),
        version: text("1.0"),
        created: day,
        updated: day,
        revisions: vec![Revision {
            date: day,
            version: "1.0".to_owned(),
            description: "Primeira versão".to_owned(),
            author: "Fulana".to_owned(),
        }],
        agents: Agents {
            controller: "Universidade".to_owned(),
            dpo: "Encarregada".to_owned(),
            operators: vec!["Operador".to_owned()],
        },
        need: vec![Need {
            trigger: "art39-iii".to_owned(),
            facts: vec!["campos sensíveis".to_owned()],
            justification: text("Seção 6"),
        }],
        description: Description {
            nature: part(),
            scope: part(),
            context: part(),
            purpose: part(),
        },
        consulted: vec![Consultation {
            id: item("seguranca"),
            who: "Equipe de segurança".to_owned(),
            role: text("TI"),
            date: Some(day),
            opinion: text("De acordo"),
        }],
        necessity: vec![Necessity {
            id: "processo-00001/finalidade-0".to_owned(),
            purpose: "Finalidade".to_owned(),
            legal_basis: text("art7-iii"),
            why_necessary: text("Porque"),
            minimization: text("Só o necessário"),
            quality: text("Conferida"),
            rights: text("Pelo portal"),
            transfers: text("Não há"),
        }],
        risks: vec![Risk {
            id: RiskId::from("R01"),
            description: text("Acesso"),
            suggested_by: text("campos sensíveis"),
            probability: Some(Degree::Moderate),
            impact: Some(Degree::High),
            measures: vec![Measure {
                id: item("perfis"),
                description: "Perfis de acesso".to_owned(),
                kind: Some(MeasureTypeId::from("controle-acesso-logico")),
                effect: Some(Effect::Reduce),
                residual_probability: Some(Degree::Low),
                residual_impact: Some(Degree::High),
                approved: Some(Answer::Yes),
            }],
        }],
        rejected: vec![Rejected {
            id: RiskId::from("R14"),
            suggested_by: "pesquisa".to_owned(),
            reason: "Não há pseudonimização".to_owned(),
        }],
        approval: Approval {
            prepared_by: Some(signed()),
            dpo: Some(signed()),
            controller_authority: Some(signed()),
            operator_authority: Some(signed()),
            minutes: text("Ata 1/2026"),
            approved_on: Some(day),
        },
    }
}
