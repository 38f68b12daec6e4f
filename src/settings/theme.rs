//! Colours and text attributes, one `Style` per thing the reader shows.
//! Every distinction also carries a non-colour attribute (bold, reverse,
//! underline or a marker), so nothing is lost without colour.

use std::ffi::OsString;

use ratatui::style::{Color, Modifier, Style};

use crate::model::document::Inline;
use crate::render::compose::Role;

/// The built-in themes, by the names used in the config file and on the
/// command line (`dark`, `light`, `high-contrast`, `terminal`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, clap::ValueEnum)]
pub enum ThemeName {
    /// Colours for a dark terminal background (the default).
    #[default]
    Dark,
    /// Colours for a light terminal background.
    Light,
    /// Bright colours and bold, for a dark background.
    HighContrast,
    /// The terminal's own foreground and background only, plus bold,
    /// reverse, underline, italic and dim.
    Terminal,
}

impl ThemeName {
    pub const ALL: [ThemeName; 4] = [
        ThemeName::Dark,
        ThemeName::Light,
        ThemeName::HighContrast,
        ThemeName::Terminal,
    ];

    /// The name as written in the config file.
    pub fn name(self) -> &'static str {
        match self {
            ThemeName::Dark => "dark",
            ThemeName::Light => "light",
            ThemeName::HighContrast => "high-contrast",
            ThemeName::Terminal => "terminal",
        }
    }

    /// The theme called `name` (exactly as [`ThemeName::name`] spells it).
    pub fn from_name(name: &str) -> Option<Self> {
        ThemeName::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// True when `NO_COLOR` is set to a non-empty value (<https://no-color.org>).
/// `var` reads the environment (`|k| std::env::var_os(k)`).
pub fn no_color_requested(var: impl Fn(&str) -> Option<OsString>) -> bool {
    var("NO_COLOR").is_some_and(|v| !v.is_empty())
}

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub title: Style,
    pub subtitle: Style,
    pub text: Style,
    /// A top-level section's heading (level 1).
    pub heading_top: Style,
    /// A level-2 heading, and section titles in lists.
    pub heading: Style,
    /// Headings of level 3 and deeper.
    pub heading_deep: Style,
    pub heading_number: Style,
    pub link: Style,
    /// A link without an address: it cannot be followed, so it is shown
    /// as a reference (the text colour, in italics), not as a link.
    pub reference: Style,
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
    /// Rich text, inline: `*emphasis*`, `**strong**`, `~~strike~~`,
    /// `` `code` ``, an image's alt text, a footnote reference `[1]` (and a
    /// definition's marker), inline HTML shown literally.
    pub emphasis: Style,
    pub strong: Style,
    pub strike: Style,
    pub code: Style,
    pub image: Style,
    pub footnote: Style,
    pub html: Style,
    /// Blocks: a code block's text and background; its language and the
    /// `↪` of a continued line; a quote's `│`; a list's bullets and
    /// numbers; a table's borders (and thematic breaks); a table's header.
    pub code_block: Style,
    pub code_label: Style,
    pub quote_bar: Style,
    pub list_marker: Style,
    pub table_border: Style,
    pub table_header: Style,
}

impl Default for Theme {
    fn default() -> Self {
        Theme::dark()
    }
}

impl Theme {
    /// The heading style of a section `depth` levels down (0: top level).
    pub fn heading_at(&self, depth: u8) -> Style {
        match depth {
            0 => self.heading_top,
            1 => self.heading,
            _ => self.heading_deep,
        }
    }

    /// The style of a composed segment: its role's, with its inline
    /// styles laid over it.
    pub fn segment(&self, role: Role, inline: Inline) -> Style {
        let mut style = self.role(role);
        // The link first: code inside a link keeps the code's colour and
        // gains the link's underline, so it still reads as both.
        for (bit, over) in [
            (Inline::LINK, self.link),
            (Inline::EMPHASIS, self.emphasis),
            (Inline::STRONG, self.strong),
            (Inline::STRIKE, self.strike),
            (Inline::CODE, self.code),
            (Inline::IMAGE, self.image),
            (Inline::NOTE_REF, self.footnote),
            (Inline::HTML, self.html),
        ] {
            if inline.contains(bit) {
                style = style.patch(over);
            }
        }
        style
    }

