//! The one sanitizer: every string that reaches the terminal (document text
//! at load time, file names and excerpts on stderr) goes through here, so a
//! document can never emit raw control, bidi or invisible characters.
//!
//! What happens to each class of character:
//!
//! * C0 controls (U+0000–U+001F, newline and carriage return included) and
//!   DEL become caret notation: `^[` for ESC, `^G` for BEL, `^J` for a
//!   newline, `^?` for DEL. Callers split lines before sanitizing.
//! * TAB expands to spaces, up to the next multiple of 8 display columns
//!   counted from the start of the string (widths from `unicode-width`).
//! * C1 controls (U+0080–U+009F) become `<U+009B>` style markers.
//! * Invisible characters that ordinary text needs keep their meaning:
//!   LRM, RLM and ALM (U+200E, U+200F, U+061C) are dropped (zero width,
//!   never shown, and a terminal must not see a bidi control); zero-width
//!   space U+200B, word joiner U+2060 and soft hyphen U+00AD are kept, for
//!   line breaking (see `wrap`), and never drawn. No-break spaces (U+00A0,
//!   U+202F) are ordinary characters.
//! * Every other general category Cf character becomes a marker: bidi
//!   embeddings, overrides and isolates, invisible math operators, BOM, the
//!   Arabic and other prepended concatenation marks (their width is
//!   inconsistent between `unicode-width` and terminals), interlinear
//!   annotation, Egyptian, shorthand and musical format controls, and tag
//!   characters. So does every other default-ignorable code point without a
//!   legitimate standalone use: reserved U+2065, U+FFF0–U+FFF8 and plane-14
//!   code points, the Hangul fillers U+115F, U+1160, U+3164 and U+FFA0, the
//!   Khmer inherent vowels U+17B4 and U+17B5, and the line and paragraph
//!   separators U+2028 and U+2029.
//! * Some invisible characters are kept where real text needs them, and
//!   marked anywhere else:
//!   - ZWJ U+200D inside an emoji sequence (after an emoji, an emoji
//!     modifier or an emoji's U+FE0F, and before an emoji), and ZWJ or ZWNJ
//!     U+200C next to an Indic virama (as in Sinhala "ශ්‍රී");
//!   - ZWNJ between two Arabic-script letters (Persian "می‌خواهم");
//!   - emoji variation selectors U+FE0E and U+FE0F right after an emoji or a
//!     keycap base (`0`–`9`, `#`, `*`);
//!   - the other variation selectors only right after a character that
//!     takes one: U+E0100–U+E01EF (ideographic variation sequences, as in
//!     Japanese names) after a CJK ideograph, U+FE00–U+FE0D after an
//!     ideograph or a character with standardized variants (mathematical
//!     symbols and arrows, Myanmar, Phags-pa…), the Mongolian free
//!     variation selectors after a Mongolian letter; the combining grapheme
//!     joiner U+034F only between a visible character and a combining mark.
//!     Never two in a row, and never after anything else (a Latin letter, a
//!     space), so nothing can be hidden in a run of them or spread one per
//!     letter;
//!   - tag characters forming an emoji flag sequence: U+1F3F4, then 3 to 7
//!     tag letters or digits, then CANCEL TAG U+E007F.
//! * Everything else (letters and marks of every script, CJK, emoji,
//!   private use) passes unchanged.
//!
//! The result never contains a `char::is_control` character, and applying
//! the sanitizer twice gives the same string as applying it once.

use std::borrow::Cow;
use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

/// Makes `s` safe to show: controls become caret or `<U+XXXX>` notation,
/// tabs become spaces. Returns the input untouched (borrowed) when nothing
/// needs doing, found by a cheap byte scan.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    sanitize_noting(s, |_, _, _| {})
}

/// [`sanitize`], telling `noted` about each character it rewrote, in
/// order: where its notation starts in the result, how many bytes the
/// notation takes there (a tab's spaces, `^[`, `<U+202E>`, or 0 for a
/// character left out), and the character as written. So the text as
/// written can be given back (`Y` copies code exactly).
pub fn sanitize_noting(s: &str, mut noted: impl FnMut(usize, usize, char)) -> Cow<'_, str> {
    let Some((first, fix)) = next_fix(s, 0) else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len() + 16);
    // Display columns of `out[..seg_start]`; tabs recompute the column from
    // the text added since the previous tab, so the whole is linear.
    let mut seg_start = 0;
    let mut seg_col = 0;
    let mut at = first;
    let mut fix = fix;
    let mut done = 0;
    loop {
        out.push_str(&s[done..at]);
        let from = out.len();
        let len = match fix {
            Fix::Tab => {
                let col = seg_col + out[seg_start..].width();
                let n = 8 - col % 8;
                out.extend(std::iter::repeat_n(' ', n));
                seg_start = out.len();
                seg_col = col + n;
                1
            }
            Fix::Caret(b) => {
                out.push('^');
                out.push(char::from(b));
                1
            }
            Fix::Marker(c) => {
                let _ = write!(out, "<U+{:04X}>", u32::from(c));
                c.len_utf8()
            }
            Fix::Drop(c) => c.len_utf8(),
        };
        if let Some(c) = s[at..].chars().next() {
            noted(from, out.len() - from, c);
        }
        done = at + len;
        match next_fix(s, done) {
            Some((next, next_fix)) => {
                at = next;
                fix = next_fix;
            }
            None => break,
        }
    }
    out.push_str(&s[done..]);
    Cow::Owned(out)
}

