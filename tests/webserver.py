"""A small web server on 127.0.0.1 for the tests that fetch: routes answer as a test
scripts them, and every request is counted."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


Route = Callable[["Request"], Reply]


@dataclass
class Request:
    path: str
    headers: dict[str, str]


class Server:
    """`with Server({"/a.htm": route}) as server: server.url("/a.htm")`."""

    def __init__(self, routes: dict[str, Route | Reply]) -> None:
        self.routes = routes
        self.requests: list[Request] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                request = Request(self.path, {k.lower(): v for k, v in self.headers.items()})
                owner.requests.append(request)
                route = owner.routes.get(self.path.split("?")[0])
                reply = (
                    Reply(404, b"not here")
                    if route is None
                    else route
                    if isinstance(route, Reply)
                    else route(request)
                )
                if reply.delay:
                    time.sleep(reply.delay)
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    if "Content-Length" not in reply.headers:
                        self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    if reply.status != 304:
                        self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def url(self, path: str) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}{path}"

    def hits(self, path: str) -> int:
        return sum(1 for request in self.requests if request.path == path)

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def html(body: str, **headers: str) -> Reply:
    return Reply(
        200,
        f"<!DOCTYPE html><html><head><title>t</title></head><body>{body}</body></html>".encode(),
        {"Content-Type": "text/html; charset=utf-8", **headers},
    )
