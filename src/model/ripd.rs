//! A Relatório de Impacto à Proteção de Dados Pessoais (`ripd/<id>.ron`, LGPD art.
//! 5 XVII and 38), in the sections of the SGD RIPD template (DOMAIN.md §7): its
//! identification and revision history, the parts filled from the inventory
//! (1 agents, 2 need, 3 description), the parts only people can write (4 parties
//! consulted, 5 necessity and proportionality), the risks with their measures (6
//! and 7), the suggestions rejected with their reasons, and the approval (8).
//!
//! Risk levels are never typed: probability and impact are each baixo (5),
//! moderado (10) or alto (15), and the level is their product (`RiskLevel`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::FORMAT_VERSION;
use super::ids::{ItemId, MeasureTypeId, ProcessId, RiskId};
use super::process::Answer;

super::choices::closed_list! {
    /// Probability or impact of a risk (SGD RIPD template, section 6).
    #[derive(PartialOrd, Ord)]
    pub enum Degree in DEGREES {
        Low = "Baixo" => "baixo (5)",
        Moderate = "Moderado" => "moderado (10)",
        High = "Alto" => "alto (15)",
    }
}

impl Degree {
    /// The template's number for the degree.
    pub fn value(self) -> u32 {
        match self {
            Degree::Low => 5,
            Degree::Moderate => 10,
            Degree::High => 15,
        }
    }
}

super::choices::closed_list! {
    /// What a measure does to a risk (SGD RIPD template, section 7).
    pub enum Effect in EFFECTS {
        Reduce = "Reduzir" => "reduzir",
        Avoid = "Evitar" => "evitar",
        Share = "Compartilhar" => "compartilhar",
        Accept = "Aceitar" => "aceitar",
    }
}

/// The band of a risk level: P×I of 25–50 is baixo, 75–100 moderado, 150–225 alto.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Band {
    Low,
    Moderate,
    High,
}

impl Band {
    pub fn label(self) -> &'static str {
        match self {
            Band::Low => "baixo",
            Band::Moderate => "moderado",
            Band::High => "alto",
        }
    }

    /// One letter for a badge (meaning never depends on colour).
    pub fn letter(self) -> char {
        match self {
            Band::Low => 'B',
            Band::Moderate => 'M',
            Band::High => 'A',
        }
    }
}

/// A risk level, computed from probability and impact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RiskLevel {
    pub value: u32,
    pub band: Band,
}

impl RiskLevel {
    /// P×I, or `None` while either is missing.
    pub fn of(probability: Option<Degree>, impact: Option<Degree>) -> Option<RiskLevel> {
        let value = probability?.value() * impact?.value();
        let band = match value {
            0..=50 => Band::Low,
            51..=100 => Band::Moderate,
            _ => Band::High,
        };
        Some(RiskLevel { value, band })
    }
}

/// A person who signs (section 8): name, registration, place and date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signatory {
    #[serde(rename = "nome")]
    pub name: String,
    #[serde(rename = "matricula", default, skip_serializing_if = "Option::is_none")]
    pub registration: Option<String>,
    #[serde(rename = "local", default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    #[serde(rename = "data", default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
}

impl Signatory {
    /// Whether name and date are there (what an approval needs).
    pub fn is_complete(&self) -> bool {
        !self.name.trim().is_empty() && self.date.is_some()
    }
}

/// One line of the revision history, appended on each approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    #[serde(rename = "data")]
    pub date: NaiveDate,
    #[serde(rename = "versao")]
    pub version: String,
    #[serde(rename = "descricao")]
    pub description: String,
    #[serde(rename = "autor")]
    pub author: String,
}

/// Section 1: the agents, as the inventory names them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agents {
    #[serde(rename = "controlador", default)]
    pub controller: String,
    #[serde(rename = "encarregado", default)]
    pub dpo: String,
    #[serde(rename = "operadores", default, skip_serializing_if = "Vec::is_empty")]
    pub operators: Vec<String>,
}

/// Section 2: one trigger that fired, the facts behind it and why the owner
/// thinks the report answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Need {
    /// Id in `gatilhos-ripd.ron`.
    #[serde(rename = "gatilho")]
    pub trigger: String,
    /// What made it fire, per covered process (from the inventory).
    #[serde(rename = "fatos", default, skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<String>,
    #[serde(
        rename = "justificativa",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub justification: Option<String>,
}

