//! camp-reader: a terminal reader for structured documents kept in TOML.
//!
//! Keys become [`keymap::Action`]s, [`app::App::update`] changes the state,
//! and [`view`] draws it; loading and layout know nothing of the terminal.

pub mod cli;
pub mod document;
pub mod layout;
pub mod load;
pub mod print;
pub mod sanitize;
pub mod app;
pub mod keymap;
pub mod theme;
pub mod view;
pub mod tui;
