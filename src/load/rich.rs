//! The rich-text builder: what every markup reader (Markdown, the HTML
//! inside it, TOML's `markup = "markdown"` bodies) turns its input into.
//! It keeps the bookkeeping of the document model (sections and their
//! headings, frames for quotes, list items and notes, lists, tables,
//! inline style spans, links) and the one rule for section ids and slugs,
//! so a reader only says what it read: "a heading of level 2 starts",
//! "emphasis ends", "a link to `x`". No reader's syntax is known here.
//!
//! Inline nesting costs constant time per step whatever its depth (the
//! style in force is a running value, restored on close), and nesting
//! deeper than [`MAX_INLINE_DEPTH`] is read as the text of the level above,
//! so no input makes loading slower than linear.

use std::collections::HashMap;

use unicode_width::UnicodeWidthChar;

use super::gfm::Piece;
use super::{clean_line, link_target};
use crate::model::document::{
    AlertKind, Align, BlockKind, Builder, CodeEdit, Frame, FrameKind, Inline, Marker, NONE,
    Section, Span, Table,
};
use crate::text::sanitize::{sanitize, sanitize_noting};

pub use crate::text::wrap::IMAGE_MARKER;
/// Title of the section made of the text before the first heading.
pub const OVERVIEW: &str = "Overview";
/// Its title when a heading of the document is titled "Overview" itself
/// (once_cell's README): GitHub's `#top` is the page's start too.
pub const TOP: &str = "Top";
/// Columns a tab stands for in code and HTML blocks.
const CODE_TAB: usize = 4;
/// Inline markup (emphasis, links, images, …) nests at most this deep;
/// markup opened deeper is read as the text of the level above it (its
/// styles are already in force: nothing a reader sees is lost).
pub const MAX_INLINE_DEPTH: u32 = 32;
/// Markdown containers (quotes, list items, footnotes) nest at most this
/// deep, as HTML elements do: a list or quote opened deeper is read as
/// blocks of the container above it. Past the pane's width its bars and
/// indents are not drawn anyway, and every block's frame chain is walked
/// as it is laid out and drawn.
pub const MAX_CONTAINER_DEPTH: usize = 64;

/// A run of one style this long is written into the model in parts (see
/// [`Rich::flush_long_run`]).
const LONG_RUN: usize = 64 << 10;
/// The level given to the "Overview" section: any heading ends it.
const OVERVIEW_LEVEL: u8 = 7;

/// How a document's section ids are made from its headings' titles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slugs {
    /// camp-reader's TOML documents: accents dropped, every run of
    /// punctuation and spaces one `-`; repeats `-2`, `-3`, ….
    Toml,
    /// GitHub's heading anchors (Markdown): lowercase, letters, digits,
    /// `-` and `_` kept, each space a `-`, other punctuation dropped;
    /// repeats `-1`, `-2`, ….
    GitHub,
}

impl Slugs {
    /// The suffix the first repeat of an id gets.
    fn first_suffix(self) -> u64 {
        match self {
            Slugs::Toml => 2,
            Slugs::GitHub => 1,
        }
    }
}

/// The id a heading titled `title` gets (before repeats are numbered):
/// see [`Slugs`]. Never empty.
pub fn slug(title: &str, rule: Slugs) -> String {
    let mut out = String::with_capacity(title.len());
    match rule {
        Slugs::Toml => {
            use unicode_normalization::UnicodeNormalization;
            let mut dash = false;
            for c in title.nfd() {
                if unicode_normalization::char::is_combining_mark(c) {
                    continue;
                }
                if c.is_alphanumeric() {
                    if dash && !out.is_empty() {
                        out.push('-');
                    }
                    dash = false;
                    out.extend(c.to_lowercase());
                } else {
                    dash = true;
                }
            }
        }
        Slugs::GitHub => {
            for c in title.trim().chars() {
                if c.is_alphanumeric() || c == '-' || c == '_' {
                    out.extend(c.to_lowercase());
                } else if c == ' ' {
                    out.push('-');
                }
            }
        }
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

/// The first level-1 heading was taken as the title, and another follows:
/// the reader starts again without the title rule.
pub struct Restart;

/// What the builder makes of its headings.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A whole document: top-level headings make sections; with
    /// `title_rule`, a lone opening level-1 heading is the title.
    Document { title_rule: bool },
    /// A TOML body: no sections (headings are sub-headings).
    Body,
}

/// What a heading about to start will be.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum HeadingKind {
    /// The document's title (not shown as a block).
    Title,
    /// A section's heading: the section before it ends here.
    Section,
    /// A heading inside a section (in a container or a TOML body).
    Sub,
}

/// A list being read.
struct List {
    /// The next item's number (ordered lists).
    next: Option<u32>,
    /// Enclosing bulleted lists.
    level: u8,
    tight: bool,
    /// Frames of its items, an ordered list's only (a bulleted item's
    /// indent is 2 whatever the list holds).
    items: Runs,
    /// Blocks directly in its items: they join the next when it is tight.
    pending: Runs,
}

/// Indices kept as runs, each a start, a step and a count: a list's items
/// and blocks mostly follow one another (`- a` ×N is one run, and so is
/// `- a` with a sub-list of one item each, every third block), so a long
/// list keeps a few runs, not an index an item grown by doubling (8 bytes
/// an item and up to 3 times that while the vector grew).
#[derive(Default)]
struct Runs {
    runs: Vec<Run>,
    len: usize,
}

/// `start`, `start + step`, … `n` indices.
#[derive(Clone, Copy)]
struct Run {
    start: u32,
    step: u32,
    n: u32,
}

impl Run {
    fn at(self, k: u32) -> u32 {
        self.start + self.step * k
    }
}

impl Runs {
    fn push(&mut self, i: u32) {
        self.len += 1;
        if let Some(run) = self.runs.last_mut() {
            if run.n == 1 && i > run.start {
                run.step = i - run.start;
                run.n = 2;
                return;
            }
            let next = run
                .step
                .checked_mul(run.n)
                .and_then(|d| d.checked_add(run.start));
            if next == Some(i) && run.n < u32::MAX {
                run.n += 1;
                return;
            }
        }
        self.runs.push(Run {
            start: i,
            step: 1,
            n: 1,
        });
    }

    fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.runs
            .iter()
            .flat_map(|&run| (0..run.n).map(move |k| run.at(k)))
    }

    fn last(&self) -> Option<u32> {
        self.runs.last().map(|&run| run.at(run.n - 1))
    }
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

/// One open piece of inline markup, for its close.
#[derive(Clone, Copy)]
enum Open {
    /// A style; the style in force before it.
    Style(Inline),
    /// A link or an image (index into the link table); the style before.
    Link(u32, Inline),
}

