"""A real HTTP proxy on loopback that loses a share of requests, in every way a network does.

Used by the integration tests to prove that sync converges through an unreliable network. Each
request is forwarded to the target; with probability `rate` the proxy instead, at random (seeded):

- `502-before` answers 502 without forwarding (the write never happened);
- `502-after` forwards, then answers 502 (the write happened, its answer is lost);
- `503` / `429` answers 503, or 429 with `Retry-After: 1`, without forwarding;
- `reset` closes the connection without an answer, after forwarding;
- `stall` forwards, then holds the answer past the client's timeout;
- `late` (creates only) holds the request itself past the client's timeout and forwards it
  afterwards: the client has given up and looked, and the create lands later.

Every mode is bounded: a stall or a late delivery waits `stall` seconds at most. `on_request`
lets a test act at a given moment (e.g. kill the client process). `modes` picks the modes.
"""

from __future__ import annotations

import random
import socket
import threading
import time
from collections.abc import Callable, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

MODES = ("502-before", "502-after", "503", "429", "reset", "stall", "late")
CREATES = ("package_create", "resource_create", "organization_create", "group_create")


class FaultProxy:
    def __init__(
        self,
        target: str,
        *,
        rate: float = 0.2,
        seed: int = 1,
        stall: float = 3.0,
        modes: Sequence[str] = ("502-before", "502-after", "stall"),
        on_request: Callable[[str, int], None] | None = None,
    ) -> None:
        self.target = target.rstrip("/")
        self.rate = rate
        self.stall = stall
        self.modes = tuple(modes)
        self.on_request = on_request
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.seen: list[str] = []
        self.headers: list[dict[str, str]] = []
        self.faults: list[tuple[str, str]] = []
        self.late: list[threading.Thread] = []
        self.delivered: list[tuple[str, int | str]] = []  # late requests: action, CKAN's status
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
        self.server.handle_error = lambda *args: None  # type: ignore[method-assign]  # resets
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FaultProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.settle()
        self.server.shutdown()
        self.server.server_close()
        self.client.close()

    def settle(self) -> None:
        """Wait until every late request has been delivered (bounded by `stall`)."""
        for thread in list(self.late):
            thread.join(timeout=self.stall + 30)

    def _pick(self, action: str) -> str:
        with self.lock:
            self.seen.append(action)
            if self.rng.random() >= self.rate:
                return ""
            modes = [m for m in self.modes if m != "late" or action in CREATES]
            mode = self.rng.choice(modes) if modes else ""
            if mode:
                self.faults.append((action, mode))
            return mode

    def handle(self, request: BaseHTTPRequestHandler) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        action = request.path.rsplit("/", 1)[-1].split("?")[0]
        with self.lock:
            self.headers.append(dict(request.headers.items()))
        mode = self._pick(action)
        if self.on_request:
            self.on_request(action, len(self.seen))
        if mode == "502-before":
            self._answer(request, 502, b"Bad Gateway (injected)", "text/plain")
            return
        if mode in ("503", "429"):
            extra = {"Retry-After": "1"} if mode == "429" else {}
            self._answer(request, int(mode), b"busy (injected)", "text/plain", extra)
            return
        headers = {
            k: v for k, v in request.headers.items() if k.lower() not in ("host", "content-length")
        }
        if mode == "late":  # the request reaches CKAN after the client stopped waiting
            thread = threading.Thread(
                target=self._deliver_late, args=(request.command, request.path, body, headers)
            )
            self.late.append(thread)
            thread.start()
            time.sleep(self.stall)
            self._answer(request, 504, b"Gateway Timeout (injected)", "text/plain")
            return
        upstream = self.client.request(
            request.command, self.target + request.path, content=body, headers=headers
        )
        if mode == "502-after":
            self._answer(request, 502, b"Bad Gateway (injected)", "text/plain")
            return
        if mode == "reset":
            self._reset(request)
            return
        if mode == "stall":
            time.sleep(self.stall)
        self._answer(
            request,
            upstream.status_code,
            upstream.content,
            upstream.headers.get("Content-Type", "application/json"),
        )

    def _deliver_late(self, method: str, path: str, body: bytes, headers: dict[str, str]) -> None:
        time.sleep(self.stall * 0.8)  # after the client's timeout, before the proxy answers
        try:
            got = self.client.request(method, self.target + path, content=body, headers=headers)
            self.delivered.append((path.rsplit("/", 1)[-1], got.status_code))
        except httpx.HTTPError as exc:
            self.delivered.append((path.rsplit("/", 1)[-1], type(exc).__name__))

    @staticmethod
    def _reset(request: BaseHTTPRequestHandler) -> None:
        try:
            request.connection.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
            )
            request.connection.close()
        except OSError:
            pass
        request.close_connection = True

    @staticmethod
    def _answer(
        request: BaseHTTPRequestHandler,
        status: int,
        body: bytes,
        ctype: str,
        extra: dict[str, str] | None = None,
    ) -> None:
        try:
            request.send_response(status)
            request.send_header("Content-Type", ctype)
            request.send_header("Content-Length", str(len(body)))
            for key, value in (extra or {}).items():
                request.send_header(key, value)
            request.end_headers()
            request.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass  # the client gave up waiting (a stall): that is the point
