//! Errors of the history layer, with Portuguese messages that say what happened and
//! what to do. libgit2's own (English) text never reaches a user on its own: it is
//! described by its error code, and kept only in parentheses as a detail.

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
        "{}: o repositório pertence a outro usuário do sistema, e o git só abre repositórios alheios quando autorizado. Se o inventário é compartilhado de propósito, autorize-o com `git config --global --add safe.directory {}`",
        .0.display(), .0.display()
    )]
    NotOwner(PathBuf),
    #[error(
        "{}: o diretório está dentro do repositório git {}, mas não é a raiz de um repositório próprio; o inventario não grava no repositório de outro projeto. Faça uma cópia editável com `inventario exemplo DESTINO` ou rode `git init` em {}",
        .path.display(), .enclosing.display(), .path.display()
    )]
    InsideAnotherRepository { path: PathBuf, enclosing: PathBuf },
    #[error("{}: {}", .path.display(), describe_git(.source))]
    Git { path: PathBuf, source: git2::Error },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(
        "outra gravação no inventário está em andamento há mais de {seconds} segundos{}. Aguarde e tente de novo; se for um comando parado, encerre-o (`kill PID`)",
        if .holder.is_empty() { String::new() } else { format!(" ({})", .holder) }
    )]
    LockTimeout { seconds: u64, holder: String },
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
        /// The commit whose version conflicted ("theirs"): resolving starts there.
        head: super::CommitId,
    },
    #[error(
        "{file}: {why} desde que você o abriu. Sua versão foi guardada em {} e nada foi perdido",
        .draft.display()
    )]
    FileConflict {
        file: String,
        why: String,
        draft: PathBuf,
    },
    #[error(
        "há alterações nos arquivos que não estão registradas no histórico e seriam perdidas: {}. Registre-as antes com `inventario registrar` (ou descarte-as com `git checkout -- ARQUIVO`); nada foi alterado",
        .0.join(", ")
    )]
    UnregisteredEdits(Vec<String>),
    #[error("a revisão com a {0} já está registrada hoje; nada foi gravado")]
    AlreadyRecorded(String),
    #[error("{0}: a versão informada não existe no histórico")]
    UnknownRevision(String),
    #[error(
        "{0} já existe; um documento novo nunca substitui outro. Escolha outro id (nada foi gravado)"
    )]
    AlreadyExists(String),
    #[error("o processo \"{0}\" não existe no histórico (veja `inventario log`)")]
    UnknownProcess(String),
    #[error("o RIPD \"{0}\" não existe no histórico (crie-o com `inventario ripd novo`)")]
    UnknownRipd(String),
    #[error("o ramo principal mudou durante a gravação várias vezes seguidas; tente de novo")]
    BranchKeptMoving,
    #[error(
        "o git está com o HEAD destacado (fora do ramo main), por exemplo depois de `git checkout VERSAO`; o inventario só grava no ramo main. Volte com `git checkout main` e tente de novo"
    )]
    DetachedHead,
    #[error(
        "o repositório está no ramo \"{0}\", e o inventario só grava no ramo main. Volte com `git checkout main` e tente de novo"
    )]
    OtherBranch(String),
    #[error(
        "há {0} do git em andamento no repositório; termine-a (`git {1} --continue`) ou desfaça-a (`git {1} --abort`) antes de gravar"
    )]
    OperationInProgress(&'static str, &'static str),
    #[error(
        "o repositório central trouxe um caminho proibido e nada foi alterado aqui: a versão {commit} tem \"{path}\", que {reason}. Avise quem administra o repositório central"
    )]
    IncomingPathRefused {
        commit: String,
        path: String,
        reason: String,
    },
    #[error("{what}: {reason}")]
    InvalidText { what: &'static str, reason: String },
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

/// A Portuguese description of a libgit2 error: what happened and what to do.
pub fn describe_git(error: &git2::Error) -> String {
    use git2::ErrorCode::*;
    let what = match error.code() {
        Locked => {
            "um arquivo de trava do git está em uso por outro programa (um `git` em andamento?); tente de novo em instantes"
        }
        NotFound => {
            "um objeto ou referência do histórico não foi encontrado; o repositório pode estar incompleto (rode `git fsck`)"
        }
        Exists => "a referência já existe",
        Owner => {
            "o repositório pertence a outro usuário do sistema (veja `git config --global --add safe.directory`)"
        }
        Modified => "o ramo foi alterado por outro programa durante a gravação; tente de novo",
        UnbornBranch => "o ramo main ainda não tem nenhuma versão registrada",
        Conflict | MergeConflict => "há um conflito com os arquivos do diretório",
        Invalid | InvalidSpec => "um nome ou caminho inválido foi recusado pelo git",
        Auth | Certificate => "a autenticação com o repositório remoto falhou",
        _ => match error.class() {
            git2::ErrorClass::Os => "erro do sistema de arquivos ao acessar o repositório",
            git2::ErrorClass::Odb | git2::ErrorClass::Object | git2::ErrorClass::Zlib => {
                "o banco de objetos do git está danificado; rode `git fsck` e restaure de uma cópia"
            }
            git2::ErrorClass::Index => {
                "o índice do git (`.git/index`) não pôde ser lido ou gravado"
            }
            _ => "erro do git",
        },
    };
    format!("{what} (detalhe do git: {})", error.message())
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

/// Refuses text that would go into a commit message, trailer or tag with control
/// characters (a newline there could forge fields that `revisao historico` reads).
pub fn single_line(what: &'static str, text: &str) -> Result<(), HistoryError> {
    if text.trim().is_empty() {
        return Err(HistoryError::InvalidText {
            what,
            reason: "o texto está vazio".to_owned(),
        });
    }
    if text.chars().any(char::is_control) {
        return Err(HistoryError::InvalidText {
            what,
            reason: "o texto não pode ter quebras de linha nem caracteres de controle".to_owned(),
        });
    }
    Ok(())
}
