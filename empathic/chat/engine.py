"""Chat engine: exactly one assistant turn per call, batched or streamed, with the safety stack on top.

A small model that has not learned to stop writes the user's next line itself ("...\\nUser: and
then?"). Three layers keep a reply to one turn: generation stops on the template's end-of-turn
token, on EOS and on the tokens that open a turn; a stopping criterion watches the decoded text
for role markers ("\\nUser:", "<|im_start|>", a bare "\\nuser\\n" header...); and the final text is
cut where a new turn begins. `respond`/`stream_respond` add the safety layer (`empathic.safety`):
crisis messages get a fixed escalation reply without calling the model, and unsafe replies are
replaced.
"""

from __future__ import annotations

import logging
import queue
import re
import threading
from collections.abc import Callable, Generator, Sequence
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from empathic.errors import UserError

log = logging.getLogger(__name__)

# Shown instead of calling the model when the message is empty or only whitespace.
ASK_FOR_MORE = "I'm here and listening. Take your time: what's on your mind?"
# Shown when generation produced nothing usable (e.g. the model opened a new turn straight away).
FALLBACK_REPLY = "I'm sorry, I'm not sure what to say. I'm still here, though: could you tell me a bit more?"

# Where a new turn begins inside a reply. Matched against "\n" + reply, so a reply that starts with
# "User:" counts too. Plain-text labels are case-insensitive ("User:", "**Human:**", "### Assistant:");
# bare role headers ("\nuser\n", what ChatML/Gemma headers look like without their special tokens)
# must be lowercase, alone on their line; the special tokens of both families end a turn anywhere.
NEW_TURN = re.compile(
    r"\n[ \t]*(?:#{1,4}[ \t]*|\*\*)?(?i:user|human|assistant|system)(?:\*\*)?[ \t]*:"
    r"|\n(?:user|assistant|model|system)[ \t]*\n"
    r"|<\|im_start\|>|<\|im_end\|>|<start_of_turn>|<end_of_turn>|<\|endoftext\|>"
)
# A reply that begins by naming its own role ("Assistant: ...") just has the label removed.
LEADING_LABEL = re.compile(r"^\s*(?:(?i:assistant)[ \t]*:|(?:assistant|model)[ \t]*\n)\s*")
# Turn-opening special tokens; when they are single tokens, generation also stops on their ids.
TURN_OPENER_TOKENS = ("<|im_start|>", "<start_of_turn>", "<|endoftext|>")
# Streaming holds back a line (or a "<...") this short: it may still become a role marker.
HOLD_CHARS = 16
# Batched generation closes a batch before left padding exceeds this share of its prompt tokens.
MAX_PADDING = 0.25


