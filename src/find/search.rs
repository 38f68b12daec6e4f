//! Finding text: smart-case, accent-insensitive literal search or regular
//! expressions over the document's flat text, and fuzzy section lookup.
//!
//! Matches are byte ranges of [`Document::text`], found in the original
//! text (never in a folded copy of all of it), so highlighting stays exact
//! even when case folding or accent stripping changes byte lengths.
//!
//! One rule makes the matches of a text: from a position, take the leftmost
//! match; skip it when it is empty (move on one character) or when it
//! crosses a line (a `\n`: move on to the next line); otherwise keep it and
//! go on from its end. The rule needs nothing but the position, so a scan
//! can resume at any match's start or end and find the same matches: that
//! is what lets the `matches` module keep a search's matches in bounded
//! memory and find them again on demand (it searches each block alone).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use memchr::memmem;
use regex::{Regex, RegexBuilder};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::model::document::Document;

/// Compiled regexes larger than this are refused (a pathological pattern
/// must not eat memory).
const REGEX_SIZE_LIMIT: usize = 8 << 20;

/// Literal queries longer than this (in characters) are matched by folding
/// the text and searching for the folded query, not by a regex: the
/// accent-folding regex grows with every letter (a class of ~30 letters
/// each) and over ~600 letters is refused as too large, while compiling it
/// for a few hundred letters already costs milliseconds a keystroke. Short
/// queries keep the regex, whose Unicode case folding is the reference.
pub const LITERAL_MATCHER_FROM_CHARS: usize = 64;

/// Text folded per window by the long-literal matcher (the first window of
/// a scan is smaller, so finding one match near the start stays cheap).
const FOLD_WINDOW_MAX: usize = 64 << 10;
const FOLD_WINDOW_MIN: usize = 1 << 10;

/// Spaces that never break; a space in a literal query matches them too.
const NO_BREAK_SPACES: [char; 2] = ['\u{a0}', '\u{202f}'];

/// The invisible characters the sanitizer keeps for line breaking and the
/// reader never draws (soft hyphen, zero-width space, word joiner: see
/// `wrap`). A literal query matches the text as shown, so any run of them
/// may stand between two of its characters, and in the query they count
/// for nothing.
const INVISIBLES: [char; 3] = ['\u{ad}', '\u{200b}', '\u{2060}'];

/// The regex for a run of [`INVISIBLES`], put between a literal query's
/// characters.
const INVISIBLE_RUN: &str = "[\u{ad}\u{200b}\u{2060}]*";

/// A compiled query.
#[derive(Debug, Clone)]
pub struct Matcher {
    query: String,
    regex_mode: bool,
    kind: Kind,
}

#[derive(Debug, Clone)]
enum Kind {
    Regex(Regex),
    /// A plain ASCII literal query: found with a literal searcher where
    /// the text cannot hold anything but its ASCII form (see [`Ascii`]),
    /// by the regex elsewhere.
    Ascii(Box<Ascii>),
    Literal(Box<Literal>),
}

/// A literal query of printable ASCII (at most
/// [`LITERAL_MATCHER_FROM_CHARS`] characters), with its regex.
///
/// In text that holds no character [`may_join_ascii_match`] accepts, the
/// regex's matches are exactly the literal's (ASCII case-insensitive under
/// smart case): an accented variant, a no-break space, an invisible or a
/// combining mark is what makes a match differ from its ASCII form. So the
/// text is searched by the literal (aho-corasick or memmem, gigabytes a
/// second) up to the next such character, and only the line around one
/// goes to the regex: the equivalences become a prefilter, not a
/// per-character class run over every byte.
#[derive(Debug, Clone)]
struct Ascii {
    regex: Regex,
    finder: aho_corasick::AhoCorasick,
    /// The query's length in bytes (= characters).
    len: usize,
    /// The query's bytes, lowercased: `bytes[b]` when `b` (lowercased) is one.
    bytes: [bool; 128],
}

/// Whether `c` (not ASCII) can be part of a match of a plain ASCII literal
/// query: an accented Latin letter or a case variant of an ASCII one
/// (Latin-1, Latin Extended-A/B and Additional, the Kelvin sign), a
/// no-break space, an invisible, a combining mark. A superset: a character
/// it accepts only sends its line to the regex. The tests check it
/// against the regex over every character.
fn may_join_ascii_match(c: char) -> bool {
    matches!(c as u32, 0x80..=0x24f | 0x1e00..=0x1eff)
        // The Kelvin and Angstrom signs; Greek iota, whose case folds take in the
        // combining ypogegrammeni (a mark).
        || matches!(c, '\u{212a}' | '\u{212b}' | '\u{399}' | '\u{3b9}' | '\u{1fbe}')
        || NO_BREAK_SPACES.contains(&c)
        || INVISIBLES.contains(&c)
        || is_combining_mark(c)
}

impl PartialEq for Matcher {
    fn eq(&self, other: &Self) -> bool {
        self.query == other.query && self.regex_mode == other.regex_mode
    }
}

/// Case sensitivity chosen by the query: smart case.
pub fn is_case_sensitive(query: &str) -> bool {
    query.chars().any(char::is_uppercase)
}

/// True when the query carries diacritics, and so must match them exactly.
pub fn has_diacritics(query: &str) -> bool {
    query.nfd().any(is_combining_mark)
}

/// For each ASCII letter, the precomposed Latin letters that fold to it,
/// same case (`e` → `èéêë…`, `E` → `ÈÉÊË…`), and the reverse map.
struct AccentTables {
    variants: HashMap<char, String>,
    base: HashMap<char, char>,
}

fn accent_tables() -> &'static AccentTables {
    static TABLES: OnceLock<AccentTables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut variants: HashMap<char, String> = HashMap::new();
        let mut base = HashMap::new();
        let ranges = [0x00C0u32..0x0250, 0x1E00..0x1F00];
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            let mut decomposed = std::iter::once(c).nfd();
            if let Some(b) = decomposed.next()
                && b.is_ascii_alphabetic()
                && b != c
            {
                variants.entry(b).or_default().push(c);
                base.insert(c, b);
            }
        }
        AccentTables { variants, base }
    })
}

