//! Non-interactive output: the outline (`--toc`), plain wrapped text
//! (`--print`) and the one-line summary (`--check`).

use std::fmt::Write as _;
use std::ops::Range;

use ratatui::style::{Color, Modifier, Style};
use unicode_width::UnicodeWidthStr;

use crate::model::document::{BlockKind, Document, Inline, NONE, Span, Table};
use crate::model::link::classify;
use crate::render::compose::{self, Role, Segment, Src};
use crate::render::highlight::{CodeRole, Highlighter};
use crate::text::hyperlink;
use crate::text::sanitize::sanitize;
use crate::text::wrap::wrap_ranges;

/// One section a line, indented two spaces per level: the whole outline,
/// or one section and its subsections (indented from that section's level,
/// as `print` prints a section alone).
pub fn toc(doc: &Document, section: Option<usize>) -> String {
    let (range, base) = match section {
        Some(i) => {
            let s = &doc.sections[i];
            (i..s.subtree_end as usize, s.depth())
        }
        None => (0..doc.sections.len(), 0),
    };
    let mut out = String::new();
    for i in range {
        let _ = writeln!(
            out,
            "{}{}",
            "  ".repeat(doc.sections[i].depth().saturating_sub(base) as usize),
            doc.numbered_title(i)
        );
    }
    out
}

/// `6 sections, 19 paragraphs, 1 link`
pub fn summary(doc: &Document) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{}, {}, {}",
        plural(doc.sections.len(), "section", "sections"),
        plural(doc.paragraph_count(), "paragraph", "paragraphs"),
        plural(doc.link_count(), "link", "links"),
    )
}

/// Styles for printed text: the reader's theme, which the settings layer
/// provides (this layer knows no themes).
pub trait Paint {
    /// A composed segment's style (its role's, with its inline styles).
    fn segment(&self, role: Role, inline: Inline) -> Style;
    /// Highlighted code of `role`, laid over the code block's style.
    fn code(&self, role: CodeRole) -> Style;
    /// The document's title and subtitle.
    fn title(&self) -> Style;
    fn subtitle(&self) -> Style;
    /// The bundled colour scheme that colours code instead of
    /// [`Paint::code`], if one was chosen.
    fn code_theme(&self) -> Option<&str>;
}

/// What `--print` adds to plain text: terminal hyperlinks on web and mail
/// links, and the theme's colours as SGR sequences. Nothing else: the
/// text without these sequences is the plain print, but for the spaces
/// that carry a code block's background to the block's edge.
#[derive(Clone, Copy, Default)]
pub struct Dress<'a> {
    pub links: bool,
    pub paint: Option<&'a dyn Paint>,
}

impl Dress<'_> {
    /// Hyperlinks (with `links`) and no colour.
    pub fn links(links: bool) -> Self {
        Dress { links, paint: None }
    }
}

/// A printing in progress: its dress, and the highlighter colouring its
/// code blocks (one at a time).
struct Printer<'a> {
    dress: Dress<'a>,
    highlight: Highlighter,
}

impl<'a> Printer<'a> {
    fn new(dress: Dress<'a>) -> Self {
        Printer {
            dress,
            highlight: Highlighter::default(),
        }
    }

    /// The SGR sequence that starts `style` ("" for none), when colouring.
    fn sgr(&self, style: impl FnOnce(&dyn Paint) -> Style) -> String {
        self.dress.paint.map(|p| sgr(style(p))).unwrap_or_default()
    }
}

