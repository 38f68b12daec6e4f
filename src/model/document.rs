//! The immutable document model every other module reads. Built once by
//! `load`; nothing after loading looks at TOML again.
//!
//! All readable text lives in one flat string (`text`); blocks are byte
//! ranges into it. That keeps the text once in memory, lets search run over
//! one contiguous buffer, and lets layout borrow slices instead of copying.

use std::num::NonZeroU32;
use std::ops::Range;

/// Attribution shown in the help overlay and at the end of the document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Source {
    pub name: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub license: Option<String>,
    pub retrieved: Option<String>,
}

impl Source {
    /// One line such as `Source: Camp Ashraf 3 — Wikipedia — CC BY-SA`.
    pub fn summary(&self) -> String {
        let mut parts: Vec<&str> = Vec::new();
        for part in [&self.title, &self.name, &self.url, &self.license] {
            if let Some(p) = part.as_deref().filter(|p| !p.is_empty()) {
                parts.push(p);
            }
        }
        let mut line = format!("Source: {}", parts.join(" — "));
        if let Some(r) = self.retrieved.as_deref().filter(|r| !r.is_empty()) {
            line.push_str(&format!(" (retrieved {r})"));
        }
        line
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A section heading; its text is the section title.
    Heading,
    Paragraph,
    /// A link, shown as `text <url>`; `text_len` bytes of it are the text.
    Link {
        text_len: u32,
    },
    /// The attribution line at the very end.
    Source,
    /// A heading inside a body that opens no section (a Markdown heading
    /// in a TOML `markup = "markdown"` body), level 1 to 6.
    Subheading {
        level: u8,
    },
    /// Code: its lines verbatim (tabs expanded), joined by `\n`; never
    /// reflowed. `lang` indexes [`Document::langs`], or is [`NONE`].
    Code {
        lang: u32,
    },
    /// A raw HTML block, shown literally like code, never interpreted.
    Html,
    /// A thematic break; its text is empty.
    Rule,
    /// A GFM table: `table` indexes [`Document::tables`]; the block's text
    /// is its cells, row by row, each followed by `\n` but the last.
    Table {
        table: u32,
    },
}

/// "No such item": a missing language, link, or parent frame.
pub const NONE: u32 = u32::MAX;

/// The largest document the model can address: byte offsets into the text
/// are `u32`. `--max-size` may not go past it.
pub const MAX_ADDRESSABLE: u64 = u32::MAX as u64;

/// One block of text: a byte range of [`Document::text`] with its kind,
/// its section and the containers (list items, quotes) it sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// Index of the section this block belongs to.
    pub section: u32,
    pub start: u32,
    pub end: u32,
    /// The innermost frame holding this block ([`NONE`] at the top level),
    /// and in the top bit whether it joins the next block with no blank
    /// line between (the items of a tight list). Packed: a document can
    /// hold millions of blocks.
    frame_bits: u32,
}

const JOINS_NEXT: u32 = 1 << 31;

impl Block {
    pub fn new(kind: BlockKind, section: u32, start: u32, end: u32) -> Self {
        Block {
            kind,
            section,
            start,
            end,
            frame_bits: NONE & !JOINS_NEXT,
        }
    }

    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The innermost frame holding this block, if any.
    pub fn frame(&self) -> Option<u32> {
        let f = self.frame_bits & !JOINS_NEXT;
        (f != NONE & !JOINS_NEXT).then_some(f)
    }

    pub fn set_frame(&mut self, frame: Option<u32>) {
        let f = frame.unwrap_or(NONE) & !JOINS_NEXT;
        self.frame_bits = (self.frame_bits & JOINS_NEXT) | f;
    }

    /// True when no blank line separates this block from the next.
    pub fn joins_next(&self) -> bool {
        self.frame_bits & JOINS_NEXT != 0
    }

    pub fn set_joins_next(&mut self, joins: bool) {
        if joins {
            self.frame_bits |= JOINS_NEXT;
        } else {
            self.frame_bits &= !JOINS_NEXT;
        }
    }
}

/// A container around blocks: every line of every block inside it gets
/// the frame's prefix (a quote bar, a list item's indent), and the first
/// line of its first block gets the item's marker.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Frame {
    /// The frame this one sits in, or [`NONE`].
    pub parent: u32,
    /// Its [`FrameKind`], packed in 8 bytes (see `kind()`): as an enum
    /// it took 12, and a frame 20 bytes, not 16 (a list of 2 million
    /// items is 2 million frames).
    kind: PackedKind,
    /// The first block inside this frame (its marker goes on that block's
    /// first line).
    pub first_block: u32,
}

/// A [`FrameKind`] in 8 bytes: what it is, a byte (a bullet's level, a
/// task's state, an alert's kind), an indent and a number.
#[derive(Clone, Copy, PartialEq, Eq)]
struct PackedKind {
    tag: u8,
    small: u8,
    indent: u8,
    number: u32,
}

impl PackedKind {
    const QUOTE: u8 = 0;
    const BULLET: u8 = 1;
    const NUMBER: u8 = 2;
    const TASK: u8 = 3;
    const NOTE: u8 = 4;
    const ALERT: u8 = 5;

    fn pack(kind: FrameKind) -> Self {
        let (tag, small, indent, number) = match kind {
            FrameKind::Quote => (Self::QUOTE, 0, 0, 0),
            FrameKind::Item { marker, indent } => match marker {
                Marker::Bullet { level } => (Self::BULLET, level, indent, 0),
                Marker::Number(n) => (Self::NUMBER, 0, indent, n),
                Marker::Task { done } => (Self::TASK, u8::from(done), indent, 0),
            },
            FrameKind::Note { number, indent } => (Self::NOTE, 0, indent, number),
            FrameKind::Alert(a) => {
                let i = AlertKind::ALL.iter().position(|&k| k == a).unwrap_or(0);
                (Self::ALERT, i as u8, 0, 0)
            }
        };
        PackedKind {
            tag,
            small,
            indent,
            number,
        }
    }

    fn unpack(self) -> FrameKind {
        let PackedKind {
            tag,
            small,
            indent,
            number,
        } = self;
        let item = |marker| FrameKind::Item { marker, indent };
        match tag {
            Self::BULLET => item(Marker::Bullet { level: small }),
            Self::NUMBER => item(Marker::Number(number)),
            Self::TASK => item(Marker::Task { done: small != 0 }),
            Self::NOTE => FrameKind::Note { number, indent },
            Self::ALERT => FrameKind::Alert(
                AlertKind::ALL
                    .get(small as usize)
                    .copied()
                    .unwrap_or(AlertKind::Note),
            ),
            _ => FrameKind::Quote,
        }
    }
}

impl Frame {
    pub fn new(parent: u32, kind: FrameKind, first_block: u32) -> Self {
        Frame {
            parent,
            kind: PackedKind::pack(kind),
            first_block,
        }
    }

    pub fn kind(&self) -> FrameKind {
        self.kind.unpack()
    }

    pub fn set_kind(&mut self, kind: FrameKind) {
        self.kind = PackedKind::pack(kind);
    }
}

impl std::fmt::Debug for Frame {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Frame")
            .field("parent", &self.parent)
            .field("kind", &self.kind())
            .field("first_block", &self.first_block)
            .finish()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameKind {
    /// A block quote: a bar at the left of every line.
    Quote,
    /// A list item. `indent` columns are kept on every line (the marker's
    /// width and a space, the same for all items of one list).
    Item { marker: Marker, indent: u8 },
    /// A footnote definition, shown as `[number]` before its text.
    Note { number: u32, indent: u8 },
    /// A GitHub alert (`> [!NOTE]`): a quote in a colour of its own,
    /// whose first block is its title line.
    Alert(AlertKind),
}

/// The kinds of GitHub alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AlertKind {
    Note,
    Tip,
    Important,
    Warning,
    Caution,
}

