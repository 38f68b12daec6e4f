//! Links on screen: the labels (`o`, `C`), the link cursor (Tab), following
//! and copying. Where each piece of link text is drawn is the composed
//! frame's ([`super::frame`]), so drawing and the pointer agree on the
//! same cells.

use super::{App, Effect, Spot};
use crate::model::link::{Target, classify};

/// Label letters, home row first (as vimium and qutebrowser do).
const LABEL_LETTERS: &str = "asdfghjklqwertyuiopzxcvbnm";

/// What typing a label does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelsFor {
    Follow,
    Copy,
}

/// The labels shown over the links on screen (`o`, `C`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    pub purpose: LabelsFor,
    /// Letters typed so far.
    pub typed: String,
    /// Each labelled link: its label and its index in the link table.
    pub links: Vec<(String, usize)>,
}

/// `n` labels, all the same length so none is the start of another: one
/// letter each while there are few enough, else two.
pub fn labels(n: usize) -> Vec<String> {
    let letters: Vec<char> = LABEL_LETTERS.chars().collect();
    let k = letters.len();
    if n <= k {
        return letters[..n].iter().map(|c| c.to_string()).collect();
    }
    (0..n.min(k * k))
        .map(|i| [letters[i / k], letters[i % k]].iter().collect())
        .collect()
}

impl App {
    /// The links on screen, each once, in reading order.
    pub fn links_on_screen(&self) -> Vec<usize> {
        let mut links: Vec<usize> = self.visible_links().iter().map(|p| p.link).collect();
        links.sort_unstable();
        links.dedup();
        links
    }

    /// Tab / Shift-Tab: the next or previous link on screen, wrapping.
    pub(super) fn move_link_cursor(&mut self, forward: bool) {
        let on_screen = self.links_on_screen();
        if on_screen.is_empty() {
            self.reader.link_cursor = None;
            self.status.message = Some("no links on screen".into());
            return;
        }
        let at = self
            .reader
            .link_cursor
            .and_then(|l| on_screen.iter().position(|&x| x == l));
        let next = match (at, forward) {
            (None, true) => 0,
            (None, false) => on_screen.len() - 1,
            (Some(i), true) => (i + 1) % on_screen.len(),
            (Some(i), false) => (i + on_screen.len() - 1) % on_screen.len(),
        };
        self.reader.link_cursor = Some(on_screen[next]);
        self.status.message = Some(self.describe_link(on_screen[next]));
    }

    /// `text → address` for the status line.
    fn describe_link(&self, link: usize) -> String {
        let l = &self.reader.doc.links[link];
        let text = &self.reader.doc.text()[l.start as usize..l.end as usize];
        format!("{text} → {}", self.reader.doc.link_target(link))
    }

    /// Opens the labels over the links on screen.
    pub(super) fn open_labels(&mut self, purpose: LabelsFor) {
        let on_screen = self.links_on_screen();
        if on_screen.is_empty() {
            self.status.message = Some("no links on screen".into());
            return;
        }
        let links = labels(on_screen.len()).into_iter().zip(on_screen).collect();
        self.overlay = super::Overlay::Labels(Labels {
            purpose,
            typed: String::new(),
            links,
        });
        self.status.message = Some(match purpose {
            LabelsFor::Follow => "follow: type a label (Esc cancels)".into(),
            LabelsFor::Copy => "copy: type a label (Esc cancels)".into(),
        });
    }

    /// A key while the labels are shown.
    pub(super) fn labels_action(&mut self, action: crate::settings::keymap::Command) {
        let super::Overlay::Labels(labels) = &mut self.overlay else {
            return;
        };
        let crate::settings::keymap::Command::Insert(c) = action else {
            // Esc, or anything else: no label.
            self.overlay = super::Overlay::None;
            return;
        };
        labels.typed.push(c.to_ascii_lowercase());
        let typed = labels.typed.clone();
        let purpose = labels.purpose;
        let matching: Vec<(String, usize)> = labels
            .links
            .iter()
            .filter(|(label, _)| label.starts_with(&typed))
            .cloned()
            .collect();
        match matching.as_slice() {
            [] => {
                self.overlay = super::Overlay::None;
                self.status.message = Some(format!("no link labelled {typed}"));
            }
            [(label, link)] if *label == typed => {
                self.overlay = super::Overlay::None;
                self.reader.link_cursor = Some(*link);
                match purpose {
                    LabelsFor::Follow => self.follow(*link),
                    LabelsFor::Copy => self.copy(*link),
                }
            }
            // A first letter of two-letter labels: wait for the second.
            _ => {}
        }
    }

    /// Follows link `link` of the document.
    pub fn follow(&mut self, link: usize) {
        if link >= self.reader.doc.links.len() {
            return;
        }
        let target = self.reader.doc.link_target(link);
        match classify(target, &self.reader.doc, self.reader.dir.as_deref()) {
            Target::Section(section) => {
                let from = self.reader.spot();
                self.jump_to_section(section);
                if self.reader.spot() != from {
                    self.record_jump(from);
                }
                self.status.message = Some(format!("→ {}", self.place_name(section)));
            }
            Target::Block { section, block } => {
                // An anchor's block (a footnote's definition): its first line
                // at the top.
                let from = self.reader.spot();
                let Some(offset) = self.reader.doc.blocks.get(block).map(|b| b.start as usize)
                else {
                    return;
                };
                self.go_to_spot(Spot { block, offset });
                if self.reader.spot() != from {
                    self.record_jump(from);
                }
                self.status.message = Some(format!("→ {}", self.place_name(section)));
            }
            Target::Broken { id } => {
                self.status.message = Some(format!("broken link: no section #{id} here"));
            }
            Target::Web(url) => self.effects.push(Effect::OpenUrl(url)),
            Target::Document { path, fragment } => {
                // Ctrl-o comes back here; a failed load leaves the view
                // where it is and the jump list as it was.
                let from = self.reader.spot();
                let before = self.jumps.clone();
                self.record_jump(from);
                self.opening_elsewhere(before);
                self.effects.push(Effect::OpenDocument {
                    path,
                    anchor: fragment,
                    at: None,
                });
            }
            Target::FromRoot {
                dir,
                path,
                fragment,
            } => {
                let from = self.reader.spot();
                let before = self.jumps.clone();
                self.record_jump(from);
                self.opening_elsewhere(before);
                self.effects.push(Effect::OpenFromRoot {
                    dir,
                    path,
                    anchor: fragment,
                });
            }
            Target::Refused(why) => self.status.message = Some(format!("not opened: {why}")),
        }
    }

    /// Copies link `link`'s address: to the clipboard through the terminal
    /// when the config allows it, else shown whole in the status line.
    pub fn copy(&mut self, link: usize) {
        if link >= self.reader.doc.links.len() {
            return;
        }
        let address = self.reader.doc.link_target(link).to_string();
        if self.options.clipboard_osc52 {
            self.effects.push(Effect::Copy(address));
        } else {
            self.status.message = Some(address);
        }
    }

    /// Keeps the link cursor on a link that is on screen.
    pub(super) fn settle_link_cursor(&mut self) {
        if let Some(link) = self.reader.link_cursor
            && !self.visible_links().iter().any(|p| p.link == link)
        {
            self.reader.link_cursor = None;
        }
    }

    /// The link drawn at a screen cell, if any.
    pub fn link_at(&self, x: u16, y: u16) -> Option<usize> {
        self.visible_links()
            .iter()
            .find(|p| p.y == y && p.x.contains(&x))
            .map(|p| p.link)
    }
}
