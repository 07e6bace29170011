"""config/ → Config: the shipped config loads; every kind of mistake names its file and key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from publisher.config import load_config
from publisher.errors import ConfigError

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def cfgdir(tmp_path: Path) -> Path:
    target = tmp_path / "config"
    shutil.copytree(REPO / "config", target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_shipped_config_loads() -> None:
    cfg = load_config(REPO / "config")
    assert cfg.defaults.language == "id"
    assert "PL.01.8" in cfg.tahapan
    assert cfg.jenis["DB1-PPWP"].schema == "rekap-ppwp.json"
    assert cfg.schema("c1-ppwp.json")["primaryKey"] == ["kode_kelurahan", "no_tps"]
    assert cfg.regions["13"].tingkat == "provinsi"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("PL.01.8", "PL.01.8"),
        ("PL 01.8", "PL.01.8"),
        ("PL.01.08", "PL.01.8"),
        ("PL.1.8", "PL.01.8"),
        ("pl-01-8", "PL.01.8"),
        ("Rekapitulasi", "PL.01.8"),
        ("rekapitulasi  hasil penghitungan suara", "PL.01.8"),
        ("PL.01.8_Rekapitulasi", "PL.01.8"),
        ("PL.01.10", "PL.01.10"),
        ("Pemutakhiran Data Pemilih", "PL.01.2"),
        ("PL.01.99", None),
        ("Lain-lain", None),
    ],
)
def test_stage_spellings(text: str, code: str | None) -> None:
    assert load_config(REPO / "config").resolve_tahapan(text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("DA1-PPWP", "DA1-PPWP"),
        ("DA1 PPWP", "DA1-PPWP"),
        ("da1-ppwp", "DA1-PPWP"),
        ("DA1_PPWP", "DA1-PPWP"),
        ("Model DA1-PPWP", "DA1-PPWP"),
        ("Rekap DPT", "DPT"),
        ("DA2-PPWP", None),
    ],
)
def test_document_type_spellings(text: str, code: str | None) -> None:
    assert load_config(REPO / "config").resolve_jenis(text) == code


def test_license_aliases() -> None:
    cfg = load_config(REPO / "config")
    assert cfg.resolve_license("CC-BY 4.0") == "cc-by"
    assert cfg.resolve_license("cc by 4.0") == "cc-by"
    assert cfg.resolve_license("Hak cipta dilindungi") is None


def test_unknown_key_names_file_and_path(cfgdir: Path) -> None:
    edit(cfgdir / "publisher.yaml", "  token_env: CKAN_API_TOKEN", "  token: abc\n  token_env: X")
    with pytest.raises(ConfigError) as err:
        load_config(cfgdir)
    assert "config/publisher.yaml: portal.token" in str(err.value)
    assert "kunci tidak dikenal" in str(err.value)
    assert "portal.token: unknown key" in err.value.text("en")


def test_wrong_type_names_key(cfgdir: Path) -> None:
    edit(cfgdir / "publisher.yaml", "year: 2019", "year: dua ribu")
    with pytest.raises(
        ConfigError, match=r"publisher.yaml: defaults.year: harus bilangan bulat"
    ) as caught:
        load_config(cfgdir)
    assert "defaults.year: must be a whole number" in caught.value.text("en")


def test_missing_required_key(cfgdir: Path) -> None:
    edit(cfgdir / "publisher.yaml", "  url: http://127.0.0.1:5000\n", "")
    with pytest.raises(ConfigError, match=r"portal.url: kunci wajib ini belum diisi") as caught:
        load_config(cfgdir)
    assert "portal.url: required key is missing" in caught.value.text("en")


def test_unknown_placeholder(cfgdir: Path) -> None:
    edit(cfgdir / "publisher.yaml", '-{tahun}"', '-{year}"')
    with pytest.raises(
        ConfigError, match=r"naming.dataset: penanda \{year\} tidak dikenal"
    ) as caught:
        load_config(cfgdir)
    assert "naming.dataset: unknown placeholder {year}" in caught.value.text("en")


def test_bad_yaml(cfgdir: Path) -> None:
    (cfgdir / "tahapan.yaml").write_text("tahapan: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"config/tahapan.yaml: bukan YAML yang sah") as caught:
        load_config(cfgdir)
    assert "config/tahapan.yaml: not valid YAML" in caught.value.text("en")


def test_type_with_unknown_stage(cfgdir: Path) -> None:
    edit(cfgdir / "jenis-dokumen.yaml", "tahapan: [PL.01.2]", "tahapan: [PL.01.77]")
    with pytest.raises(
        ConfigError, match=r"jenis_dokumen.DPT.tahapan: PL.01.77 bukan tahapan"
    ) as caught:
        load_config(cfgdir)
    assert "jenis_dokumen.DPT.tahapan: PL.01.77 is not a stage" in caught.value.text("en")


def test_type_with_missing_schema(cfgdir: Path) -> None:
    (cfgdir / "schemas" / "partai.json").unlink()
    with pytest.raises(
        ConfigError, match=r"jenis_dokumen.PARPOL.schema: berkas .*tidak ada"
    ) as caught:
        load_config(cfgdir)
    assert "jenis_dokumen.PARPOL.schema: no file" in caught.value.text("en")


def test_bad_region_code(cfgdir: Path) -> None:
    regions = cfgdir / "wilayah" / "wilayah-2017.csv"
    (cfgdir / "wilayah" / "wilayah-2017.json").unlink()  # an office's own reference
    with regions.open("a", encoding="utf-8") as fh:
        fh.write("1.3,1.3,SALAH,provinsi,,\n")
    with pytest.raises(ConfigError, match=r"wilayah-2017.csv: line 91187: kode"):
        load_config(cfgdir)


def test_the_shipped_reference_is_the_whole_country(cfgdir: Path) -> None:
    regions = load_config(cfgdir).regions
    by_length = {n: sum(1 for k in regions if len(k) == n) for n in (2, 4, 6, 10)}
    assert by_length == {2: 34, 4: 514, 6: 7201, 10: 83436}
    assert regions["3302"].nama == "KAB. BANYUMAS" and regions["3302"].kode_induk == "33"
    assert regions["8171"].nama == "KOTA AMBON" and regions["1375"].nama == "KOTA BUKITTINGGI"
    assert regions["1303"].kode_kpu_2019 == "13099"  # KPU's 2019 id, where known


@pytest.mark.parametrize("damage", ["truncate", "edit", "append"])
def test_a_damaged_reference_is_refused_at_load(cfgdir: Path, damage: str) -> None:
    regions = cfgdir / "wilayah" / "wilayah-2017.csv"
    data = regions.read_bytes()
    if damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "edit":
        data = data.replace(b"KAB. BANYUMAS", b"KAB. BANYUMASS")
    else:
        data += b"9999,99.99,BARU,kabupaten,99,\n"
    regions.write_bytes(data)
    with pytest.raises(ConfigError) as caught:
        load_config(cfgdir)
    text = caught.value.text("id")
    assert "wilayah-2017.csv" in text and "seharusnya 91185" in text
    assert "expected 91185" in caught.value.text("en")


def test_a_missing_reference_is_refused(cfgdir: Path) -> None:
    (cfgdir / "wilayah" / "wilayah-2017.csv").unlink()
    with pytest.raises(ConfigError, match=r"wilayah-2017\.csv: berkas referensi wilayah tidak"):
        load_config(cfgdir)


def test_nearest_regions_for_did_you_mean(cfgdir: Path) -> None:
    regions = load_config(cfgdir).regions
    assert regions.nearest("Kabupaten Banyumass", level=4)[0].kode == "3302"
    assert regions.nearest("3320", level=4)[0].kode == "3320"
    assert regions.nearest("33.92", level=4)[0].kode_induk == "33"
    assert [r.kode for r in regions.children("34")] == ["3401", "3402", "3403", "3404", "3471"]


def test_missing_config_dir(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"publisher\.yaml: berkas tidak ditemukan") as caught:
        load_config(tmp_path / "nowhere")
    assert "publisher.yaml: file not found" in caught.value.text("en")


# --- the five ballots ----------------------------------------------------------------------------

FORMS = ("C1", "DAA1", "DA1", "DB1", "DC1", "DD1")
LAST_FORM = {"PPWP": "DD1", "DPR": "DD1", "DPD": "DC1", "DPRD-PROV": "DC1", "DPRD-KAB-KOTA": "DB1"}
ROW_LEVEL = {"C1": "tps", "DAA1": "tps", "DA1": "desa/kelurahan", "DB1": "kecamatan",
             "DC1": "kabupaten/kota", "DD1": "provinsi"}  # fmt: skip


@pytest.mark.parametrize("ballot", sorted(LAST_FORM))
def test_every_form_of_every_ballot_is_a_type(ballot: str) -> None:
    """C1 … DD1 as far as the ballot's forms go, no further; each at its rows' level, with a
    wide and a long schema for the legislative ballots."""
    cfg = load_config(REPO / "config")
    last = FORMS.index(LAST_FORM[ballot])
    for i, form in enumerate(FORMS):
        code = f"{form}-{ballot}"
        if i > last:
            assert code not in cfg.jenis
            continue
        jenis = cfg.jenis[code]
        assert jenis.level("13") == ROW_LEVEL[form]
        assert len(jenis.schemas) == (1 if ballot == "PPWP" else 2)
        for name in jenis.schemas:
            cfg.schema(name)  # each is there and is JSON


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("C1 DPR RI", "C1-DPR"),
        ("Model DB1-DPD", "DB1-DPD"),
        ("DA1 DPRD Provinsi", "DA1-DPRD-PROV"),
        ("DC1.DPRD-PROV", "DC1-DPRD-PROV"),
        ("DB1 DPRD Kab/Kota", "DB1-DPRD-KAB-KOTA"),
        ("daa1_dprd_kabupaten_kota", "DAA1-DPRD-KAB-KOTA"),
        ("DC1 DPRD Kab Kota", None),  # DPRD Kab/Kota ends at DB1
        ("DD1 DPD", None),  # DPD ends at DC1
    ],
)
def test_ballot_type_spellings(text: str, code: str | None) -> None:
    assert load_config(REPO / "config").resolve_jenis(text) == code


@pytest.mark.parametrize(("office", "level"), [("00", "nasional"), ("13", "provinsi"),
                                               ("1303", "kabupaten/kota")])  # fmt: skip
def test_decisions_and_minutes_take_their_office_level(office: str, level: str) -> None:
    cfg = load_config(REPO / "config")
    assert cfg.jenis["SK"].level(office) == level
    assert cfg.jenis["BERITA-ACARA"].level(office) == level
    assert cfg.jenis["DPT"].level(office) == "kecamatan"  # a table's level is its rows'


def test_shipped_dapil_list_is_in_the_region_reference() -> None:
    cfg = load_config(REPO / "config")
    assert cfg.dapils.items
    for d in cfg.dapils.items:
        for code in d.wilayah:
            assert code in cfg.regions, (d.nama, code)
    # the 2019 seats of the provinces listed: DPR Sumatera Barat 14, DI Yogyakarta 8, Kalimantan
    # Barat 12; DPRD Provinsi 65 each in Sumatera Barat and Kalimantan Barat
    seats: dict[tuple[str, str], int] = {}
    covered: dict[tuple[str, str], list[str]] = {}
    for d in cfg.dapils.items:
        key = (d.lembaga, d.wilayah[0][:2])
        seats[key] = seats.get(key, 0) + d.kursi
        covered.setdefault(key, []).extend(d.wilayah)
    assert seats == {
        ("DPR", "13"): 14,
        ("DPR", "34"): 8,
        ("DPR", "61"): 12,
        ("DPRD-PROV", "13"): 65,
        ("DPRD-PROV", "61"): 65,
    }
    # each DPRD Provinsi list covers every kab/kota of its province, each once
    for prov in ("13", "61"):
        kabkota = sorted(k for k in cfg.regions if len(k) == 4 and k.startswith(prov))
        assert sorted(covered[("DPRD-PROV", prov)]) == kabkota, prov


@pytest.mark.parametrize(
    ("line", "key", "says"),
    [
        ("DPRD,1,X,3,13", "[2] lembaga", "harus salah satu dari"),
        ("DPR,1,X,nol,13", "[2] kursi", "harus bilangan bulat"),
        ("DPR,1,X,3,13.03.1", "[2] wilayah", "bukan kode provinsi"),
        # a repeat is reported where it repeats: the shipped line after the new one
        ("DPR,13-1,LAIN,3,13", "[3] nama_dapil", "kode atau nama dapil sudah dipakai di baris 2"),
        ("DPR,9,LAIN,3,1303", "[3] wilayah", "wilayah 1303 juga ada di dapil LAIN"),
    ],
)
def test_dapil_list_format_checked(cfgdir: Path, line: str, key: str, says: str) -> None:
    path = cfgdir / "dapil" / "dapil-2019.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0], line, *lines[1:]]) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(cfgdir)
    assert f"config/dapil/dapil-2019.csv: {key}: {says}" in caught.value.text("id")
    assert "format: config/dapil/README.md" in caught.value.text("en")


@pytest.mark.parametrize(
    ("text", "code", "stage", "tabular"),
    [
        ("Daerah Pemilihan", "DAPIL", "PL.01.3", True),
        ("Daftar Calon Tetap DPD", "DCT-DPD", "PL.01.5", True),
        ("LPPDK", "DANA-KAMPANYE", "PL.01.7", True),
        ("Calon Terpilih", "CALON-TERPILIH", "PL.01.9", True),
        ("Partisipasi Pemilih", "PARTISIPASI", "PL.01.8", True),
        ("Logistik", "LOGISTIK", "PL.01.8", True),
        ("PPK PPS KPPS", "BADAN-ADHOC", "PL.01.8", True),
        ("Putusan MK", "PHPU", "PY.01.1", False),
    ],
)
def test_the_portals_other_families_are_types(
    text: str, code: str, stage: str, tabular: bool
) -> None:
    cfg = load_config(REPO / "config")
    assert cfg.resolve_jenis(text) == code
    jenis = cfg.jenis[code]
    assert stage in jenis.tahapan
    assert bool(jenis.schemas) == tabular
    for name in jenis.schemas:
        schema = cfg.schema(name)
        labels = " ".join(f["name"] for f in schema["fields"]).lower()
        assert "nik" not in labels.split()  # aggregates and names only, never an id number