/// The length of the notation [`sanitize`] writes for a control
/// character (`^?`, `^[`, `<U+202E>`) when `s` starts with one, so a
/// cut never shows a part of it. Text written that way by the author
/// reads the same and is taken for one too.
pub fn notation_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    match b {
        [b'^', c, ..] if (b'@'..=b'_').contains(c) || *c == b'?' => Some(2),
        [b'<', b'U', b'+', rest @ ..] => {
            let hex = rest
                .iter()
                .take_while(|c| c.is_ascii_digit() || (b'A'..=b'F').contains(c))
                .count();
            ((4..=6).contains(&hex) && rest.get(hex) == Some(&b'>')).then_some(hex + 4)
        }
        _ => None,
    }
}

/// Sanitizes `s` and cuts it to at most `max_cols` display columns, ending
/// with `…` (counted within the limit) when it had to cut.
pub fn sanitize_line(s: &str, max_cols: usize) -> String {
    let clean = sanitize(s);
    if clean.width() <= max_cols {
        return clean.into_owned();
    }
    if max_cols == 0 {
        return String::new();
    }
    let budget = max_cols - 1;
    // The longest prefix, on a char boundary, whose width fits the budget.
    // Widths of whole prefixes (not sums of char widths) so that emoji and
    // other sequences are measured as `unicode-width` measures the result.
    let bounds: Vec<usize> = clean
        .char_indices()
        .map(|(i, _)| i)
        .chain([clean.len()])
        .collect();
    let (mut lo, mut hi) = (0, bounds.len() - 1);
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if clean[..bounds[mid]].width() <= budget {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let mut out = clean[..bounds[lo]].to_owned();
    // A joiner whose right-hand side was cut off joins nothing.
    while out.ends_with(['\u{200c}', '\u{200d}']) {
        out.pop();
    }
    out.push('…');
    out
}

/// How one character is rewritten.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fix {
    /// Expand a tab to the next tab stop.
    Tab,
    /// `^` followed by this byte.
    Caret(u8),
    /// `<U+XXXX>`.
    Marker(char),
    /// Left out: a zero-width character that must not reach a terminal.
    Drop(char),
}

/// Finds the first character at or after byte `i` that must be rewritten.
/// Runs over printable ASCII eight bytes at a time, skips characters whose
/// UTF-8 lead byte cannot start a special character, and looks at the
/// context only of the few characters that are kept in some places.
fn next_fix(s: &str, mut i: usize) -> Option<(usize, Fix)> {
    let bytes = s.as_bytes();
    while let Some(&b) = bytes.get(i) {
        if b >= 0x80 {
            let len = utf8_len(b);
            if SUSPECT_LEAD[usize::from(b)] {
                let c = s[i..].chars().next().expect("char boundary");
                if may_change(c) {
                    match keep_len(s, i, c) {
                        Some(n) => {
                            i += n;
                            continue;
                        }
                        None if is_bidi_mark(c) => return Some((i, Fix::Drop(c))),
                        None => return Some((i, Fix::Marker(c))),
                    }
                }
            }
            i += len;
            continue;
        }
        match b {
            b'\t' => return Some((i, Fix::Tab)),
            0..=0x1f => return Some((i, Fix::Caret(b + 0x40))),
            0x7f => return Some((i, Fix::Caret(b'?'))),
            _ => i += 1,
        }
        i += printable_ascii_len(&bytes[i..]);
    }
    None
}

/// How many bytes at the start of `bytes` are printable ASCII (0x20..=0x7E),
/// read eight at a time: the sanitizer's skip over plain text, and the
/// code-line cut's scan, which a 30 MB line of code makes in one pass.
pub fn printable_ascii_len(bytes: &[u8]) -> usize {
    let mut i = 0;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let word = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        if !is_printable_ascii_word(word) {
            break;
        }
        i += 8;
    }
    i + bytes[i..]
        .iter()
        .position(|b| !(b' '..=b'~').contains(b))
        .unwrap_or(bytes.len() - i)
}

/// True when all eight bytes of `w` are printable ASCII (0x20..=0x7E).
fn is_printable_ascii_word(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let non_ascii = w & HIGH;
    // Exact for bytes below 0x80: some byte is below 0x20.
    let below_space = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
    // Exact for bytes below 0x80: some byte is 0x7F (adding 1 sets its top
    // bit, and no byte carries into the next).
    let del = w.wrapping_add(ONES) & HIGH;
    non_ascii | below_space | del == 0
}

