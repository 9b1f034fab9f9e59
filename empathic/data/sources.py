"""Where a source's rows come from: --data-dir layout, a local file/folder, or a Hub id.

Loaders only see rows; this module turns the user's choice into rows (or one clear UserError).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from empathic.data.records import Ledger, canonical_split
from empathic.errors import UserError

log = logging.getLogger(__name__)

# "org/name" with no file extension: a Hub dataset id, never a relative path like "data/x.csv".
_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w-]+(?:[.-][\w-]+)*$")
_FILE_SUFFIXES = (".csv", ".tsv", ".json", ".jsonl", ".txt", ".parquet")


@dataclass(frozen=True)
class Location:
    """A resolved source: a local path, or a Hub dataset id (plus its config name)."""

    name: str
    path: Path | None = None
    hub_id: str | None = None
    hub_config: str | None = None

    def describe(self) -> str:
        return str(self.path) if self.path is not None else f"hub:{self.hub_id}"


def looks_like_hub_id(ref: str) -> bool:
    return bool(_HUB_ID.match(ref)) and not ref.lower().endswith(_FILE_SUFFIXES)


def resolve(
    name: str,
    path: str | None,
    data_dir: Path | None,
    dir_names: tuple[str, ...],
    hub_id: str,
    hub_config: str | None = None,
) -> Location:
    """Config path (local or Hub id) > --data-dir/<dir_names[i]> > the source's default Hub id."""
    if path:
        local = Path(path).expanduser()
        if local.exists():
            return Location(name, path=local)
        if looks_like_hub_id(path):
            return Location(name, hub_id=path, hub_config=hub_config)
        raise UserError(
            f"{name}: file or folder not found: {path}; pass an existing path as sources.{name}.path, "
            "a Hub id (org/name), or --data-dir"
        )
    if data_dir is not None:
        if not data_dir.is_dir():
            raise UserError(f"--data-dir {data_dir} is not a folder; pass the folder holding {dir_names[0]}/")
        for candidate in dir_names:
            if (data_dir / candidate).exists():
                return Location(name, path=data_dir / candidate)
        raise UserError(
            f"{name}: no {dir_names[0]}/ in {data_dir}; pass sources.{name}.path=PATH "
            f"or disable it with --set sources.{name}.enabled=false"
        )
    return Location(name, hub_id=hub_id, hub_config=hub_config)


def load_hub(location: Location) -> dict[str | None, list[dict[str, Any]]]:
    """Rows per (canonical) split of a Hub dataset; offline or unknown ids give one UserError line."""
    try:
        import datasets

        dataset = datasets.load_dataset(location.hub_id, location.hub_config)
    except Exception as err:  # offline, unknown id, gated, script datasets: all need a local copy
        reason = str(err).strip().splitlines()[0][:160] if str(err).strip() else type(err).__name__
        raise UserError(
            f"{location.name}: cannot load Hub dataset {location.hub_id!r} ({reason}); "
            f"pass a local copy as sources.{location.name}.path=PATH or use --data-dir DIR"
        ) from None
    rows: dict[str | None, list[dict[str, Any]]] = {}
    for split_name, split in dataset.items():
        rows.setdefault(canonical_split(split_name), []).extend(split.to_list())
    return rows


def hub_label_names(location: Location, column: str) -> list[str] | None:
    """ClassLabel names of a Hub dataset column (GoEmotions label ids), when it has them."""
    import datasets

    try:
        builder = datasets.load_dataset_builder(location.hub_id, location.hub_config)
        feature = builder.info.features[column]
        return list(getattr(feature, "feature", feature).names)
    except Exception:  # no features recorded: the caller falls back to its built-in names
        return None


def split_from_filename(path: Path) -> str | None:
    """'train.parquet', 'valid.txt', 'validation-00000-of-00001.parquet', 'dev.tsv' -> split."""
    stem = path.name.split(".")[0]
    return canonical_split(stem.split("-")[0].split("_")[0])


def files_in(path: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """`path` itself or the files under it (recursively) whose names end with one of `suffixes`."""
    if path.is_file():
        return [path] if path.name.lower().endswith(suffixes) else []
    found = sorted(p for p in path.rglob("*") if p.is_file() and p.name.lower().endswith(suffixes))
    return found


def iter_json_records(path: Path, ledger: Ledger, source: str) -> Iterator[tuple[int, Any]]:
    """(line number, parsed value) from a JSON-lines file, or items of a top-level JSON array.

    A broken line is counted as `bad_json` and skipped; its neighbours still load.
    """
    with path.open(encoding="utf-8-sig") as handle:
        head = handle.read(4096).lstrip()
    if head.startswith("["):
        try:
            items = json.loads(path.read_text(encoding="utf-8-sig"))
        except json.JSONDecodeError as err:
            raise UserError(f"{source}: {path} is not valid JSON ({err}); fix or replace the file") from None
        yield from enumerate(items, start=1)
        return
    with path.open(encoding="utf-8-sig") as handle:
        for line_no, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield line_no, json.loads(line)
            except json.JSONDecodeError:
                ledger.read += 1
                ledger.drop("bad_json", f"{source}:{path.name}:{line_no}")


def is_decode_error(err: BaseException) -> bool:
    """A file that is not what its name says: bad UTF-8, broken JSON, broken CSV, damaged Parquet."""
    import csv

    return isinstance(err, UnicodeDecodeError | json.JSONDecodeError | csv.Error) or \
        type(err).__module__.startswith("pyarrow")


def damaged_file(location: Location, err: BaseException) -> str:
    """Which file under `location` could not be decoded, and where, as one line (called after the fact)."""
    from empathic.errors import decode_error_message

    files = files_in(location.path, _FILE_SUFFIXES) if location.path is not None else []
    if isinstance(err, UnicodeDecodeError):
        for path in files:
            if path.suffix == ".parquet":
                continue
            with path.open("rb") as handle:
                for line_no, raw in enumerate(handle, start=1):
                    try:
                        raw.decode("utf-8")
                    except UnicodeDecodeError as bad:
                        return (f"{path} line {line_no}: not UTF-8 text (byte 0x{raw[bad.start]:02x}); "
                                "re-save the file as UTF-8")
    if type(err).__module__.startswith("pyarrow"):
        import pyarrow.parquet as pq

        for path in (f for f in files if f.suffix == ".parquet"):
            try:
                pq.read_table(path)
            except Exception as bad:  # noqa: BLE001 (any failure names this file)
                return decode_error_message(bad, path)
    return decode_error_message(err, location.describe())
