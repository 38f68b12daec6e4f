//! Property tests for `camp_reader::text::sanitize`: whatever a document holds,
//! the sanitized text never carries a control, bidi or invisible character
//! (beyond the joiners and selectors real text needs), sanitizing twice
//! changes nothing, and ordinary text is returned untouched.
//!
//! The checks here use their own, deliberately independent and somewhat
//! looser, description of the allowed contexts rather than the module's.

use std::borrow::Cow;

use camp_reader::testing::output_check::is_bidi_control;
use camp_reader::text::sanitize::{sanitize, sanitize_line};
use proptest::prelude::*;
use proptest::test_runner::Config;
use unicode_width::UnicodeWidthStr;

fn config() -> Config {
    Config {
        cases: 256,
        failure_persistence: None,
        ..Config::default()
    }
}

/// Characters the sanitizer has rules for, and the neighbours those rules
/// look at.
#[rustfmt::skip]
const SPECIAL: &[char] = &[
    '\t', '\n', '\r', '\0', '\x07', '\x1b', '\x7f', '\u{80}', '\u{85}', '\u{9b}', '\u{9c}',
    '\u{9d}', '\u{ad}', '\u{115f}', '\u{1160}', '\u{34f}', '\u{600}', '\u{61c}', '\u{6dd}', '\u{17b4}', '\u{180b}',
    '\u{180e}', '\u{200b}', '\u{200c}', '\u{200d}', '\u{200e}', '\u{200f}', '\u{2028}',
    '\u{202a}', '\u{202e}', '\u{2060}', '\u{2065}', '\u{2066}', '\u{2069}', '\u{206f}',
    '\u{3164}', '\u{fe00}', '\u{fe0e}', '\u{fe0f}', '\u{feff}', '\u{ffa0}', '\u{fff9}',
    '\u{1d173}', '\u{e0001}', '\u{e0041}', '\u{e0062}', '\u{e0065}', '\u{e0067}', '\u{e006e}',
    '\u{e007f}', '\u{e0100}', '\u{1f3f4}', '\u{1f3fb}', '👨', '👩', '❤', '☠', '🔥', '1', '#', ' ',
    'a', 'م', 'ی', 'خ', '\u{64e}', 'क', '\u{94d}', 'ශ', '\u{dca}', 'র', '\u{9cd}', 'ᠠ', '葛',
    '\u{301}', '日', '\u{308}', '≩',
];

fn messy_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => any::<char>(),
        5 => prop::sample::select(SPECIAL),
        2 => proptest::char::range(' ', '~'),
        1 => proptest::char::range('\u{e0000}', '\u{e007f}'),
    ]
}

/// A small alphabet of rule triggers and their neighbours, so that the
/// rare combinations (a joiner after a selector after a non-emoji, flag tag
/// runs, a selector after a selector, ...) come up often.
#[rustfmt::skip]
const DENSE: &[char] = &[
    '\u{200d}', '\u{200c}', '\u{fe0f}', '\u{e0100}', '\u{e0067}', '\u{e007f}', '\u{1f3f4}', '👨',
    '1', 'x', '\t', '\x1b', 'م', '\u{94d}', 'क', '葛', '\u{fe00}', '\u{34f}', '\u{308}',
];

fn messy_string() -> impl Strategy<Value = String> {
    prop::collection::vec(messy_char(), 0..40).prop_map(String::from_iter)
}

/// The tag run of the England flag, to try after anything.
const FLAG_TAGS: &str = "\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}";

fn dense_string() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        12 => prop::sample::select(DENSE).prop_map(String::from),
        1 => Just(FLAG_TAGS.to_string()),
    ];
    prop::collection::vec(piece, 0..64).prop_map(|pieces| pieces.concat())
}

/// Letters, marks, symbols and emoji of many scripts, none of them special.
fn ordinary_char() -> impl Strategy<Value = char> {
    prop_oneof![
        proptest::char::range(' ', '~'),
        proptest::char::range('\u{c0}', '\u{17f}'),
        proptest::char::range('\u{300}', '\u{34e}'),
        proptest::char::range('\u{391}', '\u{3c9}'),
        proptest::char::range('\u{410}', '\u{44f}'),
        proptest::char::range('\u{5d0}', '\u{5ea}'),
        proptest::char::range('\u{621}', '\u{64a}'),
        proptest::char::range('\u{905}', '\u{939}'),
        proptest::char::range('\u{e01}', '\u{e30}'),
        proptest::char::range('\u{3041}', '\u{3096}'),
        proptest::char::range('\u{4e00}', '\u{9fff}'),
        proptest::char::range('\u{ac00}', '\u{d7a3}'),
        proptest::char::range('\u{1f600}', '\u{1f64f}'),
        Just('\u{a0}'),
        Just('…'),
    ]
}

