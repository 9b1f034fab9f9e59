"""Auxiliary heads on the LM's hidden states: emotion (multi-label) and support strategy.

Both heads read the last layer's hidden states (the backbone output, after its final norm: what the
LM head reads) MEAN-POOLED OVER THE CONTENT TOKENS OF ONE USER TURN, never a reply token:

- emotion: the first user turn of a conversation (a GoEmotions text is a conversation of one user
  turn). One linear layer with two label blocks: GoEmotions' 28 labels (multi-label, sigmoid + BCE)
  and EmpatheticDialogues' 32 situation emotions (one label per conversation, softmax CE over its
  block). A per-example block mask says which block, if any, is labelled.
- strategy: for every assistant turn with an ESConv strategy, the user turn right before it; softmax
  CE over the 8 strategies. It predicts the strategy of the reply that FOLLOWS, from positions that,
  under causal attention, no token of that reply (or any later one) can influence.

Unlabelled items contribute nothing: losses are means over labelled items only, 0 (not NaN) when a
batch has none. Heads are saved beside the adapter as `heads.safetensors` + `heads_config.json`.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F  # noqa: N812

# ESConv's 8 strategies, from its data loader.
from empathic.data.esconv import STRATEGIES
from empathic.errors import UserError
from empathic.labels import ED_EMOTIONS, GOEMOTIONS, IGNORE_INDEX
from empathic.modeling.files import HEADS_CONFIG as HEADS_CONFIG
from empathic.modeling.files import HEADS_WEIGHTS as HEADS_WEIGHTS

# The `heads:` recipe section lives in heads_config.py; re-exported here.
from empathic.modeling.heads_config import HeadsConfig as HeadsConfig
from empathic.modeling.heads_config import _typed_value as _typed_value
from empathic.modeling.heads_config import split_heads_section as split_heads_section

# ---------------------------------------------------------------- user-turn spans


def _render(tokenizer: Any, messages: list[dict]) -> str:
    return tokenizer.apply_chat_template(messages, tokenize=False)


def user_content_char_spans(tokenizer: Any, messages: list[dict], family: str | None = None) -> list[tuple[int, int]]:
    """Character span of each user message's content in the rendered conversation (message order).

    Every turn of the project's templates ends with `content + end_of_turn + "\\n"`, and a rendering of
    the first k messages is a prefix of the full rendering; so the content of user turn k ends where
    the rendering of messages[:k+1] ends, minus that trailer. Checked, not assumed.
    """
    from empathic.modeling.templates import END_OF_TURN, detect_family

    family = family or detect_family(tokenizer)
    trailer = END_OF_TURN[family] + "\n"
    full = _render(tokenizer, messages)
    spans = []
    for k, message in enumerate(messages):
        if message["role"] != "user":
            continue
        text = _render(tokenizer, messages[: k + 1])
        if not full.startswith(text) or not text.endswith(trailer):
            raise ValueError(f"cannot locate user turn {k}: the chat template is not turn-by-turn ({family})")
        end = len(text) - len(trailer)
        content = message["content"]
        for candidate in (content, content.strip()):  # Gemma's template trims the content
            if text[end - len(candidate) : end] == candidate:
                spans.append((end - len(candidate), end))
                break
        else:
            raise ValueError(f"cannot locate the content of user turn {k} in the rendered conversation")
    return spans


def char_span_to_tokens(offsets: Sequence[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """[first, last+1) of the tokens lying wholly inside [start, end); (0, 0) when none do."""
    inside = [i for i, (a, b) in enumerate(offsets) if a >= start and b <= end and b > a]
    return (inside[0], inside[-1] + 1) if inside else (0, 0)


@dataclass
class EncodedTurns:
    """Token ids of a conversation and, per user message, the token span of its content."""

    input_ids: list[int]
    user_spans: list[tuple[int, int]]  # one per user message, in order
    user_message_index: list[int]  # index in `messages` of each user message


def encode_user_turns(tokenizer: Any, messages: list[dict], family: str | None = None) -> EncodedTurns:
    """Tokenize like `apply_chat_template(tokenize=True)` and find each user turn's content tokens."""
    text = _render(tokenizer, messages)
    enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
    char_spans = user_content_char_spans(tokenizer, messages, family)
    spans = [char_span_to_tokens(enc["offset_mapping"], a, b) for a, b in char_spans]
    index = [i for i, m in enumerate(messages) if m["role"] == "user"]
    return EncodedTurns(list(enc["input_ids"]), spans, index)


