"""A folder's facts (layout, build, validation, collect, portal) → "siap unggah" and its reasons.

One checklist for every place that says whether a Jenis Dokumen folder is ready to upload: the
report (text, JSON, CSV), the dashboard and `publisher bundle`. A folder is **siap unggah** when it
is built, valid, holds no personal data, its narrative is complete and the folder is complete by
the layout contract. Two more facts are shown beside it, not required: whether the province has
collected it (in a province tree, when and from which bundle) and whether it is published and
current on the portal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from publisher.problems import Lang, Problem

# reason code → (Bahasa Indonesia, English): why a folder is not ready, in the order checked
REASONS: dict[str, tuple[str, str]] = {
    "build-failed": ("gagal dibangun", "build failed"),
    "not-built": ("belum dibangun", "not built"),
    "not-validated": ("belum diperiksa", "not validated"),
    "invalid": ("tidak valid", "invalid"),
    "personal-data": ("memuat data pribadi", "holds personal data"),
    "narrative-incomplete": ("narasi belum lengkap", "narrative incomplete"),
    "folder-incomplete": ("folder belum lengkap", "folder incomplete"),
}

CHECKS = ("built", "valid", "no_personal_data", "narrative_complete", "folder_complete")


@dataclass(frozen=True)
class Readiness:
    """The checklist of one folder; `ready` when every check in `CHECKS` passes."""

    built: bool
    valid: bool | None
    no_personal_data: bool | None
    narrative_complete: bool
    folder_complete: bool
    reasons: tuple[str, ...]

    @property
    def ready(self) -> bool:
        return not self.reasons

    def to_dict(self) -> dict[str, Any]:
        return {
            "ready": self.ready,
            "checks": {name: getattr(self, name) for name in CHECKS},
            "reasons": list(self.reasons),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Readiness:
        """`to_dict`'s form read back (ValueError for a reason that is not one)."""
        reasons = tuple(str(r) for r in data["reasons"])
        unknown = [r for r in reasons if r not in REASONS]
        if unknown:
            raise ValueError(f"readiness.reasons: unknown {', '.join(unknown)}")
        checks = data["checks"]
        return cls(**{name: checks[name] for name in CHECKS}, reasons=reasons)


@dataclass(frozen=True)
class Verdict:
    """What `validate` said of a built package: valid, blocked (personal data), its problems."""

    valid: bool
    blocked: bool
    problems: tuple[Problem, ...] = ()


def reason_text(code: str, lang: Lang = "id") -> str:
    texts = REASONS.get(code)
    return code if texts is None else texts[1 if lang == "en" else 0]


def judge(
    *,
    built: bool,
    build_failed: bool,
    verdict: Verdict | None,
    problems: Iterable[Problem],
    has_narrative: bool,
) -> Readiness:
    """The checklist from a folder's facts. `verdict`: validate's {valid, blocked} (None when
    not validated); `problems`: the folder's own (layout and build) problems."""
    found = [p for p in problems if p.severity != "info"]
    narrative_ok = has_narrative and not any(
        p.code.startswith("narrative-") and p.severity == "error" for p in found
    )
    folder_ok = not any(p.code.startswith("layout-") for p in found)
    valid = None if verdict is None else verdict.valid
    blocked = None if verdict is None else verdict.blocked
    reasons = []
    if not built:
        reasons.append("build-failed" if build_failed else "not-built")
    elif verdict is None:
        reasons.append("not-validated")
    elif not valid:
        reasons.append("invalid")
    if blocked or any(p.code == "personal-data" for p in found):
        blocked = True
        reasons.append("personal-data")
    if not narrative_ok:
        reasons.append("narrative-incomplete")
    if not folder_ok:
        reasons.append("folder-incomplete")
    return Readiness(
        built=built,
        valid=valid,
        no_personal_data=None if blocked is None else not blocked,
        narrative_complete=narrative_ok,
        folder_complete=folder_ok,
        reasons=tuple(reasons),
    )
