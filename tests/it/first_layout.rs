//! Start-up wraps one screen of a small document, not all of it: any other
//! layout of a document under `EAGER_BYTES` wraps it whole (exact line
//! counts), but the first frame needs only what it shows. The event loop
//! wraps the rest after the frame is drawn (`Event::LayoutStep`), and then
//! the layout is the one a whole wrap gives.

use camp_reader::app::{App, Event, Options};
use camp_reader::load::parse_markdown;
use camp_reader::render::layout::{EAGER_BYTES, Layout};
use camp_reader::settings::keymap::Command;

use crate::common::{draw, row};

/// A Markdown document of about `bytes` bytes: sections of paragraphs.
fn document(bytes: usize) -> String {
    let para = "Camp Ashraf 3 lies in Manëz, Durrës County, between Tirana and the \
                coast; the camp's gardens are watered from the hills behind it.\n\n";
    let mut text = String::from("# Camp\n\n");
    let mut n = 0;
    while text.len() < bytes {
        if n % 10 == 0 {
            text.push_str(&format!("## Part {n}\n\n"));
        }
        text.push_str(para);
        n += 1;
    }
    text
}

fn open(bytes: usize) -> App {
    let doc = parse_markdown("test.md", "test", &document(bytes)).expect("loads");
    App::new(doc, Options::default())
}

#[test]
fn the_first_frame_wraps_a_screen_whatever_the_document_size() {
    let (w, h) = (120, 40);
    let mut wrapped = Vec::new();
    for bytes in [8 << 10, 32 << 10, EAGER_BYTES - (1 << 10)] {
        let mut app = open(bytes);
        app.reset_wrap_counter();
        app.update(Event::FirstSize(w, h));
        // Drawn as the first frame is: the status line included.
        let buf = draw(&app);
        let text: String = (0..h - 1).map(|y| row(&buf, y)).collect();
        assert!(text.matches("Camp Ashraf").count() >= 5, "{text}");
        assert!(row(&buf, h - 1).contains("help"), "{}", row(&buf, h - 1));
        wrapped.push(app.reader().layout.wrapped_bytes);
        assert!(app.layout_pending(), "{bytes} B: nothing left to wrap");
    }
    // About a screen each: 40 rows of ~120 columns, and what settling
    // looks ahead at; not growing with the document.
    let screen = usize::from(w) * usize::from(h);
    for (n, &bytes) in wrapped.iter().enumerate() {
        assert!(bytes <= 2 * screen, "document {n}: {bytes} bytes wrapped");
    }
    assert!(wrapped[2] <= wrapped[0] + 200, "{wrapped:?}");
}

#[test]
fn the_layout_step_makes_the_line_count_exact_as_a_whole_wrap() {
    let (w, h) = (100, 30);
    let mut app = open(64 << 10);
    app.update(Event::FirstSize(w, h));
    let status = row(&draw(&app), h - 1);
    assert!(status.contains("/~"), "{status}");
    let mut steps = 0;
    while app.layout_pending() {
        app.update(Event::LayoutStep);
        steps += 1;
    }
    assert_eq!(steps, 1);
    assert!(app.reader().layout.is_exact());
    let doc = &app.reader().doc;
    let width = app.regions().text.width as usize;
    let whole = Layout::new(doc, width);
    let (_, total) = app.position();
    assert_eq!(total, whole.total_lines());
    let status = row(&draw(&app), h - 1);
    assert!(status.contains(&format!("/{total} ")), "{status}");
    assert!(!status.contains('~'), "{status}");
}

#[test]
fn keys_before_the_layout_step_work_and_a_resize_wraps_whole() {
    let (w, h) = (100, 30);
    let mut app = open(64 << 10);
    app.update(Event::FirstSize(w, h));
    // `G` before the rest is wrapped goes where it goes after.
    app.update(Command::Bottom);
    let top = app.reader().top;
    let mut done = open(64 << 10);
    done.update(Event::FirstSize(w, h));
    done.update(Event::LayoutStep);
    done.update(Command::Bottom);
    assert_eq!(top, done.reader().top);
    // Any later layout is whole, as before.
    app.update(Event::Resize(w + 10, h));
    assert!(!app.layout_pending());
    assert!(app.reader().layout.is_exact());
}

/// `:60` typed as a small document opens goes to line 60, as it does once
/// the rest is wrapped (it went by the estimates: line 58, the flaky
/// `daily::v_opens_at_the_link_cursor…`).
#[test]
fn a_line_number_before_the_layout_step_is_the_exact_line() {
    // The pty test's document: short paragraphs, some with a link.
    let mut faq = String::from("# FAQ\n");
    for i in 1..=60 {
        faq.push_str(&format!(
            "\nQuestion {i} has a distinct answer, number {i}."
        ));
        if i % 10 == 5 {
            faq.push_str(&format!(" See [site {i}](https://example.org/{i})."));
        }
        faq.push('\n');
    }
    let faq_app = || {
        let doc = parse_markdown("faq.md", "faq", &faq).expect("loads");
        App::new(doc, Options::default())
    };
    for (w, h) in [(80u16, 24u16), (100, 30), (60, 20)] {
        let mut done = faq_app();
        done.update(Event::FirstSize(w, h));
        done.update(Event::LayoutStep);
        let mut app = faq_app();
        app.update(Event::FirstSize(w, h));
        for a in [&mut app, &mut done] {
            a.update(Command::GoToSection);
            a.update(Command::Paste("60".into()));
            a.update(Command::Accept);
        }
        assert_eq!(app.reader().top, done.reader().top, "{w}×{h}");
        app.update(Event::LayoutStep);
        assert_eq!(app.position().0, 59, "{w}×{h}");
    }
}