fn utf8_len(lead: u8) -> usize {
    match lead {
        0..=0x7f => 1,
        0x80..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

/// UTF-8 lead bytes of every character `may_change` accepts.
static SUSPECT_LEAD: [bool; 256] = {
    let mut t = [false; 256];
    let leads = [
        0xc2, 0xcd, 0xd8, 0xdb, 0xdc, 0xe0, 0xe1, 0xe2, 0xe3, 0xef, 0xf0, 0xf3,
    ];
    let mut k = 0;
    while k < leads.len() {
        t[leads[k]] = true;
        k += 1;
    }
    t
};

/// Whether `c` is invisible or a control in some context: a C0 or C1
/// control, DEL, a bidi control, a default-ignorable code point (soft
/// hyphen, zero-width space and word joiner included) or another format
/// character. Output that is not for the screen (`--to-toml`) writes these
/// escaped.
pub fn is_invisible_or_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{ad}' | '\u{200b}' | '\u{2060}') || may_change(c)
}

/// Non-ASCII characters that are marked everywhere or kept only in some
/// contexts. Everything else non-ASCII always passes unchanged.
#[inline]
fn may_change(c: char) -> bool {
    let c = u32::from(c);
    if c < 0x1_0000 {
        // Most text never gets past this bit test.
        let block = (c >> 6) as usize;
        if SPECIAL_BMP_BLOCKS[block >> 6] & (1 << (block & 63)) == 0 {
            return false;
        }
    }
    SPECIAL_RANGES
        .binary_search_by(|&(lo, hi)| range_order(lo, hi, c))
        .is_ok()
}

/// The characters `may_change` accepts, sorted.
#[rustfmt::skip]
static SPECIAL_RANGES: [(u32, u32); 27] = [
    (0x80, 0x9f),       // C1 controls
    (0x34f, 0x34f),     // combining grapheme joiner
    (0x600, 0x605),     // Arabic prepended concatenation marks
    (0x61c, 0x61c),     // Arabic letter mark
    (0x6dd, 0x6dd),     // Arabic end of ayah
    (0x70f, 0x70f),     // Syriac abbreviation mark
    (0x890, 0x891),     // Arabic pound and piastre marks above
    (0x8e2, 0x8e2),     // Arabic disputed end of ayah
    (0x115f, 0x1160),   // Hangul choseong and jungseong fillers
    (0x17b4, 0x17b5),   // Khmer inherent vowels
    (0x180b, 0x180f),   // Mongolian variation selectors, vowel separator
    (0x200c, 0x200f),   // ZWNJ, ZWJ, LRM, RLM
    (0x2028, 0x202e),   // line/paragraph separators, bidi embeddings
    (0x2061, 0x206f),   // invisible operators, isolates
    (0x3164, 0x3164),   // Hangul filler
    (0xfe00, 0xfe0f),   // variation selectors
    (0xfeff, 0xfeff),   // BOM / zero-width no-break space
    (0xffa0, 0xffa0),   // halfwidth Hangul filler
    (0xfff0, 0xfffb),   // reserved, interlinear annotation
    (0x110bd, 0x110bd), // Kaithi number sign
    (0x110cd, 0x110cd), // Kaithi number sign above
    (0x13430, 0x1343f), // Egyptian hieroglyph format controls
    (0x1bca0, 0x1bca3), // shorthand format controls
    (0x1d173, 0x1d17a), // musical symbol format controls
    (0xe0000, 0xe00ff), // tags (and reserved)
    (0xe0100, 0xe01ef), // variation selectors supplement
    (0xe01f0, 0xe0fff), // reserved default-ignorable
];

/// One bit per 64-code-point block of the BMP holding a `SPECIAL_RANGES`
/// character.
static SPECIAL_BMP_BLOCKS: [u64; 16] = {
    let mut bits = [0u64; 16];
    let mut k = 0;
    while k < SPECIAL_RANGES.len() {
        let (lo, hi) = SPECIAL_RANGES[k];
        let mut block = lo >> 6;
        while block <= hi >> 6 && block < 1024 {
            bits[(block >> 6) as usize] |= 1 << (block & 63);
            block += 1;
        }
        k += 1;
    }
    bits
};

fn range_order(lo: u32, hi: u32, c: u32) -> std::cmp::Ordering {
    if hi < c {
        std::cmp::Ordering::Less
    } else if lo > c {
        std::cmp::Ordering::Greater
    } else {
        std::cmp::Ordering::Equal
    }
}

/// For a `may_change` character `c` at byte `i` of `s`: how many bytes to
/// keep unchanged from `i` on (`c` and, for a flag, the rest of its tag
/// run), or `None` to mark `c`.
///
/// Every context test looks only at neighbours that are themselves always
/// kept unchanged, so the result is the same on the sanitized text, which
/// makes the sanitizer idempotent.
fn keep_len(s: &str, i: usize, c: char) -> Option<usize> {
    let len = c.len_utf8();
    let mut before = s[..i].chars().rev();
    let prev = before.next();
    let next = || s[i + len..].chars().next();
    let keep = match u32::from(c) {
        0x200d => {
            let after_emoji = match prev {
                Some(p) if is_emoji(p) || is_emoji_modifier(p) => true,
                Some('\u{fe0f}') => before.next().is_some_and(is_emoji),
                _ => false,
            };
            (after_emoji && next().is_some_and(is_emoji)) || indic_joiner(prev, next())
        }
        0x200c => {
            (prev.is_some_and(is_arabic_letter_or_mark) && next().is_some_and(is_arabic_letter))
                || indic_joiner(prev, next())
        }
        0xfe0e | 0xfe0f => prev.is_some_and(|p| is_emoji(p) || matches!(p, '0'..='9' | '#' | '*')),
        0xfe00..=0xfe0d => prev.is_some_and(takes_standard_variant),
        0xe0100..=0xe01ef => prev.is_some_and(is_ideograph),
        // The combining grapheme joiner only matters before a combining
        // mark (it keeps marks from being reordered).
        0x34f => prev.is_some_and(is_visible_base) && next().is_some_and(is_kept_mark),
        0x180b..=0x180d | 0x180f => {
            prev.is_some_and(|p| matches!(u32::from(p), 0x1820..=0x1878 | 0x1880..=0x18aa))
        }
        0xe0020..=0xe007f if prev == Some('\u{1f3f4}') => return flag_tags_len(&s[i..]),
        _ => false,
    };
    keep.then_some(len)
}

/// Length in bytes of the tag run of an emoji flag sequence (3 to 7 tag
/// letters or digits, then CANCEL TAG) at the start of `rest`, if there is
/// one.
fn flag_tags_len(rest: &str) -> Option<usize> {
    let mut spec = 0;
    for c in rest.chars() {
        match u32::from(c) {
            0xe0030..=0xe0039 | 0xe0061..=0xe007a if spec < 7 => spec += 1,
            0xe007f if spec >= 3 => return Some((spec + 1) * 4),
            _ => return None,
        }
    }
    None
}

/// LRM, RLM and ALM: dropped, never marked.
fn is_bidi_mark(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{61c}')
}

/// A ZWJ or ZWNJ next to an Indic virama: right after the virama (half
/// forms, explicit virama, chillu), or between a letter and a virama
/// (Bengali ya-phala "র‍্য").
fn indic_joiner(prev: Option<char>, next: Option<char>) -> bool {
    match prev {
        Some(p) if is_virama(p) => true,
        Some(p) if is_brahmic(p) => next.is_some_and(is_virama),
        _ => false,
    }
}

#[rustfmt::skip]
fn is_virama(c: char) -> bool {
    matches!(u32::from(c),
        0x94d | 0x9cd | 0xa4d | 0xacd | 0xb4d | 0xbcd | 0xc4d | 0xccd | 0xd4d | 0xdca
        | 0x1039 | 0x103a | 0x17d2 | 0x1b44 | 0xa8c4 | 0xa9c0)
}

/// Characters of the Brahmic script blocks where ZWJ and ZWNJ shape
/// conjuncts (none of them is ever rewritten).
fn is_brahmic(c: char) -> bool {
    matches!(u32::from(c),
        0x900..=0xdff | 0x1000..=0x109f | 0x1780..=0x17b3 | 0x17b6..=0x17ff
        | 0x1b00..=0x1b7f | 0xa8c0..=0xa8df | 0xa980..=0xa9df)
}

fn is_arabic_letter(c: char) -> bool {
    matches!(u32::from(c),
        0x620..=0x64a | 0x66e..=0x66f | 0x671..=0x6d3 | 0x6d5 | 0x6e5..=0x6e6
        | 0x6ee..=0x6ef | 0x6fa..=0x6fc | 0x6ff | 0x750..=0x77f | 0x870..=0x887
        | 0x889..=0x88e | 0x8a0..=0x8c9 | 0xfb50..=0xfbb1 | 0xfbd3..=0xfd3d
        | 0xfd50..=0xfd8f | 0xfd92..=0xfdc7 | 0xfdf0..=0xfdfb | 0xfe70..=0xfe74
        | 0xfe76..=0xfefc)
}

fn is_arabic_letter_or_mark(c: char) -> bool {
    is_arabic_letter(c)
        || matches!(u32::from(c),
            0x610..=0x61a | 0x64b..=0x65f | 0x670 | 0x6d6..=0x6dc | 0x6df..=0x6e4
            | 0x6e7..=0x6e8 | 0x6ea..=0x6ed | 0x898..=0x89f | 0x8ca..=0x8e1 | 0x8e3..=0x8ff)
}

/// A visible character a variation selector or CGJ may follow: anything
/// printed as itself that is not white space or itself invisible.
fn is_visible_base(c: char) -> bool {
    !c.is_whitespace()
        && !c.is_control()
        && !may_change(c)
        && !matches!(c, '\u{ad}' | '\u{200b}' | '\u{2060}')
}

/// A CJK ideograph: the bases of ideographic variation sequences
/// (U+E0100–U+E01EF) and of the standardized variants of the
/// compatibility ideographs.
fn is_ideograph(c: char) -> bool {
    matches!(u32::from(c),
        0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xf900..=0xfaff | 0x20000..=0x323af)
}

/// The scripts and symbols with standardized variation sequences using
/// U+FE00–U+FE0D (Unicode's StandardizedVariants.txt): ideographs, the
/// digit zero, mathematical and technical symbols and arrows, Myanmar,
/// Phags-pa, Manichaean and Egyptian hieroglyphs. A selector after any
/// other character selects nothing: it is marked.
fn takes_standard_variant(c: char) -> bool {
    is_ideograph(c)
        || matches!(u32::from(c),
            0x30 | 0x1000..=0x109f | 0x2100..=0x2bff | 0x3000..=0x303f | 0xa840..=0xa877
            | 0xaa60..=0xaa7f | 0x10ac0..=0x10aff | 0x13000..=0x1342f)
}

/// A combining mark that is always kept unchanged (so the test gives the
/// same answer on sanitized text).
fn is_kept_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c) && !may_change(c)
}

