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
    if runs_address_as_script(cmd).is_some() {
        return Err(format!(
            "{}: a shell given `%s` as its script would run the address",
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

/// `url` (printable ASCII, as [`SafeUrl`] makes it) with every character
/// a shell treats specially percent-encoded, except those that give an
/// address its structure. A program that hands its argument on to a shell
/// (a wrapper script, an `eval`, `sh -c` with `"$1"` misquoted) then finds
/// no quote to end, no `$` to expand, no `;`, `|`, `(`, backquote or
/// redirection to start a command with, no space to split on and no `*`
/// or `[` to glob with.
///
/// - Always encoded: `` ' " ` \ $ ; | ( ) < > ^ { } * ``, and `[ ]` except
///   around an IPv6 host (`http://[::1]/`). Most of these may not stand
///   unencoded in a URL at all (RFC 3986); the sub-delimiters among them
///   (`' $ ; ( ) *`) delimit nothing in http, https or mailto addresses, so
///   servers read them the same encoded (`/wiki/Rust_(language)` and
///   `/wiki/Rust_%28language%29` are one page).
/// - Encoded outside the fragment: `~` and `!` (the fragment is never sent
///   to a server and is read as written: `#:~:text=` and `#!/route` keep
///   them); `?` after the first, inside the query; `#` after the first.
/// - Kept: letters, digits, `- . _ / : @ % + , = &`, the `?` that starts
///   the query and every `?` in the fragment (hash routes, `#/page?id=x`),
///   and the `#` that starts the fragment. `&` separates a query's fields,
///   so it stays: a program that runs the address itself as shell code
///   could still be made to start one word as a command through it, which
///   is why a shell given `%s` as its script is refused (see
///   [`runs_address_as_script`]).
pub fn shell_safe(url: &str) -> String {
    #[derive(PartialEq)]
    enum Part {
        Scheme,
        Authority,
        Path,
        Query,
        Fragment,
    }
    let bytes = url.as_bytes();
    let mut out = String::with_capacity(url.len() + 16);
    let mut part = Part::Scheme;
    // `[` … `]` around an IP literal host, kept as they are.
    let ip_literal = ip_literal(url);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match part {
            Part::Scheme if b == b':' => {
                out.push(':');
                part = if url[i + 1..].starts_with("//") {
                    out.push_str("//");
                    i += 2;
                    Part::Authority
                } else {
                    Part::Path
                };
                i += 1;
                continue;
            }
            Part::Scheme if !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')) => {
                // No scheme: the whole is a path (an opener is only ever
                // given http, https and mailto addresses, but be safe).
                part = Part::Path;
                continue;
            }
            Part::Authority | Part::Path if b == b'?' => {
                out.push('?');
                part = Part::Query;
                i += 1;
                continue;
            }
            Part::Authority if b == b'/' => part = Part::Path,
            Part::Authority | Part::Path | Part::Query if b == b'#' => {
                out.push('#');
                part = Part::Fragment;
                i += 1;
                continue;
            }
            _ => {}
        }
        let keep = match b {
            b'\'' | b'"' | b'`' | b'\\' | b'$' | b';' | b'|' | b'(' | b')' | b'<' | b'>' | b'^'
            | b'{' | b'}' | b'*' | b' ' => false,
            b'[' | b']' => ip_literal.is_some_and(|(open, close)| i == open || i == close),
            b'~' | b'!' => part == Part::Fragment,
            b'?' => part == Part::Fragment,
            b'#' => false,
            b'!'..=b'~' => true,
            _ => false,
        };
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
        i += 1;
    }
    out
}

/// The byte offsets of the `[` and `]` around an IPv6 (or future) literal
/// host: right after `scheme://` and any `userinfo@`, holding only hex
/// digits, `:`, `.` and a `v` form's letters.
fn ip_literal(url: &str) -> Option<(usize, usize)> {
    let start = url.find("://")? + 3;
    let authority_end = url[start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |e| start + e);
    let authority = &url[start..authority_end];
    let host_at = start + authority.rfind('@').map_or(0, |a| a + 1);
    let host = &url[host_at..authority_end];
    let inner = host.strip_prefix('[')?;
    let close = inner.find(']')?;
    let literal = &inner[..close];
    let valid = !literal.is_empty()
        && literal
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b':' | b'.' | b'-' | b'_'));
    // Only a port may follow the literal.
    let after = &inner[close + 1..];
    let port = after.is_empty()
        || after
            .strip_prefix(':')
            .is_some_and(|p| p.bytes().all(|c| c.is_ascii_digit()));
    (valid && port).then_some((host_at, host_at + 1 + close))
}

