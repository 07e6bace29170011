"""tools/generate_collection.py → datapackages/: reproducible, adds up to the official anchors at
every level, valid codes and narratives, and a planted-mistakes copy that differs only where its
manifest says."""

from __future__ import annotations

import csv
import hashlib
import io
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from publisher.config import Config, load_config
from publisher.narrative import read as read_narrative

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))

import generate_collection  # noqa: E402
from kpugen.collection import OFFICES, document_counts, recap_counts  # noqa: E402

ROOT = REPO / "datapackages"
SB = "13_KPU_PROV_SUMATERA_BARAT"
COUNTS = (
    "jumlah_tps", "dpt_l", "dpt_p", "dpt_jumlah", "pengguna_dpt", "pengguna_dptb", "pengguna_dpk",
    "pengguna_jumlah", "suara_01", "suara_02", "suara_sah", "suara_tidak_sah", "suara_jumlah",
)  # fmt: skip
# Shared DOMAIN.md: official 2019 figures (votes 01, 02; TPS; DPT men, women where given).
PROVINCES = {"13": (407_761, 2_488_733), "61": (1_709_896, 1_263_757), "34": (1_655_174, 742_481)}
KABS = {
    "1303": ((15_705, 110_012), 717, (77_741, 78_620)),
    "1374": ((3_993, 27_645), 177, None),
    "6172": ((64_425, 50_181), 673, None),
    "6112": ((121_462, 218_300), 1_866, None),
    "3471": ((179_048, 92_166), 1_373, (148_233, 161_236)),
}
NATIONAL = {"suara_01": 85_607_362, "suara_02": 68_650_239, "suara_tidak_sah": 3_754_905,
            "suara_jumlah": 158_012_506, "dpt_jumlah": 192_866_254}  # fmt: skip
BUILT = ("datapackage.json", "_build")


