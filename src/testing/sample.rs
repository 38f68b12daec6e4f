//! Large sample documents in the content format or as Markdown, for
//! benchmarks, scale tests and `examples/make-doc.rs`: the embedded
//! article repeated, with numbered section titles.

use std::io::Write;

use crate::model::document::{BlockKind, Document};

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
        for i in 0..doc.sections.len() {
            writeln!(out, "\n[[sections]]")?;
            writeln!(
                out,
                "title = {}",
                quoted(&format!("{} {copy}.{}", doc.section_title(i), i + 1))
            )?;
            let blocks = doc.own_blocks(i);
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

/// Escapes `text` so Markdown shows it literally as one paragraph line:
/// every character that can start markup anywhere is backslash-escaped,
/// and those that only mean something at the start of a line (headings,
/// list items, quotes) are escaped there.
fn md_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut line_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let after_digits_marker = line_start && c.is_ascii_digit() && {
            let rest: String = chars.clone().take_while(|d| d.is_ascii_digit()).collect();
            let next = chars.clone().nth(rest.len());
            matches!(next, Some('.' | ')'))
        };
        if after_digits_marker {
            // `1. ` opens an ordered list: escape the dot or parenthesis.
            out.push(c);
            while let Some(d) = chars.next_if(|d| d.is_ascii_digit()) {
                out.push(d);
            }
            out.push('\\');
            line_start = false;
            continue;
        }
        let escape = matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '~' | '|' | '!' | '$' | '^'
        ) || (line_start && matches!(c, '#' | '+' | '-' | '=' | ':'));
        if escape {
            out.push('\\');
        }
        out.push(c);
        line_start = c == '\n';
    }
    out
}

/// Writes `doc` repeated `copies` times as Markdown: the title as the one
/// level-1 heading (with the source as its lead), each section a heading
/// one level below it per depth, paragraphs escaped to show as written,
/// links as a bulleted list (`[text](url)`, or the text alone when it has
/// no address). Shows the same text as [`write_copies`]'s TOML.
pub fn write_markdown_copies(
    doc: &Document,
    copies: usize,
    out: &mut impl Write,
) -> std::io::Result<()> {
    writeln!(out, "# {}", md_escaped(&format!("{} ×{copies}", doc.title)))?;
    if let Some(src) = &doc.source {
        writeln!(out, "\n{}", md_escaped(&src.summary()))?;
    }
    for copy in 1..=copies {
        for (i, section) in doc.sections.iter().enumerate() {
            let level = (usize::from(section.depth()) + 2).min(6);
            writeln!(
                out,
                "\n{} {}",
                "#".repeat(level),
                md_escaped(&format!("{} {copy}.{}", doc.section_title(i), i + 1))
            )?;
            let mut in_list = false;
            for b in doc.own_blocks(i) {
                let text = doc.block_text(b);
                match doc.blocks[b].kind {
                    BlockKind::Paragraph => {
                        writeln!(out, "\n{}", md_escaped(text))?;
                        in_list = false;
                    }
                    BlockKind::Link { text_len } => {
                        let (label, rest) = text.split_at(text_len as usize);
                        let url = rest.trim().trim_start_matches('<').trim_end_matches('>');
                        if !in_list {
                            writeln!(out)?;
                        }
                        if url.is_empty() {
                            writeln!(out, "- {}", md_escaped(label))?;
                        } else {
                            writeln!(out, "- [{}](<{url}>)", md_escaped(label))?;
                        }
                        in_list = true;
                    }
                    _ => {}
                }
            }
        }
    }
    Ok(())
}

/// The embedded article repeated `copies` times, as Markdown text.
pub fn article_markdown_copies(copies: usize) -> String {
    let doc = crate::load::parse(crate::load::EMBEDDED_NAME, crate::load::EMBEDDED)
        .expect("the embedded document is valid");
    let mut out = Vec::new();
    write_markdown_copies(&doc, copies, &mut out).expect("writing to memory cannot fail");
    String::from_utf8(out).expect("generated text is UTF-8")
}

