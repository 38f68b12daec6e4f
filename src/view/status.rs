//! The bottom line: where you are (breadcrumb), how far (percent and line),
//! the search counter, a help hint, a one-shot message, or a prompt.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::{ellipsize, span};
use crate::app::{App, Prompt, PromptKind};
use crate::settings::keymap::Command;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    let t = &app.options().theme;
    buf.set_style(area, t.status);
    let width = area.width as usize;
    let counter = search_counter(app);
    if let Some(p) = app.prompt() {
        render_prompt(app, p, &counter, area, buf);
        return;
    }
    let keys = &app.options().keymap;
    let (top, total) = app.position();
    let approx = if app.reader().layout.is_exact() {
        ""
    } else {
        "~"
    };
    // Right-hand parts in display order, each with a priority (lower is
    // dropped first when the line is too narrow).
    let mut parts: Vec<(String, u8)> = Vec::new();
    // Once a link has led to another document, which one this is.
    if let Some(name) = app
        .reader()
        .file
        .as_ref()
        .filter(|_| app.docs_visited() > 1)
        .and_then(|f| f.file_name())
    {
        let name: String = name
            .to_string_lossy()
            .chars()
            .filter(|c| !c.is_control())
            .collect();
        parts.push((name, 2));
    }
    if let Some((text, _)) = &counter {
        parts.push((text.clone(), 4));
    }
    // Chop mode scrolled sideways: the first column shown.
    if app.chop() && app.reader().xoff > 0 {
        parts.push((format!("col {}", app.reader().xoff + 1), 2));
    }
    parts.push((format!("{}%", app.percent()), 3));
    parts.push((
        format!("line {}/{approx}{}", (top + 1).min(total.max(1)), total),
        2,
    ));
    if let Some(key) = keys.first_key(&Command::Help) {
        parts.push((format!("{key} help"), 1));
    }
    // The message, and how far a load is (see `App::status_text`).
    let message = app.status_text();
    // A field the message says already is not said twice (`no match for
    // "x" yet` and the counter's `no match for "x"`).
    if let Some(m) = &message {
        parts.retain(|(p, _)| !m.contains(p.as_str()));
        // `=`'s `lines 1-38/359` says where the view is as `line 1/359` does.
        let lines_said = m.contains("lines ") && m.contains(&format!("/{approx}{total} "));
        parts.retain(|(p, _)| !(lines_said && p.starts_with("line ")));
    }
    let (mut left, style) = match &message {
        Some(m) => (m.clone(), t.status_message),
        None => match &app.reader().book {
            Some(book) => (
                book.location(&app.reader().doc, app.current_section()),
                t.status,
            ),
            None => (app.reader().doc.breadcrumb(app.current_section()), t.status),
        },
    };
    // Measured and split as the terminal draws it (a ZWJ emoji sequence
    // as its emoji), as `ellipsize` measures.
    if let std::borrow::Cow::Owned(drawn) = crate::text::wrap::as_drawn(&left) {
        left = drawn;
    }
    // One column of margin before the text (when there is room for more).
    let margin = u16::from(width > 2);
    // Keep room for the start of the breadcrumb, for all of a message: a
    // message the right-hand parts leave no room for takes the line, the
    // parts giving way to it (as less's and vim's messages do).
    let mut min_left = if message.is_some() {
        left.width() + 2
    } else {
        left.width().min(14) + 2
    };
    // A message too long for the line takes rows above it as well (over
    // the text's last rows, never the title) rather than being cut: it is
    // shown whole.
    if message.is_some() && left.width() + 2 > width && area.y >= 2 {
        let text_width = area.width.saturating_sub(margin * 2) as usize;
        let max_above = usize::from(area.y - 1);
        let mut rows: Vec<String> = Vec::new();
        let mut rest = left.as_str();
        while rest.width() + 2 > width && rows.len() < max_above {
            let (first, more) = split_message(rest, text_width);
            rows.push(first.to_string());
            rest = more;
        }
        let top = area.y - rows.len() as u16;
        for (i, row) in rows.iter().enumerate() {
            let line = Rect {
                y: top + i as u16,
                height: 1,
                ..area
            };
            Clear.render(line, buf);
            buf.set_style(line, t.status);
            let line = Rect {
                x: line.x + margin,
                width: line.width.saturating_sub(margin),
                ..line
            };
            span(row.as_str(), style).render(line, buf);
        }
        left = rest.to_string();
        min_left = left.width() + 2;
    }
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
    let [left_area, right_area] = crate::render::cut_right(area, right.width() as u16);
    let left_area = Rect {
        x: left_area.x + margin,
        width: left_area.width.saturating_sub(margin),
        ..left_area
    };
    let room = (left_area.width + margin).saturating_sub(2) as usize;
    let shown = match message {
        Some(_) => ellipsize(&left, room),
        None => fit_breadcrumb(app, room),
    };
    span(shown, style).render(left_area, buf);
    span(right, t.status).render(right_area, buf);
}

