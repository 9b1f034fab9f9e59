"""Empathy-aware curation of the SFT mix: score every assistant reply, keep the examples that pass a rule.

Why: in the plain mix EmpatheticDialogues is ~70% of the examples and its listener turns are one short
sentence (median 11 words), so a model tuned on it learns to answer briefly and shows fewer empathy
mechanisms than its base. The rule, per source (all thresholds in the `curation:` section of the data
config):

* every assistant reply is scored with the curation scorer (`empathic.evaluation.lexical_judge`, EPITOME
  emotional reactions / interpretations / explorations, levels 0-2, trained on the "curate" half of EPITOME,
  never on the half that trains the evaluation judge) and counted in words;
* a reply "shows empathy" when it reaches level >= 1 on at least `min_mechanisms[source]` mechanisms (default
  1) and on every mechanism in `required_mechanisms[source]` (default none);
* an example is kept when the share of its replies showing empathy is at least `min_mechanism_share[source]`,
  its median reply length is within [`min_words`, `max_words`][source], and (with `drop_promotional`) no reply
  carries a link, a phone number or an invitation to book a session.

Sources missing from a threshold mapping are not filtered on it. The scores of every written example go
into its JSONL row (`empathy`) and the before/after counts into stats.json (`curation`).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from statistics import median
from typing import Any

import numpy as np

from empathic.data.records import Example, Ledger
from empathic.errors import UserError, check_known_keys

log = logging.getLogger(__name__)

MECHANISMS = ("emotional_reactions", "interpretations", "explorations")
PROMOTIONAL = re.compile(
    r"https?://|www\.|\b\d{3}[-. )]\d{3}[-. ]\d{4}\b|\b(my|our) (practice|office|website)\b"
    r"|\b(schedule|book) (a|an|your) (session|appointment|consultation)\b|\bcontact me\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CurationConfig:
    """The `curation:` section of the data config (off by default: the old mix stays the default)."""

    enabled: bool = False
    epitome_dir: str | None = None  # EPITOME CSV folder; None: <data-dir>/epitome
    splits: tuple[str, ...] = ("train", "valid", "test")
    min_mechanism_share: dict[str, float] = field(default_factory=dict)
    min_words: dict[str, int] = field(default_factory=dict)
    max_words: dict[str, int] = field(default_factory=dict)
    min_mechanisms: dict[str, int] = field(default_factory=dict)  # mechanisms a reply must show (default 1)
    required_mechanisms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # ... and these among them
    drop_promotional: bool = True

    def shows_empathy(self, source: str, levels: dict[str, int]) -> bool:
        """Whether one reply (mechanism -> level) passes this source's per-reply rule."""
        shown = {m for m in MECHANISMS if levels[m] >= 1}
        return (len(shown) >= self.min_mechanisms.get(source, 1)
                and set(self.required_mechanisms.get(source, ())) <= shown)


CURATION_KEYS = tuple(CurationConfig.__dataclass_fields__)


