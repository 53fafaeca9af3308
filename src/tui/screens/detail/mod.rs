//! A process (or the institution) by sections of the SGD template, where every
//! field is edited: texts, dates, catalog picks, lists with add / remove /
//! reorder, with undo. `check` findings appear beside the field they concern, with
//! the article. Saving shows the field-level diff and an editable message. Every
//! change is also written as a draft (with the commit the edit started from and
//! any text still being typed), so a dropped SSH session loses nothing; a draft
//! recovered later is merged field by field with what others saved meanwhile.
//! Split by subject: `edit` (list operations, save), `others` (drafts, other
//! people's saves, conflicts), `popups` (the popups' keys), `view` (drawing).

mod edit;
mod others;
use others::{DraftOffer, RebaseOffer};
mod popups;
mod view;

use crossterm::event::KeyEvent;
use serde_json::Value;

use super::super::cursor;
use super::super::data::Data;
use super::super::form::{self, Path, Row, Step, finding_matches};
use super::super::keymap::Action;
use super::super::widgets::{Choice, Picker};
use super::super::worker::Cmd;
use super::conflict::ConflictView;
use super::dialogs::SaveDialog;
use super::editor::Editor;
use super::history::HistoryView;
use super::{Ctx, Nav, Screen, StatusKind};
use crate::document::{self, Document};
use crate::files::InventoryFile;
use crate::history::CommitId;
use crate::keys::{Field, Group, Kind};
use crate::model::applicability::{LIST_VARIANT, NOT_APPLICABLE, NOT_FILLED};
use crate::rules::Finding;
use crate::semantic;

