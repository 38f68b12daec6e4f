//! Conversion between camp-reader's TOML format and Markdown
//! (`--to-markdown`, `--to-toml`): each way, loading the result gives the
//! same sections, ids and shown text as loading the original.

use super::gfm::Piece;
use crate::model::document::{BlockKind, Document, Markup};

/// Markdown has six heading levels.
const MARKDOWN_LEVELS: usize = 6;

/// The document as Markdown: the title as a level-1 heading (or in front
/// matter, with the subtitle, when there is one or the sections nest too
/// deep for that), each section as a heading one level below its parent's
/// with its id as a `{#id}` attribute, plain bodies escaped so they stay
/// plain text, Markdown bodies (`bodies`, from the TOML, in section order)
/// as written, links as a list, and the source as a last paragraph.
pub fn to_markdown(doc: &Document, bodies: Option<&[Option<String>]>) -> Result<String, String> {
    let deepest = doc
        .sections
        .iter()
        .map(|s| s.depth() as usize)
        .max()
        .unwrap_or(0);
    // With the title as a `#` heading, top-level sections start at `##`.
    let title_heading = doc.subtitle.is_none() && deepest + 2 <= MARKDOWN_LEVELS;
    if deepest + 1 > MARKDOWN_LEVELS {
        let s = (0..doc.sections.len())
            .find(|&i| doc.sections[i].depth() as usize + 1 > MARKDOWN_LEVELS)
            .map_or(String::new(), |i| doc.section_number(i).to_string());
        return Err(format!(
            "section {s} is nested {} levels deep: Markdown headings have {MARKDOWN_LEVELS} levels",
            deepest + 1
        ));
    }
    let mut out = String::with_capacity(doc.text().len() + doc.text().len() / 8);
    if title_heading {
        out.push_str("# ");
        out.push_str(&escape_heading(&doc.title));
        out.push('\n');
    } else {
        out.push_str("---\ntitle: ");
        out.push_str(&yaml_string(&doc.title));
        out.push('\n');
        if let Some(sub) = &doc.subtitle {
            out.push_str("subtitle: ");
            out.push_str(&yaml_string(sub));
            out.push('\n');
        }
        out.push_str("---\n");
    }
    let shift = usize::from(title_heading) + 1;
    // Each link by where it starts (the first, as a scan would find).
    let mut link_at = std::collections::HashMap::with_capacity(doc.links.len());
    for (i, l) in doc.links.iter().enumerate() {
        link_at.entry(l.start).or_insert(i);
    }
    for (index, section) in doc.sections.iter().enumerate() {
        let id = doc.section_id(index);
        if let Some(bad) = id.chars().find(|&c| !id_char(c)) {
            return Err(format!(
                "section {} has the id {id:?}, which a Markdown heading attribute cannot hold ({bad:?})",
                doc.section_number(index)
            ));
        }
        out.push('\n');
        out.push_str(&"#".repeat(section.depth() as usize + shift));
        out.push(' ');
        out.push_str(&escape_heading(doc.section_title(index)));
        out.push_str(" {#");
        out.push_str(id);
        out.push_str("}\n");
        let own = doc.own_blocks(index);
        let body = match (doc.markup, bodies) {
            (Markup::Markdown, Some(bodies)) => bodies.get(index).and_then(|b| b.as_deref()),
            _ => None,
        };
        let mut bullet = '-';
        if let Some(body) = body {
            let body = markdown_body(body);
            if !body.trim().is_empty() {
                out.push('\n');
                out.push_str(&body);
                bullet = next_list_bullet(&body);
            }
        }
        let mut in_links = false;
        for b in own {
            let block = doc.blocks[b];
            let text = doc.block_text(b);
            match block.kind {
                BlockKind::Paragraph if body.is_none() => {
                    out.push('\n');
                    out.push_str(&escape_paragraph(text));
                    out.push('\n');
                    in_links = false;
                }
                BlockKind::Link { text_len } => {
                    if !in_links {
                        out.push('\n');
                        in_links = true;
                    }
                    let shown = &text[..(text_len as usize).min(text.len())];
                    let target = link_at.get(&block.start).map(|&l| doc.link_target(l));
                    out.push(bullet);
                    out.push(' ');
                    match target {
                        Some(url) => {
                            out.push('[');
                            out.push_str(&escape_inline(shown));
                            out.push_str("](");
                            out.push_str(&destination(url));
                            out.push(')');
                        }
                        None => out.push_str(&escape_paragraph(shown)),
                    }
                    out.push('\n');
                }
                _ => {}
            }
        }
    }
    if let Some(source) = &doc.source {
        out.push('\n');
        out.push_str(&escape_paragraph(&source.summary()));
        out.push('\n');
    }
    Ok(out)
}

