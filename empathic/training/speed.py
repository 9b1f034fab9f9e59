"""CPU speed-ups for LoRA SFT that keep the loss on the same tokens (measured in Notes/performance.md).

`speedup_changes` lists the SFTConfig changes (applied once, when the recipe is built);
`compact_lm_head` makes TRL apply the LM head only to positions that carry a label, and
`FastSFTTrainer` is SFTTrainer with it on. Under bf16 autocast on a CPU, `FastSFTTrainer.train` also
keeps the frozen base Linear weights in bf16 for the run (`bf16_frozen_weights`) and uses leaner
CPU tiles for TRL's head (`empathic.training.cpu_head`). `empathic bench train` measures each against
TRL's defaults.
"""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


@functools.cache
def cpu_has_bf16() -> bool:
    """True when the CPU has native bf16 dot products (AVX512-BF16 or AMX), so bf16 matmuls pay."""
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def speedup_changes(sft_args: Any, *, bf16: bool) -> tuple[dict[str, Any], list[str]]:
    """SFTConfig fields to change for CPU training, and one note per change (bf16: autocast in bf16)."""
    changes: dict[str, Any] = {}
    notes: list[str] = []
    if bf16 and not sft_args.bf16:
        # transformers refuses bf16 without a GPU unless use_cpu is set; autocast then runs on CPU.
        changes.update(bf16=True, fp16=False, use_cpu=True)
        notes.append("CPU has AVX512-BF16: bf16 autocast for training (LoRA weights and optimizer stay float32)")
    if _checkpointing(sft_args):
        # Recomputing the forward costs ~1/3 more compute; a 135M-1B model's activations fit in RAM.
        changes.update(activation_checkpointing=False)
        notes.append("activation checkpointing off on CPU (memory is plentiful; it costs a second forward)")
    strategy = getattr(sft_args, "train_sampling_strategy", None)
    if strategy is not None and str(getattr(strategy, "value", strategy)) == "random" and not sft_args.packing:
        # Batches of similar length waste less compute on padding; the examples seen per epoch are the same.
        changes.update(train_sampling_strategy="group_by_length")
        notes.append("batches grouped by length (less padding)")
    return changes, notes


def apply_speedups(sft_args: Any, *, bf16: bool | None = None) -> tuple[Any, list[str]]:
    """A copy of `sft_args` (a trl.SFTConfig) tuned for CPU training on this machine, with notes.

    `load_recipe` already applies these to `Recipe.training`; this is for configs built elsewhere
    (`empathic bench train` arms). On GPUs nothing changes; `bf16=None` means: bf16 autocast when the
    CPU has native bf16 dot products.
    """
    import dataclasses

    import torch

    if torch.cuda.is_available():
        return sft_args, []
    changes, notes = speedup_changes(sft_args, bf16=cpu_has_bf16() if bf16 is None else bf16)
    for note in notes:
        log.info("speed: %s", note)
    return (dataclasses.replace(sft_args, **changes) if changes else sft_args), notes


def _checkpointing(args: Any) -> bool:
    return bool(getattr(args, "activation_checkpointing", False) or getattr(args, "gradient_checkpointing", False))


@contextlib.contextmanager
def compact_lm_head() -> Iterator[None]:
    """Make TRL's fused LM head score only labelled positions on CPU too.

    TRL applies the LM head to every position unless it runs its Triton kernel (GPUs): its
    comment says varying shapes would recompile on Neuron. On CPU nothing recompiles, and the
    49k-vocabulary head on prompt and padding positions is wasted work. The log-probabilities of
    the labelled positions are computed by the same kernel either way, so the loss is the same.
    """
    import trl.trainer.utils as trl_utils

    original = trl_utils._use_triton
    trl_utils._use_triton = lambda device: True  # only the "compact" choice reads this name
    try:
        yield
    finally:
        trl_utils._use_triton = original


