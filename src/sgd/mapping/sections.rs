//! The template's sections read into a process: operators and their phases
//! (2–3), scope (5), purposes (6), data fields and retention (7–8), subjects
//! (10), sharing (11), measures (12), transfers (13) and contracts (14).

use super::super::read::{FoundRow, FoundSheet, normalize};
use super::values::*;
use super::{NoteKind, Reader, cell, placeholder, rows};
use crate::model::{
    Answer, DataField, FieldKindId, ItContract, ItemId, LegalBasisId, MeasureTypeId, Operator,
    Phase, Process, Purpose, Reach, RecipientKind, Retention, SafeguardId, Section,
    SecurityMeasure, Sharing, SourceId, SubjectGroup, SubjectGroupId, Transfer,
};
use crate::text::{slug, words};

pub(super) fn read_operators(r: &mut Reader<'_>, sheet: &FoundSheet, p: &mut Process) {
    let mut operators = Vec::new();
    let mut not_applicable = false;
    let mut taken = Vec::new();
    for row in rows(sheet, "2") {
        // 2.1 and 2.2 are the institution's controller and encarregado.
        if row.number == "2.1" || row.number == "2.2" {
            continue;
        }
        let name = cell(row, 0);
        if is_not_applicable(name) {
            not_applicable = true;
            continue;
        }
        if blank(name) {
            continue;
        }
        let opt = |n: usize| Some(normalize(cell(row, n))).filter(|v| !v.is_empty());
        operators.push(Operator {
            id: unique_id(name, &mut taken, "operador"),
            name: normalize(name),
            address: opt(1),
            cep: opt(2),
            phone: opt(3),
            email: opt(4),
            phases: Vec::new(),
            nature: None,
        });
    }
    let phase_rows: Vec<&FoundRow> = rows(sheet, "3").collect();
    for (n, row) in phase_rows.iter().enumerate() {
        // "Em qual fase … atua (Nome do operador)": the name may hold parentheses.
        let named = row
            .label
            .split_once(" (")
            .map(|(_, rest)| normalize(rest.strip_suffix(')').unwrap_or(rest)));
        let target = match &named {
            Some(name) => operators.iter_mut().find(|o| words(&o.name) == words(name)),
            None => operators.get_mut(n),
        };
        let Some(operator) = target else {
            if row.cells.iter().any(|c| !blank(c)) {
                r.note(
                    NoteKind::NotUnderstood,
                    row,
                    "fases de um operador que não está na seção 2".to_owned(),
                );
            }
            continue;
        };
        for (phase, mark) in Phase::ALL.iter().zip(&row.cells) {
            if !blank(mark) && answer(mark) != Some(Answer::No) {
                operator.phases.push(*phase);
            }
        }
    }
    p.operators = if !operators.is_empty() {
        Section::Items(operators)
    } else if not_applicable {
        Section::NotApplicable
    } else {
        Section::NotFilled
    };
}

pub(super) fn read_scope(r: &mut Reader<'_>, sheet: &FoundSheet, p: &mut Process) {
    for row in rows(sheet, "5") {
        let text = cell(row, 0).to_owned();
        if blank(&text) || is_not_applicable(&text) {
            continue;
        }
        if row.number == "5.1" {
            let parts = split_values(&text, true)
                .into_iter()
                .flat_map(|p| p.split(" e ").map(str::to_owned).collect::<Vec<_>>());
            for part in parts {
                let part = part.trim().to_owned();
                match Reach::ALL.iter().find(|x| words(x.label()) == words(&part)) {
                    Some(reach) => p.reach.push(*reach),
                    None => r.note(
                        NoteKind::NotUnderstood,
                        row,
                        format!("abrangência \"{part}\" não é nacional, estadual, distrital, municipal nem regional"),
                    ),
                }
            }
        } else if row.number == "5.2" {
            let entries: Vec<(&str, &str)> = r
                .catalogs
                .sources
                .iter()
                .map(|e| (e.id.as_str(), e.name.as_str()))
                .collect();
            for part in split_values(&text, false) {
                if let Some(id) = r.catalog(&entries, &part, "fonte", row) {
                    p.sources.push(SourceId::new(id));
                }
            }
        }
    }
}

