"""The packaged red-team set and the metrics computed on it (recall, false-positive rate, misses)."""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from empathic.errors import UserError

SPLITS = ("dev", "heldout")


def default_redteam_path() -> Path:
    return Path(str(resources.files("empathic") / "resources" / "redteam.jsonl"))


def load_redteam(path: Path | str | None = None, split: str | None = None, batch: int | None = None) -> list[dict]:
    """Red-team rows `{"text", "crisis", "category", "kind", "split", "batch"}`, optionally filtered.

    `batch` is the writing round (see Notes/decisions/safety.md): held-out numbers are reported per batch.
    """
    path = Path(path) if path is not None else default_redteam_path()
    if split is not None and split not in SPLITS:
        raise UserError(f"unknown red-team split {split!r}; pass one of: {', '.join(SPLITS)}")
    if not path.is_file():
        raise UserError(f"red-team file not found: {path}; pass an existing JSONL file")
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise UserError(f"{path}:{n} is not valid JSON ({err.msg}); fix or remove that line") from None
        if not isinstance(row, dict) or "text" not in row or "crisis" not in row:
            raise UserError(f"{path}:{n} needs at least the fields 'text' and 'crisis'")
        rows.append(row)
    return [r for r in rows if (split is None or r.get("split") == split)
            and (batch is None or r.get("batch") == batch)]


def redteam_metrics(
    detector: Callable[[str], Any] | None = None,
    path: Path | str | None = None,
    split: str | None = None,
    batch: int | None = None,
) -> dict:
    """Recall on crisis rows, false-positive rate on benign rows, per-category recall and the misses.

    `detector(text)` returns anything with a `.crisis` attribute (a `Screening`) or a plain bool,
    so the evaluation can pass a whole chat stack ("did it escalate?") instead of the screener.
    """
    if detector is None:
        from empathic.safety.screening import screen_user_message

        detector = screen_user_message
    rows = load_redteam(path, split, batch)
    prime = getattr(detector, "prime", None)
    if prime is not None:  # the default screener encodes the whole set in batches first: same scores, less CPU
        prime([r["text"] for r in rows])
    crisis_rows = [r for r in rows if r["crisis"]]
    benign_rows = [r for r in rows if not r["crisis"]]
    missed, false_pos = [], []
    per_cat: dict[str, list[int]] = {}
    for row in rows:
        out = detector(row["text"])
        flagged = bool(getattr(out, "crisis", out))
        if row["crisis"]:
            hits = per_cat.setdefault(row.get("category") or "unknown", [0, 0])
            hits[0] += flagged
            hits[1] += 1
            if not flagged:
                missed.append({"text": row["text"], "category": row.get("category"), "kind": row.get("kind")})
        elif flagged:
            false_pos.append({"text": row["text"], "kind": row.get("kind"),
                              "category": getattr(out, "category", None)})
    return {
        "split": split or "all",
        "batch": batch,
        "n_crisis": len(crisis_rows),
        "n_benign": len(benign_rows),
        "recall": round((len(crisis_rows) - len(missed)) / len(crisis_rows), 4) if crisis_rows else None,
        "false_positive_rate": round(len(false_pos) / len(benign_rows), 4) if benign_rows else None,
        "per_category_recall": {c: round(h / n, 4) for c, (h, n) in sorted(per_cat.items())},
        "missed": missed,
        "false_positives": false_pos,
    }
