"""The fine-tuned crisis encoder: all-MiniLM-L6-v2 with a LoRA adapter and a linear head over its mean-pooled,
L2-normalised sentence embedding (the model card's pooling), trained end to end on our own rows
(`finetune_training`). Its logit joins the USE MLP's in the shipped learned screen (`learned.LearnedScreen`).

Folder layout (`empathic/resources/crisis_minilm_lora/`, or a folder from `empathic screen train-encoder`):
PEFT's `adapter_config.json` + `adapter_model.safetensors`, `head.safetensors` (the linear head) and `meta.json`
(training recipe, and the `combine` constants that put its logit next to the MLP's, chosen on validation batches).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from empathic.errors import UserError
from empathic.safety.encoder import mean_pooled

MAX_TOKENS = 128
STRIDE = 32  # tokens shared by consecutive windows of a long text
# The head reads the unit-length embedding times this: a linear layer on a unit vector needs a scale to reach
# confident logits without large weights.
EMBEDDING_SCALE = 10.0
HEAD_FILE = "head.safetensors"
META_FILE = "meta.json"


def shipped_encoder_path() -> Path:
    return Path(__file__).resolve().parent.parent / "resources" / "crisis_minilm_lora"


class FinetunedEncoder:
    """Callable `texts -> logits` (numpy, one per text) of a fine-tuned encoder folder, merged for inference."""

    def __init__(self, path: Path | str | None = None) -> None:
        import torch
        from peft import PeftModel
        from safetensors.torch import load_file
        from transformers import AutoModel, AutoTokenizer

        from empathic.evaluation.embeddings import resolve_embedder

        folder = Path(path) if path is not None else shipped_encoder_path()
        for name in ("adapter_config.json", "adapter_model.safetensors", HEAD_FILE, META_FILE):
            if not (folder / name).is_file():
                raise UserError(f"fine-tuned crisis encoder folder {folder} lacks {name}; "
                                "pass a folder written by `empathic screen train-encoder`")
        base = resolve_embedder(None)
        self.meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
        self.torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(base)
        # LoRA merged into the fp32 base for inference: one matmul per layer, as fast as the plain encoder.
        self.model = PeftModel.from_pretrained(AutoModel.from_pretrained(base), str(folder)).merge_and_unload().eval()
        head = load_file(str(folder / HEAD_FILE))
        self.weight, self.bias = head["weight"], head["bias"]

    def __call__(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """One logit per text: the maximum over its windows of `MAX_TOKENS` tokens (overlapping by `STRIDE`), so a
        risk sentence deep in a long post is read too; a text of up to `MAX_TOKENS` tokens is one window."""
        torch = self.torch
        texts = [t if t.strip() else "." for t in texts]
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.full(len(texts), -np.inf)
        with torch.inference_mode():
            for start in range(0, len(texts), batch_size):
                idx = order[start:start + batch_size]
                batch = self.tokenizer([texts[i] for i in idx], padding=True, truncation=True, max_length=MAX_TOKENS,
                                       stride=STRIDE, return_overflowing_tokens=True, return_tensors="pt")
                owner = [idx[j] for j in batch.pop("overflow_to_sample_mapping").tolist()]
                emb = mean_pooled(torch, self.model(**batch).last_hidden_state, batch["attention_mask"])
                logits = (emb * EMBEDDING_SCALE @ self.weight.T + self.bias).squeeze(-1).double().numpy()
                np.maximum.at(out, owner, logits)
        return out


@functools.cache
def _cached(path: str | None) -> FinetunedEncoder:
    return FinetunedEncoder(path)


def load_encoder(path: Path | str | None = None) -> FinetunedEncoder:
    """The encoder of `path` (default: the shipped one), loaded once per process."""
    return _cached(str(path) if path is not None else None)
