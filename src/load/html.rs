//! HTML inside Markdown, as GitHub shows it: blocks and inline tags are
//! read by a real tokenizer (html5gum: WHATWG tokenization, entities
//! decoded) and turned into what the rich-text builder knows ([`Op`]s):
//! headings, paragraphs, breaks, styles, links, images, anchors, tables.
//! Comments, `<script>` and `<style>` bodies and unknown tags are not
//! shown; the text of any other element is.
//!
//! Inline markup opened by HTML never outlives its block: a block's end
//! closes it (a stray `</b>` later is ignored), so spans stay inside their
//! blocks whatever the tags.
//!
//! Elements nest at most [`MAX_HTML_DEPTH`] deep (as Markdown's blocks and
//! inline markup are bounded): every search of the open elements is then
//! bounded, so a tag costs constant time and loading stays linear however
//! deep, or however unclosed, the HTML (`<div>` ×40 000, `<p>` never
//! closed).

use html5gum::{Token, Tokenizer};

use crate::model::document::Inline;

/// What the HTML read means, for the reader to tell the builder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// Text (entities decoded, whitespace as a browser collapses it).
    Text(String),
    /// A line break inside a paragraph.
    Break,
    /// A block boundary: the paragraph being written ends.
    Block,
    /// A thematic break.
    Rule,
    /// A heading of a level starts, with the id its tag gives.
    Heading(u8, Option<String>),
    HeadingEnd,
    Style(Inline),
    StyleEnd,
    Link(String),
    LinkEnd,
    /// An image: its source and the text shown for it.
    Image(String, String),
    /// A place `#id` links land on.
    Anchor(String),
    /// A table starts.
    Table,
    Row,
    Cell,
    CellEnd,
    RowEnd,
    TableEnd,
    /// Preformatted text, shown as a code block.
    Code(String),
    /// A list starts: numbered from this (`<ol start>`), or bulleted.
    List(Option<u64>),
    ListEnd,
    /// An item of the open list starts (its text follows).
    Item,
    ItemEnd,
}

/// How closing an open element undoes what opening it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Close {
    /// Nothing to undo (an element kept only to match its end tag).
    Nothing,
    Style,
    Link,
    Heading,
    /// A block element: its end is a block boundary.
    Block,
    /// `<sub>` or `<sup>`: text goes back to the line.
    Script,
    /// `<script>`, `<style>` and the like: text shown again.
    Hidden,
    /// The same opened inside Markdown text: it ends with its block.
    HiddenInline,
    Table,
    /// A table inside a table's cell.
    NestedTable,
    Row,
    /// A cell, and the columns it spans.
    Cell(u16),
    Pre,
    /// `<ul>` or `<ol>`, and their `<li>`.
    List,
    Item,
}

impl Close {
    /// Inline markup: closed at a block's end.
    fn inline(self) -> bool {
        matches!(
            self,
            Close::Style | Close::Link | Close::Script | Close::HiddenInline
        )
    }

    fn hides(self) -> bool {
        matches!(self, Close::Hidden | Close::HiddenInline)
    }
}

/// Raised or lowered text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Sub,
    Sup,
}

/// Open elements kept at most: a tag opened deeper is read as the text of
/// the level above it (its styles and hiding do not apply; a block tag
/// still breaks the text, an image, break or anchor still shows). Real
/// documents nest a dozen deep; this bounds the open elements every tag
/// may search, so no HTML makes loading slower than linear.
pub const MAX_HTML_DEPTH: usize = 64;

/// Elements whose content is never shown.
const HIDDEN: [&str; 6] = ["script", "style", "template", "title", "noscript", "head"];
/// Block elements: their start and end break the text.
const BLOCKS: [&str; 22] = [
    "p",
    "div",
    "center",
    "details",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "main",
    "aside",
    "blockquote",
    "figure",
    "figcaption",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "address",
    "body",
];
/// Elements that never have content or an end tag.
const VOID: [&str; 14] = [
    "img", "br", "hr", "source", "input", "meta", "link", "wbr", "area", "col", "embed", "param",
    "track", "base",
];

/// The HTML reading state, kept from one fragment to the next (a `<details>`
/// opened in one HTML block is closed in another).
#[derive(Default)]
pub struct Html {
    /// Open elements that matter, innermost last: name and how to close.
    open: Vec<(Box<str>, Close)>,
    /// How many of `open` are inline markup (closed at a block's end):
    /// a block boundary searches `open` only when one is.
    inlines: usize,
    /// Open elements examined by searches so far: the work the nesting
    /// costs, which tests bound by the input's length.
    scanned: u64,
    /// Inside this many hidden elements.
    hidden: u32,
    /// The fragment being read is an inline tag inside Markdown text.
    inline: bool,
    /// The last `<details>` opened was `<details open>`: its `<summary>`
    /// shows [`SUMMARY_OPEN`].
    details_open: bool,
    /// An inline `<script>` or the like just ended: a space after it
    /// follows the one before it, as a browser collapses them.
    hid: bool,
    /// Raised or lowered text in force.
    script: Option<Script>,
    /// Text of an open `<pre>`.
    pre: Option<String>,
    /// No text yet since the last block boundary: leading spaces dropped.
    at_start: bool,
    /// Whitespace seen and not yet written (written before more text).
    space: bool,
    /// A space was written and no text since: more whitespace collapses
    /// into it (`</a>⏎<a>⏎  <img>` is one space, before the link).
    spaced: bool,
    /// Columns of the open table (its first row's cells), cells so far in
    /// the row, and whether a cell is open.
    table: Option<TableState>,
    /// Elements opened before this index belong outside the Markdown
    /// container (list item, quote) being read: its end tags leave them.
    floor: usize,
}

