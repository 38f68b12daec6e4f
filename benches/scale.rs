//! Scale benchmarks on generated documents: the article repeated 1, 100 and
//! 10,000 times (about 7 KB, 740 KB and 74 MB), in the content format and
//! as Markdown (ids `md-1`, `md-100`, `md-10000`; 72 MB). Each measures what a user
//! waits for: loading, the first frame, a page down, a jump to the end, a
//! resize, the search itself, `n` to the next match, and keys with the
//! largest count (`999999999]`). Drawing is into a
//! 120×40 TestBackend, so the figures include the whole frame.
//!
//! `huge_paragraph` resizes at the top of one 4.4 MB paragraph (a resize
//! must cost what the visible lines cost: target under 16 ms).
//!
//! `duplicate_titles` loads 10k, 100k and 1M sections all titled "a" (id
//! generation must stay linear); `shapes` loads each document shape of
//! `sample::Shape` at about 3 MB. Peak memory per shape is measured on the
//! release binary at ~30 MB (`make-doc --shape NAME 30`, then
//! `/usr/bin/time -v camp-reader --check`; README, "Large documents"),
//! peak / file before and after sections and links were made compact:
//!
//!     article 2.42 -> 2.26    inline 2.42 -> 2.24    links 3.08 -> 2.58
//!     inline-links 5.15 -> 3.29    short 6.66 -> 2.92    nested 5.49 -> 2.09
//!     paragraphs 9.84 -> 9.84    tiny-inline 22.3 -> 6.26
//!
//! Bound for every shape: 3x the file + 40 bytes per section + 21 bytes
//! per paragraph or link (the excess measured on `tiny-inline`,
//! `paragraphs` and `inline-links`, the shapes of the smallest pieces).
//!
//!     cargo bench --bench scale
//!     cargo bench --bench scale -- /10000    # only the 74 MB TOML document
//!     cargo bench --bench scale -- md-10000  # only the 72 MB Markdown one
//!     cargo bench --bench scale -- duplicate_titles
//!     cargo bench --bench scale -- real_markdown
//!
//! `real_markdown` is Markdown no one here wrote, at the 70 MB scale:
//! `code-heavy` is proptest's README (a dependency's; fenced Rust code in
//! about half its lines) repeated, `readmes` every dependency's README
//! one after another, repeated. Both are read where cargo keeps them
//! (`cargo metadata`), never copied here. Each measures loading, the first
//! frame, a page down, `G` and a resize.

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use camp_reader::app::Event;
use camp_reader::app::{App, Options};
use camp_reader::load::{self, Input};
use camp_reader::model::document::Document;
use camp_reader::settings::keymap::Command;
use camp_reader::testing::sample::{Shape, article_copies, article_markdown_copies, write_shape};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const COPIES: [usize; 3] = [1, 100, 10_000];

#[derive(Clone, Copy)]
enum Format {
    Toml,
    Markdown,
}

fn parse_as(format: Format, text: &str) -> Document {
    match format {
        Format::Toml => load::parse("doc.toml", text).expect("valid document"),
        Format::Markdown => load::parse_markdown("doc.md", "doc", text).expect("valid document"),
    }
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &App) {
    terminal
        .draw(|f| f.render_widget(app, f.area()))
        .expect("draw");
}

/// Times `iters` resizes + a frame each, alternating between 120 and 100
/// columns so every one re-wraps (the terminal's own resize is untimed).
fn timed_resizes(
    app: &mut App,
    terminal: &mut Terminal<TestBackend>,
    iters: u64,
    wide: &mut bool,
) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        *wide = !*wide;
        let (w, h) = if *wide { (120, 40) } else { (100, 40) };
        terminal
            .resize(ratatui::layout::Rect::new(0, 0, w, h))
            .expect("resize");
        let t = Instant::now();
        app.update(Event::Resize(w, h));
        draw(terminal, app);
        total += t.elapsed();
    }
    total
}

/// Times `action` + a frame, `iters` times; `reset` (untimed) runs when
/// `needs_reset` says the action would no longer do anything.
fn timed_keys(
    app: &mut App,
    terminal: &mut Terminal<TestBackend>,
    iters: u64,
    action: &Command,
    needs_reset: impl Fn(&App) -> bool,
    reset: &Command,
) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        if needs_reset(app) {
            app.update(reset.clone());
        }
        let t = Instant::now();
        black_box(app.update(action.clone()));
        draw(terminal, app);
        total += t.elapsed();
    }
    total
}

