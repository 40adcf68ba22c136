"""Bounded work per request in the web app: the queue and its concurrency
groups, a time budget for a draft, work stopped when the client goes away,
and API errors as one line.

The limits themselves (k, text lengths, sentences, uploads) are
``qa.config.LIMITS``, the same for the CLI and the Python API; this module
only applies them to Gradio. No Gradio import at module level (``qa`` stays quick).

    queue:   at most QUEUE_SIZE events waiting; beyond that a client is told
             the queue is full rather than the server taking on more work
    groups:  each kind of work runs at most CONCURRENCY[kind] at a time, so a
             long draft check never holds up another user's question
    drafts:  up to 4 draft requests are taken at once, so a bad one is refused
             at once even while drafts are being checked; of those, DRAFT_WORKERS
             check sentences at a time (``Gate``), the others wait within their budget
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from typing import Callable

from qa.errors import QAError

log = logging.getLogger("qa.web.limits")

QUEUE_SIZE = 100            # events waiting, all users together
DEFAULT_CONCURRENCY = 2     # light handlers (showing a passage, the document list)
CONCURRENCY = {             # 2 cores: the model uses both; more at once only adds waiting in memory
    "ask": 2,               # a question: ~50-100 ms of model and search
    "check": 2,             # a claim: a few searches and sentence comparisons
    "draft": 4,             # a draft (API or the Check tab): validated at once, checked behind a Gate
    "index": 1,             # an upload or removal rebuilds the index: one at a time
}
DRAFT_WORKERS = 1           # drafts checked at a time (the rest wait at the Gate): checking is mostly Python, so a second at once would slow the server, not the draft


def queue_options() -> dict:
    """``Blocks.queue`` settings: a bounded queue and a default concurrency."""
    return {"max_size": QUEUE_SIZE, "default_concurrency_limit": DEFAULT_CONCURRENCY}


def group(kind: str) -> dict:
    """Event-listener options putting a handler in the ``kind`` concurrency group.

    >>> group("index")
    {'concurrency_id': 'index', 'concurrency_limit': 1}
    """
    return {"concurrency_id": kind, "concurrency_limit": CONCURRENCY[kind]}


def client_gone(demo, request) -> bool:
    """Whether the client that sent ``request`` has disconnected: Gradio marks
    a session's running events dead when its event stream closes."""
    queue = getattr(demo, "_queue", None)
    session = getattr(request, "session_hash", None)
    if queue is None or session is None:
        return False
    mine = [e for job in list(queue.active_jobs) if job for e in list(job) if e.session_hash == session]
    return bool(mine) and not any(e.alive for e in mine)


class Budget:
    """``stop()`` for a long check: a reason once ``seconds`` have passed or
    ``gone()`` says the client left, else None. Asked between sentences.

    >>> clock = iter([0.0, 1.0, 9.0]).__next__
    >>> b = Budget(5, clock=clock)
    >>> b(), b()
    (None, 'the time budget of 5 s for one check ran out; check the rest separately')
    """

    def __init__(self, seconds: float, gone: Callable[[], bool] = lambda: False, clock=time.monotonic):
        self.clock, self.gone = clock, gone
        self.deadline = clock() + seconds
        self.seconds = seconds
        self.reason: str | None = None

    def __call__(self) -> str | None:
        if self.reason is None:
            if self.gone():
                self.reason = "the client disconnected"
                log.info("check stopped: %s", self.reason)
            elif self.clock() > self.deadline:
                self.reason = f"the time budget of {self.seconds:g} s for one check ran out; check the rest separately"
                log.info("check stopped: %s", self.reason)
        return self.reason


