//! Pop-ups over the text pane: the list of matches and the go-to-section
//! candidates.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::{ellipsize, fit_parts, span};
use crate::app::{App, PromptKind, ResultRow};
use crate::find::search;
use crate::settings::keymap::{Command, Context};

/// ` — Enter jumps, Esc closes`: what keys do in an overlay, named from
/// the keymap in force (a hint whose keys are all unbound is left out).
/// A hint's commands, as bound in `context`, have their keys shown
/// together (`j/k/Space`; arrows side by side: `↑↓`).
pub(super) fn hints(app: &App, context: Context, hints: &[(&[Command], &str)]) -> String {
    let keymap = &app.options().keymap;
    let shown: Vec<String> = hints
        .iter()
        .filter_map(|(commands, what)| {
            let keys: Vec<String> = commands
                .iter()
                .filter_map(|command| keymap.first_key_in(context, command))
                .collect();
            if keys.is_empty() {
                return None;
            }
            let arrows = keys
                .iter()
                .all(|k| ["↑", "↓", "←", "→"].contains(&k.as_str()));
            let join = if arrows { "" } else { "/" };
            Some(format!("{} {what}", keys.join(join)))
        })
        .collect();
    if shown.is_empty() {
        String::new()
    } else {
        format!(" — {}", shown.join(", "))
    }
}

