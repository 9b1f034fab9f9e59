"""`empathic chat`: talk to base + adapter interactively, answer one --prompt, or a JSONL batch.

Replies go to stdout; everything else (the AI disclosure, notices, warnings, help) goes to stderr,
so piped output holds replies only: one line per message.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any, TextIO

from empathic.chat.batch import Signals, answer_file, check_output, with_system
from empathic.chat.respond import Response, stream_respond
from empathic.chat.settings import GenerationSettings, Safety
from empathic.errors import UserError
from empathic.io import read_yaml

HELP = """commands: /help (this), /reset (forget the conversation), /quit or /exit (leave); Ctrl-D or Ctrl-C also leave.
Anything else is sent as your message."""
NO_SAFETY_WARNING = (
    "WARNING: --no-safety: the safety layer is OFF. Crisis messages will NOT get the crisis-resources "
    "reply and the model's replies are NOT screened. Use this only for testing, never with real users."
)
COMMAND = re.compile(r"^/[a-z]+$")
SETTING_FLAGS = {  # flag dest -> (type, help); each is also a --config key
    "max_new_tokens": (int, "most tokens per reply (default 200)"),
    "temperature": (float, "sampling temperature; 0 = greedy (default 0.7)"),
    "top_p": (float, "nucleus sampling mass (default 0.9)"),
    "repetition_penalty": (float, "1.0 = off (default 1.1)"),
    "seed": (int, "random seed, set before every reply (default 0)"),
    "context_window": (int, "tokens prompt + reply may use (default: the model's maximum)"),
}


def embedding_screener():
    """The learned crisis screen, chat's default second opinion (built once per process)."""
    from empathic.safety import default_second_opinion

    return default_second_opinion()


def add_arguments(p: argparse.ArgumentParser) -> None:
    from empathic.modeling.device import SMALL_GPU_GIB
    from empathic.modeling.loading import DEFAULT_ADAPTER, DEFAULT_BASE
    from empathic.modeling.prompt_format import PROMPT_FORMATS

    model = p.add_argument_group("model")
    model.add_argument("--base", help=f"base model: Hub id or local folder (default: the adapter's base, else {DEFAULT_BASE})")
    model.add_argument("--adapter", help=f"LoRA adapter: Hub id or local folder (default: {DEFAULT_ADAPTER} if it exists)")
    model.add_argument("--no-adapter", action="store_true", help="chat with the base model only")
    model.add_argument(
        "--prompt-format", choices=PROMPT_FORMATS,
        help="how prompts are written: chat_template (the tokenizer's turn markers; this project's adapters) or "
        "plain (system line, blank line, 'User: ...', 'Assistant:'; adapters trained on plain text, e.g. "
        "KARTIK008/gemma-2b-empathy-lora). Default: what the adapter's run recorded, else chat_template",
    )
    quant = model.add_mutually_exclusive_group()
    quant.add_argument("--4bit", dest="load_in_4bit", action="store_const", const=True,
                       help="load the base in 4-bit NF4 (needs a CUDA GPU and bitsandbytes); default on GPUs under "
                       f"{SMALL_GPU_GIB:.0f} GiB such as a free Colab T4")
    quant.add_argument("--no-4bit", dest="load_in_4bit", action="store_const", const=False,
                       help="load the base in the GPU's half precision (bf16 on sm_80+, fp16 on a T4)")

    gen = p.add_argument_group("generation (flags win over --config)")
    gen.add_argument("--config", type=Path, help="YAML file with any of: " + ", ".join([*SETTING_FLAGS, "system_prompt"]))
    for dest, (kind, help_text) in SETTING_FLAGS.items():
        gen.add_argument("--" + dest.replace("_", "-"), dest=dest, type=kind, help=help_text)
    gen.add_argument(
        "--system-prompt",
        help="system message; default: the adapter's training system prompt, else the model's own ('' for none)",
    )

    safety = p.add_argument_group("safety")
    safety.add_argument("--locale", help="crisis resources locale, e.g. US, UK, international (default: the file's default)")
    safety.add_argument("--resources", type=Path, help="crisis resources YAML (same schema as the packaged one)")
    safety.add_argument("--no-safety", action="store_true", help="turn the safety layer off (prints a warning)")
    safety.add_argument(
        "--screener",
        choices=("learned", "rules", "embeddings"),
        default="learned",
        help="crisis detector: rules + the learned multilingual screen (default; the same as `empathic screen` "
        "and `empathic serve`) or rules only (faster start); 'embeddings' is the old name of 'learned'",
    )

    mode = p.add_argument_group("mode (default: interactive)")
    mode.add_argument("--prompt", help="answer this one message and exit")
    mode.add_argument("--input", type=Path, help='batch: JSONL, one {"id"?, "prompt"} or {"messages": [...]} per line')
    mode.add_argument("--output", type=Path, help="batch: JSONL written with one line per input line, same order")
    mode.add_argument("--batch-size", type=int, default=8, help="batch: conversations generated together (default 8)")
    mode.add_argument("--resume", action="store_true",
                      help="batch: continue an interrupted --output, answering only the lines it lacks")
    mode.add_argument("--overwrite", action="store_true",
                      help="batch: replace an existing --output (the old one stays until the new one is complete)")
    mode.add_argument(
        "--show-signals", action="store_true",
        help="print the adapter's auxiliary-head signals (user emotion top-3, suggested strategy) to stderr before "
        "each reply (batch: a \"signals\" field); needs an adapter trained with heads",
    )


