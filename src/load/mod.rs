//! Reading and parsing content files into a [`Document`], with errors that
//! point at the path, line and column of what is wrong.

use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use crate::model::document::{BlockKind, Builder, Document, Markup, Section, Source};
pub use crate::sys::textfile::{DocumentText, FileStamp, PartRead};
use crate::sys::textfile::{
    Fifo, display_path, read_document, read_document_file, read_document_start,
};
use crate::text::diagnostic::{Diagnostic, cut};
use crate::text::sanitize::sanitize;

pub mod book;
pub mod convert;
mod gfm;
mod html;
mod markdown;
mod plain;
pub mod rich;
pub mod source_line;
mod stream;

pub use markdown::PARAGRAPH_BOUND;
pub use markdown::options as markdown_options;
use rich::{ExplicitIds, Handle, IdAllocator};
pub use rich::{IMAGE_MARKER, OVERVIEW, Slugs, TOP, slug};

/// The article embedded in the binary, opened when no file is given.
pub const EMBEDDED: &str = include_str!("../../assets/camp-ashraf-3.toml");
/// Name shown for the embedded document in messages.
pub const EMBEDDED_NAME: &str = "<embedded: camp-ashraf-3.toml>";
/// Files larger than this are refused before they are read whole.
pub const DEFAULT_MAX_SIZE: u64 = 512 * 1024 * 1024;
/// Sections of one document may nest this many levels (top level counts
/// as 1); a book nests them deeper, under its folders and documents.
pub const MAX_DEPTH: usize = 8;

/// Where a document comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Embedded,
    Stdin,
    File(PathBuf),
}

impl Input {
    /// The format it is read as: `given` (`--format`), else what its
    /// name says (the embedded article is TOML; standard input says
    /// nothing).
    pub fn format(&self, given: Option<Format>) -> Option<Format> {
        given.or_else(|| match self {
            Input::Embedded => Some(Format::Toml),
            Input::Stdin => None,
            Input::File(path) => Format::of_named(path),
        })
    }

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
            Input::File(p) => display_path(p),
        }
    }
}

/// A document that cannot be loaded: a located [`Diagnostic`].
pub type LoadError = Diagnostic;

/// Reads the raw text of `input`, refusing anything over `max_size` bytes
/// before reading it whole. A FIFO or pipe is refused (without waiting
/// for it): this reads documents the user did not name (a link, a
/// reload); the command line's uses [`read_named`]. Binary files are
/// refused; invalid UTF-8 is shown as U+FFFD (see [`read_input_text`] for
/// the warning that goes with it).
pub fn read_input(input: &Input, max_size: u64) -> Result<String, LoadError> {
    read_input_text(input, max_size).map(|read| read.text)
}

/// [`read_input`] for the document named on the command line: a FIFO or a
/// pipe (`camp-reader <(cmd)`) is read.
pub fn read_named(input: &Input, max_size: u64) -> Result<String, LoadError> {
    read_input_as(input, max_size, Fifo::Read).map(|read| read.text)
}

/// [`read_named`], with the warning about invalid UTF-8, if any.
pub fn read_named_text(input: &Input, max_size: u64) -> Result<DocumentText, LoadError> {
    read_input_as(input, max_size, Fifo::Read)
}

/// [`read_input`], with the warning about invalid UTF-8, if any.
pub fn read_input_text(input: &Input, max_size: u64) -> Result<DocumentText, LoadError> {
    read_input_as(input, max_size, Fifo::Refuse)
}

fn read_input_as(input: &Input, max_size: u64, fifo: Fifo) -> Result<DocumentText, LoadError> {
    let name = input.display_name();
    match input {
        Input::Embedded => Ok(DocumentText {
            text: EMBEDDED.to_string(),
            warning: None,
            stamp: None,
        }),
        Input::Stdin => read_document(io::stdin().lock(), &name, max_size, 0),
        Input::File(path) => read_document_file(path, &name, max_size, fifo),
    }
}

/// Parses what [`read_input_text`] read (see [`parse_input`]); a warning
/// about its bytes goes with the document ([`Document::load_warning`]).
pub fn parse_read(
    input: &Input,
    format: Option<Format>,
    read: DocumentText,
) -> Result<Document, LoadError> {
    let mut doc = parse_input(input, format, read.text)?;
    doc.load_warning = read.warning.map(|w| headline(&w.to_string()));
    Ok(doc)
}

/// The first line of a message (`PATH:LINE:COLUMN: what`), without the
/// excerpt under it: what fits in the status line.
pub fn headline(message: &str) -> String {
    message.lines().next().unwrap_or(message).to_string()
}

/// The formats a document can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// camp-reader's own TOML format.
    Toml,
    /// Markdown (CommonMark with GitHub's extensions).
    Markdown,
    /// Plain text: one section named by the file, lines kept. Only for a
    /// file reached through a link whose name says neither of the others
    /// (a `LICENSE`, `notes.txt`); not a `--format` value.
    #[value(skip)]
    Text,
    /// A `.toml` file reached through a link: camp-reader's TOML when it
    /// is one (a `title` or `[[sections]]` before any other table), else
    /// plain text (a `Cargo.toml`, as GitHub shows it). Not a `--format`
    /// value.
    #[value(skip)]
    LinkedToml,
}

impl Format {
    /// The format a file name says: `.toml`, or one of Markdown's usual
    /// extensions; `None` for anything else (then the content decides).
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "toml" => Some(Format::Toml),
            "md" | "markdown" | "mdown" | "mkd" | "mkdn" => Some(Format::Markdown),
            _ => None,
        }
    }

    /// The format of a file reached through a link (or `Ctrl-o` back to
    /// one), by its name: Markdown or TOML (or, for TOML that is no
    /// camp-reader document, plain text), else plain text.
    pub fn of_linked(path: &Path) -> Format {
        match Format::from_path(path) {
            Some(Format::Toml) => Format::LinkedToml,
            Some(format) => format,
            None => Format::Text,
        }
    }

    /// The format of a file named on the command line, by its name:
    /// Markdown or TOML by extension; plain text for any other extension
    /// (`main.go`, `go.mod`, `config.yaml`) and for a licence or notice
    /// (`LICENSE`, `COPYING`), as GitHub and a followed link show them;
    /// `None`, the content deciding, for `.txt` and a name with no
    /// extension (`notes.txt`, `README`).
    pub fn of_named(path: &Path) -> Option<Format> {
        if let Some(format) = Format::from_path(path) {
            return Some(format);
        }
        let notice = is_notice(path);
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match ext.as_deref() {
            _ if notice => Some(Format::Text),
            None | Some("txt" | "text") => None,
            Some(_) => Some(Format::Text),
        }
    }
}

