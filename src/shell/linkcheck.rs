//! `--check`'s look at links: an anchor no section or place has, a file
//! or folder that is not there (a folder: with no README to open), an
//! anchor another document does not have (read once each). Web
//! addresses are not fetched. Linear in the document: ids are looked up
//! in a table made once, places found by one parse or one pass.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::model::document::Document;
use crate::model::link::{Target, classify};
use crate::text::diagnostic::cut;

/// One broken link: which, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub link: usize,
    /// What is wrong, after `broken link to TARGET: `.
    pub why: String,
}

impl Broken {
    /// `broken link to TARGET: why`, the target as the source writes it
    /// (a book's links are rewritten as it is read: `guide/#x` becomes
    /// `#guide/README.md#x`, which the reader never wrote).
    pub fn message(&self, written: &str) -> String {
        format!(
            "broken link to {}: {}",
            cut(&crate::text::sanitize::sanitize(written)),
            self.why
        )
    }
}

/// What a relative path leads to, as the reader would open it.
pub enum Found {
    /// A file, or a folder with a README.
    Document,
    /// Nothing, or nothing the reader opens: why.
    Nothing(String),
}

/// The ids a `#` link may name in a document, made once: looking each
/// up by `classify` reads every section's id. As the reader finds them:
/// a section's id exactly or ignoring case, an anchor's exactly.
struct Ids {
    exact: HashSet<String>,
    folded: HashSet<String>,
}

impl Ids {
    fn of(doc: &Document) -> Self {
        let mut exact = HashSet::new();
        let mut folded = HashSet::new();
        for i in 0..doc.sections.len() {
            exact.insert(doc.section_id(i).to_string());
            folded.insert(doc.section_id(i).to_ascii_lowercase());
        }
        for (id, _) in doc.anchors.iter() {
            exact.insert(id.to_string());
        }
        Ids { exact, folded }
    }

    fn has(&self, id: &str) -> bool {
        self.exact.contains(id) || self.folded.contains(&id.to_ascii_lowercase())
    }
}

/// What a link to another document's `#id` finds when that document is
/// read: `None` when it is not one whose ids are looked at (not Markdown
/// or TOML: a source file's `#L10` is the host's).
pub type Opened = Option<Result<Document, String>>;

/// What a link's path (the address before `#`) was found to be, once
/// for all the links that write it.
enum Resolved {
    /// Not a path `--check` looks at (a web address, one never opened).
    Skip,
    /// Nothing the reader opens there: why.
    Nothing(String),
    /// A document, where it is; once a link asks for an id in it,
    /// which of the documents read it is.
    Document(Opening),
}

enum Opening {
    Unread(PathBuf),
    Read(usize),
}

