//! The keys of a process file (`processos/<id>.ron`), in file order, and the SGD
//! template's sections that group them on screen.

use super::flows::{RECEIVED, SHARING, TRANSFER};
use super::parties::{JOINT_CONTROLLER, OPERATOR, OPERATOR_FOR, OUTSIDE_GENERAL_RULES};
use super::{Field, Group, Kind, key};
use crate::catalog::CatalogFile;
use crate::model::choices::{DESTINATION, END_CAUSES, KEEP_EXCEPTIONS, REACH, STORAGE};

/// Retention of a process or of one field (UFDPar art. 37–38; TTDD of the Arquivo
/// Nacional). Public: the titular has the right to know how long (LGPD art. 9 II).
pub const RETENTION: &[Field] = &[
    key(
        "ttdd",
        "código TTDD",
        Kind::Catalog(CatalogFile::TtddSupport),
    )
    .public()
    .column("Fonte Retenção")
    .note("código de uma tabela de temporalidade que a instituição segue (TTDD do Arquivo Nacional ou a própria; UFDPar art. 38 §1º)"),
    key("fase_corrente", "fase corrente", Kind::Period)
        .public()
        .column("Tempo Retenção dos Dados")
        .note("`Anos(5)` ou `Evento(\"…\")`"),
    key("fase_intermediaria", "fase intermediária", Kind::Period)
        .public()
        .column("Tempo Retenção dos Dados")
        .note("`Anos(95)` ou `Evento(\"…\")`"),
    key("destinacao", "destinação", Kind::Choice(DESTINATION))
        .public()
        .column("Tempo Retenção dos Dados")
        .note("`Eliminacao` ou `GuardaPermanente`"),
    key("prazo_total_anos", "prazo total", Kind::Number)
        .public()
        .column("Tempo Retenção dos Dados")
        .note("anos, quando a tabela fixa um total"),
    key("justificativa", "justificativa", Kind::LongText).public(),
    key(
        "fim_tratamento",
        "fim do tratamento",
        Kind::ChoiceList(END_CAUSES),
    )
    .public()
    .noun("causa de fim")
    .note("causas de término (LGPD art. 15; UFDPar art. 37 I–IV)"),
    key(
        "excecao_guarda",
        "exceção de guarda",
        Kind::Choice(KEEP_EXCEPTIONS),
    )
    .public()
    .note("conservação após o término (LGPD art. 16; UFDPar art. 37 §1º)"),
];

const OWNER: &[Field] = &[
    key("nome", "nome", Kind::Text).required(),
    key("cargo", "cargo", Kind::Text),
    key("email", "email", Kind::Text),
    key("usuario", "usuário", Kind::Text).note("login de quem edita o processo"),
];

const PURPOSE: &[Field] = &[
    key("id", "id", Kind::Text).required(),
    key("descricao", "descrição", Kind::LongText)
        .required()
        .public()
        .row("6.2", "Finalidade"),
    key(
        "base_legal",
        "base legal",
        Kind::Catalog(CatalogFile::LegalBases),
    )
    .public()
    .row("6.1", "Hipótese de Tratamento")
    .note("id de `bases-legais.ron` (LGPD art. 7º, 11 e 14)"),
    key("previsao_legal", "previsão legal", Kind::Text)
        .public()
        .row("6.3", "Previsão legal"),
    key(
        "resultados_titular",
        "resultados para o titular",
        Kind::LongText,
    )
    .public()
    .row("6.4", "Resultados pretendidos para o titular de dados"),
    key("beneficios", "benefícios", Kind::LongText)
        .public()
        .row(
            "6.5",
            "Benefícios esperados para o órgão, entidade ou para a sociedade como um todo",
        ),
];

const SUBJECT: &[Field] = &[
    key("grupo", "grupo", Kind::Catalog(CatalogFile::SubjectGroups))
        .required()
        .public()
        .column("Tipo de Categoria")
        .note("id de `titulares.ron`"),
    key("descricao", "descrição", Kind::Text)
        .public()
        .column("Descrição"),
];

