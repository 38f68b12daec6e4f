//! Finding text: smart-case, accent-insensitive literal search or regular
//! expressions over the document's flat text, and fuzzy section lookup.
//!
//! Matches are byte ranges of [`Document::text`], found in the original
//! text (never in a folded copy), so highlighting stays exact even when
//! case folding or accent stripping changes byte lengths.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use regex::{Regex, RegexBuilder};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::document::Document;

/// Compiled regexes larger than this are refused (a pathological pattern
/// must not eat memory).
const REGEX_SIZE_LIMIT: usize = 8 << 20;

/// A compiled query.
#[derive(Debug, Clone)]
pub struct Matcher {
    regex: Regex,
}

impl PartialEq for Matcher {
    fn eq(&self, other: &Self) -> bool {
        self.regex.as_str() == other.regex.as_str()
    }
}

/// Case sensitivity chosen by the query: smart case.
pub fn is_case_sensitive(query: &str) -> bool {
    query.chars().any(char::is_uppercase)
}

/// True when the query carries diacritics, and so must match them exactly.
pub fn has_diacritics(query: &str) -> bool {
    query.nfd().any(is_combining_mark)
}

/// For each ASCII letter, the precomposed Latin letters that fold to it,
/// same case (`e` → `èéêë…`, `E` → `ÈÉÊË…`).
fn accent_variants() -> &'static HashMap<char, String> {
    static TABLE: OnceLock<HashMap<char, String>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: HashMap<char, String> = HashMap::new();
        let ranges = [0x00C0u32..0x0250, 0x1E00..0x1F00];
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            let mut decomposed = std::iter::once(c).nfd();
            if let Some(base) = decomposed.next() {
                if base.is_ascii_alphabetic() && base != c {
                    table.entry(base).or_default().push(c);
                }
            }
        }
        table
    })
}

impl Matcher {
    /// Compiles `query`. `regex`: the query is a regular expression;
    /// otherwise it is literal text, matched accent-insensitively when it
    /// has no diacritics. Both use smart case. `Ok(None)` for an empty query.
    pub fn new(query: &str, regex: bool) -> Result<Option<Matcher>, String> {
        if query.is_empty() {
            return Ok(None);
        }
        let case_insensitive = !is_case_sensitive(query);
        let pattern = if regex {
            query.to_string()
        } else if has_diacritics(query) {
            regex::escape(query)
        } else {
            accent_insensitive_pattern(query, case_insensitive)
        };
        RegexBuilder::new(&pattern)
            .case_insensitive(case_insensitive)
            // `^` and `$` match at the start and end of every paragraph.
            .multi_line(true)
            .size_limit(REGEX_SIZE_LIMIT)
            .dfa_size_limit(REGEX_SIZE_LIMIT)
            .build()
            .map(|regex| Some(Matcher { regex }))
            .map_err(|e| regex_error(&e))
    }

    /// Every match in `text`, in order, non-overlapping (leftmost first,
    /// like less). Empty matches and matches that cross a block boundary
    /// (a newline in the flat text) are skipped.
    pub fn find_all(&self, text: &str) -> Vec<Range<usize>> {
        self.regex
            .find_iter(text)
            .filter(|m| !m.is_empty() && !text[m.range()].contains('\n'))
            .map(|m| m.range())
            .collect()
    }

    /// Every match inside `range` of `text`. The range must start and end
    /// at a block boundary (just after a `\n`, or an end of the text), so no
    /// match is lost or changed by the cut.
    pub fn find_in(&self, text: &str, range: Range<usize>) -> Vec<Range<usize>> {
        let base = range.start;
        self.find_all(&text[range])
            .into_iter()
            .map(|r| r.start + base..r.end + base)
            .collect()
    }
}

/// `durres` → `d\p{Mn}*[uùúûü…]\p{Mn}*r…`: each letter also matches its
/// accented forms, precomposed or followed by combining marks.
fn accent_insensitive_pattern(query: &str, case_insensitive: bool) -> String {
    let table = accent_variants();
    let mut pattern = String::with_capacity(query.len() * 8);
    for c in query.chars() {
        if !c.is_ascii_alphabetic() {
            pattern.push_str(&regex::escape(c.encode_utf8(&mut [0; 4])));
            continue;
        }
        pattern.push('[');
        pattern.push(c);
        pattern.push_str(table.get(&c).map_or("", String::as_str));
        // Some capitals (İ) have no simple case fold to a lowercase
        // variant, so an ignore-case class lists both cases itself.
        if case_insensitive {
            let other = if c.is_ascii_lowercase() {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            };
            pattern.push_str(table.get(&other).map_or("", String::as_str));
        }
        pattern.push_str("]\\p{Mn}*");
    }
    pattern
}

/// A one-line message for an invalid regex.
fn regex_error(e: &regex::Error) -> String {
    match e {
        regex::Error::Syntax(s) => {
            let last = s.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or(s);
            format!(
                "invalid regex: {}",
                last.trim().trim_start_matches("error: ")
            )
        }
        regex::Error::CompiledTooBig(_) => "invalid regex: pattern too large".to_string(),
        other => format!("invalid regex: {other}"),
    }
}

/// Sections whose title fuzzily matches `query`, best first.
pub fn fuzzy_sections(doc: &Document, query: &str) -> Vec<usize> {
    if query.trim().is_empty() {
        return (0..doc.sections.len()).collect();
    }
    // A section number (`5.1`) goes straight to that section.
    if let Some(section) = doc.section_by_number(query) {
        let mut found = vec![section];
        found.extend(
            (0..doc.sections.len())
                .filter(|&i| i != section && doc.sections[i].number.starts_with(query.trim())),
        );
        return found;
    }
    fuzzy_scores(doc, query)
        .into_iter()
        .map(|(i, _)| i)
        .collect()
}

