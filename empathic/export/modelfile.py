"""An Ollama Modelfile for an exported GGUF: the chat template in Go-template syntax, stop tokens, system prompt, license.

Ollama does not run the GGUF's Jinja template; it formats conversations with the Modelfile's
TEMPLATE. That template must therefore produce byte for byte what the training template produced,
or the model sees a format it was never trained on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from empathic.errors import UserError

# ChatML (SmolLM2, Qwen2): `<|im_start|>{role}\n{content}<|im_end|>\n` per message, then the assistant
# header when the last message is not the assistant's, exactly as CHATML_TRAINING_TEMPLATE renders it.
# Ollama prepends SYSTEM as a system message when the conversation has none, which is where the
# Jinja template inserts its default system prompt: hence SYSTEM carries that default.
CHATML_GO_TEMPLATE = (
    "{{- range $i, $_ := .Messages }}\n"
    "{{- $last := eq (len (slice $.Messages $i)) 1 -}}\n"
    "<|im_start|>{{ .Role }}\n"
    "{{ .Content }}<|im_end|>\n"
    '{{ if and $last (ne .Role "assistant") }}<|im_start|>assistant\n'
    "{{ end }}\n"
    "{{- end }}"
)
GO_TEMPLATES = {"chatml": CHATML_GO_TEMPLATE}


@dataclass(frozen=True)
class Modelfile:
    gguf_name: str
    template: str
    stops: tuple[str, ...]
    system: str | None
    license: str

    def render(self) -> str:
        lines = [f"FROM ./{self.gguf_name}", "", f'TEMPLATE """{self.template}"""', ""]
        # json.dumps quotes the way Ollama's parser reads quoted values (escapes included).
        lines += [f"PARAMETER stop {json.dumps(stop)}" for stop in self.stops]
        if self.system:
            lines += ["", f'SYSTEM """{_triple_quote_safe(self.system)}"""']
        lines += ["", f'LICENSE """{_triple_quote_safe(self.license)}"""', ""]
        return "\n".join(lines)


def _triple_quote_safe(text: str) -> str:
    if '"""' in text:
        raise UserError('a Modelfile value cannot contain """; edit the system prompt or license text')
    return text


def go_template(family: str) -> str:
    if family not in GO_TEMPLATES:
        raise UserError(f"no Ollama template for the {family!r} chat format; supported: {', '.join(GO_TEMPLATES)}")
    return GO_TEMPLATES[family]


def template_default_system(tokenizer: Any) -> str | None:
    """The system prompt the tokenizer's chat template inserts when a conversation has none (SmolLM2 has one)."""
    probe = "\x00probe\x00"
    text = tokenizer.apply_chat_template([{"role": "user", "content": probe}], tokenize=False)
    head, found, _ = text.partition(f"<|im_start|>user\n{probe}")
    if not found or not head.startswith("<|im_start|>system\n") or not head.endswith("<|im_end|>\n"):
        return None
    return head[len("<|im_start|>system\n"):-len("<|im_end|>\n")]


def build_modelfile(
    gguf_name: str, tokenizer: Any, family: str, stops: list[str], system_prompt: str | None, license_text: str,
) -> Modelfile:
    """The run's training system prompt when it had one, else the template's own default."""
    system = system_prompt or template_default_system(tokenizer)
    return Modelfile(gguf_name, go_template(family), tuple(dict.fromkeys(stops)), system, license_text)
