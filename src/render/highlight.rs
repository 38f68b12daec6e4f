//! Syntax highlighting of code blocks: syntect's TextMate grammars (bat's
//! syntax set, through two-face), each token mapped to one of a few code
//! roles ([`CodeRole`]) the way helix names its scopes, so every theme
//! colours code from its own `code.*` roles.
//!
//! Nothing is loaded until a code block is on screen (the syntax set sits
//! in a `OnceLock`, as bat keeps its assets). A block is highlighted from
//! its start, in bounded steps ([`Highlighter::step`]): syntect's parse
//! state is kept between steps, so a 50,000-line block is coloured a
//! screenful at a time, never holding a key; lines not reached yet are
//! drawn plain. Highlighting never changes where lines break.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use ratatui::style::{Color, Modifier, Style};
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};
use two_face::theme::EmbeddedLazyThemeSet;

use crate::model::document::{BlockKind, Document, NONE};
use crate::render::compose::Role;

/// What a token of code is, for its colour. A theme sets each as
/// `code.NAME`; one it leaves out falls back to `code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CodeRole {
    Comment,
    Keyword,
    String,
    Number,
    Constant,
    Function,
    Type,
    Variable,
    Operator,
    Punctuation,
    Tag,
    Attribute,
    Inserted,
    Deleted,
}

impl CodeRole {
    pub const ALL: [CodeRole; 14] = [
        CodeRole::Comment,
        CodeRole::Keyword,
        CodeRole::String,
        CodeRole::Number,
        CodeRole::Constant,
        CodeRole::Function,
        CodeRole::Type,
        CodeRole::Variable,
        CodeRole::Operator,
        CodeRole::Punctuation,
        CodeRole::Tag,
        CodeRole::Attribute,
        CodeRole::Inserted,
        CodeRole::Deleted,
    ];

    /// The role's name in a theme file.
    pub fn theme_role(self) -> &'static str {
        match self {
            CodeRole::Comment => "code.comment",
            CodeRole::Keyword => "code.keyword",
            CodeRole::String => "code.string",
            CodeRole::Number => "code.number",
            CodeRole::Constant => "code.constant",
            CodeRole::Function => "code.function",
            CodeRole::Type => "code.type",
            CodeRole::Variable => "code.variable",
            CodeRole::Operator => "code.operator",
            CodeRole::Punctuation => "code.punctuation",
            CodeRole::Tag => "code.tag",
            CodeRole::Attribute => "code.attribute",
            CodeRole::Inserted => "code.inserted",
            CodeRole::Deleted => "code.deleted",
        }
    }

    /// The role of a TextMate scope name, by its leading atoms (the most
    /// specific rule first), as helix's themes name TextMate's scopes.
    pub fn of_scope(scope: &str) -> Option<CodeRole> {
        const RULES: [(&str, CodeRole); 29] = [
            ("comment", CodeRole::Comment),
            ("punctuation.definition.comment", CodeRole::Comment),
            ("markup.inserted", CodeRole::Inserted),
            ("markup.deleted", CodeRole::Deleted),
            ("meta.diff.header.from-file", CodeRole::Deleted),
            ("meta.diff.header.to-file", CodeRole::Inserted),
            ("punctuation.definition.string", CodeRole::String),
            ("string", CodeRole::String),
            ("constant.numeric", CodeRole::Number),
            ("constant.character.escape", CodeRole::Constant),
            ("constant", CodeRole::Constant),
            ("keyword.operator", CodeRole::Operator),
            ("keyword", CodeRole::Keyword),
            // helix's `keyword.storage`: `let`, `fn`, `struct`, `static`.
            ("storage", CodeRole::Keyword),
            ("entity.name.function", CodeRole::Function),
            ("support.function", CodeRole::Function),
            ("variable.function", CodeRole::Function),
            ("meta.function-call", CodeRole::Function),
            ("entity.name.tag", CodeRole::Tag),
            ("entity.other.attribute-name", CodeRole::Attribute),
            ("meta.attribute", CodeRole::Attribute),
            ("entity.name.type", CodeRole::Type),
            ("entity.name.class", CodeRole::Type),
            ("entity.name.struct", CodeRole::Type),
            ("entity.name.enum", CodeRole::Type),
            ("entity.other.inherited-class", CodeRole::Type),
            ("support.type", CodeRole::Type),
            ("support.class", CodeRole::Type),
            ("variable", CodeRole::Variable),
        ];
        let atoms_match = |rule: &str| {
            scope
                .strip_prefix(rule)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
        };
        if let Some((_, role)) = RULES.iter().find(|(rule, _)| atoms_match(rule)) {
            return Some(*role);
        }
        // Entity names not matched above (a key in TOML or YAML) read as
        // names of things; punctuation last, so a string's quotes stay
        // with the string.
        if atoms_match("entity.name") {
            return Some(CodeRole::Type);
        }
        if atoms_match("punctuation") {
            return Some(CodeRole::Punctuation);
        }
        None
    }

    /// Whether `scope` marks a key of a mapping (a JSON object's key, a
    /// quoted TOML key): a string inside it is a key, coloured as TOML's
    /// and YAML's bare keys are (`code.tag`), not as a string value.
    /// `Some(false)`: a structure (a value, a nested mapping or list)
    /// that ends the search for a key outward.
    fn key_scope(scope: &str) -> Option<bool> {
        let atoms = |rule: &str| {
            scope
                .strip_prefix(rule)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
        };
        if atoms("meta.mapping.key") || atoms("meta.tag.key") {
            Some(true)
        } else if atoms("meta.mapping") || atoms("meta.sequence") {
            Some(false)
        } else {
            None
        }
    }
}