pub(super) fn read_purposes(r: &mut Reader<'_>, sheet: &FoundSheet, p: &mut Process) {
    let mut purposes: Vec<Purpose> = Vec::new();
    let mut taken = Vec::new();
    let mut current: Option<Purpose> = None;
    let mut seen: Vec<String> = Vec::new();
    for row in rows(sheet, "6") {
        let text = normalize(cell(row, 0));
        // A row number seen again starts the next purpose.
        if seen.contains(&row.number) {
            purposes.extend(current.take());
            seen.clear();
        }
        seen.push(row.number.clone());
        let purpose = current.get_or_insert_with(|| Purpose {
            id: ItemId::from_name("", "finalidade"),
            description: String::new(),
            legal_basis: None,
            legal_provision: None,
            results_for_subject: None,
            benefits: None,
        });
        if text.is_empty() || is_not_applicable(&text) {
            continue;
        }
        match row.number.as_str() {
            "6.1" => match legal_basis(r.catalogs, &text) {
                Some((id, guessed)) => {
                    if guessed {
                        let name = r.catalogs.legal_bases.name_of(&id).to_owned();
                        r.note(NoteKind::Guess, row, format!("base legal \"{text}\" lida como \"{name}\" ({id})"));
                    }
                    purpose.legal_basis = Some(LegalBasisId::new(id));
                }
                None => r.note(
                    NoteKind::NotUnderstood,
                    row,
                    format!("base legal \"{text}\" não corresponde a nenhuma hipótese da LGPD art. 7º, 11 ou 14"),
                ),
            },
            "6.2" => purpose.description = text,
            "6.3" => purpose.legal_provision = Some(text),
            "6.4" => purpose.results_for_subject = Some(text),
            "6.5" => purpose.benefits = Some(text),
            _ => r.note(NoteKind::NotUnderstood, row, format!("linha {} {} não existe no modelo", row.number, row.label)),
        }
    }
    purposes.extend(current);
    for mut purpose in purposes {
        if purpose.description.is_empty()
            && purpose.legal_basis.is_none()
            && purpose.legal_provision.is_none()
        {
            continue;
        }
        purpose.id = unique_id(&purpose.description, &mut taken, "finalidade");
        p.purposes.push(purpose);
    }
}

