//! Who takes part in a process besides the institution, and under which
//! standing: its owner (UFDPar art. 3 VIII), operators and their legal nature
//! (LGPD art. 5 VII), joint controllers (art. 5 VI, art. 42 §1 II), the
//! controller the institution operates for (art. 39), and the regime of art. 4
//! III that puts a process outside the law's general rules.

use serde::{Deserialize, Serialize};

use super::ids::ItemId;
use super::process::Phase;

super::choices::closed_list! {
    /// An operator's legal nature (LGPD art. 5 VII; art. 24: public companies
    /// in competition follow private rules; art. 33: a foreign one receives data
    /// abroad).
    pub enum LegalNature in LEGAL_NATURES {
        PublicBody = "OrgaoPublico" => "órgão ou entidade pública",
        PublicCompany = "EmpresaPublica" => "empresa pública",
        MixedCompany = "SociedadeEconomiaMista" => "sociedade de economia mista",
        Private = "Privada" => "entidade privada",
        Foreign = "Estrangeira" => "entidade estrangeira",
    }
}

super::choices::closed_list! {
    /// The hypotheses of LGPD art. 4 III, outside the law's general rules.
    pub enum SpecialRegime in SPECIAL_REGIMES {
        PublicSafety = "SegurancaPublica" => "segurança pública (art. 4º, III, a)",
        NationalDefence = "DefesaNacional" => "defesa nacional (art. 4º, III, b)",
        StateSecurity = "SegurancaDoEstado" => "segurança do Estado (art. 4º, III, c)",
        CriminalInvestigation = "InvestigacaoPenal" => "investigação e repressão de infrações penais (art. 4º, III, d)",
    }
}

/// The person who decides how the process runs (UFDPar art. 3 VIII, art. 10 §1–2).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Owner {
    #[serde(rename = "nome")]
    pub name: String,
    #[serde(rename = "cargo", default, skip_serializing_if = "Option::is_none")]
    pub position: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Login on the server, used to match the process to the person editing it.
    #[serde(rename = "usuario", default, skip_serializing_if = "Option::is_none")]
    pub login: Option<String>,
}

/// An operator acting on the controller's behalf (SGD sections 2 and 3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operator {
    pub id: ItemId,
    #[serde(rename = "nome")]
    pub name: String,
    #[serde(rename = "endereco", default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cep: Option<String>,
    #[serde(rename = "telefone", default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(rename = "fases", default, skip_serializing_if = "Vec::is_empty")]
    pub phases: Vec<Phase>,
    #[serde(rename = "natureza", default, skip_serializing_if = "Option::is_none")]
    pub nature: Option<LegalNature>,
}

/// Another controller that decides the process together with the institution
/// (joint controllers: LGPD art. 5 VI, art. 42 §1 II).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JointController {
    #[serde(rename = "nome")]
    pub name: String,
    /// What it decides or does in the process.
    #[serde(rename = "papel", default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// The controller the institution processes for, when it is only the operator
/// (LGPD art. 5 VII, art. 39: ENEM applied for the INEP).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperatorFor {
    #[serde(rename = "controlador")]
    pub controller: String,
    /// The contract, agreement or act that sets the instructions.
    #[serde(
        rename = "instrumento",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub instrument: Option<String>,
}

/// Processing outside the LGPD's general rules (art. 4 III), with the law that
/// governs it (art. 4 §1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutsideGeneralRules {
    #[serde(rename = "hipotese")]
    pub regime: SpecialRegime,
    /// The specific law that governs the processing.
    #[serde(rename = "lei")]
    pub law: String,
}
