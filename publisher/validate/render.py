"""A validation `Report` → text for people, JSON, JUnit XML, GitHub annotations, Markdown.

Every format shows the same problems; `lang` picks Bahasa Indonesia (`id`) or English (`en`) for
the messages. JSON's shape is documented in docs/validate.md and versioned (`"version": 1`).
The report's paths are relative to the collection root; each is shown here as the command was
given (`model.Shown`: the root's own name first), never earlier.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from publisher.layout import GENERATED_FILE
from publisher.problems import Lang, Problem
from publisher.render import to_json
from publisher.validate.model import PackageReport, Report, ResourceReport

FORMATS = ("text", "json", "junit", "github", "markdown")
MARKDOWN_ROWS = 50

_WORDS = {
    "id": {
        "rows": "baris",
        "errors": "galat",
        "warnings": "peringatan",
        "blocked": "DIBLOKIR: berisi data pribadi, jangan diterbitkan",
        "valid": "VALID",
        "invalid": "TIDAK VALID",
        "summary": "Ringkasan",
        "packages": "paket",
        "tables": "berkas",
        "cross": "Pemeriksaan antartingkat",
        "folders": "Folder dan narasi",
        "ok": "tidak ada masalah",
        "more": "masalah lain tidak ditampilkan di sini (lihat --format json)",
        "row": "Baris",
        "field": "Kolom",
        "value": "Nilai",
        "problem": "Masalah",
        "fix": "Perbaikan",
    },
    "en": {
        "rows": "rows",
        "errors": "errors",
        "warnings": "warnings",
        "blocked": "BLOCKED: holds personal data, do not publish",
        "valid": "VALID",
        "invalid": "INVALID",
        "summary": "Summary",
        "packages": "packages",
        "tables": "files",
        "cross": "Cross-level checks",
        "folders": "Folders and narratives",
        "ok": "no problems",
        "more": "more problems not shown here (see --format json)",
        "row": "Row",
        "field": "Field",
        "value": "Value",
        "problem": "Problem",
        "fix": "What to do",
    },
}


def render(report: Report, fmt: str, lang: Lang = "id") -> str:
    """The report in one of FORMATS (ValueError for another)."""
    if fmt == "text":
        return render_text(report, lang)
    if fmt == "json":
        return to_json(report.to_dict(lang))
    if fmt == "junit":
        return render_junit(report, lang)
    if fmt == "github":
        return render_github(report, lang)
    if fmt == "markdown":
        return render_markdown(report, lang)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _w(lang: Lang) -> Mapping[str, str]:
    return _WORDS["en" if lang == "en" else "id"]


def _severity_counts(problems: Iterable[Problem]) -> tuple[int, int]:
    items = list(problems)
    return (
        sum(1 for p in items if p.severity == "error"),
        sum(1 for p in items if p.severity == "warning"),
    )


# --- text ------------------------------------------------------------------------------------


def render_text(report: Report, lang: Lang) -> str:
    w = _w(lang)
    lines: list[str] = []
    if report.folders:
        lines.append(w["folders"])
        lines.extend(_text_problems(report.shown_folders(), lang, indent="  "))
    for pkg in report.packages:
        flag = f"  [{w['blocked']}]" if pkg.blocked else ""
        lines.append(f"{pkg.shown.path(pkg.path)}{flag}")
        lines.extend(_text_problems(pkg.shown_problems(), lang, indent="  "))
        for res in pkg.resources:
            head = f"  {res.shown_path(pkg.shown)}"
            if res.rows:
                head += f" ({res.rows:,} {w['rows']}, {res.seconds:.1f} s)"
            counted = sum(n for c, n in res.counts.items() if c != "problems-truncated")
            lines.append(f"{head}: {counted} {w['errors']}" if counted else f"{head}: {w['ok']}")
            lines.extend(_text_problems(res.shown_problems(pkg.shown), lang, indent="    "))
    if report.cross:
        lines.append(w["cross"])
        lines.extend(_text_problems(report.shown_cross(), lang, indent="  "))
    lines.append(_summary_line(report, lang))
    return "\n".join(lines)


def _text_problems(problems: Iterable[Problem], lang: Lang, *, indent: str) -> Iterator[str]:
    """Each problem on a line; its advice once per kind of problem in the same file."""
    advised: set[tuple[str, str]] = set()
    for p in problems:
        mark = {"error": "✗", "warning": "!", "info": "·"}[p.severity]
        yield f"{indent}{mark} {p.message(lang)}"
        fix = p.fix(lang)
        if fix and (p.code, fix) not in advised:
            advised.add((p.code, fix))
            yield f"{indent}  → {fix}"


def _summary_line(report: Report, lang: Lang) -> str:
    w = _w(lang)
    sev = report.counts()
    blocked = sum(1 for p in report.packages if p.blocked)
    tables = sum(len(p.resources) for p in report.packages)
    rows = sum(r.rows for p in report.packages for r in p.resources)
    verdict = w["valid"] if report.valid else w["invalid"]
    text = (
        f"{w['summary']}: {len(report.packages)} {w['packages']}, {tables} {w['tables']}, "
        f"{rows:,} {w['rows']}; {sev.get('error', 0)} {w['errors']}, "
        f"{sev.get('warning', 0)} {w['warnings']}"
    )
    if blocked:
        text += f"; {blocked} {w['packages']} {w['blocked'].split(':')[0]}"
    return f"{text} — {verdict}"


# --- JUnit -----------------------------------------------------------------------------------


def render_junit(report: Report, lang: Lang) -> str:
    """One testsuite per package, one testcase per file; each problem a failure line."""
    suites = ET.Element("testsuites", name="publisher validate")
    total = failures = 0
    if report.folders:
        suite = ET.SubElement(suites, "testsuite", name="folders")
        t, f = _junit_cases(suite, [("folders", "layout", report.shown_folders())], lang)
        total, failures = total + t, failures + f
    for pkg in report.packages:
        shown = pkg.shown.path(pkg.path)
        suite = ET.SubElement(suites, "testsuite", name=shown)
        cases = [(shown, GENERATED_FILE, pkg.shown_problems())]
        cases += [
            (shown, res.shown_path(pkg.shown), res.shown_problems(pkg.shown))
            for res in pkg.resources
        ]
        t, f = _junit_cases(suite, cases, lang)
        total, failures = total + t, failures + f
    if report.cross:
        suite = ET.SubElement(suites, "testsuite", name="cross-level")
        t, f = _junit_cases(suite, [("cross-level", "totals", report.shown_cross())], lang)
        total, failures = total + t, failures + f
    suites.set("tests", str(total))
    suites.set("failures", str(failures))
    suites.set("time", f"{report.seconds:.3f}")
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode")


def _junit_cases(
    suite: ET.Element, cases: list[tuple[str, str, list[Problem]]], lang: Lang
) -> tuple[int, int]:
    failures = 0
    for classname, name, problems in cases:
        case = ET.SubElement(suite, "testcase", classname=classname, name=name)
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            failures += 1
            codes = sorted({p.code for p in errors})
            failure = ET.SubElement(
                case, "failure", type=",".join(codes), message=f"{len(errors)} problem(s)"
            )
            failure.text = "\n".join(
                f"{p.message(lang)} → {p.fix(lang)}" if p.fix(lang) else p.message(lang)
                for p in problems
            )
        elif problems:
            out = ET.SubElement(case, "system-out")
            out.text = "\n".join(p.message(lang) for p in problems)
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(failures))
    return len(cases), failures


# --- GitHub ----------------------------------------------------------------------------------


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report, lang: Lang) -> str:
    """Workflow commands: one annotation per problem, with file and (when known) line."""
    lines = []
    for p in report.shown_problems():
        level = {"error": "error", "warning": "warning", "info": "notice"}[p.severity]
        props = [f"file={_escape_property(p.path)}"]
        if p.row is not None:
            props.append(f"line={p.row}")
        props.append(f"title={_escape_property(p.code + (' ' + p.field if p.field else ''))}")
        fix = p.fix(lang)
        text = p.message(lang) + (f" → {fix}" if fix else "")
        lines.append(f"::{level} {','.join(props)}::{_escape_data(text)}")
    lines.append(_summary_line(report, lang))
    return "\n".join(lines)


def write_step_summary(
    report: Report, lang: Lang = "id", environ: Mapping[str, str] | None = None
) -> Path | None:
    """Append the Markdown report to $GITHUB_STEP_SUMMARY when set; the file written, or None."""
    target = (environ if environ is not None else os.environ).get("GITHUB_STEP_SUMMARY")
    if not target:
        return None
    path = Path(target)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(render_markdown(report, lang) + "\n")
    return path


# --- Markdown --------------------------------------------------------------------------------


def render_markdown(report: Report, lang: Lang) -> str:
    w = _w(lang)
    verdict = "✅ " + w["valid"] if report.valid else "❌ " + w["invalid"]
    lines = [f"## publisher validate — {verdict}", "", _summary_line(report, lang), ""]
    lines += [
        f"| {w['packages']} | {w['tables']} | {w['rows']} | {w['errors']} | |",
        "|---|---|---:|---:|---|",
    ]
    for pkg in report.packages:
        for res in pkg.resources or [ResourceReport(name="", path="—", outside=True)]:
            errors, _ = _severity_counts(res.problems)
            flag = "🚫 " + w["blocked"] if pkg.blocked else ("✅" if not errors else "❌")
            lines.append(
                f"| `{_md(pkg.shown.path(pkg.path))}` | `{_md(res.shown_path(pkg.shown))}` | "
                f"{res.rows:,} | "
                f"{sum(n for c, n in res.counts.items() if c != 'problems-truncated')} | {flag} |"
            )
    if report.folders:
        lines += ["", f"### {w['folders']}", ""]
        lines.extend(_md_table(report.shown_folders(), lang))
    for pkg in report.packages:
        lines.extend(_md_package(pkg, lang))
    if report.cross:
        lines += ["", f"### {w['cross']}", ""]
        lines.extend(_md_table(report.shown_cross(), lang))
    return "\n".join(lines)


def _md_package(pkg: PackageReport, lang: Lang) -> list[str]:
    problems = list(pkg.shown_all())
    if not problems:
        return []
    lines = ["", f"### `{_md(pkg.shown.path(pkg.path))}`", ""]
    if pkg.blocked:
        lines += [f"> **{_w(lang)['blocked']}**", ""]
    lines.extend(_md_table(problems, lang))
    return lines


def _md_table(problems: list[Problem], lang: Lang) -> list[str]:
    w = _w(lang)
    lines = [
        f"| {w['row']} | {w['field']} | {w['value']} | {w['problem']} | {w['fix']} |",
        "|---:|---|---|---|---|",
    ]
    for p in problems[:MARKDOWN_ROWS]:
        lines.append(
            f"| {p.row or ''} | {_md(p.field or '')} | {_md(p.value or '')} | "
            f"{_md(p.message(lang))} | {_md(p.fix(lang))} |"
        )
    if len(problems) > MARKDOWN_ROWS:
        lines.append(f"\n{len(problems) - MARKDOWN_ROWS} {w['more']}")
    return lines


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
