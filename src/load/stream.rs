//! A streaming reader of the content format: the document is built as the
//! text is lexed, never held as a TOML tree, so a load's memory follows the
//! model rather than the parser's tree (which costs 30 to 120 times the
//! file when sections or links are small).
//!
//! It reads the format as people write it — simple keys, string values,
//! `sections = [ … ]` and `links = [ … ]` of inline tables, `[source]`, and
//! `[[sections]]`, `[[sections.links]]`, `[[sections.sections]]` … headers —
//! and gives up (`None`) on anything else, valid or not; the TOML parser
//! then reads the text and reports any error exactly. It never accepts
//! what TOML rejects: every token goes through the decoder the TOML parser
//! uses, every key and table may be defined once, and a table is extended
//! by a header only where TOML allows it.

use std::borrow::Cow;

use toml_parser::decoder::ScalarKind;
use toml_parser::lexer::{Lexer, Token, TokenKind};
use toml_parser::{ParseError, Raw, Source};

use super::{Head, MAX_DEPTH, Partial, clean_line, push_body};
use crate::model::document::{BlockKind, Markup, Section};

/// Gives up: the TOML parser reads the text instead.
type R<T> = Option<T>;

/// How often [`parse_reporting`] says how far it is (bytes of text).
const REPORT_EVERY: usize = 1 << 20;

/// Builds the model of `src` (without a BOM), or `None` when this reader
/// does not handle it, telling `progress` how many bytes of `src` it has
/// read, about every [`REPORT_EVERY`] bytes (at a statement's start).
pub(super) fn parse_reporting(src: &str, progress: &dyn Fn(usize)) -> R<(Head, Partial)> {
    let mut r = Reader {
        src,
        lexer: Source::new(src).lex(),
        peeked: None,
    };
    let mut st = State {
        out: Out::default(),
        open: Vec::new(),
        table: Table::Root,
        root: Root::default(),
        link: None,
    };
    st.out.partial.builder.text.reserve(src.len());
    let mut report_at = REPORT_EVERY;
    loop {
        r.blank()?;
        let at = r.next_start();
        if at >= report_at {
            progress(at);
            report_at = at.saturating_add(REPORT_EVERY);
        }
        match r.peek_kind() {
            TokenKind::Eof => break,
            TokenKind::LeftSquareBracket => st.header(&mut r)?,
            _ => {
                let key = r.key()?;
                r.ws();
                r.expect(TokenKind::Equals)?;
                r.ws();
                st.key_value(&mut r, &key)?;
                r.end_of_line()?;
            }
        }
    }
    st.end_link()?;
    st.close_to(0)?;
    st.out.partial.top_level = st.root.top_count as usize;
    let root = st.root;
    let title = clean_line(&root.title?);
    if title.trim().is_empty() || root.top_count == 0 {
        return None;
    }
    Some((
        Head {
            title,
            subtitle: root
                .subtitle
                .as_deref()
                .map(clean_line)
                .filter(|s| !s.is_empty()),
            source: root.source.map(|s| crate::model::document::Source {
                name: s[0].as_deref().map(clean_line),
                title: s[1].as_deref().map(clean_line),
                url: s[2].as_deref().map(clean_line),
                license: s[3].as_deref().map(clean_line),
                retrieved: s[4].as_deref().map(clean_line),
            }),
            markup: root.markup.unwrap_or_default(),
        },
        st.out.partial,
    ))
}

// ---- tokens ----

struct Reader<'i> {
    src: &'i str,
    lexer: Lexer<'i>,
    peeked: Option<Token>,
}

impl<'i> Reader<'i> {
    /// Where the next token starts.
    fn next_start(&mut self) -> usize {
        self.peek_kind();
        self.peeked.map_or(self.src.len(), |t| t.span().start())
    }

    fn peek_kind(&mut self) -> TokenKind {
        if self.peeked.is_none() {
            self.peeked = self.lexer.next();
        }
        self.peeked.map_or(TokenKind::Eof, |t| t.kind())
    }

    fn bump(&mut self) -> R<Token> {
        self.peek_kind();
        self.peeked.take()
    }

