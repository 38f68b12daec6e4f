//! GitHub's rendering, where a trial found rough edges (issue 21): each
//! case is what GitHub shows for the same Markdown.

use camp_reader::app::{App, Event, Options};
use camp_reader::load::parse_markdown;
use camp_reader::model::document::Document;
use camp_reader::render::print::print;
use camp_reader::settings::keymap::Command;

fn md(text: &str) -> Document {
    parse_markdown("readme.md", "readme", text).expect("a document")
}

fn printed(text: &str) -> String {
    print(&md(text), None, 80, false)
}

/// The printed body after the first section heading's underline.
fn body(text: &str) -> String {
    let out = printed(text);
    let lines: Vec<&str> = out.lines().collect();
    let under = lines
        .iter()
        .position(|l| l.starts_with("---") || !l.is_empty() && l.bytes().all(|c| c == b'='))
        .map_or(0, |i| i + 1);
    lines[under..].join("\n").trim().to_string()
}

#[test]
fn a_linked_badge_is_one_link_titled_by_its_image() {
    for text in [
        "# T\n\nSee [![CI](https://img.example/ci.svg)](https://ci.example/x) now.\n",
        "# T\n\nSee <a href=\"https://ci.example/x\"><img src=\"https://img.example/ci.svg\" alt=\"CI\"></a> now.\n",
    ] {
        let doc = md(text);
        let links: Vec<(&str, &str)> = (0..doc.links.len())
            .map(|l| {
                let link = &doc.links[l];
                (
                    &doc.text()[link.start as usize..link.end as usize],
                    doc.link_target(l),
                )
            })
            .collect();
        assert_eq!(links, [("[img] CI", "https://ci.example/x")], "{text}");
        // The link list shows it once.
        let row = camp_reader::find::search::link_row(&doc, 0);
        assert!(row.contains("[img] CI → https://ci.example/x"), "{row}");
    }
    // An image alone is still a link to the image.
    let doc = md("# T\n\n![Map](map.png)\n");
    assert_eq!(doc.links.len(), 1);
    assert_eq!(doc.link_target(0), "map.png");
}

#[test]
fn br_runs_leave_at_most_one_blank_row_and_none_at_a_paragraph_edge() {
    assert_eq!(
        body("# T\n\n<p>one<br><br><br><br>two<br>three</p>\n"),
        "one\n\ntwo\nthree"
    );
    // Breaks before a paragraph's first text or after its last show
    // nothing; a `<br>` between blocks adds no row.
    assert_eq!(
        body("# T\n\n<p><br><br>one<br><br></p>\n<br>\n<br>\n\nnext\n"),
        "one\n\nnext"
    );
    // Markdown text with inline `<br>`.
    assert_eq!(body("# T\n\na<br><br><br>b\n"), "a\n\nb");
}

#[test]
fn the_line_after_a_br_starts_with_no_space() {
    // portable-atomic's README.
    let text = "# T\n\n- **`float`**<br>\n  Provide `AtomicF{32,64}`.\n- a<br> b <br>   c\n";
    assert_eq!(
        body(text),
        "• `float`\n  Provide `AtomicF{32,64}`.\n• a\n  b\n  c"
    );
    // In HTML too.
    assert_eq!(body("# T\n\n<p>a<br>\n   b</p>\n"), "a\nb");
}

#[test]
fn a_link_to_another_documents_anchor_lands_on_its_block() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.md");
    let b = dir.path().join("b.md");
    std::fs::write(&a, "# A\n\nTo [b's float](b.md#optional-features-float).\n").unwrap();
    let mut b_text = String::from("# B\n\n## Features\n\n");
    for i in 0..30 {
        b_text.push_str(&format!("Filler {i}.\n\n"));
    }
    b_text.push_str("- <a name=\"optional-features-float\"></a>**float** feature\n\n");
    for i in 0..30 {
        b_text.push_str(&format!("More {i}.\n\n"));
    }
    std::fs::write(&b, &b_text).unwrap();
    let load = |p: &std::path::Path| {
        camp_reader::load::load(&camp_reader::load::Input::File(p.to_path_buf()), 1 << 20).unwrap()
    };
    let reader = camp_reader::app::Reader::from_file(load(&a), a.clone().into(), 0)
        .in_dir(Some(dir.path().to_path_buf()));
    let mut app = App::with_reader(reader, Options::default());
    app.update(Event::Resize(80, 12));
    app.follow(0);
    let anchor = match app.take_effects().as_slice() {
        [camp_reader::app::Effect::OpenDocument { anchor, .. }] => anchor.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(anchor.as_deref(), Some("optional-features-float"));
    app.update(Event::Opened {
        doc: Box::new(load(&b)),
        file: std::fs::canonicalize(&b).unwrap(),
        anchor,
        resume: None,
        source_hash: 0,
        left_stamp: None,
    });
    let doc = &app.reader().doc;
    let top = app.reader().top;
    assert_eq!(
        &doc.text()[doc.blocks[top.block].range()],
        "float feature",
        "the bullet holding the anchor is the top line"
    );
    let status = app.status().message.clone().unwrap_or_default();
    assert!(status.contains("Features"), "{status}");
}

