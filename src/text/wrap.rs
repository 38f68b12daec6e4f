//! Line breaking: where a block's text may break, and what a wrapped line
//! shows.
//!
//! Break opportunities are those of the Unicode line breaking algorithm
//! (UAX #14, from `unicode-linebreak`), so a zero-width space (U+200B) is
//! one, a word joiner (U+2060) or a no-break space (U+00A0, U+202F) forbids
//! one, and a soft hyphen (U+00AD) is one that shows a hyphen when the line
//! breaks there. Two rules are added:
//!
//! * A URL (`scheme://…`, up to the next space) is kept whole on a line
//!   when it fits on one, and otherwise broken only after `/`, `?`, `&` or
//!   `#` of its address part, never inside `https://`.
//! * A word with punctuation inside (`--ignore-file-case-insensitive`,
//!   `/dev/urandom`, `regex-automata::meta::Regex`) is likewise kept whole
//!   on a line when it fits on one, and broken after its `-`, `/` or other
//!   punctuation only when it does not.
//! * A word wider than the line is cut between grapheme clusters.
//!
//! Lines are found one at a time from a line start, each independently of
//! how the text before it was wrapped, so a long block can be wrapped
//! lazily, in pieces, with the same result as all at once.

use std::ops::Range;

use unicode_linebreak::{BreakOpportunity, linebreaks};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

pub const SOFT_HYPHEN: char = '\u{ad}';

/// Shown before an image's alt text (inside its `Inline::IMAGE` span):
/// ASCII, so it is one column wide on every terminal and font. A line
/// never ends with it: it stays with the alt text's first word.
pub const IMAGE_MARKER: &str = "[img]";

/// What joins the items of a list or the lines of a cell written on one
/// line (`one · two`): a line never starts with its `·`.
const ITEM_SEPARATOR: &str = "· ";

/// How far back from a line start a URL token's start is looked for; a
/// token longer than this is wrapped as ordinary text there.
const TOKEN_LOOKBACK: usize = 512;

/// Calls `f` with each piece a grapheme cluster is drawn as, one piece a
/// terminal cell (or two, for a wide character), and its width in columns.
///
/// Most terminals (xterm, tmux, VTE, vt100) give each code point its own
/// width: a Devanagari cluster such as `कि`, a flag or `ﾊﾞ` fills two
/// cells of one column each, while the frame buffer would hold it in one
/// two-column cell and never write the second cell again; when that cell
/// changes to something narrower, the terminal keeps showing the old second
/// half (`ि`, `ा` left in the margin after scrolling). So a cluster is
/// drawn as its code points, each with the zero-width ones that follow it,
/// exactly the cells the terminal fills. Emoji sequences are made to
/// measure the same in terminals that join them: without U+FE0F (it widens
/// a text-default symbol in some terminals only), without the ZWJs of an
/// emoji ZWJ sequence (tmux and others append whatever follows a ZWJ to the
/// cell before it, so `🏴‍☠️` would fill one cell where the buffer has two),
/// and, where joining would change the width (skin-tone modifiers), without
/// modifiers: each emoji then stands alone with its own width.
/// A ZWJ after a letter (Indic conjuncts, Arabic joining forms) is kept: it
/// shapes the word.
pub fn for_each_piece(g: &str, mut f: impl FnMut(&str, usize)) {
    if g.len() == 1 {
        return f(g, 1);
    }
    let dropped = emoji_joiners(g);
    let mut chars = g.chars();
    let simple = chars.next().is_some_and(|c| char_width(c) > 0)
        && chars.all(|c| char_width(c) == 0 && !dropped(c));
    if simple {
        // One base and its marks: one cell, as the terminal has it.
        return f(g, code_point_width(g));
    }
    let mut cleaned: String = g.chars().filter(|&c| !dropped(c)).collect();
    if buffer_width(&cleaned) != code_point_width(&cleaned) {
        cleaned.retain(|c| !matches!(c, ZWJ | '\u{1f3fb}'..='\u{1f3ff}'));
    }
    let mut start = None;
    for (i, c) in cleaned.char_indices() {
        if char_width(c) > 0 {
            if let Some(s) = start {
                f(&cleaned[s..i], code_point_width(&cleaned[s..i]));
            }
            start = Some(i);
        }
    }
    if let Some(s) = start {
        f(&cleaned[s..], code_point_width(&cleaned[s..]));
    }
}

/// Which code points of cluster `g` are left out when it is drawn: U+FE0F
/// always, and ZWJs when the cluster starts with a symbol rather than a
/// letter (an emoji ZWJ sequence, or an emoji with a stray joiner).
fn emoji_joiners(g: &str) -> impl Fn(char) -> bool {
    let symbol = g.chars().next().is_some_and(|c| !c.is_alphabetic());
    move |c| c == '\u{fe0f}' || (symbol && c == ZWJ)
}

const ZWJ: char = '\u{200d}';

fn char_width(c: char) -> usize {
    unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
}

