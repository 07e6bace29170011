"""UI strings, numbers and status → small HTML pieces every section of the dashboard uses.

The assets (CSS, JS, the id/en strings in `publisher/dashboard_assets/`), the element builder,
number and percent formats, JSON safe inside `<script>`, `Text` (UI strings in one language, marked
up so the page's script can switch them), one state per package for the bars, and the parts shared
by the sections: the section frame, the stacked bar of package states and its legend.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import cache
from html import escape
from importlib import resources
from typing import Any

from publisher.readiness import REASONS as READINESS_REASONS
from publisher.report.model import PROBLEM_KINDS as REPORT_KINDS
from publisher.report.types import OfficeEntry, PackageEntry, ProblemView, Totals

LANGS = ("id", "en")
STATES = ("published", "outdated", "ready", "incomplete", "invalid", "blocked", "failed")
"""One state per package for the bars and filters; `failed`: not built because of its problems,
`blocked`: holds personal data (never published), `incomplete`: not ready for another reason."""
_FROM_STATUS: dict[str, str] = {
    "published": "published",
    "outdated": "outdated",
    "ready": "ready",
    "not-ready": "incomplete",
    "not-built": "incomplete",
    "invalid": "invalid",
    "blocked": "blocked",
    "build-failed": "failed",
}
REASONS = tuple(READINESS_REASONS)
PROBLEM_KINDS = tuple(REPORT_KINDS)
KINDS = ("pdf", "xlsx", "csv", "narasi")


# --- assets and small HTML helpers -------------------------------------------------------------


@cache
def asset(name: str) -> str:
    return (resources.files("publisher") / "dashboard_assets" / name).read_text(encoding="utf-8")


@cache
def strings() -> dict[str, dict[str, str]]:
    """The UI strings: key → {"id": ..., "en": ...}; `{0}`, `{1}` are filled with arguments."""
    data: dict[str, dict[str, str]] = json.loads(asset("i18n.json"))
    return data


def el(tag: str, *children: str, **attrs: Any) -> str:
    """An element; children are HTML already. `class_` → class, `data_x` → data-x."""
    parts = [tag]
    for key, value in attrs.items():
        name = key.rstrip("_").replace("_", "-")
        if value is None or value is False:
            continue
        parts.append(name if value is True else f'{name}="{escape(str(value), quote=True)}"')
    return f"<{' '.join(parts)}>{''.join(children)}</{tag}>"


def number(value: int, lang: str) -> str:
    """1234567 → "1.234.567" (id) or "1,234,567" (en)."""
    text = f"{value:,}"
    return text.replace(",", ".") if lang == "id" else text


def percent(part: int, whole: int) -> str:
    return f"{(200 * part + whole) // (2 * whole)}%" if whole else "0%"


def width(part: int, whole: int) -> str:
    return f"width:{100 * part / whole:.2f}%" if whole else "width:0%"


def script_json(value: Any) -> str:
    """JSON safe inside <script>: no `<`, `>`, `&` or line separators as themselves."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


class Text:
    """UI strings in one language, marked up so the script can switch them."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.table = strings()

    def plain(self, key: str, *args: int | str) -> str:
        text = self.table[key][self.lang]
        for index, arg in enumerate(args):
            shown = number(arg, self.lang) if isinstance(arg, int) else arg
            text = text.replace(f"{{{index}}}", shown)
        return text

    def __call__(self, tag: str, key: str, *args: int | str, **attrs: Any) -> str:
        data_args = json.dumps(list(args), ensure_ascii=False) if args else None
        return el(tag, escape(self.plain(key, *args)), data_i18n=key, data_args=data_args, **attrs)

    def num(self, value: int, **attrs: Any) -> str:
        return el("span", number(value, self.lang), data_n=value, **attrs)

    def both(self, tag: str, texts: Mapping[str, str], **attrs: Any) -> str:
        """Text given by the data in both languages (dates, the counting rule)."""
        return el(tag, escape(texts[self.lang]), data_id=texts["id"], data_en=texts["en"], **attrs)


# --- the status, read ---------------------------------------------------------------------------


def package_state(package: PackageEntry) -> str:
    """One state per package, for the bars: the report's `status` (personal data, then a failed
    build, then invalid win; then what the portal says; then ready)."""
    return _FROM_STATUS[package.status]


def count_states(packages: Iterable[PackageEntry]) -> dict[str, int]:
    counts = dict.fromkeys(STATES, 0)
    for package in packages:
        counts[package_state(package)] += 1
    return counts


def packages_of(offices: Iterable[OfficeEntry]) -> list[PackageEntry]:
    return [package for office in offices for package in office.packages]


def documents_total(totals: Totals) -> int:
    return totals.documents.total


# --- parts shared by the sections ---------------------------------------------------------------


def section(name: str, t: Text, *content: str) -> str:
    title = t("h2", f"h_{name}", id=f"h-{name}")
    return el("section", title, *content, id=name, aria_labelledby=f"h-{name}", class_="wrap block")


def stack(states: Mapping[str, int], total: int, **attrs: Any) -> str:
    """A stacked bar of package states (decorative: the numbers are printed beside it)."""
    segments = "".join(
        el("span", class_=f"seg s-{state}", style=width(states[state], total))
        for state in STATES
        if states[state]
    )
    return el("div", segments, class_="stack", aria_hidden="true", **attrs)


def legend(t: Text, counts: Mapping[str, int] | None = None) -> str:
    items = []
    for state in STATES:
        count = "" if counts is None else " " + t.num(counts[state], data_testid=f"state-{state}")
        items.append(
            el("li", f'<span class="sw s-{state}"></span>', t("span", f"st_{state}"), count)
        )
    return el(
        "ul",
        "".join(items),
        class_="legend",
        aria_label=t.plain("legend"),
        data_i18n_attr="aria-label:legend",
    )


def office_problems(office: OfficeEntry) -> list[tuple[PackageEntry | None, ProblemView]]:
    """(package or None, problem) for every problem of an office: its packages', then those in
    its folder outside any package."""
    found: list[tuple[PackageEntry | None, ProblemView]] = [
        (p, x) for p in office.packages for x in p.problems
    ]
    return found + [(None, x) for x in office.problems]


def filter_data(office: OfficeEntry) -> dict[str, Any]:
    """The data attributes the page's script filters an office's elements on."""
    packages = office.packages
    states = count_states(packages)
    kinds = sorted({x.kind for _, x in office_problems(office)} - {""})
    return {
        "data_ready": office.totals.ready,
        "data_invalid": states["invalid"],
        "data_blocked": states["blocked"],
        "data_failed": states["failed"],
        "data_incomplete": states["incomplete"],
        "data_unpublished": sum(1 for p in packages if p.portal != "current"),
        "data_kinds": " ".join(kinds),
    }