/// Shapes of valid document that stress the loader differently; each is
/// written at about a given size by [`write_shape`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// The article repeated (`[[sections]]` headers, long bodies).
    Article,
    /// Sections as inline tables in one `sections = [ … ]` array.
    Inline,
    /// The smallest sections: `{title = "a"}` inline tables, same title.
    TinyInline,
    /// `[[sections]]` headers with a short title and body each.
    Short,
    /// One section with many `[[sections.links]]`.
    Links,
    /// One section with many links in one inline array.
    InlineLinks,
    /// One section whose body is many one-line paragraphs.
    Paragraphs,
    /// Sections nested to the deepest level allowed, repeatedly.
    Nested,
}

impl Shape {
    pub const ALL: [Shape; 8] = [
        Shape::Article,
        Shape::Inline,
        Shape::TinyInline,
        Shape::Short,
        Shape::Links,
        Shape::InlineLinks,
        Shape::Paragraphs,
        Shape::Nested,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Shape::Article => "article",
            Shape::Inline => "inline",
            Shape::TinyInline => "tiny-inline",
            Shape::Short => "short",
            Shape::Links => "links",
            Shape::InlineLinks => "inline-links",
            Shape::Paragraphs => "paragraphs",
            Shape::Nested => "nested",
        }
    }

    pub fn from_name(name: &str) -> Option<Shape> {
        Shape::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// Writes a document of `shape` of about `bytes` bytes (a little more).
pub fn write_shape(shape: Shape, bytes: usize, out: &mut impl Write) -> std::io::Result<()> {
    let mut out = Counting { out, written: 0 };
    let out = &mut out;
    match shape {
        Shape::Article => {
            let one = article_copies(1).len();
            let doc = crate::load::parse(crate::load::EMBEDDED_NAME, crate::load::EMBEDDED)
                .expect("the embedded document is valid");
            return write_copies(&doc, bytes.div_ceil(one).max(1), out);
        }
        Shape::Inline => {
            let doc = crate::load::parse(crate::load::EMBEDDED_NAME, crate::load::EMBEDDED)
                .expect("the embedded document is valid");
            writeln!(out, "title = \"Inline sections\"\nsections = [")?;
            let mut copy = 0;
            while out.written < bytes {
                copy += 1;
                for i in 0..doc.sections.len() {
                    let blocks = doc.own_blocks(i);
                    let paragraphs: Vec<&str> = blocks
                        .clone()
                        .filter(|&b| doc.blocks[b].kind == BlockKind::Paragraph)
                        .map(|b| doc.block_text(b))
                        .collect();
                    write!(
                        out,
                        "  {{ title = {}, body = {}, links = [",
                        quoted(&format!("{} {copy}.{}", doc.section_title(i), i + 1)),
                        quoted(&paragraphs.join("\n\n"))
                    )?;
                    for b in blocks {
                        if let BlockKind::Link { text_len } = doc.blocks[b].kind {
                            let text = &doc.block_text(b)[..text_len as usize];
                            write!(out, "{{ text = {} }}, ", quoted(text))?;
                        }
                    }
                    writeln!(out, "] }},")?;
                }
            }
            writeln!(out, "]")?;
        }
        Shape::TinyInline => {
            write!(out, "title = \"t\"\nsections = [")?;
            while out.written < bytes {
                out.write_all("{title=\"a\"},".repeat(1000).as_bytes())?;
            }
            writeln!(out, "]")?;
        }
        Shape::Short => {
            writeln!(out, "title = \"Short sections\"")?;
            let mut n = 0;
            while out.written < bytes {
                n += 1;
                write!(
                    out,
                    "\n[[sections]]\ntitle = \"Section {n}\"\nbody = \"Short.\"\n"
                )?;
            }
        }
        Shape::Links => {
            writeln!(out, "title = \"Links\"\n\n[[sections]]\ntitle = \"Links\"")?;
            let mut n = 0;
            while out.written < bytes {
                n += 1;
                write!(
                    out,
                    "\n[[sections.links]]\ntext = \"Link {n}\"\nurl = \"https://example.org/{n}\"\n"
                )?;
            }
        }
        Shape::InlineLinks => {
            write!(
                out,
                "title = \"Links\"\n\n[[sections]]\ntitle = \"Links\"\nlinks = ["
            )?;
            let mut n = 0;
            while out.written < bytes {
                n += 1;
                write!(out, "{{text=\"L{n}\",url=\"u\"}},")?;
            }
            writeln!(out, "]")?;
        }
        Shape::Paragraphs => {
            write!(
                out,
                "title = \"Paragraphs\"\n\n[[sections]]\ntitle = \"P\"\nbody = '''\n"
            )?;
            while out.written < bytes {
                out.write_all("a\n\n".repeat(1000).as_bytes())?;
            }
            writeln!(out, "'''")?;
        }
        Shape::Nested => {
            writeln!(out, "title = \"Nested\"")?;
            let mut n = 0;
            while out.written < bytes {
                let mut header = String::from("sections");
                for _ in 0..crate::load::MAX_DEPTH {
                    n += 1;
                    write!(out, "\n[[{header}]]\ntitle = \"N{n}\"\n")?;
                    header.push_str(".sections");
                }
            }
        }
    }
    Ok(())
}

/// Hostile Markdown shapes, each written at about a given size by
/// [`write_markdown_shape`]: inline markup nested as deep as the size
/// allows (the input that once loaded in quadratic time), and small
/// pieces repeated (the inputs whose peak memory was 45–145× the file,
/// and whose `--print` was quadratic).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkdownShape {
    /// `![![![…a](x)](x)](x)`: images in images' alt text.
    NestedImages,
    /// `*a **a *a …* a** a*`: emphasis in emphasis.
    NestedEmphasis,
    /// `~~a ~a ~~a …~~ a~ a~~`: strikethrough in strikethrough.
    NestedStrike,
    /// `[a *a [b](y) ![a ~~c~~](x) …` links, emphasis, images and
    /// strikethrough in turn.
    NestedMixed,
    /// One paragraph of `` `a` `` code spans.
    CodeSpans,
    /// The same after a footnote reference, its definition at the end.
    CodeSpansNote,
    /// One paragraph of `*a* `, with a footnote.
    EmphasisNote,
    /// One paragraph of `[a](b) ` links.
    Links,
    /// One table of `| a | b |` rows.
    TableRows,
    /// `` `a` `` paragraphs, each its own block, with a footnote.
    CodeParagraphs,
    /// One paragraph of `[a][r] ` reference links (quadratic in
    /// `--print` once).
    ReferenceLinks,
    /// One paragraph on a single line of words.
    LongLine,
    /// What real READMEs open with, repeated: HTML blocks (a centred
    /// linked badge, an `<h2>` heading, a `<details>` with a table, `<br>`
    /// runs) between paragraphs of bare autolinks (issue 21's scale shape).
    HtmlAutolinks,
    /// An HTML `<table>` whose first row is as wide as half the size
    /// (`<td>c</td>` cells), then as many one-cell rows: each row is
    /// padded to the first row's width, which once cost rows × columns.
    HtmlWideTable,
    /// One paragraph of words with `_` that can never open emphasis:
    /// `snake_case` names and `x___` runs before a line end.
    UnderscoreWords,
    /// One paragraph of addresses with `_` runs (`https://x.org/a___b/___ `).
    UnderscoreUrls,
    /// One paragraph of `` `a` `` with no space between them: a code span
    /// from the first backquote to the last (every other run is two).
    TightCodeSpans,
    /// One paragraph of `[a](b)` links with no space between them.
    TightLinks,
    /// One paragraph of `*a*` with no space between them.
    TightEmphasis,
    /// One paragraph of `a<br>` with no space between them.
    TightBreaks,
    /// `- - - … x`: bulleted lists nested on one line (quadratic once).
    ListMarkers,
    /// `1. 1. 1. … x`: numbered lists nested on one line.
    NumberMarkers,
    /// `> - > - … x`: quotes and lists in turn on one line.
    QuoteListMarkers,
    /// `x` then one paragraph of `[` (every bracket a possible link
    /// opener, never closed).
    Brackets,
    /// One paragraph of `[ ` repeated.
    BracketSpaces,
    /// One paragraph of `<` repeated (each a possible tag or autolink).
    AngleRun,
    /// One paragraph of `\*` repeated (escaped stars).
    EscapedStars,
    /// One paragraph of `<a>x` repeated (an inline tag never closed).
    InlineTags,
    /// One paragraph of `<https://x.org/a>` autolinks with no space.
    AngleAutolinks,
    /// Paragraphs with a footnote reference each, each note defined after
    /// its paragraph (`See[^7].` then `[^7]: Note.`).
    Footnotes,
    /// `# a` headings, one a line.
    Headings,
    /// One list of `- a` items, tight (one top-level block, never cut
    /// before lists were cut between their items).
    LongList,
    /// One list whose items hold a list of a list (`- a\n  - b\n    - c`).
    NestedLists,
    /// One block quote of paragraphs and quotes in it (`> a\n>\n> > b\n>`).
    LongQuote,
    /// One list of items nested 64 deep on their line (`- - - … x`).
    DeepListLines,
    /// The attack: half of [`MarkdownShape::DeepListLines`], then one
    /// quote of lines quoted 100 deep (`> > > … y`).
    ListQuoteLines,
    /// One loose list of `- a` items, a blank line after each.
    LooseList,
    /// One loose numbered list, each item of two paragraphs
    /// (`1. a\n\n   b\n\n`).
    LooseNumbered,
    /// One checklist of `- [ ] a` items, a blank line after each.
    Checklist,
    /// One quote holding one list of `- a` items (`> - a` lines).
    QuotedList,
    /// One list in quotes 30 deep (`> > … - a` lines).
    DeepQuotedList,
    /// One item `- a` followed by lazy lines (`lazy line`).
    LazyItem,
    /// One item holding paragraphs (`- a`, then `  para` after blank lines).
    ItemParagraphs,
    /// One item holding one long fenced code block.
    ItemCode,
    /// One long fenced code block at the top level.
    LongFence,
    /// Lists of `- a` and `* b` in turn, no blank line between: a bullet
    /// of another character starts a new list.
    MarkerChange,
    /// Lists of each marker in turn (`-`, `*`, `+`, `1.`, `1)`), one item
    /// each, no blank line between.
    MarkerCycle,
    /// Numbered lists of `1.` and `1)` in turn.
    NumberChange,
    /// A quote then a list, in turn, no blank line between.
    QuoteThenList,
    /// A list then a quote, in turn, no blank line between.
    ListThenQuote,
    /// A paragraph then a thematic break, in turn.
    ParagraphRule,
    /// Setext headings back to back (`a` then `===`).
    SetextRun,
}

