//! Every key named on screen comes from the keymap in force: with keys
//! remapped, the status hint, the prompt, the overlays' titles, the help
//! and the messages name the new keys, never the defaults.

use crate::common;

use camp_reader::app::Event;
use camp_reader::app::{App, Options};
use camp_reader::load::{EMBEDDED, EMBEDDED_NAME, parse};
use camp_reader::settings::keymap::{Command, Key};
use common::{draw, row, type_query};
use ratatui::crossterm::event::KeyCode;

fn remapped(w: u16, h: u16) -> App {
    let mut options = Options::default();
    let keys = &mut options.keymap;
    // `help-reading = ["H"]`, `help = ["F2"]`, as in the config file.
    assert!(keys.remap("help-reading", vec![Key::char('H')]));
    assert!(keys.remap("help", vec![Key::plain(KeyCode::F(2))]));
    assert!(keys.remap("toggle-sidebar", vec![Key::char('T')]));
    assert!(keys.remap("search", vec![Key::char('s')]));
    assert!(keys.remap("search-regex", vec![Key::ctrl('x')]));
    assert!(keys.remap("help-close", vec![Key::char('x')]));
    assert!(keys.remap("results-jump", vec![Key::char('o')]));
    assert!(keys.remap("results-close", vec![Key::char('c')]));
    assert!(keys.remap("prompt-cancel", vec![Key::ctrl('q')]));
    assert!(keys.remap("goto-prev", vec![Key::ctrl('p')]));
    assert!(keys.remap("goto-next", vec![Key::ctrl('n')]));
    let doc = parse(EMBEDDED_NAME, EMBEDDED).expect("embedded document loads");
    let mut app = App::new(doc, options);
    app.update(Event::Resize(w, h));
    app
}

fn screen(app: &App) -> String {
    let buf = draw(app);
    (0..buf.area.height)
        .map(|y| row(&buf, y))
        .collect::<Vec<_>>()
        .join("\n")
}

fn status(app: &App) -> String {
    row(&draw(app), app.size().height - 1)
}

#[test]
fn the_status_hint_names_the_help_key_in_force() {
    let app = remapped(120, 40);
    let hint = status(&app);
    assert!(hint.contains("H help"), "{hint}");
    assert!(!hint.contains("h help"), "{hint}");
    // Unbound: no hint at all rather than a wrong one.
    let mut app = remapped(120, 40);
    app.options_mut().keymap.remap("help-reading", vec![]);
    assert!(status(&app).contains("F2 help"), "{}", status(&app));
    app.options_mut().keymap.remap("help", vec![]);
    let line = status(&app);
    assert!(!line.contains("help"), "{line}");
}

#[test]
fn messages_name_the_keys_in_force() {
    // Narrow: the sidebar hides itself, and Tab says how to show it.
    let mut app = remapped(50, 20);
    app.update(Command::FocusNext);
    assert_eq!(
        app.status().message.as_deref(),
        Some("sidebar hidden (T shows it)")
    );
    app.update(Command::SearchNext);
    assert_eq!(
        app.status().message.as_deref(),
        Some("no search (press s to search)")
    );
}

#[test]
fn prompts_and_overlays_name_the_keys_in_force() {
    let mut app = remapped(120, 40);
    app.update(Command::SearchStart);
    let line = status(&app);
    assert!(line.contains("Ctrl-x regex"), "{line}");
    assert!(!line.contains("Ctrl-r"), "{line}");
    type_query(&mut app, "Albania");
    // The prompt starts with the key that opened it, a letter set apart.
    let line = status(&app);
    assert!(
        line.starts_with("s: Albania") || line.contains(" s: Albania"),
        "{line}"
    );
    assert!(!line.contains("/Albania"), "{line}");
    app.update(Command::Accept);
    app.update(Command::ShowResults);
    let shown = screen(&app);
    assert!(shown.contains("— o jumps, c closes"), "{shown}");
    app.update(Command::Close);
    app.update(Command::GoToSection);
    let shown = screen(&app);
    assert!(
        shown.contains("Go to section — Ctrl-p/Ctrl-n choose, Enter jumps, Ctrl-q cancels"),
        "{shown}"
    );
    app.update(Command::Close);
    app.update(Command::Help);
    let shown = screen(&app);
    assert!(
        shown.contains("Keys — j/k/Space scroll, x closes"),
        "{shown}"
    );
    // The help's own descriptions name keys too.
    assert!(shown.contains("(then n goes on backward"), "{shown}");
    assert!(shown.contains("search the text (then n / N)"), "{shown}");
    assert!(!shown.contains("Esc closes"), "{shown}");
}

#[test]
fn the_defaults_read_as_before() {
    let mut app = common::embedded_app(120, 40);
    assert!(status(&app).contains("h help"));
    app.update(Command::SearchStart);
    assert!(status(&app).contains("Ctrl-r regex"));
    type_query(&mut app, "x");
    assert!(status(&app).contains("/x"), "{}", status(&app));
    app.update(Command::Close);
    // A backward search's prompt starts with `?`.
    app.update(Command::SearchBackStart);
    type_query(&mut app, "x");
    assert!(status(&app).contains("?x"), "{}", status(&app));
    app.update(Command::Close);
    app.update(Command::GoToSection);
    assert!(screen(&app).contains("Go to section — ↑↓ choose, Enter jumps, Esc cancels"));
}

#[test]
fn a_box_title_too_long_for_its_box_ends_in_an_ellipsis() {
    for w in [50u16, 60, 80] {
        let mut app = common::embedded_app(w, 24);
        app.update(Command::GoToSection);
        let shown = screen(&app);
        let title = shown
            .lines()
            .find(|l| l.contains("Go to section"))
            .unwrap_or_else(|| panic!("{w}: {shown}"));
        let title = title.trim_end();
        assert!(
            title.contains("Esc cancels ─")
                || title.ends_with("Esc cancels┐")
                || title.ends_with("…┐"),
            "{w}: {title}"
        );
    }
}
