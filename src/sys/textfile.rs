//! Reading a file's text whole, with a size limit checked before it is
//! read, as UTF-8; what goes wrong is a [`Diagnostic`]. Used for documents
//! and the config file.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use crate::text::diagnostic::Diagnostic;
use crate::text::sanitize::sanitize;

/// A path as it is named in messages, made safe to print.
pub fn display_path(path: &Path) -> String {
    sanitize(&path.to_string_lossy()).into_owned()
}

/// Reads the file at `path` (named `name` in errors), refusing anything
/// over `max_size` bytes before reading it whole. Directories, devices and
/// sockets are refused, and so is a FIFO (or a pipe, as `<(cmd)` names
/// one) unless `fifo` says the user named it (on the command line): then
/// it is read, up to the limit.
///
/// The file is opened without blocking and its type checked on the open
/// file (`O_NONBLOCK`, `fstat`): a plain open of a FIFO waits for a writer
/// for good, and checking the path first leaves a window where it can be
/// swapped for one.
pub fn read_file(path: &Path, name: &str, max_size: u64, fifo: Fifo) -> Result<String, Diagnostic> {
    strict_utf8(read_file_bytes(path, name, max_size, fifo)?, name)
}

/// Reads the document file at `path` as [`read_file`] does, but as less
/// and bat show text: each invalid UTF-8 sequence becomes U+FFFD and the
/// first one is a warning, not an error ([`decode_document`]).
pub fn read_document_file(
    path: &Path,
    name: &str,
    max_size: u64,
    fifo: Fifo,
) -> Result<DocumentText, Diagnostic> {
    read_document_start(path, name, max_size, fifo, 0)?.finish()
}

/// [`read_file`]'s bytes.
fn read_file_bytes(
    path: &Path,
    name: &str,
    max_size: u64,
    fifo: Fifo,
) -> Result<Vec<u8>, Diagnostic> {
    read_document_start(path, name, max_size, fifo, 0)?.finish_bytes()
}

/// Reads the document file at `path` as [`read_document_file`] does, but
/// only its first `want` bytes or so (at least the first block the NUL
/// check reads): the rest is read by [`PartRead::finish`], on another
/// thread if need be. The checks made before any reading (the file's
/// type, `max_size` against its size) are made here.
pub fn read_document_start(
    path: &Path,
    name: &str,
    max_size: u64,
    fifo: Fifo,
    want: usize,
) -> Result<PartRead, Diagnostic> {
    let opened = std::time::SystemTime::now();
    // Named by the user: wait for its writer, as `cat` would. (Opened
    // without blocking first, a FIFO would take a writer's data on a
    // descriptor that does not wait for it.)
    if fifo == Fifo::Read && std::fs::metadata(path).is_ok_and(|m| is_fifo(&m)) {
        let file = File::open(path).map_err(|e| io_error(name, "cannot open", &e))?;
        return PartRead::start(file, name, max_size, 0, None, want);
    }
    let file = open_nonblocking(path).map_err(|e| io_error(name, "cannot open", &e))?;
    let meta = file
        .metadata()
        .map_err(|e| io_error(name, "cannot read", &e))?;
    if meta.is_dir() {
        return Err(Diagnostic::plain(
            name,
            "is a directory, not a document file",
        ));
    }
    if is_fifo(&meta) {
        return Err(Diagnostic::plain(
            name,
            "is a FIFO (a named pipe), not a document file: only one named on the command line is read",
        ));
    }
    if !meta.is_file() {
        return Err(Diagnostic::plain(
            name,
            "is not a regular file (devices and sockets are not read)",
        ));
    }
    if meta.len() > max_size {
        return Err(too_big(name, meta.len(), max_size));
    }
    // O_NONBLOCK means nothing to a regular file's reads. Its size may be
    // wrong (0 for files under /proc): the read stops at the limit anyway.
    let stamp = FileStamp::of(&meta, opened);
    PartRead::start(file, name, max_size, meta.len(), Some(stamp), want)
}

/// What tells a file's version apart without reading it: its identity
/// (device and inode), size and times as `fstat` gave them when it was
/// opened to be read. A file whose stamp is the same now has not been
/// written since, unless it was written within the clock's resolution
/// of the read ([`FileStamp::unchanged`] says no then: git's "racy" case).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    /// Device, inode and the change time (seconds, nanoseconds): a file
    /// replaced by a rename, or written with its mtime set back.
    #[cfg(unix)]
    identity: (u64, u64, i64, i64),
    /// When the file was opened (the wall clock, before the open).
    opened: std::time::SystemTime,
}

/// A file modified this close before it was opened may be written again
/// without its times changing (coarse clocks; FAT's are 2 s).
const RACY: std::time::Duration = std::time::Duration::from_secs(2);

