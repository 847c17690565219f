"""One web page fetched for the user who asked for it by URL, within limits: a timeout, a
size cap, a redirect limit and an HTML content type. Each failure is one line."""

from __future__ import annotations

import urllib.error
import urllib.request
from urllib.parse import urlsplit

from cstolog.domain.errors import InvalidInput

TIMEOUT_S = 20.0
MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


def is_url(name: str) -> bool:
    return name.startswith(("http://", "https://"))


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS


def fetch(url: str, *, timeout: float = TIMEOUT_S, max_bytes: int = MAX_BYTES) -> tuple[bytes, str]:
    """The page's bytes and its final address (after redirects)."""
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
        raise InvalidInput(f"{url}: not an http(s) address")
    opener = urllib.request.build_opener(_Redirects())
    request = urllib.request.Request(url, headers={"User-Agent": "cstolog"})
    try:
        with opener.open(request, timeout=timeout) as response:
            kind = response.headers.get_content_type()
            if kind not in _TYPES:
                raise InvalidInput(f"{url}: not a web page (content type {kind})")
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise InvalidInput(f"{url}: page larger than {max_bytes // (1024 * 1024)} MB")
            body = response.read(max_bytes + 1)
            if len(body) > max_bytes:
                raise InvalidInput(f"{url}: page larger than {max_bytes // (1024 * 1024)} MB")
            return body, response.geturl()
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400:
            raise InvalidInput(f"{url}: more than {MAX_REDIRECTS} redirects") from None
        raise InvalidInput(f"{url}: the server answered {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise InvalidInput(f"{url}: cannot fetch: {exc.reason}") from None
    except TimeoutError:
        raise InvalidInput(f"{url}: no answer within {timeout:g} s") from None
    except OSError as exc:
        raise InvalidInput(f"{url}: cannot fetch: {exc}") from None
