//! The watcher's start (issues 22 and 24): it starts from the version the
//! load read (the hash of its text and the file's stamp as it was
//! opened), so an idle reader reads nothing more; a file changed since it
//! was read, or written too close to the read to tell by its stamp, is
//! read again and compared.

use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use camp_reader::load::{self, Input, Version};
use camp_reader::shell::watch::Reloader;
use camp_reader::sys::wake::Waker;

/// A document file last written an hour ago, and the version read of it.
fn old_file(dir: &Path) -> (std::path::PathBuf, Version) {
    let path = dir.join("doc.md");
    std::fs::write(&path, "# Doc\n\nFirst version.\n").unwrap();
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(hour_ago)
        .unwrap();
    let (_, version) = load::load_named(&Input::File(path.clone()), 1 << 20, None).unwrap();
    assert!(version.stamp.is_some());
    (path, version)
}

fn start(path: &Path, shown: Option<Version>) -> Reloader {
    let (reloader, problem) = Reloader::start(path, 1 << 20, None, true, shown, Waker::default());
    assert_eq!(problem, None);
    reloader
}

/// Waits up to 10 s for a finished load whose text holds `text` (a save
/// seen half-written under load is loaded too, then the whole).
fn wait_load(reloader: &Reloader, text: &str) {
    let until = Instant::now() + Duration::from_secs(10);
    while Instant::now() < until {
        if let Some(Ok(doc)) = reloader.take()
            && doc.text().contains(text)
        {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("no load with {text:?}");
}

/// Waits up to 10 s for the reloader to have read the file `n` times.
fn wait_reads(reloader: &Reloader, n: usize) {
    let until = Instant::now() + Duration::from_secs(10);
    while reloader.reads() < n && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(reloader.reads(), n);
}

#[test]
fn an_idle_reader_reads_nothing_once_the_file_is_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let (path, version) = old_file(dir.path());
    let reloader = start(&path, Some(version));
    // Time enough for the first read it used to make (its own).
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(reloader.reads(), 0, "the file was read again");
    // It still watches: a change is read once, and loaded.
    std::fs::write(&path, "# Doc\n\nSecond version.\n").unwrap();
    wait_load(&reloader, "Second version.");
    assert!(reloader.reads() >= 1);
}

#[test]
fn a_file_changed_since_it_was_read_is_loaded_when_the_watch_starts() {
    let dir = tempfile::tempdir().unwrap();
    let (path, version) = old_file(dir.path());
    std::fs::write(&path, "# Doc\n\nChanged before the watch.\n").unwrap();
    let reloader = start(&path, Some(version));
    wait_load(&reloader, "Changed before the watch.");
}

#[test]
fn a_file_written_just_before_it_was_read_is_read_to_compare() {
    // Its stamp could be the same after a second write in the same clock
    // tick: read and compared (the same bytes: nothing loaded).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fresh.md");
    std::fs::write(&path, "# Fresh\n\nJust written.\n").unwrap();
    let (_, version) = load::load_named(&Input::File(path.clone()), 1 << 20, None).unwrap();
    let reloader = start(&path, Some(version));
    wait_reads(&reloader, 1);
    std::thread::sleep(Duration::from_millis(100));
    assert!(
        reloader.take().is_none(),
        "the same bytes are not loaded again"
    );
}

#[test]
fn until_the_version_is_known_nothing_is_loaded_then_a_change_meanwhile_is() {
    // The rest of a large file is being read: changes wait for it.
    let dir = tempfile::tempdir().unwrap();
    let (path, version) = old_file(dir.path());
    let reloader = start(&path, None);
    std::fs::write(&path, "# Doc\n\nWritten while the rest was read.\n").unwrap();
    reloader.reload();
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(reloader.reads(), 0);
    reloader.shown(Some(version));
    wait_load(&reloader, "Written while the rest was read.");
    // And an unchanged file told its version reads nothing.
    let other = tempfile::tempdir().unwrap();
    let (path, version) = old_file(other.path());
    let reloader = start(&path, None);
    reloader.shown(Some(version));
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(reloader.reads(), 0);
}
