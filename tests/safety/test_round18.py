"""Round 18 of the input screen: blind batches 31 and 32 (each measured once on round 17, 658e82a: 31 recall 0.9364,
FPR 0.255; 32 recall 0.8273, FPR 0.085) became dev and are trained on (all 420 rows of each, CV groups "batch31" and
"batch32"; none repeats a held-out row or an earlier dev row). The rule, written before any work (06:01 UTC, amended
06:06 UTC): "INPUT round 18. B18 = round 17's recipe (empathic/safety/training.py as at 658e82a) with blind batches 31
and 32 merged as dev by the standing rule (CV groups batch31 and batch32; rows repeating a held-out row stay held out).
One candidate: N18 = B18 with sentence windows of fewer than 6 words (whitespace words) dropped — a single sentence or
a two-sentence run shorter than 6 words is not scored on its own; the whole message is always a window (so a message
under 6 words is still scored whole) — in training (every place the recipe builds windows) and at inference alike,
everything else B18. N18 ships instead of B18 only if, pooled out of group over the dev batches (same grouped folds),
recall(N18) >= recall(B18) - 0.005 AND FPR(N18) <= FPR(B18) - 0.01, and the screen's median latency stays < 50 ms.
Otherwise B18 ships."

N18 was not adopted. Pooled out of group over the 27 dev-batch groups: B18 recall 0.9428 (5194/5509), FPR 0.0766
(394/5142); N18 (`training.MIN_WINDOW_WORDS` 6, its own threshold 0.5257 by the same rule) recall 0.9425 (5192/5509;
bound 0.9378, held), FPR 0.0749 (385/5142; bound 0.0666, failed). B18 ships; `MIN_WINDOW_WORDS` stays 0 (the code path,
`encoder.windows(text, min_words)` and the weights' meta "min_window_words", is kept and tested below). Fast apart from
the check-set test."""

from __future__ import annotations

import numpy as np
import pytest

from empathic.safety import build_default_screener, encoder, learned, load_redteam, training
from empathic.safety.learned import LearnedModel, load_model, score_windows, shipped_weights_path

# The merge itself (batches 31 and 32 unchanged in the dev split, each its own CV group) is checked with the other
# merged blind batches in tests/safety/test_merged_batches.py.


def test_shipped_weights_come_from_the_round18_recipe():
    # The recipe's shape, pinned once here (round 11's recipe, retrained in round 12 with batches 17 and 18, in round 13
    # with batches 19 and 20 and the threshold step fixed, in round 14 with batches 21 and 22, in round 15 with 23 and
    # 24, in round 16 with 25 and 26, in round 17 with 27 and 28, in round 18 with 31 and 32).
    assert shipped_weights_path().stat().st_size < 140_000
    m = load_model()
    assert (training.BAG, training.HIDDEN, training.RECALL_TARGET, training.FEATURES) == (1, 128, 0.94, "use")
    assert training.TWO_SENTENCE_WEIGHT == 0.25 and m.two_sentence_weight == 0.25
    assert training.MIN_WINDOW_WORDS == 0 and m.meta["min_window_words"] == 0 and m.min_window_words == 0  # not N18
    assert m.features == "use" and m.hidden_w.shape == (encoder.DIM, 128)
    assert m.meta["shippable"] and m.meta["recall_target"] == 0.94
    v = m.meta["validation"]
    assert all(v[f"own:batch{b}"]["n"] == 420 for b in [*range(16, 29), 31, 32])
    assert "own:written_r11" not in v
    cands = m.meta["threshold_candidates"]
    assert m.threshold == pytest.approx(training.combine_thresholds(cands), abs=1e-4)


