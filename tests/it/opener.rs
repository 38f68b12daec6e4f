//! The opener, with a fake opener script that records its arguments and
//! what it was started with.

use std::ffi::OsString;
use std::path::Path;
use std::time::{Duration, Instant};

use camp_reader::sys::opener;
use camp_reader::text::hyperlink::SafeUrl;

/// A script that writes its arguments, one a line, then where its standard
/// streams go and whether it has a terminal, to `record`.
fn fake_opener(dir: &Path, record: &Path) -> String {
    let script = dir.join("fake-opener");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\n\
             out={record:?}\n\
             streams=$(for fd in 0 1 2; do printf 'fd%s %s\\n' $fd \"$(readlink /proc/$$/fd/$fd 2>/dev/null || echo unknown)\"; done)\n\
             for a in \"$@\"; do printf 'arg %s\\n' \"$a\"; done > \"$out.tmp\"\n\
             echo \"$streams\" >> \"$out.tmp\"\n\
             if (exec 3</dev/tty) 2>/dev/null; then echo 'tty yes'; else echo 'tty no'; fi >> \"$out.tmp\"\n\
             mv \"$out.tmp\" \"$out\"\n"
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    script.to_string_lossy().into_owned()
}

fn wait_for(record: &Path) -> String {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        if let Ok(text) = std::fs::read_to_string(record) {
            return text;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("the fake opener never wrote {}", record.display());
}

#[test]
fn the_configured_opener_gets_its_arguments_and_the_address_detached() {
    let dir = tempfile::tempdir().unwrap();
    let record = dir.path().join("record");
    let script = fake_opener(dir.path(), &record);
    let configured = vec![script.clone(), "--new-tab".to_string()];
    let commands = opener::commands(Some(&configured), |_| {
        Some(OsString::from("/nonexistent/browser"))
    });
    let url = "https://example.org/a%20b?x=1&y=$(touch%20pwned)";
    let safe = SafeUrl::new(url).unwrap();
    assert_eq!(opener::open(&safe, &commands), Ok(script));
    let text = wait_for(&record);
    let lines: Vec<&str> = text.lines().collect();
    // One argument, with the shell's `$ ( )` percent-encoded.
    let sent = "https://example.org/a%20b?x=1&y=%24%28touch%20pwned%29";
    assert_eq!(&lines[..2], &["arg --new-tab", &format!("arg {sent}")]);
    if Path::new("/proc/self/fd").exists() {
        for fd in 0..3 {
            assert!(
                lines.contains(&format!("fd{fd} /dev/null").as_str()),
                "{text}"
            );
        }
    }
    assert!(lines.contains(&"tty no"), "no controlling terminal: {text}");
    assert!(!dir.path().join("pwned").exists());
}

#[test]
fn browser_from_the_environment_with_percent_s_and_a_fallback() {
    let dir = tempfile::tempdir().unwrap();
    let record = dir.path().join("record");
    let script = fake_opener(dir.path(), &record);
    // `%s` stands where it is a whole argument; an entry with `%s` inside a
    // larger argument is skipped (a shell wrapper would run `$(…)` from the
    // address), as is one that cannot start: the third entry opens.
    let browser = format!("/nonexistent/browser:{script} --open=%s:{script} --open %s --flag");
    let commands = opener::commands(None, |name| {
        (name == "BROWSER").then(|| OsString::from(&browser))
    });
    let url = SafeUrl::new("mailto:a@b.org").unwrap();
    assert_eq!(opener::open(&url, &commands), Ok(script));
    let text = wait_for(&record);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        &lines[..3],
        &["arg --open", "arg mailto:a@b.org", "arg --flag"]
    );
}
