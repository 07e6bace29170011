"""Status JSON (`publisher report --format json`) → the dashboard: one self-contained HTML file.

The page is rendered here, in full, in the requested language: every number is in the HTML before
any script runs, so it reads (and prints) without JavaScript. The small inline script only switches
the language, filters the office table and opens the package lists; it reads the UI strings and the
status itself from two `<script type="application/json">` blocks, so the page also carries its data.
A Content-Security-Policy forbids every network load: the file works from disk, offline.

Assets (CSS, JS, the id/en strings) live in `publisher/dashboard_assets/`. Output is deterministic:
the same status gives the same bytes (the only date shown is the status's own `generated`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from html import escape
from importlib import resources
from typing import Any

LANGS = ("id", "en")
STATES = ("published", "outdated", "ready", "invalid", "incomplete")
KINDS = ("pdf", "xlsx", "csv", "narasi")
RANKING_TOP = 10
MONTHS = {
    "id": "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember",
    "en": "January February March April May June July August September October November December",
}
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "img-src data:; base-uri 'none'"
)
ICON = (
    "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E"
    "%3Crect x='3' y='13' width='26' height='16' rx='3' fill='%238c1d2a'/%3E"
    "%3Crect x='10' y='3' width='12' height='14' rx='1.5' fill='%23fff' stroke='%238c1d2a' "
    "stroke-width='2'/%3E%3Crect x='7' y='12' width='18' height='3' rx='1.5' fill='%23f2b632'/%3E"
    "%3C/svg%3E"
)
LOGO = (
    '<svg class="logo" viewBox="0 0 32 32" aria-hidden="true" focusable="false">'
    '<rect x="3" y="13" width="26" height="16" rx="3" fill="currentColor"/>'
    '<rect x="10" y="3" width="12" height="14" rx="1.5" fill="#fff" stroke="currentColor" '
    'stroke-width="2"/><path d="M13 9.5l2 2 4-4" fill="none" stroke="#1a7f4b" stroke-width="2"/>'
    '<rect x="7" y="12" width="18" height="3" rx="1.5" fill="#f2b632"/></svg>'
)


# --- assets and small HTML helpers -------------------------------------------------------------


@cache
def _asset(name: str) -> str:
    return (resources.files("publisher") / "dashboard_assets" / name).read_text(encoding="utf-8")


@cache
def strings() -> dict[str, dict[str, str]]:
    """The UI strings: key → {"id": ..., "en": ...}; `{0}`, `{1}` are filled with arguments."""
    data: dict[str, dict[str, str]] = json.loads(_asset("i18n.json"))
    return data


def _el(tag: str, *children: str, **attrs: Any) -> str:
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


def _width(part: int, whole: int) -> str:
    return f"width:{100 * part / whole:.2f}%" if whole else "width:0%"


def script_json(value: Any) -> str:
    """JSON safe inside <script>: no `<`, `>`, `&` or line separators as themselves."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


class _Text:
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
        return _el(tag, escape(self.plain(key, *args)), data_i18n=key, data_args=data_args, **attrs)

    def num(self, value: int, **attrs: Any) -> str:
        return _el("span", number(value, self.lang), data_n=value, **attrs)

    def both(self, tag: str, texts: Mapping[str, str], **attrs: Any) -> str:
        """Text given by the data in both languages (dates, the counting rule)."""
        return _el(tag, escape(texts[self.lang]), data_id=texts["id"], data_en=texts["en"], **attrs)


# --- the status, read ---------------------------------------------------------------------------


def package_state(package: Mapping[str, Any]) -> str:
    """One state per package, for the bars: invalid wins; then what the portal says; then ready."""
    if package["valid"] is False:
        return "invalid"
    if package["portal"] == "current":
        return "published"
    if package["portal"] == "outdated":
        return "outdated"
    return "ready" if package["ready"] else "incomplete"