/// Characters a `{#id}` heading attribute can hold (pulldown-cmark ends it
/// at whitespace and refuses braces, angle brackets and backslashes).
fn id_char(c: char) -> bool {
    !c.is_ascii_whitespace() && !matches!(c, '{' | '}' | '<' | '>' | '\\')
}

/// Plain text as Markdown inline text that reads back as the same text:
/// every character Markdown gives a meaning inside a line is escaped.
fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    // GitHub's extensions would make an address a link and `:tada:` an
    // emoji: an empty comment inside stops them, unseen. The text after
    // it is a run of its own, looked at again.
    let mut rest = text;
    while let Some((at, piece)) = super::gfm::first(rest, true) {
        let cut = at
            + match piece {
                // After `https:`, before `@`, after `www`: never at its start.
                Piece::Link { text, url } => {
                    if url.starts_with("mailto:") {
                        text.find('@').unwrap_or(text.len())
                    } else if text.starts_with("www.") {
                        "www".len()
                    } else {
                        text.find(':').map_or(text.len(), |colon| colon + 1)
                    }
                }
                Piece::Emoji { name, .. } => name.len() + 1,
                Piece::Text(t) => t.len(),
            };
        escape_chars(&rest[..cut], &mut out);
        out.push_str(UNSEEN);
        rest = &rest[cut..];
    }
    escape_chars(rest, &mut out);
    out
}

/// An empty HTML comment: not shown, but it ends a run of text.
const UNSEEN: &str = "<!-- -->";

fn escape_chars(text: &str, out: &mut String) {
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '&' | '~' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
}

/// A one-line paragraph: inline escapes, and what would start a block
/// (a heading, quote, list item or break) at the start of the line.
fn escape_paragraph(text: &str) -> String {
    let mut out = escape_inline(text);
    match out.as_bytes().first() {
        Some(b'#' | b'>' | b'-' | b'+' | b'=') => out.insert(0, '\\'),
        Some(b'0'..=b'9') => {
            let digits = out.bytes().take_while(u8::is_ascii_digit).count();
            if matches!(out.as_bytes().get(digits), Some(b'.' | b')')) {
                out.insert(digits, '\\');
            }
        }
        _ => {}
    }
    out
}

/// A heading's text: a `#` or `{` would end it early or be read as its
/// closing sequence or attributes.
fn escape_heading(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in escape_inline(text).chars() {
        if matches!(c, '#' | '{' | '}') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A link destination, in angle brackets when it holds what would end a
/// bare one.
fn destination(url: &str) -> String {
    if !url.is_empty()
        && !url
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '(' | ')' | '<' | '>' | '\\'))
    {
        return url.to_string();
    }
    let mut out = String::from("<");
    for c in url.chars() {
        if matches!(c, '<' | '>' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('>');
    out
}

/// A YAML double-quoted string.
fn yaml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A Markdown body as it is written, ready to stand between two headings:
/// line endings made `\n`, control characters made visible (the loader
/// shows them so anyway; tabs are kept, they matter in code), a fenced
/// code block left open at its end closed, and one final newline.
fn markdown_body(body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 8);
    for line in body.trim_end().lines() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        for (i, piece) in line.split('\t').enumerate() {
            if i > 0 {
                out.push('\t');
            }
            out.push_str(&crate::text::sanitize::sanitize(piece));
        }
        out.push('\n');
    }
    if let Some(fence) = open_fence(&out) {
        out.push_str(&fence);
        out.push('\n');
    }
    out
}