const DATA_FIELD: &[Field] = &[
    key("id", "id", Kind::Text)
        .required()
        .note("id do campo dentro do processo"),
    key(
        "campo",
        "tipo de campo",
        Kind::Catalog(CatalogFile::FieldKinds),
    )
    .required()
    .public()
    .column("Descrição")
    .note("id de `campos.ron`; a categoria SGD vem de lá"),
    key("descricao", "descrição", Kind::Text)
        .public()
        .column("Descrição"),
    key(
        "categoria",
        "categoria",
        Kind::Catalog(CatalogFile::Categories),
    )
    .public()
    .row("7.x.y / 8.x", "linha da categoria")
    .note("só quando difere da categoria do catálogo; dela vem a sensibilidade (LGPD art. 5º, II)"),
    key("fonte", "fonte", Kind::Catalog(CatalogFile::Sources))
        .public()
        .note("id de `fontes.ron` (UFDPar art. 34 §2º, art. 35)"),
    key("finalidades", "finalidades", Kind::PurposeRefs)
        .public()
        .noun("finalidade")
        .note("ids de `finalidades` do processo"),
    key(
        "operacoes",
        "operações",
        Kind::CatalogList(CatalogFile::Operations),
    )
    .public()
    .noun("operação")
    .note("ids de `operacoes.ron` (LGPD art. 5º, X)"),
    key(
        "base_legal",
        "base legal",
        Kind::Catalog(CatalogFile::LegalBases),
    )
    .public()
    .note("sem ela, valem as bases das finalidades"),
    key("retencao", "retenção", Kind::Struct(RETENTION))
        .public()
        .note("sem ela, vale a do processo"),
    key("armazenamento", "armazenamento", Kind::Choice(STORAGE))
        .note("`Papel`, `DocumentoEletronico` ou `Sistema`"),
    key("sistema", "sistema", Kind::Text)
        .column("Nome Base de Dados")
        .note("sistema ou base de dados"),
];

const CONSENT: &[Field] = &[
    key("forma_obtencao", "forma de obtenção", Kind::LongText)
        .public()
        .note("LGPD art. 8º"),
    key("canal_revogacao", "canal de revogação", Kind::Text)
        .public()
        .note("LGPD art. 8º §5º"),
    key(
        "informa_compartilhamento",
        "informa compartilhamento",
        Kind::Answer,
    )
    .note("LGPD art. 7º §5º"),
    key(
        "consentimento_responsavel",
        "consentimento do responsável",
        Kind::Answer,
    )
    .note("LGPD art. 14 §1º; UFDPar art. 24"),
];

const MEASURE: &[Field] = &[
    key("tipo", "tipo", Kind::Catalog(CatalogFile::MeasureTypes))
        .required()
        .column("Tipo de medida de segurança e privacidade")
        .note("id de `medidas-seguranca.ron`"),
    key("controles", "controles", Kind::LongText)
        .required()
        .column("Descrição do(s) Controle(s)"),
];

const CONTRACT: &[Field] = &[
    key("id", "id", Kind::Text).required(),
    key("numero", "número", Kind::Text)
        .required()
        .row("14.n", "Contrato nº")
        .note("a linha 14.n do modelo (\"Contrato nº 15/2020\")"),
    key(
        "processo_contratacao",
        "processo de contratação",
        Kind::Text,
    )
    .column("Nº Processo Contratação"),
    key("objeto", "objeto", Kind::Text).column("Objeto"),
    key("email_gestor", "e-mail do gestor", Kind::Text).column("E-mail do Gestor do Contrato"),
];

const RIPD_FACTS: &[Field] = &[
    key("nova_tecnologia", "nova tecnologia", Kind::Answer).note("UFDPar art. 39 I"),
    key(
        "rastreamento_ou_perfil",
        "rastreamento ou perfil",
        Kind::Answer,
    )
    .note("UFDPar art. 39 II"),
    key(
        "decisoes_automatizadas",
        "decisões automatizadas",
        Kind::Answer,
    )
    .note("UFDPar art. 39 IV; LGPD art. 20"),
    key(
        "reforma_administrativa",
        "reforma administrativa",
        Kind::Answer,
    )
    .note("UFDPar art. 39 IX"),
    key(
        "vigilancia_area_publica",
        "vigilância de área pública",
        Kind::Answer,
    )
    .note("Res. CD/ANPD 2/2022 art. 4º"),
];

const RIPD: &[Field] = &[
    key("referencia", "referência", Kind::Text).required(),
    key("data", "data", Kind::Date).required(),
];

/// `(data, ata, aprovado_por)`: a committee approval (a process's last review,
/// the institution's revision of its Política).
pub(super) const REVIEW: &[Field] = &[
    key("data", "data", Kind::Date).required(),
    key("ata", "ata", Kind::Text).required(),
    key("aprovado_por", "aprovado por", Kind::Text).required(),
];

