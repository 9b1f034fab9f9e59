"""The EPITOME part of `empathic eval` with the pair-reading judge: levels, length bands, judge independence.

* levels: the cross-encoder judge (`judges`, trained on the "judge" half of EPITOME) reads (last user
  message, reply) for base and tuned replies; paired bootstrap differences per mechanism.
* length bands: each mechanism within reply-length bands (`length_bands`), plus where the median reply
  length falls relative to the middle half of the reference replies.
* independence: the curation scorer (`lexical_judge`, trained on the other half, the model that chose the
  curated training data) scores the same replies; their agreement (exact share, Cohen's kappa) is reported,
  and so is the tuned-vs-base difference the curation scorer sees, so a gain seen only by the scorer that
  picked the data is visible as such.
"""

from __future__ import annotations

import numpy as np

from empathic.evaluation.classifiers import MECHANISMS
from empathic.evaluation.length_bands import banded_comparison, reference_band
from empathic.evaluation.rows import _num, _signed, metric_row

ROLES = ("base", "tuned")


JUDGES = {
    "cross-encoder": "cross-encoder (all-MiniLM-L6-v2 fine-tuned on the EPITOME judge half)",
    "pair-lr": "pair model (MiniLM seeker/response embeddings + response TF-IDF, logistic regression, judge half)",
}


def _judge(kind: str, epi_dir, embedder):
    """(predict_levels(seekers, responses), held-out metrics) of the chosen judge."""
    if kind == "pair-lr":
        from empathic.evaluation.pair_judge import load_or_train_pair_judge

        pj = load_or_train_pair_judge(epi_dir, embedder)
        return (lambda seekers, responses: pj.predict_levels_with(embedder.encode, seekers, responses)), pj.metrics
    from empathic.evaluation.judges import load_or_train_judge

    ce = load_or_train_judge(epi_dir)
    return ce.predict_levels, ce.metrics


def epitome_judge_section(epi_dir, examples, gens, diff, n_resamples: int = 2000, seed: int = 0,
                          kind: str = "cross-encoder", embedder=None) -> dict:
    """The metrics.json "epitome" section; `diff(base, tuned)` is the runner's paired bootstrap."""
    from empathic.evaluation.lexical_judge import agreement, load_or_train_lexical

    predict, judge_metrics = _judge(kind, epi_dir, embedder)
    seekers = [e.last_user for e in examples]
    texts = {role: [r.text for r in gens[role]] for role in ROLES}
    levels = {role: predict(seekers, texts[role]) for role in ROLES}
    words = {role: [len(t.split()) for t in texts[role]] for role in ROLES}
    scorer = load_or_train_lexical(epi_dir)
    curation_levels = {role: scorer.predict_levels(texts[role]) for role in ROLES}
    both = {m: np.concatenate([levels[r][m] for r in ROLES]) for m in MECHANISMS}
    both_cur = {m: np.concatenate([curation_levels[r][m] for r in ROLES]) for m in MECHANISMS}
    ref_words = [len(e.reference.split()) for e in examples]
    q1, q3 = reference_band(ref_words)
    return {
        "available": True,
        "judge": JUDGES[kind],
        "classifier": {m: judge_metrics[m] for m in MECHANISMS},
        "rows": [metric_row(m, m.replace("_", " "), diff(levels["base"][m], levels["tuned"][m]), "higher")
                 for m in MECHANISMS],
        "level_distribution": {role: {m: np.bincount(levels[role][m], minlength=3).tolist() for m in MECHANISMS}
                               for role in ROLES},
        "length_bands": {m: banded_comparison(levels["base"][m], levels["tuned"][m], words["base"], words["tuned"],
                                              n_resamples, seed) for m in MECHANISMS},
        "reply_length": {"reference_q1": q1, "reference_q3": q3, "reference_median": float(np.median(ref_words)),
                         **{f"{role}_median": float(np.median(words[role])) for role in ROLES}},
        "curation_scorer": {
            "classifier": {m: scorer.metrics[m] for m in MECHANISMS},
            "agreement_with_judge_on_replies": agreement(both, both_cur),
            "rows": [metric_row(m, m.replace("_", " "),
                                diff(curation_levels["base"][m], curation_levels["tuned"][m]), "higher")
                     for m in MECHANISMS],
        },
    }


def render_extras(epi: dict) -> list[str]:
    """Markdown for the length bands, reply length and judge-independence parts (empty for the old section)."""
    lines: list[str] = []
    if epi.get("length_bands"):
        lines += ["### Within reply-length bands", "",
                  "Mean judge level of replies whose own length falls in each band (unpaired; a prompt's two "
                  "replies may sit in different bands). Length-adjusted = band differences weighted by band size "
                  "(bands with ≥ 5 replies from each model).", "",
                  "| Mechanism | Band | n base | n tuned | base | tuned | difference [95% CI] |",
                  "| --- | --- | ---: | ---: | ---: | ---: | --- |"]
        for mech, res in epi["length_bands"].items():
            for r in res["rows"]:
                ci = f"{_signed(r['diff'])} [{_signed(r['ci_low'])}, {_signed(r['ci_high'])}]" if r["diff"] is not None else "–"
                lines.append(f"| {mech.replace('_', ' ')} | {r['band']} | {r['n_base']} | {r['n_tuned']} | "
                             f"{_num(r['base'])} | {_num(r['tuned'])} | {ci} |")
            a = res["adjusted"]
            if a["diff"] is not None:
                lines.append(f"| {mech.replace('_', ' ')} | **length-adjusted** | | | | | "
                             f"{_signed(a['diff'])} [{_signed(a['ci_low'])}, {_signed(a['ci_high'])}] |")
        lines.append("")
    rl = epi.get("reply_length")
    if rl:
        inside = rl["reference_q1"] <= rl["tuned_median"] <= rl["reference_q3"]
        lines += [f"Median reply length: base {rl['base_median']:.0f} words, tuned {rl['tuned_median']:.0f}; "
                  f"references: median {rl['reference_median']:.0f}, middle half "
                  f"[{rl['reference_q1']:.0f}, {rl['reference_q3']:.0f}] "
                  f"(tuned median {'inside' if inside else 'outside'} it).", ""]
    cs = epi.get("curation_scorer")
    if cs:
        lines += ["### Independence: the curation scorer on the same replies", "",
                  "The curation scorer (TF-IDF + logistic regression on the other EPITOME half; it chose the "
                  "curated training data) never trained on the judge's rows, and the judge never trained on its "
                  "rows. Agreement with the judge over all base and tuned replies:", "",
                  "| Mechanism | exact agreement | Cohen's kappa | n |", "| --- | ---: | ---: | ---: |"]
        for mech, a in cs["agreement_with_judge_on_replies"].items():
            lines.append(f"| {mech.replace('_', ' ')} | {_num(a['agreement'])} | {_num(a['kappa'])} | {a['n']} |")
        lines += ["", "What the curation scorer sees (tuned − base):", ""]
        lines += [f"- {r['label']}: {_num(r['base'])} → {_num(r['tuned'])} ({_signed(r['diff'])} "
                  f"[{_signed(r['ci_low'])}, {_signed(r['ci_high'])}])" for r in cs["rows"]]
        lines.append("")
    return lines
