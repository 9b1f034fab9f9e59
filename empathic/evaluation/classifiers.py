"""Empathy (EPITOME) and emotion (GoEmotions) classifiers over sentence embeddings, with honest held-out scores.

EPITOME (Sharma et al. 2020): three mechanisms, emotional reactions / interpretations / explorations,
each rated 0 none, 1 weak, 2 strong for a (seeker post, response) pair. One multinomial logistic
regression per mechanism on FEATURES of the two embeddings; split by seeker post (sp_id), so no post is
on both sides of the split. GoEmotions: one-vs-rest logistic regressions over 28 labels on the text
embedding; per-label thresholds chosen on dev, macro-F1 reported on test.

The models that score generations are exactly the ones whose held-out numbers are reported (they are
not refitted on all rows afterwards). Trained models are cached with joblib under
`$EMPATHIC_CACHE/classifiers`, keyed by the data files' hashes and every setting that changes the fit.
"""

from __future__ import annotations

import csv
import hashlib
import logging
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from empathic.errors import UserError
from empathic.evaluation.cache import cache_dir, file_sha256, key_of
from empathic.io import write_file_via
from empathic.labels import GOEMOTIONS

log = logging.getLogger(__name__)

MECHANISMS = ("emotional_reactions", "interpretations", "explorations")
EPITOME_FILES = {
    "emotional_reactions": "emotional-reactions-reddit.csv",
    "interpretations": "interpretations-reddit.csv",
    "explorations": "explorations-reddit.csv",
}
EPITOME_TEST_SHARE = 0.2
EPITOME_C = 0.3
GOEMOTIONS_C = 1.0
FEATURES = "pair"  # [u, v, u*v, |u-v|] of seeker (u) and response (v) embeddings; see Notes/decisions/eval.md
VERSION = 1  # bump to invalidate cached models when the training code changes


def pair_features(seeker: np.ndarray, response: np.ndarray, kind: str = FEATURES) -> np.ndarray:
    """EPITOME features from normalised seeker-post and response embeddings."""
    if kind == "response":
        return response
    if kind == "pair":
        return np.hstack([seeker, response, seeker * response, np.abs(seeker - response)])
    raise ValueError(f"unknown feature kind {kind!r}")


def in_test_split(group_id: str, share: float = EPITOME_TEST_SHARE) -> bool:
    """Deterministic split by a hash of the seeker-post id (stable across runs and machines)."""
    return int(hashlib.sha1(group_id.encode("utf-8")).hexdigest()[:8], 16) / 0xFFFFFFFF < share


EPITOME_ROLES = ("test", "judge", "curate")


def epitome_role(group_id: str, share: float = EPITOME_TEST_SHARE) -> str:
    """Which disjoint part of EPITOME a seeker post belongs to: the shared held-out "test" split (the same
    posts as `in_test_split`), or one of two halves of the rest: "judge" (trains the evaluation judge) and
    "curate" (trains the data-curation scorer). Keeping the halves apart means the model that chooses the
    training data never saw the rows that taught the model that grades the result."""
    if in_test_split(group_id, share):
        return "test"
    half = int(hashlib.sha1(f"role:{group_id}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "judge" if half < 0.5 else "curate"


def _macro_f1(y_true: np.ndarray, y_pred: np.ndarray, labels) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(y_true, y_pred, labels=list(labels), average="macro", zero_division=0))


def _cap(n: int, max_rows: int | None, seed: int = 0) -> np.ndarray:
    """Indices of a seeded subset of at most max_rows rows (all rows, in order, when no cap)."""
    if max_rows is None or n <= max_rows:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed).choice(n, size=max_rows, replace=False))


# ================================================================= EPITOME
@dataclass
class EpitomeRows:
    sp_id: list[str]
    seeker: list[str]
    response: list[str]
    levels: dict[str, np.ndarray]  # mechanism -> (n,) ints
    skipped: Counter = field(default_factory=Counter)


