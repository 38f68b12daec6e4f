//! The source line of a place in a document, for `v`: the model keeps the
//! line of each section's start, and the words shown at the place are
//! found in the source from there. Words are runs of letters and digits,
//! so Markdown's and TOML's markup (`*`, `[…](…)`, quotes, escapes) and
//! the source's own line breaks do not stand in the way.

/// Words looked for at most: enough to tell one sentence from another.
pub const NEAR_WORDS: usize = 5;
/// The fewest words looked for when all of them are not found (a link's
/// address or an entity inside the phrase): fewer would match anything.
pub const FEWEST_WORDS: usize = 3;

/// The words of `text`, up to `n`.
pub fn words(text: &str, n: usize) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(n)
        .collect()
}

/// The 1-based line of `source` where the words of `near` first follow
/// one another from line `from` (1-based) on: all of them, else the first
/// [`FEWEST_WORDS`] (or all of them when fewer), else `None`.
pub fn source_line(source: &str, from: u32, near: &str) -> Option<u32> {
    let near = words(near, NEAR_WORDS);
    if near.is_empty() {
        return None;
    }
    let first = |n: usize| {
        let want = &near[..n];
        // The last `n` words read, with their lines.
        let mut window = std::collections::VecDeque::with_capacity(n);
        let lines = source
            .split('\n')
            .zip(1u32..)
            .skip(from.saturating_sub(1) as usize);
        for (text, line) in lines {
            for word in words(text, usize::MAX) {
                if window.len() == n {
                    window.pop_front();
                }
                window.push_back((word, line));
                if window.len() == n && window.iter().zip(want).all(|((w, _), n)| w == n) {
                    return window.front().map(|&(_, line)| line);
                }
            }
        }
        None
    };
    first(near.len()).or_else(|| {
        let fewer = FEWEST_WORDS.min(near.len());
        (fewer < near.len()).then(|| first(fewer)).flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "# Title\n\nIntro with a word.\n\n## Part\n\nA first *sentence* that\nwraps in the source, with a [link](http://x.y/z) in it.\n\nA first sentence again.\n";

    #[test]
    fn the_words_are_found_through_markup_and_line_breaks() {
        assert_eq!(source_line(SOURCE, 1, "Intro with a word."), Some(3));
        assert_eq!(
            source_line(SOURCE, 1, "A first sentence that wraps"),
            Some(7)
        );
        assert_eq!(source_line(SOURCE, 1, "wraps in the source, with"), Some(8));
        // From a later line on only.
        assert_eq!(source_line(SOURCE, 8, "A first sentence"), Some(10));
        assert_eq!(source_line(SOURCE, 1, "Part"), Some(5));
    }

    #[test]
    fn a_phrase_broken_by_an_address_is_found_by_its_first_words() {
        // "a link in it" is "a [link](http://x.y/z) in it" in the source.
        assert_eq!(source_line(SOURCE, 6, "with a link in it."), Some(8));
        assert_eq!(source_line(SOURCE, 1, "nowhere to be seen"), None);
        assert_eq!(source_line(SOURCE, 1, " … "), None);
    }
}
