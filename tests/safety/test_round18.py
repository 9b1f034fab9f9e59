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
`encoder.windows(text, min_words)` and the weights' meta "min_window_words", is kept and tested below). All fast:
no retraining here."""

from __future__ import annotations

import numpy as np

from empathic.safety import encoder, learned, training
from empathic.safety.learned import LearnedModel, load_model, score_windows

# The merge itself (batches 31 and 32 unchanged in the dev split, each its own CV group) is checked with the other
# merged blind batches in tests/safety/test_merged_batches.py.


def test_round18s_batches_are_still_in_the_shipped_validation():
    # The recipe itself (USE, one 128-unit MLP, recall target 0.94, two-sentence weight 0.25, MIN_WINDOW_WORDS 0) is
    # pinned once, in the newest tests/safety/test_roundNN.py: from round 19 on, each round retrained it with two more
    # blind batches.
    v = load_model().meta["validation"]
    assert v["own:batch31"]["n"] == 420 and v["own:batch32"]["n"] == 420 and "own:written_r11" not in v
    assert training.MIN_WINDOW_WORDS == 0 and load_model().min_window_words == 0  # not N18


# Round 18's own operating point (its weights shipped until round 19, which retrained with batches 33 and 34:
# tests/safety/test_round19.py): p >= 0.4796 for 1-2 sentences (the recall target's; the "own" FPR budget's 0.5686),
# length slope 2.2533, cap 3.5476. Out of group at that point: pooled 0.9401 / 0.0781, pooled over the 27 dev-batch
# groups only 0.9428 (5194/5509) / 0.0766 (394/5142), everyday negatives 0.0457, long rows 0.9376 / 0.1694; batch 31
# 0.9273 (204/220) / 0.245 (49/200), batch 32 0.8409 (185/220) / 0.095 (19/200), batch 27 0.8864 / 0.075, batch 28
# 0.9545 / 0.14, batch 25 0.9591 / 0.09, batch 26 0.9273 / 0.13, batch 23 0.9364 / 0.08, batch 24 0.9136 / 0.05. N18
# on the same folds: pooled own 0.9401 / 0.0755, everyday 0.0463, long 0.9391 / 0.1531; batch 31 0.95 (209/220) /
# 0.265 (53/200), batch 32 0.8455 (186/220) / 0.09 (18/200); slope 2.1837, cap 3.5695. On our round-11 check rows
# round 18 caught 40/50 and flagged 13/84; the floor on them moved to the newest test_roundNN.py.


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
