//! From the model to lines: composing a block's lines, laying out the document, printing it.

pub mod compose;
pub mod layout;
pub mod print;