/// Whether TOML text is meant as a camp-reader document: it has sections,
/// an array of tables `[[sections]]` anywhere (after a `[source]` table
/// too) or a top-level `sections = [...]`, however the key is written
/// (`[[ "sections" ]]`). A title alone is not enough: a `Cargo.toml`, a
/// Hugo or Zola `config.toml` (`title = "My site"`) has one.
pub fn is_camp_toml(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut top_level = true;
    for line in text.lines() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("[[") {
            if rest
                .split("]]")
                .next()
                .is_some_and(|k| bare_key(k) == "sections")
            {
                return true;
            }
            top_level = false;
        } else if line.starts_with('[') {
            top_level = false;
        } else if top_level
            && let Some((key, _)) = line.split_once('=')
            && bare_key(key) == "sections"
        {
            return true;
        }
    }
    false
}

/// Reads and parses `input`, in the format its name says or, failing
/// that, its content (see [`parse_any`]).
pub fn load(input: &Input, max_size: u64) -> Result<Document, LoadError> {
    load_as(input, max_size, None)
}

/// Reads and parses `input` as `format`, or as [`load`] decides when
/// `None`.
pub fn load_as(
    input: &Input,
    max_size: u64,
    format: Option<Format>,
) -> Result<Document, LoadError> {
    load_hashed(input, max_size, format).map(|(doc, _)| doc)
}

/// [`load_as`], also giving the hash of the bytes read ([`source_hash`]),
/// which tells a later version of the file apart.
pub fn load_hashed(
    input: &Input,
    max_size: u64,
    format: Option<Format>,
) -> Result<(Document, u64), LoadError> {
    let read = read_input_text(input, max_size)?;
    let hash = source_hash(&read.text);
    Ok((parse_read(input, format, read)?, hash))
}

/// [`load_hashed`] for the document named on the command line (see
/// [`read_named`]), with the file's stamp.
pub fn load_named(
    input: &Input,
    max_size: u64,
    format: Option<Format>,
) -> Result<(Document, Version), LoadError> {
    let read = read_input_as(input, max_size, Fifo::Read)?;
    let version = Version::of(&read);
    Ok((parse_read(input, format, read)?, version))
}

/// What tells the version of a file that was read from a later one: the
/// hash of its text ([`source_hash`]), and its stamp as it was opened
/// (when it is a file), which says it is unchanged without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Version {
    pub hash: u64,
    pub stamp: Option<FileStamp>,
}

impl Version {
    /// The version `read` is.
    pub fn of(read: &DocumentText) -> Version {
        Version {
            hash: source_hash(&read.text),
            stamp: read.stamp,
        }
    }
}

/// Starts reading the file named on the command line (as [`read_named`]
/// reads it) with only about its first `want` bytes read: the rest is
/// read by [`PartRead::finish`]. `None` for standard input and the
/// embedded article.
pub fn read_named_start(
    input: &Input,
    max_size: u64,
    want: usize,
) -> Option<Result<PartRead, LoadError>> {
    let Input::File(path) = input else {
        return None;
    };
    let name = input.display_name();
    Some(read_document_start(path, &name, max_size, Fifo::Read, want))
}

/// Parses the text read from `input` (see [`load_as`]).
pub fn parse_input(
    input: &Input,
    format: Option<Format>,
    text: String,
) -> Result<Document, LoadError> {
    let name = input.display_name();
    let named = format.is_none();
    let format = match input.format(format) {
        Some(Format::LinkedToml) if is_camp_toml(&text) => Some(Format::Toml),
        Some(Format::LinkedToml) => Some(Format::Text),
        // Named on the command line, a TOML file that opens with another
        // table (a `Cargo.toml`'s `[package]`) is shown as text too; one
        // that starts like a document (`title = …`) but has no sections
        // is still the error that says what a document needs.
        Some(Format::Toml) if named && !is_camp_toml(&text) && opens_with_a_table(&text) => {
            Some(Format::Text)
        }
        other => other,
    };
    if format == Some(Format::Text) {
        return plain::parse_plain(&file_name(input), &text, code_language(input))
            .map_err(|TooLarge| too_large(&name));
    }
    if format == Some(Format::Markdown) {
        // A new note (`touch notes.md`) opens, to be watched as it is
        // written; text of unknown format must still say what it is.
        if is_blank(&text) {
            return Ok(empty_markdown(&input_stem(input)));
        }
        return parse_markdown(&name, &input_stem(input), &text);
    }
    // Text that cannot be TOML (guessed, not named so) goes straight to
    // Markdown: TOML's parser reads all of a text before it fails, at tens
    // of times its size (a 20 MB line of words took 440 MB).
    if format.is_none() && !could_be_toml(&text) && !looks_like_toml(&text) {
        return parse_markdown(&name, &input_stem(input), &text);
    }
    // The file's text is freed as soon as the model is read from it,
    // before the last step (ids) grows the model: the two are never held
    // whole at once.
    let claimed = text_of(&name, &text)
        .and_then(|source_text| claim_ids(&name, source_text, read_parts(&name, source_text)?));
    match claimed {
        Ok(claimed) => {
            drop(text);
            claimed.finish().map_err(|TooLarge| too_large(&name))
        }
        Err(e) if format == Some(Format::Toml) || looks_like_toml(&text) => Err(e),
        Err(_) => parse_markdown(&name, &input_stem(input), &text),
    }
}

/// Whether TOML text's first statement (past blank lines and comments)
/// is a table header other than a document's (`[package]`, not
/// `[source]` or `[[sections]]`).
fn opens_with_a_table(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(line) = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
    else {
        return false;
    };
    let name = bare_key(line.trim_start_matches('[').split(']').next().unwrap_or(""));
    line.starts_with('[') && name != "source" && name != "sections"
}

/// A TOML key as its name, however written: `[[ "sections" ]]`'s
/// `sections` (spaces and quotes left out).
fn bare_key(key: &str) -> String {
    key.chars()
        .filter(|c| !c.is_whitespace() && *c != '"' && *c != '\'')
        .collect()
}

/// A licence or notice (`LICENSE-MIT`, `COPYING.LESSER`): prose.
fn is_notice(path: &Path) -> bool {
    let Some(name) = path.file_name() else {
        return false;
    };
    let name = name.to_string_lossy().to_ascii_uppercase();
    ["LICENSE", "LICENCE", "COPYING", "NOTICE", "UNLICENSE"]
        .iter()
        .any(|n| name.starts_with(n))
}

/// The language a file read as plain text is code in: its extension
/// (`main.go`: `go`; `Cargo.toml`: `toml`), but for `.txt` and `.text`;
/// `None` for prose (`LICENSE`, `notes.txt`).
fn code_language(input: &Input) -> Option<&str> {
    let Input::File(path) = input else {
        return None;
    };
    let ext = path.extension()?.to_str()?;
    let prose =
        is_notice(path) || ext.eq_ignore_ascii_case("txt") || ext.eq_ignore_ascii_case("text");
    (!prose).then_some(ext)
}