/// The programs that run code given on their command line (`-c`, `-e`):
/// shells, and the interpreters a desktop might have.
const INTERPRETERS: [&str; 18] = [
    "sh", "bash", "dash", "zsh", "fish", "ksh", "mksh", "ash", "yash", "csh", "tcsh", "rbash",
    "perl", "ruby", "node", "php", "lua", "tclsh",
];

/// Whether `word` is an option after which a program takes code rather
/// than data: a short cluster with `c` (`-c`, `-ec`, `-lc`: a shell's
/// script, `flock -c`), `-e`/`-E` (perl, ruby, node), env's `-S` (which
/// splits its value into a command), or a long `--command`/`--eval`.
fn takes_code(word: &str) -> bool {
    if matches!(
        word,
        "-e" | "-E" | "-S" | "--command" | "--eval" | "--exec" | "-Command" | "-command"
    ) {
        return true;
    }
    word.strip_prefix('-').is_some_and(|letters| {
        (1..=4).contains(&letters.len())
            && letters.bytes().all(|b| b.is_ascii_alphabetic())
            && letters.contains('c')
    })
}

/// Whether `cmd` would run the address as code, and where the address
/// goes if so (for the config's error). The address goes where `%s`
/// stands, else last. Two rules, because wrappers (`env -u X`, `setsid`,
/// `nice`, `flock F -c`) hide which program finally runs it:
/// - whatever the program, the word right before the address (past a
///   `--`) is an option that takes code (see `takes_code`);
/// - a shell or an interpreter anywhere in the command, given a code
///   option (`-c` before other options: `bash -c -o errexit %s`), whose
///   first word after its options is the address.
///
/// Words are split at white space first, as `env -S "sh -c"` splits
/// them. The address as the program itself is refused too. A script that
/// takes the address as an argument (`sh -c 'firefox "$1"' sh %s`) is
/// fine: its script is another word.
pub fn runs_address_as_script(cmd: &[String]) -> Option<usize> {
    let slot = cmd.iter().position(|w| w == "%s").unwrap_or(cmd.len());
    if slot == 0 {
        return Some(0);
    }
    let mut words: Vec<&str> = cmd[..slot]
        .iter()
        .flat_map(|w| w.split_whitespace())
        .collect();
    let before = words.iter().rev().find(|w| **w != "--");
    if before.is_some_and(|w| takes_code(w)) {
        return Some(slot);
    }
    words.push("%s");
    let basename = |w: &str| w.rsplit('/').next().unwrap_or(w).to_string();
    let interpreter = |w: &str| {
        let name = basename(w);
        INTERPRETERS.contains(&name.as_str()) || name.starts_with("python")
    };
    for (at, _) in words.iter().enumerate().filter(|(_, w)| interpreter(w)) {
        let mut i = at + 1;
        let mut code = false;
        while let Some(w) = words.get(i) {
            if *w == "--" {
                i += 1;
                break;
            }
            if !w.starts_with('-') && !w.starts_with('+') || w.len() < 2 {
                break;
            }
            code |= takes_code(w);
            // Options that take the next word as their value.
            if matches!(
                *w,
                "-o" | "+o" | "-O" | "+O" | "--rcfile" | "--init-file" | "-W" | "-X"
            ) {
                i += 1;
            }
            i += 1;
        }
        if code && words.get(i) == Some(&"%s") {
            return Some(slot);
        }
    }
    None
}

