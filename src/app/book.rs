//! A book's search, by document: the sidebar's count on a document's
//! entry is the whole document's, and the match list (`&`) has a heading
//! row per document with its count above that document's matches.
//!
//! The list's rows are the matches with those headings among them: a
//! [`Group`] per run of matches in one document (or one folder heading),
//! found from the per-section counts, so nothing is searched again.

use std::sync::Arc;

use super::reader::Stamp;
use super::reload::spot_of;
use super::{App, Results, find};
use crate::load::book::BookIndex;
use crate::model::document::Document;
use crate::settings::state::Anchor;

/// The matches of one document (or of a folder's heading) in the match
/// list: a heading row, then its matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Its first match (an index into the search's matches).
    pub first: usize,
    /// How many matches it has.
    pub count: usize,
    /// What the heading row names: the document's path in the book, or
    /// the folder's title.
    pub name: String,
}

/// One row of the match list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultRow {
    /// A document's heading: the group's index.
    Heading(usize),
    /// A match: its index.
    Match(usize),
}

impl Results {
    /// How many rows the list has for `matches` matches.
    pub fn row_count(&self, matches: usize) -> usize {
        matches + self.groups.len()
    }

    /// The row match `m` is on.
    pub fn row_of(&self, m: usize) -> usize {
        m + self.groups.partition_point(|g| g.first <= m)
    }

