//! What can be edited, as data: every key of a process and of the institution with
//! its kind (text, date, catalog reference, list of items…), grouped in the
//! sections of the SGD template. The detail view, the editors and the inline
//! findings are all driven by this table; labels come from `semantic::labels`.

use crate::catalog::CatalogFile;

/// How a value is edited and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One line of text.
    Text,
    /// Several lines of text.
    LongText,
    /// A whole number.
    Number,
    /// A date, `AAAA-MM-DD`.
    Date,
    /// `Sim` / `Nao`.
    Answer,
    /// One variant of a closed list: (value on disk, label).
    Choice(&'static [(&'static str, &'static str)]),
    /// Several variants of a closed list.
    ChoiceList(&'static [(&'static str, &'static str)]),
    /// One id of a catalog.
    Catalog(CatalogFile),
    /// Several ids of a catalog.
    CatalogList(CatalogFile),
    /// Ids of the process's own data fields (`dados` of a sharing).
    FieldRefs,
    /// Ids of the process's own purposes.
    PurposeRefs,
    /// One id of the process's own purposes.
    PurposeRef,
    /// `Anos(n)` or `Evento("…")`.
    Period,
    /// One of the institution's access levels.
    AccessLevel,
    /// A nested structure.
    Struct(&'static [Field]),
    /// A list of structures, each named by `id_key`.
    List(&'static [Field], &'static str),
    /// A section: `NaoPreenchido`, `NaoSeAplica` or `Lista([...])`.
    Section(&'static [Field], &'static str),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub key: &'static str,
    pub kind: Kind,
    /// Must always have a value (it cannot be cleared).
    pub required: bool,
}

const fn f(key: &'static str, kind: Kind) -> Field {
    Field {
        key,
        kind,
        required: false,
    }
}

const fn req(key: &'static str, kind: Kind) -> Field {
    Field {
        key,
        kind,
        required: true,
    }
}

pub use crate::model::choices::{
    DESTINATION, END_CAUSES, KEEP_EXCEPTIONS, PHASES, REACH, RECIPIENT, STORAGE, TRIGGER_SETS,
};

pub const RETENTION: &[Field] = &[
    f("ttdd", Kind::Catalog(CatalogFile::TtddSupport)),
    f("fase_corrente", Kind::Period),
    f("fase_intermediaria", Kind::Period),
    f("destinacao", Kind::Choice(DESTINATION)),
    f("prazo_total_anos", Kind::Number),
    f("justificativa", Kind::LongText),
    f("fim_tratamento", Kind::ChoiceList(END_CAUSES)),
    f("excecao_guarda", Kind::Choice(KEEP_EXCEPTIONS)),
];

const OWNER: &[Field] = &[
    req("nome", Kind::Text),
    f("cargo", Kind::Text),
    f("email", Kind::Text),
    f("usuario", Kind::Text),
];

const OPERATOR: &[Field] = &[
    req("id", Kind::Text),
    req("nome", Kind::Text),
    f("endereco", Kind::Text),
    f("cep", Kind::Text),
    f("telefone", Kind::Text),
    f("email", Kind::Text),
    f("fases", Kind::ChoiceList(PHASES)),
];

const PURPOSE: &[Field] = &[
    req("id", Kind::Text),
    req("descricao", Kind::LongText),
    f("base_legal", Kind::Catalog(CatalogFile::LegalBases)),
    f("previsao_legal", Kind::Text),
    f("resultados_titular", Kind::LongText),
    f("beneficios", Kind::LongText),
];

const SUBJECT: &[Field] = &[
    req("grupo", Kind::Catalog(CatalogFile::SubjectGroups)),
    f("descricao", Kind::Text),
];

const DATA_FIELD: &[Field] = &[
    req("id", Kind::Text),
    req("campo", Kind::Catalog(CatalogFile::FieldKinds)),
    f("descricao", Kind::Text),
    f("categoria", Kind::Catalog(CatalogFile::Categories)),
    f("fonte", Kind::Catalog(CatalogFile::Sources)),
    f("finalidades", Kind::PurposeRefs),
    f("operacoes", Kind::CatalogList(CatalogFile::Operations)),
    f("base_legal", Kind::Catalog(CatalogFile::LegalBases)),
    f("retencao", Kind::Struct(RETENTION)),
    f("armazenamento", Kind::Choice(STORAGE)),
    f("sistema", Kind::Text),
];

const CONSENT: &[Field] = &[
    f("forma_obtencao", Kind::LongText),
    f("canal_revogacao", Kind::Text),
    f("informa_compartilhamento", Kind::Answer),
    f("consentimento_responsavel", Kind::Answer),
];

const SHARING: &[Field] = &[
    req("id", Kind::Text),
    req("destinatario", Kind::Text),
    req("natureza", Kind::Choice(RECIPIENT)),
    f("dados", Kind::FieldRefs),
    f("finalidade", Kind::Text),
    f("finalidade_processo", Kind::PurposeRef),
    f("instrumento", Kind::Text),
    f(
        "excecao_privado",
        Kind::Catalog(CatalogFile::PrivateExceptions),
    ),
];

const TRANSFER: &[Field] = &[
    req("id", Kind::Text),
    req("organizacao", Kind::Text),
    req("pais", Kind::Text),
    f("dados", Kind::FieldRefs),
    f("salvaguarda", Kind::Catalog(CatalogFile::Safeguards)),
];

const MEASURE: &[Field] = &[
    req("tipo", Kind::Catalog(CatalogFile::MeasureTypes)),
    req("controles", Kind::LongText),
];

const CONTRACT: &[Field] = &[
    req("id", Kind::Text),
    req("numero", Kind::Text),
    f("processo_contratacao", Kind::Text),
    f("objeto", Kind::Text),
    f("email_gestor", Kind::Text),
];

const RIPD_FACTS: &[Field] = &[
    f("nova_tecnologia", Kind::Answer),
    f("rastreamento_ou_perfil", Kind::Answer),
    f("decisoes_automatizadas", Kind::Answer),
    f("reforma_administrativa", Kind::Answer),
    f("vigilancia_area_publica", Kind::Answer),
];

const RIPD: &[Field] = &[req("referencia", Kind::Text), req("data", Kind::Date)];

const REVIEW: &[Field] = &[
    req("data", Kind::Date),
    req("ata", Kind::Text),
    req("aprovado_por", Kind::Text),
];

/// Every key of a process file, in file order.
pub const PROCESS: &[Field] = &[
    req("id", Kind::Text),
    req("nome", Kind::Text),
    f("descricao", Kind::LongText),
    f("unidade", Kind::Text),
    f("dono", Kind::Struct(OWNER)),
    req("criado_em", Kind::Date),
    req("atualizado_em", Kind::Date),
    req("operadores", Kind::Section(OPERATOR, "id")),
    f("fluxo_dados", Kind::LongText),
    f("abrangencia", Kind::ChoiceList(REACH)),
    f("fontes", Kind::CatalogList(CatalogFile::Sources)),
    f("finalidades", Kind::List(PURPOSE, "id")),
    f("frequencia", Kind::Text),
    f("quantidade_titulares", Kind::Number),
    f("titulares", Kind::List(SUBJECT, "grupo")),
    f("criancas_adolescentes", Kind::Answer),
    f("outros_vulneraveis", Kind::Answer),
    f("campos", Kind::List(DATA_FIELD, "id")),
    f("retencao", Kind::Struct(RETENTION)),
    f("consentimento", Kind::Struct(CONSENT)),
    req("compartilhamentos", Kind::Section(SHARING, "id")),
    req(
        "transferencias_internacionais",
        Kind::Section(TRANSFER, "id"),
    ),
    f("medidas_seguranca", Kind::List(MEASURE, "tipo")),
    req("contratos_ti", Kind::Section(CONTRACT, "id")),
    f("classificacao_acesso", Kind::AccessLevel),
    req("fatos_ripd", Kind::Struct(RIPD_FACTS)),
    f("ripd", Kind::Struct(RIPD)),
    f("ultima_revisao", Kind::Struct(REVIEW)),
    f("observacoes", Kind::LongText),
    f("arquivado_em", Kind::Date),
];

const AGENT: &[Field] = &[
    req("nome", Kind::Text),
    f("cnpj", Kind::Text),
    f("endereco", Kind::Text),
    f("cep", Kind::Text),
    f("telefone", Kind::Text),
    f("email", Kind::Text),
];

const DPO: &[Field] = &[
    req("nome", Kind::Text),
    f("endereco", Kind::Text),
    f("cep", Kind::Text),
    f("telefone", Kind::Text),
    f("email", Kind::Text),
    f("ato_designacao", Kind::Text),
];

const MEMBER: &[Field] = &[
    req("nome", Kind::Text),
    f("funcao", Kind::Text),
    f("email", Kind::Text),
];

const POLICY: &[Field] = &[
    req("revisao_processo_meses", Kind::Number),
    f("revisao_ripd_meses", Kind::Number),
    req("gatilhos_ripd", Kind::ChoiceList(TRIGGER_SETS)),
    req("limiar_larga_escala", Kind::Number),
    f("niveis_acesso", Kind::ChoiceList(&[])),
];

/// Every key of `inventario.ron`.
pub const INSTITUTION: &[Field] = &[
    req("controlador", Kind::Struct(AGENT)),
    req("encarregado", Kind::Struct(DPO)),
    f("comite", Kind::List(MEMBER, "nome")),
    req("politica", Kind::Struct(POLICY)),
];

/// A section of the detail view: a title and the top-level keys it shows.
pub struct Group {
    pub title: &'static str,
    pub keys: &'static [&'static str],
}

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
            "arquivado_em",
        ],
    },
    Group {
        title: "2–3. Operadores",
        keys: &["operadores"],
    },
    Group {
        title: "4–5. Fluxo e abrangência",
        keys: &["fluxo_dados", "abrangencia", "fontes"],
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
            "criancas_adolescentes",
            "outros_vulneraveis",
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

/// The sections for the institution.
pub const INSTITUTION_GROUPS: &[Group] = &[
    Group {
        title: "Controlador",
        keys: &["controlador"],
    },
    Group {
        title: "Encarregado",
        keys: &["encarregado"],
    },
    Group {
        title: "Comitê",
        keys: &["comite"],
    },
    Group {
        title: "Política",
        keys: &["politica"],
    },
];

/// The field description of a key among `fields`.
pub fn field(fields: &'static [Field], key: &str) -> Option<&'static Field> {
    fields.iter().find(|f| f.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::semantic::to_tree;

    fn keys_of(value: &serde_json::Value) -> Vec<String> {
        value.as_object().unwrap().keys().cloned().collect()
    }

    #[test]
    fn every_key_of_a_full_process_is_described_and_grouped() {
        let p = crate::synthetic::process(&mut crate::synthetic::Rng::new(3), 1);
        let tree = to_tree(&p);
        for key in keys_of(&tree) {
            if key == "versao_formato" {
                continue;
            }
            assert!(field(PROCESS, &key).is_some(), "{key} has no schema");
        }
        for f in PROCESS {
            let groups = PROCESS_GROUPS
                .iter()
                .filter(|g| g.keys.contains(&f.key))
                .count();
            assert_eq!(groups, 1, "{} must be in exactly one group", f.key);
        }
    }

    #[test]
    fn every_institution_key_is_described() {
        let tree = to_tree(&crate::model::Institution::template("x"));
        for key in keys_of(&tree) {
            assert!(
                key == "versao_formato" || field(INSTITUTION, &key).is_some(),
                "{key}"
            );
        }
    }
}
