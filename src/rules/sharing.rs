//! Rules on sharing and international transfer (LGPD art. 26 and 33; MPRS art. 20;
//! UFDPar art. 16 and 36): a private recipient needs one of the exceptions, every
//! sharing has a purpose tied to the process's, every transfer a safeguard.

use super::registry as r;
use super::{CheckContext, FieldPath, Sink, is_blank};
use crate::model::{ItemId, Process, RecipientKind};

fn field_refs(p: &Process, fields: &[ItemId], path: &FieldPath, sink: &mut Sink) {
    for id in fields {
        if p.field(id).is_none() {
            sink.push(
                &r::UNKNOWN_FIELD_REF,
                Some(path.key("dados")),
                format!("\"{id}\" não é um dos campos do processo"),
            );
        }
    }
}

pub(crate) fn check(ctx: &CheckContext, p: &Process, sink: &mut Sink) {
    for sharing in p.sharing.items() {
        let path = FieldPath::root("compartilhamentos").item(sharing.id.as_str());
        field_refs(p, &sharing.fields, &path, sink);
        if sharing.kind == RecipientKind::Private && sharing.private_exception.is_none() {
            sink.push(
                &r::PRIVATE_NO_EXCEPTION,
                Some(path.key("excecao_privado")),
                format!(
                    "\"{}\" é entidade privada: o poder público só pode transferir dados a ela em uma das exceções do art. 26 §1º (execução descentralizada, dados públicos, previsão legal ou contrato, prevenção de fraude); informe excecao_privado",
                    sharing.recipient
                ),
            );
        }
        if is_blank(sharing.purpose.as_deref()) {
            sink.push(
                &r::SHARING_NO_PURPOSE,
                Some(path.key("finalidade")),
                format!(
                    "o compartilhamento com \"{}\" não diz para quê",
                    sharing.recipient
                ),
            );
        }
        match &sharing.process_purpose {
            Some(purpose) if p.purpose(purpose).is_some() => {}
            Some(purpose) => sink.push(
                &r::SHARING_UNRELATED_PURPOSE,
                Some(path.key("finalidade_processo")),
                format!(
                    "o compartilhamento com \"{}\" cita a finalidade \"{purpose}\", que o processo não tem; um compartilhamento deve servir a uma finalidade do processo",
                    sharing.recipient
                ),
            ),
            None => sink.push(
                &r::SHARING_UNRELATED_PURPOSE,
                Some(path.key("finalidade_processo")),
                format!(
                    "o compartilhamento com \"{}\" não diz a qual finalidade do processo serve; sem isso não se verifica a compatibilidade de finalidades",
                    sharing.recipient
                ),
            ),
        }
        if is_blank(sharing.instrument.as_deref()) {
            sink.push(
                &r::SHARING_NO_INSTRUMENT,
                Some(path.key("instrumento")),
                format!(
                    "o compartilhamento com \"{}\" não cita o acordo, contrato ou norma que o formaliza e define papéis e responsabilidades",
                    sharing.recipient
                ),
            );
        }
    }
    for transfer in p.transfers.items() {
        let path = FieldPath::root("transferencias_internacionais").item(transfer.id.as_str());
        field_refs(p, &transfer.fields, &path, sink);
        if transfer.safeguard.is_none() {
            sink.push(
                &r::TRANSFER_NO_SAFEGUARD,
                Some(path.key("salvaguarda")),
                format!(
                    "a transferência para \"{}\" ({}) não indica a hipótese do art. 33 que a permite (país adequado, cláusulas-padrão, cooperação…)",
                    transfer.organization, transfer.country
                ),
            );
        }
        let accepted = &ctx.institution.policy.accepted_safeguards;
        if let Some(safeguard) = &transfer.safeguard
            && !accepted.is_empty()
            && !accepted.contains(safeguard)
        {
            sink.push(
                &r::TRANSFER_SAFEGUARD_NOT_ACCEPTED,
                Some(path.key("salvaguarda")),
                format!(
                    "a transferência para \"{}\" ({}) se apoia em \"{}\", que a política da instituição não admite (aceitas: {}); sem uma delas, a transferência não pode ser feita",
                    transfer.organization,
                    transfer.country,
                    ctx.catalogs.safeguards.name_of(safeguard.as_str()),
                    accepted
                        .iter()
                        .map(|s| ctx.catalogs.safeguards.name_of(s.as_str()))
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::*;
    use crate::rules::test_support::*;

    fn sharing(kind: RecipientKind) -> Sharing {
        Sharing {
            id: id("banco"),
            recipient: "Banco do Brasil S.A.".into(),
            kind,
            fields: vec![id("cpf")],
            purpose: Some("Pagamento da bolsa".into()),
            process_purpose: Some(id("registro")),
            instrument: Some("Contrato 12/2024".into()),
            private_exception: None,
        }
    }

    #[test]
    fn private_recipient_needs_an_exception() {
        let mut p = complete_process();
        p.sharing = Section::Items(vec![sharing(RecipientKind::Private)]);
        assert_fires(&p, "privado-sem-excecao");
        p.sharing = Section::Items(vec![Sharing {
            private_exception: Some(PrivateSharingExceptionId::from("previsao-legal-contrato")),
            ..sharing(RecipientKind::Private)
        }]);
        assert_clean(&p);
        p.sharing = Section::Items(vec![sharing(RecipientKind::Public)]);
        assert_clean(&p);
    }

    #[test]
    fn sharing_purpose_must_exist_and_match_the_process() {
        let mut p = complete_process();
        let mut s = sharing(RecipientKind::Public);
        s.purpose = None;
        s.process_purpose = Some(id("marketing"));
        p.sharing = Section::Items(vec![s]);
        assert_fires(&p, "compartilhamento-sem-finalidade");
        assert_fires(&p, "compartilhamento-finalidade-incompativel");
    }

    #[test]
    fn sharing_should_cite_its_instrument_and_known_fields() {
        let mut p = complete_process();
        let mut s = sharing(RecipientKind::Public);
        s.instrument = None;
        s.fields.push(id("senha"));
        p.sharing = Section::Items(vec![s]);
        assert_fires(&p, "compartilhamento-sem-instrumento");
        assert_fires(&p, "referencia-campo-desconhecida");
    }

    #[test]
    fn international_transfer_needs_a_safeguard() {
        let mut p = complete_process();
        let mut t = Transfer {
            id: id("nuvem"),
            organization: "Provedor de e-mail".into(),
            country: "Estados Unidos".into(),
            fields: vec![id("nome")],
            safeguard: None,
        };
        p.transfers = Section::Items(vec![t.clone()]);
        assert_fires(&p, "transferencia-sem-salvaguarda");
        t.safeguard = Some(SafeguardId::from("art33-ii-b"));
        p.transfers = Section::Items(vec![t]);
        assert_clean(&p);
    }

    /// UFDPar art. 36 admits a transfer only to an adequate country: the
    /// institution's policy narrows the art. 33 hypotheses it accepts.
    #[test]
    fn the_institution_may_accept_only_some_safeguards() {
        let mut p = complete_process();
        p.transfers = Section::Items(vec![Transfer {
            id: id("nuvem"),
            organization: "Provedor de e-mail".into(),
            country: "Estados Unidos".into(),
            fields: vec![id("nome")],
            safeguard: Some(SafeguardId::from("art33-ii-b")),
        }]);
        let mut inst = institution();
        assert!(!rules_fired_with(&inst, &p).contains(&"transferencia-salvaguarda-nao-aceita"));
        inst.policy.accepted_safeguards = vec![SafeguardId::from("art33-i")];
        assert!(rules_fired_with(&inst, &p).contains(&"transferencia-salvaguarda-nao-aceita"));
    }
}
