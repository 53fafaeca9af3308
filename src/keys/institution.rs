//! The keys of `inventario.ron`: the controller, the encarregado, the committee
//! and the settings that differ between institutions (DOMAIN.md §12).

use super::contact::{ADDRESS, CEP, EMAIL, NAME, PHONE};
use super::process::REVIEW;
use super::{Field, Group, Kind, key};
use crate::catalog::CatalogFile;
use crate::model::choices::{MINORS_IN_SCOPE, RETENTION_TABLES, TRIGGER_SETS};

const AGENT: &[Field] = &[
    NAME,
    key("cnpj", "CNPJ", Kind::Text).public(),
    ADDRESS,
    CEP,
    PHONE,
    EMAIL,
];

const DPO: &[Field] = &[
    NAME,
    ADDRESS,
    CEP,
    PHONE,
    EMAIL,
    key("ato_designacao", "ato de designação", Kind::Text)
        .public()
        .note("portaria que designa o encarregado"),
];

const MEMBER: &[Field] = &[
    key("nome", "nome", Kind::Text).required(),
    key("funcao", "função", Kind::Text),
    key("email", "email", Kind::Text),
];

const PARENTAL_CONSENT: &[Field] = &[
    key("alcance", "alcance", Kind::Choice(MINORS_IN_SCOPE))
        .required()
        .note("`Criancas` ou `CriancasEAdolescentes`"),
    key("fonte", "fonte", Kind::Text)
        .required()
        .note("o artigo da política que exige, ex. \"UFDPar art. 24\""),
];

const RETENTION_TABLE: &[Field] = &[
    key("tabela", "tabela", Kind::Choice(RETENTION_TABLES))
        .required()
        .note("`AtividadesMeio`, `Ifes` ou `Local` (a própria, em `catalogos/`)"),
    key("nome", "nome", Kind::Text).note("o nome da tabela própria"),
    key("fonte", "fonte", Kind::Text).note("o ato que a aprovou"),
];

const POLICY: &[Field] = &[
    key(
        "revisao_processo_meses",
        "prazo de revisão (meses)",
        Kind::Number,
    )
    .required()
    .note("meses entre as revisões de cada processo pelo comitê"),
    key(
        "revisao_ripd_meses",
        "revisão do RIPD (meses)",
        Kind::Number,
    )
    .note("se houver (MPRS art. 14 §2º: 6)"),
    key(
        "revisao_politica_meses",
        "revisão da política (meses)",
        Kind::Number,
    )
    .note("meses entre as revisões da Política e das instruções normativas pelo comitê, se houver (UFDPar art. 7º, III: 24)"),
    key("gatilhos_ripd", "gatilhos de RIPD", Kind::ChoiceList(TRIGGER_SETS))
        .required()
        .noun("conjunto de gatilhos")
        .note("`[UfdparArt39]`, `[AnpdRes2de2022]` ou ambos"),
    key(
        "limiar_larga_escala",
        "limiar de larga escala",
        Kind::Number,
    )
    .required()
    .note("nº de titulares a partir do qual o tratamento é \"em larga escala\" (Res. CD/ANPD 2/2022 art. 4º)"),
    key(
        "salvaguardas_aceitas",
        "salvaguardas aceitas",
        Kind::CatalogList(CatalogFile::Safeguards),
    )
    .noun("salvaguarda")
    .note("hipóteses do art. 33 que a política admite para transferência internacional; vazio: todas (UFDPar art. 36: só país adequado, `art33-i`)"),
    key(
        "tabelas_temporalidade",
        "tabelas de temporalidade",
        Kind::List(RETENTION_TABLE, "tabela"),
    )
    .noun("tabela de temporalidade")
    .note("as tabelas que a instituição segue; vazio: todas as carregadas (Arquivo Nacional e `catalogos/`). Um código de outra tabela é `ttdd-desconhecido`"),
    key(
        "codigo_ttdd_obrigatorio",
        "código da tabela obrigatório",
        Kind::Text,
    )
    .note("a regra da instituição que exige o código em toda retenção (ex. \"UFDPar art. 38 §1º\"): sem código é erro; ausente, aviso"),
    key(
        "consentimento_responsavel",
        "consentimento dos pais",
        Kind::Struct(PARENTAL_CONSENT),
    )
    .note("regra da instituição mais estrita que a LGPD: consentimento de um dos pais qualquer que seja a base (UFDPar art. 24: crianças e adolescentes); ausente: só o art. 14 §1º"),
    key("niveis_acesso", "níveis de acesso", Kind::TextList)
        .noun("nível de acesso")
        .note("níveis de classificação de acesso em uso (MPRS art. 9º–12), ex. `[\"OSTENSIVO\", \"RESTRITO\"]`"),
];

/// Every key of `inventario.ron`.
pub const INSTITUTION: &[Field] = &[
    key("controlador", "controlador", Kind::Struct(AGENT))
        .required()
        .public()
        .row("2.1", "Controlador")
        .note("a instituição (LGPD art. 5º, VI)"),
    key("encarregado", "encarregado", Kind::Struct(DPO))
        .required()
        .public()
        .row("2.2", "Encarregado")
        .note("contato público (LGPD art. 41 §1º)"),
    key("comite", "comitê", Kind::List(MEMBER, "nome"))
        .noun("membro do comitê")
        .note("comitê gestor (UFDPar art. 7º–9º; MPRS art. 14)"),
    key("canal_titular", "canal do titular", Kind::Text)
        .public()
        .note("onde os titulares exercem seus direitos: o sítio, o Fala.BR, a ouvidoria (LGPD art. 18; UFDPar art. 30; Rondônia art. 18)"),
    key("politica", "política", Kind::Struct(POLICY))
        .required()
        .note("regras que mudam de uma instituição para outra"),
    key("revisao_politica", "revisão da política", Kind::Struct(REVIEW))
        .note("`(data, ata, aprovado_por)`: última revisão da Política pelo comitê, sobre o inventário inteiro (UFDPar art. 7º, III); escrita por `inventario revisao politica`"),
];

/// The sections for the institution.
pub const INSTITUTION_GROUPS: &[Group] = &[
    Group {
        title: "Controlador",
        keys: &["controlador"],
    },
    Group {
        title: "Encarregado",
        keys: &["encarregado", "canal_titular"],
    },
    Group {
        title: "Comitê",
        keys: &["comite"],
    },
    Group {
        title: "Política",
        keys: &["politica", "revisao_politica"],
    },
];
