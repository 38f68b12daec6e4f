//! Section ids: generated ids stay exactly what they always were (`base`,
//! then `base-2`, `base-3`, … skipping ids already taken, explicit ids
//! first), whatever mix of repeated titles, titles that look like suffixed
//! ids, and explicit ids that collide with generated suffixes.

use std::collections::HashSet;

use camp_reader::load::{Slugs, slug};
use camp_reader::load::{parse, parse_in_chunks};
use proptest::prelude::*;

/// The id rule written the simple (quadratic) way.
fn reference_ids(sections: &[(String, Option<String>)]) -> Vec<String> {
    let mut used: HashSet<String> = sections.iter().filter_map(|(_, id)| id.clone()).collect();
    sections
        .iter()
        .map(|(title, explicit)| match explicit {
            Some(id) => id.clone(),
            None => {
                let base = slug(title, Slugs::Toml);
                let mut id = base.clone();
                let mut n = 2;
                while used.contains(&id) {
                    id = format!("{base}-{n}");
                    n += 1;
                }
                used.insert(id.clone());
                id
            }
        })
        .collect()
}

fn document(sections: &[(String, Option<String>)]) -> String {
    let mut text = String::from("title = \"T\"\n");
    for (title, id) in sections {
        text.push_str(&format!("\n[[sections]]\ntitle = {title:?}\n"));
        if let Some(id) = id {
            text.push_str(&format!("id = {id:?}\n"));
        }
    }
    text
}

fn ids(text: &str) -> Vec<String> {
    let doc = parse("ids.toml", text).expect("valid document");
    (0..doc.sections.len())
        .map(|i| doc.section_id(i).to_string())
        .collect()
}

#[test]
fn explicit_ids_that_take_generated_suffixes_are_skipped() {
    let sections: Vec<(String, Option<String>)> = [
        ("A", None),
        ("a", Some("a-3")),
        ("A", None),
        ("a-2", None),
        ("A", None),
        ("A", None),
        ("a 2", Some("a-2-2")),
        ("a-2", None),
        ("a-2", None),
        ("b", Some("a")),
        ("A", None),
    ]
    .iter()
    .map(|(t, id)| (t.to_string(), id.map(str::to_string)))
    .collect();
    let got = ids(&document(&sections));
    assert_eq!(
        got,
        [
            "a-2", "a-3", "a-4", "a-2-3", "a-5", "a-6", "a-2-2", "a-2-4", "a-2-5", "a", "a-7"
        ]
    );
    assert_eq!(got, reference_ids(&sections));
}

fn title() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["a", "A!", "a-2", "a 3", "a-2-2", "b", "a-10", "?"])
        .prop_map(str::to_string)
}

fn explicit_id() -> impl Strategy<Value = Option<String>> {
    prop::option::weighted(
        0.25,
        prop::sample::select(vec!["a", "a-2", "a-3", "a-2-2", "b-2", "section", "a-10"])
            .prop_map(str::to_string),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn ids_match_the_simple_rule(
        raw in prop::collection::vec((title(), explicit_id()), 1..40)
    ) {
        // Explicit ids must be unique: keep each one's first use.
        let mut seen = HashSet::new();
        let sections: Vec<(String, Option<String>)> = raw
            .into_iter()
            .map(|(t, id)| (t, id.filter(|id| seen.insert(id.clone()))))
            .collect();
        let text = document(&sections);
        let want = reference_ids(&sections);
        prop_assert_eq!(&ids(&text), &want);
        // The chunked parser joins runs before assigning ids: same ids.
        if let Some(chunked) = parse_in_chunks("ids.toml", &text, 3, 2) {
            let doc = chunked.expect("valid document");
            let got: Vec<String> = (0..doc.sections.len()).map(|i| doc.section_id(i).to_string()).collect();
            prop_assert_eq!(&got, &want);
        }
    }
}

/// Where `#id` lands, the simple (linear) way: a section by its id
/// exactly, else ignoring ASCII case, else the first anchor so named.
fn reference_place(doc: &camp_reader::model::document::Document, id: &str) -> Option<usize> {
    let all = 0..doc.sections.len();
    all.clone()
        .find(|&i| doc.section_id(i) == id)
        .or_else(|| {
            all.clone()
                .find(|&i| doc.section_id(i).eq_ignore_ascii_case(id))
        })
        .or_else(|| {
            doc.anchors
                .iter()
                .find(|(a, _)| *a == id)
                .map(|(_, a)| a.section as usize)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// `#id` is found by the sorted index exactly where reading every
    /// section and anchor in turn finds it: the first of equal ids, an
    /// exact id before one that differs in case, a section before an
    /// anchor.
    #[test]
    fn ids_are_looked_up_as_a_linear_scan_finds_them(
        raw in prop::collection::vec(
            (
                prop::sample::select(vec!["Ab", "aB", "ab", "AB", "b", "B", "c"]),
                prop::collection::vec(prop::sample::select(vec!["ab", "Ab", "c", "C", "d", "é"]), 0..3),
            ),
            1..12,
        )
    ) {
        let mut text = String::from("title = \"T\"\nmarkup = \"markdown\"\n");
        let mut seen = HashSet::new();
        for (id, anchors) in &raw {
            text.push_str("\n[[sections]]\ntitle = \"S\"\n");
            if seen.insert(*id) {
                text.push_str(&format!("id = {id:?}\n"));
            }
            let body: String = anchors.iter().map(|a| format!("<a name=\"{a}\"></a>x\n\n")).collect();
            text.push_str(&format!("body = '''\n{body}'''\n"));
        }
        let doc = parse("ids.toml", &text).expect("valid document");
        // Read in turn, then through the sorted index, the same.
        for indexed in [false, true] {
            if indexed {
                doc.index_ids(usize::MAX);
            }
            for id in ["Ab", "aB", "ab", "AB", "b", "B", "c", "C", "d", "é", "É", "s", "S", "s-2", "z"] {
                let got = match camp_reader::model::link::place_of_id(&doc, id) {
                    Some(camp_reader::model::link::Target::Section(s)) => Some(s),
                    Some(camp_reader::model::link::Target::Block { section, .. }) => Some(section),
                    _ => None,
                };
                prop_assert_eq!(got, reference_place(&doc, id), "id {} indexed {}", id, indexed);
            }
        }
    }
}
