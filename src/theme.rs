//! Colours and text attributes, one `Style` per thing the reader shows.
//! Every distinction also carries a non-colour attribute (bold, reverse,
//! underline or a marker), so nothing is lost without colour.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub title: Style,
    pub subtitle: Style,
    pub text: Style,
    pub heading: Style,
    pub heading_number: Style,
    pub link: Style,
    pub url: Style,
    pub source: Style,
    pub sidebar: Style,
    pub sidebar_current: Style,
    pub sidebar_cursor: Style,
    pub sidebar_border: Style,
    pub sidebar_border_focused: Style,
    pub status: Style,
    pub status_message: Style,
    pub scrollbar: Style,
    pub help: Style,
    pub help_key: Style,
    pub help_border: Style,
    pub search_match: Style,
    /// Differs from `search_match` by more than colour (reverse + bold).
    pub search_current: Style,
    pub match_count: Style,
    pub prompt: Style,
    pub error: Style,
    pub list_selected: Style,
}

impl Default for Theme {
    fn default() -> Self {
        Theme::dark()
    }
}

impl Theme {
    pub fn dark() -> Self {
        let accent = Color::Cyan;
        Theme {
            title: Style::new().add_modifier(Modifier::BOLD),
            subtitle: Style::new().fg(Color::Gray),
            text: Style::new(),
            heading: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            heading_number: Style::new()
                .fg(Color::DarkGray)
                .add_modifier(Modifier::BOLD),
            link: Style::new().fg(accent).add_modifier(Modifier::UNDERLINED),
            url: Style::new().fg(Color::DarkGray),
            source: Style::new().fg(Color::Gray).add_modifier(Modifier::ITALIC),
            sidebar: Style::new().fg(Color::Gray),
            sidebar_current: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            sidebar_cursor: Style::new().add_modifier(Modifier::REVERSED),
            sidebar_border: Style::new().fg(Color::DarkGray),
            sidebar_border_focused: Style::new().fg(accent).add_modifier(Modifier::BOLD),
            status: Style::new().bg(Color::DarkGray).fg(Color::White),
            status_message: Style::new()
                .bg(Color::DarkGray)
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            scrollbar: Style::new().fg(Color::DarkGray),
            help: Style::new(),
            help_key: Style::new().fg(accent).add_modifier(Modifier::BOLD),
            help_border: Style::new().fg(accent),
            search_match: Style::new()
                .bg(Color::Yellow)
                .fg(Color::Black)
                .add_modifier(Modifier::UNDERLINED),
            search_current: Style::new()
                .bg(Color::LightRed)
                .fg(Color::Black)
                .add_modifier(Modifier::BOLD | Modifier::REVERSED | Modifier::UNDERLINED),
            match_count: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            prompt: Style::new().bg(Color::Black).fg(Color::White),
            error: Style::new()
                .bg(Color::DarkGray)
                .fg(Color::LightRed)
                .add_modifier(Modifier::BOLD),
            list_selected: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        }
    }
}