/// Columns one grapheme cluster takes as drawn (see [`for_each_piece`]).
pub fn cluster_width(g: &str) -> usize {
    if g.len() == 1 {
        return 1;
    }
    let mut w = 0;
    for_each_piece(g, |_, piece| w += piece);
    w
}

/// The width of a cluster as a terminal that measures each code point
/// counts it.
fn code_point_width(g: &str) -> usize {
    g.chars().map(char_width).sum()
}

/// The width the frame buffer gives a cluster (ratatui's `CellWidth`: a
/// one-byte cluster is one column; halfwidth sound marks count once more).
fn buffer_width(g: &str) -> usize {
    if g.len() == 1 {
        1
    } else {
        g.width()
            + g.chars()
                .filter(|&c| matches!(c, '\u{ff9e}' | '\u{ff9f}'))
                .count()
    }
}

/// `s` as the terminal is given it, cluster by cluster ([`for_each_piece`]):
/// an emoji ZWJ sequence as its emoji, U+FE0F left out. Text measured and
/// cut in this form is cut where the terminal shows it; measured whole, a
/// family emoji is 2 columns, and the 6 it is drawn in showed only its
/// first emoji.
pub fn as_drawn(s: &str) -> std::borrow::Cow<'_, str> {
    if s.is_ascii() {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut changed = false;
    for g in s.graphemes(true) {
        let from = out.len();
        for_each_piece(g, |piece, _| out.push_str(piece));
        changed |= out[from..] != *g;
    }
    if changed {
        std::borrow::Cow::Owned(out)
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// `s` in at most `width` columns as drawn ([`as_drawn`]): whole, or cut
/// between grapheme clusters with `…` where the rest was, keeping its
/// start (its end when `keep_end`: a path's file name). The chrome's one
/// cut: titles, lists, breadcrumbs, `=`.
pub fn ellipsize(s: &str, width: usize, keep_end: bool) -> String {
    let s = as_drawn(s);
    if s.width() <= width {
        return s.into_owned();
    }
    let mut used = 0;
    let mut kept: Vec<&str> = Vec::new();
    let clusters: Box<dyn Iterator<Item = &str>> = if keep_end {
        Box::new(s.graphemes(true).rev())
    } else {
        Box::new(s.graphemes(true))
    };
    for g in clusters {
        let w = cluster_width(g);
        if used + w + 1 > width {
            break;
        }
        used += w;
        kept.push(g);
    }
    if width == 0 {
        return String::new();
    }
    if keep_end {
        kept.reverse();
        format!("…{}", kept.concat())
    } else {
        format!("{}…", kept.concat())
    }
}

/// Columns of a piece of document text, summed over its clusters.
pub fn text_width(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.graphemes(true).map(cluster_width).sum()
    }
}

/// Columns of the widest piece of `text` no line break may split: a word
/// between spaces, or, in text with break opportunities inside words
/// (CJK, which breaks between characters), the widest piece between them.
pub fn widest_unbreakable(text: &str) -> usize {
    text.split([' ', '\n'])
        .map(|word| {
            if word.is_ascii() {
                return word.len();
            }
            let mut widest = 0;
            let mut from = 0;
            for (p, _) in linebreaks(word) {
                widest = widest.max(text_width(&word[from..p]));
                from = p;
            }
            widest
        })
        .max()
        .unwrap_or(0)
}

/// Whether a wrapped line shows a hyphen at its end: it broke at a soft
/// hyphen (the last line of a block never breaks).
pub fn shows_hyphen(line: &str, last: bool) -> bool {
    !last && line.ends_with(SOFT_HYPHEN)
}

/// The text a wrapped line shows, for plain output: invisible characters
/// (zero-width space, word joiner, soft hyphen) left out, and a hyphen at
/// the end when the line broke at a soft hyphen.
pub fn plain_line(line: &str, last: bool) -> String {
    let mut out: String = line
        .chars()
        .filter(|&c| !matches!(c, SOFT_HYPHEN | '\u{200b}' | '\u{2060}'))
        .collect();
    if shows_hyphen(line, last) {
        out.push('-');
    }
    out
}

/// Wraps `text` to `width` columns; each line as a byte range of `text`
/// without the spaces it broke at. Empty text is one empty line.
pub fn wrap_ranges(text: &str, width: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let (line, next) = next_line(text, start, width);
        out.push(line);
        start = next;
    }
    if out.is_empty() {
        out.push(0..0);
    }
    out
}

/// A URL token met while looking for a line's end.
#[derive(Debug, Clone, Copy)]
struct Url {
    /// Where its token (the run of non-spaces holding it) starts.
    token_start: usize,
    /// Just past `://`: breaks are allowed only after this.
    body_start: usize,
}

/// If `text[at..]` starts `://` after a scheme, the URL it begins.
fn url_at(text: &str, colon: usize) -> Option<Url> {
    let bytes = text.as_bytes();
    let mut s = colon;
    while s > 0 && s + 32 > colon {
        let b = bytes[s - 1];
        if b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-') {
            s -= 1;
        } else {
            break;
        }
    }
    // The scheme starts with a letter; skip leading digits and signs.
    while s < colon && !bytes[s].is_ascii_alphabetic() {
        s += 1;
    }
    if s == colon {
        return None;
    }
    let token_start = token_start_before(text, s);
    Some(Url {
        token_start,
        body_start: colon + 3,
    })
}

