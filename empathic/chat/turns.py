"""One assistant turn: conversation checks, prompt rendering, history fitting, and where a reply must stop.

A small model that has not learned to stop writes the user's next line itself ("...\\nUser: and
then?"). Three layers keep a reply to one turn: generation stops on the template's end-of-turn
token, on EOS and on the tokens that open a turn (`stop_token_ids`); a stopping criterion watches
the decoded text for role markers (`turn_marker_criteria`); and the final text is cut where a new
turn begins (`split_new_turn`, via `finish_reply`).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from empathic.errors import UserError

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


@dataclass(frozen=True)
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
# Conversations and prompts


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


def render_prompt(tokenizer: Any, messages: list[dict], family: str | None = None) -> str:
    """The conversation in the model's chat template, ending with the assistant header."""
    from empathic.modeling.templates import detect_family, prepare_messages

    family = family or detect_family(tokenizer)
    return tokenizer.apply_chat_template(prepare_messages(messages, family), tokenize=False, add_generation_prompt=True)


def prompt_length(tokenizer: Any, messages: list[dict], family: str | None = None) -> int:
    return len(tokenizer(render_prompt(tokenizer, messages, family), add_special_tokens=False)["input_ids"])


def context_window(model: Any, tokenizer: Any, window: int | None = None) -> int:
    """Tokens prompt + reply may use: `window` when set, else the model's positions (and tokenizer limit)."""
    if window:
        return window
    limit = getattr(getattr(model, "config", None), "max_position_embeddings", None) or 2048
    tokenizer_limit = getattr(tokenizer, "model_max_length", None)
    if isinstance(tokenizer_limit, int) and 0 < tokenizer_limit < 10**7:  # huge = "unset"
        limit = min(limit, tokenizer_limit)
    return int(limit)


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
# Where a reply stops


def split_new_turn(text: str) -> tuple[str, bool]:
    """(the reply up to where a new turn begins, whether one began); a leading role label is dropped."""
    body = LEADING_LABEL.sub("", text, count=1)
    match = NEW_TURN.search("\n" + body)
    if match is None:
        return body, False
    return body[: max(match.start() - 1, 0)], True


def tidy(text: str, special_tokens: Sequence[str]) -> str:
    """The text without special tokens or surrounding whitespace."""
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


def turn_marker_criteria(tokenizer: Any, prompt_length: int, cancel: threading.Event | None = None) -> Any:
    """A StoppingCriteria that stops each row once its decoded reply contains a new-turn marker.

    Unlike `generate(stop_strings=...)` it looks only at the generated text, so a reply may start
    with "Assistant:" (the label is dropped) without being stopped on its first token. It records
    how many tokens each row had generated when it stopped (`stopped_at`); setting `cancel` stops
    every row at the next token.
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


def finish_reply(
    tokenizer: Any, ids: list[int], stop_ids: Sequence[int], stopped_at: int | None, notice: str | None
) -> Reply:
    """One row of generated ids as a Reply: cut at the first stop id or new-turn marker, never empty."""
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
    text = tidy(text, tokenizer.all_special_tokens)
    return Reply(text or FALLBACK_REPLY, stopped=by_token or cut, new_tokens=new_tokens, notice=notice)


def finish_raw_reply(tokenizer: Any, ids: list[int], stop_ids: Sequence[int]) -> Reply:
    """One row as the model wrote it, up to its own first stop id: `stopped` only if it emitted one.

    No new-turn cut and no fallback text: this measures whether a model ends its turn by itself.
    """
    end = next((i for i, tok in enumerate(ids) if tok in stop_ids), None)
    cut = len(ids) if end is None else end
    return Reply(tokenizer.decode(ids[:cut], skip_special_tokens=True).strip(), end is not None, cut)
