//! The keys of how a process's data flows between bodies: sharing (LGPD art.
//! 26–27), international transfer (art. 33) and data received from another
//! public body (Decreto 10.046/2019).

use super::{Field, Kind, key};
use crate::catalog::CatalogFile;
use crate::model::choices::{RECIPIENT, SHARING_LEVELS, TRANSFER_MODES};

pub(super) const RECEIVED: &[Field] = &[
    key("orgao", "órgão", Kind::Text).required().public(),
    key("instrumento", "instrumento", Kind::Text)
        .public()
        .note("lei, acordo, convênio ou ato que ampara o recebimento"),
    key(
        "nivel",
        "nível de compartilhamento",
        Kind::Choice(SHARING_LEVELS),
    )
    .public()
    .note("`Amplo`, `Restrito` ou `Especifico` (Decreto 10.046/2019 art. 4º)"),
];

pub(super) const SHARING: &[Field] = &[
    key("id", "id", Kind::Text).required(),
    key("destinatario", "destinatário", Kind::Text)
        .required()
        .public()
        .row("11.n", "Nome da Instituição")
        .note("nome da instituição (a linha 11.n do modelo)"),
    key("natureza", "natureza", Kind::Choice(RECIPIENT))
        .required()
        .public()
        .note("`Publico` ou `Privado` (LGPD art. 26–27)"),
    key("dados", "dados", Kind::FieldRefs)
        .public()
        .noun("dado")
        .column("Dados pessoais compartilhados")
        .note("ids de `campos`"),
    key("finalidade", "finalidade", Kind::Text)
        .public()
        .column("Finalidade do compartilhamento"),
    key(
        "finalidade_processo",
        "finalidade do processo",
        Kind::PurposeRef,
    )
    .public()
    .note("id de `finalidades`"),
    key("instrumento", "instrumento", Kind::Text).note("convênio, acordo ou contrato"),
    key(
        "excecao_privado",
        "exceção do art. 26",
        Kind::Catalog(CatalogFile::PrivateExceptions),
    )
    .public()
    .note("id de `excecoes-compartilhamento.ron` (LGPD art. 26 §1º)"),
    key(
        "nivel",
        "nível de compartilhamento",
        Kind::Choice(SHARING_LEVELS),
    )
    .public()
    .note(
        "entre órgãos federais: `Amplo`, `Restrito` ou `Especifico` (Decreto 10.046/2019 art. 4º)",
    ),
    key("comunicado_anpd", "comunicado à ANPD", Kind::Answer)
        .public()
        .note("contrato ou convênio com entidade privada comunicado à ANPD (LGPD art. 26 §2º)"),
];

pub(super) const TRANSFER: &[Field] = &[
    key("id", "id", Kind::Text).required(),
    key("organizacao", "organização", Kind::Text)
        .required()
        .public()
        .row("13.n", "Organização")
        .note("a linha 13.n do modelo"),
    key("pais", "país", Kind::Text)
        .required()
        .public()
        .column("País"),
    key("dados", "dados", Kind::FieldRefs)
        .public()
        .noun("dado")
        .column("Dados pessoais transferidos"),
    key(
        "salvaguarda",
        "salvaguarda",
        Kind::Catalog(CatalogFile::Safeguards),
    )
    .public()
    .column("Tipo de garantia para transferência")
    .note("id de `salvaguardas.ron` (LGPD art. 33)"),
    key("modalidade", "modalidade", Kind::Choice(TRANSFER_MODES))
        .public()
        .note("`Envio`, `Armazenamento` (nuvem no exterior) ou `AcessoRemoto`"),
];