/// A part of section 3: what the inventory says, and what the owner adds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prefilled {
    #[serde(rename = "do_inventario", default)]
    pub from_inventory: String,
    #[serde(
        rename = "complemento",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub addition: Option<String>,
}

/// Section 3: description of the processing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Description {
    /// 3.1 nature: how the data is collected, kept, used and shared.
    #[serde(rename = "natureza", default)]
    pub nature: Prefilled,
    /// 3.2 scope: whose data, how much, how long, where.
    #[serde(rename = "escopo", default)]
    pub scope: Prefilled,
    /// 3.3 context: the relationship with the titulares, vulnerable groups.
    #[serde(rename = "contexto", default)]
    pub context: Prefilled,
    /// 3.4 purpose: the purposes and their legal bases.
    #[serde(rename = "finalidade", default)]
    pub purpose: Prefilled,
}

/// Section 4: a party consulted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consultation {
    #[serde(rename = "id")]
    pub id: ItemId,
    #[serde(rename = "quem")]
    pub who: String,
    #[serde(rename = "papel", default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(rename = "data", default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    #[serde(rename = "parecer", default, skip_serializing_if = "Option::is_none")]
    pub opinion: Option<String>,
}

/// Section 5: necessity and proportionality of one purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Necessity {
    /// `<process>/<purpose>`, the purpose it is about.
    #[serde(rename = "id")]
    pub id: String,
    #[serde(rename = "finalidade", default)]
    pub purpose: String,
    #[serde(
        rename = "base_legal",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub legal_basis: Option<String>,
    #[serde(
        rename = "por_que_necessario",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub why_necessary: Option<String>,
    #[serde(
        rename = "minimizacao",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub minimization: Option<String>,
    #[serde(rename = "qualidade", default, skip_serializing_if = "Option::is_none")]
    pub quality: Option<String>,
    /// How the titular's rights of LGPD art. 18 are served.
    #[serde(
        rename = "direitos_titular",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub rights: Option<String>,
    #[serde(
        rename = "transferencias",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub transfers: Option<String>,
}

/// Section 7: a measure against one risk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    #[serde(rename = "id")]
    pub id: ItemId,
    #[serde(rename = "descricao")]
    pub description: String,
    /// The measure type (`medidas-seguranca.ron`); when it is one of a covered
    /// process's `medidas_seguranca`, that process's controls apply.
    #[serde(rename = "tipo", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<MeasureTypeId>,
    #[serde(rename = "efeito", default, skip_serializing_if = "Option::is_none")]
    pub effect: Option<Effect>,
    #[serde(
        rename = "probabilidade_residual",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub residual_probability: Option<Degree>,
    #[serde(
        rename = "impacto_residual",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub residual_impact: Option<Degree>,
    /// Whether the controller approved the measure.
    #[serde(rename = "aprovada", default, skip_serializing_if = "Option::is_none")]
    pub approved: Option<Answer>,
}

impl Measure {
    pub fn residual_level(&self) -> Option<RiskLevel> {
        RiskLevel::of(self.residual_probability, self.residual_impact)
    }
}

/// Section 6: a risk, with its measures (section 7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    /// `R01`…`R14` from `riscos.ron`, or an id of the institution's own.
    #[serde(rename = "id")]
    pub id: RiskId,
    #[serde(rename = "descricao", default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Why the tool suggested it, when it did (the fact behind it).
    #[serde(
        rename = "sugerido_por",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub suggested_by: Option<String>,
    #[serde(
        rename = "probabilidade",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub probability: Option<Degree>,
    #[serde(rename = "impacto", default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<Degree>,
    #[serde(rename = "medidas", default, skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<Measure>,
}

impl Risk {
    /// The inherent level (before measures).
    pub fn level(&self) -> Option<RiskLevel> {
        RiskLevel::of(self.probability, self.impact)
    }

    /// The level after the measures: the highest residual level among them, or
    /// the inherent level while no measure states one.
    pub fn residual_level(&self) -> Option<RiskLevel> {
        self.measures
            .iter()
            .filter_map(Measure::residual_level)
            .max_by_key(|l| l.value)
            .or_else(|| self.level())
    }
}

/// A suggested risk the owner rejected, kept so a reviewer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rejected {
    #[serde(rename = "id")]
    pub id: RiskId,
    #[serde(rename = "sugerido_por")]
    pub suggested_by: String,
    #[serde(rename = "motivo")]
    pub reason: String,
}