# ---------------------------------------------------------------------------------------------
# Options


def read_config(path: Path | None) -> dict[str, Any]:
    if path is None:
        return {}
    import yaml

    if not path.is_file():
        raise UserError(f"config file not found: {path}")
    try:
        data = read_yaml(path)  # a key given twice is an error, not "the last one wins"
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        problem = getattr(err, "problem", None) or err.__class__.__name__
        raise UserError(f"{path} is not valid YAML ({problem}); fix the file") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UserError(f"{path} must be a YAML mapping of setting: value")
    return data


def build_settings(args: argparse.Namespace, config: dict[str, Any]) -> GenerationSettings:
    """GenerationSettings from --config, then flags (flags win)."""
    values = {k: v for k, v in config.items() if k != "system_prompt"}
    values.update({k: getattr(args, k) for k in SETTING_FLAGS if getattr(args, k) is not None})
    return GenerationSettings.from_mapping(values, where=str(args.config) if args.config else "settings")


def choose_adapter(args: argparse.Namespace, say: Callable[[str], None]) -> str | None:
    from empathic.modeling.adapters import default_adapter
    from empathic.modeling.loading import DEFAULT_ADAPTER

    if args.no_adapter:
        if args.adapter:
            raise UserError("--adapter and --no-adapter contradict each other; pass one")
        return None
    adapter = args.adapter or default_adapter()
    if adapter is not None:
        return adapter
    say(f"note: no trained adapter in {DEFAULT_ADAPTER} (run `make demo` to train one): using the base model only")
    return None


def training_system_prompt(adapter: str | os.PathLike | None) -> str | None:
    """The system prompt the adapter was trained with (config.yaml in its run folder or Hub snapshot), if any."""
    from empathic.modeling.loading import adapter_system_prompt

    return adapter_system_prompt(adapter)


def choose_system_prompt(args: argparse.Namespace, config: dict[str, Any], adapter: str | None) -> str | None:
    if args.system_prompt is not None:
        return args.system_prompt or None
    if "system_prompt" in config:
        value = config["system_prompt"]
        if value is not None and not isinstance(value, str):
            raise UserError(f"{args.config}: system_prompt must be a string")
        return value or None
    return training_system_prompt(adapter)


def check_mode(args: argparse.Namespace) -> None:
    if (args.input is None) != (args.output is None):
        raise UserError("batch mode needs both --input IN.jsonl and --output OUT.jsonl")
    if args.input is not None and args.prompt is not None:
        raise UserError("pass either --prompt or --input/--output, not both")
    if args.input is not None and not args.input.is_file():
        raise UserError(f"input file not found: {args.input}")
    if args.input is not None and args.output.resolve() == args.input.resolve():
        raise UserError("--output must differ from --input")
    if args.batch_size < 1:
        raise UserError(f"--batch-size must be at least 1, got {args.batch_size}")
    if args.show_signals and args.no_adapter:
        raise UserError("--show-signals reads the adapter's auxiliary heads; drop --no-adapter")
    if (args.resume or args.overwrite) and args.input is None:
        raise UserError("--resume and --overwrite apply to batch mode (--input/--output) only")
    if args.input is not None:
        check_output(args)


def signal_reader(model: Any, tokenizer: Any, adapter: str | None) -> Callable[[list[dict]], str]:
    """The heads saved beside the adapter, as a function of the conversation (latest user turn)."""
    from empathic.modeling.heads import format_signals, load_heads, predict_signals
    from empathic.modeling.loading import resolve_model

    if adapter is None:
        raise UserError("--show-signals needs an adapter trained with heads; pass --adapter RUN_FOLDER")
    heads = load_heads(resolve_model(adapter))
    return lambda messages: format_signals(predict_signals(model, tokenizer, heads, messages))


# ---------------------------------------------------------------------------------------------
# Modes


def drive(stream: Generator[str, None, Response], write: Callable[[str], None]) -> Response:
    """Write each piece a stream_respond generator yields; return its Response."""
    while True:
        try:
            write(next(stream))
        except StopIteration as stop:
            return stop.value


def one_line(text: str) -> str:
    """For piped output: one reply per line, so newlines inside a reply become spaces."""
    return re.sub(r"[ \t]*\n\s*", " ", text)


def report(response: Response, settings: GenerationSettings, stderr: TextIO) -> None:
    """Tell the user (on stderr) when their message was trimmed or the reply was cut short."""
    if response.notice:
        print(response.notice, file=stderr)
    if response.kind == "reply" and not response.stopped:
        print(f"(the reply reached --max-new-tokens {settings.max_new_tokens} and was cut there)", file=stderr)


