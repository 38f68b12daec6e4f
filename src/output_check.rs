//! The terminal byte rule: what camp-reader may write to a terminal.
//! Everything a document holds is shown as visible text, so the only escape
//! sequences in the output are the backend's own (cursor moves, colours,
//! clears, cursor show/hide). The hostile-input tests and the fuzz target
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

/// The byte rule: output is UTF-8; every ESC starts a CSI of the allowed
/// kinds; no other C0 control, DEL, raw C1 character or bidi control.
pub fn check_terminal_bytes(bytes: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("output is not UTF-8: {e}"))?;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
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
