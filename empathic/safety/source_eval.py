"""Per-source evaluation of the crisis screen on the third-party data (`empathic screen eval-sources`).

Two set-ups, both with the sources held out from training:

* `shipped`: the shipped recipe (`training.SHIPPED_RECIPE`: HYPO + our red-team dev rows)
  retrained with the validation groups of its own sources left out; evaluated on those groups
  (HYPO triples never seen in training) and on every other source in full.
* `loso` (leave one source out): for each source, the same recipe trained on all the *other*
  sources in the folder (at most `LOSO_ROWS_PER_SOURCE` rows each, to fit 12 models on 2 cores); what a user's local retraining (`empathic screen train`) would get on
  data unlike its training data.

For each source: ROC-AUC of the learned probability (and of the combined score), and recall / FPR
at the chat operating point: rules OR learned at the trained threshold, a rule clearance vetoing
the learned flag, i.e. `screen_user_message` with the default second opinion (including the
learned screen's length correction: a threshold that rises with the number of sentences), computed
from cached embeddings.

Gaur's labels are per *user* (a psychiatrist labelled each user; the label is copied to every
post), so next to its post-level row there is a user-level row (`USER_LEVEL_SUFFIX`): a user is
flagged when any of their screened posts is (max over posts, as a conversation screen would
escalate), over the posts that are in the evaluated (sub)sample. The hand-labelled macro numbers
stay post-level.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from empathic.safety import encoder
from empathic.safety.crisis_data import HAND_LABELLED, available_sources
from empathic.safety.embed_cache import DEFAULT_CACHE, Embedded, embedded_source
from empathic.safety.learned import LearnedModel
from empathic.safety.normalize import deobfuscate
from empathic.safety.rules import THRESHOLD, rule_scores, rules_cleared
from empathic.safety.training import FEATURES, SHIPPED_RECIPE, _group_is_valid, train_model

log = logging.getLogger(__name__)
LOSO_ROWS_PER_SOURCE = 3000  # training rows per source in each leave-one-out fit (seeded subsample)
USER_LEVEL = ("gaur2019_cssrs",)  # sources labelled per user: also reported user by user
USER_LEVEL_SUFFIX = " (user level, max over posts)"


def window_max_probabilities(model: LearnedModel, emb: Embedded) -> np.ndarray:
    p = model.probabilities(emb.whole)
    if len(emb.windows):
        np.maximum.at(p, emb.owner, model.probabilities(emb.windows))
    return p


def _auc(y: np.ndarray, s: np.ndarray) -> float | None:
    if y.all() or not y.any():
        return None
    from sklearn.metrics import roc_auc_score

    return round(float(roc_auc_score(y, s)), 4)


def _rate(flags: np.ndarray) -> float | None:
    return round(float(flags.mean()), 4) if len(flags) else None


_RULE_MEMO: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}


def rule_results(emb: Embedded) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row: the rules' score, whether the rules cleared crisis wording (which vetoes the
    learned flag in `screen_user_message`), and the number of sentences (for the learned screen's
    length correction). Memoised: none of these change between models."""
    key = f"{emb.rows[0].source}:{len(emb.rows)}:{hash(emb.rows[0].text)}:{hash(emb.rows[-1].text)}" if emb.rows else ""
    if key not in _RULE_MEMO:
        scores = [rule_scores(r.text)[0] for r in emb.rows]
        score = np.array([max(sc.values(), default=0.0) for sc in scores])
        cleared = np.array([s < THRESHOLD and rules_cleared(r.text) for s, r in zip(score, emb.rows, strict=True)])
        n_sent = np.array([max(1, len(encoder.sentences(deobfuscate(r.text)))) for r in emb.rows], dtype=np.int64)
        _RULE_MEMO[key] = (score, cleared, n_sent)
    return _RULE_MEMO[key]


def _scores(model: LearnedModel, emb: Embedded) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row: learned probability (window max), combined score as chat computes it, rules' score."""
    p = window_max_probabilities(model, emb)
    rule, cleared, n_sent = rule_results(emb)
    learned = np.array([model.to_screen_scale(float(x), int(n)) for x, n in zip(p, n_sent, strict=True)])
    learned[cleared] = 0.0  # a rule clearance vetoes the learned flag, as in chat
    return p, np.maximum(rule, learned), rule


def _summary(y: np.ndarray, p: np.ndarray, combined: np.ndarray, rule: np.ndarray, hand: bool) -> dict:
    flag = combined >= THRESHOLD
    rflag = rule >= THRESHOLD
    return {
        "n": int(len(y)), "positives": int(y.sum()),
        "auc_learned": _auc(y, p), "auc_combined": _auc(y, combined),
        "recall": _rate(flag[y]), "fpr": _rate(flag[~y]),
        "rules_recall": _rate(rflag[y]), "rules_fpr": _rate(rflag[~y]),
        "hand_labelled": hand,
    }


def score_source(model: LearnedModel, emb: Embedded, mask: np.ndarray | None = None) -> dict:
    rows = emb.rows
    keep = np.ones(len(rows), dtype=bool) if mask is None else mask
    y = np.array([r.label for r in rows])[keep]
    p, combined, rule = (a[keep] for a in _scores(model, emb))
    return _summary(y, p, combined, rule, rows[0].source in HAND_LABELLED if rows else False)