    fn expect(&mut self, kind: TokenKind) -> R<Token> {
        (self.peek_kind() == kind).then_some(())?;
        self.bump()
    }

    fn raw(&self, t: Token) -> Raw<'i> {
        let span = t.span();
        Raw::new_unchecked(
            &self.src[span.start()..span.end()],
            t.kind().encoding(),
            span,
        )
    }

    /// Spaces and tabs.
    fn ws(&mut self) {
        while self.peek_kind() == TokenKind::Whitespace {
            self.peeked = None;
        }
    }

    /// A comment or a newline, checked as the TOML parser checks it.
    fn trivia(&mut self) -> R<()> {
        let t = self.bump()?;
        let mut ok = true;
        let mut sink = |_: ParseError| ok = false;
        match t.kind() {
            TokenKind::Comment => self.raw(t).decode_comment(&mut sink),
            TokenKind::Newline => self.raw(t).decode_newline(&mut sink),
            _ => return None,
        }
        ok.then_some(())
    }

    /// Whitespace, comments and newlines: between statements, and between
    /// the items of arrays and inline tables.
    fn blank(&mut self) -> R<()> {
        loop {
            match self.peek_kind() {
                TokenKind::Whitespace => self.ws(),
                TokenKind::Comment | TokenKind::Newline => self.trivia()?,
                _ => return Some(()),
            }
        }
    }

    /// Whitespace, a comment, then a newline or the end of the text.
    fn end_of_line(&mut self) -> R<()> {
        self.ws();
        if self.peek_kind() == TokenKind::Comment {
            self.trivia()?;
        }
        match self.peek_kind() {
            TokenKind::Eof => Some(()),
            TokenKind::Newline => self.trivia(),
            _ => None,
        }
    }

    /// One simple key, bare or quoted (a dotted key is not handled).
    fn key(&mut self) -> R<Cow<'i, str>> {
        let t = self.bump()?;
        if !matches!(
            t.kind(),
            TokenKind::Atom | TokenKind::BasicString | TokenKind::LiteralString
        ) {
            return None;
        }
        let mut out = Cow::Borrowed("");
        let mut ok = true;
        self.raw(t)
            .decode_key(&mut out, &mut |_: ParseError| ok = false);
        ok.then_some(out)
    }

    /// A string value and the offset where it is written.
    fn string(&mut self) -> R<(Cow<'i, str>, usize)> {
        let t = self.bump()?;
        t.kind().encoding()?;
        let mut out = Cow::Borrowed("");
        let mut ok = true;
        let kind = self
            .raw(t)
            .decode_scalar(&mut out, &mut |_: ParseError| ok = false);
        (ok && kind == ScalarKind::String).then_some((out, t.span().start()))
    }

    /// `[ item, item, … ]` (a trailing comma allowed), `item` reading each.
    fn array(&mut self, mut item: impl FnMut(&mut Self) -> R<()>) -> R<()> {
        self.expect(TokenKind::LeftSquareBracket)?;
        loop {
            self.blank()?;
            if self.peek_kind() == TokenKind::RightSquareBracket {
                self.bump();
                return Some(());
            }
            item(self)?;
            self.blank()?;
            match self.peek_kind() {
                TokenKind::Comma => {
                    self.bump();
                }
                TokenKind::RightSquareBracket => {
                    self.bump();
                    return Some(());
                }
                _ => return None,
            }
        }
    }
}

// ---- the model as it is built ----

/// How a section's `links` or `sections` key was given.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
enum Kind {
    #[default]
    Unset,
    /// `key = [ … ]`: complete, cannot be extended by headers.
    Inline,
    /// `[[…key]]` headers.
    Headers,
}

/// A section being read.
struct Open<'i> {
    title: Option<Cow<'i, str>>,
    id: Option<(Cow<'i, str>, usize)>,
    body: Option<Cow<'i, str>>,
    /// Its index once its heading and body are in the model.
    index: Option<u32>,
    /// A subsection has started: no more links of its own.
    own_done: bool,
    links: Kind,
    sections: Kind,
    children: u32,
    /// Its place among its siblings, from 1.
    ordinal: u32,
    parent: Option<u32>,
    depth: usize,
    /// Where the section starts in the text: its header or its `{`.
    at: usize,
}