    /// What row `row` holds.
    pub fn at_row(&self, row: usize) -> ResultRow {
        // Group g's heading is on row `first + g`, rising with g: the
        // headings at or before `row`, by halving.
        let (mut lo, mut hi) = (0, self.groups.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.groups[mid].first + mid <= row {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let before = lo;
        match before.checked_sub(1) {
            Some(g) if self.groups[g].first + g == row => ResultRow::Heading(g),
            _ => ResultRow::Match(row - before),
        }
    }
}

impl App {
    /// A new version of the book was loaded: put in place of the one on
    /// screen, or kept for when the book is shown again when a link led
    /// out of it.
    pub(super) fn book_reloaded(&mut self, doc: Document, index: Arc<BookIndex>) {
        let Some(old) = &self.reader.book else {
            if self.left_book.is_some() {
                self.left_book_update = Some((doc, index));
            }
            return;
        };
        // A book still being read (a stage of the fill, a document read
        // ahead of a search) never replaces a whole book, nor takes away
        // the document being read (the one a search went to). Others
        // read on screen may go back to being read for a moment: the
        // fill's next stage has them again.
        if index.unread > 0 {
            let here = old
                .part_of_section(self.current_section())
                .and_then(|p| old.parts.get(p))
                .filter(|p| !p.unread);
            if old.unread == 0
                || here.is_some_and(|h| index.parts.iter().any(|p| p.unread && p.name == h.name))
            {
                return;
            }
        }
        // The whole of a book whose first documents alone were read: not
        // news, but its notes are.
        let filled = old.unread > 0;
        // A search that found nothing in the part read goes to its first
        // match in the whole.
        let waiting = filled
            && self
                .reader
                .search
                .as_ref()
                .is_some_and(|s| s.matches.is_empty());
        // A stage of the fill: the rest is still being read.
        let unread = index.unread;
        self.reader.book = Some(index);
        self.reload(doc);
        if filled {
            self.status.message = match (unread, self.reader.doc.load_warning.clone()) {
                (0, warning) => warning,
                (n, None) => Some(format!("reading {n} more documents…")),
                (n, Some(w)) => Some(format!("reading {n} more documents… · {w}")),
            };
        }
        if waiting {
            self.finish_search();
            let query = match &self.reader.search {
                Some(s) if s.matches.is_empty() => Some(s.query.clone()),
                _ => None,
            };
            match query {
                // Kept for the next stage, as when the search was made.
                Some(q) if unread > 0 => {
                    self.status.message = Some(format!(
                        "{} yet ({unread} documents still being read)",
                        find::no_match(&q)
                    ));
                }
                Some(q) => {
                    self.reader.search = None;
                    self.status.message = Some(find::no_match(&q));
                }
                None => self.next_match(true, 1),
            }
        }
    }

    /// `Ctrl-o` back into the book a link led out of: its reader, kept,
    /// shown again at `at` (else where it was left), then any version
    /// loaded meanwhile put in place.
    pub(super) fn reopen_book(&mut self, at: Anchor, left_stamp: Option<Stamp>) {
        let Some(reader) = self.left_book.take() else {
            return;
        };
        let mut reader = *reader;
        let resume = spot_of(&reader.doc, &at).unwrap_or_else(|| reader.spot());
        self.open_reader(reader, None, Some(resume), left_stamp);
        if let Some((doc, index)) = self.left_book_update.take() {
            self.book_reloaded(doc, index);
        }
    }

    /// Whether the book the reader opened with waits, kept, behind the
    /// document on screen (a link led out of it).
    pub fn book_left(&self) -> bool {
        self.left_book.is_some()
    }

    /// The match count the sidebar shows on `section`'s row while a
    /// search is in force: its own matches; in a book, a document's entry
    /// counts the whole document, a folder's heading all under it.
    pub fn sidebar_count(&self, section: usize) -> Option<u32> {
        let search = self.reader.search.as_ref()?;
        let own = search.counts.get(section).copied()?;
        let Some(index) = &self.reader.book else {
            return Some(own);
        };
        let range = match index.part_of_section(section) {
            Some(p) if index.parts[p].sections.start as usize == section => {
                index.parts[p].sections.clone()
            }
            Some(_) => return Some(own),
            None => section as u32..self.reader.doc.sections[section].subtree_end,
        };
        Some(
            search
                .counts
                .get(range.start as usize..range.end as usize)
                .map_or(own, |c| c.iter().sum()),
        )
    }

    /// The match list's groups, one per document with matches, in a book
    /// (none otherwise), from the search's per-section counts.
    pub(super) fn result_groups(&self) -> Vec<Group> {
        let (Some(index), Some(search)) = (&self.reader.book, &self.reader.search) else {
            return Vec::new();
        };
        let doc = &self.reader.doc;
        let mut groups: Vec<Group> = Vec::new();
        // What the last group is of: a part, or a folder's section.
        let mut last: Option<Result<usize, usize>> = None;
        let mut seen = 0usize;
        for (section, &n) in search.counts.iter().enumerate() {
            if n == 0 {
                continue;
            }
            let of = index.part_of_section(section).ok_or(section);
            if last != Some(of) {
                let name = match of {
                    Ok(p) => index.parts[p].name.clone(),
                    Err(s) => doc.section_title(s).to_string(),
                };
                groups.push(Group {
                    first: seen,
                    count: 0,
                    name,
                });
                last = Some(of);
            }
            if let Some(g) = groups.last_mut() {
                g.count += n as usize;
            }
            seen += n as usize;
        }
        groups
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn results(firsts: &[usize]) -> Results {
        let mut r = Results::for_test();
        r.groups = firsts
            .iter()
            .map(|&first| Group {
                first,
                count: 0,
                name: String::new(),
            })
            .collect();
        r
    }

    #[test]
    fn rows_put_a_heading_before_each_group() {
        // Matches 0-2 in one document, 3-4 in the next.
        let r = results(&[0, 3]);
        let rows: Vec<ResultRow> = (0..r.row_count(5)).map(|row| r.at_row(row)).collect();
        use ResultRow::*;
        assert_eq!(
            rows,
            [
                Heading(0),
                Match(0),
                Match(1),
                Match(2),
                Heading(1),
                Match(3),
                Match(4)
            ]
        );
        for m in 0..5 {
            assert_eq!(r.at_row(r.row_of(m)), Match(m));
        }
    }

    #[test]
    fn without_groups_rows_are_matches() {
        let r = results(&[]);
        assert_eq!(r.row_count(3), 3);
        assert_eq!(r.row_of(2), 2);
        assert_eq!(r.at_row(1), ResultRow::Match(1));
    }
}
