//! The source line of a place in a document, for `v`: the model keeps the
//! line of each section's start, and the words shown at the place are
//! found in the source from there. Words are runs of letters and digits,
//! so Markdown's and TOML's markup (`*`, `[…](…)`, quotes, escapes) and
//! the source's own line breaks do not stand in the way; a link's or an
//! image's address and a reference definition's line, which are not
//! shown, are skipped. The same words may be shown more than once in a
//! section (a list of links, then the paragraphs they lead to): the place
//! says how many times they were shown before it in its section, and that
//! occurrence is the one looked for.

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

/// How many times the words of `near` follow one another in `shown`
/// from a word that starts before byte `place`: all of them, and the
/// first [`FEWEST_WORDS`]. That is what [`source_line`] is given as `seen`
/// for the place, `shown` being the text of its section as shown.
pub fn seen_before(shown: &str, place: usize, near: &str) -> [u32; 2] {
    let near = words(near, NEAR_WORDS);
    if near.is_empty() {
        return [0; 2];
    }
    let place = u32::try_from(place).unwrap_or(u32::MAX);
    let count = |n: usize| {
        let mut found = 0u32;
        let at = shown
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| (w, (w.as_ptr() as usize - shown.as_ptr() as usize) as u32));
        matches(at, &near[..n], |start| {
            if start < place {
                found += 1;
            }
            start >= place
        });
        found
    };
    [count(near.len()), count(FEWEST_WORDS.min(near.len()))]
}

/// Calls `found` with the number (a line, an offset) of the first word of
/// each run of `want` in `words`, until it returns true.
fn matches<'a>(
    words: impl Iterator<Item = (&'a str, u32)>,
    want: &[&str],
    mut found: impl FnMut(u32) -> bool,
) {
    let n = want.len();
    if n == 0 {
        return;
    }
    // The last `n` words read, with their lines.
    let mut window = std::collections::VecDeque::with_capacity(n);
    for (word, line) in words {
        if window.len() == n {
            window.pop_front();
        }
        window.push_back((word, line));
        if window.len() == n
            && window.iter().zip(want).all(|((w, _), n)| w == n)
            && window.front().is_some_and(|&(_, line)| found(line))
        {
            return;
        }
    }
}

