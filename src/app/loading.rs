//! Progressive open: a large document's first part is on screen while the
//! rest is read on a thread. Keys work on what is there; those that need
//! the rest (`G`, `%`, `]` past the last section read, the go-to list)
//! wait, and every key after one that waits waits too, in order: all are
//! carried out when the whole document arrives, never dropped. The whole
//! document then takes the first part's place: its blocks are the first
//! part's, so every place (the view, marks, jumps) stays exactly where it
//! was; when they are not (see [`extends`]), places are carried by anchor
//! as a reload carries them.
//!
//! A key that waits may change what the keys after it mean (`:` opens a
//! prompt: `raid` is then typed into it, Enter accepts it, Esc closes
//! it): unless every key waiting keeps the reader reading, the keys after
//! it wait as keys ([`Msg::Key`]), read as commands only when carried out.

use super::{App, Msg, Overlay};
use crate::model::document::Document;
use crate::render::layout::Pos;
use crate::settings::keymap::{Command, Context, Key};

/// A document still being read.
#[derive(Debug, Clone, Default)]
pub struct Loading {
    /// How much has been read, as the status line says it.
    pub percent: u8,
    /// Keys that wait for the rest, oldest first.
    pub(super) waiting: Vec<Waiting>,
    /// `--section` naming a section not read yet: jumped to when it is.
    pub section: Option<String>,
    /// The file being read: another document may be on screen by the
    /// time it is (a followed link).
    pub file: Option<std::sync::Arc<std::path::Path>>,
    /// The id of the section the document was left in, further down than
    /// the first part: the reader opens there once it is read, unless
    /// the user moved meanwhile.
    pub resume: Option<String>,
    /// A search that found nothing in the first part, and the top of the
    /// view then: run again over the whole, it moves to its first match
    /// unless the view moved meanwhile.
    pub(super) search_from: Option<Pos>,
}

/// A key that waits for the rest of the document.
#[derive(Debug, Clone)]
pub(super) enum Waiting {
    /// Read as a command when it was pressed, with its count.
    Command(Command, Option<u32>),
    /// Read when it is carried out, in the context it is carried out in.
    Key(Key),
}

impl Loading {
    /// Keys waiting for the rest of the document.
    pub fn waiting(&self) -> usize {
        self.waiting.len()
    }

    /// Whether the keys waiting leave the reader reading the text, so that
    /// a key pressed now means what it would mean once they are carried
    /// out. Any other (a prompt opened, a key not read yet) and later keys
    /// wait as keys.
    fn context_kept(&self) -> bool {
        context_kept(&self.waiting)
    }
}

/// Whether the keys `waiting` leave the reader reading the text (see
/// [`Loading::context_kept`]).
pub(super) fn context_kept(waiting: &[Waiting]) -> bool {
    waiting.iter().all(|w| {
        matches!(
            w,
            Waiting::Command(
                Command::LineDown
                    | Command::LineUp
                    | Command::PageDown
                    | Command::PageUp
                    | Command::HalfPageDown
                    | Command::HalfPageUp
                    | Command::Top
                    | Command::Bottom
                    | Command::NextSection
                    | Command::PrevSection
                    | Command::NextParagraph
                    | Command::PrevParagraph
                    | Command::Percent
                    | Command::ScrollLeft
                    | Command::ScrollRight
                    | Command::SearchNext
                    | Command::SearchPrev
                    | Command::Wheel { .. }
                    | Command::WheelSideways { .. },
                _
            )
        )
    })
}

/// Whether `whole` holds every block of `part` as `part` has it: the same
/// text, blocks, section titles, ids and numbers, and the same title. The
/// part's last block may go on in the whole (a paragraph cut inside).
pub fn extends(part: &Document, whole: &Document) -> bool {
    let (pb, wb) = (&part.blocks, &whole.blocks);
    let Some((last, before)) = pb.split_last() else {
        return part.title == whole.title;
    };
    let end = last.end as usize;
    part.title == whole.title
        && pb.len() <= wb.len()
        && part.sections.len() <= whole.sections.len()
        && before[..] == wb[..before.len()]
        && wb.get(before.len()).is_some_and(|w| {
            (w.kind, w.section, w.start, w.frame())
                == (last.kind, last.section, last.start, last.frame())
                && w.end >= last.end
        })
        && whole.text().get(..end) == part.text().get(..end)
        && (0..part.sections.len()).all(|s| {
            part.section_id(s) == whole.section_id(s)
                && part.section_number(s).to_string() == whole.section_number(s).to_string()
                && part.sections[s].heading_block == whole.sections[s].heading_block
        })
}

