//! Markdown to the document model: CommonMark with GitHub's extensions
//! (tables, strikethrough, task lists, footnotes, heading attributes,
//! YAML/TOML front matter), read by pulldown-cmark.
//!
//! A Markdown document's top-level headings make its section tree; inside
//! a TOML `markup = "markdown"` body (see [`push_body`]) every heading is a
//! [`BlockKind::Subheading`] and the body stays in its section. Every piece
//! of text goes through the sanitizer, as TOML text does.

use std::collections::{HashMap, HashSet, VecDeque};
use std::ops::Range;

use pulldown_cmark::{
    Alignment, CodeBlockKind, Event, HeadingLevel, MetadataBlockKind, Options, Parser, Tag, TagEnd,
};
use unicode_width::UnicodeWidthChar;

use super::clean_line;
use crate::model::document::{
    Align, BlockKind, Builder, Document, Frame, FrameKind, Inline, Marker, Markup, NONE, Section,
    Span, Table,
};
use crate::text::sanitize::sanitize;

/// Shown before an image's alt text (inside its [`Inline::IMAGE`] span):
/// ASCII, so it is one column wide on every terminal and font.
pub const IMAGE_MARKER: &str = "[img]";
/// Title of the section made of the text before the first heading.
pub const OVERVIEW: &str = "Overview";
/// Columns a tab stands for in code and HTML blocks.
const CODE_TAB: usize = 4;

/// The extensions camp-reader reads.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
}

/// Parses a Markdown document. `fallback_title` (the file name without its
/// extension) is the title when neither front matter nor a lone opening
/// level-1 heading gives one. Markdown has no syntax errors: this cannot
/// fail.
pub(super) fn parse(src: &str, fallback_title: &str) -> Document {
    // Optimistically a lone opening `#` heading is the title; a second
    // level-1 heading means it was a section after all: read again.
    let (builder, title) = match convert(src, true) {
        Ok(done) => done,
        Err(Restart) => match convert(src, false) {
            Ok(done) => done,
            Err(Restart) => unreachable_restart(),
        },
    };
    let title = title.unwrap_or_else(|| clean_line(fallback_title));
    let title = if title.is_empty() {
        "Untitled".to_string()
    } else {
        title
    };
    let (builder, ids) = builder;
    let mut doc = Document::from_parts(title, None, None, builder, ids);
    doc.markup = Markup::Markdown;
    doc
}

/// `convert` restarts only when asked to take the title from a heading.
fn unreachable_restart() -> ((Builder, String), Option<String>) {
    ((Builder::default(), String::new()), None)
}

/// Appends the blocks of a Markdown `body` to `builder`, in section
/// `section`: headings become sub-headings, footnotes are listed at the
/// end of the body.
pub(super) fn push_body(builder: &mut Builder, section: u32, body: &str) {
    let mut conv = Conv::new(builder, Mode::Body, body);
    conv.section = Some(section);
    let _ = run(&mut conv, body);
}

/// The first level-1 heading was taken as the title, and another follows.
struct Restart;

/// The model's parts and the section ids end to end, and the title when
/// the text gives one.
type Converted = ((Builder, String), Option<String>);

fn convert(src: &str, title_rule: bool) -> Result<Converted, Restart> {
    let mut builder = Builder::default();
    // The text is never much longer than the Markdown it came from.
    builder.text.reserve(src.len());
    let mut conv = Conv::new(&mut builder, Mode::Document { title_rule }, src);
    run(&mut conv, src)?;
    let title = conv.meta_title.take().or(conv.h1_title.take());
    let levels = std::mem::take(&mut conv.levels);
    let explicit = std::mem::take(&mut conv.explicit_ids);
    drop(conv);
    if builder.sections.is_empty() {
        open_overview(&mut builder, 1);
    }
    let mut levels = levels;
    levels.resize(builder.sections.len(), OVERVIEW_LEVEL);
    shape_tree(&mut builder, &levels);
    let ids = assign_ids(&mut builder, &explicit);
    Ok(((builder, ids), title))
}

