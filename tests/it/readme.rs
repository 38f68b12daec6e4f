//! The README's key list is generated from the keymap table; this test
//! fails when they differ. `UPDATE_README=1 cargo test --test it readme`
//! rewrites it.

use camp_reader::settings::keymap::Keymap;

const START: &str = "<!-- keys:start (generated from src/settings/keymap.rs; UPDATE_README=1 cargo test --test it readme) -->\n";
const END: &str = "<!-- keys:end -->";

#[test]
fn readme_key_table_matches_the_keymap() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).expect("README.md exists");
    let start = readme
        .find(START)
        .expect("README has the keys:start marker")
        + START.len();
    let end = readme[start..]
        .find(END)
        .expect("README has the keys:end marker")
        + start;
    let table = Keymap::default().markdown_table();
    if std::env::var_os("UPDATE_README").is_some() {
        let updated = format!("{}{}{}", &readme[..start], table, &readme[end..]);
        std::fs::write(path, updated).expect("README.md is writable");
        return;
    }
    assert_eq!(
        &readme[start..end],
        table,
        "README key table is out of date: run UPDATE_README=1 cargo test --test it readme"
    );
}
