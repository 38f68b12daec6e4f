//! In-process integration tests: one binary, a module per area (loading, layout, the app's update, drawing, search, conversion…).

mod app_update;
mod chunked_parse;
#[path = "../common/mod.rs"]
mod common;
mod commonmark;
mod convert;
mod generated;
mod hostile_load;
mod hostile_render;
mod huge_paragraph;
mod key_sequences;
mod keys_named;
mod layers;
mod links_follow;
mod load_errors;
mod load_ids;
mod markdown_props;
mod marks;
mod no_color;
mod opener;
mod readme;
mod real_documents;
mod render;
mod render_edges;
mod resize_props;
mod rich_render;
mod sanitize_props;
mod scale;
mod schema;
mod search_update;
mod seed;
mod sidebar;
mod status_line;
mod terminal_diff;
mod theme_render;
mod typography;
