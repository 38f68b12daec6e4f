//! The command line: options (clap derive) and the non-interactive modes.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{CommandFactory, Parser};

use crate::load::{self, DEFAULT_MAX_SIZE, Input};
use crate::model::document::Document;
use crate::render::print;
use crate::shell::tui::RestOf;
use crate::text::diagnostic::{Diagnostic, cut, cut_list, cut_quoted};

/// A terminal reader for Markdown and camp-reader's own TOML documents.
///
/// With no FILE, reads standard input when it is a pipe or a file, else
/// opens the embedded article "Camp Ashraf 3" (`< /dev/null` gives it to a
/// script). When standard output is not a terminal, prints the document as
/// plain text (like --print).
#[derive(Debug, Parser)]
#[command(name = "camp-reader", version, about, long_about)]
pub struct Cli {
    /// Document to read (TOML or Markdown); `-` reads standard input. A
    /// folder, or several files, are read as one book.
    pub file: Option<PathBuf>,

    /// More documents: with FILE, read as one book, in this order.
    #[arg(value_name = "MORE")]
    pub more: Vec<PathBuf>,

    /// Print every place in the book (the folder or files given) that
    /// links to FILE: its document, section and link text, one a line.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["toc", "print", "check", "to_markdown", "to_toml"])]
    pub backlinks: Option<PathBuf>,

    /// Read the document as this format (default: by its extension, else
    /// by its content).
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<load::Format>,

    /// Print the outline, one section a line, and exit.
    #[arg(long, conflicts_with_all = ["print", "check"])]
    pub toc: bool,

    /// Print the document as plain wrapped text and exit.
    #[arg(long, conflicts_with = "check")]
    pub print: bool,

    /// Validate the document, print a one-line summary and exit.
    #[arg(long)]
    pub check: bool,

    /// Write the document (TOML) as Markdown to standard output and exit.
    #[arg(long, conflicts_with_all = ["toc", "print", "check", "to_toml"])]
    pub to_markdown: bool,

    /// Write the document (Markdown) as a camp-reader TOML document to
    /// standard output and exit.
    #[arg(long, conflicts_with_all = ["toc", "print", "check"])]
    pub to_toml: bool,

    /// Wrap printed text at N columns (default: the terminal's width up to
    /// the reader's measure, or 80).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub width: Option<u16>,

    /// Open at (or print, or --toc, only) this section, by id, title or number, else
    /// by the single best fuzzy match of the titles.
    #[arg(long, value_name = "ID|TITLE")]
    pub section: Option<String>,

    /// Open at the first match of QUERY with highlights on; with --print,
    /// print only the paragraphs that match, under their section.
    #[arg(long, value_name = "QUERY", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub search: Option<String>,

    /// Treat --search QUERY as a regular expression.
    #[arg(long, requires = "search")]
    pub regex: bool,

    /// Web and mail links as terminal hyperlinks (OSC 8), in the reader and
    /// in --print: auto (when the output is a terminal and TERM is not dumb
    /// or linux), always, never.
    #[arg(long, value_name = "WHEN")]
    pub hyperlinks: Option<crate::settings::config::Hyperlinks>,

    /// Colours in --print (the reader's theme, code highlighting
    /// included, as SGR sequences): auto (when standard output is a
    /// terminal and NO_COLOR is not set), always, never.
    #[arg(long, value_name = "WHEN")]
    pub color: Option<crate::settings::config::ColorWhen>,

    /// Section numbers before headings, in the reader, --toc and --print:
    /// auto (TOML documents numbered, Markdown not), always, never.
    #[arg(long, value_name = "WHEN")]
    pub numbers: Option<crate::model::document::Numbers>,

    /// Chop mode, as less -S: lines of code, HTML and tables wider than the
    /// pane are cut at its edge and scroll sideways (Left, Right) instead
    /// of going on after ↪ (S toggles it). --print never chops.
    #[arg(long)]
    pub chop: bool,

    /// Leave mouse reporting off, so the terminal's own selection works.
    #[arg(long)]
    pub no_mouse: bool,

    /// Do not reload the document when its file changes.
    #[arg(long)]
    pub no_watch: bool,

    /// Print a shell completion script (bash, zsh, fish, elvish, powershell) and exit.
    #[arg(long, value_name = "SHELL")]
    pub completions: Option<clap_complete::Shell>,

    /// Print the manual page (roff) and exit.
    #[arg(long)]
    pub man: bool,

    /// Colours: dark, light, high-contrast, terminal (its own colours
    /// only), or a theme of your own saved as
    /// $XDG_CONFIG_HOME/camp-reader/themes/NAME.toml.
    #[arg(long, value_name = "NAME", value_parser = theme_name)]
    pub theme: Option<String>,

    /// Colour code with a colour scheme bundled with the highlighter
    /// (such as "Monokai Extended") instead of the theme's code roles.
    #[arg(long, value_name = "NAME", value_parser = code_theme_name)]
    pub code_theme: Option<String>,

    /// List the themes (built-in and your own) and the code themes, and exit.
    #[arg(long)]
    pub list_themes: bool,

    /// Print a theme as a theme file (a start for one of your own) and exit.
    #[arg(long, value_name = "NAME", value_parser = theme_name)]
    pub print_theme: Option<String>,

    /// Config file to use instead of $XDG_CONFIG_HOME/camp-reader/config.toml.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Print the default config file, with comments, and exit.
    #[arg(long)]
    pub print_config: bool,

    /// Print the JSON Schema of the TOML document format, for editors, and exit.
    #[arg(long)]
    pub print_schema: bool,

    /// Open at the top, not where you left the document.
    #[arg(long)]
    pub from_start: bool,

    /// Neither read nor write the remembered reading positions and marks.
    #[arg(long)]
    pub no_state: bool,

    /// Refuse documents larger than this many bytes (at most 4294967295:
    /// offsets into a document are 32-bit).
    #[arg(
        long,
        value_name = "BYTES",
        default_value_t = DEFAULT_MAX_SIZE,
        value_parser = clap::value_parser!(u64).range(..=crate::model::document::MAX_ADDRESSABLE)
    )]
    pub max_size: u64,
}

/// A theme's name: a built-in theme or a file in the themes folder (its
/// content is read later, and its mistakes reported with their place).
fn theme_name(name: &str) -> Result<String, String> {
    use crate::settings::theme::{ThemeName, themes_dir, unknown_theme, user_theme_names};
    let user = user_theme_names(themes_dir(|k| std::env::var_os(k)).as_deref());
    if ThemeName::from_name(name).is_some() || user.iter().any(|u| u == name) {
        Ok(name.to_string())
    } else {
        Err(unknown_theme(name, &user))
    }
}

