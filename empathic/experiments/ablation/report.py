"""The ablation's report: markdown tables, the two figures, and the lines printed at the end."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

TASK_TITLES = {"goemotions": "GoEmotions (28, multi-label)", "ed_situation": "ED situation emotion (32)",
               "strategy": "ESConv next-reply strategy (8)"}


def _fmt(entry: dict | None, digits: int = 3) -> str:
    if not entry or entry.get("value") is None or not np.isfinite(entry["value"]):
        return "–"
    return f"{entry['value']:.{digits}f} [{entry['ci_low']:.{digits}f}, {entry['ci_high']:.{digits}f}]"


def _fmt_diff(d: dict | None, digits: int = 3) -> str:
    if not d or d.get("diff") is None or not np.isfinite(d["diff"]):
        return "–"
    verdict = "within noise" if d["within_noise"] else "outside noise"
    return f"{d['diff']:+.{digits}f} [{d['ci_low']:+.{digits}f}, {d['ci_high']:+.{digits}f}] ({verdict})"


def _pyplot() -> Any:
    """matplotlib's pyplot on the file-only backend (no display on servers and in tests)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def render_report(summary: dict[str, Any]) -> str:
    """Markdown: setup, LM table, head table, paired differences, generation metrics, per-arm cost."""
    comp = summary["comparison"]
    arms = list(comp["arms"])
    lines = ["# Auxiliary-head ablation", "", f"Command: `{summary['command']}`", "",
             f"Recipe `{summary['config']}`: {summary['steps']} optimizer steps per arm, effective batch "
             f"{summary['effective_batch']}, max_length {summary['max_length']}, seed {summary['seed']}. "
             f"Heads: λ_lm {summary['heads']['lambda_lm']}, λ_emo {summary['heads']['lambda_emotion']}, "
             f"λ_strat {summary['heads']['lambda_strategy']}, mix α {summary['heads']['alpha']}. "
             "Every arm sees the same example stream (GoEmotions rows included) and only its loss terms differ.",
             "", f"Data: {summary['data']['train']} train conversations + {summary['data']['goemotions_train']} "
             f"GoEmotions rows; evaluated on {summary['data']['test']} test conversations and "
             f"{summary['data']['goemotions_test']} GoEmotions test rows. 95% bootstrap intervals "
             "(paired over the same test items for differences; ESConv by conversation).", "",
             "## Held-out LM loss (assistant tokens, training mask; lower is better)", "",
             "| Arm | LM loss [95% CI] | Difference vs lm_only [95% CI] | Difference vs base model [95% CI] |",
             "| --- | --- | --- | --- |"]
    if "base" in comp:
        lines.append(f"| base model (no training) | {_fmt(comp['base']['lm_loss'], 4)} | – | – |")
    for arm in arms:
        diff = comp["diffs"].get(f"lm_loss:{arm}-lm_only")
        lines.append(f"| {arm} | {_fmt(comp['arms'][arm]['lm_loss'], 4)} | "
                     f"{_fmt_diff(diff, 4) if diff else ('reference' if arm == 'lm_only' else '–')} | "
                     f"{_fmt_diff(comp['diffs'].get(f'lm_loss:{arm}-base'), 4)} |")
    lines += ["", "## Heads on held-out data (higher is better)", "",
              "| Task | Arm | Accuracy [95% CI] | Macro-F1 [95% CI] | Majority-class accuracy | n |",
              "| --- | --- | --- | --- | --- | --- |"]
    for task, title in TASK_TITLES.items():
        for arm in arms:
            entry = comp["arms"][arm].get(task)
            if entry is None:
                continue
            maj = entry.get("majority_accuracy")
            lines.append(f"| {title} | {arm} | {_fmt(entry['accuracy'])} | {_fmt(entry['macro_f1'])} | "
                         f"{'–' if maj is None else f'{maj:.3f}'} | {entry['accuracy']['n']} |")
    lines += ["", "GoEmotions accuracy = the top-scored label is one of the gold labels; its macro-F1 predicts "
              "every label with p ≥ 0.5 plus the top label. ESConv n counts conversations (the bootstrap unit).",
              "", "## Paired differences between arms", "", "| Comparison | Difference [95% CI] |", "| --- | --- |"]
    for key, d in comp["diffs"].items():
        lines.append(f"| {key} | {_fmt_diff(d, 4)} |")
    gen = {arm: r.get("generation_eval") for arm, r in summary["arms"].items() if r.get("generation_eval")}
    if gen:
        lines += ["", "## Generation metrics (`empathic eval`, tuned minus base, small sample)", ""]
        for arm, g in gen.items():
            if "skipped" in g:
                lines.append(f"- {arm}: {g['skipped']}")
                continue
            parts = [f"{row['label']} {row['tuned']:.3g} ({row['diff']:+.3g} "
                     f"[{row['ci_low']:+.3g}, {row['ci_high']:+.3g}])" for row in g.get("headline", [])]
            lines.append(f"- {arm} (n={g.get('n')}): " + "; ".join(parts))
        lines.append(f"\nCommand per arm: `{next(iter(gen.values())).get('command', '')}`")
    lines += ["", "## Cost and machine load", "", "| Arm | Steps | Train s | Eval s | Load avg before | after |",
              "| --- | --- | --- | --- | --- | --- |"]
    for arm, r in summary["arms"].items():
        lines.append(f"| {arm} | {r.get('steps')} | {r.get('train_seconds')} | {r.get('eval_seconds')} | "
                     f"{r.get('load_average_before')} | {r.get('load_average_after')} |")
    lines += ["", f"CPU cores: {summary.get('cpu_count')}. Plots: `ablation.png` (test metrics), "
              "`ablation_training.png` (logged training losses); all numbers: `ablation.json`.", ""]
    return "\n".join(lines)


