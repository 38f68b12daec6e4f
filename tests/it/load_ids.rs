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
