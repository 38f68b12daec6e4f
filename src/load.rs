//! Reading and parsing content files into a [`Document`], with errors that
//! point at the path, line and column of what is wrong.

use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::document::{BlockKind, Builder, Document, Section, Source, slug};
use crate::sanitize::{sanitize, sanitize_line};

/// The article embedded in the binary, opened when no file is given.
pub const EMBEDDED: &str = include_str!("../assets/camp-ashraf-3.toml");
/// Name shown for the embedded document in messages.
pub const EMBEDDED_NAME: &str = "<embedded: camp-ashraf-3.toml>";
/// Files larger than this are refused before they are read whole.
pub const DEFAULT_MAX_SIZE: u64 = 512 * 1024 * 1024;
/// Sections may nest this many levels (top level counts as 1).
pub const MAX_DEPTH: usize = 8;
/// Error excerpts are cut to this many columns.
const EXCERPT_COLS: usize = 200;

/// Where a document comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Embedded,
    Stdin,
    File(PathBuf),
}

impl Input {
    /// `None` → embedded, `-` → standard input, anything else a path.
    pub fn from_arg(arg: Option<&Path>) -> Self {
        match arg {
            None => Input::Embedded,
            Some(p) if p.as_os_str() == "-" => Input::Stdin,
            Some(p) => Input::File(p.to_path_buf()),
        }
    }

    /// The name used in messages, made safe to print.
    pub fn display_name(&self) -> String {
        match self {
            Input::Embedded => EMBEDDED_NAME.to_string(),
            Input::Stdin => "<stdin>".to_string(),
            Input::File(p) => sanitize(&p.to_string_lossy()).into_owned(),
        }
    }
}

/// Line and column (1-based, columns counted in characters) plus the
/// offending line, already sanitized and cut for printing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    pub excerpt: String,
    /// Display column of the caret within `excerpt`.
    pub caret: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub path: String,
    pub location: Option<Location>,
    pub message: String,
}

impl LoadError {
    fn plain(path: &str, message: impl Into<String>) -> Self {
        LoadError {
            path: path.to_string(),
            location: None,
            message: sanitize(&message.into()).into_owned(),
        }
    }

