//! Books: a folder of documents, or several files, read as one.
//!
//! A book is found ([`plan`]), its documents read and parsed (in
//! parallel, [`load_book`]), and assembled into one [`Document`]: each
//! document becomes a section titled by its title, with its own sections
//! nested under it; its text, blocks, spans and links are appended with
//! their offsets shifted. Everything that reads a document (the sidebar,
//! search, `]`/`[`, the go-to list, printing) then reads the whole book.
//! [`Book::parts`] maps each part back to its file.
//!
//! Links between the book's documents are resolved here, once: a link to
//! `guide/install.md#from-source` becomes `#guide/install.md#from-source`,
//! the id that section has in the book. A relative link leaving the book
//! is rewritten relative to the book's root (where the reader resolves
//! it from).

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use crate::model::document::{BlockKind, Builder, Document, NONE, Section};
use crate::sys::textfile::{Fifo, display_path, read_document_file};
use crate::text::diagnostic::Diagnostic;
use crate::text::sanitize::sanitize;

use super::{Format, Input, LoadError, OVERVIEW, TOP, parse_read, source_hash};

/// Deepest depth a section stores (`Section`'s four bits).
const DEEPEST: usize = 15;

/// What the command line names as a book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BookSource {
    /// A folder: every document below it.
    Dir(PathBuf),
    /// Files, read in this order.
    Files(Vec<PathBuf>),
}

impl BookSource {
    /// The identity of the book in the state file: the folder's canonical
    /// path, or the canonical paths of its files in order.
    pub fn key(&self) -> String {
        let canon = |p: &Path| {
            std::fs::canonicalize(p)
                .unwrap_or_else(|_| p.to_path_buf())
                .to_string_lossy()
                .into_owned()
        };
        match self {
            BookSource::Dir(dir) => format!("book:{}", canon(dir)),
            BookSource::Files(files) => {
                let list: Vec<String> = files.iter().map(|f| canon(f)).collect();
                format!("book:{}", list.join("\n"))
            }
        }
    }

    /// The name shown in messages: the folder, or the files joined.
    pub fn display_name(&self) -> String {
        match self {
            BookSource::Dir(dir) => display_path(dir),
            BookSource::Files(files) => files
                .iter()
                .map(|f| display_path(f))
                .collect::<Vec<_>>()
                .join(" "),
        }
    }
}

/// One entry of a book's outline, before its document is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// 0 at the top level.
    pub depth: u8,
    /// The title `SUMMARY.md` gives it, or a folder's name.
    pub title: Option<String>,
    /// The document's file; `None` for a folder without a README (or a
    /// `SUMMARY.md` draft): a heading alone.
    pub path: Option<PathBuf>,
    /// Named explicitly (on the command line or in `SUMMARY.md`): read
    /// even when it is a TOML file that is not a camp-reader document.
    pub explicit: bool,
}

/// A book found on disk, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// What the documents' names are relative to.
    pub root: PathBuf,
    /// The book's title: the folder's name, or the first file's stem.
    pub title: String,
    /// Pre-order: each entry's children follow it, one level deeper.
    pub entries: Vec<Entry>,
    /// What finding the book left out or changed, one note each.
    pub notes: Vec<String>,
}

/// One document of a book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The file, as found (the root joined with its name).
    pub path: PathBuf,
    /// Its path relative to the book's root, `/`-separated, sanitized:
    /// what the outline, the status line and `--search` show.
    pub name: String,
    /// Its sections in the book: the entry's heading first, then the
    /// document's own (not the documents nested under it).
    pub sections: Range<u32>,
    /// Why it could not be read, when it could not (its text is then this
    /// error).
    pub error: Option<Diagnostic>,
    /// The hash of its bytes as read ([`source_hash`]).
    pub hash: u64,
    /// Not read yet: an entry of a large book still being read.
    pub unread: bool,
    /// Its links whose address the book rewrote (`./LICENSE`, `#usage`),
    /// by their index in the book's document, with the address as the
    /// document writes it: the link list shows that, as `--check` does.
    pub written: Vec<(u32, Box<str>)>,
}

/// A book: one document made of many, and where each part came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Book {
    pub doc: Document,
    pub root: PathBuf,
    /// In reading order (and so in section order).
    pub parts: Vec<Part>,
    /// TOML files found by the walk that are not camp-reader documents
    /// (a `Cargo.toml`, a `book.toml`): left out of the book.
    pub skipped: Vec<PathBuf>,
    /// What the user is told besides: documents read with invalid UTF-8
    /// (shown as U+FFFD), files left out (FIFOs, devices, links into
    /// `/dev`, link loops), folders nested too deep. Also the book's
    /// document's load warning (the first, and how many more).
    pub notes: Vec<String>,
    /// How many of its documents are not read yet ([`load_first`]): each
    /// is its entry alone, to be replaced by the whole book.
    pub unread: usize,
}

/// What the reader keeps of a book besides its document: where its files
/// are and which sections each holds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BookIndex {
    pub root: PathBuf,
    pub parts: Vec<Part>,
    /// Documents not read yet ([`Book::unread`]).
    pub unread: usize,
}

impl BookIndex {
    /// The part `section` belongs to (`None` for a folder's heading).
    pub fn part_of_section(&self, section: usize) -> Option<usize> {
        part_of_section(&self.parts, section)
    }

    /// `guide/install.md › Install › From source` ([`location`]).
    pub fn location(&self, doc: &Document, section: usize) -> String {
        location(doc, &self.parts, section)
    }

    /// The document's name, then the titles from its entry down to
    /// `section` (the titles alone for a folder's heading).
    pub fn crumbs<'d>(&'d self, doc: &'d Document, section: usize) -> Vec<&'d str> {
        let part = part_of_section(&self.parts, section).map(|i| &self.parts[i]);
        let mut out: Vec<&str> = part.map(|p| p.name.as_str()).into_iter().collect();
        for a in doc.ancestry(section) {
            if part.is_none_or(|p| a as u32 >= p.sections.start) {
                out.push(doc.section_title(a));
            }
        }
        out
    }
}

fn part_of_section(parts: &[Part], section: usize) -> Option<usize> {
    let s = section as u32;
    let i = parts.partition_point(|p| p.sections.start <= s);
    let i = i.checked_sub(1)?;
    parts[i].sections.contains(&s).then_some(i)
}

impl Book {
    /// The part `section` belongs to (`None` for a folder's heading).
    pub fn part_of_section(&self, section: usize) -> Option<usize> {
        part_of_section(&self.parts, section)
    }

    /// Its document and the index the reader keeps.
    pub fn split(self) -> (Document, BookIndex) {
        (
            self.doc,
            BookIndex {
                root: self.root,
                parts: self.parts,
                unread: self.unread,
            },
        )
    }

    /// The part whose file is `path` (compared canonically).
    pub fn part_of_path(&self, path: &Path) -> Option<usize> {
        let want = canonical(path);
        self.parts.iter().position(|p| canonical(&p.path) == want)
    }

    /// `guide/install.md › Install › From source`: the document's name,
    /// then the titles from its entry down to `section`.
    pub fn location(&self, section: usize) -> String {
        location(&self.doc, &self.parts, section)
    }

