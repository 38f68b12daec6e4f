//! The bottom line: where you are (breadcrumb), how far (percent and line),
//! the search counter, a help hint, a one-shot message, or a prompt.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use unicode_width::UnicodeWidthStr;

use super::put;
use super::sidebar::ellipsize;
use crate::app::{App, Prompt, PromptKind};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    let t = &app.options.theme;
    buf.set_style(area, t.status);
    let width = area.width as usize;
    let counter = search_counter(app);
    if let Some(p) = app.prompt() {
        render_prompt(app, p, &counter, area, buf);
        return;
    }
    let (top, total) = app.position();
    let approx = if app.layout.is_exact() { "" } else { "~" };
    // Right-hand parts in display order, each with a priority (lower is
    // dropped first when the line is too narrow).
    let mut parts: Vec<(String, u8)> = Vec::new();
    if let Some((text, _)) = &counter {
        parts.push((text.clone(), 4));
    }
    parts.push((format!("{}%", app.percent()), 3));
    parts.push((
        format!("line {}/{approx}{}", (top + 1).min(total.max(1)), total),
        2,
    ));
    parts.push(("? help".to_string(), 1));
    let (left, style) = match &app.message {
        Some(m) => (m.clone(), t.status_message),
        None => (app.doc.breadcrumb(app.current_section()), t.status),
    };
    // Keep room for the start of the breadcrumb or message.
    let min_left = left.width().min(14) + 2;
    let join = |parts: &[(String, u8)]| {
        let texts: Vec<&str> = parts.iter().map(|(p, _)| p.as_str()).collect();
        format!(" {} ", texts.join("  "))
    };
    while !parts.is_empty() && join(&parts).width() + min_left > width {
        let lowest = parts.iter().map(|(_, p)| *p).min().unwrap_or(0);
        parts.retain(|(_, p)| *p != lowest);
    }
    let right = if parts.is_empty() {
        String::new()
    } else {
        join(&parts)
    };
    let right_w = right.width();
    let left_w = width.saturating_sub(right_w);
    put(
        buf,
        area.x + u16::from(width > 2),
        area.y,
        &ellipsize(&left, left_w.saturating_sub(2)),
        left_w,
        style,
    );
    if right_w > 0 {
        put(
            buf,
            area.x + left_w as u16,
            area.y,
            &right,
            right_w,
            t.status,
        );
    }
}

/// `match 3/12`, `no match for "x"` or the regex error, with whether it is bad news.
fn search_counter(app: &App) -> Option<(String, bool)> {
    let s = app.find.search.as_ref()?;
    if let Some(e) = &s.error {
        return Some((e.clone(), true));
    }
    if s.matches.is_empty() && s.in_progress() {
        return Some(("searching…".to_string(), false));
    }
    if s.matches.is_empty() {
        return Some((format!("no match for {:?}", s.query), true));
    }
    let i = s.current.map_or(0, |i| i + 1);
    let more = if s.in_progress() { "+" } else { "" };
    Some((format!("match {i}/{}{more}", s.matches.len()), false))
}

fn render_prompt(
    app: &App,
    p: &Prompt,
    counter: &Option<(String, bool)>,
    area: Rect,
    buf: &mut Buffer,
) {
    let t = &app.options.theme;
    let width = area.width as usize;
    let mut right = String::new();
    let mut right_style = t.status;
    match p.kind {
        PromptKind::Search => {
            if p.regex {
                right.push_str("[regex] ");
            }
            match counter {
                Some((text, bad)) if !p.input().is_empty() => {
                    right.push_str(text);
                    if *bad {
                        right_style = t.error;
                    }
                }
                _ => right.push_str("Ctrl-r regex"),
            }
        }
        PromptKind::GoTo => {
            let n = p.candidates.len();
            right.push_str(&format!("{n} section{}", if n == 1 { "" } else { "s" }));
        }
    }
    right.push(' ');
    let sigil = match p.kind {
        PromptKind::Search => "/",
        PromptKind::GoTo => ":",
    };
    let right_w = right.width();
    let room = if right_w + 12 <= width {
        width - right_w
    } else {
        width
    };
    buf.set_style(Rect::new(area.x, area.y, room as u16, 1), t.prompt);
    // Keep the cursor in view: show the tail of a long input.
    let (before, after) = p.split_at_cursor();
    let avail = room.saturating_sub(sigil.len() + 2);
    let mut shown_before = before.to_string();
    while shown_before.width() > avail.saturating_sub(1) && !shown_before.is_empty() {
        shown_before.remove(0);
    }
    let x = put(buf, area.x, area.y, sigil, room, t.prompt);
    let x = put(
        buf,
        x,
        area.y,
        &shown_before,
        room.saturating_sub(sigil.len()),
        t.prompt,
    );
    let used = (x - area.x) as usize;
    put(buf, x, area.y, after, room.saturating_sub(used), t.prompt);
    // The cursor: a reversed cell (the terminal cursor stays hidden).
    if (x - area.x) < room as u16 && x < buf.area.right() {
        let cell = &mut buf[(x, area.y)];
        if cell.symbol().is_empty() || cell.symbol() == " " {
            cell.set_symbol(" ");
        }
        cell.modifier.insert(Modifier::REVERSED);
    }
    if room < width {
        put(
            buf,
            area.x + room as u16,
            area.y,
            &right,
            right_w,
            right_style,
        );
    }
}
