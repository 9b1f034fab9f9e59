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
    from peft import PeftModel

    from empathic.modeling.loading import adapter_base, configure_generation_stop, load_model, load_tokenizer

    run_dir, out = Path(run), Path(out)
    folder = RunFolder(run_dir)
    if not folder.has_adapter():
        raise UserError(f"{run_dir} has no {RunFolder.ADAPTER_CONFIG}; pass a run folder written by `empathic train`")
    if dtype not in DTYPES:
        raise UserError(f"--dtype must be one of {DTYPES}, got {dtype!r}")
    if out.exists() and any(out.iterdir()):
        raise UserError(f"{out} exists and is not empty; pass a new folder to --out")
    base = base or adapter_base(run_dir)
    if _trained_in_4bit(run_dir):
        log.warning(
            "this run trained on a 4-bit base; merging into a %s copy of %s instead "
            "(merging into 4-bit weights would lose the adapter's precision)", dtype, base,
        )
    model = load_model(base, dtype=getattr(torch, dtype), load_in_4bit=False)
    model = PeftModel.from_pretrained(model, str(run_dir))
    merged = model.merge_and_unload()
    tokenizer = load_tokenizer(run_dir if folder.tokenizer_config.is_file() else base)
    configure_generation_stop(merged, tokenizer)  # the merged model stops on end-of-turn by itself
    merged.config._name_or_path = str(out)
    out.mkdir(parents=True, exist_ok=True)
    merged.save_pretrained(out)
    tokenizer.save_pretrained(out)
    return out
