"""Every could-not-run error speaks Bahasa Indonesia by default and English with `--lang en`.

`PublisherError` and its subclasses take the Indonesian text first and the English as `en=` /
`hint_en=`; an error made without `en=` would show its one text in both languages. The first
test reads the source of `publisher/` (no import, no run) and finds every call that makes such
an error: `raise ConfigError(...)`, a helper's `return PortalError(...)`, and the subclasses the
package defines (`ckan.Unavailable`, `datastore.LoadError`, ...), each checked by the arguments
its own `__init__` takes.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from publisher.cli import main
from publisher.config import load_config
from publisher.errors import ConfigError, PublisherError

PACKAGE = Path(__file__).resolve().parents[1] / "publisher"
ROOTS = frozenset({"PublisherError", "ConfigError", "InputError", "PortalError"})

# Calls not translated yet, in files another engineer is editing: (file under publisher/, the
# first 40 characters of the call's source with its whitespace folded to single spaces). Only
# these exact calls are let through; remove an entry when its call passes en= (an entry that
# matches no call any more fails `test_the_pending_list_is_current`).
PENDING: frozenset[tuple[str, str]] = frozenset()


@dataclass
class ErrorClass:
    name: str
    bases: list[str]
    init: ast.FunctionDef | None


@dataclass
class Site:
    file: str  # relative to publisher/
    line: int
    call: ast.Call
    source: str = field(repr=False)

    @property
    def key(self) -> tuple[str, str]:
        return (self.file, " ".join(self.source.split())[:40])

    def where(self) -> str:
        return f"publisher/{self.file}:{self.line}: {self.key[1]}"


def _modules() -> dict[str, tuple[str, ast.Module]]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        out[path.relative_to(PACKAGE).as_posix()] = (text, ast.parse(text, filename=str(path)))
    return out


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _classes(modules: dict[str, tuple[str, ast.Module]]) -> dict[str, ErrorClass]:
    """Every class in publisher/ that is (transitively) one of ROOTS, by name."""
    found: dict[str, ErrorClass] = {}
    for _text, tree in modules.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                init = next(
                    (
                        f
                        for f in node.body
                        if isinstance(f, ast.FunctionDef) and f.name == "__init__"
                    ),
                    None,
                )
                found[node.name] = ErrorClass(node.name, [_name(b) for b in node.bases], init)
    errors = {n: c for n, c in found.items() if n in ROOTS}
    grown = True
    while grown:
        more = {n: c for n, c in found.items() if n not in errors and set(c.bases) & set(errors)}
        errors.update(more)
        grown = bool(more)
    return errors


def _takes_en(name: str, classes: dict[str, ErrorClass]) -> bool:
    """Whether the class is made with `en=` (else its `__init__` writes both languages)."""
    cls = classes[name]
    if cls.init is not None:
        args = cls.init.args
        return "en" in {a.arg for a in [*args.args, *args.kwonlyargs]}
    return _takes_en(next(b for b in cls.bases if b in classes), classes)


def _keywords(call: ast.Call) -> set[str]:
    return {k.arg for k in call.keywords if k.arg is not None}


def _gaps(call: ast.Call) -> list[str]:
    given = _keywords(call)
    gaps = [] if "en" in given else ["no en="]
    if "hint" in given and "hint_en" not in given:
        gaps.append("hint= without hint_en=")  # the English would show the Indonesian hint
    return gaps


def _sites() -> tuple[list[tuple[Site, list[str]]], dict[str, ErrorClass]]:
    """(each call making an error, what it lacks) and the error classes found."""
    modules = _modules()
    classes = _classes(modules)
    out = []
    for file, (text, tree) in modules.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and node.name in classes:
                init = classes[node.name].init
                if init is None or _takes_en(node.name, classes):
                    continue
                # an __init__ that builds the text itself must pass both languages on
                for call in ast.walk(init):
                    if isinstance(call, ast.Call) and _name(call.func) == "__init__":
                        site = Site(
                            file, call.lineno, call, ast.get_source_segment(text, call) or ""
                        )
                        out.append((site, _gaps(call)))
            elif isinstance(node, ast.Call) and _name(node.func) in classes:
                if not _takes_en(_name(node.func), classes):
                    continue
                site = Site(file, node.lineno, node, ast.get_source_segment(text, node) or "")
                out.append((site, _gaps(node)))
    return out, classes


def test_the_walk_finds_the_errors() -> None:
    """The check is not vacuous: it sees the raise sites and the subclasses it must see."""
    sites, classes = _sites()
    assert {"Unavailable", "ActionFailed", "NotAuthorized", "LoadError"} <= set(classes)
    files = {site.file for site, _ in sites}
    assert {"config.py", "regions.py", "ckan.py", "sync/local.py", "changes.py"} <= files
    assert len(sites) >= 50


def test_every_error_has_its_english() -> None:
    sites, _ = _sites()
    lacking = [
        f"{site.where()} ({', '.join(gaps)})"
        for site, gaps in sorted(sites, key=lambda s: (s[0].file, s[0].line))
        if gaps and site.key not in PENDING
    ]
    assert not lacking, (
        "errors without their English (give the Indonesian first, the English as en=/hint_en=):\n"
        + "\n".join(lacking)
    )


def test_the_pending_list_is_current() -> None:
    sites, _ = _sites()
    still = {site.key for site, gaps in sites if gaps}
    done = sorted(PENDING - still)
    assert not done, f"translated (or moved): remove from PENDING: {done}"


# --- behaviour ---------------------------------------------------------------------------------


def test_a_missing_config_folder_speaks_both_languages(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(PublisherError) as caught:
        load_config(missing)
    error = caught.value
    assert isinstance(error, ConfigError) and error.file == str(missing / "publisher.yaml")
    where = f"{missing / 'publisher.yaml'}: "
    indonesian, english = error.text("id"), error.text("en")
    assert indonesian.startswith(f"{where}berkas tidak ditemukan\n  → jalankan dari folder utama")
    assert "--config DIR" in indonesian and "KPU_PUBLISHER_CONFIG" in indonesian
    assert "not found" not in indonesian and "run from" not in indonesian
    assert english.startswith(f"{where}file not found\n  → run from the repository root")
    assert "--config DIR" in english and "KPU_PUBLISHER_CONFIG" in english
    assert "berkas" not in english and "jalankan" not in english
    assert str(error) == indonesian  # what a message without a language shows


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ((), "galat: {where}: berkas tidak ditemukan\n  → jalankan dari"),
        (("--lang", "id"), "galat: {where}: berkas tidak ditemukan\n  → jalankan dari"),
        (("--lang", "en"), "error: {where}: file not found\n  → run from the repository root"),
    ],
)
def test_the_cli_shows_the_error_in_the_chosen_language(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    lang: tuple[str, ...],
    expected: str,
) -> None:
    monkeypatch.delenv("KPU_PUBLISHER_CONFIG", raising=False)
    missing = tmp_path / "nowhere"
    with pytest.raises(SystemExit) as caught:
        main(["--config", str(missing), *lang, "scan", str(tmp_path)])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(expected.format(where=missing / "publisher.yaml")), err
    assert "Traceback" not in err
