//! Located errors, shared by everything that reads a file (documents, the
//! config file, the state file): `PATH:LINE:COLUMN: message`, then the
//! offending line and a caret under the column. Also the rule that keeps
//! every message bounded whatever the input: echoed values and lists are
//! cut ([`cut`], [`cut_list`]).
//!
//! This module sits at the bottom of the layers: it knows only the sanitizer.

use std::borrow::Cow;
use std::fmt;

use crate::text::sanitize::{sanitize, sanitize_line};

/// Error excerpts are cut to this many columns.
const EXCERPT_COLS: usize = 200;
/// Values echoed in a message are cut to this many characters.
pub const MAX_ECHO_CHARS: usize = 80;
/// A message by others (clap, serde) is cut to this many characters.
pub const MAX_MESSAGE_CHARS: usize = 400;
/// Lists in a message show this many items, then `and N more`.
pub const MAX_LIST_ITEMS: usize = 10;

/// Line and column (1-based, columns counted in characters) plus the
/// offending line, already sanitized and cut for printing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    pub excerpt: String,
    /// Display column of the caret within `excerpt`.
    pub caret: usize,
}

/// An error in a file: which file, where in it (when known), and what is
/// wrong. Every field is safe to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: String,
    pub location: Option<Location>,
    pub message: String,
}

impl Diagnostic {
    /// An error about the file as a whole. `path` must already be safe to
    /// print; the message is bounded ([`cut_quoted`]) and sanitized here.
    pub fn plain(path: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_string(),
            location: None,
            message: sanitize(&cut_quoted(&message.into())).into_owned(),
        }
    }

    /// An error at byte `offset` of `source`.
    pub fn at(path: &str, source: &str, offset: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_string(),
            location: Some(locate(source, offset)),
            message: sanitize(&cut_quoted(&message.into())).into_owned(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            None => write!(f, "{}: {}", self.path, self.message),
            Some(loc) => {
                writeln!(
                    f,
                    "{}:{}:{}: {}",
                    self.path, loc.line, loc.column, self.message
                )?;
                writeln!(f, "    {}", loc.excerpt)?;
                write!(f, "    {}^", " ".repeat(loc.caret))
            }
        }
    }
}

impl std::error::Error for Diagnostic {}

/// Computes LINE:COLUMN of a byte offset and a printable excerpt of its line.
pub fn locate(source: &str, offset: usize) -> Location {
    use unicode_width::UnicodeWidthStr;
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[offset..]
        .find('\n')
        .map_or(source.len(), |i| offset + i);
    let line = memchr::memchr_iter(b'\n', &source.as_bytes()[..line_start]).count() + 1;
    let before = &source[line_start..offset];
    let column = before.chars().count() + 1;
    // A CRLF ending is not part of the line (a lone CR inside it is
    // shown); an error at the CR or LF points just past the text.
    let line_end = line_start + source[line_start..line_end].trim_end_matches('\r').len();
    let caret_at = offset.min(line_end);

    // Show a window of the line around the column so a 10 MB line prints a
    // bounded excerpt that still contains the caret.
    let (mut prefix, mut window_start) = if column > EXCERPT_COLS / 2 {
        let skip = column - EXCERPT_COLS / 4;
        let start = before
            .char_indices()
            .nth(skip)
            .map_or(before.len(), |(i, _)| i);
        ("…", line_start + start)
    } else {
        ("", line_start)
    };
    // Markers are wide (`<U+009B>` is 8 columns for one character): start
    // later until what is shown before the caret takes at most half the
    // excerpt, so the caret always lands inside it.
    window_start = window_start.min(caret_at);
    let mut shown_before = sanitize(&source[window_start..caret_at]);
    while shown_before.width() > EXCERPT_COLS / 2 {
        let c = source[window_start..]
            .chars()
            .next()
            .expect("before the caret");
        window_start += c.len_utf8();
        prefix = "…";
        shown_before = sanitize(&source[window_start..caret_at]);
    }
    let window_end = line_end.min(window_start + EXCERPT_COLS * 4);
    let mut window_end = window_end.max(caret_at);
    while !source.is_char_boundary(window_end) {
        window_end -= 1;
    }
    let caret = prefix.len().min(1) + shown_before.width();
    let mut excerpt = String::from(prefix);
    excerpt.push_str(&sanitize_line(
        &source[window_start..window_end.max(window_start)],
        EXCERPT_COLS,
    ));
    Location {
        line,
        column,
        excerpt,
        caret: caret.min(EXCERPT_COLS + 1),
    }
}

/// `value` as it may be echoed in a message: at most [`MAX_ECHO_CHARS`]
/// characters, ending in `…` when it was cut. Not sanitized (messages are
/// sanitized whole).
pub fn cut(value: &str) -> Cow<'_, str> {
    match value.char_indices().nth(MAX_ECHO_CHARS) {
        None => Cow::Borrowed(value),
        Some(_) => {
            // Keep one character less to make room for the ellipsis.
            let end = value
                .char_indices()
                .nth(MAX_ECHO_CHARS - 1)
                .map_or(value.len(), |(i, _)| i);
            Cow::Owned(format!("{}…", &value[..end]))
        }
    }
}

