//! The help overlay's content and size: every key from the keymap table,
//! then the document's source and the version. Its size is known here so
//! `update` can stop the scroll at the last line.

use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

use super::{App, Overlay};

/// One line of the help overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    /// A group heading.
    Heading(String),
    /// Keys and what they do, the description in a column after the keys
    /// (empty on narrow screens, where it goes on the next line).
    Binding { keys: String, help: String },
    /// Plain text: a description under its keys, the source, a blank line.
    Text(String),
}

/// The help overlay's lines for the app's screen, and where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpPage {
    pub lines: Vec<HelpLine>,
    /// Columns of the widest keys, where descriptions start (plus a gap).
    pub key_width: usize,
    /// The overlay's frame on the app's screen.
    pub area: Rect,
}

impl HelpPage {
    /// Rows of lines the frame shows at once.
    pub fn rows(&self) -> usize {
        self.area.height.saturating_sub(2) as usize
    }
}

impl App {
    /// The help overlay as it shows on the app's screen.
    pub fn help_page(&self) -> HelpPage {
        let rows = self.options.keymap.help_rows();
        let key_width = rows.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
        let mut lines = Vec::new();
        // Narrow screens: each key on its own line, its description below it.
        let stacked = self.size.width < (key_width + 30) as u16;
        for (keys, help) in rows {
            if keys.is_empty() {
                // A group heading, after a blank line.
                if !lines.is_empty() {
                    lines.push(HelpLine::Text(String::new()));
                }
                lines.push(HelpLine::Heading(help));
            } else if stacked {
                lines.push(HelpLine::Binding {
                    keys,
                    help: String::new(),
                });
                lines.push(HelpLine::Text(format!("  {help}")));
            } else {
                lines.push(HelpLine::Binding { keys, help });
            }
        }
        lines.push(HelpLine::Text(String::new()));
        if let Some(src) = &self.reader.doc.source {
            lines.push(HelpLine::Text(src.summary()));
        }
        lines.push(HelpLine::Text(format!(
            "camp-reader {}",
            env!("CARGO_PKG_VERSION")
        )));
        let screen = Rect::new(0, 0, self.size.width, self.size.height);
        let area = help_area(screen, lines.len(), key_width);
        HelpPage {
            lines,
            key_width,
            area,
        }
    }

    /// How far the help can scroll (its last line at the bottom of the
    /// overlay, no further).
    pub fn help_max_scroll(&self) -> usize {
        let page = self.help_page();
        page.lines.len().saturating_sub(page.rows())
    }

    /// The help's scroll when it is open.
    pub fn help_scroll(&self) -> Option<usize> {
        match self.overlay {
            Overlay::Help { scroll } => Some(scroll),
            _ => None,
        }
    }
}

/// Where the overlay goes on a screen of `area`: centred, as wide as the
/// keys and their descriptions, as tall as its lines allow.
fn help_area(area: Rect, lines: usize, key_w: usize) -> Rect {
    let want_w = (key_w + 3 + 64).max(30) as u16 + 2;
    let w = want_w
        .min(area.width.saturating_sub(2))
        .max(area.width.min(3));
    let h = (lines as u16 + 2).min(area.height.saturating_sub(1).max(1));
    let x = area.x + (area.width.saturating_sub(w)) / 2;
    let y = area.y + (area.height.saturating_sub(h)) / 2;
    Rect::new(x, y, w, h).intersection(area)
}
