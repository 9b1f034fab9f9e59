"""EPITOME and GoEmotions classifiers on small synthetic slices; the real data only under `integration`."""

import csv
import hashlib
import random
import re

import numpy as np
import pytest

from empathic.errors import UserError
from empathic.evaluation import affect
from empathic.evaluation import classifiers as C


class HashingEmbedder:
    """Stand-in for MiniLM: normalised hashed bag of words (fast, deterministic, keyword-sensitive)."""

    model_id = "hashing-256"

    def __init__(self):
        self.corpus_calls = 0

    def encode(self, texts):
        out = np.zeros((len(texts), 256), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in re.findall(r"\w+", t.lower()):
                out[i, int(hashlib.md5(w.encode()).hexdigest(), 16) % 256] += 1
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)

    def encode_corpus(self, texts, cache_file, progress=False):
        self.corpus_calls += 1
        return self.encode(texts)


FILLER = "today work home friend week night family school money time".split()
ER = {0: "", 1: "hugs", 2: "sorry heartbroken"}
IP = {0: "", 1: "seems", 2: "understand same happened"}
EX = {0: "", 1: "what", 2: "how feeling lately"}


def write_epitome(folder, n_posts=120, seed=0, bad_rows=0):
    """Synthetic EPITOME files: each post gets 2 responses whose marker words set the three levels."""
    rng = random.Random(seed)
    rows = {m: [] for m in C.MECHANISMS}
    for p in range(n_posts):
        post = " ".join(rng.choices(FILLER, k=6))
        for r in range(2):
            lv = {m: rng.choice([0, 0, 1, 2]) for m in C.MECHANISMS}
            resp = " ".join([ER[lv["emotional_reactions"]], IP[lv["interpretations"]], EX[lv["explorations"]],
                             *rng.choices(FILLER, k=4)])
            for m in C.MECHANISMS:
                rows[m].append([f"sp{p}", f"rp{p}_{r}", post, resp, lv[m], ""])
    folder.mkdir(parents=True, exist_ok=True)
    for m, fname in C.EPITOME_FILES.items():
        with open(folder / fname, "w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["sp_id", "rp_id", "seeker_post", "response_post", "level", "rationales"])
            w.writerows(rows[m])
            for b in range(bad_rows):
                w.writerow([f"bad{b}", f"badr{b}", "post", "resp", "high" if b % 2 else 7, ""])
    return folder


def test_epitome_classifiers_learn_levels_and_split_by_seeker_post(tmp_path):
    folder = write_epitome(tmp_path / "epitome", bad_rows=2)
    rows = C.read_epitome(folder)
    assert len(rows.sp_id) == 240
    assert sum(rows.skipped.values()) == 6  # 2 bad rows in each of 3 files
    clf = C.train_epitome(rows, HashingEmbedder().encode)
    for mech in C.MECHANISMS:
        m = clf.metrics[mech]
        assert m["n_train"] + m["n_test"] == 240
        assert m["accuracy"] > 0.9 and m["macro_f1"] > 0.8, (mech, m)
    test_posts = {s for s in rows.sp_id if C.in_test_split(s)}
    train_posts = {s for s in rows.sp_id if not C.in_test_split(s)}
    assert test_posts and train_posts and not test_posts & train_posts
    emb = HashingEmbedder()
    seeker = emb.encode(["my exam went badly today"] * 2)
    levels = clf.predict_levels(seeker, emb.encode(["so sorry heartbroken how feeling lately", "work home"]))
    assert levels["emotional_reactions"].tolist() == [2, 0]
    assert levels["explorations"].tolist() == [2, 0]


def test_epitome_rows_missing_from_one_file_are_dropped(tmp_path):
    folder = write_epitome(tmp_path / "e", n_posts=30)
    path = folder / C.EPITOME_FILES["explorations"]
    lines = path.read_text().splitlines()
    path.write_text("\n".join(lines[:-4]) + "\n")  # explorations lacks the last 4 responses
    assert len(C.read_epitome(folder).sp_id) == 56


def test_epitome_missing_files_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="--epitome-dir"):
        C.read_epitome(tmp_path)


def test_epitome_classifier_is_cached_by_data_and_settings(tmp_path, monkeypatch):
    folder = write_epitome(tmp_path / "epitome", n_posts=40)
    cache = tmp_path / "cache"
    emb = HashingEmbedder()
    first = C.load_or_train_epitome(folder, emb, cache=cache)
    monkeypatch.setattr(C, "train_epitome", lambda *a, **k: pytest.fail("should have come from the cache"))
    again = C.load_or_train_epitome(folder, emb, cache=cache)
    assert again.metrics == first.metrics
    # a different row cap is a different model
    monkeypatch.undo()
    capped = C.load_or_train_epitome(folder, emb, max_rows=50, cache=cache)
    assert capped.metrics["explorations"]["n_train"] + capped.metrics["explorations"]["n_test"] == 50
    assert len(list(cache.glob("epitome-*.joblib"))) == 2