/// The words of a source line that are shown: not a link's or an image's
/// address (`](…)`), nor a full reference's label (`][label]`), nor a
/// reference definition (`[label]: address`).
fn shown_words(line: &str) -> impl Iterator<Item = &str> {
    let bare = line.trim_start_matches(|c: char| c == '>' || c.is_whitespace());
    let definition = bare.starts_with('[')
        && bare
            .find("]:")
            .is_some_and(|i| !bare[1..i].contains(['[', ']']) && i > 1);
    let mut parts = Vec::new();
    if !definition {
        let mut rest = line;
        let next = |rest: &str| match (rest.find("]("), rest.find("][")) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        while let Some(i) = next(rest) {
            parts.push(&rest[..=i]);
            let end = if rest[i + 1..].starts_with('[') {
                // A reference label: to the next `]` (labels hold no
                // unescaped brackets); unclosed, it is text after all.
                match rest[i + 2..].find(']') {
                    Some(k) => i + 2 + k + 1,
                    None => i + 1,
                }
            } else {
                // The address, to its closing parenthesis (balanced).
                let mut depth = 0usize;
                let mut end = rest.len();
                for (k, c) in rest[i + 1..].char_indices() {
                    match c {
                        '(' => depth += 1,
                        ')' => {
                            depth -= 1;
                            if depth == 0 {
                                end = i + 1 + k + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                end
            };
            rest = &rest[end..];
        }
        parts.push(rest);
    }
    parts.into_iter().flat_map(|p| words(p, usize::MAX))
}

/// The line `v` opens: that of the words `near` from line `from` on
/// (see [`source_line`]), moved `lines_down` lines (a place in code is
/// found by its block's first words and its own line's index under them),
/// never above `from`; `from` when the words are not found.
pub fn place_line(
    source: &str,
    from: u32,
    near: Option<&str>,
    seen: [u32; 2],
    lines_down: i32,
) -> u32 {
    near.and_then(|near| source_line(source, from, near, seen))
        .map_or(from, |found| {
            found.saturating_add_signed(lines_down).max(from)
        })
}

/// The 1-based line of `source` where the words of `near` follow one
/// another from line `from` (1-based) on, the one after `seen[0]` others
/// (else the last there is): all of them, else the first [`FEWEST_WORDS`]
/// (or all of them when fewer; after `seen[1]` others), else `None`.
pub fn source_line(source: &str, from: u32, near: &str, seen: [u32; 2]) -> Option<u32> {
    let near = words(near, NEAR_WORDS);
    if near.is_empty() {
        return None;
    }
    let find = |n: usize, seen: u32| {
        let lines = source
            .split('\n')
            .zip(1u32..)
            .skip(from.saturating_sub(1) as usize);
        let words = lines.flat_map(|(text, line)| shown_words(text).map(move |w| (w, line)));
        let mut last = None;
        let mut count = 0;
        matches(words, &near[..n], |line| {
            last = Some(line);
            count += 1;
            count > seen
        });
        last
    };
    find(near.len(), seen[0]).or_else(|| {
        let fewer = FEWEST_WORDS.min(near.len());
        (fewer < near.len()).then(|| find(fewer, seen[1])).flatten()
    })
}
#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "# Title\n\nIntro with a word.\n\n## Part\n\nA first *sentence* that\nwraps in the source, with a [link](http://x.y/z) in it.\n\nA first sentence again.\n";

    #[test]
    fn the_words_are_found_through_markup_and_line_breaks() {
        assert_eq!(
            source_line(SOURCE, 1, "Intro with a word.", [0; 2]),
            Some(3)
        );
        assert_eq!(
            source_line(SOURCE, 1, "A first sentence that wraps", [0; 2]),
            Some(7)
        );
        assert_eq!(
            source_line(SOURCE, 1, "wraps in the source, with", [0; 2]),
            Some(8)
        );
        // From a later line on only.
        assert_eq!(source_line(SOURCE, 8, "A first sentence", [0; 2]), Some(10));
        assert_eq!(source_line(SOURCE, 1, "Part", [0; 2]), Some(5));
    }

    #[test]
    fn a_phrase_broken_by_an_address_is_found_by_its_first_words() {
        // "a link in it" is "a [link](http://x.y/z) in it" in the source.
        assert_eq!(
            source_line(SOURCE, 6, "with a link in it.", [0; 2]),
            Some(8)
        );
        assert_eq!(source_line(SOURCE, 1, "nowhere to be seen", [0; 2]), None);
        assert_eq!(source_line(SOURCE, 1, " … ", [0; 2]), None);
    }

    #[test]
    fn the_occurrence_after_those_shown_before_is_found_and_addresses_are_skipped() {
        let source = "# T\n\n- [one two](#one-two)\n\n[x]: https://one.two/three\n\none two three.\n\nSee [one](https://x/one) two.\n";
        assert_eq!(source_line(source, 1, "one two", [0; 2]), Some(3));
        assert_eq!(source_line(source, 1, "one two", [1; 2]), Some(7));
        // The address between a link's words and the next is not read.
        assert_eq!(source_line(source, 1, "one two", [2; 2]), Some(9));
        // More shown before than there are: the last there is.
        assert_eq!(source_line(source, 1, "one two", [5; 2]), Some(9));
        let shown = "T\none two\none two three.\nSee one two.";
        let place = shown.rfind("one").unwrap();
        assert_eq!(seen_before(shown, place, "one two"), [2, 2]);
        assert_eq!(seen_before(shown, 0, "one two"), [0, 0]);
        // A full reference's label is not shown either (trial: `v` on a
        // match in `[beta][1]` went to the section's heading).
        let source = "## Table\n\n| a | b |\n|---|---|\n| row2 | [beta][1] |\n| row3 | [`gamma`][2] |\n\nProse [zeta][1] here.\n\n[1]: https://x/1\n[2]: https://x/2\n";
        assert_eq!(source_line(source, 1, "beta row3 gamma", [0; 2]), Some(5));
        assert_eq!(source_line(source, 1, "gamma Prose zeta", [0; 2]), Some(6));
        assert_eq!(source_line(source, 1, "zeta here", [0; 2]), Some(8));
        assert_eq!(
            seen_before(shown, place, "one two three extra words"),
            [0, 1]
        );
    }
}
