"""Status → the office section: filters, one row per office, and each office's package list.

Every office row carries its numbers by column and a progress bar; the data attributes on its
`<tbody>` are what the page's script filters on (province, ready / invalid / unpublished, search
text). The office's name opens its packages: stage and document type, files, state and the link to
the dataset on the portal when it is published.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from publisher.dashboard.markup import (
    KINDS,
    PROBLEM_KINDS,
    REASONS,
    Text,
    count_states,
    el,
    filter_data,
    package_state,
    percent,
    section,
    stack,
)
from publisher.report.types import OfficeEntry, PackageEntry, ProvinceEntry, Status, Totals

OFFICE_COLUMNS = ("pdf", "xlsx", "csv", "narasi", "packages", "ready", "invalid", "published")
COLUMN_KEYS = {
    "narasi": "narasi",
    "packages": "col_packages",
    "ready": "col_ready",
    "invalid": "col_invalid",
    "published": "col_published",
}


def _column(t: Text, column: str) -> tuple[str, str]:
    """(header HTML, data-label attributes) for an office-table column."""
    if column in COLUMN_KEYS:
        key = COLUMN_KEYS[column]
        return t("span", key), f"data-label:{key}"
    return column.upper(), ""


def _filters(status: Status, t: Text) -> str:
    options = t("option", "filter_prov_all", value="") + "".join(
        el("option", escape(p.nama), value=p.kode) for p in status.provinces
    )
    statuses = "".join(
        t("option", key, value=value)
        for value, key in (
            ("", "filter_status_all"),
            ("ready", "filter_ready"),
            ("invalid", "filter_invalid"),
            ("blocked", "filter_blocked"),
            ("failed", "filter_failed"),
            ("incomplete", "filter_incomplete"),
            ("unpublished", "filter_unpublished"),
        )
    )
    kinds = t("option", "filter_kind_all", value="") + "".join(
        t("option", f"kind_p_{kind}", value=kind) for kind in PROBLEM_KINDS
    )
    return _form(t, options, statuses, kinds)


def _form(t: Text, options: str, statuses: str, kinds: str) -> str:
    search = el(
        "input",
        type="search",
        id="f-q",
        name="q",
        autocomplete="off",
        placeholder=t.plain("filter_search_hint"),
        data_i18n_attr="placeholder:filter_search_hint",
    )
    fields = [
        el(
            "div",
            t("label", "filter_prov", for_="f-prov"),
            el("select", options, id="f-prov", name="prov"),
            class_="field",
        ),
        el(
            "div",
            t("label", "filter_status", for_="f-status"),
            el("select", statuses, id="f-status", name="status"),
            class_="field",
        ),
        el(
            "div",
            t("label", "filter_kind", for_="f-kind"),
            el("select", kinds, id="f-kind", name="kind"),
            class_="field",
        ),
        el("div", t("label", "filter_search", for_="f-q"), search, class_="field grow"),
        t("button", "filter_reset", type="reset", class_="reset"),
    ]
    return el("form", *fields, class_="filters", role="search", data_testid="filters")


def offices(status: Status, t: Text) -> str:
    heads = [
        el("th", t("span", "col_office"), scope="col"),
        el("th", t("span", "col_province"), scope="col", class_="c-prov"),
    ]
    for column in OFFICE_COLUMNS:
        heads.append(el("th", _column(t, column)[0], scope="col", class_="num"))
    heads.append(el("th", t("span", "col_progress"), scope="col", class_="c-bar"))
    bodies, index = [], 0
    for prov, office in status.offices():
        index += 1
        bodies.append(_office_rows(prov, office, t, index))
    table = el(
        "table",
        el("thead", el("tr", "".join(heads))),
        "".join(bodies),
        class_="offices",
        data_testid="offices-table",
    )
    shown = t("p", "shown", index, index, id="shown", aria_live="polite", data_testid="shown")
    empty = t("p", "no_match", id="no-match", class_="empty", hidden=True)
    return section(
        "offices", t, _filters(status, t), shown, el("div", table, class_="table-wrap"), empty
    )


def _office_rows(prov: ProvinceEntry, office: OfficeEntry, t: Text, index: int) -> str:
    totals, packages = office.totals, office.packages
    detail = f"pk-{index}"
    main = el(
        "tr",
        _office_name(office, detail, t),
        el("td", escape(prov.nama), class_="c-prov"),
        *_number_cells(totals, t),
        _progress_cell(totals, packages),
    )
    listing = _package_list(packages, t)
    extra = el(
        "tr",
        el("td", listing, colspan=len(OFFICE_COLUMNS) + 3),
        id=detail,
        class_="detail",
        hidden=True,
    )
    search = " ".join([office.nama, office.unit_kerja, office.kode, prov.nama]).lower()
    return el(
        "tbody",
        main,
        extra,
        class_="office",
        data_office=office.unit_kerja,
        data_prov=prov.kode,
        data_search=search,
        data_testid="office-row",
        data_status=office.status,
        **filter_data(office),
    )


def _office_name(office: OfficeEntry, detail: str, t: Text) -> str:
    """The row's heading: the office's name as the button that opens its packages, its code and
    whether it is siap unggah."""
    button = el(
        "button",
        '<span class="chev" aria-hidden="true"></span>',
        el("span", escape(office.nama), class_="oname"),
        type="button",
        class_="disclose",
        aria_expanded="false",
        aria_controls=detail,
    )
    code = el("span", escape(office.unit_kerja), class_="ucode")
    state = office.status
    badge = t("span", f"os_{state}", class_=f"badge ostatus o-{state}")
    return el("th", button, code, badge, scope="row")


def _number_cells(totals: Totals, t: Text) -> list[str]:
    """One cell per `OFFICE_COLUMNS` entry, each labelled with its column for the phone layout."""
    values = {kind: getattr(totals.documents, kind) for kind in KINDS}
    values.update(packages=totals.packages, ready=totals.ready, invalid=totals.invalid)
    values["published"] = totals.published_current
    cells = []
    for column in OFFICE_COLUMNS:
        label_key = _column(t, column)[1]
        label = t.plain(label_key.split(":")[1]) if label_key else column.upper()
        cells.append(
            el(
                "td",
                t.num(values[column]),
                class_=f"num v-{column}",
                data_label=label,
                data_i18n_attr=label_key or None,
            )
        )
    return cells


def _progress_cell(totals: Totals, packages: Sequence[PackageEntry]) -> str:
    """The progress cell: the office's packages by state as a stacked bar, and the share ready."""
    states = count_states(packages)
    pct = el("span", percent(totals.ready, totals.packages), class_="pct")
    return el("td", el("div", stack(states, len(packages)), pct, class_="prog"), class_="c-bar")


