"""What every evaluation section needs: the configuration, the loaded model and cached generation."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
from dataclasses import dataclass, field
from pathlib import Path

from empathic.chat import Reply
from empathic.errors import UserError
from empathic.evaluation.cache import key_of
from empathic.evaluation.generation import GenSettings, generate
from empathic.evaluation.store import Store, folder_fingerprint
from empathic.modeling.adapters import adapter_disabled, default_adapter

log = logging.getLogger(__name__)


@dataclass
class EvalConfig:
    data: Path
    out: Path
    base: str | None = None
    adapter: str | None = None
    limit: int | None = None
    max_new_tokens: int = 128
    batch_size: int = 32  # continuous loop rows; 7.3x the sequential loop at 32 vs 5.3x at 16 (bench generate)
    threads: int | None = None  # torch CPU threads; None = 1 on a busy machine, else torch's default
    eqbench: bool = True
    eqbench_file: Path | None = None
    eqbench_limit: int | None = 20
    eqbench_max_new_tokens: int = 320
    judge_url: str | None = None
    judge_model: str | None = None
    judge_timeout: float = 60.0
    judge_retries: int = 3
    data_dir: Path | None = None  # folder holding epitome/, goemotions/, eqbench/ (../shared/data layout)
    epitome_dir: Path | None = None
    goemotions_dir: Path | None = None
    classifiers: bool = True
    classifier_max_rows: int | None = None
    # EPITOME judge: "pair-lr" (best held-out macro-F1 measured, Notes/eval/empathy.md), "cross-encoder"
    # (fine-tuned MiniLM; weaker even trained 12 epochs with epoch selection, round 42) or "embedding-lr" (older).
    epitome_judge: str = "pair-lr"
    pairwise: bool = False  # with a judge URL: also base-vs-tuned pairwise, both orders (evaluation/pairwise.py)
    embedder: str | None = None
    perplexity: bool = True
    safety: bool = True
    safety_benign_limit: int = 24
    n_resamples: int = 2000
    seed: int = 0
    n_report_examples: int = 4
    use_cache: bool = True
    notes: list[str] = field(default_factory=list)


def _progress(total: int, desc: str):
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit="reply", dynamic_ncols=True)


# ---------------------------------------------------------------- model + cached generation
@dataclass
class Loaded:
    model: object
    tokenizer: object
    base_fp: str
    adapter_fp: str
    template_fp: str


def load(cfg: EvalConfig) -> Loaded:
    from empathic.modeling import loading as models

    adapter = cfg.adapter or default_adapter()
    if adapter is None:
        raise UserError("no adapter to evaluate: pass --adapter FOLDER (a trained LoRA adapter, e.g. runs/demo)")
    model, tokenizer = models.load_model_and_tokenizer(cfg.base, adapter)
    if not hasattr(model, "disable_adapter"):
        raise UserError(f"{adapter} did not load as a PEFT adapter; pass the adapter folder written by `empathic train`")
    base_ref = cfg.base or models.adapter_base(models.resolve_model(adapter))
    cfg.base, cfg.adapter = str(base_ref), str(adapter)
    base_path = models.resolve_model(base_ref)
    return Loaded(model, tokenizer, folder_fingerprint(base_path), folder_fingerprint(models.resolve_model(adapter)),
                  key_of(tokenizer.chat_template))


def cached_generate(loaded: Loaded, conversations: list[list[dict]], settings: GenSettings, store: Store,
                    desc: str) -> dict[str, list[Reply]]:
    """Base and tuned replies for every conversation; only the (model, prompt, settings) never seen run."""
    out: dict[str, list[Reply]] = {}
    for role in ("base", "tuned"):
        ident = [loaded.base_fp, loaded.template_fp] + ([loaded.adapter_fp] if role == "tuned" else [])
        keys = [key_of("gen", ident, c, settings.as_dict()) for c in conversations]
        hits = store.get_many(keys)
        replies: list[Reply | None] = [_reply(hits[k]) if k in hits else None for k in keys]
        todo = [i for i, r in enumerate(replies) if r is None]
        if todo:
            bar = _progress(len(todo), f"{desc} ({role})")

            def on_batch(idx, got, todo=todo, keys=keys, bar=bar):
                store.put_many({keys[todo[i]]: r.__dict__ for i, r in zip(idx, got, strict=True)})
                bar.update(len(idx))

            ctx = adapter_disabled(loaded.model) if role == "base" else contextlib.nullcontext()
            with ctx:
                fresh = generate(loaded.model, loaded.tokenizer, [conversations[i] for i in todo], settings, on_batch)
            bar.close()
            for i, r in zip(todo, fresh, strict=True):
                replies[i] = r
        log.info("%s %s: %d cached, %d generated", desc, role, len(conversations) - len(todo), len(todo))
        out[role] = replies  # type: ignore[assignment]
    return out


def _reply(cached: dict) -> Reply:
    """A cached reply; fields the Reply class no longer has are ignored."""
    names = {f.name for f in dataclasses.fields(Reply)}
    return Reply(**{k: v for k, v in cached.items() if k in names})


