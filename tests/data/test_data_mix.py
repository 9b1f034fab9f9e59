"""Mixing: caps, temperature sampling p_i ∝ n_i^alpha, water-filling, repeats, eval proportions."""

from __future__ import annotations

import pytest

from empathic.data.mix import allocate, mix, mixing_weights
from empathic.data.records import Example


def pool(source: str, n: int, split: str = "train") -> list[Example]:
    return [Example(id=f"{source}:{split}:{i}", source=source, messages=[], split=split) for i in range(n)]


def test_weights_follow_n_to_the_alpha_on_large_counts():
    counts = {"big": 1_000_000, "mid": 10_000, "small": 100}
    p = mixing_weights(counts, 0.5, {})
    # sqrt: 1000 : 100 : 10
    assert p["big"] == pytest.approx(1000 / 1110)
    assert p["mid"] == pytest.approx(100 / 1110)
    assert p["small"] == pytest.approx(10 / 1110)
    assert mixing_weights(counts, 1.0, {})["small"] == pytest.approx(100 / 1_010_100)
    assert mixing_weights(counts, 0.0, {})["small"] == pytest.approx(1 / 3)


def test_allocation_realises_the_temperature_proportions_when_nothing_runs_out():
    counts = {"big": 1_000_000, "mid": 10_000, "small": 100}
    alloc = allocate(counts, mixing_weights(counts, 0.5, {}), 1110)
    assert alloc == {"big": 1000, "mid": 100, "small": 10}


def test_a_weight_override_replaces_n_to_the_alpha():
    p = mixing_weights({"a": 100, "b": 1}, 0.5, {"b": 10.0})
    assert p["a"] == pytest.approx(10 / 20) and p["b"] == pytest.approx(10 / 20)


def test_a_source_that_runs_out_gives_all_and_the_rest_is_shared_in_proportion():
    counts = {"a": 10_000, "b": 10_000, "c": 50}
    probs = {"a": 0.5, "b": 0.25, "c": 0.25}
    alloc = allocate(counts, probs, 1000)
    assert alloc["c"] == 50
    assert alloc["a"] + alloc["b"] == 950
    assert alloc["a"] == pytest.approx(2 * alloc["b"], abs=1)


def test_allocation_never_exceeds_what_exists():
    counts = {"a": 30, "b": 20}
    alloc = allocate(counts, mixing_weights(counts, 0.5, {}), 12000)
    assert alloc == counts


def test_mix_sums_to_the_target_and_applies_caps():
    by_split = {
        "train": {"a": pool("a", 5000), "b": pool("b", 500)},
        "valid": {"a": [], "b": []},
        "test": {"a": [], "b": []},
    }
    chosen, info = mix(by_split, {"a": 100, "b": None}, {}, 0.5, 400, seed=1, eval_mix="proportional")
    sources = [e.source for e in chosen["train"]]
    assert sources.count("a") <= 100
    assert len(sources) == 400
    assert info["a"]["train_after_cap"] == 100 and info["b"]["train_available"] == 500


def test_repeats_are_bounded_by_max_repeat_and_marked():
    by_split = {"train": {"a": pool("a", 10_000), "b": pool("b", 10)}, "valid": {}, "test": {}}
    probs = mixing_weights({"a": 10_000, "b": 10}, 0.5, {})
    wanted_b = round(1000 * probs["b"])  # ~31: more than b has
    chosen, info = mix(by_split, {}, {}, 0.5, 1000, seed=3, eval_mix="all", max_repeat=2.0)
    b = [e for e in chosen["train"] if e.source == "b"]
    assert wanted_b > 20 and len(b) == 20  # two passes at most
    assert len({e.id for e in b}) == 20  # copies carry #r1
    assert sum(e.id.endswith("#r1") for e in b) == 10
    assert len(chosen["train"]) == 1000
    never, _ = mix(by_split, {}, {}, 0.5, 1000, seed=3, eval_mix="all", max_repeat=1.0)
    assert sum(e.source == "b" for e in never["train"]) == 10


def test_eval_splits_keep_the_train_keep_rate_and_are_never_sampled_upward():
    by_split = {
        "train": {"a": pool("a", 1000), "b": pool("b", 100)},
        "valid": {"a": pool("a", 200, "valid"), "b": pool("b", 30, "valid")},
        "test": {"a": pool("a", 100, "test"), "b": pool("b", 10, "test")},
    }
    chosen, info = mix(by_split, {"a": 500}, {}, 1.0, 800, seed=5, eval_mix="proportional", max_repeat=3.0)
    assert info["a"]["train_selected"] == 500 and info["a"]["keep_rate"] == 0.5
    assert info["b"]["train_selected"] == 300  # b repeated 3 times over to fill the rest
    assert sum(e.source == "a" for e in chosen["valid"]) == 100
    assert sum(e.source == "b" for e in chosen["valid"]) == 30  # keep rate capped at 1: no repeats
    everything, _ = mix(by_split, {"a": 500}, {}, 1.0, 800, seed=5, eval_mix="all")
    assert len(everything["valid"]) == 230 and len(everything["test"]) == 110


def test_mix_is_seeded():
    by_split = {"train": {"a": pool("a", 1000)}, "valid": {"a": []}, "test": {"a": []}}
    first = [e.id for e in mix(by_split, {}, {}, 0.5, 100, seed=1, eval_mix="all")[0]["train"]]
    again = [e.id for e in mix(by_split, {}, {}, 0.5, 100, seed=1, eval_mix="all")[0]["train"]]
    other = [e.id for e in mix(by_split, {}, {}, 0.5, 100, seed=2, eval_mix="all")[0]["train"]]
    assert first == again and set(first) != set(other)
