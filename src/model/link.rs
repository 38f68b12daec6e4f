//! Where a link points: a section of this document, another document (and
//! perhaps a section of it), a web or mail address, or something the reader
//! never opens, with the reason. Pure: nothing here looks at the disk.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use percent_encoding::percent_decode_str;

use crate::model::document::Document;
use crate::text::hyperlink::{MAX_URL_BYTES, SafeUrl};

/// A link's target, classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `#id` naming a section of this document.
    Section(usize),
    /// `#id` naming a place inside a section (an HTML anchor, a
    /// footnote's definition): its block, and the section that holds it.
    Block { section: usize, block: usize },
    /// `#id` naming no section of this document.
    Broken { id: String },
    /// `#doc#id` in a book, `doc` one of its documents (the entry
    /// heading it is `section`) with no place `id`: as a link to another
    /// file's missing `#id`, it lands at the document's top, saying so.
    Missing { section: usize, id: String },
    /// A path to another document, resolved against the current document's
    /// directory, and the section id after `#`, if any.
    Document {
        path: PathBuf,
        fragment: Option<String>,
    },
    /// A path that starts with `/`, in a document read from folder `dir`:
    /// from the top of the repository holding `dir` (the nearest folder
    /// above it with `.git`), else from `dir` itself. `path` is relative.
    FromRoot {
        dir: PathBuf,
        path: PathBuf,
        fragment: Option<String>,
    },
    /// An `http`, `https` or `mailto` address, made safe: printable ASCII
    /// only, at most [`MAX_URL_BYTES`] long.
    Web(SafeUrl),
    /// Never opened; why not.
    Refused(String),
}

impl Target {
    /// Web and mail addresses, the ones a terminal hyperlink may carry.
    pub fn web(&self) -> Option<&SafeUrl> {
        match self {
            Target::Web(url) => Some(url),
            _ => None,
        }
    }
}

/// Classifies `target` as written in the document `doc`, whose file is in
/// `base` (`None` for standard input and the embedded article: a relative
/// path then has nothing to be resolved against).
pub fn classify(target: &str, doc: &Document, base: Option<&Path>) -> Target {
    let target = target.trim();
    if target.is_empty() {
        return Target::Refused("the link has no address".into());
    }
    if let Some(id) = target.strip_prefix('#') {
        let id = decode(id);
        return place_of_id(doc, &id)
            .or_else(|| in_part(doc, &id))
            .unwrap_or_else(|| Target::Broken {
                id: id.into_owned(),
            });
    }
    if let Some(scheme) = scheme(target) {
        return match scheme.to_ascii_lowercase().as_str() {
            "http" | "https" | "mailto" => web(target),
            "file" => Target::Refused(
                "file: addresses are never opened (a relative path to a document is followed)"
                    .into(),
            ),
            "javascript" | "data" | "vbscript" => {
                Target::Refused(format!("{scheme}: addresses are never opened"))
            }
            _ => Target::Refused(format!(
                "{scheme}: addresses are not opened (only http, https and mailto)"
            )),
        };
    }
    if target.starts_with("//") {
        return Target::Refused("an address without http: or https: is not opened".into());
    }
    document(target, base)
}

/// Whether `target` is an address [`classify`] makes a [`Target::Web`]
/// (`http`, `https` or `mailto`, in any case).
pub fn is_web(target: &str) -> bool {
    scheme(target.trim()).is_some_and(|s| {
        ["http", "https", "mailto"]
            .iter()
            .any(|w| s.eq_ignore_ascii_case(w))
    })
}

/// A web or mail address, if it can be made safe and is not too long.
fn web(target: &str) -> Target {
    match SafeUrl::new(target) {
        Some(url) => Target::Web(url),
        None => Target::Refused(format!("the address is longer than {MAX_URL_BYTES} bytes")),
    }
}

fn document(target: &str, base: Option<&Path>) -> Target {
    let (path, fragment) = match target.split_once('#') {
        Some((path, fragment)) => (path, Some(decode(fragment).into_owned())),
        None => (target, None),
    };
    // A query means nothing to a file.
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    // Any file: Markdown and TOML by their names, other text as plain
    // text; what is not text is refused when it is read, with the reason.
    let path = PathBuf::from(decode(path).as_ref());
    if path.as_os_str().is_empty() {
        return Target::Refused("the link has no file name".into());
    }
    let path = if path.is_absolute() {
        // GitHub reads `/docs/x.md` from the repository's top folder;
        // which folder that is, the disk says, when the link is followed.
        // (Without a folder, standard input's, it is the file system's.)
        if let Some(dir) = base
            && let Ok(rest) = path.strip_prefix("/")
        {
            return Target::FromRoot {
                dir: dir.to_path_buf(),
                path: within_root(rest),
                fragment,
            };
        }
        path
    } else {
        match base {
            Some(dir) => dir.join(path),
            None => {
                return Target::Refused(
                    "a relative path, and this document has no directory to start from".into(),
                );
            }
        }
    };
    Target::Document { path, fragment }
}

/// The scheme of an absolute URL (`https` in `https://…`): letters, digits,
/// `+`, `-`, `.` from a letter on, before a `:`. One letter is a Windows
/// drive (`C:`), not a scheme.
fn scheme(target: &str) -> Option<&str> {
    let (scheme, _) = target.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (valid && scheme.len() > 1).then_some(scheme)
}

/// The section an `#id` names: its id exactly, else ignoring case (as
/// GitHub's anchors are lowercase while ids written by hand may not be).
/// Where `#id` lands in `doc`: a section by its id, else an anchor
/// (`<a name>`, an element's `id`, a footnote's definition) at its block.
/// `None` when the document has no such place.
pub fn place_of_id(doc: &Document, id: &str) -> Option<Target> {
    let Some(section) = find_id(doc, id) else {
        // `#top` and `#` name the page's top when nothing is so named,
        // as in browsers and on GitHub: the document's start.
        return (is_top(id) && !doc.sections.is_empty()).then(|| match doc.blocks.is_empty() {
            true => Target::Section(0),
            false => Target::Block {
                section: doc.blocks[0].section as usize,
                block: 0,
            },
        });
    };
    Some(match doc.anchor_block(id, section) {
        Some(block) => Target::Block { section, block },
        None => Target::Section(section),
    })
}

/// Where `#doc#id` lands in a book when `doc#id` names no section: an
/// anchor `id` (`<a name>`, a footnote) inside the document `doc` (a
/// section whose id is `doc`, its entry), else [`Target::Missing`] at
/// its top. `None` when no section is named by what comes before a `#`.
pub fn in_part(doc: &Document, id: &str) -> Option<Target> {
    for (i, _) in id.match_indices('#') {
        let (name, fragment) = (&id[..i], &id[i + 1..]);
        let Some(entry) = (0..doc.sections.len()).find(|&s| doc.section_id(s) == name) else {
            continue;
        };
        let within = entry as u32..doc.sections[entry].subtree_end;
        let anchor = doc
            .anchors
            .iter()
            .find(|(a, at)| *a == fragment && within.contains(&at.section));
        return Some(match anchor {
            Some((_, at)) if at.block != crate::model::document::NONE => Target::Block {
                section: at.section as usize,
                block: at.block as usize,
            },
            Some((_, at)) => Target::Section(at.section as usize),
            // `other.md#top`: that document's start (see `place_of_id`).
            None if is_top(fragment) => Target::Section(entry),
            None => Target::Missing {
                section: entry,
                id: fragment.to_string(),
            },
        });
    }
    None
}

/// Whether a link's `#id` names the page's top when nothing else has
/// that id: `#top` (in any case, as HTML has it) or an empty `#`.
pub fn is_top(id: &str) -> bool {
    id.is_empty() || id.eq_ignore_ascii_case("top")
}

fn find_id(doc: &Document, id: &str) -> Option<usize> {
    doc.section_with_id(id)
        .or_else(|| doc.section_with_id_folded(id))
        .or_else(|| doc.anchor_section(id))
}

/// `%20` and the like decoded, when they make UTF-8.
fn decode(s: &str) -> Cow<'_, str> {
    percent_decode_str(s)
        .decode_utf8()
        .unwrap_or(Cow::Borrowed(s))
}