/// Opens `url` (printable ASCII; a web or mail address never starts with
/// `-`, so no program takes it for an option) with the first of
/// `commands` that starts. Returns the program that did, or why none could.
pub fn open(url: &SafeUrl, commands: &[Vec<String>]) -> Result<String, String> {
    let mut errors = Vec::new();
    let url = shell_safe(url.as_str());
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
        assert!(logged.contains("%27%24%28touch%24%7BIFS%7D"), "{logged}");
    }

    /// The attack's addresses, run by a shell as its script: through
    /// `sh -c %s` (refused before it starts) and through a wrapper that
    /// `eval`s its argument unquoted, which no check can recognize (the
    /// encoding leaves it nothing to run).
    #[test]
    fn an_address_run_as_a_script_creates_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let pwned = dir.path().join("PWNED");
        let wrapper = dir.path().join("open-it");
        std::fs::write(&wrapper, "#!/bin/sh\neval $1\n").unwrap();
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let p = pwned.display();
        let attacks = [
            format!("https://example.org/;touch${{IFS}}{p}"),
            format!("https://example.org/$(touch${{IFS}}{p})"),
            format!("https://example.org/$(touch {p})"),
            format!("https://example.org/`touch${{IFS}}{p}`"),
            format!("https://example.org/|touch${{IFS}}{p}"),
            format!("https://example.org/?a=1;touch${{IFS}}{p}#x"),
            format!("https://example.org/x>{p}"),
            format!("https://example.org/{{touch,{p}}}"),
        ];
        // The second round: `&` is kept (it separates a query's fields), so
        // an opener that gives the address to a shell as code could start
        // a program by its path; every such form is refused before it runs.
        let pwn = dir.path().join("pwn.sh");
        std::fs::write(&pwn, format!("#!/bin/sh\ntouch {p}\n")).unwrap();
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&pwn, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let ampersand = format!("http://e.org/?a=1&{}&b", pwn.display());
        let as_code: Vec<Vec<String>> = [
            &["sh", "-c", "%s"][..],
            &["sh", "-c"],
            &["env", "-u", "X", "sh", "-c", "%s"],
            &["env", "-S", "sh -c"],
            &["setsid", "sh", "-c", "%s"],
            &["flock", "/tmp/camp-reader-test-lock", "-c", "%s"],
        ]
        .iter()
        .map(|c| c.iter().map(|w| w.to_string()).collect())
        .collect();
        let evals = vec![wrapper.display().to_string(), "%s".to_string()];
        for attack in attacks.iter().chain([&ampersand]) {
            let url = SafeUrl::new(attack).unwrap();
            for cmd in &as_code {
                let refused = open(&url, std::slice::from_ref(cmd)).unwrap_err();
                assert!(refused.contains("as its script"), "{cmd:?}: {refused}");
            }
            // The wrapper runs the encoded address as a command, which
            // does not exist: it fails, having run nothing. (`&` is kept,
            // so through `eval $1` the `&` address would start pwn.sh: the
            // README says no opener may do that; none is checked here.)
            if *attack == ampersand {
                continue;
            }
            assert!(
                open(&url, std::slice::from_ref(&evals)).is_err(),
                "{attack}"
            );
        }
        std::thread::sleep(Duration::from_millis(100));
        assert!(!pwned.exists(), "an address ran a command");
    }

    #[test]
    fn shell_specials_are_encoded_and_the_structure_kept() {
        // Quotes, backquote, expansions, separators, redirections, globs.
        assert_eq!(
            shell_safe("https://e.org/a'b\"c`d$e;f|g(h)i<j>k\\l^m{n}o*p[q]r~s!t"),
            "https://e.org/a%27b%22c%60d%24e%3Bf%7Cg%28h%29i%3Cj%3Ek%5Cl%5Em%7Bn%7Do%2Ap%5Bq%5Dr%7Es%21t"
        );
        // Ordinary addresses pass unchanged: query fields, fragments,
        // ports, user info, escapes, mail.
        for same in [
            "https://e.org/a?b=c&d=e+f,g#frag",
            "https://user@e.org:8080/p/a-b_c.d/%20x?q=%26#sec-1",
            "http://[::1]:8080/x",
            "http://[2001:db8::7]/",
            "https://app.e.org/#/page?id=x&y=z",
            "https://e.org/page#:~:text=foo",
            "https://e.org/#!/route",
            "mailto:a@b.org?subject=Hi%20there&body=x",
        ] {
            assert_eq!(shell_safe(same), same);
        }
        // A second `?` in the query, a second `#`, and brackets that are
        // not an IP literal are data.
        assert_eq!(
            shell_safe("https://e.org/?a=b?c#d#e"),
            "https://e.org/?a=b%3Fc#d%23e"
        );
        assert_eq!(shell_safe("https://e.org/[x]"), "https://e.org/%5Bx%5D");
        assert_eq!(shell_safe("http://[x;y]/"), "http://%5Bx%3By%5D/");
        assert_eq!(shell_safe("https://e.org/~u/!x"), "https://e.org/%7Eu/%21x");
    }

    #[test]
    fn a_shell_with_percent_s_as_its_script_is_recognized() {
        let w = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        for script in [
            &["sh", "-c", "%s"][..],
            &["/bin/bash", "-c", "%s"],
            &["dash", "-ec", "%s"],
            &["zsh", "-c", "--", "%s"],
            &["bash", "-o", "errexit", "-c", "%s"],
            &["ksh", "-c", "-e", "%s"],
            &["fish", "--command", "%s"],
            &["busybox", "sh", "-c", "%s"],
            &["/usr/bin/env", "LC_ALL=C", "bash", "-c", "%s"],
        ] {
            let cmd = w(script);
            assert_eq!(
                runs_address_as_script(&cmd),
                Some(script.len() - 1),
                "{script:?}"
            );
        }
        // The attack's second round: no `%s` (the address goes last, as
        // the script), wrappers, env's settings with values and `-S`,
        // long options with values, interpreters other than shells.
        for script in [
            &["sh", "-c"][..],
            &["env", "-u", "X", "sh", "-c", "%s"],
            &["env", "-C", "/tmp", "sh", "-c", "%s"],
            &["env", "-S", "sh -c", "%s"],
            &["env", "-S", "sh -c"],
            &["bash", "--rcfile", "/dev/null", "-c", "%s"],
            &["bash", "-c", "-o", "errexit", "%s"],
            &["setsid", "bash", "-c", "-o", "errexit", "%s"],
            &["setsid", "sh", "-c", "%s"],
            &["nice", "sh", "-c", "%s"],
            &["flock", "/tmp/f", "-c", "%s"],
            &["rbash", "-c", "%s"],
            &["busybox", "-c", "%s"],
            &["python3", "-c", "%s"],
            &["perl", "-e", "%s"],
            &["%s"],
            // A code option right before the address is refused whatever
            // the program (a wrapper may hand it to a shell).
            &["firefox", "-c", "%s"],
            &["busybox", "wget", "-c", "%s"],
            &["bash", "-e", "%s"],
        ] {
            assert!(runs_address_as_script(&w(script)).is_some(), "{script:?}");
        }
        for fine in [
            &["sh", "-c", "firefox \"$1\"", "sh", "%s"][..],
            &["sh", "-c", "firefox \"$1\"", "sh"],
            &["env", "-S", "firefox --new-tab", "%s"],
            &["sh", "%s"],
            &["firefox", "--new-tab", "%s"],
            &["lynx", "-accept_all_cookies", "%s"],
            &["open", "-a", "Safari"],
            &["xdg-open"],
        ] {
            assert_eq!(runs_address_as_script(&w(fine)), None, "{fine:?}");
        }
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
