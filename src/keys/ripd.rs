//! The keys of a RIPD file (`ripd/<id>.ron`), in the order of the SGD RIPD
//! template, and the sections that group them on screen. A RIPD is an internal
//! document (it details risks and controls): nothing in it is published.

use super::{Field, Group, Kind, key};
use crate::catalog::CatalogFile;
use crate::model::choices::{DEGREES, EFFECTS};
use crate::model::ripd::{Degree, RiskLevel};

const SIGNATORY: &[Field] = &[
    key("nome", "nome", Kind::Text).required(),
    key("matricula", "matrícula", Kind::Text),
    key("local", "local", Kind::Text),
    key("data", "data", Kind::Date),
];

const REVISION: &[Field] = &[
    key("data", "data", Kind::Date).required(),
    key("versao", "versão", Kind::Text).required(),
    key("descricao", "descrição", Kind::Text).required(),
    key("autor", "autor", Kind::Text).required(),
];

const AGENTS: &[Field] = &[
    key("controlador", "controlador", Kind::Text).note("do inventário"),
    key("encarregado", "encarregado", Kind::Text).note("do inventário"),
    key("operadores", "operadores", Kind::TextList)
        .noun("operador")
        .note("dos processos cobertos"),
];

const NEED: &[Field] = &[
    key(
        "gatilho",
        "gatilho",
        Kind::Catalog(CatalogFile::RipdTriggers),
    )
    .required()
    .note("id de `gatilhos-ripd.ron`"),
    key("fatos", "fatos", Kind::TextList)
        .noun("fato")
        .note("o que fez o gatilho disparar, por processo (do inventário)"),
    key("justificativa", "justificativa", Kind::LongText)
        .note("como o relatório trata o gatilho (escrito pelo dono)"),
];

const PREFILLED: &[Field] = &[
    key("do_inventario", "do inventário", Kind::LongText)
        .note("escrito pelo programa a partir dos processos, até a aprovação"),
    key("complemento", "complemento", Kind::LongText).note("o que o dono acrescenta"),
];

const DESCRIPTION: &[Field] = &[
    key("natureza", "natureza", Kind::Struct(PREFILLED)).row("3.1", "Natureza do tratamento"),
    key("escopo", "escopo", Kind::Struct(PREFILLED)).row("3.2", "Escopo do tratamento"),
    key("contexto", "contexto", Kind::Struct(PREFILLED)).row("3.3", "Contexto do tratamento"),
    key("finalidade", "finalidade", Kind::Struct(PREFILLED)).row("3.4", "Finalidade do tratamento"),
];

const CONSULTATION: &[Field] = &[
    key("id", "id", Kind::Text).required(),
    key("quem", "quem", Kind::Text).required(),
    key("papel", "papel", Kind::Text),
    key("data", "data", Kind::Date),
    key("parecer", "parecer", Kind::LongText),
];

const NECESSITY: &[Field] = &[
    key("id", "id", Kind::Text)
        .required()
        .note("`<processo>/<finalidade>`"),
    key("finalidade", "finalidade", Kind::LongText),
    key(
        "base_legal",
        "base legal",
        Kind::Catalog(CatalogFile::LegalBases),
    ),
    key("por_que_necessario", "por que é necessário", Kind::LongText).note("LGPD art. 6º, III"),
    key("minimizacao", "minimização", Kind::LongText).note("LGPD art. 6º, III"),
    key("qualidade", "qualidade dos dados", Kind::LongText).note("LGPD art. 6º, V"),
    key("direitos_titular", "direitos do titular", Kind::LongText)
        .note("como os direitos do art. 18 da LGPD são atendidos"),
    key(
        "transferencias",
        "transferências e salvaguardas",
        Kind::LongText,
    )
    .note("LGPD art. 33"),
];

const MEASURE: &[Field] = &[
    key("id", "id", Kind::Text).required(),
    key("descricao", "descrição", Kind::LongText).required(),
    key(
        "tipo",
        "tipo de medida",
        Kind::Catalog(CatalogFile::MeasureTypes),
    )
    .note("id de `medidas-seguranca.ron`; liga a medida às `medidas_seguranca` do processo"),
    key("efeito", "efeito", Kind::Choice(EFFECTS)),
    key(
        "probabilidade_residual",
        "probabilidade residual",
        Kind::Choice(DEGREES),
    ),
    key(
        "impacto_residual",
        "impacto residual",
        Kind::Choice(DEGREES),
    ),
    key("aprovada", "aprovada pelo controlador", Kind::Answer),
];

/// What a risk's row shows before its other values: the computed level (P×I)
/// with a letter, and the residual level after the measures. Never typed.
pub fn risk_badge(item: &serde_json::Value) -> Option<String> {
    let degree = |v: Option<&serde_json::Value>| -> Option<Degree> {
        serde_json::from_value(v?.clone()).ok()
    };
    let inherent = RiskLevel::of(
        degree(item.get("probabilidade")),
        degree(item.get("impacto")),
    );
    let Some(level) = inherent else {
        return Some("sem nível (avalie P e I)".to_owned());
    };
    let risk: Option<crate::model::ripd::Risk> = serde_json::from_value(item.clone()).ok();
    let residual = risk
        .and_then(|r| r.residual_level())
        .filter(|r| *r != level);
    Some(match residual {
        Some(r) => format!(
            "[{}] {} {} → residual {} {}",
            level.band.letter(),
            level.value,
            level.band.label(),
            r.value,
            r.band.label()
        ),
        None => format!(
            "[{}] {} {}",
            level.band.letter(),
            level.value,
            level.band.label()
        ),
    })
}

