"""Optional screener adapter: Llama Guard 3 1B through transformers (never the default).

`LlamaGuardScreener(model_path)` is a `Screener` (`text -> (score, category, reason)`), so it plugs
in as `screen_user_message(text, second_opinion=LlamaGuardScreener(...))` or next to the default
(`second_opinion=[default_second_opinion(), LlamaGuardScreener(...)]`). It asks the model for its
safety assessment of the last user message and flags category S11 (Self-Harm) as
`suicidal_ideation`; S1 (Violent Crimes) as `harm_to_others` only with `violent_crimes=True`.
The weights are not shipped and not downloaded here: pass a local folder. The prompt follows the
model card's format; `build_prompt` is tested against it on a tiny random Llama.
"""

from __future__ import annotations

from dataclasses import dataclass

CATEGORIES_LG3 = (
    ("S1", "Violent Crimes"), ("S2", "Non-Violent Crimes"), ("S3", "Sex Crimes"), ("S4", "Child Exploitation"),
    ("S5", "Defamation"), ("S6", "Specialized Advice"), ("S7", "Privacy"), ("S8", "Intellectual Property"),
    ("S9", "Indiscriminate Weapons"), ("S10", "Hate"), ("S11", "Self-Harm"), ("S12", "Sexual Content"),
    ("S13", "Elections"),
)


def build_prompt(user_message: str, history: list[dict] | None = None) -> str:
    """Llama Guard 3's user-message classification prompt (model card format, 1B category list)."""
    turns = [*(history or []), {"role": "user", "content": user_message}]
    convo = "\n\n".join(f"{'User' if t['role'] == 'user' else 'Agent'}: {t['content']}" for t in turns
                        if t.get("role") in ("user", "assistant"))
    cats = "\n".join(f"{code}: {name}." for code, name in CATEGORIES_LG3)
    return (
        "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n"
        "Task: Check if there is unsafe content in 'User' messages in conversations according our safety "
        "policy with the below categories.\n\n"
        f"<BEGIN UNSAFE CONTENT CATEGORIES>\n{cats}\n<END UNSAFE CONTENT CATEGORIES>\n\n"
        f"<BEGIN CONVERSATION>\n\n{convo}\n\n<END CONVERSATION>\n\n"
        "Provide your safety assessment for ONLY THE LAST User message in the above conversation:\n"
        " - First line must read 'safe' or 'unsafe'.\n"
        " - If unsafe, a second line must include a comma-separated list of violated categories."
        "<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"
    )


@dataclass(frozen=True)
class Verdict:
    unsafe: bool
    categories: tuple[str, ...]


def parse_verdict(output: str) -> Verdict:
    """'unsafe\\nS11' -> Verdict(True, ('S11',)); anything not starting with 'unsafe' is safe."""
    lines = [ln.strip() for ln in output.strip().splitlines() if ln.strip()]
    if not lines or not lines[0].lower().startswith("unsafe"):
        return Verdict(False, ())
    cats = tuple(c.strip() for c in (lines[1] if len(lines) > 1 else "").split(",") if c.strip())
    return Verdict(True, cats)


class LlamaGuardScreener:
    """A `Screener` backed by a local Llama Guard 3 (1B) checkpoint; loads transformers on construction."""

    def __init__(self, model_path: str, *, violent_crimes: bool = False, model=None, tokenizer=None,
                 max_new_tokens: int = 10) -> None:
        if model is None or tokenizer is None:
            from transformers import AutoModelForCausalLM, AutoTokenizer

            tokenizer = tokenizer or AutoTokenizer.from_pretrained(model_path)
            model = model or AutoModelForCausalLM.from_pretrained(model_path)
        self.model, self.tokenizer = model.eval(), tokenizer
        self.violent_crimes, self.max_new_tokens = violent_crimes, max_new_tokens

    def generate(self, prompt: str) -> str:
        import torch

        ids = self.tokenizer(prompt, return_tensors="pt", add_special_tokens=False)
        with torch.no_grad():
            out = self.model.generate(**ids, max_new_tokens=self.max_new_tokens, do_sample=False,
                                      pad_token_id=self.tokenizer.pad_token_id or self.tokenizer.eos_token_id)
        return self.tokenizer.decode(out[0, ids["input_ids"].shape[1]:], skip_special_tokens=True)

    def __call__(self, text: str) -> tuple[float, str | None, str]:
        verdict = parse_verdict(self.generate(build_prompt(text)))
        if verdict.unsafe and "S11" in verdict.categories:
            return 0.9, "suicidal_ideation", "llama-guard: unsafe S11"
        if verdict.unsafe and self.violent_crimes and "S1" in verdict.categories:
            return 0.9, "harm_to_others", "llama-guard: unsafe S1"
        return 0.0, None, f"llama-guard: {'unsafe ' + ','.join(verdict.categories) if verdict.unsafe else 'safe'}"