impl AlertKind {
    pub const ALL: [AlertKind; 5] = [
        AlertKind::Note,
        AlertKind::Tip,
        AlertKind::Important,
        AlertKind::Warning,
        AlertKind::Caution,
    ];

    /// The title line GitHub shows.
    pub fn title(self) -> &'static str {
        match self {
            AlertKind::Note => "Note",
            AlertKind::Tip => "Tip",
            AlertKind::Important => "Important",
            AlertKind::Warning => "Warning",
            AlertKind::Caution => "Caution",
        }
    }

    /// The sign before the title, in place of GitHub's icons: one column
    /// wide (no emoji), and different for each kind, so the kinds are
    /// told apart without colour too.
    pub fn marker(self) -> &'static str {
        match self {
            AlertKind::Note => "ⓘ",
            AlertKind::Tip => "✦",
            AlertKind::Important => "❢",
            AlertKind::Warning => "⚠",
            AlertKind::Caution => "⊘",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// A bullet; `level` counts enclosing bulleted lists (0 outermost), so
    /// nested lists can use different bullets.
    Bullet { level: u8 },
    /// An ordered item's number. 32 bits: CommonMark's start numbers
    /// have at most nine digits and a browser reads `<ol start>` as a
    /// 32-bit integer; a `u64` made every frame 32 bytes, not 20.
    Number(u32),
    /// A GFM task item, done or not (after its bullet or number's place).
    Task { done: bool },
}

/// Inline styles of a [`Span`], combined as bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Inline(pub u16);

impl Inline {
    pub const EMPHASIS: Inline = Inline(1);
    pub const STRONG: Inline = Inline(1 << 1);
    pub const STRIKE: Inline = Inline(1 << 2);
    pub const CODE: Inline = Inline(1 << 3);
    /// Text of a link ([`Span::link`] names it).
    pub const LINK: Inline = Inline(1 << 4);
    /// An image's alt text (its address is the span's link).
    pub const IMAGE: Inline = Inline(1 << 5);
    /// A footnote reference such as `[1]`.
    pub const NOTE_REF: Inline = Inline(1 << 6);
    /// Inline HTML, shown literally.
    pub const HTML: Inline = Inline(1 << 7);
    /// A key to press (HTML's `<kbd>`).
    pub const KBD: Inline = Inline(1 << 8);

    pub fn contains(self, other: Inline) -> bool {
        self.0 & other.0 == other.0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl std::ops::BitOr for Inline {
    type Output = Inline;
    fn bitor(self, rhs: Inline) -> Inline {
        Inline(self.0 | rhs.0)
    }
}

impl std::ops::BitOrAssign for Inline {
    fn bitor_assign(&mut self, rhs: Inline) {
        self.0 |= rhs.0;
    }
}

/// A styled byte range of [`Document::text`]. Spans are sorted and never
/// overlap (nested styles are combined into one span's bits); text
/// outside every span is plain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: u32,
    pub end: u32,
    pub style: Inline,
    /// The link this text belongs to ([`Document::links`]), or [`NONE`].
    pub link: u32,
}

/// A link anywhere in the document: the shown text it covers and where
/// it points ([`Document::link_target`]), as written (classifying and
/// resolving it is the reader's job). The targets share one buffer: a
/// document of 100,000 links holds no 100,000 strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    pub start: u32,
    pub end: u32,
    pub section: u32,
    /// End of its target in the document's target buffer (each starts
    /// where the previous link's ends), and in its top bits whether the
    /// target is not a copy of its own (see [`SAME_TARGET`],
    /// [`TEXT_TARGET`]).
    pub(crate) target_end: u32,
}

/// In [`Link::target_end`]: the link points where the target that ends
/// there does (the previous one pushed): a run of links to one address
/// (references to one definition) holds it once.
pub(crate) const SAME_TARGET: u32 = 1 << 31;
/// In [`Link::target_end`]: the link points at its own text (a bare
/// address found in prose): no copy of it.
pub(crate) const TEXT_TARGET: u32 = 1 << 30;
/// The link target buffer's length is below the two flag bits.
const TARGET_LIMIT: usize = (TEXT_TARGET - 1) as usize;

impl Link {
    /// Where its target ends in the target buffer (or where the previous
    /// one does, when it holds none of its own).
    pub(crate) fn target_end(&self) -> u32 {
        self.target_end & !(SAME_TARGET | TEXT_TARGET)
    }
}

/// Where link `link`'s target is: a range of the target buffer, or (a
/// [`TEXT_TARGET`]) of the text.
fn target_of(links: &[Link], link: usize) -> (bool, Range<usize>) {
    let l = links[link];
    if l.target_end & TEXT_TARGET != 0 {
        return (true, l.start as usize..l.end as usize);
    }
    let end = l.target_end();
    let start = if l.target_end & SAME_TARGET != 0 {
        // The target pushed just before `end`, whose start is the largest
        // end below it (ends never decrease along the links).
        target_start(&links[..link], end)
    } else {
        link.checked_sub(1).map_or(0, |i| links[i].target_end())
    };
    (false, start as usize..end as usize)
}

/// Where the last target pushed before `end` starts, among `links`.
fn target_start(links: &[Link], end: u32) -> u32 {
    let below = links.partition_point(|l| l.target_end() < end);
    below.checked_sub(1).map_or(0, |i| links[i].target_end())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    None,
    Left,
    Center,
    Right,
}

/// A named place inside a section (HTML's `<a name="x">`, `<h3 id="x">`
/// in a container, a footnote's `#fn-label`): `#x` links and
/// `--section x` go to its block (or its section's start).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Anchor {
    /// End of its id in [`Anchors`]' buffer (each starts where the one
    /// before ends).
    id_end: u32,
    pub section: u32,
    /// The block a link lands on, or [`NONE`]: the section's start.
    pub block: u32,
}

/// The anchors of a document, in reading order, their ids end to end in
/// one buffer: a footnote's anchor was a string of its own (a pointer,
/// a length and an allocation: 24 bytes and the id, for each of 68,000
/// notes in 2 MiB), now 12 bytes and the id.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Anchors {
    ids: String,
    list: Vec<Anchor>,
}

impl Anchors {
    /// Adds the anchor `id` (none past 4 GiB of ids, which no document
    /// within the size limit holds).
    pub fn push(&mut self, id: &str, section: u32, block: u32) {
        let Ok(id_end) = u32::try_from(self.ids.len() + id.len()) else {
            return;
        };
        self.ids.push_str(id);
        self.list.push(Anchor {
            id_end,
            section,
            block,
        });
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Room for `n` more anchors whose ids take `bytes`.
    pub(crate) fn reserve(&mut self, n: usize, bytes: usize) {
        self.list.reserve_exact(n);
        self.ids.reserve_exact(bytes);
    }

    /// The `i`-th anchor's id.
    pub fn id(&self, i: usize) -> &str {
        let start = i.checked_sub(1).map_or(0, |b| self.list[b].id_end as usize);
        &self.ids[start..self.list[i].id_end as usize]
    }

    /// Every anchor and its id, in reading order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Anchor)> {
        self.list.iter().enumerate().map(|(i, a)| (self.id(i), a))
    }

    /// Appends `next`'s anchors, each changed by `shift`.
    pub(crate) fn append(&mut self, next: Anchors, shift: impl Fn(&mut Anchor)) {
        if u32::try_from(self.ids.len() + next.ids.len()).is_err() {
            return;
        }
        let base = self.ids.len() as u32;
        self.ids.push_str(&next.ids);
        self.list.extend(next.list.into_iter().map(|mut a| {
            a.id_end += base;
            shift(&mut a);
            a
        }));
    }
}

/// A GFM table. Its cells are byte ranges of [`Document::text`], row by
/// row; the first row is the header. A row holds only the cells it was
/// given (at most `columns()`): the empty cells that pad a short row to
/// the table's width are not stored, so a table costs what its input
/// does, however wide its first row (issue 25).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub align: Vec<Align>,
    pub cells: Vec<Range<u32>>,
    /// Where each row's cells end in `cells`; empty: every row holds
    /// `columns()` cells (a short last row fewer).
    pub row_ends: Vec<u32>,
}

