//! Colours and text attributes, one `Style` per thing the reader shows.
//! Every distinction also carries a non-colour attribute (bold, reverse,
//! underline or a marker), so nothing is lost without colour.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use ratatui::style::{Color, Modifier, Style};

use crate::model::document::{AlertKind, Inline};
use crate::render::compose::Role;
use crate::render::highlight::CodeRole;
use crate::text::diagnostic::{Diagnostic, cut, cut_list, cut_quoted};

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
    /// A key to press (HTML's `<kbd>`), drawn like a keycap.
    pub kbd: Style,
    /// Blocks: a code block's text and background; its language and the
    /// `↪` of a continued line; a quote's `│`; a list's bullets and
    /// numbers; a table's borders (and thematic breaks); a table's header.
    pub code_block: Style,
    pub code_label: Style,
    pub quote_bar: Style,
    pub list_marker: Style,
    pub table_border: Style,
    pub table_header: Style,
    /// GitHub alerts' bars and title lines (`block.alert.note`, …), each
    /// falling back to `block.alert`.
    pub alert_note: Style,
    pub alert_tip: Style,
    pub alert_important: Style,
    pub alert_warning: Style,
    pub alert_caution: Style,
    /// Highlighted code, by [`CodeRole`] (`code.keyword`, …), laid over
    /// `code_block`.
    pub syntax: [Style; CodeRole::ALL.len()],
    /// A colour scheme bundled with the highlighter (`code-theme`, such as
    /// "Monokai Extended") that colours code instead of the `code.*`
    /// roles; `None`: the roles.
    pub code_theme: Option<String>,
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
            (Inline::KBD, self.kbd),
        ] {
            if inline.contains(bit) {
                style = style.patch(over);
            }
        }
        style
    }

    /// The style of a GitHub alert of `kind` (its bar and title line).
    pub fn alert(&self, kind: AlertKind) -> Style {
        match kind {
            AlertKind::Note => self.alert_note,
            AlertKind::Tip => self.alert_tip,
            AlertKind::Important => self.alert_important,
            AlertKind::Warning => self.alert_warning,
            AlertKind::Caution => self.alert_caution,
        }
    }

    /// The style of highlighted code of `role` (over the block's style).
    pub fn code_role(&self, role: CodeRole) -> Style {
        self.syntax[role as usize]
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
            Role::Alert(kind) => self.alert(kind),
            Role::Marker => self.list_marker,
            Role::NoteMarker => self.footnote,
            Role::Code => self.code_block,
            Role::Html => self.html,
            // On the block's background, as the code around it.
            Role::Label => self.code_block.patch(self.code_label),
            Role::Continuation => self.code_label,
            Role::Border | Role::Rule => self.table_border,
            Role::Header => self.table_header,
        }
    }

    /// A built-in theme: its file as read when the binary was made
    /// (`builtin.rs`, checked against the file by the tests). Parsing the
    /// TOML at start-up was a measurable part of the first frame.
    pub fn by_name(name: ThemeName) -> Self {
        Theme::from_styles(match name {
            ThemeName::Dark => &builtin::DARK,
            ThemeName::Light => &builtin::LIGHT,
            ThemeName::HighContrast => &builtin::HIGH_CONTRAST,
            ThemeName::Terminal => &builtin::TERMINAL,
        })
    }

    /// The theme to use: one named on the command line wins; otherwise
    /// `NO_COLOR` (see [`no_color_requested`]) turns colour off; otherwise
    /// the config file's (or the default) theme. Names are looked up as
    /// [`load`] does, user themes in `dir`.
    pub fn resolve(
        command_line: Option<&str>,
        config: &str,
        no_color: bool,
        dir: Option<&Path>,
    ) -> Result<Self, ThemeError> {
        match command_line {
            Some(name) => load(name, dir),
            None if no_color => Ok(Theme::no_color()),
            None => load(config, dir),
        }
    }

    pub fn dark() -> Self {
        Theme::by_name(ThemeName::Dark)
    }

    pub fn light() -> Self {
        Theme::by_name(ThemeName::Light)
    }

    pub fn high_contrast() -> Self {
        Theme::by_name(ThemeName::HighContrast)
    }

    /// The terminal's own colours (`Reset`) only; every distinction is made
    /// by bold, reverse, underline, italic or dim, and by markers.
    pub fn terminal() -> Self {
        Theme::by_name(ThemeName::Terminal)
    }

    /// For `NO_COLOR`: no colour at all, not even a reset. What colour
    /// tells apart in the other themes is told apart here by attributes
    /// and markers (`▶`, `┃`, the reversed cursor cell).
    pub fn no_color() -> Self {
        Theme::from_styles(&builtin::NO_COLOR)
    }
}

impl crate::render::print::Paint for Theme {
    fn segment(&self, role: Role, inline: Inline) -> Style {
        Theme::segment(self, role, inline)
    }

    fn code(&self, role: CodeRole) -> Style {
        self.code_role(role)
    }

    fn title(&self) -> Style {
        self.title
    }

