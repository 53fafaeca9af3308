//! Processing outside the LGPD's general rules (art. 4 III: public safety,
//! national defence, state security, criminal investigation), governed by a
//! specific law (art. 4 §1). The rules on legal bases, consent, sharing with
//! private entities and international transfer are not applied to such a
//! process; the principles, the titular's rights, security, retention and the
//! RIPD still are (art. 4 §1 and §3). One finding says so, naming the law.

use super::registry::{self as r, Rule};
use super::{FieldPath, Finding, Sink};
use crate::model::Process;

/// The rules that rest on the general rules the process is outside of.
pub const SUSPENDED: &[&Rule] = &[
    &r::PURPOSE_NO_BASIS,
    &r::FIELD_NO_BASIS,
    &r::SENSITIVE_NOT_ART11,
    &r::SENSITIVE_LEGITIMATE_INTEREST,
    &r::LEGITIMATE_INTEREST_PUBLIC_BODY,
    &r::BEST_INTEREST_AS_BASIS,
    &r::PARENTAL_CONSENT_MISSING,
    &r::CONSENT_MISSING,
    &r::CONSENT_NO_REVOCATION,
    &r::CONSENT_SHARING_UNINFORMED,
    &r::PRIVATE_NO_EXCEPTION,
    &r::SHARING_NOT_REPORTED,
    &r::TRANSFER_NO_SAFEGUARD,
    &r::TRANSFER_SAFEGUARD_NOT_ACCEPTED,
];

/// Drops the suspended rules' findings and says why, for a process under art. 4
/// III.
pub(crate) fn apply(p: &Process, sink: &mut Sink) {
    let Some(outside) = &p.outside_general_rules else {
        return;
    };
    let before = sink.findings.len();
    sink.findings
        .retain(|f: &Finding| !SUSPENDED.iter().any(|rule| rule.id == f.rule));
    let dropped = before - sink.findings.len();
    let law = if outside.law.trim().is_empty() {
        "uma lei que o processo não informa (preencha fora_regras_gerais.lei)".to_owned()
    } else {
        outside.law.trim().to_owned()
    };
    sink.push(
        &r::OUTSIDE_GENERAL_RULES,
        Some(FieldPath::root("fora_regras_gerais")),
        format!(
            "tratamento para {}, regido por {law}: as regras de base legal, consentimento, compartilhamento com entidade privada e transferência internacional não foram aplicadas ({dropped} achado(s) omitido(s)); valem os princípios, os direitos do titular, a segurança e a retenção (LGPD art. 4º §1º), e a ANPD pode pedir o RIPD (art. 4º §3º)",
            outside.regime.label()
        ),
    );
}

#[cfg(test)]
mod tests {
    use crate::model::*;
    use crate::rules::test_support::*;

    #[test]
    fn the_general_rules_are_not_run_and_check_says_why() {
        let mut p = complete_process();
        p.purposes[0].legal_basis = None;
        p.fields[0].legal_basis = None;
        assert_fires(&p, "finalidade-sem-base-legal");
        p.outside_general_rules = Some(OutsideGeneralRules {
            regime: SpecialRegime::CriminalInvestigation,
            law: "Código de Processo Penal".into(),
        });
        assert_not_fires(&p, "finalidade-sem-base-legal");
        assert_not_fires(&p, "campo-sem-base-legal");
        let said = messages(&p, "fora-regras-gerais").join("");
        assert!(said.contains("investigação e repressão de infrações penais (art. 4º, III, d), regido por Código de Processo Penal"), "{said}");
        assert!(said.contains("achado(s) omitido(s)"), "{said}");
        // The rest still applies.
        p.security_measures.clear();
        assert_fires(&p, "sem-medidas-seguranca");
        p.outside_general_rules = Some(OutsideGeneralRules {
            regime: SpecialRegime::PublicSafety,
            law: " ".into(),
        });
        let said = messages(&p, "fora-regras-gerais").join("");
        assert!(said.contains("preencha fora_regras_gerais.lei"), "{said}");
    }
}