def read_epitome(folder: str | Path) -> EpitomeRows:
    """Rows present, with a valid level, in all three mechanism files (joined on rp_id)."""
    folder = Path(folder)
    missing = [f for f in EPITOME_FILES.values() if not (folder / f).is_file()]
    if missing:
        raise UserError(f"EPITOME files missing in {folder}: {', '.join(missing)} (pass --epitome-dir FOLDER)")
    per_mech: dict[str, dict[str, tuple[str, str, str, int]]] = {}
    skipped: Counter = Counter()
    for mech, fname in EPITOME_FILES.items():
        rows: dict[str, tuple[str, str, str, int]] = {}
        with open(folder / fname, newline="", encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                try:
                    level = int(r["level"])
                    sp, rp, post, resp = r["sp_id"], r["rp_id"], r["seeker_post"], r["response_post"]
                except (KeyError, TypeError, ValueError):
                    skipped[f"{mech}: bad row"] += 1
                    continue
                if level not in (0, 1, 2) or not (sp and rp and post and post.strip() and resp and resp.strip()):
                    skipped[f"{mech}: bad row"] += 1
                    continue
                rows[rp] = (sp, post.strip(), resp.strip(), level)
        per_mech[mech] = rows
    common = sorted(set.intersection(*(set(r) for r in per_mech.values())))
    first = per_mech[MECHANISMS[0]]
    out = EpitomeRows(
        sp_id=[first[k][0] for k in common],
        seeker=[first[k][1] for k in common],
        response=[first[k][2] for k in common],
        levels={m: np.array([per_mech[m][k][3] for k in common], dtype=int) for m in MECHANISMS},
        skipped=skipped,
    )
    if skipped:
        log.warning("EPITOME: skipped %s", dict(skipped))
    if len(common) < 20:
        raise UserError(f"EPITOME in {folder} has only {len(common)} usable rows; pass the full EPITOME folder")
    return out


@dataclass
class EpitomeClassifiers:
    models: dict  # mechanism -> fitted LogisticRegression
    metrics: dict  # mechanism -> {accuracy, macro_f1, majority_accuracy, n_train, n_test, ...}
    features: str = FEATURES
    embedder: str = ""

    def predict_proba(self, seeker: np.ndarray, response: np.ndarray) -> dict[str, np.ndarray]:
        """mechanism -> (n, 3) probabilities of levels 0/1/2."""
        x = pair_features(seeker, response, self.features)
        out = {}
        for mech, model in self.models.items():
            p = np.zeros((len(x), 3))
            p[:, model.classes_] = model.predict_proba(x)
            out[mech] = p
        return out

    def predict_levels(self, seeker: np.ndarray, response: np.ndarray) -> dict[str, np.ndarray]:
        """mechanism -> (n,) predicted level 0/1/2 (argmax)."""
        return {m: p.argmax(axis=1) for m, p in self.predict_proba(seeker, response).items()}


def train_epitome(rows: EpitomeRows, embed_corpus, features: str = FEATURES, max_rows: int | None = None,
                  seed: int = 0) -> EpitomeClassifiers:
    """Fit and score the three mechanism classifiers. `embed_corpus(texts) -> (n, d)` normalised."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score

    keep = _cap(len(rows.sp_id), max_rows, seed)
    sp = [rows.sp_id[i] for i in keep]
    u = embed_corpus([rows.seeker[i] for i in keep])
    v = embed_corpus([rows.response[i] for i in keep])
    x = pair_features(u, v, features)
    test = np.array([in_test_split(s) for s in sp])
    if test.all() or not test.any():
        raise UserError("EPITOME rows too few to split by seeker post; pass the full EPITOME folder")
    models, metrics = {}, {}
    for mech in MECHANISMS:
        y = rows.levels[mech][keep]
        # Balanced class weights: strong levels are rare (e.g. 5% of emotional reactions), and without them
        # the model predicts "0" almost always, which says nothing about the tuned model.
        model = LogisticRegression(C=EPITOME_C, max_iter=2000, class_weight="balanced")
        model.fit(x[~test], y[~test])
        pred = model.predict(x[test])
        majority = Counter(y[~test].tolist()).most_common(1)[0][0]
        models[mech] = model
        metrics[mech] = {
            "accuracy": float(accuracy_score(y[test], pred)),
            "macro_f1": _macro_f1(y[test], pred, (0, 1, 2)),
            "majority_accuracy": float(np.mean(y[test] == majority)),
            "n_train": int((~test).sum()),
            "n_test": int(test.sum()),
            "test_level_counts": {str(k): int(v) for k, v in sorted(Counter(y[test].tolist()).items())},
        }
        log.info("EPITOME %s: held-out accuracy %.3f macro-F1 %.3f (n=%d)", mech,
                 metrics[mech]["accuracy"], metrics[mech]["macro_f1"], metrics[mech]["n_test"])
    return EpitomeClassifiers(models, metrics, features)


# ================================================================= GoEmotions
@dataclass
class GoEmotionsSplit:
    texts: list[str]
    labels: np.ndarray  # (n, 28) 0/1
    skipped: int = 0


def read_goemotions_split(path: Path, n_labels: int = len(GOEMOTIONS)) -> GoEmotionsSplit:
    """`text<TAB>comma-separated label ids<TAB>id` rows; rows with no valid label are skipped."""
    texts, labels, skipped = [], [], 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 2 or not parts[0].strip():
                skipped += 1
                continue
            try:
                ids = [int(t) for t in parts[1].split(",") if t.strip()]
            except ValueError:
                skipped += 1
                continue
            if not ids or any(i < 0 or i >= n_labels for i in ids):
                skipped += 1
                continue
            row = np.zeros(n_labels, dtype=np.int8)
            row[ids] = 1
            # [NAME]-style placeholders stay: they are how the data marks people; doubled quotes are undone.
            texts.append(parts[0].replace('""', '"'))
            labels.append(row)
    if skipped:
        log.warning("GoEmotions %s: skipped %d bad rows", path.name, skipped)
    return GoEmotionsSplit(texts, np.array(labels, dtype=np.int8).reshape(-1, n_labels), skipped)


def goemotions_names(folder: Path) -> list[str]:
    f = folder / "emotions.txt"
    if f.is_file():
        names = [line.strip() for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
        if names:
            return names
    return list(GOEMOTIONS)


@dataclass
class EmotionClassifier:
    model: object  # OneVsRestClassifier
    thresholds: np.ndarray  # (28,)
    names: list[str]
    metrics: dict  # macro_f1, micro_f1, per_label_f1, n_train, n_dev, n_test
    embedder: str = ""

    def predict_proba(self, emb: np.ndarray) -> np.ndarray:
        return np.asarray(self.model.predict_proba(emb))

    def predict(self, emb: np.ndarray) -> np.ndarray:
        """(n, 28) 0/1 with the dev-tuned per-label thresholds."""
        return (self.predict_proba(emb) >= self.thresholds).astype(np.int8)


def tune_thresholds(probs: np.ndarray, y: np.ndarray, grid=None) -> np.ndarray:
    """Per label, the threshold on the grid with the best F1 on these (dev) rows; 0.5 with no positives."""
    grid = np.round(np.arange(0.05, 0.96, 0.05), 2) if grid is None else np.asarray(grid)
    out = np.full(y.shape[1], 0.5)
    for j in range(y.shape[1]):
        pos = y[:, j] == 1
        if not pos.any():
            continue
        pred = probs[:, j][None, :] >= grid[:, None]  # (grid, n)
        tp = (pred & pos).sum(axis=1)
        fp = (pred & ~pos).sum(axis=1)
        fn = (~pred & pos).sum(axis=1)
        f1 = np.where(tp > 0, 2 * tp / np.maximum(2 * tp + fp + fn, 1), 0.0)
        out[j] = grid[int(np.argmax(f1))]
    return out


def train_goemotions(train: GoEmotionsSplit, dev: GoEmotionsSplit, test: GoEmotionsSplit, names: list[str],
                     embed_corpus, max_rows: int | None = None, seed: int = 0) -> EmotionClassifier:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.multiclass import OneVsRestClassifier

    keep = _cap(len(train.texts), max_rows, seed)
    x_tr = embed_corpus([train.texts[i] for i in keep])
    y_tr = train.labels[keep]
    x_dev, x_te = embed_corpus(dev.texts), embed_corpus(test.texts)
    # A label absent from the (capped) training rows cannot be fitted; OneVsRest then predicts a constant.
    model = OneVsRestClassifier(LogisticRegression(C=GOEMOTIONS_C, max_iter=1000))
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Label not .* is present in all training examples")
        model.fit(x_tr, y_tr)
    thresholds = tune_thresholds(np.asarray(model.predict_proba(x_dev)), dev.labels)
    pred = (np.asarray(model.predict_proba(x_te)) >= thresholds).astype(np.int8)
    present = np.where(test.labels.sum(axis=0) > 0)[0]  # macro-F1 over labels that occur in test
    per_label = f1_score(test.labels, pred, average=None, zero_division=0)
    metrics = {
        "macro_f1": float(np.mean(per_label[present])) if len(present) else float("nan"),
        "micro_f1": float(f1_score(test.labels, pred, average="micro", zero_division=0)),
        "per_label_f1": {names[j]: float(per_label[j]) for j in range(len(names))},
        "n_train": int(len(keep)), "n_dev": len(dev.texts), "n_test": len(test.texts),
        "labels_in_test": int(len(present)),
    }
    log.info("GoEmotions: test macro-F1 %.3f micro-F1 %.3f (n=%d)", metrics["macro_f1"], metrics["micro_f1"],
             len(test.texts))
    return EmotionClassifier(model, thresholds, names, metrics)


# ================================================================= cached loading
def _corpus_embedder(embedder, tag: str, cache: Path):
    """embed_corpus(texts) that stores each corpus' embeddings on disk, keyed by tag + texts."""
    def embed_corpus(texts: list[str]) -> np.ndarray:
        digest = hashlib.sha1("\x00".join(texts).encode("utf-8")).hexdigest()[:16]
        return embedder.encode_corpus(texts, cache / f"{tag}-{embedder.model_id}-{digest}.npy")
    return embed_corpus


def _dump(obj, path: Path) -> None:
    """joblib.dump via a temporary file of its own, so an interrupted run never leaves a truncated cache entry
    and two processes filling the same entry never write one temporary file."""
    import joblib

    write_file_via(path, lambda tmp: joblib.dump(obj, tmp))


def _sklearn_version() -> str:
    import sklearn

    return sklearn.__version__


def load_or_train_epitome(folder: str | Path, embedder, max_rows: int | None = None,
                          cache: Path | None = None) -> EpitomeClassifiers:
    """Cached EPITOME classifiers for this data folder, embedder and settings (trains on a miss)."""
    import joblib

    folder = Path(folder)
    cache = cache or cache_dir("classifiers")
    hashes = [file_sha256(folder / f) for f in EPITOME_FILES.values() if (folder / f).is_file()]
    key = key_of("epitome", VERSION, hashes, embedder.model_id, FEATURES, EPITOME_C, EPITOME_TEST_SHARE,
                 max_rows, _sklearn_version())
    path = cache / f"epitome-{key}.joblib"
    if path.is_file():
        return joblib.load(path)
    rows = read_epitome(folder)
    clf = train_epitome(rows, _corpus_embedder(embedder, "epitome", cache), max_rows=max_rows)
    clf.embedder = embedder.model_id
    _dump(clf, path)
    return clf


def load_or_train_goemotions(folder: str | Path, embedder, max_rows: int | None = None,
                             cache: Path | None = None) -> EmotionClassifier:
    """Cached GoEmotions classifier for this data folder, embedder and settings (trains on a miss)."""
    import joblib

    folder = Path(folder)
    splits = {s: folder / f"{s}.tsv" for s in ("train", "dev", "test")}
    missing = [p.name for p in splits.values() if not p.is_file()]
    if missing:
        raise UserError(f"GoEmotions files missing in {folder}: {', '.join(missing)} (pass --goemotions-dir)")
    cache = cache or cache_dir("classifiers")
    hashes = [file_sha256(p) for p in splits.values()]
    key = key_of("goemotions", VERSION, hashes, embedder.model_id, GOEMOTIONS_C, max_rows, _sklearn_version())
    path = cache / f"goemotions-{key}.joblib"
    if path.is_file():
        return joblib.load(path)
    names = goemotions_names(folder)
    data = {s: read_goemotions_split(p, len(names)) for s, p in splits.items()}
    clf = train_goemotions(data["train"], data["dev"], data["test"], names,
                           _corpus_embedder(embedder, "goemotions", cache), max_rows=max_rows)
    clf.embedder = embedder.model_id
    _dump(clf, path)
    return clf