# ---------------------------------------------------------------- modules and pooling


def span_mask(spans: Any, length: int) -> Any:
    """Float mask (..., length): 1 on [start, end) of each span (..., 2); all zero for an empty span."""
    pos = torch.arange(length, device=spans.device)
    return ((pos >= spans[..., :1]) & (pos < spans[..., 1:2])).float()


def pool_spans(hidden: Any, spans: Any) -> tuple[Any, Any]:
    """Mean of hidden (B, T, D) over each span: spans (B, 2) -> (B, D), or (B, K, 2) -> (B, K, D).

    Also returns which spans are non-empty; an empty span pools to zeros (never NaN).
    """
    mask = span_mask(spans, hidden.shape[1]).to(hidden.dtype)
    squeeze = mask.dim() == 2
    if squeeze:
        mask = mask.unsqueeze(1)
    counts = mask.sum(-1, keepdim=True)
    pooled = torch.einsum("bkt,btd->bkd", mask, hidden) / counts.clamp(min=1)
    valid = counts.squeeze(-1) > 0
    return (pooled.squeeze(1), valid.squeeze(1)) if squeeze else (pooled, valid)


class SignalHeads(torch.nn.Module):
    """Emotion head (GoEmotions block + ED block) and strategy head on pooled hidden states.

    Each head is a parameter-free LayerNorm then a zero-initialised linear layer. The norm makes the
    head's step size independent of the backbone's hidden-state scale (SmolLM2's pooled user turns
    have norm ~30 with single dimensions near 17); zero init starts from uniform predictions.
    """

    def __init__(self, hidden_size: int, emotion: bool = True, strategy: bool = True, dropout: float = 0.0) -> None:
        super().__init__()
        self.hidden_size = hidden_size
        self.emotion_labels = tuple(GOEMOTIONS)
        self.situation_labels = tuple(ED_EMOTIONS)
        self.strategy_labels = tuple(STRATEGIES)
        self.dropout = torch.nn.Dropout(dropout)
        self.norm = torch.nn.LayerNorm(hidden_size, elementwise_affine=False)
        # Building heads must not move the global RNG (LoRA init, dropout, data order), so ablation arms
        # with and without heads see the same random stream (nn.Linear draws its default init from it).
        with torch.random.fork_rng(devices=[]):
            n_emotion = len(self.emotion_labels) + len(self.situation_labels)
            self.emotion = self._linear(n_emotion) if emotion else None
            self.strategy = self._linear(len(self.strategy_labels)) if strategy else None

    def _linear(self, n_out: int) -> torch.nn.Linear:
        layer = torch.nn.Linear(self.hidden_size, n_out)
        torch.nn.init.zeros_(layer.weight)
        torch.nn.init.zeros_(layer.bias)
        return layer

    @property
    def n_emotions(self) -> int:
        return len(self.emotion_labels)

    def _features(self, pooled: torch.Tensor) -> torch.Tensor:
        return self.dropout(self.norm(pooled.float()))

    def emotion_logits(self, pooled: torch.Tensor) -> torch.Tensor:
        return self.emotion(self._features(pooled))

    def strategy_logits(self, pooled: torch.Tensor) -> torch.Tensor:
        return self.strategy(self._features(pooled))


def build_heads(model: Any, config: HeadsConfig) -> Any:
    """Heads sized for `model`'s hidden states, on its device, float32."""
    hidden = model.config.get_text_config().hidden_size
    heads = SignalHeads(hidden, config.emotion, config.strategy, config.dropout)
    return heads.to(next(model.parameters()).device)


# ---------------------------------------------------------------- losses


def emotion_loss(logits: Any, go_targets: Any, go_mask: Any, ed_labels: Any, n_go: int) -> tuple[Any, int]:
    """(mean loss over labelled examples, how many) for the two-block emotion head.

    GoEmotions rows: BCE-with-logits averaged over the 28 labels. ED rows: softmax CE over the ED
    block. Rows with neither label contribute nothing; with none at all the loss is a graph-connected 0.
    """
    go_logits, ed_logits = logits[:, :n_go], logits[:, n_go:]
    go_mask = go_mask.bool()
    ed_mask = ed_labels != IGNORE_INDEX
    total = logits.sum() * 0.0
    n = int(go_mask.sum()) + int(ed_mask.sum())
    if go_mask.any():
        bce = F.binary_cross_entropy_with_logits(go_logits[go_mask], go_targets[go_mask].float(), reduction="none")
        total = total + bce.mean(dim=1).sum()
    if ed_mask.any():
        total = total + F.cross_entropy(ed_logits[ed_mask], ed_labels[ed_mask], reduction="sum")
    return total / max(n, 1), n


