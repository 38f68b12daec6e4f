//! Marks (`m` + letter, `'` + letter) and jumping back (`''`), like less
//! and vim. Places are kept as block + text offset, so they survive a
//! re-wrap at another width.

use super::{App, Overlay};
use crate::render::layout::Pos;
use crate::settings::keymap::Command;

/// A place in the document independent of the wrap width: a block and the
/// offset (in the document text) where the top line starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Spot {
    pub block: usize,
    pub offset: usize,
}

/// A key that waits for the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    SetMark,
    JumpMark,
    /// `Z`, waiting for the second `Z` of `ZZ`.
    Quit,
}

impl App {
    /// Where the view is, as a width-independent spot.
    pub fn spot(&mut self) -> Spot {
        self.spot_of(self.top)
    }

    pub(super) fn spot_of(&mut self, pos: Pos) -> Spot {
        let offset = self.offset_of(pos);
        Spot {
            block: pos.block.min(self.doc.blocks.len().saturating_sub(1)),
            offset,
        }
    }

    /// The position of a spot at the current width.
    pub(super) fn pos_of(&mut self, spot: Spot) -> Pos {
        let Some(last) = self.doc.blocks.len().checked_sub(1) else {
            return Pos::default();
        };
        let block = spot.block.min(last);
        let line = self.layout.line_containing(&self.doc, block, spot.offset);
        Pos { block, line }
    }

    /// Moves the view to a spot (clamped like any scroll).
    pub(super) fn go_to_spot(&mut self, spot: Spot) {
        self.top = self.pos_of(spot);
        self.spy.jump_target = None;
        self.clamp_top();
    }

    pub(super) fn mark_action(&mut self, action: Command) {
        let Overlay::Pending(pending) = self.overlay else {
            return;
        };
        self.overlay = Overlay::None;
        let Command::Insert(c) = action else {
            // Esc or anything else: no mark.
            return;
        };
        match pending {
            // `ZZ` is bound in its own context; any other key cancels.
            Pending::Quit => {}
            Pending::SetMark if c.is_ascii_alphabetic() => {
                let here = self.spot();
                self.marks.named.insert(c, here);
                self.status.message = Some(format!("mark {c} set"));
            }
            Pending::SetMark => self.status.message = Some("marks are letters: a–z, A–Z".into()),
            Pending::JumpMark if c == '\'' => match self.marks.last_jump {
                Some(back) => {
                    let here = self.spot();
                    self.go_to_spot(back);
                    self.record_jump(here);
                }
                None => self.status.message = Some("no earlier position yet".into()),
            },
            Pending::JumpMark => match self.marks.named.get(&c).copied() {
                Some(spot) => {
                    let here = self.spot();
                    self.go_to_spot(spot);
                    if self.spot() != here {
                        self.record_jump(here);
                    }
                }
                None => self.status.message = Some(format!("mark {c} is not set")),
            },
        }
    }
}
