"""Debian's Chromium, headless, driven over its DevTools protocol (a websocket).

`Browser` starts Chromium on a fresh profile and opens one tab; `Tab.open(url)`
loads a page and waits until the network is quiet, recording what went wrong on the
way: console errors, uncaught exceptions, requests that failed or answered 4xx/5xx,
and every address the page asked for (to tell requests to other hosts). Also: a
static file server for a folder, and a PNG reader for checking screenshots.
"""

from __future__ import annotations

import base64
import http.server
import json
import shutil
import struct
import subprocess
import threading
import time
import urllib.request
import zlib
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import Any

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--disable-default-apps",
    "--disable-extensions",
    "--hide-scrollbars",
    "--mute-audio",
    "--remote-debugging-port=0",
]


class BrowserError(AssertionError):
    pass


@dataclass
class Load:
    """What happened while a page loaded (and after, until `Tab.open` is called again)."""

    url: str
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    requested: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return [f"console: {line}" for line in self.console_errors] + [
            f"request: {line}" for line in self.failed
        ]


class Tab:
    def __init__(self, url: str) -> None:
        from websockets.sync.client import connect

        self._stack = ExitStack()
        # Straight to 127.0.0.1: never through a proxy the environment may name.
        self._ws = self._stack.enter_context(
            connect(url, max_size=None, open_timeout=30, proxy=None, compression=None)
        )
        self._next_id = 0
        self._events: list[dict[str, Any]] = []
        self._pending: dict[str, str] = {}  # requestId → url, requests not finished
        self._urls: dict[str, str] = {}
        self.load = Load("about:blank")
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable")
        self.send("Network.setCacheDisabled", cacheDisabled=True)
        # Workers (Pagefind searches in one) are targets of their own: attach to each
        # as it starts, so that what it loads and logs is recorded as the page's.
        self.send(
            "Target.setAutoAttach", autoAttach=True, waitForDebuggerOnStart=True, flatten=True
        )

    def _post(self, method: str, session: str, **params: Any) -> None:
        """A command to an attached worker, whose answer nobody waits for."""
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params, "sessionId": session}
        self._ws.send(json.dumps(message))

    def close(self) -> None:
        self._stack.close()

    # The protocol: a command waits for its answer; events that arrive meanwhile are
    # recorded and kept for `wait_for`.
    def send(self, method: str, timeout: float = 60, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        ident = self._next_id
        self._ws.send(json.dumps({"id": ident, "method": method, "params": params}))
        deadline = time.monotonic() + timeout
        while True:
            message = self._receive(deadline - time.monotonic())
            if message is None:
                raise BrowserError(f"{method}: no answer in {timeout} s")
            if message.get("id") == ident:
                if "error" in message:
                    raise BrowserError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result

    def _receive(self, timeout: float) -> dict[str, Any] | None:
        if timeout <= 0:
            return None
        try:
            raw = self._ws.recv(timeout=timeout)
        except TimeoutError:
            return None
        message: dict[str, Any] = json.loads(raw)
        if "method" in message:
            self._record(message)
            self._events.append(message)
        return message

    def _record(self, event: dict[str, Any]) -> None:
        method, params = event["method"], event.get("params", {})
        load = self.load
        if method == "Target.attachedToTarget":
            session = params["sessionId"]
            for domain in ("Runtime", "Log", "Network"):
                self._post(f"{domain}.enable", session)
            self._post("Runtime.runIfWaitingForDebugger", session)
            return
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            args = params.get("args", [])
            load.console_errors.append(
                " ".join(str(arg.get("value", arg.get("description", ""))) for arg in args)
            )
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            text = details.get("exception", {}).get("description") or details.get("text", "")
            load.console_errors.append(f"uncaught: {text}")
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            entry = params["entry"]
            load.console_errors.append(f"{entry.get('text')} ({entry.get('url', '')})")
        elif method == "Network.requestWillBeSent":
            url = params["request"]["url"]
            if params.get("loaderId") or "sessionId" in event:
                # (A worker's own script is reported to the page with no loader, and
                # never finished there: the worker reports it.)
                self._pending[params["requestId"]] = url
            self._urls[params["requestId"]] = url
            load.requested.append(url)
        elif method == "Network.responseReceived":
            # Done waiting for it once it answers: a worker's script never reports
            # its end to the page.
            self._pending.pop(params["requestId"], None)
            status = params["response"]["status"]
            if status >= 400:
                load.failed.append(f"{status} {params['response']['url']}")
        elif method == "Network.loadingFinished":
            self._pending.pop(params["requestId"], None)
        elif method == "Network.loadingFailed":
            url = self._pending.pop(params["requestId"], self._urls.get(params["requestId"], "?"))
            if not params.get("canceled"):
                load.failed.append(f"{params.get('errorText')} {url}")

    def wait_for(self, method: str, timeout: float = 30) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            for index, event in enumerate(self._events):
                if event["method"] == method:
                    del self._events[: index + 1]
                    return event
            self._events.clear()
            if self._receive(deadline - time.monotonic()) is None and time.monotonic() > deadline:
                raise BrowserError(f"no {method} in {timeout} s")

    def settle(self, quiet: float = 0.25, timeout: float = 20) -> None:
        """Wait until no request has been pending for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        calm_since = time.monotonic()
        while time.monotonic() < deadline:
            if self._pending:
                calm_since = time.monotonic()
            elif time.monotonic() - calm_since >= quiet:
                return
            self._receive(0.05)
        raise BrowserError(f"still loading after {timeout} s: {sorted(self._pending.values())}")

    def open(self, url: str) -> Load:
        """Load `url` and wait for it and whatever it loads; what went wrong is in the
        returned record, which goes on recording until the next `open`."""
        self._pending.clear()
        self._events.clear()
        self.load = Load(url)
        answer = self.send("Page.navigate", url=url)
        if answer.get("errorText"):
            self.load.failed.append(f"{answer['errorText']} {url}")
            return self.load
        self.wait_for("Page.loadEventFired")
        self.settle()
        return self.load

    def follow(self, action: str) -> Load:
        """Run JavaScript that navigates (a click, a form submitted) and wait for the
        page it leads to."""
        self._pending.clear()
        self._events.clear()
        self.load = Load("(followed)")
        self.evaluate(action)
        self.wait_for("Page.loadEventFired")
        self.settle()
        self.load.url = str(self.evaluate("location.href"))
        return self.load

    def evaluate(self, expression: str) -> Any:
        answer = self.send(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in answer:
            raise BrowserError(f"{expression[:60]}…: {answer['exceptionDetails']}")
        return answer["result"].get("value")

    def poll(self, expression: str, timeout: float = 15) -> Any:
        """The value of `expression` once it is truthy."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            self._receive(0.1)
        raise BrowserError(f"never true in {timeout} s: {expression}")

    def viewport(self, width: int, height: int, *, mobile: bool) -> None:
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=mobile,
        )

    def screenshot(self) -> bytes:
        data = self.send("Page.captureScreenshot", format="png")["data"]
        return base64.b64decode(data)

    def pdf(self) -> bytes:
        answer = self.send("Page.printToPDF", preferCSSPageSize=True, displayHeaderFooter=False)
        return base64.b64decode(answer["data"])


