"""`empathic compare`: two eval runs paired over the same prompts; differences are B − A with an interval."""

from __future__ import annotations

import json

import numpy as np
import pytest

from empathic.errors import UserError
from empathic.evaluation.head_to_head import compare_runs, markdown_table, read_generations


def levels(seekers: list[str], replies: list[str]) -> dict[str, np.ndarray]:
    """A stand-in judge: "sorry" is an emotional reaction, "?" an exploration."""
    return {"emotional_reactions": np.array([int("sorry" in r) for r in replies]),
            "explorations": np.array([int("?" in r) for r in replies])}


def encode(texts: list[str]) -> np.ndarray:
    """Unit vectors from letter counts: enough to make similar texts similar."""
    v = np.array([[t.lower().count(c) for c in "abcdefghijklmnopqrstuvwxyz"] for t in texts], dtype=float) + 1e-9
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def run_rows(replies: list[str], stopped: bool = True) -> list[dict]:
    return [{"prompt": [{"role": "user", "content": f"I lost my job ({i})."}], "reference": "I'm sorry, what happened?",
             "tuned": r, "tuned_stopped": stopped} for i, r in enumerate(replies)]


def test_the_run_that_reacts_more_wins_on_reactions_with_an_interval_above_zero():
    a = run_rows(["Okay." for _ in range(40)])
    b = run_rows(["I'm so sorry. What happened?" for _ in range(40)])
    result = compare_runs(a, b, levels, encode, resamples=300)
    assert result["n"] == 40
    assert result["emotional_reactions"]["a"] == 0.0 and result["emotional_reactions"]["b"] == 1.0
    assert result["emotional_reactions"]["low"] > 0
    assert result["similarity"]["diff"] > 0  # B is closer to the reference
    assert result["stopped"]["diff"] == 0.0
    assert result["median_words"] == {"a": 1.0, "b": 5.0}
    assert "| emotional_reactions | 0.000 | 1.000 | +1.000" in markdown_table(result, "old", "curated")


def test_identical_runs_differ_by_nothing():
    rows = run_rows(["I'm sorry.", "What now?", "Hm."] * 10)
    result = compare_runs(rows, rows, levels, encode, resamples=200)
    assert all(result[m]["diff"] == 0.0 for m in ("emotional_reactions", "explorations", "similarity", "reply_words"))


def test_runs_over_different_prompts_are_refused():
    a, b = run_rows(["x"] * 3), run_rows(["x"] * 4)
    with pytest.raises(UserError, match="same --data, --limit and --seed"):
        compare_runs(a, b, levels, encode)


def test_a_folder_without_generations_is_a_one_line_error(tmp_path):
    with pytest.raises(UserError, match="no generations.jsonl"):
        read_generations(tmp_path)
    (tmp_path / "generations.jsonl").write_text(json.dumps(run_rows(["ok"])[0]) + "\n")
    assert read_generations(tmp_path)[0]["tuned"] == "ok"
