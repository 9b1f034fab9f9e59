"""The sections of `empathic eval`: text metrics, perplexity, classifiers, EQ-Bench, judge (red team:
`safety_section.py`)."""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path

import numpy as np

from empathic.errors import UserError
from empathic.evaluation import bootstrap as bs
from empathic.evaluation.cache import key_of
from empathic.evaluation.context import EvalConfig, Loaded, _progress, cached_generate
from empathic.evaluation.generation import GenSettings
from empathic.evaluation.rows import metric_row
from empathic.evaluation.store import Store
from empathic.evaluation.testset import Example
from empathic.modeling.adapters import adapter_disabled

log = logging.getLogger(__name__)


# ---------------------------------------------------------------- sections
def _diff(cfg: EvalConfig, base, tuned, stat=bs.mean_stat) -> bs.Diff:
    return bs.paired_bootstrap(np.asarray(base, float), np.asarray(tuned, float), stat,
                               n_resamples=cfg.n_resamples, seed=cfg.seed)


def paired_diff(cfg: EvalConfig):
    """`_diff` for this run as `(base, tuned) -> Diff`, for sections kept in their own modules."""
    return lambda base, tuned: _diff(cfg, base, tuned)


def text_section(cfg: EvalConfig, examples: list[Example], gens: dict, embedder) -> tuple[list[dict], dict]:
    from empathic.evaluation.text_metrics import compute_text_metrics

    refs = [e.reference for e in examples]
    tm = {role: compute_text_metrics([r.text for r in gens[role]], refs, [r.stopped for r in gens[role]],
                                     embed=embedder.encode if embedder else None)
          for role in ("base", "tuned")}
    b, t = tm["base"], tm["tuned"]
    rows = []
    if embedder is not None:
        rows.append(metric_row("similarity", "Semantic similarity to reference", _diff(cfg, b.similarity, t.similarity),
                               "higher"))
    rows += [
        metric_row("bleu", "BLEU (corpus)", _diff(cfg, b.bleu_stats, t.bleu_stats, bs.bleu_stat), "higher", 2),
        metric_row("rouge_l", "ROUGE-L F1", _diff(cfg, b.rouge_l, t.rouge_l), "higher"),
        metric_row("distinct_1", "Distinct-1 (within reply)", _diff(cfg, b.distinct_1, t.distinct_1), "higher"),
        metric_row("distinct_2", "Distinct-2 (within reply)", _diff(cfg, b.distinct_2, t.distinct_2), "higher"),
        metric_row("repetition", "Repeated 4-gram share", _diff(cfg, b.repetition, t.repetition), "lower"),
        metric_row("length_words", "Reply length (words)", _diff(cfg, b.length_words, t.length_words), None, 1),
        metric_row("stopped", "Stopped by itself (share)", _diff(cfg, b.stopped, t.stopped), "higher"),
    ]
    corpus = {role: {"bleu": tm[role].corpus_bleu, "distinct_1": tm[role].corpus_distinct_1,
                     "distinct_2": tm[role].corpus_distinct_2} for role in tm}
    return rows, corpus


def perplexity_section(cfg: EvalConfig, loaded: Loaded, examples: list[Example], store: Store | None = None) -> dict | None:
    from empathic.evaluation.perplexity import nll_per_example, tokenize_all

    convs = [e.prompt + [{"role": "assistant", "content": e.reference}] for e in examples]
    enc = tokenize_all(loaded.tokenizer, convs)
    skipped = sum(e is None for e in enc)
    pad = loaded.tokenizer.pad_token_id or 0
    bar = _progress(2 * (len(enc) - skipped), "perplexity")
    stats = {}
    for role in ("base", "tuned"):
        # Cached per (model, adapter, template, conversation) like the generations: a warm re-run skips it.
        ident = [loaded.base_fp, loaded.template_fp] + ([loaded.adapter_fp] if role == "tuned" else [])
        keys = [key_of("nll", ident, c) for c in convs]
        hits = store.get_many(keys) if store is not None else {}
        out = np.array([hits[k] if k in hits else [np.nan, np.nan] for k in keys], dtype=float).reshape(-1, 2)
        todo = [i for i, k in enumerate(keys) if k not in hits and enc[i] is not None]
        bar.update(sum(enc[i] is not None for i, k in enumerate(keys) if k in hits))
        if todo:
            ctx = adapter_disabled(loaded.model) if role == "base" else contextlib.nullcontext()
            with ctx:
                # Own batch plan, not the generation batch size (batch 32 of long conversations is slower).
                fresh = nll_per_example(loaded.model, [enc[i] for i in todo], pad_id=pad, progress=bar)
            out[todo] = fresh
            if store is not None:
                store.put_many({keys[i]: fresh[j].tolist() for j, i in enumerate(todo) if np.isfinite(fresh[j]).all()})
        stats[role] = out
    base, tuned = stats["base"], stats["tuned"]
    bar.close()
    d = _diff(cfg, base, tuned, bs.perplexity_stat)
    note = "assistant tokens, training mask" + (f"; {skipped} rows not tokenisable" if skipped else "")
    return metric_row("perplexity", "Perplexity on reference replies", d, "lower", 2, note)


