//! The table of contents: a tree of sections, the one being read
//! highlighted (scroll-spy), and a cursor when the sidebar has focus.
//! Only the visible slice is drawn, so 60,000 sections cost nothing.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use unicode_width::UnicodeWidthStr;

use super::{ellipsize, put};
use crate::app::{App, Focus};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    let t = &app.options().theme;
    let focused = app.sidebar().focus == Focus::Sidebar;
    // Right border: a line that brightens when the sidebar has focus.
    let border_x = area.right() - 1;
    let border_style = if focused {
        t.sidebar_border_focused
    } else {
        t.sidebar_border
    };
    for y in area.top()..area.bottom() {
        put(
            buf,
            border_x,
            y,
            if focused { "┃" } else { "│" },
            1,
            border_style,
        );
    }
    let width = area.width.saturating_sub(1) as usize;
    let current = app.current_section();
    for (row, index) in (app.reader().toc.offset..app.reader().doc.sections.len())
        .take(area.height as usize)
        .enumerate()
    {
        let s = &app.reader().doc.sections[index];
        let y = area.y + row as u16;
        let is_current = index == current;
        let mut style = if is_current {
            t.sidebar_current
        } else {
            t.sidebar
        };
        if focused && index == app.reader().toc.cursor {
            style = style.patch(t.sidebar_cursor);
        }
        let marker = if is_current { "▶" } else { " " };
        // While searching, each entry shows its match count on the right.
        // In a book, a document's entry counts the whole document.
        let count = app
            .sidebar_count(index)
            .filter(|&n| n > 0)
            .map(|n| format!(" {n}"));
        let count_w = count.as_ref().map_or(0, |c| c.len());
        let room = width.saturating_sub(count_w + marker.width());
        let label = format!(
            "{marker}{}",
            entry_label(
                s.depth(),
                &if app.reader().doc.numbered() {
                    app.reader().doc.section_number(index).to_string()
                } else {
                    String::new()
                },
                app.reader().doc.section_title(index),
                room
            )
        );
        // Fill the whole row so the cursor bar is visible end to end.
        if focused && index == app.reader().toc.cursor {
            put(buf, area.x, y, &" ".repeat(width), width, style);
        }
        put(buf, area.x, y, &label, width, style);
        if let Some(count) = &count
            && count_w <= width
        {
            let cx = area.x + (width - count_w) as u16;
            put(buf, cx, y, count, count_w, style.patch(t.match_count));
        }
        if is_current {
            buf[(area.x, y)].modifier.insert(Modifier::BOLD);
        }
    }
}

/// Columns of indentation per level of the tree.
const INDENT_STEP: usize = 2;
/// Rows narrower than this give a title that does not fit all their room.
const NARROW: usize = 20;

/// An entry's label in `width` columns: indented by its depth (at most a
/// quarter of the row, so deep entries keep room), then number and title.
/// When they do not fit, the title keeps its room and the number shows
/// only its tail (`…1.3 Title`); a row is never numbers alone.
fn entry_label(depth: u8, number: &str, title: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    let indent = (usize::from(depth) * INDENT_STEP).min(width / 4);
    let room = width - indent;
    let pad = " ".repeat(indent);
    let (number_w, title_w) = (number.width(), title.width());
    if number.is_empty() {
        return format!("{pad}{}", ellipsize(title, room));
    }
    if number_w + 1 + title_w <= room {
        return format!("{pad}{number} {title}");
    }
    // The number gets what the title leaves, but never more than a third
    // of the row when the title must be cut too, and nothing in a narrow
    // sidebar (the text keeps its 60 columns first): there the title is
    // what tells entries apart.
    let third = if room < NARROW { 0 } else { room / 3 };
    let number_room = room.saturating_sub(title_w + 1).max(third).min(number_w);
    let shown = number_tail(number, number_room);
    let title_room = room.saturating_sub(shown.width() + usize::from(!shown.is_empty()));
    if shown.is_empty() || title_room == 0 {
        return format!("{pad}{}", ellipsize(title, room));
    }
    format!("{pad}{shown} {}", ellipsize(title, title_room))
}

/// The end of a section number in at most `width` columns: whole when it
/// fits, else `…` and its last parts (`…1.3`), or nothing when not even
/// one digit fits.
fn number_tail(number: &str, width: usize) -> String {
    if number.len() <= width {
        return number.to_string();
    }
    if width < 2 {
        return String::new();
    }
    // Section numbers are ASCII digits and dots.
    let tail = number.get(number.len() - (width - 1)..).unwrap_or("");
    let tail = tail.trim_start_matches('.');
    if tail.is_empty() {
        return String::new();
    }
    format!("…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_that_fits_is_indented_whole() {
        assert_eq!(entry_label(0, "1", "Overview", 28), "1 Overview");
        assert_eq!(entry_label(2, "1.2.3", "Deep", 28), "    1.2.3 Deep");
    }

    #[test]
    fn deep_entries_cap_the_indent_and_cut_the_number_before_the_title() {
        let label = entry_label(7, "1.2.3.4.5.6.7.8", "Eighth level", 28);
        assert_eq!(label.width(), 28);
        assert_eq!(label, "       …5.6.7.8 Eighth level");
        // A long title cuts both, the number to its tail.
        let label = entry_label(7, "1.2.3.4.5.6.7.8", "A rather long title here", 28);
        assert!(label.width() <= 28, "{label}");
        assert!(label.contains("…6.7.8 A rather"), "{label}");
        // Narrow: never the number alone.
        for width in 0..30 {
            let label = entry_label(7, "10.20.30.40.50.60.70.80", "Title", width);
            assert!(label.width() <= width, "{width}: {label}");
            if width >= 4 {
                assert!(label.contains('T'), "{width}: {label:?} shows no title");
            }
        }
    }

    #[test]
    fn a_narrow_row_gives_a_long_title_the_room_of_its_number() {
        assert_eq!(
            entry_label(1, "1.1", "Level 2 heading", 13),
            "  Level 2 he…"
        );
        assert_eq!(entry_label(1, "1.1", "Short", 13), "  1.1 Short");
    }

    #[test]
    fn a_number_tail_starts_at_a_digit() {
        assert_eq!(number_tail("4.2.1.3", 7), "4.2.1.3");
        assert_eq!(number_tail("4.2.1.3", 4), "…1.3");
        assert_eq!(number_tail("4.2.1.3", 3), "…3");
        assert_eq!(number_tail("4.2.1.3", 1), "");
    }
}
