//! One file per screen or overlay: its state, its key handling and its drawing.

pub mod calendar;
pub mod conflict;
pub mod detail;
pub mod dialogs;
pub mod editor;
pub mod history;
pub mod list;
pub mod palette;
pub mod review;