/// A bundled colour scheme's name, as `--list-themes` spells it (letter
/// case aside).
fn code_theme_name(name: &str) -> Result<String, String> {
    crate::render::highlight::scheme_name(name)
        .map(str::to_string)
        .ok_or_else(crate::settings::theme::unknown_code_theme)
}

/// What the program does after parsing its arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    PrintConfig,
    PrintTheme,
    ListThemes,
    PrintSchema,
    Completions,
    Man,
    Toc,
    Print,
    Check,
    ToMarkdown,
    ToToml,
    Interactive,
}

impl Cli {
    /// The command line of this process, as clap parses it.
    pub fn from_env() -> Result<Cli, clap::Error> {
        Cli::parse_args(std::env::args_os())
    }

    /// `args` (the program's name first) as clap parses them. The common
    /// command lines, no argument or a document's name, are read without
    /// building clap's command, which took a tenth of a millisecond before
    /// the first frame (`examples/first-frame.rs`); a test checks the value
    /// is clap's.
    pub fn parse_args(
        args: impl IntoIterator<Item = std::ffi::OsString>,
    ) -> Result<Cli, clap::Error> {
        let args: Vec<std::ffi::OsString> = args.into_iter().collect();
        match Cli::plain(&args) {
            Some(cli) => Ok(cli),
            None => Cli::try_parse_from(args),
        }
    }

    /// `args` read without clap when they are the program's name alone or
    /// followed by one document name: nothing that clap could take for an
    /// option (a leading `-`, `-` itself) and nothing empty.
    pub fn plain(args: &[std::ffi::OsString]) -> Option<Cli> {
        let file = match args {
            [_] => None,
            [_, file] if !file.is_empty() && !file.as_encoded_bytes().starts_with(b"-") => {
                Some(PathBuf::from(file))
            }
            _ => return None,
        };
        Some(Cli {
            file,
            more: Vec::new(),
            backlinks: None,
            format: None,
            toc: false,
            print: false,
            check: false,
            to_markdown: false,
            to_toml: false,
            width: None,
            section: None,
            search: None,
            regex: false,
            hyperlinks: None,
            color: None,
            numbers: None,
            chop: false,
            no_mouse: false,
            no_watch: false,
            completions: None,
            man: false,
            theme: None,
            code_theme: None,
            list_themes: false,
            print_theme: None,
            config: None,
            print_config: false,
            print_schema: false,
            from_start: false,
            no_state: false,
            max_size: DEFAULT_MAX_SIZE,
        })
    }

    pub fn mode(&self, stdout_is_terminal: bool) -> Mode {
        if self.print_config {
            Mode::PrintConfig
        } else if self.print_theme.is_some() {
            Mode::PrintTheme
        } else if self.list_themes {
            Mode::ListThemes
        } else if self.print_schema {
            Mode::PrintSchema
        } else if self.completions.is_some() {
            Mode::Completions
        } else if self.man {
            Mode::Man
        } else if self.to_markdown {
            Mode::ToMarkdown
        } else if self.to_toml {
            Mode::ToToml
        } else if self.toc {
            Mode::Toc
        } else if self.check {
            Mode::Check
        } else if self.print || !stdout_is_terminal {
            Mode::Print
        } else {
            Mode::Interactive
        }
    }

    /// Where the document comes from: FILE (`-`: standard input); with no
    /// FILE, standard input when it is a pipe or a regular file, as less
    /// and bat read it, else the embedded article.
    pub fn input(&self) -> Input {
        match &self.file {
            None if crate::sys::streams::stdin_holds_document() => Input::Stdin,
            file => Input::from_arg(file.as_deref()),
        }
    }

    /// The book the arguments name: a folder, or several files (one file
    /// is a document, read as ever).
    pub fn book(&self) -> Option<load::book::BookSource> {
        use load::book::BookSource;
        let file = self.file.as_ref()?;
        if !self.more.is_empty() {
            let mut files = vec![file.clone()];
            files.extend(self.more.iter().cloned());
            return Some(BookSource::Files(files));
        }
        (file.as_os_str() != "-" && file.is_dir()).then(|| BookSource::Dir(file.clone()))
    }
}

/// An error that ends the program with status 2 and a message on stderr.
#[derive(Debug)]
pub enum Failure {
    /// A located error in the document or the config file.
    Load(Diagnostic),
    Usage(String),
    Io(String),
    /// `--print --search` found nothing (exit status 1, like grep).
    NoMatch(String),
    /// Errors already put in words, one or more (`--check` on a book).
    Reported(String),
    /// What `--check` found wrong in a document it read (broken links),
    /// in words: exit status 1, as grep's "not found" and a lint's finding.
    Findings(String),
}

impl Failure {
    /// The failure as written on stderr: `camp-reader: ` and the message,
    /// but for findings and errors already put in words, whose every line
    /// starts with its file (`notes.md:3:15: broken link …`), one shape
    /// for every line, as compilers write theirs: an editor's quickfix
    /// (`%f:%l:%c`) reads each.
    pub fn stderr_text(&self) -> String {
        match self {
            Failure::Reported(m) | Failure::Findings(m) => message(m),
            _ => message(&format!("camp-reader: {self}")),
        }
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::NoMatch(_) | Failure::Findings(_) => 1,
            _ => 2,
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Load(e) => write!(f, "{e}"),
            Failure::Usage(m)
            | Failure::Io(m)
            | Failure::NoMatch(m)
            | Failure::Reported(m)
            | Failure::Findings(m) => f.write_str(m),
        }
    }
}

impl From<crate::settings::theme::ThemeError> for Failure {
    fn from(e: crate::settings::theme::ThemeError) -> Self {
        use crate::settings::theme::ThemeError;
        match e {
            ThemeError::Unknown(m) => Failure::Usage(m),
            ThemeError::File(d) => Failure::Load(d),
        }
    }
}

impl From<Diagnostic> for Failure {
    fn from(e: Diagnostic) -> Self {
        Failure::Load(e)
    }
}