    fn subtitle(&self) -> Style {
        self.subtitle
    }

    fn code_theme(&self) -> Option<&str> {
        self.code_theme.as_deref()
    }
}

// ---- themes as data ----

/// Every role a theme sets, by its name in a theme file and the field it
/// fills. Roles are grouped by their first word (`text`, `heading`,
/// `block`, `link`, `code`, `chrome`, `search`); a role a file leaves out
/// falls back to the role above it (`chrome.sidebar.current` →
/// `chrome.sidebar` → `chrome` → `text`), as helix resolves scopes.
macro_rules! roles {
    ($($field:ident = $role:literal,)*) => {
        /// The names of the roles every built-in theme sets, in file order.
        pub const ROLES: &[&str] = &[$($role),*];

        impl Theme {
            /// The theme `roles` describe, each role resolved by fallback.
            fn from_roles(roles: &Roles) -> Theme {
                Theme {
                    $($field: roles.get($role),)*
                    syntax: CodeRole::ALL.map(|r| roles.get(r.theme_role())),
                    code_theme: None,
                }
            }

            /// The theme whose roles' styles are `styles`: [`ROLES`]'s, then
            /// the code roles' in [`CodeRole::ALL`]'s order (as
            /// [`Theme::roles`] lists them).
            const fn from_styles(styles: &[Style; ROLES.len() + CodeRole::ALL.len()]) -> Theme {
                let mut i = 0;
                $(
                    let $field = styles[i];
                    i += 1;
                )*
                let mut syntax = [Style::new(); CodeRole::ALL.len()];
                let mut r = 0;
                while r < syntax.len() {
                    syntax[r] = styles[i + r];
                    r += 1;
                }
                Theme {
                    $($field,)*
                    syntax,
                    code_theme: None,
                }
            }

            /// Each role's name and style, in file order.
            pub fn roles(&self) -> Vec<(&'static str, Style)> {
                let mut all = vec![$(($role, self.$field)),*];
                all.extend(CodeRole::ALL.map(|r| (r.theme_role(), self.code_role(r))));
                all
            }
        }
    };
}

roles! {
    text = "text",
    title = "text.title",
    subtitle = "text.subtitle",
    emphasis = "text.emphasis",
    strong = "text.strong",
    strike = "text.strike",
    code = "text.code",
    image = "text.image",
    footnote = "text.footnote",
    html = "text.html",
    kbd = "text.kbd",
    reference = "text.reference",
    source = "text.source",
    heading = "heading",
    heading_top = "heading.top",
    heading_deep = "heading.deep",
    heading_number = "heading.number",
    link = "link",
    url = "link.url",
    quote_bar = "block.quote-bar",
    list_marker = "block.list-marker",
    table_border = "block.table-border",
    table_header = "block.table-header",
    alert_note = "block.alert.note",
    alert_tip = "block.alert.tip",
    alert_important = "block.alert.important",
    alert_warning = "block.alert.warning",
    alert_caution = "block.alert.caution",
    code_block = "code",
    code_label = "code.label",
    search_match = "search.match",
    search_current = "search.current",
    match_count = "search.count",
    sidebar = "chrome.sidebar",
    sidebar_current = "chrome.sidebar.current",
    sidebar_cursor = "chrome.sidebar.cursor",
    sidebar_border = "chrome.sidebar.border",
    sidebar_border_focused = "chrome.sidebar.border-focused",
    status = "chrome.status",
    status_message = "chrome.status.message",
    error = "chrome.error",
    scrollbar = "chrome.scrollbar",
    help = "chrome.help",
    help_key = "chrome.help.key",
    help_border = "chrome.help.border",
    prompt = "chrome.prompt",
    list_selected = "chrome.selected",
}

/// The roles a theme file sets, by name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Roles(std::collections::BTreeMap<String, Style>);

impl Roles {
    /// The style of `role`, else of the nearest role above it (its name
    /// without the last `.part`), else of `text`, else no style.
    pub fn get(&self, role: &str) -> Style {
        let mut name = role;
        loop {
            if let Some(style) = self.0.get(name) {
                return *style;
            }
            if name == "text" {
                return Style::new();
            }
            name = name.rsplit_once('.').map_or("text", |(up, _)| up);
        }
    }
}

/// The colour names a theme file uses, in `Color`'s order.
const COLOURS: [(&str, Color); 17] = [
    ("reset", Color::Reset),
    ("black", Color::Black),
    ("red", Color::Red),
    ("green", Color::Green),
    ("yellow", Color::Yellow),
    ("blue", Color::Blue),
    ("magenta", Color::Magenta),
    ("cyan", Color::Cyan),
    ("gray", Color::Gray),
    ("dark-gray", Color::DarkGray),
    ("light-red", Color::LightRed),
    ("light-green", Color::LightGreen),
    ("light-yellow", Color::LightYellow),
    ("light-blue", Color::LightBlue),
    ("light-magenta", Color::LightMagenta),
    ("light-cyan", Color::LightCyan),
    ("white", Color::White),
];

