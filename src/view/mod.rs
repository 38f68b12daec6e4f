//! Drawing: reads the [`App`] and draws it, one module per screen region.
//! Nothing here changes state; layout work was done by `update`.

mod help;
mod links;
mod overlay;
mod sidebar;
mod status;
mod text;
mod title;

use std::borrow::Cow;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::Widget;

use crate::app::App;

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        // Regions are computed from the app's own size; never draw outside `area`.
        let regions = self.regions();
        let clip = |r: Rect| r.intersection(area);
        title::render(self, clip(regions.title), buf);
        if let Some(s) = regions.sidebar {
            sidebar::render(self, clip(s), buf);
        }
        text::render(self, clip(regions.text), clip(regions.scrollbar), buf);
        links::decorate(self, buf);
        status::render(self, clip(regions.status), buf);
        overlay::render_results(self, clip(regions.pane), buf);
        overlay::render_goto(self, clip(regions.pane), buf);
        if let Some(scroll) = self.help_scroll() {
            help::render(self, scroll, area, buf);
        }
        terminal_cells(buf, area);
        // Not under a list drawn over the text, nor under the help.
        if self.options().hyperlinks && self.help_scroll().is_none() {
            let covered = self.results_area().or(self.goto_area());
            links::hyperlink_cells(self, buf, covered);
        }
    }
}

/// Rewrites each cell whose cluster a terminal fills differently from the
/// frame buffer (see `wrap::for_each_piece`) as the pieces the terminal
/// fills, within the columns the buffer gave it (cut, or padded with
/// blanks). `put` already draws that way; ratatui's text types (the
/// chrome) hold a cluster in one cell, which leaves cells behind in the
/// terminal when the frame changes.
fn terminal_cells(buf: &mut Buffer, area: Rect) {
    use ratatui::buffer::{CellDiffOption, CellWidth};
    let area = area.intersection(buf.area);
    let mut pieces: Vec<(String, u16)> = Vec::new();
    for y in area.top()..area.bottom() {
        let mut x = area.left();
        while x < area.right() {
            let cell = &buf[(x, y)];
            let symbol = cell.symbol();
            let room = cell.cell_width().max(1);
            if symbol.len() == 1 {
                x += 1;
                continue;
            }
            let mut same = true;
            pieces.clear();
            crate::text::wrap::for_each_piece(symbol, |piece, w| {
                same &= piece == symbol && w == usize::from(room);
                pieces.push((piece.to_string(), w.min(usize::from(u16::MAX)) as u16));
            });
            if same && pieces.len() == 1 {
                x += room;
                continue;
            }
            let style = cell.style();
            let end = (x + room).min(area.right());
            let mut col = x;
            for (piece, w) in &pieces {
                if col + w > end {
                    break;
                }
                let cell = &mut buf[(col, y)];
                cell.reset();
                cell.set_symbol(piece).set_style(style);
                if let Some(forced) =
                    std::num::NonZeroU16::new(*w).filter(|_| piece.cell_width() != *w)
                {
                    cell.set_diff_option(CellDiffOption::ForcedWidth(forced));
                }
                for dx in 1..*w {
                    buf[(col + dx, y)].reset();
                }
                col += w;
            }
            for blank in col..end {
                let cell = &mut buf[(blank, y)];
                cell.reset();
                cell.set_style(style);
            }
            x = end;
        }
    }
}

