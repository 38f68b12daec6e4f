//! Reading and parsing content files into a [`Document`], with errors that
//! point at the path, line and column of what is wrong.

use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::{Diagnostic, cut};
use crate::document::{BlockKind, Builder, Document, Markup, Section, Source, slug};
use crate::sanitize::sanitize;
use crate::textfile::{display_path, read_file, read_limited};

mod stream;

/// The article embedded in the binary, opened when no file is given.
pub const EMBEDDED: &str = include_str!("../../assets/camp-ashraf-3.toml");
/// Name shown for the embedded document in messages.
pub const EMBEDDED_NAME: &str = "<embedded: camp-ashraf-3.toml>";
/// Files larger than this are refused before they are read whole.
pub const DEFAULT_MAX_SIZE: u64 = 512 * 1024 * 1024;
/// Sections may nest this many levels (top level counts as 1).
pub const MAX_DEPTH: usize = 8;

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
            Input::File(p) => display_path(p),
        }
    }
}

/// A document that cannot be loaded: a located [`Diagnostic`].
pub type LoadError = Diagnostic;

/// Reads the raw text of `input`, refusing anything over `max_size` bytes
/// before reading it whole.
pub fn read_input(input: &Input, max_size: u64) -> Result<String, LoadError> {
    let name = input.display_name();
    match input {
        Input::Embedded => Ok(EMBEDDED.to_string()),
        Input::Stdin => read_limited(io::stdin().lock(), &name, max_size, 0),
        Input::File(path) => read_file(path, &name, max_size),
    }
}