    /// The style of each kind of segment the compose step makes.
    pub fn role(&self, role: Role) -> Style {
        match role {
            Role::Gap | Role::Text => self.text,
            Role::HeadingNumber => self.heading_number,
            Role::Heading { depth } => self.heading_at(depth),
            Role::Subheading { level } => self.heading_at(level.saturating_sub(1)),
            Role::LinkText => self.link,
            Role::Url => self.url,
            Role::Reference => self.reference,
            Role::Source => self.source,
            Role::QuoteBar => self.quote_bar,
            Role::Marker => self.list_marker,
            Role::NoteMarker => self.footnote,
            Role::Code => self.code_block,
            Role::Html => self.html,
            Role::Label | Role::Continuation => self.code_label,
            Role::Border | Role::Rule => self.table_border,
            Role::Header => self.table_header,
        }
    }

    pub fn by_name(name: ThemeName) -> Self {
        match name {
            ThemeName::Dark => Theme::dark(),
            ThemeName::Light => Theme::light(),
            ThemeName::HighContrast => Theme::high_contrast(),
            ThemeName::Terminal => Theme::terminal(),
        }
    }

    /// The theme to use: one named on the command line wins; otherwise
    /// `NO_COLOR` (see [`no_color_requested`]) turns colour off; otherwise
    /// the config file's (or the default) theme.
    pub fn resolve(command_line: Option<ThemeName>, config: ThemeName, no_color: bool) -> Self {
        match command_line {
            Some(name) => Theme::by_name(name),
            None if no_color => Theme::no_color(),
            None => Theme::by_name(config),
        }
    }

    pub fn dark() -> Self {
        let accent = Color::Cyan;
        Theme {
            title: Style::new().add_modifier(Modifier::BOLD),
            subtitle: Style::new().fg(Color::Gray),
            text: Style::new(),
            heading_top: Style::new()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            heading: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            heading_deep: Style::new()
                .fg(Color::LightGreen)
                .add_modifier(Modifier::BOLD),
            heading_number: Style::new()
                .fg(Color::DarkGray)
                .add_modifier(Modifier::BOLD),
            link: Style::new().fg(accent).add_modifier(Modifier::UNDERLINED),
            reference: Style::new().add_modifier(Modifier::ITALIC),
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
            // Reversed: shown as light yellow on red, unlike both the
            // other matches (black on yellow) and the text (light on dark).
            search_current: Style::new()
                .bg(Color::LightYellow)
                .fg(Color::Red)
                .add_modifier(Modifier::BOLD | Modifier::REVERSED | Modifier::UNDERLINED),
            match_count: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            prompt: Style::new().bg(Color::Black).fg(Color::White),
            error: Style::new()
                .bg(Color::DarkGray)
                .fg(Color::LightRed)
                .add_modifier(Modifier::BOLD),
            list_selected: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            emphasis: Style::new().add_modifier(Modifier::ITALIC),
            strong: Style::new().add_modifier(Modifier::BOLD),
            strike: Style::new().add_modifier(Modifier::CROSSED_OUT),
            code: Style::new().fg(Color::LightMagenta),
            image: Style::new()
                .fg(accent)
                .add_modifier(Modifier::ITALIC | Modifier::UNDERLINED),
            footnote: Style::new().fg(accent),
            html: Style::new().fg(Color::Gray),
            code_block: Style::new().fg(Color::Gray).bg(Color::Indexed(236)),
            code_label: Style::new()
                .fg(Color::DarkGray)
                .add_modifier(Modifier::ITALIC),
            quote_bar: Style::new().fg(Color::DarkGray),
            list_marker: Style::new().fg(accent).add_modifier(Modifier::BOLD),
            table_border: Style::new().fg(Color::DarkGray),
            table_header: Style::new().add_modifier(Modifier::BOLD),
        }
    }