impl Table {
    pub fn columns(&self) -> usize {
        self.align.len().max(1)
    }

    /// How many rows, the header's included.
    pub fn row_count(&self) -> usize {
        match self.row_ends.is_empty() {
            true => self.cells.len().div_ceil(self.columns()),
            false => self.row_ends.len(),
        }
    }

    /// Row `row`'s stored cells (at most `columns()`; the cells past
    /// them are empty), or none past the last row.
    pub fn row(&self, row: usize) -> &[Range<u32>] {
        let (start, end) = match self.row_ends.is_empty() {
            true => {
                let c = self.columns();
                (row * c, (row + 1) * c)
            }
            false => {
                let start = match row {
                    0 => 0,
                    _ => self
                        .row_ends
                        .get(row - 1)
                        .map_or(usize::MAX, |&e| e as usize),
                };
                (start, self.row_ends.get(row).map_or(0, |&e| e as usize))
            }
        };
        let end = end
            .min(self.cells.len())
            .min(start.saturating_add(self.columns()));
        self.cells.get(start..end).unwrap_or(&[])
    }

    /// The rows, header first, each its stored cells (see [`Table::row`]).
    pub fn rows(&self) -> impl Iterator<Item = &[Range<u32>]> {
        (0..self.row_count()).map(|r| self.row(r))
    }
}

/// Where a code block's text as shown differs from its text as written,
/// which `Y` copies: the shown bytes [`CodeEdit::shown`] stand for what
/// was written ([`CodeEdit::push_written`]): a run of tabs expanded to
/// spaces, a control character shown in notation (`^[`, `<U+202E>`), or
/// one left out (a bidi mark, shown as nothing). A document keeps one per run of tabs or
/// rewritten character in code, none for code shown as written, so the
/// text is not kept twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeEdit {
    /// Document offset where the shown notation starts.
    pub at: u32,
    /// A run of tabs: the top bit, the tabs' count (15 bits) and the
    /// spaces shown (16 bits). A character: its notation's length (10
    /// bits) and the character (21 bits).
    packed: u32,
}

const TAB_RUN: u32 = 1 << 31;

impl CodeEdit {
    /// The most tabs one edit holds, and their spaces (longer runs take
    /// several edits).
    pub const MAX_TABS: usize = (1 << 15) - 1;
    pub const MAX_SPACES: usize = u16::MAX as usize;

    /// `count` tabs shown as `spaces` spaces from offset `at`.
    pub fn tabs(at: u32, count: usize, spaces: usize) -> Self {
        debug_assert!(count <= Self::MAX_TABS && spaces <= Self::MAX_SPACES);
        CodeEdit {
            at,
            packed: TAB_RUN | ((count as u32) << 16) | spaces as u32,
        }
    }

    /// `c` shown as `shown` bytes (its notation: at most `<U+10FFFF>`)
    /// from offset `at`.
    pub fn char(at: u32, shown: usize, c: char) -> Self {
        debug_assert!(shown < 1 << 10);
        CodeEdit {
            at,
            packed: ((shown as u32) << 21) | u32::from(c),
        }
    }

    /// The document bytes that stand for what was written.
    pub fn shown(&self) -> Range<usize> {
        let len = if self.packed & TAB_RUN != 0 {
            self.packed & 0xffff
        } else {
            (self.packed >> 21) & 0x3ff
        };
        self.at as usize..(self.at + len) as usize
    }

    /// What was written in their place.
    pub fn push_written(&self, out: &mut String) {
        if self.packed & TAB_RUN != 0 {
            let count = (self.packed >> 16) & 0x7fff;
            out.extend(std::iter::repeat_n('\t', count as usize));
        } else if let Some(c) = char::from_u32(self.packed & 0x1f_ffff) {
            out.push(c);
        }
    }
}

/// A section's place in the tree. Its title, id and number are not kept
/// here but read through the document ([`Document::section_title`],
/// [`Document::section_id`], [`Document::section_number`]): the title is
/// the text of its heading block, the ids share one buffer, and the number
/// is made from the ordinals of its ancestry. That keeps a section at a few
/// words where three strings each cost more than the smallest sections'
/// TOML (`tests/alloc/model_size.rs` holds it there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Section {
    /// Index of this section's heading block. Its own blocks (heading,
    /// paragraphs, links) run from here to the next section's heading.
    pub heading_block: u32,
    /// One past the last section in this section's subtree (pre-order).
    pub subtree_end: u32,
    /// The 1-based line of the source where the section starts (its
    /// `[[sections]]` header or inline table, its Markdown heading): where
    /// `v` opens the editor. 0 when unknown. (While the loader builds the
    /// model it holds the byte offset of that start, made into a line once
    /// every section is read: one pass over the text, no list of offsets.)
    pub line: u32,
    /// End of its id in [`Document`]'s id buffer (each id starts where the
    /// previous section's ends).
    pub(crate) id_end: u32,
    /// The parent's index + 1.
    parent: Option<NonZeroU32>,
    /// Its depth in the top bits, its ordinal below.
    place: u32,
}

/// Bits of [`Section::place`] below its depth.
const ORDINAL_BITS: u32 = 28;
const ORDINAL_MASK: u32 = (1 << ORDINAL_BITS) - 1;

impl Section {
    /// A section whose heading is block `heading_block`, starting at byte
    /// `start` of the source (made into its line by the loader).
    pub(crate) fn new(
        heading_block: u32,
        parent: Option<u32>,
        depth: u8,
        ordinal: u32,
        start: usize,
    ) -> Self {
        let mut s = Section {
            heading_block,
            subtree_end: 0,
            line: u32::try_from(start).unwrap_or(u32::MAX),
            id_end: 0,
            parent: None,
            place: u32::from(depth.min(15)) << ORDINAL_BITS,
        };
        s.set_parent(parent);
        s.set_ordinal(ordinal);
        s
    }

    /// The enclosing section, `None` at the top level.
    pub fn parent(&self) -> Option<u32> {
        self.parent.map(|p| p.get() - 1)
    }

    pub(crate) fn set_parent(&mut self, parent: Option<u32>) {
        self.parent = parent.and_then(|p| NonZeroU32::new(p.wrapping_add(1)));
    }

    /// 0 for top-level sections.
    pub fn depth(&self) -> u8 {
        (self.place >> ORDINAL_BITS) as u8
    }

    /// Its place among its siblings, from 1: the last part of its number.
    pub fn ordinal(&self) -> u32 {
        self.place & ORDINAL_MASK
    }

    /// Ordinals stop at 268,435,455, more than a file within the size
    /// limit can hold sections.
    pub(crate) fn set_ordinal(&mut self, ordinal: u32) {
        self.place = (self.place & !ORDINAL_MASK) | ordinal.min(ORDINAL_MASK);
    }
}

/// A section's number path such as `5.1`, written without allocating
/// (`to_string()` when a `String` is wanted).
#[derive(Debug, Clone, Copy)]
pub struct SectionNumber {
    /// Ordinals from the top level down; `len` of them are used.
    parts: [u32; SECTION_DEPTH_LIMIT],
    len: u8,
}

/// Sections nest at most this many levels in any document: one more than
/// the deepest depth a section stores (a book nests documents' sections
/// under folders and documents; one document file nests at most the
/// loader's `MAX_DEPTH`).
pub const SECTION_DEPTH_LIMIT: usize = 16;

impl SectionNumber {
    pub fn parts(&self) -> &[u32] {
        &self.parts[..self.len as usize]
    }