/// The file's name, as plain text's title.
fn file_name(input: &Input) -> String {
    match input {
        Input::File(path) => path
            .file_name()
            .map(|s| clean_line(&s.to_string_lossy()))
            .unwrap_or_default(),
        other => input_stem(other),
    }
}

/// The title a Markdown document without one gets: its file name
/// without the extension.
pub fn input_stem(input: &Input) -> String {
    match input {
        Input::Embedded => "camp-ashraf-3".to_string(),
        Input::Stdin => "stdin".to_string(),
        Input::File(path) => path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
    }
}

/// Parses text of unknown format: a camp-reader TOML document when it
/// reads as one, Markdown otherwise. Text with a `[[sections]]` line is
/// meant as TOML, so its errors are reported rather than shown as
/// Markdown.
pub fn parse_any(name: &str, fallback_title: &str, source: &str) -> Result<Document, LoadError> {
    if !could_be_toml(source) && !looks_like_toml(source) {
        return parse_markdown(name, fallback_title, source);
    }
    match parse(name, source) {
        Ok(doc) => Ok(doc),
        Err(e) if looks_like_toml(source) => Err(e),
        Err(_) => parse_markdown(name, fallback_title, source),
    }
}

/// Whether `source` may be a TOML document, by its first statement (the
/// first line that is not blank or a comment): a table header, or a key
/// (bare or quoted, maybe dotted) followed by `=`. Only what no TOML
/// document starts with is `false` (`word word`, `* item`, `> quote`).
fn could_be_toml(source: &str) -> bool {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let Some(line) = source
        .lines()
        .map(|l| l.trim_start_matches([' ', '\t']))
        .find(|l| !l.is_empty() && !l.starts_with('#'))
    else {
        return true;
    };
    let bytes = line.as_bytes();
    match bytes[0] {
        b'[' | b'"' | b'\'' => true,
        c if c.is_ascii_alphanumeric() || c == b'_' || c == b'-' => {
            let key = bytes
                .iter()
                .take_while(|&&c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
                .count();
            let rest = line[key..].trim_start_matches([' ', '\t']);
            rest.starts_with('=') || rest.starts_with('.')
        }
        _ => false,
    }
}

fn looks_like_toml(source: &str) -> bool {
    source
        .lines()
        .any(|l| l.trim_end().starts_with("[[sections]]"))
}

/// Whether Markdown text has nothing in it (white space, a BOM).
fn is_blank(text: &str) -> bool {
    text.strip_prefix('\u{feff}')
        .unwrap_or(text)
        .trim()
        .is_empty()
}

/// What an empty or blank Markdown file shows: its name as the title and
/// a line saying it is empty.
pub fn empty_markdown(fallback_title: &str) -> Document {
    // One short line, far under any limit.
    markdown::parse(EMPTY_NOTE, fallback_title).expect("the empty note fits the model")
}

/// The line an empty Markdown document shows.
pub const EMPTY_NOTE: &str = "*This file is empty.*";

/// Parses Markdown text (already read) into the model; `fallback_title`
/// is the title when the text gives none. Fails only on empty text.
pub fn parse_markdown(
    name: &str,
    fallback_title: &str,
    source: &str,
) -> Result<Document, LoadError> {
    let text = source.strip_prefix('\u{feff}').unwrap_or(source);
    if text.trim().is_empty() {
        return Err(LoadError::at(name, text, 0, "the document is empty"));
    }
    markdown::parse(&markdown::line_feeds(text), fallback_title).map_err(|TooLarge| too_large(name))
}

/// Where each link of the document [`parse_markdown`] makes of `source`
/// is used, as a byte offset into `source` (see `markdown::link_places`):
/// one for each of its links, in order; and each link's address as
/// written ([`LinksRead::target`]). For `--check`, which reads the file
/// again only when a link is broken.
pub fn markdown_link_places(source: &str) -> LinksRead {
    let text = source.strip_prefix('\u{feff}').unwrap_or(source);
    let bom = (source.len() - text.len()) as u32;
    let (mut places, links) = markdown::link_places(&markdown::line_feeds(text));
    for p in &mut places {
        *p += bom;
    }
    LinksRead { places, links }
}

/// A Markdown document's links read again ([`markdown_link_places`]).
pub struct LinksRead {
    /// Where each is used, in order.
    pub places: Vec<u32>,
    links: crate::model::document::Builder,
}

impl LinksRead {
    /// Link `i`'s address as the source writes it (`None` past the last).
    pub fn target(&self, i: usize) -> Option<&str> {
        (i < self.links.links.len()).then(|| self.links.link_target(i))
    }
}

/// [`parse_markdown`] with pulldown-cmark given about `piece` bytes at a
/// time (the loader uses 256 KiB); the tests compare every piece size
/// with the whole text at once.
#[doc(hidden)]
pub fn parse_markdown_in_pieces(
    name: &str,
    fallback_title: &str,
    source: &str,
    piece: usize,
) -> Result<Document, LoadError> {
    let text = source.strip_prefix('\u{feff}').unwrap_or(source);
    if text.trim().is_empty() {
        return Err(LoadError::at(name, text, 0, "the document is empty"));
    }
    markdown::parse_in_pieces(&markdown::line_feeds(text), fallback_title, piece)
        .map_err(|TooLarge| too_large(name))
}

/// Below this size a document is parsed whole before its first screen
/// ([`markdown_prefix`]).
pub const PROGRESSIVE_FROM: usize = 1 << 20;

/// About how much of a large document is parsed for its first screen.
pub const FIRST_SCREEN_BYTES: usize = 128 << 10;

/// How much of a large document is read before its first screen: all
/// [`markdown_prefix`] looks at.
pub const FIRST_READ_BYTES: usize = 2 * FIRST_SCREEN_BYTES;

/// The first screen of a large Markdown document read from `input` (as
/// `format`, when given), of `size` bytes, of which `text` is the start
/// (at least its first [`FIRST_READ_BYTES`], or all of it): a document
/// made of its first pieces, about [`FIRST_SCREEN_BYTES`], and how many
/// bytes of `text` were parsed for it. `None` for a document of another
/// format, or under [`PROGRESSIVE_FROM`], or with no place to cut near
/// its start: it is parsed whole. The whole document ([`parse_markdown_reporting`]) holds
/// every block of it, except where a link reference or footnote defined
/// further down, or a second level-1 heading, changes how it reads.
pub fn markdown_prefix(
    input: &Input,
    format: Option<Format>,
    text: &str,
    size: usize,
) -> Option<Result<(Document, usize), LoadError>> {
    let format = input.format(format);
    if format != Some(Format::Markdown) || size < PROGRESSIVE_FROM {
        return None;
    }
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bom = text.len() - body.len();
    let body = markdown::line_feeds(body);
    let prefix = markdown::parse_prefix(&body, size - bom, &input_stem(input), FIRST_SCREEN_BYTES)?;
    Some(
        prefix
            .map(|(doc, parsed)| (doc, parsed + bom))
            .map_err(|TooLarge| too_large(&input.display_name())),
    )
}

/// The first screen of a large TOML document read from `input` (as
/// `format`, when given), of `size` bytes, of which `text` is the start:
/// the document made of its top-level sections that start and end in
/// `text` (cut before the last `[[sections]]` header in it), and how many
/// bytes of `text` were parsed for it. `None` for a document of another
/// format, or under [`PROGRESSIVE_FROM`], or when no top-level section
/// ends in `text`, or the part does not parse (a cut inside a multi-line
/// string, an error near the start): it is read whole, and an error is
/// worded from the whole. The whole ([`parse_toml_keeping`]) holds every
/// block, id and number of it.
pub fn toml_prefix(
    input: &Input,
    format: Option<Format>,
    text: &str,
    size: usize,
) -> Option<(Document, usize)> {
    let format = input.format(format);
    if format != Some(Format::Toml) || size < PROGRESSIVE_FROM || text.len() >= size {
        return None;
    }
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bom = text.len() - body.len();
    let cut = memchr::memmem::rfind(body.as_bytes(), b"\n[[sections]]")? + 1;
    // A first header, not the only one: at least one whole section.
    memchr::memmem::find(&body.as_bytes()[..cut], b"[[sections]]")?;
    let after = body.as_bytes().get(cut + "[[sections]]".len()).copied();
    if !matches!(after, Some(b'\n' | b'\r' | b' ' | b'\t' | b'#')) {
        return None;
    }
    let part = &body[..cut];
    let name = input.display_name();
    let claimed = claim_ids(&name, part, read_parts(&name, part).ok()?).ok()?;
    let doc = claimed.finish_as(false).ok()?;
    Some((doc, cut + bom))
}

/// Parses a whole TOML document of which the first part is on screen
/// with `shown` as its sections' ids: they keep them. A section further
/// down whose explicit `id` a shown section has as its generated id (made
/// from its title) gets that id with the first free suffix (`intro-2`)
/// instead, and the note returned says so; every other id is the one a
/// whole load gives (a duplicate explicit id is the same error).
///
/// `progress` is told how many bytes of `text` have been read, as it goes
/// (by the streaming reader; the TOML parser, for the documents it reads,
/// says nothing until done).
pub fn parse_toml_keeping(
    input: &Input,
    text: String,
    shown: &[String],
    progress: &dyn Fn(usize),
) -> Result<(Document, Option<String>), LoadError> {
    let name = input.display_name();
    let source_text = text_of(&name, &text)?;
    let (head, mut partial) = read_parts_reporting(&name, source_text, progress)?;
    let note = keep_shown_ids(&mut partial, shown);
    let claimed = claim_ids(&name, source_text, (head, partial))?;
    drop(text);
    let doc = claimed.finish().map_err(|TooLarge| too_large(&name))?;
    Ok((doc, note))
}

/// Makes the shown ids explicit for their sections (claimed before any
/// other), and moves a later explicit id that a shown section has as its
/// generated id to its first free suffix; says which were moved.
fn keep_shown_ids(partial: &mut Partial, shown: &[String]) -> Option<String> {
    use std::collections::HashSet;
    let sections = &partial.builder.sections;
    let n = shown.len().min(sections.len());
    let old = std::mem::take(&mut partial.explicit);
    // Shown ids that were written as such: a later one equal is a
    // duplicate, an error as in a whole load.
    let written: HashSet<&str> = (0..old.list.len())
        .filter(|&k| (old.list[k].0 as usize) < n)
        .map(|k| old.get(k))
        .collect();
    let generated: HashSet<&str> = shown[..n]
        .iter()
        .map(String::as_str)
        .filter(|id| !written.contains(id))
        .collect();
    let later: HashSet<&str> = (0..old.list.len())
        .filter(|&k| old.list[k].0 as usize >= n)
        .map(|k| old.get(k))
        .collect();
    let mut kept = ExplicitIds::default();
    for (i, id) in shown[..n].iter().enumerate() {
        // Where a duplicate of it is said to be: its own `id`, else the
        // section (its offset, until lines are set).
        let at = (0..old.list.len())
            .find(|&k| old.list[k].0 as usize == i)
            .map_or(sections[i].line as usize, |k| old.list[k].2);
        kept.push(i as u32, id, at);
    }
    let mut moved = Vec::new();
    for k in (0..old.list.len()).filter(|&k| old.list[k].0 as usize >= n) {
        let (section, _, at) = old.list[k];
        let id = old.get(k);
        if generated.contains(id) {
            let free = (2u64..)
                .map(|n| format!("{id}-{n}"))
                .find(|c| {
                    !generated.contains(c.as_str())
                        && !written.contains(c.as_str())
                        && !later.contains(c.as_str())
                })
                .unwrap_or_default();
            moved.push(format!("`{}` is `{}`", cut(id), cut(&free)));
            kept.push(section, &free, at);
        } else {
            kept.push(section, id, at);
        }
    }
    partial.explicit = kept;
    (!moved.is_empty()).then(|| {
        format!(
            "ids kept as shown: further down, {} (a section shown first has that id from its title)",
            moved.join(", ")
        )
    })
}

/// [`parse_input`] of a Markdown document (as [`markdown_prefix`] found
/// it), telling `progress` how many bytes of `text` have been read as it
/// goes.
pub fn parse_markdown_reporting(
    input: &Input,
    text: &str,
    progress: &dyn Fn(usize),
) -> Result<Document, LoadError> {
    let name = input.display_name();
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    if body.trim().is_empty() {
        return Ok(empty_markdown(&input_stem(input)));
    }
    markdown::parse_reporting(&markdown::line_feeds(body), &input_stem(input), progress)
        .map_err(|TooLarge| too_large(&name))
}

/// The model's text would pass what its `u32` offsets address (see
/// [`crate::model::document::ModelText`]): the document is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TooLarge;

fn too_large(name: &str) -> LoadError {
    LoadError::plain(
        name,
        format!(
            "the document's text would pass the {} bytes the reader can address once it is laid out (tabs become spaces, control characters markers, reference links copy their address): split the file",
            crate::model::document::MAX_ADDRESSABLE
        ),
    )
}

/// A hash of a document's text as read (before parsing).
pub fn source_hash(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

// ---- the file format (serde types; runtime types live in `document`) ----
//
// These types are the format: the loader reads through them, and
// `--print-schema` is generated from them (their doc comments are its
// descriptions), so what editors check and what the reader accepts are
// one definition. The streaming reader (`stream.rs`) reads the same keys.

/// A camp-reader document: a titled tree of sections.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "camp-reader document")]
struct RawDoc<'a> {
    /// The document's title, shown at the top and in the status line. Must
    /// not be empty.
    #[schemars(with = "String", regex(pattern = r"\S"))]
    title: Spanned<String>,
    /// A line shown under the title.
    subtitle: Option<String>,
    /// How every `body` is written: `plain` (the default) or `markdown`.
    #[serde(default)]
    #[schemars(extend("default" = "plain"))]
    markup: Markup,
    /// Where the text comes from, shown at the end of the document and in
    /// the help overlay.
    source: Option<RawSource>,
    /// The top-level sections, in reading order (at least one).
    #[serde(borrow)]
    #[schemars(with = "Vec<RawSection<'a>>", length(min = 1))]
    sections: Spanned<Vec<Spanned<RawSection<'a>>>>,
}

/// Attribution: where the text comes from.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a [source] table")]
#[schemars(rename = "Source")]
struct RawSource {
    /// The publisher or site, e.g. `Wikipedia`.
    name: Option<String>,
    /// The original work's title.
    title: Option<String>,
    /// The original's address.
    url: Option<String>,
    /// The licence the text is under, e.g. `CC BY-SA 4.0`.
    license: Option<String>,
    /// When the text was retrieved, e.g. `2024-05-01`.
    retrieved: Option<String>,
}

/// A section: a heading, its text, its links and its subsections.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a section (a table)")]
#[schemars(rename = "Section")]
struct RawSection<'a> {
    /// The section's heading. Must not be empty.
    #[schemars(with = "String", regex(pattern = r"\S"))]
    title: Spanned<String>,
    /// The section's id, for `--section`, links (`#id`) and remembered
    /// positions; by default made from the title (`Raid by police` →
    /// `raid-by-police`, repeats numbered `-2`, `-3`). Unique and not empty.
    #[schemars(with = "Option<String>", regex(pattern = r"\S"))]
    id: Option<Spanned<String>>,
    /// The section's text. With `markup = "plain"`: blank lines separate
    /// paragraphs and single newlines join lines with a space. With
    /// `markup = "markdown"`: Markdown.
    // Borrowed from the file text when it has no escapes (most bodies).
    #[serde(borrow)]
    body: Option<std::borrow::Cow<'a, str>>,
    /// Links shown after the body, each as `text <url>`.
    links: Option<Vec<RawLink>>,
    /// Subsections, in reading order.
    #[serde(borrow)]
    #[schemars(with = "Option<Vec<RawSection<'a>>>")]
    sections: Option<Spanned<Vec<Spanned<RawSection<'a>>>>>,
}

