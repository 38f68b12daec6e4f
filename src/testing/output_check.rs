//! The terminal byte rule: what camp-reader may write to a terminal.
//! Everything a document holds is shown as visible text, so the only escape
//! sequences in the output are the backend's own (cursor moves, colours,
//! clears, cursor show/hide) and the one form of hyperlink camp-reader
//! writes itself (`hyperlink`). The hostile-input tests and the fuzz target
//! check drawn output and error messages against it.

/// Bidi controls: embeddings, overrides, isolates and marks.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

/// A few bytes around `at`, for messages.
fn around(bytes: &[u8], at: usize) -> String {
    let from = at.saturating_sub(16);
    let to = (at + 24).min(bytes.len());
    format!("{:?}", String::from_utf8_lossy(&bytes[from..to]))
}

/// Checks one CSI sequence starting at `start` (an ESC) and returns the
/// index just past it. Only what crossterm writes for ratatui is allowed:
/// `ESC [` then parameter bytes then one final byte from a short list.
fn check_csi(bytes: &[u8], start: usize) -> Result<usize, String> {
    if bytes.get(start + 1) != Some(&b'[') {
        return Err(format!(
            "ESC at {start} does not start a CSI: {}",
            around(bytes, start)
        ));
    }
    let params_start = start + 2;
    let mut i = params_start;
    while i < bytes.len() && (0x30..=0x3f).contains(&bytes[i]) {
        i += 1;
    }
    let params = &bytes[params_start..i];
    let Some(&last) = bytes.get(i) else {
        return Err(format!("unterminated CSI at {start}"));
    };
    let numeric = |extra: &[u8]| {
        params
            .iter()
            .all(|b| b.is_ascii_digit() || extra.contains(b))
    };
    let ok = match last {
        // SGR: colours and attributes (`38;5;n`, `58:2::r:g:b`...).
        b'm' => numeric(b";:"),
        // Cursor position.
        b'H' | b'f' => numeric(b";"),
        // Clears and relative cursor moves.
        b'J' | b'K' | b'A' | b'B' | b'C' | b'D' | b'G' => numeric(b""),
        // Cursor show and hide only.
        b'h' | b'l' => params == b"?25",
        _ => false,
    };
    if !ok {
        return Err(format!(
            "unexpected CSI at {start}: {}",
            around(bytes, start)
        ));
    }
    Ok(i + 1)
}

/// Checks one OSC 8 sequence starting at `start` (an ESC) and returns the
/// index just past it. Exactly two forms: `ESC ] 8 ; id=ID ; URL ESC \`
/// (ID: 1 to 64 ASCII letters, digits and `-`; URL: 1 to 2048 bytes of
/// printable ASCII) and the end of a link, `ESC ] 8 ; ; ESC \`. No other
/// OSC, no other parameter, no BEL terminator.
fn check_osc8(bytes: &[u8], start: usize) -> Result<usize, String> {
    use crate::text::hyperlink::{MAX_ID_BYTES, MAX_URL_BYTES};
    let bad = |what: &str| Err(format!("{what} at {start}: {}", around(bytes, start)));
    let rest = &bytes[start..];
    if rest.starts_with(b"\x1b]8;;\x1b\\") {
        return Ok(start + 7);
    }
    let Some(after) = rest.strip_prefix(b"\x1b]8;id=") else {
        return bad("an OSC that is not a hyperlink of camp-reader's form");
    };
    let id_len = after
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
        .count();
    if id_len == 0 || id_len > MAX_ID_BYTES || after.get(id_len) != Some(&b';') {
        return bad("a hyperlink without a valid id");
    }
    let url = &after[id_len + 1..];
    let url_len = url
        .iter()
        .take_while(|b| (0x21..=0x7e).contains(*b))
        .count();
    if url_len == 0 || url_len > MAX_URL_BYTES {
        return bad("a hyperlink address empty or too long");
    }
    if !url[url_len..].starts_with(b"\x1b\\") {
        return bad("a hyperlink address not ended by ESC \\ right after printable ASCII");
    }
    Ok(start + 7 + id_len + 1 + url_len + 2)
}

/// The byte rule: output is UTF-8; every ESC starts a CSI of the allowed
/// kinds or camp-reader's hyperlink form; no other C0 control, DEL, raw C1
/// character or bidi control.
pub fn check_terminal_bytes(bytes: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("output is not UTF-8: {e}"))?;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            0x1b if bytes.get(i + 1) == Some(&b']') => i = check_osc8(bytes, i)?,
            0x1b => i = check_csi(bytes, i)?,
            b @ (0x00..=0x1f | 0x7f) => {
                return Err(format!(
                    "raw control byte {b:#04x} at {i}: {}",
                    around(bytes, i)
                ));
            }
            _ => i += 1,
        }
    }
    for (i, c) in text.char_indices() {
        if ('\u{80}'..='\u{9f}').contains(&c) {
            return Err(format!("raw C1 {c:?} at {i}: {}", around(bytes, i)));
        }
        if is_bidi_control(c) {
            return Err(format!("bidi control {c:?} at {i}: {}", around(bytes, i)));
        }
    }
    Ok(())
}

/// An error message: newlines between its lines, and no control or bidi
/// character.
pub fn check_message(s: &str) -> Result<(), String> {
    match s
        .chars()
        .find(|&c| (c.is_control() && c != '\n') || is_bidi_control(c))
    {
        Some(c) => Err(format!("{c:?} in the message")),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::hyperlink::{CLOSE, SafeUrl, link_id, wrap};

    #[test]
    fn camp_readers_hyperlinks_pass_and_nothing_else_like_them() {
        let url = SafeUrl::new("https://e.org/a b\u{1b}\u{7}\u{9c}é").unwrap();
        let ok = format!("x{}y{CLOSE}", wrap("ab", &url, &link_id(7)));
        assert_eq!(check_terminal_bytes(ok.as_bytes()), Ok(()));
        let long = SafeUrl::new(&"a".repeat(2048)).unwrap();
        assert!(check_terminal_bytes(wrap("a", &long, "id").as_bytes()).is_ok());
        for bad in [
            "\x1b]8;;https://e.org\x1b\\x\x1b]8;;\x1b\\",
            "\x1b]8;id=a;https://e.org\x07x",
            "\x1b]8;id=a;https://e.org\u{9c}x",
            "\x1b]8;id=a;https://e.org/\x1b]0;pwned\x07\x1b\\",
            "\x1b]8;id=a:b;https://e.org\x1b\\",
            "\x1b]8;id=;https://e.org\x1b\\",
            "\x1b]8;id=a;\x1b\\",
            "\x1b]8;id=a;https://e.org/é\x1b\\",
            "\x1b]8;id=a;https://e.org/ x\x1b\\",
            "\x1b]8;id=a;https://e.org",
            "\x1b]8;;\x07",
            "\x1b]0;title\x1b\\",
            "\x1b]52;c;eA==\x1b\\",
            "\x1b]8;foo=1:id=a;https://e.org\x1b\\",
            // What follows a hyperlink is checked like anything else.
            "\x1b]8;id=a;https://e.org\x1b\\\x07b",
            "\x1b]8;;\x1b\\\x07",
        ] {
            assert!(check_terminal_bytes(bad.as_bytes()).is_err(), "{bad:?}");
        }
        let too_long = format!("\x1b]8;id=a;{}\x1b\\", "a".repeat(2049));
        assert!(check_terminal_bytes(too_long.as_bytes()).is_err());
        let long_id = format!("\x1b]8;id={};x\x1b\\", "a".repeat(65));
        assert!(check_terminal_bytes(long_id.as_bytes()).is_err());
    }
}
