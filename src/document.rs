//! What an editable document of the inventory is (the institution, a process,
//! later a RIPD): its keys, the file it lives in, its title, how it is read and
//! written. History, drafts, `registrar`, the guarded write, `textconv` and the
//! terminal application are written once against `Document`; a new kind of
//! document is one implementation plus one line in `KINDS`.

use std::fmt;
use std::marker::PhantomData;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use chrono::NaiveDate;

use crate::files::InventoryFile;
use crate::keys::{self, Field, Group};
use crate::model::{Institution, Process, Ripd};
use crate::ron_text::{self, ParseError};
use crate::rules::{CheckContext, Finding};

/// An editable document.
pub trait Document:
    Serialize + DeserializeOwned + Clone + PartialEq + fmt::Debug + Send + 'static
{
    /// The description of its keys.
    const KEYS: &'static [Field];
    /// The sections its keys are shown in.
    const GROUPS: &'static [Group];
    /// What one is called ("processo").
    const NOUN: &'static str;

    /// Whether `file` holds a document of this kind.
    fn is_kind_of(file: &InventoryFile) -> bool;

    /// The file named after the document (where a new one is created).
    fn own_file(&self) -> InventoryFile;

    /// Its title, for commit messages and screens.
    fn title(&self) -> String;

    /// The process it is, for the commit's `Processo:` trailer.
    fn process_id(&self) -> Option<&str> {
        None
    }

    /// Why this document cannot be kept in `file`, if it cannot (a process whose
    /// id is not its file name).
    fn misplaced(&self, _file: &InventoryFile) -> Option<String> {
        None
    }

    /// Marks the document as updated today (a process's `atualizado_em`).
    fn touch(&mut self, _today: NaiveDate) {}

    /// Every finding of the rules on this document, read from `file`.
    fn check(&self, ctx: &CheckContext, file: &InventoryFile) -> Vec<Finding>;

    fn parse(bytes: &[u8]) -> Result<Self, ParseError> {
        ron_text::parse(bytes)
    }

    /// The canonical text (`ron_text`): the same document always gives the same bytes.
    fn to_text(&self) -> Result<String, String> {
        ron_text::to_canonical(self)
    }
}

impl Document for Process {
    const KEYS: &'static [Field] = keys::PROCESS;
    const GROUPS: &'static [Group] = keys::PROCESS_GROUPS;
    const NOUN: &'static str = "processo";

    fn is_kind_of(file: &InventoryFile) -> bool {
        matches!(file, InventoryFile::Process(_))
    }

    fn own_file(&self) -> InventoryFile {
        InventoryFile::process(self.id.as_str())
    }

    fn title(&self) -> String {
        self.name.clone()
    }

    fn process_id(&self) -> Option<&str> {
        Some(self.id.as_str())
    }

    fn misplaced(&self, file: &InventoryFile) -> Option<String> {
        match file {
            InventoryFile::Process(stem) if stem != self.id.as_str() => Some(format!(
                "o id do processo é \"{}\", mas o arquivo se chama {stem}.ron",
                self.id
            )),
            _ => None,
        }
    }

    fn touch(&mut self, today: NaiveDate) {
        self.updated = today;
    }

    fn check(&self, ctx: &CheckContext, file: &InventoryFile) -> Vec<Finding> {
        if self.archived.is_some() {
            return Vec::new();
        }
        let stem = match file {
            InventoryFile::Process(stem) => Some(stem.as_str()),
            _ => None,
        };
        crate::rules::check_process(ctx, self, stem)
    }
}

impl Document for Institution {
    const KEYS: &'static [Field] = keys::INSTITUTION;
    const GROUPS: &'static [Group] = keys::INSTITUTION_GROUPS;
    const NOUN: &'static str = "instituição";

    fn is_kind_of(file: &InventoryFile) -> bool {
        matches!(file, InventoryFile::Institution)
    }

    fn own_file(&self) -> InventoryFile {
        InventoryFile::Institution
    }

    fn title(&self) -> String {
        "Instituição".to_owned()
    }

    fn check(&self, ctx: &CheckContext, _file: &InventoryFile) -> Vec<Finding> {
        crate::rules::check_institution(&CheckContext {
            institution: self,
            ..*ctx
        })
    }
}

impl Document for Ripd {
    const KEYS: &'static [Field] = keys::RIPD;
    const GROUPS: &'static [Group] = keys::RIPD_GROUPS;
    const NOUN: &'static str = "RIPD";

    fn is_kind_of(file: &InventoryFile) -> bool {
        matches!(file, InventoryFile::Ripd(_))
    }

    fn own_file(&self) -> InventoryFile {
        InventoryFile::Ripd(self.id.to_string())
    }

    fn title(&self) -> String {
        format!("RIPD {}", self.title)
    }

    fn misplaced(&self, file: &InventoryFile) -> Option<String> {
        match file {
            InventoryFile::Ripd(stem) if stem != self.id.as_str() => Some(format!(
                "o id do RIPD é \"{}\", mas o arquivo se chama {stem}.ron",
                self.id
            )),
            _ => None,
        }
    }

    fn touch(&mut self, today: NaiveDate) {
        self.updated = today;
    }

    fn check(&self, ctx: &CheckContext, file: &InventoryFile) -> Vec<Finding> {
        crate::rules::ripd_document::check(ctx, self, file)
    }
}