    /// How many parts could not be read.
    pub fn broken(&self) -> usize {
        self.parts.iter().filter(|p| p.error.is_some()).count()
    }
}

/// [`Book::location`] for a book's document and parts.
pub fn location(doc: &Document, parts: &[Part], section: usize) -> String {
    let s = section as u32;
    let i = parts.partition_point(|p| p.sections.start <= s);
    let Some(part) = i.checked_sub(1).map(|i| &parts[i]) else {
        return doc.breadcrumb(section);
    };
    if !part.sections.contains(&s) {
        return doc.breadcrumb(section);
    }
    let mut out = part.name.clone();
    for a in doc.ancestry(section) {
        if a as u32 >= part.sections.start {
            out.push_str(" › ");
            out.push_str(doc.section_title(a));
        }
    }
    out
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| normalize(path))
}

/// `path` made absolute (from the current directory) with `.` and `..`
/// taken out, without asking the disk.
fn normalize(path: &Path) -> PathBuf {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    lexical(&abs)
}

/// `.` and `..` taken out of `path` as written.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            c => out.push(c.as_os_str()),
        }
    }
    out
}

/// `path` relative to `root` (both lexical and absolute), with `..` when
/// it lies outside.
fn relative_to(path: &Path, root: &Path) -> PathBuf {
    let p: Vec<Component> = path.components().collect();
    let r: Vec<Component> = root.components().collect();
    let common = p.iter().zip(&r).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..r.len() {
        out.push("..");
    }
    for c in &p[common..] {
        out.push(c.as_os_str());
    }
    out
}

/// `/`-separated, made safe to show.
fn name_of(rel: &Path) -> String {
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    sanitize(&parts.join("/")).into_owned()
}

/// Extensions of the documents a folder's walk takes.
const BOOK_EXTENSIONS: [&str; 3] = ["md", "markdown", "toml"];

fn is_book_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| BOOK_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Whether a change at `path` (relative to a folder read as a book) can
/// change the book: a document of its kinds, an ignore file, or what may
/// be a folder (a name without an extension, created, removed or
/// renamed); nothing in a hidden folder (`.git/`), which the walk leaves
/// out.
pub fn matters_to_a_folder_book(path: &Path) -> bool {
    let hidden = |c: &Component| c.as_os_str().to_string_lossy().starts_with('.');
    let mut comps: Vec<Component> = path.components().collect();
    let Some(last) = comps.pop() else {
        return false;
    };
    if comps.iter().any(hidden) {
        return false;
    }
    let name = last.as_os_str().to_string_lossy();
    if name == ".gitignore" || name == ".ignore" {
        return true;
    }
    !hidden(&last) && (is_book_file(path) || path.extension().is_none())
}

/// A folder's first document: its README or index.
/// A README (or index) titled only by its file name (no heading, no front
/// matter) is titled by its folder instead: `bench/README.md` heads
/// "bench", not a second "README".
fn folder_title(path: Option<&Path>, title: &str) -> Option<String> {
    let path = path?;
    let file = path.file_name()?.to_string_lossy();
    let stem = file.rsplit_once('.').map_or(&*file, |(s, _)| s);
    if !is_front(&file) || stem != title {
        return None;
    }
    let folder = path.parent()?.file_name()?.to_string_lossy();
    Some(sanitize(&folder).into_owned())
}

fn is_front(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let stem = lower.rsplit_once('.').map_or(lower.as_str(), |(s, _)| s);
    stem == "readme" || stem == "index"
}

/// Every document below `dir`, found as ripgrep finds files: `.gitignore`
/// (inside a git repository), `.ignore` and hidden files honoured.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    walk_noting(dir).0
}

/// [`walk`], and what it left out that the user may have meant to read,
/// one note each (sanitized): a document that is a FIFO or a device (or
/// a symbolic link to one, to `/dev`), a symbolic link loop, a link to
/// nowhere, a folder that cannot be read. Symbolic links are followed (a
/// linked document or folder is part of the book).
pub fn walk_noting(dir: &Path) -> (Vec<PathBuf>, Vec<String>) {
    let mut found = Vec::new();
    let mut notes = Vec::new();
    let shown = |p: &Path| name_of(p.strip_prefix(dir).unwrap_or(p));
    let rules = std::sync::Arc::new(IgnoreRules::new(dir));
    let filter = std::sync::Arc::clone(&rules);
    let walker = ignore::WalkBuilder::new(dir)
        .follow_links(true)
        // The ignore files are read by `IgnoreRules`, never by the walker.
        .git_ignore(false)
        .git_exclude(false)
        .git_global(false)
        .ignore(false)
        .parents(false)
        .filter_entry(move |e| {
            let is_dir = e.file_type().is_some_and(|t| t.is_dir());
            !filter.ignored(e.path(), is_dir)
        })
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                notes.push(walk_error(&e, &shown));
                continue;
            }
        };
        let path = entry.path();
        let Some(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() || !is_book_file(path) {
            continue;
        }
        // A link into /dev is left out whatever it points at now.
        let into_dev = entry.path_is_symlink()
            && std::fs::canonicalize(path).is_ok_and(|t| t.starts_with("/dev"));
        if into_dev {
            notes.push(format!("left out {}: a link into /dev", shown(path)));
        } else if kind.is_file() {
            found.push(entry.into_path());
        } else {
            notes.push(format!("left out {}: {}", shown(path), not_a_file(&kind)));
        }
    }
    found.sort();
    notes.extend(rules.take_notes());
    (found, notes)
}

/// The ignore files of a walk (`.ignore`, and `.gitignore`,
/// `.git/info/exclude` and git's global excludes inside a repository), as
/// ripgrep honours them, read here rather than by the `ignore` crate: it
/// opens them with a plain open, which waits for good on a FIFO named
/// `.gitignore` and reads a link to `/dev/zero` without end. Each is read
/// without blocking, as a regular file of at most [`IGNORE_FILE_MAX`]
/// bytes, or left out with a note.
struct IgnoreRules {
    /// The top folder the rules of a repository start from: the git
    /// repository's top when the walk is inside one, else the walk's.
    top: PathBuf,
    in_git: bool,
    /// Each folder's matchers, most important first; made when the walk
    /// first asks about an entry of that folder.
    folders: std::sync::Mutex<HashMap<PathBuf, Vec<ignore::gitignore::Gitignore>>>,
    /// The repository's exclude file and git's global excludes.
    repository: Vec<ignore::gitignore::Gitignore>,
    notes: std::sync::Mutex<Vec<String>>,
}

/// The largest ignore file read.
const IGNORE_FILE_MAX: u64 = 1 << 20;

impl IgnoreRules {
    fn new(dir: &Path) -> Self {
        let git_top = dir
            .ancestors()
            .find(|a| std::fs::symlink_metadata(a.join(".git")).is_ok());
        let mut rules = IgnoreRules {
            top: git_top.unwrap_or(dir).to_path_buf(),
            in_git: git_top.is_some(),
            folders: std::sync::Mutex::default(),
            repository: Vec::new(),
            notes: std::sync::Mutex::default(),
        };
        if let Some(top) = git_top {
            let exclude = top.join(".git").join("info").join("exclude");
            let global = ignore::gitignore::gitconfig_excludes_path();
            for file in std::iter::once(exclude).chain(global) {
                if let Some(m) = rules.read(top, &file) {
                    rules.repository.push(m);
                }
            }
        }
        rules
    }

