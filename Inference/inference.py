"""Chat with the fine-tuned model: the same program as `empathic chat`, runnable from a checkout.

    python Inference/inference.py                       # interactive (streams; /help for commands)
    python Inference/inference.py --prompt "I feel low"  # one reply
    python Inference/inference.py --input in.jsonl --output out.jsonl
    python Inference/inference.py --help                 # every option
    # an adapter from the Hub trained on plain "User:/Assistant:" prompts (the seed's), on a GPU in 4-bit:
    python Inference/inference.py --adapter KARTIK008/gemma-2b-empathy-lora --prompt-format plain --4bit

Uses the adapter in runs/demo when it exists (`make demo` trains it), else the base model.
"""

import sys
from pathlib import Path

# Run from a source checkout without `pip install -e .`: the package sits next to this folder.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from empathic.cli import main  # noqa: E402


def entry(argv: list[str]) -> int:
    # `-v/--verbose` belongs to the top-level parser, before the subcommand.
    verbose = [a for a in argv if a in ("-v", "--verbose")]
    rest = [a for a in argv if a not in ("-v", "--verbose")]
    return main([*verbose, "chat", *rest])


if __name__ == "__main__":
    sys.exit(entry(sys.argv[1:]))