def _resolve_dir(explicit: Path | None, data_dir: Path | None, name: str) -> Path | None:
    if explicit is not None:
        if not Path(explicit).is_dir():
            raise UserError(f"{name} folder not found: {explicit}; pass the folder holding the {name} files")
        return Path(explicit)
    if data_dir is not None and (Path(data_dir) / name).is_dir():
        return Path(data_dir) / name
    return None


def classifier_sections(cfg: EvalConfig, examples: list[Example], gens: dict, embedder) -> tuple[dict, dict]:
    from empathic.evaluation import affect
    from empathic.evaluation.classifiers import MECHANISMS, load_or_train_epitome, load_or_train_goemotions

    epi: dict = {"available": False}
    emo: dict = {"available": False}
    if embedder is None or not cfg.classifiers:
        epi["reason"] = emo["reason"] = "classifiers disabled"
        return epi, emo
    seeker = embedder.encode([e.last_user for e in examples])
    reply_emb = {role: embedder.encode([r.text for r in gens[role]]) for role in ("base", "tuned")}

    epi_dir = _resolve_dir(cfg.epitome_dir, cfg.data_dir, "epitome")
    if epi_dir is None:
        epi["reason"] = "no EPITOME data (pass --epitome-dir or --data-dir)"
    elif cfg.epitome_judge in ("cross-encoder", "pair-lr"):
        from empathic.evaluation.empathy_section import epitome_judge_section

        epi = epitome_judge_section(epi_dir, examples, gens, lambda b, t: _diff(cfg, b, t), cfg.n_resamples, cfg.seed,
                                    cfg.epitome_judge, embedder)
    else:
        clf = load_or_train_epitome(epi_dir, embedder, cfg.classifier_max_rows)
        levels = {role: clf.predict_levels(seeker, reply_emb[role]) for role in ("base", "tuned")}
        epi = {
            "available": True,
            "classifier": clf.metrics,
            "rows": [metric_row(m, m.replace("_", " "), _diff(cfg, levels["base"][m], levels["tuned"][m]), "higher")
                     for m in MECHANISMS],
            "level_distribution": {role: {m: np.bincount(levels[role][m], minlength=3).tolist() for m in MECHANISMS}
                                   for role in levels},
        }

    ge_dir = _resolve_dir(cfg.goemotions_dir, cfg.data_dir, "goemotions")
    if ge_dir is None:
        emo["reason"] = "no GoEmotions data (pass --goemotions-dir or --data-dir)"
        return epi, emo
    ge = load_or_train_goemotions(ge_dir, embedder, cfg.classifier_max_rows)
    names = ge.names
    user_labels = ge.predict(seeker)
    distress = affect.distress_flags([e.emotion for e in examples], user_labels, names)
    labels = {role: ge.predict(reply_emb[role]) for role in ("base", "tuned")}
    d = distress.flags
    rows = []
    for key, label, wanted, better in (
        ("supportive", "caring or approval", affect.SUPPORTIVE, "higher"),
        ("mismatched", "amusement or excitement", affect.MISMATCHED, "lower"),
        ("hostile", "anger, annoyance, disapproval or disgust", affect.HOSTILE, "lower"),
    ):
        b = affect.carries(labels["base"][d], names, wanted)
        t = affect.carries(labels["tuned"][d], names, wanted)
        rows.append(metric_row(key, label, _diff(cfg, b, t), better))
    emo = {
        "available": True,
        "classifier": {k: v for k, v in ge.metrics.items() if k != "per_label_f1"},
        "per_label_f1": ge.metrics.get("per_label_f1"),
        "distress": {"n_distressed": int(d.sum()), "from_label": distress.from_label,
                     "from_classifier": distress.from_classifier},
        "rows": rows,
        "label_share": {role: {n: float(labels[role][:, j].mean()) for j, n in enumerate(names)} for role in labels},
    }
    return epi, emo


