//! Editing operations of the detail screen on lists (add, remove, reorder) and
//! saving (the dialog with the field-level diff, then the save command).

use serde_json::Value;

use super::super::super::form::{self, Path};
use super::super::super::widgets::TextInput;
use super::super::super::worker::Cmd;
use super::super::dialogs::SaveDialog;
use super::super::{Ctx, StatusKind};
use super::{Detail, Popup};
use crate::document::Document;
use crate::keys::Kind;
use crate::rules::Severity;
use crate::semantic::{self, Operation};

impl Detail {
    /// The list the cursor is in (its path and kind), for add / remove / move.
    pub(super) fn current_list(&self) -> Option<(Path, Kind)> {
        let level = self.levels.last()?;
        matches!(level.kind, Kind::List(..) | Kind::Section(..))
            .then(|| (level.path.clone(), level.kind))
    }

    pub(super) fn add_item(&mut self, ctx: &mut Ctx) -> Vec<Cmd> {
        let rows = self.rows(ctx.data);
        // At a row holding a list: open it first.
        if self.current_list().is_none()
            && let Some(row) = rows.get(self.selected).filter(|r| {
                matches!(r.kind, Kind::List(..) | Kind::Section(..)) && r.item.is_none()
            })
        {
            let row = row.clone();
            let opened = self.open_row(ctx, &row);
            if self.current_list().is_none() {
                return opened;
            }
        }
        let Some((path, kind)) = self.current_list() else {
            ctx.set_status(
                "Para adicionar, ponha o cursor numa lista (campos, finalidades…)",
                StatusKind::Info,
            );
            return Vec::new();
        };
        let (Kind::List(fields, id_key) | Kind::Section(fields, id_key)) = kind else {
            return Vec::new();
        };
        let existing = form::get(&self.tree, &path)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut next = self.tree.clone();
        let Some(index) = form::push_item(
            &mut next,
            &path,
            form::template(fields, id_key, &existing, ctx.data.today),
        ) else {
            return Vec::new();
        };
        match self.replace(ctx.data, next) {
            Ok(cmds) => {
                self.selected = index;
                ctx.set_status("Item adicionado: Enter para preencher", StatusKind::Info);
                cmds
            }
            Err(why) => {
                ctx.set_status(why, StatusKind::Error);
                Vec::new()
            }
        }
    }

    pub(super) fn remove(&mut self, ctx: &mut Ctx) -> Vec<Cmd> {
        let rows = self.rows(ctx.data);
        let Some(row) = rows.get(self.selected) else {
            return Vec::new();
        };
        if row.required && row.item.is_none() {
            ctx.set_status(
                format!("{} é obrigatório e não pode ficar vazio", row.label),
                StatusKind::Error,
            );
            return Vec::new();
        }
        match self.apply(ctx.data, &row.path.clone(), None) {
            Ok(cmds) => {
                self.selected = self
                    .selected
                    .min(self.rows(ctx.data).len().saturating_sub(1));
                cmds
            }
            Err(why) => {
                ctx.set_status(why, StatusKind::Error);
                Vec::new()
            }
        }
    }

