"""`prepare`: sources -> cleaned, de-duplicated, group-split, length-limited, mixed JSONL + stats."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from empathic.data.config import GIVEN_SPLIT_SOURCES, DataConfig
from empathic.data.format import classification_record, dumps, sft_record
from empathic.data.mix import mix, seeded_order
from empathic.data.records import SPLIT_PRIORITY, SPLITS, ClassificationRow, Example, Ledger, LoadResult
from empathic.data.registry import CLASSIFICATION_SOURCES, MULTI_TURN, SFT_SOURCES, loader
from empathic.data.sources import Location, damaged_file, is_decode_error, resolve
from empathic.data.split import (
    assign_groups,
    assign_splits,
    deduplicate,
    drop_cross_source_replies,
    enforce_reply_splits,
    hash_unit,
    split_for,
)
from empathic.data.stats import classification_split_stats, sft_split_stats
from empathic.data.tokens import TokenCounter, fit_to_length, load_counter
from empathic.durable import run_lock, staged_folder
from empathic.durable.folders import check_folder_target, check_replaceable
from empathic.errors import UserError
from empathic.io import write_json

log = logging.getLogger(__name__)


def _locations(config: DataConfig, data_dir: Path | None) -> dict[str, Location]:
    """Resolve every enabled source first, so a bad path fails before any slow work."""
    out = {}
    for name in config.enabled():
        module = loader(name)
        out[name] = resolve(
            name, config.sources[name].path, data_dir, module.DIR_NAMES, module.HUB_ID, module.HUB_CONFIG
        )
    return out


# Drop reasons that mean "the row could not be read", as opposed to curation (duplicates, length...).
BROKEN_ROW_REASONS = frozenset({"bad_json", "malformed_row", "not_an_object", "wrong_type"})


def _write_jsonl(path: Path, records: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for record in records:
            handle.write(dumps(record) + "\n")


def _with_scores(record: dict[str, Any], example: Example, scores: dict[str, dict]) -> dict[str, Any]:
    """The row plus its curation scores (`empathy`), when curation ran; repeats (`#r1`) share their original's."""
    got = scores.get(example.id.split("#r")[0])
    return record if got is None else {**record, "empathy": got}


def respected_given_splits(config: DataConfig, given: dict[str, list[str | None]]) -> frozenset[str]:
    """Sources whose given splits are used: allowed by config and really split (a lone train
    file, or no split at all, is split by hash instead, so valid/test are never empty by accident)."""
    return frozenset(
        name
        for name, splits in given.items()
        if name in GIVEN_SPLIT_SOURCES
        and config.sources[name].use_given_split
        and len({s for s in splits if s is not None}) >= 2
    )


def prepare_sft(
    config: DataConfig,
    results: dict[str, LoadResult],
    ledgers: dict[str, Ledger],
    token_counter: TokenCounter,
    data_dir: Path | None = None,
    predictor=None,
) -> tuple[dict[str, list[Example]], dict[str, Any]]:
    """Everything between loading and writing for the chat (SFT) sources. With curation on,
    `mix_info["curation"]` holds its stats and per-example scores; `predictor(texts)` replaces the
    curation scorer (tests pass a fake one)."""
    names = [n for n in SFT_SOURCES if n in results]
    examples: list[Example] = []
    for name in names:
        for example in results[name].examples:
            if len(example.messages) < 2:
                ledgers[name].drop("no_complete_exchange", example.id)
            else:
                examples.append(example)
    if "counsel_chat" in results and "mhcc" in results:
        examples = drop_cross_source_replies(
            examples, results["counsel_chat"].reply_keys, "mhcc", "duplicate_of_counsel_chat", ledgers["mhcc"]
        )
    assign_groups(examples)
    respect = respected_given_splits(
        config, {n: [e.given_split for e in examples if e.source == n] for n in names}
    )
    for name in names:
        ledgers[name].given_split_respected = name in respect
    assign_splits(examples, config.splits, config.seed, respect)
    examples = deduplicate(examples, ledgers, MULTI_TURN, names)
    examples = enforce_reply_splits(examples, ledgers)
    examples = fit_to_length(
        examples, token_counter, config.max_tokens, config.system_prompt, ledgers, MULTI_TURN
    )
    # Trimming and windowing can leave two pieces identical; keep one.
    examples = deduplicate(examples, ledgers, MULTI_TURN, names)
    curation: dict[str, Any] = {}
    if config.curation.enabled:
        from empathic.data.curate import curate, default_predictor

        predict = predictor or default_predictor(config.curation, data_dir)
        examples, scores, curation = curate(examples, config.curation, ledgers, predict)
        curation["scores"] = {e.id: scores[e.id].as_record() for e in examples}
    by_split: dict[str, dict[str, list[Example]]] = {s: {n: [] for n in names} for s in SPLITS}
    for example in examples:
        by_split[example.split][example.source].append(example)
    chosen, mix_info = mix(
        by_split,
        caps={n: config.sources[n].cap for n in names},
        weights={n: config.sources[n].weight for n in names},
        alpha=config.alpha,
        target_total=config.target_total,
        seed=config.seed,
        eval_mix=config.eval_mix,
        max_repeat=config.max_repeat,
    )
    ordered = {split: seeded_order(chosen[split], config.seed, f"write-{split}") for split in SPLITS}
    if curation:
        mix_info = {**mix_info, "curation": curation}
    return ordered, mix_info