/// The links of `doc` (read from a file in `base`) that lead nowhere: an
/// `#id` naming nothing in it, a relative path to nothing the reader
/// opens, and one to another document's `#id` that document does not
/// have. Each path written is `look`ed at once, however many links
/// write it (300,000 links to a few files made 1.2 million system
/// calls, each link's path looked at and made canonical again), and
/// each document `open`ed once, however many paths lead to it. Memory:
/// an entry for each distinct path written (its text borrowed from
/// `doc`) and the ids of each document read. `look` is asked about
/// paths and `open` reads documents (the disk, in use: [`look_on_disk`],
/// [`open_on_disk`]).
pub fn broken_links(
    doc: &Document,
    base: Option<&Path>,
    look: &dyn Fn(&Path) -> Found,
    open: &dyn Fn(&Path) -> Opened,
) -> Vec<Broken> {
    doc.index_ids(doc.links.len());
    // This document's ids are looked up in its own sorted index (tables
    // of strings made here took 361 MB for a 15 MB file of a million
    // sections: the attack). Other documents' ids, by their files, read once each.
    let mut paths: HashMap<&str, Resolved> = HashMap::new();
    let mut files: HashMap<PathBuf, usize> = HashMap::new();
    let mut others: Vec<Option<Result<Ids, String>>> = Vec::new();
    let mut out = Vec::new();
    for link in 0..doc.links.len() {
        let target = doc.link_target(link);
        let why = if let Some(id) = target.trim().strip_prefix('#') {
            let id = percent_encoding::percent_decode_str(id).decode_utf8_lossy();
            if crate::model::link::place_of_id(doc, &id).is_some() {
                continue;
            }
            match in_part(doc, &id) {
                Some(None) => continue,
                Some(Some(fragment)) => format!(
                    "that document has no section or anchor #{}",
                    cut(&crate::text::sanitize::sanitize(fragment))
                ),
                None => "no section or anchor has that id".to_string(),
            }
        } else {
            // `classify` reads the path from the text before `#` alone
            // (and `base`, the same for every link here): links writing
            // the same path go to the same place.
            let written = target.trim();
            let written = written.split_once('#').map_or(written, |(p, _)| p);
            let (path, fragment) = match classify(target, doc, base) {
                Target::Document { path, fragment } => (Some(path), fragment),
                Target::FromRoot {
                    dir,
                    path,
                    fragment,
                } => (
                    // Where `/` is (a search for `.git` above), looked
                    // for only when the path is new.
                    (!paths.contains_key(written))
                        .then(|| crate::shell::tui::from_root(&dir, &path).0),
                    fragment,
                ),
                _ => (None, None),
            };
            let resolved = paths.entry(written).or_insert_with(|| match &path {
                None => Resolved::Skip,
                Some(path) => match look(path) {
                    Found::Nothing(why) => Resolved::Nothing(why),
                    Found::Document => Resolved::Document(Opening::Unread(path.clone())),
                },
            });
            let opened = match resolved {
                Resolved::Skip => continue,
                Resolved::Nothing(why) => {
                    out.push(Broken {
                        link,
                        why: why.clone(),
                    });
                    continue;
                }
                Resolved::Document(opened) => opened,
            };
            let Some(fragment) = fragment.filter(|f| !f.is_empty()) else {
                continue;
            };
            let i = match opened {
                Opening::Read(i) => *i,
                Opening::Unread(path) => {
                    // The first `#id` asked of this path: which document
                    // it is (another path may name it too), read once.
                    let key = std::fs::canonicalize(&*path).unwrap_or_else(|_| path.clone());
                    let i = *files.entry(key).or_insert_with(|| {
                        others.push(open(path).map(|d| d.map(|d| Ids::of(&d))));
                        others.len() - 1
                    });
                    *opened = Opening::Read(i);
                    i
                }
            };
            match &others[i] {
                None => continue,
                // `#top`: the document's start, when nothing has that id.
                Some(Ok(ids)) if ids.has(&fragment) || crate::model::link::is_top(&fragment) => {
                    continue;
                }
                Some(Ok(_)) => format!(
                    "that document has no section or anchor #{}",
                    cut(&crate::text::sanitize::sanitize(&fragment))
                ),
                Some(Err(why)) => why.clone(),
            }
        };
        out.push(Broken { link, why });
    }
    out
}

/// For a book's `#doc#id` naming no section: `None` when no section is
/// named by what comes before a `#`; else the missing id, or `None`
/// within when `id` is an anchor inside that document (a footnote's, an
/// `<a name>`), where the reader goes ([`crate::model::link::in_part`]).
fn in_part<'i>(doc: &Document, id: &'i str) -> Option<Option<&'i str>> {
    for (i, _) in id.match_indices('#') {
        let (name, fragment) = (&id[..i], &id[i + 1..]);
        let Some(entry) = doc.section_with_id(name) else {
            continue;
        };
        let within = entry as u32..doc.sections[entry].subtree_end;
        let anchored = doc
            .anchors_named(fragment)
            .any(|a| within.contains(&a.section));
        let top = crate::model::link::is_top(fragment);
        return Some((!anchored && !top).then_some(fragment));
    }
    None
}

