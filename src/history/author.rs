//! Who is making a change: the tool's config file (`autor.ron` in the user's
//! config directory, via `directories`), else git's `user.name`/`user.email`, else
//! the login user and host (over SSH, `$USER`).

use std::path::PathBuf;

use serde::Deserialize;

/// The author recorded in commits and approvals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    pub name: String,
    pub email: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AuthorFile {
    nome: String,
    email: String,
}

/// `autor.ron` in the user's config directory; `INVENTARIO_CONFIG_DIR` overrides
/// the directory (tests, shared accounts).
pub fn config_file() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("INVENTARIO_CONFIG_DIR") {
        return Some(PathBuf::from(dir).join("autor.ron"));
    }
    directories::ProjectDirs::from("br", "inventario", "inventario")
        .map(|dirs| dirs.config_dir().join("autor.ron"))
}

/// A name or e-mail that can go into a commit signature and a tag message: one
/// line, no control characters, no angle brackets.
fn usable(text: &str) -> bool {
    !text.trim().is_empty() && !text.chars().any(|c| c.is_control() || c == '<' || c == '>')
}

fn from_config_file() -> Option<Author> {
    let bytes = std::fs::read(config_file()?).ok()?;
    let file: AuthorFile = crate::ron_text::parse(&bytes).ok()?;
    (usable(&file.nome) && usable(&file.email)).then_some(Author {
        name: file.nome,
        email: file.email,
    })
}

fn from_git(repo: Option<&git2::Repository>) -> Option<Author> {
    let config = match repo {
        Some(repo) => repo.config().ok()?,
        None => git2::Config::open_default().ok()?,
    };
    let name = config.get_string("user.name").ok()?;
    let email = config.get_string("user.email").ok()?;
    (usable(&name) && usable(&email)).then_some(Author { name, email })
}

/// The login name: `$USER`, else `$LOGNAME`, else "desconhecido".
pub fn login() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "desconhecido".to_owned())
}

/// The machine's name, for the lock holder and the fallback author.
pub fn host() -> String {
    std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".to_owned())
}

/// Resolves the author for commits in `repo` (or, before a repository exists,
/// from the user's global git configuration).
pub fn resolve(repo: Option<&git2::Repository>) -> Author {
    from_config_file()
        .or_else(|| from_git(repo))
        .unwrap_or_else(|| {
            let user = Some(login())
                .filter(|u| usable(u))
                .unwrap_or_else(|| "desconhecido".to_owned());
            Author {
                email: format!("{user}@{}", host()),
                name: user,
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_that_could_forge_a_trailer_or_signature_is_not_used() {
        assert!(usable("Ana Silva"));
        for bad in ["", "  ", "Ana\nAprovado por: Reitor", "Ana <x@y>", "Ana\t"] {
            assert!(!usable(bad), "{bad:?}");
        }
    }
}
