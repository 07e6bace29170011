"""The legislative C1 in long form — the largest table of the five ballots — validated.

    .venv/bin/python benchmarks/bench_ballots.py            # ~1M long rows (21,000 TPS of DPR)
    .venv/bin/python benchmarks/bench_ballots.py --quick    # ~100k long rows
    .venv/bin/python benchmarks/bench_ballots.py --frictionless   # and frictionless validate

One package as a DPR C1 folder holds it: the wide table (`c1-dpr.json`, one row per TPS, 16
party columns) and the long one (`suara-dpr-tps.json`, per TPS and party a party-only row and two
candidates': 48 rows per TPS), on the desa of Kab. Bogor (3201) with every rule of the ballot
checked (party numbers and names, the long table against the wide one, regions). A few mistakes
are planted (a party name, a party number, a candidate's votes), so the findings are checked
too. Runs `publisher validate` (the library call it makes, no cache) as its own process on the
vectorised path (a plain UTF-8 CSV) and on the exact path (the same bytes declared as
Windows-1252, which the vectorised reader does not take), and `frictionless validate` with
--frictionless (it checks types, constraints and keys only: it ignores the x-kpu rules). Wall
time, CPU time, peak memory; results printed and written to benchmarks/data/ballots-results.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
sys.path.insert(0, str(REPO / "tools"))
from bench_validate import DATA, FRICTIONLESS, OURS, PY, machine, measure  # noqa: E402

from publisher.config import load_config  # noqa: E402

KAB = "3201"
PARTIES = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 19, 20)


def tables(tps_count: int, seed: int = 2019) -> tuple[pl.DataFrame, pl.DataFrame, dict[str, Any]]:
    """(wide, long, what was planted) for `tps_count` TPS over Kab. Bogor's desa."""
    from kpugen.tables import PARTIES as NAMES

    config = load_config(REPO / "config")
    regions = config.regions
    kab, prov = regions[KAB], regions[KAB[:2]]
    desas = [d for k in regions.children(KAB) for d in regions.children(k.kode)]
    rng = np.random.default_rng(seed)
    desa = [desas[i * len(desas) // tps_count] for i in range(tps_count)]
    seen: dict[str, int] = {}
    no_tps = []
    for d in desa:
        seen[d.kode] = seen.get(d.kode, 0) + 1
        no_tps.append(f"{seen[d.kode]:03d}")
    dpt_l, dpt_p = rng.integers(75, 145, tps_count), rng.integers(75, 145, tps_count)
    voted = ((dpt_l + dpt_p) * rng.uniform(0.7, 0.9, tps_count)).astype(np.int64)
    valid = (voted * rng.uniform(0.86, 0.93, tps_count)).astype(np.int64)
    weights = rng.lognormal(0, 0.6, len(PARTIES))
    votes = rng.multinomial(valid, weights / weights.sum())
    split = np.stack(
        [rng.multinomial(votes[:, j], [0.2, 0.5, 0.3]) for j in range(len(PARTIES))], 1
    )
    kec = [regions[d.kode_induk] for d in desa]
    wide = pl.DataFrame({
        "kode_provinsi": [prov.kode] * tps_count, "nama_provinsi": [prov.nama] * tps_count,
        "kode_kabupaten_kota": [kab.kode] * tps_count,
        "nama_kabupaten_kota": [kab.nama] * tps_count,
        "kode_kecamatan": [k.kode for k in kec], "nama_kecamatan": [k.nama for k in kec],
        "kode_kelurahan": [d.kode for d in desa], "nama_kelurahan": [d.nama for d in desa],
        "no_tps": no_tps, "dpt_l": dpt_l, "dpt_p": dpt_p, "dpt_jumlah": dpt_l + dpt_p,
        "pengguna_dpt": voted, "pengguna_dptb": 0, "pengguna_dpk": 0, "pengguna_jumlah": voted,
        **{f"partai_{p:02d}": votes[:, j] for j, p in enumerate(PARTIES)},
        "suara_sah": valid, "suara_tidak_sah": voted - valid, "suara_jumlah": voted,
    })  # fmt: skip
    per = len(PARTIES) * 3
    party = np.tile(np.repeat(PARTIES, 3), tps_count)
    calon = np.tile(np.arange(3), tps_count * len(PARTIES))
    names = {no: nama for no, nama, _, _ in NAMES}
    long = pl.DataFrame({
        "kode_kelurahan": np.repeat([d.kode for d in desa], per),
        "nama_kelurahan": np.repeat([d.nama for d in desa], per),
        "no_tps": np.repeat(no_tps, per), "dapil": "JAWA BARAT V",
        "no_urut_partai": party, "nama_partai": [names[int(p)] for p in party],
        "no_urut_calon": [int(c) if c else None for c in calon],
        "nama_calon": [f"Calon Nomor Urut {c}" if c else None for c in calon],
        "suara": split.reshape(-1),
    })  # fmt: skip
    return _plant(wide, long)


def _plant(
    wide: pl.DataFrame, long: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame, dict[str, Any]]:
    """A party name, a party number (on a row of no votes) and a candidate's votes changed."""
    n = long.height
    zero = int(long.with_row_index().filter(pl.col("suara") == 0)["index"][0])
    pick = {"party-name": n // 3, "party-unknown": zero, "breakdown-mismatch": 2 * n // 3 + 1}
    long = long.with_row_index().with_columns(
        pl.when(pl.col("index") == pick["party-name"]).then(pl.lit("Partai Lain"))
        .otherwise(pl.col("nama_partai")).alias("nama_partai"),
        pl.when(pl.col("index") == pick["party-unknown"]).then(21)
        .otherwise(pl.col("no_urut_partai")).alias("no_urut_partai"),
        pl.when(pl.col("index") == pick["breakdown-mismatch"]).then(pl.col("suara") + 5)
        .otherwise(pl.col("suara")).alias("suara"),
    ).drop("index")  # fmt: skip
    tps = pick["breakdown-mismatch"] // (len(PARTIES) * 3)
    party = long["no_urut_partai"][pick["breakdown-mismatch"]]
    expected = {
        ("long", pick["party-name"] + 2, "nama_partai", "party-name"),
        ("long", pick["party-unknown"] + 2, "no_urut_partai", "party-unknown"),
        ("wide", tps + 2, f"partai_{party:02d}", "breakdown-mismatch"),
    }
    return wide, long, {"expected": sorted(expected)}


def write(folder: Path, wide: pl.DataFrame, long: pl.DataFrame, *, encoding: str) -> Path:
    """The package; declared in another encoding than UTF-8 (the bytes are ASCII, the same),
    the tables take the exact path: the vectorised reader reads UTF-8 only."""
    config = load_config(REPO / "config")
    folder.mkdir(parents=True, exist_ok=True)
    resources = []
    for name, frame, schema in (
        ("wide", wide, "c1-dpr.json"),
        ("long", long, "suara-dpr-tps.json"),
    ):
        frame.write_csv(folder / f"{name}.csv", line_terminator="\n")
        res: dict[str, Any] = {"name": name, "path": f"{name}.csv", "format": "csv",
                               "type": "table", "encoding": encoding,
                               "schema": config.schema(schema)}  # fmt: skip
        resources.append(res)
    package = {"name": "bench-c1-dpr", "licenses": [{"name": "cc-by"}], "resources": resources,
               "x-kpu": {"jenis_dokumen": "C1-DPR"}}  # fmt: skip
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    return folder / "datapackage.json"


def findings(report_json: Path) -> set[tuple[str, int, str, str]]:
    data = json.loads(report_json.read_text(encoding="utf-8"))
    out = set()
    for pkg in data["packages"]:
        for res in pkg["resources"]:
            for p in res["problems"]:
                if p["severity"] == "error":
                    out.add((Path(res["path"]).stem, p["row"], p["field"], p["code"]))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="~100k long rows")
    parser.add_argument("--frictionless", action="store_true", help="also frictionless validate")
    args = parser.parse_args(argv)
    tps = 2_100 if args.quick else 21_000
    wide, long, planted = tables(tps)
    expected = {tuple(e) for e in planted["expected"]}
    results: dict[str, Any] = {"machine": machine(), "tps": tps, "long_rows": long.height,
                               "wide_rows": wide.height, "paths": {}}  # fmt: skip
    base = DATA / f"ballots-{tps}"
    shutil.rmtree(base, ignore_errors=True)
    for path, encoding in (("fast", "utf-8"), ("exact", "cp1252")):
        descriptor = write(base / path, wide, long, encoding=encoding)
        out = base / f"{path}.json"
        run = measure([str(PY), "-c", OURS, str(REPO / "config"), str(descriptor), "1000"], out)
        got = findings(out)
        run["findings_as_planted"] = got == expected
        results["paths"][path] = run
        print(f"publisher validate ({path} path): {run['seconds']:.2f} s, cpu "
              f"{run['cpu_seconds']:.2f} s, {run['peak_mib']:.0f} MiB, "
              f"{long.height / run['seconds']:,.0f} long rows/s; findings as planted: "
              f"{got == expected}", flush=True)  # fmt: skip
        if got != expected:
            print(f"  found {sorted(got)}\n  expected {sorted(expected)}")
    if args.frictionless:
        out = base / "frictionless.json"
        cmd = [str(FRICTIONLESS), "validate", "--json", str(base / "fast" / "datapackage.json")]
        results["frictionless"] = measure(cmd, out)
        print(f"frictionless validate (standard checks only): "
              f"{results['frictionless']['seconds']:.2f} s")  # fmt: skip
    (DATA / "ballots-results.json").write_text(json.dumps(results, indent=2) + "\n")
    return 0 if all(r["findings_as_planted"] for r in results["paths"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
