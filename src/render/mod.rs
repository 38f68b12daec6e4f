//! From the model to lines: composing a block's lines, laying out the document, highlighting code, printing it.

pub mod compose;
pub mod highlight;
pub mod layout;
pub mod print;
