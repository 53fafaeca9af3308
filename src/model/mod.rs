//! The inventory's domain types. Pure data: no I/O, no git, no terminal. Field names
//! are English; the `serde` renames are the Portuguese on-disk keys a committee
//! member reads in a raw diff.

pub mod applicability;
pub mod choices;
pub mod data_field;
pub mod flows;
pub mod ids;
pub mod institution;
pub mod parties;
pub mod process;
pub mod retention;
pub mod ripd;
pub mod vulnerable;

pub use applicability::Section;
pub use data_field::{DataField, StorageMedium};
pub use flows::{ReceivedData, RecipientKind, Sharing, SharingLevel, Transfer, TransferMode};
pub use ids::*;
pub use institution::{
    Agent, CommitteeMember, DataProtectionOfficer, Institution, MinorsInScope, ParentalConsentRule,
    PolicySettings, RetentionTableSetting, TriggerSet,
};
pub use parties::{
    JointController, LegalNature, Operator, OperatorFor, OutsideGeneralRules, Owner, SpecialRegime,
};
pub use process::{
    Answer, Consent, ItContract, Phase, Process, Purpose, Reach, Review, RipdFacts, RipdRecord,
    SecurityMeasure, SubjectGroup,
};
pub use retention::{EndCause, FinalDestination, KeepException, Period, Retention, RetentionTable};
pub use ripd::Ripd;
pub use vulnerable::{VulnerableGroup, group_labels};

/// Version of the on-disk format written by this build (`versao_formato`).
pub const FORMAT_VERSION: u32 = 1;

/// A whole inventory in memory: the institution and its processes, sorted by id.
#[derive(Debug, Clone, PartialEq)]
pub struct Inventory {
    pub institution: Institution,
    pub processes: Vec<Process>,
}