/// Where the space-separated token holding byte `at` starts, looking back
/// at most `TOKEN_LOOKBACK` bytes: the limit is moved forward to a
/// character boundary, since text before it may be any script.
fn token_start_before(text: &str, at: usize) -> usize {
    let mut floor = at.saturating_sub(TOKEN_LOOKBACK);
    while !text.is_char_boundary(floor) {
        floor += 1;
    }
    memchr::memrchr(b' ', &text.as_bytes()[floor..at]).map_or(floor, |i| floor + i + 1)
}

/// The first URL whose `://` lies in `text[from..to]`.
fn find_url(text: &str, from: usize, to: usize) -> Option<Url> {
    let hay = &text.as_bytes()[from..to.min(text.len())];
    let mut at = 0;
    while let Some(i) = memchr::memmem::find(&hay[at..], b"://") {
        if let Some(url) = url_at(text, from + at + i) {
            return Some(url);
        }
        at += i + 1;
    }
    None
}

/// The URL token `start` lies inside (after its start), if any.
fn url_around(text: &str, start: usize) -> Option<Url> {
    let token_start = token_start_before(text, start);
    if token_start == start {
        return None;
    }
    // `://` may end just past `start`.
    let end = (start + 2).min(text.len());
    find_url(text, token_start, end).filter(|u| u.token_start == token_start)
}

/// When a URL's token (`https://…`, `<https://…>`) starts at `start`,
/// where it ends (the next space, or the end). Its `://` is looked for
/// in the token's first bytes only (a scheme is short), so a long word
/// that is no URL costs nothing here.
fn url_token_from(text: &str, start: usize) -> Option<usize> {
    let mut reach = (start + 64).min(text.len());
    while !text.is_char_boundary(reach) {
        reach -= 1;
    }
    let head = &text.as_bytes()[start..reach];
    let head = &head[..memchr::memchr(b' ', head).unwrap_or(head.len())];
    let url = find_url(text, start, start + head.len())?;
    (url.token_start == start)
        .then(|| memchr::memchr(b' ', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i))
}

/// Whether the token from `from` to the next space fits in `width` columns.
fn token_fits(text: &str, from: usize, width: usize) -> bool {
    let rest = &text[from..];
    let mut w = 0;
    for g in rest.graphemes(true) {
        if g == " " {
            return true;
        }
        w += cluster_width(g);
        if w > width {
            return false;
        }
    }
    true
}

/// Where a line may end: just before `at`'s spaces.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    /// The next line starts here (after the spaces).
    at: usize,
    /// The line ends here (before the spaces).
    content_end: usize,
}

/// The line starting at byte `start` (< `text.len()`) at `width` columns:
/// its byte range without the spaces it breaks at, and where the next line
/// starts (`text.len()` after the last line).
pub fn next_line(text: &str, start: usize, width: usize) -> (Range<usize>, usize) {
    next_line_as(text, start, width, false)
}

