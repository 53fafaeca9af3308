//! Keys as data: each screen's bindings drive the key handling, the footer line
//! and the help screen, so the three never disagree. Only plain keys, Ctrl-letter
//! (never Ctrl-H/I/J/M) and named keys: no Alt, no keyboard-protocol extensions.
//! Esc only goes back or cancels, never saves or deletes.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    Open,
    Back,
    Quit,
    Help,
    Palette,
    Filter,
    Sort,
    BadgeFilter,
    New,
    Duplicate,
    Archive,
    ShowArchived,
    Committee,
    Calendar,
    Institution,
    /// Opens the RIPD covering the selected process, or starts one.
    Ripd,
    NextSection,
    PrevSection,
    Add,
    Remove,
    MoveUp,
    MoveDown,
    Undo,
    Redo,
    Save,
    History,
    Mark,
    Raw,
    Approve,
    /// Rejects a suggested risk of a RIPD, asking why.
    Reject,
    /// Opens the export screen (public inventory, SGD spreadsheet).
    Export,
    /// Edits the export's destination.
    Destination,
    /// Scrolls a long text (a diff) by a line, a page, or to its ends.
    ScrollUp,
    ScrollDown,
    ScrollTop,
    ScrollBottom,
}

#[derive(Debug, Clone, Copy)]
pub enum Key {
    Char(char),
    Ctrl(char),
    Code(KeyCode),
}

#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [Key],
    /// How the key is written in the footer and help.
    pub label: &'static str,
    pub action: Action,
    pub help: &'static str,
    /// Shown in the bottom line.
    pub footer: bool,
}

const fn b(
    keys: &'static [Key],
    label: &'static str,
    action: Action,
    help: &'static str,
    footer: bool,
) -> Binding {
    Binding {
        keys,
        label,
        action,
        help,
        footer,
    }
}

use Key::{Char, Code, Ctrl};

const MOVE: [Binding; 4] = [
    b(
        &[Code(KeyCode::Up), Char('k')],
        "↑/k",
        Action::Up,
        "sobe",
        false,
    ),
    b(
        &[Code(KeyCode::Down), Char('j')],
        "↓/j",
        Action::Down,
        "desce",
        false,
    ),
    b(
        &[Code(KeyCode::PageUp)],
        "PgUp",
        Action::PageUp,
        "página anterior",
        false,
    ),
    b(
        &[Code(KeyCode::PageDown)],
        "PgDn",
        Action::PageDown,
        "próxima página",
        false,
    ),
];

/// Keys that work on every screen.
pub const GLOBAL: &[Binding] = &[
    b(
        &[Char('?'), Code(KeyCode::F(1))],
        "?",
        Action::Help,
        "ajuda: todas as teclas desta tela",
        true,
    ),
    b(
        &[Ctrl('p'), Char(':')],
        "Ctrl-P",
        Action::Palette,
        "busca em tudo (processos, campos, destinatários, bases, TTDD)",
        true,
    ),
    b(
        &[Char('q')],
        "q",
        Action::Quit,
        "sai (pergunta se houver edição não salva)",
        true,
    ),
];

pub const LIST: &[Binding] = &[
    MOVE[0],
    MOVE[1],
    MOVE[2],
    MOVE[3],
    b(
        &[Code(KeyCode::Enter)],
        "Enter",
        Action::Open,
        "abre o processo",
        true,
    ),
    b(
        &[Char('/')],
        "/",
        Action::Filter,
        "filtra a lista (busca aproximada)",
        true,
    ),
    b(
        &[Char('o')],
        "o",
        Action::Sort,
        "muda a ordem (id, nome, unidade, dono, problemas)",
        false,
    ),
    b(
        &[Char('f')],
        "f",
        Action::BadgeFilter,
        "mostra só: sensíveis, crianças, RIPD faltando, revisão vencida, com erros",
        false,
    ),
    b(&[Char('n')], "n", Action::New, "novo processo", true),
    b(
        &[Char('d')],
        "d",
        Action::Duplicate,
        "duplica o processo selecionado",
        false,
    ),
    b(
        &[Char('x')],
        "x",
        Action::Archive,
        "arquiva ou desarquiva o processo",
        false,
    ),
    b(
        &[Char('A')],
        "A",
        Action::ShowArchived,
        "mostra ou esconde os arquivados",
        false,
    ),
    b(
        &[Char('r')],
        "r",
        Action::Ripd,
        "RIPD do processo: abre, ou cria um preenchido pelo inventário",
        false,
    ),
    b(
        &[Char('i')],
        "i",
        Action::Institution,
        "edita a instituição (controlador, encarregado, política)",
        false,
    ),
    b(
        &[Char('c')],
        "c",
        Action::Committee,
        "comitê: alterações pendentes e aprovação",
        true,
    ),
    b(
        &[Char('p')],
        "p",
        Action::Calendar,
        "calendário de revisões (pendências)",
        false,
    ),
    b(
        &[Char('e')],
        "e",
        Action::Export,
        "exporta: inventário público (HTML, Markdown, JSON, CSV) ou planilha SGD",
        false,
    ),
];