def strategy_loss(logits: Any, labels: Any) -> tuple[Any, int]:
    """(mean CE over labelled turns, how many): logits (B, K, S), labels (B, K) with -100 = none."""
    flat_labels = labels.reshape(-1)
    n = int((flat_labels != IGNORE_INDEX).sum())
    if n == 0:
        return logits.sum() * 0.0, 0
    ce = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), flat_labels, ignore_index=IGNORE_INDEX, reduction="sum")
    return ce / n, n


@dataclass
class HeadOutputs:
    """Per-batch head losses and logits (None for a disabled head)."""

    emotion_loss: Any = None
    n_emotion: int = 0
    strategy_loss: Any = None
    n_strategy: int = 0
    emotion_logits: Any = None
    strategy_logits: Any = None
    extras: dict[str, Any] = field(default_factory=dict)


def head_forward(heads: Any, hidden: Any, batch: dict[str, Any]) -> HeadOutputs:
    """Pool the user turns named in `batch` and run both heads; losses where labels are present.

    `batch` keys (from the multitask collator): emo_span (B, 2), go_targets (B, 28), go_mask (B),
    ed_label (B), strat_spans (B, K, 2), strat_labels (B, K). Spans refer to positions of `hidden`.
    """
    out = HeadOutputs()
    if heads.emotion is not None and "emo_span" in batch:
        pooled, valid = pool_spans(hidden, batch["emo_span"])
        logits = heads.emotion_logits(pooled)
        go_mask = batch["go_mask"].bool() & valid
        ed = batch["ed_label"].masked_fill(~valid, IGNORE_INDEX)
        out.emotion_loss, out.n_emotion = emotion_loss(logits, batch["go_targets"], go_mask, ed, heads.n_emotions)
        out.emotion_logits = logits
    if heads.strategy is not None and "strat_spans" in batch and batch["strat_spans"].shape[1] > 0:
        pooled, valid = pool_spans(hidden, batch["strat_spans"])
        logits = heads.strategy_logits(pooled)
        labels = batch["strat_labels"].masked_fill(~valid, IGNORE_INDEX)
        out.strategy_loss, out.n_strategy = strategy_loss(logits, labels)
        out.strategy_logits = logits
    return out


# ---------------------------------------------------------------- hidden states


def backbone_of(model: Any) -> Any:
    """The transformer body whose output feeds the LM head (through PEFT wrappers)."""
    base = model.get_base_model() if hasattr(model, "get_base_model") else model
    body = getattr(base, base.base_model_prefix, None)
    if body is None:
        raise ValueError(f"cannot find the backbone of {type(base).__name__}")
    return body


@contextlib.contextmanager
def capture_hidden(model: Any) -> Iterator[dict[str, Any]]:
    """Record the backbone's last hidden state of every forward inside the block (key "hidden").

    A forward hook, not `output_hidden_states=True`: TRL's fused LM head does not return hidden
    states, and the hook sees the same tensor the LM head reads (after the final norm), with its graph.
    """
    store: dict[str, Any] = {}

    def hook(_module: Any, _inputs: Any, output: Any) -> None:
        store["hidden"] = output.last_hidden_state if hasattr(output, "last_hidden_state") else output[0]

    handle = backbone_of(model).register_forward_hook(hook)
    try:
        yield store
    finally:
        handle.remove()


# ---------------------------------------------------------------- save / load


def heads_metadata(heads: Any, config: HeadsConfig | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "format": 1,
        "hidden_size": heads.hidden_size,
        "emotion": heads.emotion is not None,
        "strategy": heads.strategy is not None,
        "emotion_labels": list(heads.emotion_labels),
        "situation_labels": list(heads.situation_labels),
        "strategy_labels": list(heads.strategy_labels),
        "pooling": "mean over the content tokens of one user turn, last hidden layer (backbone output)",
        "emotion_input": "first user turn (training); predict_signals uses the latest user turn",
        "strategy_input": "the user turn before the assistant turn whose strategy is predicted",
        "config": config.to_dict() if config is not None else None,
        **extra,
    }


