//! Search, the match list and go-to-section: the parts of `update` that
//! deal with prompts and matches.

use std::ops::Range;

use tui_input::{Input, InputRequest};

use super::effect::Effect;
use super::{App, Overlay};
use crate::find::matches::{MatchList, Scan};
use crate::find::search::{self, LinkFilter, Matcher};
use crate::model::document::Document;
use crate::render::layout::Pos;
use crate::settings::keymap::Command;

/// Text searched per step (the `search_all_matches` and typing figures of
/// `benches/scale.rs` measure it), small enough that a search of a huge
/// document never blocks typing: the event loop runs steps only
/// while no key is waiting, and a new key replaces the search.
pub const SEARCH_STEP_BYTES: usize = 2 << 20;

/// Links the link list's filter scores per step (a few milliseconds), so
/// a key in a list of 500,000 links is answered at once and the list
/// fills in between keys.
pub const LINK_FILTER_STEP: usize = 20_000;

/// Steps of [`SEARCH_STEP_BYTES`] a backward search's Enter takes before
/// it leaves the rest for between keys (a few frames' worth).
const BACKWARD_ENTER_STEPS: usize = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    Search,
    GoTo,
    /// The link list (`L`): candidates are links.
    Links,
    /// The places linking here (`B`): candidates are links, out of
    /// [`Prompt::pool`].
    Backlinks,
}

/// A one-line input in the status line.
#[derive(Debug, Clone)]
pub struct Prompt {
    pub kind: PromptKind,
    /// A backward search (`?`).
    pub backward: bool,
    /// The text typed and the cursor in it.
    pub line: Input,
    pub regex: bool,
    /// Where the view was when the prompt opened (Esc goes back there).
    pub origin: Pos,
    origin_jump: Option<usize>,
    /// The sideways scroll then (chop mode): a match scrolled to while
    /// typing is left for it on Esc, and on each new letter.
    origin_xoff: usize,
    /// The search in force before the prompt opened.
    previous: Option<Search>,
    history_pos: Option<usize>,
    /// Go-to: matching sections, best first, and the selected one.
    pub candidates: Vec<usize>,
    /// Backlinks: every candidate there is, before filtering.
    pub pool: Vec<usize>,
    pub selected: usize,
    /// The link list's filter while it has links left to score, and the
    /// next link to score.
    filter: Option<(LinkFilter, usize)>,
}

impl Prompt {
    /// The text typed.
    pub fn input(&self) -> &str {
        self.line.value()
    }

    /// The text before and after the cursor.
    pub fn split_at_cursor(&self) -> (&str, &str) {
        let text = self.line.value();
        let at = text
            .char_indices()
            .nth(self.line.cursor())
            .map_or(text.len(), |(i, _)| i);
        text.split_at(at)
    }
}

/// Inserts pasted text at the cursor as one edit (so a search runs once,
/// not once a character). The prompt is one line: line breaks and tabs
/// become spaces, other control characters are dropped. Returns whether
/// the input changed.
fn paste(p: &mut Prompt, text: &str) -> bool {
    let pasted: String = text
        .chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect();
    if pasted.is_empty() {
        return false;
    }
    let (before, after) = p.split_at_cursor();
    let cursor = before.chars().count() + pasted.chars().count();
    let value = format!("{before}{pasted}{after}");
    p.line = Input::new(value).with_cursor(cursor);
    true
}

/// The line edit a prompt key asks for, if it is one.
fn line_edit(action: &Command) -> Option<InputRequest> {
    Some(match action {
        Command::Insert(c) => InputRequest::InsertChar(*c),
        Command::DeleteBack => InputRequest::DeletePrevChar,
        Command::DeleteForward => InputRequest::DeleteNextChar,
        Command::CursorLeft => InputRequest::GoToPrevChar,
        Command::CursorRight => InputRequest::GoToNextChar,
        Command::CursorHome => InputRequest::GoToStart,
        Command::CursorEnd => InputRequest::GoToEnd,
        _ => return None,
    })
}

/// A search in force: its matches and which one is current.
#[derive(Debug, Clone, PartialEq)]
pub struct Search {
    pub query: String,
    pub regex: bool,
    /// The compiled query (`None` when it could not be compiled).
    matcher: Option<Matcher>,
    /// In text order, stored compactly: read them with [`Search::get`]
    /// and [`Search::iter_from`].
    pub matches: MatchList,
    pub current: Option<usize>,
    /// Matches per section (sidebar counts).
    pub counts: Vec<u32>,
    /// Why the query could not be used (invalid regex).
    pub error: Option<String>,
    /// Begun with `?`: the current match is the last one before where
    /// it began, and `n` goes on backward.
    pub backward: bool,
    /// Work left when the search has not yet covered the whole document.
    job: Option<Job>,
}

