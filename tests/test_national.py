"""Every office of the country with the shipped config: one office per province (KIP in Aceh),
every province, KPU RI — drawn from the national generator, not shaped by hand.

A correct tree validates clean; a near miss in an office, stage or type folder gets "did you
mean …?"; an office under another province is an error naming both; one changed number is found.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))

from kpugen.national import national  # noqa: E402

from publisher.config import load_config  # noqa: E402


def publisher(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "publisher", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )


def write(files: dict[str, bytes], root: Path) -> Path:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


@pytest.fixture(scope="module")
def country(tmp_path_factory: pytest.TempPathFactory) -> Path:
    regions = load_config(REPO / "config").regions
    files = national(regions, "per-province:1", ballots=("PPWP",))  # the other four: below
    root = write(files, tmp_path_factory.mktemp("n") / "dp")
    done = publisher("build", str(root))
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr
    return root


def report(root: Path) -> tuple[int, dict[str, object]]:
    done = publisher("validate", str(root), "--format", "json")
    return done.returncode, json.loads(done.stdout)


def problems(data: dict[str, object]) -> list[dict[str, object]]:
    found: list[dict[str, object]] = list(data.get("folders") or [])  # type: ignore[arg-type]
    for pkg in data["packages"]:  # type: ignore[attr-defined]
        found += pkg["problems"]
        for res in pkg["resources"]:
            found += res["problems"]
    return found + list(data.get("cross") or [])  # type: ignore[arg-type]


def test_one_office_per_province_validates_clean(country: Path) -> None:
    offices = sorted(p.name for p in country.iterdir())
    assert len(offices) == 35 and offices[0] == "00_KPU_RI" and "11_KIP_ACEH" in offices
    kabs = [p for p in country.glob("*/*_K[IP][PU]_*") if p.name[:4].isdigit()]
    assert len(kabs) == 34 and any(p.name.startswith("1101_KIP_") for p in kabs)
    code, data = report(country)
    assert code == 0, [p for p in problems(data) if p["severity"] != "info"][:10]
    assert [p for p in problems(data) if p["severity"] != "info"] == []
    assert data["summary"]["packages"] == 1 + 34 + 34 * 3  # type: ignore[index]


def test_a_changed_number_is_found_across_levels(country: Path, tmp_path: Path) -> None:
    root = tmp_path / "dp"
    shutil.copytree(country, root)
    [db1] = root.glob("33_*/3301_*/PL.01.8/DB1-PPWP/*.csv")
    lines = db1.read_text().splitlines()
    cells = lines[1].split(",")
    cells[-4] = str(int(cells[-4]) + 7)  # suara_01 of the first kecamatan
    cells[-2] = str(int(cells[-2]) + 7)  # and its suara_sah: the row itself still adds up
    cells[-1] = str(int(cells[-1]) + 7)
    db1.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n")
    assert publisher("build", str(root)).returncode == 0
    code, data = report(root)
    codes = {p["code"] for p in problems(data) if p["severity"] == "error"}
    assert code == 1 and "level-mismatch" in codes, codes


@pytest.mark.parametrize(
    ("old", "new", "code", "words"),
    [
        ("3301_KPU_KAB_CILACAP", "3301_KPU_KOTA_CILACAP", "layout-unit-name", "KAB. CILACAP"),
        ("3301_KPU_KAB_CILACAP", "3301_KPU_KAB_CILACAPP", "layout-unit-name", "KAB. CILACAP"),
        ("3301_KPU_KAB_CILACAP", "3391_KPU_KAB_CILACAP", "layout-unit-unknown-region", "3301"),
    ],
)
def test_office_names_are_checked_with_did_you_mean(
    country: Path, tmp_path: Path, old: str, new: str, code: str, words: str
) -> None:
    root = tmp_path / "dp"
    shutil.copytree(country, root)
    [folder] = root.glob(f"33_*/{old}")
    folder.rename(folder.with_name(new))
    done = publisher("scan", str(root), "--format", "json")
    found = [p for p in json.loads(done.stdout)["problems"] if p["code"] == code]
    assert found, done.stdout[-1500:]
    assert words in found[0]["message"] + found[0]["fix"], found[0]


def test_folded_spellings_of_an_office_are_fine(country: Path, tmp_path: Path) -> None:
    root = tmp_path / "dp"
    shutil.copytree(country, root)
    [folder] = root.glob("33_*/3301_KPU_KAB_CILACAP")
    folder.rename(folder.with_name("3301_KPU_Kabupaten_Cilacap"))
    done = publisher("scan", str(root), "--format", "json")
    assert not [
        p for p in json.loads(done.stdout)["problems"] if p["code"].startswith("layout-unit")
    ]


def test_an_office_under_another_province_names_both(country: Path, tmp_path: Path) -> None:
    root = tmp_path / "dp"
    shutil.copytree(country, root)
    [folder] = root.glob("33_*/3301_KPU_KAB_CILACAP")
    [other] = root.glob("13_*")
    folder.rename(other / folder.name)
    done = publisher("scan", str(root), "--format", "json")
    [found] = [
        p for p in json.loads(done.stdout)["problems"] if p["code"] == "layout-unit-misfiled"
    ]
    assert "SUMATERA BARAT" in found["message"] and "33 JAWA TENGAH" in found["message"]
    assert found["severity"] == "error"


@pytest.mark.parametrize(
    ("level", "name", "suggestion"),
    [("stage", "LP.01.8", "PL.01.8"), ("type", "DB1-PPWPP", "DB1-PPWP")],
)
def test_near_miss_stage_and_type_get_did_you_mean(
    country: Path, tmp_path: Path, level: str, name: str, suggestion: str
) -> None:
    root = tmp_path / "dp"
    shutil.copytree(country, root)
    [kab] = root.glob("33_*/3301_*")
    target = kab / "PL.01.8" if level == "stage" else kab / "PL.01.8" / "DB1-PPWP"
    target.rename(target.with_name(name))
    done = publisher("scan", str(root), "--format", "json")
    code = "layout-stage-unknown" if level == "stage" else "layout-type-unknown"
    [found] = [p for p in json.loads(done.stdout)["problems"] if p["code"] == code]
    assert f"Maksud Anda {suggestion}?" in found["message"], found


def test_the_generator_is_deterministic_and_shares_agree() -> None:
    regions = load_config(REPO / "config").regions
    province = national(regions, "11", ballots=("PPWP",))
    again = national(regions, "11", ballots=("PPWP",))
    assert province == again
    sample = national(regions, "per-province:1", ballots=("PPWP",))
    kab = "11_KIP_ACEH/1101_KIP_KAB_ACEH_SELATAN/"
    mine = {k: v for k, v in sample.items() if k.startswith(kab)}
    assert mine and mine == {k: v for k, v in province.items() if k.startswith(kab)}
    assert (
        sample["00_KPU_RI/PL.01.8/DD1-PPWP/dd1-ppwp-nasional.csv"]
        == province["00_KPU_RI/PL.01.8/DD1-PPWP/dd1-ppwp-nasional.csv"]
    )


def test_an_unknown_code_in_a_table_gets_the_nearest(country: Path, tmp_path: Path) -> None:
    """A desa code mistyped in a DA1 table: the region named as the row says, one level down
    from the same kecamatan, is offered."""
    root = tmp_path / "dp"
    shutil.copytree(country, root)
    da1 = sorted(root.glob("33_*/3301_*/PL.01.8/DA1-PPWP/*.csv"))[0]
    lines = da1.read_text().splitlines()
    cells = lines[1].split(",")
    good = cells[0]
    cells[0] = good[:6] + "9" + good[7:]  # 3301012001 → 3301019001: not in the reference
    da1.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n")
    assert publisher("build", str(root)).returncode == 0
    _, data = report(root)
    [found] = [p for p in problems(data) if p["code"] == "region-unknown"]
    assert f"{good} ({cells[1]})" in found["fix"], found


def test_no_progress_bar_when_stderr_is_not_a_terminal(country: Path) -> None:
    done = publisher("validate", str(country))
    assert done.returncode == 0 and done.stderr == ""
    from publisher.build import build_tree

    seen: list[int] = []
    ticks: list[int] = []

    def start(total: int):  # type: ignore[no-untyped-def]
        seen.append(total)
        return lambda: ticks.append(1)

    result = build_tree(country, load_config(REPO / "config"), progress=start)
    assert seen == [len(result.leaves)] and len(ticks) == len(result.leaves) == 137


def test_an_unchanged_tree_is_not_checked_again(
    country: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second validate of an unchanged tree reuses every verdict (`_build/validation.json`);
    a changed file, another machine's key, a forged cache or --no-cache check it again."""
    from publisher.validate import package as package_lib

    root = tmp_path / "dp"
    shutil.copytree(country, root)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-a"))
    config = load_config(REPO / "config")
    calls: list[Path] = []
    real = package_lib.check_package

    def counted(path: Path, *args: object, **kwargs: object) -> object:
        calls.append(path)
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(package_lib, "check_package", counted)
    first = package_lib.validate_paths([root], config)
    assert len(calls) == 137 and first.valid
    calls.clear()
    again = package_lib.validate_paths([root], config)
    summary = {k: v for k, v in again.to_dict("id")["summary"].items() if k != "seconds"}
    assert calls == [] and summary == {
        k: v for k, v in first.to_dict("id")["summary"].items() if k != "seconds"
    }
    assert [p.to_dict("id") for p in again.packages] == [p.to_dict("id") for p in first.packages]
    # a changed number: that package (only) is checked again, and the change is found
    [db1] = root.glob("33_*/3301_*/PL.01.8/DB1-PPWP/*.csv")
    lines = db1.read_text().splitlines()
    cells = lines[1].split(",")
    cells[-1] = str(int(cells[-1]) + 1)
    db1.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n")
    third = package_lib.validate_paths([root], config)
    assert [p.parent.name for p in calls] == ["DB1-PPWP"] and not third.valid
    # a forged "valid" verdict: written by hand, it never matches this machine's key
    cache = db1.parent / "_build" / "validation.json"
    forged = json.loads(cache.read_text())
    forged["report"]["resources"][0]["problems"] = []
    forged["key"] = "0" * 64
    cache.write_text(json.dumps(forged))
    calls.clear()
    assert not package_lib.validate_paths([root], config).valid and len(calls) == 1
    # another machine (another key): everything is checked
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-b"))
    calls.clear()
    package_lib.validate_paths([root], config)
    assert len(calls) == 137
    calls.clear()
    package_lib.validate_paths([root], config, package_lib.Options(cache=False))
    assert len(calls) == 137