/// The attribute names a theme file uses.
const MODIFIERS: [(&str, Modifier); 9] = [
    ("bold", Modifier::BOLD),
    ("dim", Modifier::DIM),
    ("italic", Modifier::ITALIC),
    ("underlined", Modifier::UNDERLINED),
    ("slow-blink", Modifier::SLOW_BLINK),
    ("rapid-blink", Modifier::RAPID_BLINK),
    ("reversed", Modifier::REVERSED),
    ("hidden", Modifier::HIDDEN),
    ("crossed-out", Modifier::CROSSED_OUT),
];

/// A colour as a theme file writes it: a name, `#rrggbb`, or 0-255.
fn colour_value(c: Color) -> String {
    match c {
        Color::Rgb(r, g, b) => format!("\"#{r:02x}{g:02x}{b:02x}\""),
        Color::Indexed(i) => i.to_string(),
        named => COLOURS
            .iter()
            .find(|(_, c)| *c == named)
            .map_or_else(|| "\"reset\"".to_string(), |(n, _)| format!("\"{n}\"")),
    }
}

fn modifier_list(m: Modifier) -> String {
    let names: Vec<String> = MODIFIERS
        .iter()
        .filter(|(_, bit)| m.contains(*bit))
        .map(|(n, _)| format!("\"{n}\""))
        .collect();
    format!("[{}]", names.join(", "))
}

/// A style as an inline table: `{ fg = "yellow", modifiers = ["bold"] }`.
pub fn style_value(s: Style) -> String {
    let mut parts = Vec::new();
    if let Some(c) = s.fg {
        parts.push(format!("fg = {}", colour_value(c)));
    }
    if let Some(c) = s.bg {
        parts.push(format!("bg = {}", colour_value(c)));
    }
    if !s.add_modifier.is_empty() {
        parts.push(format!("modifiers = {}", modifier_list(s.add_modifier)));
    }
    if !s.sub_modifier.is_empty() {
        parts.push(format!(
            "remove-modifiers = {}",
            modifier_list(s.sub_modifier)
        ));
    }
    if parts.is_empty() {
        "{}".to_string()
    } else {
        format!("{{ {} }}", parts.join(", "))
    }
}

/// Every role of `theme`, one a line, as a theme file sets them.
pub fn roles_text(theme: &Theme) -> String {
    let mut out = String::new();
    if let Some(scheme) = &theme.code_theme {
        out.push_str(&format!("code-theme = {scheme:?}\n\n"));
    }
    let mut group = "";
    for (role, style) in theme.roles() {
        let g = role.split('.').next().unwrap_or(role);
        if g != group {
            if !group.is_empty() {
                out.push('\n');
            }
            group = g;
        }
        out.push_str(&format!(
            "{:<34}= {}\n",
            format!("\"{role}\""),
            style_value(style)
        ));
    }
    out
}

/// The built-in themes' styles, made from their files by
/// `tests::built_in_themes_are_their_files` (`UPDATE_BUILTIN_THEMES=1`).
#[path = "builtin.rs"]
mod builtin;

/// The built-in themes' files, by name.
const BUILTIN_FILES: [(ThemeName, &str); 4] = [
    (
        ThemeName::Dark,
        include_str!("../../assets/themes/dark.toml"),
    ),
    (
        ThemeName::Light,
        include_str!("../../assets/themes/light.toml"),
    ),
    (
        ThemeName::HighContrast,
        include_str!("../../assets/themes/high-contrast.toml"),
    ),
    (
        ThemeName::Terminal,
        include_str!("../../assets/themes/terminal.toml"),
    ),
];

/// What `NO_COLOR` shows: attributes only. Not a theme one can name.
/// Compiled in as `builtin::NO_COLOR`, which the tests check against it.
#[cfg(test)]
const NO_COLOR_FILE: &str = include_str!("../../assets/themes/no-color.toml");

/// Theme files larger than this are refused unread.
const MAX_THEME_BYTES: u64 = 1 << 20;

impl ThemeName {
    /// The theme's file, as embedded in the binary.
    pub fn file(self) -> &'static str {
        BUILTIN_FILES
            .iter()
            .find(|(n, _)| *n == self)
            .map_or(BUILTIN_FILES[0].1, |(_, text)| text)
    }
}

/// A theme file, read: the built-in theme it starts from (if any) and the
/// roles it sets.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ThemeFile {
    pub inherits: Option<ThemeName>,
    pub roles: Roles,
    /// `code-theme`: a bundled colour scheme for code (its exact name).
    pub code_theme: Option<String>,
}

impl ThemeFile {
    /// The theme: the roles set here over those of the theme inherited.
    pub fn theme(&self) -> Theme {
        let mut roles = match self.inherits {
            Some(base) => builtin_roles(base),
            None => Roles::default(),
        };
        for (role, style) in &self.roles.0 {
            roles.0.insert(role.clone(), *style);
        }
        Theme {
            code_theme: self.code_theme.clone(),
            ..Theme::from_roles(&roles)
        }
    }
}

