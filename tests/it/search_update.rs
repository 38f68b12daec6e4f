//! Search through `App::update`: the prompt, incremental movement, n/N with
//! wrap-around, the match list, go-to-section, and how matches are drawn.

use crate::common;

use camp_reader::app::{App, Event, PromptKind};
use camp_reader::settings::keymap::{Command, Context};
use common::{embedded_app as app, type_query};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;

fn current_text(app: &App) -> String {
    let s = app.reader().search.as_ref().expect("a search");
    let m = s.current_range(&app.reader().doc).expect("a current match");
    app.reader().doc.text()[m].to_string()
}

fn match_line_visible(app: &App) -> bool {
    let s = app.reader().search.as_ref().unwrap();
    let m = &s.current_range(&app.reader().doc).unwrap();
    let (top, _) = app.position();
    let rows = app.text_rows() as u64;
    // Walk the visible rows and look for the match's offset.
    let mut pos = app.reader().top;
    for _ in 0..rows {
        if let Some(lines) = app.reader().layout.cached_lines(pos.block) {
            if let Some(r) = lines.get(pos.line)
                && r.start <= m.start
                && m.start < r.end.max(r.start + 1)
            {
                return true;
            }
            if pos.line + 1 < lines.len() + 1 {
                pos.line += 1;
            } else {
                pos.block += 1;
                pos.line = 0;
            }
        }
    }
    let _ = top;
    false
}

#[test]
fn slash_opens_the_prompt_and_typing_moves_incrementally() {
    let mut a = app(120, 40);
    a.update(Command::SearchStart);
    assert_eq!(a.context(), Context::Search);
    assert_eq!(a.prompt().unwrap().kind, PromptKind::Search);
    type_query(&mut a, "rrumbullaku");
    let s = a.reader().search.as_ref().unwrap();
    assert_eq!(s.matches.len(), 2);
    assert_eq!(s.current, Some(0));
    assert_eq!(current_text(&a), "Rrumbullaku");
    assert!(match_line_visible(&a), "view moved to the first match");
    assert!(a.position().0 > 0);
    a.update(Command::Accept);
    assert!(a.prompt().is_none());
    assert_eq!(a.context(), Context::Text);
    assert_eq!(a.find().history, vec![("rrumbullaku".to_string(), false)]);
}

#[test]
fn esc_in_the_prompt_cancels_and_returns_to_where_you_were() {
    let mut a = app(120, 40);
    a.update(Command::PageDown);
    let before = a.reader().top;
    a.update(Command::SearchStart);
    type_query(&mut a, "rrumbullaku");
    assert_ne!(a.reader().top, before);
    a.update(Command::Close);
    assert_eq!(a.reader().top, before);
    assert!(a.reader().search.is_none());
    assert!(a.prompt().is_none());
}

#[test]
fn prompt_editing_backspace_clear_cursor_and_history() {
    let mut a = app(120, 40);
    a.update(Command::SearchStart);
    type_query(&mut a, "camp");
    a.update(Command::Accept);
    a.update(Command::SearchStart);
    type_query(&mut a, "mex");
    a.update(Command::DeleteBack);
    assert_eq!(a.prompt().unwrap().input(), "me");
    a.update(Command::CursorLeft);
    a.update(Command::Insert('k'));
    assert_eq!(a.prompt().unwrap().input(), "mke");
    a.update(Command::CursorRight);
    a.update(Command::Insert('!'));
    assert_eq!(a.prompt().unwrap().input(), "mke!");
    a.update(Command::ClearInput);
    assert_eq!(a.prompt().unwrap().input(), "");
    assert!(a.reader().search.is_none(), "an empty query is no search");
    a.update(Command::HistoryPrev);
    assert_eq!(a.prompt().unwrap().input(), "camp");
    a.update(Command::HistoryNext);
    assert_eq!(a.prompt().unwrap().input(), "");
    // Multi-byte editing never splits a character.
    type_query(&mut a, "ëé");
    a.update(Command::CursorLeft);
    a.update(Command::DeleteBack);
    assert_eq!(a.prompt().unwrap().input(), "é");
    // Nor a letter and its combining accent: the cursor steps over what
    // shows as one character, and Backspace deletes it whole.
    a.update(Command::ClearInput);
    type_query(&mut a, "ae\u{301}b");
    a.update(Command::CursorLeft);
    a.update(Command::CursorLeft);
    a.update(Command::Insert('x'));
    assert_eq!(a.prompt().unwrap().input(), "axe\u{301}b");
    a.update(Command::CursorEnd);
    a.update(Command::CursorLeft);
    a.update(Command::DeleteBack);
    assert_eq!(a.prompt().unwrap().input(), "axb");
}

