//! Search: queries and their matches.

pub mod matches;
pub mod search;