    /// Colours for a light terminal background: no light grey or yellow
    /// text, which would vanish on white.
    pub fn light() -> Self {
        let accent = Color::Blue;
        let status_bg = Color::Gray;
        Theme {
            title: Style::new().add_modifier(Modifier::BOLD),
            subtitle: Style::new().fg(Color::DarkGray),
            text: Style::new(),
            heading_top: Style::new()
                .fg(Color::Magenta)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            heading: Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
            heading_deep: Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
            heading_number: Style::new()
                .fg(Color::DarkGray)
                .add_modifier(Modifier::BOLD),
            link: Style::new().fg(accent).add_modifier(Modifier::UNDERLINED),
            reference: Style::new().add_modifier(Modifier::ITALIC),
            url: Style::new().fg(Color::DarkGray),
            source: Style::new()
                .fg(Color::DarkGray)
                .add_modifier(Modifier::ITALIC),
            sidebar: Style::new(),
            sidebar_current: Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
            sidebar_cursor: Style::new().add_modifier(Modifier::REVERSED),
            sidebar_border: Style::new().fg(Color::DarkGray),
            sidebar_border_focused: Style::new().fg(accent).add_modifier(Modifier::BOLD),
            status: Style::new().bg(status_bg).fg(Color::Black),
            status_message: Style::new()
                .bg(status_bg)
                .fg(accent)
                .add_modifier(Modifier::BOLD),
            scrollbar: Style::new().fg(Color::DarkGray),
            help: Style::new(),
            help_key: Style::new().fg(accent).add_modifier(Modifier::BOLD),
            help_border: Style::new().fg(accent),
            search_match: Style::new()
                .bg(Color::LightYellow)
                .fg(Color::Black)
                .add_modifier(Modifier::UNDERLINED),
            // Reversed: shown as white on red.
            search_current: Style::new()
                .bg(Color::White)
                .fg(Color::Red)
                .add_modifier(Modifier::BOLD | Modifier::REVERSED | Modifier::UNDERLINED),
            match_count: Style::new().fg(accent).add_modifier(Modifier::BOLD),
            prompt: Style::new().bg(Color::Reset).fg(Color::Reset),
            error: Style::new()
                .bg(status_bg)
                .fg(Color::Red)
                .add_modifier(Modifier::BOLD),
            list_selected: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            emphasis: Style::new().add_modifier(Modifier::ITALIC),
            strong: Style::new().add_modifier(Modifier::BOLD),
            strike: Style::new().add_modifier(Modifier::CROSSED_OUT),
            code: Style::new().fg(Color::Red),
            image: Style::new()
                .fg(accent)
                .add_modifier(Modifier::ITALIC | Modifier::UNDERLINED),
            footnote: Style::new().fg(accent),
            html: Style::new().fg(Color::DarkGray),
            code_block: Style::new().fg(Color::Black).bg(Color::Indexed(254)),
            code_label: Style::new()
                .fg(Color::DarkGray)
                .add_modifier(Modifier::ITALIC),
            quote_bar: Style::new().fg(Color::DarkGray),
            list_marker: Style::new().fg(accent).add_modifier(Modifier::BOLD),
            table_border: Style::new().fg(Color::DarkGray),
            table_header: Style::new().add_modifier(Modifier::BOLD),
        }
    }

