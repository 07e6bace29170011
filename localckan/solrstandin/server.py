"""HTTP requests on /solr/<core>/... → the stand-in's handlers; the command line."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from .index import Index
from .schema import SCHEMA_NAME, SCHEMA_XML, SolrError
from .select import param, select
from .update import parse_update

_PATH_RE = re.compile(r"^/solr/(?P<core>[^/]+)/(?P<handler>.*?)/?$")


class Handler(BaseHTTPRequestHandler):
    server_version = "kpu-solr-standin/1"
    protocol_version = "HTTP/1.1"
    index: Index
    verbose = False

    def do_GET(self) -> None:
        self._dispatch(b"")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self._dispatch(self.rfile.read(length) if length else b"")

    def _dispatch(self, body: bytes) -> None:
        parts = urlsplit(self.path)
        params = parse_qsl(parts.query, keep_blank_values=True)
        ctype = self.headers.get("Content-Type", "")
        try:
            match = _PATH_RE.match(parts.path)
            if not match:
                raise SolrError(f"no handler for {parts.path}", 404)
            core, handler = match.group("core"), match.group("handler")
            if handler == "select":
                if body and "x-www-form-urlencoded" in ctype:
                    params += parse_qsl(body.decode("utf-8"), keep_blank_values=True)
                self._json(select(self.index, core, params))
            elif handler in ("update", "update/json", "update/json/docs"):
                ops = parse_update(body, ctype)
                self.index.apply(core, ops)
                self._json({"responseHeader": {"status": 0, "QTime": 0}})
            elif handler == "admin/ping":
                self._json({"responseHeader": {"status": 0, "QTime": 0}, "status": "OK"})
            elif handler in ("schema", "admin/file") and (
                param(params, "wt") == "schema.xml" or param(params, "file") == "schema.xml"
            ):
                self._send(200, SCHEMA_XML.encode(), "application/xml; charset=utf-8")
            elif handler == "schema/name":
                self._json({"responseHeader": {"status": 0}, "name": SCHEMA_NAME})
            else:
                raise SolrError(f"no handler for {parts.path}", 404)
        except SolrError as exc:
            self._json(
                {
                    "responseHeader": {"status": exc.code, "QTime": 0},
                    "error": {"msg": exc.msg, "code": exc.code},
                },
                status=exc.code,
            )
        except Exception as exc:  # keep serving; tell the client what went wrong
            self._json(
                {"responseHeader": {"status": 500}, "error": {"msg": repr(exc), "code": 500}},
                status=500,
            )

    def _json(self, data: dict[str, Any], status: int = 200) -> None:
        self._send(status, json.dumps(data).encode("utf-8"), "application/json; charset=utf-8")

    def _send(self, status: int, payload: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        if self.verbose:
            sys.stderr.write(f"{self.log_date_time_string()} {format % args}\n")


def make_server(
    host: str, port: int, data_dir: Path, *, verbose: bool = False
) -> ThreadingHTTPServer:
    index = Index(data_dir / "index.sqlite3")
    handler = type("BoundHandler", (Handler,), {"index": index, "verbose": verbose})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def main(argv: Iterator[str] | list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8983)
    parser.add_argument("--data-dir", type=Path, required=True, help="where the index is kept")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(list(argv) if argv is not None else None)
    server = make_server(args.host, args.port, args.data_dir, verbose=args.verbose)
    sys.stderr.write(f"Solr stand-in (search tests only) on http://{args.host}:{args.port}/solr\n")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