def prepare_classification(
    config: DataConfig, name: str, rows: list[ClassificationRow], ledger: Ledger
) -> dict[str, list[ClassificationRow]]:
    """GoEmotions: split (given, else by comment id), de-duplicate texts, cap train."""
    from empathic.data.clean import normalise_key

    source = config.sources[name]
    respect = name in respected_given_splits(config, {name: [r.given_split for r in rows]})
    ledger.given_split_respected = respect
    for row in rows:
        given = row.given_split if respect else None
        row.split = given or split_for(config.seed, f"{name}:{row.id}", config.splits)
    seen_exact: set[str] = set()
    seen_norm: set[str] = set()
    kept: list[ClassificationRow] = []
    # The most held-out copy of a text is the one kept, so the same comment never crosses splits.
    for row in sorted(rows, key=lambda r: (SPLIT_PRIORITY[r.split], r.order)):
        norm = normalise_key(row.text)
        if row.text in seen_exact:
            ledger.drop("duplicate_exact", f"{name}:{row.id}")
        elif norm in seen_norm:
            ledger.drop("duplicate_normalised", f"{name}:{row.id}")
        else:
            seen_exact.add(row.text)
            if norm:  # emoticon-only texts (":((") normalise to nothing: exact match only
                seen_norm.add(norm)
            kept.append(row)
    out = {split: sorted((r for r in kept if r.split == split), key=lambda r: r.order) for split in SPLITS}
    if source.cap is not None and len(out["train"]) > source.cap:
        keep = {
            id(r)
            for r in sorted(out["train"], key=lambda r: (hash_unit(config.seed, f"cap:{r.id}"), r.id))[
                : source.cap
            ]
        }
        out["train"] = [r for r in out["train"] if id(r) in keep]
    return out


def prepare(
    config: DataConfig,
    data_dir: Path | None,
    out: Path,
    token_counter: TokenCounter | None = None,
    description: Path | None = None,
    command: str | None = None,
    predictor=None,
) -> dict[str, Any]:
    """Write OUT/{train,valid,test}.jsonl, OUT/classification/*.jsonl and OUT/stats.json; return the stats.

    `token_counter` counts a message list's tokens after chat templating; None loads
    `config.tokenizer`. `description` (optional) also writes the markdown data description;
    `command` is recorded in both so the reader knows how to regenerate them.
    The whole output is written into a hidden sibling of OUT and swapped in at the end, with OUT
    locked meanwhile (empathic.durable): a kill leaves the old OUT or the new one, never a mix.
    """
    out = Path(out)
    check_folder_target(out)
    check_replaceable(out, ("stats.json",))  # before the slow work, not after it
    with run_lock(out):
        return _prepare_locked(config, data_dir, out, token_counter, description, command, predictor)


def _load_source(name: str, location: Location, config: DataConfig, ledger: Ledger) -> Any:
    """One source's rows; a file that cannot be decoded is a UserError naming it (and the line, for text)."""
    try:
        return loader(name).load(location, config.sources[name].options, ledger)
    except Exception as err:
        if not is_decode_error(err):
            raise
        raise UserError(f"{name}: {damaged_file(location, err)}") from None


def _check_loaded(name: str, loaded: Any, location: Location, ledger: Ledger) -> None:
    """A source that yields nothing usable is an error, not a silent 'train 0'."""
    rows = loaded if isinstance(loaded, list) else loaded.examples
    if rows:
        return
    reasons = ", ".join(f"{r} {n}" for r, n in ledger.dropped.most_common(3))
    detail = f"{ledger.read} rows read, all dropped ({reasons})" if ledger.read else "no data rows (only a header?)"
    raise UserError(f"{name}: no usable rows in {location.describe()}: {detail}; "
                    f"check the file, or disable the source with --set sources.{name}.enabled=false")


