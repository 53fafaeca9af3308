//! One work process (*processo de trabalho*, `processos/<id>.ron`): every item of the
//! SGD inventory template, sections 1–14 (DOMAIN.md §2), plus UFDPar's per-field
//! detail (art. 34), consent, the RIPD facts only the owner can declare (UFDPar art.
//! 39 I, II, IV, IX) and the last committee review.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::FORMAT_VERSION;
use super::applicability::Section;
use super::data_field::DataField;
use super::flows::{ReceivedData, Sharing, Transfer};
use super::ids::{ItemId, LegalBasisId, MeasureTypeId, ProcessId, SourceId, SubjectGroupId};
use super::parties::{JointController, Operator, OperatorFor, OutsideGeneralRules, Owner};
use super::retention::Retention;
use super::vulnerable::VulnerableGroup;

super::choices::closed_list! {
    /// A yes/no answer that someone gave; `None` where a field is `Option<Answer>` means
    /// nobody answered yet.
    pub enum Answer in ANSWERS {
        Yes = "Sim" => "sim",
        No = "Nao" => "não",
    }
}

impl Answer {
    pub fn is_yes(answer: Option<Answer>) -> bool {
        answer == Some(Answer::Yes)
    }
}

super::choices::closed_list! {
    /// Lifecycle phases of processing (SGD section 3; DOMAIN.md §3.6).
    #[derive(PartialOrd, Ord)]
    pub enum Phase in PHASES {
        Collection = "Coleta" => "coleta",
        Retention = "Retencao" => "retenção",
        Processing = "Processamento" => "processamento",
        Sharing = "Compartilhamento" => "compartilhamento",
        Elimination = "Eliminacao" => "eliminação",
    }
}

super::choices::closed_list! {
    /// Geographic reach of the process (SGD section 5).
    #[derive(PartialOrd, Ord)]
    pub enum Reach in REACH {
        National = "Nacional" => "nacional",
        State = "Estadual" => "estadual",
        District = "Distrital" => "distrital",
        Municipal = "Municipal" => "municipal",
        Regional = "Regional" => "regional",
    }
}

/// A purpose of the process (SGD section 6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Purpose {
    pub id: ItemId,
    #[serde(rename = "descricao")]
    pub description: String,
    #[serde(
        rename = "base_legal",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub legal_basis: Option<LegalBasisId>,
    /// The law, decree or regulation behind the purpose.
    #[serde(
        rename = "previsao_legal",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub legal_provision: Option<String>,
    #[serde(
        rename = "resultados_titular",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub results_for_subject: Option<String>,
    #[serde(
        rename = "beneficios",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub benefits: Option<String>,
}

/// A category of data subjects (SGD section 10; UFDPar art. 33).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubjectGroup {
    #[serde(rename = "grupo")]
    pub group: SubjectGroupId,
    #[serde(rename = "descricao", default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// How consent is obtained and revoked, when consent is a basis (LGPD art. 8–9;
/// UFDPar art. 13).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consent {
    /// How and where the titular gives consent (form, term, checkbox…).
    #[serde(
        rename = "forma_obtencao",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub how_obtained: Option<String>,
    /// The free and easy channel to revoke it (LGPD art. 8 §5; UFDPar art. 13).
    #[serde(
        rename = "canal_revogacao",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub revocation_channel: Option<String>,
    /// Whether the titular is told which data is shared and with whom (art. 9 V).
    #[serde(
        rename = "informa_compartilhamento",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub informs_sharing: Option<Answer>,
    /// Specific consent given by at least one parent or guardian (LGPD art. 14 §1;
    /// UFDPar art. 24).
    #[serde(
        rename = "consentimento_responsavel",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub parental_consent: Option<Answer>,
}

/// A security and privacy measure (SGD section 12; LGPD art. 46).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityMeasure {
    #[serde(rename = "tipo")]
    pub kind: MeasureTypeId,
    #[serde(rename = "controles")]
    pub controls: String,
}

/// An IT contract that processes the data (SGD section 14).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItContract {
    pub id: ItemId,
    #[serde(rename = "numero")]
    pub number: String,
    #[serde(
        rename = "processo_contratacao",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub procurement: Option<String>,
    #[serde(rename = "objeto", default, skip_serializing_if = "Option::is_none")]
    pub object: Option<String>,
    #[serde(
        rename = "email_gestor",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub manager_email: Option<String>,
}

/// Facts about the process that only its owner can declare, each a RIPD trigger of
/// UFDPar art. 39.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RipdFacts {
    /// I: new technology, service or initiative.
    #[serde(
        rename = "nova_tecnologia",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub new_technology: Option<Answer>,
    /// II: location tracking or behavioural profiling.
    #[serde(
        rename = "rastreamento_ou_perfil",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub tracking_or_profiling: Option<Answer>,
    /// IV: automated decisions with legal effects.
    #[serde(
        rename = "decisoes_automatizadas",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub automated_decisions: Option<Answer>,
    /// IX: administrative reform (merger, split of bodies).
    #[serde(
        rename = "reforma_administrativa",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub administrative_reform: Option<Answer>,
    /// Public areas under surveillance (Res. CD/ANPD 2/2022 art. 4 II b).
    #[serde(
        rename = "vigilancia_area_publica",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub public_area_surveillance: Option<Answer>,
}

