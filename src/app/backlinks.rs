//! `B`: every place linking to the document on screen (in a book) or to
//! the current section, as a list filtered by typing like `L`; Enter goes
//! to the place (a jump: `Ctrl-o` comes back).

use super::{App, Overlay, PromptKind};
use crate::load::book;

impl App {
    /// The sections `B` lists links into: the current document of a book,
    /// else the current section and its subsections.
    pub fn backlink_scope(&self) -> (std::ops::Range<u32>, String) {
        let section = self.current_section();
        if let Some(index) = &self.reader.book
            && let Some(part) = index.part_of_section(section)
        {
            let part = &index.parts[part];
            return (part.sections.clone(), part.name.clone());
        }
        let end = self
            .reader
            .doc
            .sections
            .get(section)
            .map_or(section as u32 + 1, |s| s.subtree_end);
        (
            section as u32..end,
            self.reader.doc.section_title(section).to_string(),
        )
    }

    /// The links into [`App::backlink_scope`] from outside it, in reading
    /// order.
    pub(super) fn backlinks_here(&self) -> Vec<usize> {
        let (scope, _) = self.backlink_scope();
        book::backlinks(&self.reader.doc, scope)
            .into_iter()
            .map(|b| b.link)
            .collect()
    }

    pub(super) fn show_backlinks(&mut self) {
        let (_, name) = self.backlink_scope();
        if self.backlinks_here().is_empty() {
            self.status.message = Some(format!("nothing links to {name}"));
            return;
        }
        self.open_prompt(PromptKind::Backlinks);
    }

    /// Where `section` is, as the status line says it: in a book
    /// `guide/install.md › Install › From source`, else its breadcrumb.
    pub fn place_name(&self, section: usize) -> String {
        match &self.reader.book {
            Some(index) => index.location(&self.reader.doc, section),
            None => self.reader.doc.breadcrumb(section),
        }
    }

    /// A backlink as the list shows it: `path › section: text`.
    pub fn backlink_row(&self, link: usize) -> String {
        let from = self.reader.doc.links[link].section as usize;
        let place = self.place_name(from);
        format!("{place}: {}", book::link_text(&self.reader.doc, link))
    }

    /// Narrows the list to the places whose row matches what is typed.
    pub(super) fn filter_backlinks(&mut self) {
        let Overlay::Prompt(p) = &self.overlay else {
            return;
        };
        let rows: Vec<(usize, String)> =
            p.pool.iter().map(|&l| (l, self.backlink_row(l))).collect();
        let found = crate::find::search::fuzzy_rows(&rows, p.input());
        if let Overlay::Prompt(p) = &mut self.overlay {
            p.candidates = found;
            p.selected = 0;
        }
    }

    /// Moves the view to where `link` is (the line of its text), as a jump.
    pub(super) fn go_to_link(&mut self, link: usize) {
        let Some(&l) = self.reader.doc.links.get(link) else {
            return;
        };
        let here = self.reader.spot();
        let offset = l.start as usize;
        let block = self.reader.doc.block_at_offset(offset);
        self.go_to_spot(super::Spot { block, offset });
        self.reveal_sideways(offset..l.end as usize);
        self.reader.link_cursor = Some(link);
        if self.reader.spot() != here {
            self.record_jump(here);
        }
        self.status.message = Some(format!("← {}", self.backlink_row(link)));
    }
}