class Browser:
    """`with Browser(profile) as browser: browser.tab.open(url)`."""

    def __init__(self, profile: Path) -> None:
        if CHROMIUM is None:
            raise BrowserError("Chromium is needed: the README's test command installs it")
        profile.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            port = self._port(profile / "DevToolsActivePort")
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
                targets = json.load(r)
            page = next(t for t in targets if t.get("type") == "page")
            self.tab = Tab(page["webSocketDebuggerUrl"])
        except BaseException:
            self.process.kill()
            self.process.wait()
            raise

    def _port(self, path: Path, timeout: float = 60) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BrowserError(f"Chromium exited with {self.process.returncode}")
            if path.is_file():
                first = path.read_text(encoding="utf-8").split("\n", 1)[0].strip()
                if first.isdigit():
                    return int(first)
            time.sleep(0.05)
        raise BrowserError("Chromium did not open its DevTools port")

    def close(self) -> None:
        try:
            self.tab.close()
        finally:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> Browser:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class StaticServer:
    """A plain static server for a folder on 127.0.0.1, as any static host serves it:
    `with StaticServer(folder) as server: server.url("index.html")`."""

    def __init__(self, folder: Path) -> None:
        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

        handler = partial(Quiet, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str = "") -> str:
        return f"{self.origin}/{path}"

    def __enter__(self) -> StaticServer:
        self.thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)


@dataclass
class Image:
    width: int
    height: int
    rows: list[bytes]  # RGB, 3 bytes a pixel
    channels: int = 3

    def pixel(self, x: int, y: int) -> tuple[int, int, int]:
        row = self.rows[y]
        return row[3 * x], row[3 * x + 1], row[3 * x + 2]

    def inked(
        self, left: int, top: int, right: int, bottom: int, background: tuple[int, int, int]
    ) -> float:
        """The share of pixels in the box that differ clearly from `background`."""
        left, top = max(0, left), max(0, top)
        right, bottom = min(self.width, right), min(self.height, bottom)
        if right <= left or bottom <= top:
            return 0.0
        count = 0
        for y in range(top, bottom):
            for x in range(left, right):
                if sum(abs(a - b) for a, b in zip(self.pixel(x, y), background, strict=True)) > 60:
                    count += 1
        return count / ((right - left) * (bottom - top))


def read_png(data: bytes) -> Image:
    """An 8-bit RGB or RGBA PNG, as Chromium writes its screenshots, read into RGB rows."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, chunks, header = 8, [], b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    step = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * step
    rows: list[bytes] = []
    previous = bytearray(stride)
    offset = 0
    for _ in range(height):
        kind = raw[offset]
        line = bytearray(raw[offset + 1 : offset + 1 + stride])
        offset += 1 + stride
        for i in range(stride):
            left = line[i - step] if i >= step else 0
            up = previous[i]
            corner = previous[i - step] if i >= step else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                predictor = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + predictor) & 0xFF
        previous = line
        if step == 4:
            rgb = bytearray(width * 3)
            rgb[0::3], rgb[1::3], rgb[2::3] = line[0::4], line[1::4], line[2::4]
            rows.append(bytes(rgb))
        else:
            rows.append(bytes(line))
    return Image(width, height, rows)
