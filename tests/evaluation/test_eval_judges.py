"""EPITOME judge and curation scorer: disjoint training halves, held-out scores, agreement."""

import csv

import numpy as np
import pytest

from empathic.evaluation.classifiers import EPITOME_FILES, epitome_role, in_test_split, read_epitome
from empathic.evaluation.judges import level_metrics, rows_for
from empathic.evaluation.lexical_judge import agreement, load_or_train_lexical

WORDS = {
    "emotional_reactions": "I am so sorry, that breaks my heart.",
    "interpretations": "I understand, I have been through the same thing.",
    "explorations": "What happened after that?",
}


@pytest.fixture(scope="module")
def epitome(tmp_path_factory):
    """A synthetic EPITOME folder where each mechanism is marked by its own phrase (level 2) or absent."""
    folder = tmp_path_factory.mktemp("epitome")
    rng = np.random.default_rng(0)
    rows = []
    for i in range(300):
        on = {m: bool(rng.random() < 0.4) for m in WORDS}
        text = " ".join(WORDS[m] for m in WORDS if on[m]) or "Okay then, good luck with it."
        rows.append((f"sp{i}", f"rp{i}", f"I feel bad about thing {i}", text, on))
    for mech, fname in EPITOME_FILES.items():
        with open(folder / fname, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["sp_id", "rp_id", "seeker_post", "response_post", "level", "rationales"])
            for sp, rp, post, resp, on in rows:
                w.writerow([sp, rp, post, resp, 2 if on[mech] else 0, ""])
    return folder


def test_roles_partition_seeker_posts_and_keep_the_old_test_split():
    ids = [f"post{i}" for i in range(2000)]
    roles = [epitome_role(s) for s in ids]
    assert set(roles) == {"test", "judge", "curate"}
    assert all((r == "test") == in_test_split(s) for s, r in zip(ids, roles, strict=True))
    share = {r: roles.count(r) / len(roles) for r in set(roles)}
    assert 0.15 < share["test"] < 0.25 and abs(share["judge"] - share["curate"]) < 0.08


def test_judge_and_curation_training_rows_never_overlap_each_other_or_test(epitome):
    rows = read_epitome(epitome)
    parts = {r: {rows.sp_id[i] for i in rows_for(rows, r)} for r in ("test", "judge", "curate")}
    assert not parts["test"] & parts["judge"] and not parts["test"] & parts["curate"]
    assert not parts["judge"] & parts["curate"]
    assert sum(map(len, parts.values())) == len(rows.sp_id)


def test_curation_scorer_learns_the_marked_phrases_and_reports_held_out_scores(epitome, tmp_path):
    scorer = load_or_train_lexical(epitome, cache=tmp_path)
    assert all(scorer.metrics[m]["accuracy"] > 0.95 for m in WORDS)  # (no level 1 here, so macro-F1 <= 2/3)
    levels = scorer.predict_levels(["What happened after that?", "Okay then, good luck with it."])
    assert levels["explorations"].tolist() == [2, 0]
    assert levels["emotional_reactions"].tolist() == [0, 0]
    assert list(tmp_path.glob("lexical-*.joblib"))  # cached: a second call loads, not retrains
    assert load_or_train_lexical(epitome, cache=tmp_path).metrics == scorer.metrics


def test_level_metrics_count_macro_f1_over_all_three_levels():
    m = level_metrics(np.array([0, 0, 1, 2]), np.array([0, 0, 1, 1]))
    assert m["accuracy"] == 0.75 and m["majority_accuracy"] == 0.5
    assert m["macro_f1"] == pytest.approx((1 + 2 / 3 + 0) / 3)


def test_agreement_is_exact_share_and_kappa_per_mechanism():
    a = {m: np.array([0, 1, 2, 0]) for m in WORDS}
    same = agreement(a, a)
    assert all(v["agreement"] == 1.0 and v["kappa"] == pytest.approx(1.0) for v in same.values())
    other = agreement(a, {m: np.array([2, 0, 1, 1]) for m in WORDS})
    assert all(v["agreement"] == 0.0 and v["kappa"] < 0 for v in other.values())


def fake_embed(texts):
    """Deterministic unit vectors per text (a stand-in for MiniLM; the TF-IDF half carries the signal)."""
    import hashlib

    out = np.stack([np.random.default_rng(int(hashlib.sha1(t.encode()).hexdigest()[:8], 16)).normal(size=8)
                    for t in texts])
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_pair_judge_trains_on_the_judge_half_and_scores_held_out_posts(epitome):
    from empathic.evaluation.pair_judge import train_pair_judge

    rows = read_epitome(epitome)
    judge = train_pair_judge(rows, fake_embed, "fake")
    assert all(judge.metrics[m]["n_train"] == len(rows_for(rows, "judge")) for m in WORDS)
    assert all(judge.metrics[m]["n_test"] == len(rows_for(rows, "test")) for m in WORDS)
    assert all(judge.metrics[m]["accuracy"] > 0.9 for m in WORDS)
    got = judge.predict_levels_with(fake_embed, ["I feel bad"], ["What happened after that?"])
    assert got["explorations"].tolist() == [2]


def test_cross_encoder_keeps_the_epoch_best_on_posts_held_out_of_its_training_half(epitome, tmp_path):
    """The judge fits on its half minus a validation slice of whole seeker posts, scores that slice after every
    epoch, keeps the best epoch's weights, and reports test-post metrics only after training."""
    import json

    from factories import save_tiny_encoder

    from empathic.evaluation.judges import JudgeSettings, split_validation, train_cross_encoder

    rows = read_epitome(epitome)
    half = rows_for(rows, "judge")
    fit, val = split_validation(rows, half, 0.3)
    assert len(val) and len(fit) and sorted([*fit, *val]) == sorted(half)
    assert not {rows.sp_id[i] for i in fit} & {rows.sp_id[i] for i in val}
    assert split_validation(rows, half, 0.0)[1].size == 0

    base = save_tiny_encoder(tmp_path / "encoder")
    settings = JudgeSettings(epochs=3, batch_size=16, learning_rate=1e-3, max_length=32, validation_share=0.3)
    metrics = train_cross_encoder(rows, str(base), tmp_path / "judge", settings)
    history = [h["validation_mean_macro_f1"] for h in metrics["validation_history"]]
    assert len(history) == 3 and metrics["epoch_kept"] == 1 + int(np.argmax(history))
    assert metrics["emotional_reactions"]["n_train"] == len(fit)
    assert metrics["emotional_reactions"]["n_test"] == len(rows_for(rows, "test"))
    saved = json.loads((tmp_path / "judge" / "judge.json").read_text())
    assert saved["settings"]["validation_share"] == 0.3 and saved["metrics"]["epoch_kept"] == metrics["epoch_kept"]
    # the saved weights are the kept epoch's: they score the validation slice as that epoch did
    from empathic.evaluation.classifiers import MECHANISMS
    from empathic.evaluation.judges import CrossEncoderJudge

    pred = CrossEncoderJudge(tmp_path / "judge").predict_levels([rows.seeker[i] for i in val],
                                                                 [rows.response[i] for i in val])
    score = np.mean([level_metrics(rows.levels[m][val], pred[m])["macro_f1"] for m in MECHANISMS])
    assert round(float(score), 4) == max(history)
