"""Emergency v2-v4: v1's rules OR a learned part (a class-balanced logistic regression over the input screen's USE
message embedding; v3 also reads each sentence of a message of 2+ sentences and trains on blind sets 1 and 2, v4
also on blind set 3), its
recipe and grouped-CV numbers pinned from the shipped weights (`empathic/resources/emergency_use.npz`,
`python -m empathic.safety.emergency_training`)."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest

from empathic.chat import Safety
from empathic.chat.respond import screen_input
from empathic.safety import emergency_learned, encoder, screen_conversation
from empathic.safety import emergency_training as training
from empathic.safety.emergency import Emergency, detect_emergency
from empathic.safety.emergency_learned import (
    LEARNED_KIND,
    EmergencyModel,
    detect_emergency_default,
    detect_emergency_v2,
    load_model,
    sentence_windows,
)

MODEL = load_model()
THRESHOLD = 0.93743  # v4 (v3: 0.94554; v2: 0.94863)
# Out of group (each group scored by a model fitted without it, the maximum over the whole message and its
# sentences), rules OR learned at THRESHOLD: group -> (emergencies caught, of, false alarms, of).
CV = {
    "written_train": (147, 240, 7, 240),  # rules alone 75 and 3; v3 136 and 7; v2 129 and 7
    "written_v1": (60, 60, 1, 59),  # rules alone 60 and 0; v3 and v2 60 and 1
    "blind1": (62, 80, 3, 80),  # rules alone (v1) 42 and 3; v3 60 and 3; v2 56 and 3
    "blind2": (68, 80, 2, 80),  # rules alone 36 and 0; v3 64 and 2; v2 as measured 63 and 2
    "blind3": (59, 80, 3, 80),  # rules alone 22 and 2; v3 as measured 56 and 3
    "redteam": (0, 0, 1, 3678),  # rules alone 0 false alarms; v3 1 (the same row); v2 0
}
# By the rule written at 05:32 UTC: out of group v4 catches 59/80 of blind set 3 (v3 as measured: 56/80, at least
# that needed) with 3/80 false alarms (at most 3), and the one red-team benign row that alarms out of group is v3's
# one (a long post about a nervous rescue greyhound): adopted. (v3, by the rule written at 22:10 UTC: 64/80 of blind
# set 2 out of group, v2 63/80.)
ADOPTED = True


def _never() -> EmergencyModel:
    return EmergencyModel(MODEL.coef, MODEL.bias, 1.1, {**MODEL.meta, "adopted": True})


def _always() -> EmergencyModel:
    return EmergencyModel(MODEL.coef, MODEL.bias, 0.0, {**MODEL.meta, "adopted": True})


def test_the_recipe_is_pinned():
    meta = MODEL.meta
    assert (meta["C"], meta["emergency_fpr"], meta["redteam_fpr"]) == (1.0, 0.03, 0.005)
    assert meta["version"] == 4 and MODEL.per_sentence
    assert set(training.WRITTEN_FILES) == {"written_train", "written_v1", "blind1", "blind2", "blind3"}
    assert meta["redteam_batches"] == list(range(1, 23)) and meta["redteam_folds"] == 3
    assert MODEL.threshold == pytest.approx(THRESHOLD, abs=1e-4)
    assert MODEL.coef.shape == (encoder.DIM,)
    for path in training.WRITTEN_FILES.values():
        assert meta["sha256"][path.name] == hashlib.sha256(path.read_bytes()).hexdigest(), path.name


def test_the_grouped_cv_numbers_are_the_recorded_ones():
    cv = MODEL.meta["cv"]
    for group, (caught, emergencies, false, negatives) in CV.items():
        got = cv[group]
        assert (got["emergencies"], got["negatives"]) == (emergencies, negatives), group
        assert abs(got["caught"] - caught) <= 1 and abs(got["false_alarms"] - false) <= 1, (group, got)
    assert cv["pooled"]["emergency_negatives_fpr"] <= 0.03 and cv["pooled"]["redteam_benign_fpr"] <= 0.005


def test_adoption_follows_the_rule_written_before_the_data():
    cv = MODEL.meta["cv"]
    blind3 = cv["blind3"]
    alarms = MODEL.meta["redteam_alarms"]
    rule = (
        blind3["caught"] >= 56
        and blind3["false_alarms"] <= 3
        and cv["redteam"]["false_alarms"] <= 1
        and set(alarms) <= training.V3_REDTEAM_ALARMS
    )
    assert MODEL.adopted == rule == ADOPTED
    assert len(training.V3_REDTEAM_ALARMS) == 1 and len(alarms) == cv["redteam"]["false_alarms"]
    assert training.adoption(cv, MODEL.threshold, alarms) == ADOPTED
    assert training.adoption({**cv, "blind3": {**blind3, "caught": 56}}, MODEL.threshold, alarms)
    assert not training.adoption({**cv, "blind3": {**blind3, "caught": 55}}, MODEL.threshold, alarms)
    assert not training.adoption({**cv, "blind3": {**blind3, "false_alarms": 4}}, MODEL.threshold, alarms)
    more = {**cv, "redteam": {**cv["redteam"], "false_alarms": 2}}
    assert not training.adoption(more, MODEL.threshold)
    assert not training.adoption(cv, MODEL.threshold, ["0" * 64])  # another row alarms instead of v3's
    assert not training.adoption(cv, None)


@pytest.mark.slow
def test_retraining_reproduces_the_shipped_weights(tmp_path):
    out = tmp_path / "emergency_use.npz"
    assert training.main(["--out", str(out)]) == 0
    again = load_model(out)
    # Tolerances, not bit-identity: rows are read through `normalize.deobfuscate`, which other work refines (a
    # change to its key terms re-spelled 8 red-team rows and moved the weights by at most 7e-4, the threshold by
    # 1e-5, the CV counts not at all).
    np.testing.assert_allclose(again.coef, MODEL.coef, atol=3e-3)
    assert again.bias == pytest.approx(MODEL.bias, abs=3e-3)
    assert again.threshold == pytest.approx(MODEL.threshold, abs=1e-3)
    assert again.meta["cv"] == MODEL.meta["cv"] and again.meta["sha256"] == MODEL.meta["sha256"]


# ---------------------------------------------------------------------------------------------
# Rules OR learned


def test_a_rule_hit_is_the_rules_answer_whatever_the_learned_part_says():
    text = "my dad collapsed and isn't breathing"
    assert detect_emergency_v2(text, _never()) == detect_emergency(text) == Emergency("not_breathing", "en")
    assert detect_emergency_v2(text, _always()) == Emergency("not_breathing", "en")


def test_without_a_rule_hit_the_learned_part_decides():
    text = "I had a long day at work."
    assert detect_emergency(text) is None
    assert detect_emergency_v2(text, _never()) is None
    assert detect_emergency_v2(text, _always()) == Emergency(LEARNED_KIND, "en")


def test_a_learned_only_hit_is_answered_in_the_detected_language():
    assert detect_emergency_v2("hoy fui a la playa con mi hermana", _always()) == Emergency(
        LEARNED_KIND, "es"
    )
    assert detect_emergency_v2("mein Vater ist heute im Garten", _always()) == Emergency(LEARNED_KIND, "de")


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_messages_are_never_emergencies(text):
    assert detect_emergency_v2(text, _always()) is None


def test_the_default_follows_the_shipped_adoption(monkeypatch):
    text = "I had a long day at work."
    monkeypatch.setattr(emergency_learned, "shipped_model", _always)
    assert detect_emergency_default(text) == Emergency(LEARNED_KIND, "en")
    off = EmergencyModel(MODEL.coef, MODEL.bias, 0.0, {**MODEL.meta, "adopted": False})
    monkeypatch.setattr(emergency_learned, "shipped_model", lambda: off)
    assert detect_emergency_default(text) is None


# ---------------------------------------------------------------------------------------------
# In chat


def test_the_crisis_path_still_wins_over_an_emergency(monkeypatch):
    # v2 on, and the learned part fires on anything
    monkeypatch.setattr(emergency_learned, "shipped_model", _always)
    for text in ["I want to kill myself, there's smoke everywhere", "I want to end my life tonight"]:
        response = screen_input([{"role": "user", "content": text}], Safety())
        assert response is not None and response.kind == "escalation" and response.crisis, text
    response = screen_input([{"role": "user", "content": "I had a long day at work."}], Safety())
    assert (response.kind, response.crisis, response.category) == ("emergency", False, "medical_emergency")
    assert response.reasons == [f"emergency: {LEARNED_KIND}"]


def test_the_learned_part_reuses_the_embedding_the_crisis_screen_computed(monkeypatch):
    from empathic.safety import default_second_opinion

    text = "my neighbour is lying on the stairs and his lips look grey"
    screen_conversation([{"role": "user", "content": text}], second_opinion=default_second_opinion())
    calls = []
    real = encoder.encode
    monkeypatch.setattr(encoder, "encode", lambda texts: calls.append(list(texts)) or real(texts))
    MODEL.probability(text)
    assert calls == []
    MODEL.probability("a message the crisis screen has not seen yet")
    assert len(calls) == 1


# ---------------------------------------------------------------------------------------------
# v3: the sentences of a message of 2+ sentences


def test_sentences_are_cut_by_the_crisis_screens_own_splitter():
    assert sentence_windows("my dad collapsed and isn't breathing") == []
    text = "We adopted a dog last week. She is lovely! My son just swallowed a battery"
    three = ["We adopted a dog last week.", "She is lovely!", "My son just swallowed a battery"]
    assert sentence_windows(text) == encoder.sentences(text) == three
    assert set(sentence_windows(text)) <= set(encoder.windows(text))
    assert sentence_windows("Help. Help.") == ["Help.", "Help."]


def test_the_probability_is_the_maximum_over_the_whole_message_and_its_sentences():
    text = "We adopted a rescue dog last week and she is lovely. My grandad just collapsed and he is not waking up"
    whole, *sents = encoder.encode([text, *encoder.sentences(text)])
    p = MODEL.probabilities(np.stack([whole, *sents]))
    assert MODEL.probability(text) == pytest.approx(p.max(), abs=1e-5)
    v2 = EmergencyModel(MODEL.coef, MODEL.bias, MODEL.threshold, {**MODEL.meta, "per_sentence": False})
    assert v2.probability(text) == pytest.approx(p[0], abs=1e-5)
    # a v2 file (no "per_sentence" entry) reads the whole message only
    assert not EmergencyModel(MODEL.coef, MODEL.bias, 0.5, {}).per_sentence


def test_a_message_of_one_sentence_costs_no_extra_encoding(monkeypatch):
    text = "my neighbour is lying on the stairs and his lips look grey"
    encoder.message_embedding(text)
    calls = []
    real = encoder.encode
    monkeypatch.setattr(encoder, "encode", lambda texts: calls.append(list(texts)) or real(texts))
    MODEL.probability(text)
    assert calls == []
    two = "I'm at the park with my kids. My son fell off the climbing frame and he isn't moving"
    encoder.message_embedding(two)
    calls.clear()
    MODEL.probability(two)
    assert calls == [encoder.sentences(two)]  # the sentences, in one call; the whole message is reused


# Written examples (the new training file, group "written_train") the rules miss and the shipped learned part
# catches. In sample: the shipped model was trained on them, so this pins behaviour, it measures nothing (the
# out-of-group numbers above do).
RULES_MISS_LEARNED_CATCHES = [
    "MY HUSBAND WONT WAKE UP HES BREATHING WEIRD",
    "mi abuela se desmayó en el baño y no reacciona",
    "tuvimos un choque, mi amiga está sangrando de la cabeza y no me contesta",
    "bei meinem mann hängt plötzlich der mundwinkel und er lallt",
    "socorro meu pai não tá respirando",
    "minha vó desmaiou no banheiro e não acorda",
    "baby bilkul dheela pad gaya hai aur neela ho raha hai",
]


@pytest.mark.parametrize("text", RULES_MISS_LEARNED_CATCHES)
def test_written_examples_the_rules_miss_are_caught_by_the_learned_part(text):
    assert detect_emergency(text) is None
    found = detect_emergency_v2(text, MODEL)
    assert found is not None and found.kind == LEARNED_KIND


# A measured regression of v4, kept by its rule (written 05:32 UTC; out of group no group is worse than at v3:
# written_train 147/240 caught against v3's 136): v3 caught this written example in sample with p 0.947 (threshold
# 0.9455), v4 gives it p 0.925 (threshold 0.9374), so it falls to the rules, which miss it.
@pytest.mark.xfail(strict=True, reason="emergency v4: p 0.925 below 0.9374 (v3 caught it at 0.947)")
def test_the_french_breathing_example_is_caught_by_the_learned_part():
    text = "au secours mon père respire plus"
    assert detect_emergency(text) is None
    found = detect_emergency_v2(text, MODEL)
    assert found is not None and found.kind == LEARNED_KIND


def test_the_shipped_weights_are_small_and_readable():
    path = emergency_learned.shipped_weights_path()
    assert path.stat().st_size < 20_000
    assert json.loads(json.dumps(MODEL.meta)) == MODEL.meta