def frozen_linears(model: Any) -> list[Any]:
    """The plain `nn.Linear` modules whose float32 weight (and bias) are frozen: the LoRA base layers, the
    MLP and the LM head. Exact type: bitsandbytes' 4/8-bit layers subclass nn.Linear and must never be
    recast; LoRA's own A/B layers are trainable and stay float32."""
    import torch

    def frozen(p: Any) -> bool:
        return p is None or (p.dtype == torch.float32 and not p.requires_grad)

    return [m for m in model.modules()
            if type(m) is torch.nn.Linear and frozen(m.weight) and frozen(m.bias) and m.weight.device.type == "cpu"]


@contextlib.contextmanager
def bf16_frozen_weights(model: Any) -> Iterator[int]:
    """Frozen float32 Linear weights held as bf16 copies while the block runs; the originals come back after.

    Under CPU bf16 autocast every `F.linear` casts its float32 weight to bf16, and autocast caches the cast
    only for weights that require grad, so a frozen base is recast at EVERY forward (7 matmul weights per
    layer, ~106M values for SmolLM2-135M). Holding the bf16 copy gives the matmul the same bf16 values, so
    the forward and every gradient are bitwise those of the autocast path (tests/training/test_bf16_weights.py).
    The module's weight is replaced, not the Parameter's data: a weight tied to the input embedding (the LM
    head) keeps its float32 embedding, and so the float32 residual stream, norms and LoRA weights. Only
    for code that runs under bf16 autocast: outside it, float32 activations meet bf16 weights and `F.linear`
    raises. Yields the number of layers changed.
    """
    import torch

    layers = frozen_linears(model)
    saved = [(m, m.weight, m.bias) for m in layers]
    try:
        for m, weight, bias in saved:
            m.weight = torch.nn.Parameter(weight.detach().to(torch.bfloat16), requires_grad=False)
            if bias is not None:
                m.bias = torch.nn.Parameter(bias.detach().to(torch.bfloat16), requires_grad=False)
        yield len(saved)
    finally:
        for m, weight, bias in saved:
            m.weight, m.bias = weight, bias


# Outputs that meet a float32 tensor in an elementwise op: q/k meet RoPE's float32 cos/sin, o_proj and
# down_proj the float32 residual stream (Llama, Qwen, Mistral, Gemma naming).
PROMOTED_OUTPUTS = ("q_proj", "k_proj", "o_proj", "down_proj")


def _to_float32(module: Any, inputs: Any, output: Any) -> Any:
    import torch

    return output.float() if isinstance(output, torch.Tensor) and output.dtype == torch.bfloat16 else None


@contextlib.contextmanager
def float32_before_mixed_ops(model: Any) -> Iterator[int]:
    """bf16 projection outputs cast to float32 by an explicit cast before they meet float32 tensors.

    Under autocast, `residual(float32) + attn_out(bf16)` and RoPE's `q(bf16) * cos(float32)` promote to
    float32 inside the elementwise op, and torch's CPU path for mixed-dtype operands took several times a
    same-dtype op of that size in the profile (measured gain on a whole step: small, 1.02x median, see
    Notes/performance.md). The float32 op on the exactly-widened values gives bitwise the same forward in
    Llama-style blocks (Gemma's post-attention norms then return float32: one bf16 rounding fewer). In the backward,
    q's and k's two RoPE gradient paths are summed in float32 and rounded to bf16 once (autocast: each
    rounded, then summed in bf16), so LoRA gradients differ by bf16 rounding (tests/training/test_bf16_weights.py).
    Yields the number of modules hooked.
    """
    handles = [m.register_forward_hook(_to_float32) for name, m in model.named_modules()
               if name.rsplit(".", 1)[-1] in PROMOTED_OUTPUTS]
    try:
        yield len(handles)
    finally:
        for handle in handles:
            handle.remove()


def decoder_blocks(model: Any) -> list[Any]:
    """The model's repeated transformer blocks, by the class names transformers lists in `_no_split_modules`."""
    names: set[str] = set()
    for m in model.modules():
        names.update(getattr(m, "_no_split_modules", None) or ())
    return [m for m in model.modules() if type(m).__name__ in names]


def cpu_compiler() -> str | None:
    """The C++ compiler torch's inductor would use on a CPU ($CXX, g++ or clang++), or None."""
    import os
    import shutil

    for name in (os.environ.get("CXX"), "g++", "clang++"):
        if name and shutil.which(name):
            return name
    return None


