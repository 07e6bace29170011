"""Our validator and `frictionless validate` report the same errors on the same small tables.

Each case writes a package by hand (datapackage.json + CSV or XLSX), runs frictionless's own
Python API on it in the test, and compares the sets of (row, field, error type); our election-rule
and region problems are compared against what was planted. Both the vectorised path and the exact
row-by-row path are exercised (odd dialects, a header that differs, XLSX, typed cells).
"""

from __future__ import annotations

import csv
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from publisher.config import Config, load_config
from publisher.validate import Options, check_package
from publisher.validate.messages import FRICTIONLESS_CODES

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
import gen_tps  # noqa: E402

Key = tuple[int | None, str | None, str]
LABEL_CODES = {"blank-label", "duplicate-label", "extra-label", "missing-label", "incorrect-label"}
"""Header errors: frictionless gives them row numbers as a list; compared without a row."""


def make_config(folder: Path, regions_csv: Path | str) -> Config:
    """The repository's config with the given region reference (a path or CSV text)."""
    shutil.copytree(REPO / "config", folder, dirs_exist_ok=True)
    (folder / "wilayah").mkdir(exist_ok=True)
    target = folder / "wilayah" / "wilayah-2017.csv"
    (folder / "wilayah" / "wilayah-2017.json").unlink(missing_ok=True)  # not the shipped one
    if isinstance(regions_csv, Path):
        shutil.copy(regions_csv, target)
    else:
        target.write_text(regions_csv, encoding="utf-8")
    return load_config(folder)


REGIONS = (
    "kode,kode_dotted,nama,tingkat,kode_induk,kode_kpu_2019\n"
    "13,13,SUMATERA BARAT,provinsi,,12920\n"
    "1303,13.03,KAB. SIJUNJUNG,kabupaten,13,13099\n"
    "130305,13.03.05,IV NAGARI,kecamatan,1303,\n"
    "1303052005,13.03.05.2005,KOTO TUO,desa,130305,\n"
    "1303052004,13.03.05.2004,MUARO BODI,desa,130305,\n"
)


def write_package(
    folder: Path,
    files: dict[str, bytes | list[list[Any]]],
    schema: dict[str, Any],
    *,
    extra: dict[str, Any] | None = None,
    xkpu: dict[str, Any] | None = None,
) -> Path:
    """A package with one table resource per file (CSV rows given as lists are written as CSV)."""
    folder.mkdir(parents=True, exist_ok=True)
    resources = []
    for name, content in files.items():
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            with path.open("w", encoding="utf-8", newline="") as fh:
                csv.writer(fh, lineterminator="\n").writerows(content)
        fmt = path.suffix.lstrip(".")
        res: dict[str, Any] = {
            "name": path.stem.lower().replace("_", "-"),
            "path": name,
            "format": fmt,
            "type": "table",
            "schema": schema,
        }
        res.update((extra or {}).get(name, {}))
        resources.append(res)
    package = {
        "name": f"pkg-{folder.name.lower()}",
        "licenses": [{"name": "cc-by"}],
        "resources": resources,
        "x-kpu": xkpu or {},
    }
    (folder / "datapackage.json").write_text(json.dumps(package, indent=2), encoding="utf-8")
    return folder / "datapackage.json"


def frictionless_errors(descriptor: Path) -> set[Key]:
    from frictionless import validate

    report = validate(str(descriptor), limit_errors=100_000)
    return {
        (getattr(e, "row_number", None), getattr(e, "field_name", None) or None, e.type)
        for task in report.tasks
        for e in task.errors
    }


def our_errors(descriptor: Path, config: Config) -> tuple[set[Key], set[Key], list[str]]:
    """(frictionless-kind errors, our own rule/region errors, engines used)."""
    pkg = check_package(descriptor, config, Options(limit=100_000))
    found = {
        (None if p.code in LABEL_CODES else p.row, p.field, p.code)
        for p in pkg.all_problems()
        if p.severity == "error"
    }
    standard = {k for k in found if k[2] in FRICTIONLESS_CODES}
    return standard, found - standard, [r.path for r in pkg.resources]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Config]:
    folder = tmp_path_factory.mktemp("tps")
    gen_tps.generate(600, folder, seed=7, errors=36)
    config = make_config(tmp_path_factory.mktemp("config"), folder / "wilayah-2017.csv")
    return folder, config


def test_planted_per_tps_table_matches_frictionless(generated: tuple[Path, Config]) -> None:
    folder, config = generated
    theirs = frictionless_errors(folder / "datapackage.json")
    ours, rules, _ = our_errors(folder / "datapackage.json", config)
    assert ours == theirs
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    planted = {tuple(e) for p in manifest["planted"] for e in p["expect"]}
    assert {k for k in planted if k[2] not in FRICTIONLESS_CODES} == rules
    assert {k for k in planted if k[2] in FRICTIONLESS_CODES} == ours
    assert {"rule-sum", "rule-compare", "region-unknown", "region-name"} <= {k[2] for k in rules}


