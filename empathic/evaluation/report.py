"""Render metrics.json into report.md and PNG plots (matplotlib, Agg backend)."""

from __future__ import annotations

from pathlib import Path

from empathic.evaluation.rows import _num, _signed, metric_row

__all__ = ["metric_row", "plot_differences", "write_report"]


def verdict(row: dict) -> str:
    """Plain words: "within noise", or the direction, and whether that direction is the good one."""
    if row.get("n", 0) == 0 or _num(row.get("diff")) == "n/a":
        return "no data"
    if row["within_noise"]:
        return "within noise"
    up = row["diff"] > 0
    if row.get("better") is None:
        return "higher" if up else "lower"
    good = up == (row["better"] == "higher")
    return ("higher" if up else "lower") + (" (better)" if good else " (worse)")


def _table(rows: list[dict], title_col: str = "Metric") -> list[str]:
    out = [f"| {title_col} | Base | Tuned | Difference | 95% CI | Verdict | n |",
           "| --- | ---: | ---: | ---: | --- | --- | ---: |"]
    for r in rows:
        dg = r.get("digits", 3)
        ci = f"[{_signed(r['ci_low'], dg)}, {_signed(r['ci_high'], dg)}]"
        label = r["label"] + (f" ({r['note']})" if r.get("note") else "")
        out.append(f"| {label} | {_num(r['base'], dg)} | {_num(r['tuned'], dg)} | {_signed(r['diff'], dg)} | "
                   f"{ci} | {verdict(r)} | {r['n']} |")
    return out


def _md_escape(text: str, limit: int = 400) -> str:
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[:limit] + " …"
    return text.replace("|", "\\|")


