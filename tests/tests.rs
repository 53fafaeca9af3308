//! Integration tests, one binary (a 2-core machine links once): the real `inventario`
//! binary on the sample inventory and on broken inputs, storage round trips,
//! property tests, and the architecture's import rules.

mod architecture;
mod cli;
mod concurrency;
mod crash;
mod history;
mod integrity;
mod malformed;
mod properties;
mod publication;
mod readme_keys;
mod reference_ttdd;
mod ripd;
mod sample;
mod sgd_exchange;
mod ssh_sync;
mod storage;
mod tmux_e2e;
mod tui;
mod util;
