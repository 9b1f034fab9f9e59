"""`empathic train` command line: parse, build the recipe once, train, optionally publish to the Hub.

A recipe with `stage: dpo` is the preference stage (empathic.training.preference): same command, same
run-folder guarantees; without a `stage` key a recipe is SFT."""

from __future__ import annotations

import argparse
from pathlib import Path

from empathic.errors import UserError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", help="YAML recipe, e.g. finetuning/configs/smollm2-135m-cpu.yaml")
    parser.add_argument(
        "--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
        help="override a recipe key (typed by its field), e.g. --set max_steps=20; lists: a,b or [a, b]",
    )
    parser.add_argument("--resume", action="store_true", help="continue from the run folder's last complete checkpoint")
    parser.add_argument("--overwrite", action="store_true", help="delete an existing run in output_dir and start again")
    parser.add_argument("--push-to-hub", metavar="REPO", help="after training, upload the run folder to this Hub repo")
    parser.add_argument("--dry-run", action="store_true", help="with --push-to-hub: list what would be uploaded, no network")
    parser.add_argument("--help-keys", nargs="?", const="sft", choices=("sft", "dpo"), metavar="STAGE",
                        help="list every valid recipe key and exit (STAGE: sft, the default, or dpo)")


def run(args: argparse.Namespace) -> int:
    from empathic.training.recipe import describe_keys, load_recipe

    if args.help_keys:
        if args.help_keys == "dpo":
            from empathic.training.preference import describe_preference_keys

            print(describe_preference_keys())
        else:
            print(describe_keys())
        return 0
    if not args.config:
        raise UserError("--config is required, e.g. empathic train --config finetuning/configs/smollm2-135m-cpu.yaml")
    if args.dry_run and not args.push_to_hub:
        raise UserError("--dry-run only applies to --push-to-hub REPO; add --push-to-hub or drop --dry-run")
    if args.resume and args.overwrite:
        raise UserError("--resume and --overwrite contradict each other; pass one (--resume continues the run, "
                        "--overwrite starts it again)")
    from empathic.training.preference import recipe_stage

    overrides = [*args.overrides, *_own_folder(args.config, args.overrides)]
    if recipe_stage(args.config, args.overrides) == "dpo":
        return _run_preference(args, overrides)
    recipe = load_recipe(args.config, overrides)
    from empathic.training.sft import train

    result = train(recipe, resume=args.resume, overwrite=args.overwrite)
    print(f"run folder: {result.run_dir}")
    for line in result.summary_lines():
        print(line)
    if args.push_to_hub and not result.finished_before:
        from empathic.durable import write_complete
        from empathic.training.publish import push_run, write_model_card
        from empathic.training.run_folder import RunFolder

        # The card's loading snippet names the repo the adapter is about to live in.
        write_model_card(result.run_dir, recipe, result.metrics, repo_id=args.push_to_hub)
        write_complete(result.run_dir, skip_prefixes=(RunFolder.CHECKPOINT_PREFIX, "runs"),
                       global_step=result.metrics["train"]["global_step"])  # the card changed: list it again
        push_run(result.run_dir, args.push_to_hub, dry_run=args.dry_run)
    return 0


def _run_preference(args: argparse.Namespace, overrides: list[str]) -> int:
    from empathic.training.preference import load_preference_recipe
    from empathic.training.preference_train import run_summary_lines, train_preference

    recipe = load_preference_recipe(args.config, overrides)
    result = train_preference(recipe, resume=args.resume, overwrite=args.overwrite)
    print(f"run folder: {result.run_dir}")
    for line in result.notes if result.finished_before else run_summary_lines(result.metrics):
        print(line)
    if args.push_to_hub and not result.finished_before:
        from empathic.durable import write_complete
        from empathic.training.preference_card import write_preference_card
        from empathic.training.publish import push_run

        write_preference_card(result.run_dir, recipe, result.metrics, repo_id=args.push_to_hub)
        write_complete(result.run_dir, global_step=result.metrics["train"]["global_step"])  # the card changed
        push_run(result.run_dir, args.push_to_hub, dry_run=args.dry_run)
    return 0


def _own_folder(config: str, overrides: list[str]) -> list[str]:
    """`--config RUN/config.yaml` (the rerun/resume hint a run prints) works on RUN, wherever it was copied.

    The saved recipe names the folder it was trained in; without this, resuming a copy would
    silently continue the original."""
    from empathic.training.run_folder import RunFolder

    path = Path(config)
    if path.name != RunFolder.CONFIG or any(o.split("=", 1)[0].strip() == "output_dir" for o in overrides):
        return []
    if not RunFolder(path.parent).holds_a_run():
        return []
    return [f"output_dir={path.parent}"]
