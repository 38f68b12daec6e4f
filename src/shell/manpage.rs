//! The manual page (`--man`): clap's options sections, then the keys from
//! the keymap table, the config file from its defaults, the content
//! format, FILES, ENVIRONMENT and EXIT STATUS, so each part is generated
//! from what it describes or kept beside it.

use std::fmt::Write as _;

use crate::settings::config::{self, CONFIG_FILE_NAME};
use crate::settings::keymap::{Keymap, keys_label};
use crate::settings::state::STATE_FILE_NAME;

/// The whole page in roff.
pub fn render(command: clap::Command, keymap: &Keymap) -> std::io::Result<String> {
    let man = clap_mangen::Man::new(command);
    let mut buf = Vec::new();
    man.render_title(&mut buf)?;
    man.render_name_section(&mut buf)?;
    man.render_synopsis_section(&mut buf)?;
    man.render_description_section(&mut buf)?;
    man.render_options_section(&mut buf)?;
    let mut out = String::from_utf8_lossy(&buf).into_owned();
    keys_section(&mut out, keymap);
    config_section(&mut out);
    format_section(&mut out);
    files_section(&mut out);
    environment_section(&mut out);
    exit_status_section(&mut out);
    let mut buf = Vec::new();
    man.render_version_section(&mut buf)?;
    out.push_str(&String::from_utf8_lossy(&buf));
    Ok(out)
}