def interactive(
    model: Any,
    tokenizer: Any,
    settings: GenerationSettings,
    safety: Safety,
    system_prompt: str | None,
    stdin: TextIO,
    stdout: TextIO,
    stderr: TextIO,
    signals: Signals = None,
) -> int:
    """The chat loop. A terminal gets prompts; piped input gets one reply line per input line."""
    tty = stdin.isatty()
    history: list[dict] = []
    if tty:
        print("Type /help for commands.", file=stderr)

    def read() -> str | None:
        if tty and stdin is sys.stdin:
            try:
                return input("You: ")
            except EOFError:
                return None
        line = stdin.readline()
        return line.rstrip("\r\n") if line else None

    def write(piece: str) -> None:
        stdout.write(piece if tty else one_line(piece))
        stdout.flush()

    try:
        while True:
            line = read()
            if line is None:
                break
            command = line.strip().lower()
            if COMMAND.match(command):
                if command in ("/quit", "/exit"):
                    break
                if command == "/reset":
                    history.clear()
                    print("(conversation cleared)", file=stderr)
                elif command == "/help":
                    print(HELP, file=stderr)
                else:
                    print(f"unknown command {command}; /help lists the commands", file=stderr)
                continue
            messages = with_system([*history, {"role": "user", "content": line}], system_prompt)
            if signals is not None:
                print(signals(messages), file=stderr, flush=True)
            if tty:
                write("AI: ")
            response = drive(stream_respond(model, tokenizer, messages, settings, safety), write)
            stdout.write("\n")
            stdout.flush()
            report(response, settings, stderr)
            if response.kind != "ask_more":
                history += [{"role": "user", "content": line}, {"role": "assistant", "content": response.text}]
    except KeyboardInterrupt:
        stdout.write("\n")
        print("(interrupted: goodbye)", file=stderr)
        return 130
    if tty:
        stdout.write("\n")
        print("goodbye", file=stderr)
    return 0


def one_shot(model: Any, tokenizer: Any, settings: GenerationSettings, safety: Safety, system_prompt: str | None, prompt: str,
             stdout: TextIO, stderr: TextIO, signals: Signals = None) -> int:
    def write(piece: str) -> None:
        stdout.write(piece)
        stdout.flush()

    messages = with_system([{"role": "user", "content": prompt}], system_prompt)
    if signals is not None:
        print(signals(messages), file=stderr, flush=True)
    response = drive(stream_respond(model, tokenizer, messages, settings, safety), write)
    write("\n")
    report(response, settings, stderr)
    return 0


def run(args: argparse.Namespace) -> int:
    stderr = sys.stderr

    def say(text: str) -> None:
        print(text, file=stderr, flush=True)

    check_mode(args)
    config = read_config(args.config)
    settings = build_settings(args, config)
    safety = Safety(
        enabled=not args.no_safety,
        locale=args.locale,
        resources_file=args.resources,
        second_opinion=embedding_screener() if args.screener in ("learned", "embeddings") and not args.no_safety else None,
    )
    from empathic.safety import ai_disclosure

    disclosure = ai_disclosure(args.locale, args.resources)  # also checks --locale/--resources early
    adapter = choose_adapter(args, say)
    if adapter is not None:
        from empathic.modeling.loading import resolve_adapter

        adapter = str(resolve_adapter(adapter))  # a Hub id becomes its snapshot: config.yaml is read from there
    system_prompt = choose_system_prompt(args, config, adapter)
    if args.no_safety:
        say(NO_SAFETY_WARNING)
    model, tokenizer = load(args.base, adapter, prompt_format=args.prompt_format, load_in_4bit=args.load_in_4bit)
    signals = signal_reader(model, tokenizer, adapter) if args.show_signals else None
    if args.input is not None:
        return answer_file(model, tokenizer, settings, safety, system_prompt, args, stderr, signals)
    say(disclosure)
    if args.prompt is not None:
        return one_shot(model, tokenizer, settings, safety, system_prompt, args.prompt, sys.stdout, stderr, signals)
    return interactive(model, tokenizer, settings, safety, system_prompt, sys.stdin, sys.stdout, stderr, signals)


def load(
    base: str | None, adapter: str | None, *, prompt_format: str | None = None, load_in_4bit: bool | None = None
) -> tuple[Any, Any]:
    """Model and tokenizer, without transformers' progress bars on the chat screen.

    `load_in_4bit=None` is the device default (4-bit on small GPUs, empathic.modeling.device).
    """
    from transformers.utils import logging as hf_logging

    from empathic.modeling.device import default_load_in_4bit
    from empathic.modeling.loading import load_model_and_tokenizer

    hf_logging.disable_progress_bar()
    four_bit = default_load_in_4bit() if load_in_4bit is None else load_in_4bit
    return load_model_and_tokenizer(base, adapter, prompt_format=prompt_format, load_in_4bit=four_bit)