impl Search {
    /// True while part of the document is still to be searched.
    pub fn in_progress(&self) -> bool {
        self.job.is_some()
    }

    /// Match `i` as a byte range of `doc`'s text.
    pub fn get(&self, doc: &Document, i: usize) -> Option<Range<usize>> {
        self.matcher
            .as_ref()
            .and_then(|m| self.matches.get(doc, m, i))
    }

    /// The current match.
    pub fn current_range(&self, doc: &Document) -> Option<Range<usize>> {
        self.current.and_then(|i| self.get(doc, i))
    }

    /// The matches from `i` on, with their indices.
    pub fn iter_from<'a>(
        &'a self,
        doc: &'a Document,
        i: usize,
    ) -> impl Iterator<Item = (usize, Range<usize>)> + 'a {
        self.matcher
            .as_ref()
            .into_iter()
            .flat_map(move |m| self.matches.iter_from(doc, m, i))
    }

    /// The matches overlapping `range`, with their indices (see
    /// [`MatchList::overlapping`]).
    pub fn overlapping(&self, doc: &Document, range: Range<usize>) -> Vec<(usize, Range<usize>)> {
        self.matcher
            .as_ref()
            .map_or_else(Vec::new, |m| self.matches.overlapping(doc, m, range))
    }

    /// Index of the first match starting at or after `offset`.
    pub fn first_at_or_after(&self, doc: &Document, offset: usize) -> usize {
        self.matcher
            .as_ref()
            .map_or(0, |m| self.matches.first_at_or_after(doc, m, offset))
    }
}

/// A search under way, and the offset of the line the view was on: the
/// first match at or after it becomes current.
#[derive(Debug, Clone, PartialEq)]
struct Job {
    scan: Scan,
    origin: usize,
    /// The view moves to the first match found (not after a reload).
    follow: bool,
}

/// The list of every match.
#[derive(Debug, Clone, PartialEq)]
pub struct Results {
    /// The selected match.
    pub selected: usize,
    /// The first row shown (a row is a match, or in a book a document's
    /// heading: [`Results::at_row`]).
    pub offset: usize,
    /// In a book, the matches by document (empty otherwise).
    pub groups: Vec<super::book::Group>,
    origin: Pos,
    origin_current: Option<usize>,
    origin_jump: Option<usize>,
    origin_xoff: usize,
}

impl App {
    pub(super) fn open_prompt(&mut self, kind: PromptKind) {
        let candidates = match kind {
            PromptKind::GoTo => (0..self.reader.doc.sections.len()).collect(),
            PromptKind::Links => (0..self.reader.doc.links.len()).collect(),
            PromptKind::Backlinks => self.backlinks_here(),
            PromptKind::Search => Vec::new(),
        };
        // The link list opens at the first link from the top of the view
        // on (the last before it past the last), not the document's first.
        let selected = match kind {
            PromptKind::Links if !candidates.is_empty() => {
                let top = self.reader.offset_of(self.reader.top) as u32;
                let links = &self.reader.doc.links;
                links
                    .partition_point(|l| l.start < top)
                    .min(links.len() - 1)
            }
            _ => 0,
        };
        self.overlay = Overlay::Prompt(Prompt {
            kind,
            backward: false,
            line: Input::default(),
            // A search starts as the last toggle left it (Ctrl-r in the
            // prompt), for the rest of the session; a recalled query
            // brings its own.
            regex: kind == PromptKind::Search && self.find.regex,
            origin: self.reader.top,
            origin_jump: self.reader.spy.jump_target,
            origin_xoff: self.reader.xoff,
            previous: self.reader.search.clone(),
            history_pos: None,
            pool: if kind == PromptKind::Backlinks {
                candidates.clone()
            } else {
                Vec::new()
            },
            candidates,
            selected,
            filter: None,
        });
    }

    /// Takes the prompt out of the overlay (to be put back or dropped).
    fn take_prompt(&mut self) -> Option<Prompt> {
        match std::mem::take(&mut self.overlay) {
            Overlay::Prompt(p) => Some(p),
            other => {
                self.overlay = other;
                None
            }
        }
    }

    fn prompt_mut(&mut self) -> Option<&mut Prompt> {
        match &mut self.overlay {
            Overlay::Prompt(p) => Some(p),
            _ => None,
        }
    }

