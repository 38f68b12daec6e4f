//! The top line: the document title and subtitle.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::put;
use crate::app::App;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    let t = &app.options.theme;
    let width = area.width as usize;
    let x = put(
        buf,
        area.x + u16::from(area.width > 2),
        area.y,
        &app.doc.title,
        width.saturating_sub(1),
        t.title,
    );
    if let Some(sub) = &app.doc.subtitle {
        let used = (x - area.x) as usize;
        let x = put(
            buf,
            x,
            area.y,
            " — ",
            width.saturating_sub(used),
            t.subtitle,
        );
        let used = (x - area.x) as usize;
        put(buf, x, area.y, sub, width.saturating_sub(used), t.subtitle);
    }
}
