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
    assert "unknown key" in str(err.value)


def test_wrong_type_names_key(cfgdir: Path) -> None:
    edit(cfgdir / "publisher.yaml", "year: 2019", "year: dua ribu")
    with pytest.raises(ConfigError, match=r"publisher.yaml: defaults.year: must be a whole number"):
        load_config(cfgdir)


def test_missing_required_key(cfgdir: Path) -> None:
    edit(cfgdir / "publisher.yaml", "  url: http://127.0.0.1:5000\n", "")
    with pytest.raises(ConfigError, match=r"portal.url: required key is missing"):
        load_config(cfgdir)


def test_unknown_placeholder(cfgdir: Path) -> None:
    edit(cfgdir / "publisher.yaml", '-{tahun}"', '-{year}"')
    with pytest.raises(ConfigError, match=r"naming.dataset: unknown placeholder \{year\}"):
        load_config(cfgdir)


def test_bad_yaml(cfgdir: Path) -> None:
    (cfgdir / "tahapan.yaml").write_text("tahapan: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"config/tahapan.yaml: not valid YAML"):
        load_config(cfgdir)


def test_type_with_unknown_stage(cfgdir: Path) -> None:
    edit(cfgdir / "jenis-dokumen.yaml", "tahapan: [PL.01.2]", "tahapan: [PL.01.77]")
    with pytest.raises(ConfigError, match=r"jenis_dokumen.DPT.tahapan: PL.01.77 is not a stage"):
        load_config(cfgdir)


def test_type_with_missing_schema(cfgdir: Path) -> None:
    (cfgdir / "schemas" / "partai.json").unlink()
    with pytest.raises(ConfigError, match=r"jenis_dokumen.PARPOL.schema: no file"):
        load_config(cfgdir)


def test_bad_region_code(cfgdir: Path) -> None:
    regions = cfgdir / "wilayah" / "wilayah-2017.csv"
    with regions.open("a", encoding="utf-8") as fh:
        fh.write("1.3,1.3,SALAH,provinsi,,\n")
    with pytest.raises(ConfigError, match=r"wilayah-2017.csv: line \d+: kode"):
        load_config(cfgdir)


def test_missing_config_dir(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"publisher\.yaml: file not found"):
        load_config(tmp_path / "nowhere")