#[test]
fn n_and_shift_n_wrap_around_with_a_message() {
    let mut a = app(120, 40);
    a.update(Command::SearchStart);
    type_query(&mut a, "rrumbullaku");
    a.update(Command::Accept);
    a.update(Command::SearchNext);
    assert_eq!(a.reader().search.as_ref().unwrap().current, Some(1));
    assert_eq!(a.status().message, None);
    a.update(Command::SearchNext);
    assert_eq!(a.reader().search.as_ref().unwrap().current, Some(0));
    assert_eq!(a.status().message.as_deref(), Some("search wrapped"));
    a.update(Command::SearchPrev);
    assert_eq!(a.reader().search.as_ref().unwrap().current, Some(1));
    assert_eq!(a.status().message.as_deref(), Some("search wrapped"));
    assert!(match_line_visible(&a));
}

/// A search whose first match is past an end of the document from where
/// it began says so, as `n` does: `?` from the top goes round to the last
/// match (it did so silently); `/` from the top finds the first without.
#[test]
fn a_search_that_goes_round_to_its_first_match_says_so() {
    let mut a = app(120, 20);
    a.update(Command::SearchBackStart);
    type_query(&mut a, "rrumbullaku");
    a.update(Command::Accept);
    while a.search_in_progress() {
        a.update(Event::SearchStep);
    }
    let n = a.reader().search.as_ref().unwrap().matches.len();
    assert_eq!(a.reader().search.as_ref().unwrap().current, Some(n - 1));
    assert_eq!(a.status().message.as_deref(), Some("search wrapped"));
    let mut a = app(120, 20);
    a.update(Command::SearchStart);
    type_query(&mut a, "rrumbullaku");
    a.update(Command::Accept);
    while a.search_in_progress() {
        a.update(Event::SearchStep);
    }
    assert_eq!(a.reader().search.as_ref().unwrap().current, Some(0));
    assert_ne!(a.status().message.as_deref(), Some("search wrapped"));
}

#[test]
fn n_after_scrolling_away_continues_from_the_view() {
    let mut a = app(120, 20);
    a.update(Command::SearchStart);
    type_query(&mut a, "mek");
    a.update(Command::Accept);
    let total = a.reader().search.as_ref().unwrap().matches.len();
    assert!(total > 10);
    a.update(Command::Bottom);
    a.update(Command::SearchNext);
    let s = a.reader().search.as_ref().unwrap();
    let m = s.current_range(&a.reader().doc).unwrap();
    assert!(
        m.start > a.reader().doc.text().len() / 2,
        "n found a match near the view, not the first one"
    );
}

#[test]
fn no_match_does_not_move_the_view() {
    let mut a = app(120, 40);
    a.update(Command::PageDown);
    let before = a.reader().top;
    a.update(Command::SearchStart);
    type_query(&mut a, "zzzzqqq");
    assert_eq!(a.reader().top, before);
    assert!(a.reader().search.as_ref().unwrap().matches.is_empty());
    a.update(Command::Accept);
    assert_eq!(a.reader().top, before);
    assert_eq!(
        a.status().message.as_deref(),
        Some("no match for \"zzzzqqq\"")
    );
}

#[test]
fn accents_and_smart_case_through_the_prompt() {
    let mut a = app(120, 40);
    a.update(Command::SearchStart);
    type_query(&mut a, "manez");
    assert_eq!(current_text(&a), "Manëz");
    a.update(Command::ClearInput);
    type_query(&mut a, "Mek");
    assert!(
        a.reader().search.as_ref().unwrap().matches.is_empty(),
        "capital: case-sensitive"
    );
}

#[test]
fn regex_toggle_and_invalid_regex() {
    let mut a = app(120, 40);
    a.update(Command::SearchStart);
    a.update(Command::ToggleRegex);
    type_query(&mut a, r"20\d\d");
    assert!(a.reader().search.as_ref().unwrap().matches.len() > 5);
    assert_eq!(current_text(&a).len(), 4);
    a.update(Command::ClearInput);
    type_query(&mut a, "(oops");
    let err = a.reader().search.as_ref().unwrap().error.clone().unwrap();
    assert!(err.starts_with("invalid regex"), "{err}");
    a.update(Command::Accept);
    assert!(
        a.status()
            .message
            .as_deref()
            .unwrap()
            .starts_with("invalid regex")
    );
}

#[test]
fn esc_in_normal_mode_clears_the_search() {
    let mut a = app(120, 40);
    a.update(Command::SearchStart);
    type_query(&mut a, "camp");
    a.update(Command::Accept);
    assert!(a.reader().search.is_some());
    a.update(Command::ClearSearch);
    assert!(a.reader().search.is_none());
}

