//! Progressive open (issue 24): a large Markdown file's first screen is
//! parsed from a bounded prefix, keys work while the rest is read, those
//! that need the rest wait and are carried out, and nothing on the first
//! screen changes when the whole arrives.

use camp_reader::app::{App, Event, Options, extends};
use camp_reader::load::{self, FIRST_READ_BYTES, FIRST_SCREEN_BYTES, Input};
use camp_reader::model::document::Document;
use camp_reader::settings::keymap::Command;
use camp_reader::shell::cli::{Cli, load_first_screen};
use camp_reader::shell::tui::{RestOf, Whole, read_whole};
use camp_reader::testing::sample::{MarkdownShape, article_markdown_copies, write_markdown_shape};
use clap::Parser;

use crate::common::{draw, row, type_query};

/// The article repeated `copies` times, as a `.md` file, with its text.
fn markdown_file(copies: usize) -> (tempfile::TempDir, std::path::PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.md");
    let text = article_markdown_copies(copies);
    std::fs::write(&path, &text).unwrap();
    (dir, path, text)
}

/// The start of `text` read before the first screen: its first
/// [`FIRST_READ_BYTES`], to the last whole line.
fn first_read(text: &str) -> &str {
    let bytes = &text.as_bytes()[..FIRST_READ_BYTES.min(text.len())];
    let end = bytes
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |at| at + 1);
    &text[..end]
}

/// The first part and the whole of `text`, read as the file `path`.
fn part_and_whole(path: &std::path::Path, text: &str) -> (Document, usize, Document) {
    let input = Input::File(path.to_path_buf());
    let (part, parsed) = load::markdown_prefix(&input, None, first_read(text), text.len())
        .expect("a large Markdown file opens progressively")
        .unwrap();
    let whole = load::parse_markdown_reporting(&input, text, &|_| {}).unwrap();
    (part, parsed, whole)
}

fn loading_app(part: Document) -> App {
    let mut app = App::new(part, Options::default());
    app.update(Event::Resize(100, 30));
    app.update(Event::Loading { section: None });
    app
}

/// The text pane's cells, row by row.
fn pane(app: &App) -> Vec<String> {
    let buf = draw(app);
    let r = app.regions().text;
    (r.y..r.bottom())
        .map(|y| (r.x..r.right()).map(|x| buf[(x, y)].symbol()).collect())
        .collect()
}

#[test]
fn the_first_screen_is_read_and_parsed_from_a_bounded_prefix_of_a_large_markdown_file() {
    // About 8 MB: its first part is read from the file's first
    // FIRST_READ_BYTES (counted where the open file is), whatever the
    // size; the rest is read, checked and hashed after the first frame.
    let (_dir, path, text) = markdown_file(1100);
    assert!(text.len() > 7 << 20);
    let cli = Cli::try_parse_from(["camp-reader", path.to_str().unwrap()]).unwrap();
    let (doc, version, rest) = load_first_screen(&cli).unwrap();
    let rest = rest.expect("the rest is read after the first screen");
    let read = rest.part.file_offset().unwrap();
    assert!(
        read > 0 && read <= FIRST_READ_BYTES as u64,
        "{read} bytes read before the first frame"
    );
    assert_eq!(read, rest.part.bytes_read() as u64);
    assert!(
        rest.parsed > 0 && rest.parsed <= 2 * FIRST_SCREEN_BYTES,
        "{}",
        rest.parsed
    );
    assert_eq!(version, None, "the version is known once the whole is read");
    // The part ends where it was cut: none of it is past the bytes parsed.
    assert!(doc.text().len() <= rest.parsed);
    assert!(doc.sections.len() > 5, "a first screen and more");
    // The rest: the whole file, hashed as a whole load hashes it.
    let whole = rest.part.finish().unwrap();
    assert_eq!(whole.text, text);
    assert_eq!(load::Version::of(&whole).hash, load::source_hash(&text));
    assert!(whole.stamp.is_some());
}