pub const DETAIL: &[Binding] = &[
    MOVE[0],
    MOVE[1],
    b(
        &[Code(KeyCode::Right), Code(KeyCode::Tab)],
        "→/Tab",
        Action::NextSection,
        "próxima seção",
        false,
    ),
    b(
        &[Code(KeyCode::Left), Code(KeyCode::BackTab)],
        "←",
        Action::PrevSection,
        "seção anterior",
        false,
    ),
    b(
        &[Code(KeyCode::Enter)],
        "Enter",
        Action::Open,
        "edita o campo ou abre o item",
        true,
    ),
    b(
        &[Char('a')],
        "a",
        Action::Add,
        "adiciona item à lista",
        false,
    ),
    b(
        &[Code(KeyCode::Delete), Char('-')],
        "Del",
        Action::Remove,
        "remove o item ou limpa o campo",
        false,
    ),
    b(
        &[Char('K')],
        "K",
        Action::MoveUp,
        "move o item para cima",
        false,
    ),
    b(
        &[Char('J')],
        "J",
        Action::MoveDown,
        "move o item para baixo",
        false,
    ),
    b(
        &[Char('R')],
        "R",
        Action::Reject,
        "RIPD: rejeita o risco sugerido selecionado (pede o motivo)",
        false,
    ),
    b(&[Char('u')], "u", Action::Undo, "desfaz", false),
    b(&[Ctrl('r')], "Ctrl-R", Action::Redo, "refaz", false),
    b(
        &[Char('s'), Ctrl('s')],
        "s",
        Action::Save,
        "salva: mostra as diferenças e registra",
        true,
    ),
    b(
        &[Char('h')],
        "h",
        Action::History,
        "histórico do processo",
        false,
    ),
    b(&[Code(KeyCode::Esc)], "Esc", Action::Back, "volta", true),
];

pub const HISTORY: &[Binding] = &[
    b(
        &[Code(KeyCode::Up)],
        "↑",
        Action::Up,
        "versão anterior na lista",
        false,
    ),
    b(
        &[Code(KeyCode::Down)],
        "↓",
        Action::Down,
        "próxima versão na lista",
        false,
    ),
    b(
        &[Char('j'), Code(KeyCode::PageDown)],
        "PgDn",
        Action::ScrollDown,
        "rola a diferença para baixo (j: uma linha; também k, PgUp, Home e End)",
        true,
    ),
    b(
        &[Char('k'), Code(KeyCode::PageUp)],
        "k/PgUp",
        Action::ScrollUp,
        "rola a diferença para cima",
        false,
    ),
    b(
        &[Code(KeyCode::Home)],
        "Home",
        Action::ScrollTop,
        "início da diferença",
        false,
    ),
    b(
        &[Code(KeyCode::End)],
        "End",
        Action::ScrollBottom,
        "fim da diferença",
        false,
    ),
    b(
        &[Code(KeyCode::Enter)],
        "Enter",
        Action::Open,
        "compara a versão com a anterior (ou com a marcada)",
        true,
    ),
    b(
        &[Char(' ')],
        "Espaço",
        Action::Mark,
        "marca uma versão para comparar",
        true,
    ),
    b(
        &[Char('r')],
        "r",
        Action::Raw,
        "alterna diferença por campo / texto RON",
        false,
    ),
    b(&[Code(KeyCode::Esc)], "Esc", Action::Back, "volta", true),
];

