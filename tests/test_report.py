"""The report's status model: counts from the folders, ranking with ties, recap differences."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import Workbook

from publisher.collection import Collection
from publisher.config import Config
from publisher.readiness import Verdict
from publisher.report import Status, ranking, render_csv, render_json, render_text, status
from publisher.report.model import Sources
from publisher.report.types import (
    Documents,
    Files,
    OfficeEntry,
    ProvinceEntry,
    RecapDifference,
    Totals,
)
from tests.test_sync import config, make_package  # noqa: F401 - the config fixture

NARASI = "Judul: x\nDeskripsi:\nteks\n"


def leaf(root: Path, *parts: str, files: dict[str, bytes]) -> Path:
    folder = root.joinpath(*parts)
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def tree(root: Path) -> Path:
    prov = "13_KPU_PROV_SUMATERA_BARAT"
    leaf(
        root,
        prov,
        "1303_KPU_KAB_SIJUNJUNG",
        "PL.01.8",
        "DB1-PPWP",
        files={
            "a.pdf": b"%PDF",
            "a.xlsx": b"x",
            "a.csv": b"k\n1\n",
            "NARASI_DB1-PPWP.txt": NARASI.encode(),
        },
    )
    leaf(
        root,
        prov,
        "1374_KPU_KOTA_PADANG_PANJANG",
        "PL.01.8",
        "DB1-PPWP",
        files={"b.pdf": b"%PDF", "b.csv": b"k\n1\n", "NARASI_DB1-PPWP.txt": NARASI.encode()},
    )
    leaf(
        root,
        prov,
        "PL.01.8",
        "DC1-PPWP",
        files={"c.pdf": b"%PDF", "c.xlsx": b"x", "NARASI_DC1-PPWP.txt": NARASI.encode()},
    )
    book = Workbook()
    sheet = book.active
    sheet.append(["REKAP DIGITALISASI"])
    sheet.append(["No", "Unit Kerja", "PDF", "XLSX", "CSV"])
    sheet.append([1, "1303_KPU_KAB_SIJUNJUNG", 1, 1, 1])
    sheet.append([2, "1374_KPU_KOTA_PADANG_PANJANG", 2, 0, 1])
    sheet.append(["", "JUMLAH", 3, 1, 2])
    book.save(root / prov / "REKAP_DIGITALISASI_SUMATERA_BARAT.xlsx")
    return root


def test_counts_ranking_and_recap(tmp_path: Path, config: Config) -> None:  # noqa: F811
    data = status(Sources(Collection.open(tree(tmp_path / "dp"), config)))
    assert data.root == "dp"  # the collection's own name, not a local path
    assert data.totals.documents == Documents(pdf=3, xlsx=2, csv=2, narasi=3)
    prov = data.provinces[0]
    assert prov.kode == "13" and len(prov.offices) == 3
    # nothing is built: no document is ready, so every office scores 0 and all share rank 1
    assert {(r.rank, r.documents) for r in data.ranking} == {(1, 0)}
    alls = {r.unit_kerja: r.all_documents for r in data.ranking}
    assert alls["1303_KPU_KAB_SIJUNJUNG"] == 3 and sorted(alls.values()) == [2, 2, 3]
    package = prov.offices[1].packages[0]
    assert package.status == "not-built" and package.readiness.reasons == ("not-built",)
    (recap,) = data.recap
    assert recap.differences == (RecapDifference("KPU Kota Padang Panjang", "pdf", 2, 1),)
    # the JSON form: the documented keys, and read back to the same value
    shape = data.to_dict()
    assert shape["totals"]["documents"] == {"pdf": 3, "xlsx": 2, "csv": 2, "narasi": 3}
    assert shape["recap"][0]["differences"][0]["unit_kerja"] == "KPU Kota Padang Panjang"
    assert Status.from_dict(json.loads(render_json(data))) == data
    text = render_text(data)
    assert "Peringkat digitalisasi" in text and "pdf 2 ≠ 1" in text
    assert render_csv(data).count("\n") == 1 + 3


def test_ties_share_a_rank() -> None:
    def office(name: str, docs: int) -> OfficeEntry:
        totals = Totals(documents=Documents(pdf=docs, narasi=9), ready_documents=Files(pdf=docs))
        return OfficeEntry(name, "", name, name, "ready", totals, ())

    offices = (office("b", 5), office("a", 5), office("c", 7), office("d", 1))
    rows = ranking([ProvinceEntry("13", "P", Totals(), offices)])
    assert [(r.rank, r.nama) for r in rows] == [(1, "c"), (2, "a"), (2, "b"), (4, "d")]


def test_built_package_counts(tmp_path: Path, config: Config) -> None:  # noqa: F811
    root = tree(tmp_path / "dp")
    folder = root / "13_KPU_PROV_SUMATERA_BARAT" / "1303_KPU_KAB_SIJUNJUNG" / "PL.01.8" / "DB1-PPWP"
    make_package(folder, "1303-db1-ppwp-2019", "1303", {"a.csv": b"k\n1\n"})
    data = status(
        Sources(
            Collection.open(root, config),
            validation={
                "13_KPU_PROV_SUMATERA_BARAT/1303_KPU_KAB_SIJUNJUNG/PL.01.8/DB1-PPWP": Verdict(
                    valid=True, blocked=False
                )
            },
        )
    )
    assert data.totals.built == 1 and data.totals.valid == 1
    sij = next(o for _, o in data.offices() if o.kode == "1303")
    assert sij.packages[0].name == "1303-db1-ppwp-2019"


def test_report_exit_codes(tmp_path: Path) -> None:
    """0 when every package is valid, 1 when one is invalid (unless --no-fail), 2 when the
    portal was asked for ($CKAN_URL) and cannot be read; messages in Indonesian."""
    import os
    import shutil
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[1]
    root = tmp_path / "datapackages"
    shutil.copytree(repo / "datapackages", root)
    env = {k: v for k, v in os.environ.items() if k not in ("CKAN_URL", "CKAN_API_TOKEN")}

    def run(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "publisher", *args],
            cwd=repo, env={**env, **extra}, capture_output=True, text=True, timeout=300,
        )  # fmt: skip

    assert run("build", str(root)).returncode == 0
    assert run("report", str(root), "--offline").returncode == 0
    [db1] = root.glob("13_*/1303_*/PL.01.8/DB1-PPWP/db1-ppwp-kabupaten-sijunjung.csv")
    db1.write_text(db1.read_text().replace(",", ",x", 1))  # a header label the schema lacks
    assert run("report", str(root), "--offline").returncode == 1
    assert run("report", str(root), "--offline", "--no-fail").returncode == 0
    down = run("report", str(root), CKAN_URL="http://127.0.0.1:9")
    assert down.returncode == 2 and "galat" in down.stderr and "Traceback" not in down.stderr
    flag = run("report", str(root), "--portal-url", "http://127.0.0.1:9", "--no-fail")
    assert flag.returncode == 2 and "127.0.0.1:9" in flag.stderr and "Traceback" not in flag.stderr
    # portal.url alone (no flag, no $CKAN_URL) that does not answer: a warning, the report
    # without the portal's columns, in the steward's language
    edited = tmp_path / "config"
    shutil.copytree(repo / "config", edited)
    yaml = edited / "publisher.yaml"
    text = yaml.read_text(encoding="utf-8")
    assert "url: http://127.0.0.1:5000" in text
    yaml.write_text(text.replace("url: http://127.0.0.1:5000", "url: http://127.0.0.1:9"), "utf-8")
    quiet = run("--config", str(edited), "report", str(root), "--no-fail")
    assert quiet.returncode == 0, quiet.stderr
    assert "peringatan: portal tidak dapat dibaca" in quiet.stderr
    assert "Terbit (mutakhir)" not in quiet.stdout and "Peringkat digitalisasi" in quiet.stdout
