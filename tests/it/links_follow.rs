//! Following links through `App::update`: the link cursor, labels, the
//! mouse, copying, and what each kind of target does.

use crate::common;

use camp_reader::app::Event;
use camp_reader::app::{App, Effect, Options, Reader, labels};
use camp_reader::settings::keymap::{Command, Context};
use ratatui::style::Modifier;

const DOC: &str = r##"title = "Links"
[[sections]]
title = "Start"
body = "Some opening text."
[[sections.links]]
text = "Go to the end"
url = "#the-end"
[[sections.links]]
text = "Example site"
url = "https://example.org/page"
[[sections.links]]
text = "Broken"
url = "#nowhere"
[[sections.links]]
text = "Script"
url = "javascript:alert(1)"
[[sections]]
title = "Middle"
body = """
Middle text. Middle text. Middle text. Middle text. Middle text. Middle text.

Middle text. Middle text. Middle text. Middle text. Middle text. Middle text.

Middle text. Middle text. Middle text. Middle text. Middle text. Middle text.

Middle text. Middle text. Middle text. Middle text. Middle text. Middle text.

Middle text. Middle text. Middle text. Middle text. Middle text. Middle text.
"""
[[sections]]
title = "The end"
body = "Final words."
"##;

fn app() -> App {
    common::app_for(DOC, 80, 16)
}

fn message(a: &App) -> &str {
    a.status().message.as_deref().unwrap_or("")
}

fn label_of(a: &App, link: usize) -> String {
    let Some(camp_reader::app::Overlay::Labels(l)) = Some(&a.overlay()) else {
        unreachable!()
    };
    l.targets
        .iter()
        .find(|(_, i)| *i == link)
        .map(|(label, _)| label.clone())
        .unwrap_or_else(|| panic!("link {link} has no label"))
}

fn type_label(a: &mut App, label: &str) {
    for c in label.chars() {
        a.update(Command::Insert(c));
    }
}

#[test]
fn tab_moves_through_the_links_on_screen_and_wraps() {
    let mut a = app();
    let on_screen = a.links_on_screen();
    assert_eq!(on_screen, vec![0, 1, 2, 3]);
    for expected in [0, 1, 2, 3, 0] {
        a.update(Command::LinkNext);
        assert_eq!(a.reader().link_cursor, Some(expected));
    }
    a.update(Command::LinkPrev);
    assert_eq!(a.reader().link_cursor, Some(3));
    assert_eq!(message(&a), "Script → javascript:alert(1)");
    // Scrolled off screen, the selection goes.
    a.update(Command::Bottom);
    assert_eq!(a.reader().link_cursor, None);
}

#[test]
fn enter_follows_the_selected_link_or_scrolls_one_line() {
    let mut a = app();
    a.update(Command::FollowSelected);
    assert_eq!(a.position().0, 1, "no link selected: one line down");
    a.update(Command::Top);
    a.update(Command::LinkNext);
    a.update(Command::FollowSelected);
    assert_eq!(a.current_section(), 2, "#the-end followed");
    assert_eq!(message(&a), "→ The end");
    a.update(Command::JumpBack);
    assert_eq!(
        a.position().0,
        0,
        "Ctrl-o comes back from the followed link"
    );
}