    fn at(path: &str, source: &str, offset: usize, message: impl Into<String>) -> Self {
        LoadError {
            path: path.to_string(),
            location: Some(locate(source, offset)),
            message: sanitize(&message.into()).into_owned(),
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            None => write!(f, "{}: {}", self.path, self.message),
            Some(loc) => {
                writeln!(
                    f,
                    "{}:{}:{}: {}",
                    self.path, loc.line, loc.column, self.message
                )?;
                writeln!(f, "    {}", loc.excerpt)?;
                write!(f, "    {}^", " ".repeat(loc.caret))
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// Computes LINE:COLUMN of a byte offset and a printable excerpt of its line.
pub fn locate(source: &str, offset: usize) -> Location {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[offset..]
        .find('\n')
        .map_or(source.len(), |i| offset + i);
    let line = source[..line_start].bytes().filter(|&b| b == b'\n').count() + 1;
    let before = &source[line_start..offset];
    let column = before.chars().count() + 1;
    let line_text = source[line_start..line_end].trim_end_matches('\r');

    // Show a window of the line around the column so a 10 MB line prints a
    // bounded excerpt that still contains the caret.
    let (prefix, window_start) = if column > EXCERPT_COLS / 2 {
        let skip = column - EXCERPT_COLS / 4;
        let start = before
            .char_indices()
            .nth(skip)
            .map_or(before.len(), |(i, _)| i);
        ("…", line_start + start)
    } else {
        ("", line_start)
    };
    let window_end = line_end.min(window_start + EXCERPT_COLS * 4);
    let mut window_end = window_end.max(offset.min(line_end));
    while !source.is_char_boundary(window_end) {
        window_end -= 1;
    }
    let shown_before = sanitize(&source[window_start..offset.max(window_start)]);
    let caret = prefix.len().min(1) + unicode_width::UnicodeWidthStr::width(&*shown_before);
    let mut excerpt = String::from(prefix);
    excerpt.push_str(&sanitize_line(
        &source[window_start..window_end.max(window_start)],
        EXCERPT_COLS,
    ));
    let _ = line_text;
    Location {
        line,
        column,
        excerpt,
        caret: caret.min(EXCERPT_COLS + 1),
    }
}

/// Reads the raw text of `input`, refusing anything over `max_size` bytes
/// before reading it whole.
pub fn read_input(input: &Input, max_size: u64) -> Result<String, LoadError> {
    let name = input.display_name();
    match input {
        Input::Embedded => Ok(EMBEDDED.to_string()),
        Input::Stdin => read_limited(io::stdin().lock(), &name, max_size),
        Input::File(path) => {
            let file = File::open(path).map_err(|e| io_error(&name, "cannot open", &e))?;
            let meta = file
                .metadata()
                .map_err(|e| io_error(&name, "cannot read", &e))?;
            if meta.is_dir() {
                return Err(LoadError::plain(
                    &name,
                    "is a directory, not a document file",
                ));
            }
            if !meta.is_file() && !is_fifo(&meta) {
                return Err(LoadError::plain(
                    &name,
                    "is not a regular file (devices and sockets are not read)",
                ));
            }
            if meta.is_file() && meta.len() > max_size {
                return Err(too_big(&name, meta.len(), max_size));
            }
            read_limited(file, &name, max_size)
        }
    }
}

#[cfg(unix)]
fn is_fifo(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    meta.file_type().is_fifo()
}

#[cfg(not(unix))]
fn is_fifo(_meta: &std::fs::Metadata) -> bool {
    false
}

fn io_error(name: &str, what: &str, e: &io::Error) -> LoadError {
    let reason = match e.kind() {
        io::ErrorKind::NotFound => "no such file".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    };
    LoadError::plain(name, format!("{what}: {reason}"))
}

fn too_big(name: &str, size: u64, max: u64) -> LoadError {
    LoadError::plain(
        name,
        format!("file is over the size limit ({size} bytes > {max} bytes; see --max-size)"),
    )
}

fn read_limited(reader: impl Read, name: &str, max_size: u64) -> Result<String, LoadError> {
    let mut bytes = Vec::new();
    reader
        .take(max_size.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(name, "cannot read", &e))?;
    if bytes.len() as u64 > max_size {
        return Err(too_big(name, bytes.len() as u64, max_size));
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        // The prefix up to the bad byte is valid, so it can be located.
        let text = String::from_utf8_lossy(&bytes[..bytes.len().min(valid + 400)]);
        LoadError::at(
            name,
            &text,
            valid,
            "not valid UTF-8 (document files must be UTF-8 text)",
        )
    })
}

/// Reads and parses `input`.
pub fn load(input: &Input, max_size: u64) -> Result<Document, LoadError> {
    let text = read_input(input, max_size)?;
    parse(&input.display_name(), &text)
}

// ---- the file format (serde types; runtime types live in `document`) ----

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDoc {
    title: Spanned<String>,
    subtitle: Option<String>,
    source: Option<RawSource>,
    sections: Spanned<Vec<RawSection>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    name: Option<String>,
    title: Option<String>,
    url: Option<String>,
    license: Option<String>,
    retrieved: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    title: Spanned<String>,
    id: Option<Spanned<String>>,
    body: Option<String>,
    links: Option<Vec<RawLink>>,
    sections: Option<Spanned<Vec<RawSection>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLink {
    text: Spanned<String>,
    url: Option<String>,
}

/// Parses document text (already read) into the model.
pub fn parse(name: &str, source: &str) -> Result<Document, LoadError> {
    let source_text = source.strip_prefix('\u{feff}').unwrap_or(source);
    let raw: RawDoc = toml::from_str(source_text).map_err(|e| toml_error(name, source_text, &e))?;
    build(name, source_text, raw)
}

fn toml_error(name: &str, source: &str, e: &toml::de::Error) -> LoadError {
    let message = explain(e.message().trim());
    match e.span() {
        Some(span) => LoadError::at(name, source, span.start, message),
        None => LoadError::plain(name, message),
    }
}

/// Adds where-it-is context to serde's wording of unknown fields.
fn explain(message: &str) -> String {
    let first = message.lines().next().unwrap_or(message);
    if first.starts_with("unknown field") {
        let place = if first.contains("`subtitle`") {
            "at the top level"
        } else if first.contains("`license`") {
            "in [source]"
        } else if first.contains("`body`") {
            "in a section"
        } else if first.contains("`url`") && first.contains("`text`") {
            "in a link"
        } else {
            ""
        };
        if place.is_empty() {
            return first.to_string();
        }
        let (unknown, allowed) = first.split_once(", expected").unwrap_or((first, ""));
        return format!("{unknown} {place} (allowed here:{allowed})");
    }
    first.to_string()
}

fn build(name: &str, src: &str, raw: RawDoc) -> Result<Document, LoadError> {
    let err = |span: Range<usize>, msg: &str| LoadError::at(name, src, span.start, msg);
    if raw.title.get_ref().trim().is_empty() {
        return Err(err(raw.title.span(), "`title` must not be empty"));
    }
    if raw.sections.get_ref().is_empty() {
        return Err(err(
            raw.sections.span(),
            "`sections` must hold at least one section",
        ));
    }
    let title = clean_line(raw.title.get_ref());
    let subtitle = raw
        .subtitle
        .as_deref()
        .map(clean_line)
        .filter(|s| !s.is_empty());
    let source = raw.source.map(|s| Source {
        name: s.name.as_deref().map(clean_line),
        title: s.title.as_deref().map(clean_line),
        url: s.url.as_deref().map(clean_line),
        license: s.license.as_deref().map(clean_line),
        retrieved: s.retrieved.as_deref().map(clean_line),
    });

    let mut builder = Builder::default();
    let mut ids = IdSet::default();
    let top = raw.sections.into_inner();
    let mut ctx = BuildCtx {
        name,
        src,
        builder: &mut builder,
        ids: &mut ids,
    };
    ctx.sections(top, None, 0, "")?;

    if let Some(s) = &source {
        let last = builder.sections.len() as u32 - 1;
        builder.push_block(BlockKind::Source, last, &s.summary());
    }
    Ok(Document::from_parts(
        title,
        subtitle,
        source,
        builder.sections,
        builder.blocks,
        builder.text,
    ))
}

/// Ids already used, so duplicates get `-2`, `-3`.
#[derive(Default)]
struct IdSet {
    used: std::collections::HashSet<String>,
}

impl IdSet {
    fn unique(&mut self, base: String) -> String {
        if self.used.insert(base.clone()) {
            return base;
        }
        let mut n = 2;
        loop {
            let candidate = format!("{base}-{n}");
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }
}

struct BuildCtx<'a> {
    name: &'a str,
    src: &'a str,
    builder: &'a mut Builder,
    ids: &'a mut IdSet,
}

impl BuildCtx<'_> {
    fn sections(
        &mut self,
        list: Vec<RawSection>,
        parent: Option<u32>,
        depth: usize,
        prefix: &str,
    ) -> Result<(), LoadError> {
        for (i, raw) in list.into_iter().enumerate() {
            let number = if prefix.is_empty() {
                format!("{}", i + 1)
            } else {
                format!("{prefix}.{}", i + 1)
            };
            self.section(raw, parent, depth, number)?;
        }
        Ok(())
    }

    fn section(
        &mut self,
        raw: RawSection,
        parent: Option<u32>,
        depth: usize,
        number: String,
    ) -> Result<(), LoadError> {
        let title = clean_line(raw.title.get_ref());
        if title.trim().is_empty() {
            return Err(LoadError::at(
                self.name,
                self.src,
                raw.title.span().start,
                "section `title` must not be empty",
            ));
        }
        let id = match &raw.id {
            Some(id) if !id.get_ref().trim().is_empty() => {
                let id_text = clean_line(id.get_ref());
                if self.ids.used.contains(&id_text) {
                    return Err(LoadError::at(
                        self.name,
                        self.src,
                        id.span().start,
                        format!("duplicate section id `{id_text}`"),
                    ));
                }
                self.ids.used.insert(id_text.clone());
                id_text
            }
            Some(id) => {
                return Err(LoadError::at(
                    self.name,
                    self.src,
                    id.span().start,
                    "section `id` must not be empty",
                ));
            }
            None => self.ids.unique(slug(&title)),
        };
        let index = self.builder.sections.len() as u32;
        let heading_block = self.builder.blocks.len() as u32;
        self.builder.push_block(BlockKind::Heading, index, &title);
        if let Some(body) = &raw.body {
            for para in paragraphs(body) {
                self.builder
                    .push_block(BlockKind::Paragraph, index, &sanitize(&para));
            }
        }
        for link in raw.links.iter().flatten() {
            let text = clean_line(link.text.get_ref());
            if text.is_empty() {
                return Err(LoadError::at(
                    self.name,
                    self.src,
                    link.text.span().start,
                    "link `text` must not be empty",
                ));
            }
            let text_len = text.len() as u32;
            let shown = match link.url.as_deref().map(clean_line) {
                Some(url) if !url.is_empty() => format!("{text} <{url}>"),
                _ => text,
            };
            self.builder
                .push_block(BlockKind::Link { text_len }, index, &shown);
        }
        let own_end = self.builder.blocks.len() as u32;
        self.builder.sections.push(Section {
            id,
            title,
            depth: depth as u8,
            parent,
            number: number.clone(),
            heading_block,
            own_blocks: heading_block..own_end,
            subtree_end: index + 1,
        });
        if let Some(children) = raw.sections {
            if !children.get_ref().is_empty() && depth + 1 >= MAX_DEPTH {
                return Err(LoadError::at(
                    self.name,
                    self.src,
                    children.span().start,
                    format!("sections nest too deep (at most {MAX_DEPTH} levels)"),
                ));
            }
            let children = children.into_inner();
            self.sections(children, Some(index), depth + 1, &number)?;
        }
        let end = self.builder.sections.len() as u32;
        self.builder.sections[index as usize].subtree_end = end;
        Ok(())
    }
}

/// A single-line string: sanitized, internal whitespace runs kept, newlines
/// folded to spaces, trimmed.
fn clean_line(s: &str) -> String {
    let joined: String = if s.contains(['\n', '\r']) {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        s.trim().to_string()
    };
    sanitize(&joined).into_owned()
}

/// Splits a body into paragraphs: blank lines separate them, single
/// newlines inside a paragraph join with a space.
pub fn paragraphs(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in body.lines() {
        let line = line.trim();
        if line.is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(line);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}
