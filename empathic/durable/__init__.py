"""Crash safety shared by every command that writes results: one writer per output (`run_lock`),
whole folders swapped in only when complete (`staged_folder`), and a COMPLETE marker written last
(`write_complete`, `is_complete`) that readers check. See Notes/reliability.md."""

from empathic.durable.folders import recover, replace_folder, staged_files, staged_folder
from empathic.durable.lock import run_lock
from empathic.durable.marker import MARKER, is_complete, manifest_problems, write_complete

__all__ = [
    "MARKER", "is_complete", "manifest_problems", "recover", "replace_folder", "run_lock", "staged_files",
    "staged_folder",
    "write_complete",
]
