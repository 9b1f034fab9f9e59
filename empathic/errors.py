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
