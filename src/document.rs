//! The immutable document model every other module reads. Built once by
//! `load`; nothing after loading looks at TOML again.
//!
//! All readable text lives in one flat string (`text`); blocks are byte
//! ranges into it. That keeps the text once in memory, lets search run over
//! one contiguous buffer, and lets layout borrow slices instead of copying.

use std::ops::Range;

/// Attribution shown in the help overlay and at the end of the document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Source {
    pub name: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub license: Option<String>,
    pub retrieved: Option<String>,
}

impl Source {
    /// One line such as `Source: Camp Ashraf 3 — Wikipedia — CC BY-SA`.
    pub fn summary(&self) -> String {
        let mut parts: Vec<&str> = Vec::new();
        for part in [&self.title, &self.name, &self.url, &self.license] {
            if let Some(p) = part.as_deref().filter(|p| !p.is_empty()) {
                parts.push(p);
            }
        }
        let mut line = format!("Source: {}", parts.join(" — "));
        if let Some(r) = self.retrieved.as_deref().filter(|r| !r.is_empty()) {
            line.push_str(&format!(" (retrieved {r})"));
        }
        line
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A section heading; its text is the section title.
    Heading,
    Paragraph,
    /// A link, shown as `text <url>`; `text_len` bytes of it are the text.
    Link {
        text_len: u32,
    },
    /// The attribution line at the very end.
    Source,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// Index of the section this block belongs to.
    pub section: u32,
    pub start: u32,
    pub end: u32,
}

impl Block {
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub id: String,
    pub title: String,
    /// 0 for top-level sections.
    pub depth: u8,
    pub parent: Option<u32>,
    /// Number path such as `5.1`.
    pub number: String,
    /// Index of this section's heading block.
    pub heading_block: u32,
    /// Blocks of this section alone (heading, paragraphs, links), excluding subsections.
    pub own_blocks: Range<u32>,
    /// One past the last section in this section's subtree (pre-order).
    pub subtree_end: u32,
}

/// A loaded document. Sections are stored in pre-order (reading order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub title: String,
    pub subtitle: Option<String>,
    pub source: Option<Source>,
    pub sections: Vec<Section>,
    pub blocks: Vec<Block>,
    text: String,
}

impl Document {
    pub(crate) fn from_parts(
        title: String,
        subtitle: Option<String>,
        source: Option<Source>,
        sections: Vec<Section>,
        blocks: Vec<Block>,
        text: String,
    ) -> Self {
        Document {
            title,
            subtitle,
            source,
            sections,
            blocks,
            text,
        }
    }

    /// All text, blocks separated by `\n`.
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn block_text(&self, block: usize) -> &str {
        &self.text[self.blocks[block].range()]
    }

    /// The block containing byte `offset` of [`Document::text`] (or the one
    /// just before it when it falls on a separator).
    pub fn block_at_offset(&self, offset: usize) -> usize {
        let i = self
            .blocks
            .partition_point(|b| (b.start as usize) <= offset);
        i.saturating_sub(1)
    }

    /// Paragraph blocks (not headings, links or the source line).
    pub fn paragraph_count(&self) -> usize {
        self.blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Paragraph)
            .count()
    }

    pub fn link_count(&self) -> usize {
        self.blocks
            .iter()
            .filter(|b| matches!(b.kind, BlockKind::Link { .. }))
            .count()
    }

    /// Finds a section by id, then by exact title, then by its number
    /// (`5.1`), then by case-insensitive title.
    pub fn find_section(&self, key: &str) -> Option<usize> {
        let key = key.trim();
        self.sections
            .iter()
            .position(|s| s.id == key)
            .or_else(|| self.sections.iter().position(|s| s.title == key))
            .or_else(|| self.section_by_number(key))
            .or_else(|| {
                let lower = key.to_lowercase();
                self.sections
                    .iter()
                    .position(|s| s.title.to_lowercase() == lower)
            })
    }

    /// The section numbered `5.1` (a trailing dot is allowed).
    pub fn section_by_number(&self, number: &str) -> Option<usize> {
        let number = number.trim().trim_end_matches('.');
        if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            return None;
        }
        self.sections.iter().position(|s| s.number == number)
    }

    /// Section indices from the top level down to `section`.
    pub fn ancestry(&self, section: usize) -> Vec<usize> {
        let mut chain = vec![section];
        let mut cur = section;
        while let Some(p) = self.sections[cur].parent {
            chain.push(p as usize);
            cur = p as usize;
        }
        chain.reverse();
        chain
    }

    /// `Raid by Albanian police › Aftermath`
    pub fn breadcrumb(&self, section: usize) -> String {
        self.ancestry(section)
            .into_iter()
            .map(|i| self.sections[i].title.as_str())
            .collect::<Vec<_>>()
            .join(" › ")
    }

    /// All blocks of a section including its subsections.
    pub fn subtree_blocks(&self, section: usize) -> Range<usize> {
        let s = &self.sections[section];
        let start = s.heading_block as usize;
        let end = self
            .sections
            .get(s.subtree_end as usize)
            .map(|next| next.heading_block as usize)
            .unwrap_or_else(|| self.content_block_end());
        start..end
    }

    /// One past the last block that belongs to a section (the source line follows).
    pub fn content_block_end(&self) -> usize {
        match self.blocks.last() {
            Some(b) if b.kind == BlockKind::Source => self.blocks.len() - 1,
            _ => self.blocks.len(),
        }
    }
}

/// Builds a [`Document`] section by section; used by the loader.
#[derive(Debug, Default)]
pub(crate) struct Builder {
    pub sections: Vec<Section>,
    pub blocks: Vec<Block>,
    pub text: String,
}

impl Builder {
    pub fn push_block(&mut self, kind: BlockKind, section: u32, text: &str) {
        let start = self.text.len() as u32;
        self.text.push_str(text);
        let end = self.text.len() as u32;
        self.text.push('\n');
        self.blocks.push(Block {
            kind,
            section,
            start,
            end,
        });
    }
}

/// Lowercase ASCII slug of a title: letters and digits kept (accents
/// folded), everything else collapsed to single `-`.
pub fn slug(title: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(title.len());
    let mut dash = false;
    for c in title.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_case_accents_and_punctuation() {
        assert_eq!(slug("Raid by Albanian police"), "raid-by-albanian-police");
        assert_eq!(slug("  Manëz, Durrës!  "), "manez-durres");
        assert_eq!(slug("U.S.–Iran"), "u-s-iran");
        assert_eq!(slug("???"), "section");
        assert_eq!(slug("東京 2020"), "東京-2020");
    }

    #[test]
    fn source_summary_skips_missing_parts() {
        let s = Source {
            name: Some("Wikipedia".into()),
            license: Some("CC BY-SA".into()),
            ..Source::default()
        };
        assert_eq!(s.summary(), "Source: Wikipedia — CC BY-SA");
    }
}
