"""Atomic file writing: a file is replaced whole, or not at all.

Every writer in allmodel (:func:`~allmodel.io.write_patient`,
:func:`~allmodel.criteria.dump_option` with a path) writes through
:func:`write_text_atomic`: the text is encoded first (an encoding error touches no
file), written to a new temporary file in the target's directory, flushed and synced to
disk, then moved over the target with ``os.replace``, which is atomic on POSIX and on
Windows. A reader therefore sees the old file or the new one, never a truncated or
half-written one; a failed write (an encoding error, a full disk, a signal) leaves the
previous file as it was and removes the temporary file.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat

__all__ = ["write_text_atomic"]

_MODE = 0o666  # before the umask, as open() creates files
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
_ATTEMPTS = 10


def _temporary(directory: str, name: str) -> tuple[int, str]:
    """Create a new, empty temporary file beside the target; return its fd and path."""
    for attempt in range(_ATTEMPTS):
        path = os.path.join(directory, f".{name[:100]}.{secrets.token_hex(6)}.tmp")
        try:
            return os.open(path, _FLAGS, _MODE), path
        except FileExistsError:  # pragma: no cover - 48 random bits
            if attempt == _ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _sync_directory(directory: str) -> None:
    """Make the rename itself durable (POSIX; best effort)."""
    if os.name != "posix":  # pragma: no cover - Windows cannot open a directory
        return
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Replace the file at ``path`` with ``text`` (UTF-8), atomically.

    A symbolic link is followed, so its target is replaced, as ``open(path, "w")``
    would; an existing file keeps its permission bits.

    Args:
        path: The file to write; its directory must exist.
        text: The whole new content.

    Raises:
        UnicodeEncodeError: ``text`` is not valid Unicode (no file is touched).
        OSError: The file could not be written; the previous file is unchanged and no
            temporary file is left behind.
    """
    data = text.encode("utf-8")
    target = os.path.realpath(os.fspath(path))
    directory, name = os.path.split(target)
    fd, temporary = _temporary(directory, name)
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        with contextlib.suppress(FileNotFoundError):
            os.chmod(temporary, stat.S_IMODE(os.stat(target).st_mode))
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_directory(directory)
