"""Status → the ranking, the differences with the provinces' recaps, and the problems by office.

The ranking lists offices by documents digitised under the counting rule (printed in both
languages), the first `RANKING_TOP` shown; the recap section has one table per province recap that
disagrees with the folders; the problems are one collapsible block per office (every problem
with its kind, fix and place), then those outside any office's folder.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from publisher.dashboard.markup import (
    KINDS,
    LANGS,
    PROBLEM_KINDS,
    Text,
    el,
    filter_data,
    number,
    office_problems,
    section,
    width,
)
from publisher.report.types import (
    OfficeEntry,
    PackageEntry,
    ProblemView,
    ProvinceEntry,
    RankRow,
    RecapDifference,
    Status,
)

RANKING_TOP = 10


def _rule_texts(rule: str) -> dict[str, str]:
    """The counting rule in both languages when it is the report's own text, else as given."""
    from publisher.report import COUNTING_RULE

    return dict(COUNTING_RULE) if rule in COUNTING_RULE.values() else dict.fromkeys(LANGS, rule)


def ranking(status: Status, t: Text) -> str:
    rows = status.ranking
    rule = el(
        "p",
        t("strong", "rule"),
        " ",
        t.both("span", _rule_texts(status.counting_rule)),
        class_="rule",
        data_testid="counting-rule",
    )
    table = el("div", _ranking_table(rows, t), class_="table-wrap")
    return section("ranking", t, rule, table, _ranking_toggle(len(rows), t))


def _ranking_table(rows: Sequence[RankRow], t: Text) -> str:
    """The ranking table: its header, then one row per office, those past `RANKING_TOP` hidden."""
    most = max([row.documents for row in rows] + [1])
    body = [
        _ranking_row(row, most, t, more=position >= RANKING_TOP)
        for position, row in enumerate(rows)
    ]
    heads = [
        t("th", "col_rank", scope="col"),
        t("th", "col_office", scope="col"),
        t("th", "col_ready_documents", scope="col"),
    ]
    heads += [el("th", kind.upper(), scope="col", class_="num c-kind") for kind in KINDS[:3]]
    return el(
        "table",
        el("thead", el("tr", "".join(heads))),
        el("tbody", "".join(body)),
        class_="ranking",
        data_testid="ranking",
    )


def _ranking_row(row: RankRow, most: int, t: Text, *, more: bool) -> str:
    """One office's row: medal, name and province, a bar of its documents, its counts by type."""
    medal = f" m{row.rank}" if row.rank <= 3 else ""
    bar = el(
        "span",
        el("span", style=width(row.documents, most)),
        class_="r-track",
        aria_hidden="true",
    )
    cells = [
        el("td", el("span", str(row.rank), class_=f"medal{medal}"), class_="c-rank"),
        el(
            "th",
            el("span", escape(row.nama), class_="oname"),
            el("span", escape(row.provinsi), class_="ucode"),
            scope="row",
        ),
        el("td", bar, t.num(row.documents, class_="r-num"), class_="c-count"),
        *(el("td", t.num(getattr(row, kind)), class_="num c-kind") for kind in KINDS[:3]),
    ]
    return el("tr", *cells, class_="more" if more else None, hidden=more, data_testid="rank-row")


def _ranking_toggle(count: int, t: Text) -> str:
    """The button that shows the whole ranking, when it is longer than `RANKING_TOP`; else ''."""
    if count <= RANKING_TOP:
        return ""
    return t(
        "button",
        "ranking_more",
        count,
        type="button",
        id="rank-toggle",
        aria_expanded="false",
        data_more="ranking_more",
        data_less="ranking_less",
    )


def recap(status: Status, t: Text) -> str:
    names = {o.unit_kerja: o.nama for _, o in status.offices()}
    parts = [t("p", "recap_intro", class_="intro")]
    if not status.recap:
        parts.append(t("p", "recap_none", class_="empty"))
    for sheet in status.recap:
        title = el("h3", escape(sheet.provinsi), " ", el("code", escape(sheet.file)))
        if sheet.differences:
            body = el("div", _recap_table(sheet.differences, names, t), class_="table-wrap")
        else:
            body = t("p", "recap_ok", class_="ok")
        parts.append(el("div", title, body, class_="recap"))
    return section("recap", t, *parts)


