//! The help overlay: every key from the keymap table, and the source.
//! Its lines and frame come from `App::help_page`.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::span;
use crate::app::{App, HelpLine};
use crate::settings::keymap::{Command, Context};

pub fn render(app: &App, scroll: usize, area: Rect, buf: &mut Buffer) {
    let t = &app.options().theme;
    let page = app.help_page();
    let popup = page.area.intersection(area);
    if popup.is_empty() {
        return;
    }
    let overflow = page.lines.len() > page.rows();
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.help_border)
        .title(super::box_title(
            &format!(
                " Keys{} ",
                if overflow {
                    super::overlay::hints(
                        app,
                        Context::Help,
                        &[
                            (
                                &[Command::LineDown, Command::LineUp, Command::PageDown],
                                "scroll",
                            ),
                            (&[Command::Close], "closes"),
                        ],
                    )
                } else {
                    super::overlay::hints(app, Context::Help, &[(&[Command::Close], "closes")])
                }
            ),
            popup,
        ));
    // Inside the frame.
    let room = usize::from(popup.width.saturating_sub(2));
    let lines: Vec<Line> = page
        .lines
        .iter()
        .map(|line| match line {
            HelpLine::Heading(heading) => {
                Line::from(span(heading.as_str(), t.title.patch(t.help_key)))
            }
            HelpLine::Text(text) => Line::from(span(text.as_str(), t.help)),
            // Descriptions in a column after the widest keys, wrapped
            // under themselves by `help_page`; cut with `…` only where
            // even a word does not fit.
            HelpLine::Binding { keys, help } => Line::from(vec![
                span(super::ellipsize(keys, room), t.help_key),
                " ".repeat((page.key_width + 2).saturating_sub(keys.width()))
                    .into(),
                span(
                    super::ellipsize(help, room.saturating_sub(page.key_width + 2).max(1)),
                    t.help,
                ),
            ]),
        })
        .collect();
    Clear.render(popup, buf);
    Paragraph::new(lines)
        .block(block)
        .scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0))
        .render(popup, buf);
}