struct Level {
    title: String,
    path: Path,
    kind: Kind,
    finding_base: String,
    /// What one item of the list shown is called ("campo").
    noun: &'static str,
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

pub struct Detail {
    /// The file the document was read from, and is saved back to.
    pub file: InventoryFile,
    kind: &'static dyn document::Kind,
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
    fn new(
        data: &Data,
        file: InventoryFile,
        kind: &'static dyn document::Kind,
        tree: Value,
        group: usize,
        is_new: bool,
    ) -> Detail {
        let (fields, groups) = (kind.keys(), kind.groups());
        let mut detail = Detail {
            file,
            kind,
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

    /// The document in `file` as loaded in `data`, opened at section `group`.
    pub fn open(data: &Data, file: &InventoryFile, group: usize) -> Option<Detail> {
        let kind = document::kind_of(file)?;
        let tree = data.tree_of(file)?;
        Some(Detail::new(data, file.clone(), kind, tree, group, false))
    }

    /// A new document, saved in its own file.
    pub fn for_new<D: Document>(data: &Data, document: D) -> Detail {
        let file = document.own_file();
        let kind = document::kind_of(&file).expect("every document kind is in KINDS");
        Detail::new(data, file, kind, semantic::to_tree(&document), 0, true)
    }

    pub fn for_institution(data: &Data) -> Detail {
        Detail::open(data, &InventoryFile::Institution, 0)
            .expect("the institution is always loaded (or a placeholder)")
    }

    /// Shows `tree` as an unsaved change of the loaded version (archiving).
    pub fn propose(&mut self, data: &Data, tree: Value) {
        self.tree = tree;
        self.recheck(data);
    }

    pub fn title(&self) -> String {
        let name = self
            .tree
            .get("nome")
            .and_then(Value::as_str)
            .unwrap_or_default();
        match &self.file {
            InventoryFile::Process(stem) => {
                let id = self
                    .tree
                    .get("id")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                if id == stem {
                    format!("{name} ({id})")
                } else {
                    format!("{name} ({id}, em {})", self.file)
                }
            }
            _ => self.kind.title_of(&self.tree),
        }
    }

    pub fn is_dirty(&self) -> bool {
        self.is_new || self.tree != self.original
    }

    pub fn captures_keys(&self) -> bool {
        self.popup.is_some()
    }

    fn check_tree(&self, tree: &Value) -> Result<(), String> {
        self.kind.check_tree(tree)
    }

    /// The rules on the document as edited, read from its file, plus what only the
    /// whole inventory shows (another file with the same id).
    fn recheck(&mut self, data: &Data) {
        let mut findings = self.kind.findings(&data.context(), &self.tree, &self.file);
        findings.extend(
            data.findings_of(&self.file)
                .iter()
                .filter(|f| f.rule == crate::rules::registry::DUPLICATE_PROCESS.id)
                .cloned(),
        );
        self.findings = findings;
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
        if matches!(self.file, InventoryFile::Process(_)) && path == [form::key("id")] {
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
        let mut cmds = Vec::new();
        if self.is_new {
            // A new document's file follows its id while it is being created.
            if let Some(file) = self.own_file()
                && file != self.file
            {
                cmds.push(Cmd::RemoveDraft {
                    file: std::mem::replace(&mut self.file, file),
                });
            }
        }
        self.recheck(data);
        cmds.extend(self.draft_cmd());
        Ok(cmds)
    }

    /// The file named after the document as it is now (its id's file).
    fn own_file(&self) -> Option<InventoryFile> {
        crate::with_document_type!(&self.file, |D| document::from_tree::<D>(&self.tree)
            .ok()
            .map(|d| d.own_file()), else None)
    }

    fn draft_cmd(&self) -> Vec<Cmd> {
        self.draft()
            .map(|(file, text)| Cmd::WriteDraft { file, text })
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
                    level.noun,
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
            file: self.file.clone(),
        }]
    }

    /// Descends into `row` (a structure, a list, a list item), showing `path`.
    fn enter(&mut self, row: &Row, path: Path) {
        self.levels.push(Level {
            title: row.label.clone(),
            path,
            kind: row.kind,
            finding_base: row.finding_path.clone(),
            noun: row.noun,
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
                        file: self.file.clone(),
                    }]
                }
            }
            _ => Vec::new(),
        }
    }

    fn open_row(&mut self, ctx: &mut Ctx, row: &Row) -> Vec<Cmd> {
        let cmds = Vec::new();
        match (row.item, row.kind) {
            (Some(_), _) => self.enter(row, row.path.clone()),
            (None, Kind::Struct(fields)) => {
                let before = self.tree.clone();
                if form::get(&self.tree, &row.path).is_none() {
                    let template = form::struct_template(fields, ctx.data.today);
                    match self.apply(ctx.data, &row.path, Some(template)) {
                        // No draft yet: a placeholder is not an edit.
                        Ok(_) => {}
                        Err(why) => {
                            ctx.set_status(why, StatusKind::Error);
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
                    if tree != self.tree && self.replace(ctx.data, tree).is_err() {
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
                    path.push(form::key(LIST_VARIANT));
                    self.enter(row, path);
                } else {
                    let options = [
                        (LIST_VARIANT, "preencher a lista"),
                        (NOT_APPLICABLE, "não se aplica"),
                        (NOT_FILLED, "ainda não preenchido"),
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
                    &ctx.data.catalogs,
                    &ctx.data.institution,
                );
                self.popup = Some(Popup::Edit(editor));
            }
        }
        cmds
    }

    pub fn on_key(
        &mut self,
        ctx: &mut Ctx,
        key: KeyEvent,
        action: Option<Action>,
    ) -> (Nav, Vec<Cmd>) {
        if let Some(popup) = self.popup.take() {
            return self.on_popup_key(ctx, popup, key);
        }
        let rows = self.rows(ctx.data);
        if let Some(at) = cursor::moved(self.selected, rows.len(), action) {
            self.selected = at;
            return (Nav::Stay, Vec::new());
        }
        let cmds = match action {
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
                Some(row) => self.open_row(ctx, &row.clone()),
                None => Vec::new(),
            },
            Some(Action::Add) => self.add_item(ctx),
            Some(Action::Remove) => self.remove(ctx),
            Some(Action::Reject) => self.reject_suggestion(ctx),
            Some(Action::MoveUp) => self.move_item(ctx, true),
            Some(Action::MoveDown) => self.move_item(ctx, false),
            Some(Action::Undo) => match self.undo.pop() {
                Some(previous) => {
                    self.redo.push(std::mem::replace(&mut self.tree, previous));
                    self.recheck(ctx.data);
                    self.draft_cmd()
                }
                None => {
                    ctx.set_status("Nada a desfazer", StatusKind::Info);
                    Vec::new()
                }
            },
            Some(Action::Redo) => match self.redo.pop() {
                Some(next) => {
                    self.undo.push(std::mem::replace(&mut self.tree, next));
                    self.recheck(ctx.data);
                    self.draft_cmd()
                }
                None => Vec::new(),
            },
            Some(Action::Save) => {
                self.start_save(ctx);
                Vec::new()
            }
            Some(Action::History) => match self.tree.get("id").and_then(Value::as_str) {
                Some(id) if !self.is_new && matches!(self.file, InventoryFile::Process(_)) => {
                    let id = id.to_owned();
                    return (
                        Nav::Open(Screen::History(HistoryView::new(&id))),
                        vec![Cmd::LoadHistory { process: id }],
                    );
                }
                _ => Vec::new(),
            },
            Some(Action::Back) => {
                if !self.levels.is_empty() {
                    self.leave_level(ctx.data)
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
            .min(self.rows(ctx.data).len().saturating_sub(1));
        (Nav::Stay, cmds)
    }
}