impl Matcher {
    /// Compiles `query`. `regex`: the query is a regular expression;
    /// otherwise it is literal text, matched accent-insensitively when it
    /// has no diacritics, a space matching a no-break space too, and across
    /// the invisible characters the text may have between two of its
    /// characters. Both use smart case. `Ok(None)` for an empty query (or a
    /// literal one of invisible characters only: it shows nothing).
    pub fn new(query: &str, regex: bool) -> Result<Option<Matcher>, String> {
        // A regex means what it says; a literal query is what it shows.
        let shown: String = if regex {
            query.to_string()
        } else {
            query.chars().filter(|c| !INVISIBLES.contains(c)).collect()
        };
        if shown.is_empty() {
            return Ok(None);
        }
        let case_insensitive = !is_case_sensitive(&shown);
        let fold_accents = !regex && !has_diacritics(&shown);
        let ascii = !regex && shown.bytes().all(|b| b == b' ' || b.is_ascii_graphic());
        let kind = if !regex && shown.chars().count() > LITERAL_MATCHER_FROM_CHARS {
            Kind::Literal(Box::new(Literal::new(
                &shown,
                Fold {
                    case: case_insensitive,
                    accents: fold_accents,
                },
            )))
        } else {
            let pattern = if regex {
                query.to_string()
            } else {
                literal_pattern(&shown, fold_accents, case_insensitive)
            };
            let regex = RegexBuilder::new(&pattern)
                .case_insensitive(case_insensitive)
                // `^` and `$` match at the start and end of every paragraph.
                .multi_line(true)
                .size_limit(REGEX_SIZE_LIMIT)
                .dfa_size_limit(REGEX_SIZE_LIMIT)
                .build()
                .map_err(|e| regex_error(&e))?;
            if ascii {
                let finder = aho_corasick::AhoCorasick::builder()
                    .ascii_case_insensitive(case_insensitive)
                    .build([shown.as_bytes()])
                    .map_err(|e| format!("invalid query: {e}"))?;
                let mut bytes = [false; 128];
                for b in shown.bytes() {
                    bytes[usize::from(b.to_ascii_lowercase() & 0x7f)] = true;
                }
                Kind::Ascii(Box::new(Ascii {
                    regex,
                    finder,
                    len: shown.len(),
                    bytes,
                }))
            } else {
                Kind::Regex(regex)
            }
        };
        Ok(Some(Matcher {
            query: query.to_string(),
            regex_mode: regex,
            kind,
        }))
    }

    /// The matches in `text` from byte `from` on (a position the rule in
    /// the module comment reaches: 0, a block start, a match's start or
    /// end), in order, non-overlapping.
    pub fn find_iter<'a>(&'a self, text: &'a str, from: usize) -> FindIter<'a> {
        let searcher = match &self.kind {
            Kind::Regex(regex) => Searcher::Regex(regex),
            Kind::Ascii(ascii) => Searcher::Ascii(AsciiSearch::new(ascii)),
            Kind::Literal(literal) => Searcher::Literal(Box::new(LiteralSearch::new(literal))),
        };
        FindIter {
            searcher,
            text,
            pos: from,
        }
    }

    /// Where in `text` the first match at or after `from` may start, looking
    /// no further than `limit`: a position at or before it (`from` when the
    /// query has no prefilter), close to `limit` when none starts before it. Lets
    /// a scan of many blocks pass over those that cannot hold a match
    /// without searching each.
    pub fn skip_to(&self, text: &str, from: usize, limit: usize) -> usize {
        let Kind::Ascii(ascii) = &self.kind else {
            return from;
        };
        let mut limit = limit.min(text.len());
        while !text.is_char_boundary(limit) {
            limit -= 1;
        }
        if from >= limit {
            return from;
        }
        let special = next_special(&text[..limit], from);
        let input = aho_corasick::Input::new(text).range(from..special);
        match ascii.finder.find(input) {
            Some(m) => m.start(),
            // A match holding `special` (or crossing `limit`) starts at
            // most the query's length before it.
            None => special.saturating_sub(ascii.len).max(from),
        }
    }

    /// Every match in `text`. For tests and small texts: a search of a
    /// document keeps its matches in a `MatchList` (the `matches` module).
    pub fn find_all(&self, text: &str) -> Vec<Range<usize>> {
        self.find_iter(text, 0).collect()
    }
}

/// The matches of a [`Matcher`] in a text, by the rule in the module comment.
pub struct FindIter<'a> {
    searcher: Searcher<'a>,
    text: &'a str,
    pos: usize,
}

enum Searcher<'a> {
    Regex(&'a Regex),
    Ascii(AsciiSearch<'a>),
    Literal(Box<LiteralSearch<'a>>),
}

impl Iterator for FindIter<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let text = self.text;
        while self.pos <= text.len() {
            let found = match &mut self.searcher {
                Searcher::Regex(regex) => {
                    let found = regex.find_at(text, self.pos);
                    count_searched(found.map_or(text.len(), |m| m.end()) - self.pos);
                    found.map(|m| m.range())
                }
                Searcher::Ascii(search) => search.find_from(text, self.pos),
                Searcher::Literal(search) => search.find_from(text, self.pos),
            }?;
            if found.is_empty() {
                self.pos =
                    found.start + text[found.start..].chars().next().map_or(1, char::len_utf8);
                continue;
            }
            if let Some(newline) = memchr::memchr(b'\n', &text.as_bytes()[found.clone()]) {
                self.pos = found.start + newline + 1;
                continue;
            }
            self.pos = found.end;
            return Some(found);
        }
        None
    }
}

/// How far a scan with a plain ASCII query first looks ahead for a
/// character that may join a match; each further look goes twice as far,
/// up to [`LOOK_AHEAD_MAX`]. Bounded so that finding a match near where a
/// scan starts costs about the distance to it, not to the end of the
/// block (a frame restarts a scan per line it paints).
const LOOK_AHEAD_MIN: usize = 1 << 10;
const LOOK_AHEAD_MAX: usize = 256 << 10;

/// A scan with a plain ASCII query: the stretch known to hold no character
/// that may join a match (kept, as positions only grow), and the stretch
/// around such a character that the regex searches.
struct AsciiSearch<'a> {
    ascii: &'a Ascii,
    /// No character [`may_join_ascii_match`] accepts is in `clear`.
    clear: Range<usize>,
    /// One is at `clear.end` (rather than the look-ahead ending there).
    at_special: bool,
    /// How far the next look-ahead goes.
    look: usize,
    /// The text the regex owns: from where a match holding the special
    /// character may start to the first character no match can hold.
    region: Range<usize>,
}

