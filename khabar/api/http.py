"""HTTP plumbing shared by the API: JSON errors, bearer tokens, body limits, security headers.

Kept apart from the routes so each piece is small and testable: every failure the API sends is
``{"error": {"code": ..., "message": ...}}`` and every response carries a strict CSP.
"""

from __future__ import annotations

import asyncio
import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse

from khabar.errors import KhabarError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# The page is served by the same app: scripts and styles only from files of this origin, no
# inline script, no eval, no plug-ins, no framing; fetch() only to this origin.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'; object-src 'none'"
)

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)

# KhabarError code -> HTTP status (input problems are the client's; the store's are ours)
KHABAR_STATUS: dict[str, int] = {
    "K004": 400, "K005": 400, "K006": 400, "K007": 400, "K008": 400, "K016": 400, "K017": 400,
    "K013": 413, "K014": 422, "K015": 503,
    # the server's own set-up (a stage, a model or a resource file): not the client's fault
    "K009": 500, "K010": 500, "K011": 503, "K012": 500,
}


class ApiError(Exception):
    """An error the API answers with: HTTP status, a stable code and a one-line message."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(code, message), status_code=status, headers=headers)


def from_khabar(e: KhabarError) -> ApiError:
    return ApiError(KHABAR_STATUS.get(e.code, 400), e.code, e.message)


def check_bearer(request: Request, token: str | None, *, what: str) -> None:
    """Require ``Authorization: Bearer <token>``, compared in constant time.

    With no token configured the guarded endpoints are closed (403) rather than open.
    """
    if not token:
        raise ApiError(403, "forbidden", f"{what} is disabled: start the server with a token (KHABAR_TOKEN or --token)")
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise ApiError(401, "unauthorized", "missing bearer token (Authorization: Bearer …)",
                       {"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(given.strip().encode("utf-8"), token.encode("utf-8")):
        raise ApiError(403, "forbidden", "wrong token")


class LimitsMiddleware:
    """Refuse request bodies over ``max_body`` bytes with 413 (by Content-Length, or while
    reading a body sent without one), bodies not received within ``body_timeout`` seconds with
    408 (slow clients), and add the security headers to every response."""

    def __init__(self, app: ASGIApp, max_body: int, body_timeout: float = 60.0) -> None:
        self.app = app
        self.max_body = max_body
        self.body_timeout = body_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_secure(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        length = next((v for k, v in scope.get("headers", []) if k == b"content-length"), None)
        if length is not None:
            try:
                n = int(length)
            except ValueError:
                await self._reply(send_secure, 400, "bad_request", "bad Content-Length header")
                return
            if n > self.max_body:
                await self._reply(send_secure, 413, "payload_too_large",
                                  f"request body of {n:,} bytes is over the limit of {self.max_body:,}")
                return
        if scope.get("method") not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send_secure)
            return
        # read the whole body first (it is bounded by max_body), then replay it to the app
        chunks: list[bytes] = []
        seen = 0
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.body_timeout
        while True:
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - loop.time()))
            except TimeoutError:
                await self._reply(send_secure, 408, "request_timeout",
                                  f"request body not received within {self.body_timeout:g} s")
                return
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            seen += len(chunk)
            if seen > self.max_body:
                await self._reply(send_secure, 413, "payload_too_large",
                                  f"request body is over the limit of {self.max_body:,} bytes")
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send_secure)

    @staticmethod
    async def _reply(send: Send, status: int, code: str, message: str) -> None:
        body = json.dumps(error_body(code, message)).encode()
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})