def parse_curation(raw: Any, sources: list[str]) -> CurationConfig:
    """The raw `curation:` mapping -> CurationConfig, with one-line errors naming the bad key."""
    if raw is None:
        return CurationConfig()
    if not isinstance(raw, dict):
        raise UserError(f"curation must be a mapping of options, got {raw!r}")
    check_known_keys([str(k) for k in raw], CURATION_KEYS, "curation", cutoff=0.5)
    per_source = {}
    for key in ("min_mechanism_share", "min_words", "max_words", "min_mechanisms"):
        value = raw.get(key) or {}
        if not isinstance(value, dict):
            raise UserError(f"curation.{key} must map source names to numbers, got {value!r}")
        check_known_keys([str(k) for k in value], sources, f"curation.{key}", cutoff=0.5)
        if any(isinstance(v, bool) or not isinstance(v, int | float) or v < 0 for v in value.values()):
            raise UserError(f"curation.{key} values must be non-negative numbers, got {value!r}")
        per_source[key] = dict(value)
    required = raw.get("required_mechanisms") or {}
    if not isinstance(required, dict) or not all(
            isinstance(v, list | tuple) and set(v) <= set(MECHANISMS) for v in required.values()):
        raise UserError(f"curation.required_mechanisms must map source names to lists of {', '.join(MECHANISMS)}, "
                        f"got {required!r}")
    check_known_keys([str(k) for k in required], sources, "curation.required_mechanisms", cutoff=0.5)
    splits = tuple(raw.get("splits", CurationConfig.splits))
    if not set(splits) <= {"train", "valid", "test"}:
        raise UserError(f"curation.splits must be a subset of train, valid, test, got {list(splits)}")
    for key in ("enabled", "drop_promotional"):
        if not isinstance(raw.get(key, True), bool):
            raise UserError(f"curation.{key} must be true or false, got {raw.get(key)!r}")
    epitome_dir = raw.get("epitome_dir")
    if epitome_dir is not None and not isinstance(epitome_dir, str):
        raise UserError(f"curation.epitome_dir must be a folder path or null, got {epitome_dir!r}")
    return CurationConfig(
        enabled=raw.get("enabled", False),
        epitome_dir=epitome_dir,
        splits=splits,
        min_mechanism_share={k: float(v) for k, v in per_source["min_mechanism_share"].items()},
        min_words={k: int(v) for k, v in per_source["min_words"].items()},
        max_words={k: int(v) for k, v in per_source["max_words"].items()},
        min_mechanisms={k: int(v) for k, v in per_source["min_mechanisms"].items()},
        required_mechanisms={k: tuple(v) for k, v in required.items()},
        drop_promotional=raw.get("drop_promotional", True),
    )


@dataclass(frozen=True)
class ReplyScores:
    """The curation scores of one example: per-reply levels and words, and the summaries the rule reads."""

    levels: dict[str, list[int]]  # mechanism -> level of each assistant reply
    words: list[int]

    @property
    def mechanism_share(self) -> float:
        """Share of replies showing at least one mechanism at level >= 1."""
        return self.share_showing(CurationConfig(), "")

    def share_showing(self, config: CurationConfig, source: str) -> float:
        """Share of replies that pass `config`'s per-reply rule for `source`."""
        shows = [config.shows_empathy(source, {m: self.levels[m][i] for m in MECHANISMS})
                 for i in range(len(self.words))]
        return sum(shows) / len(shows) if shows else 0.0

    @property
    def median_words(self) -> float:
        return float(median(self.words)) if self.words else 0.0

    def as_record(self) -> dict[str, Any]:
        """What goes into a JSONL row: mean level per mechanism, mechanism share, median words."""
        return {
            **{m: round(float(np.mean(v)), 3) if v else 0.0 for m, v in self.levels.items()},
            "mechanism_share": round(self.mechanism_share, 3),
            "median_words": self.median_words,
        }


def score_examples(examples: list[Example], predict_levels) -> dict[str, ReplyScores]:
    """example id -> ReplyScores. `predict_levels(texts) -> {mechanism: (n,) levels}` scores all replies at once."""
    texts = [t for e in examples for t in e.assistant_texts()]
    levels = predict_levels(texts) if texts else {m: np.zeros(0, int) for m in MECHANISMS}
    out, at = {}, 0
    for e in examples:
        n = len(e.assistant_texts())
        out[e.id] = ReplyScores({m: [int(x) for x in levels[m][at:at + n]] for m in MECHANISMS},
                                [len(t.split()) for t in e.assistant_texts()])
        at += n
    return out


def verdict(example: Example, scores: ReplyScores, config: CurationConfig) -> str | None:
    """None to keep the example, else the ledger reason it is dropped for."""
    src = example.source
    if scores.share_showing(config, src) < config.min_mechanism_share.get(src, 0.0):
        return "curation_no_empathy_mechanism"
    if scores.median_words < config.min_words.get(src, 0):
        return "curation_too_short"
    if src in config.max_words and scores.median_words > config.max_words[src]:
        return "curation_too_long"
    if config.drop_promotional and any(PROMOTIONAL.search(t) for t in example.assistant_texts()):
        return "curation_promotional"
    return None