@dataclass
class GenerationSettings:
    """How replies are sampled. `do_sample` follows from the temperature (0 means greedy)."""

    max_new_tokens: int = 200
    temperature: float = 0.7
    top_p: float = 0.9
    repetition_penalty: float = 1.1
    seed: int | None = 0  # re-seeded before every generate call, so a reply is reproducible
    context_window: int | None = None  # prompt + reply token budget; None = the model's maximum

    @property
    def do_sample(self) -> bool:
        return self.temperature > 0

    def __post_init__(self) -> None:
        if self.max_new_tokens < 1:
            raise UserError(f"max_new_tokens must be at least 1, got {self.max_new_tokens}")
        if self.temperature < 0:
            raise UserError(f"temperature must be 0 (greedy) or positive, got {self.temperature}")
        if not 0 < self.top_p <= 1:
            raise UserError(f"top_p must be in (0, 1], got {self.top_p}")
        if self.repetition_penalty <= 0:
            raise UserError(f"repetition_penalty must be positive (1.0 = off), got {self.repetition_penalty}")
        if self.context_window is not None and self.context_window <= self.max_new_tokens:
            raise UserError(
                f"context_window ({self.context_window}) must be larger than max_new_tokens ({self.max_new_tokens})"
            )

    @classmethod
    def keys(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    @classmethod
    def from_mapping(cls, values: dict[str, Any], where: str = "settings") -> GenerationSettings:
        """Settings from a dict (e.g. a YAML file); unknown keys and wrong types are a UserError."""
        unknown = sorted(set(values) - set(cls.keys()))
        if unknown:
            raise UserError(f"{where}: unknown key(s) {', '.join(unknown)}; expected: {', '.join(cls.keys())}")
        typed: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in values or values[f.name] is None:
                continue
            value, kind = values[f.name], int if f.name in ("max_new_tokens", "seed", "context_window") else float
            if isinstance(value, bool) or not isinstance(value, int | float) or (kind is int and value != int(value)):
                raise UserError(f"{where}: {f.name} must be a number{' (integer)' if kind is int else ''}, got {value!r}")
            typed[f.name] = kind(value)
        return cls(**typed)

    def generate_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "max_new_tokens": self.max_new_tokens,
            "do_sample": self.do_sample,
            "repetition_penalty": self.repetition_penalty,
        }
        if self.do_sample:
            kwargs.update(temperature=self.temperature, top_p=self.top_p)
        else:  # unset sampling knobs the model's generation_config may carry, or greedy warns
            kwargs.update(temperature=None, top_p=None, top_k=None)
        return kwargs

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"do_sample": self.do_sample}


@dataclass
class Reply:
    """One generated assistant turn.

    `stopped`: ended by end-of-turn/EOS or at a new-turn marker, not by running out of
    max_new_tokens. `notice`: set when history or the message was trimmed to fit the context.
    """

    text: str
    stopped: bool
    new_tokens: int
    notice: str | None = None


# ---------------------------------------------------------------------------------------------
# Single-turn enforcement


def split_new_turn(text: str) -> tuple[str, bool]:
    """(the reply up to where a new turn begins, whether one began); a leading role label is dropped."""
    body = LEADING_LABEL.sub("", text, count=1)
    match = NEW_TURN.search("\n" + body)
    if match is None:
        return body, False
    return body[: max(match.start() - 1, 0)], True


def _tidy(text: str, special_tokens: Sequence[str]) -> str:
    for token in special_tokens:
        if token:
            text = text.replace(token, "")
    return text.strip()


def stop_token_ids(tokenizer: Any, family: str | None = None) -> list[int]:
    """Ids that end a reply: the template's end-of-turn, EOS, and turn-opening special tokens."""
    from empathic.modeling.templates import end_of_turn_token_ids

    ids = list(end_of_turn_token_ids(tokenizer, family))
    for token in TURN_OPENER_TOKENS:
        # Only real special tokens: convert_tokens_to_ids is cheap, get_vocab() is not.
        if token not in tokenizer.all_special_tokens and token not in getattr(tokenizer, "added_tokens_encoder", {}):
            continue
        token_id = tokenizer.convert_tokens_to_ids(token)
        if token_id is not None and token_id != tokenizer.unk_token_id and token_id not in ids:
            ids.append(token_id)
    return ids


def _turn_marker_criteria(tokenizer: Any, prompt_length: int, cancel: threading.Event | None = None) -> Any:
    """A StoppingCriteria that stops each row once its decoded reply contains a new-turn marker.

    Unlike `generate(stop_strings=...)` it looks only at the generated text, so a reply may start
    with "Assistant:" (the label is dropped) without being stopped on its first token. It records
    how many tokens each row had generated when it stopped.
    """
    import torch
    from transformers import StoppingCriteria

    class TurnMarkerStop(StoppingCriteria):
        def __init__(self) -> None:
            self.stopped_at: dict[int, int] = {}

        def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
            if cancel is not None and cancel.is_set():
                return torch.ones(input_ids.shape[0], dtype=torch.bool, device=input_ids.device)
            flags = []
            for row, ids in enumerate(input_ids[:, prompt_length:].tolist()):
                if row not in self.stopped_at:
                    _, cut = split_new_turn(tokenizer.decode(ids, skip_special_tokens=False))
                    if cut:
                        self.stopped_at[row] = len(ids)
                flags.append(row in self.stopped_at)
            return torch.tensor(flags, dtype=torch.bool, device=input_ids.device)

    return TurnMarkerStop()


