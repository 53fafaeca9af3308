//! A section of the SGD template that may be filled in, explicitly declared "não se
//! aplica" (no sharing, no transfer, no contract), or not filled in yet. The template
//! keeps the last two apart (DOMAIN.md §2), and so does the model.

use serde::{Deserialize, Serialize};

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
