"""One batched decode step of a Llama-architecture model, written out for `continuous_decode`.

Why not the model's own forward: at batch 32 on this project's CPU a SmolLM2-135M step is ~80%
matrix products of 32 rows against each weight, and MKL pays most for them in re-laying out
(packing) each weight on every call and in the many small calls. Here the weights are packed once
per `continuous_decode` call and the projections that share an input are one product (q|k|v, and
gate|up), which also drops the per-layer module and mask-building overhead of the generic forward.

The arithmetic is the model's: the same RMSNorm, rotary embedding, grouped-query attention (SDPA
with the padding mask) and SiLU MLP, in float32, so greedy replies match the one-at-a-time
`generate` loop (tests/chat/test_generate.py checks token for token on tiny Llamas). Greedy decoding
takes `next_tokens` (the vocabulary projection screened in bf16, rescored in fp32); sampling takes
`logits` (the full fp32 projection, which the sampling processors need). Anything this
does not cover exactly (biases, scaled RoPE, adapters, other architectures) keeps the model's forward.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from empathic.chat.vocab_screen import VocabScreen


def _config_supported(config: Any) -> bool:
    rope = getattr(config, "rope_parameters", None) or getattr(config, "rope_scaling", None) or {}
    return (
        getattr(config, "model_type", None) == "llama"
        and getattr(config, "hidden_act", None) == "silu"
        and not getattr(config, "attention_bias", False)
        and not getattr(config, "mlp_bias", False)
        and getattr(config, "pretraining_tp", 1) == 1
        and rope.get("rope_type", "default") == "default"
    )


def fast_step_supported(model: Any) -> bool:
    """Whether `LlamaStep` reproduces `model`'s forward: a plain fp32 CPU LlamaForCausalLM (no adapter)."""
    import torch

    if type(model).__name__ != "LlamaForCausalLM" or not _config_supported(model.config):
        return False
    from empathic.chat.packed import mkl_packing_available

    weight = model.lm_head.weight
    return (mkl_packing_available() and weight.device.type == "cpu" and weight.dtype == torch.float32
            and getattr(model.lm_head, "bias", None) is None)


@dataclass
class _Layer:
    norm_in: Any
    norm_post: Any
    qkv: tuple[Any, Any]  # (packed, plain) weight pairs for torch.ops.mkl._mkl_linear
    o: tuple[Any, Any]
    gate_up: tuple[Any, Any]
    down: tuple[Any, Any]


# A span of rows shares one attention call; a row joins the span unless that would make the span
# read more than this share of left-padding columns (a few calls per layer instead of one, each
# over far fewer columns once prompts of very different lengths share the batch).
SPAN_PADDING = 0.25


def attention_spans(attention_mask: Any) -> list[tuple[int, int, int]]:
    """Consecutive row ranges (a, b, first column) covering all rows: rows a..b-1 attend from `first`
    on, which is at or before each of their first real columns.

    The decode step's cost is mostly reading the KV cache, and rows are left-padded to the widest
    row of the batch: a short reply next to a 300-token prompt would read ~250 pad columns."""
    width = attention_mask.shape[1]
    starts = (attention_mask != 0).int().argmax(dim=1).tolist()
    spans: list[tuple[int, int, int]] = []
    a, first, pad = 0, starts[0], 0
    for r in range(1, len(starts)):
        lower = min(first, starts[r])
        grown = pad + (first - lower) * (r - a) + (starts[r] - lower)
        if grown > SPAN_PADDING * (r - a + 1) * (width - lower):
            spans.append((a, r, first))
            a, first, pad = r, starts[r], 0
        else:
            first, pad = lower, grown
    spans.append((a, len(starts), first))
    return spans


