//! The terminal application (ratatui + crossterm), in the Elm style: `App` holds
//! the state, `update` turns a message (a key, a worker's answer) into new state
//! and commands, views draw `&App` with no I/O, and a worker thread runs git and
//! disk commands so no keystroke waits on them.

pub mod app;
pub mod cursor;
pub mod data;
pub mod form;
pub mod keymap;
pub mod run;
pub mod screens;
pub mod theme;
pub mod view;
pub mod widgets;
pub mod worker;