/// `path` from a repository's top folder with `..` stopping at that
/// folder, as GitHub reads `/../x.md` (as `/x.md`): a link written from
/// the top never leaves it by its own text.
fn within_root(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut kept = PathBuf::new();
    for part in path.components() {
        match part {
            Component::Normal(name) => kept.push(name),
            Component::ParentDir => {
                kept.pop();
            }
            Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse;

    fn doc() -> Document {
        parse(
            "t.toml",
            r#"
title = "T"
[[sections]]
title = "Installation"
[[sections]]
title = "Usage"
id = "Usage-Notes"
"#,
        )
        .unwrap()
    }

    fn refused(t: Target) -> String {
        match t {
            Target::Refused(why) => why,
            other => panic!("not refused: {other:?}"),
        }
    }

    #[test]
    fn anchors_name_sections_or_are_broken() {
        let d = doc();
        assert_eq!(classify("#installation", &d, None), Target::Section(0));
        assert_eq!(classify("#usage-notes", &d, None), Target::Section(1));
        assert_eq!(classify("#Usage%2DNotes", &d, None), Target::Section(1));
        assert_eq!(
            classify("#nowhere", &d, None),
            Target::Broken {
                id: "nowhere".into()
            }
        );
    }

    #[test]
    fn paths_resolve_against_the_documents_directory() {
        let d = doc();
        let base = Path::new("/docs/guide");
        assert_eq!(
            classify("other.md#usage", &d, Some(base)),
            Target::Document {
                path: "/docs/guide/other.md".into(),
                fragment: Some("usage".into())
            }
        );
        assert_eq!(
            classify("../My%20Notes.TOML", &d, Some(base)),
            Target::Document {
                path: "/docs/guide/../My Notes.TOML".into(),
                fragment: None
            }
        );
        assert_eq!(
            classify("/abs/x.markdown?raw=1", &d, None),
            Target::Document {
                path: "/abs/x.markdown".into(),
                fragment: None
            }
        );
        assert!(refused(classify("other.md", &d, None)).contains("no directory"));
        // Any file is followed, to be read (never run): text as plain
        // text, anything else refused when it is read (issue 19 item 8).
        for file in ["./install.sh", "notes", "LICENSE"] {
            assert_eq!(
                classify(file, &d, Some(base)),
                Target::Document {
                    path: base.join(file),
                    fragment: None
                }
            );
        }
        // From `/`: the repository's top, found when followed (item 7).
        assert_eq!(
            classify("/usr/bin/xterm", &d, Some(base)),
            Target::FromRoot {
                dir: base.into(),
                path: "usr/bin/xterm".into(),
                fragment: None
            }
        );
        // `..` stops at the top, as on GitHub: `/../../etc/passwd` is the
        // repository's own `etc/passwd`, never the system's.
        for (link, inside) in [
            ("/../../../../etc/passwd", "etc/passwd"),
            ("/docs/../../x.md", "x.md"),
            ("/a/./b/../c.md", "a/c.md"),
        ] {
            assert_eq!(
                classify(link, &d, Some(base)),
                Target::FromRoot {
                    dir: base.into(),
                    path: inside.into(),
                    fragment: None
                },
                "{link}"
            );
        }
        assert!(refused(classify("?raw=1", &d, Some(base))).contains("no file name"));
    }

    #[test]
    fn web_and_mail_addresses_are_made_safe() {
        let d = doc();
        assert_eq!(
            classify(" https://example.org/a b ", &d, None),
            Target::Web(SafeUrl::new("https://example.org/a%20b").unwrap())
        );
        assert_eq!(
            classify("HTTP://x.org/ü", &d, None),
            Target::Web(SafeUrl::new("HTTP://x.org/%C3%BC").unwrap())
        );
        assert_eq!(
            classify("mailto:a@b.org", &d, None)
                .web()
                .map(SafeUrl::as_str),
            Some("mailto:a@b.org")
        );
        let long = format!("https://x.org/{}", "a".repeat(MAX_URL_BYTES));
        assert!(refused(classify(&long, &d, None)).contains("longer than 2048"));
    }

    #[test]
    fn other_schemes_are_refused_with_the_reason() {
        let d = doc();
        assert!(refused(classify("javascript:alert(1)", &d, None)).contains("never opened"));
        assert!(refused(classify("JavaScript:alert(1)", &d, None)).starts_with("JavaScript:"));
        assert!(refused(classify("file:///etc/passwd", &d, None)).starts_with("file:"));
        assert!(refused(classify("ssh://host", &d, None)).contains("only http, https and mailto"));
        assert!(refused(classify("//host/x", &d, None)).contains("without http"));
        assert!(refused(classify("  ", &d, None)).contains("no address"));
        // A drive letter is a path, not a scheme.
        assert!(matches!(
            classify("C:/x.md", &d, Some(Path::new("/d"))),
            Target::Document { .. }
        ));
    }
}
