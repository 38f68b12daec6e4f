//! GitHub's extensions to Markdown's inline text, found in text a reader
//! has already parsed (never in code, which the caller keeps out):
//!
//! - **Autolink literals**: `https://…` and `http://…` addresses, `www.…`
//!   (followed as `http://`) and `someone@example.net` (as `mailto:`),
//!   ended as the GFM spec's autolink-literal extension (and cmark-gfm,
//!   which GitHub runs) end them: at white space or `<`, without trailing
//!   `?!.,:*_~'"`, an unmatched closing `)`, or an entity reference
//!   (`&amp;`) at the end; a domain with `_` in its last two labels is not
//!   one.
//! - **Emoji shortcodes**: `:tada:` is 🎉 when gemoji (GitHub's list, the
//!   `emojis` crate) knows the name; an unknown `:word:` stays as written,
//!   and so does one joined to a word or a path (`std::hash::Hash`).
//!
//! Pure: [`scan`] only splits text into pieces.

use std::borrow::Cow;

/// A piece of text, as GitHub shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Plain text.
    Text(&'a str),
    /// An address written out: `text` as shown, `url` where it leads.
    Link { text: &'a str, url: Cow<'a, str> },
    /// An emoji written as a shortcode: the emoji, and the name written
    /// (`tada`; GitHub's heading ids keep the name).
    Emoji { emoji: &'static str, name: &'a str },
}

/// Longest shortcode name looked up (gemoji's longest is under 40).
const MAX_NAME: usize = 64;

/// Splits `text` into pieces, in order, handing each to `out`; with
/// `autolinks` false (text already inside a link) only emoji are found.
/// Linear in the length of `text`.
pub fn scan<'a>(text: &'a str, autolinks: bool, mut out: impl FnMut(Piece<'a>)) {
    scan_while(text, autolinks, |p| {
        out(p);
        true
    });
}

/// The first address or shortcode in `text`: where it starts, and it.
pub fn first(text: &str, autolinks: bool) -> Option<(usize, Piece<'_>)> {
    let mut at = 0;
    let mut found = None;
    scan_while(text, autolinks, |p| match p {
        Piece::Text(t) => {
            at += t.len();
            true
        }
        p => {
            found = Some((at, p));
            false
        }
    });
    found
}

/// About how many addresses [`scan`] finds in `text` (those with `:` or
/// `@`; `www.` is not looked for): a first pass's count, to make room.
pub fn count_links(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut pos, mut from, mut n) = (0, 0, 0);
    while let Some(k) = memchr::memchr2(b':', b'@', &bytes[from..]) {
        let i = from + k;
        from = i + 1;
        let found = match bytes[i] {
            b':' => url_at(bytes, i, pos),
            _ => email_at(bytes, i, pos),
        };
        if let Some((_, end)) = found {
            n += 1;
            (pos, from) = (end, end);
        }
    }
    n
}

/// [`scan`], until `out` says to stop.
fn scan_while<'a>(text: &'a str, autolinks: bool, mut out: impl FnMut(Piece<'a>) -> bool) {
    let bytes = text.as_bytes();
    // Text before `pos` has been handed out.
    let mut pos = 0;
    // Where to look for the next candidate.
    let mut from = 0;
    // Where the last shortcode read ends (another may start right there).
    let mut emoji_end = usize::MAX;
    while let Some(k) = memchr::memchr3(b':', b'@', b'w', &bytes[from..]) {
        let i = from + k;
        from = i + 1;
        match bytes[i] {
            b':' => {
                if autolinks && let Some((start, end)) = url_at(bytes, i, pos) {
                    let link = Piece::Link {
                        text: &text[start..end],
                        url: Cow::Borrowed(&text[start..end]),
                    };
                    if !(emit_text(text, pos, start, &mut out) && out(link)) {
                        return;
                    }
                    (pos, from) = (end, end);
                } else if let Some((emoji, end)) = shortcode_at(text, i, i == emoji_end) {
                    let emoji = Piece::Emoji {
                        emoji,
                        name: &text[i + 1..end - 1],
                    };
                    if !(emit_text(text, pos, i, &mut out) && out(emoji)) {
                        return;
                    }
                    (pos, from) = (end, end);
                    emoji_end = end;
                }
            }
            b'@' if autolinks => {
                if let Some((start, end)) = email_at(bytes, i, pos) {
                    let link = Piece::Link {
                        text: &text[start..end],
                        url: Cow::Owned(format!("mailto:{}", &text[start..end])),
                    };
                    if !(emit_text(text, pos, start, &mut out) && out(link)) {
                        return;
                    }
                    (pos, from) = (end, end);
                }
            }
            b'w' if autolinks => {
                if let Some(end) = www_at(bytes, i) {
                    let link = Piece::Link {
                        text: &text[i..end],
                        url: Cow::Owned(format!("http://{}", &text[i..end])),
                    };
                    if !(emit_text(text, pos, i, &mut out) && out(link)) {
                        return;
                    }
                    (pos, from) = (end, end);
                }
            }
            _ => {}
        }
    }
    emit_text(text, pos, text.len(), &mut out);
}