static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();

/// bat's syntaxes (with newlines), loaded the first time code is shown.
pub fn syntaxes() -> &'static SyntaxSet {
    SYNTAXES.get_or_init(two_face::syntax::extra_newlines)
}

/// Whether the syntaxes have been loaded (they are not until code shows).
pub fn loaded() -> bool {
    SYNTAXES.get().is_some()
}

static SCHEMES: OnceLock<EmbeddedLazyThemeSet> = OnceLock::new();

/// Whether the colour schemes (`code-theme`) have been read: not until
/// code is highlighted with one.
pub fn scheme_loaded() -> bool {
    SCHEMES.get().is_some()
}

/// The names of the colour schemes bundled with the engine (bat's
/// themes, through two-face), which `code-theme` may name.
pub fn scheme_names() -> impl Iterator<Item = &'static str> {
    EmbeddedLazyThemeSet::theme_names()
        .iter()
        .map(|n| n.as_name())
}

/// The bundled colour scheme called `name`, as [`scheme_names`] spells it
/// (letter case aside).
pub fn scheme_name(name: &str) -> Option<&'static str> {
    scheme_names().find(|n| n.eq_ignore_ascii_case(name))
}

/// A bundled colour scheme, read the first time it is used.
fn scheme(name: &str) -> Option<&'static syntect::highlighting::Theme> {
    let wanted = EmbeddedLazyThemeSet::theme_names()
        .iter()
        .find(|n| n.as_name().eq_ignore_ascii_case(name))?;
    Some(SCHEMES.get_or_init(two_face::theme::extra).get(*wanted))
}

/// A scheme's colour as the terminal takes it. bat's terminal schemes
/// (`ansi`, `base16`) write a palette index in `r` with alpha 0, and the
/// terminal's own colour as alpha 1.
fn scheme_colour(c: syntect::highlighting::Color) -> Option<Color> {
    const ANSI: [Color; 8] = [
        Color::Black,
        Color::Red,
        Color::Green,
        Color::Yellow,
        Color::Blue,
        Color::Magenta,
        Color::Cyan,
        Color::Gray,
    ];
    match c.a {
        0 => Some(
            ANSI.get(c.r as usize)
                .copied()
                .unwrap_or(Color::Indexed(c.r)),
        ),
        1 => None,
        _ => Some(Color::Rgb(c.r, c.g, c.b)),
    }
}

/// A scheme's style of a token: its foreground and font style (never its
/// background: the terminal's own shows through, as in bat).
fn scheme_style(s: syntect::highlighting::Style) -> Style {
    use syntect::highlighting::FontStyle;
    let mut style = Style::new();
    style.fg = scheme_colour(s.foreground);
    for (font, modifier) in [
        (FontStyle::BOLD, Modifier::BOLD),
        (FontStyle::ITALIC, Modifier::ITALIC),
        (FontStyle::UNDERLINE, Modifier::UNDERLINED),
    ] {
        if s.font_style.contains(font) {
            style = style.add_modifier(modifier);
        }
    }
    style
}

