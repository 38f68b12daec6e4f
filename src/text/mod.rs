//! Text that may reach the terminal: sanitizing, line breaking, located errors, hyperlinks.

pub mod diagnostic;
pub mod hyperlink;
pub mod sanitize;
pub mod wrap;
