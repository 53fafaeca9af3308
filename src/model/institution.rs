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
    /// Where titulares exercise their rights (LGPD art. 18; UFDPar art. 30;
    /// Rondônia art. 18): the site, Fala.BR, the ouvidoria. A process may name
    /// its own (`canal_titular`).
    #[serde(
        rename = "canal_titular",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub rights_channel: Option<String>,
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
    /// The retention tables the institution follows; empty: every table loaded
    /// (the Arquivo Nacional's two, plus any of its own in `catalogos/`).
    #[serde(
        rename = "tabelas_temporalidade",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub retention_tables: Vec<RetentionTableSetting>,
    /// The institution's rule that makes a table code mandatory on every
    /// retention ("UFDPar art. 38 §1º"): without a code, `retencao-sem-ttdd` is
    /// then an erro citing it; absent, an aviso.
    #[serde(
        rename = "codigo_ttdd_obrigatorio",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub ttdd_code_required_by: Option<String>,
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

/// A retention table the institution follows; its own table is named, with the
/// act that approved it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionTableSetting {
    #[serde(rename = "tabela")]
    pub table: super::RetentionTable,
    /// The table's name, for the institution's own ("Tabela de Temporalidade do
    /// TJPI").
    #[serde(rename = "nome", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The act that approved it ("Resolução TJPI nº 12/2020").
    #[serde(rename = "fonte", default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl RetentionTableSetting {
    /// How messages and pages name the table.
    pub fn describe(&self) -> String {
        let name = self
            .name
            .clone()
            .unwrap_or_else(|| self.table.label().to_owned());
        match &self.source {
            Some(source) if !name.contains(source.as_str()) => format!("{name} ({source})"),
            _ => name,
        }
    }
}

impl PolicySettings {
    /// Whether the institution follows a table: any loaded table when it names
    /// none.
    pub fn follows(&self, table: super::RetentionTable) -> bool {
        self.retention_tables.is_empty() || self.retention_tables.iter().any(|t| t.table == table)
    }

    /// The tables in use, named for a message: "as tabelas de temporalidade que
    /// a instituição segue: …", or every table loaded when it names none.
    pub fn tables_in_use(&self) -> String {
        if self.retention_tables.is_empty() {
            return "as tabelas de temporalidade carregadas: TTDD das atividades-meio (Portaria AN nº 47/2020), TTDD das atividades-fim das IFES (Portaria AN nº 92/2011) e as de catalogos/".to_owned();
        }
        let names: Vec<String> = self.retention_tables.iter().map(|t| t.describe()).collect();
        format!(
            "as tabelas de temporalidade que a instituição segue: {}",
            crate::text::enumeration(&names)
        )
    }

    /// The name of one table, as the institution calls it.
    pub fn table_name(&self, table: super::RetentionTable) -> String {
        self.retention_tables
            .iter()
            .find(|t| t.table == table)
            .map_or_else(|| table.label().to_owned(), RetentionTableSetting::describe)
    }
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
            retention_tables: Vec::new(),
            ttdd_code_required_by: None,
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
            rights_channel: None,
            policy: PolicySettings::default(),
            policy_revision: None,
        }
    }
}