/// Every key of a process file, in file order.
pub const PROCESS: &[Field] = &[
    key("id", "id", Kind::Text)
        .required()
        .public()
        .row("1.2", "Nº Referência / ID")
        .note("o nome do arquivo é `<id>.ron`"),
    key("nome", "nome", Kind::Text)
        .required()
        .public()
        .row("1.1", "Nome do serviço / Processo de negócio"),
    key("descricao", "descrição", Kind::LongText).public(),
    key("unidade", "unidade", Kind::Text)
        .public()
        .note("unidade responsável"),
    key("dono", "dono do processo", Kind::Struct(OWNER))
        .note("`(nome, cargo, email, usuario)` (UFDPar art. 3º, VIII)"),
    key("criado_em", "data de criação", Kind::Date)
        .required()
        .public()
        .row("1.3", "Data de Criação do Inventário"),
    key("atualizado_em", "data de atualização", Kind::Date)
        .required()
        .public()
        .row("1.4", "Data Atualização do Inventário"),
    key(
        "controladores_conjuntos",
        "controladores conjuntos",
        Kind::List(JOINT_CONTROLLER, "nome"),
    )
    .public()
    .noun("controlador conjunto")
    .note("outros controladores que decidem o processo com a instituição (LGPD art. 5º, VI; art. 42 §1º, II)"),
    key("operador_para", "operadora para", Kind::Struct(OPERATOR_FOR))
        .public()
        .note("quando a instituição só é operadora de outro controlador neste processo (LGPD art. 5º, VII; art. 39): o `check` deixa a ele as regras sobre as decisões dele (base legal, consentimento, RIPD) e diz quais"),
    key(
        "fora_regras_gerais",
        "fora das regras gerais (art. 4º, III)",
        Kind::Struct(OUTSIDE_GENERAL_RULES),
    )
    .public()
    .note("`(hipotese, lei)`: segurança pública, defesa, segurança do Estado ou investigação penal; o `check` não aplica as regras de base legal, consentimento, compartilhamento com privados e transferência, e diz por quê"),
    key("operadores", "operadores", Kind::Section(OPERATOR, "id"))
        .required()
        .public()
        .noun("operador")
        .row("2.3", "Operador")
        .note("seção: `NaoPreenchido`, `NaoSeAplica` ou `Lista([...])` (LGPD art. 5º, VII)"),
    key("fluxo_dados", "fluxo de dados", Kind::LongText)
        .row("4.1", "Descrição do Fluxo do tratamento dos dados pessoais")
        .note("como os dados são coletados, guardados, usados, compartilhados e eliminados"),
    key("abrangencia", "abrangência", Kind::ChoiceList(REACH))
        .public()
        .noun("abrangência")
        .row("5.1", "Abrangência da área geográfica do tratamento"),
    key("fontes", "fontes", Kind::CatalogList(CatalogFile::Sources))
        .public()
        .noun("fonte")
        .row("5.2", "Fonte de dados utilizada para obtenção dos dados pessoais")
        .note("ids de `fontes.ron`"),
    key("recebido_de", "recebido de", Kind::List(RECEIVED, "orgao"))
        .public()
        .noun("órgão de origem")
        .note("dados recebidos de outro órgão público: qual, por qual instrumento, em que nível (LGPD art. 26; Decreto 10.046/2019)"),
    key("finalidades", "finalidades", Kind::List(PURPOSE, "id"))
        .public()
        .noun("finalidade")
        .row("6", "Finalidade do Tratamento de Dados Pessoais")
        .note("LGPD art. 6º, I; art. 9º, I"),
    key("frequencia", "frequência", Kind::Text)
        .row("9.1", "Frequência de tratamento dos dados pessoais"),
    key("quantidade_titulares", "quantidade de titulares", Kind::Number)
        .row("9.2", "Quantidade de dados pessoais e dados pessoais sensíveis tratados"),
    key("titulares", "titulares", Kind::List(SUBJECT, "grupo"))
        .public()
        .noun("titular")
        .row("10.1", "Categoria")
        .note("grupos de titulares, de `titulares.ron`"),
    key("criancas", "dados de crianças", Kind::Answer)
        .public()
        .row("10.3", "Trata dados de crianças e adolescentes")
        .note("menores de 12 anos (ECA art. 2º; LGPD art. 14)"),
    key("adolescentes", "dados de adolescentes", Kind::Answer)
        .public()
        .row("10.3", "Trata dados de crianças e adolescentes")
        .note("de 12 a 18 anos (ECA art. 2º; LGPD art. 14)"),
    key(
        "criancas_adolescentes",
        "crianças ou adolescentes (resposta única)",
        Kind::Answer,
    )
    .public()
    .note("resposta única de arquivos antigos; vale para `criancas` e `adolescentes` enquanto eles não forem respondidos"),
    key("idosos", "dados de idosos", Kind::Answer)
        .public()
        .row("10.4", "Além de crianças e adolescente trata dados de outro grupo vulnerável")
        .note("60 anos ou mais (Lei 10.741/2003 art. 1º; Res. CD/ANPD 2/2022 art. 4º, II, c)"),
    key("outros_vulneraveis", "outros grupos vulneráveis", Kind::Answer)
        .public()
        .row("10.4", "Além de crianças e adolescente trata dados de outro grupo vulnerável")
        .note("pessoas com deficiência, em situação de rua, etc."),
    key("melhor_interesse", "avaliação do melhor interesse", Kind::LongText)
        .public()
        .note("como o tratamento atende ao melhor interesse das crianças e adolescentes (LGPD art. 14; Enunciado CD/ANPD 1/2023: uma avaliação, não uma base legal)"),
    key("campos", "campos", Kind::List(DATA_FIELD, "id"))
        .public()
        .noun("campo")
        .row("7", "Categoria de Dados Pessoais")
        .note("campos de dados pessoais, seções 7 e 8 (UFDPar art. 34)"),
    key("retencao", "retenção", Kind::Struct(RETENTION))
        .public()
        .note("vale para os campos que não têm a sua"),
    key("consentimento", "consentimento", Kind::Struct(CONSENT))
        .public()
        .note("quando alguma base é consentimento (LGPD art. 8º, 9º e 14 §1º; UFDPar art. 13 e 24)"),
    key("compartilhamentos", "compartilhamentos", Kind::Section(SHARING, "id"))
        .required()
        .public()
        .noun("compartilhamento")
        .row("11", "Compartilhamento de Dados Pessoais")
        .note("LGPD art. 9º, V; art. 26–27"),
    key(
        "transferencias_internacionais",
        "transferências internacionais",
        Kind::Section(TRANSFER, "id"),
    )
    .required()
    .public()
    .noun("transferência internacional")
    .row("13", "Transferência Internacional de Dados Pessoais")
    .note("LGPD art. 33"),
    key("medidas_seguranca", "medidas de segurança", Kind::List(MEASURE, "tipo"))
        .noun("medida de segurança")
        .row("12", "Medidas de Segurança/Privacidade")
        .note("LGPD art. 46"),
    key("contratos_ti", "contratos de TI", Kind::Section(CONTRACT, "id"))
        .required()
        .noun("contrato de TI")
        .row(
            "14",
            "Contrato(s) de serviços e/ou soluções de TI que trata(m) dados pessoais do serviço/processo de negócio",
        ),
    key("classificacao_acesso", "classificação de acesso", Kind::AccessLevel)
        .note("um dos `niveis_acesso` da instituição (MPRS art. 9º)"),
    key("canal_titular", "canal do titular", Kind::Text)
        .public()
        .note("onde o titular exerce seus direitos neste processo, se não for o canal da instituição (LGPD art. 18; UFDPar art. 30)"),
    key("fatos_ripd", "fatos do RIPD", Kind::Struct(RIPD_FACTS))
        .required()
        .note("fatos que só o dono do processo declara (UFDPar art. 39; Res. CD/ANPD 2/2022)"),
    key("ripd", "RIPD", Kind::Struct(RIPD)).note("`(referencia, data)` do RIPD do processo"),
    key("ultima_revisao", "última revisão", Kind::Struct(REVIEW))
        .note("`(data, ata, aprovado_por)`: última aprovação do comitê"),
    key("observacoes", "observações", Kind::LongText).note("texto livre, nunca publicado"),
    key("arquivado_em", "arquivado em", Kind::Date)
        .note("data em que o processo deixou de ser executado"),
];

