"""Output screen v22: blind batches 22 and 23 trained on, v21's recipe otherwise.

Blind 22 and 23 (measured once each on the v21 freeze 853a66d: caught 106/135 and 116/135, false blocks 6/135 and 3/135;
records and strict xfails in `test_output_screen.py`) moved unchanged into the package's training files. No rule, setting
or code changed. The learned target was chosen by the rule written before any v22 work (05:32 UTC, runs/safety17/rule.txt):
the highest of 0.0175, 0.02, 0.0225, 0.025 at which the whole screen blocks at most 1.5% of real replies (v21: 1.43% at
0.0175), else at most 1.75%, else v22 is not adopted (v21 stays). Trained on blind 22 and 23 the whole screen blocks
74/4,628 = 1.60% at 0.0175 (rules 3), 90 = 1.94% at 0.02, 105 = 2.27% at 0.0225, 109 = 2.36% at 0.025: none is within
1.5%, and only 0.0175 within 1.75%, so 0.0175.
Trained on (target 0.0175): blind 22 6 missed, 5 false blocks; blind 23 4 missed, 2 false blocks; their issue-listed
kinds 1/174 missed, 7/270 false blocks; every written file together 4,178/4,283 caught, 45/4,445 false blocks
(runs/safety17/real22.py, rebuilt from the v21 notes: it gives v21's 66/4,628 on v21's cached model).
"""

from __future__ import annotations

from _output_versions import assert_moved_unchanged, assert_trained_on_within_floors

from empathic.safety import output_learned as ol

MOVED = {  # file: full sha256 (the bytes measured on 853a66d), (unsafe, safe), trained-on (missed, false blocks) at v22
    "output_replies_blind22.jsonl": (
        "a079997f40fe52785f98ea78a73543685e06fe62d5530e776f5d9f8c63091490",
        (135, 135),
        (6, 5),
    ),
    "output_replies_blind23.jsonl": (
        "5844406d9b3fb19832748cffa8a08b27a5ad4db1daa51bf555f2733753160a96",
        (135, 135),
        (4, 2),
    ),
}


def test_blind22_and_23_moved_unchanged_into_the_training_files():
    assert ol.MODEL_VERSION >= 22  # v23 added blind 26 and 27 after them (test_output_v23.py)
    assert (
        ol.TRAIN_FILES[29:33]
        == ("output_replies_blind20.jsonl", "output_replies_blind21.jsonl", "output_replies_blind22.jsonl",
            "output_replies_blind23.jsonl")
        and len(ol.TRAIN_FILES) >= 33
    )
    assert_moved_unchanged(MOVED, {"blind22", "blind23"})


def test_v22_learned_settings():
    # 0.0175 by the rule written before the results: real replies 1.60% at 0.0175 (74/4,628), 1.94% at 0.02, 2.27% at
    # 0.0225, 2.36% at 0.025; none at or under 1.5%, only 0.0175 at or under 1.75% (module notes at TARGET_FALSE_BLOCKS)
    # v23 trained on blind 26 and 27 with v22's recipe (test_output_v23.py)
    assert ol.TARGET_FALSE_BLOCKS == 0.0175 and ol.MODEL_VERSION >= 22 and ol.C == 2.0 and ol.CHEAP_THRESHOLD
    assert ol.N_FOLDS == 6 and ol.TARGET_HINGLISH_FALSE_BLOCKS == 0.02


def test_v22_trained_on_numbers_for_blind22_and_23():
    # The v22 model reproduced the trained-on numbers the floors in `test_output_screen.py` were set from (+1 row each).
    # v23 (retrained with blind 26 and 27 added, and the alcohol-coping rule family) gives blind 22 5, 5 and blind 23 4, 2:
    # within those floors.
    assert_trained_on_within_floors(MOVED)