/// The breadcrumb in `width` columns: when it is too long the outer
/// sections give way first (`… › Inner › Current`), so the section being
/// read always shows, cut at its end only when it alone is too wide. In a
/// book the document's path stays too (`guide.md › … › Current`).
fn fit_breadcrumb(app: &App, width: usize) -> String {
    let doc = &app.reader().doc;
    // In a book: the document's path, then the titles within it.
    match &app.reader().book {
        Some(book) => fit_crumbs(&book.crumbs(doc, app.current_section()), 1, width),
        None => {
            let titles: Vec<&str> = doc
                .ancestry(app.current_section())
                .into_iter()
                .map(|i| doc.section_title(i))
                .collect();
            fit_crumbs(&titles, 0, width)
        }
    }
}

/// `crumbs` joined with ` › ` in `width` columns: the first `keep` stay,
/// then the ones after them give way, outermost first, to one `…`; the
/// last always shows, cut at its end only when it does not fit.
pub(super) fn fit_crumbs(crumbs: &[&str], keep: usize, width: usize) -> String {
    // Measured as drawn (see `ellipsize`).
    let drawn: Vec<std::borrow::Cow<'_, str>> = crumbs
        .iter()
        .map(|c| crate::text::wrap::as_drawn(c))
        .collect();
    let drawn: Vec<&str> = drawn.iter().map(|c| c.as_ref()).collect();
    let crumbs = &drawn[..];
    let keep = keep.min(crumbs.len().saturating_sub(1));
    for skip in 0..crumbs.len().saturating_sub(keep).max(1) {
        let mut parts: Vec<&str> = crumbs[..keep].to_vec();
        if skip > 0 {
            parts.push("…");
        }
        parts.extend_from_slice(&crumbs[keep + skip..]);
        let line = parts.join(" › ");
        if line.width() <= width {
            return line;
        }
    }
    // Only the kept ones and the last: cut the kept ones first.
    let last = crumbs.last().copied().unwrap_or("");
    let head = crumbs[..keep].join(" › ");
    let tail = if head.is_empty() {
        last.to_string()
    } else if crumbs.len() > keep + 1 {
        format!(" › … › {last}")
    } else {
        // Nothing between them to leave out.
        format!(" › {last}")
    };
    if !head.is_empty() && tail.width() < width {
        return format!("{}{tail}", ellipsize(&head, width - tail.width()));
    }
    // The last is too wide (a 60 KB heading): the kept ones, the parent
    // and it, each cut to its share, so the parent still shows.
    let n = crumbs.len();
    let mut parts: Vec<&str> = crumbs[..keep].to_vec();
    if n > keep + 2 {
        parts.push("…");
    }
    if n > keep + 1 {
        parts.push(crumbs[n - 2]);
    }
    parts.push(last);
    // At least a few columns each, else the last alone.
    if parts.len() > 1 && width >= 7 * parts.len() - 3 {
        return super::fit_parts(&parts, &vec![" › "; parts.len() - 1], width);
    }
    ellipsize(last, width)
}