#[test]
fn sidebar_counts_per_section() {
    let mut a = app(120, 40);
    a.update(Command::SearchStart);
    type_query(&mut a, "guardian");
    let s = a.reader().search.as_ref().unwrap();
    assert_eq!(s.counts.iter().sum::<u32>() as usize, s.matches.len());
    // Residents (1), torture (2), troll farm (1).
    assert_eq!(s.counts, vec![0, 1, 2, 1, 0, 0]);
}

#[test]
fn results_list_previews_jumps_and_closes() {
    let mut a = app(120, 40);
    a.update(Command::SearchStart);
    type_query(&mut a, "mek");
    a.update(Command::Accept);
    let start = a.reader().top;
    a.update(Command::ShowResults);
    assert_eq!(a.context(), Context::Results);
    a.update(Command::Bottom);
    let last = a.reader().search.as_ref().unwrap().matches.len() - 1;
    assert_eq!(a.reader().search.as_ref().unwrap().current, Some(last));
    assert_ne!(
        a.reader().top,
        start,
        "moving in the list previews the match"
    );
    a.update(Command::Close);
    assert_eq!(a.reader().top, start, "Esc goes back");
    a.update(Command::ShowResults);
    a.update(Command::SelectNext);
    a.update(Command::SelectNext);
    a.update(Command::Accept);
    assert_eq!(a.context(), Context::Text);
    assert_eq!(a.reader().search.as_ref().unwrap().current, Some(2));
    assert!(match_line_visible(&a));
}

#[test]
fn goto_section_filters_fuzzily() {
    let mut a = app(120, 40);
    a.update(Command::GoToSection);
    assert_eq!(a.context(), Context::GoTo);
    type_query(&mut a, "trl");
    let p = a.prompt().unwrap();
    assert_eq!(
        a.reader().doc.section_title(p.candidates[0]),
        "Troll farm allegations"
    );
    a.update(Command::Accept);
    assert_eq!(a.current_section(), 3);
    // Esc cancels without moving.
    a.update(Command::GoToSection);
    type_query(&mut a, "raid");
    a.update(Command::Close);
    assert_eq!(a.current_section(), 3);
}

#[test]
fn question_mark_searches_backward_and_is_typed_in_a_prompt() {
    let mut a = app(120, 40);
    let key = |c| {
        ratatui::crossterm::event::KeyEvent::new(
            ratatui::crossterm::event::KeyCode::Char(c),
            ratatui::crossterm::event::KeyModifiers::NONE,
        )
    };
    assert_eq!(
        a.options().keymap.command_for_event(a.context(), &key('?')),
        Some(Command::SearchBackStart)
    );
    // Help is `h`, as in less.
    assert_eq!(
        a.options().keymap.command_for_event(a.context(), &key('h')),
        Some(Command::Help)
    );
    a.update(Command::Help);
    assert!(a.help_scroll().is_some());
    a.update(Command::Close);
    a.update(Command::SearchStart);
    // The keymap turns `?` into a typed character inside the prompt.
    let key = ratatui::crossterm::event::KeyEvent::new(
        ratatui::crossterm::event::KeyCode::Char('?'),
        ratatui::crossterm::event::KeyModifiers::NONE,
    );
    assert_eq!(
        a.options().keymap.command_for_event(a.context(), &key),
        Some(Command::Insert('?'))
    );
}

#[test]
fn current_and_other_matches_are_drawn_differently_not_only_by_colour() {
    let mut a = app(120, 40);
    a.update(Command::SearchStart);
    type_query(&mut a, "guardian");
    a.update(Command::Accept);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal.draw(|f| f.render_widget(&a, f.area())).unwrap();
    let buf = terminal.backend().buffer().clone();
    let mut current = Vec::new();
    let mut other = Vec::new();
    for y in 1..39 {
        let row: String = (0..120).map(|x| buf[(x, y)].symbol().to_string()).collect();
        for (i, _) in row.match_indices("Guardian") {
            // Convert byte index to column (sidebar has wide-free text here).
            let col = row[..i].chars().count() as u16;
            let cell = &buf[(col, y)];
            if cell.modifier.contains(Modifier::REVERSED) {
                current.push((col, y));
            } else {
                other.push((col, y, cell.modifier, cell.bg));
            }
        }
    }
    assert_eq!(
        current.len(),
        1,
        "exactly one current match is reversed: {current:?}"
    );
    assert!(!other.is_empty(), "other matches are visible too");
    for (_, _, modifier, bg) in &other {
        assert!(
            modifier.contains(Modifier::UNDERLINED),
            "other matches are underlined"
        );
        assert!(!modifier.contains(Modifier::BOLD));
        assert_ne!(*bg, ratatui::style::Color::Reset, "and coloured");
    }
    let (cx, cy) = current[0];
    assert!(
        buf[(cx, cy)].modifier.contains(Modifier::BOLD),
        "current match is bold"
    );
    // The status line counts.
    let status: String = (0..120)
        .map(|x| buf[(x, 39)].symbol().to_string())
        .collect();
    assert!(status.contains("match 1/"), "{status}");
}

