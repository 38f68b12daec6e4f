//! The top line: the document title and subtitle.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use super::span;
use crate::app::App;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    let t = &app.options().theme;
    // One column of margin on each side (the left one only when there is
    // room for more than the margins).
    let left = u16::from(area.width > 2);
    let line_area = Rect {
        x: area.x + left,
        // Both margins: a title cut at the last column would show its `…`
        // beside an overlay's top-right corner.
        width: area.width.saturating_sub(left + 1),
        ..area
    };
    // A title or subtitle cut to the line ends with `…`.
    let room = usize::from(line_area.width);
    let title = super::ellipsize(&app.reader().doc.title, room);
    let mut spans = vec![span(title.as_str(), t.title)];
    let rest = room.saturating_sub(title.width() + " — ".width());
    let sub = match &app.reader().doc.subtitle {
        Some(sub) if rest > 1 => Some(super::ellipsize(sub, rest)),
        _ => None,
    };
    if let Some(sub) = &sub {
        spans.push(span(" — ", t.subtitle));
        spans.push(span(sub.as_str(), t.subtitle));
    }
    Line::from(spans).render(line_area, buf);
}
