//! A document holding every kind of rich block and inline style, built
//! directly through the document model (no loader), for the tests of
//! layout, drawing and printing. Compiled only with `test-support`.

use crate::load::{Slugs, slug};
use crate::model::document::{
    Align, BlockKind, Builder, Document, Frame, FrameKind, Inline, Marker, NONE, Section, Span,
    Table,
};

/// A piece of inline text: its words, its style, and a link target.
pub type Piece<'a> = (&'a str, Inline, Option<&'a str>);

/// Builds a document of top-level sections block by block.
#[derive(Default)]
pub struct Make {
    b: Builder,
    section: Option<u32>,
    /// The sections' ids, end to end.
    ids: String,
}

impl Make {
    pub fn new() -> Self {
        Make::default()
    }

    /// Opens a new top-level section with its heading.
    pub fn section(&mut self, title: &str) -> &mut Self {
        let index = self.b.sections.len() as u32;
        let heading_block = self.b.blocks.len() as u32;
        self.b.push_block(BlockKind::Heading, index, title);
        let mut s = Section::new(heading_block, None, 0, index + 1, 0);
        s.subtree_end = index + 1;
        self.ids.push_str(&slug(title, Slugs::Toml));
        s.id_end = self.ids.len() as u32;
        self.b.sections.push(s);
        self.section = Some(index);
        self
    }

    /// Opens a frame whose first block is the next one pushed; returns it.
    pub fn frame(&mut self, kind: FrameKind, parent: Option<u32>) -> u32 {
        self.b.frames.push(Frame::new(
            parent.unwrap_or(NONE),
            kind,
            self.b.blocks.len() as u32,
        ));
        self.b.frames.len() as u32 - 1
    }

    /// Appends a block of inline pieces in `frame`; `joins` leaves out the
    /// blank line after it.
    pub fn block(
        &mut self,
        kind: BlockKind,
        pieces: &[Piece],
        frame: Option<u32>,
        joins: bool,
    ) -> &mut Self {
        let section = self.section.unwrap_or(0);
        let start = self.b.text.len() as u32;
        for (text, style, target) in pieces {
            let from = self.b.text.len() as u32;
            self.b.text.push_str(text);
            let to = self.b.text.len() as u32;
            let mut link = NONE;
            if let Some(t) = target {
                link = self.b.links.len() as u32;
                self.b.push_link(from, to, section, t);
            }
            if !style.is_empty() || link != NONE {
                self.b.spans.push(Span {
                    start: from,
                    end: to,
                    style: *style,
                    link,
                });
            }
        }
        self.b.end_block(kind, section, start, frame);
        if let Some(last) = self.b.blocks.last_mut() {
            last.set_joins_next(joins);
        }
        self
    }

    /// A paragraph of plain text.
    pub fn text(&mut self, text: &str, frame: Option<u32>, joins: bool) -> &mut Self {
        self.block(
            BlockKind::Paragraph,
            &[(text, Inline::default(), None)],
            frame,
            joins,
        )
    }

    pub fn code(&mut self, lang: Option<&str>, text: &str, frame: Option<u32>) -> &mut Self {
        let lang = match lang {
            Some(l) => {
                self.b.langs.push(l.into());
                self.b.langs.len() as u32 - 1
            }
            None => NONE,
        };
        self.block(
            BlockKind::Code { lang },
            &[(text, Inline::default(), None)],
            frame,
            false,
        )
    }

    /// A table: `rows[0]` is the header.
    pub fn table(&mut self, align: &[Align], rows: &[&[&str]]) -> &mut Self {
        let section = self.section.unwrap_or(0);
        let start = self.b.text.len() as u32;
        let mut cells = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            for (j, cell) in row.iter().enumerate() {
                let from = self.b.text.len() as u32;
                self.b.text.push_str(cell);
                cells.push(from..self.b.text.len() as u32);
                if i + 1 < rows.len() || j + 1 < row.len() {
                    self.b.text.push('\n');
                }
            }
        }
        let table = self.b.tables.len() as u32;
        self.b.tables.push(Table {
            align: align.to_vec(),
            cells,
            row_ends: Vec::new(),
        });
        self.b
            .end_block(BlockKind::Table { table }, section, start, None);
        self
    }

    pub fn build(self, title: &str) -> Document {
        Document::from_parts(title.to_string(), None, None, self.b, self.ids)
    }
}