#[test]
fn info_shows_section_numbers_only_where_headings_show_them() {
    use camp_reader::model::document::Numbers;
    let text = "# Doc\n\n## One\n\na\n\n## Two\n\nb\n";
    for (numbers, expected) in [
        (Numbers::Auto, "section 2/2 Two ·"),
        (Numbers::Never, "section 2/2 Two ·"),
        (Numbers::Always, "section 2/2 2 Two ·"),
    ] {
        let options = Options {
            numbers,
            ..Options::default()
        };
        let mut app = App::new(md(text), options);
        app.update(Event::Resize(80, 20));
        app.update(Event::JumpToSection(1));
        app.update(Command::Info);
        let status = app.status().message.clone().unwrap_or_default();
        assert!(status.contains(expected), "{numbers:?}: {status}");
    }
}

/// A browser reads `<ol start>` as a 32-bit integer and ignores one past
/// it; a start of 2^64-1 numbered every item the same (the count
/// saturated).
#[test]
fn an_ol_start_past_a_32_bit_integer_is_ignored_and_numbers_stay_distinct() {
    let list = |start: &str| format!("# T\n\n<ol start={start}><li>a</li><li>b</li></ol>\n");
    assert_eq!(body(&list("18446744073709551615")), "1. a\n2. b");
    assert_eq!(body(&list("2147483648")), "1. a\n2. b");
    assert_eq!(body(&list("2147483647")), "2147483647. a\n2147483648. b");
}

#[test]
fn html_lists_keep_their_bullets_numbers_and_nesting() {
    let text = "# T\n\n<ol start=\"3\">\n  <li>three</li>\n  <li>four\n    <ul><li>nested a<li>nested b</ul>\n  </li>\n</ol>\n\n<ul>\n<li><b>apple</b></li>\n<li>pear</li>\n</ul>\n\nAfter.\n";
    assert_eq!(
        body(text),
        "3. three\n4. four\n   • nested a\n   • nested b\n\n• apple\n• pear\n\nAfter."
    );
    // As the same list written in Markdown.
    let markdown =
        "# T\n\n3. three\n4. four\n   - nested a\n   - nested b\n\n- **apple**\n- pear\n\nAfter.\n";
    assert_eq!(body(text), body(markdown));
    // Markdown inside an HTML item, and an HTML list never closed: the
    // next section is still a section.
    let text = "# T\n\n<ul>\n<li>\n\n**bold** item\n\n</li>\n<li>two\n\n## Next\n\nText.\n";
    let doc = md(text);
    let titles: Vec<&str> = (0..doc.sections.len())
        .map(|i| doc.section_title(i))
        .collect();
    assert_eq!(titles, ["T", "Next"]);
    let out = printed(text);
    assert!(out.contains("• bold item\n\n• two\n\nNext\n----"), "{out}");
    // An HTML list inside a Markdown item ends with it.
    let text = "# T\n\n- a\n  <ul><li>inner\n- b\n";
    assert_eq!(body(text), "• a\n  ◦ inner\n• b");
}

#[test]
fn a_logo_heading_is_a_banner_and_the_real_heading_the_title() {
    // crossterm's README.
    let text = "<h1 align=\"center\"><img width=\"440\" src=\"docs/crossterm_full.png\" /></h1>\n\n[![Donate](https://img.shields.io/d.svg)](https://paypal.example/x)\n\n# Cross-platform Terminal Manipulation Library\n\nCrossterm is a library.\n\n## Features\n\n- Cross-platform\n";
    let doc = md(text);
    assert_eq!(doc.title, "Cross-platform Terminal Manipulation Library");
    let titles: Vec<&str> = (0..doc.sections.len())
        .map(|i| doc.section_title(i))
        .collect();
    assert_eq!(
        titles,
        ["Cross-platform Terminal Manipulation Library", "Features"]
    );
    assert!(printed(text).contains("[img] crossterm_full.png"));
    // Alone, the logo's alt text is the title.
    let doc = md("<h1><img src=\"logo.svg\" alt=\"Ratatui\"></h1>\n\n## Intro\n\nText.\n");
    assert_eq!(doc.title, "Ratatui");
    // A heading with text besides its image is a heading, titled by its
    // words.
    let doc = md("<h1><img src=\"logo.svg\"> Alacritty</h1>\n\n## Intro\n\nText.\n");
    assert_eq!(doc.title, "Alacritty");
}

