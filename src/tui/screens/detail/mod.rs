//! A process (or the institution) by sections of the SGD template, where every
//! field is edited: texts, dates, catalog picks, lists with add / remove /
//! reorder, with undo. `check` findings appear beside the field they concern, with
//! the article. Saving shows the field-level diff and an editable message. Every
//! change is also written as a draft (with the commit the edit started from and
//! any text still being typed), so a dropped SSH session loses nothing; a draft
//! recovered later is merged field by field with what others saved meanwhile.

mod edit;
mod view;

use crossterm::event::{KeyCode, KeyEvent};
use serde_json::Value;

use super::super::app::{App, Nav, Screen, StatusKind};
use super::super::data::Data;
use super::super::form::{self, Path, Row, Step, finding_matches};
use super::super::keymap::Action;
use super::super::schema::{self, Field, Group, Kind};
use super::super::widgets::{Choice, InputEvent, Picker, PickerEvent};
use super::super::worker::Cmd;
use super::conflict::{ConflictView, Resolution, tree_path};
use super::dialogs::SaveDialog;
use super::editor::{Editor, EditorEvent};
use super::history::HistoryView;
use crate::history::CommitId;
use crate::model::{Institution, Process};
use crate::rules::Finding;
use crate::semantic;
use crate::store::draft::{self as draft_file, Draft, DraftStep, Typing};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Process(String),
    Institution,
}

struct Level {
    title: String,
    path: Path,
    kind: Kind,
    finding_base: String,
    list_key: String,
    /// The row of the level above to return to.
    return_to: usize,
    /// Set when entering created an empty structure or list only to show it:
    /// the tree before and right after. Leaving with nothing typed restores the
    /// tree before, so viewing never changes data.
    placeholder: Option<(Value, Value)>,
}

enum Popup {
    Edit(Editor),
    Save(SaveDialog),
    /// Leaving with unsaved edits; `true` once `d` was pressed (a second `d`
    /// discards).
    ConfirmLeave(bool),
    Section(Picker, Path),
    Draft(Box<DraftOffer>),
    Conflict(Box<ConflictView>),
    Rebase(Box<RebaseOffer>),
}

/// Someone else saved the process being edited: its new version, and the
/// user's edits merged onto it (or the fields that conflict).
pub(super) struct RebaseOffer {
    new: Value,
    base: Option<CommitId>,
    merged: Result<Value, Vec<String>>,
}

/// A draft found when the process was opened, ready to recover.
pub(super) struct DraftOffer {
    /// What recovering gives: the draft merged with what others saved since it
    /// began (or the draft itself, when that merge conflicts).
    tree: Value,
    typing: Option<Typing>,
    /// Who changed the file since the draft began ("Ana em 24/11/2026 19:40").
    changed_by: Vec<String>,
    /// Fields the draft and the others both changed.
    conflicts: Vec<String>,
    /// The base to save against after recovering, when it is not HEAD's.
    base: Option<CommitId>,
    /// `d` was pressed once: a second `d` discards.
    confirm_discard: bool,
}

fn to_draft_steps(path: &[Step]) -> Vec<DraftStep> {
    path.iter()
        .map(|s| match s {
            Step::Key(k) => DraftStep::Key(k.clone()),
            Step::Index(i) => DraftStep::Index(*i),
        })
        .collect()
}

fn from_draft_steps(path: &[DraftStep]) -> Path {
    path.iter()
        .map(|s| match s {
            DraftStep::Key(k) => Step::Key(k.clone()),
            DraftStep::Index(i) => Step::Index(*i),
        })
        .collect()
}

pub struct Detail {
    pub target: Target,
    fields: &'static [Field],
    groups: &'static [Group],
    original: Value,
    pub tree: Value,
    base: Option<CommitId>,
    undo: Vec<Value>,
    redo: Vec<Value>,
    pub group: usize,
    levels: Vec<Level>,
    pub selected: usize,
    popup: Option<Popup>,
    findings: Vec<Finding>,
    is_new: bool,
}

impl Detail {
    fn new(data: &Data, target: Target, tree: Value, group: usize, is_new: bool) -> Detail {
        let (fields, groups) = match target {
            Target::Process(_) => (schema::PROCESS, schema::PROCESS_GROUPS),
            Target::Institution => (schema::INSTITUTION, schema::INSTITUTION_GROUPS),
        };
        let mut detail = Detail {
            target,
            fields,
            groups,
            original: if is_new { Value::Null } else { tree.clone() },
            tree,
            base: data.base,
            undo: Vec::new(),
            redo: Vec::new(),
            group: group.min(groups.len() - 1),
            levels: Vec::new(),
            selected: 0,
            popup: None,
            findings: Vec::new(),
            is_new,
        };
        detail.recheck(data);
        detail
    }