/// The closing fence a body needs when it ends inside a fenced code block
/// at its top level (in a body the block ends with the body; in a Markdown
/// file it would run on over the next headings). A fence inside a list
/// item or quote needs none: the next heading ends its container.
fn open_fence(body: &str) -> Option<String> {
    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};
    let mut depth = 0usize;
    let mut last = None;
    for (event, range) in Parser::new(body).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0 && matches!(tag, Tag::CodeBlock(CodeBlockKind::Fenced(_))) {
                    last = Some(range);
                } else if depth == 0 {
                    last = None;
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ if depth == 0 => last = None,
            _ => {}
        }
    }
    let block = &body[last?];
    let opening = block.trim_start_matches(' ');
    let c = opening.chars().next()?;
    let n = opening.chars().take_while(|&x| x == c).count();
    let closing = block.trim_end().rsplit('\n').next().unwrap_or("").trim();
    let closed =
        block.trim_end().contains('\n') && closing.len() >= n && closing.chars().all(|x| x == c);
    (!closed).then(|| c.to_string().repeat(n))
}

/// A bullet for a list that must not continue the body's last list (a
/// list goes on across a blank line; a different bullet starts a new one).
fn next_list_bullet(body: &str) -> char {
    use pulldown_cmark::{Event, Parser, Tag};
    let mut depth = 0usize;
    let mut last_list = None;
    let mut last_is_list = false;
    for (event, range) in Parser::new(body).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    last_is_list = matches!(tag, Tag::List(None));
                    if last_is_list {
                        last_list = body[range].trim_start().chars().next();
                    }
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {
                if depth == 0 {
                    last_is_list = false;
                }
            }
        }
    }
    match last_list {
        Some('-') if last_is_list => '*',
        _ => '-',
    }
}

// ---- Markdown to TOML ----

/// A Markdown document (`source`, loaded as `doc`) as a camp-reader TOML
/// document: `markup = "markdown"`, one `[[sections]]` per section with
/// the id it had, and each section's text, between its heading and the
/// next, kept as Markdown. `options` are the loader's parser options.
///
/// Written here rather than by `toml::to_string`, which writes C1
/// controls, bidi overrides and other invisible characters raw (and may
/// choose literal strings, which cannot escape them): every string is a
/// basic string with those as `\uXXXX` (see `toml_string`).
pub fn to_toml(
    doc: &Document,
    source: &str,
    options: pulldown_cmark::Options,
) -> Result<String, String> {
    let bodies = section_bodies(doc, source, options)?;
    let mut out = String::with_capacity(source.len() + source.len() / 4 + 64);
    out.push_str("title = ");
    toml_string(&doc.title, &mut out);
    out.push('\n');
    if let Some(sub) = &doc.subtitle {
        out.push_str("subtitle = ");
        toml_string(sub, &mut out);
        out.push('\n');
    }
    out.push_str("markup = \"markdown\"\n");
    // Sections come in reading order, each after its parent: a
    // `[[sections.sections]]` header adds to the last section one level up.
    for (i, body) in bodies.iter().enumerate() {
        let section = &doc.sections[i];
        if section.parent().is_some_and(|p| p as usize >= i) {
            return Err(format!("section {} has no parent", doc.section_number(i)));
        }
        out.push_str("\n[[sections");
        for _ in 0..section.depth() {
            out.push_str(".sections");
        }
        out.push_str("]]\ntitle = ");
        toml_string(doc.section_title(i), &mut out);
        out.push_str("\nid = ");
        toml_string(doc.section_id(i), &mut out);
        out.push('\n');
        if let Some(body) = body {
            out.push_str("body = ");
            toml_multiline(body, &mut out);
            out.push('\n');
        }
    }
    Ok(out)
}

/// `c` as a TOML escape when it must or should be one: controls (C0, DEL,
/// C1), bidi controls and every invisible character, which must never
/// reach a terminal that shows the file.
fn toml_escape(c: char, out: &mut String) -> bool {
    use std::fmt::Write as _;
    match c {
        '\\' => out.push_str("\\\\"),
        '"' => out.push_str("\\\""),
        '\n' => out.push_str("\\n"),
        '\t' => out.push_str("\\t"),
        '\r' => out.push_str("\\r"),
        c if crate::text::sanitize::is_invisible_or_control(c) => {
            if u32::from(c) > 0xffff {
                let _ = write!(out, "\\U{:08X}", u32::from(c));
            } else {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
        }
        _ => return false,
    }
    true
}

/// A one-line TOML basic string.
fn toml_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        if !toml_escape(c, out) {
            out.push(c);
        }
    }
    out.push('"');
}