#[test]
fn each_kind_of_target_says_what_it_did() {
    let mut a = app();
    a.follow(2);
    assert_eq!(message(&a), "broken link: no section #nowhere here");
    a.follow(3);
    assert_eq!(
        message(&a),
        "not opened: javascript: addresses are never opened"
    );
    assert!(a.effects().is_empty());
    a.follow(1);
    match a.take_effects().as_slice() {
        [Effect::OpenUrl(url)] => assert_eq!(url.as_str(), "https://example.org/page"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn o_labels_every_link_on_screen_and_a_label_follows_it() {
    let mut a = app();
    a.update(Command::LinkLabels);
    assert_eq!(a.context(), Context::LinkLabels);
    let label = label_of(&a, 0);
    let buf = common::draw(&a);
    let row = (0..a.size().height)
        .map(|y| common::row(&buf, y))
        .find(|r| r.contains("o to the end"))
        .expect("the link's row");
    assert!(
        row.contains(&format!("{label}o to the end")),
        "the label over the first letter: {row}"
    );
    type_label(&mut a, &label);
    assert_eq!(a.context(), Context::Text);
    assert_eq!(a.current_section(), 2);

    a.update(Command::Top);
    a.update(Command::LinkLabels);
    a.update(Command::Close);
    assert_eq!(a.context(), Context::Text);
    a.update(Command::LinkLabels);
    type_label(&mut a, "m");
    assert_eq!(message(&a), "no link labelled m");
    assert_eq!(a.context(), Context::Text);
}

#[test]
fn many_links_get_two_letter_labels_none_the_start_of_another() {
    assert_eq!(labels(3), ["a", "s", "d"]);
    let many = labels(200);
    assert_eq!(many.len(), 200);
    assert!(many.iter().all(|l| l.len() == 2));
    let mut unique = many.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 200);

    let mut doc = String::from("title = \"T\"\n[[sections]]\ntitle = \"A\"\n");
    for i in 0..40 {
        doc.push_str(&format!(
            "[[sections.links]]\ntext = \"link {i}\"\nurl = \"#a\"\n"
        ));
    }
    let mut a = common::app_for(&doc, 80, 100);
    a.update(Command::LinkLabels);
    let label = label_of(&a, 30);
    assert_eq!(label.len(), 2);
    type_label(&mut a, &label[..1]);
    assert_eq!(
        a.context(),
        Context::LinkLabels,
        "waits for the second letter"
    );
    type_label(&mut a, &label[1..]);
    assert_eq!(a.context(), Context::Text);
    assert_eq!(a.reader().link_cursor, Some(30));
}

#[test]
fn a_click_on_a_link_follows_it() {
    let mut a = app();
    let piece = a
        .visible_links()
        .iter()
        .find(|p| p.link == 0)
        .expect("on screen");
    a.update(Command::Click {
        column: piece.x.start + 2,
        row: piece.y,
    });
    assert_eq!(a.current_section(), 2);
    a.update(Command::JumpBack);
    assert_eq!(a.position().0, 0);
}

#[test]
fn the_selected_link_is_reversed() {
    let mut a = app();
    a.update(Command::LinkNext);
    a.update(Command::LinkNext);
    let buf = common::draw(&a);
    for p in a.visible_links() {
        for x in p.x.clone() {
            let reversed = buf[(x, p.y)].modifier.contains(Modifier::REVERSED);
            assert_eq!(reversed, p.link == 1, "link {} at {x}", p.link);
        }
    }
}

#[test]
fn copying_shows_the_address_or_asks_for_osc52() {
    let mut a = app();
    a.update(Command::CopyLink);
    assert_eq!(message(&a), "no link selected (Tab selects one)");
    a.update(Command::LinkNext);
    a.update(Command::LinkNext);
    a.update(Command::CopyLink);
    assert_eq!(message(&a), "https://example.org/page");
    assert!(a.effects().is_empty());

    let options = Options {
        clipboard_osc52: true,
        ..Options::default()
    };
    let mut a = common::app_with(DOC, options, 80, 16);
    a.update(Command::CopyLabels);
    let label = label_of(&a, 3);
    type_label(&mut a, &label);
    assert_eq!(
        a.take_effects(),
        vec![Effect::Copy("javascript:alert(1)".to_string())]
    );
}

#[test]
fn labels_snapshot() {
    let mut a = common::app_for(DOC, 60, 14);
    a.update(Command::LinkLabels);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(60, 14)).unwrap();
    terminal.draw(|f| f.render_widget(&a, f.area())).unwrap();
    insta::assert_snapshot!("labels_60x14", terminal.backend());
}

#[test]
fn the_link_list_filters_follows_and_copies() {
    let mut a = app();
    a.update(Command::ShowLinks);
    assert_eq!(a.context(), Context::Links);
    assert_eq!(a.prompt().unwrap().candidates, vec![0, 1, 2, 3]);
    common::type_query(&mut a, "end");
    assert_eq!(a.prompt().unwrap().candidates, vec![0]);
    let buf = common::draw(&a);
    let shown: String = (0..a.size().height).map(|y| common::row(&buf, y)).collect();
    assert!(
        shown.contains("Start › Go to the end → #the-end"),
        "{shown}"
    );
    a.update(Command::Accept);
    assert_eq!(a.context(), Context::Text);
    assert_eq!(a.current_section(), 2);

    a.update(Command::ShowLinks);
    common::type_query(&mut a, "example");
    a.update(Command::CopyLink);
    assert_eq!(a.context(), Context::Text);
    assert_eq!(message(&a), "https://example.org/page");

    a.update(Command::ShowLinks);
    common::type_query(&mut a, "zzzz");
    a.update(Command::Accept);
    assert_eq!(message(&a), "no link matches \"zzzz\"");

    let mut plain = common::app_for("title = \"T\"\n[[sections]]\ntitle = \"A\"\n", 80, 16);
    plain.update(Command::ShowLinks);
    assert_eq!(plain.context(), Context::Text);
    assert_eq!(message(&plain), "this document has no links");
    // The embedded article's one link entry has no address: `--check`
    // counts it, and `L` says why there is nothing to list.
    let mut article = common::embedded_app(80, 16);
    assert_eq!(article.reader().doc.link_count(), 1);
    article.update(Command::ShowLinks);
    assert_eq!(
        message(&article),
        "no link to follow: its link has no address"
    );
}

/// Two Markdown documents in `dir` linking to each other.
fn two_documents(dir: &std::path::Path) -> (App, std::path::PathBuf, std::path::PathBuf) {
    let mut a_text = String::from("# Alpha\n\nSee [beta details](b.md#details).\n\n");
    for i in 1..=20 {
        a_text.push_str(&format!("## A part {i}\n\nAlpha text {i}.\n\n"));
    }
    a_text.push_str("## Last\n\nOn to [beta](b.md).\n");
    let b_text = "# Beta\n\nBack to [alpha](a.md).\n\n## Details\n\nThe details.\n";
    let (a, b) = (dir.join("a.md"), dir.join("b.md"));
    std::fs::write(&a, &a_text).unwrap();
    std::fs::write(&b, b_text).unwrap();
    let doc = camp_reader::load::load(&camp_reader::load::Input::File(a.clone()), 1 << 20).unwrap();
    let reader = Reader::from_file(doc, a.clone().into(), 0).in_dir(Some(dir.to_path_buf()));
    let mut app = App::with_reader(reader, Options::default());
    app.update(Event::Resize(80, 16));
    (app, a, b)
}

fn load_md(path: &std::path::Path) -> Box<camp_reader::model::document::Document> {
    let input = camp_reader::load::Input::File(path.to_path_buf());
    Box::new(camp_reader::load::load(&input, 1 << 20).unwrap())
}

fn link_to(a: &App, target: &str) -> usize {
    (0..a.reader().doc.links.len())
        .find(|&l| a.reader().doc.link_target(l) == target)
        .unwrap_or_else(|| panic!("no link to {target}"))
}

#[test]
fn a_link_to_another_document_asks_the_loop_to_open_it_at_its_section() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, _, b) = two_documents(dir.path());
    a.follow(link_to(&a, "b.md#details"));
    match a.take_effects().as_slice() {
        [Effect::OpenDocument { path, anchor, at }] => {
            assert_eq!(path, &b);
            assert_eq!(anchor.as_deref(), Some("details"));
            assert_eq!(at, &None);
        }
        other => panic!("{other:?}"),
    }
    let canonical = std::fs::canonicalize(&b).unwrap();
    a.update(Event::Opened {
        doc: load_md(&b),
        file: canonical.clone(),
        anchor: Some("details".into()),
        resume: None,
        source_hash: 0,
        left_stamp: None,
    });
    assert_eq!(a.reader().doc.title, "Beta");
    assert_eq!(a.reader().doc.section_title(a.current_section()), "Details");
    assert_eq!(a.reader().dir.as_deref(), canonical.parent());
    assert!(
        a.kept(&dir.path().join("a.md")).is_some(),
        "the reader left is kept"
    );
    assert_eq!(a.docs_visited(), 2);
    let buf = common::draw(&a);
    let status = common::row(&buf, buf.area.height - 1);
    assert!(status.contains("b.md"), "{status}");
}