/// crossterm's README (a logo heading, badges, then `# Title`): no
/// invented "Overview". The title heading heads the first section, as
/// GitHub shows it: logo and badges, then the title, then the text.
#[test]
fn a_title_after_a_logo_and_badges_heads_their_section_with_no_overview() {
    use camp_reader::model::document::BlockKind;
    use camp_reader::model::link::{Target, place_of_id};
    let text = "<h1 align=\"center\"><img width=\"440\" src=\"docs/logo.png\" /></h1>\n\n[![Donate](https://img.example/d.svg)](https://pay.example/x) [![MIT][s2]][l2]\n\n# Cross-platform Terminal Library\n\nCrossterm is a library.\n\n## Features\n\n- Cross-platform\n\n[s2]: https://img.example/mit.svg\n[l2]: ./LICENSE\n";
    let doc = md(text);
    let titles: Vec<&str> = (0..doc.sections.len())
        .map(|i| doc.section_title(i))
        .collect();
    assert_eq!(titles, ["Cross-platform Terminal Library", "Features"]);
    let id = "cross-platform-terminal-library";
    assert_eq!(doc.section_id(0), id);
    assert_eq!(place_of_id(&doc, id), Some(Target::Section(0)));
    assert_eq!(doc.find_section(id), Some(0));
    // The logo and badges are the section's own, drawn where they are
    // written: above its heading.
    let h = doc.sections[0].heading_block as usize;
    assert_eq!(doc.blocks[h].kind, BlockKind::Heading);
    assert!(h >= 2, "{h}");
    assert!(doc.blocks[..h].iter().all(|b| b.section == 0));
    let before = &doc.text()[..doc.blocks[h].start as usize];
    assert!(
        before.contains("[img] logo.png") && before.contains("[img] MIT"),
        "{before:?}"
    );
    assert_eq!(doc.own_blocks(0).start, 0);
    // `--print`: the title once, on top, then the logo, the badges and
    // the text.
    let out = printed(text);
    assert_eq!(
        out.matches("Cross-platform Terminal Library").count(),
        1,
        "{out}"
    );
    assert!(!out.contains("Overview"), "{out}");
    let logo = out.find("[img] logo.png").expect("the logo");
    assert!(logo < out.find("Crossterm is").expect("the text"), "{out}");
    // On screen: the logo on top, the heading below it, and the status
    // line names the section, not an "Overview".
    let mut a = App::new(doc, Options::default());
    a.update(Event::Resize(80, 24));
    let buf = crate::common::draw(&a);
    let rows: Vec<String> = (0..24).map(|y| crate::common::row(&buf, y)).collect();
    let at = |words: &str| rows.iter().position(|r| r.contains(words));
    let (logo, heading) = (
        at("[img] logo.png"),
        at("│  Cross-platform Terminal Library"),
    );
    assert!(
        logo.is_some() && heading.is_some() && logo < heading,
        "{rows:#?}"
    );
    assert!(!rows.iter().any(|r| r.contains("Overview")), "{rows:#?}");
    // `<p align=center><img></p>` before the title, the same.
    let doc = md(
        "<p align=\"center\"><img src=\"logo.png\" alt=\"tool\"></p>\n\n# Tool\n\nWords.\n\n## Use\n\nMore.\n",
    );
    let titles: Vec<&str> = (0..doc.sections.len())
        .map(|i| doc.section_title(i))
        .collect();
    assert_eq!(titles, ["Tool", "Use"]);
    // Prose before the first heading keeps its "Overview".
    let doc = md("[![CI](ci.svg)](https://ci.example)\n\nSome words first.\n\n# Tool\n\nWords.\n");
    assert_eq!(doc.section_title(0), "Overview");
    assert_eq!(doc.section_title(1), "Tool");
}

