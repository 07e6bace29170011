"""A client for the Solr stand-in tests: a live stand-in on a free loopback port (no CKAN)."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Any

import httpx

LOCALCKAN = Path(__file__).resolve().parents[2] / "localckan"
if str(LOCALCKAN) not in sys.path:
    sys.path.insert(0, str(LOCALCKAN))

from solrstandin.server import make_server  # noqa: E402


class Solr:
    """A running stand-in plus a small client speaking the way pysolr does."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.server = make_server("127.0.0.1", 0, data_dir)
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}/solr/ckan"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()
        self.http = httpx.Client(timeout=10)

    def close(self) -> None:
        self.http.close()
        self.server.shutdown()
        self.server.server_close()
        self.server.RequestHandlerClass.index.db.close()  # type: ignore[attr-defined]

    def add(self, *docs: dict[str, Any]) -> httpx.Response:
        return self.http.post(
            f"{self.base}/update/?commit=true",
            json=list(docs),
            headers={"Content-type": "application/json; charset=utf-8"},
        )

    def update_xml(self, xml: str) -> httpx.Response:
        return self.http.post(
            f"{self.base}/update/?commit=true",
            content=xml.encode(),
            headers={"Content-type": "text/xml; charset=utf-8"},
        )

    def select_raw(self, **params: Any) -> httpx.Response:
        pairs = []
        for key, value in params.items():
            key = key.replace("__", ".")
            for item in value if isinstance(value, list) else [value]:
                pairs.append((key, str(item)))
        return self.http.get(f"{self.base}/select/", params=pairs)

    def select(self, **params: Any) -> dict[str, Any]:
        params.setdefault("wt", "json")
        resp = self.select_raw(**params)
        assert resp.status_code == 200, resp.text
        data: dict[str, Any] = resp.json()
        return data

    def names(self, **params: Any) -> list[str]:
        params.setdefault("fl", "name")
        params.setdefault("rows", 100)
        return [d["name"] for d in self.select(**params)["response"]["docs"]]
