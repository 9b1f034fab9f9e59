"""The FastAPI application: routes, auth, limits, admission, and the web chat page."""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from empathic.chat import GenerationSettings
from empathic.errors import UserError
from empathic.serve import protocol
from empathic.serve.config import ServeConfig
from empathic.serve.protocol import ApiError
from empathic.serve.worker import Backend, Job, Worker

log = logging.getLogger(__name__)
STATIC = resources.files("empathic.serve") / "static"
# Every response says an AI is behind it; the full disclosure is in /v1/models and each completion.
AI_HEADER = {"X-AI-Generated": "true"}
DISCONNECT_POLL_S = 0.25


class Admission:
    """Counts admitted requests (touched only on the event loop, so no lock)."""

    def __init__(self, limit: int) -> None:
        self.limit, self.in_flight = limit, 0

    def enter(self, retry_after: int) -> None:
        if self.in_flight >= self.limit:
            raise ApiError(503, f"the server is busy ({self.limit} requests in progress); retry shortly",
                           kind="server_error", code="queue_full", headers={"Retry-After": str(retry_after)})
        self.in_flight += 1

    def leave(self) -> None:
        self.in_flight -= 1


class JobStream(StreamingResponse):
    """A streamed completion that cancels its job and frees its slot however the response ends."""

    def __init__(self, body: AsyncIterator[str], job: Job, admission: Admission) -> None:
        super().__init__(body, media_type="text/event-stream",
                         headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no", **AI_HEADER})
        self.job, self.admission = job, admission

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self.job.cancelled.set()  # a no-op when generation already finished
            self.admission.leave()


async def read_body(request: Request, limit: int) -> bytes:
    """The body, refused with 413 as soon as it exceeds `limit` bytes (declared or actual)."""
    too_large = ApiError(413, f"the request body is larger than this server's limit of {limit} bytes",
                         code="request_too_large")
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise too_large
    body = bytearray()
    async for part in request.stream():
        body += part
        if len(body) > limit:
            raise too_large
    return bytes(body)


def request_settings(
    defaults: GenerationSettings, req: protocol.ChatRequest, window: int | None = None
) -> GenerationSettings:
    changes: dict[str, Any] = {}
    if req.max_tokens is not None:
        changes["max_new_tokens"] = req.max_tokens
    if req.temperature is not None:
        changes["temperature"] = req.temperature
    if req.top_p is not None:
        changes["top_p"] = req.top_p or 1e-6  # OpenAI allows 0 (= greedy-ish); the engine wants > 0
    if req.seed is not None:
        changes["seed"] = req.seed
    try:
        settings = replace(defaults, **changes)
    except UserError as err:  # e.g. max_tokens not below the context window
        raise ApiError(400, str(err), param="max_tokens") from None
    if window is not None and settings.max_new_tokens >= window:
        raise ApiError(400, f"max_tokens ({settings.max_new_tokens}) must be smaller than the model's "
                       f"{window}-token context", param="max_tokens", code="max_tokens_too_large")
    return settings


def create_app(backend: Backend, config: ServeConfig | None = None) -> FastAPI:
    """The server for one loaded model. The worker thread starts and stops with the app."""
    config = config or ServeConfig()
    worker = Worker(backend, config)
    admission = Admission(config.max_queue)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        worker.start()
        yield
        worker.stop()

    app = FastAPI(title="empathic", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.worker, app.state.admission, app.state.config = worker, admission, config

    @app.exception_handler(ApiError)
    async def api_error(request: Request, err: ApiError) -> JSONResponse:
        return JSONResponse(err.body(), status_code=err.status, headers=err.headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, err: StarletteHTTPException) -> JSONResponse:
        return JSONResponse(ApiError(err.status_code, str(err.detail)).body(), status_code=err.status_code)

    @app.middleware("http")
    async def authenticate(request: Request, call_next: Any) -> Any:
        # Only the API needs the key: the page and /health reveal nothing and run no model.
        if config.api_key and request.url.path.startswith("/v1/"):
            scheme, _, token = request.headers.get("authorization", "").partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), config.api_key.encode()):
                error = ApiError(401, "missing or incorrect API key (send Authorization: Bearer KEY)",
                                 code="invalid_api_key", headers={"WWW-Authenticate": "Bearer"})
                return JSONResponse(error.body(), status_code=401, headers=error.headers)
        return await call_next(request)

    @app.get("/health")
    async def health() -> dict[str, Any]:
        return {"status": "ok", "model": backend.model_name, "in_flight": admission.in_flight,
                "max_queue": config.max_queue}

    @app.get("/v1/models")
    async def models() -> JSONResponse:
        card = {
            "id": backend.model_name, "object": "model", "created": 0, "owned_by": "empathic",
            "empathic": {"ai_disclosure": backend.disclosure, "crisis_resources": list(backend.resources),
                         "emergency": backend.emergency, "safety": backend.safety.enabled,
                         "max_tokens_limit": config.max_tokens_limit},
        }
        return JSONResponse({"object": "list", "data": [card]}, headers=AI_HEADER)

    @app.post("/v1/chat/completions")
    async def chat_completions(request: Request) -> Any:
        req = protocol.parse_chat_request(await read_body(request, config.max_body_bytes), config, backend.model_name)
        settings = request_settings(backend.defaults, req, backend.window)
        messages = req.messages
        if backend.system_prompt and messages[0]["role"] != "system":
            messages = [{"role": "system", "content": backend.system_prompt}, *messages]
        admission.enter(config.retry_after_s)
        job = Job(messages, settings, req.stream, asyncio.get_running_loop())
        try:
            worker.submit(job)
        except BaseException:
            admission.leave()
            raise
        if req.stream:
            return JobStream(sse(job, req, backend), job, admission)
        try:
            kind, value = await wait_for(job, request)
        finally:
            job.cancelled.set()
            admission.leave()
        if kind == "error":
            raise failure(value)
        body = protocol.completion(protocol.completion_id(), backend.model_name, value, job.prompt_tokens,
                                   backend.disclosure)
        return JSONResponse(body, headers=AI_HEADER)

    @app.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(str(STATIC / "index.html"), headers={"Cache-Control": "no-cache"})

    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    return app


