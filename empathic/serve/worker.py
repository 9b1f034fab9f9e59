"""The one thread that owns the model: collects concurrent requests into batches, streams one at a time.

Requests arrive from the event loop as Jobs on a thread-safe queue. An idle worker that picks up a
non-streaming job waits `batch_window_ms` for companions (and takes whatever queued up meanwhile,
up to `max_batch`), then answers them with one `respond_batch` call per distinct set of generation
settings. A streaming job runs alone through `stream_respond`. Results go back to the event loop with
`call_soon_threadsafe`, so the loop never waits on torch.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from empathic.chat import GenerationSettings, Response, Safety, respond_batch, stream_respond
from empathic.errors import UserError
from empathic.serve.config import ServeConfig

log = logging.getLogger(__name__)
# A batch waits at most this many batching windows for companions, however they keep arriving.
MAX_WAIT_WINDOWS = 4


@dataclass(frozen=True)
class Backend:
    """The loaded model and what the server says about it."""

    model: Any
    tokenizer: Any
    model_name: str
    safety: Safety
    defaults: GenerationSettings  # the request's temperature/top_p/max_tokens/seed override these
    disclosure: str
    resources: tuple[str, ...] = ()  # crisis lines, e.g. "988 Suicide & Crisis Lifeline: call or text 988"
    emergency: str = ""
    system_prompt: str | None = None  # used when the client sends no system message
    window: int | None = None  # prompt + reply tokens the model takes; larger max_tokens get 400


@dataclass(eq=False)
class Job:
    """One request. `out` receives ("piece", text)*, then ("done", Response) or ("error", exception)."""

    messages: list[dict]
    settings: GenerationSettings
    stream: bool
    loop: asyncio.AbstractEventLoop
    out: asyncio.Queue = field(default_factory=asyncio.Queue)
    cancelled: threading.Event = field(default_factory=threading.Event)
    prompt_tokens: int = 0

    def deliver(self, kind: str, value: Any) -> None:
        try:
            self.loop.call_soon_threadsafe(self.out.put_nowait, (kind, value))
        except RuntimeError:  # the loop is closed: the server is shutting down and nobody is waiting
            pass


def model_window(model: Any, tokenizer: Any, settings: GenerationSettings) -> int:
    """Tokens prompt + reply may use: the setting, else the model's positions and tokenizer limit."""
    if settings.context_window:
        return settings.context_window
    limit = getattr(getattr(model, "config", None), "max_position_embeddings", None) or 2048
    tokenizer_limit = getattr(tokenizer, "model_max_length", None)
    if isinstance(tokenizer_limit, int) and 0 < tokenizer_limit < 10**7:  # huge = "unset"
        limit = min(limit, tokenizer_limit)
    return int(limit)


def settings_key(settings: GenerationSettings) -> tuple:
    return tuple(sorted(settings.as_dict().items()))


def prompt_tokens(tokenizer: Any, messages: list[dict]) -> int:
    """Prompt length as the tokenizer's chat template renders it (before any history trimming)."""
    try:
        text = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        return len(tokenizer(text, add_special_tokens=False)["input_ids"])
    except Exception:  # noqa: BLE001 - usage is informative; a template quirk must not fail the reply
        return 0


class Worker:
    """Owns the model thread. `submit` is safe from any thread; `start`/`stop` from the owner."""

    def __init__(self, backend: Backend, config: ServeConfig) -> None:
        self.backend, self.config = backend, config
        self._jobs: queue.Queue[Job | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self.batches: list[int] = []  # sizes of the generation batches run, newest last (bounded)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="empathic-serve-worker", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        self._jobs.put(None)
        if self._thread is not None:
            self._thread.join(timeout)

    def submit(self, job: Job) -> None:
        self._jobs.put(job)

    # -- the worker thread ----------------------------------------------------------------------

    def _run(self) -> None:
        held: deque[Job] = deque()  # streaming jobs met while collecting a batch; they go next
        while True:
            job = held.popleft() if held else self._jobs.get()
            if job is None:
                return
            if job.cancelled.is_set():
                continue  # the client left while the job waited: never generate for nobody
            if job.stream:
                self._stream(job)
                continue
            batch, stop = self._collect(job, held)
            self._answer(batch)
            if stop:
                return

    def _collect(self, first: Job, held: deque[Job]) -> tuple[list[Job], bool]:
        """`first` plus the non-streaming jobs that already wait or keep arriving: the window starts
        again at each arrival (clients of a finished batch come back spread out on a busy machine),
        up to MAX_WAIT_WINDOWS windows in all."""
        batch = [first]
        window = self.config.batch_window_ms / 1000
        now = time.monotonic()
        deadline, cap = now + window, now + MAX_WAIT_WINDOWS * window
        while len(batch) < self.config.max_batch:
            remaining = deadline - time.monotonic()
            try:
                job = self._jobs.get(timeout=remaining) if remaining > 0 else self._jobs.get_nowait()
            except queue.Empty:
                break
            if job is None:
                return batch, True
            if job.cancelled.is_set():
                continue
            (held if job.stream else batch).append(job)
            deadline = min(time.monotonic() + window, cap)
        return batch, False

    def _answer(self, batch: list[Job]) -> None:
        groups: dict[tuple, list[Job]] = {}
        for job in batch:  # a batch shares one settings object: group requests that agree
            groups.setdefault(settings_key(job.settings), []).append(job)
        for jobs in groups.values():
            self.batches = [*self.batches[-999:], len(jobs)]
            try:
                self._generate(jobs)
            except Exception:  # noqa: BLE001 - one bad request must not fail its companions: retry alone
                if len(jobs) == 1:
                    raise
                for job in jobs:
                    self._generate([job])

    def _generate(self, jobs: list[Job]) -> None:
        b = self.backend
        try:
            for job in jobs:
                job.prompt_tokens = prompt_tokens(b.tokenizer, job.messages)
            responses = respond_batch(b.model, b.tokenizer, [j.messages for j in jobs], jobs[0].settings,
                                      b.safety, batch_size=self.config.max_batch)
        except Exception as err:
            if len(jobs) > 1:
                raise
            if not isinstance(err, UserError):
                log.exception("generation failed")
            jobs[0].deliver("error", err)
            return
        for job, response in zip(jobs, responses, strict=True):
            job.deliver("done", response)

    def _stream(self, job: Job) -> None:
        b = self.backend
        job.prompt_tokens = prompt_tokens(b.tokenizer, job.messages)
        self.batches = [*self.batches[-999:], 1]
        pieces = stream_respond(b.model, b.tokenizer, job.messages, job.settings, b.safety)
        try:
            while not job.cancelled.is_set():
                try:
                    piece = next(pieces)
                except StopIteration as stop:
                    response: Response = stop.value
                    job.deliver("done", response)
                    return
                job.deliver("piece", piece)
        except Exception as err:  # noqa: BLE001 - reported in the stream as an error event
            if not isinstance(err, UserError):
                log.exception("streamed generation failed")
            job.deliver("error", err)
        finally:
            # Closing the generator cancels generation at the next token (the engine's stream
            # sets its cancel event when closed); after a disconnect this is where it stops.
            pieces.close()