impl App {
    /// The load under way, if the document is still being read.
    pub fn loading(&self) -> Option<&Loading> {
        self.loading.as_ref()
    }

    /// Whether keys wait for the rest of the document: keys pressed now
    /// are sent as [`Msg::Key`], to be read when they are carried out.
    pub fn keys_wait(&self) -> bool {
        self.loading.as_ref().is_some_and(|l| !l.waiting.is_empty())
            || !self.rewrap_waiting.is_empty()
    }

    /// A key sent as a key: the command it means here and now, or `None`
    /// when it waits (behind a key that may change what it means) or means
    /// nothing here.
    pub(super) fn command_for_key(&mut self, key: Key) -> Option<Command> {
        if let Some(loading) = &mut self.loading
            && !loading.waiting.is_empty()
            && !loading.context_kept()
        {
            loading.waiting.push(Waiting::Key(key));
            return None;
        }
        if !self.rewrap_waiting.is_empty() && !context_kept(&self.rewrap_waiting) {
            self.rewrap_waiting.push(Waiting::Key(key));
            return None;
        }
        self.options.keymap.command_for_key(self.context(), key)
    }

    /// Carries out the keys that waited, in order, each as it would have
    /// been had the whole document been there.
    pub(super) fn replay(&mut self, waiting: Vec<Waiting>) {
        for w in waiting {
            match w {
                Waiting::Command(command, count) => {
                    self.status.count = count;
                    self.update(Msg::Command(command));
                }
                Waiting::Key(key) => {
                    self.update(Msg::Key(key));
                }
            }
        }
    }

    /// What the status line says while the rest is read, beside any
    /// message: how far, the keys waiting, where it will open.
    pub fn loading_note(&self) -> Option<String> {
        let l = self.loading.as_ref()?;
        let waits = if l.waiting.is_empty() {
            String::new()
        } else {
            match l.waiting.len() {
                1 => " · 1 key waits for the rest".to_string(),
                n => format!(" · {n} keys wait for the rest"),
            }
        };
        let section = l
            .section
            .as_ref()
            .map(|s| format!(" · opens at section {s:?} when read"))
            .unwrap_or_default();
        let resume = match &l.resume {
            Some(id) if self.resumes_when_read() => {
                format!(" · opens where you left it (#{id}) when read")
            }
            _ => String::new(),
        };
        Some(format!("loading {}%{waits}{section}{resume}", l.percent))
    }

    /// Where a key still wrapping a long block goes (the view stays
    /// until it is there), and the keys waiting for a re-wrap to reach
    /// the place it keeps.
    fn rewrap_note(&self) -> Option<String> {
        let going = match self.reader.wrap_goal {
            Some(super::WrapGoal::End) => Some("going to the end…"),
            Some(super::WrapGoal::Line(_)) => Some("going to the line…"),
            _ => None,
        };
        match (going, self.rewrap_waiting.len()) {
            (Some(g), _) => Some(g.to_string()),
            (None, 0) => None,
            (None, 1) => Some("re-wrapping · 1 key waits".to_string()),
            (None, n) => Some(format!("re-wrapping · {n} keys wait")),
        }
    }

    /// What the status line says on its left: the message, and while the
    /// rest is read, how far it is (neither hides the other).
    pub fn status_text(&self) -> Option<String> {
        let note = match (self.loading_note(), self.rewrap_note()) {
            (Some(l), Some(r)) => Some(format!("{r} · {l}")),
            (l, r) => r.or(l),
        };
        match (&self.status.message, note) {
            (Some(m), Some(note)) => Some(format!("{m} · {note}")),
            (Some(m), None) => Some(m.clone()),
            (None, note) => note,
        }
    }

    /// Whether the place the document was left, further down, is still
    /// where it opens once read: the user has not moved, and no key waits.
    pub fn resumes_when_read(&self) -> bool {
        self.loading.as_ref().is_some_and(|l| {
            l.resume.is_some() && l.waiting.is_empty() && self.reader.top == Pos::default()
        })
    }

    /// Whether the document on screen is only its first part.
    pub fn partial(&self) -> bool {
        self.loading
            .as_ref()
            .is_some_and(|l| l.file == self.reader.file)
    }

    /// A search found nothing in the first part: it is kept, to run again
    /// over the whole, and the message says so.
    pub(super) fn no_match_yet(&mut self, query: &str) -> bool {
        let top = self.reader.top;
        let Some(l) = self.loading.as_mut().filter(|l| l.file == self.reader.file) else {
            return false;
        };
        l.search_from = Some(top);
        self.status.message = Some(format!(
            "no match yet for {:?}",
            crate::text::sanitize::sanitize(query)
        ));
        true
    }