/// The SGD template's sections, for a process.
pub const PROCESS_GROUPS: &[Group] = &[
    Group {
        title: "1. Identificação",
        keys: &[
            "id",
            "nome",
            "descricao",
            "unidade",
            "dono",
            "criado_em",
            "atualizado_em",
            "classificacao_acesso",
            "controladores_conjuntos",
            "operador_para",
            "fora_regras_gerais",
            "canal_titular",
            "arquivado_em",
        ],
    },
    Group {
        title: "2–3. Operadores",
        keys: &["operadores"],
    },
    Group {
        title: "4–5. Fluxo e abrangência",
        keys: &["fluxo_dados", "abrangencia", "fontes", "recebido_de"],
    },
    Group {
        title: "6. Finalidades",
        keys: &["finalidades"],
    },
    Group {
        title: "7–8. Dados pessoais",
        keys: &["campos", "retencao"],
    },
    Group {
        title: "9–10. Titulares",
        keys: &[
            "frequencia",
            "quantidade_titulares",
            "titulares",
            "criancas",
            "adolescentes",
            "criancas_adolescentes",
            "idosos",
            "outros_vulneraveis",
            "melhor_interesse",
        ],
    },
    Group {
        title: "Consentimento",
        keys: &["consentimento"],
    },
    Group {
        title: "11. Compartilhamento",
        keys: &["compartilhamentos"],
    },
    Group {
        title: "12. Segurança",
        keys: &["medidas_seguranca"],
    },
    Group {
        title: "13. Transferência internacional",
        keys: &["transferencias_internacionais"],
    },
    Group {
        title: "14. Contratos de TI",
        keys: &["contratos_ti"],
    },
    Group {
        title: "RIPD e revisão",
        keys: &["fatos_ripd", "ripd", "ultima_revisao", "observacoes"],
    },
];