#[test]
fn a_bad_byte_past_the_first_part_is_reported_when_the_rest_is_read() {
    let (dir, _path, text) = markdown_file(300);
    let mut bytes = text.into_bytes();
    // A bad byte at the start of a line about 2 MB in.
    let at = 2 << 20;
    let line_start = at + bytes[at..].iter().position(|&b| b == b'\n').unwrap() + 1;
    bytes.insert(line_start, 0xFF);
    let line = 1 + bytes[..line_start].iter().filter(|&&b| b == b'\n').count();
    let path = dir.path().join("bad.md");
    std::fs::write(&path, &bytes).unwrap();
    let cli = Cli::try_parse_from(["camp-reader", path.to_str().unwrap()]).unwrap();
    let (doc, _, rest) = load_first_screen(&cli).unwrap();
    assert_eq!(doc.load_warning, None, "not read yet");
    let whole = rest.unwrap().part.finish().unwrap();
    let warning = whole.warning.expect("the bad byte is reported").to_string();
    assert!(
        warning.starts_with(&format!("{}:{line}:1: not valid UTF-8", path.display())),
        "{warning}"
    );
    assert!(whole.text.contains('\u{FFFD}'));
    // On screen: said when the whole arrives.
    let input = Input::File(path.clone());
    let part = load::markdown_prefix(&input, None, first_read(&whole.text), whole.text.len())
        .unwrap()
        .unwrap()
        .0;
    let mut doc = load::parse_markdown_reporting(&input, &whole.text, &|_| {}).unwrap();
    doc.load_warning = Some(load::headline(&warning));
    let mut app = loading_app(part);
    app.update(Event::Loaded(Box::new(doc), 0));
    let said = app.status().message.clone().unwrap();
    assert!(
        said.starts_with("loaded · ") && said.contains(&format!(":{line}:1: not valid UTF-8")),
        "{said}"
    );
}

#[test]
fn a_large_file_over_max_size_or_binary_is_refused_before_the_first_screen() {
    let (dir, path, text) = markdown_file(300);
    let small = (text.len() / 2).to_string();
    let cli =
        Cli::try_parse_from(["camp-reader", "--max-size", &small, path.to_str().unwrap()]).unwrap();
    let e = load_first_screen(&cli).unwrap_err().to_string();
    assert!(e.contains("over the size limit"), "{e}");
    let mut bytes = text.into_bytes();
    bytes[1000] = 0;
    let binary = dir.path().join("binary.md");
    std::fs::write(&binary, &bytes).unwrap();
    let cli = Cli::try_parse_from(["camp-reader", binary.to_str().unwrap()]).unwrap();
    let e = load_first_screen(&cli).unwrap_err().to_string();
    assert!(
        e.contains("not a text file (a NUL byte at offset 1000)"),
        "{e}"
    );
}

#[test]
fn small_files_are_read_whole_before_the_first_screen() {
    let dir = tempfile::tempdir().unwrap();
    let small = dir.path().join("small.md");
    std::fs::write(&small, article_markdown_copies(20)).unwrap();
    let toml = dir.path().join("small.toml");
    std::fs::write(&toml, camp_reader::testing::sample::article_copies(20)).unwrap();
    assert!(std::fs::metadata(&toml).unwrap().len() < load::PROGRESSIVE_FROM as u64);
    for path in [small, toml] {
        let cli = Cli::try_parse_from(["camp-reader", path.to_str().unwrap()]).unwrap();
        let (_, version, rest) = load_first_screen(&cli).unwrap();
        assert!(rest.is_none(), "{}", path.display());
        assert!(version.is_some_and(|v| v.stamp.is_some()));
    }
}

/// The large TOML file `text` opened as the reader opens it: its first
/// part, and the whole as the load thread reads it.
fn toml_part_and_whole(dir: &std::path::Path, text: &str) -> (Document, Whole) {
    let path = dir.join("big.toml");
    std::fs::write(&path, text).unwrap();
    let cli = Cli::try_parse_from(["camp-reader", path.to_str().unwrap()]).unwrap();
    let (part, version, rest) = load_first_screen(&cli).unwrap();
    let rest = rest.expect("a large TOML file opens progressively");
    assert!(matches!(rest.of, RestOf::Toml { .. }));
    assert_eq!(version, None);
    let read = rest.part.file_offset().unwrap();
    assert!(
        read > 0 && read <= FIRST_READ_BYTES as u64,
        "{read} bytes read before the first frame"
    );
    assert!(rest.parsed <= FIRST_READ_BYTES);
    let whole = read_whole(&rest.input, rest.part, rest.of, &|_| {});
    (part, whole)
}

fn ids_of(doc: &Document) -> Vec<String> {
    (0..doc.sections.len())
        .map(|s| doc.section_id(s).to_string())
        .collect()
}

