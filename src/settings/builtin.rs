//! The built-in themes' styles, as their files in assets/themes/ give
//! them: made by `UPDATE_BUILTIN_THEMES=1 cargo test --lib settings::theme`,
//! which checks they are the files. Each: `Theme::roles`' order.

use ratatui::style::{Color, Modifier, Style};

use super::{CodeRole, ROLES};

/// A style: colours, modifiers added and removed (bits).
const fn s(fg: Option<Color>, bg: Option<Color>, add: u16, sub: u16) -> Style {
    let mut style = Style::new();
    style.fg = fg;
    style.bg = bg;
    style.add_modifier = Modifier::from_bits_retain(add);
    style.sub_modifier = Modifier::from_bits_retain(sub);
    style
}

type Styles = [Style; ROLES.len() + CodeRole::ALL.len()];

/// `dark`.
#[rustfmt::skip]
pub(super) const DARK: Styles = [
    s(None, None, 0x0000, 0x0000), // text
    s(None, None, 0x0001, 0x0000), // text.title
    s(Some(Color::Gray), None, 0x0000, 0x0000), // text.subtitle
    s(None, None, 0x0004, 0x0000), // text.emphasis
    s(None, None, 0x0001, 0x0000), // text.strong
    s(None, None, 0x0100, 0x0000), // text.strike
    s(Some(Color::LightMagenta), None, 0x0000, 0x0000), // text.code
    s(Some(Color::Cyan), None, 0x000c, 0x0000), // text.image
    s(Some(Color::Cyan), None, 0x0000, 0x0000), // text.footnote
    s(Some(Color::Gray), None, 0x0000, 0x0000), // text.html
    s(Some(Color::Black), Some(Color::Gray), 0x0000, 0x0000), // text.kbd
    s(None, None, 0x0004, 0x0000), // text.reference
    s(Some(Color::Gray), None, 0x0004, 0x0000), // text.source
    s(Some(Color::Yellow), None, 0x0001, 0x0000), // heading
    s(Some(Color::Yellow), None, 0x0009, 0x0000), // heading.top
    s(Some(Color::LightGreen), None, 0x0001, 0x0000), // heading.deep
    s(Some(Color::DarkGray), None, 0x0001, 0x0000), // heading.number
    s(Some(Color::Cyan), None, 0x0008, 0x0000), // link
    s(Some(Color::DarkGray), None, 0x0000, 0x0000), // link.url
    s(Some(Color::DarkGray), None, 0x0000, 0x0000), // block.quote-bar
    s(Some(Color::Cyan), None, 0x0001, 0x0000), // block.list-marker
    s(Some(Color::DarkGray), None, 0x0000, 0x0000), // block.table-border
    s(None, None, 0x0001, 0x0000), // block.table-header
    s(Some(Color::LightBlue), None, 0x0001, 0x0000), // block.alert.note
    s(Some(Color::LightGreen), None, 0x0001, 0x0000), // block.alert.tip
    s(Some(Color::LightMagenta), None, 0x0001, 0x0000), // block.alert.important
    s(Some(Color::Yellow), None, 0x0001, 0x0000), // block.alert.warning
    s(Some(Color::LightRed), None, 0x0001, 0x0000), // block.alert.caution
    s(Some(Color::Gray), Some(Color::Indexed(236)), 0x0000, 0x0000), // code
    s(Some(Color::DarkGray), None, 0x0004, 0x0000), // code.label
    s(Some(Color::Black), Some(Color::Yellow), 0x0008, 0x0000), // search.match
    s(Some(Color::Red), Some(Color::LightYellow), 0x0049, 0x0000), // search.current
    s(Some(Color::Yellow), None, 0x0001, 0x0000), // search.count
    s(Some(Color::Gray), None, 0x0000, 0x0000), // chrome.sidebar
    s(Some(Color::Yellow), None, 0x0001, 0x0000), // chrome.sidebar.current
    s(None, None, 0x0040, 0x0000), // chrome.sidebar.cursor
    s(Some(Color::DarkGray), None, 0x0000, 0x0000), // chrome.sidebar.border
    s(Some(Color::Cyan), None, 0x0001, 0x0000), // chrome.sidebar.border-focused
    s(Some(Color::White), Some(Color::DarkGray), 0x0000, 0x0000), // chrome.status
    s(Some(Color::Yellow), Some(Color::DarkGray), 0x0001, 0x0000), // chrome.status.message
    s(Some(Color::LightRed), Some(Color::DarkGray), 0x0001, 0x0000), // chrome.error
    s(Some(Color::DarkGray), None, 0x0000, 0x0000), // chrome.scrollbar
    s(None, None, 0x0000, 0x0000), // chrome.help
    s(Some(Color::Cyan), None, 0x0001, 0x0000), // chrome.help.key
    s(Some(Color::Cyan), None, 0x0000, 0x0000), // chrome.help.border
    s(Some(Color::White), Some(Color::Black), 0x0000, 0x0000), // chrome.prompt
    s(None, None, 0x0041, 0x0000), // chrome.selected
    s(Some(Color::DarkGray), None, 0x0004, 0x0000), // code.comment
    s(Some(Color::LightMagenta), None, 0x0000, 0x0000), // code.keyword
    s(Some(Color::LightGreen), None, 0x0000, 0x0000), // code.string
    s(Some(Color::LightYellow), None, 0x0000, 0x0000), // code.number
    s(Some(Color::LightYellow), None, 0x0000, 0x0000), // code.constant
    s(Some(Color::LightBlue), None, 0x0000, 0x0000), // code.function
    s(Some(Color::LightCyan), None, 0x0000, 0x0000), // code.type
    s(Some(Color::Gray), Some(Color::Indexed(236)), 0x0000, 0x0000), // code.variable
    s(Some(Color::LightRed), None, 0x0000, 0x0000), // code.operator
    s(Some(Color::Gray), None, 0x0000, 0x0000), // code.punctuation
    s(Some(Color::LightBlue), None, 0x0000, 0x0000), // code.tag
    s(Some(Color::LightYellow), None, 0x0000, 0x0000), // code.attribute
    s(Some(Color::LightGreen), None, 0x0000, 0x0000), // code.inserted
    s(Some(Color::LightRed), None, 0x0000, 0x0000), // code.deleted
];

