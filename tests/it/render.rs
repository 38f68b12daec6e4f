//! Render tests: the whole screen drawn through ratatui's TestBackend at a
//! matrix of sizes, compared with committed insta snapshots.

use crate::common;

use camp_reader::app::App;
use camp_reader::settings::keymap::Command;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const SIZES: [(u16, u16); 4] = [(120, 40), (80, 24), (40, 12), (1, 1)];

fn draw(app: &App) -> Terminal<TestBackend> {
    let mut terminal =
        Terminal::new(TestBackend::new(app.size().width, app.size().height)).unwrap();
    terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
    terminal
}

fn app_after(w: u16, h: u16, actions: &[Command]) -> App {
    let mut app = common::embedded_app(w, h);
    for a in actions {
        app.update(a.clone());
    }
    app
}

fn snapshot_matrix(name: &str, actions: &[Command]) {
    for (w, h) in SIZES {
        let app = app_after(w, h, actions);
        let terminal = draw(&app);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), terminal.backend());
    }
}

#[test]
fn opening_screen() {
    snapshot_matrix("open", &[]);
}

#[test]
fn after_section_jumps() {
    snapshot_matrix("section3", &[Command::NextSection, Command::NextSection]);
}

#[test]
fn end_of_document() {
    snapshot_matrix("end", &[Command::Bottom]);
}

#[test]
fn sidebar_focused_with_cursor() {
    snapshot_matrix(
        "sidebar",
        &[Command::FocusNext, Command::LineDown, Command::LineDown],
    );
}

#[test]
fn help_overlay() {
    snapshot_matrix("help", &[Command::Help]);
}

#[test]
fn message_in_status_line() {
    let app = app_after(80, 24, &[Command::LineUp]);
    let terminal = draw(&app);
    let status: String = (0..80)
        .map(|x| terminal.backend().buffer()[(x, 23)].symbol().to_string())
        .collect();
    assert!(status.contains("top of document"), "{status}");
}

#[test]
fn drawing_into_a_smaller_area_than_the_app_thinks_stays_inside() {
    // The app believes it is 120x40 but the frame is 10x5: no panic, no
    // write outside the buffer.
    let app = app_after(120, 40, &[Command::Help]);
    let mut terminal = Terminal::new(TestBackend::new(10, 5)).unwrap();
    terminal.draw(|f| f.render_widget(&app, f.area())).unwrap();
}