#[test]
fn a_large_toml_file_shows_its_first_sections_read_from_a_bounded_prefix() {
    // About 7 MB, 6,000 sections: the first frame reads at most
    // FIRST_READ_BYTES of it; the whole is the whole load's document.
    let dir = tempfile::tempdir().unwrap();
    let text = camp_reader::testing::sample::article_copies(1000);
    assert!(text.len() > 6 << 20);
    let (part, whole) = toml_part_and_whole(dir.path(), &text);
    let (whole, _, version) = whole.unwrap();
    assert!(part.sections.len() > 5 && part.sections.len() < whole.sections.len() / 10);
    assert!(extends(&part, &whole));
    assert_eq!(version.hash, load::source_hash(&text));
    let loaded = load::parse("big.toml", &text).unwrap();
    assert_eq!(whole.text(), loaded.text());
    assert_eq!(ids_of(&whole), ids_of(&loaded));
    assert_eq!(whole.load_warning, None);
}

/// A TOML document: an "Intro" section first (its id `intro`, made from
/// its title, shown on the first screen), 2 MB of sections, then one
/// whose explicit id is `intro` (and `extra`, when given: another id).
fn intro_claimed_later(explicit_first: bool, extra: &str) -> String {
    let mut text =
        String::from("title = \"Ids\"\nmarkup = \"markdown\"\n\n[[sections]]\ntitle = \"Intro\"\n");
    if explicit_first {
        text.push_str("id = \"intro\"\n");
    }
    text.push_str("body = \"See [the later part](#intro).\"\n");
    let mut i = 0;
    while text.len() < 2 << 20 {
        i += 1;
        text.push_str(&format!(
            "\n[[sections]]\ntitle = \"Part {i}\"\nbody = \"{}\"\n",
            "Words of a long section. ".repeat(20)
        ));
    }
    text.push_str(&format!(
        "\n[[sections]]\ntitle = \"Later\"\nid = \"intro\"\nbody = \"The explicit one.\"\n{extra}"
    ));
    text
}

#[test]
fn an_explicit_id_further_down_does_not_rename_a_section_already_shown() {
    let dir = tempfile::tempdir().unwrap();
    let text = intro_claimed_later(false, "");
    // Read whole, the explicit id wins: the first section is `intro-2`.
    let loaded = load::parse("big.toml", &text).unwrap();
    assert_eq!(loaded.section_id(0), "intro-2");
    let (part, whole) = toml_part_and_whole(dir.path(), &text);
    let (whole, _, _) = whole.unwrap();
    assert_eq!(part.section_id(0), "intro");
    // Opened progressively, what was shown keeps its id (and every
    // text, block and number): the later section takes the next.
    assert!(extends(&part, &whole));
    assert_eq!(ids_of(&whole)[..part.sections.len()], ids_of(&part)[..]);
    let later = whole.sections.len() - 1;
    assert_eq!(whole.section_id(later), "intro-2");
    // Every other id is the whole load's.
    let (mut got, mut want) = (ids_of(&whole), ids_of(&loaded));
    got.swap_remove(later);
    got.swap_remove(0);
    want.swap_remove(later);
    want.swap_remove(0);
    assert_eq!(got, want);
    let note = whole.load_warning.clone().expect("said");
    assert!(note.contains("`intro` is `intro-2`"), "{note}");
    // On screen: nothing shown changes, and the note is said.
    let mut app = loading_app(part);
    let before = pane(&app);
    app.update(Event::Loaded(Box::new(whole), 0));
    let said = app.status().message.clone().unwrap();
    assert!(said.starts_with("loaded · ids kept as shown"), "{said}");
    // (The note is long: its end is drawn over the pane's last row.)
    let after = pane(&app);
    assert_eq!(after[..after.len() - 1], before[..before.len() - 1]);
    assert_eq!(app.reader().doc.section_id(0), "intro");
}

#[test]
fn a_duplicate_explicit_id_across_the_cut_is_the_whole_loads_error() {
    let dir = tempfile::tempdir().unwrap();
    let text = intro_claimed_later(true, "");
    let name = dir.path().join("big.toml").display().to_string();
    let want = load::parse(&name, &text).unwrap_err().to_string();
    assert!(want.contains("duplicate section id `intro`"), "{want}");
    let (part, whole) = toml_part_and_whole(dir.path(), &text);
    assert_eq!(part.section_id(0), "intro");
    let got = whole.unwrap_err();
    assert_eq!(got, load::headline(&want));
}