/// `light`.
#[rustfmt::skip]
pub(super) const LIGHT: Styles = [
    s(None, None, 0x0000, 0x0000), // text
    s(None, None, 0x0001, 0x0000), // text.title
    s(Some(Color::DarkGray), None, 0x0000, 0x0000), // text.subtitle
    s(None, None, 0x0004, 0x0000), // text.emphasis
    s(None, None, 0x0001, 0x0000), // text.strong
    s(None, None, 0x0100, 0x0000), // text.strike
    s(Some(Color::Red), None, 0x0000, 0x0000), // text.code
    s(Some(Color::Blue), None, 0x000c, 0x0000), // text.image
    s(Some(Color::Blue), None, 0x0000, 0x0000), // text.footnote
    s(Some(Color::DarkGray), None, 0x0000, 0x0000), // text.html
    s(Some(Color::Black), Some(Color::Gray), 0x0000, 0x0000), // text.kbd
    s(None, None, 0x0004, 0x0000), // text.reference
    s(Some(Color::DarkGray), None, 0x0004, 0x0000), // text.source
    s(Some(Color::Magenta), None, 0x0001, 0x0000), // heading
    s(Some(Color::Magenta), None, 0x0009, 0x0000), // heading.top
    s(Some(Color::Green), None, 0x0001, 0x0000), // heading.deep
    s(Some(Color::DarkGray), None, 0x0001, 0x0000), // heading.number
    s(Some(Color::Blue), None, 0x0008, 0x0000), // link
    s(Some(Color::DarkGray), None, 0x0000, 0x0000), // link.url
    s(Some(Color::DarkGray), None, 0x0000, 0x0000), // block.quote-bar
    s(Some(Color::Blue), None, 0x0001, 0x0000), // block.list-marker
    s(Some(Color::DarkGray), None, 0x0000, 0x0000), // block.table-border
    s(None, None, 0x0001, 0x0000), // block.table-header
    s(Some(Color::Blue), None, 0x0001, 0x0000), // block.alert.note
    s(Some(Color::Green), None, 0x0001, 0x0000), // block.alert.tip
    s(Some(Color::Magenta), None, 0x0001, 0x0000), // block.alert.important
    s(Some(Color::Indexed(136)), None, 0x0001, 0x0000), // block.alert.warning
    s(Some(Color::Red), None, 0x0001, 0x0000), // block.alert.caution
    s(Some(Color::Black), Some(Color::Indexed(254)), 0x0000, 0x0000), // code
    s(Some(Color::DarkGray), None, 0x0004, 0x0000), // code.label
    s(Some(Color::Black), Some(Color::LightYellow), 0x0008, 0x0000), // search.match
    s(Some(Color::Red), Some(Color::White), 0x0049, 0x0000), // search.current
    s(Some(Color::Blue), None, 0x0001, 0x0000), // search.count
    s(None, None, 0x0000, 0x0000), // chrome.sidebar
    s(Some(Color::Magenta), None, 0x0001, 0x0000), // chrome.sidebar.current
    s(None, None, 0x0040, 0x0000), // chrome.sidebar.cursor
    s(Some(Color::DarkGray), None, 0x0000, 0x0000), // chrome.sidebar.border
    s(Some(Color::Blue), None, 0x0001, 0x0000), // chrome.sidebar.border-focused
    s(Some(Color::Black), Some(Color::Gray), 0x0000, 0x0000), // chrome.status
    s(Some(Color::Blue), Some(Color::Gray), 0x0001, 0x0000), // chrome.status.message
    s(Some(Color::Red), Some(Color::Gray), 0x0001, 0x0000), // chrome.error
    s(Some(Color::DarkGray), None, 0x0000, 0x0000), // chrome.scrollbar
    s(None, None, 0x0000, 0x0000), // chrome.help
    s(Some(Color::Blue), None, 0x0001, 0x0000), // chrome.help.key
    s(Some(Color::Blue), None, 0x0000, 0x0000), // chrome.help.border
    s(Some(Color::Reset), Some(Color::Reset), 0x0000, 0x0000), // chrome.prompt
    s(None, None, 0x0041, 0x0000), // chrome.selected
    s(Some(Color::DarkGray), None, 0x0004, 0x0000), // code.comment
    s(Some(Color::Magenta), None, 0x0000, 0x0000), // code.keyword
    s(Some(Color::Green), None, 0x0000, 0x0000), // code.string
    s(Some(Color::Blue), None, 0x0000, 0x0000), // code.number
    s(Some(Color::Blue), None, 0x0000, 0x0000), // code.constant
    s(Some(Color::Blue), None, 0x0001, 0x0000), // code.function
    s(Some(Color::Cyan), None, 0x0000, 0x0000), // code.type
    s(Some(Color::Black), Some(Color::Indexed(254)), 0x0000, 0x0000), // code.variable
    s(Some(Color::Red), None, 0x0000, 0x0000), // code.operator
    s(Some(Color::DarkGray), None, 0x0000, 0x0000), // code.punctuation
    s(Some(Color::Blue), None, 0x0000, 0x0000), // code.tag
    s(Some(Color::Red), None, 0x0000, 0x0000), // code.attribute
    s(Some(Color::Green), None, 0x0000, 0x0000), // code.inserted
    s(Some(Color::Red), None, 0x0000, 0x0000), // code.deleted
];