/// Feeds every event of `src` to `conv`, with footnote definitions set
/// aside to be listed where they are first referenced.
fn run<'e>(conv: &mut Conv<'_, 'e>, src: &'e str) -> Result<(), Restart> {
    let parser = Parser::new_ext(src, options()).into_offset_iter();
    if !src.contains("[^") {
        // No footnotes: stream the events, never holding them all.
        for (event, range) in parser {
            conv.event(&event, range)?;
        }
        return conv.end();
    }
    let events: Vec<(Event<'_>, Range<usize>)> = parser.collect();
    let mut defs: HashMap<String, Range<usize>> = HashMap::new();
    // Labels in the order they are defined.
    let mut order: Vec<String> = Vec::new();
    let mut main: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    let mut from = 0;
    while i < events.len() {
        if let Event::Start(Tag::FootnoteDefinition(label)) = &events[i].0 {
            main.push(from..i);
            let mut depth = 0;
            let mut j = i;
            while j < events.len() {
                match &events[j].0 {
                    Event::Start(Tag::FootnoteDefinition(_)) => depth += 1,
                    Event::End(TagEnd::FootnoteDefinition) => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            if let std::collections::hash_map::Entry::Vacant(e) = defs.entry(note_key(label)) {
                order.push(e.key().clone());
                e.insert(i + 1..j);
            }
            i = j + 1;
            from = i;
            continue;
        }
        i += 1;
    }
    main.push(from..events.len().min(from.max(i)));
    conv.notes = Notes {
        events,
        defs,
        ..Notes::default()
    };
    for part in main {
        for k in part {
            let (event, range) = conv.notes.events[k].clone();
            conv.event(&event, range)?;
        }
    }
    // Definitions never referenced are still text of the document: they
    // are listed at the end, numbered after the others.
    order.retain(|key| !conv.notes.numbers.contains_key(key));
    if !order.is_empty() {
        conv.list_unreferenced(order);
    }
    conv.end()
}

fn note_key(label: &str) -> String {
    label.to_lowercase()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A whole document: top-level headings make sections.
    Document { title_rule: bool },
    /// A TOML body: no sections.
    Body,
}

/// Footnotes: definitions set aside, numbers given at first reference.
#[derive(Default)]
struct Notes<'s> {
    events: Vec<(Event<'s>, Range<usize>)>,
    /// Label → the events of its definition (without Start and End).
    defs: HashMap<String, Range<usize>>,
    numbers: HashMap<String, u32>,
    /// Notes first referenced in the current section, not yet listed.
    queue: VecDeque<(String, u32)>,
}

/// A list being read.
struct List {
    /// The next item's number (ordered lists).
    next: Option<u64>,
    /// Enclosing bulleted lists.
    level: u8,
    tight: bool,
    /// Frames of its items.
    items: Vec<u32>,
    /// Blocks directly in its items: they join the next when it is tight.
    pending: Vec<u32>,
}

/// What raw (not inline) text is being collected for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Raw {
    Code { lang: u32 },
    Html,
    Meta(MetadataBlockKind),
}

/// The block whose inline text is being written.
#[derive(Clone, Copy)]
struct OpenBlock {
    kind: BlockKind,
    start: u32,
    /// A section heading (its text is the section's title).
    section_heading: bool,
    /// The heading read as the document's title (dropped afterwards).
    title: bool,
}

/// The level given to the "Overview" section: any heading ends it.
const OVERVIEW_LEVEL: u8 = 7;

struct Conv<'b, 'e> {
    b: &'b mut Builder,
    mode: Mode,
    src: &'e str,
    /// The section blocks go to.
    section: Option<u32>,
    /// Heading level of each section (for the tree, made at the end).
    levels: Vec<u8>,
    /// Sections with a `{#id}`: index, id.
    explicit_ids: Vec<(u32, String)>,
    meta_title: Option<String>,
    h1_title: Option<String>,
    /// Source line counting: line of byte `line_at.0` is `line_at.1`.
    line_at: (usize, u32),
    frames: Vec<u32>,
    lists: Vec<List>,
    open: Option<OpenBlock>,
    raw: Option<(Raw, String)>,
    /// Inline text not yet written, all in `run_style`/`run_link`.
    run: String,
    run_style: Inline,
    run_link: u32,
    styles: Vec<Inline>,
    /// Open links and images (indices into the link table), outermost first.
    link_stack: Vec<u32>,
    /// An image's marker was written; a space goes before its alt text.
    image_space: bool,
    table: Option<u32>,
    table_row_cells: usize,
    langs: HashMap<Box<str>, u32>,
    notes: Notes<'e>,
}

impl<'b, 'e> Conv<'b, 'e> {
    fn new(b: &'b mut Builder, mode: Mode, src: &'e str) -> Self {
        let langs = b
            .langs
            .iter()
            .enumerate()
            .map(|(i, l)| (l.clone(), i as u32))
            .collect();
        Conv {
            b,
            mode,
            src,
            section: None,
            levels: Vec::new(),
            explicit_ids: Vec::new(),
            meta_title: None,
            h1_title: None,
            line_at: (0, 1),
            frames: Vec::new(),
            lists: Vec::new(),
            open: None,
            raw: None,
            run: String::new(),
            run_style: Inline::default(),
            run_link: NONE,
            styles: Vec::new(),
            link_stack: Vec::new(),
            image_space: false,
            table: None,
            table_row_cells: 0,
            langs,
            notes: Notes::default(),
        }
    }

    /// The 1-based line of byte `offset` (offsets asked in increasing order).
    fn line_of(&mut self, offset: usize) -> u32 {
        let (at, line) = self.line_at;
        if offset < at {
            return line;
        }
        let end = offset.min(self.src.len());
        let more = memchr::memchr_iter(b'\n', &self.src.as_bytes()[at..end]).count() as u32;
        self.line_at = (end, line + more);
        line + more
    }

    fn event(&mut self, event: &Event<'_>, range: Range<usize>) -> Result<(), Restart> {
        if let Some((raw, buf)) = &mut self.raw {
            match event {
                Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                    buf.push_str(t);
                    return Ok(());
                }
                Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_)) => {
                    let raw = *raw;
                    self.end_raw(raw);
                    return Ok(());
                }
                _ => {}
            }
        }
        match event {
            Event::Start(tag) => self.start(tag, range)?,
            Event::End(tag) => self.end_tag(*tag),
            Event::Text(t) => self.text(t),
            Event::Code(t) => self.styled(Inline::CODE, t),
            Event::InlineHtml(t) => self.styled(Inline::HTML, t),
            Event::InlineMath(t) | Event::DisplayMath(t) => self.styled(Inline::CODE, t),
            Event::Html(t) => {
                // An HTML event outside an HTML block: a block of its own.
                self.close_inline();
                self.raw = Some((Raw::Html, t.to_string()));
                self.end_raw(Raw::Html);
            }
            Event::FootnoteReference(label) => self.note_ref(label),
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.hard_break(),
            Event::Rule => {
                self.close_inline();
                let section = self.block_section();
                let start = self.b.text.len() as u32;
                self.end_block(BlockKind::Rule, section, start);
            }
            Event::TaskListMarker(done) => {
                if let Some(&f) = self.frames.last()
                    && let FrameKind::Item { indent, .. } = self.b.frames[f as usize].kind
                {
                    self.b.frames[f as usize].kind = FrameKind::Item {
                        marker: Marker::Task { done: *done },
                        indent,
                    };
                }
            }
        }
        Ok(())
    }

    fn start(&mut self, tag: &Tag<'_>, range: Range<usize>) -> Result<(), Restart> {
        match tag {
            Tag::Paragraph => {
                if let Some(&f) = self.frames.last()
                    && matches!(self.b.frames[f as usize].kind, FrameKind::Item { .. })
                    && let Some(list) = self.lists.last_mut()
                {
                    list.tight = false;
                }
                self.begin(BlockKind::Paragraph);
            }
            Tag::Heading { level, id, .. } => self.heading(*level, id.as_deref(), range)?,
            Tag::BlockQuote(_) => {
                self.close_inline();
                self.push_frame(FrameKind::Quote);
            }
            Tag::CodeBlock(kind) => {
                self.close_inline();
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => self.lang(info),
                    CodeBlockKind::Indented => NONE,
                };
                self.raw = Some((Raw::Code { lang }, String::new()));
            }
            Tag::HtmlBlock => {
                self.close_inline();
                self.raw = Some((Raw::Html, String::new()));
            }
            Tag::MetadataBlock(kind) => {
                self.close_inline();
                self.raw = Some((Raw::Meta(*kind), String::new()));
            }
            Tag::List(start) => {
                self.close_inline();
                let level = self.lists.iter().filter(|l| l.next.is_none()).count() as u8;
                self.lists.push(List {
                    next: *start,
                    level,
                    tight: true,
                    items: Vec::new(),
                    pending: Vec::new(),
                });
            }
            Tag::Item => {
                self.close_inline();
                let marker = match self.lists.last_mut() {
                    Some(List { next: Some(n), .. }) => {
                        let m = Marker::Number(*n);
                        *n = n.saturating_add(1);
                        m
                    }
                    Some(list) => Marker::Bullet { level: list.level },
                    None => Marker::Bullet { level: 0 },
                };
                let frame = self.push_frame(FrameKind::Item { marker, indent: 2 });
                if let Some(list) = self.lists.last_mut() {
                    list.items.push(frame);
                }
            }
            Tag::FootnoteDefinition(_) => {
                // Only met when a definition sits where definitions are
                // not set aside (never with the splitting in `run`).
                self.close_inline();
                self.push_frame(FrameKind::Note {
                    number: 0,
                    indent: 4,
                });
            }
            Tag::Table(aligns) => {
                self.close_inline();
                let table = self.b.tables.len() as u32;
                self.b.tables.push(Table {
                    align: aligns.iter().map(|a| align(*a)).collect(),
                    cells: Vec::new(),
                });
                self.begin(BlockKind::Table { table });
                self.table = Some(table);
            }
            Tag::TableHead | Tag::TableRow => self.table_row_cells = 0,
            Tag::TableCell => {
                self.flush();
                if let Some(t) = self.table
                    && !self.b.tables[t as usize].cells.is_empty()
                {
                    self.b.text.push('\n');
                }
            }
            Tag::Emphasis => self.push_style(Inline::EMPHASIS),
            Tag::Strong => self.push_style(Inline::STRONG),
            Tag::Strikethrough => self.push_style(Inline::STRIKE),
            Tag::Superscript | Tag::Subscript => self.push_style(Inline::default()),
            Tag::Link { dest_url, .. } => {
                self.ensure_inline();
                self.push_link(dest_url);
                self.push_style(Inline::LINK);
            }
            Tag::Image { dest_url, .. } => {
                self.ensure_inline();
                // An image inside another's alt text is only more alt text
                // (as in HTML's alt attribute): one mark, the outer one.
                let nested = self.styles.contains(&Inline::IMAGE);
                self.push_link(dest_url);
                self.push_style(Inline::IMAGE);
                if !nested {
                    self.run.push_str(IMAGE_MARKER);
                    self.image_space = true;
                }
            }
            Tag::DefinitionList | Tag::DefinitionListTitle | Tag::DefinitionListDefinition => {}
        }
        Ok(())
    }

    fn end_tag(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.close_inline(),
            TagEnd::Heading(_) => self.end_heading(),
            TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition => self.pop_frame(),
            TagEnd::Item => self.pop_frame(),
            TagEnd::List(_) => self.end_list(),
            TagEnd::Table => {
                self.close_inline();
                self.table = None;
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                self.flush();
                if let Some(t) = self.table {
                    let columns = self.b.tables[t as usize].columns();
                    while self.table_row_cells < columns {
                        self.start(&Tag::TableCell, 0..0).ok();
                        self.end_tag(TagEnd::TableCell);
                    }
                }
            }
            TagEnd::TableCell => {
                self.flush();
                if let Some(t) = self.table {
                    let end = self.b.text.len() as u32;
                    let begin = self.cell_start();
                    self.b.tables[t as usize].cells.push(begin..end);
                    self.table_row_cells += 1;
                }
            }
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript => self.pop_style(),
            TagEnd::Link => {
                self.pop_style();
                self.pop_link();
            }
            TagEnd::Image => {
                self.image_space = false;
                self.pop_style();
                self.pop_link();
            }
            TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_) => {}
            TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition => {}
        }
    }

    /// Where the cell now ending started: after the `\n` that follows the
    /// previous cell of the table, or the table's start.
    fn cell_start(&self) -> u32 {
        let t = self.table.unwrap_or(0) as usize;
        match self.b.tables[t].cells.last() {
            Some(prev) => prev.end + 1,
            None => self.open.map_or(self.b.text.len() as u32, |o| o.start),
        }
    }

    // ---- sections ----

    fn heading(
        &mut self,
        level: HeadingLevel,
        id: Option<&str>,
        range: Range<usize>,
    ) -> Result<(), Restart> {
        self.close_inline();
        let level = level as u8;
        let Mode::Document { title_rule } = self.mode else {
            self.begin(BlockKind::Subheading { level });
            return Ok(());
        };
        if !self.frames.is_empty() {
            self.begin(BlockKind::Subheading { level });
            return Ok(());
        }
        if level == 1 && self.h1_title.is_some() {
            return Err(Restart);
        }
        if level == 1
            && title_rule
            && self.meta_title.is_none()
            && self.b.sections.is_empty()
            && self.b.blocks.is_empty()
        {
            self.open = Some(OpenBlock {
                kind: BlockKind::Heading,
                start: self.b.text.len() as u32,
                section_heading: false,
                title: true,
            });
            return Ok(());
        }
        self.end_section();
        let line = self.line_of(range.start);
        let index = self.b.sections.len() as u32;
        let heading_block = self.b.blocks.len() as u32;
        let mut section = Section::new(heading_block, None, 0, 0, 0);
        section.line = line;
        self.b.sections.push(section);
        self.levels.push(level);
        if let Some(id) = id.map(clean_line).filter(|id| !id.is_empty()) {
            self.explicit_ids.push((index, id));
        }
        self.section = Some(index);
        self.open = Some(OpenBlock {
            kind: BlockKind::Heading,
            start: self.b.text.len() as u32,
            section_heading: true,
            title: false,
        });
        Ok(())
    }

    fn end_heading(&mut self) {
        let Some(open) = self.open else {
            return;
        };
        if open.title {
            self.flush();
            let start = open.start as usize;
            let title = one_line(&self.b.text[start..]);
            // The title is not shown as a block: drop its text and what
            // was recorded for it.
            self.b.text.truncate(start);
            self.b.spans.retain(|s| (s.start as usize) < start);
            let kept = self.b.links.partition_point(|l| (l.start as usize) < start);
            self.b.links.truncate(kept);
            let targets = self.b.links.last().map_or(0, |l| l.target_end as usize);
            self.b.link_targets.truncate(targets);
            self.open = None;
            self.h1_title = Some(if title.is_empty() {
                "Untitled".into()
            } else {
                title
            });
            return;
        }
        if open.section_heading {
            self.flush();
            let start = open.start as usize;
            // The heading's text is the section's title (soft and hard
            // breaks in it are spaces): never empty.
            if self.b.text[start..].trim().is_empty() {
                self.b.text.truncate(start);
                self.b.spans.retain(|s| (s.start as usize) < start);
                self.b.text.push_str("Untitled");
            }
        }
        self.close_inline();
    }

    /// The section before a heading ends: its footnotes are listed.
    fn end_section(&mut self) {
        self.close_inline();
        self.list_notes();
    }

    /// The section blocks go to, opening "Overview" for text before the
    /// first heading of a document.
    fn block_section(&mut self) -> u32 {
        if let Some(s) = self.section {
            return s;
        }
        let line = self.line_at.1;
        let s = open_overview(self.b, line);
        self.levels.push(OVERVIEW_LEVEL);
        self.section = Some(s);
        s
    }

    fn end(&mut self) -> Result<(), Restart> {
        if let Some((raw, _)) = self.raw {
            self.end_raw(raw);
        }
        self.close_inline();
        while !self.frames.is_empty() {
            self.pop_frame();
        }
        if self.section.is_some() || self.mode == Mode::Body {
            self.end_section();
        }
        Ok(())
    }

    // ---- blocks ----

    /// Starts a block of inline text.
    fn begin(&mut self, kind: BlockKind) {
        self.close_inline();
        self.block_section();
        self.open = Some(OpenBlock {
            kind,
            start: self.b.text.len() as u32,
            section_heading: false,
            title: false,
        });
    }

    /// Inline content outside a paragraph (a tight list item's text):
    /// opens one.
    fn ensure_inline(&mut self) {
        if self.open.is_none() {
            self.begin(BlockKind::Paragraph);
        }
    }

    fn close_inline(&mut self) {
        let Some(open) = self.open.take() else {
            return;
        };
        self.flush();
        if open.title {
            return;
        }
        let section = self.block_section();
        self.end_block(open.kind, section, open.start);
    }

    fn end_block(&mut self, kind: BlockKind, section: u32, start: u32) {
        let frame = self.frames.last().copied();
        self.b.end_block(kind, section, start, frame);
        let block = self.b.blocks.len() as u32 - 1;
        self.settle(block);
    }

    /// A block (or a container whose last block this is) has ended
    /// directly inside a list item: its list decides whether it joins the
    /// next.
    fn settle(&mut self, block: u32) {
        if let Some(&f) = self.frames.last()
            && matches!(self.b.frames[f as usize].kind, FrameKind::Item { .. })
            && let Some(list) = self.lists.last_mut()
        {
            list.pending.push(block);
        }
    }

    fn push_frame(&mut self, kind: FrameKind) -> u32 {
        // Its first block comes after the section's heading.
        self.block_section();
        let index = self.b.frames.len() as u32;
        self.b.frames.push(Frame {
            parent: self.frames.last().copied().unwrap_or(NONE),
            kind,
            first_block: self.b.blocks.len() as u32,
        });
        self.frames.push(index);
        index
    }

    fn pop_frame(&mut self) {
        self.close_inline();
        let Some(&f) = self.frames.last() else {
            return;
        };
        if self.b.frames[f as usize].first_block as usize == self.b.blocks.len() {
            // An empty item or quote still shows its marker or bar.
            let section = self.block_section();
            let start = self.b.text.len() as u32;
            self.end_block(BlockKind::Paragraph, section, start);
        }
        self.frames.pop();
        let last = self.b.blocks.len() as u32 - 1;
        let item = matches!(self.b.frames[f as usize].kind, FrameKind::Item { .. });
        if !item {
            // A quote's last block stands for the quote in its item.
            self.settle(last);
        }
    }

    fn end_list(&mut self) {
        self.close_inline();
        let Some(list) = self.lists.pop() else {
            return;
        };
        let widest = list
            .items
            .iter()
            .map(|&f| match self.b.frames[f as usize].kind {
                FrameKind::Item {
                    marker: Marker::Number(n),
                    ..
                } => n.to_string().len() + 1,
                _ => 1,
            })
            .max()
            .unwrap_or(1);
        let indent = (widest + 1).min(u8::MAX as usize) as u8;
        for &f in &list.items {
            if let FrameKind::Item { marker, .. } = self.b.frames[f as usize].kind {
                self.b.frames[f as usize].kind = FrameKind::Item { marker, indent };
            }
        }
        for &b in &list.pending {
            self.b.blocks[b as usize].set_joins_next(list.tight);
        }
        if let Some(&last) = list.pending.last() {
            self.b.blocks[last as usize].set_joins_next(false);
            self.settle(last);
        }
    }

    fn end_raw(&mut self, raw: Raw) {
        let Some((_, text)) = self.raw.take() else {
            return;
        };
        match raw {
            Raw::Meta(kind) => {
                if self.meta_title.is_none() {
                    self.meta_title = front_matter_title(&text, kind);
                }
            }
            Raw::Code { lang } => self.verbatim(BlockKind::Code { lang }, &text),
            Raw::Html => self.verbatim(BlockKind::Html, text.trim_end_matches(['\n', '\r'])),
        }
    }

    /// A block of lines kept as they are: tabs expanded, each sanitized.
    fn verbatim(&mut self, kind: BlockKind, text: &str) {
        let section = self.block_section();
        let start = self.b.text.len() as u32;
        let text = text.strip_suffix('\n').unwrap_or(text);
        let mut line_buf = String::new();
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                self.b.text.push('\n');
            }
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.contains('\t') {
                expand_tabs(line, CODE_TAB, &mut line_buf);
                self.b.text.push_str(&sanitize(&line_buf));
            } else {
                self.b.text.push_str(&sanitize(line));
            }
        }
        self.end_block(kind, section, start);
    }

    fn lang(&mut self, info: &str) -> u32 {
        let word = info
            .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
            .find(|w| !w.is_empty())
            .unwrap_or("");
        let word = clean_line(word.trim_start_matches('.'));
        if word.is_empty() {
            return NONE;
        }
        if let Some(&i) = self.langs.get(word.as_str()) {
            return i;
        }
        let i = self.b.langs.len() as u32;
        let word: Box<str> = word.into();
        self.b.langs.push(word.clone());
        self.langs.insert(word, i);
        i
    }

    // ---- inline text ----

    fn text(&mut self, t: &str) {
        self.ensure_inline();
        if self.image_space && !t.is_empty() {
            self.run.push(' ');
            self.image_space = false;
        }
        self.run.push_str(t);
    }

    fn styled(&mut self, style: Inline, t: &str) {
        self.ensure_inline();
        self.push_style(style);
        self.text(t);
        self.pop_style();
    }

    fn hard_break(&mut self) {
        let keeps_lines = matches!(
            self.open,
            Some(OpenBlock {
                kind: BlockKind::Paragraph,
                ..
            })
        );
        if !keeps_lines {
            self.text(" ");
            return;
        }
        self.flush();
        self.b.text.push('\n');
    }

    fn note_ref(&mut self, label: &str) {
        let key = note_key(label);
        if !self.notes.defs.contains_key(&key) {
            self.text(&format!("[^{label}]"));
            return;
        }
        let next = self.notes.numbers.len() as u32 + 1;
        let number = *self.notes.numbers.entry(key.clone()).or_insert(next);
        if number == next {
            self.notes.queue.push_back((key, number));
        }
        self.styled(Inline::NOTE_REF, &format!("[{number}]"));
    }

    /// Numbers the footnotes `keys` and lists them in the current section
    /// (opening "Overview" if there is none yet).
    fn list_unreferenced(&mut self, keys: Vec<String>) {
        for key in keys {
            let number = self.notes.numbers.len() as u32 + 1;
            self.notes.numbers.insert(key.clone(), number);
            self.notes.queue.push_back((key, number));
        }
        self.close_inline();
        if self.mode != Mode::Body {
            self.block_section();
        }
        self.list_notes();
    }

    /// Lists the footnotes first referenced in the section ending here
    /// (and those their own text references).
    fn list_notes(&mut self) {
        while let Some((key, number)) = self.notes.queue.pop_front() {
            let Some(range) = self.notes.defs.get(&key).cloned() else {
                continue;
            };
            let events = std::mem::take(&mut self.notes.events);
            self.close_inline();
            let indent = (number.to_string().len() + 3).min(u8::MAX as usize) as u8;
            self.push_frame(FrameKind::Note { number, indent });
            for (event, r) in &events[range] {
                // Definitions hold no section headings (they are in a
                // container), so this never restarts.
                let _ = self.event(event, r.clone());
            }
            self.notes.events = events;
            if let Some((raw, _)) = self.raw {
                self.end_raw(raw);
            }
            self.pop_frame();
        }
    }

    fn push_link(&mut self, target: &str) {
        self.flush();
        let index = self.b.links.len() as u32;
        let start = self.b.text.len() as u32;
        // A link in the title heading is dropped with it: it must not open
        // the "Overview" section (whose heading text the title would drop).
        let section = match self.open {
            Some(open) if open.title => 0,
            _ => self.block_section(),
        };
        self.b.push_link(start, start, section, &clean_line(target));
        self.link_stack.push(index);
        self.restyle();
    }

    fn pop_link(&mut self) {
        self.flush();
        if let Some(index) = self.link_stack.pop() {
            let end = self.b.text.len() as u32;
            self.b.links[index as usize].end = end;
        }
        self.restyle();
    }

    fn push_style(&mut self, style: Inline) {
        self.flush();
        self.styles.push(style);
        self.restyle();
    }

    fn pop_style(&mut self) {
        self.flush();
        self.styles.pop();
        self.restyle();
    }

    /// Writes the pending text, then takes the styles now in force for
    /// what follows.
    fn restyle(&mut self) {
        self.flush();
        self.run_style = self
            .styles
            .iter()
            .fold(Inline::default(), |acc, &s| acc | s);
        self.run_link = self.link_stack.first().copied().unwrap_or(NONE);
    }

    /// Writes the pending inline text, sanitized, with its style span.
    fn flush(&mut self) {
        if !self.run.is_empty() {
            if self.run.contains(['\n', '\r']) {
                self.run = self.run.replace(['\n', '\r'], " ");
            }
            let start = self.b.text.len() as u32;
            self.b.text.push_str(&sanitize(&self.run));
            let end = self.b.text.len() as u32;
            self.run.clear();
            let (style, link) = (self.run_style, self.run_link);
            if !style.is_empty() || link != NONE {
                match self.b.spans.last_mut() {
                    Some(last) if last.end == start && last.style == style && last.link == link => {
                        last.end = end;
                    }
                    _ => self.b.spans.push(Span {
                        start,
                        end,
                        style,
                        link,
                    }),
                }
            }
        }
    }
}

