"""Status → the whole dashboard page: head, header, the sections in order, footer, embedded data.

`render` is the one entry point (re-exported as `publisher.dashboard.render`). The page shell holds
what is not a section: the Content-Security-Policy that forbids every network load, the inline
icon and logo, the language buttons, the date the status was generated (in both languages), and the
two `<script type="application/json">` blocks with the UI strings and the status itself.
"""

from __future__ import annotations

from html import escape

from publisher.dashboard.findings import problems, ranking, recap
from publisher.dashboard.markup import LANGS, Text, asset, el, script_json, strings
from publisher.dashboard.offices import offices
from publisher.dashboard.overview import provinces, summary
from publisher.report.types import Status

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


def render(status: Status, *, lang: str = "id") -> str:
    """The whole dashboard as one HTML document (see the module docstring)."""
    lang = lang if lang in LANGS else "id"
    t = Text(lang)
    body = "\n".join(
        [
            _header(status, t),
            '<main id="isi" tabindex="-1">',
            summary(status, t),
            provinces(status, t),
            offices(status, t),
            ranking(status, t),
            recap(status, t),
            problems(status, t),
            "</main>",
            _footer(status, t),
        ]
    )
    return _page(status, t, body)


def _page(status: Status, t: Text, body: str) -> str:
    head = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="generator" content="kpu-publisher">',
        '<meta name="color-scheme" content="light">',
        el("title", escape(t.plain("title"))),
        f'<link rel="icon" href="{ICON}">',
        f"<style>\n{asset('dashboard.css')}</style>",
    ]
    scripts = [
        f'<script type="application/json" id="kpu-i18n">{script_json(strings())}</script>',
        f'<script type="application/json" id="kpu-status">{script_json(status.to_dict())}</script>',
        f"<script>\n{asset('dashboard.js')}</script>",
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


def _header(status: Status, t: Text) -> str:
    """The skip link and the page's header: brand, language buttons, title, meta line, nav."""
    return "\n".join(
        [
            t("a", "skip", href="#isi", class_="skip"),
            '<header class="top"><div class="wrap bar-top">',
            f'<p class="brand">{LOGO}{t("span", "brand")}</p>',
            _language_buttons(t),
            '</div><div class="wrap hero">',
            t("h1", "title", data_testid="title"),
            t("p", "subtitle", class_="lede"),
            _meta(status, t),
            "</div>",
            _nav(t),
            "</header>",
        ]
    )


def _language_buttons(t: Text) -> str:
    """The group of language buttons, the page's own language pressed."""
    buttons = "".join(
        el(
            "button",
            label,
            type="button",
            lang=code,
            data_lang=code,
            aria_pressed=str(code == t.lang).lower(),
        )
        for code, label in (("id", "Indonesia"), ("en", "English"))
    )
    return el(
        "div",
        buttons,
        class_="lang",
        role="group",
        aria_label=t.plain("lang_label"),
        data_i18n_attr="aria-label:lang_label",
        data_testid="lang",
    )


def _meta(status: Status, t: Text) -> str:
    """The line under the title: when the status was generated and which portal was asked."""
    portal = status.portal
    portal_text = el("code", escape(portal)) if portal else t("span", "portal_none")
    return el(
        "p",
        t("span", "updated"),
        " ",
        t.both(
            "time",
            _when(status.generated),
            datetime=status.generated,
        ),
        ' <span aria-hidden="true">·</span> ',
        t("span", "portal"),
        " ",
        portal_text,
        class_="meta",
    )


def _nav(t: Text) -> str:
    """The navigation bar: one link per section of the page."""
    sections = ("summary", "provinces", "offices", "ranking", "recap", "problems")
    nav = "".join(el("li", t("a", f"nav_{name}", href=f"#{name}")) for name in sections)
    return el(
        "nav",
        el("ul", nav, class_="wrap"),
        aria_label=t.plain("nav_label"),
        data_i18n_attr="aria-label:nav_label",
        class_="sections",
    )


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


def _footer(status: Status, t: Text) -> str:
    made = el("p", t("span", "footer_made"), " ", el("code", escape(status.root)))
    return el("footer", el("div", made, t("p", "footer_offline"), class_="wrap"), class_="foot")
