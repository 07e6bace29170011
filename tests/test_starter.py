"""`publisher init`: a new office's folder for every ballot it recaps, for offices across the
whole reference (not only the bundled six), each narrative one the reader accepts."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher import offices, starter
from publisher.cli import cli
from publisher.config import Config, load_config
from publisher.errors import InputError
from publisher.narrative import read

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def real_config() -> Config:
    return load_config(REPO / "config")


def _spread(config: Config, digits: int, count: int) -> list[str]:
    """`count` codes of `digits` digits spread over the whole reference (first to last)."""
    codes = sorted(k for k in config.regions if len(k) == digits and k.isdigit())
    step = max(1, len(codes) // count)
    return codes[::step][:count]


@pytest.mark.parametrize(("digits", "forms"), [(4, 5), (2, 4), (0, 2)])
def test_every_ballot_the_office_recaps(
    tmp_path: Path, real_config: Config, digits: int, forms: int
) -> None:
    codes = [offices.NATIONAL] if digits == 0 else _spread(real_config, digits, 4)
    recap = {4: "DB1", 2: "DC1", 0: "DD1"}[digits]
    for kode in codes:
        started = starter.init_office(tmp_path / kode, kode, real_config)
        assert len(started.narratives) == forms, kode
        for path in started.narratives:
            form = path.parent.name
            assert form.startswith(f"{recap}-") and path.name == f"NARASI_{form}.txt"
            assert real_config.resolve_jenis(form) == form  # a type the config knows
            result = read(path, real_config)
            # the one thing left to the steward: listing the files under Berkas
            left = [(p.severity, p.field) for p in result.problems]
            assert left == [("error", "Berkas")], (kode, form, left)
            narrative = result.narrative
            assert narrative is not None
            assert narrative.values["Unit Kerja"] == offices.unit(real_config.regions, kode)
            assert narrative.values["Jenis Dokumen"] == form
        readme = started.readme.read_text(encoding="utf-8")
        assert all(
            p.parent.relative_to(tmp_path / kode).as_posix() in readme for p in started.narratives
        )


def test_one_ballot_and_a_ballot_the_office_does_not_recap(
    tmp_path: Path, real_config: Config
) -> None:
    only = starter.init_office(tmp_path / "a", "6472", real_config, ["dpd"])
    assert [p.parent.name for p in only.narratives] == ["DB1-DPD"]
    with pytest.raises(InputError, match="DPRD-KAB-KOTA") as refused:
        starter.init_office(tmp_path / "b", "64", real_config, ["DPRD-KAB-KOTA"])
    assert "DPRD-PROV" in refused.value.text("id")  # what can be chosen there
    assert not (tmp_path / "b").exists()  # nothing written


def test_the_command(tmp_path: Path) -> None:
    runner = CliRunner()
    done = runner.invoke(cli, ["init", str(tmp_path / "k"), "--office", "1303", "--ballot", "DPR"])
    assert done.exit_code == 0, done.output
    assert done.output.count("NARASI_") == 1 and "DB1-DPR" in done.output
    again = runner.invoke(cli, ["init", str(tmp_path / "k"), "--office", "1303"])
    assert isinstance(again.exception, InputError) and "sudah ada" in again.exception.text("id")
    wrong = runner.invoke(cli, ["init", str(tmp_path / "x"), "--office", "1303", "--ballot", "X"])
    assert wrong.exit_code == 2
