"""Whole output folders written beside the target and swapped in only when complete.

`staged_folder(target)` yields an empty hidden sibling (`.NAME.new-PID`); when the block ends without
an error the COMPLETE marker is written into it and it replaces `target` in one step (Linux
renameat2 RENAME_EXCHANGE; elsewhere two renames, which `recover` repairs after a crash between
them). A kill at any point leaves the old folder or the new one at `target`, never a mix. Callers
hold `run_lock(target)`.
"""

from __future__ import annotations

import ctypes
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from empathic.durable.marker import MARKER, is_complete, write_complete
from empathic.errors import UserError

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def sibling(target: Path, tag: str, pid: int | None = None) -> Path:
    target = Path(os.path.abspath(target))  # "." and "out/" name their folder too
    return target.parent / f".{target.name}.{tag}-{os.getpid() if pid is None else pid}"


def _siblings(target: Path, tag: str) -> list[Path]:
    target = Path(os.path.abspath(target))
    return sorted(target.parent.glob(f".{target.name}.{tag}-*"))


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (renameat2 RENAME_EXCHANGE); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: this file system cannot exchange
        return False
    raise OSError(err, os.strerror(err), str(b))


def replace_folder(new: Path, target: Path) -> None:
    """Put folder `new` at `target`, the old `target` (if any) deleted only once `new` is in place."""
    if not target.exists():
        os.rename(new, target)
        return
    if _exchange(new, target):
        shutil.rmtree(new)  # `new` now holds the old folder
        return
    old = sibling(target, "old")
    os.rename(target, old)
    os.rename(new, target)
    shutil.rmtree(old)


def recover(target: str | Path) -> None:
    """Tidy what a killed writer left beside `target` (call with the lock held): half-written `.new`
    folders go; an `.old` folder is put back if the crash fell between the two renames."""
    target = Path(target)
    for stale in _siblings(target, "new"):
        shutil.rmtree(stale, ignore_errors=True)
    for old in _siblings(target, "old"):
        if not target.exists():
            os.rename(old, target)
        else:
            shutil.rmtree(old, ignore_errors=True)


def check_folder_target(target: Path, flag: str = "--out") -> None:
    if target.exists() and not target.is_dir():
        raise UserError(f"{target} is a file; {flag} needs a folder (a new one, or one this command wrote before)")


def check_replaceable(target: Path, replaces: tuple[str, ...] = ()) -> None:
    """A swap deletes the old folder: refuse one that this command did not write (`--out runs`, `--out .`).

    Ours: empty, or with the COMPLETE marker, or holding one of `replaces` (outputs from before the marker)."""
    if not target.is_dir() or not any(target.iterdir()) or is_complete(target):
        return
    if any((target / name).exists() for name in replaces):
        return
    raise UserError(f"{target} holds other files and no {MARKER} marker of an earlier output, so replacing it "
                    "could delete them; pass a new or empty folder")


def _new_work_folder(target: Path) -> Path:
    """The empty hidden sibling a staged output is written into (after finishing an interrupted swap)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    recover(target)
    work = sibling(target, "new")
    work.mkdir()
    return work


@contextmanager
def staged_folder(target: str | Path, *, replaces: tuple[str, ...] = (), **marker_info: Any) -> Iterator[Path]:
    """An empty sibling to write the whole output into; swapped in at `target` when the block succeeds.

    `target` must be new, empty, or an earlier output of the same command (see check_replaceable)."""
    target = Path(target)
    check_folder_target(target)
    check_replaceable(target, replaces)
    work = _new_work_folder(target)
    try:
        yield work
        write_complete(work, **marker_info)
        replace_folder(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


@contextmanager
def staged_files(target: str | Path, **marker_info: Any) -> Iterator[Path]:
    """For an output folder that may hold other files (eval --out): the block writes into a hidden
    sibling; at the end the old COMPLETE goes first, the new files move in one by one, and a COMPLETE
    listing just them is written last. A kill leaves the old files, or a folder without COMPLETE."""
    target = Path(target)
    check_folder_target(target)
    work = _new_work_folder(target)
    try:
        yield work
        names = sorted(p.relative_to(work) for p in work.rglob("*") if p.is_file())
        target.mkdir(exist_ok=True)
        (target / MARKER).unlink(missing_ok=True)
        for name in names:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            os.replace(work / name, target / name)
        write_complete(target, only=[n.as_posix() for n in names], **marker_info)
    finally:
        shutil.rmtree(work, ignore_errors=True)