    /// Its length in bytes, which is also its width in columns.
    pub fn len(&self) -> usize {
        let digits = |mut n: u32| {
            let mut d = 1;
            while n >= 10 {
                n /= 10;
                d += 1;
            }
            d
        };
        let parts = self.parts();
        parts.iter().map(|&p| digits(p)).sum::<usize>() + parts.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl std::fmt::Display for SectionNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, part) in self.parts().iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            write!(f, "{part}")?;
        }
        Ok(())
    }
}

/// How the `body` strings of a TOML document are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Markup {
    /// Plain text: blank lines separate paragraphs, single newlines join
    /// lines with a space, and nothing else has a meaning.
    #[default]
    Plain,
    /// Markdown (CommonMark and GitHub's extensions); a heading inside a
    /// body is shown as a heading but does not make a section.
    Markdown,
}

impl Markup {
    pub const NAMES: [&str; 2] = ["plain", "markdown"];

    pub fn from_name(name: &str) -> Option<Markup> {
        match name {
            "plain" => Some(Markup::Plain),
            "markdown" => Some(Markup::Markdown),
            _ => None,
        }
    }
}

/// By hand rather than derived: serde's enum reading, given a number,
/// says only "wanted string or table".
impl<'de> serde::Deserialize<'de> for Markup {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Name;
        impl serde::de::Visitor<'_> for Name {
            type Value = Markup;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("`plain` or `markdown`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Markup, E> {
                Markup::from_name(v).ok_or_else(|| E::unknown_variant(v, &Markup::NAMES))
            }
        }
        d.deserialize_str(Name)
    }
}

/// When headings show their section numbers (`5.1`): in the text, the
/// sidebar, `--toc` and `--print` alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Numbers {
    /// For TOML documents (the format is numbered by design), not for
    /// Markdown (GitHub shows none, and a changelog's `2 15.2.0` would read
    /// as a version).
    #[default]
    Auto,
    Always,
    Never,
}

impl Numbers {
    pub const ALL: [Numbers; 3] = [Numbers::Auto, Numbers::Always, Numbers::Never];

    pub fn name(self) -> &'static str {
        match self {
            Numbers::Auto => "auto",
            Numbers::Always => "always",
            Numbers::Never => "never",
        }
    }
}

/// A loaded document. Sections are stored in pre-order (reading order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub title: String,
    pub subtitle: Option<String>,
    pub source: Option<Source>,
    /// How the bodies were written (`markup` in TOML).
    pub markup: Markup,
    pub sections: Vec<Section>,
    pub blocks: Vec<Block>,
    /// Containers of blocks (list items, quotes, footnote definitions).
    pub frames: Vec<Frame>,
    /// Inline styles, sorted by start, never overlapping.
    pub spans: Vec<Span>,
    /// Every link, in reading order.
    pub links: Vec<Link>,
    pub tables: Vec<Table>,
    /// Languages named by code blocks.
    pub langs: Vec<Box<str>>,
    /// Places named inside sections (HTML's `<a name>`, `id="…"`), in
    /// reading order.
    pub anchors: Anchors,
    /// Where code differs from what was written, by offset.
    code_edits: Vec<CodeEdit>,
    text: String,
    /// Every section's id, one after another in section order.
    ids: String,
    /// Every link's target, one after another in link order.
    link_targets: String,
    /// What was wrong with the file's bytes that did not stop it from
    /// being shown (invalid UTF-8 shown as U+FFFD), where it is first:
    /// said once, on stderr or in the status line.
    pub load_warning: Option<String>,
    /// Read from Markdown (rather than TOML): not numbered by default.
    from_markdown: bool,
    numbers: Numbers,
    /// Where each id is, sorted, made at the first lookup.
    id_index: IdIndex,
    /// The first section's heading is the title heading (see
    /// [`Document::opens_with_title`]).
    title_heads: bool,
}

/// The sections' and anchors' ids in sorted order, so that `#id` is found
/// by binary search: looking each link's id up by reading every section's
/// made `--print --hyperlinks always` and `--check` quadratic (19 s for
/// 80,000 `#id` links). Made by [`Document::index_ids`] where many ids
/// are looked up; 12 bytes a section or anchor then.
#[derive(Default, Clone)]
struct IdIndex(std::sync::OnceLock<IdTables>);

#[derive(Clone)]
struct IdTables {
    /// Section numbers by id, then by number (the first of equal ids first).
    exact: Vec<u32>,
    /// Section numbers by id with ASCII letters folded, then by number.
    folded: Vec<u32>,
    /// Anchor numbers by id, then by number.
    anchors: Vec<u32>,
}

/// A cache: two documents are equal whether or not either looked an id up.
impl PartialEq for IdIndex {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for IdIndex {}

impl std::fmt::Debug for IdIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.0.get() {
            Some(_) => "IdIndex(made)",
            None => "IdIndex(not yet)",
        })
    }
}