#[test]
fn the_whole_document_holds_every_block_of_the_first_part_in_every_shape() {
    let (_dir, path, text) = markdown_file(300);
    let (part, _, whole) = part_and_whole(&path, &text);
    assert!(extends(&part, &whole));
    assert!(part.blocks.len() < whole.blocks.len());
    // (The shapes written as one huge line have no place to cut near the
    // start: they are read whole, as before. Those with a footnote defined
    // at the end read differently once it is there: see below.)
    let mut progressive = 0;
    for shape in [MarkdownShape::TableRows, MarkdownShape::NestedMixed] {
        let mut out = Vec::new();
        write_markdown_shape(shape, 2 << 20, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let path = std::path::Path::new("shape.md");
        let input = Input::File(path.to_path_buf());
        let Some(part) = load::markdown_prefix(&input, None, first_read(&text), text.len()) else {
            continue;
        };
        let (part, parsed) = part.unwrap();
        assert!(parsed <= 2 * FIRST_SCREEN_BYTES, "{shape:?}");
        let whole = load::parse_markdown_reporting(&input, &text, &|_| {}).unwrap();
        assert!(extends(&part, &whole), "{shape:?}");
        progressive += 1;
    }
    assert!(progressive >= 1);
}

#[test]
fn nothing_on_the_first_screen_changes_when_the_rest_arrives() {
    let (_dir, path, text) = markdown_file(300);
    let (part, _, whole) = part_and_whole(&path, &text);
    let mut app = loading_app(part);
    // Read on a little while loading: that place is kept exactly.
    app.update(Command::PageDown);
    app.update(Command::LineDown);
    let before = pane(&app);
    let top = app.reader().top;
    let ids: Vec<String> = (0..app.reader().doc.sections.len())
        .map(|s| {
            format!(
                "{} {}",
                app.reader().doc.section_number(s),
                app.reader().doc.section_id(s)
            )
        })
        .collect();
    assert!(app.status_text().unwrap_or_default().starts_with("loading"));
    app.update(Event::Loaded(Box::new(whole), 0));
    assert!(app.loading().is_none());
    assert_eq!(app.reader().top, top);
    assert_eq!(pane(&app), before);
    let doc = &app.reader().doc;
    for (s, id) in ids.iter().enumerate() {
        assert_eq!(
            &format!("{} {}", doc.section_number(s), doc.section_id(s)),
            id
        );
    }
    // The sidebar has every section now.
    assert!(doc.sections.len() > ids.len());
}

#[test]
fn keys_work_while_loading_and_those_that_need_the_rest_wait_for_it() {
    let (_dir, path, text) = markdown_file(300);
    let (part, _, whole) = part_and_whole(&path, &text);
    let loaded_sections = part.sections.len();
    let mut app = loading_app(part);
    // Scrolling within what is read is carried out at once.
    app.update(Command::LineDown);
    assert_eq!(app.position().0, 1);
    // `G` waits, and so does what follows it, in order.
    app.update(Command::Bottom);
    app.update(Command::LineUp);
    assert_eq!(app.position().0, 1, "nothing moved yet");
    assert_eq!(app.loading().unwrap().waiting(), 2);
    let said = app.status_text().unwrap_or_default();
    assert!(
        said.starts_with("loading ") && said.contains("wait"),
        "{said}"
    );
    app.update(Event::LoadProgress(43));
    assert!(app.status_text().unwrap().starts_with("loading 43%"));
    app.update(Event::Loaded(Box::new(whole), 0));
    // At the true end, then one line up.
    let (top, total) = app.position();
    let rows = app.text_rows() as u64;
    assert_eq!(top + rows, total - 1, "G then k from the end of the whole");
    assert!(app.reader().doc.sections.len() > loaded_sections);
}

#[test]
fn next_section_past_the_last_read_waits_and_is_carried_out() {
    let (_dir, path, text) = markdown_file(300);
    let (part, _, whole) = part_and_whole(&path, &text);
    let last = part.sections.len() - 1;
    let mut app = loading_app(part);
    app.update(Command::Count(9));
    app.update(Command::Count(9));
    app.update(Command::Count(9));
    app.update(Command::NextSection);
    assert_eq!(app.current_section(), 0, "999] waits for the rest");
    app.update(Event::Loaded(Box::new(whole), 0));
    assert_eq!(
        app.current_section(),
        999.min(app.reader().doc.sections.len() - 1)
    );
    assert!(app.current_section() > last);
}

#[test]
fn a_search_started_while_loading_finds_matches_in_the_part_read_later() {
    let (_dir, path, text) = markdown_file(300);
    let (part, _, whole) = part_and_whole(&path, &text);
    let query = "Residents and daily life 250.2";
    assert!(!part.text().contains(query) && whole.text().contains(query));
    let mut app = loading_app(part);
    app.update(Command::SearchStart);
    type_query(&mut app, query);
    app.update(Command::Activate);
    while app.search_in_progress() {
        app.update(Event::SearchStep);
    }
    assert!(app.reader().search.as_ref().unwrap().matches.is_empty());
    app.update(Event::Loaded(Box::new(whole), 0));
    while app.search_in_progress() {
        app.update(Event::SearchStep);
    }
    let search = app.reader().search.as_ref().expect("the search is kept");
    assert_eq!(search.matches.len(), 1);
    app.update(Command::SearchNext);
    let m = app
        .reader()
        .search
        .as_ref()
        .unwrap()
        .current_range(&app.reader().doc)
        .expect("a current match");
    assert_eq!(&app.reader().doc.text()[m], query);
}

#[test]
fn a_section_further_down_is_opened_once_it_is_read() {
    let (_dir, path, text) = markdown_file(300);
    let (part, _, whole) = part_and_whole(&path, &text);
    let mut app = App::new(part, Options::default());
    app.update(Event::Resize(100, 30));
    app.update(Event::Loading {
        section: Some("Residents and daily life 250.2".into()),
    });
    assert!(app.status_text().unwrap().contains("when read"));
    app.update(Event::Loaded(Box::new(whole), 0));
    let doc = &app.reader().doc;
    assert_eq!(
        doc.section_title(app.current_section()),
        "Residents and daily life 250.2"
    );
}

#[test]
fn an_error_reading_the_rest_keeps_what_was_read_and_says_so() {
    let (_dir, path, text) = markdown_file(300);
    let (part, _, _) = part_and_whole(&path, &text);
    let blocks = part.blocks.len();
    let mut app = loading_app(part);
    app.update(Command::Bottom);
    app.update(Event::LoadFailed("big.md: too large".into()));
    assert!(app.loading().is_none());
    assert_eq!(app.reader().doc.blocks.len(), blocks);
    let said = app.status().message.clone().unwrap();
    assert!(
        said.contains("only the first part") && said.contains("too large"),
        "{said}"
    );
    // The key that waited was carried out on what there is.
    assert_eq!(app.percent(), 100);
}

#[test]
fn a_reference_defined_further_down_resolves_the_link_when_it_arrives() {
    let mut text = String::from("# Refs\n\nSee [the guide][g] first.\n\n");
    for i in 0..40_000 {
        text.push_str(&format!("Paragraph {i} of words that fill the file.\n\n"));
    }
    text.push_str("[g]: https://example.com/guide\n");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("refs.md");
    std::fs::write(&path, &text).unwrap();
    let (part, _, whole) = part_and_whole(&path, &text);
    assert!(part.links.is_empty(), "not defined in the part read first");
    assert!(!extends(&part, &whole));
    let mut app = loading_app(part);
    app.update(Command::PageDown);
    let top = app.reader().top;
    app.update(Event::Loaded(Box::new(whole), 0));
    let doc = &app.reader().doc;
    assert_eq!(doc.link_target(0), "https://example.com/guide");
    assert!(
        (0..3).any(|b| doc.block_text(b).contains("See the guide first.")),
        "{:?}",
        doc.block_text(1)
    );
    // The place is kept by its anchor (the same paragraph).
    assert_eq!(app.reader().top.block, top.block);
}

/// Keys pressed as the event loop reads them (the keymap in force for the
/// context the app is in), e.g. `":raid\n"`; `\x1b` is Esc.
fn keys(app: &mut App, keys: &str) {
    use camp_reader::shell::tui::message_for;
    use ratatui::crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
    for c in keys.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\x1b' => KeyCode::Esc,
            c => KeyCode::Char(c),
        };
        let ev = TermEvent::Key(KeyEvent::new(code, KeyModifiers::NONE));
        if let Some(msg) = message_for(app, &ev) {
            app.update(msg);
        }
    }
}