def _prepare_locked(
    config: DataConfig,
    data_dir: Path | None,
    out: Path,
    token_counter: TokenCounter | None,
    description: Path | None,
    command: str | None,
    predictor=None,
) -> dict[str, Any]:
    started = time.perf_counter()
    tokenizer_seconds = 0.0
    data_dir = Path(data_dir) if data_dir is not None else None
    enabled = config.enabled()
    if not enabled:
        raise UserError("no source is enabled; enable at least one under `sources:` in the data config")
    locations = _locations(config, data_dir)
    ledgers = {name: Ledger() for name in enabled}
    results: dict[str, LoadResult] = {}
    classification: dict[str, list[ClassificationRow]] = {}
    for name in enabled:
        log.debug("loading %s from %s", name, locations[name].describe())
        loaded = _load_source(name, locations[name], config, ledgers[name])
        _check_loaded(name, loaded, locations[name], ledgers[name])
        if name in CLASSIFICATION_SOURCES:
            classification[name] = loaded
        else:
            results[name] = loaded
    splits: dict[str, list[Example]] = {s: [] for s in SPLITS}
    mix_info: dict[str, Any] = {}
    if results:
        counter = token_counter
        if counter is None:
            loading = time.perf_counter()
            counter = load_counter(config.tokenizer)
            tokenizer_seconds = time.perf_counter() - loading
            log.info("token counter %s loaded in %.1f s", config.tokenizer, tokenizer_seconds)
        splits, mix_info = prepare_sft(config, results, ledgers, counter, data_dir, predictor)
        if not splits["train"]:
            raise UserError("no training conversation is left after cleaning, de-duplication and the length "
                            f"limit (max_tokens={config.max_tokens}); see the drop counts with -v, or raise max_tokens")
    class_splits = {name: prepare_classification(config, name, rows, ledgers[name])
                    for name, rows in classification.items()}
    curation = mix_info.pop("curation", None)  # empathy-aware selection (empathic/data/curate.py)
    scores = curation.pop("scores") if curation else {}
    stats = build_stats(config, data_dir, locations, ledgers, splits, mix_info, class_splits, token_counter)
    if curation is not None:
        stats["curation"] = curation
    if command is not None:
        stats = {"command": command, **stats}
    # stats.json: outputs written before the COMPLETE marker existed are ours to replace too.
    with staged_folder(out, replaces=("stats.json",), command=command) as work:
        for split in SPLITS:
            _write_jsonl(work / f"{split}.jsonl",
                         [_with_scores(sft_record(e, config.system_prompt), e, scores) for e in splits[split]])
        for name in class_splits:
            for split in SPLITS:
                _write_jsonl(
                    work / "classification" / f"{name}.{split}.jsonl",
                    [classification_record(r, name) for r in class_splits[name][split]],
                )
        write_json(work / "stats.json", stats)
    if description is not None:
        from empathic.data.describe import write_description

        write_description(stats, Path(description))
    log.info(
        "wrote %s: train %d, valid %d, test %d examples in %.1f s (%.1f s without loading the tokenizer)",
        out, len(splits["train"]), len(splits["valid"]), len(splits["test"]),
        time.perf_counter() - started, time.perf_counter() - started - tokenizer_seconds,
    )  # fmt: skip
    return stats


def broken_rows(stats: dict[str, Any]) -> list[str]:
    """One console line per source that skipped unreadable rows (they are otherwise only in stats.json)."""
    lines = []
    for name, entry in stats["sources"].items():
        broken = {r: d for r, d in entry["dropped"].items() if r in BROKEN_ROW_REASONS}
        if broken:
            total = sum(d["count"] for d in broken.values())
            first = next(iter(broken.values()))["example_id"]
            kinds = ", ".join(f"{r} {d['count']}" for r, d in broken.items())
            lines.append(f"warning: {name}: skipped {total} unreadable row(s) ({kinds}; first: {first})")
    return lines


def build_stats(
    config: DataConfig,
    data_dir: Path | None,
    locations: dict[str, Location],
    ledgers: dict[str, Ledger],
    splits: dict[str, list[Example]],
    mix_info: dict[str, Any],
    class_splits: dict[str, dict[str, list[ClassificationRow]]],
    token_counter: TokenCounter | None,
) -> dict[str, Any]:
    """Deterministic (no timings, no absolute paths beyond what the user passed)."""
    counter_name = (
        config.tokenizer
        if token_counter is None
        else getattr(token_counter, "__name__", type(token_counter).__name__)
    )
    sources: dict[str, Any] = {}
    for name in config.enabled():
        entry: dict[str, Any] = {
            "task": "classification" if name in CLASSIFICATION_SOURCES else "sft",
            "license": loader(name).LICENSE,
            "location": locations[name].describe(),
            **ledgers[name].as_dict(),
        }
        if name in class_splits:
            entry["written"] = {s: len(class_splits[name][s]) for s in SPLITS}
        else:
            entry["kept_before_mix"] = {s: mix_info.get(name, {}).get(f"{s}_available", 0) for s in SPLITS}
            entry["written"] = {s: sum(e.source == name for e in splits[s]) for s in SPLITS}
        sources[name] = entry
    return {
        "data_dir": None if data_dir is None else str(data_dir),
        "token_counter": counter_name,
        "config": config.to_dict(),
        "sources": sources,
        "mix": mix_info,
        "splits": {s: sft_split_stats(splits[s]) for s in SPLITS},
        "classification": {
            name: {s: classification_split_stats(per_split[s]) for s in SPLITS}
            for name, per_split in class_splits.items()
        },
    }
