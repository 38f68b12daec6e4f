//! Imports only point down: the layer list in `src/lib.rs`'s module doc is
//! the rule, and every `crate::` path in every module must name a module of
//! a lower layer (a higher one in the list). A new module must be placed in
//! the list before it can be used.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Layer of each module, from the numbered list in lib.rs's doc.
fn layers(lib: &str) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    let mut in_list = false;
    for line in lib.lines() {
        let Some(doc) = line.strip_prefix("//!") else {
            continue;
        };
        let doc = doc.trim();
        if doc == "# Layers" {
            in_list = true;
            continue;
        }
        if !in_list {
            continue;
        }
        let Some((number, rest)) = doc.split_once(". ") else {
            continue;
        };
        let Ok(layer) = number.parse::<usize>() else {
            continue;
        };
        // The module names are the back-quoted words before the colon.
        let names = rest.split(':').next().unwrap_or("");
        for name in names.split('`').skip(1).step_by(2) {
            out.insert(name.to_string(), layer);
        }
    }
    out
}

/// The folder (layer module) a source file belongs to (`src/app/find.rs` -> app).
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("under src");
    let first = rel.components().next().expect("a component");
    let name = first.as_os_str().to_string_lossy();
    name.trim_end_matches(".rs").to_string()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("read src") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every module named by a `crate::` path, including inside `use crate::{a, b::c}`.
fn crate_imports(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let bytes = code.as_bytes();
    let mut from = 0;
    while let Some(i) = code[from..].find("crate::") {
        let at = from + i + "crate::".len();
        from = at;
        // `camp_reader::crate::` or `$crate::` in macros are not ours.
        let before = code[..at - "crate::".len()].chars().last();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        if bytes.get(at) == Some(&b'{') {
            // A group: the first path segment of each item, at depth one.
            let mut depth = 0;
            let mut item_start = true;
            let mut word = String::new();
            for &b in &bytes[at..] {
                match b {
                    b'{' => {
                        depth += 1;
                        item_start = depth == 1;
                    }
                    b'}' => {
                        if !word.is_empty() {
                            out.insert(std::mem::take(&mut word));
                        }
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    b',' if depth == 1 => item_start = true,
                    c if item_start && (c.is_ascii_alphanumeric() || c == b'_') => {
                        word.push(c as char)
                    }
                    _ => {
                        if !word.is_empty() {
                            out.insert(std::mem::take(&mut word));
                            item_start = false;
                        }
                    }
                }
            }
        } else {
            let word: String = code[at..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.insert(word);
        }
    }
    out
}

#[test]
fn imports_only_point_down() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let src = root.join("src");
    let lib = fs::read_to_string(src.join("lib.rs")).expect("lib.rs");
    let layer = layers(&lib);
    assert!(
        layer.len() >= 11,
        "the layer list in lib.rs was not found: {layer:?}"
    );
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    for file in files {
        let module = module_of(&src, &file);
        if module == "lib" || module == "main" {
            continue;
        }
        let Some(&own) = layer.get(&module) else {
            wrong.push(format!("{module} is not in lib.rs's layer list"));
            continue;
        };
        let code = fs::read_to_string(&file).expect("source");
        // A file's unit tests (at its end) may use anything.
        let code = code
            .find("#[cfg(test)]\nmod ")
            .map_or(code.as_str(), |at| &code[..at]);
        for used in crate_imports(code) {
            if used == module {
                continue;
            }
            match layer.get(&used) {
                Some(&l) if l < own => {}
                Some(&l) => wrong.push(format!(
                    "{} (layer {own}) uses {used} (layer {l})",
                    file.strip_prefix(root).unwrap_or(&file).display()
                )),
                None => wrong.push(format!(
                    "{} uses crate::{used}, which is not in the layer list",
                    file.strip_prefix(root).unwrap_or(&file).display()
                )),
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports that do not point down:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_checker_sees_grouped_and_nested_imports() {
    let code = "use crate::{app::App, keymap::{Command, Context}, view};\n\
                let x = crate::load::parse(a, b);\n\
                macro_rules! m { () => { $crate::theme::X } }\n";
    let found: Vec<String> = crate_imports(code).into_iter().collect();
    assert_eq!(found, ["app", "keymap", "load", "view"]);
}

#[test]
fn the_layer_list_is_read_from_the_doc() {
    let lib = "//! # Layers\n//! 1. `a`, `b`: x `c`.\n//! 2. `d`: y.\n";
    let l = layers(lib);
    assert_eq!(l.get("a"), Some(&1));
    assert_eq!(l.get("b"), Some(&1));
    assert_eq!(l.get("c"), None, "only names before the colon");
    assert_eq!(l.get("d"), Some(&2));
}
