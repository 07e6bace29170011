"""A big table into the local CKAN's DataStore through `publisher.datastore.load`: time, rows
a second, requests and the process's peak memory (docs/benchmarks.md#datastore-loads).

    .venv/bin/python benchmarks/bench_datastore.py --rows 1000000   # needs `make ckan-local`

Makes a throwaway organisation and dataset, loads a synthetic per-TPS table (codes as text,
counts as integers, a two-column primary key) and purges them again.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from publisher import datastore  # noqa: E402
from publisher.ckan import Ckan  # noqa: E402

SCHEMA = {
    "fields": [
        {"name": "kode_kelurahan", "type": "string", "title": "Kode kelurahan"},
        {"name": "no_tps", "type": "string", "title": "Nomor TPS"},
        {"name": "dpt", "type": "integer", "title": "DPT"},
        {"name": "suara_01", "type": "integer", "title": "Suara 01"},
        {"name": "suara_02", "type": "integer", "title": "Suara 02"},
    ],
    "primaryKey": ["kode_kelurahan", "no_tps"],
}


def table(rows: int, folder: Path) -> Path:
    path = folder / f"tps-{rows}.csv"
    folder.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        with path.open("w", encoding="utf-8") as out:
            out.write("kode_kelurahan,no_tps,dpt,suara_01,suara_02\n")
            for i in range(rows):
                kode = 1303052000 + i // 300
                out.write(f"{kode},{i % 300:03d},{200 + i % 97},{i % 131},{i % 173}\n")
    return path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    env = dict(
        line.split("=", 1) for line in (ROOT / ".local/ckan/env").read_text().split() if "=" in line
    )
    path = table(args.rows, ROOT / "benchmarks" / "data")
    with Ckan(env["CKAN_URL"], env["CKAN_API_TOKEN"], timeout=300) as ckan:
        org = ckan.call("organization_create", {"name": "bench-ds-" + uuid.uuid4().hex[:8]})
        made = ckan.call("package_create", {"name": org["name"], "owner_org": org["id"]})
        res = ckan.call(
            "resource_create", {"package_id": made["id"], "name": path.name, "url": "http://x/"}
        )
        try:
            began = time.monotonic()
            count = datastore.load(ckan, res["id"], path, json.dumps(SCHEMA))
            took = time.monotonic() - began
            found = ckan.call("datastore_search", {"resource_id": res["id"], "limit": 0})
        finally:
            ckan.call("dataset_purge", {"id": made["id"]})
            ckan.call("organization_purge", {"id": org["id"]})
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{count} rows ({found['total']} in the DataStore) in {took:.1f} s ="
            f" {count / took:,.0f} rows/s; {ckan.counters.requests} requests;"
            f" peak memory {peak:.0f} MB; file {path.stat().st_size / 1e6:.0f} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
