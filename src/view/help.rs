//! The help overlay: every key from the keymap table, and the source.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Clear, Widget};

use super::put;
use crate::app::{App, HelpLine};

pub fn render(app: &App, scroll: usize, area: Rect, buf: &mut Buffer) {
    let t = &app.options.theme;
    let page = app.help_page();
    let popup = page.area.intersection(area);
    if popup.is_empty() {
        return;
    }
    Clear.render(popup, buf);
    let overflow = page.lines.len() > page.rows();
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
    for (i, line) in page
        .lines
        .iter()
        .skip(scroll)
        .take(inner.height as usize)
        .enumerate()
    {
        let y = inner.y + i as u16;
        match line {
            HelpLine::Heading(heading) => {
                put(buf, inner.x, y, heading, inner_w, t.title.patch(t.help_key));
            }
            HelpLine::Text(text) => {
                put(buf, inner.x, y, text, inner_w, t.help);
            }
            HelpLine::Binding { keys, help } => {
                put(buf, inner.x, y, keys, inner_w, t.help_key);
                let gap = page.key_width + 2;
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
}