GO_WORDS = {"admiration": "wow", "amusement": "haha", "caring": "careful", "sadness": "sad", "fear": "scared",
            "joy": "yay", "neutral": "okay"}


def write_goemotions(folder, n=(400, 120, 120), seed=0):
    rng = random.Random(seed)
    names = C.GOEMOTIONS
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "emotions.txt").write_text("\n".join(names) + "\n")
    for split, size in zip(("train", "dev", "test"), n, strict=True):
        lines = []
        for i in range(size):
            labels = rng.sample(sorted(GO_WORDS), k=rng.choice([1, 1, 2]))
            text = " ".join([GO_WORDS[lb] for lb in labels] + rng.choices(FILLER, k=5))
            lines.append(f"{text}\t{','.join(str(names.index(lb)) for lb in labels)}\t{split}{i}")
        lines.append("broken row without labels")
        lines.append("text\t99\tbadid")
        (folder / f"{split}.tsv").write_text("\n".join(lines) + "\n")
    return folder


def test_goemotions_multilabel_with_dev_thresholds(tmp_path):
    folder = write_goemotions(tmp_path / "go")
    splits = {s: C.read_goemotions_split(folder / f"{s}.tsv") for s in ("train", "dev", "test")}
    assert splits["train"].skipped == 2 and splits["train"].labels.shape == (400, 28)
    clf = C.train_goemotions(splits["train"], splits["dev"], splits["test"], C.goemotions_names(folder),
                             HashingEmbedder().encode)
    assert clf.metrics["labels_in_test"] == len(GO_WORDS)
    assert clf.metrics["macro_f1"] > 0.9 and clf.metrics["micro_f1"] > 0.9
    pred = clf.predict(HashingEmbedder().encode(["haha sad week", "careful school"]))
    names = clf.names
    assert {names[j] for j in np.where(pred[0])[0]} == {"amusement", "sadness"}
    assert {names[j] for j in np.where(pred[1])[0]} == {"caring"}


def test_threshold_tuning_hand_case():
    # label 0: positives p = 0.7, 0.6; negatives 0.65, 0.35
    #   t=0.3: tp 2 fp 2 -> F1 4/6 = 0.667;  t=0.55: tp 2 fp 1 -> 4/5 = 0.8
    #   t=0.62: tp 1 fp 1 fn 1 -> 2/4 = 0.5; t=0.7: tp 1 fn 1 -> 2/3 = 0.667   => 0.55
    # label 1 has no positives -> 0.5
    probs = np.array([[0.7, 0.2], [0.6, 0.1], [0.65, 0.3], [0.35, 0.4]])
    y = np.array([[1, 0], [1, 0], [0, 0], [0, 0]])
    th = C.tune_thresholds(probs, y, grid=[0.3, 0.55, 0.62, 0.7])
    assert th.tolist() == [0.55, 0.5]


def test_distress_prefers_the_row_label_then_the_classifier():
    names = C.GOEMOTIONS
    user = np.zeros((4, 28), dtype=np.int8)
    user[2, names.index("sadness")] = 1  # unlabelled prompt the classifier finds sad
    user[1, names.index("sadness")] = 1  # labelled joyful: the human label wins
    d = affect.distress_flags(["Lonely", "joyful", None, "something-unknown"], user, names)
    assert d.flags.tolist() == [True, False, True, False]
    assert (d.from_label, d.from_classifier) == (2, 2)
    assert affect.distress_flags([None], None, names).flags.tolist() == [False]


def test_carries_checks_any_of_the_wanted_labels():
    names = C.GOEMOTIONS
    labels = np.zeros((3, 28), dtype=np.int8)
    labels[0, names.index("caring")] = 1
    labels[1, names.index("amusement")] = 1
    assert affect.carries(labels, names, affect.SUPPORTIVE).tolist() == [1.0, 0.0, 0.0]


@pytest.mark.integration
def test_real_epitome_classifier_beats_majority_baseline_on_macro_f1(shared_data, tmp_path, one_thread):
    from empathic.evaluation.embeddings import Embedder

    clf = C.load_or_train_epitome(shared_data / "epitome", Embedder(), max_rows=300, cache=tmp_path)
    for mech, m in clf.metrics.items():
        assert m["n_test"] > 30
        # Predicting the majority level (a share p of test rows) for everything: that class has F1 2p/(1+p), the
        # other two 0, so macro-F1 = 2p / (1 + p) / 3 (e.g. p = 0.8 -> 0.296).
        p = max(m["test_level_counts"].values()) / m["n_test"]
        assert m["macro_f1"] > 2 * p / (1 + p) / 3, (mech, m)
