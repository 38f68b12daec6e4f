//! The jump list, like vim's: every jump (a section, a search, a mark, the
//! top or end, a followed link) records where the view was, `Ctrl-o` goes
//! back through those places and the forward key returns. `''` (in
//! `marks`) keeps its own meaning: a swap with the place before the last
//! jump.
//!
//! A new jump made after going back drops the places ahead of it, as a
//! browser's history does (vim's `jumpoptions=stack`): going back and then
//! following another path should not leave the old path in between.
//!
//! A followed link to another document is a jump too: the places of a
//! document left behind are kept by file and structural anchor, and going
//! back to one asks the event loop to open that document again there.
//! A link out of a book leaves the book's places as [`Place::Book`]:
//! going back to one shows the book's reader, kept, again.

use std::path::Path;
use std::sync::Arc;

use super::effect::Effect;
use super::{App, Spot};
use crate::settings::state::Anchor;

/// A place of the jump list: in the document on screen, or in another
/// document's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    Here(Spot),
    Elsewhere {
        file: Arc<Path>,
        anchor: Anchor,
    },
    /// A place in the book the reader opened with, while a document a
    /// link led to out of it is on screen: a book has no file to name,
    /// and a run has one book at most.
    Book {
        anchor: Anchor,
    },
}

/// Places kept; the oldest go first (vim keeps 100).
pub const JUMPS_KEPT: usize = 100;

#[derive(Debug, Clone, Default)]
pub struct JumpList {
    /// Oldest first.
    entries: Vec<Place>,
    /// Where `Ctrl-o` / forward stand: `entries.len()` while not going
    /// through the list (the view is at none of its places).
    index: usize,
}

impl JumpList {
    /// Places before the current one, and after it.
    pub fn depth(&self) -> (usize, usize) {
        let back = self.index.min(self.entries.len());
        (back, self.entries.len().saturating_sub(self.index + 1))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Records `from`, the place a jump leaves.
    fn push(&mut self, from: Place) {
        // A jump from a place reached with Ctrl-o replaces that place and
        // drops the ones after it.
        self.entries.truncate(self.index);
        self.entries.retain(|s| *s != from);
        self.entries.push(from);
        if self.entries.len() > JUMPS_KEPT {
            self.entries.remove(0);
        }
        self.index = self.entries.len();
    }

    /// The place `steps` back from `here`, which is recorded first when the
    /// view is not on a place of the list, so forward can return to it.
    fn back(&mut self, here: Place, steps: usize) -> Option<Place> {
        if self.index >= self.entries.len() {
            if self.entries.last() != Some(&here) {
                self.entries.push(here);
                if self.entries.len() > JUMPS_KEPT {
                    self.entries.remove(0);
                }
            }
            self.index = self.entries.len() - 1;
        }
        let target = self.index.checked_sub(steps.max(1))?;
        self.index = target;
        self.entries.get(target).cloned()
    }

    /// Carries every place over to a new version of the document (`f`
    /// gives a place's new spot); places that are gone are dropped.
    pub(super) fn carry(&mut self, mut f: impl FnMut(Spot) -> Option<Spot>) {
        self.map(|place| match place {
            Place::Here(spot) => f(spot).map(Place::Here),
            elsewhere => Some(elsewhere),
        });
    }

    /// Gives every place anew (`f`); places it drops are dropped.
    pub(super) fn map(&mut self, mut f: impl FnMut(Place) -> Option<Place>) {
        let going_through = self.index < self.entries.len();
        let mut index = 0;
        let old = std::mem::take(&mut self.entries);
        for (i, spot) in old.into_iter().enumerate() {
            if let Some(spot) = f(spot) {
                index += usize::from(i < self.index);
                self.entries.push(spot);
            }
        }
        self.entries.dedup();
        self.index = if going_through {
            index.min(self.entries.len().saturating_sub(1))
        } else {
            self.entries.len()
        };
    }

    /// The place `steps` forward, if the view went back before.
    fn forward(&mut self, steps: usize) -> Option<Place> {
        if self.index + 1 >= self.entries.len() {
            return None;
        }
        self.index = (self.index + steps.max(1)).min(self.entries.len() - 1);
        self.entries.get(self.index).cloned()
    }
}

impl App {
    /// A jump left `from`: `''` and `Ctrl-o` come back to it.
    pub(super) fn record_jump(&mut self, from: Spot) {
        self.reader.marks.last_jump = Some(from);
        self.jumps.push(Place::Here(from));
    }