/// Builds the model's parts from what a reader reports (see the module
/// doc). Sections get their ids in [`Rich::finish`].
pub(crate) struct Rich<'b> {
    pub(super) b: &'b mut Builder,
    mode: Mode,
    /// The section blocks go to.
    section: Option<u32>,
    /// Heading level of each section (for the tree, made at the end).
    levels: Vec<u8>,
    /// Sections with an id given in the text: index, id.
    explicit_ids: Vec<(u32, String)>,
    /// The title given by front matter: no heading is then the title.
    pub meta_title: Option<String>,
    /// The alt text of a level-1 heading that is only an image (a logo):
    /// the title when nothing else gives one.
    pub banner_title: Option<String>,
    /// The title of the section of text before the first heading.
    preamble: std::borrow::Cow<'static, str>,
    /// Where the section of text before the first heading starts in the
    /// source, and the id it takes (the title heading's, when it heads it).
    preamble_line: u32,
    preamble_id: Option<String>,
    /// The title heading heads the first section (see [`Rich::title_heads`]).
    title_heads: bool,
    /// The text before the first heading (a logo, badges) is the start of
    /// the section the title heading after it heads (see
    /// [`Rich::set_titled_preamble`]).
    titled_preamble: bool,
    /// The first section is open with no heading block yet: the title
    /// heading, written where it stands, will be it.
    heading_owed: bool,
    /// Only finding out what the first heading is: stop there, saying in
    /// `probed` whether it is the title after a preamble.
    probing: bool,
    probed: bool,
    h1_title: Option<String>,
    /// Without the title rule (read again after a second level-1
    /// heading): the words of the level-1 heading that opens the document
    /// (after a logo and badges at most), which still names it.
    opening_h1: Option<String>,
    opening_open: bool,
    /// The id the title heading gave (`# Title {#id}`), for its anchor.
    title_id: Option<String>,
    /// The source line of the title heading.
    title_line: u32,
    frames: Vec<u32>,
    lists: Vec<List>,
    /// How many of `lists` are bulleted: a new list's level, kept as a
    /// running count (counting `lists` at each start was quadratic in
    /// the nesting, `- ` ×40 000 on one line).
    bullet_lists: usize,
    /// List and frame entries examined so far: the work nesting costs,
    /// which tests bound by the input's length.
    examined: u64,
    open: Option<OpenBlock>,
    /// Inline text not yet written, all in `run_style`/`run_link`.
    run: String,
    /// How long [`Rich::run`] may grow before it is written in parts
    /// (see [`Rich::flush_long_run`]).
    long_run_at: usize,
    /// The style in force (all open styles together).
    run_style: Inline,
    /// The outermost open link (or image): what the text links to.
    run_link: u32,
    /// Open inline markup, innermost last (at most [`MAX_INLINE_DEPTH`]).
    inline: Vec<Open>,
    /// Markup opened past [`MAX_INLINE_DEPTH`] and not yet closed: ignored.
    overflow: u32,
    /// An image's marker was written; a space goes before its alt text.
    image_space: bool,
    /// The open image's file name: its text when it has no alt text.
    image_name: String,
    /// Line breaks read and not yet written: written before the next
    /// text of their paragraph (at most two, one blank row), dropped at
    /// its end, as a browser shows `<br>` runs.
    breaks: u8,
    table: Option<u32>,
    table_row_cells: usize,
    /// The open table was started with no columns (an HTML table): its
    /// columns are its widest row's.
    table_widens: bool,
    /// Cells the next table is known to hold (an HTML block's one table):
    /// its vector of cells is made at that size, not doubled as it fills.
    pub(super) cells_hint: usize,
    langs: HashMap<Box<str>, u32>,
    /// Anchors met before any text of the block they stand before: they
    /// go with the next block (a heading's section, when it is one).
    pending_anchors: Vec<String>,
    /// A block other than images (a README's logo and badges) was
    /// written: a level-1 heading after it is no longer the title.
    text_seen: bool,
    /// Emoji written as shortcodes in the open section heading, with
    /// their names: GitHub's id for it keeps the names.
    heading_emoji: Vec<(&'static str, String)>,
}

impl<'b> Rich<'b> {
    pub(crate) fn new(b: &'b mut Builder, mode: Mode) -> Self {
        let langs = b
            .langs
            .iter()
            .enumerate()
            .map(|(i, l)| (l.clone(), i as u32))
            .collect();
        Rich {
            b,
            mode,
            section: None,
            levels: Vec::new(),
            explicit_ids: Vec::new(),
            meta_title: None,
            banner_title: None,
            preamble: OVERVIEW.into(),
            preamble_line: 1,
            preamble_id: None,
            title_heads: false,
            titled_preamble: false,
            heading_owed: false,
            probing: false,
            probed: false,
            h1_title: None,
            opening_h1: None,
            opening_open: false,
            title_id: None,
            title_line: 1,
            frames: Vec::new(),
            lists: Vec::new(),
            bullet_lists: 0,
            examined: 0,
            open: None,
            run: String::new(),
            long_run_at: LONG_RUN,
            run_style: Inline::default(),
            run_link: NONE,
            inline: Vec::new(),
            overflow: 0,
            image_space: false,
            image_name: String::new(),
            breaks: 0,
            table: None,
            table_row_cells: 0,
            table_widens: false,
            cells_hint: 0,
            langs,
            pending_anchors: Vec::new(),
            text_seen: false,
            heading_emoji: Vec::new(),
        }
    }

