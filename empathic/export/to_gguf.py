"""Write a merged Hugging Face Llama-family model folder as one GGUF file that llama.cpp and Ollama load.

It follows llama.cpp's own `convert_hf_to_gguf.py` (LlamaModel and TextModel) step by step, with
the `gguf` library llama.cpp publishes: the same hyperparameter keys, tensor names (from
`gguf.get_tensor_name_map`), Q/K row permutation, GPT-2-style BPE vocabulary with token types,
merges and special ids, and pre-tokenizer name (by the same hash of a probe text). We do not ship
that script: no PyPI package carries it without replacing the pinned `gguf` package's files (see
Notes/decisions/export.md). Supported: `LlamaForCausalLM` with plain RoPE and a BPE `tokenizer.json`
(SmolLM / SmolLM2); anything else is refused by name rather than converted wrongly.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from empathic.errors import UserError

log = logging.getLogger(__name__)

FILE_TYPES = ("f16", "q8_0")
SUPPORTED_ARCHITECTURES = ("LlamaForCausalLM",)

# llama.cpp names the BPE pre-tokenizer by hashing the token ids of this text (convert_hf_to_gguf.py,
# get_vocab_base_pre); the runtime picks its regex split from that name.
PRE_TOKENIZER_PROBE = (
    "\n \n\n \n\n\n \t \t\t \t\n  \n   \n    \n     \n🚀 (normal) 😶\u200d🌫️ (multiple emojis concatenated) ✅ 🦙🦙 "
    "3 33 333 3333 33333 333333 3333333 33333333 3.3 3..3 3...3 កាន់តែពិសេសអាច😁 ?我想在apple工作1314151天～ "
    "------======= нещо на Български ''''''```````\"\"\"\"......!!!!!!?????? I've been 'told he's there, "
    "'RE you sure? 'M not sure I'll make it, 'D you like some tea? We'Ve a'lL"
)
# The subset of llama.cpp's hash table for the Llama-family tokenizers we support.
KNOWN_PRE_TOKENIZERS = {
    "855059429035d75a914d1eda9f10a876752e281a054a7a3d421ef0533e5b6249": "smollm",  # SmolLM, SmolLM2
    "0ef9807a4087ebef797fc749390439009c3b9eda9ad1a097abbe738f486c01e5": "llama-bpe",  # Llama 3
}

# `{% generation %}` is a transformers extension for assistant masks; llama.cpp's Jinja engine does
# not know the tag, and it never changes the rendered text, so the GGUF template goes without it.
_GENERATION_TAG = re.compile(r"\{%-?\s*(?:end)?generation\s*-?%\}")


@dataclass(frozen=True)
class GgufSummary:
    path: Path
    file_type: str
    tensors: int
    chat_template: str
    eos_token_id: int
    eot_token_id: int | None
    pre_tokenizer: str


def plain_chat_template(template: str) -> str:
    """The chat template with transformers' generation markers removed (same rendered text)."""
    return _GENERATION_TAG.sub("", template)