/// `a` against `b` with ASCII letters folded to lower case.
fn cmp_folded(a: &str, b: &str) -> std::cmp::Ordering {
    let a = a.bytes().map(|c| c.to_ascii_lowercase());
    a.cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

/// Indices `0..n` sorted by `key` (stable: equal keys keep their order).
fn sorted_by(n: usize, cmp: impl Fn(usize, usize) -> std::cmp::Ordering) -> Vec<u32> {
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.sort_by(|&a, &b| cmp(a as usize, b as usize));
    order
}

/// The first of `order` whose key is `id` by `cmp`, if any.
fn first_equal(order: &[u32], key: impl Fn(usize) -> std::cmp::Ordering) -> Option<usize> {
    let at = order.partition_point(|&i| key(i as usize).is_lt());
    let &i = order.get(at)?;
    key(i as usize).is_eq().then_some(i as usize)
}

impl Document {
    pub(crate) fn from_parts(
        title: String,
        subtitle: Option<String>,
        source: Option<Source>,
        builder: Builder,
        ids: String,
    ) -> Self {
        let Builder {
            sections,
            blocks,
            frames,
            spans,
            links,
            link_targets,
            tables,
            langs,
            anchors,
            code_edits,
            text,
        } = builder;
        let (text, link_targets) = (text.into_string(), link_targets.into_string());
        Document {
            title,
            subtitle,
            source,
            markup: Markup::Plain,
            sections,
            blocks,
            frames,
            spans,
            links,
            tables,
            langs,
            anchors,
            code_edits,
            text,
            ids,
            link_targets,
            load_warning: None,
            from_markdown: false,
            numbers: Numbers::Auto,
            id_index: IdIndex::default(),
            title_heads: false,
        }
    }

    /// Makes the sorted index of ids, for a caller about to look many up
    /// (`--print --hyperlinks`, `--check`, a book's backlinks). One
    /// lookup reads the ids in turn instead: cheaper than sorting them
    /// (a million sections take a sort of about 0.3 s, a scan 5 ms), so a
    /// link followed in the reader never waits for the index.
    /// `lookups` is how many are coming: a few (up to 32, about what one
    /// sort costs in scans of a large document) are read in turn.
    pub fn index_ids(&self, lookups: usize) {
        if lookups <= 32 {
            return;
        }
        self.id_index.0.get_or_init(|| {
            let n = self.sections.len();
            IdTables {
                exact: sorted_by(n, |a, b| self.section_id(a).cmp(self.section_id(b))),
                folded: sorted_by(n, |a, b| cmp_folded(self.section_id(a), self.section_id(b))),
                anchors: sorted_by(self.anchors.len(), |a, b| {
                    self.anchors.id(a).cmp(self.anchors.id(b))
                }),
            }
        });
    }

    /// The first section whose id is `id`.
    pub fn section_with_id(&self, id: &str) -> Option<usize> {
        match self.id_index.0.get() {
            Some(t) => first_equal(&t.exact, |i| self.section_id(i).cmp(id)),
            None => (0..self.sections.len()).find(|&i| self.section_id(i) == id),
        }
    }

    /// The first section whose id is `id` with ASCII letters folded (as
    /// GitHub's anchors are lowercase while ids written by hand may not be).
    pub fn section_with_id_folded(&self, id: &str) -> Option<usize> {
        match self.id_index.0.get() {
            Some(t) => first_equal(&t.folded, |i| cmp_folded(self.section_id(i), id)),
            None => (0..self.sections.len()).find(|&i| self.section_id(i).eq_ignore_ascii_case(id)),
        }
    }

    /// Marks the document as read from Markdown (see [`Numbers::Auto`]).
    /// Read from Markdown (not numbered under `numbers = "auto"`).
    pub fn from_markdown(&self) -> bool {
        self.from_markdown
    }

    pub(crate) fn set_from_markdown(&mut self) {
        self.from_markdown = true;
    }

    /// When headings show their numbers.
    pub fn set_numbers(&mut self, numbers: Numbers) {
        self.numbers = numbers;
    }

    /// Whether headings show their section numbers.
    pub fn numbered(&self) -> bool {
        match self.numbers {
            Numbers::Auto => !self.from_markdown,
            Numbers::Always => true,
            Numbers::Never => false,
        }
    }

    /// A section's heading as shown in lists (the sidebar, `--toc`, search
    /// results): `5.1 Title` when numbered, else the title.
    pub fn numbered_title(&self, section: usize) -> String {
        if self.numbered() {
            format!(
                "{} {}",
                self.section_number(section),
                self.section_title(section)
            )
        } else {
            self.section_title(section).to_string()
        }
    }

    /// Takes the document apart again, for a book to append it to
    /// another: its parts and its section ids end to end.
    pub(crate) fn into_builder(self) -> (Builder, String) {
        let Document {
            sections,
            blocks,
            frames,
            spans,
            links,
            tables,
            langs,
            anchors,
            code_edits,
            text,
            ids,
            link_targets,
            ..
        } = self;
        let builder = Builder {
            sections,
            blocks,
            frames,
            spans,
            links,
            link_targets: ModelText::from(link_targets),
            tables,
            langs,
            anchors,
            code_edits,
            text: ModelText::from(text),
        };
        (builder, ids)
    }

    /// The section holding the anchor named `id` (the first so named).
    pub fn anchor_section(&self, id: &str) -> Option<usize> {
        self.anchor(id).map(|a| a.section as usize)
    }

    /// The anchor named `id` (the first so named).
    pub fn anchor<'a>(&'a self, id: &'a str) -> Option<&'a Anchor> {
        self.anchors_named(id).next()
    }

    /// Every anchor named `id`, in reading order.
    pub fn anchors_named<'a>(&'a self, id: &'a str) -> Box<dyn Iterator<Item = &'a Anchor> + 'a> {
        let Some(t) = self.id_index.0.get() else {
            return Box::new(
                self.anchors
                    .iter()
                    .filter(move |(a, _)| *a == id)
                    .map(|(_, a)| a),
            );
        };
        let from = t
            .anchors
            .partition_point(|&i| self.anchors.id(i as usize) < id);
        Box::new(
            t.anchors[from..]
                .iter()
                .take_while(move |&&i| self.anchors.id(i as usize) == id)
                .filter_map(move |&i| self.anchors.list.get(i as usize)),
        )
    }

    /// The block the anchor `id` names in `section` (where a link to
    /// `#id` lands), unless `id` is the section's own id, which wins.
    pub fn anchor_block(&self, id: &str, section: usize) -> Option<usize> {
        let a = self
            .anchor(id)
            .filter(|a| a.block != NONE && a.section as usize == section)?;
        (self.section_id(section) != id).then_some(a.block as usize)
    }

    /// Where link `link` points, as written.
    pub fn link_target(&self, link: usize) -> &str {
        match target_of(&self.links, link) {
            (true, r) => self.text.get(r).unwrap_or(""),
            (false, r) => self.link_targets.get(r).unwrap_or(""),
        }
    }

    /// The spans that overlap the byte range `range` of the text, in order.
    pub fn spans_in(&self, range: Range<usize>) -> &[Span] {
        let first = self
            .spans
            .partition_point(|s| (s.end as usize) <= range.start);
        let last = first + self.spans[first..].partition_point(|s| (s.start as usize) < range.end);
        &self.spans[first..last]
    }

    /// The frames around `block`, outermost first.
    pub fn frames_of(&self, block: usize) -> Vec<Frame> {
        let mut chain = Vec::new();
        let mut f = self.blocks[block].frame();
        while let Some(i) = f {
            let Some(frame) = self.frames.get(i as usize) else {
                break;
            };
            chain.push(*frame);
            f = (frame.parent != NONE).then_some(frame.parent);
        }
        chain.reverse();
        chain
    }

    /// All text, blocks separated by `\n`.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text of `range` (in a code block) as it was written: its tabs
    /// and control characters as they were, not as they are shown.
    pub fn code_as_written(&self, range: Range<usize>) -> String {
        let text = &self.text[range.clone()];
        let from = self
            .code_edits
            .partition_point(|e| (e.at as usize) < range.start);
        let mut out = String::with_capacity(text.len());
        let mut done = range.start;
        for edit in &self.code_edits[from..] {
            let shown = edit.shown();
            if shown.end > range.end {
                break;
            }
            out.push_str(&self.text[done..shown.start]);
            edit.push_written(&mut out);
            done = shown.end;
        }
        out.push_str(&self.text[done..range.end]);
        out
    }

    pub fn block_text(&self, block: usize) -> &str {
        &self.text[self.blocks[block].range()]
    }

    /// Whether the document's first section is headed by its title
    /// heading (a README's `# clap`, after its logo and badges if any),
    /// with no subtitle: written once, as the title.
    pub fn opens_with_title(&self) -> bool {
        self.title_heads && self.subtitle.is_none()
    }

    /// The title heading's block, when it heads the first section (see
    /// [`Document::opens_with_title`]): block 0, or the block after a
    /// logo and badges.
    pub fn title_block(&self) -> Option<usize> {
        self.opens_with_title()
            .then(|| self.sections.first().map(|s| s.heading_block as usize))
            .flatten()
    }

    /// The first block of `section`: its heading, but the first section
    /// starts at the document's start (a logo and badges before its title
    /// heading are its own).
    pub fn section_start(&self, section: usize) -> usize {
        match section {
            0 => 0,
            s => self.sections[s].heading_block as usize,
        }
    }

    pub(crate) fn set_title_heads(&mut self) {
        self.title_heads = true;
    }

    /// The title of `section`: the text of its heading block.
    pub fn section_title(&self, section: usize) -> &str {
        self.block_text(self.sections[section].heading_block as usize)
    }

    /// The unique id of `section` (explicit, or made from its title).
    pub fn section_id(&self, section: usize) -> &str {
        let start = match section {
            0 => 0,
            i => self.sections[i - 1].id_end as usize,
        };
        &self.ids[start..self.sections[section].id_end as usize]
    }

    /// The number of `section`, such as `5.1`.
    pub fn section_number(&self, section: usize) -> SectionNumber {
        let mut number = SectionNumber {
            parts: [0; SECTION_DEPTH_LIMIT],
            len: 0,
        };
        let mut cur = Some(section as u32);
        let mut chain = [0u32; SECTION_DEPTH_LIMIT];
        let mut n = 0;
        while let Some(i) = cur {
            if n == SECTION_DEPTH_LIMIT {
                break;
            }
            let s = &self.sections[i as usize];
            chain[n] = s.ordinal();
            n += 1;
            cur = s.parent();
        }
        for (k, ordinal) in chain[..n].iter().rev().enumerate() {
            number.parts[k] = *ordinal;
        }
        number.len = n as u8;
        number
    }

    /// The blocks of `section` alone (heading, paragraphs, links), without
    /// its subsections.
    pub fn own_blocks(&self, section: usize) -> Range<usize> {
        let start = self.section_start(section);
        let end = self
            .sections
            .get(section + 1)
            .map(|next| next.heading_block as usize)
            .unwrap_or_else(|| self.content_block_end());
        start..end
    }

    /// The block containing byte `offset` of [`Document::text`] (or the one
    /// just before it when it falls on a separator).
    pub fn block_at_offset(&self, offset: usize) -> usize {
        let i = self
            .blocks
            .partition_point(|b| (b.start as usize) <= offset);
        i.saturating_sub(1)
    }

    /// Paragraph blocks (not headings, links or the source line).
    pub fn paragraph_count(&self) -> usize {
        self.blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Paragraph)
            .count()
    }

    /// Links: every entry of the link table (addresses in text or in link
    /// blocks), and the TOML link blocks written without an address.
    pub fn link_count(&self) -> usize {
        let bare = self
            .blocks
            .iter()
            .filter(
                |b| matches!(b.kind, BlockKind::Link { text_len } if text_len == b.end - b.start),
            )
            .count();
        self.links.len() + bare
    }

    /// Finds a section by id, then by exact title, then by its number
    /// (`5.1`), then by case-insensitive title.
    pub fn find_section(&self, key: &str) -> Option<usize> {
        self.find_section_by(key, true)
    }

    /// [`Document::find_section`] as a reader sees the document: by
    /// number only when headings show their numbers, so in a Markdown
    /// file (numbers hidden) `:3` is line 3 as in vim, never a section
    /// number nothing on screen shows.
    pub fn find_shown_section(&self, key: &str) -> Option<usize> {
        self.find_section_by(key, self.numbered())
    }

    fn find_section_by(&self, key: &str, by_number: bool) -> Option<usize> {
        let key = key.trim();
        let all = 0..self.sections.len();
        self.section_with_id(key)
            .or_else(|| all.clone().find(|&i| self.section_title(i) == key))
            .or_else(|| self.anchor_section(key))
            .or_else(|| by_number.then(|| self.section_by_number(key)).flatten())
            .or_else(|| {
                let lower = key.to_lowercase();
                all.clone()
                    .find(|&i| self.section_title(i).to_lowercase() == lower)
            })
            // An anchor copied from an address (`#features`), when no
            // title is written so.
            .or_else(|| {
                let bare = key.strip_prefix('#')?;
                (!bare.starts_with('#')).then(|| self.find_section_by(bare, by_number))?
            })
    }

    /// The section numbered `5.1` (a trailing dot is allowed).
    pub fn section_by_number(&self, number: &str) -> Option<usize> {
        let number = number.trim().trim_end_matches('.');
        if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            return None;
        }
        // Down the tree, skipping whole subtrees: as long as the number.
        let mut siblings = 0..self.sections.len();
        let mut found = None;
        for part in number.split('.') {
            // Written as numbers are shown: no empty part, no leading zero.
            if part.is_empty() || (part.len() > 1 && part.starts_with('0')) {
                return None;
            }
            let ordinal: u32 = part.parse().ok()?;
            let mut i = siblings.start;
            loop {
                if i >= siblings.end {
                    return None;
                }
                let s = &self.sections[i];
                if s.ordinal() == ordinal {
                    break;
                }
                i = s.subtree_end as usize;
            }
            found = Some(i);
            siblings = i + 1..self.sections[i].subtree_end as usize;
        }
        found
    }

    /// Section indices from the top level down to `section`.
    pub fn ancestry(&self, section: usize) -> Vec<usize> {
        let mut chain = vec![section];
        let mut cur = section;
        while let Some(p) = self.sections[cur].parent() {
            chain.push(p as usize);
            cur = p as usize;
        }
        chain.reverse();
        chain
    }

    /// `Raid by Albanian police › Aftermath`
    pub fn breadcrumb(&self, section: usize) -> String {
        self.ancestry(section)
            .into_iter()
            .map(|i| self.section_title(i))
            .collect::<Vec<_>>()
            .join(" › ")
    }

    /// All blocks of a section including its subsections.
    pub fn subtree_blocks(&self, section: usize) -> Range<usize> {
        let s = &self.sections[section];
        let start = self.section_start(section);
        let end = self
            .sections
            .get(s.subtree_end as usize)
            .map(|next| next.heading_block as usize)
            .unwrap_or_else(|| self.content_block_end());
        start..end
    }

    /// One past the last block that belongs to a section (the source line follows).
    pub fn content_block_end(&self) -> usize {
        match self.blocks.last() {
            Some(b) if b.kind == BlockKind::Source => self.blocks.len() - 1,
            _ => self.blocks.len(),
        }
    }
}

