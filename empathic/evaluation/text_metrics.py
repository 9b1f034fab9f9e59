"""Reference-based and reply-only text metrics, kept per example so the bootstrap can resample prompts.

Definitions (see Notes/decisions/eval.md):
- words: lowercase `\\w+('\\w+)?` tokens; used by distinct-n, repetition and length.
- distinct-n (per reply): unique word n-grams / all word n-grams in that reply; NaN when the reply has no
  n-gram (dropped from the mean). Corpus distinct-n pools all replies (point value only: resampling
  duplicates replies, which would bias a bootstrap of it).
- repetition: share of a reply's word 4-grams that repeat an earlier 4-gram of the same reply
  ((total - unique) / total); 0 when the reply has fewer than 4 words (nothing could repeat).
- BLEU: sacrebleu corpus BLEU (13a tokeniser, exp smoothing, as `sacrebleu.corpus_bleu`); per-example
  sufficient statistics are kept so a bootstrap re-computes true corpus BLEU on each resample.
  Sentence BLEU (effective order) is kept per example for display.
- ROUGE-L: rouge-score F-measure with the Porter stemmer.
- similarity: cosine of normalised all-MiniLM-L6-v2 embeddings of reply and reference.
- stopped: the reply ended with an end-of-turn token rather than hitting max_new_tokens.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

_WORD = re.compile(r"\w+(?:'\w+)?")
_MY_LOG_ZERO = -9999999999.0  # sacrebleu's my_log(0)


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def ngrams(tokens: Sequence[str], n: int) -> list[tuple[str, ...]]:
    return [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]


def distinct_n(text: str, n: int) -> float:
    """Unique n-grams / n-grams within one reply; NaN if it has none."""
    grams = ngrams(words(text), n)
    return len(set(grams)) / len(grams) if grams else float("nan")


def corpus_distinct_n(texts: Sequence[str], n: int) -> float:
    """Unique n-grams / n-grams pooled over all replies (the usual corpus-level distinct-n)."""
    grams = [g for t in texts for g in ngrams(words(t), n)]
    return len(set(grams)) / len(grams) if grams else float("nan")


def repetition_rate(text: str, n: int = 4) -> float:
    """Share of a reply's word n-grams that repeat an earlier n-gram of the same reply."""
    grams = ngrams(words(text), n)
    return (len(grams) - len(set(grams))) / len(grams) if grams else 0.0


def rouge_l(hyps: Sequence[str], refs: Sequence[str]) -> np.ndarray:
    """ROUGE-L F-measure per pair (rouge-score, Porter stemming)."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rougeL"], use_stemmer=True)
    return np.array([scorer.score(r, h)["rougeL"].fmeasure for h, r in zip(hyps, refs, strict=True)], dtype=float)


# ---------------------------------------------------------------- BLEU
def bleu_stats(hyps: Sequence[str], refs: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Per-example BLEU sufficient statistics (n, 10) = [sys_len, ref_len, correct1..4, total1..4]
    and per-example sentence BLEU (effective order, exp smoothing)."""
    from sacrebleu.metrics import BLEU

    bleu = BLEU(effective_order=True)
    stats, sentence = [], []
    for h, r in zip(hyps, refs, strict=True):
        s = bleu.sentence_score(h, [r])
        stats.append([s.sys_len, s.ref_len, *s.counts, *s.totals])
        sentence.append(s.score)
    return np.array(stats, dtype=float).reshape(-1, 10), np.array(sentence, dtype=float)


def bleu_from_stats(summed: np.ndarray) -> np.ndarray:
    """Corpus BLEU from summed statistics, vectorised over leading axes (sacrebleu `compute_bleu`,
    smooth_method='exp', effective_order=False, max order 4 — what `corpus_bleu` uses)."""
    summed = np.asarray(summed, dtype=float)
    sys_len, ref_len = summed[..., 0], summed[..., 1]
    correct, total = summed[..., 2:6], summed[..., 6:10]
    with np.errstate(divide="ignore", invalid="ignore"):
        bp = np.where(sys_len < ref_len, np.where(sys_len > 0, np.exp(1 - ref_len / sys_len), 0.0), 1.0)
        prec = np.zeros_like(correct)
        smooth = np.ones_like(sys_len)
        alive = np.ones_like(sys_len, dtype=bool)  # sacrebleu stops at the first order with no n-grams
        for n in range(4):
            alive &= total[..., n] > 0
            zero = correct[..., n] == 0
            smooth = np.where(alive & zero, smooth * 2, smooth)
            p = np.where(zero, 100.0 / (smooth * total[..., n]), 100.0 * correct[..., n] / total[..., n])
            prec[..., n] = np.where(alive, p, 0.0)
        logp = np.where(prec > 0, np.log(np.where(prec > 0, prec, 1.0)), _MY_LOG_ZERO)
        score = bp * np.exp(logp.mean(axis=-1))
    return np.where(correct.sum(axis=-1) == 0, 0.0, score)


def corpus_bleu(hyps: Sequence[str], refs: Sequence[str]) -> float:
    stats, _ = bleu_stats(hyps, refs)
    return float(bleu_from_stats(stats.sum(axis=0)))


# ---------------------------------------------------------------- all together
@dataclass
class TextMetrics:
    """Per-example arrays (length n) for one system's replies, plus corpus-level point values."""

    similarity: np.ndarray
    bleu_stats: np.ndarray  # (n, 10)
    sentence_bleu: np.ndarray
    rouge_l: np.ndarray
    distinct_1: np.ndarray
    distinct_2: np.ndarray
    repetition: np.ndarray
    length_words: np.ndarray
    stopped: np.ndarray
    corpus_bleu: float
    corpus_distinct_1: float
    corpus_distinct_2: float


def cosine_rows(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise cosine; rows are renormalised so unnormalised input is fine too."""
    a = a / np.maximum(np.linalg.norm(a, axis=1, keepdims=True), 1e-12)
    b = b / np.maximum(np.linalg.norm(b, axis=1, keepdims=True), 1e-12)
    return np.einsum("ij,ij->i", a, b)


def compute_text_metrics(
    replies: Sequence[str],
    references: Sequence[str],
    stopped: Sequence[bool],
    embed=None,
) -> TextMetrics:
    """All text metrics for one system; `embed(texts) -> (n, d) array` or None to skip similarity (NaN)."""
    replies, references = list(replies), list(references)
    if not (len(replies) == len(references) == len(stopped)):
        raise ValueError("replies, references and stopped must have the same length")
    stats, sentence = bleu_stats(replies, references)
    if embed is not None and replies:
        sim = cosine_rows(embed(replies), embed(references))
    else:
        sim = np.full(len(replies), np.nan)
    return TextMetrics(
        similarity=np.asarray(sim, dtype=float),
        bleu_stats=stats,
        sentence_bleu=sentence,
        rouge_l=rouge_l(replies, references),
        distinct_1=np.array([distinct_n(r, 1) for r in replies], dtype=float),
        distinct_2=np.array([distinct_n(r, 2) for r in replies], dtype=float),
        repetition=np.array([repetition_rate(r) for r in replies], dtype=float),
        length_words=np.array([len(words(r)) for r in replies], dtype=float),
        stopped=np.array(stopped, dtype=float),
        corpus_bleu=float(bleu_from_stats(stats.sum(axis=0))) if replies else float("nan"),
        corpus_distinct_1=corpus_distinct_n(replies, 1),
        corpus_distinct_2=corpus_distinct_n(replies, 2),
    )