def _finish(tokenizer: Any, ids: list[int], stop_ids: Sequence[int], stopped_at: int | None, notice: str | None) -> Reply:
    """Turn one row of generated ids into a Reply: cut at the first stop id or new-turn marker."""
    end = next((i for i, tok in enumerate(ids) if tok in stop_ids), None)
    if stopped_at is not None and (end is None or stopped_at <= end):
        ids, new_tokens, by_token = ids[:stopped_at], stopped_at, False
    elif end is not None:
        ids, new_tokens, by_token = ids[:end], end + 1, True
    else:
        pad = tokenizer.pad_token_id
        while ids and ids[-1] == pad:  # rows that finished early are padded to the batch's length
            ids = ids[:-1]
        new_tokens, by_token = len(ids), False
    text, cut = split_new_turn(tokenizer.decode(ids, skip_special_tokens=False))
    text = _tidy(text, tokenizer.all_special_tokens)
    return Reply(text or FALLBACK_REPLY, stopped=by_token or cut, new_tokens=new_tokens, notice=notice)


# ---------------------------------------------------------------------------------------------
# Prompt building and history trimming


def render_prompt(tokenizer: Any, messages: list[dict], family: str | None = None) -> str:
    """The conversation in the model's chat template, ending with the assistant header."""
    from empathic.modeling.templates import detect_family, prepare_messages

    family = family or detect_family(tokenizer)
    return tokenizer.apply_chat_template(prepare_messages(messages, family), tokenize=False, add_generation_prompt=True)


def prompt_length(tokenizer: Any, messages: list[dict], family: str | None = None) -> int:
    return len(tokenizer(render_prompt(tokenizer, messages, family), add_special_tokens=False)["input_ids"])


def context_window(model: Any, tokenizer: Any, settings: GenerationSettings) -> int:
    """Tokens prompt + reply may use: the setting, else the model's positions (and tokenizer limit)."""
    if settings.context_window:
        return settings.context_window
    limit = getattr(getattr(model, "config", None), "max_position_embeddings", None) or 2048
    tokenizer_limit = getattr(tokenizer, "model_max_length", None)
    if isinstance(tokenizer_limit, int) and 0 < tokenizer_limit < 10**7:  # huge = "unset"
        limit = min(limit, tokenizer_limit)
    return int(limit)


def check_conversation(messages: Any) -> list[dict]:
    """A list of {role, content} dicts ending with a user turn, else ValueError saying what is wrong."""
    if not isinstance(messages, list) or not messages:
        raise ValueError("messages must be a non-empty list of {role, content} objects")
    for i, m in enumerate(messages):
        if not isinstance(m, dict) or m.get("role") not in ("system", "user", "assistant"):
            raise ValueError(f"message {i} needs a role of system, user or assistant")
        if not isinstance(m.get("content"), str):
            raise ValueError(f"message {i} needs a string content")
        if m["role"] == "system" and i != 0:
            raise ValueError(f"message {i}: a system message may only come first")
    if messages[-1]["role"] != "user":
        raise ValueError("the last message must be the user's")
    return [{"role": m["role"], "content": m["content"]} for m in messages]