    pub(super) fn prompt_action(&mut self, action: Command) {
        let Some(mut p) = self.take_prompt() else {
            return;
        };
        let edited = match action {
            Command::Accept => {
                self.overlay = Overlay::Prompt(p);
                self.accept_prompt();
                return;
            }
            Command::Close => {
                self.overlay = Overlay::Prompt(p);
                self.cancel_prompt();
                return;
            }
            // Backspace on an empty prompt closes it, like less and vim.
            Command::DeleteBack if p.input().is_empty() => {
                self.overlay = Overlay::Prompt(p);
                self.cancel_prompt();
                return;
            }
            Command::ClearInput => {
                p.line.reset();
                true
            }
            Command::Paste(text) => paste(&mut p, &text),
            Command::ToggleRegex => {
                p.regex = !p.regex;
                if p.kind == PromptKind::Search {
                    self.find.regex = p.regex;
                }
                true
            }
            Command::HistoryPrev | Command::HistoryNext => {
                self.recall(&mut p, action == Command::HistoryPrev)
            }
            Command::SelectNext => {
                if p.selected + 1 < p.candidates.len() {
                    p.selected += 1;
                }
                false
            }
            Command::SelectPrev => {
                p.selected = p.selected.saturating_sub(1);
                false
            }
            Command::CopyLink if p.kind == PromptKind::Links => {
                self.overlay = Overlay::Prompt(p);
                while self.link_filter_step() {}
                let Some(p) = self.take_prompt() else {
                    return;
                };
                let link = p.candidates.get(p.selected).copied();
                self.overlay = Overlay::Prompt(p);
                self.cancel_prompt();
                if let Some(link) = link {
                    self.copy(link);
                }
                return;
            }
            other => line_edit(&other)
                .and_then(|edit| p.line.handle(edit))
                .is_some_and(|changed| changed.value),
        };
        let kind = p.kind;
        self.overlay = Overlay::Prompt(p);
        if edited {
            match kind {
                PromptKind::Search => self.incremental_search(),
                PromptKind::GoTo => self.filter_sections(),
                PromptKind::Links => self.filter_links(),
                PromptKind::Backlinks => self.filter_backlinks(),
            }
        }
    }

    /// Starts filtering the link list for the prompt's text, and scores
    /// the first links.
    fn filter_links(&mut self) {
        let n = self.reader.doc.links.len();
        let Some(p) = self.prompt_mut() else {
            return;
        };
        p.selected = 0;
        if p.input().trim().is_empty() {
            p.candidates = (0..n).collect();
            p.filter = None;
        } else {
            p.candidates.clear();
            p.filter = Some((LinkFilter::new(p.input()), 0));
            self.link_filter_step();
        }
    }

    /// Scores the next links of the link list's filter. Returns whether
    /// there were any left.
    pub(super) fn link_filter_step(&mut self) -> bool {
        let doc = &self.reader.doc;
        let Overlay::Prompt(p) = &mut self.overlay else {
            return false;
        };
        let Some((filter, next)) = p.filter.as_mut() else {
            return false;
        };
        let end = (*next + LINK_FILTER_STEP).min(doc.links.len());
        filter.score(doc, *next..end);
        *next = end;
        p.candidates.clear();
        p.candidates.extend(filter.best_first());
        if end >= doc.links.len() {
            p.filter = None;
        }
        true
    }

    /// Whether the link list's filter has links left to score.
    pub fn link_filter_in_progress(&self) -> bool {
        matches!(&self.overlay, Overlay::Prompt(p) if p.filter.is_some())
    }

    /// ↑ / ↓ in the prompt: an earlier or later query of the history, and
    /// its regex flag. Returns whether the prompt changed.
    fn recall(&self, p: &mut Prompt, earlier: bool) -> bool {
        let history = &self.find.history;
        if history.is_empty() {
            return false;
        }
        p.history_pos = match (earlier, p.history_pos) {
            (true, None) => Some(history.len() - 1),
            (true, Some(i)) => Some(i.saturating_sub(1)),
            (false, Some(i)) if i + 1 < history.len() => Some(i + 1),
            _ => None,
        };
        let (input, regex) = p
            .history_pos
            .map(|i| history[i].clone())
            .unwrap_or_default();
        p.line = Input::new(input);
        p.regex = regex;
        true
    }

    fn filter_sections(&mut self) {
        let Overlay::Prompt(p) = &mut self.overlay else {
            return;
        };
        p.candidates = search::fuzzy_sections(&self.reader.doc, p.input());
        // A section named exactly (id, title or number) comes first, so
        // Enter goes there, even for `:x` or `:q`.
        if let Some(exact) = self.reader.doc.find_shown_section(p.input()) {
            p.candidates.retain(|&c| c != exact);
            p.candidates.insert(0, exact);
        }
        p.selected = 0;
    }