/// Reads and parses `input`.
pub fn load(input: &Input, max_size: u64) -> Result<Document, LoadError> {
    let text = read_input(input, max_size)?;
    parse(&input.display_name(), &text)
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
#[schemars(rename = "Section", transform = nesting_limit)]
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

/// Sections nest at most [`MAX_DEPTH`] levels: said in the schema, which
/// cannot count levels of a recursive definition.
fn nesting_limit(schema: &mut schemars::Schema) {
    if let Some(serde_json::Value::Object(props)) = schema.get_mut("properties")
        && let Some(serde_json::Value::Object(sections)) = props.get_mut("sections")
    {
        sections.insert(
            "description".into(),
            format!(
                "Subsections, in reading order. Sections nest at most {MAX_DEPTH} levels \
                 (a top-level section is level 1): a section at level {MAX_DEPTH} has none."
            )
            .into(),
        );
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
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// Parses document text (already read) into the model.
pub fn parse(name: &str, source: &str) -> Result<Document, LoadError> {
    let source_text = text_of(name, source)?;
    // Most documents are read as they are lexed, in memory that follows
    // the model; the TOML parser reads the rest and words every error.
    if let Some((head, partial)) = stream::parse(source_text) {
        return finish(name, source_text, head, partial);
    }
    parse_toml(name, source_text)
}

/// Parses document text with the TOML parser alone, as [`parse`] does
/// when its streaming reader gives up: for the tests that hold the two to
/// the same answers.
#[cfg(feature = "test-support")]
pub fn parse_with_toml(name: &str, source: &str) -> Result<Document, LoadError> {
    parse_toml(name, text_of(name, source)?)
}

/// The streaming reading alone: `None` when it gives up (for the tests
/// that check which documents it reads).
#[cfg(feature = "test-support")]
pub fn parse_streaming(name: &str, source: &str) -> Option<Result<Document, LoadError>> {
    let source_text = text_of(name, source).ok()?;
    let (head, partial) = stream::parse(source_text)?;
    Some(finish(name, source_text, head, partial))
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
fn parse_toml(name: &str, source_text: &str) -> Result<Document, LoadError> {
    if let Some(result) = parse_parallel(name, source_text) {
        return result;
    }
    let raw: RawDoc = toml::from_str(source_text).map_err(|e| toml_error(name, source_text, &e))?;
    let head = head(name, source_text, &raw)?;
    let partial = build_partial(
        name,
        source_text,
        raw.sections.into_inner(),
        source_text.len(),
    )?;
    finish(name, source_text, head, partial)
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
    /// The sections with an explicit id: index, id, where it is written.
    explicit_ids: Vec<(u32, String, usize)>,
    /// Where each section starts in the text (its header or inline
    /// table), one per section: made into source lines at the end, in one
    /// pass over the text.
    starts: Vec<usize>,
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
) -> Result<Partial, LoadError> {
    let mut partial = Partial::default();
    partial.builder.text.reserve(text_capacity);
    let mut ctx = BuildCtx {
        name,
        src,
        partial: &mut partial,
        paragraph: String::new(),
    };
    let top_level = list.len();
    ctx.sections(list, None, 0, "")?;
    partial.top_level = top_level;
    Ok(partial)
}

fn finish(name: &str, src: &str, head: Head, mut partial: Partial) -> Result<Document, LoadError> {
    assign_ids(name, src, &mut partial)?;
    let mut builder = partial.builder;
    set_lines(src, &partial.starts, &mut builder.sections);
    if let Some(s) = &head.source {
        let last = builder.sections.len() as u32 - 1;
        builder.push_block(BlockKind::Source, last, &s.summary());
    }
    let mut doc = Document::from_parts(head.title, head.subtitle, head.source, builder);
    doc.markup = head.markup;
    Ok(doc)
}

/// Sets each section's source line from where it starts in `src`
/// (`starts`, one per section). Sections start in reading order, so one
/// pass counts the newlines; an earlier start (none is known) recounts.
fn set_lines(src: &str, starts: &[usize], sections: &mut [Section]) {
    let (mut at, mut line) = (0usize, 1usize);
    for (section, &start) in sections.iter_mut().zip(starts) {
        let start = start.min(src.len());
        if start < at {
            (at, line) = (0, 1);
        }
        line += memchr::memchr_iter(b'\n', &src.as_bytes()[at..start]).count();
        at = start;
        section.line = u32::try_from(line).unwrap_or(u32::MAX);
    }
}

/// Explicit ids first (they must be unique), then slugs of titles for the
/// rest, made unique with `-2`, `-3`.
fn assign_ids(name: &str, src: &str, partial: &mut Partial) -> Result<(), LoadError> {
    let sections = &mut partial.builder.sections;
    // Sized once: growing a table of millions rehashes it with the old
    // one still held.
    let mut ids = IdAllocator {
        by_hash: std::collections::HashMap::with_capacity(sections.len()),
        ..IdAllocator::default()
    };
    let mut explicit = vec![false; sections.len()];
    for (index, id, at) in partial.explicit_ids.drain(..) {
        if !ids.claim(sections, index as usize, id) {
            let id = &sections[index as usize].id;
            return Err(LoadError::at(
                name,
                src,
                at,
                format!("duplicate section id `{}`", cut(id)),
            ));
        }
        explicit[index as usize] = true;
    }
    for index in 0..sections.len() {
        if !explicit[index] {
            let base = slug(&sections[index].title);
            ids.generate(sections, index, base);
        }
    }
    Ok(())
}

/// Hands out unique ids: `base`, else `base-2`, `base-3`, … (the first not
/// taken). Ids are only ever added, so every suffix a base has already
/// tried stays taken: each base resumes where it stopped, and loading is
/// linear in the number of sections, not quadratic in a repeated title.
///
/// Taken ids are kept as a hash and the index of the section that holds
/// them (the text is that section's id), so a million ids do not cost a
/// million more strings.
#[derive(Default)]
struct IdAllocator {
    by_hash: std::collections::HashMap<u64, u32>,
    /// Taken ids whose hash another id had first.
    collided: std::collections::HashSet<String>,
    /// The next suffix to try for a base that has been repeated.
    next: std::collections::HashMap<String, u64>,
    /// Ids tried, for the test that loading stays linear.
    #[cfg(test)]
    probes: usize,
}

impl IdAllocator {
    fn hash(id: &str) -> u64 {
        xxhash_rust::xxh3::xxh3_64(id.as_bytes())
    }

    fn taken(&self, sections: &[Section], id: &str) -> bool {
        match self.by_hash.get(&Self::hash(id)) {
            Some(&i) if sections[i as usize].id == id => true,
            _ => self.collided.contains(id),
        }
    }

    /// Gives section `index` the id `id`, unless it is taken.
    fn claim(&mut self, sections: &mut [Section], index: usize, id: String) -> bool {
        if self.taken(sections, &id) {
            sections[index].id = id;
            return false;
        }
        match self.by_hash.entry(Self::hash(&id)) {
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(index as u32);
            }
            std::collections::hash_map::Entry::Occupied(_) => {
                self.collided.insert(id.clone());
            }
        }
        sections[index].id = id;
        true
    }

    /// Gives section `index` the first free id made from `base`.
    fn generate(&mut self, sections: &mut [Section], index: usize, base: String) {
        // Only bases that needed a suffix are kept: one seen once starts
        // from itself (one extra try on its second use, never more).
        let mut n = self.next.get(&base).copied().unwrap_or(1);
        loop {
            #[cfg(test)]
            {
                self.probes += 1;
            }
            let id = if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            };
            if !self.taken(sections, &id) {
                self.claim(sections, index, id);
                if n > 1 {
                    self.next.insert(base, n + 1);
                }
                return;
            }
            n += 1;
        }
    }
}

/// Appends `next` to `acc`, shifting its indices, offsets and numbers.
fn append(acc: &mut Partial, next: Partial) {
    let base_sections = acc.builder.sections.len() as u32;
    let base_blocks = acc.builder.blocks.len() as u32;
    let top_base = acc.top_level;
    let mut next_builder = next.builder;
    let next_sections = std::mem::take(&mut next_builder.sections);
    acc.builder.append_blocks(next_builder, base_sections);
    acc.builder
        .sections
        .extend(next_sections.into_iter().map(|mut s| {
            s.parent = s.parent.map(|p| p + base_sections);
            s.heading_block += base_blocks;
            s.own_blocks = s.own_blocks.start + base_blocks..s.own_blocks.end + base_blocks;
            s.subtree_end += base_sections;
            let (first, rest) = s.number.split_once('.').unwrap_or((&s.number, ""));
            let first: usize = first.parse().unwrap_or(0) + top_base;
            s.number = if rest.is_empty() {
                first.to_string()
            } else {
                format!("{first}.{rest}")
            };
            s
        }));
    acc.explicit_ids.extend(
        next.explicit_ids
            .into_iter()
            .map(|(i, id, at)| (i + base_sections, id, at)),
    );
    acc.starts.extend(next.starts);
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
fn parse_parallel(name: &str, src: &str) -> Option<Result<Document, LoadError>> {
    if src.len() < PARALLEL_BYTES {
        return None;
    }
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    parse_in_chunks(name, src, src.len().div_ceil(CHUNK_BYTES), workers)
}

/// Appended to the first run before it is parsed: a header like the one
/// that starts the next run. TOML rejects it when the first run defined
/// `sections` another way (an inline `sections = [ … ]`), exactly as it
/// rejects the whole text; the section it adds is dropped.
const NEXT_RUN: &str = "\n[[sections]]\ntitle = '-'\n";

/// Parses one run of the text: the first holds the top-level keys.
fn parse_chunk(name: &str, src: &str, chunk: &str, first: bool) -> Option<(Option<Head>, Partial)> {
    if first {
        let mut text = String::with_capacity(chunk.len() + NEXT_RUN.len());
        text.push_str(chunk);
        text.push_str(NEXT_RUN);
        let raw: RawDoc = toml::from_str(&text).ok()?;
        let head = head(name, &text, &raw).ok()?;
        let mut sections = raw.sections.into_inner();
        sections.pop();
        // The first run's text becomes the whole document's.
        let partial = build_partial(name, &text, sections, src.len()).ok()?;
        Some((Some(head), partial))
    } else {
        let raw: RawRest = toml::from_str(chunk).ok()?;
        let partial = build_partial(name, chunk, raw.sections, chunk.len()).ok()?;
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
    use std::sync::atomic::{AtomicUsize, Ordering};

    let points = split_points(src, chunks);
    if points.is_empty() {
        return None;
    }
    let mut bounds = vec![0];
    bounds.extend(&points);
    bounds.push(src.len());
    let count = bounds.len() - 1;
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
                    let result = parse_chunk(name, src, chunk, i == 0).map(|(head, mut p)| {
                        // Ids are checked once runs are joined: where
                        // each is written, in the whole text.
                        for (_, _, at) in &mut p.explicit_ids {
                            *at += bounds[i];
                        }
                        for at in &mut p.starts {
                            *at += bounds[i];
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
                    (None, Some(head)) => acc = Some((head, partial)),
                    (Some((_, into)), None) => append(into, partial),
                    _ => return None,
                }
                wanted += 1;
            }
        }
        (wanted == count).then_some(acc).flatten()
    });
    let (head, partial) = joined?;
    Some(finish(name, src, head, partial))
}

struct BuildCtx<'a> {
    name: &'a str,
    src: &'a str,
    partial: &'a mut Partial,
    /// Reused buffer for joining a paragraph's lines.
    paragraph: String,
}

impl BuildCtx<'_> {
    fn sections(
        &mut self,
        list: Vec<Spanned<RawSection<'_>>>,
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
        raw: Spanned<RawSection<'_>>,
        parent: Option<u32>,
        depth: usize,
        number: String,
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
            for_each_paragraph(body, &mut self.paragraph, |para| {
                builder.push_block(BlockKind::Paragraph, index, &sanitize(para));
            });
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
            let url = link.url.as_deref().map(clean_line);
            builder.push_link_block(index, &text, url.as_deref());
        }
        let own_end = builder.blocks.len() as u32;
        builder.sections.push(Section {
            id: String::new(),
            title,
            depth: depth as u8,
            parent,
            number: number.clone(),
            heading_block,
            own_blocks: heading_block..own_end,
            subtree_end: index + 1,
            line: 0,
        });
        self.partial.starts.push(start);
        if let Some((id, at)) = explicit {
            self.partial.explicit_ids.push((index, id, at));
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
            self.sections(children, Some(index), depth + 1, &number)?;
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
mod tests {
    use super::*;

    #[test]
    fn repeated_titles_cost_a_bounded_number_of_id_probes_each() {
        let mut ids = IdAllocator::default();
        let n = 5_000;
        let mut sections: Vec<Section> = (0..n)
            .map(|_| Section {
                id: String::new(),
                title: "a".to_string(),
                depth: 0,
                parent: None,
                number: String::new(),
                heading_block: 0,
                own_blocks: 0..0,
                subtree_end: 0,
                line: 0,
            })
            .collect();
        for index in 0..n {
            ids.generate(&mut sections, index, "a".to_string());
        }
        assert_eq!(sections[n - 1].id, format!("a-{n}"));
        // Retrying `-2`, `-3`, … from the start each time takes n²/2.
        assert!(ids.probes <= 2 * n, "{} probes for {n} ids", ids.probes);
    }
}