/// `typed` while loading, then the rest arrives: the app ends as the same
/// keys leave it with the whole document there from the start.
fn typed_while_loading_and_whole(typed: &str) -> (App, App, usize) {
    let (_dir, path, text) = markdown_file(300);
    let (part, _, whole) = part_and_whole(&path, &text);
    let read = part.sections.len();
    let mut app = loading_app(part);
    keys(&mut app, typed);
    assert!(app.loading().unwrap().waiting() > 0, "{typed:?} waits");
    app.update(Event::Loaded(Box::new(whole.clone()), 0));
    let mut reference = App::new(whole, Options::default());
    reference.update(Event::Resize(100, 30));
    keys(&mut reference, typed);
    for a in [&mut app, &mut reference] {
        while a.search_in_progress() {
            a.update(Event::SearchStep);
        }
    }
    (app, reference, read)
}

#[test]
fn a_go_to_typed_while_loading_gets_its_text_and_enter_when_the_rest_arrives() {
    let (app, reference, read) = typed_while_loading_and_whole(":raid by albanian police 250\n");
    assert!(app.prompt().is_none(), "Enter accepted the go-to");
    let section = reference.current_section();
    assert!(section >= read, "the section is in the part read later");
    assert!(
        app.reader()
            .doc
            .section_title(section)
            .to_lowercase()
            .contains("raid"),
    );
    assert_eq!(app.current_section(), section);
    assert_eq!(app.position(), reference.position());
}