/// [`next_line`], with `whole_urls` (`--print`) never breaking inside a
/// URL: one wider than the line is a line of its own, as wide as it is
/// (as glow and w3m print one), so a terminal can still click it and
/// copying it gives the address. The pane breaks it instead (after `/`,
/// `?`, `&` or `#`): a line wider than the pane would be cut at its edge.
pub fn next_line_as(
    text: &str,
    start: usize,
    width: usize,
    whole_urls: bool,
) -> (Range<usize>, usize) {
    let width = width.max(1);
    if whole_urls
        && let Some(end) = url_token_from(text, start)
        && !token_fits(text, start, width)
    {
        return (
            start..end,
            text.len() - text[end..].trim_start_matches(' ').len(),
        );
    }
    let mut url = url_around(text, start);
    // Ordinary and URL break points that fit, in order.
    let mut candidates: Vec<Candidate> = Vec::new();
    // Break points inside a URL that started on this line, usable only if
    // that URL cannot be whole on any line.
    let mut url_candidates: Vec<Candidate> = Vec::new();
    // Break points after punctuation inside a word that started on this
    // line (see below).
    let mut word_candidates: Vec<Candidate> = Vec::new();
    // Break points after an image's marker or before a separator: used
    // only where a line has no other.
    let mut glued_candidates: Vec<Candidate> = Vec::new();
    let mut cols = 0;
    let mut seg_start = start;
    let mut overflowed = false;
    // Only the text a line can reach is looked at, so a word of megabytes
    // costs a line's worth per line.
    let window = window_end(text, start, width);
    for (p, opportunity) in linebreaks(&text[start..window]) {
        let p = start + p;
        if p == window && window < text.len() {
            // The window's end, not a break opportunity.
            overflowed = true;
            break;
        }
        let seg = &text[seg_start..p];
        let content = seg.trim_end_matches(' ');
        let content_end = seg_start + content.len();
        let spaces = seg.len() - content.len();
        if url.is_none()
            && let Some(found) = find_url(text, seg_start.saturating_sub(2).max(start), content_end)
        {
            // Break points inside the token so far were not break points.
            candidates.retain(|c| c.at <= found.token_start.max(start));
            url = Some(found);
        }
        // Inside a URL, after each `/`, `?`, `&` or `#` of its address is a
        // break point too (the line breaking algorithm has none after `&`
        // or `#`).
        let mut piece = seg_start;
        if let Some(u) = url {
            let from = seg_start.max(u.body_start);
            for i in memchr::memchr3_iter(
                b'/',
                b'?',
                b'&',
                &text.as_bytes()[from.min(content_end)..content_end],
            )
            .chain(memchr::memchr_iter(
                b'#',
                &text.as_bytes()[from.min(content_end)..content_end],
            ))
            .collect::<std::collections::BTreeSet<_>>()
            {
                let q = from + i + 1;
                if q >= content_end || q <= u.body_start {
                    continue;
                }
                let piece_cols = cols + text_width(&text[piece..q]);
                if piece_cols > width {
                    overflowed = true;
                    break;
                }
                cols = piece_cols;
                piece = q;
                let c = Candidate {
                    at: q,
                    content_end: q,
                };
                if u.token_start > start {
                    url_candidates.push(c);
                } else {
                    candidates.push(c);
                }
            }
            if overflowed {
                break;
            }
        }
        // The line breaking rules never break before `/`, even after a
        // space (`otherwise /dev/urandom`); a path starts a word, so the
        // space before it is a break point too.
        if url.is_none() {
            for (k, _) in content.match_indices(" /") {
                let before = content[..k].trim_end_matches(' ');
                let end = seg_start + before.len();
                if !before.is_empty() && cols + text_width(&text[seg_start..end]) <= width {
                    candidates.push(Candidate {
                        at: seg_start + k + 1,
                        content_end: end,
                    });
                }
            }
        }
        let line_cols = cols + text_width(&text[piece..content_end]);
        if line_cols > width {
            overflowed = true;
            break;
        }
        cols = line_cols + spaces;
        let candidate = Candidate { at: p, content_end };
        // The last line never shows a hyphen.
        let hyphen = usize::from(p < text.len() && content.ends_with(SOFT_HYPHEN));
        let fits = line_cols + hyphen <= width;
        let token_ends = spaces > 0 || p == text.len();
        match url {
            Some(u) if !token_ends => {
                let after = text[..p].ends_with(['/', '?', '&', '#']);
                if after && p > u.body_start && fits {
                    if u.token_start > start {
                        url_candidates.push(candidate);
                    } else {
                        candidates.push(candidate);
                    }
                }
            }
            _ => {
                url = None;
                // A break after punctuation inside a word (`--long-flag`,
                // `/dev/urandom`, `a::b::C`) of a word that began on this
                // line: used only if that word cannot be whole on a line.
                let inside = !token_ends
                    && content.ends_with(|c: char| c.is_ascii_punctuation())
                    && token_start_before(text, content_end) > start;
                // An image's marker stays with its name, and a separator
                // with the item before it: no break after `[img] ` or
                // before `· ` (the line ends at a break before either).
                let glued = token_ends
                    && p < text.len()
                    && (content.ends_with(IMAGE_MARKER) || text[p..].starts_with(ITEM_SEPARATOR));
                if fits && glued {
                    glued_candidates.push(candidate);
                } else if fits && inside {
                    word_candidates.push(candidate);
                } else if fits {
                    candidates.push(candidate);
                }
            }
        }
        seg_start = p;
        if opportunity == BreakOpportunity::Mandatory && p < text.len() && fits {
            break;
        }
    }
    // The same for a word with punctuation inside: the breaks inside the
    // word the line overflows in count only if it is wider than a line.
    if overflowed {
        let last = candidates.last().map_or(start, |c| c.at);
        word_candidates.retain(|c| c.at > last);
        if let Some(first) = word_candidates.first()
            && (candidates.is_empty()
                || !token_fits(text, token_start_before(text, first.content_end), width))
        {
            candidates.append(&mut word_candidates);
        }
    }
    // A URL that started on this line and does not fit: move it whole to
    // the next line if it fits there, else break inside it (with
    // `whole_urls`, it is moved whole all the same).
    if let Some(u) = url.filter(|u| overflowed && u.token_start > start)
        && if whole_urls {
            // Glued to the text before it: broken all the same.
            candidates.is_empty() && glued_candidates.is_empty()
        } else {
            candidates.is_empty() || !token_fits(text, u.token_start, width)
        }
    {
        candidates.extend(url_candidates);
        candidates.sort_by_key(|c| c.at);
    }
    match candidates.last().or(glued_candidates.last()) {
        Some(c) => (start..c.content_end, c.at),
        None => forced_break(text, start, width),
    }
}