def failure(err: BaseException) -> ApiError:
    """A UserError is the request's fault (e.g. a message too long for the context); anything else ours."""
    if isinstance(err, UserError):
        return ApiError(400, str(err))
    return ApiError(500, "generation failed; see the server log", kind="server_error")


async def wait_for(job: Job, request: Request) -> tuple[str, Any]:
    """The job's result; gives up (and cancels the job) if the client disconnects first."""
    while True:
        try:
            return await asyncio.wait_for(job.out.get(), DISCONNECT_POLL_S)
        except TimeoutError:
            if await request.is_disconnected():
                job.cancelled.set()
                raise ApiError(499, "client closed the request") from None


async def sse(job: Job, req: protocol.ChatRequest, backend: Backend) -> AsyncIterator[str]:
    """Server-sent events: a role chunk, content chunks, a final chunk with the empathic field, [DONE]."""
    cid, name = protocol.completion_id(), backend.model_name
    yield protocol.chunk(cid, name, {"role": "assistant", "content": ""})
    while True:
        kind, value = await job.out.get()
        if kind == "piece":
            yield protocol.chunk(cid, name, {"content": value})
        elif kind == "error":
            yield protocol.error_event(failure(value))
            break
        else:
            extra = {"empathic": protocol.empathic_field(value, backend.disclosure)}
            yield protocol.chunk(cid, name, {}, protocol.finish_reason(value), **extra)
            if req.include_usage:
                yield protocol.usage_chunk(cid, name, protocol.usage(job.prompt_tokens, value))
            break
    yield protocol.DONE
