"""narrative.read: both forms give the same value; each kind of problem names the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.config import Config
from publisher.narrative import check_files, parse_contact, read
from tests.fixtures import DESCRIPTION, narrative_md, narrative_txt


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_both_forms_give_the_same_narrative(tmp_path: Path, config: Config) -> None:
    txt = read(write(tmp_path, "NARASI_DB1-PPWP.txt", narrative_txt()), config)
    md = read(write(tmp_path, "narasi.md", narrative_md()), config)
    assert txt.ok and md.ok, (txt.problems, md.problems)
    assert txt.problems == () and md.problems == ()
    assert txt.narrative is not None and md.narrative is not None
    assert txt.narrative.values == md.narrative.values
    narr = txt.narrative
    assert narr.judul.startswith("Rekapitulasi Suara Pilpres 2019")
    assert narr.deskripsi == DESCRIPTION
    assert narr.tags == ("pemilu 2019", "pilpres", "rekapitulasi")
    assert narr.tahun == 2019 and narr.license_id == "cc-by"
    assert narr.contact is not None and narr.contact.email == "ppid@sijunjung.kpu.go.id"
    assert (txt.narrative.berkas, md.narrative.berkas) == (("rekap.csv",), ("rekap.csv",))


def test_keys_are_matched_loosely_and_lists_continue(tmp_path: Path, config: Config) -> None:
    text = narrative_txt(Berkas="").replace("Judul:", "JUDUL :").replace("Berkas: ", "Berkas:")
    text = text.replace("Berkas:\n", "Berkas:\n- rekap.csv\n- scan.pdf\n")
    result = read(write(tmp_path, "NARASI.txt", text), config)
    assert result.narrative is not None
    assert result.narrative.berkas == ("rekap.csv", "scan.pdf")
    assert result.narrative.judul


def test_missing_keys_are_one_error_naming_them(tmp_path: Path, config: Config) -> None:
    path = write(tmp_path, "NARASI.txt", narrative_txt(drop=("Lisensi", "Judul")))
    result = read(path, config, shown="x/NARASI.txt")
    [problem] = [p for p in result.problems if p.code == "narrative-missing-key"]
    assert problem.severity == "error" and problem.path == "x/NARASI.txt"
    assert "Judul, Lisensi" in problem.message("id")
    assert not result.ok


def test_description_runs_to_the_end(tmp_path: Path, config: Config) -> None:
    text = narrative_txt() + "Catatan: baris ini bagian dari deskripsi.\n"
    result = read(write(tmp_path, "NARASI.txt", text), config)
    assert result.narrative is not None
    assert result.narrative.deskripsi.endswith("Catatan: baris ini bagian dari deskripsi.")
    assert not [p for p in result.problems if p.code == "narrative-unknown-key"]


def test_warnings_and_errors(tmp_path: Path, config: Config) -> None:
    text = narrative_txt(
        Judul="J" * 150,
        Tag="a, satu, dua, tiga, empat, lima",
        Lisensi="Hak cipta dilindungi",
        Tahun="19",
    ).replace("Sumber:", "Warna: merah\nSumber:")
    result = read(write(tmp_path, "NARASI.txt", text), config)
    found = {p.code: p for p in result.problems}
    assert found["narrative-title-long"].severity == "warning"
    assert found["narrative-bad-tag"].severity == "warning"  # "a" is too short
    assert found["narrative-too-many-tags"].severity == "warning"
    assert found["narrative-license-unknown"].severity == "error"
    assert "cc-by" in found["narrative-license-unknown"].fix("en")
    assert found["narrative-year"].severity == "error"
    assert found["narrative-unknown-key"].severity == "warning"
    assert result.narrative is not None and len(result.narrative.tags) == config.narrative.max_tags


def test_windows_1252_is_read_with_a_warning(tmp_path: Path, config: Config) -> None:
    text = narrative_txt(Cakupan_Wilayah="Kabupaten Sijunjung – Sumatera Barat")
    result = read(write(tmp_path, "NARASI.txt", text, "cp1252"), config)
    assert [p.code for p in result.problems] == ["narrative-encoding"]
    assert result.narrative is not None
    assert result.narrative.get("Cakupan Wilayah").endswith("– Sumatera Barat")


def test_unreadable_and_bad_front_matter(tmp_path: Path, config: Config) -> None:
    empty = read(write(tmp_path, "NARASI.txt", "  \n"), config)
    assert [p.code for p in empty.problems] == ["narrative-unreadable"]
    assert empty.narrative is None
    bad = read(write(tmp_path, "narasi.md", "---\nJudul: [tidak ditutup\n---\nisi\n"), config)
    assert [p.code for p in bad.problems] == ["narrative-front-matter"]
    none = read(write(tmp_path, "narasi2.md", "# Judul saja\n"), config)
    assert [p.code for p in none.problems] == ["narrative-front-matter"]


def test_listed_and_present_files(tmp_path: Path, config: Config) -> None:
    text = narrative_txt(Berkas="rekap.csv, hilang.pdf")
    result = read(write(tmp_path, "NARASI.txt", text), config)
    problems = check_files(result, ["rekap.csv", "lain.xlsx"], shown="n")
    assert {(p.code, dict(p.params)["file"]) for p in problems} == {
        ("narrative-file-absent", "hilang.pdf"),
        ("narrative-file-unlisted", "lain.xlsx"),
    }


def test_contacts() -> None:
    assert parse_contact("PPID <ppid@kpu.go.id>") == parse_contact("PPID, ppid@kpu.go.id")
    contact = parse_contact("Bagian Teknis")
    assert contact is not None and contact.email == ""
    assert parse_contact("") is None


@pytest.mark.parametrize(
    ("written", "iso", "code"),
    [
        ("2019-05-21", "2019-05-21", None),
        ("21-05-2019", "2019-05-21", None),
        ("21/5/2019", "2019-05-21", None),
        ("21 Mei 2019", "2019-05-21", None),
        ("4 Agustus 2019", "2019-08-04", None),
        ("43589", "2019-05-04", "narrative-date-serial"),
        ("31-02-2019", None, "narrative-date"),
        ("kemarin", None, "narrative-date"),
    ],
)
def test_tanggal_penetapan(
    tmp_path: Path, config: Config, written: str, iso: str | None, code: str | None
) -> None:
    path = write(tmp_path, "NARASI.txt", narrative_txt(Tanggal_Penetapan=written))
    result = read(path, config)
    assert result.narrative is not None and result.narrative.tanggal == iso
    assert [p.code for p in result.problems] == ([code] if code else [])
    assert all(p.severity == "warning" for p in result.problems)