#[test]
fn a_go_to_typed_while_loading_keeps_its_text_until_enter() {
    let (app, reference, _) = typed_while_loading_and_whole(":raid");
    let p = app.prompt().expect("the go-to prompt is open");
    assert_eq!(p.input(), "raid");
    assert_eq!(p.input(), reference.prompt().unwrap().input());
}

#[test]
fn esc_after_a_go_to_that_waits_closes_it_and_g_goes_to_the_end() {
    let (app, reference, _) = typed_while_loading_and_whole(":\x1bG");
    assert!(app.prompt().is_none(), "Esc closed the prompt");
    let (top, total) = app.position();
    assert_eq!(top + app.text_rows() as u64, total, "G at the end");
    assert_eq!(app.position(), reference.position());
}

#[test]
fn a_search_typed_behind_a_key_that_waits_is_typed_into_its_prompt() {
    let (app, reference, _) = typed_while_loading_and_whole("G/Residents\n");
    assert!(app.prompt().is_none(), "Enter ran the search");
    let search = app.reader().search.as_ref().expect("a search");
    assert_eq!(search.query, "Residents");
    assert_eq!(
        search.matches.len(),
        reference.reader().search.as_ref().unwrap().matches.len()
    );
    assert_eq!(app.position(), reference.position());
}

#[test]
fn q_behind_g_that_waits_still_quits_at_once() {
    let (_dir, path, text) = markdown_file(300);
    let (part, _, _) = part_and_whole(&path, &text);
    let mut app = loading_app(part);
    keys(&mut app, "Gq");
    assert!(app.quit(), "q quits without waiting for the load");
}

/// The status line as drawn (its last row).
fn status_row(app: &App) -> String {
    let buf = draw(app);
    row(&buf, buf.area.height - 1)
}

#[test]
fn a_message_while_loading_keeps_how_far_the_load_is_on_the_status_line() {
    let (_dir, path, text) = markdown_file(300);
    let (part, _, _) = part_and_whole(&path, &text);
    let mut app = loading_app(part);
    app.update(Event::LoadProgress(43));
    // `n` with no search: a message, and the load's progress beside it.
    app.update(Command::SearchNext);
    assert!(app.status().message.is_some());
    let line = status_row(&app);
    assert!(
        line.contains("no search") && line.contains("loading 43%"),
        "{line}"
    );
    // Progress goes on under the message.
    app.update(Event::LoadProgress(60));
    let line = status_row(&app);
    assert!(
        line.contains("no search") && line.contains("loading 60%"),
        "{line}"
    );
}

/// A search for `query` (in the part read later only) typed and accepted
/// while loading, the whole then arriving and searched to the end.
fn search_while_loading(moved: bool) -> (App, &'static str) {
    let (_dir, path, text) = markdown_file(300);
    let (part, _, whole) = part_and_whole(&path, &text);
    let query = "Residents and daily life 250.2";
    assert!(!part.text().contains(query) && whole.text().contains(query));
    let mut app = loading_app(part);
    app.update(Event::LoadProgress(3));
    keys(&mut app, &format!("/{query}\n"));
    while app.search_in_progress() {
        app.update(Event::SearchStep);
    }
    assert_eq!(app.position().0, 0, "nothing found yet: the view stays");
    assert_eq!(
        app.status().message.as_deref(),
        Some(format!("no match yet for {query:?}").as_str())
    );
    let line = status_row(&app);
    assert!(
        line.contains("no match yet") && line.contains("loading 3%"),
        "{line}"
    );
    if moved {
        keys(&mut app, "j");
    }
    app.update(Event::Loaded(Box::new(whole), 0));
    while app.search_in_progress() {
        app.update(Event::SearchStep);
    }
    (app, query)
}

