//! Retention of personal data (DOMAIN.md §5): the Arquivo Nacional's TTDD phases,
//! the final destination, why processing ends (UFDPar art. 37 I–IV; RO art. 27) and
//! the exception that lets data be kept afterwards (UFDPar art. 37 §1 I–III).

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::ids::TtddCode;

/// How long a document stays in one archival phase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Period {
    /// A number of years.
    #[serde(rename = "Anos")]
    Years(u32),
    /// Until an event ("enquanto vigora", "até a homologação do evento"…).
    #[serde(rename = "Evento")]
    Event(String),
}

/// What happens at the end of the intermediate phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FinalDestination {
    #[serde(rename = "Eliminacao")]
    Elimination,
    /// "Recolhimento": permanent keeping as a historical archive.
    #[serde(rename = "GuardaPermanente")]
    PermanentKeeping,
}

/// Why processing of the data ends (UFDPar art. 37 I–IV; LGPD art. 15).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EndCause {
    /// I: purpose achieved or data no longer needed.
    #[serde(rename = "FinalidadeAlcancada")]
    PurposeAchieved,
    /// II: end of the processing period, archival period included.
    #[serde(rename = "FimDoPeriodo")]
    PeriodEnded,
    /// III: consent revoked or titular's request.
    #[serde(rename = "RevogacaoOuPedido")]
    RevocationOrRequest,
    /// IV: sanction or court order.
    #[serde(rename = "SancaoOuDecisaoJudicial")]
    SanctionOrCourtOrder,
}

/// Why data may be kept after processing ends (UFDPar art. 37 §1; LGPD art. 16).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum KeepException {
    /// I: legal or regulatory obligation.
    #[serde(rename = "ObrigacaoLegal")]
    LegalObligation,
    /// II: studies by a research body, anonymized where possible.
    #[serde(rename = "Pesquisa")]
    Research,
    /// III: the controller's exclusive use, anonymized.
    #[serde(rename = "UsoExclusivoAnonimizado")]
    ExclusiveAnonymizedUse,
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
