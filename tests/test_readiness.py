"""The siap-unggah checklist: each fact → its reason, in the order they are checked."""

from __future__ import annotations

import pytest

from publisher.problems import Problem
from publisher.readiness import CHECKS, REASONS, Verdict, judge, reason_text

GOOD = Verdict(valid=True, blocked=False)


def test_a_built_valid_complete_folder_is_ready() -> None:
    found = judge(built=True, build_failed=False, verdict=GOOD, problems=[], has_narrative=True)
    assert found.ready and found.reasons == ()
    assert found.to_dict() == {"ready": True, "checks": dict.fromkeys(CHECKS, True), "reasons": []}


@pytest.mark.parametrize(
    ("facts", "reasons"),
    [
        ({"built": False}, ["not-built"]),
        ({"built": False, "build_failed": True}, ["build-failed"]),
        ({"verdict": None}, ["not-validated"]),
        ({"verdict": Verdict(valid=False, blocked=False)}, ["invalid"]),
        ({"verdict": Verdict(valid=False, blocked=True)}, ["invalid", "personal-data"]),
        ({"has_narrative": False}, ["narrative-incomplete"]),
        ({"problems": [Problem.make("narrative-missing-key", "n.txt", keys="Lisensi")]},
         ["narrative-incomplete"]),
        ({"problems": [Problem.make("narrative-date", "n.txt", severity="warning")]}, []),
        ({"problems": [Problem.make("layout-no-table", "f", severity="warning")]},
         ["folder-incomplete"]),
        ({"problems": [Problem.make("layout-hidden-file", "f", severity="info")]}, []),
        ({"built": False, "problems": [Problem.make("personal-data", "f/dpt.xlsx")]},
         ["not-built", "personal-data"]),
    ],
)  # fmt: skip
def test_each_fact_gives_its_reason(facts: dict[str, object], reasons: list[str]) -> None:
    given: dict[str, object] = {
        "built": True,
        "build_failed": False,
        "verdict": GOOD,
        "problems": [],
        "has_narrative": True,
        **facts,
    }
    found = judge(**given)  # type: ignore[arg-type]
    assert list(found.reasons) == reasons
    assert found.ready is (reasons == [])
    if "personal-data" in reasons:
        assert found.no_personal_data is False


def test_every_reason_has_both_texts() -> None:
    for code in REASONS:
        assert reason_text(code, "id") != reason_text(code, "en")
    assert reason_text("personal-data") == "memuat data pribadi"
    assert reason_text("unknown-code", "en") == "unknown-code"
