//! The bottom line: where you are (breadcrumb), how far (percent and line),
//! a help hint, or a one-shot message.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

use super::put;
use super::sidebar::ellipsize;
use crate::app::App;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    let t = &app.theme;
    buf.set_style(area, t.status);
    let width = area.width as usize;
    let (top, total) = app.position();
    let approx = if app.layout.is_exact() { "" } else { "~" };
    let right = format!(
        " {}%  line {}/{approx}{}  ? help ",
        app.percent(),
        (top + 1).min(total.max(1)),
        total
    );
    let right_w = right.width();
    let (left, style) = match &app.message {
        Some(m) => (m.clone(), t.status_message),
        None => (app.doc.breadcrumb(app.current_section()), t.status),
    };
    if right_w + 10 <= width {
        let left_w = width - right_w;
        put(
            buf,
            area.x + 1,
            area.y,
            &ellipsize(&left, left_w.saturating_sub(2)),
            left_w,
            style,
        );
        put(
            buf,
            area.x + left_w as u16,
            area.y,
            &right,
            right_w,
            t.status,
        );
    } else {
        // Narrow terminals: the message or breadcrumb alone.
        put(buf, area.x, area.y, &ellipsize(&left, width), width, style);
    }
}
