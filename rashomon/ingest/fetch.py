"""Fetch an article by URL: timeout, size cap, and no private addresses unless allowed."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlparse

from ..errors import FetchError


@dataclass
class Fetched:
    url: str
    content_type: str
    body: bytes


def _refuse_private(url: str) -> None:
    """Refuse loopback, private, link-local and reserved targets (server-side request forgery)."""
    host = urlparse(url).hostname or ""
    try:
        infos = socket.getaddrinfo(host, None)
    except socket.gaierror:
        raise FetchError(url, f"cannot resolve host '{host}'") from None
    for info in infos:
        ip = ipaddress.ip_address(info[4][0])
        if ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast:
            raise FetchError(url, f"refused: {host} resolves to a non-public address ({ip})")


def fetch(url: str, timeout: float, max_bytes: int, allow_private: bool) -> Fetched:
    """Download ``url`` or raise FetchError saying what went wrong."""
    import httpx

    if urlparse(url).scheme not in {"http", "https"}:
        raise FetchError(url, "only http:// and https:// URLs can be fetched")
    if not allow_private:
        _refuse_private(url)
    try:
        # Every hop of a redirect chain is checked too: a public URL may redirect to a private one.
        hooks = {} if allow_private else {"request": [lambda req: _refuse_private(str(req.url))]}
        with httpx.Client(timeout=timeout, follow_redirects=True, event_hooks=hooks) as client:
            with client.stream("GET", url, headers={"User-Agent": "rashomon/0.1"}) as resp:
                if resp.status_code >= 400:
                    raise FetchError(url, f"HTTP {resp.status_code}")
                chunks, size = [], 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise FetchError(url, f"larger than the {max_bytes:,}-byte limit (fetch_max_bytes)")
                    chunks.append(chunk)
                kind = resp.headers.get("content-type", "").split(";")[0].strip().lower()
                return Fetched(str(resp.url), kind, b"".join(chunks))
    except httpx.TimeoutException:
        raise FetchError(url, f"timed out after {timeout:g} s") from None
    except httpx.HTTPError as exc:
        raise FetchError(url, f"cannot fetch ({type(exc).__name__}: {exc})") from None