class Gate:
    """At most ``n`` holders at once; a caller waits at most until its budget's
    deadline, then gets a one-line "busy" error instead of waiting on.

    >>> g = Gate(1)
    >>> with g.enter(Budget(1)):
    ...     g.enter(Budget(0.01)).__enter__()
    Traceback (most recent call last):
    ...
    qa.errors.QAError: the server is busy checking other drafts; try again in a minute
    """

    def __init__(self, n: int):
        self.slots = threading.BoundedSemaphore(n)

    class _Held:
        def __init__(self, gate, budget):
            self.gate, self.budget = gate, budget

        def __enter__(self):
            while not self.gate.slots.acquire(timeout=min(0.25, max(0.0, self.budget.deadline - self.budget.clock()))):
                if self.budget() == "the client disconnected":
                    raise QAError("the client disconnected before its check began")
                if self.budget():
                    raise QAError("the server is busy checking other drafts; try again in a minute")
            return self

        def __exit__(self, *exc):
            self.gate.slots.release()

    def enter(self, budget: Budget) -> "Gate._Held":
        return Gate._Held(self, budget)


class Sessions:
    """Forget the server-side session of API calls once they are done.

    Gradio keeps a session (a copy of the page's configuration, about 100 kB,
    and two queue entries) for every session hash it sees, up to 10,000; a plain
    HTTP call (``/gradio_api/call/ask``) is a new session each time, so memory
    grew by ~110 kB a request (benchmarks/load.py). An API session whose events
    are all delivered is dropped at the next API call once it has not been used
    for ``idle`` seconds, or sooner if more than ``keep`` are held (least
    recently used first): a time alone would let fast callers pile up
    rate x idle sessions. Browser sessions are never touched.

    >>> from types import SimpleNamespace as NS
    >>> queue = NS(pending_event_ids_session={}, pending_messages_per_session={})
    >>> holder = NS(lock=threading.Lock(), session_data={}, time_last_used={})
    >>> sessions = Sessions(NS(_queue=queue, state_holder=holder), keep=2, clock=lambda: 0.0)
    >>> for s in "abcde":
    ...     holder.session_data[s] = "state"
    ...     sessions.note(NS(session_hash=s))
    >>> sorted(holder.session_data)
    ['d', 'e']
    """

    def __init__(self, demo, idle: float = 2.0, keep: int = 4, clock=time.monotonic):
        self.demo, self.idle, self.keep, self.clock = demo, idle, keep, clock
        self.seen: dict[str, float] = {}  # session -> last used, least recently used first
        self.lock = threading.Lock()

    def note(self, request) -> None:
        """Record the session of an API request, and sweep the idle ones and
        those beyond the ``keep`` most recent."""
        session = getattr(request, "session_hash", None)
        now = self.clock()
        with self.lock:
            if session:
                self.seen.pop(session, None)
                self.seen[session] = now
            over = len(self.seen) - self.keep
            stale = [s for i, (s, t) in enumerate(self.seen.items()) if i < over or now - t > self.idle]
        for s in stale:
            self.forget(s)

    def forget(self, session: str) -> None:
        queue, holder = getattr(self.demo, "_queue", None), getattr(self.demo, "state_holder", None)
        if queue is None or queue.pending_event_ids_session.get(session):
            return  # an event of it is still queued, running or being delivered
        with self.lock:
            self.seen.pop(session, None)
        queue.pending_event_ids_session.pop(session, None)
        queue.pending_messages_per_session.pop(session, None)
        if holder is not None:
            with holder.lock:
                holder.session_data.pop(session, None)
                holder.time_last_used.pop(session, None)


def endpoint(fn: Callable, sessions: Sessions | None = None) -> Callable:
    """``fn`` for ``gr.api``: a ``QAError`` reaches the client as a ``gradio.Error``
    with its one line; any other exception as one line too (its traceback goes
    to the server log), never ``{"error": null}``. A ``gr.Request`` argument, if
    ``fn`` takes one, is noted in ``sessions``."""
    import gradio as gr

    @functools.wraps(fn)
    def call(*args, **kwargs):
        if sessions is not None:
            for a in (*args, *kwargs.values()):
                if isinstance(a, gr.Request):
                    sessions.note(a)
        try:
            return fn(*args, **kwargs)
        except QAError as e:
            raise gr.Error(str(e), print_exception=False) from None
        except gr.Error:
            raise
        except Exception as e:
            log.exception("API endpoint /%s failed", fn.__name__)
            raise gr.Error(f"internal error ({type(e).__name__}); the details are in the server log",
                           print_exception=False) from None

    return call