    /// The rules of one file, rooted at `folder`.
    fn read(&self, folder: &Path, file: &Path) -> Option<ignore::gitignore::Gitignore> {
        if std::fs::symlink_metadata(file).is_err() {
            return None;
        }
        let name = display_path(file);
        let text = match crate::sys::textfile::read_file(file, &name, IGNORE_FILE_MAX, Fifo::Refuse)
        {
            Ok(text) => text,
            Err(e) => {
                if let Ok(mut notes) = self.notes.lock() {
                    notes.push(format!(
                        "ignore file not read: {}",
                        sanitize(&e.to_string())
                    ));
                }
                return None;
            }
        };
        let mut builder = ignore::gitignore::GitignoreBuilder::new(folder);
        for line in text.lines() {
            // A line that is no valid pattern is skipped, as git does.
            let _ = builder.add_line(None, line);
        }
        builder.build().ok()
    }

    /// The matchers of `folder`'s own ignore files (`.ignore` before
    /// `.gitignore`, as ripgrep ranks them).
    fn of_folder(&self, folder: &Path) -> Vec<ignore::gitignore::Gitignore> {
        let mut names = vec![".ignore"];
        if self.in_git {
            names.push(".gitignore");
        }
        names
            .into_iter()
            .filter_map(|n| self.read(folder, &folder.join(n)))
            .collect()
    }

    /// Whether `path` is ignored: the deepest folder's rules first, a
    /// `!` rule keeping what a shallower one ignores.
    fn ignored(&self, path: &Path, is_dir: bool) -> bool {
        let Ok(mut folders) = self.folders.lock() else {
            return false;
        };
        for folder in path.ancestors().skip(1) {
            if !folder.starts_with(&self.top) {
                break;
            }
            let rules = folders
                .entry(folder.to_path_buf())
                .or_insert_with(|| self.of_folder(folder));
            if let Some(ignored) = decided(rules, path, is_dir) {
                return ignored;
            }
        }
        decided(&self.repository, path, is_dir).unwrap_or(false)
    }

    fn take_notes(&self) -> Vec<String> {
        self.notes
            .lock()
            .map(|mut n| std::mem::take(&mut *n))
            .unwrap_or_default()
    }
}

/// What the first of `rules` to say anything says of `path`: ignored
/// (`true`), or kept by a `!` rule (`false`).
fn decided(rules: &[ignore::gitignore::Gitignore], path: &Path, is_dir: bool) -> Option<bool> {
    rules.iter().find_map(|m| match m.matched(path, is_dir) {
        ignore::Match::Ignore(_) => Some(true),
        ignore::Match::Whitelist(_) => Some(false),
        ignore::Match::None => None,
    })
}

/// What a document's name that is not a plain file is.
fn not_a_file(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO (named pipe), not a file";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device, not a file";
        }
        if kind.is_socket() {
            return "a socket, not a file";
        }
    }
    let _ = kind;
    "not a plain file"
}

/// Whether `io` is the system's "too many levels of symbolic links"
/// (ELOOP), itself or as the cause the walker wrapped it with.
fn is_link_loop(io: &std::io::Error) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(io);
    while let Some(e) = cause {
        if e.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.raw_os_error() == Some(libc::ELOOP))
        {
            return true;
        }
        cause = e.source();
    }
    false
}

/// A note for what the walk could not take.
fn walk_error(e: &ignore::Error, shown: &dyn Fn(&Path) -> String) -> String {
    match e {
        ignore::Error::WithPath { path, err } => {
            format!("left out {}: {}", shown(path), walk_cause(err))
        }
        ignore::Error::Loop { child, .. } => {
            format!("left out {}: a symbolic link loop", shown(child))
        }
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error(err, shown)
        }
        other => format!("left out: {}", walk_cause(other)),
    }
}

/// What is wrong with a path the walk could not take, said the same way
/// however the walker wrapped it (a loop of folders, or of links to
/// files, which the system reports as ELOOP).
fn walk_cause(e: &ignore::Error) -> String {
    match e {
        ignore::Error::Loop { .. } => "a symbolic link loop".to_string(),
        ignore::Error::Io(io) if io.kind() == std::io::ErrorKind::NotFound => {
            "a link to nothing".to_string()
        }
        ignore::Error::Io(io) if is_link_loop(io) => "a symbolic link loop".to_string(),
        ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. }
        | ignore::Error::WithPath { err, .. } => walk_cause(err),
        other => sanitize(&other.to_string()).into_owned(),
    }
}

/// Finds the book `source` names, in reading order.
pub fn plan(source: &BookSource) -> Result<Plan, LoadError> {
    match source {
        BookSource::Files(files) => {
            let abs: Vec<PathBuf> = files.iter().map(|f| normalize(f)).collect();
            let root = common_dir(&abs);
            let title = files
                .first()
                .and_then(|f| f.file_stem())
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let entries = files
                .iter()
                .map(|f| Entry {
                    depth: 0,
                    title: None,
                    path: Some(f.clone()),
                    explicit: true,
                })
                .collect();
            Ok(Plan {
                root,
                title: sanitize(&title).into_owned(),
                entries,
                notes: Vec::new(),
            })
        }
        BookSource::Dir(dir) => {
            let meta = std::fs::metadata(dir).map_err(|e| {
                LoadError::plain(&display_path(dir), format!("cannot read the folder: {e}"))
            })?;
            if !meta.is_dir() {
                return Err(LoadError::plain(&display_path(dir), "not a folder"));
            }
            let (files, mut notes) = walk_noting(dir);
            if files.is_empty() {
                return Err(LoadError::plain(
                    &display_path(dir),
                    "no documents in this folder (.md, .markdown or .toml)",
                ));
            }
            let title = mdbook_title(dir).unwrap_or_else(|| {
                normalize(dir)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| display_path(dir))
            });
            let entries = match summary_of(dir) {
                Some((summary, text)) => {
                    let mut entries = from_summary(&summary, &text, files);
                    // As mdBook: a chapter is inside the book's folder.
                    // A cloned repository's summary must not make the
                    // reader show `/etc/passwd` or `~/.ssh` as a chapter.
                    let root = normalize(dir);
                    for e in &mut entries {
                        if e.path
                            .as_deref()
                            .is_some_and(|p| !normalize(p).starts_with(&root))
                        {
                            let p = e.path.take().unwrap_or_default();
                            notes.push(format!(
                                "left out {}: SUMMARY.md names it, but it is outside the book's folder",
                                name_of(&p)
                            ));
                        }
                    }
                    entries
                }
                None => by_folder(dir, &files),
            };
            let deep = entries
                .iter()
                .filter(|e| usize::from(e.depth) > DEEPEST)
                .count();
            if deep > 0 {
                notes.push(format!(
                    "{deep} {} nested more than {} deep: shown at the {}th level",
                    if deep == 1 { "entry is" } else { "entries are" },
                    DEEPEST + 1,
                    DEEPEST + 1
                ));
            }
            Ok(Plan {
                root: dir.clone(),
                title: sanitize(&title).into_owned(),
                entries,
                notes,
            })
        }
    }
}

