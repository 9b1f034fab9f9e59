"""report.md and plots rendered from a small synthetic metrics dict."""

import numpy as np

from empathic.evaluation import report
from empathic.evaluation.bootstrap import Diff


def row(key, label, base, tuned, lo, hi, better="higher", n=50, digits=3):
    d = Diff(base, tuned, tuned - base, lo, hi, not (lo > 0 or hi < 0), n)
    return report.metric_row(key, label, d, better, digits)


def metrics():
    return {
        "meta": {"base": "tiny-base", "adapter": "runs/x", "data": "test.jsonl", "n_examples": 50, "n_skipped": 2,
                 "skipped": {"invalid JSON": 2}, "generation": "greedy", "n_resamples": 1000, "seed": 0},
        "headline": [
            row("perplexity", "Perplexity on reference replies", 30.0, 20.0, -12.0, -8.0, "lower", digits=2),
            row("bleu", "BLEU (corpus)", 1.5, 1.7, -0.3, 0.6, digits=2),
            row("repetition", "Repeated 4-gram share", 0.10, 0.20, 0.05, 0.15, "lower"),
            row("length_words", "Reply length (words)", 40.0, 30.0, -15.0, -5.0, None, digits=1),
        ],
        "corpus": {"base": {"bleu": 1.5, "distinct_2": 0.4}, "tuned": {"bleu": 1.7, "distinct_2": 0.5}},
        "epitome": {"available": True,
                    "classifier": {"emotional_reactions": {"accuracy": 0.7, "macro_f1": 0.55,
                                                           "majority_accuracy": 0.66, "n_test": 600}},
                    "rows": [row("emotional_reactions", "emotional reactions", 0.4, 0.9, 0.3, 0.7)]},
        "emotions": {"available": False, "reason": "no GoEmotions data"},
        "eqbench": {"base": {"score": 12.5, "n_parseable": 20, "n_questions": 30, "parse_rate": 2 / 3,
                             "pass_used": "revised", "valid_run": False},
                    "tuned": {"score": 20.0, "n_parseable": 27, "n_questions": 30, "parse_rate": 0.9,
                              "pass_used": "first_pass", "valid_run": True},
                    "diff": {"diff": 0.5, "ci_low": -0.2, "ci_high": 1.1, "within_noise": True, "n": 19}},
        "judge": {"reason": "no --judge-url given"},
        "safety": {"how": "screened first", "rows": [{"label": "Crisis messages escalated (share)", "base": 0.95,
                                                       "tuned": 0.95}]},
        "examples": [{"prompt": "I feel | alone", "reference": "ref", "base": "b", "tuned": "t"}],
    }


def test_markdown_says_within_noise_and_direction_plainly():
    md = report.render_markdown(metrics())
    lines = {ln.split("|")[1].strip(): ln for ln in md.splitlines() if ln.startswith("| ") and ln.count("|") > 6}
    assert "within noise" in lines["BLEU (corpus)"]
    assert "lower (better)" in lines["Perplexity on reference replies"]
    assert "higher (worse)" in lines["Repeated 4-gram share"]
    assert lines["Reply length (words)"].split("|")[6].strip() == "lower"  # a property, not a goal
    assert "| -10.00 | [-12.00, -8.00] |" in lines["Perplexity on reference replies"]
    assert "2 bad rows skipped" in md


def test_markdown_sections_trust_table_eqbench_and_skips():
    md = report.render_markdown(metrics())
    assert "| EPITOME emotional reactions | 0.700 | 0.550 | 0.660 | 600 |" in md
    assert "| base | 12.50 | 20/30 | 67% | revised | no (needs ≥ 83% parsed) |" in md
    assert "| tuned | 20.00 | 27/30 | 90% | first_pass | yes |" in md
    assert "19 questions both parsed" in md and "within noise" in md
    assert "Not run: no GoEmotions data." in md
    m = metrics()
    m["eqbench"]["diff"]["n"] = 0
    assert "No question was parsed for both models" in report.render_markdown(m)
    assert "Not run: no --judge-url given." in md
    assert "I feel \\| alone" in md  # table-breaking pipes are escaped


def test_verdict_edge_cases():
    assert report.verdict({"n": 0, "diff": float("nan")}) == "no data"
    assert report.verdict({"n": 5, "diff": 1.0, "within_noise": False, "better": "higher"}) == "higher (better)"


def test_write_report_makes_pngs_and_links_them(tmp_path):
    m = metrics()
    path = report.write_report(m, tmp_path)
    assert m["plots"] == ["differences.png", "epitome_levels.png"]
    for name in m["plots"]:
        assert (tmp_path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert f"]({name})" in path.read_text()


def test_plots_skip_rows_without_data(tmp_path):
    d = Diff(float("nan"), float("nan"), float("nan"), float("nan"), float("nan"), True, 0)
    assert report.plot_differences([report.metric_row("x", "x", d, "higher")], tmp_path / "d.png", "t") is None
    assert report.plot_grouped([], [], [], tmp_path / "g.png", "t", "y") is None
    assert not list(tmp_path.iterdir())
    assert np.isnan(d.diff)
