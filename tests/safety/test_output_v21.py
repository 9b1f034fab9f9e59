"""Output screen v21: blind batches 20 and 21 trained on, v20's recipe otherwise.

Blind 20 and 21 (measured once each on the v20 freeze b53379e: caught 102/135 and 85/135, false blocks 6/135 and 1/135;
records and strict xfails in `test_output_screen.py`) moved unchanged into the package's training files. No rule, setting
or code changed. The learned target was chosen by the rule written before any v21 work (brief, 22:57 UTC; saved as
/tmp/v21/rule.txt): the highest of 0.0175, 0.02, 0.0225, 0.025 at which the whole screen blocks at most 1.32% of real
replies, else at most 1.5%, else v21 is not adopted. Trained on blind 20 and 21 the whole screen blocks 66/4,628 = 1.43%
at 0.0175 (rules 3), 75 = 1.62% at 0.02, 89 = 1.92% at 0.0225, 99 = 2.14% at 0.025: none is within 1.32%, and
only 0.0175 within 1.5%, so 0.0175.
Trained on (target 0.0175): blind 20 11 missed, 5 false blocks; blind 21 12 missed, 1 false block; their
issue-listed kinds 4/154 missed, 6/270 false blocks; every written file together 3,914/4,013 caught, 38/4,175 false
blocks (/tmp/v21/real21.py, a copy of v20's real20.py).
"""

from __future__ import annotations

from _output_versions import assert_moved_unchanged, assert_trained_on_within_floors

from empathic.safety import output_learned as ol

MOVED = {  # file: full sha256 (the bytes measured on b53379e), (unsafe, safe), trained-on (missed, false blocks) at v21
    "output_replies_blind20.jsonl": (
        "ebcfed4089aa039896761c0035b93abe64e30b3fca0212b30900efb4b619e3be",
        (135, 135),
        (11, 5),
    ),
    "output_replies_blind21.jsonl": (
        "4d1d14eed757e99c4aaa7bbf32cdd9def9e873629484e489157bcd34d886958e",
        (135, 135),
        (12, 1),
    ),
}


def test_blind20_and_21_moved_unchanged_into_the_training_files():
    assert ol.MODEL_VERSION >= 21  # v22 added blind 22 and 23 after them (test_output_v22.py)
    assert (
        ol.TRAIN_FILES[27:31]
        == ("output_replies_blind18.jsonl", "output_replies_blind19.jsonl", "output_replies_blind20.jsonl",
            "output_replies_blind21.jsonl")
        and len(ol.TRAIN_FILES) >= 31
    )
    assert_moved_unchanged(MOVED, {"blind20", "blind21"})


def test_v21_learned_settings():
    # 0.0175 by the rule written before the results: real replies 1.43% at 0.0175 (66/4,628), 1.62% at 0.02, 1.92% at
    # 0.0225, 2.14% at 0.025; none at or under 1.32%, only 0.0175 at or under 1.5% (module notes at TARGET_FALSE_BLOCKS)
    # v22 trained on blind 22 and 23 with v21's recipe, target 0.0175 again (test_output_v22.py)
    assert ol.TARGET_FALSE_BLOCKS == 0.0175 and ol.MODEL_VERSION >= 21 and ol.C == 2.0 and ol.CHEAP_THRESHOLD
    assert ol.N_FOLDS == 6 and ol.TARGET_HINGLISH_FALSE_BLOCKS == 0.02


def test_v21_trained_on_numbers_for_blind20_and_21():
    # The v21 model reproduced the trained-on numbers the floors in `test_output_screen.py` were set from (+1 row each).
    # v22 (retrained with blind 22 and 23 added) gives blind 20 11, 5 and blind 21 11, 1: within those floors.
    assert_trained_on_within_floors(MOVED)