#[test]
fn ctrl_o_back_to_another_document_reopens_it_at_the_place_left() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, a_path, b) = two_documents(dir.path());
    a.update(Event::JumpToSection(12));
    // The paragraph's line (the blank line after a heading is not a
    // spot of its own).
    a.update(Command::LineDown);
    a.update(Command::LineDown);
    let left = a.spot();
    let line = a.position().0;
    a.follow(link_to(&a, "b.md"));
    a.take_effects();
    a.update(Event::Opened {
        doc: load_md(&b),
        file: std::fs::canonicalize(&b).unwrap(),
        anchor: None,
        resume: None,
        source_hash: 0,
        left_stamp: None,
    });
    assert_eq!(a.position().0, 0, "no section, nothing remembered: the top");
    a.update(Command::JumpBack);
    let at = match a.take_effects().as_slice() {
        [
            Effect::OpenDocument {
                path,
                anchor,
                at: Some(at),
            },
        ] => {
            assert_eq!(path, &std::fs::canonicalize(&a_path).unwrap());
            assert_eq!(anchor, &None);
            at.clone()
        }
        other => panic!("{other:?}"),
    };
    let doc = load_md(&a_path);
    let spot = camp_reader::app::spot_of(&doc, &at).expect("the place is there");
    assert_eq!(spot, left);
    a.update(Event::Opened {
        doc,
        file: std::fs::canonicalize(&a_path).unwrap(),
        anchor: None,
        resume: Some((spot.block, spot.offset)),
        source_hash: 0,
        left_stamp: None,
    });
    assert_eq!(a.reader().doc.title, "Alpha");
    assert_eq!(a.spot(), left);
    assert_eq!(a.position().0, line);
    // Forward goes to beta again: the place there is named by its file.
    a.update(Command::JumpForward);
    match a.take_effects().as_slice() {
        [
            Effect::OpenDocument {
                path, at: Some(_), ..
            },
        ] => {
            assert_eq!(path, &std::fs::canonicalize(&b).unwrap())
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_link_list_filter_scores_many_links_in_steps_and_waits_for_them_on_enter() {
    use camp_reader::app::LINK_FILTER_STEP;
    let n = LINK_FILTER_STEP * 2 + 500;
    let mut text = String::from("# Many\n\n");
    for i in 0..n {
        text.push_str(&format!("[link {i}](u{i}) "));
    }
    // The best match for "zebra" is the very last link.
    text.push_str("[zebra](z)\n");
    let doc = camp_reader::load::parse_markdown("many.md", "many", &text).expect("loads");
    let all = camp_reader::find::search::fuzzy_links(&doc, "zebra");
    let mut a = App::new(doc, Options::default());
    a.update(Event::Resize(100, 30));
    a.update(Command::ShowLinks);
    a.update(Command::Paste("zebra".into()));
    // A key scores one step of links, not all of them.
    assert!(a.link_filter_in_progress());
    assert!(a.search_in_progress(), "the loop is asked for steps");
    assert!(!a.prompt().unwrap().candidates.contains(&n));
    let mut steps = 0;
    while a.search_in_progress() {
        assert!(a.update(Event::SearchStep), "a step shows more of the list");
        steps += 1;
    }
    assert_eq!(steps, 2);
    assert_eq!(a.prompt().unwrap().candidates, all);
    assert_eq!(all[0], n, "the last link is the best match");
    // Enter before the steps ran still picks the best match of all.
    a.update(Command::Close);
    a.update(Command::ShowLinks);
    a.update(Command::Paste("zebra".into()));
    assert!(a.link_filter_in_progress());
    a.update(Command::CopyLink);
    assert_eq!(message(&a), "z");
}

#[test]
fn a_document_left_for_another_comes_back_with_its_marks_and_place_without_the_state_file() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, a_path, b) = two_documents(dir.path());
    a.update(Event::JumpToSection(12));
    a.update(Command::MarkSet);
    a.update(Command::Insert('q'));
    let marked = a.spot();
    a.update(Command::Top);
    let left = a.spot();
    a.follow(link_to(&a, "b.md#details"));
    a.take_effects();
    a.update(Event::Opened {
        doc: load_md(&b),
        file: std::fs::canonicalize(&b).unwrap(),
        source_hash: 0,
        anchor: Some("details".into()),
        resume: None,
        left_stamp: None,
    });
    assert!(a.reader().marks.named.is_empty(), "beta has no marks");
    // The loop finds alpha's reader kept and shows it again: nothing is
    // read from a file or the state file.
    let kept = a.kept(&a_path).expect("alpha's reader is kept");
    assert_eq!(kept.marks.named.get(&'q'), Some(&marked));
    a.update(Event::Reopened {
        file: a_path.clone().into(),
        anchor: None,
        at: None,
        left_stamp: None,
    });
    assert_eq!(a.reader().doc.title, "Alpha");
    assert_eq!(a.spot(), left, "where alpha was left");
    assert!(a.kept(&a_path).is_none(), "on screen, not kept");
    assert!(a.kept(&std::fs::canonicalize(&b).unwrap()).is_some());
    a.update(Command::MarkJump);
    a.update(Command::Insert('q'));
    assert_eq!(a.spot(), marked, "the mark set before the visit");
}