#[test]
fn history_remembers_whether_a_query_was_a_regex_and_the_toggle_is_kept() {
    let mut a = app(120, 40);
    a.update(Command::SearchStart);
    type_query(&mut a, "camp");
    a.update(Command::Accept);
    a.update(Command::SearchStart);
    assert!(!a.prompt().unwrap().regex, "the first prompts are literal");
    a.update(Command::ToggleRegex);
    type_query(&mut a, "20(19|20)");
    a.update(Command::Accept);
    // Turned on once, regex stays on for every later search, and the
    // prompt says so.
    a.update(Command::SearchStart);
    assert!(
        a.prompt().unwrap().regex,
        "the toggle is kept for the next /"
    );
    let buf = common::draw(&a);
    let status = common::row(&buf, a.size().height - 1);
    assert!(status.contains("[regex]"), "{status}");
    a.update(Command::Close);
    a.update(Command::SearchStart);
    assert!(a.prompt().unwrap().regex, "also after a cancelled prompt");
    // A recalled query brings its own flag, without changing the toggle.
    a.update(Command::HistoryPrev);
    let p = a.prompt().unwrap();
    assert_eq!((p.input(), p.regex), ("20(19|20)", true));
    a.update(Command::HistoryPrev);
    let p = a.prompt().unwrap();
    assert_eq!((p.input(), p.regex), ("camp", false));
    a.update(Command::Close);
    a.update(Command::SearchStart);
    assert!(a.prompt().unwrap().regex);
    // Turned off, it stays off; the go-to prompt never is a regex.
    a.update(Command::ToggleRegex);
    a.update(Command::Close);
    a.update(Command::SearchStart);
    assert!(!a.prompt().unwrap().regex);
    a.update(Command::ToggleRegex);
    a.update(Command::Close);
    a.update(Command::GoToSection);
    assert!(!a.prompt().unwrap().regex);
}

/// The matches of `query` in the embedded article, and their count.
fn matches_of(a: &App) -> usize {
    a.reader().search.as_ref().unwrap().matches.len()
}

#[test]
fn question_mark_shows_the_last_match_before_the_end_of_the_screen_and_n_goes_on_backward() {
    let mut a = app(120, 20);
    a.update(Command::Bottom);
    a.update(Command::SearchBackStart);
    assert_eq!(a.prompt().unwrap().kind, PromptKind::Search);
    assert!(a.prompt().unwrap().backward);
    type_query(&mut a, "mek");
    a.update(Command::Accept);
    let n = matches_of(&a);
    assert!(n > 10, "{n}");
    let last = a.reader().search.as_ref().unwrap().current.unwrap();
    // From the end of the document, the last match of all.
    assert_eq!(last, n - 1);
    assert!(match_line_visible(&a));
    a.update(Command::SearchNext);
    assert_eq!(
        a.reader().search.as_ref().unwrap().current,
        Some(n - 2),
        "n: backward"
    );
    assert!(match_line_visible(&a));
    a.update(Command::SearchPrev);
    assert_eq!(
        a.reader().search.as_ref().unwrap().current,
        Some(n - 1),
        "N: forward"
    );
    a.update(Command::SearchPrev);
    assert_eq!(
        a.reader().search.as_ref().unwrap().current,
        Some(0),
        "N wraps forward"
    );
    assert_eq!(a.status().message.as_deref(), Some("search wrapped"));
    a.update(Command::SearchNext);
    assert_eq!(
        a.reader().search.as_ref().unwrap().current,
        Some(n - 1),
        "n wraps backward"
    );
    // Esc, then n: the last query again, still backward.
    a.update(Command::ClearSearch);
    a.update(Command::SearchNext);
    let s = a.reader().search.as_ref().unwrap();
    assert!(s.backward);
    // A `/` search after it goes forward again.
    a.update(Command::Top);
    a.update(Command::SearchStart);
    type_query(&mut a, "mek");
    a.update(Command::Accept);
    assert_eq!(a.reader().search.as_ref().unwrap().current, Some(0));
    a.update(Command::SearchNext);
    assert_eq!(a.reader().search.as_ref().unwrap().current, Some(1));
}