/// Hands out the text from `from` to `to`, if any; whether to go on.
fn emit_text<'a>(
    text: &'a str,
    from: usize,
    to: usize,
    out: &mut impl FnMut(Piece<'a>) -> bool,
) -> bool {
    from >= to || out(Piece::Text(&text[from..to]))
}

/// `:name:` starting at `i`: the emoji and the end of the shortcode. Not
/// inside a word or a path (`std::hash::Hash`, `10:100:3`): no letter,
/// digit or `:` just before or after it, but for another shortcode's
/// colon: `:tada::tada:` is two, as on GitHub (`after_emoji`: the `:`
/// before `i` ends the shortcode just read).
fn shortcode_at(text: &str, i: usize, after_emoji: bool) -> Option<(&'static str, usize)> {
    let joined = |b: u8| b.is_ascii_alphanumeric() || b == b':';
    let bytes = text.as_bytes();
    if i > 0 && joined(bytes[i - 1]) && !(after_emoji && bytes[i - 1] == b':') {
        return None;
    }
    let (emoji, end) = known_name_at(text, i)?;
    // Followed by a letter, a digit, or a `:` that starts no shortcode.
    match bytes.get(end) {
        Some(b':') if known_name_at(text, end).is_some() => {}
        Some(&b) if joined(b) => return None,
        _ => {}
    }
    Some((emoji, end))
}

/// `:name:` at `i` with a name gemoji knows: the emoji and the end.
fn known_name_at(text: &str, i: usize) -> Option<(&'static str, usize)> {
    let rest = &text.as_bytes()[i + 1..];
    let len = rest
        .iter()
        .take(MAX_NAME + 1)
        .position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'+' | b'-')))?;
    if len == 0 || rest[len] != b':' {
        return None;
    }
    let emoji = emoji_by_shortcode(&text[i + 1..i + 1 + len])?;
    Some((emoji, i + len + 2))
}

/// gemoji's shortcodes, made by build.rs: `NAMES`, `EMOJI` and `ENDS`.
mod table {
    include!(concat!(env!("OUT_DIR"), "/emoji_table.rs"));

    /// Entry `i`: the shortcode and its emoji.
    pub fn entry(i: usize) -> (&'static str, &'static str) {
        let (name_end, emoji_end) = ENDS[i];
        let (name_start, emoji_start) = i.checked_sub(1).map_or((0, 0), |p| ENDS[p]);
        (
            NAMES
                .get(name_start as usize..name_end as usize)
                .unwrap_or(""),
            EMOJI
                .get(emoji_start as usize..emoji_end as usize)
                .unwrap_or(""),
        )
    }

    pub const LEN: usize = ENDS.len();
}

/// The emoji gemoji (GitHub's list) calls `name`, as `emojis::get_by_shortcode`
/// finds it.
pub fn emoji_by_shortcode(name: &str) -> Option<&'static str> {
    let (mut low, mut high) = (0, table::LEN);
    while low < high {
        let mid = low + (high - low) / 2;
        let (at, emoji) = table::entry(mid);
        match at.cmp(name) {
            std::cmp::Ordering::Less => low = mid + 1,
            std::cmp::Ordering::Greater => high = mid,
            std::cmp::Ordering::Equal => return Some(emoji),
        }
    }
    None
}