def _package_list(packages: Sequence[PackageEntry], t: Text) -> str:
    if not packages:
        return t("p", "no_packages", class_="empty")
    items = []
    for package in packages:
        state = package_state(package)
        docs = package.documents
        files = " · ".join(f"{kind.upper()} {t.num(getattr(docs, kind))}" for kind in KINDS[:3])
        files += " · " + t("span", "narasi") + " " + t.num(docs.narasi)
        if package.url:
            link = t("a", "open_portal", href=package.url, class_="portal-link")
        else:
            link = t("span", "not_on_portal", class_="muted")
        title = escape(f"{package.kode_tahapan} · {package.jenis_dokumen}")
        items.append(
            el(
                "li",
                t("span", f"st_{state}", class_=f"badge b-{state}"),
                el("strong", title),
                el("span", files, class_="files"),
                el("code", escape(package.name or package.path)),
                link,
                _why(package, t),
                class_="pkg",
                data_state=state,
                data_testid="package",
            )
        )
    return t("h3", "packages_toggle", class_="sr-only") + el("ul", "".join(items), class_="pkgs")


def _why(package: PackageEntry, t: Text) -> str:
    """Why a package is not siap unggah (its reasons), and when the province collected it."""
    parts = []
    reasons = package.readiness.reasons
    if reasons:
        words = ", ".join(t("span", f"rs_{r}") for r in reasons if r in REASONS)
        counts = t("span", "problems_count", package.errors, package.warnings)
        parts.append(el("span", t("span", "reasons"), " ", words, " · ", counts, class_="reasons"))
    got = package.collected
    if got:
        when = (got.at or "")[:10]
        parts.append(
            t(
                "span",
                "collected",
                got.seq,
                when,
                got.bundle,
                class_="collected",
                data_testid="collected",
            )
        )
    return el("span", *parts, class_="why") if parts else ""