/// How a run of code is coloured: by the theme's role, or (with a
/// `code-theme`) by a style of the chosen scheme ([`Highlighter::style`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paint {
    Role(CodeRole),
    /// An index into the highlighter's scheme styles.
    Scheme(u16),
}

/// A `code-theme` in use: its scopes' styles, each kept once.
struct Scheme {
    highlighter: syntect::highlighting::Highlighter<'static>,
    styles: Vec<Style>,
    look: SchemeLook,
}

/// How a code block looks under a `code-theme`: the scheme's own
/// foreground on its own background, in place of the theme's `code`
/// role, so a scheme made for a light background is read on that
/// background whatever the theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SchemeLook {
    /// The block's text and background (the terminal's own where the
    /// scheme names none, as bat's `ansi` does).
    pub block: Style,
    /// Its language label and its `↪` and chop marks: the scheme's
    /// comment colour on the block's background.
    pub mark: Style,
}

impl Scheme {
    fn new(theme: &'static syntect::highlighting::Theme) -> Self {
        let highlighter = syntect::highlighting::Highlighter::new(theme);
        let colour = |c: Option<syntect::highlighting::Color>| {
            c.and_then(scheme_colour).unwrap_or(Color::Reset)
        };
        let block = Style::new()
            .fg(colour(theme.settings.foreground))
            .bg(colour(theme.settings.background));
        let comment = Scope::new("comment")
            .map(|c| scheme_style(highlighter.style_for_stack(&[c])))
            .unwrap_or_default();
        Scheme {
            highlighter,
            styles: Vec::new(),
            look: SchemeLook {
                block,
                mark: block.patch(comment),
            },
        }
    }
}

impl std::fmt::Debug for Scheme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scheme")
            .field("styles", &self.styles)
            .finish()
    }
}

/// The language word of a fence's info string, as written: its first word
/// (`rust,ignore` → `rust`, `{.python}` → `python`, `python title="x.py"`
/// → `python`), lowercased.
pub fn language_word(info: &str) -> String {
    let word = info
        .split(|c: char| c.is_whitespace() || c == ',' || c == '{' || c == '}')
        .find(|w| !w.trim_start_matches('.').is_empty())
        .unwrap_or("");
    word.trim_start_matches('.').to_ascii_lowercase()
}

/// The syntax for a fence's info string: by name, alias or file
/// extension; `None` (plain) for an unknown or missing language. Nothing
/// is guessed from the code itself.
pub fn syntax_for(info: &str) -> Option<&'static SyntaxReference> {
    let word = language_word(info);
    let token = match word.as_str() {
        "" | "text" | "txt" | "plain" | "plaintext" | "none" => return None,
        "sh" | "shell" | "console" | "shell-session" | "zsh" | "bash" | "shellsession" => "bash",
        "json5" | "jsonc" => "json",
        "yml" => "yaml",
        "golang" => "go",
        "c++" => "cpp",
        "py3" | "python3" => "python",
        "patch" => "diff",
        "jsx" => "js",
        "tsx" => "tsx",
        "dockerfile" => "Dockerfile",
        other => other,
    };
    let set = syntaxes();
    let found = set
        .find_syntax_by_token(token)
        .or_else(|| set.find_syntax_by_extension(token))?;
    (found.name != "Plain Text").then_some(found)
}

/// A coloured run of a code block: document bytes and how they look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: u32,
    pub end: u32,
    pub paint: Paint,
}

/// Lines longer than this are drawn plain, as editors leave the longest
/// lines untokenized (VS Code past 20,000 characters, vim past
/// `synmaxcol`): such a line is data (minified code, base64, a one-line
/// JSON dump), colouring it would cost seconds of work between keys, and
/// the parse goes on after it from the state before it, so one odd line
/// cannot miscolour the rest of the block.
pub const MAX_LINE: usize = 16 << 10;
/// Bytes of code one step parses at most. A line longer than this (up to
/// [`MAX_LINE`]) is parsed in pieces of at most this size, its parse state
/// carried from piece to piece. With oniguruma (release build) the Rust
/// grammar parses about 0.8 KB per millisecond and JavaScript's, the
/// slowest measured, 0.2: a step takes 2.5 to 10 ms, and a key waits at
/// most for the step under way plus the one it runs itself.
pub const STEP_BYTES: usize = 2 << 10;
/// Bytes of an over-long line one step looks through for its end (no
/// parsing, a `memchr`): a line of gigabytes is skipped in steps too.
const SKIP_BYTES: usize = 1 << 20;
/// Blocks kept highlighted; the ones furthest from the screen go first.
const KEPT_BLOCKS: usize = 64;