/// rand_chacha's README: `# rand_chacha`, its badges and text, `##
/// Crate Features`, then `# License`. Its title is the heading that opens
/// it (what GitHub and crates.io show first), not the file name; the
/// sections stay GitHub's outline, the first holding its `##`.
#[test]
fn a_readme_opening_with_a_heading_is_named_by_it_with_a_later_level_1_heading() {
    let text = "# rand_chacha\n\n[![Test Status](https://img.example/t.svg)](https://ci.example)\n\nA generator.\n\n## Crate Features\n\nText.\n\n# License\n\nMIT.\n";
    let doc = md(text);
    assert_eq!(doc.title, "rand_chacha");
    let outline: Vec<(u8, &str)> = (0..doc.sections.len())
        .map(|i| (doc.sections[i].depth(), doc.section_title(i)))
        .collect();
    assert_eq!(
        outline,
        [(0, "rand_chacha"), (1, "Crate Features"), (0, "License")]
    );
    // After a logo too; its badges are not part of the name.
    let doc = md(
        "<p align=\"center\"><img src=\"logo.png\"></p>\n\n# Tool [![CI](ci.svg)](https://ci.example)\n\nWords.\n\n## Use\n\n# License\n\nMIT.\n",
    );
    assert_eq!(doc.title, "Tool");
    // Not a heading after prose, nor one that is not the first heading.
    assert_eq!(md("Words.\n\n# A\n\n# B\n").title, "readme");
    assert_eq!(md("## Intro\n\nWords.\n\n# A\n\n# B\n").title, "readme");
}

#[test]
fn print_writes_link_addresses_inside_table_cells() {
    let text = "# T\n\n| Crate | Docs |\n|---|---|\n| [rg](https://example.org/rg) | `code` and <https://x.example> |\n";
    let out = printed(text);
    assert!(
        out.contains("│ rg <https://example.org/rg> │ `code` and https://x.example │"),
        "{out}"
    );
    let html = "# T\n\n<table><tr><th>Name</th></tr><tr><td><a href=\"https://example.org/t\">cell</a></td></tr></table>\n";
    assert!(printed(html).contains("│ cell <https://example.org/t> │"));
}

/// once_cell's README (logo, badges, `# Overview`, a later `# Related
/// crates`): the first `#` heads the logo's section, as GitHub shows it,
/// with no invented "Top" drawn before the logo; prose before a heading
/// titled "Overview" is still "Top".
#[test]
fn the_text_before_a_heading_titled_overview_is_not_a_second_overview() {
    use camp_reader::model::document::BlockKind;
    let text = "<p align=\"center\"><img src=\"design/logo.png\" alt=\"once_cell\"></p>\n\n[![CI](ci.svg)](https://ci.example)\n\n# Overview\n\nText.\n\n# Related crates\n\nMore, see [overview](#overview).\n";
    let doc = md(text);
    let titles: Vec<&str> = (0..doc.sections.len())
        .map(|i| doc.section_title(i))
        .collect();
    assert_eq!(titles, ["Overview", "Related crates"]);
    let ids: Vec<&str> = (0..doc.sections.len()).map(|i| doc.section_id(i)).collect();
    assert_eq!(ids, ["overview", "related-crates"]);
    let link = doc.links.len() - 1;
    assert_eq!(
        camp_reader::model::link::classify(doc.link_target(link), &doc, None),
        camp_reader::model::link::Target::Section(0)
    );
    // The logo and the badge above the heading, in its section.
    let h = doc.sections[0].heading_block as usize;
    assert_eq!(doc.blocks[h].kind, BlockKind::Heading);
    assert!(
        h >= 2 && doc.blocks[..h].iter().all(|b| b.section == 0),
        "{h}"
    );
    assert!(!doc.text().contains("Top"));
    // `--print`: the title once, then the logo, then the text.
    let out = printed(text);
    assert_eq!(out.matches("Overview").count(), 1, "{out}");
    assert!(!out.contains("Top"), "{out}");
    let logo = out.find("[img] once_cell").expect("the logo");
    assert!(logo < out.find("Text.").expect("the text"), "{out}");
    let prose = md("Intro.\n\n# Overview\n\nText.\n\n# More\n\nx\n");
    assert_eq!(prose.section_title(0), "Top");
    // Without such a heading the preamble is "Overview".
    let doc = md("Intro.\n\n# Usage\n\nText.\n\n# More\n");
    assert_eq!(doc.section_title(0), "Overview");
}

