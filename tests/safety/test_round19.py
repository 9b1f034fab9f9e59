"""Round 19 of the input screen: blind batches 33 and 34 (each measured once on round 18, 82b328d: 33 recall 0.9182,
FPR 0.07; 34 recall 0.8773, FPR 0.21) became dev and are trained on (all 420 rows of each, CV groups "batch33" and
"batch34"; none repeats a held-out row, an earlier dev row or, for 34, a batch-33 row). The rule, written before any
work (08:48 UTC): "INPUT round 19. B19 = round 18's recipe (empathic/safety/training.py as at 3b03ca9) with blind
batches 33 and 34 merged as dev by the standing rule (CV groups batch33 and batch34; rows repeating a held-out row stay
held out). One candidate, L19 = B19 plus post-label copies: for every own training row (red-team dev rows and written
rows; never third-party source rows) whose text has at least two sentences, one extra copy (same label, same CV group)
in which the first line/sentence is prefixed by a forum label drawn with a fixed seed from the row language's set (en
"Title:", "Subject:", "Re:"; es "Título:", "Asunto:"; fr "Titre:", "Objet:"; de "Titel:", "Betreff:"; pt "Título:",
"Assunto:"; hi-latn "Title:", "Subject:") and followed by a line break — crisis and benign alike, so the label carries
no class signal; the copies are training-only (never scored out of group, never counted in any CV metric). [...] L19
ships instead of B19 only if, pooled out of group over the dev batches (same grouped folds, original rows only),
recall(L19) >= recall(B19) + 0.002 AND FPR(L19) <= FPR(B19) + 0.002, and the screen's median latency stays < 50 ms.
Otherwise B19 ships."

L19 was not adopted. Pooled out of group over the 29 dev-batch groups (original rows only): B19 recall 0.9430
(5610/5949), FPR 0.0832 (461/5542); L19 (`training.POST_LABEL_COPIES` True, its own threshold 0.525 by the same rule)
recall 0.9430 (5610/5949; bound 0.9450, failed), FPR 0.0761 (422/5542; bound 0.0852, held). B19 ships;
`POST_LABEL_COPIES` stays False (the code path, `training.post_label_copies` and the weights' meta "post_label_copies",
is kept and tested below). All fast: no retraining here."""

from __future__ import annotations

import numpy as np

from empathic.safety import encoder, training
from empathic.safety.learned import load_model

# The merge itself (batches 33 and 34 unchanged in the dev split, each its own CV group) is checked with the other
# merged blind batches in tests/safety/test_merged_batches.py.


def test_round19s_batches_are_still_in_the_shipped_validation():
    # The recipe itself (USE, one 128-unit MLP, recall target 0.94, two-sentence weight 0.25, MIN_WINDOW_WORDS 0,
    # POST_LABEL_COPIES False) is pinned once, in the newest tests/safety/test_roundNN.py: from round 20 on, each
    # round retrained it with two more
    # blind batches.
    v = load_model().meta["validation"]
    assert v["own:batch33"]["n"] == 420 and v["own:batch34"]["n"] == 420 and "own:written_r11" not in v
    assert training.POST_LABEL_COPIES is False and load_model().meta["post_label_copies"] is False  # not L19


# Round 19's own operating point (its weights shipped until round 20, which retrained with batches 35 and 36:
# the newest tests/safety/test_roundNN.py): p >= 0.4848 for 1-2 sentences (the recall target's; candidates own 0.6083,
# own_everyday 0.3118, own_long 0.1155, hypo_hyperbole 0.0389, own_recall 0.4848), length slope 2.2450, cap 3.5111. Out
# of group at that point: pooled 0.9401 / 0.0814, pooled over the 29 dev-batch groups only 0.9430 (5610/5949) / 0.0832
# (461/5542), everyday negatives 0.0418, long rows 0.936 / 0.1725; batch 33 0.9045 (199/220) / 0.065 (13/200), batch 34
# 0.8818 (194/220) / 0.22 (44/200), batch 31 0.9682 / 0.325, batch 32 0.8591 / 0.085, batch 27 0.8955 / 0.065, batch 28
# 0.9545 / 0.14, batch 25 0.9409 / 0.085, batch 26 0.9227 / 0.105. L19 on the same folds (threshold 0.525, slope
# 2.2037, cap 3.4663): pooled own 0.9401 / 0.0751, everyday 0.0373, long 0.9354 / 0.1599; batch 33 0.9045 (199/220) /
# 0.06 (12/200), batch 34 0.9136 (201/220) / 0.235 (47/200). On our round-11 check rows round 19 caught 35/50 and
# flagged 11/84; the floor on them moved to the newest test_roundNN.py. Blind 35 and 36, measured once on round 19:
# 0.9773
# (215/220) / 0.175 (35/200) and 0.7591 (167/220) / 0.14 (28/200) (tests/test_safety_redteam.py).


def test_post_label_copies_prefix_a_language_label_and_a_line_break_to_multi_sentence_rows():
    # L19's parameter. One copy per row of at least two sentences (crisis and benign alike), the label drawn in row
    # order with the fixed seed from the row language's set, then a line break, then the text unchanged; a row without a
    # language (the early English batches) takes the English set.
    rows = [{"text": "I can't do this anymore. Tonight I end it.", "crisis": True, "lang": "en"},
            {"text": "just one sentence here", "crisis": False, "lang": "en"},
            {"text": "Mañana tengo examen. Estoy nerviosa.", "crisis": False, "lang": "es"},
            {"text": "Ich bin müde. Ich will nicht mehr leben.", "crisis": True, "lang": "de"},
            {"text": "Had a long day. Going to bed.", "crisis": False}]
    copies = training.post_label_copies(rows)
    assert [i for i, _ in copies] == [0, 2, 3, 4]
    for i, text in copies:
        label, body = text.split("\n", 1)
        assert body == rows[i]["text"] and label in training.POST_LABELS[rows[i].get("lang") or "en"]
    assert training.post_label_copies(rows) == copies  # fixed seed
    assert training.POST_LABELS["hi-latn"] == ("Title:", "Subject:") and training.POST_LABEL_SEED == 19


def test_post_label_copies_train_in_their_rows_group_only_and_are_never_scored(monkeypatch):
    monkeypatch.setattr(encoder, "encode", lambda texts: np.zeros((len(texts), encoder.DIM), np.float32))
    monkeypatch.setattr(training, "RISK_WINDOWS", False)
    plain = training.own_rows()
    monkeypatch.setattr(training, "POST_LABEL_COPIES", True)
    own = training.own_rows()
    # The rows, their windows (what the grouped CV scores) and every CV metric's rows are the same as without copies.
    assert own.texts == plain.texts and np.array_equal(own.owner, plain.owner) and own.groups == plain.groups
    assert len(own.copy_owner) == int((own.n_sentences >= 2).sum()) == len(own.copy_x) > 0
    groups = np.array(own.groups)
    held = groups == "batch33"
    for rows in (np.flatnonzero(~held), np.arange(len(own.y))):
        x, y = training._own_training(own, rows, neg_windows=False)
        copies = own.copy_owner[np.isin(own.copy_owner, rows)]
        assert len(x) == len(rows) + len(copies) and np.array_equal(y[len(rows):], own.y[copies])
    assert not held[own.copy_owner[np.isin(own.copy_owner, np.flatnonzero(~held))]].any()
    assert held[own.copy_owner].sum() > 0
    x, y = training._own_training(plain, np.arange(len(plain.y)), neg_windows=False)
    assert len(x) == len(plain.y)  # B19: no copies