/// Where a block's highlighting stands within its current line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Within {
    /// At a line's start.
    LineStart,
    /// Inside a line being parsed in pieces.
    Piece,
    /// Inside a line left plain (too long, or a console block's output),
    /// looking for its end.
    Plain,
}

/// One block's highlighting so far.
#[derive(Debug)]
struct BlockState {
    syntax: &'static SyntaxReference,
    parse: ParseState,
    stack: ScopeStack,
    /// Document offset up to which the block is highlighted.
    done: usize,
    within: Within,
    /// A `console` block: only lines after a prompt are parsed (as shell),
    /// each on its own; the rest is output, left plain.
    console: bool,
    start: usize,
    end: usize,
    spans: Vec<Span>,
    /// How far down the block the screen reaches: highlighting stops there.
    wanted: usize,
}

impl BlockState {
    fn restart(&mut self) {
        self.parse = ParseState::new(self.syntax);
        self.stack = ScopeStack::new();
        self.done = self.start;
        self.within = Within::LineStart;
        self.spans.clear();
    }
}

/// The info-string words of a shell session (GitHub's and Pygments'
/// names): commands after a prompt, and their output.
pub fn is_console(word: &str) -> bool {
    matches!(
        word,
        "console" | "shell-session" | "shellsession" | "sh-session" | "bash-session"
    )
}

/// The length of the prompt a console line starts with (its prefix, the
/// prompt sign and the blanks after it), or `None` for a line of output.
/// As GitHub's shell-session grammar reads it: an optional prefix
/// (`user@host:~/dir`, `[user@host dir]`, `sh-3.2`), then one of
/// `$ # % > ❯ ➜` or a Greek letter (`λ`), then a blank; and, which GitHub
/// misses, a virtual environment's `(venv)` alone before the sign.
pub fn console_prompt(line: &str) -> Option<usize> {
    static PROMPT: OnceLock<regex::Regex> = OnceLock::new();
    let prompt = PROMPT.get_or_init(|| {
        regex::Regex::new(
            r"^(?:\(\S+\)\s*)?(?:(?:sh\S*?|\w+\S+[@:]\S+(?:\s+\S+)?|\[\S+?[@:][^\n]+?\].*?)\s*)?(?:[>$#%❯➜]|\p{Greek})[ \t]+",
        )
        .expect("a valid pattern")
    });
    // A prompt is short: look at the line's start only.
    let mut head = line.len().min(256);
    while !line.is_char_boundary(head) {
        head -= 1;
    }
    prompt.find(&line[..head]).map(|m| m.end())
}

/// The scopes a console prompt is painted with (GitHub's names).
fn prompt_stack() -> &'static ScopeStack {
    static STACK: OnceLock<ScopeStack> = OnceLock::new();
    STACK.get_or_init(|| {
        let mut stack = ScopeStack::new();
        for scope in [
            "text.shell-session",
            "punctuation.separator.prompt.shell-session",
        ] {
            if let Ok(scope) = Scope::new(scope) {
                stack.push(scope);
            }
        }
        stack
    })
}

/// Where to end a piece of a long line that starts at `from` and may take
/// `room` bytes: after the last blank or `,` `;` in the piece's last
/// quarter, so a cut rarely splits a word or a number; else at a character
/// boundary.
fn piece_end(text: &str, from: usize, room: usize) -> usize {
    let mut end = from + room;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let tail = from + room * 3 / 4;
    text.as_bytes()[tail.min(end)..end]
        .iter()
        .rposition(|b| matches!(b, b' ' | b'\t' | b',' | b';'))
        .map_or(end, |i| tail.min(end) + i + 1)
}

/// The code blocks' highlighting: what is done, and what the screen wants.
#[derive(Debug, Default)]
pub struct Highlighter {
    blocks: HashMap<usize, BlockState>,
    /// Blocks without a known language (so plain), remembered to skip them.
    plain: HashMap<usize, ()>,
    roles: HashMap<Scope, ScopeRole>,
    /// The chosen colour scheme (`code-theme`), if any: it colours code
    /// instead of the theme's roles. Read by the first step after a code
    /// block (of any language, or none) is on screen.
    scheme_name: Option<&'static str>,
    scheme: Option<Scheme>,
    /// A code block has been wanted since the last [`Highlighter::clear`].
    code_shown: bool,
    /// The scheme named has been read (or there is none to read).
    scheme_settled: bool,
    /// Steps taken so far (tests count them per key).
    pub steps: u64,
    /// Bytes parsed in the last step (at most [`STEP_BYTES`]).
    pub last_step_bytes: usize,
}