/// `high-contrast`.
#[rustfmt::skip]
pub(super) const HIGH_CONTRAST: Styles = [
    s(Some(Color::White), None, 0x0000, 0x0000), // text
    s(Some(Color::White), None, 0x0001, 0x0000), // text.title
    s(Some(Color::White), None, 0x0000, 0x0000), // text.subtitle
    s(Some(Color::White), None, 0x0004, 0x0000), // text.emphasis
    s(Some(Color::White), None, 0x0001, 0x0000), // text.strong
    s(Some(Color::White), None, 0x0100, 0x0000), // text.strike
    s(Some(Color::LightMagenta), None, 0x0000, 0x0000), // text.code
    s(Some(Color::LightCyan), None, 0x000c, 0x0000), // text.image
    s(Some(Color::LightCyan), None, 0x0001, 0x0000), // text.footnote
    s(Some(Color::LightBlue), None, 0x0000, 0x0000), // text.html
    s(Some(Color::Black), Some(Color::White), 0x0001, 0x0000), // text.kbd
    s(Some(Color::White), None, 0x0004, 0x0000), // text.reference
    s(Some(Color::White), None, 0x0004, 0x0000), // text.source
    s(Some(Color::LightYellow), None, 0x0001, 0x0000), // heading
    s(Some(Color::LightYellow), None, 0x0009, 0x0000), // heading.top
    s(Some(Color::LightGreen), None, 0x0001, 0x0000), // heading.deep
    s(Some(Color::LightYellow), None, 0x0001, 0x0000), // heading.number
    s(Some(Color::LightCyan), None, 0x0008, 0x0000), // link
    s(Some(Color::LightCyan), None, 0x0000, 0x0000), // link.url
    s(Some(Color::LightYellow), None, 0x0000, 0x0000), // block.quote-bar
    s(Some(Color::LightYellow), None, 0x0001, 0x0000), // block.list-marker
    s(Some(Color::LightCyan), None, 0x0000, 0x0000), // block.table-border
    s(Some(Color::LightYellow), None, 0x0001, 0x0000), // block.table-header
    s(Some(Color::LightBlue), None, 0x0001, 0x0000), // block.alert.note
    s(Some(Color::LightGreen), None, 0x0001, 0x0000), // block.alert.tip
    s(Some(Color::LightMagenta), None, 0x0001, 0x0000), // block.alert.important
    s(Some(Color::LightYellow), None, 0x0001, 0x0000), // block.alert.warning
    s(Some(Color::LightRed), None, 0x0001, 0x0000), // block.alert.caution
    s(Some(Color::LightGreen), None, 0x0000, 0x0000), // code
    s(Some(Color::LightYellow), None, 0x0004, 0x0000), // code.label
    s(Some(Color::Black), Some(Color::LightYellow), 0x0009, 0x0000), // search.match
    s(Some(Color::Blue), Some(Color::LightYellow), 0x0049, 0x0000), // search.current
    s(Some(Color::LightCyan), None, 0x0001, 0x0000), // search.count
    s(Some(Color::White), None, 0x0000, 0x0000), // chrome.sidebar
    s(Some(Color::LightYellow), None, 0x0001, 0x0000), // chrome.sidebar.current
    s(None, None, 0x0040, 0x0000), // chrome.sidebar.cursor
    s(Some(Color::White), None, 0x0000, 0x0000), // chrome.sidebar.border
    s(Some(Color::LightYellow), None, 0x0001, 0x0000), // chrome.sidebar.border-focused
    s(Some(Color::Black), Some(Color::White), 0x0000, 0x0000), // chrome.status
    s(Some(Color::Black), Some(Color::LightYellow), 0x0001, 0x0000), // chrome.status.message
    s(Some(Color::Black), Some(Color::LightRed), 0x0001, 0x0000), // chrome.error
    s(Some(Color::White), None, 0x0000, 0x0000), // chrome.scrollbar
    s(Some(Color::White), None, 0x0000, 0x0000), // chrome.help
    s(Some(Color::LightYellow), None, 0x0001, 0x0000), // chrome.help.key
    s(Some(Color::White), None, 0x0000, 0x0000), // chrome.help.border
    s(Some(Color::White), Some(Color::Black), 0x0000, 0x0000), // chrome.prompt
    s(None, None, 0x0041, 0x0000), // chrome.selected
    s(Some(Color::LightCyan), None, 0x0004, 0x0000), // code.comment
    s(Some(Color::LightYellow), None, 0x0001, 0x0000), // code.keyword
    s(Some(Color::LightMagenta), None, 0x0000, 0x0000), // code.string
    s(Some(Color::LightRed), None, 0x0000, 0x0000), // code.number
    s(Some(Color::LightRed), None, 0x0000, 0x0000), // code.constant
    s(Some(Color::LightCyan), None, 0x0001, 0x0000), // code.function
    s(Some(Color::LightYellow), None, 0x0000, 0x0000), // code.type
    s(Some(Color::LightGreen), None, 0x0000, 0x0000), // code.variable
    s(Some(Color::White), None, 0x0000, 0x0000), // code.operator
    s(Some(Color::White), None, 0x0000, 0x0000), // code.punctuation
    s(Some(Color::LightCyan), None, 0x0000, 0x0000), // code.tag
    s(Some(Color::LightYellow), None, 0x0000, 0x0000), // code.attribute
    s(Some(Color::LightGreen), None, 0x0001, 0x0000), // code.inserted
    s(Some(Color::LightRed), None, 0x0001, 0x0000), // code.deleted
];