/// The longest folder every one of `files` (absolute) lies in.
fn common_dir(files: &[PathBuf]) -> PathBuf {
    let mut dirs = files.iter().map(|f| f.parent().unwrap_or(f).to_path_buf());
    let Some(mut common) = dirs.next() else {
        return PathBuf::from(".");
    };
    for d in dirs {
        while !d.starts_with(&common) {
            if !common.pop() {
                break;
            }
        }
    }
    common
}

/// The title an mdBook's `book.toml` gives (`[book] title`), read as
/// `SUMMARY.md` is: without blocking, a regular file of at most 1 MiB.
fn mdbook_title(dir: &Path) -> Option<String> {
    let path = dir.join("book.toml");
    let name = display_path(&path);
    let text = crate::sys::textfile::read_file(&path, &name, 1 << 20, Fifo::Refuse).ok()?;
    let table: toml::Table = toml::from_str(&text).ok()?;
    let title = table.get("book")?.get("title")?.as_str()?.trim();
    (!title.is_empty()).then(|| title.to_string())
}

/// An mdBook `SUMMARY.md` in `dir` or `dir/src`, and its text.
fn summary_of(dir: &Path) -> Option<(PathBuf, String)> {
    [dir.join("SUMMARY.md"), dir.join("src").join("SUMMARY.md")]
        .into_iter()
        .find_map(|p| {
            // Without blocking, a regular file only: a FIFO named so
            // would wait for a writer for good.
            let name = display_path(&p);
            let text = crate::sys::textfile::read_file(&p, &name, 1 << 20, Fifo::Refuse).ok()?;
            Some((p, text))
        })
}

/// The outline `SUMMARY.md` gives: its links in order, nested as its
/// lists nest, titled by the links' text. Paths are relative to the
/// summary's folder. Documents the walk found that it does not list
/// follow under "Other documents" (search still finds them); the summary
/// itself is not a chapter.
fn from_summary(summary: &Path, text: &str, found: Vec<PathBuf>) -> Vec<Entry> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let base = summary.parent().unwrap_or(Path::new("."));
    let mut entries = Vec::new();
    let mut lists = 0u8;
    // The link being read: its address and text so far.
    let mut link: Option<(String, String)> = None;
    for event in Parser::new(text) {
        match event {
            Event::Start(Tag::List(_)) => lists = lists.saturating_add(1),
            Event::End(TagEnd::List(_)) => lists = lists.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => {
                link = Some((dest_url.to_string(), String::new()))
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, title)) = &mut link {
                    title.push_str(&t);
                }
            }
            Event::End(TagEnd::Link) => {
                let Some((dest, title)) = link.take() else {
                    continue;
                };
                let depth = lists.saturating_sub(1);
                let title = sanitize(title.trim()).into_owned();
                let dest = dest.split('#').next().unwrap_or("").trim();
                let path = (!dest.is_empty()).then(|| {
                    base.join(
                        percent_encoding::percent_decode_str(dest)
                            .decode_utf8_lossy()
                            .as_ref(),
                    )
                });
                entries.push(Entry {
                    depth,
                    title: (!title.is_empty()).then_some(title),
                    path,
                    explicit: true,
                });
            }
            _ => {}
        }
    }
    let listed: HashSet<PathBuf> = entries
        .iter()
        .filter_map(|e| e.path.as_deref().map(normalize))
        .collect();
    let summary_abs = normalize(summary);
    let rest: Vec<PathBuf> = found
        .into_iter()
        .filter(|f| {
            let n = normalize(f);
            n != summary_abs && !listed.contains(&n)
        })
        .collect();
    if !rest.is_empty() {
        entries.push(Entry {
            depth: 0,
            title: Some("Other documents".into()),
            path: None,
            explicit: false,
        });
        entries.extend(rest.into_iter().map(|path| Entry {
            depth: 1,
            title: None,
            path: Some(path),
            explicit: false,
        }));
    }
    entries
}

/// Without a summary: the folder's README (or index) first, then the
/// rest by path; each sub-folder a sub-tree headed by its own README, or
/// by its name when it has none.
fn by_folder(root: &Path, files: &[PathBuf]) -> Vec<Entry> {
    #[derive(Default)]
    struct Node {
        files: Vec<PathBuf>,
        dirs: std::collections::BTreeMap<std::ffi::OsString, Node>,
    }
    let mut tree = Node::default();
    for f in files {
        let rel = f.strip_prefix(root).unwrap_or(f);
        let mut node = &mut tree;
        let comps: Vec<_> = rel.components().collect();
        for c in &comps[..comps.len().saturating_sub(1)] {
            node = node.dirs.entry(c.as_os_str().to_owned()).or_default();
        }
        node.files.push(f.clone());
    }
    fn front(node: &Node) -> Option<usize> {
        node.files.iter().position(|f| {
            f.file_name()
                .is_some_and(|n| is_front(&n.to_string_lossy()))
        })
    }
    // The files and folders of `node` by name, its README left out when
    // `skip` (it heads the folder).
    fn emit(node: &Node, depth: u8, skip: Option<usize>, out: &mut Vec<Entry>) {
        let mut items: Vec<(std::ffi::OsString, Result<&PathBuf, &Node>)> = Vec::new();
        for (i, f) in node.files.iter().enumerate() {
            if Some(i) != skip {
                items.push((f.file_name().unwrap_or_default().to_owned(), Ok(f)));
            }
        }
        for (name, sub) in &node.dirs {
            items.push((name.clone(), Err(sub)));
        }
        items.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, item) in items {
            match item {
                Ok(f) => out.push(Entry {
                    depth,
                    title: None,
                    path: Some(f.clone()),
                    explicit: false,
                }),
                Err(sub) => {
                    let head = front(sub);
                    out.push(Entry {
                        depth,
                        title: head
                            .is_none()
                            .then(|| sanitize(&name.to_string_lossy()).into_owned()),
                        path: head.map(|i| sub.files[i].clone()),
                        explicit: false,
                    });
                    emit(sub, depth.saturating_add(1), head, out);
                }
            }
        }
    }
    let mut out = Vec::new();
    let head = front(&tree);
    if let Some(i) = head {
        out.push(Entry {
            depth: 0,
            title: None,
            path: Some(tree.files[i].clone()),
            explicit: false,
        });
    }
    emit(&tree, 0, head, &mut out);
    out
}

/// A document of the book as read: parsed, or why not; `None` when it
/// is left out (a TOML file that is not a camp-reader document).
pub type Loaded = Option<(Result<Document, LoadError>, u64)>;

/// Reads and parses one entry's document.
pub fn load_entry(entry: &Entry, max_size: u64) -> Loaded {
    let path = entry.path.as_ref()?;
    let input = Input::File(path.clone());
    let name = input.display_name();
    // A FIFO in a book would hold up the whole book: refused. Invalid
    // UTF-8 is read as a lone file is (U+FFFD, and a warning).
    let read = match read_document_file(path, &name, max_size, Fifo::Refuse) {
        Ok(read) => read,
        Err(e) => return Some((Err(e), 0)),
    };
    let hash = source_hash(&read.text);
    let format = Format::from_path(path);
    if format == Some(Format::Toml) && !entry.explicit && !super::is_camp_toml(&read.text) {
        return None;
    }
    Some((parse_read(&input, format, read), hash))
}

