"""Monitoring test helpers: a real local HTTP server for feeds and pages, and the author key."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from sarap.monitor.pseudonyms import Pseudonymiser


@dataclass
class FeedServer:
    """Serves files from a folder with an ETag and Last-Modified, answering 304 to a matching
    conditional request, and records the headers of every request."""

    root: Path
    url: str = ""
    requests: list[dict[str, str]] = field(default_factory=list)
    versions: dict[str, int] = field(default_factory=dict)  # bump to change a file's ETag

    def touch(self, name: str) -> None:
        self.versions[name] = self.versions.get(name, 0) + 1


def _handler(state: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            name = self.path.lstrip("/")
            state.requests.append({"path": self.path, **{k: v for k, v in self.headers.items()}})
            path = state.root / name
            if not path.is_file():
                self.send_error(404)
                return
            etag = f'"{name}-v{state.versions.get(name, 0)}"'
            modified = formatdate(1709251200 + 3600 * state.versions.get(name, 0), usegmt=True)
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            body = path.read_bytes()
            self.send_response(200)
            kind = "text/html; charset=utf-8" if name.endswith(".html") else "application/xml"
            self.send_header("Content-Type", kind)
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", modified)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def feed_server(fixtures: Path) -> Iterator[FeedServer]:
    state = FeedServer(root=fixtures / "monitor")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def pseudonymiser(tmp_path: Path) -> Pseudonymiser:
    return Pseudonymiser.in_data_dir(tmp_path / "data")


@pytest.fixture
def monitor_fixtures(fixtures: Path) -> Path:
    return fixtures / "monitor"
