//! Rules on consent (LGPD art. 8–9; UFDPar art. 13): when a consent basis is used,
//! the process records how consent is obtained, the free and easy channel to revoke
//! it, and whether the titular is told about sharing.

use super::registry as r;
use super::{CheckContext, FieldPath, Sink, is_blank, named_basis_entries};
use crate::catalog::BasisNature;
use crate::model::{Answer, Process};

/// Whether any purpose or field of the process rests on a consent basis.
fn uses_consent(ctx: &CheckContext, p: &Process) -> bool {
    named_basis_entries(ctx, p).any(|basis| basis.nature == BasisNature::Consent)
}

pub(crate) fn check(ctx: &CheckContext, p: &Process, sink: &mut Sink) {
    if !uses_consent(ctx, p) {
        return;
    }
    let Some(consent) = &p.consent else {
        sink.push(
            &r::CONSENT_MISSING,
            Some(FieldPath::root("consentimento")),
            "o processo usa consentimento como base legal, mas não registra como ele é obtido (consentimento.forma_obtencao) nem como é revogado".to_owned(),
        );
        return;
    };
    if is_blank(consent.revocation_channel.as_deref()) {
        sink.push(
            &r::CONSENT_NO_REVOCATION,
            Some(FieldPath::root("consentimento").key("canal_revogacao")),
            "o consentimento pode ser revogado a qualquer momento por procedimento gratuito e facilitado: informe o canal de revogação".to_owned(),
        );
    }
    if !p.sharing.items().is_empty() && !Answer::is_yes(consent.informs_sharing) {
        sink.push(
            &r::CONSENT_SHARING_UNINFORMED,
            Some(FieldPath::root("consentimento").key("informa_compartilhamento")),
            "o processo compartilha dados e o consentimento não informa o titular sobre esse compartilhamento".to_owned(),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::model::*;
    use crate::rules::test_support::*;

    fn with_consent_basis() -> Process {
        let mut p = complete_process();
        p.fields[0].legal_basis = Some(LegalBasisId::from("art7-i"));
        p
    }

    #[test]
    fn consent_basis_needs_a_consent_record() {
        assert_fires(&with_consent_basis(), "consentimento-sem-registro");
        assert_not_fires(&complete_process(), "consentimento-sem-registro");
    }

    #[test]
    fn consent_needs_a_revocation_channel() {
        let mut p = with_consent_basis();
        p.consent = Some(Consent {
            how_obtained: Some("Termo no formulário de inscrição".into()),
            ..Consent::default()
        });
        assert_fires(&p, "consentimento-sem-revogacao");
        if let Some(c) = p.consent.as_mut() {
            c.revocation_channel = Some("E-mail ao encarregado".into());
        }
        assert_not_fires(&p, "consentimento-sem-revogacao");
    }

    #[test]
    fn consent_must_inform_sharing_when_there_is_sharing() {
        let mut p = with_consent_basis();
        p.consent = Some(Consent {
            revocation_channel: Some("Portal".into()),
            ..Consent::default()
        });
        assert_not_fires(&p, "consentimento-sem-informar-compartilhamento");
        p.sharing = Section::Items(vec![Sharing {
            id: id("mec"),
            recipient: "MEC".into(),
            kind: RecipientKind::Public,
            fields: vec![],
            purpose: Some("Censo".into()),
            process_purpose: Some(id("registro")),
            instrument: Some("Lei".into()),
            private_exception: None,
            level: None,
            reported_to_anpd: None,
        }]);
        assert_fires(&p, "consentimento-sem-informar-compartilhamento");
    }
}