/// Resolves `--section`: an id, title or number that matches exactly,
/// else the single best fuzzy match of the titles (the go-to prompt's
/// matcher). Several equally good matches, or none, are an error naming
/// the candidates.
pub fn resolve_section(doc: &Document, key: Option<&str>) -> Result<Option<usize>, Failure> {
    let Some(key) = key else { return Ok(None) };
    // A title that several sections have (each document of a book its
    // "Usage") names none of them: the candidates by id, which is unique.
    let trimmed = key.trim();
    if doc.section_with_id(trimmed).is_none() {
        let lower = trimmed.to_lowercase();
        let all = 0..doc.sections.len();
        let mut same: Vec<usize> = all
            .clone()
            .filter(|&i| doc.section_title(i) == trimmed)
            .collect();
        if same.is_empty() {
            same = all
                .filter(|&i| doc.section_title(i).to_lowercase() == lower)
                .collect();
        }
        if same.len() > 1 {
            let candidates = same
                .iter()
                .map(|&i| format!("{} ({})", doc.section_id(i), doc.section_title(i)));
            return Err(Failure::Usage(format!(
                "{:?} is the title of {} sections: {} (give the id)",
                cut(trimmed),
                same.len(),
                cut_list(candidates, ", ")
            )));
        }
    }
    if let Some(section) = doc.find_section(key) {
        return Ok(Some(section));
    }
    // `#features` copied from an address is matched as `features`.
    let key = key.trim().strip_prefix('#').unwrap_or(key);
    let scored = crate::find::search::fuzzy_scores(doc, key);
    let Some(&(best, top)) = scored.first() else {
        let ids = (0..doc.sections.len()).map(|i| doc.section_id(i));
        return Err(Failure::Usage(format!(
            "no section with id or title {:?} (ids: {})",
            cut(key),
            cut_list(ids, ", ")
        )));
    };
    let tied = scored
        .iter()
        .take_while(|&&(_, score)| score == top)
        .count();
    if tied == 1 {
        return Ok(Some(best));
    }
    let candidates = scored[..tied]
        .iter()
        .map(|&(i, _)| format!("{} {}", doc.section_number(i), doc.section_title(i)));
    Err(Failure::Usage(format!(
        "{:?} could be any of {tied} sections: {} (give the id, title or number)",
        cut(key),
        cut_list(candidates, ", ")
    )))
}

/// Runs a non-interactive mode, writing to standard output.
pub fn run_batch(
    cli: &Cli,
    config: &crate::settings::config::Config,
    mode: Mode,
    mut doc: Document,
) -> Result<(), Failure> {
    doc.set_numbers(cli.numbers.unwrap_or(config.numbers));
    let text = batch_text(cli, config, mode, &doc)?;
    warn(doc.load_warning.as_deref());
    crate::sys::streams::write_stdout(text.as_bytes()).map_err(Failure::Io)
}

/// A warning about the document (invalid UTF-8 shown as U+FFFD), once,
/// on stderr: the output is still made and the exit status stays 0.
pub(crate) fn warn(warning: Option<&str>) {
    if let Some(warning) = warning {
        let text = format!("camp-reader: warning: {warning}");
        let _ = std::io::stderr().write_all(message(&text).as_bytes());
    }
}

/// `--check` on one document: it read (or the load failed before this),
/// so its links: each that leads nowhere is reported at the place it is
/// written (`name:line:col`, a reference link where it is used), and the summary then counts
/// them (exit status 1, as a lint's finding; a document that cannot be
/// read is status 2).
fn check_text(cli: &Cli, doc: &Document) -> Result<String, Failure> {
    use crate::shell::linkcheck::{broken_links, look_on_disk, open_on_disk, places_of};
    let input = cli.input();
    let name = input.display_name();
    let base = match &input {
        Input::File(path) => std::fs::canonicalize(path)
            .unwrap_or_else(|_| path.clone())
            .parent()
            .map(std::path::Path::to_path_buf),
        _ => None,
    };
    let broken = broken_links(doc, base.as_deref(), &look_on_disk, &|p| {
        open_on_disk(p, cli.max_size)
    });
    let summary = format!("{name}: ok: {}", print::summary(doc));
    if broken.is_empty() {
        return Ok(format!("{summary}\n"));
    }
    // The source again, for the places (only now: a document with no
    // broken link is read once). Read as the loader reads, within the
    // size limit; without it, the links are reported without places.
    let source = match &input {
        Input::File(path) => crate::sys::textfile::read_document_file(
            path,
            &name,
            cli.max_size,
            crate::sys::textfile::Fifo::Refuse,
        )
        .ok(),
        _ => None,
    };
    let links: Vec<usize> = broken.iter().map(|b| b.link).collect();
    let places = source
        .as_ref()
        .map(|s| places_of(doc, &s.text, &links))
        .unwrap_or_default();
    let mut text = String::new();
    for (i, b) in broken.iter().enumerate() {
        let message = b.message(doc.link_target(b.link));
        match places.get(i).copied().flatten() {
            Some((line, col)) => text.push_str(&format!("{name}:{line}:{col}: {message}\n")),
            None => text.push_str(&format!("{name}: {message}\n")),
        }
    }
    let n = broken.len();
    text.push_str(&format!(
        "{name}: read, but {n} broken link{}",
        if n == 1 { "" } else { "s" }
    ));
    Err(Failure::Findings(text))
}

/// What a non-interactive mode prints.
pub fn batch_text(
    cli: &Cli,
    config: &crate::settings::config::Config,
    mode: Mode,
    doc: &Document,
) -> Result<String, Failure> {
    let section = resolve_section(doc, cli.section.as_deref())?;
    Ok(match mode {
        Mode::Toc => print::toc(doc, section),
        Mode::Check => check_text(cli, doc)?,
        Mode::Completions
        | Mode::Man
        | Mode::PrintConfig
        | Mode::PrintTheme
        | Mode::ListThemes
        | Mode::PrintSchema => generated_text(cli)?,
        Mode::ToMarkdown | Mode::ToToml => convert_text(cli, mode)?,
        Mode::Print | Mode::Interactive => {
            let width = print_width(cli.width, terminal_cols(), config.measure);
            let (links, theme) = print_look(cli, config)?;
            let dress = print::Dress {
                links,
                paint: theme.as_ref().map(|t| t as &dyn print::Paint),
            };
            match &cli.search {
                None => print::print_dressed(doc, section, width, dress),
                Some(query) => {
                    let matcher = crate::find::search::Matcher::new(query, cli.regex)
                        .map_err(Failure::Usage)?;
                    // The blocks with matches, without keeping every match.
                    let matches = matcher
                        .map(|m| crate::find::matches::MatchList::search(doc, &m))
                        .unwrap_or_default();
                    let (text, blocks) =
                        print::print_matches(doc, matches.blocks(), section, width, dress);
                    if blocks == 0 {
                        return Err(Failure::NoMatch(format!("no match for {:?}", cut(query))));
                    }
                    text
                }
            }
        }
    })
}