impl<'a> AsciiSearch<'a> {
    fn new(ascii: &'a Ascii) -> AsciiSearch<'a> {
        AsciiSearch {
            ascii,
            clear: usize::MAX..usize::MAX,
            at_special: false,
            look: LOOK_AHEAD_MIN,
            region: 0..0,
        }
    }

    /// Looks further ahead of `clear` for a character that may join a match.
    fn look_further(&mut self, text: &str) {
        let mut limit = self.clear.end.saturating_add(self.look).min(text.len());
        while !text.is_char_boundary(limit) {
            limit -= 1;
        }
        let at = next_special(&text[..limit], self.clear.end);
        self.at_special = at < limit;
        self.clear.end = at;
        self.look = (self.look * 2).min(LOOK_AHEAD_MAX);
    }

    /// The leftmost match starting at or after `pos` (as the regex finds it).
    fn find_from(&mut self, text: &str, mut pos: usize) -> Option<Range<usize>> {
        let len = self.ascii.len;
        loop {
            if self.region.start <= pos && pos < self.region.end {
                // No match holds the character at `cut`, so the regex finds
                // in `text[..cut]` exactly the matches it finds there in all
                // of `text` (the pattern looks at nothing around a match).
                let cut = self.region.end;
                let found = self.ascii.regex.find_at(&text[..cut], pos);
                count_searched(found.as_ref().map_or(cut, regex::Match::end) - pos);
                if let Some(m) = found {
                    return Some(m.range());
                }
                if cut >= text.len() {
                    return None;
                }
                pos = cut;
                continue;
            }
            if !(self.clear.start <= pos && pos <= self.clear.end) {
                self.clear = pos..pos;
                self.at_special = false;
                self.look = LOOK_AHEAD_MIN;
            }
            // Room for a match ending before what ends `clear`.
            while !self.at_special && self.clear.end < text.len() && self.clear.end - pos <= len {
                self.look_further(text);
            }
            let bound = self.clear.end;
            // Up to `bound` the regex's matches are the literal's.
            let input = aho_corasick::Input::new(text).range(pos..bound);
            let found = self.ascii.finder.find(input);
            count_searched(found.map_or(bound, |m| m.end()) - pos);
            if let Some(m) = found
                && (m.end() < bound || bound == text.len())
            {
                return Some(m.range());
            }
            if bound >= text.len() {
                return None;
            }
            // A match holding `bound` starts at most the query's length
            // before it.
            let mut start = bound.saturating_sub(len).max(pos);
            while !text.is_char_boundary(start) {
                start += 1;
            }
            if !self.at_special {
                // Only the look-ahead ended there: look further.
                pos = start;
                continue;
            }
            self.region = start..self.safe_cut(text, bound);
            pos = start;
        }
    }

    /// The first character at or after `at` that no match can hold: one
    /// [`may_join_ascii_match`] refuses and that is not (in either ASCII
    /// case) a character of the query. A `\n` is one, so the stretch
    /// never leaves its line.
    fn safe_cut(&self, text: &str, at: usize) -> usize {
        for (i, c) in text[at..].char_indices() {
            let held = if c.is_ascii() {
                self.ascii.bytes[c.to_ascii_lowercase() as usize & 0x7f]
            } else {
                may_join_ascii_match(c)
            };
            if !held {
                count_searched(i);
                return at + i;
            }
        }
        count_searched(text.len() - at);
        text.len()
    }
}

/// The first character at or after `pos` that [`may_join_ascii_match`]
/// accepts (the text's length when there is none): whole ASCII runs are
/// passed over a word at a time.
fn next_special(text: &str, pos: usize) -> usize {
    let at = next_special_uncounted(text, pos);
    count_searched(at - pos);
    at
}

fn next_special_uncounted(text: &str, pos: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = pos;
    while i < bytes.len() {
        // ASCII is passed over 16 bytes at a time.
        if bytes.len() - i >= 16 && bytes[i..i + 16].is_ascii() {
            i += 16;
            continue;
        }
        if bytes[i].is_ascii() {
            i += 1;
            continue;
        }
        // A character starts here (`pos` is a boundary and ASCII bytes
        // end characters).
        let c = text[i..].chars().next().unwrap_or(' ');
        if may_join_ascii_match(c) {
            return i;
        }
        i += c.len_utf8();
    }
    bytes.len()
}

/// `durres` → `[dď…]\p{M}*[inv]*[uùúûü…]\p{M}*[inv]*r…`: each letter also
/// matches its accented forms, precomposed or followed by combining marks
/// (when `fold_accents`); a space also matches a no-break space; a run of
/// invisible characters may come between two characters (`query` has none).
fn literal_pattern(query: &str, fold_accents: bool, case_insensitive: bool) -> String {
    let table = &accent_tables().variants;
    let mut pattern = String::with_capacity(query.len() * 30);
    for (i, c) in query.chars().enumerate() {
        if i > 0 {
            pattern.push_str(INVISIBLE_RUN);
        }
        if c == ' ' || NO_BREAK_SPACES.contains(&c) {
            pattern.push_str("[ \u{a0}\u{202f}]");
            continue;
        }
        if !fold_accents || !c.is_ascii_alphabetic() {
            pattern.push_str(&regex::escape(c.encode_utf8(&mut [0; 4])));
            continue;
        }
        pattern.push('[');
        pattern.push(c);
        pattern.push_str(table.get(&c).map_or("", String::as_str));
        // Some capitals (İ) have no simple case fold to a lowercase
        // variant, so an ignore-case class lists both cases itself.
        if case_insensitive {
            let other = if c.is_ascii_lowercase() {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            };
            pattern.push_str(table.get(&other).map_or("", String::as_str));
        }
        pattern.push_str("]\\p{M}*");
    }
    pattern
}

/// How the long-literal matcher folds text and query alike. Invisible
/// characters always vanish, as the regex lets a run of them stand between
/// any two characters of the query.
#[derive(Debug, Clone, Copy)]
struct Fold {
    /// Lowercase everything (smart case found no capital in the query).
    case: bool,
    /// Accented Latin letters become their ASCII base, and combining marks
    /// after a letter vanish (the query has no diacritics).
    accents: bool,
}

impl Fold {
    /// Appends the folded form of `c`. `after_letter` says whether the last
    /// character kept folded to an ASCII letter (marks after one vanish, as
    /// `[e…]\p{M}*` absorbs them); it is updated.
    fn push(self, c: char, after_letter: &mut bool, out: &mut String) {
        if INVISIBLES.contains(&c) {
            // As in the regex, a mark after one is no longer after a letter.
            *after_letter = false;
            return;
        }
        if self.accents && *after_letter && is_combining_mark(c) {
            return;
        }
        let c = if NO_BREAK_SPACES.contains(&c) { ' ' } else { c };
        let c = if self.accents {
            accent_tables().base.get(&c).copied().unwrap_or(c)
        } else {
            c
        };
        if self.case {
            let mut last = c;
            for l in c.to_lowercase() {
                out.push(l);
                last = l;
            }
            *after_letter = last.is_ascii_alphabetic();
        } else {
            out.push(c);
            *after_letter = c.is_ascii_alphabetic();
        }
    }
}

/// A long literal query, folded once.
#[derive(Debug, Clone)]
struct Literal {
    fold: Fold,
    finder: memmem::Finder<'static>,
    /// The folded query ends with a letter: a match also takes the
    /// combining marks after it.
    ends_with_letter: bool,
}

impl Literal {
    fn new(query: &str, fold: Fold) -> Literal {
        let mut needle = String::with_capacity(query.len());
        let mut after_letter = false;
        for c in query.chars() {
            fold.push(c, &mut after_letter, &mut needle);
        }
        Literal {
            fold,
            ends_with_letter: fold.accents && after_letter,
            finder: memmem::Finder::new(needle.as_bytes()).into_owned(),
        }
    }
}

/// A scan with the long-literal matcher: a window of the text folded, with
/// the original offset of every folded byte.
struct LiteralSearch<'a> {
    literal: &'a Literal,
    folded: String,
    /// `origin[i]`: where in the text the character folded into byte `i`
    /// of `folded` starts.
    origin: Vec<usize>,
    /// The text the window covers.
    window: Range<usize>,
    size: usize,
}

