//! Markdown to the document model: CommonMark with GitHub's extensions
//! (tables, strikethrough, task lists, footnotes, heading attributes,
//! YAML/TOML front matter), read by pulldown-cmark.
//!
//! A Markdown document's top-level headings make its section tree; inside
//! a TOML `markup = "markdown"` body (see [`push_body`]) every heading is a
//! [`BlockKind::Subheading`] and the body stays in its section. Every piece
//! of text goes through the sanitizer, as TOML text does.

use std::collections::{HashMap, VecDeque};
use std::ops::Range;

use pulldown_cmark::{
    Alignment, BlockQuoteKind, CodeBlockKind, Event, MetadataBlockKind, Options, Parser, Tag,
    TagEnd,
};

use super::clean_line;
use super::html::{Html, Op};
use super::rich::{HeadingKind, Mode, Restart, Rich};
use crate::model::document::{
    AlertKind, Align, Builder, Document, FrameKind, Inline, Markup, NONE,
};

/// The extensions camp-reader reads.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_GFM
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
    doc.set_from_markdown();
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
    let mut conv = Conv::new(Rich::new(builder, Mode::Body), body);
    conv.rich.set_section(section);
    let _ = run(&mut conv, body);
}

/// The model's parts and the section ids end to end, and the title when
/// the text gives one.
type Converted = ((Builder, String), Option<String>);

