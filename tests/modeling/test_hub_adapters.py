"""Adapters and base models from the Hub, through a Hub-shaped offline cache (HF_HUB_CACHE with
models--owner--name/snapshots/<rev>/... and refs/main): older *.bin adapters, the run config in the
snapshot, empty repos and refused (gated) repos as one line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from factories import save_tiny_model, word_tokenizer

from empathic.errors import UserError
from empathic.modeling import hub
from empathic.modeling.loading import (
    adapter_prompt_format,
    adapter_system_prompt,
    resolve_adapter,
    resolve_model,
)

pytestmark = pytest.mark.usefixtures("one_thread")

SYSTEM = "You are a warm, supportive listener."


@pytest.fixture
def hub_cache(tmp_path, monkeypatch):
    """publish(repo_id, folder) puts a folder's files into a Hub-shaped cache that offline lookups read."""
    import huggingface_hub.constants as constants

    cache = tmp_path / "hub-cache"
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(cache))
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)

    def publish(repo_id: str, folder: Path, revision: str = "0123456789abcdef0123456789abcdef01234567") -> Path:
        repo = cache / f"models--{repo_id.replace('/', '--')}"
        snapshot = repo / "snapshots" / revision
        shutil.copytree(folder, snapshot)
        (repo / "refs").mkdir(parents=True)
        (repo / "refs" / "main").write_text(revision)
        return snapshot

    return publish


def tiny_adapter(tmp_path: Path, *, bin_weights: bool) -> tuple[Path, Path]:
    """(base folder, adapter folder): a LoRA on a tiny Gemma-2, saved as PEFT saves it."""
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    base = save_tiny_model(word_tokenizer("gemma"), tmp_path / "base", arch="gemma2", hidden=16, layers=1)
    model = get_peft_model(AutoModelForCausalLM.from_pretrained(base), LoraConfig(r=2, target_modules=["q_proj"]))
    adapter = tmp_path / "adapter"
    model.save_pretrained(adapter, safe_serialization=not bin_weights)
    return base, adapter


def test_adapter_downloads_include_older_bin_weights_and_the_run_config(monkeypatch):
    import huggingface_hub

    asked: dict = {}
    monkeypatch.setattr(huggingface_hub, "snapshot_download",
                        lambda ref, allow_patterns: asked.update({ref: allow_patterns}) or "/nowhere")
    hub.from_hub("someone/adapter", hub.ADAPTER_PATTERNS)
    hub.from_hub("someone/base")
    assert {"*.bin", "*.yaml", "*.safetensors", "*.json"} <= set(asked["someone/adapter"])
    assert "*.bin" not in asked["someone/base"]  # a base with both formats is not downloaded twice


@pytest.mark.filterwarnings("ignore::FutureWarning")  # peft calls a deprecated transformers helper
def test_an_older_bin_adapter_from_the_hub_loads_with_its_system_prompt_and_format(tmp_path, hub_cache):
    from peft import PeftModel

    from empathic.chat.cli import training_system_prompt
    from empathic.modeling.loading import load_model_and_tokenizer

    _, adapter = tiny_adapter(tmp_path, bin_weights=True)
    assert (adapter / "adapter_model.bin").is_file() and not (adapter / "adapter_model.safetensors").exists()
    (adapter / "config.yaml").write_text(f"system_prompt: {SYSTEM}\nprompt_format: chat_template\n")
    hub_cache("someone/old-adapter", adapter)

    folder = resolve_adapter("someone/old-adapter")
    assert "models--someone--old-adapter" in str(folder)
    # Read from the snapshot, not from a local folder named like the repo id (there is none).
    assert training_system_prompt(str(folder)) == SYSTEM and adapter_system_prompt(folder) == SYSTEM
    assert adapter_prompt_format(folder) == "chat_template"
    model, tokenizer = load_model_and_tokenizer(None, "someone/old-adapter")
    assert isinstance(model, PeftModel)


def test_an_adapter_repo_without_weights_is_one_line(tmp_path, hub_cache):
    _, adapter = tiny_adapter(tmp_path, bin_weights=False)
    (adapter / "adapter_model.safetensors").unlink()
    hub_cache("someone/empty-adapter", adapter)
    with pytest.raises(UserError, match="someone/empty-adapter has no adapter weights") as err:
        resolve_adapter("someone/empty-adapter")
    assert "\n" not in str(err.value)


def test_a_model_repo_without_weights_is_one_line(tmp_path, hub_cache):
    folder = tmp_path / "config-only"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps({"model_type": "gemma2"}))
    hub_cache("someone/no-weights", folder)
    with pytest.raises(UserError, match="someone/no-weights has no model weights"):
        resolve_model("someone/no-weights")


def refused(status: int, gated: bool) -> Exception:
    import httpx2
    from huggingface_hub.errors import GatedRepoError, HfHubHTTPError, LocalEntryNotFoundError

    response = httpx2.Response(status, request=httpx2.Request("GET", "https://hub.invalid/api/models/x"))
    if gated:
        return GatedRepoError("Access to model google/gemma-2-2b-it is restricted", response=response)
    try:  # what snapshot_download raises for a 403: a cache miss, caused by the HTTP error
        raise LocalEntryNotFoundError("no cached snapshot") from HfHubHTTPError("403 Forbidden", response=response)
    except LocalEntryNotFoundError as err:
        return err


@pytest.mark.parametrize("gated", [True, False])
def test_a_gated_base_model_says_accept_the_licence_and_log_in(monkeypatch, gated):
    import huggingface_hub

    def snapshot_download(ref, allow_patterns):
        raise refused(403 if not gated else 401, gated)

    monkeypatch.setattr(huggingface_hub, "snapshot_download", snapshot_download)
    with pytest.raises(UserError, match=r"google/gemma-2-2b-it is gated.*accept the licence.*log in.*HF_TOKEN"):
        resolve_model("google/gemma-2-2b-it")


def test_chat_reports_a_gated_base_as_one_line_not_offline(monkeypatch, capsys):
    import huggingface_hub

    from empathic.cli import main

    monkeypatch.setattr(huggingface_hub, "snapshot_download", lambda ref, allow_patterns: (_ for _ in ()).throw(
        refused(401, gated=True)))
    code = main(["chat", "--base", "google/gemma-2-2b-it", "--no-adapter", "--no-safety", "--prompt", "hi"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and "accept the licence" in err[-1] and "offline" not in err[-1]


def test_modeling_never_imports_training():
    import ast

    for path in (Path(__file__).resolve().parents[2] / "empathic" / "modeling").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
                [a.name for a in node.names] if isinstance(node, ast.Import) else []
            assert not any(n.startswith("empathic.training") for n in names), f"{path.name} imports {names}"
