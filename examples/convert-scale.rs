//! Times `--to-toml` and `--to-markdown` on the shapes that were quadratic
//! or blew up (issue 25 item 3), and prints each output's size beside its
//! input's:
//!
//!     cargo run --release --example convert-scale
//!
//! * `mentions`: one link reference definition, and 1 MB of sections that
//!   mention its label in code (it was copied into each: 1 MB gave 1 GB);
//! * `definitions`: 16k sections each using one of 16k definitions made at
//!   the end (every definition was matched against every section: 29.5 s);
//! * `links`: a TOML section with 100k links (each link was looked up by a
//!   scan of all: 3.6 s).

use std::time::Instant;

use camp_reader::load::convert::{to_markdown, to_toml};
use camp_reader::load::{markdown_options, parse, parse_markdown};

fn main() {
    let mut mentions = String::from("# T\n\n[label]: https://example.org/a/long/address/to/copy\n");
    while mentions.len() < 1 << 20 {
        mentions.push_str("\n## S\n\n`[label]` [label]\n");
    }
    let mut definitions = String::from("# T\n");
    for i in 0..16_000 {
        definitions.push_str(&format!("\n## S{i}\n\n[l{i}]\n"));
    }
    for i in 0..16_000 {
        definitions.push_str(&format!("\n[l{i}]: https://example.org/{i}\n"));
    }
    for (name, md) in [("mentions", &mentions), ("definitions", &definitions)] {
        let doc = parse_markdown("t.md", "t", md).expect("valid Markdown");
        let started = Instant::now();
        let toml = to_toml(&doc, md, markdown_options()).expect("converts");
        println!(
            "--to-toml {name}: {} bytes -> {} bytes in {:.3} s",
            md.len(),
            toml.len(),
            started.elapsed().as_secs_f64()
        );
    }
    let mut toml = String::from("title = \"T\"\n[[sections]]\ntitle = \"S\"\n");
    for i in 0..100_000 {
        toml.push_str(&format!(
            "[[sections.links]]\ntext = \"L{i}\"\nurl = \"u{i}\"\n"
        ));
    }
    let doc = parse("t.toml", &toml).expect("valid TOML");
    let started = Instant::now();
    let md = to_markdown(&doc, None).expect("converts");
    println!(
        "--to-markdown links: {} bytes -> {} bytes in {:.3} s",
        toml.len(),
        md.len(),
        started.elapsed().as_secs_f64()
    );
}