def render_markdown(m: dict) -> str:
    meta = m.get("meta", {})
    lines = ["# Evaluation report", ""]
    lines += [
        f"- Base: `{meta.get('base')}`; tuned: `{meta.get('adapter')}` on the same base.",
        f"- Data: `{meta.get('data')}` — {meta.get('n_examples')} prompts"
        + (f" ({meta.get('n_skipped')} bad rows skipped: {meta.get('skipped')})" if meta.get("n_skipped") else "")
        + ".",
        f"- Generation (identical for both): {meta.get('generation')}.",
        f"- Uncertainty: paired bootstrap over prompts, {meta.get('n_resamples')} resamples, seed "
        f"{meta.get('seed')}; a difference is **within noise** when its 95% interval contains 0.",
        "",
        "## Headline: base vs tuned",
        "",
        *_table(m.get("headline", [])),
        "",
    ]
    corpus = m.get("corpus")
    if corpus:
        lines += ["Corpus-level values (point estimates; no interval, see notes): "
                  + "; ".join(f"{k}: base {_num(corpus['base'].get(k))}, tuned {_num(corpus['tuned'].get(k))}"
                              for k in corpus.get("base", {})), ""]

    lines += ["## Empathy (EPITOME classifiers)", ""]
    epi = m.get("epitome") or {}
    if epi.get("available"):
        lines += ["Mean predicted level (0 none, 1 weak, 2 strong) of each communication mechanism for the replies:",
                  "", *_table(epi.get("rows", []), "Mechanism"), ""]
        from empathic.evaluation.empathy_section import render_extras

        lines += render_extras(epi)
    else:
        lines += [f"Not run: {epi.get('reason', 'no EPITOME data')}.", ""]

    lines += ["## Emotions in replies (GoEmotions classifier)", ""]
    emo = m.get("emotions") or {}
    if emo.get("available"):
        dist = emo.get("distress", {})
        lines += [f"{dist.get('n_distressed', 0)} of {meta.get('n_examples')} prompts are distressed; whether a "
                  f"prompt is distressed came from the row's own emotion label for {dist.get('from_label', 0)} "
                  f"prompts and from the GoEmotions classifier on the last user message for "
                  f"{dist.get('from_classifier', 0)}. Share of replies to distressed prompts that carry each kind "
                  "of emotion:", "",
                  *_table(emo.get("rows", []), "Replies to distressed prompts"), ""]
        shares = emo.get("label_share", {})
        if shares.get("base"):
            top = sorted(shares["base"], key=lambda k: -(shares["base"][k] + shares["tuned"].get(k, 0)))[:8]
            lines += ["Most frequent emotions in all replies (share of replies): "
                      + "; ".join(f"{k} {shares['base'][k]:.2f} → {shares['tuned'].get(k, 0):.2f}" for k in top), ""]
    else:
        lines += [f"Not run: {emo.get('reason', 'no GoEmotions data')}.", ""]

    lines += ["## How far to trust the classifiers", "",
              "Held-out scores of the exact models used above (EPITOME split by seeker post; GoEmotions "
              "thresholds tuned on dev, scored on test). They were trained on Reddit text, not model replies.", "",
              "| Classifier | Accuracy | Macro-F1 | Majority-class accuracy | n test |",
              "| --- | ---: | ---: | ---: | ---: |"]
    for mech, c in (epi.get("classifier") or {}).items():
        lines.append(f"| EPITOME {mech.replace('_', ' ')} | {_num(c.get('accuracy'))} | {_num(c.get('macro_f1'))} | "
                     f"{_num(c.get('majority_accuracy'))} | {c.get('n_test')} |")
    ge = emo.get("classifier")
    if ge:
        lines.append(f"| GoEmotions (28 labels, multi-label) | micro-F1 {_num(ge.get('micro_f1'))} | "
                     f"{_num(ge.get('macro_f1'))} | – | {ge.get('n_test')} |")
    if not (epi.get("classifier") or ge):
        lines.append("| (no classifier trained) | | | | |")
    lines.append("")

    lines += ["## EQ-Bench v2", ""]
    eq = m.get("eqbench") or {}
    if eq.get("base"):
        lines += ["Score 0–100 with EQ-Bench's full-scale v2 rule (100 = matches the reference; about 0 = random).",
                  "", "| Model | Score | Parsed | Parse rate | Pass used | EQ-Bench would accept the run |",
                  "| --- | ---: | ---: | ---: | --- | --- |"]
        for who in ("base", "tuned"):
            r = eq[who]
            lines.append(f"| {who} | {_num(r['score'], 2)} | {r['n_parseable']}/{r['n_questions']} | "
                         f"{r['parse_rate']:.0%} | {r['pass_used']} | "
                         f"{'yes' if r['valid_run'] else 'no (needs ≥ 83% parsed)'} |")
        d = eq.get("diff") or {}
        if d.get("n"):
            lines += ["", f"Paired difference on the {d['n']} questions both parsed: {_signed(d['diff'], 2)} "
                      f"(95% CI [{_signed(d['ci_low'], 2)}, {_signed(d['ci_high'], 2)}], "
                      f"{'within noise' if d['within_noise'] else 'outside noise'}; per-question 0–10 scale)."]
        else:
            lines += ["", "No question was parsed for both models, so there is no paired difference; a score "
                      "of 0 with nothing parsed means the model did not follow EQ-Bench's answer format."]
        lines.append("")
    else:
        lines += [f"Not run: {eq.get('reason', 'disabled')}.", ""]

    lines += ["## LLM judge", ""]
    judge = m.get("judge") or {}
    if judge.get("rows"):
        lines += [f"Judge `{judge.get('model')}`; {judge.get('n_failed', 0)} judgements failed or were unparseable "
                  "and are left out.", "", *_table(judge["rows"], "Criterion (0–10)"), ""]
    pw = judge.get("pairwise")
    if pw and pw.get("n_scored"):
        lines += [f"Pairwise, both orders (tuned as A, then as B), {pw['n_scored']} of {pw['n_prompts']} prompts "
                  f"scored: tuned wins {pw['win']:.2f}, ties {pw['tie']:.2f}, loses {pw['loss']:.2f}; net "
                  f"{_signed(pw['net'])} [95% CI {_signed(pw['ci_low'])}, {_signed(pw['ci_high'])}]; the two orders "
                  f"agree on {_num(pw['position_consistency'])} of prompts.", ""]
    else:
        lines += [f"Not run: {judge.get('reason', 'no --judge-url given')}.", ""]

    lines += ["## Safety red team", ""]
    safety = m.get("safety") or {}
    if safety.get("rows"):
        lines += [safety.get("how", ""), "", "| Measure | Base | Tuned |", "| --- | ---: | ---: |"]
        for r in safety["rows"]:
            lines.append(f"| {r['label']} | {_num(r['base'])} | {_num(r['tuned'])} |")
        lines.append("")
    else:
        lines += [f"Not run: {safety.get('reason', 'safety module unavailable')}.", ""]

    examples = m.get("examples") or []
    if examples:
        lines += ["## Example generations", "", "A seeded random sample, not picked by hand.", ""]
        for i, ex in enumerate(examples, 1):
            lines += [f"**{i}. User (last turn):** {_md_escape(ex['prompt'])}", "",
                      f"- Reference: {_md_escape(ex['reference'])}",
                      f"- Base: {_md_escape(ex['base'])}",
                      f"- Tuned: {_md_escape(ex['tuned'])}", ""]

    plots = m.get("plots") or []
    if plots:
        lines += ["## Plots", ""] + [f"![{Path(p).stem}]({p})" for p in plots] + [""]
    notes = m.get("notes") or []
    if notes:
        lines += ["## Notes", ""] + [f"- {n}" for n in notes] + [""]
    return "\n".join(lines)


