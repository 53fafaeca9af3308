//! The institution (`inventario.ron`): the controller, the encarregado, the privacy
//! committee and the policy settings that make one product serve UFDPar, MPRS,
//! Rondônia and others without forks (DOMAIN.md §12).

use serde::{Deserialize, Serialize};

use super::FORMAT_VERSION;

/// The whole `inventario.ron` file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Institution {
    #[serde(rename = "versao_formato")]
    pub format_version: u32,
    /// The legal entity that decides on processing (LGPD art. 5 VI).
    #[serde(rename = "controlador")]
    pub controller: Agent,
    /// The data-protection officer, whose contact must be public (LGPD art. 41 §1).
    #[serde(rename = "encarregado")]
    pub dpo: DataProtectionOfficer,
    /// Members of the privacy committee (UFDPar art. 7–9; MPRS art. 14).
    #[serde(rename = "comite", default, skip_serializing_if = "Vec::is_empty")]
    pub committee: Vec<CommitteeMember>,
    #[serde(rename = "politica")]
    pub policy: PolicySettings,
    /// The committee's last revision of the Política and its normative
    /// instructions over the whole inventory (UFDPar art. 7 III), written by
    /// `inventario revisao politica`.
    #[serde(
        rename = "revisao_politica",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub policy_revision: Option<super::Review>,
}

/// Name and contact of an agent of processing (SGD template section 2).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agent {
    #[serde(rename = "nome")]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cnpj: Option<String>,
    #[serde(rename = "endereco", default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cep: Option<String>,
    #[serde(rename = "telefone", default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// The encarregado: an agent plus the act that designated them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataProtectionOfficer {
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
    /// The act (portaria) that designated them.
    #[serde(
        rename = "ato_designacao",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub designation_act: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommitteeMember {
    #[serde(rename = "nome")]
    pub name: String,
    #[serde(rename = "funcao", default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

super::choices::closed_list! {
    /// Which set of RIPD triggers the institution applies (DOMAIN.md §6).
    #[derive(PartialOrd, Ord)]
    pub enum TriggerSet in TRIGGER_SETS {
        /// UFDPar art. 39 I–IX.
        UfdparArt39 = "UfdparArt39" => "UFDPar art. 39",
        /// Res. CD/ANPD 2/2022 art. 4: one general and one specific criterion.
        AnpdRes2of2022 = "AnpdRes2de2022" => "Res. CD/ANPD 2/2022",
    }
}

/// Settings that differ between institutions (DOMAIN.md §12).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicySettings {
    /// Months between committee reviews of a process (Guia SGD: at least yearly
    /// or on any change; UFDPar art. 7 II). New inventories get 12.
    #[serde(rename = "revisao_processo_meses")]
    pub process_review_months: u32,
    /// Months between RIPD reviews (MPRS art. 14 §2: 6), if the institution sets one.
    #[serde(
        rename = "revisao_ripd_meses",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub ripd_review_months: Option<u32>,
    /// Months between the committee's revisions of the Política and its normative
    /// instructions (UFDPar art. 7 III: at least every two years), if the
    /// institution sets one.
    #[serde(
        rename = "revisao_politica_meses",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub policy_review_months: Option<u32>,
    #[serde(rename = "gatilhos_ripd")]
    pub ripd_triggers: Vec<TriggerSet>,
    /// Number of titulares from which processing counts as "large scale"
    /// (Res. CD/ANPD 2/2022 art. 4 §1; the institution sets the threshold).
    #[serde(rename = "limiar_larga_escala")]
    pub large_scale_threshold: u64,
    /// Access-classification levels in use (MPRS art. 9–12); empty when the
    /// institution does not classify.
    #[serde(
        rename = "niveis_acesso",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub access_levels: Vec<String>,
    /// The LGPD art. 33 hypotheses the institution's policy admits for an
    /// international transfer; empty: all of them. UFDPar art. 36 admits only a
    /// country with an adequate level of protection (`art33-i`).
    #[serde(
        rename = "salvaguardas_aceitas",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub accepted_safeguards: Vec<super::SafeguardId>,
    /// A parent's specific consent the institution's own policy asks whatever
    /// the legal basis; absent: only LGPD art. 14 §1 (children, when consent is
    /// the basis; Enunciado CD/ANPD 1/2023).
    #[serde(
        rename = "consentimento_responsavel",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub parental_consent: Option<ParentalConsentRule>,
}

super::choices::closed_list! {
    /// Whose data the institution's rule on parental consent covers.
    pub enum MinorsInScope in MINORS_IN_SCOPE {
        /// Children under twelve (RO art. 9).
        Children = "Criancas" => "crianças",
        /// Children and adolescents (UFDPar art. 24).
        ChildrenAndAdolescents = "CriancasEAdolescentes" => "crianças e adolescentes",
    }
}

/// The institution's stricter rule on parental consent (UFDPar art. 24 asks it
/// for children and adolescents; RO art. 9 for children), with its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParentalConsentRule {
    #[serde(rename = "alcance")]
    pub scope: MinorsInScope,
    /// The article that sets it ("UFDPar art. 24").
    #[serde(rename = "fonte")]
    pub source: String,
}

impl ParentalConsentRule {
    /// Whether the rule covers a group.
    pub fn covers(&self, group: super::VulnerableGroup) -> bool {
        match group {
            super::VulnerableGroup::Children => true,
            super::VulnerableGroup::Adolescents => {
                self.scope == MinorsInScope::ChildrenAndAdolescents
            }
            _ => false,
        }
    }
}

impl Default for PolicySettings {
    /// UFDPar's settings, the ones the sample inventory uses.
    fn default() -> Self {
        Self {
            process_review_months: 12,
            ripd_review_months: None,
            policy_review_months: Some(24),
            ripd_triggers: vec![TriggerSet::UfdparArt39],
            large_scale_threshold: 10_000,
            access_levels: Vec::new(),
            accepted_safeguards: Vec::new(),
            parental_consent: None,
        }
    }
}

impl Institution {
    /// A blank institution to be filled in, as `inventario init` writes it.
    pub fn template(name: &str) -> Self {
        Self {
            format_version: FORMAT_VERSION,
            controller: Agent {
                name: name.to_owned(),
                ..Agent::default()
            },
            dpo: DataProtectionOfficer::default(),
            committee: Vec::new(),
            policy: PolicySettings::default(),
            policy_revision: None,
        }
    }
}
