"""`empathic` command line: a thin dispatcher; each subcommand lives in its own module.

Each module exposes `add_arguments(parser)` and `run(args) -> int`. Only the chosen module is
imported, so `empathic screen` does not pay for importing torch.

Every failure ends as ONE line on stderr, `empathic CMD: error: ...`, never a traceback (`-v` shows
it for unexpected errors): user mistakes (UserError), OS errors (disk full, permissions) and decode
errors are mapped here, in one place, by `error_line`.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from empathic.errors import UserError, decode_error_message, os_error_message

COMMANDS: dict[str, tuple[str, str]] = {
    "data": ("empathic.data.cli", "prepare chat-formatted SFT data from the source datasets"),
    "train": ("empathic.training.cli", "LoRA/QLoRA SFT (or DPO, stage: dpo) with TRL from a YAML recipe"),
    "merge": ("empathic.training.merge", "merge a trained adapter into a 16/32-bit copy of its base"),
    "export": ("empathic.export.cli", "export a trained run as GGUF + Ollama Modelfile (merged in 16-bit)"),
    "chat": ("empathic.chat.cli", "chat with base + adapter (interactive, one-shot or batch)"),
    "serve": ("empathic.serve.cli", "OpenAI-compatible endpoint and web chat page, safety layer in front"),
    "screen": ("empathic.safety.cli", "screen messages for crisis risk, one JSON line per input"),
    "eval": ("empathic.evaluation.cli", "evaluate base vs tuned on held-out data"),
    "compare": ("empathic.evaluation.head_to_head", "two eval runs of different adapters, paired over the same prompts"),
    "ablate": ("empathic.experiments.ablation.cli", "train and evaluate the auxiliary-head ablation arms"),
    "bench": ("empathic.experiments.bench.cli", "training and generation throughput benchmarks"),
}


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one `empathic CMD: error: ...` line (subcommands inherit it)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    parser = OneLineParser(prog="empathic", description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        if name == command:
            importlib.import_module(module).add_arguments(p)
            parser.set_defaults(_chosen_parser=p)  # so an unknown flag is reported by `empathic CMD`
    return parser


def _chosen_command(argv: list[str]) -> str | None:
    for arg in argv:
        if not arg.startswith("-"):
            return arg if arg in COMMANDS else None
    return None


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = _chosen_command(argv)
    parser = build_parser(command)
    args, extra = parser.parse_known_args(argv)
    if extra:
        getattr(args, "_chosen_parser", parser).error(f"unrecognized arguments: {' '.join(extra)}")
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if args.command is None:
        parser.print_help()
        return 2
    module = importlib.import_module(COMMANDS[args.command][0])
    try:
        return int(module.run(args) or 0)
    except KeyboardInterrupt:
        print("", file=sys.stderr)
        return 130
    except Exception as err:  # noqa: BLE001 (the one place every error becomes one line)
        if args.verbose and not isinstance(err, UserError):
            raise
        message, code = error_line(err)
        print(f"empathic {args.command}: error: {message}", file=sys.stderr)
        return code


def error_line(err: BaseException) -> tuple[str, int]:
    """The one-line message and exit code for an error: 2 for user mistakes, 1 for the rest."""
    if isinstance(err, UserError):
        text, code = str(err), 2
    elif isinstance(err, OSError):
        text, code = os_error_message(err), 1
    elif isinstance(err, UnicodeDecodeError | ValueError) and _is_decode_error(err):
        text, code = decode_error_message(err), 1
    elif isinstance(err, MemoryError):
        text, code = "out of memory; lower the batch size or max_length, or use a smaller model", 1
    else:
        first = (str(err).strip().splitlines() or [""])[0][:300]
        text = f"unexpected {type(err).__name__}: {first} (run with -v for the traceback; please report it)"
        code = 1
    return " ".join(text.split()), code


def _is_decode_error(err: BaseException) -> bool:
    import json

    return isinstance(err, json.JSONDecodeError | UnicodeDecodeError) or type(err).__name__ == "ArrowInvalid"


if __name__ == "__main__":
    sys.exit(main())
