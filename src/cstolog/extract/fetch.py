"""One web page fetched for the user who asked for it by URL, within limits: a timeout, a
size cap, a redirect limit and an HTML content type. Each failure is one line: an address
that is not http(s) is invalid input (exit 1); everything that goes wrong once the page is
asked for is ``FetchFailed`` (exit 9)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from cstolog.domain.errors import FetchFailed, InvalidInput

if TYPE_CHECKING:
    import urllib.request

TIMEOUT_S = 20.0
MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


def is_url(name: str) -> bool:
    return name.startswith(("http://", "https://"))


def _opener() -> urllib.request.OpenerDirector:
    import urllib.request  # here: most commands never fetch a page

    class Redirects(urllib.request.HTTPRedirectHandler):
        max_redirections = MAX_REDIRECTS

    return urllib.request.build_opener(Redirects())


@dataclass(frozen=True)
class Fetched:
    body: bytes
    address: str  # the final address, after redirects
    charset: str | None  # as the server's Content-Type declares it, if it does


def fetch(url: str, *, timeout: float | None = None, max_bytes: int = MAX_BYTES) -> Fetched:
    """The page's bytes, its final address (after redirects) and the charset its server
    declares; ``timeout`` in seconds (default ``TIMEOUT_S``) for the connection and for
    each read."""
    import urllib.error
    import urllib.request

    timeout = TIMEOUT_S if timeout is None else timeout
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
        raise InvalidInput(f"{url}: not an http(s) address")
    request = urllib.request.Request(url, headers={"User-Agent": "cstolog"})
    too_large = f"{url}: page larger than {max_bytes // (1024 * 1024)} MB"
    try:
        with _opener().open(request, timeout=timeout) as response:
            kind = response.headers.get_content_type()
            if kind not in _TYPES:
                raise FetchFailed(f"{url}: not a web page (content type {kind})")
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise FetchFailed(too_large)
            body = response.read(max_bytes + 1)
            if len(body) > max_bytes:
                raise FetchFailed(too_large)
            return Fetched(body, response.geturl(), response.headers.get_content_charset())
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400:
            raise FetchFailed(f"{url}: more than {MAX_REDIRECTS} redirects") from None
        raise FetchFailed(f"{url}: the server answered {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise FetchFailed(f"{url}: cannot fetch: {exc.reason}") from None
    except TimeoutError:
        raise FetchFailed(f"{url}: no answer within {timeout:g} s") from None
    except OSError as exc:
        raise FetchFailed(f"{url}: cannot fetch: {exc}") from None
