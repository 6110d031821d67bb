"""Writing a file so that a crash, a kill or a full disk never leaves it half-written.

:func:`write_atomic` writes a temporary file in the same folder, flushes and fsyncs it, keeps
the current file as ``NAME.bak`` (a hard link, so the old bytes are never touched), renames
the temporary file over the target with :func:`os.replace` (atomic on POSIX and Windows), and
fsyncs the folder so that the rename itself survives a power cut. At every instant the target
is either the complete old file or the complete new one.

It does no locking: callers that may race (two processes saving one game) hold a lock around it
(:mod:`game.saves.store` does).
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

BACKUP_SUFFIX = ".bak"
TEMP_SUFFIX = ".tmp"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_NEW_FILE_MODE = 0o666 & ~_umask()
"""What :func:`open` would give a new file (read once, at import, while nothing else runs)."""


def file_in_the_way(folder: Path) -> Path | None:
    """The file that stands where ``folder``, or a folder above it, should be; None when there is none
    (a folder that does not exist yet is fine: the first write creates it)."""
    nearest = next((path for path in (folder, *folder.parents) if path.exists()), None)
    return None if nearest is None or nearest.is_dir() else nearest


def backup_path(path: Path) -> Path:
    """Where the previous version of ``path`` is kept: ``NAME.bak`` beside it."""
    return path.with_name(path.name + BACKUP_SUFFIX)


def write_atomic(
    path: Path,
    data: bytes,
    *,
    keep_backup: bool = True,
    before_replace: Callable[[], None] | None = None,
) -> None:
    """Replace ``path`` with ``data`` atomically and durably; see the module docstring.

    ``keep_backup`` keeps the current file (if any) as ``NAME.bak`` first. ``before_replace`` is
    called after the temporary file is on disk and just before the rename (tests use it to kill
    the process at the worst moment). On any failure the temporary file is removed and ``path``
    is left as it was.
    """
    folder = path.parent
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            if hasattr(os, "fchmod"):  # not on Windows
                os.fchmod(out.fileno(), _mode_for(path))
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if keep_backup and path.exists():
            _keep_backup(path)
        if before_replace is not None:
            before_replace()
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(folder)


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return _NEW_FILE_MODE


def _keep_backup(path: Path) -> None:
    """Make ``NAME.bak`` the current ``path`` (atomically too: a half-made backup is never visible)."""
    staging = path.with_name(f".{path.name}.{secrets.token_hex(4)}{BACKUP_SUFFIX}{TEMP_SUFFIX}")
    try:
        try:
            os.link(path, staging)
        except OSError:  # no hard links on this file system: copy instead
            shutil.copy2(path, staging)
            with open(staging, "rb") as copied:
                os.fsync(copied.fileno())
        os.replace(staging, backup_path(path))
    finally:
        staging.unlink(missing_ok=True)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where folders cannot be opened, as on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot fsync a folder; the rename is still atomic
    finally:
        os.close(fd)


def remove_stale_temps(path: Path) -> list[Path]:
    """Delete temporary files a killed writer of ``path`` left behind; returns what was removed.

    Call it only while holding the lock that writers of ``path`` hold, so no live writer's file
    is taken.
    """
    removed = []
    for leftover in path.parent.glob(f".{glob.escape(path.name)}.*{TEMP_SUFFIX}"):
        try:
            leftover.unlink()
        except OSError:
            continue
        removed.append(leftover)
    return removed