/// `terminal`.
#[rustfmt::skip]
pub(super) const TERMINAL: Styles = [
    s(Some(Color::Reset), Some(Color::Reset), 0x0000, 0x0000), // text
    s(None, None, 0x0001, 0x0000), // text.title
    s(None, None, 0x0000, 0x0000), // text.subtitle
    s(None, None, 0x0004, 0x0000), // text.emphasis
    s(None, None, 0x0001, 0x0000), // text.strong
    s(None, None, 0x0100, 0x0000), // text.strike
    s(None, None, 0x0002, 0x0000), // text.code
    s(None, None, 0x000c, 0x0000), // text.image
    s(None, None, 0x000a, 0x0000), // text.footnote
    s(None, None, 0x0006, 0x0000), // text.html
    s(None, None, 0x0003, 0x0000), // text.kbd
    s(Some(Color::Reset), Some(Color::Reset), 0x0004, 0x0000), // text.reference
    s(None, None, 0x0004, 0x0000), // text.source
    s(None, None, 0x0001, 0x0000), // heading
    s(None, None, 0x0009, 0x0000), // heading.top
    s(None, None, 0x0005, 0x0000), // heading.deep
    s(None, None, 0x0001, 0x0000), // heading.number
    s(None, None, 0x0008, 0x0000), // link
    s(None, None, 0x0002, 0x0000), // link.url
    s(None, None, 0x0002, 0x0000), // block.quote-bar
    s(None, None, 0x0001, 0x0000), // block.list-marker
    s(None, None, 0x0002, 0x0000), // block.table-border
    s(None, None, 0x0001, 0x0000), // block.table-header
    s(None, None, 0x0001, 0x0000), // block.alert.note
    s(None, None, 0x0001, 0x0000), // block.alert.tip
    s(None, None, 0x0001, 0x0000), // block.alert.important
    s(None, None, 0x0001, 0x0000), // block.alert.warning
    s(None, None, 0x0001, 0x0000), // block.alert.caution
    s(None, None, 0x0002, 0x0000), // code
    s(None, None, 0x0006, 0x0000), // code.label
    s(None, None, 0x000d, 0x0000), // search.match
    s(None, None, 0x004d, 0x0000), // search.current
    s(None, None, 0x0001, 0x0000), // search.count
    s(Some(Color::Reset), Some(Color::Reset), 0x0000, 0x0000), // chrome.sidebar
    s(None, None, 0x0001, 0x0000), // chrome.sidebar.current
    s(None, None, 0x0040, 0x0000), // chrome.sidebar.cursor
    s(None, None, 0x0002, 0x0000), // chrome.sidebar.border
    s(None, None, 0x0001, 0x0000), // chrome.sidebar.border-focused
    s(Some(Color::Reset), Some(Color::Reset), 0x0040, 0x0000), // chrome.status
    s(None, None, 0x0041, 0x0000), // chrome.status.message
    s(None, None, 0x0049, 0x0000), // chrome.error
    s(None, None, 0x0000, 0x0000), // chrome.scrollbar
    s(Some(Color::Reset), Some(Color::Reset), 0x0000, 0x0000), // chrome.help
    s(None, None, 0x0001, 0x0000), // chrome.help.key
    s(None, None, 0x0000, 0x0000), // chrome.help.border
    s(Some(Color::Reset), Some(Color::Reset), 0x0000, 0x0040), // chrome.prompt
    s(None, None, 0x0041, 0x0000), // chrome.selected
    s(None, None, 0x0004, 0x0000), // code.comment
    s(Some(Color::Magenta), None, 0x0000, 0x0000), // code.keyword
    s(Some(Color::Green), None, 0x0000, 0x0000), // code.string
    s(Some(Color::Cyan), None, 0x0000, 0x0000), // code.number
    s(Some(Color::Cyan), None, 0x0000, 0x0000), // code.constant
    s(Some(Color::Blue), None, 0x0000, 0x0000), // code.function
    s(Some(Color::Yellow), None, 0x0000, 0x0000), // code.type
    s(None, None, 0x0000, 0x0000), // code.variable
    s(None, None, 0x0000, 0x0000), // code.operator
    s(None, None, 0x0000, 0x0000), // code.punctuation
    s(Some(Color::Blue), None, 0x0000, 0x0000), // code.tag
    s(Some(Color::Yellow), None, 0x0000, 0x0000), // code.attribute
    s(Some(Color::Green), None, 0x0000, 0x0000), // code.inserted
    s(Some(Color::Red), None, 0x0000, 0x0000), // code.deleted
];