/// The roles of a built-in theme (its file is checked by the tests).
fn builtin_roles(name: ThemeName) -> Roles {
    parse_file(name.name(), name.file())
        .map(|f| f.roles)
        .unwrap_or_default()
}

/// Reads theme file text; `name` is the file name used in errors. Every
/// mistake (an unknown role, colour or attribute, a value of the wrong
/// kind) is an error at its line and column.
pub fn parse_file(name: &str, text: &str) -> Result<ThemeFile, Diagnostic> {
    use toml::de::{DeTable, DeValue};
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let err = |offset: usize, message: String| Diagnostic::at(name, text, offset, message);
    let table = DeTable::parse(text).map_err(|e| {
        let message = cut_quoted(e.message().lines().next().unwrap_or("").trim());
        match e.span() {
            Some(span) => err(span.start, message),
            None => Diagnostic::plain(name, message),
        }
    })?;
    let mut file = ThemeFile::default();
    // The palette first: roles may name its colours wherever they stand.
    let mut palette: Vec<(String, Color)> = Vec::new();
    if let Some(p) = table.get_ref().get("palette") {
        let DeValue::Table(entries) = p.get_ref() else {
            return Err(err(
                p.span().start,
                "`palette` must be a table of colour names, such as [palette] accent = \"#5fafd7\""
                    .to_string(),
            ));
        };
        for (key, value) in entries {
            let colour = colour(value, &[]).map_err(|m| err(value.span().start, m))?;
            palette.push((key.get_ref().to_string(), colour));
        }
    }
    for (key, value) in table.get_ref() {
        let key_name: &str = key.get_ref();
        match key_name {
            "palette" => {}
            "code-theme" => {
                let scheme = match value.get_ref() {
                    DeValue::String(s) => crate::render::highlight::scheme_name(s),
                    _ => None,
                };
                file.code_theme = Some(
                    scheme
                        .ok_or_else(|| err(value.span().start, unknown_code_theme()))?
                        .to_string(),
                );
            }
            "inherits" => {
                let names = ThemeName::ALL.map(|t| t.name()).join(", ");
                file.inherits = match value.get_ref() {
                    DeValue::String(s) => Some(ThemeName::from_name(s).ok_or_else(|| {
                        err(
                            value.span().start,
                            format!(
                                "`inherits` must name a built-in theme ({names}), not {:?}",
                                cut(s)
                            ),
                        )
                    })?),
                    _ => {
                        return Err(err(
                            value.span().start,
                            format!("`inherits` must name a built-in theme in quotes ({names})"),
                        ));
                    }
                };
            }
            role if known_role(role) => {
                let style = style(value, &palette).map_err(|(at, m)| err(at, m))?;
                file.roles.0.insert(role.to_string(), style);
            }
            other => {
                return Err(err(
                    key.span().start,
                    format!(
                        "unknown role {:?} (roles: {}; see `camp-reader --print-theme dark`)",
                        cut(other),
                        cut_list(ROLES.iter(), ", ")
                    ),
                ));
            }
        }
    }
    Ok(file)
}

/// What a `code-theme` that names no bundled scheme is told.
pub fn unknown_code_theme() -> String {
    format!(
        "`code-theme` must name a colour scheme bundled with the highlighter ({}; see `camp-reader --list-themes`)",
        cut_list(crate::render::highlight::scheme_names(), ", ")
    )
}

/// A role a theme may set: one of [`ROLES`], a group above some of them
/// (`chrome`, `chrome.sidebar`), or any role under `code.` (room for finer
/// highlighting scopes, such as `code.keyword.control`).
fn known_role(role: &str) -> bool {
    ROLES.iter().any(|r| {
        r.strip_prefix(role)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
    }) || role.strip_prefix("code.").is_some_and(|rest| {
        !rest.is_empty()
            && rest.split('.').all(|part| {
                !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
            })
    })
}

type Spanned<'a> = toml::Spanned<toml::de::DeValue<'a>>;

/// A style: `{ fg = …, bg = …, modifiers = […], remove-modifiers = […] }`,
/// or the error's offset and message.
fn style(value: &Spanned, palette: &[(String, Color)]) -> Result<Style, (usize, String)> {
    use toml::de::DeValue;
    let at = value.span().start;
    let DeValue::Table(fields) = value.get_ref() else {
        return Err((
            at,
            "a role's style must be a table, such as { fg = \"yellow\", modifiers = [\"bold\"] }"
                .to_string(),
        ));
    };
    let mut style = Style::new();
    for (key, v) in fields {
        let key_at = key.span().start;
        match &**key.get_ref() {
            "fg" => style.fg = Some(colour(v, palette).map_err(|m| (v.span().start, m))?),
            "bg" => style.bg = Some(colour(v, palette).map_err(|m| (v.span().start, m))?),
            "modifiers" => style.add_modifier = modifiers(v)?,
            "remove-modifiers" => style.sub_modifier = modifiers(v)?,
            other => {
                return Err((
                    key_at,
                    format!(
                        "unknown style field {:?} (fields: fg, bg, modifiers, remove-modifiers)",
                        cut(other)
                    ),
                ));
            }
        }
    }
    Ok(style)
}

