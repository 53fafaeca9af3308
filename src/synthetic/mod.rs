//! Synthetic inventories for benchmarks and property tests: deterministic from a
//! seed, realistic in size (8–14 fields, sharing, measures), using only catalog ids
//! that exist. Pure: it builds models; callers save them with `store`.

use chrono::{Days, NaiveDate};

use crate::model::*;

mod full;
pub use full::{fill_every_key, full_institution, full_ripd};

/// A small deterministic generator (xorshift64*), so the same seed always gives
/// the same inventory on every machine.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const UNITS: &[&str] = &[
    "Pró-Reitoria de Ensino de Graduação",
    "Pró-Reitoria de Gestão de Pessoas",
    "Pró-Reitoria de Assuntos Estudantis",
    "Pró-Reitoria de Administração",
    "Pró-Reitoria de Pesquisa e Pós-Graduação",
    "Ouvidoria",
    "Núcleo de Tecnologia da Informação",
    "Sistema de Bibliotecas",
];
const SUBJECTS: &[&str] = &[
    "discentes",
    "servidores",
    "terceirizados",
    "fornecedores",
    "candidatos",
    "participantes-eventos",
    "cidadaos",
];
/// (field kind, basis): sensitive kinds carry an art. 11 basis.
const FIELDS: &[(&str, &str)] = &[
    ("nome-completo", "art7-iii"),
    ("cpf", "art7-ii"),
    ("email", "art7-iii"),
    ("telefone", "art7-iii"),
    ("endereco", "art7-iii"),
    ("data-nascimento", "art7-iii"),
    ("rg", "art7-ii"),
    ("matricula", "art7-iii"),
    ("siape", "art7-ii"),
    ("dados-bancarios", "art7-ii"),
    ("renda-familiar", "art7-iii"),
    ("historico-academico", "art7-iii"),
    ("foto", "art7-iii"),
    ("registro-acesso", "art7-ii"),
    ("dados-saude", "art11-ii-a"),
    ("dados-etnico-raciais", "art11-ii-b"),
    ("biometria", "art11-ii-g"),
];
const OPERATIONS: &[&str] = &[
    "coleta",
    "recepcao",
    "armazenamento",
    "arquivamento",
    "utilizacao",
    "processamento",
    "transferencia",
    "eliminacao",
    "acesso",
];
const TTDD: &[(&str, u32, u32)] = &[
    ("023.11", 5, 95),
    ("025.14", 5, 95),
    ("029.11", 5, 52),
    ("027.2", 5, 95),
    ("024.12", 5, 0),
    ("046.2", 2, 0),
];
const MEASURES: &[&str] = &[
    "controle-acesso-logico",
    "registro-eventos",
    "copia-seguranca",
    "minimizacao",
    "controles-criptograficos",
];

fn item(text: &str) -> ItemId {
    ItemId::parse(text).unwrap_or_else(|_| unreachable_id())
}

/// The generator only builds ids from constants and counters; a failure here is a
/// bug in this file, never user data.
fn unreachable_id() -> ItemId {
    panic!("synthetic: generated an invalid id")
}

