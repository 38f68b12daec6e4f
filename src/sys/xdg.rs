//! Where camp-reader keeps its per-user files, by the XDG base directory
//! rules: the config file under `$XDG_CONFIG_HOME`, the state file under
//! `$XDG_STATE_HOME`, with the spec's fallbacks under `$HOME`.

use std::ffi::OsString;
use std::path::PathBuf;

/// `$XDG_CONFIG_HOME/camp-reader` when that is set to an absolute path
/// (relative values are ignored, as the XDG spec says), else
/// `$HOME/.config/camp-reader`; `None` without an absolute `HOME`.
/// `var` reads the environment (`|k| std::env::var_os(k)`).
pub fn config_dir(var: impl Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    dir(var, "XDG_CONFIG_HOME", &[".config"])
}

/// `$XDG_STATE_HOME/camp-reader` when that is set to an absolute path
/// (relative values are ignored, as the XDG spec says), else
/// `$HOME/.local/state/camp-reader`; `None` without an absolute `HOME`.
/// `var` reads the environment (`|k| std::env::var_os(k)`).
pub fn state_dir(var: impl Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    dir(var, "XDG_STATE_HOME", &[".local", "state"])
}

/// `$XDG_VAR/camp-reader`, else `$HOME/<home_fallback>/camp-reader`.
fn dir(
    var: impl Fn(&str) -> Option<OsString>,
    xdg_var: &str,
    home_fallback: &[&str],
) -> Option<PathBuf> {
    let absolute = |v: Option<OsString>| {
        v.filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    if let Some(base) = absolute(var(xdg_var)) {
        return Some(base.join("camp-reader"));
    }
    let mut dir = absolute(var("HOME"))?;
    dir.extend(home_fallback);
    dir.push("camp-reader");
    Some(dir)
}

/// An environment of `pairs` only, for tests of what reads variables.
#[cfg(test)]
pub(crate) fn fake_env<'a>(
    pairs: &'a [(&'a str, &'a str)],
) -> impl Fn(&str) -> Option<OsString> + 'a {
    move |k| {
        pairs
            .iter()
            .find(|(name, _)| *name == k)
            .map(|(_, v)| OsString::from(v))
    }
}

#[cfg(test)]
mod tests {
    use super::fake_env as env;
    use super::*;

    #[test]
    fn config_dir_follows_xdg_rules() {
        assert_eq!(
            config_dir(env(&[
                ("XDG_CONFIG_HOME", "/xdg/conf"),
                ("HOME", "/home/u")
            ])),
            Some(PathBuf::from("/xdg/conf/camp-reader"))
        );
        for xdg in ["relative", ""] {
            assert_eq!(
                config_dir(env(&[("XDG_CONFIG_HOME", xdg), ("HOME", "/home/u")])),
                Some(PathBuf::from("/home/u/.config/camp-reader")),
                "{xdg:?}"
            );
        }
        assert_eq!(config_dir(env(&[])), None);
        assert_eq!(config_dir(env(&[("XDG_CONFIG_HOME", "rel")])), None);
    }

    #[test]
    fn state_dir_follows_xdg_rules() {
        assert_eq!(
            state_dir(env(&[
                ("XDG_STATE_HOME", "/xdg/state"),
                ("HOME", "/home/u")
            ])),
            Some(PathBuf::from("/xdg/state/camp-reader"))
        );
        // Relative XDG_STATE_HOME is ignored (XDG spec), as is an empty one.
        for xdg in ["relative/state", "", "./state"] {
            assert_eq!(
                state_dir(env(&[("XDG_STATE_HOME", xdg), ("HOME", "/home/u")])),
                Some(PathBuf::from("/home/u/.local/state/camp-reader")),
                "{xdg:?}"
            );
        }
        assert_eq!(
            state_dir(env(&[("HOME", "/home/u")])),
            Some(PathBuf::from("/home/u/.local/state/camp-reader"))
        );
        assert_eq!(state_dir(env(&[])), None);
        assert_eq!(state_dir(env(&[("HOME", "")])), None);
        assert_eq!(state_dir(env(&[("HOME", "home")])), None);
        assert_eq!(
            state_dir(env(&[("XDG_STATE_HOME", "/s")])),
            Some(PathBuf::from("/s/camp-reader"))
        );
    }
}