/// Section 8: approval.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    #[serde(
        rename = "elaborado_por",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub prepared_by: Option<Signatory>,
    #[serde(
        rename = "encarregado",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub dpo: Option<Signatory>,
    #[serde(
        rename = "autoridade_controlador",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub controller_authority: Option<Signatory>,
    #[serde(
        rename = "autoridade_operador",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub operator_authority: Option<Signatory>,
    /// The committee's minutes that approved it.
    #[serde(rename = "ata", default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<String>,
    #[serde(
        rename = "aprovado_em",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub approved_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ripd {
    #[serde(rename = "versao_formato")]
    pub format_version: u32,
    /// Also the file name, `ripd/<id>.ron`.
    #[serde(rename = "id")]
    pub id: ProcessId,
    #[serde(rename = "titulo")]
    pub title: String,
    /// The processes the report covers.
    #[serde(rename = "processos")]
    pub processes: Vec<ProcessId>,
    #[serde(rename = "numero", default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    #[serde(
        rename = "processo_sei",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub sei: Option<String>,
    #[serde(rename = "versao", default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(rename = "criado_em")]
    pub created: NaiveDate,
    #[serde(rename = "atualizado_em")]
    pub updated: NaiveDate,
    #[serde(rename = "historico", default, skip_serializing_if = "Vec::is_empty")]
    pub revisions: Vec<Revision>,
    #[serde(rename = "agentes", default)]
    pub agents: Agents,
    #[serde(rename = "necessidade", default, skip_serializing_if = "Vec::is_empty")]
    pub need: Vec<Need>,
    #[serde(rename = "descricao_tratamento", default)]
    pub description: Description,
    #[serde(
        rename = "partes_consultadas",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub consulted: Vec<Consultation>,
    #[serde(
        rename = "necessidade_proporcionalidade",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub necessity: Vec<Necessity>,
    #[serde(rename = "riscos", default, skip_serializing_if = "Vec::is_empty")]
    pub risks: Vec<Risk>,
    #[serde(
        rename = "sugestoes_rejeitadas",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub rejected: Vec<Rejected>,
    #[serde(rename = "aprovacao", default)]
    pub approval: Approval,
}

impl Ripd {
    /// An empty report covering `processes`.
    pub fn new(
        id: ProcessId,
        title: impl Into<String>,
        processes: Vec<ProcessId>,
        today: NaiveDate,
    ) -> Ripd {
        Ripd {
            format_version: FORMAT_VERSION,
            id,
            title: title.into(),
            processes,
            number: None,
            sei: None,
            version: None,
            created: today,
            updated: today,
            revisions: Vec::new(),
            agents: Agents::default(),
            need: Vec::new(),
            description: Description::default(),
            consulted: Vec::new(),
            necessity: Vec::new(),
            risks: Vec::new(),
            rejected: Vec::new(),
            approval: Approval::default(),
        }
    }

    /// The date of the last approval, if any.
    pub fn approved_on(&self) -> Option<NaiveDate> {
        self.approval.approved_on
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_computed_never_typed() {
        let level = |p, i| RiskLevel::of(Some(p), Some(i)).map(|l| (l.value, l.band));
        use Degree::*;
        assert_eq!(level(Low, Low), Some((25, Band::Low)));
        assert_eq!(level(Low, Moderate), Some((50, Band::Low)));
        assert_eq!(level(Low, High), Some((75, Band::Moderate)));
        assert_eq!(level(Moderate, Moderate), Some((100, Band::Moderate)));
        assert_eq!(level(Moderate, High), Some((150, Band::High)));
        assert_eq!(level(High, High), Some((225, Band::High)));
        assert_eq!(RiskLevel::of(None, Some(High)), None);
    }

    #[test]
    fn the_residual_level_is_the_worst_measure_or_the_inherent_one() {
        let measure = |p, i| Measure {
            id: ItemId::parse("m").unwrap(),
            description: "x".into(),
            kind: None,
            effect: Some(Effect::Reduce),
            residual_probability: Some(p),
            residual_impact: Some(i),
            approved: None,
        };
        let mut risk = Risk {
            id: RiskId::from("R01"),
            description: None,
            suggested_by: None,
            probability: Some(Degree::High),
            impact: Some(Degree::High),
            measures: vec![],
        };
        assert_eq!(risk.residual_level().map(|l| l.value), Some(225));
        risk.measures = vec![
            measure(Degree::Low, Degree::Low),
            measure(Degree::Low, Degree::Moderate),
        ];
        assert_eq!(risk.residual_level().map(|l| l.value), Some(50));
    }
}
