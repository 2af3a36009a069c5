"""The web client and its cache, against a server on 127.0.0.1."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from studygroup.sources.fetch import USER_AGENT, Fetcher, FetchError
from webserver import Reply, Request, Server, html


def fetcher(tmp_path: Path, **options: object) -> Fetcher:
    settings: dict[str, object] = {"backoff": 0.01, "timeout": 1.0}
    settings.update(options)
    return Fetcher(tmp_path / "cache", **settings)  # type: ignore[arg-type]


def test_a_page_names_the_tool_and_is_cached_by_its_lifetime(tmp_path: Path) -> None:
    with Server({"/fresh.htm": html("<p>fresh</p>", **{"Cache-Control": "max-age=3600"})}) as s:
        with fetcher(tmp_path) as client:
            first = client.get(s.url("/fresh.htm"))
            again = client.get(s.url("/fresh.htm"))
        assert b"fresh" in first.data and not first.from_cache
        assert again.from_cache and again.data == first.data
        assert s.hits("/fresh.htm") == 1  # the second answer made no request at all
        assert s.requests[0].headers["user-agent"] == USER_AGENT
        assert USER_AGENT.startswith("studygroup/")


def test_a_stale_page_is_revalidated_and_not_downloaded_again(tmp_path: Path) -> None:
    def route(request: Request) -> Reply:
        if request.headers.get("if-none-match") == '"v1"':
            return Reply(304, b"", {"ETag": '"v1"'})
        return html("<p>body</p>", ETag='"v1"', **{"Cache-Control": "no-cache"})

    with Server({"/page.htm": route}) as s:
        with fetcher(tmp_path) as client:
            client.get(s.url("/page.htm"))
        with fetcher(tmp_path) as client:
            page = client.get(s.url("/page.htm"))
        assert page.from_cache and b"body" in page.data
        assert s.hits("/page.htm") == 2
        assert s.requests[1].headers["if-none-match"] == '"v1"'


def test_a_redirect_is_followed_and_the_final_address_kept(tmp_path: Path) -> None:
    routes = {
        "/old/index.htm": Reply(301, b"", {"Location": "/new/index.htm"}),
        "/new/index.htm": html("<p>moved</p>"),
    }
    with Server(routes) as s, fetcher(tmp_path) as client:
        page = client.get(s.url("/old/index.htm"))
        assert page.url == s.url("/new/index.htm")


def test_a_server_error_is_retried_until_it_succeeds(tmp_path: Path) -> None:
    answers = iter([Reply(500, b"oops"), Reply(503, b"busy"), html("<p>at last</p>")])
    with Server({"/flaky.htm": lambda request: next(answers)}) as s, fetcher(tmp_path) as client:
        page = client.get(s.url("/flaky.htm"))
        assert b"at last" in page.data
        assert s.hits("/flaky.htm") == 3


@pytest.mark.parametrize(
    ("route", "message"),
    [
        (Reply(404, b"gone"), "not found (HTTP 404)"),
        (Reply(403, b"no"), "refused it (HTTP 403)"),
        (Reply(500, b"down"), "server error (HTTP 500), after 2 tries"),
        (Reply(200, b"%PDF-1.4", {"Content-Type": "application/pdf"}), "not a web page"),
        (Reply(200, b"x" * 5000, {"Content-Type": "text/html"}), "larger than 4 KB; not read"),
        (
            Reply(200, b"<p>late</p>", {"Content-Type": "text/html"}, delay=0.8),
            "no answer within 0.3 s",
        ),
    ],
)
def test_what_cannot_be_had_is_one_clear_error(tmp_path: Path, route: Reply, message: str) -> None:
    with (
        Server({"/p.htm": route}) as s,
        fetcher(tmp_path, attempts=2, max_bytes=4096, timeout=0.3) as client,
    ):
        with pytest.raises(FetchError, match=re.escape(message)) as raised:
            client.get(s.url("/p.htm"))
        assert "\n" not in str(raised.value)
    assert not list((tmp_path / "cache").rglob("*.body"))  # nothing of it was kept


def test_no_network_is_one_clear_error(tmp_path: Path) -> None:
    with Server({}) as s:
        address = s.url("/index.htm")
    # The server is gone: its port refuses connections.
    with fetcher(tmp_path) as client, pytest.raises(FetchError, match=r"cannot reach 127\.0\.0\.1"):
        client.get(address)


def test_offline_reads_the_cache_alone(tmp_path: Path) -> None:
    with Server({"/a.htm": html("<p>a</p>", **{"Cache-Control": "no-cache"})}) as s:
        with fetcher(tmp_path) as client:
            client.get(s.url("/a.htm"))
        with fetcher(tmp_path, offline=True) as client:
            page = client.get(s.url("/a.htm"))
            with pytest.raises(FetchError, match="not in the cache"):
                client.get(s.url("/b.htm"))
        assert page.from_cache and s.hits("/a.htm") == 1 and s.hits("/b.htm") == 0


def test_a_damaged_cache_entry_is_fetched_again(tmp_path: Path) -> None:
    with Server({"/a.htm": html("<p>a</p>", **{"Cache-Control": "max-age=3600"})}) as s:
        with fetcher(tmp_path) as client:
            client.get(s.url("/a.htm"))
        body = next((tmp_path / "cache").rglob("*.body"))
        body.write_bytes(b"<p>cut sho")
        with fetcher(tmp_path) as client:
            page = client.get(s.url("/a.htm"))
        assert b"<p>a</p>" in page.data and s.hits("/a.htm") == 2


def test_many_pages_at_most_two_at_once(tmp_path: Path) -> None:
    import threading

    lock = threading.Lock()
    running = [0, 0]  # now, most

    def slow(request: Request) -> Reply:
        with lock:
            running[0] += 1
            running[1] = max(running)
        import time

        time.sleep(0.1)
        with lock:
            running[0] -= 1
        return html(f"<p>{request.path}</p>")

    routes = {f"/{n}.htm": slow for n in range(6)}
    with Server(routes) as s, fetcher(tmp_path) as client:
        done: list[str] = []
        pages = client.get_many([s.url(f"/{n}.htm") for n in range(6)], done.append)
    assert len(pages) == 6 and len(done) == 6
    assert running[1] == 2


def test_only_web_addresses_are_fetched(tmp_path: Path) -> None:
    with fetcher(tmp_path) as client:
        for address in ("file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)"):
            with pytest.raises(FetchError, match="not a web address"):
                client.get(address)


def test_a_cache_that_cannot_be_written_still_gives_the_page(tmp_path: Path) -> None:
    (tmp_path / "cache").write_text("a file where the cache folder should be")
    with Server({"/page.htm": html("<p>kept</p>", **{"Cache-Control": "max-age=3600"})}) as s:
        with fetcher(tmp_path) as client:
            first = client.get(s.url("/page.htm"))
            again = client.get(s.url("/page.htm"))
        assert b"kept" in first.data and b"kept" in again.data
        assert s.hits("/page.htm") == 2  # nothing could be kept, so it was asked again
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache"]


def test_the_body_and_its_meta_are_written_whole_with_nothing_left_beside(tmp_path: Path) -> None:
    page = html("<p>whole</p>", **{"Cache-Control": "max-age=3600"})
    with Server({"/page.htm": page}) as s, fetcher(tmp_path) as client:
        client.get(s.url("/page.htm"))
    written = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    assert written and not [p for p in written if p.name.endswith(".tmp")]
    assert any(b"whole" in p.read_bytes() for p in written)
