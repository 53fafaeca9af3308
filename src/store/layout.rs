//! Where things live in an inventory directory, and which paths may exist there at
//! all: the allow-list that every write and every incoming commit is checked
//! against (a central repository is untrusted input).
//!
//! ```text
//! inventario.ron          the institution
//! processos/<id>.ron      one file per process
//! ripd/<id>.ron           impact reports (reserved)
//! catalogos/<nome>.ron    local extensions of the catalogs in schemas/
//! LEIA-ME.md              notes (also in catalogos/ and ripd/)
//! .gitattributes          the tool's own git settings
//! .gitignore
//! ```

use std::path::{Path, PathBuf};

use crate::model::{ProcessId, validate_id};

pub const INSTITUTION_FILE: &str = "inventario.ron";
pub const PROCESSES_DIR: &str = "processos";
pub const RIPD_DIR: &str = "ripd";
pub const CATALOGS_DIR: &str = "catalogos";
pub const EXTENSION: &str = "ron";
/// Notes for people, allowed at the root and in `catalogos/` and `ripd/`.
pub const NOTES_FILE: &str = "LEIA-ME.md";
/// Drafts of unsaved edits, per user (ignored by git, never synchronized).
pub const DRAFTS_DIR: &str = ".rascunhos";
/// Prefix of the temporary files an atomic write leaves if it is killed.
pub const TEMP_PREFIX: &str = ".inventario-";

pub fn institution_path(root: &Path) -> PathBuf {
    root.join(INSTITUTION_FILE)
}

pub fn processes_dir(root: &Path) -> PathBuf {
    root.join(PROCESSES_DIR)
}

/// `processos/<id>.ron`; safe because a `ProcessId` is `[a-z0-9-]{1,64}`.
pub fn process_path(root: &Path, id: &ProcessId) -> PathBuf {
    processes_dir(root).join(format!("{id}.{EXTENSION}"))
}

/// `processos/<id>.ron`, relative with `/`, as git and findings name it.
pub fn process_file(id: &str) -> String {
    format!("{PROCESSES_DIR}/{id}.{EXTENSION}")
}

/// The directories the tool writes inventory files into.
pub fn inventory_dirs(root: &Path) -> [PathBuf; 4] {
    [
        root.to_path_buf(),
        root.join(PROCESSES_DIR),
        root.join(CATALOGS_DIR),
        root.join(RIPD_DIR),
    ]
}

/// The path relative to the inventory root, with `/`, as findings show it.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// What a path inside an inventory is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileKind {
    Institution,
    Process(String),
    Catalog(String),
    Ripd(String),
    Notes,
    /// `.gitattributes` and `.gitignore`.
    GitSettings,
}

/// Why a path may not exist in an inventory.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathRefusal {
    #[error("o caminho está vazio")]
    Empty,
    #[error("caminho absoluto")]
    Absolute,
    #[error("usa \"..\" para sair do diretório")]
    ParentDirectory,
    #[error("tem um componente \"{0}\", que o git usa para a sua configuração interna")]
    GitDirectory(String),
    #[error("tem um caractere de controle ou uma barra invertida")]
    BadCharacter,
    #[error("não é um arquivo do inventário (veja \"Onde ficam as coisas\" no README)")]
    NotInLayout,
}

/// Whether a path component names git's own directory in any spelling a file
/// system may treat as `.git`: any case, trailing dots or spaces (Windows), the
/// 8.3 short name `git~1`, or with code points HFS+ ignores.
pub fn is_git_name(component: &str) -> bool {
    let visible: String = component
        .chars()
        .filter(|c| !is_hfs_ignorable(*c))
        .collect::<String>()
        .to_lowercase();
    let trimmed = visible.trim_end_matches(['.', ' ']);
    trimmed == ".git"
        || (trimmed.starts_with("git~") && trimmed[4..].bytes().all(|b| b.is_ascii_digit()))
}