/// Reads every document of `plan`, on as many threads as there are cores.
pub fn load_all(plan: &Plan, max_size: u64) -> Vec<Loaded> {
    let all: Vec<usize> = (0..plan.entries.len()).collect();
    load_these(plan, &all, max_size)
}

/// Reads the documents of `plan` at `indices`, on as many threads as
/// there are cores; each index's document, in the same order.
fn load_these(plan: &Plan, indices: &[usize], max_size: u64) -> Vec<Loaded> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let n = indices.len();
    let workers = std::thread::available_parallelism()
        .map_or(1, |c| c.get())
        .min(n.max(1));
    if workers <= 1 {
        return indices
            .iter()
            .map(|&i| load_entry(&plan.entries[i], max_size))
            .collect();
    }
    let next = AtomicUsize::new(0);
    let mut results: Vec<Loaded> = (0..n).map(|_| None).collect();
    let done: Vec<Vec<(usize, Loaded)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let k = next.fetch_add(1, Ordering::Relaxed);
                        if k >= n {
                            break;
                        }
                        mine.push((k, load_entry(&plan.entries[indices[k]], max_size)));
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    for (k, loaded) in done.into_iter().flatten() {
        results[k] = loaded;
    }
    results
}

/// Finds, reads and assembles the book `source` names.
pub fn load_book(source: &BookSource, max_size: u64) -> Result<Book, LoadError> {
    let plan = plan(source)?;
    let loaded = load_all(&plan, max_size);
    Ok(assemble(&plan, loaded))
}

/// The names a folder's main document goes by, in the order GitHub picks
/// the README it shows under a folder (then the index a docs site uses):
/// a link to a folder opens the first there is, in a book too.
pub const FOLDER_READMES: &[&str] = &[
    "README.md",
    "readme.md",
    "Readme.md",
    "README.markdown",
    "README",
    "index.md",
    "README.toml",
];

/// What a document's links are resolved against.
struct Known {
    /// Each document's path (lexical, absolute) → its name in the book.
    names: HashMap<PathBuf, String>,
    /// Each document's name → its section ids.
    ids: HashMap<String, HashSet<String>>,
    /// Each document's name → the id of its first section when its entry
    /// takes it in (folded): a link from another document may name it.
    first: HashMap<String, String>,
}

/// Where a link of the document `name` (file `file`) points in the book:
/// `#id` for a place in it; a path relative to `root` for a relative one
/// leaving it; else as written.
fn resolve(target: &str, name: &str, file: &Path, root: &Path, known: &Known) -> Option<String> {
    let t = target.trim();
    if t.is_empty() || t.starts_with("//") {
        return None;
    }
    // `#doc#id`, also when `doc` has no `id`: the reader then says so
    // at its top (and `--check` reports it), as for a file read alone.
    let in_book = |doc: &str, fragment: Option<&str>| match fragment {
        Some(f) if !f.is_empty() => format!("#{doc}#{f}"),
        _ => format!("#{doc}"),
    };
    if let Some(fragment) = t.strip_prefix('#') {
        let fragment = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
        // `#Title` for the first section its entry takes in: the id it
        // has in the book (`#title` itself finds it as an anchor).
        if let Some(first) = known.first.get(name)
            && *first != fragment
            && first.eq_ignore_ascii_case(&fragment)
        {
            return Some(format!("#{name}#{first}"));
        }
        return match known.ids.get(name).and_then(|ids| known_id(ids, &fragment)) {
            Some(id) => Some(format!("#{name}#{id}")),
            // `#top` and `#` with nothing so named: the document's start
            // (its entry), as in a browser, not the book's.
            None if crate::model::link::is_top(&fragment) => Some(in_book(name, Some(&fragment))),
            None => None,
        };
    }
    // A scheme (`https:`, `mailto:`) is not a path.
    if let Some(colon) = t.find(':') {
        let scheme = &t[..colon];
        if !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            && scheme
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
            && colon > 1
        {
            return None;
        }
    }
    let (path, fragment) = match t.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (t, None),
    };
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let p = Path::new(decoded.as_ref());
    if p.is_absolute() {
        return None;
    }
    let dir = file.parent().unwrap_or(Path::new(""));
    let abs = normalize(&dir.join(p));
    // A folder's link (`guide/`, `guide`) goes to its README, as the
    // reader opens one: in the book, that document's place in it.
    let doc = known.names.get(&abs).or_else(|| {
        FOLDER_READMES
            .iter()
            .find_map(|readme| known.names.get(&abs.join(readme)))
    });
    if let Some(doc) = doc {
        let fragment =
            fragment.map(|f| percent_encoding::percent_decode_str(f).decode_utf8_lossy());
        // `#B-Sec` names the section `b-sec`, as for a file read alone.
        let id = fragment
            .as_deref()
            .and_then(|f| match known.first.get(doc) {
                Some(first) if first.eq_ignore_ascii_case(f) => Some(first.as_str()),
                _ => known_id(known.ids.get(doc)?, f),
            });
        return Some(in_book(doc, id.or(fragment.as_deref())));
    }
    let rel = relative_to(&abs, &normalize(root));
    let mut out = rel.to_string_lossy().into_owned();
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    Some(out)
}

/// The id of `ids` that `fragment` names: itself, else one equal to it
/// but for ASCII case. GitHub finds a heading from an address's
/// fragment lowercased (`#B-Sec` goes to `# B sec`), and so do the reader
/// and `--check` of a file read alone: a book resolves its links alike.
fn known_id<'a>(ids: &'a HashSet<String>, fragment: &'a str) -> Option<&'a str> {
    if ids.contains(fragment) {
        return Some(fragment);
    }
    ids.iter()
        .find(|id| id.eq_ignore_ascii_case(fragment))
        .map(String::as_str)
}

/// A book too large to read before the first screen: more than this many
/// bytes of documents ([`load_first`]).
pub const LARGE_BOOK: u64 = 8 << 20;

/// How much of a large book is read before the first screen: documents
/// from the start until this many bytes (at least one).
pub const FIRST_READ: u64 = 256 << 10;

/// The book `source` names, read whole when it is small; when its
/// documents pass [`LARGE_BOOK`] bytes, only the first documents (about
/// [`FIRST_READ`] bytes: what the first screen shows), the others their
/// entries alone (titled by their file names, [`Book::unread`]), and the
/// plan to read the whole with ([`load_all`], [`assemble`]).
pub fn load_first(source: &BookSource, max_size: u64) -> Result<(Book, Option<Plan>), LoadError> {
    let plan = plan(source)?;
    let Some(pending) = first_pending(&plan) else {
        let loaded = load_all(&plan, max_size);
        return Ok((assemble(&plan, loaded), None));
    };
    let loaded = load_unless(&plan, &pending, max_size);
    let book = assemble_reading(&plan, loaded, &pending);
    Ok((book, Some(plan)))
}