/// Text made safe for roff: backslashes and minus signs escaped, and no
/// line starting with a control character (`.` or `'`).
fn roff(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    escaped
        .lines()
        .map(|l| {
            if l.starts_with(['.', '\'']) {
                format!("\\&{l}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn section(out: &mut String, title: &str) {
    let _ = writeln!(out, ".SH {title}");
}

/// A paragraph of running text.
fn para(out: &mut String, text: &str) {
    let _ = writeln!(out, ".PP\n{}", roff(text));
}

/// A tagged paragraph: `tag` in bold, then `text` indented under it.
fn item(out: &mut String, tag: &str, text: &str) {
    let _ = writeln!(out, ".TP\n\\fB{}\\fR\n{}", roff(tag), roff(text));
}

/// Preformatted lines.
fn literal(out: &mut String, text: &str) {
    let _ = writeln!(out, ".PP\n.nf\n{}\n.fi", roff(text.trim_end()));
}

fn keys_section(out: &mut String, keymap: &Keymap) {
    section(out, "KEYS");
    para(
        out,
        "Every key below can be changed in the config file's [keys] table, by \
         the action's name (in parentheses). Where a key applies is given \
         first: reading (the text), sidebar, help, prompt and so on.",
    );
    for b in &keymap.bindings {
        let keys = if b.keys.is_empty() {
            "(unbound)".to_string()
        } else {
            keys_label(&b.keys)
        };
        let summary = config::binding_summary(keymap, b);
        item(out, &keys, &format!("{summary} ({})", b.name));
    }
}

fn config_section(out: &mut String) {
    section(out, "CONFIGURATION");
    para(
        out,
        &format!(
            "camp-reader reads $XDG_CONFIG_HOME/camp-reader/{CONFIG_FILE_NAME} (or \
             ~/.config/camp-reader/{CONFIG_FILE_NAME}), or the file given with \
             --config. Every setting is optional; these are the defaults. A \
             mistake is an error with the file's line and column. \
             camp-reader --print-config prints the whole file, [keys] included."
        ),
    );
    let text = config::default_config_text(&Keymap::default());
    // The settings, without the comment header and the [keys] table (the
    // KEYS section lists the actions).
    let settings: Vec<&str> = text
        .split("\n\n")
        .skip(1)
        .take_while(|p| !p.starts_with("# Keys:") && !p.starts_with("[keys]"))
        .collect();
    literal(out, &settings.join("\n\n"));
    para(
        out,
        "[keys] maps action names to lists of keys, such as line-down = \
         [\"j\", \"Down\"]; a list replaces the action's keys, [] unbinds it.",
    );
}

fn format_section(out: &mut String) {
    section(out, "CONTENT FORMAT");
    para(
        out,
        "A document is a UTF-8 TOML file with a title, an optional subtitle \
         and [source] (name, title, url, license, retrieved), an optional \
         markup (\"plain\", the default, or \"markdown\": how bodies are \
         written), and at least one [[sections]] table. A section has a title, an optional id (by \
         default a slug of the title), a body whose paragraphs are separated \
         by a blank line, optional [[sections.links]] (text, and an optional \
         url), and optional [[sections.sections]] subsections of the same \
         shape, at most 8 levels deep. Unknown keys are errors. \
         --print-schema prints the format's JSON Schema, for editors.",
    );
    literal(
        out,
        "title = \"Camp Ashraf 3\"\n\n[[sections]]\ntitle = \"Overview\"\n\
         body = '''\nFirst paragraph.\n\nSecond paragraph.\n'''\n\n\
         [[sections.links]]\ntext = \"A reference\"\nurl = \"https://example.org\"",
    );
}

fn files_section(out: &mut String) {
    section(out, "FILES");
    item(
        out,
        &format!("$XDG_CONFIG_HOME/camp-reader/{CONFIG_FILE_NAME}"),
        &format!(
            "The config file (default ~/.config/camp-reader/{CONFIG_FILE_NAME}); \
             see CONFIGURATION."
        ),
    );
    item(
        out,
        &format!("$XDG_STATE_HOME/camp-reader/{STATE_FILE_NAME}"),
        &format!(
            "Where each document was left, its marks and the search history \
             (default ~/.local/state/camp-reader/{STATE_FILE_NAME}). Safe to \
             delete; a damaged file is ignored and replaced. --no-state \
             neither reads nor writes it."
        ),
    );
}

fn environment_section(out: &mut String) {
    section(out, "ENVIRONMENT");
    item(
        out,
        "XDG_CONFIG_HOME",
        "Where the config directory is (an absolute path; otherwise ~/.config).",
    );
    item(
        out,
        "XDG_STATE_HOME",
        "Where the state directory is (an absolute path; otherwise ~/.local/state).",
    );
    item(out, "HOME", "The fallback for both.");
    item(
        out,
        "NO_COLOR",
        "When set and not empty, no colour at all (bold, reverse and \
         underline only), unless --theme is given.",
    );
    item(
        out,
        "VISUAL, EDITOR",
        "The editor v runs (the first set, else vi), given +LINE FILE; \
         split into words as a shell splits them.",
    );
}

fn exit_status_section(out: &mut String) {
    section(out, "EXIT STATUS");
    item(out, "0", "Success.");
    item(out, "1", "--print --search found nothing.");
    item(
        out,
        "2",
        "A bad document, config file or command line, or output that could \
         not be written (a closed stream, a full disk); the message is on \
         standard error.",
    );
    item(
        out,
        "128 + N",
        "Ended by signal N (SIGTERM, SIGHUP, SIGINT, SIGQUIT), after the \
         terminal was restored.",
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> String {
        // A stand-in for the real command line, which lives above this module.
        let command = clap::Command::new("camp-reader")
            .about("A reader")
            .version("0.1.0")
            .arg(clap::Arg::new("print").long("print"));
        render(command, &Keymap::default()).unwrap()
    }

    #[test]
    fn every_action_of_the_keymap_is_in_the_manual() {
        let page = page();
        for b in Keymap::default().bindings {
            let line = format!(
                "{} ({})",
                config::binding_summary(&Keymap::default(), &b),
                b.name
            );
            assert!(page.contains(&roff(&line)), "{line}");
            if !b.keys.is_empty() {
                assert!(page.contains(&roff(&keys_label(&b.keys))), "{}", b.name);
            }
        }
    }

    #[test]
    fn the_manual_has_every_section() {
        let page = page();
        for s in [
            "NAME",
            "SYNOPSIS",
            "DESCRIPTION",
            "OPTIONS",
            "KEYS",
            "CONFIGURATION",
            "CONTENT FORMAT",
            "FILES",
            "ENVIRONMENT",
            "EXIT STATUS",
        ] {
            assert!(page.contains(&format!(".SH {s}\n")), "{s}");
        }
        // The config section holds the defaults as printed by --print-config.
        let d = config::Config::default();
        assert!(page.contains(&format!("theme = \"{}\"", d.theme)));
        assert!(page.contains("# Colours: dark"));
        assert!(page.contains(&format!("measure = {}", d.measure)));
        assert!(page.contains(&format!("sidebar\\-width = {}", d.sidebar_width)));
        for var in ["XDG_CONFIG_HOME", "XDG_STATE_HOME", "NO_COLOR"] {
            assert!(page.contains(&format!("\\fB{var}\\fR")), "{var}");
        }
        // No line may start a roff request by accident.
        for line in page.lines() {
            assert!(!line.starts_with('\''), "{line}");
        }
    }

    #[test]
    fn roff_escapes_what_roff_would_read_as_requests() {
        assert_eq!(roff(".x\n'y\na-b\\c"), "\\&.x\n\\&'y\na\\-b\\ec");
    }
}