/// What `--print` adds to plain text: whether links are hyperlinks, and
/// the theme whose colours it writes (`None`: no colour), from the
/// options, the config and the environment.
pub fn print_look(
    cli: &Cli,
    config: &crate::settings::config::Config,
) -> Result<(bool, Option<crate::settings::theme::Theme>), Failure> {
    let var = |k: &str| std::env::var_os(k);
    let term = std::env::var("TERM").ok();
    let terminal = std::io::stdout().is_terminal();
    let links = cli
        .hyperlinks
        .unwrap_or(config.hyperlinks)
        .enabled(terminal, term.as_deref());
    let colour = cli.color.unwrap_or(config.color).enabled(
        terminal,
        crate::settings::theme::no_color_requested(var),
        term.as_deref(),
    );
    let theme = if colour {
        Some(chosen_theme(cli, config, var)?)
    } else {
        None
    };
    Ok((links, theme))
}

/// A message for stderr, every line through the sanitizer, ending in a
/// newline: whatever went into it (an argument, a file name, a value from
/// a file), no control or bidi character reaches the terminal.
pub fn message(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 1);
    for line in text.trim_end_matches('\n').split('\n') {
        out.push_str(&crate::text::sanitize::sanitize(
            line.trim_end_matches('\r'),
        ));
        out.push('\n');
    }
    out
}

/// clap's own endings: `--help` and `--version` (to stdout, status 0) and
/// usage errors (to stderr, status 2). Written here rather than by clap so
/// an argument echoed in an error goes through the sanitizer and a failed
/// write is an error. Returns the exit status.
pub fn clap_exit(e: &clap::Error) -> u8 {
    if e.use_stderr() {
        // clap's plain rendering strips escape sequences, so a hostile
        // argument would be shown as a different, clean name (`'b.toml'`
        // for a file whose name hides an OSC). The same error from an
        // unstyled command, rendered raw, has no codes of clap's own and
        // keeps the argument as typed: the sanitizer then shows its
        // controls in `^[` notation. Parsing is a function of the
        // arguments, so this is the error `e` is.
        let plain = Cli::command()
            .styles(clap::builder::Styles::plain())
            .try_get_matches_from(std::env::args_os())
            .err()
            .filter(|p| p.kind() == e.kind());
        let rendered = match plain {
            Some(p) => p.render().ansi().to_string(),
            None => e.render().to_string(),
        };
        // clap echoes a bad argument whole: cut it like any echoed value.
        let text: Vec<String> = rendered.lines().map(cut_quoted).collect();
        let _ = std::io::stderr().write_all(message(&text.join("\n")).as_bytes());
        return u8::try_from(e.exit_code()).unwrap_or(2);
    }
    // Help and version are our own text: styled (clap's SGR only) on a
    // terminal that wants colour, plain elsewhere.
    let rendered = e.render();
    let styled = std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let text = if styled {
        rendered.ansi().to_string()
    } else {
        rendered.to_string()
    };
    match crate::sys::streams::write_stdout(text.as_bytes()) {
        Ok(()) => 0,
        Err(why) => {
            let _ = std::io::stderr().write_all(message(&format!("camp-reader: {why}")).as_bytes());
            2
        }
    }
}

/// `--width`, else the terminal's width up to the reader's `measure` (a
/// wide terminal prints the column the reader shows), else 80.
pub fn print_width(width: Option<u16>, terminal_cols: Option<u16>, measure: usize) -> usize {
    match (width, terminal_cols) {
        (Some(w), _) => w as usize,
        (None, Some(cols)) if cols > 0 => (cols as usize).min(measure),
        _ => 80,
    }
}

/// Standard output's width in columns, when it is a terminal.
pub fn terminal_cols() -> Option<u16> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    ratatui::crossterm::terminal::size()
        .ok()
        .map(|(cols, _)| cols)
}

/// Loads the document named on the command line, with the version read
/// ([`load::Version`]: live reload tells a new version by it). When that
/// takes more than 100 ms and stderr is a terminal, a progress line says
/// so (and is erased once the document is loaded).
pub fn load_document(cli: &Cli) -> Result<(Document, load::Version), Failure> {
    let input = cli.input();
    readable(&input)?;
    // Only a large file or a pipe can take long enough to need a word; a
    // thread for the others would only slow the start.
    let may_be_slow = match &input {
        Input::Embedded => false,
        Input::Stdin => true,
        Input::File(path) => std::fs::metadata(path).map_or(true, |m| m.len() > 4 << 20),
    };
    if !may_be_slow || !std::io::stderr().is_terminal() {
        return Ok(load::load_named(&input, cli.max_size, cli.format)?);
    }
    let (done, wait) = std::sync::mpsc::channel::<()>();
    let name = input.display_name();
    let progress = std::thread::spawn(move || {
        use std::sync::mpsc::RecvTimeoutError;
        let delay = std::time::Duration::from_millis(100);
        if wait.recv_timeout(delay) == Err(RecvTimeoutError::Timeout) {
            let mut err = std::io::stderr();
            let _ = write!(err, "camp-reader: loading {name}…");
            let _ = err.flush();
            let _ = wait.recv();
            let _ = write!(err, "\r\x1b[K");
            let _ = err.flush();
        }
    });
    let result = load::load_named(&input, cli.max_size, cli.format);
    drop(done);
    let _ = progress.join();
    Ok(result?)
}

/// The document named on the command line for the reader: a large
/// Markdown or TOML file as its first part, read from its first
/// [`load::FIRST_READ_BYTES`], with the rest to read (and check, and hash)
/// once its first screen is up ([`crate::shell::tui::Rest`]: the version
/// read is known then, `None` here); any other whole, as [`load_document`]
/// reads it.
pub fn load_first_screen(
    cli: &Cli,
) -> Result<
    (
        Document,
        Option<load::Version>,
        Option<crate::shell::tui::Rest>,
    ),
    Failure,