/// Each entry's file size (0 for a title alone or a file gone).
fn sizes(plan: &Plan) -> Vec<u64> {
    plan.entries
        .iter()
        .map(|e| {
            e.path
                .as_ref()
                .and_then(|p| std::fs::metadata(p).ok())
                .map_or(0, |m| m.len())
        })
        .collect()
}

/// Which entries of a large book are left to read after its first
/// documents ([`load_first`]); `None` for a book read whole at once.
fn first_pending(plan: &Plan) -> Option<Vec<bool>> {
    let sizes = sizes(plan);
    if sizes.iter().sum::<u64>() <= LARGE_BOOK {
        return None;
    }
    let mut read = 0u64;
    Some(
        plan.entries
            .iter()
            .zip(&sizes)
            .map(|(entry, &size)| {
                let later = entry.path.is_some() && read >= FIRST_READ;
                if !later {
                    read += size;
                }
                later
            })
            .collect(),
    )
}

/// Reads the entries not `pending`.
fn load_unless(plan: &Plan, pending: &[bool], max_size: u64) -> Vec<Loaded> {
    plan.entries
        .iter()
        .zip(pending)
        .map(|(entry, &later)| {
            if later {
                None
            } else {
                load_entry(entry, max_size)
            }
        })
        .collect()
}

/// The share of a large book's documents left to read after which the
/// last stage is handed over ([`load_in_stages`]): the stages are read
/// at 1/16 and 1/8 of it, then the whole. Each stage costs a copy of what
/// is read so far, on screen while the whole is put together, so the
/// stages stop at an eighth: with a quarter, the 2,000-document tree
/// peaked at 3.07x its size (2.4x with no stages), over the 3x bound.
const LAST_STAGE: u64 = 8;

/// Reads a large book whole in stages, so its outline fills in as it is
/// read: after its first documents ([`load_first`]), the documents left
/// are read in reading order, and a book with those read so far (the
/// rest still entries being read) is given to `stage` once 1/16 and 1/8
/// of them (by size) are read; then the whole book is returned. The
/// documents `read_now` names (read ahead of a search,
/// [`read_ahead`]) are read in every stage from when it names them, so
/// no stage takes a match away. A book read whole at once has no stage.
pub fn load_in_stages(
    source: &BookSource,
    max_size: u64,
    read_now: &dyn Fn(&Path) -> bool,
    stage: &mut dyn FnMut(Book),
) -> Result<Book, LoadError> {
    let plan = plan(source)?;
    let Some(mut pending) = first_pending(&plan) else {
        return Ok(assemble(&plan, load_all(&plan, max_size)));
    };
    let sizes = sizes(&plan);
    let rest: Vec<usize> = (0..plan.entries.len()).filter(|&i| pending[i]).collect();
    let total: u64 = rest.iter().map(|&i| sizes[i]).sum();
    let mut loaded = load_unless(&plan, &pending, max_size);
    let mut goal = total / 16;
    let mut read = 0u64;
    let mut k = 0;
    while k < rest.len() {
        let mut batch = Vec::new();
        while k < rest.len() && (read < goal || batch.is_empty()) {
            let i = rest[k];
            k += 1;
            if pending[i] {
                batch.push(i);
                read += sizes[i];
            }
        }
        for (&i, doc) in batch.iter().zip(load_these(&plan, &batch, max_size)) {
            loaded[i] = doc;
            pending[i] = false;
        }
        if k >= rest.len() {
            break;
        }
        if goal <= total / LAST_STAGE {
            for &i in &rest[k..] {
                if pending[i] && plan.entries[i].path.as_deref().is_some_and(read_now) {
                    loaded[i] = load_entry(&plan.entries[i], max_size);
                    pending[i] = false;
                }
            }
            // A stage past half the rest (one huge document read in it)
            // would be a second copy of most of the book on top of the
            // whole: 4.8x its size in the attack's 200 MB document.
            if read <= total / 2 {
                stage(assemble_reading(&plan, loaded.clone(), &pending));
            }
            goal = goal.saturating_mul(2).max(1);
        }
        if goal > total / LAST_STAGE {
            // The rest in one go.
            goal = u64::MAX;
        }
    }
    Ok(assemble(&plan, loaded))
}

/// The largest file [`read_ahead`] reads ahead of the book.
pub const READ_AHEAD_MAX: u64 = 16 << 20;

/// A search in a large book still being read, ahead of the reading: the
/// files left to read are searched as they are on disk, in reading order
/// (`found` says whether a file's text holds a match), and the first
/// document found is read with the first documents, the others left to
/// read as before. So a word in the last document shows as soon as that
/// file is found and read, not when the whole book is (it is a hint: the
/// text on disk is Markdown, so a match across markup is found when the
/// whole book is, as before). `None`: the book is read whole at once, or
/// no file left to read holds a match. With the book, the file found.
pub fn read_ahead(
    source: &BookSource,
    max_size: u64,
    found: &dyn Fn(&str) -> bool,
) -> Result<Option<(Book, PathBuf)>, LoadError> {
    let plan = plan(source)?;
    let Some(mut pending) = first_pending(&plan) else {
        return Ok(None);
    };
    let hit = plan
        .entries
        .iter()
        .zip(&pending)
        .position(|(entry, &later)| {
            let Some(path) = entry.path.as_ref().filter(|_| later) else {
                return false;
            };
            // A huge document comes with the whole book: read ahead, it
            // was parsed twice at once (7.3x the book's size in memory,
            // and the whole book never arrived, in the attack's 200 MB
            // document).
            if std::fs::metadata(path).is_ok_and(|m| m.len() > READ_AHEAD_MAX) {
                return false;
            }
            let name = display_path(path);
            read_document_file(path, &name, max_size, Fifo::Refuse).is_ok_and(|t| found(&t.text))
        });
    let Some(hit) = hit else {
        return Ok(None);
    };
    pending[hit] = false;
    let loaded = load_unless(&plan, &pending, max_size);
    let path = plan.entries[hit].path.clone().unwrap_or_default();
    Ok(Some((assemble_reading(&plan, loaded, &pending), path)))
}

/// Puts the plan's documents together into one book.
pub fn assemble(plan: &Plan, loaded: Vec<Loaded>) -> Book {
    assemble_reading(plan, loaded, &[])
}

