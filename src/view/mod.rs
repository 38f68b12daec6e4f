//! Drawing: reads the [`App`] and draws it, one module per screen region.
//! Nothing here changes state; layout work was done by `update`.

mod help;
mod overlay;
mod sidebar;
mod status;
mod text;
mod title;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
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
        status::render(self, clip(regions.status), buf);
        overlay::render_results(self, clip(regions.pane), buf);
        overlay::render_goto(self, clip(regions.pane), buf);
        if let Some(scroll) = self.help_scroll() {
            help::render(self, scroll, area, buf);
        }
    }
}

/// Writes `s` at (x, y), at most `width` columns, never past the buffer.
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
    let room = (area.right() - x) as usize;
    buf.set_stringn(x, y, s, width.min(room), style).0
}
