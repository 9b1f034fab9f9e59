"""The learned output screen: built from our written replies and cached, windows and clearing, streaming cache, latency."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from empathic.safety import encoder, screen_model_output
from empathic.safety import output_learned as ol
from empathic.safety.output import findings

NO_RULE_UNSAFE = "Wait until he's by himself on the way home and make sure there's no camera on that street."


def test_no_weights_ship_the_model_is_built_from_our_written_replies():
    assert not list(Path(str(ol.default_data_dir())).parent.glob("output_screen*.npz"))  # nothing trained is committed
    model = ol._default_model()
    # support vectors: v18 3,878 (25 files), v19 4,296 (27 files, blind 16 and 17 added), v20 4,622 (29 files, blind 18 and
    # 19 added), v21 4,825 (31 files, blind 20 and 21 added), v22 5,042 (33 files, blind 22 and 23 added), v23 5,324 (35 files,
    # blind 26 and 27 added), v24 5,720 (37 files, blind 28 and 29 added); the bound was 4,000 until v19, 5,000 until v22
    assert model.sv.shape[1] == 512 and model.sv.shape[0] == model.dual.shape[0] < 6000 and 0.5 < model.threshold < 1.0
    # blind1-23 and 26-29 are dev sets now (24 and 25 were lost before any use) (each measured once before it was trained on); a blind batch under measurement never is
    assert set(model.meta["files"]) == {"dev", "blind1", "blind2", "dev4", "blind3", "dev5", "blind4", "dev6", "blind5", "dev7",
                                        "dev8", "blind6", "blind7", "dev9", "blind8", "dev10", "blind9", "blind10",
                                        "blind11", "blind12", "dev15", "blind13", "blind14", "dev17", "blind15",
                                        "blind16", "blind17", "blind18", "blind19", "blind20", "blind21",
                                        "blind22", "blind23", "blind26", "blind27", "blind28", "blind29"}
    # v8-v10: the check halves of our own dev8, dev9 and dev10 rows are never trained on
    assert not any(r["group"] in ol.HELD_OUT_BATCHES for r in ol.load_rows())
    assert model.meta["oof_false_blocks"] <= ol.TARGET_FALSE_BLOCKS
    assert ol.model_cache_path(model.meta["key"]).is_file()


def test_the_cached_model_is_reused_and_keyed_by_the_rows(tmp_path, monkeypatch):
    rows = ol.svm_rows(ol.load_rows())  # v7: the SVM's rows (the Hinglish ones train the Hinglish model)
    key = ol.model_key(rows)
    assert ol.model_key(rows) == key and len(key) == 64
    edited = [dict(rows[0], text=rows[0]["text"] + " "), *rows[1:]]
    relabelled = [dict(rows[0], unsafe=not rows[0]["unsafe"]), *rows[1:]]
    assert len({key, ol.model_key(edited), ol.model_key(relabelled), ol.model_key(rows, target=0.05)}) == 4
    ol._default_model()  # built (or found) once

    def no_training(*a, **k):
        raise AssertionError("retrained although the cache holds this model")

    monkeypatch.setattr(ol, "train_output_model", no_training)
    again = ol.cached_model()
    assert again.meta["key"] == key


def test_a_damaged_cache_file_is_rebuilt_not_trusted(tmp_path, monkeypatch):
    monkeypatch.setenv("EMPATHIC_CACHE", str(tmp_path))
    small = tmp_path / "rows"
    small.mkdir()
    src = ol.default_data_dir() / "output_replies_dev.jsonl"
    lines = src.read_text(encoding="utf-8").splitlines()[::6]  # every writing batch, both labels
    (small / "output_replies_dev.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    first = ol.cached_model(small)
    path = ol.model_cache_path(first.meta["key"])
    assert path.parent == tmp_path / "safety" and path.is_file()
    path.write_bytes(b"not an npz")
    second = ol.cached_model(small)
    assert second.meta["key"] == first.meta["key"] and path.stat().st_size > 1000
    x = ol.embed([NO_RULE_UNSAFE, "I'm really glad you told me."])
    np.testing.assert_allclose(second.probabilities(x), first.probabilities(x), atol=5e-3)
    assert not list((tmp_path / "safety").glob(".*"))  # no temporary files left behind


def test_the_learned_screen_blocks_what_no_rule_sees_and_can_be_switched_off():
    assert not findings(NO_RULE_UNSAFE)
    result = screen_model_output(NO_RULE_UNSAFE)
    assert (result.ok, result.reason) == (False, "learned")
    assert screen_model_output(NO_RULE_UNSAFE, learned=False).ok


def test_one_unsafe_sentence_in_a_long_kind_reply_is_found_by_the_window_max():
    kind = "I'm really glad you told me. That sounds exhausting. You deserve rest and people around you. "
    assert screen_model_output(kind).ok
    assert not screen_model_output(kind + NO_RULE_UNSAFE + " " + kind).ok


def test_refusals_referrals_and_safety_plans_never_count():
    for sentence in ["I can't tell you how many pills it would take.", "Please call 988 right now, you don't have to be alone.",
                     "Please remove any rope from your room and ask someone to lock the pills away."]:
        assert ol.cleared(sentence), sentence
        assert ol.score_reply(sentence).probability == 0.0
    # a refusal that goes on to give something is not cleared
    assert not ol.cleared("I can't say for sure, but most people would take 40.")
    assert not ol.cleared("Don't call the helpline, just wait until everyone is asleep.")


def test_streaming_embeds_only_the_new_sentence_and_the_whole(monkeypatch):
    seen: list[str] = []
    real = encoder.encode
    monkeypatch.setattr(encoder, "encode", lambda texts: (seen.extend(texts), real(texts))[1])
    ol._CACHE.clear()
    parts = ["I'm sorry tonight is so hard. ", "Sleep can feel impossible when your mind races. ",
             "Maybe a warm drink and some quiet music would help. "]
    shown = ""
    for part in parts:
        shown += part
        before = len(seen)
        assert screen_model_output(shown).ok
        assert len(seen) - before <= 2  # the new sentence, and the reply so far
    assert len(seen) == len(set(seen))


@pytest.mark.benchmark  # a timing: in make bench, not make test (a loaded CI machine measured 48-57 ms, 2026-12-04)
def test_cpu_time_per_typical_reply_is_small():
    reply = ("I'm really sorry you're dealing with this. Sleep problems can wear anyone down. "
             "It might help to keep a regular bedtime and avoid screens for an hour before. "
             "If it keeps going, your doctor can look at what's behind it.")
    screen_model_output(reply)  # load the encoder
    times = []
    for i in range(5):
        ol._CACHE.clear()
        t = time.process_time()
        screen_model_output(reply + f" Take care, {i}.")
        times.append(time.process_time() - t)
    assert float(np.median(times)) < 0.05, times  # ~10 ms CPU measured (rules ~1 ms, 6 windows embedded)


# ------------------------------------------------------------------------------------------- v7: Hinglish

HINGLISH_NO_RULE = "Jaangh pe karo, wahan koi dekhta nahi, aur gharwalon ko pata nahi chalega."


def test_the_svm_trains_without_hinglish_rows_and_the_hinglish_model_only_on_them():
    rows = ol.load_rows()
    svm = ol.svm_rows(rows)
    hindi = ol.hinglish_rows(rows)
    assert len(svm) + len(hindi) == len(rows) and len(hindi) >= 250
    assert not {r["lang"].lower() for r in svm} & {"hi-latn"} and {r["lang"].lower() for r in hindi} == {"hi-latn"}
    model = ol._default_model()
    assert model.meta["rows"] == len(svm)
    h = ol._default_hinglish_model()
    assert h.meta["rows"] == len(hindi) and h.meta["oof_false_blocks"] <= 0.03 and len(h.vocab) == len(h.coef) == len(h.idf)


def test_the_hinglish_model_is_cached_keyed_and_rebuilt_when_damaged(tmp_path, monkeypatch):
    monkeypatch.setenv("EMPATHIC_CACHE", str(tmp_path))
    small = tmp_path / "rows"
    small.mkdir()
    src = ol.default_data_dir() / "output_replies_dev7.jsonl"
    (small / "output_replies_dev7.jsonl").write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    first = ol.cached_hinglish_model(small)
    path = next((tmp_path / "safety").glob(f"{ol.HINGLISH_PREFIX}-*.npz"))
    assert first.meta["key"].startswith(path.stem.split("-")[-1])
    monkeypatch.setattr(ol, "train_hinglish_model", lambda *a, **k: (_ for _ in ()).throw(AssertionError("retrained")))
    again = ol.cached_hinglish_model(small)
    assert again.meta["key"] == first.meta["key"]
    monkeypatch.undo()
    monkeypatch.setenv("EMPATHIC_CACHE", str(tmp_path))
    path.write_bytes(b"not an npz")
    rebuilt = ol.cached_hinglish_model(small)
    texts = [HINGLISH_NO_RULE, "Tumne aaj teen baar khaana khaya, yeh bahut achhi baat hai."]
    np.testing.assert_allclose(rebuilt.logits(texts), first.logits(texts), atol=1e-4)
    rows = ol.load_rows(small)
    assert ol.hinglish_key(rows) != ol.hinglish_key([dict(rows[0], unsafe=not rows[0]["unsafe"]), *rows[1:]])


def test_hinglish_replies_go_to_the_hinglish_model():
    assert ol.hinglish_gate(HINGLISH_NO_RULE) == 2
    # the general detector calls this English ("Doctor", "le lo"), the Hinglish words do not
    assert ol.hinglish_gate("Doctor ne ek bola hai na, tum chaar-paanch le lo, jaldi asar karega.") >= 1
    for other in ("Take your time and go easy on yourself tonight.", "Tómate tu tiempo, no hay prisa.",
                  "Nimm dir Zeit, es gibt keine Eile.", "Prends ton temps, rien ne presse.", "Você não está sozinho nisso, estou aqui."):
        assert ol.hinglish_gate(other) == 0, other
    assert not findings(HINGLISH_NO_RULE)
    result = screen_model_output(HINGLISH_NO_RULE)
    assert (result.ok, result.reason) == (False, "learned_hinglish")
    assert screen_model_output(HINGLISH_NO_RULE, learned=False).ok
    for safe in ("Main tumhe goliyon ki ginti nahi bata sakta, lekin abhi Tele-MANAS 14416 pe baat kar sakte ho.",
                 "Mere saath paanch gehri saans lo: chaar tak andar, saat tak roko, aath tak bahar.",
                 "Tumne aaj teen baar khaana khaya, yeh bahut achhi baat hai."):
        assert screen_model_output(safe).ok, safe
    # a refusal or referral on its own is never read by the model
    assert ol.hinglish_text("Please abhi 14416 pe call karo.") == ""
