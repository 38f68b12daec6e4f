//! Links on screen: the labels (`o`, `C`), the link cursor (Tab), following
//! and copying. Where each piece of link text is drawn is the composed
//! frame's ([`super::frame`]), so drawing and the pointer agree on the
//! same cells.

use super::{App, Effect, Spot};
use crate::model::document::{BlockKind, NONE};
use crate::model::link::{Target, classify};

/// Label letters, home row first (as vimium and qutebrowser do).
const LABEL_LETTERS: &str = "asdfghjklqwertyuiopzxcvbnm";

/// What typing a label does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelsFor {
    /// Follow the link (`o`).
    Follow,
    /// Copy the link's address (`C`).
    Copy,
    /// Copy the code block's text (`Y`).
    CopyCode,
}

/// The labels shown over the links (`o`, `C`) or the code blocks (`Y`) on
/// screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    pub purpose: LabelsFor,
    /// Letters typed so far.
    pub typed: String,
    /// Each labelled thing: its label and its index, in the link table
    /// (`Follow`, `Copy`) or among the document's blocks (`CopyCode`).
    pub targets: Vec<(String, usize)>,
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

    /// Tab / Shift-Tab: the next or previous link on screen, wrapping; in
    /// chop mode also the links of the rows shown that lie to a side,
    /// scrolled to when the cursor moves to one.
    pub(super) fn move_link_cursor(&mut self, forward: bool) {
        let mut on_screen = self.links_on_screen();
        on_screen.extend(&self.composed.links_aside);
        on_screen.sort_unstable();
        on_screen.dedup();
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
        let link = on_screen[next];
        self.reader.link_cursor = Some(link);
        if !self.visible_links().iter().any(|p| p.link == link) {
            let l = self.reader.doc.links[link];
            self.reveal_sideways(l.start as usize..l.end as usize);
        }
        self.status.message = Some(self.describe_link(link));
    }

    /// `text → address` for the status line.
    fn describe_link(&self, link: usize) -> String {
        let l = &self.reader.doc.links[link];
        let text = &self.reader.doc.text()[l.start as usize..l.end as usize];
        format!("{text} → {}", self.reader.shown_target(link))
    }

    /// Opens the labels over the links (or the code blocks) on screen.
    pub(super) fn open_labels(&mut self, purpose: LabelsFor) {
        let on_screen = match purpose {
            LabelsFor::Follow | LabelsFor::Copy => self.links_on_screen(),
            LabelsFor::CopyCode => self.code_on_screen().into_iter().map(|(b, _)| b).collect(),
        };
        if on_screen.is_empty() {
            self.status.message = Some(match purpose {
                LabelsFor::CopyCode => "no code blocks on screen".into(),
                _ => "no links on screen".into(),
            });
            return;
        }
        let targets = labels(on_screen.len()).into_iter().zip(on_screen).collect();
        self.overlay = super::Overlay::Labels(Labels {
            purpose,
            typed: String::new(),
            targets,
        });
        self.status.message = Some(match purpose {
            LabelsFor::Follow => "follow: type a label (Esc cancels)".into(),
            LabelsFor::Copy => "copy: type a label (Esc cancels)".into(),
            LabelsFor::CopyCode => "copy code: type a label (Esc cancels)".into(),
        });
    }

    /// The code blocks on screen, in reading order, each with the row of
    /// its first line shown (where its label goes).
    pub fn code_on_screen(&self) -> Vec<(usize, u16)> {
        let doc = &self.reader.doc;
        let area = self.regions().text;
        let mut out = Vec::new();
        let mut block = self.reader.top.block;
        let mut line = self.reader.top.line;
        let mut y = area.y;
        while y < area.bottom() && block < doc.blocks.len() {
            let Some((lines, _)) = self.reader.layout.cached(block) else {
                break;
            };
            if matches!(doc.blocks[block].kind, BlockKind::Code { .. }) && line < lines.len() {
                out.push((block, y));
            }
            let rows = lines.len() + usize::from(crate::render::compose::blank_after(doc, block));
            let shown = rows.saturating_sub(line).min(usize::from(u16::MAX)) as u16;
            y = y.saturating_add(shown);
            block += 1;
            line = 0;
        }
        out
    }

    /// Copies code block `block`'s text exactly as written (no language
    /// line, no `↪`), through the `clipboard` setting.
    pub fn copy_code(&mut self, block: usize) {
        let doc = &self.reader.doc;
        let Some(b) = doc.blocks.get(block) else {
            return;
        };
        let BlockKind::Code { lang } = b.kind else {
            return;
        };
        let mut text = doc.code_as_written(b.range());
        text.truncate(text.trim_end_matches('\n').len());
        let info = (lang != NONE)
            .then(|| doc.langs.get(lang as usize))
            .flatten()
            .map_or("", |l| &**l);
        let word = crate::render::highlight::language_word(info);
        let lines = text.lines().count().max(1);
        let mut what = format!("{lines} line{}", if lines == 1 { "" } else { "s" });
        if !word.is_empty() {
            what.push_str(&format!(" of {}", crate::text::sanitize::sanitize(&word)));
        }
        let extension = crate::render::highlight::syntax_for(info)
            .and_then(|s| s.file_extensions.first())
            .filter(|e| e.bytes().all(|b| b.is_ascii_alphanumeric()))
            .map_or_else(|| "txt".to_string(), |e| e.to_string());
        self.effects.push(Effect::CopyCode {
            text,
            what,
            extension,
            osc52: self.options.clipboard_osc52,
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
            .targets
            .iter()
            .filter(|(label, _)| label.starts_with(&typed))
            .cloned()
            .collect();
        match matching.as_slice() {
            [] => {
                self.overlay = super::Overlay::None;
                let what = match purpose {
                    LabelsFor::CopyCode => "code block",
                    _ => "link",
                };
                self.status.message = Some(format!("no {what} labelled {typed}"));
            }
            [(label, target)] if *label == typed => {
                self.overlay = super::Overlay::None;
                match purpose {
                    LabelsFor::Follow => {
                        self.reader.link_cursor = Some(*target);
                        self.follow(*target);
                    }
                    LabelsFor::Copy => {
                        self.reader.link_cursor = Some(*target);
                        self.copy(*target);
                    }
                    LabelsFor::CopyCode => self.copy_code(*target),
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
            Target::Missing { section, id } => {
                // As a link to another file's missing `#id`: that
                // document's top, and why not further.
                let from = self.reader.spot();
                self.jump_to_section(section);
                if self.reader.spot() != from {
                    self.record_jump(from);
                }
                self.status.message = Some(format!(
                    "→ {}; no section #{id} there",
                    self.place_name(section)
                ));
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
        let address = self.reader.shown_target(link).to_string();
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
