//! Retention of personal data (DOMAIN.md §5): the retention table's phases (the
//! Arquivo Nacional's TTDD or the institution's own table), the retention tables,
//! the final destination, why processing ends (UFDPar art. 37 I–IV; RO art. 27) and
//! the exception that lets data be kept afterwards (UFDPar art. 37 §1 I–III).

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::ids::TtddCode;

/// The on-disk name of a period in years (`Anos(5)`).
pub const YEARS: &str = "Anos";
/// The on-disk name of a period until an event (`Evento("…")`).
pub const EVENT: &str = "Evento";

/// How long a document stays in one archival phase.
// serde's renames must be literals: a test checks they match the names above.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Period {
    /// A number of years.
    #[serde(rename = "Anos")]
    Years(u32),
    /// Until an event ("enquanto vigora", "até a homologação do evento"…).
    #[serde(rename = "Evento")]
    Event(String),
}

super::choices::closed_list! {
    /// A retention table (tabela de temporalidade) a code comes from, and the
    /// ones an institution follows (`politica.tabelas_temporalidade`).
    pub enum RetentionTable in RETENTION_TABLES {
        /// Atividades-meio do Poder Executivo Federal (Portaria AN 47/2020).
        SupportActivities = "AtividadesMeio" => "TTDD das atividades-meio (Portaria AN nº 47/2020)",
        /// Atividades-fim das IFES (Portaria AN 92/2011).
        Ifes = "Ifes" => "TTDD das atividades-fim das IFES (Portaria AN nº 92/2011)",
        /// A table of the institution's own, added in `catalogos/` (a court's,
        /// a state's or a municipality's table).
        Local = "Local" => "tabela própria da instituição",
    }
}

impl RetentionTable {
    pub fn legal_source(self) -> &'static str {
        match self {
            RetentionTable::SupportActivities => "Portaria AN nº 47/2020",
            RetentionTable::Ifes => "Portaria AN nº 92/2011",
            RetentionTable::Local => "tabela local da instituição",
        }
    }
}

super::choices::closed_list! {
    /// What happens at the end of the intermediate phase.
    pub enum FinalDestination in DESTINATION {
        Elimination = "Eliminacao" => "eliminação",
        /// "Recolhimento": permanent keeping as a historical archive.
        PermanentKeeping = "GuardaPermanente" => "guarda permanente",
    }
}

super::choices::closed_list! {
    /// Why processing of the data ends (UFDPar art. 37 I–IV; LGPD art. 15).
    #[derive(PartialOrd, Ord)]
    pub enum EndCause in END_CAUSES {
        /// I: purpose achieved or data no longer needed.
        PurposeAchieved = "FinalidadeAlcancada" => "finalidade alcançada (art. 37, I)",
        /// II: end of the processing period, archival period included.
        PeriodEnded = "FimDoPeriodo" => "fim do período (art. 37, II)",
        /// III: consent revoked or titular's request.
        RevocationOrRequest = "RevogacaoOuPedido" => "revogação ou pedido do titular (art. 37, III)",
        /// IV: sanction or court order.
        SanctionOrCourtOrder = "SancaoOuDecisaoJudicial" => "sanção ou decisão judicial (art. 37, IV)",
    }
}

super::choices::closed_list! {
    /// Why data may be kept after processing ends (UFDPar art. 37 §1; LGPD art. 16).
    pub enum KeepException in KEEP_EXCEPTIONS {
        /// I: legal or regulatory obligation.
        LegalObligation = "ObrigacaoLegal" => "obrigação legal (art. 37 §1º, I)",
        /// II: studies by a research body, anonymized where possible.
        Research = "Pesquisa" => "pesquisa (art. 37 §1º, II)",
        /// III: the controller's exclusive use, anonymized.
        ExclusiveAnonymizedUse = "UsoExclusivoAnonimizado" => "uso exclusivo anonimizado (art. 37 §1º, III)",
    }
}

/// Retention of a process or of one data field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retention {
    /// Classification code in the TTDD (UFDPar art. 38 §1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttdd: Option<TtddCode>,
    #[serde(
        rename = "fase_corrente",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub current_phase: Option<Period>,
    #[serde(
        rename = "fase_intermediaria",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub intermediate_phase: Option<Period>,
    #[serde(
        rename = "destinacao",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub destination: Option<FinalDestination>,
    /// Total cap in years, when the table sets one (e.g. 100 years for staff files).
    #[serde(
        rename = "prazo_total_anos",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub total_years: Option<u32>,
    #[serde(
        rename = "justificativa",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub justification: Option<String>,
    #[serde(
        rename = "fim_tratamento",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub end_causes: Vec<EndCause>,
    #[serde(
        rename = "excecao_guarda",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub keep_exception: Option<KeepException>,
}

impl Retention {
    /// Years the data is kept in all when both phases are counted in years, or the
    /// total cap, whichever is known.
    pub fn total_years_known(&self) -> Option<u32> {
        match (&self.current_phase, &self.intermediate_phase) {
            (Some(Period::Years(a)), Some(Period::Years(b))) => Some(a + b),
            (Some(Period::Years(a)), None) => Some(*a),
            _ => self.total_years,
        }
    }

    /// The date the retention ends for a record whose retention started on `start`
    /// (the creation of the document, or the event that opened the phase).
    pub fn due_date(&self, start: NaiveDate) -> Option<NaiveDate> {
        let years = self.total_years_known()?;
        start.checked_add_months(Months::new(years.checked_mul(12)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_period_names_are_the_ones_serde_writes() {
        let text = |p: &Period| crate::ron_text::to_canonical(p).unwrap();
        assert!(text(&Period::Years(5)).starts_with(&format!("{YEARS}(")));
        assert!(text(&Period::Event("x".into())).starts_with(&format!("{EVENT}(")));
    }

    #[test]
    fn payroll_due_date_is_start_plus_hundred_years() {
        let payroll = Retention {
            current_phase: Some(Period::Years(5)),
            intermediate_phase: Some(Period::Years(95)),
            ..Retention::default()
        };
        let start = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        assert_eq!(payroll.total_years_known(), Some(100));
        assert_eq!(
            payroll.due_date(start),
            NaiveDate::from_ymd_opt(2124, 2, 29)
        );
    }

    #[test]
    fn event_phase_uses_the_total_cap() {
        let staff = Retention {
            current_phase: Some(Period::Event("enquanto vigorar o vínculo".into())),
            total_years: Some(100),
            ..Retention::default()
        };
        assert_eq!(staff.total_years_known(), Some(100));
        let open_ended = Retention {
            current_phase: Some(Period::Event("até a homologação".into())),
            ..Retention::default()
        };
        assert_eq!(open_ended.due_date(NaiveDate::MIN), None);
    }
}