/// General category Cf, plus the other invisible default-ignorable
/// characters, variation selectors and line/paragraph separators.
fn is_invisible(c: char) -> bool {
    matches!(u32::from(c),
        0xad | 0x34f | 0x600..=0x605 | 0x61c | 0x6dd | 0x70f | 0x890..=0x891 | 0x8e2
        | 0x115f..=0x1160 | 0x17b4..=0x17b5 | 0x180b..=0x180f | 0x200b..=0x200f | 0x2028..=0x202e
        | 0x2060..=0x206f | 0x3164 | 0xfe00..=0xfe0f | 0xfeff | 0xffa0 | 0xfff0..=0xfffb
        | 0x110bd | 0x110cd | 0x13430..=0x1343f | 0x1bca0..=0x1bca3 | 0x1d173..=0x1d17a
        | 0xe0000..=0xe0fff)
}

fn is_emoji_like(c: char) -> bool {
    matches!(u32::from(c),
        0xa9 | 0xae | 0x203c | 0x2049 | 0x2100..=0x2bff | 0x3030 | 0x303d | 0x3297 | 0x3299
        | 0x1f000..=0x1fffd)
}

fn is_arabic_block(c: char) -> bool {
    matches!(u32::from(c), 0x620..=0x6ff | 0x750..=0x77f | 0x870..=0x8ff | 0xfb50..=0xfdff | 0xfe70..=0xfefc)
}

fn is_brahmic_block(c: char) -> bool {
    matches!(u32::from(c),
        0x900..=0xdff | 0x1000..=0x109f | 0x1780..=0x17ff | 0x1b00..=0x1b7f | 0xa8c0..=0xa8df
        | 0xa980..=0xa9df)
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}'
        | '\u{20000}'..='\u{323af}')
}

fn is_tag(c: char) -> bool {
    matches!(c, '\u{e0020}'..='\u{e007f}')
}

/// Where an invisible character at `i` of `chars` is allowed to stay.
fn allowed_invisible(chars: &[char], i: usize) -> bool {
    let c = chars[i];
    let prev = i.checked_sub(1).map(|j| chars[j]);
    let prev2 = i.checked_sub(2).map(|j| chars[j]);
    let next = chars.get(i + 1).copied();
    let visible = |p: char| !p.is_whitespace() && !p.is_control() && !is_invisible(p);
    let indic = prev.is_some_and(is_brahmic_block);
    match c {
        // Typographic invisibles: kept for line breaking, never drawn.
        '\u{ad}' | '\u{200b}' | '\u{2060}' => true,
        '\u{200d}' => {
            let before = match prev {
                Some('\u{fe0f}') => prev2.is_some_and(is_emoji_like),
                Some(p) => is_emoji_like(p),
                None => false,
            };
            (before && next.is_some_and(is_emoji_like)) || indic
        }
        '\u{200c}' => {
            (prev.is_some_and(is_arabic_block) && next.is_some_and(is_arabic_block)) || indic
        }
        '\u{fe0e}' | '\u{fe0f}' => {
            prev.is_some_and(|p| is_emoji_like(p) || matches!(p, '0'..='9' | '#' | '*'))
        }
        '\u{fe00}'..='\u{fe0d}' => prev.is_some_and(|p| {
            is_cjk(p)
                || matches!(p, '0' | '\u{1000}'..='\u{109f}' | '\u{2100}'..='\u{2bff}'
                    | '\u{3000}'..='\u{303f}' | '\u{a840}'..='\u{a877}' | '\u{aa60}'..='\u{aa7f}'
                    | '\u{10ac0}'..='\u{10aff}' | '\u{13000}'..='\u{1342f}')
        }),
        '\u{e0100}'..='\u{e01ef}' => prev.is_some_and(is_cjk),
        '\u{34f}' => {
            prev.is_some_and(visible)
                && next.is_some_and(|n| {
                    unicode_normalization::char::is_combining_mark(n) && !is_invisible(n)
                })
        }
        '\u{180b}'..='\u{180d}' | '\u{180f}' => {
            prev.is_some_and(|p| matches!(p, '\u{1820}'..='\u{18aa}'))
        }
        c if is_tag(c) => {
            // The whole run of tags: after a black flag, at most 7 tags
            // then one CANCEL TAG.
            let start = (0..=i)
                .rev()
                .take_while(|&j| is_tag(chars[j]))
                .last()
                .unwrap();
            let end = (i..chars.len())
                .take_while(|&j| is_tag(chars[j]))
                .last()
                .unwrap();
            let run = &chars[start..=end];
            start > 0
                && chars[start - 1] == '\u{1f3f4}'
                && (2..=8).contains(&run.len())
                && run.iter().position(|&t| t == '\u{e007f}') == Some(run.len() - 1)
        }
        _ => false,
    }
}

