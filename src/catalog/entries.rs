//! The entry types of each catalog file in `schemas/` (and `catalogos/` of an
//! inventory). Every entry cites its legal source in `fonte`.

use serde::{Deserialize, Serialize};

use crate::model::{FinalDestination, Period, Phase, TriggerSet, VulnerableGroup};

/// Anything kept in a catalog: it has an id and a legal source.
pub trait Entry {
    fn id(&self) -> &str;
    fn name(&self) -> &str;
    fn source(&self) -> &str;
}

macro_rules! entry_impl {
    ($type:ty, $id:ident) => {
        impl Entry for $type {
            fn id(&self) -> &str {
                &self.$id
            }
            fn name(&self) -> &str {
                &self.name
            }
            fn source(&self) -> &str {
                &self.source
            }
        }
    };
}

/// An entry that needs nothing but id, name and source (subject groups, sources,
/// measure types, safeguards, private-sharing exceptions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlainEntry {
    pub id: String,
    #[serde(rename = "nome")]
    pub name: String,
    #[serde(rename = "fonte")]
    pub source: String,
}
entry_impl!(PlainEntry, id);

/// A category of titulares (`titulares.ron`); a group the law protects apart
/// says which (`vulneravel`), so a process naming it must answer for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubjectGroupEntry {
    pub id: String,
    #[serde(rename = "nome")]
    pub name: String,
    #[serde(
        rename = "vulneravel",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub vulnerable: Option<VulnerableGroup>,
    #[serde(rename = "fonte")]
    pub source: String,
}
entry_impl!(SubjectGroupEntry, id);

/// An SGD data category (`categorias.ron`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryEntry {
    pub id: String,
    #[serde(rename = "nome")]
    pub name: String,
    #[serde(rename = "grupo")]
    pub group: String,
    /// One of the ten sensitive categories of LGPD art. 5 II.
    #[serde(rename = "sensivel", default)]
    pub sensitive: bool,
    /// A leak could cause patrimonial or moral damage (UFDPar art. 39 VI).
    #[serde(rename = "risco_dano", default)]
    pub damage_risk: bool,
    #[serde(rename = "fonte")]
    pub source: String,
}
entry_impl!(CategoryEntry, id);

/// A personal-data field (`campos.ron`), mapped to its SGD category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldKindEntry {
    pub id: String,
    #[serde(rename = "nome")]
    pub name: String,
    #[serde(rename = "categoria")]
    pub category: String,
    /// A leak of this field could cause damage even where its category as a
    /// whole does not (authentication credentials in 7.1.3; UFDPar art. 39 VI).
    #[serde(rename = "risco_dano", default)]
    pub damage_risk: bool,
    #[serde(rename = "fonte")]
    pub source: String,
}
entry_impl!(FieldKindEntry, id);

/// The article a legal basis belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BasisArticle {
    /// Any personal data.
    Art7,
    /// Sensitive personal data.
    Art11,
    /// Children's and adolescents' data.
    Art14,
}

/// What kind of basis it is, where the rules care.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum BasisNature {
    #[serde(rename = "Consentimento")]
    Consent,
    #[serde(rename = "InteresseLegitimo")]
    LegitimateInterest,
    #[serde(rename = "ProtecaoCredito")]
    CreditProtection,
    /// The child's best interest: an assessment, not a basis (Enunciado CD/ANPD
    /// 1/2023); kept so older files that name it are told so.
    #[serde(rename = "MelhorInteresse")]
    BestInterest,
    /// Collection without consent to reach a parent, once and never stored (LGPD
    /// art. 14 §3).
    #[serde(rename = "ContatoResponsavel")]
    ParentContact,
    #[default]
    #[serde(rename = "Outra")]
    Other,
}

/// A legal basis (`bases-legais.ron`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalBasisEntry {
    pub id: String,
    #[serde(rename = "nome")]
    pub name: String,
    #[serde(rename = "artigo")]
    pub article: BasisArticle,
    #[serde(rename = "natureza", default)]
    pub nature: BasisNature,
    #[serde(rename = "fonte")]
    pub source: String,
}
entry_impl!(LegalBasisEntry, id);

/// An operation of LGPD art. 5 X (`operacoes.ron`) and its lifecycle phase;
/// `None` for access, which belongs to every phase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationEntry {
    pub id: String,
    #[serde(rename = "nome")]
    pub name: String,
    #[serde(rename = "fase", default)]
    pub phase: Option<Phase>,
    #[serde(rename = "fonte")]
    pub source: String,
}
entry_impl!(OperationEntry, id);

/// Where a RIPD trigger's answer comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TriggerOrigin {
    /// Deduced from the inventory by `check`.
    #[serde(rename = "Derivado")]
    Derived,
    /// A fact the process owner declares.
    #[serde(rename = "Declarado")]
    Declared,
    /// Needs the history of changes.
    #[serde(rename = "Historico")]
    History,
}

/// A RIPD trigger (`gatilhos-ripd.ron`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TriggerEntry {
    pub id: String,
    #[serde(rename = "conjunto")]
    pub set: TriggerSet,
    #[serde(rename = "nome")]
    pub name: String,
    #[serde(rename = "origem")]
    pub origin: TriggerOrigin,
    #[serde(rename = "fonte")]
    pub source: String,
}
entry_impl!(TriggerEntry, id);

/// Which retention table a code comes from (the model's closed list, so the
/// institution's settings name the same tables).
pub use crate::model::RetentionTable as TtddTable;

/// A code of the retention table (`ttdd-*.ron`). Codes without any phase or
/// destination are class headings, not retention periods.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TtddEntry {
    #[serde(rename = "codigo")]
    pub code: String,
    #[serde(rename = "descritor")]
    pub name: String,
    #[serde(rename = "fase_corrente", default)]
    pub current_phase: Option<Period>,
    #[serde(rename = "fase_intermediaria", default)]
    pub intermediate_phase: Option<Period>,
    #[serde(rename = "destinacao", default)]
    pub destination: Option<FinalDestination>,
    #[serde(rename = "prazo_total_anos", default)]
    pub total_years: Option<u32>,
    #[serde(rename = "observacoes", default)]
    pub notes: Option<String>,
    #[serde(rename = "tabela")]
    pub table: TtddTable,
}

impl TtddEntry {
    /// A class heading (e.g. `020 GESTÃO DE PESSOAS`) sets no retention.
    pub fn is_heading(&self) -> bool {
        self.current_phase.is_none()
            && self.intermediate_phase.is_none()
            && self.destination.is_none()
    }
}

impl Entry for TtddEntry {
    fn id(&self) -> &str {
        &self.code
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn source(&self) -> &str {
        self.table.legal_source()
    }
}
