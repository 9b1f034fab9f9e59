"""Chat templates with `{% generation %}` markers, and the assistant-only label mask built from them.

The mask is the one TRL's `SFTTrainer(assistant_only_loss=True)` computes (both call
`apply_chat_template(..., return_assistant_tokens_mask=True)`), so evaluation perplexity and
training loss are measured on exactly the same tokens. The end-of-turn token of every assistant
turn sits inside `{% generation %}`: the model is trained to emit it, so it learns to stop.
"""

from __future__ import annotations

import re
from typing import Any

from empathic.errors import UserError
from empathic.labels import IGNORE_INDEX as IGNORE_INDEX  # one home: empathic.labels

# ChatML (SmolLM2, Qwen2/2.5): `<|im_start|>role\ncontent<|im_end|>\n`. The assistant header is a
# prompt cue, so it stays outside the generation block; `<|im_end|>` is inside, the trailing
# newline is not (generation stops at `<|im_end|>`, the newline is never produced).
CHATML_TRAINING_TEMPLATE = (
    "{%- for message in messages -%}"
    "{%- if loop.first and message['role'] != 'system' and default_system_prompt is defined "
    "and default_system_prompt -%}"
    "{{- '<|im_start|>system\\n' + default_system_prompt + '<|im_end|>\\n' -}}"
    "{%- endif -%}"
    "{%- if message['role'] == 'assistant' -%}"
    "{{- '<|im_start|>assistant\\n' -}}"
    "{%- generation -%}{{- message['content'] + '<|im_end|>' -}}{%- endgeneration -%}"
    "{{- '\\n' -}}"
    "{%- else -%}"
    "{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' -}}"
    "{%- endif -%}"
    "{%- endfor -%}"
    "{%- if add_generation_prompt -%}{{- '<|im_start|>assistant\\n' -}}{%- endif -%}"
)

# Gemma / Gemma-2: no system role (fold it into the first user turn before templating), the model
# turn ends with `<end_of_turn>`, which is inside the generation block. Same text as Gemma's own
# template for every conversation it accepts.
GEMMA_TRAINING_TEMPLATE = (
    "{{- bos_token -}}"
    "{%- if messages[0]['role'] == 'system' -%}{{- raise_exception('System role not supported') -}}{%- endif -%}"
    "{%- for message in messages -%}"
    "{%- if (message['role'] == 'user') != (loop.index0 % 2 == 0) -%}"
    "{{- raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') -}}"
    "{%- endif -%}"
    "{%- if message['role'] == 'assistant' -%}"
    "{{- '<start_of_turn>model\\n' -}}"
    "{%- generation -%}{{- message['content'] | trim + '<end_of_turn>' -}}{%- endgeneration -%}"
    "{{- '\\n' -}}"
    "{%- else -%}"
    "{{- '<start_of_turn>' + message['role'] + '\\n' + message['content'] | trim + '<end_of_turn>\\n' -}}"
    "{%- endif -%}"
    "{%- endfor -%}"
    "{%- if add_generation_prompt -%}{{- '<start_of_turn>model\\n' -}}{%- endif -%}"
)

TEMPLATE_FAMILIES = ("chatml", "gemma")  # the families training installs; "plain" is inference-only
END_OF_TURN = {"chatml": "<|im_end|>", "gemma": "<end_of_turn>"}
# The plain prompt format (empathic.modeling.prompt_format) has no end-of-turn token of its own.
PLAIN = "plain"
# Text that opens a new turn: a reply containing it has run on into an invented turn.
TURN_OPENERS = {
    "chatml": ("<|im_start|>", "<|im_end|>"),
    "gemma": ("<start_of_turn>", "<end_of_turn>"),
}

_GENERATION_MARKER = re.compile(r"\{%-?\s*generation\s*-?%\}")
_CHATML_DEFAULT_SYSTEM = re.compile(r"<\|im_start\|>system(?:\n|\\n)(.+?)<\|im_end\|>", re.DOTALL)
_TEMPLATE_CODE = re.compile(r"\{\{|\{%|\}\}|%\}|'\s*\+|\+\s*'|messages\[")


def has_generation_markers(template: str | None) -> bool:
    return bool(template) and _GENERATION_MARKER.search(template) is not None


def detect_family(tokenizer: Any) -> str:
    """`chatml`, `gemma` or `plain` (the plain prompt format), from the chat template or special tokens."""
    from empathic.modeling.prompt_format import is_plain

    template = tokenizer.chat_template or ""
    if isinstance(template, dict):
        template = template.get("default", "")
    if is_plain(template):
        return PLAIN
    # The template decides first: building the vocabulary dict costs ~0.1 s for a 50k vocabulary,
    # and chat calls this once per reply.
    if "<start_of_turn>" in template:
        return "gemma"
    if "<|im_start|>" in template:
        return "chatml"
    vocab = tokenizer.get_vocab()
    if "<start_of_turn>" in vocab:
        return "gemma"
    if "<|im_start|>" in vocab:
        return "chatml"
    raise UserError(
        "the tokenizer's chat template is neither ChatML nor Gemma; set `chat_template_family` "
        "in the config or give a model whose tokenizer has one of these templates"
    )