# ---------------------------------------------------------------- plots
def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_differences(rows: list[dict], path: Path, title: str) -> Path | None:
    """One small panel per metric: the tuned-minus-base difference with its 95% interval and a zero line."""
    rows = [r for r in rows if r.get("n") and _num(r.get("diff")) != "n/a"]
    if not rows:
        return None
    plt = _plt()
    fig, axes = plt.subplots(len(rows), 1, figsize=(6.5, 0.7 * len(rows) + 0.8), squeeze=False)
    for ax, r in zip(axes[:, 0], rows, strict=True):
        lo, hi = r["ci_low"], r["ci_high"]
        v = verdict(r)
        color = ("grey" if r["within_noise"] else "tab:green" if v.endswith("(better)")
                 else "tab:red" if v.endswith("(worse)") else "tab:blue")  # blue: a change with no good side
        if _num(lo) != "n/a" and _num(hi) != "n/a":
            ax.errorbar([r["diff"]], [0], xerr=[[r["diff"] - lo], [hi - r["diff"]]], fmt="o", color=color, capsize=4)
        else:
            ax.plot([r["diff"]], [0], "o", color=color)
        ax.axvline(0, color="black", linewidth=0.8)
        ax.set_yticks([])
        ax.set_ylabel(r["label"], rotation=0, ha="right", va="center", fontsize=8)
        ax.tick_params(axis="x", labelsize=7)
        span = max(abs(x) for x in (r["diff"], lo, hi) if _num(x) != "n/a") or 1.0
        ax.set_xlim(-1.15 * span, 1.15 * span)
    axes[0, 0].set_title(title, fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def plot_grouped(groups: list[str], base: list[float], tuned: list[float], path: Path, title: str,
                 ylabel: str) -> Path | None:
    if not groups:
        return None
    import numpy as np

    plt = _plt()
    x = np.arange(len(groups))
    fig, ax = plt.subplots(figsize=(max(5, 0.55 * len(groups) + 2), 3.2))
    ax.bar(x - 0.2, base, 0.4, label="base")
    ax.bar(x + 0.2, tuned, 0.4, label="tuned")
    ax.set_xticks(x)
    ax.set_xticklabels(groups, rotation=30 if len(groups) > 4 else 0, ha="right" if len(groups) > 4 else "center",
                       fontsize=8)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=9)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def make_plots(m: dict, out_dir: Path) -> list[str]:
    """PNG files next to report.md; returns their names (relative, for the markdown links)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    made = []
    p = plot_differences(m.get("headline", []), out_dir / "differences.png", "Tuned minus base (95% CI)")
    made.append(p)
    epi = m.get("epitome") or {}
    if epi.get("available") and epi.get("rows"):
        rows = epi["rows"]
        made.append(plot_grouped([r["label"] for r in rows], [r["base"] for r in rows], [r["tuned"] for r in rows],
                                 out_dir / "epitome_levels.png", "EPITOME mean predicted level", "level (0-2)"))
    emo = m.get("emotions") or {}
    shares = emo.get("label_share") or {}
    if emo.get("available") and shares.get("base"):
        top = sorted(shares["base"], key=lambda k: -(shares["base"][k] + shares["tuned"].get(k, 0)))[:12]
        made.append(plot_grouped(top, [shares["base"][k] for k in top], [shares["tuned"].get(k, 0) for k in top],
                                 out_dir / "reply_emotions.png", "Emotions expressed in replies", "share of replies"))
    return [Path(p).name for p in made if p is not None]


def write_report(m: dict, out_dir: Path) -> Path:
    """Plots first (report.md links them), then report.md."""
    out_dir = Path(out_dir)
    m["plots"] = make_plots(m, out_dir)
    path = out_dir / "report.md"
    path.write_text(render_markdown(m), encoding="utf-8")
    return path