/// A TOML multi-line basic string: newlines and tabs as they are, a quote
/// escaped where it would make `"""` (or end the text), the rest as in
/// [`toml_string`].
fn toml_multiline(s: &str, out: &mut String) {
    out.push_str("\"\"\"\n");
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' => out.push(c),
            '"' if matches!(chars.peek(), Some('"') | None) => out.push_str("\\\""),
            '"' => out.push('"'),
            c => {
                if !toml_escape(c, out) {
                    out.push(c);
                }
            }
        }
    }
    out.push_str("\"\"\"");
}

/// Each section's Markdown: from the end of its heading to the next
/// section's heading (front matter and a heading taken as the document's
/// title left out). Which headings are sections is the loader's word:
/// each section records the line its heading starts on.
fn section_bodies(
    doc: &Document,
    source: &str,
    options: pulldown_cmark::Options,
) -> Result<Vec<Option<String>>, String> {
    use pulldown_cmark::{Event, LinkType, Parser, Tag};
    let mut headings: std::collections::HashMap<u32, std::ops::Range<usize>> =
        std::collections::HashMap::new();
    // Pieces of the text that belong to no body.
    let mut cuts: Vec<std::ops::Range<usize>> = Vec::new();
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', source.as_bytes()).map(|i| i + 1))
        .collect();
    let line_of = |offset: usize| line_starts.partition_point(|&s| s <= offset) as u32;
    // Where each reference to a definition was resolved, in text order,
    // and the definition's span: a body gets a copy of the definitions its
    // own references use (not of every one whose label it mentions).
    let mut uses: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
    let mut first_h1 = None;
    let mut events = Parser::new_ext(source, options).into_offset_iter();
    while let Some((event, range)) = events.next() {
        match event {
            Event::Start(Tag::Link { link_type, id, .. } | Tag::Image { link_type, id, .. })
                if matches!(
                    link_type,
                    LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut
                ) =>
            {
                if let Some(def) = events.reference_definitions().get(&id) {
                    uses.push((range.start, def.span.clone()));
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                if first_h1.is_none() && level == pulldown_cmark::HeadingLevel::H1 {
                    first_h1 = Some(range.clone());
                }
                headings.entry(line_of(range.start)).or_insert(range);
            }
            Event::Start(Tag::MetadataBlock(_)) => cuts.push(range),
            _ => {}
        }
    }
    let section_lines: std::collections::HashSet<u32> =
        doc.sections.iter().map(|s| s.line).collect();
    // A level-1 heading that opens no section was the title.
    if let Some(h1) = first_h1.filter(|h| !section_lines.contains(&line_of(h.start))) {
        cuts.push(h1);
    }
    // Where each section's heading starts and ends: the text before the
    // first heading ("Overview") has none.
    let mut spans = Vec::with_capacity(doc.sections.len());
    // Where the next HTML heading is looked for: after the last heading.
    let mut html_from = 0;
    for (i, s) in doc.sections.iter().enumerate() {
        let line_start = line_starts
            .get((s.line as usize).saturating_sub(1))
            .copied()
            .unwrap_or(source.len());
        match headings.get(&s.line) {
            Some(h) => {
                spans.push((h.start, h.end));
                html_from = h.end;
            }
            None if i == 0 => spans.push((0, 0)),
            // An HTML heading (`<h2>Sub</h2>`, a block or inside a
            // paragraph): the loader records the line its block or tag
            // starts on, the heading is the first one from there.
            None if let Some(h) = html_heading(source, line_start.max(html_from)) => {
                spans.push((h.start, h.end));
                html_from = h.end;
            }
            None => {
                return Err(format!(
                    "no heading found for section {}",
                    doc.section_number(i)
                ));
            }
        }
    }
    let mut bodies = Vec::with_capacity(spans.len());
    let mut next_use = 0;
    for (i, &(_, from)) in spans.iter().enumerate() {
        let to = spans.get(i + 1).map_or(source.len(), |&(next, _)| next);
        let mut body = String::new();
        let mut at = from;
        for cut in cuts.iter().filter(|c| c.start >= from && c.end <= to) {
            body.push_str(&source[at..cut.start]);
            at = cut.end;
        }
        body.push_str(&source[at..to.max(at)]);
        // The references in this body (uses are in text order, bodies too).
        while uses.get(next_use).is_some_and(|u| u.0 < from) {
            next_use += 1;
        }
        let first = next_use;
        while uses.get(next_use).is_some_and(|u| u.0 < to) {
            next_use += 1;
        }
        let body = with_definitions(
            body.trim_matches('\n').trim_end(),
            &uses[first..next_use],
            from..to,
            source,
        );
        bodies.push((!body.trim().is_empty()).then_some(body));
    }
    Ok(bodies)
}

/// The first HTML heading (`<h1>` to `<h6>`, any case) in `source` from
/// `from` on: from its start tag to the end of its end tag (or of its
/// line, when it has none).
fn html_heading(source: &str, from: usize) -> Option<std::ops::Range<usize>> {
    let bytes = source.as_bytes();
    let mut at = from;
    while let Some(i) = memchr::memchr(b'<', bytes.get(at..)?) {
        let start = at + i;
        at = start + 1;
        let level = match bytes.get(start + 1..start + 3) {
            Some([h, d]) if h.eq_ignore_ascii_case(&b'h') && (b'1'..=b'6').contains(d) => *d,
            _ => continue,
        };
        if !matches!(
            bytes.get(start + 3),
            Some(b'>' | b'/') | Some(b' ' | b'\t' | b'\n' | b'\r')
        ) {
            continue;
        }
        // Its end tag `</hN>`, looked for case-blind.
        let mut end = None;
        let mut look = start + 3;
        while let Some(j) = memchr::memchr(b'<', bytes.get(look..).unwrap_or(&[])) {
            let close = look + j;
            look = close + 1;
            if bytes.get(close + 1) == Some(&b'/')
                && bytes
                    .get(close + 2)
                    .is_some_and(|h| h.eq_ignore_ascii_case(&b'h'))
                && bytes.get(close + 3) == Some(&level)
            {
                end = memchr::memchr(b'>', &bytes[close..]).map(|k| close + k + 1);
                break;
            }
        }
        let end = end.unwrap_or_else(|| {
            memchr::memchr(b'\n', &bytes[start..]).map_or(source.len(), |k| start + k)
        });
        // The spaces after it go with it (the text after an inline one
        // starts the next body).
        let spaces = bytes[end..]
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        return Some(start..end + spaces);
    }
    None
}

/// `body` with the link reference definitions its references (`uses`:
/// where each is, and its definition's span) resolved to elsewhere in the
/// document put before it, each once: a body is read on its own.
fn with_definitions(
    body: &str,
    uses: &[(usize, std::ops::Range<usize>)],
    own: std::ops::Range<usize>,
    source: &str,
) -> String {
    let mut copied = std::collections::HashSet::new();
    let mut out = String::new();
    for (_, span) in uses {
        let elsewhere = span.start < own.start || span.start >= own.end;
        if elsewhere && copied.insert(span.start) {
            out.push_str(source[span.clone()].trim_end());
            out.push('\n');
        }
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(body);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};

    use crate::load::markdown_options as options;

    /// The text of `markdown` if it is exactly one block opened by
    /// `open` holding text alone (no emphasis, code, link, HTML…).
    fn only_text(markdown: &str, mut open: impl FnMut(&Tag<'_>) -> bool) -> Result<String, String> {
        let events: Vec<Event<'_>> = Parser::new_ext(markdown, options()).collect();
        let mut text = String::new();
        for (i, e) in events.iter().enumerate() {
            match e {
                Event::Start(tag) if i == 0 && open(tag) => {}
                Event::End(TagEnd::Paragraph | TagEnd::Heading(_)) if i == events.len() - 1 => {}
                Event::Text(t) => text.push_str(t),
                // Not shown: it only keeps GitHub's extensions out.
                Event::InlineHtml(t) if &**t == UNSEEN => {}
                other => return Err(format!("{other:?} in {events:?}")),
            }
        }
        Ok(text)
    }

    /// Text as the model holds it: one line, trimmed, no tabs.
    fn line() -> impl Strategy<Value = String> {
        r#"[a-z0-9 #>+=*_`()<>&;!|~{}:'"^$%@./\\\[\]-]{1,24}"#
            .prop_map(|s| s.trim().to_string())
            .prop_filter("not empty", |s| !s.is_empty())
    }

    /// Text with addresses and shortcodes in it, among punctuation.
    fn with_extensions() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "https://a.example/x_(y)",
            "http://b.example.",
            "www.c.example/d?e=f&amp;",
            "g.h+i@j.example",
            ":tada:",
            ":+1:",
            "(",
            ")",
            " ",
            "*",
            "_",
            "::",
            "k",
        ]);
        prop::collection::vec(piece, 1..10).prop_map(|v| v.concat().trim().to_string())
    }

    proptest! {
        #[test]
        fn plain_text_with_addresses_and_shortcodes_reads_back_with_no_link(text in with_extensions()) {
            prop_assume!(!text.is_empty());
            let md = escape_paragraph(&text);
            let doc = crate::load::parse_markdown("t.md", "t", &md).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let shown = doc.blocks.iter().filter(|b| b.kind == BlockKind::Paragraph)
                .map(|b| &doc.text()[b.range()]).collect::<Vec<_>>().join("\n");
            // Runs of spaces are one space in Markdown, as GitHub shows them.
            let mut expected = String::new();
            for c in text.chars() {
                if !(c == ' ' && expected.ends_with(' ')) {
                    expected.push(c);
                }
            }
            prop_assert_eq!(shown, expected, "{}", md);
            prop_assert_eq!(doc.links.len(), 0, "{}", md);
        }

        #[test]
        fn an_escaped_paragraph_reads_back_as_the_same_plain_text(text in line()) {
            let md = escape_paragraph(&text);
            let shown = only_text(&md, |t| matches!(t, Tag::Paragraph));
            prop_assert_eq!(shown, Ok(text), "{}", md);
        }

        #[test]
        fn an_escaped_heading_keeps_its_text_and_id(text in line()) {
            let md = format!("## {} {{#the-id}}\n", escape_heading(&text));
            let mut id = None;
            let shown = only_text(&md, |t| match t {
                Tag::Heading { id: i, .. } => {
                    id = i.as_ref().map(|i| i.to_string());
                    true
                }
                _ => false,
            });
            prop_assert_eq!(shown, Ok(text), "{}", md);
            prop_assert_eq!(id.as_deref(), Some("the-id"));
        }

        #[test]
        fn a_link_keeps_its_text_and_target(text in line(), url in line()) {
            let md = format!("[{}]({})", escape_inline(&text), destination(&url));
            let events: Vec<Event<'_>> = Parser::new_ext(&md, options()).collect();
            let target = events.iter().find_map(|e| match e {
                Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.to_string()),
                _ => None,
            });
            prop_assert_eq!(target, Some(url), "{}", md);
            let shown: String = events
                .iter()
                .filter_map(|e| match e {
                    Event::Text(t) => Some(t.to_string()),
                    _ => None,
                })
                .collect();
            prop_assert_eq!(shown, text, "{}", md);
        }
    }

    #[test]
    fn paragraphs_that_would_be_markdown_are_escaped() {
        assert_eq!(escape_paragraph("- eggs"), "\\- eggs");
        assert_eq!(escape_paragraph("12. May"), "12\\. May");
        assert_eq!(escape_paragraph("12) May"), "12\\) May");
        assert_eq!(escape_paragraph("2024 was"), "2024 was");
        assert_eq!(escape_paragraph("# not a heading"), "\\# not a heading");
        assert_eq!(
            escape_paragraph("a *b* `c` [d](e) <f> &amp;"),
            "a \\*b\\* \\`c\\` \\[d\\](e) \\<f> \\&amp;"
        );
        assert_eq!(escape_heading("C# {x}"), "C\\# \\{x\\}");
    }

    #[test]
    fn an_open_fence_is_closed() {
        assert_eq!(open_fence("```rust\nfn x() {}\n"), Some("```".into()));
        assert_eq!(open_fence("````\n```\n"), Some("````".into()));
        assert_eq!(open_fence("~~~\na\n~~~\n"), None);
        assert_eq!(open_fence("``` a ` b\n"), None);
        assert_eq!(open_fence("    ```\n"), None);
        // In a list item the next heading ends it: a fence added at the
        // left would open a new block instead.
        assert_eq!(open_fence("- item\n\n  ```\n  code\n"), None);
        assert_eq!(open_fence("```\ncode\n```\n\nafter\n"), None);
    }

    #[test]
    fn destinations_with_spaces_or_brackets_are_bracketed() {
        assert_eq!(
            destination("https://example.org/a"),
            "https://example.org/a"
        );
        assert_eq!(destination("a b"), "<a b>");
        assert_eq!(destination("a(b)<c>"), "<a(b)\\<c\\>>");
    }
}