    /// Bright colours and bold on a dark background; no grey anywhere.
    pub fn high_contrast() -> Self {
        let fg = Color::White;
        let accent = Color::LightYellow;
        let link = Color::LightCyan;
        Theme {
            title: Style::new().fg(fg).add_modifier(Modifier::BOLD),
            subtitle: Style::new().fg(fg),
            text: Style::new().fg(fg),
            heading_top: Style::new()
                .fg(accent)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            heading: Style::new().fg(accent).add_modifier(Modifier::BOLD),
            heading_deep: Style::new()
                .fg(Color::LightGreen)
                .add_modifier(Modifier::BOLD),
            heading_number: Style::new().fg(accent).add_modifier(Modifier::BOLD),
            link: Style::new().fg(link).add_modifier(Modifier::UNDERLINED),
            reference: Style::new().fg(fg).add_modifier(Modifier::ITALIC),
            url: Style::new().fg(link),
            source: Style::new().fg(fg).add_modifier(Modifier::ITALIC),
            sidebar: Style::new().fg(fg),
            sidebar_current: Style::new().fg(accent).add_modifier(Modifier::BOLD),
            sidebar_cursor: Style::new().add_modifier(Modifier::REVERSED),
            sidebar_border: Style::new().fg(fg),
            sidebar_border_focused: Style::new().fg(accent).add_modifier(Modifier::BOLD),
            status: Style::new().bg(fg).fg(Color::Black),
            status_message: Style::new()
                .bg(accent)
                .fg(Color::Black)
                .add_modifier(Modifier::BOLD),
            scrollbar: Style::new().fg(fg),
            help: Style::new().fg(fg),
            help_key: Style::new().fg(accent).add_modifier(Modifier::BOLD),
            help_border: Style::new().fg(fg),
            search_match: Style::new()
                .bg(accent)
                .fg(Color::Black)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            // Reversed: shown as bright yellow on blue, unlike both the
            // other matches (black on yellow) and the text (white on dark).
            search_current: Style::new()
                .bg(accent)
                .fg(Color::Blue)
                .add_modifier(Modifier::BOLD | Modifier::REVERSED | Modifier::UNDERLINED),
            match_count: Style::new().fg(link).add_modifier(Modifier::BOLD),
            prompt: Style::new().bg(Color::Black).fg(fg),
            error: Style::new()
                .bg(Color::LightRed)
                .fg(Color::Black)
                .add_modifier(Modifier::BOLD),
            list_selected: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            emphasis: Style::new().fg(fg).add_modifier(Modifier::ITALIC),
            strong: Style::new().fg(fg).add_modifier(Modifier::BOLD),
            strike: Style::new().fg(fg).add_modifier(Modifier::CROSSED_OUT),
            code: Style::new().fg(Color::LightMagenta),
            image: Style::new()
                .fg(link)
                .add_modifier(Modifier::ITALIC | Modifier::UNDERLINED),
            footnote: Style::new().fg(link).add_modifier(Modifier::BOLD),
            html: Style::new().fg(Color::LightBlue),
            code_block: Style::new().fg(Color::LightGreen),
            code_label: Style::new().fg(accent).add_modifier(Modifier::ITALIC),
            quote_bar: Style::new().fg(accent),
            list_marker: Style::new().fg(accent).add_modifier(Modifier::BOLD),
            table_border: Style::new().fg(link),
            table_header: Style::new().fg(accent).add_modifier(Modifier::BOLD),
        }
    }

    /// The terminal's own colours (`Reset`) only; every distinction is made
    /// by bold, reverse, underline, italic or dim, and by markers.
    pub fn terminal() -> Self {
        Theme::monochrome(true)
    }

    /// For `NO_COLOR`: no colour at all, not even a reset. What colour
    /// tells apart in the other themes is told apart here by attributes
    /// and markers (`▶`, `┃`, the reversed cursor cell).
    pub fn no_color() -> Self {
        Theme::monochrome(false)
    }

