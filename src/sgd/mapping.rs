//! From a filled SGD template tab (`read::FoundSheet`) to a process: each text
//! mapped to the catalogs (legal bases written as "Art. 7º, III" or as the
//! statutory text of the inciso, categories and groups named in words, "Não se
//! aplica" / "N/A" / "-", free-text retention). Every mapping that was a guess
//! and every cell that was not understood becomes a `Note`; nothing is dropped
//! silently, and what the model can keep as text is kept. Pure.

use chrono::NaiveDate;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::read::{FoundRow, FoundSection, FoundSheet, normalize};
use crate::catalog::Catalogs;
use crate::model::{
    Answer, DataField, FieldKindId, ItContract, ItemId, LegalBasisId, MeasureTypeId, Operator,
    Period, Phase, Process, ProcessId, Purpose, Reach, RecipientKind, Retention, SafeguardId,
    Section, SecurityMeasure, Sharing, SourceId, SubjectGroup, SubjectGroupId, Transfer, TtddCode,
};
use crate::text::{slug, words};

/// How sure the import is of one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteKind {
    /// Mapped to a catalog entry by resemblance: check it.
    Guess,
    /// Not understood: kept as text where the model allows, else left out.
    NotUnderstood,
    /// A row that is neither a section nor an item (instructions, notes).
    Ignored,
}

impl NoteKind {
    pub fn label(self) -> &'static str {
        match self {
            NoteKind::Guess => "palpite",
            NoteKind::NotUnderstood => "não entendido",
            NoteKind::Ignored => "ignorado",
        }
    }
}

/// One line of the import report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub kind: NoteKind,
    /// The row's number in the sheet (1-based; 0 when not tied to a row).
    pub line: usize,
    /// The template row (`"6.1"`), empty for ignored rows.
    pub row: String,
    pub text: String,
}

/// A process read from one tab, with its report.
#[derive(Debug, Clone)]
pub struct Imported {
    pub sheet: String,
    pub process: Process,
    pub notes: Vec<Note>,
}

/// Why a tab could not become a process.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    #[error("aba \"{0}\": sem nome do processo (linha 1.1 vazia)")]
    NoName(String),
    #[error(
        "aba \"{sheet}\": não foi possível fazer um id com \"{text}\"; preencha 1.2 - Nº Referência / ID"
    )]
    NoId { sheet: String, text: String },
}

/// "Não se aplica", "Não se Aplica", "N/A", "NA", "-", "—".
pub fn is_not_applicable(text: &str) -> bool {
    let w = words(text);
    matches!(w.as_str(), "nao se aplica" | "n a" | "na" | "nao aplicavel")
        || matches!(text.trim(), "-" | "—" | "–")
        || w.starts_with("nao ha contrato")
}

fn blank(text: &str) -> bool {
    text.trim().is_empty()
}

/// A catalog entry named like `text`: exactly (folded), or the closest by
/// resemblance (a guess). `(id, name)` pairs in.
fn closest<'a>(entries: &[(&'a str, &'a str)], text: &str) -> Option<(&'a str, &'a str, bool)> {
    closest_by(entries, text, true)
}

/// Whether every word of `part` is among the words of `whole`.
fn words_within(part: &str, whole: &str) -> bool {
    let whole: Vec<&str> = whole.split(' ').collect();
    part.split(' ').all(|w| whole.contains(&w))
}

/// `closest` without the fuzzy step (exact names, or one name's words all
/// within the other's): for data fields, where a loose match would record the
/// wrong datum.
fn closest_by<'a>(
    entries: &[(&'a str, &'a str)],
    text: &str,
    fuzzy: bool,
) -> Option<(&'a str, &'a str, bool)> {
    let wanted = words(text);
    if wanted.is_empty() {
        return None;
    }
    if let Some((id, name)) = entries
        .iter()
        .find(|(id, name)| words(name) == wanted || words(id) == wanted)
    {
        return Some((id, name, false));
    }
    if let Some((id, name)) = entries.iter().find(|(_, name)| {
        let name = words(name);
        words_within(&wanted, &name) || words_within(&name, &wanted)
    }) {
        return Some((id, name, true));
    }
    if !fuzzy {
        return None;
    }
    let matcher = SkimMatcherV2::default();
    entries
        .iter()
        .filter_map(|(id, name)| {
            matcher
                .fuzzy_match(&words(name), &wanted)
                .map(|score| (score, *id, *name))
        })
        .max_by_key(|(score, _, _)| *score)
        .filter(|(score, _, _)| *score >= 40)
        .map(|(_, id, name)| (id, name, true))
}

