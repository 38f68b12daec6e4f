//! The config file: `$XDG_CONFIG_HOME/camp-reader/config.toml` (or
//! `~/.config/camp-reader/config.toml`, or a path given with `--config`).
//!
//! ```toml
//! theme = "dark"          # dark | light | high-contrast | terminal | a theme file's name
//! measure = 100           # widest text column (20..=1000)
//! sidebar-width = 30      # 10..=200
//! chop = false            # code, HTML and table lines cut at the edge (less -S)
//! mouse = true
//! watch = true            # reload the document when its file changes
//! [keys]                  # a list of keys replaces an action's defaults
//! line-down = ["j", "Down", "Ctrl-n"]
//! ```
//!
//! Mistakes are errors with the file's LINE:COLUMN, worded and printed
//! like document errors ([`Diagnostic`]).

use std::ffi::OsString;
use std::fmt;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use toml::Spanned;

use crate::model::document::Numbers;
use crate::settings::keymap::{Binding, Context, Key, Keymap};
use crate::settings::theme::ThemeName;
use crate::text::diagnostic::{Diagnostic, cut, cut_quoted};

/// The widest the text column gets unless the config says otherwise.
pub const DEFAULT_MEASURE: usize = 100;
/// Sidebar width unless the config says otherwise.
pub const DEFAULT_SIDEBAR_WIDTH: u16 = 30;
/// File name inside the config directory.
pub const CONFIG_FILE_NAME: &str = "config.toml";
/// Allowed values of `measure` (columns).
pub const MEASURE_RANGE: RangeInclusive<usize> = 20..=1000;
/// Allowed values of `sidebar-width` (columns).
pub const SIDEBAR_WIDTH_RANGE: RangeInclusive<u16> = 10..=200;
/// Config files larger than this are refused unread.
const MAX_CONFIG_BYTES: u64 = 1 << 20;
/// The top-level settings, in the order the printed config lists them.
const SETTINGS: [&str; 14] = [
    "theme",
    "code-theme",
    "numbers",
    "measure",
    "sidebar",
    "sidebar-width",
    "chop",
    "mouse",
    "hyperlinks",
    "color",
    "opener",
    "clipboard",
    "watch",
    "keys",
];

/// Whether the sidebar shows when a document opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SidebarStart {
    /// Shown when the window is wide enough (60 columns or more).
    #[default]
    Auto,
    Shown,
    Hidden,
}

impl SidebarStart {
    pub const ALL: [SidebarStart; 3] = [
        SidebarStart::Auto,
        SidebarStart::Shown,
        SidebarStart::Hidden,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SidebarStart::Auto => "auto",
            SidebarStart::Shown => "shown",
            SidebarStart::Hidden => "hidden",
        }
    }

    /// `None` for auto, else whether it is shown.
    pub fn shown(self) -> Option<bool> {
        match self {
            SidebarStart::Auto => None,
            SidebarStart::Shown => Some(true),
            SidebarStart::Hidden => Some(false),
        }
    }
}

/// When web and mail links are terminal hyperlinks (OSC 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Hyperlinks {
    /// When the output is a terminal and `TERM` is not `dumb` or `linux`.
    #[default]
    Auto,
    Always,
    Never,
}

impl Hyperlinks {
    pub const ALL: [Hyperlinks; 3] = [Hyperlinks::Auto, Hyperlinks::Always, Hyperlinks::Never];

    pub fn name(self) -> &'static str {
        match self {
            Hyperlinks::Auto => "auto",
            Hyperlinks::Always => "always",
            Hyperlinks::Never => "never",
        }
    }

    /// Whether to emit them, for output that is a terminal or not, with
    /// `TERM` as given.
    pub fn enabled(self, is_terminal: bool, term: Option<&str>) -> bool {
        match self {
            Hyperlinks::Always => true,
            Hyperlinks::Never => false,
            // The Linux console and dumb terminals show OSC 8 as garbage.
            Hyperlinks::Auto => is_terminal && !matches!(term, None | Some("" | "dumb" | "linux")),
        }
    }
}

/// When `--print` writes the theme's colours as SGR sequences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorWhen {
    /// When standard output is a terminal, `NO_COLOR` is not set and
    /// `TERM` is not `dumb`.
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorWhen {
    pub const ALL: [ColorWhen; 3] = [ColorWhen::Auto, ColorWhen::Always, ColorWhen::Never];

    pub fn name(self) -> &'static str {
        match self {
            ColorWhen::Auto => "auto",
            ColorWhen::Always => "always",
            ColorWhen::Never => "never",
        }
    }

    /// Whether to write colour, for output that is a terminal or not,
    /// with `NO_COLOR` set or not and `TERM` as given.
    pub fn enabled(self, is_terminal: bool, no_color: bool, term: Option<&str>) -> bool {
        match self {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => is_terminal && !no_color && term != Some("dumb"),
        }
    }
}

/// How a link's address is copied (`c`, `C`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Clipboard {
    /// Shown in full in the status line, to be selected by hand.
    #[default]
    Off,
    /// Sent to the terminal's clipboard with OSC 52 (some terminals refuse
    /// it, or ask first).
    Osc52,
}

impl Clipboard {
    pub const ALL: [Clipboard; 2] = [Clipboard::Off, Clipboard::Osc52];

    pub fn name(self) -> &'static str {
        match self {
            Clipboard::Off => "off",
            Clipboard::Osc52 => "osc52",
        }
    }
}

/// Settings from the config file; [`Config::default`] when there is none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// A built-in theme's name or a user theme's (a file in the themes
    /// folder, see [`crate::settings::theme::load`]).
    pub theme: String,
    /// When headings show section numbers.
    pub numbers: Numbers,
    /// Widest text column.
    pub measure: usize,
    /// The sidebar when a document opens (unless `t` was pressed in it).
    pub sidebar: SidebarStart,
    pub sidebar_width: u16,
    /// Chop mode at start (less's `-S`): code, HTML and table lines cut at
    /// the pane's edge, scrolled sideways, instead of continued.
    pub chop: bool,
    /// Mouse wheel and clicks.
    pub mouse: bool,
    /// Reload the document when its file changes.
    pub watch: bool,
    /// Remapped actions, in file order: binding name (`Binding::name`) and
    /// the keys that replace its defaults (empty: unbound). Entries equal
    /// to the defaults are left out.
    pub keys: Vec<(String, Vec<Key>)>,
    /// Web and mail links as terminal hyperlinks.
    pub hyperlinks: Hyperlinks,
    /// When `--print` writes colours.
    pub color: ColorWhen,
    /// A colour scheme bundled with the highlighter that colours code
    /// instead of the theme's `code.*` roles (its exact name).
    pub code_theme: Option<String>,
    /// The program (and its arguments) that opens web and mail links,
    /// instead of `$BROWSER` or the desktop's opener.
    pub opener: Option<Vec<String>>,
    pub clipboard: Clipboard,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            theme: ThemeName::default().name().to_string(),
            numbers: Numbers::Auto,
            measure: DEFAULT_MEASURE,
            sidebar: SidebarStart::Auto,
            sidebar_width: DEFAULT_SIDEBAR_WIDTH,
            chop: false,
            mouse: true,
            watch: true,
            keys: Vec::new(),
            hyperlinks: Hyperlinks::Auto,
            color: ColorWhen::Auto,
            code_theme: None,
            opener: None,
            clipboard: Clipboard::Off,
        }
    }
}