# --- the five ballots --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ballots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """All five ballots of Kota Banda Aceh (Aceh's local parties on its DPRD ballots) and Kota
    Tarakan, with their provinces and KPU RI, built."""
    regions = load_config(REPO / "config").regions
    files = national(regions, "1171") | national(regions, "6571")
    root = write(files, tmp_path_factory.mktemp("b") / "dp")
    done = publisher("build", str(root))
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr
    return root


def test_all_five_ballots_validate_clean(ballots: Path) -> None:
    for kab in ("11_KIP_ACEH/1171_*", "65_*/6571_*"):
        [office] = ballots.glob(kab)
        forms = {p.name for p in (office / "PL.01.8").iterdir()}
        assert forms == {f"{f}-{b}" for f in ("C1", "DA1", "DB1")
                         for b in ("PPWP", "DPR", "DPD", "DPRD-PROV", "DPRD-KAB-KOTA")}  # fmt: skip
    assert {p.name for p in (ballots / "00_KPU_RI" / "PL.01.8").iterdir()} == {
        "DD1-PPWP",
        "DD1-DPR",
    }
    [aceh] = ballots.glob("11_*/1171_*/PL.01.8/C1-DPRD-PROV/*-rinci.csv")
    assert ",15,Partai Aceh," in aceh.read_text(encoding="utf-8")
    [tarakan] = ballots.glob("65_*/6571_*/PL.01.8/C1-DPRD-PROV/*-rinci.csv")
    assert ",Partai Aceh," not in tarakan.read_text(encoding="utf-8")
    code, data = report(ballots)
    assert code == 0, [p for p in problems(data) if p["severity"] != "info"][:10]


def test_a_changed_candidate_is_found_against_its_party_total(
    ballots: Path, tmp_path: Path
) -> None:
    root = tmp_path / "dp"
    shutil.copytree(ballots, root)
    [long] = root.glob("11_*/1171_*/PL.01.8/C1-DPRD-KAB-KOTA/*-rinci.csv")
    lines = long.read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(lines) if ",15,Partai Aceh,1," in line)
    cells = lines[row].split(",")
    cells[-1] = str(int(cells[-1]) + 4)
    lines[row] = ",".join(cells)
    long.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert publisher("build", str(root)).returncode == 0
    code, data = report(root)
    errors = [p for p in problems(data) if p["severity"] == "error"]
    assert code == 1
    assert {(p["code"], p["field"]) for p in errors} == {("breakdown-mismatch", "partai_15")}
    assert errors[0]["path"].endswith("c1-dprd-kab-kota-kota-banda-aceh.csv")  # the wide table
