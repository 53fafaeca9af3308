//! One map of the inventory's files: what each path holds, which paths may exist
//! at all (the allow-list every write and every incoming commit is checked
//! against; a central repository is untrusted input), and the path of each file.
//! Pure: paths as text with `/`, as git and findings name them.
//!
//! ```text
//! inventario.ron          the institution
//! processos/<id>.ron      one file per process
//! ripd/<id>.ron           impact reports
//! catalogos/<nome>.ron    local extensions of the catalogs in schemas/
//! LEIA-ME.md              notes (also in catalogos/ and ripd/)
//! .gitattributes          the tool's own git settings
//! .gitignore
//! ```

use std::fmt;

use crate::model::validate_id;

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

/// A file of an inventory, by what it holds. Stems are ids (`[a-z0-9-]`): the
/// file name, which for a process read from a copy may differ from the id inside.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InventoryFile {
    /// `inventario.ron`.
    Institution,
    /// `processos/<stem>.ron`.
    Process(String),
    /// `ripd/<stem>.ron`.
    Ripd(String),
    /// `catalogos/<name>.ron`.
    Catalog(String),
    /// `LEIA-ME.md` at the root, or in `catalogos/` or `ripd/` (the folder).
    Notes(Option<&'static str>),
    /// `.gitattributes` or `.gitignore`.
    GitSettings(&'static str),
}

/// The files git itself reads that the tool writes.
const GIT_SETTINGS: [&str; 2] = [".gitattributes", ".gitignore"];

impl InventoryFile {
    /// `processos/<stem>.ron`.
    pub fn process(stem: &str) -> Self {
        InventoryFile::Process(stem.to_owned())
    }

    /// Whether this is a document the tool edits (institution, process, RIPD).
    pub fn is_document(&self) -> bool {
        matches!(
            self,
            InventoryFile::Institution | InventoryFile::Process(_) | InventoryFile::Ripd(_)
        )
    }

    /// The name of a user's draft of this file, under `.rascunhos/<login>/`:
    /// `<id>.ron` for a process, `inventario.ron`, `ripd/<id>.ron`.
    pub fn draft_name(&self) -> String {
        match self {
            InventoryFile::Process(stem) => format!("{stem}.{EXTENSION}"),
            other => other.to_string(),
        }
    }

    /// What a path inside an inventory is, or why it may not exist there.
    pub fn parse(path: &str) -> Result<InventoryFile, PathRefusal> {
        classify(path)
    }
}

impl fmt::Display for InventoryFile {
    /// The path relative to the inventory root, with `/`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InventoryFile::Institution => f.write_str(INSTITUTION_FILE),
            InventoryFile::Process(stem) => write!(f, "{PROCESSES_DIR}/{stem}.{EXTENSION}"),
            InventoryFile::Ripd(stem) => write!(f, "{RIPD_DIR}/{stem}.{EXTENSION}"),
            InventoryFile::Catalog(name) => write!(f, "{CATALOGS_DIR}/{name}.{EXTENSION}"),
            InventoryFile::Notes(None) => f.write_str(NOTES_FILE),
            InventoryFile::Notes(Some(dir)) => write!(f, "{dir}/{NOTES_FILE}"),
            InventoryFile::GitSettings(name) => f.write_str(name),
        }
    }
}

/// `processos/<stem>.ron`, as git and findings name it.
pub fn process_file(stem: &str) -> String {
    InventoryFile::process(stem).to_string()
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
pub fn classify(path: &str) -> Result<InventoryFile, PathRefusal> {
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
        [INSTITUTION_FILE] => Ok(InventoryFile::Institution),
        [NOTES_FILE] => Ok(InventoryFile::Notes(None)),
        [name] => GIT_SETTINGS
            .iter()
            .find(|s| *s == name)
            .map(|s| InventoryFile::GitSettings(s))
            .ok_or(PathRefusal::NotInLayout),
        [PROCESSES_DIR, name] => ron(name)
            .map(|id| InventoryFile::Process(id.to_owned()))
            .ok_or(PathRefusal::NotInLayout),
        [CATALOGS_DIR, NOTES_FILE] => Ok(InventoryFile::Notes(Some(CATALOGS_DIR))),
        [RIPD_DIR, NOTES_FILE] => Ok(InventoryFile::Notes(Some(RIPD_DIR))),
        [CATALOGS_DIR, name] => ron(name)
            .map(|id| InventoryFile::Catalog(id.to_owned()))
            .ok_or(PathRefusal::NotInLayout),
        [RIPD_DIR, name] => ron(name)
            .map(|id| InventoryFile::Ripd(id.to_owned()))
            .ok_or(PathRefusal::NotInLayout),
        _ => Err(PathRefusal::NotInLayout),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_layout_is_an_allow_list() {
        assert_eq!(classify("inventario.ron"), Ok(InventoryFile::Institution));
        assert_eq!(
            classify("processos/cftv.ron"),
            Ok(InventoryFile::Process("cftv".into()))
        );
        assert_eq!(
            classify("catalogos/campos.ron"),
            Ok(InventoryFile::Catalog("campos".into()))
        );
        assert_eq!(
            classify("ripd/LEIA-ME.md"),
            Ok(InventoryFile::Notes(Some(RIPD_DIR)))
        );
        assert_eq!(
            classify(".gitignore"),
            Ok(InventoryFile::GitSettings(".gitignore"))
        );
        assert_eq!(classify(".gitmodules"), Err(PathRefusal::NotInLayout));
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
    fn every_file_reads_back_from_its_own_path() {
        for file in [
            InventoryFile::Institution,
            InventoryFile::process("cftv"),
            InventoryFile::Ripd("ripd-1".into()),
            InventoryFile::Catalog("campos".into()),
            InventoryFile::Notes(None),
            InventoryFile::Notes(Some(CATALOGS_DIR)),
            InventoryFile::GitSettings(".gitattributes"),
        ] {
            assert_eq!(classify(&file.to_string()), Ok(file.clone()), "{file}");
        }
        assert_eq!(InventoryFile::process("cftv").draft_name(), "cftv.ron");
        assert_eq!(InventoryFile::Ripd("r".into()).draft_name(), "ripd/r.ron");
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