@contextlib.contextmanager
def compiled_blocks(model: Any) -> Iterator[int]:
    """Each decoder block compiled by `torch.compile` (inductor) while the block runs; plain modules after.

    The profile of a CPU step (Notes/performance.md) spends about a quarter of its time in unfused elementwise
    work: RMSNorm, RoPE, SwiGLU, LoRA dropout, casts and residual adds and their gradients. Inductor fuses them
    into a few C++ loops per block, forward and backward; matmuls and SDPA stay the same ATen kernels. Blocks of
    one model share their code, so a few graphs are compiled (first block, requires-grad input, eval mode),
    with dynamic sequence lengths (packed batches vary in length). LoRA dropout masks are drawn by torch's own
    generator (`fallback_random`), as in the eager run: inductor's fused generator cost ~7 ms per block and
    step in the profile, several times torch's `bernoulli_`, and the masks then follow the seed as eager ones
    do. The loss agrees with the eager blocks within rounding (tests/training/test_compiled_blocks.py). Needs a
    C++ compiler; without one nothing is compiled. Yields the number of blocks compiled.
    """
    import torch

    blocks = decoder_blocks(model) if cpu_compiler() else []
    if not blocks:
        yield 0
        return
    # One code object serves every block (parameters are graph inputs), but each first call with a new input
    # signature adds an entry: leave room for them.
    import torch._inductor.config as inductor_config

    limit = torch._dynamo.config.cache_size_limit
    torch._dynamo.config.cache_size_limit = max(limit, 64)
    try:
        # Graphs are compiled at their first call, inside this block: the setting must hold while training runs.
        with inductor_config.patch(fallback_random=True):
            for block in blocks:
                block.compile(dynamic=True)
            yield len(blocks)
    finally:
        for block in blocks:
            block._compiled_call_impl = None  # what nn.Module.compile set: back to the plain forward
        torch._dynamo.config.cache_size_limit = limit


def lean_cpu_training(args: Any) -> bool:
    """Whether a run may use the bf16 frozen weights and lean head: bf16 autocast on a CPU, no GPU.

    fp16 GPUs (T4), 4-bit QLoRA and GPU runs keep TRL's path untouched."""
    import torch

    return bool(getattr(args, "bf16", False)) and not torch.cuda.is_available()


def _fast_trainer_class() -> type:
    from trl import SFTTrainer

    class FastSFTTrainer(SFTTrainer):
        """SFTTrainer whose LM head runs only on positions with a label (see `compact_lm_head`); under CPU
        bf16 autocast, `train` also holds the frozen weights in bf16 and uses the lean head tiles."""

        # Switched per arm by `empathic bench train` (recipe keys cpu_bf16_weights, cpu_lean_head,
        # cpu_widen_outputs, cpu_compile).
        bf16_weights = True
        lean_head = True
        float32_outputs = True
        compile_blocks = False

        def train(self, *args, **kwargs):
            from empathic.training.cpu_head import lean_cpu_head

            lean = lean_cpu_training(self.args)
            with contextlib.ExitStack() as stack:
                if lean and self.bf16_weights:
                    n = stack.enter_context(bf16_frozen_weights(self.model))
                    log.info("speed: %d frozen Linear weights held in bf16 while training (bf16 autocast)", n)
                if lean and self.lean_head:
                    stack.enter_context(lean_cpu_head())
                if lean and self.float32_outputs:
                    stack.enter_context(float32_before_mixed_ops(self.model))
                if lean and self.compile_blocks:
                    n = stack.enter_context(compiled_blocks(self.model))
                    log.info("speed: %d decoder blocks compiled by torch.compile for training (cpu_compile: true)%s",
                             n, "" if n else "; no C++ compiler found, so none")
                return super().train(*args, **kwargs)

        def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
            with compact_lm_head():
                return super().compute_loss(
                    model, inputs, return_outputs=return_outputs, num_items_in_batch=num_items_in_batch
                )

    return FastSFTTrainer


def __getattr__(name: str) -> Any:
    # Built lazily so importing empathic.training.speed does not import trl/torch.
    if name == "FastSFTTrainer":
        cls = _fast_trainer_class()
        globals()[name] = cls
        return cls
    raise AttributeError(name)
