"""Our validator finds what `frictionless validate` finds, on frictionless-py's own fixtures.

`tests/fixtures/frictionless/cases.json` (made by `tools/frictionless_fixtures.py` from
frictionless-py at a pinned commit, MIT) holds each case's package and the findings frictionless
gave on it: (row, field, error type), header problems without a row. Each case is copied to a
temporary folder and validated here; the findings must be the same — or the difference is one of
`KNOWN`, each with its reason. On an invalid descriptor frictionless stops there, while we go on
to check the files (personal data must be found whatever else is wrong): then only the
descriptor's findings are compared.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from publisher.config import Config, load_config
from publisher.validate import Options, check_package
from publisher.validate.descriptor import DESCRIPTOR_CODES
from publisher.validate.messages import FRICTIONLESS_CODES
from publisher.validate.spec import TableSpec

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "frictionless"
MANIFEST = json.loads((FIXTURES / "cases.json").read_text(encoding="utf-8"))
CASES: list[dict[str, Any]] = MANIFEST["cases"]
LABEL_CODES = {
    "blank-label", "duplicate-label", "extra-label", "missing-label", "incorrect-label",
    "blank-header", "unmatched-header",
}  # fmt: skip
Key = tuple[int | None, str | None, str]

KNOWN: dict[str, tuple[Counter[Key], Counter[Key], str]] = {}
"""case id → (only frictionless finds, only we find, why): none today."""


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(REPO / "config")


def _key(row: int | None, field: str | None, code: str) -> Key:
    return (None if code in LABEL_CODES else row, field or None, code)


def materialise(case: dict[str, Any], into: Path) -> Path:
    for name in case["files"]:
        target = into / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((FIXTURES / case["dir"] / name).read_bytes())
    descriptor = into / "datapackage.json"
    descriptor.write_text(json.dumps(case["package"]), encoding="utf-8")
    return descriptor


def ours(descriptor: Path, config: Config) -> Counter[Key]:
    """Our findings, counted: a problem reported twice is a difference too."""
    report = check_package(descriptor, config, Options(limit=100_000, cache=False))
    return Counter(
        _key(p.row, p.field, p.code)
        for p in report.all_problems()
        if p.severity == "error" and p.code in FRICTIONLESS_CODES
    )


def test_manifest_is_pinned_and_licensed() -> None:
    assert len(MANIFEST["commit"]) == 40
    assert "MIT" in (FIXTURES / "LICENSE.md").read_text(encoding="utf-8")
    kinds = {c["kind"] for c in CASES}
    assert kinds == {"table", "package", "resource", "feature"}
    assert len(CASES) >= 190


@pytest.mark.parametrize("engine", ["auto", "exact"])
@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_same_findings_as_frictionless(
    case: dict[str, Any], engine: str, tmp_path: Path, config: Config, monkeypatch: Any
) -> None:
    """`auto`: the vectorised path wherever it applies; `exact`: the row-by-row path only."""
    if engine == "exact":
        monkeypatch.setattr(TableSpec, "all_fast", property(lambda self: False))
    theirs = Counter({_key(*e[:3]): e[3] for e in case["expected"]})
    found = ours(materialise(case, tmp_path), config)
    if any(k[2] in DESCRIPTOR_CODES for k in theirs):  # frictionless stopped at the descriptor
        theirs = Counter({k: 1 for k in theirs})
        found = Counter({k: 1 for k in found if k[2] in DESCRIPTOR_CODES})
    only_theirs, only_ours, _why = KNOWN.get(case["id"], (Counter(), Counter(), ""))
    assert (theirs - found, found - theirs) == (only_theirs, only_ours)


def test_features_cover_what_issue_asks() -> None:
    """The feature cases do find something of each kind frictionless checks."""
    features = [c for c in CASES if c["kind"] == "feature"]
    found = {e[2] for c in features for e in c["expected"]}
    assert {"foreign-key", "type-error", "constraint-error", "primary-key", "unique-error",
            "extra-label", "missing-label", "unmatched-header", "blank-row"} <= found  # fmt: skip


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, config: Config) -> Path:
    from publisher.build import build_tree

    root = tmp_path_factory.mktemp("collection") / "datapackages"
    shutil.copytree(REPO / "datapackages", root)
    build_tree(root, config)
    return root


def test_every_built_descriptor_is_valid_by_the_profile(built: Path) -> None:
    """`validate` trusts the build's own descriptors (`_build/descriptor.sha256`): this is why."""
    from publisher.validate.descriptor import check_profile
    from publisher.validate.rows import Collector

    descriptors = sorted(built.rglob("datapackage.json"))
    assert len(descriptors) >= 20
    for descriptor in descriptors:
        out = Collector(str(descriptor), 100)
        package = json.loads(descriptor.read_text(encoding="utf-8"))
        assert check_profile(package, str(descriptor.parent), out), out.problems


def test_a_hand_edited_descriptor_is_checked_against_the_profile(
    built: Path, config: Config
) -> None:
    descriptor = next(built.rglob("DB1-PPWP/datapackage.json"))
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    assert ours(descriptor, config) == Counter()
    package["created"] = "kemarin"
    package["resources"].append(dict(package["resources"][0]))  # a resource name twice
    descriptor.write_text(json.dumps(package), encoding="utf-8")
    assert ours(descriptor, config)[(None, None, "package-error")] == 2
