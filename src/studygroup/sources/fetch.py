"""Fetching pages from the web, politely, through a cache in the user's cache folder.

One client for every command that reads the web (`import toc URL`, `text`): it names
itself (studygroup and its version) in the User-Agent, gives up on a page after a
timeout, retries a timeout or a server error (5xx) a few times with a growing pause,
sends at most two requests at once to one host, and refuses what is not a web page
or is larger than 10 MB.

The cache keeps each page with the validators its server sent (ETag, Last-Modified)
and how long the server said it stays fresh (Cache-Control max-age, Expires). A page
still fresh is served with no request at all; a stale one is asked for again with
If-None-Match / If-Modified-Since, so an unchanged page costs a 304 and no download.
`offline` serves the cache alone. An entry that cannot be read is fetched again,
never trusted; entries are written whole (a temporary file renamed into place).
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import os
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from studygroup import __version__
from studygroup.errors import StudygroupError
from studygroup.library.layout import default_cache_dir as default_cache_dir  # one place for it
from studygroup.writer import replace_cached

if TYPE_CHECKING:
    import httpx

MAX_BYTES = 10 * 1024 * 1024
TIMEOUT_SECONDS = 20.0
ATTEMPTS = 4  # the first try and three retries
PER_HOST = 2
USER_AGENT = f"studygroup/{__version__} (reading-group companion; python-httpx)"
_CACHE_FORMAT = 1
# Without a lifetime from the server, a page is fresh for a tenth of the time since it
# last changed (RFC 9111's heuristic), and never longer than a day.
_HEURISTIC_CAP = 24 * 3600
_HTML_TYPES = ("text/html", "application/xhtml+xml")


class FetchError(StudygroupError):
    """A page that cannot be had: no network, not found, not a web page, too large."""


@dataclass(frozen=True)
class Page:
    url: str  # where the page really is, after redirects: relative links resolve here
    data: bytes
    content_type: str
    charset: str | None
    from_cache: bool


def default_timeout() -> float:
    """Seconds to wait for a page: STUDYGROUP_TIMEOUT, for a slow line, or 20."""
    try:
        value = float(os.environ.get("STUDYGROUP_TIMEOUT", TIMEOUT_SECONDS))
    except ValueError:
        return TIMEOUT_SECONDS
    return value if 0 < value <= 600 else TIMEOUT_SECONDS


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower()


def check_web_url(url: str) -> str:
    """`url` if it is an http(s) address with a host; FetchError otherwise. Whatever
    the address, the answer is this error or the address: never a traceback from the
    parsers or the resolver further on."""
    address = url.strip()
    try:
        parts = urlsplit(address)
        parts.port  # noqa: B018 -- read only to check it: a port that is no number fails here
    except ValueError as error:  # 'http://[::1', 'http://x:abc/', 'http://x:99999/'
        raise FetchError(f"{url}: not a valid web address ({error})") from None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FetchError(f"{url}: not a web address (give one starting https://)")
    # Not printable: controls, and the lone surrogates of an argument that is not UTF-8,
    # which no request (and no cache file name) can be made of.
    if any(ch.isspace() or not ch.isprintable() for ch in address):
        raise FetchError(f"{url!r}: a web address has no spaces or control characters")
    host = parts.hostname or ""
    try:
        # What the resolver is handed: an empty or overlong label ('a..b') fails there.
        valid = bool(host) and bool(host.encode("idna"))
    except UnicodeError:
        valid = False
    if not valid:
        raise FetchError(f"{url}: not a valid web address (no valid host name)")
    return address


@dataclass
class _Entry:
    url: str
    final_url: str
    content_type: str
    charset: str | None
    etag: str | None
    last_modified: str | None
    stored: float
    lifetime: float
    data: bytes


class PageCache:
    """Pages on disk, one pair of files each (meta.json and body), named by the URL's hash."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _paths(self, url: str) -> tuple[Path, Path]:
        digest = hashlib.sha256(url.encode("utf-8")).hexdigest()
        base = self.folder / "pages" / digest[:2] / digest
        return base.with_suffix(".json"), base.with_suffix(".body")

    def load(self, url: str) -> _Entry | None:
        meta_path, body_path = self._paths(url)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            data = body_path.read_bytes()
            if meta.get("format") != _CACHE_FORMAT or meta.get("url") != url:
                return None
            if hashlib.sha256(data).hexdigest() != meta.get("sha256"):
                return None  # a body cut short or changed: fetch again
            return _Entry(
                url=url,
                final_url=str(meta["final_url"]),
                content_type=str(meta["content_type"]),
                charset=meta.get("charset"),
                etag=meta.get("etag"),
                last_modified=meta.get("last_modified"),
                stored=float(meta["stored"]),
                lifetime=float(meta["lifetime"]),
                data=data,
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save(self, entry: _Entry) -> None:
        """Store an entry; a cache that cannot be written costs time, never the answer."""
        meta_path, body_path = self._paths(entry.url)
        meta: dict[str, Any] = {
            "format": _CACHE_FORMAT,
            "url": entry.url,
            "final_url": entry.final_url,
            "content_type": entry.content_type,
            "charset": entry.charset,
            "etag": entry.etag,
            "last_modified": entry.last_modified,
            "stored": entry.stored,
            "lifetime": entry.lifetime,
            "sha256": hashlib.sha256(entry.data).hexdigest(),
        }
        # The body first, then the meta that names its hash: a reader never pairs a
        # new meta with an old body.
        if replace_cached(body_path, entry.data):
            replace_cached(meta_path, json.dumps(meta).encode("utf-8"))


def _lifetime(headers: httpx.Headers, now: float) -> float:
    """How long the server says the page stays fresh, in seconds (0: ask again)."""
    control = {
        item.split("=", 1)[0].strip().lower(): item.split("=", 1)[1].strip() if "=" in item else ""
        for item in headers.get("cache-control", "").split(",")
        if item.strip()
    }
    if "no-store" in control or "no-cache" in control:
        return 0.0
    for name in ("s-maxage", "max-age"):
        if name in control:
            try:
                return max(0.0, float(int(control[name].strip('"'))))
            except ValueError:
                return 0.0
    expires = _http_date(headers.get("expires"))
    if expires is not None:
        return max(0.0, expires - now)
    modified = _http_date(headers.get("last-modified"))
    if modified is not None:
        return min(max(0.0, (now - modified) / 10), float(_HEURISTIC_CAP))
    return 0.0


def _http_date(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _media_type(value: str) -> tuple[str, str | None]:
    media, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, val = param.partition("=")
        if name.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("\"'")
    return media.strip().lower(), charset


def _looks_like_html(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in head


class Fetcher:
    """Fetches pages through the cache; one per command run."""

    def __init__(
        self,
        cache_dir: Path | None = None,
        *,
        offline: bool = False,
        timeout: float | None = None,
        attempts: int = ATTEMPTS,
        backoff: float = 0.5,
        max_bytes: int = MAX_BYTES,
    ) -> None:
        self.cache = PageCache(cache_dir or default_cache_dir())
        self.offline = offline
        self.timeout = timeout or default_timeout()
        self.attempts = attempts
        self.backoff = backoff
        self.max_bytes = max_bytes
        self._client: httpx.Client | None = None
        self._lock = threading.Lock()
        self._hosts: dict[str, threading.Semaphore] = {}
        self.requests = 0  # how many requests went out: tests and reports read it

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._client is not None:
            self._client.close()

    def _http(self) -> httpx.Client:
        with self._lock:
            if self._client is None:
                import httpx

                self._client = httpx.Client(
                    headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.5"},
                    timeout=httpx.Timeout(self.timeout),
                    follow_redirects=True,
                    max_redirects=10,
                )
            return self._client

    def _slot(self, url: str) -> threading.Semaphore:
        with self._lock:
            return self._hosts.setdefault(_host(url), threading.Semaphore(PER_HOST))

    def get(self, url: str) -> Page:
        url = check_web_url(url)
        entry = self.cache.load(url)
        now = time.time()
        if entry is not None and (self.offline or now - entry.stored < entry.lifetime):
            return self._page(entry)
        if self.offline:
            raise FetchError(f"{url}: not in the cache, and --offline asks for no network")
        return self._fetch(url, entry)

    def get_many(
        self, urls: Iterable[str], on_done: Callable[[str], None] | None = None
    ) -> dict[str, Page | FetchError]:
        """Every page of `urls` (at most two at once per host): a page or its error."""
        wanted = list(dict.fromkeys(urls))
        results: dict[str, Page | FetchError] = {}

        def one(url: str) -> None:
            try:
                results[url] = self.get(url)
            except FetchError as error:
                results[url] = error
            if on_done is not None:
                on_done(url)

        with ThreadPoolExecutor(max_workers=PER_HOST * 2) as pool:
            list(pool.map(one, wanted))
        return {url: results[url] for url in wanted}

    @staticmethod
    def _page(entry: _Entry) -> Page:
        return Page(entry.final_url, entry.data, entry.content_type, entry.charset, True)

    def _fetch(self, url: str, entry: _Entry | None) -> Page:
        import httpx

        headers: dict[str, str] = {}
        if entry is not None and entry.etag:
            headers["If-None-Match"] = entry.etag
        if entry is not None and entry.last_modified:
            headers["If-Modified-Since"] = entry.last_modified
        host = _host(url)
        last_problem = ""
        for attempt in range(self.attempts):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                with self._slot(url):
                    self.requests += 1
                    result = self._exchange(url, headers, entry)
            except httpx.TimeoutException:
                last_problem = f"no answer within {self.timeout:g} s"
                continue
            except (httpx.ConnectError, httpx.UnsupportedProtocol) as error:
                raise FetchError(f"{url}: cannot reach {host}: {_reason(error)}") from None
            except httpx.TooManyRedirects:
                raise FetchError(f"{url}: too many redirects") from None
            except (httpx.InvalidURL, UnicodeError) as error:
                # A host name the client's own (IDNA 2008) rules refuse, past the
                # looser check of `check_web_url`: 'http://xn--zz/'.
                raise FetchError(f"{url}: not a valid web address ({_reason(error)})") from None
            except httpx.TransportError as error:  # the connection broke off: try again
                last_problem = _reason(error)
                continue
            if isinstance(result, int):
                last_problem = f"server error (HTTP {result})"
                continue
            return result
        tries = f"{self.attempts} tries" if self.attempts > 1 else "one try"
        raise FetchError(f"{url}: {last_problem}, after {tries}")

    def _exchange(self, url: str, headers: dict[str, str], entry: _Entry | None) -> Page | int:
        """One request: the page, or the status of a server error worth retrying."""
        client = self._http()
        with client.stream("GET", url, headers=headers) as response:
            status = response.status_code
            if status >= 500:
                return status
            if status == 304 and entry is not None:
                now = time.time()
                entry.stored = now
                entry.lifetime = _lifetime(response.headers, now)
                self.cache.save(entry)
                return self._page(entry)
            if status in (404, 410):
                raise FetchError(f"{url}: not found (HTTP {status})")
            if status >= 400 or status < 200 or status == 304:
                raise FetchError(f"{url}: the server refused it (HTTP {status})")
            media, charset = _media_type(response.headers.get("content-type", ""))
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.max_bytes:
                raise FetchError(f"{url}: larger than {_size(self.max_bytes)}; not read")
            if media and media not in _HTML_TYPES:
                raise FetchError(f"{url}: not a web page (it is {media})")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > self.max_bytes:
                    raise FetchError(f"{url}: larger than {_size(self.max_bytes)}; not read")
                chunks.append(chunk)
            data = b"".join(chunks)
            if not media and not _looks_like_html(data):
                raise FetchError(f"{url}: not a web page (the server did not say what it is)")
            now = time.time()
            fresh = _Entry(
                url=url,
                final_url=str(response.url),
                content_type=media or "text/html",
                charset=charset,
                etag=response.headers.get("etag"),
                last_modified=response.headers.get("last-modified"),
                stored=now,
                lifetime=_lifetime(response.headers, now),
                data=data,
            )
            if "no-store" not in response.headers.get("cache-control", "").lower():
                self.cache.save(fresh)
            return Page(fresh.final_url, data, fresh.content_type, charset, False)


def _size(count: int) -> str:
    return f"{count // 2**20} MB" if count >= 2**20 else f"{count // 1024} KB"


def _reason(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    # httpx passes on the socket's own words ("[Errno -2] Name or service not known").
    if "] " in text and text.startswith("["):
        text = text.split("] ", 1)[1]
    return " ".join(text.split())
