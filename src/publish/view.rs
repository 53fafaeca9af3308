//! The public inventory as a plain structure: what LGPD art. 9 and art. 23 I ask
//! a public body to publish per processing (DOMAIN.md §10; UFDPar art. 33), with
//! every catalog id turned into its name and article. Built only from redacted
//! documents (`redact`), and serialized as is for the JSON export, whose schema
//! version is `SCHEMA_VERSION` (documented in `docs/esquema-publico.md`).

use chrono::NaiveDate;
use serde::Serialize;

use crate::catalog::Catalogs;
use crate::model::{Answer, Period, Process, Retention, Section, VulnerableGroup};

/// Version of the public JSON schema; raised on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// The whole public inventory of one controller.
#[derive(Debug, Clone, Serialize)]
pub struct PublicInventory {
    pub versao_esquema: u32,
    pub gerado_em: NaiveDate,
    pub controlador: Contact,
    pub encarregado: Contact,
    /// The committee approval the page shows (`exportar --aprovado`).
    pub aprovacao: Option<ApprovalNote>,
    /// How a titular exercises the rights of LGPD art. 18.
    pub direitos: Rights,
    pub processos: Vec<PublicProcess>,
}

/// What every page shows besides its own content (header, contacts, rights,
/// footer): the inventory without its processes, so a page of one process does
/// not carry all the others into its template.
#[derive(Debug, Clone, Serialize)]
pub struct Masthead<'a> {
    pub versao_esquema: u32,
    pub gerado_em: NaiveDate,
    pub controlador: &'a Contact,
    pub encarregado: &'a Contact,
    pub aprovacao: Option<&'a ApprovalNote>,
    pub direitos: &'a Rights,
}

impl PublicInventory {
    pub fn masthead(&self) -> Masthead<'_> {
        Masthead {
            versao_esquema: self.versao_esquema,
            gerado_em: self.gerado_em,
            controlador: &self.controlador,
            encarregado: &self.encarregado,
            aprovacao: self.aprovacao.as_ref(),
            direitos: &self.direitos,
        }
    }
}

/// Name and public contact of the controller or the encarregado (LGPD art. 41 §1º).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Contact {
    pub nome: String,
    pub cnpj: Option<String>,
    pub endereco: Option<String>,
    pub cep: Option<String>,
    pub telefone: Option<String>,
    pub email: Option<String>,
    /// The act that designated the encarregado.
    pub ato_designacao: Option<String>,
}

/// The committee approval a page was exported from.
#[derive(Debug, Clone, Serialize)]
pub struct ApprovalNote {
    pub ata: String,
    pub data: String,
    pub commit: String,
}

/// The rights of LGPD art. 18 and the channel to exercise them.
#[derive(Debug, Clone, Serialize)]
pub struct Rights {
    pub canal: String,
    pub texto: String,
    pub direitos: Vec<&'static str>,
}

/// The rights of LGPD art. 18 I–IX, as the public page lists them.
pub const RIGHTS: &[&str] = &[
    "confirmação da existência de tratamento (art. 18, I)",
    "acesso aos dados (art. 18, II)",
    "correção de dados incompletos, inexatos ou desatualizados (art. 18, III)",
    "anonimização, bloqueio ou eliminação de dados desnecessários, excessivos ou tratados em desconformidade com a LGPD (art. 18, IV)",
    "portabilidade dos dados (art. 18, V)",
    "eliminação dos dados tratados com consentimento (art. 18, VI)",
    "informação sobre as entidades com as quais os dados são compartilhados (art. 18, VII)",
    "informação sobre a possibilidade de não consentir e suas consequências (art. 18, VIII)",
    "revogação do consentimento (art. 18, IX)",
];