/// `L` opens at the first link from the top of the view on, not at the
/// document's first link (after `G`, the list opened at the top).
#[test]
fn the_link_list_opens_at_the_first_link_from_the_view() {
    let mut md = String::from("# Doc\n\n");
    for i in 0..40 {
        md.push_str(&format!(
            "## S{i}\n\nSee [link {i}](https://example.org/{i}) here.\n\n"
        ));
    }
    let doc = camp_reader::load::parse_markdown("d.md", "d", &md).expect("loads");
    let mut a = App::new(doc, camp_reader::app::Options::default());
    a.update(Event::Resize(100, 20));
    a.update(Command::ShowLinks);
    assert_eq!(a.prompt().map(|p| p.selected), Some(0));
    a.update(Command::Close);
    a.update(Command::Bottom);
    a.update(Command::ShowLinks);
    let p = a.prompt().expect("the list");
    let link = p.candidates[p.selected];
    let top = a.reader().doc.links[link].start;
    // The first link at or after the view's top: the one before it is above.
    assert!(link > 30, "link {link}");
    assert!(a.reader().doc.links[link - 1].start < top);
}

/// `Esc` lets go of the link `Tab` chose (`Shift-Tab` went on from it).
#[test]
fn esc_lets_go_of_the_tab_link() {
    let md = "# Doc\n\nSee [one](https://example.org/1) and [two](https://example.org/2).\n";
    let doc = camp_reader::load::parse_markdown("d.md", "d", md).expect("loads");
    let mut a = App::new(doc, Options::default());
    a.update(Event::Resize(100, 20));
    a.update(Command::LinkNext);
    assert!(a.reader().link_cursor.is_some());
    a.update(Command::ClearSearch);
    assert_eq!(a.reader().link_cursor, None);
    // Tab starts again from the first link on screen.
    a.update(Command::LinkNext);
    assert_eq!(a.reader().link_cursor, Some(0));
}