impl<'a> LiteralSearch<'a> {
    fn new(literal: &'a Literal) -> LiteralSearch<'a> {
        LiteralSearch {
            literal,
            folded: String::new(),
            origin: Vec::new(),
            window: 0..0,
            size: FOLD_WINDOW_MIN.max(literal.finder.needle().len() * 2),
        }
    }

    /// The leftmost match starting at or after `pos`.
    fn find_from(&mut self, text: &str, pos: usize) -> Option<Range<usize>> {
        let needle_len = self.literal.finder.needle().len();
        if !(self.window.start <= pos && pos < self.window.end) {
            self.fold_window(text, pos);
        }
        loop {
            let from = self.origin.partition_point(|&o| o < pos);
            if let Some(i) = self.literal.finder.find(&self.folded.as_bytes()[from..]) {
                let first = from + i;
                let last = first + needle_len - 1;
                let start = self.origin[first];
                let mut end = self.origin[last];
                end += text[end..].chars().next().map_or(0, char::len_utf8);
                if self.literal.ends_with_letter {
                    end += text[end..]
                        .chars()
                        .take_while(|&c| is_combining_mark(c))
                        .map(char::len_utf8)
                        .sum::<usize>();
                }
                return Some(start..end);
            }
            if self.window.end >= text.len() {
                return None;
            }
            // The next window starts where a match could still begin: the
            // last `needle_len - 1` folded bytes may start one.
            let keep = self
                .folded
                .len()
                .saturating_sub(needle_len.saturating_sub(1));
            let next = self.origin.get(keep).copied().unwrap_or(self.window.end);
            let next = next.max(pos);
            if next <= self.window.start {
                // The window folded to less than the query (marks vanish):
                // it must grow, whatever the cap.
                self.size = self.size.saturating_mul(2);
            } else {
                self.size = (self.size * 2).min(FOLD_WINDOW_MAX.max(needle_len * 4));
            }
            self.fold_window(text, next);
        }
    }

    fn fold_window(&mut self, text: &str, start: usize) {
        let mut end = (start + self.size).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        count_searched(end - start);
        self.folded.clear();
        self.origin.clear();
        // Marks at the window's start cannot begin a match (the folded
        // query has none first), so the state before it does not matter.
        let mut after_letter = false;
        for (i, c) in text[start..end].char_indices() {
            let before = self.folded.len();
            self.literal
                .fold
                .push(c, &mut after_letter, &mut self.folded);
            let added = self.folded.len() - before;
            self.origin.extend(std::iter::repeat_n(start + i, added));
        }
        self.window = start..end;
    }
}

#[cfg(feature = "test-support")]
thread_local! {
    /// Bytes of text the searchers have looked at on this thread.
    static SEARCHED: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Bytes of text the searchers have looked at on this thread so far:
/// tests check that painting a frame's matches costs what the frame shows,
/// not what its blocks hold.
#[cfg(feature = "test-support")]
pub fn bytes_searched() -> u64 {
    SEARCHED.with(std::cell::Cell::get)
}

#[inline]
fn count_searched(_n: usize) {
    #[cfg(feature = "test-support")]
    SEARCHED.with(|s| s.set(s.get() + _n as u64));
}

/// A one-line message for an invalid regex.
fn regex_error(e: &regex::Error) -> String {
    match e {
        regex::Error::Syntax(s) => {
            let last = s.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or(s);
            format!(
                "invalid regex: {}",
                last.trim().trim_start_matches("error: ")
            )
        }
        regex::Error::CompiledTooBig(_) => "invalid regex: pattern too large".to_string(),
        other => format!("invalid regex: {other}"),
    }
}

/// Sections whose title fuzzily matches `query`, best first.
pub fn fuzzy_sections(doc: &Document, query: &str) -> Vec<usize> {
    if query.trim().is_empty() {
        return (0..doc.sections.len()).collect();
    }
    // A section number (`5.1`) goes straight to that section, where
    // headings show their numbers.
    if let Some(section) = doc
        .numbered()
        .then(|| doc.section_by_number(query))
        .flatten()
    {
        let mut found = vec![section];
        let mut number = String::new();
        found.extend((0..doc.sections.len()).filter(|&i| {
            use std::fmt::Write;
            number.clear();
            let _ = write!(number, "{}", doc.section_number(i));
            i != section && number.starts_with(query.trim())
        }));
        return found;
    }
    fuzzy_scores(doc, query)
        .into_iter()
        .map(|(i, _)| i)
        .collect()
}

/// Sections whose title fuzzily matches `query` (the go-to prompt's
/// matcher), with their scores, best first; ties in reading order.
pub fn fuzzy_scores(doc: &Document, query: &str) -> Vec<(usize, u32)> {
    use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
    use nucleo_matcher::{Config, Matcher as Fuzzy};
    let mut matcher = Fuzzy::new(Config::DEFAULT);
    let pattern = Pattern::parse(query, CaseMatching::Smart, Normalization::Smart);
    let mut scored: Vec<(usize, u32)> = (0..doc.sections.len())
        .filter_map(|i| {
            let mut buf = Vec::new();
            let hay = nucleo_matcher::Utf32Str::new(doc.section_title(i), &mut buf);
            pattern.score(hay, &mut matcher).map(|score| (i, score))
        })
        .collect();
    // Best score first; ties in reading order.
    scored.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    scored
}

/// The links whose section, text or address fuzzily match `query`, best
/// first (ties in reading order); every link for an empty query.
pub fn fuzzy_links(doc: &Document, query: &str) -> Vec<usize> {
    if query.trim().is_empty() {
        return (0..doc.links.len()).collect();
    }
    let mut filter = LinkFilter::new(query);
    filter.score(doc, 0..doc.links.len());
    filter.best_first().collect()
}

/// The link list's filter, run over the links in pieces (500,000 links
/// take most of a second to score: a key must not wait for all of them).
#[derive(Debug, Clone)]
pub struct LinkFilter {
    pattern: nucleo_matcher::pattern::Pattern,
    /// The links scored so far that match, best first, ties in reading
    /// order.
    found: Vec<(usize, u32)>,
    /// The row of a link, reused.
    row: String,
}

impl PartialEq for LinkFilter {
    fn eq(&self, other: &Self) -> bool {
        self.found == other.found
    }
}

impl LinkFilter {
    pub fn new(query: &str) -> LinkFilter {
        use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
        LinkFilter {
            pattern: Pattern::parse(query, CaseMatching::Smart, Normalization::Smart),
            found: Vec::new(),
            row: String::new(),
        }
    }

    /// Scores the links in `links` (which come after all scored before)
    /// and merges those that match into the list.
    pub fn score(&mut self, doc: &Document, links: Range<usize>) {
        use nucleo_matcher::{Config, Matcher as Fuzzy};
        let mut matcher = Fuzzy::new(Config::DEFAULT);
        let mut buf = Vec::new();
        let mut new: Vec<(usize, u32)> = Vec::new();
        for i in links {
            self.row.clear();
            write_link_haystack(doc, i, &mut self.row);
            let hay = nucleo_matcher::Utf32Str::new(&self.row, &mut buf);
            if let Some(score) = self.pattern.score(hay, &mut matcher) {
                new.push((i, score));
            }
        }
        let best_first = |a: &(usize, u32), b: &(usize, u32)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
        new.sort_by(best_first);
        // Merge: both lists are best first.
        let old = std::mem::take(&mut self.found);
        let mut merged = Vec::with_capacity(old.len() + new.len());
        let (mut a, mut b) = (old.into_iter().peekable(), new.into_iter().peekable());
        loop {
            let take_old = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) => best_first(x, y) != std::cmp::Ordering::Greater,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            merged.extend(if take_old { a.next() } else { b.next() });
        }
        self.found = merged;
    }

    /// The matching links scored so far, best first.
    pub fn best_first(&self) -> impl Iterator<Item = usize> + '_ {
        self.found.iter().map(|&(i, _)| i)
    }
}

