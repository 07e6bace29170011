"""frictionless-py's test fixtures (+ our feature cases) → tests/fixtures/frictionless/.

Makes the parity suite of `tests/test_frictionless_parity.py`: each case is a data package
(a descriptor and the files it names) with the findings `frictionless validate` gives on it,
computed here with the installed frictionless and stored, so the test runs in seconds.

Cases:
- every CSV, TSV and XLSX file of frictionless-py's `data/` folder (up to 250 kB), with the
  schema and dialect frictionless infers for it (`describe`);
- every package or resource descriptor there whose resources are local files;
- feature cases of our own (`FEATURES`): foreign keys, `fieldsMatch` modes, labels, every field
  type and constraint, missing values, dialects, workbooks as offices make them.

    python tools/frictionless_fixtures.py PATH/TO/frictionless-py [--out DIR]

PATH is a git checkout or bare mirror of frictionless-py at `PINNED` (it is checked).
frictionless-py is MIT-licensed (Open Knowledge Foundation); its licence is copied along.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

PINNED = "44661adf0c9ec593d48642ba380ce33bbad95e15"
REPOSITORY = "frictionlessdata/frictionless-py"
MAX_BYTES = 250_000
TABLES = (".csv", ".tsv", ".xlsx")
LABEL_TYPES = {
    "blank-label", "duplicate-label", "extra-label", "missing-label", "incorrect-label",
    "blank-header", "unmatched-header",
}  # fmt: skip


def git(source: Path, *args: str) -> bytes:
    return subprocess.run(["git", "-C", str(source), *args], check=True, capture_output=True).stdout


def extract(source: Path, into: Path) -> list[str]:
    """Every file of `data/` at the pinned commit (git-lfs/absent blobs left out)."""
    listing = git(source, "ls-tree", "-r", "-l", "-z", PINNED, "data/").decode().split("\0")
    names = []
    for line in filter(None, listing):
        meta, path = line.split("\t", 1)
        _, kind, obj, size = meta.split()
        if kind != "blob" or "/cassettes/" in path or not size.isdigit() or int(size) > MAX_BYTES:
            continue
        try:
            blob = git(source, "cat-file", "blob", obj)
        except subprocess.CalledProcessError:
            continue  # not in the mirror
        target = into / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(blob)
        names.append(path)
    return names


def findings(descriptor: Path) -> list[list[Any]]:
    """frictionless's findings on a package: [row, field, type, how many times], sorted."""
    from collections import Counter

    from frictionless import system, validate

    with system.use_context(trusted=True):
        report = validate(str(descriptor), limit_errors=100_000)
    found: Counter[tuple[Any, ...]] = Counter((None, None, e.type) for e in report.errors)
    for task in report.tasks:
        for e in task.errors:
            row = None if e.type in LABEL_TYPES else getattr(e, "row_number", None)
            found[(row, getattr(e, "field_name", None) or None, e.type)] += 1
    keys = sorted(found, key=lambda k: (k[0] or 0, k[1] or "", k[2]))
    return [[*k, found[k]] for k in keys]


def table_cases(data: Path, names: list[str], stage: Path) -> list[dict[str, Any]]:
    from frictionless import describe, system

    cases = []
    for name in names:
        path = data.parent / name
        if path.suffix not in TABLES:
            continue
        work = stage / "t"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        shutil.copy(path, work / path.name)
        try:
            with system.use_context(trusted=True):
                resource = describe(str(work / path.name), type="resource").to_descriptor()
        except Exception as exc:  # frictionless itself cannot read it: not a case
            print(f"skipped {name}: {type(exc).__name__}", file=sys.stderr)
            continue
        resource["path"] = path.name
        resource.pop("scheme", None)
        package = {"name": "case", "resources": [resource]}
        cases.append({"id": name, "kind": "table", "dir": str(Path(name).parent),
                      "files": [path.name], "package": package})  # fmt: skip
    return cases


def descriptor_cases(data: Path, names: list[str]) -> list[dict[str, Any]]:
    import yaml

    cases = []
    for name in names:
        path = data.parent / name
        if path.suffix not in (".json", ".yaml"):
            continue
        try:
            text = path.read_text(encoding="utf-8")
            found = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
        except (ValueError, yaml.YAMLError):
            continue
        if not isinstance(found, dict):
            continue
        if isinstance(found.get("resources"), list):
            package, kind = found, "package"
        elif isinstance(found.get("path"), str) and "schema" in found:
            package, kind = {"name": "case", "resources": [found]}, "resource"
        else:
            continue
        files = []
        for resource in package["resources"]:
            if not isinstance(resource, dict) or "data" in resource:
                break
            local = resource.get("path")
            if not isinstance(local, str) or "://" in local or local.startswith(("/", "..")):
                break
            files.append(local)
            for key in ("schema", "dialect"):
                if isinstance(resource.get(key), str):
                    files.append(resource[key])
        else:
            if all((path.parent / f).is_file() for f in files):
                cases.append({"id": name, "kind": kind, "dir": str(Path(name).parent),
                              "files": files, "package": package})  # fmt: skip
    return cases


def materialise(case: dict[str, Any], base: Path, into: Path) -> Path:
    """The case as a package folder: its files copied, its descriptor written."""
    into.mkdir(parents=True, exist_ok=True)
    for name in case["files"]:
        target = into / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(base / case["dir"] / name, target)
    descriptor = into / "datapackage.json"
    descriptor.write_text(json.dumps(case["package"], indent=1), encoding="utf-8")
    return descriptor


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", type=Path, help="frictionless-py checkout or mirror")
    parser.add_argument("--out", type=Path, default=Path("tests/fixtures/frictionless"))
    args = parser.parse_args(argv)
    import frictionless

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from fixture_features import FEATURES, write_feature

    out: Path = args.out
    shutil.rmtree(out / "data", ignore_errors=True)
    shutil.rmtree(out / "features", ignore_errors=True)
    names = extract(args.source, out)
    (out / "LICENSE.md").write_bytes(git(args.source, "show", f"{PINNED}:LICENSE.md"))
    with tempfile.TemporaryDirectory() as tmp:
        stage = Path(tmp)
        cases = table_cases(out / "data", names, stage) + descriptor_cases(out / "data", names)
        used = {f"{c['dir']}/{f}" for c in cases for f in c["files"]}
        for name in names:  # keep only what a case uses
            if name not in used and (out / name).is_file():
                (out / name).unlink()
        for feature in FEATURES:
            cases.append(write_feature(feature, out / "features"))
        for n, case in enumerate(cases):
            descriptor = materialise(case, out, stage / f"c{n}")
            case["expected"] = findings(descriptor)
        # a plugin frictionless lacks here (xls, ods, json): it cannot judge, not a case
        cases = [c for c in cases if not any(e[2] == "error" for e in c["expected"])]
    for folder in sorted((out / "data").rglob("*"), reverse=True):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    manifest = {
        "source": f"https://github.com/{REPOSITORY}",
        "commit": PINNED,
        "licence": "MIT (LICENSE.md); feature cases under features/: this repository's licence",
        "frictionless": frictionless.__version__,
        "cases": cases,
    }
    lines = ",\n".join(json.dumps(c, ensure_ascii=False) for c in manifest.pop("cases"))
    head = json.dumps(manifest, indent=1)[:-2]
    text = f'{head},\n "cases": [\n{lines}\n]}}\n'
    json.loads(text)
    (out / "cases.json").write_text(text, encoding="utf-8")
    print(f"{len(cases)} cases → {out}/cases.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
