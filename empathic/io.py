"""File formats the project reads and writes (JSON, JSON Lines, YAML) and its cache folder.

Every write is atomic: the text goes to a temporary file in the same folder, then `os.replace` puts
it in place, so a killed process leaves the old file or the new one, never half of one. Whole output
folders and the one-writer lock live in empathic.durable.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any


def cache_dir(sub: str = "") -> Path:
    """`$EMPATHIC_CACHE` (an empty value counts as unset) or `~/.cache/empathic`, plus `sub` (created)."""
    root = Path(os.environ.get("EMPATHIC_CACHE") or Path.home() / ".cache" / "empathic")
    path = root / sub if sub else root
    path.mkdir(parents=True, exist_ok=True)
    return path


def write_text(path: str | Path, text: str) -> Path:
    """Write `text` (UTF-8) atomically, creating the parent folder."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_file_via(path: str | Path, write: Callable[[Path], object], suffix: str = ".tmp") -> Path:
    """`write(tmp)` into a temporary file of this call's own beside `path` (named `suffix`, for writers that
    go by the extension), then `os.replace` it into place. A killed writer leaves no half file, and writers
    of the same cache entry at the same time (two test workers, two runs on one cache) never share a
    temporary file: each replace is whole, the last one wins."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=suffix)
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def publish_folder(target: str | Path, build: Callable[[Path], object]) -> Path:
    """`build(work)` into a folder of this call's own beside `target`, then rename it to `target`: a cache
    folder appears whole or not at all. When another process published `target` first (the rename finds
    it there), its folder is kept and ours discarded: the first complete build wins."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial"))
    try:
        build(work)
        try:
            work.rename(target)
        except OSError:
            if not target.is_dir():
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)  # gone after a rename; ours after a failure or a lost race
    return target


def read_json(path: str | Path) -> Any:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def write_json(path: str | Path, data: Any, *, indent: int | None = 2, default: Any = None) -> Path:
    return write_text(path, json.dumps(data, indent=indent, ensure_ascii=False, default=default) + "\n")


def iter_jsonl(path: str | Path) -> Iterator[tuple[int, Any]]:
    """(line number, value) for each non-blank line; a broken line or non-UTF-8 byte is a UserError
    naming the file and the line."""
    from empathic.errors import UserError

    with Path(path).open("rb") as handle:  # bytes, decoded per line: a bad byte is reported on its own line
        for line_no, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as err:
                raise UserError(f"{path} line {line_no}: not UTF-8 text (byte 0x{raw[err.start]:02x}); "
                                "re-save the file as UTF-8") from None
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as err:
                raise UserError(f"{path} line {line_no}: invalid JSON ({err.msg} at column {err.colno}); "
                                "fix the line or write the file again") from None
            yield line_no, value


def read_jsonl(path: str | Path) -> list[Any]:
    """One JSON value per non-blank line (errors as `iter_jsonl`)."""
    return [value for _, value in iter_jsonl(path)]


def write_jsonl(path: str | Path, rows: Iterable[Any]) -> Path:
    return write_text(path, "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows))


def load_yaml_text(text: str) -> Any:
    """YAML like yaml.safe_load, except that a key given twice in one mapping is a yaml.YAMLError
    (safe_load silently keeps the last one, so a typo'd second `learning_rate:` would win unnoticed)."""
    import yaml

    class _StrictLoader(yaml.SafeLoader):
        pass

    def mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = loader.construct_object(key_node)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r} at line {key_node.start_mark.line + 1} (first at line {seen[key]})", key_node.start_mark
                )
            seen[key] = key_node.start_mark.line + 1
        return loader.construct_mapping(node)

    _StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 (a SafeLoader subclass)


def read_yaml(path: str | Path) -> Any:
    """The YAML document in `path` (None for an empty file); yaml.YAMLError on bad YAML or a duplicate key."""
    return load_yaml_text(Path(path).read_text(encoding="utf-8"))


def write_yaml(path: str | Path, data: Any, *, header: str = "") -> Path:
    """`data` as block YAML in file order, after an optional comment `header`."""
    import yaml

    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return write_text(path, header + body)
