"""The pipeline at the size of the country: scan, build, rebuild, validate, report and plan on one
province, 10 % and 100 % of the national collection (tools/kpugen/national.py).

    .venv/bin/python benchmarks/bench_national.py [--shares 33,10%,all] [--work DIR]
        [--ballots PPWP,DPR,DPD,DPRD-PROV,DPRD-KAB-KOTA]

Each command runs as a process, timed from outside with its peak memory (one run each: the
tree is large; the national one takes minutes in all). `plan` runs against the local CKAN when
CKAN_URL/CKAN_API_TOKEN are set (or .local/ckan/env exists), with `--no-validate` (validation
is timed on its own line). Also the region reference's load (median of 20). Results are printed
and written to benchmarks/data/national-results.json; docs/benchmarks.md has the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PY = REPO / ".venv" / "bin" / "python"
PUBLISHER = REPO / ".venv" / "bin" / "publisher"
OUT = REPO / "benchmarks" / "data" / "national-results.json"
STEPS = ("scan", "build", "rebuild", "validate", "report", "plan")


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(seconds, peak MiB of this child alone — os.wait4's rusage —, exit code)."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode not in (0, 1):
            err.seek(0)
            sys.stderr.write(err.read().decode(errors="replace")[-2000:])
    return seconds, usage.ru_maxrss / 1024, child.returncode


def portal_env() -> dict[str, str] | None:
    env = dict(os.environ)
    if not (env.get("CKAN_URL") and env.get("CKAN_API_TOKEN")):
        local = REPO / ".local" / "ckan" / "env"
        if not local.is_file():
            return None
        for line in local.read_text().splitlines():
            key, _, value = line.partition("=")
            env[key] = value
    return env


def rows_of(root: Path) -> tuple[int, int, int]:
    """(files, data rows in CSVs, bytes) of the tree as generated."""
    files = rows = size = 0
    for path in root.rglob("*"):
        if path.is_file() and "_build" not in path.parts:
            files += 1
            size += path.stat().st_size
            if path.suffix == ".csv":
                with path.open("rb") as fh:
                    rows += sum(1 for _ in fh) - 1
    return files, rows, size


def run_share(
    share: str, work: Path, env: dict[str, str], portal: dict[str, str] | None, ballots: str
) -> dict[str, object]:
    root = work / f"share-{share.replace('%', 'pct')}"
    shutil.rmtree(root, ignore_errors=True)
    gen = [str(PY), str(REPO / "tools" / "generate_collection.py"), "--out", str(root)]
    seconds, peak, _ = timed([*gen, "--national", share, "--ballots", ballots], env)
    files, rows, size = rows_of(root)
    result: dict[str, object] = {
        "share": share, "ballots": ballots, "files": files, "rows": rows,
        "mb": round(size / 1e6, 1),
        "generate_s": round(seconds, 1),
    }  # fmt: skip
    commands = {
        "scan": ["scan", str(root)],
        "build": ["build", str(root)],
        "rebuild": ["build", str(root)],
        "validate": ["validate", str(root)],
        "report": ["report", str(root), "--offline"],
        "plan": ["plan", str(root), "--no-validate"],
    }
    for step in STEPS:
        if step == "plan" and portal is None:
            continue
        seconds, peak, code = timed(
            [str(PUBLISHER), *commands[step]], portal if step == "plan" else env
        )
        result[step] = {"s": round(seconds, 2), "peak_mib": round(peak), "exit": code}
        print(f"  {share:>6} {step:<9} {seconds:8.2f} s {peak:8.0f} MiB  exit {code}", flush=True)
    validate = result["validate"]
    assert isinstance(validate, dict)
    result["validate_rows_per_s"] = round(rows / validate["s"])
    shutil.rmtree(root, ignore_errors=True)
    return result


def region_load() -> float:
    code = (
        "import time,statistics;from pathlib import Path;from publisher.config import load_regions;"
        "p=Path('config/wilayah/wilayah-2017.csv');t=[]\n"
        "for _ in range(20):\n"
        " s=time.perf_counter();load_regions(p);t.append(time.perf_counter()-s)\n"
        "print(statistics.median(t))"
    )
    out = subprocess.run(
        [str(PY), "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    return float(out.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shares", default="33,10%,all")
    parser.add_argument("--work", type=Path, default=Path("/tmp/kpu-bench-national"))
    parser.add_argument(
        "--ballots",
        default="PPWP,DPR,DPD,DPRD-PROV,DPRD-KAB-KOTA",
        help="the ballots the generator writes (the whole country with all five is ~5 GB)",
    )
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    portal = portal_env()
    load = region_load()
    print(f"region reference load (91,185 rows): {load * 1000:.0f} ms (median of 20)")
    results = [
        run_share(share, args.work, env, portal, args.ballots) for share in args.shares.split(",")
    ]
    print(
        f"\n{'share':>6} {'files':>6} {'rows':>9} {'MB':>6} "
        + " ".join(f"{s:>9}" for s in STEPS)
        + "  rows/s"
    )
    for r in results:
        cells = [f"{r[s]['s']:>8.1f}s" if s in r else f"{'-':>9}" for s in STEPS]  # type: ignore[index]
        print(
            f"{r['share']:>6} {r['files']:>6} {r['rows']:>9} {r['mb']:>6} "
            + " ".join(cells)
            + f"  {r['validate_rows_per_s']}"
        )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps(
            {
                "machine": f"{platform.machine()} {os.cpu_count()} cores,"
                f" Python {platform.python_version()}",
                "date": time.strftime("%Y-%m-%d"),
                "region_load_ms": round(load * 1000),
                "results": results,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"\n{OUT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