pub(super) const RISK: &[Field] = &[
    key("id", "id", Kind::Catalog(CatalogFile::Risks))
        .required()
        .note("`R01`…`R14` de `riscos.ron`, ou um risco próprio"),
    key("descricao", "descrição", Kind::LongText),
    key("sugerido_por", "sugerido por", Kind::Text)
        .note("o fato do inventário que levou o programa a sugerir o risco"),
    key("probabilidade", "probabilidade", Kind::Choice(DEGREES))
        .note("`Baixo` (5), `Moderado` (10) ou `Alto` (15); o nível P×I é calculado"),
    key("impacto", "impacto", Kind::Choice(DEGREES)),
    key("medidas", "medidas", Kind::List(MEASURE, "id"))
        .noun("medida")
        .row("7", "Medidas para tratar os riscos"),
];

const REJECTED: &[Field] = &[
    key("id", "id", Kind::Catalog(CatalogFile::Risks)).required(),
    key("sugerido_por", "sugerido por", Kind::Text).required(),
    key("motivo", "motivo da rejeição", Kind::LongText).required(),
];

const APPROVAL: &[Field] = &[
    key("elaborado_por", "elaborado por", Kind::Struct(SIGNATORY)),
    key("encarregado", "encarregado", Kind::Struct(SIGNATORY)),
    key(
        "autoridade_controlador",
        "autoridade do controlador",
        Kind::Struct(SIGNATORY),
    ),
    key(
        "autoridade_operador",
        "autoridade do operador",
        Kind::Struct(SIGNATORY),
    ),
    key("ata", "ata", Kind::Text).note("ata do comitê que aprovou"),
    key("aprovado_em", "aprovado em", Kind::Date),
];

/// Every key of a RIPD file, in file order.
pub const RIPD: &[Field] = &[
    key("id", "id", Kind::Text)
        .required()
        .note("o nome do arquivo é `ripd/<id>.ron`"),
    key("titulo", "título", Kind::Text).required(),
    key("processos", "processos cobertos", Kind::TextList)
        .required()
        .noun("processo")
        .note("ids dos processos que o relatório cobre"),
    key("numero", "número", Kind::Text),
    key("processo_sei", "processo SEI", Kind::Text),
    key("versao", "versão", Kind::Text),
    key("criado_em", "data de criação", Kind::Date).required(),
    key("atualizado_em", "data de atualização", Kind::Date).required(),
    key(
        "historico",
        "histórico de revisões",
        Kind::List(REVISION, "versao"),
    )
    .noun("revisão")
    .row("0", "Histórico de revisões")
    .note("uma linha por aprovação"),
    key("agentes", "agentes de tratamento", Kind::Struct(AGENTS)).row(
        "1",
        "Identificação dos agentes de tratamento e do encarregado",
    ),
    key("necessidade", "necessidade", Kind::List(NEED, "gatilho"))
        .noun("gatilho")
        .row("2", "Necessidade de elaborar o relatório")
        .note("UFDPar art. 39; Res. CD/ANPD 2/2022 art. 4º"),
    key(
        "descricao_tratamento",
        "descrição do tratamento",
        Kind::Struct(DESCRIPTION),
    )
    .row("3", "Descrição do tratamento"),
    key(
        "partes_consultadas",
        "partes consultadas",
        Kind::List(CONSULTATION, "id"),
    )
    .noun("parte consultada")
    .row("4", "Partes interessadas consultadas"),
    key(
        "necessidade_proporcionalidade",
        "necessidade e proporcionalidade",
        Kind::List(NECESSITY, "id"),
    )
    .noun("finalidade")
    .row("5", "Necessidade e proporcionalidade"),
    key("riscos", "riscos", Kind::List(RISK, "id"))
        .noun("risco")
        .row("6", "Identificação e avaliação de riscos"),
    key(
        "sugestoes_rejeitadas",
        "sugestões rejeitadas",
        Kind::List(REJECTED, "id"),
    )
    .noun("sugestão rejeitada")
    .note("riscos sugeridos que o dono rejeitou, com o motivo"),
    key("aprovacao", "aprovação", Kind::Struct(APPROVAL)).row("8", "Aprovação"),
];

/// The template's sections, for a RIPD.
pub const RIPD_GROUPS: &[Group] = &[
    Group {
        title: "Identificação",
        keys: &[
            "id",
            "titulo",
            "processos",
            "numero",
            "processo_sei",
            "versao",
            "criado_em",
            "atualizado_em",
            "historico",
        ],
    },
    Group {
        title: "1–2. Agentes e necessidade",
        keys: &["agentes", "necessidade"],
    },
    Group {
        title: "3. Descrição",
        keys: &["descricao_tratamento"],
    },
    Group {
        title: "4–5. Consulta e necessidade",
        keys: &["partes_consultadas", "necessidade_proporcionalidade"],
    },
    Group {
        title: "6–7. Riscos e medidas",
        keys: &["riscos", "sugestoes_rejeitadas"],
    },
    Group {
        title: "8. Aprovação",
        keys: &["aprovacao"],
    },
];