#[derive(Default, Clone, Copy)]
struct TableState {
    in_row: bool,
    in_cell: bool,
    /// Tables open inside this one: their cells are text of its cell.
    nested: u32,
    /// Cells written, and the empty ones added after `colspan` cells
    /// (held to the written ones plus [`SPAN_SLACK`], so the table costs
    /// what its text does).
    cells: u32,
    spanned: u32,
    /// A line break, paragraph or list item ended inside the cell: the
    /// next text is set apart by [`CELL_BREAK`] (a cell is one line).
    broken: bool,
}

/// Written between the lines of a table cell (`a<br>b`, `<li>` items,
/// an inner table's rows), which the table's one-line cells cannot hold.
pub const CELL_BREAK: &str = " · ";

fn attr(tag: &html5gum::StartTag<()>, name: &str) -> Option<String> {
    tag.attributes
        .get(name.as_bytes())
        .map(|v| String::from_utf8_lossy(v).into_owned())
}

impl Html {
    /// Reads `source`, a piece of HTML: a whole HTML block (`block`), or
    /// one inline tag inside Markdown text.
    pub fn read(&mut self, source: &str, block: bool, out: &mut Vec<Op>) {
        self.begin(block);
        for Ok(token) in Tokenizer::new(source) {
            self.token(token, block, out);
        }
        if block {
            self.end_of_block(out);
        }
    }

    /// Reads `source`, a whole HTML block, telling its ops to `apply` in
    /// batches of about `batch` as they come, rather than once at its end:
    /// one block can be a whole file (a `<table>` of 70,000 rows), and
    /// its ops (tens of bytes each, and a string per text) were held
    /// together, 40 times the file (issue 24). A batch never ends inside
    /// a heading, whose ops [`unwrap_banners`] reads together. Stops at
    /// `apply`'s first error.
    pub fn read_block<E>(
        &mut self,
        source: &str,
        out: &mut Vec<Op>,
        batch: usize,
        mut apply: impl FnMut(&mut Vec<Op>) -> Result<(), E>,
    ) -> Result<(), E> {
        self.begin(true);
        let mut next = batch;
        for Ok(token) in Tokenizer::new(source) {
            self.token(token, true, out);
            if out.len() >= next {
                let heading = out.iter().rposition(|op| matches!(op, Op::Heading(..)));
                let heading_end = out.iter().rposition(|op| *op == Op::HeadingEnd);
                if heading.is_none_or(|h| heading_end.is_some_and(|e| e > h)) {
                    apply(out)?;
                    next = batch;
                } else {
                    // Not inside a heading: look again at twice as many
                    // (linear however long the heading).
                    next = out.len() * 2;
                }
            }
        }
        self.end_of_block(out);
        apply(out)
    }

    fn begin(&mut self, block: bool) {
        if block && self.table.is_some() {
            // A table open from an earlier block goes on: its cell's text
            // too, after the blank line (a space) between the blocks.
            self.space = true;
        } else if block {
            self.at_start = true;
            self.space = false;
        }
        self.inline = !block;
    }

    /// One token of [`Html::read`].
    fn token(&mut self, token: Token, block: bool, out: &mut Vec<Op>) {
        {
            match token {
                Token::StartTag(tag) => {
                    let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                    self.start(&name, &tag, out);
                }
                Token::EndTag(tag) => {
                    let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                    self.end(&name, out);
                }
                Token::String(s) => {
                    if block || self.pre.is_some() || self.hidden > 0 {
                        self.text(&String::from_utf8_lossy(&s), out);
                    } else {
                        // Text inside an inline fragment (rare: pulldown-cmark
                        // gives tags alone) is shown as it is.
                        out.push(Op::Text(String::from_utf8_lossy(&s).into_owned()));
                    }
                }
                Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
            }
        }
    }

    /// Closes the open inline markup (and what is inside it). Searches
    /// only while some is open, and what it passes over is closed with
    /// it: constant time per element opened.
    fn close_inlines(&mut self, out: &mut Vec<Op>) {
        while self.inlines > 0 {
            match self.rfind(0, |_, c| c.inline()) {
                Some(i) => self.close_from(i, out),
                None => break,
            }
        }
    }

    /// The innermost open element from index `from` on for which `hit`
    /// holds (counting the elements examined).
    fn rfind(&mut self, from: usize, hit: impl Fn(&str, Close) -> bool) -> Option<usize> {
        let from = from.min(self.open.len());
        let mut found = None;
        for (i, (name, close)) in self.open.iter().enumerate().skip(from).rev() {
            self.scanned += 1;
            if hit(name, *close) {
                found = Some(i);
                break;
            }
        }
        found
    }

    /// The outermost open element from index `from` on for which `hit`
    /// holds (counting the elements examined).
    fn find(&mut self, from: usize, hit: impl Fn(&str, Close) -> bool) -> Option<usize> {
        let from = from.min(self.open.len());
        let mut found = None;
        for (i, (name, close)) in self.open.iter().enumerate().skip(from) {
            self.scanned += 1;
            if hit(name, *close) {
                found = Some(i);
                break;
            }
        }
        found
    }

    /// Open elements examined by searches so far (see [`MAX_HTML_DEPTH`]).
    #[cfg(test)]
    fn scanned(&self) -> u64 {
        self.scanned
    }