/// Where the text a line from `start` could reach ends: `width` columns
/// and a few clusters more, so the breaks up to the line's end are those
/// of the whole text.
fn window_end(text: &str, start: usize, width: usize) -> usize {
    const MARGIN: usize = 16;
    let rest = &text[start..];
    let ascii = rest.len().min(width + MARGIN + 1);
    if rest.as_bytes()[..ascii].is_ascii() {
        return start + ascii;
    }
    let mut cols = 0;
    let mut extra = 0;
    for (i, g) in rest.grapheme_indices(true) {
        if cols > width {
            extra += 1;
            if extra > MARGIN {
                return start + i;
            }
        }
        cols += cluster_width(g);
    }
    text.len()
}

/// How many bytes of cluster `g` to put on a line with `width` columns
/// left, when the whole cluster is wider: an emoji ZWJ sequence (one
/// cluster however long: 21 joined emoji are 42 columns) is cut after the
/// last joiner that fits, so it is broken across lines rather than left
/// out; any other cluster, or when not even one component fits, whole.
pub fn cluster_cut(g: &str, width: usize) -> usize {
    if g.len() == 1 || cluster_width(g) <= width {
        return g.len();
    }
    let mut best = None;
    for (i, _) in g.match_indices(ZWJ) {
        let end = i + ZWJ.len_utf8();
        if cluster_width(&g[..end]) > width {
            break;
        }
        best = Some(end);
    }
    match best {
        Some(end) => end,
        // Not even the first component: that one alone, on a line of its own.
        None => g.find(ZWJ).map_or(g.len(), |i| i + ZWJ.len_utf8()),
    }
}

