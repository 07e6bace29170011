"""Seed + row count → a realistic per-TPS table (Model C1-PPWP) with planted errors, as a package.

    .venv/bin/python benchmarks/gen_tps.py --rows 1000000 --out benchmarks/data/tps-1m [--xlsx]

Writes, in the --out folder:
  c1-ppwp.csv          one row per TPS, the columns of config/schemas/c1-ppwp.json
  datapackage.json     a Frictionless package with that schema inline (no hash: tests edit files)
  wilayah-2017.csv     the region reference for every code in the table (config's CSV format)
  manifest.json        every planted error: its kind, row and the (row, field, code) it must cause
  c1-ppwp.xlsx         with --xlsx: the same table as one sheet (calamine/openpyxl/frictionless)

The table is deterministic for a seed: same rows, same planted errors, same bytes. Regions follow
the real fan-out (34 provinces, ~15 kab/kota each, ~14 kecamatan each, desa/kelurahan as needed,
5-19 TPS each); every row adds up. Errors are planted at evenly spaced rows, cycling through KINDS,
each mutation chosen so it causes exactly the errors the manifest lists.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SCHEMA_PATH = REPO / "config" / "schemas" / "c1-ppwp.json"
PROVINCES = [
    "11", "12", "13", "14", "15", "16", "17", "18", "19", "21", "31", "32", "33", "34", "35", "36",
    "51", "52", "53", "61", "62", "63", "64", "65", "71", "72", "73", "74", "75", "76", "81", "82",
    "91", "92",
]  # fmt: skip
SYLLABLES = [
    "ba", "tu", "ko", "ta", "si", "jun", "jung", "pa", "dang", "ma", "ni", "nja", "lu", "bu",
    "ka", "ra", "sa", "ri", "wa", "ngi", "to", "mo", "la", "pe", "gan", "sung", "ai", "ngan",
]  # fmt: skip
KINDS = (
    "type-error",
    "required",
    "pattern",
    "minimum",
    "primary-key",
    "extra-cell",
    "missing-cell",
    "blank-row",
    "rule-sum",
    "rule-compare",
    "region-unknown",
    "region-name",
)
INT_FIELDS = (
    "dpt_l", "dpt_p", "dpt_jumlah", "pengguna_dpt", "pengguna_dptb", "pengguna_dpk",
    "pengguna_jumlah", "suara_01", "suara_02", "suara_sah", "suara_tidak_sah", "suara_jumlah",
)  # fmt: skip
NAME_FIELDS = ("nama_provinsi", "nama_kabupaten_kota", "nama_kecamatan", "nama_kelurahan")


def name(rng: random.Random, words: int = 1) -> str:
    parts = []
    for _ in range(words):
        parts.append("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))))
    return " ".join(parts).upper()


@dataclass
class Regions:
    """Region codes → names, grown as the table needs desa/kelurahan."""

    rng: random.Random
    rows: list[tuple[str, str, str, str]] = field(
        default_factory=list
    )  # kode, nama, tingkat, induk
    seen: set[str] = field(default_factory=set)

    def add(self, kode: str, nama: str, tingkat: str, induk: str) -> None:
        if kode not in self.seen:
            self.seen.add(kode)
            self.rows.append((kode, nama, tingkat, induk))

    def write(self, path: Path) -> None:
        with path.open("w", encoding="utf-8", newline="") as fh:
            out = csv.writer(fh, lineterminator="\n")
            out.writerow(["kode", "kode_dotted", "nama", "tingkat", "kode_induk", "kode_kpu_2019"])
            for kode, nama, tingkat, induk in self.rows:
                out.writerow([kode, dotted(kode), nama, tingkat, induk, ""])


def dotted(kode: str) -> str:
    cuts = [kode[:2], kode[2:4], kode[4:6], kode[6:]]
    return ".".join(c for c in cuts if c)


def tps_rows(rows: int, rng: random.Random, regions: Regions) -> Iterator[list[str]]:
    """Valid rows: codes, names and counts that add up; `rows` of them.

    Desa/kelurahan grow with the rows up to the real count (~83k in 2017, 12 TPS each on
    average); beyond, each gets more TPS, so the region reference stays the real size.
    """
    kelurahan = min(max(1, rows // 12), 85_680)
    kel_per_kec = max(1, -(-kelurahan // (34 * 15 * 14)))
    per_kel = max(12, rows // kelurahan)
    low, high = (5, 19) if per_kel == 12 else (per_kel // 2, min(999, per_kel * 3 // 2))
    produced = 0
    kab_no = 0
    prov_names = {prov: name(rng, 2) for prov in PROVINCES}
    while produced < rows:
        for prov in PROVINCES:
            prov_name = prov_names[prov]
            regions.add(prov, prov_name, "provinsi", "")
            kab_no += 1
            kab = f"{prov}{(kab_no % 69) + 1:02d}"
            kab_name = "KAB. " + name(rng)
            regions.add(kab, kab_name, "kabupaten", prov)
            for kec_no in range(1, 15):
                kec = f"{kab}{kec_no:02d}"
                kec_name = name(rng)
                regions.add(kec, kec_name, "kecamatan", kab)
                for kel_no in range(1, kel_per_kec + 1):
                    kel = f"{kec}{2000 + kel_no:04d}"
                    kel_name = name(rng)
                    regions.add(kel, kel_name, "desa", kec)
                    names = (prov_name, kab_name, kec_name, kel_name)
                    for tps in range(1, rng.randint(low, high) + 1):
                        yield counts(rng, (prov, kab, kec, kel), names, tps)
                        produced += 1
                        if produced >= rows:
                            return


def counts(
    rng: random.Random, codes: tuple[str, ...], names: tuple[str, ...], tps: int
) -> list[str]:
    dpt_l, dpt_p = rng.randint(80, 160), rng.randint(80, 160)
    p_dpt = rng.randint((dpt_l + dpt_p) // 2, dpt_l + dpt_p)
    p_dptb, p_dpk = rng.randint(0, 6), rng.randint(0, 4)
    pengguna = p_dpt + p_dptb + p_dpk
    jumlah = pengguna - rng.randint(0, 3)
    tidak_sah = rng.randint(0, min(9, jumlah))
    sah = jumlah - tidak_sah
    s01 = rng.randint(0, sah)
    nums = (dpt_l, dpt_p, dpt_l + dpt_p, p_dpt, p_dptb, p_dpk, pengguna, s01, sah - s01, sah)
    return [
        codes[0], names[0], codes[1], names[1], codes[2], names[2], codes[3], names[3],
        f"{tps:03d}", *map(str, nums), str(tidak_sah), str(jumlah),
    ]  # fmt: skip


COLUMNS = [
    "kode_provinsi", "nama_provinsi", "kode_kabupaten_kota", "nama_kabupaten_kota",
    "kode_kecamatan", "nama_kecamatan", "kode_kelurahan", "nama_kelurahan", "no_tps", *INT_FIELDS,
]  # fmt: skip
IX = {c: i for i, c in enumerate(COLUMNS)}


def plant(
    kind: str, cells: list[str], prev: list[str], row: int, rng: random.Random
) -> tuple[list[str], list[tuple[int, str | None, str]]]:
    """Mutate one valid row into one with the error `kind`; the (row, field, code)s it causes."""
    c = list(cells)
    if kind == "type-error":
        f = rng.choice(INT_FIELDS)
        c[IX[f]] = rng.choice(["1.234", "12a", "tiga", "1,5", "7 8"])
        return c, [(row, f, "type-error")]
    if kind == "required":
        f = rng.choice(["nama_kecamatan", "suara_tidak_sah", "kode_provinsi", "dpt_p"])
        c[IX[f]] = ""
        return c, [(row, f, "constraint-error")]
    if kind == "pattern":
        if rng.random() < 0.5:
            no = int(c[IX["no_tps"]])  # Excel ate the leading zeros, or a label crept in
            c[IX["no_tps"]] = str(no) if no < 100 else f"TPS {no}"
            return c, [(row, "no_tps", "constraint-error")]
        c[IX["kode_kelurahan"]] = f"{int(c[IX['kode_kelurahan']]):.6E}"  # scientific notation
        return c, [(row, "kode_kelurahan", "constraint-error")]
    if kind == "minimum":
        tidak = int(c[IX["suara_tidak_sah"]])
        c[IX["suara_tidak_sah"]] = str(-3)
        c[IX["suara_jumlah"]] = str(int(c[IX["suara_jumlah"]]) - tidak - 3)
        return c, [(row, "suara_tidak_sah", "constraint-error")]
    if kind == "primary-key":
        return list(prev), [(row, None, "primary-key")]
    if kind == "extra-cell":
        return [*c, "catatan"], [(row, None, "extra-cell")]
    if kind == "missing-cell":
        # the last cell is gone: frictionless reports it missing, and its `required` broken
        return c[:-1], [
            (row, "suara_jumlah", "missing-cell"),
            (row, "suara_jumlah", "constraint-error"),
        ]
    if kind == "blank-row":
        # an all-blank row: blank-row, and a primary key made only of missing values
        return [""] * len(c), [(row, None, "blank-row"), (row, None, "primary-key")]
    if kind == "rule-sum":
        c[IX["dpt_jumlah"]] = str(int(c[IX["dpt_jumlah"]]) + rng.randint(1, 9))
        return c, [(row, "dpt_jumlah", "rule-sum")]
    if kind == "rule-compare":
        over = int(c[IX["pengguna_jumlah"]]) - int(c[IX["suara_jumlah"]]) + rng.randint(1, 5)
        c[IX["pengguna_dpt"]] = str(int(c[IX["pengguna_dpt"]]) - over)
        c[IX["pengguna_jumlah"]] = str(int(c[IX["pengguna_jumlah"]]) - over)
        return c, [(row, "suara_jumlah", "rule-compare")]
    if kind == "region-unknown":
        c[IX["kode_kelurahan"]] = c[IX["kode_kecamatan"]] + "9999"
        return c, [(row, "kode_kelurahan", "region-unknown")]
    if kind == "region-name":
        c[IX["nama_kecamatan"]] = c[IX["nama_kecamatan"]][::-1] + " X"
        return c, [(row, "nama_kecamatan", "region-name")]
    raise ValueError(kind)


def generate(
    rows: int, out: Path, *, seed: int = 2019, errors: int | None = None
) -> dict[str, object]:
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    regions = Regions(rng)
    planted_count = errors if errors is not None else max(len(KINDS), rows // 10_000)
    step = max(2, rows // max(1, planted_count))
    planted: list[dict[str, object]] = []
    tmp = out / "c1-ppwp.csv.tmp"
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(COLUMNS)
        prev: list[str] = []
        for i, cells in enumerate(tps_rows(rows, rng, regions)):
            row = i + 2
            if i > 0 and i % step == step // 2 and len(planted) < planted_count:
                kind = KINDS[len(planted) % len(KINDS)]
                cells, expect = plant(kind, cells, prev, row, rng)
                planted.append({"kind": kind, "row": row, "expect": expect})
            writer.writerow(cells)
            prev = cells
    tmp.replace(out / "c1-ppwp.csv")
    regions.write(out / "wilayah-2017.csv")
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    package = {
        "name": "bench-c1-ppwp",
        "title": "Benchmark: C1-PPWP per TPS",
        "resources": [
            {
                "name": "c1-ppwp",
                "path": "c1-ppwp.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "type": "table",
                "schema": schema,
            }
        ],
        "x-kpu": {"kode_wilayah": "00", "jenis_dokumen": "C1-PPWP", "tingkat": "tps"},
    }
    (out / "datapackage.json").write_text(json.dumps(package, indent=2) + "\n", encoding="utf-8")
    manifest = {"rows": rows, "seed": seed, "planted": planted}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def write_xlsx(out: Path) -> Path:
    """The generated CSV as one XLSX sheet: numbers as numbers, codes as text (openpyxl)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("c1-ppwp")
    with (out / "c1-ppwp.csv").open(encoding="utf-8", newline="") as fh:
        for i, cells in enumerate(csv.reader(fh)):
            if i == 0:
                ws.append(cells)
                continue
            ws.append(
                [int(v) if j >= IX["dpt_l"] and v.isdigit() else v for j, v in enumerate(cells)]
            )
    target = out / "c1-ppwp.xlsx"
    tmp = out / "c1-ppwp.tmp.xlsx"
    wb.save(tmp)
    tmp.replace(target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument(
        "--errors", type=int, help="planted errors (default rows/10k, ≥ one per kind)"
    )
    parser.add_argument("--xlsx", action="store_true", help="also write the table as an XLSX sheet")
    args = parser.parse_args(argv)
    manifest = generate(args.rows, args.out, seed=args.seed, errors=args.errors)
    if args.xlsx:
        write_xlsx(args.out)
    size = (args.out / "c1-ppwp.csv").stat().st_size
    planted = len(manifest["planted"])  # type: ignore[arg-type]
    print(f"{args.rows} rows, {size / 1e6:.1f} MB, {planted} planted errors → {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
