//! Plain text (a `LICENSE`, `CONTRIBUTING`, `notes.txt`): one section
//! named by the file, its lines kept as they are written, blank lines
//! setting paragraphs apart; a source file (`main.go`) one code block.
//! Nothing in it is markup.

use super::rich::{HeadingKind, Mode, Rich};
use crate::model::document::{Builder, Document};

/// The document for plain `text` read from a file named `name`: its
/// lines as paragraphs, or, with `code` (the name's extension: `go`,
/// `rs`, `toml`), one code block in that language, highlighted when it
/// is known, cut at the edge in chop mode (`S`) as a fence's code is.
pub fn parse_plain(
    name: &str,
    text: &str,
    code: Option<&str>,
) -> Result<Document, super::TooLarge> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let title = if name.trim().is_empty() {
        "Untitled"
    } else {
        name
    };
    let mut builder = Builder::default();
    builder.text.reserve(text.len() + title.len());
    let mut rich = Rich::new(&mut builder, Mode::Document { title_rule: false });
    rich.begin_heading(HeadingKind::Section, 1, None, 1);
    rich.text(title);
    rich.end_heading();
    match code {
        Some(lang) => {
            let lang = rich.lang(lang);
            rich.code_block(lang, text);
        }
        None => paragraphs(&mut rich, text),
    }
    let ids = rich.finish();
    if builder.overflowed() {
        return Err(super::TooLarge);
    }
    let mut doc = Document::from_parts(title.to_string(), None, None, builder, ids);
    // Numbered as Markdown is (not by default): a file's name is no "1".
    doc.set_from_markdown();
    Ok(doc)
}

/// `text`'s lines kept as written, blank lines parting paragraphs.
fn paragraphs(rich: &mut Rich<'_>, text: &str) {
    let mut open = false;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            rich.close_inline();
            open = false;
            continue;
        }
        if open {
            rich.new_line();
        } else {
            rich.begin_paragraph();
            open = true;
        }
        rich.text(line);
    }
    rich.close_inline();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_kept_and_blank_lines_part_paragraphs() {
        let doc = parse_plain(
            "LICENSE",
            "MIT License\n\nPermission is *granted*\nto [anyone].\n\n\n# not a heading\n",
            None,
        )
        .expect("well under the limit");
        assert_eq!(doc.title, "LICENSE");
        assert_eq!(doc.sections.len(), 1);
        assert_eq!(doc.section_title(0), "LICENSE");
        let paragraphs: Vec<&str> = (0..doc.blocks.len()).map(|b| doc.block_text(b)).collect();
        assert_eq!(
            paragraphs,
            [
                "LICENSE",
                "MIT License",
                "Permission is *granted*\nto [anyone].",
                "# not a heading"
            ]
        );
        assert!(doc.links.is_empty());
    }
}