    /// Whether `command` (with `count`) must wait for the rest of the
    /// document; if so, it is kept to be carried out then.
    pub(super) fn held_for_load(&mut self, command: &Command, count: Option<u32>) -> bool {
        let Some(loading) = &self.loading else {
            return false;
        };
        let needs_rest = match (self.context(), command) {
            (_, Command::Quit) => false,
            // In order: nothing overtakes a key that waits.
            _ if !loading.waiting.is_empty() => true,
            (Context::Text, Command::Bottom | Command::Percent | Command::GoToSection) => true,
            (Context::Text, Command::NextSection) => {
                let by = count.unwrap_or(1).max(1) as usize;
                self.current_section().saturating_add(by) >= self.reader.doc.sections.len()
            }
            _ => false,
        };
        if needs_rest && let Some(loading) = &mut self.loading {
            loading
                .waiting
                .push(Waiting::Command(command.clone(), count));
        }
        needs_rest
    }

    /// How much has been read now.
    pub(super) fn load_progress(&mut self, percent: u8) {
        if let Some(l) = &mut self.loading {
            l.percent = l.percent.max(percent.min(99));
        }
    }

    /// The whole document arrived: it takes the first part's place, the
    /// search runs again over it, and the keys that waited are carried
    /// out.
    pub(super) fn loaded(&mut self, mut doc: Document, source_hash: u64) {
        // A reload (the file changed meanwhile) came first: it is newer.
        let Some(loading) = self.loading.take() else {
            return;
        };
        if self.reader.file != loading.file {
            // Left for another document: its kept reader gets the rest.
            if let Some(r) = self.recent.iter_mut().find(|r| r.file == loading.file)
                && extends(&r.doc, &doc)
            {
                doc.set_numbers(self.options.numbers);
                drop(r.replace_doc(doc));
                r.source_hash = source_hash;
            }
            return;
        }
        self.reader.source_hash = source_hash;
        // A search that found nothing yet follows to its first match, if
        // the view is where it was when it was made.
        let follow = loading.search_from == Some(self.reader.top);
        // Invalid UTF-8 past the first part is said once it is reached.
        let warning = doc
            .load_warning
            .clone()
            .filter(|_| self.reader.doc.load_warning.is_none());
        let said = if extends(&self.reader.doc, &doc) {
            doc.set_numbers(self.options.numbers);
            let top = self.reader.spot();
            let jump_target = self.reader.spy.jump_target;
            let search = self.reader.search.take().map(|s| (s.query, s.regex));
            drop(self.reader.replace_doc(doc));
            self.lay_out_anew(self.reader.layout.width());
            self.reader.top = self.reader.pos_of(top);
            self.reader.spy.jump_target = jump_target;
            if matches!(self.overlay, Overlay::Results(_)) {
                self.overlay = Overlay::None;
            }
            if let Some((query, regex)) = search {
                self.rerun_search(query, regex, follow);
            }
            self.carry_prompt();
            "loaded".to_string()
        } else {
            // A second level-1 heading further down made the first a
            // section, or a reference defined further down made text a
            // link: places go by their anchors.
            self.reload(doc);
            if follow && let Some(s) = self.reader.search.take() {
                self.rerun_search(s.query, s.regex, true);
            }
            "loaded (the first part read differently once the rest was there: kept your place by section)"
                .to_string()
        };
        self.status.message = Some(match warning {
            Some(warning) => format!("{said} · {warning}"),
            None => said,
        });
        if let Some(key) = loading.section {
            let found = self.reader.doc.find_section(&key).or_else(|| {
                crate::find::search::fuzzy_scores(&self.reader.doc, &key)
                    .first()
                    .map(|&(s, _)| s)
            });
            match found {
                Some(section) => {
                    self.jump_to_section(section);
                    self.status.message =
                        Some(format!("→ {}", self.reader.doc.breadcrumb(section)));
                }
                None => self.status.message = Some(format!("no section with id or title {key:?}")),
            }
        }
        self.replay(loading.waiting);
    }

    /// A reload put a whole newer version on screen: the keys that waited
    /// are carried out on it.
    pub(super) fn load_failed_quietly(&mut self) {
        let waiting = self.loading.take().map(|l| l.waiting).unwrap_or_default();
        self.replay(waiting);
    }

    /// Reading the rest failed: what was read stays, with the error, as a
    /// failed reload's does.
    pub(super) fn load_failed(&mut self, error: String) {
        self.load_failed_quietly();
        self.reload_failed(format!("only the first part was read: {error}"));
    }
}
