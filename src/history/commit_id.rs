//! A commit's id as the rest of the program sees it: a value to keep, compare,
//! print and parse, with git2's own type kept inside `history`.

use std::fmt;
use std::str::FromStr;

use git2::Oid;

/// The id of a commit of the inventory's history.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CommitId(Oid);

impl CommitId {
    pub(crate) fn oid(self) -> Oid {
        self.0
    }

    /// The first seven hex digits, as `git log --oneline` shows them.
    pub fn short(&self) -> String {
        self.to_string().chars().take(7).collect()
    }
}

impl From<Oid> for CommitId {
    fn from(oid: Oid) -> Self {
        CommitId(oid)
    }
}

impl fmt::Display for CommitId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for CommitId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CommitId({})", self.0)
    }
}

/// A text that is not a commit id (40 hex digits).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" não é o identificador de um commit")]
pub struct NotACommitId(pub String);

impl FromStr for CommitId {
    type Err = NotACommitId;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.len() != 40 {
            return Err(NotACommitId(text.to_owned()));
        }
        Oid::from_str(text)
            .map(CommitId)
            .map_err(|_| NotACommitId(text.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_commit_id_reads_back_from_its_text() {
        let id = CommitId::from(Oid::from_str("0123456789abcdef0123456789abcdef01234567").unwrap());
        assert_eq!(id.to_string().parse::<CommitId>(), Ok(id));
        assert_eq!(id.short(), "0123456");
        assert!("0123".parse::<CommitId>().is_err());
        assert!("x".repeat(40).parse::<CommitId>().is_err());
    }
}
