"""`empathic merge RUN --out DIR`: fold a LoRA adapter into a 16/32-bit copy of its base model.

Merging into 4-bit weights would round the LoRA update away (and PEFT can only approximate it), so
the base is always reloaded unquantized, even when the run trained on a 4-bit (QLoRA) base.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from empathic.errors import UserError
from empathic.io import read_yaml
from empathic.training.run_folder import RunFolder

log = logging.getLogger(__name__)

DTYPES = ("float32", "float16", "bfloat16")


def add_arguments(parser: Any) -> None:
    parser.add_argument("run", help="run folder (or adapter folder) written by `empathic train`")
    parser.add_argument("--out", required=True, help="folder for the standalone merged model + tokenizer")
    parser.add_argument("--base", help="base model (default: the one recorded in the adapter)")
    parser.add_argument(
        "--dtype", choices=DTYPES, default="float32",
        help="precision of the merged weights (default float32: exact; float16/bfloat16 halve the size)",
    )


def run(args: Any) -> int:
    out = merge(args.run, args.out, base=args.base, dtype=args.dtype)
    print(f"merged model written to {out}")
    print(f"load it with AutoModelForCausalLM.from_pretrained({str(out)!r}) — no PEFT needed")
    return 0


def _trained_in_4bit(run_dir: Path) -> bool:
    """Whether the run's recipe asked for a 4-bit base (its config.yaml, written by `empathic train`)."""
    config = RunFolder(run_dir).config
    if not config.is_file():
        return False
    values = read_yaml(config) or {}
    return bool(values.get("load_in_4bit") or values.get("load_in_8bit"))


def merge(run: str | Path, out: str | Path, *, base: str | None = None, dtype: str = "float32") -> Path:
    """Reload the base unquantized in `dtype`, apply the adapter, merge, save model + tokenizer."""
    import torch

    from empathic.durable import run_lock, staged_folder
    from empathic.durable.folders import check_folder_target
    from empathic.modeling.loading import (
        adapter_base,
        configure_generation_stop,
        load_adapter,
        load_model,
        load_tokenizer,
    )

    run_dir, out = Path(run), Path(out)
    folder = RunFolder(run_dir)
    check_finished_adapter(folder)
    if dtype not in DTYPES:
        raise UserError(f"--dtype must be one of {DTYPES}, got {dtype!r}")
    check_folder_target(out)
    if out.exists() and any(out.iterdir()):
        raise UserError(f"{out} exists and is not empty; pass a new folder to --out")
    base = base or adapter_base(run_dir)
    if _trained_in_4bit(run_dir):
        log.warning(
            "this run trained on a 4-bit base; merging into a %s copy of %s instead "
            "(merging into 4-bit weights would lose the adapter's precision)", dtype, base,
        )
    with run_lock(out), staged_folder(out, merged_from=str(run_dir), base=str(base)) as work:
        model = load_model(base, dtype=getattr(torch, dtype), load_in_4bit=False)
        model = load_adapter(model, run_dir, base)
        merged = model.merge_and_unload()
        tokenizer = load_tokenizer(run_dir if folder.tokenizer_config.is_file() else base)
        configure_generation_stop(merged, tokenizer)  # the merged model stops on end-of-turn by itself
        merged.config._name_or_path = str(out)
        merged.save_pretrained(work)
        tokenizer.save_pretrained(work)
    return out


def check_finished_adapter(folder: RunFolder) -> None:
    """A run folder to read must hold a finished run (or be a plain adapter folder); one-line errors otherwise."""
    import json

    if not folder.has_adapter():
        unfinished = folder.config.is_file() or folder.checkpoints()
        hint = f"; it holds an unfinished run: finish it with `empathic train --config {folder.config} --resume`" \
            if unfinished else "; pass a run folder written by `empathic train`"
        if folder.replaced.is_dir():
            hint += f" (the previous finished run is in {folder.replaced})"
        raise UserError(f"{folder.path} has no {RunFolder.ADAPTER_CONFIG}{hint}")
    if folder.config.is_file() and not folder.is_finished():
        raise UserError(f"{folder.path} holds an unfinished run (no COMPLETE marker); finish it with "
                        f"`empathic train --config {folder.config} --resume`")
    try:
        json.loads(folder.adapter_config.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise UserError(f"{folder.adapter_config} is damaged ({type(err).__name__}: "
                        f"{str(err).splitlines()[0][:120]}); train the run again or restore the file") from None