    /// Re-runs the search for the prompt's text and moves the view to the
    /// first match at or after where the prompt was opened.
    fn incremental_search(&mut self) {
        let Some(p) = self.prompt() else {
            return;
        };
        let (query, regex, origin, xoff, backward) = (
            p.input().to_string(),
            p.regex,
            p.origin,
            p.origin_xoff,
            p.backward,
        );
        self.reader.top = origin;
        self.reader.xoff = xoff;
        self.reader.spy.jump_target = None;
        self.begin_search(query, regex, origin, backward);
        // One step at once: a small document is searched whole, a large one
        // shows its first matches while the event loop does the rest.
        self.search_step();
        self.search_step();
    }

    /// Starts a search for `query` from `origin`, the top of the view:
    /// the first match at or after it becomes current, or, `backward`,
    /// the last one before the end of the screen (as less's `?` begins
    /// at the last line shown).
    fn begin_search(&mut self, query: String, regex: bool, origin: Pos, backward: bool) {
        self.find.searches_begun += 1;
        self.find.backward = backward;
        let origin = self.search_origin(origin, backward);
        let (matcher, error) = match Matcher::new(&query, regex) {
            Ok(None) => {
                self.reader.search = None;
                return;
            }
            Ok(Some(matcher)) => (Some(matcher), None),
            Err(error) => (None, Some(error)),
        };
        let job = matcher.as_ref().map(|_| {
            let origin_offset = self.reader.offset_of(origin);
            // Backward, from the top: the match before the origin is known
            // once the scan passes it, not only after wrapping round.
            let block = if backward {
                0
            } else {
                self.reader.doc.block_at_offset(origin_offset)
            };
            Job {
                scan: Scan::new(&self.reader.doc, block),
                origin: origin_offset,
                follow: true,
            }
        });
        self.reader.search = Some(Search {
            query,
            regex,
            matcher,
            matches: MatchList::default(),
            current: None,
            counts: vec![0; self.reader.doc.sections.len()],
            error,
            backward,
            job,
        });
    }

    /// Where a search from a view whose top is `top` begins: the top, or
    /// backward the end of the screen (as less's `?` begins at the last
    /// line shown).
    fn search_origin(&mut self, top: Pos, backward: bool) -> Pos {
        if !backward {
            return top;
        }
        let rows = self.text_rows().max(1) as i64;
        self.reader.layout.advance(&self.reader.doc, top, rows)
    }

    /// Runs the last query again (after `Esc` cleared it, or for `/` then
    /// Enter), from where the view is; the history is kept between runs, so
    /// in a new run that is the previous run's last query, as in vim.
    /// False when there is none.
    fn repeat_last_search(&mut self) -> bool {
        let Some((query, regex)) = self.find.history.last().cloned() else {
            return false;
        };
        self.begin_search(query, regex, self.reader.top, self.find.backward);
        self.finish_search();
        true
    }

    /// Searches the next slice of the document. Returns whether there was
    /// anything left to do.
    pub(super) fn search_step(&mut self) -> bool {
        let Some(search) = self.reader.search.as_mut() else {
            return false;
        };
        let (Some(job), Some(matcher)) = (search.job.as_mut(), search.matcher.as_ref()) else {
            return false;
        };
        let wrapped = job.scan.wrapped();
        let follow = job.follow;
        let done = job.scan.step(
            &self.reader.doc,
            matcher,
            &mut search.matches,
            &mut search.counts,
            SEARCH_STEP_BYTES,
        );
        let mut newly_current = false;
        // The first match shown is past an end of the document from where
        // the search began: said as `n` says it.
        let mut went_round = false;
        if done {
            // The matches found after wrapping went in front.
            search.current = if wrapped || search.current.is_none() {
                let i = search
                    .matches
                    .first_at_or_after(&self.reader.doc, matcher, job.origin);
                let n = search.matches.len();
                let i = match i {
                    // Backward: the last before the origin, else the last.
                    _ if search.backward => i.checked_sub(1).unwrap_or_else(|| {
                        went_round = true;
                        n.saturating_sub(1)
                    }),
                    i if i < n => i,
                    _ => {
                        went_round = true;
                        0
                    }
                };
                newly_current = search.current.is_none() && !search.matches.is_empty();
                went_round &= newly_current;
                (!search.matches.is_empty()).then_some(i)
            } else {
                search.current
            };
            search.job = None;
        } else if search.current.is_none() && search.backward {
            // Backward: once the scan (from the top) has passed the
            // origin, the last match before it, if there is one.
            let i = search
                .matches
                .first_at_or_after(&self.reader.doc, matcher, job.origin);
            if job.scan.position() >= job.origin && i > 0 {
                search.current = Some(i - 1);
                newly_current = true;
            }
        } else if search.current.is_none() && !job.scan.wrapped() {
            let i = search
                .matches
                .first_at_or_after(&self.reader.doc, matcher, job.origin);
            if i < search.matches.len() {
                search.current = Some(i);
                newly_current = true;
            }
        }
        if newly_current && follow {
            self.show_current_match();
            if went_round {
                self.status.message = Some("search wrapped".into());
            }
        }
        true
    }

