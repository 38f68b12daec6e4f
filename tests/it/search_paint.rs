//! Painting a frame's search matches costs what the frame shows, never the
//! rest of its blocks: a search whose only match is at the start of a big
//! paragraph, table or code block (or whose next match is far past the
//! frame) must not make every drawn line search to the block's end (it
//! did: seconds a key in a debug build, once per line).

use camp_reader::app::{App, Event, Options};
use camp_reader::find::search::bytes_searched;
use camp_reader::load::parse_markdown;
use camp_reader::settings::keymap::Command;

use crate::common::{draw, type_query};

fn app_md(md: &str) -> App {
    let doc = parse_markdown("t.md", "t", md).expect("document loads");
    let mut app = App::new(doc, Options::default());
    app.update(Event::Resize(120, 40));
    app
}

fn search(app: &mut App, query: &str, regex: bool) {
    app.update(Command::SearchStart);
    if regex {
        app.update(Command::ToggleRegex);
    }
    type_query(app, query);
    app.update(Command::Accept);
    while app.search_in_progress() {
        app.update(Event::SearchStep);
    }
}

fn go_to_percent(app: &mut App, percent: u32) {
    for d in percent.to_string().chars().filter_map(|c| c.to_digit(10)) {
        app.update(Command::Count(d as u8));
    }
    app.update(Command::Percent);
    // Far into a long block `%` wraps in steps, the loop's between keys.
    while app.wrap_pending() {
        app.update(Event::WrapStep);
    }
}

/// Bytes searched to draw a frame, and to take `j` and `k` and draw after
/// each (the most of the three).
fn frame_cost(app: &mut App) -> u64 {
    let mut most = 0;
    for key in [None, Some(Command::LineDown), Some(Command::LineUp)] {
        let before = bytes_searched();
        if let Some(key) = key {
            app.update(key);
        }
        draw(app);
        most = most.max(bytes_searched() - before);
    }
    most
}

/// What a frame may search: 4 KiB a line (the first look-ahead is 1 KiB),
/// whatever its blocks hold (before the fix: every line searched its whole
/// block, 24 to 175 MB a frame here).
const FRAME_BOUND: u64 = 40 * (4 << 10);

fn check(md: &str, query: &str, regex: bool, percent: u32, matches: usize) {
    let mut app = app_md(md);
    search(&mut app, query, regex);
    let s = app.reader().search.as_ref().expect("a search");
    assert_eq!(s.matches.len(), matches, "{query}");
    go_to_percent(&mut app, percent);
    let (line, total) = app.position();
    assert!(line > total / 10, "at line {line} of {total}");
    let cost = frame_cost(&mut app);
    assert!(
        cost <= FRAME_BOUND,
        "{query}: a frame searched {cost} bytes of a {} byte document",
        md.len()
    );
}

const WORDS: [&str; 8] = [
    "alpha", "beta", "gamma", "delta", "word", "text", "lorem", "ipsum",
];

#[test]
fn a_paragraph_whose_only_match_is_at_its_start_paints_at_the_cost_of_the_frame() {
    let body: Vec<&str> = (0..400_000).map(|i| WORDS[i % 8]).collect();
    let md = format!("# P\n\nneedle {} \n\nend\n", body.join(" "));
    check(&md, "needle", false, 30, 1);
}

#[test]
fn a_table_whose_only_match_is_its_header_paints_at_the_cost_of_the_frame() {
    let md = format!("| a | b |\n|---|---|\n{}", "| x | y |\n".repeat(200_000));
    check(&md, "a", false, 50, 1);
}

#[test]
fn a_code_block_with_matches_far_before_and_after_the_frame_paints_at_its_cost() {
    let code: String = (0..50_000).map(|i| format!("f{i}\n")).collect();
    let md = format!("```\n{code}```\n");
    // f4999 and f49990..f49999: the frame at the middle is between them.
    check(&md, "f4999", false, 50, 11);
    // And through a regex.
    check(&md, "f4999[0-9]?$", true, 50, 11);
}

/// A narrow table shows its header cell again as the key of every row's
/// field; a match in that cell is one match, painted once (on the first
/// row's key), not as the current match on every row.
#[test]
fn a_match_in_a_narrow_tables_header_is_painted_once() {
    let md = "# T\n\n| Target Triple | Minimum version |\n|---|---|\n| x86_64-unknown-linux-gnu-long | linux-kernel-3.2-glibc-2.17-x |\n| x86_64-pc-windows-msvc-longer | windows-10-version-1809-or-up |\n| i686-win7-windows-msvc-longer | windows-7-service-pack-1-upxx |\n";
    let doc = parse_markdown("t.md", "t", md).expect("document loads");
    let mut app = App::new(doc, Options::default());
    app.update(Event::Resize(40, 30));
    search(&mut app, "Triple", false);
    let buf = draw(&app);
    let current = app.options().theme.search_current;
    let mut rows_with_current = 0;
    let mut keys = 0;
    for y in 0..buf.area.height {
        let row: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        if row.contains("Target Triple:") {
            keys += 1;
        }
        if (0..buf.area.width).any(|x| {
            buf[(x, y)].style() == buf[(x, y)].style().patch(current)
                && buf[(x, y)].symbol() == "T"
                && row.contains("Triple")
        }) {
            rows_with_current += 1;
        }
    }
    assert!(keys >= 3, "the table is shown as fields: {keys} keys");
    assert_eq!(
        rows_with_current, 1,
        "the current match painted on {rows_with_current} rows"
    );
}
