"""Training data for a recipe: the prepared splits, a seeded subset, and conversations as the template wants them.

One copy of these rules, used by plain SFT, the multitask trainer and the experiments.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from empathic.errors import UserError
from empathic.io import iter_jsonl, read_jsonl
from empathic.training.run_folder import RunFolder

if TYPE_CHECKING:
    from datasets import Dataset

    from empathic.training.recipe import Recipe

log = logging.getLogger(__name__)

SPLITS = ("train", "valid", "test")
ROLES = ("system", "user", "assistant")
GOEMOTIONS_SOURCE = "goemotions"


def resolve_path(value: str, recipe: Recipe) -> Path:
    """A path from the recipe: relative to the working directory, else to the recipe file's folder."""
    path = Path(value).expanduser()
    if path.exists() or path.is_absolute() or not recipe.source:
        return path
    # Recipes name repo paths (finetuning/configs/data.yaml): also try from the recipe's ancestors.
    for folder in list(Path(recipe.source).resolve().parents)[:4]:
        if (folder / path).exists():
            return folder / path
    return path


def data_folder(recipe: Recipe, tokenizer: Any, resume: bool, *, stage: bool = False) -> Path:
    """Folder with {train,valid,test}.jsonl: the recipe's prepared folder, or prepared now into the run
    (with `stage`, beside it: `empathic train` moves it in once start-up has succeeded)."""
    script = recipe.script
    if script.data_prepared:
        folder = resolve_path(script.data_prepared, recipe)
        if not (folder / "train.jsonl").is_file():
            raise UserError(
                f"data_prepared: {folder} has no train.jsonl; run `empathic data prepare --out {folder}` first "
                "or point data_prepared at its output folder"
            )
        return folder
    if not script.data_config:
        raise UserError(
            "the recipe names no data: set data_prepared (a folder written by `empathic data prepare`) "
            "or data_config (a data recipe, with data_dir for the source datasets)"
        )
    run = recipe.run_folder
    if resume and (run.data / "train.jsonl").is_file():
        return run.data  # same data as the interrupted run, not a fresh preparation
    return prepare_data(recipe, tokenizer, run.staged_data() if stage else run.data)


def prepare_data(recipe: Recipe, tokenizer: Any, out: Path) -> Path:
    """Run the data pipeline for the recipe's data_config into `out`, counting tokens with `tokenizer`."""
    from empathic.data import load_config, prepare
    from empathic.data.tokens import TokenizerCounter

    script = recipe.script
    if not script.data_config:
        raise UserError("the recipe has no data_config to prepare data from; set data_config or data_prepared")
    overrides = list(script.data_overrides)
    if recipe.training.max_length and not any(o.startswith("max_tokens=") for o in overrides):
        # The pipeline drops or windows over-long conversations; TRL would cut them mid-reply instead.
        overrides.append(f"max_tokens={recipe.training.max_length}")
    data_config = load_config(resolve_path(script.data_config, recipe), overrides)
    data_dir = Path(script.data_dir).expanduser() if script.data_dir else None
    if data_dir is not None and not data_dir.is_dir():
        raise UserError(
            f"data_dir: {data_dir} is not a folder; pass the folder of the source datasets, "
            "or --set data_dir=null to load them from the Hub"
        )
    log.info("preparing data from %s into %s", script.data_config, out)
    prepare(data_config, data_dir, out, TokenizerCounter(tokenizer))
    return out


def seeded_subset(records: list[dict], limit: int | None, seed: int) -> list[dict]:
    """A seeded random subset in the file's order (the trainer shuffles anyway)."""
    if limit is None or limit >= len(records):
        return records
    keep = sorted(random.Random(seed).sample(range(len(records)), limit))
    return [records[i] for i in keep]


def check_record(record: Any, path: Path, line: int) -> None:
    """A prepared row must be a conversation TRL can train on; else a UserError naming file and line."""
    where = f"{path} line {line}"
    messages = record.get("messages") if isinstance(record, dict) else None
    if not isinstance(messages, list) or not messages:
        raise UserError(f"{where} has no `messages` list; expected the `empathic data prepare` format")
    for message in messages:
        if not isinstance(message, dict) or message.get("role") not in ROLES or not isinstance(message.get("content"), str):
            raise UserError(f"{where}: every message needs a role ({', '.join(ROLES)}) and a text content")
    if not any(m["role"] == "assistant" and m["content"].strip() for m in messages):
        raise UserError(f"{where} has no assistant reply to learn from (user-only conversation); "
                        "drop the row or prepare the data again")