    /// Runs `query` again on a new version of the document, from the top
    /// of the view, which stays where it is.
    /// With `follow`, the view moves to the first match at or after it
    /// once found (a search that found nothing in the first part of a
    /// document being read).
    pub(super) fn rerun_search(&mut self, query: String, regex: bool, follow: bool) {
        let backward = self.find.backward;
        self.begin_search(query, regex, self.reader.top, backward);
        if let Some(job) = self.reader.search.as_mut().and_then(|s| s.job.as_mut()) {
            job.follow = follow;
        }
        self.search_step();
    }

    /// An open prompt after a reload: it starts from the view as it is
    /// now, go-to candidates are found again, and the search before it
    /// (the old version's matches) is gone.
    pub(super) fn carry_prompt(&mut self) {
        let top = self.reader.top;
        let xoff = self.reader.xoff;
        let Some(p) = self.prompt_mut() else {
            return;
        };
        p.origin = top;
        p.origin_jump = None;
        p.origin_xoff = xoff;
        p.previous = None;
        if p.kind == PromptKind::GoTo {
            self.filter_sections();
        }
    }

    /// Completes a search under way (before `n`, the match list).
    pub(super) fn finish_search(&mut self) {
        while self.search_step() {}
    }

    /// Searches until the match to show is known (Enter): the first at or
    /// after where the search started, or, when none is after it, until
    /// the end. The rest is searched between keys (`match 1/3+`
    /// meanwhile), so Enter shows a match 37 MB into a 74 MB document
    /// after searching those 37 MB, not all 74.
    pub(super) fn search_to_current(&mut self) {
        while self
            .reader
            .search
            .as_ref()
            .is_some_and(|s| s.current.is_none())
            && self.search_step()
        {}
    }

    /// Whether Enter in this go-to prompt quits: vim's way out (`:q`,
    /// `:wq`, `:x`…) works here too, unless a section has exactly that
    /// name or the reader moved to another candidate.
    pub fn prompt_quits(&self, p: &Prompt) -> bool {
        p.kind == PromptKind::GoTo
            && matches!(p.input().trim(), "q" | "q!" | "quit" | "wq" | "x")
            && self.reader.doc.find_shown_section(p.input()).is_none()
            && p.selected == 0
    }

    /// The line a go-to prompt's Enter goes to: a plain number (`:120`,
    /// vim's `:N`) that names no section by number, id or title, while
    /// the reader has not moved to another candidate. 1-based, as the
    /// status line counts.
    pub fn prompt_line(&self, p: &Prompt) -> Option<u64> {
        let text = p.input().trim();
        if p.kind != PromptKind::GoTo
            || p.selected != 0
            || text.is_empty()
            || !text.bytes().all(|b| b.is_ascii_digit())
            || self.reader.doc.find_shown_section(text).is_some()
        {
            return None;
        }
        // Past the end is the last line, as `999G` is.
        Some(text.parse::<u64>().unwrap_or(u64::MAX).max(1))
    }

