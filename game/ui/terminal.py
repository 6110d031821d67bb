"""Whether the terminal the game runs in is still there.

When a terminal window or an SSH connection closes, the game normally receives SIGHUP and ends.
It does not when a parent process in between keeps the signal to itself (``make play`` does:
make is the terminal's session leader), and Textual's input thread then spins on a closed input
forever. The app asks :func:`terminal_gone` every few seconds and quits - saving the game - when
the answer is yes. Where the signal does arrive (or SIGTERM), :func:`on_hang_up` has the app quit the
same way instead of dying with the moves of the current phase unsaved.
"""

from __future__ import annotations

import asyncio
import errno
import os
import signal
import sys
from collections.abc import Callable


def terminal_gone(fd: int | None = None) -> bool:
    """Whether the terminal on ``fd`` (default: standard input) has hung up; False where it cannot tell."""
    try:
        import termios
    except ImportError:  # not a POSIX system
        return False
    if fd is None:
        fd = _stdin_fd()
        if fd is None:
            return False
    try:
        termios.tcgetattr(fd)
    except termios.error as exc:
        return bool(exc.args[0] == errno.EIO)  # a hung-up terminal refuses its settings
    return False


def on_hang_up(callback: Callable[[], None]) -> bool:
    """Call ``callback`` in the running event loop when the process receives SIGHUP (its terminal went
    away) or SIGTERM (it was asked to stop), instead of dying at once; whether that could be arranged
    (not on systems without these signals)."""
    loop = asyncio.get_running_loop()
    wanted = [getattr(signal, name) for name in ("SIGHUP", "SIGTERM") if hasattr(signal, name)]
    try:
        for number in wanted:
            loop.add_signal_handler(number, callback)
    except (NotImplementedError, RuntimeError, ValueError):  # no such handlers here, or not the main thread
        return False
    return bool(wanted)


def watches_terminal() -> bool:
    """Whether this process reads a terminal worth watching (not a pipe, a file or a test's headless run)."""
    fd = _stdin_fd()
    return fd is not None and os.isatty(fd) and not terminal_gone(fd)


def _stdin_fd() -> int | None:
    stdin = sys.__stdin__
    try:
        return None if stdin is None else stdin.fileno()
    except (OSError, ValueError):
        return None
