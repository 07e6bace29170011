"""Sync benchmark: first publish and no-op re-sync of ≥500 datasets, beside `ckanapi load`.

Needs the local CKAN (`make ckan-local`; reads .local/ckan/env or CKAN_URL/CKAN_API_TOKEN). Both
tools talk to CKAN through one counting proxy on loopback, so requests are counted the same way.
Then a 1 GB file is uploaded by `publisher sync` while its peak memory is measured.

    .venv/bin/python benchmarks/bench_sync.py [--datasets 500] [--big-mb 1024] [--skip-big]

Results are printed and written to benchmarks/data/sync-results.json (docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import http.server
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.faultproxy import FaultProxy  # noqa: E402

DATA = REPO / "benchmarks" / "data" / "sync"
PY = REPO / ".venv" / "bin" / "python"
PUBLISHER = REPO / ".venv" / "bin" / "publisher"
PROVINCES = ["11", "12", "13", "14", "15", "16", "17", "18", "19", "21"]


def ckan_env() -> dict[str, str]:
    env = dict(os.environ)
    if not env.get("CKAN_URL") or not env.get("CKAN_API_TOKEN"):
        path = REPO / ".local" / "ckan" / "env"
        if not path.exists():
            subprocess.run(["make", "-s", "ckan-local"], cwd=REPO, check=True)
        for line in path.read_text().splitlines():
            key, _, value = line.partition("=")
            env.setdefault(key.strip(), value.strip().strip('"'))
    return env


def make_config() -> Path:
    """The repository's config, with a region list covering the benchmark's synthetic offices."""
    folder = DATA / "config"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(REPO / "config", folder, ignore=shutil.ignore_patterns("wilayah"))
    rows = ["kode,kode_dotted,nama,tingkat,kode_induk,kode_kpu_2019"]
    for prov in PROVINCES:
        rows.append(f"{prov},{prov},PROVINSI {prov},provinsi,,")
        rows += [f"{prov}{k},{prov}.{k},KOTA {prov}{k},kota,{prov}," for k in range(71, 91)]
    (folder / "wilayah").mkdir()
    (folder / "wilayah" / "wilayah-2017.csv").write_text("\n".join(rows) + "\n")
    return folder


def make_collection(root: Path, count: int, tag: str) -> list[dict[str, object]]:
    """`count` small data packages (a CSV and a PDF each) and the matching ckanapi JSON lines."""
    shutil.rmtree(root, ignore_errors=True)
    lines = []
    for i in range(count):
        kode = f"{PROVINCES[i % len(PROVINCES)]}{71 + i % 20:02d}"
        name = f"bench-{tag}-{i:04d}"
        folder = root / f"{i:04d}"
        folder.mkdir(parents=True)
        csv = "kode_wilayah,suara_01,suara_02\n" + "".join(
            f"{kode}{j:02d},{(i * 37 + j) % 997},{(i * 91 + j) % 991}\n" for j in range(200)
        )
        files = {"data.csv": csv.encode(), "scan.pdf": b"%PDF-1.4\n" + os.urandom(8000)}
        resources = []
        for fname, data in files.items():
            (folder / fname).write_bytes(data)
            fmt = fname.rsplit(".", 1)[1]
            resources.append(
                {
                    "name": fname.split(".")[0],
                    "path": fname,
                    "format": fmt,
                    "mediatype": "text/csv" if fmt == "csv" else "application/pdf",
                    "bytes": len(data),
                    "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
                }
            )
        package = {
            "name": name,
            "title": f"Benchmark {i}",
            "description": "Paket untuk benchmark.",
            "keywords": ["benchmark"],
            "licenses": [{"name": "CC-BY-4.0"}],
            "x-kpu": {
                "unit_kerja": f"{kode}_KPU_KAB_BENCH",
                "kode_wilayah": kode,
                "kode_tahapan": "PL.01.8",
                "jenis_dokumen": "DB1-PPWP",
                "tahun": 2019,
            },
            "resources": resources,
        }
        (folder / "datapackage.json").write_text(
            json.dumps(package, sort_keys=True, indent=1) + "\n"
        )
        lines.append(
            {
                "name": f"{name}-ckanapi",
                "title": package["title"],
                "notes": package["description"],
                "owner_org": f"kpu-{kode}",
                "license_id": "cc-by",
                "resources": [
                    {
                        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{name}/{r['path']}")),
                        "name": r["path"],
                        "url": f"FILES/{i:04d}/{r['path']}",
                        "url_type": "upload",
                        "format": str(r["format"]).upper(),
                    }
                    for r in resources
                ],
            }
        )
    return lines


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    began = time.monotonic()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    return time.monotonic() - began, done.returncode, done.stderr[-2000:]


def run_publisher(root: Path, env: dict[str, str], proxy: FaultProxy) -> dict[str, object]:
    proxy.seen.clear()
    cmd = [str(PUBLISHER), "--config", str(DATA / "config"), "sync", str(root), "--no-validate"]
    seconds, code, err = timed(cmd, env)
    writes = [a for a in proxy.seen if not a.endswith(("_show", "_list", "_search"))]
    return {
        "seconds": round(seconds, 1),
        "exit": code,
        "requests": len(proxy.seen),
        "writes": len(writes),
        "error": err if code else "",
    }


def run_ckanapi(jsonl: Path, env: dict[str, str], proxy: FaultProxy) -> dict[str, object]:
    proxy.seen.clear()
    # the key goes through the environment into argv inside the child, never on a command line
    code = (
        "import os,sys; from ckanapi.cli.main import main; "
        "sys.argv=['ckanapi','load','datasets','--upload-resources','-q','-p','4','-I',"
        f"'{jsonl}','-r',os.environ['BENCH_URL'],'-a',os.environ['CKAN_API_TOKEN']]; main()"
    )
    # ckanapi starts its worker processes by name, so its venv must be on PATH; note that it hands
    # the key to them on their command lines (a weakness of the peer, on a loopback test portal)
    path = f"{PY.parent}:{env.get('PATH', '')}"
    seconds, rc, err = timed([str(PY), "-c", code], {**env, "BENCH_URL": proxy.url, "PATH": path})
    writes = [a for a in proxy.seen if not a.endswith(("_show", "_list", "_search"))]
    return {
        "seconds": round(seconds, 1),
        "exit": rc,
        "requests": len(proxy.seen),
        "writes": len(writes),
        "error": err if rc else "",
    }


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def big_upload(env: dict[str, str], megabytes: int, proxy_url: str) -> dict[str, object]:
    root = DATA.parent / "sync-big"
    shutil.rmtree(root, ignore_errors=True)
    folder = root / "big"
    folder.mkdir(parents=True)
    blob = folder / "besar.pdf"
    digest = hashlib.sha256()
    chunk = os.urandom(1 << 20)
    with blob.open("wb") as handle:
        for _ in range(megabytes):
            handle.write(chunk)
            digest.update(chunk)
    package = {
        "name": f"bench-big-{int(time.time())}",
        "title": "Berkas besar",
        "description": "1 GB",
        "licenses": [{"name": "CC-BY-4.0"}],
        "x-kpu": {
            "unit_kerja": "13_KPU_PROV_SUMATERA_BARAT",
            "kode_wilayah": "13",
            "kode_tahapan": "PL.01.8",
            "jenis_dokumen": "DC1-PPWP",
            "tahun": 2019,
        },
        "resources": [
            {
                "name": "besar",
                "path": "besar.pdf",
                "format": "pdf",
                "mediatype": "application/pdf",
                "bytes": blob.stat().st_size,
                "hash": "sha256:" + digest.hexdigest(),
            }
        ],
    }
    (folder / "datapackage.json").write_text(json.dumps(package, sort_keys=True) + "\n")
    code = (
        "import resource,sys; from publisher.cli import main\n"
        "rc = 0\n"
        "try:\n main(['--config', sys.argv[2], 'sync', sys.argv[1], '--no-validate'])\n"
        "except SystemExit as e: rc = e.code\n"
        "print('PEAK_KB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
        "sys.exit(rc)\n"
    )
    began = time.monotonic()
    done = subprocess.run(
        [str(PY), "-c", code, str(root), str(DATA / "config")],
        env={**env, "CKAN_URL": proxy_url},
        capture_output=True,
        text=True,
    )
    seconds = time.monotonic() - began
    peak = [ln for ln in done.stderr.splitlines() if ln.startswith("PEAK_KB")]
    shutil.rmtree(root, ignore_errors=True)
    return {
        "megabytes": megabytes,
        "seconds": round(seconds, 1),
        "peak_mib": round(int(peak[0].split()[1]) / 1024, 1) if peak else None,
        "exit": done.returncode,
        "error": done.stderr[-1500:] if done.returncode else "",
    }


def purge(env: dict[str, str], tag: str) -> None:
    """Leave the local CKAN as we found it: purge the benchmark's datasets."""
    from publisher.ckan import Ckan

    with Ckan(env["CKAN_URL"], env["CKAN_API_TOKEN"]) as ckan:
        while True:
            found = ckan.call(
                "package_search", {"q": "name:bench-*", "rows": 1000, "include_private": True}
            )
            if not found["results"]:
                return
            for dataset in found["results"]:
                ckan.call("dataset_purge", {"id": dataset["id"]})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=int, default=500)
    parser.add_argument("--big-mb", type=int, default=1024)
    parser.add_argument("--skip-big", action="store_true")
    args = parser.parse_args()
    env = ckan_env()
    tag = time.strftime("%H%M%S")
    root = DATA / "collection"
    lines = make_collection(root, args.datasets, tag)
    make_config()
    server, files_url = serve(root)
    jsonl = DATA / "ckanapi.jsonl"
    jsonl.write_text(
        "".join(json.dumps(x).replace('"FILES/', f'"{files_url}/') + "\n" for x in lines)
    )
    results: dict[str, object] = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}",
        "datasets": args.datasets,
    }
    with FaultProxy(env["CKAN_URL"], rate=0.0) as proxy:
        penv = {**env, "CKAN_URL": proxy.url}
        results["publisher_first"] = run_publisher(root, penv, proxy)
        results["publisher_noop"] = run_publisher(root, penv, proxy)
        results["ckanapi_first"] = run_ckanapi(jsonl, env, proxy)
        results["ckanapi_again"] = run_ckanapi(jsonl, env, proxy)
    if not args.skip_big:  # straight to CKAN: the counting proxy would hold the body in memory
        results["big_upload"] = big_upload(env, args.big_mb, env["CKAN_URL"])
    server.shutdown()
    purge(env, tag)
    first, noop = results["publisher_first"], results["publisher_noop"]
    assert isinstance(first, dict) and isinstance(noop, dict)
    results["noop_share_of_first_requests"] = round(noop["requests"] / max(1, first["requests"]), 4)
    (DATA / "sync-results.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"{'run':<22}{'seconds':>9}{'requests':>10}{'writes':>8}{'exit':>6}")
    for key in ("publisher_first", "publisher_noop", "ckanapi_first", "ckanapi_again"):
        r = results[key]
        assert isinstance(r, dict)
        print(f"{key:<22}{r['seconds']:>9}{r['requests']:>10}{r['writes']:>8}{r['exit']:>6}")
    print(f"no-op requests / first publish requests: {results['noop_share_of_first_requests']:.2%}")
    if "big_upload" in results:
        print(f"1 GB upload: {results['big_upload']}")
    print(f"self peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
