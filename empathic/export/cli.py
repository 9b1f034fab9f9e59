"""`empathic export gguf RUN --out DIR [--type f16|q8_0]`: a GGUF file plus an Ollama Modelfile for a trained run.

The adapter is merged into a float16 copy of the base (never into 4-bit weights: a QLoRA run's base
is reloaded unquantized, as `empathic merge` does), converted by `empathic.export.to_gguf`, and
described by a Modelfile whose template, stops and system prompt match training.
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from empathic.errors import UserError

# Licences of bases we can name offline; otherwise the base folder's model card front matter is read.
KNOWN_BASE_LICENSES = {"HuggingFaceTB/SmolLM2-135M-Instruct": "apache-2.0"}


def add_arguments(parser: Any) -> None:
    sub = parser.add_subparsers(dest="format", metavar="FORMAT", required=True)
    gguf = sub.add_parser("gguf", help="merged model as GGUF (llama.cpp) + Ollama Modelfile")
    gguf.add_argument("run", help="run folder written by `empathic train` (holds the adapter)")
    gguf.add_argument("--out", required=True, help="new folder for the .gguf file and the Modelfile")
    gguf.add_argument("--type", dest="file_type", choices=("f16", "q8_0"), default="f16",
                      help="weight format: f16 (exact copy of the 16-bit merge) or q8_0 (about half the size)")
    gguf.add_argument("--base", help="base model (default: the one recorded in the adapter)")


def run(args: Any) -> int:
    result = export_gguf(args.run, args.out, file_type=args.file_type, base=args.base)
    size = result.gguf.stat().st_size / 2**20
    print(f"GGUF: {result.gguf} ({size:.0f} MiB, {args.file_type})")
    print(f"Ollama Modelfile: {result.modelfile}")
    print(f"  ollama create NAME -f {result.modelfile}  &&  ollama run NAME")
    return 0


@dataclass(frozen=True)
class ExportResult:
    gguf: Path
    modelfile: Path


def _run_recipe(run_dir: Path) -> dict[str, Any]:
    import yaml

    config = run_dir / "config.yaml"
    return (yaml.safe_load(config.read_text()) or {}) if config.is_file() else {}


def _base_license(base: str) -> str:
    from empathic.modeling.loading import DEFAULT_BASE, SMOLLM2_CONVERTED, resolve_model

    if Path(base).name == SMOLLM2_CONVERTED:  # the offline copy of the default model, named by its folder
        base = DEFAULT_BASE
    if base in KNOWN_BASE_LICENSES:
        return KNOWN_BASE_LICENSES[base]

    try:
        card = resolve_model(base) / "README.md"
    except UserError:
        return "unknown (check the base model's license)"
    match = re.search(r"^license:\s*(\S+)", card.read_text(encoding="utf-8"), re.M) if card.is_file() else None
    return match.group(1) if match else "unknown (check the base model's license)"


def license_text(run_dir: Path, base: str) -> str:
    """Base model licence plus the training data's terms (several sources are non-commercial)."""
    from empathic.training.publish import SOURCE_LICENSES

    lines = [f"Base model {base}: {_base_license(base)}."]
    metrics = run_dir / "metrics.json"
    sources = json.loads(metrics.read_text()).get("data", {}).get("train_by_source", {}) if metrics.is_file() else {}
    if sources:
        lines.append("Fine-tuned with a LoRA adapter on data under these terms (the strictest applies):")
        lines += [f"- {SOURCE_LICENSES.get(s, f'{s}: see its source')}" for s in sources]
    else:
        lines.append("Fine-tuning data: not recorded in the run folder; check its terms before sharing this model.")
    lines.append("Not a therapist, crisis service or medical device.")
    return "\n".join(lines)


def export_gguf(run: str | Path, out: str | Path, *, file_type: str = "f16", base: str | None = None) -> ExportResult:
    """Merge RUN's adapter in float16, write OUT/<run>-<type>.gguf and OUT/Modelfile.

    Like every empathic output folder, OUT is written beside itself and swapped in whole with a
    COMPLETE marker (empathic.durable), so a killed export never leaves a half-written GGUF behind.
    """
    from transformers import AutoTokenizer

    from empathic.durable import run_lock, staged_folder
    from empathic.durable.folders import check_folder_target
    from empathic.export.modelfile import build_modelfile
    from empathic.export.to_gguf import write_gguf
    from empathic.modeling.loading import adapter_base
    from empathic.modeling.templates import END_OF_TURN, TURN_OPENERS, detect_family
    from empathic.training.merge import check_finished_adapter, merge
    from empathic.training.run_folder import RunFolder

    run_dir, out = Path(run), Path(out)
    check_finished_adapter(RunFolder(run_dir))
    check_folder_target(out)
    if out.exists() and any(out.iterdir()):
        raise UserError(f"{out} exists and is not empty; pass a new folder to --out")
    base = base or adapter_base(run_dir)
    recipe = _run_recipe(run_dir)
    name = f"{run_dir.resolve().name}-{file_type}"
    with run_lock(out), staged_folder(out, exported_from=str(run_dir), base=str(base), file_type=file_type) as work, \
            tempfile.TemporaryDirectory(prefix=f".{out.name}.merge-", dir=out.parent) as tmp:
        merged = merge(run_dir, Path(tmp) / "merged", base=base, dtype="float16")
        tokenizer = AutoTokenizer.from_pretrained(merged)
        family = recipe.get("chat_template_family") or detect_family(tokenizer)
        write_gguf(merged, work / f"{name}.gguf", file_type=file_type, name=run_dir.resolve().name,
                   eot_token=END_OF_TURN[family], license_name=_base_license(base))
        stops = [*TURN_OPENERS[family], *([tokenizer.eos_token] if tokenizer.eos_token else [])]
        modelfile = build_modelfile(f"{name}.gguf", tokenizer, family, stops, recipe.get("system_prompt"),
                                    license_text(run_dir, base))
        (work / "Modelfile").write_text(modelfile.render(), encoding="utf-8")
    return ExportResult(out / f"{name}.gguf", out / "Modelfile")
