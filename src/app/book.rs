//! A book's search, by document: the sidebar's count on a document's
//! entry is the whole document's, and the match list (`&`) has a heading
//! row per document with its count above that document's matches.
//!
//! The list's rows are the matches with those headings among them: a
//! [`Group`] per run of matches in one document (or one folder heading),
//! found from the per-section counts, so nothing is searched again.

use super::{App, Results};

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
