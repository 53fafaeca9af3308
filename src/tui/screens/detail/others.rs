//! Other people's work meeting this screen's: drafts (written with the commit
//! they began from and the text being typed, and recovered merged with what
//! others saved since), saves noticed while editing (offered a rebase), and save
//! conflicts (shown field by field and resolved on screen).

use serde_json::Value;

use super::super::super::data::Data;
use super::super::super::form::{self, Path, Step};
use super::super::super::worker::{Cmd, SaveConflict};
use super::super::conflict::{ConflictView, Resolution, tree_path};
use super::super::editor::Editor;
use super::super::{Ctx, StatusKind};
use super::{Detail, Popup};
use crate::files::InventoryFile;
use crate::history::CommitId;
use crate::semantic;
use crate::store::draft::{self as draft_file, Draft, DraftStep, Typing};

/// Someone else saved the process being edited: its new version, and the
/// user's edits merged onto it (or the fields that conflict).
pub(super) struct RebaseOffer {
    pub(super) new: Value,
    pub(super) base: Option<CommitId>,
    pub(super) merged: Result<Value, Vec<String>>,
}

/// A draft found when the process was opened, ready to recover.
pub(super) struct DraftOffer {
    /// What recovering gives: the draft merged with what others saved since it
    /// began (or the draft itself, when that merge conflicts).
    pub(super) tree: Value,
    pub(super) typing: Option<Typing>,
    /// Who changed the file since the draft began ("Ana em 24/11/2026 19:40").
    pub(super) changed_by: Vec<String>,
    /// Fields the draft and the others both changed.
    pub(super) conflicts: Vec<String>,
    /// The base to save against after recovering, when it is not HEAD's.
    pub(super) base: Option<CommitId>,
    /// `d` was pressed once: a second `d` discards.
    pub(super) confirm_discard: bool,
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

impl Detail {
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
    pub fn draft(&self) -> Option<(InventoryFile, String)> {
        let base = self.base.map(|b| b.to_string());
        let typing = self.typing();
        let text = crate::with_document_type!(&self.file, |D| {
            crate::document::from_tree::<D>(&self.tree)
                .ok()
                .and_then(|d| draft_file::draft_text(&Draft::new(base, typing, d)).ok())
        }, else None)?;
        Some((self.file.clone(), text))
    }

    /// This screen's value in freshly loaded data (`None` for a document not on
    /// disk, such as a new one).
    fn tree_in(&self, data: &Data) -> Option<Value> {
        data.tree_of(&self.file)
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
    pub(super) fn accept_rebase(&mut self, ctx: &mut Ctx, offer: RebaseOffer) -> Vec<Cmd> {
        let Ok(merged) = offer.merged else {
            return Vec::new();
        };
        let old = (std::mem::replace(&mut self.original, offer.new), self.base);
        self.base = offer.base;
        match self.replace(ctx.data, merged) {
            Ok(cmds) => {
                ctx.set_status(
                    "Edições reaplicadas sobre a versão salva por outra pessoa",
                    StatusKind::Info,
                );
                cmds
            }
            Err(why) => {
                (self.original, self.base) = old;
                ctx.set_status(
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
        file: &InventoryFile,
        text: &str,
        base_text: Option<&str>,
        changed_by: Vec<String>,
    ) {
        if *file != self.file || self.popup.is_some() {
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
        let parsed =
            crate::with_document_type!(&self.file, |D| read::<D>(text, base_text), else None);
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
                    draft_base.and_then(|b| b.parse::<CommitId>().ok()),
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
    pub(super) fn recover_draft(&mut self, ctx: &mut Ctx, offer: DraftOffer) -> Vec<Cmd> {
        let cmds = match self.replace(ctx.data, offer.tree) {
            Ok(cmds) => cmds,
            Err(why) => {
                ctx.set_status(
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
            if let Some(mut editor) = self.editor_at(ctx, typing.label.clone(), path) {
                editor.restore_typed(&typing.text);
                self.popup = Some(Popup::Edit(editor));
                status = "Rascunho recuperado; o texto em digitação voltou ao editor".to_owned();
            }
        }
        ctx.set_status(status, StatusKind::Info);
        cmds
    }

    /// An editor on the field at `path` (found in the schema), if there is one.
    pub(super) fn editor_at(&self, ctx: &Ctx, label: String, path: Path) -> Option<Editor> {
        let field = form::field_at(self.fields, &path)?;
        Some(Editor::new(
            label,
            path,
            field.kind,
            field.required,
            &self.tree,
            &ctx.data.catalogs,
            &ctx.data.institution,
        ))
    }

    /// Shows a save conflict to resolve; `false` if their version cannot be read
    /// (the caller then shows the plain message).
    pub fn show_conflict(&mut self, conflict: SaveConflict) -> bool {
        let theirs = self.kind.tree(conflict.theirs_text.as_bytes());
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
    pub(super) fn resolve_conflict(
        &mut self,
        ctx: &mut Ctx,
        view: ConflictView,
        resolution: Resolution,
    ) -> Vec<Cmd> {
        let prefer_ours = resolution == Resolution::MineOnTop;
        let resolved =
            semantic::merge3_resolving(&self.original, &self.tree, &view.theirs, prefer_ours);
        self.original = view.theirs;
        self.base = Some(view.head);
        let mut cmds = match self.replace(ctx.data, resolved) {
            Ok(cmds) => cmds,
            Err(why) => {
                ctx.set_status(
                    format!("a resolução não formou um processo válido: {why}"),
                    StatusKind::Error,
                );
                return Vec::new();
            }
        };
        if !self.is_dirty() {
            // Their version, confirmed twice, and nothing else edited.
            cmds = vec![Cmd::RemoveDraft {
                file: self.file.clone(),
            }];
        }
        let status = match resolution {
            Resolution::Theirs => "Ficou a versão de outra pessoa nesses campos; s salva o resto",
            Resolution::TheirsAndEdit => {
                "Ficou a versão de outra pessoa; edite o campo e salve (s)"
            }
            Resolution::MineOnTop => "Sua versão foi aplicada por cima da de outra pessoa; s salva",
        };
        ctx.set_status(status, StatusKind::Info);
        if resolution == Resolution::TheirsAndEdit
            && let Some(first) = view.fields.first()
            && let Some(path) = tree_path(&self.tree, &first.path)
        {
            let label = form::label_of(&path).to_owned();
            if let Some(editor) = self.editor_at(ctx, label, path) {
                self.popup = Some(Popup::Edit(editor));
            }
        }
        cmds
    }
}