fn base_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// One synthetic process; `n` makes its id unique.
pub fn process(rng: &mut Rng, n: usize) -> Process {
    let id =
        ProcessId::parse(&format!("processo-{n:05}")).unwrap_or_else(|_| panic!("synthetic id"));
    let created = base_date()
        .checked_add_days(Days::new(rng.below(600) as u64))
        .unwrap_or_else(base_date);
    let mut p = Process::new(id, format!("Processo sintético nº {n}"), created);
    p.description = Some(format!(
        "Processo gerado para testes de desempenho, variante {}.",
        rng.below(1000)
    ));
    p.unit = Some((*rng.pick(UNITS)).to_owned());
    p.owner = Some(Owner {
        name: format!("Dono do processo {}", n % 97),
        email: Some(format!("dono{}@exemplo.edu.br", n % 97)),
        ..Owner::default()
    });
    p.updated = created
        .checked_add_days(Days::new(rng.below(300) as u64))
        .unwrap_or(created);
    p.operators = Section::NotApplicable;
    p.data_flow =
        Some("Coleta por formulário, guarda em sistema, eliminação pela TTDD.".to_owned());
    p.reach = vec![Reach::Regional];
    p.sources = vec![SourceId::from("informado-titular")];
    let purposes = 1 + rng.below(3);
    p.purposes = (0..purposes)
        .map(|i| Purpose {
            id: item(&format!("finalidade-{i}")),
            description: format!("Finalidade {i} do processo {n}"),
            legal_basis: Some(LegalBasisId::from(if i == 0 {
                "art7-iii"
            } else {
                "art7-ii"
            })),
            legal_provision: Some("Lei 8.112/1990".to_owned()),
            results_for_subject: None,
            benefits: None,
        })
        .collect();
    p.frequency = Some("Mensal".to_owned());
    p.subject_count = Some(rng.below(20_000) as u64);
    p.subjects = vec![SubjectGroup {
        group: SubjectGroupId::from(*rng.pick(SUBJECTS)),
        description: None,
    }];
    p.children = Some(Answer::No);
    p.adolescents = Some(if rng.chance(5) {
        Answer::Yes
    } else {
        Answer::No
    });
    p.elderly = Some(Answer::No);
    p.other_vulnerable = Some(Answer::No);
    if p.adolescents == Some(Answer::Yes) {
        p.best_interest = Some("Garante o acesso do adolescente ao serviço.".to_owned());
    }
    let field_count = 8 + rng.below(7);
    p.fields = (0..field_count)
        .map(|i| {
            let (kind, basis) = *rng.pick(FIELDS);
            let ops = 3 + rng.below(OPERATIONS.len() - 3);
            DataField {
                description: rng.chance(30).then(|| format!("Campo {i} ({kind})")),
                source: Some(SourceId::from("informado-titular")),
                purposes: vec![item(&format!("finalidade-{}", rng.below(purposes)))],
                operations: OPERATIONS[..ops]
                    .iter()
                    .map(|o| OperationId::from(*o))
                    .collect(),
                legal_basis: Some(LegalBasisId::from(basis)),
                storage: Some(StorageMedium::System),
                system: Some("SIGAA".to_owned()),
                ..DataField::new(item(&format!("campo-{i}")), FieldKindId::from(kind))
            }
        })
        .collect();
    let (code, current, intermediate) = *rng.pick(TTDD);
    p.retention = Some(Retention {
        ttdd: Some(TtddCode::from(code)),
        current_phase: Some(Period::Years(current)),
        intermediate_phase: (intermediate > 0).then_some(Period::Years(intermediate)),
        destination: Some(FinalDestination::Elimination),
        ..Retention::default()
    });
    p.sharing = if rng.chance(40) {
        Section::Items(
            (0..1 + rng.below(3))
                .map(|i| Sharing {
                    id: item(&format!("destinatario-{i}")),
                    recipient: format!("Órgão público {i}"),
                    kind: if rng.chance(20) {
                        RecipientKind::Private
                    } else {
                        RecipientKind::Public
                    },
                    fields: vec![item("campo-0")],
                    purpose: Some("Cumprimento de obrigação legal".to_owned()),
                    process_purpose: Some(item("finalidade-0")),
                    instrument: Some("Acordo de cooperação".to_owned()),
                    private_exception: None,
                    level: None,
                    reported_to_anpd: None,
                })
                .collect(),
        )
    } else {
        Section::NotApplicable
    };
    p.transfers = Section::NotApplicable;
    p.security_measures = (0..1 + rng.below(3))
        .map(|_| SecurityMeasure {
            kind: MeasureTypeId::from(*rng.pick(MEASURES)),
            controls: "Controles descritos no plano de segurança".to_owned(),
        })
        .collect();
    p.it_contracts = Section::NotApplicable;
    p.ripd_facts = RipdFacts {
        new_technology: Some(Answer::No),
        tracking_or_profiling: Some(Answer::No),
        automated_decisions: Some(Answer::No),
        administrative_reform: Some(Answer::No),
        public_area_surveillance: None,
    };
    if rng.chance(70) {
        p.ripd = Some(RipdRecord {
            reference: format!("RIPD {n}"),
            date: p.updated,
        });
    }
    if rng.chance(80) {
        p.last_review = Some(Review {
            date: p.updated,
            minutes: format!("Ata {}/2025", 1 + n % 12),
            approved_by: "Comitê Gestor".to_owned(),
        });
    }
    p
}

/// `count` RIPDs over `inventory`'s processes (each covering one to three of
/// them), prefilled and with the suggested risks rated, as the assistant makes
/// them: what `check` meets in a real inventory.
pub fn ripds(
    inventory: &Inventory,
    catalogs: &crate::catalog::Catalogs,
    count: usize,
) -> Vec<crate::model::Ripd> {
    use crate::model::ripd::Degree;
    let ctx = crate::rules::CheckContext {
        catalogs,
        institution: &inventory.institution,
        today: base_date(),
        ripds: &[],
    };
    let mut rng = Rng::new(7);
    (0..count)
        .map(|n| {
            let start = (n * 4) % inventory.processes.len().max(1);
            let covered: Vec<&Process> = inventory
                .processes
                .iter()
                .skip(start)
                .take(1 + rng.below(3))
                .collect();
            let id = ProcessId::parse(&format!("ripd-{n:05}"))
                .unwrap_or_else(|_| panic!("synthetic id"));
            let mut report = crate::model::Ripd::new(
                id,
                format!("RIPD sintético nº {n}"),
                covered.iter().map(|p| p.id.clone()).collect(),
                base_date(),
            );
            crate::assistant::prefill(&mut report, &ctx, &covered);
            crate::assistant::add_suggestions(
                &mut report,
                &crate::assistant::suggest(&ctx, &covered),
            );
            for risk in &mut report.risks {
                risk.probability = Some(*rng.pick(Degree::ALL));
                risk.impact = risk.impact.or(Some(*rng.pick(Degree::ALL)));
            }
            report
        })
        .collect()
}

/// An institution and `count` processes from `seed`.
pub fn inventory(seed: u64, count: usize) -> Inventory {
    let mut rng = Rng::new(seed);
    let mut institution = Institution::template("Instituição sintética");
    institution.dpo.name = "Encarregado".to_owned();
    institution.dpo.email = Some("encarregado@exemplo.edu.br".to_owned());
    Inventory {
        institution,
        processes: (0..count).map(|n| process(&mut rng, n)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_inventory() {
        assert_eq!(inventory(7, 5), inventory(7, 5));
        assert_ne!(inventory(7, 5), inventory(8, 5));
    }

    #[test]
    fn generated_processes_use_only_known_catalog_ids() {
        let catalogs = crate::catalog::Catalogs::embedded().unwrap();
        let inv = inventory(1, 50);
        let ctx = crate::rules::CheckContext {
            catalogs: &catalogs,
            institution: &inv.institution,
            today: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            ripds: &[],
        };
        for p in &inv.processes {
            let findings = crate::rules::check_process(&ctx, p, None);
            assert!(
                !findings.iter().any(|f| f.rule == "catalogo-desconhecido"),
                "{findings:?}"
            );
        }
    }
}