/// Writes `s` at (x, y), at most `width` columns, never past the buffer,
/// one cell per drawn piece of a grapheme cluster (`wrap::for_each_piece`:
/// the form every terminal gives the width the buffer records, so no row
/// shifts in the terminal); pieces of no width (zero-width space, word
/// joiner, soft hyphen) take no cell. Returns the column after the text.
pub(crate) fn put(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    s: &str,
    width: usize,
    style: ratatui::style::Style,
) -> u16 {
    let area = buf.area;
    if y < area.top() || y >= area.bottom() || x >= area.right() || width == 0 {
        return x;
    }
    let right = area
        .right()
        .min(x.saturating_add(width.min(u16::MAX as usize) as u16));
    // Most of a screen's text is ASCII, where every grapheme cluster is
    // one character of one column, or a control left out: breaking it
    // into clusters was a fifth of drawing a first screen
    // (`examples/first-frame.rs`).
    if s.is_ascii() {
        put_ascii(buf, x, y, s, right, style)
    } else {
        put_clusters(buf, x, y, s, right, style)
    }
}

/// [`put`] for ASCII `s`, up to column `right`: a byte a cell.
fn put_ascii(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    s: &str,
    right: u16,
    style: ratatui::style::Style,
) -> u16 {
    use ratatui::buffer::CellDiffOption;
    let mut col = x;
    for (i, b) in s.bytes().enumerate() {
        if b.is_ascii_control() {
            continue;
        }
        if col >= right {
            break;
        }
        let cell = &mut buf[(col, y)];
        cell.set_symbol(&s[i..=i]).set_style(style);
        cell.set_diff_option(CellDiffOption::None);
        col += 1;
    }
    col
}

/// [`put`] for any `s`, up to column `right`: a cell per drawn piece of a
/// cluster.
fn put_clusters(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    s: &str,
    right: u16,
    style: ratatui::style::Style,
) -> u16 {
    use ratatui::buffer::{CellDiffOption, CellWidth};
    use unicode_segmentation::UnicodeSegmentation;

    let mut col = x;
    for g in s.graphemes(true) {
        if g.contains(char::is_control) {
            continue;
        }
        let mut full = false;
        crate::text::wrap::for_each_piece(g, |piece, w| {
            let w = w.min(u16::MAX as usize) as u16;
            if full || col.saturating_add(w) > right {
                full = true;
                return;
            }
            let cell = &mut buf[(col, y)];
            cell.set_symbol(piece).set_style(style);
            // Where the buffer's own measure differs (halfwidth sound
            // marks), record the width the terminal gives the piece.
            let forced = std::num::NonZeroU16::new(w).filter(|_| piece.cell_width() != w);
            cell.set_diff_option(forced.map_or(CellDiffOption::None, CellDiffOption::ForcedWidth));
            // The cells a wide piece covers.
            for dx in 1..w {
                buf[(col + dx, y)].reset();
            }
            col += w;
        });
        if full {
            break;
        }
    }
    col
}

/// Cuts `s` to `width` columns, ending in `…` when cut.
/// A box's title, cut with `…` to fit between the box's corners (ratatui
/// would cut it without a sign that anything is missing).
pub(crate) fn box_title(title: &str, area: ratatui::layout::Rect) -> String {
    use unicode_width::UnicodeWidthStr;
    let room = area.width.saturating_sub(2) as usize;
    // The trailing space is only padding: it may go first.
    let trimmed = title.trim_end();
    if title.width() <= room {
        title.to_string()
    } else if trimmed.width() <= room {
        trimmed.to_string()
    } else {
        ellipsize(trimmed, room)
    }
}

/// `s` cut to `width` columns, its start kept
/// ([`crate::text::wrap::ellipsize`]).
pub(crate) fn ellipsize(s: &str, width: usize) -> String {
    crate::text::wrap::ellipsize(s, width, false)
}