    /// A block ends (an HTML block, or a Markdown paragraph holding inline
    /// tags): inline markup still open is closed.
    pub fn end_of_block(&mut self, out: &mut Vec<Op>) {
        self.close_inlines(out);
        if self.table.is_some() {
            // The table goes on in the next block (see `begin`).
            self.space = true;
            return;
        }
        if self.pre.is_none() && !self.at_start {
            out.push(Op::Block);
        }
        self.at_start = true;
        self.space = false;
    }

    /// Markdown text as the open HTML shows it (inside `<sub>` or
    /// `<sup>`, raised or lowered where Unicode can).
    pub fn shown<'a>(&self, text: &'a str) -> std::borrow::Cow<'a, str> {
        match self.script {
            Some(script) => raise(text, script).into(),
            None => text.into(),
        }
    }

    /// A Markdown block ends: inline markup its HTML tags opened ends too.
    pub fn end_inline(&mut self, out: &mut Vec<Op>) {
        self.close_inlines(out);
    }

    /// An HTML table or `<pre>` is open (Markdown met inside one ends it).
    pub fn in_table(&self) -> bool {
        self.table.is_some() || self.pre.is_some()
    }

    /// Markdown comes inside an open table or `<pre>`: they end here.
    pub fn interrupt(&mut self, out: &mut Vec<Op>) {
        if let Some(i) = self.find(0, |_, c| matches!(c, Close::Table | Close::Pre)) {
            self.close_from(i, out);
        }
        self.table = None;
        self.pre = None;
    }

    /// The document ends: everything still open is closed.
    pub fn finish(&mut self, out: &mut Vec<Op>) {
        if !self.open.is_empty() {
            self.close_from(0, out);
        }
    }

    fn text(&mut self, text: &str, out: &mut Vec<Op>) {
        if self.hidden > 0 {
            return;
        }
        if let Some(pre) = &mut self.pre {
            pre.push_str(text);
            return;
        }
        if let Some(t) = self.table
            && !t.in_cell
        {
            return;
        }
        let mut collapsed = String::with_capacity(text.len());
        let mut words = text.split_ascii_whitespace().peekable();
        let leading = text.starts_with(|c: char| c.is_ascii_whitespace());
        let trailing = text.ends_with(|c: char| c.is_ascii_whitespace());
        if words.peek().is_none() {
            self.space |= leading;
            return;
        }
        self.space |= leading;
        self.put_space(out);
        let mut first = true;
        for w in words {
            if !first {
                collapsed.push(' ');
            }
            first = false;
            collapsed.push_str(w);
        }
        self.space = trailing;
        self.spaced = false;
        self.at_start = false;
        let shown = match self.script {
            Some(script) => raise(&collapsed, script),
            None => collapsed,
        };
        out.push(Op::Text(shown));
    }

    /// A block boundary, unless inside a table cell (where a paragraph or
    /// a line break is a space: a cell is one line).
    fn boundary(&mut self, out: &mut Vec<Op>) {
        if let Some(t) = &mut self.table {
            t.broken |= t.in_cell;
            self.space = true;
            return;
        }
        // Inline markup ends with its block.
        self.close_inlines(out);
        if !self.at_start {
            out.push(Op::Block);
        }
        self.at_start = true;
        self.space = false;
    }

    fn start(&mut self, name: &str, tag: &html5gum::StartTag<()>, out: &mut Vec<Op>) {
        if self.hidden > 0 {
            if HIDDEN.contains(&name) && !tag.self_closing && self.open.len() < MAX_HTML_DEPTH {
                self.hidden += 1;
                self.push(name, self.hide());
            }
            return;
        }
        if self.pre.is_some() {
            if name == "br" {
                self.text("\n", out);
            }
            return;
        }
        let id = attr(tag, "id").or_else(|| attr(tag, "name"));
        let in_cell = self.table.is_some_and(|t| t.in_cell);
        let close = match name {
            _ if HIDDEN.contains(&name) => {
                self.hidden += 1;
                self.hide()
            }
            "br" => {
                if let Some(t) = &mut self.table {
                    t.broken |= t.in_cell;
                    self.space = true;
                } else {
                    out.push(Op::Break);
                    self.at_start = true;
                    self.space = false;
                }
                return;
            }
            "hr" => {
                if self.table.is_none() {
                    self.boundary(out);
                    out.push(Op::Rule);
                }
                return;
            }
            "img" => {
                if self.table.is_some() && !in_cell {
                    return;
                }
                let src = attr(tag, "src").unwrap_or_default();
                let alt = attr(tag, "alt")
                    .map(|a| a.split_whitespace().collect::<Vec<_>>().join(" "))
                    .filter(|a| !a.is_empty())
                    .unwrap_or_else(|| file_name(&src));
                self.put_space(out);
                self.spaced = false;
                self.at_start = false;
                out.push(Op::Image(src, alt));
                return;
            }
            _ if VOID.contains(&name) => return,
            _ if self.open.len() >= MAX_HTML_DEPTH => {
                // Too deep: read as the text of the level above. A block
                // still breaks the text, an id is still a place to land.
                let block = BLOCKS.contains(&name)
                    || matches!(
                        name,
                        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "pre" | "summary" | "table"
                    );
                if block && self.table.is_none() {
                    self.boundary(out);
                }
                if let Some(id) = &id {
                    out.push(Op::Anchor(id.clone()));
                }
                return;
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" if self.table.is_none() => {
                self.boundary(out);
                let level = name.as_bytes()[1] - b'0';
                out.push(Op::Heading(level, id.clone()));
                self.at_start = true;
                self.push(name, Close::Heading);
                return;
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                // In a table's cell a heading is a line of the cell, set
                // apart as a `<p>` is (it ran into the text before it).
                self.boundary(out);
                if let Some(id) = &id {
                    out.push(Op::Anchor(id.clone()));
                }
                Close::Block
            }
            "a" => {
                if let Some(id) = &id {
                    out.push(Op::Anchor(id.clone()));
                }
                match attr(tag, "href") {
                    Some(href) if !href.trim().is_empty() => {
                        self.put_space(out);
                        out.push(Op::Link(href));
                        Close::Link
                    }
                    _ => Close::Nothing,
                }
            }
            "b" | "strong" => self.style(Inline::STRONG, out),
            "i" | "em" | "cite" | "var" | "dfn" => self.style(Inline::EMPHASIS, out),
            "s" | "del" | "strike" => self.style(Inline::STRIKE, out),
            "code" | "tt" | "samp" => self.style(Inline::CODE, out),
            "kbd" => self.style(Inline::KBD, out),
            "sub" | "sup" => {
                self.script = Some(if name == "sub" {
                    Script::Sub
                } else {
                    Script::Sup
                });
                Close::Script
            }
            "pre" if self.table.is_none() => {
                self.boundary(out);
                self.pre = Some(String::new());
                Close::Pre
            }
            "summary" if self.table.is_none() => {
                self.boundary(out);
                let marker = match self.details_open {
                    true => SUMMARY_OPEN,
                    false => SUMMARY_MARKER,
                };
                out.push(Op::Text(marker.into()));
                self.at_start = true;
                out.push(Op::Style(Inline::STRONG));
                Close::Style
            }
            "table" => {
                if let Some(t) = &mut self.table {
                    // A table in a cell: its cells are that cell's text.
                    if !t.in_cell {
                        return;
                    }
                    t.nested += 1;
                    t.broken = true;
                    self.space = true;
                    Close::NestedTable
                } else {
                    self.boundary(out);
                    self.table = Some(TableState::default());
                    out.push(Op::Table);
                    Close::Table
                }
            }
            "tr" | "td" | "th" if self.table.is_some_and(|t| t.nested > 0) => {
                if let Some(t) = &mut self.table {
                    t.broken |= name == "tr";
                }
                self.space = true;
                return;
            }
            "tr" => match &mut self.table {
                Some(t) => {
                    if t.in_row {
                        self.close_named("tr", out);
                    }
                    if let Some(t) = &mut self.table {
                        t.in_row = true;
                    }
                    out.push(Op::Row);
                    Close::Row
                }
                None => return,
            },
            "td" | "th" => match self.table {
                Some(t) => {
                    if t.in_cell {
                        self.close_named("td", out);
                        self.close_named("th", out);
                    }
                    if !self.table.is_some_and(|t| t.in_row) {
                        out.push(Op::Row);
                        if let Some(t) = &mut self.table {
                            t.in_row = true;
                        }
                        self.push("tr", Close::Row);
                    }
                    if let Some(t) = &mut self.table {
                        t.in_cell = true;
                        t.broken = false;
                    }
                    out.push(Op::Cell);
                    self.at_start = true;
                    self.space = false;
                    // A cell spanning columns is followed by empty ones, so
                    // the cells after it stay under their headers.
                    let span = attr(tag, "colspan")
                        .and_then(|s| s.trim().parse::<usize>().ok())
                        .unwrap_or(1)
                        .clamp(1, MAX_COLSPAN);
                    Close::Cell(span as u16)
                }
                None => return,
            },
            "ul" | "ol" if self.table.is_none() => {
                self.boundary(out);
                // A browser reads `start` as a 32-bit integer and ignores
                // one past it (`18446744073709551615` numbered every item
                // the same: the count saturated).
                let start = (name == "ol").then(|| {
                    attr(tag, "start")
                        .and_then(|s| s.trim().parse::<i32>().ok())
                        .and_then(|n| u64::try_from(n).ok())
                        .unwrap_or(1)
                });
                if let Some(id) = &id {
                    out.push(Op::Anchor(id.clone()));
                }
                out.push(Op::List(start));
                self.at_start = true;
                Close::List
            }
            "li" if self.table.is_none() && self.open_list().is_some() => {
                // An open item of the same list ends here (`<li>a<li>b`).
                if let Some(i) = self.open_list()
                    && let Some(item) = self.find(i, |_, c| c == Close::Item)
                {
                    self.close_from(item, out);
                }
                self.boundary(out);
                out.push(Op::Item);
                if let Some(id) = &id {
                    out.push(Op::Anchor(id.clone()));
                }
                self.at_start = true;
                Close::Item
            }
            _ if BLOCKS.contains(&name) => {
                self.boundary(out);
                if name == "details" {
                    self.details_open = attr(tag, "open").is_some();
                }
                if let Some(id) = &id {
                    out.push(Op::Anchor(id.clone()));
                }
                Close::Block
            }
            _ => {
                if let Some(id) = &id
                    && name != "a"
                {
                    out.push(Op::Anchor(id.clone()));
                }
                return;
            }
        };
        if tag.self_closing && !close.hides() {
            // `<a name="x"/>`, `<b/>`: nothing inside.
            self.push(name, close);
            self.close_named(name, out);
            return;
        }
        if tag.self_closing {
            self.hidden -= 1;
            return;
        }
        self.push(name, close);
    }

    /// Writes the pending whitespace as one space, unless one was written
    /// since the last text. A link just opened (nothing in it yet) gets
    /// the space before it: whitespace at a link's edge is not the link's.
    fn put_space(&mut self, out: &mut Vec<Op>) {
        if let Some(t) = &mut self.table
            && std::mem::take(&mut t.broken)
            && !self.at_start
        {
            out.push(Op::Text(CELL_BREAK.into()));
            self.spaced = true;
        }
        if self.space && !self.at_start && !self.spaced {
            match out.last() {
                Some(Op::Link(_)) => out.insert(out.len() - 1, Op::Text(" ".into())),
                _ => out.push(Op::Text(" ".into())),
            }
            self.spaced = true;
        }
        self.space = false;
    }

    fn style(&mut self, style: Inline, out: &mut Vec<Op>) -> Close {
        self.put_space(out);
        out.push(Op::Style(style));
        Close::Style
    }

    /// How a hidden element opened now is closed.
    fn hide(&self) -> Close {
        if self.inline {
            Close::HiddenInline
        } else {
            Close::Hidden
        }
    }

    /// Inside `<script>`, `<style>` and the like: Markdown text is not
    /// shown either.
    pub fn hiding(&self) -> bool {
        self.hidden > 0
    }

    /// Whether Markdown text now follows an inline hidden element (and
    /// no other text since).
    pub fn take_hid(&mut self) -> bool {
        std::mem::take(&mut self.hid)
    }

    fn push(&mut self, name: &str, close: Close) {
        self.inlines += usize::from(close.inline());
        self.open.push((name.into(), close));
    }

    fn end(&mut self, name: &str, out: &mut Vec<Op>) {
        if self.hidden > 0 && !HIDDEN.contains(&name) {
            return;
        }
        if self.pre.is_some() && name != "pre" {
            return;
        }
        if matches!(name, "tr" | "td" | "th") && self.table.is_some_and(|t| t.nested > 0) {
            // An inner table's row or cell: the outer cell goes on.
            return;
        }
        if !self.close_named(name, out) && BLOCKS.contains(&name) && self.table.is_none() {
            // `</p>` with no `<p>` open still ends a paragraph.
            self.boundary(out);
        }
    }

    /// The innermost open `<ul>`/`<ol>` of the container being read.
    fn open_list(&mut self) -> Option<usize> {
        let i = self.rfind(0, |_, c| c == Close::List)?;
        (i >= self.floor).then_some(i)
    }

    /// A Markdown container (list item, quote, footnote) starts: HTML
    /// opened before it is not closed from inside it. Returns the floor
    /// to give back to [`Html::leave_container`].
    pub fn enter_container(&mut self) -> usize {
        std::mem::replace(&mut self.floor, self.open.len())
    }

    /// The Markdown container ends: HTML opened inside it ends with it.
    pub fn leave_container(&mut self, floor: usize, out: &mut Vec<Op>) {
        let from = self.floor.min(self.open.len());
        if from < self.open.len() {
            self.close_from(from, out);
        }
        self.floor = floor.min(self.floor);
    }

    /// A Markdown section heading: HTML lists still open end before it
    /// (one never closed must not make the rest one list item).
    pub fn end_lists(&mut self, out: &mut Vec<Op>) {
        if let Some(i) = self.find(self.floor, |_, c| c == Close::List) {
            self.close_from(i, out);
        }
    }

    /// Closes the innermost open `name` and all inside it; `false` when
    /// none is open (in the container being read).
    fn close_named(&mut self, name: &str, out: &mut Vec<Op>) -> bool {
        match self.rfind(0, |n, _| n == name).filter(|&i| i >= self.floor) {
            Some(i) => {
                self.close_from(i, out);
                true
            }
            None => false,
        }
    }

    /// Closes the open elements from index `i` on, innermost first.
    fn close_from(&mut self, i: usize, out: &mut Vec<Op>) {
        while self.open.len() > i {
            let Some((_, close)) = self.open.pop() else {
                break;
            };
            self.inlines -= usize::from(close.inline());
            match close {
                Close::Nothing => {}
                Close::Style => out.push(Op::StyleEnd),
                Close::Link => out.push(Op::LinkEnd),
                Close::Heading => {
                    out.push(Op::HeadingEnd);
                    self.at_start = true;
                    self.space = false;
                }
                Close::Block => self.boundary(out),
                Close::Script => {
                    self.script = self.rfind(0, |_, c| c == Close::Script).map(|i| {
                        if &*self.open[i].0 == "sub" {
                            Script::Sub
                        } else {
                            Script::Sup
                        }
                    });
                }
                Close::Hidden | Close::HiddenInline => {
                    self.hidden = self.hidden.saturating_sub(1);
                    self.hid = self.hidden == 0;
                }
                Close::Pre => {
                    if let Some(text) = self.pre.take() {
                        let text = text.strip_prefix('\n').unwrap_or(&text).to_string();
                        out.push(Op::Code(text));
                    }
                    self.at_start = true;
                    self.space = false;
                }
                Close::Cell(span) => {
                    if let Some(t) = &mut self.table {
                        if t.in_cell {
                            out.push(Op::CellEnd);
                            t.cells = t.cells.saturating_add(1);
                            let room = t.cells.saturating_add(SPAN_SLACK).saturating_sub(t.spanned);
                            let extra = u32::from(span.saturating_sub(1)).min(room);
                            t.spanned += extra;
                            for _ in 0..extra {
                                out.extend([Op::Cell, Op::CellEnd]);
                            }
                        }
                        t.in_cell = false;
                        t.broken = false;
                    }
                }
                Close::Row => {
                    if let Some(t) = &mut self.table {
                        if t.in_row {
                            out.push(Op::RowEnd);
                        }
                        t.in_row = false;
                    }
                }
                Close::NestedTable => {
                    if let Some(t) = &mut self.table {
                        t.nested = t.nested.saturating_sub(1);
                        t.broken = true;
                    }
                    self.space = true;
                }
                Close::Table => {
                    if self.table.take().is_some() {
                        out.push(Op::TableEnd);
                    }
                    self.at_start = true;
                    self.space = false;
                }
                Close::Item => {
                    self.boundary(out);
                    out.push(Op::ItemEnd);
                }
                Close::List => {
                    self.boundary(out);
                    out.push(Op::ListEnd);
                }
            }
        }
    }
}

