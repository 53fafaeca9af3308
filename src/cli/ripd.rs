//! RIPD commands: why a report is needed (`gatilhos`), a new report prefilled
//! from the inventory with the suggested risks (`novo`), bringing sections 1–3 up
//! to date (`atualizar`), the committee's approval (`aprovar`) and the document to
//! attach to the SEI process (`exportar`).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use clap::Subcommand;

use super::{DirArg, HELP_TEMPLATE, OutputFormat, load, print, print_notices, today};
use crate::assistant;
use crate::document::Document;
use crate::files::InventoryFile;
use crate::history::History;
use crate::history::ripd::RipdSignatures;
use crate::model::ripd::Signatory;
use crate::model::{Process, ProcessId, Ripd};
use crate::rules::{CheckContext, ripd, ripd_document};
use crate::store::LoadedInventory;

/// `ripd exportar` formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum ReportFormat {
    #[value(name = "markdown")]
    Markdown,
    #[value(name = "html")]
    Html,
    #[value(name = "docx")]
    Docx,
}

#[derive(Debug, Subcommand)]
pub(super) enum RipdCommand {
    /// Por que cada processo precisa de RIPD: gatilho por gatilho, fato por fato
    #[command(help_template = HELP_TEMPLATE, override_usage = "inventario ripd gatilhos [PROCESSO...] [--formato texto|json] [-C DIR]", next_help_heading = "Opções")]
    Gatilhos {
        /// Processos (padrão: todos os que não estão arquivados)
        #[arg(value_name = "PROCESSO", help_heading = "Argumentos")]
        processes: Vec<String>,
        /// Formato: texto (padrão) ou json
        #[arg(
            long = "formato",
            value_name = "FORMATO",
            value_enum,
            default_value = "texto",
            hide_default_value = true,
            hide_possible_values = true
        )]
        format: OutputFormat,
        #[command(flatten)]
        dir: DirArg,
    },
    /// Cria um RIPD para os processos, preenchido com o que o inventário sabe e com os riscos sugeridos
    #[command(help_template = HELP_TEMPLATE, override_usage = "inventario ripd novo PROCESSO... [--id ID] [-C DIR]", next_help_heading = "Opções")]
    Novo {
        /// Processos que o relatório cobre
        #[arg(value_name = "PROCESSO", help_heading = "Argumentos", required = true)]
        processes: Vec<String>,
        /// Id do RIPD, nome do arquivo ripd/<id>.ron (padrão: o id do primeiro processo)
        #[arg(long = "id", value_name = "ID")]
        id: Option<String>,
        #[command(flatten)]
        dir: DirArg,
    },
    /// Atualiza as seções 1 a 3 e 5 com o inventário e acrescenta novos riscos sugeridos
    #[command(help_template = HELP_TEMPLATE, override_usage = "inventario ripd atualizar ID [--nova-versao] [-C DIR]", next_help_heading = "Opções")]
    Atualizar {
        /// Id do RIPD (o arquivo é ripd/<id>.ron)
        #[arg(value_name = "ID", help_heading = "Argumentos")]
        id: String,
        /// Abre uma nova versão de um RIPD já aprovado (a aprovação deve ser refeita)
        #[arg(long = "nova-versao")]
        new_version: bool,
        #[command(flatten)]
        dir: DirArg,
    },
    /// Registra a aprovação do RIPD (signatários, data e ata; um commit e uma etiqueta)
    #[command(help_template = HELP_TEMPLATE, override_usage = "inventario ripd aprovar ID --ata \"Ata 12/2026\" --autoridade NOME [--elaborado-por NOME] [--autoridade-operador NOME] [--local LOCAL] [-C DIR]", next_help_heading = "Opções")]
    Aprovar {
        /// Id do RIPD (o arquivo é ripd/<id>.ron)
        #[arg(value_name = "ID", help_heading = "Argumentos")]
        id: String,
        /// Referência da ata da reunião do comitê
        #[arg(long = "ata", value_name = "ATA", required = true)]
        minutes: String,
        /// Autoridade do controlador que aprova
        #[arg(long = "autoridade", value_name = "NOME", required = true)]
        authority: String,
        /// Quem elaborou o relatório (padrão: o autor configurado)
        #[arg(long = "elaborado-por", value_name = "NOME")]
        prepared_by: Option<String>,
        /// Autoridade do operador que também assina, quando houver operador
        #[arg(long = "autoridade-operador", value_name = "NOME")]
        operator_authority: Option<String>,
        /// Local das assinaturas (seção 8), por exemplo "Parnaíba-PI"
        #[arg(long = "local", value_name = "LOCAL")]
        place: Option<String>,
        #[command(flatten)]
        dir: DirArg,
    },
    /// O relatório na ordem do modelo da SGD, com a tabela e as matrizes de risco
    #[command(help_template = HELP_TEMPLATE, override_usage = "inventario ripd exportar ID [--formato markdown|html|docx] [--saida ARQUIVO] [-C DIR]", next_help_heading = "Opções")]
    Exportar {
        /// Id do RIPD (o arquivo é ripd/<id>.ron)
        #[arg(value_name = "ID", help_heading = "Argumentos")]
        id: String,
        /// Formato: markdown (padrão), html ou docx (este com --saida)
        #[arg(
            long = "formato",
            value_name = "FORMATO",
            value_enum,
            default_value = "markdown",
            hide_default_value = true,
            hide_possible_values = true
        )]
        format: ReportFormat,
        /// Arquivo de saída (padrão: a saída padrão)
        #[arg(long = "saida", value_name = "ARQUIVO")]
        output: Option<PathBuf>,
        #[command(flatten)]
        dir: DirArg,
    },
}

