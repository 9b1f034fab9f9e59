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
is kept and tested below). Fast apart from the check-set test."""

from __future__ import annotations

import numpy as np
import pytest

from empathic.safety import build_default_screener, encoder, load_redteam, training
from empathic.safety.learned import load_model, shipped_weights_path

# The merge itself (batches 33 and 34 unchanged in the dev split, each its own CV group) is checked with the other
# merged blind batches in tests/safety/test_merged_batches.py.


def test_shipped_weights_come_from_the_round19_recipe():
    # The recipe's shape, pinned once here (round 11's recipe, retrained in round 12 with batches 17 and 18, in round 13
    # with batches 19 and 20 and the threshold step fixed, in round 14 with batches 21 and 22, in round 15 with 23 and
    # 24, in round 16 with 25 and 26, in round 17 with 27 and 28, in round 18 with 31 and 32, in round 19 with 33 and
    # 34).
    assert shipped_weights_path().stat().st_size < 140_000
    m = load_model()
    assert (training.BAG, training.HIDDEN, training.RECALL_TARGET, training.FEATURES) == (1, 128, 0.94, "use")
    assert training.TWO_SENTENCE_WEIGHT == 0.25 and m.two_sentence_weight == 0.25
    assert training.MIN_WINDOW_WORDS == 0 and m.meta["min_window_words"] == 0 and m.min_window_words == 0  # not N18
    assert training.POST_LABEL_COPIES is False and m.meta["post_label_copies"] is False  # not L19
    assert m.features == "use" and m.hidden_w.shape == (encoder.DIM, 128)
    assert m.meta["shippable"] and m.meta["recall_target"] == 0.94
    v = m.meta["validation"]
    assert all(v[f"own:batch{b}"]["n"] == 420 for b in [*range(16, 29), 31, 32, 33, 34])
    assert "own:written_r11" not in v
    cands = m.meta["threshold_candidates"]
    assert m.threshold == pytest.approx(training.combine_thresholds(cands), abs=1e-4)


def test_round19_operating_point_and_grouped_cv():
    # The threshold is the recall target's (0.4848; candidates own 0.6083, own_everyday 0.3118, own_long 0.1155,
    # hypo_hyperbole 0.0389, own_recall 0.4848), by the rule of rounds 13-18 (round 18 0.4796, the recall target's).
    # Length slope 2.2450 (round 18 2.2533), cap 3.5111 (3.5476). Out of group at that point: pooled 0.9401 / 0.0814
    # (round 18 0.9401 / 0.0781), pooled over the 29 dev-batch groups only 0.9430 (5610/5949) / 0.0832 (461/5542),
    # everyday negatives 0.0418 (0.0457), long rows 0.936 / 0.1725 (0.9376 / 0.1694); batch 33 0.9045 (199/220) / 0.065
    # (13/200) and batch 34 0.8818 (194/220) / 0.22 (44/200) (their blind measurements on round 18: 0.9182 / 0.07 and
    # 0.8773 / 0.21); batch 31 0.9682 / 0.325, batch 32 0.8591 / 0.085, batch 27 0.8955 / 0.065, batch 28 0.9545 / 0.14,
    # batch 25 0.9409 / 0.085, batch 26 0.9227 / 0.105. L19 on the same folds (threshold 0.525, slope 2.2037, cap
    # 3.4663): pooled own 0.9401 / 0.0751, everyday 0.0373, long 0.9354 / 0.1599; batch 33 0.9045 (199/220) / 0.06
    # (12/200), batch 34 0.9136 (201/220) / 0.235 (47/200).
    m = load_model()
    cands = m.meta["threshold_candidates"]
    assert abs(m.threshold - 0.4848) < 1e-3 and abs(cands["own"] - 0.6083) < 1e-3
    assert abs(m.length_slope - 2.2450) < 1e-3 and abs(m.length_cap - 3.5111) < 1e-3
    v = m.meta["validation"]
    assert v["own:batch33"]["recall"] >= 0.9045 and v["own:batch33"]["fpr"] <= 0.065
    assert v["own:batch34"]["recall"] >= 0.8818 and v["own:batch34"]["fpr"] <= 0.22
    assert v["own:everyday_negatives"]["fpr"] <= 0.0418 and v["own:long"]["fpr"] <= 0.1725
    pooled = m.meta["validation_pooled_own"]
    assert pooled["recall"] >= 0.9401 and pooled["fpr"] <= 0.0814


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


@pytest.mark.slow
def test_round11_check_rows_regression_floor():
    # Our round-11 rows (`crisis_written_r11.jsonl`), never trained on, with the chat default (rules + learned): round
    # 19 catches 35/50 and flags 11/84 (round 18: 40/50, 13/84; round 17: 35/50, 11/84; round 16: 37/50, 10/84; round
    # 15: 36/50, 10/84; round 14: 37/50, 11/84; round 13: 38/50, 15/84; round 12: 37/50, 12/84; round 11: 36/50, 17/84).
    # Hard on purpose: preparatory acts without risk words, violent idioms, recovery stories and the same acts for
    # ordinary reasons. A regression floor, one message of slack each way.
    screen = build_default_screener()
    rows = load_redteam(training.written_r11_path())
    caught = sum(1 for r in rows if r["crisis"] and screen(r["text"]).crisis)
    flagged = sum(1 for r in rows if not r["crisis"] and screen(r["text"]).crisis)
    assert caught >= 34 and flagged <= 12
