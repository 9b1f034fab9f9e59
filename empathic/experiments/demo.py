"""`make demo`: train the offline default model on CPU, then show base vs tuned replies side by side.

    python -m empathic.experiments.demo [--data-dir ../shared/data] [--out runs/demo] [--set key=value ...]

With --data-dir (a folder holding the source datasets) the run uses the project's real data mix;
without it, the ~70 supportive conversations written for this project and shipped in
`empathic/resources/sample_conversations.jsonl`. The recipe is
`finetuning/configs/smollm2-135m-cpu.yaml`, sized to finish well under 15 minutes on 2 CPU cores.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sys
import time
from importlib import resources
from pathlib import Path

from empathic.errors import UserError
from empathic.io import write_jsonl
from empathic.modeling.loading import DEFAULT_ADAPTER

log = logging.getLogger("empathic.experiments.demo")

REPO = Path(__file__).resolve().parents[2]
DEFAULT_CONFIG = REPO / "finetuning" / "configs" / "smollm2-135m-cpu.yaml"
SAMPLE_SPLIT = {"train": 0.8, "valid": 0.1, "test": 0.1}
# The sample is small: a few passes over it instead of one (the real mix gets one epoch).
SAMPLE_OVERRIDES = ["num_train_epochs=3", "eval_steps=10", "save_steps=10", "logging_steps=2"]


def sample_conversations() -> list[dict]:
    text = resources.files("empathic").joinpath("resources/sample_conversations.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _split_of(group: str) -> str:
    """Stable split from a hash of the conversation's group id."""
    unit = int(hashlib.sha256(group.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "train" if unit < SAMPLE_SPLIT["train"] else "valid" if unit < 1 - SAMPLE_SPLIT["test"] else "test"


def write_sample_split(out: Path) -> Path:
    """Split the shipped sample into out/{train,valid,test}.jsonl (the `empathic data prepare` format)."""
    out.mkdir(parents=True, exist_ok=True)
    splits: dict[str, list[dict]] = {name: [] for name in SAMPLE_SPLIT}
    for record in sample_conversations():
        splits[_split_of(record["group"])].append(record)
    for name, records in splits.items():
        write_jsonl(out / f"{name}.jsonl", records)
    return out


def _data_overrides(data_dir: Path | None, sample_dir: Path) -> list[str]:
    if data_dir is not None:
        if not data_dir.is_dir():
            raise UserError(f"--data-dir {data_dir} is not a folder; pass the source datasets folder or omit it")
        return [f"data_dir={data_dir}"]
    log.info("no --data-dir: training on the %d sample conversations shipped with empathic", len(sample_conversations()))
    return [f"data_prepared={write_sample_split(sample_dir)}", *SAMPLE_OVERRIDES]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m empathic.experiments.demo", description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="source datasets folder (e.g. ../shared/data); else the shipped sample")
    parser.add_argument("--out", default=DEFAULT_ADAPTER, help=f"run folder (default {DEFAULT_ADAPTER})")
    parser.add_argument("--config", default=str(DEFAULT_CONFIG), help="training recipe")
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--max-new-tokens", type=int, default=160, help="budget for each side-by-side reply")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        return _demo(args)
    except UserError as err:
        print(f"demo: error: {err}", file=sys.stderr)
        return 2


def _demo(args: argparse.Namespace) -> int:
    from empathic.chat.compare import base_and_tuned_replies, side_by_side
    from empathic.modeling.loading import cache_dir, load_model_and_tokenizer
    from empathic.training.recipe import load_recipe
    from empathic.training.sft import train

    started = time.perf_counter()
    out = Path(args.out)
    overrides = [f"output_dir={out}", *_data_overrides(args.data_dir, cache_dir() / "demo" / "sample-data")]
    recipe = load_recipe(args.config, overrides + list(args.overrides))
    result = train(recipe, overwrite=True)
    for line in result.summary_lines():
        print(line)

    prompts = list(recipe.script.demo_prompts)
    model, tokenizer = load_model_and_tokenizer(None, out)
    conversations = [[{"role": "user", "content": p}] for p in prompts]
    base, tuned = base_and_tuned_replies(model, tokenizer, conversations, args.max_new_tokens)
    print()
    print(f"Base {recipe.model.model_name_or_path} vs tuned adapter ({out}), greedy decoding:")
    print(side_by_side(prompts, base, tuned))
    print()
    print(f"demo finished in {time.perf_counter() - started:.0f}s. Run folder: {out} (README.md, metrics.json, loss_curve.png)")
    print("Chat with the tuned model:")
    print(f"  empathic chat --adapter {out}        (or: python Inference/inference.py)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