/// Runs one `inventario ripd` command.
pub(super) fn run(action: RipdCommand) -> Result<u8> {
    match action {
        RipdCommand::Gatilhos {
            processes,
            format,
            dir,
        } => triggers(&dir.dir, &processes, format),
        RipdCommand::Novo { processes, id, dir } => new(&dir.dir, &processes, id.as_deref()),
        RipdCommand::Atualizar {
            id,
            new_version,
            dir,
        } => refresh(&dir.dir, &id, new_version),
        RipdCommand::Aprovar {
            id,
            minutes,
            authority,
            prepared_by,
            operator_authority,
            place,
            dir,
        } => approve(
            &dir.dir,
            &id,
            &minutes,
            Signers {
                authority: &authority,
                prepared_by: prepared_by.as_deref(),
                operator_authority: operator_authority.as_deref(),
                place: place.as_deref(),
            },
        ),
        RipdCommand::Exportar {
            id,
            format,
            output,
            dir,
        } => export(&dir.dir, &id, format, output.as_deref()),
    }
}

fn with_ctx<T>(
    inventory: &LoadedInventory,
    f: impl FnOnce(&CheckContext) -> Result<T>,
) -> Result<T> {
    crate::checkup::with_context(inventory, today()?, f)
}

fn find_processes<'a>(inventory: &'a LoadedInventory, ids: &[String]) -> Result<Vec<&'a Process>> {
    ids.iter()
        .map(|id| {
            inventory
                .processes
                .iter()
                .map(|p| &p.process)
                .find(|p| p.id.as_str() == id)
                .with_context(|| {
                    format!(
                        "o processo \"{id}\" não existe no inventário (veja `inventario check`)"
                    )
                })
        })
        .collect()
}