    /// Moves the selected suggested risk of a RIPD to `sugestoes_rejeitadas`,
    /// with the fact that suggested it, and opens the reason for the owner to
    /// write: a reviewer sees what was rejected and why.
    pub(super) fn reject_suggestion(&mut self, ctx: &mut Ctx) -> Vec<Cmd> {
        let rows = self.rows(ctx.data);
        let suggested = rows.get(self.selected).and_then(|row| {
            let [form::Step::Key(list), form::Step::Index(i)] = row.path.as_slice() else {
                return None;
            };
            let item = form::get(&self.tree, &row.path)?;
            let by = item.get("sugerido_por")?.as_str()?.to_owned();
            let id = item.get("id")?.as_str()?.to_owned();
            (list == "riscos").then_some((*i, id, by))
        });
        let Some((index, id, by)) = suggested else {
            ctx.set_status(
                "R rejeita um risco sugerido: selecione-o na lista de riscos do RIPD",
                StatusKind::Info,
            );
            return Vec::new();
        };
        let mut tree = self.tree.clone();
        if let Some(Value::Array(risks)) = tree.get_mut("riscos") {
            risks.remove(index);
        }
        let rejected = tree
            .as_object_mut()
            .map(|map| {
                map.entry("sugestoes_rejeitadas")
                    .or_insert_with(|| Value::Array(Vec::new()))
            })
            .and_then(Value::as_array_mut);
        let Some(rejected) = rejected else {
            return Vec::new();
        };
        rejected.push(serde_json::json!({"id": id, "sugerido_por": by, "motivo": ""}));
        let at = rejected.len() - 1;
        let cmds = match self.replace(ctx.data, tree) {
            Ok(cmds) => cmds,
            Err(why) => {
                ctx.set_status(why, StatusKind::Error);
                return Vec::new();
            }
        };
        self.levels.clear();
        self.selected = 0;
        let path = vec![
            form::key("sugestoes_rejeitadas"),
            form::Step::Index(at),
            form::key("motivo"),
        ];
        if let Some(editor) = self.editor_at(ctx, format!("motivo da rejeição de {id}"), path) {
            self.popup = Some(Popup::Edit(editor));
        }
        ctx.set_status(
            format!("{id} vai para as sugestões rejeitadas: escreva o motivo"),
            StatusKind::Info,
        );
        cmds
    }

    pub(super) fn move_item(&mut self, ctx: &mut Ctx, up: bool) -> Vec<Cmd> {
        let Some((path, _)) = self.current_list() else {
            return Vec::new();
        };
        let to = if up {
            self.selected.checked_sub(1)
        } else {
            Some(self.selected + 1)
        };
        let Some(to) = to else { return Vec::new() };
        let mut next = self.tree.clone();
        if !form::move_item(&mut next, &path, self.selected, to) {
            return Vec::new();
        }
        match self.replace(ctx.data, next) {
            Ok(cmds) => {
                self.selected = to;
                cmds
            }
            Err(_) => Vec::new(),
        }
    }

    pub(super) fn start_save(&mut self, ctx: &mut Ctx) {
        if let Some(why) = ctx.data.read_only.clone() {
            ctx.show_message(
                "Somente leitura",
                vec![why, String::new(), "qualquer tecla fecha".to_owned()],
            );
            return;
        }
        if !self.is_dirty() {
            ctx.set_status("Nada a salvar", StatusKind::Info);
            return;
        }
        let changes = if self.is_new {
            Vec::new()
        } else {
            semantic::diff(&self.original, &self.tree)
        };
        let title = self.kind.title_of(&self.tree);
        let operation = if self.is_new {
            Operation::Creation
        } else {
            Operation::Change
        };
        let generated = semantic::message::subject(&title, self.kind.noun(), operation, &changes);
        let errors = self
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        self.popup = Some(Popup::Save(SaveDialog {
            changes,
            noun: self.kind.noun(),
            message: TextInput::new(&generated, false),
            generated,
            errors,
            confirm_errors: false,
            scroll: 0,
        }));
    }

    pub(super) fn finish_save(&mut self, ctx: &mut Ctx, dialog: &SaveDialog) -> Vec<Cmd> {
        let today = ctx.data.today;
        let touched = crate::with_document_type!(&self.file, |D| {
            crate::document::from_tree::<D>(&self.tree).map(|mut document| {
                document.touch(today);
                semantic::to_tree(&document)
            })
        }, else Err(format!("{} não é um documento editável", self.file)));
        match touched {
            Ok(tree) => {
                self.tree = tree;
                let text = dialog.message.text.trim();
                let user_text =
                    (text != dialog.generated.trim() && !text.is_empty()).then(|| text.to_owned());
                ctx.set_status("Salvando…", StatusKind::Info);
                vec![Cmd::Save {
                    file: self.file.clone(),
                    tree: self.tree.clone(),
                    base: self.base,
                    user_text,
                    create: self.is_new,
                }]
            }
            Err(e) => {
                ctx.set_status(format!("não foi possível salvar: {e}"), StatusKind::Error);
                Vec::new()
            }
        }
    }
}