#[test]
fn a_search_that_found_nothing_yet_moves_to_its_match_when_the_rest_arrives() {
    let (app, query) = search_while_loading(false);
    let search = app.reader().search.as_ref().expect("the search is kept");
    assert_eq!(search.matches.len(), 1);
    let m = search
        .current_range(&app.reader().doc)
        .expect("its match is current");
    assert_eq!(&app.reader().doc.text()[m.clone()], query);
    // On screen: the view went there, as `--section` does when it arrives.
    let section = app.reader().doc.block_at_offset(m.start);
    let top = app.reader().top.block;
    assert!(
        top <= section && section < top + app.text_rows(),
        "the match (block {section}) is on screen (top block {top})"
    );
    assert!(app.position().0 > 0);
    assert!(pane(&app).iter().any(|l| l.contains(query)));
}

#[test]
fn a_search_that_found_nothing_yet_leaves_the_view_where_the_user_moved_it() {
    let (app, _) = search_while_loading(true);
    assert_eq!(app.position().0, 1, "j meanwhile: the view stays there");
    let search = app.reader().search.as_ref().expect("the search is kept");
    assert_eq!(search.matches.len(), 1, "n goes there");
}

#[test]
fn a_place_left_further_down_is_said_on_the_status_line_until_the_user_moves() {
    use camp_reader::app::session;
    use camp_reader::settings::state::{Anchor, DocState, StateFile};
    let (_dir, path, text) = markdown_file(300);
    let (part, _, whole) = part_and_whole(&path, &text);
    let later = (0..whole.sections.len())
        .find(|&s| whole.section_title(s) == "Residents and daily life 250.2")
        .unwrap();
    assert!(
        later >= part.sections.len(),
        "the place is past the first part"
    );
    let mut file = StateFile::default();
    file.put(DocState {
        key: "k".into(),
        content_hash: "0123456789abcdef".into(),
        position: Anchor {
            section_id: whole.section_id(later).to_string(),
            ..Anchor::default()
        },
        ..DocState::default()
    });
    let mut app = loading_app(part);
    let (said, deferred) = session::resume_in_part(&mut app, &file, "k", true);
    assert!(deferred && said.is_none());
    let id = whole.section_id(later);
    let status = app.status_text().unwrap();
    assert!(
        status.starts_with("loading 0%")
            && status.contains(&format!("opens where you left it (#{id}) when read")),
        "{status}"
    );
    assert!(app.resumes_when_read());
    // A move of the user's own wins: the status line stops promising it.
    app.update(Command::LineDown);
    assert!(!app.resumes_when_read());
    assert!(!app.status_text().unwrap().contains("opens where"));
}

#[test]
fn a_quit_while_loading_saves_the_place_without_a_version_and_it_resumes_as_this_one() {
    use camp_reader::app::session;
    use camp_reader::settings::state::{StateFile, UNKNOWN_VERSION, content_hash};
    let (_dir, path, text) = markdown_file(300);
    let (part, _, whole) = part_and_whole(&path, &text);
    let mut app = loading_app(part.clone());
    app.update(Command::PageDown);
    // As the quit records it: the first part's hash is no version's.
    let part_hash = content_hash(app.reader().doc.text());
    let record = session::record(&mut app, "k", &part_hash);
    assert_eq!(record.content_hash, UNKNOWN_VERSION);
    let mut file = StateFile::default();
    file.put(record.clone());
    // Opened again, whole: the same place, said as a resume, not as an
    // edited document's.
    let whole_hash = content_hash(whole.text());
    let mut again = App::new(whole, Options::default());
    again.update(Event::Resize(100, 30));
    let said = session::restore(&mut again, &file, "k", &whole_hash, true).unwrap();
    assert!(said.starts_with("resumed at"), "{said}");
    assert_eq!(again.reader().top, app.reader().top);
    // Once the whole is read, the quit saves its version.
    let mut loaded = loading_app(part);
    loaded.update(Event::Loaded(Box::new(again.reader().doc.clone()), 0));
    assert_eq!(
        session::record(&mut loaded, "k", &whole_hash).content_hash,
        whole_hash
    );
}

