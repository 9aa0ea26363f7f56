"""Fetch an article by URL, bounded in every way a server can stall or flood a run.

* one total deadline covers connecting, the first byte and the whole body, so a
  server that trickles bytes is cut off at the deadline, not kept open for ever;
* the size cap is checked against ``Content-Length`` and again while streaming;
* at most ``MAX_REDIRECTS`` hops, each one http(s) and re-checked for its address;
* only text and HTML content types are downloaded;
* no loopback, private, shared (100.64.0.0/10), link-local, metadata or reserved
  addresses unless allowed, in any spelling: the host is resolved and every
  address it resolves to is checked (server-side request forgery).
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from ..errors import FetchError

MAX_REDIRECTS = 5
_SCHEMES = {"http", "https"}
_TEXT_TYPES = ("text/", "application/xhtml+xml", "application/xml")


@dataclass
class Fetched:
    url: str
    content_type: str
    body: bytes


_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _embedded_v4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 one reaches: mapped, NAT64, 6to4 and Teredo forms."""
    found = [a for a in (ip.ipv4_mapped, ip.sixtofour) if a is not None]
    if ip in _NAT64:
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    if ip.teredo:
        found.extend(ip.teredo)
    return found


def _non_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    # is_global is False for private, loopback, link-local, reserved and shared (100.64.0.0/10) space.
    if not ip.is_global or ip.is_multicast:
        return True
    return isinstance(ip, ipaddress.IPv6Address) and any(_non_public(v4) for v4 in _embedded_v4(ip))


def _refuse_private(url: str) -> None:
    """Refuse a URL whose host resolves to any non-public address."""
    host = urlparse(url).hostname or ""
    try:
        infos = socket.getaddrinfo(host, None)
    except (socket.gaierror, UnicodeError):
        raise FetchError(url, f"cannot resolve host '{host}'") from None
    for info in infos:
        ip = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if _non_public(ip):
            raise FetchError(url, f"refused: {host} resolves to a non-public address ({ip})")


def _check_hop(url: str, allow_private: bool) -> None:
    if urlparse(url).scheme.lower() not in _SCHEMES:
        raise FetchError(url, "only http:// and https:// URLs can be fetched")
    if not allow_private:
        _refuse_private(url)


def _content_type(url: str, headers: Any, max_bytes: int) -> str:
    """The response's media type, refused before the body is read when it cannot be an article."""
    kind = str(headers.get("content-type", "")).split(";")[0].strip().lower()
    if kind and not kind.startswith(_TEXT_TYPES):
        raise FetchError(url, f"unsupported content type '{kind}' (expected HTML or text)")
    length = str(headers.get("content-length", ""))
    if length.isdigit() and int(length) > max_bytes:
        raise FetchError(url, f"larger than the {max_bytes:,}-byte limit (fetch_max_bytes)")
    return kind


def _download(url: str, timeout: float, max_bytes: int, allow_private: bool, deadline: float,
              cancelled: threading.Event) -> Fetched:
    import httpx

    hooks = {"request": [lambda req: _check_hop(str(req.url), allow_private)]}
    try:
        with (httpx.Client(timeout=timeout, follow_redirects=True, max_redirects=MAX_REDIRECTS,
                           event_hooks=hooks) as client,
              client.stream("GET", url, headers={"User-Agent": "rashomon/0.1"}) as resp):
            if resp.status_code >= 400:
                raise FetchError(url, f"HTTP {resp.status_code}")
            kind = _content_type(url, resp.headers, max_bytes)
            chunks, size = [], 0
            for chunk in resp.iter_bytes():
                if cancelled.is_set() or time.monotonic() > deadline:
                    raise FetchError(url, f"timed out after {timeout:g} s (total deadline)")
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(url, f"larger than the {max_bytes:,}-byte limit (fetch_max_bytes)")
                chunks.append(chunk)
            return Fetched(str(resp.url), kind, b"".join(chunks))
    except httpx.TooManyRedirects:
        raise FetchError(url, f"more than {MAX_REDIRECTS} redirects") from None
    except httpx.TimeoutException:
        raise FetchError(url, f"timed out after {timeout:g} s") from None
    except httpx.HTTPError as exc:
        raise FetchError(url, f"cannot fetch ({type(exc).__name__}: {exc})") from None


def fetch(url: str, timeout: float, max_bytes: int, allow_private: bool) -> Fetched:
    """Download ``url`` within ``timeout`` seconds in all, or raise FetchError saying what went wrong.

    The download runs in a daemon thread the caller stops waiting for at the
    deadline: httpx's own timeouts bound each read, not their sum.
    """
    _check_hop(url, allow_private)
    deadline = time.monotonic() + timeout
    cancelled = threading.Event()
    outcome: list[Fetched | BaseException] = []

    def run() -> None:
        try:
            outcome.append(_download(url, timeout, max_bytes, allow_private, deadline, cancelled))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread below
            outcome.append(exc)

    worker = threading.Thread(target=run, name="rashomon-fetch", daemon=True)
    worker.start()
    worker.join(timeout + 0.5)
    if not outcome:
        cancelled.set()  # the thread stops at its next chunk or read timeout
        raise FetchError(url, f"timed out after {timeout:g} s (total deadline)")
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result
