"""What the GPU can do, decided in one place: native bf16, the compute dtype, 4-bit by default.

`torch.cuda.is_bf16_supported()` counts emulation by default and says True on a T4 (sm_75): bf16
there is emulated (slow), and Triton kernels refuse it ("cvt.f32.bf16 requires sm_80"). Native bf16
starts at compute capability 8.0 (Ampere), so the capability decides. Gemma-2 was trained in bf16
and its activations overflow fp16 (NaN or zero loss), so on GPUs without bf16 it trains in float32;
why, with sources: Notes/decisions/train.md, "T4 precision".
"""

from __future__ import annotations

import inspect
import json
import os
from pathlib import Path
from typing import Any

NATIVE_BF16_CAPABILITY = (8, 0)
# Architectures whose activations leave fp16's range (max 65504): training them in fp16 gives NaN/zero loss.
FP16_UNSAFE_MODEL_TYPES = frozenset({"gemma2", "gemma3", "gemma3_text"})
# Below this much GPU memory (a 16 GB T4 reports ~15 GiB) inference loads the base in 4-bit by default.
SMALL_GPU_GIB = 20.0


def gpu_has_native_bf16(device: int = 0) -> bool:
    """True only where bf16 runs natively: sm_80 and newer, emulation not counted."""
    import torch

    if not torch.cuda.is_available():
        return False
    if tuple(torch.cuda.get_device_capability(device)) < NATIVE_BF16_CAPABILITY:
        return False
    check = torch.cuda.is_bf16_supported
    if "including_emulation" in inspect.signature(check).parameters:
        return bool(check(including_emulation=False))
    return bool(check())


def model_type_of(ref: str | os.PathLike | None) -> str | None:
    """The `model_type` of a local model folder (config.json), else a guess from a Hub id; no download."""
    if ref is None:
        return None
    config = Path(ref).expanduser() / "config.json"
    if config.is_file():
        try:
            model_type = json.loads(config.read_text(encoding="utf-8")).get("model_type")
        except (OSError, ValueError, AttributeError):
            model_type = None
        if isinstance(model_type, str):
            return model_type
    name = str(ref).lower().rsplit("/", 1)[-1]
    for prefix, model_type in (("gemma-2-", "gemma2"), ("gemma-3-", "gemma3")):
        if name.startswith(prefix):
            return model_type
    return None


def fp16_unsafe(model_type: str | None) -> bool:
    return model_type in FP16_UNSAFE_MODEL_TYPES


def training_compute_dtype(*, bf16: bool, model_type: str | None) -> str:
    """The dtype a GPU run computes in: bfloat16 where native, else float16 unless the model overflows it."""
    if bf16:
        return "bfloat16"
    return "float32" if fp16_unsafe(model_type) else "float16"


def cuda_compute_dtype() -> Any:
    """Inference dtype on this GPU: bf16 on sm_80+, fp16 below (T4); None without CUDA."""
    import torch

    if not torch.cuda.is_available():
        return None
    return torch.bfloat16 if gpu_has_native_bf16() else torch.float16


def gpu_memory_gib(device: int = 0) -> float | None:
    import torch

    if not torch.cuda.is_available():
        return None
    return torch.cuda.get_device_properties(device).total_memory / 2**30


def default_load_in_4bit() -> bool:
    """Inference default: 4-bit on small GPUs (a free Colab T4), full half precision on larger ones, never on
    CPU, and not without bitsandbytes (then half precision; an explicit --4bit still asks for it)."""
    import importlib.util

    memory = gpu_memory_gib()
    return memory is not None and memory < SMALL_GPU_GIB and importlib.util.find_spec("bitsandbytes") is not None
