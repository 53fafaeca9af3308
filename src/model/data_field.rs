//! One personal-data field of a process (UFDPar art. 34 §1–§4; SGD sections 7–8):
//! what it is (a field-catalog id, whose SGD category tells whether it is
//! sensitive), where it comes from, what it is for, what is done with it, on which
//! basis, for how long and where it is kept.

use serde::{Deserialize, Serialize};

use super::ids::{CategoryId, FieldKindId, ItemId, LegalBasisId, OperationId, SourceId};
use super::retention::Retention;

super::choices::closed_list! {
    /// Where the data is kept (SGD sections 7–8, "onde está armazenado").
    pub enum StorageMedium in STORAGE {
        Paper = "Papel" => "papel",
        ElectronicDocument = "DocumentoEletronico" => "documento eletrônico",
        System = "Sistema" => "sistema",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataField {
    /// Id of the field within the process; sharing and transfers refer to it.
    pub id: ItemId,
    /// The field-catalog entry, e.g. `cpf` or `dados-saude`.
    #[serde(rename = "campo")]
    pub kind: FieldKindId,
    #[serde(rename = "descricao", default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// SGD category, when it differs from the one the catalog gives the field.
    #[serde(rename = "categoria", default, skip_serializing_if = "Option::is_none")]
    pub category: Option<CategoryId>,
    /// How the data is obtained (UFDPar art. 34 §2, art. 35).
    #[serde(rename = "fonte", default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceId>,
    /// Ids of the process purposes the field serves (UFDPar art. 34 §3).
    #[serde(rename = "finalidades", default, skip_serializing_if = "Vec::is_empty")]
    pub purposes: Vec<ItemId>,
    /// Operations performed on it (LGPD art. 5 X; UFDPar art. 34 §4).
    #[serde(rename = "operacoes", default, skip_serializing_if = "Vec::is_empty")]
    pub operations: Vec<OperationId>,
    /// The field's own legal basis; when absent, the bases of its purposes apply.
    #[serde(
        rename = "base_legal",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub legal_basis: Option<LegalBasisId>,
    /// The field's own retention; when absent, the process's applies.
    #[serde(rename = "retencao", default, skip_serializing_if = "Option::is_none")]
    pub retention: Option<Retention>,
    #[serde(
        rename = "armazenamento",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub storage: Option<StorageMedium>,
    /// System or database that holds it (internal: never published).
    #[serde(rename = "sistema", default, skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
}

impl DataField {
    pub fn new(id: ItemId, kind: FieldKindId) -> Self {
        Self {
            id,
            kind,
            description: None,
            category: None,
            source: None,
            purposes: Vec::new(),
            operations: Vec::new(),
            legal_basis: None,
            retention: None,
            storage: None,
            system: None,
        }
    }
}