def save_heads(heads: Any, out_dir: str | Path, config: HeadsConfig | None = None, **extra: Any) -> Path:
    """Write `heads.safetensors` and `heads_config.json` into `out_dir` (beside the adapter)."""
    from safetensors.torch import save_file

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().cpu().contiguous() for k, v in heads.state_dict().items()}
    save_file(state, str(out / HEADS_WEIGHTS), metadata={"format": "pt"})
    (out / HEADS_CONFIG).write_text(json.dumps(heads_metadata(heads, config, **extra), indent=2), encoding="utf-8")
    return out / HEADS_WEIGHTS


def has_heads(run_dir: str | Path) -> bool:
    return (Path(run_dir) / HEADS_WEIGHTS).is_file() and (Path(run_dir) / HEADS_CONFIG).is_file()


def load_heads(run_dir: str | Path, device: Any = "cpu") -> Any:
    """The heads saved in a run folder (or checkpoint), in eval mode."""
    from safetensors.torch import load_file

    run_dir = Path(run_dir)
    if not has_heads(run_dir):
        raise UserError(
            f"{run_dir} has no {HEADS_WEIGHTS}/{HEADS_CONFIG}: it was trained without auxiliary heads "
            "(train with a recipe whose heads: section enables emotion or strategy)"
        )
    meta = json.loads((run_dir / HEADS_CONFIG).read_text(encoding="utf-8"))
    heads = SignalHeads(meta["hidden_size"], meta["emotion"], meta["strategy"])
    heads.emotion_labels = tuple(meta["emotion_labels"])
    heads.situation_labels = tuple(meta["situation_labels"])
    heads.strategy_labels = tuple(meta["strategy_labels"])
    heads.load_state_dict(load_file(str(run_dir / HEADS_WEIGHTS)), strict=True)
    heads.meta = meta
    return heads.to(device).eval()


# ---------------------------------------------------------------- inference


def predict_signals(model: Any, tokenizer: Any, heads: Any, messages: list[dict], top_k: int = 3) -> dict[str, Any]:
    """Emotion (top-k GoEmotions labels, sigmoid p) and next-reply strategy (label, softmax p).

    Both read the LATEST user turn (in context): the strategy head was trained exactly so (the user
    turn before the reply it predicts). `emotion` is [] / `strategy` None when that head is absent or
    the conversation has no non-empty user turn.
    """
    result: dict[str, Any] = {"emotion": [], "strategy": None}
    if not any(m["role"] == "user" and m["content"].strip() for m in messages):
        return result
    # The conversation up to and including the latest user turn: later tokens cannot matter (causal).
    last_user = max(i for i, m in enumerate(messages) if m["role"] == "user")
    convo = [{"role": m["role"], "content": m["content"]} for m in messages[: last_user + 1]]
    from empathic.modeling.templates import detect_family, prepare_messages

    family = detect_family(tokenizer)
    convo = prepare_messages(convo, family)
    enc = encode_user_turns(tokenizer, convo, family)
    start, end = enc.user_spans[-1]
    if end <= start:
        return result
    device = next(model.parameters()).device
    ids = torch.tensor([enc.input_ids], device=device)
    span = torch.tensor([[start, end]], device=device)
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad(), capture_hidden(model) as store:
            model(input_ids=ids, attention_mask=torch.ones_like(ids))
            pooled, _ = pool_spans(store["hidden"], span)
            heads_device = next(heads.parameters()).device
            pooled = pooled.to(heads_device)
            if heads.emotion is not None:
                probs = torch.sigmoid(heads.emotion_logits(pooled)[0, : heads.n_emotions])
                top = torch.topk(probs, k=min(top_k, probs.numel()))
                result["emotion"] = [
                    (heads.emotion_labels[int(i)], float(p)) for p, i in zip(top.values, top.indices, strict=True)
                ]
            if heads.strategy is not None:
                probs = torch.softmax(heads.strategy_logits(pooled)[0], dim=-1)
                best = int(probs.argmax())
                result["strategy"] = (heads.strategy_labels[best], float(probs[best]))
    finally:
        model.train(was_training)
    return result


def format_signals(signals: dict[str, Any]) -> str:
    """One line for the chat UI, e.g. `[signals] emotion: sadness 0.62, grief 0.20 | next: Question 0.41`."""
    parts = []
    if signals.get("emotion"):
        parts.append("emotion: " + ", ".join(f"{name} {p:.2f}" for name, p in signals["emotion"]))
    if signals.get("strategy"):
        name, p = signals["strategy"]
        parts.append(f"next strategy: {name} {p:.2f}")
    return "[signals] " + (" | ".join(parts) if parts else "none")