/// Sections whose title fuzzily matches `query` (the go-to prompt's
/// matcher), with their scores, best first; ties in reading order.
pub fn fuzzy_scores(doc: &Document, query: &str) -> Vec<(usize, u32)> {
    use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
    use nucleo_matcher::{Config, Matcher as Fuzzy};
    let mut matcher = Fuzzy::new(Config::DEFAULT);
    let pattern = Pattern::parse(query, CaseMatching::Smart, Normalization::Smart);
    let mut scored: Vec<(usize, u32)> = doc
        .sections
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let mut buf = Vec::new();
            let hay = nucleo_matcher::Utf32Str::new(&s.title, &mut buf);
            pattern.score(hay, &mut matcher).map(|score| (i, score))
        })
        .collect();
    // Best score first; ties in reading order.
    scored.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    scored
}

/// Text around a match for the results list: up to `before` characters
/// before it, then the match and what follows, on one line.
pub fn context(doc: &Document, m: &Range<usize>, before: usize) -> (String, Range<usize>) {
    let block = doc.blocks[doc.block_at_offset(m.start)];
    let text = doc.text();
    let block_start = block.start as usize;
    let start = text[block_start..m.start]
        .char_indices()
        .rev()
        .take(before)
        .last()
        .map_or(m.start, |(i, _)| block_start + i);
    let end = (block.end as usize).max(m.end);
    let prefix = if start > block_start { "…" } else { "" };
    let shown = format!("{prefix}{}", &text[start..end]);
    let hl_start = prefix.len() + (m.start - start);
    (shown, hl_start..hl_start + (m.end - m.start))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(query: &str, regex: bool, text: &str) -> Vec<String> {
        Matcher::new(query, regex)
            .unwrap()
            .unwrap()
            .find_all(text)
            .into_iter()
            .map(|r| text[r].to_string())
            .collect()
    }

    #[test]
    fn smart_case() {
        assert_eq!(all("mek", false, "MEK mek Mek"), ["MEK", "mek", "Mek"]);
        assert_eq!(all("Mek", false, "MEK mek Mek"), ["Mek"]);
        assert_eq!(all("MEK", false, "MEK mek Mek"), ["MEK"]);
    }

    #[test]
    fn accents_fold_only_when_the_query_has_none() {
        let text = "Manëz, Durrës County; Durres; DURRËS";
        assert_eq!(all("manez", false, text), ["Manëz"]);
        assert_eq!(all("durres", false, text), ["Durrës", "Durres", "DURRËS"]);
        assert_eq!(all("durrës", false, text), ["Durrës", "DURRËS"]);
        assert_eq!(all("Durrës", false, text), ["Durrës"]);
        // Decomposed text (e + combining diaeresis) matches too.
        assert_eq!(all("durres", false, "Durre\u{308}s"), ["Durre\u{308}s"]);
    }

    #[test]
    fn length_changing_case_folds_keep_offsets_in_the_original_text() {
        // U+0130 is 2 bytes; its lowercase is 3. Offsets must be the original's.
        let text = "İstanbul and istanbul";
        let m = Matcher::new("istanbul", false).unwrap().unwrap();
        let found = m.find_all(text);
        for r in &found {
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        }
        let shown: Vec<&str> = found.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(shown, ["İstanbul", "istanbul"]);
        // The capital query is case-sensitive and exact.
        assert_eq!(all("İstanbul", false, text), ["İstanbul"]);
        // German sharp s and Kelvin sign: no panic, sane ranges.
        let text = "Straße STRASSE \u{212a}elvin";
        for q in ["straße", "k", "ss"] {
            let m = Matcher::new(q, false).unwrap().unwrap();
            for r in m.find_all(text) {
                assert!(text.get(r).is_some());
            }
        }
    }

    #[test]
    fn empty_query_matches_nothing() {
        assert!(Matcher::new("", false).unwrap().is_none());
        assert!(Matcher::new("", true).unwrap().is_none());
    }

    #[test]
    fn regex_mode_and_its_errors() {
        assert_eq!(
            all(r"\d{4}", true, "in 2013 and 2019, 30"),
            ["2013", "2019"]
        );
        assert_eq!(all("m.k", true, "MEK mak"), ["MEK", "mak"]);
        let err = Matcher::new("(unclosed", true).unwrap_err();
        assert!(err.starts_with("invalid regex:"), "{err}");
        assert!(!err.contains('\n'));
        // Regex metacharacters are literal outside regex mode.
        assert_eq!(all("U.S.", false, "U.S. USA"), ["U.S."]);
        // Empty matches are skipped rather than looping.
        assert!(all("x*", true, "abc").is_empty());
    }

    #[test]
    fn overlapping_matches_are_leftmost_non_overlapping() {
        assert_eq!(
            Matcher::new("aa", false)
                .unwrap()
                .unwrap()
                .find_all("aaaaa"),
            vec![0..2, 2..4]
        );
    }

    #[test]
    fn matches_never_cross_blocks() {
        assert!(all(r"end\sstart", true, "the end\nstart").is_empty());
    }

    #[test]
    fn fuzzy_section_lookup() {
        let doc = crate::load::parse(crate::load::EMBEDDED_NAME, crate::load::EMBEDDED).unwrap();
        let found = fuzzy_sections(&doc, "trl");
        assert_eq!(doc.sections[found[0]].title, "Troll farm allegations");
        let found = fuzzy_sections(&doc, "raid");
        assert_eq!(doc.sections[found[0]].title, "Raid by Albanian police");
        assert!(fuzzy_sections(&doc, "zzzz").is_empty());
        assert_eq!(fuzzy_sections(&doc, "").len(), doc.sections.len());
    }
}
