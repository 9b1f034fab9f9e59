"""EPITOME pair judge without fine-tuning: MiniLM embeddings of seeker post and response ([u, v, u*v, |u-v|])
next to TF-IDF n-grams of the response, one balanced logistic regression per mechanism.

The fallback when CPU time forbids fine-tuning the cross-encoder (`judges`): trained on the same "judge"
half of EPITOME, scored on the same held-out test posts, never on the "curate" half that trains the
curation scorer (`lexical_judge`). It reads the pair (the embeddings carry the seeker post), where the
curation scorer reads only the response.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from empathic.evaluation.cache import cache_dir, file_sha256, key_of
from empathic.evaluation.classifiers import (
    EPITOME_FILES,
    MECHANISMS,
    EpitomeRows,
    pair_features,
    read_epitome,
)
from empathic.evaluation.judges import level_metrics, rows_for

log = logging.getLogger(__name__)

VERSION = 1
C = 0.5


@dataclass
class PairJudge:
    vectorizer: object  # fitted TF-IDF union over responses
    models: dict  # mechanism -> LogisticRegression
    metrics: dict
    embedder_id: str

    def _features(self, embed, seekers: list[str], responses: list[str]):
        from scipy.sparse import csr_matrix, hstack

        dense = pair_features(embed(seekers), embed(responses))
        return hstack([self.vectorizer.transform(responses), csr_matrix(dense)]).tocsr()

    def predict_levels_with(self, embed, seekers: list[str], responses: list[str]) -> dict[str, np.ndarray]:
        """mechanism -> (n,) levels; `embed(texts) -> (n, d)` normalised embeddings (the same embedder)."""
        x = self._features(embed, seekers, responses)
        return {m: model.predict(x) for m, model in self.models.items()}


def train_pair_judge(rows: EpitomeRows, embed, embedder_id: str, train_role: str = "judge") -> PairJudge:
    from sklearn.linear_model import LogisticRegression

    from empathic.evaluation.lexical_judge import make_pipeline

    train_idx, test_idx = rows_for(rows, train_role), rows_for(rows, "test")
    vectorizer = make_pipeline().steps[0][1]  # the curation scorer's TF-IDF union, refitted on this half
    vectorizer.fit([rows.response[i] for i in train_idx])
    judge = PairJudge(vectorizer, {}, {}, embedder_id)
    x_train = judge._features(embed, [rows.seeker[i] for i in train_idx], [rows.response[i] for i in train_idx])
    x_test = judge._features(embed, [rows.seeker[i] for i in test_idx], [rows.response[i] for i in test_idx])
    for mech in MECHANISMS:
        model = LogisticRegression(C=C, max_iter=3000, class_weight="balanced")
        model.fit(x_train, rows.levels[mech][train_idx])
        judge.models[mech] = model
        judge.metrics[mech] = {**level_metrics(rows.levels[mech][test_idx], model.predict(x_test)),
                               "n_train": int(len(train_idx))}
        log.info("pair judge %s: held-out accuracy %.3f macro-F1 %.3f", mech, judge.metrics[mech]["accuracy"],
                 judge.metrics[mech]["macro_f1"])
    return judge


def load_or_train_pair_judge(folder: str | Path, embedder, cache: Path | None = None) -> PairJudge:
    """Cached per EPITOME data hash and embedder; `embedder` is an `embeddings.Embedder`."""
    import joblib
    import sklearn

    folder = Path(folder)
    hashes = [file_sha256(folder / f) for f in EPITOME_FILES.values()]
    path = (cache or cache_dir("judges")) / (
        f"pair-{key_of('pair', VERSION, C, hashes, embedder.model_id, sklearn.__version__)}.joblib")
    if path.is_file():
        return joblib.load(path)
    judge = train_pair_judge(read_epitome(folder), embedder.encode, embedder.model_id)
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    joblib.dump(judge, tmp)
    os.replace(tmp, path)
    return judge
