//! Tests that count the heap through a counting global allocator (one per process, so these share a binary of their own).

#[path = "../common/mod.rs"]
mod common;
#[allow(unsafe_code)]
mod counting;
mod highlight_peak;
mod markdown_peak;
mod model_size;
mod search_memory;