/// Headings in `ops` whose only content is images (crossterm's
/// `<h1 align="center"><img src="logo.png"></h1>`, a logo as heading) are
/// a banner, as GitHub's page shows them: their images as a paragraph,
/// no heading, no section, never the title. Returns the alt text of the
/// first image of such a level-1 heading, when it has one.
pub fn unwrap_banners(ops: &mut Vec<Op>) -> Option<String> {
    let mut alt = None;
    let mut i = 0;
    while i < ops.len() {
        let Op::Heading(level, _) = &ops[i] else {
            i += 1;
            continue;
        };
        let level = *level;
        let Some(len) = ops[i + 1..].iter().position(|op| *op == Op::HeadingEnd) else {
            break;
        };
        let inside = &ops[i + 1..i + 1 + len];
        let images_only = inside.iter().any(|op| matches!(op, Op::Image(..)))
            && inside.iter().all(|op| match op {
                Op::Text(t) => t.trim().is_empty(),
                Op::Image(..) | Op::Link(_) | Op::LinkEnd | Op::Anchor(_) | Op::Break => true,
                _ => false,
            });
        if !images_only {
            i += len + 2;
            continue;
        }
        if level == 1 && alt.is_none() {
            alt = inside.iter().find_map(|op| match op {
                Op::Image(src, a) if *a != file_name(src) => Some(a.clone()),
                _ => None,
            });
        }
        ops[i + 1 + len] = Op::Block;
        match std::mem::replace(&mut ops[i], Op::Block) {
            Op::Heading(_, Some(id)) => ops[i] = Op::Anchor(id),
            _ => {
                ops.remove(i);
                continue;
            }
        }
        i += len + 2;
    }
    alt
}

