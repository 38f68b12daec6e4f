//! The help overlay: every key from the keymap table, and the source.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Clear, Widget};
use unicode_width::UnicodeWidthStr;

use super::put;
use crate::app::App;

/// Marks a heading line inside the overlay's line list.
const HEADING: &str = "\u{0}";

/// The overlay's lines (keys, text) for a screen of `width` columns.
fn content(app: &App, width: u16) -> (Vec<(String, String)>, usize) {
    let rows = app.keymap.help_rows();
    let key_w = rows.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
    let mut lines: Vec<(String, String)> = Vec::new();
    // Narrow screens: each key on its own line, its description below it.
    let stacked = width < (key_w + 30) as u16;
    for (k, h) in rows {
        if k.is_empty() {
            // A group heading, after a blank line.
            if !lines.is_empty() {
                lines.push((String::new(), String::new()));
            }
            lines.push((String::new(), format!("{HEADING}{h}")));
        } else if stacked {
            lines.push((k, String::new()));
            lines.push((String::new(), format!("  {h}")));
        } else {
            lines.push((k, h.to_string()));
        }
    }
    lines.push((String::new(), String::new()));
    if let Some(src) = &app.doc.source {
        lines.push((String::new(), src.summary()));
    }
    lines.push((
        String::new(),
        format!("camp-reader {}", env!("CARGO_PKG_VERSION")),
    ));
    (lines, key_w)
}

/// Where the overlay goes on a screen of `area`.
fn popup(area: Rect, lines: usize, key_w: usize) -> Rect {
    let want_w = (key_w + 3 + 64).max(30) as u16 + 2;
    let w = want_w
        .min(area.width.saturating_sub(2))
        .max(area.width.min(3));
    let h = (lines as u16 + 2).min(area.height.saturating_sub(1).max(1));
    let x = area.x + (area.width.saturating_sub(w)) / 2;
    let y = area.y + (area.height.saturating_sub(h)) / 2;
    Rect::new(x, y, w, h).intersection(area)
}

/// How far the help can scroll on the app's screen (its last line at the
/// bottom of the overlay, no further).
pub fn max_scroll(app: &App) -> usize {
    let area = Rect::new(0, 0, app.width, app.height);
    let (lines, key_w) = content(app, area.width);
    let shown = popup(area, lines.len(), key_w).height.saturating_sub(2) as usize;
    lines.len().saturating_sub(shown)
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let (lines, key_w) = content(app, area.width);
    let popup = popup(area, lines.len(), key_w);
    if popup.is_empty() {
        return;
    }
    Clear.render(popup, buf);
    let overflow = lines.len() > popup.height.saturating_sub(2) as usize;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.help_border)
        .title(if overflow {
            " Keys — j/k/Space scroll, Esc closes "
        } else {
            " Keys — Esc closes "
        });
    let inner = block.inner(popup);
    block.render(popup, buf);
    let inner_w = inner.width as usize;
    for (i, (keys, help)) in lines
        .iter()
        .skip(app.help_scroll)
        .take(inner.height as usize)
        .enumerate()
    {
        let y = inner.y + i as u16;
        if let Some(heading) = help.strip_prefix(HEADING) {
            put(buf, inner.x, y, heading, inner_w, t.title.patch(t.help_key));
        } else if keys.is_empty() {
            put(buf, inner.x, y, help, inner_w, t.help);
        } else {
            put(buf, inner.x, y, keys, inner_w, t.help_key);
            let gap = key_w + 2;
            put(
                buf,
                inner.x + gap.min(inner_w) as u16,
                y,
                help,
                inner_w.saturating_sub(gap),
                t.help,
            );
        }
    }
}