/// What reading the document at `path` (a file, or a folder's README)
/// gives, within `max_size`, when it is Markdown or a camp-reader TOML
/// document by its name.
pub fn open_on_disk(path: &Path, max_size: u64) -> Opened {
    let file = match crate::shell::tui::folder_readme(path) {
        Some(Ok(readme)) => readme,
        Some(Err(why)) => return Some(Err(why)),
        None => path.to_path_buf(),
    };
    crate::load::Format::from_path(&file)?;
    // Read as a book reads its documents: a TOML file that is no
    // camp-reader document (a `Cargo.toml`) is not looked in.
    let entry = crate::load::book::Entry {
        depth: 0,
        title: None,
        path: Some(file),
        explicit: false,
    };
    let (loaded, _) = crate::load::book::load_entry(&entry, max_size)?;
    Some(loaded.map_err(|e| {
        format!(
            "it cannot be read: {}",
            crate::load::headline(&e.to_string())
        )
    }))
}

/// What the disk has at `path`, as following a link to it would find it.
pub fn look_on_disk(path: &Path) -> Found {
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Found::Nothing("no such file".into()),
        // As a document that cannot be read is reported (`open_on_disk`),
        // and as a book words a loop it leaves out.
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => {
            Found::Nothing("it cannot be read: a symbolic link loop".into())
        }
        Err(e) => Found::Nothing(format!(
            "it cannot be read: {}",
            crate::sys::textfile::io_reason(&e)
        )),
        Ok(m) if m.is_dir() => match crate::shell::tui::folder_readme(path) {
            Some(Err(why)) => Found::Nothing(why),
            _ => Found::Document,
        },
        Ok(_) => Found::Document,
    }
}

/// Where each link of `links` (broken links of `doc`, read from
/// `source`) is written, as `(line, col)` from 1, in the same order. A
/// Markdown document's links are placed where each is used, as its
/// reader makes them (read again: the loader's own places, so a
/// reference link `[one][a]` is where it is written, not its definition
/// further down); a TOML document's by their addresses, found as text
/// in one pass ([`Places`]). Linear: one parse or one pass, then lines
/// and columns counted in one sweep in source order.
pub fn places_of(doc: &Document, source: &str, links: &[usize]) -> Vec<Option<(usize, usize)>> {
    places_in(
        doc,
        source,
        doc.from_markdown(),
        0..doc.links.len(),
        links,
        false,
    )
    .into_iter()
    .map(|p| p.at)
    .collect()
}

/// Where a broken link is written, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// `(line, col)` from 1, when found.
    pub at: Option<(usize, usize)>,
    /// Its address as the source writes it, when asked for and the
    /// source read again has the same links (a book rewrites its
    /// documents' links: `guide/#x` to `#guide/README.md#x`).
    pub written: Option<String>,
}

/// [`places_of`] for the links `of` of `doc` read from `source` (Markdown
/// when `markdown`): a book's document holds its parts' links one part
/// after the other. With `as_written`, also each link's address as the
/// source writes it (a TOML source is then parsed again; a Markdown one
/// always is, for its places), and a TOML document's links are looked
/// for by those addresses.
pub fn places_in(
    doc: &Document,
    source: &str,
    markdown: bool,
    of: std::ops::Range<usize>,
    links: &[usize],
    as_written: bool,
) -> Vec<Place> {
    let mut at: Vec<Option<usize>> = vec![None; links.len()];
    let mut written: Vec<Option<String>> = vec![None; links.len()];
    // Link `l` of `doc` in the source read again: its index there.
    let own = |l: usize| l.checked_sub(of.start);
    if markdown {
        let read = crate::load::markdown_link_places(source);
        // The same document read again has the same links; if it has
        // not (it changed since), their addresses are looked for as text.
        if read.places.len() == of.len() {
            for ((a, w), &l) in at.iter_mut().zip(&mut written).zip(links) {
                *a = own(l)
                    .and_then(|i| read.places.get(i))
                    .map(|&p| p as usize)
                    .filter(|&p| p <= source.len());
                if as_written {
                    *w = own(l).and_then(|i| read.target(i)).map(str::to_string);
                }
            }
        }
    } else if as_written
        && let Ok(again) = crate::load::parse("", source)
        && again.links.len() == of.len()
    {
        for (w, &l) in written.iter_mut().zip(links) {
            *w = own(l)
                .filter(|&i| i < again.links.len())
                .map(|i| again.link_target(i).to_string());
        }
    }
    let mut text = Places::new(source);
    for ((a, w), &l) in at.iter_mut().zip(&written).zip(links) {
        if a.is_none() {
            *a = text.next(w.as_deref().unwrap_or_else(|| doc.link_target(l)));
        }
    }
    lines_and_columns(source, &at)
        .into_iter()
        .zip(written)
        .map(|(at, written)| Place { at, written })
        .collect()
}

