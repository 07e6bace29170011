"""The ballots' rules on tables made from offices drawn from the whole region reference: party
numbers and names of the 2019 list (Aceh's parties only in Aceh), dapil, a long table against the
wide one of its folder (DPR and DPD), the DPT of a TPS across ballots.

Every planted mistake must be reported at its file, row and field, nothing else may be, and the
vectorised path and the exact row-by-row path (forced by making the fast one give up) must find
exactly the same.
"""

from __future__ import annotations

import csv
import json
import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from publisher.build import build_tree
from publisher.config import Config, load_config
from publisher.validate import Options, check_package, validate_paths
from publisher.validate.cross import check_cross
from publisher.validate.fast import Fallback
from publisher.validate.fast import batches as fast_batches

REPO = Path(__file__).resolve().parents[1]
ACEH = "11"
Key = tuple[str, int | None, str | None, str]


@pytest.fixture(scope="module")
def base_config() -> Config:
    return load_config(REPO / "config")


def _desa_of(config: Config, kab: str, rng: random.Random) -> str:
    regions = config.regions
    kec = rng.choice(regions.children(kab))
    return rng.choice(regions.children(kec.kode)).kode


def _offices(config: Config, seed: int, n: int = 4) -> list[str]:
    """n kab/kota codes from anywhere in the country, one of them in Aceh."""
    rng = random.Random(seed)
    provinces = [p.kode for p in config.regions.children("")]
    others = rng.sample([p for p in provinces if p != ACEH], n - 1)
    return [rng.choice(config.regions.children(p)).kode for p in [ACEH, *others]]