impl Open<'_> {
    fn new(ordinal: u32, parent: Option<u32>, depth: usize, at: usize) -> Self {
        Open {
            title: None,
            id: None,
            body: None,
            index: None,
            own_done: false,
            links: Kind::Unset,
            sections: Kind::Unset,
            children: 0,
            ordinal,
            parent,
            depth,
            at,
        }
    }

    fn child(&mut self, at: usize) -> R<Open<'static>> {
        let depth = self.depth + 1;
        if depth >= MAX_DEPTH {
            return None;
        }
        self.children += 1;
        Some(Open::new(self.children, self.index, depth, at))
    }
}

#[derive(Default)]
struct Out {
    partial: Partial,
    /// Reused buffer for joining a paragraph's lines.
    paragraph: String,
    /// How bodies are written (the `markup` key, read before any section).
    markup: Markup,
}

impl Out {
    /// Puts the section's heading and body in the model (once).
    fn emit(&mut self, s: &mut Open<'_>) -> R<u32> {
        if let Some(index) = s.index {
            return Some(index);
        }
        let title = clean_line(s.title.as_deref()?);
        if title.trim().is_empty() {
            return None;
        }
        let explicit = match &s.id {
            Some((id, _)) if id.trim().is_empty() => return None,
            Some((id, at)) => Some((clean_line(id), *at)),
            None => None,
        };
        let builder = &mut self.partial.builder;
        let index = builder.sections.len() as u32;
        let heading_block = builder.blocks.len() as u32;
        builder.push_block(BlockKind::Heading, index, &title);
        if let Some(body) = s.body.take() {
            push_body(builder, index, &body, self.markup, &mut self.paragraph);
        }
        builder.sections.push(Section::new(
            heading_block,
            s.parent,
            s.depth as u8,
            s.ordinal,
            s.at,
        ));
        if let Some((id, at)) = explicit {
            self.partial.explicit.push(index, &id, at);
        }
        s.index = Some(index);
        Some(index)
    }

    fn link(&mut self, s: &mut Open<'_>, text: &str, url: Option<&str>) -> R<()> {
        if s.own_done {
            return None;
        }
        let index = self.emit(s)?;
        let text = clean_line(text);
        if text.is_empty() {
            return None;
        }
        let url = url.map(super::link_target);
        self.partial
            .builder
            .push_link_block(index, &text, url.as_deref());
        Some(())
    }

    /// Its own blocks end here: a subsection follows.
    fn close_own(&mut self, s: &mut Open<'_>) -> R<u32> {
        let index = self.emit(s)?;
        s.own_done = true;
        Some(index)
    }

    fn finish(&mut self, s: &mut Open<'_>) -> R<()> {
        let index = self.emit(s)? as usize;
        let sections = &mut self.partial.builder.sections;
        sections[index].subtree_end = sections.len() as u32;
        Some(())
    }
}

#[derive(Default)]
struct Root<'i> {
    title: Option<Cow<'i, str>>,
    subtitle: Option<Cow<'i, str>>,
    /// name, title, url, license, retrieved.
    source: Option<[Option<Cow<'i, str>>; 5]>,
    /// Read before any section, so every body is read knowing it.
    markup: Option<Markup>,
    sections: Kind,
    top_count: u32,
}

/// The table key-value lines go into.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Table {
    Root,
    Source,
    /// The last open section.
    Section,
    /// The link being read (`[[…links]]`).
    Link,
}

/// A link's text and url, as read so far.
type LinkFields<'i> = (Option<Cow<'i, str>>, Option<Cow<'i, str>>);

const SOURCE_KEYS: [&str; 5] = ["name", "title", "url", "license", "retrieved"];

struct State<'i> {
    out: Out,
    /// Sections opened by headers, outermost first: the last section at
    /// each depth, which a deeper header extends.
    open: Vec<Open<'i>>,
    table: Table,
    root: Root<'i>,
    /// A `[[…links]]` table being read.
    link: Option<LinkFields<'i>>,
}