/// The RIPD written for the process, when there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RipdRecord {
    /// Reference of the report (a file under `ripd/`, or a document number).
    #[serde(rename = "referencia")]
    pub reference: String,
    #[serde(rename = "data")]
    pub date: NaiveDate,
}

/// The last review approved by the committee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    #[serde(rename = "data")]
    pub date: NaiveDate,
    /// Minutes of the meeting that approved it ("Ata 12/2026").
    #[serde(rename = "ata")]
    pub minutes: String,
    #[serde(rename = "aprovado_por")]
    pub approved_by: String,
}

/// A whole process file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Process {
    #[serde(rename = "versao_formato")]
    pub format_version: u32,
    // 1. Identification
    pub id: ProcessId,
    #[serde(rename = "nome")]
    pub name: String,
    #[serde(rename = "descricao", default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(rename = "unidade", default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(rename = "dono", default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Owner>,
    #[serde(rename = "criado_em")]
    pub created: NaiveDate,
    #[serde(rename = "atualizado_em")]
    pub updated: NaiveDate,
    /// Other controllers deciding the process with the institution.
    #[serde(
        rename = "controladores_conjuntos",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub joint_controllers: Vec<JointController>,
    /// The controller the institution is operator for in this process.
    #[serde(
        rename = "operador_para",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub operator_for: Option<OperatorFor>,
    /// Processing under LGPD art. 4 III, with its law.
    #[serde(
        rename = "fora_regras_gerais",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub outside_general_rules: Option<OutsideGeneralRules>,
    // 2–3. Operators and the phases they act in
    #[serde(rename = "operadores", default)]
    pub operators: Section<Operator>,
    // 4. Data flow
    #[serde(
        rename = "fluxo_dados",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub data_flow: Option<String>,
    // 5. Scope and nature
    #[serde(rename = "abrangencia", default, skip_serializing_if = "Vec::is_empty")]
    pub reach: Vec<Reach>,
    #[serde(rename = "fontes", default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceId>,
    /// Data received from other public bodies.
    #[serde(rename = "recebido_de", default, skip_serializing_if = "Vec::is_empty")]
    pub received_from: Vec<ReceivedData>,
    // 6. Purposes
    #[serde(rename = "finalidades", default, skip_serializing_if = "Vec::is_empty")]
    pub purposes: Vec<Purpose>,
    // 9. Frequency and totals
    #[serde(
        rename = "frequencia",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub frequency: Option<String>,
    #[serde(
        rename = "quantidade_titulares",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub subject_count: Option<u64>,
    // 10. Data subjects
    #[serde(rename = "titulares", default, skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<SubjectGroup>,
    /// Children's data: under twelve (ECA art. 2; LGPD art. 14).
    #[serde(rename = "criancas", default, skip_serializing_if = "Option::is_none")]
    pub children: Option<Answer>,
    /// Adolescents' data: twelve to eighteen (ECA art. 2; LGPD art. 14).
    #[serde(
        rename = "adolescentes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub adolescents: Option<Answer>,
    /// The single answer of older files (SGD template row 10.3), read for the
    /// group it was given for when `criancas` or `adolescentes` is not answered.
    #[serde(
        rename = "criancas_adolescentes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub children_or_adolescents: Option<Answer>,
    /// Elderly titulares: sixty or older (Lei 10.741/2003 art. 1; Res. CD/ANPD
    /// 2/2022 art. 4 II c).
    #[serde(rename = "idosos", default, skip_serializing_if = "Option::is_none")]
    pub elderly: Option<Answer>,
    /// Other vulnerable groups: people with disabilities, homeless people…
    #[serde(
        rename = "outros_vulneraveis",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub other_vulnerable: Option<Answer>,
    /// How the process serves the best interest of the children and adolescents
    /// whose data it holds (LGPD art. 14 caput; Enunciado CD/ANPD 1/2023: an
    /// assessment to record, not a legal basis).
    #[serde(
        rename = "melhor_interesse",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub best_interest: Option<String>,
    // 7–8. Personal and sensitive data, per field (UFDPar art. 34)
    #[serde(rename = "campos", default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<DataField>,
    /// Retention that applies to every field that does not set its own.
    #[serde(rename = "retencao", default, skip_serializing_if = "Option::is_none")]
    pub retention: Option<Retention>,
    #[serde(
        rename = "consentimento",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub consent: Option<Consent>,
    // 11. Sharing
    #[serde(rename = "compartilhamentos", default)]
    pub sharing: Section<Sharing>,
    // 13. International transfer
    #[serde(rename = "transferencias_internacionais", default)]
    pub transfers: Section<Transfer>,
    // 12. Security measures
    #[serde(
        rename = "medidas_seguranca",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub security_measures: Vec<SecurityMeasure>,
    // 14. IT contracts
    #[serde(rename = "contratos_ti", default)]
    pub it_contracts: Section<ItContract>,
    /// Access classification (MPRS art. 9–12), one of the institution's levels.
    #[serde(
        rename = "classificacao_acesso",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub access_classification: Option<String>,
    /// Where titulares exercise their rights for this process, when not the
    /// institution's channel (LGPD art. 18; UFDPar art. 30).
    #[serde(
        rename = "canal_titular",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub rights_channel: Option<String>,
    #[serde(rename = "fatos_ripd", default)]
    pub ripd_facts: RipdFacts,
    #[serde(rename = "ripd", default, skip_serializing_if = "Option::is_none")]
    pub ripd: Option<RipdRecord>,
    #[serde(
        rename = "ultima_revisao",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub last_review: Option<Review>,
    #[serde(
        rename = "observacoes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub notes: Option<String>,
    /// When the process stopped (archived processes are kept, not checked).
    #[serde(
        rename = "arquivado_em",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub archived: Option<NaiveDate>,
}