impl MarkdownShape {
    /// The shapes of nested inline markup.
    pub const NESTED: [MarkdownShape; 4] = [
        MarkdownShape::NestedImages,
        MarkdownShape::NestedEmphasis,
        MarkdownShape::NestedStrike,
        MarkdownShape::NestedMixed,
    ];

    /// The shapes of one paragraph with no space in it.
    pub const TIGHT: [MarkdownShape; 4] = [
        MarkdownShape::TightCodeSpans,
        MarkdownShape::TightLinks,
        MarkdownShape::TightEmphasis,
        MarkdownShape::TightBreaks,
    ];

    /// The shapes of containers nested on one line.
    pub const MARKERS: [MarkdownShape; 3] = [
        MarkdownShape::ListMarkers,
        MarkdownShape::NumberMarkers,
        MarkdownShape::QuoteListMarkers,
    ];

    /// The shapes of long lists and quotes.
    pub const CONTAINERS: [MarkdownShape; 13] = [
        MarkdownShape::LongList,
        MarkdownShape::NestedLists,
        MarkdownShape::LongQuote,
        MarkdownShape::DeepListLines,
        MarkdownShape::ListQuoteLines,
        MarkdownShape::LooseList,
        MarkdownShape::LooseNumbered,
        MarkdownShape::Checklist,
        MarkdownShape::QuotedList,
        MarkdownShape::DeepQuotedList,
        MarkdownShape::LazyItem,
        MarkdownShape::ItemParagraphs,
        MarkdownShape::ItemCode,
    ];