def fit_history(
    tokenizer: Any, messages: list[dict], max_new_tokens: int, window: int, family: str | None = None
) -> tuple[list[dict], str | None]:
    """Make prompt + max_new_tokens fit `window`: drop the oldest exchanges (the system prompt stays),
    then, only if still too long, the BEGINNING of the latest message (its end is what the user
    just said). Returns the messages and a notice describing what was cut (None if nothing)."""
    from empathic.modeling.templates import detect_family

    family = family or detect_family(tokenizer)
    budget = window - max_new_tokens
    if prompt_length(tokenizer, messages, family) <= budget:
        return list(messages), None
    system = [m for m in messages[:1] if m["role"] == "system"]
    history, latest = list(messages[len(system) : -1]), dict(messages[-1])
    dropped = 0
    while history and prompt_length(tokenizer, system + history + [latest], family) > budget:
        dropped += history.pop(0)["role"] == "user"
        while history and history[0]["role"] != "user":  # an exchange goes as a whole
            history.pop(0)
    parts = [f"dropped the {dropped} oldest exchange{'s' if dropped != 1 else ''}"] if dropped else []
    excess = prompt_length(tokenizer, system + history + [latest], family) - budget
    if excess > 0:  # only the latest message is left, and it is too long by itself
        content = latest["content"]
        ids = tokenizer(content, add_special_tokens=False)["input_ids"]
        keep = len(ids) - excess - 2  # the "…" marker may cost a token or two
        while True:
            if keep <= 0:
                raise UserError(
                    f"max_new_tokens ({max_new_tokens}) leaves no room for your message in the model's "
                    f"{window}-token context; lower --max-new-tokens or shorten the system prompt"
                )
            latest["content"] = "…" + tokenizer.decode(ids[-keep:], skip_special_tokens=True).lstrip()
            over = prompt_length(tokenizer, system + [latest], family) - budget
            if over <= 0:
                break
            keep -= over + 1
        cut = len(content) - (len(latest["content"]) - 1)
        parts.append(f"cut the first {cut:,} of the {len(content):,} characters of your message (its end was kept)")
    notice = (
        f"note: the conversation is too long for the model's {window}-token context with {max_new_tokens} "
        f"tokens kept for the reply, so I {' and '.join(parts)}."
    )
    return system + history + [latest], notice


# ---------------------------------------------------------------------------------------------
# Generation


def _seed(settings: GenerationSettings) -> None:
    if settings.seed is not None:
        import torch

        torch.manual_seed(settings.seed)


def _encode(tokenizer: Any, prompts: list[str], device: Any) -> dict:
    side = tokenizer.padding_side
    tokenizer.padding_side = "left"  # decoder-only: new tokens must follow the prompt directly
    try:
        batch = tokenizer(prompts, return_tensors="pt", padding=True, add_special_tokens=False)
    finally:
        tokenizer.padding_side = side
    return {k: v.to(device) for k, v in batch.items()}


def _prepare(model: Any, tokenizer: Any, conversations: list[list[dict]], settings: GenerationSettings) -> tuple:
    from empathic.modeling.templates import detect_family

    family = detect_family(tokenizer)
    window = context_window(model, tokenizer, settings)
    if settings.max_new_tokens >= window:
        raise UserError(f"max_new_tokens ({settings.max_new_tokens}) must be smaller than the model's {window}-token context")
    fitted = [fit_history(tokenizer, check_conversation(c), settings.max_new_tokens, window, family) for c in conversations]
    prompts = [render_prompt(tokenizer, messages, family) for messages, _ in fitted]
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
    return family, prompts, [notice for _, notice in fitted], stop_token_ids(tokenizer, family), pad


def plan_batches(lengths: Sequence[int], max_rows: int, max_padding: float = MAX_PADDING) -> list[list[int]]:
    """Indices grouped into batches of similar length: at most `max_rows` each, and a batch closes
    before left padding would exceed `max_padding` of its padded tokens.

    Padding is paid twice in batched generation: the prefill runs the model over every pad position,
    and each decode step attends over them. On this project's test prompts (31 to 298 tokens) a fixed
    batch of 16 spent most of its prefill on padding (Notes/performance.md).
    """
    if max_rows < 1:
        raise ValueError(f"max_rows must be at least 1, got {max_rows}")
    order = sorted(range(len(lengths)), key=lambda i: (lengths[i], i))
    batches: list[list[int]] = []
    current: list[int] = []
    total = 0
    for i in order:
        n = max(int(lengths[i]), 1)
        rows = len(current) + 1  # ascending order: n is the longest of the batch if i joins it
        if current and (rows > max_rows or rows * n - (total + n) > max_padding * rows * n):
            batches.append(current)
            current, total = [], 0
        current.append(i)
        total += n
    if current:
        batches.append(current)
    return batches


