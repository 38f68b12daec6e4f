//! camp-reader: a terminal reader for structured documents: its own TOML
//! format and Markdown.
//!
//! Keys become [`settings::keymap::Command`]s (what the loop learns, [`app::Event`]s), [`app::App::update`] changes
//! the state, and [`view`] draws it; loading and layout know nothing of the
//! terminal.
//!
//! # Layers
//! Each folder of `src/` is one layer. Imports only point down: a module
//! may `use` its own folder and the folders of lower layers (smaller
//! numbers), never a folder of its own layer or above (`tests/it/layers.rs`
//! checks every `crate::` path in `src/`, unit tests at the end of a file
//! aside: they may use anything).
//! 1. `text`: what text may reach the terminal, where lines break, located
//!    errors, the one form of terminal hyperlink.
//! 2. `model`, `sys`: the immutable document model and where a link
//!    points; system calls (the terminal's modes, standard streams, waking
//!    the loop, reading files safely, per-user paths, the opener, the
//!    editor): all `unsafe` code lives in `sys`.
//! 3. `load`, `render`, `find`: TOML and Markdown to a document and
//!    conversion between them; composing a block's lines, layout and
//!    printing; search and its matches.
//! 4. `settings`, `testing`: keys, themes, the config file, the state file;
//!    test support behind the `test-support` feature.
//! 5. `app`: the state, `update`, and resuming a session.
//! 6. `view`, `shell`: drawing the state; the command line, the event
//!    loop, the manual page, live reload.

pub mod app;
pub mod find;
pub mod load;
pub mod model;
pub mod render;
pub mod settings;
pub mod shell;
#[allow(unsafe_code)]
pub mod sys;
#[cfg(feature = "test-support")]
pub mod testing;
pub mod text;
pub mod view;
