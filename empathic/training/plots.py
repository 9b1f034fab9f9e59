"""Loss-curve figure for a run folder."""

from __future__ import annotations

from pathlib import Path


def plot_losses(
    train: list[dict], evals: list[dict], path: Path, base_eval_loss: float | None = None, title: str | None = None
) -> Path:
    """Train and eval loss against optimizer step; the base model's eval loss as a dashed line."""
    import matplotlib

    matplotlib.use("Agg")  # no display on servers and in tests
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4), dpi=110)
    if train:
        ax.plot([p["step"] for p in train], [p["loss"] for p in train], label="train loss", color="#1f77b4", lw=1.4)
    if evals:
        ax.plot(
            [p["step"] for p in evals], [p["loss"] for p in evals],
            label="eval loss", color="#d62728", marker="o", ms=4, lw=1.4,
        )
    if base_eval_loss is not None:
        ax.axhline(base_eval_loss, color="#7f7f7f", ls="--", lw=1, label=f"base model eval loss ({base_eval_loss:.3f})")
    ax.set_xlabel("optimizer step")
    ax.set_ylabel("cross-entropy on assistant tokens")
    ax.set_title(title or "Training and evaluation loss")
    ax.grid(alpha=0.3)
    if train or evals or base_eval_loss is not None:
        ax.legend()
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path)
    plt.close(fig)
    return path