impl Highlighter {
    /// The style of a run: the theme's for its role (`role_style`), or the
    /// scheme's.
    pub fn style(&self, paint: Paint, role_style: impl Fn(CodeRole) -> Style) -> Style {
        match paint {
            Paint::Role(role) => role_style(role),
            Paint::Scheme(i) => self
                .scheme
                .as_ref()
                .and_then(|s| s.styles.get(i as usize))
                .copied()
                .unwrap_or_default(),
        }
    }

    /// How code blocks look under the `code-theme` in use, once its
    /// colours are read (by the step that follows a code block coming on
    /// screen, before that block is drawn); `None` without one: the
    /// theme's `code` role.
    pub fn scheme_look(&self) -> Option<SchemeLook> {
        self.scheme.as_ref().map(|s| s.look)
    }

    /// The style a code block's own segment is drawn with: its text and
    /// background (`Role::Code`), its label and marks (`Role::Label`),
    /// under the scheme in use; else (and for every other role) the
    /// theme's, `theme`.
    pub fn block_style(&self, role: Role, theme: Style) -> Style {
        match (role, self.scheme_look()) {
            (Role::Code, Some(look)) => look.block,
            (Role::Label, Some(look)) => look.mark,
            _ => theme,
        }
    }

    /// Forgets everything (a new or reloaded document).
    pub fn clear(&mut self) {
        self.blocks.clear();
        self.plain.clear();
        self.code_shown = false;
    }

    /// The screen shows `block` down to document offset `upto`: its
    /// highlighting is wanted that far.
    pub fn want(&mut self, doc: &Document, block: usize, upto: usize) {
        if self.plain.contains_key(&block) {
            return;
        }
        if let Some(state) = self.blocks.get_mut(&block) {
            state.wanted = state.wanted.max(upto);
            return;
        }
        let BlockKind::Code { lang } = doc.blocks[block].kind else {
            return;
        };
        self.code_shown = true;
        let info = (lang != NONE)
            .then(|| doc.langs.get(lang as usize))
            .flatten();
        let Some((syntax, info)) = info.and_then(|l| Some((syntax_for(l)?, l))) else {
            self.plain.insert(block, ());
            return;
        };
        if self.blocks.len() >= KEPT_BLOCKS {
            // Forget the block furthest from this one.
            if let Some(&far) = self.blocks.keys().max_by_key(|&&b| b.abs_diff(block)) {
                self.blocks.remove(&far);
            }
        }
        let range = doc.blocks[block].range();
        self.blocks.insert(
            block,
            BlockState {
                syntax,
                parse: ParseState::new(syntax),
                stack: ScopeStack::new(),
                done: range.start,
                within: Within::LineStart,
                console: is_console(&language_word(info)),
                start: range.start,
                end: range.end,
                spans: Vec::new(),
                wanted: upto,
            },
        );
    }

    /// True when a wanted part of a block is not highlighted yet, or code
    /// is on screen and the `code-theme`'s colours have not been read.
    pub fn pending(&self) -> bool {
        (self.code_shown && !self.scheme_settled)
            || self
                .blocks
                .values()
                .any(|s| s.done < s.end && s.done < s.wanted)
    }

