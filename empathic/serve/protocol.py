"""The OpenAI chat-completions wire format: parsing requests, building completions, chunks and errors.

Only what an emotional-support chat needs is accepted; anything that would change what the
safety layer guarantees (several choices, tools, custom stop strings) is refused with a 400
rather than silently ignored. Every completion carries an `empathic` object (Notes/decisions/serve.md).
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from empathic.serve.config import ServeConfig

# Fields that would change the reply's shape or bypass the single-turn guarantee.
UNSUPPORTED = {
    "tools": "tool calls are not supported",
    "functions": "function calls are not supported",
    "stop": "custom stop strings are not supported (replies always end at the end of one assistant turn)",
    "logprobs": "logprobs are not supported",
    "response_format": "response_format is not supported",
}
ROLES = {"system": "system", "developer": "system", "user": "user", "assistant": "assistant"}


class ApiError(Exception):
    """An error answered in OpenAI's JSON shape: {"error": {message, type, param, code}}."""

    def __init__(self, status: int, message: str, *, param: str | None = None, code: str | None = None,
                 kind: str = "invalid_request_error", headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.param, self.code = status, message, param, code
        self.kind, self.headers = kind, headers or {}

    def body(self) -> dict[str, Any]:
        return {"error": {"message": self.message, "type": self.kind, "param": self.param, "code": self.code}}


@dataclass(frozen=True)
class ChatRequest:
    """A validated /v1/chat/completions request."""

    messages: list[dict] = field(default_factory=list)
    stream: bool = False
    max_tokens: int | None = None
    temperature: float | None = None
    top_p: float | None = None
    seed: int | None = None
    include_usage: bool = False  # stream_options.include_usage


def _number(body: dict, name: str, kind: type, low: float, high: float) -> Any:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or (kind is int and value != int(value)):
        raise ApiError(400, f"{name} must be {'an integer' if kind is int else 'a number'}", param=name)
    if not low <= value <= high:
        raise ApiError(400, f"{name} must be between {low:g} and {high:g}, got {value}", param=name)
    return kind(value)


def _content(message: dict, i: int) -> str:
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # [{"type": "text", "text": ...}, ...]
        if all(isinstance(p, dict) and p.get("type") == "text" and isinstance(p.get("text"), str) for p in content):
            return "".join(p["text"] for p in content)
        raise ApiError(400, f"messages[{i}].content: only text parts are supported", param=f"messages[{i}].content")
    raise ApiError(400, f"messages[{i}].content must be a string", param=f"messages[{i}].content")


def parse_messages(raw: Any, limit: int) -> list[dict]:
    if not isinstance(raw, list) or not raw:
        raise ApiError(400, "messages must be a non-empty array", param="messages")
    if len(raw) > limit:
        raise ApiError(400, f"at most {limit} messages per request, got {len(raw)}", param="messages",
                       code="too_many_messages")
    messages = []
    for i, m in enumerate(raw):
        role = m.get("role") if isinstance(m, dict) else None
        if role not in ROLES:
            raise ApiError(400, f"messages[{i}].role must be system, developer, user or assistant",
                           param=f"messages[{i}].role")
        messages.append({"role": ROLES[role], "content": _content(m, i)})
    if messages[-1]["role"] != "user":
        raise ApiError(400, "the last message must be the user's", param="messages")
    if any(m["role"] == "system" for m in messages[1:]):
        raise ApiError(400, "a system message may only come first", param="messages")
    return messages


def parse_chat_request(raw: bytes, config: ServeConfig, model_name: str) -> ChatRequest:
    """Validate a request body; raises ApiError (400/404) naming the offending field."""
    try:
        body = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ApiError(400, "the request body is not valid JSON") from None
    if not isinstance(body, dict):
        raise ApiError(400, "the request body must be a JSON object")
    if body.get("model") not in (None, model_name):
        raise ApiError(404, f"the model {body.get('model')!r} does not exist; this server serves {model_name!r}",
                       param="model", code="model_not_found")
    for name, why in UNSUPPORTED.items():
        if body.get(name) not in (None, [], False):
            raise ApiError(400, why, param=name, code="unsupported_parameter")
    if body.get("n") not in (None, 1):
        raise ApiError(400, "only n=1 is supported", param="n", code="unsupported_parameter")
    max_tokens = body.get("max_completion_tokens", body.get("max_tokens"))
    param = "max_completion_tokens" if "max_completion_tokens" in body else "max_tokens"
    if max_tokens is not None:
        if isinstance(max_tokens, bool) or not isinstance(max_tokens, int) or max_tokens < 1:
            raise ApiError(400, f"{param} must be a positive integer", param=param)
        if max_tokens > config.max_tokens_limit:
            raise ApiError(400, f"{param} is {max_tokens}; this server allows at most {config.max_tokens_limit}",
                           param=param, code="max_tokens_too_large")
    options = body.get("stream_options") or {}
    return ChatRequest(
        messages=parse_messages(body.get("messages"), config.max_messages),
        stream=bool(body.get("stream", False)),
        max_tokens=max_tokens,
        temperature=_number(body, "temperature", float, 0, 2),
        top_p=_number(body, "top_p", float, 0, 1),
        seed=_number(body, "seed", int, 0, 2**63 - 1),
        include_usage=bool(isinstance(options, dict) and options.get("include_usage")),
    )


# ---------------------------------------------------------------------------------------------
# Responses


def completion_id() -> str:
    return f"chatcmpl-{uuid.uuid4().hex}"


def empathic_field(response: Any, disclosure: str) -> dict[str, Any]:
    """The documented extra field: why this text was shown, and that an AI wrote it."""
    return {
        "kind": response.kind,  # reply | replaced | escalation | emergency | concern | ask_more
        # crisis category of the user's message when escalated; "medical_emergency" for kind "emergency",
        # "concern_for_other" for kind "concern" (worried about someone else: a 'helping someone' reply)
        "category": response.category,
        "output_category": response.output_category,  # why a model reply was replaced
        "notice": response.notice,  # history or message trimmed to fit the context
        "ai_generated": response.kind in ("reply", "replaced"),
        "ai_disclosure": disclosure,
    }


def finish_reason(response: Any) -> str:
    return "stop" if response.stopped or response.kind != "reply" else "length"


def usage(prompt_tokens: int, response: Any) -> dict[str, int]:
    return {"prompt_tokens": prompt_tokens, "completion_tokens": response.new_tokens,
            "total_tokens": prompt_tokens + response.new_tokens}


def completion(cid: str, model_name: str, response: Any, prompt_tokens: int, disclosure: str) -> dict[str, Any]:
    return {
        "id": cid,
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model_name,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": response.text},
                     "finish_reason": finish_reason(response), "logprobs": None}],
        "usage": usage(prompt_tokens, response),
        "empathic": empathic_field(response, disclosure),
    }


def chunk(cid: str, model_name: str, delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
    """One server-sent event carrying a chat.completion.chunk."""
    body = {"id": cid, "object": "chat.completion.chunk", "created": int(time.time()), "model": model_name,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}], **extra}
    return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"


def usage_chunk(cid: str, model_name: str, counts: dict[str, int]) -> str:
    """The extra last chunk `stream_options.include_usage` asks for: no choices, only usage."""
    body = {"id": cid, "object": "chat.completion.chunk", "created": int(time.time()), "model": model_name,
            "choices": [], "usage": counts}
    return f"data: {json.dumps(body)}\n\n"


DONE = "data: [DONE]\n\n"


def error_event(error: ApiError) -> str:
    """An error after the stream has started (the status line is already sent)."""
    return f"data: {json.dumps(error.body())}\n\n"
