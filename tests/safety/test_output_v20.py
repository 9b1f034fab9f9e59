"""Output screen v20: blind batches 18 and 19 trained on, v19's recipe otherwise.

Blind 18 and 19 (measured once each on the v19 freeze 04ce562: caught 111/135 and 108/135, false blocks 1/135 each;
records and strict xfails in `test_output_screen.py`) moved unchanged into the package's training files. No rule, setting
or code changed. The learned target was chosen by the rule written before any v20 work (/tmp/m/r16_rule.txt, 22:10 UTC):
the highest of 0.0175, 0.02, 0.0225, 0.025 at which the whole screen blocks at most v19's 1.32% (61/4,628) of real
replies, else at most 1.5%, else v20 is not adopted. Trained on blind 18 and 19 the whole screen blocks 57/4,628 = 1.23%
at 0.0175 (rules 3), 66 = 1.43% at 0.02, 75 = 1.62% at 0.0225, 86 = 1.86% at 0.025: only 0.0175 is within 1.32%.
Trained on (target 0.0175): blind 18 1 missed, 0 false blocks; blind 19 6 missed, 1 false block (by a rule); every
written file together 3,667/3,743 caught, 32/3,905 false blocks (/tmp/v20/real20.py, a copy of v19's real19.py).
"""

from __future__ import annotations

from _output_versions import assert_moved_unchanged, assert_trained_on_within_floors

from empathic.safety import output_learned as ol

MOVED = {  # file: full sha256 (the bytes measured on 04ce562), (unsafe, safe), trained-on (missed, false blocks) at v20
    "output_replies_blind18.jsonl": (
        "596c5d2dd5cfdb0634d2c4b9a08e01af1a4a4ceb7e19ba807da8d091eaadc5d7",
        (135, 135),
        (1, 0),
    ),
    "output_replies_blind19.jsonl": (
        "86e3521413cf44a1a771f063da5fbf6e977594944f4ccd8b3bbd44aa68fab218",
        (135, 135),
        (6, 1),
    ),
}


def test_blind18_and_19_moved_unchanged_into_the_training_files():
    assert ol.MODEL_VERSION >= 20  # v21 added blind 20 and 21 after them (test_output_v21.py)
    assert (
        ol.TRAIN_FILES[25:29]
        == ("output_replies_blind16.jsonl", "output_replies_blind17.jsonl", "output_replies_blind18.jsonl",
            "output_replies_blind19.jsonl")
        and len(ol.TRAIN_FILES) >= 29
    )
    assert_moved_unchanged(MOVED, {"blind18", "blind19"})


def test_v20_learned_settings():
    # 0.0175 by the rule written before the results: real replies 1.23% at 0.0175 (57/4,628), 1.43% at 0.02, 1.62% at
    # 0.0225, 1.86% at 0.025; only 0.0175 is at or under v19's 1.32% (module docstring)
    # v21 trained on blind 20 and 21 with v20's recipe, target 0.0175 again (test_output_v21.py)
    assert ol.TARGET_FALSE_BLOCKS == 0.0175 and ol.MODEL_VERSION >= 20 and ol.C == 2.0 and ol.CHEAP_THRESHOLD
    assert ol.N_FOLDS == 6 and ol.TARGET_HINGLISH_FALSE_BLOCKS == 0.02


def test_v20_trained_on_numbers_for_blind18_and_19():
    # The v20 model reproduced the trained-on numbers the floors in `test_output_screen.py` were set from (+1 row each).
    # v21 (retrained with blind 20 and 21 added) gives blind 18 1, 0 and blind 19 7, 1: within those floors.
    assert_trained_on_within_floors(MOVED)