/// Opens the "Overview" section for text before the first heading.
fn open_overview(b: &mut Builder, line: u32) -> u32 {
    let index = b.sections.len() as u32;
    let heading_block = b.blocks.len() as u32;
    b.push_block(BlockKind::Heading, index, OVERVIEW);
    let mut section = Section::new(heading_block, None, 0, 0, 0);
    section.line = line;
    b.sections.push(section);
    index
}

/// Depth, parent, ordinal and subtree of each section from the heading
/// levels: a heading is the child of the nearest one before it with a
/// lower level, so skipped levels make no empty sections.
fn shape_tree(b: &mut Builder, levels: &[u8]) {
    let sections = &mut b.sections;
    let count = sections.len() as u32;
    // (level, index, children so far)
    let mut stack: Vec<(u8, u32, u32)> = Vec::new();
    let mut top_count = 0u32;
    for i in 0..sections.len() {
        let level = levels[i];
        while let Some(&(l, j, _)) = stack.last() {
            if l < level && l != OVERVIEW_LEVEL {
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
                top_count += 1;
                top_count
            }
        };
        let parent = stack.last().map(|&(_, p, _)| p);
        let old = &sections[i];
        let mut s = Section::new(old.heading_block, parent, stack.len() as u8, ordinal, 0);
        s.line = old.line;
        sections[i] = s;
        stack.push((level, i as u32, 0));
    }
    for (_, j, _) in stack {
        sections[j as usize].subtree_end = count;
    }
}

