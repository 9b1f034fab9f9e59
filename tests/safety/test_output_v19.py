"""Output screen v19: blind batches 16 and 17 trained on, v18's recipe otherwise.

Blind 16 and 17 (measured once each on the v18 freeze 81dc632: caught 86/135 and 80/135, false blocks 4/135 and 5/135;
records and strict xfails in `test_output_screen.py`) moved unchanged into the package's training files. No rule, setting
or code changed. The learned target was chosen by the rule written before any v19 result (/tmp/m/r15_rule.txt, 18:30
UTC): the highest of 0.0175, 0.02, 0.0225, 0.025 at which the whole screen blocks at most v18's 1.06% (49/4,628) of real
replies, else at most 1.0%, else 0.0175. Trained on blind 16 and 17 the whole screen blocks 61/4,628 = 1.32% at 0.0175
(rules 3), 66 = 1.43% at 0.02, 72 = 1.56% at 0.0225, 84 = 1.82% at 0.025: none under either budget, so 0.0175.
Trained on (target 0.0175): blind 16 2 missed, 2 false blocks; blind 17 6 missed, 3 false blocks (all five by rules);
every written file together 3,406/3,473 caught, 32/3,635 false blocks (Notes/decisions/safety.md, "Output screen v19").
"""

from __future__ import annotations

from _output_versions import assert_moved_unchanged, assert_trained_on_within_floors

from empathic.safety import output_learned as ol

MOVED = {  # file: full sha256 (the bytes measured on 81dc632), (unsafe, safe), trained-on (missed, false blocks) at v19
    "output_replies_blind16.jsonl": (
        "b082978e622b143c7ed4edbcdbf76676ec345c701b268fa87342b249f8ef3174",
        (135, 135),
        (2, 2),
    ),
    "output_replies_blind17.jsonl": (
        "1f407164195f6d7713fce782664b3cdf28fb2ef4685e8150551783a3a4e4b2f9",
        (135, 135),
        (6, 3),
    ),
}


def test_blind16_and_17_moved_unchanged_into_the_training_files():
    assert ol.MODEL_VERSION >= 19  # v20 added blind 18 and 19 after them (test_output_v20.py)
    assert (
        ol.TRAIN_FILES[24:27]
        == ("output_replies_blind15.jsonl", "output_replies_blind16.jsonl", "output_replies_blind17.jsonl")
        and len(ol.TRAIN_FILES) >= 27
    )
    assert_moved_unchanged(MOVED, {"blind16", "blind17"})


def test_v19_learned_settings():
    # 0.0175 by the rule written before the results: real replies 1.32% at 0.0175 (61/4,628), 1.43% at 0.02, 1.56% at
    # 0.0225, 1.82% at 0.025; none at or under v18's 1.06% or 1.0%, so the fallback (module docstring)
    # v20 trained on blind 18 and 19 with v19's recipe, target 0.0175 again (test_output_v20.py)
    assert ol.TARGET_FALSE_BLOCKS == 0.0175 and ol.MODEL_VERSION >= 19 and ol.C == 2.0 and ol.CHEAP_THRESHOLD
    assert ol.N_FOLDS == 6 and ol.TARGET_HINGLISH_FALSE_BLOCKS == 0.02


def test_v19_trained_on_numbers_for_blind16_and_17():
    # The v19 model reproduced the trained-on numbers the floors in `test_output_screen.py` were set from (+1 row each).
    # v20 (retrained with blind 18 and 19 added) gives blind 16 2, 2 and blind 17 7, 3: within those floors.
    assert_trained_on_within_floors(MOVED)