def permute_for_rope(weights: np.ndarray, n_head: int) -> np.ndarray:
    """Reorder q/k rows from HF's rotate-half RoPE layout to GGML's interleaved one (llama.cpp's `permute`)."""
    return (
        weights.reshape(n_head, 2, weights.shape[0] // n_head // 2, *weights.shape[1:])
        .swapaxes(1, 2)
        .reshape(weights.shape)
    )


def _read_config(model_dir: Path) -> dict[str, Any]:
    config = json.loads((model_dir / "config.json").read_text())
    archs = config.get("architectures") or []
    if not any(a in SUPPORTED_ARCHITECTURES for a in archs):
        raise UserError(
            f"GGUF export supports {', '.join(SUPPORTED_ARCHITECTURES)} (e.g. SmolLM2); {model_dir} is "
            f"{', '.join(archs) or 'an unknown architecture'}. Convert it with llama.cpp's convert_hf_to_gguf.py"
        )
    rope = config.get("rope_parameters") or config.get("rope_scaling") or {}
    if rope.get("rope_type", rope.get("type", "default")) not in ("default", None):
        raise UserError(f"RoPE scaling {rope.get('rope_type') or rope.get('type')!r} is not supported by the GGUF export")
    return config


def _pre_tokenizer(tokenizer: Any) -> str:
    digest = hashlib.sha256(str(tokenizer.encode(PRE_TOKENIZER_PROBE)).encode()).hexdigest()
    if digest not in KNOWN_PRE_TOKENIZERS:
        raise UserError(
            f"unrecognised BPE pre-tokenizer (hash {digest[:12]}...): llama.cpp would split text differently "
            "from transformers; only the SmolLM/SmolLM2 and Llama 3 tokenizers are supported"
        )
    return KNOWN_PRE_TOKENIZERS[digest]


def _vocabulary(tokenizer: Any, vocab_size: int) -> tuple[list[str], list[int]]:
    """Tokens and llama.cpp token types, as TextModel.get_vocab_base builds them."""
    import gguf

    reverse = {i: t for t, i in tokenizer.get_vocab().items()}
    added = tokenizer.get_added_vocab()
    decoder = tokenizer.added_tokens_decoder
    tokens, types = [], []
    for i in range(vocab_size):
        if i not in reverse:
            tokens.append(f"[PAD{i}]")
            types.append(gguf.TokenType.UNUSED)
            continue
        token = reverse[i]
        if token in added:
            if not decoder[i].normalized:
                # llama.cpp treats added tokens as pre-normalized text.
                token = tokenizer.decode(tokenizer.encode(token, add_special_tokens=False))
            looks_special = token.startswith("<|") and token.endswith("|>")
            types.append(gguf.TokenType.CONTROL if decoder[i].special or looks_special else gguf.TokenType.USER_DEFINED)
        else:
            types.append(gguf.TokenType.NORMAL)
        tokens.append(token)
    return tokens, types


def _add_tokenizer(writer: Any, model_dir: Path, config: dict[str, Any], eot_token: str | None) -> dict[str, Any]:
    import gguf
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    if not (model_dir / "tokenizer.json").is_file() or tokenizer.get_vocab().get("Ġ") is None:
        raise UserError("GGUF export needs a byte-level BPE tokenizer.json (GPT-2 style, as SmolLM2 has)")
    pre = _pre_tokenizer(tokenizer)
    tokens, types = _vocabulary(tokenizer, config["vocab_size"])
    writer.add_tokenizer_model("gpt2")
    writer.add_tokenizer_pre(pre)
    writer.add_token_list(tokens)
    writer.add_token_types(types)
    special = gguf.SpecialVocab(model_dir, load_merges=True)  # merges and bos/eos/unk/pad ids, as llama.cpp reads them
    template = tokenizer.chat_template
    if not isinstance(template, str) or not template:
        raise UserError(f"{model_dir} has no chat template; the GGUF would not know how to format a conversation")
    special.chat_template = plain_chat_template(template)
    # What the tokenizer does, not what its config claims: SmolLM2 never prepends BOS.
    special.add_special_token["bos"] = tokenizer("x").input_ids[:1] == [tokenizer.bos_token_id]
    special.add_to_gguf(writer, quiet=True)
    eot_id = tokenizer.convert_tokens_to_ids(eot_token) if eot_token else None
    if eot_id is not None and eot_id != tokenizer.unk_token_id:
        # End of turn: llama.cpp stops generation on it (and on EOS) in chat.
        writer.add_eot_token_id(eot_id)
    else:
        eot_id = None
    return {"chat_template": special.chat_template, "eos": tokenizer.eos_token_id, "eot": eot_id, "pre": pre}


def _add_hyperparameters(writer: Any, config: dict[str, Any], file_type: int) -> None:
    n_head = config["num_attention_heads"]
    head_dim = config.get("head_dim") or config["hidden_size"] // n_head
    rope = config.get("rope_parameters") or {}
    writer.add_block_count(config["num_hidden_layers"])
    writer.add_context_length(config["max_position_embeddings"])
    writer.add_embedding_length(config["hidden_size"])
    writer.add_feed_forward_length(config["intermediate_size"])
    writer.add_head_count(n_head)
    writer.add_head_count_kv(config.get("num_key_value_heads") or n_head)
    writer.add_rope_freq_base(float(rope.get("rope_theta", config.get("rope_theta", 10000.0))))
    writer.add_layer_norm_rms_eps(config["rms_norm_eps"])
    writer.add_vocab_size(config["vocab_size"])
    writer.add_rope_dimension_count(head_dim)
    if config.get("head_dim"):
        writer.add_key_length(head_dim)
        writer.add_value_length(head_dim)
    writer.add_file_type(file_type)


def _tensor_data(name: str, data: np.ndarray, qtype: Any) -> tuple[np.ndarray, Any]:
    """(array, raw GGML type) for one tensor: norms stay F32, matrices F16 or Q8_0 (llama.cpp's choice)."""
    import gguf

    data = data.astype(np.float32)
    if data.ndim == 1 or name.endswith("_norm.weight"):
        return data, gguf.GGMLQuantizationType.F32
    if qtype == gguf.GGMLQuantizationType.Q8_0:
        try:
            return gguf.quants.quantize(data, qtype), qtype
        except gguf.quants.QuantError:  # rows not a multiple of the 32-value block: llama.cpp falls back to F16
            pass
    return data.astype(np.float16), gguf.GGMLQuantizationType.F16


def write_gguf(
    model_dir: str | Path, out_file: str | Path, *, file_type: str = "f16", name: str | None = None,
    eot_token: str | None = None, license_name: str | None = None,
) -> GgufSummary:
    """Convert the HF folder `model_dir` (merged, unquantized) into the GGUF file `out_file`."""
    import gguf
    from safetensors import safe_open

    model_dir, out_file = Path(model_dir), Path(out_file)
    if file_type not in FILE_TYPES:
        raise UserError(f"--type must be one of {FILE_TYPES}, got {file_type!r}")
    config = _read_config(model_dir)
    qtype, ftype = {
        "f16": (gguf.GGMLQuantizationType.F16, gguf.LlamaFileType.MOSTLY_F16),
        "q8_0": (gguf.GGMLQuantizationType.Q8_0, gguf.LlamaFileType.MOSTLY_Q8_0),
    }[file_type]
    arch = gguf.MODEL_ARCH.LLAMA
    n_layers, n_head = config["num_hidden_layers"], config["num_attention_heads"]
    n_kv_head = config.get("num_key_value_heads") or n_head
    names = gguf.get_tensor_name_map(arch, n_layers)

    # use_temp_file: tensors wait on disk, not in memory, until the header is written.
    writer = gguf.GGUFWriter(out_file, gguf.MODEL_ARCH_NAMES[arch], use_temp_file=True)
    writer.add_type(gguf.GGUFType.MODEL)
    writer.add_name(name or model_dir.name)
    if license_name:
        writer.add_license(license_name)
    _add_hyperparameters(writer, config, int(ftype))
    vocab = _add_tokenizer(writer, model_dir, config, eot_token)
    writer.add_quantization_version(gguf.GGML_QUANT_VERSION)

    count = 0
    files = sorted(model_dir.glob("*.safetensors"))
    if not files:
        raise UserError(f"{model_dir} has no .safetensors weights")
    for file in files:
        with safe_open(str(file), framework="pt") as handle:
            for hf_name in handle.keys():
                if hf_name == "lm_head.weight" and config.get("tie_word_embeddings"):
                    continue  # tied: llama.cpp reuses token_embd as the output matrix
                gguf_name = names.get_name(hf_name, try_suffixes=(".weight", ".bias"))
                if gguf_name is None:
                    raise UserError(f"no GGUF name for tensor {hf_name!r}: not a plain Llama checkpoint")
                data = handle.get_tensor(hf_name).float().numpy()
                if hf_name.endswith("q_proj.weight"):
                    data = permute_for_rope(data, n_head)
                elif hf_name.endswith("k_proj.weight"):
                    data = permute_for_rope(data, n_kv_head)
                array, raw = _tensor_data(gguf_name, data, qtype)
                writer.add_tensor(gguf_name, array, raw_dtype=raw)
                count += 1
    out_file.parent.mkdir(parents=True, exist_ok=True)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    log.info("wrote %s (%s, %d tensors)", out_file, file_type, count)
    return GgufSummary(out_file, file_type, count, vocab["chat_template"], vocab["eos"], vocab["eot"], vocab["pre"])