/// The selected row: `line` on a bar of `style` across the list's width.
fn bar(mut line: Line<'_>, width: usize, style: Style) -> Line<'_> {
    let pad = width.saturating_sub(line.width());
    line.spans.push(Span::styled(" ".repeat(pad), style));
    line
}

/// The match list, at the bottom of the text pane so the previewed match
/// shows above it.
pub fn render_results(app: &App, pane: Rect, buf: &mut Buffer) {
    let (Some(r), Some(s)) = (app.results(), &app.reader().search) else {
        return;
    };
    // The bottom of the pane: the previewed match shows above the list.
    let Some(area) = app.results_area().map(|a| a.intersection(pane)) else {
        return;
    };
    let t = &app.options().theme;
    let title = format!(
        " {} matches for {:?}{}{} ",
        s.matches.len(),
        s.query,
        match r.groups.len() {
            0 => String::new(),
            1 => " in 1 document".to_string(),
            n => format!(" in {n} documents"),
        },
        hints(
            app,
            Context::Results,
            &[(&[Command::Accept], "jumps"), (&[Command::Close], "closes")]
        )
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.help_border)
        .title(super::box_title(&title, area));
    let width = block.inner(area).width as usize;
    let rows = block.inner(area).height as usize;
    // In a book, a heading row per document: its path and count.
    let first = match r.at_row(r.offset) {
        ResultRow::Match(m) => m,
        ResultRow::Heading(g) => r.groups[g].first,
    };
    let mut matches = s.iter_from(&app.reader().doc, first);
    let mut lines: Vec<Line> = Vec::with_capacity(rows);
    for row in r.offset..r.row_count(s.matches.len()) {
        if lines.len() >= rows {
            break;
        }
        if let ResultRow::Heading(g) = r.at_row(row) {
            let group = &r.groups[g];
            let count = match group.count {
                1 => "1 match".to_string(),
                n => format!("{n} matches"),
            };
            let name = ellipsize(&group.name, width.saturating_sub(count.width() + 3).max(1));
            lines.push(Line::from(vec![
                span(name, t.help.patch(t.heading).add_modifier(Modifier::BOLD)),
                span("  ", t.help),
                span(count, t.help.patch(t.match_count)),
            ]));
            continue;
        }
        let Some((i, m)) = matches.next() else {
            break;
        };
        lines.push({
            let m = &m;
            let section =
                app.reader().doc.blocks[app.reader().doc.block_at_offset(m.start)].section as usize;
            // In a book the heading row names the document: the
            // section's own title.
            let doc = &app.reader().doc;
            let label = if !r.groups.is_empty() {
                ellipsize(doc.section_title(section), (width / 3).max(1))
            } else if doc.numbered() {
                ellipsize(&doc.numbered_title(section), (width / 3).max(1))
            } else {
                // Its parent too: a changelog's many "Bug Fixes" are told
                // apart by their versions.
                let title = doc.section_title(section);
                match doc.sections[section].parent() {
                    Some(p) => {
                        parent_and_title(doc.section_title(p as usize), title, (width / 3).max(1))
                    }
                    None => ellipsize(title, (width / 3).max(1)),
                }
            };
            // One column for every row's section, so the snippets start
            // at one column and read down as a column too.
            let column = (width / 3).max(1);
            let label = format!(
                "{label}{}",
                " ".repeat(column.saturating_sub(label.width()))
            );
            let base = if i == r.selected {
                t.list_selected
            } else {
                t.help
            };
            // The match in its context, as much as the row has room for.
            let room = width.saturating_sub(label.width() + 2);
            let (context, hl) = search::context(&app.reader().doc, m, (room / 3).min(40));
            let pre = context[..hl.start].to_string();
            let hit = context[hl.clone()].to_string();
            let used = pre.width() + hit.width();
            let post = ellipsize(&context[hl.end..], room.saturating_sub(used));
            let line = Line::from(vec![
                span(label, base.patch(t.heading)),
                span("  ", base),
                span(pre, base),
                span(hit, base.patch(t.search_match)),
                span(post, base),
            ]);
            if i == r.selected {
                bar(line, width, t.list_selected)
            } else {
                line
            }
        });
    }
    Clear.render(area, buf);
    Paragraph::new(lines).block(block).render(area, buf);
}

/// Go-to candidates, just above the status line.
pub fn render_goto(app: &App, pane: Rect, buf: &mut Buffer) {
    let Some(p) = app.prompt().filter(|p| {
        matches!(
            p.kind,
            PromptKind::GoTo | PromptKind::Links | PromptKind::Backlinks
        )
    }) else {
        return;
    };
    let links = p.kind == PromptKind::Links;
    let backlinks = p.kind == PromptKind::Backlinks;
    let t = &app.options().theme;
    let Some(area) = app.goto_area().map(|a| a.intersection(pane)) else {
        return;
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.help_border)
        .title(super::box_title(
            &if backlinks {
                format!(
                    " Linking to {}{} ",
                    app.backlink_scope().1,
                    hints(
                        app,
                        Context::Links,
                        &[
                            (&[Command::SelectPrev, Command::SelectNext], "choose"),
                            (&[Command::Accept], "goes there"),
                            (&[Command::Close], "cancels")
                        ]
                    )
                )
            } else if links {
                format!(
                    " Links{} ",
                    hints(
                        app,
                        Context::Links,
                        &[
                            (&[Command::SelectPrev, Command::SelectNext], "choose"),
                            (&[Command::Accept], "follows"),
                            (&[Command::CopyLink], "copies"),
                            (&[Command::Close], "cancels")
                        ]
                    )
                )
            } else {
                format!(
                    " Go to section{} ",
                    hints(
                        app,
                        Context::GoTo,
                        &[
                            (&[Command::SelectPrev, Command::SelectNext], "choose"),
                            (&[Command::Accept], "jumps"),
                            (&[Command::Close], "cancels")
                        ]
                    )
                )
            },
            area,
        ));
    let inner = block.inner(area);
    let width = inner.width as usize;
    let lines: Vec<Line> = if p.candidates.is_empty() {
        vec![Line::from(span(
            if backlinks {
                "no place matches"
            } else if links {
                "no link matches"
            } else {
                "no section matches"
            },
            t.error,
        ))]
    } else {
        let visible = inner.height as usize;
        let offset = app.goto_first_shown();
        p.candidates
            .iter()
            .enumerate()
            .skip(offset)
            .take(visible)
            .map(|(i, &item)| {
                let doc = &app.reader().doc;
                let book = app.reader().book.as_deref();
                let label = if backlinks {
                    app.backlink_row(item)
                } else if let (true, Some(book)) = (links, book) {
                    // In a book, which document: `guide/install.md ›
                    // From source › text → address`.
                    let l = &doc.links[item];
                    let (place, target) = (
                        book.location(doc, l.section as usize),
                        // As the document writes it, as `--check` shows it.
                        app.reader().written_target(item),
                    );
                    let text = &doc.text()[l.start as usize..l.end as usize];
                    fit_parts(&[&place, text, target], &[" › ", " → "], width)
                } else if links {
                    // `search::link_row`, each part cut to its share.
                    let l = &doc.links[item];
                    let section = l.section as usize;
                    let mut parts = Vec::with_capacity(4);
                    if let Some(parent) = doc.sections[section].parent() {
                        parts.push(doc.section_title(parent as usize));
                    }
                    parts.push(doc.section_title(section));
                    parts.push(&doc.text()[l.start as usize..l.end as usize]);
                    parts.push(doc.link_target(item));
                    let mut seps = vec![" › "; parts.len() - 2];
                    seps.push(" → ");
                    fit_parts(&parts, &seps, width)
                } else if let Some(book) = book.filter(|_| !p.input().trim().is_empty()) {
                    // Filtered, the rows are no longer a tree: each says
                    // its document, as the status line does, keeping the
                    // path and the section when the middle must give way.
                    super::status::fit_crumbs(&book.crumbs(doc, item), 1, width)
                } else if !p.input().trim().is_empty() && !doc.numbered() {
                    // Filtered, the rows are no longer a tree: each says
                    // where it is (a changelog's 26 "Bug Fixes" are
                    // `1.6.0 › Bug Fixes`, …).
                    let crumbs: Vec<&str> = doc
                        .ancestry(item)
                        .into_iter()
                        .map(|a| doc.section_title(a))
                        .collect();
                    super::status::fit_crumbs(&crumbs, 0, width)
                } else {
                    format!(
                        "{}{}",
                        "  ".repeat(app.reader().doc.sections[item].depth() as usize),
                        app.reader().doc.numbered_title(item)
                    )
                };
                if i == p.selected {
                    bar(
                        Line::from(span(ellipsize(&label, width), t.list_selected)),
                        width,
                        t.list_selected,
                    )
                } else {
                    Line::from(span(ellipsize(&label, width), t.help))
                }
            })
            .collect()
    };
    Clear.render(area, buf);
    Paragraph::new(lines).block(block).render(area, buf);
}

/// `parent › title` in `width` columns: the title whole while it takes at
/// most two thirds of them, the parent cut at its end (`1.11.1 - 2… ›
/// Fixed`), so that rows of one title stay apart; the parent gives way
/// only when fewer than 4 columns are left for it.
fn parent_and_title(parent: &str, title: &str, width: usize) -> String {
    let whole = parent.width() + 3 + title.width();
    if whole <= width {
        return format!("{parent} › {title}");
    }
    let title_room = title.width().min(width * 2 / 3);
    let parent_room = width.saturating_sub(title_room + 3);
    if parent_room < 4 {
        return ellipsize(title, width);
    }
    format!(
        "{} › {}",
        ellipsize(parent, parent_room),
        ellipsize(title, title_room)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parent_is_cut_before_it_is_dropped() {
        assert_eq!(
            parent_and_title("1.6.0", "Bug Fixes", 40),
            "1.6.0 › Bug Fixes"
        );
        let row = parent_and_title("1.11.1 - 2026-11-06", "Fixed", 20);
        assert!(
            row.starts_with("1.11.1") && row.ends_with(" › Fixed"),
            "{row}"
        );
        assert!(row.width() <= 20, "{row}");
        assert_eq!(parent_and_title("1.11.1 - 2026-11-06", "Fixed", 7), "Fixed");
    }
}
