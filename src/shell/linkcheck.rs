//! `--check`'s look at links: an anchor no section or place has, a file
//! that is not there. Web addresses are not fetched.

use std::path::Path;

use crate::model::document::Document;
use crate::model::link::{Target, classify};

/// One broken link: the place it is written (`name:line:col`, or the
/// section in a book) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub link: usize,
    pub message: String,
}

/// The links of `doc` (read from a file in `base`) that lead nowhere: an
/// `#id` naming nothing in it, a relative path to no file or folder.
/// `exists` is asked about paths (the disk, in use).
pub fn broken_links(
    doc: &Document,
    base: Option<&Path>,
    exists: &dyn Fn(&Path) -> bool,
) -> Vec<Broken> {
    let mut out = Vec::new();
    for link in 0..doc.links.len() {
        let target = doc.link_target(link);
        let message = match classify(target, doc, base) {
            Target::Broken { id } => {
                format!("broken link to #{id}: no section or anchor has that id")
            }
            Target::Document { path, .. } if !exists(&path) => {
                format!("broken link to {}: no such file", shown(target))
            }
            Target::FromRoot { dir, path, .. } => {
                let (resolved, _) = crate::shell::tui::from_root(&dir, &path);
                if exists(&resolved) {
                    continue;
                }
                format!("broken link to {}: no such file", shown(target))
            }
            _ => continue,
        };
        out.push(Broken { link, message });
    }
    out
}

fn shown(target: &str) -> String {
    crate::text::sanitize::sanitize(target).into_owned()
}

/// Where link `n`'s address is written in `source`, as `line:col` (both
/// from 1), looking from `from` on (links come in the order they are
/// written; a reference link's address is found at its definition).
/// Returns the place and where to look for the next one.
pub fn place_in_source(source: &str, target: &str, from: usize) -> Option<(usize, usize, usize)> {
    let target = target.trim();
    if target.is_empty() {
        return None;
    }
    let at = source
        .get(from..)
        .and_then(|s| s.find(target))
        .map(|i| i + from)
        .or_else(|| source.find(target))?;
    let line_start = source[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = source[..at].matches('\n').count() + 1;
    let col = source[line_start..at].chars().count() + 1;
    Some((line, col, at + target.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_found_in_order_and_counted_from_one() {
        let src = "# A\n\n[x](#a) and [y](#a)\n";
        let (l, c, next) = place_in_source(src, "#a", 0).unwrap();
        assert_eq!((l, c), (3, 5));
        let (l, c, _) = place_in_source(src, "#a", next).unwrap();
        assert_eq!((l, c), (3, 17));
        assert_eq!(place_in_source(src, "#zz", 0), None);
    }
}