    /// `Ctrl-o`: back `steps` places in the jump list.
    pub(super) fn jump_back(&mut self, steps: usize) {
        let here = self.reader.spot();
        let before = self.jumps.clone();
        match self.jumps.back(Place::Here(here), steps) {
            Some(place) => self.go_to_jump(here, place, before),
            None => self.status.message = Some("no older jump".into()),
        }
    }

    /// The forward key: forward `steps` places after going back.
    pub(super) fn jump_forward(&mut self, steps: usize) {
        let here = self.reader.spot();
        let before = self.jumps.clone();
        match self.jumps.forward(steps) {
            Some(place) => self.go_to_jump(here, place, before),
            None => self.status.message = Some("no newer jump".into()),
        }
    }

    /// The jump list `before` a jump to another document is put back if
    /// that document does not load (the first of several loads started
    /// before one ended is the one to go back to).
    pub(super) fn opening_elsewhere(&mut self, before: JumpList) {
        self.jumps_before_open.get_or_insert(before);
    }

    /// Another document is on screen: the jump to it stands.
    pub(super) fn opened_elsewhere(&mut self) {
        self.jumps_before_open = None;
    }

    /// Another document did not load: the jump list is as it was before
    /// the jump to it, and the error is said.
    pub(super) fn open_failed(&mut self, error: String) {
        if let Some(before) = self.jumps_before_open.take() {
            self.jumps = before;
        }
        self.status.message = Some(error);
    }

    fn go_to_jump(&mut self, here: Spot, place: Place, before: JumpList) {
        let spot = match place {
            Place::Here(spot) => spot,
            Place::Elsewhere { file, anchor } => {
                self.opening_elsewhere(before);
                self.effects.push(Effect::OpenDocument {
                    path: file.to_path_buf(),
                    anchor: None,
                    at: Some(anchor),
                });
                return;
            }
            Place::Book { anchor } => {
                if self.left_book.is_none() {
                    self.jumps = before;
                    self.status.message = Some("the book is no longer open".into());
                    return;
                }
                self.opening_elsewhere(before);
                self.effects.push(Effect::OpenBook { at: anchor });
                return;
            }
        };
        self.go_to_spot(spot);
        // Going through the list is not a jump of its own, but `''` swaps
        // with the place it left, as after any other move of this size.
        if self.reader.spot() != here {
            self.reader.marks.last_jump = Some(here);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(block: usize) -> Place {
        Place::Here(Spot { block, offset: 0 })
    }

    #[test]
    fn back_records_the_current_place_so_forward_returns() {
        let mut j = JumpList::default();
        j.push(s(1));
        assert_eq!(j.back(s(5), 1), Some(s(1)));
        assert_eq!(j.forward(1), Some(s(5)));
        assert_eq!(j.forward(1), None);
        assert_eq!(j.back(s(5), 1), Some(s(1)));
        assert_eq!(j.back(s(1), 1), None);
    }

    #[test]
    fn a_new_jump_after_going_back_drops_the_places_ahead() {
        let mut j = JumpList::default();
        for b in [1, 2, 3] {
            j.push(s(b));
        }
        assert_eq!(j.back(s(4), 2), Some(s(2)));
        j.push(s(7));
        assert_eq!(j.depth(), (2, 0));
        assert_eq!(j.back(s(9), 1), Some(s(7)));
        assert_eq!(j.back(s(7), 1), Some(s(1)));
        assert_eq!(j.back(s(1), 1), None);
    }

    #[test]
    fn counts_stop_at_the_ends_and_places_are_not_repeated() {
        let mut j = JumpList::default();
        for b in [1, 2, 1, 3] {
            j.push(s(b));
        }
        assert_eq!(j.len(), 3, "the second 1 replaced the first");
        assert_eq!(j.back(s(4), 99), None);
        assert_eq!(j.back(s(4), 3), Some(s(2)));
        assert_eq!(j.forward(99), Some(s(4)));
    }

    #[test]
    fn the_list_keeps_the_newest_places() {
        let mut j = JumpList::default();
        for b in 0..JUMPS_KEPT + 10 {
            j.push(s(b));
        }
        assert_eq!(j.len(), JUMPS_KEPT);
        // Going back records the current place, which pushes out one more.
        assert_eq!(j.back(s(999), JUMPS_KEPT - 1), Some(s(11)));
        assert_eq!(j.back(s(11), 1), None);
    }
}