fn scale(c: &mut Criterion) {
    let mut group = c.benchmark_group("scale");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(3));
    for (format, copies) in COPIES
        .map(|c| (Format::Toml, c))
        .into_iter()
        .chain(COPIES.map(|c| (Format::Markdown, c)))
    {
        let (text, file, label) = match format {
            Format::Toml => (article_copies(copies), "doc.toml", copies.to_string()),
            Format::Markdown => (
                article_markdown_copies(copies),
                "doc.md",
                format!("md-{copies}"),
            ),
        };
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(file);
        std::fs::write(&path, &text).expect("write doc");
        let input = Input::File(path.clone());

        group.bench_with_input(BenchmarkId::new("load", &label), &input, |b, input| {
            b.iter(|| black_box(load::load(input, load::DEFAULT_MAX_SIZE).expect("load")))
        });
        group.bench_with_input(
            BenchmarkId::new("first_frame", &label),
            &input,
            |b, input| {
                b.iter(|| {
                    let doc = load::load(input, load::DEFAULT_MAX_SIZE).expect("load");
                    let mut app = App::new(doc, Options::default());
                    app.update(Event::Resize(120, 40));
                    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
                    draw(&mut terminal, &app);
                    black_box(terminal);
                })
            },
        );

        let mut app = App::new(parse_as(format, &text), Options::default());
        app.update(Event::Resize(120, 40));
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
        draw(&mut terminal, &app);
        let at_end = |a: &App| a.percent() >= 100;
        group.bench_function(BenchmarkId::new("page_down", &label), |b| {
            b.iter_custom(|iters| {
                timed_keys(
                    &mut app,
                    &mut terminal,
                    iters,
                    &Command::PageDown,
                    at_end,
                    &Command::Top,
                )
            })
        });
        group.bench_function(BenchmarkId::new("jump_to_end", &label), |b| {
            b.iter_custom(|iters| {
                timed_keys(
                    &mut app,
                    &mut terminal,
                    iters,
                    &Command::Bottom,
                    at_end,
                    &Command::Top,
                )
            })
        });
        group.bench_function(BenchmarkId::new("next_section", &label), |b| {
            b.iter_custom(|iters| {
                timed_keys(
                    &mut app,
                    &mut terminal,
                    iters,
                    &Command::NextSection,
                    at_end,
                    &Command::Top,
                )
            })
        });
        // The largest count before a key is applied at once (issue 15
        // item 7: `999999999]` took 188 s, one section at a time).
        for (name, key, start) in [
            ("count_next_section", Command::NextSection, Command::Top),
            ("count_prev_section", Command::PrevSection, Command::Bottom),
            ("count_line_down", Command::LineDown, Command::Top),
            ("count_next_paragraph", Command::NextParagraph, Command::Top),
        ] {
            group.bench_function(BenchmarkId::new(name, &label), |b| {
                b.iter_custom(|iters| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        app.update(start.clone());
                        let t = Instant::now();
                        for _ in 0..9 {
                            app.update(Command::Count(9));
                        }
                        black_box(app.update(key.clone()));
                        draw(&mut terminal, &app);
                        total += t.elapsed();
                    }
                    total
                })
            });
        }
        // Resize: alternate between two widths so every iteration re-wraps.
        app.update(Command::Top);
        app.update(Command::HalfPageDown);
        let mut wide = false;
        group.bench_function(BenchmarkId::new("resize", &label), |b| {
            b.iter_custom(|iters| timed_resizes(&mut app, &mut terminal, iters, &mut wide))
        });
        terminal
            .resize(ratatui::layout::Rect::new(0, 0, 120, 40))
            .expect("resize");
        app.update(Event::Resize(120, 40));

        // The search itself: every match in the whole document.
        group.bench_function(BenchmarkId::new("search_all_matches", &label), |b| {
            b.iter(|| {
                app.update(Event::StartSearch {
                    query: "rrumbullaku".to_string(),
                    regex: false,
                });
                black_box(app.reader().search.as_ref().map(|s| s.matches.len()))
            })
        });
        // `n` from the top to a match in the middle of the document (the
        // only match: a numbered title of the middle copy).
        let middle = format!("Raid by Albanian police {}.5", copies.div_ceil(2));
        app.update(Command::Top);
        app.update(Event::StartSearch {
            query: middle.clone(),
            regex: false,
        });
        assert_eq!(
            app.reader().search.as_ref().map(|s| s.matches.len()),
            Some(1),
            "{middle}"
        );
        group.bench_function(BenchmarkId::new("n_to_middle", &label), |b| {
            b.iter_custom(|iters| {
                timed_keys(
                    &mut app,
                    &mut terminal,
                    iters,
                    &Command::SearchNext,
                    |_| true,
                    &Command::Top,
                )
            })
        });
        group.bench_function(BenchmarkId::new("n_next_match", &label), |b| {
            app.update(Event::StartSearch {
                query: "rrumbullaku".to_string(),
                regex: false,
            });
            b.iter_custom(|iters| {
                timed_keys(
                    &mut app,
                    &mut terminal,
                    iters,
                    &Command::SearchNext,
                    |_| false,
                    &Command::Top,
                )
            })
        });
    }
    group.finish();
}