/// Cuts a word wider than the line between grapheme clusters: as many as
/// fit (leaving room for a hyphen if the cut falls after a soft hyphen),
/// at least one; a first cluster wider than the line is cut after a joiner
/// ([`cluster_cut`]).
fn forced_break(text: &str, start: usize, width: usize) -> (Range<usize>, usize) {
    let mut cols = 0;
    let mut end = start;
    for (i, g) in text[start..].grapheme_indices(true) {
        let next = cols + cluster_width(g);
        let hyphen = usize::from(g == "\u{ad}");
        if end > start && next + hyphen > width {
            break;
        }
        if end == start && next > width {
            let cut = cluster_cut(g, width);
            if cut < g.len() {
                let end = start + i + cut;
                return (start..end, end);
            }
        }
        cols = next;
        end = start + i + g.len();
        if cols >= width {
            break;
        }
    }
    (start..end, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_widest_unbreakable_piece_of_cjk_is_a_character() {
        assert_eq!(widest_unbreakable("one three"), 5);
        assert_eq!(widest_unbreakable("とても長い説明文がここに入ります。"), 4);
        assert_eq!(widest_unbreakable("名前 ✅"), 2);
        assert_eq!(widest_unbreakable("café au lait"), 4);
        assert_eq!(widest_unbreakable(""), 0);
    }

    fn lines(text: &str, width: usize) -> Vec<String> {
        let ranges = wrap_ranges(text, width);
        let n = ranges.len();
        ranges
            .into_iter()
            .enumerate()
            .map(|(i, r)| plain_line(&text[r], i + 1 == n))
            .collect()
    }

    #[test]
    fn words_wrap_first_fit() {
        assert_eq!(
            lines("alpha beta gamma delta epsilon", 11),
            ["alpha beta", "gamma delta", "epsilon"]
        );
        assert_eq!(lines("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap_ranges("", 10), vec![0..0]);
    }

    /// Every line fits its width, and the lines cover the text in order.
    fn check(text: &str, width: usize) -> Vec<String> {
        let ranges = wrap_ranges(text, width);
        let mut at = 0;
        let n = ranges.len();
        for (i, r) in ranges.iter().enumerate() {
            assert!(r.start >= at, "{text:?} at {width}: {ranges:?}");
            assert!(text[at..r.start].chars().all(|c| c == ' '), "{text:?}");
            let shown = plain_line(&text[r.clone()], i + 1 == n);
            assert!(text_width(&shown) <= width, "{shown:?} wider than {width}");
            at = r.end;
        }
        assert!(text[at..].chars().all(|c| c == ' '));
        lines(text, width)
    }

    /// Flags, paths and Rust paths move whole to the next line when they
    /// fit there; broken after `-` or `/` only when wider than a line.
    #[test]
    fn words_with_punctuation_inside_stay_whole_when_they_fit() {
        let text = "pass --ignore-file-case-insensitive to read /dev/urandom via regex-automata::meta::Regex now";
        assert_eq!(
            check(text, 40),
            [
                "pass --ignore-file-case-insensitive to",
                "read /dev/urandom via",
                "regex-automata::meta::Regex now"
            ]
        );
        assert_eq!(
            check(text, 32),
            [
                "pass",
                "--ignore-file-case-insensitive",
                "to read /dev/urandom via",
                "regex-automata::meta::Regex now"
            ]
        );
        for width in 30..60 {
            for line in check(text, width) {
                for word in [
                    "--ignore-file-case-insensitive",
                    "/dev/urandom",
                    "regex-automata::meta::Regex",
                ] {
                    // A line holding part of a word holds all of it.
                    let head = &word[..word.len() / 2];
                    let tail = &word[word.len() / 2..];
                    assert_eq!(
                        line.contains(head),
                        line.contains(tail),
                        "{width}: {line:?}"
                    );
                }
            }
        }
        // Wider than the line: broken after - or /, filling the line.
        assert_eq!(
            check("see --ignore-file-case-insensitive", 20),
            ["see --ignore-file-", "case-insensitive"]
        );
        assert_eq!(
            check("x /usr/local/share/doc/a", 12),
            ["x /usr/", "local/share/", "doc/a"]
        );
        // A path after a space moves to the next line whole (the line
        // breaking rules have no break before `/`).
        assert_eq!(
            check("if available, otherwise /dev/urandom after", 12),
            ["if", "available,", "otherwise", "/dev/urandom", "after"]
        );
        // Ideographs still fill the line (breaks between them are not
        // breaks inside a word).
        assert_eq!(
            check("ab 日本語の文章です", 12),
            ["ab 日本語の", "文章です"]
        );
    }

    #[test]
    fn soft_hyphen_breaks_with_a_visible_hyphen() {
        let text = "Donau\u{ad}dampf\u{ad}schiff\u{ad}fahrts\u{ad}gesellschaft";
        assert_eq!(
            check(text, 12),
            ["Donaudampf-", "schiff-", "fahrts-", "gesellschaft"]
        );
        assert_eq!(
            check(text, 7),
            ["Donau-", "dampf-", "schiff-", "fahrts-", "gesells", "chaft"]
        );
        assert_eq!(
            check(text, 13),
            ["Donaudampf-", "schifffahrts-", "gesellschaft"]
        );
        assert_eq!(check(text, 30), ["Donaudampfschifffahrts-", "gesellschaft"]);
        assert_eq!(check(text, 80), ["Donaudampfschifffahrtsgesellschaft"]);
        // The hyphen needs its column: no break where it would not fit.
        assert_eq!(check("ab\u{ad}cd ef", 2), ["ab", "cd", "ef"]);
        assert_eq!(check("ab\u{ad}cd ef", 3), ["ab-", "cd", "ef"]);
        // Never a hyphen at the end of the text.
        assert_eq!(check("ab\u{ad}", 2), ["ab"]);
        for w in 1..40 {
            check(text, w);
        }
    }

    #[test]
    fn zero_width_space_is_a_break_and_word_joiner_is_not() {
        let thai = "ภาษา\u{200b}ไทย\u{200b}ง่าย";
        assert_eq!(check(thai, 4), ["ภาษา", "ไทย", "ง่าย"]);
        assert_eq!(check(thai, 7), ["ภาษาไทย", "ง่าย"]);
        assert_eq!(check(thai, 20), ["ภาษาไทยง่าย"]);
        // U+2060 glues what a space or a hyphen would otherwise break.
        assert_eq!(check("x aaa-\u{2060}bbb", 6), ["x", "aaa-bb", "b"]);
        assert_eq!(check("x aaa-bbb", 6), ["x aaa-", "bbb"]);
        assert_eq!(check("x aaa\u{2060} bbb", 6), ["x aaa", "bbb"]);
        for w in 1..15 {
            check(thai, w);
        }
    }

    #[test]
    fn an_image_marker_stays_with_its_name_and_a_separator_with_the_item_before() {
        // `[img] crates.io [img] docs.rs` at 16: not `… [img]` / `docs.rs`.
        assert_eq!(
            lines("[img] crates.io [img] docs.rs", 20),
            ["[img] crates.io", "[img] docs.rs"]
        );
        assert_eq!(lines("one · two · three", 9), ["one ·", "two ·", "three"]);
        // Wider than a line, the marker still goes where it must.
        assert_eq!(lines("[img] abcdefgh", 8), ["[img]", "abcdefgh"]);
        assert_eq!(lines("[img] abcdefghij", 8), ["[img]", "abcdefgh", "ij"]);
    }

    #[test]
    fn no_break_spaces_never_break() {
        assert_eq!(check("a 10\u{a0}km walk", 6), ["a", "10\u{a0}km", "walk"]);
        assert_eq!(check("to 5\u{202f}% now", 4), ["to", "5\u{202f}%", "now"]);
        assert_eq!(check("a 10 km walk", 6), ["a 10", "km", "walk"]);
    }

    /// `--print`'s lines: a URL wider than the line is never broken.
    fn whole_url_lines(text: &str, width: usize) -> Vec<&str> {
        let mut out = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let (r, next) = next_line_as(text, at, width, true);
            assert!(next > at, "{text:?} at {width}: stuck at {at}");
            out.push(&text[r]);
            at = next;
        }
        out
    }

    #[test]
    fn with_whole_urls_a_url_wider_than_the_line_is_a_line_of_its_own() {
        let text = "see <https://example.com/a/b?x=1&y=2#frag> now";
        for w in [5, 12, 20, 30, 37] {
            assert_eq!(
                whole_url_lines(text, w),
                ["see", "<https://example.com/a/b?x=1&y=2#frag>", "now"],
                "at {w}"
            );
        }
        // One that fits is wrapped as the pane wraps it.
        assert_eq!(whole_url_lines(text, 40), check(text, 40));
        assert_eq!(whole_url_lines(text, 80), [text]);
        // At a line's start, with words after it; a bare one too.
        assert_eq!(
            whole_url_lines("https://example.com/a/b/c/d and more words", 12),
            ["https://example.com/a/b/c/d", "and more", "words"]
        );
        // A long word that is no URL is still cut, at the line's width.
        assert_eq!(
            whole_url_lines("abcdefghijklmnopqrst x://", 8),
            ["abcdefgh", "ijklmnop", "qrst", "x://"]
        );
    }

    #[test]
    fn urls_stay_whole_when_they_fit() {
        let text = "see <https://example.com/a/b?x=1&y=2#frag> now";
        assert_eq!(
            check(text, 40),
            ["see", "<https://example.com/a/b?x=1&y=2#frag>", "now"]
        );
        assert_eq!(check(text, 80), [text]);
        // Too long for any line: broken after / ? & # only.
        assert_eq!(
            check(text, 20),
            ["see", "<https://example.com", "/a/b?x=1&y=2#frag>", "now"]
        );
        assert_eq!(
            check(text, 12),
            [
                "see",
                "<https://exa",
                "mple.com/a/",
                "b?x=1&y=2#",
                "frag> now"
            ]
        );
        assert_eq!(
            check(text, 30),
            ["see <https://example.com/a/b?", "x=1&y=2#frag> now"]
        );
        assert_eq!(
            check(text, 34),
            ["see <https://example.com/a/b?x=1&", "y=2#frag> now"]
        );
        assert_eq!(
            check(text, 37),
            ["see <https://example.com/a/b?x=1&y=2#", "frag> now"]
        );
        // Wherever no part of the address is wider than the line, a line
        // ending inside the URL ends with one of / ? & #.
        for w in 21..60 {
            for line in &check(text, w)[..check(text, w).len() - 1] {
                let inside = line.contains("https://") && !line.ends_with('>');
                assert!(
                    !inside || line.ends_with(['/', '?', '&', '#']) && !line.ends_with("//"),
                    "{w}: {line:?}"
                );
            }
        }
        for w in 1..60 {
            check(text, w);
        }
        // A link block's address, and an address met mid-line.
        assert_eq!(
            check("Ref <https://example.org/path/to/page>", 24),
            ["Ref", "<https://example.org/", "path/to/page>"]
        );
    }

    #[test]
    fn a_long_word_of_multibyte_letters_before_a_url_is_not_cut_inside_a_letter() {
        // More than the look-back limit of two-byte letters, glued to a URL:
        // the look-back must not start inside a letter.
        for pad in [299, 300, 301] {
            let text = format!("a {}_https://x.org/{}", "é".repeat(pad), "b/".repeat(400));
            for width in [10, 80, 1000] {
                let shown: String = check(&text, width).concat();
                assert_eq!(
                    shown.replace(' ', ""),
                    text.replace(' ', ""),
                    "pad {pad}, width {width}"
                );
            }
        }
    }

    #[test]
    fn buffer_width_is_ratatuis() {
        use ratatui::buffer::CellWidth;
        for g in [
            "a",
            "日",
            "e\u{301}",
            "👨\u{200d}👩\u{200d}👧",
            "ｶﾞ",
            "\u{ad}",
            "❤\u{fe0f}",
        ] {
            assert_eq!(buffer_width(g), usize::from(g.cell_width()), "{g:?}");
        }
    }

    #[test]
    fn clusters_are_drawn_as_the_cells_a_terminal_fills() {
        fn pieces(g: &str) -> Vec<(String, usize)> {
            let mut out = Vec::new();
            for_each_piece(g, |p, w| out.push((p.to_string(), w)));
            out
        }
        let one = |s: &str, w| vec![(s.to_string(), w)];
        let two = |a: &str, b: &str| vec![(a.to_string(), 1), (b.to_string(), 1)];
        assert_eq!(pieces("a"), one("a", 1));
        assert_eq!(pieces("日"), one("日", 2));
        assert_eq!(pieces("e\u{301}"), one("e\u{301}", 1));
        assert_eq!(pieces("त\u{947}"), one("त\u{947}", 1));
        assert_eq!(pieces("स\u{94d}त\u{947}"), two("स\u{94d}", "त\u{947}"));
        assert_eq!(pieces("कि"), two("क", "ि"));
        assert_eq!(pieces("🇵🇸"), two("🇵", "🇸"));
        assert_eq!(pieces("ﾊﾞ"), two("ﾊ", "ﾞ"));
        assert_eq!(pieces("❤\u{fe0f}"), one("❤", 1));
        assert_eq!(pieces("😀\u{fe0f}"), one("😀", 2));
        assert_eq!(pieces("1\u{fe0f}\u{20e3}"), one("1\u{20e3}", 1));
        assert_eq!(
            pieces("👨\u{200d}👩\u{200d}👧"),
            [
                ("👨".to_string(), 2),
                ("👩".to_string(), 2),
                ("👧".to_string(), 2)
            ]
        );
        assert_eq!(pieces("👍🏽"), one("👍", 2));
        assert_eq!(pieces("\u{ad}"), vec![]);
        // A stray joiner after an emoji would join the next cluster too.
        assert_eq!(pieces("🏴\u{200d}"), one("🏴", 2));
        // Every cluster's width is its pieces' width.
        for g in ["👍🏽", "कि", "ﾊﾞ", "日", "❤\u{fe0f}"] {
            assert_eq!(
                cluster_width(g),
                pieces(g).iter().map(|p| p.1).sum::<usize>()
            );
        }
    }

    /// Emoji ZWJ sequences with a text-default component: terminals that do
    /// not join them (tmux, xterm, vt100) show each component with its own
    /// width, and tmux appends whatever follows a ZWJ to the cell before
    /// it. So neither ZWJ nor U+FE0F is sent, and each component is its own
    /// piece with its standalone width.
    #[test]
    fn emoji_zwj_sequences_are_drawn_as_their_components() {
        use unicode_width::UnicodeWidthChar;
        for (g, parts) in [
            ("🏴\u{200d}☠\u{fe0f}", &["🏴", "☠"][..]),
            ("❤\u{fe0f}\u{200d}🔥", &["❤", "🔥"]),
            ("🏳\u{fe0f}\u{200d}🌈", &["🏳", "🌈"]),
            ("🏳\u{fe0f}\u{200d}⚧\u{fe0f}", &["🏳", "⚧"]),
            ("👁\u{fe0f}\u{200d}🗨\u{fe0f}", &["👁", "🗨"]),
            ("🧑\u{200d}🍳", &["🧑", "🍳"]),
            (
                "👨\u{200d}👩\u{200d}👧\u{200d}👦",
                &["👨", "👩", "👧", "👦"],
            ),
            ("🧑🏽\u{200d}🍳", &["🧑", "🍳"]),
        ] {
            assert_eq!(g.graphemes(true).count(), 1, "{g:?}");
            let mut got = Vec::new();
            for_each_piece(g, |p, w| got.push((p.to_string(), w)));
            let want: Vec<(String, usize)> = parts
                .iter()
                .map(|p| {
                    (
                        p.to_string(),
                        p.chars().map(|c| c.width().unwrap_or(0)).sum(),
                    )
                })
                .collect();
            assert_eq!(got, want, "{g:?}");
            assert!(
                got.iter()
                    .all(|(p, _)| !p.contains(['\u{200d}', '\u{fe0f}'])),
                "{g:?}: {got:?}"
            );
            assert_eq!(
                cluster_width(g),
                want.iter().map(|p| p.1).sum::<usize>(),
                "{g:?}"
            );
        }
    }

    /// An emoji ZWJ sequence is one cluster however long; wider than the
    /// line, it is broken after a joiner, never left out.
    #[test]
    fn a_zwj_chain_wider_than_the_line_is_broken_at_a_joiner() {
        let family = "👨\u{200d}👩\u{200d}👧";
        for n in [20, 21, 40] {
            let chain = vec!["👨"; n].join("\u{200d}");
            for width in [1, 2, 3, 7, 40, 41] {
                let ranges = wrap_ranges(&chain, width);
                let mut at = 0;
                for r in &ranges {
                    assert_eq!(r.start, at, "{n} at {width}");
                    let line = &chain[r.clone()];
                    assert!(!line.is_empty(), "{n} at {width}: an empty line");
                    assert!(text_width(line) <= width.max(2), "{n} at {width}: {line:?}");
                    at = r.end;
                }
                assert_eq!(at, chain.len());
                assert_eq!(
                    ranges.len(),
                    n.div_ceil((width / 2).max(1)),
                    "{n} at {width}"
                );
            }
        }
        assert_eq!(
            check(&format!("a {family} b"), 4),
            ["a", "👨\u{200d}👩\u{200d}", "👧 b"]
        );
    }

    /// In words, a ZWJ or ZWNJ shapes the letters around it: it is kept.
    #[test]
    fn joiners_in_words_are_kept() {
        for word in [
            "क\u{94d}\u{200d}ष", // Devanagari half form
            "ल\u{94d}\u{200d}लि",
            "ന\u{d4d}\u{200d}",                            // Malayalam chillu
            "\u{644}\u{200d}\u{627}",                      // Arabic lam, joined form
            "\u{645}\u{6cc}\u{200c}\u{631}\u{648}\u{645}", // Persian می‌روم
        ] {
            let mut drawn = String::new();
            for g in word.graphemes(true) {
                for_each_piece(g, |p, _| drawn.push_str(p));
            }
            assert_eq!(drawn, word);
        }
    }
}