    fn accept_prompt(&mut self) {
        while self.link_filter_step() {}
        let Some(p) = self.take_prompt() else {
            return;
        };
        match p.kind {
            PromptKind::GoTo if self.prompt_quits(&p) => self.quit = true,
            PromptKind::GoTo if let Some(line) = self.prompt_line(&p) => {
                self.go_to_line(line - 1);
                if self.reader.top != p.origin {
                    let from = self.reader.spot_of(p.origin);
                    self.record_jump(from);
                }
            }
            PromptKind::GoTo => match p.candidates.get(p.selected) {
                Some(&section) => {
                    self.jump_to_section(section);
                    if self.reader.top != p.origin {
                        let from = self.reader.spot_of(p.origin);
                        self.record_jump(from);
                    }
                }
                None => self.status.message = Some(format!("no section matches {:?}", p.input())),
            },
            PromptKind::Links => match p.candidates.get(p.selected) {
                Some(&link) => {
                    self.reader.top = p.origin;
                    self.reader.spy.jump_target = p.origin_jump;
                    self.follow(link);
                }
                None => self.status.message = Some(format!("no link matches {:?}", p.input())),
            },
            PromptKind::Backlinks => match p.candidates.get(p.selected) {
                Some(&link) => {
                    self.reader.top = p.origin;
                    self.reader.spy.jump_target = p.origin_jump;
                    self.go_to_link(link);
                }
                None => {
                    self.status.message = Some(format!("no place matches {:?}", p.input()));
                }
            },
            PromptKind::Search if p.input().is_empty() => {
                // `/` then Enter repeats the previous search forward, `?`
                // backward, like less.
                self.reader.top = p.origin;
                self.reader.search = p.previous;
                if let Some(s) = self.reader.search.as_mut() {
                    s.backward = p.backward;
                }
                self.find.backward = p.backward;
                self.next_match(true, 1);
            }
            PromptKind::Search => {
                if p.backward {
                    // A backward search reads from the top: far down a
                    // huge document, Enter does not wait for it all. The
                    // match is shown when found, between keys.
                    for _ in 0..BACKWARD_ENTER_STEPS {
                        if self
                            .reader
                            .search
                            .as_ref()
                            .is_none_or(|s| s.current.is_some())
                            || !self.search_step()
                        {
                            break;
                        }
                    }
                } else {
                    self.search_to_current();
                }
                // The match shown is past an end of the document from
                // where the search began (`?` from the top goes round to
                // the last): said as `n` says it.
                let origin = self.search_origin(p.origin, p.backward);
                let origin = self.reader.offset_of(origin);
                let went_round = self
                    .reader
                    .search
                    .as_ref()
                    .and_then(|s| s.current_range(&self.reader.doc))
                    .is_some_and(|m| (m.start >= origin) == p.backward);
                if went_round {
                    self.status.message = Some("search wrapped".into());
                }
                if !p.input().is_empty() {
                    let entry = (p.input().to_string(), p.regex);
                    self.find.history.retain(|q| q != &entry);
                    self.find.history.push(entry);
                    // The state file keeps as many between runs.
                    if self.find.history.len() > crate::settings::state::MAX_HISTORY {
                        self.find.history.remove(0);
                    }
                }
                match &self.reader.search {
                    // Still to be found: the view moves to it then, and
                    // `Ctrl-o` comes back here.
                    Some(s)
                        if s.backward
                            && s.error.is_none()
                            && s.current.is_none()
                            && s.in_progress() =>
                    {
                        let from = self.reader.spot_of(p.origin);
                        self.record_jump(from);
                    }
                    Some(s) if s.error.is_some() => {
                        self.status.message = s.error.clone();
                        self.reader.search = None;
                        self.reader.top = p.origin;
                        self.reader.xoff = p.origin_xoff;
                    }
                    // A large book still being read: kept, to go to its
                    // first match once the book is whole.
                    Some(s)
                        if s.matches.is_empty()
                            && let Some(unread) = self
                                .reader
                                .book
                                .as_ref()
                                .map(|b| b.unread)
                                .filter(|&n| n > 0) =>
                    {
                        self.status.message = Some(format!(
                            "{} yet ({unread} documents still being read)",
                            no_match(&s.query)
                        ));
                        // The files left to read are searched ahead of
                        // the reading, so a match shows sooner.
                        self.effects.push(Effect::SearchAhead {
                            query: s.query.clone(),
                            regex: s.regex,
                        });
                        self.reader.top = p.origin;
                        self.reader.xoff = p.origin_xoff;
                    }
                    Some(s) if s.matches.is_empty() => {
                        let query = s.query.clone();
                        self.reader.top = p.origin;
                        self.reader.xoff = p.origin_xoff;
                        // Only the first part is read: the rest may hold it.
                        if !self.no_match_yet(&query) {
                            self.status.message = Some(no_match(&query));
                            self.reader.search = None;
                        }
                    }
                    _ => {
                        if self.reader.top != p.origin {
                            let from = self.reader.spot_of(p.origin);
                            self.record_jump(from);
                        }
                    }
                }
            }
        }
    }

    fn cancel_prompt(&mut self) {
        if let Some(p) = self.take_prompt() {
            self.reader.top = p.origin;
            self.reader.xoff = p.origin_xoff;
            self.reader.spy.jump_target = p.origin_jump;
            if p.kind == PromptKind::Search {
                self.reader.search = p.previous;
            }
        }
    }