/// Every rich block kind, one section each: inline styles, lists, quotes,
/// code and HTML, a table, a rule, a body heading and a footnote.
pub fn document() -> Document {
    let plain = Inline::default();
    let mut m = Make::new();
    m.section("Inline styles").block(
        BlockKind::Paragraph,
        &[
            ("Plain words, ", plain, None),
            ("emphasis", Inline::EMPHASIS, None),
            (", ", plain, None),
            ("strong", Inline::STRONG, None),
            (", ", plain, None),
            ("both", Inline::EMPHASIS | Inline::STRONG, None),
            (", ", plain, None),
            ("struck", Inline::STRIKE, None),
            (", ", plain, None),
            ("inline code", Inline::CODE, None),
            (", a ", plain, None),
            (
                "link to the web",
                Inline::LINK,
                Some("https://example.org/page"),
            ),
            (", an image ", plain, None),
            ("a map of the camp", Inline::IMAGE, Some("map.png")),
            (", a note", plain, None),
            ("[1]", Inline::NOTE_REF, None),
            (" and ", plain, None),
            ("<kbd>", Inline::HTML, None),
            ("html", plain, None),
            ("</kbd>", Inline::HTML, None),
            (" shown literally.", plain, None),
        ],
        None,
        false,
    );
    m.text(
        "A hard break ends this line\nand this one goes on below it.",
        None,
        false,
    );

    m.section("Lists");
    for (i, item) in [
        "eggs",
        "milk, the long-life kind that keeps for weeks",
        "bread",
    ]
    .iter()
    .enumerate()
    {
        let f = m.frame(
            FrameKind::Item {
                marker: Marker::Bullet { level: 0 },
                indent: 2,
            },
            None,
        );
        m.text(item, Some(f), true);
        if i == 1 {
            let inner = m.frame(
                FrameKind::Item {
                    marker: Marker::Bullet { level: 1 },
                    indent: 2,
                },
                Some(f),
            );
            m.text("semi-skimmed", Some(inner), true);
        }
    }
    if let Some(b) = m.b.blocks.last_mut() {
        b.set_joins_next(false);
    }
    for (n, item) in [(9u32, "ninth, a loose item"), (10, "tenth")] {
        let f = m.frame(
            FrameKind::Item {
                marker: Marker::Number(n),
                indent: 4,
            },
            None,
        );
        m.text(item, Some(f), false);
    }
    for (done, item) in [(true, "done task"), (false, "open task")] {
        let f = m.frame(
            FrameKind::Item {
                marker: Marker::Task { done },
                indent: 2,
            },
            None,
        );
        m.text(item, Some(f), done);
    }

    m.section("Quotes");
    let q = m.frame(FrameKind::Quote, None);
    m.text(
        "A quoted paragraph long enough to wrap onto a second line at forty columns.",
        Some(q),
        false,
    );
    let inner = m.frame(FrameKind::Quote, Some(q));
    m.text("A quote inside the quote.", Some(inner), false);

    m.section("Code");
    m.code(
        Some("rust"),
        "fn main() {\n    println!(\"a line of code long enough to be cut at forty columns\");\n}",
        None,
    );
    m.block(
        BlockKind::Html,
        &[(
            "<div class=\"note\">\n  <p>raw html</p>\n</div>",
            plain,
            None,
        )],
        None,
        false,
    );

    m.section("Table");
    m.table(
        &[Align::Left, Align::Right, Align::Center],
        &[
            &["Item", "Qty", "Note"],
            &["eggs", "12", "free range"],
            &["milk", "2", "the long-life kind that keeps for weeks"],
        ],
    );

    m.section("Breaks and notes");
    m.text("Before the rule.", None, false);
    m.block(BlockKind::Rule, &[], None, false);
    m.block(
        BlockKind::Subheading { level: 2 },
        &[("A body heading", plain, None)],
        None,
        false,
    );
    let note = m.frame(
        FrameKind::Note {
            number: 1,
            indent: 4,
        },
        None,
    );
    m.text(
        "The footnote's text, at the end of its section.",
        Some(note),
        false,
    );
    m.build("Rich text")
}

/// The kinds a block can have, for tests that must meet each.
pub fn kinds(doc: &Document) -> Vec<BlockKind> {
    let mut out: Vec<BlockKind> = Vec::new();
    for b in &doc.blocks {
        let k = std::mem::discriminant(&b.kind);
        if !out.iter().any(|o| std::mem::discriminant(o) == k) {
            out.push(b.kind);
        }
    }
    out
}