    pub fn for_process(data: &Data, process: &Process, group: usize) -> Detail {
        Detail::new(
            data,
            Target::Process(process.id.to_string()),
            semantic::to_tree(process),
            group,
            false,
        )
    }

    pub fn for_new_process(data: &Data, process: Process) -> Detail {
        Detail::new(
            data,
            Target::Process(process.id.to_string()),
            semantic::to_tree(&process),
            0,
            true,
        )
    }

    pub fn for_institution(data: &Data) -> Detail {
        Detail::new(
            data,
            Target::Institution,
            semantic::to_tree(&data.institution),
            0,
            false,
        )
    }

    /// Shows `process` as an unsaved change of the version in `data`.
    pub fn mark_changed_from(&mut self, data: &Data, process: &Process) {
        if let Some(saved) = data.process(process.id.as_str()) {
            self.original = semantic::to_tree(saved);
        }
    }

    pub fn title(&self) -> String {
        let name = self
            .tree
            .get("nome")
            .and_then(Value::as_str)
            .unwrap_or_default();
        match &self.target {
            Target::Process(id) => format!("{name} ({id})"),
            Target::Institution => "Instituição".to_owned(),
        }
    }

    /// The process id, or `inventario`: what replies and drafts are named by.
    pub fn name(&self) -> String {
        self.draft_name()
    }

    fn draft_name(&self) -> String {
        match &self.target {
            Target::Process(id) => id.clone(),
            Target::Institution => "inventario".to_owned(),
        }
    }

    pub fn is_dirty(&self) -> bool {
        self.is_new || self.tree != self.original
    }

    pub fn captures_keys(&self) -> bool {
        self.popup.is_some()
    }

