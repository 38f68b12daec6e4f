//! Waking the event loop: it blocks until the terminal has input, the
//! window was resized, or another thread (a reload finishing) asks for it,
//! and never wakes otherwise, so an idle reader uses no CPU.
//!
//! crossterm can only block on the terminal, so the loop blocks here
//! instead, in poll(2) on the terminal and on a socket pair that other
//! threads and SIGWINCH write a byte to, and asks crossterm for events
//! only once there is something to read.

pub use imp::{Waiter, Waker};

/// What woke the loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Woken {
    /// The terminal has input (or a resize or wake-up arrived): ask
    /// crossterm for it.
    Ready,
    /// The terminal is gone or unusable: only crossterm's own blocking
    /// read can say what happened.
    TerminalClosed,
}

#[cfg(unix)]
mod imp {
    use std::io::{self, Read, Write};
    use std::os::fd::{AsRawFd, OwnedFd, RawFd};
    use std::os::unix::net::UnixStream;
    use std::sync::Arc;

    use super::Woken;

    /// The event loop's side: what it blocks on.
    pub struct Waiter {
        /// The terminal crossterm reads keys from: standard input when it is
        /// a terminal, else `/dev/tty` (as crossterm chooses).
        tty: Tty,
        wakes: UnixStream,
        waker: Waker,
        /// The SIGWINCH registration, undone on drop.
        winch: signal_hook::SigId,
    }

    enum Tty {
        Stdin,
        Own(OwnedFd),
    }

    /// Another thread's side: wakes the loop (the default wakes nothing:
    /// what it reports is taken at the next key).
    #[derive(Clone, Default)]
    pub struct Waker(Option<Arc<UnixStream>>);

    impl Waker {
        pub fn wake(&self) {
            // A full socket already holds a wake-up: nothing is lost.
            if let Some(socket) = &self.0 {
                let _ = (&**socket).write(&[1]);
            }
        }
    }

    impl Waiter {
        pub fn new() -> io::Result<Waiter> {
            // SAFETY: isatty only looks at the descriptor.
            let tty = if unsafe { libc::isatty(libc::STDIN_FILENO) } == 1 {
                Tty::Stdin
            } else {
                let file = std::fs::OpenOptions::new().read(true).open("/dev/tty")?;
                Tty::Own(file.into())
            };
            let (wakes, writer) = UnixStream::pair()?;
            wakes.set_nonblocking(true)?;
            writer.set_nonblocking(true)?;
            let winch =
                signal_hook::low_level::pipe::register(libc::SIGWINCH, writer.try_clone()?)?;
            Ok(Waiter {
                tty,
                wakes,
                waker: Waker(Some(Arc::new(writer))),
                winch,
            })
        }

        /// A waker for another thread.
        pub fn waker(&self) -> Waker {
            self.waker.clone()
        }

        fn tty_fd(&self) -> RawFd {
            match &self.tty {
                Tty::Stdin => libc::STDIN_FILENO,
                Tty::Own(fd) => fd.as_raw_fd(),
            }
        }

        /// Blocks, without a timeout, until the terminal has input or
        /// something woke the loop.
        pub fn wait(&self) -> io::Result<Woken> {
            let mut fds = [
                libc::pollfd {
                    fd: self.tty_fd(),
                    events: libc::POLLIN,
                    revents: 0,
                },
                libc::pollfd {
                    fd: self.wakes.as_raw_fd(),
                    events: libc::POLLIN,
                    revents: 0,
                },
            ];
            // SAFETY: `fds` is a valid array of two pollfd for the call.
            let n = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, -1) };
            if n < 0 {
                let e = io::Error::last_os_error();
                // A signal (a resize, `fg`): the caller looks again.
                return if e.kind() == io::ErrorKind::Interrupted {
                    Ok(Woken::Ready)
                } else {
                    Err(e)
                };
            }
            let mut sink = [0u8; 64];
            while matches!((&self.wakes).read(&mut sink), Ok(n) if n > 0) {}
            let broken = libc::POLLHUP | libc::POLLERR | libc::POLLNVAL;
            if fds[0].revents & broken != 0 && fds[0].revents & libc::POLLIN == 0 {
                return Ok(Woken::TerminalClosed);
            }
            Ok(Woken::Ready)
        }
    }

    impl Drop for Waiter {
        fn drop(&mut self) {
            signal_hook::low_level::unregister(self.winch);
        }
    }
}

/// Elsewhere the loop blocks in crossterm alone, and what other threads
/// finish is taken at the next key.
#[cfg(not(unix))]
mod imp {
    use super::Woken;
    use std::io;

    pub struct Waiter;

    #[derive(Clone, Default)]
    pub struct Waker;

    impl Waker {
        pub fn wake(&self) {}
    }

    impl Waiter {
        pub fn new() -> io::Result<Waiter> {
            Err(io::ErrorKind::Unsupported.into())
        }

        pub fn waker(&self) -> Waker {
            Waker
        }

        pub fn wait(&self) -> io::Result<Woken> {
            Ok(Woken::TerminalClosed)
        }
    }
}
