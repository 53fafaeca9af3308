//! The keys of the detail screen's popups: the editor, the section choice, the
//! save dialog, leaving with unsaved edits, a draft offer, a conflict and a
//! rebase offer; and the footer that lists the keys of the open one.

use crossterm::event::{KeyCode, KeyEvent};
use serde_json::Value;

use super::super::super::widgets::{InputEvent, PickerEvent};
use super::super::super::worker::Cmd;
use super::super::conflict::Resolution;
use super::super::editor::EditorEvent;
use super::super::{Ctx, Nav, StatusKind};
use super::{Detail, Popup};
use crate::model::applicability::LIST_VARIANT;

impl Detail {
    /// The keys that work in the open popup, for the footer (the screen's own
    /// keys do not, while it is open).
    pub fn popup_keys(&self) -> Option<&'static [(&'static str, &'static str)]> {
        use super::super::editor::Widget;
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

    pub(super) fn on_popup_key(
        &mut self,
        ctx: &mut Ctx,
        popup: Popup,
        key: KeyEvent,
    ) -> (Nav, Vec<Cmd>) {
        match popup {
            Popup::Edit(mut editor) => match editor.on_key(key) {
                EditorEvent::Stay => self.popup = Some(Popup::Edit(editor)),
                EditorEvent::Cancel => {}
                EditorEvent::Done(value) => {
                    match self.apply(ctx.data, &editor.path.clone(), value) {
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
                        Some(LIST_VARIANT) => serde_json::json!({ LIST_VARIANT: [] }),
                        Some(other) => Value::from(other),
                        None => return (Nav::Stay, Vec::new()),
                    };
                    return (
                        Nav::Stay,
                        self.apply(ctx.data, &path, Some(value)).unwrap_or_default(),
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
                InputEvent::Submit => return (Nav::Stay, self.finish_save(ctx, &dialog)),
                _ => self.popup = Some(Popup::Save(dialog)),
            },
            Popup::ConfirmLeave(discard_asked) => match key.code {
                KeyCode::Char('s') => self.start_save(ctx),
                KeyCode::Char('d') if !discard_asked => {
                    self.popup = Some(Popup::ConfirmLeave(true));
                }
                KeyCode::Char('d') => {
                    ctx.set_status("Edição descartada", StatusKind::Info);
                    return (
                        Nav::Close,
                        vec![Cmd::RemoveDraft {
                            file: self.file.clone(),
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
                            self.resolve_conflict(ctx, *view, Resolution::MineOnTop),
                        );
                    }
                    // Theirs replaces the user's values: the same key twice.
                    (Some(resolution), _) if view.pending == Some(resolution) => {
                        return (Nav::Stay, self.resolve_conflict(ctx, *view, resolution));
                    }
                    (Some(resolution), _) => view.pending = Some(resolution),
                    (None, KeyCode::Esc) => {
                        ctx.set_status(
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
                    return (Nav::Stay, self.accept_rebase(ctx, *offer));
                }
                // Later: the base stays, and saving merges the same way.
                _ => ctx.set_status(
                    "Suas edições ficam; ao salvar, são mescladas com a versão nova",
                    StatusKind::Info,
                ),
            },
            Popup::Draft(mut offer) => match key.code {
                KeyCode::Char('r') | KeyCode::Char('s') => {
                    return (Nav::Stay, self.recover_draft(ctx, *offer));
                }
                // Discarding needs a second, explicit `d`.
                KeyCode::Char('d') if offer.confirm_discard => {
                    ctx.set_status("Rascunho descartado", StatusKind::Info);
                    return (
                        Nav::Stay,
                        vec![Cmd::RemoveDraft {
                            file: self.file.clone(),
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
}
