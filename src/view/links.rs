//! Links drawn as terminal hyperlinks (OSC 8). Each cell of a web or mail
//! link's text becomes `open + cluster + close` with the width the cell
//! had: the frame diff writes changed cells alone, so a hyperlink opened in
//! one cell and closed in another could be left open (everything drawn
//! after it a link) when only one of them changes. The link's `id=` makes
//! the cells, and the lines a link wraps over, one link in the terminal.

use std::num::NonZeroU16;

use ratatui::buffer::{Buffer, CellDiffOption, CellWidth};
use ratatui::layout::Rect;

use crate::app::{App, Overlay};
use crate::model::link::classify;
use crate::text::hyperlink;

/// The selected link reversed, and the labels of `o` and `C` over the first
/// cells of their links, of `Y` at the left of the first row of their code
/// blocks (the letters still to type).
pub fn decorate(app: &App, buf: &mut Buffer) {
    use ratatui::style::{Modifier, Style};
    let pieces = app.visible_links();
    if let Some(link) = app.reader().link_cursor {
        for p in pieces.iter().filter(|p| p.link == link) {
            for x in p.x.clone() {
                if buf.area.contains((x, p.y).into()) {
                    let cell = &mut buf[(x, p.y)];
                    let style = cell.style().add_modifier(Modifier::REVERSED);
                    cell.set_style(style);
                }
            }
        }
    }
    let Overlay::Labels(labels) = app.overlay() else {
        return;
    };
    let style = Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD);
    let code = match labels.purpose {
        crate::app::LabelsFor::CopyCode => app.code_on_screen(),
        _ => Vec::new(),
    };
    let left = app.regions().text.x;
    for (label, target) in &labels.targets {
        let Some(rest) = label.strip_prefix(labels.typed.as_str()) else {
            continue;
        };
        let at = match labels.purpose {
            crate::app::LabelsFor::CopyCode => code
                .iter()
                .find(|(b, _)| b == target)
                .map(|&(_, y)| (left, y)),
            _ => pieces
                .iter()
                .find(|p| p.link == *target)
                .map(|p| (p.x.start, p.y)),
        };
        let Some((x, y)) = at else {
            continue;
        };
        let room = usize::from(buf.area.right().saturating_sub(x));
        super::put(buf, x, y, rest, room, style);
    }
}

/// Wraps the cells of every visible web or mail link in OSC 8. Runs last,
/// after every cell holds what it shows; cells in `covered` (a list drawn
/// over the text) are left alone.
pub fn hyperlink_cells(app: &App, buf: &mut Buffer, covered: Option<Rect>) {
    let mut last: Option<(usize, Option<(hyperlink::SafeUrl, String)>)> = None;
    for piece in app.visible_links() {
        if last.as_ref().is_none_or(|(link, _)| *link != piece.link) {
            let target = app.reader().doc.link_target(piece.link);
            let url = classify(target, &app.reader().doc, None)
                .web()
                .cloned()
                .map(|url| (url, hyperlink::link_id(piece.link)));
            last = Some((piece.link, url));
        }
        let Some((_, Some((url, id)))) = &last else {
            continue;
        };
        let open = hyperlink::open(url, id);
        let mut x = piece.x.start;
        while x < piece.x.end && buf.area.contains((x, piece.y).into()) {
            if covered.is_some_and(|r| r.contains((x, piece.y).into())) {
                x = x.saturating_add(1);
                continue;
            }
            let cell = &mut buf[(x, piece.y)];
            let width = cell.cell_width().max(1);
            let symbol = format!("{open}{}{}", cell.symbol(), hyperlink::CLOSE);
            cell.set_symbol(&symbol);
            cell.set_diff_option(CellDiffOption::ForcedWidth(
                NonZeroU16::new(width).unwrap_or(NonZeroU16::MIN),
            ));
            x = x.saturating_add(width);
        }
    }
}