/// GitHub's heading anchors: lowercase, punctuation removed (letters,
/// digits, `-` and `_` kept), spaces to `-`; repeats get `-1`, `-2`.
/// `{#id}` ids are kept as written and taken first. Returns the ids end
/// to end, each section's `id_end` marking where its own ends.
fn assign_ids(b: &mut Builder, explicit: &[(u32, String)]) -> String {
    let count = b.sections.len();
    let mut taken: HashSet<String> = HashSet::with_capacity(count);
    let mut next: HashMap<String, u64> = HashMap::new();
    let mut ids: Vec<Option<String>> = vec![None; count];
    for (index, id) in explicit {
        ids[*index as usize] = Some(unique(&mut taken, &mut next, id.clone()));
    }
    let mut out = String::new();
    for (i, id) in ids.into_iter().enumerate() {
        let id = id.unwrap_or_else(|| {
            let heading = b.sections[i].heading_block as usize;
            let title = &b.text[b.blocks[heading].range()];
            unique(&mut taken, &mut next, github_slug(title))
        });
        out.push_str(&id);
        b.sections[i].id_end = out.len() as u32;
    }
    out
}

/// `base`, else `base-1`, `base-2`, … (the first free; each base resumes
/// where it stopped, so repeats cost linear time).
fn unique(taken: &mut HashSet<String>, next: &mut HashMap<String, u64>, base: String) -> String {
    if taken.insert(base.clone()) {
        return base;
    }
    let mut n = next.get(&base).copied().unwrap_or(1);
    loop {
        let id = format!("{base}-{n}");
        n += 1;
        if taken.insert(id.clone()) {
            next.insert(base, n);
            return id;
        }
    }
}