/// A list as it may be echoed in a message: the first [`MAX_LIST_ITEMS`]
/// items (each [`cut`]) joined by `sep`, then `and N more` when there are
/// more. `items` is read only as far as needed, plus a count of the rest.
pub fn cut_list<I>(items: I, sep: &str) -> String
where
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    let mut items = items.into_iter();
    let mut out = String::new();
    for (i, item) in items.by_ref().take(MAX_LIST_ITEMS).enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(&cut(item.as_ref()));
    }
    let more = items.count();
    if more > 0 {
        out.push_str(&format!("{sep}and {more} more"));
    }
    out
}

/// `message` with every quoted run (between a pair of `'`, `"` or
/// `` ` ``) [`cut`], for messages written by others (clap, serde) that
/// echo a value whole; whatever is left is bounded too (at
/// [`MAX_MESSAGE_CHARS`]), in case quotes inside the value broke the pairs.
pub fn cut_quoted(message: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(open) = rest.find(['\'', '"', '`']) {
        let quote = char::from(rest.as_bytes()[open]);
        let inner = &rest[open + 1..];
        let Some(close) = closing(inner, quote) else {
            break;
        };
        out.push_str(&rest[..=open]);
        out.push_str(&cut(&inner[..close]));
        out.push(quote);
        rest = &inner[close + 1..];
    }
    out.push_str(rest);
    match out.char_indices().nth(MAX_MESSAGE_CHARS - 1) {
        Some((end, _)) if end + 1 < out.len() => format!("{}…", &out[..end]),
        _ => out,
    }
}

/// Where `quote` closes a quoted run; in a `"` run (Rust's `{:?}`, serde's
/// `string "…"`) an escaped `\"` does not close it.
fn closing(inner: &str, quote: char) -> Option<usize> {
    if quote != '"' {
        return inner.find(quote);
    }
    let mut escaped = false;
    for (i, b) in inner.bytes().enumerate() {
        match b {
            _ if escaped => escaped = false,
            b'\\' => escaped = true,
            b'"' => return Some(i),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_values_are_echoed_whole() {
        assert_eq!(cut("abc"), "abc");
        let exact = "é".repeat(MAX_ECHO_CHARS);
        assert_eq!(cut(&exact), exact);
    }

    #[test]
    fn long_values_are_cut_to_the_limit_with_an_ellipsis() {
        let long = "é".repeat(5_000_000);
        let shown = cut(&long);
        assert_eq!(shown.chars().count(), MAX_ECHO_CHARS);
        assert!(shown.ends_with('…'));
        assert!(shown.starts_with("éé"));
    }

    #[test]
    fn lists_show_the_first_items_and_a_count_of_the_rest() {
        let ids: Vec<String> = (1..=25).map(|i| format!("s{i}")).collect();
        assert_eq!(
            cut_list(&ids, ", "),
            "s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, and 15 more"
        );
        assert_eq!(cut_list(&ids[..3], ", "), "s1, s2, s3");
        assert_eq!(cut_list(&ids[..10], ", "), ids[..10].join(", "));
        assert_eq!(cut_list(Vec::<&str>::new(), ", "), "");
        let long = ["x".repeat(1000)];
        assert_eq!(cut_list(long, ", ").chars().count(), MAX_ECHO_CHARS);
    }

    #[test]
    fn quoted_values_in_others_messages_are_cut() {
        let long = "v".repeat(900_000);
        let m = cut_quoted(&format!("invalid value '{long}' for '--theme <NAME>'"));
        assert_eq!(
            m,
            format!("invalid value '{}…' for '--theme <NAME>'", "v".repeat(79))
        );
        let m = cut_quoted(&format!("unknown field `{long}`, expected \"x\""));
        assert!(m.starts_with("unknown field `vvv") && m.ends_with("…`, expected \"x\""));
        // Unpaired quotes: still bounded.
        let m = cut_quoted(&format!("a 'b {long}"));
        assert_eq!(m.chars().count(), MAX_MESSAGE_CHARS);
        assert_eq!(cut_quoted("plain 'short' text"), "plain 'short' text");
        // An escaped quote inside a `{:?}` value does not end it.
        let m = cut_quoted(&format!(
            "invalid type: string {:?}, expected a sequence",
            format!("a\"{long}")
        ));
        assert!(m.ends_with("…\", expected a sequence"), "{m}");
    }

    #[test]
    fn every_diagnostic_message_is_bounded() {
        let key = "k".repeat(5_000_000);
        let e = Diagnostic::plain("f", format!("unknown field `{key}`, expected `title`"));
        assert_eq!(
            e.message,
            format!("unknown field `{}…`, expected `title`", "k".repeat(79))
        );
        let e = Diagnostic::at("f", "x", 0, format!("x` {key} `y"));
        assert!(e.message.chars().count() <= MAX_MESSAGE_CHARS);
    }

    #[test]
    fn a_located_error_prints_path_line_column_excerpt_and_caret() {
        let e = Diagnostic::at("f.toml", "a = 1\nb = ?\n", 10, "bad value");
        assert_eq!(e.to_string(), "f.toml:2:5: bad value\n    b = ?\n        ^");
        let e = Diagnostic::plain("f.toml", "no such file");
        assert_eq!(e.to_string(), "f.toml: no such file");
    }
}