/// `ripd gatilhos`: per process, each trigger with the facts behind it, whether a
/// RIPD is required, and the reports that cover it.
pub(super) fn triggers(dir: &Path, ids: &[String], format: OutputFormat) -> Result<u8> {
    let inventory = load(dir)?;
    let selected: Vec<&Process> = if ids.is_empty() {
        inventory
            .processes
            .iter()
            .map(|p| &p.process)
            .filter(|p| p.archived.is_none())
            .collect()
    } else {
        find_processes(&inventory, ids)?
    };
    with_ctx(&inventory, |ctx| {
        let mut text = String::new();
        let mut json = Vec::new();
        for p in &selected {
            let assessment = ripd::assess(ctx, p);
            let covering: Vec<String> = ripd_document::covering(ctx.ripds, p.id.as_str())
                .map(|r| r.id.to_string())
                .collect();
            let status = match (assessment.required, covering.is_empty()) {
                (true, true) => "exige RIPD e nenhum o cobre",
                (true, false) => "exige RIPD",
                (false, _) if assessment.hits.is_empty() => "nenhum gatilho",
                (false, _) => "gatilhos sem exigência pelas regras da instituição",
            };
            text.push_str(&format!("{} — {} ({status})\n", p.id, p.name));
            for hit in &assessment.hits {
                text.push_str(&format!(
                    "  {} — {}\n    {}\n",
                    hit.trigger,
                    ctx.catalogs.ripd_triggers.name_of(hit.trigger),
                    hit.reason
                ));
            }
            if !covering.is_empty() {
                text.push_str(&format!("  coberto por: {}\n", covering.join(", ")));
            }
            json.push(serde_json::json!({
                "processo": p.id.as_str(),
                "exige": assessment.required,
                "gatilhos": assessment.hits.iter().map(|h| serde_json::json!({
                    "id": h.trigger,
                    "nome": ctx.catalogs.ripd_triggers.name_of(h.trigger),
                    "motivo": h.reason,
                    "campos": h.fields.iter().map(ToString::to_string).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
                "ripds": covering,
            }));
        }
        match format {
            OutputFormat::Text => print(&text)?,
            OutputFormat::Json => print(
                &(serde_json::to_string_pretty(
                    &serde_json::json!({"versao": 1, "processos": json}),
                )? + "\n"),
            )?,
        }
        Ok(0)
    })
}

/// `ripd novo`: a report covering `ids`, prefilled, with the suggested risks.
pub(super) fn new(dir: &Path, ids: &[String], id: Option<&str>) -> Result<u8> {
    if ids.is_empty() {
        bail!("diga quais processos o RIPD cobre: inventario ripd novo PROCESSO...");
    }
    let inventory = load(dir)?;
    let processes = find_processes(&inventory, ids)?;
    let id = id.unwrap_or(&ids[0]);
    let id = ProcessId::parse(id).map_err(|e| anyhow::anyhow!("id de RIPD inválido: {e}"))?;
    if inventory
        .ripds
        .iter()
        .any(|r| r.ripd.id == id || r.stem == id.as_str())
    {
        bail!("já existe um RIPD com o id \"{id}\" (ripd/{id}.ron); escolha outro com --id");
    }
    let title = processes
        .iter()
        .map(|p| p.name.clone())
        .collect::<Vec<_>>()
        .join("; ");
    let (report, added) = with_ctx(&inventory, |ctx| {
        let mut report = Ripd::new(
            id.clone(),
            title,
            processes.iter().map(|p| p.id.clone()).collect(),
            ctx.today,
        );
        assistant::prefill(&mut report, ctx, &processes);
        let suggestions = assistant::suggest(ctx, &processes);
        let added = assistant::add_suggestions(&mut report, &suggestions);
        Ok((report, added))
    })?;
    let history = History::open(dir)?;
    history.create_document(&report, None, &history.author())?;
    print_notices(&history);
    let mut out = format!(
        "RIPD criado em {}: {} gatilho(s) na seção 2, {} risco(s) sugerido(s).\n",
        report.own_file(),
        report.need.len(),
        added
    );
    for risk in &report.risks {
        out.push_str(&format!(
            "  {} — {}\n    por quê: {}\n",
            risk.id,
            inventory.catalogs.risks.name_of(risk.id.as_str()),
            risk.suggested_by.as_deref().unwrap_or_default()
        ));
    }
    out.push_str("Avalie probabilidade e impacto de cada risco e escreva as seções 4 e 5; `inventario check` diz o que falta.\n");
    print(&out)?;
    Ok(0)
}

fn read_report(inventory: &LoadedInventory, id: &str) -> Result<Ripd> {
    inventory
        .ripds
        .iter()
        .find(|r| r.stem == id)
        .map(|r| r.ripd.clone())
        .with_context(|| {
            format!("o RIPD \"{id}\" não existe (ripd/{id}.ron); veja `inventario check`")
        })
}

/// `ripd atualizar`: brings sections 1–3 and 5 up to date with the inventory and
/// adds new suggestions. An approved report is only refreshed as a new version.
pub(super) fn refresh(dir: &Path, id: &str, new_version: bool) -> Result<u8> {
    let inventory = load(dir)?;
    let mut report = read_report(&inventory, id)?;
    if report.approved_on().is_some() && !new_version {
        bail!(
            "o RIPD {id} está aprovado; o texto aprovado fica como está. Para abrir uma nova versão com o inventário atual, use --nova-versao (a aprovação é refeita com `inventario ripd aprovar`)"
        );
    }
    let ids: Vec<String> = report.processes.iter().map(ToString::to_string).collect();
    let processes = find_processes(&inventory, &ids)?;
    let added = with_ctx(&inventory, |ctx| {
        assistant::prefill(&mut report, ctx, &processes);
        report.updated = ctx.today;
        if new_version {
            report.approval = Default::default();
        }
        Ok(assistant::add_suggestions(
            &mut report,
            &assistant::suggest(ctx, &processes),
        ))
    })?;
    let history = History::open(dir)?;
    let file = InventoryFile::Ripd(id.to_owned());
    history.save_document(&report, &file, None, None, &history.author())?;
    print_notices(&history);
    print(&format!(
        "RIPD {id} atualizado com o inventário; {added} risco(s) novo(s) sugerido(s).\n"
    ))?;
    Ok(0)
}

/// `ripd aprovar`.
/// Who signs a RIPD's approval, as the command line names them.
pub(super) struct Signers<'a> {
    authority: &'a str,
    prepared_by: Option<&'a str>,
    operator_authority: Option<&'a str>,
    place: Option<&'a str>,
}

pub(super) fn approve(dir: &Path, id: &str, minutes: &str, signers: Signers) -> Result<u8> {
    let inventory = load(dir)?;
    read_report(&inventory, id)?;
    let institution = inventory.institution_or_placeholder();
    let history = History::open(dir)?;
    let author = history.author();
    let day = today()?;
    let sign = |name: &str| Signatory {
        name: name.to_owned(),
        registration: None,
        place: signers.place.map(str::to_owned),
        date: Some(day),
    };
    let signatures = RipdSignatures {
        prepared_by: sign(signers.prepared_by.unwrap_or(&author.name)),
        dpo: sign(&institution.dpo.name),
        controller_authority: sign(signers.authority),
        operator_authority: signers.operator_authority.map(sign),
    };
    let approval = history.approve_ripd(id, minutes, signatures, day, &author)?;
    print_notices(&history);
    print(&format!(
        "RIPD {id} aprovado: versão {}, etiqueta {}.\n",
        approval.version, approval.tag
    ))?;
    Ok(0)
}

/// `ripd exportar`.
pub(super) fn export(
    dir: &Path,
    id: &str,
    format: ReportFormat,
    output: Option<&Path>,
) -> Result<u8> {
    let inventory = load(dir)?;
    let report = read_report(&inventory, id)?;
    let built = crate::ripd_report::build(&report, &inventory.catalogs);
    let bytes = match format {
        ReportFormat::Markdown => crate::ripd_report::markdown(&built).into_bytes(),
        ReportFormat::Html => crate::ripd_report::html(&built).into_bytes(),
        ReportFormat::Docx => crate::ripd_docx::docx(&built).map_err(anyhow::Error::msg)?,
    };
    match output {
        Some(path) => crate::store::write_atomically(path, &bytes)?,
        None if format == ReportFormat::Docx => {
            bail!("um DOCX não vai para o terminal: diga o arquivo com --saida RIPD.docx")
        }
        None => print(&String::from_utf8_lossy(&bytes))?,
    }
    Ok(0)
}
