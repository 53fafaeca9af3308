//! Errors of the history layer, with Portuguese messages that say what to do.

use std::path::PathBuf;

use crate::semantic::Conflict;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error(
        "{}: não é um repositório git de inventário. Crie um inventário com `inventario init DIR` (ou `inventario exemplo`), ou rode `git init` nesse diretório",
        .0.display()
    )]
    NotARepository(PathBuf),
    #[error(
        "{}: o diretório está dentro do repositório git {}, mas não é a raiz de um repositório próprio; o inventario não grava no repositório de outro projeto. Faça uma cópia editável com `inventario exemplo DESTINO` ou rode `git init` em {}",
        .path.display(), .enclosing.display(), .path.display()
    )]
    InsideAnotherRepository { path: PathBuf, enclosing: PathBuf },
    #[error("erro do git em {}: {}", .path.display(), .source.message())]
    Git { path: PathBuf, source: git2::Error },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(
        "outra pessoa está salvando no inventário há mais de {0} segundos; tente de novo em instantes"
    )]
    LockTimeout(u64),
    #[error("{}: o arquivo não pôde ser lido e não será registrado: {reason}", .file)]
    Unreadable { file: String, reason: String },
    #[error(
        "{file}: outra pessoa alterou os mesmos campos desde que você abriu o processo ({}). Sua versão foi guardada em {} e nada foi perdido",
        conflict_paths(.conflicts), .draft.display()
    )]
    Conflict {
        file: String,
        conflicts: Vec<Conflict>,
        draft: PathBuf,
    },
    #[error("{0}: a versão informada não existe no histórico")]
    UnknownRevision(String),
    #[error("o ramo principal mudou durante a gravação várias vezes seguidas; tente de novo")]
    BranchKeptMoving,
    #[error("{0}")]
    Remote(String),
}

fn conflict_paths(conflicts: &[Conflict]) -> String {
    conflicts
        .iter()
        .map(|c| c.path.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Attaches the repository path to git2 errors.
pub(crate) trait GitContext<T> {
    fn at(self, path: &std::path::Path) -> Result<T, HistoryError>;
}

impl<T> GitContext<T> for Result<T, git2::Error> {
    fn at(self, path: &std::path::Path) -> Result<T, HistoryError> {
        self.map_err(|source| HistoryError::Git {
            path: path.to_path_buf(),
            source,
        })
    }
}