/// [`assemble`]; an entry whose `pending` is true is an unread one
/// (kept, as its heading and a line saying it is being read, and counted
/// in [`Book::unread`]), not one left out.
pub fn assemble_reading(plan: &Plan, loaded: Vec<Loaded>, pending: &[bool]) -> Book {
    let is_pending = |i: usize| pending.get(i).copied().unwrap_or(false);
    let unread = (0..plan.entries.len())
        .filter(|&i| plan.entries[i].path.is_some() && is_pending(i))
        .count();
    let root_abs = normalize(&plan.root);
    // Each entry's name, and what each loaded document holds.
    let mut names: Vec<Option<String>> = Vec::with_capacity(plan.entries.len());
    let mut known = Known {
        names: HashMap::new(),
        ids: HashMap::new(),
        first: HashMap::new(),
    };
    let mut skipped = Vec::new();
    for (i, (entry, loaded)) in plan.entries.iter().zip(&loaded).enumerate() {
        let name = entry.path.as_ref().map(|p| {
            let abs = normalize(p);
            let name = name_of(&relative_to(&abs, &root_abs));
            known.names.insert(abs, name.clone());
            name
        });
        if let (Some(name), Some((Ok(doc), _))) = (&name, loaded) {
            // A folded first section's id names the document's entry.
            let folded = usize::from(folds_first_section(doc));
            let ids = (folded..doc.sections.len())
                .map(|i| doc.section_id(i).to_string())
                .collect();
            known.ids.insert(name.clone(), ids);
            if folded == 1 {
                known
                    .first
                    .insert(name.clone(), doc.section_id(0).to_string());
            }
        }
        if entry.path.is_some() && loaded.is_none() && !is_pending(i) {
            if let Some(p) = &entry.path {
                skipped.push(p.clone());
            }
            if let Some(n) = &name {
                known.names.retain(|_, v| v != n);
            }
        }
        names.push(name);
    }

    // A book of Markdown documents alone is Markdown: not numbered by
    // default, as each of them is not. One that could not be read (a
    // mistyped name, a broken chapter) does not change that.
    let all_markdown = loaded
        .iter()
        .flatten()
        .filter_map(|(doc, _)| doc.as_ref().ok())
        .all(Document::from_markdown);
    // A heading (a folder, a summary's part) whose entries were all left
    // out (a `testdata/` folder of TOML files that are no documents) is
    // left out too: an empty heading is no chapter.
    let entries = &plan.entries;
    let mut shown = vec![true; entries.len()];
    for i in (0..entries.len()).rev() {
        if entries[i].path.is_some() {
            shown[i] = loaded[i].is_some() || is_pending(i);
            continue;
        }
        let under = (i + 1..entries.len()).take_while(|&j| entries[j].depth > entries[i].depth);
        let mut any = false;
        let mut kept = false;
        for j in under {
            any = true;
            kept |= shown[j];
        }
        shown[i] = !any || kept;
    }
    let mut b = Builder::default();
    let mut depths: Vec<u8> = Vec::new();
    let mut lines: Vec<u32> = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    let mut parts = Vec::new();
    let mut taken: HashSet<String> = HashSet::new();
    let mut notes = plan.notes.clone();
    for (i, ((entry, loaded), name)) in plan.entries.iter().zip(loaded).zip(names).enumerate() {
        let unread = entry.path.is_some() && is_pending(i);
        if !shown[i] {
            continue;
        }
        let s = b.sections.len() as u32;
        // A rule ends the document before: where one starts shows.
        if s > 0 {
            b.push_block(BlockKind::Rule, s - 1, "");
        }
        let depth = entry.depth.min(DEEPEST as u8);
        let (doc, hash) = match loaded {
            Some((doc, hash)) => (Some(doc), hash),
            None => (None, 0),
        };
        let title = match (&entry.title, &doc) {
            (Some(t), _) => t.clone(),
            (None, Some(Ok(d))) => {
                folder_title(entry.path.as_deref(), &d.title).unwrap_or_else(|| d.title.clone())
            }
            (None, _) => name.clone().unwrap_or_else(|| "Untitled".into()),
        };
        let heading = b.blocks.len() as u32;
        b.push_block(BlockKind::Heading, s, &title);
        b.sections.push(Section::new(heading, None, depth, 0, 0));
        depths.push(depth);
        lines.push(1);
        let entry_id = unique(
            &mut taken,
            name.clone()
                .unwrap_or_else(|| super::rich::slug(&title, super::rich::Slugs::Toml)),
        );
        ids.push(entry_id);
        let name = name.unwrap_or_default();
        let path = entry.path.clone().unwrap_or_default();
        if unread {
            b.push_block(BlockKind::Paragraph, s, "(being read)");
            parts.push(Part {
                path,
                name,
                sections: s..s + 1,
                error: None,
                hash: 0,
                unread: true,
                written: Vec::new(),
            });
            continue;
        }
        let Some(doc) = doc else { continue };
        let mut written = Vec::new();
        let error = match doc {
            Ok(mut doc) => {
                if let Some(warning) = doc.load_warning.take() {
                    notes.push(warning);
                }
                append_document(
                    &mut b,
                    doc,
                    &name,
                    &path,
                    depth,
                    plan,
                    &known,
                    &mut depths,
                    &mut lines,
                    &mut ids,
                    &mut taken,
                    &mut written,
                );
                None
            }
            Err(e) => {
                // Its error in place of its text, as `--check` shows it.
                let text = sanitize_block(&e.to_string());
                b.push_block(BlockKind::Code { lang: NONE }, s, &text);
                Some(e)
            }
        };
        parts.push(Part {
            path,
            name,
            sections: s..b.sections.len() as u32,
            error,
            hash,
            unread: false,
            written,
        });
    }
    if b.sections.is_empty() {
        // Every file was left out: a book still has a section to show.
        b.push_block(BlockKind::Heading, 0, "No documents");
        b.sections.push(Section::new(0, None, 0, 0, 0));
        depths.push(0);
        lines.push(0);
        ids.push("no-documents".into());
    }
    shape(&mut b.sections, &depths);
    for (s, line) in b.sections.iter_mut().zip(lines) {
        s.line = line;
    }
    let mut id_buf = String::new();
    for (s, id) in b.sections.iter_mut().zip(&ids) {
        id_buf.push_str(id);
        s.id_end = id_buf.len() as u32;
    }
    let mut doc = Document::from_parts(plan.title.clone(), None, None, b, id_buf);
    doc.markup = crate::model::document::Markup::Markdown;
    doc.load_warning = match notes.as_slice() {
        [] => None,
        [one] => Some(one.clone()),
        [first, rest @ ..] => Some(format!("{first} (and {} more notes)", rest.len())),
    };
    if all_markdown {
        doc.set_from_markdown();
    }
    Book {
        doc,
        root: plan.root.clone(),
        parts,
        skipped,
        notes,
        unread,
    }
}

