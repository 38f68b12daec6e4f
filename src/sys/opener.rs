//! Starting the program that opens a web or mail address: the config's
//! `opener`, else `$BROWSER`, else the desktop's own (`xdg-open`, `open` on
//! macOS). It is started detached, in a session of its own and with its
//! standard streams closed, so it can never draw over the reader or read
//! its keys; the address is one argument, never seen by a shell.

use std::ffi::OsString;
use std::io;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::text::hyperlink::SafeUrl;

/// The desktop's opener when neither the config nor `$BROWSER` names one.
#[cfg(target_os = "macos")]
pub const SYSTEM_OPENER: &str = "open";
#[cfg(not(target_os = "macos"))]
pub const SYSTEM_OPENER: &str = "xdg-open";

/// The commands to try, in order, each a program and its arguments (the
/// address goes last, or where `%s` stands). `configured` is the config's
/// `opener`; `var` reads the environment.
pub fn commands(
    configured: Option<&[String]>,
    var: impl Fn(&str) -> Option<OsString>,
) -> Vec<Vec<String>> {
    if let Some(cmd) = configured.filter(|c| !c.is_empty()) {
        return vec![cmd.to_vec()];
    }
    // `$BROWSER` may list several commands separated by `:`, tried in
    // turn (the convention xdg-utils and Python's webbrowser follow).
    let from_env: Vec<Vec<String>> = var("BROWSER")
        .and_then(|b| b.into_string().ok())
        .map(|b| {
            b.split(':')
                .map(|c| c.split_whitespace().map(str::to_string).collect::<Vec<_>>())
                .filter(|c| !c.is_empty())
                .collect()
        })
        .unwrap_or_default();
    if from_env.is_empty() {
        vec![vec![SYSTEM_OPENER.to_string()]]
    } else {
        from_env
    }
}

/// The command line for `cmd` opening `url`: an argument that is `%s`
/// exactly is replaced by it, else it is added last. A `%s` inside a
/// larger argument (`--url=%s`, `echo '%s'` for `sh -c`) is an error: the
/// address would be pasted into text a program may parse (a shell runs
/// `$(…)` in it), so it only ever stands as an argument of its own.
pub fn command_line(cmd: &[String], url: &str) -> Result<Vec<String>, String> {
    if let Some(bad) = cmd.iter().find(|a| a.contains("%s") && a.as_str() != "%s") {
        return Err(format!(
            "{}: `%s` must be a whole argument, not part of {bad:?}",
            cmd.first().map_or("", String::as_str)
        ));
    }
    let mut args: Vec<String> = cmd
        .iter()
        .map(|a| {
            if a == "%s" {
                url.to_string()
            } else {
                a.clone()
            }
        })
        .collect();
    if !cmd.iter().any(|a| a == "%s") {
        args.push(url.to_string());
    }
    Ok(args)
}

/// `url` with the quotes and backquote percent-encoded: a program that
/// hands its argument on to a shell (a wrapper script, `sh -c` with `"$1"`
/// misquoted) cannot be made to end a quoted string by an address. None of
/// the three may stand unencoded in a URL (RFC 3986) except `'`, which
/// means the same encoded.
pub fn quoted_safe(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '\'' => out.push_str("%27"),
            '"' => out.push_str("%22"),
            '`' => out.push_str("%60"),
            _ => out.push(c),
        }
    }
    out
}

/// Opens `url` (printable ASCII; a web or mail address never starts with
/// `-`, so no program takes it for an option) with the first of
/// `commands` that starts. Returns the program that did, or why none could.
pub fn open(url: &SafeUrl, commands: &[Vec<String>]) -> Result<String, String> {
    let mut errors = Vec::new();
    let url = quoted_safe(url.as_str());
    for cmd in commands {
        let args = match command_line(cmd, &url) {
            Ok(args) => args,
            Err(why) => {
                errors.push(why);
                continue;
            }
        };
        let Some((program, rest)) = args.split_first() else {
            continue;
        };
        match spawn_detached(program, rest) {
            Ok(()) => return Ok(program.clone()),
            Err(e) => errors.push(format!("{program}: {}", short_error(&e))),
        }
    }
    Err(if errors.is_empty() {
        "no opener is configured".to_string()
    } else {
        format!("could not start {}", errors.join("; "))
    })
}

/// How long an opener that has started is watched for a quick failure
/// (`xdg-open` with no handler exits 3 at once); one still running after
/// it, or done with success, has opened the address.
const QUICK_FAILURE: Duration = Duration::from_millis(300);

