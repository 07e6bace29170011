"""The CI conventions work as a publishing repository uses them, in a temporary git repository:
the pre-commit hook's command (from `.pre-commit-hooks.yaml`) builds what changed and validates
it — in a fresh repository without a commit too — and the GitHub workflow's command (from
`.github/workflows/validate.yml`) annotates the file a steward edits (the workbook, not the
git-ignored `_build/` CSV) and writes the job summary, whatever build found."""

from __future__ import annotations

import io
import os
import shlex
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
import yaml

from publisher.cli import main

REPO = Path(__file__).resolve().parents[1]
DB1 = "13_KPU_PROV_SUMATERA_BARAT/1303_KPU_KAB_SIJUNJUNG/PL.01.8/DB1-PPWP"
WORKBOOK = f"{DB1}/rekap-db1-ppwp-kabupaten-sijunjung.xlsx"
CSV = f"{DB1}/db1-ppwp-kabupaten-sijunjung.csv"


def git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}  # fmt: skip
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A publishing repository as stewards keep it: sources only, nothing built yet."""
    root = tmp_path / "publishing"
    shutil.copytree(REPO / "datapackages", root / "datapackages",
                    ignore=shutil.ignore_patterns("_build", "datapackage.json"))  # fmt: skip
    shutil.copytree(REPO / "config", root / "config")
    (root / ".gitignore").write_text("_build/\ndatapackage.json\n", encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", ".")
    return root


def run(capsys: pytest.CaptureFixture[str], repo: Path, command: str) -> tuple[int, str]:
    """A `publisher ...` command line as the hook or the workflow gives it, run in `repo`."""
    args = shlex.split(command)
    assert args[0] == "publisher"
    cwd = Path.cwd()
    os.chdir(repo)
    try:
        main(args[1:])
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    finally:
        os.chdir(cwd)
    return (code if isinstance(code, int) else 1), capsys.readouterr().out


def hook_entry() -> str:
    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return str(hook["entry"])


def workflow_command() -> str:
    workflow = yaml.safe_load((REPO / ".github/workflows/validate.yml").read_text("utf-8"))
    steps = workflow["jobs"]["validate"]["steps"]
    [step] = [s for s in steps if s.get("if") == "github.event_name != 'pull_request'"]
    return str(step["run"]).strip()


def test_the_hook_builds_and_validates_a_fresh_repository(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No commit yet, nothing built: everything is new, is built, and is valid (not exit 2)."""
    code, out = run(capsys, repo, hook_entry())
    assert code == 0, out[-3000:]
    assert len(list((repo / "datapackages").rglob("datapackage.json"))) == 58


def test_the_hook_reports_the_edit_not_a_hash_mismatch(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    git(repo, "commit", "-q", "-m", "collection")
    csv = repo / "datapackages" / CSV
    lines = csv.read_text(encoding="utf-8").splitlines()
    cells = lines[2].split(",")
    cells[-1] = "banyak"  # a vote count that is not a number
    lines[2] = ",".join(cells)
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    git(repo, "add", str(csv))
    code, out = run(capsys, repo, hook_entry() + " --format json")
    assert code == 1
    import json

    report = json.loads(out)
    found = {(p["code"], p["row"]) for pkg in report["packages"] for r in pkg["resources"]
             for p in r["problems"] if p["path"].endswith(CSV)}  # fmt: skip
    assert ("type-error", 3) in found
    assert not {c for c, _ in found} & {"hash-count", "byte-count"}
    assert all(DB1 in pkg["path"] for pkg in report["packages"])  # only the changed package


def test_the_workflow_annotates_the_workbook_and_writes_the_summary(
    repo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book_path = repo / "datapackages" / WORKBOOK
    book = openpyxl.load_workbook(book_path)
    sheet = book.active
    assert sheet is not None
    target = next(
        (r, c) for r in range(1, sheet.max_row + 1) for c in range(1, sheet.max_column + 1)
        if isinstance(sheet.cell(r, c).value, int) and sheet.cell(r, c).value > 1000
    )  # fmt: skip
    sheet.cell(*target).value = "seribu"
    buffer = io.BytesIO()
    book.save(buffer)
    book_path.write_bytes(buffer.getvalue())
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, out = run(capsys, repo, workflow_command())
    assert code == 1
    annotations = [line for line in out.splitlines() if line.startswith("::error")]
    letters = openpyxl.utils.get_column_letter(target[1])
    assert any(
        f"file=datapackages/{WORKBOOK}," in line and f"line={target[0]}," in line
        and f"{letters}{target[0]}" in line
        for line in annotations
    ), annotations  # fmt: skip
    assert not [line for line in annotations if "/_build/" in line.split("::", 2)[1]]
    assert "TIDAK VALID" in summary.read_text(encoding="utf-8")