def plot_ablation(comparison: dict[str, Any], path: Path) -> Path:
    """Four panels: LM loss per arm, and each head task's accuracy / macro-F1 per arm, with 95% CIs."""
    plt = _pyplot()
    arms = list(comparison["arms"])
    fig, axes = plt.subplots(1, 4, figsize=(16, 3.8), dpi=110)

    def bars(ax: Any, labels: list[str], entries: list[dict], title: str, ylabel: str, color: str) -> None:
        values = [e["value"] for e in entries]
        err = [[e["value"] - e["ci_low"] for e in entries], [e["ci_high"] - e["value"] for e in entries]]
        ax.bar(labels, values, yerr=err, capsize=4, color=color, alpha=0.8)
        ax.set_title(title, fontsize=10)
        ax.set_ylabel(ylabel)
        ax.tick_params(axis="x", rotation=30)
        ax.grid(axis="y", alpha=0.3)

    lm = [comparison["arms"][a]["lm_loss"] for a in arms]
    bars(axes[0], arms, lm, "Held-out LM loss (lower is better)", "CE on assistant tokens", "#1f77b4")
    base = comparison.get("base", {}).get("lm_loss")
    if base is not None:
        axes[0].axhline(base["value"], color="#d62728", ls="--", lw=1, label=f"base model {base['value']:.3f}")
        axes[0].legend(fontsize=7)
    low = min(e["ci_low"] for e in lm + ([base] if base else []))
    high = max(e["ci_high"] for e in lm + ([base] if base else []))
    axes[0].set_ylim(low - 0.5 * (high - low + 1e-3), high + 0.5 * (high - low + 1e-3))
    for ax, (task, title) in zip(axes[1:], TASK_TITLES.items(), strict=True):
        with_task = [a for a in arms if task in comparison["arms"][a]]
        if not with_task:
            ax.set_axis_off()
            ax.set_title(f"{title}: no arm has this head", fontsize=9)
            continue
        labels = [f"{a}\nacc" for a in with_task] + [f"{a}\nF1" for a in with_task]
        entries = [comparison["arms"][a][task]["accuracy"] for a in with_task]
        entries += [comparison["arms"][a][task]["macro_f1"] for a in with_task]
        bars(ax, labels, entries, title, "accuracy / macro-F1", "#2ca02c")
        majority = comparison["arms"][with_task[0]][task].get("majority_accuracy")
        if majority is not None:
            ax.axhline(majority, color="#7f7f7f", ls="--", lw=1, label="majority-class accuracy")
            ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def plot_training(results: dict[str, dict], path: Path) -> Path:
    """Logged LM, emotion and strategy losses against the step, one line per arm (5-step windows)."""
    plt = _pyplot()
    fig, axes = plt.subplots(1, 3, figsize=(14, 3.6), dpi=110)
    for ax, key, title in zip(axes, ("lm_loss", "emotion_loss", "strategy_loss"),
                              ("LM loss (train windows)", "emotion loss", "strategy loss"), strict=True):
        for arm, result in results.items():
            points = [(e["step"], e[key]) for e in result.get("log_history", []) if key in e]
            if points:
                ax.plot(*zip(*points, strict=True), marker="o", ms=3, lw=1.2, label=arm)
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("optimizer step")
        ax.grid(alpha=0.3)
        if ax.get_lines():
            ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def summary_lines(summary: dict[str, Any]) -> list[str]:
    comp = summary["comparison"]
    out = []
    for arm, entry in comp["arms"].items():
        lm = entry["lm_loss"]
        line = f"{arm}: LM loss {_fmt(lm, 4)}"
        diff = comp["diffs"].get(f"lm_loss:{arm}-lm_only")
        if diff:
            line += f", vs lm_only {_fmt_diff(diff, 4)}"
        for task in TASK_TITLES:
            if task in entry:
                line += f"; {task} acc {entry[task]['accuracy']['value']:.3f} F1 {entry[task]['macro_f1']['value']:.3f}"
        out.append(line)
    return out
