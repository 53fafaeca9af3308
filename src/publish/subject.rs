//! The data-subject report (LGPD art. 9º and 18; UFDPar art. 33): for one group
//! of titulares, every process that touches it, with which data, for what, on
//! which basis, shared with whom and kept how long — the answer an ouvidoria gives
//! to a titular's request. Public by default (redacted, classified processes left
//! out); internal for the committee (every running process, systems included).

use chrono::NaiveDate;
use serde::Serialize;

use super::view::{self, PublicProcess};
use super::{Withheld, redact, withheld_reason};
use crate::catalog::Catalogs;
use crate::model::{Institution, Process};

/// Whether the report may be published or is for the committee.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Public,
    Internal,
}

#[derive(Debug, Clone, Serialize)]
pub struct SubjectReport {
    pub versao_esquema: u32,
    pub gerado_em: NaiveDate,
    pub grupo: String,
    pub nome_grupo: String,
    pub interno: bool,
    pub controlador: view::Contact,
    pub encarregado: view::Contact,
    pub direitos: view::Rights,
    pub processos: Vec<PublicProcess>,
}

/// The report for `group` (an id of `titulares.ron`), and the processes left out
/// of a public one. `None` when the catalog has no such group.
pub fn report(
    institution: &Institution,
    processes: &[&Process],
    catalogs: &Catalogs,
    group: &str,
    audience: Audience,
    today: NaiveDate,
) -> Option<(SubjectReport, Vec<Withheld>)> {
    let entry = catalogs.subject_groups.get(group)?;
    let (controller, dpo) = super::contacts(institution);
    let mut withheld = Vec::new();
    let mut out = Vec::new();
    for process in processes {
        if !process.subjects.iter().any(|s| s.group.as_str() == group) {
            continue;
        }
        if audience == Audience::Internal {
            if process.archived.is_none() {
                out.push(view::public_process(catalogs, process));
            }
            continue;
        }
        if let Some(reason) = withheld_reason(institution, process) {
            withheld.push(Withheld::new(process, reason));
            continue;
        }
        if let Ok(public) = redact::redacted(*process) {
            out.push(view::public_process(catalogs, &public));
        }
    }
    out.sort_by_cached_key(|p| crate::text::fold(&p.nome));
    Some((
        SubjectReport {
            versao_esquema: view::SCHEMA_VERSION,
            gerado_em: today,
            grupo: group.to_owned(),
            nome_grupo: entry.name.clone(),
            interno: audience == Audience::Internal,
            direitos: view::rights(&dpo, institution.rights_channel.as_deref()),
            controlador: controller,
            encarregado: dpo,
            processos: out,
        },
        withheld,
    ))
}