/// A list of attribute names.
fn modifiers(value: &Spanned) -> Result<Modifier, (usize, String)> {
    use toml::de::DeValue;
    let names = MODIFIERS.map(|(n, _)| n).join(", ");
    let DeValue::Array(items) = value.get_ref() else {
        return Err((
            value.span().start,
            format!(
                "modifiers must be a list, such as [\"bold\", \"italic\"] (modifiers: {names})"
            ),
        ));
    };
    let mut out = Modifier::empty();
    for item in items {
        let found = match item.get_ref() {
            DeValue::String(s) => MODIFIERS.iter().find(|(n, _)| *n == &**s),
            _ => None,
        };
        match found {
            Some((_, bit)) => out |= *bit,
            None => {
                return Err((
                    item.span().start,
                    format!("unknown modifier (modifiers: {names})"),
                ));
            }
        }
    }
    Ok(out)
}

/// A colour: a name, a palette name, `#rrggbb` or 0-255.
fn colour(value: &Spanned, palette: &[(String, Color)]) -> Result<Color, String> {
    use toml::de::DeValue;
    let names = COLOURS.map(|(n, _)| n).join(", ");
    let wrong = || format!("a colour is one of {names}, a palette name, \"#rrggbb\" or 0-255");
    match value.get_ref() {
        DeValue::Integer(i) => i
            .as_str()
            .parse::<u8>()
            .map(Color::Indexed)
            .map_err(|_| wrong()),
        DeValue::String(s) => {
            let s: &str = s;
            if let Some((_, c)) = COLOURS.iter().find(|(n, _)| *n == s) {
                return Ok(*c);
            }
            if let Some((_, c)) = palette.iter().find(|(n, _)| n == s) {
                return Ok(*c);
            }
            if let Some(hex) = s.strip_prefix('#')
                && hex.len() == 6
                && hex.bytes().all(|b| b.is_ascii_hexdigit())
            {
                let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
                return Ok(Color::Rgb(byte(0), byte(2), byte(4)));
            }
            Err(format!("unknown colour {:?}: {}", cut(s), wrong()))
        }
        _ => Err(wrong()),
    }
}

/// Where user themes live: `$XDG_CONFIG_HOME/camp-reader/themes`.
pub fn themes_dir(var: impl Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    crate::sys::xdg::config_dir(var).map(|d| d.join("themes"))
}

/// The names of the themes saved in `dir` (`NAME.toml`), sorted.
pub fn user_theme_names(dir: Option<&Path>) -> Vec<String> {
    let Some(entries) = dir.and_then(|d| std::fs::read_dir(d).ok()) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let stem = name.strip_suffix(".toml")?;
            (!stem.is_empty()).then(|| stem.to_string())
        })
        .collect();
    names.sort();
    names
}

/// Why a theme could not be had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThemeError {
    /// No built-in theme and no file of that name; the message lists them.
    Unknown(String),
    /// The theme's file is bad or unreadable.
    File(Diagnostic),
}

/// The theme called `name`: a file `dir/NAME.toml` (which may replace a
/// built-in theme of the same name), else the built-in theme.
pub fn load(name: &str, dir: Option<&Path>) -> Result<Theme, ThemeError> {
    Ok(load_file(name, dir)?.0)
}

/// `--print-theme NAME`: a built-in theme's file as embedded; a user
/// theme as a whole file, every role written out (what it inherits
/// included), so it can be saved and edited.
pub fn print(name: &str, dir: Option<&Path>) -> Result<String, ThemeError> {
    let (theme, builtin) = load_file(name, dir)?;
    Ok(match builtin {
        Some(text) => text.to_string(),
        None => format!(
            "# camp-reader theme \"{name}\", with every role it inherits written out.\n\n{}",
            roles_text(&theme)
        ),
    })
}

/// `--list-themes`: the themes `--theme` and `theme` may name (built-in,
/// then the files in `dir`), and the colour schemes `--code-theme` and
/// `code-theme` may name; one a line under a heading for each kind.
pub fn list(dir: Option<&Path>) -> String {
    let mut out = String::from("Themes (--theme NAME, theme = \"NAME\" in the config):\n");
    for name in ThemeName::ALL {
        out.push_str(&format!("  {}\n", name.name()));
    }
    if let Some(dir) = dir {
        let shown = crate::sys::textfile::display_path(dir);
        for name in user_theme_names(Some(dir)) {
            let name = crate::text::sanitize::sanitize(&name);
            out.push_str(&format!("  {name} ({shown}/{name}.toml)\n"));
        }
    }
    out.push_str(
        "\nCode themes, bundled with the highlighter (--code-theme NAME,\ncode-theme = \"NAME\" in the config or a theme file):\n",
    );
    // In the order a reader looks one up: by name, case and digits aside
    // (`base16-256` after `base16-ocean.light` read as out of order).
    let mut names: Vec<_> = crate::render::highlight::scheme_names().collect();
    names.sort_by_key(|n| n.to_lowercase());
    for name in names {
        out.push_str(&format!("  {name}\n"));
    }
    out
}