#[test]
fn question_mark_from_the_top_wraps_to_the_last_match_and_enter_repeats_backward() {
    let mut a = app(120, 40);
    a.update(Command::SearchBackStart);
    type_query(&mut a, "rrumbullaku");
    a.update(Command::Accept);
    // Both matches are below the first screen: backward, the search wraps
    // to the last one.
    assert_eq!(a.reader().search.as_ref().unwrap().current, Some(1));
    assert!(match_line_visible(&a));
    // `?` then Enter: the previous search again, backward.
    a.update(Command::SearchBackStart);
    a.update(Command::Accept);
    assert_eq!(a.reader().search.as_ref().unwrap().current, Some(0));
}

#[test]
fn slash_enter_repeats_the_previous_search_forward() {
    let mut a = app(120, 40);
    a.update(Command::SearchStart);
    type_query(&mut a, "rrumbullaku");
    a.update(Command::Accept);
    assert_eq!(a.reader().search.as_ref().unwrap().current, Some(0));
    a.update(Command::SearchStart);
    a.update(Command::Accept);
    assert_eq!(
        a.reader().search.as_ref().unwrap().current,
        Some(1),
        "like n"
    );
}

#[test]
fn n_after_esc_searches_again_for_the_last_query() {
    let mut a = app(120, 40);
    a.update(Command::SearchStart);
    type_query(&mut a, "rrumbullaku");
    a.update(Command::Accept);
    a.update(Command::ClearSearch);
    assert!(a.reader().search.is_none(), "Esc clears the highlights");
    a.update(Command::Top);
    a.update(Command::SearchNext);
    let s = a
        .reader()
        .search
        .as_ref()
        .expect("n brought the search back");
    assert_eq!(s.query, "rrumbullaku");
    assert_eq!(
        s.current,
        Some(0),
        "from the top of the view, the first match"
    );
}

#[test]
fn go_to_accepts_a_section_number() {
    let mut a = app(120, 40);
    a.update(Command::GoToSection);
    type_query(&mut a, "4");
    a.update(Command::Accept);
    assert_eq!(a.current_section(), 3);
}

#[test]
fn colon_q_quits_like_vim() {
    let mut a = app(80, 24);
    a.update(Command::GoToSection);
    a.update(Command::Insert('q'));
    a.update(Command::Accept);
    assert!(a.quit());
}

/// Sections named I … XII (and one called `quit`).
fn roman() -> App {
    let mut src = String::from("title = \"Roman\"\n");
    for t in [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "quit",
    ] {
        src.push_str(&format!(
            "[[sections]]\ntitle = \"{t}\"\nbody = \"Text.\"\n"
        ));
    }
    common::app_for(&src, 120, 40)
}

#[test]
fn a_section_named_like_a_quit_command_wins_over_it() {
    // Issue 10 item 2: `:x` listed "10 X" first and Enter quit.
    for (typed, title) in [("x", "X"), ("X", "X"), ("quit", "quit"), ("10", "X")] {
        let mut a = roman();
        a.update(Command::GoToSection);
        type_query(&mut a, typed);
        let first = a.prompt().unwrap().candidates[0];
        assert_eq!(
            a.reader().doc.section_title(first),
            title,
            ":{typed} lists it first"
        );
        a.update(Command::Accept);
        assert!(!a.quit(), ":{typed} names a section");
        assert_eq!(
            a.reader().doc.section_title(a.current_section()),
            title,
            ":{typed}"
        );
    }
    // Where no section has the name, the commands still quit.
    for typed in ["q", "wq", "q!"] {
        let mut a = roman();
        a.update(Command::GoToSection);
        type_query(&mut a, typed);
        a.update(Command::Accept);
        assert!(a.quit(), ":{typed} quits");
    }
    // The prompt says so; choosing a listed section instead jumps there.
    let toml = "title = \"T\"\n[[sections]]\ntitle = \"Quiet place\"\n\
                [[sections]]\ntitle = \"Quick start\"\n";
    let mut a = common::app_for(toml, 120, 40);
    a.update(Command::GoToSection);
    type_query(&mut a, "q");
    let status = common::row(&common::draw(&a), 39);
    assert!(status.contains("Enter quits"), "{status}");
    let second = a.prompt().unwrap().candidates[1];
    a.update(Command::SelectNext);
    a.update(Command::Accept);
    assert!(!a.quit(), "a chosen candidate is followed");
    assert_eq!(a.current_section(), second);
}

#[test]
fn a_space_in_a_query_finds_no_break_spaces_in_a_document() {
    let toml = "title = \"T\"\n[[sections]]\ntitle = \"One\"\n\
                body = \"Donau\u{a0}dampf, Donau\u{202f}dampf and Donau dampf.\"\n";
    let mut a = common::app_for(toml, 80, 24);
    a.update(Command::SearchStart);
    common::type_query(&mut a, "donau dampf");
    let s = a.reader().search.as_ref().unwrap();
    assert_eq!(s.matches.len(), 3, "both no-break spaces and the space");
}

