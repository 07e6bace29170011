"""Validation benchmark: `publisher`'s validator beside `frictionless validate`, in one run.

    .venv/bin/python benchmarks/bench_validate.py            # 1M-row CSV, 100k-row XLSX, 10M CSV
    .venv/bin/python benchmarks/bench_validate.py --quick    # 100k-row CSV, 20k-row XLSX, no 10M

Generates the tables once into benchmarks/data/ (benchmarks/gen_tps.py, fixed seed), then runs
each tool as its own process, timed from outside (wall clock) with its peak memory (the child's
maximum resident set): ours through the library call `publisher validate` makes, frictionless as
`frictionless validate --json --limit-errors N` on the same datapackage.json (the same Table
Schema; frictionless ignores the x-kpu-* rules, so it checks types, constraints and keys only).
Ours runs --repeat times (median time kept), frictionless once. The two error sets — (row,
field, error type) — are compared, and ours against the planted-error
manifest. The 10M-row file is run by ours only (frictionless would take ~10 minutes): time and
peak memory. Results: printed, and written to benchmarks/data/validate-results.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "benchmarks" / "data"
PY = REPO / ".venv" / "bin" / "python"
FRICTIONLESS = REPO / ".venv" / "bin" / "frictionless"
FRICTIONLESS_CODES = {
    "type-error", "constraint-error", "primary-key", "unique-error", "foreign-key", "blank-row",
    "extra-cell", "missing-cell", "blank-label", "duplicate-label", "extra-label",
    "missing-label", "incorrect-label", "blank-header",
}  # fmt: skip
LIMIT = 10_000_000

sys.path.insert(0, str(REPO / "benchmarks"))
import gen_tps  # noqa: E402

MEASURE = """
import resource, subprocess, sys, time
t = time.perf_counter()
with open(sys.argv[1], "wb") as out:
    rc = subprocess.run(sys.argv[2:], stdout=out).returncode