const ROMAN: &[&str] = &["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"];

/// The legal basis a cell names: "Art. 7º, III", "art. 11, II, a", "Art. 14 §1º",
/// or the statutory text "II - para o cumprimento de obrigação legal…" (a
/// guess), or a catalog name. `(id, guessed)`.
pub fn legal_basis(catalogs: &Catalogs, text: &str) -> Option<(String, bool)> {
    let w = words(text);
    let tokens: Vec<&str> = w.split(' ').collect();
    let exists = |id: &str| catalogs.legal_bases.get(id).is_some();
    let article = tokens
        .windows(2)
        .find(|p| p[0].starts_with("art"))
        .map(|p| p[1])
        .or_else(|| {
            tokens
                .first()
                .and_then(|t| t.strip_prefix("art"))
                .filter(|n| !n.is_empty())
        });
    let inciso = tokens.iter().find(|t| ROMAN.contains(t)).copied();
    match (article, inciso) {
        (Some("14"), _) => {
            let after = tokens
                .iter()
                .skip_while(|t| **t != "14")
                .nth(1)
                .copied()
                .unwrap_or_default();
            let id = if after == "3" || w.contains("contatar") {
                "art14-contato-responsavel"
            } else if after == "1"
                || (w.contains("consentimento")
                    && (w.contains("pais") || w.contains("responsavel")))
            {
                "art14-consentimento-responsavel"
            } else {
                "art14-melhor-interesse"
            };
            return exists(id).then(|| (id.to_owned(), false));
        }
        (Some(article @ ("7" | "11")), Some(roman)) => {
            let letter = tokens
                .iter()
                .skip_while(|t| **t != roman)
                .nth(1)
                .filter(|t| t.len() == 1 && ('a'..='g').contains(&t.chars().next().unwrap_or(' ')));
            let id = match letter {
                Some(letter) if article == "11" => format!("art11-{roman}-{letter}"),
                _ => format!("art{article}-{roman}"),
            };
            if exists(&id) {
                return Some((id, false));
            }
        }
        _ => {}
    }
    // The statutory text of an inciso: "II - para o cumprimento…".
    if let Some(first) = tokens.first().filter(|t| ROMAN.contains(t))
        && text
            .trim_start()
            .to_lowercase()
            .starts_with(&format!("{first} "))
            | text.contains(" - ")
            | text.contains(" – ")
    {
        let sensitive = w.contains("sensive") || w.contains("sem consentimento");
        let id = if sensitive {
            format!("art11-{first}")
        } else {
            format!("art7-{first}")
        };
        if exists(&id) {
            return Some((id, true));
        }
    }
    let entries: Vec<(&str, &str)> = catalogs
        .legal_bases
        .iter()
        .map(|b| (b.id.as_str(), b.name.as_str()))
        .collect();
    closest(&entries, text).map(|(id, _, _)| (id.to_owned(), true))
}

/// A date as people write it in a cell: `31/12/2024`, `2024-12-31`, `31-12-2024`.
pub fn date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(text, f).ok())
}

/// A period as the export writes it ("5 anos", "1 ano") or an event.
fn period(text: &str) -> Period {
    let t = text.trim();
    let w = words(t);
    let mut parts = w.split(' ');
    if let (Some(n), Some(unit), None) = (parts.next(), parts.next(), parts.next())
        && (unit == "anos" || unit == "ano")
        && let Ok(n) = n.parse()
    {
        return Period::Years(n);
    }
    Period::Event(t.to_owned())
}

