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
