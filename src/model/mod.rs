//! The immutable document model and where a link points.

pub mod document;
pub mod link;