    /// Parses at most [`STEP_BYTES`] of what is wanted, coloured by the
    /// theme's roles or, with `scheme`, by that bundled colour scheme (see
    /// [`scheme_names`]). Returns whether anything was done.
    pub fn step(&mut self, doc: &Document, scheme: Option<&str>) -> bool {
        let wanted = scheme.and_then(scheme_name);
        if wanted != self.scheme_name {
            // Painted another way: every block again, from its start.
            self.scheme_name = wanted;
            self.scheme = None;
            self.scheme_settled = false;
            for state in self.blocks.values_mut() {
                state.restart();
            }
        }
        // The scheme's colours are read once code shows, whatever its
        // language: a plain block takes the scheme's background too.
        let mut read_scheme = false;
        if self.code_shown && !self.scheme_settled {
            self.scheme_settled = true;
            if let Some(theme) = self.scheme_name.and_then(self::scheme) {
                self.scheme = Some(Scheme::new(theme));
                read_scheme = true;
            }
        }
        let Some((&block, _)) = self
            .blocks
            .iter()
            .filter(|(_, s)| s.done < s.end && s.done < s.wanted)
            .min_by_key(|(b, _)| **b)
        else {
            return read_scheme;
        };
        self.steps += 1;
        let set = syntaxes();
        let text = doc.text();
        let mut paint = Painter {
            roles: &mut self.roles,
            scheme: self.scheme.as_mut(),
        };
        let Some(state) = self.blocks.get_mut(&block) else {
            return false;
        };
        let mut budget = 0;
        let mut skipped = 0;
        let mut piece = String::new();
        while state.done < state.end
            && state.done < state.wanted
            && budget < STEP_BYTES
            && skipped < SKIP_BYTES
        {
            let from = state.done;
            let bytes = &text.as_bytes()[from..state.end];
            if state.within == Within::Plain {
                // Look for the end of a line left plain.
                let look = bytes.len().min(SKIP_BYTES - skipped);
                match memchr::memchr(b'\n', &bytes[..look]) {
                    Some(i) => {
                        state.done = from + i + 1;
                        state.within = Within::LineStart;
                        skipped += i + 1;
                    }
                    None => {
                        state.done = from + look;
                        skipped += look;
                    }
                }
                continue;
            }
            // The line's end, looked for no further than a line may reach.
            let look = bytes.len().min(MAX_LINE + 1);
            let line_end = memchr::memchr(b'\n', &bytes[..look]).map(|i| from + i);
            if state.within == Within::LineStart {
                let end = line_end.unwrap_or(state.end);
                if line_end.is_none() && look < bytes.len() {
                    // Longer than MAX_LINE: plain, the parse going on after
                    // it from the state before it.
                    state.within = Within::Plain;
                    continue;
                }
                if state.console {
                    let Some(prompt) = console_prompt(&text[from..end]) else {
                        // Output: plain.
                        state.within = Within::Plain;
                        continue;
                    };
                    // Each command is read on its own, as GitHub does.
                    state.parse = ParseState::new(state.syntax);
                    state.stack = ScopeStack::new();
                    let sign = text[from..from + prompt].trim_end().len();
                    push_span(
                        &mut state.spans,
                        &mut paint,
                        prompt_stack(),
                        from,
                        from + sign,
                    );
                    state.done = from + prompt;
                    state.within = Within::Piece;
                    continue;
                }
            }
            let end = line_end.unwrap_or(state.end);
            let room = STEP_BYTES - budget;
            // The rest of the line, with its newline, if it fits the step.
            let whole = end - from < room;
            if !whole && budget > 0 {
                // The rest waits for the next step, which may cut it.
                break;
            }
            let cut = if whole {
                end
            } else {
                piece_end(text, from, room.min(end - from))
            };
            piece.clear();
            piece.push_str(&text[from..cut]);
            if whole {
                // Grammars with newlines expect each line to end with one.
                piece.push('\n');
            }
            budget += piece.len();
            state.done = if !whole {
                cut
            } else if end < state.end {
                end + 1
            } else {
                state.end
            };
            state.within = if whole {
                Within::LineStart
            } else {
                Within::Piece
            };
            let Ok(ops) = state.parse.parse_line(&piece, set) else {
                // A grammar the regex engine cannot run: the rest is plain.
                state.done = state.end;
                break;
            };
            let mut at = 0;
            for (pos, op) in ops {
                let pos = pos.min(cut - from);
                push_span(
                    &mut state.spans,
                    &mut paint,
                    &state.stack,
                    from + at,
                    from + pos,
                );
                at = pos;
                if state.stack.apply(&op).is_err() {
                    state.done = state.end;
                    break;
                }
            }
            push_span(&mut state.spans, &mut paint, &state.stack, from + at, cut);
        }
        self.last_step_bytes = budget;
        true
    }

    /// The coloured runs that overlap document bytes `range` (within one
    /// code block).
    pub fn spans(&self, range: Range<usize>) -> &[Span] {
        let Some(state) = self
            .blocks
            .values()
            .find(|s| s.start <= range.start && range.start < s.end)
        else {
            return &[];
        };
        let spans = &state.spans;
        let from = spans.partition_point(|s| (s.end as usize) <= range.start);
        let to = spans.partition_point(|s| (s.start as usize) < range.end);
        &spans[from..to.max(from)]
    }
}