impl Config {
    /// Applies the `[keys]` remappings to `keymap`.
    pub fn apply_keys(&self, keymap: &mut Keymap) {
        for (name, keys) in &self.keys {
            keymap.remap(name, keys.clone());
        }
    }
}

/// The default config file path ([`crate::sys::xdg::config_dir`] + `config.toml`).
pub fn config_path(var: impl Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    crate::sys::xdg::config_dir(var).map(|d| d.join(CONFIG_FILE_NAME))
}

/// Reads and parses the config file at `path`. `Ok(None)` when there is
/// no such file (use the defaults); an unreadable or bad file is an error.
/// `user_themes`: the names of the themes saved as files, which `theme`
/// may name besides the built-in ones.
pub fn load(path: &Path, user_themes: &[String]) -> Result<Option<Config>, Diagnostic> {
    let name = crate::sys::textfile::display_path(path);
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        // Checked before opening: opening a FIFO waits for a writer, so
        // every mode would hang; a device would never end.
        Ok(meta) if !meta.is_file() && !meta.is_dir() => {
            return Err(Diagnostic::plain(
                &name,
                "is not a regular file (FIFOs, devices and sockets are not read)",
            ));
        }
        _ => {}
    }
    let text = crate::sys::textfile::read_file(
        path,
        &name,
        MAX_CONFIG_BYTES,
        crate::sys::textfile::Fifo::Refuse,
    )?;
    parse_with(&name, &text, user_themes).map(Some)
}

// ---- the file format ----

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    theme: Option<Spanned<toml::Value>>,
    code_theme: Option<Spanned<toml::Value>>,
    numbers: Option<Spanned<toml::Value>>,
    measure: Option<Spanned<toml::Value>>,
    sidebar: Option<Spanned<toml::Value>>,
    sidebar_width: Option<Spanned<toml::Value>>,
    chop: Option<Spanned<toml::Value>>,
    mouse: Option<Spanned<toml::Value>>,
    hyperlinks: Option<Spanned<toml::Value>>,
    color: Option<Spanned<toml::Value>>,
    opener: Option<Spanned<toml::Value>>,
    clipboard: Option<Spanned<toml::Value>>,
    watch: Option<Spanned<toml::Value>>,
    keys: Option<RawKeys>,
}

/// `[keys]` in file order, with where each name and value is written.
struct RawKeys(Vec<(Spanned<String>, Spanned<RawKeyList>)>);