def _states(packages: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    counts = dict.fromkeys(STATES, 0)
    for package in packages:
        counts[package_state(package)] += 1
    return counts


def _packages(offices: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return [package for office in offices for package in office["packages"]]


def _documents(totals: Mapping[str, Any]) -> int:
    docs = totals["documents"]
    return int(docs["pdf"] + docs["xlsx"] + docs["csv"])


def _when(stamp: str) -> dict[str, str]:
    """ "2026-11-23T10:00:00Z" → "23 November 2026, 10.00 UTC" / "23 November 2026, 10:00 UTC"."""
    try:
        date, time = stamp.rstrip("Z").split("T")
        year, month, day = (int(part) for part in date.split("-"))
        hour, minute = time.split(":")[:2]
        names = {lang: MONTHS[lang].split()[month - 1] for lang in LANGS}
    except (ValueError, IndexError):
        return {"id": stamp, "en": stamp}
    return {
        "id": f"{day} {names['id']} {year}, {hour}.{minute} UTC",
        "en": f"{day} {names['en']} {year}, {hour}:{minute} UTC",
    }


# --- the page -----------------------------------------------------------------------------------


def render(status: Mapping[str, Any], *, lang: str = "id") -> str:
    """The whole dashboard as one HTML document (see the module docstring)."""
    lang = lang if lang in LANGS else "id"
    t = _Text(lang)
    body = "\n".join(
        [
            _header(status, t),
            '<main id="isi" tabindex="-1">',
            _summary(status, t),
            _provinces(status, t),
            _offices(status, t),
            _ranking(status, t),
            _recap(status, t),
            _problems(status, t),
            "</main>",
            _footer(status, t),
        ]
    )
    return _page(status, t, body)


def _page(status: Mapping[str, Any], t: _Text, body: str) -> str:
    head = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="generator" content="kpu-publisher">',
        '<meta name="color-scheme" content="light">',
        _el("title", escape(t.plain("title"))),
        f'<link rel="icon" href="{ICON}">',
        f"<style>\n{_asset('dashboard.css')}</style>",
    ]
    scripts = [
        f'<script type="application/json" id="kpu-i18n">{script_json(strings())}</script>',
        f'<script type="application/json" id="kpu-status">{script_json(status)}</script>',
        f"<script>\n{_asset('dashboard.js')}</script>",
    ]
    return (
        f'<!DOCTYPE html>\n<html lang="{t.lang}" dir="ltr">\n<head>\n'
        + "\n".join(head)
        + "\n</head>\n<body>\n"
        + body
        + "\n"
        + "\n".join(scripts)
        + "\n</body>\n</html>\n"
    )


def _header(status: Mapping[str, Any], t: _Text) -> str:
    buttons = "".join(
        _el(
            "button",
            label,
            type="button",
            lang=code,
            data_lang=code,
            aria_pressed=str(code == t.lang).lower(),
        )
        for code, label in (("id", "Indonesia"), ("en", "English"))
    )
    portal = status.get("portal")
    portal_text = _el("code", escape(portal)) if portal else t("span", "portal_none")
    sections = ("summary", "provinces", "offices", "ranking", "recap", "problems")
    nav = "".join(_el("li", t("a", f"nav_{name}", href=f"#{name}")) for name in sections)
    return "\n".join(
        [
            t("a", "skip", href="#isi", class_="skip"),
            '<header class="top"><div class="wrap bar-top">',
            f'<p class="brand">{LOGO}{t("span", "brand")}</p>',
            _el(
                "div",
                buttons,
                class_="lang",
                role="group",
                aria_label=t.plain("lang_label"),
                data_i18n_attr="aria-label:lang_label",
                data_testid="lang",
            ),
            '</div><div class="wrap hero">',
            t("h1", "title", data_testid="title"),
            t("p", "subtitle", class_="lede"),
            _el(
                "p",
                t("span", "updated"),
                " ",
                t.both(
                    "time",
                    _when(str(status.get("generated", ""))),
                    datetime=status.get("generated"),
                ),
                ' <span aria-hidden="true">·</span> ',
                t("span", "portal"),
                " ",
                portal_text,
                class_="meta",
            ),
            "</div>",
            _el(
                "nav",
                _el("ul", nav, class_="wrap"),
                aria_label=t.plain("nav_label"),
                data_i18n_attr="aria-label:nav_label",
                class_="sections",
            ),
            "</header>",
        ]
    )


def _section(name: str, t: _Text, *content: str) -> str:
    title = t("h2", f"h_{name}", id=f"h-{name}")
    return _el(
        "section", title, *content, id=name, aria_labelledby=f"h-{name}", class_="wrap block"
    )


def _stack(states: Mapping[str, int], total: int, **attrs: Any) -> str:
    """A stacked bar of package states (decorative: the numbers are printed beside it)."""
    segments = "".join(
        _el("span", class_=f"seg s-{state}", style=_width(states[state], total))
        for state in STATES
        if states[state]
    )
    return _el("div", segments, class_="stack", aria_hidden="true", **attrs)


def _legend(t: _Text, counts: Mapping[str, int] | None = None) -> str:
    items = []
    for state in STATES:
        count = "" if counts is None else " " + t.num(counts[state], data_testid=f"state-{state}")
        items.append(
            _el("li", f'<span class="sw s-{state}"></span>', t("span", f"st_{state}"), count)
        )
    return _el(
        "ul",
        "".join(items),
        class_="legend",
        aria_label=t.plain("legend"),
        data_i18n_attr="aria-label:legend",
    )


def _card(t: _Text, key: str, big: str, *notes: str, accent: str, bad: bool = False) -> str:
    figure = _el("p", big, class_="big bad" if bad else "big")
    return _el("article", t("h3", key), figure, *notes, class_=f"card c-{accent}")


def _summary(status: Mapping[str, Any], t: _Text) -> str:
    totals = status["totals"]
    docs, packages = totals["documents"], totals["packages"]
    by_kind = " · ".join(
        f"{kind.upper()} {t.num(docs[kind], data_testid=f'total-{kind}')}" for kind in KINDS[:3]
    )
    if status.get("portal"):
        published = t.num(totals["published_current"], data_testid="total-published")
        published_note = t(
            "p",
            "published_note",
            totals["published_outdated"],
            totals["unpublished"],
            class_="note",
        )
    else:
        published = '<span data-testid="total-published">–</span>'
        published_note = t("p", "portal_none", class_="note")
    meter = _el(
        "div",
        _el("span", style=_width(totals["ready"], packages)),
        class_="meter",
        aria_hidden="true",
    )
    cards = [
        _card(
            t,
            "card_docs",
            t.num(_documents(totals), data_testid="total-documents"),
            _el("p", by_kind, class_="note"),
            accent="docs",
        ),
        _card(
            t,
            "card_ready",
            t.num(totals["ready"], data_testid="total-ready"),
            t("p", "of_packages", packages, percent(totals["ready"], packages), class_="note"),
            meter,
            accent="ready",
        ),
        _card(t, "card_published", published, published_note, accent="published"),
        _card(
            t,
            "card_invalid",
            t.num(totals["invalid"], data_testid="total-invalid"),
            t("p", "invalid_note", totals["valid"], class_="note"),
            accent="invalid",
            bad=totals["invalid"] > 0,
        ),
    ]
    states = _states(_packages(o for p in status["provinces"] for o in p["offices"]))
    charts = _el("div", _kinds_chart(docs, t), _donut(states, packages, t), class_="charts")
    return _section("summary", t, _el("div", "".join(cards), class_="cards"), charts)


def _kinds_chart(docs: Mapping[str, int], t: _Text) -> str:
    most = max([docs[kind] for kind in KINDS] + [1])
    rows = "".join(
        _el(
            "li",
            t("span", f"kind_{kind}", class_="k-label"),
            _el(
                "span",
                _el("span", class_=f"k-fill k-{kind}", style=_width(docs[kind], most)),
                class_="k-track",
                aria_hidden="true",
            ),
            t.num(docs[kind], class_="k-num"),
        )
        for kind in KINDS
    )
    return _el("figure", t("figcaption", "h_docs"), _el("ul", rows, class_="kinds"), class_="panel")


def _donut(states: Mapping[str, int], total: int, t: _Text) -> str:
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
    body = _el("div", svg, _legend(t, states), class_="donut-wrap")
    return _el("figure", t("figcaption", "h_states"), body, class_="panel")


def _provinces(status: Mapping[str, Any], t: _Text) -> str:
    items = []
    for prov in status["provinces"]:
        totals, kode = prov["totals"], prov["kode"]
        states = _states(_packages(prov["offices"]))
        stats = [
            ("card_offices", t.num(len(prov["offices"]))),
            ("col_documents", t.num(_documents(totals), data_testid=f"prov-{kode}-documents")),
            (
                "col_ready",
                t.num(totals["ready"], data_testid=f"prov-{kode}-ready")
                + " / "
                + t.num(totals["packages"]),
            ),
            ("col_published", t.num(totals["published_current"])),
        ]
        head = _el(
            "div",
            _el("a", escape(prov["nama"]), href=f"#prov={kode}", class_="prov-name"),
            t("span", "prov_ready_pct", percent(totals["ready"], totals["packages"]), class_="pct"),
            class_="prov-head",
        )
        dl = "".join(_el("div", t("dt", key), _el("dd", value)) for key, value in stats)
        items.append(
            _el(
                "li",
                head,
                _stack(states, totals["packages"]),
                _el("dl", dl),
                class_="prov",
                data_testid=f"prov-{kode}",
            )
        )
    intro = t("p", "provinces_intro", class_="intro")
    return _section("provinces", t, intro, _legend(t), _el("ol", "".join(items), class_="provs"))


# --- offices: filters, table, package lists -------------------------------------------------------

OFFICE_COLUMNS = ("pdf", "xlsx", "csv", "narasi", "packages", "ready", "invalid", "published")
COLUMN_KEYS = {
    "narasi": "narasi",
    "packages": "col_packages",
    "ready": "col_ready",
    "invalid": "col_invalid",
    "published": "col_published",
}


def _column(t: _Text, column: str) -> tuple[str, str]:
    """(header HTML, data-label attributes) for an office-table column."""
    if column in COLUMN_KEYS:
        key = COLUMN_KEYS[column]
        return t("span", key), f"data-label:{key}"
    return column.upper(), ""


def _filters(status: Mapping[str, Any], t: _Text) -> str:
    options = t("option", "filter_prov_all", value="") + "".join(
        _el("option", escape(f"{p['nama']}"), value=p["kode"]) for p in status["provinces"]
    )
    statuses = "".join(
        t("option", key, value=value)
        for value, key in (
            ("", "filter_status_all"),
            ("ready", "filter_ready"),
            ("invalid", "filter_invalid"),
            ("unpublished", "filter_unpublished"),
        )
    )
    search = _el(
        "input",
        type="search",
        id="f-q",
        name="q",
        autocomplete="off",
        placeholder=t.plain("filter_search_hint"),
        data_i18n_attr="placeholder:filter_search_hint",
    )
    fields = [
        _el(
            "div",
            t("label", "filter_prov", for_="f-prov"),
            _el("select", options, id="f-prov", name="prov"),
            class_="field",
        ),
        _el(
            "div",
            t("label", "filter_status", for_="f-status"),
            _el("select", statuses, id="f-status", name="status"),
            class_="field",
        ),
        _el("div", t("label", "filter_search", for_="f-q"), search, class_="field grow"),
        t("button", "filter_reset", type="reset", class_="reset"),
    ]
    return _el("form", *fields, class_="filters", role="search", data_testid="filters")


def _offices(status: Mapping[str, Any], t: _Text) -> str:
    heads = [
        _el("th", t("span", "col_office"), scope="col"),
        _el("th", t("span", "col_province"), scope="col", class_="c-prov"),
    ]
    for column in OFFICE_COLUMNS:
        heads.append(_el("th", _column(t, column)[0], scope="col", class_="num"))
    heads.append(_el("th", t("span", "col_progress"), scope="col", class_="c-bar"))
    bodies, index = [], 0
    for prov in status["provinces"]:
        for office in prov["offices"]:
            index += 1
            bodies.append(_office_rows(prov, office, t, index))
    table = _el(
        "table",
        _el("thead", _el("tr", "".join(heads))),
        "".join(bodies),
        class_="offices",
        data_testid="offices-table",
    )
    shown = t("p", "shown", index, index, id="shown", aria_live="polite", data_testid="shown")
    empty = t("p", "no_match", id="no-match", class_="empty", hidden=True)
    return _section(
        "offices", t, _filters(status, t), shown, _el("div", table, class_="table-wrap"), empty
    )


def _office_rows(prov: Mapping[str, Any], office: Mapping[str, Any], t: _Text, index: int) -> str:
    totals, packages = office["totals"], office["packages"]
    values = dict(totals["documents"], **{k: totals[k] for k in ("packages", "ready", "invalid")})
    values["published"] = totals["published_current"]
    cells = []
    for column in OFFICE_COLUMNS:
        label_key = _column(t, column)[1]
        label = t.plain(label_key.split(":")[1]) if label_key else column.upper()
        cells.append(
            _el(
                "td",
                t.num(values[column]),
                class_=f"num v-{column}",
                data_label=label,
                data_i18n_attr=label_key or None,
            )
        )
    detail = f"pk-{index}"
    button = _el(
        "button",
        '<span class="chev" aria-hidden="true"></span>',
        _el("span", escape(office["nama"]), class_="oname"),
        type="button",
        class_="disclose",
        aria_expanded="false",
        aria_controls=detail,
    )
    name = _el("th", button, _el("span", escape(office["unit_kerja"]), class_="ucode"), scope="row")
    states = _states(packages)
    pct = _el("span", percent(totals["ready"], totals["packages"]), class_="pct")
    progress = _el(
        "td", _el("div", _stack(states, len(packages)), pct, class_="prog"), class_="c-bar"
    )
    main = _el("tr", name, _el("td", escape(prov["nama"]), class_="c-prov"), *cells, progress)
    listing = _package_list(packages, t)
    extra = _el(
        "tr",
        _el("td", listing, colspan=len(OFFICE_COLUMNS) + 3),
        id=detail,
        class_="detail",
        hidden=True,
    )
    search = " ".join([office["nama"], office["unit_kerja"], office["kode"], prov["nama"]]).lower()
    return _el(
        "tbody",
        main,
        extra,
        class_="office",
        data_office=office["unit_kerja"],
        data_prov=prov["kode"],
        data_ready=totals["ready"],
        data_invalid=totals["invalid"],
        data_unpublished=sum(1 for p in packages if p["portal"] != "current"),
        data_search=search,
        data_testid="office-row",
    )


def _package_list(packages: Sequence[Mapping[str, Any]], t: _Text) -> str:
    if not packages:
        return t("p", "no_packages", class_="empty")
    items = []
    for package in packages:
        state = package_state(package)
        docs = package["documents"]
        files = " · ".join(f"{kind.upper()} {t.num(docs[kind])}" for kind in KINDS[:3])
        files += " · " + t("span", "narasi") + " " + t.num(docs["narasi"])
        if package["url"]:
            link = t("a", "open_portal", href=package["url"], class_="portal-link")
        else:
            link = t("span", "not_on_portal", class_="muted")
        title = escape(f"{package['kode_tahapan']} · {package['jenis_dokumen']}")
        items.append(
            _el(
                "li",
                t("span", f"st_{state}", class_=f"badge b-{state}"),
                _el("strong", title),
                _el("span", files, class_="files"),
                _el("code", escape(package["name"] or package["path"])),
                link,
                class_="pkg",
            )
        )
    return t("h3", "packages_toggle", class_="sr-only") + _el("ul", "".join(items), class_="pkgs")


# --- ranking, recap, problems, footer ------------------------------------------------------------


def _rule_texts(rule: str) -> dict[str, str]:
    """The counting rule in both languages when it is the report's own text, else as given."""
    from publisher.report import COUNTING_RULE

    return dict(COUNTING_RULE) if rule in COUNTING_RULE.values() else dict.fromkeys(LANGS, rule)


def _ranking(status: Mapping[str, Any], t: _Text) -> str:
    rows = status["ranking"]
    most = max([row["documents"] for row in rows] + [1])
    body = []
    for position, row in enumerate(rows):
        medal = f" m{row['rank']}" if row["rank"] <= 3 else ""
        bar = _el(
            "span",
            _el("span", style=_width(row["documents"], most)),
            class_="r-track",
            aria_hidden="true",
        )
        cells = [
            _el("td", _el("span", str(row["rank"]), class_=f"medal{medal}"), class_="c-rank"),
            _el(
                "th",
                _el("span", escape(row["nama"]), class_="oname"),
                _el("span", escape(row["provinsi"]), class_="ucode"),
                scope="row",
            ),
            _el("td", bar, t.num(row["documents"], class_="r-num"), class_="c-count"),
            *(_el("td", t.num(row[kind]), class_="num c-kind") for kind in KINDS[:3]),
        ]
        more = position >= RANKING_TOP
        body.append(
            _el("tr", *cells, class_="more" if more else None, hidden=more, data_testid="rank-row")
        )
    heads = [
        t("th", "col_rank", scope="col"),
        t("th", "col_office", scope="col"),
        t("th", "col_documents", scope="col"),
    ]
    heads += [_el("th", kind.upper(), scope="col", class_="num c-kind") for kind in KINDS[:3]]
    table = _el(
        "table",
        _el("thead", _el("tr", "".join(heads))),
        _el("tbody", "".join(body)),
        class_="ranking",
        data_testid="ranking",
    )
    rule = _el(
        "p",
        t("strong", "rule"),
        " ",
        t.both("span", _rule_texts(status["counting_rule"])),
        class_="rule",
        data_testid="counting-rule",
    )
    toggle = ""
    if len(rows) > RANKING_TOP:
        toggle = t(
            "button",
            "ranking_more",
            len(rows),
            type="button",
            id="rank-toggle",
            aria_expanded="false",
            data_more="ranking_more",
            data_less="ranking_less",
        )
    return _section("ranking", t, rule, _el("div", table, class_="table-wrap"), toggle)


def _recap(status: Mapping[str, Any], t: _Text) -> str:
    names = {o["unit_kerja"]: o["nama"] for p in status["provinces"] for o in p["offices"]}
    parts = [t("p", "recap_intro", class_="intro")]
    if not status["recap"]:
        parts.append(t("p", "recap_none", class_="empty"))
    for recap in status["recap"]:
        title = _el("h3", escape(recap["provinsi"]), " ", _el("code", escape(recap["file"])))
        if recap["differences"]:
            body = _el("div", _recap_table(recap["differences"], names, t), class_="table-wrap")
        else:
            body = t("p", "recap_ok", class_="ok")
        parts.append(_el("div", title, body, class_="recap"))
    return _section("recap", t, *parts)


RECAP_COLUMNS = ("col_office", "col_column", "col_recap", "col_counted", "col_difference")


def _recap_table(
    differences: Sequence[Mapping[str, Any]], names: Mapping[str, str], t: _Text
) -> str:
    """One row per difference; cells carry their column's name for the phone layout."""

    def cell(key: str, content: str, cls: str | None = "num") -> str:
        return _el(
            "td", content, class_=cls, data_label=t.plain(key), data_i18n_attr=f"data-label:{key}"
        )

    rows = "".join(
        _el(
            "tr",
            _el("th", escape(names.get(d["unit_kerja"], d["unit_kerja"])), scope="row"),
            cell("col_column", escape(str(d["column"]).upper()), None),
            cell("col_recap", t.num(d["recap"])),
            cell("col_counted", t.num(d["counted"])),
            cell("col_difference", _signed(d["counted"] - d["recap"], t.lang), "num diff"),
        )
        for d in differences
    )
    heads = "".join(
        t("th", key, scope="col", class_="num" if index > 1 else None)
        for index, key in enumerate(RECAP_COLUMNS)
    )
    return _el(
        "table",
        _el("thead", _el("tr", heads)),
        _el("tbody", rows),
        class_="diffs",
        data_testid="recap-table",
    )


def _signed(value: int, lang: str) -> str:
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return _el("span", sign + number(abs(value), lang), data_n=value, data_signed="1")


def _problems(status: Mapping[str, Any], t: _Text) -> str:
    blocks = []
    for prov in status["provinces"]:
        for office in prov["offices"]:
            found = [(p, x) for p in office["packages"] for x in p["problems"]]
            if found:
                blocks.append(_office_problems(prov, office, found, t))
    body = "".join(blocks) if blocks else t("p", "problems_none", class_="ok")
    return _section("problems", t, t("p", "problems_intro", class_="intro"), body)


def _office_problems(
    prov: Mapping[str, Any],
    office: Mapping[str, Any],
    found: Sequence[tuple[Mapping[str, Any], Mapping[str, Any]]],
    t: _Text,
) -> str:
    errors = sum(1 for _, problem in found if problem["severity"] == "error")
    items = "".join(
        _el(
            "li",
            t("span", f"sev_{problem['severity']}", class_=f"sev sev-{problem['severity']}"),
            _el("code", escape(problem["code"])),
            " ",
            _el("span", escape(problem["message"]), class_="msg"),
            _el("code", escape(problem.get("path") or package["path"]), class_="path"),
        )
        for package, problem in found
    )
    summary = _el(
        "summary",
        _el("span", escape(office["nama"]), class_="oname"),
        _el("span", escape(prov["nama"]), class_="ucode"),
        t(
            "span",
            "problems_count",
            errors,
            len(found) - errors,
            class_="count" if errors else "count warn",
        ),
    )
    return _el(
        "details",
        summary,
        _el("ul", items, class_="problems"),
        class_="probs office-probs",
        data_office=office["unit_kerja"],
        data_prov=prov["kode"],
        data_ready=office["totals"]["ready"],
        data_invalid=office["totals"]["invalid"],
        data_unpublished=sum(1 for p in office["packages"] if p["portal"] != "current"),
        data_search=" ".join([office["nama"], office["unit_kerja"], prov["nama"]]).lower(),
    )


def _footer(status: Mapping[str, Any], t: _Text) -> str:
    made = _el("p", t("span", "footer_made"), " ", _el("code", escape(str(status["root"]))))
    return _el("footer", _el("div", made, t("p", "footer_offline"), class_="wrap"), class_="foot")
