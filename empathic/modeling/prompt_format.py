"""How a conversation becomes the prompt text an adapter expects.

- `chat_template` (default): the tokenizer's chat template (Gemma turn markers, ChatML); every adapter
  this project trains uses it, and its run folder records it (`prompt_format` in config.yaml).
- `plain`: for adapters trained elsewhere on plain text, e.g. the seed's KARTIK008/gemma-2b-empathy-lora:
  the system line, a blank line, then `User: ...` / `Assistant: ...` lines, ending with `Assistant:`.

A format is applied by giving the tokenizer a matching chat template, so everything that renders
prompts with `apply_chat_template` (chat, serve, eval) follows it without knowing about formats. With
`plain` a reply ends at EOS, at the end-of-turn token if the vocabulary has one, or where the model
starts a new "User:" line (empathic.chat.turns cuts it there).
"""

from __future__ import annotations

from typing import Any

from empathic.errors import UserError

PROMPT_FORMATS = ("chat_template", "plain")
DEFAULT_PROMPT_FORMAT = "chat_template"
PLAIN_MARKER = "{#- empathic:plain -#}"  # lets templates.detect_family recognise the installed template

_PLAIN_BODY = (
    "{%- for message in messages -%}"
    "{%- if message['role'] == 'system' -%}"
    "{{- message['content'] + '\\n\\n' -}}"
    "{%- elif message['role'] == 'user' -%}"
    "{{- 'User: ' + message['content'] + '\\n' -}}"
    "{%- else -%}"
    "{{- 'Assistant: ' + message['content'] + '\\n' -}}"
    "{%- endif -%}"
    "{%- endfor -%}"
    "{%- if add_generation_prompt -%}{{- 'Assistant:' -}}{%- endif -%}"
)


def check_prompt_format(value: str) -> str:
    if value not in PROMPT_FORMATS:
        raise UserError(f"unknown prompt format {value!r}; expected one of: {', '.join(PROMPT_FORMATS)}")
    return value


def plain_template(tokenizer: Any) -> str:
    """The plain format as a chat template; it starts with BOS when the tokenizer adds one by itself
    (Gemma does), since a plain-text training run tokenized its prompts that way."""
    bos = tokenizer.bos_token if _adds_bos(tokenizer) else ""
    prefix = "{{- " + repr(bos) + " -}}" if bos else ""
    return PLAIN_MARKER + prefix + _PLAIN_BODY


def apply_prompt_format(tokenizer: Any, prompt_format: str | None) -> str:
    """Make `tokenizer` render prompts in `prompt_format` (None: the default); returns the format used."""
    prompt_format = check_prompt_format(prompt_format or DEFAULT_PROMPT_FORMAT)
    if prompt_format == "plain":
        tokenizer.chat_template = plain_template(tokenizer)
    return prompt_format


def is_plain(template: Any) -> bool:
    return isinstance(template, str) and template.startswith(PLAIN_MARKER)


def _adds_bos(tokenizer: Any) -> bool:
    if tokenizer.bos_token_id is None:
        return False
    ids = tokenizer("a")["input_ids"]
    return bool(ids) and ids[0] == tokenizer.bos_token_id