/// The TTDD code in a cell ("TTDD 023.1 (Portaria AN nº 47/2020)", "023.1").
fn ttdd_code(catalogs: &Catalogs, text: &str) -> Option<String> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .map(|t| t.trim_matches('.'))
        .filter(|t| t.len() >= 3 && t.contains(|c: char| c.is_ascii_digit()))
        .find(|t| catalogs.ttdd.get(t).is_some())
        .map(str::to_owned)
}

/// Retention from section 7's "Tempo Retenção" and "Fonte Retenção". `None`
/// with nothing written; the notes say what was guessed.
fn retention(
    catalogs: &Catalogs,
    time: &str,
    source: &str,
    note: &mut dyn FnMut(NoteKind, String),
) -> Option<Retention> {
    if blank(time) && blank(source) {
        return None;
    }
    let code = ttdd_code(catalogs, source).or_else(|| ttdd_code(catalogs, time));
    if !blank(source) && code.is_none() {
        note(
            NoteKind::NotUnderstood,
            format!(
                "\"{}\" não tem um código da TTDD conhecido",
                normalize(source)
            ),
        );
    }
    let mut r = Retention {
        ttdd: code.clone().map(TtddCode::new),
        ..Retention::default()
    };
    let time = normalize(time);
    let (phases, destination) = match time.split_once("; depois, ") {
        Some((phases, destination)) => (phases.to_owned(), Some(destination.to_owned())),
        None => (time.clone(), None),
    };
    let mut understood = !phases.is_empty();
    for part in phases.split(", ").filter(|p| !p.is_empty()) {
        if let Some(p) = part.strip_suffix(" na fase corrente") {
            r.current_phase = Some(period(p));
        } else if let Some(p) = part.strip_suffix(" na fase intermediária") {
            r.intermediate_phase = Some(period(p));
        } else if let Some(total) = part
            .strip_prefix("no máximo ")
            .and_then(|p| p.strip_suffix(" anos no total"))
            .and_then(|n| n.parse().ok())
        {
            r.total_years = Some(total);
        } else if part != "prazo não informado" {
            understood = false;
        }
    }
    if let Some(d) = destination {
        match crate::model::FinalDestination::ALL
            .iter()
            .find(|x| words(x.label()) == words(&d))
        {
            Some(x) => r.destination = Some(*x),
            None => understood = false,
        }
    }
    if !understood {
        r.current_phase = None;
        r.intermediate_phase = None;
        r.total_years = None;
        r.destination = None;
        let entry = code.as_deref().and_then(|c| catalogs.ttdd.get(c));
        if let Some(entry) = entry {
            r.current_phase = entry.current_phase.clone();
            r.intermediate_phase = entry.intermediate_phase.clone();
            r.destination = entry.destination;
            r.total_years = entry.total_years;
            note(
                NoteKind::Guess,
                format!(
                    "prazo \"{time}\" lido pela tabela: os prazos do código {} da TTDD; o texto ficou na justificativa",
                    entry.code
                ),
            );
        } else if !time.is_empty() {
            note(
                NoteKind::NotUnderstood,
                format!("prazo \"{time}\" sem código da TTDD: ficou só como justificativa"),
            );
        }
        if !time.is_empty() {
            r.justification = Some(time);
        }
    }
    Some(r)
}

/// Several values in one cell: one per line, or separated by `;` (or `,` when
/// `commas`).
fn split_values(text: &str, commas: bool) -> Vec<String> {
    let lines: Vec<&str> = text.lines().filter(|l| !blank(l)).collect();
    let parts: Vec<String> = if lines.len() > 1 {
        lines.iter().map(|l| l.trim().to_owned()).collect()
    } else {
        text.split(|c| c == ';' || (commas && c == ','))
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty())
            .collect()
    };
    parts
}

fn answer(text: &str) -> Option<Answer> {
    match words(text).as_str() {
        "sim" | "s" | "x" | "yes" => Some(Answer::Yes),
        "nao" | "n" | "no" => Some(Answer::No),
        _ => None,
    }
}

fn unique_id(base: &str, taken: &mut Vec<String>, fallback: &'static str) -> ItemId {
    let base = ItemId::from_name(&slug(base, 48), fallback)
        .as_str()
        .to_owned();
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    taken.push(id.clone());
    ItemId::from_name(&id, fallback)
}