/// Each line of an error through the sanitizer, kept as lines.
fn sanitize_block(text: &str) -> String {
    text.lines()
        .map(|l| sanitize(l).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `id`, or `id-1`, `id-2`… when it is taken.
fn unique(taken: &mut HashSet<String>, id: String) -> String {
    if taken.insert(id.clone()) {
        return id;
    }
    let mut n = 1;
    loop {
        let candidate = format!("{id}-{n}");
        if taken.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
    }
}

/// Whether `doc`'s first section is its entry's own text: the text before
/// its first heading ("Overview"), or under its title heading (a README's
/// `# clap`), the entry being titled by the document. Its heading is then
/// left out, and its id names the entry.
fn folds_first_section(doc: &Document) -> bool {
    folded_heading(doc).is_some()
}

/// The heading block a folded first section leaves out (see
/// [`folds_first_section`]): the first block, or the title heading after
/// a logo and badges.
fn folded_heading(doc: &Document) -> Option<usize> {
    let first = doc.sections.first()?;
    let h = first.heading_block as usize;
    let b = doc.blocks.get(h)?;
    let range = b.start as usize..b.end as usize;
    let folds = first.subtree_end == 1
        && b.kind == BlockKind::Heading
        && b.frame().is_none()
        && (doc.title_block() == Some(h) || h == 0 && [OVERVIEW, TOP].contains(&doc.block_text(0)))
        && doc.spans_in(range.clone()).is_empty()
        && doc.links[doc
            .links
            .partition_point(|l| (l.end as usize) <= range.start)..]
            .first()
            .is_none_or(|l| l.start as usize >= range.end);
    folds.then_some(h)
}

/// Appends `doc`'s blocks and sections under the entry just pushed.
#[allow(clippy::too_many_arguments)]
fn append_document(
    b: &mut Builder,
    doc: Document,
    name: &str,
    path: &Path,
    depth: u8,
    plan: &Plan,
    known: &Known,
    depths: &mut Vec<u8>,
    lines: &mut Vec<u32>,
    ids: &mut Vec<String>,
    taken: &mut HashSet<String>,
    written: &mut Vec<(u32, Box<str>)>,
) {
    let entry = b.sections.len() as u32 - 1;
    // Its links come after those already in the book.
    let base_link = b.links.len() as u32;
    let own_ids: Vec<String> = (0..doc.sections.len())
        .map(|i| doc.section_id(i).to_string())
        .collect();
    let skip = folded_heading(&doc);
    let fold = skip.is_some();
    let (mut next, _) = doc.into_builder();
    // Links resolved against the book.
    let mut targets = String::with_capacity(next.link_targets.len());
    let mut ends = Vec::with_capacity(next.links.len());
    for i in 0..next.links.len() {
        let target = next.link_target(i);
        match resolve(target, name, path, &plan.root, known) {
            Some(t) => {
                if t != target {
                    written.push((base_link + i as u32, target.into()));
                }
                targets.push_str(&t);
            }
            None => targets.push_str(target),
        }
        ends.push(targets.len() as u32);
    }
    // Each link holds its own copy again (none shared, none its text).
    for (link, end) in next.links.iter_mut().zip(ends) {
        link.target_end = end;
    }
    next.link_targets = targets.into();
    let sections = std::mem::take(&mut next.sections);
    let base_blocks = b.blocks.len() as u32 - u32::from(fold);
    let base_section = entry + 1 - u32::from(fold);
    b.append_blocks_from(next, base_section, skip);
    for (i, s) in sections.into_iter().enumerate() {
        if fold && i == 0 {
            continue;
        }
        let d = (usize::from(depth) + 1 + usize::from(s.depth())).min(DEEPEST) as u8;
        let heading = s.heading_block + base_blocks;
        b.sections.push(Section::new(heading, None, d, 0, 0));
        depths.push(d);
        lines.push(s.line);
        ids.push(unique(taken, format!("{name}#{}", own_ids[i])));
    }
    let _ = entry;
}

/// Parent, ordinal and subtree of every section from its depth.
fn shape(sections: &mut [Section], depths: &[u8]) {
    let count = sections.len() as u32;
    // (depth, index, children so far)
    let mut stack: Vec<(u8, u32, u32)> = Vec::new();
    let mut top = 0u32;
    for i in 0..sections.len() {
        let depth = depths[i];
        while let Some(&(d, j, _)) = stack.last() {
            if d < depth {
                break;
            }
            sections[j as usize].subtree_end = i as u32;
            stack.pop();
        }
        let ordinal = match stack.last_mut() {
            Some((_, _, children)) => {
                *children += 1;
                *children
            }
            None => {
                top += 1;
                top
            }
        };
        let parent = stack.last().map(|&(_, p, _)| p);
        let heading = sections[i].heading_block;
        // The depth stored is the depth in the tree (a document nested
        // under a folder whose heading was left out moves up).
        sections[i] = Section::new(heading, parent, stack.len() as u8, ordinal, 0);
        stack.push((depth, i as u32, 0));
    }
    for (_, j, _) in stack {
        sections[j as usize].subtree_end = count;
    }
}

/// A place in the book that links to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backlink {
    /// The link ([`Document::links`]).
    pub link: usize,
    /// The section the link is in.
    pub from: usize,
    /// The section it points at.
    pub to: usize,
}

/// The section a book link (`#id`, as [`assemble`] writes them) points
/// at: the section with that id exactly.
pub fn link_section(doc: &Document, link: usize) -> Option<usize> {
    let target = doc.link_target(link).trim().strip_prefix('#')?;
    let id = percent_encoding::percent_decode_str(target).decode_utf8_lossy();
    doc.section_with_id(&id).or_else(|| {
        // `#doc#id` to an anchor, or to an id `doc` lacks: the document.
        id.rmatch_indices('#')
            .find_map(|(i, _)| doc.section_with_id(&id[..i]))
    })
}

/// Every place in the book linking into the sections `to` (a document's
/// sections, or a section's subtree), in reading order. Links from
/// within `to` itself are left out: those are the document's own
/// cross-references, not places that lead to it.
pub fn backlinks(doc: &Document, to: Range<u32>) -> Vec<Backlink> {
    doc.index_ids(doc.links.len());
    (0..doc.links.len())
        .filter_map(|link| {
            let target = link_section(doc, link)?;
            let from = doc.links[link].section as usize;
            (to.contains(&(target as u32)) && !to.contains(&(from as u32))).then_some(Backlink {
                link,
                from,
                to: target,
            })
        })
        .collect()
}

/// The shown text of `link`, on one line.
pub fn link_text(doc: &Document, link: usize) -> String {
    let l = doc.links[link];
    let text = doc
        .text()
        .get(l.start as usize..l.end as usize)
        .unwrap_or("");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_paths() {
        assert_eq!(lexical(Path::new("/a/b/../c/./d")), PathBuf::from("/a/c/d"));
        assert_eq!(
            relative_to(Path::new("/a/x/y.md"), Path::new("/a/b")),
            PathBuf::from("../x/y.md")
        );
        assert_eq!(
            relative_to(Path::new("/a/b/c.md"), Path::new("/a/b")),
            PathBuf::from("c.md")
        );
    }

    #[test]
    fn camp_toml_is_told_from_other_toml() {
        assert!(crate::load::is_camp_toml("title = \"x\"\n[[sections]]\n"));
        assert!(crate::load::is_camp_toml("# c\n[[sections]]\ntitle='a'"));
        assert!(!crate::load::is_camp_toml("[package]\nname = \"x\"\n"));
        assert!(!crate::load::is_camp_toml("[book]\ntitle = \"x\"\n"));
        assert!(!crate::load::is_camp_toml("titles = 1\n"));
    }

    #[test]
    fn changes_that_matter_to_a_folder_book() {
        for yes in [
            "a.md",
            "sub/b.toml",
            "sub",
            "new-folder",
            ".gitignore",
            "x/.ignore",
        ] {
            assert!(matters_to_a_folder_book(Path::new(yes)), "{yes}");
        }
        for no in [
            ".git/index",
            ".git/objects/ab",
            "a.png",
            ".a.md.swp",
            "x/.hidden/c.md",
        ] {
            assert!(!matters_to_a_folder_book(Path::new(no)), "{no}");
        }
    }

    #[test]
    fn fronts() {
        assert!(is_front("README.md"));
        assert!(is_front("index.markdown"));
        assert!(!is_front("intro.md"));
    }
}
