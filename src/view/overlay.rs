//! Pop-ups over the text pane: the list of matches and the go-to-section
//! candidates.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Clear, Widget};
use unicode_width::UnicodeWidthStr;

use super::put;
use super::sidebar::ellipsize;
use crate::app::{App, PromptKind};
use crate::search;

/// The match list fills the text pane.
pub fn render_results(app: &App, pane: Rect, buf: &mut Buffer) {
    let (Some(r), Some(s)) = (app.results(), &app.find.search) else {
        return;
    };
    // The bottom of the pane: the previewed match shows above the list.
    let Some(pane) = app.results_area().map(|a| a.intersection(pane)) else {
        return;
    };
    let t = &app.options.theme;
    Clear.render(pane, buf);
    let title = format!(
        " {} matches for {:?} — Enter jumps, Esc closes ",
        s.matches.len(),
        s.query
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.help_border)
        .title(title);
    let inner = block.inner(pane);
    block.render(pane, buf);
    let width = inner.width as usize;
    for (row, i) in (r.offset..s.matches.len())
        .take(inner.height as usize)
        .enumerate()
    {
        let m = &s.matches[i];
        let y = inner.y + row as u16;
        let section = app.doc.blocks[app.doc.block_at_offset(m.start)].section as usize;
        let sec = &app.doc.sections[section];
        let label = ellipsize(&format!("{} {}", sec.number, sec.title), (width / 3).max(1));
        let selected = i == r.selected;
        let base = if selected { t.list_selected } else { t.help };
        if selected {
            put(buf, inner.x, y, &" ".repeat(width), width, base);
        }
        let x = put(buf, inner.x, y, &label, width, base.patch(t.heading));
        let x = put(
            buf,
            x,
            y,
            "  ",
            width.saturating_sub((x - inner.x) as usize),
            base,
        );
        let room = width.saturating_sub((x - inner.x) as usize);
        let (context, hl) = search::context(&app.doc, m, (room / 3).min(40));
        let pre = &context[..hl.start];
        let hit = &context[hl.clone()];
        let post = &context[hl.end..];
        let x2 = put(buf, x, y, pre, room, base);
        let used = (x2 - x) as usize;
        let x3 = put(
            buf,
            x2,
            y,
            hit,
            room.saturating_sub(used),
            base.patch(t.search_match),
        );
        let used = (x3 - x) as usize;
        put(
            buf,
            x3,
            y,
            &ellipsize(post, room.saturating_sub(used)),
            room.saturating_sub(used),
            base,
        );
    }
}

/// Go-to candidates, just above the status line.
pub fn render_goto(app: &App, pane: Rect, buf: &mut Buffer) {
    let Some(p) = app.prompt().filter(|p| p.kind == PromptKind::GoTo) else {
        return;
    };
    let t = &app.options.theme;
    let Some(area) = app.goto_area().map(|a| a.intersection(pane)) else {
        return;
    };
    Clear.render(area, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.help_border)
        .title(" Go to section — ↑↓ choose, Enter jumps, Esc cancels ");
    let inner = block.inner(area);
    block.render(area, buf);
    let width = inner.width as usize;
    if p.candidates.is_empty() {
        put(buf, inner.x, inner.y, "no section matches", width, t.error);
        return;
    }
    let visible = inner.height as usize;
    let offset = app.goto_first_shown();
    for (row, (i, &section)) in p
        .candidates
        .iter()
        .enumerate()
        .skip(offset)
        .take(visible)
        .enumerate()
    {
        let s = &app.doc.sections[section];
        let y = inner.y + row as u16;
        let style = if i == p.selected {
            t.list_selected
        } else {
            t.help
        };
        let label = format!("{}{} {}", "  ".repeat(s.depth as usize), s.number, s.title);
        if i == p.selected {
            put(buf, inner.x, y, &" ".repeat(width), width, style);
        }
        put(
            buf,
            inner.x,
            y,
            &ellipsize(&label, width),
            width.min(label.width().max(1)),
            style,
        );
    }
}