/// The state while one tab is read.
struct Reader<'a> {
    catalogs: &'a Catalogs,
    notes: Vec<Note>,
}

impl Reader<'_> {
    fn note(&mut self, kind: NoteKind, row: &FoundRow, text: String) {
        self.notes.push(Note {
            kind,
            line: row.line,
            row: row.number.clone(),
            text,
        });
    }

    /// A catalog id for `text`, noting a guess or a miss.
    fn catalog(
        &mut self,
        entries: &[(&str, &str)],
        text: &str,
        what: &str,
        row: &FoundRow,
    ) -> Option<String> {
        match closest(entries, text) {
            Some((id, name, guessed)) => {
                if guessed {
                    self.note(
                        NoteKind::Guess,
                        row,
                        format!("{what} \"{}\" lido como \"{name}\" ({id})", normalize(text)),
                    );
                }
                Some(id.to_owned())
            }
            None => {
                self.note(
                    NoteKind::NotUnderstood,
                    row,
                    format!("{what} \"{}\" não está no catálogo", normalize(text)),
                );
                None
            }
        }
    }
}

fn section<'s>(sheet: &'s FoundSheet, number: &str) -> Option<&'s FoundSection> {
    sheet.sections.iter().find(|s| s.number == number)
}

fn rows<'s>(sheet: &'s FoundSheet, number: &str) -> impl Iterator<Item = &'s FoundRow> {
    sheet
        .sections
        .iter()
        .filter(move |s| s.number == number)
        .flat_map(|s| s.rows.iter())
}

fn cell(row: &FoundRow, n: usize) -> &str {
    row.cells.get(n).map_or("", String::as_str)
}

/// Whether a row label is the template's placeholder ("Nome da Instituição 1").
fn placeholder(label: &str, words_of: &str) -> bool {
    words(label).starts_with(words_of)
}

/// The process a template tab describes.
pub fn process_of(
    sheet: &FoundSheet,
    catalogs: &Catalogs,
    today: NaiveDate,
) -> Result<Imported, SheetError> {
    let mut r = Reader {
        catalogs,
        notes: sheet
            .ignored
            .iter()
            .map(|(line, text)| Note {
                kind: NoteKind::Ignored,
                line: *line,
                row: String::new(),
                text: format!("\"{text}\""),
            })
            .collect(),
    };
    let one = section(sheet, "1");
    let value = |s: Option<&FoundSection>, n: &str| {
        s.and_then(|s| s.value(n))
            .map(normalize)
            .filter(|v| !v.is_empty())
    };
    let name = value(one, "1.1").ok_or_else(|| SheetError::NoName(sheet.name.clone()))?;
    let id_text = value(one, "1.2").unwrap_or_else(|| name.clone());
    let id = ProcessId::parse(&slug(&id_text, 64)).map_err(|_| SheetError::NoId {
        sheet: sheet.name.clone(),
        text: id_text.clone(),
    })?;
    let mut p = Process::new(id, name, today);
    for (number, slot) in [("1.3", 0), ("1.4", 1)] {
        if let Some(text) = value(one, number) {
            match date(&text) {
                Some(d) if slot == 0 => p.created = d,
                Some(d) => p.updated = d,
                None => {
                    if let Some(row) = one.and_then(|s| s.rows.iter().find(|r| r.number == number))
                    {
                        r.note(
                            NoteKind::NotUnderstood,
                            row,
                            format!(
                                "\"{text}\" não é uma data (use DD/MM/AAAA); ficou a data de hoje"
                            ),
                        );
                    }
                }
            }
        }
    }

    read_operators(&mut r, sheet, &mut p);
    p.data_flow = value(section(sheet, "4"), "4.1");
    read_scope(&mut r, sheet, &mut p);
    read_purposes(&mut r, sheet, &mut p);
    read_fields(&mut r, sheet, &mut p);
    let nine = section(sheet, "9");
    p.frequency = value(nine, "9.1");
    if let Some(text) = value(nine, "9.2") {
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        match digits.parse::<u64>() {
            Ok(n) => {
                if digits != text.trim()
                    && let Some(row) = nine.and_then(|s| s.rows.iter().find(|r| r.number == "9.2"))
                {
                    r.note(
                        NoteKind::Guess,
                        row,
                        format!("quantidade \"{text}\" lida como {n}"),
                    );
                }
                p.subject_count = Some(n);
            }
            Err(_) => {
                if let Some(row) = nine.and_then(|s| s.rows.iter().find(|r| r.number == "9.2")) {
                    r.note(
                        NoteKind::NotUnderstood,
                        row,
                        format!("quantidade \"{text}\" não é um número"),
                    );
                }
            }
        }
    }
    read_subjects(&mut r, sheet, &mut p);
    read_sharing(&mut r, sheet, &mut p);
    read_measures(&mut r, sheet, &mut p);
    read_transfers(&mut r, sheet, &mut p);
    read_contracts(sheet, &mut p);
    Ok(Imported {
        sheet: sheet.name.clone(),
        process: p,
        notes: r.notes,
    })
}