/// `http://` or `https://` whose `:` is at `colon`, starting no earlier
/// than `floor`: the address's bytes.
fn url_at(bytes: &[u8], colon: usize, floor: usize) -> Option<(usize, usize)> {
    if !bytes[colon..].starts_with(b"://") {
        return None;
    }
    let start = [5, 4].into_iter().find_map(|n| {
        let start = colon.checked_sub(n).filter(|&s| s >= floor)?;
        let scheme = &bytes[start..colon];
        let known = scheme.eq_ignore_ascii_case(b"https") || scheme.eq_ignore_ascii_case(b"http");
        // A letter before would make it another scheme (`xhttp://`).
        let alone = start == 0 || !bytes[start - 1].is_ascii_alphabetic();
        (known && alone).then_some(start)
    })?;
    let host = colon + 3;
    domain_len(&bytes[host..], true)?;
    let end = delimit(bytes, start, host, run_end(bytes, host))?;
    Some((start, end))
}

/// `www.` at `i`: the end of the address.
fn www_at(bytes: &[u8], i: usize) -> Option<usize> {
    if !bytes[i..].starts_with(b"www.") {
        return None;
    }
    // At the start, after white space or `*`, `_`, `~`, `(`.
    let after_ok = i == 0 || {
        let b = bytes[i - 1];
        b.is_ascii_whitespace()
            || matches!(b, b'*' | b'_' | b'~' | b'(')
            || b >= 0x80 && {
                // The character before, decoded: only Unicode white space.
                prev_char(bytes, i).is_some_and(char::is_whitespace)
            }
    };
    if !after_ok {
        return None;
    }
    domain_len(&bytes[i..], false)?;
    delimit(bytes, i, i + 4, run_end(bytes, i))
}

/// An email address around the `@` at `at`, starting no earlier than
/// `floor`: its bytes.
fn email_at(bytes: &[u8], at: usize, floor: usize) -> Option<(usize, usize)> {
    let mut start = at;
    while start > floor && {
        let b = bytes[start - 1];
        b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-' | b'_')
    } {
        start -= 1;
    }
    if start == at {
        return None;
    }
    // The domain: letters and digits, `-` and `_`, in labels joined by
    // `.` (a `.` counts only with a letter or digit after it).
    let mut end = at + 1;
    let mut dots = 0;
    while end < bytes.len() {
        let b = bytes[end];
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_') {
            end += 1;
        } else if b == b'.' && bytes.get(end + 1).is_some_and(u8::is_ascii_alphanumeric) {
            dots += 1;
            end += 1;
        } else {
            break;
        }
    }
    let last = bytes[end - 1];
    if end < at + 2 || dots == 0 || !(last.is_ascii_alphabetic() || last == b'.') {
        return None;
    }
    let end = delimit(bytes, start, at + 1, end)?;
    Some((start, end))
}

/// The end of the run of characters an address may take from `from`: up
/// to white space or `<`.
fn run_end(bytes: &[u8], from: usize) -> usize {
    let mut end = from;
    while end < bytes.len() {
        let b = bytes[end];
        if b == b'<' || b.is_ascii_whitespace() {
            break;
        }
        if b >= 0x80 && next_char(bytes, end).is_some_and(char::is_whitespace) {
            break;
        }
        end += 1;
    }
    end
}

/// A valid domain at the start of `bytes`: labels of letters, digits, `-`
/// and `_` joined by `.`, none of the last two holding `_`; `short` allows
/// one without a `.` (after `http://`). Its length.
fn domain_len(bytes: &[u8], short: bool) -> Option<usize> {
    let first = bytes.first()?;
    if !(first.is_ascii_alphanumeric() || *first >= 0x80) {
        return None;
    }
    let (mut dots, mut under_last, mut under_before) = (0, 0, 0);
    let mut i = 1;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'_' => under_last += 1,
            b'.' => {
                under_before = under_last;
                under_last = 0;
                dots += 1;
            }
            b'-' => {}
            b if b.is_ascii_alphanumeric() => {}
            b if b >= 0x80 => {
                // A letter of another script; white space or punctuation ends it.
                match next_char(bytes, i) {
                    Some(c) if c.is_alphanumeric() => {
                        i += c.len_utf8();
                        continue;
                    }
                    _ => break,
                }
            }
            _ => break,
        }
        i += 1;
    }
    if under_last > 0 || under_before > 0 || (!short && dots == 0) {
        return None;
    }
    Some(i)
}