/// The SGR sequence that sets `style` after a reset: its attributes and
/// colours (the terminal's own colour, `reset`, needs none); "" when it
/// sets nothing.
pub fn sgr(style: Style) -> String {
    const ATTRIBUTES: [(Modifier, &str); 9] = [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::SLOW_BLINK, "5"),
        (Modifier::RAPID_BLINK, "6"),
        (Modifier::REVERSED, "7"),
        (Modifier::HIDDEN, "8"),
        (Modifier::CROSSED_OUT, "9"),
    ];
    let mut codes: Vec<String> = ATTRIBUTES
        .iter()
        .filter(|(m, _)| style.add_modifier.contains(*m) && !style.sub_modifier.contains(*m))
        .map(|(_, code)| code.to_string())
        .collect();
    for (colour, base) in [(style.fg, 30u8), (style.bg, 40)] {
        let code = match colour {
            None | Some(Color::Reset) => continue,
            Some(Color::Rgb(r, g, b)) => format!("{};2;{r};{g};{b}", base + 8),
            Some(Color::Indexed(i)) => format!("{};5;{i}", base + 8),
            Some(named) => {
                let (index, bright) = match named {
                    Color::Black => (0, false),
                    Color::Red => (1, false),
                    Color::Green => (2, false),
                    Color::Yellow => (3, false),
                    Color::Blue => (4, false),
                    Color::Magenta => (5, false),
                    Color::Cyan => (6, false),
                    Color::Gray => (7, false),
                    Color::DarkGray => (0, true),
                    Color::LightRed => (1, true),
                    Color::LightGreen => (2, true),
                    Color::LightYellow => (3, true),
                    Color::LightBlue => (4, true),
                    Color::LightMagenta => (5, true),
                    Color::LightCyan => (6, true),
                    _ => (7, true),
                };
                (if bright { base + 60 } else { base } + index).to_string()
            }
        };
        codes.push(code);
    }
    if codes.is_empty() {
        String::new()
    } else {
        format!("\x1b[{}m", codes.join(";"))
    }
}

/// Resets what [`sgr`] set.
const SGR_RESET: &str = "\x1b[0m";

/// Columns `line` takes on the terminal: its text without the escape
/// sequences print writes (SGR, OSC 8).
fn visible_width(line: &str) -> usize {
    let mut width = 0;
    let mut rest = line;
    while let Some(at) = rest.find('\x1b') {
        width += rest[..at].width();
        let seq = &rest[at..];
        let len = if seq.starts_with("\x1b]") {
            seq.find("\x1b\\").map_or(seq.len(), |end| end + 2)
        } else {
            // CSI: ESC [ parameters, then one final byte.
            seq.bytes()
                .skip(2)
                .position(|b| (0x40..=0x7e).contains(&b))
                .map_or(seq.len(), |i| i + 3)
        };
        rest = &seq[len..];
    }
    width + rest.width()
}

/// `text` between `sgr` and a reset (as it is when `sgr` is empty).
fn push_styled(out: &mut String, text: &str, sgr: &str) {
    if sgr.is_empty() || text.is_empty() {
        out.push_str(text);
    } else {
        out.push_str(sgr);
        out.push_str(text);
        out.push_str(SGR_RESET);
    }
}

fn push_wrapped(out: &mut String, text: &str, width: usize, sgr: &str) {
    let lines = wrap_ranges(text, width);
    let n = lines.len();
    for (i, r) in lines.into_iter().enumerate() {
        push_styled(
            out,
            crate::text::wrap::plain_line(&text[r], i + 1 == n).trim_end(),
            sgr,
        );
        out.push('\n');
    }
}

/// The character under a heading of a section `depth` deep (0: top
/// level), after the title's `=`: `-`, `~`, then `.` (as reStructuredText
/// marks levels), so `--print` tells an H2 from an H3 without colour.
fn underline_mark(depth: u8) -> char {
    match depth {
        0 => '-',
        1 => '~',
        _ => '.',
    }
}

fn push_underlined(out: &mut String, text: &str, mark: char, width: usize, sgr: &str) {
    let before = out.len();
    push_wrapped(out, text, width, sgr);
    let widest = out[before..].lines().map(visible_width).max().unwrap_or(0);
    out.extend(std::iter::repeat_n(mark, widest.max(1)));
    out.push('\n');
}

