//! Errors of the storage layer, with Portuguese messages that name the file.

use std::io;
use std::path::PathBuf;

use crate::ron_text::ParseError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{}: não é um inventário (falta inventario.ron). Crie um com `inventario init {}` ou experimente o exemplo com `inventario exemplo`",
        .0.display(), .0.display()
    )]
    NotAnInventory(PathBuf),
    #[error("{}: {}", .path.display(), describe_io(.source))]
    Io { path: PathBuf, source: io::Error },
    #[error("{}: {error}", .path.display())]
    Parse { path: PathBuf, error: ParseError },
    #[error(
        "{}: o arquivo existente não pôde ser lido ({reason}); ele não será sobrescrito. Corrija-o ou remova-o antes",
        .path.display()
    )]
    WouldOverwriteUnreadable { path: PathBuf, reason: String },
    #[error("{}: o diretório já existe e não está vazio; escolha outro destino", .0.display())]
    DestinationNotEmpty(PathBuf),
    #[error("não foi possível gerar o texto RON: {0}")]
    Serialize(String),
    #[error("{path}: este caminho não pode ser gravado no inventário: {reason}")]
    PathRefused {
        path: String,
        reason: super::layout::PathRefusal,
    },
    #[error(
        "{}: é um link simbólico; o inventario não grava através de links (o destino poderia estar fora do inventário). Substitua o link por um diretório ou arquivo comum",
        .0.display()
    )]
    ThroughSymlink(PathBuf),
    #[error(
        "{}: o arquivo tem alterações que não estão registradas no histórico (editado à mão?) e seria substituído. Registre-as com `inventario registrar` (ou descarte-as com `git checkout -- ARQUIVO`) e tente de novo; nada foi alterado",
        .0.display()
    )]
    UnregisteredEdit(PathBuf),
}

impl StoreError {
    pub fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        StoreError::Io {
            path: path.into(),
            source,
        }
    }
}

/// A Portuguese description of an I/O error.
pub fn describe_io(error: &io::Error) -> String {
    use io::ErrorKind::*;
    let what = match error.kind() {
        NotFound => "arquivo ou diretório não encontrado",
        PermissionDenied => "permissão negada",
        AlreadyExists => "já existe",
        InvalidData => "conteúdo inválido",
        StorageFull => "disco cheio",
        ReadOnlyFilesystem => "sistema de arquivos somente leitura",
        IsADirectory => "é um diretório, não um arquivo",
        NotADirectory => "não é um diretório",
        _ => return format!("erro de entrada e saída ({error})"),
    };
    what.to_owned()
}