    /// `n` (forward) or `N`: the next match after the current one when it is
    /// on screen, else the first one after the top of the view; with a
    /// count, `times` matches on (computed at once, wrapping around).
    pub(super) fn next_match(&mut self, forward: bool, times: u64) {
        self.finish_search();
        // After Esc cleared the highlights, n and N search again for the
        // last query (like vim after :nohlsearch).
        if self.reader.search.is_none() && self.repeat_last_search() {
            // Count from the match shown when Esc (the key before) cleared
            // it (less after `ESC-u`), else from the view, not from the
            // match the search chose.
            let cleared = self.reader.cleared_match.take();
            let doc = &self.reader.doc;
            if let Some(s) = self.reader.search.as_mut() {
                s.current = cleared.and_then(|at| {
                    let i = s.first_at_or_after(doc, at);
                    s.get(doc, i).is_some_and(|r| r.start == at).then_some(i)
                });
            }
        }
        let Some((n, current, query, backward)) = self
            .reader
            .search
            .as_ref()
            .map(|s| (s.matches.len(), s.current, s.query.clone(), s.backward))
        else {
            self.status.message = Some(self.no_search());
            return;
        };
        if n == 0 {
            // Said once, in the message: no counter saying it again.
            if !self.no_match_yet(&query) {
                self.status.message = Some(no_match(&query));
                self.reader.search = None;
            }
            return;
        }
        // After `?`, `n` goes backward and `N` forward.
        let forward = forward != backward;
        let on_screen = current.filter(|&i| self.match_on_screen(i));
        let from = match on_screen {
            Some(i) if forward => i + 1,
            Some(i) => i,
            None => {
                let top = self.reader.offset_of(self.reader.top);
                self.reader
                    .search
                    .as_ref()
                    .map_or(0, |s| s.first_at_or_after(&self.reader.doc, top))
            }
        };
        let times = i128::from(times.max(1));
        let target = if forward {
            from as i128 + times - 1
        } else {
            from as i128 - times
        };
        let wrapped = !(0..n as i128).contains(&target);
        let next = target.rem_euclid(n as i128) as usize;
        if let Some(s) = self.reader.search.as_mut() {
            s.current = Some(next);
        }
        if wrapped {
            self.status.message = Some("search wrapped".into());
        }
        self.show_current_match();
    }

    fn match_pos(&mut self, m: &Range<usize>) -> Pos {
        let block = self.reader.doc.block_at_offset(m.start);
        let line = self
            .reader
            .layout
            .line_containing(&self.reader.doc, block, m.start);
        Pos { block, line }
    }

    fn match_on_screen(&mut self, index: usize) -> bool {
        let Some(m) = self
            .reader
            .search
            .as_ref()
            .and_then(|s| s.get(&self.reader.doc, index))
        else {
            return false;
        };
        let pos = self.match_pos(&m);
        let rows = self.text_rows() as u64;
        let top = self.reader.layout.line_of(self.reader.top);
        let line = self.reader.layout.line_of(pos);
        line >= top && line < top + rows
    }

    /// Whether the current match is on screen, given the blocks that show
    /// (wrapped already, so this wraps nothing).
    pub(super) fn current_match_in(&mut self, shown: Range<usize>) -> bool {
        let Some(current) = self.reader.search.as_ref().and_then(|s| s.current) else {
            return false;
        };
        let Some(m) = self
            .reader
            .search
            .as_ref()
            .and_then(|s| s.get(&self.reader.doc, current))
        else {
            return false;
        };
        shown.contains(&self.reader.doc.block_at_offset(m.start)) && self.match_on_screen(current)
    }

    /// Scrolls so the current match is visible and not at the very edge.
    pub(super) fn show_current_match(&mut self) {
        let Some(m) = self
            .reader
            .search
            .as_ref()
            .and_then(|s| s.current_range(&self.reader.doc))
        else {
            return;
        };
        let pos = self.match_pos(&m);
        // A match in a chopped line off to a side: scrolled to, as less does.
        self.reveal_sideways(m.clone());
        // With the match list open, only the rows above it show text.
        let list = if self.results().is_some() {
            self.results_height() as usize
        } else {
            0
        };
        let rows = self.text_rows().saturating_sub(list).max(1) as u64;
        let top = self.reader.layout.line_of(self.reader.top);
        let line = self.reader.layout.line_of(pos);
        let margin = (rows / 4).min(3);
        let comfortable = line >= top + margin && line + margin < top + rows;
        if !comfortable {
            self.reader.spy.jump_target = None;
            self.reader.top =
                self.reader
                    .layout
                    .advance(&self.reader.doc, pos, -((rows / 3) as i64));
            self.clamp_top();
            // The context kept above the match is often the end of the
            // section before: the match's section is the one being read
            // until the next scroll (and `]` goes on from it).
            let section = self
                .reader
                .doc
                .blocks
                .get(pos.block)
                .map(|b| b.section as usize);
            if section.is_some_and(|s| s != self.current_section()) {
                self.reader.spy.jump_target = section;
            }
        }
    }

