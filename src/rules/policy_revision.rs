//! The committee's revision of the Política and its normative instructions, over
//! the whole inventory, at least once in the institution's period (UFDPar art. 7
//! III: every two years). It is not the review of each process (UFDPar art. 7 II;
//! `review`): `inventario revisao politica` records it in `inventario.ron`
//! (`revisao_politica`), with a commit and a tag; `pendencias` shows when the
//! next one is due and `check` warns when it is late.

use chrono::{Months, NaiveDate};

use super::registry as r;
use super::{CheckContext, FieldPath, Finding, Location};
use crate::model::{Institution, Review};

/// Where the institution stands on its Política revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyRevisionState<'a> {
    /// `inventario.ron` could not be read: its settings are not known.
    Unknown,
    /// The institution sets no period (`politica.revisao_politica_meses`).
    NoPeriod,
    /// Never recorded.
    Never { months: u32 },
    /// The revision was due on this date, which has passed.
    Overdue { due: NaiveDate, last: &'a Review },
    /// Revised; the next revision is due on this date.
    UpToDate { due: NaiveDate, last: &'a Review },
}

impl PolicyRevisionState<'_> {
    /// Whether the committee owes a revision now.
    pub fn is_late(&self) -> bool {
        matches!(
            self,
            PolicyRevisionState::Never { .. } | PolicyRevisionState::Overdue { .. }
        )
    }
}

/// The state of the Política revision on `today`; `None` when `inventario.ron`
/// could not be read (a placeholder's default period would be a guess).
pub fn state(institution: Option<&Institution>, today: NaiveDate) -> PolicyRevisionState<'_> {
    let Some(institution) = institution else {
        return PolicyRevisionState::Unknown;
    };
    let Some(months) = institution.policy.policy_review_months else {
        return PolicyRevisionState::NoPeriod;
    };
    let Some(last) = institution.policy_revision.as_ref() else {
        return PolicyRevisionState::Never { months };
    };
    match last.date.checked_add_months(Months::new(months)) {
        Some(due) if due >= today => PolicyRevisionState::UpToDate { due, last },
        Some(due) => PolicyRevisionState::Overdue { due, last },
        // A date so far ahead that adding months overflows: never late.
        None => PolicyRevisionState::UpToDate {
            due: NaiveDate::MAX,
            last,
        },
    }
}

/// The line `pendencias` shows.
pub fn describe(state: &PolicyRevisionState) -> String {
    let last = |r: &Review| format!("última: {}, {}", r.date.format("%d/%m/%Y"), r.minutes);
    match state {
        PolicyRevisionState::Unknown => {
            "não se sabe: inventario.ron não pôde ser lido (veja inventario check)".to_owned()
        }
        PolicyRevisionState::NoPeriod => {
            "a instituição não definiu período (politica.revisao_politica_meses)".to_owned()
        }
        PolicyRevisionState::Never { months } => format!(
            "NUNCA REGISTRADA (período de {months} meses); registre com inventario revisao politica --ata"
        ),
        PolicyRevisionState::Overdue { due, last: l } => {
            format!("VENCIDA desde {} ({})", due.format("%d/%m/%Y"), last(l))
        }
        PolicyRevisionState::UpToDate { due, last: l } => {
            format!("em dia até {} ({})", due.format("%d/%m/%Y"), last(l))
        }
    }
}

/// `revisao-politica-vencida`, on `inventario.ron`.
pub(crate) fn check(ctx: &CheckContext) -> Option<Finding> {
    let state = state(Some(ctx.institution), ctx.today);
    let message = match state {
        PolicyRevisionState::Never { months } => format!(
            "o comitê não registrou nenhuma revisão da Política e das instruções normativas; o período da instituição é de {months} meses (UFDPar art. 7º, III): registre-a com inventario revisao politica --ata"
        ),
        PolicyRevisionState::Overdue { due, last } => format!(
            "a última revisão da Política pelo comitê foi em {} ({}); o período da instituição venceu em {} (UFDPar art. 7º, III)",
            last.date.format("%d/%m/%Y"),
            last.minutes,
            due.format("%d/%m/%Y")
        ),
        _ => return None,
    };
    Some(Finding::new(
        &r::POLICY_REVISION_LATE,
        Location {
            field: Some(FieldPath::root("revisao_politica").render()),
            ..Location::file(crate::files::INSTITUTION_FILE)
        },
        message,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::{date, institution};

    fn revised(on: NaiveDate) -> Institution {
        let mut inst = institution();
        inst.policy.policy_review_months = Some(24);
        inst.policy_revision = Some(Review {
            date: on,
            minutes: "Ata 2/2025".into(),
            approved_by: "Comitê".into(),
        });
        inst
    }

    #[test]
    fn the_revision_is_due_the_institution_period_after_the_last() {
        let inst = revised(date(2025, 3, 11));
        let due = date(2027, 3, 11);
        assert!(matches!(
            state(Some(&inst), due),
            PolicyRevisionState::UpToDate { due: d, .. } if d == due
        ));
        let late = state(Some(&inst), date(2027, 3, 12));
        assert!(late.is_late());
        assert_eq!(
            describe(&late),
            "VENCIDA desde 11/03/2027 (última: 11/03/2025, Ata 2/2025)"
        );
        let unknown = state(None, due);
        assert!(!unknown.is_late());
        assert!(describe(&unknown).contains("inventario.ron não pôde ser lido"));
    }

    #[test]
    fn check_warns_when_late_or_never_recorded_and_not_without_a_period() {
        let fired = |inst: &Institution, today: NaiveDate| {
            let catalogs = crate::rules::test_support::catalogs();
            let ctx = CheckContext {
                catalogs,
                institution: inst,
                today,
                ripds: &[],
            };
            check(&ctx).map(|f| f.message)
        };
        let mut inst = revised(date(2025, 3, 11));
        assert_eq!(fired(&inst, date(2026, 12, 1)), None);
        let rule = {
            let ctx = CheckContext {
                catalogs: crate::rules::test_support::catalogs(),
                institution: &inst,
                today: date(2027, 6, 1),
                ripds: &[],
            };
            check(&ctx).map(|f| f.rule)
        };
        assert_eq!(rule, Some("revisao-politica-vencida"));
        let late = fired(&inst, date(2027, 6, 1)).unwrap_or_default();
        assert!(late.contains("venceu em 11/03/2027"), "{late}");
        inst.policy_revision = None;
        let never = fired(&inst, date(2026, 12, 1)).unwrap_or_default();
        assert!(never.contains("não registrou"), "{never}");
        inst.policy.policy_review_months = None;
        assert_eq!(fired(&inst, date(2026, 12, 1)), None);
    }
}
