//! Drafts: where each user's unsaved versions are kept and their format. The one
//! place that writes, reads and removes them (the editor's autosave, a save that
//! hit a conflict, a terminal that went away). A draft lives at
//! `.rascunhos/<login>/<file's draft name>` (ignored by git); the login is made
//! safe, so no login leads out of `.rascunhos/`.
//!
//! The format (`.rascunhos/<login>/<id>.ron`): the unsaved version of
//! a process or of the institution, the commit the edit started from (so that
//! recovering it later merges with what others saved meanwhile instead of
//! reverting it), and the text that was being typed in an editor that was never
//! confirmed (an SSH drop mid-sentence). A plain process or institution file is
//! read as a draft without a base (drafts written before this format).

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::error::StoreError;
use super::layout::{DRAFTS_DIR, InventoryFile};
use crate::ron_text::{self, ParseError};

/// A login as a safe directory name: letters, digits, `-`, `_` and a `.` that is
/// not the first character, so no login (`..`, `a/b`, an empty one) leads out of
/// `.rascunhos/`.
pub fn safe_login(login: &str) -> String {
    let safe: String = login
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || (c == '.' && i > 0) {
                c
            } else {
                '_'
            }
        })
        .take(64)
        .collect();
    if safe.chars().all(|c| c == '_' || c == '.') {
        "desconhecido".to_owned()
    } else {
        safe
    }
}

/// Where `login`'s draft of `file` is kept under `root`:
/// `.rascunhos/<login>/<id>.ron` for a process (`InventoryFile::draft_name`).
pub fn draft_path(root: &Path, login: &str, file: &InventoryFile) -> PathBuf {
    let mut path = root.join(DRAFTS_DIR).join(safe_login(login));
    path.extend(file.draft_name().split('/'));
    path
}

/// Writes `login`'s draft of `file` (atomically); returns where.
pub fn write_draft(
    root: &Path,
    login: &str,
    file: &InventoryFile,
    text: &str,
) -> Result<PathBuf, StoreError> {
    let path = draft_path(root, login, file);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, e))?;
    }
    super::write_atomically(&path, text.as_bytes())?;
    Ok(path)
}

/// `login`'s draft of `file`, if there is one that can be read.
pub fn read_draft(root: &Path, login: &str, file: &InventoryFile) -> Option<String> {
    std::fs::read_to_string(draft_path(root, login, file)).ok()
}

/// Removes `login`'s draft of `file` (nothing if there is none).
pub fn remove_draft(root: &Path, login: &str, file: &InventoryFile) -> Result<(), StoreError> {
    let path = draft_path(root, login, file);
    match std::fs::remove_file(&path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(StoreError::io(&path, e)),
        _ => Ok(()),
    }
}

/// Current version of the draft envelope.
pub const DRAFT_VERSION: u32 = 1;

/// One step of the path to the field being typed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DraftStep {
    #[serde(rename = "Chave")]
    Key(String),
    #[serde(rename = "Posicao")]
    Index(usize),
}

/// Text typed in an editor that was still open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Typing {
    /// The field's label, for the person recovering it.
    #[serde(rename = "campo")]
    pub label: String,
    #[serde(rename = "caminho")]
    pub path: Vec<DraftStep>,
    #[serde(rename = "texto")]
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft<T> {
    #[serde(rename = "versao_rascunho")]
    pub version: u32,
    /// The commit the edit started from (hex), if known.
    pub base: Option<String>,
    #[serde(rename = "em_edicao", default)]
    pub typing: Option<Typing>,
    #[serde(rename = "conteudo")]
    pub content: T,
}

impl<T> Draft<T> {
    pub fn new(base: Option<String>, typing: Option<Typing>, content: T) -> Self {
        Draft {
            version: DRAFT_VERSION,
            base,
            typing,
            content,
        }
    }
}

/// The canonical text of a draft.
pub fn draft_text<T: Serialize>(draft: &Draft<T>) -> Result<String, String> {
    ron_text::to_canonical(draft)
}

/// Reads a draft, or a plain file of `T` as a draft without a base.
pub fn parse_draft<T: DeserializeOwned>(bytes: &[u8]) -> Result<Draft<T>, ParseError> {
    match ron_text::parse::<Draft<T>>(bytes) {
        Ok(draft) => Ok(draft),
        Err(envelope_error) => match ron_text::parse::<T>(bytes) {
            Ok(content) => Ok(Draft::new(None, None, content)),
            Err(_) => Err(envelope_error),
        },
    }
}

/// Only the base commit of a draft, whatever it holds.
pub fn draft_base(bytes: &[u8]) -> Option<String> {
    #[derive(Deserialize)]
    struct Header {
        base: Option<String>,
    }
    ron_text::parse::<Header>(bytes).ok()?.base
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthetic::{Rng, process};

    #[test]
    fn a_draft_round_trips_and_a_plain_file_is_a_draft_without_base() {
        let p = process(&mut Rng::new(3), 3);
        let draft = Draft::new(
            Some("abc123".into()),
            Some(Typing {
                label: "descrição".into(),
                path: vec![DraftStep::Key("descricao".into())],
                text: "texto pela metade".into(),
            }),
            p.clone(),
        );
        let text = draft_text(&draft).unwrap();
        assert_eq!(
            parse_draft::<crate::model::Process>(text.as_bytes()).unwrap(),
            draft
        );
        assert_eq!(draft_base(text.as_bytes()).as_deref(), Some("abc123"));
        let plain = ron_text::to_canonical(&p).unwrap();
        let old = parse_draft::<crate::model::Process>(plain.as_bytes()).unwrap();
        assert_eq!((old.base, old.content), (None, p));
        assert_eq!(draft_base(plain.as_bytes()), None);
    }

    #[test]
    fn no_login_leads_a_draft_out_of_its_directory() {
        let root = Path::new("/inv");
        let cftv = InventoryFile::process("cftv");
        for login in ["..", "../..", "a/b", "", ".", "..\\x", "ana"] {
            let path = draft_path(root, login, &cftv);
            assert!(
                path.starts_with("/inv/.rascunhos/") && path.components().count() == 5,
                "{login:?} → {}",
                path.display()
            );
            assert!(!path.to_string_lossy().contains("/../"), "{login:?}");
        }
        assert_eq!(
            draft_path(root, "..", &cftv),
            Path::new("/inv/.rascunhos/desconhecido/cftv.ron")
        );
        assert_eq!(
            draft_path(root, "ana.silva", &cftv),
            Path::new("/inv/.rascunhos/ana.silva/cftv.ron")
        );
        assert_eq!(
            draft_path(root, "ana", &InventoryFile::Institution),
            Path::new("/inv/.rascunhos/ana/inventario.ron")
        );
    }
}