impl<'i> State<'i> {
    fn key_value(&mut self, r: &mut Reader<'i>, key: &str) -> R<()> {
        match self.table {
            Table::Root => match key {
                "title" | "subtitle" => {
                    let slot = if key == "title" {
                        &mut self.root.title
                    } else {
                        &mut self.root.subtitle
                    };
                    if slot.is_some() {
                        return None;
                    }
                    *slot = Some(r.string()?.0);
                    Some(())
                }
                "markup" => {
                    // After a section it could only change bodies already
                    // read: the TOML parser reads such a document.
                    if self.root.markup.is_some() || self.root.sections != Kind::Unset {
                        return None;
                    }
                    let markup = Markup::from_name(&r.string()?.0)?;
                    self.root.markup = Some(markup);
                    self.out.markup = markup;
                    Some(())
                }
                "source" => {
                    if self.root.source.is_some() {
                        return None;
                    }
                    let mut fields: [Option<Cow<'i, str>>; 5] = Default::default();
                    inline_table(r, |r, key| source_field(r, &mut fields, key))?;
                    self.root.source = Some(fields);
                    Some(())
                }
                "sections" => {
                    if self.root.sections != Kind::Unset {
                        return None;
                    }
                    self.root.sections = Kind::Inline;
                    r.array(|r| {
                        self.root.top_count += 1;
                        let at = r.next_start();
                        let mut s = Open::new(self.root.top_count, None, 0, at);
                        self.inline_section(r, &mut s)
                    })
                }
                _ => None,
            },
            Table::Source => {
                let fields = self.root.source.as_mut()?;
                source_field(r, fields, key)
            }
            Table::Section => {
                let mut s = self.open.pop()?;
                self.section_key(r, &mut s, key)?;
                self.open.push(s);
                Some(())
            }
            Table::Link => {
                let (text, url) = self.link.as_mut()?;
                let slot = match key {
                    "text" => text,
                    "url" => url,
                    _ => return None,
                };
                if slot.is_some() {
                    return None;
                }
                *slot = Some(r.string()?.0);
                Some(())
            }
        }
    }

    /// A key of a section's table (header-made or inline).
    fn section_key(&mut self, r: &mut Reader<'i>, s: &mut Open<'i>, key: &str) -> R<()> {
        match key {
            "title" | "body" => {
                let slot = if key == "title" {
                    &mut s.title
                } else {
                    &mut s.body
                };
                // After the heading is out, its fields are fixed.
                if slot.is_some() || s.index.is_some() {
                    return None;
                }
                *slot = Some(r.string()?.0);
                Some(())
            }
            "id" => {
                if s.id.is_some() || s.index.is_some() {
                    return None;
                }
                s.id = Some(r.string()?);
                Some(())
            }
            "links" => {
                if s.links != Kind::Unset {
                    return None;
                }
                s.links = Kind::Inline;
                r.array(|r| {
                    let (mut text, mut url) = (None, None);
                    inline_table(r, |r, key| {
                        let slot = match key {
                            "text" => &mut text,
                            "url" => &mut url,
                            _ => return None,
                        };
                        if slot.is_some() {
                            return None;
                        }
                        *slot = Some(r.string()?.0);
                        Some(())
                    })?;
                    self.out.link(s, &text?, url.as_deref())
                })
            }
            "sections" => {
                if s.sections != Kind::Unset {
                    return None;
                }
                s.sections = Kind::Inline;
                self.out.close_own(s)?;
                r.array(|r| {
                    let mut child = s.child(r.next_start())?;
                    self.inline_section(r, &mut child)
                })
            }
            _ => None,
        }
    }

    /// `{ title = …, … }` as a section, then finished.
    fn inline_section(&mut self, r: &mut Reader<'i>, s: &mut Open<'i>) -> R<()> {
        inline_table(r, |r, key| self.section_key(r, s, key))?;
        self.out.finish(s)
    }

    /// Finishes the open sections deeper than `depth` (innermost first).
    fn close_to(&mut self, depth: usize) -> R<()> {
        while self.open.len() > depth {
            let mut s = self.open.pop()?;
            self.out.finish(&mut s)?;
        }
        Some(())
    }

    /// Puts the `[[…links]]` table just read into its section.
    fn end_link(&mut self) -> R<()> {
        if let Some((text, url)) = self.link.take() {
            let s = self.open.last_mut()?;
            self.out.link(s, &text?, url.as_deref())?;
        }
        Some(())
    }

    fn header(&mut self, r: &mut Reader<'i>) -> R<()> {
        let open = r.bump()?;
        let at = open.span().start();
        let array = r.peek_kind() == TokenKind::LeftSquareBracket;
        if array && r.bump()?.span().start() != open.span().end() {
            return None;
        }
        let mut path: Vec<Cow<'i, str>> = Vec::new();
        loop {
            r.ws();
            path.push(r.key()?);
            if path.len() > MAX_DEPTH + 1 {
                return None;
            }
            r.ws();
            match r.peek_kind() {
                TokenKind::Dot => {
                    r.bump();
                }
                TokenKind::RightSquareBracket => break,
                _ => return None,
            }
        }
        let close = r.bump()?;
        if array && r.expect(TokenKind::RightSquareBracket)?.span().start() != close.span().end() {
            return None;
        }
        r.end_of_line()?;
        self.end_link()?;

        if !array {
            if path.len() != 1 || path[0] != "source" || self.root.source.is_some() {
                return None;
            }
            self.root.source = Some(Default::default());
            self.table = Table::Source;
            return Some(());
        }
        let links = path.last().is_some_and(|k| k == "links");
        let depth = path.len() - usize::from(links);
        if depth == 0 || path[..depth].iter().any(|k| k != "sections") {
            return None;
        }
        if links {
            // `[[sections.links]]` extends the last top-level section,
            // which must not have moved on to subsections.
            if self.open.len() != depth {
                return None;
            }
            let s = self.open.last_mut()?;
            if s.links == Kind::Inline || s.own_done {
                return None;
            }
            s.links = Kind::Headers;
            self.out.emit(s)?;
            self.link = Some((None, None));
            self.table = Table::Link;
            return Some(());
        }
        if self.open.len() < depth - 1 {
            return None;
        }
        self.close_to(depth - 1)?;
        let child = match self.open.last_mut() {
            None => {
                if self.root.sections == Kind::Inline {
                    return None;
                }
                self.root.sections = Kind::Headers;
                self.root.top_count += 1;
                Open::new(self.root.top_count, None, 0, at)
            }
            Some(parent) => {
                if parent.sections == Kind::Inline {
                    return None;
                }
                parent.sections = Kind::Headers;
                self.out.close_own(parent)?;
                parent.child(at)?
            }
        };
        self.open.push(child);
        self.table = Table::Section;
        Some(())
    }
}

fn source_field<'i>(
    r: &mut Reader<'i>,
    fields: &mut [Option<Cow<'i, str>>; 5],
    key: &str,
) -> R<()> {
    let i = SOURCE_KEYS.iter().position(|k| *k == key)?;
    if fields[i].is_some() {
        return None;
    }
    fields[i] = Some(r.string()?.0);
    Some(())
}

/// `{ key = value, … }` (newlines, comments and a trailing comma allowed,
/// as in TOML 1.1), `value` reading each value after its `=`.
fn inline_table<'i>(
    r: &mut Reader<'i>,
    mut value: impl FnMut(&mut Reader<'i>, &str) -> R<()>,
) -> R<()> {
    r.expect(TokenKind::LeftCurlyBracket)?;
    loop {
        r.blank()?;
        if r.peek_kind() == TokenKind::RightCurlyBracket {
            r.bump();
            return Some(());
        }
        let key = r.key()?;
        r.ws();
        r.expect(TokenKind::Equals)?;
        r.ws();
        value(r, &key)?;
        r.blank()?;
        match r.peek_kind() {
            TokenKind::Comma => {
                r.bump();
            }
            TokenKind::RightCurlyBracket => {
                r.bump();
                return Some(());
            }
            _ => return None,
        }
    }
}
