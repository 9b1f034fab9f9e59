"""In-domain ceiling of the hand-labelled third-party sources (`empathic screen eval-sources --in-domain`).

The Safety v2 target asks for recall >= 0.90 at FPR <= 0.10 on hand-labelled sources held out from training. This
measures what each source's own labels allow: the source is cross-validated *on itself* (5 folds, grouped by
`Row.group`, so a Gaur user never straddles a split), and the threshold is then read off the out-of-fold scores
themselves (an oracle, optimistic by construction). A recipe that never sees the source, as the target requires,
is not expected to beat a model of the same family trained on that very source with its threshold picked on the
answers.

Two model families: logistic regression over the shipped screen's representation (USE multilingual sentence
embeddings of the whole text), and over TF-IDF word (1-2) and character (2-5) n-grams. Gaur's labels are per user
(a psychiatrist's judgement of a whole posting history, copied to every post), so its users are also scored on
their own (the mean of their posts' out-of-fold scores).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from empathic.errors import UserError
from empathic.safety import encoder
from empathic.safety.crisis_data import Row, available_sources, load_source
from empathic.safety.embed_cache import subsample_rows
from empathic.safety.normalize import deobfuscate

log = logging.getLogger(__name__)
# The hand-labelled sources with crisis rows (HYPO is negatives only: it has no recall to bound).
IN_DOMAIN_SOURCES = ("gaur2019_cssrs", "feix_twitter", "es_kvvaldez")
USER_LABELLED = ("gaur2019_cssrs",)
FOLDS = 5
FPR_BUDGET = 0.10
RECALL_TARGET = 0.90
FAMILIES = ("use", "tfidf")


def oracle_recall_at_fpr(y: np.ndarray, score: np.ndarray, budget: float = FPR_BUDGET) -> float:
    """The highest recall any threshold on `score` reaches with an FPR of at most `budget`."""
    from sklearn.metrics import roc_curve

    fpr, tpr, _ = roc_curve(y, score)
    return round(float(tpr[fpr <= budget + 1e-12].max()), 4)


def oracle_fpr_at_recall(y: np.ndarray, score: np.ndarray, target: float = RECALL_TARGET) -> float:
    """The lowest FPR any threshold on `score` needs to reach a recall of at least `target`."""
    from sklearn.metrics import roc_curve

    fpr, tpr, _ = roc_curve(y, score)
    return round(float(fpr[tpr >= target - 1e-12].min()), 4)


def _summary(y: np.ndarray, score: np.ndarray) -> dict:
    from sklearn.metrics import roc_auc_score

    return {"n": int(len(y)), "positives": int(y.sum()), "auc": round(float(roc_auc_score(y, score)), 4),
            "recall_at_fpr": oracle_recall_at_fpr(y, score), "fpr_at_recall": oracle_fpr_at_recall(y, score)}


def _use_features(texts: Sequence[str], batch: int = 256) -> np.ndarray:
    from tqdm.auto import tqdm

    out = [encoder.encode(texts[i:i + batch]) for i in tqdm(range(0, len(texts), batch), desc="USE", unit="batch")]
    return np.concatenate(out) if out else np.zeros((0, encoder.DIM), np.float32)


def _fit_use(x: np.ndarray) -> Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]:
    def fit_predict(train: np.ndarray, test: np.ndarray, y: np.ndarray) -> np.ndarray:
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=3000).fit(x[train], y[train])
        return model.predict_proba(x[test])[:, 1]
    return fit_predict


def _fit_tfidf(texts: Sequence[str]) -> Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]:
    def fit_predict(train: np.ndarray, test: np.ndarray, y: np.ndarray) -> np.ndarray:
        from scipy.sparse import hstack
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        vecs = (TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
                TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True))
        tr = [texts[i] for i in train]
        te = [texts[i] for i in test]
        x_train = hstack([v.fit_transform(tr) for v in vecs]).tocsr()
        x_test = hstack([v.transform(te) for v in vecs]).tocsr()
        model = LogisticRegression(C=4.0, class_weight="balanced", max_iter=3000).fit(x_train, y[train])
        return model.predict_proba(x_test)[:, 1]
    return fit_predict


def out_of_fold(fit_predict: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray], y: np.ndarray,
                groups: Sequence[str], folds: int = FOLDS) -> np.ndarray:
    """Out-of-fold scores over `folds` stratified folds that keep each group in one fold."""
    from sklearn.model_selection import StratifiedGroupKFold

    score = np.zeros(len(y))
    split = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=0)
    for train, test in split.split(np.zeros(len(y)), y, list(groups)):
        score[test] = fit_predict(train, test, y)
    return score


def user_summary(rows: Sequence[Row], score: np.ndarray) -> dict:
    """Users scored by the mean of their posts' scores, against the user's label."""
    users = sorted({r.group for r in rows})
    index = {u: i for i, u in enumerate(users)}
    owner = np.array([index[r.group] for r in rows], dtype=np.int64)
    y = np.zeros(len(users), dtype=bool)
    y[owner] = [r.label for r in rows]
    total = np.bincount(owner, weights=score, minlength=len(users))
    return _summary(y, total / np.bincount(owner, minlength=len(users)))


def _source(rows: list[Row], folds: int) -> dict:
    y = np.array([r.label for r in rows])
    if y.all() or not y.any() or min(int(y.sum()), int((~y).sum())) < folds:
        raise UserError(f"{rows[0].source}: needs at least {folds} crisis and {folds} other rows for the in-domain run")
    texts = [deobfuscate(r.text) for r in rows]
    groups = [r.group for r in rows]
    fits = {"use": _fit_use(_use_features(texts)), "tfidf": _fit_tfidf(texts)}
    out: dict[str, dict] = {}
    for family in FAMILIES:
        score = out_of_fold(fits[family], y, groups, folds)
        out[family] = _summary(y, score)
        if rows[0].source in USER_LABELLED:
            out[family]["users"] = user_summary(rows, score)
        log.info("%s %s: %s", rows[0].source, family, out[family])
    return out


def evaluate_in_domain(data_dir: Path | str, max_rows: int | None = None, folds: int = FOLDS) -> dict:
    found = available_sources(data_dir)
    per = {s: _source(subsample_rows(load_source(data_dir, s), max_rows), folds)
           for s in IN_DOMAIN_SOURCES if s in found}
    if not per:
        raise UserError(f"none of the hand-labelled sources with crisis rows ({', '.join(IN_DOMAIN_SOURCES)}) "
                        f"is in {data_dir}")
    best = {s: max(per[s].values(), key=lambda m: m["recall_at_fpr"])["recall_at_fpr"] for s in per}
    return {"setup": "in-domain", "folds": folds, "max_rows": max_rows, "fpr_budget": FPR_BUDGET,
            "recall_target": RECALL_TARGET, "per_source": per,
            "macro_best_recall_at_fpr": round(float(np.mean(list(best.values()))), 4)}


def format_ceiling_table(result: dict) -> str:
    lines = [f"| source | model | n | pos | AUC | recall at FPR <= {FPR_BUDGET:.2f} (oracle) | "
             f"FPR at recall >= {RECALL_TARGET:.2f} (oracle) |", "|---|---|---:|---:|---:|---:|---:|"]
    for s, fams in result["per_source"].items():
        for family, m in fams.items():
            rows = [(s, m)] + ([(f"{s} (users, mean over posts)", m["users"])] if "users" in m else [])
            for name, r in rows:
                lines.append(f"| {name} | {family} | {r['n']} | {r['positives']} | {r['auc']:.3f} | "
                             f"{r['recall_at_fpr']:.3f} | {r['fpr_at_recall']:.3f} |")
    lines.append(f"\nIn-domain ceiling ({result['folds']}-fold grouped CV on each source itself, threshold read off "
                 f"the out-of-fold scores): macro over {', '.join(result['per_source'])} of each source's best "
                 f"post-level recall at FPR <= {FPR_BUDGET:.2f}: {result['macro_best_recall_at_fpr']:.3f} "
                 f"(target {RECALL_TARGET:.2f}).")
    return "\n".join(lines)