/// One processing, as published.
#[derive(Debug, Clone, Serialize)]
pub struct PublicProcess {
    pub id: String,
    pub nome: String,
    pub descricao: Option<String>,
    pub unidade: Option<String>,
    pub criado_em: NaiveDate,
    pub atualizado_em: NaiveDate,
    pub finalidades: Vec<PublicPurpose>,
    pub titulares: Vec<PublicSubject>,
    /// "sim", "não" or "não informado" (LGPD art. 14): children or adolescents,
    /// as the SGD template's row 10.3 asks.
    pub criancas_adolescentes: &'static str,
    pub criancas: &'static str,
    pub adolescentes: &'static str,
    pub idosos: &'static str,
    pub outros_vulneraveis: &'static str,
    /// The vulnerable groups the process holds data of, by name ("crianças").
    pub grupos_vulneraveis: Vec<&'static str>,
    /// How the process serves the minors' best interest (LGPD art. 14).
    pub melhor_interesse: Option<String>,
    pub trata_dados_sensiveis: bool,
    pub dados: Vec<PublicField>,
    pub abrangencia: Vec<&'static str>,
    pub fontes: Vec<String>,
    pub retencao: Option<PublicRetention>,
    pub operadores: Vec<PublicOperator>,
    pub compartilhamentos: Listed<PublicSharing>,
    pub transferencias_internacionais: Listed<PublicTransfer>,
    pub consentimento: Option<PublicConsent>,
    /// Other controllers deciding the process (LGPD art. 5 VI, art. 42 §1 II).
    pub controladores_conjuntos: Vec<PublicJointController>,
    /// Data received from other public bodies (LGPD art. 26; Decreto 10.046/2019).
    pub recebido_de: Vec<PublicReceived>,
    /// The controller the institution processes for, when only its operator.
    pub operadora_para: Option<PublicOperatorFor>,
    /// Processing outside the LGPD's general rules (art. 4 III), with its law.
    pub fora_regras_gerais: Option<PublicOutside>,
    /// Where to exercise the rights for this process, when not the institution's
    /// channel (LGPD art. 18).
    pub canal_titular: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PublicJointController {
    pub nome: String,
    pub papel: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PublicReceived {
    pub orgao: String,
    pub instrumento: Option<String>,
    pub nivel: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PublicOperatorFor {
    pub controlador: String,
    pub instrumento: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PublicOutside {
    pub hipotese: &'static str,
    pub lei: String,
}

/// A legal basis with its article.
#[derive(Debug, Clone, Serialize)]
pub struct PublicBasis {
    pub id: String,
    pub nome: String,
    pub artigo: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PublicPurpose {
    pub descricao: String,
    pub base_legal: Option<PublicBasis>,
    pub previsao_legal: Option<String>,
    pub resultados_titular: Option<String>,
    pub beneficios: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PublicSubject {
    pub grupo: String,
    pub nome: String,
    pub descricao: Option<String>,
}

/// One personal-data field (UFDPar art. 34), with its SGD category.
#[derive(Debug, Clone, Serialize)]
pub struct PublicField {
    pub nome: String,
    pub descricao: Option<String>,
    pub categoria: String,
    pub grupo_categoria: String,
    /// One of the categories of LGPD art. 5º, II.
    pub sensivel: bool,
    pub fonte: Option<String>,
    pub finalidades: Vec<String>,
    pub operacoes: Vec<String>,
    pub base_legal: Option<PublicBasis>,
    /// The field's own retention, when it differs from the process's.
    pub retencao: Option<PublicRetention>,
    /// System or database: internal, so always absent from a public export (a
    /// redacted field has none); the internal data-subject report shows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sistema: Option<String>,
}

/// Retention as the titular reads it (LGPD art. 9º, II; TTDD of the Arquivo Nacional).
#[derive(Debug, Clone, Serialize)]
pub struct PublicRetention {
    pub codigo_ttdd: Option<String>,
    pub descritor_ttdd: Option<String>,
    pub tabela: Option<String>,
    pub fase_corrente: Option<String>,
    pub fase_intermediaria: Option<String>,
    pub destinacao: Option<&'static str>,
    pub prazo_total_anos: Option<u32>,
    pub justificativa: Option<String>,
    /// One sentence: "5 anos na fase corrente, 95 na intermediária; depois, eliminação".
    pub resumo: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PublicOperator {
    pub nome: String,
    pub fases: Vec<&'static str>,
    /// Legal nature ("entidade privada", "entidade estrangeira").
    pub natureza: Option<&'static str>,
}

/// A section of the template that may not apply (DOMAIN.md §2).
#[derive(Debug, Clone, Serialize)]
pub struct Listed<T> {
    /// "lista", "nao_se_aplica" or "nao_informado".
    pub situacao: &'static str,
    pub itens: Vec<T>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PublicSharing {
    pub destinatario: String,
    /// "público" or "privado" (LGPD art. 26–27).
    pub natureza: &'static str,
    pub dados: Vec<String>,
    pub finalidade: Option<String>,
    pub excecao_privado: Option<String>,
    /// Decreto 10.046/2019 level, between federal bodies.
    pub nivel: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PublicTransfer {
    pub organizacao: String,
    pub pais: String,
    pub dados: Vec<String>,
    pub salvaguarda: Option<String>,
    /// Sent, stored (a cloud abroad) or accessed from abroad.
    pub modalidade: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PublicConsent {
    pub forma_obtencao: Option<String>,
    pub canal_revogacao: Option<String>,
}

fn answer(value: Option<Answer>) -> &'static str {
    match value {
        Some(Answer::Yes) => "sim",
        Some(Answer::No) => "não",
        None => "não informado",
    }
}

fn period(period: &Period) -> String {
    match period {
        Period::Years(1) => "1 ano".to_owned(),
        Period::Years(n) => format!("{n} anos"),
        Period::Event(event) => event.clone(),
    }
}

fn basis(catalogs: &Catalogs, id: &crate::model::LegalBasisId) -> PublicBasis {
    match catalogs.basis(id) {
        Some(entry) => PublicBasis {
            id: entry.id.clone(),
            nome: entry.name.clone(),
            artigo: entry.source.clone(),
        },
        None => PublicBasis {
            id: id.as_str().to_owned(),
            nome: id.as_str().to_owned(),
            artigo: String::new(),
        },
    }
}

/// The retention of a process or field, in words.
pub fn retention(catalogs: &Catalogs, r: &Retention) -> PublicRetention {
    let entry = r.ttdd.as_ref().and_then(|c| catalogs.ttdd.get(c.as_str()));
    let current = r.current_phase.as_ref().map(period);
    let intermediate = r.intermediate_phase.as_ref().map(period);
    let destination = r.destination.map(|d| d.label());
    let mut parts = Vec::new();
    if let Some(c) = &current {
        parts.push(format!("{c} na fase corrente"));
    }
    if let Some(i) = &intermediate {
        parts.push(format!("{i} na fase intermediária"));
    }
    if let Some(total) = r.total_years {
        parts.push(format!("no máximo {total} anos no total"));
    }
    let mut summary = if parts.is_empty() {
        "prazo não informado".to_owned()
    } else {
        parts.join(", ")
    };
    if let Some(d) = destination {
        summary.push_str(&format!("; depois, {d}"));
    }
    PublicRetention {
        codigo_ttdd: r.ttdd.as_ref().map(|c| c.as_str().to_owned()),
        descritor_ttdd: entry.map(|e| e.name.clone()),
        tabela: entry.map(|e| e.table.legal_source().to_owned()),
        fase_corrente: current,
        fase_intermediaria: intermediate,
        destinacao: destination,
        prazo_total_anos: r.total_years,
        justificativa: r.justification.clone(),
        resumo: summary,
    }
}

fn listed<T, U>(section: &Section<T>, item: impl Fn(&T) -> U) -> Listed<U> {
    match section {
        Section::Items(items) => Listed {
            situacao: "lista",
            itens: items.iter().map(item).collect(),
        },
        Section::NotApplicable => Listed {
            situacao: "nao_se_aplica",
            itens: Vec::new(),
        },
        Section::NotFilled => Listed {
            situacao: "nao_informado",
            itens: Vec::new(),
        },
    }
}

/// The name a field is published under: the catalog's name of its kind, with
/// its own description when it has one. Never its id.
fn field_names(
    catalogs: &Catalogs,
    process: &Process,
    ids: &[crate::model::ItemId],
) -> Vec<String> {
    ids.iter()
        .filter_map(|id| process.fields.iter().find(|f| &f.id == id))
        .map(|f| catalogs.field_kinds.name_of(f.kind.as_str()).to_owned())
        .collect()
}

/// The public view of one process, which must already be redacted.
pub fn public_process(catalogs: &Catalogs, process: &Process) -> PublicProcess {
    let purpose_text = |id: &crate::model::ItemId| {
        process
            .purposes
            .iter()
            .find(|p| &p.id == id)
            .map(|p| p.description.clone())
    };
    let dados = process
        .fields
        .iter()
        .map(|f| {
            let category = catalogs.category_of_field(f);
            PublicField {
                nome: catalogs.field_kinds.name_of(f.kind.as_str()).to_owned(),
                descricao: f.description.clone(),
                categoria: category.map_or_else(String::new, |c| c.name.clone()),
                grupo_categoria: category.map_or_else(String::new, |c| c.group.clone()),
                sensivel: category.is_some_and(|c| c.sensitive),
                fonte: f
                    .source
                    .as_ref()
                    .map(|s| catalogs.sources.name_of(s.as_str()).to_owned()),
                finalidades: f.purposes.iter().filter_map(purpose_text).collect(),
                operacoes: f
                    .operations
                    .iter()
                    .map(|o| catalogs.operations.name_of(o.as_str()).to_owned())
                    .collect(),
                base_legal: f.legal_basis.as_ref().map(|b| basis(catalogs, b)),
                retencao: f.retention.as_ref().map(|r| retention(catalogs, r)),
                sistema: f.system.clone(),
            }
        })
        .collect::<Vec<_>>();
    PublicProcess {
        id: process.id.as_str().to_owned(),
        nome: process.name.clone(),
        descricao: process.description.clone(),
        unidade: process.unit.clone(),
        criado_em: process.created,
        atualizado_em: process.updated,
        finalidades: process
            .purposes
            .iter()
            .map(|p| PublicPurpose {
                descricao: p.description.clone(),
                base_legal: p.legal_basis.as_ref().map(|b| basis(catalogs, b)),
                previsao_legal: p.legal_provision.clone(),
                resultados_titular: p.results_for_subject.clone(),
                beneficios: p.benefits.clone(),
            })
            .collect(),
        titulares: process
            .subjects
            .iter()
            .map(|s| PublicSubject {
                grupo: s.group.as_str().to_owned(),
                nome: catalogs.subject_groups.name_of(s.group.as_str()).to_owned(),
                descricao: s.description.clone(),
            })
            .collect(),
        criancas_adolescentes: answer(
            process.joint_answer(&[VulnerableGroup::Children, VulnerableGroup::Adolescents]),
        ),
        criancas: answer(process.answer_for(VulnerableGroup::Children)),
        adolescentes: answer(process.answer_for(VulnerableGroup::Adolescents)),
        idosos: answer(process.answer_for(VulnerableGroup::Elderly)),
        outros_vulneraveis: answer(process.other_vulnerable),
        grupos_vulneraveis: process
            .vulnerable_groups()
            .into_iter()
            .map(VulnerableGroup::label)
            .collect(),
        melhor_interesse: process.best_interest.clone(),
        trata_dados_sensiveis: dados.iter().any(|d| d.sensivel),
        dados,
        abrangencia: process.reach.iter().map(|r| r.label()).collect(),
        fontes: process
            .sources
            .iter()
            .map(|s| catalogs.sources.name_of(s.as_str()).to_owned())
            .collect(),
        retencao: process.retention.as_ref().map(|r| retention(catalogs, r)),
        operadores: process
            .operators
            .items()
            .iter()
            .map(|o| PublicOperator {
                nome: o.name.clone(),
                fases: o.phases.iter().map(|p| p.label()).collect(),
                natureza: o.nature.map(|n| n.label()),
            })
            .collect(),
        compartilhamentos: listed(&process.sharing, |s| PublicSharing {
            destinatario: s.recipient.clone(),
            natureza: s.kind.label(),
            dados: field_names(catalogs, process, &s.fields),
            finalidade: s
                .purpose
                .clone()
                .or_else(|| s.process_purpose.as_ref().and_then(purpose_text)),
            excecao_privado: s
                .private_exception
                .as_ref()
                .map(|e| catalogs.private_exceptions.name_of(e.as_str()).to_owned()),
            nivel: s.level.map(|l| l.label()),
        }),
        transferencias_internacionais: listed(&process.transfers, |t| PublicTransfer {
            organizacao: t.organization.clone(),
            pais: t.country.clone(),
            dados: field_names(catalogs, process, &t.fields),
            salvaguarda: t
                .safeguard
                .as_ref()
                .map(|s| catalogs.safeguards.name_of(s.as_str()).to_owned()),
            modalidade: t.mode.map(|m| m.label()),
        }),
        consentimento: process.consent.as_ref().and_then(|c| {
            (c.how_obtained.is_some() || c.revocation_channel.is_some()).then(|| PublicConsent {
                forma_obtencao: c.how_obtained.clone(),
                canal_revogacao: c.revocation_channel.clone(),
            })
        }),
        controladores_conjuntos: process
            .joint_controllers
            .iter()
            .map(|c| PublicJointController {
                nome: c.name.clone(),
                papel: c.role.clone(),
            })
            .collect(),
        recebido_de: process
            .received_from
            .iter()
            .map(|r| PublicReceived {
                orgao: r.body.clone(),
                instrumento: r.instrument.clone(),
                nivel: r.level.map(|l| l.label()),
            })
            .collect(),
        operadora_para: process.operator_for.as_ref().map(|o| PublicOperatorFor {
            controlador: o.controller.clone(),
            instrumento: o.instrument.clone(),
        }),
        fora_regras_gerais: process
            .outside_general_rules
            .as_ref()
            .map(|o| PublicOutside {
                hipotese: o.regime.label(),
                lei: o.law.clone(),
            }),
        canal_titular: process.rights_channel.clone(),
    }
}

/// The rights block: the institution's channel for titulares, when it names
/// one (the site, Fala.BR, the ouvidoria), and the encarregado's contact (LGPD
/// art. 18 and 41 §2º, I).
pub fn rights(dpo: &Contact, channel: Option<&str>) -> Rights {
    let contact = match (&dpo.email, &dpo.telefone) {
        (Some(email), Some(phone)) => format!("{email} ou {phone}"),
        (Some(email), None) => email.clone(),
        (None, Some(phone)) => phone.clone(),
        (None, None) => "o encarregado, pelos canais da instituição".to_owned(),
    };
    let channel = channel.map(str::trim).filter(|c| !c.is_empty());
    let texto = match channel {
        Some(channel) => format!(
            "Para exercer os seus direitos de titular (LGPD art. 18), use {channel}, ou fale com o encarregado pelo tratamento de dados pessoais, {}: {contact}. O pedido é gratuito (art. 18 §5º).",
            dpo.nome
        ),
        None => format!(
            "Para exercer os seus direitos de titular (LGPD art. 18), fale com o encarregado pelo tratamento de dados pessoais, {}: {contact}. O pedido é gratuito (art. 18 §5º).",
            dpo.nome
        ),
    };
    Rights {
        canal: channel.map_or(contact, str::to_owned),
        texto,
        direitos: RIGHTS.to_vec(),
    }
}