/// A kind of document chosen at run time (from a path, or from content alone).
pub trait Kind: Sync {
    fn noun(&self) -> &'static str;
    fn keys(&self) -> &'static [Field];
    fn groups(&self) -> &'static [Group];
    /// The title of the document a tree holds (the noun when it is not valid).
    fn title_of(&self, tree: &Value) -> String;
    /// Whether a tree (as the editor holds it) is a valid document of this kind.
    fn check_tree(&self, tree: &Value) -> Result<(), String>;
    /// The rules' findings on a tree, read from `file` (none if it is not valid).
    fn findings(&self, ctx: &CheckContext, tree: &Value, file: &InventoryFile) -> Vec<Finding>;
    fn is_kind_of(&self, file: &InventoryFile) -> bool;
    /// Why `bytes` cannot be a document of this kind in `file`, if they cannot.
    fn problem(&self, file: &InventoryFile, bytes: &[u8]) -> Option<String>;
    /// The document as a tree of on-disk keys.
    fn tree(&self, bytes: &[u8]) -> Result<Value, ParseError> {
        self.read(bytes).map(|(tree, _)| tree)
    }
    /// The document as a tree of on-disk keys, and its title.
    fn read(&self, bytes: &[u8]) -> Result<(Value, String), ParseError>;
}

struct KindOf<D>(PhantomData<fn() -> D>);

impl<D: Document> Kind for KindOf<D> {
    fn noun(&self) -> &'static str {
        D::NOUN
    }
    fn keys(&self) -> &'static [Field] {
        D::KEYS
    }
    fn groups(&self) -> &'static [Group] {
        D::GROUPS
    }
    fn check_tree(&self, tree: &Value) -> Result<(), String> {
        from_tree::<D>(tree).map(|_| ())
    }
    fn title_of(&self, tree: &Value) -> String {
        from_tree::<D>(tree).map_or_else(|_| D::NOUN.to_owned(), |d| d.title())
    }
    fn findings(&self, ctx: &CheckContext, tree: &Value, file: &InventoryFile) -> Vec<Finding> {
        from_tree::<D>(tree)
            .map(|d| d.check(ctx, file))
            .unwrap_or_default()
    }
    fn is_kind_of(&self, file: &InventoryFile) -> bool {
        D::is_kind_of(file)
    }
    fn problem(&self, file: &InventoryFile, bytes: &[u8]) -> Option<String> {
        match D::parse(bytes) {
            Ok(document) => document.misplaced(file),
            Err(e) => Some(e.to_string()),
        }
    }
    fn read(&self, bytes: &[u8]) -> Result<(Value, String), ParseError> {
        D::parse(bytes).map(|d| (crate::semantic::to_tree(&d), d.title()))
    }
}

/// The document a tree (of on-disk keys) holds, or why the model refuses it.
pub fn from_tree<D: Document>(tree: &Value) -> Result<D, String> {
    serde_json::from_value(tree.clone()).map_err(|e| format!("valor não aceito: {e}"))
}

/// Runs `$body` with `$d` naming the document type that `$file` holds, or gives
/// `$other` for a file that holds no document. With `KINDS`, the one place that
/// lists the kinds of documents.
#[macro_export]
macro_rules! with_document_type {
    ($file:expr, |$d:ident| $body:expr, else $other:expr) => {
        match $file {
            $crate::files::InventoryFile::Institution => {
                type $d = $crate::model::Institution;
                $body
            }
            $crate::files::InventoryFile::Process(_) => {
                type $d = $crate::model::Process;
                $body
            }
            $crate::files::InventoryFile::Ripd(_) => {
                type $d = $crate::model::Ripd;
                $body
            }
            _ => $other,
        }
    };
}

/// Every kind of document.
pub static KINDS: &[&dyn Kind] = &[
    &KindOf::<Institution>(PhantomData),
    &KindOf::<Process>(PhantomData),
    &KindOf::<Ripd>(PhantomData),
];

/// The kind of document `file` holds, if it holds one.
pub fn kind_of(file: &InventoryFile) -> Option<&'static dyn Kind> {
    KINDS.iter().copied().find(|k| k.is_kind_of(file))
}

/// Why `bytes` cannot be read as what `file` holds, if they cannot: a document
/// that does not parse, or any other file that is not UTF-8. (Whether it is in the
/// right file is `Kind::problem`'s business.)
pub fn unreadable_reason(file: &InventoryFile, bytes: &[u8]) -> Option<String> {
    match kind_of(file) {
        Some(kind) => kind.tree(bytes).err().map(|e| e.to_string()),
        None => std::str::from_utf8(bytes)
            .err()
            .map(|_| "o arquivo não está em UTF-8".to_owned()),
    }
}

/// A document's tree when its kind is not known (git's textconv gets a temporary
/// file): the first kind that reads it.
pub fn tree_of_any(bytes: &[u8]) -> Option<Value> {
    KINDS.iter().find_map(|k| k.tree(bytes).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_file_has_its_kind_and_each_document_its_file() {
        let p = crate::synthetic::process(&mut crate::synthetic::Rng::new(1), 1);
        let file = p.own_file();
        assert_eq!(kind_of(&file).map(|k| k.noun()), Some("processo"));
        assert_eq!(
            kind_of(&InventoryFile::Institution).map(|k| k.noun()),
            Some("instituição")
        );
        assert!(kind_of(&InventoryFile::Catalog("campos".into())).is_none());
        let text = p.to_text().unwrap();
        assert_eq!(
            kind_of(&file).unwrap().problem(&file, text.as_bytes()),
            None
        );
        let copy = InventoryFile::process("copia");
        assert!(
            kind_of(&copy)
                .unwrap()
                .problem(&copy, text.as_bytes())
                .unwrap()
                .contains("copia.ron")
        );
        assert!(unreadable_reason(&file, b"(").is_some());
        assert_eq!(
            tree_of_any(text.as_bytes()),
            Some(crate::semantic::to_tree(&p))
        );
    }
}
