"""`empathic ablate`: train and evaluate the auxiliary-head arms on identical data, seeds and steps.

Arms: full (emotion + strategy heads), no_emotion, no_strategy, lm_only. Every arm draws the same
example stream (the GoEmotions rows are mixed in for all of them, so only the loss terms differ),
starts from the same seed and runs the same number of optimizer steps. Each is evaluated on:

- held-out LM loss on assistant tokens (the training mask) over test conversations;
- where the arm has the head: GoEmotions test (top-1 accuracy, macro-F1), ED situation emotion
  (accuracy, macro-F1), ESConv strategy of the next reply (accuracy, macro-F1);
- optionally `empathic eval`'s generation metrics on a few prompts (`--eval-limit`).

Intervals are 95% bootstrap intervals; differences between arms are paired over the same test items
(ESConv resamples whole conversations, since turns of one conversation are not independent).
Finished arms are kept: rerunning the command continues with the arms still missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from empathic.experiments.ablation.settings import ARMS, AblationSettings, parse_arms


def add_arguments(parser: Any) -> None:
    parser.add_argument("--config", required=True, help="training recipe with a heads: section, e.g. "
                        "finetuning/configs/smollm2-135m-multitask.yaml")
    parser.add_argument("--steps", type=int, help="optimizer steps per arm (default: the recipe's max_steps)")
    parser.add_argument("--out", default="runs/ablate", help="output folder (default runs/ablate)")
    parser.add_argument("--arms", default=",".join(ARMS), help=f"comma-separated subset of {', '.join(ARMS)}")
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                        help="override a recipe key, e.g. --set learning_rate=1e-4; heads keys as heads.KEY=VALUE")
    parser.add_argument("--go-test-limit", type=int, default=500, help="GoEmotions test rows (seeded; 0 = all)")
    parser.add_argument("--eval-limit", type=int, default=0,
                        help="also run `empathic eval` (generation metrics) on this many test prompts per arm")
    parser.add_argument("--batch-size", type=int, default=8, help="evaluation batch size")
    parser.add_argument("--resamples", type=int, default=2000, help="bootstrap resamples")
    parser.add_argument("--overwrite", action="store_true", help="retrain arms that already finished")


def run(args: Any) -> int:
    from empathic.experiments.ablation.report import summary_lines
    from empathic.experiments.ablation.runner import run_ablation

    settings = AblationSettings(
        config=Path(args.config), out=Path(args.out), arms=parse_arms(args.arms), steps=args.steps,
        overrides=tuple(args.overrides), go_test_limit=args.go_test_limit or None,
        eval_limit=args.eval_limit, batch_size=args.batch_size, resamples=args.resamples, overwrite=args.overwrite,
    )
    summary = run_ablation(settings)
    print(f"wrote {settings.out / 'report.md'}, {settings.out / 'ablation.png'} and {settings.out / 'ablation.json'}")
    for line in summary_lines(summary):
        print(line)
    return 0