/// The `(line, col)` of each byte offset (`None` stays `None`): one
/// sweep through `source` in the offsets' order (a line ends at a line
/// feed, a CR LF or a return alone).
pub fn lines_and_columns(source: &str, at: &[Option<usize>]) -> Vec<Option<(usize, usize)>> {
    let mut order: Vec<(usize, usize)> = at
        .iter()
        .enumerate()
        .filter_map(|(i, a)| a.map(|a| (a, i)))
        .collect();
    order.sort_unstable();
    let bytes = source.as_bytes();
    let mut out = vec![None; at.len()];
    let (mut line, mut line_start, mut counted) = (1, 0, 0);
    // Characters from the line's start to `col_at` (columns counted on
    // from the last place on the same line).
    let (mut col_at, mut cols) = (0, 0);
    for (a, i) in order {
        let a = a.min(bytes.len());
        for j in memchr::memchr2_iter(b'\n', b'\r', &bytes[counted..a]) {
            let j = counted + j;
            // CR LF is one line end, at its LF.
            if bytes[j] == b'\r' && bytes.get(j + 1) == Some(&b'\n') {
                continue;
            }
            line += 1;
            line_start = j + 1;
        }
        counted = a;
        if col_at < line_start {
            (col_at, cols) = (line_start, 0);
        }
        // A place inside a character counts from the character's start.
        let upto = (col_at..=a)
            .rev()
            .find(|&k| source.is_char_boundary(k))
            .unwrap_or(col_at);
        cols += source[col_at..upto].chars().count();
        col_at = upto;
        out[i] = Some((line, cols + 1));
    }
    out
}

/// Finds where links' addresses are written in a source, in order, in one
/// pass: each search goes on from the last place found. (A TOML
/// document's: its Markdown bodies are inside strings, so the loader's
/// places are not the file's.)
pub struct Places<'s> {
    source: &'s str,
    /// Where the next search starts.
    from: usize,
    /// Searches that found nothing: each reads to the end, so after a few
    /// the rest go without a place.
    misses: u32,
    /// Reference definitions (`[label]: address` starting a line): the
    /// labels each address is defined for, and where each starts.
    labels: HashMap<&'s str, Vec<&'s str>>,
    definitions: HashSet<usize>,
}

/// Searches for an address that is not there, after which the rest of the
/// links are reported without a place (each read the rest of the file).
const MAX_MISSES: u32 = 16;

impl<'s> Places<'s> {
    pub fn new(source: &'s str) -> Self {
        let mut labels: HashMap<&str, Vec<&str>> = HashMap::new();
        let mut definitions = HashSet::new();
        let mut offset = 0;
        for line in source.split_inclusive('\n') {
            let indent = line.len() - line.trim_start_matches(' ').len();
            let def = (indent <= 3)
                .then(|| line[indent..].strip_prefix('['))
                .flatten()
                .and_then(|rest| {
                    let (label, after) = rest.split_once("]:")?;
                    let dest = after.split_whitespace().next()?;
                    let dest = dest
                        .strip_prefix('<')
                        .and_then(|d| d.strip_suffix('>'))
                        .unwrap_or(dest);
                    let plain =
                        !label.is_empty() && !label.starts_with('^') && !label.contains(['[', ']']);
                    plain.then_some((label, dest))
                });
            if let Some((label, dest)) = def {
                labels.entry(dest).or_default().push(label);
                definitions.insert(offset + indent);
            }
            offset += line.len();
        }
        Places {
            source,
            from: 0,
            misses: 0,
            labels,
            definitions,
        }
    }