RECAP_COLUMNS = ("col_office", "col_column", "col_recap", "col_counted", "col_difference")


def _recap_table(differences: Sequence[RecapDifference], names: Mapping[str, str], t: Text) -> str:
    """One row per difference; cells carry their column's name for the phone layout."""

    def cell(key: str, content: str, cls: str | None = "num") -> str:
        return el(
            "td", content, class_=cls, data_label=t.plain(key), data_i18n_attr=f"data-label:{key}"
        )

    rows = "".join(
        el(
            "tr",
            el("th", escape(names.get(d.unit_kerja, d.unit_kerja)), scope="row"),
            cell("col_column", escape(d.column.upper()), None),
            cell("col_recap", t.num(d.recap)),
            cell("col_counted", t.num(d.counted)),
            cell("col_difference", _signed(d.counted - d.recap, t.lang), "num diff"),
        )
        for d in differences
    )
    heads = "".join(
        t("th", key, scope="col", class_="num" if index > 1 else None)
        for index, key in enumerate(RECAP_COLUMNS)
    )
    return el(
        "table",
        el("thead", el("tr", heads)),
        el("tbody", rows),
        class_="diffs",
        data_testid="recap-table",
    )


def _signed(value: int, lang: str) -> str:
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return el("span", sign + number(abs(value), lang), data_n=value, data_signed="1")


def problems(status: Status, t: Text) -> str:
    """Every problem of every folder, one block per office (blocks with errors open), then those
    outside any office's folder; each with its kind, message, fix and place."""
    blocks = []
    for prov, office in status.offices():
        found = office_problems(office)
        if found:
            blocks.append(_office_problems(prov, office, found, t))
    outside = status.problems
    if outside:
        items = "".join(_problem_item(None, x, t) for x in outside)
        summary = el("summary", t("span", "problems_outside", class_="oname"))
        blocks.append(
            el("details", summary, el("ul", items, class_="problems"), class_="probs", open=True)
        )
    body = "".join(blocks) if blocks else t("p", "problems_none", class_="ok")
    return section("problems", t, t("p", "problems_intro", class_="intro"), body)


def _problem_item(package: PackageEntry | None, problem: ProblemView, t: Text) -> str:
    severity, kind = problem.severity, problem.kind
    where = problem.path or (package.path if package else "")
    if problem.sheet:
        where += f" · {problem.sheet}"
    if problem.row:
        where += f" · {'baris' if t.lang == 'id' else 'row'} {problem.row}"
    if problem.field:
        where += f" · {problem.field}"
    fix = problem.fix
    return el(
        "li",
        t("span", f"sev_{severity}", class_=f"sev sev-{severity}"),
        t("span", f"kind_p_{kind}", class_="kind") if kind in PROBLEM_KINDS else "",
        el("code", escape(problem.code)),
        " ",
        el("span", escape(problem.message), class_="msg"),
        el("span", "→ " + escape(str(fix)), class_="fix") if fix else "",
        el("code", escape(where), class_="path"),
        data_kind=kind,
        data_severity=severity,
        data_testid="problem",
    )


def _office_problems(
    prov: ProvinceEntry,
    office: OfficeEntry,
    found: Sequence[tuple[PackageEntry | None, ProblemView]],
    t: Text,
) -> str:
    errors = sum(1 for _, problem in found if problem.severity == "error")
    warnings = sum(1 for _, problem in found if problem.severity == "warning")
    errors, warnings = max(errors, office.totals.errors), max(warnings, office.totals.warnings)
    items = "".join(_problem_item(package, problem, t) for package, problem in found)
    summary = el(
        "summary",
        el("span", escape(office.nama), class_="oname"),
        el("span", escape(prov.nama), class_="ucode"),
        t(
            "span",
            "problems_count",
            errors,
            warnings,
            class_="count" if errors else "count warn",
            data_testid="office-problem-count",
        ),
    )
    return el(
        "details",
        summary,
        el("ul", items, class_="problems"),
        class_="probs office-probs",
        open=errors > 0,
        data_office=office.unit_kerja,
        data_prov=prov.kode,
        data_search=" ".join([office.nama, office.unit_kerja, prov.nama]).lower(),
        **filter_data(office),
    )