> {
    let input = cli.input();
    let large = match &input {
        Input::File(path) => std::fs::metadata(path)
            .is_ok_and(|m| m.is_file() && m.len() >= load::PROGRESSIVE_FROM as u64),
        _ => false,
    };
    let started = large
        .then(|| load::read_named_start(&input, cli.max_size, load::FIRST_READ_BYTES))
        .flatten();
    let Some(part) = started else {
        let (doc, version) = load_document(cli)?;
        return Ok((doc, Some(version), None));
    };
    let part = part?;
    let first = (!part.complete()).then(|| part.text_so_far());
    let size = part.size as usize;
    let prefix = first.as_ref().and_then(|first| {
        match load::markdown_prefix(&input, cli.format, &first.text, size) {
            Some(prefix) => Some(prefix.map(|(doc, parsed)| (doc, parsed, RestOf::Markdown))),
            None => {
                load::toml_prefix(&input, cli.format, &first.text, size).map(|(doc, parsed)| {
                    let shown = (0..doc.sections.len())
                        .map(|s| doc.section_id(s).to_string())
                        .collect();
                    Ok((doc, parsed, RestOf::Toml { shown }))
                })
            }
        }
    });
    match prefix {
        Some(prefix) => {
            let (mut doc, parsed, of) = prefix?;
            doc.load_warning = first
                .and_then(|first| first.warning)
                .map(|w| load::headline(&w.to_string()));
            let rest = crate::shell::tui::Rest {
                input,
                part,
                parsed,
                of,
                resume: None,
            };
            Ok((doc, None, Some(rest)))
        }
        None => {
            let read = part.finish()?;
            let version = load::Version::of(&read);
            Ok((
                load::parse_read(&input, cli.format, read)?,
                Some(version),
                None,
            ))
        }
    }
}

/// Whether the reader opens on one regular file (or the embedded
/// article) small enough to be read and parsed whole before its first
/// screen, in about a millisecond (under [`load::PROGRESSIVE_FROM`]).
pub fn quick_document(cli: &Cli) -> bool {
    if cli.backlinks.is_some() || !cli.more.is_empty() {
        return false;
    }
    match cli.input() {
        Input::Embedded => true,
        Input::File(path) => std::fs::metadata(path)
            .is_ok_and(|m| m.is_file() && m.len() < load::PROGRESSIVE_FROM as u64),
        Input::Stdin => false,
    }
}

/// Opens the reader on the document named on the command line.
pub fn open_interactive(cli: &Cli, config: crate::settings::config::Config) -> Result<(), Failure> {
    let (doc, version, rest) = load_first_screen(cli)?;
    run_reader(cli, config, doc, version, None, rest)
}

/// Refuses a standard input that is closed or a terminal.
fn readable(input: &Input) -> Result<(), Failure> {
    if matches!(input, Input::Stdin) && crate::sys::streams::closed(crate::sys::streams::STDIN) {
        return Err(Failure::Usage(
            "cannot read the document from standard input: it is closed".to_string(),
        ));
    }
    // Reading a document from the keyboard would wait forever behind a
    // "loading" line; less refuses the same way.
    if matches!(input, Input::Stdin) && std::io::stdin().is_terminal() {
        return Err(Failure::Usage(
            "standard input is a terminal: pipe a document in, or name a file".to_string(),
        ));
    }
    Ok(())
}

/// `--to-markdown` and `--to-toml`: converts the document, to standard
/// output.
pub fn run_convert(cli: &Cli, mode: Mode) -> Result<(), Failure> {
    let text = convert_text(cli, mode)?;
    crate::sys::streams::write_stdout(text.as_bytes()).map_err(Failure::Io)
}

/// What `--to-markdown` and `--to-toml` write.
pub fn convert_text(cli: &Cli, mode: Mode) -> Result<String, Failure> {
    use crate::model::document::Markup;
    use load::Format;
    let input = cli.input();
    readable(&input)?;
    let name = input.display_name();
    // What the input is: as --format or its name says; else what the
    // conversion reads.
    let format = input.format(cli.format);
    let refuse = |what: &str| Err(Failure::Usage(format!("{name} is {what} already")));
    let read = load::read_named_text(&input, cli.max_size)?;
    let warning = read.warning.map(|w| load::headline(&w.to_string()));
    warn(warning.as_deref());
    let source = read.text;
    match mode {
        Mode::ToMarkdown if format == Some(Format::Markdown) => refuse("Markdown"),
        Mode::ToToml if format == Some(Format::Toml) => refuse("a camp-reader TOML document"),
        Mode::ToToml => {
            let doc = load::parse_markdown(&name, &load::input_stem(&input), &source)?;
            // The loader reads the text without its BOM.
            let text = source.strip_prefix('\u{feff}').unwrap_or(&source);
            crate::load::convert::to_toml(&doc, text, load::markdown_options())
                .map_err(|e| Failure::Usage(format!("{name}: cannot write as TOML: {e}")))
        }
        Mode::ToMarkdown => {
            let doc = load::parse(&name, &source)?;
            // Markdown bodies are written as they are, not as shown.
            let bodies = match doc.markup {
                Markup::Markdown => Some(load::toml_bodies(&name, &source)?),
                Markup::Plain => None,
            };
            crate::load::convert::to_markdown(&doc, bodies.as_deref())
                .map_err(|e| Failure::Usage(format!("{name}: cannot write as Markdown: {e}")))
        }
        _ => Err(Failure::Usage("not a conversion".to_string())),
    }
}

/// Everything the reader needs to start, resolved once from the defaults,
/// the config file and the command line, each overriding the one before
/// (trippy's `cfg_layer`): nothing patches the app once it exists.
#[derive(Debug, Clone)]
pub struct Settings {
    /// What the app itself is made with.
    pub options: crate::app::Options,
    /// The config's sidebar at start (`None`: auto), before any document's
    /// own choice: what a `t` is measured against.
    pub sidebar_start: Option<bool>,
    /// Chop mode at start (`--chop`, else the config's), before any
    /// document's own choice: what an `S` is measured against.
    pub chop_start: bool,
    /// Mouse reporting on.
    pub mouse: bool,
    /// Reload the document when its file changes.
    pub watch: bool,
    /// Where remembered positions live; `None` with `--no-state` (or
    /// without a home directory).
    pub state_dir: Option<PathBuf>,
    /// Go back to where the document was left.
    pub resume: bool,
}

