"""Feature cases of the frictionless parity suite, written for this repository: one small package
per Table Schema feature (foreign keys, `fieldsMatch`, labels, every type and constraint,
missing values, dialects, workbooks). `tools/frictionless_fixtures.py` writes them and records
what frictionless finds in each."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path
from typing import Any

Rows = list[list[Any]]


def _table(name: str, rows: Rows, schema: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"name": name, "rows": rows, "schema": schema, **extra}


def _f(name: str, type_: str = "string", **more: Any) -> dict[str, Any]:
    return {"name": name, "type": type_, **more}


PEOPLE = [
    ["id", "parent", "name"],
    ["1", "", "a"],
    ["2", "1", "b"],
    ["3", "9", "c"],
    ["4", "2", "d"],
]
FK_SELF = {
    "fields": [_f("id", "integer"), _f("parent", "integer"), _f("name")],
    "primaryKey": ["id"],
    "foreignKeys": [{"fields": ["parent"], "reference": {"resource": "", "fields": ["id"]}}],
}
REGIONS = [["kode", "nama"], ["13", "SUMATERA BARAT"], ["34", "DI YOGYAKARTA"], ["", "kosong"]]
VOTES = [
    ["kode", "tahun", "suara"],
    ["13", "2019", "10"],
    ["34", "2019", "20"],
    ["61", "2019", "30"],
    ["", "2019", "40"],
    ["13", "2019", "50"],
]
TYPES = [
    [
        "s",
        "email",
        "uri",
        "uuid",
        "n",
        "nloc",
        "nbare",
        "b",
        "byes",
        "d",
        "dfmt",
        "t",
        "dt",
        "y",
        "ym",
        "dur",
        "gp",
        "gparr",
        "obj",
        "arr",
        "i",
        "ibare",
    ],
    [
        "x",
        "a@b.id",
        "https://kpu.go.id",
        "0f8fad5b-d9cb-469f-a165-70867728950e",
        "1.5",
        "1.234,5",
        "12%",
        "true",
        "ya",
        "2019-04-17",
        "17/04/2019",
        "08:00:00",
        "2019-04-17T08:00:00Z",
        "2019",
        "2019-04",
        "P1D",
        "90.0, 45.0",
        "[90, 45]",
        '{"a": 1}',
        "[1, 2]",
        "7",
        "Rp 7",
    ],
    [
        "",
        "not-an-email",
        "kpu",
        "nope",
        "1,5",
        "1.234.5",
        "x",
        "yes",
        "tidak",
        "17-04-2019",
        "2019-04-17",
        "25:00:00",
        "2019-04-17",
        "19",
        "2019-13",
        "1D",
        "91, 0",
        "[1]",
        "[1]",
        '{"a": 1}',
        "7.0",
        "RP",
    ],
    [
        "abc",
        "x@y.z",
        "ftp://x",
        "0F8FAD5B-D9CB-469F-A165-70867728950E",
        "-0.0",
        "1,0",
        "-5 $",
        "1",
        "TIDAK",
        "2019-02-30",
        "01/01/2020",
        "00:00",
        "2019-04-17T08:00:00+07:00",
        "-1",
        "2019-4",
        "PT1H",
        "-180, -90",
        "[180, -90]",
        "1",
        "{}",
        "-0",
        "$-3",
    ],
]
TYPE_SCHEMA = {
    "fields": [
        _f("s", constraints={"minLength": 1, "maxLength": 2, "required": True}),
        _f("email", format="email"),
        _f("uri", format="uri"),
        _f("uuid", format="uuid"),
        _f("n", "number", constraints={"minimum": 0, "maximum": 1.5}),
        _f("nloc", "number", decimalChar=",", groupChar="."),
        _f("nbare", "number", bareNumber=False),
        _f("b", "boolean"),
        _f("byes", "boolean", trueValues=["ya", "Ya"], falseValues=["tidak", "TIDAK"]),
        _f("d", "date", constraints={"minimum": "2019-01-01", "maximum": "2019-12-31"}),
        _f("dfmt", "date", format="%d/%m/%Y"),
        _f("t", "time"),
        _f("dt", "datetime"),
        _f("y", "year", constraints={"minimum": 2000}),
        _f("ym", "yearmonth"),
        _f("dur", "duration"),
        _f("gp", "geopoint"),
        _f("gparr", "geopoint", format="array"),
        _f("obj", "object"),
        _f("arr", "array"),
        _f("i", "integer", constraints={"enum": [7, 0]}),
        _f("ibare", "integer", bareNumber=False),
    ]
}
LABELS = [[" id ", "nama ", " suara"], ["1", "a", "5"], ["2", "b", "x"]]
LABEL_SCHEMA = {"fields": [_f("id", "integer"), _f("nama"), _f("suara", "integer")]}
REORDERED = [["nama", "extra", "id"], ["a", "x", "1"], ["b", "y", "z"], ["c"]]
MATCH_SCHEMA = {
    "fields": [_f("id", "integer", constraints={"required": True}), _f("nama"), _f("absent")],
}
CASE_ROWS = [["ID", "Nama"], ["1", "a"]]
KEYS = [
    ["kode", "nomor", "nama"],
    ["1", "1", "a"],
    ["1", "1", "b"],
    ["", "", "c", "extra"],
    ["", "", ""],
    ["2", "", "d"],
    ["2", "", "d"],
]
KEY_SCHEMA = {
    "fields": [_f("kode"), _f("nomor", "integer"), _f("nama", constraints={"unique": True})],
    "primaryKey": ["kode", "nomor"],
}
MISSING = [["a", "b", "c"], ["-", "NA", ""], ["n/a", "-", "1"], ["", "", ""]]
MISSING_SCHEMA = {
    "fields": [
        _f("a", "integer", constraints={"required": True}),
        _f("b", "integer", missingValues=["NA"]),
        _f("c", "integer"),
    ],
    "missingValues": ["", "-", "n/a"],
}
MULTI = [["", "DPT", "DPT"], ["kode", "L", "P"], ["13", "1", "2"], ["# catatan"], ["34", "3", "x"]]
MULTI_SCHEMA = {"fields": [_f("kode"), _f("DPT L", "integer"), _f("DPT P", "integer")]}
COMMENTS = [["# judul"], ["kode", "jumlah"], ["13", "1"], ["# catatan", "x"], ["", ""], ["34", "y"]]
COMMENT_SCHEMA = {"fields": [_f("kode"), _f("jumlah", "integer")]}
WORKBOOK = [
    ["kode", "tanggal", "waktu", "jumlah", "rasio", "nama"],
    ["13", datetime(2019, 4, 17), datetime(2019, 4, 17), 5, 0.5, "a"],
    ["34", datetime(2019, 4, 17, 8, 30), datetime(2019, 4, 17, 8, 30), 5.0, 2, None],
    [13, "2019-04-17", "2019-04-17T08:00:00", "7", "x", 7],
    [None, None, None, None, None, None],
    ["61", None, None, None],
]
WORKBOOK_SCHEMA = {
    "fields": [_f("kode"), _f("tanggal", "date"), _f("waktu", "datetime"),
               _f("jumlah", "integer"), _f("rasio", "number"), _f("nama")],
}  # fmt: skip

# fmt: off
FEATURES: list[dict[str, Any]] = [
    {"id": "foreign-key-self", "tables": [_table("people", PEOPLE, FK_SELF)]},
    {
        "id": "foreign-key-other",
        "tables": [
            _table("wilayah", REGIONS, {"fields": [_f("kode"), _f("nama")]}),
            _table(
                "suara",
                VOTES,
                {
                    "fields": [_f("kode"), _f("tahun", "year"), _f("suara", "integer")],
                    "foreignKeys": [
                        {"fields": "kode", "reference": {"resource": "wilayah", "fields": "kode"}}
                    ],
                },
            ),
        ],
    },
    {
        "id": "foreign-key-composite",
        "tables": [
            _table("a", [["x", "y"], ["1", "2"], ["1", "3"]],
                   {"fields": [_f("x", "integer"), _f("y", "integer")]}),
            _table("b", [["p", "q"], ["1", "2"], ["1", "4"], ["", "3"], ["", ""]], {
                "fields": [_f("p", "integer"), _f("q", "integer")],
                "foreignKeys": [{"fields": ["p", "q"],
                                 "reference": {"resource": "a", "fields": ["x", "y"]}}],
            }),
        ],
    },
    {"id": "types-and-constraints", "tables": [_table("types", TYPES, TYPE_SCHEMA)]},
    {"id": "labels-with-spaces", "tables": [_table("labels", LABELS, LABEL_SCHEMA)]},
    *(
        {"id": f"fields-match-{mode}",
         "tables": [_table("t", REORDERED, {**MATCH_SCHEMA, "fieldsMatch": mode})]}
        for mode in ("exact", "equal", "subset", "superset", "partial")
    ),
    {"id": "fields-match-partial-none",
     "tables": [_table("t", [["p", "q"], ["1", "2"]], {**MATCH_SCHEMA, "fieldsMatch": "partial"})]},
    {"id": "header-case",
     "tables": [_table("t", CASE_ROWS, {"fields": [_f("id", "integer"), _f("nama")]},
                       dialect={"headerCase": False})]},
    {"id": "keys", "tables": [_table("keys", KEYS, KEY_SCHEMA)]},
    {"id": "missing-values", "tables": [_table("missing", MISSING, MISSING_SCHEMA)]},
    {"id": "header-rows",
     "tables": [_table("multi", MULTI, MULTI_SCHEMA,
                       dialect={"headerRows": [1, 2], "commentChar": "#"})]},
    {"id": "comments-and-blank-rows",
     "tables": [_table("c", COMMENTS, COMMENT_SCHEMA,
                       dialect={"commentChar": "#", "skipBlankRows": True})]},
    {"id": "comment-rows",
     "tables": [_table("c", COMMENTS, COMMENT_SCHEMA, dialect={"commentRows": [1, 4]})]},
    {"id": "no-header",
     "tables": [_table("h", [["13", "1"], ["34", "x"]], COMMENT_SCHEMA,
                       dialect={"header": False})]},
    {"id": "workbook", "tables": [_table("wb", WORKBOOK, WORKBOOK_SCHEMA, format="xlsx")]},
]
# fmt: on


def write_feature(feature: dict[str, Any], folder: Path) -> dict[str, Any]:
    """Write one feature case's files; return its case entry (descriptor and files)."""
    here = folder / feature["id"]
    here.mkdir(parents=True, exist_ok=True)
    resources, files = [], []
    for table in feature["tables"]:
        fmt = table.get("format", "csv")
        name = f"{table['name']}.{fmt}"
        if fmt == "xlsx":
            _write_xlsx(here / name, table["rows"])
        else:
            text = io.StringIO()
            csv.writer(text, lineterminator="\n").writerows(table["rows"])
            (here / name).write_text(text.getvalue(), encoding="utf-8")
        resource = {"name": table["name"], "type": "table", "path": name, "format": fmt,
                    "schema": table["schema"]}  # fmt: skip
        if fmt == "csv":
            resource["encoding"] = "utf-8"
        if "dialect" in table:
            resource["dialect"] = table["dialect"]
        resources.append(resource)
        files.append(name)
    package = {"name": feature["id"], "resources": resources}
    (here / "datapackage.json").write_text(json.dumps(package, indent=1), encoding="utf-8")
    where = f"features/{feature['id']}"
    return {"id": where, "kind": "feature", "dir": where, "files": files, "package": package}


def _write_xlsx(path: Path, rows: Rows) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    sheet["A1"].number_format = "@"
    book.save(path)