#[test]
fn a_query_finds_words_split_by_invisible_characters() {
    // Soft hyphen, zero-width spaces, word joiner: drawn as nothing, so the
    // words are shown whole and the query finds them, counted per section.
    let toml = "title = \"T\"\n[[sections]]\ntitle = \"One\"\n\
                body = \"Die Donau\u{ad}dampf\u{ad}schifffahrt und Word\u{2060}joiner.\"\n\
                [[sections]]\ntitle = \"Two\"\n\
                body = \"ภาษา\u{200b}ไทย\u{200b}เป็น ภาษา and Donaudampf.\"\n";
    for (query, count, first, per_section) in [
        ("/Donaud", 2, "Donau\u{ad}d", [1, 1]),
        ("/wordjoiner", 1, "Word\u{2060}joiner", [1, 0]),
        ("/ภาษาไทยเป็น", 1, "ภาษา\u{200b}ไทย\u{200b}เป็น", [0, 1]),
    ] {
        let mut a = common::app_for(toml, 80, 24);
        a.update(Command::SearchStart);
        type_query(&mut a, &query[1..]);
        a.update(Command::Accept);
        let s = a.reader().search.as_ref().unwrap();
        assert_eq!(s.matches.len(), count, "{query}");
        assert_eq!(s.counts, per_section, "{query}");
        assert_eq!(current_text(&a), first, "{query}");
        if count == 2 {
            a.update(Command::SearchNext);
            assert_eq!(current_text(&a), "Donaud", "n goes to the second");
            a.update(Command::SearchNext);
            assert_eq!(current_text(&a), first, "and wraps around");
        }
    }
}

/// Section "Long" of many paragraphs, then "Target" whose first paragraph
/// holds the only `needle`, then "After", as long as "Long" (so the
/// view is not at the end, where the last heading shown is marked).
fn long_then_target() -> App {
    let filler: Vec<String> = (0..60).map(|i| format!("filler paragraph {i}")).collect();
    let toml = format!(
        "title = \"T\"\n[[sections]]\ntitle = \"Long\"\nbody = \"\"\"\n{0}\n\"\"\"\n\
         [[sections]]\ntitle = \"Target\"\nbody = \"the needle is here\"\n\
         [[sections]]\ntitle = \"After\"\nbody = \"\"\"\n{0}\n\"\"\"\n",
        filler.join("\n\n")
    );
    common::app_for(&toml, 80, 30)
}

fn section_title(a: &App) -> &str {
    a.reader().doc.section_title(a.current_section())
}

#[test]
fn a_jump_to_a_match_marks_the_matchs_section_until_the_next_scroll() {
    let mut a = long_then_target();
    a.update(Command::SearchStart);
    type_query(&mut a, "needle");
    a.update(Command::Accept);
    assert!(match_line_visible(&a));
    // The context kept above the match starts in "Long".
    assert_eq!(
        a.reader()
            .doc
            .section_title(a.reader().doc.blocks[a.reader().top.block].section as usize),
        "Long"
    );
    assert_eq!(section_title(&a), "Target");
    // `]` goes on from the section marked, not the one at the top.
    a.update(Command::NextSection);
    assert_eq!(section_title(&a), "After");

    // `n` from the top, and a scroll afterwards follows the top again.
    a.update(Command::Top);
    assert_eq!(section_title(&a), "Long");
    a.update(Command::SearchNext);
    assert_eq!(section_title(&a), "Target");
    a.update(Command::LineUp);
    assert_eq!(section_title(&a), "Long");

    // The match list's preview, and Esc puts back what was marked before.
    a.update(Command::Top);
    a.update(Command::ShowResults);
    a.update(Command::SelectNext);
    assert_eq!(section_title(&a), "Target");
    a.update(Command::Close);
    assert_eq!(a.reader().top, camp_reader::render::layout::Pos::default());
    assert_eq!(section_title(&a), "Long");
}

#[test]
fn search_at_start_marks_the_matchs_section() {
    let mut a = long_then_target();
    a.update(Event::StartSearch {
        query: "needle".into(),
        regex: false,
    });
    assert_eq!(section_title(&a), "Target");
}

/// Key events for `text` typed, then Enter.
fn typed_then_enter(text: &str) -> Vec<ratatui::crossterm::event::Event> {
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    text.chars()
        .map(KeyCode::Char)
        .chain([KeyCode::Enter])
        .map(|code| Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))
        .collect()
}