def length_batches(tokenizer: Any, conversations: Sequence[list[dict]], max_rows: int, model: Any = None) -> list[list[int]]:
    """Batches of conversations by prompt length in tokens (as rendered for generation).

    When `model` can take a bucketed prefill (`prefill_cache`), padding costs only the decode's
    attention over masked slots, so batches are just consecutive runs of the length order;
    otherwise `plan_batches` also bounds the padding.
    """
    from empathic.modeling.templates import detect_family

    family = detect_family(tokenizer)
    prompts = [render_prompt(tokenizer, list(c), family) for c in conversations]
    lengths = [len(ids) for ids in tokenizer(prompts, add_special_tokens=False)["input_ids"]] if prompts else []
    unbounded = model is not None and _full_attention_only(model)
    return plan_batches(lengths, max_rows, max_padding=1.0 if unbounded else MAX_PADDING)


def _full_attention_only(model: Any) -> bool:
    """Whether every layer's KV cache is a plain full-attention one (no sliding window, no recurrent state)."""
    from transformers import DynamicCache
    from transformers.cache_utils import DynamicLayer

    try:
        layers = DynamicCache(config=model.config).layers
    except Exception:  # noqa: BLE001 - an exotic config: use the plain padded prefill
        return False
    return bool(layers) and all(type(layer) is DynamicLayer for layer in layers)


def prefill_cache(model: Any, batch: dict, max_rows: int = 8, min_saving: float = 0.1) -> Any:
    """The KV cache of a left-padded batch's prompts minus their last token, computed in buckets of
    similar length, so the prefill does not run the model over the batch's padding.

    `generate` then sees a cache one token shorter than the prompts and feeds only the last column.
    Positions follow `generate`'s own rule (cumulative attention mask), so each row's keys and values
    are those of its prompt alone; pad slots stay zero and masked. Returns None (plain prefill) for
    models with sliding-window or recurrent layers, when a prompt is a single token, or when the
    buckets would save less than `min_saving` of the padded prefill's positions.
    """
    import torch
    from transformers import DynamicCache

    ids, mask = batch["input_ids"], batch["attention_mask"]
    lengths = mask.sum(dim=1).tolist()
    width = ids.shape[1] - 1
    if min(lengths) < 2 or not _full_attention_only(model):
        return None
    plan = plan_batches(lengths, max_rows)
    if sum(max(lengths[r] for r in rows) * len(rows) for rows in plan) > (1 - min_saving) * len(lengths) * (width + 1):
        return None  # little padding anyway: one padded prefill is cheaper than several small ones
    keys: list[Any] = []
    values: list[Any] = []
    for rows in plan:
        n = max(lengths[r] for r in rows)
        sub_mask = mask[rows, -n:-1]
        positions = (sub_mask.long().cumsum(-1) - 1).masked_fill(sub_mask == 0, 1)
        with torch.no_grad():
            cache = model(input_ids=ids[rows, -n:-1], attention_mask=sub_mask, position_ids=positions,
                          use_cache=True).past_key_values
        for i, layer in enumerate(cache.layers):
            if i == len(keys):
                shape = (ids.shape[0], *layer.keys.shape[1:2], width, layer.keys.shape[-1])
                keys.append(layer.keys.new_zeros(shape))
                values.append(layer.values.new_zeros((*shape[:-1], layer.values.shape[-1])))
            keys[i][rows, :, width - (n - 1):] = layer.keys
            values[i][rows, :, width - (n - 1):] = layer.values
    return DynamicCache(ddp_cache_data=list(zip(keys, values, strict=True)), config=model.config)


