//! Where some of the LGPD's rules do not reach a process, and `check` says so in
//! one finding instead of reporting what does not apply:
//! - processing outside the law's general rules (art. 4 III: public safety,
//!   national defence, state security, criminal investigation), governed by a
//!   specific law (art. 4 §1): the rules on legal bases, consent, sharing with
//!   private entities and international transfer are not applied; the
//!   principles, the titular's rights, security, retention and the RIPD still
//!   are (art. 4 §1 and §3);
//! - the institution acting as another controller's operator (LGPD art. 5 VII,
//!   art. 39: ENEM applied for the INEP): bases, consent, the RIPD and the
//!   sharing and transfer hypotheses are the controller's decisions; security
//!   (art. 46–47), retention and the record of the processing stay with the
//!   operator (art. 37).

use super::registry::{self as r, Rule};
use super::{FieldPath, Finding, Sink};
use crate::model::Process;

/// The rules on the legal bases, consent and the hypotheses for sharing with
/// private entities and for international transfer: outside the general rules
/// (art. 4 III), and the controller's decisions when the institution is only
/// its operator.
const BASES_CONSENT_HYPOTHESES: &[&Rule] = &[
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

/// Besides those, the controller's own assessment of the minors' best interest
/// (whether a RIPD is needed is left to the controller by `ripd::assess`
/// itself, so the listing and the marks agree with `check`).
const CONTROLLER_ASSESSMENTS: &[&Rule] = &[&r::BEST_INTEREST_MISSING];

/// Drops the findings of the rules that do not reach the process, and says
/// why.
pub(crate) fn apply(p: &Process, sink: &mut Sink) {
    if let Some(controller) = &p.operator_for {
        let dropped = drop_rules(sink, &[BASES_CONSENT_HYPOTHESES, CONTROLLER_ASSESSMENTS]);
        let instrument = controller
            .instrument
            .as_deref()
            .map(str::trim)
            .filter(|i| !i.is_empty())
            .map_or(String::new(), |i| format!(" ({i})"));
        sink.push(
            &r::OPERATOR_FOR,
            Some(FieldPath::root("operador_para")),
            format!(
                "a instituição atua como operadora de {}{instrument}: base legal, consentimento, RIPD e hipóteses de compartilhamento e transferência são decisões do controlador, e as regras sobre elas não foram aplicadas ({dropped} achado(s) omitido(s)); a instituição segue as instruções dele e responde pela segurança e pelo registro do tratamento (LGPD art. 37, 39 e 46)",
                controller.controller.trim()
            ),
        );
    }
    let Some(outside) = &p.outside_general_rules else {
        return;
    };
    let dropped = drop_rules(sink, &[BASES_CONSENT_HYPOTHESES]);
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

/// Removes the findings of the rules in `lists`; how many went.
fn drop_rules(sink: &mut Sink, lists: &[&[&Rule]]) -> usize {
    let before = sink.findings.len();
    sink.findings.retain(|f: &Finding| {
        !lists
            .iter()
            .flat_map(|l| l.iter())
            .any(|rule| rule.id == f.rule)
    });
    before - sink.findings.len()
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

    #[test]
    fn an_operator_for_another_controller_leaves_its_decisions_to_it() {
        let mut p = complete_process();
        p.children = Some(Answer::Yes);
        p.best_interest = None;
        p.purposes[0].legal_basis = None;
        assert_fires(&p, "melhor-interesse-nao-avaliado");
        p.operator_for = Some(OperatorFor {
            controller: "INEP".into(),
            instrument: Some("Termo de cooperação do ENEM".into()),
        });
        assert_not_fires(&p, "melhor-interesse-nao-avaliado");
        assert_not_fires(&p, "finalidade-sem-base-legal");
        let said = messages(&p, "operador-para-outro-controlador").join("");
        assert!(
            said.contains("operadora de INEP (Termo de cooperação do ENEM)"),
            "{said}"
        );
        // Its own duties stay: security.
        p.security_measures.clear();
        assert_fires(&p, "sem-medidas-seguranca");
    }
}
