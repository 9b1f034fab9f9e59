"""Models and adapters from the Hugging Face Hub (or its local cache): what is downloaded, and what a
refused or empty repository means in one line.

Offline (HF_HUB_OFFLINE=1) `snapshot_download` answers from the cache (`HF_HUB_CACHE`), so the same
code path serves Colab and the tests' Hub-shaped cache folder.
"""

from __future__ import annotations

import logging
from pathlib import Path

from empathic.errors import UserError
from empathic.modeling.files import ADAPTER_CONFIG, ADAPTER_WEIGHT_FILES

log = logging.getLogger(__name__)

# A base model: config, weights (safetensors), tokenizer files and a separate chat template.
MODEL_PATTERNS = ("*.json", "*.safetensors", "*.model", "*.txt", "*.jinja")
# An adapter also: adapter_model.bin (PEFT before safetensors) and config.yaml (this project's run
# config, which carries the training system prompt and prompt format).
ADAPTER_PATTERNS = (*MODEL_PATTERNS, "*.bin", "*.yaml")
MODEL_WEIGHT_SUFFIXES = (".safetensors", ".bin")


def login_hint(ref: str) -> str:
    return (f"accept the licence on {ref}'s Hub page while logged in, then log in here "
            "(`hf auth login`, or notebook_login() in Colab) or set HF_TOKEN")


def access_error(ref: str, err: BaseException) -> UserError | None:
    """A one-line UserError when the Hub refused `ref` (gated, private, missing); None for 'offline'."""
    from huggingface_hub.errors import GatedRepoError, HfHubHTTPError, RepositoryNotFoundError

    seen: BaseException | None = err
    while seen is not None:  # snapshot_download wraps the HTTP error it met (raise ... from api_call_error)
        status = getattr(getattr(seen, "response", None), "status_code", None)
        if isinstance(seen, GatedRepoError) or (isinstance(seen, HfHubHTTPError) and status == 403):
            return UserError(f"{ref} is gated on the Hugging Face Hub and this session has no access: {login_hint(ref)}")
        if isinstance(seen, RepositoryNotFoundError) or (isinstance(seen, HfHubHTTPError) and status == 401):
            return UserError(f"{ref} was not found on the Hugging Face Hub (check the id; a private repo needs "
                             "`hf auth login` or HF_TOKEN)")
        seen = seen.__cause__ or seen.__context__
    return None


def from_hub(ref: str, patterns: tuple[str, ...] = MODEL_PATTERNS) -> Path | None:
    """The snapshot folder of `ref` (downloaded, or from the cache offline); None when it is not reachable.

    A gated, private or unknown repository is a UserError that says what to do, not "offline".
    """
    from huggingface_hub import snapshot_download

    try:
        return Path(snapshot_download(ref, allow_patterns=list(patterns)))
    except Exception as err:  # noqa: BLE001 - offline, no cache, Hub down: all mean "not from the Hub"
        refused = access_error(ref, err)
        if refused is not None:
            raise refused from None
        log.debug("Hub lookup of %s failed: %s", ref, err)
        return None


def check_adapter_files(folder: Path, ref: str) -> None:
    """A folder that names itself an adapter must carry its config and weights; else one line."""
    if not (folder / ADAPTER_CONFIG).is_file():
        raise UserError(f"{ref} is not a PEFT adapter (no {ADAPTER_CONFIG}); pass a run folder or an adapter repo")
    if not any((folder / name).is_file() for name in ADAPTER_WEIGHT_FILES):
        raise UserError(f"{ref} has no adapter weights ({' or '.join(ADAPTER_WEIGHT_FILES)}); push the whole "
                        "adapter folder (empathic train --push-to-hub) or pass a folder that has them")


def check_model_files(folder: Path, ref: str) -> None:
    """A Hub snapshot of a base model without weight files is a one-line UserError, not a traceback."""
    if not any(p.suffix in MODEL_WEIGHT_SUFFIXES for p in folder.iterdir()):
        raise UserError(f"{ref} has no model weights (*.safetensors or *.bin) on the Hub; is it an adapter? "
                        "pass it as --adapter, or give a full model as --base")