/// Builds a [`Document`] section by section; used by the loader.
#[derive(Debug, Default)]
pub(crate) struct Builder {
    pub sections: Vec<Section>,
    pub blocks: Vec<Block>,
    pub frames: Vec<Frame>,
    pub spans: Vec<Span>,
    pub links: Vec<Link>,
    /// The links' targets, end to end (see [`Builder::push_link`]).
    pub link_targets: ModelText,
    pub tables: Vec<Table>,
    pub langs: Vec<Box<str>>,
    pub anchors: Anchors,
    /// Where code is shown otherwise than written, by offset.
    pub code_edits: Vec<CodeEdit>,
    pub text: ModelText,
}

/// Text the model addresses by `u32` offsets (the document's text, the
/// links' targets), as it is built. It may grow past its source: a tab
/// becomes up to 8 spaces (4 in code), a control character a marker, and
/// a reference link copies its address. What would take it past
/// [`MAX_ADDRESSABLE`] bytes is not appended, so no offset taken from its
/// length ever wraps, and [`Builder::overflowed`] says so: the loader
/// then refuses the document.
#[derive(Debug, Clone)]
pub(crate) struct ModelText {
    s: String,
    limit: usize,
    over: bool,
}

impl Default for ModelText {
    fn default() -> Self {
        ModelText::from(String::new())
    }
}

impl From<String> for ModelText {
    fn from(s: String) -> Self {
        ModelText {
            s,
            limit: text_limit(),
            over: false,
        }
    }
}

impl std::ops::Deref for ModelText {
    type Target = String;
    fn deref(&self) -> &String {
        &self.s
    }
}

impl ModelText {
    /// Appends `t`, unless that would pass the limit.
    pub fn push_str(&mut self, t: &str) {
        if self.s.len().saturating_add(t.len()) > self.limit {
            self.over = true;
        } else {
            self.s.push_str(t);
        }
    }

    pub fn push(&mut self, c: char) {
        self.push_str(c.encode_utf8(&mut [0; 4]));
    }

    pub fn reserve(&mut self, more: usize) {
        self.s
            .reserve(more.min(self.limit.saturating_sub(self.s.len())));
    }

    pub fn truncate(&mut self, len: usize) {
        self.s.truncate(len);
    }

    pub fn drain(&mut self, range: std::ops::Range<usize>) {
        self.s.drain(range);
    }

    pub fn into_string(self) -> String {
        self.s
    }
}

/// The most text the model holds: [`MAX_ADDRESSABLE`] bytes, or less
/// where a test says so ([`with_text_limit`]).
fn text_limit() -> usize {
    let max = usize::try_from(MAX_ADDRESSABLE).unwrap_or(usize::MAX);
    #[cfg(any(test, feature = "test-support"))]
    if let Some(limit) = TEXT_LIMIT.get().or_else(|| {
        // The binary's tests lower it the same way.
        std::env::var("CAMP_READER_TEST_TEXT_LIMIT")
            .ok()
            .and_then(|v| v.parse().ok())
    }) {
        return std::cmp::min(limit, max);
    }
    max
}

#[cfg(any(test, feature = "test-support"))]
thread_local! {
    static TEXT_LIMIT: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
}

/// Runs `f` with the model's text limited to `limit` bytes on this thread
/// (a test of what passes [`MAX_ADDRESSABLE`], without gigabytes).
#[cfg(any(test, feature = "test-support"))]
pub fn with_text_limit<R>(limit: usize, f: impl FnOnce() -> R) -> R {
    let before = TEXT_LIMIT.replace(Some(limit));
    let out = f();
    TEXT_LIMIT.set(before);
    out
}

