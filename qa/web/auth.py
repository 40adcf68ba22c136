"""Login throttling for ``--auth``: growing delays after failed attempts from
one client address, then a lockout.

Gradio's login route hands the password check no request (so no address), so
``LoginThrottle`` wraps the route as ASGI middleware: it refuses an attempt
that comes too soon (HTTP 429 with the wait in one line and ``Retry-After``),
and counts each attempt it lets through as failed until the route answers 200.
Counting before the answer means a burst of parallel guesses is throttled too.
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections import OrderedDict

FREE_ATTEMPTS = 3          # wrong passwords from one address before any delay
MAX_DELAY = 60.0           # seconds; the delay doubles from 1 s up to this
LOCKOUT_AFTER = 10         # failed attempts that lock an address out
LOCKOUT_SECONDS = 15 * 60
FORGET_AFTER = 60 * 60     # an address with no attempt for this long starts afresh
MAX_ADDRESSES = 10_000     # addresses remembered (the oldest are forgotten first)
AUTH_MESSAGE = (f"After {FREE_ATTEMPTS} wrong passwords, each further attempt from your address must wait longer; "
                f"after {LOCKOUT_AFTER}, logins from it are locked for {LOCKOUT_SECONDS // 60} minutes.")


class Throttle:
    """Failed logins per address, and how long the next attempt must wait.

    >>> now = [0.0]
    >>> t = Throttle(clock=lambda: now[0])
    >>> [t.attempt("10.0.0.9") for _ in range(4)]
    [0.0, 0.0, 0.0, 1.0]
    >>> now[0] = 1.0; t.attempt("10.0.0.9"), t.attempt("10.0.0.9")
    (0.0, 2.0)
    >>> t.succeeded("10.0.0.9"); t.attempt("10.0.0.9")
    0.0
    """

    def __init__(self, free: int = FREE_ATTEMPTS, lockout_after: int = LOCKOUT_AFTER,
                 lockout_seconds: float = LOCKOUT_SECONDS, max_delay: float = MAX_DELAY, clock=time.monotonic):
        self.free, self.lockout_after, self.lockout_seconds, self.max_delay = free, lockout_after, lockout_seconds, max_delay
        self.clock = clock
        self.failures: OrderedDict[str, tuple[int, float]] = OrderedDict()  # address -> (failed attempts, time of the last)
        self.lock = threading.Lock()

    def delay(self, failures: int) -> float:
        """Seconds an address with ``failures`` failed attempts waits after the last one."""
        if failures >= self.lockout_after:
            return float(self.lockout_seconds)
        if failures < self.free:
            return 0.0
        return min(2.0 ** (failures - self.free), self.max_delay)

    def attempt(self, address: str) -> float:
        """0 if an attempt from ``address`` may go ahead now (it is counted as
        failed until ``succeeded``), else the seconds it must still wait."""
        with self.lock:
            now = self.clock()
            n, last = self.failures.get(address, (0, now))
            if n and now - last > max(FORGET_AFTER, self.delay(n)):
                n = 0
            wait = last + self.delay(n) - now if n else 0.0
            if wait > 0:
                return wait
            self.failures[address] = (n + 1, now)
            self.failures.move_to_end(address)
            while len(self.failures) > MAX_ADDRESSES:
                self.failures.popitem(last=False)
            return 0.0

    def succeeded(self, address: str) -> None:
        with self.lock:
            self.failures.pop(address, None)

    def locked(self, address: str) -> bool:
        return self.failures.get(address, (0, 0.0))[0] >= self.lockout_after

    def message(self, address: str, wait: float) -> str:
        """The one line a refused attempt gets.

        >>> Throttle().message("x", 2.2)
        'too many failed logins from your address; try again in 3 s'
        """
        if self.locked(address):
            return (f"locked out: {self.lockout_after} failed logins from your address; "
                    f"try again in {math.ceil(wait / 60)} minutes")
        return f"too many failed logins from your address; try again in {math.ceil(wait)} s"


class LoginThrottle:
    """ASGI middleware throttling POST /login per client address."""

    def __init__(self, app, throttle: Throttle | None = None):
        self.app = app
        self.throttle = throttle or Throttle()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("method") != "POST" or not scope.get("path", "").rstrip("/").endswith("/login"):
            return await self.app(scope, receive, send)
        address = (scope.get("client") or ("unknown",))[0]
        wait = self.throttle.attempt(address)
        if wait > 0:
            body = json.dumps({"detail": self.throttle.message(address, wait)}).encode()
            await send({"type": "http.response.start", "status": 429,
                        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                    (b"retry-after", str(math.ceil(wait)).encode())]})
            await send({"type": "http.response.body", "body": body})
            return
        status = []

        async def watch(message):
            if message["type"] == "http.response.start":
                status.append(message["status"])
            await send(message)

        await self.app(scope, receive, watch)
        if status and status[0] < 300:
            self.throttle.succeeded(address)
