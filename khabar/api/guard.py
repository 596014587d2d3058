"""Guards of the server against slow clients and slow analyses.

Slow clients (slowloris): a uvicorn HTTP/1.1 protocol that answers ``408`` and closes a
connection whose request headers do not arrive within ``header_timeout`` seconds.

uvicorn has no such deadline: a client that sends one header byte every few seconds holds its
connection for ever. Slow *bodies* are cut by :class:`khabar.api.http.LimitsMiddleware`; this
covers the part before the app sees the request. Other connections are unaffected either way
(each connection is its own protocol object on the event loop).

Slow analyses: :func:`call_with_deadline` stops an analysis running in a worker thread.
"""

from __future__ import annotations

import asyncio
import ctypes
import json
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from khabar.errors import KhabarError

T = TypeVar("T")

DEFAULT_HEADER_TIMEOUT = 10.0  # seconds from a request's first byte (or the connection) to its last header


class HeaderTimeoutProtocol(H11Protocol):
    """``H11Protocol`` with a deadline on each request's headers (see the module docstring)."""

    header_timeout: float = DEFAULT_HEADER_TIMEOUT
    _header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)
        self._arm()  # a client that connects and sends nothing is cut off too

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.transport.is_closing():
            self._disarm()
        elif self.conn.their_state is h11.IDLE:
            if self._header_timer is None:  # the first bytes of the next request on a kept-alive connection
                self._arm()
        else:
            self._disarm()  # headers complete: the app (and its body deadline) takes over

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._header_timer = self.loop.call_later(self.header_timeout, self._expired)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _expired(self) -> None:
        self._header_timer = None
        if self.transport.is_closing() or self.conn.their_state is not h11.IDLE:
            return
        body = json.dumps({"error": {"code": "request_timeout", "message":
                                     f"request headers not received within {self.header_timeout:g} s"}}).encode()
        head = (b"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\n"
                b"x-content-type-options: nosniff\r\ncontent-length: %d\r\nconnection: close\r\n\r\n" % len(body))
        self.transport.write(head + body)
        self.transport.close()


def header_timeout_protocol(seconds: float = DEFAULT_HEADER_TIMEOUT) -> type[HeaderTimeoutProtocol]:
    """The protocol class to give ``uvicorn.run(http=...)``, with its deadline set."""
    if not seconds > 0:
        raise ValueError(f"header timeout must be positive, got {seconds!r}")
    return type("HeaderTimeoutProtocol", (HeaderTimeoutProtocol,), {"header_timeout": float(seconds)})


class _Overtime(BaseException):
    """Raised inside an analysis thread by its watchdog (a BaseException, so that no stage's
    ``except Exception`` swallows it)."""


def call_with_deadline(fn: Callable[[], T], seconds: float | None, what: str = "analysis") -> T:
    """``fn()`` in this thread, interrupted after ``seconds`` with ``K014``.

    The pipeline's own time limit uses SIGALRM, which works only in the main thread; the
    server analyses in worker threads, where a hanging stage would hold the one analysis slot
    for ever. A timer thread raises an exception in this thread instead
    (``PyThreadState_SetAsyncExc``); it lands at the next Python bytecode, so pure-Python loops
    are stopped, while one long call into C (a regex, the CRF tagger) ends before it lands.
    """
    if seconds is None or seconds <= 0:
        return fn()
    tid = threading.get_ident()
    guard = threading.Lock()
    state = {"done": False, "fired": False}

    def fire() -> None:
        with guard:
            if not state["done"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), ctypes.py_object(_Overtime))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    try:
        try:
            # started inside the try: a short deadline can fire while start() still waits for the
            # timer thread, and that exception must become K014 too (it was a 500 under load)
            timer.start()
            return fn()
        finally:
            with guard:
                state["done"] = True
                if state["fired"]:  # raised already, or still pending: then withdraw it
                    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), None)
            timer.cancel()
    except _Overtime:
        raise KhabarError("K014", f"{what} took over {seconds:g}s (stopped)") from None