fn short_error(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "not found".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Starts `program` with `args`, its standard streams on /dev/null, in a
/// new session (no controlling terminal: it cannot open /dev/tty either,
/// and Ctrl-c in the reader's terminal does not reach it). A thread waits
/// for it, so it never stays a zombie.
fn spawn_detached(program: &str, args: &[String]) -> io::Result<()> {
    let mut cmd = Command::new(program);
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // SAFETY: setsid is async-signal-safe and touches no memory of the
        // parent; it only fails if the child already leads a group, which a
        // fresh child never does.
        unsafe {
            cmd.pre_exec(|| {
                libc::setsid();
                Ok(())
            });
        }
    }
    let mut child = cmd.spawn()?;
    let started = Instant::now();
    loop {
        match child.try_wait()? {
            Some(status) if status.success() => return Ok(()),
            Some(status) => {
                let why = match status.code() {
                    Some(code) => format!("exited with status {code}"),
                    None => "was stopped by a signal".to_string(),
                };
                return Err(io::Error::other(why));
            }
            None if started.elapsed() >= QUICK_FAILURE => break,
            None => std::thread::sleep(Duration::from_millis(10)),
        }
    }
    std::thread::spawn(move || child.wait());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| OsString::from(v))
        }
    }

    #[test]
    fn the_config_wins_then_browser_then_the_system_opener() {
        let configured = vec!["firefox".to_string(), "--new-tab".to_string()];
        assert_eq!(
            commands(Some(&configured), env(&[("BROWSER", "w3m")])),
            vec![configured.clone()]
        );
        assert_eq!(
            commands(None, env(&[("BROWSER", "links -g:w3m")])),
            vec![vec!["links".to_string(), "-g".into()], vec!["w3m".into()]]
        );
        assert_eq!(
            commands(Some(&[]), env(&[("BROWSER", " : ")])),
            vec![vec![SYSTEM_OPENER.to_string()]]
        );
    }

    #[test]
    fn the_address_goes_where_percent_s_is_else_last() {
        let cmd = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            command_line(&cmd(&["b", "--url", "%s", "-x"]), "https://e.org"),
            Ok(cmd(&["b", "--url", "https://e.org", "-x"]))
        );
        assert_eq!(
            command_line(&cmd(&["b", "-x"]), "https://e.org"),
            Ok(cmd(&["b", "-x", "https://e.org"]))
        );
    }

    #[test]
    fn percent_s_inside_a_larger_argument_is_refused() {
        let cmd = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            command_line(&cmd(&["b", "--url=%s"]), "https://e.org"),
            Err("b: `%s` must be a whole argument, not part of \"--url=%s\"".to_string())
        );
    }

    #[test]
    fn a_shell_wrapping_opener_runs_nothing_from_the_address() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("log");
        let pwned = dir.path().join("PWNED");
        // The opener of the report, with %s inside the script: refused.
        let script = format!("echo opening '%s' >> {}", log.display());
        let inside = vec!["sh".to_string(), "-c".to_string(), script];
        let hostile = format!("https://example.org/'$(touch${{IFS}}{})'", pwned.display());
        let url = SafeUrl::new(&hostile).unwrap();
        assert!(open(&url, std::slice::from_ref(&inside)).is_err());
        // %s as a whole argument, quoted by the script as a careless one
        // would: the quote is encoded, so the address stays one word.
        let script = format!("eval \"echo opening '$1'\" >> {}", log.display());
        let careless = vec![
            "sh".to_string(),
            "-c".to_string(),
            script,
            "sh".to_string(),
            "%s".to_string(),
        ];
        assert_eq!(open(&url, &[careless]), Ok("sh".to_string()));
        std::thread::sleep(Duration::from_millis(100));
        assert!(!pwned.exists(), "the address ran a command");
        let logged = std::fs::read_to_string(&log).unwrap();
        assert!(logged.contains("%27$(touch${IFS}"), "{logged}");
    }

    #[test]
    fn quotes_and_backquotes_are_encoded() {
        assert_eq!(
            quoted_safe("https://e.org/a'b\"c`d"),
            "https://e.org/a%27b%22c%60d"
        );
        assert_eq!(
            quoted_safe("https://e.org/a?b=c&d"),
            "https://e.org/a?b=c&d"
        );
    }

    #[test]
    fn an_opener_that_fails_at_once_is_a_failure_and_the_next_is_tried() {
        let url = SafeUrl::new("https://e.org").unwrap();
        let failing = vec!["sh".to_string(), "-c".to_string(), "exit 3".to_string()];
        let err = open(&url, std::slice::from_ref(&failing)).unwrap_err();
        assert_eq!(err, "could not start sh: exited with status 3");
        let ok = open(&url, &[failing, vec!["true".to_string()]]);
        assert_eq!(ok, Ok("true".to_string()));
        // Still running after the quick-failure window: it has opened.
        let still = vec!["sh".to_string(), "-c".to_string(), "sleep 1".to_string()];
        assert_eq!(open(&url, &[still]), Ok("sh".to_string()));
    }

    #[test]
    fn a_missing_program_says_which_and_the_next_is_tried() {
        let missing = vec!["/nonexistent/opener-of-camp-reader".to_string()];
        let url = SafeUrl::new("https://e.org").unwrap();
        let err = open(&url, std::slice::from_ref(&missing)).unwrap_err();
        assert_eq!(
            err,
            "could not start /nonexistent/opener-of-camp-reader: not found"
        );
        let ok = open(&url, &[missing, vec!["true".to_string()]]);
        assert_eq!(ok, Ok("true".to_string()));
    }
}