/// The first row of a two-row message: as many words as fit in `width`
/// (or the characters that fit, for one long word), and the rest.
fn split_message(message: &str, width: usize) -> (&str, &str) {
    let mut used = 0;
    let mut cut = 0;
    for (i, c) in message.char_indices() {
        used += c.width().unwrap_or(0);
        if used > width {
            if cut == 0 {
                cut = i;
            }
            return (message[..cut].trim_end(), message[cut..].trim_start());
        }
        if c == ' ' {
            cut = i;
        }
    }
    (message, "")
}

/// `match 3/12`, `no match for "x"` or the regex error, with whether it is bad news.
fn search_counter(app: &App) -> Option<(String, bool)> {
    let s = app.reader().search.as_ref()?;
    if let Some(e) = &s.error {
        return Some((e.clone(), true));
    }
    if s.matches.is_empty() && s.in_progress() {
        return Some(("searching…".to_string(), false));
    }
    // Only the first part of the document is read: more may come.
    let partial = app.partial();
    if s.matches.is_empty() && partial {
        return Some(("no match yet".to_string(), false));
    }
    if s.matches.is_empty() {
        return Some((format!("no match for {:?}", s.query), true));
    }
    let more = if s.in_progress() || partial { "+" } else { "" };
    let n = s.matches.len();
    // Which match is current says something only while it is on screen.
    Some(match s.current.filter(|_| app.reader().current_in_view) {
        Some(i) => (format!("match {}/{n}{more}", i + 1), false),
        None if n == 1 && more.is_empty() => ("1 match".to_string(), false),
        None => (format!("{n}{more} matches"), false),
    })
}

fn render_prompt(
    app: &App,
    p: &Prompt,
    counter: &Option<(String, bool)>,
    area: Rect,
    buf: &mut Buffer,
) {
    let t = &app.options().theme;
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
                _ => {
                    if let Some(key) = app.options().keymap.first_key(&Command::ToggleRegex) {
                        right.push_str(&format!("{key} regex"));
                    }
                }
            }
        }
        PromptKind::GoTo if app.prompt_quits(p) => {
            let key = app.options().keymap.first_key(&Command::Accept);
            right.push_str(&format!("{} quits", key.as_deref().unwrap_or("Enter")));
        }
        PromptKind::GoTo if let Some(line) = app.prompt_line(p) => {
            let key = app.options().keymap.first_key(&Command::Accept);
            right.push_str(&format!(
                "{}: line {line}",
                key.as_deref().unwrap_or("Enter")
            ));
        }
        PromptKind::GoTo => {
            let n = p.candidates.len();
            right.push_str(&format!("{n} section{}", if n == 1 { "" } else { "s" }));
        }
        PromptKind::Links => {
            let n = p.candidates.len();
            right.push_str(&format!("{n} link{}", if n == 1 { "" } else { "s" }));
        }
        PromptKind::Backlinks => {
            let n = p.candidates.len();
            right.push_str(&format!("{n} place{}", if n == 1 { "" } else { "s" }));
        }
    }
    right.push(' ');
    // The prompt starts with the key that opened it, as in less and vim
    // (`/`, `:`), or the one a remapped keymap uses when it is one
    // character.
    let (command, usual) = match p.kind {
        PromptKind::Search if p.backward => (Command::SearchBackStart, "?"),
        PromptKind::Search => (Command::SearchStart, "/"),
        PromptKind::GoTo => (Command::GoToSection, ":"),
        PromptKind::Links => (Command::ShowLinks, "L"),
        PromptKind::Backlinks => (Command::ShowBacklinks, "B"),
    };
    let key = app.options().keymap.first_key(&command);
    let sigil = key
        .as_deref()
        .filter(|k| k.chars().count() == 1)
        .unwrap_or(usual);
    // A letter (`L`, `B`) would run into what is typed (`Ldocs`): it is
    // set apart as `/` and `:` are by their shape (`L: docs`).
    let sigil = if sigil.chars().any(char::is_alphanumeric) {
        format!("{sigil}: ")
    } else {
        sigil.to_string()
    };
    let right_w = right.width();
    // The right-hand part only when the input keeps room to type.
    let room = if right_w + 12 <= width {
        width - right_w
    } else {
        width
    };
    let [input_area, right_area] = crate::render::cut_left(area, room as u16);
    buf.set_style(input_area, t.prompt);
    // Keep the cursor in view: show the tail of a long input.
    let (before, after) = p.split_at_cursor();
    let before = span(before, t.prompt);
    let avail = room.saturating_sub(sigil.width() + 2).saturating_sub(1);
    let shown_before = tail(&before.content, avail);
    let cursor_x = input_area.x as usize + sigil.width() + shown_before.width();
    Line::from(vec![
        Span::raw(sigil.as_str()),
        Span::raw(shown_before),
        span(after, t.prompt),
    ])
    .style(t.prompt)
    .render(input_area, buf);
    // The cursor: a reversed cell (the terminal cursor stays hidden).
    if cursor_x < input_area.right() as usize {
        let cell = &mut buf[(cursor_x as u16, area.y)];
        if cell.symbol().is_empty() || cell.symbol() == " " {
            cell.set_symbol(" ");
        }
        cell.modifier.insert(Modifier::REVERSED);
    }
    span(right, right_style).render(right_area, buf);
}

