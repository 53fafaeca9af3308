//! inventario: the Inventário de Dados Pessoais (LGPD art. 37) and the RIPD of a
//! Brazilian public institution, kept as RON files in a git repository.
//!
//! The pure core (`model`, `catalog`, `rules`, `ron_text`) does no I/O; the edges
//! (`store`, `report`, `cli`) read and write. See ARCHITECTURE.md.

pub mod assistant;
pub mod catalog;
pub mod checkup;
pub mod cli;
pub mod document;
pub mod export;
pub mod files;
pub mod history;
pub mod import;
pub mod keys;
pub mod listing;
pub mod model;
pub mod parallel;
pub mod publish;
pub mod report;
pub mod ripd_docx;
pub mod ripd_report;
pub mod ron_peek;
pub mod ron_text;
pub mod rules;
pub mod semantic;
pub mod sgd;
pub mod store;
#[cfg(any(test, feature = "synthetic"))]
pub mod synthetic;
pub mod text;
pub mod tui;