/// A link shown at the end of its section.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a link (a table)")]
#[schemars(rename = "Link")]
struct RawLink {
    /// What the link says. Must not be empty.
    #[schemars(with = "String", regex(pattern = r"\S"))]
    text: Spanned<String>,
    /// Where it leads: an address, or `#id` for a section of this document.
    url: Option<String>,
}

/// Sections nest at most [`MAX_DEPTH`] levels: the one recursive section
/// definition becomes one per level (`Section`, `Section2`, …), each
/// holding the next, and the last none.
fn nesting_limit(schema: &mut schemars::Schema) {
    use serde_json::Value;
    let name = |level: usize| match level {
        1 => "Section".to_string(),
        n => format!("Section{n}"),
    };
    let Some(Value::Object(defs)) = schema.get_mut("$defs") else {
        return;
    };
    let Some(section) = defs.remove("Section") else {
        return;
    };
    for level in 1..=MAX_DEPTH {
        let mut def = section.clone();
        if let Some(Value::Object(sub)) = def.pointer_mut("/properties/sections") {
            let mut text = format!(
                "Subsections, in reading order. Sections nest at most {MAX_DEPTH} levels \
                 (a top-level section is level 1; this one is level {level})"
            );
            if level < MAX_DEPTH {
                sub.insert(
                    "items".into(),
                    serde_json::json!({ "$ref": format!("#/$defs/{}", name(level + 1)) }),
                );
                text.push('.');
            } else {
                sub.remove("items");
                sub.insert("maxItems".into(), 0.into());
                text.push_str(": it can have none.");
            }
            sub.insert("description".into(), text.into());
        }
        defs.insert(name(level), def);
    }
}