/// Makes room for one more item in a vector of the model: past 4096
/// items by a quarter of its length, not by doubling it. A doubling
/// holds the old block and one twice its size at once, and up to half
/// of the new one stays spare (a span vector one span past 2^19 took 16
/// MB, 8 of them spare, 24 while copied); a quarter is a quarter spare at
/// most, and the copy 2.25 times the old block.
pub(crate) fn grow_gently<T>(v: &mut Vec<T>) {
    if v.len() == v.capacity() && v.capacity() >= 4096 {
        v.reserve_exact(v.capacity() / 4);
    }
}

impl Builder {
    /// Some text was not appended: it would have passed the model's
    /// limit (see [`ModelText`]).
    pub fn overflowed(&self) -> bool {
        self.text.over || self.link_targets.over
    }

    /// Room for this many more spans, links and blocks (what a first pass
    /// over the text counted) and a little more (a paragraph's text after
    /// a link is a second span; the overview's heading is a block), so
    /// their vectors are made once at about that size instead of doubling
    /// as they fill.
    pub fn reserve_pieces(&mut self, spans: usize, links: usize, blocks: usize) {
        let more = |n: usize| n + n / 32 + 64;
        self.spans.reserve_exact(more(spans));
        self.links.reserve_exact(more(links));
        self.blocks.reserve_exact(more(blocks));
    }

    /// Appends a block of (already sanitized) text at the top level.
    pub fn push_block(&mut self, kind: BlockKind, section: u32, text: &str) {
        let start = self.text.len() as u32;
        self.text.push_str(text);
        self.end_block(kind, section, start, None);
    }

    /// Appends a TOML link block, `text <url>` (or `text` alone without an
    /// address), and its entry in the link table.
    pub fn push_link_block(&mut self, section: u32, text: &str, url: Option<&str>) {
        let text_len = text.len() as u32;
        let start = self.text.len() as u32;
        match url {
            Some(url) if !url.is_empty() => {
                self.push_block(
                    BlockKind::Link { text_len },
                    section,
                    &format!("{text} <{url}>"),
                );
                self.push_link(start, start + text_len, section, url);
            }
            _ => self.push_block(BlockKind::Link { text_len }, section, text),
        }
    }

    /// Adds a link to the table: text bytes `start..end` of `section`
    /// pointing at `target`.
    /// A target the same as the previous one pushed is not pushed again.
    pub fn push_link(&mut self, start: u32, end: u32, section: u32, target: &str) {
        if self.link_targets.len().saturating_add(target.len()) > TARGET_LIMIT {
            self.link_targets.over = true;
            return;
        }
        let pushed = self.link_targets.len() as u32;
        let before = target_start(&self.links, pushed);
        let same = !target.is_empty()
            && pushed > before
            && self.link_targets.get(before as usize..) == Some(target);
        let target_end = if same {
            pushed | SAME_TARGET
        } else {
            self.link_targets.push_str(target);
            self.link_targets.len() as u32
        };
        grow_gently(&mut self.links);
        self.links.push(Link {
            start,
            end,
            section,
            target_end,
        });
    }

    /// Where link `link` points, as written.
    pub fn link_target(&self, link: usize) -> &str {
        match target_of(&self.links, link) {
            (true, r) => self.text.get(r).unwrap_or(""),
            (false, r) => self.link_targets.get(r).unwrap_or(""),
        }
    }

    /// `next`, about to be appended, points its first link at the target
    /// last pushed here as one reading of both would have ([`push_link`]
    /// shares a target with the one before): its copy is dropped.
    ///
    /// [`push_link`]: Builder::push_link
    fn share_first_target(&self, next: &mut Builder) {
        let Some(first) = next.links.iter().position(|l| l.target_end() != 0) else {
            return;
        };
        let l = next.links[first];
        let len = l.target_end;
        if l.target_end & (SAME_TARGET | TEXT_TARGET) != 0 {
            return;
        }
        let pushed = self.link_targets.len() as u32;
        let before = target_start(&self.links, pushed);
        if pushed == before
            || self.link_targets.get(before as usize..) != next.link_targets.get(..len as usize)
        {
            return;
        }
        next.link_targets.drain(0..len as usize);
        for l in &mut next.links {
            let flags = l.target_end & (SAME_TARGET | TEXT_TARGET);
            l.target_end = (l.target_end() - len.min(l.target_end())) | flags;
        }
        next.links[first].target_end |= SAME_TARGET;
    }

    /// Link `link`, just closed, points at its own text (a bare address):
    /// its copy of the target is dropped when it is the last one pushed.
    pub fn target_is_text(&mut self, link: usize) {
        let l = self.links[link];
        if l.target_end & (SAME_TARGET | TEXT_TARGET) != 0
            || link + 1 != self.links.len()
            || l.start == l.end
        {
            return;
        }
        let start = link
            .checked_sub(1)
            .map_or(0, |i| self.links[i].target_end());
        let (t, e) = (
            start as usize..l.target_end as usize,
            l.start as usize..l.end as usize,
        );
        if t.end != self.link_targets.len() || self.link_targets.get(t.clone()) != self.text.get(e)
        {
            return;
        }
        self.link_targets.truncate(t.start);
        self.links[link].target_end = start | TEXT_TARGET;
    }

    /// Ends the block whose text was appended from byte `start` on (with
    /// [`Builder::text`] and spans pushed meanwhile): records it and the
    /// `\n` that separates it from the next.
    pub fn end_block(&mut self, kind: BlockKind, section: u32, start: u32, frame: Option<u32>) {
        let end = self.text.len() as u32;
        self.text.push('\n');
        let mut block = Block::new(kind, section, start, end);
        block.set_frame(frame);
        grow_gently(&mut self.blocks);
        self.blocks.push(block);
    }

    /// Appends `next`, shifting its offsets and indices (sections are the
    /// caller's: their numbering depends on where they land).
    pub fn append_blocks(&mut self, next: Builder, base_section: u32) {
        self.append_blocks_from(next, base_section, None);
    }