/// `no-color`.
#[rustfmt::skip]
pub(super) const NO_COLOR: Styles = [
    s(None, None, 0x0000, 0x0000), // text
    s(None, None, 0x0001, 0x0000), // text.title
    s(None, None, 0x0000, 0x0000), // text.subtitle
    s(None, None, 0x0004, 0x0000), // text.emphasis
    s(None, None, 0x0001, 0x0000), // text.strong
    s(None, None, 0x0100, 0x0000), // text.strike
    s(None, None, 0x0002, 0x0000), // text.code
    s(None, None, 0x000c, 0x0000), // text.image
    s(None, None, 0x000a, 0x0000), // text.footnote
    s(None, None, 0x0006, 0x0000), // text.html
    s(None, None, 0x0003, 0x0000), // text.kbd
    s(None, None, 0x0004, 0x0000), // text.reference
    s(None, None, 0x0004, 0x0000), // text.source
    s(None, None, 0x0001, 0x0000), // heading
    s(None, None, 0x0009, 0x0000), // heading.top
    s(None, None, 0x0005, 0x0000), // heading.deep
    s(None, None, 0x0001, 0x0000), // heading.number
    s(None, None, 0x0008, 0x0000), // link
    s(None, None, 0x0002, 0x0000), // link.url
    s(None, None, 0x0002, 0x0000), // block.quote-bar
    s(None, None, 0x0001, 0x0000), // block.list-marker
    s(None, None, 0x0002, 0x0000), // block.table-border
    s(None, None, 0x0001, 0x0000), // block.table-header
    s(None, None, 0x0001, 0x0000), // block.alert.note
    s(None, None, 0x0001, 0x0000), // block.alert.tip
    s(None, None, 0x0001, 0x0000), // block.alert.important
    s(None, None, 0x0001, 0x0000), // block.alert.warning
    s(None, None, 0x0001, 0x0000), // block.alert.caution
    s(None, None, 0x0002, 0x0000), // code
    s(None, None, 0x0006, 0x0000), // code.label
    s(None, None, 0x000d, 0x0000), // search.match
    s(None, None, 0x004d, 0x0000), // search.current
    s(None, None, 0x0001, 0x0000), // search.count
    s(None, None, 0x0000, 0x0000), // chrome.sidebar
    s(None, None, 0x0001, 0x0000), // chrome.sidebar.current
    s(None, None, 0x0040, 0x0000), // chrome.sidebar.cursor
    s(None, None, 0x0002, 0x0000), // chrome.sidebar.border
    s(None, None, 0x0001, 0x0000), // chrome.sidebar.border-focused
    s(None, None, 0x0040, 0x0000), // chrome.status
    s(None, None, 0x0041, 0x0000), // chrome.status.message
    s(None, None, 0x0049, 0x0000), // chrome.error
    s(None, None, 0x0000, 0x0000), // chrome.scrollbar
    s(None, None, 0x0000, 0x0000), // chrome.help
    s(None, None, 0x0001, 0x0000), // chrome.help.key
    s(None, None, 0x0000, 0x0000), // chrome.help.border
    s(None, None, 0x0000, 0x0040), // chrome.prompt
    s(None, None, 0x0041, 0x0000), // chrome.selected
    s(None, None, 0x0004, 0x0000), // code.comment
    s(None, None, 0x0001, 0x0000), // code.keyword
    s(None, None, 0x0000, 0x0000), // code.string
    s(None, None, 0x0000, 0x0000), // code.number
    s(None, None, 0x0000, 0x0000), // code.constant
    s(None, None, 0x0000, 0x0000), // code.function
    s(None, None, 0x0000, 0x0000), // code.type
    s(None, None, 0x0000, 0x0000), // code.variable
    s(None, None, 0x0000, 0x0000), // code.operator
    s(None, None, 0x0000, 0x0000), // code.punctuation
    s(None, None, 0x0001, 0x0000), // code.tag
    s(None, None, 0x0000, 0x0000), // code.attribute
    s(None, None, 0x0001, 0x0000), // code.inserted
    s(None, None, 0x0100, 0x0000), // code.deleted
];
