"""Status → the overview sections: summary cards and charts, then one card per province.

The summary counts documents (PDF + XLSX + CSV and each type), packages ready, published and
invalid, with a bar chart of documents by file type and a ring (inline SVG) of package states; each
province card shows its packages by state as a stacked bar beside its offices, documents, ready and
published counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from publisher.dashboard.markup import (
    KINDS,
    STATES,
    Text,
    count_states,
    documents_total,
    el,
    legend,
    number,
    packages_of,
    percent,
    section,
    stack,
    width,
)
from publisher.report.types import Documents, Status


def _card(t: Text, key: str, big: str, *notes: str, accent: str, bad: bool = False) -> str:
    figure = el("p", big, class_="big bad" if bad else "big")
    return el("article", t("h3", key), figure, *notes, class_=f"card c-{accent}")


def summary(status: Status, t: Text) -> str:
    totals = status.totals
    docs, packages = totals.documents, totals.packages
    cards = _summary_cards(status, t)
    states = count_states(packages_of(o for _, o in status.offices()))
    charts = el("div", _kinds_chart(docs, t), _donut(states, packages, t), class_="charts")
    return section("summary", t, el("div", "".join(cards), class_="cards"), charts)


def _summary_cards(status: Status, t: Text) -> list[str]:
    """The four cards: documents by type, packages ready, published, invalid."""
    totals = status.totals
    docs, packages = totals.documents, totals.packages
    by_kind = " · ".join(
        f"{kind.upper()} {t.num(getattr(docs, kind), data_testid=f'total-{kind}')}"
        for kind in KINDS[:3]
    )
    meter = el(
        "div",
        el("span", style=width(totals.ready, packages)),
        class_="meter",
        aria_hidden="true",
    )
    return [
        _card(
            t,
            "card_docs",
            t.num(documents_total(totals), data_testid="total-documents"),
            el("p", by_kind, class_="note"),
            accent="docs",
        ),
        _card(
            t,
            "card_ready",
            t.num(totals.ready, data_testid="total-ready"),
            t("p", "of_packages", packages, percent(totals.ready, packages), class_="note"),
            meter,
            accent="ready",
        ),
        _published_card(status, t),
        _problems_card(status, t),
    ]


def _problems_card(status: Status, t: Text) -> str:
    """Packages that cannot go up as they are, by state; and every error and warning counted."""
    totals = status.totals
    states = count_states(packages_of(o for _, o in status.offices()))
    troubled = states["invalid"] + states["blocked"] + states["failed"]
    note = t(
        "p",
        "invalid_note",
        states["invalid"],
        states["blocked"],
        states["failed"],
        class_="note",
        data_testid="problem-breakdown",
    )
    counts = el(
        "p",
        t.num(totals.errors, data_testid="total-errors"),
        " / ",
        t.num(totals.warnings, data_testid="total-warnings"),
        " ",
        t("span", "problem_counts_words"),
        class_="note",
    )
    big = t.num(troubled, data_testid="total-invalid")
    return _card(t, "card_invalid", big, note, counts, accent="invalid", bad=troubled > 0)


def _published_card(status: Status, t: Text) -> str:
    """The published card: counts from the portal, or a dash when the portal was not asked."""
    totals = status.totals
    if status.portal:
        published = t.num(totals.published_current, data_testid="total-published")
        published_note = t(
            "p",
            "published_note",
            totals.published_outdated,
            totals.unpublished,
            class_="note",
        )
    else:
        published = '<span data-testid="total-published">–</span>'
        published_note = t("p", "portal_none", class_="note")
    return _card(t, "card_published", published, published_note, accent="published")


def _kinds_chart(documents: Documents, t: Text) -> str:
    docs = {kind: getattr(documents, kind) for kind in KINDS}
    most = max([docs[kind] for kind in KINDS] + [1])
    rows = "".join(
        el(
            "li",
            t("span", f"kind_{kind}", class_="k-label"),
            el(
                "span",
                el("span", class_=f"k-fill k-{kind}", style=width(docs[kind], most)),
                class_="k-track",
                aria_hidden="true",
            ),
            t.num(docs[kind], class_="k-num"),
        )
        for kind in KINDS
    )
    return el("figure", t("figcaption", "h_docs"), el("ul", rows, class_="kinds"), class_="panel")


def _donut(states: Mapping[str, int], total: int, t: Text) -> str:
    """Package states as a ring: one circle per state, its dash the state's share (r gives 100)."""
    rings, start = [], 0.0
    for state in STATES:
        share = 100 * states[state] / total if total else 0.0
        if share:
            rings.append(
                f'<circle class="ring s-{state}" cx="21" cy="21" r="15.9155" '
                f'stroke-dasharray="{share:.3f} {100 - share:.3f}" '
                f'stroke-dashoffset="{25 - start:.3f}"/>'
            )
        start += share
    svg = (
        '<svg class="donut" viewBox="0 0 42 42" aria-hidden="true" focusable="false">'
        '<circle class="ring-bg" cx="21" cy="21" r="15.9155"/>'
        + "".join(rings)
        + f'<text x="21" y="21" class="donut-n" data-n="{total}">{number(total, t.lang)}</text>'
        + '<text x="21" y="26.5" class="donut-l" data-i18n="packages_total">'
        + f"{escape(t.plain('packages_total'))}</text></svg>"
    )
    body = el("div", svg, legend(t, states), class_="donut-wrap")
    return el("figure", t("figcaption", "h_states"), body, class_="panel")


def provinces(status: Status, t: Text) -> str:
    items = []
    for prov in status.provinces:
        totals, kode = prov.totals, prov.kode
        states = count_states(packages_of(prov.offices))
        stats = [
            ("card_offices", t.num(len(prov.offices))),
            ("col_documents", t.num(documents_total(totals), data_testid=f"prov-{kode}-documents")),
            (
                "col_ready",
                t.num(totals.ready, data_testid=f"prov-{kode}-ready")
                + " / "
                + t.num(totals.packages),
            ),
            ("col_published", t.num(totals.published_current)),
        ]
        head = el(
            "div",
            el("a", escape(prov.nama), href=f"#prov={kode}", class_="prov-name"),
            t("span", "prov_ready_pct", percent(totals.ready, totals.packages), class_="pct"),
            class_="prov-head",
        )
        dl = "".join(el("div", t("dt", key), el("dd", value)) for key, value in stats)
        items.append(
            el(
                "li",
                head,
                stack(states, totals.packages),
                el("dl", dl),
                class_="prov",
                data_testid=f"prov-{kode}",
            )
        )
    intro = t("p", "provinces_intro", class_="intro")
    return section("provinces", t, intro, legend(t), el("ol", "".join(items), class_="provs"))