    /// [`Builder::append_blocks`], leaving out `next`'s block `skip` and
    /// its separator (a book drops the heading of a document's first
    /// section, "Overview" or its title heading, the first block or the
    /// one after a logo and badges: its text belongs to the document's
    /// entry). The caller makes sure no span, link, table or frame is in it.
    pub fn append_blocks_from(
        &mut self,
        mut next: Builder,
        base_section: u32,
        skip: Option<usize>,
    ) {
        let (cut, k) = match skip.and_then(|k| next.blocks.get(k).map(|b| (k, b))) {
            Some((k, block)) => (block.start..block.end + 1, k as u32),
            None => (0..0, NONE),
        };
        let skipped = u32::from(!cut.is_empty());
        if skipped > 0 {
            next.blocks.remove(k as usize);
            let len = next.text.len();
            next.text
                .drain((cut.start as usize).min(len)..(cut.end as usize).min(len));
        }
        self.share_first_target(&mut next);
        // Offsets in `next` past the cut are shifted down by it, and all up
        // by the text already here; block indices past the skipped block
        // down by one (at the first, as they always were).
        let base_text = self.text.len() as u32;
        let at = |offset: u32| {
            if offset >= cut.end {
                offset - (cut.end - cut.start) + base_text
            } else {
                offset + base_text
            }
        };
        let base_blocks = self.blocks.len() as u32;
        // NONE (an anchor naming a whole section, the title's id after a
        // logo) stays NONE: made NONE - 1, it named no block, and a link
        // to it did nothing.
        let index = |i: u32| match k {
            _ if i == NONE => NONE,
            k if k != NONE && k > 0 => i - u32::from(i > k) + base_blocks,
            _ => (i + base_blocks).saturating_sub(skipped),
        };
        let base_frames = self.frames.len() as u32;
        let base_links = self.links.len() as u32;
        let base_targets = self.link_targets.len() as u32;
        let base_tables = self.tables.len() as u32;
        // Languages are kept once each (as one reading keeps them): each
        // of `next`'s becomes the index of the same name here.
        let langs: Vec<u32> = next
            .langs
            .into_iter()
            .map(|lang| match self.langs.iter().position(|l| *l == lang) {
                Some(i) => i as u32,
                None => {
                    self.langs.push(lang);
                    self.langs.len() as u32 - 1
                }
            })
            .collect();
        let shift = |i: u32, base: u32| if i == NONE { NONE } else { i + base };
        self.text.push_str(&next.text);
        self.text.over |= next.text.over;
        self.blocks.extend(next.blocks.into_iter().map(|mut b| {
            b.section += base_section;
            b.start = at(b.start);
            b.end = at(b.end);
            b.set_frame(b.frame().map(|f| f + base_frames));
            b.kind = match b.kind {
                BlockKind::Code { lang } => BlockKind::Code {
                    lang: langs.get(lang as usize).copied().unwrap_or(NONE),
                },
                BlockKind::Table { table } => BlockKind::Table {
                    table: table + base_tables,
                },
                k => k,
            };
            b
        }));
        self.frames.extend(next.frames.into_iter().map(|mut f| {
            f.parent = shift(f.parent, base_frames);
            f.first_block = index(f.first_block);
            f
        }));
        self.spans.extend(next.spans.into_iter().map(|mut s| {
            s.start = at(s.start);
            s.end = at(s.end);
            s.link = shift(s.link, base_links);
            s
        }));
        self.links.extend(next.links.into_iter().map(|mut l| {
            l.start = at(l.start);
            l.end = at(l.end);
            l.section += base_section;
            // The flags stay (the text moves with the links).
            l.target_end += base_targets;
            l
        }));
        if self
            .link_targets
            .len()
            .saturating_add(next.link_targets.len())
            > TARGET_LIMIT
        {
            self.link_targets.over = true;
        }
        self.link_targets.push_str(&next.link_targets);
        self.link_targets.over |= next.link_targets.over;
        self.anchors.append(next.anchors, |a| {
            a.section += base_section;
            a.block = index(a.block);
        });
        self.code_edits
            .extend(next.code_edits.into_iter().map(|mut e| {
                e.at = at(e.at);
                e
            }));
        self.tables.extend(next.tables.into_iter().map(|mut t| {
            for c in &mut t.cells {
                *c = at(c.start)..at(c.end);
            }
            t
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_in_finds_exactly_the_overlapping_spans() {
        let mut b = Builder::default();
        b.text.push_str("plain bold code end");
        b.end_block(BlockKind::Paragraph, 0, 0, None);
        for (start, end, style) in [(6, 10, Inline::STRONG), (11, 15, Inline::CODE)] {
            b.spans.push(Span {
                start,
                end,
                style,
                link: NONE,
            });
        }
        let doc = Document::from_parts("t".into(), None, None, b, String::new());
        assert!(doc.spans_in(0..6).is_empty());
        assert_eq!(doc.spans_in(0..7).len(), 1);
        assert_eq!(doc.spans_in(9..12).len(), 2);
        assert_eq!(doc.spans_in(10..11).len(), 0);
        assert_eq!(doc.spans_in(14..40)[0].style, Inline::CODE);
    }

    #[test]
    fn append_blocks_shifts_every_index_and_offset() {
        let build = |text: &str| {
            let mut b = Builder::default();
            b.frames.push(Frame::new(NONE, FrameKind::Quote, 0));
            b.langs.push("rust".into());
            b.text.push_str(text);
            b.end_block(BlockKind::Code { lang: 0 }, 0, 0, Some(0));
            b.push_link(0, 1, 0, "#x");
            b.spans.push(Span {
                start: 0,
                end: 1,
                style: Inline::LINK,
                link: 0,
            });
            b
        };
        let mut acc = build("abc");
        acc.append_blocks(build("defg"), 3);
        let doc = Document::from_parts("t".into(), None, None, acc, String::new());
        assert_eq!(doc.block_text(1), "defg");
        assert_eq!(doc.blocks[1].section, 3);
        assert_eq!(doc.blocks[1].frame(), Some(1));
        // Both are "rust": one language, as one reading would keep it.
        assert_eq!(doc.blocks[1].kind, BlockKind::Code { lang: 0 });
        assert_eq!(doc.langs.len(), 1);
        assert_eq!(doc.frames[1].first_block, 1);
        assert_eq!((doc.links[1].start, doc.links[1].section), (4, 3));
        assert_eq!((doc.link_target(0), doc.link_target(1)), ("#x", "#x"));
        assert_eq!((doc.spans[1].start, doc.spans[1].link), (4, 1));
        assert_eq!(doc.frames_of(1), vec![doc.frames[1]]);
        assert!(doc.frames_of(0).len() == 1 && !doc.blocks[0].joins_next());
    }

    #[test]
    fn append_blocks_keeps_each_language_once() {
        let build = |langs: &[&str]| {
            let mut b = Builder::default();
            for (i, lang) in langs.iter().enumerate() {
                b.langs.push((*lang).into());
                b.push_block(BlockKind::Code { lang: i as u32 }, 0, "x");
            }
            b.push_block(BlockKind::Code { lang: NONE }, 0, "y");
            b
        };
        let mut acc = build(&["rust", "toml"]);
        acc.append_blocks(build(&["toml", "sh"]), 1);
        let kinds: Vec<BlockKind> = acc.blocks.iter().map(|b| b.kind).collect();
        let code = |lang| BlockKind::Code { lang };
        assert_eq!(
            kinds,
            [code(0), code(1), code(NONE), code(1), code(2), code(NONE)]
        );
        let names: Vec<&str> = acc.langs.iter().map(|l| &**l).collect();
        assert_eq!(names, ["rust", "toml", "sh"]);
    }

    #[test]
    fn block_frame_and_join_bits_are_independent() {
        let mut b = Block::new(BlockKind::Paragraph, 0, 0, 0);
        assert_eq!(b.frame(), None);
        b.set_joins_next(true);
        assert_eq!(b.frame(), None);
        b.set_frame(Some(7));
        assert!(b.joins_next());
        assert_eq!(b.frame(), Some(7));
        b.set_joins_next(false);
        assert_eq!(b.frame(), Some(7));
        assert!(std::mem::size_of::<Block>() <= 24);
    }

    #[test]
    fn source_summary_skips_missing_parts() {
        let s = Source {
            name: Some("Wikipedia".into()),
            license: Some("CC BY-SA".into()),
            ..Source::default()
        };
        assert_eq!(s.summary(), "Source: Wikipedia — CC BY-SA");
    }

    /// A frame's kind, packed in 8 bytes, reads back as it was set, for
    /// every kind and the extremes of its fields.
    #[test]
    fn a_frames_kind_reads_back_as_set() {
        let mut kinds = vec![FrameKind::Quote];
        for indent in [0, 2, u8::MAX] {
            for marker in [
                Marker::Bullet { level: 0 },
                Marker::Bullet { level: u8::MAX },
                Marker::Number(0),
                Marker::Number(u32::MAX),
                Marker::Task { done: false },
                Marker::Task { done: true },
            ] {
                kinds.push(FrameKind::Item { marker, indent });
            }
            kinds.push(FrameKind::Note { number: 1, indent });
            kinds.push(FrameKind::Note {
                number: u32::MAX,
                indent,
            });
        }
        kinds.extend(AlertKind::ALL.map(FrameKind::Alert));
        for kind in kinds {
            let mut frame = Frame::new(7, FrameKind::Quote, 9);
            frame.set_kind(kind);
            assert_eq!(frame.kind(), kind);
            assert_eq!((frame.parent, frame.first_block), (7, 9));
            assert_eq!(Frame::new(7, kind, 9), frame);
        }
        assert_eq!(size_of::<Frame>(), 16);
    }
}
