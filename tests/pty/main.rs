//! End to end: the built binary run in a pseudo-terminal or as a command, a module per area.

mod book_cli;
mod book_live;
mod chop;
mod cli;
#[path = "../common/mod.rs"]
mod common;
mod daily;
mod links;
mod long_queries;
mod markdown_load;
mod progressive;
mod pty;
mod reload;
mod session;
mod signals;
mod themes;
