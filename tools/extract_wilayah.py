"""wilayah_2018.sql (cahyadsn/wilayah, Permendagri 137/2017) → config/wilayah/wilayah-2017.csv.

Writes the whole country (34 provinces, 514 kab/kota, 7,201 kecamatan, 83,436 desa/kelurahan)
and its manifest (`wilayah-2017.json`: rows per level and sha256, checked whenever the
reference is loaded). `--sample` keeps only what the bundled collection uses (all provinces, the
kab/kota of three provinces, the kecamatan and desa of six kab/kota), for small test configs.
The dump itself is not committed; see config/wilayah/README.md for where it comes from.

    python tools/extract_wilayah.py PATH/TO/wilayah_2018.sql [--out config/wilayah/wilayah-2017.csv]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

PROVINCES = ("13", "61", "34")
KABKOTA = ("1303", "1374", "1309", "6172", "6112", "3471")
# KPU's internal numeric ids used by its 2019 systems (shared DOMAIN.md); empty elsewhere.
KODE_KPU_2019 = {
    "13": "12920",
    "1303": "13099",
    "1374": "13886",
    "1309": "13554",
    "61": "58285",
    "6172": "60223",
    "6112": "60255",
    "34": "41863",
    "3471": "42325",
}
COLUMNS = ("kode", "kode_dotted", "nama", "tingkat", "kode_induk", "kode_kpu_2019")
# ('13.03.05.2005','Koto Tuo') — names may hold \' escapes.
_TUPLE = re.compile(r"\('([0-9.]+)','((?:[^'\\]|\\.)*)'\)")
_EXPECTED = {1: 34, 2: 514, 3: 7201, 4: 83436}  # the 2017 list's size (Permendagri 137/2017)


def parse_dump(text: str) -> dict[str, str]:
    """Dotted code → name, for every (kode, nama) tuple in the dump."""
    out: dict[str, str] = {}
    for dotted, raw in _TUPLE.findall(text):
        out[dotted] = re.sub(r"\\(.)", r"\1", raw).strip()
    return out


def tingkat(dotted: str) -> str:
    parts = dotted.split(".")
    if len(parts) == 1:
        return "provinsi"
    if len(parts) == 2:
        return "kabupaten" if int(parts[1]) < 70 else "kota"
    if len(parts) == 3:
        return "kecamatan"
    return "kelurahan" if parts[3].startswith("1") else "desa"


def wanted(dotted: str, sample: bool = False) -> bool:
    if not sample:
        return True
    parts = dotted.split(".")
    if len(parts) == 1:
        return True
    if len(parts) == 2:
        return parts[0] in PROVINCES
    return "".join(parts[:2]) in KABKOTA


def rows(regions: dict[str, str], sample: bool = False) -> list[dict[str, str]]:
    out = []
    for dotted in sorted(regions, key=lambda d: [int(p) for p in d.split(".")]):
        if not wanted(dotted, sample):
            continue
        kode = dotted.replace(".", "")
        parent = ".".join(dotted.split(".")[:-1]).replace(".", "")
        out.append(
            {
                "kode": kode,
                "kode_dotted": dotted,
                "nama": regions[dotted],
                "tingkat": tingkat(dotted),
                "kode_induk": parent,
                "kode_kpu_2019": KODE_KPU_2019.get(kode, ""),
            }
        )
    return out


def check_dump(regions: dict[str, str]) -> list[str]:
    """Differences from the published size of the 2017 list (empty when it matches)."""
    sizes = Counter(len(d.split(".")) for d in regions)
    return [
        f"level {level}: {sizes.get(level, 0)} codes, expected {n}"
        for level, n in _EXPECTED.items()
        if sizes.get(level, 0) != n
    ]


def write_csv(path: Path, table: list[dict[str, str]]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(table)
    data = buf.getvalue().encode("utf-8")
    _write(path, data)
    return data


def write_manifest(path: Path, data: bytes, table: list[dict[str, str]]) -> None:
    """The sizes the loader checks (publisher/config.py: a truncated file is refused)."""
    levels = Counter(str(len(r["kode"])) for r in table)
    manifest = {
        "file": path.name,
        "rows": len(table),
        "rows_per_code_length": dict(sorted(levels.items(), key=lambda kv: int(kv[0]))),
        "sha256": hashlib.sha256(data).hexdigest(),
        "source": "cahyadsn/wilayah db/archive/wilayah_2018.sql (MIT), Permendagri 137/2017",
    }
    text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    _write(path.with_suffix(".json"), text.encode("utf-8"))


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dump", type=Path, help="wilayah_2018.sql from cahyadsn/wilayah")
    parser.add_argument("--out", type=Path, default=Path("config/wilayah/wilayah-2017.csv"))
    parser.add_argument("--sample", action="store_true", help="only the bundled sample's regions")
    args = parser.parse_args(argv)
    try:
        text = args.dump.read_text(encoding="utf-8")
    except OSError as exc:
        print(f"{args.dump}: cannot read ({exc.strerror})", file=sys.stderr)
        return 2
    regions = parse_dump(text)
    problems = check_dump(regions)
    if problems:
        print(f"{args.dump}: not the 2017 list: {'; '.join(problems)}", file=sys.stderr)
        return 2
    table = rows(regions, args.sample)
    missing = [k for k in (*PROVINCES, *KABKOTA) if k not in {r["kode"] for r in table}]
    if missing:
        print(f"{args.dump}: codes missing: {', '.join(missing)}", file=sys.stderr)
        return 2
    data = write_csv(args.out, table)
    if not args.sample:
        write_manifest(args.out, data, table)
    counts = Counter(r["tingkat"] for r in table)
    print(f"{args.out}: {len(table)} rows ({', '.join(f'{k} {v}' for k, v in counts.items())})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