/// The theme called `name`, and the built-in file it is when it is one.
fn load_file(name: &str, dir: Option<&Path>) -> Result<(Theme, Option<&'static str>), ThemeError> {
    if let Some(path) = user_theme_path(name, dir) {
        let shown = crate::sys::textfile::display_path(&path);
        let text = crate::sys::textfile::read_file(
            &path,
            &shown,
            MAX_THEME_BYTES,
            crate::sys::textfile::Fifo::Refuse,
        )
        .map_err(ThemeError::File)?;
        let file = parse_file(&shown, &text).map_err(ThemeError::File)?;
        return Ok((file.theme(), None));
    }
    match ThemeName::from_name(name) {
        Some(builtin) => Ok((Theme::by_name(builtin), Some(builtin.file()))),
        None => Err(ThemeError::Unknown(unknown_theme(
            name,
            &user_theme_names(dir),
        ))),
    }
}

/// "unknown theme "x" (themes: …)", the built-in and `user` themes listed.
pub fn unknown_theme(name: &str, user: &[String]) -> String {
    let mut names: Vec<&str> = ThemeName::ALL.map(|t| t.name()).into();
    for u in user {
        if !names.contains(&u.as_str()) {
            names.push(u);
        }
    }
    format!(
        "unknown theme {:?} (themes: {})",
        cut(name),
        cut_list(names, ", ")
    )
}