impl<'de> Deserialize<'de> for RawKeys {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawKeys;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a table of action names and key lists, such as [keys] line-down = [\"j\", \"Down\"]")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawKeys, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    out.push(entry);
                }
                Ok(RawKeys(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// One action's keys: a list of key names (a lone string is a list of one).
enum RawKeyList {
    One(String),
    Many(Vec<Spanned<toml::Value>>),
}

impl<'de> Deserialize<'de> for RawKeyList {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawKeyList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of key names, such as [\"j\", \"Down\", \"Ctrl-n\"]")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawKeyList, E> {
                Ok(RawKeyList::One(v.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawKeyList, A::Error> {
                let mut out = Vec::new();
                while let Some(v) = seq.next_element()? {
                    out.push(v);
                }
                Ok(RawKeyList::Many(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// Parses config text (already read); `name` is the file name used in
/// errors. `theme` may name only the built-in themes.
pub fn parse(name: &str, text: &str) -> Result<Config, Diagnostic> {
    parse_with(name, text, &[])
}

/// [`parse`], with `user_themes` (themes saved as files) nameable too.
pub fn parse_with(name: &str, text: &str, user_themes: &[String]) -> Result<Config, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let err = |offset: usize, message: String| Diagnostic::at(name, text, offset, message);
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let message = explain(e.message());
        match e.span() {
            Some(span) => err(span.start, message),
            None => Diagnostic::plain(name, message),
        }
    })?;
    let mut config = Config::default();

    if let Some(v) = raw.theme {
        let names = ThemeName::ALL.map(|t| t.name()).join(", ");
        config.theme = match v.get_ref() {
            toml::Value::String(s)
                if ThemeName::from_name(s).is_some() || user_themes.contains(s) =>
            {
                s.clone()
            }
            toml::Value::String(s) => {
                return Err(err(
                    v.span().start,
                    crate::settings::theme::unknown_theme(s, user_themes),
                ));
            }
            other => {
                return Err(err(
                    v.span().start,
                    format!(
                        "`theme` must be a theme name in quotes ({names}), not {}",
                        shown(other)
                    ),
                ));
            }
        };
    }
    if let Some(v) = raw.numbers {
        config.numbers = one_of(&v, "numbers", &Numbers::ALL, |n| n.name())
            .map_err(|m| err(v.span().start, m))?;
    }
    if let Some(v) = raw.measure {
        config.measure =
            number(&v, "measure", MEASURE_RANGE, "columns").map_err(|m| err(v.span().start, m))?;
    }
    if let Some(v) = raw.sidebar_width {
        let range = *SIDEBAR_WIDTH_RANGE.start() as usize..=*SIDEBAR_WIDTH_RANGE.end() as usize;
        config.sidebar_width = number(&v, "sidebar-width", range, "columns")
            .map_err(|m| err(v.span().start, m))? as u16;
    }
    if let Some(v) = raw.sidebar {
        let names = SidebarStart::ALL
            .map(|t| format!("{:?}", t.name()))
            .join(", ");
        config.sidebar = match v.get_ref() {
            toml::Value::String(s) => SidebarStart::ALL
                .into_iter()
                .find(|t| t.name() == s)
                .ok_or_else(|| {
                    err(
                        v.span().start,
                        format!("`sidebar` must be one of {names}, not {:?}", cut(s)),
                    )
                })?,
            other => {
                return Err(err(
                    v.span().start,
                    format!("`sidebar` must be one of {names}, not {}", shown(other)),
                ));
            }
        };
    }
    if let Some(v) = raw.chop {
        config.chop = match v.get_ref() {
            toml::Value::Boolean(b) => *b,
            other => {
                return Err(err(
                    v.span().start,
                    format!("`chop` must be true or false, not {}", shown(other)),
                ));
            }
        };
    }
    if let Some(v) = raw.mouse {
        config.mouse = match v.get_ref() {
            toml::Value::Boolean(b) => *b,
            other => {
                return Err(err(
                    v.span().start,
                    format!("`mouse` must be true or false, not {}", shown(other)),
                ));
            }
        };
    }
    if let Some(v) = raw.hyperlinks {
        config.hyperlinks = one_of(&v, "hyperlinks", &Hyperlinks::ALL, |h| h.name())
            .map_err(|m| err(v.span().start, m))?;
    }
    if let Some(v) = raw.color {
        config.color = one_of(&v, "color", &ColorWhen::ALL, |c| c.name())
            .map_err(|m| err(v.span().start, m))?;
    }
    if let Some(v) = raw.code_theme {
        let scheme = match v.get_ref() {
            toml::Value::String(s) => crate::render::highlight::scheme_name(s),
            _ => None,
        };
        config.code_theme = Some(
            scheme
                .ok_or_else(|| err(v.span().start, crate::settings::theme::unknown_code_theme()))?
                .to_string(),
        );
    }
    if let Some(v) = raw.clipboard {
        config.clipboard = one_of(&v, "clipboard", &Clipboard::ALL, |c| c.name())
            .map_err(|m| err(v.span().start, m))?;
    }
    if let Some(v) = raw.opener {
        let words = opener(&v).map_err(|m| err(v.span().start, m))?;
        if words.iter().any(|w| w.contains("%s") && w != "%s") {
            return Err(opener_percent_s(text, &err));
        }
        if let Some(script) = crate::sys::opener::runs_address_as_script(&words) {
            return Err(opener_shell_script(text, script, &err));
        }
        config.opener = Some(words);
    }
    if let Some(v) = raw.watch {
        config.watch = match v.get_ref() {
            toml::Value::Boolean(b) => *b,
            other => {
                return Err(err(
                    v.span().start,
                    format!("`watch` must be true or false, not {}", shown(other)),
                ));
            }
        };
    }
    if let Some(RawKeys(entries)) = raw.keys {
        config.keys = parse_keys(entries, &err)?;
    }
    Ok(config)
}

/// One of a few names, or the message listing them.
fn one_of<T: Copy>(
    v: &Spanned<toml::Value>,
    setting: &str,
    all: &[T],
    name: impl Fn(T) -> &'static str,
) -> Result<T, String> {
    let names = all
        .iter()
        .map(|&t| format!("{:?}", name(t)))
        .collect::<Vec<_>>()
        .join(", ");
    match v.get_ref() {
        toml::Value::String(s) => all
            .iter()
            .copied()
            .find(|&t| name(t) == s)
            .ok_or_else(|| format!("`{setting}` must be one of {names}, not {:?}", cut(s))),
        other => Err(format!(
            "`{setting}` must be one of {names}, not {}",
            shown(other)
        )),
    }
}

/// `opener = ["program", "arg", …]`: a program and its arguments, the
/// address added last (or where `%s` stands).
fn opener(v: &Spanned<toml::Value>) -> Result<Vec<String>, String> {
    const WHAT: &str = "`opener` must be a list of a program and its arguments, such as [\"firefox\", \"--new-tab\"]";
    let toml::Value::Array(items) = v.get_ref() else {
        return Err(format!("{WHAT}, not {}", shown(v.get_ref())));
    };
    let words: Option<Vec<String>> = items
        .iter()
        .map(|i| i.as_str().map(str::to_string))
        .collect();
    match words {
        Some(words) if words.first().is_some_and(|p| !p.trim().is_empty()) => Ok(words),
        Some(_) => Err(format!("{WHAT}: the program is missing")),
        None => Err(format!("{WHAT}, each in quotes")),
    }
}

/// The error for an `opener` with `%s` inside a larger argument, at that
/// argument.
fn opener_percent_s(text: &str, err: &impl Fn(usize, String) -> Diagnostic) -> Diagnostic {
    #[derive(Deserialize)]
    struct OnlyOpener {
        opener: Vec<Spanned<String>>,
    }
    let at = toml::from_str::<OnlyOpener>(text).ok().and_then(|o| {
        o.opener
            .into_iter()
            .find(|w| w.get_ref().contains("%s") && w.get_ref() != "%s")
            .map(|w| w.span().start)
    });
    err(
        at.unwrap_or(0),
        "`%s` in `opener` must be a whole argument, not part of one: the address \
         would be pasted into text a program may run (a shell runs `$(…)` in it); \
         write [\"sh\", \"-c\", \"browser \\\"$1\\\"\", \"sh\", \"%s\"] instead"
            .to_string(),
    )
}

/// The error for an `opener` that is a shell given `%s` as its script
/// (`["sh", "-c", "%s"]`): at that `%s`, the `index`th word.
fn opener_shell_script(
    text: &str,
    index: usize,
    err: &impl Fn(usize, String) -> Diagnostic,
) -> Diagnostic {
    #[derive(Deserialize)]
    struct OnlyOpener {
        opener: Vec<Spanned<String>>,
    }
    let at = toml::from_str::<OnlyOpener>(text).ok().and_then(|o| {
        // No `%s`: the address goes last, so point at the last word.
        let word = o.opener.get(index).or(o.opener.last());
        word.map(|w| w.span().start)
    });
    err(
        at.unwrap_or(0),
        "`opener` hands the address to a program as code (a shell's `-c` \
         script, an interpreter's `-e`, or right after such an option, `%s` \
         or not): `;`, `&` and `$(…)` in a link would run, and nothing opens; \
         pass it as an argument the script quotes: \
         [\"sh\", \"-c\", \"browser \\\"$1\\\"\", \"sh\", \"%s\"], or name the browser \
         itself: [\"firefox\", \"%s\"]"
            .to_string(),
    )
}

/// A value from the file as echoed in a message.
fn shown(v: &toml::Value) -> String {
    cut(&v.to_string()).into_owned()
}

/// A whole number within `range`, or the message saying what is wrong.
fn number(
    v: &Spanned<toml::Value>,
    setting: &str,
    range: RangeInclusive<usize>,
    unit: &str,
) -> Result<usize, String> {
    let (lo, hi) = (range.start(), range.end());
    match v.get_ref() {
        toml::Value::Integer(n) if usize::try_from(*n).is_ok_and(|n| range.contains(&n)) => {
            Ok(*n as usize)
        }
        other => Err(format!(
            "`{setting}` must be a whole number from {lo} to {hi} ({unit}), not {}",
            shown(other)
        )),
    }
}

fn parse_keys(
    entries: Vec<(Spanned<String>, Spanned<RawKeyList>)>,
    err: &impl Fn(usize, String) -> Diagnostic,
) -> Result<Vec<(String, Vec<Key>)>, Diagnostic> {
    let defaults = Keymap::default();
    let mut keymap = Keymap::default();
    // Each remapped binding: its name, keys, and where each key is written.
    let mut remapped: Vec<(String, Vec<Key>, Vec<usize>)> = Vec::new();
    for (name, list) in entries {
        let list_at = list.span().start;
        let name_at = name.span().start;
        let name = name.into_inner();
        if !defaults.bindings.iter().any(|b| b.name == name) {
            return Err(err(name_at, unknown_action(&name, &defaults)));
        }
        let items: Vec<(String, usize)> = match list.into_inner() {
            RawKeyList::One(s) => vec![(s, list_at)],
            RawKeyList::Many(values) => values
                .into_iter()
                .map(|v| {
                    let at = v.span().start;
                    match v.into_inner() {
                        toml::Value::String(s) => Ok((s, at)),
                        other => Err(err(
                            at,
                            format!(
                                "a key name must be in quotes, such as \"j\" or \"Ctrl-n\", not {}",
                                shown(&other)
                            ),
                        )),
                    }
                })
                .collect::<Result<_, _>>()?,
        };
        let mut keys = Vec::new();
        let mut spans = Vec::new();
        for (s, at) in items {
            let key = Key::parse(&s).ok_or_else(|| err(at, unknown_key(&s)))?;
            if !keys.contains(&key) {
                keys.push(key);
                spans.push(at);
            }
        }
        keymap.remap(&name, keys.clone());
        remapped.push((name, keys, spans));
    }
    check_conflicts(&keymap, &remapped, err)?;
    Ok(remapped
        .into_iter()
        .filter(|(name, keys, _)| {
            defaults
                .bindings
                .iter()
                .find(|b| b.name == name)
                .is_none_or(|b| &b.keys != keys)
        })
        .map(|(name, keys, _)| (name, keys))
        .collect())
}

/// A key may mean one thing per context: two bindings sharing a context
/// must not share a key. Reported at the later-written key.
fn check_conflicts(
    keymap: &Keymap,
    remapped: &[(String, Vec<Key>, Vec<usize>)],
    err: &impl Fn(usize, String) -> Diagnostic,
) -> Result<(), Diagnostic> {
    let order = |name: &str| remapped.iter().position(|(n, _, _)| n == name);
    for (index, (name, keys, spans)) in remapped.iter().enumerate() {
        let this = keymap
            .bindings
            .iter()
            .find(|b| b.name == name)
            .expect("checked above");
        for (key, &at) in keys.iter().zip(spans) {
            for other in &keymap.bindings {
                if other.name == this.name || !other.keys.contains(key) {
                    continue;
                }
                let Some(context) = shared_context(this, other) else {
                    continue;
                };
                let message = match order(other.name) {
                    // Both remapped: the later one is reported.
                    Some(i) if i > index => continue,
                    Some(_) => format!(
                        "key {:?} is bound to both `{}` and `{}` ({})",
                        config_key_name(key),
                        other.name,
                        this.name,
                        context.label()
                    ),
                    None => format!(
                        "key {:?} for `{}` is already bound to `{}` ({}); remap `{}` too, or choose another key",
                        config_key_name(key),
                        this.name,
                        other.name,
                        context.label(),
                        other.name
                    ),
                };
                return Err(err(at, message));
            }
        }
    }
    Ok(())
}

fn shared_context(a: &Binding, b: &Binding) -> Option<Context> {
    a.contexts.iter().copied().find(|c| b.contexts.contains(c))
}

fn unknown_action(name: &str, keymap: &Keymap) -> String {
    let best = keymap
        .bindings
        .iter()
        // A name far longer than any action's is not a typo of one (and
        // the distance would cost its length times theirs).
        .filter(|_| name.len() <= 64)
        .map(|b| (edit_distance(name, b.name), b.name))
        .min();
    match best {
        Some((d, close)) if d <= 2.max(name.len() / 4) => {
            format!(
                "unknown action `{}` in [keys] (did you mean `{close}`?)",
                cut(name)
            )
        }
        _ => format!(
            "unknown action `{}` in [keys] (`camp-reader --print-config` lists every action)",
            cut(name)
        ),
    }
}

fn unknown_key(s: &str) -> String {
    format!(
        "unknown key {:?} (keys are a character such as \"j\" or \"?\", or Space, Enter, Esc, \
         Tab, Shift-Tab, Backspace, Delete, Up, Down, Left, Right, PgUp, PgDn, Home, End, \
         F1 to F24; with Ctrl- or Alt- before: \"Ctrl-n\")",
        cut(s)
    )
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let next = (diag + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diag = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// serde's wording, first line, with unknown settings named plainly.
fn explain(message: &str) -> String {
    let first = message.lines().next().unwrap_or(message).trim();
    if let Some(rest) = first.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return format!(
            "unknown setting `{}` (settings: {}; see `camp-reader --print-config`)",
            cut(field),
            SETTINGS.join(", ")
        );
    }
    // serde echoes values in quotes: a 5 MB string must not make a 5 MB message.
    cut_quoted(first)
}

/// A key as written in the config file: `Down` rather than `↓`, so it
/// reads back with [`Key::parse`].
pub fn config_key_name(key: &Key) -> String {
    use ratatui::crossterm::event::KeyCode;
    let plain = Key {
        ctrl: false,
        alt: false,
        ..*key
    };
    let name = match key.code {
        KeyCode::Up => "Up".to_string(),
        KeyCode::Down => "Down".to_string(),
        KeyCode::Left => "Left".to_string(),
        KeyCode::Right => "Right".to_string(),
        _ => plain.to_string(),
    };
    format!(
        "{}{}{name}",
        if key.ctrl { "Ctrl-" } else { "" },
        if key.alt { "Alt-" } else { "" }
    )
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Where an action's keys apply and what it does, each said once:
/// `reading, sidebar: next section heading`, `sidebar: cursor down`.
pub fn binding_summary(keymap: &Keymap, b: &Binding) -> String {
    let places: Vec<&str> = b.contexts.iter().map(|c| c.label()).collect();
    let help = keymap.help_of(b);
    // Help texts may name their place already ("sidebar: cursor down").
    let help = places
        .iter()
        .find_map(|p| help.strip_prefix(p).and_then(|h| h.strip_prefix(": ")))
        .unwrap_or(&help);
    format!("{}: {help}", places.join(", "))
}

/// The whole default config, every setting with its default and allowed
/// values, and `[keys]` with every action of `keymap`, its keys and its
/// help text: what `camp-reader --print-config` prints. With the default
/// keymap, [`parse`] reads it back as [`Config::default`].
pub fn default_config_text(keymap: &Keymap) -> String {
    let d = Config::default();
    let themes = ThemeName::ALL.map(|t| t.name()).join(" | ");
    let mut out = format!(
        "# camp-reader configuration.
#
# camp-reader reads $XDG_CONFIG_HOME/camp-reader/config.toml, or
# ~/.config/camp-reader/config.toml, or the file given with --config FILE.
# Every setting is optional; the values below are the defaults.
# Make one with: camp-reader --print-config > ~/.config/camp-reader/config.toml

# Colours: {themes}
#   dark           for a dark terminal background
#   light          for a light terminal background
#   high-contrast  bright colours and bold, for a dark background
#   terminal       the terminal's own colours only, with bold, reverse, underline
# Or a theme of your own: a file $XDG_CONFIG_HOME/camp-reader/themes/NAME.toml
# (start from `camp-reader --print-theme dark`); it may say inherits = \"dark\"
# and set only the roles it changes.
# With NO_COLOR set in the environment there is no colour at all, unless a
# theme is given on the command line.
theme = {theme}

# Colours for code only: a colour scheme bundled with the highlighter (bat's,
# such as \"Monokai Extended\", \"Solarized (light)\", \"ansi\"), used instead
# of the theme's code.* roles. `camp-reader --list-themes` lists them;
# --code-theme NAME overrides it. A theme file may set it too.
# code-theme = \"Monokai Extended\"

# Section numbers before headings (5.1), in the text, the sidebar, --toc and
# --print: auto | always | never. auto numbers TOML documents, whose format
# is numbered, and not Markdown, which GitHub shows without numbers.
# --numbers WHEN overrides it.
numbers = {numbers}

# The widest the text column gets, in columns ({m_lo} to {m_hi}); on a
# narrower window the text wraps to the window.
measure = {measure}

# The sidebar (table of contents) when a document opens: auto | shown | hidden.
# auto shows it on windows 60 columns wide or more. Pressing t in a
# document is remembered for that document.
sidebar = {sidebar_start}

# Width of the sidebar, in columns ({s_lo} to {s_hi}).
sidebar-width = {sidebar}

# Chop mode, as less -S (true | false): lines of code, HTML and tables wider
# than the pane are cut at its edge (« » mark where they go on) and Left and
# Right scroll them sideways, instead of going on after ↪ on the next line.
# Prose always wraps. --chop turns it on for one run; S toggles it, and is
# remembered for that document.
chop = {chop}

# The mouse: wheel scrolling and clicks (true | false). With it off, the
# terminal's own mouse selection works as usual.
mouse = {mouse}

# Web and mail links as terminal hyperlinks (OSC 8: clickable, their
# address shown on hover, in terminals that support them): auto | always |
# never. auto: when the output is a terminal and TERM is not dumb or linux.
# --hyperlinks WHEN overrides it.
hyperlinks = {hyperlinks}

# Colours in --print (the reader's theme, as SGR sequences): auto | always |
# never. auto: when standard output is a terminal, NO_COLOR is not set and
# TERM is not dumb. --color WHEN overrides it.
color = {color}

# Reload the document when its file changes (true | false); --no-watch
# turns it off for one run. Standard input and the embedded article are
# never watched.
watch = {watch}

# The program that opens web and mail links, and its arguments; the address
# is added last, or replaces an argument that is %s exactly (never part of
# one: a shell would run what an address holds). Without it: $BROWSER,
# else {system}.
# opener = [\"firefox\", \"--new-tab\"]

# Copying a link's address (c, C) or a code block (Y): off shows the address
# in full in the status line, to select by hand, and saves the code to a new
# file in the temporary folder whose path it shows; osc52 puts either on the
# clipboard through the terminal (some terminals refuse, or ask first; code
# over 8 KB is saved to a file all the same).
clipboard = {clipboard}

# Keys: each action's list of keys replaces its defaults; [] unbinds it.
# Lines left as they are change nothing; deleting the ones you do not
# change lets new default keys of later versions reach you.
# Key names: a character (\"j\", \"G\", \"?\", \"[\"), Space, Enter, Esc, Tab,
# Shift-Tab, Backspace, Delete, Up, Down, Left, Right, PgUp, PgDn, Home, End,
# F1 to F24; Ctrl- or Alt- before any of them (\"Ctrl-n\").
# A key can mean one action per place (reading, sidebar, help, prompt ...).
[keys]
",
        theme = toml_string(&d.theme),
        numbers = toml_string(d.numbers.name()),
        m_lo = MEASURE_RANGE.start(),
        m_hi = MEASURE_RANGE.end(),
        measure = d.measure,
        s_lo = SIDEBAR_WIDTH_RANGE.start(),
        s_hi = SIDEBAR_WIDTH_RANGE.end(),
        sidebar_start = toml_string(d.sidebar.name()),
        sidebar = d.sidebar_width,
        chop = d.chop,
        mouse = d.mouse,
        hyperlinks = toml_string(d.hyperlinks.name()),
        color = toml_string(d.color.name()),
        system = crate::sys::opener::SYSTEM_OPENER,
        clipboard = toml_string(d.clipboard.name()),
        watch = d.watch,
    );
    for b in &keymap.bindings {
        let keys: Vec<String> = b
            .keys
            .iter()
            .map(|k| toml_string(&config_key_name(k)))
            .collect();
        out.push_str(&format!(
            "\n# {}\n{} = [{}]\n",
            binding_summary(keymap, b),
            b.name,
            keys.join(", ")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::keymap::Command;
    use ratatui::crossterm::event::KeyCode;

    use crate::sys::xdg::fake_env as env;

    /// The error for `text`, as "LINE:COLUMN: message".
    fn error(text: &str) -> String {
        let e = parse("config.toml", text).expect_err("an error");
        let loc = e
            .location
            .as_ref()
            .unwrap_or_else(|| panic!("no location: {e}"));
        format!("{}:{}: {}", loc.line, loc.column, e.message)
    }

    #[test]
    fn config_empty_file_gives_defaults() {
        let c = parse("config.toml", "").unwrap();
        assert_eq!(c, Config::default());
        assert_eq!(c.theme, "dark");
        assert_eq!(c.measure, 100);
        assert_eq!(c.sidebar_width, 30);
        assert!(c.mouse);
        assert!(c.watch);
        assert!(c.keys.is_empty());
        assert_eq!(parse("c", "# only a comment\n\n"), Ok(Config::default()));
        assert_eq!(parse("c", "\u{feff}"), Ok(Config::default()));
    }

    #[test]
    fn config_reads_every_setting() {
        let c = parse(
            "config.toml",
            "\u{feff}theme = \"high-contrast\"\nmeasure = 72\nsidebar-width = 24\nmouse = false\nwatch = false\n\n[keys]\nline-down = [\"x\", \"Ctrl-j\"]\nquit = \"Q\"\nsuspend = []\n",
        )
        .unwrap();
        assert_eq!(c.theme, "high-contrast");
        assert_eq!(c.measure, 72);
        assert_eq!(c.sidebar_width, 24);
        assert!(!c.mouse);
        assert!(!c.watch);
        assert_eq!(
            c.keys,
            vec![
                (
                    "line-down".to_string(),
                    vec![Key::char('x'), Key::ctrl('j')]
                ),
                ("quit".to_string(), vec![Key::char('Q')]),
                ("suspend".to_string(), vec![]),
            ]
        );
        for name in ["dark", "light", "terminal"] {
            let c = parse("c", &format!("theme = \"{name}\"")).unwrap();
            assert_eq!(c.theme, name);
        }
        // Range ends are allowed.
        let c = parse("c", "measure = 20\nsidebar-width = 200").unwrap();
        assert_eq!((c.measure, c.sidebar_width), (20, 200));
        let c = parse("c", "measure = 1000\nsidebar-width = 10").unwrap();
        assert_eq!((c.measure, c.sidebar_width), (1000, 10));
    }

    #[test]
    fn config_display_settings() {
        assert_eq!(Config::default().numbers, Numbers::Auto);
        let c = parse("c", "numbers = \"never\"\n").unwrap();
        assert_eq!(c.numbers, Numbers::Never);
        let c = parse("c", "numbers = \"always\"\n").unwrap();
        assert_eq!(c.numbers, Numbers::Always);
        assert_eq!(
            error("numbers = \"some\""),
            "1:11: `numbers` must be one of \"auto\", \"always\", \"never\", not \"some\""
        );
    }

    #[test]
    fn config_link_settings() {
        let c = parse(
            "c",
            "hyperlinks = \"never\"\nclipboard = \"osc52\"\nopener = [\"firefox\", \"--new-tab\"]\n",
        )
        .unwrap();
        assert_eq!(c.hyperlinks, Hyperlinks::Never);
        assert_eq!(c.clipboard, Clipboard::Osc52);
        assert_eq!(
            c.opener,
            Some(vec!["firefox".to_string(), "--new-tab".to_string()])
        );
        assert_eq!(
            error("hyperlinks = \"sometimes\""),
            "1:14: `hyperlinks` must be one of \"auto\", \"always\", \"never\", not \"sometimes\""
        );
        assert_eq!(
            error("hyperlinks = true"),
            "1:14: `hyperlinks` must be one of \"auto\", \"always\", \"never\", not true"
        );
        assert_eq!(
            error("clipboard = true"),
            "1:13: `clipboard` must be one of \"off\", \"osc52\", not true"
        );
        assert!(
            error("opener = \"firefox --new-tab\"").starts_with("1:10: `opener` must be a list")
        );
        assert!(error("opener = []").ends_with("the program is missing"));
        let e = error("watch = true\nopener = [\"sh\", \"-c\", \"echo '%s' >> log\"]\n");
        assert!(
            e.starts_with("2:23: `%s` in `opener` must be a whole argument"),
            "{e}"
        );
        assert!(e.contains("\"%s\"] instead"), "{e}");
        assert!(parse("c.toml", "opener = [\"b\", \"--url\", \"%s\"]").is_ok());
        // A shell given the address as its script.
        let e = error("watch = true\nopener = [\"sh\", \"-c\", \"%s\"]\n");
        assert!(
            e.starts_with("2:23: `opener` hands the address to a program as code"),
            "{e}"
        );
        assert!(e.contains("[\"firefox\", \"%s\"]"), "{e}");
        let e = error("opener = [\"/bin/bash\", \"-ec\", \"%s\"]");
        assert!(e.starts_with("1:31: `opener` hands the address"), "{e}");
        // No `%s`: the address would go last, as the script; the error
        // points at the last word.
        let e = error("opener = [\"sh\", \"-c\"]");
        assert!(e.starts_with("1:17: `opener` hands the address"), "{e}");
        assert!(
            parse(
                "c",
                "opener = [\"sh\", \"-c\", \"w3m \\\"$1\\\"\", \"sh\", \"%s\"]"
            )
            .is_ok()
        );
        assert!(error("opener = [\"x\", 1]").ends_with("each in quotes"));
    }

    #[test]
    fn hyperlinks_auto_needs_a_terminal_that_is_not_dumb() {
        let auto = Hyperlinks::Auto;
        assert!(auto.enabled(true, Some("xterm-256color")));
        assert!(!auto.enabled(false, Some("xterm-256color")));
        for term in [None, Some(""), Some("dumb"), Some("linux")] {
            assert!(!auto.enabled(true, term), "{term:?}");
        }
        assert!(Hyperlinks::Always.enabled(false, Some("dumb")));
        assert!(!Hyperlinks::Never.enabled(true, Some("xterm")));
    }

    #[test]
    fn config_sidebar_at_start() {
        for (text, want) in [
            ("sidebar = \"auto\"", SidebarStart::Auto),
            ("sidebar = \"shown\"", SidebarStart::Shown),
            ("sidebar = \"hidden\"", SidebarStart::Hidden),
        ] {
            assert_eq!(parse("c", text).unwrap().sidebar, want, "{text}");
        }
        assert_eq!(SidebarStart::Auto.shown(), None);
        assert_eq!(SidebarStart::Hidden.shown(), Some(false));
        assert_eq!(
            error("\nsidebar = \"left\"\n"),
            "2:11: `sidebar` must be one of \"auto\", \"shown\", \"hidden\", not \"left\""
        );
        assert_eq!(
            error("sidebar = true"),
            "1:11: `sidebar` must be one of \"auto\", \"shown\", \"hidden\", not true"
        );
    }

    #[test]
    fn config_remapping_changes_the_keymap() {
        let c = parse(
            "c",
            "[keys]\nline-down = [\"x\", \"Down\"]\nquit = [\"Q\", \"Ctrl-c\"]\nsidebar-down = [\"s\"]\n",
        )
        .unwrap();
        let mut map = Keymap::default();
        c.apply_keys(&mut map);
        assert_eq!(
            map.lookup(Context::Text, Key::char('x')),
            Some(Command::LineDown)
        );
        assert_eq!(
            map.lookup(Context::Text, Key::plain(KeyCode::Down)),
            Some(Command::LineDown)
        );
        // The old defaults are gone.
        assert_eq!(map.lookup(Context::Text, Key::char('j')), None);
        assert_eq!(map.lookup(Context::Text, Key::char('e')), None);
        assert_eq!(map.lookup(Context::Text, Key::char('q')), None);
        assert_eq!(
            map.lookup(Context::Text, Key::char('Q')),
            Some(Command::Quit)
        );
        assert_eq!(
            map.lookup(Context::Sidebar, Key::char('s')),
            Some(Command::LineDown)
        );
        // Others keep theirs.
        assert_eq!(
            map.lookup(Context::Text, Key::char('k')),
            Some(Command::LineUp)
        );
        assert_eq!(
            map.lookup(Context::Help, Key::char('q')),
            Some(Command::Close)
        );
        // The help overlay follows the remapping.
        assert!(
            map.help_rows()
                .iter()
                .any(|(k, h)| k == "x ↓" && *h == "scroll down one line")
        );
    }

    #[test]
    fn config_entries_equal_to_the_defaults_are_dropped() {
        let c = parse(
            "c",
            "[keys]\nline-up = [\"k\", \"Up\", \"y\", \"Ctrl-y\", \"Ctrl-p\", \"K\"]\n",
        )
        .unwrap();
        assert_eq!(c, Config::default());
        // Same keys in another order is a change (the help lists them in order).
        let c = parse(
            "c",
            "[keys]\nline-up = [\"Up\", \"k\", \"y\", \"Ctrl-y\", \"Ctrl-p\", \"K\"]\n",
        )
        .unwrap();
        assert_eq!(c.keys.len(), 1);
        // Repeated keys count once.
        let c = parse("c", "[keys]\ntop = [\"g\", \"g\", \"Home\", \"<\"]\n").unwrap();
        assert_eq!(c, Config::default());
    }

    #[test]
    fn color_and_code_theme_are_read_and_checked() {
        let c = parse(
            "c",
            "color = \"always\"\ncode-theme = \"monokai extended\"\n",
        )
        .unwrap();
        assert_eq!(c.color, ColorWhen::Always);
        // Spelled as the highlighter names it.
        assert_eq!(c.code_theme.as_deref(), Some("Monokai Extended"));
        assert_eq!(Config::default().code_theme, None);
        assert_eq!(
            error("color = \"sometimes\""),
            "1:9: `color` must be one of \"auto\", \"always\", \"never\", not \"sometimes\""
        );
        let e = error("code-theme = \"Monokai\"");
        assert!(
            e.starts_with("1:14: `code-theme` must name a colour scheme"),
            "{e}"
        );
        let e = error("code-theme = 3");
        assert!(e.starts_with("1:14: `code-theme` must name"), "{e}");
    }

    #[test]
    fn color_auto_needs_a_terminal_and_no_no_color() {
        assert!(ColorWhen::Auto.enabled(true, false, Some("xterm")));
        assert!(!ColorWhen::Auto.enabled(false, false, Some("xterm")));
        assert!(!ColorWhen::Auto.enabled(true, true, Some("xterm")));
        assert!(!ColorWhen::Auto.enabled(true, false, Some("dumb")));
        assert!(ColorWhen::Always.enabled(false, true, Some("dumb")));
        assert!(!ColorWhen::Never.enabled(true, false, Some("xterm")));
    }

    #[test]
    fn config_unknown_setting_is_located() {
        assert_eq!(
            error("theme = \"dark\"\ncolour = \"red\"\n"),
            "2:1: unknown setting `colour` (settings: theme, code-theme, numbers, measure, sidebar, sidebar-width, chop, mouse, hyperlinks, color, opener, clipboard, watch, keys; see `camp-reader --print-config`)"
        );
        assert!(error("sidebar_width = 20\n").starts_with("1:1: unknown setting `sidebar_width`"));
    }

    #[test]
    fn config_bad_theme_is_located() {
        assert_eq!(
            error("mouse = true\ntheme = \"solarized\"\n"),
            "2:9: unknown theme \"solarized\" (themes: dark, light, high-contrast, terminal)"
        );
        assert_eq!(
            error("theme = 3\n"),
            "1:9: `theme` must be a theme name in quotes (dark, light, high-contrast, terminal), not 3"
        );
    }

    #[test]
    fn config_out_of_range_numbers_are_located() {
        assert_eq!(
            error("\nmeasure = 19\n"),
            "2:11: `measure` must be a whole number from 20 to 1000 (columns), not 19"
        );
        assert_eq!(
            error("measure = 1001"),
            "1:11: `measure` must be a whole number from 20 to 1000 (columns), not 1001"
        );
        assert_eq!(
            error("measure = -5"),
            "1:11: `measure` must be a whole number from 20 to 1000 (columns), not -5"
        );
        assert_eq!(
            error("measure = \"wide\""),
            "1:11: `measure` must be a whole number from 20 to 1000 (columns), not \"wide\""
        );
        assert_eq!(
            error("measure = 80.5"),
            "1:11: `measure` must be a whole number from 20 to 1000 (columns), not 80.5"
        );
        assert_eq!(
            error("sidebar-width = 9"),
            "1:17: `sidebar-width` must be a whole number from 10 to 200 (columns), not 9"
        );
        assert_eq!(
            error("sidebar-width = 70000"),
            "1:17: `sidebar-width` must be a whole number from 10 to 200 (columns), not 70000"
        );
        assert_eq!(
            error("mouse = \"yes\""),
            "1:9: `mouse` must be true or false, not \"yes\""
        );
        assert_eq!(
            error("watch = 0"),
            "1:9: `watch` must be true or false, not 0"
        );
        assert_eq!(
            error("chop = \"yes\""),
            "1:8: `chop` must be true or false, not \"yes\""
        );
        assert!(parse("c", "chop = true").unwrap().chop);
        assert!(!parse("c", "").unwrap().chop);
    }

    #[test]
    fn config_unknown_action_is_located() {
        assert_eq!(
            error("[keys]\nline-down = [\"j\"]\n  line-dwn = [\"x\"]\n"),
            "3:3: unknown action `line-dwn` in [keys] (did you mean `line-down`?)"
        );
        assert_eq!(
            error("[keys]\nexplode = [\"x\"]\n"),
            "2:1: unknown action `explode` in [keys] (`camp-reader --print-config` lists every action)"
        );
    }

    #[test]
    fn config_unknown_key_name_is_located() {
        let e = error("[keys]\nline-down = [\"j\", \"Hyper-x\"]\n");
        assert!(
            e.starts_with("2:19: unknown key \"Hyper-x\" (keys are a character"),
            "{e}"
        );
        assert!(error("[keys]\nquit = \"\"\n").starts_with("2:8: unknown key \"\""));
        assert!(error("[keys]\nquit = [\"F25\"]\n").starts_with("2:9: unknown key \"F25\""));
        assert_eq!(
            error("[keys]\nquit = [\"q\", 5]\n"),
            "2:14: a key name must be in quotes, such as \"j\" or \"Ctrl-n\", not 5"
        );
        let e = error("[keys]\nquit = 5\n");
        assert!(
            e.starts_with("2:8: invalid type: integer `5`, expected a list of key names"),
            "{e}"
        );
        let e = error("keys = 5\n");
        assert!(
            e.starts_with("1:8: invalid type: integer `5`, expected a table of action names"),
            "{e}"
        );
    }

    #[test]
    fn config_messages_cut_what_they_echo() {
        let huge = "x".repeat(900_000);
        for text in [
            format!("theme = \"{huge}\"\n"),
            format!("theme = [\"{huge}\"]\n"),
            format!("measure = \"{huge}\"\n"),
            format!("mouse = \"{huge}\"\n"),
            format!("{huge} = 1\n"),
            format!("\"{huge}\" = 1\n"),
            format!("keys = \"{huge}\"\n"),
            format!("[keys]\n{huge} = [\"j\"]\n"),
            format!("[keys]\nquit = [\"{huge}\"]\n"),
            format!("[keys]\nquit = [[\"{huge}\"]]\n"),
        ] {
            let e = parse("c", &text).expect_err("an error");
            let shown = e.to_string();
            let first = shown.lines().next().unwrap();
            assert!(
                first.chars().count() < 400,
                "{} chars: {}…",
                first.chars().count(),
                first.chars().take(200).collect::<String>()
            );
            assert!(e.message.contains('…'), "{}", e.message);
            assert!(shown.len() < 2_000, "{}", shown.len());
        }
    }

    #[test]
    fn config_key_bound_twice_in_one_place_is_located() {
        // Against a default binding.
        assert_eq!(
            error("[keys]\ntop = [\"g\", \"j\"]\n"),
            "2:13: key \"j\" for `top` is already bound to `line-down` (reading); remap `line-down` too, or choose another key"
        );
        // Both remapped: reported at the later one.
        assert_eq!(
            error("[keys]\nline-down = [\"x\"]\nline-up = [\"k\", \"x\"]\n"),
            "3:17: key \"x\" is bound to both `line-down` and `line-up` (reading)"
        );
        // Reading-wide bindings clash with sidebar ones too.
        assert_eq!(
            error("[keys]\nsearch = [\"Down\"]\nline-down = [\"j\"]\n"),
            "2:11: key \"Down\" for `search` is already bound to `sidebar-down` (sidebar); remap `sidebar-down` too, or choose another key"
        );
        // Moving a key from one action to another is fine when both are remapped.
        let c = parse(
            "c",
            "[keys]\nline-down = [\"Down\"]\ntop = [\"g\", \"j\"]\n",
        )
        .unwrap();
        assert_eq!(c.keys.len(), 2);
        // The same key in different places is fine.
        parse("c", "[keys]\nhelp-down = [\"n\"]\n").unwrap();
    }

    #[test]
    fn config_toml_syntax_errors_are_located() {
        assert!(error("theme = \"dark\"\nmeasure = \n").starts_with("2:11: "));
        assert!(error("theme = \"dark\"\ntheme = \"light\"\n").starts_with("2:1: "));
        let e = parse("my.toml", "measure = 5\n").unwrap_err().to_string();
        assert_eq!(
            e,
            "my.toml:1:11: `measure` must be a whole number from 20 to 1000 (columns), not 5\n    measure = 5\n              ^"
        );
    }

    #[test]
    fn config_printed_default_parses_back_to_the_defaults() {
        let map = Keymap::default();
        let text = default_config_text(&map);
        assert_eq!(parse("printed", &text), Ok(Config::default()));
        // It lists every action with its keys and help, and every setting.
        for b in &map.bindings {
            assert!(text.contains(&format!("\n{} = [", b.name)), "{}", b.name);
            let help = map.help_of(b);
            assert!(
                text.contains(&format!(": {}\n{} = [", help, b.name))
                    || help.contains(": ")
                        && text.contains(&format!(
                            ": {}\n{} = [",
                            help.split_once(": ").unwrap().1,
                            b.name
                        )),
                "{}",
                help
            );
        }
        // Each action's place and meaning said once (not "sidebar: sidebar: …").
        for line in text.lines().filter(|l| l.starts_with("# ")) {
            let parts: Vec<&str> = line[2..].split(": ").collect();
            assert!(parts.windows(2).all(|w| w[0] != w[1]), "said twice: {line}");
        }
        for setting in [
            "theme = \"dark\"",
            "measure = 100",
            "sidebar = \"auto\"",
            "sidebar-width = 30",
            "chop = false",
            "mouse = true",
            "[keys]",
        ] {
            assert!(text.contains(&format!("\n{setting}\n")), "{setting}");
        }
        for theme in ThemeName::ALL {
            assert!(text.contains(theme.name()));
        }
        // Changing a line is read as a remapping.
        let edited = text.replace(
            "\nquit = [\"q\", \"Q\", \"Ctrl-c\"]\n",
            "\nquit = [\"Q\"]\n",
        );
        assert_ne!(edited, text);
        let c = parse("edited", &edited).unwrap();
        assert_eq!(c.keys, vec![("quit".to_string(), vec![Key::char('Q')])]);
    }

    #[test]
    fn config_printed_remapped_keymap_round_trips() {
        let c = parse(
            "c",
            "[keys]\nline-down = [\"x\", \"Alt-Down\"]\nquit = []\n",
        )
        .unwrap();
        let mut map = Keymap::default();
        c.apply_keys(&mut map);
        let back = parse("printed", &default_config_text(&map)).unwrap();
        assert_eq!(back, c);
    }

    #[test]
    fn config_key_names_read_back() {
        for b in Keymap::default().bindings {
            for key in b.keys {
                let name = config_key_name(&key);
                assert_eq!(Key::parse(&name), Some(key), "{name}");
            }
        }
        assert_eq!(config_key_name(&Key::plain(KeyCode::Down)), "Down");
        assert_eq!(config_key_name(&Key::char(' ')), "Space");
        assert_eq!(config_key_name(&Key::ctrl('n')), "Ctrl-n");
        let alt_up = Key {
            alt: true,
            ..Key::plain(KeyCode::Up)
        };
        assert_eq!(config_key_name(&alt_up), "Alt-Up");
        assert_eq!(Key::parse("Alt-Up"), Some(alt_up));
    }

    #[test]
    fn config_path_is_in_the_config_dir() {
        assert_eq!(
            config_path(env(&[("HOME", "/h")])),
            Some(PathBuf::from("/h/.config/camp-reader/config.toml"))
        );
        assert_eq!(config_path(env(&[])), None);
    }

    #[test]
    fn config_load_from_disk() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        assert_eq!(load(&path, &[]), Ok(None));
        std::fs::write(&path, "measure = 80\n").unwrap();
        assert_eq!(
            load(&path, &[]),
            Ok(Some(Config {
                measure: 80,
                ..Config::default()
            }))
        );
        std::fs::write(&path, "measure = 8\n").unwrap();
        let e = load(&path, &[]).unwrap_err();
        assert_eq!(e.path, path.display().to_string());
        assert_eq!(
            e.location.as_ref().map(|l| (l.line, l.column)),
            Some((1, 11))
        );
        std::fs::write(&path, b"theme = \"d\xffrk\"\n").unwrap();
        let e = load(&path, &[]).unwrap_err();
        assert!(e.message.contains("not valid UTF-8"), "{e}");
        // A directory is not a config file.
        let e = load(dir.path(), &[]).unwrap_err();
        assert!(e.message.contains("is a directory"), "{e}");
    }
}
