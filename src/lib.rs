//! camp-reader: a terminal reader for structured documents kept in TOML.
//!
//! Keys become [`keymap::Action`]s, [`app::App::update`] changes the state,
//! and [`view`] draws it; loading and layout know nothing of the terminal.

pub mod app;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod keymap;
pub mod layout;
pub mod load;
pub mod manpage;
#[cfg(feature = "test-support")]
pub mod output_check;
pub mod print;
#[cfg(feature = "test-support")]
pub mod sample;
pub mod sanitize;
pub mod search;
pub mod session;
pub mod state;
pub mod streams;
pub mod textfile;
pub mod theme;
pub mod tui;
pub mod view;
pub mod wrap;
pub mod xdg;