/// What a scope tells the role painting: its role, and whether it is a
/// mapping's key ([`CodeRole::key_scope`]).
#[derive(Debug, Clone, Copy)]
struct ScopeRole {
    role: Option<CodeRole>,
    key: Option<bool>,
}

/// What colours a run: the role cache, or the scheme in use.
struct Painter<'a> {
    /// Each scope's role, cached.
    roles: &'a mut HashMap<Scope, ScopeRole>,
    scheme: Option<&'a mut Scheme>,
}

impl Painter<'_> {
    /// How code under `stack` looks: the role of its innermost scope that
    /// has one, or the scheme's style for the whole stack; `None`: plain.
    fn paint(&mut self, stack: &ScopeStack) -> Option<Paint> {
        if let Some(scheme) = self.scheme.as_deref_mut() {
            let style = scheme_style(scheme.highlighter.style_for_stack(stack.as_slice()));
            let i = match scheme.styles.iter().position(|s| *s == style) {
                Some(i) => i,
                None => {
                    scheme.styles.push(style);
                    scheme.styles.len() - 1
                }
            };
            return u16::try_from(i).ok().map(Paint::Scheme);
        }
        let roles = &mut *self.roles;
        let mut of = |scope: &Scope| {
            *roles.entry(*scope).or_insert_with(|| {
                let name = scope.build_string();
                ScopeRole {
                    role: CodeRole::of_scope(&name),
                    key: CodeRole::key_scope(&name),
                }
            })
        };
        // The innermost scope with a role decides, but a string inside a
        // mapping's key is a key (JSON's keys and values are both strings).
        let scopes = stack.as_slice();
        let (at, role) = scopes
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, scope)| of(scope).role.map(|r| (i, r)))?;
        if role == CodeRole::String {
            for scope in scopes[..at].iter().rev() {
                match of(scope).key {
                    Some(true) => return Some(Paint::Role(CodeRole::Tag)),
                    Some(false) => break,
                    None => {}
                }
            }
        }
        Some(Paint::Role(role))
    }
}

