"""`run_lock(folder)`: an advisory fcntl lock held for the life of the writing process.

The lock file is a hidden sibling (`.NAME.lock`), not a file inside the folder, so it survives the
folder being swapped or moved aside, and it needs no folder to exist yet. The kernel drops the lock
when the process dies (kill -9 included): a stale lock never blocks a retry.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from empathic.errors import UserError


def lock_path(folder: str | Path) -> Path:
    folder = Path(os.path.abspath(folder))  # "." and "out/" name their folder too
    return folder.parent / f".{folder.name}.lock"


def _holder(fd: int) -> str:
    try:
        text = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
    except OSError:
        text = ""
    return text if text.isdigit() else "unknown"


@contextmanager
def run_lock(folder: str | Path) -> Iterator[None]:
    """Hold the one-writer lock of `folder`; a second writer gets a UserError naming the holder's pid."""
    path = lock_path(folder)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:  # name the folder the user chose, not the hidden lock file
        raise OSError(err.errno, err.strerror, str(folder)) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UserError(
                f"{folder} is being written by another empathic process (pid {_holder(fd)}); "
                "wait for it to finish or stop it, then retry"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock; the file stays (unlinking it would race a waiting writer)
