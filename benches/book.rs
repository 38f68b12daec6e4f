//! Book benchmarks on a generated tree of 2,000 Markdown documents in 20
//! folders of 10 sub-folders (`BOOK_MB` megabytes in all, 100 by
//! default; written to a temporary folder first). What a user waits for:
//!
//! - `first_frame`: the reader's first frame, from the folder's name:
//!   walk, read the first documents (`load_first`: a large book reads
//!   about 256 KiB before the first screen), lay out and draw 120×40;
//! - `whole`: reading and assembling the whole book (what the outline
//!   waits for, on another thread);
//! - `fill_in`: the whole book taking the first part's place (on the
//!   loop's thread: what a key waits for at that moment), drawn;
//! - `search_ahead`: the same search made while the book is still being
//!   read: the files left searched on disk, the one found read and handed
//!   over, the match drawn (`load::book::read_ahead`);
//! - `search_last_document`: a search for a word found in the last
//!   document only, over the whole book;
//! - `n_across_documents`: `n` from one document's match to the next
//!   document's (a word once in every document), drawn.
//!
//! Run:
//!
//!     cargo bench --bench book
//!     BOOK_MB=10 cargo bench --bench book -- first_frame

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use camp_reader::app::{App, Event, Options, Reader};
use camp_reader::find::search::Matcher;
use camp_reader::load::book::{BookSource, load_book, load_first, read_ahead};
use camp_reader::settings::keymap::Command;
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const DOCS: usize = 2000;

/// Writes the tree: each document a title, sections every 5 KB of
/// paragraphs of common words; "milestone" once in each, and
/// "zeppelinword" once, in the last.
fn write_tree(root: &Path, megabytes: usize) {
    let words = [
        "the", "reader", "book", "section", "search", "harbour", "mill", "river", "stone",
        "garden", "window", "paper", "ink", "market", "tower", "bridge", "engine", "signal",
    ];
    let each = megabytes * (1 << 20) / DOCS;
    let mut seed = 7u64;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    for i in 0..DOCS {
        let dir = root.join(format!("part{:02}/ch{}", i / 100, (i / 10) % 10));
        std::fs::create_dir_all(&dir).expect("the tree's folders");
        let mut text = format!("# Document {i}\n\nA milestone of document {i}.\n\n");
        let mut section = 0;
        while text.len() < each {
            if text.len() / 5000 > section {
                section += 1;
                text.push_str(&format!("## Section {section}\n\n"));
            }
            for _ in 0..80 {
                text.push_str(words[next() % words.len()]);
                text.push(' ');
            }
            text.push_str(".\n\n");
        }
        if i + 1 == DOCS {
            text.push_str("The zeppelinword is here at last.\n");
        }
        std::fs::write(dir.join(format!("doc{i:04}.md")), text).expect("a document");
    }
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &App) {
    terminal
        .draw(|f| f.render_widget(app, f.area()))
        .expect("draw");
}

fn app_of(source: &BookSource, whole: bool) -> App {
    let book = if whole {
        load_book(source, u64::MAX).expect("the book loads")
    } else {
        load_first(source, u64::MAX).expect("the book loads").0
    };
    let (doc, index) = book.split();
    let reader = Reader::new(doc).in_book(Some(Arc::new(index)));
    let mut app = App::with_reader(reader, Options::default());
    app.update(Event::Resize(120, 40));
    app
}

fn book(c: &mut Criterion) {
    let megabytes = std::env::var("BOOK_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let tree = tempfile::tempdir().expect("a temporary folder");
    write_tree(tree.path(), megabytes);
    let source = BookSource::Dir(tree.path().to_path_buf());
    let mut group = c.benchmark_group("book");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(5));
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");

    group.bench_function(format!("first_frame/{megabytes}MB"), |b| {
        b.iter(|| {
            let app = app_of(&source, false);
            draw(&mut terminal, &app);
            black_box(app.reader().doc.sections.len())
        })
    });
    group.bench_function(format!("whole/{megabytes}MB"), |b| {
        b.iter(|| black_box(load_book(&source, u64::MAX).map(|b| b.parts.len())))
    });

    // The whole book taking the first part's place: on the loop's thread,
    // one key's time.
    let whole = load_book(&source, u64::MAX)
        .expect("the book loads")
        .split();
    group.bench_function(format!("fill_in/{megabytes}MB"), |b| {
        b.iter_batched(
            || (app_of(&source, false), whole.clone()),
            |(mut app, (doc, index))| {
                app.update(Event::BookReloaded(Box::new(doc), Arc::new(index)));
                draw(&mut terminal, &app);
                app
            },
            criterion::BatchSize::LargeInput,
        )
    });
    drop(whole);

    // The same search made while the book is still being read: the files
    // left are searched on disk, the one with the match read with the
    // first documents and handed over (`read_ahead`), the match drawn.
    // What the user waits for after Enter (the whole book, `whole`, is
    // read meanwhile on the other threads).
    group.bench_function(format!("search_ahead/{megabytes}MB"), |b| {
        b.iter_batched(
            || app_of(&source, false),
            |mut app| {
                app.update(Event::StartSearch {
                    query: "zeppelinword".to_string(),
                    regex: false,
                });
                let matcher = Matcher::new("zeppelinword", false)
                    .expect("a query")
                    .expect("a matcher");
                let found = |t: &str| matcher.find_iter(t, 0).next().is_some();
                let (ahead, _) = read_ahead(&source, u64::MAX, &found)
                    .expect("the book loads")
                    .expect("the last document holds it");
                let (doc, index) = ahead.split();
                app.update(Event::BookReloaded(Box::new(doc), Arc::new(index)));
                draw(&mut terminal, &app);
                assert_eq!(
                    app.reader().search.as_ref().map(|s| s.matches.len()),
                    Some(1)
                );
                app
            },
            criterion::BatchSize::LargeInput,
        )
    });

    let mut app = app_of(&source, true);
    group.bench_function(format!("search_last_document/{megabytes}MB"), |b| {
        b.iter(|| {
            app.update(Event::StartSearch {
                query: "zeppelinword".to_string(),
                regex: false,
            });
            draw(&mut terminal, &app);
            black_box(app.reader().search.as_ref().map(|s| s.matches.len()))
        })
    });
    app.update(Command::Top);
    app.update(Event::StartSearch {
        query: "milestone".to_string(),
        regex: false,
    });
    group.bench_function(format!("n_across_documents/{megabytes}MB"), |b| {
        b.iter(|| {
            app.update(Command::SearchNext);
            draw(&mut terminal, &app);
        })
    });
    group.finish();
}

criterion_group!(benches, book);
criterion_main!(benches);