#[test]
fn footnotes_are_listed_at_the_end_of_the_document() {
    let text = "# T\n\n## One\n\nA claim[^a] and[^b].\n\n[^b]: Second.\n\n## Two\n\nMore[^a].\n\n[^a]: First.\n\n[^c]: Never cited.\n\n## Three\n\nLast words.\n";
    let doc = md(text);
    let out = printed(text);
    let last = out.find("Last words.").expect("the last section");
    let notes = out.find("[1] First.").expect("the first note");
    assert!(last < notes, "after the last section's text:\n{out}");
    assert!(
        out[notes..].contains("[1] First.\n\n[2] Second.\n"),
        "in the order of their numbers:\n{out}"
    );
    // Under a label; one never cited is not listed (as on GitHub).
    assert!(out[last..notes].contains("Footnotes"), "{out}");
    assert!(!out.contains("Never cited"), "{out}");
    // They are in the last section, and the references land on them.
    let last_section = doc.sections.len() - 1;
    assert_eq!(doc.section_title(last_section), "Three");
    for (link, def) in [(0, "First."), (1, "Second.")] {
        let camp_reader::model::link::Target::Block { block, section } =
            camp_reader::model::link::classify(doc.link_target(link), &doc, None)
        else {
            panic!("{} is no place", doc.link_target(link));
        };
        assert_eq!(section, last_section);
        assert_eq!(&doc.text()[doc.blocks[block].range()], def);
    }
}

#[test]
fn the_title_headings_anchor_names_the_documents_start() {
    use camp_reader::model::link::{Target, place_of_id};
    // crossterm's README: its table of contents links to its `# ` title.
    for (text, id) in [
        (
            "# Cross-platform Terminal Manipulation Library\n\nIntro.\n\n## Table of Contents\n\n- [Top](#cross-platform-terminal-manipulation-library)\n",
            "cross-platform-terminal-manipulation-library",
        ),
        // No text before the first section: the start is that section.
        ("# clap\n\n## Get Started\n\nWords.\n", "clap"),
        ("# Tool {#the-tool}\n\nIntro.\n\n## Use\n", "the-tool"),
    ] {
        let doc = md(text);
        match place_of_id(&doc, id) {
            Some(Target::Section(0)) => {}
            other => panic!("{id}: {other:?} in {text:?}"),
        }
    }
}

#[test]
fn a_title_is_its_headings_words_without_its_badges() {
    let doc = md(
        "# Serde &emsp; [![Build Status]][actions] [![Latest Version]][crates.io]\n\nIntro.\n\n[Build Status]: https://img.example/ci.svg\n[actions]: https://ci.example\n[Latest Version]: https://img.example/v.svg\n[crates.io]: https://crates.io/serde\n",
    );
    assert_eq!(doc.title, "Serde");
    // The badges show under the title, each linking where it did.
    let targets: Vec<&str> = (0..doc.links.len()).map(|l| doc.link_target(l)).collect();
    assert_eq!(targets, ["https://ci.example", "https://crates.io/serde"]);
    let out = print(&doc, None, 80, false);
    assert!(
        out.contains("[img] Build Status <https://ci.example> [img] Latest Version"),
        "{out}"
    );
    // A heading of images alone keeps them (a logo): the title is not empty.
    let doc = md("# ![Logo](logo.png)\n\nIntro.\n");
    assert!(doc.title.contains("Logo"), "{:?}", doc.title);
}

/// Spaces and tabs in a row in prose are one space, as GitHub shows them
/// (clap's examples README: `documentation.  Examples`); code spans and
/// code blocks keep theirs, and so does a file read as plain text.
#[test]
fn runs_of_spaces_in_prose_are_one_space() {
    let doc = md(
        "# T\n\ndocumentation.  Examples fit\tinto   this, `a  b` *x*  y\n\n```\nkeep  these\n```\n",
    );
    let text = doc.text();
    assert!(
        text.contains("documentation. Examples fit into this, a  b x y"),
        "{text:?}"
    );
    assert!(text.contains("keep  these"), "{text:?}");
}

/// `--print` writes struck text between `~~`, as it writes code between
/// backticks: `~~$10~~ $5` printed as `$10 $5` said the opposite.
#[test]
fn print_writes_struck_text_between_tildes() {
    let out = printed("# T\n\nPrice: ~~$10~~ $5, ~~*gone* too~~.\n");
    assert!(out.contains("Price: ~~$10~~ $5, ~~gone too~~."), "{out}");
}