impl FileStamp {
    fn of(meta: &std::fs::Metadata, opened: std::time::SystemTime) -> FileStamp {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        FileStamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            #[cfg(unix)]
            identity: (meta.dev(), meta.ino(), meta.ctime(), meta.ctime_nsec()),
            opened,
        }
    }

    /// Whether the file at `path` is, by its metadata, the one that was
    /// read: the same file, size and times, last written well before it
    /// was opened. `false` means "read it to know".
    pub fn unchanged(&self, path: &Path) -> bool {
        let Ok(meta) = std::fs::metadata(path) else {
            return false;
        };
        let racy = self.modified.is_none_or(|m| m + RACY > self.opened);
        !racy && FileStamp::of(&meta, self.opened) == *self
    }
}

/// A document file of which the first bytes are read and the rest is not
/// yet ([`read_document_start`]).
#[derive(Debug)]
pub struct PartRead<R = File> {
    file: std::io::Take<R>,
    bytes: Vec<u8>,
    name: String,
    max_size: u64,
    /// The whole file is read.
    complete: bool,
    /// The file as it was opened (`None` for a FIFO).
    pub stamp: Option<FileStamp>,
    /// The file's size when it was opened.
    pub size: u64,
}

impl<R: Read> PartRead<R> {
    fn start(
        file: R,
        name: &str,
        max_size: u64,
        size_hint: u64,
        stamp: Option<FileStamp>,
        want: usize,
    ) -> Result<PartRead<R>, Diagnostic> {
        // Sized up front: growing a 74 MB buffer by doubling costs more
        // than the read (the pages are touched only as they are read).
        let mut bytes = Vec::with_capacity(size_hint.min(max_size) as usize + 1);
        let mut file = file.take(max_size.saturating_add(1));
        // The first block alone first: a binary file (an image, or a /proc
        // file such as pagemap, whose size says 0 and which gives gigabytes)
        // is refused before the rest is read.
        (&mut file)
            .take(FIRST_BLOCK)
            .read_to_end(&mut bytes)
            .map_err(|e| io_error(name, "cannot read", &e))?;
        if let Some(at) = memchr::memchr(0, &bytes) {
            return Err(Diagnostic::plain(
                name,
                format!("is not a text file (a NUL byte at offset {at})"),
            ));
        }
        let mut complete = (bytes.len() as u64) < FIRST_BLOCK;
        if !complete && want > bytes.len() {
            let more = (want - bytes.len()) as u64;
            let before = bytes.len();
            (&mut file)
                .take(more)
                .read_to_end(&mut bytes)
                .map_err(|e| io_error(name, "cannot read", &e))?;
            complete = ((bytes.len() - before) as u64) < more;
        }
        if bytes.len() as u64 > max_size {
            return Err(too_big(name, bytes.len() as u64, max_size));
        }
        Ok(PartRead {
            file,
            bytes,
            name: name.to_string(),
            max_size,
            complete,
            stamp,
            size: size_hint,
        })
    }

    /// How many bytes of the file are read.
    pub fn bytes_read(&self) -> usize {
        self.bytes.len()
    }

    /// Whether the file's end was met: nothing is left to read.
    pub fn complete(&self) -> bool {
        self.complete
    }

    /// The text read so far, to its last whole line (all of it once the
    /// file is read whole), decoded as [`decode_document`] decodes the
    /// whole: a line break never splits a UTF-8 sequence, so this is the
    /// start of the whole file's text, and its warning the whole's when
    /// the first bad byte is in it.
    pub fn text_so_far(&self) -> DocumentText {
        let end = if self.complete {
            self.bytes.len()
        } else {
            memchr::memrchr(b'\n', &self.bytes).map_or(0, |at| at + 1)
        };
        let mut read = decode_slice(&self.bytes[..end], &self.name);
        read.stamp = self.stamp;
        read
    }

    /// Reads the rest of the file and decodes the whole of it.
    pub fn finish(self) -> Result<DocumentText, Diagnostic> {
        let (name, stamp) = (self.name.clone(), self.stamp);
        let mut read = decode_document(self.finish_bytes()?, &name)?;
        read.stamp = stamp;
        Ok(read)
    }

    fn finish_bytes(mut self) -> Result<Vec<u8>, Diagnostic> {
        if !self.complete {
            self.file
                .read_to_end(&mut self.bytes)
                .map_err(|e| io_error(&self.name, "cannot read", &e))?;
        }
        if self.bytes.len() as u64 > self.max_size {
            return Err(too_big(&self.name, self.bytes.len() as u64, self.max_size));
        }
        Ok(self.bytes)
    }
}

impl PartRead<File> {
    /// Where the open file is: how many bytes were read from it, as the
    /// system counts them.
    pub fn file_offset(&self) -> io::Result<u64> {
        use std::io::Seek;
        self.file.get_ref().stream_position()
    }
}

/// Whether [`read_file`] reads a FIFO or a pipe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fifo {
    /// The user named it (the command line): read it.
    Read,
    /// Met some other way (a link, a reload, a file replaced): refuse it.
    Refuse,
}

