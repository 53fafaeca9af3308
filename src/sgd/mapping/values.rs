//! One cell at a time: "does not apply" in its spellings, a catalog entry by
//! name (exact, by words, or by resemblance), a legal basis as people write it,
//! dates, periods, TTDD codes, free-text retention, lists in a cell.

use chrono::NaiveDate;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::super::read::normalize;
use super::NoteKind;
use crate::catalog::Catalogs;
use crate::model::{Answer, ItemId, Period, Retention, TtddCode};
use crate::text::{slug, words};

/// "Não se aplica", "Não se Aplica", "N/A", "NA", "-", "—".
pub fn is_not_applicable(text: &str) -> bool {
    let w = words(text);
    matches!(w.as_str(), "nao se aplica" | "n a" | "na" | "nao aplicavel")
        || matches!(text.trim(), "-" | "—" | "–")
        || w.starts_with("nao ha contrato")
}

pub(super) fn blank(text: &str) -> bool {
    text.trim().is_empty()
}

/// A catalog entry named like `text`: exactly (folded), or the closest by
/// resemblance (a guess). `(id, name)` pairs in.
pub(super) fn closest<'a>(
    entries: &[(&'a str, &'a str)],
    text: &str,
) -> Option<(&'a str, &'a str, bool)> {
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
pub(super) fn closest_by<'a>(
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
pub(super) fn period(text: &str) -> Period {
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
pub(super) fn ttdd_code(catalogs: &Catalogs, text: &str) -> Option<String> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .map(|t| t.trim_matches('.'))
        .filter(|t| t.len() >= 3 && t.contains(|c: char| c.is_ascii_digit()))
        .find(|t| catalogs.ttdd.get(t).is_some())
        .map(str::to_owned)
}

/// Retention from section 7's "Tempo Retenção" and "Fonte Retenção". `None`
/// with nothing written; the notes say what was guessed.
pub(super) fn retention(
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
pub(super) fn split_values(text: &str, commas: bool) -> Vec<String> {
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

pub(super) fn answer(text: &str) -> Option<Answer> {
    match words(text).as_str() {
        "sim" | "s" | "x" | "yes" => Some(Answer::Yes),
        "nao" | "n" | "no" => Some(Answer::No),
        _ => None,
    }
}

pub(super) fn unique_id(base: &str, taken: &mut Vec<String>, fallback: &'static str) -> ItemId {
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
