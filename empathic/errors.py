"""User-facing errors: raised for user mistakes, printed by the CLI as one line, never a traceback."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable


class UserError(Exception):
    """A mistake the user can fix (bad path, unknown key, offline Hub id...). The message says how."""


def check_known_keys(
    keys: Iterable[str],
    known: Collection[str],
    where: str,
    *,
    what: str = "key",
    otherwise: str | None = None,
    cutoff: float = 0.6,
) -> None:
    """UserError for the first of `keys` not in `known`, naming the closest known one.

    The message reads `unknown {what} 'x' in {where}; did you mean 'y'?` (no `in ...` for an empty
    `where`); with no close match it ends with `otherwise` (default: the list of valid names).
    """
    names = list(known)
    for key in keys:
        if key in known:
            continue
        close = difflib.get_close_matches(str(key), names, n=1, cutoff=cutoff)
        hint = f"did you mean {close[0]!r}?" if close else (otherwise or f"valid: {', '.join(names)}")
        location = f" in {where}" if where else ""
        raise UserError(f"unknown {what} {key!r}{location}; {hint}")


# What to do about an OS error, by errno name (the message already names the file).
_OS_ADVICE = {
    "ENOSPC": "no space left on device; free some space or write elsewhere",
    "EDQUOT": "disk quota exceeded; free some space or write elsewhere",
    "EACCES": "permission denied; choose a folder you can write to, or fix its permissions",
    "EPERM": "operation not permitted; choose a folder you can write to, or fix its permissions",
    "EROFS": "read-only file system; write somewhere else",
    "ENOENT": "no such file or folder; check the path",
    "ENOTDIR": "a part of the path is a file, not a folder; choose another path",
    "EISDIR": "is a folder, not a file; pass a file path",
    "EEXIST": "already exists; choose another path",
    "ENAMETOOLONG": "file name too long; choose a shorter path",
    "EIO": "input/output error from the device; check the disk",
}


def os_error_message(err: OSError, path: object = None) -> str:
    """One line for an OSError: the file, what went wrong in plain words, and what to do."""
    import errno as _errno

    name = _errno.errorcode.get(err.errno or 0, "")
    where = err.filename if err.filename is not None else path
    advice = _OS_ADVICE.get(name) or (err.strerror or str(err) or type(err).__name__).strip().lower()
    return f"{where}: {advice}" if where is not None else advice


def decode_error_message(err: Exception, path: object = None) -> str:
    """One line for a JSON, Unicode or Arrow/Parquet decode error in `path` (line and column when known)."""
    import json as _json

    where = "" if path is None else f"{path}: "
    if isinstance(err, _json.JSONDecodeError):
        return f"{where}invalid JSON at line {err.lineno} column {err.colno} ({err.msg}); fix or replace the file"
    if isinstance(err, UnicodeDecodeError):
        return (f"{where}not UTF-8 text (byte 0x{err.object[err.start]:02x} at offset {err.start}); "
                "re-save the file as UTF-8")
    first = (str(err).strip().splitlines() or [type(err).__name__])[0][:200]
    return f"{where}cannot be read ({first}); the file is damaged or not in the expected format: replace it"
