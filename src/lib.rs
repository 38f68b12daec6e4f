//! camp-reader: a terminal reader for structured documents kept in TOML.
//!
//! Keys become [`keymap::Action`]s, [`app::App::update`] changes the state,
//! and [`view`] draws it; loading and layout know nothing of the terminal.
//!
//! # Layers
//! Imports only point down: a module may `use` modules of the layers above
//! its own in this list, never one of its own layer or below
//! (`tests/layers.rs` checks every `crate::` path in `src/`, unit tests
//! at the end of a file aside: they may use anything).
//! 1. `sanitize`, `hyperlink`: what text may reach the terminal; the one
//!    form of terminal hyperlink (OSC 8) written, with its address made safe.
//! 2. `diagnostic`, `streams`, `output_check`, `wake`: located errors with
//!    their excerpt; writing to closed or full streams; the terminal byte
//!    rule; waking the event loop from another thread.
//! 3. `textfile`, `xdg`, `opener`: reading a file safely (type, size,
//!    encoding); where per-user files live; starting the browser.
//! 4. `document`: the immutable model.
//! 5. `load`: TOML and Markdown to a document.
//! 6. `wrap`, `search`, `convert`, `link`: where lines break, matching,
//!    TOML to Markdown and back, where a link points.
//! 7. `compose`: where a block's lines break and what each shows.
//! 8. `layout`, `matches`, `sample`, `showcase`: wrapped blocks and
//!    positions, a search's matches kept compactly, generated documents, a
//!    document of every rich block kind.
//! 9. `keymap`, `theme`: keys to actions, styles.
//! 10. `state`, `config`: the remembered positions, the config file.
//! 11. `app`: the state and `update`.
//! 12. `session`, `view`, `print`, `terminal`, `watch`, `editor`: resuming,
//!     drawing, printing, the terminal's modes (entered, and restored on
//!     every way out), reloading a changed file, running the editor.
//! 13. `tui`, `manpage`: the terminal and the event loop, the manual page.
//! 14. `cli`: the command line, which puts it all together.

pub mod app;
pub mod cli;
pub mod compose;
pub mod config;
pub mod convert;
pub mod diagnostic;
pub mod document;
pub mod editor;
pub mod hyperlink;
pub mod keymap;
pub mod layout;
pub mod link;
pub mod load;
pub mod manpage;
pub mod matches;
pub mod opener;
#[cfg(feature = "test-support")]
pub mod output_check;
pub mod print;
#[cfg(feature = "test-support")]
pub mod sample;
pub mod sanitize;
pub mod search;
pub mod session;
#[cfg(feature = "test-support")]
pub mod showcase;
pub mod state;
pub mod streams;
pub mod terminal;
pub mod textfile;
pub mod theme;
pub mod tui;
pub mod view;
pub mod wake;
pub mod watch;
pub mod wrap;
pub mod xdg;