    pub const ALL: [MarkdownShape; 52] = [
        MarkdownShape::NestedImages,
        MarkdownShape::NestedEmphasis,
        MarkdownShape::NestedStrike,
        MarkdownShape::NestedMixed,
        MarkdownShape::CodeSpans,
        MarkdownShape::CodeSpansNote,
        MarkdownShape::EmphasisNote,
        MarkdownShape::Links,
        MarkdownShape::TableRows,
        MarkdownShape::CodeParagraphs,
        MarkdownShape::ReferenceLinks,
        MarkdownShape::LongLine,
        MarkdownShape::HtmlAutolinks,
        MarkdownShape::HtmlWideTable,
        MarkdownShape::UnderscoreWords,
        MarkdownShape::UnderscoreUrls,
        MarkdownShape::TightCodeSpans,
        MarkdownShape::TightLinks,
        MarkdownShape::TightEmphasis,
        MarkdownShape::TightBreaks,
        MarkdownShape::ListMarkers,
        MarkdownShape::NumberMarkers,
        MarkdownShape::QuoteListMarkers,
        MarkdownShape::Brackets,
        MarkdownShape::BracketSpaces,
        MarkdownShape::AngleRun,
        MarkdownShape::EscapedStars,
        MarkdownShape::InlineTags,
        MarkdownShape::AngleAutolinks,
        MarkdownShape::Footnotes,
        MarkdownShape::Headings,
        MarkdownShape::LongList,
        MarkdownShape::NestedLists,
        MarkdownShape::LongQuote,
        MarkdownShape::DeepListLines,
        MarkdownShape::ListQuoteLines,
        MarkdownShape::LooseList,
        MarkdownShape::LooseNumbered,
        MarkdownShape::Checklist,
        MarkdownShape::QuotedList,
        MarkdownShape::DeepQuotedList,
        MarkdownShape::LazyItem,
        MarkdownShape::ItemParagraphs,
        MarkdownShape::ItemCode,
        MarkdownShape::LongFence,
        MarkdownShape::MarkerChange,
        MarkdownShape::MarkerCycle,
        MarkdownShape::NumberChange,
        MarkdownShape::QuoteThenList,
        MarkdownShape::ListThenQuote,
        MarkdownShape::ParagraphRule,
        MarkdownShape::SetextRun,
    ];

