//! The top line: the document title and subtitle.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use super::span;
use crate::app::App;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    let t = &app.options().theme;
    let mut spans = vec![span(app.reader().doc.title.as_str(), t.title)];
    if let Some(sub) = &app.reader().doc.subtitle {
        spans.push(span(" — ", t.subtitle));
        spans.push(span(sub.as_str(), t.subtitle));
    }
    // One column of margin on each side (the left one only when there is
    // room for more than the margins).
    let left = u16::from(area.width > 2);
    let line_area = Rect {
        x: area.x + left,
        width: area.width - 1,
        ..area
    };
    Line::from(spans).render(line_area, buf);
}