#[test]
fn a_query_pasted_as_keys_begins_one_search() {
    use camp_reader::app::Msg;
    use camp_reader::shell::tui::{coalesce, message_for};
    let mut a = app(120, 40);
    a.update(Command::SearchStart);
    let before = a.find().searches_begun;
    // The keys wait together, as a paste into a terminal without
    // bracketed paste delivers them: the loop takes them as one edit.
    let mut waiting = typed_then_enter("rrumbullaku").into_iter();
    let first = waiting.next().unwrap();
    let action = message_for(&a, &first).unwrap();
    let (action, held) = coalesce(&a, action, || Ok(waiting.next())).unwrap();
    assert_eq!(action, Msg::from(Command::Paste("rrumbullaku".into())));
    a.update(action);
    assert_eq!(
        a.find().searches_begun,
        before + 1,
        "one search for the query"
    );
    assert_eq!(current_text(&a), "Rrumbullaku");
    // Enter did not join the query: it is carried out next, as typed.
    let enter = message_for(&a, &held.expect("Enter held back")).unwrap();
    assert_eq!(
        coalesce(&a, enter.clone(), || Ok(None)).unwrap().0,
        Msg::from(Command::Accept)
    );
    a.update(enter);
    assert_eq!(a.find().history, vec![("rrumbullaku".to_string(), false)]);
    assert_eq!(a.find().searches_begun, before + 1);
    // Typed one key at a time (nothing waiting), each key is a search.
    a.update(Command::SearchStart);
    for ev in typed_then_enter("rrum") {
        let action = message_for(&a, &ev).unwrap();
        a.update(coalesce(&a, action, || Ok(None)).unwrap().0);
    }
    assert_eq!(a.find().searches_begun, before + 5);
    // Outside a prompt, keys never join (each is a command).
    let mut waiting = typed_then_enter("jj").into_iter();
    let first = message_for(&a, &waiting.next().unwrap()).unwrap();
    let (action, held) = coalesce(&a, first.clone(), || Ok(waiting.next())).unwrap();
    assert_eq!((action, held), (first, None));
}

#[test]
fn enter_shows_a_match_once_the_search_has_passed_it_and_searches_the_rest_between_keys() {
    // About 8.9 MB, the title only the 900th copy has about 6.6 MB in:
    // past what typing searched (two steps), before the end.
    let text = camp_reader::testing::sample::article_copies(1200);
    let doc = camp_reader::load::parse("big.toml", &text).unwrap();
    let mut a = App::new(doc, camp_reader::app::Options::default());
    a.update(Event::Resize(120, 40));
    a.update(Command::SearchStart);
    a.update(Command::Paste("Residents and daily life 900.2".into()));
    assert!(
        a.reader().search.as_ref().unwrap().matches.is_empty(),
        "not reached while typing"
    );
    a.update(Command::Accept);
    assert!(a.prompt().is_none());
    assert_eq!(current_text(&a), "Residents and daily life 900.2");
    assert!(match_line_visible(&a));
    let top = a.reader().top;
    // Enter stopped there: the rest is searched between keys.
    assert!(a.search_in_progress(), "the rest is left for between keys");
    while a.search_in_progress() {
        a.update(Event::SearchStep);
    }
    let s = a.reader().search.as_ref().unwrap();
    assert_eq!(s.matches.len(), 1);
    assert_eq!(current_text(&a), "Residents and daily life 900.2");
    assert_eq!(a.reader().top, top, "the view stays on the match");
}

#[test]
fn a_backward_search_stops_at_the_match_before_the_view_and_searches_the_rest_between_keys() {
    // About 8.9 MB: the view at the 100th copy's section 2; `?` for the
    // 50th copy's title, searched from the top up to the view, not to the
    // end.
    let text = camp_reader::testing::sample::article_copies(1200);
    let doc = camp_reader::load::parse("big.toml", &text).unwrap();
    let mut a = App::new(doc, camp_reader::app::Options::default());
    a.update(Event::Resize(120, 40));
    a.update(Command::GoToSection);
    a.update(Command::Paste("Residents and daily life 100".into()));
    a.update(Command::Accept);
    assert!(a.position().0 > 0);
    a.update(Command::SearchBackStart);
    a.update(Command::Paste("Residents and daily life 5".into()));
    a.update(Command::Accept);
    // `…life 5`, `…life 50`-`59`, `…life 500`… : the last before the view
    // is `…life 59` (its subsection titles too: `59.1`, `59.2`).
    let shown = current_text(&a);
    assert_eq!(shown, "Residents and daily life 5");
    let m = a
        .reader()
        .search
        .as_ref()
        .unwrap()
        .current_range(&a.reader().doc)
        .unwrap();
    let line = a.reader().doc.text()[m.start..]
        .lines()
        .next()
        .unwrap_or("")
        .to_string();
    assert!(line.starts_with("Residents and daily life 59"), "{line}");
    assert!(match_line_visible(&a));
    assert!(a.search_in_progress(), "the rest is left for between keys");
    let current = a.reader().search.as_ref().unwrap().current;
    while a.search_in_progress() {
        a.update(Event::SearchStep);
    }
    assert_eq!(
        a.reader().search.as_ref().unwrap().current,
        current,
        "it stays"
    );
}

