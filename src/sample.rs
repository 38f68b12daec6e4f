//! Large sample documents in the content format, for benchmarks, scale
//! tests and `examples/make-doc.rs`: the embedded article repeated, with
//! numbered section titles.

use std::io::Write;

use crate::document::{BlockKind, Document};

/// A TOML basic string (quotes and escapes).
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

pub fn write_copies(doc: &Document, copies: usize, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(
        out,
        "title = {}",
        quoted(&format!("{} ×{copies}", doc.title))
    )?;
    if let Some(src) = &doc.source {
        writeln!(out, "\n[source]")?;
        for (key, value) in [
            ("name", &src.name),
            ("title", &src.title),
            ("license", &src.license),
        ] {
            if let Some(v) = value {
                writeln!(out, "{key} = {}", quoted(v))?;
            }
        }
    }
    for copy in 1..=copies {
        for (i, section) in doc.sections.iter().enumerate() {
            writeln!(out, "\n[[sections]]")?;
            writeln!(
                out,
                "title = {}",
                quoted(&format!("{} {copy}.{}", section.title, i + 1))
            )?;
            let blocks = section.own_blocks.start as usize..section.own_blocks.end as usize;
            let paragraphs: Vec<&str> = blocks
                .clone()
                .filter(|&b| doc.blocks[b].kind == BlockKind::Paragraph)
                .map(|b| doc.block_text(b))
                .collect();
            if !paragraphs.is_empty() {
                writeln!(out, "body = {}", quoted(&paragraphs.join("\n\n")))?;
            }
            for b in blocks {
                if let BlockKind::Link { text_len } = doc.blocks[b].kind {
                    let text = &doc.block_text(b)[..text_len as usize];
                    writeln!(out, "\n[[sections.links]]\ntext = {}", quoted(text))?;
                }
            }
        }
    }
    Ok(())
}

/// The embedded article repeated `copies` times, as TOML text.
pub fn article_copies(copies: usize) -> String {
    let doc = crate::load::parse(crate::load::EMBEDDED_NAME, crate::load::EMBEDDED)
        .expect("the embedded document is valid");
    let mut out = Vec::new();
    write_copies(&doc, copies, &mut out).expect("writing to memory cannot fail");
    String::from_utf8(out).expect("generated text is UTF-8")
}