#[test]
fn the_toml_load_says_how_far_it_has_read_as_it_goes() {
    let dir = tempfile::tempdir().unwrap();
    let text = camp_reader::testing::sample::article_copies(1000);
    let path = dir.path().join("big.toml");
    std::fs::write(&path, &text).unwrap();
    let cli = Cli::try_parse_from(["camp-reader", path.to_str().unwrap()]).unwrap();
    let (_, _, rest) = load_first_screen(&cli).unwrap();
    let rest = rest.unwrap();
    let told = std::cell::RefCell::new(Vec::new());
    let whole = read_whole(&rest.input, rest.part, rest.of, &|p| {
        told.borrow_mut().push(p)
    });
    assert!(whole.is_ok());
    let told = told.into_inner();
    // About once a megabyte of the 7 MB, rising, before it is whole.
    assert!(told.len() >= 5, "{told:?}");
    assert!(told.windows(2).all(|w| w[0] < w[1]), "{told:?}");
    assert!(told[0] > 0 && *told.last().unwrap() < 100, "{told:?}");
}

#[test]
fn a_long_list_is_not_cut_at_the_first_screen_s_end() {
    // A list is cut in pieces between its items, but whether it is loose
    // (a blank line between two items) and how wide its numbers are is
    // known only at its end: the first screen stops before it.
    let loose = format!("# L\n\nBefore.\n\n{}- x\n\n- y\n", "- a\n".repeat(400_000));
    let mut numbered = String::from("# N\n\nBefore.\n\n");
    for i in 1..=150_000 {
        numbered.push_str(&format!("{i}. b\n"));
    }
    for text in [loose, numbered] {
        let input = Input::File("list.md".into());
        let Some(part) = load::markdown_prefix(&input, None, first_read(&text), text.len()) else {
            continue;
        };
        let (part, _) = part.unwrap();
        let whole = load::parse_markdown_reporting(&input, &text, &|_| {}).unwrap();
        assert!(extends(&part, &whole));
        assert_eq!(part.frames[..], whole.frames[..part.frames.len()]);
    }
}

/// A README's badges written as references whose definitions come at the
/// end of a long file: the first screen, read before the definitions,
/// had the title heading as a section under the file's name; the whole,
/// reading the badges as images, took the heading for the document's
/// title and left it out (retitled, un-nested sidebar). Both now have it
/// as a section, drawn where it is written.
#[test]
fn a_title_after_reference_badges_defined_at_the_end_is_the_same_section_in_part_and_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("refbig.md");
    let mut text = String::from(
        "[![CI][ci-img]][ci-link] [![Docs][docs-img]][docs-link]\n\n# Ref Title\n\nIntro.\n\n",
    );
    let mut n = 0;
    while text.len() < 3 << 20 {
        n += 1;
        text.push_str(&format!(
            "## Part {n}\n\nSome words of part {n}, and more.\n\n"
        ));
    }
    text.push_str("[ci-img]: https://img.example/ci.svg\n[ci-link]: https://ci.example/\n");
    text.push_str("[docs-img]: https://img.example/d.svg\n[docs-link]: https://docs.example/\n");
    std::fs::write(&path, &text).unwrap();
    let (part, _, whole) = part_and_whole(&path, &text);
    assert_eq!(part.title, whole.title);
    let shown = part.sections.len().min(4);
    for s in 0..shown {
        assert_eq!(part.section_title(s), whole.section_title(s), "section {s}");
        assert_eq!(part.section_id(s), whole.section_id(s), "section {s}");
        assert_eq!(
            part.sections[s].depth(),
            whole.sections[s].depth(),
            "section {s}"
        );
        assert_eq!(
            part.sections[s].subtree_end.min(part.sections.len() as u32),
            whole.sections[s]
                .subtree_end
                .min(part.sections.len() as u32),
            "section {s}"
        );
    }
    assert!(
        (0..whole.sections.len()).any(|s| whole.section_title(s) == "Ref Title"),
        "the title heading is a section"
    );
}

/// A logo longer than the probe reads (8 KiB of a file over 64 KiB) before
/// the title heading: the heading is a section, never dropped.
#[test]
fn a_title_after_a_logo_longer_than_the_probe_reads_is_still_a_section() {
    let mut text = "<img src=\"a.png\">\n".repeat(5000);
    text.push_str("\n# MTitle\n\ntext\n\n## S2\n\nx\n");
    let doc = camp_reader::load::parse_markdown("r.md", "r", &text).unwrap();
    let titles: Vec<&str> = (0..doc.sections.len())
        .map(|s| doc.section_title(s))
        .collect();
    assert!(titles.contains(&"MTitle"), "{titles:?}");
    assert!(doc.text().contains("MTitle"));
}