    /// List and frame entries examined so far (see `examined`).
    #[cfg(test)]
    pub fn examined(&self) -> u64 {
        self.examined
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Titles the section of text before the first heading `title`
    /// (before it opens).
    pub fn set_preamble(&mut self, title: &'static str) {
        self.preamble = title.into();
    }

    /// The text before the first heading will be headed by the title
    /// heading after it: found out before any of it is read (see
    /// `markdown::titled_preamble`), so the first section is never
    /// called "Overview" on a first screen and retitled later.
    pub fn set_titled_preamble(&mut self) {
        self.titled_preamble = true;
    }

    /// Reads only up to the first heading (see [`Rich::probe_heading`]).
    pub fn set_probing(&mut self) {
        self.probing = true;
    }

    /// Whether the probe's first heading was the title, after a preamble.
    pub fn probed(&self) -> bool {
        self.probed
    }

    /// When probing, a heading of `kind` about to start ends the reading:
    /// it is the title after a preamble when the preamble's section is
    /// the only one open.
    pub fn probe_heading(&mut self, kind: HeadingKind) -> Result<(), Restart> {
        if !self.probing {
            return Ok(());
        }
        self.probed = kind == HeadingKind::Title && self.b.sections.len() == 1;
        Err(Restart)
    }

    /// Blocks go to `section` (a TOML body's).
    pub fn set_section(&mut self, section: u32) {
        self.section = Some(section);
    }

    /// The section blocks go to, opening "Overview" for text before the
    /// first heading of a document.
    pub fn block_section(&mut self) -> u32 {
        if let Some(s) = self.section {
            return s;
        }
        if self.titled_preamble && self.b.sections.is_empty() {
            // Its heading block is the title heading, when it comes.
            let mut section = Section::new(NONE, None, 0, 0, 0);
            section.line = self.preamble_line;
            self.b.sections.push(section);
            self.levels.push(OVERVIEW_LEVEL);
            self.heading_owed = true;
            self.section = Some(0);
            return 0;
        }
        let s = open_overview(self.b, self.preamble_line, &self.preamble);
        if let Some(id) = self.preamble_id.take() {
            self.explicit_ids.push((s, id));
            self.title_heads = true;
        }
        self.levels.push(OVERVIEW_LEVEL);
        self.section = Some(s);
        s
    }

    /// Whether the first section is headed by the title heading (a
    /// README's `# clap` and the text under it), as [`Rich::finish`] will
    /// make it.
    pub fn title_heads(&self) -> bool {
        self.title_heads || self.preamble_id.is_some() && self.b.sections.is_empty()
    }

    /// The title the text gave (front matter, else a lone opening
    /// level-1 heading, else a logo heading's alt text).
    pub fn take_title(&mut self) -> Option<String> {
        self.meta_title
            .take()
            .or(self.h1_title.take())
            .or(self.opening_h1.take())
            .or(self.banner_title.take())
    }

    /// The first section's heading block, owed and not given by a title
    /// heading (the probe was wrong, or the text was cut before it): its
    /// usual name, here.
    fn pay_heading(&mut self) {
        if self.heading_owed {
            self.heading_owed = false;
            let block = self.b.blocks.len() as u32;
            self.b.push_block(BlockKind::Heading, 0, &self.preamble);
            self.b.sections[0].heading_block = block;
        }
    }

    /// Makes the section tree from the heading levels and gives every
    /// section its id; returns the ids end to end. For a whole document
    /// (a TOML body's sections are its document's).
    pub fn finish(mut self) -> String {
        self.place_anchors(NONE);
        self.pay_heading();
        let Rich {
            b,
            levels,
            mut explicit_ids,
            preamble,
            preamble_line,
            preamble_id,
            ..
        } = self;
        if b.sections.is_empty() {
            let s = open_overview(b, preamble_line, &preamble);
            explicit_ids.extend(preamble_id.map(|id| (s, id)));
        }
        let mut levels = levels;
        levels.resize(b.sections.len(), OVERVIEW_LEVEL);
        shape_tree(b, &levels);
        // A byte a section, not held while the ids are made (the load's
        // peak for a file of headings).
        drop(levels);
        let mut explicit = ExplicitIds::default();
        let mut ids = IdAllocator::new(b.sections.len(), Slugs::GitHub);
        let mut candidate = String::new();
        // Ids given in the text are taken first; a repeated one is
        // numbered as a repeated title would be.
        for (k, (index, id)) in explicit_ids.into_iter().enumerate() {
            ids.free_id(&explicit, &b.sections, id, &mut candidate);
            explicit.push(index, &candidate, 0);
            ids.insert(&explicit, &b.sections, Handle::Explicit(k));
        }
        ids.assign(&explicit, b)
    }

    // ---- sections ----

    /// What a heading of `level` starting now will be; `Err` when it is a
    /// second level-1 heading after one was taken as the title.
    pub fn heading_kind(&self, level: u8) -> Result<HeadingKind, Restart> {
        let Mode::Document { title_rule } = self.mode else {
            return Ok(HeadingKind::Sub);
        };
        if !self.frames.is_empty() {
            return Ok(HeadingKind::Sub);
        }
        if level == 1 && self.h1_title.is_some() {
            return Err(Restart);
        }
        // After a preamble not found to be the title's (an "Overview"
        // opened: a logo past the probe's reach, or badges whose
        // definitions come later), the heading is a section of its own,
        // drawn: taken as the title, it vanished, and the first screen of
        // a long file, read before those definitions, had it as a section.
        // (The probe asks whether the preamble is the title's.)
        if level == 1
            && title_rule
            && self.meta_title.is_none()
            && (self.b.sections.is_empty() || self.heading_owed || self.probing)
            && !self.text_seen
        {
            return Ok(HeadingKind::Title);
        }
        Ok(HeadingKind::Section)
    }

    /// Starts a heading of `kind` (from [`Rich::heading_kind`]; the
    /// reader has ended the section before a [`HeadingKind::Section`]):
    /// `id` given in the text, `line` where it is in the source.
    pub fn begin_heading(&mut self, kind: HeadingKind, level: u8, id: Option<&str>, line: u32) {
        self.close_inline();
        match kind {
            HeadingKind::Sub => {
                self.begin(BlockKind::Subheading { level });
                if let Some(id) = id.map(clean_line).filter(|id| !id.is_empty()) {
                    self.pending_anchors.push(id);
                }
                // The subheading is the next block.
                self.place_anchors(self.b.blocks.len() as u32);
            }
            HeadingKind::Title => {
                self.title_id = id.map(clean_line).filter(|id| !id.is_empty());
                self.title_line = line;
                self.open = Some(OpenBlock {
                    kind: BlockKind::Heading,
                    start: self.b.text.len() as u32,
                    section_heading: false,
                    title: true,
                });
            }
            HeadingKind::Section => {
                // The first `#` after a logo and badges heads their
                // section though more `#` follow (once_cell's `# Overview`
                // before `# Related crates`), as a lone title heading does
                // (see `end_heading`): no invented "Top" before the logo.
                let heads_preamble = self.heading_owed && level == 1 && self.b.sections.len() == 1;
                if !heads_preamble {
                    self.pay_heading();
                }
                // The heading the title rule would have taken (see
                // `heading_kind`), read again without it: a README's
                // `# rand_chacha` before its `# License` still names it.
                self.opening_open = level == 1
                    && self.mode == (Mode::Document { title_rule: false })
                    && self.meta_title.is_none()
                    && self.opening_h1.is_none()
                    && self.b.sections.len() <= 1
                    && !self.text_seen;
                let index = self.b.sections.len() as u32;
                let heading_block = self.b.blocks.len() as u32;
                let index = if heads_preamble {
                    // Its line stays the preamble's: `v` finds the
                    // section's text from there.
                    self.heading_owed = false;
                    self.b.sections[0].heading_block = heading_block;
                    self.levels[0] = level;
                    0
                } else {
                    let mut section = Section::new(heading_block, None, 0, 0, 0);
                    section.line = line;
                    crate::model::document::grow_gently(&mut self.b.sections);
                    self.b.sections.push(section);
                    self.levels.push(level);
                    index
                };
                if let Some(id) = id.map(clean_line).filter(|id| !id.is_empty()) {
                    self.explicit_ids.push((index, id));
                }
                self.section = Some(index);
                // Anchors just before the heading name its section.
                self.place_anchors(NONE);
                self.open = Some(OpenBlock {
                    kind: BlockKind::Heading,
                    start: self.b.text.len() as u32,
                    section_heading: true,
                    title: false,
                });
            }
        }
    }

    /// The title heading's text from `start` on, on one line, without
    /// its images (`# Serde [![Build Status]](…)` is titled "Serde", as
    /// GitHub's page title would be; all of it when it is only images),
    /// and those images: each one's alt text and where it links.
    fn title_parts(&self, start: usize) -> (String, Vec<(String, String)>) {
        let text = &self.b.text[start..];
        let mut words = String::with_capacity(text.len());
        let mut images: Vec<(String, String)> = Vec::new();
        let mut at = start;
        let first = self.b.spans.partition_point(|s| (s.end as usize) <= start);
        for span in &self.b.spans[first..] {
            if !span.style.contains(Inline::IMAGE) {
                continue;
            }
            let (from, to) = (span.start as usize, span.end as usize);
            let piece = &self.b.text[from..to];
            if from > at || images.is_empty() {
                words.push_str(&self.b.text[at.min(from)..from]);
                let target = match span.link {
                    NONE => String::new(),
                    // Its target may be shared with the link before or
                    // be its text (see `SAME_TARGET`, `TEXT_TARGET`).
                    link => self.b.link_target(link as usize).to_string(),
                };
                let alt = piece.strip_prefix(IMAGE_MARKER).unwrap_or(piece);
                images.push((alt.trim_start().to_string(), target));
            } else if let Some((alt, _)) = images.last_mut() {
                // The same image's alt text, in another style.
                alt.push_str(piece);
            }
            at = at.max(to);
        }
        words.push_str(&self.b.text[at.min(self.b.text.len())..]);
        let words = one_line(&words);
        if words.is_empty() {
            (one_line(text), Vec::new())
        } else {
            (words, images)
        }
    }

    /// Writes `images` (a title heading's badges) as a paragraph of
    /// images, each linking where it linked in the heading: GitHub shows
    /// them in the heading, which here is the top line.
    fn badges(&mut self, images: Vec<(String, String)>) {
        for (i, (alt, target)) in images.into_iter().enumerate() {
            if i > 0 {
                self.text(" ");
            }
            self.start_image(&target);
            self.text(&alt);
            self.end_image();
        }
    }

    pub fn end_heading(&mut self) {
        let Some(open) = self.open else {
            return;
        };
        if open.title {
            self.flush();
            let start = open.start as usize;
            let (title, images) = self.title_parts(start);
            // GitHub's anchor of the heading (`#clap` for `# clap`) names
            // the document's start, as the page's top on GitHub: a README's
            // table of contents often links to it.
            let id = self
                .title_id
                .take()
                .unwrap_or_else(|| slug(&title, Slugs::GitHub));
            self.b.anchors.push(&id, 0, NONE);
            // The title heading's text is written again below as a plain
            // heading (without its images): drop it and what was recorded
            // for it.
            self.b.text.truncate(start);
            self.b.spans.retain(|s| (s.start as usize) < start);
            let kept = self.b.links.partition_point(|l| (l.start as usize) < start);
            self.b.links.truncate(kept);
            let targets = self.b.links.last().map_or(0, |l| l.target_end() as usize);
            self.b.link_targets.truncate(targets);
            self.open = None;
            let title = if title.is_empty() {
                "Untitled".to_string()
            } else {
                title
            };
            // Opening the document, the title heading heads the text after
            // it, where GitHub shows it (not an invented "Overview"), with
            // its anchor as its id; with no text before the next heading
            // there is no such section (`# T` then `## S`, as `--to-markdown`
            // writes a TOML document). After a logo and badges, their
            // section has opened already and keeps its name.
            if self.b.sections.is_empty() && self.section.is_none() {
                self.preamble = title.clone().into();
                self.preamble_line = self.title_line;
                self.preamble_id = Some(id);
            } else if self.heading_owed && self.b.sections.len() == 1 {
                // After a logo and badges (crossterm's README): the title
                // heading heads their section too, drawn where it is
                // written, below them, as GitHub shows it.
                self.heading_owed = false;
                let block = self.b.blocks.len() as u32;
                self.b.push_block(BlockKind::Heading, 0, &title);
                // Its line stays the preamble's: `v` and `--to-toml` find
                // the section's text from there.
                self.b.sections[0].heading_block = block;
                self.explicit_ids.push((0, id));
                self.title_heads = true;
            }
            self.h1_title = Some(title);
            self.badges(images);
            return;
        }
        if open.section_heading {
            self.flush();
            let start = open.start as usize;
            if std::mem::take(&mut self.opening_open) {
                let (title, _) = self.title_parts(start);
                self.opening_h1 = Some(title).filter(|t| !t.is_empty());
            }
            self.id_from_shortcodes(start);
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

    /// A section heading with emoji written as shortcodes gets GitHub's
    /// id, made from the names (`## :rocket: Launch` is
    /// `#rocket-launch`), unless the text gave it one.
    fn id_from_shortcodes(&mut self, start: usize) {
        let emoji = std::mem::take(&mut self.heading_emoji);
        let Some(index) = self.section.filter(|_| !emoji.is_empty()) else {
            return;
        };
        if self.explicit_ids.last().is_some_and(|(i, _)| *i == index) {
            return;
        }
        let title = &self.b.text[start..];
        let mut named = String::with_capacity(title.len());
        let mut rest = title;
        for (emoji, name) in &emoji {
            if let Some(at) = rest.find(emoji) {
                named.push_str(&rest[..at]);
                named.push_str(name);
                rest = &rest[at + emoji.len()..];
            }
        }
        named.push_str(rest);
        self.explicit_ids.push((index, slug(&named, Slugs::GitHub)));
    }

    /// A place named `id` (HTML's `<a name>` or an element's `id`): in a
    /// section heading with no id of its own, the section's id; elsewhere
    /// an anchor of the section of the next block with text.
    pub fn anchor(&mut self, id: &str) {
        let id = clean_line(id);
        if id.is_empty() {
            return;
        }
        if let Some(open) = self.open
            && open.section_heading
            && let Some(index) = self.section
            && self.explicit_ids.last().is_none_or(|(i, _)| *i != index)
        {
            self.explicit_ids.push((index, id));
            return;
        }
        self.pending_anchors.push(id);
        if self
            .open
            .is_some_and(|o| self.b.text.len() as u32 > o.start)
            || !self.run.is_empty()
        {
            // Inside the open block's text: that block (its section's
            // start in a title).
            let block = match self.open {
                Some(open) if open.title => NONE,
                _ => self.b.blocks.len() as u32,
            };
            self.place_anchors(block);
        }
    }

    /// A place named `id` at the first block of the innermost container
    /// (a footnote's definition): links to `#id` land there.
    pub fn frame_anchor(&mut self, id: &str) {
        let Some(&f) = self.frames.last() else {
            return;
        };
        let id = clean_line(id);
        if id.is_empty() {
            return;
        }
        let section = self.block_section();
        let block = self.b.frames[f as usize].first_block;
        self.b.anchors.push(&id, section, block);
    }

    /// The anchors waiting for a block are in the current section, at
    /// `block` (the one they stand before, or [`NONE`]: the section's
    /// start).
    fn place_anchors(&mut self, block: u32) {
        if self.pending_anchors.is_empty() {
            return;
        }
        let section = match self.open {
            Some(open) if open.title => 0,
            _ => self.block_section(),
        };
        for id in self.pending_anchors.drain(..) {
            self.b.anchors.push(&id, section, block);
        }
    }

    // ---- blocks ----

    /// Starts a block of inline text.
    pub fn begin(&mut self, kind: BlockKind) {
        self.close_inline();
        self.block_section();
        self.open = Some(OpenBlock {
            kind,
            start: self.b.text.len() as u32,
            section_heading: false,
            title: false,
        });
    }

    /// Starts a paragraph (one directly in a list item makes its list
    /// loose).
    pub fn begin_paragraph(&mut self) {
        if let Some(&f) = self.frames.last()
            && matches!(self.b.frames[f as usize].kind(), FrameKind::Item { .. })
            && let Some(list) = self.lists.last_mut()
        {
            list.tight = false;
        }
        self.begin(BlockKind::Paragraph);
    }

    /// Inline content outside a paragraph (a tight list item's text):
    /// opens one.
    pub fn ensure_inline(&mut self) {
        if self.open.is_none() {
            self.begin(BlockKind::Paragraph);
        }
    }

    /// Ends the block of inline text being written, if any.
    pub fn close_inline(&mut self) {
        // Breaks with no text after them show nothing.
        self.breaks = 0;
        let Some(open) = self.open.take() else {
            return;
        };
        self.flush();
        if open.title {
            return;
        }
        if open.kind == BlockKind::Paragraph && self.b.text.len() as u32 == open.start {
            // Nothing shown (only an HTML comment or anchor): no block.
            return;
        }
        let section = self.block_section();
        self.end_block(open.kind, section, open.start);
    }

    fn end_block(&mut self, kind: BlockKind, section: u32, start: u32) {
        self.place_anchors(self.b.blocks.len() as u32);
        if !self.text_seen {
            self.text_seen = !(kind == BlockKind::Paragraph && self.only_images(start));
        }
        let frame = self.frames.last().copied();
        self.b.end_block(kind, section, start, frame);
        let block = self.b.blocks.len() as u32 - 1;
        self.settle(block);
    }

    /// The text from `start` on is images alone (and spaces between).
    fn only_images(&self, start: u32) -> bool {
        let end = self.b.text.len() as u32;
        let mut at = end;
        for span in self.b.spans.iter().rev() {
            if span.end <= start {
                break;
            }
            if !self.b.text[span.end as usize..at as usize]
                .trim()
                .is_empty()
            {
                return false;
            }
            if !span.style.contains(Inline::IMAGE) {
                return false;
            }
            at = span.start;
        }
        self.b.text[start as usize..at as usize].trim().is_empty()
    }

    /// A thematic break.
    pub fn rule(&mut self) {
        self.close_inline();
        let section = self.block_section();
        let start = self.b.text.len() as u32;
        self.end_block(BlockKind::Rule, section, start);
    }

    /// A block (or a container whose last block this is) has ended
    /// directly inside a list item: its list decides whether it joins the
    /// next.
    fn settle(&mut self, block: u32) {
        if let Some(&f) = self.frames.last()
            && matches!(self.b.frames[f as usize].kind(), FrameKind::Item { .. })
            && let Some(list) = self.lists.last_mut()
        {
            list.pending.push(block);
        }
    }

    /// Opens a container (quote, list item, note) whose blocks follow.
    pub fn push_frame(&mut self, kind: FrameKind) -> u32 {
        self.close_inline();
        // Its first block comes after the section's heading.
        self.block_section();
        let index = self.b.frames.len() as u32;
        self.b.frames.push(Frame::new(
            self.frames.last().copied().unwrap_or(NONE),
            kind,
            self.b.blocks.len() as u32,
        ));
        self.frames.push(index);
        index
    }

    /// Opens a GitHub alert: a quote whose first block is its title line
    /// (`ⓘ Note`), with no blank line under it.
    pub fn start_alert(&mut self, kind: AlertKind) {
        self.push_frame(FrameKind::Alert(kind));
        self.begin(BlockKind::Paragraph);
        self.text(kind.marker());
        self.text(" ");
        self.text(kind.title());
        self.close_inline();
        if let Some(title) = self.b.blocks.last_mut() {
            title.set_joins_next(true);
        }
    }

    /// Closes the innermost container.
    pub fn pop_frame(&mut self) {
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
        if matches!(self.b.frames[f as usize].kind(), FrameKind::Alert(_))
            && self.b.frames[f as usize].first_block == last
        {
            // An alert with no text: its title does not join what follows.
            self.b.blocks[last as usize].set_joins_next(false);
        }
        let item = matches!(self.b.frames[f as usize].kind(), FrameKind::Item { .. });
        if !item {
            // A quote's last block stands for the quote in its item.
            self.settle(last);
        }
    }

    /// Containers open (see [`MAX_CONTAINER_DEPTH`]).
    pub fn depth(&self) -> usize {
        self.frames.len()
    }

    /// Any container is open.
    pub fn in_frame(&self) -> bool {
        !self.frames.is_empty()
    }

    /// Starts a list: numbered from `start`, or bulleted.
    pub fn start_list(&mut self, start: Option<u64>) {
        self.close_inline();
        // Truncated as the count always was: only `level % 3` is shown.
        let level = self.bullet_lists as u8;
        if start.is_none() {
            self.bullet_lists += 1;
        }
        self.examined += 1;
        self.lists.push(List {
            // At most nine digits in Markdown, 32 bits in HTML.
            next: start.map(|n| u32::try_from(n).unwrap_or(u32::MAX)),
            level,
            tight: true,
            items: Runs::default(),
            pending: Runs::default(),
        });
    }

    /// Starts an item of the current list.
    pub fn start_item(&mut self) {
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
        if let Some(list) = self.lists.last_mut()
            && list.next.is_some()
        {
            list.items.push(frame);
        }
    }

    /// The current item is a task, done or not.
    pub fn task_marker(&mut self, done: bool) {
        if let Some(&f) = self.frames.last()
            && let FrameKind::Item { indent, .. } = self.b.frames[f as usize].kind()
        {
            self.b.frames[f as usize].set_kind(FrameKind::Item {
                marker: Marker::Task { done },
                indent,
            });
        }
    }

    pub fn end_list(&mut self) {
        self.close_inline();
        let Some(list) = self.lists.pop() else {
            return;
        };
        if list.next.is_none() {
            self.bullet_lists -= 1;
        }
        self.examined += (list.items.len + list.pending.len) as u64;
        let widest = list
            .items
            .iter()
            .map(|f| match self.b.frames[f as usize].kind() {
                FrameKind::Item {
                    marker: Marker::Number(n),
                    ..
                } => n.to_string().len() + 1,
                _ => 1,
            })
            .max()
            .unwrap_or(1);
        let indent = (widest + 1).min(u8::MAX as usize) as u8;
        for f in list.items.iter() {
            if let FrameKind::Item { marker, .. } = self.b.frames[f as usize].kind() {
                self.b.frames[f as usize].set_kind(FrameKind::Item { marker, indent });
            }
        }
        for b in list.pending.iter() {
            self.b.blocks[b as usize].set_joins_next(list.tight);
        }
        if let Some(last) = list.pending.last() {
            self.b.blocks[last as usize].set_joins_next(false);
            self.settle(last);
        }
    }

    /// A code block in language `lang` (from [`Rich::lang`]), `text` as
    /// is.
    pub fn code_block(&mut self, lang: u32, text: &str) {
        self.close_inline();
        self.verbatim(BlockKind::Code { lang }, text);
    }

    /// A block of lines kept as they are: tabs expanded, each sanitized.
    /// Code notes where it is shown otherwise than written
    /// ([`CodeEdit`]), for `Y` to copy it as written.
    fn verbatim(&mut self, kind: BlockKind, text: &str) {
        let section = self.block_section();
        let start = self.b.text.len() as u32;
        let text = text.strip_suffix('\n').unwrap_or(text);
        if shown_as_written(text.as_bytes()) {
            // Most code: printable ASCII lines, nothing to expand or mark;
            // one scan instead of a split, a tab search and a sanitizer
            // scan per line.
            self.b.text.push_str(text);
            self.end_block(kind, section, start);
            return;
        }
        let code = matches!(kind, BlockKind::Code { .. });
        let mut line_buf = String::new();
        let mut tabs = Vec::new();
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                self.b.text.push('\n');
            }
            // A line's CR ending is the file's, not the code's: dropped.
            let line = line.strip_suffix('\r').unwrap_or(line);
            let at = self.b.text.len();
            let line = if line.contains('\t') {
                expand_tabs(line, CODE_TAB, &mut line_buf, &mut tabs);
                line_buf.as_str()
            } else {
                tabs.clear();
                line
            };
            if !code {
                self.b.text.push_str(&sanitize(line));
                continue;
            }
            // Tab runs are in `line`'s offsets: shift each by what the
            // sanitizer's rewrites before it added.
            let edits = &mut self.b.code_edits;
            let mut tab_runs = tabs.iter().peekable();
            let mut shift: isize = 0;
            let mut push_tabs_before = |limit: usize, shift: isize, edits: &mut Vec<CodeEdit>| {
                while let Some(&&(from, count, spaces)) = tab_runs.peek() {
                    if from >= limit {
                        break;
                    }
                    let shown = (at + from).saturating_add_signed(shift) as u32;
                    edits.push(CodeEdit::tabs(shown, count, spaces));
                    tab_runs.next();
                }
            };
            let clean = sanitize_noting(line, |out, len, c| {
                // Where this rewrite starts in `line`.
                let written = out.saturating_add_signed(-shift);
                push_tabs_before(written, shift, edits);
                edits.push(CodeEdit::char((at + out) as u32, len, c));
                shift += len as isize - c.len_utf8() as isize;
            });
            push_tabs_before(usize::MAX, shift, edits);
            self.b.text.push_str(&clean);
        }
        self.end_block(kind, section, start);
    }

    /// The language a code block's info string names (its first word,
    /// as the highlighter reads it: `{rust}` and `{.python}` name rust
    /// and python), or [`NONE`].
    pub fn lang(&mut self, info: &str) -> u32 {
        let word = info
            .split(|c: char| c.is_whitespace() || c == ',' || c == '{' || c == '}')
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

    // ---- tables ----

    /// Starts a table whose columns are aligned as `align` says.
    pub fn start_table(&mut self, align: Vec<Align>) {
        self.close_inline();
        let table = self.b.tables.len() as u32;
        self.b.tables.push(Table {
            align,
            cells: Vec::with_capacity(std::mem::take(&mut self.cells_hint)),
            row_ends: Vec::new(),
        });
        self.table_widens = self.b.tables[table as usize].align.is_empty();
        self.begin(BlockKind::Table { table });
        self.table = Some(table);
    }

    pub fn start_row(&mut self) {
        self.table_row_cells = 0;
    }

    /// Ends a row (a table started with no columns has its widest
    /// row's, as a browser shows ragged rows). A short row is not padded
    /// with empty cells: the table keeps where each row ends, and the
    /// cells past it are empty.
    pub fn end_row(&mut self) {
        self.flush();
        if let Some(t) = self.table {
            let table = &mut self.b.tables[t as usize];
            if table.align.is_empty() || self.table_widens {
                let columns = self.table_row_cells.max(table.align.len()).max(1);
                table.align.resize(columns, Align::None);
            }
            table.row_ends.push(table.cells.len() as u32);
        }
    }

    pub fn start_cell(&mut self) {
        self.flush();
        if let Some(t) = self.table
            && !self.b.tables[t as usize].cells.is_empty()
        {
            self.b.text.push('\n');
        }
    }

    pub fn end_cell(&mut self) {
        // A break with no text after it in the cell shows nothing.
        self.breaks = 0;
        self.flush();
        if let Some(t) = self.table {
            let end = self.b.text.len() as u32;
            let begin = self.cell_start();
            self.b.tables[t as usize].cells.push(begin..end);
            self.table_row_cells += 1;
        }
    }

    pub fn end_table(&mut self) {
        if let Some(t) = self.table
            && self.b.tables[t as usize].cells.is_empty()
        {
            // A table with no row (HTML allows it) still has a cell.
            let at = self.b.text.len() as u32;
            let table = &mut self.b.tables[t as usize];
            table.align = vec![Align::None];
            table.cells.push(at..at);
            table.row_ends = vec![1];
        }
        if let Some(t) = self.table {
            // Cells after the last ended row make a last row.
            let table = &mut self.b.tables[t as usize];
            let n = table.cells.len() as u32;
            let last = table.row_ends.last().copied().unwrap_or(0);
            if last < n {
                table.row_ends.push(n);
                let cells = (n - last) as usize;
                if table.align.len() < cells && (self.table_widens || table.align.is_empty()) {
                    table.align.resize(cells, Align::None);
                }
            }
        }
        self.close_inline();
        self.table = None;
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

    // ---- inline text ----

    /// Inline text (sanitized when written).
    pub fn text(&mut self, t: &str) {
        self.ensure_inline();
        let t = if self.breaks > 0 && !self.run_style.contains(Inline::CODE) {
            // Spaces at the start of a line after a break are not shown.
            t.trim_start_matches([' ', '\t', '\n', '\r'])
        } else {
            t
        };
        if t.is_empty() {
            return;
        }
        self.write_breaks();
        if self.image_space && !t.is_empty() {
            self.run.push(' ');
            self.image_space = false;
        }
        self.run.push_str(t);
        if self.run.len() >= self.long_run_at {
            self.flush_long_run();
        }
    }

    /// Writes most of a long run of one style (a paragraph of plain words
    /// is one run) into the model, so it is not held twice while its
    /// block goes on: cut after a space before an ASCII letter or digit,
    /// where the text sanitized in two parts is the text sanitized whole
    /// (no tab in it, whose width depends on the column), and the spans
    /// of the two parts join.
    fn flush_long_run(&mut self) {
        let bytes = self.run.as_bytes();
        let cut = (1..bytes.len())
            .rev()
            .take(LONG_RUN / 2)
            .find(|&k| bytes[k - 1] == b' ' && bytes[k].is_ascii_alphanumeric());
        let Some(k) = cut.filter(|_| memchr::memchr(b'\t', bytes).is_none()) else {
            // Tried again only when it has doubled: linear whatever it holds.
            self.long_run_at = self.run.len().saturating_mul(2);
            return;
        };
        let rest = self.run[k..].to_string();
        self.run.truncate(k);
        self.flush();
        self.run = rest;
    }

    /// The block's text so far ends with a space.
    pub fn ends_with_space(&self) -> bool {
        match self.run.is_empty() {
            false => self.run.ends_with(' '),
            true => self.b.text.ends_with(' '),
        }
    }

    /// A soft line break: a space, but none before the block's first
    /// text (a line holding only `<a id="x"></a>` shows nothing).
    pub fn soft_break(&mut self) {
        if self.run.is_empty()
            && self
                .open
                .is_none_or(|o| self.b.text.len() as u32 == o.start)
        {
            return;
        }
        self.text(" ");
    }

    /// Text of a Markdown document, with GitHub's inline extensions
    /// (see [`super::gfm`]): emoji shortcodes, and with `autolinks`
    /// addresses written out as links. Neither inside code; no links
    /// inside a link.
    pub fn prose(&mut self, t: &str, autolinks: bool) {
        if self.run_style.contains(Inline::CODE) {
            self.text(t);
            return;
        }
        let autolinks = autolinks && self.run_link == NONE;
        super::gfm::scan(t, autolinks, |piece| match piece {
            Piece::Text(t) => self.text(t),
            Piece::Link { text, url } => {
                let link = self.b.links.len();
                self.start_link(&url);
                self.text(text);
                self.end_link();
                // An address shown as written points at its text.
                if self.b.links.len() == link + 1 {
                    self.b.target_is_text(link);
                }
            }
            Piece::Emoji { emoji, name } => {
                if self.open.is_some_and(|o| o.section_heading) {
                    self.heading_emoji.push((emoji, name.to_string()));
                }
                self.text(emoji);
            }
        });
    }

    /// `t` in `style` on top of the styles in force.
    pub fn styled(&mut self, style: Inline, t: &str) {
        self.ensure_inline();
        self.start_style(style);
        self.text(t);
        self.end_style();
    }

    /// A line break: a new line in a paragraph, a space elsewhere. As a
    /// browser shows `<br>`: none before the paragraph's first text nor
    /// after its last, and a run of them leaves one blank row at most.
    pub fn hard_break(&mut self) {
        let Some(open) = self.open else {
            // Between blocks: the blocks' own spacing is the break.
            return;
        };
        if self.table.is_some() {
            // `<br>` in a pipe table's cell (a cell is one line): written
            // as an HTML cell's break, ` · `, before the cell's next text;
            // none at the cell's start or end, a run of them is one.
            if !(self.run.is_empty() && self.b.text.len() as u32 == self.cell_start()) {
                self.breaks = 1;
            }
            return;
        }
        if open.kind != BlockKind::Paragraph {
            self.text(" ");
            return;
        }
        if self.run.is_empty() && self.b.text.len() as u32 == open.start {
            return;
        }
        self.breaks = (self.breaks + 1).min(2);
    }

    /// A new line in the paragraph, at once, the next line's spaces kept
    /// (plain text's lines as written).
    pub fn new_line(&mut self) {
        self.flush();
        self.b.text.push('\n');
    }

    /// Writes the line breaks waiting for more text.
    fn write_breaks(&mut self) {
        if self.breaks > 0 && self.table.is_some() {
            let kept = self.run.trim_end_matches([' ', '\t']).len();
            self.run.truncate(kept);
            self.flush();
            self.b.text.push_str(super::html::CELL_BREAK);
            self.breaks = 0;
        }
        if self.breaks > 0 {
            self.flush();
            for _ in 0..self.breaks {
                self.b.text.push('\n');
            }
            self.breaks = 0;
        }
    }

    /// Room for one more level of inline markup; `false` (and counted, so
    /// its close is ignored too) past [`MAX_INLINE_DEPTH`].
    fn deeper(&mut self) -> bool {
        if self.overflow > 0 || self.inline.len() >= MAX_INLINE_DEPTH as usize {
            self.overflow += 1;
            return false;
        }
        true
    }

    /// The markup being closed was ignored when opened.
    fn ignored_close(&mut self) -> bool {
        if self.overflow > 0 {
            self.overflow -= 1;
            return true;
        }
        false
    }

    /// Opens a style (emphasis, strong, …): text until its
    /// [`Rich::end_style`] has it too.
    pub fn start_style(&mut self, style: Inline) {
        if !self.deeper() {
            return;
        }
        self.flush();
        self.inline.push(Open::Style(self.run_style));
        self.run_style |= style;
    }

    pub fn end_style(&mut self) {
        if self.ignored_close() {
            return;
        }
        self.flush();
        match self.inline.pop() {
            Some(Open::Style(before) | Open::Link(_, before)) => self.run_style = before,
            None => {}
        }
        self.recompute_link();
    }

    /// Opens a link to `target`: its text follows, up to [`Rich::end_link`].
    pub fn start_link(&mut self, target: &str) {
        self.ensure_inline();
        if !self.deeper() {
            return;
        }
        // Its text starts after the breaks before it.
        self.write_breaks();
        let index = self.open_link(target);
        self.inline.push(Open::Link(index, self.run_style));
        self.run_style |= Inline::LINK;
        self.recompute_link();
    }

    pub fn end_link(&mut self) {
        if self.ignored_close() {
            return;
        }
        self.close_link();
    }

    /// Opens an image of `target`: its alt text follows, up to
    /// [`Rich::end_image`], after the image marker. An image inside
    /// another's alt text is only more alt text (as in HTML's alt
    /// attribute): one marker, the outer one.
    pub fn start_image(&mut self, target: &str) {
        self.ensure_inline();
        if !self.deeper() {
            return;
        }
        let nested = self.run_style.contains(Inline::IMAGE);
        if !nested {
            self.write_breaks();
        }
        if self.run_link == NONE {
            let index = self.open_link(target);
            self.inline.push(Open::Link(index, self.run_style));
        } else {
            // Inside a link (a linked badge) or another image's alt text:
            // the image is that link's text, as on GitHub, not a link of
            // its own (`L` lists the badge once, as its link).
            self.flush();
            self.inline.push(Open::Style(self.run_style));
        }
        self.run_style |= Inline::IMAGE;
        self.recompute_link();
        if !nested {
            self.run.push_str(IMAGE_MARKER);
            self.image_space = true;
            self.image_name = super::html::file_name(target);
        }
    }

    pub fn end_image(&mut self) {
        if self.image_space {
            // No alt text (`![](ci.svg)`): the file name, as for `<img>`.
            let name = std::mem::take(&mut self.image_name);
            self.text(&name);
        }
        self.image_space = false;
        if self.ignored_close() {
            return;
        }
        self.close_link();
    }

    fn open_link(&mut self, target: &str) -> u32 {
        self.flush();
        let index = self.b.links.len() as u32;
        let start = self.b.text.len() as u32;
        // A link in the title heading is dropped with it: it must not open
        // the "Overview" section (whose heading text the title would drop).
        let section = match self.open {
            Some(open) if open.title => 0,
            _ => self.block_section(),
        };
        self.b
            .push_link(start, start, section, &link_target(target));
        index
    }

    fn close_link(&mut self) {
        self.flush();
        match self.inline.pop() {
            Some(Open::Link(index, before)) => {
                let end = self.b.text.len() as u32;
                self.b.links[index as usize].end = end;
                self.run_style = before;
            }
            // An image inside a link.
            Some(Open::Style(before)) => self.run_style = before,
            None => {}
        }
        self.recompute_link();
    }

    /// The outermost open link is what the text links to.
    fn recompute_link(&mut self) {
        self.run_link = match self.inline.iter().find_map(|o| match o {
            Open::Link(i, _) => Some(*i),
            Open::Style(_) => None,
        }) {
            Some(i) => i,
            None => NONE,
        };
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
            self.long_run_at = LONG_RUN;
            let (style, link) = (self.run_style, self.run_link);
            if !style.is_empty() || link != NONE {
                match self.b.spans.last_mut() {
                    Some(last) if last.end == start && last.style == style && last.link == link => {
                        last.end = end;
                    }
                    _ => {
                        crate::model::document::grow_gently(&mut self.b.spans);
                        self.b.spans.push(Span {
                            start,
                            end,
                            style,
                            link,
                        });
                    }
                }
            }
        }
    }
}

/// Opens the "Overview" section (titled `title`) for text before the
/// first heading.
fn open_overview(b: &mut Builder, line: u32, title: &str) -> u32 {
    let index = b.sections.len() as u32;
    let heading_block = b.blocks.len() as u32;
    b.push_block(BlockKind::Heading, index, title);
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

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `line` with each tab replaced by spaces up to the next multiple of
/// `tab` columns.
/// Whether `text` is lines of printable ASCII, which are shown as they are
/// written: no tab, CR, control or non-ASCII character. Looked at in
/// blocks of 64 bytes without stopping early inside one, which the
/// compiler turns into vector compares.
fn shown_as_written(text: &[u8]) -> bool {
    text.chunks(64).all(|chunk| {
        chunk.iter().fold(true, |plain, &b| {
            plain & ((0x20..0x7f).contains(&b) | (b == b'\n'))
        })
    })
}

/// `line` with its tabs expanded to the next multiple of `tab` columns,
/// into `out`; each run of tabs noted in `runs` as where its spaces start
/// in `out`, how many tabs and how many spaces.
fn expand_tabs(line: &str, tab: usize, out: &mut String, runs: &mut Vec<(usize, usize, usize)>) {
    out.clear();
    runs.clear();
    let mut col = 0;
    for c in line.chars() {
        if c == '\t' {
            let n = tab - col % tab;
            match runs.last_mut() {
                Some((from, count, spaces))
                    if *from + *spaces == out.len()
                        && *count < CodeEdit::MAX_TABS
                        && *spaces + n <= CodeEdit::MAX_SPACES =>
                {
                    *count += 1;
                    *spaces += n;
                }
                _ => runs.push((out.len(), 1, n)),
            }
            out.extend(std::iter::repeat_n(' ', n));
            col += n;
        } else {
            out.push(c);
            col += c.width().unwrap_or(0);
        }
    }
}

// ---- section ids ----

/// The sections' explicit ids, in section order, end to end in one string.
#[derive(Default)]
pub(super) struct ExplicitIds {
    pub(super) text: String,
    /// Section index, end of its id in `text`, where it is written.
    pub(super) list: Vec<(u32, u32, usize)>,
}

impl ExplicitIds {
    pub(super) fn push(&mut self, section: u32, id: &str, at: usize) {
        self.text.push_str(id);
        self.list.push((section, self.text.len() as u32, at));
    }

    /// The `k`-th explicit id.
    pub(super) fn get(&self, k: usize) -> &str {
        let start = match k {
            0 => 0,
            k => self.list[k - 1].1 as usize,
        };
        &self.text[start..self.list[k].1 as usize]
    }
}

/// A taken id: where its text is.
#[derive(Clone, Copy)]
pub(super) enum Handle {
    /// The `k`-th explicit id.
    Explicit(usize),
    /// The id of this section, already written in the ids being built.
    Section(usize),
}

impl Handle {
    const EXPLICIT: u32 = 1 << 31;

    fn pack(self) -> u32 {
        match self {
            Handle::Explicit(k) => k as u32 | Self::EXPLICIT,
            Handle::Section(i) => i as u32,
        }
    }

    fn unpack(raw: u32) -> Self {
        if raw & Self::EXPLICIT != 0 {
            Handle::Explicit((raw & !Self::EXPLICIT) as usize)
        } else {
            Handle::Section(raw as usize)
        }
    }
}

/// Room the table of taken ids starts with (see [`IdAllocator::bound`]).
const FEW_IDS: usize = 1024;

/// Hands out unique ids: explicit ones first, then for each other section
/// `base`, else `base-N`, … (the first not taken, `N` from the rule's
/// first suffix), `base` the slug of its title. Ids are only ever added,
/// so every suffix a base has already tried stays taken: each base
/// resumes where it stopped, and loading is linear in the number of
/// sections, not quadratic in a repeated title.
///
/// Taken ids are kept as 4-byte handles to their text (in the explicit
/// ids, or in the ids being built), so a million ids cost no more strings
/// than the one they are written in. An id made with a suffix (`a-7`) is
/// not kept at all: it is taken when its base's next suffix is past it
/// (see [`IdAllocator::made_with_suffix`]), so a million headings `a`
/// keep one id in the table, not a million (10 bytes a heading).
pub(super) struct IdAllocator {
    rule: Slugs,
    table: hashbrown::HashTable<u32>,
    /// How many ids the table may be asked to hold at most (one a
    /// section): it grows to that at once when its first room is full.
    bound: usize,
    /// The ids built so far, in section order.
    ids: String,
    /// The next suffix to try for a base that has been repeated.
    next: HashMap<String, u64>,
    /// Ids tried, for the test that loading stays linear.
    #[cfg(test)]
    probes: usize,
}

impl IdAllocator {
    pub(super) fn new(sections: usize, rule: Slugs) -> Self {
        IdAllocator {
            rule,
            // Sized for a few, then at once for every section: growing a
            // table of millions step by step rehashes it with the old one
            // still held, and one sized for every section at first costs
            // 5 to 10 bytes a section where suffixed ids need none.
            table: hashbrown::HashTable::with_capacity(sections.min(FEW_IDS)),
            bound: sections,
            ids: String::new(),
            next: HashMap::new(),
            #[cfg(test)]
            probes: 0,
        }
    }

    fn hash(id: &str) -> u64 {
        xxhash_rust::xxh3::xxh3_64(id.as_bytes())
    }

    fn text<'a>(
        ids: &'a str,
        explicit: &'a ExplicitIds,
        sections: &[Section],
        handle: Handle,
    ) -> &'a str {
        match handle {
            Handle::Explicit(k) => explicit.get(k),
            Handle::Section(i) => {
                let start = match i {
                    0 => 0,
                    i => sections[i - 1].id_end as usize,
                };
                &ids[start..sections[i].id_end as usize]
            }
        }
    }

    pub(super) fn taken(&self, explicit: &ExplicitIds, sections: &[Section], id: &str) -> bool {
        self.made_with_suffix(id)
            || self
                .table
                .find(Self::hash(id), |&h| {
                    Self::text(&self.ids, explicit, sections, Handle::unpack(h)) == id
                })
                .is_some()
    }

    /// Whether `id` is `base-N`, an id [`IdAllocator::free_id`] gave out
    /// (or passed over as taken): `N` written as it writes numbers, from
    /// the rule's first suffix to below the base's next.
    fn made_with_suffix(&self, id: &str) -> bool {
        if self.next.is_empty() {
            return false;
        }
        let Some((base, n)) = id.rsplit_once('-') else {
            return false;
        };
        let canonical = !n.is_empty()
            && n.bytes().all(|c| c.is_ascii_digit())
            && (n == "0" || !n.starts_with('0'));
        let Some(n) = canonical.then(|| n.parse::<u64>().ok()).flatten() else {
            return false;
        };
        self.next
            .get(base)
            .is_some_and(|&next| n >= self.rule.first_suffix() && n < next)
    }

    pub(super) fn insert(&mut self, explicit: &ExplicitIds, sections: &[Section], handle: Handle) {
        let ids = &self.ids;
        let rehash = |&h: &u32| Self::hash(Self::text(ids, explicit, sections, Handle::unpack(h)));
        if self.table.len() == self.table.capacity() {
            // Once: room for every id there may still be.
            let more = self.bound.saturating_sub(self.table.len()).max(1);
            self.table.reserve(more, rehash);
        }
        let hash = Self::hash(Self::text(ids, explicit, sections, handle));
        self.table.insert_unique(hash, handle.pack(), rehash);
    }

    /// Room for the ids of `builder`'s sections, made once: a title's
    /// bytes (its slug is no longer, but for a few lowercase letters) and
    /// a suffix as long as the sections' count (`-123456`). Grown as
    /// needed, the buffer was up to twice its length, and held twice
    /// while copied.
    fn reserve_ids(&mut self, explicit: &ExplicitIds, builder: &Builder) {
        let titles: usize = (builder.sections.iter())
            .map(|s| builder.blocks[s.heading_block as usize].range().len())
            .sum();
        let suffix = 2 + builder.sections.len().checked_ilog10().unwrap_or(0) as usize;
        let room = titles + explicit.text.len() + suffix * builder.sections.len();
        self.ids.reserve_exact(room);
    }

    /// Writes every section's id, in section order, and returns them all.
    pub(super) fn assign(&mut self, explicit: &ExplicitIds, builder: &mut Builder) -> String {
        let mut next_explicit = explicit.list.iter().enumerate().peekable();
        let mut candidate = String::new();
        self.reserve_ids(explicit, builder);
        for index in 0..builder.sections.len() {
            if let Some((k, _)) = next_explicit.next_if(|(_, e)| e.0 as usize == index) {
                self.ids.push_str(explicit.get(k));
                builder.sections[index].id_end = self.ids.len() as u32;
                continue;
            }
            let heading = builder.blocks[builder.sections[index].heading_block as usize];
            let base = slug(&builder.text[heading.range()], self.rule);
            let suffixed = self.free_id(explicit, &builder.sections, base, &mut candidate);
            self.ids.push_str(&candidate);
            builder.sections[index].id_end = self.ids.len() as u32;
            if !suffixed {
                self.insert(explicit, &builder.sections, Handle::Section(index));
            }
        }
        std::mem::take(&mut self.ids)
    }

    /// Leaves in `candidate` the first id made from `base` that is not
    /// taken (the caller takes it); whether it has a suffix (then it is
    /// taken already, see [`IdAllocator::made_with_suffix`]).
    fn free_id(
        &mut self,
        explicit: &ExplicitIds,
        sections: &[Section],
        base: String,
        candidate: &mut String,
    ) -> bool {
        use std::fmt::Write;
        // Only bases that needed a suffix are kept: one seen once starts
        // from itself (one extra try on its second use, never more).
        let mut n = self.next.get(&base).copied().unwrap_or(0);
        loop {
            #[cfg(test)]
            {
                self.probes += 1;
            }
            candidate.clear();
            candidate.push_str(&base);
            if n > 0 {
                let _ = write!(candidate, "-{n}");
            }
            if !self.taken(explicit, sections, candidate) {
                if n > 0 {
                    self.next.insert(base, n + 1);
                }
                return n > 0;
            }
            n = if n == 0 {
                self.rule.first_suffix()
            } else {
                n + 1
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_lines_of_printable_ascii_are_shown_as_written() {
        let long = "fn main() { println!(\"{}\", 1 + 2); }\n".repeat(40);
        assert!(shown_as_written(long.as_bytes()));
        assert!(shown_as_written(b""));
        for i in [0, 63, 64, 65, long.len() - 1] {
            for odd in ["\t", "\r", "\x1b", "\x7f", "é", "\u{202e}"] {
                let mut s = long.clone();
                s.replace_range(i..=i, odd);
                assert!(!shown_as_written(s.as_bytes()), "{odd:?} at {i}");
            }
        }
    }

    #[test]
    fn slugs_fold_case_accents_and_punctuation() {
        let toml = |t| slug(t, Slugs::Toml);
        assert_eq!(toml("Raid by Albanian police"), "raid-by-albanian-police");
        assert_eq!(toml("  Manëz, Durrës!  "), "manez-durres");
        assert_eq!(toml("U.S.–Iran"), "u-s-iran");
        assert_eq!(toml("???"), "section");
        assert_eq!(toml("東京 2020"), "東京-2020");
        let github = |t| slug(t, Slugs::GitHub);
        assert_eq!(github("Hello, World!"), "hello-world");
        assert_eq!(github("a  b_c-d"), "a--b_c-d");
        assert_eq!(github("???"), "section");
    }

    /// Ids made with a suffix are not kept in the table of taken ids (they
    /// are known from their base's next suffix): every id is still the
    /// first free one, as a set of every id given out finds it, whatever
    /// titles look like suffixed ids (`a-1`, `a-01`, `a-1-1`).
    #[test]
    fn ids_made_with_a_suffix_stay_taken_without_being_kept() {
        let titles = [
            "a", "a-1", "a-2", "a-3", "a-0", "a-01", "a 1", "b", "a-1-1", "a-", "-1", "b-2",
        ];
        let mut seed = 7u64;
        let mut kept = 0;
        for case in 0..3000 {
            let rule = if case % 2 == 0 {
                Slugs::Toml
            } else {
                Slugs::GitHub
            };
            let mut builder = Builder::default();
            let mut order = Vec::new();
            for index in 0..14u32 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let title = titles[(seed >> 33) as usize % titles.len()];
                order.push(title);
                builder.sections.push(Section::new(
                    builder.blocks.len() as u32,
                    None,
                    0,
                    index + 1,
                    0,
                ));
                builder.push_block(BlockKind::Heading, index, title);
            }
            let mut ids = IdAllocator::new(order.len(), rule);
            let all = ids.assign(&ExplicitIds::default(), &mut builder);
            kept += ids.table.len();
            let mut taken = std::collections::HashSet::new();
            let mut start = 0;
            for (i, title) in order.iter().enumerate() {
                let base = slug(title, rule);
                let mut want = base.clone();
                let mut n = rule.first_suffix();
                while taken.contains(&want) {
                    want = format!("{base}-{n}");
                    n += 1;
                }
                let end = builder.sections[i].id_end as usize;
                assert_eq!(&all[start..end], want, "{order:?} ({rule:?})");
                taken.insert(want);
                start = end;
            }
        }
        // Fewer than one a section: the suffixed ones are not there.
        assert!(kept < 3000 * 14, "{kept} ids kept");
    }

    #[test]
    fn repeated_titles_cost_a_bounded_number_of_id_probes_each() {
        for (rule, last) in [(Slugs::Toml, 5_000), (Slugs::GitHub, 4_999)] {
            let n = 5_000;
            let mut builder = Builder::default();
            for index in 0..n as u32 {
                builder.sections.push(Section::new(
                    builder.blocks.len() as u32,
                    None,
                    0,
                    index + 1,
                    0,
                ));
                builder.push_block(BlockKind::Heading, index, "a");
            }
            let mut ids = IdAllocator::new(n, rule);
            let all = ids.assign(&ExplicitIds::default(), &mut builder);
            let last_start = builder.sections[n - 2].id_end as usize;
            assert_eq!(&all[last_start..], format!("a-{last}"));
            // Retrying `-2`, `-3`, … from the start each time takes n²/2.
            assert!(ids.probes <= 2 * n, "{} probes for {n} ids", ids.probes);
        }
    }

    /// Opening and closing inline markup costs the same at any depth:
    /// the work done (spans written, open markup scanned) for `n` nested
    /// images grows with `n`, not `n²`.
    #[test]
    fn nesting_is_capped_and_costs_constant_work_per_level() {
        for depth in [10, 1_000, 100_000] {
            let mut b = Builder::default();
            let mut rich = Rich::new(&mut b, Mode::Document { title_rule: false });
            for _ in 0..depth {
                rich.start_image("x");
                rich.start_style(Inline::EMPHASIS);
            }
            rich.text("a");
            assert!(rich.inline.len() <= MAX_INLINE_DEPTH as usize);
            for _ in 0..depth {
                rich.end_style();
                rich.end_image();
            }
            assert_eq!(rich.overflow, 0);
            assert!(rich.inline.is_empty());
            rich.close_inline();
            drop(rich);
            // One link, the outermost image's: images in its alt text are
            // more alt text, not links of their own.
            assert_eq!(b.links.len(), 1, "depth {depth}");
            let outer = b.links[0];
            assert_eq!(&b.text[outer.start as usize..outer.end as usize], "[img] a");
        }
    }

    /// A list's blocks kept as runs with a step: every third block (an
    /// item with a sub-list of one item) is one run, and the indices come
    /// back as they were pushed, whatever their gaps.
    #[test]
    fn runs_keep_indices_with_a_step() {
        let mut runs = Runs::default();
        let pushed: Vec<u32> = (0..1000).map(|i| 3 * i).collect();
        for &i in &pushed {
            runs.push(i);
        }
        assert_eq!(runs.runs.len(), 1);
        assert_eq!(runs.iter().collect::<Vec<_>>(), pushed);
        assert_eq!(runs.last(), Some(2997));
        let mut runs = Runs::default();
        let pushed = [0, 1, 2, 10, 11, 20, 30, 31, 33, 35, u32::MAX - 1];
        for i in pushed {
            runs.push(i);
        }
        assert_eq!(runs.iter().collect::<Vec<_>>(), pushed);
        assert_eq!(runs.len, pushed.len());
        assert_eq!(runs.last(), Some(u32::MAX - 1));
    }
}
