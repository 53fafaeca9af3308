//! Publication (DOMAIN.md §10; LGPD art. 9º, 23 I and 41; UFDPar art. 33): which
//! processes may be published and the public view of the inventory, built only
//! from documents whose internal keys were removed (`redact`). Pure: the files
//! are written by `export`.

pub mod redact;
pub mod subject;
pub mod view;

use chrono::NaiveDate;

use crate::catalog::Catalogs;
use crate::keys::INSTITUTION;
use crate::model::{Institution, Process};
pub use view::{ApprovalNote, Contact, PublicInventory, PublicProcess, SCHEMA_VERSION};

/// The access level that may be published (MPRS art. 10: OSTENSIVO); "público"
/// is accepted as its synonym.
const PUBLIC_LEVELS: &[&str] = &["ostensivo", "publico", "público"];

/// A process left out of the public export, and why (said in the command's
/// output, never on the page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withheld {
    pub id: String,
    pub name: String,
    pub reason: String,
}

impl Withheld {
    pub fn new(process: &Process, reason: String) -> Self {
        Withheld {
            id: process.id.as_str().to_owned(),
            name: process.name.clone(),
            reason,
        }
    }
}

/// Why a process may not be published, if it may not.
pub fn withheld_reason(institution: &Institution, process: &Process) -> Option<String> {
    if let Some(date) = process.archived {
        return Some(format!(
            "arquivado em {}: o tratamento não é mais realizado",
            date.format("%d/%m/%Y")
        ));
    }
    match &process.access_classification {
        Some(level) if !PUBLIC_LEVELS.contains(&level.trim().to_lowercase().as_str()) => {
            Some(format!(
                "classificação de acesso \"{level}\": só o que é OSTENSIVO é publicado (MPRS art. 9º–12)"
            ))
        }
        None if !institution.policy.access_levels.is_empty() => Some(
            "sem classificação de acesso: é NÃO CLASSIFICADO até ser classificado (MPRS art. 9º)"
                .to_owned(),
        ),
        _ => None,
    }
}

/// The controller's and the encarregado's public contacts, read from the
/// institution's redacted tree (LGPD art. 41 §1º).
pub fn contacts(institution: &Institution) -> (Contact, Contact) {
    let tree = redact::public_tree(INSTITUTION, &crate::semantic::to_tree(institution), None);
    let contact = |key: &str| {
        let text = |k: &str| {
            tree.get(key)
                .and_then(|c| c.get(k))
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        };
        Contact {
            nome: text("nome").unwrap_or_default(),
            cnpj: text("cnpj"),
            endereco: text("endereco"),
            cep: text("cep"),
            telefone: text("telefone"),
            email: text("email"),
            ato_designacao: text("ato_designacao"),
        }
    };
    (contact("controlador"), contact("encarregado"))
}

/// The public inventory and the processes left out. A process the model cannot
/// redact (never the case for one that was read) is left out with the reason.
pub fn build(
    institution: &Institution,
    processes: &[&Process],
    catalogs: &Catalogs,
    today: NaiveDate,
    approval: Option<ApprovalNote>,
) -> (PublicInventory, Vec<Withheld>) {
    let (controller, dpo) = contacts(institution);
    let mut withheld = Vec::new();
    let mut published = Vec::new();
    for process in processes {
        if let Some(reason) = withheld_reason(institution, process) {
            withheld.push(Withheld::new(process, reason));
            continue;
        }
        match redact::redacted(*process) {
            Ok(public) => published.push(view::public_process(catalogs, &public)),
            Err(error) => withheld.push(Withheld::new(
                process,
                format!("não foi possível separar o que é público: {error}"),
            )),
        }
    }
    published.sort_by_cached_key(|p| crate::text::fold(&p.nome));
    let rights = view::rights(&dpo, institution.rights_channel.as_deref());
    (
        PublicInventory {
            versao_esquema: SCHEMA_VERSION,
            gerado_em: today,
            controlador: controller,
            encarregado: dpo,
            aprovacao: approval,
            direitos: rights,
            processos: published,
        },
        withheld,
    )
}