/// Emoji skin tone modifiers.
fn is_emoji_modifier(c: char) -> bool {
    matches!(u32::from(c), 0x1f3fb..=0x1f3ff)
}

/// Unicode `Extended_Pictographic` (Unicode 17, as in unicode-segmentation).
fn is_emoji(c: char) -> bool {
    let c = u32::from(c);
    if c < 0xa9 {
        return false;
    }
    EXTENDED_PICTOGRAPHIC
        .binary_search_by(|&(lo, hi)| range_order(lo, hi, c))
        .is_ok()
}

#[rustfmt::skip]
static EXTENDED_PICTOGRAPHIC: [(u32, u32); 156] = [
    (0x00A9, 0x00A9), (0x00AE, 0x00AE), (0x203C, 0x203C), (0x2049, 0x2049), (0x2122, 0x2122),
    (0x2139, 0x2139), (0x2194, 0x2199), (0x21A9, 0x21AA), (0x231A, 0x231B), (0x2328, 0x2328),
    (0x23CF, 0x23CF), (0x23E9, 0x23F3), (0x23F8, 0x23FA), (0x24C2, 0x24C2), (0x25AA, 0x25AB),
    (0x25B6, 0x25B6), (0x25C0, 0x25C0), (0x25FB, 0x25FE), (0x2600, 0x2604), (0x260E, 0x260E),
    (0x2611, 0x2611), (0x2614, 0x2615), (0x2618, 0x2618), (0x261D, 0x261D), (0x2620, 0x2620),
    (0x2622, 0x2623), (0x2626, 0x2626), (0x262A, 0x262A), (0x262E, 0x262F), (0x2638, 0x263A),
    (0x2640, 0x2640), (0x2642, 0x2642), (0x2648, 0x2653), (0x265F, 0x2660), (0x2663, 0x2663),
    (0x2665, 0x2666), (0x2668, 0x2668), (0x267B, 0x267B), (0x267E, 0x267F), (0x2692, 0x2697),
    (0x2699, 0x2699), (0x269B, 0x269C), (0x26A0, 0x26A1), (0x26A7, 0x26A7), (0x26AA, 0x26AB),
    (0x26B0, 0x26B1), (0x26BD, 0x26BE), (0x26C4, 0x26C5), (0x26C8, 0x26C8), (0x26CE, 0x26CF),
    (0x26D1, 0x26D1), (0x26D3, 0x26D4), (0x26E9, 0x26EA), (0x26F0, 0x26F5), (0x26F7, 0x26FA),
    (0x26FD, 0x26FD), (0x2702, 0x2702), (0x2705, 0x2705), (0x2708, 0x270D), (0x270F, 0x270F),
    (0x2712, 0x2712), (0x2714, 0x2714), (0x2716, 0x2716), (0x271D, 0x271D), (0x2721, 0x2721),
    (0x2728, 0x2728), (0x2733, 0x2734), (0x2744, 0x2744), (0x2747, 0x2747), (0x274C, 0x274C),
    (0x274E, 0x274E), (0x2753, 0x2755), (0x2757, 0x2757), (0x2763, 0x2764), (0x2795, 0x2797),
    (0x27A1, 0x27A1), (0x27B0, 0x27B0), (0x27BF, 0x27BF), (0x2934, 0x2935), (0x2B05, 0x2B07),
    (0x2B1B, 0x2B1C), (0x2B50, 0x2B50), (0x2B55, 0x2B55), (0x3030, 0x3030), (0x303D, 0x303D),
    (0x3297, 0x3297), (0x3299, 0x3299), (0x1F004, 0x1F004), (0x1F02C, 0x1F02F), (0x1F094, 0x1F09F),
    (0x1F0AF, 0x1F0B0), (0x1F0C0, 0x1F0C0), (0x1F0CF, 0x1F0D0), (0x1F0F6, 0x1F0FF), (0x1F170, 0x1F171),
    (0x1F17E, 0x1F17F), (0x1F18E, 0x1F18E), (0x1F191, 0x1F19A), (0x1F1AE, 0x1F1E5), (0x1F201, 0x1F20F),
    (0x1F21A, 0x1F21A), (0x1F22F, 0x1F22F), (0x1F232, 0x1F23A), (0x1F23C, 0x1F23F), (0x1F249, 0x1F25F),
    (0x1F266, 0x1F321), (0x1F324, 0x1F393), (0x1F396, 0x1F397), (0x1F399, 0x1F39B), (0x1F39E, 0x1F3F0),
    (0x1F3F3, 0x1F3F5), (0x1F3F7, 0x1F3FA), (0x1F400, 0x1F4FD), (0x1F4FF, 0x1F53D), (0x1F549, 0x1F54E),
    (0x1F550, 0x1F567), (0x1F56F, 0x1F570), (0x1F573, 0x1F57A), (0x1F587, 0x1F587), (0x1F58A, 0x1F58D),
    (0x1F590, 0x1F590), (0x1F595, 0x1F596), (0x1F5A4, 0x1F5A5), (0x1F5A8, 0x1F5A8), (0x1F5B1, 0x1F5B2),
    (0x1F5BC, 0x1F5BC), (0x1F5C2, 0x1F5C4), (0x1F5D1, 0x1F5D3), (0x1F5DC, 0x1F5DE), (0x1F5E1, 0x1F5E1),
    (0x1F5E3, 0x1F5E3), (0x1F5E8, 0x1F5E8), (0x1F5EF, 0x1F5EF), (0x1F5F3, 0x1F5F3), (0x1F5FA, 0x1F64F),
    (0x1F680, 0x1F6C5), (0x1F6CB, 0x1F6D2), (0x1F6D5, 0x1F6E5), (0x1F6E9, 0x1F6E9), (0x1F6EB, 0x1F6F0),
    (0x1F6F3, 0x1F6FF), (0x1F7DA, 0x1F7FF), (0x1F80C, 0x1F80F), (0x1F848, 0x1F84F), (0x1F85A, 0x1F85F),
    (0x1F888, 0x1F88F), (0x1F8AE, 0x1F8AF), (0x1F8BC, 0x1F8BF), (0x1F8C2, 0x1F8CF), (0x1F8D9, 0x1F8FF),
    (0x1F90C, 0x1F93A), (0x1F93C, 0x1F945), (0x1F947, 0x1F9FF), (0x1FA58, 0x1FA5F), (0x1FA6E, 0x1FAFF),
    (0x1FC00, 0x1FFFD),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn borrowed(s: &str) -> bool {
        matches!(sanitize(s), Cow::Borrowed(_))
    }

    fn clean(s: &str) -> String {
        sanitize(s).into_owned()
    }

    #[test]
    fn esc_and_csi_become_caret_notation() {
        assert_eq!(clean("\x1b[31mred\x1b[0m"), "^[[31mred^[[0m");
        assert_eq!(clean("\x1b]0;title\x07"), "^[]0;title^G");
        assert_eq!(clean("\x1bc"), "^[c");
    }

    #[test]
    fn bel_and_other_c0_become_caret_notation() {
        assert_eq!(clean("ding\x07"), "ding^G");
        assert_eq!(clean("\0\x01\x08\x1a\x1f"), "^@^A^H^Z^_");
        assert_eq!(clean("a\r\nb"), "a^M^Jb");
    }

    #[test]
    fn del_becomes_caret_question_mark() {
        assert_eq!(clean("x\x7fy"), "x^?y");
    }

    #[test]
    fn c1_controls_become_markers() {
        assert_eq!(clean("\u{9b}31m"), "<U+009B>31m");
        assert_eq!(clean("\u{9d}0;t\u{9c}"), "<U+009D>0;t<U+009C>");
        assert_eq!(clean("\u{80}\u{85}\u{9f}"), "<U+0080><U+0085><U+009F>");
        // Latin-1 letters right after the C1 block are text.
        assert!(borrowed("\u{a0}¡ÿ"));
    }

    #[test]
    fn bidi_override_becomes_marker() {
        assert_eq!(clean("abc\u{202e}fed"), "abc<U+202E>fed");
        for c in ['\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}'] {
            assert_eq!(clean(&c.to_string()), format!("<U+{:04X}>", u32::from(c)));
        }
    }

    #[test]
    fn bidi_marks_are_dropped() {
        assert_eq!(clean("1990\u{200f} (בערך)"), "1990 (בערך)");
        assert_eq!(clean("\u{200e}a\u{61c}b\u{200f}"), "ab");
        // A mark does not license what follows it.
        assert_eq!(clean("❤\u{200e}\u{fe0f}"), "❤<U+FE0F>");
        assert_eq!(clean("👨\u{200e}\u{200d}👩"), "👨<U+200D>👩");
    }

    #[test]
    fn bidi_isolates_become_markers() {
        assert_eq!(clean("\u{2066}x\u{2069}"), "<U+2066>x<U+2069>");
        assert_eq!(clean("\u{2067}\u{2068}"), "<U+2067><U+2068>");
    }

    #[test]
    fn typographic_invisibles_are_kept() {
        for s in [
            "pay\u{200b}pal",
            "Donau\u{ad}dampf\u{ad}schiff",
            "no\u{2060}break",
            "ภาษา\u{200b}ไทย",
            "10\u{a0}km 5\u{202f}%",
        ] {
            assert!(borrowed(s), "{s:?}");
        }
        // They are not a visible base for a variation selector.
        assert_eq!(clean("\u{200b}\u{fe00}"), "\u{200b}<U+FE00>");
        assert_eq!(clean("\u{ad}\u{e0100}"), "\u{ad}<U+E0100>");
    }

    #[test]
    fn hangul_fillers_become_markers() {
        assert_eq!(
            clean("\u{115f}\u{1160}\u{3164}\u{ffa0}"),
            "<U+115F><U+1160><U+3164><U+FFA0>"
        );
        // Hangul syllables and conjoining jamo are text.
        assert!(borrowed("한국어 \u{1100}\u{1161}"));
    }

    #[test]
    fn bom_becomes_marker_anywhere() {
        assert_eq!(clean("\u{feff}title"), "<U+FEFF>title");
        assert_eq!(clean("a\u{feff}b"), "a<U+FEFF>b");
    }

    #[test]
    fn other_invisible_format_characters_become_markers() {
        for (input, want) in [
            ("\u{2061}\u{2064}", "<U+2061><U+2064>"),
            ("\u{180e}\u{200c}", "<U+180E><U+200C>"),
            ("\u{206a}\u{206f}", "<U+206A><U+206F>"),
            ("\u{2028}\u{2029}", "<U+2028><U+2029>"),
            ("\u{3164}\u{ffa0}", "<U+3164><U+FFA0>"),
            ("\u{17b4}", "<U+17B4>"),
            ("\u{fff9}x\u{fffb}", "<U+FFF9>x<U+FFFB>"),
            ("\u{600}١", "<U+0600>١"),
            ("\u{1d173}", "<U+1D173>"),
            ("\u{e0001}\u{e0041}", "<U+E0001><U+E0041>"),
            ("\u{1bca0}\u{13430}", "<U+1BCA0><U+13430>"),
        ] {
            assert_eq!(clean(input), want, "{input:?}");
        }
    }

    #[test]
    fn zwj_inside_emoji_sequences_is_kept() {
        for s in [
            "👨\u{200d}👩\u{200d}👧",
            "family: 👨‍👩‍👧 ok",
            "👩🏽\u{200d}💻",
            "🏳\u{fe0f}\u{200d}🌈",
            "❤\u{fe0f}\u{200d}🔥",
            "🏴\u{200d}☠\u{fe0f}",
        ] {
            assert!(borrowed(s), "{s:?}");
        }
    }

    #[test]
    fn lone_zwj_becomes_marker() {
        assert_eq!(clean("a\u{200d}b"), "a<U+200D>b");
        assert_eq!(clean("\u{200d}"), "<U+200D>");
        assert_eq!(clean("👨\u{200d}"), "👨<U+200D>");
        assert_eq!(clean("👨\u{200d}x"), "👨<U+200D>x");
        assert_eq!(clean("x\u{200d}👩"), "x<U+200D>👩");
        assert_eq!(clean("👨\u{200d}\u{200d}👩"), "👨<U+200D><U+200D>👩");
        // U+FE0F that is itself marked does not license a ZWJ.
        assert_eq!(clean("x\u{fe0f}\u{200d}👩"), "x<U+FE0F><U+200D>👩");
    }

    #[test]
    fn emoji_variation_selectors_after_emoji_are_kept() {
        for s in [
            "❤\u{fe0f}",
            "☺\u{fe0e}",
            "1\u{fe0f}\u{20e3}",
            "#\u{fe0f}\u{20e3}",
            "👍🏽 🇫🇷",
        ] {
            assert!(borrowed(s), "{s:?}");
        }
        assert_eq!(clean("a\u{fe0f}"), "a<U+FE0F>");
        assert_eq!(clean("\u{fe0f}"), "<U+FE0F>");
        assert_eq!(clean("❤\u{fe0f}\u{fe0f}"), "❤\u{fe0f}<U+FE0F>");
    }

    #[test]
    fn other_variation_selectors_need_a_visible_base() {
        // Japanese ideographic variation sequence, math standardized variant.
        assert!(borrowed("葛\u{e0100}城"));
        assert!(borrowed("≩\u{fe00}"));
        assert!(borrowed("ᠠ\u{180b}"));
        assert_eq!(clean("\u{e0100}"), "<U+E0100>");
        assert_eq!(clean(" \u{fe00}"), " <U+FE00>");
        assert_eq!(clean("葛\u{e0100}\u{e0101}"), "葛\u{e0100}<U+E0101>");
        assert_eq!(clean("a\u{180b}"), "a<U+180B>");
        assert_eq!(clean("\u{34f}"), "<U+034F>");
    }

    /// A selector selects nothing after a character that has no variants:
    /// one per Latin letter would hide a byte per letter.
    #[test]
    fn variation_selectors_after_a_character_without_variants_are_marked() {
        assert_eq!(clean("a\u{fe00}b"), "a<U+FE00>b");
        assert_eq!(clean("a\u{e0100}"), "a<U+E0100>");
        assert_eq!(clean("≩\u{e0100}"), "≩<U+E0100>");
        assert_eq!(clean("😀\u{e0100}"), "😀<U+E0100>");
        assert_eq!(
            clean("😀\u{fe0f}\u{e0100}\u{e0101}"),
            "😀\u{fe0f}<U+E0100><U+E0101>"
        );
        assert!(borrowed("葛\u{fe00}"));
        assert!(borrowed("\u{1000}\u{fe00}"));
        // A run is marked after its first, whatever the base.
        let run: String = (0..16)
            .map(|i| char::from_u32(0xe0100 + i).unwrap())
            .collect();
        let out = clean(&format!("葛{run}"));
        assert_eq!(out.matches("<U+E01").count(), 15, "{out}");
        // CGJ: only before a combining mark.
        assert!(borrowed("u\u{34f}\u{308}"));
        assert_eq!(clean("x\u{34f}y"), "x<U+034F>y");
        assert_eq!(clean("x\u{34f}\u{34f}\u{308}"), "x<U+034F><U+034F>\u{308}");
    }

    #[test]
    fn tag_characters_kept_only_in_flag_sequences() {
        let england = "🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}";
        assert!(borrowed(england));
        assert!(borrowed(&format!("x{england}y{england}")));
        assert_eq!(clean("a\u{e0067}\u{e007f}"), "a<U+E0067><U+E007F>");
        // A valid tag run after anything but the black flag is marked.
        assert_eq!(
            clean(&england.replace('🏴', "👨")),
            "👨<U+E0067><U+E0062><U+E0065><U+E006E><U+E0067><U+E007F>"
        );
        // Not terminated, too short, too long: every tag is marked.
        assert_eq!(
            clean("🏴\u{e0067}\u{e0062}\u{e0065}"),
            "🏴<U+E0067><U+E0062><U+E0065>"
        );
        assert_eq!(clean("🏴\u{e0067}\u{e007f}"), "🏴<U+E0067><U+E007F>");
        let long: String = std::iter::once('🏴')
            .chain(std::iter::repeat_n('\u{e0061}', 8))
            .chain(['\u{e007f}'])
            .collect();
        assert!(!clean(&long).contains('\u{e0061}'));
        // Tags after a complete flag sequence are marked.
        assert_eq!(
            clean(&format!("{england}\u{e0041}")),
            format!("{england}<U+E0041>")
        );
    }

    #[test]
    fn tabs_expand_to_the_next_multiple_of_eight() {
        assert_eq!(clean("\tx"), "        x");
        assert_eq!(clean("ab\tc"), "ab      c");
        assert_eq!(clean("12345678\tx"), "12345678        x");
        assert_eq!(clean("a\t\tb"), format!("a{}b", " ".repeat(15)));
        // Columns are display columns: CJK counts 2, combining marks 0.
        assert_eq!(clean("日本\tx"), "日本    x");
        assert_eq!(clean("e\u{301}\tx"), format!("e\u{301}{}x", " ".repeat(7)));
        // ... of the sanitized text.
        assert_eq!(clean("\x1b\tx"), "^[      x");
        assert_eq!(clean("\u{202e}\tx"), "<U+202E>        x");
        assert_eq!(clean("a\u{200b}\tx"), "a\u{200b}       x");
        assert!(!clean("\t\t\t").contains('\t'));
    }

    #[test]
    fn persian_text_with_zwnj_is_unchanged() {
        for s in [
            "می\u{200c}خواهم",
            "نامه\u{200c}ها",
            "کتاب\u{200c}های خوب",
            "خانه\u{200c}ی",
        ] {
            assert!(borrowed(s), "{s:?}");
        }
        assert_eq!(clean("a\u{200c}b"), "a<U+200C>b");
        assert_eq!(clean("نامه\u{200c} ها"), "نامه<U+200C> ها");
        assert_eq!(clean("\u{200c}ها"), "<U+200C>ها");
    }

    #[test]
    fn indic_joiners_next_to_a_virama_are_kept() {
        for s in [
            "ශ්\u{200d}රී ලංකා",
            "क्\u{200d}ष",
            "क्\u{200c}ष",
            "র\u{200d}্য",
            "ന്\u{200d}",
        ] {
            assert!(borrowed(s), "{s:?}");
        }
        assert_eq!(clean("क\u{200d}ष"), "क<U+200D>ष");
    }

    #[test]
    fn ordinary_text_in_any_script_is_borrowed() {
        for s in [
            "",
            "plain ASCII with punctuation: {}[]<>~!@#$%^&*()",
            "café naïve Ångström Øresund Dvořák",
            "e\u{301}a\u{308}o\u{302}\u{323}",
            "日本語のテキストと中文字符",
            "한국어 텍스트",
            "مرحبا بالعالم",
            "שלום עולם",
            "ภาษาไทย",
            "Ελληνικά Русский",
            "नमस्ते दुनिया",
            "👍🏽 🇫🇷 😀 ✨",
            "“quotes” — dashes… • bullets ‹›",
            "\u{a0}non-breaking\u{2009}thin\u{3000}ideographic spaces",
            "\u{e000}private use",
        ] {
            assert!(borrowed(s), "{s:?}");
        }
    }

    #[test]
    fn display_width_is_preserved() {
        for s in [
            "日本語",
            "👨‍👩‍👧",
            "❤\u{fe0f}",
            "e\u{301}",
            "می\u{200c}خواهم",
            "ශ්\u{200d}රී",
        ] {
            assert_eq!(sanitize(s).width(), s.width(), "{s:?}");
        }
        // Marked characters take exactly the width of their notation.
        assert_eq!(sanitize("\x1b").width(), 2);
        assert_eq!(sanitize("\u{202e}").width(), 8);
        assert_eq!(sanitize("\u{e0041}").width(), 9);
    }

    #[test]
    fn sanitizing_twice_changes_nothing() {
        for s in [
            "\x1b[1m\u{9b}\u{202e}\t\u{200d}\u{feff}",
            "x\u{fe0f}\u{200d}👩",
            "🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}\u{e0067}",
            "葛\u{e0100}\u{e0101}\t日\t",
            "نامه\u{200c}\u{200c}ها",
        ] {
            let once = clean(s);
            assert_eq!(clean(&once), once, "{s:?}");
            assert!(borrowed(&once), "{s:?}");
        }
    }

    #[test]
    fn sanitize_line_short_text_is_unchanged() {
        assert_eq!(sanitize_line("hello", 5), "hello");
        assert_eq!(sanitize_line("hello", 80), "hello");
        assert_eq!(sanitize_line("", 0), "");
    }

    #[test]
    fn sanitize_line_cuts_with_an_ellipsis_within_the_limit() {
        assert_eq!(sanitize_line("abcdefghij", 5), "abcd…");
        assert_eq!(sanitize_line("abcdefghij", 1), "…");
        assert_eq!(sanitize_line("abcdefghij", 0), "");
        assert_eq!(sanitize_line("日本語", 4), "日…");
        assert_eq!(sanitize_line("日本語", 5), "日本…");
        assert_eq!(sanitize_line("\x1b[2J", 3), "^[…");
        assert_eq!(sanitize_line("ab\u{202e}cd", 5), "ab<U…");
        // Emoji sequences are measured whole and never left dangling.
        assert_eq!(sanitize_line("ab👨‍👩‍👧cd", 4), "ab…");
        assert_eq!(sanitize_line("👨‍👩‍👧xyz", 3), "👨‍👩‍👧…");
        assert_eq!(sanitize_line("❤\u{fe0f}abc", 3), "❤\u{fe0f}…");
        for max in 0..12 {
            let line = sanitize_line("a\t日\u{1b}❤\u{fe0f}👩🏽‍💻 e\u{301}", max);
            assert!(line.width() <= max, "{max}: {line:?}");
        }
    }

    #[test]
    fn printable_ascii_word_check_is_exact() {
        for b in 0..=255u8 {
            for pos in 0..8 {
                let mut bytes = *b"abcdefgh";
                bytes[pos] = b;
                let w = u64::from_le_bytes(bytes);
                assert_eq!(
                    is_printable_ascii_word(w),
                    (0x20..=0x7e).contains(&b),
                    "{b:#x} at {pos}"
                );
            }
        }
        assert!(is_printable_ascii_word(u64::from_le_bytes(*b"  ~~~~  ")));
    }

    #[test]
    fn printable_ascii_len_stops_at_the_first_other_byte() {
        for len in 0..40 {
            for stop in 0..=len {
                for bad in [b'\n', 0x7f, 0x1b, 0xc3, 0x00] {
                    let mut bytes = vec![b'x'; len];
                    if stop < len {
                        bytes[stop] = bad;
                    }
                    assert_eq!(printable_ascii_len(&bytes), stop, "{len} {stop} {bad:#x}");
                }
            }
        }
    }

    #[test]
    fn suspect_lead_bytes_cover_every_special_char() {
        let mut buf = [0; 4];
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            if may_change(c) {
                let lead = c.encode_utf8(&mut buf).as_bytes()[0];
                assert!(SUSPECT_LEAD[usize::from(lead)], "{c:?}");
            }
        }
    }

    #[test]
    fn special_table_is_sorted_and_matches_the_bitmap() {
        for pair in SPECIAL_RANGES.windows(2) {
            assert!(pair[0].0 <= pair[0].1 && pair[0].1 < pair[1].0, "{pair:?}");
        }
        for c in (0x80..=0x10ffff).filter_map(char::from_u32) {
            let exact = SPECIAL_RANGES
                .iter()
                .any(|&(lo, hi)| (lo..=hi).contains(&u32::from(c)));
            assert_eq!(may_change(c), exact, "{c:?}");
        }
    }

    #[test]
    fn emoji_table_is_sorted_and_disjoint() {
        for pair in EXTENDED_PICTOGRAPHIC.windows(2) {
            assert!(pair[0].0 <= pair[0].1 && pair[0].1 < pair[1].0, "{pair:?}");
        }
        for c in ['©', '‼', '❤', '☠', '😀', '🧑', '🦰', '⬛', '🏴'] {
            assert!(is_emoji(c), "{c:?}");
        }
        for c in ['a', '1', '#', '\u{1f3fb}', '\u{1f1e6}', '日', '\u{200d}'] {
            assert!(!is_emoji(c), "{c:?}");
        }
    }
}