/// A block's lines as printed: what the text pane shows at `width`
/// columns, each link's text followed by its address (unless the text is
/// the address); dressed as `printer` says (hyperlinks, colours).
fn block_lines(doc: &Document, block: usize, width: usize, printer: &mut Printer) -> Vec<String> {
    let colour_code =
        printer.dress.paint.is_some() && matches!(doc.blocks[block].kind, BlockKind::Code { .. });
    if colour_code {
        // The whole block at once: printing has no key to keep waiting.
        let scheme = printer.dress.paint.and_then(|p| p.code_theme());
        let hl = &mut printer.highlight;
        hl.want(doc, block, usize::MAX);
        while hl.pending() {
            hl.step(doc, scheme);
        }
    }
    let addressed = with_addresses(doc, block);
    let src = match &addressed {
        Some(a) => Src {
            text: &a.text,
            spans: &a.spans,
            start: 0,
            end: a.text.len(),
        },
        None => Src::of(doc, block),
    };
    let lines = match (&addressed, doc.blocks[block].kind) {
        (Some(a), BlockKind::Table { table }) => {
            let t = doc.tables.get(table as usize);
            let table = Table {
                align: t.map(|t| t.align.clone()).unwrap_or_default(),
                cells: a.cells.clone(),
                row_ends: t.map(|t| t.row_ends.clone()).unwrap_or_default(),
            };
            compose::table_lines(doc, block, src.text, &table, 0, width)
        }
        // A URL wider than the line is printed whole, on a line of its own.
        _ => compose::printed_lines(doc, block, &src, width),
    };
    // A code block's background runs to its edge, as in the pane: with
    // one, its lines keep the spaces that carry it there.
    let fill = colour_code
        && printer.dress.paint.is_some_and(|p| {
            let theme = p.segment(Role::Code, Inline::default());
            let bg = printer.highlight.block_style(Role::Code, theme).bg;
            bg.is_some_and(|c| c != Color::Reset)
        });
    let lines = (0..lines.ranges.len())
        .map(|i| {
            let segments = compose::printed_line(
                doc,
                block,
                &src,
                &lines.ranges,
                lines.grid.as_deref(),
                i,
                width,
            );
            if printer.dress.links || printer.dress.paint.is_some() {
                dressed(doc, &segments, printer, fill)
            } else {
                compose::plain(&segments)
            }
        })
        .collect();
    if colour_code {
        printer.highlight.clear();
    }
    lines
}

/// A line as [`compose::plain`] prints it, dressed: each piece of a web
/// or mail link's text inside its own hyperlink (with `links`), each run
/// of one style between its SGR sequence and a reset (with colour). With
/// `fill` (a line of a code block with a background, in colour) the
/// spaces after its text are kept, so the background reaches the block's
/// edge.
fn dressed(doc: &Document, segments: &[Segment], printer: &Printer, fill: bool) -> String {
    struct Piece {
        text: String,
        sgr: String,
        url: Option<(hyperlink::SafeUrl, String)>,
    }
    let mut pieces: Vec<Piece> = Vec::new();
    for s in segments {
        let shown: String = s
            .text
            .chars()
            .filter(|&c| !matches!(c, crate::text::wrap::SOFT_HYPHEN | '\u{200b}' | '\u{2060}'))
            .collect();
        let url = (printer.dress.links && s.link != NONE && !shown.is_empty())
            .then(|| {
                classify(doc.link_target(s.link as usize), doc, None)
                    .web()
                    .map(|url| (url.clone(), hyperlink::link_id(s.link as usize)))
            })
            .flatten();
        // The pane leaves gaps unstyled.
        let base = match (printer.dress.paint, s.role) {
            (Some(p), role) if role != Role::Gap => printer
                .highlight
                .block_style(role, p.segment(role, s.inline)),
            _ => Style::new(),
        };
        // Code drawn as itself takes its highlighting, run by run.
        let code = match (&s.source, printer.dress.paint) {
            (Some(r), Some(p))
                if s.role == Role::Code && doc.text().get(r.clone()) == Some(&shown) =>
            {
                Some((r.clone(), p))
            }
            _ => None,
        };
        let Some((r, paint)) = code else {
            pieces.push(Piece {
                text: shown,
                sgr: sgr(base),
                url,
            });
            continue;
        };
        let mut at = r.start;
        let mut push = |from: usize, to: usize, style: Style| {
            if let Some(text) = doc.text().get(from..to).filter(|t| !t.is_empty()) {
                pieces.push(Piece {
                    text: text.to_string(),
                    sgr: sgr(style),
                    url: url.clone(),
                });
            }
        };
        for span in printer.highlight.spans(r.clone()) {
            let (from, to) = (
                (span.start as usize).max(at),
                (span.end as usize).min(r.end),
            );
            if from >= to {
                continue;
            }
            push(at, from, base);
            let over = printer.highlight.style(span.paint, |role| paint.code(role));
            push(from, to, base.patch(over));
            at = to;
        }
        push(at, r.end, base);
    }
    // Trailing spaces go, as in the plain print (not a link's own).
    while let Some(last) = pieces.last_mut().filter(|_| !fill) {
        if last.url.is_some() {
            break;
        }
        let kept = last.text.trim_end().len();
        if kept > 0 {
            last.text.truncate(kept);
            break;
        }
        pieces.pop();
    }
    let mut out = String::new();
    let mut current = String::new();
    for p in pieces.iter().filter(|p| !p.text.is_empty()) {
        if p.sgr != current {
            if !current.is_empty() {
                out.push_str(SGR_RESET);
            }
            out.push_str(&p.sgr);
            current.clone_from(&p.sgr);
        }
        match &p.url {
            Some((url, id)) => out.push_str(&hyperlink::wrap(&p.text, url, id)),
            None => out.push_str(&p.text),
        }
    }
    if !current.is_empty() {
        out.push_str(SGR_RESET);
    }
    out
}

