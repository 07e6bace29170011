"""A real HTTP proxy on loopback that loses a share of requests: 502s and stalled answers.

Used by the integration tests to prove that sync converges through an unreliable network. Each
request is forwarded to the target; with probability `rate` the proxy instead answers 502 (before
or after forwarding, so some writes happen and their answer is lost) or stalls past the client's
timeout. `on_request` lets a test act at a given moment (e.g. kill the client process).
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx


class FaultProxy:
    def __init__(
        self,
        target: str,
        *,
        rate: float = 0.2,
        seed: int = 1,
        stall: float = 3.0,
        on_request: Callable[[str, int], None] | None = None,
    ) -> None:
        self.target = target.rstrip("/")
        self.rate = rate
        self.stall = stall
        self.on_request = on_request
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.seen: list[str] = []
        self.faults: list[tuple[str, str]] = []
        self.client = httpx.Client(timeout=120)
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                proxy.handle(self)

            def do_POST(self) -> None:
                proxy.handle(self)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FaultProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.client.close()

    def handle(self, request: BaseHTTPRequestHandler) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        action = request.path.rsplit("/", 1)[-1].split("?")[0]
        with self.lock:
            self.seen.append(action)
            count = len(self.seen)
            roll = self.rng.random()
            mode = self.rng.choice(["502-before", "502-after", "stall"]) if roll < self.rate else ""
            if mode:
                self.faults.append((action, mode))
        if self.on_request:
            self.on_request(action, count)
        if mode == "502-before":
            self._answer(request, 502, b"Bad Gateway (injected)", "text/plain")
            return
        headers = {
            k: v for k, v in request.headers.items() if k.lower() not in ("host", "content-length")
        }
        upstream = self.client.request(
            request.command, self.target + request.path, content=body, headers=headers
        )
        if mode == "502-after":
            self._answer(request, 502, b"Bad Gateway (injected)", "text/plain")
            return
        if mode == "stall":
            time.sleep(self.stall)
        self._answer(
            request,
            upstream.status_code,
            upstream.content,
            upstream.headers.get("Content-Type", "application/json"),
        )

    @staticmethod
    def _answer(request: BaseHTTPRequestHandler, status: int, body: bytes, ctype: str) -> None:
        try:
            request.send_response(status)
            request.send_header("Content-Type", ctype)
            request.send_header("Content-Length", str(len(body)))
            request.end_headers()
            request.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (a stall): that is the point