/// Trims what GFM leaves out of the end of the address at `start` (from
/// `end`): `None` when nothing past `min` is left.
fn delimit(bytes: &[u8], start: usize, min: usize, mut end: usize) -> Option<usize> {
    let start_of_run = min;
    // Counted once: a run of `)` is trimmed one at a time, and recounting
    // the whole address for each made a long run quadratic.
    let run = &bytes[start..end];
    let opening = run.iter().filter(|&&b| b == b'(').count();
    let mut closing = run.iter().filter(|&&b| b == b')').count();
    #[cfg(test)]
    tests::count_reads(2 * run.len());
    while end > start_of_run {
        #[cfg(test)]
        tests::count_reads(1);
        let last = bytes[end - 1];
        match last {
            b'?' | b'!' | b'.' | b',' | b':' | b'*' | b'_' | b'~' | b'\'' | b'"' => end -= 1,
            b';' => {
                // `&name;` at the end is an entity reference, not the address.
                let mut k = end - 1;
                while k > start_of_run && bytes[k - 1].is_ascii_alphanumeric() {
                    k -= 1;
                }
                if k > start_of_run && k < end - 1 && bytes[k - 1] == b'&' {
                    end = k - 1;
                } else {
                    end -= 1;
                }
            }
            b')' => {
                if closing <= opening {
                    break;
                }
                closing -= 1;
                end -= 1;
            }
            _ => break,
        }
    }
    (end > min).then_some(end)
}

fn next_char(bytes: &[u8], i: usize) -> Option<char> {
    let rest = bytes.get(i..)?;
    let len = rest.len().min(4);
    (1..=len).find_map(|n| std::str::from_utf8(&rest[..n]).ok()?.chars().next())
}

