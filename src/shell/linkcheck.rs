//! `--check`'s look at links: an anchor no section or place has, a file
//! or folder that is not there (a folder: with no README to open). Web
//! addresses are not fetched. Linear in the document: ids are looked up
//! in a table made once, places found by one pass through the source.

use std::path::Path;

use crate::model::document::Document;
use crate::model::link::{Target, classify};
use crate::text::diagnostic::cut;

/// One broken link: which, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub link: usize,
    pub message: String,
}

/// What a relative path leads to, as the reader would open it.
pub enum Found {
    /// A file, or a folder with a README.
    Document,
    /// Nothing, or nothing the reader opens: why.
    Nothing(String),
}

/// The links of `doc` (read from a file in `base`) that lead nowhere: an
/// `#id` naming nothing in it, a relative path to nothing the reader
/// opens. `look` is asked about paths (the disk, in use).
pub fn broken_links(
    doc: &Document,
    base: Option<&Path>,
    look: &dyn Fn(&Path) -> Found,
) -> Vec<Broken> {
    let mut out = Vec::new();
    for link in 0..doc.links.len() {
        let target = doc.link_target(link);
        let shown = cut(&crate::text::sanitize::sanitize(target)).into_owned();
        let message = if let Some(id) = target.trim().strip_prefix('#') {
            let id = percent_encoding::percent_decode_str(id).decode_utf8_lossy();
            if crate::model::link::place_of_id(doc, &id).is_some() {
                continue;
            }
            format!("broken link to {shown}: no section or anchor has that id")
        } else {
            let path = match classify(target, doc, base) {
                Target::Document { path, .. } => path,
                Target::FromRoot { dir, path, .. } => crate::shell::tui::from_root(&dir, &path).0,
                _ => continue,
            };
            match look(&path) {
                Found::Document => continue,
                Found::Nothing(why) => format!("broken link to {shown}: {why}"),
            }
        };
        out.push(Broken { link, message });
    }
    out
}

/// What the disk has at `path`, as following a link to it would find it.
pub fn look_on_disk(path: &Path) -> Found {
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Found::Nothing("no such file".into()),
        Err(e) => Found::Nothing(crate::sys::textfile::io_reason(&e)),
        Ok(m) if m.is_dir() => match crate::shell::tui::folder_readme(path) {
            Some(Err(why)) => Found::Nothing(why),
            _ => Found::Document,
        },
        Ok(_) => Found::Document,
    }
}

/// Finds where links' addresses are written in a source, in order, in one
/// pass: each search goes on from the last place found, and line and
/// column are counted from there (a line ends at a line feed, a CR LF or a
/// return alone).
pub struct Places<'s> {
    source: &'s str,
    /// Where the next search starts.
    from: usize,
    /// Line (from 1) and the offset of its start, at `counted`.
    line: usize,
    line_start: usize,
    counted: usize,
    /// Searches that found nothing: each reads to the end, so after a few
    /// the rest go without a place.
    misses: u32,
}

/// Searches for an address that is not there, after which the rest of the
/// links are reported without a place (each read the rest of the file).
const MAX_MISSES: u32 = 16;

impl<'s> Places<'s> {
    pub fn new(source: &'s str) -> Self {
        Places {
            source,
            from: 0,
            line: 1,
            line_start: 0,
            counted: 0,
            misses: 0,
        }
    }

    /// The `line:col` (from 1) where `target` is next written as a link's
    /// address (after `(`, `<`, a quote, `=` or a space: `[a](x)`,
    /// `[r]: x`, `src="x"`), else as any text (`` `#x` `` in prose);
    /// `None` when it is not found after the last place.
    pub fn next(&mut self, target: &str) -> Option<(usize, usize)> {
        let target = target.trim();
        if target.is_empty() || self.misses >= MAX_MISSES {
            return None;
        }
        let rest = self.source.get(self.from..)?;
        let mut first = None;
        let mut found = None;
        for (i, _) in rest.match_indices(target) {
            first.get_or_insert(i);
            let before = rest[..i].chars().next_back();
            if before.is_none_or(|c| "(<\"'=".contains(c) || c.is_whitespace()) {
                found = Some(i);
                break;
            }
        }
        // Read to the end without an address so written: a miss too.
        if found.is_none() {
            self.misses += 1;
        }
        let at = found.or(first)? + self.from;
        self.count_to(at);
        self.from = at + target.len();
        let col = self.source[self.line_start..at].chars().count() + 1;
        Some((self.line, col))
    }

    /// Counts the lines from where counting stopped to `at` (never back).
    fn count_to(&mut self, at: usize) {
        let bytes = self.source.as_bytes();
        for i in memchr::memchr2_iter(b'\n', b'\r', &bytes[self.counted..at]) {
            let i = self.counted + i;
            // CR LF is one line end, at its LF.
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                continue;
            }
            self.line += 1;
            self.line_start = i + 1;
        }
        self.counted = at;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_found_in_order_as_addresses_first() {
        let src = "# A\n\nThe `#a` id.\n\n[x](#a) and [y](#a)\n";
        let mut places = Places::new(src);
        assert_eq!(places.next("#a"), Some((5, 5)));
        assert_eq!(places.next("#a"), Some((5, 17)));
        assert_eq!(places.next("#a"), None);
        // Returns alone end lines too.
        let mut places = Places::new("# A\r\r[x](#z)\r\n[y](#z)");
        assert_eq!(places.next("#z"), Some((3, 5)));
        assert_eq!(places.next("#z"), Some((4, 5)));
    }

    #[test]
    fn after_a_few_misses_the_rest_go_without_a_place() {
        let mut places = Places::new("[x](#a)\n");
        for _ in 0..MAX_MISSES {
            assert_eq!(places.next("#zz"), None);
        }
        assert_eq!(places.next("#a"), None);
    }
}