def chatml_default_system_prompt(template: str | None) -> str | None:
    """The system prompt a ChatML template injects when none is given (SmolLM2 has one)."""
    if not template:
        return None
    for match in _CHATML_DEFAULT_SYSTEM.finditer(template):
        text = match.group(1)
        # Templates with tool branches (Qwen2.5, Qwen3) open a system turn and fill it with template
        # code; only a literal prompt counts, never a span of Jinja.
        if not _TEMPLATE_CODE.search(text):
            return text.replace("\\n", "\n")
    return None


def install_training_template(tokenizer: Any, family: str | None = None) -> str:
    """Give `tokenizer` a chat template with generation markers; return the family used.

    A template that already has markers is kept. ChatML keeps the model's own default system
    prompt, so training and inference see the same text.
    """
    family = family or detect_family(tokenizer)
    if family not in TEMPLATE_FAMILIES:
        raise UserError(f"unknown chat_template_family {family!r}; expected one of {TEMPLATE_FAMILIES}")
    if has_generation_markers(tokenizer.chat_template):
        return family
    if family == "chatml":
        default_system = chatml_default_system_prompt(tokenizer.chat_template)
        template = CHATML_TRAINING_TEMPLATE
        if default_system:
            # Bake the default in so the saved template is self-contained (no extra render kwargs).
            template = "{%- set default_system_prompt = " + repr(default_system) + " -%}" + template
        tokenizer.chat_template = template
    else:
        tokenizer.chat_template = GEMMA_TRAINING_TEMPLATE
    return family


def ensure_pad_token(tokenizer: Any) -> None:
    """Use a pad token distinct from EOS where the vocabulary has one.

    With pad == EOS, collators that mask padding also mask the real EOS, and the model never
    learns to stop.
    """
    if tokenizer.pad_token is not None and tokenizer.pad_token != tokenizer.eos_token:
        return
    vocab = tokenizer.get_vocab()
    for candidate in ("<pad>", "<|pad|>", "<|endoftext|>", "<unk>"):
        if candidate in vocab and candidate != tokenizer.eos_token:
            tokenizer.pad_token = candidate
            return
    tokenizer.pad_token = tokenizer.eos_token  # nothing else exists; labels are built from masks, not pad ids


def end_of_turn_token_ids(tokenizer: Any, family: str | None = None) -> list[int]:
    """Token ids that end an assistant turn: the template's end-of-turn and EOS.

    The plain format has none of its own: EOS, and any end-of-turn special token the vocabulary has
    (an instruction-tuned base may still close its turn with it).
    """
    family = family or detect_family(tokenizer)
    if family == PLAIN:
        specials = set(tokenizer.all_special_tokens) | set(getattr(tokenizer, "added_tokens_encoder", {}))
        candidates = [tokenizer.eos_token, *(t for t in END_OF_TURN.values() if t in specials)]
    else:
        candidates = [END_OF_TURN[family], tokenizer.eos_token]
    ids = []
    for token in candidates:
        if token is None:
            continue
        token_id = tokenizer.convert_tokens_to_ids(token)
        if token_id is not None and token_id != tokenizer.unk_token_id and token_id not in ids:
            ids.append(token_id)
    return ids


def fold_system_into_user(messages: list[dict], separator: str = "\n\n") -> list[dict]:
    """Merge a leading system message into the first user turn (for templates with no system role).

    Returns a new list. With no user turn to carry it, the system text becomes a user turn rather
    than being lost.
    """
    if not messages or messages[0]["role"] != "system":
        return list(messages)
    system, rest = messages[0]["content"], list(messages[1:])
    for i, message in enumerate(rest):
        if message["role"] == "user":
            content = f"{system}{separator}{message['content']}" if system else message["content"]
            rest[i] = {**message, "content": content}
            return rest
    return [{"role": "user", "content": system}, *rest]


def prepare_messages(messages: list[dict], family: str) -> list[dict]:
    """Messages as `family`'s template takes them: the one rule that data prepare (token counts),
    training and chat all render with. Gemma has no system role, so the system text is folded."""
    return fold_system_into_user(messages) if family == "gemma" else list(messages)


def tokenize_for_training(tokenizer: Any, messages: list[dict], max_length: int | None = None) -> dict:
    """input_ids and labels (-100 outside assistant turns) for one conversation.

    The tokenizer must carry a template with generation markers (see `install_training_template`).
    Truncation is left to the data pipeline, which drops over-long examples instead of cutting them.
    """
    family = detect_family(tokenizer)
    encoded = tokenizer.apply_chat_template(
        prepare_messages(messages, family),
        tokenize=True,
        return_dict=True,
        return_assistant_tokens_mask=True,
    )
    input_ids = list(encoded["input_ids"])
    mask = list(encoded["assistant_masks"])
    if not any(mask):
        raise ValueError("no assistant tokens in the mask: the chat template lacks {% generation %} markers")
    if max_length is not None and len(input_ids) > max_length:
        input_ids, mask = input_ids[:max_length], mask[:max_length]
    labels = [tok if m else IGNORE_INDEX for tok, m in zip(input_ids, mask, strict=True)]
    return {"input_ids": input_ids, "labels": labels}