/// What schemars says for JSON, said for TOML: an optional key is absent,
/// never `null` (TOML has none); and a doc comment's line breaks are
/// spaces (editors show descriptions as Markdown, wrapped their own way).
fn toml_schema(schema: &mut schemars::Schema) {
    use serde_json::Value;
    let Some(map) = schema.as_object_mut() else {
        return;
    };
    if let Some(Value::Array(types)) = map.get_mut("type") {
        types.retain(|t| t != "null");
        if let [only] = types.as_slice() {
            let only = only.clone();
            map.insert("type".into(), only);
        }
    }
    if let Some(Value::Array(any)) = map.get("anyOf") {
        let kept: Vec<Value> = any
            .iter()
            .filter(|s| s.get("type").is_none_or(|t| t != "null"))
            .cloned()
            .collect();
        if let [only] = kept.as_slice()
            && let Some(fields) = only.as_object()
        {
            let fields = fields.clone();
            map.remove("anyOf");
            map.extend(fields);
        }
    }
    if let Some(Value::String(text)) = map.get_mut("description") {
        *text = text
            .split("\n\n")
            .map(|para| {
                para.split('\n')
                    .map(str::trim)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join("\n\n");
    }
}

/// The JSON Schema (draft 2020-12) of the document format, as
/// `--print-schema` prints it.
pub fn schema() -> String {
    let schema = schemars::generate::SchemaSettings::draft2020_12()
        .for_deserialize()
        .with_transform(schemars::transform::RecursiveTransform(
            toml_schema as fn(&mut schemars::Schema),
        ))
        .into_generator()
        .into_root_schema_for::<RawDoc<'static>>();
    let mut schema = schema;
    nesting_limit(&mut schema);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// Parses document text (already read) into the model.
pub fn parse(name: &str, source: &str) -> Result<Document, LoadError> {
    let source_text = text_of(name, source)?;
    claim_ids(name, source_text, read_parts(name, source_text)?)?
        .finish()
        .map_err(|TooLarge| too_large(name))
}

/// The model of a document, all but its generated ids.
fn read_parts(name: &str, source_text: &str) -> Result<(Head, Partial), LoadError> {
    read_parts_reporting(name, source_text, &|_| {})
}

/// [`read_parts`], telling `progress` how far the streaming reader is.
fn read_parts_reporting(
    name: &str,
    source_text: &str,
    progress: &dyn Fn(usize),
) -> Result<(Head, Partial), LoadError> {
    // Most documents are read as they are lexed, in memory that follows
    // the model; the TOML parser reads the rest and words every error.
    if let Some(parts) = stream::parse_reporting(source_text, progress) {
        return Ok(parts);
    }
    toml_parts(name, source_text)
}

/// Parses document text with the TOML parser alone, as [`parse`] does
/// when its streaming reader gives up: for the tests that hold the two to
/// the same answers.
#[cfg(feature = "test-support")]
pub fn parse_with_toml(name: &str, source: &str) -> Result<Document, LoadError> {
    let source_text = text_of(name, source)?;
    claim_ids(name, source_text, toml_parts(name, source_text)?)?
        .finish()
        .map_err(|TooLarge| too_large(name))
}

/// The streaming reading alone: `None` when it gives up (for the tests
/// that check which documents it reads).
#[cfg(feature = "test-support")]
pub fn parse_streaming(name: &str, source: &str) -> Option<Result<Document, LoadError>> {
    let source_text = text_of(name, source).ok()?;
    let parts = stream::parse_reporting(source_text, &|_| {})?;
    Some(
        claim_ids(name, source_text, parts)
            .and_then(|c| c.finish().map_err(|TooLarge| too_large(name))),
    )
}

/// Each section's `body` as written in the TOML, in reading order (what
/// `--to-markdown` keeps of a `markup = "markdown"` document).
pub fn toml_bodies(name: &str, source: &str) -> Result<Vec<Option<String>>, LoadError> {
    fn walk(list: Vec<Spanned<RawSection<'_>>>, out: &mut Vec<Option<String>>) {
        for s in list {
            let s = s.into_inner();
            out.push(s.body.map(std::borrow::Cow::into_owned));
            if let Some(children) = s.sections {
                walk(children.into_inner(), out);
            }
        }
    }
    let text = text_of(name, source)?;
    let raw: RawDoc = toml::from_str(text).map_err(|e| toml_error(name, text, &e))?;
    let mut out = Vec::new();
    walk(raw.sections.into_inner(), &mut out);
    Ok(out)
}

/// The text without a BOM; an error when there is nothing in it.
fn text_of<'a>(name: &str, source: &'a str) -> Result<&'a str, LoadError> {
    let source_text = source.strip_prefix('\u{feff}').unwrap_or(source);
    if source_text.trim().is_empty() {
        return Err(LoadError::at(
            name,
            source_text,
            0,
            "the document is empty: it needs a `title` and at least one [[sections]]",
        ));
    }
    Ok(source_text)
}

/// The TOML parser's reading (in chunks when the text is large), which
/// words every error exactly.
fn toml_parts(name: &str, source_text: &str) -> Result<(Head, Partial), LoadError> {
    if let Some(parts) = parse_parallel(source_text) {
        return Ok(parts);
    }
    let raw: RawDoc = toml::from_str(source_text).map_err(|e| toml_error(name, source_text, &e))?;
    let head = head(name, source_text, &raw)?;
    let partial = build_partial(
        name,
        source_text,
        raw.sections.into_inner(),
        source_text.len(),
        raw.markup,
    )?;
    Ok((head, partial))
}

fn toml_error(name: &str, source: &str, e: &toml::de::Error) -> LoadError {
    let mut message = explain(e.message().trim());
    // A file that is not TOML at all (Markdown, plain text) fails with a
    // TOML syntax message; say what the reader expected.
    if !source.contains("sections") && !source.contains("title") {
        message.push_str(" — this does not look like a camp-reader document (TOML with a `title` and [[sections]]; see the README)");
    }
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

/// Files at least this large are parsed in chunks, on all cores.
const PARALLEL_BYTES: usize = 4 << 20;
/// About this much TOML per chunk.
const CHUNK_BYTES: usize = 2 << 20;

/// The top-level keys of a document, parsed from its first chunk.
struct Head {
    title: String,
    subtitle: Option<String>,
    source: Option<Source>,
    markup: Markup,
}

fn head(name: &str, src: &str, raw: &RawDoc<'_>) -> Result<Head, LoadError> {
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
    let subtitle = raw
        .subtitle
        .as_deref()
        .map(clean_line)
        .filter(|s| !s.is_empty());
    let source = raw.source.as_ref().map(|s| Source {
        name: s.name.as_deref().map(clean_line),
        title: s.title.as_deref().map(clean_line),
        url: s.url.as_deref().map(clean_line),
        license: s.license.as_deref().map(clean_line),
        retrieved: s.retrieved.as_deref().map(clean_line),
    });
    Ok(Head {
        title: clean_line(raw.title.get_ref()),
        subtitle,
        source,
        markup: raw.markup,
    })
}

/// Sections built from one run of top-level sections, with indices local
/// to the run; ids are assigned once all runs are joined.
#[derive(Default)]
struct Partial {
    builder: Builder,
    explicit: ExplicitIds,
    top_level: usize,
}

/// `text_capacity`: bytes to reserve for the flat text. The text is never
/// longer than the TOML it came from (bar sanitizer markers), so reserving
/// that much avoids re-allocating, and copying, tens of megabytes as it
/// grows; untouched reserved pages cost no memory.
fn build_partial(
    name: &str,
    src: &str,
    list: Vec<Spanned<RawSection<'_>>>,
    text_capacity: usize,
    markup: Markup,
) -> Result<Partial, LoadError> {
    let mut partial = Partial::default();
    partial.builder.text.reserve(text_capacity);
    let mut ctx = BuildCtx {
        name,
        src,
        partial: &mut partial,
        paragraph: String::new(),
        markup,
    };
    let top_level = list.len();
    ctx.sections(list, None, 0)?;
    partial.top_level = top_level;
    Ok(partial)
}

/// A document read whole but for its generated ids; explicit ids are
/// claimed (a duplicate is an error located in the source).
struct Claimed {
    head: Head,
    partial: Partial,
    ids: IdAllocator,
}

/// Claims the explicit ids, while the source is there to locate a
/// duplicate, and makes each section's start into its line.
fn claim_ids(
    name: &str,
    src: &str,
    (head, mut partial): (Head, Partial),
) -> Result<Claimed, LoadError> {
    set_lines(src, &mut partial.builder.sections);
    let mut ids = IdAllocator::new(partial.builder.sections.len(), Slugs::Toml);
    let explicit = &partial.explicit;
    for k in 0..explicit.list.len() {
        let id = explicit.get(k);
        if ids.taken(explicit, &partial.builder.sections, id) {
            return Err(LoadError::at(
                name,
                src,
                explicit.list[k].2,
                format!("duplicate section id `{}`", cut(id)),
            ));
        }
        ids.insert(explicit, &partial.builder.sections, Handle::Explicit(k));
    }
    Ok(Claimed { head, partial, ids })
}

/// Sets each section's source line from where it starts in `src` (the
/// byte offset its `line` holds until now). Sections start in reading
/// order, so one pass counts the newlines; an earlier start (none is
/// known) recounts.
fn set_lines(src: &str, sections: &mut [Section]) {
    let (mut at, mut line) = (0usize, 1usize);
    for section in sections {
        let start = (section.line as usize).min(src.len());
        if start < at {
            (at, line) = (0, 1);
        }
        line += memchr::memchr_iter(b'\n', &src.as_bytes()[at..start]).count();
        at = start;
        section.line = u32::try_from(line).unwrap_or(u32::MAX);
    }
}

impl Claimed {
    /// Gives every other section an id made from its title, and adds the
    /// attribution line.
    fn finish(self) -> Result<Document, TooLarge> {
        self.finish_as(true)
    }

    /// [`Claimed::finish`]; without `attribution`, the attribution line
    /// (which ends the document) is left out: a first part ends before it.
    fn finish_as(self, attribution: bool) -> Result<Document, TooLarge> {
        let Claimed {
            head,
            partial,
            mut ids,
        } = self;
        let Partial {
            mut builder,
            explicit,
            ..
        } = partial;
        let all = ids.assign(&explicit, &mut builder);
        if let Some(s) = head.source.as_ref().filter(|_| attribution) {
            let last = builder.sections.len() as u32 - 1;
            builder.push_block(BlockKind::Source, last, &s.summary());
        }
        if builder.overflowed() {
            return Err(TooLarge);
        }
        let mut doc = Document::from_parts(head.title, head.subtitle, head.source, builder, all);
        doc.markup = head.markup;
        Ok(doc)
    }
}

/// Appends `next` to `acc`, shifting its indices, offsets and numbers.
fn append(acc: &mut Partial, next: Partial) {
    let base_sections = acc.builder.sections.len() as u32;
    let base_blocks = acc.builder.blocks.len() as u32;
    let base_explicit = acc.explicit.text.len() as u32;
    let top_base = acc.top_level as u32;
    let mut next_builder = next.builder;
    let next_sections = std::mem::take(&mut next_builder.sections);
    acc.builder.append_blocks(next_builder, base_sections);
    acc.builder
        .sections
        .extend(next_sections.into_iter().map(|mut s| {
            match s.parent() {
                Some(p) => s.set_parent(Some(p + base_sections)),
                None => s.set_ordinal(s.ordinal() + top_base),
            }
            s.heading_block += base_blocks;
            s.subtree_end += base_sections;
            s
        }));
    acc.explicit.text.push_str(&next.explicit.text);
    acc.explicit.list.extend(
        next.explicit
            .list
            .into_iter()
            .map(|(i, end, at)| (i + base_sections, end + base_explicit, at)),
    );
    acc.top_level += next.top_level;
}

/// The rest of a document after a split point: only more sections.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRest<'a> {
    #[serde(borrow)]
    sections: Vec<Spanned<RawSection<'a>>>,
}

/// Byte offsets where the text can be cut into independently parseable
/// runs of top-level sections: the starts of `[[sections]]` header lines
/// near evenly spaced targets. A cut that falls inside a multi-line string
/// makes the chunk before it fail to parse, and the caller then parses the
/// whole text in one piece, so a wrong guess costs time, never correctness.
fn split_points(src: &str, chunks: usize) -> Vec<usize> {
    const HEADER: &[u8] = b"\n[[sections]]";
    let bytes = src.as_bytes();
    let finder = memchr::memmem::Finder::new(HEADER);
    let Some(first) = finder.find(bytes) else {
        return Vec::new();
    };
    let mut points = Vec::new();
    let mut from = first + HEADER.len();
    for k in 1..chunks {
        let target = (src.len() * k / chunks).max(from);
        let Some(i) = finder.find(&bytes[target.min(bytes.len())..]) else {
            break;
        };
        let at = target + i;
        let after = bytes.get(at + HEADER.len()).copied();
        if !matches!(after, Some(b'\n' | b'\r' | b' ' | b'\t' | b'#')) {
            continue;
        }
        points.push(at + 1);
        from = at + HEADER.len();
    }
    points
}

/// Parses big files in chunks on all cores; `None` when the text cannot be
/// split cleanly or any chunk fails (the caller then parses it whole and
/// reports the error exactly).
fn parse_parallel(src: &str) -> Option<(Head, Partial)> {
    if src.len() < PARALLEL_BYTES {
        return None;
    }
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    chunk_parts(src, src.len().div_ceil(CHUNK_BYTES), workers)
}

/// Appended to the first run before it is parsed: a header like the one
/// that starts the next run. TOML rejects it when the first run defined
/// `sections` another way (an inline `sections = [ … ]`), exactly as it
/// rejects the whole text; the section it adds is dropped.
const NEXT_RUN: &str = "\n[[sections]]\ntitle = '-'\n";

/// Parses one run of the text: the first holds the top-level keys; the
/// others' bodies are read as `markup` says (checked against the first
/// run's once joined).
fn parse_chunk(
    src: &str,
    chunk: &str,
    first: bool,
    markup: Markup,
) -> Option<(Option<Head>, Partial)> {
    // Errors are only a reason to give up here: the whole parse words them.
    let name = "";
    if first {
        let mut text = String::with_capacity(chunk.len() + NEXT_RUN.len());
        text.push_str(chunk);
        text.push_str(NEXT_RUN);
        let raw: RawDoc = toml::from_str(&text).ok()?;
        let head = head(name, &text, &raw).ok()?;
        let mut sections = raw.sections.into_inner();
        sections.pop();
        // The first run's text becomes the whole document's.
        let partial = build_partial(name, &text, sections, src.len(), head.markup).ok()?;
        Some((Some(head), partial))
    } else {
        let raw: RawRest = toml::from_str(chunk).ok()?;
        let partial = build_partial(name, chunk, raw.sections, chunk.len(), markup).ok()?;
        Some((None, partial))
    }
}

/// Parses `src` as about `chunks` runs of top-level sections, `workers` at
/// a time, joining them in order as they finish (what [`parse`] does for
/// large files: small chunks keep the parser's own working memory small,
/// several threads use every core). `None` when it cannot be split or a
/// chunk fails: then only a whole parse gives the right answer or error.
pub fn parse_in_chunks(
    name: &str,
    src: &str,
    chunks: usize,
    workers: usize,
) -> Option<Result<Document, LoadError>> {
    let parts = chunk_parts(src, chunks, workers)?;
    Some(claim_ids(name, src, parts).and_then(|c| c.finish().map_err(|TooLarge| too_large(name))))
}

/// [`parse_in_chunks`] but for the ids.
fn chunk_parts(src: &str, chunks: usize, workers: usize) -> Option<(Head, Partial)> {
    use std::sync::atomic::{AtomicUsize, Ordering};

    let points = split_points(src, chunks);
    if points.is_empty() {
        return None;
    }
    let mut bounds = vec![0];
    bounds.extend(&points);
    bounds.push(src.len());
    let count = bounds.len() - 1;
    // The runs after the first read their bodies knowing the `markup`
    // key, which only the first run holds: guessed from its lines, and
    // the guess checked against the first run's reading below.
    let markup = if src[..points[0]].lines().any(|l| {
        let l = l.trim_start();
        l.starts_with("markup") && l.contains("markdown")
    }) {
        Markup::Markdown
    } else {
        Markup::Plain
    };
    let next = AtomicUsize::new(0);
    let (tx, rx) = std::sync::mpsc::channel();
    let joined: Option<(Head, Partial)> = std::thread::scope(|scope| {
        for _ in 0..workers.clamp(1, count) {
            let tx = tx.clone();
            let (next, bounds) = (&next, &bounds);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= count {
                        break;
                    }
                    let chunk = &src[bounds[i]..bounds[i + 1]];
                    let result = parse_chunk(src, chunk, i == 0, markup).map(|(head, mut p)| {
                        // Ids are checked once runs are joined: where
                        // each is written, in the whole text.
                        for (_, _, at) in &mut p.explicit.list {
                            *at += bounds[i];
                        }
                        let shift = u32::try_from(bounds[i]).unwrap_or(u32::MAX);
                        for s in &mut p.builder.sections {
                            s.line = s.line.saturating_add(shift);
                        }
                        (head, p)
                    });
                    if tx.send((i, result)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut waiting = std::collections::BTreeMap::new();
        let mut acc: Option<(Head, Partial)> = None;
        let mut wanted = 0;
        for (i, result) in rx {
            let Some(part) = result else {
                // Stop handing out chunks; the whole parse will report.
                next.store(count, Ordering::Relaxed);
                return None;
            };
            waiting.insert(i, part);
            while let Some((head, partial)) = waiting.remove(&wanted) {
                match (&mut acc, head) {
                    (None, Some(head)) if head.markup == markup => acc = Some((head, partial)),
                    (Some((_, into)), None) => append(into, partial),
                    _ => return None,
                }
                wanted += 1;
            }
        }
        (wanted == count).then_some(acc).flatten()
    });
    joined
}

struct BuildCtx<'a> {
    name: &'a str,
    src: &'a str,
    partial: &'a mut Partial,
    /// Reused buffer for joining a paragraph's lines.
    paragraph: String,
    /// How bodies are written.
    markup: Markup,
}

impl BuildCtx<'_> {
    fn sections(
        &mut self,
        list: Vec<Spanned<RawSection<'_>>>,
        parent: Option<u32>,
        depth: usize,
    ) -> Result<(), LoadError> {
        for (i, raw) in list.into_iter().enumerate() {
            self.section(raw, parent, depth, i as u32 + 1)?;
        }
        Ok(())
    }

    fn section(
        &mut self,
        raw: Spanned<RawSection<'_>>,
        parent: Option<u32>,
        depth: usize,
        ordinal: u32,
    ) -> Result<(), LoadError> {
        // A section's span starts at its `[[…sections]]` header or `{`.
        let start = raw.span().start;
        let raw = raw.into_inner();
        let title = clean_line(raw.title.get_ref());
        if title.trim().is_empty() {
            return Err(LoadError::at(
                self.name,
                self.src,
                raw.title.span().start,
                "section `title` must not be empty",
            ));
        }
        let explicit = match &raw.id {
            Some(id) if !id.get_ref().trim().is_empty() => {
                Some((clean_line(id.get_ref()), id.span().start))
            }
            Some(id) => {
                return Err(LoadError::at(
                    self.name,
                    self.src,
                    id.span().start,
                    "section `id` must not be empty",
                ));
            }
            None => None,
        };
        let builder = &mut self.partial.builder;
        let index = builder.sections.len() as u32;
        let heading_block = builder.blocks.len() as u32;
        builder.push_block(BlockKind::Heading, index, &title);
        if let Some(body) = &raw.body {
            push_body(builder, index, body, self.markup, &mut self.paragraph);
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
            let url = link.url.as_deref().map(link_target);
            builder.push_link_block(index, &text, url.as_deref());
        }
        builder.sections.push(Section::new(
            heading_block,
            parent,
            depth as u8,
            ordinal,
            start,
        ));
        if let Some((id, at)) = explicit {
            self.partial.explicit.push(index, &id, at);
        }
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
            self.sections(children, Some(index), depth + 1)?;
        }
        let end = self.partial.builder.sections.len() as u32;
        self.partial.builder.sections[index as usize].subtree_end = end;
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

/// A link's target as kept in the model. A web or mail address keeps its
/// every character: those the sanitizer would mark (C0 and C1 controls,
/// bidi and other invisible characters) are percent-encoded instead, so
/// what is shown, put in a terminal hyperlink and given to the opener is
/// the address as written, not the marked text (`<U+009B>`). Any other
/// target is a path or `#id`, cleaned as text.
pub(crate) fn link_target(s: &str) -> String {
    if !crate::model::link::is_web(s) {
        return clean_line(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars() {
        if crate::text::sanitize::is_invisible_or_control(c) {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    // Whatever is left is shown as it is.
    sanitize(&out).into_owned()
}

/// Appends a section's `body` as its blocks: paragraphs separated by
/// blank lines (plain), or Markdown (headings as sub-headings).
fn push_body(builder: &mut Builder, section: u32, body: &str, markup: Markup, buf: &mut String) {
    match markup {
        Markup::Plain => for_each_paragraph(body, buf, |para| {
            builder.push_block(BlockKind::Paragraph, section, &sanitize(para));
        }),
        Markup::Markdown => markdown::push_body(builder, section, body),
    }
}

/// Calls `f` with each paragraph of a body (see [`paragraphs`]), joined in
/// a reused buffer so a 74 MB document does not allocate per paragraph.
fn for_each_paragraph(body: &str, buf: &mut String, mut f: impl FnMut(&str)) {
    buf.clear();
    for line in body.lines() {
        let line = line.trim();
        if line.is_empty() {
            if !buf.is_empty() {
                f(buf);
                buf.clear();
            }
            continue;
        }
        if !buf.is_empty() {
            buf.push(' ');
        }
        buf.push_str(line);
    }
    if !buf.is_empty() {
        f(buf);
        buf.clear();
    }
}

/// Splits a body into paragraphs: blank lines separate them, single
/// newlines inside a paragraph join with a space.
pub fn paragraphs(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_paragraph(body, &mut String::new(), |p| out.push(p.to_string()));
    out
}

#[cfg(test)]
mod guess_tests {
    use super::could_be_toml;

    #[test]
    fn only_what_no_toml_document_starts_with_is_ruled_out() {
        for toml in [
            "title = \"T\"",
            "\u{feff}# comment\n\n  title=\"T\"",
            "[[sections]]",
            "[source]",
            "\"quoted key\" = 1",
            "'literal' = 1",
            "a.b = 1",
            "a-b_c\t= 1",
            "",
            "# only a comment",
        ] {
            assert!(could_be_toml(toml), "{toml:?}");
        }
        for other in [
            "word word word",
            "# Title\n\nSome words.",
            "* item",
            "> quote",
            "Title\n=====",
            "title: yaml",
            "!important",
        ] {
            assert!(!could_be_toml(other), "{other:?}");
        }
    }
}