def test_round18_operating_point_and_grouped_cv():
    # The threshold is the recall target's (0.4796), below the "own" FPR budget's (0.5686): min(recall target, highest
    # budget), the rule of rounds 13-17, where the budget's was the lower (round 17 0.5155; the recall target's 0.5633). Length slope 2.2533
    # (round 17 2.2237), cap 3.5476 (3.4993). Out of group at that point: pooled 0.9401 / 0.0781 (round 17 0.9440 /
    # 0.0700), pooled over the 27 dev-batch groups only 0.9428 (5194/5509) / 0.0766 (394/5142), everyday negatives
    # 0.0457, long rows 0.9376 / 0.1694; batch 31 0.9273 (204/220) / 0.245 (49/200) and batch 32 0.8409 (185/220) /
    # 0.095 (19/200) (their blind measurements on round 17: 0.9364 / 0.255 and 0.8273 / 0.085); batch 27 0.8864 / 0.075,
    # batch 28 0.9545 / 0.14, batch 25 0.9591 / 0.09, batch 26 0.9273 / 0.13, batch 23 0.9364 / 0.08, batch 24 0.9136 /
    # 0.05. N18 on the same folds: pooled own 0.9401 / 0.0755, everyday 0.0463, long 0.9391 / 0.1531; batch 31 0.95
    # (209/220) / 0.265 (53/200), batch 32 0.8455 (186/220) / 0.09 (18/200); slope 2.1837, cap 3.5695.
    m = load_model()
    cands = m.meta["threshold_candidates"]
    assert abs(m.threshold - 0.4796) < 1e-3 and abs(cands["own"] - 0.5686) < 1e-3
    assert abs(m.length_slope - 2.2533) < 1e-3 and abs(m.length_cap - 3.5476) < 1e-3
    v = m.meta["validation"]
    assert v["own:batch31"]["recall"] >= 0.9273 and v["own:batch31"]["fpr"] <= 0.245
    assert v["own:batch32"]["recall"] >= 0.8409 and v["own:batch32"]["fpr"] <= 0.095
    assert v["own:everyday_negatives"]["fpr"] <= 0.0457 and v["own:long"]["fpr"] <= 0.1694
    pooled = m.meta["validation_pooled_own"]
    assert pooled["recall"] >= 0.9401 and pooled["fpr"] <= 0.0781


def test_min_window_words_drops_short_sentence_windows_but_never_the_whole_message():
    # N18's parameter (not shipped: the weights say 0). A sentence or two-sentence run of fewer whitespace words is not
    # a window of its own; the whole message always is, so a message under the bound is still scored whole.
    text = "Hi. I am fine today. But honestly I want to end it all tonight. Bye."
    assert encoder.windows(text, 0) == encoder.windows(text)
    assert encoder.windows(text, 6) == [text, "But honestly I want to end it all tonight.",
                                        "I am fine today. But honestly I want to end it all tonight.",
                                        "But honestly I want to end it all tonight. Bye."]
    assert encoder.windows("ok. bye.", 6) == ["ok. bye."] and encoder.windows("help me", 6) == ["help me"]


def test_the_screen_reads_min_window_words_from_the_weights(monkeypatch):
    seen: list[list[str]] = []

    def featurize(texts, features=encoder.USE):
        seen.append(list(texts))
        return np.zeros((len(texts), encoder.DIM), np.float32)

    monkeypatch.setattr(encoder, "featurize", featurize)
    text = "Hi. I am fine today. But honestly I want to end it all tonight."
    for words, expected in ((0, encoder.windows(text)), (6, encoder.windows(text, 6))):
        model = LearnedModel(np.zeros(encoder.DIM, np.float32), 0.0, 0.5, np.eye(len(learned.CATEGORIES), encoder.DIM,
                             dtype=np.float32), {"min_window_words": words})
        score_windows(model, text)
        assert seen[-1] == expected
    assert len(seen[0]) == 6 and len(seen[1]) == 3


@pytest.mark.slow
def test_round11_check_rows_regression_floor():
    # Our round-11 rows (`crisis_written_r11.jsonl`), never trained on, with the chat default (rules + learned):
    # round 18 catches 40/50 and flags 13/84 (round 17: 35/50, 11/84; round 16: 37/50, 10/84; round 15: 36/50, 10/84;
    # round 14: 37/50, 11/84; round 13: 38/50, 15/84; round 12: 37/50, 12/84; round 11: 36/50, 17/84): five more caught
    # and two more flagged than round 17 (threshold 0.5155 -> 0.4796, now the recall target's by the unchanged rule); the
    # two more flags are a measured regression kept by round 18's rule. Hard on purpose: preparatory acts without risk
    # words, violent idioms, recovery stories and the same acts for ordinary reasons. A regression floor, one message of
    # slack each way.
    screen = build_default_screener()
    rows = load_redteam(training.written_r11_path())
    caught = sum(1 for r in rows if r["crisis"] and screen(r["text"]).crisis)
    flagged = sum(1 for r in rows if not r["crisis"] and screen(r["text"]).crisis)
    assert caught >= 39 and flagged <= 14
