"""EPITOME curation scorer: TF-IDF word and character n-grams of the response, one balanced logistic
regression per mechanism, trained on the "curate" half of EPITOME only.

It is deliberately a different model family from the evaluation judge (`judges`, a fine-tuned
cross-encoder trained on the other half), and it is fast: `empathic data prepare` scores every candidate
assistant reply of the SFT mix with it (~100k replies in seconds on one core). The mechanisms are largely
marked by the responder's own words ("I'm so sorry", "I've been through", "what happened?"), which
n-grams catch; the seeker post is not used.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from empathic.evaluation.cache import cache_dir, file_sha256, key_of
from empathic.evaluation.classifiers import EPITOME_FILES, MECHANISMS, EpitomeRows, read_epitome
from empathic.evaluation.judges import level_metrics, rows_for

log = logging.getLogger(__name__)

VERSION = 1
C = 0.5  # chosen on the curate half by 5-fold grouped CV over {0.5, 2, 8} (never on test); Notes/eval/empathy.md


@dataclass
class LexicalScorer:
    """mechanism -> fitted sklearn Pipeline (TF-IDF -> LogisticRegression), with held-out metrics."""

    models: dict
    metrics: dict

    def predict_proba(self, responses: list[str]) -> dict[str, np.ndarray]:
        """mechanism -> (n, 3) probabilities of levels 0/1/2."""
        out = {}
        for mech, model in self.models.items():
            p = np.zeros((len(responses), 3))
            if responses:
                p[:, model.classes_] = model.predict_proba(responses)
            out[mech] = p
        return out

    def predict_levels(self, responses: list[str]) -> dict[str, np.ndarray]:
        return {m: p.argmax(axis=1) for m, p in self.predict_proba(responses).items()}


def make_pipeline():
    """TF-IDF of word 1-2-grams and character 2-5-grams (within words) -> balanced logistic regression."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline as pipe
    from sklearn.pipeline import make_union

    features = make_union(
        TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, lowercase=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=3, sublinear_tf=True, max_features=60000),
    )
    return pipe(features, LogisticRegression(C=C, max_iter=3000, class_weight="balanced"))


def train_lexical(rows: EpitomeRows, train_role: str = "curate") -> LexicalScorer:
    """Fit on the `train_role` rows, score on the shared held-out test rows."""
    train_idx, test_idx = rows_for(rows, train_role), rows_for(rows, "test")
    x_train = [rows.response[i] for i in train_idx]
    x_test = [rows.response[i] for i in test_idx]
    models, metrics = {}, {}
    for mech in MECHANISMS:
        model = make_pipeline().fit(x_train, rows.levels[mech][train_idx])
        models[mech] = model
        metrics[mech] = {**level_metrics(rows.levels[mech][test_idx], model.predict(x_test)),
                         "n_train": int(len(train_idx))}
        log.info("curation scorer %s: held-out accuracy %.3f macro-F1 %.3f", mech, metrics[mech]["accuracy"],
                 metrics[mech]["macro_f1"])
    return LexicalScorer(models, metrics)


def load_or_train_lexical(folder: str | Path, cache: Path | None = None) -> LexicalScorer:
    """The cached curation scorer for this EPITOME folder (trains in a few seconds on a miss)."""
    import joblib
    import sklearn

    folder = Path(folder)
    hashes = [file_sha256(folder / f) for f in EPITOME_FILES.values()]
    path = (cache or cache_dir("judges")) / f"lexical-{key_of('lexical', VERSION, C, hashes, sklearn.__version__)}.joblib"
    if path.is_file():
        return joblib.load(path)
    scorer = train_lexical(read_epitome(folder))
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    joblib.dump(scorer, tmp)
    os.replace(tmp, path)
    return scorer


def agreement(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> dict[str, dict[str, float]]:
    """Per mechanism: exact agreement share and Cohen's kappa between two sets of predicted levels."""
    from sklearn.metrics import cohen_kappa_score

    out = {}
    for mech in MECHANISMS:
        x, y = np.asarray(a[mech]), np.asarray(b[mech])
        same = float(np.mean(x == y)) if len(x) else float("nan")
        kappa = float(cohen_kappa_score(x, y, labels=[0, 1, 2])) if len(x) and len(set(x) | set(y)) > 1 else float("nan")
        out[mech] = {"agreement": same, "kappa": kappa, "n": int(len(x))}
    return out
