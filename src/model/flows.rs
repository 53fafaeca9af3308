//! How data flows between the institution and other bodies: sharing with a
//! recipient (SGD section 11; LGPD art. 26–27), international transfer (SGD
//! section 13; LGPD art. 33) and data received from another public body (LGPD
//! art. 26; Decreto 10.046/2019 and its sharing levels).

use serde::{Deserialize, Serialize};

use super::ids::{ItemId, PrivateSharingExceptionId, SafeguardId};
use super::process::Answer;

super::choices::closed_list! {
    /// Whether a sharing recipient is a public body or a private entity (LGPD art. 26).
    pub enum RecipientKind in RECIPIENT {
        Public = "Publico" => "público",
        Private = "Privado" => "privado",
    }
}

super::choices::closed_list! {
    /// How data reaches another country (LGPD art. 33): sent to an organization
    /// there, stored there (a cloud service hosting data abroad), or accessed
    /// from there.
    pub enum TransferMode in TRANSFER_MODES {
        Sending = "Envio" => "envio a organização no exterior",
        Storage = "Armazenamento" => "armazenamento no exterior (nuvem)",
        RemoteAccess = "AcessoRemoto" => "acesso a partir do exterior",
    }
}

super::choices::closed_list! {
    /// The sharing level of Decreto 10.046/2019 art. 4 between federal bodies.
    pub enum SharingLevel in SHARING_LEVELS {
        Broad = "Amplo" => "amplo (art. 4º, I)",
        Restricted = "Restrito" => "restrito (art. 4º, II)",
        Specific = "Especifico" => "específico (art. 4º, III)",
    }
}

/// Data the process receives from another public body: which, by which
/// instrument, at which sharing level (LGPD art. 26; Decreto 10.046/2019).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceivedData {
    #[serde(rename = "orgao")]
    pub body: String,
    /// The law, agreement or act that supports it.
    #[serde(
        rename = "instrumento",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub instrument: Option<String>,
    #[serde(rename = "nivel", default, skip_serializing_if = "Option::is_none")]
    pub level: Option<SharingLevel>,
}

/// A recipient the data is shared with (SGD section 11; LGPD art. 26).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sharing {
    pub id: ItemId,
    #[serde(rename = "destinatario")]
    pub recipient: String,
    #[serde(rename = "natureza")]
    pub kind: RecipientKind,
    /// Ids of the process's data fields that are shared.
    #[serde(rename = "dados", default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<ItemId>,
    #[serde(
        rename = "finalidade",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub purpose: Option<String>,
    /// Which purpose of the process this sharing serves; it must be one of them
    /// (compatibility of purposes, LGPD art. 6 I and art. 26).
    #[serde(
        rename = "finalidade_processo",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub process_purpose: Option<ItemId>,
    /// Agreement, contract or legal act that supports the sharing (UFDPar art. 16).
    #[serde(
        rename = "instrumento",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub instrument: Option<String>,
    /// For private recipients: the exception that allows the transfer (LGPD art.
    /// 26 §1; MPRS art. 20; RO art. 15).
    #[serde(
        rename = "excecao_privado",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub private_exception: Option<PrivateSharingExceptionId>,
    /// Between federal bodies: the level of Decreto 10.046/2019 art. 4.
    #[serde(rename = "nivel", default, skip_serializing_if = "Option::is_none")]
    pub level: Option<SharingLevel>,
    /// Whether the contract or agreement with a private entity was communicated
    /// to the ANPD (LGPD art. 26 §2).
    #[serde(
        rename = "comunicado_anpd",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub reported_to_anpd: Option<Answer>,
}

/// An international transfer (SGD section 13; LGPD art. 33; UFDPar art. 36).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    pub id: ItemId,
    #[serde(rename = "organizacao")]
    pub organization: String,
    #[serde(rename = "pais")]
    pub country: String,
    #[serde(rename = "dados", default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<ItemId>,
    #[serde(
        rename = "salvaguarda",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub safeguard: Option<SafeguardId>,
    #[serde(
        rename = "modalidade",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub mode: Option<TransferMode>,
}