/// Adds a run for `start..end` painted as `stack` says.
fn push_span(
    spans: &mut Vec<Span>,
    painter: &mut Painter,
    stack: &ScopeStack,
    start: usize,
    end: usize,
) {
    if start >= end {
        return;
    }
    let Some(paint) = painter.paint(stack) else {
        return;
    };
    let (start, end) = (start as u32, end as u32);
    match spans.last_mut() {
        Some(last) if last.end == start && last.paint == paint => last.end = end,
        _ => spans.push(Span { start, end, paint }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fence_info_strings_resolve_to_a_language() {
        for (info, name) in [
            ("rust", Some("Rust")),
            ("Rust", Some("Rust")),
            ("rs", Some("Rust")),
            ("rust,ignore", Some("Rust")),
            ("{.python}", Some("Python")),
            ("python title=\"x.py\"", Some("Python")),
            ("py", Some("Python")),
            ("sh", Some("Bourne Again Shell (bash)")),
            ("shell", Some("Bourne Again Shell (bash)")),
            ("console", Some("Bourne Again Shell (bash)")),
            // bat's Babel grammar, which oniguruma runs (fancy-regex could not).
            ("js", Some("JavaScript (Babel)")),
            ("ts", Some("TypeScript")),
            ("yml", Some("YAML")),
            ("json5", Some("JSON")),
            ("toml", Some("TOML")),
            ("go", Some("Go")),
            ("c", Some("C")),
            ("diff", Some("Diff")),
            ("nosuchlanguage", None),
            ("", None),
            ("text", None),
        ] {
            assert_eq!(syntax_for(info).map(|s| s.name.as_str()), name, "{info}");
        }
    }

    #[test]
    fn console_prompts_are_read_as_githubs_shell_session_grammar_reads_them() {
        for (line, prompt) in [
            ("$ ls -la", Some("$ ")),
            ("# apt-get install x", Some("# ")),
            ("% make", Some("% ")),
            ("> continued line", Some("> ")),
            ("❯ cargo test", Some("❯ ")),
            ("λ stack build", Some("λ ")),
            ("user@host:~/src$ rg x", Some("user@host:~/src$ ")),
            ("[user@host dir]$ ls", Some("[user@host dir]$ ")),
            ("sh-3.2$ echo", Some("sh-3.2$ ")),
            ("(venv) $ pip install x", Some("(venv) $ ")),
            ("$", None),
            ("$HOME is set", None),
            ("Compiling foo v0.1.0", None),
            ("   Finished release", None),
            ("", None),
        ] {
            assert_eq!(console_prompt(line).map(|n| &line[..n]), prompt, "{line:?}");
        }
    }

    /// The role each piece of `code` (one line) is painted with.
    fn painted(lang: &str, code: &str) -> Vec<(String, Option<CodeRole>)> {
        let source = format!("```{lang}\n{code}\n```\n");
        let doc = crate::load::parse_markdown("t.md", "t", &source).expect("loads");
        let block = (0..doc.blocks.len())
            .find(|&b| matches!(doc.blocks[b].kind, BlockKind::Code { .. }))
            .expect("a code block");
        let mut h = Highlighter::default();
        h.want(&doc, block, usize::MAX);
        while h.pending() {
            h.step(&doc, None);
        }
        let range = doc.blocks[block].range();
        h.spans(range)
            .iter()
            .map(|s| {
                let role = match s.paint {
                    Paint::Role(r) => Some(r),
                    Paint::Scheme(_) => None,
                };
                (
                    doc.text()[s.start as usize..s.end as usize].to_string(),
                    role,
                )
            })
            .collect()
    }

    #[test]
    fn a_mappings_keys_are_not_coloured_as_its_string_values() {
        let role_of = |spans: &[(String, Option<CodeRole>)], text: &str| {
            spans
                .iter()
                .find(|(t, _)| t == text)
                .unwrap_or_else(|| panic!("{text:?} in {spans:?}"))
                .1
        };
        // JSON: keys and string values are both strings to the grammar.
        let json = painted("json", r#"{"name": "x", "deps": {"serde": "1"}, "n": [1]}"#);
        for key in [r#""name""#, r#""deps""#, r#""serde""#, r#""n""#] {
            assert_eq!(
                role_of(&json, key),
                Some(CodeRole::Tag),
                "{key} in {json:?}"
            );
        }
        for value in [r#""x""#, r#""1""#] {
            assert_eq!(role_of(&json, value), Some(CodeRole::String), "{value}");
        }
        // The same as TOML's and YAML's keys, bare or quoted.
        let toml = painted("toml", r#"name = "x""#);
        assert_eq!(role_of(&toml, "name"), Some(CodeRole::Tag), "{toml:?}");
        assert_eq!(role_of(&toml, r#""x""#), Some(CodeRole::String), "{toml:?}");
        let quoted = painted("toml", r#""a b" = "x""#);
        assert_eq!(
            role_of(&quoted, r#""a b""#),
            Some(CodeRole::Tag),
            "{quoted:?}"
        );
        let yaml = painted("yaml", "name: x");
        assert_eq!(role_of(&yaml, "name"), Some(CodeRole::Tag), "{yaml:?}");
    }

    #[test]
    fn scopes_map_to_roles_by_their_leading_atoms() {
        for (scope, role) in [
            ("comment.line.double-slash.rust", Some(CodeRole::Comment)),
            ("keyword.control.rust", Some(CodeRole::Keyword)),
            ("keyword.operator.arithmetic.rust", Some(CodeRole::Operator)),
            ("string.quoted.double.rust", Some(CodeRole::String)),
            (
                "constant.numeric.integer.decimal.rust",
                Some(CodeRole::Number),
            ),
            ("constant.language.rust", Some(CodeRole::Constant)),
            ("entity.name.function.rust", Some(CodeRole::Function)),
            ("storage.type.rust", Some(CodeRole::Keyword)),
            ("storage.modifier.rust", Some(CodeRole::Keyword)),
            ("markup.inserted.diff", Some(CodeRole::Inserted)),
            ("markup.deleted.diff", Some(CodeRole::Deleted)),
            ("punctuation.separator.rust", Some(CodeRole::Punctuation)),
            ("entity.name.tag.html", Some(CodeRole::Tag)),
            ("source.rust", None),
            ("keywordish", None),
        ] {
            assert_eq!(CodeRole::of_scope(scope), role, "{scope}");
        }
    }
}