pub(super) fn read_fields(r: &mut Reader<'_>, sheet: &FoundSheet, p: &mut Process) {
    let mut taken = Vec::new();
    let mut retentions: Vec<Option<Retention>> = Vec::new();
    let category_rows = sheet
        .sections
        .iter()
        .filter(|s| s.number.starts_with('7') || s.number == "8")
        .flat_map(|s| s.rows.iter());
    for row in category_rows {
        let description = cell(row, 0);
        if blank(description) || is_not_applicable(description) {
            continue;
        }
        let category = match r.catalogs.categories.get(&row.number) {
            Some(c) => c.id.clone(),
            None => {
                let entries: Vec<(&str, &str)> = r
                    .catalogs
                    .categories
                    .iter()
                    .map(|c| (c.id.as_str(), c.name.as_str()))
                    .collect();
                match r.catalog(&entries, &row.label, "categoria", row) {
                    Some(id) => id,
                    None => continue,
                }
            }
        };
        let kinds: Vec<(&str, &str)> = r
            .catalogs
            .field_kinds
            .iter()
            .filter(|k| k.category == category)
            .map(|k| (k.id.as_str(), k.name.as_str()))
            .collect();
        let all_kinds: Vec<(&str, &str)> = r
            .catalogs
            .field_kinds
            .iter()
            .map(|k| (k.id.as_str(), k.name.as_str()))
            .collect();
        let rowing_note =
            |r: &mut Reader<'_>, kind: NoteKind, text: String| r.note(kind, row, text);
        let texts = split_values(description, false);
        let count = texts.len();
        // One value for the whole row, or one line per field (see `per_field`).
        let per_line = |n: usize| -> Vec<String> {
            let lines: Vec<String> = cell(row, n).lines().map(|l| l.trim().to_owned()).collect();
            match lines.len() {
                l if l == count => lines,
                _ => vec![lines.join(" "); count],
            }
        };
        let (times, sources, systems) = (per_line(1), per_line(2), per_line(3));
        if cell(row, 1).lines().count() > 1 && cell(row, 1).lines().count() != count {
            rowing_note(
                r,
                NoteKind::Guess,
                "os prazos não são um por dado: o texto todo vale para cada um".to_owned(),
            );
        }
        let mut row_retentions = Vec::new();
        for (time, source) in times.iter().zip(&sources) {
            let mut notes = Vec::new();
            let time = if is_not_applicable(time) {
                ""
            } else {
                time.as_str()
            };
            let source = if is_not_applicable(source) {
                ""
            } else {
                source.as_str()
            };
            row_retentions.push(retention(r.catalogs, time, source, &mut |k, t| {
                notes.push((k, t))
            }));
            for (k, t) in notes {
                if !r.notes.iter().any(|n| n.line == row.line && n.text == t) {
                    rowing_note(r, k, t);
                }
            }
        }
        for (n, text) in texts.into_iter().enumerate() {
            let (name, own) = match text.split_once(" — ") {
                Some((name, own)) => (name.trim().to_owned(), Some(own.trim().to_owned())),
                None => (text.clone(), None),
            };
            let exact = all_kinds
                .iter()
                .find(|(_, k)| words(k) == words(&name))
                .map(|(id, _)| id.to_string());
            let (kind, description) = match exact {
                Some(id) => (id, own),
                None => match closest_by(&kinds, &name, false) {
                    Some((id, kind_name, _)) => {
                        rowing_note(
                            r,
                            NoteKind::Guess,
                            format!(
                                "dado \"{name}\" lido como \"{kind_name}\" ({id}); o texto ficou na descrição"
                            ),
                        );
                        (id.to_owned(), Some(text.clone()))
                    }
                    None => {
                        let id = slug(&name, 64);
                        rowing_note(
                            r,
                            NoteKind::NotUnderstood,
                            format!(
                                "dado \"{name}\" não está no catálogo de campos: ficou como \"{id}\", com o texto na descrição; acrescente-o em catalogos/campos.ron (`inventario check` aponta)"
                            ),
                        );
                        (id, Some(text.clone()))
                    }
                },
            };
            let mut field = DataField::new(
                unique_id(&kind, &mut taken, "campo"),
                FieldKindId::new(kind.clone()),
            );
            field.description = description;
            if r.catalogs
                .field_kinds
                .get(&kind)
                .is_some_and(|k| k.category != category)
            {
                field.category = Some(crate::model::CategoryId::new(category.clone()));
            }
            field.system = systems
                .get(n)
                .filter(|s| !s.is_empty() && !is_not_applicable(s))
                .cloned();
            p.fields.push(field);
            retentions.push(row_retentions.get(n).cloned().flatten());
        }
    }
    // One retention for every field is the process's (the usual case).
    let first = retentions.first().cloned().flatten();
    if first.is_some() && retentions.iter().all(|x| *x == first) {
        p.retention = first;
    } else {
        for (field, r) in p.fields.iter_mut().zip(retentions) {
            field.retention = r;
        }
    }
}

