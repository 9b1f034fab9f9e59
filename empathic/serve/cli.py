"""`empathic serve`: an OpenAI-compatible endpoint (and a web chat page) for base + adapter."""

from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path
from typing import Any

from empathic.errors import UserError

log = logging.getLogger(__name__)


def add_arguments(p: argparse.ArgumentParser) -> None:
    from empathic.modeling.loading import DEFAULT_BASE

    model = p.add_argument_group("model")
    model.add_argument("--adapter", help="LoRA adapter folder (a run of `empathic train`); without it, the base alone")
    model.add_argument("--base", help=f"base model: Hub id or local folder (default: the adapter's base, else {DEFAULT_BASE})")
    model.add_argument("--model-name", help="the id clients pass as `model` (default: the adapter's folder name)")
    model.add_argument("--system-prompt", help="used when a request has no system message (default: the adapter's training one)")
    model.add_argument("--temperature", type=float, default=0.7, help="default when a request sets none (default 0.7)")
    model.add_argument("--max-tokens", type=int, default=200, help="default max_tokens (default 200)")

    net = p.add_argument_group("network")
    net.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1; others need --api-key)")
    net.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    net.add_argument("--api-key", default=os.environ.get("EMPATHIC_API_KEY"),
                     help="require `Authorization: Bearer KEY` on /v1/* (default: $EMPATHIC_API_KEY)")

    limits = p.add_argument_group("limits and batching")
    limits.add_argument("--max-queue", type=int, default=32, help="requests in progress at once; more get 503 (default 32)")
    limits.add_argument("--max-batch", type=int, default=8, help="requests generated together (default 8)")
    limits.add_argument("--batch-window-ms", type=float, default=50.0, help="wait for companions this long (default 50)")
    limits.add_argument("--max-tokens-limit", type=int, default=512, help="largest max_tokens accepted (default 512)")
    limits.add_argument("--max-body-kb", type=int, default=64, help="largest request body in KiB (default 64)")

    safety = p.add_argument_group("safety (always on)")
    safety.add_argument("--locale", help="crisis resources locale, e.g. US, UK (default: the file's default)")
    safety.add_argument("--resources", type=Path, help="crisis resources YAML (same schema as the packaged one)")
    safety.add_argument("--screener", choices=("learned", "rules"), default="learned",
                        help="crisis detector: rules + the learned multilingual screen (default, as in `empathic chat`) "
                        "or rules only")


def training_system_prompt(adapter: str | None) -> str | None:
    """The system prompt the adapter was trained with (its run's config.yaml), if any."""
    if adapter is None or not (Path(adapter) / "config.yaml").is_file():
        return None
    import yaml

    try:
        recipe = yaml.safe_load((Path(adapter) / "config.yaml").read_text(encoding="utf-8"))
    except (yaml.YAMLError, OSError, UnicodeDecodeError):
        return None
    prompt = recipe.get("system_prompt") if isinstance(recipe, dict) else None
    return prompt if isinstance(prompt, str) and prompt.strip() else None


def build_backend(model: Any, tokenizer: Any, *, model_name: str, safety: Any = None, defaults: Any = None,
                  system_prompt: str | None = None, locale: str | None = None,
                  resources_file: Path | None = None) -> Any:
    """A Backend for a loaded model: disclosure and crisis lines from the safety layer's resources."""
    from empathic.chat import GenerationSettings, Safety
    from empathic.safety import ai_disclosure, get_locale
    from empathic.serve.worker import Backend, model_window

    safety = safety or Safety(locale=locale, resources_file=resources_file)
    defaults = defaults or GenerationSettings()
    loc = get_locale(safety.locale, safety.resources_file)
    return Backend(
        model=model, tokenizer=tokenizer, model_name=model_name, safety=safety, defaults=defaults,
        disclosure=ai_disclosure(safety.locale, safety.resources_file),
        resources=tuple(line.render() for line in loc.crisis), emergency=loc.emergency,
        system_prompt=system_prompt, window=model_window(model, tokenizer, defaults),
    )


def run(args: argparse.Namespace) -> int:
    from empathic.serve.config import ServeConfig, check_bind

    check_bind(args.host, args.api_key)  # before loading anything: a refusal should be instant
    config = ServeConfig(
        max_queue=args.max_queue, max_batch=args.max_batch, batch_window_ms=args.batch_window_ms,
        max_body_bytes=args.max_body_kb * 1024, max_tokens_limit=args.max_tokens_limit, api_key=args.api_key,
    )
    if args.max_tokens > args.max_tokens_limit:
        raise UserError(f"--max-tokens ({args.max_tokens}) is above --max-tokens-limit ({args.max_tokens_limit})")

    import uvicorn
    from transformers.utils import logging as hf_logging

    from empathic.chat import GenerationSettings, Safety
    from empathic.modeling.loading import load_model_and_tokenizer
    from empathic.safety import default_second_opinion
    from empathic.serve.app import create_app
    from empathic.serve.server import uvicorn_config

    second_opinion = default_second_opinion() if args.screener == "learned" else None
    safety = Safety(locale=args.locale, resources_file=args.resources, second_opinion=second_opinion)
    hf_logging.disable_progress_bar()
    model, tokenizer = load_model_and_tokenizer(args.base, args.adapter)
    name = args.model_name or (Path(args.adapter).name if args.adapter else "base")
    system_prompt = args.system_prompt if args.system_prompt is not None else training_system_prompt(args.adapter)
    backend = build_backend(
        model, tokenizer, model_name=name, safety=safety, system_prompt=system_prompt or None,
        defaults=GenerationSettings(max_new_tokens=args.max_tokens, temperature=args.temperature),
    )
    if safety.enabled:
        from empathic.chat.respond import warm_up

        log.info("loading the safety screens before accepting requests")
        warm_up(safety)
    log.info("serving %r on http://%s:%d (web chat at /, API at /v1)%s", name, args.host, args.port,
             "" if config.api_key else "; no API key")
    uvicorn.Server(uvicorn_config(create_app(backend, config), args.host, args.port)).run()
    return 0
