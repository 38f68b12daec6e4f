//! Build-time tables and link options for the reader.
//!
//! - The emoji shortcodes (`:tada:`, `load/gfm.rs`) as two strings and a
//!   table of offsets into them, from gemoji's list in the `emojis` crate.
//!   That crate's own tables are `&str`s and slices: about 290 KB of
//!   pointers, each one relocated by the dynamic loader at every start
//!   (most of them written before `main`, whether a shortcode is ever
//!   looked up or not). Offsets need no relocation.
//!
//! (Packing the relative relocations, `-z pack-relative-relocs`, gave
//! about 0.05 ms more but makes the binary need glibc 2.36 and a recent
//! linker: left out.)

use std::fmt::Write;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    emoji_table();
}

/// Writes `emoji_table.rs`: every gemoji shortcode, sorted, with its emoji.
fn emoji_table() {
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    for emoji in emojis::iter() {
        let tones = emoji.skin_tones().into_iter().flatten();
        for e in std::iter::once(emoji).chain(tones) {
            for code in e.shortcodes() {
                pairs.push((code, e.as_str()));
            }
        }
    }
    pairs.sort();
    pairs.dedup_by(|a, b| a.0 == b.0);
    let (mut names, mut glyphs, mut ends) = (String::new(), String::new(), String::new());
    for (name, emoji) in &pairs {
        names.push_str(name);
        glyphs.push_str(emoji);
        let _ = write!(ends, "({}, {}), ", names.len(), glyphs.len());
    }
    let out = format!(
        "/// Every shortcode, one after another, sorted.\n\
         const NAMES: &str = {names:?};\n\
         /// Their emoji, in the same order.\n\
         const EMOJI: &str = {glyphs:?};\n\
         /// Where each shortcode and its emoji end, in bytes.\n\
         const ENDS: [(u32, u32); {}] = [{ends}];\n",
        pairs.len()
    );
    let dir = std::env::var_os("OUT_DIR").map(std::path::PathBuf::from);
    let Some(dir) = dir else {
        panic!("cargo sets OUT_DIR for build scripts");
    };
    if let Err(e) = std::fs::write(dir.join("emoji_table.rs"), out) {
        panic!("cannot write the emoji table: {e}");
    }
}