impl Settings {
    /// `var` reads the environment (`|k| std::env::var_os(k)`). Fails on
    /// an unknown theme or a bad theme file.
    pub fn resolve(
        cli: &Cli,
        config: &crate::settings::config::Config,
        var: impl Fn(&str) -> Option<std::ffi::OsString>,
    ) -> Result<Settings, Failure> {
        let mut keymap = crate::settings::keymap::Keymap::default();
        config.apply_keys(&mut keymap);
        let theme = chosen_theme(cli, config, &var)?;
        Ok(Settings {
            options: crate::app::Options {
                measure: config.measure,
                sidebar_width: config.sidebar_width,
                sidebar: config.sidebar.shown(),
                keymap,
                theme,
                // The reader always draws to a terminal.
                hyperlinks: cli
                    .hyperlinks
                    .unwrap_or(config.hyperlinks)
                    .enabled(true, var("TERM").as_deref().and_then(|t| t.to_str())),
                clipboard_osc52: config.clipboard == crate::settings::config::Clipboard::Osc52,
                numbers: cli.numbers.unwrap_or(config.numbers),
                chop: cli.chop || config.chop,
            },
            sidebar_start: config.sidebar.shown(),
            chop_start: cli.chop || config.chop,
            mouse: config.mouse && !cli.no_mouse,
            watch: config.watch && !cli.no_watch,
            state_dir: if cli.no_state {
                None
            } else {
                crate::sys::xdg::state_dir(&var)
            },
            resume: !cli.from_start && cli.section.is_none() && cli.search.is_none(),
        })
    }
}

/// The theme the reader draws with, and --print colours with: `--theme`,
/// else NO_COLOR's, else the config's; with `--code-theme` (else the
/// config's, else the theme file's) colouring code, unless NO_COLOR took
/// colour away.
pub fn chosen_theme(
    cli: &Cli,
    config: &crate::settings::config::Config,
    var: impl Fn(&str) -> Option<std::ffi::OsString>,
) -> Result<crate::settings::theme::Theme, Failure> {
    use crate::settings::theme::{Theme, no_color_requested, themes_dir};
    let no_color = no_color_requested(&var) && cli.theme.is_none();
    let mut theme = Theme::resolve(
        cli.theme.as_deref(),
        &config.theme,
        no_color,
        themes_dir(&var).as_deref(),
    )?;
    if !no_color && let Some(scheme) = cli.code_theme.as_ref().or(config.code_theme.as_ref()) {
        theme.code_theme = Some(scheme.clone());
    }
    Ok(theme)
}

/// Opens the full-screen reader.
pub fn run_interactive(
    cli: &Cli,
    config: crate::settings::config::Config,
    doc: Document,
    version: load::Version,
) -> Result<(), Failure> {
    run_reader(cli, config, doc, Some(version), None, None)
}

/// A book in the reader: where its relative links start from (its root)
/// and its key in the state file.
#[derive(Debug, Clone)]
pub struct BookPlace {
    pub index: std::sync::Arc<load::book::BookIndex>,
    pub key: String,
    /// What the book was read from: read again when it changes.
    pub source: load::book::BookSource,
}

/// Opens the full-screen reader on `doc`, a document or a book, read as
/// `version` (`None`: `rest` tells it once read).
pub fn run_reader(
    cli: &Cli,
    config: crate::settings::config::Config,
    doc: Document,
    version: Option<load::Version>,
    book: Option<BookPlace>,
    mut rest: Option<crate::shell::tui::Rest>,
) -> Result<(), Failure> {
    use crate::app::Event;
    use crate::{app::session, settings::state};
    // What the document was read from, looked at now, before the first
    // frame: a file replaced once the screen is up (by a FIFO, say) is
    // still the file that was read, and stays watched.
    let piped = crate::shell::tui::is_pipe(&cli.input());
    let terminal = crate::shell::tui::prepare();
    let mut settings = Settings::resolve(cli, &config, |k| std::env::var_os(k))?;
    // With only the first part read, a `--section` not in it is looked
    // for once the rest is (a near match in the first part could be
    // beaten by an exact one further down).
    let later_section = cli
        .section
        .as_deref()
        .filter(|key| rest.is_some() && doc.find_section(key).is_none());
    let section = match later_section {
        Some(_) => None,
        None => resolve_section(&doc, cli.section.as_deref())?,
    };
    // `--section` naming an anchor (`<a name>`): its block at the top.
    let anchored = section
        .zip(cli.section.as_deref())
        .and_then(|(s, key)| {
            let key = key.trim();
            doc.anchor_block(key, s)
                .or_else(|| doc.anchor_block(key.strip_prefix('#')?, s))
        })
        .and_then(|block| Some((block, doc.blocks.get(block)?.start as usize)));

    // What earlier runs left: this document's place, marks and sidebar,
    // and the search history.
    let store = settings.state_dir.clone().map(state::Store::open);
    let (file, warning) = store.as_ref().map(state::Store::load).unwrap_or_default();
    let hash = state::content_hash(doc.text());
    let key = match &book {
        Some(b) => b.key.clone(),
        None => session::doc_key(&cli.input(), &hash),
    };
    if let Some(shown) = session::remembered_sidebar(&file, &key) {
        settings.options.sidebar = Some(shown);
    }
    // `--chop` asks for it this run, whatever the document remembers.
    if let Some(chop) = session::remembered_chop(&file, &key).filter(|_| !cli.chop) {
        settings.options.chop = chop;
    }

    let doc_warning = doc.load_warning.clone();
    // A large book of which the first documents alone are read yet.
    let filling = book.as_ref().is_some_and(|b| b.index.unread > 0);
    let mut book_resume = None;
    // Relative links start from the document's directory (a book's
    // links were made relative to its root).
    let reader = match (&book, cli.input()) {
        (Some(b), _) => crate::app::Reader::new(doc)
            .in_dir(std::fs::canonicalize(&b.index.root).ok())
            .in_book(Some(b.index.clone())),
        (None, Input::File(path)) => match std::fs::canonicalize(&path) {
            Ok(file) => {
                let hash = version.map_or(0, |v| v.hash);
                crate::app::Reader::from_file(doc, file.into(), hash)
            }
            Err(_) => crate::app::Reader::new(doc),
        },
        (None, Input::Stdin) => crate::app::Reader::new(doc).from_stdin(),
        (None, _) => crate::app::Reader::new(doc),
    };
    let mut app = crate::app::App::with_reader(reader, settings.options.clone());
    if rest.is_some() {
        // Told before the first layout: code on the first screen waits
        // for the rest (see `App::settle`).
        app.update(Event::Loading {
            section: later_section.map(str::to_string),
        });
    }
    if let Ok((w, h)) = ratatui::crossterm::terminal::size() {
        // Only the first screen is wrapped before it is drawn; the event
        // loop wraps the rest (a small document's exact line count) after.
        app.update(Event::FirstSize(w, h));
    }
    let mut notes: Vec<String> = warning.into_iter().collect();
    notes.extend(doc_warning);
    if store.is_some() {
        session::restore_history(&mut app, &file);
        match &mut rest {
            // Only the first part is read: the place left, when it is
            // there; the marks (and the place, when further down) once
            // the rest is (its hash tells the version apart).
            Some(rest) => {
                let (resumed, deferred) =
                    session::resume_in_part(&mut app, &file, &key, settings.resume);
                notes.extend(resumed);
                rest.resume = Some(crate::shell::tui::RestResume {
                    key: key.clone(),
                    deferred,
                });
            }
            // A large book's first documents alone: as a first part.
            None if filling => {
                let (resumed, deferred) =
                    session::resume_in_part(&mut app, &file, &key, settings.resume);
                notes.extend(resumed);
                book_resume = Some(crate::shell::tui::RestResume {
                    key: key.clone(),
                    deferred,
                });
                if deferred {
                    notes.push("opens where you left it once it is read".to_string());
                }
            }
            None => notes.extend(session::restore(
                &mut app,
                &file,
                &key,
                &hash,
                settings.resume,
            )),
        }
    }
    if let Some((block, offset)) = anchored {
        app.update(Event::Resume { block, offset });
    } else if let Some(s) = section {
        app.update(Event::JumpToSection(s));
    }
    if let Some(query) = &cli.search {
        app.update(Event::StartSearch {
            query: query.clone(),
            regex: cli.regex,
        });
    }
    if !notes.is_empty() {
        app.update(Event::Note(notes.join(" · ")));
    }

    let host = crate::shell::tui::Host {
        input: cli.input(),
        max_size: cli.max_size,
        opener: crate::sys::opener::commands(config.opener.as_deref(), |k| std::env::var_os(k)),
        watch: settings.watch,
        version,
        piped,
        format: cli.format,
        state: store.as_ref().map(|_| file.clone()),
        book: book.as_ref().map(|b| crate::shell::tui::HostBook {
            source: b.source.clone(),
            key: b.key.clone(),
            index: b.index.clone(),
            resume: book_resume.clone(),
        }),
    };
    let (mut app, input, left) = crate::shell::tui::run(app, settings.mouse, terminal, &host, rest)
        .map_err(|e| Failure::Io(format!("terminal error: {e}")))?;
    // A followed link may have put another document on screen.
    let hash = app.reader().text_hash().to_string();
    let key = match &book {
        Some(b) if input == cli.input() => b.key.clone(),
        _ => session::doc_key(&input, &hash),
    };
    if let Some(store) = &store {
        let record = state::DocState {
            sidebar: session::sidebar_choice(&app, settings.sidebar_start),
            chop: session::chop_choice(&app, settings.chop_start),
            ..session::record(&mut app, &key, &hash)
        };
        let history = session::history(&app);
        // Quit before the remembered place further down was read, without
        // moving: that place is still where the document was left (the
        // top of the first part is not).
        let pending = app.resumes_when_read();
        // Marks are merged with those another instance saved since this
        // one read the file (`file`, what it started from).
        if let Err(e) = store.update(|disk| {
            for earlier in left {
                let start = file.get_any(&earlier.key);
                disk.put_merged(earlier, start);
            }
            let mut record = record;
            if pending && let Some(left_at) = disk.get_any(&record.key) {
                record.position = left_at.position.clone();
                record.content_hash = left_at.content_hash.clone();
            }
            let start = file.get_any(&record.key);
            disk.put_merged(record, start);
            disk.merge_history(history);
        }) {
            // The terminal is restored by now: say it once, on stderr
            // (the store's error already says what could not be saved).
            let text = format!("camp-reader: {e}");
            let _ = std::io::stderr().write_all(message(&text).as_bytes());
        }
    }
    // Ended by SIGTERM or SIGHUP: saved, now end as the signal would.
    crate::sys::terminal::exit_if_quit_by_signal();
    Ok(())
}