def generate_batch(
    model: Any,
    tokenizer: Any,
    conversations: list[list[dict]],
    settings: GenerationSettings | None = None,
    *,
    batch_size: int | None = None,
) -> list[Reply]:
    """One assistant reply per conversation (each ending with a user turn), generated in left-padded batches."""
    import torch
    from transformers import StoppingCriteriaList

    settings = settings or GenerationSettings()
    if batch_size and len(conversations) > 1:
        # Replies come back in the caller's order, whatever batches the plan makes.
        replies: list[Reply | None] = [None] * len(conversations)
        for chunk in length_batches(tokenizer, conversations, batch_size, model):
            chunk_replies = generate_batch(model, tokenizer, [conversations[i] for i in chunk], settings)
            for i, reply in zip(chunk, chunk_replies, strict=True):
                replies[i] = reply
        return replies  # type: ignore[return-value]
    if not conversations:
        return []
    _, prompts, notices, stop_ids, pad = _prepare(model, tokenizer, conversations, settings)
    batch = _encode(tokenizer, prompts, model.device)
    start = batch["input_ids"].shape[1]
    markers = _turn_marker_criteria(tokenizer, start)
    cache = prefill_cache(model, batch) if len(prompts) > 1 else None
    _seed(settings)
    with torch.no_grad():
        out = model.generate(
            **batch,
            **({"past_key_values": cache} if cache is not None else {}),
            **settings.generate_kwargs(),
            eos_token_id=stop_ids,
            pad_token_id=pad,
            stopping_criteria=StoppingCriteriaList([markers]),
        )
    rows = out[:, start:].tolist()
    return [
        _finish(tokenizer, ids, stop_ids, markers.stopped_at.get(row), notice)
        for row, (ids, notice) in enumerate(zip(rows, notices, strict=True))
    ]


def _releasable(text: str, special_tokens: Sequence[str]) -> str:
    """The part of a partial reply that can be shown now: never a piece of a possible role marker."""
    body, cut = split_new_turn(text)
    if not cut:
        hold = max(body.rfind("\n"), body.rfind("<"))  # -1: the reply's start counts as a line start
        if len(body) - hold <= HOLD_CHARS:
            body = body[: max(hold, 0)]
        if "\ufffd" in body[-4:]:  # half of a multi-byte character
            body = body[: body.find("\ufffd", len(body) - 4)]
    # Stripped like the final reply (so trailing spaces wait for the next word): shown text is
    # always a prefix of the final text.
    return _tidy(body, special_tokens)