/// A block's text as printed, with what [`with_addresses`] put in.
struct Addressed {
    text: String,
    /// The block's spans, moved to match.
    spans: Vec<Span>,
    /// A table's cells, moved to match (each holds what was put in at its
    /// edges: a link's address, a code span's backticks).
    cells: Vec<Range<u32>>,
}

/// A paragraph's, heading's or table's text with ` <address>` after each
/// link and inline code between backticks (without colour
/// nothing else sets `fast\w+` apart from prose), and its spans (and
/// cells) moved to match; `None` when it has neither code nor a link whose address its
/// text does not already show.
fn with_addresses(doc: &Document, block: usize) -> Option<Addressed> {
    let b = doc.blocks[block];
    let cells = match b.kind {
        BlockKind::Paragraph | BlockKind::Subheading { .. } | BlockKind::Heading => &[][..],
        BlockKind::Table { table } => match doc.tables.get(table as usize) {
            Some(t) => &t.cells[..],
            None => return None,
        },
        _ => return None,
    };
    let spans = doc.spans_in(b.range());
    // Code in a table's cells too: without colour nothing else sets it
    // apart there either (the table is laid out from the text as printed).
    // Code between backticks, and struck text between `~~`, as Markdown
    // writes them: without colour, `~~$10~~ $5` printed as `$10 $5` said
    // the opposite. A run of spans of the style is marked once.
    let marks = [(Inline::CODE, "`"), (Inline::STRIKE, "~~")];
    // Where each link's last span ends, and its address; where each run
    // of code or struck text starts and ends, its mark.
    let mut inserts: Vec<(usize, String)> = Vec::new();
    for (i, s) in spans.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|p| spans.get(p));
        let next = spans.get(i + 1);
        for (style, mark) in marks {
            let has = |s: Option<&Span>| s.is_some_and(|s| s.style.contains(style));
            if !has(Some(s)) {
                continue;
            }
            if !(has(prev) && prev.is_some_and(|p| p.end == s.start)) {
                inserts.push(((s.start as usize).max(b.start as usize), mark.to_string()));
            }
            if !(has(next) && next.is_some_and(|n| n.start == s.end)) {
                inserts.push(((s.end as usize).min(b.end as usize), mark.to_string()));
            }
        }
        let Some(link) = doc.links.get(s.link as usize) else {
            continue;
        };
        if spans.get(i + 1).is_some_and(|n| n.link == s.link) {
            continue;
        }
        let shown = doc
            .text()
            .get(link.start as usize..link.end as usize)
            .unwrap_or("");
        let written = doc.link_target(s.link as usize);
        let target = written.strip_prefix("mailto:").unwrap_or(written);
        // A footnote reference's place is its definition, printed below.
        if target.is_empty()
            || shown == target
            || shown == written
            || s.style.contains(Inline::NOTE_REF)
        {
            continue;
        }
        let at = (s.end as usize).min(b.end as usize);
        inserts.push((at, format!(" <{}>", sanitize(written))));
    }
    if inserts.is_empty() {
        return None;
    }
    // In text order; at one place, a closing backtick before an address
    // (the sort is stable).
    inserts.sort_by_key(|(at, _)| *at);
    let mut text = String::new();
    let mut from = b.start as usize;
    let mut shifts: Vec<(usize, usize)> = Vec::new();
    for (at, address) in &inserts {
        text.push_str(&doc.text()[from..*at]);
        text.push_str(address);
        shifts.push((*at, address.len()));
        from = *at;
    }
    text.push_str(&doc.text()[from..b.end as usize]);
    // Offsets into the copy: block-relative, plus what was put in before
    // (an end at an address is before it, a start there after it). The
    // bytes put in before each insert are summed once, and each offset
    // finds its place by binary search: a paragraph of n links costs
    // n log n, not n² (20k links took seconds).
    let mut before = Vec::with_capacity(shifts.len() + 1);
    before.push(0);
    for (_, n) in &shifts {
        before.push(before.last().copied().unwrap_or(0) + n);
    }
    let moved = |offset: u32, end: bool| {
        let offset = offset as usize;
        let i = shifts.partition_point(|(at, _)| {
            count_step();
            *at < offset || (*at == offset && !end)
        });
        // (A cell outside its block, a model bug, is not an overflow
        // here: the table's layout shows it empty.)
        (offset.saturating_sub(b.start as usize) + before[i]) as u32
    };
    let spans = spans
        .iter()
        .map(|s| Span {
            start: moved(s.start.max(b.start), false),
            end: moved(s.end.min(b.end), true),
            ..*s
        })
        .collect();
    // A cell keeps what was put in at both its edges (cells are apart by
    // a `\n`, so nothing at an edge belongs to a neighbour).
    let cells = cells
        .iter()
        .map(|c| moved(c.start, true)..moved(c.end, false))
        .collect();
    Some(Addressed { text, spans, cells })
}