fn duplicate_titles(c: &mut Criterion) {
    let mut group = c.benchmark_group("duplicate_titles");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(3));
    for n in [10_000, 100_000, 1_000_000] {
        let text = format!(
            "title = \"t\"\n{}",
            "[[sections]]\ntitle = \"a\"\n".repeat(n)
        );
        group.bench_with_input(BenchmarkId::new("load", n), &text, |b, text| {
            b.iter(|| {
                let doc = load::parse("dup.toml", text).expect("valid document");
                assert_eq!(doc.sections.len(), n);
                black_box(doc)
            })
        });
    }
    group.finish();
}

fn shapes(c: &mut Criterion) {
    let mut group = c.benchmark_group("shapes");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(2));
    for shape in Shape::ALL {
        let mut text = Vec::new();
        write_shape(shape, 3 << 20, &mut text).expect("writing to memory");
        let text = String::from_utf8(text).expect("UTF-8");
        group.bench_with_input(BenchmarkId::new("load", shape.name()), &text, |b, text| {
            b.iter(|| black_box(load::parse("shape.toml", text).expect("valid document")))
        });
    }
    group.finish();
}

/// One section whose body is a single 4.4 MB paragraph: a resize at its
/// top, between two widths so every iteration re-wraps, with a frame.
fn huge_paragraph(c: &mut Criterion) {
    let mut group = c.benchmark_group("huge_paragraph");
    group.sample_size(10);
    let words = "Camp Ashraf 3 lies in Manëz, Durrës County, between Tirana and the coast; ";
    let body = words.repeat((44 << 20) / 10 / words.len());
    let toml = format!("title = \"Big\"\n[[sections]]\ntitle = \"One\"\nbody = \"{body}\"\n");
    let doc = load::parse("huge.toml", &toml).expect("valid document");
    let mut app = App::new(doc, Options::default());
    app.update(Event::Resize(120, 40));
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    draw(&mut terminal, &app);
    let mut wide = false;
    group.bench_function("resize_at_top", |b| {
        b.iter_custom(|iters| timed_resizes(&mut app, &mut terminal, iters, &mut wide))
    });
    group.finish();
}

/// About 70 MB of `unit` repeated, in whole copies (at least one).
fn repeated_to_70_mb(unit: &str) -> String {
    unit.repeat((70 << 20) / unit.len().max(1) + 1)
}

/// Code-heavy Markdown and a mixture of real READMEs at 70 MB (see the
/// module's doc).
fn real_markdown(c: &mut Criterion) {
    let mut group = c.benchmark_group("real_markdown");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(3));
    let read = |path: &std::path::Path| {
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let proptest = read(&common::dependency_source("proptest").join("README.md"));
    let readmes: String = common::dependency_documents()
        .iter()
        .filter(|p| p.ends_with("README.md"))
        .map(|p| read(p) + "\n\n")
        .collect();
    for (label, unit) in [("code-heavy", proptest), ("readmes", readmes)] {
        let text = repeated_to_70_mb(&unit);
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("doc.md");
        std::fs::write(&path, &text).expect("write doc");
        let input = Input::File(path.clone());
        group.bench_with_input(BenchmarkId::new("load", label), &input, |b, input| {
            b.iter(|| black_box(load::load(input, load::DEFAULT_MAX_SIZE).expect("load")))
        });
        group.bench_with_input(
            BenchmarkId::new("first_frame", label),
            &input,
            |b, input| {
                b.iter(|| {
                    let doc = load::load(input, load::DEFAULT_MAX_SIZE).expect("load");
                    let mut app = App::new(doc, Options::default());
                    app.update(Event::Resize(120, 40));
                    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
                    draw(&mut terminal, &app);
                    black_box(terminal);
                })
            },
        );
        let mut app = App::new(parse_as(Format::Markdown, &text), Options::default());
        drop(text);
        app.update(Event::Resize(120, 40));
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
        draw(&mut terminal, &app);
        let at_end = |a: &App| a.percent() >= 100;
        for (name, key) in [
            ("page_down", Command::PageDown),
            ("jump_to_end", Command::Bottom),
        ] {
            group.bench_function(BenchmarkId::new(name, label), |b| {
                b.iter_custom(|iters| {
                    timed_keys(&mut app, &mut terminal, iters, &key, at_end, &Command::Top)
                })
            });
        }
        app.update(Command::Top);
        app.update(Command::HalfPageDown);
        let mut wide = false;
        group.bench_function(BenchmarkId::new("resize", label), |b| {
            b.iter_custom(|iters| timed_resizes(&mut app, &mut terminal, iters, &mut wide))
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    scale,
    duplicate_titles,
    shapes,
    huge_paragraph,
    real_markdown
);
criterion_main!(benches);
