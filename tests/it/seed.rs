//! The embedded article holds the seed text word for word: every heading
//! and paragraph of `shared/seed/camp-ashraf-3.txt`, in order, with only
//! the page-scrape debris left out.
//!
//! The seed is read from a copy kept in the repository
//! (`tests/data/camp-ashraf-3.seed.txt`), so the test does not depend on
//! what sits beside the checkout; when `../shared/seed` is there too, the
//! copy must be identical to it.

use std::path::PathBuf;

use camp_reader::load::{self, parse};
use camp_reader::model::document::{BlockKind, Document};

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn seed_copy() -> String {
    let path = manifest_dir().join("tests/data/camp-ashraf-3.seed.txt");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn embedded() -> Document {
    parse(load::EMBEDDED_NAME, load::EMBEDDED).expect("the embedded document loads")
}

/// Whitespace runs become one space, none before `,` `.` `;` `:`.
fn normalise(s: &str) -> String {
    let mut out = s.split_whitespace().collect::<Vec<_>>().join(" ");
    for p in [",", ".", ";", ":"] {
        out = out.replace(&format!(" {p}"), p);
    }
    out
}

/// What the seed holds, debris dropped.
#[derive(Debug, Default)]
struct Seed {
    /// The lead (no heading in the seed), then one entry per heading.
    sections: Vec<SeedSection>,
    licence: String,
}

#[derive(Debug, Default, PartialEq)]
struct SeedSection {
    /// `None` for the lead.
    title: Option<String>,
    paragraphs: Vec<String>,
    links: Vec<String>,
}

/// A heading line is short and does not end a sentence.
fn is_heading(line: &str) -> bool {
    !line.ends_with(['.', '"', '”', '?', '!', ':', ')', ';'])
        && line.split_whitespace().count() <= 6
}

fn extract(seed: &str) -> Seed {
    let mut lines = seed
        .lines()
        .map(normalise)
        .filter(|l| !l.is_empty())
        .peekable();
    assert_eq!(
        lines.next().as_deref(),
        Some("Aller au contenu principal"),
        "the seed starts with the skip link"
    );
    let mut titles = 0;
    while lines.peek().is_some_and(|l| l == "Camp Ashraf 3") {
        lines.next();
        titles += 1;
    }
    assert!(titles >= 1, "the seed repeats the title at the top");

    let mut out = Seed {
        sections: vec![SeedSection::default()],
        ..Seed::default()
    };
    for line in lines {
        if line == "Collection James Bond 007" {
            continue;
        }
        if line.starts_with("Text submitted to") {
            out.licence = line;
            continue;
        }
        let current = out.sections.last_mut().unwrap();
        if let Some(link) = line.strip_prefix('•') {
            current.links.push(normalise(link));
        } else if is_heading(&line) {
            let title = if line == "Externals links" {
                "External links".to_string()
            } else {
                line
            };
            out.sections.push(SeedSection {
                title: Some(title),
                ..SeedSection::default()
            });
        } else {
            current.paragraphs.push(line);
        }
    }
    out
}

/// The document's sections in the same shape (top level; the embedded
/// article has no subsections).
fn doc_sections(doc: &Document) -> Vec<SeedSection> {
    (0..doc.sections.len())
        .map(|i| {
            let title = doc.section_title(i);
            let mut section = SeedSection {
                title: Some(title.to_string()),
                ..SeedSection::default()
            };
            for b in doc.own_blocks(i) {
                assert_eq!(doc.blocks[b].section as usize, i);
                let text = normalise(doc.block_text(b));
                match doc.blocks[b].kind {
                    BlockKind::Heading => assert_eq!(text, title),
                    BlockKind::Paragraph => section.paragraphs.push(text),
                    BlockKind::Link { .. } => section.links.push(text),
                    BlockKind::Source => panic!("source line inside a section"),
                    other => panic!("the plain article has no {other:?} block"),
                }
            }
            section
        })
        .collect()
}

#[test]
fn the_repository_copy_matches_shared_seed() {
    let shared = manifest_dir().join("../shared/seed/camp-ashraf-3.txt");
    match std::fs::read(&shared) {
        Ok(bytes) => assert!(
            bytes == seed_copy().as_bytes(),
            "tests/data/camp-ashraf-3.seed.txt differs from {}",
            shared.display()
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("{} is absent; only the copy is used", shared.display());
        }
        Err(e) => panic!("{}: {e}", shared.display()),
    }
}

#[test]
fn the_seed_extraction_finds_what_the_seed_holds() {
    // Guards the extraction itself, so the comparison below compares
    // something: five headings after the lead, 22 paragraphs, one link.
    let seed = extract(&seed_copy());
    let titles: Vec<Option<&str>> = seed.sections.iter().map(|s| s.title.as_deref()).collect();
    assert_eq!(
        titles,
        [
            None,
            Some("Residents and daily life"),
            Some("Allegation of torture"),
            Some("Troll farm allegations"),
            Some("Raid by Albanian police"),
            Some("External links"),
        ]
    );
    let paragraphs: usize = seed.sections.iter().map(|s| s.paragraphs.len()).sum();
    assert_eq!(paragraphs, 22);
    assert_eq!(seed.sections[5].links.len(), 1);
    for s in &seed.sections {
        for p in &s.paragraphs {
            assert!(!p.contains("Collection James Bond"), "{p}");
            assert!(!p.contains("Aller au contenu"), "{p}");
        }
    }
}

#[test]
fn section_titles_match_the_seed_headings() {
    let seed = extract(&seed_copy());
    let doc = embedded();
    assert_eq!(doc.title, "Camp Ashraf 3");
    let got: Vec<&str> = (0..doc.sections.len())
        .map(|i| doc.section_title(i))
        .collect();
    // The lead has no heading in the seed; the reader calls it Overview.
    let mut want = vec!["Overview"];
    want.extend(
        seed.sections[1..]
            .iter()
            .map(|s| s.title.as_deref().unwrap()),
    );
    assert_eq!(got, want);
    assert!(doc.sections.iter().all(|s| s.depth() == 0));
}

#[test]
fn every_seed_paragraph_is_in_the_document_in_order_word_for_word() {
    let seed = extract(&seed_copy());
    let doc = embedded();
    let sections = doc_sections(&doc);
    assert_eq!(sections.len(), seed.sections.len());
    for (got, want) in sections.iter().zip(&seed.sections) {
        let name = got.title.as_deref().unwrap();
        assert_eq!(
            got.paragraphs.len(),
            want.paragraphs.len(),
            "paragraph count in {name:?}"
        );
        for (i, (g, w)) in got.paragraphs.iter().zip(&want.paragraphs).enumerate() {
            assert_eq!(g, w, "paragraph {} of {name:?}", i + 1);
        }
        assert_eq!(got.links, want.links, "links of {name:?}");
    }
    // And nothing else: all paragraphs of the document are the seed's.
    let all_seed: Vec<&String> = seed.sections.iter().flat_map(|s| &s.paragraphs).collect();
    let all_doc: Vec<String> = (0..doc.blocks.len())
        .filter(|&b| doc.blocks[b].kind == BlockKind::Paragraph)
        .map(|b| normalise(doc.block_text(b)))
        .collect();
    assert_eq!(all_doc.len(), all_seed.len());
    assert!(all_doc.iter().zip(all_seed).all(|(d, s)| d == s));
}

#[test]
fn the_cnn_reference_is_a_link_without_url() {
    let doc = embedded();
    let links: Vec<usize> = (0..doc.blocks.len())
        .filter(|&b| matches!(doc.blocks[b].kind, BlockKind::Link { .. }))
        .collect();
    assert_eq!(links.len(), 1);
    let b = links[0];
    let BlockKind::Link { text_len } = doc.blocks[b].kind else {
        unreachable!()
    };
    let text = doc.block_text(b);
    // Without a url the block is the text alone (with one: `text <url>`).
    assert_eq!(text_len as usize, text.len(), "{text:?} has a url");
    assert!(!text.contains('<') && !text.contains("http"), "{text}");
    assert!(text.ends_with(", CNN"), "{text}");
    assert!(text.starts_with("A darling of US conservatives"), "{text}");
    let section = doc.blocks[b].section as usize;
    assert_eq!(doc.section_title(section), "External links");
    // Nothing to follow: the link table holds only links with an address.
    assert!(doc.links.is_empty(), "{:?}", doc.links);
}

#[test]
fn toml_links_with_an_address_are_in_the_link_table() {
    let src = "title = \"T\"\n[[sections]]\ntitle = \"A\"\nbody = \"x\"\n\
        [[sections.links]]\ntext = \"Home\"\nurl = \"https://example.org/\"\n\
        [[sections]]\ntitle = \"B\"\nlinks = [{ text = \"Up\", url = \"#a\" }, { text = \"none\" }]\n";
    let doc = parse("t.toml", src).expect("loads");
    let shown: Vec<(&str, &str, u32)> = doc
        .links
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let text = &doc.text()[l.start as usize..l.end as usize];
            (text, doc.link_target(i), l.section)
        })
        .collect();
    assert_eq!(
        shown,
        [("Home", "https://example.org/", 0), ("Up", "#a", 1)]
    );
}

#[test]
fn the_source_is_wikipedia_cc_by_sa() {
    let seed = extract(&seed_copy());
    assert!(seed.licence.contains("CC-BY-SA"), "{}", seed.licence);
    assert!(
        seed.licence.contains("Camp Ashraf 3 by Wikipedia"),
        "{}",
        seed.licence
    );

    let doc = embedded();
    let source = doc.source.as_ref().expect("a [source] table");
    assert_eq!(source.name.as_deref(), Some("Wikipedia"));
    assert_eq!(source.license.as_deref(), Some("CC BY-SA"));
    assert_eq!(source.title.as_deref(), Some("Camp Ashraf 3"));
    let last = doc.blocks.len() - 1;
    assert_eq!(doc.blocks[last].kind, BlockKind::Source);
    assert_eq!(
        doc.block_text(last),
        "Source: Camp Ashraf 3 — Wikipedia — CC BY-SA"
    );
}