def test_xlsx_sheet_matches_frictionless(generated: tuple[Path, Config], tmp_path: Path) -> None:
    folder, config = generated
    work = tmp_path / "xlsx"
    shutil.copytree(folder, work)
    gen_tps.write_xlsx(work)
    package = json.loads((work / "datapackage.json").read_text(encoding="utf-8"))
    res = package["resources"][0]
    res.update(path="c1-ppwp.xlsx", format="xlsx")
    res.pop("encoding")
    (work / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    theirs = frictionless_errors(work / "datapackage.json")
    ours, rules, _ = our_errors(work / "datapackage.json", config)
    assert ours == theirs
    assert len(rules) >= 4


SMALL_SCHEMA: dict[str, Any] = {
    "fields": [
        {
            "name": "kode",
            "type": "string",
            "constraints": {"required": True, "pattern": "[0-9]{4}"},
        },
        {"name": "nama", "type": "string"},
        {"name": "a", "type": "integer", "constraints": {"minimum": 0, "maximum": 500}},
        {"name": "b", "type": "integer", "constraints": {"enum": [1, 2, 3]}},
        {"name": "jumlah", "type": "integer", "constraints": {"required": True}},
    ],
    "primaryKey": ["kode", "b"],
    "missingValues": ["", "-"],
    "x-kpu-rules": [{"id": "s", "kind": "sum", "fields": ["a", "b"], "equals": "jumlah"}],
}

ODD_ROWS = [
    ["kode", "nama", "a", "b", "jumlah"],
    ["1303", "satu", "10", "1", "11"],
    ["1303", "dua", "10", "1", "11"],  # repeated key
    ["0999", "tiga", " 7 ", "2", "9"],  # spaces around an integer: valid for frictionless
    ["1304", "empat", "+5", "3", "8"],  # a sign: valid
    ["1305", "lima", "١٢", "1", "13"],  # Arabic-Indic digits: int() takes them
    ["130", "enam", "5", "9", "x"],  # pattern, enum, type
    ["1306", "tujuh", "501", "-", "-"],  # maximum, missing value "-", required
    ["1307", "delapan", "1.234", "1", "2"],  # thousands dot
    ["-", "-", "-", "-", "-"],  # all missing: blank row
    [],  # an empty line
    ["1308", "sembilan", "4", "2"],  # a cell short
    ["1309", "sepuluh", "4", "2", "6", "lebih"],  # a cell too many
    ["1310", "sebelas", "99999999999999999999", "1", "1"],  # bigger than 64 bits
    ["", "", "1", "", "1"],  # key all missing
    ["1311", "dua belas", "-0", "1", "1"],
]


def _csv(rows: list[list[str]], *, delimiter: str = ",", newline: str = "\n") -> bytes:
    lines = []
    for row in rows:
        cells = [f'"{c}"' if (delimiter in c or "\n" in c or '"' in c) else c for c in row]
        lines.append(delimiter.join(cells))
    return (newline.join(lines) + newline).encode("utf-8")


@pytest.mark.parametrize(
    "variant",
    ["plain", "semicolon", "crlf", "bom", "multiline", "header", "cp1252", "many-rows"],
)
def test_odd_tables_match_frictionless(variant: str, tmp_path: Path) -> None:
    config = make_config(tmp_path / "config", REGIONS)
    rows = [list(r) for r in ODD_ROWS]
    extra: dict[str, Any] = {}
    data: bytes
    if variant == "semicolon":
        data = _csv(rows, delimiter=";")
    elif variant == "crlf":
        data = _csv(rows, newline="\r\n")
    elif variant == "bom":
        data = b"\xef\xbb\xbf" + _csv(rows)
    elif variant == "multiline":
        rows[1][1] = "satu\nbaris dua"
        data = _csv(rows)
    elif variant == "header":
        rows[0] = ["kode", "nama", "a", "a", "total", "catatan"]
        data = _csv(rows)
    elif variant == "cp1252":
        rows[1][1] = "Sà"
        rows[5][2] = "12"  # Arabic-Indic digits have no cp1252 form
        data = _csv(rows).decode("utf-8").encode("cp1252")
        extra = {"t.csv": {"encoding": "cp1252"}}
    elif variant == "many-rows":
        more = [[f"{2000 + i}", "x", str(i % 400), "1", str(i % 400 + 1)] for i in range(3000)]
        data = _csv(rows + more + rows[1:3])
    else:
        data = _csv(rows)
    descriptor = write_package(tmp_path / "pkg", {"t.csv": data}, SMALL_SCHEMA, extra=extra)
    theirs = frictionless_errors(descriptor)
    ours, rules, _ = our_errors(descriptor, config)
    assert ours == theirs
    assert theirs, "the table has errors of every kind"
    if variant == "plain":
        kinds = {k[2] for k in theirs}
        assert kinds >= {"type-error", "constraint-error", "primary-key", "blank-row",
                         "missing-cell", "extra-cell"}  # fmt: skip
        assert not rules  # every row that parses adds up


def test_rule_not_reported_on_a_row_whose_cells_failed(tmp_path: Path) -> None:
    config = make_config(tmp_path / "config", REGIONS)
    rows = [
        ["kode", "nama", "a", "b", "jumlah"],
        ["1303", "x", "10", "1", "12"],  # broken sum
        ["1304", "y", "1O", "1", "12"],  # letter O: type error, no rule error
        ["1305", "z", "10", "1", ""],  # jumlah missing: required error, no rule error
    ]
    descriptor = write_package(tmp_path / "pkg", {"t.csv": _csv(rows)}, SMALL_SCHEMA)
    ours, rules, _ = our_errors(descriptor, config)
    assert rules == {(2, "jumlah", "rule-sum")}
    assert (3, "a", "type-error") in ours
    assert (4, "jumlah", "constraint-error") in ours


WIDE_SHAPES: list[tuple[dict[str, Any], Any]] = [
    ({"type": "integer", "constraints": {"minimum": 0, "maximum": 999}}, lambda i: str(i % 900)),
    ({"type": "integer", "constraints": {"required": True}}, lambda i: str(i)),
    ({"type": "string", "constraints": {"pattern": "[0-9]{4}"}}, lambda i: f"{1000 + i}"),
    ({"type": "string", "constraints": {"enum": ["SAH", "BATAL"]}}, lambda i: "SAH"),
    ({"type": "number", "constraints": {"minimum": 0}}, lambda i: f"{i}.5"),
    ({"type": "date", "constraints": {"maximum": "2019-12-31"}}, lambda i: "2019-04-17"),
    ({"type": "boolean"}, lambda i: "true" if i % 2 else "false"),
    ({"type": "string"}, lambda i: f"x{i}"),
]
WIDE_MISTAKES = ["1000", "", "12a4", "BAGUS", "-1", "2020-01-01", "ya", None, "abc", "2019-02-30"]


@pytest.mark.parametrize("required", [True, False])
def test_a_wide_table_checked_shape_by_shape_matches_frictionless(
    required: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """400 columns of eight shapes, 40 rows, a mistake of each kind in many columns and a
    blank row: the shape-by-shape path (`WIDE`) finds what frictionless finds, and what the
    column-by-column path finds."""
    from publisher.validate.fast import batches

    config = make_config(tmp_path / "config", REGIONS)
    shapes = [s for s in WIDE_SHAPES if required or "required" not in s[0].get("constraints", {})]
    fields = [{"name": f"k{j}", **shapes[j % len(shapes)][0]} for j in range(400)]
    makers = [shapes[j % len(shapes)][1] for j in range(400)]
    body = [[make(i) for make in makers] for i in range(40)]
    for n, j in enumerate(range(3, 400, 3)):  # a mistake in every third column, each shape
        mistake = WIDE_MISTAKES[n % len(WIDE_MISTAKES)]
        body[(5 * n) % 40][j] = mistake if mistake is not None else body[(5 * n) % 40][j]
    body[20] = [""] * 400  # a blank row
    # rows whose one mistake is in a column the vectorised checks alone can flag
    kinds = [s[0] for s in shapes]
    fast = {"integer": "1000", "string": "12a4"}
    for row, (j, kind) in zip((36, 37, 38), enumerate(kinds[:3]), strict=True):
        body[row][j] = fast[kind["type"]] if "pattern" not in kind.get("constraints", {}) else "x"
    rows = [[f["name"] for f in fields], *body]
    schema = {"fields": fields}
    descriptor = write_package(tmp_path / "pkg", {"t.csv": rows}, schema)
    used: list[int] = []
    real = batches.FastTable.wide_flags

    def spied(self: Any, raw: Any) -> Any:
        used.append(raw.height)
        return real(self, raw)

    monkeypatch.setattr(batches.FastTable, "wide_flags", spied)
    ours, _, _ = our_errors(descriptor, config)
    assert used, "the shape-by-shape path was taken"
    theirs = frictionless_errors(descriptor)
    assert ours == theirs and len(theirs) > 20
    monkeypatch.setattr(batches, "WIDE", 100_000)  # column by column
    used.clear()
    assert our_errors(descriptor, config)[0] == ours and not used
