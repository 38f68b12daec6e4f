//! Terminal hyperlinks (OSC 8): the one form camp-reader writes, and the
//! address made safe for it. An address is printable ASCII only, every
//! other byte percent-encoded, so no ESC, BEL or ST (`ESC \`, U+009C) can
//! be in it, and at most [`MAX_URL_BYTES`] long; each link carries an `id=`
//! so the pieces of a link split across lines or cells are one link.
//!
//! The form, and the only one `output_check` accepts:
//! `ESC ] 8 ; id=ID ; URL ESC \` … `ESC ] 8 ; ; ESC \`, with ID of 1 to
//! [`MAX_ID_BYTES`] ASCII letters, digits and `-`.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

/// The longest address put in a hyperlink or given to the opener; longer
/// ones are shown but not hyperlinked.
pub const MAX_URL_BYTES: usize = 2048;
/// The longest `id=` value.
pub const MAX_ID_BYTES: usize = 64;
/// Ends a hyperlink.
pub const CLOSE: &str = "\x1b]8;;\x1b\\";

/// An address that is printable ASCII (`!` to `~`), not empty, and at most
/// [`MAX_URL_BYTES`] long: safe inside an OSC 8 sequence or as an argument.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SafeUrl(String);

impl SafeUrl {
    /// `url` made safe: every byte that is not printable ASCII is
    /// percent-encoded, and a `%` not followed by two hex digits becomes
    /// `%25`. `None` when empty or longer than [`MAX_URL_BYTES`] once
    /// encoded.
    pub fn new(url: &str) -> Option<SafeUrl> {
        // Encoding never shortens: a longer address is refused unread
        // (`--print --hyperlinks` looks a link up on each of its lines,
        // and a 1 MB bare address cost a pass over it per line).
        if url.len() > MAX_URL_BYTES {
            return None;
        }
        let url = encode(url);
        (!url.is_empty() && url.len() <= MAX_URL_BYTES).then_some(SafeUrl(url))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for SafeUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Every byte that is not printable ASCII: controls, space, DEL, and each
/// byte of a non-ASCII character.
const UNSAFE: &AsciiSet = &CONTROLS.add(b' ');

/// See [`SafeUrl::new`].
pub fn encode(url: &str) -> String {
    #[cfg(test)]
    ENCODED.with(|n| n.set(n.get() + url.len()));
    let mut out = String::with_capacity(url.len());
    let mut rest = url;
    while let Some(at) = rest.find('%') {
        out.extend(utf8_percent_encode(&rest[..at], UNSAFE));
        let after = &rest.as_bytes()[at + 1..];
        let escape = after.len() >= 2 && after[..2].iter().all(u8::is_ascii_hexdigit);
        out.push_str(if escape { "%" } else { "%25" });
        rest = &rest[at + 1..];
    }
    out.extend(utf8_percent_encode(rest, UNSAFE));
    out
}

#[cfg(test)]
thread_local! {
    /// Bytes given to [`encode`] on this thread (tests bound the work).
    pub(crate) static ENCODED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The id of link number `index` of a document: `id=` values are compared
/// with the address too, so links of two documents cannot be confused.
pub fn link_id(index: usize) -> String {
    format!("cr{index}")
}

/// Starts a hyperlink to `url` with the id `id` (letters, digits, `-`;
/// anything else is left out, and an empty id becomes `x`).
pub fn open(url: &SafeUrl, id: &str) -> String {
    let mut id: String = id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(MAX_ID_BYTES)
        .collect();
    if id.is_empty() {
        id.push('x');
    }
    format!("\x1b]8;id={id};{url}\x1b\\")
}

/// `text` as a hyperlink to `url`.
pub fn wrap(text: &str, url: &SafeUrl, id: &str) -> String {
    format!("{}{text}{CLOSE}", open(url, id))
}

/// A cell's symbol made by [`wrap`] taken apart: the opening sequence and
/// the text inside. `None` for anything else.
pub fn unwrap_cell(symbol: &str) -> Option<(&str, &str)> {
    let inner = symbol.strip_prefix("\x1b]8;id=")?.strip_suffix(CLOSE)?;
    let open_len = "\x1b]8;id=".len() + inner.find("\x1b\\")? + 2;
    Some((
        &symbol[..open_len],
        &symbol[open_len..symbol.len() - CLOSE.len()],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrapped_cell_comes_apart_into_its_opening_and_text() {
        let url = SafeUrl::new("https://e.org/x").unwrap();
        let cell = wrap("é", &url, "cr3");
        assert_eq!(
            unwrap_cell(&cell),
            Some(("\x1b]8;id=cr3;https://e.org/x\x1b\\", "é"))
        );
        for other in ["é", "", CLOSE, "\x1b]8;id=cr3;x", "\x1b]8;;\x1b\\x"] {
            assert_eq!(unwrap_cell(other), None, "{other:?}");
        }
    }

    #[test]
    fn safe_urls_are_printable_ascii_only() {
        assert_eq!(encode("a%20b%zz%"), "a%20b%25zz%25");
        assert_eq!(
            encode("x\u{1b}]8;;\u{7}\u{9c}\u{7f} é"),
            "x%1B]8;;%07%C2%9C%7F%20%C3%A9"
        );
        assert_eq!(SafeUrl::new(""), None);
        let all: String = (0..=0x10ffu32).filter_map(char::from_u32).collect();
        let safe = encode(&all);
        assert!(safe.bytes().all(|b| (0x21..=0x7e).contains(&b)));
    }

    #[test]
    fn the_length_limit_counts_the_encoded_address() {
        let fits = format!("https://e.org/{}", "a".repeat(MAX_URL_BYTES - 14));
        assert_eq!(fits.len(), MAX_URL_BYTES);
        assert!(SafeUrl::new(&fits).is_some());
        assert!(SafeUrl::new(&format!("{fits}a")).is_none());
        // Three bytes once encoded.
        let near = format!("https://e.org/{}", "a".repeat(MAX_URL_BYTES - 16));
        assert!(SafeUrl::new(&format!("{near} ")).is_none());
    }

    #[test]
    fn the_sequence_has_an_id_and_ends_with_st() {
        let url = SafeUrl::new("https://e.org/x").unwrap();
        assert_eq!(
            wrap("ab", &url, &link_id(3)),
            "\x1b]8;id=cr3;https://e.org/x\x1b\\ab\x1b]8;;\x1b\\"
        );
        assert_eq!(open(&url, ";\x1b:"), "\x1b]8;id=x;https://e.org/x\x1b\\");
    }
}
