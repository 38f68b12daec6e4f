//! What the user sets or the reader remembers: keys, themes, the config file, the state file.

pub mod config;
pub mod keymap;
pub mod state;
pub mod theme;
