//! Marks (`m` + letter, `'` + letter) and jumping back (`''`), like less
//! and vim. Places are kept as block + text offset, so they survive a
//! re-wrap at another width.

use super::{App, Overlay};
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
        self.reader.spot()
    }

    /// Moves the view to a spot (clamped like any scroll).
    pub(super) fn go_to_spot(&mut self, spot: Spot) {
        self.reader.top = self.reader.pos_of(spot);
        self.reader.spy.jump_target = None;
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
                let here = self.reader.spot();
                self.reader.marks.named.insert(c, here);
                self.reader.marks.away.remove(&c);
                self.status.message = Some(format!("mark {c} set"));
            }
            Pending::SetMark => self.status.message = Some("marks are letters: a–z, A–Z".into()),
            Pending::JumpMark if c == '\'' => match self.reader.marks.last_jump {
                Some(back) => {
                    let here = self.reader.spot();
                    self.go_to_spot(back);
                    self.record_jump(here);
                }
                None => self.status.message = Some("no earlier position yet".into()),
            },
            Pending::JumpMark => match self.reader.marks.named.get(&c).copied() {
                Some(spot) => {
                    let here = self.reader.spot();
                    self.go_to_spot(spot);
                    if self.reader.spot() != here {
                        self.record_jump(here);
                    }
                }
                None => {
                    self.status.message = Some(match self.reader.marks.away.get(&c) {
                        Some(away) => format!(
                            "mark {c}: its place (section {}) is not in this version",
                            crate::text::sanitize::sanitize(&away.section)
                        ),
                        None => format!("mark {c} is not set"),
                    })
                }
            },
        }
    }
}
