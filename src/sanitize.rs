//! The one sanitizer: every string that reaches the terminal (document text
//! at load time, file names and excerpts on stderr) goes through here, so a
//! document can never emit raw control, bidi or invisible characters.

use std::borrow::Cow;

/// Makes `s` safe to show: controls become caret or `<U+XXXX>` notation,
/// tabs become spaces. Returns the input untouched when nothing needs doing.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if !needs_work(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    let mut col = 0usize;
    for c in s.chars() {
        match c {
            '\t' => {
                let n = 8 - col % 8;
                out.extend(std::iter::repeat_n(' ', n));
                col += n;
                continue;
            }
            '\u{0}'..='\u{1f}' => {
                out.push('^');
                out.push((c as u8 + 0x40) as char);
            }
            '\u{7f}' => out.push_str("^?"),
            c if is_hidden(c) => {
                out.push_str(&format!("<U+{:04X}>", c as u32));
            }
            c => out.push(c),
        }
        col += 1;
    }
    Cow::Owned(out)
}

fn needs_work(s: &str) -> bool {
    let bytes = s.as_bytes();
    if bytes.iter().any(|&b| b < 0x20 || b == 0x7f) {
        return true;
    }
    !s.is_ascii() && s.chars().any(is_hidden)
}

/// C1 controls, bidi controls and invisible format characters.
fn is_hidden(c: char) -> bool {
    matches!(c,
        '\u{80}'..='\u{9f}'
        | '\u{061c}'
        | '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2069}'
        | '\u{feff}')
}

/// Sanitizes `s` and cuts it to at most `max_cols` display columns.
pub fn sanitize_line(s: &str, max_cols: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let clean = sanitize(s);
    let mut out = String::new();
    let mut cols = 0;
    for c in clean.chars() {
        let w = c.width().unwrap_or(0);
        if cols + w > max_cols {
            out.push('…');
            break;
        }
        cols += w;
        out.push(c);
    }
    out
}