fn convert(src: &str, title_rule: bool) -> Result<Converted, Restart> {
    let mut builder = Builder::default();
    // The text is never much longer than the Markdown it came from.
    builder.text.reserve(src.len());
    let rich = Rich::new(&mut builder, Mode::Document { title_rule });
    let mut conv = Conv::new(rich, src);
    run(&mut conv, src)?;
    let mut rich = conv.rich;
    let title = rich.take_title();
    let ids = rich.finish();
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

/// The id of a footnote's definition: GitHub's (`fn-label`, once its
/// `user-content-` prefix is dropped, as GitHub's own links drop it).
fn note_id(key: &str) -> String {
    format!("fn-{key}")
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

/// What raw (not inline) text is being collected for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Raw {
    Code { lang: u32 },
    Html,
    Meta(MetadataBlockKind),
}

/// pulldown-cmark's events, told to the rich-text builder.
struct Conv<'b, 'e> {
    rich: Rich<'b>,
    src: &'e str,
    /// Source line counting: line of byte `line_at.0` is `line_at.1`.
    line_at: (usize, u32),
    raw: Option<(Raw, String)>,
    notes: Notes<'e>,
    /// HTML blocks and inline tags.
    html: Html,
    /// What the HTML read means, applied in order (kept to reuse it).
    ops: Vec<Op>,
    /// Where the event being read starts in the source.
    at: usize,
    /// An HTML heading asked to read again (see [`Restart`]).
    restart: bool,
    /// Text events not yet told: pulldown-cmark splits a run of text at
    /// characters that might have been markup (`_`, `[`, …), and an
    /// address or a `:short_code:` is found in the whole run.
    text: String,
}

impl<'b, 'e> Conv<'b, 'e> {
    fn new(rich: Rich<'b>, src: &'e str) -> Self {
        Conv {
            rich,
            src,
            line_at: (0, 1),
            raw: None,
            notes: Notes::default(),
            html: Html::default(),
            ops: Vec::new(),
            at: 0,
            restart: false,
            text: String::new(),
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
                    if self.restart {
                        return Err(Restart);
                    }
                    return Ok(());
                }
                _ => {}
            }
        }
        if !matches!(event, Event::Text(_)) {
            self.flush_text();
        }
        self.at = range.start;
        if self.html.in_table() && !matches!(event, Event::Start(Tag::HtmlBlock)) {
            // Markdown between the blocks of an HTML table: the table ends
            // (its cells hold one line each).
            self.html.interrupt(&mut self.ops);
            self.apply_html()?;
        }
        let rich = &mut self.rich;
        match event {
            Event::Start(tag) => self.start(tag, range)?,
            Event::End(tag) => self.end_tag(*tag),
            Event::Text(t) => self.text.push_str(t),
            Event::Code(t) => rich.styled(Inline::CODE, t),
            Event::InlineHtml(t) => {
                self.html.read(t, false, &mut self.ops);
                self.apply_html()?;
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => rich.styled(Inline::CODE, t),
            // An HTML event outside an HTML block: a block of its own.
            Event::Html(t) => self.html_block(t)?,
            Event::FootnoteReference(label) => self.note_ref(label),
            Event::SoftBreak => rich.text(" "),
            Event::HardBreak => rich.hard_break(),
            Event::Rule => rich.rule(),
            Event::TaskListMarker(done) => rich.task_marker(*done),
        }
        Ok(())
    }

    /// Tells the text read since the last other event.
    fn flush_text(&mut self) {
        if !self.text.is_empty() {
            let text = std::mem::take(&mut self.text);
            self.rich.prose(&self.html.shown(&text), true);
            self.text = text;
            self.text.clear();
        }
    }

    fn start(&mut self, tag: &Tag<'_>, range: Range<usize>) -> Result<(), Restart> {
        let rich = &mut self.rich;
        match tag {
            Tag::Paragraph => rich.begin_paragraph(),
            Tag::Heading { level, id, .. } => {
                self.heading(*level as u8, id.as_deref(), range.start)?
            }
            Tag::BlockQuote(None) => {
                rich.push_frame(FrameKind::Quote);
            }
            Tag::BlockQuote(Some(kind)) => rich.start_alert(alert(*kind)),
            Tag::CodeBlock(kind) => {
                rich.close_inline();
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => rich.lang(info),
                    CodeBlockKind::Indented => NONE,
                };
                self.raw = Some((Raw::Code { lang }, String::new()));
            }
            Tag::HtmlBlock => {
                rich.close_inline();
                self.raw = Some((Raw::Html, String::new()));
            }
            Tag::MetadataBlock(kind) => {
                rich.close_inline();
                self.raw = Some((Raw::Meta(*kind), String::new()));
            }
            Tag::List(start) => rich.start_list(*start),
            Tag::Item => rich.start_item(),
            Tag::FootnoteDefinition(_) => {
                // Only met when a definition sits where definitions are
                // not set aside (never with the splitting in `run`).
                rich.push_frame(FrameKind::Note {
                    number: 0,
                    indent: 4,
                });
            }
            Tag::Table(aligns) => rich.start_table(aligns.iter().map(|a| align(*a)).collect()),
            Tag::TableHead | Tag::TableRow => rich.start_row(),
            Tag::TableCell => rich.start_cell(),
            Tag::Emphasis => rich.start_style(Inline::EMPHASIS),
            Tag::Strong => rich.start_style(Inline::STRONG),
            Tag::Strikethrough => rich.start_style(Inline::STRIKE),
            Tag::Superscript | Tag::Subscript => rich.start_style(Inline::default()),
            Tag::Link { dest_url, .. } => rich.start_link(dest_url),
            Tag::Image { dest_url, .. } => rich.start_image(dest_url),
            Tag::DefinitionList | Tag::DefinitionListTitle | Tag::DefinitionListDefinition => {}
        }
        Ok(())
    }

    fn end_tag(&mut self, tag: TagEnd) {
        if matches!(
            tag,
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell | TagEnd::Item
        ) {
            // Inline HTML left open ends with its block.
            self.html.end_inline(&mut self.ops);
            let _ = self.apply_html();
        }
        let rich = &mut self.rich;
        match tag {
            TagEnd::Paragraph => rich.close_inline(),
            TagEnd::Heading(_) => rich.end_heading(),
            TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition => rich.pop_frame(),
            TagEnd::Item => rich.pop_frame(),
            TagEnd::List(_) => rich.end_list(),
            TagEnd::Table => rich.end_table(),
            TagEnd::TableHead | TagEnd::TableRow => rich.end_row(),
            TagEnd::TableCell => rich.end_cell(),
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript => rich.end_style(),
            TagEnd::Link => rich.end_link(),
            TagEnd::Image => rich.end_image(),
            TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_) => {}
            TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition => {}
        }
    }

    // ---- sections ----

    fn heading(&mut self, level: u8, id: Option<&str>, at: usize) -> Result<(), Restart> {
        self.rich.close_inline();
        let kind = self.rich.heading_kind(level)?;
        let mut line = 0;
        if kind == HeadingKind::Section {
            self.end_section();
            line = self.line_of(at);
        }
        self.rich.begin_heading(kind, level, id, line);
        Ok(())
    }

    /// The section before a heading ends: its footnotes are listed.
    fn end_section(&mut self) {
        self.rich.close_inline();
        self.list_notes();
    }

    fn end(&mut self) -> Result<(), Restart> {
        self.flush_text();
        if let Some((raw, _)) = self.raw {
            self.end_raw(raw);
        }
        self.html.finish(&mut self.ops);
        self.apply_html()?;
        if self.restart {
            return Err(Restart);
        }
        self.rich.close_inline();
        while self.rich.in_frame() {
            self.rich.pop_frame();
        }
        self.end_section();
        Ok(())
    }

    fn end_raw(&mut self, raw: Raw) {
        let Some((_, text)) = self.raw.take() else {
            return;
        };
        match raw {
            Raw::Meta(kind) => {
                if self.rich.meta_title.is_none() {
                    self.rich.meta_title = front_matter_title(&text, kind);
                }
            }
            Raw::Code { lang } => self.rich.code_block(lang, &text),
            Raw::Html => {
                if self.html_block(&text).is_err() {
                    self.restart = true;
                }
            }
        }
    }

    /// An HTML block, read as GitHub shows it.
    fn html_block(&mut self, text: &str) -> Result<(), Restart> {
        self.rich.close_inline();
        self.html.read(text, true, &mut self.ops);
        self.apply_html()
    }

    /// Tells the builder what the HTML read means.
    fn apply_html(&mut self) -> Result<(), Restart> {
        let mut ops = std::mem::take(&mut self.ops);
        let mut result = Ok(());
        for op in ops.drain(..) {
            let rich = &mut self.rich;
            match op {
                Op::Text(t) => rich.prose(&t, false),
                Op::Break => rich.hard_break(),
                Op::Block => rich.close_inline(),
                Op::Rule => rich.rule(),
                Op::Heading(level, id) => {
                    if let Err(e) = self.heading(level, id.as_deref(), self.at) {
                        result = Err(e);
                        break;
                    }
                }
                Op::HeadingEnd => rich.end_heading(),
                Op::Style(style) => rich.start_style(style),
                Op::StyleEnd => rich.end_style(),
                Op::Link(url) => rich.start_link(&url),
                Op::LinkEnd => rich.end_link(),
                Op::Image(src, alt) => {
                    rich.start_image(&src);
                    rich.text(&alt);
                    rich.end_image();
                }
                Op::Anchor(id) => rich.anchor(&id),
                Op::Table => rich.start_table(Vec::new()),
                Op::Row => rich.start_row(),
                Op::Cell => rich.start_cell(),
                Op::CellEnd => rich.end_cell(),
                Op::RowEnd => rich.end_row(),
                Op::TableEnd => rich.end_table(),
                Op::Code(text) => rich.code_block(NONE, &text),
            }
        }
        ops.clear();
        self.ops = ops;
        result
    }

    // ---- footnotes ----

    fn note_ref(&mut self, label: &str) {
        let key = note_key(label);
        if !self.notes.defs.contains_key(&key) {
            self.rich.text(&format!("[^{label}]"));
            return;
        }
        let next = self.notes.numbers.len() as u32 + 1;
        let number = *self.notes.numbers.entry(key.clone()).or_insert(next);
        // A link to the definition, as GitHub's is (`Ctrl-o` comes back).
        self.rich.start_link(&format!("#{}", note_id(&key)));
        self.rich.styled(Inline::NOTE_REF, &format!("[{number}]"));
        self.rich.end_link();
        if number == next {
            self.notes.queue.push_back((key, number));
        }
    }

    /// Numbers the footnotes `keys` and lists them in the current section
    /// (opening "Overview" if there is none yet).
    fn list_unreferenced(&mut self, keys: Vec<String>) {
        for key in keys {
            let number = self.notes.numbers.len() as u32 + 1;
            self.notes.numbers.insert(key.clone(), number);
            self.notes.queue.push_back((key, number));
        }
        self.rich.close_inline();
        if self.rich.mode() != Mode::Body {
            self.rich.block_section();
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
            let indent = (number.to_string().len() + 3).min(u8::MAX as usize) as u8;
            self.rich.push_frame(FrameKind::Note { number, indent });
            self.rich.frame_anchor(&note_id(&key));
            for (event, r) in &events[range] {
                // Definitions hold no section headings (they are in a
                // container), so this never restarts.
                let _ = self.event(event, r.clone());
            }
            self.notes.events = events;
            self.flush_text();
            if let Some((raw, _)) = self.raw {
                self.end_raw(raw);
            }
            self.rich.pop_frame();
        }
    }
}

fn alert(kind: BlockQuoteKind) -> AlertKind {
    match kind {
        BlockQuoteKind::Note => AlertKind::Note,
        BlockQuoteKind::Tip => AlertKind::Tip,
        BlockQuoteKind::Important => AlertKind::Important,
        BlockQuoteKind::Warning => AlertKind::Warning,
        BlockQuoteKind::Caution => AlertKind::Caution,
    }
}

fn align(a: Alignment) -> Align {
    match a {
        Alignment::None => Align::None,
        Alignment::Left => Align::Left,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
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
