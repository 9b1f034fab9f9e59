"""Training the fine-tuned crisis encoder (`empathic screen train-encoder`): LoRA on all-MiniLM-L6-v2 plus a
linear head, binary cross-entropy on our own rows (the red-team dev batches and written training rows: the rows
the USE MLP trains on) and HYPO's hyperboles as negatives (CC BY). Nothing of unknown licence: the result ships.

Round 51 (Notes/decisions/safety.md): the frozen sentence encoders plateaued (grouped CV and every blind batch
since 21), and an end-to-end fine-tune is the representation lever; on blind batches 47-50 its logit next to the
MLP's raised pooled ROC-AUC from 0.956 to 0.983. A plain loop, as nanoGPT: PEFT for the adapter, transformers'
schedule, a progress bar; 2 epochs over ~18k rows take ~16 minutes on 2 CPU cores.
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import asdict, dataclass
from pathlib import Path

from empathic.evaluation.embeddings import DEFAULT_EMBEDDER as BASE_MODEL_ID
from empathic.safety.crisis_data import load_source
from empathic.safety.encoder import mean_pooled
from empathic.safety.finetuned import EMBEDDING_SCALE, HEAD_FILE, MAX_TOKENS, META_FILE
from empathic.safety.normalize import deobfuscate


@dataclass(frozen=True)
class EncoderRecipe:
    epochs: float = 2.0
    lora_r: int = 16
    lora_alpha: int = 32
    lora_dropout: float = 0.1
    target_modules: tuple[str, ...] = ("query", "key", "value", "dense")
    batch_size: int = 32
    lr_adapter: float = 5e-4
    lr_head: float = 2e-3
    weight_decay: float = 0.01
    warmup: float = 0.06
    seed: int = 0


def training_texts(data_dir: Path | str | None) -> tuple[list[str], list[float], list[str]]:
    """(texts, labels, sources): our own rows, then HYPO's rows (all negatives) when `data_dir` has them."""
    from empathic.safety.training import own_row_dicts

    rows = own_row_dicts()
    texts = [deobfuscate(r["text"]) for r in rows]
    labels = [float(bool(r["crisis"])) for r in rows]
    sources = ["own"]
    if data_dir is not None:
        hypo = load_source(data_dir, "hypo_hyperbole")
        texts += [deobfuscate(r.text) for r in hypo]
        labels += [0.0] * len(hypo)
        sources.append("hypo_hyperbole")
    return texts, labels, sources


def _batches(n: int, texts: list[str], size: int, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of similar lengths: sorted by length inside shuffled chunks of 50 batches (less padding,
    still a random order)."""
    idx = list(range(n))
    rng.shuffle(idx)
    out = []
    for c in range(0, n, size * 50):
        chunk = sorted(idx[c:c + size * 50], key=lambda i: len(texts[i]))
        out += [chunk[i:i + size] for i in range(0, len(chunk), size)]
    rng.shuffle(out)
    return out


def train_encoder(out: Path | str, data_dir: Path | str | None, recipe: EncoderRecipe = EncoderRecipe(),
                  progress: bool = True) -> dict:
    """Fine-tune and write the encoder folder at `out` (whole or not at all); returns its meta."""
    import torch
    from peft import LoraConfig, get_peft_model
    from safetensors.torch import save_file
    from tqdm.auto import tqdm
    from transformers import AutoModel, AutoTokenizer, get_linear_schedule_with_warmup

    from empathic.durable.folders import staged_folder
    from empathic.durable.lock import run_lock
    from empathic.evaluation.embeddings import resolve_embedder

    texts, labels, sources = training_texts(data_dir)
    torch.manual_seed(recipe.seed)
    rng = random.Random(recipe.seed)
    base = resolve_embedder(None)
    tokenizer = AutoTokenizer.from_pretrained(base)
    model = get_peft_model(AutoModel.from_pretrained(base),
                           LoraConfig(r=recipe.lora_r, lora_alpha=recipe.lora_alpha, lora_dropout=recipe.lora_dropout,
                                      target_modules=list(recipe.target_modules)))
    head = torch.nn.Linear(model.config.hidden_size, 1)

    def logits(batch_texts: list[str]):
        enc = tokenizer(batch_texts, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
        emb = mean_pooled(torch, model(**enc).last_hidden_state, enc["attention_mask"])
        return head(emb * EMBEDDING_SCALE).squeeze(-1)

    total = int(math.ceil(len(texts) / recipe.batch_size) * recipe.epochs)
    adapter = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW([{"params": adapter, "lr": recipe.lr_adapter},
                             {"params": head.parameters(), "lr": recipe.lr_head}], weight_decay=recipe.weight_decay)
    schedule = get_linear_schedule_with_warmup(opt, int(recipe.warmup * total), total)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    model.train()
    step, ema = 0, None
    with tqdm(total=total, desc="crisis encoder", unit="step", disable=not progress) as bar:
        while step < total:
            for b in _batches(len(texts), texts, recipe.batch_size, rng):
                if step >= total:
                    break
                loss = loss_fn(logits([texts[i] for i in b]), torch.tensor([labels[i] for i in b]))
                loss.backward()
                torch.nn.utils.clip_grad_norm_(adapter, 1.0)
                opt.step()
                schedule.step()
                opt.zero_grad()
                step += 1
                ema = loss.item() if ema is None else 0.98 * ema + 0.02 * loss.item()
                bar.set_postfix(loss=f"{ema:.4f}")
                bar.update()
    meta = {"base": BASE_MODEL_ID, "recipe": asdict(recipe), "sources": sources,
            "rows": len(texts), "positives": int(sum(labels)), "final_loss_ema": round(float(ema or 0.0), 4),
            "shippable": True}
    out = Path(out)
    # The Hub id, not this machine's path of the offline copy: the folder loads with plain PEFT anywhere.
    model.peft_config["default"].base_model_name_or_path = BASE_MODEL_ID
    with run_lock(out), staged_folder(out, command="screen train-encoder") as work:
        model.save_pretrained(str(work), save_embedding_layers=False)  # adapter only; no Hub lookup offline
        save_file({"weight": head.weight.detach().contiguous(), "bias": head.bias.detach().contiguous()},
                  str(work / HEAD_FILE))
        (work / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta
