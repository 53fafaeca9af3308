//! The closed lists of the model's enums as the user reads them. Each enum is
//! declared once, with `closed_list!`: the variant, its on-disk name (serde's
//! rename) and its Portuguese label sit on one line, and the macro writes both the
//! enum and its table, so the name the editor offers is the name serde reads.
//! Diffs, commit messages and reviews show the label instead of the on-disk name
//! (`Publico` is "público", `NaoSeAplica` is "não se aplica").

/// One choice of a closed list: its on-disk name and its Portuguese label.
pub type Choice = (&'static str, &'static str);

/// Declares an enum whose variants serialize under the given on-disk names, plus
/// `ALL`, `label()`, `on_disk()` and a constant table of `(on-disk, label)` pairs.
macro_rules! closed_list {
    (
        $(#[$meta:meta])*
        pub enum $name:ident in $table:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $disk:literal => $label:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $disk)] $variant, )+
        }

        impl $name {
            /// Every variant, in the order the editor offers them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The Portuguese label a user reads.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// The name written in the file.
            pub fn on_disk(self) -> &'static str {
                match self { $($name::$variant => $disk),+ }
            }
        }

        /// The choices of this list, `(on-disk name, label)`.
        pub const $table: &[$crate::model::choices::Choice] = &[$(($disk, $label)),+];
    };
}
pub(crate) use closed_list;

pub use super::data_field::STORAGE;
pub use super::flows::{RECIPIENT, SHARING_LEVELS, TRANSFER_MODES};
pub use super::institution::{MINORS_IN_SCOPE, TRIGGER_SETS};
pub use super::parties::{LEGAL_NATURES, SPECIAL_REGIMES};
pub use super::process::{ANSWERS, PHASES, REACH};
pub use super::retention::{DESTINATION, END_CAUSES, KEEP_EXCEPTIONS, RETENTION_TABLES};
pub use super::ripd::{DEGREES, EFFECTS};
pub use super::vulnerable::VULNERABLE_GROUPS;

/// The states of a section (`Section`): not filled, does not apply, a list.
pub const SECTION_STATES: &[(&str, &str)] = &[
    ("NaoPreenchido", "não preenchido"),
    ("NaoSeAplica", "não se aplica"),
    ("Lista", "lista"),
];
/// Variants that wrap a value: `Anos(5)` is "5 anos".
pub const PERIOD_UNITS: &[(&str, &str)] = &[("Anos", "anos"), ("Evento", "até")];

/// Every closed list, for `label_of`.
const ALL: &[&[(&str, &str)]] = &[
    PHASES,
    REACH,
    RECIPIENT,
    STORAGE,
    DESTINATION,
    END_CAUSES,
    KEEP_EXCEPTIONS,
    TRIGGER_SETS,
    DEGREES,
    EFFECTS,
    ANSWERS,
    SECTION_STATES,
];

/// The Portuguese label of an on-disk variant name, if it is one.
pub fn label_of(variant: &str) -> Option<&'static str> {
    ALL.iter()
        .flat_map(|table| table.iter())
        .find(|(name, _)| *name == variant)
        .map(|(_, label)| *label)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every on-disk name in the tables is one serde really writes.
    #[test]
    fn the_tables_name_the_variants_serde_writes() {
        use crate::model::{Answer, FinalDestination, RecipientKind, StorageMedium};
        let on_disk = |value: &dyn erased::Ron| value.text();
        assert_eq!(on_disk(&Answer::Yes), "Sim");
        assert_eq!(on_disk(&RecipientKind::Public), "Publico");
        assert_eq!(on_disk(&StorageMedium::System), "Sistema");
        assert_eq!(on_disk(&FinalDestination::Elimination), "Eliminacao");
        assert_eq!(label_of("Publico"), Some("público"));
        assert_eq!(label_of("NaoSeAplica"), Some("não se aplica"));
        assert_eq!(label_of("cpf"), None);
    }

    mod erased {
        pub trait Ron {
            fn text(&self) -> String;
        }
        impl<T: serde::Serialize> Ron for T {
            fn text(&self) -> String {
                crate::ron_text::to_canonical(self)
                    .unwrap()
                    .trim()
                    .to_owned()
            }
        }
    }
}