def tree_hashes(root: Path) -> dict[str, str]:
    """Relative path → sha256 of every source file (not what `publisher build` adds)."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if path.is_file() and not any(p in BUILT or p.startswith(".") for p in rel.parts):
            out[rel.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def read_csv(path: Path) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8")
    delimiter = ";" if text.split("\n", 1)[0].count(";") > 2 else ","
    rows = list(csv.DictReader(io.StringIO(text), delimiter=delimiter))
    for row in rows:
        for key in COUNTS:
            if key in row:
                row[key] = row[key].replace(".", "")  # the Indonesian-locale file
    return rows


def leaf(kode: str, stage: str, jenis: str) -> Path:
    office = next(o for o in OFFICES if o.kode == kode)
    return ROOT / office.folder / stage / jenis


def only_csv(folder: Path, pattern: str = "*.csv") -> list[dict[str, str]]:
    files = sorted(folder.glob(pattern))
    assert len(files) == 1, files
    return read_csv(files[0])


def total(rows: list[dict[str, str]], *fields: str) -> tuple[int, ...]:
    return tuple(sum(int(r[f]) for r in rows) for f in fields)


def by_parent(rows: list[dict[str, str]], code_field: str, size: int) -> dict[str, Counter[str]]:
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for r in rows:
        for f in COUNTS:
            out[r[code_field][:size]][f] += 1 if f == "jumlah_tps" else int(r[f])
    return out


def as_counter(row: dict[str, str]) -> Counter[str]:
    return Counter({f: int(row[f]) for f in COUNTS})


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(REPO / "config")


def test_regenerating_gives_the_committed_bytes(tmp_path: Path) -> None:
    assert generate_collection.main(["--out", str(tmp_path / "dp"), "--clean"]) == 0
    fresh, committed = tree_hashes(tmp_path / "dp"), tree_hashes(ROOT)
    assert sorted(fresh) == sorted(committed)
    changed = [p for p in fresh if fresh[p] != committed[p]]
    assert changed == [], "run `python tools/generate_collection.py --clean` and commit"


def test_collection_is_small() -> None:
    assert sum((ROOT / p).stat().st_size for p in tree_hashes(ROOT)) < 5_000_000


@pytest.mark.parametrize("kode", sorted(KABS))
def test_tps_tables_add_up_to_the_kabkota_anchors(kode: str) -> None:
    (v01, v02), tps, dpt = KABS[kode]
    rows = only_csv(leaf(kode, "PL.01.8", "C1-PPWP"))
    assert len(rows) == tps
    assert total(rows, "suara_01", "suara_02") == (v01, v02)
    if dpt:
        assert total(rows, "dpt_l", "dpt_p") == dpt
    db1 = only_csv(leaf(kode, "PL.01.8", "DB1-PPWP")) if kode != "6112" else None
    per_kec = by_parent(rows, "kode_kelurahan", 6)
    if db1 is not None:
        assert {r["kode_wilayah"]: as_counter(r) for r in db1} == per_kec


def test_sub_anchors_of_sijunjung() -> None:
    rows = only_csv(leaf("1303", "PL.01.8", "C1-PPWP"))
    iv_nagari = [r for r in rows if r["kode_kecamatan"] == "130305"]
    assert total(iv_nagari, "suara_01", "suara_02") == (524, 8_287)
    koto_tuo = [r for r in rows if r["kode_kelurahan"] == "1303052005"]
    assert total(koto_tuo, "suara_01", "suara_02") == (55, 1_045)
    assert [int(r["dpt_jumlah"]) for r in koto_tuo] == [279, 285, 195, 165, 178, 179]
    assert [r["no_tps"] for r in koto_tuo] == ["001", "002", "003", "004", "005", "006"]
    daa1 = read_csv(leaf("1303", "PL.01.8", "DAA1-PPWP") / "daa1-ppwp-koto-tuo.csv")
    assert daa1 == koto_tuo


@pytest.mark.parametrize("kode", ["1303", "6172", "3471"])
def test_kecamatan_tables_match_the_tps_rows(kode: str) -> None:
    tps = by_parent(only_csv(leaf(kode, "PL.01.8", "C1-PPWP")), "kode_kelurahan", 10)
    tables = sorted(leaf(kode, "PL.01.8", "DA1-PPWP").glob("*.csv"))
    rows = [r for t in tables for r in read_csv(t)]
    assert {r["kode_wilayah"]: as_counter(r) for r in rows} == tps


def test_provinces_and_nation_add_up() -> None:
    dd1 = {r["kode_wilayah"]: r for r in only_csv(leaf("00", "PL.01.8", "DD1-PPWP"))}
    assert len(dd1) == 34
    for field, value in NATIONAL.items():
        assert sum(int(r[field]) for r in dd1.values()) == value
    for prov, votes in PROVINCES.items():
        dc1 = only_csv(leaf(prov, "PL.01.8", "DC1-PPWP"))
        assert total(dc1, "suara_01", "suara_02") == votes
        assert sum((as_counter(r) for r in dc1), Counter()) == as_counter(dd1[prov])
        for r in dc1:
            if r["kode_wilayah"] in KABS:
                c1 = only_csv(leaf(r["kode_wilayah"], "PL.01.8", "C1-PPWP"))
                assert as_counter(r) == by_parent(c1, "kode_kabupaten_kota", 4)[r["kode_wilayah"]]


def xlsx_rows(path: Path) -> list[tuple[object, ...]]:
    wb = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    return list(wb.active.iter_rows(values_only=True))


def test_print_layouts_carry_the_same_totals() -> None:
    for kode, jenis in (("1303", "DB1-PPWP"), ("00", "DD1-PPWP"), ("34", "DC1-PPWP")):
        folder = leaf(kode, "PL.01.8", jenis)
        rows = only_csv(folder)
        jumlah = next(r for r in xlsx_rows(next(folder.glob("*.xlsx"))) if r[0] == "JUMLAH")
        assert list(jumlah[3:16]) == [sum(int(r[f]) for r in rows) for f in COUNTS]
    for kode in ("1303", "3471"):
        c1 = only_csv(leaf(kode, "PL.01.8", "C1-PPWP"))
        grid = list(xlsx_rows(next(leaf(kode, "PL.01.2", "DPT").glob("*.xlsx"))))
        jumlah = next(r for r in grid if r[0] == "JUMLAH TOTAL")
        assert list(jumlah[3:7]) == [len(c1), *total(c1, "dpt_l", "dpt_p", "dpt_jumlah")]
        assert all(not isinstance(r[1], str) or r[1] == r[1].upper() for r in grid)


def all_tables() -> Iterator[tuple[Path, list[dict[str, str]]]]:
    for path in sorted(ROOT.rglob("*.csv")):
        if "_build" not in path.parts:
            yield path, read_csv(path)


def test_row_rules_hold_everywhere() -> None:
    checked = 0
    for path, rows in all_tables():
        if not rows or "suara_sah" not in rows[0]:
            continue
        for r in rows:
            v = {f: int(r[f]) for f in COUNTS if f in r}
            assert v["dpt_l"] + v["dpt_p"] == v["dpt_jumlah"], path
            assert (
                v["pengguna_dpt"] + v["pengguna_dptb"] + v["pengguna_dpk"] == v["pengguna_jumlah"]
            )
            if "suara_01" in r:
                assert v["suara_01"] + v["suara_02"] == v["suara_sah"], path
            elif "partai_01" in r:  # a legislative wide table: the parties' totals
                parties = sum(int(x) for k, x in r.items() if k.startswith("partai_"))
                assert parties == v["suara_sah"], path
            assert v["suara_sah"] + v["suara_tidak_sah"] == v["suara_jumlah"], path
            assert v["suara_jumlah"] <= v["pengguna_jumlah"], path
            assert v["pengguna_dpt"] <= v["dpt_jumlah"], path
            checked += 1
    assert checked > 4_800


def test_region_codes_and_names_are_in_the_reference(config: Config) -> None:
    assert config.regions["1303052005"].nama == "Koto Tuo"
    assert config.regions["13"].kode_kpu_2019 == "12920"
    pairs = [("kode_wilayah", "nama_wilayah"), ("kode_provinsi", "nama_provinsi"),
             ("kode_kabupaten_kota", "nama_kabupaten_kota"), ("kode_kecamatan", "nama_kecamatan"),
             ("kode_kelurahan", "nama_kelurahan")]  # fmt: skip
    seen = 0
    for path, rows in all_tables():
        for r in rows:
            for code, name in pairs:
                if code in r:
                    assert config.regions[r[code]].nama == r[name], (path, r[code])
                    seen += 1
    assert seen > 20_000
    for office in OFFICES:
        assert office.kode == "00" or office.kode in config.regions


def test_narratives_are_complete_and_list_exactly_the_data_files(config: Config) -> None:
    leaves = {p.parent for p in ROOT.rglob("*") if p.name.lower().startswith("narasi")}
    assert len(leaves) == 58  # 28; 20 ballot forms; 3 candidate lists; 7 other families
    forms = Counter()
    for folder in sorted(leaves):
        narratives = [p for p in folder.iterdir() if p.name.lower().startswith("narasi")]
        assert len(narratives) == 1, folder
        result = read_narrative(narratives[0], config)
        assert result.narrative is not None and result.problems == (), (folder, result.problems)
        data = {p.name for p in folder.iterdir() if p.suffix in {".csv", ".xlsx", ".pdf"}}
        assert set(result.narrative.berkas) == data, folder
        assert all(result.narrative.get(k) for k in config.narrative.required), folder
        forms[narratives[0].suffix] += 1
    assert forms[".txt"] > 5 and forms[".md"] > 5


def test_digitisation_recap_has_exactly_the_documented_difference() -> None:
    files = {p: b"" for p in tree_hashes(ROOT)}
    differences = []
    for province in (o for o in OFFICES if len(o.kode) == 2 and o.kode != "00"):
        (recap,) = (ROOT / province.folder).glob("REKAP_DIGITALISASI_*.xlsx")
        reported = recap_counts(recap.read_bytes())
        offices = [o for o in OFFICES if o.folder.startswith(province.folder)]
        assert sorted(reported) == sorted(o.kode for o in offices)
        for office in offices:
            actual = document_counts(files, office)
            for ext in actual:
                if reported[office.kode][ext] != actual[ext]:
                    differences.append((office.kode, ext, reported[office.kode][ext] - actual[ext]))
    # docs/collection.md: Kab. Sijunjung reports one PDF more than its folders hold.
    assert differences == [("1303", "pdf", 1)]


@pytest.fixture(scope="module")
def planted() -> tuple[dict[str, bytes], dict[str, bytes], list[dict[str, object]]]:
    clean, _ = generate_collection.generate()
    dirty, manifest = generate_collection.generate(mistakes=True)
    return clean, dirty, manifest


def covered(path: str, manifest: list[dict[str, object]]) -> bool:
    changed = [str(c) for m in manifest for c in m["changed"]]  # type: ignore[attr-defined]
    return any(path == c or path.startswith(f"{c}/") for c in changed)


def test_planted_copy_differs_only_where_the_manifest_says(
    planted: tuple[dict[str, bytes], dict[str, bytes], list[dict[str, object]]],
) -> None:
    clean, dirty, manifest = planted
    assert len({m["kind"] for m in manifest}) == len(manifest) >= 25
    changed = {p for p in clean.keys() & dirty.keys() if clean[p] != dirty[p]}
    added, removed = dirty.keys() - clean.keys(), clean.keys() - dirty.keys()
    for path in changed | added:
        assert covered(path, manifest), path
    for path in removed:  # a deleted narrative, or a folder moved to a name in the manifest
        name = path.rsplit("/", 1)[-1]
        moved = [p for p in added if p.endswith("/" + name) and dirty[p] == clean[path]]
        assert covered(path, manifest) or moved, path
    touched = changed | added | removed
    for m in manifest:  # every entry changed each file or folder it names
        for path in m["changed"]:  # type: ignore[attr-defined]
            assert any(p == path or p.startswith(f"{path}/") for p in touched), m


def test_row_mistakes_change_only_their_row(
    planted: tuple[dict[str, bytes], dict[str, bytes], list[dict[str, object]]],
) -> None:
    clean, dirty, manifest = planted
    rows_checked = 0
    for m in manifest:
        path, row = str(m["path"]), m["row"]
        if not isinstance(row, int) or not path.endswith(".csv") or path not in clean:
            continue
        if path not in m["changed"]:  # type: ignore[operator]
            # reported elsewhere than planted (a long table changed, the wide one reports it)
            assert dirty[path] == clean[path], m
            continue
        before = clean[path].decode().split("\n")
        after = dirty[path].decode().split("\n")
        differing = {i + 1 for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b}
        if len(after) > len(before):
            differing.add(len(before))
        assert differing == {row}, m
        header = after[0].split(",")
        assert m["field"] in header, m
        rows_checked += 1
    assert rows_checked >= 8


# --- the other four ballots --------------------------------------------------------------------

# Shared DOMAIN.md: national DPR votes per party (KPU decision 987), 139,971,260 valid votes.
DPR_PARTIES = {
    1: 13_570_097, 2: 17_594_839, 3: 27_053_961, 4: 17_229_789, 5: 12_661_792, 6: 702_536,
    7: 2_929_495, 8: 11_493_663, 9: 3_738_320, 10: 6_323_147, 11: 2_650_361, 12: 9_572_623,
    13: 2_161_507, 14: 10_876_507, 19: 1_099_848, 20: 312_775,
}  # fmt: skip
LAST_FORM = {"DPR": "DD1", "DPD": "DC1", "DPRD-PROV": "DC1", "DPRD-KAB-KOTA": "DB1"}
FORMS = ("C1", "DAA1", "DA1", "DB1", "DC1", "DD1")


def test_dd1_dpr_is_the_official_national_result() -> None:
    rows = read_csv(ROOT / "00_KPU_RI/PL.01.8/DD1-DPR/dd1-dpr-indonesia.csv")
    assert len(rows) == 34
    for party, votes in DPR_PARTIES.items():
        assert sum(int(r[f"partai_{party:02d}"]) for r in rows) == votes, party
    assert sum(int(r["suara_sah"]) for r in rows) == 139_971_260
    assert sum(int(r["suara_jumlah"]) for r in rows) == NATIONAL["suara_jumlah"]  # same voters


@pytest.mark.parametrize("ballot", sorted(LAST_FORM))
def test_every_ballot_from_c1_to_its_last_form(ballot: str) -> None:
    """One office with every form of the ballot up to DB1 (Kota Padang Panjang), and the
    province's DC1 and the national DD1 where the ballot has them; each with its long table."""
    last = FORMS.index(LAST_FORM[ballot])
    for form in FORMS[: last + 1]:
        folders = [p for p in ROOT.rglob(f"{form}-{ballot}") if p.is_dir()]
        assert folders, (form, ballot)
        names = {p.name for f in folders for p in f.iterdir()}
        if form != "DD1":
            assert any(n.endswith("-rinci.csv") for n in names), (form, ballot)
    for form in FORMS[last + 1 :]:  # the ballot has no such form
        assert not list(ROOT.rglob(f"{form}-{ballot}")), (form, ballot)


def test_every_ballot_has_the_same_voters_at_a_tps() -> None:
    """The five C1 tables of Kota Padang Panjang: the same TPS and the same DPT."""
    office = ROOT / SB / "1374_KPU_KOTA_PADANG_PANJANG/PL.01.8"
    dpt = {}
    for ballot in ("PPWP", *LAST_FORM):
        (table,) = [p for p in (office / f"C1-{ballot}").glob("*.csv") if "rinci" not in p.name]
        dpt[ballot] = {(r["kode_kelurahan"], r["no_tps"]): r["dpt_jumlah"] for r in read_csv(table)}
    assert len(dpt["PPWP"]) == 177
    assert all(v == dpt["PPWP"] for v in dpt.values())