/// The items whose row fuzzily matches `query`, best first (all of them,
/// in order, for an empty query).
pub fn fuzzy_rows(rows: &[(usize, String)], query: &str) -> Vec<usize> {
    use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
    use nucleo_matcher::{Config, Matcher as Fuzzy};
    if query.trim().is_empty() {
        return rows.iter().map(|(i, _)| *i).collect();
    }
    let mut matcher = Fuzzy::new(Config::DEFAULT);
    let pattern = Pattern::parse(query, CaseMatching::Smart, Normalization::Smart);
    let mut buf = Vec::new();
    let mut scored: Vec<(usize, usize, u32)> = rows
        .iter()
        .enumerate()
        .filter_map(|(k, (i, row))| {
            let hay = nucleo_matcher::Utf32Str::new(row, &mut buf);
            pattern.score(hay, &mut matcher).map(|score| (k, *i, score))
        })
        .collect();
    scored.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    scored.into_iter().map(|(_, i, _)| i).collect()
}

/// A link as the link list shows it: `section › text → address`.
pub fn link_row(doc: &Document, link: usize) -> String {
    let mut row = String::new();
    write_link_row(doc, link, &mut row);
    row
}

/// Appends [`link_row`]'s row to `out`.
fn write_link_row(doc: &Document, link: usize, out: &mut String) {
    write_row_with(doc, link, out, [" › ", " → "]);
}

/// The row a link is matched against: [`link_row`]'s, with ASCII `>` for
/// its arrows (characters of the same class to the matcher), so that a
/// row of ASCII text stays ASCII. The matcher reads a row with any other
/// character grapheme by grapheme, which took 60% of the time of scoring
/// 500,000 links of ASCII text, and most of each step between keys.
fn write_link_haystack(doc: &Document, link: usize, out: &mut String) {
    write_row_with(doc, link, out, [" > ", " > "]);
}

fn write_row_with(doc: &Document, link: usize, out: &mut String, arrows: [&str; 2]) {
    let l = &doc.links[link];
    let text = &doc.text()[l.start as usize..l.end as usize];
    // The section's parent too: a changelog's many "New Features" are
    // told apart (and found) by their versions.
    let section = l.section as usize;
    if let Some(parent) = doc.sections[section].parent() {
        out.push_str(doc.section_title(parent as usize));
        out.push_str(arrows[0]);
    }
    out.push_str(doc.section_title(section));
    out.push_str(arrows[0]);
    out.push_str(text);
    out.push_str(arrows[1]);
    out.push_str(doc.link_target(link));
}

/// At most this many characters of a match and of the text after it are
/// shown in the results list (a row is never wider than a screen).
const CONTEXT_CHARS: usize = 512;