    pub(super) fn open_results(&mut self) {
        self.finish_search();
        match &self.reader.search {
            Some(s) if !s.matches.is_empty() => {
                let selected = s.current.unwrap_or(0);
                let groups = self.result_groups();
                self.overlay = Overlay::Results(Results {
                    selected,
                    offset: 0,
                    groups,
                    origin: self.reader.top,
                    origin_current: s.current,
                    origin_jump: self.reader.spy.jump_target,
                    origin_xoff: self.reader.xoff,
                });
                self.keep_result_visible();
            }
            Some(s) => self.status.message = Some(no_match(&s.query)),
            None => self.status.message = Some(self.no_search()),
        }
    }

    /// Rows the match list shows at once (it fills the text pane).
    pub fn results_rows(&self) -> usize {
        (self.results_height() as usize).saturating_sub(2).max(1)
    }

    /// Rows of the match list, drawn at the bottom of the text pane so the
    /// previewed match stays visible above it.
    pub fn results_height(&self) -> u16 {
        let Some(n) = self.reader.search.as_ref().map(|s| s.matches.len()) else {
            return 0;
        };
        let n = self.results().map_or(n, |r| r.row_count(n));
        let pane = self.regions().pane.height;
        let want = u16::try_from(n).unwrap_or(u16::MAX).saturating_add(2);
        want.min(((u32::from(pane) * 2 / 5) as u16).max(5))
            .min(pane)
    }

    fn keep_result_visible(&mut self) {
        let rows = self.results_rows();
        if let Overlay::Results(r) = &mut self.overlay {
            let row = r.row_of(r.selected);
            // A document's first match shows its heading too.
            let top = match r.groups.iter().any(|g| g.first == r.selected) {
                true => row.saturating_sub(1),
                false => row,
            };
            if top < r.offset {
                r.offset = top;
            } else if row >= r.offset + rows {
                r.offset = row + 1 - rows;
            }
        }
    }

    pub(super) fn results_action(&mut self, action: Command) {
        let n = self.reader.search.as_ref().map_or(0, |s| s.matches.len());
        let Overlay::Results(mut r) = std::mem::take(&mut self.overlay) else {
            return;
        };
        let page = self.results_rows().saturating_sub(1).max(1);
        let last = n.saturating_sub(1);
        match action {
            Command::SelectNext => r.selected = (r.selected + 1).min(last),
            Command::SelectPrev => r.selected = r.selected.saturating_sub(1),
            Command::PageDown => r.selected = (r.selected + page).min(last),
            Command::PageUp => r.selected = r.selected.saturating_sub(page),
            Command::Top => r.selected = 0,
            Command::Bottom => r.selected = last,
            Command::Accept => {
                if self.reader.top != r.origin {
                    let from = self.reader.spot_of(r.origin);
                    self.record_jump(from);
                }
                return;
            }
            Command::Close => {
                self.reader.top = r.origin;
                self.reader.xoff = r.origin_xoff;
                self.reader.spy.jump_target = r.origin_jump;
                if let Some(s) = self.reader.search.as_mut() {
                    s.current = r.origin_current;
                }
                return;
            }
            _ => {}
        }
        let selected = r.selected;
        self.overlay = Overlay::Results(r);
        self.select_result(selected);
    }

    /// Selects row `index` of the match list, and previews that match in
    /// the text.
    pub(super) fn select_result(&mut self, index: usize) {
        if let Overlay::Results(r) = &mut self.overlay {
            r.selected = index;
        }
        self.keep_result_visible();
        if let Some(s) = self.reader.search.as_mut() {
            s.current = Some(index);
        }
        self.show_current_match();
    }

    /// Starts with a search already made (`--search`): highlights on, the
    /// view at the first match.
    pub(super) fn start_search(&mut self, query: &str, regex: bool) {
        self.open_prompt(PromptKind::Search);
        if let Some(p) = self.prompt_mut() {
            p.regex = regex;
        }
        // The whole query is one edit: one search, not one a character.
        self.prompt_action(Command::Paste(query.to_string()));
        self.prompt_action(Command::Accept);
    }
}

#[cfg(test)]
impl Results {
    /// An empty list, for unit tests of its rows.
    pub(super) fn for_test() -> Results {
        Results {
            selected: 0,
            offset: 0,
            groups: Vec::new(),
            origin: Pos::default(),
            origin_current: None,
            origin_jump: None,
            origin_xoff: 0,
        }
    }
}

impl App {
    /// `no search (press / to search)`, with the search key in force.
    fn no_search(&self) -> String {
        match self.options.keymap.first_key(&Command::SearchStart) {
            Some(key) => format!("no search (press {key} to search)"),
            None => "no search".to_string(),
        }
    }
}

pub(super) fn no_match(query: &str) -> String {
    format!("no match for {:?}", crate::text::sanitize::sanitize(query))
}