/// `dir/NAME.toml` when it exists and `name` is a plain file name.
fn user_theme_path(name: &str, dir: Option<&Path>) -> Option<PathBuf> {
    let plain = !name.is_empty() && !name.starts_with('.') && !name.contains(['/', '\\', '\0']);
    let path = dir?.join(format!("{name}.toml"));
    (plain && std::fs::metadata(&path).is_ok()).then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn styles(t: &Theme) -> Vec<(&'static str, Style)> {
        t.roles()
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

    /// `builtin.rs` as it is made from the theme files.
    fn builtin_source() -> String {
        let style = |s: Style| {
            let colour =
                |c: Option<Color>| c.map_or("None".to_string(), |c| format!("Some(Color::{c:?})"));
            format!(
                "s({}, {}, {:#06x}, {:#06x})",
                colour(s.fg),
                colour(s.bg),
                s.add_modifier.bits(),
                s.sub_modifier.bits()
            )
        };
        let mut out = String::from(
            "//! The built-in themes' styles, as their files in assets/themes/ give\n\
             //! them: made by `UPDATE_BUILTIN_THEMES=1 cargo test --lib settings::theme`,\n\
             //! which checks they are the files. Each: `Theme::roles`' order.\n\n\
             use ratatui::style::{Color, Modifier, Style};\n\n\
             use super::{CodeRole, ROLES};\n\n\
             /// A style: colours, modifiers added and removed (bits).\n\
             const fn s(fg: Option<Color>, bg: Option<Color>, add: u16, sub: u16) -> Style {\n\
             \x20   let mut style = Style::new();\n\
             \x20   style.fg = fg;\n\
             \x20   style.bg = bg;\n\
             \x20   style.add_modifier = Modifier::from_bits_retain(add);\n\
             \x20   style.sub_modifier = Modifier::from_bits_retain(sub);\n\
             \x20   style\n\
             }\n\n\
             type Styles = [Style; ROLES.len() + CodeRole::ALL.len()];\n",
        );
        let files = [
            ("DARK", "dark", ThemeName::Dark.file()),
            ("LIGHT", "light", ThemeName::Light.file()),
            (
                "HIGH_CONTRAST",
                "high-contrast",
                ThemeName::HighContrast.file(),
            ),
            ("TERMINAL", "terminal", ThemeName::Terminal.file()),
            ("NO_COLOR", "no-color", NO_COLOR_FILE),
        ];
        for (constant, name, text) in files {
            let roles = parse_file(name, text).map(|f| f.roles).unwrap_or_default();
            out.push_str(&format!(
                "\n/// `{name}`.\n#[rustfmt::skip]\npub(super) const {constant}: Styles = [\n"
            ));
            for (role, s) in Theme::from_roles(&roles).roles() {
                out.push_str(&format!("    {}, // {role}\n", style(s)));
            }
            out.push_str("];\n");
        }
        out
    }

    #[test]
    fn built_in_themes_are_their_files() {
        let read = |name: &str, text: &str| {
            Theme::from_roles(&parse_file(name, text).map(|f| f.roles).unwrap_or_default())
        };
        let made = builtin_source();
        if std::env::var_os("UPDATE_BUILTIN_THEMES").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/settings/builtin.rs");
            std::fs::write(path, &made).expect("write builtin.rs");
        }
        for name in ThemeName::ALL {
            assert_eq!(
                Theme::by_name(name),
                read(name.name(), name.file()),
                "{name:?}"
            );
        }
        assert_eq!(Theme::no_color(), read("no-color", NO_COLOR_FILE));
        assert!(
            made == include_str!("builtin.rs"),
            "src/settings/builtin.rs is not what the theme files give: \
             UPDATE_BUILTIN_THEMES=1 cargo test --lib settings::theme"
        );
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
    fn terminal_uses_only_the_terminals_own_colours_and_ansi_ones_in_code() {
        for (name, s) in styles(&Theme::terminal()) {
            for c in [s.fg, s.bg, s.underline_color] {
                if name.starts_with("code.") && name != "code.label" {
                    // Highlighted code: the 16 ANSI colours, which the
                    // terminal's own palette defines.
                    assert!(
                        !matches!(c, Some(Color::Rgb(..) | Color::Indexed(_))),
                        "{name}: {c:?}"
                    );
                } else {
                    assert!(matches!(c, None | Some(Color::Reset)), "{name}: {c:?}");
                }
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
                ("kbd", t.text.patch(t.kbd)),
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
                ("kbd", t.text.patch(t.kbd)),
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
        let r = |cli, config, no_color| Theme::resolve(cli, config, no_color, None).unwrap();
        assert_eq!(r(None, "light", false), Theme::light());
        assert_eq!(r(None, "light", true), Theme::no_color());
        assert_eq!(r(Some("dark"), "light", true), Theme::dark());
        assert_eq!(
            r(Some("high-contrast"), "dark", false),
            Theme::high_contrast()
        );
        assert_eq!(
            Theme::resolve(Some("solarized"), "dark", false, None),
            Err(ThemeError::Unknown(
                "unknown theme \"solarized\" (themes: dark, light, high-contrast, terminal)"
                    .to_string()
            ))
        );
    }

    #[test]
    fn every_builtin_file_is_valid_and_sets_every_role_itself() {
        for (name, text) in ThemeName::ALL
            .map(|n| (n.name(), n.file()))
            .into_iter()
            .chain([("no-color", NO_COLOR_FILE)])
        {
            let file = parse_file(name, text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(file.inherits, None, "{name}");
            for role in ROLES
                .iter()
                .copied()
                .chain(CodeRole::ALL.map(CodeRole::theme_role))
            {
                assert!(file.roles.0.contains_key(role), "{name} lacks {role}");
            }
        }
    }

    #[test]
    fn a_role_falls_back_to_the_one_above_it_then_to_text() {
        let file = parse_file(
            "t",
            "\"text\" = { fg = \"red\" }\n\"chrome\" = { fg = \"blue\" }\n\"code\" = { bg = 236 }\n\"code.keyword\" = { modifiers = [\"bold\"] }\n",
        )
        .unwrap();
        let roles = &file.roles;
        let red = Style::new().fg(Color::Red);
        assert_eq!(
            roles.get("code.keyword.control"),
            Style::new().add_modifier(Modifier::BOLD)
        );
        assert_eq!(
            roles.get("code.keyword"),
            Style::new().add_modifier(Modifier::BOLD)
        );
        assert_eq!(
            roles.get("code.string"),
            Style::new().bg(Color::Indexed(236))
        );
        assert_eq!(
            roles.get("chrome.sidebar.current"),
            Style::new().fg(Color::Blue)
        );
        assert_eq!(roles.get("heading.top"), red);
        assert_eq!(roles.get("link"), red);
        let t = file.theme();
        assert_eq!(t.sidebar_current, Style::new().fg(Color::Blue));
        assert_eq!(t.url, red);
        assert_eq!(Roles::default().get("code.keyword"), Style::new());
    }

    #[test]
    fn a_theme_file_inherits_a_builtin_theme_and_changes_only_what_it_sets() {
        let file = parse_file(
            "mine.toml",
            "inherits = \"light\"\n[palette]\nsea = \"#1e90ff\"\n\n[\"heading\"]\nfg = \"sea\"\nmodifiers = [\"bold\", \"italic\"]\n",
        )
        .unwrap();
        let t = file.theme();
        let light = Theme::light();
        assert_eq!(
            t.heading,
            Style::new()
                .fg(Color::Rgb(0x1e, 0x90, 0xff))
                .add_modifier(Modifier::BOLD | Modifier::ITALIC)
        );
        let changed: Vec<_> = t
            .roles()
            .into_iter()
            .zip(light.roles())
            .filter(|(a, b)| a != b)
            .map(|(a, _)| a.0)
            .collect();
        assert_eq!(changed, ["heading"]);
    }

    #[test]
    fn printed_themes_read_back_as_the_same_theme() {
        for name in ThemeName::ALL {
            let text = print(name.name(), None).unwrap();
            assert_eq!(text, name.file());
            assert_eq!(
                parse_file("p", &text).unwrap().theme(),
                Theme::by_name(name)
            );
        }
        // Every colour and attribute kind survives a round trip.
        let mut t = Theme::dark();
        t.text = Style::new()
            .fg(Color::Rgb(1, 2, 255))
            .bg(Color::Indexed(17))
            .add_modifier(Modifier::all())
            .remove_modifier(Modifier::REVERSED);
        assert_eq!(parse_file("p", &roles_text(&t)).unwrap().theme(), t);
    }

    #[test]
    fn user_themes_are_files_in_the_themes_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("mine.toml"),
            "inherits = \"dark\"\n\"link\" = { fg = 33 }\n",
        )
        .unwrap();
        // A file may replace a built-in theme; its `inherits` still means
        // the built-in one.
        std::fs::write(
            dir.path().join("light.toml"),
            "inherits = \"light\"\n\"text\" = { fg = \"black\" }\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("notes.txt"), "").unwrap();
        assert_eq!(user_theme_names(Some(dir.path())), ["light", "mine"]);
        let mine = load("mine", Some(dir.path())).unwrap();
        assert_eq!(mine.link, Style::new().fg(Color::Indexed(33)));
        assert_eq!(mine.heading, Theme::dark().heading);
        assert_eq!(
            load("light", Some(dir.path())).unwrap().text,
            Style::new().fg(Color::Black)
        );
        assert_eq!(load("dark", Some(dir.path())).unwrap(), Theme::dark());
        // Printed whole, it reads back as the same theme.
        let printed = print("mine", Some(dir.path())).unwrap();
        assert!(printed.contains("\"heading.top\""), "{printed}");
        assert_eq!(parse_file("p", &printed).unwrap().theme(), mine);
        // Not a path.
        assert!(matches!(
            load("../mine", Some(dir.path())),
            Err(ThemeError::Unknown(_))
        ));
        match load("nope", Some(dir.path())) {
            Err(ThemeError::Unknown(m)) => assert_eq!(
                m,
                "unknown theme \"nope\" (themes: dark, light, high-contrast, terminal, mine)"
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bad_theme_files_are_errors_at_their_line_and_column() {
        let error = |text: &str| {
            let e = parse_file("t.toml", text).unwrap_err();
            let at = e.location.map(|l| (l.line, l.column)).unwrap_or_default();
            format!("{}:{}: {}", at.0, at.1, e.message)
        };
        assert_eq!(
            error("\"text\" = {}\n\"heading\" = { fg = \"purple\" }\n"),
            "2:20: unknown colour \"purple\": a colour is one of reset, black, red, green, yellow, blue, magenta, cyan, gray, dark-gray, light-red, light-green, light-yellow, light-blue, light-magenta, light-cyan, white, a palette name, \"#rrggbb\" or 0-255"
        );
        {
            let e = error("\"link\" = { bg = 256 }");
            assert!(e.starts_with("1:17: a colour is"), "{e}");
        }
        {
            let e = error("\"link\" = { fg = \"#12345\" }");
            assert!(e.starts_with("1:17: unknown colour"), "{e}");
        }
        assert!(
            error("\n\"link\" = { modifiers = [\"bold\", \"blink\"] }")
                .starts_with("2:33: unknown modifier (modifiers: bold, dim,")
        );
        assert!(
            error("\"link\" = { modifiers = \"bold\" }")
                .starts_with("1:24: modifiers must be a list")
        );
        assert!(
            error("\"link\" = { colour = 1 }").starts_with("1:12: unknown style field \"colour\"")
        );
        {
            let e = error("\"link\" = \"red\"");
            assert!(e.starts_with("1:10: a role's style must be a table"), "{e}");
        }
        assert!(
            error("\"linky\" = {}")
                .starts_with("1:1: unknown role \"linky\" (roles: text, text.title,")
        );
        {
            let e = error("\"code.Keyword\" = {}");
            assert!(e.starts_with("1:1: unknown role"), "{e}");
        }
        assert!(parse_file("t", "\"code.keyword.control\" = {}").is_ok());
        {
            let e = error("inherits = \"solarized\"");
            assert!(e.starts_with("1:12: `inherits` must name a built-in theme (dark, light, high-contrast, terminal), not \"solarized\""), "{e}");
        }
        {
            let e = error("palette = 3");
            assert!(e.starts_with("1:11: `palette` must be a table"), "{e}");
        }
        {
            let e = error("\"link\" = {\n");
            assert!(e.starts_with("1:"), "{e}");
        }
        {
            let e = error("\"text\" = {}\n\"text\" = {}\n");
            assert!(e.starts_with("2:1: "), "{e}");
        }
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

#[cfg(test)]
mod list_tests {
    #[test]
    fn code_themes_are_listed_by_name_letter_case_aside() {
        let text = super::list(None);
        let (_, code) = text.split_once("Code themes").expect("a code themes part");
        let names: Vec<String> = code
            .lines()
            .filter_map(|l| l.strip_prefix("  "))
            .map(str::to_lowercase)
            .collect();
        assert!(names.len() > 10, "{names:?}");
        assert!(names.windows(2).all(|w| w[0] <= w[1]), "{names:?}");
    }
}