pub(super) fn read_subjects(r: &mut Reader<'_>, sheet: &FoundSheet, p: &mut Process) {
    let groups: Vec<(&str, &str)> = r
        .catalogs
        .subject_groups
        .iter()
        .map(|g| (g.id.as_str(), g.name.as_str()))
        .collect();
    for row in rows(sheet, "10") {
        let label = words(&row.label);
        let value = cell(row, 0);
        // 10.4 names children too ("Além de crianças…"): it goes first.
        if label.contains("vulneravel") {
            p.other_vulnerable = answer(value);
            // "No other vulnerable group" answers for the elderly too; a yes
            // does not say which group, so the elderly stay unanswered.
            if p.other_vulnerable == Some(Answer::No) {
                p.elderly = Some(Answer::No);
            }
            if p.other_vulnerable.is_none() && !blank(value) {
                r.note(
                    NoteKind::NotUnderstood,
                    row,
                    format!("\"{}\" não é Sim nem Não", normalize(value)),
                );
            }
            continue;
        }
        // The template asks children and adolescents together: the joint
        // answer keeps what it says without guessing which group.
        if label.contains("criancas") {
            p.children_or_adolescents = answer(value);
            if p.children_or_adolescents.is_none() && !blank(value) {
                r.note(
                    NoteKind::NotUnderstood,
                    row,
                    format!("\"{}\" não é Sim nem Não", normalize(value)),
                );
            }
            continue;
        }
        if blank(value) || is_not_applicable(value) {
            continue;
        }
        if let Some(id) = r.catalog(&groups, value, "grupo de titulares", row) {
            p.subjects.push(SubjectGroup {
                group: SubjectGroupId::new(id),
                description: Some(normalize(cell(row, 1))).filter(|d| !d.is_empty()),
            });
        }
    }
}

/// The ids of the process's fields named in a cell ("Nome completo, CPF").
fn field_refs(r: &mut Reader<'_>, p: &Process, text: &str, row: &FoundRow) -> Vec<ItemId> {
    let find = |r: &Reader<'_>, part: &str| {
        p.fields
            .iter()
            .find(|f| {
                let kind = r
                    .catalogs
                    .field_kinds
                    .get(f.kind.as_str())
                    .map(|k| k.name.as_str());
                kind.is_some_and(|k| words(k) == words(part))
                    || words(f.kind.as_str()) == words(part)
                    || f.description
                        .as_deref()
                        .is_some_and(|d| words(d) == words(part))
            })
            .map(|f| f.id.clone())
    };
    let mut out = Vec::new();
    for line in split_values(text, false) {
        if let Some(id) = find(r, &line) {
            out.push(id);
            continue;
        }
        // Names joined by commas; a name may hold a comma itself, so a part
        // that matches nothing is joined with the next one.
        let mut pending = String::new();
        for part in line.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            pending = if pending.is_empty() {
                part.to_owned()
            } else {
                format!("{pending}, {part}")
            };
            if let Some(id) = find(r, &pending) {
                out.push(id);
                pending.clear();
            }
        }
        if !pending.is_empty() {
            r.note(
                NoteKind::NotUnderstood,
                row,
                format!("dado \"{pending}\" não está entre os dados da seção 7/8"),
            );
        }
    }
    out
}