def stream_reply(
    model: Any,
    tokenizer: Any,
    messages: list[dict],
    settings: GenerationSettings | None = None,
    *,
    cancel: threading.Event | None = None,
) -> Generator[str, None, Reply]:
    """Yield the reply's text as it is generated; return the final Reply (same text, concatenated).

    Generation runs in a thread; text that might become a role marker is held back until it is
    clearly not one. Setting `cancel` (or closing the generator, e.g. on Ctrl-C) stops generation
    at the next token.
    """
    import torch
    from transformers import StoppingCriteriaList
    from transformers.generation.streamers import BaseStreamer

    settings = settings or GenerationSettings()
    cancel = cancel or threading.Event()
    _, prompts, notices, stop_ids, pad = _prepare(model, tokenizer, [messages], settings)
    batch = _encode(tokenizer, prompts, model.device)
    start = batch["input_ids"].shape[1]
    markers = _turn_marker_criteria(tokenizer, start, cancel)
    tokens: queue.Queue = queue.Queue()
    done = object()
    failure: list[BaseException] = []

    class Streamer(BaseStreamer):
        prompt_seen = False

        def put(self, value: Any) -> None:
            if not self.prompt_seen:  # generate() first pushes the prompt
                self.prompt_seen = True
                return
            tokens.put(value.reshape(-1).tolist())

        def end(self) -> None:
            pass

    def work() -> None:
        try:
            with torch.no_grad():
                model.generate(
                    **batch,
                    **settings.generate_kwargs(),
                    eos_token_id=stop_ids,
                    pad_token_id=pad,
                    stopping_criteria=StoppingCriteriaList([markers]),
                    streamer=Streamer(),
                )
        except BaseException as err:  # re-raised in the caller's thread
            failure.append(err)
        finally:
            tokens.put(done)

    _seed(settings)
    thread = threading.Thread(target=work, name="empathic-generate", daemon=True)
    thread.start()
    ids: list[int] = []
    shown = ""
    try:
        while True:
            try:
                item = tokens.get(timeout=0.1)  # a timeout keeps Ctrl-C responsive
            except queue.Empty:
                continue
            if item is done:
                break
            ids.extend(item)
            end = next((i for i, tok in enumerate(ids) if tok in stop_ids), len(ids))
            ready = _releasable(tokenizer.decode(ids[:end], skip_special_tokens=False), tokenizer.all_special_tokens)
            if len(ready) > len(shown) and ready.startswith(shown):
                yield ready[len(shown) :]
                shown = ready
    finally:
        cancel.set()
        thread.join()
    if failure:
        raise failure[0]
    reply = _finish(tokenizer, ids, stop_ids, markers.stopped_at.get(0), notices[0])
    if reply.text.startswith(shown) and len(reply.text) > len(shown):
        yield reply.text[len(shown) :]
    elif not reply.text.startswith(shown):  # cannot happen by construction; keep the shown text honest
        reply.text = shown
    return reply


# ---------------------------------------------------------------------------------------------
# The whole stack: empty message, crisis screening, generation, output screening


@dataclass
class Safety:
    """Safety layer options. `enabled=False` is --no-safety: no screening of either side."""

    enabled: bool = True
    locale: str | None = None  # None: the resources file's default
    resources_file: str | Path | None = None
    second_opinion: Callable[[str], tuple[float, str | None, str]] | None = None  # extra crisis detector


@dataclass
class Response:
    """What the user is shown for one message, and why.

    kind: "reply" (the model's), "replaced" (model reply failed the output screen), "escalation"
    (crisis message: fixed reply, model not called), "ask_more" (empty message, model not called).
    crisis/category: the user-message screening (None when safety is off).
    """

    text: str
    kind: str
    crisis: bool | None
    category: str | None
    stopped: bool = True
    new_tokens: int = 0
    notice: str | None = None
    output_category: str | None = None  # why a reply was replaced
    model_text: str | None = None  # the replaced model reply, for audits; never shown
    reasons: list[str] = field(default_factory=list)


def _before_model(messages: list[dict], safety: Safety) -> Response | None:
    """The response when the model must not be called (empty or crisis message), else None."""
    text = messages[-1]["content"]
    if not text.strip():
        return Response(ASK_FOR_MORE, "ask_more", crisis=False if safety.enabled else None, category=None)
    if not safety.enabled:
        return None
    from empathic.safety import escalation_reply, screen_user_message

    screening = screen_user_message(text, second_opinion=safety.second_opinion)
    if not screening.crisis:
        return None
    reply = escalation_reply(screening.category, safety.locale, safety.resources_file)
    return Response(reply, "escalation", True, screening.category, reasons=list(screening.reasons))


def _after_model(reply: Reply, safety: Safety) -> Response:
    crisis = False if safety.enabled else None
    response = Response(reply.text, "reply", crisis, None, reply.stopped, reply.new_tokens, reply.notice)
    if safety.enabled:
        from empathic.safety import screen_model_output

        check = screen_model_output(reply.text, safety.locale, safety.resources_file)
        if not check.ok:
            response.kind, response.output_category = "replaced", check.category
            response.model_text, response.text = reply.text, check.replacement or FALLBACK_REPLY
    return response