def score_users(model: LearnedModel, emb: Embedded) -> dict:
    """User-level numbers for a source labelled per user: a user's score is the max over their posts."""
    p, combined, rule = _scores(model, emb)
    users = sorted({r.group for r in emb.rows})
    index = {u: i for i, u in enumerate(users)}
    owner = np.array([index[r.group] for r in emb.rows], dtype=np.int64)
    y = np.zeros(len(users), dtype=bool)
    y[owner] = [r.label for r in emb.rows]
    agg = [np.zeros(len(users)) for _ in range(3)]
    for a, v in zip(agg, (p, combined, rule), strict=True):
        np.maximum.at(a, owner, v)
    return _summary(y, *agg, hand=True)


def _macro(per_source: dict[str, dict], names: Sequence[str]) -> dict:
    rec = [per_source[s]["recall"] for s in names if s in per_source and per_source[s]["recall"] is not None]
    fpr = [per_source[s]["fpr"] for s in names if s in per_source and per_source[s]["fpr"] is not None]
    return {"sources": [s for s in names if s in per_source],
            "macro_recall": round(float(np.mean(rec)), 4) if rec else None,
            "macro_fpr": round(float(np.mean(fpr)), 4) if fpr else None}


def evaluate_shipped_recipe(data_dir: Path | str, cache_dir: Path | str | None = DEFAULT_CACHE,
                            max_rows: int | None = None) -> dict:
    sources = available_sources(data_dir)
    train_on = [s for s in SHIPPED_RECIPE if s in sources]
    model, report = train_model(data_dir, train_on, cache_dir=cache_dir, final_on_all=False)
    per: dict[str, dict] = {}
    for s in sources:
        emb = embedded_source(data_dir, s, cache_dir, None if s in train_on else max_rows, model.features)
        mask = np.array([_group_is_valid(r.group) for r in emb.rows]) if s in train_on else None
        per[s] = score_source(model, emb, mask) | {"held_out": "validation groups" if s in train_on else "whole source"}
        log.info("%s: %s", s, per[s])
        if s in USER_LEVEL and s not in train_on:
            per[s + USER_LEVEL_SUFFIX] = score_users(model, emb) | {"held_out": "whole source (users)"}
            log.info("%s users: %s", s, per[s + USER_LEVEL_SUFFIX])
    return {"setup": "shipped", "trained_on": report["sources"], "threshold": model.threshold, "max_rows": max_rows,
            "per_source": per, "hand_labelled_macro": _macro(per, HAND_LABELLED)}


def evaluate_leave_one_source_out(data_dir: Path | str, cache_dir: Path | str | None = DEFAULT_CACHE,
                                  max_rows: int | None = None) -> dict:
    sources = available_sources(data_dir)
    for s in sources:  # encode (or load) every source once, at the evaluation's size
        embedded_source(data_dir, s, cache_dir, max_rows, FEATURES)
    per: dict[str, dict] = {}
    for held in sources:
        model, _ = train_model(data_dir, [s for s in sources if s != held], cache_dir=cache_dir,
                               max_rows_per_source=max_rows or LOSO_ROWS_PER_SOURCE)
        emb = embedded_source(data_dir, held, cache_dir, max_rows, model.features)
        per[held] = score_source(model, emb) | {"held_out": "whole source", "threshold": round(model.threshold, 4)}
        log.info("%s: %s", held, per[held])
        if held in USER_LEVEL:
            per[held + USER_LEVEL_SUFFIX] = score_users(model, emb) | {"held_out": "whole source (users)"}
    return {"setup": "loso", "max_rows": max_rows, "per_source": per, "hand_labelled_macro": _macro(per, HAND_LABELLED)}


def format_table(result: dict) -> str:
    lines = ["| source | hand-labelled | held out | n | pos | AUC learned | AUC rules+learned | recall | FPR | "
             "rules recall | rules FPR |", "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]

    def f(x):
        return "—" if x is None else f"{x:.3f}"

    for s, m in result["per_source"].items():
        lines.append(f"| {s} | {'yes' if m['hand_labelled'] else 'no'} | {m['held_out']} | {m['n']} | {m['positives']} | "
                     f"{f(m['auc_learned'])} | {f(m['auc_combined'])} | {f(m['recall'])} | {f(m['fpr'])} | "
                     f"{f(m['rules_recall'])} | {f(m['rules_fpr'])} |")
    mac = result["hand_labelled_macro"]
    lines.append(f"\nHand-labelled sources {', '.join(mac['sources'])} (post level): macro recall "
                 f"{f(mac['macro_recall'])}, macro FPR {f(mac['macro_fpr'])}.")
    if any(s.endswith(USER_LEVEL_SUFFIX) for s in result["per_source"]):
        lines.append(f"Rows marked{USER_LEVEL_SUFFIX}: n and pos count users (labels are per user); a user is "
                     "flagged when any of their posts in the sample is. Not part of the macro numbers.")
    return "\n".join(lines)