/// The config file: `--config PATH` (which must exist), else the default
/// place (which may not). Errors are located like content errors.
pub fn load_config(cli: &Cli) -> Result<crate::settings::config::Config, Failure> {
    use crate::settings::config;
    let var = |k: &str| std::env::var_os(k);
    let themes = crate::settings::theme::user_theme_names(
        crate::settings::theme::themes_dir(var).as_deref(),
    );
    let config = match &cli.config {
        Some(path) => match config::load(path, &themes)? {
            Some(config) => Ok(config),
            None => Err(Failure::Usage(format!(
                "{}: no such config file",
                crate::text::sanitize::sanitize(&path.to_string_lossy())
            ))),
        },
        None => match config::config_path(|k| std::env::var_os(k)) {
            Some(path) => Ok(config::load(&path, &themes)?.unwrap_or_default()),
            None => Ok(config::Config::default()),
        },
    }?;
    // A bad theme file is an error in every mode, as a bad config is.
    crate::settings::theme::Theme::resolve(
        cli.theme.as_deref(),
        &config.theme,
        false,
        crate::settings::theme::themes_dir(var).as_deref(),
    )?;
    Ok(config)
}

/// `--completions SHELL`, `--man`, `--print-config` and `--print-schema`,
/// to standard output.
pub fn run_generated(cli: &Cli) -> Result<(), Failure> {
    let text = generated_text(cli)?;
    crate::sys::streams::write_stdout(text.as_bytes()).map_err(Failure::Io)
}