/// `parts` joined by `seps` (one fewer) in `width` columns: whole when
/// they fit, else each cut with `…` to its share of the room, so that
/// every part shows (a 60 KB heading no longer hides the link's text and
/// address after it in the link list). A part narrower than an even
/// share keeps its width; what it leaves goes to the wider ones. Too
/// narrow for two columns a part, the row is cut as a whole.
pub(crate) fn fit_parts(parts: &[&str], seps: &[&str], width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    debug_assert_eq!(seps.len() + 1, parts.len().max(1));
    let drawn: Vec<Cow<'_, str>> = parts
        .iter()
        .map(|p| crate::text::wrap::as_drawn(p))
        .collect();
    let parts: Vec<&str> = drawn.iter().map(|p| p.as_ref()).collect();
    let parts = &parts[..];
    let widths: Vec<usize> = parts.iter().map(|p| p.width()).collect();
    let sep_width: usize = seps.iter().map(|s| s.width()).sum();
    let join = |parts: &[String]| {
        let mut out = String::new();
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                out.push_str(seps[i - 1]);
            }
            out.push_str(part);
        }
        out
    };
    let whole = || join(&parts.iter().map(|p| p.to_string()).collect::<Vec<_>>());
    if widths.iter().sum::<usize>() + sep_width <= width {
        return whole();
    }
    let room = width.saturating_sub(sep_width);
    if room < 2 * parts.len() {
        return ellipsize(&whole(), width);
    }
    // Shares by filling: the narrowest first take what they need of an
    // even share of what is left.
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by_key(|&i| widths[i]);
    let mut shares = vec![0; parts.len()];
    let mut left = room;
    for (k, &i) in order.iter().enumerate() {
        let give = widths[i].min(left / (parts.len() - k));
        shares[i] = give;
        left -= give;
    }
    let cut: Vec<String> = parts
        .iter()
        .zip(&shares)
        .map(|(p, &w)| ellipsize(p, w))
        .collect();
    join(&cut)
}

/// `s` as drawn in the screen chrome: a span without the graphemes that
/// take no column of their own (a lone U+202E, U+2066, U+200B…). Ratatui's
/// text types would send them to the terminal attached to the previous
/// cell; like `Buffer::set_stringn` (the text pane's `put`), they are
/// dropped here, so what was typed or loaded can never reorder the line.
pub(crate) fn span<'a>(s: impl Into<Cow<'a, str>>, style: Style) -> Span<'a> {
    Span::styled(visible(s.into()), style)
}

fn visible(s: Cow<'_, str>) -> Cow<'_, str> {
    use unicode_segmentation::UnicodeSegmentation;
    use unicode_width::UnicodeWidthStr;
    // Measured by ratatui as the terminal draws it (`ellipsize`).
    let drawn = match crate::text::wrap::as_drawn(&s) {
        Cow::Owned(o) => Some(o),
        Cow::Borrowed(_) => None,
    };
    let s = drawn.map_or(s, Cow::Owned);
    let shown = |g: &&str| g.width() > 0;
    if s.graphemes(true).all(|g| shown(&g)) {
        return s;
    }
    Cow::Owned(s.graphemes(true).filter(shown).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Style};

    /// The ASCII path writes exactly the cells, and returns the column,
    /// that breaking the text into clusters does: controls (a CRLF is one
    /// cluster) left out, cut at `right` and at the buffer's edge.
    #[test]
    fn ascii_is_put_as_its_clusters_are() {
        let style = Style::default().fg(Color::Red);
        let texts = [
            "",
            "hello, world",
            "a\tb\r\nc\x1bd\x7fe",
            "\r\n",
            "  spaces  ",
            "~!@#$%^&*()_+{}|:<>?`-=[]\\;',./\"",
            "0123456789012345678901234567890",
        ];
        for text in texts {
            for (x, right) in [(0, 20), (3, 20), (5, 8), (19, 20), (0, 0), (2, 2)] {
                let area = Rect::new(0, 0, 20, 1);
                let mut fast = Buffer::empty(area);
                let mut slow = Buffer::empty(area);
                fast[(0, 0)].set_symbol("界");
                slow[(0, 0)].set_symbol("界");
                let a = put_ascii(&mut fast, x, 0, text, right, style);
                let b = put_clusters(&mut slow, x, 0, text, right, style);
                assert_eq!((a, &fast), (b, &slow), "{text:?} at {x} to {right}");
            }
        }
    }
}
