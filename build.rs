//! Build-time tables and link options for the reader.
//!
//! - The emoji shortcodes (`:tada:`, `load/gfm.rs`) as two strings and a
//!   table of offsets into them, from gemoji's list in the `emojis` crate.
//!   That crate's own tables are `&str`s and slices: about 290 KB of
//!   pointers, each one relocated by the dynamic loader at every start
//!   (most of them written before `main`, whether a shortcode is ever
//!   looked up or not). Offsets need no relocation.
//!
//! - libgcc's unwinder linked in statically (`libgcc_eh.a`) instead of
//!   `libgcc_s.so.1`: that library's constructor asks the processor for
//!   its features with about ten `cpuid` instructions at every start, and
//!   on a virtual machine each one traps to the hypervisor (6-19 µs each
//!   on this project's machine: 0.1 ms before `main`). The std's
//!   `-lgcc_s` finds a `libgcc_s.a` (a copy of `libgcc_eh.a`) in a
//!   folder searched first, as `gcc -static-libgcc` would link it. Only
//!   for a native build on Linux with glibc, and only when the compiler
//!   finds the archive.
//!
//! (Packing the relative relocations, `-z pack-relative-relocs`, gave
//! about 0.05 ms more but makes the binary need glibc 2.36 and a recent
//! linker: left out.)

use std::fmt::Write;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    emoji_table();
    static_unwinder();
}

/// Links the unwinder from `libgcc_eh.a` (see the module's comment).
fn static_unwinder() {
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    // Native builds only: a cross build's `cc` would find the host's.
    if var("TARGET") != var("HOST")
        || var("CARGO_CFG_TARGET_OS") != "linux"
        || var("CARGO_CFG_TARGET_ENV") != "gnu"
        || var("CARGO_CFG_TARGET_FEATURE")
            .split(',')
            .any(|f| f == "crt-static")
    {
        return;
    }
    println!("cargo:rerun-if-env-changed=CC");
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".to_string());
    let Ok(found) = std::process::Command::new(&cc)
        .arg("-print-file-name=libgcc_eh.a")
        .output()
    else {
        return;
    };
    let archive = std::path::PathBuf::from(String::from_utf8_lossy(&found.stdout).trim());
    // Not found, the compiler prints the bare name back.
    if !found.status.success() || !archive.is_absolute() || !archive.is_file() {
        return;
    }
    let Some(out) = std::env::var_os("OUT_DIR").map(std::path::PathBuf::from) else {
        return;
    };
    let dir = out.join("static-unwinder");
    if std::fs::create_dir_all(&dir).is_err()
        || std::fs::copy(&archive, dir.join("libgcc_s.a")).is_err()
    {
        return;
    }
    println!("cargo:rerun-if-changed={}", archive.display());
    println!("cargo:rustc-link-search=native={}", dir.display());
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