/// Text around a match for the results list: up to `before` characters
/// before it, then the match and what follows, on one line.
pub fn context(doc: &Document, m: &Range<usize>, before: usize) -> (String, Range<usize>) {
    let block = doc.blocks[doc.block_at_offset(m.start)];
    let text = doc.text();
    let block_start = block.start as usize;
    let start = text[block_start..m.start]
        .char_indices()
        .rev()
        .take(before)
        .last()
        .map_or(m.start, |(i, _)| block_start + i);
    let cut = |from: usize, to: usize| {
        text[from..to]
            .char_indices()
            .nth(CONTEXT_CHARS)
            .map_or(to, |(i, _)| from + i)
    };
    let hit_end = cut(m.start, m.end);
    let end = cut(hit_end, (block.end as usize).max(hit_end));
    let prefix = if start > block_start { "…" } else { "" };
    // A line break inside a block (code, a hard break, table cells) reads
    // as a space on the one row of a list; same length, so `hl` holds.
    let shown = format!("{prefix}{}", &text[start..end]).replace('\n', " ");
    let hl_start = prefix.len() + (m.start - start);
    (shown, hl_start..hl_start + (hit_end - m.start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_of_ascii_text_is_matched_as_ascii() {
        // The matcher reads any other row grapheme by grapheme: most of
        // the time of scoring 500,000 links.
        let doc = crate::load::parse_markdown("l.md", "l", "# Sec\n\n[link 9](https://x.org/u9)\n")
            .expect("loads");
        let mut row = String::new();
        write_link_haystack(&doc, 0, &mut row);
        assert_eq!(row, "Sec > link 9 > https://x.org/u9");
        let mut buf = Vec::new();
        assert!(matches!(
            nucleo_matcher::Utf32Str::new(&row, &mut buf),
            nucleo_matcher::Utf32Str::Ascii(_)
        ));
        // Shown with its arrows; found the same.
        assert_eq!(link_row(&doc, 0), "Sec › link 9 → https://x.org/u9");
        assert_eq!(fuzzy_links(&doc, "sec link u9"), [0]);
    }

    fn all(query: &str, regex: bool, text: &str) -> Vec<String> {
        Matcher::new(query, regex)
            .unwrap()
            .unwrap()
            .find_all(text)
            .into_iter()
            .map(|r| text[r].to_string())
            .collect()
    }

    #[test]
    fn context_shows_line_breaks_inside_a_block_as_spaces() {
        let doc = crate::load::parse_markdown("t.md", "t", "# T\n\n```\n}\n\nfn main() {\n```\n")
            .expect("loads");
        let at = doc.text().find("fn main").expect("code is in the text");
        let (shown, hl) = context(&doc, &(at..at + 2), 10);
        assert!(!shown.contains('\n'), "{shown:?}");
        assert!(shown.contains("}  fn main() {"), "{shown:?}");
        assert_eq!(&shown[hl], "fn");
    }

    #[test]
    fn smart_case() {
        assert_eq!(all("mek", false, "MEK mek Mek"), ["MEK", "mek", "Mek"]);
        assert_eq!(all("Mek", false, "MEK mek Mek"), ["Mek"]);
        assert_eq!(all("MEK", false, "MEK mek Mek"), ["MEK"]);
    }

    #[test]
    fn accents_fold_only_when_the_query_has_none() {
        let text = "Manëz, Durrës County; Durres; DURRËS";
        assert_eq!(all("manez", false, text), ["Manëz"]);
        assert_eq!(all("durres", false, text), ["Durrës", "Durres", "DURRËS"]);
        assert_eq!(all("durrës", false, text), ["Durrës", "DURRËS"]);
        assert_eq!(all("Durrës", false, text), ["Durrës"]);
        // Decomposed text (e + combining diaeresis) matches too.
        assert_eq!(all("durres", false, "Durre\u{308}s"), ["Durre\u{308}s"]);
    }

    #[test]
    fn length_changing_case_folds_keep_offsets_in_the_original_text() {
        // U+0130 is 2 bytes; its lowercase is 3. Offsets must be the original's.
        let text = "İstanbul and istanbul";
        let m = Matcher::new("istanbul", false).unwrap().unwrap();
        let found = m.find_all(text);
        for r in &found {
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        }
        let shown: Vec<&str> = found.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(shown, ["İstanbul", "istanbul"]);
        // The capital query is case-sensitive and exact.
        assert_eq!(all("İstanbul", false, text), ["İstanbul"]);
        // German sharp s and Kelvin sign: no panic, sane ranges.
        let text = "Straße STRASSE \u{212a}elvin";
        for q in ["straße", "k", "ss"] {
            let m = Matcher::new(q, false).unwrap().unwrap();
            for r in m.find_all(text) {
                assert!(text.get(r).is_some());
            }
        }
    }

    #[test]
    fn empty_query_matches_nothing() {
        assert!(Matcher::new("", false).unwrap().is_none());
        assert!(Matcher::new("", true).unwrap().is_none());
    }

    #[test]
    fn regex_mode_and_its_errors() {
        assert_eq!(
            all(r"\d{4}", true, "in 2013 and 2019, 30"),
            ["2013", "2019"]
        );
        assert_eq!(all("m.k", true, "MEK mak"), ["MEK", "mak"]);
        let err = Matcher::new("(unclosed", true).unwrap_err();
        assert!(err.starts_with("invalid regex:"), "{err}");
        assert!(!err.contains('\n'));
        // Regex metacharacters are literal outside regex mode.
        assert_eq!(all("U.S.", false, "U.S. USA"), ["U.S."]);
        // Empty matches are skipped rather than looping.
        assert!(all("x*", true, "abc").is_empty());
    }

    #[test]
    fn overlapping_matches_are_leftmost_non_overlapping() {
        assert_eq!(
            Matcher::new("aa", false)
                .unwrap()
                .unwrap()
                .find_all("aaaaa"),
            vec![0..2, 2..4]
        );
    }

    #[test]
    fn matches_never_cross_blocks() {
        assert!(all(r"end\sstart", true, "the end\nstart").is_empty());
    }

    /// The same ASCII query through its regex alone.
    fn regex_only(query: &str) -> Matcher {
        let m = Matcher::new(query, false).unwrap().unwrap();
        let Kind::Ascii(ascii) = &m.kind else {
            panic!("{query:?} is not a plain ASCII query");
        };
        Matcher {
            kind: Kind::Regex(ascii.regex.clone()),
            ..m.clone()
        }
    }

    /// Text of the characters that make an ASCII query's regex differ from
    /// its literal, and others around them.
    const TRICKY: &str = "ab ABeé\u{e9}E\u{301}\u{ad}\u{200b}\u{2060}\u{a0}\u{202f}\u{212a}k\u{17f}s\u{2019}\u{4e2d}x.\n";

    #[test]
    fn plain_ascii_queries_take_the_literal_path_and_find_what_the_regex_finds() {
        for q in [
            "durres",
            "Durres",
            "mek",
            "istanbul",
            "aa",
            "a",
            "donau dampf",
            "x.y",
            "end",
            "the end",
            "es",
            "s",
            "k",
            "U.S.",
            "e b",
        ] {
            let m = Matcher::new(q, false).unwrap().unwrap();
            assert!(matches!(m.kind, Kind::Ascii(_)), "{q:?}");
            for text in [
                "Manëz, Durrës County; Durres; DURRËS, Durre\u{308}s and Durre\u{308}\u{301}s.",
                "MEK mek Mek mEk m\u{e9}k M\u{c9}K",
                "İstanbul and istanbul, ISTANBUL",
                "aaaaa aaa a\u{301}a\u{301}a",
                "Donau\u{a0}dampf, Donau dampf, Donau\u{202f}dampf, Donaudampf",
                "x.\u{301}y and x.y, U.S. u.s.",
                "the end\nstart the\nend, \u{201c}the end\u{201d}",
                "Dur\u{200b}\u{2060}res, Durre\u{ad}\u{308}s, e\u{301}\u{ad}s \u{212a} \u{17f}",
                "\u{2019}\u{2019}mek\u{2019}mek\u{2019} \u{4e2d}\u{4e2d}aa\u{4e2d}",
            ] {
                assert_eq!(
                    m.find_all(text),
                    regex_only(q).find_all(text),
                    "{q:?} in {text:?}"
                );
            }
        }
        // Regex mode, a diacritic or a no-break space in the query: not plain.
        for (q, regex) in [("abc", true), ("durrës", false), ("a\u{a0}b", false)] {
            let m = Matcher::new(q, regex).unwrap().unwrap();
            assert!(!matches!(m.kind, Kind::Ascii(_)), "{q:?}");
        }
    }

    #[test]
    fn the_ascii_path_looks_ahead_in_windows_and_agrees_with_the_regex_across_them() {
        // Matches and the characters that send a line to the regex, at and
        // around the look-ahead's window edges (4, 12, 28 KiB...).
        let edges = [
            LOOK_AHEAD_MIN,
            3 * LOOK_AHEAD_MIN,
            7 * LOOK_AHEAD_MIN,
            15 * LOOK_AHEAD_MIN,
        ];
        for q in ["needle", "e", "ab c"] {
            let m = Matcher::new(q, false).unwrap().unwrap();
            for shift in [0usize, 1, 2, 3, 5, 6, 7, 64] {
                for special in ["", "e\u{301}", "\u{e9}", "\u{4e2d}", "ab\u{a0}c"] {
                    let mut text = String::new();
                    for (i, &edge) in edges.iter().enumerate() {
                        let at = edge.saturating_sub(shift);
                        while text.len() < at {
                            text.push_str(["x", "y z ", "q"][i % 3]);
                        }
                        text.push_str("needle");
                        text.push_str(special);
                        text.push_str("ab cneedl");
                    }
                    text.push_str(&"w".repeat(LOOK_AHEAD_MAX + 10));
                    text.push_str("needle\nab c");
                    let want = regex_only(q).find_all(&text);
                    assert!(!want.is_empty());
                    assert_eq!(m.find_all(&text), want, "{q:?} shift {shift} {special:?}");
                    for r in want.iter().step_by(want.len() / 30 + 1) {
                        let resumed: Vec<_> = m.find_iter(&text, r.end).collect();
                        let expected: Vec<_> = regex_only(q).find_iter(&text, r.end).collect();
                        assert_eq!(resumed, expected, "{q:?} from {}", r.end);
                    }
                }
            }
        }
    }

    #[test]
    fn only_the_characters_the_prefilter_stops_at_can_join_an_ascii_match() {
        // Every character the prefilter passes over, in one text: no query
        // of ASCII letters, space or mark can match any of it.
        let passed: String = (0x80..=0x10ffff_u32)
            .filter_map(char::from_u32)
            .filter(|&c| !may_join_ascii_match(c))
            .collect();
        let letters: String = ('a'..='z').chain('A'..='Z').collect();
        for case_insensitive in [true, false] {
            let mut classes = letters
                .chars()
                .map(|c| literal_pattern(&c.to_string(), true, case_insensitive))
                .collect::<Vec<_>>();
            classes.push(literal_pattern(" ", true, case_insensitive));
            classes.push(r"\p{M}".into());
            classes.push(INVISIBLE_RUN.replace('*', ""));
            let any = RegexBuilder::new(&classes.join("|"))
                .case_insensitive(case_insensitive)
                .build()
                .unwrap();
            let found: Vec<String> = any
                .find_iter(&passed)
                .map(|m| format!("{:x}", passed[m.range()].chars().next().unwrap() as u32))
                .collect();
            let found = (!found.is_empty()).then(|| found.join(" "));
            assert_eq!(found, None, "case-insensitive: {case_insensitive}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_ascii_path_agrees_with_the_regex(
            text in proptest::collection::vec(proptest::sample::select(TRICKY.chars().collect::<Vec<_>>()), 0..60),
            query in "[abeEks. ]{1,4}",
        ) {
            let text: String = text.into_iter().collect();
            let Ok(Some(m)) = Matcher::new(&query, false) else {
                return Ok(());
            };
            if !matches!(m.kind, Kind::Ascii(_)) {
                return Ok(());
            }
            let expected = regex_only(&query).find_all(&text);
            proptest::prop_assert_eq!(m.find_all(&text), expected.clone());
            // Resuming at any match's start or end finds the same matches.
            for r in &expected {
                for at in [r.start, r.end] {
                    let resumed: Vec<_> = m.find_iter(&text, at).collect();
                    let want: Vec<_> = regex_only(&query).find_iter(&text, at).collect();
                    proptest::prop_assert_eq!(resumed, want);
                }
            }
            // The prefilter never passes over a match.
            for from in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                let first = expected.iter().find(|r| r.start >= from).map(|r| r.start);
                for limit in [from, from + 3, text.len()] {
                    let skip = m.skip_to(&text, from, limit);
                    proptest::prop_assert!(skip >= from);
                    if let Some(first) = first {
                        proptest::prop_assert!(skip <= first, "skip {} past {} (limit {})", skip, first, limit);
                    }
                }
            }
        }
    }

    /// The same query through the long-literal matcher.
    fn folded(query: &str) -> Matcher {
        let fold = Fold {
            case: !is_case_sensitive(query),
            accents: !has_diacritics(query),
        };
        Matcher {
            query: query.to_string(),
            regex_mode: false,
            kind: Kind::Literal(Box::new(Literal::new(query, fold))),
        }
    }

    #[test]
    fn the_long_literal_matcher_finds_what_the_regex_finds() {
        let texts = [
            "Manëz, Durrës County; Durres; DURRËS, Durre\u{308}s and Durre\u{308}\u{301}s.",
            "MEK mek Mek mEk m\u{e9}k M\u{c9}K",
            "İstanbul and istanbul, ISTANBUL",
            "aaaaa aaa a\u{301}a\u{301}a",
            "Donau\u{a0}dampf, Donau dampf, Donau\u{202f}dampf, Donaudampf",
            "x.\u{301}y and x.y",
            "東京 and 東京東京",
            "the end\nstart the\nend",
            "Donau\u{ad}dampf\u{ad}schiff, Dur\u{200b}\u{2060}res, Durre\u{ad}\u{308}s, e\u{301}\u{ad}s",
            "\u{ad}aa\u{200b}a\u{ad}\u{ad}a\u{2060}",
        ];
        let queries = [
            "durres",
            "durrës",
            "Durrës",
            "mek",
            "Mek",
            "MEK",
            "istanbul",
            "aa",
            "a",
            "donau dampf",
            "donau\u{a0}dampf",
            "x.y",
            "東京",
            "end",
            "the end",
            "es",
            "s",
            "donaudampf",
            "dampf\u{ad}schiff",
            "Dampfschiff",
        ];
        for text in texts {
            let text = &text.replace("\\n", "\n");
            for q in queries {
                let regex = Matcher::new(q, false).unwrap().unwrap();
                assert!(matches!(regex.kind, Kind::Regex(_) | Kind::Ascii(_)));
                assert_eq!(
                    folded(q).find_all(text),
                    regex.find_all(text),
                    "{q:?} in {text:?}"
                );
            }
        }
    }

    #[test]
    fn the_long_literal_matcher_crosses_its_windows() {
        // Matches straddle every window boundary; runs of marks fold to
        // nothing and must not stall the scan.
        let unit = "abcd\u{301}\u{301}e ";
        let text = format!("{}{}", unit.repeat(40_000), "\u{301}".repeat(100_000));
        let text = format!("{text}abcde");
        let expected = Matcher::new("bcde", false)
            .unwrap()
            .unwrap()
            .find_all(&text);
        assert_eq!(expected.len(), 40_001);
        assert_eq!(folded("bcde").find_all(&text), expected);
        assert_eq!(folded("bcde a").find_all(&text).len(), 39_999);
    }

    #[test]
    fn literal_queries_of_ten_thousand_letters_work() {
        // The accent-folding regex of this query would be refused as too
        // large; the literal matcher takes it.
        let word: String = (0..10_000)
            .map(|i| (b'a' + (i % 26) as u8) as char)
            .collect();
        let text = format!("before {word} between {} after", word.to_uppercase());
        let m = Matcher::new(&word, false).unwrap().unwrap();
        assert!(matches!(m.kind, Kind::Literal(_)));
        let found = m.find_all(&text);
        assert_eq!(found.len(), 2, "smart case: lowercase matches both");
        assert_eq!(&text[found[0].clone()], word);
        // With an accent in the text, it still matches (accent-insensitive).
        let accented = text.replacen('e', "\u{e9}", 2);
        assert_eq!(m.find_all(&accented).len(), 2);
        // A capital makes it case-sensitive; a diacritic makes it exact.
        let upper = word.to_uppercase();
        assert_eq!(
            Matcher::new(&upper, false)
                .unwrap()
                .unwrap()
                .find_all(&text)
                .len(),
            1
        );
        let exact = format!("{}\u{e9}", &word[..100]);
        let m = Matcher::new(&exact, false).unwrap().unwrap();
        assert!(m.find_all(&text).is_empty());
        assert_eq!(
            m.find_all(&accented).len(),
            0,
            "the é is not where the query has it"
        );
        // Just over the threshold, a query is as good as under it.
        let q = "a".repeat(LITERAL_MATCHER_FROM_CHARS + 1);
        let text = "a".repeat(1000);
        assert_eq!(
            Matcher::new(&q, false)
                .unwrap()
                .unwrap()
                .find_all(&text)
                .len(),
            1000 / q.len()
        );
    }

    #[test]
    fn a_space_matches_a_no_break_space() {
        let text = "Donau\u{a0}dampf, Donau\u{202f}dampf, Donau dampf, Donau-dampf";
        let found = all("donau dampf", false, text);
        assert_eq!(
            found,
            ["Donau\u{a0}dampf", "Donau\u{202f}dampf", "Donau dampf"]
        );
        // With diacritics (an exact query) too.
        let text = "Durrës\u{a0}County and Durrës County";
        assert_eq!(all("Durrës County", false, text).len(), 2);
        // Regular expressions mean what they say.
        assert_eq!(all("Durrës County", true, text).len(), 1);
    }

    #[test]
    fn a_literal_query_matches_across_invisible_characters() {
        // Soft hyphen, zero-width space, word joiner: none is drawn, so the
        // query matches the word shown, and the match covers the run.
        let text = "Die Donau\u{ad}dampf\u{ad}schiff\u{ad}fahrt fuhr.";
        assert_eq!(all("donaud", false, text), ["Donau\u{ad}d"]);
        assert_eq!(
            all("Donaudampfschiff", false, text),
            ["Donau\u{ad}dampf\u{ad}schiff"]
        );
        let thai = "ภาษา\u{200b}ไทย\u{200b}เป็น\u{200b}ภาษา";
        assert_eq!(
            all("ภาษาไทยเป็น", false, thai),
            ["ภาษา\u{200b}ไทย\u{200b}เป็น"]
        );
        assert_eq!(
            all("wordjoiner", false, "Word\u{2060}joiner"),
            ["Word\u{2060}joiner"]
        );
        // A run of several, of any mix, between any two characters; none
        // before or after the match is taken.
        let text = "\u{200b}a\u{ad}\u{2060}\u{200b}b\u{ad}";
        assert_eq!(
            Matcher::new("ab", false).unwrap().unwrap().find_all(text),
            vec![3..13]
        );
        // Accent folding and no-break spaces still apply around them.
        assert_eq!(
            all(
                "durres county",
                false,
                "Dur\u{ad}re\u{301}s\u{a0}\u{200b}County"
            ),
            ["Dur\u{ad}re\u{301}s\u{a0}\u{200b}County"]
        );
        // Invisible characters in the query count for nothing; a query of
        // nothing else shows nothing and matches nothing.
        assert_eq!(all("donau\u{ad}dampf", false, "Donaudampf"), ["Donaudampf"]);
        assert!(Matcher::new("\u{200b}\u{ad}", false).unwrap().is_none());
        // Regular expressions mean what they say.
        assert!(all("donaud", true, "Donau\u{ad}dampf").is_empty());
        assert_eq!(all("donau.d", true, "Donau\u{ad}dampf"), ["Donau\u{ad}d"]);
        assert_eq!(all(r"\x{AD}", true, "Donau\u{ad}dampf"), ["\u{ad}"]);
    }

    #[test]
    fn the_long_literal_matcher_matches_across_invisible_characters() {
        let word: String = (0..200).map(|i| (b'a' + (i % 26) as u8) as char).collect();
        // The text has a soft hyphen, a zero-width space and a word joiner
        // inside the word, and one of each around it.
        let mut hidden = String::from("\u{ad}");
        for (i, c) in word.chars().enumerate() {
            hidden.push(c);
            if let Some(&inv) = [(50, '\u{ad}'), (100, '\u{200b}'), (150, '\u{2060}')]
                .iter()
                .find(|(at, _)| *at == i)
                .map(|(_, inv)| inv)
            {
                hidden.push(inv);
                hidden.push(inv);
            }
        }
        hidden.push('\u{200b}');
        let text = format!("x {hidden} {} y", hidden.to_uppercase());
        let m = Matcher::new(&word, false).unwrap().unwrap();
        assert!(matches!(m.kind, Kind::Literal(_)));
        let inner = &hidden[2..hidden.len() - 3];
        assert_eq!(m.find_all(&text).len(), 2);
        for r in m.find_all(&text) {
            assert_eq!(text[r].to_lowercase(), inner);
        }
    }

    #[test]
    fn fuzzy_section_lookup() {
        let doc = crate::load::parse(crate::load::EMBEDDED_NAME, crate::load::EMBEDDED).unwrap();
        let found = fuzzy_sections(&doc, "trl");
        assert_eq!(doc.section_title(found[0]), "Troll farm allegations");
        let found = fuzzy_sections(&doc, "raid");
        assert_eq!(doc.section_title(found[0]), "Raid by Albanian police");
        assert!(fuzzy_sections(&doc, "zzzz").is_empty());
        assert_eq!(fuzzy_sections(&doc, "").len(), doc.sections.len());
    }
}