#[test]
fn enter_in_a_backward_search_far_down_does_not_wait_for_the_whole_search() {
    // About 8.9 MB; from its end, `?` for the 2nd copy's section: the search
    // from the top reaches the view only after the whole document.
    let text = camp_reader::testing::sample::article_copies(1200);
    let doc = camp_reader::load::parse("big.toml", &text).unwrap();
    let mut a = App::new(doc, camp_reader::app::Options::default());
    a.update(Event::Resize(120, 40));
    a.update(Command::Bottom);
    let end = a.reader().top;
    a.update(Command::SearchBackStart);
    a.update(Command::Paste("Residents and daily life 2.2".into()));
    a.update(Command::Accept);
    assert!(a.prompt().is_none(), "Enter closes the prompt at once");
    assert!(a.search_in_progress(), "the search goes on between keys");
    assert_eq!(a.reader().search.as_ref().unwrap().current, None);
    while a.search_in_progress() {
        a.update(Event::SearchStep);
    }
    assert_eq!(current_text(&a), "Residents and daily life 2.2");
    assert!(match_line_visible(&a), "the view went to it once found");
    a.update(Command::JumpBack);
    assert_eq!(a.reader().top, end, "Ctrl-o: back where the search began");
}

/// `n` after `Esc` goes on from the match that was shown, as less does
/// after `ESC-u` and vim after `:noh`, when it is still on screen: with
/// seven matches on the first screen it went back to the first (the
/// trial: `match 7/83`, Esc, `n`, `match 1/83`).
#[test]
fn n_after_esc_goes_on_from_the_match_shown() {
    let text: String = (1..=30).map(|i| format!("regex number {i}.\n\n")).collect();
    let doc = camp_reader::load::parse_markdown("r.md", "r", &text).unwrap();
    let mut a = App::new(doc, camp_reader::app::Options::default());
    a.update(Event::Resize(80, 40));
    a.update(Event::StartSearch {
        query: "regex".into(),
        regex: false,
    });
    for _ in 0..6 {
        a.update(Command::SearchNext);
    }
    assert_eq!(current_text(&a), "regex");
    let shown = a.reader().search.as_ref().and_then(|s| s.current);
    assert_eq!(shown, Some(6));
    a.update(Command::ClearSearch);
    assert!(a.reader().search.is_none());
    a.update(Command::SearchNext);
    assert_eq!(a.reader().search.as_ref().and_then(|s| s.current), Some(7));
    // Moved since, `n` starts from the view, as before.
    a.update(Command::ClearSearch);
    a.update(Command::Bottom);
    a.update(Command::SearchNext);
    assert!(match_line_visible(&a));
    assert_ne!(a.reader().search.as_ref().and_then(|s| s.current), Some(8));
}

/// The `&` list's section column is one width, so the snippets start at
/// one column whatever the sections' names (trial: crossterm's README).
#[test]
fn the_match_lists_snippets_start_at_one_column() {
    let mut toml = String::from("title = \"T\"\n");
    for title in ["A", "A much longer section title", "Mid title"] {
        toml.push_str(&format!(
            "[[sections]]\ntitle = \"{title}\"\nbody = \"Zebra here.\"\n"
        ));
    }
    let mut a = crate::common::app_for(&toml, 80, 24);
    a.update(camp_reader::settings::keymap::Command::SearchStart);
    crate::common::type_query(&mut a, "Zebra");
    a.update(camp_reader::settings::keymap::Command::Accept);
    a.update(camp_reader::settings::keymap::Command::ShowResults);
    let buf = crate::common::draw(&a);
    let list = a.results_area().expect("the list is open");
    let columns: Vec<usize> = (list.top()..list.bottom())
        .map(|y| crate::common::row(&buf, y))
        .filter_map(|r| {
            let before = &r[..r.find("Zebra here")?];
            // The list's rows: a section's name before the snippet.
            before
                .chars()
                .any(char::is_alphabetic)
                .then(|| before.chars().count())
        })
        .collect();
    assert_eq!(columns.len(), 3, "{columns:?}");
    assert!(columns.iter().all(|&c| c == columns[0]), "{columns:?}");
}
