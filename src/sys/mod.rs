//! System calls: the terminal's modes, standard streams, waking the loop, reading files safely, per-user paths, the opener and the editor. All `unsafe` code lives here.

pub mod editor;
pub mod opener;
pub mod streams;
pub mod terminal;
pub mod textfile;
pub mod wake;
pub mod xdg;
