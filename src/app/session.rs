//! Reading sessions: where a document was left (resume on reopen) and its
//! marks, converted between the app's positions and the state file's
//! width-independent anchors. The file itself is `state`'s business.

use std::path::Path;

use crate::app::{App, Event, Restored, spot_of};
use crate::load::Input;
use crate::settings::state::{DocState, Query, StateFile};

/// The identity of a document in the state file: its canonical path, the
/// embedded article, or for standard input the hash of its content alone
/// (`hash`, from [`crate::settings::state::content_hash`]): unrelated documents piped
/// in must not share one remembered position.
pub fn doc_key(input: &Input, hash: &str) -> String {
    match input {
        Input::Embedded => "embedded:camp-ashraf-3".to_string(),
        Input::Stdin => format!("stdin:{hash}"),
        Input::File(path) => {
            let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
            format!("file:{}", display(&path))
        }
    }
}

fn display(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// Puts the reader back where `key` was left, with its marks
/// ([`Reader::restore`](crate::app::Reader::restore)). Returns the message
/// for the status line, or `None` when there was nothing to resume. With
/// `position` false only the marks come back.
pub fn restore(
    app: &mut App,
    file: &StateFile,
    key: &str,
    hash: &str,
    position: bool,
) -> Option<String> {
    let restored = app.reader.restore(file, key, hash)?;
    if !position {
        return None;
    }
    match restored {
        Restored::Spot(spot) => {
            app.update(Event::Resume {
                block: spot.block,
                offset: spot.offset,
            });
            let section = app.current_section();
            Some(format!("resumed at {}", app.reader.doc.breadcrumb(section)))
        }
        // Edited since, the place still there: the same structural place.
        Restored::Moved(spot) => {
            app.update(Event::Resume {
                block: spot.block,
                offset: spot.offset,
            });
            let section = app.current_section();
            Some(format!(
                "the document changed; resumed at the same place in {}",
                app.reader.doc.breadcrumb(section)
            ))
        }
        // Edited since, the place gone: the section is still there.
        Restored::Section(section) => {
            app.update(Event::JumpToSection(section));
            Some(format!(
                "the document changed; resumed at the start of {}",
                app.reader.doc.breadcrumb(section)
            ))
        }
    }
}

/// [`restore`] for a document of which only the first part is read (its
/// version is not known yet): the place it was left, when the part holds
/// it (the marks come with the rest). Returns the message, and whether
/// the place is further down (to resume once the rest is read: the
/// status line says so meanwhile).
pub fn resume_in_part(
    app: &mut App,
    file: &StateFile,
    key: &str,
    position: bool,
) -> (Option<String>, bool) {
    let Some(saved) = file.get_any(key).filter(|_| position) else {
        return (None, false);
    };
    match spot_of(&app.reader.doc, &saved.position) {
        Some(spot) => {
            app.update(Event::Resume {
                block: spot.block,
                offset: spot.offset,
            });
            let section = app.current_section();
            let said = format!("resumed at {}", app.reader.doc.breadcrumb(section));
            (Some(said), false)
        }
        None => {
            app.update(Event::ResumesWhenRead(saved.position.section_id.clone()));
            (None, true)
        }
    }
}

/// Where the reader left `doc` (`key`, content `hash`) in an earlier run or
/// earlier in this one, as (block, offset): at its anchor, in this version
/// or an edited one (as the command line resumes); `None` when the place
/// is gone.
pub fn remembered_spot(
    file: &StateFile,
    key: &str,
    hash: &str,
    doc: &crate::model::document::Document,
) -> Option<(usize, usize)> {
    let saved = file.get(key, hash).or_else(|| file.get_any(key))?;
    let spot = spot_of(doc, &saved.position)?;
    Some((spot.block, spot.offset))
}

/// What to remember about the document open in `app`
/// ([`Reader::record`](crate::app::Reader::record)).
/// While only the first part of the document is read, its version is not
/// known (the hash of the whole's text): the place is saved without one,
/// [`UNKNOWN_VERSION`](crate::settings::state::UNKNOWN_VERSION), which
/// the next open takes for its own version, not an edited one.
pub fn record(app: &mut App, key: &str, hash: &str) -> DocState {
    let hash = if app.partial() {
        crate::settings::state::UNKNOWN_VERSION
    } else {
        hash
    };
    app.reader.record(key, hash)
}

/// The sidebar as `t` left it in `app`, when that differs from `start`
/// (the config's `sidebar`; `None` for auto): what to remember for the
/// document.
pub fn sidebar_choice(app: &App, start: Option<bool>) -> Option<bool> {
    app.sidebar.shown.filter(|&shown| Some(shown) != start)
}

/// The sidebar as `t` left it in the document `key`, if it was toggled.
pub fn remembered_sidebar(file: &StateFile, key: &str) -> Option<bool> {
    file.get_any(key)?.sidebar
}

/// Chop mode as `S` left it in `app`, when that differs from `start`
/// (`--chop` or the config's `chop`): what to remember for the document.
pub fn chop_choice(app: &App, start: bool) -> Option<bool> {
    (app.chop != start).then_some(app.chop)
}

/// Chop mode as `S` left it in the document `key`, if it was toggled.
pub fn remembered_chop(file: &StateFile, key: &str) -> Option<bool> {
    file.get_any(key)?.chop
}

/// Gives the search prompt the queries of earlier runs (reached with ↑).
pub fn restore_history(app: &mut App, file: &StateFile) {
    app.find.history = file
        .search_history
        .iter()
        .map(|q| (q.query.clone(), q.regex))
        .collect();
}

/// The search history to keep: earlier runs' and this one's, oldest first.
pub fn history(app: &App) -> Vec<Query> {
    app.find
        .history
        .iter()
        .map(|(query, regex)| Query {
            query: query.clone(),
            regex: *regex,
        })
        .collect()
}
