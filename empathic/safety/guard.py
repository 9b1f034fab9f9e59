"""Pluggable screeners, and an adapter that runs Llama Guard 3 (1B) as one of them.

Llama Guard is never the default and is never downloaded here: pass a local folder, or a model and
tokenizer you loaded yourself. It reads a conversation and answers "safe", or "unsafe" and a line of
hazard codes; S11 is Suicide & Self-Harm. The prompt comes from the tokenizer's own chat template (the
official one ships with the model); only a tokenizer without a template gets the same prompt built here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

# Llama Guard 3 hazard taxonomy (MLCommons); the 1B model covers S1-S13.
HAZARDS: dict[str, str] = {
    "S1": "Violent Crimes", "S2": "Non-Violent Crimes", "S3": "Sex Crimes", "S4": "Child Exploitation",
    "S5": "Defamation", "S6": "Specialized Advice", "S7": "Privacy", "S8": "Intellectual Property",
    "S9": "Indiscriminate Weapons", "S10": "Hate", "S11": "Self-Harm", "S12": "Sexual Content",
    "S13": "Elections",
}
SELF_HARM = "S11"


@dataclass(frozen=True)
class GuardVerdict:
    """What a screener said: `flagged` for the hazards we act on, all `codes` it named, its raw text."""

    flagged: bool
    codes: tuple[str, ...] = ()
    category: str | None = None  # the safety layer's category ("suicidal_ideation", ...) when flagged
    parsed: bool = True  # False: the model's answer was not in the expected format
    raw: str = ""


class Screener(Protocol):
    """Anything that screens a conversation: [{"role": "user"|"assistant", "content": str}, ...]."""

    def screen(self, conversation: list[dict]) -> GuardVerdict: ...


def parse_llama_guard(text: str, act_on: dict[str, str] | None = None) -> GuardVerdict:
    """Read "safe" or "unsafe\\nS11,S1"; `act_on` maps the codes that count to our categories."""
    act_on = {SELF_HARM: "suicidal_ideation"} if act_on is None else act_on
    words = text.replace(",", " ").split()
    if not words or words[0].lower() not in ("safe", "unsafe"):
        return GuardVerdict(False, parsed=False, raw=text)
    if words[0].lower() == "safe":
        return GuardVerdict(False, raw=text)
    codes = tuple(w.upper() for w in words[1:] if w.upper() in HAZARDS)
    hits = [act_on[c] for c in codes if c in act_on]
    return GuardVerdict(bool(hits), codes, hits[0] if hits else None, parsed=True, raw=text)


def llama_guard_prompt(conversation: list[dict]) -> str:
    """The Llama Guard 3 prompt for the last turn, for tokenizers that carry no chat template."""
    role = "Agent" if conversation[-1]["role"] == "assistant" else "User"
    categories = "\n".join(f"{code}: {name}." for code, name in HAZARDS.items())
    turns = "\n\n".join(
        f"{'Agent' if m['role'] == 'assistant' else 'User'}: {_text(m['content'])}" for m in conversation
    )
    return (
        "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n"
        f"Task: Check if there is unsafe content in '{role}' messages in conversations according our safety "
        "policy with the below categories.\n\n<BEGIN UNSAFE CONTENT CATEGORIES>\n"
        f"{categories}\n<END UNSAFE CONTENT CATEGORIES>\n\n<BEGIN CONVERSATION>\n\n{turns}\n\n"
        f"<END CONVERSATION>\n\nProvide your safety assessment for ONLY THE LAST {role} message in the above "
        "conversation:\n - First line must read 'safe' or 'unsafe'.\n - If unsafe, a second line must include "
        "a comma-separated list of violated categories.<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"
    )


def _text(content: Any) -> str:
    if isinstance(content, list):  # [{"type": "text", "text": ...}], the 1B model's message format
        return " ".join(part.get("text", "") for part in content if isinstance(part, dict))
    return str(content)


class LlamaGuardScreener:
    """Llama Guard 3 as a `Screener` (and, through `second_opinion`, as the input screen's extra detector)."""

    def __init__(self, model: Any, tokenizer: Any, *, act_on: dict[str, str] | None = None,
                 max_new_tokens: int = 10) -> None:
        self.model, self.tokenizer = model, tokenizer
        self.act_on = {SELF_HARM: "suicidal_ideation"} if act_on is None else dict(act_on)
        self.max_new_tokens = max_new_tokens

    @classmethod
    def from_pretrained(cls, folder: str | Path, **kwargs: Any) -> LlamaGuardScreener:
        """Load from a local folder only (no Hub access), on CPU unless the model says otherwise."""
        from transformers import AutoModelForCausalLM, AutoTokenizer

        tokenizer = AutoTokenizer.from_pretrained(str(folder), local_files_only=True)
        model = AutoModelForCausalLM.from_pretrained(str(folder), local_files_only=True)
        model.eval()
        return cls(model, tokenizer, **kwargs)

    def prompt(self, conversation: list[dict]) -> str:
        if getattr(self.tokenizer, "chat_template", None):
            # The official template wants content as a list of parts.
            parts = [{"role": m["role"], "content": [{"type": "text", "text": _text(m["content"])}]}
                     for m in conversation]
            return self.tokenizer.apply_chat_template(parts, tokenize=False, add_generation_prompt=True)
        return llama_guard_prompt(conversation)

    def screen(self, conversation: list[dict]) -> GuardVerdict:
        import torch

        prompt = self.prompt(conversation)
        ids = self.tokenizer(prompt, return_tensors="pt", add_special_tokens=False).to(self.model.device)
        pad = self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None else self.tokenizer.eos_token_id
        with torch.no_grad():
            out = self.model.generate(**ids, max_new_tokens=self.max_new_tokens, do_sample=False, pad_token_id=pad)
        answer = self.tokenizer.decode(out[0, ids["input_ids"].shape[1] :], skip_special_tokens=True)
        return parse_llama_guard(answer, self.act_on)

    def screen_message(self, text: str) -> GuardVerdict:
        return self.screen([{"role": "user", "content": text}])

    def screen_reply(self, user_text: str, reply: str) -> GuardVerdict:
        return self.screen([{"role": "user", "content": user_text}, {"role": "assistant", "content": reply}])

    def second_opinion(self, text: str) -> tuple[float, str | None, str]:
        """The input screen's second-opinion signature: (score, category, why)."""
        verdict = self.screen_message(text)
        return (1.0 if verdict.flagged else 0.0), verdict.category, f"llama-guard: {verdict.raw.strip()!r}"

    __call__ = second_opinion
