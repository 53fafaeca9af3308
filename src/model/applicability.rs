//! A section of the SGD template that may be filled in, explicitly declared "não se
//! aplica" (no sharing, no transfer, no contract), or not filled in yet. The template
//! keeps the last two apart (DOMAIN.md §2), and so does the model.

use serde::{Deserialize, Serialize};

/// The on-disk name of a filled-in section (`Lista([...])`).
pub const LIST_VARIANT: &str = "Lista";
/// The on-disk name of a section that does not apply.
pub const NOT_APPLICABLE: &str = "NaoSeAplica";
/// The on-disk name of a section nobody filled in.
pub const NOT_FILLED: &str = "NaoPreenchido";

// serde's renames must be literals: the test below checks they match the names above.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Section<T> {
    /// Nobody has filled this section in yet.
    #[default]
    #[serde(rename = "NaoPreenchido")]
    NotFilled,
    /// Someone declared that the section does not apply to this process.
    #[serde(rename = "NaoSeAplica")]
    NotApplicable,
    /// The section's rows.
    #[serde(rename = "Lista")]
    Items(Vec<T>),
}

impl<T> Section<T> {
    /// The rows, empty when the section is not filled in or does not apply.
    pub fn items(&self) -> &[T] {
        match self {
            Section::Items(items) => items,
            Section::NotFilled | Section::NotApplicable => &[],
        }
    }

    pub fn is_not_filled(&self) -> bool {
        matches!(self, Section::NotFilled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_names_are_the_ones_serde_writes() {
        let text = |s: &Section<u8>| crate::ron_text::to_canonical(s).unwrap();
        assert_eq!(text(&Section::NotFilled).trim(), NOT_FILLED);
        assert_eq!(text(&Section::NotApplicable).trim(), NOT_APPLICABLE);
        assert!(text(&Section::Items(vec![1])).starts_with(&format!("{LIST_VARIANT}(")));
    }
}