class LlamaStep:
    """Packed, fused weights of a Llama model and its one-token decode step over a KV cache."""

    def __init__(self, model: Any, rows: int) -> None:
        config = model.config
        self.rows = rows
        self.heads = config.num_attention_heads
        self.kv_heads = config.num_key_value_heads
        self.head_dim = getattr(config, "head_dim", None) or config.hidden_size // self.heads
        self.eps = config.rms_norm_eps
        self.embed = model.model.embed_tokens.weight.detach()
        self.norm = model.model.norm.weight.detach()
        self.inv_freq = model.model.rotary_emb.inv_freq.detach().float()
        self.scaling = float(getattr(model.model.rotary_emb, "attention_scaling", 1.0))
        self.head = self._pack(model.lm_head.weight)
        self.screen = VocabScreen(model.lm_head.weight)
        self.layers = [self._layer(layer) for layer in model.model.layers]

    def _pack(self, *weights: Any) -> tuple[Any, Any]:
        import torch

        plain = torch.cat([w.detach() for w in weights]) if len(weights) > 1 else weights[0].detach()
        return torch.ops.mkl._mkl_reorder_linear_weight(plain, self.rows), plain

    def _layer(self, layer: Any) -> _Layer:
        a, m = layer.self_attn, layer.mlp
        return _Layer(
            norm_in=layer.input_layernorm.weight.detach(), norm_post=layer.post_attention_layernorm.weight.detach(),
            qkv=self._pack(a.q_proj.weight, a.k_proj.weight, a.v_proj.weight), o=self._pack(a.o_proj.weight),
            gate_up=self._pack(m.gate_proj.weight, m.up_proj.weight), down=self._pack(m.down_proj.weight),
        )

    def _linear(self, x: Any, weight: tuple[Any, Any]) -> Any:
        """x @ weight.T through the packed weight; `x` has exactly `self.rows` rows (see `logits`)."""
        import torch

        return torch.ops.mkl._mkl_linear(x, weight[0], weight[1], None, self.rows)

    def _pad(self, x: Any) -> Any:
        import torch

        extra = self.rows - x.shape[0]
        return torch.cat([x, x.new_zeros((extra, *x.shape[1:]))]) if extra > 0 else x

    def _rms(self, x: Any, weight: Any) -> Any:
        import torch

        # LlamaRMSNorm, float32 throughout
        return weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps))

    def _rotary(self, positions: Any) -> tuple[Any, Any]:
        import torch

        freqs = positions[:, None].float() * self.inv_freq
        emb = torch.cat((freqs, freqs), dim=-1)
        return emb.cos() * self.scaling, emb.sin() * self.scaling

    @staticmethod
    def _rotate(x: Any, cos: Any, sin: Any) -> Any:
        import torch

        half = x.shape[-1] // 2
        return x * cos + torch.cat((-x[..., half:], x[..., :half]), dim=-1) * sin

    def logits(self, tokens: Any, positions: Any, attention_mask: Any, cache: Any) -> Any:
        """float32 logits (rows, vocab) of one new token per row, bitwise the model's.

        `attention_mask` (rows, cached + 1) marks real columns (pad slots 0); `cache` is a
        DynamicCache-like object whose `layers[i].update(k, v)` appends a column and returns
        the layer's keys and values (rows, kv_heads, cached + 1, head_dim)."""
        return self._linear(self._hidden(tokens, positions, attention_mask, cache), self.head)[: tokens.shape[0]]

    def next_tokens(self, tokens: Any, positions: Any, attention_mask: Any, cache: Any,
                    history: list[list[int]] | None = None, penalty: float = 1.0) -> Any:
        """Greedy next tokens (rows,): the argmax of `logits(...)` (after the repetition penalty over
        `history`), through the bf16 vocabulary screen (`vocab_screen.py`) instead of the full product."""
        hidden = self._hidden(tokens, positions, attention_mask, cache)[: tokens.shape[0]]
        return self.screen.pick(hidden, history, penalty)

    def _hidden(self, tokens: Any, positions: Any, attention_mask: Any, cache: Any) -> Any:
        """The final-normed float32 hidden states, padded to `self.rows` rows; appends to `cache`."""
        import torch
        import torch.nn.functional as F

        rows, hd = tokens.shape[0], self.head_dim
        # The residual stream is padded with zero rows up to the packed row count: MKL uses a packed
        # weight only for exactly that many rows (fewer fall back to a ~20% slower unpacked product).
        # Zero rows stay zero and never reach the cache or the attention.
        x = self._pad(self.embed[tokens])
        cos, sin = self._rotary(positions)
        cos, sin = cos[:, None, :], sin[:, None, :]
        # One additive padding mask for all layers (SDPA turns a boolean one into this in every layer).
        attend = torch.zeros(attention_mask.shape, dtype=x.dtype).masked_fill_(
            attention_mask == 0, float("-inf"))[:, None, None, :]
        spans = attention_spans(attention_mask)
        group = self.heads // self.kv_heads
        q_size, kv_size = self.heads * hd, self.kv_heads * hd
        attn = x.new_zeros((self.rows, q_size))  # rows past `rows` stay zero (see `_pad`)
        for layer, cache_layer in zip(self.layers, cache.layers, strict=True):
            h = self._linear(self._rms(x, layer.norm_in), layer.qkv)[:rows]
            # q and k heads rotated in one pass (the same elementwise arithmetic as one at a time)
            qk = self._rotate(h[:, :q_size + kv_size].view(rows, self.heads + self.kv_heads, hd), cos, sin)
            q, k = qk[:, : self.heads], qk[:, self.heads:]
            v = h[:, q_size + kv_size:].view(rows, self.kv_heads, hd)
            keys, values = cache_layer.update(k[:, :, None, :], v[:, :, None, :])
            # Grouped-query attention as the model's SDPA path does it: the query heads of one
            # KV head form that head's "sequence" of queries. Each span of rows reads only the
            # columns from its first real one on.
            q = q.view(rows, self.kv_heads, group, hd)
            for a, b, first in spans:
                attn[a:b] = F.scaled_dot_product_attention(
                    q[a:b], keys[a:b, :, first:], values[a:b, :, first:], attn_mask=attend[a:b, :, :, first:],
                    scale=hd ** -0.5).reshape(b - a, q_size)
            x = x + self._linear(attn, layer.o)
            gate, up = self._linear(self._rms(x, layer.norm_post), layer.gate_up).chunk(2, dim=-1)
            x = x + self._linear(F.silu(gate) * up, layer.down)
        return self._rms(x, self.norm)