def eqbench_section(cfg: EvalConfig, loaded: Loaded, store: Store) -> tuple[dict, dict]:
    """(metrics section, raw outputs by role) for EQ-Bench v2."""
    from empathic.evaluation import eqbench

    if not cfg.eqbench:
        return {"reason": "disabled with --no-eqbench"}, {}
    path = cfg.eqbench_file
    if path is None and cfg.data_dir is not None:
        cand = Path(cfg.data_dir) / "eqbench" / "eq_bench_v2_questions_171.json"
        path = cand if cand.is_file() else None
    if path is None:
        return {"reason": "no EQ-Bench questions file (pass --eqbench-file or --data-dir)"}, {}
    questions = eqbench.load_questions(path, cfg.eqbench_limit)
    # No repetition penalty: EQ-Bench answers must repeat the four emotion names and often the same digit.
    settings = GenSettings(cfg.eqbench_max_new_tokens, cfg.batch_size, repetition_penalty=1.0)
    gens = cached_generate(loaded, eqbench.conversations(questions), settings, store, "EQ-Bench")
    res = {role: eqbench.score_outputs(questions, [r.text for r in gens[role]]) for role in gens}
    section = {role: {k: v for k, v in res[role].to_dict().items() if k != "per_question"} for role in res}
    diff = _diff(cfg, res["base"].question_scores(), res["tuned"].question_scores())
    section["diff"] = diff.to_dict()
    section["max_new_tokens"] = cfg.eqbench_max_new_tokens
    outputs = {role: [{"qid": q.qid, "output": r.text, **vars(pq)} for q, r, pq in
                      zip(questions, gens[role], res[role].per_question, strict=True)] for role in gens}
    return section, outputs


def judge_section(cfg: EvalConfig, examples: list[Example], gens: dict, store: Store) -> dict:
    from empathic.evaluation import judge

    jc = judge.config_from_args(cfg.judge_url, cfg.judge_model, timeout=cfg.judge_timeout, retries=cfg.judge_retries)
    if jc is None:
        return {"reason": "no --judge-url given"}
    per: dict[str, list] = {}
    failed = 0
    bar = _progress(2 * len(examples), "judge")
    for role in ("base", "tuned"):
        per[role] = []
        for ex, r in zip(examples, gens[role], strict=True):
            k = key_of("judge", jc.endpoint, jc.model, judge.RUBRIC, judge.CRITERIA, ex.prompt, r.text)
            hit = store.get_many([k]).get(k)
            if hit is None:
                j = judge.judge_reply(jc, ex.prompt, r.text)
                hit = j.__dict__
                if j.error is None:  # failures are retried on the next run, not cached
                    store.put_many({k: hit})
            failed += hit["error"] is not None
            per[role].append(hit)
            bar.update(1)
    bar.close()
    rows = []
    for crit, (_desc, good) in {**judge.CRITERIA, "overall": ("", True)}.items():
        def col(role, crit=crit):
            vals = [(h["overall"] if crit == "overall" else h["scores"].get(crit)) for h in per[role]]
            return np.array([np.nan if v is None else v for v in vals], dtype=float)
        rows.append(metric_row(f"judge_{crit}", crit.replace("_", " "), _diff(cfg, col("base"), col("tuned")),
                               "higher" if good else "lower", 2))
    out = {"model": jc.model, "n_failed": failed, "rows": rows, "judgements": {role: per[role] for role in per}}
    if cfg.pairwise:
        from empathic.evaluation.pairwise import pairwise

        pw = pairwise(jc, [e.prompt for e in examples], [r.text for r in gens["base"]],
                      [r.text for r in gens["tuned"]], cfg.n_resamples, cfg.seed)
        out["pairwise"] = pw["summary"]
    return out