fn assert_safe(out: &str) -> Result<(), TestCaseError> {
    let chars: Vec<char> = out.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        prop_assert!(!c.is_control(), "control {c:?} at {i} in {out:?}");
        prop_assert!(!is_bidi_control(c), "bidi {c:?} at {i} in {out:?}");
        if is_invisible(c) {
            prop_assert!(
                allowed_invisible(&chars, i),
                "invisible {c:?} at {i} in {out:?}"
            );
        }
    }
    Ok(())
}

/// What sanitizing all-ASCII text must give, written out plainly.
fn ascii_model(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'\t' => {
                let n = 8 - out.len() % 8;
                out.push_str(&" ".repeat(n));
            }
            0..=0x1f => {
                out.push('^');
                out.push(char::from(b + 0x40));
            }
            0x7f => out.push_str("^?"),
            _ => out.push(char::from(b)),
        }
    }
    out
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn output_has_no_control_bidi_or_stray_invisible_char(s in messy_string()) {
        assert_safe(&sanitize(&s))?;
    }

    #[test]
    fn output_of_any_string_has_no_control_char(s in any::<String>()) {
        assert_safe(&sanitize(&s))?;
    }

    #[test]
    fn sanitize_is_idempotent(s in messy_string()) {
        let once = sanitize(&s).into_owned();
        let twice = sanitize(&once);
        prop_assert!(matches!(twice, Cow::Borrowed(_)), "{s:?} -> {once:?}");
        prop_assert_eq!(twice.as_ref(), once.as_str());
    }

    #[test]
    fn output_of_dense_rule_triggers_is_safe(s in dense_string()) {
        assert_safe(&sanitize(&s))?;
    }

    #[test]
    fn sanitize_is_idempotent_on_dense_rule_triggers(s in dense_string()) {
        let once = sanitize(&s).into_owned();
        let twice = sanitize(&once);
        prop_assert_eq!(twice.as_ref(), once.as_str(), "input {:?}", s);
    }

    #[test]
    fn sanitize_is_idempotent_on_any_string(s in any::<String>()) {
        let once = sanitize(&s).into_owned();
        let twice = sanitize(&once);
        prop_assert_eq!(twice.as_ref(), once.as_str());
    }

    #[test]
    fn printable_ascii_is_unchanged_and_borrowed(s in "[ -~]{0,200}") {
        let out = sanitize(&s);
        prop_assert!(matches!(out, Cow::Borrowed(_)));
        prop_assert_eq!(out.as_ref(), s.as_str());
    }

    #[test]
    fn ascii_with_controls_and_tabs_matches_the_model(s in "[\\x00-\\x7f]{0,80}") {
        prop_assert_eq!(sanitize(&s).into_owned(), ascii_model(&s));
    }

    #[test]
    fn ordinary_text_is_borrowed_with_its_width(
        chars in prop::collection::vec(ordinary_char(), 0..60)
    ) {
        let s = String::from_iter(chars);
        let out = sanitize(&s);
        prop_assert!(matches!(out, Cow::Borrowed(_)), "{s:?}");
        prop_assert_eq!(out.width(), s.width());
    }

    #[test]
    fn sanitize_line_fits_and_is_a_prefix(s in messy_string(), max in 0usize..30) {
        let full = sanitize(&s).into_owned();
        let line = sanitize_line(&s, max);
        prop_assert!(line.width() <= max, "{line:?} wider than {max}");
        if full.width() <= max {
            prop_assert_eq!(line, full);
        } else if max > 0 {
            let kept = line.strip_suffix('…').expect("ellipsis");
            prop_assert!(full.starts_with(kept), "{kept:?} not a prefix of {full:?}");
            let dangling = kept.ends_with(['\u{200c}', '\u{200d}']);
            prop_assert!(!dangling, "dangling joiner in {:?}", line);
        } else {
            prop_assert_eq!(line, "");
        }
    }
}
