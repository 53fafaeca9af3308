//! Rules on data flowing between bodies (LGPD art. 26, 27 and 33; MPRS art. 20;
//! UFDPar art. 16 and 36; Decreto 10.046/2019): a private recipient needs one of
//! the exceptions, and its contract or agreement is communicated to the ANPD;
//! every sharing has a purpose tied to the process's; every transfer a
//! safeguard, and a foreign operator means a transfer; data received from
//! another public body names it.

use super::registry as r;
use super::{CheckContext, FieldPath, Sink, is_blank};
use crate::model::{Answer, ItemId, LegalNature, Process, RecipientKind, Section};

/// The art. 26 §1 exceptions that rest on a contract or agreement, which §2
/// asks to communicate to the ANPD.
const BY_CONTRACT: [&str; 2] = ["execucao-descentralizada", "previsao-legal-contrato"];

/// The source that says the data came from another public body.
pub const FROM_PUBLIC_BODY: &str = "outro-orgao-publico";

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
        if sharing.kind == RecipientKind::Private
            && sharing
                .private_exception
                .as_ref()
                .is_some_and(|e| BY_CONTRACT.contains(&e.as_str()))
            && !Answer::is_yes(sharing.reported_to_anpd)
        {
            let ask = if sharing.reported_to_anpd.is_none() {
                "informe em comunicado_anpd se ele foi comunicado"
            } else {
                "comunique-o à ANPD"
            };
            sink.push(
                &r::SHARING_NOT_REPORTED,
                Some(path.key("comunicado_anpd")),
                format!(
                    "o compartilhamento com \"{}\" (entidade privada) se apoia em contrato ou convênio, que a LGPD manda comunicar à ANPD (art. 26 §2º); {ask}",
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
    received(p, sink);
    foreign_operators(p, sink);
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

/// A source "from another public body" with no body named.
fn received(p: &Process, sink: &mut Sink) {
    if p.sources.iter().any(|s| s.as_str() == FROM_PUBLIC_BODY) && p.received_from.is_empty() {
        sink.push(
            &r::RECEIVED_NO_ORIGIN,
            Some(FieldPath::root("recebido_de")),
            "o processo recebe dados de outro órgão público (fonte outro-orgao-publico), mas não diz de qual, por qual instrumento nem em que nível de compartilhamento: preencha recebido_de".to_owned(),
        );
    }
}

/// A foreign operator processes the data abroad: that is an international
/// transfer (LGPD art. 5 XV, art. 33), which the process must declare.
fn foreign_operators(p: &Process, sink: &mut Sink) {
    let declared = matches!(&p.transfers, Section::Items(items) if !items.is_empty());
    if declared {
        return;
    }
    let foreign: Vec<&str> = p
        .operators
        .items()
        .iter()
        .filter(|o| o.nature == Some(LegalNature::Foreign))
        .map(|o| o.name.as_str())
        .collect();
    if foreign.is_empty() {
        return;
    }
    sink.push(
        &r::FOREIGN_OPERATOR_NO_TRANSFER,
        Some(FieldPath::root("transferencias_internacionais")),
        format!(
            "o operador {} é entidade estrangeira: o tratamento por ele é transferência internacional (LGPD art. 5º, XV); declare-a com o país e a hipótese do art. 33",
            foreign.join(", ")
        ),
    );
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
            level: None,
            reported_to_anpd: None,
        }
    }

    #[test]
    fn private_recipient_needs_an_exception() {
        let mut p = complete_process();
        p.sharing = Section::Items(vec![sharing(RecipientKind::Private)]);
        assert_fires(&p, "privado-sem-excecao");
        p.sharing = Section::Items(vec![Sharing {
            private_exception: Some(PrivateSharingExceptionId::from("previsao-legal-contrato")),
            level: None,
            reported_to_anpd: Some(Answer::Yes),
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
            mode: None,
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
            mode: None,
        }]);
        let mut inst = institution();
        assert!(!rules_fired_with(&inst, &p).contains(&"transferencia-salvaguarda-nao-aceita"));
        inst.policy.accepted_safeguards = vec![SafeguardId::from("art33-i")];
        assert!(rules_fired_with(&inst, &p).contains(&"transferencia-salvaguarda-nao-aceita"));
    }

    #[test]
    fn a_private_sharing_by_contract_is_communicated_to_the_anpd() {
        let mut p = complete_process();
        let by_contract = |reported| Sharing {
            private_exception: Some(PrivateSharingExceptionId::from("previsao-legal-contrato")),
            reported_to_anpd: reported,
            ..sharing(RecipientKind::Private)
        };
        p.sharing = Section::Items(vec![by_contract(None)]);
        let asked = messages(&p, "compartilhamento-privado-nao-comunicado").join("");
        assert!(asked.contains("informe em comunicado_anpd"), "{asked}");
        p.sharing = Section::Items(vec![by_contract(Some(Answer::No))]);
        let told = messages(&p, "compartilhamento-privado-nao-comunicado").join("");
        assert!(told.contains("comunique-o à ANPD"), "{told}");
        // Public data needs no contract: nothing to communicate.
        p.sharing = Section::Items(vec![Sharing {
            private_exception: Some(PrivateSharingExceptionId::from("dados-publicos")),
            ..sharing(RecipientKind::Private)
        }]);
        assert_not_fires(&p, "compartilhamento-privado-nao-comunicado");
    }

    #[test]
    fn data_from_another_public_body_names_it() {
        let mut p = complete_process();
        p.sources.push(SourceId::from("outro-orgao-publico"));
        assert_fires(&p, "recebido-sem-origem");
        p.received_from.push(ReceivedData {
            body: "Ministério da Educação".into(),
            instrument: Some("Portaria MEC 18/2012".into()),
            level: Some(SharingLevel::Restricted),
        });
        assert_not_fires(&p, "recebido-sem-origem");
    }

    #[test]
    fn a_foreign_operator_is_an_international_transfer() {
        let mut p = complete_process();
        p.operators = Section::Items(vec![Operator {
            id: id("nuvem"),
            name: "Cloud Inc.".into(),
            address: None,
            cep: None,
            phone: None,
            email: None,
            phases: vec![Phase::Retention],
            nature: Some(LegalNature::Foreign),
        }]);
        p.transfers = Section::NotApplicable;
        let found = messages(&p, "operador-estrangeiro-sem-transferencia").join("");
        assert!(found.contains("Cloud Inc."), "{found}");
        p.transfers = Section::Items(vec![Transfer {
            id: id("nuvem"),
            organization: "Cloud Inc.".into(),
            country: "Irlanda".into(),
            fields: vec![],
            safeguard: Some(SafeguardId::from("art33-ii-a")),
            mode: Some(TransferMode::Storage),
        }]);
        assert_not_fires(&p, "operador-estrangeiro-sem-transferencia");
    }
}
