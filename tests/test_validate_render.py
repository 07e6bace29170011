"""Every output format of a validation report: text, JSON, JUnit, GitHub annotations, Markdown."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from publisher.config import Config
from publisher.validate import FORMATS, Report, render, validate_paths, write_step_summary
from tests.test_validate_equivalence import REGIONS, SMALL_SCHEMA, make_config, write_package


@pytest.fixture
def report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Report:
    config: Config = make_config(tmp_path / "config", REGIONS)
    rows = [
        ["kode", "nama", "a", "b", "jumlah"],
        ["1303", "satu", "10", "1", "11"],
        ["1304", "dua|pipa", "1.234", "1", "2"],  # type error (and a pipe for Markdown)
        ["1305", "tiga", "5", "1", "7"],  # rule broken
    ]
    tree = tmp_path / "tree"
    write_package(tree / "a", {"t.csv": rows}, SMALL_SCHEMA)
    write_package(tree / "b", {"ok.csv": rows[:2]}, SMALL_SCHEMA)
    monkeypatch.chdir(tmp_path)
    return validate_paths([Path("tree")], config)


def test_json_parses_with_the_documented_shape(report: Report) -> None:
    data = json.loads(render(report, "json", "en"))
    assert data["version"] == 1
    assert data["valid"] is False and data["exit_code"] == 1
    assert set(data["summary"]) == {
        "packages", "blocked", "resources", "rows", "errors", "warnings", "seconds",
    }  # fmt: skip
    pkg = data["packages"][0]
    assert set(pkg) >= {"path", "name", "valid", "blocked", "problems", "resources"}
    problem = pkg["resources"][0]["problems"][0]
    assert set(problem) == {
        "code", "severity", "path", "row", "field", "value", "params", "message", "fix",
    }  # fmt: skip
    assert problem["path"] == "tree/a/t.csv"
    assert (problem["row"], problem["field"], problem["code"]) == (3, "a", "type-error")
    assert data["packages"][1]["valid"] is True


def test_junit_is_valid_xml_with_a_failure_per_bad_file(report: Report) -> None:
    root = ET.fromstring(render(report, "junit", "en"))
    assert root.tag == "testsuites"
    failures = root.findall(".//testcase/failure")
    assert len(failures) == 1 and int(root.get("failures", "0")) == 1
    assert "type-error" in (failures[0].get("type") or "")
    assert "Row 3" in (failures[0].text or "")
    assert len(root.findall(".//testcase")) == 4  # two descriptors, two files


def test_github_annotations_carry_file_and_line(report: Report) -> None:
    lines = render(report, "github", "en").splitlines()
    annotations = [line for line in lines if line.startswith("::error ")]
    assert len(annotations) == 2
    assert annotations[0].startswith("::error file=tree/a/t.csv,line=3,title=type-error a::")
    assert "line=4" in annotations[1] and "rule-sum" in annotations[1]
    assert not any("\n" in a for a in annotations)


def test_step_summary_is_appended_when_the_variable_is_set(report: Report, tmp_path: Path) -> None:
    target = tmp_path / "summary.md"
    target.write_text("before\n", encoding="utf-8")
    assert write_step_summary(report, "en", {"GITHUB_STEP_SUMMARY": str(target)}) == target
    text = target.read_text(encoding="utf-8")
    assert text.startswith("before\n## publisher validate")
    assert "dua\\|pipa" in text or "1.234" in text
    assert write_step_summary(report, "en", {}) is None


def test_markdown_and_text_in_both_languages(report: Report) -> None:
    md = render(report, "markdown", "en")
    assert "| Row | Field | Value | Problem | What to do |" in md
    text_en = render(report, "text", "en")
    text_id = render(report, "text", "id")
    assert "Row 3, column a: '1.234' is not a valid integer." in text_en
    assert "Baris 3, kolom a: '1.234' bukan integer yang sah." in text_id
    assert "→ Tulis bilangan bulat" in text_id
    assert text_en.splitlines()[-1].endswith("INVALID")


def test_every_format_renders_and_unknown_is_refused(report: Report) -> None:
    for fmt in FORMATS:
        assert render(report, fmt, "id")
    with pytest.raises(ValueError, match="unknown format"):
        render(report, "yaml", "id")


def test_every_validation_code_has_both_languages_and_fills_its_texts(report: Report) -> None:
    from publisher.problems import CATALOGUE
    from publisher.validate import messages

    codes = set(messages.FRICTIONLESS_CODES) | {
        "rule-sum", "rule-compare", "total-mismatch", "level-mismatch", "region-unknown",
        "region-name", "personal-data", "package-invalid", "schema-unsupported",
        "problems-truncated",
    }  # fmt: skip
    for code in codes:
        text = CATALOGUE[code]
        assert text.id and text.en, code
    for problem in report.problems():
        for lang in ("id", "en"):
            assert "{" not in problem.message(lang) and "{" not in problem.fix(lang)


def test_paths_are_shown_only_when_rendered(tmp_path: Path) -> None:
    """A report holds paths relative to the collection root; `Shown` makes the ones printed:
    the root's own name first, or from a folder below the root, or under the root as given."""
    from publisher.problems import Problem
    from publisher.validate import PackageReport, ResourceReport
    from publisher.validate.model import Shown

    root = tmp_path / "datapackages"
    (root / "13_X" / "PL.01.8").mkdir(parents=True)
    assert Shown.of(root, tmp_path).path("13_X/a.csv") == "datapackages/13_X/a.csv"
    assert Shown.of(root, root).path("13_X/a.csv") == "13_X/a.csv"
    below = Shown.of(root, root / "13_X")  # `validate datapackages/13_X/PL.01.8`
    assert below.path("13_X/PL.01.8/a.csv") == "PL.01.8/a.csv"
    assert below.path("00_KPU_RI/a.csv") == f"{root.as_posix()}/00_KPU_RI/a.csv"
    apart = Shown.of(Path("foo/.."), Path("foo"))
    assert apart.path("13_X/a.csv") == "foo/../13_X/a.csv"
    shown = Shown.of(root, tmp_path)
    level = Problem.make(
        "level-mismatch", "13_X/t.csv", field="a", value=1, kode="13", expected=2,
        other_path="13_X/up.csv", other_row=2,
    )  # fmt: skip
    placed = shown.problem(level)
    assert placed.path == "datapackages/13_X/t.csv"
    assert dict(placed.params)["other_path"] == "datapackages/13_X/up.csv"
    assert "datapackages/13_X/up.csv" in placed.message("en")
    remote = ResourceReport(name="r", path="http://x/y.csv", outside=True)
    remote.problems = [Problem.make("schema-unsupported", "http://x/y.csv", feature="remote")]
    pkg = PackageReport(path="13_X/datapackage.json", name="p", resources=[remote], shown=shown)
    data = pkg.to_dict("en")
    assert data["path"] == "datapackages/13_X/datapackage.json"
    assert data["resources"][0]["path"] == "http://x/y.csv"  # a declared path: as it is
    assert data["resources"][0]["problems"][0]["path"] == "http://x/y.csv"
    assert pkg.path == "13_X/datapackage.json" and pkg.folder == "13_X"
    github = render(Report(packages=[pkg]), "github", "en")
    assert "file=http%3A//x/y.csv" in github
