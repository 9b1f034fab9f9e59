"""Round 9 of the input screen: blind batch 14 (measured once on round 8, 87d4f7e) became dev and is trained on
(tests/safety/test_merged_batches.py), and the MLP reads USE alone again (`training.FEATURES = "use"`): with batch 14
merged, MiniLM's share of the out-of-group gain did not reach the bar set before (Notes/decisions/safety.md, "Input
screen round 9"). All fast: no retraining here."""

from __future__ import annotations

import subprocess
import sys

import numpy as np

from empathic.safety import encoder, training
from empathic.safety.learned import (
    LearnedModel,
    load_model,
    message_logit,
    score_windows,
    shipped_weights_path,
)
from empathic.safety.patterns import CATEGORIES


def test_shipped_weights_come_from_the_round9_recipe():
    # Round 9 = round 8's recipe (one 128-unit MLP, risk windows, recall target 0.94) with batch 14 trained on, on USE
    # features only (512 inputs; round 8: 896).
    assert shipped_weights_path().stat().st_size < 140_000
    m = load_model()
    assert (training.BAG, training.HIDDEN, training.RECALL_TARGET, training.FEATURES) == (1, 128, 0.94, "use")
    assert m.features == "use" and m.meta["features"] == "use"
    assert m.hidden_w.shape == (encoder.DIM, 128) and m.centroids.shape[1] == encoder.DIM
    assert m.meta["shippable"] and m.meta["recall_target"] == 0.94
    assert {"own:batch12", "own:batch13", "own:batch14", "own:written_r6"} <= set(m.meta["validation"])
    assert m.meta["validation"]["own:batch14"]["n"] == 420


# Round 9's own operating point (its weights shipped until round 10, which retrained the same recipe with batch 15:
# tests/safety/test_round10.py): p >= 0.3826 for 1-2 sentences, length slope 2.111, cap 3.437; out of group pooled
# 0.9401 / 0.0753, everyday negatives 0.0657, long rows 0.943 / 0.1425; batch 14 0.968 / 0.105.


def test_screening_with_the_mlp_alone_does_not_import_torch():
    # Round 9 went back to USE alone so that a screening process need not load torch (round 8: a one-message
    # `empathic screen` process 5.7 s, round 7 1.4 s). Since round 51 the shipped screen reads a fine-tuned MiniLM
    # through torch (Notes/decisions/safety.md, round 51); a screen with MLP weights of one's own (`--weights`) still
    # runs without it.
    code = ("import sys\nfrom empathic.safety import build_default_screener\n"
            "from empathic.safety.learned import shipped_weights_path\n"
            "s = build_default_screener(shipped_weights_path())\n"
            "assert s('We had soup for dinner and I fell asleep on the sofa.').crisis is False\n"
            "assert s('I have the pills in my hand and I am going to take them all tonight.').crisis is True\n"
            "print('torch' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False", out.stdout + out.stderr


def test_two_sentence_messages_read_the_whole_message_first():
    # Windows of a two-sentence message: [whole, sentence 1, sentence 2]. Its logit is the whole message's, lifted by
    # TWO_SENTENCE_WEIGHT of the best sentence's excess; one sentence, or three and more, keep the plain maximum.
    assert training.TWO_SENTENCE_WEIGHT == 0.25
    z = np.array([-1.0, 3.0, -2.0])
    assert message_logit(z, 2, 0.25) == -1.0 + 0.25 * 4.0
    assert message_logit(z, 2, 1.0) == 3.0 and message_logit(z, 3, 0.25) == 3.0
    assert message_logit(np.array([2.0, 1.0, 0.5]), 2, 0.25) == 2.0  # a sentence below the whole never lowers it
    assert message_logit(np.array([0.7]), 1, 0.25) == 0.7


def test_the_screen_and_the_training_aggregate_windows_alike(monkeypatch):
    # A linear model over fake one-hot "embeddings": the whole message and each sentence get known logits.
    logits = {"I tried to end it two years ago. I am doing well now.": -2.0, "I tried to end it two years ago.": 3.0,
              "I am doing well now.": -4.0}
    keys = list(logits)
    monkeypatch.setattr(encoder, "encode", lambda ts: np.eye(encoder.DIM, dtype=np.float32)[[keys.index(t) for t in ts]])
    coef = np.zeros(encoder.DIM, np.float32)
    coef[:3] = list(logits.values())
    for weight, expected in ((1.0, 3.0), (0.25, -2.0 + 0.25 * 5.0)):
        m = LearnedModel(coef, 0.0, 0.5, np.zeros((len(CATEGORIES), encoder.DIM), np.float32),
                         {"two_sentence_weight": weight})
        best = score_windows(m, keys[0])
        assert best.n_sentences == 2 and best.window == keys[1]
        assert abs(np.log(best.probability / (1 - best.probability)) - expected) < 1e-4
    assert load_model().two_sentence_weight == 0.25