    /// The byte offset where `target` is next written as a link's
    /// address (after `(`, `<`, a quote, `=` or a space: `[a](x)`,
    /// `src="x"`) or used as a reference link's label (`[a]` in
    /// `[text][a]`, `target` being defined for `a` further down), else
    /// as any text (`` `#x` `` in prose); `None` when it is not found
    /// after the last place.
    pub fn next(&mut self, target: &str) -> Option<usize> {
        let target = target.trim();
        if target.is_empty() || self.misses >= MAX_MISSES {
            return None;
        }
        let rest = self.source.get(self.from..)?;
        // The first use of a label defined for it, not the definition.
        let mut used = None;
        for label in self.labels.get(target).into_iter().flatten() {
            let tag = format!("[{label}]");
            let end = used.unwrap_or(rest.len());
            used = rest[..end]
                .match_indices(tag.as_str())
                .map(|(i, _)| i)
                .find(|&i| !self.definitions.contains(&(self.from + i)))
                .or(used);
        }
        // An address written before it (a definition's is not one).
        let before = &rest[..used.unwrap_or(rest.len())];
        let mut first = None;
        let mut found = None;
        for (i, _) in before.match_indices(target) {
            let line = before[..i].rfind('\n').map_or(0, |n| n + 1);
            let indent = before[line..i].len() - before[line..i].trim_start_matches(' ').len();
            if self.definitions.contains(&(self.from + line + indent)) {
                continue;
            }
            first.get_or_insert(i);
            let c = before[..i].chars().next_back();
            if c.is_none_or(|c| "(<\"'=".contains(c) || c.is_whitespace()) {
                found = Some(i);
                break;
            }
        }
        // Read to the end without an address so written: a miss too.
        let (at, len) = match (found, used) {
            (Some(i), _) => (i, target.len()),
            (None, Some(u)) => (u, 1),
            (None, None) => {
                self.misses += 1;
                (first?, target.len())
            }
        };
        let at = at + self.from;
        self.from = at + len;
        Some(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placed(src: &str, targets: &[&str]) -> Vec<Option<(usize, usize)>> {
        let mut places = Places::new(src);
        let at: Vec<Option<usize>> = targets.iter().map(|t| places.next(t)).collect();
        lines_and_columns(src, &at)
    }

    #[test]
    fn places_are_found_in_order_as_addresses_first() {
        let src = "# A\n\nThe `#a` id.\n\n[x](#a) and [y](#a)\n";
        assert_eq!(
            placed(src, &["#a", "#a", "#a"]),
            [Some((5, 5)), Some((5, 17)), None]
        );
        // Returns alone end lines too.
        let src = "# A\r\r[x](#z)\r\n[y](#z)";
        assert_eq!(placed(src, &["#z", "#z"]), [Some((3, 5)), Some((4, 5))]);
    }

    #[test]
    fn lines_and_columns_are_counted_in_source_order_whatever_the_order_asked() {
        let src = "ab\ncdé f\r\ng";
        // Offsets: `c` 3, `f` 8 (é is two bytes), `g` 11.
        let at = [Some(11), None, Some(8), Some(3), Some(0), Some(8)];
        assert_eq!(
            lines_and_columns(src, &at),
            [
                Some((3, 1)),
                None,
                Some((2, 5)),
                Some((2, 1)),
                Some((1, 1)),
                Some((2, 5))
            ]
        );
    }

    #[test]
    fn another_documents_ids_are_read_once_for_all_links_to_it() {
        let doc = crate::load::parse_markdown(
            "t.md",
            "t",
            "# T\n\n[a](o.md#a) [b](o.md#b) [a again](o.md#A) [top](o.md) [c](o.md#c)\n",
        )
        .unwrap();
        let opened = std::cell::Cell::new(0);
        let open = |_: &Path| {
            opened.set(opened.get() + 1);
            Some(crate::load::parse_markdown("o.md", "o", "# O\n\n## A\n"))
                .map(|d| d.map_err(|e| e.to_string()))
        };
        let broken = broken_links(&doc, Some(Path::new("/d")), &|_| Found::Document, &open);
        assert_eq!(opened.get(), 1);
        let messages: Vec<String> = broken
            .iter()
            .map(|b| b.message(doc.link_target(b.link)))
            .collect();
        assert_eq!(
            messages,
            [
                "broken link to o.md#b: that document has no section or anchor #b",
                "broken link to o.md#c: that document has no section or anchor #c"
            ]
        );
    }

    /// `#top` and `#` go to the start in browsers and on GitHub when
    /// nothing has that id: not broken, here or in another document;
    /// `#nope` still is.
    #[test]
    fn top_and_an_empty_fragment_are_the_start_not_broken() {
        let doc = crate::load::parse_markdown(
            "t.md",
            "t",
            "# T\n\n[a](#top) [b](#) [c](#TOP) [d](o.md#top) [e](#nope) [f](o.md#nope)\n",
        )
        .unwrap();
        let open = |_: &Path| {
            Some(crate::load::parse_markdown("o.md", "o", "# O\n\n## A\n"))
                .map(|d| d.map_err(|e| e.to_string()))
        };
        let broken = broken_links(&doc, Some(Path::new("/d")), &|_| Found::Document, &open);
        let targets: Vec<&str> = broken.iter().map(|b| doc.link_target(b.link)).collect();
        assert_eq!(targets, ["#nope", "o.md#nope"]);
    }

    #[test]
    fn each_path_written_is_looked_at_once_however_many_links_write_it() {
        let mut src = String::from("# T\n\n");
        for _ in 0..50 {
            src.push_str("[a](o.md#a) [b](o.md#b) [t](o.md) [s](./o.md#a) [g](g/#x) [r](/r.md#a) [n](n.md#a) [w](https://e.org/)\n\n");
        }
        let doc = crate::load::parse_markdown("t.md", "t", &src).unwrap();
        let looked = std::cell::RefCell::new(Vec::new());
        let look = |p: &Path| {
            looked.borrow_mut().push(p.to_path_buf());
            if p.ends_with("n.md") {
                Found::Nothing("no such file".into())
            } else {
                Found::Document
            }
        };
        let opened = std::cell::Cell::new(0);
        let open = |_: &Path| {
            opened.set(opened.get() + 1);
            Some(crate::load::parse_markdown("o.md", "o", "# O\n\n## A\n"))
                .map(|d| d.map_err(|e| e.to_string()))
        };
        let base = Path::new("/nowhere-camp-reader-test");
        let broken = broken_links(&doc, Some(base), &look, &open);
        // Five paths written (`o.md`, `./o.md`, `g/`, `/r.md`, `n.md`),
        // each looked at once for its 50 links; `o.md` and `./o.md` are
        // one file, read once; `g/` and `/r.md` are read once each.
        assert_eq!(looked.borrow().len(), 5, "{:?}", looked.borrow());
        assert_eq!(opened.get(), 3);
        // Every link is still reported: `#b`, `g/#x` and `n.md#a` each time.
        assert_eq!(broken.len(), 150);
        assert_eq!(
            broken[..3]
                .iter()
                .map(|b| b.message(doc.link_target(b.link)))
                .collect::<Vec<_>>(),
            [
                "broken link to o.md#b: that document has no section or anchor #b",
                "broken link to g/#x: that document has no section or anchor #x",
                "broken link to n.md#a: no such file",
            ]
        );
    }

    #[test]
    fn a_reference_link_is_placed_at_its_label_not_its_definition() {
        // As a TOML document's Markdown body has them: the links after
        // one kept their places (they were lost past the definition).
        let src = "See [one][a] and [two][b].\n\nInline [five](five.md) [a].\n\n[a]: a.md\n  [b]: <b.md>\n";
        assert_eq!(
            placed(src, &["a.md", "b.md", "five.md", "a.md"]),
            [Some((1, 10)), Some((1, 23)), Some((3, 15)), Some((3, 24))]
        );
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
