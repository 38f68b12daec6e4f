//! From the model to lines: composing a block's lines, laying out the document, highlighting code, printing it.

pub mod compose;
pub mod highlight;
pub mod layout;
pub mod print;

/// `area` cut into the rest and, at its right end, a part `width` columns
/// wide (at most the whole): what `Layout::horizontal([Fill(1),
/// Length(width)])` gives. Cut by hand: ratatui's layout runs a constraint
/// solver (and sets up its cache) the first time, a measurable part of the
/// first frame (`examples/first-frame.rs`); the tests check the two agree.
pub(crate) fn cut_right(area: ratatui::layout::Rect, width: u16) -> [ratatui::layout::Rect; 2] {
    let w = width.min(area.width);
    let rest = area.width - w;
    [
        ratatui::layout::Rect {
            width: rest,
            ..area
        },
        ratatui::layout::Rect {
            x: area.x + rest,
            width: w,
            ..area
        },
    ]
}

/// `area` cut into a part `width` columns wide (at most the whole) at its
/// left and the rest: `Layout::horizontal([Length(width), Fill(1)])`.
pub(crate) fn cut_left(area: ratatui::layout::Rect, width: u16) -> [ratatui::layout::Rect; 2] {
    let w = width.min(area.width);
    [
        ratatui::layout::Rect { width: w, ..area },
        ratatui::layout::Rect {
            x: area.x + w,
            width: area.width - w,
            ..area
        },
    ]
}

/// A column at most `max` wide in the middle of `area`:
/// `Layout::horizontal([Max(max)]).flex(Flex::Center)`.
pub(crate) fn centred(area: ratatui::layout::Rect, max: u16) -> ratatui::layout::Rect {
    let w = max.min(area.width);
    ratatui::layout::Rect {
        x: area.x + (area.width - w).div_ceil(2),
        width: w,
        ..area
    }
}

#[cfg(test)]
mod cut_tests {
    use super::{centred, cut_left, cut_right};
    use ratatui::layout::{Constraint, Flex, Layout, Rect};

    #[test]
    fn cuts_by_hand_are_the_layouts_they_replace() {
        // Every small width, a spread of larger ones, and every part width
        // near the area's (a solve is slow unoptimised).
        for aw in (0..=24u16).chain((25..=130).step_by(9)) {
            let area = Rect::new(3, 3, aw, 2);
            let near = aw.saturating_sub(2)..=aw + 2;
            for w in (0..=140u16).step_by(7).chain(near) {
                let right: [Rect; 2] =
                    Layout::horizontal([Constraint::Fill(1), Constraint::Length(w)]).areas(area);
                assert_eq!(cut_right(area, w), right, "right: {area:?} {w}");
                let left: [Rect; 2] =
                    Layout::horizontal([Constraint::Length(w), Constraint::Fill(1)]).areas(area);
                assert_eq!(cut_left(area, w), left, "left: {area:?} {w}");
                let [mid] = Layout::horizontal([Constraint::Max(w)])
                    .flex(Flex::Center)
                    .areas(area);
                assert_eq!(centred(area, w), mid, "centred: {area:?} {w}");
            }
        }
    }
}