/// The code points HFS+ drops when comparing names (as git's `is_hfs_dotgit`).
fn is_hfs_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{200c}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{206a}'..='\u{206f}' | '\u{feff}'
    )
}

/// A name made of `[a-z0-9-]` (catalogs and RIPD files use the id shape).
fn is_id(stem: &str) -> bool {
    validate_id(stem).is_ok()
}

/// Classifies a relative path (with `/`) against the allow-list.
pub fn classify(path: &str) -> Result<FileKind, PathRefusal> {
    if path.is_empty() {
        return Err(PathRefusal::Empty);
    }
    if path.starts_with('/') {
        return Err(PathRefusal::Absolute);
    }
    let components: Vec<&str> = path.split('/').collect();
    for component in &components {
        if *component == ".." {
            return Err(PathRefusal::ParentDirectory);
        }
        if is_git_name(component) {
            return Err(PathRefusal::GitDirectory((*component).to_owned()));
        }
        if component
            .chars()
            .any(|c| c.is_control() || c == '\\' || c == ':')
        {
            return Err(PathRefusal::BadCharacter);
        }
    }
    fn ron(name: &str) -> Option<&str> {
        name.strip_suffix(EXTENSION)?
            .strip_suffix('.')
            .filter(|stem| is_id(stem))
    }
    match components.as_slice() {
        [INSTITUTION_FILE] => Ok(FileKind::Institution),
        [NOTES_FILE] => Ok(FileKind::Notes),
        [".gitattributes" | ".gitignore"] => Ok(FileKind::GitSettings),
        [PROCESSES_DIR, name] => ron(name)
            .map(|id| FileKind::Process(id.to_owned()))
            .ok_or(PathRefusal::NotInLayout),
        [CATALOGS_DIR | RIPD_DIR, NOTES_FILE] => Ok(FileKind::Notes),
        [CATALOGS_DIR, name] => ron(name)
            .map(|id| FileKind::Catalog(id.to_owned()))
            .ok_or(PathRefusal::NotInLayout),
        [RIPD_DIR, name] => ron(name)
            .map(|id| FileKind::Ripd(id.to_owned()))
            .ok_or(PathRefusal::NotInLayout),
        _ => Err(PathRefusal::NotInLayout),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_layout_is_an_allow_list() {
        assert_eq!(classify("inventario.ron"), Ok(FileKind::Institution));
        assert_eq!(
            classify("processos/cftv.ron"),
            Ok(FileKind::Process("cftv".into()))
        );
        assert_eq!(
            classify("catalogos/campos.ron"),
            Ok(FileKind::Catalog("campos".into()))
        );
        assert_eq!(classify("ripd/LEIA-ME.md"), Ok(FileKind::Notes));
        assert_eq!(classify(".gitignore"), Ok(FileKind::GitSettings));
        for bad in [
            "processos/CFTV.ron",
            "processos/a/b.ron",
            "processos/x.txt",
            "outro.ron",
            ".rascunhos/ana/cftv.ron",
            "hooks/post-checkout",
        ] {
            assert_eq!(classify(bad), Err(PathRefusal::NotInLayout), "{bad}");
        }
        assert_eq!(classify("ripd/../../x"), Err(PathRefusal::ParentDirectory));
        assert_eq!(classify("/etc/passwd"), Err(PathRefusal::Absolute));
        assert_eq!(classify(""), Err(PathRefusal::Empty));
    }

    #[test]
    fn every_spelling_of_dot_git_is_refused() {
        for name in [
            ".git",
            ".GIT",
            ".Git",
            ".git.",
            ".git ",
            "git~1",
            "GIT~12",
            ".g\u{200c}it",
        ] {
            assert!(is_git_name(name), "{name:?}");
            assert!(
                matches!(
                    classify(&format!("{name}/config")),
                    Err(PathRefusal::GitDirectory(_))
                ),
                "{name:?}"
            );
        }
        for name in ["git", ".gitignore", ".github", "gitx~1", "git~a"] {
            assert!(!is_git_name(name), "{name:?}");
        }
    }
}