pub(super) fn read_sharing(r: &mut Reader<'_>, sheet: &FoundSheet, p: &mut Process) {
    let mut items = Vec::new();
    let mut not_applicable = false;
    let mut taken = Vec::new();
    for row in rows(sheet, "11") {
        let data = cell(row, 0);
        if is_not_applicable(data) {
            not_applicable = true;
            continue;
        }
        if blank(data) && blank(cell(row, 1)) {
            continue;
        }
        let recipient = if placeholder(&row.label, "nome da instituicao") {
            r.note(
                NoteKind::NotUnderstood,
                row,
                "o destinatário não foi nomeado (a linha manteve o nome do modelo)".to_owned(),
            );
            row.label.clone()
        } else {
            row.label.clone()
        };
        let fields = field_refs(r, p, data, row);
        let private = {
            let w = words(&recipient);
            ["ltda", "s a", "eireli", "me", "empresa", "banco"]
                .iter()
                .any(|m| w.split(' ').any(|t| t == *m) || w.contains(&format!("{m} ")))
        };
        let kind = if private {
            RecipientKind::Private
        } else {
            RecipientKind::Public
        };
        r.note(
            NoteKind::Guess,
            row,
            format!("natureza de \"{recipient}\" presumida {} (o modelo SGD não a registra; LGPD art. 26–27)", kind.label()),
        );
        items.push(Sharing {
            id: unique_id(&recipient, &mut taken, "compartilhamento"),
            recipient,
            kind,
            fields,
            purpose: Some(normalize(cell(row, 1))).filter(|v| !v.is_empty()),
            process_purpose: None,
            instrument: None,
            private_exception: None,
            level: None,
            reported_to_anpd: None,
        });
    }
    p.sharing = if !items.is_empty() {
        Section::Items(items)
    } else if not_applicable {
        Section::NotApplicable
    } else {
        Section::NotFilled
    };
}

pub(super) fn read_measures(r: &mut Reader<'_>, sheet: &FoundSheet, p: &mut Process) {
    let types: Vec<(&str, &str)> = r
        .catalogs
        .measure_types
        .iter()
        .map(|m| (m.id.as_str(), m.name.as_str()))
        .collect();
    for row in rows(sheet, "12") {
        let kind = cell(row, 0);
        let controls = normalize(cell(row, 1));
        if (blank(kind) || is_not_applicable(kind)) && controls.is_empty() {
            continue;
        }
        if let Some(id) = r.catalog(&types, kind, "tipo de medida", row) {
            p.security_measures.push(SecurityMeasure {
                kind: MeasureTypeId::new(id),
                controls,
            });
        }
    }
}

pub(super) fn read_transfers(r: &mut Reader<'_>, sheet: &FoundSheet, p: &mut Process) {
    let safeguards: Vec<(&str, &str)> = r
        .catalogs
        .safeguards
        .iter()
        .map(|s| (s.id.as_str(), s.name.as_str()))
        .collect();
    let mut items = Vec::new();
    let mut not_applicable = false;
    let mut taken = Vec::new();
    for row in rows(sheet, "13") {
        let country = cell(row, 0);
        if is_not_applicable(country) {
            not_applicable = true;
            continue;
        }
        if blank(country) {
            continue;
        }
        let fields = field_refs(r, p, cell(row, 1), row);
        let safeguard = match cell(row, 2) {
            s if blank(s) => None,
            s => r
                .catalog(&safeguards, s, "garantia", row)
                .map(SafeguardId::new),
        };
        items.push(Transfer {
            id: unique_id(&row.label, &mut taken, "transferencia"),
            organization: row.label.clone(),
            country: normalize(country),
            fields,
            safeguard,
            mode: None,
        });
    }
    p.transfers = if !items.is_empty() {
        Section::Items(items)
    } else if not_applicable {
        Section::NotApplicable
    } else {
        Section::NotFilled
    };
}

pub(super) fn read_contracts(sheet: &FoundSheet, p: &mut Process) {
    let mut items = Vec::new();
    let mut not_applicable = false;
    let mut taken = Vec::new();
    for row in rows(sheet, "14") {
        let procurement = cell(row, 0);
        if is_not_applicable(procurement) {
            not_applicable = true;
            continue;
        }
        if row.cells.iter().all(|c| blank(c)) {
            continue;
        }
        let opt = |n: usize| Some(normalize(cell(row, n))).filter(|v| !v.is_empty());
        items.push(ItContract {
            id: unique_id(&row.label, &mut taken, "contrato"),
            number: row.label.clone(),
            procurement: opt(0),
            object: opt(1),
            manager_email: opt(2),
        });
    }
    p.it_contracts = if !items.is_empty() {
        Section::Items(items)
    } else if not_applicable {
        Section::NotApplicable
    } else {
        Section::NotFilled
    };
}
