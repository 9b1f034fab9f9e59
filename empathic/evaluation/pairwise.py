"""Pairwise LLM judging, base vs tuned, for users with a strong model behind an OpenAI-compatible endpoint.

Each prompt is judged twice with the two replies swapped (tuned as "A", then tuned as "B"), because
judges prefer one position. A prompt's outcome for the tuned model is the mean of the two verdicts,
each +1 (tuned preferred), 0 (tie) or -1 (base preferred): a judge that flips with the order gives 0
(a tie), not a win. Win / tie / loss shares are of prompts whose two verdicts both parsed; the interval
is a percentile bootstrap over prompts of (wins - losses) / n. How often the two orders disagree is
reported as the position-consistency check.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

import numpy as np

from empathic.evaluation.judge import SYSTEM, JudgeConfig, JudgeError, chat_completion

PROMPT = """Two replies answer the same person. The replier is a non-clinical emotional support companion,
not a therapist. Which reply is more empathetic and supportive: it understands and reflects what the
person feels and why, is warm and validating, fits this person's situation, explores gently, and is safe
(no harmful advice, no diagnosis)? Length alone is not a merit.

[Conversation]
{conversation}

[Reply A]
{a}

[Reply B]
{b}

Answer with one JSON object and nothing else: {{"winner": "A" | "B" | "tie", "reason": "<one sentence>"}}"""


@dataclass(frozen=True)
class PairVerdict:
    """One prompt: the raw winner of each order ("A"/"B"/"tie"/None) and the tuned model's outcome."""

    tuned_first: str | None  # tuned shown as A
    tuned_second: str | None  # tuned shown as B
    outcome: float | None  # mean of the two orders' scores for tuned (+1 win, 0 tie, -1 loss); None if unparsed
    consistent: bool | None  # both orders name the same model (or both tie)


def parse_winner(text: str) -> str | None:
    """"A", "B" or "tie" from the judge's answer (JSON or a bare word); None when it says none of them."""
    m = re.search(r'"winner"\s*:\s*"\s*(A|B|tie)\s*"', text, re.IGNORECASE)
    if m is None:
        m = re.fullmatch(r"\W*(A|B|tie)\W*", text.strip(), re.IGNORECASE)
    if m is None:
        return None
    word = m.group(1)
    return "tie" if word.lower() == "tie" else word.upper()


def render(conversation: list[dict], a: str, b: str) -> str:
    convo = "\n".join(f"{m['role'].upper()}: {m['content']}" for m in conversation if m["role"] != "system")
    return PROMPT.format(conversation=convo, a=a, b=b)


def _tuned_score(winner: str | None, tuned_label: str) -> float | None:
    if winner is None:
        return None
    return 0.0 if winner == "tie" else (1.0 if winner == tuned_label else -1.0)


def judge_pair(cfg: JudgeConfig, conversation: list[dict], base: str, tuned: str) -> PairVerdict:
    """Both orders for one prompt; an HTTP failure counts as an unparsed verdict."""
    winners = []
    for a, b in ((tuned, base), (base, tuned)):
        messages = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": render(conversation, a, b)}]
        try:
            winners.append(parse_winner(chat_completion(cfg, messages)))
        except JudgeError:
            winners.append(None)
    first, second = _tuned_score(winners[0], "A"), _tuned_score(winners[1], "B")
    if first is None or second is None:
        return PairVerdict(winners[0], winners[1], None, None)
    return PairVerdict(winners[0], winners[1], (first + second) / 2, first == second)


def summarise(verdicts: list[PairVerdict], n_resamples: int = 2000, seed: int = 0) -> dict:
    """Win / tie / loss shares for tuned, net preference (wins - losses) / n with a 95% bootstrap interval."""
    scored = np.array([v.outcome for v in verdicts if v.outcome is not None], dtype=float)
    n = len(scored)
    out = {"n_prompts": len(verdicts), "n_scored": n, "n_failed": len(verdicts) - n}
    if n == 0:
        return {**out, "win": None, "tie": None, "loss": None, "net": None, "ci_low": None, "ci_high": None,
                "position_consistency": None}
    sign = np.sign(scored)  # a split verdict (+1 and -1 across orders) averages to 0: a tie
    net = float(sign.mean())
    draws = sign[np.random.default_rng(seed).integers(0, n, size=(n_resamples, n))].mean(axis=1)
    consistent = [v.consistent for v in verdicts if v.consistent is not None]
    return {**out, "win": float(np.mean(sign > 0)), "tie": float(np.mean(sign == 0)), "loss": float(np.mean(sign < 0)),
            "net": net, "ci_low": float(np.percentile(draws, 2.5)), "ci_high": float(np.percentile(draws, 97.5)),
            "position_consistency": float(np.mean(consistent)) if consistent else None}


def pairwise(cfg: JudgeConfig, conversations: list[list[dict]], base: list[str], tuned: list[str],
             n_resamples: int = 2000, seed: int = 0) -> dict:
    """Judge every prompt in both orders; {"summary": ..., "verdicts": [...]}."""
    verdicts = [judge_pair(cfg, c, b, t) for c, b, t in zip(conversations, base, tuned, strict=True)]
    return {"summary": summarise(verdicts, n_resamples, seed), "verdicts": [asdict(v) for v in verdicts]}
