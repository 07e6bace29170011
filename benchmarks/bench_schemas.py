"""Validation on tables of several schemas: `publisher validate` beside `frictionless validate`.

    .venv/bin/python benchmarks/bench_schemas.py            # 1M rows per schema; wide tables
    .venv/bin/python benchmarks/bench_schemas.py --quick    # 100k rows

Shapes (generated once into benchmarks/data/schemas-*, fixed seeds, a few errors planted):
- `mixed`: a pattern-checked code, date with bounds, datetime, numbers with Indonesian decimal
  and group characters (one with a minimum), a boolean with `ya`/`tidak`, a string enum, a year
  and a bounded integer;
- `typed`: time, yearmonth, a plain number with bounds, a default boolean, a string with
  `maxLength`, an integer enum, a date in `%d/%m/%Y`, an email;
- `wide` and `narrow`: the same million cells (integer, number, boolean, date cycling) as
  10,000 columns × 100 rows and 20 columns × 50,000 rows: the cost per cell must not grow with
  the number of columns.
Each tool runs as its own process (wall clock from outside, peak memory), on the same
datapackage.json; the findings — (row, field, error type) — are compared. Results are printed
and written to benchmarks/data/schemas-results.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
from bench_validate import DATA, machine, side_by_side  # noqa: E402


def _f(name: str, type_: str = "string", **more: Any) -> dict[str, Any]:
    return {"name": name, "type": type_, **more}


def mixed(i: int, rnd: random.Random) -> list[str]:
    d = 1 + i % 30
    row = [
        f"{1303000000 + i % 99_999_999:010d}",
        f"2019-04-{d:02d}",
        f"2019-04-{d:02d}T{i % 24:02d}:{i % 60:02d}:{i % 7:02d}",
        f"{rnd.randint(0, 100)},{rnd.randint(0, 99):02d}",
        f"{rnd.randint(1, 999)}.{rnd.randint(0, 999):03d}.{rnd.randint(0, 999):03d},00",
        "ya" if i % 3 else "tidak",
        ("SAH", "BATAL", "ULANG")[i % 3],
        "2019",
        str(rnd.randint(0, 300)),
    ]
    if i % 50_000 == 7:
        row[1] = "2019-13-01"
    if i % 70_000 == 9:
        row[5] = "mungkin"
    if i % 90_000 == 11:
        row[3] = "1.2.3"
    return row


MIXED = [
    _f("kode", constraints={"required": True, "pattern": "[0-9]{10}"}),
    _f("tanggal", "date", constraints={"minimum": "2019-04-01", "maximum": "2019-05-31"}),
    _f("waktu", "datetime"),
    _f("persen", "number", decimalChar=",", groupChar="."),
    _f("anggaran", "number", decimalChar=",", groupChar=".", constraints={"minimum": 0}),
    _f("hadir", "boolean", trueValues=["ya"], falseValues=["tidak"]),
    _f("status", constraints={"enum": ["SAH", "BATAL", "ULANG"]}),
    _f("tahun", "year"),
    _f("jumlah", "integer", constraints={"minimum": 0}),
]


def typed(i: int, rnd: random.Random) -> list[str]:
    row = [
        f"{i % 24:02d}:{i % 60:02d}:00",
        f"2019-{1 + i % 12:02d}",
        f"{rnd.random() * 100:.3f}",
        "true" if i % 2 else "false",
        f"TPS {i % 999:03d}",
        str((1, 2, 3, 4)[i % 4]),
        f"{1 + i % 28:02d}/{1 + i % 12:02d}/2019",
        f"ppk{i % 5000}@kpu.go.id",
    ]
    if i % 60_000 == 5:
        row[0] = "25:00:00"
    if i % 80_000 == 3:
        row[5] = "5"
    return row


TYPED = [
    _f("jam", "time"),
    _f("bulan", "yearmonth"),
    _f("rasio", "number", constraints={"minimum": 0, "maximum": 100}),
    _f("sah", "boolean"),
    _f("tps", constraints={"maxLength": 7}),
    _f("paslon", "integer", constraints={"enum": [1, 2, 3, 4]}),
    _f("tanggal", "date", format="%d/%m/%Y"),
    _f("surel", format="email"),
]
CYCLE = ("integer", "number", "boolean", "date")


def cells(columns: int, rows: int, seed: int) -> tuple[list[dict[str, Any]], list[list[str]]]:
    rnd = random.Random(seed)
    fields = [_f(f"k{j}", CYCLE[j % 4]) for j in range(columns)]
    make = {
        "integer": lambda: str(rnd.randint(0, 999)),
        "number": lambda: f"{rnd.random() * 10:.2f}",
        "boolean": lambda: ("true", "false")[rnd.randint(0, 1)],
        "date": lambda: f"2019-04-{rnd.randint(1, 30):02d}",
    }
    body = [[make[f["type"]]() for f in fields] for _ in range(rows)]
    body[rows // 2][columns // 2] = "x"
    return fields, body


def write(name: str, fields: list[dict[str, Any]], body: Any) -> Path:
    folder = DATA / f"schemas-{name}"
    descriptor = folder / "datapackage.json"
    if descriptor.is_file():
        return folder
    print(f"generating {name}…", flush=True)
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "table.csv").open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow([f["name"] for f in fields])
        out.writerows(body)
    package = {"name": f"bench-{name}", "resources": [{
        "name": "table", "path": "table.csv", "format": "csv", "encoding": "utf-8",
        "schema": {"fields": fields},
    }]}  # fmt: skip
    config = folder / "config"
    shutil.copytree(REPO / "config", config, dirs_exist_ok=True)
    descriptor.write_text(json.dumps(package, indent=1), encoding="utf-8")
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="100k rows, a smaller wide table")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    rows = 100_000 if args.quick else 1_000_000
    tag = "100k" if args.quick else "1m"
    shapes: dict[str, Path] = {}
    for name, fields, make in (("mixed", MIXED, mixed), ("typed", TYPED, typed)):
        rnd = random.Random(7)
        shapes[f"{name}-{tag}"] = write(
            f"{name}-{tag}", fields, (make(i, rnd) for i in range(rows))
        )
    total = 100_000 if args.quick else 1_000_000
    for name, columns in (("wide", 10_000), ("narrow", 20)):
        fields, body = cells(columns, total // columns, seed=3)
        shapes[f"{name}-{total // 1000}k-cells"] = write(
            f"{name}-{total // 1000}k-cells", fields, body
        )
    results: dict[str, Any] = {"machine": machine(), "shapes": {}}
    for name, folder in shapes.items():
        found = side_by_side(name, folder, folder / "datapackage.json", None, args.repeat)
        table = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        width = len(table["resources"][0]["schema"]["fields"])
        found["cells"] = found["ours"]["rows"] * width
        found["ours_us_per_cell"] = round(found["ours"]["seconds"] / found["cells"] * 1e6, 3)
        results["shapes"][name] = found
    out = DATA / "schemas-results.json"
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(
        "\n| shape | rows | cells | frictionless | ours | speed-up | ours µs/cell "
        "| peak (ours) | same findings |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for name, r in results["shapes"].items():
        same = not r["only_frictionless"] and not r["only_ours"]
        print(
            f"| {name} | {r['ours']['rows']:,} | {r['cells']:,} "
            f"| {r['frictionless']['seconds']:.1f} s "
            f"| {r['ours']['seconds']:.2f} s | {r['speedup']}× | {r['ours_us_per_cell']} "
            f"| {r['ours']['peak_mib']:.0f} MiB | {'yes' if same else 'NO'} ({r['same']}) |"
        )
    print(f"\nwritten: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