wall = time.perf_counter() - t
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{rc} {wall:.3f} {usage.ru_maxrss} {usage.ru_utime + usage.ru_stime:.3f}")
"""

OURS = """
import json, sys
from publisher.config import load_config
from publisher.validate import Options, validate_paths
config = load_config(sys.argv[1])
report = validate_paths([sys.argv[2]], config, Options(limit=int(sys.argv[3])))
print(json.dumps(report.to_dict("en")))
sys.exit(report.exit_code)
"""


def measure(command: list[str], out: Path) -> dict[str, Any]:
    """Run one command in a fresh wrapper: wall time, CPU time (user + system, all threads) and
    peak memory (MiB). The machine is shared: wall time varies with the load, CPU time less."""
    done = subprocess.run(
        [str(PY), "-c", MEASURE, str(out), *command], stdout=subprocess.PIPE, text=True, check=True
    )
    rc, wall, peak_kb, cpu = done.stdout.split()
    return {
        "exit": int(rc),
        "seconds": float(wall),
        "cpu_seconds": float(cpu),
        "peak_mib": round(int(peak_kb) / 1024, 1),
    }


def dataset(name: str, rows: int, *, xlsx: bool = False) -> Path:
    folder = DATA / name
    if not (folder / "manifest.json").is_file() or (
        xlsx and not (folder / "c1-ppwp.xlsx").is_file()
    ):
        print(f"generating {name} ({rows:,} rows)…", flush=True)
        gen_tps.generate(rows, folder)
        if xlsx:
            gen_tps.write_xlsx(folder)
    config = folder / "config"
    if not (config / "wilayah" / "wilayah-2017.csv").is_file():
        shutil.copytree(REPO / "config", config, dirs_exist_ok=True)
        (config / "wilayah").mkdir(exist_ok=True)
        shutil.copy(folder / "wilayah-2017.csv", config / "wilayah" / "wilayah-2017.csv")
    if xlsx:
        package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        res = package["resources"][0]
        res.update(path="c1-ppwp.xlsx", format="xlsx", name="c1-ppwp-xlsx")
        res["mediatype"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        res.pop("encoding", None)
        (folder / "datapackage-xlsx.json").write_text(
            json.dumps(package, indent=2) + "\n", encoding="utf-8"
        )
    return folder


def run_ours(
    folder: Path, descriptor: Path, repeat: int = 1
) -> tuple[dict[str, Any], set[tuple[Any, ...]]]:
    """Our validator `repeat` times (the median time is kept; peak memory is the largest)."""
    out = folder / "ours.json"
    cmd = [str(PY), "-c", OURS, str(folder / "config"), str(descriptor), str(LIMIT)]
    runs = [measure(cmd, out) for _ in range(repeat)]
    result = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
    result["runs_seconds"] = [r["seconds"] for r in runs]
    result["peak_mib"] = max(r["peak_mib"] for r in runs)
    report = json.loads(out.read_text(encoding="utf-8"))
    found = {
        (p["row"], p["field"], p["code"])
        for pkg in report["packages"]
        for res in pkg["resources"]
        for p in res["problems"]
    }
    result["rows"] = report["summary"]["rows"]
    result["errors"] = report["summary"]["errors"]
    return result, found


def run_frictionless(folder: Path, descriptor: Path) -> tuple[dict[str, Any], set[tuple[Any, ...]]]:
    out = folder / "frictionless.json"
    cmd = [str(FRICTIONLESS), "validate", "--json", "--limit-errors", str(LIMIT), str(descriptor)]
    result = measure(cmd, out)
    report = json.loads(out.read_text(encoding="utf-8"))
    found = {
        (e.get("rowNumber"), e.get("fieldName") or None, e["type"])
        for task in report["tasks"]
        for e in task["errors"]
    }
    result["rows"] = sum(t["stats"].get("rows", 0) for t in report["tasks"])
    result["errors"] = len(found)
    return result, found


def compare(
    ours: set[tuple[Any, ...]], theirs: set[tuple[Any, ...]], manifest: Path | None
) -> dict[str, Any]:
    # header errors: frictionless gives a list of row numbers, we give row 1; compare without
    standard = {
        (None if "label" in e[2] or "header" in e[2] else e[0], e[1], e[2])
        for e in ours
        if e[2] in FRICTIONLESS_CODES
    }
    out: dict[str, Any] = {
        "same": len(standard & theirs),
        "only_frictionless": sorted(map(list, theirs - standard))[:20],
        "only_ours": sorted(map(list, standard - theirs))[:20],
        "ours_election_rules_and_regions": len(ours - standard),
    }
    if manifest:
        planted = json.loads(manifest.read_text(encoding="utf-8"))["planted"]
        expected = {tuple(e) for p in planted for e in p["expect"]}
        out["planted"] = len(expected)
        out["planted_missed"] = sorted(map(list, expected - ours))[:20]
    return out


def machine() -> dict[str, Any]:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        mem = meminfo.read_text().splitlines()[0].split(":")[1].strip()
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": os.cpu_count(),
        "cpu": model,
        "memory": mem,
        "os": platform.platform(),
        "python": platform.python_version(),
        "load_before": os.getloadavg()[0],
    }


def side_by_side(
    name: str, folder: Path, descriptor: Path, manifest: Path | None, repeat: int
) -> dict[str, Any]:
    print(f"\n== {name}: frictionless validate …", flush=True)
    theirs, their_set = run_frictionless(folder, descriptor)
    print(f"   {theirs}", flush=True)
    print(f"== {name}: publisher validate …", flush=True)
    ours, our_set = run_ours(folder, descriptor, repeat)
    print(f"   {ours}", flush=True)
    comparison = compare(our_set, their_set, manifest)
    speedup = theirs["seconds"] / ours["seconds"] if ours["seconds"] else 0.0
    return {"frictionless": theirs, "ours": ours, "speedup": round(speedup, 1), **comparison}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="100k CSV + 20k XLSX, no 10M run")
    parser.add_argument("--skip-10m", action="store_true", help="leave out the 10M-row run")
    parser.add_argument("--repeat", type=int, default=3, help="runs of ours (median kept)")
    args = parser.parse_args(argv)
    csv_rows, xlsx_rows = (100_000, 20_000) if args.quick else (1_000_000, 100_000)
    results: dict[str, Any] = {"machine": machine(), "quick": args.quick, "runs": {}}
    csv_name = f"tps-{csv_rows // 1000}k" if csv_rows < 1_000_000 else "tps-1m"
    folder = dataset(csv_name, csv_rows)
    results["runs"][f"csv {csv_rows:,} rows"] = side_by_side(
        f"CSV {csv_rows:,} rows",
        folder,
        folder / "datapackage.json",
        folder / "manifest.json",
        args.repeat,
    )
    folder = dataset(f"xlsx-{xlsx_rows // 1000}k", xlsx_rows, xlsx=True)
    results["runs"][f"xlsx {xlsx_rows:,} rows"] = side_by_side(
        f"XLSX {xlsx_rows:,} rows", folder, folder / "datapackage-xlsx.json", None, args.repeat
    )
    if not (args.quick or args.skip_10m):
        folder = dataset("tps-10m", 10_000_000)
        print("\n== CSV 10,000,000 rows: publisher validate (frictionless not run) …", flush=True)
        ours, found = run_ours(folder, folder / "datapackage.json")
        print(f"   {ours}", flush=True)
        results["runs"]["csv 10,000,000 rows"] = {
            "ours": ours,
            **compare(
                found, {e for e in found if e[2] in FRICTIONLESS_CODES}, folder / "manifest.json"
            ),
        }
    print_table(results)
    target = DATA / "validate-results.json"
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    tmp.replace(target)
    print(f"\nwritten: {target.relative_to(REPO)}")
    return 0


def print_table(results: dict[str, Any]) -> None:
    m = results["machine"]
    print(
        f"\nmachine: {m['cpus']} CPUs ({m['cpu']}), {m['memory']}, {m['os']}, Python {m['python']}"
    )
    print(f"date: {m['date']}")
    head = (
        f"{'run':<22} {'tool':<13} {'seconds':>8} {'CPU s':>7} {'peak MiB':>9} {'errors':>7}"
        "  speed-up"
    )
    print(head)
    print("-" * len(head))
    for name, run in results["runs"].items():
        for tool in ("frictionless", "ours"):
            if tool not in run:
                continue
            r = run[tool]
            speed = f"{run['speedup']}×" if tool == "ours" and "speedup" in run else ""
            label = "publisher" if tool == "ours" else tool
            print(
                f"{name:<22} {label:<13} {r['seconds']:>8.2f} {r['cpu_seconds']:>7.2f} "
                f"{r['peak_mib']:>9.1f} "
                f"{r['errors']:>7}  {speed}"
            )
        same = run.get("same")
        if "frictionless" in run:
            only = len(run["only_frictionless"])
            print(
                f"{'':<22} same errors: {same}; only frictionless: {only}; "
                f"only ours (standard codes): {len(run['only_ours'])}; "
                f"ours in rules/regions: {run['ours_election_rules_and_regions']}"
            )
        if "planted" in run:
            print(
                f"{'':<22} planted errors: {run['planted']}, missed: {len(run['planted_missed'])}"
            )


if __name__ == "__main__":
    sys.exit(main())
