//! Meaning-level comparison of inventory files: the field-level diff (list items
//! matched by id), the three-way merge that lets several people edit one
//! repository, and the Portuguese phrases and commit messages built from them.
//! Pure: trees in, changes out; git lives in `history`.

pub mod diff;
pub mod labels;
pub mod merge;
pub mod message;
pub mod render;
pub mod tree;

pub use diff::{Change, ChangeKind, diff};
pub use merge::{Conflict, merge3, merge3_resolving};
pub use message::{Operation, commit_message};
pub use tree::to_tree;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// The changes from one model value to another.
pub fn diff_models<T: Serialize>(old: &T, new: &T) -> Vec<Change> {
    diff(&to_tree(old), &to_tree(new))
}

/// Why a three-way merge of two models did not produce a model.
#[derive(Debug, Clone, PartialEq)]
pub enum MergeFailure {
    Conflicts(Vec<Conflict>),
    /// The merged tree is not a valid model (e.g. two items got the same id).
    Invalid(String),
}

/// Merges `ours` and `theirs`, both derived from `base`.
pub fn merge_models<T: Serialize + DeserializeOwned>(
    base: &T,
    ours: &T,
    theirs: &T,
) -> Result<T, MergeFailure> {
    let merged = merge3(&to_tree(base), &to_tree(ours), &to_tree(theirs))
        .map_err(MergeFailure::Conflicts)?;
    serde_json::from_value(merged).map_err(|e| MergeFailure::Invalid(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Answer, LegalBasisId};
    use crate::synthetic::{Rng, process};

    #[test]
    fn processes_merge_through_their_trees() {
        let base = process(&mut Rng::new(1), 1);
        let mut ours = base.clone();
        ours.children = Some(Answer::Yes);
        let mut theirs = base.clone();
        theirs.fields[0].legal_basis = Some(LegalBasisId::from("art7-v"));
        let merged = merge_models(&base, &ours, &theirs).unwrap();
        assert_eq!(merged.children, Some(Answer::Yes));
        assert_eq!(
            merged.fields[0].legal_basis,
            Some(LegalBasisId::from("art7-v"))
        );
        assert_eq!(diff_models(&base, &merged).len(), 2);
    }
}