/// The most columns one cell spans (`colspan` is a number in the text).
const MAX_COLSPAN: usize = 100;

/// Empty cells `colspan` may add to a table beyond one per cell written:
/// `<td colspan=100>` on every row would otherwise cost 100 cells a row
/// (1 MB of them took 334 MB).
const SPAN_SLACK: u32 = 64;

/// Put before a `<summary>`'s text.
pub const SUMMARY_MARKER: &str = "▸ ";
/// Put before the `<summary>` of a `<details open>`.
pub const SUMMARY_OPEN: &str = "▾ ";

/// The last part of an image's address, shown when it has no alt text.
pub(crate) fn file_name(src: &str) -> String {
    let path = src.split(['?', '#']).next().unwrap_or("");
    let name = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    if name.is_empty() {
        "image".to_string()
    } else {
        percent_encoding::percent_decode_str(name)
            .decode_utf8_lossy()
            .into_owned()
    }
}

/// `text` in Unicode sub- or superscript characters when every character
/// has one (H₂O, mc²), else as it is.
fn raise(text: &str, script: Script) -> String {
    let map = |c: char| -> Option<char> {
        let (digits, plus, minus, eq, open, close) = match script {
            Script::Sup => ("⁰¹²³⁴⁵⁶⁷⁸⁹", '⁺', '⁻', '⁼', '⁽', '⁾'),
            Script::Sub => ("₀₁₂₃₄₅₆₇₈₉", '₊', '₋', '₌', '₍', '₎'),
        };
        match c {
            '0'..='9' => digits.chars().nth(c as usize - '0' as usize),
            '+' => Some(plus),
            '-' => Some(minus),
            '=' => Some(eq),
            '(' => Some(open),
            ')' => Some(close),
            'n' if script == Script::Sup => Some('ⁿ'),
            'i' if script == Script::Sup => Some('ⁱ'),
            ' ' => Some(' '),
            _ => None,
        }
    };
    text.chars()
        .map(map)
        .collect::<Option<String>>()
        .unwrap_or_else(|| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(html: &str) -> Vec<Op> {
        let mut out = Vec::new();
        let mut h = Html::default();
        h.read(html, true, &mut out);
        h.finish(&mut out);
        out
    }

    /// A block read in batches (as a block as long as the file is) gives
    /// the ops of one reading, banners unwrapped alike: a batch never
    /// ends inside a heading, whose ops are read together.
    #[test]
    fn a_block_told_in_batches_gives_the_ops_read_whole() {
        let blocks = [
            "<h1 align=\"center\"><img src=\"logo.png\" alt=\"Logo\"></h1>\n<p>text</p>",
            "<p align=center><b>a</b> <i>b<br>c</i></p><h2 id=x><a href=y><img src=z></a></h2>",
            "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td><ul><li>x<li>y</ul></td></tr></table>",
            "<h3>a <img src=b alt=c> d</h3><ol start=3><li>x</li><li><pre>y\n z</pre></li></ol><hr>",
            "<details><summary>s</summary><table><tr><td>c</td></tr></table></details><h1><img src=q></h1>",
        ];
        for block in blocks {
            let mut whole = ops(block);
            unwrap_banners(&mut whole);
            for batch in [1, 2, 3, 7] {
                let mut h = Html::default();
                let mut out = Vec::new();
                let mut told = Vec::new();
                let read = h.read_block(block, &mut out, batch, |ops| {
                    unwrap_banners(ops);
                    told.append(ops);
                    Ok::<(), ()>(())
                });
                assert!(read.is_ok());
                h.finish(&mut out);
                told.append(&mut out);
                assert_eq!(told, whole, "{block} in batches of {batch}");
            }
        }
    }

    /// Open elements examined reading `html` as one block, per input byte.
    fn scanned_per_byte(html: &str) -> f64 {
        let mut out = Vec::new();
        let mut h = Html::default();
        h.read(html, true, &mut out);
        h.finish(&mut out);
        assert!(h.open.is_empty());
        h.scanned() as f64 / html.len() as f64
    }

    /// Nested or never-closed block HTML (issue 25: `<p>` ×40 000 took 11
    /// s, each tag searched every element open): the elements examined
    /// grow with the input, not its square, for each shape found and a
    /// few more (end tags of nothing open, lists, hidden elements).
    #[test]
    fn deep_or_unclosed_html_costs_linear_work() {
        type Shape = fn(usize) -> String;
        let shapes: [(&str, Shape); 10] = [
            ("p", |n| "<p>".repeat(n) + "x"),
            ("div", |n| "<div>".repeat(n) + "x" + &"</div>".repeat(n)),
            ("ul li", |n| "<ul><li>".repeat(n) + "x"),
            ("details", |n| "<details><summary>s</summary>\n".repeat(n)),
            ("blockquote", |n| "<blockquote>".repeat(n)),
            ("span", |n| "<span>".repeat(n) + "x"),
            ("div /span", |n| {
                "<div>".repeat(n) + "x" + &"</span>".repeat(n)
            }),
            ("ul then li", |n| "<ul>".repeat(n) + &"<li>x".repeat(n)),
            ("script /title", |n| {
                "<script>".repeat(n) + &"</title>".repeat(n)
            }),
            ("b in p", |n| {
                "<p>".to_string() + &"<b>".repeat(n) + &"<p>".repeat(n)
            }),
        ];
        for (name, shape) in shapes {
            let small = scanned_per_byte(&shape(1_000));
            let large = scanned_per_byte(&shape(40_000));
            // Bounded by the depth cap, not the input: 40 times the input
            // costs 40 times the work (not 1 600 times).
            assert!(
                large <= small * 1.1 + 0.01,
                "{name}: {small} then {large} a byte"
            );
            assert!(large <= MAX_HTML_DEPTH as f64, "{name}: {large} a byte");
        }
    }

    #[test]
    fn elements_nested_past_the_cap_are_read_as_the_level_above() {
        let deep = "<div>".repeat(MAX_HTML_DEPTH + 10) + "<b>x</b>" + "<p>y";
        let ops = ops(&deep);
        // The bold inside the cap's depth is not lost, nor the paragraph
        // break past it, nor the text.
        assert!(ops.contains(&Op::Text("x".into())));
        assert!(ops.contains(&Op::Text("y".into())));
        let x = ops.iter().position(|o| *o == Op::Text("x".into())).unwrap();
        let y = ops.iter().position(|o| *o == Op::Text("y".into())).unwrap();
        assert!(ops[x..y].contains(&Op::Block), "{ops:?}");
        let styles = ops.iter().filter(|o| matches!(o, Op::Style(_))).count();
        let ends = ops.iter().filter(|o| **o == Op::StyleEnd).count();
        assert_eq!(styles, ends);
        let mut h = Html::default();
        let mut out = Vec::new();
        h.read(&"<ul><li>".repeat(1000), true, &mut out);
        assert!(h.open.len() <= MAX_HTML_DEPTH + 1);
        h.finish(&mut out);
        let lists = out.iter().filter(|o| matches!(o, Op::List(_))).count();
        let list_ends = out.iter().filter(|o| **o == Op::ListEnd).count();
        let items = out.iter().filter(|o| **o == Op::Item).count();
        let item_ends = out.iter().filter(|o| **o == Op::ItemEnd).count();
        assert_eq!((lists, items), (list_ends, item_ends));
        assert_eq!(lists, MAX_HTML_DEPTH / 2);
    }

    #[test]
    fn comments_scripts_and_unknown_tags_show_only_text() {
        assert_eq!(
            ops("<!-- hidden -->\n<video>a &amp; b</video><script>x<y</script><style>p{}</style>"),
            vec![Op::Text("a & b".into()), Op::Block]
        );
    }

    #[test]
    fn images_links_and_anchors() {
        let html = r#"<p align="center"><a href="https://x.org"><img src="logo.png" alt=" The  logo"></a> <a name="top"></a></p>"#;
        assert_eq!(
            ops(html),
            vec![
                Op::Link("https://x.org".into()),
                Op::Image("logo.png".into(), "The logo".into()),
                Op::LinkEnd,
                Op::Anchor("top".into()),
                Op::Block,
            ]
        );
    }

    #[test]
    fn headings_breaks_and_inline_styles() {
        assert_eq!(
            ops("<h3 id=\"faq\">Q <kbd>Ctrl</kbd>-<b>x</b></h3>a<br>b"),
            vec![
                Op::Heading(3, Some("faq".into())),
                Op::Text("Q".into()),
                Op::Text(" ".into()),
                Op::Style(Inline::KBD),
                Op::Text("Ctrl".into()),
                Op::StyleEnd,
                Op::Text("-".into()),
                Op::Style(Inline::STRONG),
                Op::Text("x".into()),
                Op::StyleEnd,
                Op::HeadingEnd,
                Op::Text("a".into()),
                Op::Break,
                Op::Text("b".into()),
                Op::Block,
            ]
        );
    }

    #[test]
    fn a_table_keeps_every_cell_of_a_short_or_long_row() {
        assert_eq!(
            ops(
                "<table><tr><th>a</th><th>b</th></tr><tr><td><a href=\"x\">c</a></td><td>d</td><td>e</td></tr></table>"
            ),
            vec![
                Op::Table,
                Op::Row,
                Op::Cell,
                Op::Text("a".into()),
                Op::CellEnd,
                Op::Cell,
                Op::Text("b".into()),
                Op::CellEnd,
                Op::RowEnd,
                Op::Row,
                Op::Cell,
                Op::Link("x".into()),
                Op::Text("c".into()),
                Op::LinkEnd,
                Op::CellEnd,
                Op::Cell,
                Op::Text("d".into()),
                Op::CellEnd,
                Op::Cell,
                Op::Text("e".into()),
                Op::CellEnd,
                Op::RowEnd,
                Op::TableEnd,
            ]
        );
    }

    /// The cells' texts of a table's ops, row by row.
    fn rows(ops: &[Op]) -> Vec<Vec<String>> {
        let mut rows = Vec::new();
        for op in ops {
            match op {
                Op::TableEnd => break,
                Op::Row => rows.push(Vec::new()),
                Op::Cell => rows.last_mut().expect("a row").push(String::new()),
                Op::Text(t) => rows
                    .last_mut()
                    .and_then(|r| r.last_mut())
                    .expect("a cell")
                    .push_str(t),
                _ => {}
            }
        }
        rows
    }

    #[test]
    fn colspan_adds_at_most_one_empty_cell_per_written_cell_and_a_slack() {
        // Every row a 100-column cell and one more: 2 cells written a row.
        let rows = 3000;
        let mut html = String::from("<table>");
        for _ in 0..rows {
            html.push_str("<tr><td colspan=\"100\">x</td><td>y</td></tr>");
        }
        html.push_str("</table>");
        let cells = ops(&html).iter().filter(|o| **o == Op::Cell).count();
        let written = 2 * rows;
        // The empty cells reach the bound when the last span closes (the
        // last row's `y` is written after it): one per cell then written
        // (all but that `y`) and the slack. Not 99 a row.
        let empty = cells - written;
        assert_eq!(empty, written - 1 + SPAN_SLACK as usize);
        // A few spans in a small table are all kept (under the slack).
        let small = ops(
            "<table><tr><td colspan=\"3\">a</td></tr><tr><td colspan=\"40\">b</td></tr></table>",
        );
        assert_eq!(small.iter().filter(|o| **o == Op::Cell).count(), 3 + 40);
    }

    #[test]
    fn colspan_nested_tables_and_breaks_keep_every_cell() {
        let colspan = ops(
            "<table>\n<tr><th colspan=\"2\">Platforms</th></tr>\n<tr><td>Linux</td><td>yes</td></tr>\n<tr><td>Windows</td><td>no</td></tr>\n</table>",
        );
        assert_eq!(
            rows(&colspan),
            [
                vec!["Platforms", ""],
                vec!["Linux", "yes"],
                vec!["Windows", "no"]
            ]
        );
        let ragged = ops("<table><tr><td>a</td></tr><tr><td>b</td><td>c</td></tr></table>");
        // A short row is not padded (the model's columns are the widest
        // row's; the cells past a row's end are drawn empty).
        assert_eq!(rows(&ragged), [vec!["a"], vec!["b", "c"]]);
        let nested = ops(
            "<table>\n<tr><td>\n<table><tr><td>inner</td><td>b</td></tr><tr><td>c</td></tr></table>\n</td><td>outer2</td></tr>\n</table>\n\nafter",
        );
        assert_eq!(
            rows(&nested),
            [vec!["inner b · c".to_string(), "outer2".to_string()]]
        );
        assert!(nested.ends_with(&[Op::TableEnd, Op::Text("after".into()), Op::Block]));
        let breaks = ops(
            "<table><tr><td>a<br>b<ul><li>c</li><li>d</li></ul></td><td>e<br></td></tr></table>",
        );
        assert_eq!(rows(&breaks), [vec!["a · b · c · d", "e"]]);
    }

    #[test]
    fn sub_and_sup_use_unicode_digits_where_they_exist() {
        assert_eq!(raise("2", Script::Sub), "₂");
        assert_eq!(raise("2", Script::Sup), "²");
        assert_eq!(raise("(n+1)", Script::Sup), "⁽ⁿ⁺¹⁾");
        assert_eq!(raise("note", Script::Sup), "note");
    }

    #[test]
    fn an_image_without_alt_shows_its_file_name() {
        assert_eq!(file_name("https://x.org/a/b%20c.png?raw=1"), "b c.png");
        assert_eq!(file_name(""), "image");
    }
}