    pub fn name(self) -> &'static str {
        match self {
            MarkdownShape::NestedImages => "nested-images",
            MarkdownShape::NestedEmphasis => "nested-emphasis",
            MarkdownShape::NestedStrike => "nested-strike",
            MarkdownShape::NestedMixed => "nested-mixed",
            MarkdownShape::CodeSpans => "code-spans",
            MarkdownShape::CodeSpansNote => "code-spans-note",
            MarkdownShape::EmphasisNote => "emphasis-note",
            MarkdownShape::Links => "md-links",
            MarkdownShape::TableRows => "table-rows",
            MarkdownShape::CodeParagraphs => "code-paragraphs",
            MarkdownShape::ReferenceLinks => "reference-links",
            MarkdownShape::LongLine => "long-line",
            MarkdownShape::HtmlAutolinks => "html-autolinks",
            MarkdownShape::HtmlWideTable => "html-wide-table",
            MarkdownShape::UnderscoreWords => "underscore-words",
            MarkdownShape::UnderscoreUrls => "underscore-urls",
            MarkdownShape::TightCodeSpans => "tight-code-spans",
            MarkdownShape::TightLinks => "tight-links",
            MarkdownShape::TightEmphasis => "tight-emphasis",
            MarkdownShape::TightBreaks => "tight-breaks",
            MarkdownShape::ListMarkers => "list-markers",
            MarkdownShape::NumberMarkers => "number-markers",
            MarkdownShape::QuoteListMarkers => "quote-list-markers",
            MarkdownShape::Brackets => "brackets",
            MarkdownShape::BracketSpaces => "bracket-spaces",
            MarkdownShape::AngleRun => "angle-run",
            MarkdownShape::EscapedStars => "escaped-stars",
            MarkdownShape::InlineTags => "inline-tags",
            MarkdownShape::AngleAutolinks => "angle-autolinks",
            MarkdownShape::Footnotes => "footnotes",
            MarkdownShape::Headings => "headings",
            MarkdownShape::LongList => "long-list",
            MarkdownShape::NestedLists => "nested-lists",
            MarkdownShape::LongQuote => "long-quote",
            MarkdownShape::DeepListLines => "deep-list-lines",
            MarkdownShape::ListQuoteLines => "list-quote-lines",
            MarkdownShape::LooseList => "loose-list",
            MarkdownShape::LooseNumbered => "loose-numbered",
            MarkdownShape::Checklist => "checklist",
            MarkdownShape::QuotedList => "quoted-list",
            MarkdownShape::DeepQuotedList => "deep-quoted-list",
            MarkdownShape::LazyItem => "lazy-item",
            MarkdownShape::ItemParagraphs => "item-paragraphs",
            MarkdownShape::ItemCode => "item-code",
            MarkdownShape::LongFence => "long-fence",
            MarkdownShape::MarkerChange => "marker-change",
            MarkdownShape::MarkerCycle => "marker-cycle",
            MarkdownShape::NumberChange => "number-change",
            MarkdownShape::QuoteThenList => "quote-then-list",
            MarkdownShape::ListThenQuote => "list-then-quote",
            MarkdownShape::ParagraphRule => "paragraph-rule",
            MarkdownShape::SetextRun => "setext-run",
        }
    }

    pub fn from_name(name: &str) -> Option<MarkdownShape> {
        MarkdownShape::ALL.into_iter().find(|s| s.name() == name)
    }

    /// A flat shape's start, repeated piece and end.
    fn flat(self) -> Option<(&'static str, &'static str, &'static str)> {
        const NOTE: &str = "\n\n[^1]: The footnote.\n";
        Some(match self {
            MarkdownShape::CodeSpans => ("# Code\n\n", "`a` ", "\n"),
            MarkdownShape::CodeSpansNote => ("# Code\n\nA note[^1]: ", "`a` ", NOTE),
            MarkdownShape::EmphasisNote => ("# Emphasis\n\nA note[^1]: ", "*a* ", NOTE),
            MarkdownShape::Links => ("# Links\n\n", "[a](b) ", "\n"),
            MarkdownShape::TableRows => ("# Table\n\n| a | b |\n|---|---|\n", "| a | b |\n", "\n"),
            MarkdownShape::CodeParagraphs => ("# Code\n\nA note[^1].\n\n", "`a`\n\n", NOTE),
            MarkdownShape::ReferenceLinks => (
                "# References\n\n",
                "[a][r] ",
                "\n\n[r]: https://example.org/x\n",
            ),
            MarkdownShape::LongLine => ("# Line\n\n", "word ", "\n"),
            MarkdownShape::UnderscoreWords => ("# Names\n\n", "a snake_case_name x___\n", "\n"),
            MarkdownShape::UnderscoreUrls => ("# Links\n\n", "see https://x.org/a___b/___ ", "\n"),
            MarkdownShape::TightCodeSpans => ("# Code\n\n", "`a`", "\n"),
            MarkdownShape::TightLinks => ("# Links\n\n", "[a](b)", "\n"),
            MarkdownShape::TightEmphasis => ("# Emphasis\n\n", "*a*", "\n"),
            MarkdownShape::TightBreaks => ("# Breaks\n\n", "a<br>", "\n"),
            MarkdownShape::ListMarkers => ("# Lists\n\n", "- ", "x\n"),
            MarkdownShape::NumberMarkers => ("# Lists\n\n", "1. ", "x\n"),
            MarkdownShape::QuoteListMarkers => ("# Lists\n\n", "> - ", "x\n"),
            MarkdownShape::Brackets => ("# Brackets\n\nx", "[", "\n"),
            MarkdownShape::BracketSpaces => ("# Brackets\n\n", "[ ", "\n"),
            MarkdownShape::AngleRun => ("# Angles\n\n", "<", "\n"),
            MarkdownShape::EscapedStars => ("# Stars\n\n", "\\*", "\n"),
            MarkdownShape::InlineTags => ("# Tags\n\n", "<a>x", "\n"),
            MarkdownShape::AngleAutolinks => ("# Links\n\n", "<https://x.org/a>", "\n"),
            MarkdownShape::Headings => ("", "# a\n", "\n"),
            MarkdownShape::LongList => ("# List\n\n", "- a `b` c\n", "\n"),
            MarkdownShape::NestedLists => ("# Lists\n\n", "- a\n  - b\n    - c\n", "\n"),
            MarkdownShape::LongQuote => ("# Quote\n\n", "> a\n>\n> > b\n>\n", "\n"),
            MarkdownShape::DeepListLines => ("# Lists\n\n", DEEP_LIST_LINE, "\n"),
            MarkdownShape::LooseList => ("# List\n\n", "- a\n\n", "\n"),
            MarkdownShape::LooseNumbered => ("# List\n\n", "1. a\n\n   b\n\n", "\n"),
            MarkdownShape::Checklist => ("# List\n\n", "- [ ] a\n\n", "\n"),
            MarkdownShape::QuotedList => ("# Quote\n\n", "> - a\n", "\n"),
            MarkdownShape::DeepQuotedList => ("# Quote\n\n", DEEP_QUOTED_ITEM, "\n"),
            MarkdownShape::LazyItem => ("# List\n\n- a\n", "lazy line\n", "\n"),
            MarkdownShape::ItemParagraphs => ("# List\n\n- a\n\n", "  para\n\n", "\n"),
            MarkdownShape::ItemCode => ("# List\n\n- a\n\n  ```\n", "  code line\n", "  ```\n"),
            MarkdownShape::LongFence => ("# Code\n\n```rust\n", "let a = b;\n", "```\n"),
            MarkdownShape::MarkerChange => ("# Blocks\n\n", "- a\n* b\n", "\n"),
            MarkdownShape::MarkerCycle => ("# Blocks\n\n", "- a\n* b\n+ c\n1. d\n1) e\n", "\n"),
            MarkdownShape::NumberChange => ("# Blocks\n\n", "1. a\n1) b\n", "\n"),
            MarkdownShape::QuoteThenList => ("# Blocks\n\n", "> a\n- b\n", "\n"),
            MarkdownShape::ListThenQuote => ("# Blocks\n\n", "- a\n> b\n", "\n"),
            MarkdownShape::ParagraphRule => ("# Blocks\n\n", "a\n***\n", "\n"),
            MarkdownShape::SetextRun => ("# Blocks\n\n", "a\n===\n", "\n"),
            MarkdownShape::HtmlAutolinks => (
                "<h1 align=\"center\"><img src=\"logo.svg\" alt=\"Shape\"></h1>\n\n",
                HTML_AUTOLINKS,
                "\n",
            ),
            _ => return None,
        })
    }

    /// The opening and closing markup of one level.
    fn level(self, depth: usize) -> (&'static str, &'static str) {
        match self {
            MarkdownShape::NestedImages => ("![", "](x)"),
            MarkdownShape::NestedEmphasis if depth.is_multiple_of(2) => ("*a ", " a*"),
            MarkdownShape::NestedEmphasis => ("**a ", " a**"),
            MarkdownShape::NestedStrike if depth.is_multiple_of(2) => ("~~a ", " a~~"),
            MarkdownShape::NestedStrike => ("~a ", " a~"),
            MarkdownShape::NestedMixed => match depth % 4 {
                0 => ("![a ", "](x)"),
                1 => ("*a ", " a*"),
                2 => ("~~a ", " a~~"),
                _ => ("**a ", " a**"),
            },
            // Flat shapes are written by `flat`.
            _ => ("", ""),
        }
    }
}