    /// The keys that work in the open popup, for the footer (the screen's own
    /// keys do not, while it is open).
    pub fn popup_keys(&self) -> Option<&'static [(&'static str, &'static str)]> {
        use super::editor::Widget;
        Some(match self.popup.as_ref()? {
            Popup::Edit(editor) => match &editor.widget {
                Widget::Input(input) if input.multiline => &[
                    ("Enter", "nova linha"),
                    ("Ctrl-D", "conclui"),
                    ("Ctrl-U", "apaga tudo"),
                    ("Esc", "cancela"),
                ],
                Widget::Input(_) => &[
                    ("Enter", "conclui"),
                    ("Ctrl-U", "apaga tudo"),
                    ("Esc", "cancela"),
                ],
                Widget::Pick(_) => &[
                    ("↑↓", "escolhe"),
                    ("Enter", "conclui"),
                    ("digite", "filtra"),
                    ("Esc", "cancela"),
                ],
            },
            Popup::Section(..) => &[("↑↓", "escolhe"), ("Enter", "conclui"), ("Esc", "cancela")],
            Popup::Save(_) => &[
                ("Enter", "registra"),
                ("PgUp/PgDn", "rolam"),
                ("digite", "edita a mensagem"),
                ("Esc", "volta"),
            ],
            Popup::ConfirmLeave(_) => &[("s", "salva"), ("d", "descarta"), ("Esc", "continua")],
            Popup::Draft(_) => &[("r", "recupera"), ("d", "descarta"), ("Esc", "depois")],
            Popup::Conflict(_) => &[
                ("t", "deles"),
                ("e", "deles e edito"),
                ("m", "minha por cima"),
                ("j/k", "rolam"),
                ("Esc", "depois"),
            ],
            Popup::Rebase(_) => &[("r", "reaplica"), ("Esc", "depois")],
        })
    }

    fn check_tree(&self, tree: &Value) -> Result<(), String> {
        let result = match self.target {
            Target::Process(_) => serde_json::from_value::<Process>(tree.clone()).map(|_| ()),
            Target::Institution => serde_json::from_value::<Institution>(tree.clone()).map(|_| ()),
        };
        result.map_err(|e| format!("valor não aceito: {e}"))
    }

    /// Text typed in the open editor and not confirmed yet.
    fn typing(&self) -> Option<Typing> {
        let Some(Popup::Edit(editor)) = &self.popup else {
            return None;
        };
        Some(Typing {
            label: editor.title.clone(),
            path: to_draft_steps(&editor.path),
            text: editor.typed()?.to_owned(),
        })
    }

    /// Whether there is anything a dropped session would lose.
    pub fn has_unsaved_work(&self) -> bool {
        self.is_dirty() || self.typing().is_some()
    }

    /// The current edit as a draft file: its base commit, the text being typed
    /// and the whole value.
    pub fn draft(&self) -> Option<(String, String)> {
        let base = self.base.map(|b| b.to_string());
        let typing = self.typing();
        let text = match self.target {
            Target::Process(_) => serde_json::from_value::<Process>(self.tree.clone())
                .ok()
                .and_then(|p| draft_file::draft_text(&Draft::new(base, typing, p)).ok()),
            Target::Institution => serde_json::from_value::<Institution>(self.tree.clone())
                .ok()
                .and_then(|i| draft_file::draft_text(&Draft::new(base, typing, i)).ok()),
        }?;
        Some((self.draft_name(), text))
    }

    fn recheck(&mut self, data: &Data) {
        let ctx = data.context();
        self.findings = match self.target {
            Target::Process(_) => serde_json::from_value::<Process>(self.tree.clone())
                .map(|p| crate::rules::check_process(&ctx, &p, None))
                .unwrap_or_default(),
            Target::Institution => serde_json::from_value::<Institution>(self.tree.clone())
                .map(|i| {
                    let ctx = crate::rules::CheckContext {
                        institution: &i,
                        ..ctx
                    };
                    crate::rules::check_institution(&ctx)
                })
                .unwrap_or_default(),
        };
        self.refresh_levels(data);
    }

    /// Re-derives each level's title and finding path from its parent's rows, so
    /// an item renamed from inside keeps its breadcrumb and marks in step.
    fn refresh_levels(&mut self, data: &Data) {
        for depth in 0..self.levels.len() {
            let parent_rows = self.rows_at(depth, data);
            let path = &self.levels[depth].path;
            if let Some(row) = parent_rows
                .iter()
                .find(|row| !row.path.is_empty() && path.starts_with(&row.path))
            {
                let (title, finding_base) = (row.label.clone(), row.finding_path.clone());
                let level = &mut self.levels[depth];
                level.title = title;
                level.finding_base = finding_base;
            }
        }
    }

    /// Replaces the value at `path`; refuses what the model would not accept.
    fn apply(
        &mut self,
        data: &Data,
        path: &[Step],
        value: Option<Value>,
    ) -> Result<Vec<Cmd>, String> {
        if matches!(self.target, Target::Process(_)) && path == [form::key("id")] {
            if !self.is_new {
                return Err("o id de um processo existente não muda (ele é o nome do arquivo); use d na lista para duplicar".to_owned());
            }
            if let Some(why) = value
                .as_ref()
                .and_then(Value::as_str)
                .and_then(|id| data.id_in_use(id))
            {
                return Err(why);
            }
        }
        let mut next = self.tree.clone();
        if !form::set(&mut next, path, value) {
            return Err("não foi possível alterar este campo".to_owned());
        }
        self.replace(data, next)
    }

    fn replace(&mut self, data: &Data, next: Value) -> Result<Vec<Cmd>, String> {
        self.check_tree(&next)?;
        self.undo.push(std::mem::replace(&mut self.tree, next));
        self.redo.clear();
        self.recheck(data);
        Ok(self.draft_cmd())
    }

    fn draft_cmd(&self) -> Vec<Cmd> {
        self.draft()
            .map(|(name, text)| Cmd::WriteDraft { name, text })
            .into_iter()
            .collect()
    }

    pub fn rows(&self, data: &Data) -> Vec<Row> {
        self.rows_at(self.levels.len(), data)
    }

    /// The rows shown at `depth` levels down (0: the section's own rows).
    fn rows_at(&self, depth: usize, data: &Data) -> Vec<Row> {
        match self.levels[..depth].last() {
            None => form::group_rows(
                &self.tree,
                self.fields,
                &self.groups[self.group],
                &data.catalogs,
            ),
            Some(level) => match level.kind {
                Kind::Struct(fields) => form::struct_rows(
                    &self.tree,
                    &level.path,
                    &level.finding_base,
                    fields,
                    None,
                    &data.catalogs,
                ),
                Kind::List(fields, id_key) | Kind::Section(fields, id_key) => form::item_rows(
                    &self.tree,
                    &level.path,
                    &level.finding_base,
                    &level.list_key,
                    fields,
                    id_key,
                    &data.catalogs,
                ),
                _ => Vec::new(),
            },
        }
    }

    fn row_findings<'a>(&'a self, row: &Row) -> Vec<&'a Finding> {
        self.findings
            .iter()
            .filter(|f| {
                f.location
                    .field
                    .as_deref()
                    .is_some_and(|p| finding_matches(&row.finding_path, p))
            })
            .collect()
    }

    pub fn paste(&mut self, text: &str) {
        match &mut self.popup {
            Some(Popup::Edit(editor)) => editor.paste(text),
            Some(Popup::Save(dialog)) => dialog.message.insert(text),
            _ => {}
        }
    }

    /// After a successful save: the saved version is the new original.
    pub fn saved(&mut self) -> Vec<Cmd> {
        self.original = self.tree.clone();
        self.is_new = false;
        self.undo.clear();
        self.redo.clear();
        vec![Cmd::RemoveDraft {
            name: self.draft_name(),
        }]
    }

    /// This screen's value in freshly loaded data (`None` for a process not on
    /// disk, such as a new one).
    fn tree_in(&self, data: &Data) -> Option<Value> {
        match &self.target {
            Target::Process(id) => data.process(id).map(semantic::to_tree),
            Target::Institution => Some(semantic::to_tree(&data.institution)),
        }
    }

    /// After a reload (someone saved, or this screen did). A screen without
    /// unsaved work shows the new version; one with unsaved edits of a file that
    /// changed keeps its edits and its base (a save merges them field by field)
    /// and offers to reapply them on the new version now.
    pub fn on_reload(&mut self, data: &Data) {
        let Some(new) = self.tree_in(data).filter(|_| !self.is_new) else {
            self.recheck(data);
            return;
        };
        if new == self.original {
            self.base = data.base;
        } else if !self.has_unsaved_work() {
            self.original = new.clone();
            self.tree = new;
            self.base = data.base;
        } else if self.popup.is_none() {
            let merged = semantic::merge3(&self.original, &self.tree, &new)
                .map_err(|conflicts| conflicts.into_iter().map(|c| c.path).collect());
            self.popup = Some(Popup::Rebase(Box::new(RebaseOffer {
                new,
                base: data.base,
                merged,
            })));
        }
        self.recheck(data);
    }

    /// Reapplies the unsaved edits on the version someone else saved.
    fn accept_rebase(&mut self, app: &mut App, offer: RebaseOffer) -> Vec<Cmd> {
        let Ok(merged) = offer.merged else {
            return Vec::new();
        };
        let old = (std::mem::replace(&mut self.original, offer.new), self.base);
        self.base = offer.base;
        match self.replace(&app.data, merged) {
            Ok(cmds) => {
                app.set_status(
                    "Edições reaplicadas sobre a versão salva por outra pessoa",
                    StatusKind::Info,
                );
                cmds
            }
            Err(why) => {
                (self.original, self.base) = old;
                app.set_status(
                    format!("não foi possível reaplicar: {why}"),
                    StatusKind::Error,
                );
                Vec::new()
            }
        }
    }

    /// Offers the draft `text` found for this screen. `base_text` is the file as
    /// it was when the draft began, when others changed it since (`changed_by`):
    /// recovering then merges the draft with their changes instead of reverting
    /// them.
    pub fn offer_draft(
        &mut self,
        name: &str,
        text: &str,
        base_text: Option<&str>,
        changed_by: Vec<String>,
    ) {
        if name != self.draft_name() || self.popup.is_some() {
            return;
        }
        /// The draft as a tree, and the file when it began as a tree.
        type Read = (Draft<Value>, Option<Value>);
        fn read<T: serde::de::DeserializeOwned + serde::Serialize>(
            text: &str,
            base_text: Option<&str>,
        ) -> Option<Read> {
            let draft = draft_file::parse_draft::<T>(text.as_bytes()).ok()?;
            let base = base_text
                .and_then(|b| crate::ron_text::parse::<T>(b.as_bytes()).ok())
                .map(|b| semantic::to_tree(&b));
            let tree = semantic::to_tree(&draft.content);
            Some((Draft::new(draft.base, draft.typing, tree), base))
        }
        let parsed = match self.target {
            Target::Process(_) => read::<Process>(text, base_text),
            Target::Institution => read::<Institution>(text, base_text),
        };
        let Some((draft, base_tree)) = parsed else {
            return;
        };
        let (tree, typing, draft_base) = (draft.content, draft.typing, draft.base);
        if tree == self.tree && typing.is_none() {
            return;
        }
        let (tree, conflicts, base) = match base_tree {
            Some(base_tree) => match semantic::merge3(&base_tree, &tree, &self.original) {
                Ok(merged) => (merged, Vec::new(), None),
                Err(conflicts) => (
                    tree,
                    conflicts.into_iter().map(|c| c.path).collect(),
                    draft_base.and_then(|b| CommitId::from_str(&b).ok()),
                ),
            },
            None => (tree, Vec::new(), None),
        };
        self.popup = Some(Popup::Draft(Box::new(DraftOffer {
            tree,
            typing,
            changed_by,
            conflicts,
            base,
            confirm_discard: false,
        })));
    }

    /// Recovers a draft: its value, its base when it must stay, and the editor
    /// that was open, with the text that was being typed.
    fn recover_draft(&mut self, app: &mut App, offer: DraftOffer) -> Vec<Cmd> {
        let cmds = match self.replace(&app.data, offer.tree) {
            Ok(cmds) => cmds,
            Err(why) => {
                app.set_status(
                    format!("o rascunho não pôde ser recuperado: {why}"),
                    StatusKind::Error,
                );
                return Vec::new();
            }
        };
        if let Some(base) = offer.base {
            self.base = Some(base);
        }
        let mut status = if offer.changed_by.is_empty() {
            "Rascunho recuperado: confira e salve (s)".to_owned()
        } else if offer.conflicts.is_empty() {
            "Rascunho mesclado com as alterações feitas depois; confira e salve (s)".to_owned()
        } else {
            format!(
                "Rascunho recuperado; {} também foi alterado por outra pessoa: ao salvar, o conflito é mostrado e nada se perde",
                offer.conflicts.join(", ")
            )
        };
        if let Some(typing) = offer.typing {
            let path = from_draft_steps(&typing.path);
            if let Some(mut editor) = self.editor_at(app, typing.label.clone(), path) {
                editor.restore_typed(&typing.text);
                self.popup = Some(Popup::Edit(editor));
                status = "Rascunho recuperado; o texto em digitação voltou ao editor".to_owned();
            }
        }
        app.set_status(status, StatusKind::Info);
        cmds
    }

    /// An editor on the field at `path` (found in the schema), if there is one.
    fn editor_at(&self, app: &App, label: String, path: Path) -> Option<Editor> {
        let field = form::field_at(self.fields, &path)?;
        Some(Editor::new(
            label,
            path,
            field.kind,
            field.required,
            &self.tree,
            &app.data.catalogs,
            &app.data.institution,
        ))
    }

    /// Shows a save conflict to resolve; `false` if their version cannot be read
    /// (the caller then shows the plain message).
    pub fn show_conflict(&mut self, conflict: super::super::worker::SaveConflict) -> bool {
        let theirs = match self.target {
            Target::Process(_) => {
                crate::ron_text::parse::<Process>(conflict.theirs_text.as_bytes())
                    .map(|p| semantic::to_tree(&p))
            }
            Target::Institution => {
                crate::ron_text::parse::<Institution>(conflict.theirs_text.as_bytes())
                    .map(|i| semantic::to_tree(&i))
            }
        };
        let Ok(theirs) = theirs else {
            return false;
        };
        self.popup = Some(Popup::Conflict(Box::new(ConflictView {
            fields: conflict.fields,
            head: conflict.head,
            theirs,
            pending: None,
            scroll: 0,
        })));
        true
    }

    /// Settles a conflict: their version (HEAD) becomes the base and the
    /// original, and the tree is their version merged with the user's edits,
    /// the conflicting fields taken from the chosen side.
    fn resolve_conflict(
        &mut self,
        app: &mut App,
        view: ConflictView,
        resolution: Resolution,
    ) -> Vec<Cmd> {
        let prefer_ours = resolution == Resolution::MineOnTop;
        let resolved =
            semantic::merge3_resolving(&self.original, &self.tree, &view.theirs, prefer_ours);
        self.original = view.theirs;
        self.base = Some(view.head);
        let mut cmds = match self.replace(&app.data, resolved) {
            Ok(cmds) => cmds,
            Err(why) => {
                app.set_status(
                    format!("a resolução não formou um processo válido: {why}"),
                    StatusKind::Error,
                );
                return Vec::new();
            }
        };
        if !self.is_dirty() {
            // Their version, confirmed twice, and nothing else edited.
            cmds = vec![Cmd::RemoveDraft {
                name: self.draft_name(),
            }];
        }
        let status = match resolution {
            Resolution::Theirs => "Ficou a versão de outra pessoa nesses campos; s salva o resto",
            Resolution::TheirsAndEdit => {
                "Ficou a versão de outra pessoa; edite o campo e salve (s)"
            }
            Resolution::MineOnTop => "Sua versão foi aplicada por cima da de outra pessoa; s salva",
        };
        app.set_status(status, StatusKind::Info);
        if resolution == Resolution::TheirsAndEdit
            && let Some(first) = view.fields.first()
            && let Some(path) = tree_path(&self.tree, &first.path)
        {
            let label = semantic::labels::key_label(match path.last() {
                Some(Step::Key(k)) => k.as_str(),
                _ => "",
            })
            .to_owned();
            if let Some(editor) = self.editor_at(app, label, path) {
                self.popup = Some(Popup::Edit(editor));
            }
        }
        cmds
    }

    /// Descends into `row` (a structure, a list, a list item), showing `path`.
    fn enter(&mut self, row: &Row, path: Path) {
        let list_key = match row.path.last() {
            Some(Step::Key(k)) => k.clone(),
            _ => String::new(),
        };
        self.levels.push(Level {
            title: row.label.clone(),
            path,
            kind: row.kind,
            finding_base: row.finding_path.clone(),
            list_key,
            return_to: self.selected,
            placeholder: None,
        });
        self.selected = 0;
    }

    /// Marks the level just entered as shown through an empty placeholder.
    fn mark_placeholder(&mut self, before: Value) {
        let after = self.tree.clone();
        if let Some(level) = self.levels.last_mut()
            && before != after
        {
            level.placeholder = Some((before, after));
        }
    }

    /// Leaves the current level; an empty placeholder nobody filled is taken
    /// back, with its undo step and its draft.
    fn leave_level(&mut self, data: &Data) -> Vec<Cmd> {
        let Some(level) = self.levels.pop() else {
            return Vec::new();
        };
        self.selected = level.return_to;
        match level.placeholder {
            Some((before, after)) if self.tree == after => {
                self.tree = before;
                self.undo.pop();
                self.recheck(data);
                if self.is_dirty() {
                    self.draft_cmd()
                } else {
                    vec![Cmd::RemoveDraft {
                        name: self.draft_name(),
                    }]
                }
            }
            _ => Vec::new(),
        }
    }

    fn open_row(&mut self, app: &mut App, row: &Row) -> Vec<Cmd> {
        let cmds = Vec::new();
        match (row.item, row.kind) {
            (Some(_), _) => self.enter(row, row.path.clone()),
            (None, Kind::Struct(fields)) => {
                let before = self.tree.clone();
                if form::get(&self.tree, &row.path).is_none() {
                    let template = form::struct_template(fields, app.data.today);
                    match self.apply(&app.data, &row.path, Some(template)) {
                        // No draft yet: a placeholder is not an edit.
                        Ok(_) => {}
                        Err(why) => {
                            app.set_status(why, StatusKind::Error);
                            return cmds;
                        }
                    }
                }
                self.enter(row, row.path.clone());
                self.mark_placeholder(before);
            }
            (None, Kind::List(..)) => {
                let before = self.tree.clone();
                let mut tree = self.tree.clone();
                if let Some(path) = form::list_path(&mut tree, &row.path, row.kind, true) {
                    if tree != self.tree && self.replace(&app.data, tree).is_err() {
                        return cmds;
                    }
                    self.enter(row, path);
                    self.mark_placeholder(before);
                }
            }
            (None, Kind::Section(..)) => {
                let is_list = form::get(&self.tree, &row.path).is_some_and(Value::is_object);
                if is_list {
                    let mut path = row.path.clone();
                    path.push(form::key("Lista"));
                    self.enter(row, path);
                } else {
                    let options = [
                        ("Lista", "preencher a lista"),
                        ("NaoSeAplica", "não se aplica"),
                        ("NaoPreenchido", "ainda não preenchido"),
                    ];
                    let choices = options
                        .iter()
                        .map(|(v, l)| Choice {
                            value: (*v).to_owned(),
                            label: (*l).to_owned(),
                        })
                        .collect();
                    self.popup = Some(Popup::Section(
                        Picker::new(choices, false, vec![]),
                        row.path.clone(),
                    ));
                }
            }
            (None, kind) => {
                let editor = Editor::new(
                    row.label.clone(),
                    row.path.clone(),
                    kind,
                    row.required,
                    &self.tree,
                    &app.data.catalogs,
                    &app.data.institution,
                );
                self.popup = Some(Popup::Edit(editor));
            }
        }
        cmds
    }

    fn on_popup_key(&mut self, app: &mut App, popup: Popup, key: KeyEvent) -> (Nav, Vec<Cmd>) {
        match popup {
            Popup::Edit(mut editor) => match editor.on_key(key) {
                EditorEvent::Stay => self.popup = Some(Popup::Edit(editor)),
                EditorEvent::Cancel => {}
                EditorEvent::Done(value) => {
                    match self.apply(&app.data, &editor.path.clone(), value) {
                        Ok(cmds) => return (Nav::Stay, cmds),
                        Err(why) => {
                            editor.error = Some(why);
                            self.popup = Some(Popup::Edit(editor));
                        }
                    }
                }
            },
            Popup::Section(mut picker, path) => match picker.handle(key) {
                PickerEvent::Done(values) => {
                    let value = match values.first().map(String::as_str) {
                        Some("Lista") => serde_json::json!({ "Lista": [] }),
                        Some(other) => Value::from(other),
                        None => return (Nav::Stay, Vec::new()),
                    };
                    return (
                        Nav::Stay,
                        self.apply(&app.data, &path, Some(value))
                            .unwrap_or_default(),
                    );
                }
                PickerEvent::Cancel => {}
                PickerEvent::Moved => self.popup = Some(Popup::Section(picker, path)),
            },
            Popup::Save(mut dialog)
                if matches!(
                    key.code,
                    KeyCode::PageUp | KeyCode::PageDown | KeyCode::Up | KeyCode::Down
                ) =>
            {
                dialog.scroll_by(match key.code {
                    KeyCode::PageUp => -10,
                    KeyCode::PageDown => 10,
                    KeyCode::Up => -1,
                    _ => 1,
                });
                self.popup = Some(Popup::Save(dialog));
            }
            Popup::Save(mut dialog) => match dialog.message.handle(key) {
                InputEvent::Cancel => {}
                InputEvent::Submit if dialog.errors > 0 && !dialog.confirm_errors => {
                    dialog.confirm_errors = true;
                    self.popup = Some(Popup::Save(dialog));
                }
                InputEvent::Submit => return (Nav::Stay, self.finish_save(app, &dialog)),
                _ => self.popup = Some(Popup::Save(dialog)),
            },
            Popup::ConfirmLeave(discard_asked) => match key.code {
                KeyCode::Char('s') => self.start_save(app),
                KeyCode::Char('d') if !discard_asked => {
                    self.popup = Some(Popup::ConfirmLeave(true));
                }
                KeyCode::Char('d') => {
                    app.set_status("Edição descartada", StatusKind::Info);
                    return (
                        Nav::Close,
                        vec![Cmd::RemoveDraft {
                            name: self.draft_name(),
                        }],
                    );
                }
                _ => {}
            },
            Popup::Conflict(mut view) => {
                let chosen = match key.code {
                    KeyCode::Char('t') => Some(Resolution::Theirs),
                    KeyCode::Char('e') => Some(Resolution::TheirsAndEdit),
                    KeyCode::Char('m') => Some(Resolution::MineOnTop),
                    _ => None,
                };
                match (chosen, key.code) {
                    // Nothing of the user's is dropped: at once.
                    (Some(Resolution::MineOnTop), _) => {
                        return (
                            Nav::Stay,
                            self.resolve_conflict(app, *view, Resolution::MineOnTop),
                        );
                    }
                    // Theirs replaces the user's values: the same key twice.
                    (Some(resolution), _) if view.pending == Some(resolution) => {
                        return (Nav::Stay, self.resolve_conflict(app, *view, resolution));
                    }
                    (Some(resolution), _) => view.pending = Some(resolution),
                    (None, KeyCode::Esc) => {
                        app.set_status(
                            "Conflito pendente; sua versão está aqui e no rascunho (s mostra o conflito)",
                            StatusKind::Info,
                        );
                        return (Nav::Stay, Vec::new());
                    }
                    (None, KeyCode::Down | KeyCode::Char('j')) => view.scroll_by(1),
                    (None, KeyCode::Up | KeyCode::Char('k')) => view.scroll_by(-1),
                    (None, KeyCode::PageDown) => view.scroll_by(10),
                    (None, KeyCode::PageUp) => view.scroll_by(-10),
                    (None, KeyCode::Home) => view.scroll = 0,
                    (None, _) => view.pending = None,
                }
                self.popup = Some(Popup::Conflict(view));
            }
            Popup::Rebase(offer) => match key.code {
                KeyCode::Char('r') if offer.merged.is_ok() => {
                    return (Nav::Stay, self.accept_rebase(app, *offer));
                }
                // Later: the base stays, and saving merges the same way.
                _ => app.set_status(
                    "Suas edições ficam; ao salvar, são mescladas com a versão nova",
                    StatusKind::Info,
                ),
            },
            Popup::Draft(mut offer) => match key.code {
                KeyCode::Char('r') | KeyCode::Char('s') => {
                    return (Nav::Stay, self.recover_draft(app, *offer));
                }
                // Discarding needs a second, explicit `d`.
                KeyCode::Char('d') if offer.confirm_discard => {
                    app.set_status("Rascunho descartado", StatusKind::Info);
                    return (
                        Nav::Stay,
                        vec![Cmd::RemoveDraft {
                            name: self.draft_name(),
                        }],
                    );
                }
                KeyCode::Char('d') => {
                    offer.confirm_discard = true;
                    self.popup = Some(Popup::Draft(offer));
                }
                // Esc decides later: the draft stays on disk.
                KeyCode::Esc => {}
                _ => {
                    offer.confirm_discard = false;
                    self.popup = Some(Popup::Draft(offer));
                }
            },
        }
        (Nav::Stay, Vec::new())
    }

    pub fn on_key(
        &mut self,
        app: &mut App,
        key: KeyEvent,
        action: Option<Action>,
    ) -> (Nav, Vec<Cmd>) {
        if let Some(popup) = self.popup.take() {
            return self.on_popup_key(app, popup, key);
        }
        let rows = self.rows(&app.data);
        let last = rows.len().saturating_sub(1);
        let cmds = match action {
            Some(Action::Up) => {
                self.selected = self.selected.saturating_sub(1);
                Vec::new()
            }
            Some(Action::Down) => {
                self.selected = (self.selected + 1).min(last);
                Vec::new()
            }
            Some(Action::NextSection) if self.levels.is_empty() => {
                self.group = (self.group + 1) % self.groups.len();
                self.selected = 0;
                Vec::new()
            }
            Some(Action::PrevSection) if self.levels.is_empty() => {
                self.group = (self.group + self.groups.len() - 1) % self.groups.len();
                self.selected = 0;
                Vec::new()
            }
            Some(Action::Open) => match rows.get(self.selected) {
                Some(row) => self.open_row(app, &row.clone()),
                None => Vec::new(),
            },
            Some(Action::Add) => self.add_item(app),
            Some(Action::Remove) => self.remove(app),
            Some(Action::MoveUp) => self.move_item(app, true),
            Some(Action::MoveDown) => self.move_item(app, false),
            Some(Action::Undo) => match self.undo.pop() {
                Some(previous) => {
                    self.redo.push(std::mem::replace(&mut self.tree, previous));
                    self.recheck(&app.data);
                    self.draft_cmd()
                }
                None => {
                    app.set_status("Nada a desfazer", StatusKind::Info);
                    Vec::new()
                }
            },
            Some(Action::Redo) => match self.redo.pop() {
                Some(next) => {
                    self.undo.push(std::mem::replace(&mut self.tree, next));
                    self.recheck(&app.data);
                    self.draft_cmd()
                }
                None => Vec::new(),
            },
            Some(Action::Save) => {
                self.start_save(app);
                Vec::new()
            }
            Some(Action::History) => match &self.target {
                Target::Process(id) if !self.is_new => {
                    let id = id.clone();
                    return (
                        Nav::Open(Screen::History(HistoryView::new(&id))),
                        vec![Cmd::LoadHistory { process: id }],
                    );
                }
                _ => Vec::new(),
            },
            Some(Action::Back) => {
                if !self.levels.is_empty() {
                    self.leave_level(&app.data)
                } else if self.is_dirty() {
                    self.popup = Some(Popup::ConfirmLeave(false));
                    Vec::new()
                } else {
                    return (Nav::Close, Vec::new());
                }
            }
            _ => Vec::new(),
        };
        self.selected = self
            .selected
            .min(self.rows(&app.data).len().saturating_sub(1));
        (Nav::Stay, cmds)
    }
}
