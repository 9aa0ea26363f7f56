"""The app's guards: trusted hosts, request size, cross-site requests, security headers.

Cross-site request forgery is stopped twice over for every state-changing
request: the browser's ``Sec-Fetch-Site`` and ``Origin`` headers must say the
request comes from this site, and the request must carry a token that only
this site's pages hold: an HMAC, under a per-process secret, of a random
value in a ``SameSite=Strict`` cookie (sent as the ``csrf_token`` form field
or the ``X-CSRF-Token`` header). The ``Host`` header must name this server,
so a DNS-rebinding page cannot read tokens either.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import HTTPException, Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from .config import WebConfig

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
COOKIE = "rashomon_csrf"
HEADER = "x-csrf-token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; form-action 'self'; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'")
# The report runs in a sandbox: a unique origin with no access to this site's cookies or API.
REPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
              "frame-ancestors 'self'; base-uri 'none'; form-action 'none'; sandbox allow-scripts")


def _token_for(secret: str, nonce: str) -> str:
    return hmac.new(secret.encode(), f"csrf:{nonce}".encode(), hashlib.sha256).hexdigest()


def csrf_token(request: Request) -> str:
    """The token this client's pages embed; sets the cookie it is bound to if missing."""
    config: WebConfig = request.app.state.config
    nonce = request.cookies.get(COOKIE) or getattr(request.state, "csrf_nonce", None)
    if not nonce:
        nonce = secrets.token_urlsafe(24)
        request.state.csrf_nonce = nonce
    return _token_for(config.secret, nonce)


def set_csrf_cookie(request: Request, response: Response) -> None:
    nonce = getattr(request.state, "csrf_nonce", None)
    if nonce and not request.cookies.get(COOKIE):
        response.set_cookie(COOKIE, nonce, httponly=True, samesite="strict", path="/")


def check_origin(request: Request) -> None:
    """Refuse a state-changing request a browser says came from another site."""
    site = request.headers.get("sec-fetch-site")
    if site and site not in {"same-origin", "none"}:
        raise HTTPException(403, f"cross-site request refused (Sec-Fetch-Site: {site})")
    origin = request.headers.get("origin")
    if origin and origin != "null":
        host = request.headers.get("host", "")
        if origin.split("://", 1)[-1] != host:
            raise HTTPException(403, "cross-site request refused (Origin does not match this server)")
    elif origin == "null":
        raise HTTPException(403, "cross-site request refused (opaque Origin)")


def check_token(request: Request, submitted: str | None) -> None:
    """Refuse a state-changing request without this client's CSRF token."""
    config: WebConfig = request.app.state.config
    nonce = request.cookies.get(COOKIE)
    token = submitted or request.headers.get(HEADER)
    if not nonce or not token or not hmac.compare_digest(token, _token_for(config.secret, nonce)):
        raise HTTPException(403, "missing or invalid CSRF token (reload the page and submit again)")


def protect(request: Request, submitted: str | None) -> None:
    check_origin(request)
    check_token(request, submitted)


class Guard:
    """ASGI middleware: trusted Host, bounded request bodies, security headers on every answer."""

    def __init__(self, app: Callable[..., Awaitable[None]], config: WebConfig) -> None:
        self.app = app
        self.config = config

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await self.app(scope, receive, self._with_headers(send, scope["path"]))

    def _refusal(self, scope: Scope, headers: dict[str, str]) -> Response | None:
        host = headers.get("host", "")
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if name not in self.config.allowed_hosts:
            return PlainTextResponse(f"unknown host '{host[:100]}'", 400)
        if scope["method"] in SAFE_METHODS:
            return None
        length = headers.get("content-length")
        if length is None:
            if headers.get("transfer-encoding"):
                return JSONResponse({"detail": "a Content-Length header is required"}, 411)
            return None
        if not length.isdigit():
            return JSONResponse({"detail": "invalid Content-Length"}, 400)
        if int(length) > self.config.max_request_bytes:
            return JSONResponse({"detail": f"request body over the {self.config.max_request_bytes:,}-byte limit"},
                                413)
        return None

    @staticmethod
    def _with_headers(send: Send, path: str) -> Send:
        report = path.endswith("/report")
        extra = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin"),
                 (b"cross-origin-opener-policy", b"same-origin"),
                 (b"x-frame-options", b"SAMEORIGIN" if report else b"DENY")]

        async def wrapped(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                csp = (REPORT_CSP if report else PAGE_CSP).encode()
                message["headers"] = [*message.get("headers", []),
                                      *[(k, v) for k, v in extra if k not in names]]
                if b"content-security-policy" not in names:
                    message["headers"].append((b"content-security-policy", csp))
            await send(message)

        return wrapped