/// Opens (making it if need be) a lock file for writing without waiting
/// on it: a FIFO in its place (or a device) would block `open(2)` until a
/// reader came, holding a quit for good (the attack). Anything but a
/// regular file is refused.
pub fn open_lock_file(path: &Path) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    Ok(file)
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    File::open(path)
}

#[cfg(unix)]
fn is_fifo(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    meta.file_type().is_fifo()
}

#[cfg(not(unix))]
fn is_fifo(_meta: &std::fs::Metadata) -> bool {
    false
}

fn io_error(name: &str, what: &str, e: &io::Error) -> Diagnostic {
    Diagnostic::plain(name, format!("{what}: {}", io_reason(e)))
}

/// An I/O error in words, without the OS's error number.
pub fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

fn too_big(name: &str, size: u64, max: u64) -> Diagnostic {
    Diagnostic::plain(
        name,
        format!("file is over the size limit ({size} bytes > {max} bytes; see --max-size)"),
    )
}

/// How much is read before the rest, to refuse a binary file early.
const FIRST_BLOCK: u64 = 64 * 1024;

/// Reads `reader` to its end as UTF-8 text, failing once it passes
/// `max_size` bytes, or at once when its first block holds a NUL byte
/// (no text file does). `size_hint`: the expected size, reserved up front.
pub fn read_limited(
    reader: impl Read,
    name: &str,
    max_size: u64,
    size_hint: u64,
) -> Result<String, Diagnostic> {
    strict_utf8(read_bytes(reader, name, max_size, size_hint)?, name)
}

/// [`read_limited`] for a document: invalid UTF-8 is shown, with a
/// warning ([`decode_document`]).
pub fn read_document(
    reader: impl Read,
    name: &str,
    max_size: u64,
    size_hint: u64,
) -> Result<DocumentText, Diagnostic> {
    decode_document(read_bytes(reader, name, max_size, size_hint)?, name)
}

/// [`read_limited`]'s bytes.
fn read_bytes(
    reader: impl Read,
    name: &str,
    max_size: u64,
    size_hint: u64,
) -> Result<Vec<u8>, Diagnostic> {
    PartRead::start(reader, name, max_size, size_hint, None, 0)?.finish_bytes()
}

/// Text that must be UTF-8 (the config file): the first bad byte is an
/// error, located.
fn strict_utf8(bytes: Vec<u8>, name: &str) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        not_utf8(
            name,
            e.as_bytes(),
            valid,
            "not valid UTF-8 (document files must be UTF-8 text)",
        )
    })
}

/// A document's text as read, and what was wrong with its bytes that did
/// not stop it from being shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentText {
    pub text: String,
    /// Invalid UTF-8 shown as U+FFFD: where the first bad byte is.
    pub warning: Option<Diagnostic>,
    /// The file as it was opened, when it is a file.
    pub stamp: Option<FileStamp>,
}

/// The warning about invalid UTF-8 in a document.
const SHOWN_AS_REPLACEMENT: &str =
    "not valid UTF-8: each invalid byte sequence is shown as \u{FFFD}";

/// A document's bytes (already checked for NUL bytes) as text: UTF-8,
/// with each invalid sequence shown as U+FFFD (one per maximal invalid
/// sequence, as `String::from_utf8_lossy` and the WHATWG decoder count
/// them) and the first one named in a warning.
pub fn decode_document(bytes: Vec<u8>, name: &str) -> Result<DocumentText, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(DocumentText {
            text,
            warning: None,
            stamp: None,
        }),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let warning = not_utf8(name, e.as_bytes(), valid, SHOWN_AS_REPLACEMENT);
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            Ok(DocumentText {
                text,
                warning: Some(warning),
                stamp: None,
            })
        }
    }
}

/// [`decode_document`] of borrowed bytes.
fn decode_slice(bytes: &[u8], name: &str) -> DocumentText {
    match std::str::from_utf8(bytes) {
        Ok(text) => DocumentText {
            text: text.to_string(),
            warning: None,
            stamp: None,
        },
        Err(e) => DocumentText {
            text: String::from_utf8_lossy(bytes).into_owned(),
            warning: Some(not_utf8(name, bytes, e.valid_up_to(), SHOWN_AS_REPLACEMENT)),
            stamp: None,
        },
    }
}

/// Where the first byte that is not UTF-8 (at `valid`) is, with an
/// excerpt.
fn not_utf8(name: &str, bytes: &[u8], valid: usize, message: &str) -> Diagnostic {
    // The prefix up to the bad byte is valid, so it can be located.
    // Bad bytes show as `<0xFF>` in the excerpt, not as `�`.
    let mut text = String::new();
    for chunk in bytes[..bytes.len().min(valid + 400)].utf8_chunks() {
        text.push_str(chunk.valid());
        for b in chunk.invalid() {
            text.push_str(&format!("<0x{b:02X}>"));
        }
    }
    // Like the parsers, leave a BOM out of the columns and the excerpt.
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    Diagnostic::at(name, &text[bom..], valid - bom, message)
}