#[cfg(test)]
thread_local! {
    /// Comparisons made placing spans in [`with_addresses`], for the test
    /// that the work grows as n log n.
    static STEPS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[inline]
fn count_step() {
    #[cfg(test)]
    STEPS.with(|s| s.set(s.get() + 1));
}

fn push_lines(out: &mut String, lines: &[String]) {
    for l in lines {
        out.push_str(l);
        out.push('\n');
    }
}

/// What separates block `b` from the one before: nothing inside a tight
/// list, else the blank line the pane shows (with a quote's bars).
fn push_separator(out: &mut String, doc: &Document, b: usize, width: usize) {
    if b == 0 {
        out.push('\n');
    } else if !doc.blocks[b - 1].joins_next() {
        out.push_str(&compose::plain(&compose::blank_line(doc, b - 1, width)));
        out.push('\n');
    }
}

/// The blocks `blocks` as the text pane shows them at `width`.
fn push_blocks(
    out: &mut String,
    doc: &Document,
    blocks: std::ops::Range<usize>,
    width: usize,
    printer: &mut Printer,
) {
    for b in blocks {
        push_separator(out, doc, b, width);
        let lines = block_lines(doc, b, width, printer);
        push_lines(out, &lines);
        if doc.blocks[b].kind == BlockKind::Heading {
            // The underline stands for the heading's style, as the title's
            // does, and tells its level.
            let widest = lines.iter().map(|l| visible_width(l)).max().unwrap_or(0);
            let depth = doc
                .sections
                .get(doc.blocks[b].section as usize)
                .map_or(0, |s| s.depth());
            out.extend(std::iter::repeat_n(underline_mark(depth), widest.max(1)));
            out.push('\n');
        }
    }
}

/// The whole document, or one section and its subsections, as plain text.
/// With `links`, the text of web and mail links is a terminal hyperlink.
pub fn print(doc: &Document, section: Option<usize>, width: usize, links: bool) -> String {
    print_dressed(doc, section, width, Dress::links(links))
}

/// [`print()`], dressed as `dress` says: hyperlinks, and colours.
pub fn print_dressed(doc: &Document, section: Option<usize>, width: usize, dress: Dress) -> String {
    if dress.links {
        doc.index_ids(doc.links.len());
    }
    let width = width.max(1);
    let mut out = String::new();
    let mut printer = Printer::new(dress);
    // A first heading that names the document (rand_chacha's
    // `# rand_chacha`, a later `# License` keeping it a section of its
    // own) is the title printed: not again below it. After a logo and
    // badges (once_cell's `# Overview`, a later `# Related crates`), they
    // are printed under the title, as for a lone title heading.
    let named_by_first = doc
        .sections
        .first()
        .map(|s| s.heading_block as usize)
        .filter(|&h| {
            doc.subtitle.is_none()
                && doc
                    .blocks
                    .get(h)
                    .is_some_and(|b| b.kind == BlockKind::Heading && b.section == 0)
                && doc.section_title(0) == doc.title
        });
    match section {
        // The title heading heads the text after it (a README's `# clap`):
        // printed once, as the title.
        // After a logo and badges, they are printed under the title.
        None if let Some(heading) = doc.title_block() => {
            let title = printer.sgr(|p| p.title());
            push_underlined(&mut out, &doc.title, '=', width, &title);
            push_blocks(&mut out, doc, 0..heading, width, &mut printer);
            push_blocks(
                &mut out,
                doc,
                heading + 1..doc.blocks.len(),
                width,
                &mut printer,
            );
        }
        None => {
            let title = printer.sgr(|p| p.title());
            push_underlined(&mut out, &doc.title, '=', width, &title);
            if let Some(sub) = &doc.subtitle {
                let style = printer.sgr(|p| p.subtitle());
                push_wrapped(&mut out, sub, width, &style);
            }
            let heading = named_by_first.unwrap_or(doc.blocks.len());
            push_blocks(&mut out, doc, 0..heading, width, &mut printer);
            let rest = named_by_first.map_or(doc.blocks.len(), |h| h + 1);
            push_blocks(&mut out, doc, rest..doc.blocks.len(), width, &mut printer);
        }
        // The title heading's section alone is printed as the full print
        // has it, under the title (`===`): a section printed alone is the
        // same lines as in the whole, so its subsections keep their marks
        // too. (Its heading is its first block, or one after the blocks
        // before it, a logo and badges, where the loader puts them there.)
        Some(0)
            if let Some(heading) = named_by_first
                && !doc.opens_with_title() =>
        {
            let title = printer.sgr(|p| p.title());
            push_underlined(&mut out, &doc.title, '=', width, &title);
            let end = doc.subtree_blocks(0).end;
            push_blocks(&mut out, doc, 0..heading.min(end), width, &mut printer);
            push_blocks(&mut out, doc, heading + 1..end, width, &mut printer);
        }
        Some(0) if doc.opens_with_title() => {
            let title = printer.sgr(|p| p.title());
            push_underlined(&mut out, &doc.title, '=', width, &title);
            let heading = doc.sections[0].heading_block as usize;
            let end = doc.subtree_blocks(0).end;
            push_blocks(&mut out, doc, 0..heading.min(end), width, &mut printer);
            push_blocks(&mut out, doc, heading + 1..end, width, &mut printer);
        }
        Some(s) => {
            let blocks = doc.subtree_blocks(s);
            push_blocks(&mut out, doc, blocks, width, &mut printer);
            // Drop the blank line that separates blocks from what came before.
            if out.starts_with('\n') {
                out.remove(0);
            }
        }
    }
    out
}

/// `--print --search`: only the blocks that match, each group under its
/// section's breadcrumb, like a grep that knows the structure. Returns the
/// text and the number of matching blocks.
pub fn print_matches(
    doc: &Document,
    matching_blocks: impl IntoIterator<Item = usize>,
    within: Option<usize>,
    width: usize,
    dress: Dress,
) -> (String, usize) {
    let heading = |section: usize| {
        if doc.numbered() {
            format!(
                "{} {}",
                doc.section_number(section),
                doc.breadcrumb(section)
            )
        } else {
            doc.breadcrumb(section)
        }
    };
    print_matches_under(doc, matching_blocks, within, width, dress, &heading)
}

/// [`print_matches`], each group under `heading(section)` (a book names
/// the document's path there).
pub fn print_matches_under(
    doc: &Document,
    matching_blocks: impl IntoIterator<Item = usize>,
    within: Option<usize>,
    width: usize,
    dress: Dress,
    heading: &dyn Fn(usize) -> String,
) -> (String, usize) {
    if dress.links {
        doc.index_ids(doc.links.len());
    }
    let width = width.max(1);
    let mut printer = Printer::new(dress);
    let allowed = within.map(|s| doc.subtree_blocks(s));
    let mut out = String::new();
    let mut last_block = None;
    let mut last_section = None;
    let mut blocks = 0;
    for b in matching_blocks {
        if last_block == Some(b) || allowed.as_ref().is_some_and(|r| !r.contains(&b)) {
            continue;
        }
        last_block = Some(b);
        blocks += 1;
        let block = doc.blocks[b];
        let section = block.section as usize;
        if last_section != Some(section) {
            if !out.is_empty() {
                out.push('\n');
            }
            push_underlined(&mut out, &heading(section), '-', width, "");
            last_section = Some(section);
        }
        if block.kind != BlockKind::Heading {
            out.push('\n');
            push_lines(&mut out, &block_lines(doc, b, width, &mut printer));
        }
    }
    (out, blocks)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse;

    fn doc() -> Document {
        parse(
            "t.toml",
            r#"
title = "T"
[[sections]]
title = "A"
body = "one two three four five six"
[[sections.sections]]
title = "A1"
[[sections.sections.links]]
text = "Ref"
url = "https://example.org"
[[sections]]
title = "B"
"#,
        )
        .unwrap()
    }

    #[test]
    fn toc_indents_two_spaces_per_level() {
        assert_eq!(toc(&doc(), None), "1 A\n  1.1 A1\n2 B\n");
        assert_eq!(toc(&doc(), Some(0)), "1 A\n  1.1 A1\n");
        assert_eq!(toc(&doc(), Some(1)), "1.1 A1\n");
    }

    /// A URL wider than the line is printed whole on a line of its own
    /// (a terminal can click it, a copy of it is the address), not cut.
    #[test]
    fn print_wraps_and_underlines() {
        let text = print(&doc(), None, 10, false);
        assert_eq!(
            text,
            "T\n=\n\n1 A\n---\n\none two\nthree four\nfive six\n\n1.1 A1\n~~~~~~\n\nRef\n<https://example.org>\n\n2 B\n---\n"
        );
    }

    #[test]
    fn print_one_section_includes_its_subsections_only() {
        let d = doc();
        let text = print(&d, Some(0), 80, false);
        assert!(text.starts_with("1 A\n---\n"));
        assert!(text.contains("1.1 A1"));
        assert!(!text.contains("2 B"));
    }

    #[test]
    fn a_section_printed_alone_is_as_the_whole_print_has_it() {
        let d = crate::load::parse_markdown(
            "s.md",
            "s",
            "# Doc\n\nIntro.\n\n## Install\n\nText.\n\n### From source\n\nMore.\n\n## Use\n\nx\n",
        )
        .unwrap();
        // The title heading (`# Doc`, heading the intro) keeps its `===`.
        assert_eq!(print(&d, Some(0), 80, false), "Doc\n===\n\nIntro.\n");
        // Each section's lines are the same lines in the whole, a logo
        // and badges before the title heading too.
        for md in [
            "# Doc\n\nIntro.\n\n## Install\n\nText.\n\n### From source\n\nMore.\n\n## Use\n\nx\n",
            "![logo](logo.png)\n\n[![ci](b.svg)](https://ci.example/)\n\n# Doc\n\nIntro.\n\n## Use\n\nx\n",
            "# Doc\n\nIntro.\n\n## Use\n\nx\n\n# License\n\nMIT\n",
        ] {
            let d = crate::load::parse_markdown("s.md", "s", md).unwrap();
            let whole = print(&d, None, 80, false);
            for s in 0..d.sections.len() {
                let alone = print(&d, Some(s), 80, false);
                assert!(whole.contains(&alone), "{s}: {alone:?} in {whole:?}");
            }
        }
    }

    #[test]
    fn a_first_heading_that_names_the_document_is_printed_once() {
        // rand_chacha's README: `# rand_chacha`, then a later `# License`.
        let d = crate::load::parse_markdown(
            "README.md",
            "README",
            "# Doc\n\nIntro.\n\n## Use\n\nx\n\n# License\n\nMIT\n",
        )
        .unwrap();
        assert_eq!(d.title, "Doc");
        let text = print(&d, None, 80, false);
        assert_eq!(text.matches("Doc").count(), 1, "{text:?}");
        assert!(text.starts_with("Doc\n===\n\nIntro.\n"), "{text:?}");
        assert!(text.contains("\nLicense\n-------\n"), "{text:?}");
    }

    #[test]
    fn matches_print_under_their_breadcrumb() {
        let d = doc();
        let m = crate::find::search::Matcher::new("ref", false)
            .unwrap()
            .unwrap();
        let found = crate::find::matches::MatchList::search(&d, &m);
        let (text, blocks) = print_matches(&d, found.blocks(), None, 80, Dress::default());
        assert_eq!(blocks, 1);
        assert_eq!(
            text,
            "1.1 A › A1\n----------\n\nRef <https://example.org>\n"
        );
        let (text, blocks) = print_matches(&d, found.blocks(), Some(2), 80, Dress::default());
        assert_eq!((text.as_str(), blocks), ("", 0));
    }

    #[test]
    fn summary_counts() {
        assert_eq!(summary(&doc()), "3 sections, 1 paragraph, 1 link");
    }
}

#[cfg(test)]
mod hyperlink_tests {
    use super::*;
    use crate::load::parse;

    /// A bare address far longer than a hyperlink may be (told in parts
    /// past 64 KiB, then cut to the width): printing it with hyperlinks
    /// read the whole address once per line (1 MB: 27 s). Each look-up now stops at
    /// the length bound: the bytes encoded stay within the address's own
    /// length, however many pieces.
    #[test]
    fn a_long_bare_address_is_not_read_again_for_each_of_its_lines() {
        let n = 100_000;
        let md = format!("# U\n\nBare https://example.com/{} end.\n", "b".repeat(n));
        let d = crate::load::parse_markdown("b.md", "b", &md).unwrap();
        crate::text::hyperlink::ENCODED.with(|e| e.set(0));
        let linked = print(&d, None, 40, true);
        assert!(linked.matches('b').count() >= n, "every byte printed");
        let encoded = crate::text::hyperlink::ENCODED.with(|e| e.get());
        assert!(
            encoded <= n,
            "{encoded} bytes encoded for a {n}-byte address"
        );
    }

    #[test]
    fn print_with_links_wraps_each_line_of_a_web_link_and_nothing_else() {
        let d = parse(
            "t.toml",
            r##"
title = "T"
[[sections]]
title = "A"
[[sections.links]]
text = "one two three"
url = "https://e.org/\u001b]0;x\u0007 é"
[[sections.links]]
text = "inside"
url = "#a"
[[sections.links]]
text = "script"
url = "javascript:alert(1)"
"##,
        )
        .unwrap();
        let plain = print(&d, None, 8, false);
        let linked = print(&d, None, 8, true);
        let open = "\x1b]8;id=cr0;https://e.org/%1B]0;x%07%20%C3%A9\x1b\\";
        let close = "\x1b]8;;\x1b\\";
        assert!(
            linked.contains(&format!(
                "{open}one two{close}\n{open}three{close}\n<https:"
            )),
            "{linked:?}"
        );
        assert_eq!(linked.matches("\x1b]8;id=").count(), 2, "only the web link");
        // Without the sequences it is the plain print.
        assert_eq!(linked.replace(open, "").replace(close, ""), plain);
        for line in linked.lines() {
            assert_eq!(
                crate::testing::output_check::check_terminal_bytes(line.as_bytes()),
                Ok(())
            );
        }
    }
}

#[cfg(test)]
mod scale_tests {
    use super::*;

    /// Comparisons placing the spans of a paragraph of `n` reference
    /// links, each followed by its address in the print.
    fn steps_for(n: usize) -> (usize, usize) {
        let links: Vec<String> = (0..n).map(|i| format!("[a{i}][r]")).collect();
        let md = format!("# T\n\n{}\n\n[r]: https://e.org/x\n", links.join(" "));
        let doc = crate::load::parse_markdown("t.md", "t", &md).unwrap();
        STEPS.with(|s| s.set(0));
        let out = print(&doc, None, 80, false);
        // (pulldown-cmark stops expanding references after 100 KB of
        // addresses: not every bracket is a link.)
        assert!(doc.links.len() > n / 2);
        assert_eq!(out.matches("<https://e.org/x>").count(), doc.links.len());
        (STEPS.with(|s| s.get()), doc.spans.len())
    }

    /// A 1 MB paragraph on one line: each of its 12,500 lines looked
    /// 64 KiB ahead for a newline (800 MB of searching, about 4 s); the
    /// search now remembers what it found, so each byte is searched about
    /// once whatever the length.
    #[test]
    fn a_paragraph_on_one_line_is_searched_for_newlines_once() {
        for words in [20_000, 200_000] {
            let md = format!("# T\n\n{}\n", "word ".repeat(words));
            let doc = crate::load::parse_markdown("t.md", "t", &md).unwrap();
            let text = doc.text().len();
            crate::render::compose::SCANNED.with(|s| s.set(0));
            let out = print(&doc, None, 80, false);
            assert!(out.lines().count() > words / 20);
            let scanned = crate::render::compose::SCANNED.with(|s| s.get());
            assert!(
                scanned <= 2 * text,
                "{words} words: {scanned} bytes searched for a newline in {text} bytes of text"
            );
        }
    }

    /// 20,000 links in one paragraph took 4.2 s and 40,000 took 16.9 s:
    /// each span's place was found by walking every address before it.
    /// A binary search makes it about log2(n) comparisons a span.
    #[test]
    fn a_paragraph_of_many_links_is_printed_in_n_log_n_steps() {
        for n in [1_000, 8_000] {
            let (steps, spans) = steps_for(n);
            let log = (usize::BITS - n.leading_zeros()) as usize + 1;
            assert!(
                steps <= 2 * spans * log,
                "{n} links: {steps} comparisons for {spans} spans (n log n bound {})",
                2 * spans * log
            );
        }
    }
}