def load_splits(folder: Path, recipe: Recipe) -> dict[str, list[dict]]:
    """train/valid/test records of a prepared folder, each capped by the recipe's max_*_examples."""
    script, seed = recipe.script, recipe.training.seed
    limits = {"train": script.max_train_examples, "valid": script.max_eval_examples, "test": script.max_test_examples}
    splits = {}
    for split in SPLITS:
        path = folder / f"{split}.jsonl"
        records = []
        for line, record in iter_jsonl(path) if path.is_file() else ():
            check_record(record, path, line)
            records.append(record)
        splits[split] = seeded_subset(records, limits[split], seed)
    if not splits["train"]:
        raise UserError(f"{folder / 'train.jsonl'} is empty; prepare data with at least one training conversation")
    return splits


def classification_path(folder: str | Path, split: str) -> Path:
    """GoEmotions rows of a split as written by `empathic data prepare` (OUT/classification/...)."""
    folder = Path(folder)
    name = f"{GOEMOTIONS_SOURCE}.{split}.jsonl"
    for candidate in (folder / name, folder / RunFolder.CLASSIFICATION / name):
        if candidate.is_file():
            return candidate
    raise UserError(
        f"no {name} in {folder} (or its {RunFolder.CLASSIFICATION}/ folder); prepare the data "
        "with the goemotions source enabled, or set heads.classification: false"
    )


def read_classification(folder: str | Path, split: str, limit: int | None = None, seed: int = 0) -> list[dict]:
    """GoEmotions rows {text, labels}, optionally a seeded subset (kept in file order)."""
    return seeded_subset(read_jsonl(classification_path(folder, split)), limit, seed)


def chat_family(recipe: Recipe, tokenizer: Any) -> str:
    """The chat-template family the run renders with: the recipe's, else detected from the tokenizer."""
    from empathic.modeling.templates import detect_family

    return recipe.script.chat_template_family or detect_family(tokenizer)


def chat_messages(record: dict, family: str, system_prompt: str | None) -> list[dict]:
    """Messages as the template expects them: optional system prompt, folded for Gemma."""
    from empathic.modeling.templates import prepare_messages

    messages = [{"role": m["role"], "content": m["content"]} for m in record["messages"]]
    if system_prompt and messages[0]["role"] != "system":
        messages = [{"role": "system", "content": system_prompt}, *messages]
    return prepare_messages(messages, family)


def to_dataset(records: list[dict], family: str, system_prompt: str | None) -> Dataset:
    """Records as a `messages` dataset, the conversational format TRL's SFTTrainer tokenizes."""
    from datasets import Dataset

    return Dataset.from_list([{"messages": chat_messages(r, family, system_prompt)} for r in records])


@dataclass(frozen=True)
class TrainData:
    """What a run trains and evaluates on: the prepared folder, its capped splits, GoEmotions rows."""

    folder: Path
    records: dict[str, list[dict]]
    classification: list[dict]


def load_training_data(recipe: Recipe, tokenizer: Any, resume: bool, *, stage: bool = False) -> TrainData:
    """The recipe's data (prepared into the run folder when it names a data_config), checked and logged."""
    folder = data_folder(recipe, tokenizer, resume, stage=stage)
    records = load_splits(folder, recipe)
    log.info("data from %s: %d train, %d valid, %d test conversations",
             folder, len(records["train"]), len(records["valid"]), len(records["test"]))
    strategy = recipe.training.eval_strategy
    if not records["valid"] and strategy != "no":
        raise UserError(f"{folder} has no valid.jsonl but eval_strategy is {getattr(strategy, 'value', strategy)}; "
                        "add a validation split or set eval_strategy: 'no'")
    heads = recipe.heads
    rows: list[dict] = []
    if heads.enabled and heads.use_classification:
        where = (resolve_path(heads.classification_data, recipe) if heads.classification_data
                 else folder / RunFolder.CLASSIFICATION)
        rows = read_classification(where, "train", heads.max_classification_examples, recipe.training.seed)
    return TrainData(folder, records, rows)
