//! Identifier types: process ids (validated, they become file names) and the
//! references into the catalogs (checked by the rules, not here, because a catalog
//! can be extended per inventory).

use std::fmt;

use serde::{Deserialize, Serialize};

/// Longest id accepted for a process or a list item.
pub const MAX_ID_LEN: usize = 64;

/// Why a text is not a valid id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("o identificador está vazio")]
    Empty,
    #[error("o identificador \"{0}\" tem mais de 64 caracteres")]
    TooLong(String),
    #[error(
        "o identificador \"{0}\" só pode ter letras minúsculas sem acento, dígitos e hífen (a-z, 0-9, -)"
    )]
    BadCharacter(String),
}

/// Checks the `[a-z0-9-]{1,64}` shape shared by process ids and item ids.
pub fn validate_id(text: &str) -> Result<(), IdError> {
    if text.is_empty() {
        return Err(IdError::Empty);
    }
    if text.len() > MAX_ID_LEN {
        return Err(IdError::TooLong(text.to_owned()));
    }
    if !text
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(IdError::BadCharacter(text.to_owned()));
    }
    Ok(())
}

/// Declares a `String` newtype that serializes as a plain string.
macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            pub fn new(text: impl Into<String>) -> Self {
                Self(text.into())
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                Self(text.to_owned())
            }
        }
    };
}

/// Declares a newtype whose text must match `[a-z0-9-]{1,64}`; deserializing
/// anything else fails, so a bad id never reaches the model.
macro_rules! validated_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub fn parse(text: &str) -> Result<Self, IdError> {
                validate_id(text)?;
                Ok(Self(text.to_owned()))
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
            /// An id made from a name (`"Banco do Brasil"` → `banco-do-brasil`),
            /// or `fallback` (an id literal) when the name has no letter or digit.
            pub fn from_name(name: &str, fallback: &'static str) -> Self {
                let slug = crate::text::slug(name, MAX_ID_LEN);
                debug_assert!(validate_id(fallback).is_ok());
                Self(if slug.is_empty() { fallback.to_owned() } else { slug })
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(text: String) -> Result<Self, IdError> {
                validate_id(&text)?;
                Ok(Self(text))
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

validated_id!(
    /// A process id; also its file name, `processos/<id>.ron`.
    ProcessId
);
validated_id!(
    /// The id of an item inside a process (a data field, a purpose, a sharing…),
    /// used to match list items across revisions and to refer to them.
    ItemId
);

string_id!(
    /// A risk of `riscos.ron` (`R01`…`R14`, ISO/IEC 29134 as the SGD RIPD guide
    /// lists them) or of the institution's own catalog.
    RiskId
);
string_id!(
    /// A field of the field catalog (UFDPar art. 34 §1 and extensions), e.g. `cpf`.
    FieldKindId
);
string_id!(
    /// An SGD data category, e.g. `7.1.2` or the sensitive `8.8`.
    CategoryId
);
string_id!(
    /// A legal basis of LGPD art. 7, 11 or 14, e.g. `art7-iii` or `art11-ii-a`.
    LegalBasisId
);
string_id!(
    /// A data-subject group (UFDPar art. 33, MPRN, SGD), e.g. `discentes`.
    SubjectGroupId
);
string_id!(
    /// A source of collection (UFDPar art. 35), e.g. `informado-titular`.
    SourceId
);
string_id!(
    /// One of the 20 operations of LGPD art. 5 X, e.g. `armazenamento`.
    OperationId
);
string_id!(
    /// A security and privacy measure type (SGD), e.g. `controle-acesso-logico`.
    MeasureTypeId
);
string_id!(
    /// An international-transfer safeguard of LGPD art. 33, e.g. `art33-ii-b`.
    SafeguardId
);
string_id!(
    /// An exception allowing transfer to a private entity (LGPD art. 26 §1).
    PrivateSharingExceptionId
);
string_id!(
    /// A code of the Arquivo Nacional's classification and retention table.
    TtddCode
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_lowercase_digits_and_hyphen() {
        assert!(ProcessId::parse("matricula-2024").is_ok());
        assert!(ProcessId::parse(&"a".repeat(64)).is_ok());
    }

    #[test]
    fn refuses_path_traversal_and_bad_shapes() {
        for bad in [
            "",
            "../etc",
            "a/b",
            "Matricula",
            "matrícula",
            "a b",
            "a.ron",
        ] {
            assert!(ProcessId::parse(bad).is_err(), "{bad:?} should be refused");
        }
        assert_eq!(
            ProcessId::parse(&"a".repeat(65)),
            Err(IdError::TooLong("a".repeat(65)))
        );
    }

    #[test]
    fn deserializing_a_bad_id_fails() {
        let parsed: Result<ProcessId, _> = ron::from_str("\"../x\"");
        assert!(parsed.is_err());
    }
}
