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
    decode_document(read_file_bytes(path, name, max_size, fifo)?, name)
}

/// [`read_file`]'s bytes.
fn read_file_bytes(
    path: &Path,
    name: &str,
    max_size: u64,
    fifo: Fifo,
) -> Result<Vec<u8>, Diagnostic> {
    // Named by the user: wait for its writer, as `cat` would. (Opened
    // without blocking first, a FIFO would take a writer's data on a
    // descriptor that does not wait for it.)
    if fifo == Fifo::Read && std::fs::metadata(path).is_ok_and(|m| is_fifo(&m)) {
        let file = File::open(path).map_err(|e| io_error(name, "cannot open", &e))?;
        return read_bytes(file, name, max_size, 0);
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
    read_bytes(file, name, max_size, meta.len())
}

/// Whether [`read_file`] reads a FIFO or a pipe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fifo {
    /// The user named it (the command line): read it.
    Read,
    /// Met some other way (a link, a reload, a file replaced): refuse it.
    Refuse,
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
    let reason = match e.kind() {
        io::ErrorKind::NotFound => "no such file".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    };
    Diagnostic::plain(name, format!("{what}: {reason}"))
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
    // Sized up front: growing a 74 MB buffer by doubling costs more than the read.
    let mut bytes = Vec::with_capacity(size_hint.min(max_size) as usize + 1);
    let mut reader = reader.take(max_size.saturating_add(1));
    // The first block alone first: a binary file (an image, or a /proc
    // file such as pagemap, whose size says 0 and which gives gigabytes)
    // is refused before the rest is read.
    (&mut reader)
        .take(FIRST_BLOCK)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(name, "cannot read", &e))?;
    if let Some(at) = memchr::memchr(0, &bytes) {
        return Err(Diagnostic::plain(
            name,
            format!("is not a text file (a NUL byte at offset {at})"),
        ));
    }
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(name, "cannot read", &e))?;
    if bytes.len() as u64 > max_size {
        return Err(too_big(name, bytes.len() as u64, max_size));
    }
    Ok(bytes)
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
}

/// A document's bytes (already checked for NUL bytes) as text: UTF-8,
/// with each invalid sequence shown as U+FFFD (one per maximal invalid
/// sequence, as `String::from_utf8_lossy` and the WHATWG decoder count
/// them) and the first one named in a warning.
pub fn decode_document(bytes: Vec<u8>, name: &str) -> Result<DocumentText, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(DocumentText {
            text,
            warning: None,
        }),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let warning = not_utf8(
                name,
                e.as_bytes(),
                valid,
                "not valid UTF-8: each invalid byte sequence is shown as \u{FFFD}",
            );
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            Ok(DocumentText {
                text,
                warning: Some(warning),
            })
        }
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