def curate(examples: list[Example], config: CurationConfig, ledgers: dict[str, Ledger],
           predict_levels) -> tuple[list[Example], dict[str, ReplyScores], dict[str, Any]]:
    """(kept examples, scores of every example, stats). Examples in splits outside `config.splits` pass unfiltered."""
    scores = score_examples(examples, predict_levels)
    kept: list[Example] = []
    before: Counter[str] = Counter()
    after: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    for e in examples:
        before[f"{e.split}/{e.source}"] += 1
        reason = verdict(e, scores[e.id], config) if e.split in config.splits else None
        if reason is None:
            kept.append(e)
            after[f"{e.split}/{e.source}"] += 1
        else:
            ledgers[e.source].drop(reason, e.id)
            reasons[f"{e.source}/{reason}"] += 1
    stats = {
        "config": {**asdict(config), "splits": list(config.splits)},
        "before": dict(sorted(before.items())),
        "after": dict(sorted(after.items())),
        "dropped": dict(sorted(reasons.items())),
        "kept_mean_scores": _mean_scores(kept, scores),
        "all_mean_scores": _mean_scores(examples, scores),
    }
    log.info("curation kept %d of %d examples", len(kept), len(examples))
    return kept, scores, stats


def _mean_scores(examples: list[Example], scores: dict[str, ReplyScores]) -> dict[str, dict[str, float]]:
    """Per source: mean of each record field over its examples (how empathic the kept replies look)."""
    out: dict[str, dict[str, float]] = {}
    for src in sorted({e.source for e in examples}):
        recs = [scores[e.id].as_record() for e in examples if e.source == src]
        out[src] = {k: round(float(np.mean([r[k] for r in recs])), 3) for k in recs[0]}
    return out


def describe_curation(curation: dict[str, Any], mix_info: dict[str, Any]) -> list[str]:
    """Markdown for Data/data_description.md: candidates before and after the rule, per split and source,
    the mean curation scores before and after, and the train share each source ends with."""
    out = ["", "## Empathy-aware curation (before / after)", "",
           "Rule: `empathic/data/curate.py`; thresholds: the `curation:` section of the data config. "
           "\"before\" = candidates after cleaning, de-duplication and length limits; \"after\" = those the rule "
           "keeps, before mixing.", "",
           "| split | source | before | after | kept share |", "| --- | --- | ---: | ---: | ---: |"]
    for key, n in curation["before"].items():
        split, src = key.split("/", 1)
        kept = curation["after"].get(key, 0)
        out.append(f"| {split} | {src} | {n:,} | {kept:,} | {kept / n:.2f} |")
    out += ["", "Mean curation-scorer level per reply (0-2), share of replies showing >= 1 mechanism, median "
            "words per reply; all candidates -> kept:", "",
            "| source | emotional reactions | interpretations | explorations | mechanism share | median words |",
            "| --- | --- | --- | --- | --- | --- |"]
    before, after = curation["all_mean_scores"], curation["kept_mean_scores"]
    for src in before:
        cells = [f"{before[src][k]:.2f} → {after.get(src, {}).get(k, float('nan')):.2f}"
                 for k in (*MECHANISMS, "mechanism_share", "median_words")]
        out.append(f"| {src} | " + " | ".join(cells) + " |")
    if mix_info:
        out += ["", "Train share after mixing: " + ", ".join(
            f"{src} {info.get('train_share', 0):.1%}" for src, info in mix_info.items()), ""]
    dropped = ", ".join(f"{k} {v:,}" for k, v in curation["dropped"].items())
    out += ["", f"Dropped by the rule: {dropped or 'none'}."]
    return out


def default_predictor(config: CurationConfig, data_dir: Path | None):
    """The curation scorer's `predict_levels(texts)`, trained (once, cached) on the curate half of EPITOME."""
    from empathic.evaluation.lexical_judge import load_or_train_lexical

    folder = Path(config.epitome_dir) if config.epitome_dir else (Path(data_dir) / "epitome" if data_dir else None)
    if folder is None or not folder.is_dir():
        raise UserError("curation needs the EPITOME CSVs: pass --data-dir holding epitome/, or set curation.epitome_dir")
    return load_or_train_lexical(folder).predict_levels