pub const REVIEW: &[Binding] = &[
    MOVE[0],
    MOVE[1],
    b(
        &[Char(' ')],
        "Espaço",
        Action::Mark,
        "marca ou desmarca o processo para aprovar",
        true,
    ),
    b(
        &[Char('a')],
        "a",
        Action::Approve,
        "aprova os processos marcados (pede a ata)",
        true,
    ),
    b(
        &[Code(KeyCode::Enter)],
        "Enter",
        Action::Open,
        "abre o processo",
        true,
    ),
    b(&[Code(KeyCode::Esc)], "Esc", Action::Back, "volta", true),
];

pub const CALENDAR: &[Binding] = &[
    MOVE[0],
    MOVE[1],
    b(
        &[Code(KeyCode::Enter)],
        "Enter",
        Action::Open,
        "abre o processo",
        true,
    ),
    b(&[Code(KeyCode::Esc)], "Esc", Action::Back, "volta", true),
];

pub const EXPORT: &[Binding] = &[
    MOVE[0],
    MOVE[1],
    b(
        &[Code(KeyCode::Enter)],
        "Enter",
        Action::Open,
        "exporta para o destino",
        true,
    ),
    b(
        &[Code(KeyCode::Tab)],
        "Tab",
        Action::Destination,
        "muda o destino (Enter ou Esc termina)",
        true,
    ),
    b(&[Code(KeyCode::Esc)], "Esc", Action::Back, "volta", true),
];

fn matches(key: &Key, event: &KeyEvent) -> bool {
    let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
    match (key, event.code) {
        (Char(c), KeyCode::Char(e)) => !ctrl && *c == e,
        (Ctrl(c), KeyCode::Char(e)) => ctrl && c.eq_ignore_ascii_case(&e),
        (Code(code), e) => *code == e && !ctrl,
        _ => false,
    }
}

/// The action a key triggers on a screen (its own bindings first, then global).
pub fn action(bindings: &[Binding], event: &KeyEvent) -> Option<Action> {
    bindings
        .iter()
        .chain(GLOBAL)
        .find(|b| b.keys.iter().any(|k| matches(k, event)))
        .map(|b| b.action)
}

/// The footer: the main keys of a screen.
pub fn footer(bindings: &[Binding]) -> Vec<(&'static str, &'static str)> {
    bindings
        .iter()
        .chain(GLOBAL)
        .filter(|b| b.footer)
        .map(|b| (b.label, short(b.help)))
        .collect()
}

/// The first word of a help text ("abre o processo" → "abre"), or the first two
/// when the first is short.
fn short(help: &str) -> &str {
    let help = help.split([':', '(', ',']).next().unwrap_or(help).trim();
    let mut ends = help.match_indices(' ').map(|(i, _)| i);
    match ends.next() {
        Some(first) if first <= 3 => ends.next().map_or(help, |second| &help[..second]),
        Some(first) => &help[..first],
        None => help,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice_on_a_screen_and_no_forbidden_control_keys() {
        for screen in [LIST, DETAIL, HISTORY, REVIEW, CALENDAR, EXPORT] {
            let all: Vec<String> = screen
                .iter()
                .chain(GLOBAL)
                .flat_map(|b| b.keys.iter().map(|k| format!("{k:?}")))
                .collect();
            let mut unique = all.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), all.len(), "{all:?}");
            assert!(!all.iter().any(|k| {
                ["Ctrl('h')", "Ctrl('i')", "Ctrl('j')", "Ctrl('m')"].contains(&k.as_str())
            }));
        }
    }

    #[test]
    fn ctrl_p_and_colon_open_the_palette() {
        let ctrl_p = KeyEvent::new(KeyCode::Char('p'), KeyModifiers::CONTROL);
        assert_eq!(action(LIST, &ctrl_p), Some(Action::Palette));
        let p = KeyEvent::new(KeyCode::Char('p'), KeyModifiers::NONE);
        assert_eq!(action(LIST, &p), Some(Action::Calendar));
    }
}
