//! Writes a large document in the content format to standard output: the
//! embedded article repeated COPIES times, with numbered section titles.
//!
//!     cargo run --release --example make-doc -- 10000 > big.toml
//!
//! Used for the scale benchmarks and tests; the output is generated, never
//! committed.

use std::io::{BufWriter, Write};

use camp_reader::load::{EMBEDDED, EMBEDDED_NAME, parse};
use camp_reader::sample::write_copies;

fn main() {
    let copies: usize = match std::env::args().nth(1).map(|a| a.parse()) {
        Some(Ok(n)) if n > 0 => n,
        _ => {
            eprintln!("usage: make-doc COPIES > big.toml");
            std::process::exit(2);
        }
    };
    let doc = match parse(EMBEDDED_NAME, EMBEDDED) {
        Ok(doc) => doc,
        Err(e) => {
            eprintln!("make-doc: {e}");
            std::process::exit(2);
        }
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if let Err(e) = write_copies(&doc, copies, &mut out).and_then(|_| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("make-doc: {e}");
            std::process::exit(1);
        }
    }
}
