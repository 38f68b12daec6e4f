//! Test support, compiled only with the `test-support` feature: the
//! terminal byte rule, generated documents, a document of every rich block
//! kind.

pub mod output_check;
pub mod sample;
pub mod showcase;