    fn monochrome(reset: bool) -> Self {
        let m = |modifier: Modifier| Style::new().add_modifier(modifier);
        // `terminal` pins the base styles to the terminal's defaults.
        let base = |style: Style| {
            if reset {
                style.fg(Color::Reset).bg(Color::Reset)
            } else {
                style
            }
        };
        use Modifier as M;
        Theme {
            title: m(M::BOLD),
            subtitle: Style::new(),
            text: base(Style::new()),
            heading_top: m(M::BOLD | M::UNDERLINED),
            heading: m(M::BOLD),
            heading_deep: m(M::BOLD | M::ITALIC),
            heading_number: m(M::BOLD),
            link: m(M::UNDERLINED),
            reference: base(m(M::ITALIC)),
            url: m(M::DIM),
            source: m(M::ITALIC),
            sidebar: base(Style::new()),
            // Also marked `▶`.
            sidebar_current: m(M::BOLD),
            sidebar_cursor: m(M::REVERSED),
            // `│`; focused: `┃`.
            sidebar_border: m(M::DIM),
            sidebar_border_focused: m(M::BOLD),
            status: base(m(M::REVERSED)),
            status_message: m(M::REVERSED | M::BOLD),
            scrollbar: Style::new(),
            help: base(Style::new()),
            help_key: m(M::BOLD),
            help_border: Style::new(),
            // Bold, underlined and italic, so a match stands out in every
            // kind of text (links are underlined, headings bold, level-1
            // headings both, references italic) ...
            search_match: m(M::BOLD | M::UNDERLINED | M::ITALIC),
            // ... and the current one is reversed besides.
            search_current: m(M::REVERSED | M::BOLD | M::UNDERLINED | M::ITALIC),
            match_count: m(M::BOLD),
            // Drawn over the reversed status line: plain, so the cursor
            // (a reversed cell) shows.
            prompt: base(Style::new().remove_modifier(M::REVERSED)),
            error: m(M::REVERSED | M::BOLD | M::UNDERLINED),
            list_selected: m(M::REVERSED | M::BOLD),
            emphasis: m(M::ITALIC),
            strong: m(M::BOLD),
            strike: m(M::CROSSED_OUT),
            // Dim where a colour would set code apart; a code block is
            // also set in by two columns.
            code: m(M::DIM),
            image: m(M::ITALIC | M::UNDERLINED),
            // Also `[1]`.
            footnote: m(M::DIM | M::UNDERLINED),
            html: m(M::DIM | M::ITALIC),
            code_block: m(M::DIM),
            code_label: m(M::DIM | M::ITALIC),
            // Markers themselves: `│`, bullets, box characters.
            quote_bar: m(M::DIM),
            list_marker: m(M::BOLD),
            table_border: m(M::DIM),
            table_header: m(M::BOLD),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every style of a theme, by name; destructured so a new field must
    /// be added here too.
    fn styles(t: &Theme) -> Vec<(&'static str, Style)> {
        let Theme {
            title,
            subtitle,
            text,
            heading_top,
            heading,
            heading_deep,
            heading_number,
            link,
            reference,
            url,
            source,
            sidebar,
            sidebar_current,
            sidebar_cursor,
            sidebar_border,
            sidebar_border_focused,
            status,
            status_message,
            scrollbar,
            help,
            help_key,
            help_border,
            search_match,
            search_current,
            match_count,
            prompt,
            error,
            list_selected,
            emphasis,
            strong,
            strike,
            code,
            image,
            footnote,
            html,
            code_block,
            code_label,
            quote_bar,
            list_marker,
            table_border,
            table_header,
        } = t.clone();
        vec![
            ("title", title),
            ("subtitle", subtitle),
            ("text", text),
            ("heading_top", heading_top),
            ("heading", heading),
            ("heading_deep", heading_deep),
            ("heading_number", heading_number),
            ("link", link),
            ("reference", reference),
            ("url", url),
            ("source", source),
            ("sidebar", sidebar),
            ("sidebar_current", sidebar_current),
            ("sidebar_cursor", sidebar_cursor),
            ("sidebar_border", sidebar_border),
            ("sidebar_border_focused", sidebar_border_focused),
            ("status", status),
            ("status_message", status_message),
            ("scrollbar", scrollbar),
            ("help", help),
            ("help_key", help_key),
            ("help_border", help_border),
            ("search_match", search_match),
            ("search_current", search_current),
            ("match_count", match_count),
            ("prompt", prompt),
            ("error", error),
            ("list_selected", list_selected),
            ("emphasis", emphasis),
            ("strong", strong),
            ("strike", strike),
            ("code", code),
            ("image", image),
            ("footnote", footnote),
            ("html", html),
            ("code_block", code_block),
            ("code_label", code_label),
            ("quote_bar", quote_bar),
            ("list_marker", list_marker),
            ("table_border", table_border),
            ("table_header", table_header),
        ]
    }

    /// The attributes a cell styled `base` has once `over` is laid on it
    /// (as the views do with `patch` and `Buffer::set_style`).
    fn on(base: Style, over: Style) -> Modifier {
        base.patch(over).add_modifier
    }

    #[test]
    fn code_inside_a_link_keeps_the_codes_look_and_the_links_underline() {
        for (name, t) in all_themes() {
            let both = t.segment(Role::Text, Inline::LINK | Inline::CODE);
            let code = t.segment(Role::Text, Inline::CODE);
            let link = t.segment(Role::Text, Inline::LINK);
            assert_eq!(both.fg, code.fg, "{name:?}: code colour kept");
            assert!(
                both.add_modifier.contains(code.add_modifier)
                    && both.add_modifier.contains(link.add_modifier),
                "{name:?}: {both:?}"
            );
            assert_ne!(both, code, "{name:?}: still marked as a link");
        }
    }

    fn all_themes() -> Vec<(ThemeName, Theme)> {
        let mut v: Vec<_> = ThemeName::ALL
            .into_iter()
            .map(|n| (n, Theme::by_name(n)))
            .collect();
        v.push((ThemeName::Terminal, Theme::no_color()));
        v
    }

    #[test]
    fn no_color_sets_no_colour_anywhere() {
        for (name, s) in styles(&Theme::no_color()) {
            assert_eq!(s.fg, None, "{name}");
            assert_eq!(s.bg, None, "{name}");
            assert_eq!(s.underline_color, None, "{name}");
        }
    }

    #[test]
    fn terminal_uses_only_the_terminals_own_colours() {
        for (name, s) in styles(&Theme::terminal()) {
            for c in [s.fg, s.bg, s.underline_color] {
                assert!(matches!(c, None | Some(Color::Reset)), "{name}: {c:?}");
            }
        }
    }

    #[test]
    fn current_match_differs_from_other_matches_by_attributes_in_every_theme() {
        for (name, t) in all_themes() {
            // Everywhere both are painted: the text pane's kinds of text
            // (the match list paints only `search_match`).
            for (base_name, base) in [
                ("text", t.text),
                ("heading_top", t.heading_top),
                ("heading", t.heading),
                ("heading_deep", t.heading_deep),
                ("link", t.link),
                ("reference", t.reference),
                ("url", t.url),
                ("source", t.source),
                ("emphasis", t.text.patch(t.emphasis)),
                ("strong", t.text.patch(t.strong)),
                ("strike", t.text.patch(t.strike)),
                ("code", t.text.patch(t.code)),
                ("image", t.text.patch(t.image)),
                ("footnote", t.footnote),
                ("html", t.html),
                ("code_block", t.code_block),
                ("table_header", t.table_header),
            ] {
                assert_ne!(
                    on(base, t.search_match),
                    on(base, t.search_current),
                    "{name:?} on {base_name}"
                );
            }
        }
    }

    #[test]
    fn heading_levels_differ_in_every_theme() {
        // Colour counts here; without colour, attributes alone must differ
        // (checked in `without_colour_every_distinction_survives`).
        let look = |s: Style| (s.fg, s.bg, on(s, Style::new()));
        for (name, t) in all_themes() {
            let levels = [t.heading_at(0), t.heading_at(1), t.heading_at(2)];
            for i in 0..levels.len() {
                assert_ne!(
                    look(levels[i]),
                    look(t.text),
                    "{name:?}: level {} looks like text",
                    i + 1
                );
                for j in i + 1..levels.len() {
                    assert_ne!(
                        look(levels[i]),
                        look(levels[j]),
                        "{name:?}: levels {} and {} look alike",
                        i + 1,
                        j + 1
                    );
                }
            }
            assert_eq!(t.heading_at(7), t.heading_at(2), "{name:?}: 3 and deeper");
        }
    }

    #[test]
    fn a_reference_is_text_in_italics_not_a_link() {
        for (name, t) in all_themes() {
            assert_eq!(t.reference.fg, t.text.fg, "{name:?}: the text colour");
            let looks = on(t.reference, Style::new());
            assert!(looks.contains(Modifier::ITALIC), "{name:?}");
            assert!(!looks.contains(Modifier::UNDERLINED), "{name:?}");
        }
    }

    #[test]
    fn sidebar_cursor_and_current_section_differ_by_attributes_in_every_theme() {
        for (name, t) in all_themes() {
            let looks = [
                on(t.sidebar, Style::new()),
                on(t.sidebar_current, Style::new()),
                on(t.sidebar, t.sidebar_cursor),
                on(t.sidebar_current, t.sidebar_cursor),
            ];
            for i in 0..looks.len() {
                for j in i + 1..looks.len() {
                    assert_ne!(looks[i], looks[j], "{name:?}: rows {i} and {j} look alike");
                }
            }
        }
    }

    #[test]
    fn without_colour_every_distinction_survives() {
        for t in [Theme::no_color(), Theme::terminal()] {
            let plain = Style::new();
            let pairs = [
                // Search matches stand out in every kind of text.
                (
                    "match on text",
                    on(t.text, t.search_match),
                    on(t.text, plain),
                ),
                (
                    "match on heading",
                    on(t.heading, t.search_match),
                    on(t.heading, plain),
                ),
                (
                    "match on level-1 heading",
                    on(t.heading_top, t.search_match),
                    on(t.heading_top, plain),
                ),
                (
                    "match on deep heading",
                    on(t.heading_deep, t.search_match),
                    on(t.heading_deep, plain),
                ),
                (
                    "match on link",
                    on(t.link, t.search_match),
                    on(t.link, plain),
                ),
                (
                    "match on reference",
                    on(t.reference, t.search_match),
                    on(t.reference, plain),
                ),
                ("match on url", on(t.url, t.search_match), on(t.url, plain)),
                (
                    "match on source",
                    on(t.source, t.search_match),
                    on(t.source, plain),
                ),
                (
                    "match in list",
                    on(t.help, t.search_match),
                    on(t.help, plain),
                ),
                (
                    "match on selected row",
                    on(t.list_selected, t.search_match),
                    on(t.list_selected, plain),
                ),
                (
                    "current on text",
                    on(t.text, t.search_current),
                    on(t.text, plain),
                ),
                (
                    "current on link",
                    on(t.link, t.search_current),
                    on(t.link, plain),
                ),
                // Kinds of text.
                ("link vs text", on(t.link, plain), on(t.text, plain)),
                ("heading vs text", on(t.heading, plain), on(t.text, plain)),
                (
                    "level 1 vs level 2",
                    on(t.heading_at(0), plain),
                    on(t.heading_at(1), plain),
                ),
                (
                    "level 2 vs level 3",
                    on(t.heading_at(1), plain),
                    on(t.heading_at(2), plain),
                ),
                (
                    "level 1 vs level 3",
                    on(t.heading_at(0), plain),
                    on(t.heading_at(2), plain),
                ),
                (
                    "reference vs text",
                    on(t.reference, plain),
                    on(t.text, plain),
                ),
                (
                    "reference vs link",
                    on(t.reference, plain),
                    on(t.link, plain),
                ),
                // Focused pane border (also `┃` vs `│`).
                (
                    "focused border",
                    on(t.sidebar_border_focused, plain),
                    on(t.sidebar_border, plain),
                ),
                // Status bar vs the text above it.
                ("status bar", on(t.status, plain), on(t.text, plain)),
                (
                    "status message",
                    on(t.status, t.status_message),
                    on(t.status, plain),
                ),
                (
                    "error on status",
                    on(t.status, t.error),
                    on(t.status, plain),
                ),
                (
                    "error vs message",
                    on(t.status, t.error),
                    on(t.status, t.status_message),
                ),
                ("error alone", on(t.help, t.error), on(t.help, plain)),
                // The prompt is drawn over the status line ...
                ("prompt", on(t.status, t.prompt), on(t.status, plain)),
                // ... and its cursor is a reversed cell on it.
                (
                    "prompt cursor",
                    on(
                        t.status.patch(t.prompt),
                        Style::new().add_modifier(Modifier::REVERSED),
                    ),
                    on(t.status, t.prompt),
                ),
                (
                    "selected row",
                    on(t.help, t.list_selected),
                    on(t.help, plain),
                ),
                ("help keys", on(t.help, t.help_key), on(t.help, plain)),
            ];
            // Rich text: each kind differs from plain text, and a match
            // stands out on each.
            let kinds = [
                ("emphasis", t.text.patch(t.emphasis)),
                ("strong", t.text.patch(t.strong)),
                ("strike", t.text.patch(t.strike)),
                ("code", t.text.patch(t.code)),
                ("image", t.text.patch(t.image)),
                ("footnote", t.footnote),
                ("html", t.html),
                ("code_block", t.code_block),
                ("code_label", t.code_label),
                ("quote_bar", t.quote_bar),
                ("list_marker", t.list_marker),
                ("table_border", t.table_border),
                ("table_header", t.table_header),
            ];
            for (what, k) in kinds {
                assert_ne!(on(k, plain), on(t.text, plain), "{what} vs text");
                assert_ne!(on(k, t.search_match), on(k, plain), "match on {what}");
                assert_ne!(
                    on(k, t.search_current),
                    on(k, t.search_match),
                    "current on {what}"
                );
            }
            // Inline kinds a line mixes differ from each other too.
            let inline = &kinds[..7];
            for (i, (a, sa)) in inline.iter().enumerate() {
                for (b, sb) in &inline[i + 1..] {
                    assert_ne!(on(*sa, plain), on(*sb, plain), "{a} vs {b}");
                }
                assert_ne!(on(*sa, plain), on(t.link, plain), "{a} vs link");
            }
            for (what, a, b) in pairs {
                assert_ne!(a, b, "{what}");
            }
        }
    }

    #[test]
    fn theme_names_round_trip_and_select_themes() {
        for name in ThemeName::ALL {
            assert_eq!(ThemeName::from_name(name.name()), Some(name));
        }
        assert_eq!(ThemeName::from_name("solarized"), None);
        assert_eq!(ThemeName::from_name("Dark"), None);
        assert_eq!(Theme::by_name(ThemeName::Dark), Theme::default());
        assert_eq!(Theme::by_name(ThemeName::Light), Theme::light());
        assert_eq!(
            Theme::by_name(ThemeName::HighContrast),
            Theme::high_contrast()
        );
        assert_eq!(Theme::by_name(ThemeName::Terminal), Theme::terminal());
        // The four are really different.
        for (i, a) in ThemeName::ALL.into_iter().enumerate() {
            for b in ThemeName::ALL.into_iter().skip(i + 1) {
                assert_ne!(Theme::by_name(a), Theme::by_name(b), "{a:?} {b:?}");
            }
        }
        assert_ne!(Theme::terminal(), Theme::no_color());
    }

    #[test]
    fn command_line_beats_no_color_which_beats_config() {
        use ThemeName::*;
        assert_eq!(Theme::resolve(None, Light, false), Theme::light());
        assert_eq!(Theme::resolve(None, Light, true), Theme::no_color());
        assert_eq!(Theme::resolve(Some(Dark), Light, true), Theme::dark());
        assert_eq!(
            Theme::resolve(Some(HighContrast), Dark, false),
            Theme::high_contrast()
        );
    }

    #[test]
    fn no_color_needs_a_non_empty_value() {
        let env = |v: Option<&'static str>| {
            move |k: &str| (k == "NO_COLOR").then_some(v).flatten().map(OsString::from)
        };
        assert!(no_color_requested(env(Some("1"))));
        assert!(no_color_requested(env(Some("0"))));
        assert!(!no_color_requested(env(Some(""))));
        assert!(!no_color_requested(env(None)));
    }

    #[test]
    fn theme_names_match_clap_values() {
        use clap::ValueEnum;
        for name in ThemeName::ALL {
            let value = name.to_possible_value().unwrap();
            assert_eq!(value.get_name(), name.name());
        }
    }
}
