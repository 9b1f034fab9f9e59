"""Upload a run folder to the Hugging Face Hub (or list what would be uploaded)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from empathic.errors import UserError

log = logging.getLogger(__name__)

# Never uploaded: training state (checkpoints, pickled arguments), the prepared data copy (its
# licenses differ and several are non-commercial), caches and half-written files.
EXCLUDED_DIRS = ("data", "runs", "__pycache__", ".cache")
EXCLUDED_NAMES = ("training_args.bin", "base_metrics.json")
EXCLUDED_SUFFIXES = (".tmp", ".lock", ".pyc")


def _excluded(rel: Path) -> bool:
    top = rel.parts[0]
    return (
        top.startswith("checkpoint-")
        or top in EXCLUDED_DIRS
        or rel.name in EXCLUDED_NAMES
        or rel.name.endswith(EXCLUDED_SUFFIXES)
        or rel.name.startswith(".")
    )


def files_to_upload(run_dir: Path) -> list[Path]:
    """Files of the run folder that belong on the Hub, relative to it, sorted."""
    run_dir = Path(run_dir)
    if not (run_dir / "adapter_config.json").is_file():
        raise UserError(f"{run_dir} has no trained adapter (adapter_config.json); train first, then push")
    return sorted(p.relative_to(run_dir) for p in run_dir.rglob("*") if p.is_file() and not _excluded(p.relative_to(run_dir)))


def push_run(run_dir: Path, repo_id: str, *, dry_run: bool = False, private: bool = False) -> list[Path]:
    """Upload the run folder to `repo_id`; with dry_run only print the files (no network)."""
    run_dir = Path(run_dir)
    if repo_id.count("/") != 1:
        raise UserError(f"--push-to-hub expects a Hub repo id like user/name, got {repo_id!r}")
    files = files_to_upload(run_dir)
    total = sum((run_dir / f).stat().st_size for f in files)
    header = "would upload" if dry_run else "uploading"
    print(f"{header} {len(files)} files ({total / 1e6:.1f} MB) from {run_dir} to {repo_id}:")
    for f in files:
        print(f"  {f.as_posix()}  ({(run_dir / f).stat().st_size:,} bytes)")
    if dry_run:
        return files
    if os.environ.get("HF_HUB_OFFLINE", "0") not in ("0", "", "false", "False"):
        raise UserError("cannot push: the Hub is offline here (HF_HUB_OFFLINE is set); use --dry-run to list the files")
    from huggingface_hub import HfApi

    api = HfApi()
    try:
        api.create_repo(repo_id, exist_ok=True, private=private, repo_type="model")
        api.upload_folder(
            folder_path=str(run_dir),
            repo_id=repo_id,
            allow_patterns=[f.as_posix() for f in files],
            commit_message="empathic: upload LoRA adapter run",
        )
    except Exception as err:  # auth, network, permissions: one line, what to do
        raise UserError(f"push to {repo_id} failed: {str(err).splitlines()[0]}; check `huggingface-cli login` and the repo name") from err
    log.info("pushed %d files to %s", len(files), repo_id)
    return files