fn prev_char(bytes: &[u8], i: usize) -> Option<char> {
    (1..=i.min(4)).find_map(|n| std::str::from_utf8(&bytes[i - n..i]).ok()?.chars().next())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    thread_local! {
        /// Bytes `delimit` has looked at on this thread: the work a long
        /// address costs, counted instead of timed.
        static READS: Cell<usize> = const { Cell::new(0) };
    }

    pub(super) fn count_reads(n: usize) {
        READS.with(|r| r.set(r.get() + n));
    }

    #[test]
    fn every_gemoji_shortcode_finds_the_emoji_gemoji_gives_it() {
        let gemoji = |name: &str| emojis::get_by_shortcode(name).map(|e| e.as_str());
        let mut codes = std::collections::BTreeSet::new();
        for emoji in emojis::iter() {
            // A skin tone's variants have their base's shortcodes.
            let tones = emoji.skin_tones().into_iter().flatten();
            for e in std::iter::once(emoji).chain(tones) {
                for code in e.shortcodes() {
                    assert_eq!(emoji_by_shortcode(code), gemoji(code), ":{code}:");
                    codes.insert(code);
                }
            }
        }
        assert_eq!(codes.len(), table::LEN);
        assert!(codes.len() > 1500, "only {} shortcodes", codes.len());
        for name in [
            "", "tad", "tadaa", "TADA", "zzzz", "+1", "-1", "100", "a", "~",
        ] {
            assert_eq!(emoji_by_shortcode(name), gemoji(name), ":{name}:");
        }
    }

    #[test]
    fn a_long_run_of_closing_parentheses_is_trimmed_in_linear_work() {
        // The attack's shape: each `)` trimmed recounted the whole address,
        // so 40,000 of them took 25 s and 500,000 never finished.
        for n in [10_000usize, 40_000] {
            let text = format!("www.a.b{}", ")".repeat(n));
            READS.with(|r| r.set(0));
            assert_eq!(
                shown(&text),
                format!("[www.a.b](http://www.a.b){}", ")".repeat(n))
            );
            let reads = READS.with(Cell::get);
            assert!(reads <= 4 * text.len(), "{n} `)`: {reads} bytes read");
        }
    }

    /// `text` as GitHub shows it: links as `[text](url)`, emoji as they are.
    fn shown(text: &str) -> String {
        let mut out = String::new();
        scan(text, true, |p| match p {
            Piece::Text(t) => out.push_str(t),
            Piece::Link { text, url } => out.push_str(&format!("[{text}]({url})")),
            Piece::Emoji { emoji, .. } => out.push_str(emoji),
        });
        out
    }

    #[test]
    fn addresses_with_their_schemes() {
        assert_eq!(
            shown("see https://example.com/a?b=c now"),
            "see [https://example.com/a?b=c](https://example.com/a?b=c) now"
        );
        assert_eq!(
            shown("www.example.com/help"),
            "[www.example.com/help](http://www.example.com/help)"
        );
        assert_eq!(
            shown("mail foo.bar+baz@example.net."),
            "mail [foo.bar+baz@example.net](mailto:foo.bar+baz@example.net)."
        );
        assert_eq!(
            shown("HTTP://EXAMPLE.COM"),
            "[HTTP://EXAMPLE.COM](HTTP://EXAMPLE.COM)"
        );
        // http:// takes a host without a dot; www. needs the dot it has.
        assert_eq!(
            shown("http://localhost:8080/x"),
            "[http://localhost:8080/x](http://localhost:8080/x)"
        );
    }

    #[test]
    fn trailing_punctuation_is_left_out() {
        assert_eq!(
            shown("Visit www.example.com/a."),
            "Visit [www.example.com/a](http://www.example.com/a)."
        );
        assert_eq!(
            shown("(https://example.com/x), and"),
            "([https://example.com/x](https://example.com/x)), and"
        );
        assert_eq!(
            shown("https://example.com/?!.,:*_~'\""),
            "[https://example.com/](https://example.com/)?!.,:*_~'\""
        );
        // Inside, punctuation stays.
        assert_eq!(
            shown("https://a.b/x.y?q=1,2"),
            "[https://a.b/x.y?q=1,2](https://a.b/x.y?q=1,2)"
        );
    }

    #[test]
    fn parentheses_are_kept_when_they_match() {
        assert_eq!(
            shown("www.google.com/search?q=Markup+(business)"),
            "[www.google.com/search?q=Markup+(business)](http://www.google.com/search?q=Markup+(business))"
        );
        assert_eq!(
            shown("www.google.com/search?q=Markup+(business)))"),
            "[www.google.com/search?q=Markup+(business)](http://www.google.com/search?q=Markup+(business))))"
        );
        assert_eq!(
            shown("(www.google.com/search?q=Markup+(business))"),
            "([www.google.com/search?q=Markup+(business)](http://www.google.com/search?q=Markup+(business)))"
        );
        assert_eq!(
            shown("www.google.com/search?q=(business))+ok"),
            "[www.google.com/search?q=(business))+ok](http://www.google.com/search?q=(business))+ok)"
        );
    }

    #[test]
    fn an_entity_at_the_end_is_left_out() {
        assert_eq!(
            shown("www.google.com/search?q=commonmark&hl=en"),
            "[www.google.com/search?q=commonmark&hl=en](http://www.google.com/search?q=commonmark&hl=en)"
        );
        assert_eq!(
            shown("www.google.com/search?q=commonmark&hl;"),
            "[www.google.com/search?q=commonmark](http://www.google.com/search?q=commonmark)&hl;"
        );
    }

    #[test]
    fn an_address_ends_at_white_space_or_a_tag() {
        assert_eq!(
            shown("www.commonmark.org/he<lp"),
            "[www.commonmark.org/he](http://www.commonmark.org/he)<lp"
        );
        assert_eq!(
            shown("https://a.example\u{3000}next"),
            "[https://a.example](https://a.example)\u{3000}next"
        );
    }

    #[test]
    fn underscores_in_the_last_two_labels_are_no_domain() {
        assert_eq!(
            shown("www.xxx.yyy._zzz"),
            "www.xxx.yyy._zzz",
            "underscore in the last label"
        );
        assert_eq!(shown("www.xxx._yyy.zzz"), "www.xxx._yyy.zzz");
        assert_eq!(
            shown("www._xxx.yyy.zzz"),
            "[www._xxx.yyy.zzz](http://www._xxx.yyy.zzz)"
        );
    }

    #[test]
    fn www_only_after_space_or_a_delimiter() {
        assert_eq!(shown("awww.example.com"), "awww.example.com");
        assert_eq!(
            shown("*www.example.com*"),
            "*[www.example.com](http://www.example.com)*"
        );
        assert_eq!(shown("xhttps://example.com"), "xhttps://example.com");
        assert_eq!(shown("https://"), "https://");
        assert_eq!(shown("www."), "www.");
    }

    #[test]
    fn email_addresses_follow_gfm() {
        assert_eq!(
            shown("hello@mail+xyz.example isn't valid, but hello+xyz@mail.example is."),
            "hello@mail+xyz.example isn't valid, but [hello+xyz@mail.example](mailto:hello+xyz@mail.example) is."
        );
        // `.` at the end is left out; `-` or `_` at the end is no address.
        assert_eq!(shown("a.b-c_d@a.b."), "[a.b-c_d@a.b](mailto:a.b-c_d@a.b).");
        assert_eq!(shown("a.b-c_d@a.b-"), "a.b-c_d@a.b-");
        assert_eq!(shown("a.b-c_d@a.b_"), "a.b-c_d@a.b_");
        assert_eq!(shown("user@localhost"), "user@localhost");
        assert_eq!(shown("@example.com"), "@example.com");
    }

    #[test]
    fn shortcodes_gemoji_knows_become_emoji() {
        assert_eq!(shown("Ship it :rocket: :tada:!"), "Ship it 🚀 🎉!");
        assert_eq!(shown(":+1: and :-1:"), "👍 and 👎");
        assert_eq!(
            shown("not :a_word_gemoji_lacks: nor ::"),
            "not :a_word_gemoji_lacks: nor ::"
        );
        // Not in a word, a path or a time.
        assert_eq!(shown("std::hash::Hash"), "std::hash::Hash");
        assert_eq!(shown("a:tada: :tada:b"), "a:tada: :tada:b");
        assert_eq!(shown("1:100:2 (:100:)"), "1:100:2 (💯)");
        assert_eq!(shown("12:30:00"), "12:30:00");
        // Adjacent shortcodes are each converted, as GitHub does.
        assert_eq!(shown(":tada::tada:"), "🎉🎉");
        assert_eq!(shown("x :tada::rocket::+1: y"), "x 🎉🚀👍 y");
        // But not after a word, nor before one, nor after `::`.
        assert_eq!(shown("a:tada::tada:"), "a:tada::tada:");
        assert_eq!(shown(":tada::tada:b"), "🎉:tada:b");
        assert_eq!(shown("a::tada:"), "a::tada:");
    }

    #[test]
    fn inside_a_link_only_emoji() {
        let mut pieces = Vec::new();
        scan("https://example.com :tada:", false, |p| pieces.push(p));
        assert_eq!(
            pieces,
            [
                Piece::Text("https://example.com "),
                Piece::Emoji {
                    emoji: "🎉",
                    name: "tada"
                }
            ]
        );
    }

    #[test]
    fn any_text_splits_back_into_itself_without_panicking() {
        let cases = [
            "",
            ":",
            "@",
            "w",
            "www",
            "é@é.é",
            "http://é",
            "https://\u{85}",
            "a@b.c;",
            "&;",
            "www.é.",
            "(((https://a.b)))",
            "https://a.b/&amp;",
            "ww\u{2028}www.a.b",
        ];
        for text in cases {
            let mut back = String::new();
            scan(text, true, |p| match p {
                Piece::Text(t) | Piece::Link { text: t, .. } => back.push_str(t),
                Piece::Emoji { name, .. } => back.push_str(&format!(":{name}:")),
            });
            assert_eq!(back, text);
        }
    }
}