def respond_batch(
    model: Any,
    tokenizer: Any,
    conversations: list[list[dict]],
    settings: GenerationSettings | None = None,
    safety: Safety | None = None,
    *,
    batch_size: int = 8,
    on_progress: Callable[[int], None] | None = None,
) -> list[Response]:
    """The full stack for many conversations; only those that need the model are generated, in
    batches of similar prompt length. `on_progress(n)` is called as n more are answered."""
    safety = safety or Safety()
    conversations = [check_conversation(c) for c in conversations]
    out: list[Response | None] = [_before_model(c, safety) for c in conversations]
    if on_progress is not None and any(out):
        on_progress(sum(r is not None for r in out))
    todo = [i for i, r in enumerate(out) if r is None]
    for plan in length_batches(tokenizer, [conversations[i] for i in todo], batch_size, model):
        chunk = [todo[j] for j in plan]
        replies = generate_batch(model, tokenizer, [conversations[i] for i in chunk], settings)
        for i, reply in zip(chunk, replies, strict=True):
            out[i] = _after_model(reply, safety)
        if on_progress is not None:
            on_progress(len(chunk))
    return out  # type: ignore[return-value]


def respond(
    model: Any,
    tokenizer: Any,
    messages: list[dict],
    settings: GenerationSettings | None = None,
    safety: Safety | None = None,
) -> Response:
    """The full stack for one conversation ending with the user's message."""
    return respond_batch(model, tokenizer, [messages], settings, safety)[0]


_SENTENCE_END = re.compile(r"(?:[.!?…][\"')\]]*\s|\n)")


def stream_respond(
    model: Any,
    tokenizer: Any,
    messages: list[dict],
    settings: GenerationSettings | None = None,
    safety: Safety | None = None,
) -> Generator[str, None, Response]:
    """Like `respond`, yielding the text as it comes.

    With safety on, text is released a sentence at a time, each time after the reply so far passes
    the output screen; when it fails, generation stops and the fixed replacement follows what was
    already shown (the response's text is exactly what was shown).
    """
    safety = safety or Safety()
    messages = check_conversation(messages)
    early = _before_model(messages, safety)
    if early is not None:
        yield early.text
        return early
    if not safety.enabled:
        reply = yield from stream_reply(model, tokenizer, messages, settings)
        return _after_model(reply, safety)

    from empathic.safety import screen_model_output

    def unsafe(text: str) -> Any:
        check = screen_model_output(text, safety.locale, safety.resources_file)
        return None if check.ok else check

    cancel = threading.Event()
    stream = stream_reply(model, tokenizer, messages, settings, cancel=cancel)
    shown, pending, blocked = "", "", None
    try:
        while True:
            try:
                pending += next(stream)
            except StopIteration as stop:
                reply: Reply = stop.value
                break
            if blocked is not None:
                continue  # draining: generation was cancelled
            ends = [m.end() for m in _SENTENCE_END.finditer(pending)]
            if ends:
                candidate = shown + pending[: ends[-1]]
                blocked = unsafe(candidate)
                if blocked is None:
                    yield pending[: ends[-1]]
                    shown, pending = candidate, pending[ends[-1] :]
                else:
                    cancel.set()
    finally:
        stream.close()
    if blocked is None:
        blocked = unsafe(reply.text)
        if blocked is None and reply.text.startswith(shown):
            if len(reply.text) > len(shown):
                yield reply.text[len(shown) :]
            return _after_model(reply, safety)
    replacement = (blocked.replacement if blocked is not None else None) or FALLBACK_REPLY
    joiner = "\n" if shown else ""
    yield joiner + replacement
    return Response(
        shown + joiner + replacement,
        "replaced",
        crisis=False,
        category=None,
        stopped=reply.stopped,
        new_tokens=reply.new_tokens,
        notice=reply.notice,
        output_category=blocked.category if blocked is not None else None,
        model_text=reply.text,
    )