def _dapil_config(tmp: Path, offices: list[str], base: Config, lembaga: str) -> Config:
    """The repository's config with a dapil list: each office's kab/kota a dapil of its own,
    and its province's other kab/kota a second one."""
    folder = tmp / "config"
    shutil.copytree(REPO / "config", folder)
    lines = ["lembaga,kode_dapil,nama_dapil,kursi,wilayah"]
    for kab in offices:
        rest = [k.kode for k in base.regions.children(kab[:2]) if k.kode != kab]
        lines.append(f"{lembaga},{kab}-1,DAPIL UJI {kab} I,8,{kab}")
        if rest:
            lines.append(f"{lembaga},{kab}-2,DAPIL UJI {kab} II,6,{' '.join(rest)}")
    (folder / "dapil" / "dapil-2019.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_config(folder)


@dataclass
class Tables:
    """A folder's wide and long tables as rows (header first), with what was planted."""

    wide: list[list[Any]]
    long: list[list[Any]]
    expected: set[Key] = field(default_factory=set)

    def wide_row(self, kode: str, tps: str) -> int:
        w = self.wide[0]
        at = w.index("kode_kelurahan"), w.index("no_tps")
        return next(i + 1 for i, r in enumerate(self.wide) if (r[at[0]], r[at[1]]) == (kode, tps))


def _wide_start(config: Config, desa: str, tps: str, rng: random.Random) -> list[Any]:
    r = config.regions
    kec, kab, prov = r[desa[:6]], r[desa[:4]], r[desa[:2]]
    region = [prov.kode, prov.nama, kab.kode, kab.nama, kec.kode, kec.nama, desa, r[desa].nama]
    dpt_l, dpt_p = rng.randint(100, 150), rng.randint(100, 150)
    return [*region, tps, dpt_l, dpt_p, dpt_l + dpt_p]


def _voters(row: list[Any], valid: int, invalid: int, rng: random.Random) -> list[Any]:
    voted = valid + invalid + rng.randint(5, 15)  # room for a planted +5
    dpt = int(row[-1])
    return [*row[:-3], max(row[-3], voted), row[-2], max(dpt, voted + row[-2]), voted, 0, 0, voted]


def legislative(config: Config, offices: list[str], seed: int, ballot: str = "dpr") -> Tables:
    """A legislative C1 (wide + long) for two TPS of one desa per office; dapil: the office's."""
    rng = random.Random(seed)
    wide_schema = config.schema(f"c1-{ballot}.json")
    long_schema = config.schema(f"suara-{ballot}-tps.json")
    parties = {p["no"]: p for p in long_schema["x-kpu-rules"][0]["parties"]}
    out = Tables(
        [[f["name"] for f in wide_schema["fields"]]], [[f["name"] for f in long_schema["fields"]]]
    )
    for kab in offices:
        desa = _desa_of(config, kab, rng)
        for tps in ("001", "002"):
            totals = {}
            for no, p in parties.items():
                if p.get("regions") and desa[:2] not in p["regions"]:
                    totals[no] = 0
                    continue
                votes = [rng.randint(0, 9) for _ in range(rng.randint(2, 4))]
                totals[no] = sum(votes)
                name = p["nama"] if rng.random() < 0.7 else p["singkatan"]
                for calon, v in enumerate(votes):
                    who = [calon or "", f"Calon {no}.{calon}" if calon else ""]
                    out.long.append(
                        [
                            desa,
                            config.regions[desa].nama,
                            tps,
                            f"DAPIL UJI {kab} I",
                            no,
                            name,
                            *who,
                            v,
                        ]
                    )
            valid, invalid = sum(totals.values()), rng.randint(0, 9)
            start = _wide_start(config, desa, tps, rng)
            out.wide.append(
                [
                    *_voters(start, valid, invalid, rng),
                    *totals.values(),
                    valid,
                    invalid,
                    valid + invalid,
                ]
            )
    return out


def plant_legislative(t: Tables, rng: random.Random, ballot: str) -> None:
    """One mistake of each kind, each at a place of its own, none causing another."""
    head = t.long[0]
    col = {n: head.index(n) for n in head}
    outside = [i for i, r in enumerate(t.long[1:], start=1) if not str(r[0]).startswith(ACEH)]
    picks = rng.sample(outside, 5)
    # a candidate's votes changed: the party's total in the wide table no longer matches
    r = t.long[picks[0]]
    r[col["suara"]] += 7
    field = f"partai_{r[col['no_urut_partai']]:02d}"
    t.expected.add(("wide.csv", t.wide_row(r[0], r[2]), field, "breakdown-mismatch"))
    # a party name that is not its number's
    t.long[picks[1]][col["nama_partai"]] = "Partai Tidak Ada"
    t.expected.add(("long.csv", picks[1] + 1, "nama_partai", "party-name"))
    # the row's region is in the other dapil of its province
    r = t.long[picks[2]]
    r[col["dapil"]] = str(r[col["dapil"]]) + "I"  # "… I" → "… II"
    t.expected.add(("long.csv", picks[2] + 1, "dapil", "dapil-region"))
    t.long[picks[3]][col["dapil"]] = "DAPIL ANTAH BERANTAH"
    t.expected.add(("long.csv", picks[3] + 1, "dapil", "dapil-unknown"))
    # rows of no votes for a party not on the ballot, and for Aceh's party outside Aceh (not on
    # the DPR's ballot at all, even in Aceh)
    base = t.long[picks[4]]
    aceh = "party-unknown" if ballot == "dpr" else "party-region"
    for no, name, code in ((21, "Partai Lain", "party-unknown"), (16, "SIRA", aceh)):
        t.long.append([*base[:4], no, name, "", "", 0])
        t.expected.add(("long.csv", len(t.long), "no_urut_partai", code))
    w = t.wide[0]
    if "partai_17" not in w:
        return
    # the wide table: votes of Aceh's party 17 outside Aceh (the sums kept right)
    row = next(i for i, r in enumerate(t.wide[1:], start=1) if not str(r[0]).startswith(ACEH))
    for name in ("partai_17", "suara_sah", "suara_jumlah"):
        t.wide[row][w.index(name)] += 5
    t.expected.add(("wide.csv", row + 1, "partai_17", "party-outside"))


def write(folder: Path, t: Tables, config: Config, jenis: str, schemas: tuple[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    resources = []
    for name, rows, schema in (("wide.csv", t.wide, schemas[0]), ("long.csv", t.long, schemas[1])):
        with (folder / name).open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(rows)
        resources.append({"name": name[:-4], "path": name, "format": "csv", "type": "table",
                          "encoding": "utf-8", "schema": config.schema(schema)})  # fmt: skip
    package = {"name": "paket-uji", "licenses": [{"name": "cc-by"}], "resources": resources,
               "x-kpu": {"jenis_dokumen": jenis}}  # fmt: skip
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    return folder / "datapackage.json"


def found(descriptor: Path, config: Config) -> set[Key]:
    report = check_package(descriptor, config, Options(limit=100_000, cache=False))
    return {
        (Path(p.path).name, p.row, p.field, p.code)
        for p in report.all_problems()
        if p.severity == "error"
    }


@pytest.fixture(params=["fast", "exact"])
def path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Each test twice: the vectorised path (checked to have run) and the exact one."""
    calls: list[int] = []
    original = fast_batches.FastTable.run

    def run(self: fast_batches.FastTable, csv_path: Path) -> None:
        calls.append(1)
        if request.param == "exact":
            raise Fallback("forced by the test")
        original(self, csv_path)

    monkeypatch.setattr(fast_batches.FastTable, "run", run)
    yield str(request.param)
    assert calls, "the vectorised path was tried"


@pytest.mark.parametrize(
    ("seed", "ballot", "lembaga"),
    [(1, "dpr", "DPR"), (2, "dprd-prov", "DPRD-PROV"), (3, "dprd-kab-kota", "DPRD-KAB-KOTA")],
)
def test_legislative_mistakes_found_where_planted(
    seed: int, ballot: str, lembaga: str, path: str, base_config: Config, tmp_path: Path
) -> None:
    offices = _offices(base_config, seed)
    config = _dapil_config(tmp_path, offices, base_config, lembaga)
    tables = legislative(config, offices, seed, ballot)
    jenis, schemas = f"C1-{ballot.upper()}", (f"c1-{ballot}.json", f"suara-{ballot}-tps.json")
    descriptor = write(tmp_path / "clean", tables, config, jenis, schemas)
    assert found(descriptor, config) == set(), "the clean tables"
    plant_legislative(tables, random.Random(seed), ballot)
    descriptor = write(tmp_path / "planted", tables, config, jenis, schemas)
    assert found(descriptor, config) == tables.expected
    codes = {k[3] for k in tables.expected}
    assert ("party-outside" in codes) == (ballot != "dpr")


def test_dapil_not_checked_where_the_list_is_empty(
    path: str, base_config: Config, tmp_path: Path
) -> None:
    offices = _offices(base_config, 9)
    tables = legislative(base_config, offices, 9)  # the shipped list covers none of these
    if any(k[:2] in ("13", "34", "61") for k in offices):
        pytest.skip("an office in a province the shipped list covers")
    descriptor = write(
        tmp_path / "p", tables, base_config, "C1-DPR", ("c1-dpr.json", "suara-dpr-tps.json")
    )
    assert found(descriptor, base_config) == set()


def dpd(config: Config, offices: list[str], seed: int) -> Tables:
    rng = random.Random(seed)
    wide_schema, long_schema = config.schema("c1-dpd.json"), config.schema("suara-dpd-tps.json")
    out = Tables(
        [[f["name"] for f in wide_schema["fields"]]], [[f["name"] for f in long_schema["fields"]]]
    )
    for kab in offices:
        desa = _desa_of(config, kab, rng)
        for tps in ("001", "002", "003"):
            votes = [rng.randint(0, 40) for _ in range(rng.randint(4, 12))]
            for no, v in enumerate(votes, start=1):
                out.long.append([desa, config.regions[desa].nama, tps, no, f"Calon DPD {no}", v])
            valid, invalid = sum(votes), rng.randint(0, 9)
            start = _wide_start(config, desa, tps, rng)
            out.wide.append([*_voters(start, valid, invalid, rng), valid, invalid, valid + invalid])
    return out


@pytest.mark.parametrize("seed", [4, 5])
def test_dpd_candidates_add_up_to_the_valid_votes(
    seed: int, path: str, base_config: Config, tmp_path: Path
) -> None:
    tables = dpd(base_config, _offices(base_config, seed), seed)
    schemas = ("c1-dpd.json", "suara-dpd-tps.json")
    assert (
        found(write(tmp_path / "clean", tables, base_config, "C1-DPD", schemas), base_config)
        == set()
    )
    rng = random.Random(seed)
    pick = rng.randrange(1, len(tables.long))
    row = tables.long[pick]
    row[-1] += 3
    tables.expected.add(
        ("wide.csv", tables.wide_row(row[0], row[2]), "suara_sah", "breakdown-mismatch")
    )
    descriptor = write(tmp_path / "planted", tables, base_config, "C1-DPD", schemas)
    assert found(descriptor, base_config) == tables.expected


def test_dpt_differs_across_ballots(path: str, base_config: Config, tmp_path: Path) -> None:
    offices = _offices(base_config, 6)
    dpr_tables = legislative(base_config, offices, 6)
    dpd_tables = dpd(base_config, offices, 6)
    # the same TPS: the DPD table takes the DPR table's TPS and DPT figures
    head = dpr_tables.wide[0]
    cols = [head.index(n) for n in ("kode_kelurahan", "no_tps", "dpt_l", "dpt_p", "dpt_jumlah")]
    dpd_tables.wide = [dpd_tables.wide[0]]
    for r in dpr_tables.wide[1:]:
        votes = r[head.index("suara_sah")]
        dpd_tables.wide.append([*r[: head.index("partai_01")], votes, r[-2], r[-1]])
    dpd_tables.long = [dpd_tables.long[0]] + [
        [r[cols[0]], r[7], r[cols[1]], 1, "Calon DPD 1", r[head.index("suara_sah")]]
        for r in dpr_tables.wide[1:]
    ]
    changed = 3
    dpd_tables.wide[changed][head.index("dpt_l")] += 1
    dpd_tables.wide[changed][head.index("dpt_jumlah")] += 1
    packages = [
        check_package(write(tmp_path / name, t, base_config, jenis, schemas), base_config,
                      Options(cache=False))
        for name, t, jenis, schemas in (
            ("dpd", dpd_tables, "C1-DPD", ("c1-dpd.json", "suara-dpd-tps.json")),
            ("dpr", dpr_tables, "C1-DPR", ("c1-dpr.json", "suara-dpr-tps.json")),
        )
    ]  # fmt: skip
    problems = check_cross(packages, base_config)
    got = {(Path(p.path).parent.name, p.row, p.field, p.code) for p in problems}
    assert got == {("dpd", changed + 1, f, "dpt-ballots") for f in ("dpt_l", "dpt_jumlah")}
    for p in problems:
        params = dict(p.params)
        assert Path(str(params["other_path"])).parent.name == "dpr"
        assert str(params["other_row"]) == str(changed + 1)
        assert "DPR" in p.message("id") and "baris" in p.message("id")
        assert "row" in p.message("en")


SB = "13_KPU_PROV_SUMATERA_BARAT"
PP = f"{SB}/1374_KPU_KOTA_PADANG_PANJANG/PL.01.8"


def test_each_ballot_chains_from_c1_to_its_last_form(tmp_path: Path) -> None:
    """The bundled Sumatera Barat: one kecamatan's DPT raised by 2 in each ballot's DB1 (the row
    still adds up). Each ballot's DB1 then disagrees with its own DA1 of that kecamatan and, where
    the ballot has a DC1, the DB1's total with the province's row — for that ballot only."""
    root = tmp_path / "datapackages"
    shutil.copytree(REPO / "datapackages" / SB, root / SB)
    config = load_config(REPO / "config")
    ballots = {"DPR": True, "DPD": True, "DPRD-PROV": True, "DPRD-KAB-KOTA": False}
    for ballot in ballots:
        (table,) = [p for p in (root / PP / f"DB1-{ballot}").glob("*.csv") if "rinci" not in p.name]
        with table.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        for name in ("dpt_l", "dpt_jumlah"):
            rows[1][rows[0].index(name)] = str(int(rows[1][rows[0].index(name)]) + 2)
        with table.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(rows)
    build_tree(root, config)
    report = validate_paths([root], config, Options(cache=False))
    mismatches = [p for p in report.cross if p.code == "level-mismatch"]
    found = {
        (Path(p.path).parent.name, Path(str(dict(p.params)["other_path"])).parent.name, p.field)
        for p in mismatches
    }
    expected = set()
    for ballot, has_dc1 in ballots.items():
        for name in ("dpt_l", "dpt_jumlah"):
            expected.add((f"DA1-{ballot}", f"DB1-{ballot}", name))  # the kecamatan's own DA1
            if has_dc1:
                expected.add((f"DB1-{ballot}", f"DC1-{ballot}", name))
    assert found == expected
    assert not [p for p in report.cross if p.code == "dpt-ballots"]  # the C1 tables agree


def _dct_dpd(folder: Path, config: Config, lists: dict[str, int]) -> Path:
    """A DCT-DPD package per province: candidates 1..n named 'Calon DPD <province> <n>'."""
    rows: list[list[Any]] = [["kode_provinsi", "nama_provinsi", "no_urut_calon", "nama_calon",
                              "jenis_kelamin"]]  # fmt: skip
    for prov, n in sorted(lists.items()):
        rows += [[prov, config.regions[prov].nama, i, f"Calon DPD {prov} {i}", "LP"[i % 2]]
                 for i in range(1, n + 1)]  # fmt: skip
    folder.mkdir(parents=True)
    with (folder / "dct.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    resource = {"name": "dct", "path": "dct.csv", "format": "csv", "type": "table",
                "encoding": "utf-8", "schema": config.schema("dct-dpd.json")}  # fmt: skip
    package = {"name": "dct-dpd", "licenses": [{"name": "cc-by"}], "resources": [resource],
               "x-kpu": {"jenis_dokumen": "DCT-DPD"}}  # fmt: skip
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    return folder / "datapackage.json"


def test_dpd_candidates_checked_against_the_province_lists(
    path: str, base_config: Config, tmp_path: Path
) -> None:
    """A candidate of another province, one on no list, and a misspelt name: each at its row;
    a table of a province with no list in the collection is not checked."""
    offices = _offices(base_config, 8)
    t = dpd(base_config, offices, 8)
    head = t.long[0]
    number, name = head.index("no_urut_calon"), head.index("nama_calon")
    for r in t.long[1:]:
        r[name] = f"Calon DPD {r[0][:2]} {r[number]}"
    listed = {o[:2]: 12 for o in offices[:3]}  # the last office's province has no list
    a, b = offices[1][:2], offices[2][:2]
    rows_a = [i for i, r in enumerate(t.long) if i and r[0][:2] == a]
    planted = {
        rows_a[0]: ([1, f"Calon DPD {b} 1"], "no_urut_calon", "candidate-area"),
        rows_a[5]: ([99, f"Calon DPD {a} 99"], "no_urut_calon", "candidate-unknown"),
        rows_a[9]: ([None, None], "nama_calon", "candidate-name"),
    }
    for i, (cells, _, _) in planted.items():
        if cells[0] is not None:
            t.long[i][number], t.long[i][name] = cells
        else:
            t.long[i][name] = str(t.long[i][name]).replace("Calon", "Calun")
    t.long.append([*t.long[-1][:3], 1, f"Calon DPD {b} 1", 0])  # last office: no list, no check
    results = write(tmp_path / "hasil", t, base_config, "C1-DPD",
                    ("c1-dpd.json", "suara-dpd-tps.json"))  # fmt: skip
    assert found(results, base_config) == set()
    packages = [
        check_package(results, base_config, Options(cache=False)),
        check_package(_dct_dpd(tmp_path / "dct", base_config, listed), base_config,
                      Options(cache=False)),
    ]  # fmt: skip
    assert [p for p in packages[1].all_problems() if p.severity == "error"] == []
    got = {(p.row, p.field, p.code) for p in check_cross(packages, base_config)}
    assert got == {(i + 1, field, code) for i, (_, field, code) in planted.items()}


def test_a_legislative_folder_of_workbooks_gets_both_schemas(tmp_path: Path) -> None:
    """The DB1-DPR of Padang Panjang as two workbooks (title rows above each table): each takes
    the schema its header fits, and the long one is checked against the wide one."""
    import openpyxl

    root = tmp_path / "datapackages"
    shutil.copytree(REPO / "datapackages" / SB, root / SB)
    leaf = root / PP / "DB1-DPR"
    for table in sorted(leaf.glob("*.csv")):
        with table.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        if "rinci" in table.name:
            rows[3][-1] = str(int(rows[3][-1]) + 2)  # a candidate's votes
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["REKAPITULASI HASIL PENGHITUNGAN PEROLEHAN SUARA DPR"])
        sheet.append([])
        for r in rows:
            sheet.append([int(c) if c.isdigit() and not r[0].startswith("kode") and i > 1 else c
                          for i, c in enumerate(r)])  # fmt: skip
        book.save(table.with_suffix(".xlsx"))
        table.unlink()
    narrative = leaf / "NARASI_DB1-DPR.txt"
    narrative.write_text(narrative.read_text(encoding="utf-8").replace(".csv\n", ".xlsx\n"),
                         encoding="utf-8")  # fmt: skip
    config = load_config(REPO / "config")
    build_tree(root, config)
    package = json.loads((leaf / "datapackage.json").read_text(encoding="utf-8"))
    tables = {r["path"]: r["schema"]["title"] for r in package["resources"] if "schema" in r}
    assert {p.rsplit("/", 1)[-1]: "lebar" in t for p, t in tables.items()} == {
        "db1-dpr-kota-padang-panjang.csv": True,
        "db1-dpr-kota-padang-panjang-rinci.csv": False,
    }
    report = check_package(leaf, config, Options(cache=False))
    errors = [(Path(p.path).name, p.code) for p in report.all_problems() if p.severity == "error"]
    assert errors == [("db1-dpr-kota-padang-panjang.csv", "breakdown-mismatch")]


def test_checks_across_tables_skipped_for_a_huge_table_are_said(
    path: str, base_config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the limit of keys a table keeps for the checks across tables, those checks are
    skipped for it and a warning says so (once per check), on both paths; under it, nothing."""
    from publisher.validate.rows import ballot as rows_ballot

    offices = _offices(base_config, 5)
    config = _dapil_config(tmp_path, offices, base_config, "DPR")
    tables = legislative(config, offices, 5, "dpr")
    descriptor = write(
        tmp_path / "t", tables, config, "C1-DPR", ("c1-dpr.json", "suara-dpr-tps.json")
    )

    def skipped() -> list[tuple[str, str]]:
        report = check_package(descriptor, config, Options(limit=100_000, cache=False))
        return [
            (Path(p.path).name, p.message("en"))
            for p in report.all_problems()
            if p.code == "cross-skipped"
        ]

    assert skipped() == []
    monkeypatch.setattr(rows_ballot, "INDEX_LIMIT", 3)
    said = skipped()
    assert said and len(said) == len(set(said))  # each once
    assert any("the long table against the wide one" in m for _, m in said), said
    report = check_package(descriptor, config, Options(limit=100_000, cache=False))
    found = [p for p in report.all_problems() if p.code == "cross-skipped"]
    assert {p.severity for p in found} == {"warning"}
    assert "lebih dari 3 baris" in found[0].message("id") and found[0].fix("id")
