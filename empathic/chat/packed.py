"""MKL-packed weights for the Linear layers of a model while a batched greedy decode runs.

A batch-32 decode step of SmolLM2-135M on this project's CPU is ~80% `aten::mm` of a 32-row input
against each weight (profiled in Notes/performance.md, "Generation v3"). MKL re-lays out (packs) the
right-hand matrix on every `sgemm` call; `torch.ops.mkl._mkl_linear` takes a weight packed once
(the op inductor uses for frozen CPU graphs), which cut the step's thread time by ~18% with bitwise
the same outputs as `F.linear`. The packing is for one row count (smaller batches are padded up to
it); prefill-sized inputs take the plain product, so only the decode loop uses it.

The packed copies cost as much memory as the weights and last only inside `packed_linears`; the
model is left exactly as it was (no Linear keeps a packed weight or a patched `forward`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def mkl_packing_available() -> bool:
    """Whether this torch build has the MKL packed-linear ops (x86 builds with MKL)."""
    import torch

    try:
        return bool(torch.backends.mkl.is_available()) and hasattr(torch.ops.mkl, "_mkl_linear")
    except (AttributeError, RuntimeError):
        return False


def _packable(module: Any) -> bool:
    import torch

    weight = getattr(module, "weight", None)
    return (isinstance(module, torch.nn.Linear) and weight is not None and weight.device.type == "cpu"
            and weight.dtype == torch.float32 and weight.dim() == 2)


def _packed_forward(module: Any, rows: int) -> Any:
    """A forward for `module` computing `F.linear(x, weight, bias)` from a weight packed once."""
    import torch

    weight = module.weight.detach()
    packed = torch.ops.mkl._mkl_reorder_linear_weight(weight, rows)
    bias = module.bias.detach() if module.bias is not None else None

    def forward(x: Any) -> Any:
        return packed_linear(x, packed, weight, bias, rows)

    return forward


def packed_linear(x: Any, packed: Any, weight: Any, bias: Any, rows: int) -> Any:
    """`F.linear(x, weight, bias)` from `packed` (packed for exactly `rows` input rows).

    `_mkl_linear` uses the packed weight only when the input has exactly `rows` rows and otherwise
    falls back to a plain `F.linear`; so a smaller batch (rows that finished) is padded with zero
    rows, which measured ~20% faster than the unpacked product of the real rows, bitwise the same.
    """
    import torch

    flat = x.reshape(-1, x.shape[-1])
    real = flat.shape[0]
    if real < rows:
        flat = torch.cat([flat, flat.new_zeros((rows - real, flat.shape[1]))])
    out = torch.ops.mkl._mkl_linear(flat, packed, weight, bias, rows)
    return out[:real].reshape(*x.shape[:-1], out.shape[-1])


@contextmanager
def packed_linears(model: Any, rows: int) -> Iterator[int]:
    """Every fp32 CPU `nn.Linear` of `model` computes from an MKL-packed weight inside the block.

    Yields how many layers were packed (0 when the torch build lacks the ops, or the model is on
    another device or dtype). For inference only: the packed forward keeps no autograd graph, and
    weights changed inside the block are not seen.
    """
    patched = []
    try:
        if mkl_packing_available():
            for module in model.modules():
                if _packable(module) and "forward" not in vars(module):
                    module.forward = _packed_forward(module, rows)
                    patched.append(module)
        yield len(patched)
    finally:
        for module in patched:
            del module.forward
