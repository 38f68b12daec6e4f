//! The standard streams as the caller left them, and writes to standard
//! output that report failure.
//!
//! A stream closed with `>&-` or `<&-` is not seen as closed by the
//! program: Rust's runtime reopens fds 0 to 2 on `/dev/null` (read-write)
//! before `main`, so a closed stdout swallows every write and a closed
//! stdin reads as empty. A shell never opens `/dev/null` read-write for a
//! plain `>` or `<`, which is how the two are told apart.

use std::io::{self, Write};

/// Standard input's file descriptor.
pub const STDIN: i32 = 0;
/// Standard output's file descriptor.
pub const STDOUT: i32 = 1;

/// Whether `fd` was closed by whoever started us (see the module doc).
#[cfg(unix)]
pub fn closed(fd: i32) -> bool {
    use std::os::fd::BorrowedFd;
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    // SAFETY: F_GETFL only reads the descriptor's flags; an invalid fd gives -1.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if flags == -1 {
        return true;
    }
    if flags & libc::O_ACCMODE != libc::O_RDWR {
        return false;
    }
    // SAFETY: fcntl just said `fd` is open; it stays open while borrowed here.
    let fd = unsafe { BorrowedFd::borrow_raw(fd) };
    let Ok(meta) = fd
        .try_clone_to_owned()
        .map(std::fs::File::from)
        .and_then(|f| f.metadata())
    else {
        return true;
    };
    let null = std::fs::metadata("/dev/null");
    meta.file_type().is_char_device() && null.is_ok_and(|n| n.rdev() == meta.rdev())
}

#[cfg(not(unix))]
pub fn closed(_fd: i32) -> bool {
    false
}

/// Whether standard input holds a document to read when no file is named
/// (`cat doc.md | camp-reader`, `camp-reader < doc.md`): a pipe, a socket
/// or a regular file. A terminal, `/dev/null` or another device, a closed
/// stdin or a directory holds none.
#[cfg(unix)]
pub fn stdin_holds_document() -> bool {
    use std::os::fd::AsFd;
    use std::os::unix::fs::FileTypeExt;
    if closed(STDIN) {
        return false;
    }
    let stdin = io::stdin();
    let Ok(meta) = stdin
        .as_fd()
        .try_clone_to_owned()
        .map(std::fs::File::from)
        .and_then(|f| f.metadata())
    else {
        return false;
    };
    let kind = meta.file_type();
    kind.is_fifo() || kind.is_socket() || kind.is_file()
}

#[cfg(not(unix))]
pub fn stdin_holds_document() -> bool {
    use std::io::IsTerminal;
    !io::stdin().is_terminal()
}

/// Writes `bytes` to standard output. A closed stdout or a failed write
/// (a full disk) is an error; a reader that went away (`| head`, a pager
/// that quit) is not.
pub fn write_stdout(bytes: &[u8]) -> Result<(), String> {
    if closed(STDOUT) {
        return Err("cannot write output: standard output is closed".to_string());
    }
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            Err(format!("cannot write output: {}", describe(&e)))
        }
        _ => Ok(()),
    }
}

/// An I/O error in words, without the `(os error N)` tail.
pub fn describe(e: &io::Error) -> String {
    let s = e.to_string();
    let s = s.find(" (os error").map_or(s.as_str(), |i| &s[..i]);
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