/// The end of `s` that fits in `width` columns.
fn tail(s: &str, width: usize) -> &str {
    let mut used = 0;
    for (i, c) in s.char_indices().rev() {
        used += c.width().unwrap_or(0);
        if used > width {
            return &s[i + c.len_utf8()..];
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::fit_crumbs;
    use unicode_width::UnicodeWidthStr;

    /// A title of ZWJ emoji sequences is measured as drawn (8 columns a
    /// family, not 2): cut with `…` within the width, the outer crumb
    /// giving way, where it was thought to fit and was clipped mid-family.
    #[test]
    fn crumbs_of_zwj_emoji_are_measured_as_drawn() {
        let fam = "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}\u{200d}\u{1f466}";
        let title = format!("Family {} tail", fam.repeat(5));
        let crumbs = ["Outer section", title.as_str()];
        let cut = fit_crumbs(&crumbs, 0, 50);
        assert!(cut.width() <= 50, "{} columns: {cut:?}", cut.width());
        assert!(!cut.contains('\u{200d}'), "{cut:?}");
        assert!(cut.ends_with('…'), "{cut:?}");
    }

    /// A path and a title with nothing between them: cut, no `… ›` for
    /// a level that is not there (`basics/RE… › … › Bubble Tea Basics`).
    #[test]
    fn two_crumbs_cut_show_no_level_between() {
        let crumbs = ["basics/README.md", "Bubble Tea Basics"];
        let cut = fit_crumbs(&crumbs, 1, 30);
        assert!(cut.width() <= 30, "{cut:?}");
        assert!(!cut.contains(" › … › "), "{cut:?}");
        assert!(cut.ends_with(" › Bubble Tea Basics"), "{cut:?}");
    }

    #[test]
    fn crumbs_keep_the_path_and_the_section_and_give_way_in_the_middle() {
        let crumbs = [
            "serde.md",
            "Serde Build Status Latest Version serde msrv serde_derive msrv",
            "Getting help",
        ];
        assert_eq!(fit_crumbs(&crumbs, 1, 200), crumbs.join(" › "));
        assert_eq!(fit_crumbs(&crumbs, 1, 40), "serde.md › … › Getting help");
        // Too narrow for all three: the path is cut before the section.
        let narrow = fit_crumbs(&crumbs, 1, 25);
        assert!(narrow.ends_with(" › … › Getting help"), "{narrow}");
        assert!(narrow.width() <= 25, "{narrow}");
        assert_eq!(fit_crumbs(&crumbs, 1, 8), "Getting…");
        // Outside a book the outer titles go first.
        assert_eq!(fit_crumbs(&crumbs[1..], 0, 20), "… › Getting help");
        // A last crumb wider than the row (a 60 KB heading): the parent
        // still shows, each cut to its share.
        let huge = "Zebra ".repeat(10_000);
        let row = fit_crumbs(&["Parent", &huge], 0, 30);
        assert!(
            row.starts_with("Parent › Zebra") && row.ends_with('…'),
            "{row}"
        );
        assert!(row.width() <= 30, "{row}");
        for width in 0..120 {
            assert!(fit_crumbs(&crumbs, 1, width).width() <= width.max(1));
        }
    }
}