/// The repeated line of [`MarkdownShape::DeepListLines`]: 64 `- `, `x`.
const DEEP_LIST_LINE: &str = "- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - x\n";

/// The repeated line of [`MarkdownShape::DeepQuotedList`]: 30 `> `, `- a`.
const DEEP_QUOTED_ITEM: &str = "> > > > > > > > > > > > > > > > > > > > > > > > > > > > > > - a\n";

/// The repeated piece of [`MarkdownShape::HtmlAutolinks`].
const HTML_AUTOLINKS: &str = "<h2 id=\"part\">Part <a name=\"p\"></a></h2>

<p align=\"center\">
  <a href=\"https://example.org/ci\"><img src=\"https://img.example.org/ci.svg\" alt=\"CI\"></a>
  <a href=\"https://crates.io/crates/x\"><img src=\"https://img.example.org/v.svg\" alt=\"version\"></a>
</p>

See https://example.org/guide/start, www.example.com/a_b and someone@example.net (or https://example.org/(x)).

<div>A line<br>another<br><br>and <b>bold</b>, <kbd>Ctrl</kbd>-<kbd>c</kbd>, H<sub>2</sub>O.</div>

<details><summary>More</summary>

<table><tr><th>Name</th><th>Link</th></tr><tr><td>one</td><td><a href=\"https://example.org/t\">cell</a></td></tr></table>

