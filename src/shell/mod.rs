//! The program around the app: the command line, the terminal event loop, the manual page, live reload.

pub mod book;
pub mod cli;
pub mod linkcheck;
pub mod manpage;
pub mod tui;
pub mod watch;