/// `--completions SHELL` and `--man`: generated from the clap definition,
/// so they always match the options; `--print-config` from the defaults;
/// `--print-schema` from the loader's types.
pub fn generated_text(cli: &Cli) -> Result<String, Failure> {
    use clap::CommandFactory;
    let mut command = Cli::command();
    let mut buf = Vec::new();
    if cli.print_config {
        return Ok(crate::settings::config::default_config_text(
            &crate::settings::keymap::Keymap::default(),
        ));
    } else if let Some(name) = &cli.print_theme {
        let dir = crate::settings::theme::themes_dir(|k| std::env::var_os(k));
        return Ok(crate::settings::theme::print(name, dir.as_deref())?);
    } else if cli.list_themes {
        let dir = crate::settings::theme::themes_dir(|k| std::env::var_os(k));
        return Ok(crate::settings::theme::list(dir.as_deref()));
    } else if cli.print_schema {
        return Ok(load::schema());
    } else if let Some(shell) = cli.completions {
        clap_complete::generate(shell, &mut command, "camp-reader", &mut buf);
    } else {
        return crate::shell::manpage::render(command, &crate::settings::keymap::Keymap::default())
            .map_err(|e| Failure::Io(format!("cannot render the manual page: {e}")));
    }
    String::from_utf8(buf).map_err(|e| Failure::Io(format!("cannot render: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::config::{Config, SidebarStart};
    use crate::settings::keymap::{Command, Context, Key};
    use crate::settings::theme::Theme;

    fn cli(args: &[&str]) -> Cli {
        Cli::try_parse_from(std::iter::once("camp-reader").chain(args.iter().copied())).unwrap()
    }

    /// Echo stays on while a small regular file loads (see `main`), and
    /// is turned off for anything that may take long: a large file, a
    /// FIFO, standard input, a book.
    #[test]
    fn only_a_small_regular_file_is_quick() {
        let dir = tempfile::tempdir().unwrap();
        let small = dir.path().join("small.md");
        std::fs::write(&small, "# A\n\ntext\n").unwrap();
        let large = dir.path().join("large.md");
        let file = std::fs::File::create(&large).unwrap();
        file.set_len(load::PROGRESSIVE_FROM as u64).unwrap();
        let path = |p: &std::path::Path| p.to_str().unwrap().to_string();
        assert!(quick_document(&cli(&[&path(&small)])));
        assert!(!quick_document(&cli(&[&path(&large)])));
        assert!(!quick_document(&cli(&[&path(dir.path())])));
        assert!(!quick_document(&cli(&[&path(&small), &path(&small)])));
        assert!(!quick_document(&cli(&["-"])));
        assert!(!quick_document(&cli(&[&path(&dir.path().join("none.md"))])));
        #[cfg(unix)]
        {
            let fifo = dir.path().join("fifo.md");
            let made = std::process::Command::new("mkfifo").arg(&fifo).status();
            if made.is_ok_and(|s| s.success()) {
                assert!(!quick_document(&cli(&[&path(&fifo)])));
            }
        }
    }

    use crate::sys::xdg::fake_env as env;

    #[test]
    fn the_common_command_lines_are_read_without_clap_as_clap_reads_them() {
        use std::ffi::OsString;
        let argv = |args: &[&str]| -> Vec<OsString> {
            std::iter::once("camp-reader")
                .chain(args.iter().copied())
                .map(OsString::from)
                .collect()
        };
        // No argument, or one document's name: read without clap, the
        // same value clap gives (every field, through Debug).
        for args in [
            &[][..],
            &["README.md"],
            &["docs/a b.toml"],
            &["x"],
            &["/abs/path/ünï.md"],
            &["a=b"],
        ] {
            let plain = Cli::plain(&argv(args)).expect("read without clap");
            let clap = Cli::try_parse_from(argv(args)).expect("clap reads it");
            assert_eq!(format!("{plain:?}"), format!("{clap:?}"), "{args:?}");
        }
        // Anything clap could read otherwise goes to clap.
        for args in [
            &["-"][..],
            &["--print"],
            &["-h"],
            &["--", "a.md"],
            &["a.md", "b.md"],
            &["a.md", "--print"],
            &[""],
        ] {
            assert!(Cli::plain(&argv(args)).is_none(), "{args:?}");
            let ours = Cli::parse_args(argv(args)).map(|c| format!("{c:?}"));
            let clap = Cli::try_parse_from(argv(args)).map(|c| format!("{c:?}"));
            match (ours, clap) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{args:?}"),
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{args:?}"),
                (a, b) => panic!("{args:?}: {a:?} against {b:?}"),
            }
        }
    }

    #[test]
    fn settings_layer_defaults_config_and_command_line() {
        let home = [("HOME", "/h")];
        // Defaults.
        let s = Settings::resolve(&cli(&[]), &Config::default(), env(&home)).unwrap();
        assert_eq!(s.options.measure, crate::settings::config::DEFAULT_MEASURE);
        assert_eq!(s.options.sidebar, None);
        assert!(s.mouse && s.resume);
        assert_eq!(
            s.state_dir,
            Some(PathBuf::from("/h/.local/state/camp-reader"))
        );
        assert_eq!(s.options.theme, Theme::default());

        // The config file.
        let config = Config {
            theme: "light".to_string(),
            measure: 72,
            sidebar: SidebarStart::Hidden,
            sidebar_width: 24,
            mouse: false,
            watch: false,
            keys: vec![("quit".to_string(), vec![Key::char('Q')])],
            ..Config::default()
        };
        let s = Settings::resolve(&cli(&[]), &config, env(&home)).unwrap();
        assert_eq!(
            (
                s.options.measure,
                s.options.sidebar_width,
                s.options.sidebar
            ),
            (72, 24, Some(false))
        );
        assert_eq!(s.sidebar_start, Some(false));
        assert!(!s.mouse);
        assert!(!s.watch);
        assert_eq!(
            s.options.keymap.lookup(Context::Text, Key::char('Q')),
            Some(Command::Quit)
        );
        assert_eq!(s.options.theme, Theme::light());

        // The command line over both; NO_COLOR unless --theme.
        let s = Settings::resolve(
            &cli(&["--theme", "high-contrast", "--no-state", "--from-start"]),
            &config,
            env(&[("HOME", "/h"), ("NO_COLOR", "1")]),
        )
        .unwrap();
        assert_eq!(s.options.theme, Theme::high_contrast());
        assert_eq!(s.state_dir, None);
        assert!(!s.resume);
        let s = Settings::resolve(&cli(&[]), &config, env(&[("NO_COLOR", "1")])).unwrap();
        assert_eq!(s.options.theme, Theme::no_color());
        let s = Settings::resolve(&cli(&["--no-mouse"]), &Config::default(), env(&home)).unwrap();
        assert!(!s.mouse);
        assert!(s.watch);
        let s = Settings::resolve(&cli(&["--no-watch"]), &Config::default(), env(&home)).unwrap();
        assert!(!s.watch);
        for args in [&["--section", "x"][..], &["--search", "x"]] {
            assert!(
                !Settings::resolve(&cli(args), &config, env(&home))
                    .unwrap()
                    .resume
            );
        }
    }

    #[test]
    fn print_width_prefers_width_then_the_measure_on_a_terminal() {
        assert_eq!(print_width(Some(150), Some(200), 100), 150);
        assert_eq!(print_width(None, Some(200), 100), 100);
        assert_eq!(print_width(None, Some(60), 100), 60);
        assert_eq!(print_width(None, Some(200), 72), 72);
        assert_eq!(print_width(None, None, 100), 80);
        assert_eq!(print_width(None, Some(0), 100), 80);
    }
}
