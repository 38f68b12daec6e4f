//! `v`: the user's editor on the document, at the line where the section
//! being read starts. `$VISUAL`, else `$EDITOR`, else `vi`, given
//! `+LINE FILE`, which vi, vim, neovim, nano, emacs, micro, helix and
//! kakoune all accept.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The editor command as words: the first set and non-blank of `$VISUAL`
/// and `$EDITOR`, else `vi`. A value is split as a POSIX shell splits
/// words (`code --wait`, `"/opt/My Editor/edit" -w`); it is not run by a
/// shell, so nothing else in it has a meaning.
pub fn editor_words(var: impl Fn(&str) -> Option<OsString>) -> Result<Vec<OsString>, String> {
    for name in ["VISUAL", "EDITOR"] {
        let Some(value) = var(name).filter(|v| !v.to_string_lossy().trim().is_empty()) else {
            continue;
        };
        // A name that is not UTF-8 cannot be split: it is the program.
        let Some(text) = value.to_str() else {
            return Ok(vec![value]);
        };
        return match shell_words::split(text) {
            Ok(words) => Ok(words.into_iter().map(OsString::from).collect()),
            Err(e) => Err(format!(
                "cannot run ${name} ({}): {e}",
                crate::text::sanitize::sanitize(&crate::text::diagnostic::cut(text))
            )),
        };
    }
    Ok(vec![OsString::from("vi")])
}

/// `words… +LINE FILE`. A file name that starts like an option (`-x`,
/// `+x`) is given as `./-x`, so no editor reads it as one.
pub fn command(words: &[OsString], line: u32, path: &Path) -> Option<Command> {
    let (program, args) = words.split_first()?;
    let mut file = path.to_path_buf();
    if path.is_relative() && path.to_string_lossy().starts_with(['-', '+']) {
        file = PathBuf::from(".").join(path);
    }
    let mut command = Command::new(program);
    command
        .args(args)
        .arg(format!("+{}", line.max(1)))
        .arg(file);
    Some(command)
}

/// Runs the editor on `path` at `line` and waits for it. The error, if
/// it could not be run, is worded for the status line.
pub fn edit(path: &Path, line: u32, var: impl Fn(&str) -> Option<OsString>) -> Result<(), String> {
    let words = editor_words(var)?;
    let shown = || crate::text::sanitize::sanitize(&words[0].to_string_lossy()).into_owned();
    let Some(mut command) = command(&words, line, path) else {
        return Err("no editor to run".to_string());
    };
    match command.status() {
        Ok(_) => Ok(()),
        Err(e) => Err(format!("cannot run the editor `{}`: {e}", shown())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
        move |k| {
            pairs
                .iter()
                .find(|(name, _)| *name == k)
                .map(|(_, v)| OsString::from(v))
        }
    }

    fn words(pairs: &[(&str, &str)]) -> Vec<String> {
        editor_words(env(pairs))
            .unwrap()
            .into_iter()
            .map(|w| w.into_string().unwrap())
            .collect()
    }

    #[test]
    fn visual_then_editor_then_vi() {
        assert_eq!(words(&[("VISUAL", "nvim"), ("EDITOR", "nano")]), ["nvim"]);
        assert_eq!(words(&[("VISUAL", "  "), ("EDITOR", "nano")]), ["nano"]);
        assert_eq!(words(&[]), ["vi"]);
    }

    #[test]
    fn editor_arguments_are_split_as_a_shell_splits_words() {
        assert_eq!(words(&[("EDITOR", "code --wait")]), ["code", "--wait"]);
        assert_eq!(
            words(&[("EDITOR", "'/opt/My Editor/edit' -w")]),
            ["/opt/My Editor/edit", "-w"]
        );
        let e = editor_words(env(&[("VISUAL", "vim 'unclosed")])).unwrap_err();
        assert!(e.starts_with("cannot run $VISUAL (vim 'unclosed)"), "{e}");
    }

    #[test]
    fn the_line_and_file_follow_the_editor_words() {
        let words: Vec<OsString> = ["emacs", "-nw"].map(OsString::from).to_vec();
        let c = command(&words, 42, Path::new("doc.toml")).unwrap();
        assert_eq!(c.get_program(), "emacs");
        let args: Vec<_> = c.get_args().collect();
        assert_eq!(args, ["-nw", "+42", "doc.toml"]);
        let c = command(&words, 0, Path::new("-x.toml")).unwrap();
        let args: Vec<_> = c.get_args().collect();
        assert_eq!(args, ["-nw", "+1", "./-x.toml"]);
    }
}