/// A heading's anchor as GitHub makes it.
pub fn github_slug(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    for c in title.trim().chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            out.extend(c.to_lowercase());
        } else if c == ' ' {
            out.push('-');
        }
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn align(a: Alignment) -> Align {
    match a {
        Alignment::None => Align::None,
        Alignment::Left => Align::Left,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
    }
}

/// `line` with each tab replaced by spaces up to the next multiple of
/// `tab` columns.
fn expand_tabs(line: &str, tab: usize, out: &mut String) {
    out.clear();
    let mut col = 0;
    for c in line.chars() {
        if c == '\t' {
            let n = tab - col % tab;
            out.extend(std::iter::repeat_n(' ', n));
            col += n;
        } else {
            out.push(c);
            col += c.width().unwrap_or(0);
        }
    }
}

/// `title` from YAML (`title: …`) or TOML (`title = "…"`) front matter.
fn front_matter_title(text: &str, kind: MetadataBlockKind) -> Option<String> {
    let title = match kind {
        MetadataBlockKind::PlusesStyle => {
            let table: toml::Table = toml::from_str(text).ok()?;
            table.get("title")?.as_str()?.to_string()
        }
        MetadataBlockKind::YamlStyle => {
            let line = text.lines().find_map(|l| l.strip_prefix("title:"))?;
            let v = line.trim();
            let v = v
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .or_else(|| v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                .unwrap_or(v);
            v.to_string()
        }
    };
    let title = clean_line(&title);
    (!title.is_empty()).then_some(title)
}
