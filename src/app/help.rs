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
    /// The help overlay as it shows on the app's screen: as wide as the
    /// keys and their longest description where the screen allows, each
    /// description wrapped under itself where it does not (never cut).
    pub fn help_page(&self) -> HelpPage {
        let rows = self.options.keymap.help_rows();
        let key_width = rows
            .iter()
            .filter(|(k, _)| !k.is_empty())
            .map(|(k, _)| k.width())
            .max()
            .unwrap_or(0);
        let help_width = rows
            .iter()
            .filter(|(k, _)| !k.is_empty())
            .map(|(_, h)| h.width())
            .max()
            .unwrap_or(0);
        let screen = Rect::new(0, 0, self.size.width, self.size.height);
        let width = help_width_on(screen, key_width, help_width);
        let inside = usize::from(width.saturating_sub(2)).max(1);
        let mut lines = Vec::new();
        // Narrow screens: each key on its own line, its description below it.
        let stacked = inside < key_width + 2 + 24;
        let column = if stacked { 2 } else { key_width + 2 };
        let room = inside.saturating_sub(column).max(8);
        for (keys, help) in rows {
            if keys.is_empty() {
                // A group heading, after a blank line.
                if !lines.is_empty() {
                    lines.push(HelpLine::Text(String::new()));
                }
                lines.extend(wrap_words(&help, inside).into_iter().map(HelpLine::Heading));
                continue;
            }
            let mut parts = wrap_words(&help, room).into_iter();
            if stacked {
                lines.push(HelpLine::Binding {
                    keys,
                    help: String::new(),
                });
            } else {
                lines.push(HelpLine::Binding {
                    keys,
                    help: parts.next().unwrap_or_default(),
                });
            }
            let indent = " ".repeat(column);
            lines.extend(parts.map(|part| HelpLine::Text(format!("{indent}{part}"))));
        }
        lines.push(HelpLine::Text(String::new()));
        if let Some(src) = &self.reader.doc.source {
            lines.extend(
                wrap_words(&src.summary(), inside)
                    .into_iter()
                    .map(HelpLine::Text),
            );
        }
        lines.push(HelpLine::Text(format!(
            "camp-reader {}",
            env!("CARGO_PKG_VERSION")
        )));
        let area = help_area(screen, lines.len(), width);
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

/// The overlay's width on a screen of `area`: its keys, a gap and its
/// longest description, within the screen less a column each side.
fn help_width_on(area: Rect, key_w: usize, help_w: usize) -> u16 {
    let want = u16::try_from((key_w + 2 + help_w).max(30) + 2).unwrap_or(u16::MAX);
    want.min(area.width.saturating_sub(2))
        .max(area.width.min(3))
}

/// Where the overlay goes on a screen of `area`: centred, `w` wide, as tall
/// as its lines allow.
fn help_area(area: Rect, lines: usize, w: u16) -> Rect {
    let h = (lines as u16 + 2).min(area.height.saturating_sub(1).max(1));
    let x = area.x + (area.width.saturating_sub(w)) / 2;
    let y = area.y + (area.height.saturating_sub(h)) / 2;
    Rect::new(x, y, w, h).intersection(area)
}

/// `text` in lines of at most `width` columns, broken where the text
/// pane breaks lines ([`crate::text::wrap::wrap_ranges`]: at spaces, a
/// word wider than a line cut), runs of spaces made one.
fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let text = text
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    crate::text::wrap::wrap_ranges(&text, width.max(1))
        .into_iter()
        .map(|r| text[r].to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::wrap_words;

    #[test]
    fn words_wrap_at_spaces_and_a_long_word_is_cut() {
        assert_eq!(wrap_words("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap_words("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap_words("", 4), [""]);
        assert_eq!(wrap_words("a  b", 10), ["a b"]);
    }
}