impl Process {
    /// A new, mostly empty process, as the editor or a template creates it.
    pub fn new(id: ProcessId, name: impl Into<String>, today: NaiveDate) -> Self {
        Self {
            format_version: FORMAT_VERSION,
            id,
            name: name.into(),
            description: None,
            unit: None,
            owner: None,
            created: today,
            updated: today,
            joint_controllers: Vec::new(),
            operator_for: None,
            outside_general_rules: None,
            operators: Section::NotFilled,
            data_flow: None,
            reach: Vec::new(),
            sources: Vec::new(),
            received_from: Vec::new(),
            purposes: Vec::new(),
            frequency: None,
            subject_count: None,
            subjects: Vec::new(),
            children: None,
            adolescents: None,
            children_or_adolescents: None,
            elderly: None,
            other_vulnerable: None,
            best_interest: None,
            fields: Vec::new(),
            retention: None,
            consent: None,
            sharing: Section::NotFilled,
            transfers: Section::NotFilled,
            security_measures: Vec::new(),
            it_contracts: Section::NotFilled,
            access_classification: None,
            rights_channel: None,
            ripd_facts: RipdFacts::default(),
            ripd: None,
            last_review: None,
            notes: None,
            archived: None,
        }
    }

    pub fn purpose(&self, id: &ItemId) -> Option<&Purpose> {
        self.purposes.iter().find(|p| &p.id == id)
    }

    pub fn field(&self, id: &ItemId) -> Option<&DataField> {
        self.fields.iter().find(|f| &f.id == id)
    }

    /// The retention that applies to a field: its own, else the process's.
    pub fn retention_of<'a>(&'a self, field: &'a DataField) -> Option<&'a Retention> {
        field.retention.as_ref().or(self.retention.as_ref())
    }

    /// The answer for one vulnerable group. For children and adolescents, the
    /// older joint answer (`criancas_adolescentes`) stands in when the group's
    /// own key is not answered.
    pub fn answer_for(&self, group: VulnerableGroup) -> Option<Answer> {
        match group {
            VulnerableGroup::Children => self.children.or(self.children_or_adolescents),
            VulnerableGroup::Adolescents => self.adolescents.or(self.children_or_adolescents),
            VulnerableGroup::Elderly => self.elderly,
            VulnerableGroup::Other => self.other_vulnerable,
        }
    }

    /// One answer for several groups, as the SGD template asks children and
    /// adolescents together: yes when any is yes, no when all are no,
    /// unanswered otherwise.
    pub fn joint_answer(&self, groups: &[VulnerableGroup]) -> Option<Answer> {
        let answers: Vec<Option<Answer>> = groups.iter().map(|g| self.answer_for(*g)).collect();
        if answers.contains(&Some(Answer::Yes)) {
            Some(Answer::Yes)
        } else if answers.iter().all(|a| *a == Some(Answer::No)) {
            Some(Answer::No)
        } else {
            None
        }
    }

    /// The vulnerable groups the process says it holds data of.
    pub fn vulnerable_groups(&self) -> Vec<VulnerableGroup> {
        VulnerableGroup::ALL
            .iter()
            .copied()
            .filter(|g| Answer::is_yes(self.answer_for(*g)))
            .collect()
    }

    /// Children and adolescents the process says it holds data of (LGPD art. 14).
    pub fn minors(&self) -> Vec<VulnerableGroup> {
        let mut groups = self.vulnerable_groups();
        groups.retain(|g| g.is_minor());
        groups
    }

    /// Every legal basis the process names, on its purposes and on its fields.
    pub fn named_bases(&self) -> impl Iterator<Item = &LegalBasisId> {
        self.purposes
            .iter()
            .filter_map(|p| p.legal_basis.as_ref())
            .chain(self.fields.iter().filter_map(|f| f.legal_basis.as_ref()))
    }

    /// The legal bases that apply to a field: its own, else those of the purposes
    /// it serves.
    pub fn bases_of<'a>(&'a self, field: &'a DataField) -> Vec<&'a LegalBasisId> {
        if let Some(basis) = &field.legal_basis {
            return vec![basis];
        }
        field
            .purposes
            .iter()
            .filter_map(|id| self.purpose(id))
            .filter_map(|p| p.legal_basis.as_ref())
            .collect()
    }
}
