"""Serving an adapter with vLLM on a GPU: the command, and a check that vLLM will accept the folder.

vLLM loads a PEFT LoRA folder itself (`--enable-lora --lora-modules NAME=FOLDER`) but refuses some
adapters: modules_to_save (fully trained copies of layers), DoRA, biases, a rank above
`--max-lora-rank` (default 16), and targets outside the linear layers it can swap LoRA into.
This check reads adapter_config.json and the weights' names; it does not import vLLM (untested
here: no GPU). The safety layer is NOT part of vLLM: put `empathic serve` or your own screening in front.
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path

# Linear layers vLLM applies LoRA to in the decoder families this project trains (Llama/SmolLM2,
# Qwen, Gemma); the attention and MLP projections are packed (qkv_proj, gate_up_proj) inside vLLM.
VLLM_LORA_TARGETS = frozenset({"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"})
VLLM_DEFAULT_MAX_LORA_RANK = 16
VLLM_RANKS = (1, 8, 16, 32, 64, 128, 256, 320, 512)  # values --max-lora-rank accepts


def adapter_problems(folder: str | Path, max_lora_rank: int = VLLM_DEFAULT_MAX_LORA_RANK) -> list[str]:
    """Why vLLM would refuse this adapter folder; empty when it would load it."""
    folder = Path(folder)
    config_file = folder / "adapter_config.json"
    if not config_file.is_file():
        return [f"{folder} has no adapter_config.json"]
    config = json.loads(config_file.read_text())
    problems = []
    if config.get("peft_type", "LORA") != "LORA":
        problems.append(f"peft_type is {config.get('peft_type')}; vLLM serves LoRA only")
    if config.get("modules_to_save"):
        problems.append(f"modules_to_save={config['modules_to_save']}: vLLM only supports modules_to_save being None")
    if config.get("use_dora"):
        problems.append("use_dora: vLLM does not support DoRA")
    if config.get("bias", "none") != "none":
        problems.append(f"bias={config['bias']}: vLLM does not support adapter biases")
    ranks = [int(config.get("r", 0)), *map(int, (config.get("rank_pattern") or {}).values())]
    if max(ranks) > max_lora_rank:
        problems.append(f"LoRA rank {max(ranks)} is greater than max_lora_rank {max_lora_rank}; "
                        f"pass --max-lora-rank {next(r for r in VLLM_RANKS if r >= max(ranks))}")
    targets = config.get("target_modules") or []
    if isinstance(targets, str):
        problems.append(f"target_modules is a pattern ({targets!r}); list the module names for vLLM")
    else:
        unsupported = sorted(set(targets) - VLLM_LORA_TARGETS)
        if unsupported:
            problems.append(f"target_modules {unsupported} are not layers vLLM applies LoRA to")
    weights = folder / "adapter_model.safetensors"
    if not weights.is_file():
        problems.append("no adapter_model.safetensors")
    else:
        from safetensors import safe_open

        with safe_open(str(weights), framework="pt") as f:
            extra = sorted({k.split(".")[-2] for k in f.keys() if "lora_" not in k})
        if extra:
            problems.append(f"the weights hold non-LoRA tensors ({', '.join(extra)}): vLLM loads LoRA A/B only")
    return problems


def vllm_command(base: str, adapter: str | Path, name: str = "empathic", max_lora_rank: int = 16) -> str:
    """The `vllm serve` line for base + adapter (OpenAI-compatible on port 8000; no safety layer)."""
    return " ".join(shlex.quote(part) for part in [
        "vllm", "serve", base, "--enable-lora", "--lora-modules", f"{name}={adapter}",
        "--max-lora-rank", str(max_lora_rank), "--host", "127.0.0.1", "--port", "8000",
    ])