fn read_operators(r: &mut Reader<'_>, sheet: &FoundSheet, p: &mut Process) {
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

fn read_scope(r: &mut Reader<'_>, sheet: &FoundSheet, p: &mut Process) {
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

fn read_purposes(r: &mut Reader<'_>, sheet: &FoundSheet, p: &mut Process) {
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

fn read_fields(r: &mut Reader<'_>, sheet: &FoundSheet, p: &mut Process) {
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

fn read_subjects(r: &mut Reader<'_>, sheet: &FoundSheet, p: &mut Process) {
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
            if p.other_vulnerable.is_none() && !blank(value) {
                r.note(
                    NoteKind::NotUnderstood,
                    row,
                    format!("\"{}\" não é Sim nem Não", normalize(value)),
                );
            }
            continue;
        }
        if label.contains("criancas") {
            p.children = answer(value);
            if p.children.is_none() && !blank(value) {
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

fn read_sharing(r: &mut Reader<'_>, sheet: &FoundSheet, p: &mut Process) {
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

fn read_measures(r: &mut Reader<'_>, sheet: &FoundSheet, p: &mut Process) {
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

fn read_transfers(r: &mut Reader<'_>, sheet: &FoundSheet, p: &mut Process) {
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

fn read_contracts(sheet: &FoundSheet, p: &mut Process) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogs() -> Catalogs {
        Catalogs::embedded().unwrap_or_default()
    }

    #[test]
    fn legal_bases_are_read_as_people_write_them() {
        let c = catalogs();
        let basis = |t: &str| legal_basis(&c, t);
        assert_eq!(basis("Art. 7º, III"), Some(("art7-iii".into(), false)));
        assert_eq!(basis("art 7, inciso II"), Some(("art7-ii".into(), false)));
        assert_eq!(basis("Art. 11, II, a"), Some(("art11-ii-a".into(), false)));
        assert_eq!(
            basis("Art. 14 § 1º"),
            Some(("art14-consentimento-responsavel".into(), false))
        );
        assert_eq!(
            basis("II - para o cumprimento de obrigação legal ou regulatória pelo controlador"),
            Some(("art7-ii".into(), true))
        );
        assert_eq!(
            basis(
                "Execução de políticas públicas pela administração pública (LGPD art. 7º, III; LGPD art. 23)"
            ),
            Some(("art7-iii".into(), false))
        );
        assert_eq!(basis("???"), None);
    }

    #[test]
    fn does_not_apply_in_its_spellings() {
        for t in ["Não se Aplica", "não se aplica", "N/A", "-", "NA"] {
            assert!(is_not_applicable(t), "{t}");
        }
        assert!(!is_not_applicable("Nacional"));
    }

    #[test]
    fn retention_written_by_the_export_reads_back() {
        let c = catalogs();
        let mut notes = Vec::new();
        let r = retention(
            &c,
            "5 anos na fase corrente, 95 anos na fase intermediária; depois, eliminação",
            "",
            &mut |k, t| notes.push((k, t)),
        )
        .unwrap_or_default();
        assert_eq!(r.current_phase, Some(Period::Years(5)));
        assert_eq!(r.intermediate_phase, Some(Period::Years(95)));
        assert!(r.destination.is_some());
        assert!(notes.is_empty());
    }
}