</details>

<!-- a comment -->

";

/// Writes a Markdown document of `shape`, one paragraph nested as deep as
/// `bytes` allows (a little more).
pub fn write_markdown_shape(
    shape: MarkdownShape,
    bytes: usize,
    out: &mut impl Write,
) -> std::io::Result<()> {
    if shape == MarkdownShape::HtmlWideTable {
        // As many one-cell rows (19 bytes) as the first row has cells (10).
        let n = bytes / 29 + 1;
        out.write_all(b"<table><tr>")?;
        out.write_all("<td>c</td>".repeat(n).as_bytes())?;
        out.write_all(b"</tr>")?;
        out.write_all("<tr><td>x</td></tr>".repeat(n).as_bytes())?;
        return out.write_all(b"</table>\n");
    }
    if shape == MarkdownShape::ListQuoteLines {
        // Half the size each (the attack: 5.2 MB of one, 4 MB of the other).
        let quote = format!("{}y\n", "> ".repeat(100));
        for (line, share) in [
            (DEEP_LIST_LINE, bytes / 2),
            (quote.as_str(), bytes - bytes / 2),
        ] {
            let block = line.repeat((share / line.len()).max(1));
            out.write_all(block.as_bytes())?;
        }
        return Ok(());
    }
    if shape == MarkdownShape::Footnotes {
        let mut size = 0;
        let mut n = 0;
        while size < bytes {
            let piece = format!("See[^{n}].\n\n[^{n}]: Note.\n\n");
            out.write_all(piece.as_bytes())?;
            size += piece.len();
            n += 1;
        }
        return Ok(());
    }
    if let Some((start, piece, end)) = shape.flat() {
        out.write_all(start.as_bytes())?;
        let block = piece.repeat(4096);
        let mut size = start.len() + end.len();
        while size < bytes {
            out.write_all(block.as_bytes())?;
            size += block.len();
        }
        return out.write_all(end.as_bytes());
    }
    let mut depth = 0;
    let mut size = 0;
    while size < bytes {
        let (open, close) = shape.level(depth);
        size += open.len() + close.len();
        depth += 1;
    }
    for d in 0..depth {
        out.write_all(shape.level(d).0.as_bytes())?;
    }
    out.write_all(b"a")?;
    for d in (0..depth).rev() {
        out.write_all(shape.level(d).1.as_bytes())?;
    }
    out.write_all(b"\n")
}

/// A writer that counts what it writes.
struct Counting<'a, W: Write> {
    out: &'a mut W,
    written: usize,
}

impl<W: Write> Write for Counting<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(buf)?;
        self.written += n;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}
